"""Production settings, checked the way a server starts them: in a fresh process."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]

# Everything settings.py reads, cleared so the test process's own environment cannot leak in
# (tests/settings.py sets some of these for the suite).
SETTINGS_VARIABLES = {
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "NEWSROOM_BASE_URL",
    "NEWSROOM_SITE_NAME",
    "NEWSROOM_PUBLISHER_NAME",
    "NEWSROOM_RELEASE",
    "NEWSROOM_PUBLIC_MAX_AGE",
    "DATABASE_URL",
    "DATABASE_CONN_MAX_AGE",
    "MEDIA_ROOT",
    "STATIC_ROOT",
    "TIME_ZONE",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "TRUST_X_FORWARDED_PROTO",
    "CSRF_TRUSTED_ORIGINS",
    "LOG_LEVEL",
    "DJANGO_SETTINGS_MODULE",
    "EMAIL_URL",
    "EMAIL_HOST",
    "EMAIL_PORT",
    "EMAIL_HOST_USER",
    "EMAIL_HOST_PASSWORD",
    "EMAIL_USE_TLS",
    "EMAIL_USE_SSL",
    "DEFAULT_FROM_EMAIL",
    "NEWSROOM_SECOND_FACTOR",
}

PRINT_SETTING = (
    "import django; django.setup(); from django.conf import settings; print({expression})"
)


def production_environment(**overrides):
    environment = {key: value for key, value in os.environ.items() if key not in SETTINGS_VARIABLES}
    environment.update(
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="news.example.org",
        NEWSROOM_BASE_URL="https://news.example.org",
    )
    for key, value in overrides.items():
        if value is None:
            environment.pop(key, None)
        else:
            environment[key] = value
    return environment


def run_python(*arguments, **overrides):
    return subprocess.run(  # noqa: S603 -- our own interpreter with fixed arguments
        [sys.executable, *arguments],
        cwd=PROJECT_ROOT,
        env=production_environment(**overrides),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def print_setting(expression, **overrides):
    result = run_python("-c", PRINT_SETTING.format(expression=expression), **overrides)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_deploy_check_is_clean_with_production_variables():
    result = run_python("manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr


def test_the_second_factor_is_on_unless_turned_off():
    assert print_setting("settings.NEWSROOM_SECOND_FACTOR") == "True"
    assert print_setting("settings.NEWSROOM_SECOND_FACTOR", NEWSROOM_SECOND_FACTOR="0") == "False"


def test_deploy_check_warns_that_without_the_second_factor_a_password_alone_signs_in():
    deploy = run_python("manage.py", "check", "--deploy", NEWSROOM_SECOND_FACTOR="0")
    assert deploy.returncode == 0, deploy.stderr
    assert "(accounts.W001) NEWSROOM_SECOND_FACTOR is off" in deploy.stderr
    assert "staff sign in with a password alone" in deploy.stderr
    # Not a check of everyday development: only a deployment is warned.
    plain = run_python("manage.py", "check", NEWSROOM_SECOND_FACTOR="0")
    assert "accounts.W001" not in plain.stdout + plain.stderr


@pytest.mark.parametrize("variable", ["SECRET_KEY", "ALLOWED_HOSTS", "NEWSROOM_BASE_URL"])
def test_missing_required_variable_stops_start_up_naming_it(variable):
    result = run_python("manage.py", "check", **{variable: None})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"{variable} must be set" in result.stderr


def test_debug_is_off_unless_asked_for():
    assert print_setting("settings.DEBUG") == "False"


def test_debug_on_runs_without_production_variables():
    development = {"DEBUG": "1", "SECRET_KEY": None, "ALLOWED_HOSTS": None}
    assert print_setting("settings.DEBUG", NEWSROOM_BASE_URL=None, **development) == "True"


def test_database_url_selects_postgresql():
    engine = print_setting(
        "settings.DATABASES['default']['ENGINE']",
        DATABASE_URL="postgres://newsroom:secret@db.example.org:5432/newsroom",
    )
    assert engine == "django.db.backends.postgresql"


def test_without_database_url_sqlite_is_used():
    assert print_setting("settings.DATABASES['default']['ENGINE']") == (
        "django.db.backends.sqlite3"
    )


def test_development_prints_email_in_the_console():
    development = {"DEBUG": "1", "SECRET_KEY": None, "ALLOWED_HOSTS": None}
    assert print_setting("settings.EMAIL_BACKEND", **development) == (
        "django.core.mail.backends.console.EmailBackend"
    )


def test_email_url_configures_smtp_with_starttls():
    printed = print_setting(
        "settings.EMAIL_BACKEND, settings.EMAIL_HOST, settings.EMAIL_PORT, "
        "settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD, settings.EMAIL_USE_TLS",
        EMAIL_URL="smtp+tls://press%40example.org:s3cret@smtp.example.org:587",
    )
    assert printed == (
        "django.core.mail.backends.smtp.EmailBackend smtp.example.org 587 "
        "press@example.org s3cret True"
    )


def test_email_host_variables_configure_smtp():
    printed = print_setting(
        "settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS",
        EMAIL_HOST="smtp.example.org",
        EMAIL_PORT="2525",
        EMAIL_USE_TLS="1",
    )
    assert printed == "smtp.example.org 2525 True"


def test_an_unknown_email_url_scheme_stops_start_up():
    result = run_python("manage.py", "check", EMAIL_URL="imap://mail.example.org")
    assert result.returncode != 0
    assert "EMAIL_URL must start with" in result.stderr


def test_mail_comes_from_the_sites_domain_unless_set():
    assert print_setting("settings.DEFAULT_FROM_EMAIL") == "Newsroom <newsroom@news.example.org>"
