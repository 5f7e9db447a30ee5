from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from onex.core.fields import Level
from onex.credentials.codes import new_identity_salt


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("Valid")
    REVOKED = "revoked", _("Revoked")


class IssuedCertificate(models.Model):
    registration = models.OneToOneField("pilots.Registration", verbose_name=_("registration"), on_delete=models.PROTECT)
    number = models.CharField(_("certificate number"), max_length=60)
    issued_on = models.DateField(_("issued on"))
    verify_code = models.CharField(_("verification code"), max_length=40, unique=True)
    status = models.CharField(
        _("status"), max_length=10, choices=CertificateStatus.choices, default=CertificateStatus.VALID
    )
    status_index = models.PositiveIntegerField(_("status list index"), unique=True)
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    revocation_reason = models.CharField(_("revocation reason"), max_length=300, blank=True)
    # Salts the name hash in the public credential; only the holder sees it, so the
    # public cannot confirm a guessed name while the holder can still prove theirs.
    identity_salt = models.CharField(_("identity salt"), max_length=64, default=new_identity_salt, editable=False)

    scope_institution = "registration__pilot__institution"
    scope_department = "registration__pilot__department"
    scope_own = {"student": "registration__student"}

    class Meta:
        verbose_name = _("issued certificate")
        verbose_name_plural = _("issued certificates")
        ordering = ["-issued_on", "number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="valid") | (Q(revoked_on__isnull=False) & ~Q(revocation_reason="")),
                name="revoked_certificate_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.number


class Course(models.Model):
    institution = models.ForeignKey("org.Institution", verbose_name=_("institution"), on_delete=models.PROTECT)
    major = models.ForeignKey("org.Major", verbose_name=_("major"), on_delete=models.PROTECT)
    code = models.CharField(_("course code"), max_length=30)
    name = models.CharField(_("name"), max_length=120)
    credits = models.DecimalField(_("credits"), max_digits=4, decimal_places=1)
    semester = models.PositiveSmallIntegerField(_("semester"), null=True, blank=True)

    scope_institution = "institution"
    scope_department = "major__department"

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["major", "semester", "code"]
        constraints = [
            models.UniqueConstraint(fields=["major", "code"], name="course_unique_code"),
            models.CheckConstraint(condition=Q(credits__gte=0), name="course_credits_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class CourseModuleMap(models.Model):
    """书证融通: a skill module taught inside a course."""

    course = models.ForeignKey(Course, verbose_name=_("course"), on_delete=models.CASCADE)
    skill_module = models.ForeignKey("catalog.SkillModule", verbose_name=_("skill module"), on_delete=models.PROTECT)

    scope_institution = "course__institution"
    scope_department = "course__major__department"

    class Meta:
        verbose_name = _("course–module mapping")
        verbose_name_plural = _("course–module mappings")
        constraints = [
            models.UniqueConstraint(fields=["course", "skill_module"], name="coursemodulemap_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.course} ← {self.skill_module}"


class CreditRule(models.Model):
    """学分银行: a certificate at a level converts into a course's credits."""

    institution = models.ForeignKey("org.Institution", verbose_name=_("institution"), on_delete=models.PROTECT)
    certificate = models.ForeignKey("catalog.Certificate", verbose_name=_("certificate"), on_delete=models.PROTECT)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    course = models.ForeignKey(Course, verbose_name=_("course"), on_delete=models.PROTECT)
    credits = models.DecimalField(_("credits"), max_digits=4, decimal_places=1)

    scope_institution = "institution"
    scope_department = "course__major__department"

    class Meta:
        verbose_name = _("credit conversion rule")
        verbose_name_plural = _("credit conversion rules")
        constraints = [
            models.UniqueConstraint(fields=["certificate", "level", "course"], name="creditrule_unique"),
            models.CheckConstraint(condition=Q(credits__gt=0), name="creditrule_credits_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.certificate} {self.get_level_display()} → {self.course}"


class ConversionStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class CreditConversion(models.Model):
    issued_certificate = models.ForeignKey(
        IssuedCertificate, verbose_name=_("issued certificate"), on_delete=models.PROTECT
    )
    rule = models.ForeignKey(CreditRule, verbose_name=_("rule"), on_delete=models.PROTECT)
    credits = models.DecimalField(_("credits"), max_digits=4, decimal_places=1)
    status = models.CharField(
        _("status"), max_length=10, choices=ConversionStatus.choices, default=ConversionStatus.PROPOSED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True, on_delete=models.SET_NULL
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    scope_institution = "rule__institution"
    scope_department = "issued_certificate__registration__pilot__department"
    scope_own = {"student": "issued_certificate__registration__student"}

    class Meta:
        verbose_name = _("credit conversion")
        verbose_name_plural = _("credit conversions")
        constraints = [
            models.UniqueConstraint(fields=["issued_certificate", "rule"], name="creditconversion_unique"),
            models.CheckConstraint(condition=Q(credits__gt=0), name="creditconversion_credits_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.issued_certificate} → {self.rule.course}"
