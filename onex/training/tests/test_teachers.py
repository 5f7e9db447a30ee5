import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from onex.audit.models import AuditEvent
from onex.core.fields import Level
from onex.exams.models import AssessorQualification, AssessorRole
from onex.exams.selectors import assessor_counts
from onex.exams.services.teachers import teacher_training_record, teacher_training_summary
from onex.training.models import TeacherTraining, TrainingOutcome
from testsupport.base import OneXTestCase

EVERYONE = (
    "office",
    "coordinator",
    "coordinator_other",
    "teacher",
    "finance",
    "leader",
    "student",
    "province",
    "office2",
)


class TeacherTrainingTestCase(OneXTestCase):
    def record(self, actor=None, teacher=None, outcome=TrainingOutcome.QUALIFIED_ASSESSOR, **kw):
        data = {
            "programme": "考评员培训",
            "organizer": "测试评价组织有限公司",
            "certificate": self.cert,
            "level": Level.INTERMEDIATE,
            "starts_on": dt.date(2023, 4, 1),
            "ends_on": dt.date(2023, 4, 3),
            "hours": Decimal("24"),
            "qualification_number": "KPY-001",
        } | kw
        return teacher_training_record(
            actor=actor or self.office, teacher=teacher or self.teacher_person, outcome=outcome, **data
        )


class RecordingTests(TeacherTrainingTestCase):
    def test_qualifying_as_assessor_creates_the_qualification(self):
        training = self.record()
        qualification = AssessorQualification.objects.get(teacher=self.teacher_person)
        self.assertEqual(qualification.role, AssessorRole.ASSESSOR)
        self.assertEqual(qualification.certificate, self.cert)
        self.assertEqual(qualification.number, training.qualification_number)
        self.assertEqual(qualification.valid_from, training.ends_on)
        self.assertGreater(qualification.valid_until, training.ends_on)
        self.assertTrue(AuditEvent.objects.filter(action="assessor_qualification.create").exists())
        # The new assessor counts in the pool (Table 1).
        pool = assessor_counts(institution_id=self.inst.pk, on_date=training.ends_on)
        self.assertEqual(pool.total, 1)

    def test_qualifying_as_supervisor_creates_a_supervisor_qualification(self):
        self.record(outcome=TrainingOutcome.QUALIFIED_SUPERVISOR)
        self.assertEqual(AssessorQualification.objects.get().role, AssessorRole.SUPERVISOR)

    def test_attending_creates_no_qualification(self):
        self.record(outcome=TrainingOutcome.ATTENDED)
        self.assertEqual(TeacherTraining.objects.count(), 1)
        self.assertFalse(AssessorQualification.objects.exists())

    def test_it_refuses_a_qualifying_training_without_certificate_and_level(self):
        with self.assertRaises(ValidationError):
            self.record(certificate=None)
        self.assertFalse(TeacherTraining.objects.exists())

    def test_it_refuses_a_level_the_certificate_does_not_have(self):
        with self.assertRaises(ValidationError):
            self.record(level=Level.SENIOR)

    def test_a_coordinator_records_for_their_department_only(self):
        self.record(actor=self.coordinator)
        with self.assertRaises(PermissionDenied):
            self.record(actor=self.coordinator_other)

    def test_a_teacher_records_their_own_attendance_but_not_a_qualification(self):
        self.record(actor=self.teacher, outcome=TrainingOutcome.ATTENDED)
        with self.assertRaises(PermissionDenied):
            self.record(actor=self.teacher)
        with self.assertRaises(PermissionDenied):
            self.record(actor=self.teacher, teacher=self.teacher_other_person, outcome=TrainingOutcome.ATTENDED)

    def test_it_refuses_finance_leadership_and_other_institutions(self):
        for actor in (self.finance, self.leader, self.student, self.office2, self.province):
            with self.subTest(actor=actor.username), self.assertRaises(PermissionDenied):
                self.record(actor=actor)

    def test_summaries_count_trainings_teachers_hours_and_qualifications(self):
        self.record()
        self.record(
            outcome=TrainingOutcome.ATTENDED,
            hours=Decimal("8"),
            starts_on=dt.date(2024, 3, 1),
            ends_on=dt.date(2024, 3, 1),
        )
        self.record(teacher=self.teacher_other_person, outcome=TrainingOutcome.ATTENDED, hours=Decimal("6"))
        trainings = TeacherTraining.objects.all()
        by_cert = teacher_training_summary(trainings, by="certificate")
        self.assertEqual(len(by_cert), 1)
        self.assertEqual(by_cert[0]["trainings"], trainings.count())
        self.assertEqual(by_cert[0]["teachers"], 2)
        self.assertEqual(by_cert[0]["hours"], sum(t.hours for t in trainings))
        self.assertEqual(by_cert[0]["qualified"], 1)
        by_dept = {r["label"]: r for r in teacher_training_summary(trainings, by="department")}
        self.assertEqual(by_dept[self.dept.name]["trainings"], 2)
        self.assertEqual(by_dept[self.dept_other.name]["hours"], Decimal("6"))
        by_year = {r["label"]: r["trainings"] for r in teacher_training_summary(trainings, by="year")}
        self.assertEqual(by_year, {2023: 2, 2024: 1})


