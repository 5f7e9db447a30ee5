import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from onex.audit.models import AuditEvent
from onex.credentials.services import certificate_issue
from onex.exams.models import Result
from onex.org.services import student_update
from onex.pilots.services import registration_create, registration_file, registration_update, registration_withdraw
from testsupport.base import OneXTestCase


class TestRegistrationServices(OneXTestCase):
    def test_a_registration_is_created_filed_and_withdrawn_with_an_audit_trail(self):
        reg = registration_create(
            pilot=self.pilot_other, student=self.student_person, applied_on=dt.date(2024, 3, 1), actor=self.office
        )
        registration_update(registration=reg, department_approved_on=dt.date(2024, 3, 2), actor=self.office)
        registration_file(registration=reg, filed_on=dt.date(2024, 3, 5), actor=self.office)
        registration_withdraw(registration=reg, reason="转专业", withdrawn_on=dt.date(2024, 4, 1), actor=self.office)
        reg.refresh_from_db()
        assert reg.filed_on == dt.date(2024, 3, 5) and reg.withdrawn_on == dt.date(2024, 4, 1)
        actions = list(
            AuditEvent.objects.filter(target_type="pilots.registration", target_id=str(reg.pk)).values_list(
                "action", flat=True
            )
        )
        assert sorted(actions) == [
            "registration.create",
            "registration.update",
            "registration.update",
            "registration.withdraw",
        ]

    def test_a_filing_date_before_the_application_is_refused(self):
        with pytest.raises(ValidationError):
            registration_update(registration=self.registration, filed_on=dt.date(2023, 1, 1))

    def test_the_same_student_cannot_register_twice_for_a_pilot(self):
        with pytest.raises(ValidationError):
            registration_create(pilot=self.pilot, student=self.student_person)


class TestCertificateAndStudentServices(OneXTestCase):
    def test_issuing_the_same_certificate_twice_changes_nothing(self):
        Result.objects.create(registration=self.registration, outcome="pass")  # a certificate follows a pass
        first, changed = certificate_issue(registration=self.registration, number="N-1", issued_on=dt.date(2023, 9, 1))
        again, changed_again = certificate_issue(registration=self.registration, number="N-1")
        assert changed and not changed_again and first.pk == again.pk
        assert first.status_index >= 0 and len(first.verify_code) == 20

    def test_a_student_update_is_audited_and_keeps_the_pinyin_in_step(self):
        student_update(student=self.student_person, name="张三丰", phone="13900000000", actor=self.office)
        self.student_person.refresh_from_db()
        assert self.student_person.name_pinyin == "zhang1 san1 feng1"
        event = AuditEvent.objects.get(action="student.update")
        assert event.before["name"] == "张三" and event.after["name"] == "张三丰"
        assert "id_number_cipher" not in event.after
