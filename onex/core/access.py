"""Who may open a page: the one role check every view makes before anything else.

Rows are then limited by ``onex.core.scoping``; this only answers "may this role
use this page at all".
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest


def has_role(request: HttpRequest, roles: Iterable[str], *, needs_institution: bool = False) -> bool:
    user = request.user
    if not user.is_authenticated:
        return False
    if needs_institution and user.institution_id is None:
        return False
    return bool(user.is_superuser or user.role in roles)


def require_role(request: HttpRequest, roles: Iterable[str], *, needs_institution: bool = False) -> None:
    """403 unless the user holds one of ``roles`` (a superuser always does)."""
    if not has_role(request, roles, needs_institution=needs_institution):
        raise PermissionDenied
