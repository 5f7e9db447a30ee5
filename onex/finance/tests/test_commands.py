import datetime as dt
import json
from decimal import Decimal
from io import StringIO

from django.core.management import CommandError, call_command

from onex.core.percent import rate
from onex.finance import services
from onex.finance.models import ExpenseCategory, SubsidyLine
from onex.finance.tests.helpers import ASSESSOR, add_exam, add_rules, add_session, budget, complete
from testsupport.base import OneXTestCase


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return json.loads(out.getvalue())


class CommandTests(OneXTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        add_session(cls.pilot, [cls.teacher_person], day=1, hours="3.0")
        add_exam(cls.pilot, [(cls.teacher_person, ASSESSOR)], day=20)
        complete(cls.registration)
        add_rules(cls.inst)
        cls.budget = budget(cls.inst, amount="1116600.00")
        services.workload_derive(actor=cls.office, institution=cls.inst, year=2023)
        cls.statement = services.subsidy_statement_create(actor=cls.office, department=cls.dept, year=2023)

    def test_subsidies_prints_the_lines_and_totals_per_department(self):
        data = run("subsidies", "--institution", "AAA", "--year", "2023")
        lines = SubsidyLine.objects.filter(statement=self.statement)
        self.assertEqual(len(data["lines"]), lines.count())
        for row in data["lines"]:
            self.assertEqual(Decimal(row["amount"]), Decimal(row["quantity"]) * Decimal(row["rate"]))
            self.assertEqual(row["department"], self.dept.name)
        total = sum(line.amount for line in lines)
        self.assertEqual(data["totals"], [{"department": self.dept.name, "amount": str(total), "paid": "0.00"}])

    def test_budget_prints_execution_with_money_as_strings(self):
        services.expense_create(
            actor=self.finance,
            budget=self.budget,
            category=ExpenseCategory.EXAM_FEES,
            amount=Decimal("300"),
            spent_on=dt.date(2023, 12, 1),
            pilot=self.pilot,
        )
        data = run("budget", "--institution", "AAA", "--year", "2023")
        self.assertEqual(data["budget"], str(self.budget.amount))
        self.assertEqual(data["spent"], "300.00")
        self.assertEqual(data["execution_rate"], str(rate(Decimal(300), self.budget.amount)))
        self.assertEqual({r["category"]: r["spent"] for r in data["by_category"]}[ExpenseCategory.EXAM_FEES], "300.00")
        self.assertEqual(data["by_department"][0]["department"], self.dept.name)

    def test_an_unknown_institution_is_an_error(self):
        with self.assertRaises(CommandError):
            run("budget", "--institution", "NOPE", "--year", "2023")
