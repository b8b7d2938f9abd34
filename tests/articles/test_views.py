import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from tests.factories import (
    AwardFactory,
    FurtherLinkFactory,
    MediaContactFactory,
    OfficerFactory,
    PhotoFactory,
    QuoteFactory,
    SectionFactory,
    StoryFactory,
    TrainingProgrammeFactory,
)
from tests.pages import page

pytestmark = pytest.mark.django_db

HIDDEN_STATES = [
    pytest.param({"draft": True}, id="draft"),
    pytest.param({"scheduled": True}, id="scheduled"),
    pytest.param({"withdrawn": True}, id="withdrawn"),
]


def story_page(client, story):
    response = client.get(story.get_absolute_url())
    assert response.status_code == 200
    return page(response)


# Story list


def test_story_list_shows_published_stories_newest_first(client):
    StoryFactory(headline="Older story", published_at=timezone.now() - datetime.timedelta(days=2))
    StoryFactory(headline="Newer story", published_at=timezone.now() - datetime.timedelta(days=1))
    html = page(client.get(reverse("articles:story-list")))
    assert html.texts("h2", class_="story-card__headline") == ["Newer story", "Older story"]


def test_story_card_links_headline_section_and_shows_photo_lazily(client):
    story = StoryFactory(lead_photo=PhotoFactory(alt_text="Officers at a workshop"))
    html = page(client.get(reverse("articles:story-list")))
    assert html.link_texts(story.get_absolute_url()) == [story.headline]
    assert story.section.get_absolute_url() in html.hrefs()
    image = html.find("img", alt="Officers at a workshop")
    assert image.attrs["src"] == story.lead_photo.image.url
    assert image.attrs["width"] == str(story.lead_photo.width)
    assert image.attrs["height"] == str(story.lead_photo.height)
    assert image.attrs["loading"] == "lazy"


def stories_a_day_apart(count):
    """``count`` published stories, the newest yesterday, each a day older than the last."""
    now = timezone.now()
    return [
        StoryFactory(headline=f"Story {day}", published_at=now - datetime.timedelta(days=day))
        for day in range(1, count + 1)
    ]


def card_headlines(response):
    return page(response).texts("h2", class_="story-card__headline")


def test_story_list_shows_twelve_stories_a_page_with_links_between_pages(client):
    stories_a_day_apart(13)
    first = page(client.get(reverse("articles:story-list")))
    older = first.find("a", rel="next").attrs["href"]
    second = page(client.get(reverse("articles:story-list") + older))
    assert len(first.find_all("article", class_="story-card")) == 12
    assert second.texts("h2", class_="story-card__headline") == ["Story 13"]
    assert first.find_all("a", rel="prev") == []
    assert second.find_all("a", rel="next") == []
    assert first.find("nav", class_="pagination").attrs["aria-label"]


def test_newer_link_leads_back_to_the_stories_before(client):
    stories_a_day_apart(30)
    first = client.get(reverse("articles:story-list"))
    second = client.get(
        reverse("articles:story-list") + page(first).find("a", rel="next").attrs["href"]
    )
    back = client.get(
        reverse("articles:story-list") + page(second).find("a", rel="prev").attrs["href"]
    )
    assert card_headlines(back) == card_headlines(first)
    assert card_headlines(second) == [f"Story {day}" for day in range(13, 25)]


def test_stories_published_at_the_same_moment_are_each_listed_once(client):
    moment = timezone.now() - datetime.timedelta(hours=1)
    stories = StoryFactory.create_batch(25, published_at=moment)
    seen, address = [], reverse("articles:story-list")
    while address:
        html = page(client.get(address))
        seen += html.texts("h2", class_="story-card__headline")
        older = html.find_all("a", rel="next")
        address = reverse("articles:story-list") + older[0].attrs["href"] if older else None
    assert sorted(seen) == sorted(story.headline for story in stories)


def test_story_list_pages_say_which_dates_they_cover(client):
    stories = stories_a_day_apart(13)
    html = page(client.get(reverse("articles:story-list")))
    newest, oldest_shown = stories[0].published_at, stories[11].published_at
    status = html.find("p", class_="pagination__status").text
    assert status.startswith(
        f"{date_format(newest, 'DATE_FORMAT')} to {date_format(oldest_shown, 'DATE_FORMAT')}"
    )


