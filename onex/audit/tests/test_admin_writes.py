"""The back office is no second write path: what a service writes, the admin only shows.

Exam sessions (排考), seats (考位), registrations (报名), training (培训, 考勤), results (成绩),
certificates (证书), money (预算, 支出, 课酬补贴) and notices (通知) are written by their
services on the work pages; posting to the admin's add, change or delete pages is
refused for the 1+X office and for a superuser alike, and leaves the rows as they were.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.apps import apps
from django.db.models import Model
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils import timezone, translation

from onex.accounts.tests.admin_world import AdminWorldTestCase
from onex.exams.models import ExamRoom, ExamSession, ExamSite
from onex.exams.services import scheduling

# Written by a service behind a work page (listed here by hand, not read from the policy).
SERVICE_WRITTEN = (
    "pilots.registration",
    "training.trainingsession",
    "training.attendance",
    "training.teachertraining",
    "exams.examsite",
    "exams.examroom",
    "exams.siteusage",
    "exams.examsession",
    "exams.seat",
    "exams.assessorqualification",
    "exams.assessorassignment",
    "exams.result",
    "credentials.issuedcertificate",
    "credentials.coursemodulemap",
    "credentials.creditconversion",
    "finance.budget",
    "finance.budgetallocation",
    "finance.expense",
    "finance.subsidyrule",
    "finance.workloadentry",
    "finance.subsidystatement",
    "finance.subsidyline",
    "notices.notice",
    "notices.noticereceipt",
    "reports.annualreport",
    "reports.reportsubmission",
    "imports.importjob",
)


def form_data(row: Model) -> dict[str, Any]:
    """The row's own values as a form would post them (related rows by id)."""
    data = {}
    for name, value in model_to_dict(row).items():
        if isinstance(value, list):
            value = [getattr(item, "pk", item) for item in value]
        elif isinstance(value, dt.datetime):
            data[f"{name}_0"], data[f"{name}_1"] = value.date().isoformat(), value.time().isoformat()
        if value is not None:
            data[name] = value if not isinstance(value, dt.date | dt.datetime) else value.isoformat()
    return data


def aware(year: int, month: int, day: int, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime(year, month, day, hour))


class TheAdminWritesNoServiceWrittenRow(AdminWorldTestCase):
    def assert_every_write_refused(self, user: Any) -> None:
        self.client.force_login(user)
        for label in SERVICE_WRITTEN:
            with self.subTest(label=label, user=user.username):
                model = apps.get_model(label)
                row = self.world.a[label]
                info = (model._meta.app_label, model._meta.model_name)
                count = model._default_manager.count()
                before = model_to_dict(row)
                data = form_data(row)
                add = self.client.post(reverse("admin:{}_{}_add".format(*info)), data)
                change = self.client.post(reverse("admin:{}_{}_change".format(*info), args=[row.pk]), data)
                delete = self.client.post(reverse("admin:{}_{}_delete".format(*info), args=[row.pk]), {"post": "yes"})
                self.assertEqual([add.status_code, change.status_code, delete.status_code], [403, 403, 403])
                self.assertEqual(model._default_manager.count(), count)
                self.assertEqual(model_to_dict(model._default_manager.get(pk=row.pk)), before)

    def test_the_office_may_add_change_or_delete_none_of_them(self) -> None:
        self.assert_every_write_refused(self.office)

    def test_nor_may_a_superuser(self) -> None:
        self.assert_every_write_refused(self.superuser)

    def test_the_office_still_reads_them(self) -> None:
        self.client.force_login(self.office)
        row = self.world.a["exams.examsession"]
        self.assertEqual(self.client.get(reverse("admin:exams_examsession_change", args=[row.pk])).status_code, 200)


class AnExamSessionTheSchedulingServiceRefuses(AdminWorldTestCase):
    """A 2023 pilot, a session dated 2026, at a site not accredited for the pilot's certificate."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.site = ExamSite.objects.create(institution=cls.inst, name="未认证站点", organization=cls.org_)
        cls.room = ExamRoom.objects.create(site=cls.site, name="未认证考场", seats=40)
        cls.starts_at, cls.ends_at = aware(2026, 6, 1, 9), aware(2026, 6, 1, 11)

    def post(self, user: Any) -> Any:
        self.client.force_login(user)
        return self.client.post(
            reverse("admin:exams_examsession_add"),
            {
                "pilot": self.pilot.pk,
                "room": self.room.pk,
                "kind": "both",
                "starts_at_0": "2026-06-01",
                "starts_at_1": "09:00:00",
                "ends_at_0": "2026-06-01",
                "ends_at_1": "11:00:00",
            },
        )

    def test_the_service_refuses_it_for_the_year_and_the_accreditation(self) -> None:
        with translation.override("en"):
            problems = scheduling.year_problems(
                pilot=self.pilot, starts_at=self.starts_at, ends_at=self.ends_at
            ) + scheduling.room_problems(
                pilot=self.pilot, room=self.room, starts_at=self.starts_at, ends_at=self.ends_at
            )
        self.assertEqual(
            problems,
            [
                "The session falls outside the pilot's year 2023.",
                f"Site 未认证站点 is not accredited for the certificate {self.cert.name}.",
            ],
        )

    def test_the_office_cannot_save_it_in_the_admin(self) -> None:
        self.assertEqual(self.post(self.office).status_code, 403)
        self.assertFalse(ExamSession.objects.filter(room=self.room).exists())

    def test_nor_can_a_superuser(self) -> None:
        self.assertEqual(self.post(self.superuser).status_code, 403)
        self.assertFalse(ExamSession.objects.filter(room=self.room).exists())
