"""The API tokens page (API 令牌): a user lists and revokes (吊销) their own; the office also those of its users."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from onex.accounts.models import ApiToken
from onex.accounts.services import api_token_revoke
from onex.core.access import has_role, may
from onex.core.pages import staff_render
from onex.core.roles import Role
from onex.core.scoping import scope_queryset


def _visible(request: HttpRequest) -> QuerySet[ApiToken]:
    """The user's own tokens, and for the office those of its institution's users."""
    own = ApiToken.objects.filter(user=request.user)
    if has_role(request.user, {Role.OFFICE}) or request.user.is_superuser:
        others = scope_queryset(ApiToken.objects.all(), request.user)
        return ApiToken.objects.filter(Q(pk__in=own) | Q(pk__in=others)).select_related("user")
    return own.select_related("user")


def token_list(request: HttpRequest) -> HttpResponse:
    tokens = list(_visible(request).filter(revoked__isnull=True))
    for token in tokens:
        token.may_revoke = token.user_id == request.user.pk or may(request.user, "token.revoke", token.user)  # type: ignore[attr-defined]
    return staff_render(request, "accounts/api_tokens.html", {"tokens": tokens})


@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = _visible(request).filter(pk=pk).first()
    if token is None:
        raise Http404
    try:
        api_token_revoke(token=token, actor=request.user, request=request)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The token was revoked."))
    return redirect("api_tokens")
