"""No lost work in the story admin: a refused save shows the person what they typed and why it
was refused, and saving again after a conflict never drops the other person's changes."""

import datetime

import pytest
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse

from articles import services
from articles.forms import StoryAdminForm
from articles.models import FurtherLink, Quote, Story
from tests.articles.story_forms import change_form_data, change_url, management
from tests.articles.test_admin import story_form_data
from tests.factories import (
    EditorFactory,
    FurtherLinkFactory,
    OfficerFactory,
    QuoteFactory,
    SectionFactory,
    StoryFactory,
    WriterFactory,
)
from tests.pages import page

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:articles_story_add")


def stored(story):
    return Story.objects.get(pk=story.pk)


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def shown_again(response):
    """What the page shown after a refused save would post if the person pressed save again: the
    story form and each inline as they are on screen."""
    context = response.context
    data = context["adminform"].form.data.copy()
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        for key in list(data):
            if key.startswith(f"{formset.prefix}-"):
                del data[key]
        for key in formset.data:
            if key.startswith(f"{formset.prefix}-"):
                data.setlist(key, formset.data.getlist(key))
    return {key: data.getlist(key) for key in data}


def errors_of(response):
    return " ".join(response.context["adminform"].form.non_field_errors())


# Two stories added at the same moment with the same web address


def new_story_data():
    return story_form_data(
        headline="Officers trained in Morelia",
        slug="officers-trained-in-morelia",
        standfirst="A summary typed by hand.",
        body="<p>Three paragraphs of careful writing.</p>",
        _save_draft="1",
    )


@pytest.fixture
def address_checks_miss_once(monkeypatch):
    """The form's two checks of the address (its own, and the model's unique check) miss the
    other story once, as if it were committed just after them: the database's unique index is
    then what refuses the INSERT."""
    clean_slug, validate_unique = StoryAdminForm.clean_slug, StoryAdminForm.validate_unique
    missed = set()

    def clean_slug_misses_once(form):
        if "clean_slug" in missed:
            return clean_slug(form)
        missed.add("clean_slug")
        return form.cleaned_data["slug"]

    def validate_unique_misses_once(form):
        if "validate_unique" in missed:
            return validate_unique(form)
        missed.add("validate_unique")
        return None

    monkeypatch.setattr(StoryAdminForm, "clean_slug", clean_slug_misses_once)
    monkeypatch.setattr(StoryAdminForm, "validate_unique", validate_unique_misses_once)
    return missed


def test_an_address_taken_between_the_check_and_the_save_gives_the_form_back_with_a_free_one(
    address_checks_miss_once,
):
    client = signed_in(EditorFactory())
    StoryFactory(draft=True, slug="officers-trained-in-morelia", headline="The other one")
    response = client.post(ADD_URL, new_story_data())
    assert address_checks_miss_once == {"clean_slug", "validate_unique"}
    assert response.status_code == 200
    assert "another story took the web address" in errors_of(response)
    form = response.context["adminform"].form
    assert form["slug"].value() == "officers-trained-in-morelia-2"
    assert form["standfirst"].value() == "A summary typed by hand."
    assert form["body"].value() == "<p>Three paragraphs of careful writing.</p>"
    assert Story.objects.filter(headline="Officers trained in Morelia").count() == 0
    html = page(response)
    assert "The other one" in html.text


def test_after_the_address_race_saving_again_keeps_the_free_address(address_checks_miss_once):
    client = signed_in(EditorFactory())
    StoryFactory(draft=True, slug="officers-trained-in-morelia")
    refused = client.post(ADD_URL, new_story_data())
    again = client.post(ADD_URL, shown_again(refused))
    assert again.status_code == 302
    story = Story.objects.get(headline="Officers trained in Morelia")
    assert story.slug == "officers-trained-in-morelia-2"
    assert story.body == "<p>Three paragraphs of careful writing.</p>"


# A quote deleted by someone while another person edits it


