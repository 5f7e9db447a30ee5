"""How far a running import job has come, kept in a small file beside the uploaded files.

While an import writes, its transaction holds the database (on SQLite, the
write lock), so the job's row cannot show progress before the commit. The
worker writes its progress here instead and the status page reads it. The
file lives in the data directory that web servers and workers already share
for the uploaded files themselves.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from django.conf import settings
from django.core.management.base import OutputWrapper
from django.utils import timezone
from django.utils.translation import gettext as _


def _path(job_id: int) -> Path:
    return Path(settings.DATA_DIR) / "imports" / "progress" / f"{int(job_id)}.json"


def progress_write(job_id: int, *, done: int, total: int) -> None:
    path = _path(job_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps({"done": done, "total": total, "at": timezone.now().isoformat()}))
    os.replace(temporary, path)  # readers see the old file or the new one, never half of one


def progress_read(job_id: int) -> tuple[int, int, dt.datetime] | None:
    try:
        data = json.loads(_path(job_id).read_text())
        return int(data["done"]), int(data["total"]), dt.datetime.fromisoformat(data["at"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def progress_clear(job_id: int) -> None:
    _path(job_id).unlink(missing_ok=True)


def progress_line(stream: TextIO | OutputWrapper, *, every_seconds: float = 1.0) -> Callable[[str, int, int], None]:
    """A progress callback for the commands: one line on stderr, redrawn in place on a terminal."""
    terminal = stream.isatty()

    def write(text: str) -> None:
        if isinstance(stream, OutputWrapper):
            stream.write(text, ending="")
        else:
            stream.write(text)
        stream.flush()

    last = [0.0]

    def report(phase: str, done: int, total: int) -> None:
        clock = time.monotonic()
        if done < total and clock - last[0] < every_seconds:
            return
        last[0] = clock
        percent = int(done * 100 / total) if total else 100
        line = _("%(done)s of %(total)s rows (%(percent)s%%)") % {"done": done, "total": total, "percent": percent}
        write(("\r" + line + ("\n" if done >= total else "")) if terminal else line + "\n")

    return report
