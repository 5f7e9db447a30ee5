"""What every exam page shares: who may open it, and the page frame (back office or phone)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from onex.core.access import require_role
from onex.core.roles import Role

# Who may open which page; rows are then limited by onex.core.scoping.
SCHEDULERS = {Role.OFFICE}
READERS = {Role.OFFICE, Role.COORDINATOR, Role.LEADER, Role.PROVINCE}
SESSION_READERS = READERS | {Role.TEACHER}
PRINTERS = {Role.OFFICE, Role.COORDINATOR, Role.TEACHER}
TICKET_PRINTERS = {Role.OFFICE, Role.COORDINATOR}


def allow(request: HttpRequest, roles: set[str]) -> None:
    require_role(request, roles)


def can_schedule(request: HttpRequest) -> bool:
    return request.user.is_superuser or request.user.role in SCHEDULERS


def page(request: HttpRequest, template: str, title: str, **context: Any) -> HttpResponse:
    if request.user.is_staff:
        base = admin.site.each_context(request)
        base["base_template"] = "exams/office_base.html"
    else:
        base = {"base_template": "training/mobile_base.html"}
    return render(request, template, {**base, "title": title, **context})


def messages_to_form(form: Any, exc: ValidationError) -> None:
    for message in exc.messages:
        form.add_error(None, message)