def quote_form(story, quote, text):
    return {
        **management("quotes", total=1, initial=1),
        "quotes-0-id": quote.pk,
        "quotes-0-story": story.pk,
        "quotes-0-text": text,
        "quotes-0-officer": quote.officer_id or "",
        "quotes-0-speaker_name": quote.speaker_name,
        "quotes-0-speaker_role": quote.speaker_role,
        "quotes-0-order": "0",
    }


@pytest.fixture
def quote_deleted_meanwhile():
    """Ben edits a quote; Ana, from the same version, deletes it and saves first."""
    story = StoryFactory(draft=True, headline="Original")
    quote = QuoteFactory(story=story, text="The words as they were.")
    ben_form = change_form_data(story, **quote_form(story, quote, "The words Ben rewrote."))
    ana_form = change_form_data(story, **quote_form(story, quote, quote.text), _continue="1")
    ana_form["quotes-0-DELETE"] = "on"
    ana = signed_in(EditorFactory(username="ana"))
    assert ana.post(change_url(story), ana_form).status_code == 302
    assert not Quote.objects.filter(pk=quote.pk).exists()
    return story, signed_in(EditorFactory(username="ben")), ben_form


def test_a_quote_deleted_meanwhile_stays_on_the_conflict_page_with_what_was_typed(
    quote_deleted_meanwhile,
):
    story, ben, ben_form = quote_deleted_meanwhile
    response = ben.post(change_url(story), ben_form)
    assert response.status_code == 200
    formsets = {
        inline.formset.prefix: inline for inline in response.context["inline_admin_formsets"]
    }
    shown = [
        inline.form["text"].value()
        for inline in formsets["quotes"]
        if "__prefix__" not in inline.form.prefix
    ]
    assert shown == ["The words Ben rewrote."]
    html = page(response)
    assert "The words Ben rewrote." in html.html
    assert "Someone deleted a quote or link you were editing" in html.text


def test_after_a_quote_was_deleted_meanwhile_saving_again_goes_through_and_keeps_it(
    quote_deleted_meanwhile,
):
    story, ben, ben_form = quote_deleted_meanwhile
    refused = ben.post(change_url(story), ben_form)
    again = ben.post(change_url(story), {**shown_again(refused), "_continue": "1"})
    assert again.status_code == 302
    assert list(story.quotes.values_list("text", flat=True)) == ["The words Ben rewrote."]


def test_a_quote_both_deleted_is_not_brought_back(quote_deleted_meanwhile):
    story, ben, ben_form = quote_deleted_meanwhile
    refused = ben.post(change_url(story), {**ben_form, "quotes-0-DELETE": "on"})
    again = ben.post(change_url(story), {**shown_again(refused), "_continue": "1"})
    assert again.status_code == 302
    assert not story.quotes.exists()


# Saving again after a conflict: a three-way merge


@pytest.fixture
def ana_and_ben():
    return signed_in(EditorFactory(username="ana")), signed_in(EditorFactory(username="ben"))


def test_saving_again_keeps_their_changes_to_fields_you_never_touched(ana_and_ben):
    ana, ben = ana_and_ben
    story = StoryFactory(draft=True, headline="Original", standfirst="Original summary.")
    officer, section = OfficerFactory(), SectionFactory(name="Features", slug="features")
    ben_form = change_form_data(story, headline="Ben's headline")
    ana_form = change_form_data(
        story,
        standfirst="Ana's summary.",
        section=section.pk,
        officers=[officer.pk],
        tags="Michoacán",
        _continue="1",
    )
    assert ana.post(change_url(story), ana_form).status_code == 302
    refused = ben.post(change_url(story), ben_form)
    conflict = refused.context["adminform"].form.conflict
    assert {str(row.label) for row in conflict.taken_in} == {
        "Summary",
        "Section",
        "People in this story",
        "Tags",
    }
    assert [str(row.label) for row in conflict.to_decide] == ["Headline"]
    again = ben.post(change_url(story), {**shown_again(refused), "_continue": "1"})
    assert again.status_code == 302
    saved = stored(story)
    assert (saved.headline, saved.standfirst, saved.section) == (
        "Ben's headline",
        "Ana's summary.",
        section,
    )
    assert list(saved.officers.all()) == [officer]
    assert list(saved.tags.names()) == ["Michoacán"]


