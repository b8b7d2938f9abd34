"""Read replica routing: public reads from the replica, the admin, staff and writes on the primary.

tests/settings.py declares the ``replica`` alias as a mirror of the test database; the router is
installed here only. The requests run in real transactions (``transaction=True``): the replica
connection sees only what the primary has committed, as a real replica would.
"""

import pytest
from django.contrib.sessions.models import Session
from django.db import connections
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse

from articles.models import Story
from newsroom.routers import PrimaryReplicaRouter, ReplicaReadsMiddleware, replica_reads_allowed
from tests.factories import StaffUserFactory, StoryFactory

ROUTER = "newsroom.routers.PrimaryReplicaRouter"
both_databases = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


@pytest.fixture
def routed(settings):
    settings.DATABASE_ROUTERS = [ROUTER]


def queries_by_alias(client, url):
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        response = client.get(url)
    assert response.status_code == 200
    return len(primary), len(replica)


def allowed_during(request):
    seen = []
    ReplicaReadsMiddleware(lambda request: seen.append(replica_reads_allowed()))(request)
    return seen[0]


# The router


def test_router_reads_from_the_replica_only_when_the_request_allows_it():
    router = PrimaryReplicaRouter()
    assert router.db_for_read(Story) == "default"
    request = RequestFactory().get("/stories/")
    seen = []
    ReplicaReadsMiddleware(lambda request: seen.append(router.db_for_read(Story)))(request)
    assert seen == ["replica"]
    assert router.db_for_read(Story) == "default"


def test_router_keeps_sessions_and_accounts_on_the_primary():
    router = PrimaryReplicaRouter()
    seen = []
    ReplicaReadsMiddleware(lambda request: seen.append(router.db_for_read(Session)))(
        RequestFactory().get("/stories/")
    )
    assert seen == ["default"]


def test_router_writes_and_migrates_only_on_the_primary():
    router = PrimaryReplicaRouter()
    assert router.db_for_write(Story) == "default"
    assert router.allow_migrate("default", "articles")
    assert not router.allow_migrate("replica", "articles")


# The middleware's decision


def test_anonymous_reads_may_use_the_replica():
    assert allowed_during(RequestFactory().get("/stories/"))


def test_a_request_with_a_session_uses_the_primary():
    request = RequestFactory().get("/stories/", HTTP_COOKIE="sessionid=abc")
    assert not allowed_during(request)


def test_a_post_uses_the_primary():
    assert not allowed_during(RequestFactory().post("/search/"))


def test_admin_addresses_use_the_primary_even_without_a_session():
    seen = []

    def resolve_and_view(request):
        # What Django's handler does between the middleware and the view.
        request.resolver_match = resolve(request.path_info)
        middleware.process_view(request, request.resolver_match.func, (), {})
        seen.append(replica_reads_allowed())

    middleware = ReplicaReadsMiddleware(resolve_and_view)
    middleware(RequestFactory().get(reverse("admin:login")))
    assert seen == [False]


# Whole requests, on two database aliases


@both_databases
def test_public_page_reads_only_from_the_replica(routed):
    story = StoryFactory()
    primary, replica = queries_by_alias(Client(), story.get_absolute_url())
    assert primary == 0
    assert replica > 0


@both_databases
def test_admin_reads_only_from_the_primary(routed):
    client = Client()
    client.force_login(StaffUserFactory())
    StoryFactory()
    primary, replica = queries_by_alias(client, reverse("admin:articles_story_changelist"))
    assert replica == 0
    assert primary > 0


@both_databases
def test_staff_see_public_pages_from_the_primary(routed):
    client = Client()
    client.force_login(StaffUserFactory())
    story = StoryFactory()
    primary, replica = queries_by_alias(client, story.get_absolute_url())
    assert replica == 0
    assert primary > 0
