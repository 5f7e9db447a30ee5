"""What every exam page shares: the page frame (back office or phone). Who may open a page: onex.core.access."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def render_page(request: HttpRequest, template: str, title: str, **context: Any) -> HttpResponse:
    if request.user.is_staff:
        base = admin.site.each_context(request)
        base["base_template"] = "exams/office_base.html"
    else:
        base = {"base_template": "training/mobile_base.html"}
    return render(request, template, {**base, "title": title, **context})


def messages_to_form(form: Any, exc: ValidationError) -> None:
    for message in exc.messages:
        form.add_error(None, message)
