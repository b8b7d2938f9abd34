"""The desk and the story form as Writers and Editors see them, in English and in Spanish.

Each page is checked for what a person must find on it, and photographed: into a temporary
folder on every run, and into docs/screenshots/ (the README's pictures) when
NEWSROOM_SCREENSHOTS names that folder.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Profile
from articles import services
from tests.browser.test_editorial_flow import PASSWORD, sign_in
from tests.factories import (
    CorrectionFactory,
    EditorFactory,
    SectionFactory,
    StoryFactory,
    WriterFactory,
)


@pytest.fixture
def newsroom():
    """A morning at the desk: drafts, a story in review, one scheduled, some out, one corrected."""
    news = SectionFactory(name="News", slug="news")
    writer = WriterFactory(first_name="Ana", last_name="Ruiz", password=PASSWORD)
    editor = EditorFactory(first_name="Luis", last_name="Pérez", password=PASSWORD)
    draft = StoryFactory(
        draft=True,
        created_by=writer,
        section=news,
        headline="Morelia police open a victims' assistance desk",
    )
    waiting = StoryFactory(
        draft=True,
        created_by=writer,
        section=news,
        headline="Police officers trained by UNODC are recognised for their work",
    )
    services.submit_for_review(story=waiting, user=writer, note="Photo credit checked.")
    StoryFactory(
        created_by=writer,
        section=news,
        headline="Second training cohort begins in Michoacán",
        published_at=timezone.now() + datetime.timedelta(days=1, hours=3),
    )
    out = StoryFactory(
        created_by=writer,
        section=news,
        headline="UNODC and Michoacán sign a training agreement",
        first_published_at=timezone.now(),
    )
    CorrectionFactory(story=out, created_by=editor)
    # Each opens the story that is theirs to work on: the Writer a draft, the Editor the story
    # waiting for review.
    return {"writer": writer, "editor": editor, "writer-story": draft, "editor-story": waiting}


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("role", ["writer", "editor"])
def test_the_desk_and_story_form_as_staff_see_them(
    live_server,
    browser,
    newsroom,
    folder,
    language,
    role,
):
    person = newsroom[role]
    # The admin speaks each person's own language, in their time zone (accounts.Profile).
    Profile.objects.update_or_create(
        user=person,
        defaults={
            "language": language,
            "time_zone": "America/Mexico_City" if language == "es" else "",
        },
    )
    # The browser keeps the same clock as the person, as a colleague's in Mexico would: Django's
    # "you are N hours ahead of the server" note is for a browser and a profile that disagree.
    context = browser.new_context(
        viewport={"width": 1280, "height": 900},
        locale=language,
        timezone_id="America/Mexico_City" if language == "es" else "UTC",
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, live_server.url, person.username)
    headings = page.locator(".desk h2").all_inner_texts()
    expected = {"en": "In review (1)", "es": "En revisión (1)"}[language]
    assert expected in headings
    page.screenshot(path=folder / f"desk-{role}-{language}.png", full_page=True)
    page.goto(
        live_server.url
        + reverse("admin:articles_story_change", args=[newsroom[f"{role}-story"].pk])
    )
    assert (
        page.locator("label[for=id_slug]").inner_text().rstrip(":")
        == {
            "en": "Web address",
            "es": "Dirección web",
        }[language]
    )
    page.screenshot(path=folder / f"story-form-{role}-{language}.png", full_page=True)
    page.goto(live_server.url + reverse("admin:articles_story_changelist"))
    page.screenshot(path=folder / f"story-list-{role}-{language}.png", full_page=True)
    context.close()
