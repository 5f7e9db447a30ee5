"""A user the office asked to choose a new password (``must_set_password``) does so before anything else.

After logging in with the old password, every page sends them to the set-password page until they
have set one; the API answers 403 instead, as a client cannot follow a page.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from onex.accounts.otp import _needs_second_factor
from onex.accounts.services import may_set_first_password, user_set_password
from onex.core.redirects import safe_next, with_next

# Besides the page itself and logout: the public verification pages, and the second-factor and
# language pages, which come first or are used on the way.
_OPEN_PREFIXES = ("/verify/", "/accounts/otp/", "/i18n/")
_API_PREFIX = "/api/"


def _is_open(path: str) -> bool:
    return (
        path in (reverse("set_password"), reverse("logout"))
        or path.startswith(_OPEN_PREFIXES)
        or path.startswith(settings.STATIC_URL)
    )


class RequirePasswordSetMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and may_set_first_password(user) and not _is_open(request.path):
            if request.path.startswith(_API_PREFIX):
                return JsonResponse(
                    {"detail": _("Set a new password on the website before using the API.")}, status=403
                )
            return redirect(with_next(reverse("set_password"), request.get_full_path()))
        return self.get_response(request)


def _safe_next(request: HttpRequest) -> str:
    return safe_next(request, default=reverse(settings.LOGIN_REDIRECT_URL))


@login_required
def set_password(request: HttpRequest) -> HttpResponse:
    if not may_set_first_password(request.user):
        return redirect(_safe_next(request))
    if _needs_second_factor(request):
        # A staff member proves the second factor before changing the first.
        return redirect(with_next(reverse("otp_verify"), request.get_full_path()))
    form = SetPasswordForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = user_set_password(user=request.user, password=form.cleaned_data["new_password1"], request=request)
        except ValidationError as exc:
            form.add_error("new_password1", exc)
        else:
            update_session_auth_hash(request, user)
            messages.success(request, _("Your new password is set."))
            return redirect(_safe_next(request))
    return render(request, "accounts/set_password.html", {"form": form, "next": _safe_next(request)})
