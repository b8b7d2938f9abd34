import datetime

import pytest
import time_machine
from django.contrib.admin.models import LogEntry
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.models import Section, Story
from tests.factories import (
    AwardFactory,
    EditorFactory,
    FurtherLinkFactory,
    OfficerFactory,
    PhotoFactory,
    QuoteFactory,
    SectionFactory,
    StoryFactory,
    TrainingProgrammeFactory,
    UserFactory,
    WriterFactory,
)
from tests.pages import page

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2021, 1, 12, 15, 0, tzinfo=datetime.UTC)

STORY_CHANGELIST = reverse("admin:articles_story_changelist")
STORY_ADD = reverse("admin:articles_story_add")
SECTION_CHANGELIST = reverse("admin:articles_section_changelist")
SECTION_ADD = reverse("admin:articles_section_add")

# Change lists run this many queries whatever the number of rows (session, user, count, rows,
# filters, date hierarchy); a per-row query would make the two sizes differ. The story list's
# status column reads when each story last moved in the rows' own query.
STORY_CHANGELIST_QUERIES = 8
# A Writer's list also reads their permissions (their own and their groups'), which a
# superuser's skips; it counts and lists their own stories in the same queries.
WRITER_STORY_CHANGELIST_QUERIES = 10
SECTION_CHANGELIST_QUERIES = 5


def change_url(story):
    return reverse("admin:articles_story_change", args=[story.pk])


