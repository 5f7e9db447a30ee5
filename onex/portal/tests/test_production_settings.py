import os
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path

from django.conf import settings
from django.test import SimpleTestCase

MANAGE = Path(settings.BASE_DIR) / "manage.py"


def manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    base.update(DJANGO_SETTINGS_MODULE="onex.settings.production", ONEX_DATA_DIR=tempfile.mkdtemp(), **env)
    return subprocess.run(
        [sys.executable, str(MANAGE), *args], env=base, capture_output=True, text=True, timeout=120, check=False
    )


class ProductionSettingsTestCase(SimpleTestCase):
    def test_check_deploy_finds_nothing_to_warn_about(self):
        result = manage(
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
            SECRET_KEY=secrets.token_urlsafe(60),
            ALLOWED_HOSTS="onex.example.edu.cn",
        )
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn("no issues", result.stdout)

    def test_they_refuse_to_start_without_a_secret_key(self):
        result = manage("check", ALLOWED_HOSTS="onex.example.edu.cn")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("SECRET_KEY", result.stderr)

    def test_they_require_totp_and_turn_debug_off(self):
        result = manage(
            "shell",
            "--no-imports",
            "-c",
            "from django.conf import settings; print(settings.DEBUG, settings.ONEX_REQUIRE_TOTP, settings.SESSION_COOKIE_SECURE)",
            SECRET_KEY=secrets.token_urlsafe(60),
            ALLOWED_HOSTS="onex.example.edu.cn",
            DEBUG="1",
        )
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.split(), ["False", "True", "True"])
