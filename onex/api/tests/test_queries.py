"""List endpoints run a constant number of queries, whatever the number of rows."""

from __future__ import annotations

from onex.api.tests.base import RECOUNT, RESOURCES, ApiTestCase, Candidate, add_candidates, list_url
from onex.catalog.models import Certificate, EvaluationOrganization
from onex.core.fields import Level
from onex.exams.models import ExamSite
from onex.org import services as org
from onex.org.models import Department
from onex.pilots.models import Pilot

# Session and user lookups, the count, the page, one per prefetched relation
# (pilot majors, exam-site certificates), then the session save (three statements).
QUERIES = {
    "institution": 7,
    "department": 7,
    "major": 7,
    "student": 7,
    "teacher": 7,
    "evaluation-organization": 7,
    "certificate": 7,
    "pilot": 8 + RECOUNT,
    "registration": 7,
    "exam-site": 8,
}


class ListQueryCountTests(ApiTestCase):
    def grow(self, n: int) -> None:
        """n more rows of every resource, each with its related rows."""
        for i in range(n):
            org_ = EvaluationOrganization.objects.create(name=f"组织{n}-{i}")
            cert = Certificate.objects.create(code=f"G-{n}-{i}", name=f"证书{n}-{i}", organization=org_)
            inst = org.institution_create(code=f"G{n}{i}", name=f"学院{n}-{i}", province="广东省")
            dept = org.department_create(institution=self.inst, name=f"系{n}-{i}")
            major = org.major_create(department=dept, name=f"专业{n}-{i}")
            klass = org.class_group_create(major=major, name=f"班{n}-{i}", entry_year=2023)
            org.teacher_create(department=dept, staff_number=f"G{n}-{i}", name=f"教师{n}{i}")
            pilot = Pilot.objects.create(
                institution=self.inst, year=2023, certificate=cert, level=Level.JUNIOR, department=dept
            )
            pilot.majors.add(major, self.major)
            add_candidates(pilot, klass, [Candidate(outcome="pass", certified=True), Candidate(outcome="fail")])
            site = ExamSite.objects.create(institution=self.inst, name=f"站点{n}-{i}", organization=org_)
            site.certificates.add(cert, self.cert)
            ExamSite.objects.create(institution=inst, name=f"站点{n}-{i}", organization=org_)

    def assert_constant_queries(self, user) -> None:
        self.client.force_login(user)
        for size in (1, 4):
            self.grow(size)
            for resource in RESOURCES:
                with self.subTest(resource=resource, size=size), self.assertNumQueries(QUERIES[resource]):
                    response = self.client.get(list_url(resource))
                    self.assertEqual(response.status_code, 200)
                    self.assertGreater(response.json()["count"], 0)

    def test_the_office_lists_in_constant_queries(self):
        self.assert_constant_queries(self.office)

    def test_the_province_lists_in_constant_queries(self):
        self.assert_constant_queries(self.province)

    def test_a_page_is_bounded_by_the_limit(self):
        self.client.force_login(self.office)
        self.grow(3)
        response = self.client.get(list_url("registration"), {"limit": 2})
        data = response.json()
        self.assertEqual(len(data["results"]), 2)
        self.assertGreater(data["count"], 2)
        self.assertIsNotNone(data["next"])

    def test_a_page_never_exceeds_the_maximum_limit(self):
        from onex.api.pagination import ApiPagination

        Department.objects.bulk_create(
            Department(institution=self.inst, name=f"系{i}") for i in range(ApiPagination.max_limit + 1)
        )
        self.client.force_login(self.office)
        data = self.client.get(list_url("department"), {"limit": 10**6}).json()
        self.assertGreater(data["count"], ApiPagination.max_limit)
        self.assertEqual(len(data["results"]), ApiPagination.max_limit)


class CoordinatorQueryCountTests(ApiTestCase):
    def test_a_coordinators_lists_stay_constant_as_its_department_grows(self):
        self.client.force_login(self.coordinator)
        for size in (1, 5):
            add_candidates(self.pilot, self.klass, [Candidate(outcome="pass")] * size)
            for resource in ("student", "registration", "pilot"):
                with self.subTest(resource=resource, size=size), self.assertNumQueries(QUERIES[resource]):
                    self.assertEqual(self.client.get(list_url(resource)).status_code, 200)

    def test_teacher_and_student_lists_stay_constant(self):
        for user in (self.teacher, self.student):
            self.client.force_login(user)
            for size in (1, 5):
                add_candidates(self.pilot, self.klass, [Candidate(outcome="pass")] * size)
                for resource in ("registration", "pilot"):
                    with self.subTest(role=user.role, resource=resource, size=size):
                        with self.assertNumQueries(QUERIES[resource]):
                            self.assertEqual(self.client.get(list_url(resource)).status_code, 200)
