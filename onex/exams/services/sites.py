"""Exam sites (考核站点), their rooms (考场), the usage log, and the 开放共享 figures."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet, Sum
from django.http import HttpRequest
from django.utils.translation import gettext as _

from onex.audit.services import audit_record, snapshot
from onex.catalog.models import Certificate, EvaluationOrganization
from onex.exams.models import ExamRoom, ExamSite, SiteUsage, UsagePurpose
from onex.org.models import Institution

if TYPE_CHECKING:
    from onex.accounts.models import User


@transaction.atomic
def exam_site_create(
    *,
    actor: User | None,
    institution: Institution,
    name: str,
    organization: EvaluationOrganization,
    certificates: Sequence[Certificate] = (),
    location: str = "",
    year_built: int | None = None,
    accredited_on: dt.date | None = None,
    open_to_public: bool = False,
    request: HttpRequest | None = None,
) -> ExamSite:
    site = ExamSite(
        institution=institution,
        name=name,
        organization=organization,
        location=location,
        year_built=year_built,
        accredited_on=accredited_on,
        open_to_public=open_to_public,
    )
    site.full_clean()
    site.save()
    site.certificates.set(certificates)
    audit_record(actor=actor, action="exam_site.create", target=site, after=snapshot(site), request=request)
    return site


@transaction.atomic
def exam_site_update(
    *,
    actor: User | None,
    site: ExamSite,
    certificates: Sequence[Certificate] | None = None,
    request: HttpRequest | None = None,
    **fields: Any,
) -> ExamSite:
    allowed = {"name", "organization", "location", "year_built", "accredited_on", "open_to_public"}
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    before = snapshot(site)
    for name, value in fields.items():
        setattr(site, name, value)
    site.full_clean()
    site.save()
    if certificates is not None:
        site.certificates.set(certificates)
    audit_record(
        actor=actor, action="exam_site.update", target=site, before=before, after=snapshot(site), request=request
    )
    return site


@transaction.atomic
def exam_room_create(
    *,
    actor: User | None,
    site: ExamSite,
    name: str,
    seats: int,
    equipment: str = "",
    location: str = "",
    request: HttpRequest | None = None,
) -> ExamRoom:
    room = ExamRoom(site=site, name=name, seats=seats, equipment=equipment, location=location)
    room.full_clean()
    room.save()
    audit_record(actor=actor, action="exam_room.create", target=room, after=snapshot(room), request=request)
    return room


@transaction.atomic
def site_usage_record(
    *,
    actor: User | None,
    site: ExamSite,
    used_on: dt.date,
    purpose: str,
    headcount: int,
    organization: str = "",
    note: str = "",
    request: HttpRequest | None = None,
) -> SiteUsage:
    if purpose == UsagePurpose.EXTERNAL_TRAINING and not site.open_to_public:
        raise ValidationError(_("Site %(site)s is not open to external trainees.") % {"site": site.name})
    usage = SiteUsage(
        site=site, used_on=used_on, purpose=purpose, headcount=headcount, organization=organization, note=note
    )
    usage.full_clean()
    usage.save()
    audit_record(actor=actor, action="site_usage.record", target=usage, after=snapshot(usage), request=request)
    return usage


def sharing_figures(*, usages: QuerySet[SiteUsage], year: int) -> dict[str, Any]:
    """开放共享 in figures for one year: external headcount, and days used per purpose (one query).

    A day counts once per purpose however many sites or uses it had.
    """
    rows = (
        usages.filter(used_on__year=year)
        .values("purpose")
        .annotate(days=Count("used_on", distinct=True), headcount=Sum("headcount"), uses=Count("id"))
    )
    by_purpose: dict[str, dict[str, Any]] = {r["purpose"]: dict(r) for r in rows}
    purposes = [
        {
            "purpose": value,
            "label": label,
            "days": by_purpose.get(value, {}).get("days", 0),
            "uses": by_purpose.get(value, {}).get("uses", 0),
            "headcount": by_purpose.get(value, {}).get("headcount") or 0,
        }
        for value, label in UsagePurpose.choices
    ]
    external = by_purpose.get(UsagePurpose.EXTERNAL_TRAINING, {})
    return {
        "year": year,
        "external_headcount": external.get("headcount") or 0,
        "external_days": external.get("days", 0),
        "purposes": purposes,
    }


def sites_with_rooms(*, sites: QuerySet[ExamSite]) -> QuerySet[Any]:
    """Sites with ``room_count`` and ``seat_count``."""
    return (
        sites.select_related("organization")
        .prefetch_related("certificates", "examroom_set")
        .annotate(room_count=Count("examroom", distinct=True), seat_count=Sum("examroom__seats"))
        .order_by("name")
    )


def external_headcount_by_year(*, usages: QuerySet[SiteUsage]) -> list[dict[str, Any]]:
    rows = (
        usages.filter(purpose=UsagePurpose.EXTERNAL_TRAINING)
        .values("used_on__year")
        .annotate(headcount=Sum("headcount"), days=Count("used_on", distinct=True))
        .order_by("used_on__year")
    )
    return [dict(row) for row in rows]


def exam_days(*, usages: QuerySet[SiteUsage]) -> int:
    return usages.filter(Q(purpose=UsagePurpose.INTERNAL_EXAM)).values("used_on").distinct().count()
