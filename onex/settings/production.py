"""Production settings: the base settings, hardened for ``manage.py check --deploy``.

Use with DJANGO_SETTINGS_MODULE=onex.settings.production (the default of
wsgi.py). SECRET_KEY and ALLOWED_HOSTS must come from the environment: a
short or repetitive key, a development key or a ``*`` host
stops the start; the web servers sit behind a reverse proxy that terminates
HTTPS and sets X-Forwarded-Proto.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from onex.settings import *  # noqa: F403
from onex.settings import _env_bool

DEBUG = False

# The same thresholds as Django's security.W009 check, but a refusal instead of a warning.
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_UNIQUE_CHARACTERS = 5


def _is_development_key(key: str) -> bool:
    """The key this installation generated for development, copied into a server's environment."""
    path = DEVELOPMENT_KEY_FILE  # noqa: F405
    return path.exists() and path.read_text().strip() == key


SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    raise ImproperlyConfigured("Set SECRET_KEY in the environment (at least 50 random characters).")
if SECRET_KEY.startswith("django-insecure-") or _is_development_key(SECRET_KEY):
    raise ImproperlyConfigured("SECRET_KEY is a development key; set a random one of at least 50 characters.")
if len(SECRET_KEY) < SECRET_KEY_MIN_LENGTH:
    raise ImproperlyConfigured(
        f"SECRET_KEY is too short ({len(SECRET_KEY)} characters); it needs at least {SECRET_KEY_MIN_LENGTH}."
    )
if len(set(SECRET_KEY)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS:
    raise ImproperlyConfigured(
        f"SECRET_KEY has too few different characters ({len(set(SECRET_KEY))}); "
        f"it needs at least {SECRET_KEY_MIN_UNIQUE_CHARACTERS}: use a random key."
    )

ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h.strip()]
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set ALLOWED_HOSTS in the environment (comma-separated host names).")
if "*" in ALLOWED_HOSTS:
    # Any Host header would be accepted, so links built from it (password reset, QR codes) could point anywhere.
    raise ImproperlyConfigured("ALLOWED_HOSTS must name the hosts; '*' is refused in production.")

# HTTPS everywhere; the proxy tells Django the original scheme.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = _env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 365 * 24 * 60 * 60))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# django-axes reads the client address the proxy forwarded.
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("ONEX_PROXY_COUNT", 1))
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

# Staff log in with a second factor.
ONEX_REQUIRE_TOTP = True

# Static files are collected once (manage.py collectstatic) and served hashed and compressed.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = False
