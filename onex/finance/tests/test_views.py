import io
from decimal import Decimal

from django.urls import reverse
from python_calamine import CalamineWorkbook

from onex.accounts.models import User
from onex.finance import services
from onex.finance.models import Expense, ExpenseCategory, StatementStatus, SubsidyRule, SubsidyStatement, WorkloadEntry
from onex.finance.tests.helpers import ASSESSOR, add_exam, add_rules, add_session, budget, complete
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


class FinanceViewTestCase(OneXTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        add_session(cls.pilot, [cls.teacher_person], day=1, hours="2.5")
        add_exam(cls.pilot, [(cls.teacher_person, ASSESSOR)], day=20)
        complete(cls.registration)
        add_rules(cls.inst)
        cls.budget = budget(cls.inst, amount="1116600.00")
        services.workload_derive(actor=cls.office, institution=cls.inst, year=2023)

    def make_statement(self):
        return services.subsidy_statement_create(actor=self.office, department=self.dept, year=2023)

    def as_user(self, name):
        self.client.force_login(self.all_users()[name])

    def assert_statuses(self, url, expected, method="get", data=None):
        for name in EVERYONE:
            with self.subTest(user=name):
                self.as_user(name)
                response = getattr(self.client, method)(url, data or {})
                self.assertEqual(response.status_code, expected[name], f"{name} on {url}")


class PageAccessTests(FinanceViewTestCase):
    def test_the_rules_and_statement_pages_open_for_staff_of_the_institution_only(self):
        ok = {n: 200 for n in EVERYONE} | {"teacher": 403, "student": 403, "province": 403}
        for name in ("finance:rules", "finance:statements"):
            self.assert_statuses(reverse(name) + "?year=2023", ok)

    def test_the_workload_page_opens_for_teachers_too_and_shows_only_their_own(self):
        ok = {n: 200 for n in EVERYONE} | {"student": 403, "province": 403}
        self.assert_statuses(reverse("finance:workload") + "?year=2023", ok)
        self.as_user("coordinator_other")
        response = self.client.get(reverse("finance:workload") + "?year=2023")
        self.assertNotContains(response, self.teacher_person.name)
        self.as_user("teacher")
        response = self.client.get(reverse("finance:workload") + "?year=2023")
        self.assertContains(response, self.teacher_person.name)

    def test_the_budget_and_expense_pages_open_for_office_finance_and_leadership(self):
        ok = {n: 403 for n in EVERYONE} | {"office": 200, "finance": 200, "leader": 200, "office2": 200}
        for name in ("finance:budget", "finance:expenses"):
            self.assert_statuses(reverse(name) + "?year=2023", ok)

    def test_another_institution_sees_none_of_the_budget(self):
        self.as_user("office2")
        response = self.client.get(reverse("finance:budget") + "?year=2023")
        self.assertNotContains(response, self.budget.source)
        self.as_user("office")
        response = self.client.get(reverse("finance:budget") + "?year=2023")
        self.assertContains(response, self.budget.source)

    def test_a_statement_opens_only_inside_its_department_and_institution(self):
        statement = self.make_statement()
        expected = {
            "office": 200,
            "coordinator": 200,
            "coordinator_other": 404,
            "teacher": 403,
            "finance": 200,
            "leader": 200,
            "student": 403,
            "province": 403,
            "office2": 404,
        }
        self.assert_statuses(reverse("finance:statement", args=[statement.pk]), expected)
        self.assert_statuses(reverse("finance:statement_export", args=[statement.pk]), expected)

    def test_anonymous_visitors_are_sent_to_sign_in(self):
        response = self.client.get(reverse("finance:statements"))
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("login"), response["Location"])


