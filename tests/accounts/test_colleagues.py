"""Adding a colleague: one screen (name, email, language, role), an invitation in their language
with a link to choose a password, and the list of people with their role and last sign-in."""

import datetime
import re

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from accounts.forms import ColleagueForm
from accounts.models import Profile, SignedInSession
from tests.accounts.signing_in import sign_in
from tests.factories import (
    AdministratorFactory,
    EditorFactory,
    UserFactory,
    WriterFactory,
    role_group,
)
from tests.pages import page
from tests.tasks import run_queued_tasks

pytestmark = pytest.mark.django_db

User = get_user_model()
ADD = reverse("admin:auth_user_add")
PEOPLE = reverse("admin:auth_user_changelist")
NEW_PASSWORD = "a long walk to Pátzcuaro"


def change_url(user):
    return reverse("admin:auth_user_change", args=[user.pk])


@pytest.fixture
def administrator(client):
    client.force_login(AdministratorFactory(first_name="Rosa", last_name="Méndez"))
    return client


def invite(client, **fields):
    data = {
        "first_name": "Ana",
        "last_name": "Ruiz",
        "email": "ana.ruiz@example.org",
        "language": "en",
        "role": roles.WRITER,
        "_save": "1",
        **fields,
    }
    return client.post(ADD, data)


def invitation_link(message):
    return re.search(r"https?://\S+/admin/account/invitation/\S+/", message.body).group(0)


def path_of(link):
    return "/" + link.split("://", 1)[1].split("/", 1)[1]


def sent_invitation():
    run_queued_tasks()
    (message,) = mail.outbox
    return message


# Roles


def test_a_role_puts_the_person_in_exactly_that_group_and_makes_them_staff():
    user = UserFactory(is_staff=False)
    roles.assign_role(user, roles.WRITER)
    roles.assign_role(user, roles.EDITOR)
    user.refresh_from_db()
    assert [group.name for group in user.groups.all()] == [roles.EDITOR]
    assert user.is_staff
    assert roles.role_of(user) == roles.EDITOR


def test_the_widest_role_is_the_one_shown():
    user = WriterFactory()
    user.groups.add(role_group(roles.ADMINISTRATOR))
    assert roles.role_of(user) == roles.ADMINISTRATOR


def test_the_colleague_form_makes_a_staff_account_without_a_password():
    form = ColleagueForm(
        {
            "first_name": "Ana",
            "last_name": "Ruiz",
            "email": "Ana.Ruiz@Example.org",
            "language": "es",
            "role": roles.EDITOR,
        }
    )
    assert form.is_valid(), form.errors
    user = form.save()
    assert (user.username, user.email) == ("ana.ruiz@example.org", "ana.ruiz@example.org")
    assert user.is_staff and not user.is_superuser
    assert not user.has_usable_password()
    assert roles.role_of(user) == roles.EDITOR
    assert Profile.objects.get(user=user).language == "es"


def test_an_email_already_in_use_is_refused_by_name():
    UserFactory(username="ana", email="ana.ruiz@example.org")
    form = ColleagueForm(
        {
            "first_name": "Ana",
            "last_name": "Ruiz",
            "email": "ANA.RUIZ@example.org",
            "language": "en",
            "role": roles.WRITER,
        }
    )
    assert not form.is_valid()
    assert form.errors["email"] == [
        "Someone already has an account with this email: ana.ruiz@example.org."
    ]


# The add screen


def test_the_add_screen_asks_for_name_email_language_and_a_described_role(administrator):
    response = administrator.get(ADD)
    html = page(response)
    names = {element.attrs.get("name") for element in html.find_all("input")}
    assert {"first_name", "last_name", "email", "role"} <= names
    assert not names & {"password1", "password2", "username", "is_staff", "user_permissions"}
    assert "user_permissions" not in html.html
    for name, description in roles.ROLES.values():
        assert f"{name} — {description}" in html.text


def breadcrumbs(response):
    return " ".join(page(response).find("div", class_="breadcrumbs").text.split())


