"""Writes for issued certificates (证书), which follow the results (成绩) they rest on.

A certificate is recorded only for a filed (备案), not withdrawn registration whose result is a
pass (合格). Every door that changes a result goes through ``result_record`` or ``result_amend``
here, so that a pass amended to a fail (不合格) or absence (缺考) revokes (撤销) its certificate and a
fail amended to a pass is proposed for a certificate (the office records the organization's number).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onex.audit.services import audit_record, audited_save, snapshot
from onex.credentials.codes import new_verify_code, next_status_index
from onex.credentials.models import CertificateStatus, IssuedCertificate
from onex.credentials.services.credits import credit_conversions_propose
from onex.credentials.services.revocation import revoke_one
from onex.exams import services as exams
from onex.exams.models import Outcome, Result
from onex.exams.services import GridSaved, ResultEntry
from onex.pilots.models import Pilot, Registration

if TYPE_CHECKING:
    from onex.accounts.models import User

T = TypeVar("T")

CERT_FIELDS = ["number", "issued_on", "status"]
REASON_LENGTH = 300  # IssuedCertificate.revocation_reason


def certificate_refusal(*, registration: Registration, issued_on: dt.date | None) -> str | None:
    """Why no certificate may be recorded for this registration now, or None when one may."""
    if registration.withdrawn_on is not None:
        return _("The registration was withdrawn; a withdrawn candidate gets no certificate.")
    if registration.filed_on is None:
        return _("The registration was never filed (备案); only filed candidates get a certificate.")
    outcome = Result.objects.filter(registration=registration).values_list("outcome", flat=True).first()
    if outcome != Outcome.PASS:
        return _("The candidate has no passing result; a certificate follows a pass (合格).")
    if issued_on is not None and issued_on > timezone.localdate():
        return _("The issue date is after today.")
    return None


@transaction.atomic
def certificate_issue(
    *,
    registration: Registration,
    number: str,
    issued_on: dt.date | None = None,
    actor: User | None = None,
    request: Any = None,
) -> tuple[IssuedCertificate, bool]:
    """Record the certificate the organization issued; returns it and whether anything changed.

    Issuing again with the same number changes nothing; a different number
    corrects the recorded one, or gives a revoked one's registration, passing
    again, its new certificate (audited). Refused unless ``certificate_refusal``
    allows it.
    """
    number = number.strip()
    # The registration's state is read under a lock: it decides whether a certificate may follow.
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    existing = IssuedCertificate.objects.select_for_update().filter(registration=registration).first()
    if existing is not None and existing.number == number and (issued_on is None or existing.issued_on == issued_on):
        return existing, False
    refusal = certificate_refusal(registration=registration, issued_on=issued_on)
    if refusal is not None:
        raise ValidationError(refusal)
    if existing is not None and existing.status == CertificateStatus.REVOKED:
        return _certificate_reissue(
            certificate=existing, number=number, issued_on=issued_on, actor=actor, request=request
        ), True
    if existing is not None:
        before = snapshot(existing, CERT_FIELDS)
        existing.number = number
        if issued_on is not None:
            existing.issued_on = issued_on
        audited_save(
            existing, actor=actor, action="certificate.correct", before=before, request=request, fields=CERT_FIELDS
        )
        return existing, True
    certificate = IssuedCertificate(
        registration=registration,
        number=number,
        issued_on=issued_on or timezone.localdate(),
        verify_code=new_verify_code(),
        status_index=next_status_index(),
    )
    audited_save(certificate, actor=actor, action="certificate.issue", request=request, fields=CERT_FIELDS)
    # 学分银行: the office sees the conversions this certificate earns, waiting for approval.
    credit_conversions_propose(issued_certificate=certificate)
    return certificate, True


def _certificate_reissue(
    *, certificate: IssuedCertificate, number: str, issued_on: dt.date | None, actor: User | None, request: Any
) -> IssuedCertificate:
    """A revoked certificate's registration passes again and the organization gave a new number."""
    before = snapshot(certificate, CERT_FIELDS)
    certificate.number = number
    certificate.issued_on = issued_on or timezone.localdate()
    certificate.status = CertificateStatus.VALID
    certificate.revoked_on = None
    certificate.revocation_reason = ""
    audited_save(
        certificate, actor=actor, action="certificate.reissue", before=before, request=request, fields=CERT_FIELDS
    )
    return certificate


# --- results, with the certificate following them ------------------------------------------------------------


def _outcome_of(registration: Registration) -> str | None:
    # Locked, so the outcome compared after the write is the one this write replaced.
    return (
        Result.objects.select_for_update().filter(registration=registration).values_list("outcome", flat=True).first()
    )


