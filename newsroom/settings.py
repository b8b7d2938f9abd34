"""Newsroom settings, read from the environment.

Development (``make run``) sets ``DEBUG=1``. Everything else is secure by default: with ``DEBUG``
off, a missing ``SECRET_KEY``, ``ALLOWED_HOSTS`` or ``NEWSROOM_BASE_URL`` stops start-up with a
message naming the variable.
"""

import datetime
import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_required(name, development_default):
    value = os.environ.get(name, "")
    if value:
        return value
    if DEBUG:
        return development_default
    raise ImproperlyConfigured(
        f"{name} must be set when DEBUG is off. See 'Configuration' in README.md."
    )


DEBUG = env_bool("DEBUG")

# A fixed key is acceptable only for a development server on the loopback interface; production
# must bring its own, so that sessions and preview links survive restarts and cannot be forged.
SECRET_KEY = env_required("SECRET_KEY", "django-insecure-development-only-never-in-production")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS") or (["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS must be set when DEBUG is off, e.g. ALLOWED_HOSTS=news.example.org"
    )

# Absolute URLs in feeds, sitemaps, social cards and e-mails come from here, never from the
# request's Host header, which a client controls.
NEWSROOM_BASE_URL = env_required("NEWSROOM_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
if urlsplit(NEWSROOM_BASE_URL).scheme not in {"http", "https"}:
    raise ImproperlyConfigured("NEWSROOM_BASE_URL must start with http:// or https://")

NEWSROOM_SITE_NAME = os.environ.get("NEWSROOM_SITE_NAME", "Newsroom")
# The organisation that publishes the stories, shown on every story and in its metadata.
NEWSROOM_PUBLISHER_NAME = os.environ.get(
    "NEWSROOM_PUBLISHER_NAME", "United Nations Office on Drugs and Crime"
)
# The publisher's name on the Spanish site; empty shows NEWSROOM_PUBLISHER_NAME there too.
NEWSROOM_PUBLISHER_NAME_ES = os.environ.get(
    "NEWSROOM_PUBLISHER_NAME_ES",
    ""
    if "NEWSROOM_PUBLISHER_NAME" in os.environ
    else "Oficina de las Naciones Unidas contra la Droga y el Delito",
)

# Changes with each deployment so that ETags change when templates do.
NEWSROOM_RELEASE = os.environ.get("NEWSROOM_RELEASE", "")
# How long browsers and CDNs may keep public pages and feeds before asking again (seconds).
NEWSROOM_PUBLIC_MAX_AGE = int(os.environ.get("NEWSROOM_PUBLIC_MAX_AGE", "60"))
# How many of the newest stories each feed carries, in full. Readers poll feeds all day; twenty
# covers weeks of a press office's stories and keeps each poll to a fraction of a megabyte.
NEWSROOM_FEED_LENGTH = int(os.environ.get("NEWSROOM_FEED_LENGTH", "20"))
# How long a shared preview link of a draft stays valid (seconds); 48 hours by default.
NEWSROOM_PREVIEW_MAX_AGE = int(os.environ.get("NEWSROOM_PREVIEW_MAX_AGE", str(48 * 3600)))
# How long a CDN may keep them (Surrogate-Control): longer only where the CDN is purged by the
# Surrogate-Key when content changes; see docs/scaling.md.
NEWSROOM_CDN_MAX_AGE = int(os.environ.get("NEWSROOM_CDN_MAX_AGE", str(NEWSROOM_PUBLIC_MAX_AGE)))

# The shared cache. Redis when REDIS_URL names one, which every application server then shares;
# otherwise memory local to each process.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "newsroom.caching.backends.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "newsroom"),
            # A slow cache must not hold a page up longer than rendering it would.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Rendered fragments of pages (a story card, a story's article), kept in each process's memory.
# Their keys name the version of everything they show, so a change makes a new key and no process
# can serve another's outdated copy; asking Redis would cost more than rendering them again.
CACHES["fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "newsroom-fragments",
    "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("NEWSROOM_FRAGMENT_ENTRIES", "5000"))},
}
# The longest a fragment is kept (seconds). What a key does not name, such as a section's or a
# programme's new name on a story card, shows within this time.
NEWSROOM_FRAGMENT_SECONDS = int(os.environ.get("NEWSROOM_FRAGMENT_SECONDS", "600"))
# Anonymous pages and feeds served from the cache (newsroom/caching/). On by default only with
# Redis: a cache local to each process would not hear of a change another process made.
NEWSROOM_ANONYMOUS_CACHE = env_bool("NEWSROOM_ANONYMOUS_CACHE", default=bool(REDIS_URL))
# The longest a page stays in it (seconds); a change or a scheduled publication ends it sooner.
NEWSROOM_ANONYMOUS_CACHE_SECONDS = int(os.environ.get("NEWSROOM_ANONYMOUS_CACHE_SECONDS", "600"))
# How long after a change pages are served but not stored: a read replica may still be applying
# it. Without a replica, nothing lags.
NEWSROOM_CACHE_SETTLE_SECONDS = float(
    os.environ.get(
        "NEWSROOM_CACHE_SETTLE_SECONDS", "2" if os.environ.get("DATABASE_REPLICA_URL") else "0"
    )
)
# After a page's content changes, its old copy may still be served for this long while one
# worker renders the new one (stale-while-revalidate); withdrawals never are.
NEWSROOM_CACHE_STALE_SECONDS = int(os.environ.get("NEWSROOM_CACHE_STALE_SECONDS", "30"))
# How long a CDN, and the page cache itself, may serve a page that cannot be rendered (the
# database is down) past its time (stale-if-error).
NEWSROOM_CACHE_STALE_IF_ERROR_SECONDS = int(
    os.environ.get("NEWSROOM_CACHE_STALE_IF_ERROR_SECONDS", "3600")
)
# The longest one worker is trusted to render a page others wait for, in seconds.
NEWSROOM_CACHE_RENDER_SECONDS = 10
# How many stale pages the whole site renders again at once. A public change makes many pages
# stale together; rendering them all at once would take every worker away from readers, so the
# others are served stale (within NEWSROOM_CACHE_STALE_SECONDS) until a slot is free.
NEWSROOM_CACHE_STALE_RENDERS = int(os.environ.get("NEWSROOM_CACHE_STALE_RENDERS", "1"))
# A CDN purged by surrogate key on every public change, and by address when a photo's files are
# withdrawn (newsroom/caching/cdn.py): "fastly", or empty for none.
NEWSROOM_CDN = os.environ.get("NEWSROOM_CDN", "")
FASTLY_API_TOKEN = os.environ.get("FASTLY_API_TOKEN", "")
FASTLY_SERVICE_ID = os.environ.get("FASTLY_SERVICE_ID", "")
FASTLY_API_URL = os.environ.get("FASTLY_API_URL", "https://api.fastly.com")
# The query parameters public pages read (pagination, search); the page cache keeps only
# addresses made of these. Add a parameter here when a public page starts reading it.
NEWSROOM_CACHE_QUERY_PARAMETERS = frozenset({"page", "before", "after", "q"})

INSTALLED_APPS = [
    # Django's admin with the desk's site (desk/sites.py) as admin.site.
    "desk.apps.DeskAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "taggit",
    "csp",
    "reversion",
    "django_prose_editor",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "newsroom",
    "accounts",
    "photos",
    "people",
    "articles",
    "search",
    "desk",
    "outbox",
    "outreach",
    "readers",
]

MIDDLEWARE = [
    # Outermost, so that every response carries the header, a cached page or a refusal too.
    "newsroom.headers.PermissionsPolicyMiddleware",
    # First, so that every read of the request knows whether it may use the read replica.
    "newsroom.routers.ReplicaReadsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before the session, locale and common middleware, which a page served from the cache
    # does not need (its language comes from its address); see newsroom/caching/.
    "newsroom.caching.middleware.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before the CSRF check: a method an address does not serve is 405, token or not.
    "newsroom.methods.MethodNotAllowedMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Admin sessions end when idle or too old; see accounts/sessions.py.
    "accounts.middleware.StaffSessionMiddleware",
    # Admin pages in the signed-in person's language and time zone.
    "accounts.middleware.StaffPreferencesMiddleware",
    # Tells staff when the public cache refused to take their change.
    "newsroom.caching.retry.StaffNoticeMiddleware",
    # Staff who must confirm their sign-in with a second factor do so before anything else.
    "accounts.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: turns a refused sign-in into the "locked out" page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "newsroom.context_processors.site",
            ],
        },
    },
]

