from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from onex.core.roles import Role

# Roles that read an institution's year figures (a coordinator: its department's).
FIGURE_ROLES = frozenset({Role.OFFICE, Role.COORDINATOR, Role.FINANCE, Role.LEADER, Role.PROVINCE})


class CanReadFigures(BasePermission):
    message = _("Your role does not read institution figures.")

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and (user.is_superuser or user.role in FIGURE_ROLES))
