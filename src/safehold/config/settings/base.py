"""Safehold settings. Production differs from the demo only by environment variables.

DATABASE_URL      postgres://user@host:5432/safehold (default: SQLite in ./var/)
DATABASE_CONN_MAX_AGE  seconds a worker keeps its database connection (default 60)
DATABASE_CONN_HEALTH_CHECKS  "1" (the default): check a kept connection before each request uses it
SAFEHOLD_DATA_DIR where the SQLite database and exports live (default: var/ in a source checkout)
DJANGO_SECRET_KEY required when DJANGO_DEBUG is off
DJANGO_DEBUG      "1" for the demo (the default), "0" in production
DJANGO_ALLOWED_HOSTS comma-separated
SAFEHOLD_LA_CODE  the council's three-digit DfE local authority code (for the returns)
SAFEHOLD_LA_ONS_CODE  the council's ONS area code (upper tier, e.g. E10000020), which the SSDA903
                  validator compares with each placement's area; the default is the synthetic county's
SAFEHOLD_903_UNREGISTERED_PLACE  from 2025-26, the PLACE codes the SSDA903 reports for a placement in
                  an unregistered setting, as TYPE:CODE pairs (default "K2:Z12,K3:Z13,H5:Z13,K1:Z12";
                  UNCONFIRMED, ../shared/domain/ssda903.md 3.2 and unregistered-provision.md 5)
SAFEHOLD_903_UNREGISTERED_URN  before 2025-26, the URN the SSDA903 reports for a placement in an
                  unregistered setting, which has none (default "XXXXXXX", the placeholder the
                  validators accept; UNCONFIRMED against the DfE guide; blank to leave it blank)
SAFEHOLD_TEAM_OVERVIEW_SECONDS  how long a manager's team overview may be reused for the same person
                  (default 30; 0 rebuilds it on every load). Their own changes always show at once.
SAFEHOLD_RETURN_FILE_DAYS  how many days a produced return file is kept for download (default 30); after
  that the file is deleted and the run keeps only its counts and findings (issue 15.3)
SAFEHOLD_REQUIRE_2FA  "1": every user must enter a code from an authenticator app after the password
                  (default "0" here, "1" under the production settings; issue 15.4)
SAFEHOLD_2FA_ISSUER  the name authenticator apps show for Safehold (default "Safehold")
SAFEHOLD_API_MAX_BODY  the largest partner API request body in bytes (default 65536); larger is refused (413)
SAFEHOLD_API_TOKEN_DAYS  how many days a partner API token works (default 90; issue 15.7)
SAFEHOLD_API_TOKEN_OVERLAP_HOURS  how long a rotated partner token keeps working beside the new one (default 24)
SAFEHOLD_ANNEX_A_MONTHS  look-back of Annex A's activity lists in months (default 6; UNCONFIRMED,
                  ../shared/domain/ilacs-and-annex-a.md 4.2)
"""

import datetime as dt
import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent  # src/safehold
_CHECKOUT = BASE_DIR.parent.parent  # the repository root, when running from a source checkout
_DEFAULT_DATA_DIR = (
    _CHECKOUT / "var" if (_CHECKOUT / "pyproject.toml").exists() else Path.home() / ".local/share/safehold"
)
# The same data folder whichever directory `safehold` is run from.
DATA_DIR = Path(os.environ.get("SAFEHOLD_DATA_DIR", _DEFAULT_DATA_DIR))

DEBUG = os.environ.get("DJANGO_DEBUG", "1") == "1"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or (
    "demo-only-insecure-key-never-used-in-production" if DEBUG else None
)
if not SECRET_KEY:
    raise RuntimeError("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off")
