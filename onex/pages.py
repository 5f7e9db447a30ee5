"""Rendering of back-office pages in the admin's look (sidebar, header, messages)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def staff_render(request: HttpRequest, template: str, context: dict[str, Any] | None = None) -> HttpResponse:
    full = admin.site.each_context(request)
    full.update(context or {})
    return render(request, template, full)
