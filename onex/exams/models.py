from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from onex.core.fields import Level, ScoreField


class ExamSite(models.Model):
    """An exam site (考核站点) built to an evaluation organization's spec."""

    institution = models.ForeignKey("org.Institution", verbose_name=_("institution"), on_delete=models.PROTECT)
    name = models.CharField(_("name"), max_length=120)
    organization = models.ForeignKey(
        "catalog.EvaluationOrganization", verbose_name=_("accredited by"), on_delete=models.PROTECT
    )
    certificates = models.ManyToManyField("catalog.Certificate", verbose_name=_("certificates accredited"))
    location = models.CharField(_("location"), max_length=200, blank=True)
    year_built = models.PositiveSmallIntegerField(_("year built"), null=True, blank=True)
    accredited_on = models.DateField(_("accredited on"), null=True, blank=True)
    open_to_public = models.BooleanField(_("open to external trainees"), default=False)

    scope_institution = "institution"

    class Meta:
        verbose_name = _("exam site")
        verbose_name_plural = _("exam sites")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["institution", "name"], name="examsite_unique_name")]

    def __str__(self) -> str:
        return self.name


class ExamRoom(models.Model):
    site = models.ForeignKey(ExamSite, verbose_name=_("exam site"), on_delete=models.PROTECT)
    name = models.CharField(_("name"), max_length=80)
    seats = models.PositiveIntegerField(_("seats"))
    equipment = models.CharField(_("equipment"), max_length=300, blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True)

    scope_institution = "site__institution"

    class Meta:
        verbose_name = _("exam room")
        verbose_name_plural = _("exam rooms")
        ordering = ["site", "name"]
        constraints = [
            models.UniqueConstraint(fields=["site", "name"], name="examroom_unique_name"),
            models.CheckConstraint(condition=Q(seats__gt=0), name="examroom_seats_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.site} {self.name}"


class UsagePurpose(models.TextChoices):
    INTERNAL_EXAM = "internal_exam", _("Internal exam")
    INTERNAL_TRAINING = "internal_training", _("Internal training")
    EXTERNAL_TRAINING = "external_training", _("External (社会) training")


class SiteUsage(models.Model):
    site = models.ForeignKey(ExamSite, verbose_name=_("exam site"), on_delete=models.PROTECT)
    used_on = models.DateField(_("date"))
    purpose = models.CharField(_("purpose"), max_length=20, choices=UsagePurpose.choices)
    organization = models.CharField(_("organization"), max_length=200, blank=True)
    headcount = models.PositiveIntegerField(_("headcount"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    scope_institution = "site__institution"

    class Meta:
        verbose_name = _("site usage")
        verbose_name_plural = _("site usage")
        ordering = ["-used_on"]

    def __str__(self) -> str:
        return f"{self.site} {self.used_on} {self.get_purpose_display()}"


class ExamKind(models.TextChoices):
    THEORY = "theory", _("Theory")
    PRACTICAL = "practical", _("Practical")
    BOTH = "both", _("Theory and practical")


class ExamSession(models.Model):
    pilot = models.ForeignKey("pilots.Pilot", verbose_name=_("pilot"), on_delete=models.PROTECT)
    room = models.ForeignKey(ExamRoom, verbose_name=_("exam room"), on_delete=models.PROTECT)
    kind = models.CharField(_("kind"), max_length=10, choices=ExamKind.choices, default=ExamKind.BOTH)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))

    scope_institution = "pilot__institution"
    scope_department = "pilot__department"
    scope_own = {"teacher": "assessorassignment__teacher", "student": "seat__registration__student"}

    class Meta:
        verbose_name = _("exam session")
        verbose_name_plural = _("exam sessions")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="examsession_ends_after_start")
        ]

    def __str__(self) -> str:
        return f"{self.pilot} {self.starts_at:%Y-%m-%d %H:%M} {self.room}"


