"""Previews: staff see a story that is not public yet exactly as readers will; a share link
shows one version of one story to anyone who has it, for a while, and nothing else."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from articles import preview
from articles.models import Story
from tests.factories import (
    EditorFactory,
    FurtherLinkFactory,
    QuoteFactory,
    StoryFactory,
    WriterFactory,
)
from tests.pages import page

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2021, 1, 12, 15, 0, tzinfo=datetime.UTC)


def staff_preview_url(story):
    return reverse("admin:articles_story_preview", args=[story.pk])


def share_path(story):
    return reverse("articles:story-preview", kwargs={"token": preview.share_token(story)})


@pytest.fixture
def draft():
    story = StoryFactory(
        draft=True,
        headline="Officers recognised for their work",
        body="<p>The ministry honoured two officers.</p>",
        tags=["awards"],
    )
    QuoteFactory(story=story, text="We work with human beings.")
    FurtherLinkFactory(story=story, label="UNODC in Mexico")
    return story


# Staff preview


def test_staff_preview_of_a_draft_renders_the_public_story_template(client, draft):
    client.force_login(EditorFactory())
    response = client.get(staff_preview_url(draft))
    assert response.status_code == 200
    assert "articles/story_detail.html" in [template.name for template in response.templates]
    html = page(response)
    assert html.texts("h1") == ["Officers recognised for their work"]
    assert "The ministry honoured two officers." in html.text
    assert "We work with human beings." in html.text
    assert "UNODC in Mexico" in html.link_texts("https://www.unodc.org/")


def test_staff_preview_gives_the_template_what_the_public_page_gives_it(client, draft):
    public_story = StoryFactory(tags=["awards"])
    public = client.get(public_story.get_absolute_url())
    client.force_login(EditorFactory())
    previewed = client.get(staff_preview_url(draft))
    preview_only = {"preview_shared", "preview_story_is_public"}
    assert set(previewed.context_data) - preview_only == set(public.context_data)


def test_staff_preview_says_it_is_a_preview_readers_cannot_see(client, draft):
    client.force_login(EditorFactory())
    text = page(client.get(staff_preview_url(draft))).text
    assert "Readers cannot see this story yet" in text


def test_preview_of_a_draft_dates_it_as_if_published_now(client, draft):
    client.force_login(EditorFactory())
    with time_machine.travel(NOW, tick=False):
        response = client.get(staff_preview_url(draft))
    assert '"datePublished": "2021-01-12T15:00:00+00:00"' in response.content.decode()
    draft.refresh_from_db()
    assert draft.published_at is None


def test_preview_of_a_spanish_edition_is_in_spanish_like_its_public_page(client):
    story = StoryFactory(draft=True, language="es", headline="Policías reconocidos")
    client.force_login(EditorFactory())
    response = client.get(staff_preview_url(story))
    assert page(response).find("html").attrs["lang"] == "es"


def test_preview_is_never_cached_never_indexed_and_has_no_etag(client, draft):
    client.force_login(EditorFactory())
    response = client.get(staff_preview_url(draft))
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"no-cache", "no-store", "must-revalidate", "private"} <= cache_control
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "ETag" not in response
    assert '<meta name="robots" content="noindex, nofollow">' in response.content.decode()


def test_writer_previews_their_own_draft(client):
    writer = WriterFactory()
    story = StoryFactory(draft=True, created_by=writer)
    client.force_login(writer)
    assert client.get(staff_preview_url(story)).status_code == 200


def test_writer_cannot_preview_another_writers_draft(client):
    story = StoryFactory(draft=True, created_by=WriterFactory())
    client.force_login(WriterFactory())
    response = client.get(staff_preview_url(story))
    assert response.status_code == 302
    assert response.url == reverse("admin:index")


def test_staff_preview_needs_signing_in(client, draft):
    response = client.get(staff_preview_url(draft))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_change_form_offers_the_preview_and_a_share_link_to_copy(client, draft):
    client.force_login(EditorFactory())
    html = page(client.get(reverse("admin:articles_story_change", args=[draft.pk])))
    assert staff_preview_url(draft) in html.hrefs()
    share_box = html.find("input", id="share-link")
    assert "readonly" in share_box.attrs
    link = share_box.attrs["value"]
    assert link.startswith(settings.NEWSROOM_BASE_URL + "/")
    client.logout()
    assert client.get(link.removeprefix(settings.NEWSROOM_BASE_URL)).status_code == 200


# Share links


def test_share_link_shows_the_draft_to_someone_not_signed_in(client, draft):
    response = client.get(share_path(draft))
    assert response.status_code == 200
    html = page(response)
    assert html.texts("h1") == ["Officers recognised for their work"]
    assert "This link was shared with you to read this version only" in html.text


def test_share_link_grants_no_session_and_no_admin_access(client, draft):
    response = client.get(share_path(draft))
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    admin = client.get(reverse("admin:index"))
    assert admin.status_code == 302
    assert admin.url.startswith(reverse("admin:login"))


def test_share_link_answers_are_kept_out_of_caches_and_search_engines(client, draft):
    response = client.get(share_path(draft))
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Referrer-Policy"] == "no-referrer"
    assert "ETag" not in response


def test_share_link_works_until_48_hours_have_passed(client, draft):
    with time_machine.travel(NOW, tick=False):
        path = share_path(draft)
    with time_machine.travel(NOW + datetime.timedelta(hours=47, minutes=59), tick=False):
        assert client.get(path).status_code == 200


def test_expired_share_link_says_so_and_shows_nothing_of_the_story(client, draft):
    with time_machine.travel(NOW, tick=False):
        path = share_path(draft)
    with time_machine.travel(NOW + datetime.timedelta(hours=48, seconds=1), tick=False):
        response = client.get(path)
    assert response.status_code == 403
    html = page(response)
    assert html.texts("h1") == ["This preview link has expired"]
    assert "Officers recognised" not in html.text
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_share_link_lifetime_follows_the_setting(client, draft, settings):
    settings.NEWSROOM_PREVIEW_MAX_AGE = 60 * 60
    with time_machine.travel(NOW, tick=False):
        path = share_path(draft)
    with time_machine.travel(NOW + datetime.timedelta(hours=2), tick=False):
        assert client.get(path).status_code == 403


def test_tampered_share_link_is_not_found_with_a_clear_page(client, draft):
    token = preview.share_token(draft)
    tampered = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    response = client.get(reverse("articles:story-preview", kwargs={"token": tampered}))
    assert response.status_code == 404
    assert page(response).texts("h1") == ["This preview link does not work"]


@pytest.mark.parametrize(
    "token", ["nonsense", "a:b:c", ".eJyrVipOLUpVslIqSsxT0lEqzs9NLcpMzc8DAFI7B0g"]
)
def test_malformed_share_link_is_not_found(client, token):
    response = client.get(reverse("articles:story-preview", kwargs={"token": token}))
    assert response.status_code == 404


def test_a_link_signed_for_another_purpose_opens_nothing(client, draft):
    # Django's signer without the preview salt: a valid signature, but not a preview link.
    token = signing.TimestampSigner().sign_object({"story": draft.pk, "version": draft.version})
    response = client.get(reverse("articles:story-preview", kwargs={"token": token}))
    assert response.status_code == 404


def test_a_link_for_one_story_never_opens_another(client, draft):
    other = StoryFactory(draft=True, headline="Another draft entirely")
    assert "Another draft entirely" not in client.get(share_path(draft)).content.decode()
    # The payload of a link for the other story under the signature of the link for this one.
    _payload, timestamp, signature = preview.share_token(draft).rsplit(":", 2)
    other_payload = preview.share_token(other).rsplit(":", 2)[0]
    forged = ":".join([other_payload, timestamp, signature])
    response = client.get(reverse("articles:story-preview", kwargs={"token": forged}))
    assert response.status_code == 404
    assert "Another draft entirely" not in response.content.decode()


def test_share_link_stops_working_once_the_story_is_saved_again(client, draft):
    path = share_path(draft)
    draft.body = "<p>A later edit the link was not made for.</p>"
    draft.save()
    response = client.get(path)
    assert response.status_code == 403
    html = page(response)
    assert html.texts("h1") == ["This preview link is out of date"]
    assert "A later edit" not in html.text


def test_out_of_date_link_to_a_story_now_public_points_to_its_page(client, draft):
    path = share_path(draft)
    draft.status = Story.Status.PUBLISHED
    draft.published_at = timezone.now()
    draft.save()
    response = client.get(path)
    assert draft.get_absolute_url() in page(response).hrefs()


def test_share_link_for_a_deleted_story_is_not_found(client, draft):
    path = share_path(draft)
    draft.delete()
    assert client.get(path).status_code == 404
