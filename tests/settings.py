"""Test settings: production settings with only what tests must change."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("NEWSROOM_BASE_URL", "https://news.example.org")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")

from newsroom.settings import *  # noqa: E402,F403

# Hashing passwords slowly protects real accounts; test accounts only slow the suite.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "fragments": CACHES["fragments"],  # noqa: F405
}
# Tests pin what a page costs to build; tests/newsroom/test_cache.py turns the page cache on.
NEWSROOM_ANONYMOUS_CACHE = False
NEWSROOM_CACHE_SETTLE_SECONDS = 0
# A second alias for the read replica, mirroring the test database, so that routing can be tested
# (tests/newsroom/test_routers.py); without the router installed nothing reads from it.
DATABASES = {
    **DATABASES,  # noqa: F405
    "replica": {**DATABASES["default"], "TEST": {"MIRROR": "default"}},  # noqa: F405
}
DATABASE_ROUTERS = []
# The manifest needs collectstatic; tests render templates without it.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Serve static files from the apps' folders, as in development: tests never run collectstatic.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# Templates that exist only for tests (e.g. a sample email for the email layer's tests).
TEMPLATES = [
    {**TEMPLATES[0], "DIRS": [*TEMPLATES[0]["DIRS"], BASE_DIR / "tests" / "templates"]},  # noqa: F405
]
# Email is kept in memory (pytest-django's mailoutbox); tests that need a real SMTP server start
# one (tests/smtp.py). Claims expire fast, so a test can take over a stopped worker's batch.
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tests sign people in with force_login, which no second factor confirms; the tests of that rule
# turn it on (the `second_factor_required` fixture in tests/conftest.py).
NEWSROOM_SECOND_FACTOR = False
