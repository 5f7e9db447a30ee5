"""manage.py recover_imports [--retry]: fail imports whose worker died, and optionally queue them again."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from onex.ops.services import RetryError, import_job_retry, stale_imports_fail


class Command(BaseCommand):
    help = "Mark imports whose worker stopped reporting as failed; with --retry, queue each again."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--retry", action="store_true", help="queue a new job on the same stored file")

    def handle(self, *args: Any, **opts: Any) -> None:
        failed = stale_imports_fail()
        retried: list[int] = []
        for job in failed:
            if opts["retry"]:
                try:
                    retried.append(import_job_retry(job=job).pk)
                except RetryError as exc:
                    self.stderr.write(f"{job.pk}: {exc}")
        self.stdout.write(json.dumps({"failed": [j.pk for j in failed], "retried": retried}))
