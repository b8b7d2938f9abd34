import pytest
from django.urls import reverse

from people.models import (
    Award,
    AwardConferral,
    Framework,
    MediaContact,
    Officer,
    Organisation,
    Participation,
    ReachFigure,
    Role,
    TrainingProgramme,
)
from tests.factories import (
    AwardConferralFactory,
    AwardFactory,
    FrameworkFactory,
    MediaContactFactory,
    OfficerFactory,
    OrganisationFactory,
    ParticipationFactory,
    PhotoFactory,
    ReachFigureFactory,
    RoleFactory,
    StaffUserFactory,
    StoryFactory,
    TrainingProgrammeFactory,
    WriterFactory,
)
from tests.pages import page

pytestmark = pytest.mark.django_db


def admin_url(model, view, *args):
    return reverse(f"admin:people_{model._meta.model_name}_{view}", args=args)


def inline_management(prefix, total=0, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def form_errors(response):
    """Every error message the admin page shows, from the main form and the inlines."""
    return [message for error_list in response.context["errors"] for message in error_list]


def make_officer(number):
    return OfficerFactory(photo=PhotoFactory())


def make_role(number):
    role = RoleFactory(name=f"Role {number}")
    OfficerFactory().roles.add(role)
    return role


def make_framework(number):
    framework = FrameworkFactory(name=f"Framework {number}")
    TrainingProgrammeFactory().frameworks.add(framework)
    return framework


def make_award(number):
    award = AwardFactory()
    AwardConferralFactory(award=award)
    return award


def make_programme(number):
    return TrainingProgrammeFactory(lead_organisation=OrganisationFactory())


def make_conferral(number):
    return AwardConferralFactory(story=StoryFactory())


# (model, how to make one row with everything its change list shows, queries at any size)
CHANGE_LISTS = [
    pytest.param(Organisation, lambda number: OrganisationFactory(), 5, id="organisation"),
    pytest.param(Role, make_role, 5, id="role"),
    pytest.param(Officer, make_officer, 8, id="officer"),
    pytest.param(Award, make_award, 6, id="award"),
    pytest.param(AwardConferral, make_conferral, 8, id="conferral"),
    pytest.param(Framework, make_framework, 5, id="framework"),
    pytest.param(TrainingProgramme, make_programme, 7, id="programme"),
    pytest.param(Participation, lambda number: ParticipationFactory(), 7, id="participation"),
    pytest.param(MediaContact, lambda number: MediaContactFactory(), 6, id="media-contact"),
]


def officer_with_conferral_and_participation():
    return ParticipationFactory(officer=AwardConferralFactory().officer).officer


def programme_with_reach_and_participant():
    return ParticipationFactory(programme=ReachFigureFactory().programme).programme


# (model, how to make an object whose change form shows every inline filled in)
CHANGE_FORMS = [
    pytest.param(Organisation, OrganisationFactory, id="organisation"),
    pytest.param(Role, RoleFactory, id="role"),
    pytest.param(Officer, officer_with_conferral_and_participation, id="officer"),
    pytest.param(Award, lambda: AwardConferralFactory().award, id="award"),
    pytest.param(AwardConferral, AwardConferralFactory, id="conferral"),
    pytest.param(Framework, FrameworkFactory, id="framework"),
    pytest.param(TrainingProgramme, programme_with_reach_and_participant, id="programme"),
    pytest.param(Participation, ParticipationFactory, id="participation"),
    pytest.param(MediaContact, MediaContactFactory, id="media-contact"),
]


@pytest.mark.parametrize("rows", [3, 15])
@pytest.mark.parametrize(("model", "make_row", "queries"), CHANGE_LISTS)
def test_change_list_runs_a_fixed_number_of_queries(
    staff_client, django_assert_num_queries, model, make_row, queries, rows
):
    for number in range(rows):
        make_row(number)
    with django_assert_num_queries(queries):
        response = staff_client.get(admin_url(model, "changelist"))
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == rows


@pytest.mark.parametrize(("model", "make_item"), CHANGE_FORMS)
def test_add_form_renders(staff_client, model, make_item):
    assert staff_client.get(admin_url(model, "add")).status_code == 200


@pytest.mark.parametrize(("model", "make_item"), CHANGE_FORMS)
def test_change_form_renders(staff_client, model, make_item):
    item = make_item()
    response = staff_client.get(admin_url(model, "change", item.pk))
    assert response.status_code == 200
    assert response.context["original"] == item


# Officers


def officer_form_data(**fields):
    return {
        "full_name": "Alejandra Ruíz Ortiz",
        "slug": "alejandra-ruiz-ortiz",
        "rank": "Officer",
        "institution": "",
        "state": "Michoacán de Ocampo",
        "municipality": "Morelia",
        "photo": "",
        "biography": "Trains fellow officers.",
        "family_name": "",
        "consent_recorded_at_0": "",
        "consent_recorded_at_1": "",
        **inline_management("conferrals"),
        **inline_management("participations"),
        **fields,
    }


def test_officer_is_added_with_conferrals_and_participations(staff_client):
    award = AwardFactory()
    programme = TrainingProgrammeFactory()
    story = StoryFactory()
    response = staff_client.post(
        admin_url(Officer, "add"),
        officer_form_data(
            **inline_management("conferrals", total=1),
            **{
                "conferrals-0-award": str(award.pk),
                "conferrals-0-date": "2021-01-12",
                "conferrals-0-citation": "For enhancing police assistance to women.",
                "conferrals-0-story": str(story.pk),
            },
            **inline_management("participations", total=1),
            **{
                "participations-0-programme": str(programme.pk),
                "participations-0-role": "trainer",
                "participations-0-year": "2019",
            },
        ),
    )
    assert response.status_code == 302
    officer = Officer.objects.get(slug="alejandra-ruiz-ortiz")
    assert [(c.award, c.story) for c in officer.conferrals.all()] == [(award, story)]
    assert [(p.programme, p.role) for p in officer.participations.all()] == [(programme, "trainer")]


def test_officer_added_with_consent_has_its_consent_dated(staff_client):
    staff_client.post(admin_url(Officer, "add"), officer_form_data(public_profile_consent="on"))
    officer = Officer.objects.get(slug="alejandra-ruiz-ortiz")
    assert officer.is_public()
    assert officer.consent_recorded_at is not None


def test_officer_without_a_name_is_refused(staff_client):
    response = staff_client.post(admin_url(Officer, "add"), officer_form_data(full_name=""))
    assert response.status_code == 200
    assert "This field is required." in form_errors(response)


def test_officer_change_list_shows_the_photo_thumbnail_with_its_alt_text(staff_client):
    photo = PhotoFactory(alt_text="Officer Ruíz in uniform")
    OfficerFactory(photo=photo)
    response = staff_client.get(admin_url(Officer, "changelist"))
    assert f'src="{photo.image.url}" alt="Officer Ruíz in uniform"' in response.content.decode()


def test_officer_change_list_shows_who_has_a_public_profile(staff_client):
    OfficerFactory(without_consent=True)
    response = staff_client.get(admin_url(Officer, "changelist"))
    assert 'alt="False"' in response.content.decode()


def test_officer_search_finds_the_municipality(staff_client):
    wanted = OfficerFactory(municipality="Uruapan")
    OfficerFactory(municipality="Morelia")
    response = staff_client.get(admin_url(Officer, "changelist"), {"q": "Uruapan"})
    assert list(response.context["cl"].result_list) == [wanted]


def test_officer_with_consent_links_to_the_public_profile(staff_client):
    officer = OfficerFactory()
    response = staff_client.get(admin_url(Officer, "change", officer.pk))
    assert f'href="{officer.get_absolute_url()}"' in response.content.decode()


def test_officer_without_consent_has_no_view_on_site_link(staff_client):
    officer = OfficerFactory(without_consent=True)
    response = staff_client.get(admin_url(Officer, "change", officer.pk))
    assert not response.context["has_absolute_url"]
    assert officer.get_absolute_url() not in response.content.decode()


def test_officer_change_form_says_when_no_photo_is_chosen(staff_client):
    officer = OfficerFactory(photo=None)
    html = staff_client.get(admin_url(Officer, "change", officer.pk)).content.decode()
    assert '<div class="readonly">No photo chosen yet.</div>' in html


def test_officer_change_form_previews_the_photo(staff_client):
    officer = OfficerFactory(photo=PhotoFactory(alt_text="Officer Ruíz in uniform"))
    response = staff_client.get(admin_url(Officer, "change", officer.pk))
    assert 'alt="Officer Ruíz in uniform" width="64" height="48" class="admin-preview"' in (
        response.content.decode()
    )


# Awards and conferrals


def test_award_is_added_with_its_conferrals(staff_client):
    organisation = OrganisationFactory()
    officer = OfficerFactory()
    response = staff_client.post(
        admin_url(Award, "add"),
        {
            "name": "Social Merit Award",
            "slug": "social-merit-award",
            "awarding_organisation": str(organisation.pk),
            "description": "",
            "criteria": "",
            **inline_management("conferrals", total=1),
            "conferrals-0-officer": str(officer.pk),
            "conferrals-0-date": "2021-01-12",
            "conferrals-0-citation": "",
            "conferrals-0-story": "",
        },
    )
    assert response.status_code == 302
    award = Award.objects.get(slug="social-merit-award")
    assert [conferral.officer for conferral in award.conferrals.all()] == [officer]


def test_conferral_is_added_through_the_admin(staff_client):
    officer = OfficerFactory()
    award = AwardFactory()
    response = staff_client.post(
        admin_url(AwardConferral, "add"),
        {
            "officer": str(officer.pk),
            "award": str(award.pk),
            "date": "2021-01-12",
            "citation": "",
            "story": "",
        },
    )
    assert response.status_code == 302
    assert AwardConferral.objects.get().officer == officer


def test_duplicate_conferral_is_refused(staff_client):
    conferral = AwardConferralFactory()
    response = staff_client.post(
        admin_url(AwardConferral, "add"),
        {
            "officer": str(conferral.officer_id),
            "award": str(conferral.award_id),
            "date": conferral.date.isoformat(),
            "citation": "",
            "story": "",
        },
    )
    assert response.status_code == 200
    assert "This officer already has this award on that date." in form_errors(response)
    assert AwardConferral.objects.count() == 1


# Programmes and participations


def test_programme_is_added_with_reach_figures_and_participations(staff_client):
    officer = OfficerFactory()
    framework = FrameworkFactory()
    response = staff_client.post(
        admin_url(TrainingProgramme, "add"),
        {
            "name": "Strengthening Programme for the Security of Vulnerable Groups",
            "slug": "strengthening-programme",
            "short_name": "Strengthening Programme",
            "description": "",
            "lead_organisation": "",
            "start_year": "2017",
            "frameworks": [str(framework.pk)],
            "featured": "on",
            **inline_management("reach_figures", total=1),
            "reach_figures-0-metric": "first_responders",
            "reach_figures-0-value": "12000",
            "reach_figures-0-is_lower_bound": "on",
            "reach_figures-0-as_of": "2021-01-12",
            "reach_figures-0-source": "",
            **inline_management("participations", total=1),
            "participations-0-officer": str(officer.pk),
            "participations-0-role": "trainee",
            "participations-0-year": "2018",
        },
    )
    assert response.status_code == 302
    programme = TrainingProgramme.objects.get(slug="strengthening-programme")
    assert [(f.value, f.is_lower_bound) for f in programme.reach_figures.all()] == [(12000, True)]
    assert [p.officer for p in programme.participations.all()] == [officer]
    assert list(programme.frameworks.all()) == [framework]


def test_programme_start_year_before_1945_is_refused(staff_client):
    response = staff_client.post(
        admin_url(TrainingProgramme, "add"),
        {
            "name": "Old programme",
            "slug": "old-programme",
            "start_year": "1900",
            **inline_management("reach_figures"),
            **inline_management("participations"),
        },
    )
    assert response.status_code == 200
    assert form_errors(response)
    assert not TrainingProgramme.objects.exists()


def test_reach_figure_inline_is_editable_on_an_existing_programme(staff_client):
    figure = ReachFigureFactory(value=25)
    programme = figure.programme
    response = staff_client.post(
        admin_url(TrainingProgramme, "change", programme.pk),
        {
            "name": programme.name,
            "slug": programme.slug,
            "short_name": programme.short_name,
            "description": programme.description,
            "start_year": str(programme.start_year),
            **inline_management("reach_figures", total=1, initial=1),
            "reach_figures-0-id": str(figure.pk),
            "reach_figures-0-programme": str(programme.pk),
            "reach_figures-0-metric": figure.metric,
            "reach_figures-0-value": "26",
            "reach_figures-0-as_of": figure.as_of.isoformat(),
            "reach_figures-0-source": "",
            **inline_management("participations"),
        },
    )
    assert response.status_code == 302
    assert ReachFigure.objects.get().value == 26


def test_participation_is_added_through_the_admin(staff_client):
    officer = OfficerFactory()
    programme = TrainingProgrammeFactory()
    response = staff_client.post(
        admin_url(Participation, "add"),
        {
            "officer": str(officer.pk),
            "programme": str(programme.pk),
            "role": "trainee",
            "year": "2019",
        },
    )
    assert response.status_code == 302
    assert Participation.objects.get().programme == programme


def test_duplicate_participation_is_refused(staff_client):
    participation = ParticipationFactory()
    response = staff_client.post(
        admin_url(Participation, "add"),
        {
            "officer": str(participation.officer_id),
            "programme": str(participation.programme_id),
            "role": participation.role,
            "year": "2020",
        },
    )
    assert response.status_code == 200
    assert "This officer already has that role in this programme." in form_errors(response)


# The headings of the rows a form holds, in plain words


def inline_headings(client, url):
    headings = page(client.get(url)).find_all("h2", class_="inline-heading")
    return [heading.text for heading in headings]


@pytest.fixture
def spanish_staff_client(sign_in_in_spanish):
    return sign_in_in_spanish(StaffUserFactory())


def test_the_officer_form_lists_awards_received_and_training_programmes(staff_client):
    url = admin_url(Officer, "change", OfficerFactory().pk)
    assert inline_headings(staff_client, url) == [
        "Awards received",
        "Training programmes attended or taught",
    ]


def test_the_award_form_lists_the_officers_who_received_it(staff_client):
    url = admin_url(Award, "change", AwardFactory().pk)
    assert inline_headings(staff_client, url) == ["Officers who received it"]


def test_the_programme_form_lists_the_officers_who_took_part(staff_client):
    url = admin_url(TrainingProgramme, "change", TrainingProgrammeFactory().pk)
    assert inline_headings(staff_client, url) == ["Reach figures", "Officers who took part"]


@pytest.mark.parametrize(
    ("model", "make_item", "headings"),
    [
        (
            Officer,
            OfficerFactory,
            ["Premios recibidos", "Programas de capacitación que cursó o impartió"],
        ),
        (Award, AwardFactory, ["Agentes que lo recibieron"]),
        (
            TrainingProgramme,
            TrainingProgrammeFactory,
            ["Cifras de alcance", "Agentes que participaron"],
        ),
    ],
)
def test_the_forms_headings_are_in_spanish_for_staff_who_read_spanish(
    spanish_staff_client, model, make_item, headings
):
    url = admin_url(model, "change", make_item().pk)
    assert inline_headings(spanish_staff_client, url) == headings


@pytest.mark.parametrize(
    ("model", "make_item"),
    [
        (Officer, OfficerFactory),
        (Award, AwardFactory),
        (TrainingProgramme, TrainingProgrammeFactory),
    ],
)
def test_a_record_with_a_public_page_calls_its_slug_a_web_address(staff_client, model, make_item):
    response = staff_client.get(admin_url(model, "change", make_item().pk))
    field = response.context["adminform"].form.fields["slug"]
    assert field.label == "Web address"
    assert field.help_text.startswith("The end of the public page's address")


def test_a_writer_who_may_only_look_at_an_officer_sees_the_web_address_named(client):
    client.force_login(WriterFactory())
    response = client.get(admin_url(Officer, "change", OfficerFactory().pk))
    labels = [label.text for label in page(response).find_all("label")]
    assert "Web address:" in labels
    assert "Slug:" not in labels


def test_a_record_one_may_only_look_at_is_titled_ver_in_spanish(sign_in_in_spanish):
    client = sign_in_in_spanish(WriterFactory())
    response = client.get(admin_url(Officer, "change", OfficerFactory().pk))
    assert response.context["title"] == "Ver agente"


# Small models


def test_organisation_is_added_through_the_admin(staff_client):
    response = staff_client.post(
        admin_url(Organisation, "add"),
        {
            "name": "United Nations Office on Drugs and Crime",
            "slug": "unodc",
            "acronym": "UNODC",
            "kind": "un_agency",
            "website": "https://www.unodc.org/",
            "description": "",
        },
    )
    assert response.status_code == 302
    assert str(Organisation.objects.get()) == "United Nations Office on Drugs and Crime (UNODC)"


def test_organisation_with_an_invalid_website_is_refused(staff_client):
    response = staff_client.post(
        admin_url(Organisation, "add"),
        {"name": "UNODC", "slug": "unodc", "kind": "un_agency", "website": "not a web address"},
    )
    assert response.status_code == 200
    assert "Enter a valid URL." in form_errors(response)


def test_role_is_added_through_the_admin(staff_client):
    response = staff_client.post(admin_url(Role, "add"), {"name": "Gender focal point"})
    assert response.status_code == 302
    assert Role.objects.get().name == "Gender focal point"


def test_framework_is_added_through_the_admin(staff_client):
    response = staff_client.post(
        admin_url(Framework, "add"),
        {"name": "Women, Peace and Security Agenda", "description": "", "url": ""},
    )
    assert response.status_code == 302
    assert Framework.objects.get().name == "Women, Peace and Security Agenda"


@pytest.mark.parametrize(
    ("model", "factory"),
    [
        pytest.param(Award, AwardFactory, id="award"),
        pytest.param(TrainingProgramme, TrainingProgrammeFactory, id="programme"),
    ],
)
def test_view_on_site_leads_to_the_public_page(staff_client, model, factory):
    item = factory()
    response = staff_client.get(admin_url(model, "change", item.pk))
    redirect = staff_client.get(response.context["absolute_url"])
    assert redirect.url.endswith(item.get_absolute_url())


# Media contacts


def test_a_media_contact_needs_an_email_or_a_phone(staff_client):
    response = staff_client.post(
        admin_url(MediaContact, "add"), {"name": "María López", "email": "", "phone": ""}
    )
    assert response.status_code == 200
    assert "Give an email address or a phone number, or both." in form_errors(response)
    assert not MediaContact.objects.exists()


def test_a_media_contact_is_added_with_a_phone_alone(staff_client):
    response = staff_client.post(
        admin_url(MediaContact, "add"),
        {"name": "María López", "role": "Spokesperson", "phone": "+52 55 1234 5678"},
    )
    assert response.status_code == 302
    assert MediaContact.objects.get().phone == "+52 55 1234 5678"
