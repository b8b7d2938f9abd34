"""The site in English and Spanish: addresses, interface text, dates and numbers, the language
links, and a Spanish catalogue that translates every interface string."""

import datetime
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from newsroom import admin_wording
from tests.factories import (
    AwardConferralFactory,
    ReachFigureFactory,
    StoryFactory,
)
from tests.pages import page

pytestmark = pytest.mark.django_db

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "es" / "LC_MESSAGES" / "django.po"


def spanish(name, **kwargs):
    with translation.override("es"):
        return reverse(name, **kwargs)


# Addresses


def test_english_pages_keep_their_unprefixed_addresses():
    assert reverse("home") == "/"
    assert reverse("articles:story-list") == "/stories/"


def test_spanish_pages_live_under_es():
    assert spanish("home") == "/es/"
    assert spanish("articles:story-list") == "/es/stories/"
    assert spanish("search:results") == "/es/search/"


def test_admin_robots_and_sitemaps_have_one_unprefixed_address_in_every_language():
    for name in ["admin:index", "robots-txt", "sitemap-index", "sitemap-news"]:
        assert spanish(name) == reverse(name)
    assert reverse("admin:index") == "/admin/"
    assert reverse("robots-txt") == "/robots.txt"


def test_spanish_address_of_a_machine_page_does_not_exist(client):
    assert client.get("/es/robots.txt").status_code == 404


# Interface text


def test_spanish_home_page_speaks_spanish(client):
    html = page(client.get(spanish("home")))
    assert html.find("html").attrs["lang"] == "es"
    assert html.texts("a", class_="site-nav__link") == [
        "Noticias",
        "Agentes",
        "Programas",
        "Premios",
    ]
    assert html.find("a", class_="skip-link").text == "Saltar al contenido principal"


def test_english_home_page_speaks_english(client):
    html = page(client.get(reverse("home")))
    assert html.find("html").attrs["lang"] == "en"
    assert html.texts("a", class_="site-nav__link") == [
        "Stories",
        "Officers",
        "Programmes",
        "Awards",
    ]


def test_spanish_search_page_counts_results_in_spanish(client):
    StoryFactory(headline="Officers recognised in Uruapan")
    html = page(client.get(spanish("search:results"), {"q": "Uruapan"}))
    assert html.find("p", class_="search-count").text == "1 resultado para «Uruapan»"
    assert html.find("h1").text == "Buscar"


def test_spanish_search_page_says_no_results_in_the_plural(client):
    html = page(client.get(spanish("search:results"), {"q": "Uruapan"}))
    assert html.find("p", class_="search-count").text == "0 resultados para «Uruapan»"


def test_spanish_error_message_keeps_its_numbers(client):
    html = page(client.get(spanish("search:results"), {"q": "x" * 250}))
    assert html.find("p", class_="search-form__error").text == (
        "Busque con un máximo de 200 caracteres; esta búsqueda tiene 250."
    )


# Dates and numbers


def test_dateline_reads_day_month_year_in_each_language():
    story = StoryFactory(dateline_place="Morelia", dateline_date=datetime.date(2021, 1, 12))
    assert story.dateline == "Morelia, 12 January 2021"
    with translation.override("es"):
        assert story.dateline == "Morelia, 12 de enero de 2021"


def test_spanish_story_page_dates_the_story_in_spanish(client):
    story = StoryFactory(
        language="es",
        dateline_place="Morelia (México)",
        dateline_date=datetime.date(2021, 1, 12),
        published_at=datetime.datetime(2021, 1, 12, 16, tzinfo=datetime.UTC),
    )
    html = page(client.get(story.get_absolute_url()))
    assert html.find("p", class_="dateline").text == "Morelia (México), 12 de enero de 2021"
    assert html.find("span", class_="story__published").text == "Publicada 12 de enero de 2021"


def test_story_cards_date_stories_in_the_pages_language(client):
    StoryFactory(published_at=datetime.datetime(2021, 1, 12, 16, tzinfo=datetime.UTC))
    english = page(client.get(reverse("articles:story-list")))
    spanish_page = page(client.get(spanish("articles:story-list")))
    assert english.find("time").text == "12 January 2021"
    assert spanish_page.find("time").text == "12 de enero de 2021"


def test_officer_page_dates_an_award_in_spanish(client):
    conferral = AwardConferralFactory(date=datetime.date(2021, 1, 12))
    with translation.override("es"):
        url = conferral.officer.get_absolute_url()
    html = page(client.get(url))
    assert "12 de enero de 2021" in html.text


def test_reach_figures_group_thousands_as_each_language_does(client):
    figure = ReachFigureFactory(metric="first_responders", value=12000, is_lower_bound=True)
    url = figure.programme.get_absolute_url()
    with translation.override("es"):
        spanish_url = figure.programme.get_absolute_url()
    assert "more than 12,000" in page(client.get(url)).text
    # Spanish groups thousands with a non-breaking space: 12 000.
    assert "12\xa0000" in page(client.get(spanish_url)).html
    assert "más de 12 000" in page(client.get(spanish_url)).text


