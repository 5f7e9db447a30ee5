"""Writes for issued certificates."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from onex.audit.services import audit_record, snapshot
from onex.credentials.codes import new_verify_code, next_status_index
from onex.credentials.credits import credit_conversions_propose
from onex.credentials.models import IssuedCertificate
from onex.pilots.models import Registration

CERT_FIELDS = ["number", "issued_on", "status"]


@transaction.atomic
def certificate_issue(
    *,
    registration: Registration,
    number: str,
    issued_on: dt.date | None = None,
    actor: Any = None,
    request: Any = None,
) -> tuple[IssuedCertificate, bool]:
    """Record the certificate the organization issued; returns it and whether anything changed.

    Issuing again with the same number changes nothing; a different number
    corrects the recorded one (audited).
    """
    number = number.strip()
    existing = IssuedCertificate.objects.select_for_update().filter(registration=registration).first()
    if existing is not None:
        if existing.number == number and (issued_on is None or existing.issued_on == issued_on):
            return existing, False
        before = snapshot(existing, CERT_FIELDS)
        existing.number = number
        if issued_on is not None:
            existing.issued_on = issued_on
        existing.full_clean()
        existing.save()
        audit_record(
            actor=actor,
            action="certificate.correct",
            target=existing,
            before=before,
            after=snapshot(existing, CERT_FIELDS),
            request=request,
        )
        return existing, True
    certificate = IssuedCertificate(
        registration=registration,
        number=number,
        issued_on=issued_on or timezone.localdate(),
        verify_code=new_verify_code(),
        status_index=next_status_index(),
    )
    certificate.full_clean()
    certificate.save()
    audit_record(
        actor=actor,
        action="certificate.issue",
        target=certificate,
        after=snapshot(certificate, CERT_FIELDS),
        request=request,
    )
    # 学分银行: the office sees the conversions this certificate earns, waiting for approval.
    credit_conversions_propose(issued_certificate=certificate)
    return certificate, True
