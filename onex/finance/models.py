from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from onex.core.fields import MoneyField


class Budget(models.Model):
    institution = models.ForeignKey("org.Institution", verbose_name=_("institution"), on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField(_("year"))
    source = models.CharField(_("source of funds"), max_length=120)
    amount = MoneyField(_("amount (yuan)"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    scope_institution = "institution"

    class Meta:
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        ordering = ["-year", "source"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "year", "source"], name="budget_unique_source"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="budget_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.source}"


class BudgetAllocation(models.Model):
    budget = models.ForeignKey(Budget, verbose_name=_("budget"), on_delete=models.CASCADE)
    department = models.ForeignKey(
        "org.Department", verbose_name=_("department"), null=True, blank=True, on_delete=models.PROTECT
    )
    pilot = models.ForeignKey("pilots.Pilot", verbose_name=_("pilot"), null=True, blank=True, on_delete=models.PROTECT)
    amount = MoneyField(_("amount (yuan)"))

    scope_institution = "budget__institution"
    scope_department = "department"

    class Meta:
        verbose_name = _("budget allocation")
        verbose_name_plural = _("budget allocations")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="allocation_amount_not_negative"),
            models.CheckConstraint(
                condition=Q(department__isnull=False) | Q(pilot__isnull=False), name="allocation_has_target"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.budget} → {self.pilot or self.department}"


class ExpenseCategory(models.TextChoices):
    EXAM_FEES = "exam_fees", _("Exam fees")
    TRAINING = "training", _("Training")
    MATERIALS = "materials", _("Materials")
    SITE = "site", _("Site construction")
    TEACHER_TRAINING = "teacher_training", _("Teacher training")
    SUBSIDIES = "subsidies", _("Teacher subsidies")
    OTHER = "other", _("Other")


class Expense(models.Model):
    institution = models.ForeignKey("org.Institution", verbose_name=_("institution"), on_delete=models.PROTECT)
    budget = models.ForeignKey(Budget, verbose_name=_("budget"), on_delete=models.PROTECT)
    category = models.CharField(_("category"), max_length=20, choices=ExpenseCategory.choices)
    pilot = models.ForeignKey("pilots.Pilot", verbose_name=_("pilot"), null=True, blank=True, on_delete=models.PROTECT)
    department = models.ForeignKey(
        "org.Department", verbose_name=_("department"), null=True, blank=True, on_delete=models.PROTECT
    )
    amount = MoneyField(_("amount (yuan)"))
    spent_on = models.DateField(_("date"))
    voucher_number = models.CharField(_("voucher number"), max_length=60, blank=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    subsidy_statement = models.OneToOneField(
        "finance.SubsidyStatement",
        verbose_name=_("subsidy statement"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )

    scope_institution = "institution"
    scope_department = "department"

    class Meta:
        verbose_name = _("expense")
        verbose_name_plural = _("expenses")
        ordering = ["-spent_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="expense_amount_positive"),
            models.CheckConstraint(
                condition=Q(department__isnull=False) | Q(pilot__isnull=False), name="expense_has_target"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.spent_on} {self.get_category_display()} {self.amount}"


class Activity(models.TextChoices):
    TRAINING_HOUR = "training_hour", _("Training hour taught")
    EXAM_ASSESSED = "exam_assessed", _("Exam session assessed")
    EXAM_SUPERVISED = "exam_supervised", _("Exam session supervised")
    CANDIDATE_COMPLETED = "candidate_completed", _("Candidate prepared who completed the exam")
    OTHER = "other", _("Other")


class SubsidyRule(models.Model):
    institution = models.ForeignKey("org.Institution", verbose_name=_("institution"), on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField(_("year"))
    activity = models.CharField(_("activity"), max_length=30, choices=Activity.choices)
    unit_amount = MoneyField(_("amount per unit (yuan)"))

    scope_institution = "institution"

    class Meta:
        verbose_name = _("subsidy rule")
        verbose_name_plural = _("subsidy rules")
        ordering = ["-year", "activity"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "year", "activity"], name="subsidyrule_unique"),
            models.CheckConstraint(condition=Q(unit_amount__gte=0), name="subsidyrule_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.get_activity_display()} {self.unit_amount}"


class WorkloadSource(models.TextChoices):
    TRAINING = "training", _("Training session")
    EXAM = "exam", _("Exam assignment")
    MANUAL = "manual", _("Manual entry")


class WorkloadEntry(models.Model):
    teacher = models.ForeignKey("org.Teacher", verbose_name=_("teacher"), on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField(_("year"))
    pilot = models.ForeignKey("pilots.Pilot", verbose_name=_("pilot"), null=True, blank=True, on_delete=models.PROTECT)
    activity = models.CharField(_("activity"), max_length=30, choices=Activity.choices)
    quantity = models.DecimalField(_("quantity"), max_digits=8, decimal_places=1)
    source = models.CharField(_("source"), max_length=10, choices=WorkloadSource.choices)
    training_session = models.ForeignKey(
        "training.TrainingSession", verbose_name=_("training session"), null=True, blank=True, on_delete=models.PROTECT
    )
    exam_assignment = models.ForeignKey(
        "exams.AssessorAssignment", verbose_name=_("exam assignment"), null=True, blank=True, on_delete=models.PROTECT
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    scope_institution = "teacher__institution"
    scope_department = "teacher__department"
    scope_own = {"teacher": "teacher"}

    class Meta:
        verbose_name = _("workload entry")
        verbose_name_plural = _("workload entries")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="workload_quantity_positive"),
            models.CheckConstraint(condition=~Q(source="manual") | ~Q(reason=""), name="workload_manual_has_reason"),
            # Nothing counted twice: one entry per teacher, activity and record.
            models.UniqueConstraint(
                fields=["teacher", "activity", "training_session"],
                condition=Q(training_session__isnull=False),
                name="workload_unique_training",
            ),
            models.UniqueConstraint(
                fields=["teacher", "activity", "exam_assignment"],
                condition=Q(exam_assignment__isnull=False),
                name="workload_unique_exam",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.teacher} {self.get_activity_display()} × {self.quantity}"


class StatementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    DEPARTMENT_APPROVED = "department_approved", _("Approved by department")
    OFFICE_APPROVED = "office_approved", _("Approved by office")
    PAID = "paid", _("Paid")


class SubsidyStatement(models.Model):
    """补助发放表: one department's subsidy lines for a batch or a year."""

    institution = models.ForeignKey("org.Institution", verbose_name=_("institution"), on_delete=models.PROTECT)
    department = models.ForeignKey("org.Department", verbose_name=_("department"), on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField(_("year"))
    batch = models.CharField(_("batch"), max_length=60, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=StatementStatus.choices, default=StatementStatus.DRAFT
    )
    supersedes = models.ForeignKey(
        "self", verbose_name=_("supersedes"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("reason for a new statement"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    department_approved_at = models.DateTimeField(_("approved by department at"), null=True, blank=True)
    department_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    office_approved_at = models.DateTimeField(_("approved by office at"), null=True, blank=True)
    office_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    scope_institution = "institution"
    scope_department = "department"

    class Meta:
        verbose_name = _("subsidy statement")
        verbose_name_plural = _("subsidy statements")
        ordering = ["-year", "department"]
        constraints = [
            models.CheckConstraint(
                condition=Q(supersedes__isnull=True) | ~Q(reason=""), name="statement_supersedes_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.department} {self.batch}".strip()


class SubsidyLine(models.Model):
    statement = models.ForeignKey(SubsidyStatement, verbose_name=_("statement"), on_delete=models.CASCADE)
    teacher = models.ForeignKey("org.Teacher", verbose_name=_("teacher"), on_delete=models.PROTECT)
    activity = models.CharField(_("activity"), max_length=30, choices=Activity.choices)
    quantity = models.DecimalField(_("quantity"), max_digits=8, decimal_places=1)
    rate = MoneyField(_("rate (yuan)"))
    amount = MoneyField(_("amount (yuan)"))

    scope_institution = "statement__institution"
    scope_department = "statement__department"
    scope_own = {"teacher": "teacher"}

    class Meta:
        verbose_name = _("subsidy line")
        verbose_name_plural = _("subsidy lines")
        constraints = [
            models.UniqueConstraint(fields=["statement", "teacher", "activity"], name="subsidyline_unique"),
            models.CheckConstraint(condition=Q(quantity__gte=0), name="subsidyline_quantity_not_negative"),
            models.CheckConstraint(condition=Q(rate__gte=0), name="subsidyline_rate_not_negative"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="subsidyline_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.teacher} {self.get_activity_display()} {self.amount}"


ZERO = Decimal("0.00")
