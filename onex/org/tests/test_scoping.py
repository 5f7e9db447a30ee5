from django.http import Http404

from onex.core.scoping import get_object_for_user, scope_queryset
from onex.org.models import Department, Student
from onex.pilots.models import Pilot, Registration
from testsupport.base import OneXTestCase


class ScopingTestCase(OneXTestCase):
    def test_office_sees_only_its_institution(self):
        pilots = set(scope_queryset(Pilot.objects.all(), self.office))
        self.assertEqual(pilots, {self.pilot, self.pilot_other})

    def test_coordinator_sees_only_its_department(self):
        self.assertEqual(list(scope_queryset(Pilot.objects.all(), self.coordinator)), [self.pilot])
        self.assertEqual(list(scope_queryset(Student.objects.all(), self.coordinator)), [self.student_person])

    def test_province_sees_every_institution_of_its_own_province(self):
        self.assertEqual(scope_queryset(Registration.objects.all(), self.province).count(), 3)

    def test_student_sees_only_own_registrations(self):
        self.assertEqual(list(scope_queryset(Registration.objects.all(), self.student)), [self.registration])

    def test_teacher_sees_no_department_rows_it_does_not_own(self):
        self.assertEqual(list(scope_queryset(Department.objects.all(), self.teacher)), [])

    def test_it_gives_404_for_another_institutions_pilot(self):
        with self.assertRaises(Http404):
            get_object_for_user(Pilot.objects.all(), self.office, pk=self.pilot2.pk)

    def test_it_gives_404_for_a_malformed_id(self):
        with self.assertRaises(Http404):
            get_object_for_user(Pilot.objects.all(), self.office, pk="abc")
