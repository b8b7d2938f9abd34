"""The story form's buttons read as they are written: "Publish" like "Save draft" beside it, not
in the stock capitals of the admin's default button."""

import pytest
from django.urls import reverse

from accounts.models import Profile
from tests.browser.conftest import CHROMIUM
from tests.browser.test_editorial_flow import PASSWORD, sign_in
from tests.factories import EditorFactory, StoryFactory

pytestmark = [
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed"),
    pytest.mark.django_db(transaction=True),
]


@pytest.mark.parametrize(("language", "label"), [("en", "Publish"), ("es", "Publicar")])
def test_the_publish_button_reads_in_the_case_it_is_written(browser, live_server, language, label):
    editor = EditorFactory(password=PASSWORD)
    Profile.objects.create(user=editor, language=language)
    story = StoryFactory(draft=True, created_by=editor)
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.set_default_timeout(15_000)
    sign_in(page, live_server.url, editor.username)
    page.goto(live_server.url + reverse("admin:articles_story_change", args=[story.pk]))
    publish = page.locator("input[name=_publish]")
    assert publish.get_attribute("value") == label
    assert publish.evaluate("button => getComputedStyle(button).textTransform") == "none"
