from __future__ import annotations

import re

from django.db.models import QuerySet

from onex.credentials.codes import ALPHABET, CODE_LENGTH
from onex.credentials.models import IssuedCertificate

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
