"""Plainly's one settings module: every value comes from a ``PLAINLY_*`` variable or a safe default.

The defaults need no other server: SQLite in WAL mode, a file cache shared by every worker process,
and mail printed to the console. See the README for the production values.
"""

from pathlib import Path

from csp import constants as csp

from plainly import config

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = PACKAGE_DIR.parent
# Where this installation keeps its files: SQLite database, file cache, uploads, secret key.
VAR_DIR = config.directory("VAR_DIR", BASE_DIR / "var", base_dir=BASE_DIR)

DEBUG = config.boolean("DEBUG", default=False)
SECRET_KEY = config.secret_key("SECRET_KEY", keep_in=VAR_DIR / "secret_key")
ALLOWED_HOSTS = config.string_list("ALLOWED_HOSTS", "localhost,127.0.0.1")
BASE_URL = config.base_url("BASE_URL", "http://127.0.0.1:8000")

DATABASES = {
    "default": config.database(
        "DATABASE_URL", f"sqlite:///{VAR_DIR / 'plainly.sqlite3'}", base_dir=BASE_DIR
    )
}
# Two stores. "default" keeps what must last until it expires: rate-limit counters (allauth's and
# the discussion's), locks, and the page cache's purge records. "pages" keeps copies of pages and
# their fragments, which may be dropped at any time (a miss costs a render). Anyone can make the
# page cache keep something new with each request, so copies never share the records' Redis:
# with Redis they default to the file cache on each machine (purge records in Redis still make
# them stale everywhere), or go to a Redis of their own that evicts (PLAINLY_PAGE_CACHE_URL).
_local_cache_url = f"filecache://{VAR_DIR / 'cache'}"
_shared_cache = config.cache("CACHE_URL", _local_cache_url, base_dir=BASE_DIR)
_pages_default = (
    _local_cache_url
    if config.is_redis(_shared_cache)
    else config.raw("CACHE_URL", _local_cache_url)
)
CACHES = {
    "default": config.records_cache(_shared_cache, directory=VAR_DIR / "records"),
    "pages": config.cache("PAGE_CACHE_URL", _pages_default, base_dir=BASE_DIR),
}
CACHES["renditions"] = CACHES["pages"]  # Wagtail's image renditions: rebuilt when dropped
_mail = config.email("EMAIL_URL", "consolemail://")
EMAIL_BACKEND = _mail["EMAIL_BACKEND"]
EMAIL_HOST = _mail.get("EMAIL_HOST", "localhost")
EMAIL_PORT = _mail.get("EMAIL_PORT", 25)
EMAIL_HOST_USER = _mail.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _mail.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _mail.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _mail.get("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = config.raw("FROM_EMAIL", "Plainly <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

INSTALLED_APPS = [
    "plainly",
    "plainly.questions",
    "plainly.search",
    "plainly.accounts",
    "plainly.facts",
    "plainly.editorial",
    "plainly.imports",
    "plainly.readers",
    "plainly.discussion",
    "plainly.pagecache",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.settings",
    "wagtail.contrib.redirects",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "plainly.serving.request_site.KeptSiteMiddleware",
    "plainly.serving.security_headers.SecurityHeadersMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "plainly.serving.unreadable_forms.UnreadableFormMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "plainly.accounts.middleware.StaffTwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "plainly.imports.middleware.OldAddressMiddleware",
]

ROOT_URLCONF = "plainly.urls"
WSGI_APPLICATION = "plainly.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "plainly.context_processors.site",
            ],
        },
    },
]

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
# Members sign in with their email address, which they must verify before they take part.
ACCOUNT_ADAPTER = "plainly.accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {
    "login": "plainly.accounts.forms.LoginForm",
    "signup": "plainly.accounts.forms.SignupForm",
    "change_password": "plainly.accounts.forms.ChangePasswordForm",
    "reset_password_from_key": "plainly.accounts.forms.ResetPasswordKeyForm",
}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True  # one address per member: a new one replaces the old once verified
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_NOTIFICATIONS = True  # e.g. "your password was changed"
ACCOUNT_REAUTHENTICATION_REQUIRED = True  # before changing the email address
ACCOUNT_SESSION_REMEMBER = None  # ask: "Remember me"
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_USER_DISPLAY = "plainly.accounts.models.display_name"
ACCOUNT_RATE_LIMITS = {
    # Failed sign-ins per address and per IP, then sign-ups and reset requests per IP; counted
    # in the shared cache, so the limits hold across worker processes and machines.
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "10/h/ip",
    "reset_password": "20/h/ip,5/h/key",
    # Wrong passwords of private pages and collections (questions.views), per address and per
    # password. A password is shared by many readers, so its own limit is wide: no stranger
    # can lock them out with a few wrong guesses, and no crowd can guess it freely.
    "page_password": "10/m/ip,30/h/ip,100/h/key",
}
# Behind a proxy or CDN every request comes from its address; the reader's is in
# X-Forwarded-For, which only the proxies themselves may be trusted to have written.
ALLAUTH_TRUSTED_PROXY_COUNT = config.count("TRUSTED_PROXY_COUNT", 0)
# Who may read /metrics: only requests straight from these addresses (plainly.serving.metrics).
METRICS_ADDRESSES = config.networks("METRICS_ADDRESSES", "127.0.0.1,::1")
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Plainly"
USERSESSIONS_TRACK_ACTIVITY = True
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
# Reset links last an hour; they stop working once used because the password they reset changes.
PASSWORD_RESET_TIMEOUT = 60 * 60

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "plainly.accounts.passwords.MaximumLengthValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "plainly.backends.storage.StaticFilesStorage"},
}
# Hashed file names never change content, so browsers may keep them for a year.
WHITENOISE_MAX_AGE = 365 * 24 * 60 * 60

