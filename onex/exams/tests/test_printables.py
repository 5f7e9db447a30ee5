import re
import shutil
import tempfile
import unittest
import zlib
from io import BytesIO, StringIO
from pathlib import Path

from django.core.management import CommandError, call_command
from django.urls import reverse
from python_calamine import CalamineWorkbook

from onex.exams import printables
from onex.exams.models import ExamKind
from onex.exams.services.scheduling import exam_sessions_schedule
from onex.org import services as org
from onex.pilots.models import Registration
from testsupport.base import make_id_number

from .base import ExamTestCase, at


def sheet_rows(data: bytes) -> list[list]:
    book = CalamineWorkbook.from_filelike(BytesIO(data))
    return book.get_sheet_by_index(0).to_python()


class PrintableTests(ExamTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        student = org.student_create(
            institution=cls.inst,
            name='=HYPERLINK("http://x")',
            id_number=make_id_number(40),
            student_number="S40",
            class_group=cls.klass,
        )
        cls.tricky = Registration.objects.create(
            pilot=cls.pilot, student=student, applied_on=cls.registration.applied_on, filed_on=cls.registration.filed_on
        )
        [cls.session] = exam_sessions_schedule(
            actor=None,
            pilot=cls.pilot,
            rooms=[cls.room_a],
            kind=ExamKind.THEORY,
            starts_at=at("2023-11-18", 9),
            ends_at=at("2023-11-18", 11),
            registrations=[cls.registration, cls.tricky],
        )

    def test_the_sign_in_sheet_lists_seats_with_masked_id_numbers(self):
        rows = sheet_rows(printables.sign_in_workbook(self.session))
        self.assertIn("签到表", rows[0][0])
        self.assertEqual(rows[1][:6], ["座位号", "姓名", "证件号码", "班级", "考场", "时间"])
        first = rows[2]
        self.assertEqual(first[0], 1)
        self.assertEqual(first[1], "张三")
        self.assertEqual(first[2], self.student_person.id_number_masked)
        self.assertIn("*", first[2])
        self.assertNotIn(make_id_number(1), str(rows))
        self.assertEqual(first[4], "农林考核站点 A101")
        self.assertEqual(first[5], "2023-11-18 09:00–11:00")

    def test_the_sign_in_sheet_is_formula_safe(self):
        rows = sheet_rows(printables.sign_in_workbook(self.session))
        self.assertEqual(rows[3][1], '\'=HYPERLINK("http://x")')

    def test_the_sign_in_sheet_downloads_as_xlsx(self):
        self.client.force_login(self.office)
        response = self.client.get(reverse("exams:sign_in_sheet", args=[self.session.pk]))
        self.assertEqual(response["Content-Type"], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        self.assertEqual(sheet_rows(response.content)[2][1], "张三")

    def test_the_tickets_page_has_one_ticket_per_seat(self):
        self.client.force_login(self.office)
        response = self.client.get(reverse("exams:tickets", args=[self.session.pk]))
        self.assertContains(response, "准考证", count=None)
        self.assertContains(response, 'class="ticket"', count=2)
        self.assertContains(response, self.student_person.id_number_masked)
        self.assertNotContains(response, make_id_number(1))
        self.assertNotContains(response, "<script src")

    def test_the_seat_plan_names_every_seat(self):
        self.client.force_login(self.coordinator)
        response = self.client.get(reverse("exams:seat_plan", args=[self.session.pk]))
        self.assertContains(response, "张三")
        self.assertContains(response, '<td class="empty">', count=1)

    @unittest.skipUnless(printables.chromium_binary(), "needs Chromium")
    def test_the_tickets_pdf_embeds_a_cjk_font_and_maps_the_chinese_text(self):
        self.client.force_login(self.office)
        response = self.client.get(reverse("exams:tickets_pdf", args=[self.session.pk]))
        self.assertEqual(response["Content-Type"], "application/pdf")
        pdf = response.content
        self.assertTrue(pdf.startswith(b"%PDF"))
        self.assertRegex(pdf, rb"/FontName /[A-Z]{6}\+NotoSans(Mono)?CJK")
        # The ToUnicode maps of the embedded fonts carry 准 (U+51C6) and 张 (U+5F20).
        text = b""
        for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
            try:
                text += zlib.decompress(stream)
            except zlib.error:
                continue
        self.assertIn(b"<51c6>", text.lower())
        self.assertIn(b"<5f20>", text.lower())


class ExamRosterCommandTests(ExamTestCase):
    def test_it_writes_one_workbook_per_session_of_the_year(self):
        exam_sessions_schedule(
            actor=None,
            pilot=self.pilot,
            rooms=[self.room_a, self.room_b],
            kind=ExamKind.THEORY,
            starts_at=at("2023-11-18", 9),
            ends_at=at("2023-11-18", 11),
            registrations=self.regs,
        )
        out = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, out)
        call_command("exam_roster", institution="AAA", year=2023, output=str(out), stdout=StringIO(), stderr=StringIO())
        files = sorted(out.glob("*.xlsx"))
        self.assertEqual(len(files), 2)
        rows = sheet_rows(files[0].read_bytes())
        self.assertEqual(rows[1][:5], ["座位号", "姓名", "证件号码", "班级", "考场"])
        self.assertEqual(len(rows) - 2, 3)
        self.assertTrue(all("*" in row[2] for row in rows[2:]))

    def test_it_writes_nothing_for_another_year(self):
        out = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, out)
        call_command("exam_roster", institution="AAA", year=2024, output=str(out), stdout=StringIO(), stderr=StringIO())
        self.assertEqual(list(out.iterdir()), [])

    def test_it_refuses_an_unknown_institution(self):
        with self.assertRaises(CommandError):
            call_command("exam_roster", institution="NOPE", year=2023, output=tempfile.gettempdir())
