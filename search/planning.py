"""Plans made for each search's own words."""

from contextlib import contextmanager

from django.db import connections, transaction


@contextmanager
def planned_for_each_search(using):
    """Have PostgreSQL plan the queries run inside for their own values, every time.

    A connection prepares the statements it repeats (settings: server-side binding), and after a
    few runs PostgreSQL may keep one generic plan, made without the values. For a search that
    plan cannot know how many documents the words match or how new they are, and at 100,000
    stories it came out seven times slower than the plan made for the values (``make bench``:
    from 45 ms to over 300 ms in one process). Planning a search costs about a millisecond.
    """
    connection = connections[using]
    if connection.vendor != "postgresql":
        yield
        return
    # SET LOCAL lasts until the transaction ends, so the setting never outlives the search.
    with transaction.atomic(using=using):
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL plan_cache_mode = force_custom_plan")
        yield
