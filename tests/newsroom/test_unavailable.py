"""While PostgreSQL does not answer: 503 with Retry-After and the site's own page, cached and
stale pages still served, staff told their save did not happen, and a quiet log."""

import contextlib
import logging
from unittest import mock

import pytest
from django.contrib import admin
from django.core.cache import cache
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse
from django.utils import translation

from accounts.models import Profile
from articles.models import Story
from newsroom import unavailable
from newsroom.caching import middleware, schedule
from tests.articles.story_forms import change_form_data, change_url
from tests.factories import EditorFactory, StoryFactory
from tests.pages import page

pytestmark = pytest.mark.django_db


def refuse(execute, sql, params, many, context):
    raise OperationalError("connection to server at 127.0.0.1, port 5432 failed: refused")


@pytest.fixture
def database_down():
    """Every query of this thread fails as it does while PostgreSQL is stopped."""
    with connection.execute_wrapper(refuse):
        yield


@pytest.fixture
def reader():
    # Django's test client re-raises a view's exception; a browser gets the response.
    return Client(raise_request_exception=False)


@pytest.fixture(autouse=True)
def fresh_failure_log(monkeypatch):
    monkeypatch.setattr(unavailable, "failures", unavailable.FailureLog(60))


@pytest.fixture
def page_cache(settings):
    settings.NEWSROOM_ANONYMOUS_CACHE = True
    cache.clear()
    middleware.near_cache.clear()
    yield
    cache.clear()
    middleware.near_cache.clear()


def test_a_page_that_cannot_be_rendered_answers_503_with_retry_after(reader):
    story = StoryFactory()
    with connection.execute_wrapper(refuse):
        response = reader.get(story.get_absolute_url())
    assert response.status_code == 503
    assert response["Retry-After"] == str(unavailable.RETRY_AFTER_SECONDS)
    assert page(response).texts("h1") == ["Back in a moment"]


def test_a_cached_page_is_still_served_while_the_database_is_down(reader, page_cache):
    story = StoryFactory(headline="Still readable")
    reader.get(story.get_absolute_url())
    # As in a process that has not read the schedule since it changed: it cannot now.
    schedule._kept.clear()
    with connection.execute_wrapper(refuse):
        response = reader.get(story.get_absolute_url())
    assert response.status_code == 200
    assert "Still readable" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_stale_page_is_served_rather_than_503_while_the_database_is_down(
    reader, page_cache, settings
):
    story = cached_then_changed(reader, settings)
    with connection.execute_wrapper(refuse):
        response = reader.get(story.get_absolute_url())
    assert_served_stale(response)


def cached_then_changed(reader, settings):
    """A story whose page is cached, then changed, so that the page in the cache is stale."""
    story = StoryFactory(headline="Before")
    reader.get(story.get_absolute_url())
    story.headline = "After"
    story.save()
    # Past the bound for serving it stale while rendering: served only because rendering fails.
    settings.NEWSROOM_CACHE_STALE_SECONDS = 0
    return story


def assert_served_stale(response):
    assert response.status_code == 200
    assert response[middleware.CACHE_STATUS_HEADER] == "STALE"
    assert "Before" in response.content.decode()


# The page cache on the real Redis, with no database connection to be had


@contextlib.contextmanager
def database_unreachable():
    """Opening a database connection fails as the driver fails while PostgreSQL is stopped,
    and no connection is open: whatever needs the database must first connect, and cannot.
    The open connection is set aside rather than closed (closing SQLite's in-memory test
    database would destroy it) and put back afterwards. Yields the refused ``connect``."""
    refused = connection.Database.OperationalError(
        "connection to server at 127.0.0.1, port 5432 failed: Connection refused"
    )
    kept = connection.connection
    connection.connection = None
    try:
        with mock.patch.object(connection, "get_new_connection", side_effect=refused) as connect:
            yield connect
    finally:
        connection.connection = kept