def test_the_add_screen_is_found_under_people_not_the_auth_app(administrator):
    assert breadcrumbs(administrator.get(ADD)) == "Home › People › Add a colleague"
    assert breadcrumbs(administrator.get(PEOPLE)) == "Home › People"
    assert page(administrator.get(PEOPLE)).link_texts(ADD) == ["Add a colleague"]


def test_a_colleagues_page_is_found_under_people_by_their_name(administrator):
    colleague = EditorFactory(first_name="Luis", last_name="Pérez")
    assert breadcrumbs(administrator.get(change_url(colleague))) == "Home › People › Luis Pérez"


def test_the_people_breadcrumbs_follow_the_staff_members_language(client):
    spanish_administrator = AdministratorFactory()
    Profile.objects.create(user=spanish_administrator, language="es")
    client.force_login(spanish_administrator)
    assert breadcrumbs(client.get(ADD)) == "Inicio › Personas › Añadir a un colega"
    assert page(client.get(PEOPLE)).link_texts(ADD) == ["Añadir a un colega"]


def test_adding_a_colleague_invites_them_and_says_so(administrator):
    response = invite(administrator)
    user = User.objects.get(email="ana.ruiz@example.org")
    assert response.status_code == 302
    assert roles.role_of(user) == roles.WRITER and user.is_staff
    followed = administrator.get(response["Location"])
    assert "Ana Ruiz is invited" in page(followed).text


def test_inviting_a_colleague_says_so_in_one_message(administrator):
    response = invite(administrator)
    assert [str(message) for message in get_messages(response.wsgi_request)] == [
        "Ana Ruiz is invited: an email with a link to choose a password is on its way to "
        "ana.ruiz@example.org."
    ]


def test_after_inviting_the_page_is_the_colleagues_and_says_they_have_not_signed_in(
    administrator,
):
    followed = administrator.get(invite(administrator)["Location"])
    html = page(followed)
    assert html.texts("h1") == ["Ana Ruiz"]
    assert html.find("title").text.startswith("Ana Ruiz |")
    assert "Invited, has not signed in yet" in html.text
    assert "Change user" not in html.text
    assert "Last login" not in html.text


def test_a_colleagues_page_says_when_they_last_signed_in(administrator):
    colleague = EditorFactory(first_name="Luis", last_name="Pérez")
    colleague.last_login = datetime.datetime(2021, 1, 12, 15, 30, tzinfo=datetime.UTC)
    colleague.save(update_fields=["last_login"])
    html = page(administrator.get(change_url(colleague)))
    assert html.texts("h1") == ["Luis Pérez"]
    assert "Last sign-in" in html.text
    assert "Jan. 12, 2021, 3:30 p.m." in html.text


def test_the_invitation_names_the_role_and_gives_a_link_that_works_once(administrator):
    invite(administrator, role=roles.EDITOR)
    message = sent_invitation()
    assert message.to == ["Ana Ruiz <ana.ruiz@example.org>"]
    assert message.subject == "You are invited to Newsroom"
    assert "Rosa Méndez gave you an account on Newsroom, as Editor" in message.body
    assert "The link works once, for 3 days" in message.body
    assert "ana.ruiz@example.org" in message.body
    html_part = message.alternatives[0][0]
    assert invitation_link(message) in html_part


def test_an_invitation_comes_in_the_invitees_language(administrator):
    invite(administrator, language="es")
    message = sent_invitation()
    assert message.subject == "Le invitamos a Newsroom"
    assert "como Redactor" in message.body
    assert message.extra_headers["Content-Language"] == "es"


