"""Filters by year, certificate and department on the list endpoints."""

from __future__ import annotations

from decimal import Decimal

from django.utils import translation

from onex.api.filters import MAX_ID
from onex.api.tests.base import ApiTestCase, list_url
from onex.catalog.models import Certificate
from onex.core.fields import Level
from onex.pilots.models import Pilot


class FilterTests(ApiTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.cert_b = Certificate.objects.create(code="T-002", name="第二证书", organization=cls.org_)
        cls.pilot_b = Pilot.objects.create(
            institution=cls.inst,
            year=2023,
            certificate=cls.cert_b,
            level=Level.JUNIOR,
            department=cls.dept_other,
            fee_per_candidate=Decimal("100.00"),
        )

    def ids(self, resource: str, user=None, **params) -> list[int]:
        return self.ids_of(self.get_as(user or self.office, list_url(resource), **params))

    def test_pilots_filter_by_year(self):
        self.assertEqual(self.ids("pilot", year=2023), sorted([self.pilot.pk, self.pilot_b.pk]))
        self.assertEqual(self.ids("pilot", year=2024), [self.pilot_other.pk])

    def test_pilots_filter_by_certificate_department_and_level(self):
        self.assertEqual(self.ids("pilot", certificate=self.cert_b.pk), [self.pilot_b.pk])
        self.assertEqual(
            self.ids("pilot", department=self.dept_other.pk), sorted([self.pilot_other.pk, self.pilot_b.pk])
        )
        self.assertEqual(self.ids("pilot", level=Level.JUNIOR), [self.pilot_b.pk])

    def test_filters_never_widen_the_scope(self):
        self.assertEqual(self.ids("pilot", institution=self.inst2.pk), [])
        self.assertEqual(self.ids("pilot", self.coordinator, department=self.dept_other.pk), [])
        self.assertEqual(self.ids("registration", self.student, year=2023), [self.registration.pk])

    def test_the_province_filters_by_institution(self):
        self.assertEqual(self.ids("pilot", self.province, institution=self.inst2.pk), [self.pilot2.pk])
        self.assertEqual(self.ids("student", self.province, institution=self.inst2.pk), [self.student2_person.pk])

    def test_registrations_filter_by_year_certificate_department_and_pilot(self):
        self.assertEqual(self.ids("registration", year=2024), [self.registration_other.pk])
        self.assertEqual(self.ids("registration", certificate=self.cert.pk, year=2023), [self.registration.pk])
        self.assertEqual(self.ids("registration", department=self.dept.pk), [self.registration.pk])
        self.assertEqual(self.ids("registration", pilot=self.pilot_other.pk), [self.registration_other.pk])

    def test_people_and_organisation_filter_by_department(self):
        self.assertEqual(self.ids("student", department=self.dept.pk), [self.student_person.pk])
        self.assertEqual(self.ids("teacher", department=self.dept_other.pk), [self.teacher_other_person.pk])
        self.assertEqual(self.ids("major", department=self.dept.pk), [self.major.pk])

    def test_catalog_and_sites_filter_by_certificate(self):
        self.assertEqual(self.ids("exam-site", certificate=self.cert.pk), [self.site.pk])
        self.assertEqual(self.ids("exam-site", certificate=self.cert_b.pk), [])
        self.assertEqual(self.ids("certificate", organization=self.org_.pk), sorted([self.cert.pk, self.cert_b.pk]))

    def test_a_malformed_filter_is_a_bad_request(self):
        for params in (
            {"year": "abc"},
            {"department": "1;"},
            {"year": "-1"},
            {"department": "9" * 30},
            {"level": "expert"},
        ):
            with self.subTest(params=params):
                response = self.get_as(self.office, list_url("pilot"), **params)
                self.assertEqual(response.status_code, 400)
                self.assertIn(next(iter(params)), response.json())

    def test_the_error_is_in_the_users_language(self):
        self.client.force_login(self.office)
        response = self.client.get(list_url("pilot"), {"year": "abc"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
        with translation.override("zh-hans"):
            expected = translation.gettext("Enter a whole number from 0 to %(max)s.") % {"max": MAX_ID}
        self.assertNotIn("whole number", expected)
        self.assertEqual(response.json(), {"year": [expected]})

    def test_an_empty_filter_is_ignored(self):
        self.assertEqual(self.ids("pilot", year=""), sorted([self.pilot.pk, self.pilot_other.pk, self.pilot_b.pk]))
