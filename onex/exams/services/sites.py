"""Exam sites (考核站点), their rooms (考场) and the usage log (站点使用). Their figures: ``onex.exams.selectors``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
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