def inline_management(prefix, total=0, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def story_form_data(**fields):
    """What the story form posts for a story without quotes or links, with ``fields`` changed."""
    data = {
        "headline": "Police officers trained by UNODC in Mexico are recognized",
        "slug": "police-officers-recognized",
        "standfirst": "Two officers receive the Social Merit Award.",
        "body": "<p>Two police officers trained by UNODC have received the award.</p>",
        "dateline_place": "Morelia (Mexico)",
        "dateline_date": "2021-01-12",
        "lead_photo": "",
        "lead_photo_caption": "",
        "tags": "gender, police",
        "published_at_0": "",
        "published_at_1": "",
        "language": "en",
        "publisher": "",
        **inline_management("quotes"),
        **inline_management("links"),
        **inline_management("corrections"),
        **fields,
    }
    if "section" not in data:
        data["section"] = str(SectionFactory().pk)
    return data


def existing_story_form_data(story, **fields):
    """What the change form posts for ``story`` as stored, with ``fields`` changed."""
    published_at = story.published_at
    return story_form_data(
        **{
            "headline": story.headline,
            "slug": story.slug,
            "standfirst": story.standfirst,
            "section": str(story.section_id),
            "published_at_0": published_at.strftime("%Y-%m-%d") if published_at else "",
            "published_at_1": published_at.strftime("%H:%M:%S") if published_at else "",
            "base_version": str(story.version),
            **fields,
        }
    )


def form_errors(response):
    """Every error message the admin page shows, from the main form and the inlines."""
    errors = [message for error_list in response.context["errors"] for message in error_list]
    for formset in response.context["inline_admin_formsets"]:
        errors.extend(formset.formset.non_form_errors())
    return errors


def message_texts(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


# Change list


@pytest.mark.parametrize("rows", [3, 15])
def test_story_change_list_runs_a_fixed_number_of_queries(
    staff_client, django_assert_num_queries, rows
):
    for _ in range(rows):
        StoryFactory(lead_photo=PhotoFactory(), updated_by=UserFactory())
    with django_assert_num_queries(STORY_CHANGELIST_QUERIES):
        response = staff_client.get(STORY_CHANGELIST)
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == rows


@pytest.mark.parametrize("rows", [3, 15])
def test_a_writers_story_list_runs_a_fixed_number_of_queries(
    client, django_assert_num_queries, rows
):
    writer = WriterFactory()
    for _ in range(rows):
        StoryFactory(created_by=writer, lead_photo=PhotoFactory(), updated_by=UserFactory())
        StoryFactory(created_by=WriterFactory())
    client.force_login(writer)
    with django_assert_num_queries(WRITER_STORY_CHANGELIST_QUERIES):
        response = client.get(STORY_CHANGELIST)
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == rows


def test_story_change_list_shows_the_lead_photo_thumbnail_with_its_alt_text(staff_client):
    photo = PhotoFactory(alt_text="Two officers holding certificates")
    StoryFactory(lead_photo=photo)
    response = staff_client.get(STORY_CHANGELIST)
    assert f'src="{photo.image.url}" alt="Two officers holding certificates"' in (
        response.content.decode()
    )


def test_story_change_list_says_a_scheduled_story_is_scheduled_and_when(staff_client):
    StoryFactory(scheduled=True)
    response = staff_client.get(STORY_CHANGELIST)
    assert "Scheduled for" in response.content.decode()


def test_story_change_list_says_a_published_story_is_public_and_since_when(staff_client):
    StoryFactory()
    response = staff_client.get(STORY_CHANGELIST)
    assert "Public since" in response.content.decode()


def test_story_change_list_says_since_when_a_story_is_in_review(staff_client):
    writer = WriterFactory()
    story = StoryFactory(draft=True, created_by=writer)
    services.submit_for_review(story=story, user=writer)
    response = staff_client.get(STORY_CHANGELIST)
    assert "In review since" in response.content.decode()


def test_story_change_list_shows_language_author_and_last_change(staff_client):
    writer = WriterFactory(first_name="Ana", last_name="Ruiz")
    StoryFactory(created_by=writer, updated_by=writer, language="es")
    html = page(staff_client.get(STORY_CHANGELIST))

    def column(name):
        return html.find("td", class_=f"field-{name}").text

    assert (column("language"), column("author")) == ("Spanish", "Ana Ruiz")
    assert column("last_change").endswith(" by Ana Ruiz")


def test_the_mine_filter_lists_only_ones_own_stories(client):
    editor = EditorFactory()
    StoryFactory(created_by=editor, headline="Mine")
    StoryFactory(created_by=WriterFactory(), headline="Theirs")
    client.force_login(editor)
    response = client.get(STORY_CHANGELIST + "?mine=1")
    assert [story.headline for story in response.context["cl"].result_list] == ["Mine"]


def test_the_story_list_filters_are_the_ones_staff_use(staff_client):
    StoryFactory(section=SectionFactory(name="News", slug="news"))
    StoryFactory(section=SectionFactory(name="Features", slug="features"))
    response = staff_client.get(STORY_CHANGELIST)
    titles = [str(spec.title) for spec in response.context["cl"].filter_specs]
    assert titles == ["whose", "publication", "language", "section"]


def test_publication_filter_lists_only_scheduled_stories(staff_client):
    scheduled = StoryFactory(scheduled=True)
    StoryFactory()
    StoryFactory(draft=True)
    response = staff_client.get(STORY_CHANGELIST, {"publication": "scheduled"})
    assert list(response.context["cl"].result_list) == [scheduled]


def test_publication_filter_lists_only_stories_public_now(staff_client):
    public = StoryFactory()
    StoryFactory(scheduled=True)
    StoryFactory(draft=True)
    response = staff_client.get(STORY_CHANGELIST, {"publication": "public"})
    assert list(response.context["cl"].result_list) == [public]


def test_publication_filter_lists_exactly_the_stories_in_review(staff_client):
    writer = WriterFactory()
    waiting = []
    for _ in range(2):
        story = StoryFactory(draft=True, created_by=writer)
        services.submit_for_review(story=story, user=writer)
        waiting.append(story)
    returned = StoryFactory(draft=True, created_by=writer)
    services.submit_for_review(story=returned, user=writer)
    services.return_to_draft(story=returned, user=EditorFactory(), note="Name the officers.")
    StoryFactory(draft=True)
    StoryFactory(scheduled=True)
    StoryFactory()
    StoryFactory(withdrawn=True)
    response = staff_client.get(STORY_CHANGELIST, {"publication": "in_review"})
    assert set(response.context["cl"].result_list) == set(waiting)


def test_story_change_list_renders_with_filter_counts(staff_client):
    StoryFactory(scheduled=True, tags=["police"])
    StoryFactory(draft=True)
    response = staff_client.get(STORY_CHANGELIST, {"_facets": "True"})
    assert response.status_code == 200
    assert "Scheduled (1)" in response.content.decode()


def test_story_search_finds_words_in_the_standfirst(staff_client):
    wanted = StoryFactory(standfirst="Officers receive the Social Merit Award in Michoacán.")
    StoryFactory(standfirst="A programme reaches 25 states.")
    response = staff_client.get(STORY_CHANGELIST, {"q": "Merit"})
    assert list(response.context["cl"].result_list) == [wanted]


# Forms


def test_story_add_form_renders_with_save_draft_and_publish_buttons(staff_client):
    response = staff_client.get(STORY_ADD)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="_save_draft"' in html
    assert 'value="Publish" class="default" name="_publish"' in html


def test_story_change_form_renders(staff_client):
    story = StoryFactory(lead_photo=PhotoFactory(), tags=["police"])
    QuoteFactory(story=story)
    FurtherLinkFactory(story=story)
    response = staff_client.get(change_url(story))
    assert response.status_code == 200
    assert response.context["original"] == story


def test_public_story_form_offers_update_instead_of_save_draft(staff_client):
    response = staff_client.get(change_url(StoryFactory()))
    html = response.content.decode()
    assert 'value="Update" class="default" name="_publish"' in html
    assert 'name="_save_draft"' not in html


def test_story_with_a_future_publication_time_offers_schedule(staff_client):
    response = staff_client.get(change_url(StoryFactory(scheduled=True)))
    html = response.content.decode()
    assert 'value="Schedule" class="default" name="_publish"' in html
    assert 'name="_save_draft"' in html


def test_story_change_form_previews_the_lead_photo(staff_client):
    photo = PhotoFactory(alt_text="Two officers holding certificates")
    response = staff_client.get(change_url(StoryFactory(lead_photo=photo)))
    assert (
        'alt="Two officers holding certificates" width="64" height="48" class="admin-preview"'
        in (response.content.decode())
    )


def test_story_change_form_says_when_there_is_no_lead_photo_yet(staff_client):
    response = staff_client.get(change_url(StoryFactory(lead_photo=None)))
    html = response.content.decode()
    assert "No lead photo chosen yet." in html
    assert ">None<" not in html


def test_published_story_links_to_its_public_page(staff_client):
    story = StoryFactory()
    response = staff_client.get(change_url(story))
    assert f'href="{story.get_absolute_url()}"' in response.content.decode()


@pytest.mark.parametrize("traits", [{"draft": True}, {"scheduled": True}])
def test_unpublished_story_has_no_view_on_site_link(staff_client, traits):
    story = StoryFactory(**traits)
    response = staff_client.get(change_url(story))
    assert not response.context["has_absolute_url"]
    assert story.get_absolute_url() not in response.content.decode()


def test_officer_autocomplete_on_the_story_form_finds_officers_by_name(staff_client):
    wanted = OfficerFactory(full_name="Alejandra Ruíz Ortiz")
    OfficerFactory(full_name="Gerardo Daniel Duarte Arroyo")
    response = staff_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "articles", "model_name": "story", "field_name": "officers", "term": "Ruíz"},
    )
    assert [result["id"] for result in response.json()["results"]] == [str(wanted.pk)]


