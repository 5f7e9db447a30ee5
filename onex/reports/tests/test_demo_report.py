"""The demo's 2023 report, written to .docx and xlsx and read back."""

import datetime as dt
import io
import tempfile
import unittest
from decimal import Decimal
from pathlib import Path

from django.core.management import CommandError, call_command
from django.test import TestCase
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt
from python_calamine import CalamineWorkbook

from onex.exams.models import AssessorQualification, AssessorRole
from onex.exams.selectors import assessor_counts
from onex.finance.figures import year_figures
from onex.finance.models import Budget
from onex.org.models import Institution
from onex.pilots.models import Registration
from onex.reports.bundle import build_report_bundle, libreoffice
from onex.reports.document import report_document
from onex.reports.docx_writer import docx_bytes
from onex.reports.services import annual_report_save

DEMO_CODE = "GDMMNL"
YEAR = 2023


def read_docx(content: bytes):
    return Document(io.BytesIO(content))


def body_text(document) -> str:
    return "\n".join(p.text for p in document.paragraphs)


def sheet(path_or_bytes):
    if isinstance(path_or_bytes, bytes):
        book = CalamineWorkbook.from_filelike(io.BytesIO(path_or_bytes))
    else:
        book = CalamineWorkbook.from_path(str(path_or_bytes))
    return book.get_sheet_by_index(0).to_python()


class DemoReportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_demo", verbosity=0)
        cls.inst = Institution.objects.get(code=DEMO_CODE)

    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp(prefix="onex-report-test-"))

    def generate(self) -> Document:
        out = self.tmp / "report.docx"
        call_command(
            "annual_report",
            institution=DEMO_CODE,
            year=YEAR,
            output=str(out),
            attachments=str(self.tmp),
            no_pdf=True,
            stdout=io.StringIO(),
        )
        return Document(str(out))

    def table1(self, document):
        table = document.tables[0]
        return [[c.text for c in row.cells] for row in table.rows]

    # ---------------------------------------------------------------- the figures

    def test_the_opening_names_the_certificates_and_says_the_selectors_figures(self):
        figures = year_figures(institution_id=self.inst.pk, year=YEAR)
        text = body_text(self.generate())
        for pilot in figures.pilots:
            self.assertIn(f"{pilot.certificate.name}（中级）", text)
        t = figures.totals
        self.assertIn(f"备案人数{t.registered}人，完成考核人数{t.completed}人，完成率为{t.completion_rate}%", text)

    def test_the_demo_reproduces_the_seed_report(self):
        text = body_text(self.generate())
        for name in ("农业经济组织经营管理", "宠物护理与美容", "家庭农场畜禽养殖"):
            self.assertIn(f"{name}职业技能等级证书（中级）", text)
        self.assertIn("共计3个证书试点", text)
        self.assertIn("备案人数450人，完成考核人数411人，完成率为91.33%", text)
        self.assertIn("2023年“1+X”证书经费预算为1116600元", text)
        rows = self.generate().tables[0].rows
        self.assertEqual(len(rows), 1 + 12 + 1)
        self.assertEqual([c.text for c in rows[-1].cells], ["小计", "39"])

    def test_table_1_lists_the_assessor_counts_on_the_report_date_with_their_sum(self):
        counts = assessor_counts(institution_id=self.inst.pk, on_date=dt.date(2025, 5, 4))
        rows = self.table1(self.generate())
        self.assertEqual(rows[0], ["1+X证书名称", "考评员人数"])
        self.assertEqual(rows[1:-1], [[r.certificate.name, str(r.assessors)] for r in counts.rows])
        self.assertEqual(rows[-1], ["小计", str(counts.total)])

    def test_the_funding_section_says_the_years_budget(self):
        budget = year_figures(institution_id=self.inst.pk, year=YEAR).budget
        self.assertEqual(budget, Decimal("1116600.00"))
        text = body_text(self.generate())
        self.assertIn(f"经费预算为{budget:.0f}元", text)

    # ------------------------------------------------------- changing the data

    def test_withdrawing_a_registration_changes_the_opening(self):
        before = year_figures(institution_id=self.inst.pk, year=YEAR).totals
        reg = Registration.objects.filter(
            pilot__institution=self.inst, pilot__year=YEAR, filed_on__isnull=False, withdrawn_on__isnull=True
        ).first()
        reg.withdrawn_on = reg.filed_on
        reg.save()
        after = year_figures(institution_id=self.inst.pk, year=YEAR).totals
        self.assertEqual(after.registered, before.registered - 1)
        text = body_text(self.generate())
        self.assertIn(f"备案人数{after.registered}人", text)
        self.assertNotIn(f"备案人数{before.registered}人", text)
        self.assertIn(f"完成率为{after.completion_rate}%", text)

    def test_a_new_assessor_and_a_new_budget_line_change_table_1_and_the_funding(self):
        counts = assessor_counts(institution_id=self.inst.pk, on_date=dt.date(2025, 5, 4))
        row = counts.rows[0]
        already = AssessorQualification.objects.filter(certificate=row.certificate).values_list("teacher_id", flat=True)
        teacher = self.inst.teacher_set.exclude(pk__in=already).first()
        AssessorQualification.objects.create(
            teacher=teacher,
            certificate=row.certificate,
            level="intermediate",
            role=AssessorRole.ASSESSOR,
            valid_from=dt.date(2024, 1, 1),
            valid_until=dt.date(2027, 12, 31),
        )
        Budget.objects.create(institution=self.inst, year=YEAR, source="演示追加经费", amount=Decimal("1000.50"))
        document = self.generate()
        rows = self.table1(document)
        self.assertIn([row.certificate.name, str(row.assessors + 1)], rows)
        self.assertEqual(rows[-1], ["小计", str(counts.total + 1)])
        self.assertIn("经费预算为1117600.50元", body_text(document))

    def test_the_office_narrative_appears_under_its_heading(self):
        annual_report_save(
            actor=self._office(),
            institution=self.inst,
            year=YEAR,
            sections={"problems": "社会对证书的认可度仍需提高。", "next_steps": "一是扩大覆盖面。\n二是加强师资培训。"},
            report_date=dt.date(2025, 5, 4),
        )
        paragraphs = [p.text for p in self.generate().paragraphs]
        problems = paragraphs.index("四、存在问题")
        self.assertEqual(paragraphs[problems + 1], "社会对证书的认可度仍需提高。")
        steps = paragraphs.index("五、下一步工作举措")
        self.assertEqual(paragraphs[steps + 1 : steps + 3], ["一是扩大覆盖面。", "二是加强师资培训。"])

    def _office(self):
        from onex.accounts.models import User
        from onex.core.roles import Role

        return User.objects.filter(role=Role.OFFICE, institution=self.inst).first()

    # ---------------------------------------------------------- the format

    def test_the_page_follows_gb_t_9704(self):
        section = self.generate().sections[0]

        def mm(*lengths):
            return tuple(round(length.mm, 1) for length in lengths)

        self.assertEqual(mm(section.page_width, section.page_height), (210, 297))
        self.assertEqual(
            mm(section.top_margin, section.bottom_margin, section.left_margin, section.right_margin), (37, 35, 28, 26)
        )

    def test_title_body_and_headings_use_the_official_fonts_and_sizes(self):
        document = self.generate()

        def east_asia(paragraph):
            run = paragraph.runs[0]
            return run._element.rPr.rFonts.get(qn("w:eastAsia")), run.font.size

        by_text = {p.text: p for p in document.paragraphs if p.runs}
        title = document.paragraphs[:2]
        self.assertEqual([p.text for p in title], ["广东茂名农林科技职业学院", "“1+X”证书制度情况报告"])
        self.assertEqual({east_asia(p) for p in title}, {("方正小标宋简体", Pt(22))})
        self.assertEqual(east_asia(by_text["一、工作基本情况"]), ("黑体", Pt(16)))
        self.assertEqual(east_asia(by_text["（一）建立健全“1+X”证书制度工作机制情况"]), ("楷体_GB2312", Pt(16)))
        opening = next(p for p in document.paragraphs if "备案人数" in p.text)
        self.assertEqual(east_asia(opening), ("仿宋_GB2312", Pt(16)))

    def test_the_font_table_declares_a_fallback_for_each_official_font(self):
        document = read_docx(docx_bytes(report_document(institution=self.inst, year=YEAR)))
        from docx.opc.constants import RELATIONSHIP_TYPE as RT
        from docx.oxml import parse_xml

        root = parse_xml(document.part.part_related_by(RT.FONT_TABLE).blob)
        alt = {
            f.get(qn("w:name")): f.find(qn("w:altName")).get(qn("w:val"))
            for f in root.findall(qn("w:font"))
            if f.find(qn("w:altName")) is not None
        }
        self.assertEqual(alt["方正小标宋简体"], "华文中宋")
        self.assertEqual(alt["华文中宋"], "宋体")
        self.assertEqual(alt["仿宋_GB2312"], "仿宋")
        self.assertEqual(alt["楷体_GB2312"], "楷体")

    def test_page_numbers_are_a_page_field_between_em_dashes_on_odd_and_even_pages(self):
        section = self.generate().sections[0]
        for footer in (section.footer, section.even_page_footer):
            p = footer.paragraphs[0]
            xml = p._p.xml
            self.assertIn("PAGE", "".join(t.text for t in p._p.iter(qn("w:instrText"))))
            self.assertIn('w:fldCharType="begin"', xml)
            self.assertTrue(p.text.startswith("— ") and p.text.endswith(" —"))

    def test_tables_have_full_borders(self):
        table = self.generate().tables[0]
        borders = table._tbl.tblPr.find(qn("w:tblBorders"))
        edges = {el.tag.split("}")[1]: el.get(qn("w:val")) for el in borders}
        self.assertEqual(edges, {e: "single" for e in ("top", "left", "bottom", "right", "insideH", "insideV")})

    # ------------------------------------------------------- attachments

    def test_the_pilot_attachment_has_one_row_per_pilot_with_the_figures(self):
        self.generate()
        path = next(self.tmp.glob("附件1*.xlsx"))
        rows = sheet(path)
        self.assertEqual(
            rows[0],
            [
                "序号",
                "系部",
                "证书名称",
                "培训评价组织",
                "等级",
                "面向专业",
                "备案人数",
                "完成考核人数",
                "完成率",
                "通过人数",
                "通过率",
                "取证人数",
                "考核日期",
                "考核站点",
                "考评员人数",
                "经费（元）",
            ],
        )
        figures = year_figures(institution_id=self.inst.pk, year=YEAR)
        body = rows[1:-1]
        self.assertEqual(len(body), len(figures.pilots))
        by_name = {r[2]: r for r in body}
        for p in figures.pilots:
            r = by_name[p.certificate.name]
            self.assertEqual((r[6], r[7], r[9], r[11]), (p.registered, p.completed, p.passed, p.certified))
            self.assertEqual(r[4], "中级")
        total = rows[-1]
        self.assertEqual(total[0], "合计")
        self.assertEqual((total[6], total[7], total[8]), (450, 411, "91.33%"))

    def test_the_rooms_attachment_lists_every_site_with_rooms_seats_and_use(self):
        from onex.exams.models import ExamSite

        self.generate()
        rows = sheet(next(self.tmp.glob("附件2*.xlsx")))
        sites = ExamSite.objects.filter(institution=self.inst)
        self.assertEqual(rows[0][:6], ["序号", "考核站点", "认证机构", "考场数", "考场", "座位数"])
        self.assertEqual(sorted(r[1] for r in rows[1:]), sorted(s.name for s in sites))
        for r in rows[1:]:
            site = sites.get(name=r[1])
            self.assertEqual(r[3], site.examroom_set.count())
            self.assertEqual(r[5], sum(site.examroom_set.values_list("seats", flat=True)))

    def test_the_bundle_writes_the_report_and_both_attachments(self):
        bundle = build_report_bundle(self.inst, YEAR, self.tmp / "bundle")
        for path in (bundle.docx, bundle.pilots, bundle.sites):
            self.assertTrue(path.exists() and path.stat().st_size > 0, path)
        self.assertIn("完成率为91.33%", body_text(Document(str(bundle.docx))))

    # ---------------------------------------------------------- the command

    def test_an_unknown_institution_exits_with_2_and_a_chinese_message(self):
        with self.assertRaises(CommandError) as caught:
            call_command("annual_report", institution="NOSUCH", year=YEAR, output=str(self.tmp / "x.docx"))
        self.assertEqual(caught.exception.returncode, 2)
        self.assertIn("未找到代码为 NOSUCH 的院校", str(caught.exception))

    @unittest.skipUnless(libreoffice(), "LibreOffice is not installed")
    def test_libreoffice_converts_the_report_to_pdf(self):
        out = io.StringIO()
        call_command("annual_report", institution=DEMO_CODE, year=YEAR, output=str(self.tmp / "r.docx"), stdout=out)
        pdf = self.tmp / "r.pdf"
        self.assertTrue(pdf.read_bytes().startswith(b"%PDF"))
