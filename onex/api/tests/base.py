"""Shared set-up for the API tests: rows every endpoint can show, and helpers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from onex.exams.models import ExamSite
from onex.testing import OneXTestCase
from onex.training.models import TrainingSession

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

    def ids_of(self, response: Any) -> set[int]:
        self.assertEqual(response.status_code, 200, response.content[:500])
        return {row["id"] for row in response.json()["results"]}
