"""Email at scale: one message to many generated recipients through a local SMTP server.

    python -m bench.mail --recipients 10000

A database of its own (PostgreSQL when DATABASE_URL names a server, else a temporary SQLite
file), migrated; one message queued to N recipients; an SMTP server (aiosmtpd) on a loopback
port; one worker (``manage.py run_worker --batch``) until the queue is empty. It reports the
time, the worker's peak memory (its maximum resident set size), the sending rate, and whether
every recipient got exactly one message. ``tests/outbox/test_worker.py`` uses the same parts
to kill a worker mid-batch.
"""

import argparse
import collections
import contextlib
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def log(message):
    print(message, flush=True)  # noqa: T201


def base_environment():
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("NEWSROOM_", "EMAIL_", "DJANGO_")) and key != "DEBUG"
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        DEBUG="1",
        NEWSROOM_BASE_URL="https://news.example.org",
        SECRET_KEY=secrets.token_urlsafe(50),
        LOG_LEVEL="ERROR",
    )
    environment.pop("REDIS_URL", None)
    return environment


@contextlib.contextmanager
def fresh_database(server_url=None):
    """A migrated, empty database of its own: yields its DATABASE_URL, and drops it after."""
    server_url = server_url if server_url is not None else os.environ.get("DATABASE_URL", "")
    if server_url.startswith("postgres"):
        name = f"newsroom_mail_{secrets.token_hex(4)}"
        parts = urlsplit(server_url)
        admin = urlunsplit(parts._replace(path="/postgres"))
        own = urlunsplit(parts._replace(path=f"/{name}"))
        _psql(admin, f'CREATE DATABASE "{name}"')
        try:
            _migrate(own)
            yield own
        finally:
            _psql(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        with tempfile.TemporaryDirectory() as folder:
            url = f"sqlite:///{folder}/mail.sqlite3"
            _migrate(url)
            yield url


def _psql(url, sql):
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(sql)


def _migrate(database_url):
    manage("migrate", "--no-input", database_url=database_url)


def manage(*arguments, database_url, check=True, **variables):
    environment = {**base_environment(), "DATABASE_URL": database_url, **variables}
    return subprocess.run(  # noqa: S603 -- our own command with fixed arguments
        [PYTHON, "manage.py", *arguments],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=check,
    )


def queue_message(database_url, recipients):
    """Queue one notice to ``recipients`` generated addresses; returns the message's id."""
    code = (
        "from bench.mail import _queue; import sys; "
        f"sys.stdout.write(str(_queue({int(recipients)})))"
    )
    return int(run_code(database_url, code))


def run_code(database_url, code):
    """Run ``code`` in a set-up Django process on ``database_url``; its last line of output."""
    result = subprocess.run(  # noqa: S603 -- our own code
        [PYTHON, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env={**base_environment(), "DATABASE_URL": database_url},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip().splitlines()[-1]


def _queue(count):
    from outbox.services import Recipient, send_email

    recipients = [
        Recipient(
            key=f"bench:{number}",
            email=address(number),
            name=f"Journalist {number}",
            language="es" if number % 3 == 0 else "en",
            unsubscribe_url=f"https://news.example.org/unsubscribe/{number}/",
        )
        for number in range(count)
    ]
    message = send_email(
        kind="bench.notice",
        template="outbox/email/notice",
        recipients=recipients,
        context={
            "subject": "Police officers trained by UNODC in Mexico are recognized",
            "lines": ["Morelia, 12 January 2021.", "Two officers received the award."],
            "link_url": "https://news.example.org/stories/officers-recognized/",
            "link_text": "Read the release",
        },
    )
    return message.pk


def address(number):
    return f"journalist{number}@example.org"


def start_worker(database_url, smtp_port, **variables):
    environment = {
        **base_environment(),
        "DATABASE_URL": database_url,
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        **variables,
    }
    output = tempfile.TemporaryFile(mode="w+")
    worker = subprocess.Popen(  # noqa: S603 -- our own command with fixed arguments
        [PYTHON, "manage.py", "run_worker", "--batch"],
        cwd=ROOT,
        env=environment,
        stdout=output,
        stderr=subprocess.STDOUT,
        text=True,
    )
    worker.output = output
    return worker


def wait_for(worker, *, timeout):
    """Wait for the worker to exit; returns its peak resident memory in KiB and its output."""
    deadline = time.monotonic() + timeout
    peak = 0
    while worker.poll() is None:
        peak = max(peak, _peak_memory_kib(worker.pid))
        if time.monotonic() > deadline:
            worker.kill()
            worker.wait()
            raise TimeoutError("The worker did not finish in time.")
        time.sleep(0.2)
    worker.output.seek(0)
    return peak, worker.output.read()


def _peak_memory_kib(pid):
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def deliveries_by_status(database_url):
    code = (
        "from outbox.models import Delivery; from django.db.models import Count; import json, sys;"
        " sys.stdout.write(json.dumps(dict(Delivery.objects.values_list('status')"
        ".annotate(n=Count('pk')).values_list('status', 'n'))))"
    )
    return json.loads(run_code(database_url, code))


def copies_per_recipient(messages):
    return collections.Counter(
        str(message["To"]).rsplit("<", 1)[-1].rstrip(">") for message in messages
    )


def main():
    from tests.smtp import SMTPServer

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipients", type=int, default=10_000)
    parser.add_argument("--rate", type=float, default=0, help="NEWSROOM_EMAIL_RATE for the worker")
    options = parser.parse_args()
    with fresh_database() as database_url:
        engine = "PostgreSQL" if database_url.startswith("postgres") else "SQLite"
        log(f"Queuing one message to {options.recipients:,} recipients ({engine})…")
        queue_message(database_url, options.recipients)
        with SMTPServer() as server:
            started = time.monotonic()
            worker = start_worker(database_url, server.port, NEWSROOM_EMAIL_RATE=str(options.rate))
            memory_kib, output = wait_for(worker, timeout=3600)
            elapsed = time.monotonic() - started
            if worker.returncode != 0:
                log(output)
                raise SystemExit("The worker failed.")
            copies = copies_per_recipient(server.messages)
        statuses = deliveries_by_status(database_url)
    expected = {address(number) for number in range(options.recipients)}
    exactly_once = set(copies) == expected and set(copies.values()) == {1}
    log(f"Recipients:          {options.recipients:,}")
    log(f"Messages received:   {len(server.messages):,}")
    log(f"Time:                {elapsed:.1f} s ({len(server.messages) / elapsed:.0f} messages/s)")
    log(f"Worker peak memory:  {memory_kib / 1024:.0f} MiB (maximum resident set size)")
    log(f"Delivery rows:       {statuses}")
    log(f"Exactly once:        {'yes' if exactly_once else 'NO'}")
    if not exactly_once:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