def test_the_records_page_offers_every_model_staff_edit_directly(staff_client):
    html = staff_client.get(reverse("admin:models")).content.decode()
    for model in [
        "articles_section",
        "articles_story",
        "people_organisation",
        "people_role",
        "people_officer",
        "people_award",
        "people_awardconferral",
        "people_framework",
        "people_trainingprogramme",
        "people_participation",
        "photos_photo",
        "taggit_tag",
    ]:
        assert reverse(f"admin:{model}_changelist") in html


# Saving draft, publishing, scheduling


def test_save_draft_adds_a_story_readers_cannot_see(staff_client):
    response = staff_client.post(STORY_ADD, story_form_data(_save_draft="Save draft"))
    assert response.status_code == 302
    story = Story.objects.get(slug="police-officers-recognized")
    assert story.status == Story.Status.DRAFT
    assert not Story.objects.published().exists()


def test_story_added_through_the_admin_keeps_its_tags_and_people(staff_client):
    officer = OfficerFactory()
    programme = TrainingProgrammeFactory()
    award = AwardFactory()
    staff_client.post(
        STORY_ADD,
        story_form_data(
            officers=[officer.pk],
            programmes=[programme.pk],
            awards=[award.pk],
            _save_draft="Save draft",
        ),
    )
    story = Story.objects.get(slug="police-officers-recognized")
    assert sorted(tag.name for tag in story.tags.all()) == ["gender", "police"]
    assert list(story.officers.all()) == [officer]
    assert list(story.programmes.all()) == [programme]
    assert list(story.awards.all()) == [award]


