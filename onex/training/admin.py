from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from onex.audit.modeladmin import LargeTableAdmin, ScopedModelAdmin
from onex.training.models import Attendance, TeacherTraining, TrainingSession


@admin.register(TrainingSession)
class TrainingSessionAdmin(ScopedModelAdmin):
    list_display = ("starts_at", "topic", "pilot", "hours", "room")
    search_fields = ("topic", "room", "pilot__certificate__name", "teachers__name")
    list_filter = ("pilot__year", "pilot", "pilot__department")
    list_select_related = ("pilot__certificate",)
    ordering = ("-starts_at",)
    filter_horizontal = ("teachers",)
    date_hierarchy = "starts_at"


@admin.register(Attendance)
class AttendanceAdmin(LargeTableAdmin):
    list_display = ("session", "registration", "present", "recorded_by", "recorded_at")
    search_fields = ("registration__student__name", "registration__student__student_number", "session__topic")
    list_filter = ("present", "session__pilot", "session__pilot__department")
    list_select_related = ("session", "registration__student", "registration__pilot__certificate", "recorded_by")
    readonly_fields = ("recorded_by", "recorded_at")

    def prepare_object(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().prepare_object(request, obj, form, change)
        obj.recorded_by = request.user


@admin.register(TeacherTraining)
class TeacherTrainingAdmin(ScopedModelAdmin):
    list_display = ("teacher", "programme", "organizer", "certificate", "level", "starts_on", "hours", "outcome")
    search_fields = ("teacher__name", "teacher__name_pinyin", "programme", "organizer", "qualification_number")
    list_filter = ("outcome", "level", "certificate", "teacher__department")
    list_select_related = ("teacher", "certificate")
    ordering = ("-starts_on", "teacher__name_pinyin")
    date_hierarchy = "starts_on"
