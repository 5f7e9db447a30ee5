"""The registration list (报名名单) of the office and the department coordinators, and its xlsx download."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Mapping
from html import escape
from typing import Any

from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from onex.core.access import can_post, page
from onex.core.fields import Level
from onex.core.pages import staff_page
from onex.core.roles import Role
from onex.core.spreadsheets import WorkbookWriter
from onex.pilots import selectors
from onex.pilots.models import TraineeType
from onex.pilots.selectors import ListStatus, RegistrationFilters, SignUpStatus, row_status

LIST_READERS = (Role.OFFICE, Role.COORDINATOR)
EXPORT_LIMIT = 50_000  # rows; a longer workbook takes too long to write inside a request
SEARCH_MAX = 60


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 12 else None


def _filters(request: HttpRequest, pilots: dict[int, Mapping[str, Any]]) -> RegistrationFilters:
    pilot_id = _int(request.GET.get("pilot"))
    if pilot_id is not None and pilot_id not in pilots:
        raise Http404  # another institution's or department's pilot
    status = request.GET.get("status", "")
    return RegistrationFilters(
        year=_int(request.GET.get("year")),
        pilot_id=pilot_id,
        status=status if status in ListStatus.LABELS else "",
        search=request.GET.get("q", "").strip()[:SEARCH_MAX],
    )


def _query(filters: RegistrationFilters, **cursor: int) -> str:
    query = QueryDict(mutable=True)
    for key, value in (
        ("year", filters.year),
        ("pilot", filters.pilot_id),
        ("status", filters.status),
        ("q", filters.search),
        *cursor.items(),
    ):
        if value not in (None, ""):
            query[key] = str(value)
    return query.urlencode()


class _Columns:
    """Turns value rows into the list's columns: labels resolved once per request, pilots read once."""

    def __init__(self, pilots: dict[int, Mapping[str, Any]]) -> None:
        self.pilots = pilots
        self.level = {k: str(v) for k, v in Level.choices}
        self.trainee = {k: str(v) for k, v in TraineeType.choices}
        self.status = {k: str(v) for k, v in SignUpStatus.LABELS.items()}

    def level_of(self, pilot: Mapping[str, Any]) -> str:
        return self.level.get(pilot["level"], pilot["level"])

    def cells(self, row: dict[str, Any]) -> list[Any]:
        """As the workbook holds them (dates as dates); the page shows the same."""
        pilot = self.pilots[row["pilot_id"]]
        return [
            row["student__name"],
            row["student__student_number"],
            row["student__id_number_masked"],
            row["student__class_group__name"] or "",
            pilot["certificate_name"],
            self.level_of(pilot),
            pilot["year"],
            self.trainee.get(row["trainee_type"], row["trainee_type"]),
            row["applied_on"],
            row["filed_on"],
            row["withdrawn_on"],
            self.status[row_status(row)],
        ]


def _pilots(request: HttpRequest) -> dict[int, Mapping[str, Any]]:
    return {p["id"]: p for p in selectors.registration_list_pilots(user=request.user)}  # keeps their order


