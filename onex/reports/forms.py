from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from onex.reports.outline import MAX_SECTION_LENGTH, SECTIONS


class AnnualReportForm(forms.Form):
    """The office's part of the report: the date and one text per narrative section."""

    report_date = forms.DateField(
        label=_("Report date"),
        help_text=_("Table 1 counts the assessors whose qualification is valid on this date."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for section in SECTIONS:
            if section.narrative:
                self.fields[section.key] = forms.CharField(
                    label=section.label,
                    required=False,
                    max_length=MAX_SECTION_LENGTH,
                    widget=forms.Textarea(attrs={"rows": 5}),
                    help_text=_("One paragraph per line."),
                )

    def sections(self) -> dict[str, str]:
        return {s.key: self.cleaned_data.get(s.key, "") for s in SECTIONS if s.narrative}


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment for the office"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
