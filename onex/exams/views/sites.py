"""Exam site pages (sites, rooms, usage log, 开放共享 figures) and the assessor qualification list."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from onex.core.access import can_post, page
from onex.core.pages import attempt
from onex.core.scoping import get_object_for_user, scope_queryset
from onex.exams import selectors
from onex.exams.forms.sessions import (
    ExamRoomForm,
    ExamSiteForm,
    SiteUsageForm,
)
from onex.exams.models import (
    AssessorQualification,
    ExamSite,
    SiteUsage,
)
from onex.exams.pages import messages_to_form, render_page
from onex.exams.services import scheduling, sites

# --- sites ------------------------------------------------------------------------------------------------


def _year(request: HttpRequest) -> int:
    value = request.GET.get("year", "")
    return int(value) if value.isdigit() and 2000 <= int(value) <= 2100 else timezone.localdate().year


@page
def site_list(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    usages = scope_queryset(SiteUsage.objects.all(), request.user)
    return render_page(
        request,
        "exams/site_list.html",
        _("Exam sites"),
        sites=selectors.sites_with_rooms(sites=scope_queryset(ExamSite.objects.all(), request.user)),
        figures=selectors.sharing_figures(usages=usages, year=year),
        by_year=selectors.external_headcount_by_year(usages=usages),
        year=year,
        can_edit=can_post(request.user, "exams:schedule"),
    )


@page
@require_http_methods(["GET", "POST"])
def site_create(request: HttpRequest) -> HttpResponse:
    if request.user.institution is None:
        raise PermissionDenied
    form = ExamSiteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            site = sites.exam_site_create(
                actor=request.user,
                institution=request.user.institution,
                name=data["name"],
                organization=data["organization"],
                certificates=list(data["certificates"]),
                location=data["location"],
                year_built=data["year_built"],
                accredited_on=data["accredited_on"],
                open_to_public=data["open_to_public"],
                request=request,
            )
        except ValidationError as exc:
            messages_to_form(form, exc)
        else:
            messages.success(request, _("Exam site created."))
            return redirect("exams:site", pk=site.pk)
    return render_page(request, "exams/site_form.html", _("New exam site"), form=form)


@page
@require_http_methods(["GET", "POST"])
def site_edit(request: HttpRequest, pk: int) -> HttpResponse:
    site = get_object_for_user(ExamSite.objects.all(), request.user, pk=pk)
    initial = {
        "name": site.name,
        "organization": site.organization_id,
        "certificates": list(site.certificates.values_list("pk", flat=True)),
        "location": site.location,
        "year_built": site.year_built,
        "accredited_on": site.accredited_on,
        "open_to_public": site.open_to_public,
    }
    form = ExamSiteForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        certificates = list(data.pop("certificates"))
        try:
            sites.exam_site_update(actor=request.user, site=site, certificates=certificates, request=request, **data)
        except ValidationError as exc:
            messages_to_form(form, exc)
        else:
            messages.success(request, _("Exam site saved."))
            return redirect("exams:site", pk=site.pk)
    return render_page(request, "exams/site_form.html", site.name, form=form)


@page
def site_detail(request: HttpRequest, pk: int) -> HttpResponse:
    site = get_object_for_user(ExamSite.objects.select_related("organization"), request.user, pk=pk)
    can_edit = can_post(request.user, "exams:schedule")
    return render_page(
        request,
        "exams/site_detail.html",
        site.name,
        site=site,
        rooms=site.examroom_set.order_by("name"),
        usages=site.siteusage_set.order_by("-used_on")[:200],
        can_edit=can_edit,
        room_form=ExamRoomForm() if can_edit else None,
        usage_form=SiteUsageForm(initial={"used_on": timezone.localdate()}) if can_edit else None,
    )


@page
@require_POST
def room_create(request: HttpRequest, pk: int) -> HttpResponse:
    site = get_object_for_user(ExamSite.objects.all(), request.user, pk=pk)
    form = ExamRoomForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            lambda: sites.exam_room_create(actor=request.user, site=site, request=request, **form.cleaned_data),
            _("Room added."),
        )
    else:
        messages.error(request, _("Check the room's name and seats."))
    return redirect("exams:site", pk=site.pk)


@page
@require_POST
def usage_record(request: HttpRequest, pk: int) -> HttpResponse:
    site = get_object_for_user(ExamSite.objects.all(), request.user, pk=pk)
    form = SiteUsageForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            lambda: sites.site_usage_record(actor=request.user, site=site, request=request, **form.cleaned_data),
            _("Usage recorded."),
        )
    else:
        messages.error(request, _("Check the date, purpose and headcount."))
    return redirect("exams:site", pk=site.pk)


# --- assessors --------------------------------------------------------------------------------------------


@page
def qualifications(request: HttpRequest) -> HttpResponse:
    scoped = scope_queryset(AssessorQualification.objects.all(), request.user)
    today = timezone.localdate()
    return render_page(
        request,
        "exams/qualifications.html",
        _("Assessor qualifications"),
        expiring=scheduling.qualifications_expiring(qualifications=scoped, today=today),
        qualifications=scoped.select_related("teacher", "certificate").order_by("teacher__name_pinyin", "valid_until"),
        today=today,
        window=scheduling.EXPIRY_WINDOW_DAYS,
        soon=today + dt.timedelta(days=scheduling.EXPIRY_WINDOW_DAYS),
    )
