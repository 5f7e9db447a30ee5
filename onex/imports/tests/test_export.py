import datetime as dt
import io
import json
import tempfile
from pathlib import Path

from django.core.management import call_command
from python_calamine import CalamineWorkbook

from onex.audit.models import AuditEvent
from onex.core.spreadsheets import formula_safe, write_csv, write_xlsx
from onex.imports.export import EXPORT_HEADERS
from onex.org import services as org
from onex.pilots.services import registration_create, registration_update
from testsupport.base import OneXTestCase, make_id_number


def test_values_that_could_run_as_formulas_are_escaped():
    for value in ("=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx"):
        assert formula_safe(value).startswith("'")
    assert formula_safe("张三") == "张三"
    assert formula_safe("") == ""


def test_csv_and_xlsx_writers_escape_every_cell(tmp_path):
    buf = io.StringIO()
    write_csv(buf, headers=["a"], rows=[['=HYPERLINK("x")'], ["ok"]])
    assert buf.getvalue().splitlines()[1].startswith("\"'=HYPERLINK")
    path = tmp_path / "w.xlsx"
    write_xlsx(str(path), headers=["a", "b"], rows=[["=cmd|' /C calc'!A0", "440902200401019105"]], text_columns=[1])
    cells = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    assert cells[1][0].startswith("'=")
    assert cells[1][1] == "440902200401019105"


class TestExportRoster(OneXTestCase):
    def test_the_export_has_the_national_platform_columns_and_full_id_numbers_as_text(self):
        student = org.student_create(
            institution=self.inst,
            name="=危险",
            id_number=make_id_number(44),
            student_number="S044",
            phone="13800138000",
            gender="F",
            class_group=self.klass,
        )
        registration = registration_create(pilot=self.pilot, student=student, applied_on=dt.date(2023, 3, 1))
        # Only sign-ups the department approved (or already filed) go to the national platform.
        registration_update(registration=registration, department_approved_on=dt.date(2023, 3, 2))
        out = Path(tempfile.mkdtemp()) / "roster.xlsx"
        stdout = io.StringIO()
        call_command("export_roster", "--institution", "AAA", "--year", "2023", "--output", str(out), stdout=stdout)
        assert json.loads(stdout.getvalue())["rows"] == 2
        rows = CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0).to_python()
        assert rows[0] == EXPORT_HEADERS
        mine = next(r for r in rows if r[8] == "S044")
        assert mine[0] == "'=危险"
        assert mine[2] == make_id_number(44) and isinstance(mine[2], str)
        assert mine[9] == "13800138000" and isinstance(mine[9], str)
        assert mine[3:8] == ["女", "甲职业学院", "农学系", "畜牧兽医", "畜牧2201"]
        assert mine[10:] == ["测试证书", "中级"]
        assert AuditEvent.objects.filter(action="registration.export").count() == 1

    def test_the_export_can_be_limited_to_one_certificate_and_level(self):
        registration_update(registration=self.registration_other, department_approved_on=dt.date(2024, 3, 2))
        out = Path(tempfile.mkdtemp()) / "one.xlsx"
        call_command(
            "export_roster",
            "--institution",
            "AAA",
            "--year",
            "2024",
            "--certificate",
            "测试证书",
            "--level",
            "中级",
            "--output",
            str(out),
            stdout=io.StringIO(),
        )
        rows = CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0).to_python()
        assert [r[0] for r in rows[1:]] == ["钱四"]
