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


@pytest.mark.parametrize(
    "password", ["news.example.org1", "NewsExampleOrg 2026", "my example key", "EXAMPLE"]
)
def test_a_password_containing_the_sites_address_or_its_distinctive_label_is_refused(password):
    assert "password_contains_site_address" in refusal_codes(password + " long enough")


@pytest.mark.parametrize("password", ["good news for the organ", "www wonder stew"])
def test_generic_and_short_labels_of_the_address_are_not_refused(password):
    validate_password(password, WriterFactory())


def test_the_address_is_read_from_the_settings(settings):
    settings.NEWSROOM_BASE_URL = "https://www.prensa-michoacan.com.mx"
    assert "password_contains_site_address" in refusal_codes("Prensa Michoacan 2026 xyz")
    validate_password("www com mx example 2026", WriterFactory())


def test_a_common_password_is_refused():
    assert "password_too_common" in refusal_codes("password1234")


def test_a_password_shorter_than_twelve_characters_is_refused():
    assert "password_too_short" in refusal_codes("k7#vQ9!zLp2")


def test_a_long_uncommon_password_is_accepted():
    validate_password("violet tugboat marmalade", WriterFactory())
