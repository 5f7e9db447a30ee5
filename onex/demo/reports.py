"""The annual report shell: its date only; the office writes the narrative."""

from __future__ import annotations

import datetime as dt

from onex.org.models import Institution
from onex.reports.models import AnnualReport


def load_report(*, institution: Institution, year: int, report_date: dt.date) -> AnnualReport:
    report, _ = AnnualReport.objects.get_or_create(
        institution=institution, year=year, defaults={"report_date": report_date, "sections": {}}
    )
    return report
