import datetime
import json
import zoneinfo
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.utils import translation

from articles.models import Section, Story
from articles.sanitizer import sanitize_html
from newsroom.demo.loader import DATA_FILE
from people.models import (
    Award,
    AwardConferral,
    Officer,
    Organisation,
    Participation,
    ReachFigure,
    TrainingProgramme,
)
from photos.models import Photo

pytestmark = pytest.mark.django_db

STORY_SLUG = "police-officers-trained-by-unodc-in-mexico-recognized"
HEADLINE = (
    "Police Officers Trained by UNODC in Mexico Are Recognized for Their Work on Behalf of "
    "Victims of Gender-Based Violence"
)
ALEJANDRA = "Alejandra Ruíz Ortiz"
GERARDO = "Gerardo Daniel Duarte Arroyo"
MICHOACAN_MINISTRY = "Ministry of Public Security of the State of Michoacán de Ocampo"
MEXICO_CITY = zoneinfo.ZoneInfo("America/Mexico_City")


def load_demo(*args):
    output = StringIO()
    call_command("load_demo", *args, stdout=output)
    return output.getvalue()


def story():
    return Story.objects.get(slug=STORY_SLUG)


def officer(full_name):
    return Officer.objects.get(full_name=full_name)


def programme():
    return TrainingProgramme.objects.get(short_name="Strengthening Programme")


def stored_files(media_root):
    return sorted(str(path) for path in media_root.rglob("*") if path.is_file())


def row_counts():
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


@pytest.fixture
def demo():
    return load_demo()


def test_demo_story_is_published_and_public(demo):
    assert story().is_published()
    assert Story.objects.published().filter(slug=STORY_SLUG).exists()


def test_demo_story_is_the_lead_story(demo):
    assert story().featured


def test_demo_story_carries_the_seed_headline(demo):
    assert story().headline == HEADLINE


def test_demo_story_dateline_reads_morelia_12_january_2021(demo):
    assert story().dateline == "Morelia (Mexico), 12 January 2021"


def test_demo_story_was_published_on_12_january_2021_in_mexico(demo):
    published_at = story().published_at
    assert published_at.astimezone(MEXICO_CITY).date() == datetime.date(2021, 1, 12)


def test_demo_story_is_a_press_release_published_by_unodc(demo):
    loaded = story()
    assert loaded.section.name == "Press release"
    assert loaded.publisher.acronym == "UNODC"


def test_demo_creates_the_sections_of_the_menu(demo):
    assert list(Section.objects.values_list("name", flat=True)) == [
        "News",
        "Press release",
        "Feature",
    ]


def test_demo_body_is_stored_as_allowed_html_with_headings(demo):
    loaded = story()
    assert loaded.body_html == sanitize_html(loaded.body) == loaded.body
    assert loaded.body_html.startswith("<p>")
    assert "<h2>" in loaded.body_html


def test_demo_body_restates_the_facts(demo):
    body = story().body_html
    for fact in [
        "Social Merit Award",
        MICHOACAN_MINISTRY,
        "since 2017",
        "Merida Initiative",
        "Secretariat of Security and Citizen Protection",
        "Integral Programme for the Prevention of Femicides",
        "Women, Peace and Security Agenda",
        "25 states",
        "30 municipalities",
        "more than 12,000 first responders",
        "trainers",
    ]:
        assert fact in body, fact


def test_demo_body_and_standfirst_are_not_the_press_release_sentences(demo):
    loaded = story()
    for sentence in [
        "have received the Social Merit Award from the Ministry of Public Security",
        "This award honors their efforts",
        "This recognition is awarded to officers",
        "gone above and beyond",
        "is currently imparted throughout",
        "Their work as trainers has been defined by",
    ]:
        assert sentence not in loaded.body
        assert sentence not in loaded.standfirst


def test_demo_officers_are_michoacan_state_police_trainers(demo):
    for full_name in [ALEJANDRA, GERARDO]:
        loaded = officer(full_name)
        assert loaded.rank == "Officer"
        assert loaded.state == "Michoacán de Ocampo"
        assert loaded.institution.kind == Organisation.Kind.POLICE_FORCE
        assert "Michoacán" in loaded.institution.name
        assert [role.name for role in loaded.roles.all()] == ["Trainer"]
        assert loaded.biography


