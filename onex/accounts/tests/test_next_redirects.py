"""Pages that take a ``next`` address (跳转地址) follow only a path on this site."""

from django.test import SimpleTestCase, override_settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from onex.core.redirects import is_local_path
from testsupport.base import OneXTestCase

# Each of these a browser reads as another host.
ELSEWHERE = ["/\\evil.example", "//evil.example", "https://evil.example", "\\\\evil.example", "/\t/evil.example"]


class LocalPathTestCase(SimpleTestCase):
    def test_it_refuses_every_address_a_browser_sends_to_another_host(self) -> None:
        for target in ELSEWHERE:
            with self.subTest(target=target):
                self.assertFalse(is_local_path(target))

    def test_it_accepts_a_path_on_this_site_with_its_query(self) -> None:
        self.assertTrue(is_local_path("/pilots/"))
        self.assertTrue(is_local_path("/pilots/?year=2023&page=2"))


@override_settings(ONEX_REQUIRE_TOTP=True)
class SecondFactorNextTestCase(OneXTestCase):
    def verify(self, target: str) -> str:
        device = TOTPDevice.objects.create(user=self.office, name="phone", confirmed=True)
        self.client.force_login(self.office)
        response = self.client.post(reverse("otp_verify"), {"token": f"{totp(device.bin_key):06d}", "next": target})
        self.assertEqual(response.status_code, 302)
        return response["Location"]

    def test_it_sends_the_verified_user_home_instead_of_to_another_host(self) -> None:
        for target in ELSEWHERE:
            with self.subTest(target=target):
                TOTPDevice.objects.all().delete()
                self.assertEqual(self.verify(target), "/")

    def test_it_sends_the_verified_user_on_to_a_page_of_this_site(self) -> None:
        self.assertEqual(self.verify("/pilots/"), "/pilots/")

    def test_it_keeps_the_query_of_the_page_asked_for_on_the_way_to_the_code(self) -> None:
        self.client.force_login(self.office)
        response = self.client.get("/pilots/?year=2023&page=2")
        self.assertEqual(response.status_code, 302)
        self.assertEqual(response["Location"], "/accounts/otp/?next=%2Fpilots%2F%3Fyear%3D2023%26page%3D2")


class SetPasswordNextTestCase(OneXTestCase):
    def test_it_sends_an_unflagged_user_home_instead_of_to_another_host(self) -> None:
        self.client.force_login(self.office)
        home = reverse("home")
        for target in ELSEWHERE:
            with self.subTest(target=target):
                response = self.client.get(reverse("set_password"), {"next": target})
                self.assertRedirects(response, home, fetch_redirect_response=False)

    def test_it_sends_an_unflagged_user_on_to_a_page_of_this_site(self) -> None:
        self.client.force_login(self.office)
        response = self.client.get(reverse("set_password"), {"next": "/pilots/"})
        self.assertRedirects(response, "/pilots/", fetch_redirect_response=False)
