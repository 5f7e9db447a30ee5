"""The dashboards: every role on every dashboard, the filters, the province's sorting, query counts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from onex.core.percent import rate
from onex.core.pinyin import pinyin_key
from onex.exams.models import SiteUsage
from onex.exams.selectors import assessor_counts, sharing_figures
from onex.finance.selectors import budget_execution, year_subsidies
from onex.pilots.figures import Counts, pilot_counts, pilots_with_figures
from onex.pilots.models import PilotCounts
from onex.portal.tests.dashboard_world import PAGES, TABLES, DashboardWorld


def counts_of(pilots) -> Counts:
    total = Counts()
    for p in pilots:
        total.add(p)
    return total


def count_cells(c: Counts) -> list:
    return [
        c.registered,
        c.completed,
        c.completion_rate,
        c.passed,
        c.pass_rate,
        c.certified,
        c.certification_rate,
    ]


class AccessTestCase(DashboardWorld):
    def test_every_dashboard_opens_for_its_roles_only(self):
        for page, allowed in PAGES.items():
            for role, user in self.all_users().items():
                with self.subTest(page=page, role=role):
                    self.assertEqual(self.get(user, page, year=2023).status_code, 200 if role in allowed else 403)

    def test_every_dashboard_shows_the_tables_of_its_role(self):
        for page in PAGES:
            for role, user in self.users_of(page).items():
                with self.subTest(page=page, role=role):
                    response = self.get(user, page, year=2023)
                    keys = [t.key for t in response.context["dashboard"].tables]
                    self.assertEqual(sorted(keys), sorted(TABLES[page]))
                    for key in keys:
                        self.assertContains(response, f'data-table="{key}"')
                        self.assertContains(response, f'data-download="{key}"')

    def test_every_chart_is_drawn_by_the_chart_js_unfold_ships_and_nothing_comes_from_a_cdn(self):
        for page in PAGES:
            user = next(iter(self.users_of(page).values()))
            with self.subTest(page=page):
                response = self.get(user, page, year=2023)
                self.assertContains(response, "/static/unfold/js/chart/chart.js")
                self.assertContains(response, 'class="chart"')
                self.assertNotContains(response, "https://")
                self.assertNotContains(response, "cdn")

    def test_a_year_without_pilots_shows_empty_tables_not_an_error(self):
        for page in PAGES:
            user = next(iter(self.users_of(page).values()))
            with self.subTest(page=page):
                response = self.get(user, page, year=2031)
                self.assertEqual(response.status_code, 200)
                self.assertNotContains(response, "甲职业学院</td>" if page != "portal_province" else "丙职业学院")


class OfficeDashboardTestCase(DashboardWorld):
    def test_the_certificate_table_holds_the_selectors_figures_per_pilot_and_the_totals(self):
        response = self.get(self.office, "portal_office", year=2023)
        pilots = list(pilots_with_figures(institution_id=self.inst.pk, year=2023))
        table = self.table(response, "certificates")
        self.assertEqual(
            table.rows,
            [
                [p.certificate.name, p.get_level_display(), p.department.name, *count_cells(pilot_counts(p))]
                for p in pilots
            ],
        )
        self.assertEqual(table.total[3:], count_cells(counts_of(pilots)))
        self.assertContains(response, f'data-figure="registered">{counts_of(pilots).registered}<')
        self.assertContains(response, f'data-figure="certification_rate">{counts_of(pilots).certification_rate}%<')

    def test_the_department_table_sums_each_departments_pilots(self):
        response = self.get(self.office, "portal_office", year=2023)
        records = {r["department"]: r for r in self.table(response, "departments").records()}
        self.assertEqual(set(records), {"农学系", "经济管理系"})
        for dept in (self.dept, self.dept_other):
            pilots = list(pilots_with_figures(institution_id=self.inst.pk, year=2023, department_id=dept.pk))
            expected = counts_of(pilots)
            with self.subTest(department=dept.name):
                self.assertEqual(records[dept.name]["registered"], expected.registered)
                self.assertEqual(records[dept.name]["completion_rate"], expected.completion_rate)
                self.assertEqual(records[dept.name]["pass_rate"], expected.pass_rate)
                self.assertEqual(records[dept.name]["certification_rate"], expected.certification_rate)
                self.assertEqual(records[dept.name]["pilots"], len(pilots))

    def test_the_trend_has_one_row_per_year_and_a_line_chart_of_the_rates(self):
        response = self.get(self.office, "portal_office", year=2023)
        table = self.table(response, "trend")
        self.assertEqual(table.column("year"), [2023, 2024])
        for year in (2023, 2024):
            expected = counts_of(pilots_with_figures(institution_id=self.inst.pk, year=year))
            row = next(r for r in table.records() if r["year"] == year)
            self.assertEqual(
                [row[k] for k in ("registered", "completed", "passed")],
                [
                    expected.registered,
                    expected.completed,
                    expected.passed,
                ],
            )
        self.assertEqual(table.chart.kind, "line")
        self.assertContains(response, 'data-type="line"')

    def test_the_assessors_table_is_table_1_on_the_chosen_date(self):
        on = dt.date(2023, 6, 30)
        response = self.get(self.office, "portal_office", year=2023, on=on.isoformat())
        expected = assessor_counts(institution_id=self.inst.pk, on_date=on)
        table = self.table(response, "assessors")
        self.assertEqual(table.rows, [[r.certificate.name, r.assessors] for r in expected.rows])
        self.assertEqual(table.total[1], expected.total)
        before_any_card = self.get(self.office, "portal_office", year=2023, on="2021-01-01")
        self.assertEqual(self.table(before_any_card, "assessors").rows, [])

    def test_the_site_table_counts_days_and_headcount_inside_and_outside(self):
        response = self.get(self.office, "portal_office", year=2023)
        sharing = sharing_figures(usages=SiteUsage.objects.filter(site__institution=self.inst), year=2023)
        table = self.table(response, "sites")
        self.assertEqual(table.column("days"), [p["days"] for p in sharing["purposes"]])
        self.assertEqual(table.column("headcount"), [p["headcount"] for p in sharing["purposes"]])
        self.assertContains(response, f'data-figure="external_headcount">{sharing["external_headcount"]}<')

    def test_the_money_tables_hold_the_budget_execution_and_the_subsidies(self):
        response = self.get(self.office, "portal_office", year=2023)
        execution = budget_execution(institution_id=self.inst.pk, year=2023)
        budget = self.table(response, "budget")
        self.assertEqual(budget.column("amount"), [b["amount"] for b in execution["by_budget"]])
        self.assertEqual(
            budget.total[1:],
            [
                execution["budget"],
                execution["allocated"],
                execution["spent"],
                execution["execution_rate"],
            ],
        )
        self.assertEqual(
            self.table(response, "budget_departments").column("execution_rate"),
            [d["execution_rate"] for d in execution["by_department"]],
        )
        self.assertEqual(
            self.table(response, "categories").column("spent"), [c["spent"] for c in execution["by_category"]]
        )
        subsidies = year_subsidies(institution_id=self.inst.pk, year=2023)
        table = self.table(response, "subsidies")
        self.assertEqual(table.column("amount"), [Decimal(t["amount"]) for t in subsidies["totals"]])
        self.assertEqual(table.column("paid"), [Decimal(t["paid"]) for t in subsidies["totals"]])
        self.assertEqual(table.total[1], Decimal(subsidies["total"]))

    def test_it_never_shows_another_institution(self):
        response = self.get(self.office, "portal_office", year=2023)
        for foreign in ("信息工程系", "乙职业学院", "77777.00", "乙校独有证书", "丙"):
            self.assertNotContains(response, foreign)

    def test_the_department_filter_limits_every_table_to_that_department(self):
        response = self.get(self.office, "portal_office", year=2023, department=self.dept_other.pk)
        self.assertEqual(self.table(response, "certificates").column("department"), ["经济管理系"])
        self.assertEqual(self.table(response, "departments").column("department"), ["经济管理系"])
        self.assertEqual(self.table(response, "budget_departments").column("department"), ["经济管理系"])
        self.assertEqual(self.table(response, "subsidies").column("department"), ["经济管理系"])
        expected = assessor_counts(
            institution_id=self.inst.pk, on_date=dt.date(2023, 12, 31), department_id=self.dept_other.pk
        )
        self.assertEqual(self.table(response, "assessors").total[1], expected.total)
        keys = [t.key for t in response.context["dashboard"].tables]
        self.assertNotIn("budget", keys)  # the whole institution's money is not one department's

    def test_the_certificate_filter_limits_the_pilots_and_the_assessors(self):
        response = self.get(self.office, "portal_office", year=2023, certificate=self.cert_econ.pk)
        self.assertEqual(self.table(response, "certificates").column("certificate"), ["经管测试证书"])
        self.assertEqual(self.table(response, "assessors").column("certificate"), ["经管测试证书"])
        self.assertEqual(self.table(response, "trend").column("year"), [2023])

    def test_a_department_or_certificate_of_another_institution_is_not_found(self):
        for params in (
            {"department": self.dept2.pk},
            {"certificate": self.cert_b_only.pk},
            {"department": "农学系"},
            {"certificate": 999999},
            {"download": "../etc"},
        ):
            with self.subTest(params=params):
                self.assertEqual(self.get(self.office, "portal_office", year=2023, **params).status_code, 404)

    def test_the_links_keep_the_chosen_filters(self):
        response = self.get(self.office, "portal_office", year=2023, department=self.dept.pk)
        self.assertContains(response, f"?year=2023&amp;department={self.dept.pk}&amp;download=certificates")

    def test_the_leadership_sees_the_same_dashboard_read_only(self):
        office = self.get(self.office, "portal_office", year=2023)
        leader = self.get(self.leader, "portal_leadership", year=2023)
        for key in TABLES["portal_leadership"]:
            with self.subTest(table=key):
                self.assertEqual(self.table(leader, key).rows, self.table(office, key).rows)
        page = leader.content.decode().split('class="onex-page"')[1]
        self.assertNotIn('method="post"', page)

    def test_the_other_institutions_office_sees_only_its_own(self):
        response = self.get(self.office2, "portal_office", year=2023)
        self.assertEqual(set(self.table(response, "certificates").column("department")), {"信息工程系"})
        self.assertNotContains(response, "农学系")


class CoordinatorDashboardTestCase(DashboardWorld):
    def test_a_coordinator_sees_its_department_only(self):
        response = self.get(self.coordinator, "portal_department", year=2023)
        expected = counts_of(pilots_with_figures(institution_id=self.inst.pk, year=2023, department_id=self.dept.pk))
        self.assertEqual(self.table(response, "departments").rows, [["农学系", 1, *count_cells(expected)]])
        self.assertEqual(self.table(response, "budget_departments").column("department"), ["农学系"])
        self.assertEqual(self.table(response, "subsidies").column("department"), ["农学系"])
        self.assertEqual(
            self.table(response, "assessors").total[1],
            assessor_counts(
                institution_id=self.inst.pk, on_date=dt.date(2023, 12, 31), department_id=self.dept.pk
            ).total,
        )
        for other in ("经济管理系", "经管测试证书", "王老师", "300000.00", "12345.50"):
            self.assertNotContains(response, other)

    def test_another_department_is_not_found_never_shown(self):
        for params in ({"department": self.dept_other.pk}, {"department": self.dept2.pk}):
            with self.subTest(params=params):
                response = self.get(self.coordinator, "portal_department", year=2023, **params)
                self.assertEqual(response.status_code, 404)
                response = self.get(self.coordinator, "portal_department", year=2023, download="departments", **params)
                self.assertEqual(response.status_code, 404)

    def test_a_certificate_piloted_only_by_another_department_is_not_found(self):
        response = self.get(self.coordinator, "portal_department", year=2023, certificate=self.cert_econ.pk)
        self.assertEqual(response.status_code, 404)

    def test_its_own_department_may_be_named_in_the_filter(self):
        response = self.get(self.coordinator, "portal_department", year=2023, department=self.dept.pk)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'data-filter="department">农学系<')


class FinanceDashboardTestCase(DashboardWorld):
    def test_finance_sees_the_money_parts_only(self):
        response = self.get(self.finance, "portal_finance", year=2023)
        execution = budget_execution(institution_id=self.inst.pk, year=2023)
        self.assertContains(response, f'data-figure="budget">{execution["budget"]}<')
        self.assertContains(response, f'data-figure="expenses">{execution["spent"]}<')
        self.assertContains(response, f'data-figure="execution_rate">{execution["execution_rate"]}%<')
        self.assertNotContains(response, 'data-figure="registered"')
        self.assertNotContains(response, "77777.00")

    def test_the_fee_table_is_the_fee_per_candidate_times_the_candidates_examined(self):
        response = self.get(self.finance, "portal_finance", year=2023)
        for row in self.table(response, "fees").records():
            self.assertEqual(row["fees"], row["fee"] * row["completed"])

    def test_the_department_filter_keeps_that_departments_rows(self):
        response = self.get(self.finance, "portal_finance", year=2023, department=self.dept.pk)
        self.assertEqual(self.table(response, "fees").column("department"), ["农学系"])
        self.assertEqual(self.table(response, "subsidies").column("department"), ["农学系"])
        self.assertEqual(self.get(self.finance, "portal_finance", department=self.dept2.pk).status_code, 404)


class ProvinceDashboardTestCase(DashboardWorld):
    def test_the_province_sees_its_institutions_side_by_side_with_the_totals(self):
        response = self.get(self.province, "portal_province", year=2023)
        table = self.table(response, "institutions")
        self.assertEqual(set(table.column("code")), {"AAA", "BBB"})  # not 湖南省's CCC
        self.assertNotContains(response, "丙职业学院")
        for inst in (self.inst, self.inst2):
            row = next(r for r in table.records() if r["code"] == inst.code)
            expected = counts_of(pilots_with_figures(institution_id=inst.pk, year=2023))
            execution = budget_execution(institution_id=inst.pk, year=2023)
            with self.subTest(institution=inst.code):
                self.assertEqual(row["registered"], expected.registered)
                self.assertEqual(row["certification_rate"], expected.certification_rate)
                self.assertEqual(row["budget"], execution["budget"])
                self.assertEqual(row["spent"], execution["spent"])
                self.assertEqual(row["execution_rate"], execution["execution_rate"])
        both = counts_of(pilots_with_figures(pilots=self.inst.pilot_set.all() | self.inst2.pilot_set.all(), year=2023))
        self.assertEqual(table.total[3:10], count_cells(both))
        self.assertEqual(table.total[12], rate(table.total[11], table.total[10]))

    def test_it_sorts_by_any_column_both_ways_on_the_server(self):
        response = self.get(self.province, "portal_province", year=2023)
        columns = [c for c in self.table(response, "institutions").columns]
        for column in columns:
            for descending in (False, True):
                sort = f"-{column.key}" if descending else column.key
                with self.subTest(sort=sort):
                    table = self.table(self.get(self.province, "portal_province", year=2023, sort=sort), "institutions")
                    values = table.column(column.key)
                    key = (lambda v: pinyin_key(str(v))) if column.kind == "text" else Decimal
                    self.assertEqual([key(v) for v in values], sorted((key(v) for v in values), reverse=descending))

    def test_a_sort_by_registered_puts_the_larger_institution_first_and_keeps_the_totals_last(self):
        response = self.get(self.province, "portal_province", year=2023, sort="-registered")
        table = self.table(response, "institutions")
        registered = dict(zip(table.column("code"), table.column("registered"), strict=True))
        expected_first = max(registered, key=registered.get)
        self.assertEqual(table.column("code")[0], expected_first)
        self.assertContains(response, 'aria-sort="descending"')
        self.assertContains(response, 'data-sort="registered"')
        html = response.content.decode()
        first, second = (f"<td>{name}</td>" for name in table.column("institution"))
        self.assertLess(html.index(first), html.index(second))
        self.assertLess(html.index(second), html.index('<tr class="onex-total"><th scope="row">', html.index(second)))

    def test_an_unknown_sort_keeps_the_pinyin_order(self):
        response = self.get(self.province, "portal_province", year=2023, sort="password")
        self.assertEqual(self.table(response, "institutions").column("code"), ["AAA", "BBB"])
        self.assertEqual(self.get(self.province, "portal_province", sort="x;drop").status_code, 200)

    def test_the_certificate_filter_applies_to_every_institution(self):
        response = self.get(self.province, "portal_province", year=2023, certificate=self.cert_b_only.pk)
        records = {r["code"]: r for r in self.table(response, "institutions").records()}
        self.assertEqual(records["AAA"]["pilots"], 0)
        self.assertEqual(records["BBB"]["pilots"], 1)

    def test_the_province_trend_covers_its_institutions_only(self):
        response = self.get(self.province, "portal_province", year=2023)
        row = next(r for r in self.table(response, "trend").records() if r["year"] == 2023)
        both = counts_of(pilots_with_figures(pilots=self.inst.pilot_set.all() | self.inst2.pilot_set.all(), year=2023))
        self.assertEqual(row["registered"], both.registered)


class QueryCountTestCase(DashboardWorld):
    """Every dashboard and every download: the same number of queries at two sizes."""

    CASES = [
        ("portal_office", "office", {}),
        ("portal_office", "office", {"department": "dept", "certificate": "cert"}),
        ("portal_leadership", "leader", {}),
        ("portal_department", "coordinator", {}),
        ("portal_finance", "finance", {}),
        ("portal_finance", "finance", {"department": "dept"}),
        ("portal_province", "province", {"sort": "-registered"}),
    ]

    def urls(self):
        for page, role, params in self.CASES:
            user = self.all_users()[role]
            query = {"year": 2023}
            if "department" in params:
                query["department"] = self.dept.pk
            if "certificate" in params:
                query["certificate"] = self.cert.pk
            if "sort" in params:
                query["sort"] = params["sort"]
            yield page, user, query
            for key in TABLES[page]:
                if key in ("budget", "categories") and "department" in params:
                    continue
                yield page, user, {**query, "download": key}

    def measure(self):
        counts = {}
        for page, user, query in self.urls():
            self.client.force_login(user)
            with CaptureQueriesContext(connection) as captured:
                response = self.client.get(reverse(page), query)
            self.assertEqual(response.status_code, 200, (page, query))
            counts[(page, user.username, tuple(sorted(query.items())))] = len(captured.captured_queries)
        return counts

    def test_every_dashboard_and_download_makes_the_same_number_of_queries_whatever_the_size(self):
        self.measure()  # the first visits build each user's page frame, which later visits reuse
        PilotCounts.objects.update(stale=True)  # as after any change: the visits compared both recount
        small = self.measure()
        self.grow()
        self.grow()
        large = self.measure()
        self.assertEqual(large, small)
        self.assertLessEqual(max(small.values()), 40)
