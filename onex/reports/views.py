"""Pages of the annual report: preview, edit, downloads, submission, and the province's collection."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from onex.core.access import may, page, page_allowed
from onex.core.pages import staff_render
from onex.core.scoping import get_object_for_user
from onex.org.models import Institution
from onex.reports.attachments import write_pilots_xlsx, write_sites_xlsx
from onex.reports.bundle import PdfUnavailableError, docx_to_pdf, libreoffice, report_file_stem
from onex.reports.datastandard import FORMATS, TABLES, export_table
from onex.reports.document import pilots_attachment_title, report_document, sites_attachment_title
from onex.reports.docx_writer import docx_bytes, write_docx
from onex.reports.forms import AnnualReportForm, ReturnForm
from onex.reports.models import AnnualReport, ReportStatus
from onex.reports.outline import SECTIONS
from onex.reports.selectors import (
    latest_submission,
    province_collection,
    report_date_of,
    report_for,
    submissions_of,
)
from onex.reports.services import (
    EDITABLE,
    annual_report_accept,
    annual_report_return,
    annual_report_save,
    annual_report_submit,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _check_year(year: int) -> int:
    if not 2019 <= year <= 2100:
        raise Http404
    return year


def _institution(request: HttpRequest, code: str, action: str) -> Institution:
    """The institution named in the URL, if the user may take ``action`` on its report; 404 otherwise."""
    institution = get_object_for_user(Institution.objects.all(), request.user, code=code)
    if not may(request.user, action, institution):
        raise Http404
    return institution


def _reader(request: HttpRequest, code: str) -> Institution:
    return _institution(request, code, "report.read")


def _writer(request: HttpRequest, code: str) -> Institution:
    return _institution(request, code, "report.write")


def _collector(request: HttpRequest, code: str) -> Institution:
    return _institution(request, code, "report.collect")


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


def _document_for(
    request: HttpRequest, institution: Institution, year: int, report: AnnualReport
) -> dict[str, Any] | None:
    """What this user reads: the province the latest submission, the institution the live report."""
    wanted = request.GET.get("submission", "")
    if wanted.isdigit():
        submission = submissions_of(report).filter(pk=int(wanted)).first()
        if submission is None:
            raise Http404
        return submission.snapshot
    if may(request.user, "report.collect", institution):
        submission = latest_submission(report)
        return submission.snapshot if submission else None
    return report_document(institution=institution, year=year, report=report)


@page
def index(request: HttpRequest) -> HttpResponse:
    year = timezone.localdate().year - 1
    if page_allowed(request.user, "reports:collection"):
        return redirect(f"{reverse('reports:collection')}?year={year}")
    institution = request.user.institution
    reports = {r.year: r for r in AnnualReport.objects.filter(institution=institution)}
    years = sorted(set(reports) | set(range(year - 3, year + 1)), reverse=True)
    rows = [{"year": y, "report": reports.get(y)} for y in years]
    return staff_render(request, "reports/index.html", {"institution": institution, "rows": rows})


@page
def detail(request: HttpRequest, code: str, year: int) -> HttpResponse:
    institution = _reader(request, code)
    year = _check_year(year)
    report = report_for(institution=institution, year=year)
    doc = _document_for(request, institution, year, report)
    user = request.user
    context = {
        "institution": institution,
        "year": year,
        "report": report,
        "doc": doc,
        "submissions": list(submissions_of(report)),
        "can_edit": may(user, "report.write", institution) and report.status in EDITABLE,
        "can_collect": may(user, "report.collect", institution) and report.status == ReportStatus.SUBMITTED,
        "return_form": ReturnForm(),
        "tables": [(t.key, t.title) for t in TABLES.values()],
        "formats": FORMATS,
        "pdf_available": libreoffice() is not None,
    }
    return staff_render(request, "reports/detail.html", context)


@page
def edit(request: HttpRequest, code: str, year: int) -> HttpResponse:
    institution = _writer(request, code)
    year = _check_year(year)
    report = report_for(institution=institution, year=year)
    if report.status not in EDITABLE:
        messages.error(
            request, _("The report has been submitted; it can be edited again once the province returns it.")
        )
        return redirect("reports:detail", code=code, year=year)
    initial = {"report_date": report_date_of(report), **(report.sections or {})}
    form = AnnualReportForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            annual_report_save(
                actor=request.user,
                institution=institution,
                year=year,
                sections=form.sections(),
                report_date=form.cleaned_data["report_date"],
                request=request,
            )
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, " ".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(request, _("The draft was saved."))
            return redirect("reports:detail", code=code, year=year)
    doc = report_document(institution=institution, year=year, report=report)
    computed: dict[str, list[str]] = {}
    current = None
    for block in doc["blocks"]:
        if block["kind"] in ("h1", "h2"):
            current = block["key"]
        elif block["kind"] == "p" and block["computed"]:
            computed.setdefault(current, []).append(block["text"])
    headings = {b["key"]: b["text"] for b in doc["blocks"] if b["kind"] in ("h1", "h2")}
    fields = [
        {"heading": headings[s.key], "field": form[s.key] if s.narrative else None, "computed": computed.get(s.key, [])}
        for s in SECTIONS
    ]
    return staff_render(
        request,
        "reports/edit.html",
        {"institution": institution, "year": year, "report": report, "form": form, "fields": fields},
    )


@page
@require_POST
def submit(request: HttpRequest, code: str, year: int) -> HttpResponse:
    institution = _writer(request, code)
    try:
        annual_report_submit(actor=request.user, institution=institution, year=_check_year(year), request=request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The report was submitted to the province."))
    return redirect("reports:detail", code=code, year=year)


@page
@require_POST
def return_report(request: HttpRequest, code: str, year: int) -> HttpResponse:
    institution = _collector(request, code)
    report = get_object_for_user(
        AnnualReport.objects.select_related("institution"), request.user, institution=institution, year=year
    )
    form = ReturnForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the report is returned."))
        return redirect("reports:detail", code=code, year=year)
    try:
        annual_report_return(actor=request.user, report=report, comment=form.cleaned_data["comment"], request=request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The report was returned to the office."))
    return redirect("reports:detail", code=code, year=year)


@page
@require_POST
def accept(request: HttpRequest, code: str, year: int) -> HttpResponse:
    institution = _collector(request, code)
    report = get_object_for_user(
        AnnualReport.objects.select_related("institution"), request.user, institution=institution, year=year
    )
    try:
        annual_report_accept(actor=request.user, report=report, request=request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The report was accepted."))
    return redirect("reports:detail", code=code, year=year)


@page
def download_docx(request: HttpRequest, code: str, year: int) -> HttpResponse:
    institution = _reader(request, code)
    report = report_for(institution=institution, year=_check_year(year))
    doc = _document_for(request, institution, year, report)
    if doc is None:
        raise Http404
    return _download(docx_bytes(doc), f"{report_file_stem(institution, year)}.docx", DOCX)


@page
def download_pdf(request: HttpRequest, code: str, year: int) -> HttpResponse:
    institution = _reader(request, code)
    report = report_for(institution=institution, year=_check_year(year))
    doc = _document_for(request, institution, year, report)
    if doc is None:
        raise Http404
    with tempfile.TemporaryDirectory(prefix="onex-report-") as tmp:
        source = Path(tmp) / "report.docx"
        write_docx(doc, str(source))
        try:
            pdf = docx_to_pdf(source)
        except PdfUnavailableError:
            messages.error(
                request,
                _("PDF is not available: LibreOffice is not installed on the server. Download the .docx instead."),
            )
            return redirect("reports:detail", code=code, year=year)
        content = pdf.read_bytes()
    return _download(content, f"{report_file_stem(institution, year)}.pdf", "application/pdf")


@page
def download_attachment(request: HttpRequest, code: str, year: int, which: str) -> HttpResponse:
    institution = _reader(request, code)
    report = report_for(institution=institution, year=_check_year(year))
    buffer = io.BytesIO()
    if which == "pilots":
        write_pilots_xlsx(buffer, institution=institution, year=year, on_date=report_date_of(report))
        name = f"附件1 {pilots_attachment_title(year)}.xlsx"
    elif which == "sites":
        write_sites_xlsx(buffer, institution=institution, year=year)
        name = f"附件2 {sites_attachment_title(institution)}.xlsx"
    else:
        raise Http404
    return _download(buffer.getvalue(), name, XLSX)


@page
def download_data(request: HttpRequest, code: str, year: int, table: str, fmt: str) -> HttpResponse:
    institution = _reader(request, code)
    if table not in TABLES or fmt not in FORMATS:
        raise Http404
    content = export_table(key=table, fmt=fmt, institution=institution, year=_check_year(year))
    name = f"{institution.code}-{year}-{TABLES[table].title}.{fmt}"
    return _download(content, name, XLSX if fmt == "xlsx" else "text/csv; charset=utf-8")


@page
def collection(request: HttpRequest) -> HttpResponse:
    value = request.GET.get("year", "")
    year = int(value) if value.isdigit() and 2019 <= int(value) <= 2100 else timezone.localdate().year - 1
    rows = province_collection(user=request.user, year=year)
    submitted = sum(1 for r in rows if r.submitted)
    return staff_render(
        request,
        "reports/collection.html",
        {
            "rows": rows,
            "year": year,
            "submitted": submitted,
            "province": request.user.province,
            "statuses": ReportStatus,
        },
    )