def _day(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


# 50 rows of 11 columns are built here, every value escaped, at a fraction of the template engine's cost.
ROW_HTML = (
    '<tr data-registration="{}"><td><a class="text-primary-600" href="{}">{}</a></td><td>{}</td><td>{}</td>'
    "<td>{}</td><td>{}（{}）</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>"
)
OPTION_HTML = '<option value="{}"{}>{}</option>'


def _rows_html(rows: list[dict[str, Any]], columns: _Columns) -> SafeString:
    change_url = reverse("admin:pilots_registration_changelist")
    out = []
    for row in rows:
        cells = columns.cells(row)
        for i in (8, 9, 10):
            cells[i] = _day(cells[i])
        url = f"{change_url}{row['id']}/change/"
        out.append(ROW_HTML.format(row["id"], escape(url), *(escape(str(c)) for c in cells)))
    return mark_safe("".join(out))  # noqa: S308  # every value escaped above


def _options_html(choices: list[tuple[Any, str]], chosen: Any) -> SafeString:
    return mark_safe(  # noqa: S308  # every value escaped
        "".join(
            OPTION_HTML.format(escape(str(value)), " selected" if value == chosen else "", escape(label))
            for value, label in choices
        )
    )


@page
@require_GET
def registration_list(request: HttpRequest) -> HttpResponse:
    pilots = _pilots(request)
    filters = _filters(request, pilots)
    page = selectors.registration_page(
        user=request.user,
        filters=filters,
        pilots=list(pilots.values()),
        older_than=_int(request.GET.get("older_than")),
        newer_than=_int(request.GET.get("newer_than")),
    )
    columns = _Columns(pilots)
    pilot_choices = [
        (p["id"], f"{p['year']} {p['certificate_name']}（{columns.level_of(p)}）") for p in pilots.values()
    ]
    years = sorted({p["year"] for p in pilots.values()}, reverse=True)
    statuses = [(k, str(v)) for k, v in ListStatus.LABELS.items()]
    return staff_page(
        request,
        "pilots/registration_list.html",
        {
            "title": _("Registration list"),
            "rows": page.rows,
            "rows_html": _rows_html(page.rows, columns),
            "year_options": _options_html([(y, str(y)) for y in years], filters.year),
            "pilot_options": _options_html(pilot_choices, filters.pilot_id),
            "status_options": _options_html(statuses, filters.status),
            "chosen": filters,
            "older_query": _query(filters, older_than=page.older_than) if page.older_than else "",
            "newer_query": _query(filters, newer_than=page.newer_than) if page.newer_than else "",
            "export_query": _query(filters),
            "export_limit": EXPORT_LIMIT,
            "page_size": selectors.LIST_PAGE_SIZE,
            "is_office": can_post(request.user, "imports:export"),
        },
    )


EXPORT_HEADERS = (
    gettext_lazy("Name"),
    gettext_lazy("Student number"),
    gettext_lazy("ID number"),
    gettext_lazy("Class"),
    gettext_lazy("Certificate"),
    gettext_lazy("Level"),
    gettext_lazy("Year"),
    gettext_lazy("Trainee type"),
    gettext_lazy("Applied on"),
    gettext_lazy("Filed on"),
    gettext_lazy("Withdrawn on"),
    gettext_lazy("Status"),
)
EXPORT_TEXT_COLUMNS = (1, 2)  # student and ID numbers stay text


@page
@require_GET
def registration_export(request: HttpRequest) -> FileResponse:
    """The filtered list as xlsx, newest first, at most EXPORT_LIMIT rows; ID numbers masked as on the page."""
    pilots = _pilots(request)
    filters = _filters(request, pilots)
    columns = _Columns(pilots)
    fd, path = tempfile.mkstemp(prefix="onex-registrations-", suffix=".xlsx")
    os.close(fd)
    try:
        # A file on disk keeps the workbook writer's memory constant however long the list.
        writer = WorkbookWriter(path, sheet_name=_("Registration list"))
        writer.header_row(
            [str(h) for h in EXPORT_HEADERS],
            text_columns=EXPORT_TEXT_COLUMNS,
            widths=[10, 14, 22, 14, 28, 6, 6, 10, 12, 12, 12, 16],
        )
        rows = selectors.registration_list(user=request.user, filters=filters, pilots=list(pilots.values()))
        rows = rows[: EXPORT_LIMIT + 1]
        for n, row in enumerate(rows.iterator(chunk_size=2000)):
            if n == EXPORT_LIMIT:
                writer.write_row([_("Only the newest %(limit)d rows are here; filter the list for the rest.")
                                  % {"limit": EXPORT_LIMIT}])  # fmt: skip
                break
            writer.write_row(columns.cells(row))
        writer.close()
        handle = open(path, "rb")  # FileResponse closes it
    finally:
        os.unlink(path)  # the open handle keeps the data until the response is sent
    return FileResponse(handle, as_attachment=True, filename=f"{_('Registration list')}.xlsx")