def test_demo_officers_have_dated_consent_and_are_featured(demo):
    for full_name in [ALEJANDRA, GERARDO]:
        loaded = officer(full_name)
        assert loaded.public_profile_consent
        assert loaded.consent_recorded_at is not None
        assert loaded.featured
    assert Officer.objects.public().count() == 2


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("United Nations Office on Drugs and Crime", Organisation.Kind.UN_AGENCY),
        ("Merida Initiative", Organisation.Kind.PARTNERSHIP),
        ("Secretariat of Security and Citizen Protection", Organisation.Kind.MINISTRY),
        (MICHOACAN_MINISTRY, Organisation.Kind.MINISTRY),
    ],
)
def test_demo_organisation_has_its_kind(demo, name, kind):
    assert Organisation.objects.get(name=name).kind == kind


def test_demo_unodc_links_to_its_website(demo):
    assert Organisation.objects.get(acronym="UNODC").website == "https://www.unodc.org/"


def test_demo_award_is_given_by_the_michoacan_ministry_with_its_criteria(demo):
    award = Award.objects.get(name="Social Merit Award")
    assert award.awarding_organisation.name == MICHOACAN_MINISTRY
    assert award.description
    for criterion in [
        "positive impact on their community",
        "reputation of law enforcement agencies",
        "vulnerable sectors of society",
    ]:
        assert criterion in award.criteria


def test_demo_conferrals_are_dated_cited_and_reported_in_the_story(demo):
    conferrals = AwardConferral.objects.select_related("officer", "award", "story")
    assert sorted(conferral.officer.full_name for conferral in conferrals) == [
        ALEJANDRA,
        GERARDO,
    ]
    for conferral in conferrals:
        assert conferral.award.name == "Social Merit Award"
        assert conferral.date == datetime.date(2021, 1, 12)
        assert conferral.story.slug == STORY_SLUG
        assert "women and girls who are victims of gender-based violence" in conferral.citation
        assert "continuous professional development" in conferral.citation


def test_demo_programme_is_led_by_unodc_with_its_partners_since_2017(demo):
    loaded = programme()
    assert loaded.name == "Strengthening Programme for the Security of Vulnerable Groups"
    assert loaded.lead_organisation.acronym == "UNODC"
    assert loaded.start_year == 2017
    assert sorted(partner.name for partner in loaded.partners.all()) == [
        "Merida Initiative",
        "Secretariat of Security and Citizen Protection",
        "United Nations Office on Drugs and Crime",
    ]


def test_demo_programme_is_aligned_with_its_frameworks(demo):
    assert sorted(framework.name for framework in programme().frameworks.all()) == [
        "Integral Programme for the Prevention of Femicides",
        "Women, Peace and Security Agenda",
    ]


def test_demo_reach_figures_are_dated_12_january_2021(demo):
    figures = {
        figure.metric: (figure.value, figure.is_lower_bound, figure.as_of)
        for figure in programme().reach_figures.all()
    }
    as_of = datetime.date(2021, 1, 12)
    assert figures == {
        ReachFigure.Metric.STATES: (25, False, as_of),
        ReachFigure.Metric.MUNICIPALITIES: (30, False, as_of),
        ReachFigure.Metric.FIRST_RESPONDERS: (12000, True, as_of),
    }


def test_demo_officers_took_part_as_trainees_and_then_as_trainers(demo):
    roles = sorted(
        Participation.objects.filter(programme=programme()).values_list(
            "officer__full_name", "role"
        )
    )
    assert roles == [
        (ALEJANDRA, Participation.Role.TRAINEE),
        (ALEJANDRA, Participation.Role.TRAINER),
        (GERARDO, Participation.Role.TRAINEE),
        (GERARDO, Participation.Role.TRAINER),
    ]


def test_demo_story_is_about_the_officers_programme_and_award(demo):
    loaded = story()
    assert sorted(o.full_name for o in loaded.officers.all()) == [ALEJANDRA, GERARDO]
    assert [p.short_name for p in loaded.programmes.all()] == ["Strengthening Programme"]
    assert [a.name for a in loaded.awards.all()] == ["Social Merit Award"]


def test_demo_story_is_tagged(demo):
    names = {tag.name for tag in story().tags.all()}
    assert {"gender-based violence", "police training", "Michoacán", "awards", "UNODC"} <= names


def test_demo_quotes_are_attributed_to_each_officer_in_order(demo):
    quotes = list(story().quotes.order_by("order"))
    assert [quote.officer.full_name for quote in quotes] == [ALEJANDRA, GERARDO]
    assert quotes[0].attribution == f"Officer {ALEJANDRA}"


