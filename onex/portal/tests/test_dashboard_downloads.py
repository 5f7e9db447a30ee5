"""Every dashboard table as xlsx: read back with python-calamine and compared with the selectors."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from onex.exams.models import SiteUsage
from onex.exams.selectors import assessor_counts, sharing_figures
from onex.finance.selectors import budget_execution, year_subsidies
from onex.org import services as org
from onex.pilots.figures import Counts, pilot_counts, pilots_with_figures
from onex.portal.tests import helpers
from onex.portal.tests.dashboard_world import PAGES, TABLES, DashboardWorld


def cell(value):
    """A value as calamine reads it back from the workbook."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool | str):
        return value
    return float(value)


def rates(c: Counts) -> list[float]:
    return [float(c.completion_rate), float(c.pass_rate), float(c.certification_rate)]


class DownloadAccessTestCase(DashboardWorld):
    def test_every_table_of_every_dashboard_downloads_for_every_role_that_sees_it_as_on_the_page(self):
        for page in PAGES:
            for role, user in self.users_of(page).items():
                response = self.get(user, page, year=2023)
                for table in response.context["dashboard"].tables:
                    with self.subTest(page=page, role=role, table=table.key):
                        sheet = self.download(user, page, table.key, year=2023)
                        self.assertEqual(sheet[0], [c.heading for c in table.columns])
                        self.assertEqual(sheet[1:], [[cell(v) for v in row] for row in table.sheet_rows()])

    def test_no_other_role_may_download_a_table(self):
        for page, allowed in PAGES.items():
            for role, user in self.all_users().items():
                if role in allowed:
                    continue
                for key in TABLES[page]:
                    with self.subTest(page=page, role=role, table=key):
                        response = self.get(user, page, year=2023, download=key)
                        self.assertEqual(response.status_code, 403)
                        self.assertNotIn("spreadsheetml", response.get("Content-Type", ""))

    def test_a_table_not_on_the_roles_dashboard_is_not_found(self):
        for user, page, key in (
            (self.coordinator, "portal_department", "budget"),
            (self.coordinator, "portal_department", "categories"),
            (self.finance, "portal_finance", "certificates"),
            (self.province, "portal_province", "subsidies"),
            (self.office, "portal_office", "nothing"),
        ):
            with self.subTest(page=page, table=key):
                self.assertEqual(self.get(user, page, year=2023, download=key).status_code, 404)

    def test_the_download_is_named_after_the_table_and_year(self):
        response = self.get(self.office, "portal_office", year=2023, download="trend")
        self.assertIn('attachment; filename="onex-trend-2023.xlsx"', response["Content-Disposition"])


