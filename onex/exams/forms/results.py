"""Forms of the results pages. They parse what was typed; the pass rule and every refusal live in services.py."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

SCORE_ERRORS = {
    "invalid": _("A score must be a number from 0 to 100."),
    "min_value": _("A score must be a number from 0 to 100."),
    "max_value": _("A score must be a number from 0 to 100."),
    "max_digits": _("A score must be a number from 0 to 100."),
    "max_whole_digits": _("A score must be a number from 0 to 100."),
    "max_decimal_places": _("Give a score with at most two decimal places."),
}


def score_field(label: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=Decimal("0"),
        max_value=Decimal("100"),
        max_digits=5,
        decimal_places=2,
        error_messages=SCORE_ERRORS,
        widget=forms.NumberInput(attrs={"step": "0.01", "min": "0", "max": "100", "class": "score"}),
    )


class ResultRowForm(forms.Form):
    """One candidate's row of the grid."""

    registration = forms.IntegerField(widget=forms.HiddenInput)
    theory_score = score_field(_("theory score"))
    practical_score = score_field(_("practical score"))
    absent = forms.BooleanField(label=_("Absent"), required=False)


ResultFormSet = forms.formset_factory(ResultRowForm, extra=0, max_num=5000, absolute_max=5000, validate_max=True)


class PassRuleForm(forms.Form):
    pass_mark = forms.DecimalField(
        label=_("pass mark"), min_value=Decimal("0"), max_value=Decimal("100"), max_digits=5, decimal_places=2
    )
    theory_weight = forms.DecimalField(
        label=_("theory weight"),
        help_text=_("From 0 to 1; the practical part weighs the rest."),
        min_value=Decimal("0"),
        max_value=Decimal("1"),
        max_digits=3,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.05"}),
    )
    both_parts_required = forms.BooleanField(label=_("both parts must reach the pass mark"), required=False)


class AmendForm(forms.Form):
    theory_score = score_field(_("theory score"))
    practical_score = score_field(_("practical score"))
    absent = forms.BooleanField(label=_("Absent"), required=False)
    reason = forms.CharField(
        label=_("reason for the amendment"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("An amendment of an approved result needs a reason.")},
    )