ALLOWED_HOSTS = [h for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.admin",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_otp",  # two-step verification (issue 15.4): accounts.two_step
    "django_otp.plugins.otp_totp",
    "safehold.core",
    "safehold.accounts",
    "safehold.audit",
    "safehold.people",
    "safehold.casework",
    "safehold.front_door",
    "safehold.family_help",
    "safehold.child_protection",
    "safehold.children_in_care",
    "safehold.care_planning",
    "safehold.care_leavers",
    "safehold.returns",
    "safehold.oversight",
    "safehold.worklists",
    "safehold.performance",
    "safehold.workforce",
    "safehold.improvement",
    "safehold.governance",
    "safehold.notifications",
    "safehold.casefile",
    "safehold.meetings",
    "safehold.timescales",
    "safehold.web",
    "safehold.synthetic",  # the `seed` and `demo_logins` commands (the demo and the benchmarks)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified(): the code was entered
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "safehold.core.middleware.NoStoreMiddleware",
    "safehold.core.middleware.RequestContextMiddleware",
    "safehold.accounts.middleware.TwoStepMiddleware",  # unverified: only the code, sign-out, healthz
    "axes.middleware.AxesMiddleware",
    "csp.middleware.CSPMiddleware",
    "safehold.returns.receivers.CheckOnSaveMiddleware",  # a saved record is checked against the DfE rules
]

ROOT_URLCONF = "safehold.config.urls"
WSGI_APPLICATION = "safehold.config.wsgi.application"

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
                "safehold.web.context_processors.navigation",
            ],
        },
    }
]
FORM_RENDERER = "safehold.web.forms.GovukFormRenderer"

