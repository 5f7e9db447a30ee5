from __future__ import annotations

import json

import segno
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from onex.core.access import can_post, page
from onex.core.crypto import mask_name
from onex.core.pages import staff_render
from onex.core.ratelimit import ratelimit
from onex.core.roles import Role
from onex.core.scoping import scope_queryset
from onex.credentials import selectors
from onex.credentials.badges import signed_open_badge, verify_url
from onex.credentials.services.revocation import certificates_revoke
from onex.credentials.signing import did_document, sign_credential
from onex.credentials.statuslist import status_list_credential

VERIFY_LIMIT = 30  # requests per address per minute


def _certificate_or_404(code: str):
    cert = selectors.certificate_by_code(code)
    if cert is None:
        raise Http404
    return cert


@page
@ratelimit(key="verify", limit=VERIFY_LIMIT)
def verify(request: HttpRequest, code: str) -> HttpResponse:
    cert = _certificate_or_404(code)
    url = verify_url(cert)
    qr_svg = segno.make(url, error="m").svg_inline(scale=4)
    context = {
        "cert": cert,
        "pilot": cert.registration.pilot,
        "holder": mask_name(cert.registration.student.name),
        "url": url,
        "qr_svg": qr_svg,
    }
    return render(request, "credentials/verify.html", context)


@page
@ratelimit(key="verify", limit=VERIFY_LIMIT)
def verify_qr(request: HttpRequest, code: str) -> HttpResponse:
    cert = _certificate_or_404(code)
    svg = segno.make(verify_url(cert), error="m").svg_inline(scale=8)
    return HttpResponse(svg, content_type="image/svg+xml")


@page
@ratelimit(key="verify", limit=VERIFY_LIMIT)
def credential(request: HttpRequest, code: str) -> HttpResponse:
    cert = _certificate_or_404(code)
    return HttpResponse(signed_open_badge(cert), content_type="application/vc+jwt")


@page
def status_list(request: HttpRequest, number: int) -> HttpResponse:
    return HttpResponse(sign_credential(status_list_credential(number)), content_type="application/vc+jwt")


@page
def did_json(request: HttpRequest) -> HttpResponse:
    return HttpResponse(json.dumps(did_document(), ensure_ascii=False), content_type="application/did+json")


class CheckForm(forms.Form):
    number = forms.CharField(label=_("Certificate number"), max_length=60)
    full_name = forms.CharField(label=_("Holder's full name"), max_length=60)


@page
@ratelimit(key="verify-check", limit=VERIFY_LIMIT)
def check(request: HttpRequest) -> HttpResponse:
    form = CheckForm(request.GET or None)
    answer = None
    if form.is_valid():
        answer = selectors.certificate_matches(**form.cleaned_data)
    if request.GET.get("format") == "json" and answer is not None:
        return JsonResponse({"match": answer})
    return render(request, "credentials/check.html", {"form": form, "answer": answer})


CERTIFICATE_READERS = (Role.OFFICE, Role.LEADER, Role.PROVINCE)
AWAITING_SHOWN = 50


@page
def certificate_list(request: HttpRequest) -> HttpResponse:
    qs = scope_queryset(selectors.issued_certificates(), request.user).order_by("-issued_on", "number")
    year = request.GET.get("year", "")
    if year.isdigit():
        qs = qs.filter(registration__pilot__year=int(year))
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    can_revoke = can_post(request.user, "credentials:revoke")
    awaiting = scope_queryset(selectors.passes_awaiting_certificate(), request.user)
    if year.isdigit():
        awaiting = awaiting.filter(pilot__year=int(year))
    return staff_render(
        request,
        "credentials/certificate_list.html",
        {
            "page": page,
            "year": year,
            "can_revoke": can_revoke,
            "form": RevokeForm(),
            "awaiting": list(awaiting[:AWAITING_SHOWN]),
            "awaiting_count": awaiting.count(),
        },
    )


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)


@page
@require_POST
def certificate_revoke(request: HttpRequest) -> HttpResponse:
    form = RevokeForm(request.POST)
    ids = [int(i) for i in request.POST.getlist("ids") if i.isdigit()]
    if not form.is_valid() or not ids:
        messages.error(request, _("Choose certificates and give the reason for the revocation."))
        return redirect("credentials:list")
    try:
        n = certificates_revoke(
            certificate_ids=ids, reason=form.cleaned_data["reason"], actor=request.user, request=request
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("credentials:list")
    messages.success(request, _("%(n)d certificate(s) revoked.") % {"n": n})
    return redirect("credentials:list")
