"""No lost edits: of two saves made from the same version of a story, the second is refused,
and the person making it keeps everything they typed."""

import threading

import pytest
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext

from articles.forms import StoryAdminForm
from articles.models import StaleStoryError, Story
from tests.articles.story_forms import change_form_data, change_url, management
from tests.factories import EditorFactory, OfficerFactory, QuoteFactory, StoryFactory
from tests.pages import page


def stored(story):
    return Story.objects.get(pk=story.pk)


# The model


@pytest.mark.django_db
def test_every_save_moves_the_version_on_by_one():
    story = StoryFactory(draft=True)
    assert story.version == 1
    story.save()
    story.save()
    assert (story.version, stored(story).version) == (3, 3)


@pytest.mark.django_db
def test_saving_a_copy_read_before_someone_else_saved_is_refused():
    story = StoryFactory(draft=True, headline="Original")
    mine, theirs = stored(story), stored(story)
    theirs.headline = "Theirs"
    theirs.save()
    mine.headline = "Mine"
    with pytest.raises(StaleStoryError):
        mine.save()
    assert stored(story).headline == "Theirs"
    assert mine.version == 1


@pytest.mark.django_db
def test_a_save_from_an_older_expected_version_is_refused():
    story = StoryFactory(draft=True)
    story.save()
    with pytest.raises(StaleStoryError):
        stored(story).save(expected_version=1)


@pytest.mark.django_db
def test_the_version_is_checked_in_the_same_update_that_writes_the_story():
    story = StoryFactory(draft=True)
    with CaptureQueriesContext(connection) as queries:
        story.save()
    updates = [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].startswith('UPDATE "articles_story"')
    ]
    assert len(updates) == 1
    where = updates[0].split(" WHERE ", 1)[1]
    assert '"articles_story"."version" = 1' in where
    assert '"version" = 2' in updates[0].split(" WHERE ", 1)[0]


# The admin: two people editing the same story


@pytest.fixture
def two_editors(client, django_user_model):
    from django.test import Client

    ana, ben = EditorFactory(username="ana"), EditorFactory(username="ben")
    client.force_login(ana)
    other = Client()
    other.force_login(ben)
    return client, other


@pytest.mark.django_db
def test_the_second_of_two_simultaneous_edits_is_refused_and_nothing_is_lost(two_editors):
    ana, ben = two_editors
    story = StoryFactory(draft=True, headline="Original", standfirst="Original standfirst.")
    # Both open the form of the same version.
    ana_form = change_form_data(story)
    ben_form = change_form_data(story)
    first = ana.post(change_url(story), {**ana_form, "headline": "Ana's", "_continue": "1"})
    second = ben.post(
        change_url(story),
        {**ben_form, "standfirst": "Ben's standfirst.", "body": "<p>Ben's body.</p>"},
    )
    assert first.status_code == 302
    assert second.status_code == 200
    saved = stored(story)
    assert (saved.headline, saved.standfirst) == ("Ana's", "Original standfirst.")
    # Ben's page shows the form again with everything he typed.
    form = second.context["adminform"].form
    assert form["standfirst"].value() == "Ben's standfirst."
    assert form["body"].value() == "<p>Ben's body.</p>"


@pytest.mark.django_db
def test_a_refused_save_shows_their_version_beside_yours_field_by_field(two_editors):
    ana, ben = two_editors
    story = StoryFactory(draft=True, headline="Original", standfirst="Original standfirst.")
    ben_form = change_form_data(story)
    ana.post(change_url(story), {**change_form_data(story), "headline": "Ana's", "_continue": "1"})
    response = ben.post(change_url(story), {**ben_form, "standfirst": "Ben's standfirst."})
    conflict = response.context["adminform"].form.conflict
    assert conflict.saved_by.username == "ana"
    rows = {row.label: row for row in conflict.rows}
    assert (rows["Headline"].theirs, rows["Headline"].yours) == ("Ana's", "Original")
    assert rows["Headline"].changed_by_them is True
    assert (rows["Summary"].theirs, rows["Summary"].yours) == (
        "Original standfirst.",
        "Ben's standfirst.",
    )
    assert rows["Summary"].changed_by_them is False
    html = page(response)
    assert "ana saved this story at" in html.text
    assert "Nothing was saved and nothing you typed is lost" in html.text


