"""How pages show library photos: <picture> with WebP sources, a JPEG fallback, sizes for each
layout, the lead image fetched first and the others lazily, and no query more for any of it."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.template import Context, Template, TemplateSyntaxError
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from photos.layouts import LAYOUTS
from tests.factories import OfficerFactory, StoryFactory
from tests.pages import page
from tests.photos.crafted import encoded, photo_like, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def large_photo(saved_photo):
    def make(**fields):
        image = upload(encoded(photo_like((2000, 1333)), "JPEG"))
        return saved_photo(image=image, **fields)

    return make


def srcset_of(renditions):
    return ", ".join(f"{rendition.url} {rendition.width}w" for rendition in renditions)


def picture_parts(html, alt):
    """The <source> and <img> of the <picture> whose image has ``alt``."""
    image = html.find("img", alt=alt)
    index = html.elements.index(image)
    source = html.elements[index - 1]
    assert html.elements[index - 2].tag == "picture"
    assert source.tag == "source"
    return source, image


# The story page


def test_story_page_lead_photo_is_a_picture_with_webp_sources_and_a_jpeg_fallback(
    client, large_photo
):
    photo = large_photo(alt_text="Two officers holding framed certificates")
    story = StoryFactory(lead_photo=photo)
    source, image = picture_parts(
        page(client.get(story.get_absolute_url())), "Two officers holding framed certificates"
    )
    renditions = photo.rendition_set
    assert source.attrs == {
        "type": "image/webp",
        "srcset": srcset_of(renditions.webp),
        "sizes": LAYOUTS["story-lead"].sizes,
    }
    assert image.attrs["srcset"] == srcset_of(renditions.fallback)
    assert image.attrs["sizes"] == LAYOUTS["story-lead"].sizes
    assert image.attrs["src"] == renditions.src.url
    assert image.attrs["src"].endswith(".jpg")
    assert (image.attrs["width"], image.attrs["height"]) == ("960", "640")


def test_story_page_lead_photo_is_fetched_first(client, large_photo):
    story = StoryFactory(lead_photo=large_photo(alt_text="Lead photo"))
    _source, image = picture_parts(page(client.get(story.get_absolute_url())), "Lead photo")
    assert image.attrs["loading"] == "eager"
    assert image.attrs["fetchpriority"] == "high"
    assert "decoding" not in image.attrs


def test_story_page_srcset_lists_every_width_once_narrowest_first(client, large_photo):
    story = StoryFactory(lead_photo=large_photo(alt_text="Lead photo"))
    source, image = picture_parts(page(client.get(story.get_absolute_url())), "Lead photo")
    for srcset in (source.attrs["srcset"], image.attrs["srcset"]):
        widths = [candidate.rsplit(" ", 1)[1] for candidate in srcset.split(", ")]
        assert widths == ["320w", "640w", "960w", "1280w", "1920w"]


def test_related_story_photos_load_lazily_and_decode_off_the_main_thread(client, large_photo):
    story = StoryFactory(tags=["awards"], lead_photo=large_photo(alt_text="Lead photo"))
    StoryFactory(tags=["awards"], lead_photo=large_photo(alt_text="Related photo"))
    _source, image = picture_parts(page(client.get(story.get_absolute_url())), "Related photo")
    assert image.attrs["loading"] == "lazy"
    assert image.attrs["decoding"] == "async"
    assert "fetchpriority" not in image.attrs
    assert image.attrs["sizes"] == LAYOUTS["story-card"].sizes


def test_story_page_keeps_the_caption_and_credit_under_the_picture(client, large_photo):
    photo = large_photo(alt_text="Lead photo", credit="© UNODC", caption="Award recipients")
    html = page(client.get(StoryFactory(lead_photo=photo).get_absolute_url()))
    caption = html.find("figcaption", class_="story__caption").text
    assert "Award recipients" in caption
    assert "© UNODC" in caption


# The home page


def test_home_lead_story_photo_is_fetched_first_with_its_own_sizes(client, large_photo):
    StoryFactory(featured=True, lead_photo=large_photo(alt_text="Lead story photo"))
    StoryFactory(lead_photo=large_photo(alt_text="Latest story photo"))
    html = page(client.get(reverse("home")))
    source, lead = picture_parts(html, "Lead story photo")
    assert (lead.attrs["loading"], lead.attrs["fetchpriority"]) == ("eager", "high")
    assert source.attrs["sizes"] == lead.attrs["sizes"] == LAYOUTS["home-lead"].sizes
    _source, latest = picture_parts(html, "Latest story photo")
    assert (latest.attrs["loading"], latest.attrs["decoding"]) == ("lazy", "async")
    assert latest.attrs["sizes"] == LAYOUTS["story-card"].sizes


def test_home_fetches_only_the_lead_story_photo_first(client, saved_photo):
    StoryFactory(featured=True, lead_photo=saved_photo())
    for _ in range(3):
        StoryFactory(lead_photo=saved_photo())
    OfficerFactory(featured=True, photo=saved_photo())
    html = page(client.get(reverse("home")))
    assert len(html.find_all("img", fetchpriority="high")) == 1


# Officers


def test_officer_card_photo_is_lazy_with_the_people_grid_sizes(client, large_photo):
    OfficerFactory(photo=large_photo(alt_text="Portrait of Officer Ruíz Ortiz"))
    html = page(client.get(reverse("people:officer-list")))
    source, image = picture_parts(html, "Portrait of Officer Ruíz Ortiz")
    assert source.attrs["sizes"] == LAYOUTS["officer-card"].sizes
    assert (image.attrs["loading"], image.attrs["decoding"]) == ("lazy", "async")


def test_officer_profile_photo_is_fetched_first(client, large_photo):
    officer = OfficerFactory(photo=large_photo(alt_text="Portrait of Officer Ruíz Ortiz"))
    html = page(client.get(officer.get_absolute_url()))
    source, image = picture_parts(html, "Portrait of Officer Ruíz Ortiz")
    assert source.attrs["sizes"] == LAYOUTS["profile"].sizes
    assert (image.attrs["loading"], image.attrs["fetchpriority"]) == ("eager", "high")


# The tag itself


def render_picture(photo, options=""):
    template = Template("{% load photos %}{% picture photo " + options + " %}")
    return template.render(Context({"photo": photo}))


def test_photo_without_renditions_yet_is_shown_from_its_original(saved_photo):
    photo = saved_photo()
    photo.renditions = {}
    html = render_picture(photo, '"story-card"')
    assert "<picture>" not in html
    assert f'src="{photo.image.url}"' in html
    assert f'width="{photo.width}" height="{photo.height}"' in html


def test_decorative_photo_has_an_empty_alt(saved_photo):
    html = render_picture(saved_photo(alt_text="Officers"), '"story-card" decorative=True')
    assert 'alt=""' in html
    assert "Officers" not in html


def test_alt_text_is_escaped(saved_photo):
    html = render_picture(saved_photo(alt_text='Officers "at" <work>'), '"story-card"')
    assert 'alt="Officers &quot;at&quot; &lt;work&gt;"' in html


def test_unknown_layout_is_a_template_error_naming_the_layouts(saved_photo):
    with pytest.raises(TemplateSyntaxError, match="story-lead"):
        render_picture(saved_photo(), '"banner"')


# Query counts: renditions come with the photo's row


def queries_for(client, url):
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_pictures_add_no_query_to_the_home_page_at_any_size(client, saved_photo):
    def add(count):
        for _ in range(count):
            StoryFactory(featured=True, lead_photo=saved_photo())
            OfficerFactory(featured=True, photo=saved_photo())

    add(2)
    few = queries_for(client, reverse("home"))
    add(6)
    assert queries_for(client, reverse("home")) == few


def test_pictures_add_no_query_to_the_story_page_at_any_size(client, saved_photo):
    story = StoryFactory(tags=["awards"], lead_photo=saved_photo())
    StoryFactory(tags=["awards"], lead_photo=saved_photo())
    few = queries_for(client, story.get_absolute_url())
    for _ in range(2):
        StoryFactory(tags=["awards"], lead_photo=saved_photo())
    assert queries_for(client, story.get_absolute_url()) == few


def test_pictures_add_no_query_to_the_officer_list_at_any_size(client, saved_photo):
    OfficerFactory(photo=saved_photo())
    few = queries_for(client, reverse("people:officer-list"))
    for _ in range(4):
        OfficerFactory(photo=saved_photo())
    assert queries_for(client, reverse("people:officer-list")) == few


def test_page_with_renditions_runs_the_same_queries_as_without(client, saved_photo):
    with_renditions = StoryFactory(lead_photo=saved_photo())
    photo = saved_photo()
    type(photo).objects.filter(pk=photo.pk).update(renditions={})
    without = StoryFactory(lead_photo=photo)
    assert queries_for(client, with_renditions.get_absolute_url()) == queries_for(
        client, without.get_absolute_url()
    )
