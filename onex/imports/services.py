"""Imports and exports of rosters and results, and the import jobs of the back office."""

from __future__ import annotations

import datetime as dt
import logging
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from onex.audit.services import audit_record
from onex.core.uploads import UnusableFileError, check_spreadsheet, kind_for_name, max_upload_bytes
from onex.imports.export import roster_workbook_write
from onex.imports.models import ImportJob, ImportKind, ImportStatus
from onex.imports.progress import progress_clear, progress_write
from onex.imports.results import ResultsSummary, results_apply
from onex.imports.roster import ImportSummary, Progress, RosterImport
from onex.org.models import Institution
from onex.pilots.models import Pilot

if TYPE_CHECKING:
    from onex.accounts.models import User

logger = logging.getLogger(__name__)


def imports_dir() -> Path:
    path = Path(settings.DATA_DIR) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def roster_import(
    *,
    path: str | Path,
    institution: Institution,
    year: int,
    original_name: str | None = None,
    filed_on: dt.date | None = None,
    dry_run: bool = False,
    errors_path: str | Path | None = None,
    actor: User | None = None,
    progress: Progress | None = None,
) -> ImportSummary:
    """Import a roster file; raises UnusableFileError when the file cannot be used.

    All valid rows are written in one transaction; a dry run writes nothing.
    """
    engine = RosterImport(
        institution=institution, year=year, filed_on=filed_on, dry_run=dry_run, actor=actor, progress=progress
    )
    if dry_run:
        return engine.run(path, original_name or Path(path).name, errors_path=errors_path)
    with transaction.atomic():
        return engine.run(path, original_name or Path(path).name, errors_path=errors_path)


@transaction.atomic
def results_import(
    *,
    path: str | Path,
    institution: Any,
    pilot: Pilot,
    original_name: str | None = None,
    amend: bool = False,
    reason: str = "",
    dry_run: bool = False,
    errors_path: str | Path | None = None,
    actor: User | None = None,
    progress: Any = None,
) -> ResultsSummary:
    """Import a results workbook in one transaction; a dry run checks every row and rolls back."""
    summary = results_apply(
        path=path,
        institution=institution,
        pilot=pilot,
        original_name=original_name,
        amend=amend,
        reason=reason,
        errors_path=errors_path,
        actor=actor,
        progress=progress,
    )
    if dry_run:
        transaction.set_rollback(True)
    return summary


@transaction.atomic
def roster_export(
    *,
    institution: Institution,
    year: int,
    target: str | IO[bytes],
    pilot: Pilot | None = None,
    actor: User | None = None,
    request: Any = None,
) -> int:
    """Write the roster workbook (its audit record in the same transaction); returns the row count."""
    return roster_workbook_write(
        institution=institution, year=year, target=target, pilot=pilot, actor=actor, request=request
    )


# -- import jobs (the back office) ----------------------------------------------------------

PROGRESS_INTERVAL_SECONDS = 0.5


def _job_update(job_id: int, **fields: Any) -> None:
    ImportJob.objects.filter(pk=job_id).update(**fields)