def test_a_field_both_changed_keeps_yours_on_screen_beside_theirs(ana_and_ben):
    ana, ben = ana_and_ben
    story = StoryFactory(draft=True, headline="Original")
    ben_form = change_form_data(story, headline="Ben's headline")
    ana.post(change_url(story), change_form_data(story, headline="Ana's headline", _continue="1"))
    refused = ben.post(change_url(story), ben_form)
    form = refused.context["adminform"].form
    (row,) = form.conflict.to_decide
    assert (row.theirs, row.yours) == ("Ana's headline", "Ben's headline")
    assert row.changed_by_them and row.changed_by_you
    assert form["headline"].value() == "Ben's headline"
    assert "changed by both of you" in page(refused).text


def test_a_scheduled_time_they_changed_survives_saving_again(ana_and_ben):
    ana, ben = ana_and_ben
    story = StoryFactory(scheduled=True, headline="Original")
    ben_form = change_form_data(story, headline="Ben's headline", _publish="1")
    later = story.published_at.replace(microsecond=0) + datetime.timedelta(days=2)
    moved = change_form_data(story, _publish="1")
    moved["published_at_0"], moved["published_at_1"] = later.strftime("%Y-%m-%d %H:%M:%S").split()
    assert ana.post(change_url(story), moved).status_code == 302
    refused = ben.post(change_url(story), ben_form)
    assert refused.status_code == 200
    again = ben.post(change_url(story), {**shown_again(refused), "_publish": "1"})
    assert again.status_code == 302
    assert stored(story).published_at == later
    assert stored(story).headline == "Ben's headline"


# Saving again after a conflict: quotes and links merged field by field


def parts_data(story, **changes):
    """The quotes and links of ``story`` as its form posts them, as stored, with ``changes``
    by row: ``{quote_pk: {"text": "…"}}`` under ``quotes``, and so for ``links``."""
    data = {}
    for prefix, rows, fields in [
        ("quotes", story.quotes.order_by("order", "pk"), QUOTE_FIELDS),
        ("links", story.links.order_by("order", "pk"), LINK_FIELDS),
    ]:
        rows = list(rows)
        data.update(management(prefix, total=len(rows), initial=len(rows)))
        for index, row in enumerate(rows):
            posted = {name: getattr(row, attname) for name, attname in fields.items()}
            posted.update(changes.get(prefix, {}).get(row.pk, {}))
            data[f"{prefix}-{index}-id"] = row.pk
            data[f"{prefix}-{index}-story"] = story.pk
            for name, value in posted.items():
                data[f"{prefix}-{index}-{name}"] = "" if value is None else value
    return data


QUOTE_FIELDS = {
    "text": "text",
    "officer": "officer_id",
    "speaker_name": "speaker_name",
    "speaker_role": "speaker_role",
    "order": "order",
}
LINK_FIELDS = {"label": "label", "url": "url", "order": "order"}


@pytest.fixture
def story_with_parts():
    """A story with a quote and a link, saved once more so that its revision holds them."""
    story = StoryFactory(draft=True, headline="Original")
    QuoteFactory(
        story=story,
        officer=None,
        text="We work with human beings.",
        speaker_name="Rosa Díaz",
        speaker_role="Trainer",
        order=0,
    )
    FurtherLinkFactory(story=story, label="UNODC in Mexico", url="https://www.unodc.org/", order=0)
    story.save()
    return stored(story)


def edited(story, **changes):
    """The change form of ``story`` with its quotes and links, posted with ``changes``."""
    fields = {key: value for key, value in changes.items() if key not in ("quotes", "links")}
    parts = {key: value for key, value in changes.items() if key in ("quotes", "links")}
    return change_form_data(story, **parts_data(story, **parts), **fields)


def refused_after(ana_and_ben, story, theirs, yours):
    """Both open ``story``; Ana saves ``theirs``, then Ben's save of ``yours`` is refused.
    Returns Ben's client and the refused answer."""
    ana, ben = ana_and_ben
    ben_form = edited(story, **yours)
    assert ana.post(change_url(story), edited(story, **theirs, _continue="1")).status_code == 302
    return ben, ben.post(change_url(story), ben_form)


