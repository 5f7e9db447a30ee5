"""Settings for OneX, read from the environment.

DATABASE_URL selects PostgreSQL (production); without it an SQLite file in the
data folder is used. ONEX_DATA_DIR holds uploads, keys and the SQLite file.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
DATA_DIR = Path(os.environ.get("ONEX_DATA_DIR", BASE_DIR / "var")).resolve()
KEYS_DIR = Path(os.environ.get("ONEX_KEYS_DIR", DATA_DIR / "keys")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "/media/"


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = _env_bool("DEBUG", False)
DEVELOPMENT_KEY_FILE = KEYS_DIR / "development-secret-key"


def _development_secret_key() -> str:
    """A random key made once for this installation (mode 0600): no key is written in the code."""
    try:
        return DEVELOPMENT_KEY_FILE.read_text().strip()
    except FileNotFoundError:
        pass
    KEYS_DIR.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(DEVELOPMENT_KEY_FILE, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it first
        return DEVELOPMENT_KEY_FILE.read_text().strip()
    key = secrets.token_urlsafe(64)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


# Development: the key from the environment, else this installation's own. Production
# (onex.settings.production, the default of wsgi.py) requires one from the environment.
SECRET_KEY = os.environ.get("SECRET_KEY") or _development_secret_key()
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]
# The address the public reaches this deployment at: QR codes, did:web and credentials name it.
ONEX_PUBLIC_URL = os.environ.get("ONEX_PUBLIC_URL", "http://127.0.0.1:8000")
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "unfold",
    "unfold.contrib.filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "onex.accounts",
    "onex.audit",
    "onex.org",
    "onex.catalog",
    "onex.pilots",
    "onex.training",
    "onex.exams",
    "onex.credentials",
    "onex.finance",
    "onex.notices",
    "onex.reports",
    "onex.imports",
    "onex.api",
    "onex.portal",
    "onex.ops",
    "onex.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "onex.core.nostore.NoStoreMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "onex.accounts.otp.RequireStaffOTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "onex.accounts.middleware.SessionLimitsMiddleware",
    "onex.accounts.set_password.RequirePasswordSetMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "onex.urls"
WSGI_APPLICATION = "onex.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "onex" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

SQLITE_PATH = DATA_DIR / "onex.sqlite3"
if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(SQLITE_PATH),
            "OPTIONS": {
                # WAL lets the worker write while pages read; IMMEDIATE avoids
                # "database is locked" on lock upgrades inside transactions.
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                    "PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON;"
                ),
                "transaction_mode": "IMMEDIATE",
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "onex" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

# Sessions: idle timeout (refreshed on each request) and an absolute cap.
SESSION_COOKIE_AGE = int(os.environ.get("ONEX_SESSION_IDLE_SECONDS", 30 * 60))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_ABSOLUTE_SECONDS = int(os.environ.get("ONEX_SESSION_ABSOLUTE_SECONDS", 10 * 60 * 60))
SESSION_COOKIE_HTTPONLY = True

# Uploads: bounded in size before anything parses them.
ONEX_MAX_UPLOAD_BYTES = int(os.environ.get("ONEX_MAX_UPLOAD_BYTES", 50 * 1024 * 1024))
# Address space of the child process that parses an uploaded workbook (MB); a reader asking for more ends there.
ONEX_READER_MEMORY_MB = int(os.environ.get("ONEX_READER_MEMORY_MB", 400))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Staff second factor: required in production settings, optional in the demo.
ONEX_REQUIRE_TOTP = _env_bool("ONEX_REQUIRE_TOTP", False)

AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = _env_bool("AXES_ENABLED", True)

TASKS = {
    "default": {
        "BACKEND": os.environ.get("ONEX_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# An API token (API 令牌) stops working this many days after it was issued.
ONEX_API_TOKEN_DAYS = int(os.environ.get("ONEX_API_TOKEN_DAYS", 30))

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "onex.api.authentication.PasswordSetTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["onex.api.permissions.PagePolicy"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "OneX API",
    "DESCRIPTION": "1+X 证书工作平台 API",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SERVE_PERMISSIONS": ["onex.api.permissions.PagePolicy"],
}

# Every handler masks ID numbers and phones (the admin search puts them in URLs,
# which the access log writes); onex.core.logging.configure also masks any
# handler this dict does not name.
LOGGING_CONFIG = "onex.core.logging.configure"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "mask_ids": {"()": "onex.core.logging.MaskIdNumbersFilter"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        }
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["mask_ids"]},
        "django.server": {"class": "logging.StreamHandler", "formatter": "django.server", "filters": ["mask_ids"]},
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false", "mask_ids"],
        },
    },
    "loggers": {
        # Replaces Django's own handlers for these loggers, which would not mask.
        "django": {"handlers": ["mail_admins"], "level": "INFO"},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

from onex.settings.navigation import sidebar_group  # noqa: E402

UNFOLD = {
    "SITE_TITLE": _("OneX 1+X certificate platform"),
    "SITE_HEADER": _("OneX"),
    "SITE_SUBHEADER": _("1+X certificate platform"),
    "SITE_URL": "/",
    "SHOW_LANGUAGES": True,
    "DASHBOARD_CALLBACK": "onex.portal.dashboard.dashboard_callback",
    "SIDEBAR": {
        "show_search": True,
        "show_all_applications": True,
        # One group per part of the work; an item shows only to roles that may view
        # its model (onex.core.access.ADMIN_POLICY), and a group with no item left is hidden.
        "navigation": [sidebar_group()]
        + [
            {
                "title": group_title,
                "separator": True,
                "collapsible": True,
                "items": [
                    {
                        "title": item_title,
                        "icon": icon,
                        "link": f"/admin/{label.replace('.', '/')}/",
                        "permission": f"onex.audit.modeladmin.may_view_{label.replace('.', '_')}",
                    }
                    for label, item_title, icon in items
                ],
            }
            for group_title, items in (
                (
                    _("Institutions and people"),
                    (
                        ("org.institution", _("Institutions"), "account_balance"),
                        ("org.department", _("Departments"), "domain"),
                        ("org.major", _("Majors"), "category"),
                        ("org.classgroup", _("Classes"), "groups"),
                        ("org.student", _("Students"), "school"),
                        ("org.teacher", _("Teachers"), "badge"),
                    ),
                ),
                (
                    _("Certificate catalog"),
                    (
                        ("catalog.evaluationorganization", _("Training-evaluation organizations"), "corporate_fare"),
                        ("catalog.certificate", _("Certificates"), "workspace_premium"),
                        ("catalog.skillmodule", _("Skill modules"), "view_module"),
                    ),
                ),
                (
                    _("Pilots and registrations"),
                    (
                        ("pilots.pilot", _("Pilots"), "flag"),
                        ("pilots.registration", _("Registrations"), "how_to_reg"),
                    ),
                ),
                (
                    _("Training and exams"),
                    (
                        ("training.trainingsession", _("Training sessions"), "event"),
                        ("training.attendance", _("Attendance"), "fact_check"),
                        ("training.teachertraining", _("Teacher trainings"), "model_training"),
                        ("exams.examsite", _("Exam sites"), "location_city"),
                        ("exams.examroom", _("Exam rooms"), "meeting_room"),
                        ("exams.siteusage", _("Site usage"), "event_available"),
                        ("exams.examsession", _("Exam sessions"), "schedule"),
                        ("exams.seat", _("Seats"), "event_seat"),
                        ("exams.assessorqualification", _("Assessor qualifications"), "verified_user"),
                        ("exams.assessorassignment", _("Assessor assignments"), "assignment_ind"),
                        ("exams.result", _("Results"), "grading"),
                    ),
                ),
                (
                    _("Certificates and credits"),
                    (
                        ("credentials.issuedcertificate", _("Issued certificates"), "card_membership"),
                        ("credentials.course", _("Courses"), "menu_book"),
                        ("credentials.coursemodulemap", _("Course–module mappings"), "link"),
                        ("credentials.creditrule", _("Credit conversion rules"), "rule"),
                        ("credentials.creditconversion", _("Credit conversions"), "swap_horiz"),
                    ),
                ),
                (
                    _("Funds and subsidies"),
                    (
                        ("finance.budget", _("Budgets"), "account_balance_wallet"),
                        ("finance.budgetallocation", _("Budget allocations"), "pie_chart"),
                        ("finance.expense", _("Expenses"), "receipt_long"),
                        ("finance.subsidyrule", _("Subsidy rules"), "rule_settings"),
                        ("finance.workloadentry", _("Workload entries"), "work_history"),
                        ("finance.subsidystatement", _("Subsidy statements"), "request_quote"),
                        ("finance.subsidyline", _("Subsidy lines"), "list_alt"),
                    ),
                ),
                (
                    _("Notices and reports"),
                    (
                        ("notices.notice", _("Notices"), "campaign"),
                        ("notices.noticereceipt", _("Notice receipts"), "mark_email_read"),
                        ("reports.annualreport", _("Annual reports"), "description"),
                        ("reports.reportsubmission", _("Report submissions"), "send"),
                    ),
                ),
                (
                    _("System"),
                    (
                        ("accounts.user", _("Users"), "person"),
                        ("audit.auditevent", _("Audit trail"), "history"),
                        ("imports.importjob", _("Imports"), "upload_file"),
                        ("auth.group", _("Permission groups"), "admin_panel_settings"),
                        ("axes.accessattempt", _("Login attempts"), "lock_clock"),
                    ),
                ),
            )
        ],
    },
}
