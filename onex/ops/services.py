"""The ops services: recovering imports whose worker died (find them, mark them failed,
run them again).

A worker killed in the middle of an import never commits its transaction, so the
database is as before; only the job row still says ``running`` with a heartbeat
that stopped. ``stale_imports_fail`` marks such jobs failed (what the status page
also does when someone looks); ``import_job_retry`` queues a new job on the same
stored file, so nobody has to upload it again.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onex.imports.models import ImportJob, ImportStatus
from onex.imports.selectors import STALE_AFTER, job_is_stale
from onex.imports.services import import_job_fail_stale, import_job_start

if TYPE_CHECKING:
    from onex.accounts.models import User


def stale_imports_fail(*, now: dt.datetime | None = None) -> list[ImportJob]:
    """Every running job whose heartbeat is older than STALE_AFTER, marked failed.

    A job inside its import's transaction reports to its progress file only, so each
    candidate is checked against that too.
    """
    now = now or timezone.now()
    candidates = ImportJob.objects.filter(status=ImportStatus.RUNNING, heartbeat_at__lt=now - STALE_AFTER)
    return [import_job_fail_stale(job=job) for job in candidates if job_is_stale(job, now=now)]


class RetryError(Exception):
    pass


@transaction.atomic
def import_job_retry(*, job: ImportJob, actor: User | None = None) -> ImportJob:
    """A new queued job for the same stored file and options; the failed job stays in the history."""
    if job.status != ImportStatus.FAILED:
        raise RetryError(_("Only a failed import can be started again."))
    if not Path(job.stored_path).is_file():
        raise RetryError(_("The uploaded file is no longer kept; upload it again."))
    again = ImportJob.objects.create(
        institution=job.institution,
        kind=job.kind,
        year=job.year,
        options=job.options,
        original_name=job.original_name,
        stored_path=job.stored_path,
        status=ImportStatus.PENDING,
        created_by=actor if getattr(actor, "is_authenticated", False) else job.created_by,
    )
    return import_job_start(job=again, actor=actor)