# Background work goes through Django's tasks API. Wagtail's own jobs (search index, references)
# run at once, in the request, as they always have. Mail is different: it is stored in the database
# and sent by `plainly worker`, so a slow or failing mail server never holds up a request and
# failed deliveries are retried.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "background": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []},
}

SESSION_ENGINE = "plainly.backends.sessions"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"  # the admin and its previews say SAMEORIGIN (plainly/security.py)
# This site's own files and nothing else; the admin's few differences are in plainly/security.py.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.SELF],
        "script-src": [csp.SELF, csp.NONCE],  # the nonce only if a template asks for one
        "style-src": [csp.SELF],
        "img-src": [csp.SELF, "data:"],
        "font-src": [csp.SELF],
        "connect-src": [csp.SELF],
        "form-action": [csp.SELF],
        "base-uri": [csp.SELF],
        "object-src": [csp.NONE],
        "frame-ancestors": [csp.NONE],
    }
}
if BASE_URL.startswith("https://"):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True  # probes (/healthz, /readyz) are answered before this applies
    SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60
    # Every subdomain HTTPS too, and fit for browsers' preload lists; an operator whose other
    # subdomains still serve plain HTTP turns both off (and check --deploy then says so).
    SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_PRELOAD = config.boolean(
        "HSTS_SUBDOMAINS", default=True
    )
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = [BASE_URL]

WAGTAIL_SITE_NAME = "Plainly"
WAGTAILADMIN_BASE_URL = BASE_URL
# Staff sign in through the members' sign-in, with its rate limits and two-factor step.
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False
# Wagtail saves the page editor's work this many milliseconds after each change; 0 turns it off.
WAGTAIL_AUTOSAVE_INTERVAL = config.count("AUTOSAVE_MILLISECONDS", 500)
WAGTAILSEARCH_BACKENDS = {"default": config.search_backend("SEARCH_URL")}
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "avif"]
WAGTAILIMAGES_IMAGE_FORM_BASE = "plainly.questions.images.ImageForm"  # asks for alt text
WAGTAILDOCS_EXTENSIONS = ["csv", "pdf", "txt"]
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No avatars from Gravatar: staff emails stay private and the admin loads nothing from elsewhere.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Anonymous readers' pages are kept whole in the "pages" cache and answered in front of Django
# (plainly.pagecache) for this long at most; every change purges the pages that show it at once.
# 0 turns the page cache off, and tells shared caches such as Varnish not to keep pages either.
PAGE_CACHE_SECONDS = config.count("PAGE_CACHE_SECONDS", 600)
PAGE_CACHE_ALIAS = "pages"
# Each server process also keeps its most-read pages in its own memory, up to this many MB.
PAGE_CACHE_MEMORY_MB = config.count("PAGE_CACHE_MEMORY_MB", 16)
# Varnish (or another cache that takes PURGE and BAN requests) in front of Plainly: see
# deploy/varnish.md. Every purge carries the shared secret, which the VCL checks: behind a proxy on
# the same machine every reader's request comes from 127.0.0.1 too, so an address proves nothing.
FRONTEND_CACHE_URL = config.optional_url("FRONTEND_CACHE_URL")
FRONTEND_CACHE_SECRET = config.shared_secret(
    "FRONTEND_CACHE_SECRET", needed=bool(FRONTEND_CACHE_URL)
)

# Large pages (many FAQ items, facts and sources) exceed Django's default form field limit.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# One JSON object a line in production (an https:// base URL), plain lines otherwise; either way
# with the request's id, and email addresses masked (plainly/logs.py).
LOG_FORMAT = config.log_format("LOG_FORMAT", "json" if BASE_URL.startswith("https://") else "plain")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "plainly.serving.logs.RequestIdFilter"}},
    "formatters": {
        "plain": {
            "()": "plainly.serving.logs.PlainFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s",
        },
        "json": {"()": "plainly.serving.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": config.log_level("LOG_LEVEL", "INFO")},
    "loggers": {
        # Every task and page action is logged at INFO; operators need to hear about failures.
        "django_tasks": {"level": "WARNING"},
        "django_tasks_db": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
    },
}
