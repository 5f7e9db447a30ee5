import json

from django.core.management.base import BaseCommand, CommandError

from onex.core.fields import LEVEL_CHINESE
from onex.credentials.selectors import issued_certificates
from onex.org.models import Institution


class Command(BaseCommand):
    help = "Print an institution's issued certificates of a year as one JSON list."

    def add_arguments(self, parser):
        parser.add_argument("--institution", required=True, help="institution code, e.g. GDMMNL")
        parser.add_argument("--year", type=int, required=True)

    def handle(self, *args, **options):
        institution = Institution.objects.filter(code=options["institution"]).first()
        if institution is None:
            raise CommandError(f"找不到院校代码 {options['institution']}。", returncode=2)
        certs = (
            issued_certificates()
            .filter(registration__pilot__institution=institution, registration__pilot__year=options["year"])
            .order_by("number")
        )
        rows = [
            {
                "number": c.number,
                "verify_code": c.verify_code,
                "certificate": c.registration.pilot.certificate.name,
                "level": LEVEL_CHINESE.get(c.registration.pilot.level, c.registration.pilot.level),
                "status": c.status,
            }
            for c in certs
        ]
        self.stdout.write(json.dumps(rows, ensure_ascii=False))