@pytest.mark.django_db
def test_a_refused_save_keeps_the_quotes_typed_in_the_form(two_editors):
    ana, ben = two_editors
    story = StoryFactory(draft=True)
    ben_form = change_form_data(story)
    ben_form.update(
        {
            **management("quotes", total=1),
            "quotes-0-text": "A quote Ben typed.",
            "quotes-0-officer": OfficerFactory().pk,
            "quotes-0-order": "0",
        }
    )
    ana.post(change_url(story), {**change_form_data(story), "headline": "Ana's", "_continue": "1"})
    response = ben.post(change_url(story), ben_form)
    assert "A quote Ben typed." in response.content.decode()
    assert not story.quotes.exists()


@pytest.mark.django_db
def test_saving_again_after_seeing_their_changes_goes_through(two_editors):
    ana, ben = two_editors
    story = StoryFactory(draft=True, headline="Original")
    ben_form = change_form_data(story)
    ana.post(change_url(story), {**change_form_data(story), "headline": "Ana's", "_continue": "1"})
    refused = ben.post(change_url(story), {**ben_form, "standfirst": "Ben's."})
    again = {**ben_form, "standfirst": "Ben's.", "headline": "Ana's"}
    again["base_version"] = refused.context["adminform"].form["base_version"].value()
    response = ben.post(change_url(story), {**again, "_continue": "1"})
    assert response.status_code == 302
    assert (stored(story).headline, stored(story).standfirst) == ("Ana's", "Ben's.")


@pytest.mark.django_db
def test_a_save_overtaken_between_the_form_check_and_the_update_is_refused_the_same_way(
    two_editors, monkeypatch
):
    ana, _ben = two_editors
    story = StoryFactory(draft=True, headline="Original")
    form_data = change_form_data(story)
    someone = stored(story)
    someone.headline = "Someone else's"
    someone.save()
    # The form's check misses that save once, as if it landed just after the check: the
    # UPDATE's own check must catch it, and the page must then look as if the form had.
    check = StoryAdminForm._refuse_stale_save
    missed = []

    def check_misses_once(form):
        if not missed:
            missed.append(True)
            return None
        return check(form)

    monkeypatch.setattr(StoryAdminForm, "_refuse_stale_save", check_misses_once)
    response = ana.post(change_url(story), {**form_data, "standfirst": "Ana's standfirst."})
    assert missed
    assert response.status_code == 200
    assert response.context["adminform"].form.conflict is not None
    assert stored(story).headline == "Someone else's"
    assert stored(story).standfirst != "Ana's standfirst."


@pytest.mark.django_db
def test_changing_a_quote_alone_still_moves_the_version(client):
    client.force_login(EditorFactory())
    story = StoryFactory(draft=True)
    quote = QuoteFactory(story=story, text="Old words.")
    data = change_form_data(story, _continue="1")
    data.update(
        {
            **management("quotes", total=1, initial=1),
            "quotes-0-id": quote.pk,
            "quotes-0-story": story.pk,
            "quotes-0-text": "New words.",
            "quotes-0-officer": quote.officer_id,
            "quotes-0-order": "0",
        }
    )
    client.post(change_url(story), data)
    assert stored(story).version == story.version + 1


# Real concurrency, where the database locks rows


@pytest.mark.django_db(transaction=True)
def test_of_two_saves_racing_from_the_same_version_exactly_one_succeeds():
    if connection.vendor != "postgresql":
        pytest.skip("needs row locks: SQLite serialises writers for the whole database")
    story = StoryFactory(draft=True, headline="Original")
    first_updated = threading.Event()
    outcomes = {}

    def save(name, headline, hold):
        try:
            copy = Story.objects.get(pk=story.pk)
            copy.headline = headline
            with transaction.atomic():
                try:
                    copy.save(expected_version=1)
                    outcomes[name] = "saved"
                except StaleStoryError:
                    outcomes[name] = "refused"
                if hold:
                    first_updated.set()
                    # Keep the row locked while the other save runs into it.
                    threading.Event().wait(0.5)
        finally:
            connections.close_all()

    first = threading.Thread(target=save, args=("first", "First", True))
    first.start()
    first_updated.wait(5)
    second = threading.Thread(target=save, args=("second", "Second", False))
    second.start()
    first.join(10)
    second.join(10)
    assert outcomes == {"first": "saved", "second": "refused"}
    assert stored(story).headline == "First"
    assert stored(story).version == 2
