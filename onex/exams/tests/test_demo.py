from django.core.management import call_command
from django.db.models import Count, F
from django.test import TestCase

from onex.demo import facts
from onex.exams.models import AssessorAssignment, AssessorRole, ExamSession, Seat
from onex.training.selectors import registration_ids_below_minimum


class DemoExamTests(TestCase):
    def test_the_demo_seats_every_registered_candidate_of_2023_without_a_conflict(self):
        call_command("load_demo", verbosity=0)
        seats = Seat.objects.filter(session__pilot__institution__code=facts.MAIN_CODE, session__pilot__year=2023)
        self.assertEqual(seats.count(), 450)
        self.assertEqual(seats.values("registration__student").distinct().count(), 450)
        over = ExamSession.objects.annotate(n=Count("seat")).filter(n__gt=F("room__seats"))
        self.assertFalse(over.exists())
        for session in ExamSession.objects.all():
            clash = ExamSession.objects.filter(
                room=session.room, starts_at__lt=session.ends_at, ends_at__gt=session.starts_at
            ).exclude(pk=session.pk)
            self.assertFalse(clash.exists(), session)
        self.assertTrue(AssessorAssignment.objects.filter(role=AssessorRole.ASSESSOR).exists())
        self.assertTrue(AssessorAssignment.objects.filter(role=AssessorRole.SUPERVISOR).exists())
        # Attendance makes some candidates fall short of the minimum hours, not everyone.
        pilot = seats.first().session.pilot
        below = registration_ids_below_minimum(pilot=pilot)
        self.assertTrue(0 < len(below) < pilot.registration_set.count())

        before = (ExamSession.objects.count(), Seat.objects.count())
        call_command("load_demo", verbosity=0)
        self.assertEqual((ExamSession.objects.count(), Seat.objects.count()), before)