def test_older_story_list_pages_name_themselves_as_canonical(client):
    stories_a_day_apart(13)
    older = page(client.get(reverse("articles:story-list"))).find("a", rel="next").attrs["href"]
    html = page(client.get(reverse("articles:story-list") + older))
    canonical = html.find("link", rel="canonical").attrs["href"]
    assert canonical == f"https://news.example.org{reverse('articles:story-list')}{older}"


def test_story_list_on_one_page_has_no_pagination(client):
    StoryFactory.create_batch(2)
    html = page(client.get(reverse("articles:story-list")))
    assert html.find_all("nav", class_="pagination") == []


@pytest.mark.parametrize(
    "query",
    [
        {"page": "abc"},
        {"page": "0"},
        {"page": "2"},
        {"page": "1.5"},
        {"before": "abc"},
        {"before": "12.x"},
        {"after": "-"},
        {"before": "999999999999999999.1"},
        {"before": "1.1", "after": "1.1"},
        # Well formed, but no story is older than the start of 1970.
        {"before": "0.1"},
    ],
)
def test_story_list_answers_404_to_a_page_that_does_not_exist(client, query):
    StoryFactory.create_batch(2)
    response = client.get(reverse("articles:story-list"), query)
    assert response.status_code == 404


def test_story_list_accepts_last_for_the_oldest_stories(client):
    stories_a_day_apart(13)
    response = client.get(reverse("articles:story-list"), {"page": "last"})
    assert response.status_code == 200
    assert card_headlines(response) == [f"Story {day}" for day in range(2, 14)]
    assert page(response).find_all("a", rel="next") == []
    assert page(response).find("a", rel="prev")


def test_empty_story_list_says_so(client):
    html = page(client.get(reverse("articles:story-list")))
    assert "No stories have been published yet." in html.text


@pytest.mark.parametrize("traits", HIDDEN_STATES)
def test_unpublished_story_is_absent_from_the_story_list(client, traits):
    hidden = StoryFactory(**traits)
    StoryFactory()
    response = client.get(reverse("articles:story-list"))
    assert hidden.headline not in response.content.decode()
    assert hidden.get_absolute_url() not in page(response).hrefs()


@pytest.mark.parametrize("size", [2, 30])
@pytest.mark.parametrize("which", ["newest", "older", "last"])
def test_story_list_runs_one_query_whatever_the_page_or_the_number_of_stories(
    client, size, which, django_assert_num_queries
):
    for _ in range(size):
        StoryFactory(lead_photo=PhotoFactory(), tags=["awards"], section=SectionFactory())
    address = reverse("articles:story-list")
    if which == "older":
        address += f"?before={timezone.now().timestamp() * 1_000_000:.0f}.0"
    elif which == "last":
        address += "?page=last"
    # The page of stories with section and photo, one more than it shows; nothing is counted.
    with django_assert_num_queries(1):
        response = client.get(address)
    assert response.status_code == 200


# Story page


def test_story_page_shows_headline_standfirst_dateline_and_publisher(client):
    story = StoryFactory(
        headline="Police officers trained by UNODC in Mexico are recognized",
        standfirst="Two officers receive the Social Merit Award.",
        dateline_place="Morelia (Mexico)",
        dateline_date=datetime.date(2021, 1, 12),
    )
    html = story_page(client, story)
    assert html.texts("h1") == ["Police officers trained by UNODC in Mexico are recognized"]
    assert html.find("p", class_="story__standfirst").text == story.standfirst
    assert html.find("p", class_="dateline").text == "Morelia (Mexico), 12 January 2021"
    assert html.find("span", class_="story__publisher").text == (
        "United Nations Office on Drugs and Crime"
    )


def test_story_page_names_the_stories_own_publisher(client):
    from tests.factories import OrganisationFactory

    story = StoryFactory(publisher=OrganisationFactory(name="UNODC Liaison Office in Mexico"))
    html = story_page(client, story)
    assert html.find("span", class_="story__publisher").text == "UNODC Liaison Office in Mexico"


