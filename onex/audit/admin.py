from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from onex.audit.modeladmin import LargeTableAdmin
from onex.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(LargeTableAdmin):
    """The audit trail: readable, filterable, never editable by anybody (superusers included)."""

    list_display = ("at", "actor_name", "action", "target_type", "target_repr", "ip_address", "institution")
    search_fields = ("actor_name", "action", "target_repr", "target_id", "reason")
    list_filter = ("action", "target_type", "institution")
    list_select_related = ("institution",)
    ordering = ("-at", "-id")
    actions = None

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
