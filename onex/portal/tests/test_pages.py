import datetime as dt
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from onex.core.percent import money, rate
from onex.finance.models import Expense
from onex.pilots.models import PilotCounts
from onex.portal.tests import helpers
from testsupport.base import OneXTestCase

# Who may open which landing page; every other role gets 403.
ALLOWED = {
    "portal_office": {"office", "office2"},
    "portal_department": {"coordinator", "coordinator_other"},
    "portal_leadership": {"leader"},
    "portal_finance": {"finance"},
    "portal_province": {"province"},
    "portal_teacher": {"teacher"},
    "portal_student": {"student"},
}

# Outcomes of the candidates created below (None: no result yet).
OUTCOMES_A = ["pass", "pass", "fail", "absent", None]  # institution A, department 农学系, 2023
OUTCOMES_OTHER_DEPT = ["pass", "fail"]  # institution A, department 经济管理系, 2023
OUTCOMES_B = ["pass"] * 7  # institution B, 2023


def sat(outcomes):
    return sum(1 for o in outcomes if o in ("pass", "fail"))


def passed(outcomes):
    return sum(1 for o in outcomes if o == "pass")


def warm_up(client, url):
    """A first visit builds the user's page frame, which later visits reuse; the cached figures are then
    marked stale again, so that the visits compared both recount, as after any change."""
    client.get(url)
    PilotCounts.objects.update(stale=True)


