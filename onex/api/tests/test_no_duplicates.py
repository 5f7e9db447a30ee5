"""A teacher reached by two paths lists each row once (同一试点的两次培训).

A teacher of two training sessions of one pilot is linked to that pilot's
registrations twice; the scope must still yield each registration once.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from onex.api.tests.base import ApiTestCase, Candidate, add_candidates, detail_url, list_url
from onex.core.scoping import scope_queryset
from onex.pilots.models import Pilot, Registration
from onex.training.models import TrainingSession


class TwoSessionsOfOnePilotTestCase(ApiTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        starts = timezone.make_aware(dt.datetime(2023, 4, 8, 9))
        cls.training_b = TrainingSession.objects.create(
            pilot=cls.pilot, topic="理论", starts_at=starts, ends_at=starts + dt.timedelta(hours=2), hours=2
        )
        cls.training_b.teachers.add(cls.teacher_person)
        cls.more = add_candidates(cls.pilot, cls.klass, [Candidate(), Candidate(filed=False)])

    def mine(self) -> list[int]:
        # By hand: the pilot's three registrations; the teacher has no session in any other pilot.
        return sorted([self.registration.pk, *(r.pk for r in self.more)])

    def test_the_teacher_lists_each_registration_of_the_pilot_exactly_once(self) -> None:
        response = self.get_as(self.teacher, list_url("registration"))
        self.assertEqual(self.ids_of(response), self.mine())
        self.assertEqual(response.json()["count"], 3)

    def test_the_teacher_opens_each_registration_of_the_pilot(self) -> None:
        for pk in self.mine():
            with self.subTest(registration=pk):
                self.assertEqual(self.get_as(self.teacher, detail_url("registration", pk)).status_code, 200)

    def test_the_teacher_lists_and_opens_the_pilot_once(self) -> None:
        self.assertEqual(self.ids_of(self.get_as(self.teacher, list_url("pilot"))), [self.pilot.pk])
        self.assertEqual(self.get_as(self.teacher, detail_url("pilot", self.pilot.pk)).status_code, 200)

    def test_the_scope_itself_yields_each_row_once(self) -> None:
        self.assertEqual(
            list(scope_queryset(Pilot.objects.all(), self.teacher).values_list("pk", flat=True)), [self.pilot.pk]
        )
        registrations = scope_queryset(Registration.objects.order_by("pk"), self.teacher)
        self.assertEqual(list(registrations.values_list("pk", flat=True)), self.mine())
