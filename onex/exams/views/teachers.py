"""Teacher training pages: the records (师资培训), one teacher's qualifications, the assessor pool (Table 1)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from onex.catalog.models import Certificate
from onex.core.access import can_post, may, page
from onex.core.fields import Level
from onex.core.pages import staff_render
from onex.core.roles import Role
from onex.core.scoping import get_object_for_user, scope_queryset
from onex.exams.selectors import assessor_counts
from onex.exams.services.teachers import teacher_qualifications, teacher_training_record, teacher_training_summary
from onex.org.models import Teacher
from onex.training.models import TeacherTraining, TrainingOutcome

READERS = (Role.OFFICE, Role.COORDINATOR, Role.LEADER, Role.TEACHER)
RECORDERS = (Role.OFFICE, Role.COORDINATOR, Role.TEACHER)
POOL_READERS = (Role.OFFICE, Role.COORDINATOR, Role.LEADER)


class TeacherTrainingForm(forms.Form):
    teacher = forms.ModelChoiceField(label=gettext_lazy("teacher"), queryset=Teacher.objects.none())
    programme = forms.CharField(label=gettext_lazy("programme"), max_length=200)
    organizer = forms.CharField(label=gettext_lazy("organizer"), max_length=200)
    certificate = forms.ModelChoiceField(
        label=gettext_lazy("certificate"), queryset=Certificate.objects.all(), required=False
    )
    level = forms.ChoiceField(label=gettext_lazy("level"), choices=[("", "—"), *Level.choices], required=False)
    starts_on = forms.DateField(label=gettext_lazy("starts on"))
    ends_on = forms.DateField(label=gettext_lazy("ends on"))
    hours = forms.DecimalField(label=gettext_lazy("hours"), max_digits=5, decimal_places=1, min_value=Decimal(0))
    outcome = forms.ChoiceField(label=gettext_lazy("outcome"), choices=TrainingOutcome.choices)
    qualification_number = forms.CharField(label=gettext_lazy("qualification number"), max_length=60, required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["teacher"].queryset = scope_queryset(Teacher.objects.select_related("department"), user)
        if not may(user, "qualification.record"):  # a teacher records only their own attendance
            self.fields["outcome"].choices = [
                c for c in TrainingOutcome.choices if c[0] in (TrainingOutcome.ATTENDED, TrainingOutcome.NOT_PASSED)
            ]


@page
def teacher_training_list(request: HttpRequest) -> HttpResponse:
    trainings = scope_queryset(TeacherTraining.objects.all(), request.user)
    summaries = {by: teacher_training_summary(trainings, by=by) for by in ("certificate", "department", "year")}
    can_record = can_post(request.user, "training:teacher_training_create")
    return staff_render(
        request,
        "training/teachers/list.html",
        {
            "trainings": trainings.select_related("teacher", "teacher__department", "certificate")[:300],
            "summaries": summaries,
            "form": TeacherTrainingForm(user=request.user) if can_record else None,
        },
    )


@page
@require_POST
def teacher_training_create(request: HttpRequest) -> HttpResponse:
    form = TeacherTrainingForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("training:teacher_trainings")
    try:
        training = teacher_training_record(actor=request.user, request=request, **form.cleaned_data)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", None) or [_("You may not do this.")]))
        return redirect("training:teacher_trainings")
    messages.success(request, _("The training is recorded."))
    return redirect("training:teacher", pk=training.teacher_id)


@page
def teacher_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One teacher: 双师型 status, qualifications (valid today or not) and training records."""
    teacher = get_object_for_user(Teacher.objects.select_related("department"), request.user, pk=pk)
    return staff_render(
        request,
        "training/teachers/detail.html",
        {
            "teacher": teacher,
            "qualifications": teacher_qualifications(teacher, on_date=timezone.localdate()),
            "trainings": TeacherTraining.objects.filter(teacher=teacher).select_related("certificate"),
        },
    )


@page
def assessor_pool(request: HttpRequest) -> HttpResponse:
    """Assessors per certificate on a date: Table 1 of the annual report."""
    try:
        on_date = dt.date.fromisoformat(request.GET.get("on", ""))
    except ValueError:
        on_date = timezone.localdate()
    counts = assessor_counts(institution_id=request.user.institution_id, on_date=on_date)
    return staff_render(request, "training/teachers/pool.html", {"counts": counts, "on_date": on_date})
