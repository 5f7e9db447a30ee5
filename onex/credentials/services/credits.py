"""学分银行: certificates converted into course credits, proposed then approved."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from onex.audit.services import audit_record
from onex.core.access import require
from onex.credentials.models import (
    CertificateStatus,
    ConversionStatus,
    CreditConversion,
    CreditRule,
    IssuedCertificate,
)

if TYPE_CHECKING:
    from onex.accounts.models import User


@transaction.atomic
def credit_conversions_propose(*, issued_certificate: IssuedCertificate) -> list[CreditConversion]:
    """Propose every conversion the rules allow for a newly recorded certificate.

    A rule applies when its certificate and level match and its course belongs
    to the holder's major. Running it again proposes nothing twice.
    """
    if issued_certificate.status != CertificateStatus.VALID:
        return []
    registration = issued_certificate.registration
    pilot = registration.pilot
    student = registration.student
    major_id = student.class_group.major_id if student.class_group is not None else None
    if major_id is None:
        return []
    rules = CreditRule.objects.filter(
        institution_id=pilot.institution_id,
        certificate_id=pilot.certificate_id,
        level=pilot.level,
        course__major_id=major_id,
    )
    existing = set(
        CreditConversion.objects.filter(issued_certificate=issued_certificate).values_list("rule_id", flat=True)
    )
    created = [
        CreditConversion(issued_certificate=issued_certificate, rule=rule, credits=rule.credits)
        for rule in rules
        if rule.pk not in existing
    ]
    for conversion in created:
        conversion.full_clean()
    return CreditConversion.objects.bulk_create(created)


@transaction.atomic
def credit_conversion_decide(
    *, conversion: CreditConversion, approve: bool, actor: User | None, request: Any = None
) -> None:
    require(actor, "conversion.decide", conversion)
    # A conditional update: of two people deciding at once, exactly one wins.
    new_status = ConversionStatus.APPROVED if approve else ConversionStatus.REJECTED
    changed = CreditConversion.objects.filter(pk=conversion.pk, status=ConversionStatus.PROPOSED).update(
        status=new_status, decided_by=actor, decided_at=timezone.now()
    )
    if not changed:
        raise ValidationError(_("This conversion has already been decided."))
    audit_record(
        actor=actor,
        action="credit_conversion.approve" if approve else "credit_conversion.reject",
        target=conversion,
        before={"status": ConversionStatus.PROPOSED},
        after={"status": new_status},
        request=request,
    )


def conversions_with_joins(qs: QuerySet[CreditConversion] | None = None) -> QuerySet[CreditConversion]:
    qs = qs if qs is not None else CreditConversion.objects.all()
    return qs.select_related(
        "rule__course",
        "issued_certificate__registration__student",
        "issued_certificate__registration__pilot__certificate",
    ).order_by("status", "-issued_certificate__issued_on", "pk")
