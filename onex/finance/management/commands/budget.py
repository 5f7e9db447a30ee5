"""Print one year's budget execution as one JSON object."""

import json

from django.core.management.base import BaseCommand

from onex.finance.management.commands._common import institution_by_code
from onex.finance.selectors import budget_execution_json


class Command(BaseCommand):
    help = "One year's budget, allocations and spending (per category and department) as JSON; money in yuan."

    def add_arguments(self, parser):
        parser.add_argument("--institution", required=True, help="institution code, e.g. GDMMNL")
        parser.add_argument("--year", required=True, type=int)

    def handle(self, *args, **options):
        institution = institution_by_code(options["institution"])
        data = budget_execution_json(
            institution_code=institution.code, institution_id=institution.pk, year=options["year"]
        )
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
