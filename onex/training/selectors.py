"""Reads about training: hours attended per candidate, a teacher's own sessions."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from onex.pilots.models import Pilot, Registration
from onex.training.models import TrainingSession


def registrations_with_hours(*, pilot: Pilot) -> QuerySet[Registration]:
    """The pilot's candidates (withdrawn ones excluded), each with ``hours_attended``."""
    return (
        Registration.objects.filter(pilot=pilot, withdrawn_on__isnull=True)
        .select_related("student")
        .annotate(
            hours_attended=Coalesce(
                Sum("attendance__session__hours", filter=Q(attendance__present=True)),
                Value(Decimal("0")),
                output_field=DecimalField(max_digits=8, decimal_places=1),
            )
        )
        .order_by("student__name_pinyin", "id")
    )


def is_below_minimum(*, pilot: Pilot, hours_attended: Decimal) -> bool:
    return pilot.min_training_hours is not None and hours_attended < pilot.min_training_hours


def training_hours_table(*, pilot: Pilot) -> list[dict[str, Any]]:
    """One row per candidate: registration, hours attended, and whether below the pilot's minimum."""
    rows = []
    for reg in registrations_with_hours(pilot=pilot):
        hours: Decimal = reg.hours_attended  # type: ignore[attr-defined]  # annotated above
        rows.append(
            {"registration": reg, "hours": hours, "below_minimum": is_below_minimum(pilot=pilot, hours_attended=hours)}
        )
    return rows


def registration_ids_below_minimum(*, pilot: Pilot) -> set[int]:
    if pilot.min_training_hours is None:
        return set()
    return {row["registration"].id for row in training_hours_table(pilot=pilot) if row["below_minimum"]}


def attendance_sheet(*, session: TrainingSession) -> list[dict[str, Any]]:
    """The candidate list of a session with who was marked present (unrecorded counts as absent)."""
    present = dict(session.attendance_set.values_list("registration_id", "present"))
    regs = (
        Registration.objects.filter(pilot_id=session.pilot_id, withdrawn_on__isnull=True)
        .select_related("student", "student__class_group")
        .order_by("student__name_pinyin", "id")
    )
    return [{"registration": r, "present": present.get(r.id, False), "recorded": r.id in present} for r in regs]
