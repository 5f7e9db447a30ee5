from django.contrib import admin

from onex.audit.modeladmin import LargeTableAdmin, ScopedModelAdmin
from onex.exams.models import (
    AssessorAssignment,
    AssessorQualification,
    ExamRoom,
    ExamSession,
    ExamSite,
    Result,
    Seat,
    SiteUsage,
)


@admin.register(ExamSite)
class ExamSiteAdmin(ScopedModelAdmin):
    list_display = ("name", "organization", "location", "year_built", "accredited_on", "open_to_public", "institution")
    search_fields = ("name", "location", "organization__name")
    list_filter = ("open_to_public", "organization", "institution")
    list_select_related = ("organization", "institution")
    ordering = ("name",)
    filter_horizontal = ("certificates",)


@admin.register(ExamRoom)
class ExamRoomAdmin(ScopedModelAdmin):
    list_display = ("name", "site", "seats", "location")
    search_fields = ("name", "site__name", "location", "equipment")
    list_filter = ("site",)
    list_select_related = ("site",)
    ordering = ("site__name", "name")


@admin.register(SiteUsage)
class SiteUsageAdmin(ScopedModelAdmin):
    list_display = ("used_on", "site", "purpose", "organization", "headcount")
    search_fields = ("site__name", "organization", "note")
    list_filter = ("purpose", "site")
    list_select_related = ("site",)
    ordering = ("-used_on",)
    date_hierarchy = "used_on"


@admin.register(ExamSession)
class ExamSessionAdmin(ScopedModelAdmin):
    list_display = ("starts_at", "ends_at", "pilot", "room", "kind")
    search_fields = ("pilot__certificate__name", "room__name", "room__site__name")
    list_filter = ("kind", "pilot__year", "pilot", "pilot__department")
    list_select_related = ("pilot__certificate", "room__site")
    ordering = ("-starts_at",)
    date_hierarchy = "starts_at"


@admin.register(Seat)
class SeatAdmin(LargeTableAdmin):
    list_display = ("session", "seat_number", "registration")
    search_fields = ("registration__student__name", "registration__student__student_number")
    list_filter = ("session",)
    list_select_related = ("session__pilot__certificate", "session__room__site", "registration__student")


@admin.register(AssessorQualification)
class AssessorQualificationAdmin(ScopedModelAdmin):
    list_display = ("teacher", "certificate", "level", "role", "number", "valid_from", "valid_until")
    search_fields = ("teacher__name", "teacher__name_pinyin", "certificate__name", "number")
    list_filter = ("role", "level", "certificate", "teacher__department")
    list_select_related = ("teacher", "certificate")
    ordering = ("teacher__name_pinyin", "certificate__name_pinyin")


@admin.register(AssessorAssignment)
class AssessorAssignmentAdmin(ScopedModelAdmin):
    list_display = ("session", "teacher", "role")
    search_fields = ("teacher__name", "teacher__name_pinyin")
    list_filter = ("role", "session__pilot")
    list_select_related = ("session__pilot__certificate", "session__room__site", "teacher")
    ordering = ("session", "teacher__name_pinyin")


@admin.register(Result)
class ResultAdmin(LargeTableAdmin):
    """Read-only here: results are written by the results import and approval workflow."""

    list_display = ("registration", "theory_score", "practical_score", "total_score", "outcome", "approved_at")
    search_fields = ("registration__student__name", "registration__student__student_number")
    list_filter = ("outcome", "registration__pilot__year", "registration__pilot")
    list_select_related = ("registration__student", "registration__pilot__certificate")
