"""manage.py stats --institution CODE --year YEAR: the year's figures as one JSON object."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from onex.finance.figures import year_figures
from onex.org.models import Institution


class Command(BaseCommand):
    help = "Print an institution's figures for a year as one JSON object."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--institution", required=True, help="institution code, e.g. GDMMNL")
        parser.add_argument("--year", required=True, type=int)

    def handle(self, *args: Any, **options: Any) -> None:
        code = options["institution"].strip()
        institution = Institution.objects.filter(code=code).first()
        if institution is None:
            self.stderr.write(_("未找到院校代码“%(code)s”。") % {"code": code})
            raise SystemExit(2)
        figures = year_figures(institution_id=institution.id, year=options["year"])
        self.stdout.write(json.dumps(figures.as_json(institution.code), ensure_ascii=False))
