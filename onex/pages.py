"""Rendering of back-office pages in the admin's look (sidebar, header, messages)."""

from collections.abc import Callable
from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def staff_render(request: HttpRequest, template: str, context: dict[str, Any] | None = None) -> HttpResponse:
    full = admin.site.each_context(request)
    full.update(context or {})
    return render(request, template, full)


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
