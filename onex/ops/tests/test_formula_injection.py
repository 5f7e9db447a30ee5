"""Every export OneX writes, checked for formula injection.

Names of institution A's rows are seeded with values that a spreadsheet program
would run (``= + - @``, a tab, a carriage return); every xlsx, CSV and docx the
product offers is then downloaded as its users would, read back (the sheet XML
and python-calamine, the csv module, python-docx) and checked: no cell is a
formula, no text cell starts with a character that starts one, and the seeded
values are there, escaped with an apostrophe.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from typing import Any

import docx
from django.urls import reverse
from python_calamine import CalamineWorkbook

from onex.accounts.tests.admin_world import AdminWorldTestCase
from onex.core.spreadsheets import FORMULA_STARTS
from onex.imports.tests.files import roster_row, write_xlsx
from onex.reports.datastandard import TABLES
from testsupport.base import make_id_number

# One hostile value per field, each starting differently.
HOSTILE = {
    "department": "=SUM(1,1)农学系",
    "student": "+SUM(2,2)张三",
    "teacher": "-SUM(3,3)李老师",
    "class": "@SUM(4,4)畜牧2201",
    "major": "\t=SUM(5,5)畜牧兽医",
    "certificate": "\r=SUM(6,6)测试证书",
    "site": '=HYPERLINK("http://example.invalid","站点")',
    "room": "+7考场",
    "course": "-8课程",
}
ESCAPED = {"'" + v for v in HOSTILE.values()}
FORMULA_ELEMENT = re.compile(rb"<f[ >/]")


class FormulaInjection(AdminWorldTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        a = cls.world.a
        renames: list[tuple[Any, str, str]] = [
            (cls.dept, "name", "department"),
            (cls.student_person, "name", "student"),
            (cls.teacher_person, "name", "teacher"),
            (cls.klass, "name", "class"),
            (cls.major, "name", "major"),
            (cls.cert, "name", "certificate"),
            (a["exams.examsite"], "name", "site"),
            (a["exams.examroom"], "name", "room"),
            (a["credentials.course"], "name", "course"),
        ]
        for row, field, key in renames:
            setattr(row, field, HOSTILE[key])
            row.save(update_fields=[field])
        a["credentials.issuedcertificate"].registration.pilot.certificate = cls.cert

    # Reading back.
    def cells_of_xlsx(self, content: bytes, where: str) -> list[Any]:
        with zipfile.ZipFile(io.BytesIO(content)) as z:
            for name in z.namelist():
                if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                    self.assertIsNone(FORMULA_ELEMENT.search(z.read(name)), f"{where}: {name} holds a formula")
        book = CalamineWorkbook.from_filelike(io.BytesIO(content))
        cells: list[Any] = []
        for sheet in book.sheet_names:
            for row in book.get_sheet_by_name(sheet).to_python():
                cells.extend(row)
        return cells

    def cells_of_csv(self, content: bytes) -> list[Any]:
        text = content.decode("utf-8-sig")
        return [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]

    def texts_of_docx(self, content: bytes, where: str) -> list[str]:
        with zipfile.ZipFile(io.BytesIO(content)) as z:
            body = z.read("word/document.xml")
        for marker in (b"w:fldSimple", b"w:instrText", b"DDE"):
            self.assertNotIn(marker, body, f"{where}: the document holds a field ({marker!r})")
        document = docx.Document(io.BytesIO(content))
        texts = [p.text for p in document.paragraphs]
        for table in document.tables:
            texts.extend(cell.text for row in table.rows for cell in row.cells)
        return texts

    def assert_safe(self, cells: list[Any], where: str, *, seeded: int = 1) -> int:
        texts = [c for c in cells if isinstance(c, str)]
        runnable = [c for c in texts if c and c[0] in FORMULA_STARTS]
        self.assertEqual(runnable, [], f"{where}: cells that a spreadsheet program would run")
        found = {c for c in texts if c in ESCAPED}
        self.assertGreaterEqual(len(found), seeded, f"{where}: the seeded values did not reach the export")
        return len(found)

    def download(self, user: Any, url: str, method: str = "get", data: Any = None) -> bytes:
        self.client.force_login(user)
        response = getattr(self.client, method)(url, data or {})
        self.assertEqual(response.status_code, 200, url)
        if getattr(response, "streaming", False):
            return b"".join(response.streaming_content)
        return response.content

    # The exports.
    def test_the_roster_export_escapes_every_formula(self) -> None:
        content = self.download(self.office, reverse("imports:export"), "post", {"export-year": 2023})
        self.assert_safe(self.cells_of_xlsx(content, "roster export"), "roster export", seeded=4)

    def test_the_error_workbook_of_an_import_escapes_the_rejected_rows(self) -> None:
        import tempfile
        from pathlib import Path

        from onex.imports.services import roster_import

        tmp = Path(tempfile.mkdtemp())
        rows = [
            roster_row(HOSTILE["student"], "=1+1", department=HOSTILE["department"], class_group=HOSTILE["class"]),
            roster_row("正常", make_id_number(40), major=HOSTILE["major"], phone="@SUM(9,9)"),
        ]
        path = write_xlsx(tmp / "hostile.xlsx", rows)
        summary = roster_import(path=path, institution=self.inst, year=2023, errors_path=tmp / "errors.xlsx")
        self.assertTrue(summary.errors_file)
        cells = self.cells_of_xlsx(Path(summary.errors_file).read_bytes(), "error workbook")
        self.assert_safe(cells, "error workbook", seeded=2)

    def test_the_sign_in_sheet_escapes_every_formula(self) -> None:
        session = self.world.a["exams.examsession"]
        content = self.download(self.office, reverse("exams:sign_in_sheet", args=[session.pk]))
        self.assert_safe(self.cells_of_xlsx(content, "sign-in sheet"), "sign-in sheet", seeded=1)

    def test_subsidy_statements_escape_every_formula(self) -> None:
        statement = self.world.a["finance.subsidystatement"]
        for url in (
            reverse("finance:statement_export", args=[statement.pk]),
            reverse("finance:year_export") + "?year=2023",
        ):
            content = self.download(self.finance, url)
            self.assert_safe(self.cells_of_xlsx(content, url), url, seeded=2)

    def test_the_credit_conversion_export_escapes_every_formula(self) -> None:
        content = self.download(self.office, reverse("credentials:conversions_export"))
        self.assert_safe(self.cells_of_xlsx(content, "conversions"), "conversions", seeded=1)

    def test_the_report_attachments_and_data_tables_escape_every_formula(self) -> None:
        base = "/reports/AAA/2023"
        for which in ("pilots", "sites"):
            url = f"{base}/attachments/{which}.xlsx"
            self.assert_safe(self.cells_of_xlsx(self.download(self.office, url), url), url)
        for table in TABLES:
            url = f"{base}/data/{table}.xlsx"
            self.assert_safe(self.cells_of_xlsx(self.download(self.office, url), url), url)
            url = f"{base}/data/{table}.csv"
            self.assert_safe(self.cells_of_csv(self.download(self.office, url)), url)

    def test_the_report_document_holds_no_field_and_shows_names_as_text(self) -> None:
        url = "/reports/AAA/2023/report.docx"
        texts = self.texts_of_docx(self.download(self.office, url), url)
        self.assertTrue(any("SUM(6,6)测试证书" in t for t in texts), "the seeded certificate name is not in the report")

    def test_every_dashboard_table_download_escapes_every_formula(self) -> None:
        pages = {
            self.office: reverse("portal_office"),
            self.leader: reverse("portal_leadership"),
            self.finance: reverse("portal_finance"),
            self.coordinator: reverse("portal_department"),
        }
        downloads = seeded = 0
        for user, page in pages.items():
            html = self.download(user, page + "?year=2023").decode()
            for key in sorted(set(re.findall(r'data-download="([^"]+)"', html))):
                content = self.download(user, f"{page}?year=2023&download={key}")
                seeded += self.assert_safe(self.cells_of_xlsx(content, f"{page} {key}"), f"{page} {key}", seeded=0)
                downloads += 1
        self.assertGreater(downloads, 0, "no dashboard offers a download")
        self.assertGreater(seeded, downloads // 2, "the seeded names reached too few dashboard tables")
