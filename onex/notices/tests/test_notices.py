import datetime as dt

from django.core.exceptions import PermissionDenied

from onex.audit.models import AuditEvent
from onex.notices.models import Audience, NoticeReceipt
from onex.notices.selectors import publicity_figures
from onex.notices.services import notice_publish
from testsupport.base import OneXTestCase


class NoticeServiceTestCase(OneXTestCase):
    def test_a_notice_to_everyone_reaches_every_user_of_the_institution_only(self):
        notice = notice_publish(
            actor=self.office, title="报名通知", body="请于周五前报名。", audience=Audience.EVERYONE
        )
        reached = set(NoticeReceipt.objects.filter(notice=notice).values_list("user__username", flat=True))
        self.assertIn("sam", reached)
        self.assertIn("tom", reached)
        self.assertNotIn("sue", reached)
        self.assertNotIn("charlie", reached)
        self.assertTrue(AuditEvent.objects.filter(action="notice.publish", target_id=str(notice.pk)).exists())

    def test_a_notice_to_a_pilot_reaches_its_candidates(self):
        notice = notice_publish(
            actor=self.office, title="考试安排", body="考试时间另行通知。", audience=Audience.PILOT, pilot=self.pilot
        )
        reached = set(NoticeReceipt.objects.filter(notice=notice).values_list("user__username", flat=True))
        self.assertEqual(reached, {"sam"})

    def test_a_coordinator_publishes_only_to_its_own_department(self):
        notice_publish(
            actor=self.coordinator, title="系部通知", body="内容", audience=Audience.DEPARTMENT, department=self.dept
        )
        with self.assertRaises(PermissionDenied):
            notice_publish(
                actor=self.coordinator, title="x", body="x", audience=Audience.DEPARTMENT, department=self.dept_other
            )
        with self.assertRaises(PermissionDenied):
            notice_publish(actor=self.coordinator, title="x", body="x", audience=Audience.EVERYONE)

    def test_students_and_teachers_cannot_publish(self):
        for user in (self.student, self.teacher, self.finance, self.leader):
            with self.assertRaises(PermissionDenied):
                notice_publish(actor=user, title="x", body="x", audience=Audience.EVERYONE)


class NoticeViewTestCase(OneXTestCase):
    def publish(self):
        return notice_publish(actor=self.office, title="宣传周", body="欢迎参加。", audience=Audience.EVERYONE)

    def test_confirming_a_notice_records_the_read_and_the_figures_follow(self):
        notice = self.publish()
        year = notice.published_at.year
        before = publicity_figures(institution_id=self.inst.pk, year=year)
        self.client.force_login(self.student)
        self.assertContains(self.client.get("/notices/mine/"), "宣传周")
        page = self.client.get(f"/notices/mine/{notice.pk}/")
        self.assertContains(page, "欢迎参加。")
        self.assertContains(page, "我已阅读此通知")
        opened = publicity_figures(institution_id=self.inst.pk, year=year)
        self.assertEqual(opened["read"], before["read"], "opening the page records nothing")
        self.client.post(f"/notices/mine/{notice.pk}/")
        after = publicity_figures(institution_id=self.inst.pk, year=year)
        self.assertEqual(after["read"], before["read"] + 1)
        self.assertEqual(after["reached"], before["reached"])
        self.assertEqual(after["notices"], 1)

    def test_a_notice_not_addressed_to_the_reader_is_a_404(self):
        notice = self.publish()
        self.client.force_login(self.student2)
        self.assertEqual(self.client.get(f"/notices/mine/{notice.pk}/").status_code, 404)

    def test_the_office_sees_reach_and_reads_per_notice(self):
        notice = self.publish()
        self.client.force_login(self.office)
        r = self.client.get("/notices/")
        reached = NoticeReceipt.objects.filter(notice=notice).count()
        self.assertContains(r, f'data-reached="{reached}"')
        self.assertContains(r, 'data-read="0"')

    def test_the_office_of_another_institution_gets_404_for_the_notice(self):
        notice = self.publish()
        self.client.force_login(self.office2)
        self.assertEqual(self.client.get(f"/notices/{notice.pk}/").status_code, 404)
        self.assertNotContains(self.client.get("/notices/"), "宣传周")

    def test_students_and_teachers_cannot_open_the_staff_pages(self):
        for user in (self.student, self.teacher):
            self.client.force_login(user)
            self.assertEqual(self.client.get("/notices/").status_code, 403)
            self.assertEqual(self.client.get("/notices/new/").status_code, 403)

    def test_the_office_publishes_through_the_form(self):
        self.client.force_login(self.office)
        r = self.client.post("/notices/new/", {"title": "新通知", "body": "正文", "audience": "teachers"})
        self.assertEqual(r.status_code, 302)
        self.assertEqual(NoticeReceipt.objects.filter(notice__title="新通知").count(), 1)

    def test_the_form_refuses_a_department_audience_without_a_department(self):
        self.client.force_login(self.office)
        r = self.client.post("/notices/new/", {"title": "x", "body": "x", "audience": "department"})
        self.assertEqual(r.status_code, 200)
        self.assertFalse(NoticeReceipt.objects.filter(notice__title="x").exists())

    def test_publicity_figures_count_only_the_year(self):
        self.publish()
        self.assertEqual(publicity_figures(institution_id=self.inst.pk, year=dt.date.today().year - 5)["notices"], 0)