def test_story_page_shows_the_lead_photo_first_with_caption_credit_and_alt(client):
    photo = PhotoFactory(
        alt_text="Two officers holding framed certificates",
        caption="Award recipients",
        credit="© Photo Images / Hemera Technologies",
    )
    story = StoryFactory(lead_photo=photo, lead_photo_caption="The recipients in Morelia")
    html = story_page(client, story)
    image = html.find("img", alt="Two officers holding framed certificates")
    assert image.attrs["src"] == photo.image.url
    assert image.attrs["loading"] == "eager"
    assert image.attrs["fetchpriority"] == "high"
    assert (image.attrs["width"], image.attrs["height"]) == (str(photo.width), str(photo.height))
    caption = html.find("figcaption", class_="story__caption").text
    assert "The recipients in Morelia" in caption
    assert "© Photo Images / Hemera Technologies" in caption


def test_story_page_falls_back_to_the_photos_own_caption(client):
    story = StoryFactory(lead_photo=PhotoFactory(caption="Award recipients"))
    html = story_page(client, story)
    assert "Award recipients" in html.find("figcaption", class_="story__caption").text


def test_story_body_html_is_rendered_as_html(client):
    story = StoryFactory(body="<p>The officers were <strong>honoured</strong>.</p>")
    response = client.get(story.get_absolute_url())
    assert "<p>The officers were <strong>honoured</strong>.</p>" in response.content.decode()


def test_quote_is_a_blockquote_attributed_to_a_linked_consenting_officer(client):
    officer = OfficerFactory(full_name="Alejandra Ruíz Ortiz", rank="Officer")
    quote = QuoteFactory(officer=officer, text="We work with human beings.")
    html = story_page(client, quote.story)
    figure = html.find("figure", class_="quote")
    assert "We work with human beings." in figure.text
    assert html.find("blockquote").text == "We work with human beings."
    cite = html.find("cite")
    assert cite.text == "Officer Alejandra Ruíz Ortiz"
    assert html.link_texts(officer.get_absolute_url()) == ["Officer Alejandra Ruíz Ortiz"]
    assert officer.institution.name in html.find("figcaption", class_="quote__attribution").text


def test_quote_by_an_officer_without_consent_names_them_without_a_link(client):
    officer = OfficerFactory(without_consent=True, full_name="Gerardo Duarte", rank="Officer")
    quote = QuoteFactory(officer=officer)
    html = story_page(client, quote.story)
    assert html.find("cite").text == "Officer Gerardo Duarte"
    assert officer.get_absolute_url() not in html.hrefs()
    assert officer.institution.name not in html.text


def test_quote_by_a_speaker_without_a_profile_shows_name_and_role(client):
    quote = QuoteFactory(officer=None, speaker_name="María López", speaker_role="UNODC")
    html = story_page(client, quote.story)
    assert html.find("cite").text == "María López"
    assert "UNODC" in html.find("figcaption", class_="quote__attribution").text


def test_officers_mentioned_are_linked_only_with_consent(client):
    consenting = OfficerFactory(full_name="Alejandra Ruíz Ortiz")
    withheld = OfficerFactory(full_name="Gerardo Duarte", without_consent=True)
    story = StoryFactory(officers=[consenting, withheld])
    html = story_page(client, story)
    aside = html.find("aside", class_="story__aside").text
    assert "Alejandra Ruíz Ortiz" in aside
    assert "Gerardo Duarte" in aside
    assert consenting.get_absolute_url() in html.hrefs()
    assert withheld.get_absolute_url() not in html.hrefs()


def test_story_page_links_its_tags_programmes_and_awards(client):
    programme = TrainingProgrammeFactory(name="Strengthening Programme")
    award = AwardFactory(name="Social Merit Award")
    story = StoryFactory(tags=["police training"], programmes=[programme], awards=[award])
    html = story_page(client, story)
    tag_url = reverse("articles:tag-detail", kwargs={"slug": "police-training"})
    assert html.link_texts(tag_url) == ["police training"]
    assert html.link_texts(programme.get_absolute_url()) == ["Strengthening Programme"]
    assert html.link_texts(award.get_absolute_url()) == ["Social Merit Award"]


