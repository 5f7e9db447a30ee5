from django.contrib import admin

from onex.audit.modeladmin import ScopedModelAdmin
from onex.catalog.models import Certificate, EvaluationOrganization, SkillModule


@admin.register(EvaluationOrganization)
class EvaluationOrganizationAdmin(ScopedModelAdmin):
    list_display = ("pinyin_name", "short_name")
    search_fields = ("name", "short_name", "name_pinyin")
    ordering = ("name_pinyin",)


@admin.register(Certificate)
class CertificateAdmin(ScopedModelAdmin):
    list_display = ("pinyin_name", "code", "organization", "levels")
    search_fields = ("name", "code", "name_pinyin", "organization__name")
    list_filter = ("organization",)
    list_select_related = ("organization",)
    ordering = ("name_pinyin",)


@admin.register(SkillModule)
class SkillModuleAdmin(ScopedModelAdmin):
    list_display = ("code", "title", "certificate", "level")
    search_fields = ("code", "title", "certificate__name")
    list_filter = ("level", "certificate")
    list_select_related = ("certificate",)
    ordering = ("certificate__name_pinyin", "level", "code")
