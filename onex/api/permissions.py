"""The API's door: each endpoint is a row of ``onex.core.access.PAGE_POLICY``, keyed by its URL name."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from onex.core.access import page_allowed


class PagePolicy(BasePermission):
    """Who may call an endpoint; which rows they then see is the scoping's business."""

    checks_page_policy = True

    def has_permission(self, request: Request, view: Any) -> bool:
        match = request.resolver_match
        return page_allowed(request.user, match.view_name if match else "", request.method or "GET")
