"""Reads about issued certificates (证书): by verification code, by number and name, and a
student's own record (报名, 考位, 成绩, 证书 and the credits each converted to).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from onex.core.scoping import scope_queryset
from onex.credentials.codes import ALPHABET, CODE_LENGTH
from onex.credentials.models import CertificateStatus, CreditConversion, IssuedCertificate
from onex.exams.models import Outcome, Seat
from onex.pilots.models import Pilot, Registration
from onex.pilots.selectors import SignUpStatus, sign_up_status

if TYPE_CHECKING:
    from onex.accounts.models import User

_CODE_RE = re.compile(f"^[{ALPHABET}]{{{CODE_LENGTH}}}$")


def issued_certificates() -> QuerySet[IssuedCertificate]:
    """Issued certificates with everything a page or credential shows, in one query."""
    return IssuedCertificate.objects.select_related(
        "registration__student",
        "registration__pilot__certificate__organization",
        "registration__pilot__institution",
    )


def certificate_by_code(code: str) -> IssuedCertificate | None:
    """The certificate with this verification code; None for unknown and malformed alike."""
    if not _CODE_RE.match(code or ""):
        return None
    return issued_certificates().filter(verify_code=code).first()


def certificate_matches(*, number: str, full_name: str) -> bool:
    """Does a certificate with this number belong to a holder of this exact name?"""
    number, full_name = number.strip(), full_name.strip()
    if not number or not full_name:
        return False
    return issued_certificates().filter(number=number, registration__student__name=full_name).exists()


def passes_awaiting_certificate() -> QuerySet[Registration]:
    """Filed candidates who passed (合格) and hold no valid certificate: each waits for its number.

    A result amended to a pass, or a certificate revoked and then passed again, shows up here.
    """
    return (
        Registration.objects.filter(filed_on__isnull=False, withdrawn_on__isnull=True, result__outcome=Outcome.PASS)
        .exclude(issuedcertificate__status=CertificateStatus.VALID)
        .select_related("student", "pilot__certificate")
        .order_by("-pilot__year", "pilot__certificate__name_pinyin", "student__name_pinyin", "pk")
    )


# ---------------------------------------------------------------- a student's own record

ONE_PLACE = Decimal("0.1")


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


def student_registrations(*, user: User) -> list[StudentRegistration]:
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
