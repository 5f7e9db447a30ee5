"""manage.py import_roster FILE --institution CODE --year YEAR [--filed-on DATE] [--dry-run] [--errors OUT.xlsx]"""

from __future__ import annotations

import datetime as dt
import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from onex.core.uploads import UnusableFileError
from onex.imports.progress import progress_line
from onex.imports.services import roster_import
from onex.org.models import Institution


class Command(BaseCommand):
    help = "Import a roster (students and their registrations) from an xlsx, xls or csv file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--institution", required=True, help="institution code")
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--filed-on", type=dt.date.fromisoformat, help="filing date when the file has none")
        parser.add_argument("--dry-run", action="store_true", help="check only, write nothing")
        parser.add_argument("--errors", help="where to write the workbook of rejected rows")

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            institution = Institution.objects.get(code=opts["institution"])
        except Institution.DoesNotExist as exc:
            raise CommandError(_("No institution has the code %(code)s.") % {"code": opts["institution"]}) from exc
        errors_path = opts["errors"]
        if errors_path is None:
            errors_path = str(opts["file"]) + ".errors.xlsx"
        try:
            summary = roster_import(
                path=opts["file"],
                institution=institution,
                year=opts["year"],
                filed_on=opts["filed_on"],
                dry_run=opts["dry_run"],
                errors_path=errors_path,
                progress=progress_line(self.stderr),
            )
        except FileNotFoundError:
            self.stderr.write(_("The file does not exist."))
            sys.exit(2)
        except UnusableFileError as exc:
            self.stderr.write(str(exc))
            sys.exit(2)
        self.stdout.write(json.dumps(summary.as_dict(), ensure_ascii=False))
