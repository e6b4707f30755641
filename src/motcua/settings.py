# SPDX-License-Identifier: EUPL-1.2
"""Base settings. Every value comes from a documented environment variable.

The reference of every variable is docs/operations/configuration.md; defaults are the embedded
development set-up: SQLite, local files, in-process worker, demo e-ID.
"""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent
env = environ.Env()

#: Folder for the SQLite database, uploaded files and generated keys in the embedded set-up.
DATA_DIR = Path(env.str("MOTCUA_DATA_DIR", default=str(Path.cwd() / "var")))

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="insecure-development-key-change-me-in-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "oauth2_provider",
    "motcua.core",
    "motcua.orgunits",
    "motcua.accounts",
    "motcua.calendar",
    "motcua.catalog",
    "motcua.documents",
    "motcua.dossiers",
    "motcua.records",
    "motcua.feedback",
    "motcua.submissions",
    "motcua.sync",
    "motcua.backoffice",
    "motcua.portal",
    "motcua.api",
    "ninja",  # serves the API's docs page (Swagger UI) from our own static files
    "motcua.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "motcua.urls"
WSGI_APPLICATION = "motcua.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses locked-out logins before the password check
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",  # verifies (and upgrades) older hashes
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "backoffice:login"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)  # one working day
SESSION_COOKIE_HTTPONLY = True
#: Failed logins before an account is locked, counted per username and address together, so an
#: attacker elsewhere cannot lock a victim out (RELIABILITY.md S20).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "backoffice/auth/locked_out.html"
AXES_VERBOSE = False
#: Issuer name shown in officials' authenticator apps next to their TOTP account.
OTP_TOTP_ISSUER = env.str("MOTCUA_OTP_ISSUER", default="Motcua")

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "motcua.backoffice.context.actor",
                "motcua.portal.context.citizen",
            ]
        },
    }
]


def _database() -> dict[str, object]:
    default_sqlite = f"sqlite:///{DATA_DIR / 'motcua.sqlite3'}"
    config: dict[str, object] = env.db_url("DATABASE_URL", default=default_sqlite)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # SQLite ignores SELECT ... FOR UPDATE: writers take the lock at BEGIN (IMMEDIATE) and
        # wait for each other; WAL lets readers go on while one writer works.
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
        # A file, not memory, so tests with threads see real SQLite locking.
        config["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}
    else:
        config.setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=60))
    return config


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = env.str("LANGUAGE_CODE", default="vi")
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English"), ("ar", "العربية")]
LOCALE_PATHS = [BASE_DIR / "locale"]
#: Day-first dates (dd/mm/yyyy) and a 24-hour clock in Vietnamese and English (formats/).
FORMAT_MODULE_PATH = ["motcua.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Ho_Chi_Minh")

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": env.str("MOTCUA_FILES_DIR", default=str(DATA_DIR / "files"))},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
#: Largest scanned document accepted at the counter or online, in megabytes.
MOTCUA_UPLOAD_MAX_MB = env.int("MOTCUA_UPLOAD_MAX_MB", default=20)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

TASKS = {
    "default": {
        "BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
    }
}

# --- Motcua domain settings (docs/operations/configuration.md) ---
#: ISO 3166 country whose public holidays the working-day calendar uses.
MOTCUA_COUNTRY = env.str("MOTCUA_COUNTRY", default="VN")
#: Working hours of a unit unless the unit sets its own (DOMAIN.md "Time").
MOTCUA_WORKING_HOURS = env.json(
    "MOTCUA_WORKING_HOURS", default=[["07:30", "11:30"], ["13:00", "17:00"]]
)
#: Same-day procedures received after this time are due the next working day
#: (Decree 23/2015 Art. 7).
MOTCUA_SAME_DAY_CUTOFF = env.str("MOTCUA_SAME_DAY_CUTOFF", default="15:00")
#: Dossier-code scheme: agency_eid (default), circular_01_2018 or circular_04_2025 (DOMAIN.md).
MOTCUA_DOSSIER_CODE_SCHEME = env.str("MOTCUA_DOSSIER_CODE_SCHEME", default="agency_eid")
#: Two digits of the owner system in the Circular 04/2025 scheme (Art. 23 cl. 2) — a setting ⚠️.
MOTCUA_DOSSIER_CODE_SYSTEM_DIGITS = env.str("MOTCUA_DOSSIER_CODE_SYSTEM_DIGITS", default="00")
#: Number of completion requests the one-stop desk may issue before reception (Decree 118/2025
#: Art. 11: "once only").
MOTCUA_DESK_COMPLETION_REQUESTS_MAX = env.int("MOTCUA_DESK_COMPLETION_REQUESTS_MAX", default=1)
#: Numbering of the one-stop forms: circular_03_2025 (default) or circular_01_2018 (DOMAIN.md
#: "Forms"; forms are stored by semantic type, so this only changes the printed number).
MOTCUA_FORM_NUMBERING = env.str("MOTCUA_FORM_NUMBERING", default="circular_03_2025")
#: Name of the information system printed on forms and in QR codes (Circular 03/2025 Annex I).
MOTCUA_SYSTEM_NAME = env.str("MOTCUA_SYSTEM_NAME", default="Hệ thống thông tin giải quyết TTHC")
#: Public address used in QR codes on receipts and results (tracking page).
MOTCUA_PUBLIC_URL = env.str("MOTCUA_PUBLIC_URL", default="http://127.0.0.1:8000")
#: Minutes between two runs of the late-dossier check in the worker.
MOTCUA_LATE_CHECK_MINUTES = env.int("MOTCUA_LATE_CHECK_MINUTES", default=15)
#: CloudEvents "source" attribute of every outbox message.
MOTCUA_EVENT_SOURCE = env.str("MOTCUA_EVENT_SOURCE", default="urn:motcua:demo-province")

