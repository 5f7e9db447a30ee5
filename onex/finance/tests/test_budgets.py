import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError

from onex.core.percent import money, rate
from onex.finance import services
from onex.finance.models import BudgetAllocation, Expense, ExpenseCategory
from onex.finance.selectors import budget_execution, pilot_costs
from onex.finance.tests.helpers import budget, complete
from testsupport.base import OneXTestCase

DAY = dt.date(2023, 6, 1)


class BudgetTests(OneXTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.budget = budget(cls.inst, amount="1000.00")

    def spend(self, amount, **kw):
        kw.setdefault("department", self.dept)
        return services.expense_create(
            actor=self.finance,
            budget=self.budget,
            category=kw.pop("category", ExpenseCategory.MATERIALS),
            amount=Decimal(amount),
            spent_on=DAY,
            **kw,
        )

    def test_finance_creates_a_budget_for_a_year_and_source(self):
        created = services.budget_create(
            actor=self.finance, institution=self.inst, year=2024, source="创新强校专项", amount=Decimal("5000")
        )
        self.assertEqual(created.amount, Decimal("5000.00"))

    def test_it_refuses_budgets_from_coordinators_teachers_and_other_institutions(self):
        for actor in (self.coordinator, self.teacher, self.leader, self.office2):
            with self.subTest(actor=actor.username), self.assertRaises(PermissionDenied):
                services.budget_create(actor=actor, institution=self.inst, year=2024, source="x", amount=Decimal(1))

    def test_it_refuses_allocations_beyond_the_budget(self):
        services.budget_allocation_create(actor=self.finance, budget=self.budget, pilot=self.pilot, amount=Decimal(600))
        with self.assertRaises(ValidationError):
            services.budget_allocation_create(
                actor=self.finance, budget=self.budget, department=self.dept_other, amount=Decimal("400.01")
            )
        self.assertEqual(BudgetAllocation.objects.count(), 1)

    def test_it_refuses_an_allocation_to_another_institutions_pilot(self):
        with self.assertRaises(ValidationError):
            services.budget_allocation_create(
                actor=self.finance, budget=self.budget, pilot=self.pilot2, amount=Decimal(1)
            )

    def test_it_warns_before_an_expense_takes_the_budget_over(self):
        self.spend("900")
        with self.assertRaises(services.OverBudgetError):
            self.spend("100.01")
        self.assertEqual(Expense.objects.count(), 1)
        self.spend("100.01", confirm_over_budget=True)
        self.assertEqual(Expense.objects.count(), 2)

    def test_it_warns_before_an_expense_takes_an_allocation_over(self):
        services.budget_allocation_create(actor=self.finance, budget=self.budget, pilot=self.pilot, amount=Decimal(300))
        self.spend("300", pilot=self.pilot, department=None)
        with self.assertRaises(services.OverBudgetError) as caught:
            self.spend("1", pilot=self.pilot, department=None)
        self.assertIn(str(self.pilot), " ".join(caught.exception.messages))

    def test_it_refuses_expenses_from_anyone_but_finance(self):
        for actor in (self.office, self.coordinator, self.leader, self.office2):
            with self.subTest(actor=actor.username), self.assertRaises(PermissionDenied):
                services.expense_create(
                    actor=actor,
                    budget=self.budget,
                    category=ExpenseCategory.OTHER,
                    amount=Decimal(1),
                    spent_on=DAY,
                    department=self.dept,
                )

    def test_it_refuses_an_expense_without_a_pilot_or_department(self):
        with self.assertRaises(ValidationError):
            self.spend("10", department=None)

    def test_execution_is_reported_per_budget_department_and_category(self):
        services.budget_allocation_create(
            actor=self.finance, budget=self.budget, department=self.dept, amount=Decimal(500)
        )
        self.spend("120.50", category=ExpenseCategory.EXAM_FEES, pilot=self.pilot, department=None)
        self.spend("30", department=self.dept_other, category=ExpenseCategory.OTHER)
        data = budget_execution(institution_id=self.inst.pk, year=2023)
        spent = sum(e.amount for e in Expense.objects.all())
        self.assertEqual(data["spent"], spent)
        self.assertEqual(data["budget"], self.budget.amount)
        self.assertEqual(data["execution_rate"], rate(spent, self.budget.amount))
        by_category = {row["category"]: row["spent"] for row in data["by_category"]}
        self.assertEqual(by_category[ExpenseCategory.EXAM_FEES], Decimal("120.50"))
        self.assertEqual(by_category[ExpenseCategory.SUBSIDIES], Decimal("0.00"))
        by_department = {row["department"]: row for row in data["by_department"]}
        # An expense charged to a pilot counts for the pilot's department.
        self.assertEqual(by_department[self.dept.name]["spent"], Decimal("120.50"))
        self.assertEqual(by_department[self.dept.name]["execution_rate"], rate(Decimal("120.50"), Decimal(500)))
        self.assertEqual(by_department[self.dept_other.name]["spent"], Decimal("30.00"))
        self.assertEqual(budget_execution(institution_id=self.inst2.pk, year=2023)["spent"], Decimal("0.00"))

    def test_exam_fees_are_proposed_from_the_fee_per_candidate_and_candidates_examined(self):
        complete(self.registration)
        row = next(r for r in pilot_costs(institution_id=self.inst.pk, year=2023) if r["pilot"] == self.pilot)
        self.assertEqual(row["examined"], 1)
        self.assertEqual(row["proposed_fees"], money(self.pilot.fee_per_candidate * row["examined"]))
        self.spend(str(row["proposed_fees"]), category=ExpenseCategory.EXAM_FEES, pilot=self.pilot, department=None)
        row = next(r for r in pilot_costs(institution_id=self.inst.pk, year=2023) if r["pilot"] == self.pilot)
        self.assertEqual(row["outstanding_fees"], Decimal("0.00"))
        self.assertEqual(row["cost_per_candidate"], money(row["spent"] / row["examined"]))
