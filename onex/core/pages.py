"""Rendering of back-office pages in the admin's look (sidebar, header, messages).

The frame's context and its sidebar depend only on who asks (the user, their
role, the language) and on which menu entry is current, yet building them costs
more than a lean page itself: the admin walks every registered model and every
menu entry's permission, and the sidebar is most of the page's markup.
``frame_context`` keeps both for a minute per user.
"""

from __future__ import annotations

import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from functools import lru_cache
from typing import Any
from urllib.parse import urlparse

from django.contrib import admin, messages
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

FRAME_SECONDS = 60  # a role or permission change shows in the menu within this time
FRAME_ENTRIES = 512
NAVIGATION_TEMPLATE = "onex/frame_navigation.html"
SIDEBAR_TEMPLATE = "unfold/helpers/navigation.html"
BRANDING_TEMPLATE = "unfold/helpers/site_branding.html"
SHELL_TEMPLATE = "onex/frame_shell.html"
MESSAGES_TEMPLATE = "unfold/helpers/messages.html"
CSRF_PLACEHOLDER = "onex-frame-csrf-token"
BODY_MARK = "<!-- onex-frame-body -->"
MESSAGES_MARK = "<!-- onex-frame-messages -->"
_INDENT = re.compile(r"\n\s+")


class _Recent:
    """A small per-process store: entries expire after ``seconds``, the least recently used go first."""

    def __init__(self, entries: int, seconds: float) -> None:
        self.entries, self.seconds = entries, seconds
        self.data: OrderedDict[Hashable, tuple[float, Any]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: Hashable) -> Any:
        with self.lock:
            found = self.data.get(key)
            if found is None or found[0] < time.monotonic():
                return None
            self.data.move_to_end(key)
            return found[1]

    def put(self, key: Hashable, value: Any) -> None:
        with self.lock:
            self.data[key] = (time.monotonic() + self.seconds, value)
            self.data.move_to_end(key)
            while len(self.data) > self.entries:
                self.data.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.data.clear()


_contexts = _Recent(FRAME_ENTRIES, FRAME_SECONDS)
_sidebars = _Recent(FRAME_ENTRIES, FRAME_SECONDS)
_shells = _Recent(FRAME_ENTRIES, FRAME_SECONDS)


def _who(request: HttpRequest) -> tuple[Any, ...]:
    user = request.user
    return (
        user.pk,
        user.get_username(),  # the sidebar shows the name and e-mail
        user.get_full_name(),
        user.email,
        getattr(user, "role", ""),
        getattr(user, "institution_id", None),
        getattr(user, "department_id", None),
        user.is_superuser,
        user.is_staff,
        user.is_active,
        get_language(),
        request.META.get("SCRIPT_NAME", ""),
    )


@lru_cache(maxsize=1024)
def _path_of(link: str) -> str:
    return urlparse(link).path


def _is_active(link: str, path: str, index_path: str) -> bool:
    # The sidebar's own rule (unfold's AdminSite._get_is_active, outside tabs).
    link_path = _path_of(link)
    if link_path == path == index_path:
        return True
    return bool(link_path) and link_path in path and link_path != index_path


def _current_menu(navigation: list[dict[str, Any]], path: str) -> tuple[list[dict[str, Any]], tuple[str, ...]]:
    """The cached menu with this path's entries marked active, and the links marked."""
    index_path = reverse("admin:index")
    groups, active = [], []
    for group in navigation:
        items = []
        for item in group["items"]:
            is_active = _is_active(str(item.get("link_callback") or item.get("link") or ""), path, index_path)
            if is_active:
                active.append(str(item.get("link")))
            items.append({**item, "active": is_active} if is_active != item.get("active") else item)
        groups.append({**group, "items": items})
    return groups, tuple(active)


def _sidebar(request: HttpRequest, context: dict[str, Any], key: Hashable) -> str:
    """unfold's whole sidebar (menu, user menu), rendered once per user and current entry.

    Its forms (language, log out) carry ``CSRF_PLACEHOLDER``; ``_with_token`` puts
    this request's token in its place once the page is rendered.
    """
    html = _sidebars.get(key)
    if html is None:
        fragment = {**context, "request": request, "user": request.user, "csrf_token": CSRF_PLACEHOLDER}
        fragment["app_list"] = context["available_apps"]
        # What admin/base_site.html's "branding" block gives the skeleton, which the sidebar's header shows.
        fragment["branding"] = render_to_string(BRANDING_TEMPLATE, fragment)
        # Indentation of unfold's templates is half the menu's bytes; HTML collapses it anyway.
        html = _INDENT.sub("\n", render_to_string(SIDEBAR_TEMPLATE, fragment))
        _sidebars.put(key, html)
    return html


def frame_context(request: HttpRequest) -> dict[str, Any]:
    """``admin.site.each_context`` for a back-office page, the sidebar rendered ahead once per user and entry.

    The sidebar's forms hold ``CSRF_PLACEHOLDER``: render the page with ``staff_render``
    or ``staff_page``, which put the request's token in.
    """
    who = _who(request)
    base = _contexts.get(who)
    if base is None:
        base = admin.site.each_context(request)
        _contexts.put(who, base)
    context = dict(base)
    context["log_entries"] = admin.site.get_log_entries(request)
    context["sidebar_navigation"], active = _current_menu(base["sidebar_navigation"], request.path)
    context["frame_key"] = (who, active)
    context["sidebar_html"] = mark_safe(_sidebar(request, context, (who, active)))  # noqa: S308  # unfold's templates
    context["templates"] = {"navigation": NAVIGATION_TEMPLATE}
    return context


def _with_token(request: HttpRequest, html: str) -> str:
    return html.replace(CSRF_PLACEHOLDER, get_token(request))


def frame_forget() -> None:
    """Drop every cached frame (tests that change a user's role or permissions mid-way)."""
    _contexts.clear()
    _sidebars.clear()
    _shells.clear()


def staff_render(request: HttpRequest, template: str, context: dict[str, Any] | None = None) -> HttpResponse:
    """A page whose template extends the frame (``portal/staff_base.html`` or ``admin/base_site.html``)."""
    full = frame_context(request)
    full.update(context or {})
    return HttpResponse(_with_token(request, render_to_string(template, full, request)))


def staff_page(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    """A page whose template is only its body, inside the frame (``onex/frame_shell.html``).

    Around the body everything but the messages is the same for one user, menu
    entry and title, so that shell is rendered once and kept: the page costs the
    rendering of its body alone.
    """
    full = frame_context(request)
    full.update(context)
    body = render_to_string(template, full, request)
    key = (full["frame_key"], str(full.get("title", "")))
    shell = _shells.get(key)
    if shell is None:
        marks = {"frame_body": mark_safe(BODY_MARK), "frame_messages": mark_safe(MESSAGES_MARK)}  # noqa: S308
        shell = render_to_string(SHELL_TEMPLATE, {**full, **marks}, request)
        _shells.put(key, shell)
    notes = render_to_string(MESSAGES_TEMPLATE, request=request) if len(get_messages(request)) else ""
    html = _with_token(request, shell).replace(MESSAGES_MARK, notes, 1).replace(BODY_MARK, body, 1)
    return HttpResponse(html)


def attempt(request: HttpRequest, action: Callable[[], Any], done: str) -> bool:
    """Call a service; its refusals become error messages, success a success message, on the next page."""
    try:
        action()
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return False
    messages.success(request, done)
    return True