# --- Public tracking (portal/track; docs/portal.md "Tracking") ---
#: Tracking attempts (page and API together) allowed per client address in a window of N minutes.
MOTCUA_TRACK_RATE_PER_ADDRESS = env.int("MOTCUA_TRACK_RATE_PER_ADDRESS", default=10)
MOTCUA_TRACK_RATE_PER_ADDRESS_MINUTES = env.int("MOTCUA_TRACK_RATE_PER_ADDRESS_MINUTES", default=10)
#: Wrong second factors allowed per dossier code in a window of N minutes; then that code is
#: refused until the window ends (RELIABILITY.md S20).
MOTCUA_TRACK_FAILURES_PER_CODE = env.int("MOTCUA_TRACK_FAILURES_PER_CODE", default=5)
MOTCUA_TRACK_FAILURES_PER_CODE_MINUTES = env.int(
    "MOTCUA_TRACK_FAILURES_PER_CODE_MINUTES", default=60
)
#: request.META key with the client's address; set another only if a trusted proxy overwrites it.
MOTCUA_CLIENT_ADDRESS_HEADER = env.str("MOTCUA_CLIENT_ADDRESS_HEADER", default="REMOTE_ADDR")
#: Cache of the rate-limit counters: per process by default; several processes need a shared
#: one (rediscache://host:6379/1, or dbcache://motcua_cache after createcachetable).
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}

# --- e-ID login: OpenID Connect relying party and demo provider (portal/eid, portal/eid_provider;
# --- docs/operations/configuration.md "e-ID login"; docs/adr/0015) ---------------------------
from motcua.portal.eid_provider.keys import (  # noqa: E402
    KEY_FILE_NAME,
    demo_client_secret,
    demo_key_pem,
)

#: Serve the simulated national e-ID under /eid-demo/ (demo and tests). Never in production.
MOTCUA_EID_DEMO_PROVIDER = env.bool("MOTCUA_EID_DEMO_PROVIDER", default=True)
#: The e-ID provider's issuer; its discovery document is <issuer>/.well-known/openid-configuration.
MOTCUA_EID_ISSUER = env.str(
    "MOTCUA_EID_ISSUER", default=f"{MOTCUA_PUBLIC_URL.rstrip('/')}/eid-demo/o"
)
#: The portal's client id and secret at the provider (client_secret_basic).
MOTCUA_EID_CLIENT_ID = env.str("MOTCUA_EID_CLIENT_ID", default="motcua-portal")
MOTCUA_EID_CLIENT_SECRET = env.str(
    "MOTCUA_EID_CLIENT_SECRET",
    default=demo_client_secret(SECRET_KEY),
)
MOTCUA_EID_SCOPES = env.list("MOTCUA_EID_SCOPES", default=["openid", "profile", "phone"])
#: acr value -> e-ID level. The real VNeID values are not public (LAW-NOTES.md §6) ⚠️.
MOTCUA_EID_ACR_LEVELS = env.json(
    "MOTCUA_EID_ACR_LEVELS", default={"urn:vn:vneid:level1": 1, "urn:vn:vneid:level2": 2}
)
#: Our account field -> the claim that carries it ("sub" = the subject). ⚠️ as above.
MOTCUA_EID_CLAIMS = env.json(
    "MOTCUA_EID_CLAIMS",
    default={"national_id": "sub", "full_name": "name", "phone": "phone_number"},
)
#: Minutes an e-ID login lasts; then the citizen is asked to log in again.
MOTCUA_EID_SESSION_MINUTES = env.int("MOTCUA_EID_SESSION_MINUTES", default=30)

