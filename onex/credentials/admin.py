from django.contrib import admin

from onex.audit.modeladmin import LargeTableAdmin, ScopedModelAdmin
from onex.credentials.models import Course, CourseModuleMap, CreditConversion, CreditRule, IssuedCertificate


@admin.register(IssuedCertificate)
class IssuedCertificateAdmin(LargeTableAdmin):
    """Read-only here: certificates are issued and revoked by the results workflow."""

    list_display = ("number", "registration", "issued_on", "status", "revoked_on")
    search_fields = ("number", "verify_code", "registration__student__name", "registration__student__student_number")
    list_filter = ("status", "registration__pilot__year", "registration__pilot")
    list_select_related = ("registration__student", "registration__pilot__certificate")


@admin.register(Course)
class CourseAdmin(ScopedModelAdmin):
    list_display = ("code", "name", "major", "credits", "semester", "institution")
    search_fields = ("code", "name", "major__name")
    list_filter = ("semester", "major", "institution")
    list_select_related = ("major", "institution")
    ordering = ("major__name_pinyin", "semester", "code")


@admin.register(CourseModuleMap)
class CourseModuleMapAdmin(ScopedModelAdmin):
    list_display = ("course", "skill_module")
    search_fields = ("course__name", "course__code", "skill_module__title", "skill_module__code")
    list_filter = ("course", "skill_module__certificate")
    list_select_related = ("course", "skill_module")
    ordering = ("course__code",)


@admin.register(CreditRule)
class CreditRuleAdmin(ScopedModelAdmin):
    list_display = ("certificate", "level", "course", "credits", "institution")
    search_fields = ("certificate__name", "course__name", "course__code")
    list_filter = ("level", "certificate", "institution")
    list_select_related = ("certificate", "course", "institution")
    ordering = ("certificate__name_pinyin", "level")


@admin.register(CreditConversion)
class CreditConversionAdmin(ScopedModelAdmin):
    """Read-only here: conversions are proposed and decided by the credit workflow."""

    list_display = ("issued_certificate", "rule", "credits", "status", "decided_by", "decided_at")
    search_fields = ("issued_certificate__number", "issued_certificate__registration__student__name")
    list_filter = ("status",)
    list_select_related = ("issued_certificate", "rule__course", "decided_by")
    ordering = ("-id",)
