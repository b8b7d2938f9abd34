import datetime
import zoneinfo

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone, translation

from accounts import preferences
from accounts.models import Profile
from tests.articles.story_forms import change_form_data, change_url
from tests.factories import EditorFactory, StoryFactory, UserFactory, WriterFactory
from tests.pages import page

pytestmark = pytest.mark.django_db

MEXICO_CITY = zoneinfo.ZoneInfo("America/Mexico_City")
PREFERENCES = reverse("accounts:preferences")


def signed_in(client, user):
    client.force_login(user)
    return client


def test_a_person_who_never_chose_gets_the_site_defaults(settings):
    settings.TIME_ZONE = "America/Mexico_City"
    chosen = preferences.preferences_of(WriterFactory())
    assert chosen == preferences.Preferences(
        language="en", time_zone=MEXICO_CITY, email_notifications=True
    )


def test_preferences_of_reads_what_the_person_saved():
    writer = WriterFactory()
    Profile.objects.create(
        user=writer, language="es", time_zone="Europe/Madrid", email_notifications=False
    )
    chosen = preferences.preferences_of(get_user_model().objects.get(pk=writer.pk))
    assert chosen.language == "es"
    assert chosen.time_zone == zoneinfo.ZoneInfo("Europe/Madrid")
    assert chosen.email_notifications is False


def test_accepting_emails_leaves_out_who_turned_emails_off_and_the_inactive():
    keeps = WriterFactory()
    never_chose = EditorFactory()
    Profile.objects.create(user=keeps, email_notifications=True)
    Profile.objects.create(user=WriterFactory(), email_notifications=False)
    WriterFactory(is_active=False)
    WriterFactory(email="")
    users = get_user_model().objects.filter(is_staff=True)
    assert set(preferences.accepting_emails(users)) == {keeps, never_chose}


def test_accepting_emails_reads_each_recipients_language_without_a_query_per_person(
    django_assert_num_queries,
):
    for language in ["es", "en", "es"]:
        Profile.objects.create(user=WriterFactory(), language=language)
    with django_assert_num_queries(1):
        languages = [
            preferences.preferences_of(user).language
            for user in preferences.accepting_emails(get_user_model().objects.all())
        ]
    assert sorted(languages) == ["en", "es", "es"]


def test_activated_for_renders_in_the_persons_language_and_time_zone():
    writer = WriterFactory()
    Profile.objects.create(user=writer, language="es", time_zone="America/Mexico_City")
    with preferences.activated_for(writer):
        assert translation.get_language() == "es"
        assert timezone.get_current_timezone() == MEXICO_CITY
    assert translation.get_language() == "en"


def test_the_preferences_page_saves_language_time_zone_and_emails(client):
    editor = EditorFactory()
    response = signed_in(client, editor).post(
        PREFERENCES,
        {"language": "es", "time_zone": "America/Mexico_City", "email_notifications": ""},
    )
    assert response.status_code == 302
    profile = Profile.objects.get(user=editor)
    assert (profile.language, profile.time_zone, profile.email_notifications) == (
        "es",
        "America/Mexico_City",
        False,
    )


def test_the_preferences_page_labels_each_choice_alike_in_each_language(client):
    editor = EditorFactory()
    html = page(signed_in(client, editor).get(PREFERENCES))
    assert html.texts("label") == ["Language:", "Time zone:", "Email notifications:"]
    assert "Leave empty" not in html.text
    Profile.objects.create(user=editor, language="es")
    client.force_login(editor)
    spanish = page(client.get(PREFERENCES))
    assert spanish.texts("label") == ["Idioma:", "Zona horaria:", "Avisos por correo:"]


def test_an_unknown_time_zone_is_refused_with_a_message(client):
    response = signed_in(client, EditorFactory()).post(
        PREFERENCES, {"language": "en", "time_zone": "Mars/Olympus_Mons"}
    )
    assert response.status_code == 200
    assert "time_zone" in response.context["form"].errors
    assert not Profile.objects.exists()


def test_the_preferences_page_is_for_staff_only(client):
    response = signed_in(client, UserFactory()).get(PREFERENCES)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_a_chosen_language_applies_to_every_admin_page_from_then_on(client):
    signed_in(client, EditorFactory()).post(
        PREFERENCES, {"language": "es", "time_zone": "", "email_notifications": "on"}
    )
    response = client.get(reverse("admin:articles_story_changelist"))
    assert response["Content-Language"] == "es"
    assert "Cerrar sesión" in response.content.decode()


def test_the_language_is_remembered_at_the_next_sign_in(client):
    editor = EditorFactory()
    Profile.objects.create(user=editor, language="es")
    response = signed_in(client, editor).get(reverse("admin:index"))
    assert response["Content-Language"] == "es"


def test_after_signing_out_the_sign_in_page_keeps_the_persons_language(client):
    editor = EditorFactory()
    Profile.objects.create(user=editor, language="es")
    signed_in(client, editor).get(reverse("admin:index"))
    client.post(reverse("admin:logout"))
    response = client.get(reverse("admin:login"))
    assert response["Content-Language"] == "es"
    assert "Iniciar sesión" in response.content.decode()


def test_the_sign_in_page_speaks_the_language_the_browser_asks_for(client):
    response = client.get(reverse("admin:login"), HTTP_ACCEPT_LANGUAGE="es-MX,es;q=0.9")
    assert response["Content-Language"] == "es"


def test_public_pages_keep_the_language_of_their_address(client):
    editor = EditorFactory()
    Profile.objects.create(user=editor, language="es")
    response = signed_in(client, editor).get(reverse("home"))
    assert response["Content-Language"] == "en"


def test_the_admin_shows_dates_in_the_persons_time_zone(client):
    editor = EditorFactory()
    Profile.objects.create(user=editor, time_zone="America/Mexico_City")
    story = StoryFactory(published_at=datetime.datetime(2021, 1, 12, 15, 0, tzinfo=datetime.UTC))
    response = signed_in(client, editor).get(
        reverse("admin:articles_story_change", args=[story.pk])
    )
    # 15:00 UTC is 09:00 in Mexico City (UTC-6 in January).
    assert response.context["adminform"].form["published_at"].value() == datetime.datetime(
        2021, 1, 12, 9, 0, tzinfo=MEXICO_CITY
    )
    assert 'value="09:00:00"' in response.content.decode()


def test_the_site_time_zone_applies_to_who_never_chose_one(client, settings):
    settings.TIME_ZONE = "America/Mexico_City"
    story = StoryFactory(published_at=datetime.datetime(2021, 1, 12, 15, 0, tzinfo=datetime.UTC))
    response = signed_in(client, EditorFactory()).get(
        reverse("admin:articles_story_change", args=[story.pk])
    )
    assert 'value="09:00:00"' in response.content.decode()


def test_the_admin_reads_dates_typed_in_the_persons_time_zone(client):
    editor = EditorFactory()
    Profile.objects.create(user=editor, time_zone="America/Mexico_City")
    story = StoryFactory(draft=True, headline="Officers recognised")
    data = change_form_data(
        story, published_at_0="2031-01-13", published_at_1="09:00:00", _publish="Publish"
    )
    signed_in(client, editor).post(change_url(story), data)
    story.refresh_from_db()
    assert story.published_at == datetime.datetime(2031, 1, 13, 15, 0, tzinfo=datetime.UTC)