def served_from_redis_only():
    # As in another process, or this one later: only Redis has the page, the schedule unread.
    middleware.near_cache.clear()
    schedule._kept.clear()


@pytest.mark.django_db(transaction=True)
def test_a_page_cached_in_redis_is_served_without_a_database_connection(reader, real_redis_cache):
    story = StoryFactory(headline="Still readable")
    reader.get(story.get_absolute_url())
    served_from_redis_only()
    with database_unreachable():
        response = reader.get(story.get_absolute_url())
    assert response.status_code == 200
    assert "Still readable" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_stale_page_in_redis_is_served_rather_than_503_without_a_database_connection(
    reader, real_redis_cache, settings
):
    story = cached_then_changed(reader, settings)
    served_from_redis_only()
    with database_unreachable() as connect:
        response = reader.get(story.get_absolute_url())
    assert connect.called  # it tried to render the new version
    assert_served_stale(response)


@pytest.mark.django_db(transaction=True)
def test_a_page_not_in_redis_answers_503_without_a_database_connection(reader, real_redis_cache):
    story = StoryFactory()
    with database_unreachable() as connect:
        response = reader.get(story.get_absolute_url())
    assert connect.called
    assert response.status_code == 503
    assert response["Retry-After"] == str(unavailable.RETRY_AFTER_SECONDS)
    assert page(response).texts("h1") == ["Back in a moment"]


def test_each_kind_of_failure_is_logged_once_per_interval(reader, caplog):
    story = StoryFactory()
    with caplog.at_level(logging.INFO), connection.execute_wrapper(refuse):
        for _ in range(5):
            assert reader.get(story.get_absolute_url()).status_code == 503
    errors = [record for record in caplog.records if record.levelno >= logging.ERROR]
    assert len(errors) == 1
    assert errors[0].exc_info is None
    assert "database does not answer" in errors[0].getMessage()


def test_a_save_while_the_database_is_down_says_it_was_not_saved_and_keeps_the_text(
    staff_client,
):
    story = StoryFactory(headline="Before")
    data = change_form_data(story, headline="A headline typed during the outage")
    staff_client.raise_request_exception = False
    with connection.execute_wrapper(refuse):
        response = staff_client.post(change_url(story), data)
    assert response.status_code == 503
    html = page(response)
    assert html.texts("h1") == ["Your changes were NOT saved"]
    assert "A headline typed during the outage" in [
        field.text for field in html.find_all("textarea")
    ]
    assert html.find("form", method="post").attrs["action"] == change_url(story)
    resent = {field.attrs["name"]: field.attrs["value"] for field in html.find_all("input")}
    assert resent["headline"] == "A headline typed during the outage"
    story.refresh_from_db()
    assert story.headline == "Before"


def refused_save_with_a_quote(staff_client, story):
    data = change_form_data(
        story, headline="A headline typed during the outage", standfirst="A summary typed too."
    )
    data.update(
        {
            "quotes-TOTAL_FORMS": "1",
            "quotes-0-text": "Words said during the outage.",
            "quotes-0-speaker_name": "María López",
            "quotes-0-order": "0",
            "quotes-0-story": str(story.pk),
            "_save": "Save",
        }
    )
    staff_client.raise_request_exception = False
    with connection.execute_wrapper(refuse):
        return page(staff_client.post(change_url(story), data))


def test_a_refused_save_lists_what_was_typed_under_the_forms_labels(staff_client):
    html = refused_save_with_a_quote(staff_client, StoryFactory())
    labels = html.texts("dt")
    assert labels[:2] == ["Headline", "Web address"]
    assert "Summary" in labels
    assert "Quote 1: Quotation" in labels
    assert "Quote 1: Speaker name" in labels
    # Raw names, formset bookkeeping, the story's own key and the button stay out of sight.
    assert not {"headline", "standfirst", "quotes-0-text", "quotes-TOTAL_FORMS"} & set(labels)
    assert not {"Story", "Quote 1: Story", "_save", "Base version"} & set(labels)
    resent = {field.attrs["name"] for field in html.find_all("input")}
    assert {"quotes-0-text", "quotes-TOTAL_FORMS", "base_version", "_save"} <= resent


