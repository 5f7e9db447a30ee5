from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from onex.audit.modeladmin import ScopedModelAdmin
from onex.notices.models import Notice, NoticeReceipt


@admin.register(Notice)
class NoticeAdmin(ScopedModelAdmin):
    list_display = ("title", "audience", "department", "pilot", "published_at", "author")
    search_fields = ("title", "body")
    list_filter = ("audience", "department", "institution")
    list_select_related = ("department", "pilot__certificate", "author")
    ordering = ("-published_at", "-id")
    readonly_fields = ("author",)

    def prepare_object(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().prepare_object(request, obj, form, change)
        if obj.author_id is None:
            obj.author = request.user


@admin.register(NoticeReceipt)
class NoticeReceiptAdmin(ScopedModelAdmin):
    """Read-only: receipts are written when a user opens a notice in the portal."""

    list_display = ("notice", "user", "read_at")
    search_fields = ("notice__title", "user__username")
    list_filter = ("notice",)
    list_select_related = ("notice", "user")
    ordering = ("-read_at",)