def saved_again(ben, story, refused):
    return ben.post(change_url(story), {**shown_again(refused), "_continue": "1"})


def test_their_edit_to_a_quote_and_yours_to_its_speaker_are_both_kept(
    ana_and_ben, story_with_parts
):
    quote = story_with_parts.quotes.get()
    ben, refused = refused_after(
        ana_and_ben,
        story_with_parts,
        theirs={"quotes": {quote.pk: {"text": "We train human beings."}}},
        yours={"quotes": {quote.pk: {"speaker_role": "Lead trainer"}}},
    )
    conflict = refused.context["adminform"].form.conflict
    assert [str(row.label) for row in conflict.taken_in] == ["Quote 1: Quotation"]
    assert [(str(row.label), row.changed_by_them) for row in conflict.to_decide] == [
        ("Quote 1: Speaker role", False)
    ]
    assert saved_again(ben, story_with_parts, refused).status_code == 302
    saved = Quote.objects.get(pk=quote.pk)
    assert (saved.text, saved.speaker_role) == ("We train human beings.", "Lead trainer")


def test_a_quote_field_you_both_changed_shows_both_and_keeps_what_you_typed(
    ana_and_ben, story_with_parts
):
    quote = story_with_parts.quotes.get()
    _ben, refused = refused_after(
        ana_and_ben,
        story_with_parts,
        theirs={"quotes": {quote.pk: {"text": "Ana's wording."}}},
        yours={"quotes": {quote.pk: {"text": "Ben's wording."}}},
    )
    (row,) = refused.context["adminform"].form.conflict.to_decide
    assert (str(row.label), row.theirs, row.yours) == (
        "Quote 1: Quotation",
        "Ana's wording.",
        "Ben's wording.",
    )
    assert row.changed_by_them and row.changed_by_you
    assert shown_again(refused)["quotes-0-text"] == ["Ben's wording."]
    html = page(refused)
    assert "Ana's wording." in html.texts("td")
    assert "changed by both of you" in html.text
    assert Quote.objects.get(pk=quote.pk).text == "Ana's wording."


def test_a_quote_you_left_alone_stays_deleted_when_they_deleted_it(ana_and_ben, story_with_parts):
    quote = story_with_parts.quotes.get()
    ben, refused = refused_after(
        ana_and_ben,
        story_with_parts,
        theirs={"quotes-0-DELETE": "on"},
        yours={"headline": "Ben's headline"},
    )
    conflict = refused.context["adminform"].form.conflict
    assert [str(row.label) for row in conflict.taken_in] == ["Quote 1 (they deleted it)"]
    assert "Someone deleted a quote or link you were editing" not in page(refused).text
    assert saved_again(ben, story_with_parts, refused).status_code == 302
    assert not Quote.objects.filter(pk=quote.pk).exists()
    assert stored(story_with_parts).headline == "Ben's headline"


def test_their_edit_to_a_link_and_yours_to_its_address_are_both_kept(ana_and_ben, story_with_parts):
    link = story_with_parts.links.get()
    ben, refused = refused_after(
        ana_and_ben,
        story_with_parts,
        theirs={"links": {link.pk: {"label": "UNODC Mexico office"}}},
        yours={"links": {link.pk: {"url": "unodc.org/mexico"}}},
    )
    conflict = refused.context["adminform"].form.conflict
    assert [str(row.label) for row in conflict.taken_in] == ["Further-information link 1: Label"]
    assert saved_again(ben, story_with_parts, refused).status_code == 302
    saved = FurtherLink.objects.get(pk=link.pk)
    assert (saved.label, saved.url) == ("UNODC Mexico office", "https://unodc.org/mexico")


