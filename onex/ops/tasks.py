"""A probe task: proves, through the audit trail, that a worker ran it (and how often)."""

from __future__ import annotations

import time

from django_tasks import task

from onex.audit.services import audit_record
from onex.org.models import Institution


@task()
def probe(*, institution_id: int, n: int, seconds: float = 0.0) -> int:
    time.sleep(seconds)
    audit_record(actor=None, action="ops.probe", target=Institution.objects.get(pk=institution_id), after={"n": n})
    return n
