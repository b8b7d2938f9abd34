"""Query plans for every page the benchmark loads: ``python -m bench.plans OUTPUT``.

Each page is requested once in this process (page cache off), every query it ran is explained
with ``EXPLAIN (ANALYZE, BUFFERS)`` on the benchmark database, and the plans are written to
OUTPUT with a summary: how many queries each page runs and how long PostgreSQL took for them.
"""

import re
import sys

EXECUTION_TIME = re.compile(r"Execution Time: ([\d.]+) ms")


def explain_pages(output_path):
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.pages import addresses

    client = Client(HTTP_HOST="127.0.0.1")
    summary, sections = [], []
    for page in addresses():
        if page["path"] is None or page["name"] in ("bare view", "RSS feed, 304"):
            continue
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page["path"])
        total = 0.0
        section = [f"## {page['name']}: {page['path']} ({response.status_code})", ""]
        # Reads only: a page may also set how its reads are planned (search/planning.py).
        reads = [
            query
            for query in queries.captured_queries
            if query["sql"].lstrip().upper().startswith(("SELECT", "WITH"))
        ]
        with connection.cursor() as cursor:
            for number, query in enumerate(reads, start=1):
                cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {query['sql']}")
                plan = "\n".join(row[0] for row in cursor.fetchall())
                milliseconds = float(EXECUTION_TIME.search(plan)[1])
                total += milliseconds
                section += [f"### Query {number} ({milliseconds:.3f} ms)", query["sql"], plan, ""]
        summary.append(f"{page['name']:<24} {len(reads):>2} queries  {total:8.3f} ms in PostgreSQL")
        sections.append("\n".join(section))
    with open(output_path, "w", encoding="utf-8") as output:
        output.write("# Query plans\n\n" + "\n".join(summary) + "\n\n" + "\n\n".join(sections))
    return summary


if __name__ == "__main__":
    for line in explain_pages(sys.argv[1]):
        print(line)  # noqa: T201
