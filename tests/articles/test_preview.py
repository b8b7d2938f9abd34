"""Previews: staff see a story that is not public yet exactly as readers will; a share link
shows one story as it stands to anyone who has it, through every move of the workflow, until it
expires or is revoked, and nothing else; a link that no longer opens says why."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from accounts.models import Profile
from articles import preview, services
from tests.factories import (
    EditorFactory,
    FurtherLinkFactory,
    MediaContactFactory,
    QuoteFactory,
    StoryFactory,
    WriterFactory,
)
from tests.pages import page

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2021, 1, 12, 15, 0, tzinfo=datetime.UTC)


def staff_preview_url(story):
    return reverse("admin:articles_story_preview", args=[story.pk])


def share_path(story, user=None):
    return preview.create_share_link(story=story, user=user).get_absolute_url()


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
    preview_only = {
        "preview_shared",
        "preview_story_is_public",
        "preview_version",
        "preview_changed_at",
        "preview_link",
    }
    assert set(previewed.context_data) - preview_only == set(public.context_data)


def test_staff_preview_says_it_is_a_preview_readers_cannot_see(client, draft):
    client.force_login(EditorFactory())
    text = page(client.get(staff_preview_url(draft))).text
    assert "Readers cannot see this story yet" in text


def test_preview_of_a_draft_offers_no_press_kit_which_only_a_public_story_has(client, draft):
    public_story = StoryFactory()
    client.force_login(EditorFactory())

    draft_page = client.get(staff_preview_url(draft)).content.decode()
    public_page = client.get(staff_preview_url(public_story)).content.decode()

    assert "press-kit.zip" not in draft_page
    assert reverse("articles:story-press-kit", args=[public_story.slug]) in public_page


def test_preview_of_a_draft_without_media_contacts_has_no_empty_press_heading(client, draft):
    client.force_login(EditorFactory())
    html = page(client.get(staff_preview_url(draft)))
    assert "For the press" not in html.texts("h2")


def test_preview_of_a_draft_with_media_contacts_lists_them_for_the_press(client):
    contact = MediaContactFactory(name="Laura Chávez")
    story = StoryFactory(draft=True, media_contacts=[contact])
    client.force_login(EditorFactory())
    html = page(client.get(staff_preview_url(story)))
    assert "For the press" in html.texts("h2")
    assert "Laura Chávez" in html.text


def test_preview_of_a_public_story_keeps_the_press_kit_under_its_heading(client):
    client.force_login(EditorFactory())
    html = page(client.get(staff_preview_url(StoryFactory())))
    assert "For the press" in html.texts("h2")


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


def test_change_form_offers_the_preview_and_each_live_share_link_to_copy(client, draft):
    link = preview.create_share_link(story=draft, user=None)
    client.force_login(EditorFactory())
    html = page(client.get(reverse("admin:articles_story_change", args=[draft.pk])))
    assert staff_preview_url(draft) in html.hrefs()
    share_box = html.find("input", id=f"share-link-{link.pk}")
    assert "readonly" in share_box.attrs
    assert share_box.attrs["value"] == settings.NEWSROOM_BASE_URL + link.get_absolute_url()
    [copy] = [
        button
        for button in html.find_all("button")
        if button.attrs.get("data-copy") == f"share-link-{link.pk}"
    ]
    assert copy.attrs["type"] == "button"


def test_change_form_names_who_made_each_link_and_until_when_it_works(client, draft, settings):
    settings.TIME_ZONE = "UTC"
    writer = WriterFactory(first_name="Ana", last_name="Ruiz")
    with time_machine.travel(datetime.datetime(2026, 11, 30, 16, 2, tzinfo=datetime.UTC)):
        preview.create_share_link(story=draft, user=writer)
    client.force_login(EditorFactory())
    html = page(client.get(reverse("admin:articles_story_change", args=[draft.pk])))
    [made] = html.texts("span", class_="help")
    assert made == (
        "Made by Ana Ruiz on Nov. 30, 2026, 4:02 p.m.; works until Dec. 2, 2026, 4:02 p.m."
    )


def test_a_share_link_lives_under_its_storys_language_whatever_the_admins(client, draft):
    spanish = StoryFactory(draft=True, language="es", headline="Agentes reconocidos")
    editor = EditorFactory()
    Profile.objects.create(user=editor, language="es")
    client.force_login(editor)
    for story, prefix in [(draft, "/stories/preview/"), (spanish, "/es/stories/preview/")]:
        link = preview.create_share_link(story=story, user=editor)
        html = page(client.get(reverse("admin:articles_story_change", args=[story.pk])))
        shown = html.find("input", id=f"share-link-{link.pk}").attrs["value"]
        assert shown == settings.NEWSROOM_BASE_URL + prefix + link.token + "/"


def test_change_form_lists_only_the_links_that_work(client, draft):
    live = preview.create_share_link(story=draft, user=None)
    revoked = preview.create_share_link(story=draft, user=None)
    preview.revoke_share_link(link=revoked, user=None)
    with time_machine.travel(timezone.now() - datetime.timedelta(days=3)):
        expired = preview.create_share_link(story=draft, user=None)
    client.force_login(EditorFactory())
    html = page(client.get(reverse("admin:articles_story_change", args=[draft.pk])))
    assert len(html.find_all("input", id=f"share-link-{live.pk}")) == 1
    assert html.find_all("input", id=f"share-link-{revoked.pk}") == []
    assert html.find_all("input", id=f"share-link-{expired.pk}") == []


def test_staff_make_a_share_link_from_the_story_form_without_saving_the_story(client, draft):
    client.force_login(EditorFactory())
    version = draft.version
    response = client.post(reverse("admin:articles_story_share", args=[draft.pk]))
    assert response.status_code == 302
    [link] = draft.share_links.all()
    assert link.is_live()
    draft.refresh_from_db()
    assert draft.version == version


def test_a_writer_shares_their_own_draft_but_not_a_colleagues(client, draft):
    writer = WriterFactory()
    own = StoryFactory(draft=True, created_by=writer)
    client.force_login(writer)
    client.post(reverse("admin:articles_story_share", args=[own.pk]))
    assert own.share_links.count() == 1
    response = client.post(reverse("admin:articles_story_share", args=[draft.pk]))
    assert response.status_code in (302, 403)
    assert draft.share_links.count() == 0


def test_making_a_share_link_must_be_posted(client, draft):
    client.force_login(EditorFactory())
    assert client.get(reverse("admin:articles_story_share", args=[draft.pk])).status_code == 405
    assert draft.share_links.count() == 0


def test_staff_revoke_a_share_link_and_it_says_so(client, draft):
    editor = EditorFactory()
    link = preview.create_share_link(story=draft, user=editor)
    client.force_login(editor)
    client.post(reverse("admin:articles_story_share_revoke", args=[draft.pk, link.pk]))
    link.refresh_from_db()
    assert (link.is_live(), link.revoked_by) == (False, editor)
    client.logout()
    response = client.get(link.get_absolute_url())
    assert response.status_code == 403
    assert page(response).texts("h1") == ["This preview link was revoked"]
    assert "Officers recognised" not in page(response).text


# Share links


def test_share_link_shows_the_draft_to_someone_not_signed_in(client, draft):
    response = client.get(share_path(draft))
    assert response.status_code == 200
    html = page(response)
    assert html.texts("h1") == ["Officers recognised for their work"]
    assert "This link was shared with you" in html.text


def test_share_link_says_which_version_it_shows_and_when_it_was_last_changed(client, draft):
    path = share_path(draft)
    draft.refresh_from_db()
    text = " ".join(page(client.get(path)).text.split())
    changed = date_format(timezone.localtime(draft.updated_at), "DATETIME_FORMAT")
    assert f"You are reading version {draft.version} (last changed on {changed})." in text
    assert ".." not in text


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


@pytest.mark.parametrize("token", ["nonsense", "a:b:c", "x" * 43])
def test_an_unknown_share_link_is_not_found_with_a_clear_page(client, draft, token):
    response = client.get(reverse("articles:story-preview", kwargs={"token": token}))
    assert response.status_code == 404
    assert page(response).texts("h1") == ["This preview link does not work"]


def test_share_link_addresses_are_random_and_say_nothing_of_the_story(draft):
    first = preview.create_share_link(story=draft, user=None)
    second = preview.create_share_link(story=draft, user=None)
    assert first.token != second.token
    assert str(draft.pk) not in first.token or len(first.token) >= 40


def test_a_link_for_one_story_never_opens_another(client, draft):
    StoryFactory(draft=True, headline="Another draft entirely")
    assert "Another draft entirely" not in client.get(share_path(draft)).content.decode()


def test_share_link_shows_the_story_as_it_stands_after_it_is_saved_again(client, draft):
    path = share_path(draft)
    draft.body = "<p>A later edit, made after the link.</p>"
    draft.save()
    response = client.get(path)
    assert response.status_code == 200
    assert "A later edit, made after the link." in page(response).text


def test_share_link_keeps_working_through_submit_for_review_and_back(client):
    writer = WriterFactory()
    story = StoryFactory(draft=True, created_by=writer, headline="On its way")
    path = share_path(story, writer)
    services.submit_for_review(story=story, user=writer)
    assert client.get(path).status_code == 200
    services.return_to_draft(story=story, user=EditorFactory(), note="One more fact.")
    assert client.get(path).status_code == 200


def test_share_link_to_a_scheduled_story_keeps_showing_it_until_it_goes_out(client, draft):
    path = share_path(draft)
    services.publish_story(
        story=draft, user=EditorFactory(), at=timezone.now() + datetime.timedelta(hours=3)
    )
    assert client.get(path).status_code == 200


def test_share_link_to_a_story_now_public_says_so_and_leads_to_its_page(client, draft):
    path = share_path(draft)
    services.publish_story(story=draft, user=EditorFactory())
    response = client.get(path)
    html = page(response)
    assert html.texts("h1") == ["This story is now published"]
    assert draft.get_absolute_url() in html.hrefs()


def test_share_link_to_a_withdrawn_story_says_it_was_withdrawn(client, draft):
    path = share_path(draft)
    editor = EditorFactory()
    services.publish_story(story=draft, user=editor)
    services.withdraw_story(story=draft, user=editor, reason="Consent withdrawn")
    response = client.get(path)
    assert response.status_code == 410
    html = page(response)
    assert html.texts("h1") == ["This story was withdrawn"]
    assert "Officers recognised" not in html.text
    assert "Consent withdrawn" not in html.text


def test_share_link_for_a_deleted_story_is_not_found(client, draft):
    path = share_path(draft)
    draft.delete()
    assert client.get(path).status_code == 404


def test_live_links_and_is_live_agree(draft):
    from articles.models import ShareLink

    live = preview.create_share_link(story=draft, user=None)
    revoked = preview.revoke_share_link(
        link=preview.create_share_link(story=draft, user=None), user=None
    )
    with time_machine.travel(timezone.now() - datetime.timedelta(days=3)):
        expired = preview.create_share_link(story=draft, user=None)
    links = [live, revoked, expired]
    assert {link.pk for link in links if link.is_live()} == set(
        ShareLink.objects.live().values_list("pk", flat=True)
    )
