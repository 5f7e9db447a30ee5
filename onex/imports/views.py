"""Back-office pages of imports and exports; the 1+X office only."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from onex.core.access import page
from onex.core.pages import staff_render
from onex.core.scoping import get_object_for_user
from onex.core.uploads import UnusableFileError
from onex.imports.forms import ExportForm, UploadForm
from onex.imports.models import ImportJob, ImportKind, ImportStatus
from onex.imports.selectors import import_jobs_for, job_is_stale, job_preview, job_progress
from onex.imports.services import (
    import_job_create,
    import_job_errors_open,
    import_job_fail_stale,
    import_job_start,
    roster_export,
)

# The figures of a finished import, in the order they are shown.
SUMMARY_LABELS = {
    "rows": pgettext_lazy("import summary", "Rows read"),
    "imported": pgettext_lazy("import summary", "New"),
    "updated": pgettext_lazy("import summary", "Updated"),
    "unchanged": pgettext_lazy("import summary", "Unchanged"),
    "rejected": pgettext_lazy("import summary", "Rejected"),
    "locked": pgettext_lazy("import summary", "Approved results left as they were"),
    "certificates": pgettext_lazy("import summary", "Certificates recorded"),
    "warnings": pgettext_lazy("import summary", "Warnings"),
}


def _job(request: HttpRequest, pk: int) -> ImportJob:
    return get_object_for_user(ImportJob.objects.select_related("institution", "created_by"), request.user, pk=pk)


@page
@require_http_methods(["GET", "POST"])
def import_list(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        options: dict[str, Any] = {}
        if data["kind"] == ImportKind.ROSTER:
            options["filed_on"] = data["filed_on"].isoformat() if data["filed_on"] else None
        else:
            options.update(pilot=data["pilot"].pk, amend=data["amend"], reason=data["reason"])
        try:
            job = import_job_create(
                institution=request.user.institution,
                kind=data["kind"],
                year=data["year"],
                upload=data["file"],
                options=options,
                actor=request.user,
            )
        except UnusableFileError as exc:
            form.add_error("file", str(exc))
        else:
            return redirect("imports:preview", pk=job.pk)
    return staff_render(
        request,
        "imports/list.html",
        {
            "form": form,
            "export_form": ExportForm(user=request.user, prefix="export"),
            "jobs": import_jobs_for(request.user)[:50],
            "title": _("Imports and exports"),
        },
    )


@page
@require_http_methods(["GET", "POST"])
def job_preview_view(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    if request.method == "POST":
        import_job_start(job=job, actor=request.user)
        return redirect("imports:detail", pk=job.pk)
    if job.status != ImportStatus.PENDING:
        return redirect("imports:detail", pk=job.pk)
    try:
        preview = job_preview(job)
    except UnusableFileError as exc:
        preview = None
        messages.error(request, str(exc))
    return staff_render(request, "imports/preview.html", {"job": job, "preview": preview, "title": job.original_name})


@page
@require_GET
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = _refresh(_job(request, pk))
    summary = [(SUMMARY_LABELS[key], value) for key, value in (job.summary or {}).items() if key in SUMMARY_LABELS]
    return staff_render(request, "imports/detail.html", {"job": job, "summary": summary, "title": job.original_name})


def _refresh(job: ImportJob) -> ImportJob:
    if job_is_stale(job):
        job = import_job_fail_stale(job=job)
    return job


@page
@require_GET
def job_status(request: HttpRequest, pk: int) -> JsonResponse:
    job = _refresh(_job(request, pk))
    done, total, _at = job_progress(job)
    percent = 100 if job.status == ImportStatus.SUCCEEDED else 0
    if total and job.status == ImportStatus.RUNNING:
        percent = min(99, int(done * 100 / total))
    return JsonResponse(
        {
            "status": job.status,
            "status_display": job.get_status_display(),
            "rows_total": total,
            "rows_done": done,
            "percent": percent,
            "summary": job.summary,
            "message": job.message,
            "finished": job.status in (ImportStatus.SUCCEEDED, ImportStatus.FAILED),
            "has_errors_file": bool(job.errors_path),
        }
    )


@page
@require_GET
def job_errors(request: HttpRequest, pk: int) -> FileResponse:
    job = _job(request, pk)
    if not job.errors_path or not Path(job.errors_path).exists():
        raise Http404
    path = import_job_errors_open(job=job, actor=request.user, request=request)
    name = f"{Path(job.original_name).stem}-错误行.xlsx"
    return FileResponse(path.open("rb"), as_attachment=True, filename=name)


@page
@require_POST
def roster_export_view(request: HttpRequest) -> HttpResponse:
    form = ExportForm(request.POST, user=request.user, prefix="export")
    if not form.is_valid():
        messages.error(request, _("Choose a year to export."))
        return redirect("imports:list")
    year, pilot = form.cleaned_data["year"], form.cleaned_data["pilot"]
    buffer = io.BytesIO()
    roster_export(
        institution=request.user.institution, year=year, target=buffer, pilot=pilot, actor=request.user, request=request
    )
    buffer.seek(0)
    suffix = f"-{pilot.certificate.name}-{pilot.get_level_display()}" if pilot else ""
    return FileResponse(buffer, as_attachment=True, filename=f"{year}-名单{suffix}.xlsx")
