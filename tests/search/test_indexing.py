"""The index follows every save, and holds plain text built from what was stored."""

import pytest
from django.db import IntegrityError, connection, transaction

from search.indexing import rebuild, rebuild_all
from search.models import SearchDocument
from tests.factories import (
    AwardFactory,
    OfficerFactory,
    StoryFactory,
    TrainingProgrammeFactory,
)

pytestmark = pytest.mark.django_db


def document_of(**target):
    return SearchDocument.objects.get(**target)


def test_saving_a_story_writes_its_document_from_headline_standfirst_place_and_body():
    story = StoryFactory(
        language="es",
        headline="Agentes reconocidos",
        standfirst="Dos agentes reciben un premio.",
        dateline_place="Morelia (México)",
        body="<p>Recibieron <em>capacitación</em>.</p><p>Hoy la imparten.</p>",
    )
    document = document_of(story=story)
    assert document.kind == SearchDocument.Kind.STORY
    assert document.language == "es"
    assert document.title == "Agentes reconocidos"
    assert document.summary == "Dos agentes reciben un premio. · Morelia (México)"
    assert document.body == "Recibieron capacitación. Hoy la imparten."
    assert "recibieron capacitacion" in document.folded


def test_body_markup_removed_by_the_sanitiser_is_never_indexed():
    story = StoryFactory(body="<p>Visible</p><script>hidden()</script>")
    assert "hidden" not in document_of(story=story).body


def test_editing_a_story_rewrites_its_document():
    story = StoryFactory(headline="Before")
    story.headline = "After"
    story.save()
    assert document_of(story=story).title == "After"
    assert SearchDocument.objects.count() == 1


def test_a_save_that_names_no_indexed_field_leaves_the_document_alone():
    story = StoryFactory(headline="Unchanged")
    SearchDocument.objects.filter(story=story).update(title="Stale on purpose")
    story.featured = True
    story.save(update_fields=["featured"])
    assert document_of(story=story).title == "Stale on purpose"


def test_a_save_that_names_the_body_rewrites_the_document():
    story = StoryFactory(body="<p>Old words</p>")
    story.body = "<p>New words</p>"
    story.save(update_fields=["body"])
    assert document_of(story=story).body == "New words"


def test_deleting_a_story_deletes_its_document():
    story = StoryFactory()
    story.delete()
    assert not SearchDocument.objects.exists()


def test_officer_programme_and_award_each_get_a_document():
    officer = OfficerFactory(full_name="Alejandra Ruíz Ortiz", biography="Trains officers.")
    programme = TrainingProgrammeFactory(name="Strengthening Programme", short_name="SP")
    award = AwardFactory(name="Social Merit Award", criteria="Positive impact.")
    assert document_of(officer=officer).title == "Alejandra Ruíz Ortiz"
    assert document_of(officer=officer).body == "Trains officers."
    assert document_of(programme=programme).summary == "SP"
    assert document_of(award=award).summary == "Positive impact."


def test_officer_without_consent_is_indexed_but_the_rule_hides_it_at_query_time():
    officer = OfficerFactory(without_consent=True)
    assert SearchDocument.objects.filter(officer=officer).exists()
    assert not SearchDocument.objects.public().filter(officer=officer).exists()


def test_a_document_must_describe_exactly_one_object_of_its_kind():
    story = StoryFactory()
    officer = OfficerFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        SearchDocument.objects.filter(story=story).update(officer=officer)


def test_rebuild_writes_the_documents_of_objects_saved_without_signals():
    story = StoryFactory(headline="Bulk created")
    SearchDocument.objects.all().delete()
    assert rebuild(SearchDocument.Kind.STORY, type(story).objects.all()) == 1
    document = document_of(story=story)
    assert document.title == "Bulk created"
    if connection.vendor == "postgresql":
        assert "'bulk':1A" in document.vector


def test_rebuild_all_refreshes_every_kind_without_duplicating():
    StoryFactory()
    OfficerFactory()
    TrainingProgrammeFactory()
    AwardFactory()
    counts = rebuild_all()
    assert counts == {"story": 1, "officer": 1, "programme": 1, "award": 1}
    assert SearchDocument.objects.count() == 4