# SQLite in a file beside the code unless DATABASE_URL names another database (PostgreSQL in
# production and CI).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# A read replica of the primary: public pages read from it, the admin and every write use the
# primary (newsroom/routers.py). The replica receives the schema through replication.
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL,
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
    DATABASE_ROUTERS = ["newsroom.routers.PrimaryReplicaRouter"]
# Server-side binding lets psycopg prepare the statements a connection repeats (after five
# runs), so PostgreSQL plans a page's queries once per connection instead of on every request:
# planning costs more than running most of them. Turn it off behind a pooler that cannot keep
# prepared statements (PgBouncer before 1.21 in transaction mode).
if env_bool("DATABASE_SERVER_SIDE_BINDING", default=True):
    for database in DATABASES.values():
        if database["ENGINE"] == "django.db.backends.postgresql":
            # Django turns psycopg's preparing off unless told a threshold; five is psycopg's.
            database.setdefault("OPTIONS", {}).update(server_side_binding=True, prepare_threshold=5)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # Twelve characters: three or four words, easy to type and slow to guess.
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "accounts.password_validation.SiteNameValidator"},
    {"NAME": "accounts.password_validation.SiteAddressValidator"},
]

# Staff sign-in (see "Sign-in security" in README.md). django-axes counts failed sign-ins by
# account and by address; reaching the limit on either pauses signing in for that account or
# address until the cool-off ends or an Administrator unlocks it.
AUTHENTICATION_BACKENDS = [
    "accounts.backends.SignInThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("NEWSROOM_SIGNIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(
    minutes=int(os.environ.get("NEWSROOM_SIGNIN_LOCKOUT_MINUTES", "15"))
)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_CALLABLE = "accounts.lockout.locked_out"
AXES_CLIENT_IP_CALLABLE = "accounts.lockout.client_address"
# The project's own admin pages list lockouts and failed sign-ins, translated.
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False
# Behind a proxy that appends the client's address to X-Forwarded-For (nginx's
# $proxy_add_x_forwarded_for), count sign-ins by that address instead of the proxy's.
TRUST_X_FORWARDED_FOR = env_bool("TRUST_X_FORWARDED_FOR")

# A second factor (authenticator app, passkey or recovery code) for the roles that require it; see
# accounts/second_factor.py. On unless turned off (the test settings do); off without DEBUG,
# ``check --deploy`` warns that staff sign in with a password alone (accounts/checks.py).
NEWSROOM_SECOND_FACTOR = env_bool("NEWSROOM_SECOND_FACTOR", default=True)
OTP_TOTP_ISSUER = NEWSROOM_SITE_NAME
# Passkeys (django-otp-webauthn) as a second factor only, never instead of the password. The
# relying party (the host passkeys are bound to) and the allowed origin come from
# NEWSROOM_BASE_URL, read when each ceremony runs (accounts/passkeys.py).
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
OTP_WEBAUTHN_HELPER_CLASS = "accounts.passkeys.PasskeyHelper"
OTP_WEBAUTHN_RP_ID_CALLABLE = "accounts.passkeys.relying_party_id"
OTP_WEBAUTHN_RP_NAME_CALLABLE = "accounts.passkeys.relying_party_name"
# The same origin, for the library's start-up checks (see SILENCED_SYSTEM_CHECKS).
OTP_WEBAUTHN_ALLOWED_ORIGINS = [
    f"{urlsplit(NEWSROOM_BASE_URL).scheme}://{urlsplit(NEWSROOM_BASE_URL).netloc}"
]

# Staff sessions end after an hour without activity, twelve hours after signing in, and when the
# browser closes.
NEWSROOM_STAFF_IDLE_TIMEOUT = 60 * int(os.environ.get("NEWSROOM_STAFF_IDLE_MINUTES", "60"))
NEWSROOM_STAFF_SESSION_LIFETIME = 3600 * int(os.environ.get("NEWSROOM_STAFF_SESSION_HOURS", "12"))
SESSION_COOKIE_AGE = NEWSROOM_STAFF_SESSION_LIFETIME
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates as the house writes them in each language: "12 January 2021", "12 de enero de 2021".
FORMAT_MODULE_PATH = ["newsroom.formats"]
# The site's time zone: staff who choose none see and enter dates in it; the press office in
# Mexico sets TIME_ZONE=America/Mexico_City.
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# MEDIA_STORAGE=s3: photos in an S3-compatible bucket (AWS, MinIO, Ceph, DigitalOcean Spaces...)
# through django-storages, so that several application servers share them. Credentials come
# from the usual AWS variables or the machine's role, read by boto3 itself.
MEDIA_STORAGE = os.environ.get("MEDIA_STORAGE", "filesystem")
if MEDIA_STORAGE == "s3":
    try:
        import storages.backends.s3  # noqa: F401  (needs boto3; only this branch does)
    except ImportError as error:
        raise ImproperlyConfigured(
            "MEDIA_STORAGE=s3 needs django-storages with boto3: pip install '.[s3]'"
        ) from error
    AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
    if not AWS_STORAGE_BUCKET_NAME:
        raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME.")
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            # e.g. media.news.example.org, a CDN in front of the bucket.
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            # Photos are public and their names random: plain URLs, never overwritten, kept by
            # browsers and CDNs for a year.
            "querystring_auth": False,
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }
elif MEDIA_STORAGE != "filesystem":
    raise ImproperlyConfigured("MEDIA_STORAGE must be 'filesystem' (the default) or 's3'.")