class ActionTests(FinanceViewTestCase):
    def test_only_the_coordinator_of_the_department_approves_through_the_page(self):
        statement = self.make_statement()
        url = reverse("finance:statement_department_approve", args=[statement.pk])
        expected = {
            "office": 403,
            "coordinator_other": 404,
            "teacher": 403,
            "finance": 403,
            "leader": 403,
            "student": 403,
            "province": 403,
            "office2": 403,
        }
        for name, status in expected.items():
            with self.subTest(user=name):
                self.as_user(name)
                self.assertEqual(self.client.post(url).status_code, status)
        statement.refresh_from_db()
        self.assertEqual(statement.status, StatementStatus.DRAFT)
        self.as_user("coordinator")
        self.assertEqual(self.client.post(url).status_code, 302)
        statement.refresh_from_db()
        self.assertEqual(statement.status, StatementStatus.DEPARTMENT_APPROVED)

    def test_a_coordinator_the_statement_pays_is_refused_on_the_page_with_the_rule_named(self):
        statement = self.make_statement()
        User.objects.filter(pk=self.teacher.pk).update(teacher=None)
        User.objects.filter(pk=self.coordinator.pk).update(teacher=self.teacher_person)
        self.as_user("coordinator")
        url = reverse("finance:statement_department_approve", args=[statement.pk])
        response = self.client.post(url, follow=True)
        self.assertEqual(
            [str(m) for m in response.context["messages"]],
            ["职责分离：您不得审核含有本人补助的结算单，请由本系部另一位负责人审核。"],
        )
        statement.refresh_from_db()
        self.assertEqual(statement.status, StatementStatus.DRAFT)

    def test_a_second_approval_on_a_stale_page_is_told_someone_acted_first(self):
        statement = self.make_statement()
        url = reverse("finance:statement_department_approve", args=[statement.pk])
        self.as_user("coordinator")
        self.client.post(url, follow=True)
        response = self.client.post(url, follow=True)
        self.assertEqual([m.level_tag for m in response.context["messages"]], ["error"])
        self.assertEqual(SubsidyStatement.objects.get().status, StatementStatus.DEPARTMENT_APPROVED)

    def test_the_office_sets_a_rule_through_the_page_and_others_cannot(self):
        url = reverse("finance:rule_set")
        data = {"year": 2023, "activity": "other", "unit_amount": "12.50"}
        for name in ("coordinator", "finance", "leader", "teacher"):
            with self.subTest(user=name):
                self.as_user(name)
                self.assertEqual(self.client.post(url, data).status_code, 403)
        self.as_user("office")
        self.client.post(url, data)
        self.assertEqual(SubsidyRule.objects.get(institution=self.inst, activity="other").unit_amount, Decimal("12.50"))

    def test_a_manual_entry_without_a_reason_is_refused_on_the_page(self):
        self.as_user("coordinator")
        data = {"year": 2023, "teacher": self.teacher_person.pk, "activity": "other", "quantity": "2", "reason": ""}
        self.client.post(reverse("finance:workload_add"), data)
        self.assertFalse(WorkloadEntry.objects.filter(source="manual").exists())
        data["reason"] = "带队参赛"
        self.client.post(reverse("finance:workload_add"), data)
        self.assertTrue(WorkloadEntry.objects.filter(source="manual", reason="带队参赛").exists())

    def test_an_over_budget_expense_asks_for_confirmation_first(self):
        self.as_user("finance")
        data = {
            "budget": self.budget.pk,
            "category": ExpenseCategory.SITE,
            "department": self.dept.pk,
            "amount": str(self.budget.amount + Decimal("0.01")),
            "spent_on": "2023-09-01",
            "voucher_number": "记-0901",
        }
        url = reverse("finance:expenses") + "?year=2023"
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["warnings"])
        self.assertFalse(Expense.objects.exists())
        response = self.client.post(url, {**data, "confirm_over_budget": "on"})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Expense.objects.get().amount, Decimal(data["amount"]))

    def test_only_finance_records_expenses_on_the_page(self):
        self.as_user("office")
        data = {
            "budget": self.budget.pk,
            "category": "other",
            "department": self.dept.pk,
            "amount": "1",
            "spent_on": "2023-09-01",
        }
        self.assertEqual(self.client.post(reverse("finance:expenses"), data).status_code, 403)
        self.assertFalse(Expense.objects.exists())


class WalkTests(FinanceViewTestCase):
    def test_one_statement_walks_from_draft_to_paid_through_the_four_roles(self):
        self.as_user("office")
        response = self.client.post(reverse("finance:statement_create"), {"year": 2023, "department": self.dept.pk})
        statement = SubsidyStatement.objects.get()
        self.assertRedirects(response, reverse("finance:statement", args=[statement.pk]))
        page = self.client.get(response["Location"])
        self.assertNotContains(page, reverse("finance:statement_office_approve", args=[statement.pk]))

        self.as_user("coordinator")
        page = self.client.get(reverse("finance:statement", args=[statement.pk]))
        approve = reverse("finance:statement_department_approve", args=[statement.pk])
        self.assertContains(page, approve)
        self.client.post(approve)

        self.as_user("office")
        approve = reverse("finance:statement_office_approve", args=[statement.pk])
        self.assertContains(self.client.get(reverse("finance:statement", args=[statement.pk])), approve)
        self.client.post(approve)

        self.as_user("finance")
        pay = reverse("finance:statement_pay", args=[statement.pk])
        self.assertContains(self.client.get(reverse("finance:statement", args=[statement.pk])), pay)
        self.client.post(pay, {"budget": self.budget.pk, "spent_on": "2023-12-30", "voucher_number": "记-1230"})

        statement.refresh_from_db()
        self.assertEqual(statement.status, StatementStatus.PAID)
        total = sum(line.amount for line in statement.subsidyline_set.all())
        self.assertEqual(Expense.objects.get(subsidy_statement=statement).amount, total)
        page = self.client.get(reverse("finance:budget") + "?year=2023")
        self.assertEqual(page.context["execution"]["spent"], total)

    def test_the_export_has_numbers_with_two_decimals_a_totals_row_and_no_formulas(self):
        statement = self.make_statement()
        line = statement.subsidyline_set.first()
        line.teacher.name = "=HYPERLINK(1)"
        line.teacher.save()
        self.as_user("office")
        response = self.client.get(reverse("finance:statement_export", args=[statement.pk]))
        rows = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0).to_python()
        body = [r for r in rows[3:] if r[1]]
        self.assertEqual(len(body), statement.subsidyline_set.count())
        self.assertTrue(any(str(r[2]).startswith("'=") for r in body))
        self.assertEqual(sum(Decimal(str(r[6])) for r in body), Decimal(str(rows[-1][6])))
        self.assertEqual(Decimal(str(rows[-1][6])), sum(x.amount for x in statement.subsidyline_set.all()))
        self.assertIn(b"0.00", _styles(response.content))


def _styles(content: bytes) -> bytes:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(content)) as z:
        return z.read("xl/styles.xml")