def test_story_is_saved_with_its_quotes_and_further_links(staff_client):
    officer = OfficerFactory()
    data = story_form_data(_save_draft="Save draft")
    data.update(
        {
            **inline_management("quotes", total=2),
            "quotes-0-text": "Highlighting the work of the police force has been rewarding.",
            "quotes-0-officer": str(officer.pk),
            "quotes-0-order": "0",
            "quotes-1-text": "The programme trains first responders.",
            "quotes-1-speaker_name": "María López",
            "quotes-1-speaker_role": "Programme coordinator, UNODC",
            "quotes-1-order": "1",
            **inline_management("links", total=1),
            "links-0-label": "UNODC in Mexico",
            "links-0-url": "https://www.unodc.org/",
            "links-0-order": "0",
        }
    )
    response = staff_client.post(STORY_ADD, data)
    assert response.status_code == 302
    story = Story.objects.get(slug="police-officers-recognized")
    assert [quote.attribution for quote in story.quotes.all()] == [
        officer.display_name,
        "María López",
    ]
    assert [link.url for link in story.links.all()] == ["https://www.unodc.org/"]


def test_publish_button_makes_a_new_story_public_now(staff_client):
    with time_machine.travel(NOW, tick=False):
        staff_client.post(STORY_ADD, story_form_data(_publish="Publish"))
        story = Story.objects.get(slug="police-officers-recognized")
        assert story.status == Story.Status.PUBLISHED
        assert story.published_at == NOW
        assert list(Story.objects.published()) == [story]


def test_publish_button_with_a_future_time_schedules_the_story(staff_client):
    with time_machine.travel(NOW, tick=False):
        staff_client.post(
            STORY_ADD,
            story_form_data(
                published_at_0="2021-01-13", published_at_1="09:00:00", _publish="Publish"
            ),
        )
        story = Story.objects.get(slug="police-officers-recognized")
        assert story.is_scheduled()
        assert not Story.objects.published().exists()


def test_publish_button_reports_that_the_story_is_public(staff_client):
    story = StoryFactory(draft=True)
    response = staff_client.post(
        change_url(story), existing_story_form_data(story, _publish="Publish")
    )
    assert f"“{story.headline}” is public." in message_texts(response)


def test_publish_button_publishes_an_existing_draft(staff_client):
    story = StoryFactory(draft=True)
    staff_client.post(change_url(story), existing_story_form_data(story, _publish="Publish"))
    story.refresh_from_db()
    assert story.is_published()


