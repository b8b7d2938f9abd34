import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.management import CommandError, call_command

from tests.factories import StaffUserFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD_LINE = re.compile(r"Password:\s+(\S+)")


def create_staff_account(*args):
    output = StringIO()
    call_command("create_staff_account", *args, stdout=output)
    return output.getvalue()


def printed_password(output):
    match = PASSWORD_LINE.search(output)
    assert match, output
    return match.group(1)


def test_creates_a_superuser_named_admin():
    create_staff_account()
    user = get_user_model().objects.get()
    assert user.username == "admin"
    assert user.is_superuser
    assert user.is_staff


def test_printed_password_signs_the_new_account_in():
    password = printed_password(create_staff_account())
    assert get_user_model().objects.get(username="admin").check_password(password)


def test_printed_password_passes_the_password_validators():
    password = printed_password(create_staff_account())
    validate_password(password, get_user_model().objects.get())


def test_password_differs_between_two_fresh_databases():
    first = printed_password(create_staff_account())
    get_user_model().objects.all().delete()
    second = printed_password(create_staff_account())
    assert first != second


def test_output_gives_the_admin_address_from_the_base_url(settings):
    settings.NEWSROOM_BASE_URL = "https://news.example.org"
    assert "https://news.example.org/admin/" in create_staff_account()


def test_username_option_names_the_account():
    create_staff_account("--username", "editor")
    assert get_user_model().objects.get().username == "editor"


def test_second_run_creates_nothing_and_prints_no_password():
    first_password = printed_password(create_staff_account())
    output = create_staff_account()
    assert get_user_model().objects.count() == 1
    assert first_password not in output
    assert not PASSWORD_LINE.search(output)


def test_existing_superuser_is_told_how_to_reset_the_password():
    StaffUserFactory(username="chief")
    output = create_staff_account()
    assert "already exists" in output
    assert "manage.py changepassword chief" in output
    assert get_user_model().objects.count() == 1


def test_username_taken_by_an_ordinary_user_is_a_clear_error():
    UserFactory(username="admin")
    with pytest.raises(CommandError, match="exists but is not a superuser"):
        create_staff_account()
    assert not get_user_model().objects.filter(is_superuser=True).exists()
