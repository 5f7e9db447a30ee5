"""Print one year's subsidy lines and totals per department as one JSON object."""

import json

from django.core.management.base import BaseCommand

from onex.finance.management.commands._common import institution_by_code
from onex.finance.selectors import year_subsidies


class Command(BaseCommand):
    help = "One year's teacher subsidies (lines of the current statements, totals per department) as JSON."

    def add_arguments(self, parser):
        parser.add_argument("--institution", required=True, help="institution code, e.g. GDMMNL")
        parser.add_argument("--year", required=True, type=int)

    def handle(self, *args, **options):
        institution = institution_by_code(options["institution"])
        data = {"institution": institution.code, **year_subsidies(institution_id=institution.pk, year=options["year"])}
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
