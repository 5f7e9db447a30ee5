"""Printables per exam session: the sign-in sheet (签到表, xlsx), the seat plan, admission tickets (准考证).

The admission tickets PDF is Chromium's print of the same page, so Chinese text is set in the
fonts the machine has: install Chromium and a CJK font (Debian: ``chromium fonts-noto-cjk``);
``ONEX_CHROMIUM`` names another browser binary.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import xlsxwriter
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from onex.core.spreadsheets import formula_safe
from onex.exams.models import ExamSession, Seat

PDF_TIMEOUT_SECONDS = 120


class PdfUnavailableError(RuntimeError):
    pass


def session_when(session: ExamSession) -> str:
    start, end = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
    if start.date() == end.date():
        return f"{start:%Y-%m-%d %H:%M}–{end:%H:%M}"
    return f"{start:%Y-%m-%d %H:%M}–{end:%Y-%m-%d %H:%M}"


def session_title(session: ExamSession) -> str:
    pilot = session.pilot
    return f"{pilot.year} {pilot.certificate.name}（{pilot.get_level_display()}）{session.get_kind_display()}"


def ticket_number(seat: Seat) -> str:
    """准考证号: year, session and seat, fixed width so they sort."""
    return f"{seat.session.pilot.year}{seat.session_id:05d}{seat.seat_number:03d}"


def session_seats(session: ExamSession) -> list[Seat]:
    return list(
        Seat.objects.filter(session=session)
        .select_related("registration__student", "registration__student__class_group")
        .order_by("seat_number")
    )


def sign_in_headers() -> list[str]:
    return [_("Seat number"), _("Name"), _("ID number"), _("Class"), _("Exam room"), _("Time"), _("Signature")]


def sign_in_rows(session: ExamSession) -> list[list[Any]]:
    room = str(session.room)
    when = session_when(session)
    rows = []
    for seat in session_seats(session):
        student = seat.registration.student
        rows.append(
            [
                seat.seat_number,
                student.name,
                student.id_number_masked,
                student.class_group.name if student.class_group else "",
                room,
                when,
                "",
            ]
        )
    return rows


def sign_in_workbook(session: ExamSession) -> bytes:
    """The sign-in sheet as an xlsx file: a title, one row per seat, ID numbers masked."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer,
        {"in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False},
    )
    sheet = book.add_worksheet(_("Sign-in sheet")[:31])
    title_fmt = book.add_format({"bold": True, "font_size": 14, "align": "center", "valign": "vcenter"})
    head_fmt = book.add_format({"bold": True, "border": 1, "align": "center", "bg_color": "#E5E7EB"})
    cell_fmt = book.add_format({"border": 1, "num_format": "@", "valign": "vcenter"})
    num_fmt = book.add_format({"border": 1, "align": "center", "valign": "vcenter"})
    headers = sign_in_headers()
    title = _("%(session)s sign-in sheet") % {"session": session_title(session)}
    sheet.merge_range(0, 0, 0, len(headers) - 1, formula_safe(title), title_fmt)
    sheet.set_row(0, 28)
    for col, header in enumerate(headers):
        sheet.write_string(1, col, header, head_fmt)
    for col, width in enumerate([8, 12, 22, 14, 22, 24, 16]):
        sheet.set_column(col, col, width)
    for r, row in enumerate(sign_in_rows(session), start=2):
        sheet.set_row(r, 24)
        for col, value in enumerate(row):
            if isinstance(value, int):
                sheet.write_number(r, col, value, num_fmt)
            else:
                sheet.write_string(r, col, formula_safe(str(value)), cell_fmt)
    sheet.repeat_rows(1)
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    book.close()
    return buffer.getvalue()


def sign_in_filename(session: ExamSession) -> str:
    start = timezone.localtime(session.starts_at)
    room = f"{session.room.site.name}-{session.room.name}"
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in room)
    return f"{start:%Y%m%d-%H%M}-{safe}-{session.pk}.xlsx"


def tickets_context(session: ExamSession) -> dict[str, Any]:
    seats = session_seats(session)
    return {
        "session": session,
        "title": session_title(session),
        "when": session_when(session),
        "tickets": [{"seat": s, "student": s.registration.student, "number": ticket_number(s)} for s in seats],
    }


def tickets_html(session: ExamSession) -> str:
    return render_to_string("exams/print/tickets.html", tickets_context(session))


def chromium_binary() -> str | None:
    configured = os.environ.get("ONEX_CHROMIUM")
    if configured:
        return configured
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


def html_to_pdf(html: str) -> bytes:
    """Print a self-contained HTML page to PDF with headless Chromium (fonts embedded)."""
    binary = chromium_binary()
    if binary is None:
        raise PdfUnavailableError(_("No Chromium is installed on the server, so no PDF can be made."))
    with tempfile.TemporaryDirectory(prefix="onex-pdf-") as tmp:
        page = Path(tmp) / "page.html"
        out = Path(tmp) / "page.pdf"
        page.write_text(html, encoding="utf-8")
        command = [
            binary,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-extensions",
            "--no-first-run",
            "--no-pdf-header-footer",
            f"--user-data-dir={Path(tmp) / 'profile'}",
            f"--print-to-pdf={out}",
            page.as_uri(),
        ]
        try:
            subprocess.run(command, capture_output=True, timeout=PDF_TIMEOUT_SECONDS, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise PdfUnavailableError(_("The PDF could not be made.")) from exc
        if not out.exists() or out.stat().st_size == 0:
            raise PdfUnavailableError(_("The PDF could not be made."))
        return out.read_bytes()


def tickets_pdf(session: ExamSession) -> bytes:
    return html_to_pdf(tickets_html(session))
