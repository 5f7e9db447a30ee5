"""TOTP second factor for staff: setting up an authenticator app and verifying a code.

Required for back-office roles when ONEX_REQUIRE_TOTP is on (production); the
demo leaves it optional.
"""

from __future__ import annotations

from collections.abc import Callable

import segno
from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from onex.accounts.services import DEVICE_NAME, totp_device_confirm
from onex.core.access import page, page_allowed
from onex.core.redirects import safe_next, with_next

# Paths a staff member may reach before the second factor.
_OPEN_PREFIXES = ("/accounts/", "/static/", "/i18n/", "/verify/", "/.well-known/")


class TokenForm(forms.Form):
    token = forms.CharField(label=_("Six-digit code from your authenticator app"), max_length=8)


def _needs_second_factor(request: HttpRequest) -> bool:
    user = request.user
    return bool(
        settings.ONEX_REQUIRE_TOTP
        and user.is_authenticated
        and page_allowed(user, "admin:index")  # whoever enters the back office
        and not user.is_verified()
    )


class RequireStaffOTPMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _needs_second_factor(request) and not request.path.startswith(_OPEN_PREFIXES):
            return redirect(with_next(reverse("otp_verify"), request.get_full_path()))
        return self.get_response(request)


def _safe_next(request: HttpRequest) -> str:
    return safe_next(request, default="/")


@login_required
def otp_verify(request: HttpRequest) -> HttpResponse:
    devices = TOTPDevice.objects.filter(user=request.user, confirmed=True)
    if not devices.exists():
        return redirect(with_next(reverse("otp_setup"), _safe_next(request)))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        for device in devices:
            if device.verify_token(form.cleaned_data["token"].strip()):
                otp_login(request, device)
                return redirect(_safe_next(request))
        form.add_error("token", _("The code is wrong or has expired. Try the current one."))
    return render(request, "accounts/otp_verify.html", {"form": form, "next": _safe_next(request)})


SETUP_KEY = "onex_otp_setup_key"  # the secret shown as a QR code, kept in the session until confirmed


@login_required
def otp_setup(request: HttpRequest) -> HttpResponse:
    """Show a new authenticator's QR code; its first right code keeps it (nothing is stored before)."""
    if TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
        return redirect(with_next(reverse("otp_verify"), _safe_next(request)))
    key = request.session.get(SETUP_KEY) or random_hex(20)
    request.session[SETUP_KEY] = key
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = totp_device_confirm(user=request.user, key=key, token=form.cleaned_data["token"].strip())
        if device is not None:
            del request.session[SETUP_KEY]
            otp_login(request, device)
            return redirect(_safe_next(request))
        form.add_error("token", _("The code is wrong or has expired. Try the current one."))
    shown = TOTPDevice(user=request.user, key=key, name=DEVICE_NAME)
    qr_svg = segno.make(shown.config_url, error="m").svg_inline(scale=4)
    return render(request, "accounts/otp_setup.html", {"form": form, "qr_svg": qr_svg, "next": _safe_next(request)})


urlpatterns = [
    path("otp/", page(otp_verify), name="otp_verify"),
    path("otp/setup/", page(otp_setup), name="otp_setup"),
]
