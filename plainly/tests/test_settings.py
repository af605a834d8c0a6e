"""A bad PLAINLY_* value stops start-up with one line naming the variable."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from plainly import config
from plainly.testing.installations import run_plainly

BAD_VALUES = [
    ("PLAINLY_DATABASE_URL", "not a url"),
    ("PLAINLY_DATABASE_URL", "mysql://user@db/plainly"),
    ("PLAINLY_DATABASE_URL", "postgres://user@db:port/plainly"),
    ("PLAINLY_CACHE_URL", "memcached-of-sorts://x"),
    ("PLAINLY_EMAIL_URL", "carrier-pigeon://loft"),
    ("PLAINLY_DEBUG", "sometimes"),
    ("PLAINLY_BASE_URL", "example.org"),
    ("PLAINLY_SECRET_KEY", "short"),
    ("PLAINLY_ALLOWED_HOSTS", "example.org,,"),
    ("PLAINLY_FRONTEND_CACHE_URL", "varnish"),
    ("PLAINLY_LOG_LEVEL", "LOUD"),
    ("PLAINLY_BASE_URL", "http://[::1"),
    ("PLAINLY_DATABASE_URL", "sqlite:////proc/no-such-folder/site.sqlite3"),
    ("PLAINLY_CACHE_URL", "redis://127.0.0.1:abc/0"),
    ("PLAINLY_CACHE_URL", "filecache://"),
    ("PLAINLY_VAR_DIR", "/proc/no-such-folder"),
    ("PLAINLY_SEARCH_URL", "http://opensearch:9200"),
    ("PLAINLY_SEARCH_URL", "solr+http://solr:8983"),
    ("PLAINLY_TRUSTED_PROXY_COUNT", "-1"),
    ("PLAINLY_TRUSTED_PROXY_COUNT", "two"),
    ("PLAINLY_LOG_FORMAT", "xml"),
    ("PLAINLY_METRICS_ADDRESSES", "localhost"),
    ("PLAINLY_METRICS_ADDRESSES", "10.0.0.0/8,,"),
    ("PLAINLY_PAGE_CACHE_URL", "memcached-of-sorts://x"),
    ("PLAINLY_FRONTEND_CACHE_SECRET", "short"),
    ("PLAINLY_FRONTEND_CACHE_SECRET", "REPLACE-WITH-PLAINLY_FRONTEND_CACHE_SECRET"),
    ("PLAINLY_FRONTEND_CACHE_SECRET", "a secret with spaces in it, long enough to count"),
]


@pytest.mark.parametrize(("name", "value"), BAD_VALUES)
def test_a_malformed_value_stops_start_up_with_one_line_naming_it(name, value):
    result = run_plainly("check", **{name: value})

    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"plainly: {name}: ")
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("engine", "client"), [("opensearch", "opensearchpy"), ("elasticsearch", "elasticsearch")]
)
def test_a_search_engine_without_its_client_stops_start_up_saying_what_to_install(
    tmp_path, engine, client
):
    # The client is taken away for this run, whether or not this machine has it installed.
    (tmp_path / client).mkdir()
    (tmp_path / client / "__init__.py").write_text('raise ImportError("not installed")\n')

    result = run_plainly(
        "check", PLAINLY_SEARCH_URL=f"{engine}+https://search:9200", PYTHONPATH=str(tmp_path)
    )

    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"plainly: PLAINLY_SEARCH_URL: {engine} needs its client: pip install 'plainly[{engine}]'"
    )


def test_a_caching_proxy_needs_the_secret_its_purges_carry():
    result = run_plainly("check", PLAINLY_FRONTEND_CACHE_URL="http://127.0.0.1:6081")

    assert result.returncode == 2
    assert result.stderr.strip() == (
        "plainly: PLAINLY_FRONTEND_CACHE_SECRET: must be set too: the secret the proxy checks "
        "on purges"
    )


def test_page_copies_keep_out_of_the_redis_that_keeps_the_records(tmp_path):
    script = "from django.conf import settings as s; print(s.CACHES['pages']['LOCATION'])"
    result = run_plainly(
        "shell", "--no-imports", "-c", script,
        PLAINLY_VAR_DIR=str(tmp_path), PLAINLY_CACHE_URL="redis://127.0.0.1:6379/0",
    )  # fmt: skip

    assert result.stdout.strip() == str(tmp_path / "cache")


def test_good_values_start_up(tmp_path):
    result = run_plainly(
        "check",
        PLAINLY_DATABASE_URL=f"sqlite:///{tmp_path}/site.sqlite3",
        PLAINLY_CACHE_URL=f"filecache://{tmp_path}/cache",
        PLAINLY_EMAIL_URL="smtp://user:secret@mail.example.org:587",
        PLAINLY_DEBUG="off",
        PLAINLY_BASE_URL="https://example.org",
        PLAINLY_ALLOWED_HOSTS="example.org,www.example.org",
    )

    assert result.returncode == 0, result.stderr


def production(tmp_path, **extra: str) -> dict[str, str]:
    return {
        "PLAINLY_VAR_DIR": str(tmp_path),
        "PLAINLY_BASE_URL": "https://example.org",
        "PLAINLY_ALLOWED_HOSTS": "example.org",
        **extra,
    }


def test_production_settings_pass_djangos_deploy_checks(tmp_path):
    result = run_plainly("check", "--deploy", "--fail-level", "WARNING", **production(tmp_path))

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_logs_one_json_object_a_line(tmp_path):
    code = (
        "import logging\n"
        "logging.getLogger('plainly.test').warning('Hello %s', 'rita@example.org')\n"
    )
    result = run_plainly("shell", "--no-imports", "-c", code, **production(tmp_path))

    line = json.loads(result.stderr.strip().splitlines()[-1])
    assert line["logger"] == "plainly.test"
    assert line["message"] == "Hello r…@example.org"
    assert line["request_id"] == "-"


def test_hsts_can_leave_other_subdomains_alone_and_the_check_says_so(tmp_path):
    result = run_plainly(
        "check", "--deploy", **production(tmp_path, PLAINLY_HSTS_SUBDOMAINS="false")
    )

    assert "security.W005" in result.stderr  # include-subdomains off: Django warns
    assert "security.W021" in result.stderr  # and preload with it


def test_postgres_and_redis_urls_switch_the_backends():
    database = config.database("X", "postgres://plainly@db:5433/plainly", base_dir=Path("/"))
    cache = config.cache("Y", "redis://cache:6379/0", base_dir=Path("/"))

    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["HOST"], database["PORT"], database["NAME"]) == ("db", 5433, "plainly")
    assert cache["BACKEND"] == "plainly.backends.cache.ResilientRedisCache"
    assert cache["LOCATION"] == "redis://cache:6379/0"


def test_sqlite_defaults_to_wal_mode_under_the_project(tmp_path):
    database = config.database("X", "sqlite:///var/site.sqlite3", base_dir=tmp_path)

    assert database["NAME"] == str(tmp_path / "var" / "site.sqlite3")
    assert "journal_mode=WAL" in database["OPTIONS"]["init_command"]
    # Each request thread keeps its connection: a new one reads the whole schema again.
    assert database["CONN_MAX_AGE"] >= 60


def test_the_embedded_default_database_runs_in_wal_mode(tmp_path):
    result = run_plainly(
        "shell",
        "-c",
        "from django.db import connection; c = connection.cursor();"
        "print(c.execute('PRAGMA journal_mode').fetchone()[0])",
        PLAINLY_DATABASE_URL=f"sqlite:///{tmp_path}/site.sqlite3",
    )

    assert result.stdout.strip().splitlines()[-1] == "wal", result.stderr


def test_a_generated_secret_key_is_kept_and_private(tmp_path):
    keep_in = tmp_path / "secret_key"

    first = config.secret_key("SECRET_KEY", keep_in=keep_in)
    second = config.secret_key("SECRET_KEY", keep_in=keep_in)

    assert first == second and len(first) >= 50
    assert keep_in.stat().st_mode & 0o077 == 0


def test_the_embedded_default_needs_no_other_server(tmp_path):
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("PLAINLY_") and name != "DJANGO_SETTINGS_MODULE"
    }
    environment["PLAINLY_VAR_DIR"] = str(tmp_path)
    script = (
        "from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME']);"
        "print(s.CACHES['pages']['BACKEND'], s.CACHES['pages']['LOCATION']);"
        "print(s.EMAIL_BACKEND);"
        "print(s.CACHES['default']['BACKEND'], s.CACHES['default']['LOCATION'],"
        " s.CACHES['default']['OPTIONS']['eviction_policy'])"
    )
    result = subprocess.run(
        [sys.executable, "-m", "plainly", "shell", "--no-imports", "-c", script],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )

    database, cache, mail, records = result.stdout.split("\n")[:4]
    assert database == f"django.db.backends.sqlite3 {tmp_path / 'plainly.sqlite3'}"
    # A file cache is shared by every worker process on the machine, unlike a local-memory one.
    assert cache == f"plainly.backends.file_cache.FileCache {tmp_path / 'cache'}"
    # Rate limits and purge records are kept apart, in a store that never evicts them.
    assert records == f"plainly.backends.disk_cache.KeptDiskCache {tmp_path / 'records'} none"
    assert mail == "django.core.mail.backends.console.EmailBackend"


def test_search_urls_pick_the_engine_and_keep_the_address(monkeypatch):
    monkeypatch.setenv("PLAINLY_SEARCH_URL", "elasticsearch+https://user:secret@search:9200")

    backend = config.search_backend("SEARCH_URL")

    assert backend["BACKEND"] == "wagtail.search.backends.elasticsearch8"
    assert backend["URLS"] == ["https://user:secret@search:9200"]


def test_a_search_url_starts_up(tmp_path):
    result = run_plainly("check", PLAINLY_SEARCH_URL="elasticsearch+http://127.0.0.1:9200")

    assert result.returncode == 0, result.stderr


def test_without_a_search_url_the_database_searches():
    assert config.search_backend("NO_SUCH_SETTING") == config.DATABASE_SEARCH
