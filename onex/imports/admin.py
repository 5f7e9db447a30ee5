from django.contrib import admin

from onex.audit.modeladmin import ScopedModelAdmin
from onex.imports.models import ImportJob


@admin.register(ImportJob)
class ImportJobAdmin(ScopedModelAdmin):
    """Read-only here: imports are started and run on the import pages."""

    list_display = ("created_at", "kind", "year", "original_name", "status", "rows_done", "rows_total", "created_by")
    search_fields = ("original_name", "message")
    list_filter = ("kind", "status", "year", "institution")
    list_select_related = ("created_by",)
    ordering = ("-created_at",)
    exclude = ("options",)