class DownloadFiguresTestCase(DashboardWorld):
    def test_the_certificate_sheet_holds_the_figures_of_each_pilot(self):
        sheet = self.download(self.office, "portal_office", "certificates", year=2023)
        pilots = list(pilots_with_figures(institution_id=self.inst.pk, year=2023))
        self.assertEqual(len(sheet), 1 + len(pilots) + 1)
        for row, pilot in zip(sheet[1:], pilots, strict=False):
            c = pilot_counts(pilot)
            with self.subTest(certificate=pilot.certificate.name):
                self.assertEqual(row[0], pilot.certificate.name)
                self.assertEqual(
                    row[3:],
                    [c.registered, c.completed, *rates(c)[:1], c.passed, *rates(c)[1:2], c.certified, *rates(c)[2:]],
                )
        total = Counts()
        for p in pilots:
            total.add(p)
        self.assertEqual(sheet[-1][3], total.registered)
        self.assertEqual(sheet[-1][5], float(total.completion_rate))

    def test_the_coordinators_sheets_hold_its_department_only(self):
        sheet = self.download(self.coordinator, "portal_department", "departments", year=2023)
        expected = Counts()
        for p in pilots_with_figures(institution_id=self.inst.pk, year=2023, department_id=self.dept.pk):
            expected.add(p)
        self.assertEqual([r[0] for r in sheet[1:-1]], ["农学系"])
        self.assertEqual(sheet[1][2], expected.registered)
        self.assertEqual(sheet[1][5], expected.passed)
        certificates = self.download(self.coordinator, "portal_department", "certificates", year=2023)
        self.assertNotIn("经济管理系", [r[2] for r in certificates])

    def test_the_trend_sheet_has_each_years_figures(self):
        sheet = self.download(self.leader, "portal_leadership", "trend", year=2023)
        for row in sheet[1:]:
            expected = Counts()
            for p in pilots_with_figures(institution_id=self.inst.pk, year=int(row[0])):
                expected.add(p)
            with self.subTest(year=row[0]):
                self.assertEqual(row[2], expected.registered)
                self.assertEqual(row[4], float(expected.completion_rate))
        self.assertEqual([int(r[0]) for r in sheet[1:]], [2023, 2024])

    def test_the_assessor_sheet_is_table_1_with_its_subtotal(self):
        on = dt.date(2023, 12, 31)
        sheet = self.download(self.office, "portal_office", "assessors", year=2023, on=on.isoformat())
        expected = assessor_counts(institution_id=self.inst.pk, on_date=on)
        self.assertEqual(sheet[1:-1], [[r.certificate.name, r.assessors] for r in expected.rows])
        self.assertEqual(sheet[-1][1], expected.total)

    def test_the_site_sheet_holds_days_and_headcount_per_purpose(self):
        sheet = self.download(self.office, "portal_office", "sites", year=2023)
        sharing = sharing_figures(usages=SiteUsage.objects.filter(site__institution=self.inst), year=2023)
        self.assertEqual(
            [r[1:] for r in sheet[1:]], [[p["days"], p["uses"], p["headcount"]] for p in sharing["purposes"]]
        )

    def test_the_money_sheets_hold_the_budget_execution_and_subsidies(self):
        execution = budget_execution(institution_id=self.inst.pk, year=2023)
        budget = self.download(self.finance, "portal_finance", "budget", year=2023)
        self.assertEqual(
            budget[-1][1:], [float(execution[k]) for k in ("budget", "allocated", "spent", "execution_rate")]
        )
        departments = self.download(self.finance, "portal_finance", "budget_departments", year=2023)
        self.assertEqual(
            departments[1:],
            [
                [d["department"], float(d["allocated"]), float(d["spent"]), float(d["execution_rate"])]
                for d in execution["by_department"]
            ],
        )
        categories = self.download(self.finance, "portal_finance", "categories", year=2023)
        self.assertEqual(categories[-1][1], float(execution["spent"]))
        subsidies = year_subsidies(institution_id=self.inst.pk, year=2023)
        sheet = self.download(self.finance, "portal_finance", "subsidies", year=2023)
        self.assertEqual(
            sheet[1:-1],
            [[t["department"], float(Decimal(t["amount"])), float(Decimal(t["paid"]))] for t in subsidies["totals"]],
        )
        self.assertEqual(sheet[-1][1], float(Decimal(subsidies["total"])))

    def test_the_province_sheet_is_sorted_as_asked_and_ends_with_the_totals(self):
        sheet = self.download(self.province, "portal_province", "institutions", year=2023, sort="-registered")
        rows = sheet[1:-1]
        registered = [r[3] for r in rows]
        self.assertEqual(registered, sorted(registered, reverse=True))
        for row in rows:
            inst = {self.inst.code: self.inst, self.inst2.code: self.inst2}[row[1]]
            expected = Counts()
            for p in pilots_with_figures(institution_id=inst.pk, year=2023):
                expected.add(p)
            execution = budget_execution(institution_id=inst.pk, year=2023)
            with self.subTest(institution=inst.code):
                self.assertEqual(row[3], expected.registered)
                self.assertEqual(
                    row[10:],
                    [float(execution["budget"]), float(execution["spent"]), float(execution["execution_rate"])],
                )
        self.assertEqual(sheet[-1][3], sum(registered))
        self.assertNotIn("CCC", [r[1] for r in sheet])

    def test_text_that_looks_like_a_formula_is_written_as_text(self):
        evil = org.department_create(institution=self.inst, name='=HYPERLINK("http://x","点我")')
        helpers.another_pilot(self.inst, evil, 2023, "EVIL-1", "+SUM(A1:A9)")
        for key in ("certificates", "departments"):
            with self.subTest(table=key):
                sheet = self.download(self.office, "portal_office", key, year=2023)
                texts = [v for row in sheet for v in row if isinstance(v, str)]
                self.assertFalse([t for t in texts if t and t[0] in "=+-@"])
                self.assertTrue(any(t.startswith("'=HYPERLINK") or t.startswith("'+SUM") for t in texts))