class PageTests(TeacherTrainingTestCase):
    def statuses(self, url, expected):
        for name in EVERYONE:
            with self.subTest(user=name):
                self.client.force_login(self.all_users()[name])
                self.assertEqual(self.client.get(url).status_code, expected[name])

    def test_the_training_list_opens_for_office_coordinators_leadership_and_teachers(self):
        ok = {n: 200 for n in EVERYONE} | {"finance": 403, "student": 403, "province": 403}
        self.statuses(reverse("training:teacher_trainings"), ok)

    def test_a_teachers_page_opens_inside_their_department_and_for_themselves(self):
        expected = {
            "office": 200,
            "coordinator": 200,
            "coordinator_other": 404,
            "teacher": 200,
            "finance": 403,
            "leader": 200,
            "student": 403,
            "province": 403,
            "office2": 404,
        }
        self.statuses(reverse("training:teacher", args=[self.teacher_person.pk]), expected)

    def test_the_assessor_pool_shows_the_count_per_certificate(self):
        self.record()
        ok = {n: 403 for n in EVERYONE} | {
            "office": 200,
            "coordinator": 200,
            "coordinator_other": 200,
            "leader": 200,
            "office2": 200,
        }
        self.statuses(reverse("training:assessor_pool") + "?on=2023-06-01", ok)
        self.client.force_login(self.office)
        response = self.client.get(reverse("training:assessor_pool") + "?on=2023-06-01")
        self.assertEqual(response.context["counts"].total, 1)
        self.client.force_login(self.office2)
        response = self.client.get(reverse("training:assessor_pool") + "?on=2023-06-01")
        self.assertEqual(response.context["counts"].total, 0)

    def test_recording_on_the_page_creates_the_qualification(self):
        self.client.force_login(self.coordinator)
        data = {
            "teacher": self.teacher_person.pk,
            "programme": "考评员培训",
            "organizer": "测试评价组织有限公司",
            "certificate": self.cert.pk,
            "level": Level.INTERMEDIATE,
            "starts_on": "2023-04-01",
            "ends_on": "2023-04-03",
            "hours": "24",
            "outcome": TrainingOutcome.QUALIFIED_ASSESSOR,
        }
        response = self.client.post(reverse("training:teacher_training_create"), data)
        self.assertRedirects(response, reverse("training:teacher", args=[self.teacher_person.pk]))
        self.assertTrue(AssessorQualification.objects.filter(teacher=self.teacher_person).exists())

    def test_a_coordinator_cannot_record_for_another_department_on_the_page(self):
        self.client.force_login(self.coordinator_other)
        data = {
            "teacher": self.teacher_person.pk,
            "programme": "x",
            "organizer": "y",
            "starts_on": "2023-04-01",
            "ends_on": "2023-04-01",
            "hours": "1",
            "outcome": TrainingOutcome.ATTENDED,
        }
        self.client.post(reverse("training:teacher_training_create"), data)
        self.assertFalse(TeacherTraining.objects.exists())