class Seat(models.Model):
    session = models.ForeignKey(ExamSession, verbose_name=_("exam session"), on_delete=models.CASCADE)
    registration = models.ForeignKey("pilots.Registration", verbose_name=_("registration"), on_delete=models.PROTECT)
    seat_number = models.PositiveIntegerField(_("seat number"))

    scope_institution = "session__pilot__institution"
    scope_department = "session__pilot__department"
    scope_own = {"student": "registration__student", "teacher": "session__assessorassignment__teacher"}

    class Meta:
        verbose_name = _("seat")
        verbose_name_plural = _("seats")
        ordering = ["session", "seat_number"]
        constraints = [
            models.UniqueConstraint(fields=["session", "registration"], name="seat_unique_candidate"),
            models.UniqueConstraint(fields=["session", "seat_number"], name="seat_unique_number"),
            models.CheckConstraint(condition=Q(seat_number__gt=0), name="seat_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.session} #{self.seat_number}"


class AssessorRole(models.TextChoices):
    ASSESSOR = "assessor", _("Assessor (考评员)")
    SUPERVISOR = "supervisor", _("Supervisor (督导员)")


class AssessorQualification(models.Model):
    teacher = models.ForeignKey("org.Teacher", verbose_name=_("teacher"), on_delete=models.PROTECT)
    certificate = models.ForeignKey("catalog.Certificate", verbose_name=_("certificate"), on_delete=models.PROTECT)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    role = models.CharField(_("role"), max_length=12, choices=AssessorRole.choices, default=AssessorRole.ASSESSOR)
    number = models.CharField(_("qualification number"), max_length=60, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))

    scope_institution = "teacher__institution"
    scope_department = "teacher__department"
    scope_own = {"teacher": "teacher"}

    class Meta:
        verbose_name = _("assessor qualification")
        verbose_name_plural = _("assessor qualifications")
        ordering = ["valid_until"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__gte=F("valid_from")), name="qualification_valid_until_after_from"
            ),
            models.UniqueConstraint(
                fields=["teacher", "certificate", "level", "role", "valid_from"], name="qualification_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.teacher} {self.certificate} {self.get_level_display()}"


class AssessorAssignment(models.Model):
    session = models.ForeignKey(ExamSession, verbose_name=_("exam session"), on_delete=models.CASCADE)
    teacher = models.ForeignKey("org.Teacher", verbose_name=_("teacher"), on_delete=models.PROTECT)
    role = models.CharField(_("role"), max_length=12, choices=AssessorRole.choices, default=AssessorRole.ASSESSOR)

    scope_institution = "session__pilot__institution"
    scope_department = "session__pilot__department"
    scope_own = {"teacher": "teacher"}

    class Meta:
        verbose_name = _("assessor assignment")
        verbose_name_plural = _("assessor assignments")
        constraints = [models.UniqueConstraint(fields=["session", "teacher"], name="assignment_unique_teacher")]

    def __str__(self) -> str:
        return f"{self.session} — {self.teacher} ({self.get_role_display()})"


class Outcome(models.TextChoices):
    PASS = "pass", _("Pass")
    FAIL = "fail", _("Fail")
    ABSENT = "absent", _("Absent")


class Result(models.Model):
    registration = models.OneToOneField("pilots.Registration", verbose_name=_("registration"), on_delete=models.PROTECT)
    theory_score = ScoreField(_("theory score"))
    practical_score = ScoreField(_("practical score"))
    total_score = ScoreField(_("total score"))
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    scope_institution = "registration__pilot__institution"
    scope_department = "registration__pilot__department"
    scope_own = {"student": "registration__student"}

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")
        constraints = [
            models.CheckConstraint(
                condition=Q(theory_score__isnull=True) | (Q(theory_score__gte=0) & Q(theory_score__lte=100)),
                name="result_theory_range",
            ),
            models.CheckConstraint(
                condition=Q(practical_score__isnull=True) | (Q(practical_score__gte=0) & Q(practical_score__lte=100)),
                name="result_practical_range",
            ),
            models.CheckConstraint(
                condition=Q(total_score__isnull=True) | (Q(total_score__gte=0) & Q(total_score__lte=100)),
                name="result_total_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.registration} {self.get_outcome_display()}"
