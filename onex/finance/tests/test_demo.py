from decimal import Decimal

from django.db.models import Sum
from django.test import TestCase

from onex.core.percent import money
from onex.demo.services import demo_load
from onex.finance import demo
from onex.finance.models import Budget, Expense, ExpenseCategory, StatementStatus, SubsidyLine, SubsidyStatement
from onex.finance.selectors import budget_execution
from onex.org.models import Institution


def counts():
    return {model.__name__: model.objects.count() for model in (Budget, Expense, SubsidyStatement, SubsidyLine)}


class TheFinanceDemo(TestCase):
    @classmethod
    def setUpTestData(cls):
        demo_load()
        cls.inst = Institution.objects.get(code="GDMMNL")

    def test_the_2023_budget_is_the_seeds_and_no_second_one_is_made(self):
        budgets = Budget.objects.filter(institution=self.inst, year=2023)
        self.assertEqual(budgets.aggregate(s=Sum("amount"))["s"], Decimal("1116600.00"))
        self.assertEqual(budgets.count(), 1)

    def test_2023_has_a_statement_in_each_state(self):
        states = set(SubsidyStatement.objects.filter(institution=self.inst, year=2023).values_list("status", flat=True))
        self.assertEqual(states, set(StatementStatus.values))

    def test_every_line_is_quantity_times_rate(self):
        for line in SubsidyLine.objects.filter(statement__institution=self.inst):
            self.assertEqual(line.amount, money(line.quantity * line.rate))

    def test_the_paid_statement_is_an_expense_and_spending_stays_within_the_budget(self):
        paid = SubsidyStatement.objects.get(institution=self.inst, year=2023, status=StatementStatus.PAID)
        expense = Expense.objects.get(subsidy_statement=paid)
        self.assertEqual(expense.category, ExpenseCategory.SUBSIDIES)
        self.assertEqual(expense.amount, paid.subsidyline_set.aggregate(s=Sum("amount"))["s"])
        execution = budget_execution(institution_id=self.inst.pk, year=2023)
        self.assertGreater(execution["spent"], 0)
        self.assertLessEqual(execution["spent"], execution["budget"])
        for row in execution["by_department"]:
            self.assertLessEqual(row["spent"], row["allocated"])

    def test_loading_again_changes_nothing(self):
        before = counts()
        for inst in Institution.objects.all():
            demo.load(inst)
        self.assertEqual(counts(), before)
