"""Forms of the training session pages (input only; the rules live in services)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from onex.org.models import Teacher

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


class TrainingSessionForm(forms.Form):
    topic = forms.CharField(label=_("topic"), max_length=200)
    starts_at = forms.DateTimeField(label=_("starts at"), widget=DATETIME_WIDGET)
    ends_at = forms.DateTimeField(label=_("ends at"), widget=DATETIME_WIDGET)
    hours = forms.DecimalField(
        label=_("hours"),
        max_digits=4,
        decimal_places=1,
        min_value=0.1,
        required=False,
        help_text=_("Leave empty to count the time between start and end."),
    )
    room = forms.CharField(label=_("room"), max_length=100, required=False)
    teachers = forms.ModelMultipleChoiceField(
        label=_("teachers"), queryset=Teacher.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, teachers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["teachers"].queryset = teachers


class TrainingSeriesForm(forms.Form):
    topic = forms.CharField(label=_("topic"), max_length=180)
    first_day = forms.DateField(label=_("first day"), widget=forms.DateInput(attrs={"type": "date"}))
    weeks = forms.IntegerField(label=_("weeks"), min_value=1, max_value=52, initial=6)
    weekdays = forms.TypedMultipleChoiceField(
        label=_("days of the week"), choices=WEEKDAYS, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    start_time = forms.TimeField(label=_("from"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    end_time = forms.TimeField(label=_("to"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    hours = forms.DecimalField(
        label=_("hours each"),
        max_digits=4,
        decimal_places=1,
        min_value=0.1,
        required=False,
        help_text=_("Leave empty to count the time between start and end."),
    )
    room = forms.CharField(label=_("room"), max_length=100, required=False)
    teachers = forms.ModelMultipleChoiceField(
        label=_("teachers"), queryset=Teacher.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, teachers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["teachers"].queryset = teachers


class MinimumHoursForm(forms.Form):
    min_training_hours = forms.DecimalField(
        label=_("minimum training hours to sit the exam"),
        max_digits=6,
        decimal_places=1,
        min_value=0,
        required=False,
        help_text=_("Leave empty for no minimum."),
    )