if MOTCUA_EID_DEMO_PROVIDER:
    OAUTH2_PROVIDER = {
        "OIDC_ENABLED": True,
        "OIDC_RSA_PRIVATE_KEY": demo_key_pem(DATA_DIR / KEY_FILE_NAME),
        "OAUTH2_VALIDATOR_CLASS": "motcua.portal.eid_provider.claims.DemoEidValidator",
        "SCOPES": {
            "openid": "Your identity (personal identification number) and e-ID level",
            "profile": "Your full name",
            "phone": "Your phone number",
        },
        "DEFAULT_SCOPES": ["openid"],
        "PKCE_REQUIRED": True,
        "OIDC_RESPONSE_TYPES_SUPPORTED": ["code"],
        "AUTHORIZATION_CODE_EXPIRE_SECONDS": 60,
        "ACCESS_TOKEN_EXPIRE_SECONDS": 300,
        "ID_TOKEN_EXPIRE_SECONDS": 300,
        "OIDC_RP_INITIATED_LOGOUT_ENABLED": True,
        "OIDC_RP_INITIATED_LOGOUT_ALWAYS_PROMPT": False,
        "COMPLIANT_BCP_RFC9700_IMPLICIT_GRANT": True,
        "COMPLIANT_BCP_RFC9700_PASSWORD_GRANT": True,
        "COMPLIANT_BCP_RFC9700_PKCE_METHOD": True,
        "COMPLIANT_BCP_RFC9700_ACCESS_TOKEN_TRANSPORT": True,
        "COMPLIANT_BCP_RFC9700_AUTHZ_RESPONSE_ISS": True,
    }
# --- end of e-ID login ------------------------------------------------------------------------

# --- Sync with the national portal and subscribers (sync/; docs/sync.md) ---------------------
#: First retry delay; each failed attempt doubles it up to the maximum (with jitter). No give-up.
MOTCUA_SYNC_RETRY_BASE_SECONDS = env.float("MOTCUA_SYNC_RETRY_BASE_SECONDS", default=2.0)
MOTCUA_SYNC_RETRY_MAX_SECONDS = env.float("MOTCUA_SYNC_RETRY_MAX_SECONDS", default=900.0)
#: How long a dispatcher owns the batch it claimed; a killed dispatcher's batch is taken over then.
MOTCUA_SYNC_LEASE_SECONDS = env.float("MOTCUA_SYNC_LEASE_SECONDS", default=120.0)
#: Pause of an idle dispatcher between two looks at the outbox.
MOTCUA_SYNC_IDLE_SECONDS = env.float("MOTCUA_SYNC_IDLE_SECONDS", default=1.0)
#: Attempts after which a delivery is shown to operators as failing (it is still retried).
MOTCUA_SYNC_ALERT_ATTEMPTS = env.int("MOTCUA_SYNC_ALERT_ATTEMPTS", default=5)
#: The national portal (sync destination and inbound feed); empty = not connected.
MOTCUA_NATIONAL_PORTAL_URL = env.str("MOTCUA_NATIONAL_PORTAL_URL", default="")
MOTCUA_NATIONAL_PORTAL_TOKEN = env.str("MOTCUA_NATIONAL_PORTAL_TOKEN", default="")
#: Seconds between two reads of the national portal's inbound feed (dossiers submitted there).
MOTCUA_SYNC_PULL_SECONDS = env.float("MOTCUA_SYNC_PULL_SECONDS", default=60.0)
#: Hours between two automatic reconciliations with the national portal (daily by default).
MOTCUA_SYNC_RECONCILE_HOURS = env.float("MOTCUA_SYNC_RECONCILE_HOURS", default=24.0)
# --- end of sync ------------------------------------------------------------------------------

# --- REST API (api/; docs/api.md) -------------------------------------------------------------
#: Seconds an access token from POST /api/v1/oauth/token stays valid.
MOTCUA_API_TOKEN_SECONDS = env.int("MOTCUA_API_TOKEN_SECONDS", default=3600)
#: Requests per minute from one client address to the public endpoints (catalog, token). The
#: tracking endpoint keeps its own limits (MOTCUA_TRACK_*). Counted in the CACHE_URL cache.
MOTCUA_API_PUBLIC_RATE_PER_MINUTE = env.int("MOTCUA_API_PUBLIC_RATE_PER_MINUTE", default=60)
#: Requests per minute given to a new API client (each client has its own value afterwards).
MOTCUA_API_CLIENT_RATE_PER_MINUTE = env.int("MOTCUA_API_CLIENT_RATE_PER_MINUTE", default=120)
#: Largest request body the API reads, in megabytes (documents travel base64-encoded inside it;
#: each document is also held to MOTCUA_UPLOAD_MAX_MB).
MOTCUA_API_BODY_MAX_MB = env.int("MOTCUA_API_BODY_MAX_MB", default=30)
#: Hours an Idempotency-Key and its dossier are kept at least (api_purge deletes older ones).
MOTCUA_API_IDEMPOTENCY_HOURS = env.int("MOTCUA_API_IDEMPOTENCY_HOURS", default=24)
#: Behind a TLS-terminating proxy (nginx) that sets X-Forwarded-Proto: trust it, so requests
#: count as HTTPS (the token endpoint refuses plain HTTP except on loopback). Only when the
#: proxy overwrites that header on every request.
if env.bool("MOTCUA_TRUST_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# --- end of REST API --------------------------------------------------------------------------