# Uploads larger than this are refused before Django reads them into memory.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

LOGIN_URL = "admin:login"
# A tag is its exact name. The story form asks before making one that differs from an existing tag
# only by accents or case (articles/tagging.py); once a second spelling exists by choice, a
# case-insensitive lookup would hand its stories whichever of the two is older.
TAGGIT_CASE_INSENSITIVE = False
# Tag slugs go into <slug:> URLs, which are ASCII only: "Michoacán" becomes "michoacan".
TAGGIT_STRIP_UNICODE_WHEN_SLUGIFYING = True

# Security. Behind a TLS-terminating proxy, set SECURE_PROXY_SSL_HEADER via TRUST_X_FORWARDED_PROTO.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)
# Preloading binds the domain and its subdomains to HTTPS in browsers for months and is slow to
# undo: each deployment opts in with SECURE_HSTS_PRELOAD=1, so the check that asks for it is off.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
# A base URL that is not HTTPS (development, the benchmarks at http://127.0.0.1) cannot have
# passkeys; the two-step page says so (accounts/passkeys.py) rather than start-up stopping.
SILENCED_SYSTEM_CHECKS.append("otp_webauthn.E031")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("TRUST_X_FORWARDED_PROTO"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Everything the site shows comes from its own origin: no CDN, no third-party script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}