def test_story_page_lists_further_information_links_in_order(client):
    story = StoryFactory()
    FurtherLinkFactory(story=story, label="UNODC in Mexico", url="https://www.unodc.org/", order=2)
    FurtherLinkFactory(story=story, label="Merida Initiative", url="https://example.org/", order=1)
    html = story_page(client, story)
    further = html.find("section", class_="further")
    assert "Further information" in further.text
    assert html.texts("a", rel="external") == ["Merida Initiative", "UNODC in Mexico"]


def test_story_page_shows_related_stories_sharing_tags(client):
    story = StoryFactory(tags=["awards"])
    related = StoryFactory(headline="Another award", tags=["awards"])
    unrelated = StoryFactory(headline="Something else", tags=["other"])
    html = story_page(client, story)
    assert related.get_absolute_url() in html.hrefs()
    assert unrelated.get_absolute_url() not in html.hrefs()


@pytest.mark.parametrize("traits", HIDDEN_STATES)
def test_unpublished_story_is_not_a_related_story(client, traits):
    story = StoryFactory(tags=["awards"])
    hidden = StoryFactory(tags=["awards"], **traits)
    response = client.get(story.get_absolute_url())
    assert hidden.headline not in response.content.decode()


@pytest.mark.parametrize(
    "traits",
    [pytest.param({"draft": True}, id="draft"), pytest.param({"scheduled": True}, id="scheduled")],
)
def test_story_that_was_never_public_answers_404(client, traits):
    story = StoryFactory(**traits)
    response = client.get(story.get_absolute_url())
    assert response.status_code == 404
    assert story.headline not in response.content.decode()


def test_unknown_story_answers_404(client):
    response = client.get(reverse("articles:story-detail", kwargs={"slug": "no-such-story"}))
    assert response.status_code == 404


def test_withdrawn_story_answers_410_with_a_page_that_reveals_nothing_of_it(client):
    story = StoryFactory(
        withdrawn=True,
        headline="Withdrawn headline",
        standfirst="Withdrawn standfirst",
        body="<p>Withdrawn body</p>",
        lead_photo=PhotoFactory(alt_text="Withdrawn photo", caption="Withdrawn caption"),
        tags=["withdrawn-tag"],
    )
    QuoteFactory(story=story, text="Withdrawn quote")
    response = client.get(story.get_absolute_url())
    assert response.status_code == 410
    assert "articles/story_gone.html" in [template.name for template in response.templates]
    html = page(response)
    assert html.texts("h1") == ["This story has been withdrawn"]
    content = response.content.decode()
    for secret in (
        "Withdrawn headline",
        "Withdrawn standfirst",
        "Withdrawn body",
        "Withdrawn photo",
        "Withdrawn caption",
        "Withdrawn quote",
        "withdrawn-tag",
        story.lead_photo.image.url,
    ):
        assert secret not in content


def test_withdrawn_story_page_asks_search_engines_to_forget_it(client):
    story = StoryFactory(withdrawn=True)
    html = page(client.get(story.get_absolute_url()))
    assert html.find("meta", name="robots").attrs["content"] == "noindex"
    assert html.find_all("link", rel="canonical") == []


def test_story_page_describes_itself_for_sharing(client):
    story = StoryFactory(lead_photo=PhotoFactory(), standfirst="Two officers are recognised.")
    html = story_page(client, story)
    assert html.find("meta", property="og:type").attrs["content"] == "article"
    assert html.find("meta", property="og:title").attrs["content"] == story.headline
    assert html.find("meta", name="description").attrs["content"] == story.standfirst
    assert html.find("meta", property="og:image").attrs["content"] == (
        "https://news.example.org" + story.lead_photo.image.url
    )
    assert html.find("link", rel="canonical").attrs["href"] == (
        "https://news.example.org" + story.get_absolute_url()
    )