if not os.environ.get("DATABASE_URL"):
    DATA_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'safehold.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        # A kept connection is checked before each request uses it, so after PostgreSQL restarts (a failover,
        # maintenance) no request is served a dead one: without it, each worker's first request failed
        # (bench/load.py, docs/benchmarks.md "Load and faults"). Costs one small query per request.
        conn_health_checks=os.environ.get("DATABASE_CONN_HEALTH_CHECKS", "1") == "1",
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# django-axes first: it refuses a sign-in (the login page, the admin's, and break-glass re-authentication)
# after too many failures for the same account or from the same address (issue 15.4, ASVS 2.2.1).
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "safehold.accounts.backends.SafeholdBackend"]
AXES_FAILURE_LIMIT = int(os.environ.get("SAFEHOLD_SIGN_IN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(os.environ.get("SAFEHOLD_SIGN_IN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # each on its own: the account, and the address
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "safehold.core.middleware.client_ip"
AXES_VERBOSE = False
# Two-step verification (issue 15.4, ASVS 2.7/2.8): a code from an authenticator app (TOTP, django-otp).
# Required for every role when SAFEHOLD_REQUIRE_2FA=1 (the production settings' default); in the demo a
# user may still set it up, and is then asked for the code at every sign-in. Wrong codes are throttled
# per device (1, 2, 4, 8... seconds between tries) and audited.
SAFEHOLD_REQUIRE_2FA = os.environ.get("SAFEHOLD_REQUIRE_2FA", "0") == "1"
OTP_TOTP_ISSUER = os.environ.get("SAFEHOLD_2FA_ISSUER", "Safehold")  # the name the authenticator app shows
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # the administration site never shows a user's secret key
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # "aaaaaaaaaaaa" is long but not a password (issue 15.4): at least 6 different characters.
    {"NAME": "safehold.accounts.passwords.VarietyValidator", "OPTIONS": {"distinct": 6}},
]

# Sessions: 30 minutes idle, 10 hours absolute (security.md B2, ASVS 7.3.1/7.3.2; a local decision).
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = int(os.environ.get("SAFEHOLD_SESSION_IDLE_SECONDS", 30 * 60))
SESSION_SAVE_EVERY_REQUEST = False  # core.middleware renews the idle limit once a minute
SAFEHOLD_SESSION_ABSOLUTE_SECONDS = int(os.environ.get("SAFEHOLD_SESSION_ABSOLUTE_SECONDS", 10 * 3600))
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy (issue 15.10): scripts, styles, images and fonts from Safehold's own origin
# only, no inline script or style, no framing, forms post only to Safehold (django-csp).
_SELF, _NONE = "'self'", "'none'"
CONTENT_SECURITY_POLICY = {"DIRECTIVES": {
    "default-src": [_SELF], "script-src": [_SELF], "style-src": [_SELF], "img-src": [_SELF, "data:"],
    "font-src": [_SELF], "connect-src": [_SELF], "form-action": [_SELF], "frame-ancestors": [_NONE],
    "base-uri": [_SELF], "object-src": [_NONE]}}
# Features a case management page never uses are switched off (core.middleware.NoStoreMiddleware sends it).
PERMISSIONS_POLICY = ("accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
                      "payment=(), usb=(), interest-cohort=()")

if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = os.environ.get("DJANGO_SECURE_SSL_REDIRECT", "1") == "1"
    # A year, subdomains included, once TLS is known to work (docs/operations.md says how to start lower).
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = os.environ.get("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", "1") == "1"
    SECURE_HSTS_PRELOAD = os.environ.get("DJANGO_SECURE_HSTS_PRELOAD", "1") == "1"
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False  # English only: skips translation lookups on every page
USE_TZ = True
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "d/m/Y"

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

TASKS = {"default": {"BACKEND": os.environ.get("SAFEHOLD_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

# The council running this instance (the returns' header). 3-digit DfE LA code.
SAFEHOLD_LA_CODE = os.environ.get("SAFEHOLD_LA_CODE", "999")
SAFEHOLD_LA_ONS_CODE = os.environ.get("SAFEHOLD_LA_ONS_CODE", "E10000020")  # synthetic/postcodes.py
# Z11-Z14 replace Z1 from 2025-26 and their labels are UNCONFIRMED (ssda903.md 3.2); rule 709 expects a
# child under a DoLO in K2, Z12 or Z13, and unregistered-provision.md 5 reads Z12/Z13 as the unregistered
# care settings. The record keeps the kind of care (K2, K3); the return reports the code below.
SAFEHOLD_903_UNREGISTERED_PLACE = dict(
    pair.split(":") for pair in os.environ.get("SAFEHOLD_903_UNREGISTERED_PLACE", "K2:Z12,K3:Z13,H5:Z13,K1:Z12")
    .split(",") if ":" in pair)
# Before 2025-26 there is no code for an unregistered setting: such a placement keeps its type (K2, K3) and,
# having no Ofsted URN, is reported with this placeholder, which the validators of those years accept for a
# provider with no URN (rules 218, 221, 222, 224, 1008 in lac2022_23 to lac2024_25). That the DfE guide
# asks for it in this case is UNCONFIRMED in ../shared/domain (ssda903.md 3.1 names "XXXXXXX" only for
# regional adoption agencies, and only from 2025-26, rule 242). Blank leaves the URN blank (rule 218 fires).
SAFEHOLD_903_UNREGISTERED_URN = os.environ.get("SAFEHOLD_903_UNREGISTERED_URN", "XXXXXXX")
# Imports (issue 15.6): the largest file, or unpacked workbook, in MB; how far a workbook may expand over its
# packed size; the most rows a sheet or table may have.
SAFEHOLD_IMPORT_MAX_MB = int(os.environ.get("SAFEHOLD_IMPORT_MAX_MB", "100"))
SAFEHOLD_IMPORT_MAX_RATIO = int(os.environ.get("SAFEHOLD_IMPORT_MAX_RATIO", "60"))
SAFEHOLD_IMPORT_MAX_ROWS = int(os.environ.get("SAFEHOLD_IMPORT_MAX_ROWS", "500000"))
SAFEHOLD_RETURN_FILE_DAYS = int(os.environ.get("SAFEHOLD_RETURN_FILE_DAYS", "30"))
# The partner API (front_door/apis.py, issue 15.7): the largest request body in bytes; how many days a token
# works; how long a rotated token keeps working beside its replacement (`safehold partner_token USER --rotate`).
SAFEHOLD_API_MAX_BODY = int(os.environ.get("SAFEHOLD_API_MAX_BODY", str(64 * 1024)))
SAFEHOLD_API_TOKEN_DAYS = int(os.environ.get("SAFEHOLD_API_TOKEN_DAYS", "90"))
SAFEHOLD_API_TOKEN_OVERLAP_HOURS = int(os.environ.get("SAFEHOLD_API_TOKEN_OVERLAP_HOURS", "24"))
# The retention schedule (governance/retention_rules.toml, or the council's own copy), and a council-wide stop
# on disposal with its reason (e.g. a public inquiry's moratorium): docs/operations.md "Retention".
SAFEHOLD_RETENTION_RULES = os.environ.get("SAFEHOLD_RETENTION_RULES", "")
SAFEHOLD_RETENTION_MORATORIUM = os.environ.get("SAFEHOLD_RETENTION_MORATORIUM", "")
SAFEHOLD_ANNEX_A_MONTHS = int(os.environ.get("SAFEHOLD_ANNEX_A_MONTHS", "6"))
SAFEHOLD_REGION_NAME = os.environ.get("SAFEHOLD_REGION_NAME", "East of England")  # for regional comparators
SAFEHOLD_LA_NAME = os.environ.get("SAFEHOLD_LA_NAME", "Safehold County Council (synthetic)")
# The team worklist's overview is reused for up to this many seconds for the same user (worklists.selectors),
# and rebuilt at once after any change the user makes. Per process (local memory) unless CACHES says otherwise.
SAFEHOLD_TEAM_OVERVIEW_SECONDS = int(os.environ.get("SAFEHOLD_TEAM_OVERVIEW_SECONDS", "30"))
# How long a measure computed from the record as at a date is reused for everyone who opens it (its page
# says when it was computed). The month-end snapshots never expire; this is today's live figure.
SAFEHOLD_MEASURE_SECONDS = int(os.environ.get("SAFEHOLD_MEASURE_SECONDS", "300"))
# The self-evaluation goes to Ofsted this many days before the annual engagement meeting. The framework
# we hold gives no lead time ([UNCONFIRMED], ilacs-and-annex-a.md 4.1): four weeks is our default.
SAFEHOLD_SEF_DAYS_BEFORE_ENGAGEMENT = int(os.environ.get("SAFEHOLD_SEF_DAYS_BEFORE_ENGAGEMENT", "28"))
# How long a break-glass grant lasts (security.md B4.5; a local decision).
SAFEHOLD_BREAK_GLASS_MINUTES = int(os.environ.get("SAFEHOLD_BREAK_GLASS_MINUTES", "60"))
# An assessment whose draft someone else saved within this many minutes is still being written: a manager
# cannot authorise it until they stop (family_help.services.draft_being_written, issue 15.8; 0 turns it off).
SAFEHOLD_DRAFT_ACTIVE_MINUTES = int(os.environ.get("SAFEHOLD_DRAFT_ACTIVE_MINUTES", "10"))

# Notifications (issue 14.3) are always in the inbox; with SAFEHOLD_NOTIFY_EMAIL=1 each is also emailed,
# through Django's mail backend (EMAIL_BACKEND, EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD,
# EMAIL_USE_TLS from the environment) by the task worker. The email names no child: it says what kind of
# thing waits and links to the inbox, at SAFEHOLD_BASE_URL.
SAFEHOLD_NOTIFY_EMAIL = os.environ.get("SAFEHOLD_NOTIFY_EMAIL", "") in ("1", "true", "yes")
SAFEHOLD_BASE_URL = os.environ.get("SAFEHOLD_BASE_URL", "http://localhost:8000")
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "") in ("1", "true", "yes")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "safehold@localhost")
# Documents on a child's record (issue 14.6): kept under SAFEHOLD_DOCUMENTS_DIR, outside the web root; at most
# SAFEHOLD_DOCUMENT_MAX_MB each; scanned by ClamAV's daemon (SAFEHOLD_VIRUS_SCAN=clamd, at SAFEHOLD_CLAMD_ADDRESS,
# a socket path or host:port). "off" is for the demo only: the deploy check refuses it in production.
SAFEHOLD_DOCUMENTS_DIR = Path(os.environ.get("SAFEHOLD_DOCUMENTS_DIR", DATA_DIR / "documents"))
SAFEHOLD_DOCUMENT_MAX_MB = int(os.environ.get("SAFEHOLD_DOCUMENT_MAX_MB", "20"))
SAFEHOLD_VIRUS_SCAN = os.environ.get("SAFEHOLD_VIRUS_SCAN", "off" if DEBUG else "clamd")
SAFEHOLD_CLAMD_ADDRESS = os.environ.get("SAFEHOLD_CLAMD_ADDRESS", "/var/run/clamav/clamd.ctl")
# A reminder goes to the chair this many days before a conference or review is due
# (`safehold notifications remind`, daily).
SAFEHOLD_CHAIR_REMINDER_DAYS = int(os.environ.get("SAFEHOLD_CHAIR_REMINDER_DAYS", "10"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("SAFEHOLD_LOG_LEVEL", "WARNING")},
    # WeasyPrint (the PDF reports) and the font subsetter it uses report every CSS rule they skip.
    "loggers": {name: {"level": "ERROR"} for name in ("weasyprint", "fontTools")},
}
SAFEHOLD_ADMIN_URL = os.environ.get("SAFEHOLD_ADMIN_URL", "system-admin/")
