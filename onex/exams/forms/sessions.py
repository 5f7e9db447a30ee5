"""Forms of the exam pages. They validate input and ask scheduling.py what is wrong; no rules live here."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from onex.catalog.models import Certificate, EvaluationOrganization
from onex.exams.models import AssessorRole, ExamKind, ExamRoom, ExamSession, UsagePurpose
from onex.exams.services import scheduling
from onex.org.models import Teacher
from onex.pilots.models import Pilot

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ScheduleForm(forms.Form):
    pilot = forms.ModelChoiceField(label=_("pilot"), queryset=Pilot.objects.none())
    kind = forms.ChoiceField(label=_("kind"), choices=ExamKind.choices, initial=ExamKind.BOTH)
    starts_at = forms.DateTimeField(label=_("starts at"), widget=DATETIME_WIDGET)
    ends_at = forms.DateTimeField(label=_("ends at"), widget=DATETIME_WIDGET)
    rooms = forms.ModelMultipleChoiceField(
        label=_("rooms (filled in this order)"), queryset=ExamRoom.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    assessors = forms.ModelMultipleChoiceField(
        label=_("assessors"), queryset=Teacher.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    supervisors = forms.ModelMultipleChoiceField(
        label=_("supervisors"), queryset=Teacher.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    include_below_minimum = forms.BooleanField(
        label=_("also seat candidates below the minimum training hours"), required=False
    )

    def __init__(self, *args: Any, pilots: Any, rooms: Any, assessors: Any, supervisors: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pilot"].queryset = pilots
        self.fields["rooms"].queryset = rooms
        self.fields["assessors"].queryset = assessors
        self.fields["supervisors"].queryset = supervisors
        self.candidates: list[Any] = []

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.errors:
            return data
        pilot = data["pilot"]
        rooms = sorted(data["rooms"], key=lambda r: (r.site.name, r.name))
        data["rooms"] = rooms
        self.candidates = scheduling.schedule_candidates(
            pilot=pilot, include_below_minimum=data.get("include_below_minimum", False)
        )
        for problem in scheduling.schedule_problems(
            pilot=pilot,
            rooms=rooms,
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            registrations=self.candidates,
            assessors=list(data["assessors"]),
            supervisors=list(data["supervisors"]),
        ):
            self.add_error(None, problem)
        return data


class RescheduleForm(forms.Form):
    room = forms.ModelChoiceField(label=_("exam room"), queryset=ExamRoom.objects.none())
    kind = forms.ChoiceField(label=_("kind"), choices=ExamKind.choices)
    starts_at = forms.DateTimeField(label=_("starts at"), widget=DATETIME_WIDGET)
    ends_at = forms.DateTimeField(label=_("ends at"), widget=DATETIME_WIDGET)

    def __init__(self, *args: Any, session: ExamSession, rooms: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "room": session.room_id,
                "kind": session.kind,
                "starts_at": timezone.localtime(session.starts_at),
                "ends_at": timezone.localtime(session.ends_at),
            },
        )
        super().__init__(*args, **kwargs)
        self.session = session
        self.fields["room"].queryset = rooms

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.errors:
            return data
        for problem in scheduling.reschedule_problems(
            session=self.session, room=data["room"], starts_at=data["starts_at"], ends_at=data["ends_at"]
        ):
            self.add_error(None, problem)
        return data


class AssignForm(forms.Form):
    teacher = forms.ModelChoiceField(label=_("teacher"), queryset=Teacher.objects.none())
    role = forms.ChoiceField(label=_("role"), choices=AssessorRole.choices)

    def __init__(self, *args: Any, session: ExamSession, teachers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.session = session
        self.fields["teacher"].queryset = teachers

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.errors:
            return data
        for problem in scheduling.assign_problems(session=self.session, teacher=data["teacher"], role=data["role"]):
            self.add_error(None, problem)
        return data


class AddCandidatesForm(forms.Form):
    registrations = forms.ModelMultipleChoiceField(
        label=_("candidates"), queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["registrations"].queryset = candidates
        self.fields["registrations"].label_from_instance = lambda r: f"{r.student.name} {r.student.id_number_masked}"


class SeatMoveForm(forms.Form):
    seat = forms.IntegerField(widget=forms.HiddenInput)
    session = forms.ModelChoiceField(label=_("exam session"), queryset=ExamSession.objects.none())
    seat_number = forms.IntegerField(label=_("seat number"), min_value=1)

    def __init__(self, *args: Any, sessions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = sessions


class ExamSiteForm(forms.Form):
    name = forms.CharField(label=_("name"), max_length=120)
    organization = forms.ModelChoiceField(label=_("accredited by"), queryset=EvaluationOrganization.objects.all())
    certificates = forms.ModelMultipleChoiceField(
        label=_("certificates accredited"), queryset=Certificate.objects.all(), required=False
    )
    location = forms.CharField(label=_("location"), max_length=200, required=False)
    year_built = forms.IntegerField(label=_("year built"), min_value=1950, max_value=2100, required=False)
    accredited_on = forms.DateField(label=_("accredited on"), required=False, widget=DATE_WIDGET)
    open_to_public = forms.BooleanField(label=_("open to external trainees"), required=False)


class ExamRoomForm(forms.Form):
    name = forms.CharField(label=_("name"), max_length=80)
    seats = forms.IntegerField(label=_("seats"), min_value=1, max_value=10000)
    equipment = forms.CharField(label=_("equipment"), max_length=300, required=False)
    location = forms.CharField(label=_("location"), max_length=200, required=False)


class SiteUsageForm(forms.Form):
    used_on = forms.DateField(label=_("date"), widget=DATE_WIDGET)
    purpose = forms.ChoiceField(label=_("purpose"), choices=UsagePurpose.choices)
    organization = forms.CharField(label=_("organization"), max_length=200, required=False)
    headcount = forms.IntegerField(label=_("headcount"), min_value=0, max_value=100000)
    note = forms.CharField(label=_("note"), max_length=200, required=False)
