from django.contrib import admin

from onex.audit.modeladmin import ScopedModelAdmin
from onex.reports.models import AnnualReport, ReportSubmission


@admin.register(AnnualReport)
class AnnualReportAdmin(ScopedModelAdmin):
    """Read-only here: the office writes and submits the report on the report pages."""

    list_display = ("institution", "year", "report_date", "status", "updated_at")
    search_fields = ("institution__name",)
    list_filter = ("year", "status", "institution")
    list_select_related = ("institution",)
    ordering = ("-year", "institution__name_pinyin")


@admin.register(ReportSubmission)
class ReportSubmissionAdmin(ScopedModelAdmin):
    list_display = ("report", "submitted_at", "submitted_by", "returned_at")
    search_fields = ("report__institution__name", "comment")
    list_filter = ("report__year",)
    list_select_related = ("report__institution", "submitted_by")
    ordering = ("-submitted_at",)
