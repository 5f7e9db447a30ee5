"""API tokens (API 令牌) expire and end with a password change or reset; API answers carry no-store."""

from __future__ import annotations

import datetime as dt
from unittest import mock

from django.test import override_settings
from django.utils import timezone

from onex.accounts.models import ApiToken
from onex.accounts.services import user_reset_password, user_set_password
from onex.api.tests.base import ApiTestCase, list_url
from testsupport.base import PASSWORD

TOKEN_URL = "/api/v1/auth/token/"
EXPIRED = "此令牌已过期；请用用户名和密码重新申请。"  # Chinese is the default UI language
REVOKED = "此令牌已被吊销；请用用户名和密码重新申请。"


class TokenLifecycleTests(ApiTestCase):
    def obtain(self, username: str = "alice") -> str:
        response = self.client.post(TOKEN_URL, {"username": username, "password": PASSWORD}, format="json")
        self.assertEqual(response.status_code, 200)
        return response.json()["token"]

    def read_with(self, key: str):
        self.client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        return self.client.get(list_url("pilot"))

    def later(self, days: int):
        return mock.patch("django.utils.timezone.now", return_value=timezone.now() + dt.timedelta(days=days))

    @override_settings(ONEX_API_TOKEN_DAYS=7)
    def test_a_token_expires_after_the_configured_days_with_a_message(self):
        key = self.obtain()
        with self.later(6):
            self.assertEqual(self.read_with(key).status_code, 200)
        with self.later(8):
            response = self.read_with(key)
        self.assertEqual(response.status_code, 401)
        self.assertEqual(response.json()["detail"], EXPIRED)

    @override_settings(ONEX_API_TOKEN_DAYS=7)
    def test_after_expiry_the_password_gives_a_new_token_that_works(self):
        old = self.obtain()
        with self.later(8):
            self.client.credentials()
            new = self.obtain()
            self.assertNotEqual(new, old)
            self.assertEqual(self.read_with(new).status_code, 200)
            self.assertEqual(self.read_with(old).status_code, 401)

    def test_the_key_is_not_stored_in_clear(self):
        key = self.obtain()
        self.assertFalse(ApiToken.objects.filter(key_hash=key).exists())
        self.assertFalse(ApiToken.objects.filter(prefix=key).exists())

    def test_a_token_stops_working_after_the_office_resets_the_password(self):
        key = self.obtain("tom")
        user_reset_password(user=self.teacher, password="an0ther-Secret!", actor=self.office)
        response = self.read_with(key)
        self.assertEqual(response.status_code, 401)
        self.assertEqual(response.json()["detail"], REVOKED)

    def test_a_token_stops_working_after_the_user_sets_a_new_password(self):
        key = self.obtain("tom")
        self.teacher.refresh_from_db()
        user_set_password(user=self.teacher, password="an0ther-Secret!")
        response = self.read_with(key)
        self.assertEqual(response.status_code, 401)
        self.assertEqual(response.json()["detail"], REVOKED)

    def test_the_api_answers_are_not_stored_by_caches(self):
        key = self.obtain()
        self.assertIn("no-store", self.read_with(key)["Cache-Control"])
        self.client.credentials()
        response = self.client.post(TOKEN_URL, {"username": "alice", "password": PASSWORD}, format="json")
        self.assertIn("no-store", response["Cache-Control"])
        self.assertIn("no-store", self.client.get(list_url("pilot"))["Cache-Control"])  # the 401 too
