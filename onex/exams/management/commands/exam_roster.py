"""Write one sign-in workbook (签到表) per exam session of an institution's year."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from onex.exams import printables
from onex.exams.models import ExamSession
from onex.org.models import Institution


class Command(BaseCommand):
    help = "Write one sign-in workbook per exam session of an institution's year into a folder."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--institution", required=True, help="institution code")
        parser.add_argument("--year", required=True, type=int, help="pilot year")
        parser.add_argument("--output", required=True, help="folder to write the workbooks into")
        parser.add_argument("--language", default=settings.LANGUAGE_CODE, help="language of the headers")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            institution = Institution.objects.get(code=options["institution"])
        except Institution.DoesNotExist as exc:
            raise CommandError(f"no institution with code {options['institution']!r}") from exc
        out = Path(options["output"])
        out.mkdir(parents=True, exist_ok=True)
        sessions = (
            ExamSession.objects.filter(pilot__institution=institution, pilot__year=options["year"])
            .select_related("pilot__certificate", "room__site")
            .order_by("starts_at", "room__site__name", "room__name")
        )
        written = 0
        with translation.override(options["language"]):
            for session in sessions:
                path = out / printables.sign_in_filename(session)
                path.write_bytes(printables.sign_in_workbook(session))
                written += 1
                self.stdout.write(str(path))
        self.stderr.write(f"{written} workbook(s) written to {out}")
