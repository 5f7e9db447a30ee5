"""Reads for the annual report that no other app defines.

The figures themselves (registered, completed, rates, assessors, budget,
publicity, 书证融通 coverage, site use) come from their own apps; what is here
only gathers rows the report lists.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Count, QuerySet, Sum
from django.utils import timezone

from onex.core.scoping import scope_queryset
from onex.credentials.models import IssuedCertificate
from onex.exams.models import ExamSession, ExamSite, SiteUsage
from onex.exams.selectors import sharing_figures, sites_with_rooms
from onex.org.models import Institution
from onex.reports.models import AnnualReport, ReportStatus, ReportSubmission
from onex.training.models import TeacherTraining

if TYPE_CHECKING:
    from onex.accounts.models import User


def report_for(*, institution: Institution, year: int) -> AnnualReport:
    """The institution's report for a year; an unsaved empty one if the office has not started it."""
    report = AnnualReport.objects.filter(institution=institution, year=year).first()
    if report is None:
        report = AnnualReport(institution=institution, year=year, sections={})
    return report


def report_date_of(report: AnnualReport) -> dt.date:
    """The date the report speaks of (Table 1 counts assessors valid on it); today until the office sets one."""
    return report.report_date or timezone.localdate()


def submissions_of(report: AnnualReport) -> QuerySet[ReportSubmission]:
    if report.pk is None:
        return ReportSubmission.objects.none()
    return ReportSubmission.objects.filter(report=report).select_related("submitted_by", "returned_by")


def latest_submission(report: AnnualReport) -> ReportSubmission | None:
    return submissions_of(report).order_by("-submitted_at", "-id").first()


def teacher_training_figures(*, institution_id: int, year: int) -> dict[str, Any]:
    """师资培训 begun in a year: how many trainings, distinct teachers, hours (one query)."""
    agg = TeacherTraining.objects.filter(teacher__institution_id=institution_id, starts_on__year=year).aggregate(
        trainings=Count("id"), teachers=Count("teacher", distinct=True), hours=Sum("hours")
    )
    return {"trainings": agg["trainings"], "teachers": agg["teachers"], "hours": agg["hours"] or Decimal("0")}


def pilot_exam_details(*, pilot_ids: list[int]) -> dict[int, dict[str, list[Any]]]:
    """Per pilot: the days of its exam sessions and the sites they took place in (one query)."""
    details: dict[int, dict[str, list[Any]]] = defaultdict(lambda: {"dates": [], "sites": []})
    sessions = (
        ExamSession.objects.filter(pilot_id__in=pilot_ids)
        .values_list("pilot_id", "starts_at", "room__site__name")
        .order_by("starts_at")
    )
    for pilot_id, starts_at, site in sessions:
        day = timezone.localtime(starts_at).date()
        row = details[pilot_id]
        if day not in row["dates"]:
            row["dates"].append(day)
        if site not in row["sites"]:
            row["sites"].append(site)
    return details


def sites_by_certificate(*, institution_id: int) -> dict[int, list[str]]:
    """The institution's exam sites accredited for each certificate (one query)."""
    out: dict[int, list[str]] = defaultdict(list)
    pairs = ExamSite.certificates.through.objects.filter(examsite__institution_id=institution_id).values_list(
        "certificate_id", "examsite__name"
    )
    for certificate_id, name in pairs.order_by("examsite__name"):
        out[certificate_id].append(name)
    return out


@dataclass
class SiteRow:
    site: ExamSite
    rooms: int
    seats: int
    usage: dict[str, Any]


def site_rows(*, institution_id: int, year: int) -> list[SiteRow]:
    """Every exam site with its rooms, seats and its use in the year (one query plus one per site)."""
    sites = sites_with_rooms(sites=ExamSite.objects.filter(institution_id=institution_id))
    return [
        SiteRow(
            site=site,
            rooms=site.room_count or 0,
            seats=site.seat_count or 0,
            usage=sharing_figures(usages=SiteUsage.objects.filter(site=site), year=year),
        )
        for site in sites
    ]


def site_totals(*, institution_id: int, year: int) -> dict[str, Any]:
    """The institution's sites in figures: sites, rooms, seats, certificates covered, use in the year."""
    sites = sites_with_rooms(sites=ExamSite.objects.filter(institution_id=institution_id))
    certificates: set[int] = set()
    rooms = seats = 0
    count = 0
    for site in sites:
        count += 1
        rooms += site.room_count or 0
        seats += site.seat_count or 0
        certificates.update(c.pk for c in site.certificates.all())
    usage = sharing_figures(usages=SiteUsage.objects.filter(site__institution_id=institution_id), year=year)
    return {
        "sites": count,
        "rooms": rooms,
        "seats": seats,
        "certificates": len(certificates),
        "open_sites": sum(1 for s in sites if s.open_to_public),
        "usage": usage,
    }


def issued_certificates_of_year(*, institution_id: int, year: int) -> QuerySet[IssuedCertificate]:
    """Certificates issued to candidates of the year's pilots, revoked ones left out."""
    return (
        IssuedCertificate.objects.filter(
            registration__pilot__institution_id=institution_id, registration__pilot__year=year, status="valid"
        )
        .select_related(
            "registration__student__class_group__major",
            "registration__pilot__certificate__organization",
            "registration__pilot__department",
        )
        .order_by("registration__pilot__certificate__name_pinyin", "number")
    )


@dataclass
class CollectionRow:
    institution: Institution
    report: AnnualReport | None
    submission: ReportSubmission | None

    @property
    def status(self) -> str:
        return self.report.status if self.report else ReportStatus.DRAFT

    @property
    def submitted(self) -> bool:
        return self.submission is not None


def province_collection(*, user: User, year: int) -> list[CollectionRow]:
    """Every institution the province user sees with its report for the year and latest submission (three queries)."""
    institutions = list(scope_queryset(Institution.objects.all(), user).order_by("name_pinyin", "code"))
    reports = {r.institution_id: r for r in AnnualReport.objects.filter(institution__in=institutions, year=year)}
    latest: dict[int, ReportSubmission] = {}
    for sub in ReportSubmission.objects.filter(report__in=reports.values()).order_by("submitted_at", "id"):
        latest[sub.report_id] = sub
    rows = []
    for inst in institutions:
        report = reports.get(inst.pk)
        rows.append(
            CollectionRow(institution=inst, report=report, submission=latest.get(report.pk) if report else None)
        )
    return rows
