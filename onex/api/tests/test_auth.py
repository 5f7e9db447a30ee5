"""Session and token authentication; anonymous requests are refused."""

from __future__ import annotations

from django.urls import reverse

from onex.accounts.models import ApiToken
from onex.accounts.services import api_token_hash
from onex.api.tests.base import RESOURCES, ApiTestCase, detail_url, list_url
from onex.api.throttling import TokenObtainThrottle
from testsupport.base import PASSWORD


class AnonymousTests(ApiTestCase):
    def test_an_anonymous_request_to_any_list_is_unauthorized(self):
        for resource in RESOURCES:
            with self.subTest(resource=resource):
                response = self.client.get(list_url(resource))
                self.assertEqual(response.status_code, 401)
                self.assertEqual(response["WWW-Authenticate"], "Token")

    def test_an_anonymous_request_for_one_row_is_unauthorized(self):
        response = self.client.get(detail_url("pilot", self.pilot.pk))
        self.assertEqual(response.status_code, 401)

    def test_an_anonymous_request_for_figures_is_unauthorized(self):
        response = self.client.get(reverse("api:figures"), {"institution": self.inst.code, "year": 2023})
        self.assertEqual(response.status_code, 401)

    def test_the_api_root_needs_a_login(self):
        self.assertEqual(self.client.get("/api/v1/").status_code, 401)
        self.client.force_login(self.office)
        self.assertIn("pilots", self.client.get("/api/v1/").json())


class TokenTests(ApiTestCase):
    token_url = "/api/v1/auth/token/"

    def obtain(self, username: str, password: str):
        return self.client.post(self.token_url, {"username": username, "password": password}, format="json")

    def test_a_user_name_and_password_give_a_token_that_authenticates(self):
        response = self.obtain("alice", PASSWORD)
        self.assertEqual(response.status_code, 200)
        token = response.json()["token"]
        self.assertEqual(ApiToken.objects.get(user=self.office).key_hash, api_token_hash(token))
        self.client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        listed = self.client.get(list_url("pilot"))
        self.assertEqual(listed.status_code, 200)
        self.assertEqual(self.ids_of(listed), sorted([self.pilot.pk, self.pilot_other.pk]))

    def test_a_token_is_scoped_like_its_user(self):
        token = self.obtain("charlie", PASSWORD).json()["token"]
        self.client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        self.assertEqual(self.client.get(detail_url("pilot", self.pilot.pk)).status_code, 404)
        self.assertEqual(self.client.get(detail_url("pilot", self.pilot2.pk)).status_code, 200)

    def test_a_wrong_password_is_refused_without_a_token(self):
        response = self.obtain("alice", "not-the-password")
        self.assertEqual(response.status_code, 400)
        self.assertNotIn("token", response.json())
        self.assertFalse(ApiToken.objects.filter(user=self.office).exists())

    def test_an_unknown_token_is_unauthorized(self):
        self.client.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")
        self.assertEqual(self.client.get(list_url("pilot")).status_code, 401)

    def test_an_inactive_user_gets_no_token(self):
        self.office.is_active = False
        self.office.save(update_fields=["is_active"])
        self.assertEqual(self.obtain("alice", PASSWORD).status_code, 400)

    def test_the_token_endpoint_is_throttled(self):
        limit, _ = TokenObtainThrottle().parse_rate(TokenObtainThrottle().get_rate())
        statuses = [self.obtain(f"nobody{i}", "wrong").status_code for i in range(limit)]
        self.assertNotIn(429, statuses)
        self.assertEqual(self.obtain("alice", PASSWORD).status_code, 429)

    def test_the_token_endpoint_only_accepts_post(self):
        self.assertEqual(self.client.get(self.token_url).status_code, 405)


class SessionTests(ApiTestCase):
    def test_a_logged_in_session_reads_the_api(self):
        self.client.force_login(self.coordinator)
        response = self.client.get(list_url("pilot"))
        self.assertEqual(response.status_code, 200)
        self.assertEqual([row["id"] for row in response.json()["results"]], [self.pilot.pk])


class PasswordMustBeSetTests(ApiTestCase):
    token_url = TokenTests.token_url
    obtain = TokenTests.obtain

    def flag(self):
        self.office.must_set_password = True
        self.office.save(update_fields=["must_set_password"])

    def test_a_user_who_must_set_a_new_password_gets_no_token(self):
        self.flag()
        response = self.obtain("alice", PASSWORD)
        self.assertEqual(response.status_code, 403)
        self.assertNotIn("token", response.json())
        self.assertFalse(ApiToken.objects.filter(user=self.office).exists())

    def test_a_token_obtained_before_stops_working_until_the_password_is_set(self):
        token = self.obtain("alice", PASSWORD).json()["token"]
        self.flag()
        self.client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        response = self.client.get(list_url("pilot"))
        self.assertEqual(response.status_code, 403)
        self.assertIn("detail", response.json())
        self.office.must_set_password = False
        self.office.save(update_fields=["must_set_password"])
        self.assertEqual(self.client.get(list_url("pilot")).status_code, 200)
