import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError

from onex.accounts.models import Role, User
from onex.accounts.services import user_create
from onex.audit.models import AuditEvent
from onex.core.percent import money
from onex.finance import services
from onex.finance.models import (
    Activity,
    Expense,
    ExpenseCategory,
    StatementStatus,
    SubsidyRule,
    SubsidyStatement,
    WorkloadEntry,
    WorkloadSource,
)
from onex.finance.tests.helpers import ASSESSOR, RATES, SUPERVISOR, add_exam, add_rules, add_session, budget, complete
from onex.org import services as org
from onex.pilots.figures import pilots_with_figures
from testsupport.base import PASSWORD, OneXTestCase


class SubsidyTestCase(OneXTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.s1 = add_session(cls.pilot, [cls.teacher_person, cls.teacher_other_person], day=1, hours="2.0")
        cls.s2 = add_session(cls.pilot, [cls.teacher_person], day=2, hours="3.5")
        cls.exam = add_exam(cls.pilot, [(cls.teacher_person, ASSESSOR), (cls.teacher_other_person, SUPERVISOR)], day=20)
        complete(cls.registration)
        add_rules(cls.inst)
        cls.budget = budget(cls.inst)

    def derive(self):
        return services.workload_derive(actor=self.office, institution=self.inst, year=2023)

    def quantity(self, teacher, activity):
        return sum(e.quantity for e in WorkloadEntry.objects.filter(teacher=teacher, activity=activity))

    def draft(self, department=None):
        self.derive()
        return services.subsidy_statement_create(actor=self.office, department=department or self.dept, year=2023)

    def approved_by_office(self):
        statement = self.draft()
        services.subsidy_statement_department_approve(actor=self.coordinator, statement=statement)
        return services.subsidy_statement_office_approve(actor=self.office, statement=statement)


class WorkloadTests(SubsidyTestCase):
    def test_it_derives_hours_taught_exams_assessed_and_candidates_completed_from_the_records(self):
        self.derive()
        self.assertEqual(self.quantity(self.teacher_person, Activity.TRAINING_HOUR), self.s1.hours + self.s2.hours)
        self.assertEqual(self.quantity(self.teacher_other_person, Activity.TRAINING_HOUR), self.s1.hours)
        self.assertEqual(self.quantity(self.teacher_person, Activity.EXAM_ASSESSED), 1)
        self.assertEqual(self.quantity(self.teacher_other_person, Activity.EXAM_SUPERVISED), 1)
        completed = pilots_with_figures(pilots=type(self.pilot).objects.filter(pk=self.pilot.pk)).get().completed
        self.assertEqual(self.quantity(self.teacher_person, Activity.CANDIDATE_COMPLETED), completed)

    def test_deriving_twice_counts_nothing_twice(self):
        first = self.derive()
        entries = sorted(WorkloadEntry.objects.values_list("teacher_id", "activity", "quantity"))
        second = self.derive()
        self.assertGreater(first["created"], 0)
        self.assertEqual(second, {"created": 0, "updated": 0, "removed": 0})
        self.assertEqual(sorted(WorkloadEntry.objects.values_list("teacher_id", "activity", "quantity")), entries)

    def test_deriving_follows_a_teacher_removed_from_a_session(self):
        self.derive()
        self.s1.teachers.remove(self.teacher_other_person)
        self.derive()
        self.assertEqual(self.quantity(self.teacher_other_person, Activity.TRAINING_HOUR), 0)

    def test_deriving_keeps_manual_entries(self):
        services.workload_entry_add(
            actor=self.coordinator,
            teacher=self.teacher_person,
            year=2023,
            activity=Activity.OTHER,
            quantity=Decimal("3"),
            reason="组织模拟考",
        )
        self.derive()
        self.assertEqual(self.quantity(self.teacher_person, Activity.OTHER), 3)

    def test_it_refuses_a_manual_entry_without_a_reason(self):
        with self.assertRaises(ValidationError):
            services.workload_entry_add(
                actor=self.office,
                teacher=self.teacher_person,
                year=2023,
                activity=Activity.OTHER,
                quantity=Decimal("1"),
                reason="  ",
            )

    def test_it_refuses_a_manual_entry_from_the_coordinator_of_another_department(self):
        with self.assertRaises(PermissionDenied):
            services.workload_entry_add(
                actor=self.coordinator_other,
                teacher=self.teacher_person,
                year=2023,
                activity=Activity.OTHER,
                quantity=Decimal("1"),
                reason="补录",
            )

    def test_it_refuses_a_manual_entry_from_a_teacher_or_finance(self):
        for actor in (self.teacher, self.finance, self.office2):
            with self.subTest(actor=actor.username), self.assertRaises(PermissionDenied):
                services.workload_entry_add(
                    actor=actor,
                    teacher=self.teacher_person,
                    year=2023,
                    activity=Activity.OTHER,
                    quantity=Decimal("1"),
                    reason="补录",
                )

    def test_it_refuses_to_withdraw_a_derived_entry(self):
        self.derive()
        entry = WorkloadEntry.objects.filter(source=WorkloadSource.TRAINING).first()
        with self.assertRaises(ValidationError):
            services.workload_entry_delete(actor=self.office, entry=entry, reason="错误")

    def test_it_refuses_deriving_for_a_teacher_or_another_institution(self):
        for actor in (self.teacher, self.finance, self.office2):
            with self.subTest(actor=actor.username), self.assertRaises(PermissionDenied):
                services.workload_derive(actor=actor, institution=self.inst, year=2023)


class RuleTests(SubsidyTestCase):
    def test_the_office_changes_a_rule_and_drafts_follow(self):
        statement = self.draft()
        services.subsidy_rule_set(
            actor=self.office,
            institution=self.inst,
            year=2023,
            activity=Activity.TRAINING_HOUR,
            unit_amount=Decimal("90"),
        )
        line = statement.subsidyline_set.get(teacher=self.teacher_person, activity=Activity.TRAINING_HOUR)
        self.assertEqual(line.rate, Decimal("90.00"))
        self.assertEqual(line.amount, money(line.quantity * Decimal("90")))
        self.assertTrue(AuditEvent.objects.filter(action="subsidy_rule.set").exists())

    def test_it_refuses_rule_changes_from_other_roles(self):
        for actor in (self.coordinator, self.finance, self.leader, self.teacher, self.office2):
            with self.subTest(actor=actor.username), self.assertRaises(PermissionDenied):
                services.subsidy_rule_set(
                    actor=actor, institution=self.inst, year=2023, activity=Activity.OTHER, unit_amount=Decimal("2")
                )

    def test_it_refuses_rule_changes_once_a_statement_of_the_year_is_approved(self):
        statement = self.draft()
        services.subsidy_statement_department_approve(actor=self.coordinator, statement=statement)
        with self.assertRaises(ValidationError):
            services.subsidy_rule_set(
                actor=self.office, institution=self.inst, year=2023, activity=Activity.OTHER, unit_amount=Decimal("2")
            )
        # Another year stays open.
        services.subsidy_rule_set(
            actor=self.office, institution=self.inst, year=2024, activity=Activity.OTHER, unit_amount=Decimal("2")
        )
        self.assertTrue(SubsidyRule.objects.filter(year=2024).exists())


class StatementTests(SubsidyTestCase):
    def test_a_statement_has_one_line_per_teacher_and_activity_priced_by_the_rules(self):
        statement = self.draft()
        lines = list(statement.subsidyline_set.all())
        self.assertEqual(
            {(line.teacher_id, line.activity) for line in lines},
            set(WorkloadEntry.objects.filter(teacher__department=self.dept).values_list("teacher_id", "activity")),
        )
        for line in lines:
            self.assertEqual(line.rate, RATES[line.activity])
            self.assertEqual(line.amount, money(line.quantity * line.rate))
            self.assertEqual(line.teacher.department_id, self.dept.pk)

    def test_it_refuses_a_statement_when_an_activity_has_no_rule(self):
        SubsidyRule.objects.filter(activity=Activity.EXAM_ASSESSED).delete()
        with self.assertRaises(ValidationError):
            self.draft()

    def test_it_refuses_a_second_draft_for_the_same_department_and_year(self):
        self.draft()
        with self.assertRaises(ValidationError):
            services.subsidy_statement_create(actor=self.office, department=self.dept, year=2023)

    def test_it_refuses_a_statement_from_the_coordinator_of_another_department(self):
        with self.assertRaises(PermissionDenied):
            services.subsidy_statement_create(actor=self.coordinator_other, department=self.dept, year=2023)

    def test_a_later_batch_pays_only_the_work_done_since_the_last_statement(self):
        first = self.approved_by_office()
        add_session(self.pilot, [self.teacher_person], day=3, hours="4.0")
        self.derive()
        second = services.subsidy_statement_create(actor=self.office, department=self.dept, year=2023, batch="第二批")
        self.assertEqual(
            list(second.subsidyline_set.values_list("teacher_id", "activity", "quantity")),
            [(self.teacher_person.pk, Activity.TRAINING_HOUR, Decimal("4.0"))],
        )
        self.assertEqual(first.status, StatementStatus.OFFICE_APPROVED)

    def test_the_department_coordinator_approves_and_the_trail_records_it(self):
        statement = self.draft()
        services.subsidy_statement_department_approve(actor=self.coordinator, statement=statement)
        statement.refresh_from_db()
        self.assertEqual(statement.status, StatementStatus.DEPARTMENT_APPROVED)
        self.assertEqual(statement.department_approved_by, self.coordinator)
        event = AuditEvent.objects.get(action="subsidy_statement.department_approved")
        self.assertEqual(event.actor, self.coordinator)

    def test_it_refuses_department_approval_by_the_coordinator_of_another_department(self):
        statement = self.draft()
        with self.assertRaises(PermissionDenied):
            services.subsidy_statement_department_approve(actor=self.coordinator_other, statement=statement)

    def test_it_refuses_department_approval_by_other_roles(self):
        statement = self.draft()
        for actor in (self.office, self.finance, self.teacher, self.leader, self.coordinator2):
            with self.subTest(actor=actor.username), self.assertRaises(PermissionDenied):
                services.subsidy_statement_department_approve(actor=actor, statement=statement)

    def test_it_refuses_office_approval_of_a_draft_statement(self):
        statement = self.draft()
        with self.assertRaises(ValidationError):
            services.subsidy_statement_office_approve(actor=self.office, statement=statement)

    def test_it_refuses_office_approval_by_other_roles(self):
        statement = self.draft()
        services.subsidy_statement_department_approve(actor=self.coordinator, statement=statement)
        for actor in (self.coordinator, self.finance, self.leader, self.office2):
            with self.subTest(actor=actor.username), self.assertRaises(PermissionDenied):
                services.subsidy_statement_office_approve(actor=actor, statement=statement)

    def test_of_two_people_approving_at_once_one_wins_and_the_other_is_told(self):
        statement = self.draft()
        stale = SubsidyStatement.objects.get(pk=statement.pk)
        services.subsidy_statement_department_approve(actor=self.coordinator, statement=statement)
        services.subsidy_statement_office_approve(actor=self.office, statement=statement)
        with self.assertRaises(services.StatementConflictError):
            services.subsidy_statement_department_approve(actor=self.coordinator, statement=stale)
        self.assertEqual(AuditEvent.objects.filter(action="subsidy_statement.department_approved").count(), 1)

    def test_an_approved_statement_is_locked(self):
        statement = self.draft()
        services.subsidy_statement_department_approve(actor=self.coordinator, statement=statement)
        with self.assertRaises(ValidationError):
            services.subsidy_statement_refresh(actor=self.office, statement=statement)

    def test_a_change_after_approval_needs_a_new_statement_that_says_why(self):
        statement = self.approved_by_office()
        with self.assertRaises(ValidationError):
            services.subsidy_statement_supersede(actor=self.office, statement=statement, reason="")
        services.workload_entry_add(
            actor=self.office,
            teacher=self.teacher_person,
            year=2023,
            activity=Activity.OTHER,
            quantity=Decimal("2"),
            reason="漏报监考",
        )
        new = services.subsidy_statement_supersede(actor=self.office, statement=statement, reason="补漏报工作量")
        self.assertEqual(new.supersedes, statement)
        # The replacement carries the whole year again, not just the difference.
        old_quantity = sum(line.quantity for line in statement.subsidyline_set.all())
        new_quantity = sum(line.quantity for line in new.subsidyline_set.all())
        self.assertEqual(new_quantity, old_quantity + 2)
        with self.assertRaises(ValidationError):
            services.subsidy_statement_pay(actor=self.finance, statement=statement, spent_on=dt.date(2023, 7, 1))

    def test_it_refuses_to_replace_a_draft(self):
        statement = self.draft()
        with self.assertRaises(ValidationError):
            services.subsidy_statement_supersede(actor=self.office, statement=statement, reason="改")


class PaymentTests(SubsidyTestCase):
    def test_finance_pays_an_office_approved_statement_and_its_expense_is_recorded(self):
        statement = self.approved_by_office()
        services.subsidy_statement_pay(
            actor=self.finance, statement=statement, spent_on=dt.date(2023, 7, 1), voucher_number="记-0701"
        )
        statement.refresh_from_db()
        self.assertEqual(statement.status, StatementStatus.PAID)
        expense = Expense.objects.get(subsidy_statement=statement)
        self.assertEqual(expense.category, ExpenseCategory.SUBSIDIES)
        self.assertEqual(expense.amount, sum(line.amount for line in statement.subsidyline_set.all()))
        self.assertEqual(expense.department, self.dept)
        self.assertEqual(expense.voucher_number, "记-0701")

    def test_it_refuses_payment_of_a_statement_the_office_has_not_approved(self):
        statement = self.draft()
        services.subsidy_statement_department_approve(actor=self.coordinator, statement=statement)
        with self.assertRaises(ValidationError):
            services.subsidy_statement_pay(actor=self.finance, statement=statement, spent_on=dt.date(2023, 7, 1))
        self.assertFalse(Expense.objects.exists())

    def test_it_refuses_payment_by_other_roles(self):
        statement = self.approved_by_office()
        for actor in (self.office, self.coordinator, self.leader, self.teacher):
            with self.subTest(actor=actor.username), self.assertRaises(PermissionDenied):
                services.subsidy_statement_pay(actor=actor, statement=statement, spent_on=dt.date(2023, 7, 1))

    def test_it_warns_before_a_payment_takes_the_budget_over_and_pays_when_confirmed(self):
        statement = self.approved_by_office()
        total = sum(line.amount for line in statement.subsidyline_set.all())
        self.budget.amount = total - Decimal("0.01")
        self.budget.save()
        with self.assertRaises(services.OverBudgetError):
            services.subsidy_statement_pay(actor=self.finance, statement=statement, spent_on=dt.date(2023, 7, 1))
        statement.refresh_from_db()
        self.assertEqual(statement.status, StatementStatus.OFFICE_APPROVED)
        services.subsidy_statement_pay(
            actor=self.finance, statement=statement, spent_on=dt.date(2023, 7, 1), confirm_over_budget=True
        )
        self.assertEqual(Expense.objects.get().amount, total)

    def test_a_paid_statement_cannot_be_paid_again(self):
        statement = self.approved_by_office()
        services.subsidy_statement_pay(actor=self.finance, statement=statement, spent_on=dt.date(2023, 7, 1))
        with self.assertRaises(services.StatementConflictError):
            services.subsidy_statement_pay(actor=self.finance, statement=statement, spent_on=dt.date(2023, 7, 2))
        self.assertEqual(Expense.objects.count(), 1)


class SeparationOfDutiesTests(SubsidyTestCase):
    """A coordinator, office member or finance member who is also a teacher never signs off their own pay."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.head = org.teacher_create(department=cls.dept, staff_number="T009", name="陈主任")
        cls.coordinator_peer = user_create(
            username="bob2", password=PASSWORD, role=Role.COORDINATOR, institution=cls.inst, department=cls.dept
        )
        cls.office_peer = user_create(username="alice2", password=PASSWORD, role=Role.OFFICE, institution=cls.inst)
        cls.finance_peer = user_create(username="fiona2", password=PASSWORD, role=Role.FINANCE, institution=cls.inst)

    def link(self, user):
        User.objects.filter(pk=user.pk).update(teacher=self.head)
        user.refresh_from_db()
        return user

    def statement_paying_the_head(self):
        services.workload_entry_add(
            actor=self.office,
            teacher=self.head,
            year=2023,
            activity=Activity.TRAINING_HOUR,
            quantity=Decimal(99),
            reason="补登培训课时",
        )
        statement = self.draft()
        self.assertTrue(statement.subsidyline_set.filter(teacher=self.head).exists())
        return statement

    def test_a_coordinator_may_not_approve_at_department_level_a_statement_that_pays_them(self):
        statement = self.statement_paying_the_head()
        bob = self.link(self.coordinator)
        with self.assertRaises(PermissionDenied) as ctx:
            services.subsidy_statement_department_approve(actor=bob, statement=statement)
        self.assertIn("职责分离", str(ctx.exception))
        self.assertIn("不得审核含有本人补助的结算单", str(ctx.exception))
        statement.refresh_from_db()
        self.assertEqual(statement.status, StatementStatus.DRAFT)
        # Another coordinator of the department still can.
        services.subsidy_statement_department_approve(actor=self.coordinator_peer, statement=statement)

    def test_an_office_member_may_not_approve_a_statement_that_pays_them(self):
        statement = self.statement_paying_the_head()
        services.subsidy_statement_department_approve(actor=self.coordinator, statement=statement)
        alice = self.link(self.office)
        with self.assertRaises(PermissionDenied) as ctx:
            services.subsidy_statement_office_approve(actor=alice, statement=statement)
        self.assertIn("不得审批含有本人补助的结算单", str(ctx.exception))
        statement.refresh_from_db()
        self.assertEqual(statement.status, StatementStatus.DEPARTMENT_APPROVED)
        services.subsidy_statement_office_approve(actor=self.office_peer, statement=statement)

    def test_a_finance_member_may_not_pay_a_statement_that_pays_them(self):
        statement = self.statement_paying_the_head()
        services.subsidy_statement_department_approve(actor=self.coordinator, statement=statement)
        services.subsidy_statement_office_approve(actor=self.office, statement=statement)
        fiona = self.link(self.finance)
        with self.assertRaises(PermissionDenied) as ctx:
            services.subsidy_statement_pay(actor=fiona, statement=statement, spent_on=dt.date(2023, 7, 1))
        self.assertIn("不得支付含有本人补助的结算单", str(ctx.exception))
        self.assertFalse(Expense.objects.exists())
        services.subsidy_statement_pay(actor=self.finance_peer, statement=statement, spent_on=dt.date(2023, 7, 1))

    def test_a_coordinator_may_not_record_workload_for_themself(self):
        bob = self.link(self.coordinator)
        with self.assertRaises(PermissionDenied) as ctx:
            services.workload_entry_add(
                actor=bob,
                teacher=self.head,
                year=2023,
                activity=Activity.TRAINING_HOUR,
                quantity=Decimal(99),
                reason="补登",
            )
        self.assertIn("不得为本人登记工作量", str(ctx.exception))
        self.assertFalse(WorkloadEntry.objects.filter(teacher=self.head).exists())

    def test_a_linked_coordinator_still_approves_a_statement_that_does_not_pay_them(self):
        statement = self.draft()
        bob = self.link(self.coordinator)
        services.subsidy_statement_department_approve(actor=bob, statement=statement)
        statement.refresh_from_db()
        self.assertEqual(statement.status, StatementStatus.DEPARTMENT_APPROVED)
