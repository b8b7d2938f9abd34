import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from tests.factories import WriterFactory

pytestmark = pytest.mark.django_db


def refusal_codes(password, user=None):
    with pytest.raises(ValidationError) as refused:
        validate_password(password, user)
    return {error.code for error in refused.value.error_list}


@pytest.mark.parametrize("password", ["newsroom", "Newsroom2026!", "my-news-room-key", "NÉWSROOM"])
def test_a_password_containing_the_sites_name_is_refused(password):
    assert "password_contains_site_name" in refusal_codes(password + " long enough")


def test_the_sites_name_is_read_from_the_settings(settings):
    settings.NEWSROOM_SITE_NAME = "Prensa Michoacán"
    assert "password_contains_site_name" in refusal_codes("prensamichoacan 2026 xyz")


def test_a_common_password_is_refused():
    assert "password_too_common" in refusal_codes("password1234")


def test_a_password_shorter_than_twelve_characters_is_refused():
    assert "password_too_short" in refusal_codes("k7#vQ9!zLp2")


def test_a_long_uncommon_password_is_accepted():
    validate_password("violet tugboat marmalade", WriterFactory())