class LandingPagesTestCase(OneXTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        from onex.exams.models import Result

        # The base registrations: sam failed (42.50), sue passed (88.50).
        Result.objects.create(registration=cls.registration, outcome="fail", total_score=Decimal("42.50"))
        Result.objects.create(registration=cls.registration2, outcome="pass", total_score=Decimal("88.50"))
        cls.outcomes_pilot = ["fail", *OUTCOMES_A]
        helpers.candidates(cls.pilot, cls.klass, OUTCOMES_A)
        cls.pilot_econ = helpers.another_pilot(cls.inst, cls.dept_other, 2023, "T-002", "经管测试证书")
        helpers.candidates(cls.pilot_econ, cls.klass_other, OUTCOMES_OTHER_DEPT)
        cls.outcomes_b = ["pass", *OUTCOMES_B]
        helpers.candidates(cls.pilot2, cls.klass2, OUTCOMES_B)
        cls.budget = helpers.budget(cls.inst, 2023, "300000.00")
        cls.budget2 = helpers.budget(cls.inst2, 2023, "77777.00")
        Expense.objects.create(
            institution=cls.inst,
            budget=cls.budget,
            category="exam_fees",
            pilot=cls.pilot,
            amount=Decimal("30000.00"),
            spent_on=dt.date(2023, 6, 1),
        )
        helpers.session(cls.pilot, cls.teacher_person, "畜禽养殖实训")
        helpers.session(cls.pilot_other, cls.teacher_other_person, "电商直播实训")
        helpers.qualification(cls.teacher_person, cls.cert, "Q-TOM-1")
        helpers.qualification(cls.teacher_other_person, cls.cert, "Q-OTHER-2")

    def get(self, user, name, **params):
        self.client.force_login(user)
        return self.client.get(reverse(name), params)

    def assert_figure(self, response, name, value):
        self.assertContains(response, f'data-figure="{name}">{value}<', html=False)


class AccessTestCase(LandingPagesTestCase):
    def test_every_role_may_open_only_its_own_landing_page(self):
        for page, allowed in ALLOWED.items():
            for role, user in self.all_users().items():
                with self.subTest(page=page, role=role):
                    response = self.get(user, page)
                    self.assertEqual(response.status_code, 200 if role in allowed else 403)

    def test_anonymous_visitors_are_sent_to_the_login_page(self):
        for page in ALLOWED:
            with self.subTest(page=page):
                response = self.client.get(reverse(page))
                self.assertRedirects(response, f"{reverse('login')}?next={reverse(page)}")

    def test_home_sends_each_role_to_its_own_page(self):
        expected = {role: page for page, roles in ALLOWED.items() for role in roles}
        for role, user in self.all_users().items():
            with self.subTest(role=role):
                self.client.force_login(user)
                self.assertRedirects(self.client.get("/"), reverse(expected[role]), fetch_redirect_response=False)

    def test_home_sends_anonymous_visitors_to_login(self):
        self.assertRedirects(self.client.get("/"), reverse("login") + "?next=/", fetch_redirect_response=False)


class OfficeDashboardTestCase(LandingPagesTestCase):
    def test_it_shows_the_latest_year_with_pilots_by_default(self):
        response = self.get(self.office, "portal_office")
        self.assertEqual(response.context["year"], 2024)
        self.assertEqual(response.context["years"], [2024, 2023])

    def test_it_shows_the_institutions_figures_and_totals_for_the_chosen_year(self):
        response = self.get(self.office, "portal_office", year=2023)
        outcomes = self.outcomes_pilot + OUTCOMES_OTHER_DEPT
        self.assert_figure(response, "certificates", 2)
        self.assert_figure(response, "registered", len(outcomes))
        self.assert_figure(response, "completed", sat(outcomes))
        self.assert_figure(response, "completion_rate", f"{rate(sat(outcomes), len(outcomes))}%")
        self.assert_figure(response, "passed", passed(outcomes))
        self.assert_figure(response, "pass_rate", f"{rate(passed(outcomes), sat(outcomes))}%")
        self.assert_figure(response, "budget", self.budget.amount)
        self.assertContains(response, "经管测试证书")
        self.assertContains(response, "农学系")

    def test_it_shows_one_row_per_certificate_with_its_rates(self):
        response = self.get(self.office, "portal_office", year=2023)
        row = {r.pilot.pk: r.counts for r in response.context["rows"]}[self.pilot.pk]
        self.assertEqual(row.registered, len(self.outcomes_pilot))
        self.assertEqual(row.completed, sat(self.outcomes_pilot))
        self.assertContains(
            response, f'<td class="num">{rate(sat(self.outcomes_pilot), len(self.outcomes_pilot))}%</td>'
        )

    def test_it_draws_the_chart_with_the_chart_js_shipped_by_unfold(self):
        response = self.get(self.office, "portal_office", year=2023)
        self.assertContains(response, "/static/unfold/js/chart/chart.js")
        self.assertContains(response, 'class="chart"')
        self.assertNotContains(response, "cdn")
        self.assertNotContains(response, "https://")

    def test_it_never_shows_another_institution(self):
        response = self.get(self.office, "portal_office", year=2023)
        self.assertNotContains(response, "信息工程系")
        self.assertNotContains(response, str(self.budget2.amount))

    def test_the_other_institutions_office_sees_only_its_own_figures(self):
        response = self.get(self.office2, "portal_office")
        self.assertEqual(response.context["year"], 2023)
        self.assert_figure(response, "registered", len(self.outcomes_b))
        self.assert_figure(response, "budget", self.budget2.amount)
        self.assertNotContains(response, "农学系")
        self.assertNotContains(response, "经管测试证书")

    def test_an_unknown_year_shows_empty_figures(self):
        response = self.get(self.office, "portal_office", year=2030)
        self.assert_figure(response, "registered", 0)
        self.assertContains(response, "0.00%")

    def test_a_malformed_year_falls_back_to_the_latest_one(self):
        response = self.get(self.office, "portal_office", year="二〇二三")
        self.assertEqual(response.context["year"], 2024)

    def test_it_makes_the_same_number_of_queries_whatever_the_size(self):
        self.client.force_login(self.office)
        url = reverse("portal_office") + "?year=2023"
        warm_up(self.client, url)
        with CaptureQueriesContext(connection) as small:
            self.assertEqual(self.client.get(url).status_code, 200)
        bigger = helpers.another_pilot(self.inst, self.dept, 2023, "T-003", "第三张测试证书")
        helpers.candidates(bigger, self.klass, ["pass", "fail", "absent", None] * 10)
        helpers.candidates(self.pilot, self.klass, ["pass"] * 15)
        helpers.budget(self.inst, 2023, "1000.00", source="another source")
        with self.assertNumQueries(len(small.captured_queries)):
            response = self.client.get(url)
        self.assert_figure(response, "certificates", 3)


class LeadershipAndDepartmentTestCase(LandingPagesTestCase):
    def test_the_leadership_sees_the_institutions_figures_read_only(self):
        response = self.get(self.leader, "portal_leadership", year=2023)
        outcomes = self.outcomes_pilot + OUTCOMES_OTHER_DEPT
        self.assert_figure(response, "registered", len(outcomes))
        self.assertNotContains(response, '<form method="post"')
        self.assertNotContains(response, "信息工程系")

    def test_a_coordinator_sees_only_its_department(self):
        response = self.get(self.coordinator, "portal_department")
        self.assertEqual(response.context["years"], [2023])
        self.assert_figure(response, "registered", len(self.outcomes_pilot))
        self.assert_figure(response, "completed", sat(self.outcomes_pilot))
        self.assertNotContains(response, "经管测试证书")
        self.assertNotContains(response, 'data-figure="budget"')

    def test_the_other_departments_coordinator_sees_its_own_pilots(self):
        response = self.get(self.coordinator_other, "portal_department", year=2023)
        self.assertEqual(response.context["years"], [2024, 2023])
        self.assert_figure(response, "registered", len(OUTCOMES_OTHER_DEPT))
        self.assertContains(response, "经管测试证书")
        self.assertNotContains(response, "农学系")


class FinanceTestCase(LandingPagesTestCase):
    def test_finance_sees_the_budget_spending_and_each_pilots_fees(self):
        response = self.get(self.finance, "portal_finance", year=2023)
        # Exam fees: fee per candidate × the candidates examined.
        fees = self.pilot.fee_per_candidate * sat(self.outcomes_pilot) + self.pilot_econ.fee_per_candidate * sat(
            OUTCOMES_OTHER_DEPT
        )
        self.assert_figure(response, "budget", self.budget.amount)
        self.assert_figure(response, "expenses", "30000.00")
        self.assert_figure(response, "execution_rate", f"{rate(Decimal('30000.00'), self.budget.amount)}%")
        self.assert_figure(response, "fees_total", money(fees))
        self.assertNotContains(response, str(self.budget2.amount))

    def test_it_makes_the_same_number_of_queries_whatever_the_size(self):
        self.client.force_login(self.finance)
        url = reverse("portal_finance") + "?year=2023"
        warm_up(self.client, url)
        with CaptureQueriesContext(connection) as small:
            self.client.get(url)
        helpers.candidates(self.pilot_econ, self.klass_other, ["pass"] * 12)
        helpers.another_pilot(self.inst, self.dept, 2023, "T-004", "第四张测试证书")
        with self.assertNumQueries(len(small.captured_queries)):
            self.client.get(url)


class ProvinceTestCase(LandingPagesTestCase):
    def test_the_province_sees_every_institution_side_by_side_with_totals(self):
        response = self.get(self.province, "portal_province", year=2023)
        rows = {row.institution.code: row for row in response.context["province"].rows}
        a = self.outcomes_pilot + OUTCOMES_OTHER_DEPT
        self.assertEqual(set(rows), {"AAA", "BBB"})
        self.assertEqual(rows["AAA"].counts.registered, len(a))
        self.assertEqual(rows["BBB"].counts.registered, len(self.outcomes_b))
        self.assertEqual(rows["BBB"].counts.passed, passed(self.outcomes_b))
        self.assertEqual(rows["AAA"].budget, self.budget.amount)
        totals = response.context["province"].totals
        self.assertEqual(totals.registered, len(a) + len(self.outcomes_b))
        self.assertContains(response, f'<td class="num">{self.budget.amount + self.budget2.amount}</td>')
        self.assertContains(response, "甲职业学院")
        self.assertContains(response, "乙职业学院")

    def test_it_makes_the_same_number_of_queries_whatever_the_size(self):
        self.client.force_login(self.province)
        url = reverse("portal_province") + "?year=2023"
        warm_up(self.client, url)
        with CaptureQueriesContext(connection) as small:
            self.client.get(url)
        helpers.candidates(self.pilot2, self.klass2, ["pass", "fail"] * 8)
        helpers.another_pilot(self.inst2, self.dept2, 2023, "T-005", "第五张测试证书")
        with self.assertNumQueries(len(small.captured_queries)):
            self.client.get(url)


class TeacherAndStudentTestCase(LandingPagesTestCase):
    def test_a_teacher_sees_own_sessions_and_qualifications_only(self):
        response = self.get(self.teacher, "portal_teacher")
        self.assertContains(response, "畜禽养殖实训")
        self.assertContains(response, "Q-TOM-1")
        self.assertNotContains(response, "电商直播实训")
        self.assertNotContains(response, "Q-OTHER-2")

    def test_a_student_sees_own_registrations_and_results_only(self):
        response = self.get(self.student, "portal_student")
        self.assertContains(response, "测试证书")
        self.assertContains(response, "42.50")
        self.assertNotContains(response, "88.50")

    def test_teacher_and_student_pages_work_on_a_phone_without_the_internet(self):
        for user, page in ((self.teacher, "portal_teacher"), (self.student, "portal_student")):
            with self.subTest(page=page):
                response = self.get(user, page)
                self.assertContains(response, 'name="viewport"')
                self.assertNotContains(response, "https://")
                self.assertNotContains(response, "http://")


class AdminIndexTestCase(LandingPagesTestCase):
    def test_the_admin_index_shows_the_offices_figures(self):
        self.client.force_login(self.office)
        response = self.client.get(reverse("admin:index"))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'data-figure="registered"')
        self.assertNotContains(response, "信息工程系")

    def test_the_admin_index_shows_no_figures_to_finance(self):
        self.client.force_login(self.finance)
        response = self.client.get(reverse("admin:index"))
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, 'data-figure="registered"')
