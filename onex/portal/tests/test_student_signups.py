"""The department approves or turns down sign-ups; nobody else's sign-ups can be reached."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from onex.audit.models import AuditEvent
from onex.core.fields import Level
from onex.pilots.models import Pilot, PilotStatus, Registration
from onex.pilots.services import registration_apply, registration_approve, registration_reject
from testsupport.base import OneXTestCase


class SignUpsBase(OneXTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.open_pilot = Pilot.objects.create(
            institution=cls.inst,
            year=2025,
            certificate=cls.cert,
            level=Level.INTERMEDIATE,
            department=cls.dept,
            quota=10,
            fee_per_candidate=Decimal("300.00"),
            status=PilotStatus.OPEN,
        )
        cls.open_pilot.majors.set([cls.major])

    def setUp(self):
        self.pending = registration_apply(pilot=self.open_pilot, student=self.student_person, actor=self.student)

    def post(self, user, action, registration=None, **data):
        self.client.force_login(user)
        name = {"approve": "portal_sign_up_approve", "reject": "portal_sign_up_reject"}[action]
        return self.client.post(reverse(name, args=[(registration or self.pending).pk]), data)


class DepartmentApprovalTestCase(SignUpsBase):
    def test_the_coordinator_sees_the_pending_sign_ups_of_the_department(self):
        self.client.force_login(self.coordinator)
        response = self.client.get(reverse("portal_sign_ups"))
        self.assertContains(response, f'data-registration="{self.pending.pk}"')
        self.assertContains(response, "张三")
        # Filed or withdrawn registrations are not waiting for anyone.
        self.assertNotContains(response, f'data-registration="{self.registration.pk}"')

    def test_undecided_sign_ups_of_a_closed_pilot_are_no_longer_waiting(self):
        Pilot.objects.filter(pk=self.open_pilot.pk).update(status=PilotStatus.CLOSED)
        self.client.force_login(self.coordinator)
        response = self.client.get(reverse("portal_sign_ups"))
        self.assertNotContains(response, f'data-registration="{self.pending.pk}"')
        self.assertEqual(self.post(self.coordinator, "approve").status_code, 404)

    def test_the_coordinator_approves_a_sign_up_and_it_is_audited(self):
        response = self.post(self.coordinator, "approve")
        self.assertRedirects(response, reverse("portal_sign_ups"), fetch_redirect_response=False)
        self.pending.refresh_from_db()
        self.assertEqual(self.pending.department_approved_on, timezone.localdate())
        self.assertIsNone(self.pending.withdrawn_on)
        event = AuditEvent.objects.get(action="registration.approve", target_id=str(self.pending.pk))
        self.assertEqual(event.actor, self.coordinator)
        self.assertIsNone(event.before["department_approved_on"])

    def test_the_coordinator_turns_a_sign_up_down_with_a_reason(self):
        self.post(self.coordinator, "reject", reason="未完成先修课程")
        self.pending.refresh_from_db()
        self.assertEqual(self.pending.withdrawn_on, timezone.localdate())
        self.assertEqual(self.pending.withdrawal_reason, "未完成先修课程")
        self.assertIsNone(self.pending.department_approved_on)
        event = AuditEvent.objects.get(action="registration.reject", target_id=str(self.pending.pk))
        self.assertEqual(event.reason, "未完成先修课程")

    def test_turning_down_needs_a_reason(self):
        self.post(self.coordinator, "reject", reason="  ")
        self.pending.refresh_from_db()
        self.assertIsNone(self.pending.withdrawn_on)

    def test_the_office_of_the_institution_may_approve_too(self):
        self.post(self.office, "approve")
        self.pending.refresh_from_db()
        self.assertIsNotNone(self.pending.department_approved_on)

    def test_a_coordinator_of_another_department_or_institution_gets_404(self):
        for user in (self.coordinator_other, self.coordinator2, self.office2):
            for action in ("approve", "reject"):
                with self.subTest(user=user.username, action=action):
                    self.assertEqual(self.post(user, action, reason="x").status_code, 404)
            self.client.force_login(user)
            self.assertNotContains(self.client.get(reverse("portal_sign_ups")), "张三")
        self.pending.refresh_from_db()
        self.assertIsNone(self.pending.department_approved_on)
        self.assertIsNone(self.pending.withdrawn_on)

    def test_other_roles_get_403(self):
        for user in (self.student, self.teacher, self.finance, self.leader, self.province):
            with self.subTest(user=user.username):
                self.assertEqual(self.post(user, "approve").status_code, 403)
                self.client.force_login(user)
                self.assertEqual(self.client.get(reverse("portal_sign_ups")).status_code, 403)
        self.pending.refresh_from_db()
        self.assertIsNone(self.pending.department_approved_on)

    def test_a_decided_sign_up_cannot_be_decided_again(self):
        self.post(self.coordinator, "approve")
        self.assertEqual(self.post(self.coordinator, "reject", reason="改主意").status_code, 404)
        with self.assertRaises(ValidationError):
            registration_reject(registration=self.pending, reason="改主意", actor=self.coordinator)
        self.pending.refresh_from_db()
        self.assertIsNone(self.pending.withdrawn_on)

    def test_the_services_refuse_deciders_outside_the_department(self):
        for user in (self.coordinator_other, self.coordinator2, self.teacher, self.student):
            with self.subTest(user=user.username), self.assertRaises(PermissionDenied):
                registration_approve(registration=self.pending, actor=user)


class ApplyServiceTestCase(SignUpsBase):
    def test_apply_refuses_a_full_pilot(self):
        Pilot.objects.filter(pk=self.open_pilot.pk).update(quota=1)
        self.open_pilot.majors.add(self.major_other)
        with translation.override("en"), self.assertRaisesMessage(ValidationError, "This pilot is full."):
            registration_apply(pilot=self.open_pilot, student=self.student_other_person, actor=None)

    def test_apply_refuses_a_student_of_another_major_or_institution(self):
        for person in (self.student_other_person, self.student2_person):
            with self.subTest(student=person.name), self.assertRaises(ValidationError):
                registration_apply(pilot=self.open_pilot, student=person, actor=None)

    def test_apply_refuses_a_pilot_not_open(self):
        Registration.objects.filter(pk=self.pending.pk).delete()
        Pilot.objects.filter(pk=self.open_pilot.pk).update(status=PilotStatus.APPROVED)
        with self.assertRaises(ValidationError):
            registration_apply(pilot=self.open_pilot, student=self.student_person, actor=None)

    def test_apply_records_today_and_no_approval(self):
        self.assertEqual(self.pending.applied_on, timezone.localdate())
        self.assertIsNone(self.pending.department_approved_on)
        self.assertIsNone(self.pending.filed_on)
