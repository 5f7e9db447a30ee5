"""One subsidy statement from draft to paid, through the roles that own each step, in Chromium."""

from decimal import Decimal

import pytest
from django.core.management import call_command

from onex.accounts.models import User
from onex.demo import facts
from onex.finance.models import Expense, StatementStatus, SubsidyStatement
from onex.finance.services.subsidies import workload_entry_add
from onex.org.models import Teacher
from testsupport.browser import BrowserTestCase


@pytest.mark.browser
class StatementInChromiumTestCase(BrowserTestCase):
    def setUp(self):
        super().setUp()
        call_command("load_demo", verbosity=0)
        self.coordinator = User.objects.get(username="coordinator")
        self.department = self.coordinator.department
        self.teacher = Teacher.objects.get(user__username="teacher")
        self.assertEqual(self.teacher.department, self.department)
        # Work not on any statement yet, so the new draft has a line to pay.
        workload_entry_add(
            actor=self.coordinator,
            teacher=self.teacher,
            year=2023,
            activity="training_hour",
            quantity=Decimal("6"),
            reason="补录：周末集中培训",
        )

    def test_a_statement_walks_from_draft_to_paid_through_the_four_roles(self):
        from playwright.sync_api import expect

        page = self.page
        # The office makes the draft for the department.
        self.log_in("office", facts.PASSWORD)
        page.goto(self.live_server_url + "/finance/statements/?year=2023")
        page.select_option("select[name=department]", str(self.department.pk))
        with page.expect_navigation():
            page.click("text=生成草稿")
        statement = SubsidyStatement.objects.get(department=self.department, status=StatementStatus.DRAFT)
        url = f"{self.live_server_url}/finance/statements/{statement.pk}/"
        expect(page.locator("body")).to_contain_text(self.teacher.name)
        self.assertEqual(page.locator("button[name=approve]").count(), 0)  # not the office's step yet

        # The department's coordinator approves first.
        self.new_person()
        self.log_in("coordinator", facts.PASSWORD)
        self.page.goto(url)
        with self.page.expect_navigation():
            self.page.click("button[name=approve]")
        statement.refresh_from_db()
        self.assertEqual(statement.status, StatementStatus.DEPARTMENT_APPROVED)

        # Then the 1+X office.
        self.new_person()
        self.log_in("office", facts.PASSWORD)
        self.page.goto(url)
        with self.page.expect_navigation():
            self.page.click("button[name=approve]")
        statement.refresh_from_db()
        self.assertEqual(statement.status, StatementStatus.OFFICE_APPROVED)

        # Finance pays it; the payment becomes an expense of the budget by itself.
        self.new_person()
        self.log_in("finance", facts.PASSWORD)
        self.page.goto(url)
        self.page.fill("input[name=voucher_number]", "记-2023-1208")
        with self.page.expect_navigation():
            self.page.click("button[name=pay]")
        statement.refresh_from_db()
        self.assertEqual(statement.status, StatementStatus.PAID)
        expense = Expense.objects.get(subsidy_statement=statement)
        self.assertEqual(expense.voucher_number, "记-2023-1208")
        expect(self.page.locator("body")).to_contain_text("已发放")
        self.assertEqual(self.page.locator("button[name=pay]").count(), 0)

        # The teacher sees the work that was paid.
        self.new_person()
        self.log_in("teacher", facts.PASSWORD)
        self.page.goto(self.live_server_url + "/finance/workload/?year=2023")
        expect(self.page.locator("body")).to_contain_text("补录：周末集中培训")
        self.assertEqual(self.outside_requests, [])