# What the browser may let a page use (the Permissions-Policy header, newsroom/headers.py): the
# site asks for no device, sensor, payment or tracking feature, so each is off, for its pages and
# any frame in them. A feature's list of origins; an empty list turns it off.
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "ambient-light-sensor": [],
    "autoplay": [],
    "bluetooth": [],
    "browsing-topics": [],
    "camera": [],
    "display-capture": [],
    "geolocation": [],
    "gyroscope": [],
    "hid": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "serial": [],
    "usb": [],
    "xr-spatial-tracking": [],
}

# Background work (email, hub pings) runs in a worker process, never in the web process: Django's
# tasks framework (the django-tasks backport) with its database queue, so tasks are rows in the
# site's own database (SQLite in development, PostgreSQL in production) and survive restarts.
# `manage.py run_worker` runs one worker; `make run` starts one beside the development server.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}


def email_settings(url):
    """Django's EMAIL_* settings from one address: ``smtp://user:password@host:587?tls=1``.

    ``smtp`` is plain SMTP (``?tls=1`` upgrades with STARTTLS), ``smtp+tls`` is STARTTLS,
    ``smtps`` is SMTP over TLS (port 465), ``console`` prints each message.
    """
    from urllib.parse import parse_qs, unquote

    parts = urlsplit(url)
    if parts.scheme == "console":
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if parts.scheme not in {"smtp", "smtp+tls", "smtps"}:
        raise ImproperlyConfigured(
            "EMAIL_URL must start with smtp://, smtp+tls://, smtps:// or console://"
        )
    query = parse_qs(parts.query)
    starttls = parts.scheme == "smtp+tls" or query.get("tls", ["0"])[0] in {"1", "true", "yes"}
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname or "localhost",
        "EMAIL_PORT": parts.port or (465 if parts.scheme == "smtps" else 587 if starttls else 25),
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": starttls,
        "EMAIL_USE_SSL": parts.scheme == "smtps",
    }


