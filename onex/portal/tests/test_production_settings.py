import os
import secrets
import stat
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
    base.update(DJANGO_SETTINGS_MODULE="onex.settings.production", ONEX_DATA_DIR=tempfile.mkdtemp())
    base.update(env)
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


HOSTS = "onex.example.edu.cn"


def without_chosen_settings(*argv: str, data_dir: str | None = None) -> subprocess.CompletedProcess[str]:
    """A process started with no DJANGO_SETTINGS_MODULE and no SECRET_KEY, as a careless service unit would."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DEBUG", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(ONEX_DATA_DIR=data_dir or tempfile.mkdtemp(), ALLOWED_HOSTS=HOSTS)
    return subprocess.run(
        [sys.executable, *argv],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


class WeakProductionSettingsTestCase(SimpleTestCase):
    def test_they_refuse_a_secret_key_shorter_than_50_characters(self):
        result = manage("check", SECRET_KEY=secrets.token_urlsafe(60)[:49], ALLOWED_HOSTS=HOSTS)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("SECRET_KEY is too short (49 characters); it needs at least 50.", result.stderr)

    def test_they_refuse_a_long_secret_key_of_few_different_characters(self):
        result = manage("check", SECRET_KEY="abab" * 20, ALLOWED_HOSTS=HOSTS)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("SECRET_KEY has too few different characters (2)", result.stderr)

    def test_they_refuse_a_development_key(self):
        result = manage("check", SECRET_KEY="django-insecure-" + secrets.token_urlsafe(60), ALLOWED_HOSTS=HOSTS)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("SECRET_KEY is a development key", result.stderr)

    def test_they_refuse_any_host(self):
        for hosts in ("*", f"{HOSTS},*", f"{HOSTS}, *"):
            with self.subTest(hosts=hosts):
                result = manage("check", SECRET_KEY=secrets.token_urlsafe(60), ALLOWED_HOSTS=hosts)
                self.assertNotEqual(result.returncode, 0)
                self.assertIn("ALLOWED_HOSTS must name the hosts; '*' is refused in production.", result.stderr)

    def test_manage_py_without_chosen_settings_runs_on_a_generated_key_written_nowhere_in_the_code(self):
        data, other = tempfile.mkdtemp(), tempfile.mkdtemp()
        first = without_chosen_settings(str(MANAGE), "check", data_dir=data)
        self.assertEqual(first.returncode, 0, first.stderr)
        key_file = Path(data) / "keys" / "development-secret-key"
        key = key_file.read_text()
        self.assertGreaterEqual(len(key), 50)
        self.assertEqual(stat.S_IMODE(key_file.stat().st_mode), 0o600)
        without_chosen_settings(str(MANAGE), "check", data_dir=data)
        self.assertEqual(key_file.read_text(), key, "the installation keeps its key")
        without_chosen_settings(str(MANAGE), "check", data_dir=other)
        self.assertNotEqual((Path(other) / "keys" / "development-secret-key").read_text(), key)

    def test_the_generated_development_key_is_refused_in_production(self):
        data = tempfile.mkdtemp()
        without_chosen_settings(str(MANAGE), "check", data_dir=data)
        key = (Path(data) / "keys" / "development-secret-key").read_text()
        result = manage("check", SECRET_KEY=key, ALLOWED_HOSTS=HOSTS, ONEX_DATA_DIR=data)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("SECRET_KEY is a development key", result.stderr)

    def test_the_wsgi_entry_without_chosen_settings_uses_production_and_refuses_to_start_without_a_key(self):
        result = without_chosen_settings("-c", "import onex.wsgi")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("Set SECRET_KEY in the environment", result.stderr)
