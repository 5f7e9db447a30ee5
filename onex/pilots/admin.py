from django.contrib import admin

from onex.audit.modeladmin import LargeTableAdmin, ScopedModelAdmin
from onex.pilots.models import Pilot, PilotCounts, Registration


@admin.register(Pilot)
class PilotAdmin(ScopedModelAdmin):
    list_display = ("year", "certificate", "level", "department", "quota", "fee_per_candidate", "status", "institution")
    search_fields = ("certificate__name", "certificate__code", "department__name")
    list_filter = ("year", "level", "status", "department", "institution")
    list_select_related = ("certificate", "department", "institution")
    ordering = ("-year", "certificate__name_pinyin", "level")
    filter_horizontal = ("majors",)
    readonly_fields = ("results_approved_at", "results_approved_by")


@admin.register(Registration)
class RegistrationAdmin(LargeTableAdmin):
    list_display = (
        "student",
        "pilot",
        "trainee_type",
        "applied_on",
        "department_approved_on",
        "filed_on",
        "withdrawn_on",
    )
    search_fields = ("student__name", "student__student_number", "student__name_pinyin", "pilot__certificate__name")
    list_filter = ("pilot__year", "trainee_type", "pilot", "pilot__department")
    list_select_related = ("student", "pilot__certificate")


@admin.register(PilotCounts)
class PilotCountsAdmin(ScopedModelAdmin):
    """The cached figures, read-only: database triggers and onex.pilots.figures keep them."""

    list_display = ("pilot", "registered", "completed", "passed", "certified", "stale")
    list_filter = ("stale", "pilot__year")
    list_select_related = ("pilot__certificate",)
    search_fields = ("pilot__certificate__name",)