# The language links


def language_links(html):
    return {
        link.attrs["hreflang"]: link.attrs["href"]
        for link in html.find_all("a", class_="language-switcher__link")
    }


def test_english_page_links_to_itself_in_spanish(client):
    html = page(client.get(reverse("people:officer-list")))
    assert language_links(html) == {"es": "/es/officers/"}
    assert html.find("span", class_="language-switcher__current").text == "English"
    assert html.find("nav", class_="language-switcher").attrs["aria-label"] == "Language"


def test_spanish_page_links_to_itself_in_english(client):
    html = page(client.get("/es/officers/"))
    assert language_links(html) == {"en": "/officers/"}
    assert html.find("span", class_="language-switcher__current").text == "Español"


def test_language_link_keeps_the_search(client):
    html = page(client.get(reverse("search:results"), {"q": "Michoacán ruiz"}))
    assert language_links(html) == {"es": "/es/search/?q=Michoac%C3%A1n+ruiz"}


def test_language_link_on_a_story_leads_to_its_edition_in_that_language(client):
    english = StoryFactory()
    spanish_edition = StoryFactory(language="es", translation_of=english)
    assert language_links(page(client.get(english.get_absolute_url()))) == {
        "es": spanish_edition.get_absolute_url()
    }
    assert language_links(page(client.get(spanish_edition.get_absolute_url()))) == {
        "en": english.get_absolute_url()
    }


def test_language_link_on_a_story_without_an_edition_shows_it_in_the_other_interface(client):
    story = StoryFactory()
    assert language_links(page(client.get(story.get_absolute_url()))) == {
        "es": f"/es{story.get_absolute_url()}"
    }


# The catalogue


def gettext_tool(name):
    path = shutil.which(name)
    assert path, f"{name} is part of GNU gettext, which the build needs: apt-get install gettext"
    return path


def test_spanish_catalogue_has_no_untranslated_or_fuzzy_message():
    assert untranslated_messages(CATALOGUE) == []


def test_spanish_catalogue_keeps_every_placeholder():
    subprocess.run(  # noqa: S603 (a fixed tool on the project's own file)
        [gettext_tool("msgfmt"), "--check", "--output-file=/dev/null", str(CATALOGUE)],
        check=True,
    )


def test_spanish_catalogue_translates_every_interface_string(tmp_path, settings, monkeypatch):
    """Every string marked for translation in the code and templates has a Spanish translation.

    makemessages runs on a copy of the project's code, templates and catalogue, so the test
    never writes to the source tree; a string added without a translation fails here, by name
    (`make messages` adds it to the catalogue, ready to translate).
    """
    base = Path(settings.BASE_DIR)
    sources = {Path(config.path) for config in apps.get_app_configs()} | {
        Path(directory) for template in settings.TEMPLATES for directory in template["DIRS"]
    }
    installed = Path(sys.prefix)
    for source in sources:
        # The project's own apps, not the packages of a virtual environment kept inside it.
        if source.is_relative_to(base) and not source.is_relative_to(installed):
            shutil.copytree(
                source,
                tmp_path / source.relative_to(base),
                ignore=shutil.ignore_patterns("__pycache__", "migrations"),
            )
    shutil.copytree(base / "locale", tmp_path / "locale")
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    monkeypatch.chdir(tmp_path)
    call_command("makemessages", locale=["es"], verbosity=0)
    copy = tmp_path / "locale" / "es" / "LC_MESSAGES" / "django.po"
    assert untranslated_messages(copy) == []


def untranslated_messages(catalogue):
    """The msgids of ``catalogue`` that are untranslated or fuzzy."""
    found = []
    for option in ["--untranslated", "--only-fuzzy"]:
        result = subprocess.run(  # noqa: S603 (a fixed tool on a catalogue of the project's)
            [gettext_tool("msgattrib"), option, "--no-wrap", "--no-location", str(catalogue)],
            capture_output=True,
            text=True,
            check=True,
        )
        found += [
            line.removeprefix("msgid ")
            for line in result.stdout.splitlines()
            if line.startswith("msgid ") and line != 'msgid ""'
        ]
    return found


@pytest.mark.parametrize("message", admin_wording.REWORDED)
def test_the_admins_success_messages_in_spanish_put_no_masculine_article_before_a_models_name(
    message,
):
    # Django's own Spanish says "El noticia …"; the project's catalogue words them again.
    with translation.override("es"):
        worded = translation.gettext(message)
    assert worded != message
    assert not worded.startswith(("El ", "La "))
    assert worded.startswith("«") or worded.startswith("Los cambios en «")