def build_full_story(size):
    """A story with ``size`` each of quotes, officers, tags, links, programmes, awards and media
    contacts."""
    tags = [f"topic {index}" for index in range(size)]
    officers = [OfficerFactory(public_profile_consent=index % 2 == 0) for index in range(size)]
    story = StoryFactory(
        lead_photo=PhotoFactory(),
        publisher=None,
        tags=tags,
        officers=officers,
        programmes=TrainingProgrammeFactory.create_batch(size),
        awards=AwardFactory.create_batch(size),
        media_contacts=MediaContactFactory.create_batch(size),
    )
    for officer in officers:
        QuoteFactory(story=story, officer=officer)
    FurtherLinkFactory.create_batch(size, story=story)
    for tag in tags:
        StoryFactory(tags=[tag], lead_photo=PhotoFactory())
    return story


@pytest.mark.parametrize("size", [2, 12])
def test_story_page_runs_eight_queries_whatever_it_shows(client, size, django_assert_num_queries):
    story = build_full_story(size)
    # The story with section, photo, publisher and what its freshness stamp depends on; its
    # tags, quotes (with speaker and institution) and officers; its links, programmes, awards
    # and media contacts together; its editions in other languages; its corrections; related
    # stories.
    with django_assert_num_queries(8):
        response = client.get(story.get_absolute_url())
    assert response.status_code == 200
    assert len(page(response).find_all("figure", class_="quote")) == size
    assert len(page(response).find_all("div", class_="media-contact")) == size


# Tag pages


def test_tag_page_lists_only_stories_with_the_tag(client):
    tagged = StoryFactory(tags=["awards"])
    other = StoryFactory(tags=["training"])
    html = page(client.get(reverse("articles:tag-detail", kwargs={"slug": "awards"})))
    assert html.texts("h1") == ["Tagged “awards”"]
    assert tagged.get_absolute_url() in html.hrefs()
    assert other.get_absolute_url() not in html.hrefs()


@pytest.mark.parametrize("traits", HIDDEN_STATES)
def test_unpublished_story_is_absent_from_its_tag_page(client, traits):
    hidden = StoryFactory(tags=["awards"], **traits)
    StoryFactory(tags=["awards"])
    response = client.get(reverse("articles:tag-detail", kwargs={"slug": "awards"}))
    assert hidden.headline not in response.content.decode()


def test_tag_with_accents_links_to_a_working_page(client):
    story = StoryFactory(tags=["Michoacán"])
    tag_url = reverse("articles:tag-detail", kwargs={"slug": "michoacan"})
    assert story_page(client, story).link_texts(tag_url) == ["Michoacán"]
    assert client.get(tag_url).status_code == 200


def test_tag_only_unpublished_stories_carry_has_no_page(client):
    StoryFactory(tags=["secret-plans"], draft=True)
    response = client.get(reverse("articles:tag-detail", kwargs={"slug": "secret-plans"}))
    assert response.status_code == 404


def test_unknown_tag_answers_404(client):
    response = client.get(reverse("articles:tag-detail", kwargs={"slug": "nothing"}))
    assert response.status_code == 404


@pytest.mark.parametrize("page_number", ["abc", "0", "999", "2"])
def test_tag_page_answers_404_to_a_page_that_does_not_exist(client, page_number):
    StoryFactory(tags=["awards"])
    url = reverse("articles:tag-detail", kwargs={"slug": "awards"})
    assert client.get(url, {"page": page_number}).status_code == 404


@pytest.mark.parametrize("size", [2, 12])
def test_tag_page_runs_two_queries_whatever_the_number_of_stories(
    client, size, django_assert_num_queries
):
    for _ in range(size):
        StoryFactory(tags=["awards", "training"], lead_photo=PhotoFactory())
    # The tag, the page of stories.
    with django_assert_num_queries(2):
        response = client.get(reverse("articles:tag-detail", kwargs={"slug": "awards"}))
    assert len(page(response).find_all("article", class_="story-card")) == size


# Section pages


def test_section_page_lists_only_its_stories_with_its_description(client):
    features = SectionFactory(name="Feature", slug="feature", description="Longer profiles.")
    feature = StoryFactory(section=features)
    news = StoryFactory()
    html = page(client.get(features.get_absolute_url()))
    assert html.texts("h1") == ["Feature"]
    assert "Longer profiles." in html.text
    assert feature.get_absolute_url() in html.hrefs()
    assert news.get_absolute_url() not in html.hrefs()


