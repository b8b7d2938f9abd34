"""The desk walked as people walk it, in a real browser, counting their clicks.

A Writer drafts a story, shares a link with a colleague, submits the story (the link still
works) and is told on the desk when it goes out. An Editor finds it on the desk and publishes it;
readers find it on the English site and in the English feed, and the share link now leads them
to the public page. Readers of the Spanish site and feed find it too, marked as written in
English, since it has no Spanish edition (``Story.objects.for_language()``). A click is
anything a person presses: a link, a button, or a field they click into before typing. The
totals are asserted, so that a change that costs staff clicks shows up here.
"""

import feedparser
from django.urls import reverse
from django.utils import translation

from articles.models import Story
from tests.browser.test_editorial_flow import PASSWORD, pytestmark  # noqa: F401
from tests.factories import EditorFactory, SectionFactory, WriterFactory

HEADLINE = "Second training cohort begins in Michoacán"
# Clicks counted by walking each flow; before the desk, about 28 for a Writer, 15 for an Editor.
WRITER_CLICKS = 12
EDITOR_CLICKS = 6


class Person:
    """A page and the clicks its user made on it."""

    def __init__(self, browser, base_url, *, clipboard=False):
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        if clipboard:
            self.context.grant_permissions(["clipboard-read", "clipboard-write"])
        self.page = self.context.new_page()
        self.page.set_default_timeout(15_000)
        self.base_url = base_url
        self.clicks = 0
        self.policy_violations = []
        self.page.on(
            "console",
            lambda message: (
                "Content Security Policy" in message.text
                and self.policy_violations.append(message.text)
            ),
        )

    def click(self, selector):
        self.clicks += 1
        self.page.click(selector)

    def fill(self, selector, text):
        # Clicking into the field is the click; typing is not.
        self.clicks += 1
        self.page.fill(selector, text)

    def sign_in(self, username):
        self.page.goto(self.base_url + reverse("admin:login"))
        self.fill("#id_username", username)
        self.fill("#id_password", PASSWORD)
        self.click("input[type=submit]")
        self.page.wait_for_selector(".desk")

    def messages(self):
        return self.page.inner_text(".messagelist")


def writer_drafts_shares_and_submits(writer):
    page = writer.page
    writer.click("text=Write a new story")
    writer.clicks += 1  # into the headline
    page.locator("#id_headline").press_sequentially(HEADLINE)
    writer.fill("#id_standfirst", "Forty officers start the programme in Morelia.")
    writer.click(".ProseMirror[contenteditable=true]")
    page.keyboard.type("Forty police officers from Michoacán began their training on Monday.")
    writer.clicks += 1
    page.select_option("#id_section", label="News")
    writer.click("input[name=_save_draft]")
    assert "is a draft" in writer.messages()
    writer.click("button[form=share-create]")
    share_field = page.locator("input.share-link").first
    link = share_field.input_value()
    writer.click("button[data-copy]")
    assert page.evaluate("navigator.clipboard.readText()") == link
    writer.click("input[name=_submit_for_review]")
    page.wait_for_selector(".desk")
    assert page.url.split("#")[0] == writer.base_url + reverse("admin:index")
    assert "is in review" in writer.messages()
    return link


def readers_of_the_spanish_site_find_it_marked_in_english(page, base_url):
    with translation.override("es"):
        home, feed_url = reverse("home"), reverse("articles:feed-rss")
    page.goto(base_url + home)
    card = page.locator(".story-card", has_text=HEADLINE)
    assert card.count() == 1
    marking = card.locator(".story-card__language")
    assert (marking.inner_text(), marking.get_attribute("lang")) == ("In English", "en")
    feed = feedparser.parse(page.request.get(base_url + feed_url).body())
    assert feed.feed.language == "es"
    assert [entry.title for entry in feed.entries] == [f"{HEADLINE} (In English)"]


def test_writer_shares_and_submits_editor_publishes_from_the_desk(live_server, browser, settings):
    # Share links and feeds name the site by its configured address: here, the test server.
    settings.NEWSROOM_BASE_URL = live_server.url
    SectionFactory(name="News", slug="news")
    writer_account = WriterFactory(first_name="Ana", last_name="Ruiz", password=PASSWORD)
    editor_account = EditorFactory(first_name="Luis", last_name="Pérez", password=PASSWORD)
    base_url = live_server.url

    writer = Person(browser, base_url, clipboard=True)
    writer.sign_in(writer_account.username)
    link = writer_drafts_shares_and_submits(writer)
    story = Story.objects.get(headline=HEADLINE)
    assert story.status == Story.Status.IN_REVIEW

    colleague = Person(browser, base_url)
    colleague.page.goto(link)
    assert colleague.page.inner_text("h1") == HEADLINE

    editor = Person(browser, base_url)
    editor.sign_in(editor_account.username)
    assert "In review (1)" in editor.page.inner_text(".desk")
    assert "Ana Ruiz submitted" in editor.page.inner_text(".desk-notifications")
    # The Editor reads the story as readers will, then publishes it from the desk.
    row = editor.page.locator(".desk-table tr", has_text=HEADLINE).first
    editor.clicks += 1
    row.locator("a", has_text="Preview").click()
    assert editor.page.inner_text("h1") == HEADLINE
    editor.clicks += 1
    editor.page.go_back()
    row = editor.page.locator(".desk-table tr", has_text=HEADLINE).first
    editor.clicks += 1
    row.locator("button", has_text="Publish").click()
    assert f"“{HEADLINE}” is public." in editor.messages()
    story.refresh_from_db()
    assert story.is_published()

    writer.page.reload()
    assert f"Luis Pérez published “{HEADLINE}”." in writer.page.inner_text(".desk-notifications")

    colleague.page.goto(link)
    assert colleague.page.inner_text("h1") == "This story is now published"
    colleague.page.click(f"text=Read “{HEADLINE}”")
    assert colleague.page.url == base_url + story.get_absolute_url()

    feed = feedparser.parse(
        colleague.page.request.get(base_url + reverse("articles:feed-rss")).body()
    )
    assert [entry.title for entry in feed.entries] == [HEADLINE]
    readers_of_the_spanish_site_find_it_marked_in_english(colleague.page, base_url)

    assert (writer.clicks, editor.clicks) == (WRITER_CLICKS, EDITOR_CLICKS)
    assert writer.policy_violations + editor.policy_violations == []
