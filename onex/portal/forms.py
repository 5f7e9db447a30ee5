from django import forms
from django.utils.translation import gettext_lazy as _


class YearForm(forms.Form):
    """The year a page shows; empty or invalid means the latest year with pilots."""

    year = forms.IntegerField(label=_("Year"), min_value=2019, max_value=2100, required=False)


def requested_year(data: object) -> int | None:
    form = YearForm(data)
    return form.cleaned_data["year"] if form.is_valid() else None
