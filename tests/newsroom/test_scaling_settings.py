"""Settings for more than one machine: Redis, a read replica, S3-compatible media.

Each is read the way a server starts: in a fresh process with only the variables it names. No
test talks to Redis, a second database or S3; the credentials are fake and nothing is sent.
"""

from tests.newsroom.test_settings import print_setting, run_python

SCALING_VARIABLES = {
    "REDIS_URL": None,
    "CACHE_KEY_PREFIX": None,
    "NEWSROOM_ANONYMOUS_CACHE": None,
    "NEWSROOM_ANONYMOUS_CACHE_SECONDS": None,
    "NEWSROOM_CACHE_SETTLE_SECONDS": None,
    "NEWSROOM_CDN_MAX_AGE": None,
    "DATABASE_REPLICA_URL": None,
    "MEDIA_STORAGE": None,
    "AWS_STORAGE_BUCKET_NAME": None,
    "AWS_S3_ENDPOINT_URL": None,
    "AWS_S3_REGION_NAME": None,
    "AWS_S3_CUSTOM_DOMAIN": None,
}

FAKE_S3 = {
    "MEDIA_STORAGE": "s3",
    "AWS_STORAGE_BUCKET_NAME": "newsroom-photos",
    "AWS_S3_ENDPOINT_URL": "http://127.0.0.1:9",
    "AWS_S3_REGION_NAME": "us-east-1",
    "AWS_ACCESS_KEY_ID": "fake-access-key",
    "AWS_SECRET_ACCESS_KEY": "fake-secret-key",
}


def setting(expression, **variables):
    return print_setting(expression, **{**SCALING_VARIABLES, **variables})


def test_without_redis_the_cache_is_local_and_pages_are_not_cached():
    assert setting("settings.CACHES['default']['BACKEND']").endswith("LocMemCache")
    assert setting("settings.NEWSROOM_ANONYMOUS_CACHE") == "False"


def test_redis_url_selects_the_redis_cache_and_turns_the_page_cache_on():
    variables = {"REDIS_URL": "redis://127.0.0.1:6379/3"}
    assert setting("settings.CACHES['default']['BACKEND']", **variables) == (
        "newsroom.caching.backends.RedisCache"
    )
    assert setting("settings.CACHES['default']['LOCATION']", **variables) == (
        "redis://127.0.0.1:6379/3"
    )
    assert setting("settings.NEWSROOM_ANONYMOUS_CACHE", **variables) == "True"


def test_page_cache_can_be_turned_off_with_redis():
    variables = {"REDIS_URL": "redis://127.0.0.1:6379/3", "NEWSROOM_ANONYMOUS_CACHE": "0"}
    assert setting("settings.NEWSROOM_ANONYMOUS_CACHE", **variables) == "False"


def test_replica_url_adds_the_replica_alias_and_the_router():
    variables = {
        "DATABASE_URL": "postgres://newsroom@db-primary:5432/newsroom",
        "DATABASE_REPLICA_URL": "postgres://newsroom@db-replica:5432/newsroom",
    }
    assert setting("settings.DATABASES['replica']['HOST']", **variables) == "db-replica"
    assert setting("settings.DATABASES['default']['HOST']", **variables) == "db-primary"
    assert setting("settings.DATABASE_ROUTERS", **variables) == (
        "['newsroom.routers.PrimaryReplicaRouter']"
    )
    # Pages rendered while the replica may still be applying a change are not kept.
    assert setting("settings.NEWSROOM_CACHE_SETTLE_SECONDS", **variables) == "2.0"


def test_without_a_replica_there_is_one_database_and_no_router():
    assert setting("sorted(settings.DATABASES)") == "['default']"
    assert setting("settings.DATABASE_ROUTERS") == "[]"


def test_media_storage_s3_selects_the_s3_backend_and_builds_plain_urls():
    code = (
        "import django; django.setup();"
        "from django.core.files.storage import storages;"
        "s = storages['default'];"
        "print(type(s).__module__ + '.' + type(s).__name__);"
        "print(s.bucket_name);"
        "print(s.url('photos/abc.jpg'))"
    )
    result = run_python("-c", code, **{**SCALING_VARIABLES, **FAKE_S3})
    assert result.returncode == 0, result.stderr
    backend, bucket, url = result.stdout.splitlines()
    assert backend == "storages.backends.s3.S3Storage"
    assert bucket == "newsroom-photos"
    # Public photos: no signature, no expiry in the address.
    assert url == "http://127.0.0.1:9/newsroom-photos/photos/abc.jpg"


def test_media_storage_s3_can_serve_through_a_custom_domain():
    variables = {**FAKE_S3, "AWS_S3_CUSTOM_DOMAIN": "media.news.example.org"}
    code = (
        "import django; django.setup();"
        "from django.core.files.storage import storages;"
        "print(storages['default'].url('photos/abc.jpg'))"
    )
    result = run_python("-c", code, **{**SCALING_VARIABLES, **variables})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "https://media.news.example.org/photos/abc.jpg"


def test_media_storage_s3_without_a_bucket_stops_start_up_naming_it():
    result = run_python(
        "manage.py", "check", **{**SCALING_VARIABLES, **FAKE_S3, "AWS_STORAGE_BUCKET_NAME": None}
    )
    assert result.returncode != 0
    assert "AWS_STORAGE_BUCKET_NAME" in result.stderr


def test_unknown_media_storage_stops_start_up():
    result = run_python("manage.py", "check", **{**SCALING_VARIABLES, "MEDIA_STORAGE": "ftp"})
    assert result.returncode != 0
    assert "MEDIA_STORAGE" in result.stderr


def test_boto3_is_not_loaded_unless_media_goes_to_s3():
    code = "import sys, django; django.setup(); print('boto3' in sys.modules)"
    result = run_python("-c", code, **SCALING_VARIABLES)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_postgresql_binds_parameters_on_the_server():
    variables = {"DATABASE_URL": "postgres://postgres@127.0.0.1:5432/newsroom"}
    assert setting("settings.DATABASES['default']['OPTIONS']", **variables) == (
        "{'server_side_binding': True, 'prepare_threshold': 5}"
    )


def test_server_side_binding_can_be_turned_off_for_poolers():
    variables = {
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/newsroom",
        "DATABASE_SERVER_SIDE_BINDING": "0",
    }
    assert setting("settings.DATABASES['default']['OPTIONS']", **variables) == "{}"
