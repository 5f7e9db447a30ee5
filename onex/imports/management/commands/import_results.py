"""manage.py import_results FILE --institution CODE --year YEAR --certificate NAME --level LEVEL [--amend --reason TEXT]"""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from onex.core.uploads import UnusableFileError
from onex.imports.progress import progress_line
from onex.imports.selectors import pilot_find
from onex.imports.services import results_import
from onex.org.models import Institution


class Command(BaseCommand):
    help = "Import the results workbook returned by the evaluation organization."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--institution", required=True)
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--certificate", required=True, help="certificate name")
        parser.add_argument("--level", required=True, help="初级, 中级 or 高级")
        parser.add_argument("--amend", action="store_true", help="change results that were already approved")
        parser.add_argument("--reason", default="", help="why approved results are amended (required with --amend)")
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--errors", help="where to write the workbook of rejected rows")

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            institution = Institution.objects.get(code=opts["institution"])
        except Institution.DoesNotExist as exc:
            raise CommandError(_("No institution has the code %(code)s.") % {"code": opts["institution"]}) from exc
        pilot = pilot_find(
            institution=institution, year=opts["year"], certificate=opts["certificate"], level=opts["level"]
        )
        if pilot is None:
            raise CommandError(_("The institution has no pilot of that certificate and level in that year."))
        if opts["amend"] and not opts["reason"].strip():
            raise CommandError(_("--amend needs --reason: amendments of approved results are audited with a reason."))
        try:
            summary = results_import(
                path=opts["file"],
                institution=institution,
                pilot=pilot,
                amend=opts["amend"],
                reason=opts["reason"],
                dry_run=opts["dry_run"],
                errors_path=opts["errors"] or str(opts["file"]) + ".errors.xlsx",
                progress=progress_line(self.stderr),
            )
        except FileNotFoundError:
            self.stderr.write(_("The file does not exist."))
            sys.exit(2)
        except UnusableFileError as exc:
            self.stderr.write(str(exc))
            sys.exit(2)
        self.stdout.write(json.dumps(summary.as_dict(), ensure_ascii=False))
