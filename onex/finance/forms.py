"""Forms of the finance pages: they validate input, nothing more."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from onex.core.scoping import scope_queryset
from onex.finance.models import Activity, Budget, ExpenseCategory
from onex.org.models import Department, Teacher
from onex.pilots.models import Pilot

MONEY = {"max_digits": 14, "decimal_places": 2, "min_value": Decimal("0.00")}


class YearField(forms.IntegerField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 2019)
        kwargs.setdefault("max_value", 2100)
        kwargs.setdefault("label", _("year"))
        super().__init__(**kwargs)


class RuleForm(forms.Form):
    activity = forms.ChoiceField(label=_("activity"), choices=Activity.choices)
    unit_amount = forms.DecimalField(label=_("amount per unit (yuan)"), **MONEY)


class ManualEntryForm(forms.Form):
    teacher = forms.ModelChoiceField(label=_("teacher"), queryset=Teacher.objects.none())
    activity = forms.ChoiceField(label=_("activity"), choices=Activity.choices)
    quantity = forms.DecimalField(label=_("quantity"), max_digits=8, decimal_places=1, min_value=Decimal("0.1"))
    pilot = forms.ModelChoiceField(label=_("pilot"), queryset=Pilot.objects.none(), required=False)
    reason = forms.CharField(label=_("reason"), max_length=300)

    def __init__(self, *args: Any, user: Any, year: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["teacher"].queryset = scope_queryset(Teacher.objects.select_related("department"), user)
        self.fields["pilot"].queryset = scope_queryset(Pilot.objects.filter(year=year), user).select_related(
            "certificate"
        )


class StatementCreateForm(forms.Form):
    department = forms.ModelChoiceField(label=_("department"), queryset=Department.objects.none())
    batch = forms.CharField(label=_("batch"), max_length=60, required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = scope_queryset(Department.objects.all(), user)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("reason"), max_length=300)


class PayForm(forms.Form):
    budget = forms.ModelChoiceField(label=_("budget"), queryset=Budget.objects.none())
    spent_on = forms.DateField(label=_("date"), initial=dt.date.today)
    voucher_number = forms.CharField(label=_("voucher number"), max_length=60, required=False)
    confirm_over_budget = forms.BooleanField(label=_("Pay even if a budget line goes over"), required=False)

    def __init__(self, *args: Any, user: Any, year: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        budgets = scope_queryset(Budget.objects.filter(year=year), user)
        self.fields["budget"].queryset = budgets
        if len(budgets) == 1:
            self.fields["budget"].initial = budgets[0].pk


class BudgetForm(forms.Form):
    year = YearField()
    source = forms.CharField(label=_("source of funds"), max_length=120)
    amount = forms.DecimalField(label=_("amount (yuan)"), **MONEY)
    note = forms.CharField(label=_("note"), max_length=300, required=False)


class AllocationForm(forms.Form):
    budget = forms.ModelChoiceField(label=_("budget"), queryset=Budget.objects.none())
    department = forms.ModelChoiceField(label=_("department"), queryset=Department.objects.none(), required=False)
    pilot = forms.ModelChoiceField(label=_("pilot"), queryset=Pilot.objects.none(), required=False)
    amount = forms.DecimalField(label=_("amount (yuan)"), **MONEY)

    def __init__(self, *args: Any, user: Any, year: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["budget"].queryset = scope_queryset(Budget.objects.filter(year=year), user)
        self.fields["department"].queryset = scope_queryset(Department.objects.all(), user)
        self.fields["pilot"].queryset = scope_queryset(Pilot.objects.filter(year=year), user).select_related(
            "certificate"
        )


class ExpenseForm(AllocationForm):
    category = forms.ChoiceField(label=_("category"), choices=ExpenseCategory.choices)
    spent_on = forms.DateField(label=_("date"), initial=dt.date.today)
    voucher_number = forms.CharField(label=_("voucher number"), max_length=60, required=False)
    description = forms.CharField(label=_("description"), max_length=300, required=False)
    confirm_over_budget = forms.BooleanField(label=_("Record even if a budget line goes over"), required=False)

    field_order = ["budget", "category", "pilot", "department", "amount", "spent_on", "voucher_number", "description"]