def test_save_draft_takes_a_scheduled_story_off_the_schedule(staff_client):
    story = StoryFactory(scheduled=True)
    staff_client.post(change_url(story), existing_story_form_data(story, _save_draft="Save draft"))
    story.refresh_from_db()
    assert story.status == Story.Status.DRAFT


def test_save_draft_keeps_a_draft_a_draft(staff_client):
    story = StoryFactory(draft=True)
    staff_client.post(
        change_url(story),
        existing_story_form_data(story, standfirst="Rewritten.", _save_draft="Save draft"),
    )
    story.refresh_from_db()
    assert (story.status, story.standfirst) == (Story.Status.DRAFT, "Rewritten.")


def test_update_button_keeps_a_public_story_public_at_its_original_time(staff_client):
    story = StoryFactory()
    published_at = story.published_at.replace(microsecond=0)
    Story.objects.filter(pk=story.pk).update(published_at=published_at)
    story.refresh_from_db()
    staff_client.post(
        change_url(story), existing_story_form_data(story, standfirst="New.", _publish="Update")
    )
    story.refresh_from_db()
    assert story.is_published()
    assert story.published_at == published_at


def test_save_and_continue_leaves_the_status_alone(staff_client):
    story = StoryFactory(draft=True)
    staff_client.post(change_url(story), existing_story_form_data(story, _continue="Save"))
    story.refresh_from_db()
    assert story.status == Story.Status.DRAFT


# Who did it


def test_adding_a_story_records_who_created_and_last_edited_it(staff_client):
    staff_client.post(STORY_ADD, story_form_data(_save_draft="Save draft"))
    story = Story.objects.get(slug="police-officers-recognized")
    assert story.created_by == staff_client.user
    assert story.updated_by == staff_client.user


def test_editing_a_story_records_the_editor_and_keeps_the_creator(staff_client):
    author = UserFactory()
    story = StoryFactory(draft=True, created_by=author, updated_by=author)
    staff_client.post(change_url(story), existing_story_form_data(story, _save_draft="Save"))
    story.refresh_from_db()
    assert story.created_by == author
    assert story.updated_by == staff_client.user


def test_publishing_is_recorded_in_the_story_history(staff_client):
    story = StoryFactory(draft=True)
    staff_client.post(change_url(story), existing_story_form_data(story, _publish="Publish"))
    messages = [
        entry.get_change_message()
        for entry in LogEntry.objects.filter(object_id=str(story.pk), user=staff_client.user)
    ]
    assert "Status: Draft → Published." in messages


# Refused input


def test_changing_the_slug_of_a_published_story_is_refused(staff_client):
    story = StoryFactory(slug="officers-recognized")
    response = staff_client.post(
        change_url(story), existing_story_form_data(story, slug="new-address", _publish="Update")
    )
    assert response.status_code == 200
    assert (
        "This story has been published as “officers-recognized”; its address cannot change, "
        "or links to it would break." in form_errors(response)
    )
    story.refresh_from_db()
    assert story.slug == "officers-recognized"


def test_quote_with_neither_officer_nor_speaker_name_is_refused(staff_client):
    data = story_form_data(_save_draft="Save draft")
    data.update(
        {**inline_management("quotes", total=1), "quotes-0-text": "Words.", "quotes-0-order": "0"}
    )
    response = staff_client.post(STORY_ADD, data)
    assert response.status_code == 200
    assert "Choose an officer or give the speaker's name." in form_errors(response)
    assert not Story.objects.exists()


def test_story_without_a_section_is_refused(staff_client):
    response = staff_client.post(STORY_ADD, story_form_data(section=""))
    assert response.status_code == 200
    assert "This field is required." in form_errors(response)


# Actions


def run_action(client, action, stories):
    return client.post(
        STORY_CHANGELIST,
        {"action": action, "_selected_action": [story.pk for story in stories]},
        follow=True,
    )


