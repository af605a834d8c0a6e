"""Read Plainly's settings from ``PLAINLY_*`` environment variables.

Each helper returns a ready-to-use Django setting or raises :class:`SettingError`, whose message is
one line naming the variable, so a bad deployment stops at start-up instead of at the first request.
"""

import importlib
import ipaddress
import os
import secrets
import warnings
from pathlib import Path
from urllib.parse import SplitResult, urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured

PREFIX = "PLAINLY_"


class SettingError(ImproperlyConfigured):
    """A ``PLAINLY_*`` variable holds a value Plainly cannot use."""

    def __init__(self, name: str, problem: str):
        self.name = PREFIX + name
        super().__init__(f"{self.name}: {problem}")


def raw(name: str, default: str) -> str:
    return os.environ.get(PREFIX + name, default).strip()


def boolean(name: str, default: bool) -> bool:
    value = raw(name, "").lower()
    if not value:
        return default
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise SettingError(name, f"expected true or false, got {value!r}")


def count(name: str, default: int) -> int:
    value = raw(name, str(default))
    if not value.isdigit():
        raise SettingError(name, f"expected a whole number of 0 or more, got {value!r}")
    return int(value)


def string_list(name: str, default: str) -> list[str]:
    items = [item.strip() for item in raw(name, default).split(",")]
    if not all(items):
        raise SettingError(name, "expected a comma-separated list with no empty items")
    return items


def networks(name: str, default: str) -> list:
    """Addresses and networks (``10.0.0.0/8``, ``::1``), as ``ipaddress`` networks."""
    found = []
    for item in string_list(name, default):
        try:
            found.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise SettingError(name, f"{item!r} is not an IP address or network") from None
    return found


def directory(name: str, default: Path, *, base_dir: Path) -> Path:
    """A writable directory, created if missing; relative paths are taken from ``base_dir``."""
    path = Path(raw(name, str(default)))
    path = path if path.is_absolute() else base_dir / path
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise SettingError(name, f"cannot create {str(path)!r}: {error.strerror}") from None
    if not os.access(path, os.W_OK):
        raise SettingError(name, f"{str(path)!r} is not writable")
    return path


# The search engines Plainly can use, by the scheme of PLAINLY_SEARCH_URL: (Wagtail backend, the
# client package it needs, the extra that installs it).
SEARCH_ENGINES = {
    "opensearch": ("wagtail.search.backends.opensearch3", "opensearchpy", "opensearch"),
    "elasticsearch": ("wagtail.search.backends.elasticsearch8", "elasticsearch", "elasticsearch"),
}
DATABASE_SEARCH = {"BACKEND": "wagtail.search.backends.database"}


def search_backend(name: str) -> dict:
    """Wagtail's search backend: the database's own full text, or OpenSearch or Elasticsearch.

    The URL's scheme names the engine and the transport: ``opensearch+https://host:9200`` or
    ``elasticsearch+http://host:9200``; user and password may be given in it.
    """
    value = raw(name, "")
    if not value:
        return DATABASE_SEARCH
    engine, _, transport = _split(name, value).scheme.partition("+")
    if engine not in SEARCH_ENGINES or transport not in {"http", "https"}:
        raise SettingError(
            name, f"expected opensearch+https://… or elasticsearch+https://…, got {value!r}"
        )
    backend, package, extra = SEARCH_ENGINES[engine]
    try:
        importlib.import_module(package)
    except ImportError:
        raise SettingError(
            name, f"{engine} needs its client: pip install 'plainly[{extra}]'"
        ) from None
    return {
        "BACKEND": backend,
        "URLS": [value.split("+", 1)[1]],
        "INDEX_PREFIX": raw("SEARCH_INDEX_PREFIX", "plainly_"),
    }


def log_level(name: str, default: str) -> str:
    value = raw(name, default).upper()
    if value not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
        raise SettingError(name, f"expected DEBUG, INFO, WARNING, ERROR or CRITICAL, got {value!r}")
    return value


def log_format(name: str, default: str) -> str:
    value = raw(name, default).lower()
    if value not in {"json", "plain"}:
        raise SettingError(name, f"expected json or plain, got {value!r}")
    return value