# Email goes through Django's email framework. In development it is printed by the console
# backend (in the terminal running `make run`); in production it goes to the SMTP server named by
# EMAIL_URL, or by EMAIL_HOST and its companions, or by default to an SMTP server on the machine.
if os.environ.get("EMAIL_URL"):
    globals().update(email_settings(os.environ["EMAIL_URL"]))
elif os.environ.get("EMAIL_HOST") or not DEBUG:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", f"{NEWSROOM_SITE_NAME} <newsroom@{urlsplit(NEWSROOM_BASE_URL).hostname}>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The most messages one worker sends per second (0: as fast as the SMTP server accepts them).
# Set it to the provider's limit divided by the number of workers; see docs/scaling.md.
NEWSROOM_EMAIL_RATE = float(os.environ.get("NEWSROOM_EMAIL_RATE", "0"))
# How many deliveries a worker claims at once, and how long its claim holds before another
# worker may take them over (a worker that died mid-batch).
NEWSROOM_EMAIL_BATCH_SIZE = int(os.environ.get("NEWSROOM_EMAIL_BATCH_SIZE", "50"))
NEWSROOM_EMAIL_CLAIM_SECONDS = int(os.environ.get("NEWSROOM_EMAIL_CLAIM_SECONDS", "300"))
# Readers who chose a daily digest get it at this hour (0-23) of the site's TIME_ZONE, with the
# stories of the day before; a queued task that queues the next day's itself, no cron job.
NEWSROOM_DIGEST_HOUR = int(os.environ.get("NEWSROOM_DIGEST_HOUR", "7"))
# A delivery the SMTP server refused for a passing reason is tried again later, waiting twice as
# long each time from the first delay (seconds), up to this many attempts in all.
NEWSROOM_EMAIL_MAX_ATTEMPTS = int(os.environ.get("NEWSROOM_EMAIL_MAX_ATTEMPTS", "6"))
NEWSROOM_EMAIL_RETRY_SECONDS = int(os.environ.get("NEWSROOM_EMAIL_RETRY_SECONDS", "60"))

# WebSub hubs every feed names (rel="hub") and pings when a story goes public, is corrected or
# is withdrawn, comma-separated: https://pubsubhubbub.appspot.com/. None by default.
NEWSROOM_WEBSUB_HUBS = env_list("NEWSROOM_WEBSUB_HUBS")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
