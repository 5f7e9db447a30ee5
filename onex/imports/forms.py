from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from onex.core.scoping import scope_queryset
from onex.imports.models import ImportKind
from onex.pilots.models import Pilot


def _pilots(user: Any) -> Any:
    return scope_queryset(Pilot.objects.select_related("certificate"), user).order_by("-year", "certificate__name")


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the file holds"), choices=ImportKind.choices, initial=ImportKind.ROSTER)
    year = forms.IntegerField(label=_("Year"), min_value=2019, max_value=2100)
    file = forms.FileField(label=_("File (.xlsx, .xls or .csv)"))
    filed_on = forms.DateField(
        label=_("Filing date for rows without 备案日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    pilot = forms.ModelChoiceField(label=_("Pilot (results only)"), queryset=Pilot.objects.none(), required=False)
    amend = forms.BooleanField(label=_("Amend approved results"), required=False)
    reason = forms.CharField(label=_("Reason for the amendment"), required=False, max_length=300)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pilot"].queryset = _pilots(user)
        self.fields["year"].initial = timezone.localdate().year

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("kind") == ImportKind.RESULTS:
            if not data.get("pilot"):
                self.add_error("pilot", _("Choose the pilot whose results these are."))
            elif data.get("year") and data["pilot"].year != data["year"]:
                self.add_error("pilot", _("The pilot is of another year."))
            if data.get("amend") and not (data.get("reason") or "").strip():
                self.add_error("reason", _("An amendment of approved results needs a reason."))
        return data


class ExportForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2019, max_value=2100)
    pilot = forms.ModelChoiceField(label=_("Pilot (all when empty)"), queryset=Pilot.objects.none(), required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pilot"].queryset = _pilots(user)
        self.fields["year"].initial = timezone.localdate().year