def test_demo_quotes_are_the_officers_words_exactly(demo):
    alejandra, gerardo = story().quotes.order_by("order")
    assert alejandra.text.startswith(
        "Highlighting the work of the police force has been a rewarding achievement. Thanks to "
        "the ‘Strengthening Programme’, the hard work we put in along many years has gained "
        "visibility."
    )
    assert alejandra.text.endswith(
        "I want to remind them that we work with human beings, who have feelings and need our "
        "support"
    )
    assert gerardo.text.startswith(
        "This award is the result of all the work we do in various institutions."
    )
    assert "it is our duty to tell victims: ‘You are not alone’ (...). I am very grateful" in (
        gerardo.text
    )
    assert gerardo.text.endswith("I would just like to ask them to continue with these programmes")


def test_demo_second_quote_keeps_its_two_paragraphs(demo):
    gerardo = story().quotes.get(officer__full_name=GERARDO)
    first, second = gerardo.text.split("\n\n")
    assert first.endswith("more empathetic towards victims of gender-based violence.")
    assert second.startswith("I am convinced that all police officers should receive training")


def test_demo_data_file_holds_the_quotes_verbatim():
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    texts = [quote["text"] for quote in data["stories"][0]["quotes"]]
    assert (
        "I was promoted in my professional career and I have also become a better person"
        in (texts[0])
    )
    assert "Gender-based violence is currently on the rise, but it is in our hands" in texts[1]


def test_demo_story_has_further_information_links_to_unodc(demo):
    links = list(story().links.order_by("order"))
    assert links
    for link in links:
        assert link.label
        assert link.url.startswith("https://www.unodc.org/")


def test_demo_lead_photo_carries_the_credit_caption_and_alt_text(demo):
    photo = story().lead_photo
    assert photo.credit == "© Photo Images / Hemera Technologies"
    assert photo.caption == (
        "Award recipients, Officer Alejandra Ruíz Ortiz and Officer Gerardo Daniel Duarte Arroyo."
    )
    assert story().caption == photo.caption
    assert ALEJANDRA in photo.alt_text


def test_demo_lead_photo_is_a_stored_landscape_image(demo):
    photo = story().lead_photo
    assert (photo.width, photo.height) == (1600, 900)
    assert photo.image.storage.exists(photo.image.name)


def test_demo_officer_photos_have_alt_text_and_a_placeholder_credit(demo):
    for full_name in [ALEJANDRA, GERARDO]:
        photo = officer(full_name).photo
        assert full_name in photo.alt_text
        assert photo.credit == "Placeholder image"
        assert (photo.width, photo.height) == (800, 800)


def test_running_the_demo_twice_adds_no_rows_and_no_files(demo, media_root):
    counts, files = row_counts(), stored_files(media_root)
    load_demo()
    assert row_counts() == counts
    assert stored_files(media_root) == files


def test_running_the_demo_twice_keeps_every_object_and_touches_none(demo):
    def snapshot():
        return {
            "story": list(Story.objects.values_list("pk", "updated_at", "lead_photo")),
            "officers": list(Officer.objects.values_list("pk", "updated_at", "photo")),
            "programmes": list(TrainingProgramme.objects.values_list("pk", "updated_at")),
            "photos": list(Photo.objects.values_list("pk", "image")),
        }

    before = snapshot()
    load_demo()
    assert snapshot() == before


def test_second_run_reports_that_everything_was_already_present(demo):
    output = load_demo()
    assert "0 created" in output
    assert "already present; nothing changed" in output


def test_first_run_reports_what_it_created_and_the_story_address(demo):
    assert "2 created" in demo
    assert f"/stories/{STORY_SLUG}/" in demo


def test_running_the_demo_again_keeps_what_staff_edited(demo):
    Story.objects.filter(slug=STORY_SLUG).update(headline="Edited by staff")
    load_demo()
    assert story().headline == "Edited by staff"


def test_running_the_demo_again_restores_a_deleted_section(demo):
    Section.objects.filter(slug="feature").delete()
    load_demo()
    assert Section.objects.filter(slug="feature").exists()


def test_broken_data_file_is_a_clear_error_and_leaves_nothing_behind(tmp_path, media_root):
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    data["stories"][0]["officers"].append("nobody-by-this-slug")
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CommandError, match="nobody-by-this-slug"):
        load_demo("--file", str(broken))
    assert not Story.objects.exists()
    assert not Photo.objects.exists()
    assert stored_files(media_root) == []


def test_data_file_with_an_impossible_date_is_a_clear_error(tmp_path):
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    data["stories"][0]["dateline_date"] = "2021-02-30"
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CommandError, match="cannot be used"):
        load_demo("--file", str(broken))
    assert not Story.objects.exists()


