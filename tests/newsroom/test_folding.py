"""Admin searches and autocompletes ignore accents and case, on SQLite and on PostgreSQL."""

import pytest
from django.db import connection
from django.urls import reverse

from articles.models import Section, Story, StoryTransition
from people.models import Award, Officer, Organisation, TrainingProgramme
from photos.models import Photo
from tests.factories import (
    AwardFactory,
    OfficerFactory,
    OrganisationFactory,
    PhotoFactory,
    SectionFactory,
    StoryFactory,
    TrainingProgrammeFactory,
)

pytestmark = pytest.mark.django_db


def changelist(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def found(staff_client, model, term):
    response = staff_client.get(changelist(model), {"q": term})
    assert response.status_code == 200
    return list(response.context["cl"].result_list)


def test_folded_lookup_ignores_accents_and_case():
    wanted = OfficerFactory(full_name="Alejandra Ruíz Ortiz")
    OfficerFactory(full_name="Gerardo Daniel Duarte Arroyo")
    assert list(Officer.objects.filter(full_name__folded__contains="RUIZ")) == [wanted]
    assert list(Officer.objects.filter(full_name__folded__contains="ruíz")) == [wanted]


@pytest.mark.parametrize("term", ["Ruiz", "ruiz", "RUÍZ", "ruíz ortiz"])
def test_officer_list_finds_an_officer_without_the_accent(staff_client, term):
    wanted = OfficerFactory(full_name="Alejandra Ruíz Ortiz")
    OfficerFactory(full_name="Gerardo Daniel Duarte Arroyo")
    assert found(staff_client, Officer, term) == [wanted]


def test_officers_mentioned_autocomplete_finds_an_officer_without_the_accent(staff_client):
    wanted = OfficerFactory(full_name="Alejandra Ruíz Ortiz")
    OfficerFactory(full_name="Gerardo Daniel Duarte Arroyo")
    response = staff_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "articles", "model_name": "story", "field_name": "officers", "term": "Ruiz"},
    )
    assert [result["id"] for result in response.json()["results"]] == [str(wanted.pk)]


@pytest.mark.parametrize(
    "model, make",
    [
        (Story, lambda: StoryFactory(headline="Officers recognised in Michoacán")),
        (Organisation, lambda: OrganisationFactory(name="Secretaría de Seguridad de Michoacán")),
        (TrainingProgramme, lambda: TrainingProgrammeFactory(name="Programa Michoacán")),
        (Award, lambda: AwardFactory(name="Premio de Michoacán")),
        (Photo, lambda: PhotoFactory(caption="Ceremonia en Michoacán")),
        (Section, lambda: SectionFactory(name="Michoacán")),
    ],
)
def test_every_admin_list_finds_michoacan_without_its_accent(staff_client, model, make):
    wanted = make()
    assert found(staff_client, model, "michoacan") == [wanted]


@pytest.mark.parametrize(
    "field_name, make",
    [
        ("programmes", lambda: TrainingProgrammeFactory(name="Programa Michoacán")),
        ("awards", lambda: AwardFactory(name="Premio de Michoacán")),
        ("publisher", lambda: OrganisationFactory(name="Secretaría de Michoacán")),
        ("lead_photo", lambda: PhotoFactory(caption="Ceremonia en Michoacán")),
        ("translation_of", lambda: StoryFactory(headline="Agentes de Michoacán")),
    ],
)
def test_every_story_form_autocomplete_ignores_accents(staff_client, field_name, make):
    wanted = make()
    response = staff_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "articles",
            "model_name": "story",
            "field_name": field_name,
            "term": "MICHOACAN",
        },
    )
    assert [result["id"] for result in response.json()["results"]] == [str(wanted.pk)]


def test_spanish_names_are_searched_too(staff_client):
    wanted = AwardFactory(name="Social Merit Award", name_es="Premio al Mérito Social")
    assert found(staff_client, Award, "merito") == [wanted]


def test_audit_log_search_ignores_accents(staff_client):
    StoryFactory(headline="Agentes de Michoacán", draft=True)
    StoryTransition.objects.create(
        story_headline="Agentes de Michoacán", action="submitted", to_status="in_review"
    )
    assert [
        entry.story_headline for entry in found(staff_client, StoryTransition, "michoacan")
    ] == ["Agentes de Michoacán"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram indexes need PostgreSQL")
def test_the_story_list_search_can_use_its_trigram_indexes():
    StoryFactory(headline="Officers recognised in Michoacán")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        plan = Story.objects.filter(headline__folded__contains="michoacan").explain()
    assert "story_headline_folded_trgm" in plan