def _certificate_follow(
    *, registration: Registration, before: str | None, after: str, reason: str, actor: User | None, request: Any
) -> None:
    if before == Outcome.PASS and after != Outcome.PASS:
        certificate = (
            IssuedCertificate.objects.select_for_update()
            .filter(registration=registration, status=CertificateStatus.VALID)
            .first()
        )
        if certificate is not None:
            why = _("The result was changed from %(before)s to %(after)s: %(reason)s") % {
                "before": Outcome(before).label,
                "after": Outcome(after).label,
                "reason": reason or "—",
            }
            revoke_one(
                certificate=certificate,
                reason=why[:REASON_LENGTH],
                on=timezone.localdate(),
                actor=actor,
                request=request,
            )
    elif before != Outcome.PASS and after == Outcome.PASS:
        # No number yet: the pass is listed among those awaiting a certificate (``passes_awaiting_certificate``).
        audit_record(
            actor=actor,
            action="certificate.propose",
            target=registration,
            after={"outcome": after},
            reason=reason,
            request=request,
        )


def _certificate_following(
    write: Callable[[], tuple[Result, bool]],
    *,
    registration: Registration,
    reason: str,
    actor: User | None,
    request: Any,
) -> tuple[Result, bool]:
    """Run an exams write of the registration's result, then make its certificate follow the new outcome."""
    before = _outcome_of(registration)
    result, changed = write()
    if changed:
        _certificate_follow(
            registration=registration, before=before, after=result.outcome, reason=reason, actor=actor, request=request
        )
    return result, changed


def _pilot_outcomes(pilot: Pilot) -> dict[int, str]:
    results = Result.objects.select_for_update().filter(registration__pilot=pilot)
    return dict(results.values_list("registration_id", "outcome"))


def _certificates_following_pilot(
    write: Callable[[], T], *, pilot: Pilot, reason: str, actor: User | None, request: Any
) -> T:
    """Run an exams write of a pilot's results, then make each changed candidate's certificate follow."""
    before = _pilot_outcomes(pilot)
    value = write()
    after = _pilot_outcomes(pilot)
    changed = sorted(pk for pk, outcome in after.items() if outcome != before.get(pk))
    for registration in Registration.objects.filter(pk__in=changed).order_by("pk"):
        _certificate_follow(
            registration=registration,
            before=before.get(registration.pk),
            after=after[registration.pk],
            reason=reason,
            actor=actor,
            request=request,
        )
    return value


@transaction.atomic
def results_grid_save(
    *, pilot: Pilot, entries: list[ResultEntry], actor: User | None = None, request: Any = None
) -> GridSaved:
    """``exams.services.results_grid_save``, with each changed candidate's certificate following."""
    return _certificates_following_pilot(
        lambda: exams.results_grid_save(pilot=pilot, entries=entries, actor=actor, request=request),
        pilot=pilot,
        reason=_("changed in the results grid"),
        actor=actor,
        request=request,
    )


@transaction.atomic
def results_pass_rule_set(*, pilot: Pilot, actor: User | None = None, request: Any = None, **rule: Any) -> int:
    """``exams.services.results_pass_rule_set`` (the same ``rule``); certificates follow the recomputed outcomes."""
    return _certificates_following_pilot(
        lambda: exams.results_pass_rule_set(pilot=pilot, actor=actor, request=request, **rule),
        pilot=pilot,
        reason=_("the pass rule changed"),
        actor=actor,
        request=request,
    )


@transaction.atomic
def result_record(
    *, registration: Registration, actor: User | None = None, request: Any = None, **values: Any
) -> tuple[Result, bool]:
    """``exams.services.result_record`` (the same ``values``), with the certificate following the new outcome."""
    return _certificate_following(
        lambda: exams.result_record(registration=registration, actor=actor, request=request, **values),
        registration=registration,
        reason=str(values.get("reason", "")).strip(),
        actor=actor,
        request=request,
    )


@transaction.atomic
def result_amend(
    *, registration: Registration, reason: str, actor: User | None = None, request: Any = None, **scores: Any
) -> tuple[Result, bool]:
    """Amend an approved result with a reason (``exams.services.result_amend``, the same ``scores``).

    The certificate follows: a pass amended to a fail or absence revokes it; a fail amended to a pass
    is proposed for one. The entry point of every door that amends a result: the results page and
    ``import_results --amend``.
    """
    return _certificate_following(
        lambda: exams.result_amend(registration=registration, reason=reason, actor=actor, request=request, **scores),
        registration=registration,
        reason=reason.strip(),
        actor=actor,
        request=request,
    )
