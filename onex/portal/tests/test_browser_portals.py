"""A real Chromium against a live server: a student signs up, the department approves, a stranger verifies by QR link."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import override_settings

from onex.accounts.models import User
from onex.catalog.models import Certificate
from onex.core.crypto import mask_name
from onex.demo import facts
from onex.pilots.models import Pilot, PilotStatus, Registration
from testsupport.browser import BrowserTestCase

PHONE = {"width": 390, "height": 844}


@pytest.mark.browser
class PortalsInChromiumTestCase(BrowserTestCase):
    def setUp(self):
        super().setUp()
        call_command("load_demo", verbosity=0)
        # Certificates name the address they are verified at: here, the live server.
        self.public_url = override_settings(ONEX_PUBLIC_URL=self.live_server_url)
        self.public_url.enable()
        self.contexts = []
        self.student_user = User.objects.select_related("student__class_group__major").get(username="student")
        self.coordinator_user = User.objects.get(username="coordinator")

    def tearDown(self):
        for context in self.contexts:
            context.close()
        self.public_url.disable()
        super().tearDown()

    def new_page(self):
        context = self.browser.new_context(locale="zh-CN", viewport=PHONE)
        context.route("**/*", self._only_the_live_server)
        self.contexts.append(context)
        return context.new_page()

    def log_in_on(self, page, username, lands_on):
        page.goto(self.live_server_url + "/")
        page.fill("#id_username", username)
        page.fill("#id_password", facts.PASSWORD)
        page.click("#login-form button[type=submit]")
        page.wait_for_url(f"**{lands_on}")

    def open_pilot_for_the_student(self) -> Pilot:
        student = self.student_user.student
        taken = Pilot.objects.filter(institution=student.institution, year=2026).values("certificate_id")
        certificate = Certificate.objects.exclude(pk__in=taken).order_by("code").first()
        pilot = Pilot.objects.create(
            institution=student.institution,
            year=2026,
            certificate=certificate,
            level=certificate.levels[0],
            department=self.coordinator_user.department,
            quota=40,
            fee_per_candidate=Decimal("300.00"),
            status=PilotStatus.OPEN,
        )
        pilot.majors.add(student.class_group.major)
        return pilot

    def test_a_student_signs_up_the_coordinator_approves_and_the_student_sees_it_approved(self):
        from playwright.sync_api import expect

        pilot = self.open_pilot_for_the_student()
        student_page = self.new_page()
        self.log_in_on(student_page, "student", "/my/")
        offer = student_page.locator(f"#open-pilots [data-pilot='{pilot.pk}']")
        expect(offer).to_contain_text(pilot.certificate.name)
        with student_page.expect_navigation():
            offer.locator("button[type=submit]").click()
        registration = Registration.objects.get(pilot=pilot, student=self.student_user.student)
        mine = student_page.locator(f"#my-registrations [data-registration='{registration.pk}']")
        expect(mine.locator("[data-status]")).to_have_attribute("data-status", "applied")
        expect(student_page.locator(f"#open-pilots [data-pilot='{pilot.pk}']")).to_have_count(0)

        coordinator_page = self.new_page()
        self.log_in_on(coordinator_page, "coordinator", "/department/")
        coordinator_page.goto(self.live_server_url + "/sign-ups/")
        row = coordinator_page.locator(f"#pending-sign-ups [data-registration='{registration.pk}']")
        expect(row).to_contain_text(self.student_user.student.name)
        with coordinator_page.expect_navigation():
            row.locator("button.approve").click()
        expect(coordinator_page.locator(f"#pending-sign-ups [data-registration='{registration.pk}']")).to_have_count(0)

        student_page.reload()
        expect(mine.locator("[data-status]")).to_have_attribute("data-status", "approved")
        registration.refresh_from_db()
        self.assertIsNotNone(registration.department_approved_on)
        self.assertEqual(self.outside_requests, [])

    def test_a_stranger_verifies_the_students_certificate_by_the_link_beside_its_qr_code(self):
        from playwright.sync_api import expect

        student_page = self.new_page()
        self.log_in_on(student_page, "student", "/my/")
        certificate = student_page.locator("#my-registrations .certificate").first
        expect(certificate.locator(".qr svg")).to_be_visible()
        link = certificate.locator("a.verify-link").get_attribute("href")
        self.assertTrue(link.startswith(self.live_server_url + "/verify/"), link)

        stranger = self.new_page()
        stranger.goto(link)
        expect(stranger.locator("[data-status]")).to_have_attribute("data-status", "valid")
        name = self.student_user.student.name
        body = stranger.locator("body")
        expect(body).to_contain_text(mask_name(name))
        expect(body).not_to_contain_text(name)
        self.assertEqual(self.outside_requests, [])
