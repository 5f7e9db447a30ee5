from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from onex.core.fields import Level, MoneyField


class PilotStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    APPROVED = "approved", _("Approved")
    OPEN = "open", _("Open for sign-up")
    TRAINING = "training", _("Training")
    EXAMINED = "examined", _("Examined")
    CLOSED = "closed", _("Closed")


class Pilot(models.Model):
    """One certificate at one level piloted by one institution in one year."""

    institution = models.ForeignKey("org.Institution", verbose_name=_("institution"), on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField(_("year"))
    certificate = models.ForeignKey("catalog.Certificate", verbose_name=_("certificate"), on_delete=models.PROTECT)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    department = models.ForeignKey("org.Department", verbose_name=_("department"), on_delete=models.PROTECT)
    majors = models.ManyToManyField("org.Major", verbose_name=_("majors"), blank=True)
    quota = models.PositiveIntegerField(_("quota"), null=True, blank=True)
    fee_per_candidate = MoneyField(_("exam fee per candidate"))
    status = models.CharField(_("status"), max_length=20, choices=PilotStatus.choices, default=PilotStatus.PLANNED)
    min_training_hours = models.DecimalField(
        _("minimum training hours to sit the exam"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    pass_mark = models.DecimalField(_("pass mark"), max_digits=5, decimal_places=2, default=Decimal("60"))
    theory_weight = models.DecimalField(_("theory weight"), max_digits=3, decimal_places=2, default=Decimal("0.50"))
    both_parts_required = models.BooleanField(_("both parts must reach the pass mark"), default=True)
    results_approved_at = models.DateTimeField(_("results approved at"), null=True, blank=True)
    results_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("results approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    scope_institution = "institution"
    scope_department = "department"
    scope_own = {"teacher": "trainingsession__teachers", "student": "registration__student"}

    class Meta:
        verbose_name = _("pilot")
        verbose_name_plural = _("pilots")
        ordering = ["-year", "certificate__name_pinyin", "level"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "year", "certificate", "level"], name="pilot_unique_per_year"
            ),
            models.CheckConstraint(condition=Q(year__gte=2019) & Q(year__lte=2100), name="pilot_year_range"),
            models.CheckConstraint(condition=Q(fee_per_candidate__gte=0), name="pilot_fee_not_negative"),
            models.CheckConstraint(condition=Q(pass_mark__gte=0) & Q(pass_mark__lte=100), name="pilot_pass_mark_range"),
            models.CheckConstraint(
                condition=Q(theory_weight__gte=0) & Q(theory_weight__lte=1), name="pilot_theory_weight_range"
            ),
            models.CheckConstraint(
                condition=Q(min_training_hours__isnull=True) | Q(min_training_hours__gte=0),
                name="pilot_min_hours_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.certificate} ({self.get_level_display()})"


class TraineeType(models.TextChoices):
    SCHOOL = "school", _("Own student")
    EXTERNAL = "external", _("External (社会) trainee")


class Registration(models.Model):
    """A candidate's sign-up (报名) and its filing (备案) on the national platform."""

    # No index of its own: the one-per-pilot constraint and the figures index begin with the pilot.
    pilot = models.ForeignKey(Pilot, verbose_name=_("pilot"), on_delete=models.PROTECT, db_index=False)
    student = models.ForeignKey("org.Student", verbose_name=_("student"), on_delete=models.PROTECT)
    trainee_type = models.CharField(
        _("trainee type"), max_length=10, choices=TraineeType.choices, default=TraineeType.SCHOOL
    )
    applied_on = models.DateField(_("applied on"))
    department_approved_on = models.DateField(_("approved by department on"), null=True, blank=True)
    filed_on = models.DateField(_("filed (备案) on"), null=True, blank=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawal_reason = models.CharField(_("withdrawal reason"), max_length=200, blank=True)

    scope_institution = "pilot__institution"
    scope_department = "pilot__department"
    scope_own = {"student": "student", "teacher": "pilot__trainingsession__teachers"}

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["pilot", "student__name_pinyin"]
        constraints = [
            models.UniqueConstraint(fields=["pilot", "student"], name="registration_unique_per_pilot"),
            models.CheckConstraint(
                condition=Q(filed_on__isnull=True) | Q(filed_on__gte=F("applied_on")),
                name="registration_filed_after_applied",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=F("applied_on")),
                name="registration_withdrawn_after_applied",
            ),
        ]
        indexes = [models.Index(fields=["pilot", "filed_on", "withdrawn_on"], name="registration_figures")]

    def __str__(self) -> str:
        return f"{self.student} — {self.pilot}"


class PilotCounts(models.Model):
    """A pilot's figures, kept so dashboards over millions of registrations stay fast.

    Database triggers (migration 0002) mark the row stale whenever a registration,
    result or certificate of the pilot changes, whatever code made the change;
    ``onex.pilots.figures`` recounts stale rows before it reads them.
    """

    pilot = models.OneToOneField(Pilot, primary_key=True, on_delete=models.CASCADE, related_name="counts")
    registered = models.PositiveIntegerField(default=0)
    completed = models.PositiveIntegerField(default=0)
    passed = models.PositiveIntegerField(default=0)
    certified = models.PositiveIntegerField(default=0)
    stale = models.BooleanField(default=True)

    scope_institution = "pilot__institution"
    scope_department = "pilot__department"

    class Meta:
        verbose_name = _("pilot figures")
        verbose_name_plural = _("pilot figures")
        indexes = [models.Index(fields=["stale"], condition=Q(stale=True), name="pilotcounts_stale")]

    def __str__(self) -> str:
        return str(self.pilot)
