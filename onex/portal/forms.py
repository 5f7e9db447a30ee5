from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class YearForm(forms.Form):
    """The year a page shows; empty or invalid means the latest year with pilots."""

    year = forms.IntegerField(label=_("Year"), min_value=2019, max_value=2100, required=False)


def requested_year(data: Mapping[str, Any]) -> int | None:
    form = YearForm(data)
    return form.cleaned_data["year"] if form.is_valid() else None


class DashboardForm(forms.Form):
    """The filters of a dashboard, as the query string gives them.

    Department and certificate arrive as ids and are checked against the rows the
    user may see by the page itself (one query each, shared with the pickers).
    """

    year = forms.IntegerField(label=_("Year"), min_value=2019, max_value=2100, required=False)
    department = forms.IntegerField(label=_("Department"), min_value=1, required=False)
    certificate = forms.IntegerField(label=_("Certificate"), min_value=1, required=False)
    on = forms.DateField(label=_("Assessors on"), required=False)
    sort = forms.RegexField(regex=r"^-?[a-z_]{1,40}$", required=False)
    download = forms.RegexField(regex=r"^[a-z_]{1,40}$", required=False)


def dashboard_filters(data: Mapping[str, Any]) -> tuple[dict[str, object], set[str]]:
    """The valid filters and the names of the invalid ones."""
    form = DashboardForm(data)
    form.is_valid()
    return form.cleaned_data, set(form.errors)
