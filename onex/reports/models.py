from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    ACCEPTED = "accepted", _("Accepted")


class AnnualReport(models.Model):
    """情况报告: the narrative sections the office writes; numbers come from data."""

    institution = models.ForeignKey("org.Institution", verbose_name=_("institution"), on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField(_("year"))
    report_date = models.DateField(_("report date"), null=True, blank=True)
    sections = models.JSONField(_("narrative sections"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    scope_institution = "institution"

    class Meta:
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["institution", "year"], name="annualreport_unique_year")]

    def __str__(self) -> str:
        return f"{self.institution} {self.year}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("reports:detail", args=[self.institution.code, self.year])


class ReportSubmission(models.Model):
    """One submission of a report to the province, kept as history."""

    report = models.ForeignKey(AnnualReport, verbose_name=_("annual report"), on_delete=models.CASCADE)
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    snapshot = models.JSONField(_("snapshot"), default=dict)
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    comment = models.TextField(_("province's comment"), blank=True)

    scope_institution = "report__institution"

    class Meta:
        verbose_name = _("report submission")
        verbose_name_plural = _("report submissions")
        ordering = ["-submitted_at"]

    def __str__(self) -> str:
        return f"{self.report} {self.submitted_at:%Y-%m-%d}"
