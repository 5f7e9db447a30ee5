"""Reads shared by the import commands and pages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from onex.core.fields import LEVEL_WORDS, Level
from onex.core.scoping import scope_queryset
from onex.imports import normalize
from onex.imports.models import ImportJob, ImportStatus
from onex.imports.progress import progress_read
from onex.org.models import Institution
from onex.pilots.models import Pilot, Registration

if TYPE_CHECKING:
    from onex.accounts.models import User

# A running job whose worker has not reported for this long is taken as dead.
STALE_AFTER = dt.timedelta(minutes=3)


def level_from_word(word: str) -> str | None:
    value = normalize.code(word)
    return LEVEL_WORDS.get(value) or (value if value in Level.values else None)


def pilot_find(*, institution: Institution, year: int, certificate: str, level: str) -> Pilot | None:
    level_value = level_from_word(level)
    if level_value is None:
        return None
    return (
        Pilot.objects.filter(
            institution=institution, year=year, certificate__name=normalize.text(certificate), level=level_value
        )
        .select_related("certificate")
        .first()
    )


def roster_registrations(*, institution: Institution, year: int, pilot: Pilot | None = None) -> QuerySet[Registration]:
    """The year's registrations for the national platform, in the order of its lists.

    Those the department approved (系部审核通过) and those already filed (备案), withdrawn ones
    left out: a sign-up still waiting for the department, or turned down, is never reported.
    """
    qs = Registration.objects.filter(
        Q(department_approved_on__isnull=False) | Q(filed_on__isnull=False),
        pilot__institution=institution,
        pilot__year=year,
        withdrawn_on__isnull=True,
    ).select_related(
        "pilot__certificate",
        "pilot__institution",
        "student__class_group__major__department",
    )
    if pilot is not None:
        qs = qs.filter(pilot=pilot)
    return qs.order_by("pilot__certificate__name_pinyin", "pilot__level", "student__name_pinyin", "id")


def import_jobs_for(user: User) -> QuerySet[ImportJob]:
    return scope_queryset(ImportJob.objects.select_related("created_by"), user)


def job_progress(job: ImportJob) -> tuple[int, int, dt.datetime | None]:
    """Rows done, rows in all and when the worker last reported: from its progress file while it runs."""
    done, total, at = job.rows_done, job.rows_total, job.heartbeat_at
    if job.status == ImportStatus.RUNNING:
        reported = progress_read(job.pk)
        if reported is not None and (at is None or reported[2] > at):
            done, total, at = reported
    return done, total, at


def job_is_stale(job: ImportJob, now: dt.datetime | None = None) -> bool:
    if job.status != ImportStatus.RUNNING:
        return False
    _done, _total, at = job_progress(job)
    if at is None:
        return False
    return (now or timezone.now()) - at > STALE_AFTER


def iter_chunks(qs: QuerySet[Any], size: int = 2000) -> Iterator[Any]:
    yield from qs.iterator(chunk_size=size)


PREVIEW_ROWS = 10


def job_preview(job: ImportJob) -> dict[str, Any]:
    """The detected header and column mapping, and the first rows with ID numbers masked."""
    from onex.core import crypto
    from onex.core.uploads import check_spreadsheet
    from onex.imports.columns import HEADER_SEARCH_ROWS, RESULT_COLUMNS, ROSTER_COLUMNS, find_header
    from onex.imports.models import ImportKind
    from onex.imports.reading import count_csv_rows, read_rows

    columns = ROSTER_COLUMNS if job.kind == ImportKind.ROSTER else RESULT_COLUMNS
    kind = check_spreadsheet(job.stored_path, job.original_name)
    # A CSV is read only as far as the preview needs; its rows are then counted one at a time.
    table = read_rows(job.stored_path, kind, first=HEADER_SEARCH_ROWS + PREVIEW_ROWS + 1)
    header = find_header(table, columns)
    by_index = {index: key for key, index in header.mapping.items()}
    labels = {c.key: str(c.label) for c in columns}
    id_index = header.mapping.get("id_number")
    rows = []
    for row in table[header.row_index + 1 :]:
        if not any(row):
            continue
        cells = [normalize.cell_str(v) for v in row[: len(header.labels)]]
        if id_index is not None and id_index < len(cells) and cells[id_index]:
            cells[id_index] = crypto.mask_id_number(normalize.code(cells[id_index]))
        rows.append(cells)
        if len(rows) >= PREVIEW_ROWS:
            break
    return {
        "header_row": header.row_index + 1,
        "columns": [
            {"label": label, "field": labels.get(by_index.get(i, ""), "")} for i, label in enumerate(header.labels)
        ],
        "missing_optional": [str(c.label) for c in columns if not c.required and c.key not in header.mapping],
        "rows": rows,
        "data_rows": count_csv_rows(job.stored_path, after=header.row_index + 1)
        if kind == "csv"
        else sum(1 for r in table[header.row_index + 1 :] if any(r)),
    }
