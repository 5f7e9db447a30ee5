"""Imports and exports of rosters and results, and the import jobs of the back office."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.conf import settings

from onex.imports.roster import ImportSummary, Progress, RosterImport
from onex.org.models import Institution


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
    actor: Any = None,
    progress: Progress | None = None,
) -> ImportSummary:
    """Import a roster file; raises UnusableFileError when the file cannot be used."""
    engine = RosterImport(
        institution=institution, year=year, filed_on=filed_on, dry_run=dry_run, actor=actor, progress=progress
    )
    return engine.run(path, original_name or Path(path).name, errors_path=errors_path)