def _split(name: str, value: str) -> SplitResult:
    """``urlsplit`` that reports a malformed URL or port as this variable's error."""
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - urlsplit checks the port only when asked
    except ValueError as error:
        raise SettingError(name, f"cannot read {value!r}: {error}") from None
    return parts


def optional_url(name: str) -> str:
    """An http(s) URL of another service, or empty when the variable is unset."""
    value = raw(name, "")
    parts = _split(name, value)
    if value and (parts.scheme not in {"http", "https"} or not parts.hostname):
        raise SettingError(name, f"expected an http:// or https:// URL, got {value!r}")
    return value


# The placeholder deploy/varnish.vcl ships with: a secret everyone can read is none.
SECRET_PLACEHOLDER = "REPLACE-WITH-PLAINLY_FRONTEND_CACHE_SECRET"  # noqa: S105


def shared_secret(name: str, *, needed: bool) -> str:
    """A secret shared with another service, of 32 characters or more; required if ``needed``."""
    value = raw(name, "")
    if not value:
        if needed:
            raise SettingError(name, "must be set too: the secret the proxy checks on purges")
        return ""
    if len(value) < 32 or value == SECRET_PLACEHOLDER:
        raise SettingError(name, "expected a random secret of 32 characters or more")
    if not value.isascii() or not value.isprintable() or " " in value:
        raise SettingError(name, "expected printable ASCII characters without spaces")
    return value


def base_url(name: str, default: str) -> str:
    value = raw(name, default).rstrip("/")
    parts = _split(name, value)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise SettingError(name, f"expected an http:// or https:// URL, got {value!r}")
    if parts.path or parts.query or parts.fragment:
        raise SettingError(name, "expected a bare origin such as https://example.org, with no path")
    return value


def _parsed(name: str, default: str, parse) -> tuple[str, dict]:
    url = raw(name, default)
    _split(name, url)
    try:
        # django-environ warns about URLs it cannot place; the checks below say it better.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return url, parse(url)
    except (ImproperlyConfigured, ValueError, KeyError) as error:
        raise SettingError(name, f"cannot read {url!r}: {error}") from None


def _local_path(name: str, location: str, *, base_dir: Path, example: str) -> Path:
    """A file or folder path from a URL, made absolute, with its parent folder created."""
    if not location or location == ":memory:":
        raise SettingError(name, f"needs a path, e.g. {example}")
    path = Path(location)
    path = path if path.is_absolute() else base_dir / path
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise SettingError(name, f"cannot create {str(path.parent)!r}: {error.strerror}") from None
    return path


POOL_WAIT_SECONDS = 1.0
SQLITE_CONNECTION_SECONDS = 600


