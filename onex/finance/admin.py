from django.contrib import admin

from onex.audit.modeladmin import ScopedModelAdmin
from onex.finance.models import (
    Budget,
    BudgetAllocation,
    Expense,
    SubsidyLine,
    SubsidyRule,
    SubsidyStatement,
    WorkloadEntry,
)


@admin.register(Budget)
class BudgetAdmin(ScopedModelAdmin):
    list_display = ("year", "source", "amount", "note", "institution")
    search_fields = ("source", "note")
    list_filter = ("year", "institution")
    list_select_related = ("institution",)
    ordering = ("-year", "source")


@admin.register(BudgetAllocation)
class BudgetAllocationAdmin(ScopedModelAdmin):
    list_display = ("budget", "department", "pilot", "amount")
    search_fields = ("budget__source", "department__name", "pilot__certificate__name")
    list_filter = ("budget__year", "department")
    list_select_related = ("budget", "department", "pilot__certificate")
    ordering = ("-budget__year", "budget__source")


@admin.register(Expense)
class ExpenseAdmin(ScopedModelAdmin):
    list_display = ("spent_on", "category", "amount", "budget", "department", "pilot", "voucher_number")
    search_fields = ("voucher_number", "description")
    list_filter = ("category", "budget__year", "budget", "department")
    list_select_related = ("budget", "department", "pilot__certificate")
    ordering = ("-spent_on", "-id")
    date_hierarchy = "spent_on"


@admin.register(SubsidyRule)
class SubsidyRuleAdmin(ScopedModelAdmin):
    list_display = ("year", "activity", "unit_amount", "institution")
    list_filter = ("year", "activity", "institution")
    search_fields = ("activity",)
    list_select_related = ("institution",)
    ordering = ("-year", "activity")


@admin.register(WorkloadEntry)
class WorkloadEntryAdmin(ScopedModelAdmin):
    list_display = ("teacher", "year", "activity", "quantity", "source", "pilot")
    search_fields = ("teacher__name", "teacher__name_pinyin", "reason")
    list_filter = ("year", "activity", "source", "teacher__department")
    list_select_related = ("teacher", "pilot__certificate")
    ordering = ("-year", "teacher__name_pinyin")


@admin.register(SubsidyStatement)
class SubsidyStatementAdmin(ScopedModelAdmin):
    """Read-only here: statements move draft → approved → paid through the subsidy workflow."""

    list_display = ("year", "department", "batch", "status", "created_at", "paid_at")
    search_fields = ("batch", "department__name")
    list_filter = ("year", "status", "department")
    list_select_related = ("department",)
    ordering = ("-year", "department__name_pinyin")


@admin.register(SubsidyLine)
class SubsidyLineAdmin(ScopedModelAdmin):
    """Read-only here: lines are computed from workload by the subsidy workflow."""

    list_display = ("statement", "teacher", "activity", "quantity", "rate", "amount")
    search_fields = ("teacher__name", "teacher__name_pinyin")
    list_filter = ("activity", "statement__year", "statement__department")
    list_select_related = ("statement__department", "teacher")
    ordering = ("statement", "teacher__name_pinyin")