def test_the_link_leads_to_a_page_where_they_choose_a_password_and_can_then_sign_in(
    administrator,
):
    invite(administrator)
    link = path_of(invitation_link(sent_invitation()))
    invitee = Client()
    # The token leaves the address for the session before the form is shown.
    opened = invitee.get(link)
    assert opened.status_code == 302
    form_page = invitee.get(opened["Location"])
    assert form_page.context["validlink"]
    assert "Choose your password" in page(form_page).text
    done = invitee.post(
        opened["Location"], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert done.status_code == 302
    assert done["Location"] == reverse("admin:login")
    signed_in = sign_in(Client(), "ana.ruiz@example.org", NEW_PASSWORD)
    assert signed_in.status_code == 302
    assert signed_in["Location"] == reverse("admin:index")


def test_the_password_page_refuses_a_weak_password_with_a_reason(administrator):
    invite(administrator)
    invitee = Client()
    opened = invitee.get(path_of(invitation_link(sent_invitation())))
    response = invitee.post(
        opened["Location"], {"new_password1": "short", "new_password2": "short"}
    )
    assert response.status_code == 200
    assert "This password is too short" in page(response).text
    assert not User.objects.get(email="ana.ruiz@example.org").has_usable_password()


def test_a_used_link_says_it_was_used_and_leads_to_sign_in(administrator):
    invite(administrator)
    link = path_of(invitation_link(sent_invitation()))
    invitee = Client()
    opened = invitee.get(link)
    invitee.post(opened["Location"], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    again = Client().get(link)
    html = page(again)
    assert again.status_code == 200
    assert html.texts("h1")[-1] == "This invitation was already used"
    assert reverse("admin:login") in html.hrefs()


def test_an_expired_link_says_so_and_what_to_do(administrator, settings):
    invite(administrator)
    link = path_of(invitation_link(sent_invitation()))
    later = timezone.now() + datetime.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)
    with time_machine.travel(later):
        response = Client().get(link)
    html = page(response)
    assert html.texts("h1")[-1] == "This invitation has expired"
    assert "Ask an Administrator to send you a new invitation." in html.text


def test_the_password_page_is_in_the_invitees_language(administrator):
    invite(administrator, language="es")
    invitee = Client()
    opened = invitee.get(path_of(invitation_link(sent_invitation())))
    response = invitee.get(opened["Location"])
    assert "Elija su contraseña" in page(response).text


def test_a_new_invitation_replaces_the_earlier_link(administrator):
    invite(administrator)
    first = path_of(invitation_link(sent_invitation()))
    user = User.objects.get(email="ana.ruiz@example.org")
    mail.outbox.clear()
    administrator.post(PEOPLE, {"action": "send_new_invitation", "_selected_action": [user.pk]})
    second = path_of(invitation_link(sent_invitation()))
    assert Client().get(first).status_code == 200  # the "no longer works" page
    assert Client().get(second).status_code == 302  # on to the password form


def test_a_colleague_deactivated_since_cannot_use_their_invitation(administrator):
    invite(administrator)
    link = path_of(invitation_link(sent_invitation()))
    User.objects.filter(email="ana.ruiz@example.org").update(is_active=False)
    response = Client().get(link)
    assert response.status_code == 200
    assert not response.context["validlink"]


# The list of people


def test_the_list_shows_name_email_role_last_sign_in_and_whether_active(administrator):
    EditorFactory(first_name="Luis", last_name="Pérez", email="luis@example.org")
    response = administrator.get(PEOPLE)
    html = page(response)
    headers = [text.strip() for text in html.texts("th", scope="col")]
    assert [header for header in headers if header] == [
        "Name",
        "Email address",
        "Role",
        "Last sign-in",
        "Active",
    ]
    assert "Luis Pérez" in html.text
    assert "Editor" in html.text


def test_the_list_filters_by_role_and_by_active(administrator):
    writer = WriterFactory(first_name="Ana")
    EditorFactory(first_name="Luis")
    WriterFactory(first_name="Gone", is_active=False)
    by_role = administrator.get(PEOPLE, {"role": roles.WRITER, "is_active__exact": "1"})
    assert list(by_role.context["cl"].result_list) == [writer]


def test_the_list_reads_roles_without_a_query_per_person(
    administrator, django_assert_max_num_queries
):
    for _ in range(5):
        WriterFactory()
    with django_assert_max_num_queries(12) as queries:
        administrator.get(PEOPLE)
    few = len(queries)
    for _ in range(5):
        EditorFactory()
    with django_assert_max_num_queries(few):
        administrator.get(PEOPLE)


# Changing a colleague


def test_the_change_form_has_the_role_and_no_permission_list(administrator):
    writer = WriterFactory()
    html = page(administrator.get(change_url(writer)))
    names = {element.attrs.get("name") for element in html.find_all("input")}
    assert {"first_name", "email", "role", "is_active"} <= names
    assert "user_permissions" not in html.html
    assert "is_superuser" not in names


def test_changing_the_role_moves_them_to_the_new_group(administrator):
    writer = WriterFactory(first_name="Ana", last_name="Ruiz")
    administrator.post(
        change_url(writer),
        {
            "first_name": "Ana",
            "last_name": "Ruiz",
            "email": writer.email,
            "role": roles.EDITOR,
            "is_active": "on",
        },
    )
    assert roles.role_of(User.objects.get(pk=writer.pk)) == roles.EDITOR


def test_a_new_email_becomes_the_address_an_invited_colleague_signs_in_with(administrator):
    invite(administrator)
    user = User.objects.get(email="ana.ruiz@example.org")
    data = {"first_name": "Ana", "last_name": "Ruiz", "role": roles.WRITER, "is_active": "on"}
    administrator.post(change_url(user), {**data, "email": "Ana.Ruiz@Unodc.org"})
    user.refresh_from_db()
    assert (user.username, user.email) == ("ana.ruiz@unodc.org", "ana.ruiz@unodc.org")


def test_an_email_another_colleague_has_is_refused_on_their_page_too(administrator):
    EditorFactory(email="luis@example.org")
    writer = WriterFactory(first_name="Ana", last_name="Ruiz")
    response = administrator.post(
        change_url(writer),
        {
            "first_name": "Ana",
            "last_name": "Ruiz",
            "email": "luis@example.org",
            "role": roles.WRITER,
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["email"] == [
        "Someone already has an account with this email: luis@example.org."
    ]


def test_administrators_have_the_advanced_view_with_every_permission(administrator):
    writer = WriterFactory()
    response = administrator.get(reverse("admin:auth_user_advanced", args=[writer.pk]))
    assert response.status_code == 200
    assert "user_permissions" in response.content.decode()


def test_the_advanced_view_is_for_administrators_only():
    someone = UserFactory(is_staff=True)
    someone.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_user", "change_user"])
    )
    client = Client()
    client.force_login(someone)
    writer = WriterFactory()
    assert client.get(change_url(writer)).status_code == 200
    response = client.get(reverse("admin:auth_user_advanced", args=[writer.pk]))
    assert response.status_code == 403


def test_writers_and_editors_cannot_open_the_people_screens():
    for person in (WriterFactory(), EditorFactory()):
        client = Client()
        client.force_login(person)
        assert client.get(ADD).status_code == 403
        assert client.get(PEOPLE).status_code == 403


# Deactivating someone


def test_deactivating_from_the_form_signs_them_out_everywhere(administrator):
    editor = EditorFactory(first_name="Luis", last_name="Pérez")
    laptop = Client()
    sign_in(laptop, editor.username)
    assert SignedInSession.objects.filter(user=editor).exists()
    administrator.post(
        change_url(editor),
        {"first_name": "Luis", "last_name": "Pérez", "email": editor.email, "role": roles.EDITOR},
    )
    assert not User.objects.get(pk=editor.pk).is_active
    assert not SignedInSession.objects.filter(user=editor).exists()
    assert laptop.get(PEOPLE).status_code == 302


def test_deactivating_from_the_list_signs_them_out_everywhere(administrator):
    editor = EditorFactory()
    phone = Client()
    sign_in(phone, editor.username)
    sessions_before = Session.objects.count()
    response = administrator.post(
        PEOPLE, {"action": "deactivate", "_selected_action": [editor.pk]}, follow=True
    )
    assert "Deactivated 1 person" in page(response).text
    assert not User.objects.get(pk=editor.pk).is_active
    assert Session.objects.count() == sessions_before - 1
    assert phone.get(reverse("admin:index")).status_code == 302