def test_a_sign_in_while_the_database_is_down_never_shows_the_password(reader):
    with connection.execute_wrapper(refuse):
        response = reader.post(
            reverse("admin:login"), {"username": "editor1", "password": "SuperSecretPassw0rd!"}
        )
    assert response.status_code == 503
    assert "SuperSecretPassw0rd!" not in response.content.decode()
    assert "type them again" in page(response).text


@pytest.mark.parametrize(
    "name", ["old_password", "new_password1", "new_password2", "code", "otp_token", "api_secret"]
)
def test_secrets_are_left_out_of_what_a_refused_post_shows_and_sends_again(rf, name):
    request = rf.post("/admin/password_change/", {name: "s3cret-value", "note": "kept"})
    response = unavailable.service_unavailable(request, OperationalError("refused"))
    content = response.content.decode()
    assert "s3cret-value" not in content
    assert "kept" in content


def test_fields_a_view_marks_sensitive_are_left_out_too(rf):
    request = rf.post("/admin/somewhere/", {"pin": "4321", "note": "kept"})
    request.sensitive_post_parameters = ["pin"]
    content = unavailable.service_unavailable(request, OperationalError("refused")).content
    assert b"4321" not in content
    assert b"kept" in content


def test_the_labels_of_a_refused_save_are_in_the_language_in_force():
    story_admin = admin.site.get_model_admin(Story)
    with translation.override("es"):
        assert unavailable.field_label(story_admin, "headline") == "Titular"
        assert unavailable.field_label(story_admin, "standfirst") == "Resumen"
        assert unavailable.field_label(story_admin, "quotes-1-text") == "Cita 2: Cita"


# The language of the page


def test_a_spanish_page_that_cannot_be_rendered_answers_in_spanish(reader):
    story = StoryFactory(language="es")
    with connection.execute_wrapper(refuse):
        response = reader.get(story.get_absolute_url())
    html = page(response)
    assert html.texts("h1") == ["Volvemos en un momento"]
    assert html.find("html").attrs["lang"] == "es"


def test_an_english_address_answers_in_english_whatever_the_browser_asks(reader):
    story = StoryFactory()
    with connection.execute_wrapper(refuse):
        response = reader.get(story.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="es")
    assert page(response).texts("h1") == ["Back in a moment"]


def test_a_refused_save_answers_in_the_language_the_staff_member_reads_the_admin_in(client):
    editor = EditorFactory()
    Profile.objects.create(user=editor, language="es")
    client.force_login(editor)
    story = StoryFactory()
    # Any admin page the person opened before the outage leaves their language in the browser.
    client.get(change_url(story))
    data = change_form_data(story)
    client.raise_request_exception = False
    with connection.execute_wrapper(refuse):
        response = client.post(change_url(story), data)
    html = page(response)
    assert html.texts("h1") == ["Sus cambios NO se guardaron"]
    assert html.find("html").attrs["lang"] == "es"
    assert "Titular" in html.texts("dt")


def test_an_admin_page_with_no_language_remembered_answers_in_the_browsers(staff_client):
    staff_client.raise_request_exception = False
    with connection.execute_wrapper(refuse):
        response = staff_client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 503
    assert page(response).texts("h1") == ["Volvemos en un momento"]


def test_any_other_failure_answers_in_the_pages_language_too(rf):
    request = rf.get("/es/")
    try:
        raise RuntimeError("a bug")
    except RuntimeError:
        response = unavailable.server_error(request)
    assert response.status_code == 500
    assert page(response).texts("h1") == ["Lo sentimos, algo salió mal"]
