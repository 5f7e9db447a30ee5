"""Settings for the test suite: a private data folder and fast hashing."""

import os
import tempfile

os.environ.setdefault("ONEX_DATA_DIR", tempfile.mkdtemp(prefix="onex-test-"))

from onex.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tasks run inline in unit tests; the worker tests use the database backend.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
