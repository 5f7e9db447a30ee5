"""A user the office asked to choose a new password does so before reaching any other page."""

from __future__ import annotations

from urllib.parse import urlencode

from django.test import override_settings
from django.urls import reverse

from onex.accounts.models import User
from onex.accounts.services import user_create
from onex.audit.models import AuditEvent
from onex.core.roles import Role
from testsupport.base import PASSWORD, OneXTestCase

NEW_PASSWORD = "ziji-xuan-de-mima-2024"


def set_password_url(next_url: str) -> str:
    return f"{reverse('set_password')}?{urlencode({'next': next_url})}"


class MustSetPasswordCase(OneXTestCase):
    def flag(self, user: User) -> None:
        User.objects.filter(pk=user.pk).update(must_set_password=True)

    def log_in(self, user: User) -> None:
        response = self.client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
        self.assertEqual(response.status_code, 302)


class TestAFlaggedUserIsHeldOnTheSetPasswordPage(MustSetPasswordCase):
    def test_it_sends_a_flagged_user_to_the_set_password_page_right_after_logging_in(self) -> None:
        self.flag(self.office)
        response = self.client.post(
            reverse("login"), {"username": self.office.username, "password": PASSWORD}, follow=True
        )
        self.assertEqual(response.redirect_chain[-1][0], set_password_url(reverse("home")))
        self.assertContains(response, 'id="set-password-form"')

    def test_it_redirects_a_flagged_user_from_a_staff_page(self) -> None:
        self.flag(self.office)
        self.log_in(self.office)
        for url in (reverse("portal_office"), reverse("admin:index")):
            with self.subTest(url=url):
                self.assertRedirects(self.client.get(url), set_password_url(url), fetch_redirect_response=False)

    def test_it_redirects_a_flagged_user_from_the_student_portal(self) -> None:
        self.flag(self.student)
        self.log_in(self.student)
        url = reverse("portal_student")
        self.assertRedirects(self.client.get(url), set_password_url(url), fetch_redirect_response=False)

    def test_it_redirects_a_user_without_a_usable_password(self) -> None:
        user = user_create(username="nopass", password=None, role=Role.OFFICE, institution=self.inst)
        self.client.force_login(user)
        url = reverse("portal_office")
        self.assertRedirects(self.client.get(url), set_password_url(url), fetch_redirect_response=False)

    def test_it_answers_the_api_with_403_json_rather_than_a_page_a_client_cannot_follow(self) -> None:
        self.flag(self.office)
        self.log_in(self.office)
        response = self.client.get("/api/v1/")
        self.assertEqual(response.status_code, 403)
        self.assertEqual(response["Content-Type"], "application/json")
        self.assertIn("密码", response.json()["detail"])

    @override_settings(ONEX_REQUIRE_TOTP=True)
    def test_it_asks_staff_for_the_second_factor_before_the_new_password(self) -> None:
        self.flag(self.office)
        self.log_in(self.office)
        response = self.client.get(reverse("set_password"))
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith(reverse("otp_verify")))

    def test_it_leaves_logout_the_public_verification_pages_and_static_files_open(self) -> None:
        self.flag(self.student)
        self.log_in(self.student)
        self.assertEqual(self.client.get(reverse("verification:verify_check")).status_code, 200)
        self.assertNotEqual(self.client.get("/static/portal/simple.css").status_code, 302)
        response = self.client.post(reverse("logout"))
        self.assertRedirects(response, reverse("login"), fetch_redirect_response=False)
        self.assertFalse(self.client.get(reverse("login")).wsgi_request.user.is_authenticated)


class TestSettingTheNewPassword(MustSetPasswordCase):
    def setUp(self) -> None:
        self.flag(self.student)
        self.log_in(self.student)

    def submit(self, password: str, again: str | None = None, next_url: str = "") -> object:
        data = {"new_password1": password, "new_password2": again or password, "next": next_url}
        return self.client.post(reverse("set_password"), data)

    def test_it_lets_a_flagged_user_set_a_password_and_then_proceed(self) -> None:
        portal = reverse("portal_student")
        response = self.submit(NEW_PASSWORD, next_url=portal)
        self.assertRedirects(response, portal, fetch_redirect_response=False)
        self.assertEqual(self.client.get(portal).status_code, 200)  # still logged in
        self.student.refresh_from_db()
        self.assertFalse(self.student.must_set_password)
        self.assertTrue(self.student.check_password(NEW_PASSWORD))

    def test_it_audits_the_change(self) -> None:
        self.submit(NEW_PASSWORD)
        event = AuditEvent.objects.get(action="user.set_password")
        self.assertEqual(event.actor, self.student)
        self.assertEqual(event.after, {"username": self.student.username})
        self.assertNotIn(NEW_PASSWORD, str(event.after))

    def test_it_refuses_a_password_the_validators_reject(self) -> None:
        response = self.submit("12345678")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].errors)
        self.student.refresh_from_db()
        self.assertTrue(self.student.must_set_password)

    def test_it_refuses_the_old_password_again(self) -> None:
        response = self.submit(PASSWORD)
        self.assertContains(response, "不同")
        self.student.refresh_from_db()
        self.assertTrue(self.student.must_set_password)

    def test_it_refuses_two_passwords_that_differ(self) -> None:
        response = self.submit(NEW_PASSWORD, NEW_PASSWORD + "x")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].errors["new_password2"])

    def test_it_ignores_a_next_address_on_another_site(self) -> None:
        response = self.submit(NEW_PASSWORD, next_url="https://example.com/")
        self.assertRedirects(response, reverse("home"), fetch_redirect_response=False)


class TestUnflaggedUsersAreNotAffected(MustSetPasswordCase):
    def test_it_lets_an_unflagged_user_reach_pages_and_the_api(self) -> None:
        self.log_in(self.office)
        self.assertEqual(self.client.get(reverse("portal_office")).status_code, 200)
        self.assertEqual(self.client.get(reverse("admin:index")).status_code, 200)
        self.assertEqual(self.client.get("/api/v1/").status_code, 200)

    def test_it_sends_an_unflagged_user_away_from_the_set_password_page(self) -> None:
        self.log_in(self.student)
        response = self.client.get(reverse("set_password"))
        self.assertRedirects(response, reverse("home"), fetch_redirect_response=False)
        self.assertFalse(AuditEvent.objects.filter(action="user.set_password").exists())

    def test_it_asks_an_anonymous_visitor_to_log_in(self) -> None:
        response = self.client.get(reverse("set_password"))
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith(reverse("login")))
