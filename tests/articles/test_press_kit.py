"""The press kit: one zip per state of a public story, for journalists, and gone with the story.

Each test asks for the kit as a journalist would, from the story page's address, and reads the
archive back.
"""

import io
import json
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from PIL import Image, IptcImagePlugin

from articles import presskit, services
from articles.models import Correction
from tests.factories import (
    FurtherLinkFactory,
    MediaContactFactory,
    OfficerFactory,
    PhotoFactory,
    QuoteFactory,
    StaffUserFactory,
    StoryFactory,
)
from tests.pages import page

pytestmark = pytest.mark.django_db


def kit_url(story):
    return reverse("articles:story-press-kit", kwargs={"slug": story.slug})


def download(client, story):
    response = client.get(kit_url(story))
    assert response.status_code == 200
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def stored_kits(story):
    try:
        return default_storage.listdir(presskit.folder_of(story))[1]
    except FileNotFoundError:
        return []


@pytest.fixture
def story():
    contact = MediaContactFactory(name="María López", role="Communications Officer")
    story = StoryFactory(
        headline="Two officers receive the Social Merit Award",
        lead_photo=PhotoFactory(caption="Award recipients", credit="© UNODC"),
        media_contacts=[contact],
    )
    QuoteFactory(
        story=story,
        officer=OfficerFactory(full_name="Alejandra Ruíz Ortiz", rank=""),
        text="We work with human beings.",
    )
    FurtherLinkFactory(story=story, label="UNODC in Mexico", url="https://www.unodc.org/")
    return story


def test_a_public_story_page_offers_its_press_kit_and_media_contacts(client, story):
    response = client.get(story.get_absolute_url())
    press = page(response).find("section", id="press")
    assert page(response).find("a", class_="press-kit").attrs["href"] == kit_url(story)
    assert "María López" in press.text
    assert "Communications Officer" in press.text


def test_the_kit_is_a_download_named_for_the_story(client, story):
    response = client.get(kit_url(story))
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == (f'attachment; filename="{story.slug}-press-kit.zip"')


def test_the_kit_holds_the_release_photos_captions_and_contacts(client, story):
    kit = download(client, story)
    names = set(kit.namelist())
    assert {"release.txt", "release.html", "captions-and-credits.txt"} <= names
    assert f"photos/{story.slug}-photo.jpg" in names
    assert [name for name in names if name.startswith("contacts/")] == [
        f"contacts/María-López-{story.media_contacts.get().pk}.vcf"
    ]


def test_the_release_quotes_the_officers_with_attribution(client, story):
    release = download(client, story).read("release.txt").decode()
    assert story.headline in release
    assert "The officers were honoured for improving police assistance to victims." in release
    assert '"We work with human beings."\n— Alejandra Ruíz Ortiz' in release
    assert "UNODC in Mexico: https://www.unodc.org/" in release
    assert "María López, Communications Officer" in release


def test_the_release_in_html_escapes_what_staff_typed(client):
    story = StoryFactory(standfirst='<script>alert("standfirst")</script>')
    release = download(client, story).read("release.html").decode()
    assert "<script>" not in release
    assert "&lt;script&gt;" in release


def test_the_photo_in_the_kit_carries_its_caption_and_credit(client, story):
    data = download(client, story).read(f"photos/{story.slug}-photo.jpg")
    image = Image.open(io.BytesIO(data))
    iptc = IptcImagePlugin.getiptcinfo(image)
    assert iptc[(2, 120)].decode() == "Award recipients"
    assert iptc[(2, 110)].decode() == "© UNODC"
    assert image.size == (story.lead_photo.width, story.lead_photo.height)


def test_the_captions_file_names_each_photo_with_its_credit(client, story):
    captions = download(client, story).read("captions-and-credits.txt").decode()
    assert f"photos/{story.slug}-photo" in captions
    assert "Award recipients" in captions
    assert "© UNODC" in captions


def test_the_contacts_are_vcards(client, story):
    kit = download(client, story)
    card = kit.read(next(name for name in kit.namelist() if name.endswith(".vcf"))).decode()
    assert card.startswith("BEGIN:VCARD")
    assert "FN:María López" in card
    assert "TITLE:Communications Officer" in card


def test_a_spanish_story_has_its_release_in_spanish(client):
    story = StoryFactory(language="es")
    Correction.objects.create(story=story, text="Se corrigió el nombre.")
    release = download(client, story).read("release.txt").decode()
    assert "Comunicado de prensa" in release
    assert "Correcciones y actualizaciones" in release


def test_the_kit_is_built_once_for_each_state_of_the_story(client, story, monkeypatch):
    built = []
    zipped = presskit.zipped
    monkeypatch.setattr(presskit, "zipped", lambda *a: built.append(1) or zipped(*a))
    download(client, story)
    download(client, story)
    assert len(built) == 1
    assert len(stored_kits(story)) == 1


def test_a_change_to_the_story_builds_a_new_kit_and_deletes_the_old_one(client, story):
    download(client, story)
    first = stored_kits(story)
    story.headline = "Two officers receive a state award"
    story.save()
    release = download(client, story).read("release.txt").decode()
    assert "Two officers receive a state award" in release
    assert len(stored_kits(story)) == 1
    assert stored_kits(story) != first


def test_a_new_photo_credit_builds_a_new_kit(client, story):
    download(client, story)
    story.lead_photo.credit = "© Government of Michoacán"
    story.lead_photo.save()
    captions = download(client, story).read("captions-and-credits.txt").decode()
    assert "© Government of Michoacán" in captions


@pytest.mark.parametrize("state", ["draft", "scheduled", "withdrawn"])
def test_a_story_that_is_not_public_has_no_press_kit(client, state):
    story = StoryFactory(**{state: True})
    assert client.get(kit_url(story)).status_code == 404
    assert stored_kits(story) == []


def test_withdrawing_a_story_deletes_its_kits_from_storage(
    client, story, django_capture_on_commit_callbacks
):
    download(client, story)
    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw_story(story=story, user=StaffUserFactory(), reason="Consent withdrawn")
    assert stored_kits(story) == []
    assert client.get(kit_url(story)).status_code == 404


def test_unpublishing_a_story_deletes_its_kits_from_storage(
    client, story, django_capture_on_commit_callbacks
):
    download(client, story)
    with django_capture_on_commit_callbacks(execute=True):
        services.unpublish_story(story=story, user=StaffUserFactory())
    assert stored_kits(story) == []


def test_the_kit_is_only_ever_read(client, story):
    assert client.post(kit_url(story)).status_code == 405


def test_the_story_structured_data_names_its_media_contacts(client, story):
    response = client.get(story.get_absolute_url())
    scripts = page(response).find_all("script", type="application/ld+json")
    blocks = [json.loads(script.text) for script in scripts]
    article = next(block for block in blocks if block.get("@type") == "NewsArticle")
    # The contact works for another organisation than the story's author: theirs carries it.
    [organisation] = article["contributor"]
    [point] = organisation["contactPoint"]
    assert point["@type"] == "ContactPoint"
    assert point["contactType"] == "media relations"
    assert point["name"] == "María López"
    assert point["availableLanguage"] == ["Spanish", "English"]
