"""Reads about sign-ups: the pilots open to a student, a student's own record, sign-ups awaiting a department.

Each read takes the user and goes through ``onex.scoping``; a student's overview
costs a fixed number of queries however many registrations, seats and
certificates the student has.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, F, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from onex.credentials.models import CreditConversion, IssuedCertificate
from onex.exams.models import Seat
from onex.org.models import Student
from onex.pilots.models import Pilot, PilotStatus, Registration
from onex.scoping import scope_queryset

ONE_PLACE = Decimal("0.1")


class SignUpStatus:
    APPLIED = "applied"
    APPROVED = "approved"
    FILED = "filed"
    WITHDRAWN = "withdrawn"

    LABELS = {
        APPLIED: _("Applied, awaiting the department"),
        APPROVED: _("Approved by the department"),
        FILED: _("Filed on the national platform"),
        WITHDRAWN: _("Withdrawn"),
    }


def sign_up_status(registration: Registration) -> str:
    if registration.withdrawn_on is not None:
        return SignUpStatus.WITHDRAWN
    if registration.filed_on is not None:
        return SignUpStatus.FILED
    if registration.department_approved_on is not None:
        return SignUpStatus.APPROVED
    return SignUpStatus.APPLIED


def pending_q(prefix: str = "") -> Q:
    """Sign-ups no one has decided on: not withdrawn, approved or filed."""
    return Q(
        **{
            f"{prefix}withdrawn_on__isnull": True,
            f"{prefix}department_approved_on__isnull": True,
            f"{prefix}filed_on__isnull": True,
        }
    )


def student_of(user: Any) -> Student | None:
    if user.student_id is None:
        return None
    return Student.objects.select_related("class_group__major").filter(pk=user.student_id).first()


def open_pilots_for_student(*, student: Student) -> QuerySet[Pilot]:
    """Pilots open for sign-up, offered to the student's major, with places left, not yet signed up for."""
    group = student.class_group
    if group is None:
        return Pilot.objects.none()
    signed_up = Registration.objects.filter(student=student).values("pilot_id")
    return (
        Pilot.objects.filter(
            institution_id=student.institution_id,
            status=PilotStatus.OPEN,
            majors=group.major_id,
        )
        .exclude(pk__in=signed_up)
        .annotate(taken=Count("registration", filter=Q(registration__withdrawn_on__isnull=True), distinct=True))
        .filter(Q(quota__isnull=True) | Q(taken__lt=F("quota")))
        .select_related("certificate__organization", "department")
        .order_by("-year", "certificate__name_pinyin", "level")
    )


def open_pilot_for_student(*, student: Student, pk: int) -> Pilot | None:
    return open_pilots_for_student(student=student).filter(pk=pk).first()


@dataclass
class CertificateView:
    certificate: IssuedCertificate
    conversions: list[CreditConversion] = field(default_factory=list)


@dataclass
class StudentRegistration:
    registration: Registration
    status: str
    hours: Decimal
    seats: list[Seat] = field(default_factory=list)
    certificate: CertificateView | None = None

    @property
    def pilot(self) -> Pilot:
        return self.registration.pilot

    @property
    def status_label(self) -> Any:
        return SignUpStatus.LABELS[self.status]

    @property
    def minimum_hours(self) -> Decimal | None:
        return self.pilot.min_training_hours

    @property
    def below_minimum(self) -> bool:
        return self.minimum_hours is not None and self.hours < self.minimum_hours

    @property
    def result(self) -> Any:
        return getattr(self.registration, "result", None)


def student_registrations(*, user: Any) -> list[StudentRegistration]:
    """The user's own registrations, newest year first, each with hours, seats, result and certificate."""
    registrations = list(
        scope_queryset(Registration.objects.all(), user)
        .select_related("pilot__certificate", "pilot__institution", "pilot__department", "result")
        .annotate(
            hours_attended=Coalesce(
                Sum("attendance__session__hours", filter=Q(attendance__present=True)),
                Value(Decimal("0")),
                output_field=DecimalField(max_digits=8, decimal_places=1),
            )
        )
        .order_by("-pilot__year", "pilot__certificate__name_pinyin", "id")
    )
    ids = [r.pk for r in registrations]
    seats: dict[int, list[Seat]] = {}
    for seat in (
        scope_queryset(Seat.objects.filter(registration_id__in=ids), user)
        .select_related("session__room__site")
        .order_by("session__starts_at")
    ):
        seats.setdefault(seat.registration_id, []).append(seat)
    certificates = {
        c.registration_id: CertificateView(certificate=c)
        for c in scope_queryset(IssuedCertificate.objects.filter(registration_id__in=ids), user)
    }
    for conversion in (
        scope_queryset(CreditConversion.objects.filter(issued_certificate__registration_id__in=ids), user)
        .select_related("rule__course", "issued_certificate")
        .order_by("rule__course__code")
    ):
        certificates[conversion.issued_certificate.registration_id].conversions.append(conversion)
    return [
        StudentRegistration(
            registration=r,
            status=sign_up_status(r),
            hours=Decimal(r.hours_attended).quantize(ONE_PLACE),  # type: ignore[attr-defined]  # annotated above
            seats=seats.get(r.pk, []),
            certificate=certificates.get(r.pk),
        )
        for r in registrations
    ]


# Sign-ups are decided while the pilot takes candidates; later, undecided ones are history.
DECIDING_STATUSES = (PilotStatus.OPEN, PilotStatus.TRAINING)


def pending_registrations(*, user: Any) -> QuerySet[Registration]:
    """Sign-ups awaiting a decision, of the pilots the user's department (or, for the office, institution) runs."""
    return (
        scope_queryset(Registration.objects.filter(pending_q(), pilot__status__in=DECIDING_STATUSES), user)
        .select_related("pilot__certificate", "pilot__department", "student__class_group")
        .order_by("applied_on", "pilot__certificate__name_pinyin", "student__name_pinyin", "id")
    )