def test_unreadable_data_file_is_a_clear_error(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(CommandError, match="cannot be read"):
        load_demo("--file", str(broken))


def test_demo_story_page_shows_headline_linked_officers_and_credit(demo, client):
    loaded = story()
    response = client.get(loaded.get_absolute_url())
    assert response.status_code == 200
    content = response.content.decode()
    assert HEADLINE in content
    for full_name in [ALEJANDRA, GERARDO]:
        assert f'href="{officer(full_name).get_absolute_url()}"' in content
    assert "© Photo Images / Hemera Technologies" in content


# The Spanish edition

SPANISH_SLUG = "agentes-capacitados-por-unodc-en-mexico-reciben-reconocimiento"


def spanish_story():
    return Story.objects.get(slug=SPANISH_SLUG)


def test_demo_spanish_edition_is_a_published_translation_of_the_story(demo):
    spanish = spanish_story()
    assert spanish.language == "es"
    assert spanish.translation_of == story()
    assert spanish.is_published()
    assert story().other_editions == [spanish]
    spanish.full_clean()


def test_demo_spanish_edition_is_written_in_spanish_and_restates_the_facts(demo):
    spanish = spanish_story()
    assert spanish.headline.startswith("Reconocen a agentes de policía capacitados por UNODC")
    assert "Premio al Mérito Social" in spanish.standfirst
    for fact in [
        "Secretaría de Seguridad Pública del Estado de Michoacán de Ocampo",
        "desde 2017",
        "Iniciativa Mérida",
        "Secretaría de Seguridad y Protección Ciudadana",
        "Programa Integral para la Prevención de Feminicidios",
        "Agenda de Mujeres, Paz y Seguridad",
        "25 estados",
        "30 municipios",
        "más de 12&nbsp;000 primeros respondientes",
        "instructores",
        "capacitación",
    ]:
        assert fact in spanish.body_html, fact
    assert spanish.body_html == spanish.body


def test_demo_spanish_edition_is_about_the_same_officers_programme_and_award(demo):
    spanish, english = spanish_story(), story()
    assert set(spanish.officers.all()) == set(english.officers.all())
    assert set(spanish.programmes.all()) == set(english.programmes.all())
    assert set(spanish.awards.all()) == set(english.awards.all())


def test_demo_spanish_edition_shows_the_same_photo_with_a_spanish_caption(demo):
    spanish = spanish_story()
    assert spanish.lead_photo == story().lead_photo
    assert spanish.caption.startswith("Los galardonados")
    assert Photo.objects.filter(stories__isnull=False).distinct().count() == 1


def test_demo_spanish_edition_quotes_the_same_officers_in_spanish(demo):
    alejandra, gerardo = spanish_story().quotes.order_by("order")
    assert alejandra.officer.full_name == ALEJANDRA
    assert gerardo.officer.full_name == GERARDO
    assert "trabajamos con seres humanos" in alejandra.text
    assert "‘No estás sola’" in gerardo.text
    assert len(gerardo.text.split("\n\n")) == 2


def test_demo_spanish_dateline_reads_12_de_enero_de_2021(demo):
    with translation.override("es"):
        assert spanish_story().dateline == "Morelia (México), 12 de enero de 2021"


def test_demo_spanish_edition_is_not_the_lead_story_and_adds_no_conferral(demo):
    assert not spanish_story().featured
    assert AwardConferral.objects.count() == 2


def test_first_run_reports_both_editions_addresses(demo):
    assert f"/es/stories/{SPANISH_SLUG}/" in demo


def test_running_the_demo_on_an_english_only_demo_adds_the_linked_spanish_edition(demo):
    spanish_story().delete()
    english_before = Story.objects.filter(slug=STORY_SLUG).values_list("pk", "updated_at").get()
    load_demo()
    assert spanish_story().translation_of == story()
    assert Story.objects.filter(slug=STORY_SLUG).values_list("pk", "updated_at").get() == (
        english_before
    )


def test_demo_editions_link_each_other_on_their_pages(demo, client):
    english_page = client.get(story().get_absolute_url()).content.decode()
    spanish_page = client.get(spanish_story().get_absolute_url()).content.decode()
    assert f'href="{spanish_story().get_absolute_url()}" hreflang="es"' in english_page
    assert f'href="{story().get_absolute_url()}" hreflang="en"' in spanish_page
    assert "Leer esta noticia en español" in english_page
    assert "Read this story in English" in spanish_page


def test_demo_is_found_by_search_without_accents(demo, client):
    from django.urls import reverse

    response = client.get(reverse("search:results"), {"q": "Michoacan"})
    assert story().get_absolute_url() in response.content.decode()
