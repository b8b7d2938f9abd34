"""A search is planned for its own words and moment, even on a connection that has run it
many times (PostgreSQL only: elsewhere nothing is prepared)."""

import pytest
from django.db import connection
from django.urls import reverse

from tests.factories import StoryFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="plans are PostgreSQL's"),
]


def search_plans():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(sum(generic_plans), 0), coalesce(sum(custom_plans), 0) "
            "FROM pg_prepared_statements WHERE statement LIKE %s",
            ["%search_searchdocument%"],
        )
        return cursor.fetchone()


def test_a_search_repeated_on_one_connection_is_never_given_a_generic_plan(client):
    StoryFactory.create_batch(3, headline="Officers honoured for their training")
    for _ in range(15):
        assert client.get(reverse("search:results"), {"q": "officers training"}).status_code == 200
    generic, custom = search_plans()
    assert custom > 0, "the search's statements were prepared"
    assert generic == 0


# As a request runs: not inside a test's transaction, which would keep SET LOCAL to its end.
@pytest.mark.django_db(transaction=True)
def test_the_search_leaves_the_connections_planning_as_it_was(client):
    with connection.cursor() as cursor:
        cursor.execute("SHOW plan_cache_mode")
        before = cursor.fetchone()[0]
    client.get(reverse("search:results"), {"q": "officers"})
    with connection.cursor() as cursor:
        cursor.execute("SHOW plan_cache_mode")
        assert cursor.fetchone()[0] == before
