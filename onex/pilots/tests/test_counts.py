"""The cached counts follow every kind of write, whatever code makes it."""

import datetime as dt

from onex.credentials.codes import new_verify_code, next_status_index
from onex.credentials.models import IssuedCertificate
from onex.exams.models import Outcome, Result
from onex.org.services import student_create
from onex.pilots.figures import live_counts, pilots_with_figures
from onex.pilots.models import PilotCounts, Registration
from testsupport.base import OneXTestCase, make_id_number


class PilotCountsTestCase(OneXTestCase):
    def figures(self):
        (pilot,) = pilots_with_figures(pilots=type(self.pilot).objects.filter(pk=self.pilot.pk))
        (live,) = live_counts([self.pilot.pk])
        cached = tuple(getattr(pilot, n) for n in ("registered", "completed", "passed", "certified"))
        self.assertEqual(cached, tuple(getattr(live, n) for n in ("registered", "completed", "passed", "certified")))
        return cached

    def test_a_new_pilot_gets_a_stale_row_from_the_database_itself(self):
        self.assertTrue(PilotCounts.objects.get(pilot=self.pilot_other).stale)

    def test_every_write_marks_the_pilot_stale_and_the_figures_follow(self):
        self.assertEqual(self.figures(), (1, 0, 0, 0))
        other = student_create(institution=self.inst, name="周六", id_number=make_id_number(7), class_group=self.klass)
        reg = Registration.objects.create(
            pilot=self.pilot, student=other, applied_on=dt.date(2023, 3, 1), filed_on=dt.date(2023, 3, 2)
        )
        self.assertEqual(self.figures(), (2, 0, 0, 0))
        result = Result.objects.create(registration=reg, outcome=Outcome.PASS)
        self.assertEqual(self.figures(), (2, 1, 1, 0))
        cert = IssuedCertificate.objects.create(
            registration=reg,
            number="X1",
            issued_on=dt.date(2023, 12, 1),
            verify_code=new_verify_code(),
            status_index=next_status_index(),
        )
        self.assertEqual(self.figures(), (2, 1, 1, 1))
        IssuedCertificate.objects.filter(pk=cert.pk).update(
            status="revoked", revoked_on=dt.date(2024, 1, 1), revocation_reason="错误"
        )
        self.assertEqual(self.figures(), (2, 1, 1, 0))
        Result.objects.filter(pk=result.pk).update(outcome=Outcome.ABSENT)
        self.assertEqual(self.figures(), (2, 0, 0, 0))
        IssuedCertificate.objects.filter(pk=cert.pk).delete()
        Result.objects.filter(pk=result.pk).delete()
        Registration.objects.filter(pk=reg.pk).update(withdrawn_on=dt.date(2023, 4, 1))
        self.assertEqual(self.figures(), (1, 0, 0, 0))
        Registration.objects.filter(pk=reg.pk).update(pilot=self.pilot_other)
        self.assertEqual(self.figures(), (1, 0, 0, 0))
        Registration.objects.filter(pk=self.registration.pk).delete()
        self.assertEqual(self.figures(), (0, 0, 0, 0))

    def test_a_reader_leaves_the_row_fresh(self):
        self.figures()
        self.assertFalse(PilotCounts.objects.get(pilot=self.pilot).stale)
