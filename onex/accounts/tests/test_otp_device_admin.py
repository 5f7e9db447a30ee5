"""The back-office pages of the second-factor devices answer a missing device as the stock admin does."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.messages import get_messages
from django.urls import reverse
from django_otp.models import Device
from django_otp.plugins.otp_totp.models import TOTPDevice

from onex.accounts.services import user_create
from onex.core.roles import Role
from testsupport.base import PASSWORD, OneXTestCase

MISSING = 999999


def device_models() -> list[type[Device]]:
    return [model for model in admin.site._registry if issubclass(model, Device)]


def object_url_names(model: type[Device]) -> list[tuple[str, str]]:
    """Each named admin URL of the model that takes an object id, with the name of that argument."""
    found = []
    for pattern in admin.site._registry[model].get_urls():
        converters = pattern.pattern.converters
        if pattern.name and len(converters) == 1:
            found.append((f"admin:{pattern.name}", next(iter(converters))))
    return found


class DeviceAdminForAMissingDevice(OneXTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.root = user_create(username="root", password=PASSWORD, role=Role.OFFICE, institution=cls.inst)
        cls.root.is_superuser = cls.root.is_staff = True
        cls.root.save(update_fields=["is_superuser", "is_staff"])

    def test_the_totp_device_admin_is_among_the_models_checked(self) -> None:
        self.assertIn(TOTPDevice, device_models())
        names = [name for name, _arg in object_url_names(TOTPDevice)]
        self.assertIn("admin:otp_totp_totpdevice_config", names)
        self.assertIn("admin:otp_totp_totpdevice_qrcode", names)

    def test_it_answers_a_superuser_a_redirect_with_a_message_or_404_never_500(self) -> None:
        self.client.force_login(self.root)
        self.client.raise_request_exception = False
        for model in device_models():
            for name, argument in object_url_names(model):
                with self.subTest(url=name):
                    response = self.client.get(reverse(name, kwargs={argument: MISSING}))
                    self.assertIn(response.status_code, (302, 404))
                    if response.status_code == 302:
                        self.assertEqual(response["Location"], reverse("admin:index"))
                        texts = [str(m) for m in get_messages(response.wsgi_request)]
                        self.assertTrue(any(str(MISSING) in text for text in texts), texts)

    def test_it_still_shows_the_setup_page_and_code_of_a_device_that_exists(self) -> None:
        device = TOTPDevice.objects.create(user=self.office, name="OneX")
        self.client.force_login(self.root)
        config = self.client.get(reverse("admin:otp_totp_totpdevice_config", kwargs={"pk": device.pk}))
        self.assertEqual(config.status_code, 200)
        self.assertContains(config, device.config_url.replace("&", "&amp;"))
        qrcode = self.client.get(reverse("admin:otp_totp_totpdevice_qrcode", kwargs={"pk": device.pk}))
        self.assertEqual(qrcode.status_code, 200)
        self.assertEqual(qrcode["Content-Type"], "image/svg+xml")

    def test_it_refuses_staff_without_the_permission_whether_or_not_the_device_exists(self) -> None:
        device = TOTPDevice.objects.create(user=self.office, name="OneX")
        self.client.force_login(self.office)
        for pk in (device.pk, MISSING):
            for view in ("config", "qrcode"):
                with self.subTest(pk=pk, view=view):
                    url = reverse(f"admin:otp_totp_totpdevice_{view}", kwargs={"pk": pk})
                    self.assertEqual(self.client.get(url).status_code, 403)