def test_a_link_field_you_both_changed_shows_both_and_keeps_what_you_typed(
    ana_and_ben, story_with_parts
):
    link = story_with_parts.links.get()
    _ben, refused = refused_after(
        ana_and_ben,
        story_with_parts,
        theirs={"links": {link.pk: {"url": "https://www.unodc.org/lpomex/"}}},
        yours={"links": {link.pk: {"url": "https://www.unodc.org/mexico/"}}},
    )
    (row,) = refused.context["adminform"].form.conflict.to_decide
    assert (str(row.label), row.theirs, row.yours) == (
        "Further-information link 1: Address",
        "https://www.unodc.org/lpomex/",
        "https://www.unodc.org/mexico/",
    )
    assert shown_again(refused)["links-0-url"] == ["https://www.unodc.org/mexico/"]
    assert "changed by both of you" in page(refused).text


def test_a_link_deleted_meanwhile_stays_on_the_conflict_page_with_what_was_typed(
    ana_and_ben, story_with_parts
):
    link = story_with_parts.links.get()
    ben, refused = refused_after(
        ana_and_ben,
        story_with_parts,
        theirs={"links-0-DELETE": "on"},
        yours={"links": {link.pk: {"label": "UNODC, Mexico City office"}}},
    )
    assert refused.status_code == 200
    assert "Someone deleted a quote or link you were editing" in page(refused).text
    assert shown_again(refused)["links-0-label"] == ["UNODC, Mexico City office"]
    assert saved_again(ben, story_with_parts, refused).status_code == 302
    labels = story_with_parts.links.values_list("label", flat=True)
    assert list(labels) == ["UNODC, Mexico City office"]


# A workflow button pressed on a story someone moved meanwhile


def test_update_on_a_story_withdrawn_meanwhile_gives_the_form_back_with_the_reason(ana_and_ben):
    ana, ben = ana_and_ben
    story = StoryFactory(headline="Public", body="<p>As published.</p>")
    ben_form = change_form_data(story, body="<p>Ben's fix.</p>", _publish="1")
    services.withdraw_story(
        story=stored(story), user=EditorFactory(first_name="Ana"), reason="Consent withdrawn."
    )
    response = ben.post(change_url(story), ben_form)
    assert response.status_code == 200
    assert response.context["adminform"].form["body"].value() == "<p>Ben's fix.</p>"
    reason = errors_of(response)
    assert "Not saved." in reason
    assert "made this story “withdrawn”" in reason
    assert "Press “Save” to keep your changes" in reason
    html = page(response)
    assert [field.attrs["name"] for field in html.find_all("input", type="submit")][:1] == ["_save"]
    assert stored(story).body == "<p>As published.</p>"


def test_saving_a_draft_an_editor_published_meanwhile_shows_the_writer_what_they_typed():
    writer = WriterFactory()
    story = StoryFactory(draft=True, created_by=writer, headline="Draft")
    form = change_form_data(story, standfirst="A summary the writer typed.", _save_draft="1")
    services.publish_story(story=stored(story), user=EditorFactory(username="ana"))
    response = signed_in(writer).post(change_url(story), form)
    assert response.status_code == 409
    html = page(response)
    assert "ana made this story “published”" in html.text
    assert "send it to an editor" in html.text
    assert "A summary the writer typed." in html.texts("textarea")
    assert stored(story).standfirst != "A summary the writer typed."


def test_a_button_never_offered_is_still_refused_outright():
    writer = WriterFactory()
    story = StoryFactory(draft=True, created_by=writer)
    response = signed_in(writer).post(change_url(story), change_form_data(story, _publish="1"))
    assert response.status_code == 403


# The database down at the moment of saving


def test_a_save_the_database_fails_midway_says_not_saved_and_keeps_the_text():
    story = StoryFactory(draft=True, headline="Before")
    client = signed_in(EditorFactory())
    client.raise_request_exception = False

    def refuse_the_update(execute, sql, params, many, context):
        if sql.startswith('UPDATE "articles_story"'):
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    data = change_form_data(story, headline="Typed while the database went down")
    with connection.execute_wrapper(refuse_the_update):
        response = client.post(change_url(story), data)
    assert response.status_code == 503
    html = page(response)
    assert html.texts("h1") == ["Your changes were NOT saved"]
    assert "Typed while the database went down" in html.texts("textarea")
    assert stored(story).headline == "Before"
