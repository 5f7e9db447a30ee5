from __future__ import annotations

import re

from django.db.models import QuerySet

from onex.credentials.codes import ALPHABET, CODE_LENGTH
from onex.credentials.models import CertificateStatus, IssuedCertificate
from onex.exams.models import Outcome
from onex.pilots.models import Registration

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
