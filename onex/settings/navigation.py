"""Sidebar links to the work pages, each shown to the roles that may open it.

The admin's model pages are listed by ``onex.audit.modeladmin``'s policy; these are the
pages of the workflows themselves. ``ROLES`` mirrors each page's own check.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from onex.core.roles import Role

OFFICE, COORD, FIN, LEAD, PROV = Role.OFFICE, Role.COORDINATOR, Role.FINANCE, Role.LEADER, Role.PROVINCE

# name: (title, icon, URL, roles)
PAGES: dict[str, tuple[Any, str, str, frozenset[str]]] = {
    "home": (_("Dashboard"), "dashboard", "/", frozenset({OFFICE, COORD, FIN, LEAD, PROV})),
    "imports": (_("Import and export"), "upload_file", "/imports/", frozenset({OFFICE})),
    "sign_ups": (_("Sign-ups awaiting approval"), "how_to_reg", "/sign-ups/", frozenset({OFFICE, COORD})),
    "registrations": (_("Registration list"), "list_alt", "/pilots/registrations/", frozenset({OFFICE, COORD})),
    "training": (_("Training"), "school", "/training/", frozenset({OFFICE, COORD, LEAD, PROV})),
    "exam_sessions": (_("Exam scheduling"), "event_note", "/exams/", frozenset({OFFICE, COORD, LEAD, PROV})),
    "exam_sites": (
        _("Exam sites and sharing"),
        "location_city",
        "/exams/sites/",
        frozenset({OFFICE, COORD, LEAD, PROV}),
    ),
    "qualifications": (
        _("Assessor qualifications"),
        "verified_user",
        "/exams/qualifications/",
        frozenset({OFFICE, COORD, LEAD, PROV}),
    ),
    "teacher_training": (
        _("Teacher training"),
        "model_training",
        "/training/teachers/",
        frozenset({OFFICE, COORD, LEAD}),
    ),
    "certificates": (_("Issued certificates"), "card_membership", "/credentials/", frozenset({OFFICE, LEAD, PROV})),
    "coverage": (
        _("Certificate–curriculum integration"),
        "hub",
        "/credentials/coverage/",
        frozenset({OFFICE, COORD, LEAD}),
    ),
    "conversions": (
        _("Credit conversions"),
        "swap_horiz",
        "/credentials/conversions/",
        frozenset({OFFICE, COORD, LEAD}),
    ),
    "finance": (_("Funds and subsidies"), "payments", "/finance/", frozenset({OFFICE, COORD, FIN, LEAD})),
    "notices": (_("Notices"), "campaign", "/notices/", frozenset({OFFICE, COORD, FIN, LEAD, PROV})),
    "reports": (_("Annual report"), "description", "/reports/", frozenset({OFFICE, LEAD, PROV})),
    "audit_export": (_("Audit trail (xlsx)"), "history", "/audit/export.xlsx", frozenset({OFFICE, LEAD, PROV})),
}


def visible(request: HttpRequest, name: str) -> bool:
    user = request.user
    return bool(user.is_authenticated and (user.is_superuser or user.role in PAGES[name][3]))


def __getattr__(attr: str) -> Callable[[HttpRequest], bool]:
    """``may_open_<name>``: permission callbacks named in the UNFOLD settings."""
    name = attr.removeprefix("may_open_")
    if attr.startswith("may_open_") and name in PAGES:
        return lambda request: visible(request, name)
    raise AttributeError(attr)


def sidebar_group() -> dict[str, Any]:
    return {
        "title": _("Work"),
        "separator": True,
        "collapsible": False,
        "items": [
            {"title": title, "icon": icon, "link": url, "permission": f"onex.settings.navigation.may_open_{name}"}
            for name, (title, icon, url, _roles) in PAGES.items()
        ],
    }
