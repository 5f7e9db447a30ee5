"""Sidebar links to the work pages (工作菜单), each shown exactly when its page would open.

Who may open a page is ``onex.core.access.PAGE_POLICY``, keyed by URL name; this
module only says which pages the menu lists, in which order, with which title
and icon. The admin's model pages are listed by ``onex.audit.modeladmin``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from onex.core.access import page_allowed

# (URL name, title, icon)
ENTRIES: tuple[tuple[str, Any, str], ...] = (
    ("home", _("Dashboard"), "dashboard"),
    ("imports:list", _("Import and export"), "upload_file"),
    ("portal_sign_ups", _("Sign-ups awaiting approval"), "how_to_reg"),
    ("pilots:registrations", _("Registration list"), "list_alt"),
    ("training:pilots", _("Training"), "school"),
    ("exams:sessions", _("Exam scheduling"), "event_note"),
    ("exams:sites", _("Exam sites and sharing"), "location_city"),
    ("exams:qualifications", _("Assessor qualifications"), "verified_user"),
    ("training:teacher_trainings", _("Teacher training"), "model_training"),
    ("credentials:list", _("Issued certificates"), "card_membership"),
    ("credentials:coverage", _("Certificate–curriculum integration"), "hub"),
    ("credentials:conversions", _("Credit conversions"), "swap_horiz"),
    ("finance:index", _("Funds and subsidies"), "payments"),
    ("notices:list", _("Notices"), "campaign"),
    ("reports:index", _("Annual report"), "description"),
    ("audit:export", _("Audit trail (xlsx)"), "history"),
)
# A menu entry for all who may open the page; "finance:index" forwards by role, so it follows its first page.
MENU_RULE_OF = {"finance:index": "finance:statements", "home": "admin:index"}


def _key(url_name: str) -> str:
    return url_name.replace(":", "__")


def visible(request: HttpRequest, url_name: str) -> bool:
    return page_allowed(request.user, MENU_RULE_OF.get(url_name, url_name))


def __getattr__(attr: str) -> Callable[[HttpRequest], bool]:
    """``may_open_<name>``: permission callbacks named in the UNFOLD settings."""
    key = attr.removeprefix("may_open_")
    for url_name, _title, _icon in ENTRIES:
        if attr.startswith("may_open_") and _key(url_name) == key:
            return lambda request: visible(request, url_name)
    raise AttributeError(attr)


def sidebar_group() -> dict[str, Any]:
    return {
        "title": _("Work"),
        "separator": True,
        "collapsible": False,
        "items": [
            {
                "title": title,
                "icon": icon,
                "link": lazy(reverse, str)(url_name),
                "permission": f"onex.settings.navigation.may_open_{_key(url_name)}",
            }
            for url_name, title, icon in ENTRIES
        ],
    }
