import time

from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from onex.accounts.middleware import _STARTED
from testsupport.base import PASSWORD, OneXTestCase


class LoginThrottleTestCase(OneXTestCase):
    def login(self, password):
        return self.client.post("/accounts/login/", {"username": "alice", "password": password})

    def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(self):
        for _ in range(5):
            self.login("wrong-password")
        r = self.login(PASSWORD)
        self.assertEqual(r.status_code, 429)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_a_right_password_logs_in_before_the_limit(self):
        for _ in range(3):
            self.login("wrong-password")
        r = self.login(PASSWORD)
        self.assertEqual(r.status_code, 302)


class SessionLimitTestCase(OneXTestCase):
    def test_an_idle_session_expires(self):
        self.client.force_login(self.office)
        self.assertEqual(self.client.get("/office/").status_code, 200)
        Session.objects.filter(session_key=self.client.session.session_key).update(
            expire_date=timezone.now() - timezone.timedelta(seconds=1)
        )
        self.assertEqual(self.client.get("/office/").status_code, 302)

    def test_a_session_ends_after_its_absolute_lifetime_however_active(self):
        self.client.force_login(self.office)
        self.client.get("/office/")
        session = self.client.session
        session[_STARTED] = int(time.time()) - 11 * 60 * 60
        session.save()
        r = self.client.get("/office/")
        self.assertEqual(r.status_code, 302)
        self.assertIn("/accounts/login/", r["Location"])


class PasswordPolicyTestCase(OneXTestCase):
    def test_weak_passwords_are_refused(self):
        for weak in ("12345678", "password", "alice123", "short"):
            with self.assertRaises(ValidationError):
                validate_password(weak, user=self.office)


@override_settings(ONEX_REQUIRE_TOTP=True)
class SecondFactorTestCase(OneXTestCase):
    def test_staff_must_set_up_a_second_factor_before_the_back_office(self):
        self.client.force_login(self.office)
        r = self.client.get("/office/")
        self.assertEqual(r.status_code, 302)
        self.assertTrue(r["Location"].startswith("/accounts/otp/"))
        setup = self.client.get("/accounts/otp/setup/")
        self.assertContains(setup, "<svg")
        self.assertFalse(TOTPDevice.objects.filter(user=self.office).exists(), "showing the QR code stores nothing")
        shown = TOTPDevice(key=self.client.session["onex_otp_setup_key"])
        r = self.client.post("/accounts/otp/setup/", {"token": f"{totp(shown.bin_key):06d}", "next": "/office/"})
        self.assertEqual(r["Location"], "/office/")
        self.assertEqual(self.client.get("/office/").status_code, 200)
        self.assertEqual(list(TOTPDevice.objects.filter(user=self.office).values_list("confirmed", flat=True)), [True])

    def test_a_wrong_code_is_refused(self):
        self.client.force_login(self.office)
        self.client.get("/accounts/otp/setup/")
        shown = TOTPDevice(key=self.client.session["onex_otp_setup_key"])
        wrong = f"{(totp(shown.bin_key) + 500000) % 1000000:06d}"
        r = self.client.post("/accounts/otp/setup/", {"token": wrong})
        self.assertContains(r, "<svg")
        self.assertFalse(TOTPDevice.objects.filter(user=self.office).exists())
        self.assertEqual(self.client.get("/office/").status_code, 302)

    def test_a_new_session_asks_for_the_code_again(self):
        TOTPDevice.objects.create(user=self.office, name="phone", confirmed=True)
        self.client.force_login(self.office)
        self.assertTrue(self.client.get("/admin/").headers["Location"].startswith("/accounts/otp/"))
        device = TOTPDevice.objects.get(user=self.office)
        self.client.post("/accounts/otp/", {"token": f"{totp(device.bin_key):06d}"})
        self.assertEqual(self.client.get("/admin/").status_code, 200)

    def test_students_are_not_asked_for_a_second_factor(self):
        self.client.force_login(self.student)
        r = self.client.get("/my/")
        self.assertEqual(r.status_code, 200)