def database(name: str, default: str, *, base_dir: Path) -> dict:
    url, config = _parsed(name, default, environ.Env.db_url_config)
    engine = config.get("ENGINE", "")
    if engine == "django.db.backends.sqlite3":
        path = _local_path(
            name, config["NAME"], base_dir=base_dir, example="sqlite:///var/plainly.sqlite3"
        )
        config["NAME"] = str(path)
        config["OPTIONS"] = {
            # WAL lets readers carry on while one writer commits. IMMEDIATE takes the write lock at
            # BEGIN, so concurrent writers queue on the timeout instead of failing mid-transaction.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
        # Each request thread keeps its connection: opening one costs more than rendering half
        # a page, as SQLite reads the whole schema again and runs the PRAGMAs above.
        config["CONN_MAX_AGE"] = SQLITE_CONNECTION_SECONDS
    elif engine == "django.db.backends.postgresql":
        if not config.get("NAME"):
            raise SettingError(name, f"{url!r} names no database")
        # At least a connection for each request thread of `plainly serve` (the cores plus one).
        pool_size = count("DATABASE_POOL", max(8, 2 * (os.cpu_count() or 1) + 1))
        # A database that is away must cost a reader a quick "try again later" page, not a
        # hang: libpq gives up connecting after this (its minimum), and a request waits at most
        # POOL_WAIT_SECONDS for a pooled connection. Requests never wait for the pool otherwise:
        # `plainly serve` has each pool keep a connection open for every request thread.
        config.setdefault("OPTIONS", {}).setdefault("connect_timeout", 2)
        if pool_size:
            # Each server process keeps a pool of open connections (psycopg_pool) that its
            # request threads borrow, instead of connecting once per request or per thread.
            # A connection is checked before it is lent, so a restarted database costs a
            # reconnect, not an error.
            config["CONN_MAX_AGE"] = 0
            config["CONN_HEALTH_CHECKS"] = True  # Django's pool then checks what it lends
            config.setdefault("OPTIONS", {})["pool"] = {
                "min_size": 1,
                "max_size": pool_size,
                "timeout": POOL_WAIT_SECONDS,
            }
        else:
            # No pool: keep each thread's connection for a minute, checked before use.
            config["CONN_MAX_AGE"] = 60
            config["CONN_HEALTH_CHECKS"] = True
    else:
        raise SettingError(name, f"expected a sqlite:// or postgres:// URL, got {url!r}")
    return config


def cache(name: str, default: str, *, base_dir: Path) -> dict:
    """A cache from its URL; ``?key_prefix=`` lets several sites share one Redis."""
    url, config = _parsed(name, default, environ.Env.cache_url_config)
    backend = config.get("BACKEND", "")
    if "key_prefix" in config:
        config["KEY_PREFIX"] = config.pop("key_prefix")
    if backend.endswith("FileBasedCache"):
        location = _local_path(
            name, config["LOCATION"], base_dir=base_dir, example="filecache:///var/plainly/cache"
        )
        config["LOCATION"] = str(location)
        config["BACKEND"] = "plainly.backends.file_cache.FileCache"  # lists its folder less
    elif backend == "django.core.cache.backends.redis.RedisCache":
        if not urlsplit(url).hostname:
            raise SettingError(name, f"{url!r} names no Redis host")
        config["BACKEND"] = "plainly.backends.cache.ResilientRedisCache"  # an outage is a miss
    elif not backend.endswith(("LocMemCache", "DummyCache")):
        raise SettingError(
            name, f"expected a redis://, filecache:// or locmemcache:// URL, got {url!r}"
        )
    return config


def is_redis(cache_settings: dict) -> bool:
    return cache_settings["BACKEND"] == "plainly.backends.cache.ResilientRedisCache"


def records_cache(shared: dict, *, directory: Path) -> dict:
    """Where rate-limit counters, locks and the page cache's purge records live: a store that
    never drops an entry before it expires, whatever else fills it.

    With Redis that is the shared Redis (which must not evict: see deploy/redis.md); otherwise a
    store on disk under ``directory`` with atomic counters and no culling. Django's file cache
    would drop a random third of its entries whenever it holds 300, so anyone requesting unique
    addresses could wipe the counters that limit their password guesses.
    """
    if is_redis(shared):
        return dict(shared)
    return {
        "BACKEND": "plainly.backends.disk_cache.KeptDiskCache",
        "LOCATION": str(directory),
        "SHARDS": 1,
        # Writers queue on SQLite's lock for up to a second rather than failing at once.
        "DATABASE_TIMEOUT": 1.0,
        "OPTIONS": {"eviction_policy": "none"},
    }


def email(name: str, default: str) -> dict:
    url, config = _parsed(name, default, environ.Env.email_url_config)
    if config.get("EMAIL_BACKEND", "").endswith("smtp.EmailBackend") and not config["EMAIL_HOST"]:
        raise SettingError(name, f"{url!r} names no mail host")
    return {key: value for key, value in config.items() if value not in (None, "")}


def secret_key(name: str, *, keep_in: Path) -> str:
    """Return the configured key, or one generated on first start and kept in ``keep_in``."""
    value = raw(name, "")
    if value:
        if len(value) < 50:
            raise SettingError(name, "must be at least 50 characters long")
        return value
    if not keep_in.exists():
        keep_in.parent.mkdir(parents=True, exist_ok=True)
        # Written aside with owner-only permissions, then linked into place: link() fails if
        # another process got there first, so processes starting together all keep one key.
        draft = keep_in.with_name(f".{keep_in.name}.{os.getpid()}")
        with os.fdopen(os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as file:
            file.write(secrets.token_urlsafe(64))
        try:
            os.link(draft, keep_in)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return keep_in.read_text().strip()