@transaction.atomic
def import_job_create(
    *,
    institution: Institution,
    kind: str,
    year: int,
    upload: Any,
    options: dict[str, Any] | None = None,
    actor: User | None = None,
) -> ImportJob:
    """Store an uploaded file and check it; raises UnusableFileError (and keeps nothing) if it cannot be used."""
    name = Path(upload.name).name[:255]
    kind_for_name(name)
    if upload.size > max_upload_bytes():
        raise UnusableFileError(
            gettext("The file is too large (%(size)s MB; at most %(limit)s MB).")
            % {"size": round(upload.size / 1048576, 1), "limit": round(max_upload_bytes() / 1048576, 1)}
        )
    stored = imports_dir() / f"{uuid.uuid4().hex}{Path(name).suffix.lower()}"
    with stored.open("wb") as fh:
        for chunk in upload.chunks():
            fh.write(chunk)
    try:
        check_spreadsheet(stored, name)
    except UnusableFileError:
        stored.unlink(missing_ok=True)
        raise
    job = ImportJob(
        institution=institution,
        kind=kind,
        year=year,
        options=options or {},
        original_name=name,
        stored_path=str(stored),
        status=ImportStatus.PENDING,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    job.full_clean()
    job.save()
    return job


@transaction.atomic
def import_job_start(*, job: ImportJob, actor: User | None = None) -> ImportJob:
    """Queue a previewed job for the background worker."""
    from onex.imports.tasks import run_import_job

    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.status != ImportStatus.PENDING:
        return job
    job.status = ImportStatus.QUEUED
    job.save(update_fields=["status"])
    job_id = job.pk
    transaction.on_commit(lambda: _enqueue(run_import_job, job_id))
    return job


def _enqueue(task: Any, job_id: int) -> None:
    result = task.enqueue(job_id)
    _job_update(job_id, task_id=str(result.id)[:64])


def import_job_run(*, job_id: int) -> ImportJob:
    """Run a queued job (called by the worker). Any failure leaves the database as before and the job failed."""
    job = ImportJob.objects.select_related("institution", "created_by").get(pk=job_id)
    if job.status not in (ImportStatus.QUEUED, ImportStatus.PENDING):
        return job
    now = timezone.now()
    _job_update(job.pk, status=ImportStatus.RUNNING, heartbeat_at=now, rows_done=0, message="")
    last = [0.0]

    def progress(phase: str, done: int, total: int) -> None:
        clock = time.monotonic()
        if clock - last[0] < PROGRESS_INTERVAL_SECONDS and done < total:
            return
        last[0] = clock
        progress_write(job.pk, done=done, total=total)
        if not transaction.get_connection().in_atomic_block:  # inside the import's transaction nobody would see it
            _job_update(job.pk, rows_total=total, rows_done=done, heartbeat_at=timezone.now())

    errors_path = imports_dir() / "errors" / f"{job.pk}-{uuid.uuid4().hex[:8]}.xlsx"
    try:
        if job.kind == ImportKind.ROSTER:
            filed_on = job.options.get("filed_on")
            summary: Any = roster_import(
                path=job.stored_path,
                original_name=job.original_name,
                institution=job.institution,
                year=job.year,
                filed_on=dt.date.fromisoformat(filed_on) if filed_on else None,
                errors_path=errors_path,
                actor=job.created_by,
                progress=progress,
            )
        else:
            pilot = Pilot.objects.get(pk=job.options["pilot"], institution=job.institution)
            summary = results_import(
                path=job.stored_path,
                original_name=job.original_name,
                institution=job.institution,
                pilot=pilot,
                amend=bool(job.options.get("amend")),
                reason=job.options.get("reason", ""),
                errors_path=errors_path,
                actor=job.created_by,
                progress=progress,
            )
    except UnusableFileError as exc:
        _job_update(job.pk, status=ImportStatus.FAILED, message=str(exc), finished_at=timezone.now())
    except Exception:
        logger.exception("import job %s failed", job.pk)
        _job_update(
            job.pk,
            status=ImportStatus.FAILED,
            message=gettext("The import stopped because of an internal error; nothing was written."),
            finished_at=timezone.now(),
        )
    else:
        data = summary.as_dict()
        _job_update(
            job.pk,
            status=ImportStatus.SUCCEEDED,
            summary=data,
            rows_total=data["rows"],
            rows_done=data["rows"],
            errors_path=data.get("errors_file") or "",
            finished_at=timezone.now(),
            heartbeat_at=timezone.now(),
        )
    progress_clear(job.pk)
    job.refresh_from_db()
    return job


def import_job_fail_stale(*, job: ImportJob) -> ImportJob:
    """Mark a job whose worker stopped reporting as failed; its transaction never committed."""
    updated = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.RUNNING, heartbeat_at=job.heartbeat_at).update(
        status=ImportStatus.FAILED,
        message=gettext("The worker stopped during the import; nothing was written. Start the import again."),
        finished_at=timezone.now(),
    )
    if updated:
        job.refresh_from_db()
    return job


@transaction.atomic
def import_job_errors_open(*, job: ImportJob, actor: User | None, request: Any = None) -> Path:
    """The error workbook (it holds full ID numbers from the uploaded rows), its download audited."""
    path = Path(job.errors_path)
    audit_record(actor=actor, action="import.errors_download", target=job, after={"file": path.name}, request=request)
    return path


@transaction.atomic
def row_savepoint(apply: Callable[[], object]) -> None:
    """Write one row of a file inside a savepoint: a row refused halfway leaves nothing of itself behind."""
    apply()
