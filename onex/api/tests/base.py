"""Shared set-up for the API tests: rows every endpoint can show, and helpers."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from onex.credentials.models import IssuedCertificate
from onex.exams.models import ExamSite, Result
from onex.org import services as org
from onex.pilots.models import Pilot, Registration
from onex.training.models import TrainingSession
from testsupport.base import OneXTestCase, make_id_number

# Every router resource, by its route name.
RESOURCES = (
    "institution",
    "department",
    "major",
    "student",
    "teacher",
    "evaluation-organization",
    "certificate",
    "pilot",
    "registration",
    "exam-site",
)


def list_url(resource: str) -> str:
    return reverse(f"api:{resource}-list")


def detail_url(resource: str, pk: int) -> str:
    return reverse(f"api:{resource}-detail", args=[pk])


class ApiTestCase(OneXTestCase):
    client_class = APIClient

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.site = ExamSite.objects.create(institution=cls.inst, name="农学考核站", organization=cls.org_)
        cls.site.certificates.add(cls.cert)
        cls.site2 = ExamSite.objects.create(institution=cls.inst2, name="信息考核站", organization=cls.org_)
        starts = timezone.make_aware(dt.datetime(2023, 4, 1, 9))
        cls.training = TrainingSession.objects.create(
            pilot=cls.pilot, topic="实操", starts_at=starts, ends_at=starts + dt.timedelta(hours=2), hours=2
        )
        cls.training.teachers.add(cls.teacher_person)

    def setUp(self) -> None:
        cache.clear()  # throttling state

    def get_as(self, user: Any, url: str, **params: Any) -> Any:
        self.client.logout()
        if user is not None:
            self.client.force_login(user)
        return self.client.get(url, params)

    def ids_of(self, response: Any) -> list[int]:
        """The listed ids, sorted: a list, so that a row listed twice shows."""
        self.assertEqual(response.status_code, 200, response.content[:500])
        return sorted(row["id"] for row in response.json()["results"])


@dataclass(frozen=True)
class Candidate:
    """One registration to create: filed or not, withdrawn or not, its result and certificate."""

    filed: bool = True
    withdrawn: bool = False
    outcome: str | None = None
    certified: bool = False


_serial = itertools.count(100)


def add_candidates(pilot: Pilot, class_group: Any, candidates: list[Candidate]) -> list[Registration]:
    """Students of ``class_group`` registered to ``pilot`` as described; valid, fictitious ID numbers."""
    registrations = []
    for candidate in candidates:
        n = next(_serial)
        student = org.student_create(
            institution=pilot.institution,
            name=f"测试{n}",
            id_number=make_id_number(n, birth=f"200{n % 10}0101"),
            student_number=f"X{n}",
            class_group=class_group,
            phone=f"1380000{n:04d}",
        )
        registration = Registration.objects.create(
            pilot=pilot,
            student=student,
            applied_on=dt.date(pilot.year, 3, 1),
            filed_on=dt.date(pilot.year, 3, 10) if candidate.filed else None,
            withdrawn_on=dt.date(pilot.year, 4, 1) if candidate.withdrawn else None,
        )
        if candidate.outcome:
            Result.objects.create(registration=registration, outcome=candidate.outcome)
        if candidate.certified:
            IssuedCertificate.objects.create(
                registration=registration,
                number=f"C{n}",
                issued_on=dt.date(pilot.year, 12, 1),
                verify_code=f"V{n}",
                status_index=n,
            )
        registrations.append(registration)
    return registrations


# Pilots carry their figures: after a change to a pilot's candidates, reading it
# recounts the stale pilots first, a fixed number of statements whatever the size
# (onex.pilots.figures.counts_refresh): the stale check, a savepoint, the claim,
# the count, the update and the savepoint's release.
RECOUNT = 6
