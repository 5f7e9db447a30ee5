"""manage.py export_roster --institution CODE --year YEAR [--certificate NAME --level LEVEL] --output FILE.xlsx"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from onex.imports.selectors import pilot_find
from onex.imports.services import roster_export
from onex.org.models import Institution


class Command(BaseCommand):
    help = "Export the roster in the national platform's columns."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--institution", required=True)
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--certificate")
        parser.add_argument("--level")
        parser.add_argument("--output", required=True)

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            institution = Institution.objects.get(code=opts["institution"])
        except Institution.DoesNotExist as exc:
            raise CommandError(_("No institution has the code %(code)s.") % {"code": opts["institution"]}) from exc
        pilot = None
        if opts["certificate"] or opts["level"]:
            if not (opts["certificate"] and opts["level"]):
                raise CommandError(_("Give both --certificate and --level, or neither."))
            pilot = pilot_find(
                institution=institution, year=opts["year"], certificate=opts["certificate"], level=opts["level"]
            )
            if pilot is None:
                raise CommandError(_("The institution has no pilot of that certificate and level in that year."))
        count = roster_export(institution=institution, year=opts["year"], target=opts["output"], pilot=pilot)
        self.stdout.write(json.dumps({"rows": count, "file": opts["output"]}, ensure_ascii=False))
