import pytest


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Every test writes uploads to its own folder, never to the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def staff_client(client, django_user_model):
    from tests.factories import StaffUserFactory

    user = StaffUserFactory()
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def sign_in_in_spanish(client):
    """Signs a person in to the admin with Spanish as their chosen language; returns the
    client."""
    from accounts.models import Profile

    def sign_in(user):
        Profile.objects.create(user=user, language="es")
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture(autouse=True)
def no_fragments_from_earlier_tests():
    """Every test renders its own fragments: another test's story may have had the same number
    and, under a frozen clock, the same timestamps, hence the same fragment keys."""
    from django.core.cache import caches

    caches["fragments"].clear()


@pytest.fixture(autouse=True)
def english_to_start_with():
    """Every test starts in the default language: a request to a Spanish page leaves Spanish
    active on the thread, which would otherwise make the next test's reverse() say /es/…."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def second_factor_required(settings):
    """Turns on the second-factor rule, which the test settings leave off.

    Tests sign people in with ``client.force_login``, which no second factor confirms; with the
    rule on, a role that requires it (Editors and Administrators by default) would be sent to
    set one up before any admin page. Tests of that rule use this fixture; a test that needs an
    Editor fully signed in under the rule uses ``verified_login`` from ``tests/accounts``.
    """
    settings.NEWSROOM_SECOND_FACTOR = True


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on the loopback interface for the test, with Django sending to it."""
    from tests.smtp import SMTPServer

    with SMTPServer() as server:
        for name, value in server.email_settings().items():
            setattr(settings, name, value)
        yield server