def test_publish_action_publishes_the_selected_drafts_and_says_how_many(staff_client):
    drafts = StoryFactory.create_batch(2, draft=True)
    untouched = StoryFactory(draft=True)
    response = run_action(staff_client, "publish_selected", drafts)
    assert "2 stories published." in message_texts(response)
    assert set(Story.objects.published()) == set(drafts)
    untouched.refresh_from_db()
    assert untouched.status == Story.Status.DRAFT


def test_publish_action_records_the_user(staff_client):
    story = StoryFactory(draft=True)
    run_action(staff_client, "publish_selected", [story])
    story.refresh_from_db()
    assert story.updated_by == staff_client.user


def test_publish_action_keeps_a_future_publication_time_and_says_so(staff_client):
    story = StoryFactory(draft=True, published_at=timezone.now() + datetime.timedelta(days=2))
    response = run_action(staff_client, "publish_selected", [story])
    story.refresh_from_db()
    assert story.is_scheduled()
    assert "1 story scheduled: it goes public at its publication time." in message_texts(response)


def test_publish_action_changes_nothing_when_all_are_published_and_says_so(staff_client):
    story = StoryFactory()
    updated_at = story.updated_at
    response = run_action(staff_client, "publish_selected", [story])
    story.refresh_from_db()
    assert story.updated_at == updated_at
    assert "No story changed: the selected stories were already published." in (
        message_texts(response)
    )


def test_move_to_draft_action_takes_published_and_scheduled_stories_down(staff_client):
    public = StoryFactory()
    scheduled = StoryFactory(scheduled=True)
    response = run_action(staff_client, "move_selected_to_draft", [public, scheduled])
    assert "2 stories moved back to draft." in message_texts(response)
    assert set(Story.objects.values_list("status", flat=True)) == {Story.Status.DRAFT}


def test_move_to_draft_action_counts_only_stories_that_changed(staff_client):
    public = StoryFactory()
    draft = StoryFactory(draft=True)
    response = run_action(staff_client, "move_selected_to_draft", [public, draft])
    assert "1 story moved back to draft." in message_texts(response)


def test_moving_a_story_to_draft_is_recorded_in_its_history(staff_client):
    story = StoryFactory()
    run_action(staff_client, "move_selected_to_draft", [story])
    entry = LogEntry.objects.get(object_id=str(story.pk))
    assert (entry.user, entry.get_change_message()) == (
        staff_client.user,
        "Status: Published → Draft.",
    )


# Sections


@pytest.mark.parametrize("rows", [3, 15])
def test_section_change_list_runs_a_fixed_number_of_queries(
    staff_client, django_assert_num_queries, rows
):
    for number in range(rows):
        section = SectionFactory(name=f"Section {number}", slug=f"section-{number}")
        StoryFactory(section=section)
    with django_assert_num_queries(SECTION_CHANGELIST_QUERIES):
        response = staff_client.get(SECTION_CHANGELIST)
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == rows


def test_section_add_form_renders(staff_client):
    assert staff_client.get(SECTION_ADD).status_code == 200


def test_section_change_form_renders(staff_client):
    section = SectionFactory()
    response = staff_client.get(reverse("admin:articles_section_change", args=[section.pk]))
    assert response.status_code == 200
    assert response.context["original"] == section


def test_section_view_on_site_leads_to_the_section_page(staff_client):
    section = SectionFactory()
    response = staff_client.get(reverse("admin:articles_section_change", args=[section.pk]))
    redirect = staff_client.get(response.context["absolute_url"])
    assert redirect.url.endswith(section.get_absolute_url())


def test_section_is_added_through_the_admin(staff_client):
    response = staff_client.post(
        SECTION_ADD,
        {"name": "Press release", "slug": "press-release", "description": "", "order": "2"},
    )
    assert response.status_code == 302
    assert Section.objects.get(slug="press-release").name == "Press release"
