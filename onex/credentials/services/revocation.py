"""Revoking issued certificates: by the office, with a reason, audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onex.audit.services import audit_record
from onex.core.access import require
from onex.core.scoping import scope_queryset
from onex.credentials.models import CertificateStatus, IssuedCertificate

if TYPE_CHECKING:
    from onex.accounts.models import User


@transaction.atomic
def certificates_revoke(
    *,
    certificate_ids: Iterable[int],
    reason: str,
    actor: User | None,
    request: Any = None,
    on: dt.date | None = None,
) -> int:
    """Revoke certificates of the actor's institution; returns how many changed.

    Ids outside the actor's scope are not found rather than refused, so this
    tells nobody which ids exist elsewhere.
    """
    require(actor, "certificate.revoke")
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Give the reason for the revocation."))
    on = on or timezone.localdate()
    ids = list(certificate_ids)
    certs = list(
        scope_queryset(IssuedCertificate.objects.select_for_update(), actor).filter(
            pk__in=ids, status=CertificateStatus.VALID
        )
    )
    for cert in certs:
        revoke_one(certificate=cert, reason=reason, on=on, actor=actor, request=request)
    return len(certs)


def revoke_one(
    *, certificate: IssuedCertificate, reason: str, on: dt.date, actor: User | None, request: Any = None
) -> None:
    """Mark one valid certificate, already locked by the caller, revoked (已撤销); audited.

    The caller has decided who may do it: the office by hand, or the amendment of its result.
    """
    certificate.status = CertificateStatus.REVOKED
    certificate.revoked_on = on
    certificate.revocation_reason = reason
    certificate.full_clean()
    certificate.save(update_fields=["status", "revoked_on", "revocation_reason"])
    audit_record(
        actor=actor,
        action="certificate.revoke",
        target=certificate,
        before={"status": CertificateStatus.VALID},
        after={"status": CertificateStatus.REVOKED, "revoked_on": on.isoformat()},
        reason=reason,
        request=request,
    )


def certificate_revoke(*, certificate: IssuedCertificate, reason: str, actor: User | None, request: Any = None) -> None:
    if certificates_revoke(certificate_ids=[certificate.pk], reason=reason, actor=actor, request=request) != 1:
        raise ValidationError(_("This certificate is already revoked."))
