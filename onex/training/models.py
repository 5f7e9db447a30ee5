from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from onex.core.fields import Level


class TrainingSession(models.Model):
    pilot = models.ForeignKey("pilots.Pilot", verbose_name=_("pilot"), on_delete=models.PROTECT)
    topic = models.CharField(_("topic"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=1)
    room = models.CharField(_("room"), max_length=100, blank=True)
    teachers = models.ManyToManyField("org.Teacher", verbose_name=_("teachers"), blank=True)

    scope_institution = "pilot__institution"
    scope_department = "pilot__department"
    scope_own = {"teacher": "teachers", "student": "pilot__registration__student"}

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="training_ends_after_start"),
            models.CheckConstraint(condition=Q(hours__gt=0), name="training_hours_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d %H:%M} {self.topic}"


class Attendance(models.Model):
    session = models.ForeignKey(TrainingSession, verbose_name=_("training session"), on_delete=models.CASCADE)
    registration = models.ForeignKey("pilots.Registration", verbose_name=_("registration"), on_delete=models.CASCADE)
    present = models.BooleanField(_("present"), default=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True, on_delete=models.SET_NULL
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)

    scope_institution = "session__pilot__institution"
    scope_department = "session__pilot__department"
    scope_own = {"teacher": "session__teachers", "student": "registration__student"}

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["session", "registration"], name="attendance_unique_per_session")
        ]

    def __str__(self) -> str:
        return f"{self.session} — {self.registration.student}"


class TrainingOutcome(models.TextChoices):
    ATTENDED = "attended", _("Attended")
    QUALIFIED_ASSESSOR = "assessor", _("Qualified as assessor")
    QUALIFIED_SUPERVISOR = "supervisor", _("Qualified as supervisor")
    NOT_PASSED = "not_passed", _("Not passed")


class TeacherTraining(models.Model):
    """A teacher's training (师资培训)."""

    teacher = models.ForeignKey("org.Teacher", verbose_name=_("teacher"), on_delete=models.PROTECT)
    programme = models.CharField(_("programme"), max_length=200)
    organizer = models.CharField(_("organizer"), max_length=200)
    certificate = models.ForeignKey(
        "catalog.Certificate", verbose_name=_("certificate"), null=True, blank=True, on_delete=models.PROTECT
    )
    level = models.CharField(_("level"), max_length=20, choices=Level.choices, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1)
    outcome = models.CharField(_("outcome"), max_length=20, choices=TrainingOutcome.choices)
    qualification_number = models.CharField(_("qualification number"), max_length=60, blank=True)

    scope_institution = "teacher__institution"
    scope_department = "teacher__department"
    scope_own = {"teacher": "teacher"}

    class Meta:
        verbose_name = _("teacher training")
        verbose_name_plural = _("teacher trainings")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="teachertraining_ends_after_start"),
            models.CheckConstraint(condition=Q(hours__gte=0), name="teachertraining_hours_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.teacher} — {self.programme}"