def test_empty_section_page_says_so(client):
    section = SectionFactory(name="Feature", slug="feature")
    html = page(client.get(section.get_absolute_url()))
    assert "Nothing has been published in this section yet." in html.text


@pytest.mark.parametrize("traits", HIDDEN_STATES)
def test_unpublished_story_is_absent_from_its_section_page(client, traits):
    hidden = StoryFactory(**traits)
    response = client.get(hidden.section.get_absolute_url())
    assert hidden.headline not in response.content.decode()


def test_unknown_section_answers_404(client):
    response = client.get(reverse("articles:section-detail", kwargs={"slug": "nothing"}))
    assert response.status_code == 404


@pytest.mark.parametrize("size", [2, 12])
def test_section_page_runs_two_queries_whatever_the_number_of_stories(
    client, size, django_assert_num_queries
):
    section = SectionFactory()
    for _ in range(size):
        StoryFactory(section=section, lead_photo=PhotoFactory())
    # The section, the page of stories.
    with django_assert_num_queries(2):
        response = client.get(section.get_absolute_url())
    assert len(page(response).find_all("article", class_="story-card")) == size


# Navigation


@pytest.mark.parametrize(
    ("url_name", "current"),
    [("articles:story-list", "page"), ("articles:section-detail", "true")],
)
def test_stories_is_the_current_section_of_the_site_on_story_pages(client, url_name, current):
    story = StoryFactory()
    kwargs = {"slug": story.section.slug} if url_name == "articles:section-detail" else {}
    html = page(client.get(reverse(url_name, kwargs=kwargs)))
    nav_link = html.find("a", href=reverse("articles:story-list"), class_="site-nav__link")
    assert nav_link.attrs["aria-current"] == current
    others = [link for link in html.find_all("a", class_="site-nav__link") if link is not nav_link]
    assert all("aria-current" not in link.attrs for link in others)


# Escaping


HOSTILE = '<script>alert("x")</script>'


def test_story_fields_are_escaped_on_the_story_page(client):
    officer = OfficerFactory(full_name=f"Officer {HOSTILE}")
    story = StoryFactory(
        headline=f"Headline {HOSTILE}",
        standfirst=f"Standfirst {HOSTILE}",
        dateline_place=f"Place {HOSTILE}",
        lead_photo=PhotoFactory(alt_text=f'Alt "{HOSTILE}', caption=f"Caption {HOSTILE}"),
        tags=[f"tag {HOSTILE}"],
        officers=[officer],
    )
    QuoteFactory(story=story, officer=officer, text=f"Quote {HOSTILE}")
    FurtherLinkFactory(story=story, label=f"Link {HOSTILE}")
    content = client.get(story.get_absolute_url()).content.decode()
    assert "<script>alert" not in content
    assert content.count("&lt;script&gt;") >= 8


@pytest.mark.parametrize("url_name", ["articles:story-list", "articles:tag-detail", "section"])
def test_headline_is_escaped_on_story_lists(client, url_name):
    story = StoryFactory(headline=f"Headline {HOSTILE}", tags=["awards"])
    url = {
        "articles:story-list": reverse("articles:story-list"),
        "articles:tag-detail": reverse("articles:tag-detail", kwargs={"slug": "awards"}),
        "section": story.section.get_absolute_url(),
    }[url_name]
    content = client.get(url).content.decode()
    assert "<script>alert" not in content
    assert "Headline &lt;script&gt;" in content


def test_headline_is_escaped_among_related_stories(client):
    story = StoryFactory(tags=["awards"])
    StoryFactory(headline=f"Related {HOSTILE}", tags=["awards"])
    content = client.get(story.get_absolute_url()).content.decode()
    assert "<script>alert" not in content
    assert "Related &lt;script&gt;" in content


def test_a_tag_without_a_usable_slug_is_shown_unlinked_and_not_listed(client):
    story = StoryFactory(tags=["🌟", "awards"])
    response = client.get(story.get_absolute_url())
    assert response.status_code == 200
    assert "🌟" in response.content.decode()
    sitemap = client.get(reverse("sitemap-section", kwargs={"section": "tags"}))
    assert sitemap.status_code == 200
    assert b"/tags//" not in sitemap.content
