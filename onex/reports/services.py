"""Writes on annual reports: the office saves drafts and submits; the province returns or accepts."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from onex.audit.services import audit_record
from onex.core.access import may
from onex.org.models import Institution
from onex.reports.document import report_document
from onex.reports.models import AnnualReport, ReportStatus, ReportSubmission
from onex.reports.outline import MAX_SECTION_LENGTH, NARRATIVE_KEYS

if TYPE_CHECKING:
    from onex.accounts.models import User

EDITABLE = (ReportStatus.DRAFT, ReportStatus.RETURNED)


def _state(report: AnnualReport) -> dict[str, Any]:
    return {
        "status": report.status,
        "report_date": report.report_date.isoformat() if report.report_date else None,
        "sections": dict(report.sections or {}),
    }


def _locked_report(*, institution: Institution, year: int) -> AnnualReport:
    report, _created = AnnualReport.objects.select_for_update().get_or_create(
        institution=institution, year=year, defaults={"sections": {}}
    )
    return report


@transaction.atomic
def annual_report_save(
    *,
    actor: User | None,
    institution: Institution,
    year: int,
    sections: dict[str, str],
    report_date: dt.date | None,
    request: HttpRequest | None = None,
) -> AnnualReport:
    """Save the office's narrative as a draft (the numbers are never stored: they come from data)."""
    if not may(actor, "report.write", institution):
        raise PermissionDenied(_("Only the institution's 1+X office may write its annual report."))
    unknown = set(sections) - set(NARRATIVE_KEYS)
    if unknown:
        raise ValidationError(_("Unknown report sections: %(keys)s") % {"keys": ", ".join(sorted(unknown))})
    cleaned = {}
    for key in NARRATIVE_KEYS:
        text = (sections.get(key) or "").replace("\r\n", "\n").strip()
        if len(text) > MAX_SECTION_LENGTH:
            raise ValidationError(_("A section may hold at most %(n)d characters.") % {"n": MAX_SECTION_LENGTH})
        if text:
            cleaned[key] = text
    report = _locked_report(institution=institution, year=year)
    if report.status not in EDITABLE:
        raise ValidationError(_("The report has been submitted; it can be edited again once the province returns it."))
    before = _state(report)
    report.sections = cleaned
    report.report_date = report_date
    report.full_clean()
    report.save()
    audit_record(
        actor=actor, action="annual_report.save", target=report, before=before, after=_state(report), request=request
    )
    return report


@transaction.atomic
def annual_report_submit(
    *, actor: User, institution: Institution, year: int, request: HttpRequest | None = None
) -> ReportSubmission:
    """Submit the report to the province: the whole document as it reads now is kept as a snapshot."""
    if not may(actor, "report.write", institution):
        raise PermissionDenied(_("Only the institution's 1+X office may submit its annual report."))
    report = _locked_report(institution=institution, year=year)
    if report.status not in EDITABLE:
        raise ValidationError(_("The report has already been submitted."))
    if report.report_date is None:
        raise ValidationError(_("Set the report date before submitting."))
    before = _state(report)
    snapshot = report_document(institution=institution, year=year, report=report)
    report.status = ReportStatus.SUBMITTED
    report.full_clean()
    report.save()
    submission = ReportSubmission(
        report=report, submitted_by=actor if actor.is_authenticated else None, snapshot=snapshot
    )
    submission.full_clean()
    submission.save()
    audit_record(
        actor=actor,
        action="annual_report.submit",
        target=report,
        before=before,
        after={**_state(report), "submission": submission.pk},
        request=request,
    )
    return submission


def _latest_submitted(report: AnnualReport) -> ReportSubmission:
    submission = (
        ReportSubmission.objects.select_for_update().filter(report=report).order_by("-submitted_at", "-id").first()
    )
    if report.status != ReportStatus.SUBMITTED or submission is None:
        raise ValidationError(_("Only a submitted report can be returned or accepted."))
    return submission


@transaction.atomic
def annual_report_return(
    *, actor: User | None, report: AnnualReport, comment: str, request: HttpRequest | None = None
) -> ReportSubmission:
    """The province sends a submitted report back to the office with a comment."""
    if not may(actor, "report.collect", report.institution):
        raise PermissionDenied(_("Only the province may return a report."))
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError(_("Say why the report is returned."))
    report = AnnualReport.objects.select_for_update().get(pk=report.pk)
    submission = _latest_submitted(report)
    before = _state(report)
    submission.returned_at = timezone.now()
    submission.returned_by = actor
    submission.comment = comment
    submission.full_clean()
    submission.save()
    report.status = ReportStatus.RETURNED
    report.full_clean()
    report.save()
    audit_record(
        actor=actor,
        action="annual_report.return",
        target=report,
        before=before,
        after={**_state(report), "submission": submission.pk, "comment": comment},
        request=request,
    )
    return submission


@transaction.atomic
def annual_report_accept(
    *, actor: User | None, report: AnnualReport, request: HttpRequest | None = None
) -> AnnualReport:
    """The province accepts a submitted report; it stays as submitted."""
    if not may(actor, "report.collect", report.institution):
        raise PermissionDenied(_("Only the province may accept a report."))
    report = AnnualReport.objects.select_for_update().get(pk=report.pk)
    _latest_submitted(report)
    before = _state(report)
    report.status = ReportStatus.ACCEPTED
    report.full_clean()
    report.save()
    audit_record(
        actor=actor, action="annual_report.accept", target=report, before=before, after=_state(report), request=request
    )
    return report
