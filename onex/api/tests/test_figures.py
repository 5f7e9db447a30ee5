"""/api/v1/figures/: the object of ``manage.py stats``, scoped like the pages."""

from __future__ import annotations

import io
import json
from decimal import Decimal

from django.core.management import call_command
from django.urls import reverse

from onex.api.tests.base import RECOUNT, ApiTestCase, Candidate, add_candidates, detail_url, list_url
from onex.core.fields import Level
from onex.core.percent import rate
from onex.finance.figures import year_figures
from onex.finance.models import Budget
from onex.pilots.models import Pilot

CANDIDATES = [
    Candidate(outcome="pass", certified=True),
    Candidate(outcome="pass"),
    Candidate(outcome="fail"),
    Candidate(outcome="absent"),
    Candidate(),  # filed, no result yet
    Candidate(withdrawn=True, outcome="pass"),
    Candidate(filed=False),
]


def expected_counts(candidates: list[Candidate]) -> dict[str, int]:
    """The figures of DESIGN.md, counted by hand from the candidates."""
    registered = [c for c in candidates if c.filed and not c.withdrawn]
    completed = [c for c in registered if c.outcome in ("pass", "fail")]
    return {
        "registered": len(registered),
        "completed": len(completed),
        "passed": len([c for c in completed if c.outcome == "pass"]),
        "certified": len([c for c in registered if c.certified]),
    }


class FiguresTests(ApiTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        add_candidates(cls.pilot, cls.klass, CANDIDATES)
        cls.pilot_junior = Pilot.objects.create(
            institution=cls.inst,
            year=2023,
            certificate=cls.cert,
            level=Level.JUNIOR,
            department=cls.dept_other,
            fee_per_candidate=Decimal("200.00"),
        )
        cls.other_candidates = [Candidate(outcome="pass"), Candidate(outcome="fail")]
        add_candidates(cls.pilot_junior, cls.klass_other, cls.other_candidates)
        Budget.objects.create(institution=cls.inst, year=2023, source="创新强校", amount=Decimal("1000.50"))
        Budget.objects.create(institution=cls.inst, year=2023, source="学院自筹", amount=Decimal("99.50"))

    def figures(self, user, **params):
        return self.get_as(user, reverse("api:figures"), **params)

    def stats(self, code: str, year: int) -> dict:
        out = io.StringIO()
        call_command("stats", "--institution", code, "--year", str(year), stdout=out)
        return json.loads(out.getvalue())

    def test_it_returns_the_same_object_as_manage_py_stats(self):
        response = self.figures(self.office, institution=self.inst.code, year=2023)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json(), self.stats(self.inst.code, 2023))

    def test_the_figures_follow_the_data(self):
        data = self.figures(self.office, institution=self.inst.code, year=2023).json()
        # The setup's own registration is filed, without a result.
        counts = expected_counts([*CANDIDATES, Candidate(), *self.other_candidates])
        for name, value in counts.items():
            self.assertEqual(data[name], value, name)
        self.assertEqual(data["completion_rate"], str(rate(counts["completed"], counts["registered"])))
        self.assertEqual(data["certificates"], 2)
        self.assertEqual(Decimal(data["budget"]), sum(b.amount for b in Budget.objects.filter(year=2023)))

    def test_the_institution_defaults_to_the_users_own(self):
        response = self.figures(self.finance, year=2023)
        self.assertEqual(response.json(), self.stats(self.inst.code, 2023))

    def test_leadership_reads_the_figures(self):
        self.assertEqual(self.figures(self.leader, year=2023).json()["institution"], self.inst.code)

    def test_a_coordinator_gets_its_departments_figures(self):
        data = self.figures(self.coordinator_other, institution=self.inst.code, year=2023).json()
        expected = year_figures(institution_id=self.inst.id, year=2023, department_id=self.dept_other.id)
        self.assertEqual(data, expected.as_json(self.inst.code))
        self.assertEqual(data["registered"], expected_counts(self.other_candidates)["registered"])
        self.assertEqual(data["certificates"], 1)

    def test_the_province_reads_every_institution(self):
        for inst in (self.inst, self.inst2):
            with self.subTest(institution=inst.code):
                response = self.figures(self.province, institution=inst.code, year=2023)
                self.assertEqual(response.json(), self.stats(inst.code, 2023))

    def test_the_province_must_name_an_institution(self):
        self.assertEqual(self.figures(self.province, year=2023).status_code, 400)

    def test_it_gives_404_for_another_institutions_figures(self):
        self.assertEqual(self.figures(self.office2, institution=self.inst.code, year=2023).status_code, 404)
        self.assertEqual(self.figures(self.office, institution=self.inst2.code, year=2023).status_code, 404)

    def test_it_gives_404_for_an_unknown_institution(self):
        self.assertEqual(self.figures(self.office, institution="NOPE", year=2023).status_code, 404)

    def test_teachers_and_students_may_not_read_institution_figures(self):
        for user in (self.teacher, self.student):
            with self.subTest(role=user.role):
                self.assertEqual(self.figures(user, institution=self.inst.code, year=2023).status_code, 403)

    def test_the_figures_take_constant_queries_whatever_the_size(self):
        self.client.force_login(self.office)
        url = reverse("api:figures")
        for size in (1, 6):
            add_candidates(self.pilot, self.klass, [Candidate(outcome="pass", certified=True)] * size)
            # session, user, institution, pilots with figures (recounted after the change: six
            # more), budget, session save (three statements)
            with self.subTest(size=size), self.assertNumQueries(8 + RECOUNT):
                response = self.client.get(url, {"institution": self.inst.code, "year": 2023})
            self.assertEqual(response.json(), self.stats(self.inst.code, 2023))

    def test_the_year_is_required_and_must_be_a_year(self):
        self.assertEqual(self.figures(self.office).status_code, 400)
        self.assertEqual(self.figures(self.office, year="abc").status_code, 400)
        self.assertEqual(self.figures(self.office, year=1900).status_code, 400)


class PilotFiguresTests(ApiTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        add_candidates(cls.pilot, cls.klass, CANDIDATES)

    def pilot_row(self, user) -> dict:
        response = self.get_as(user, detail_url("pilot", self.pilot.pk))
        self.assertEqual(response.status_code, 200)
        return response.json()

    def test_a_pilot_carries_its_figures(self):
        row = self.pilot_row(self.office)
        counts = expected_counts([*CANDIDATES, Candidate()])
        for name, value in counts.items():
            self.assertEqual(row[name], value, name)
        self.assertEqual(row["completion_rate"], str(rate(counts["completed"], counts["registered"])))
        self.assertEqual(row["pass_rate"], str(rate(counts["passed"], counts["completed"])))

    def test_the_figures_match_the_by_certificate_rows_of_stats(self):
        listed = self.get_as(self.office, list_url("pilot"), year=2023).json()["results"]
        by_certificate = year_figures(institution_id=self.inst.id, year=2023).as_json(self.inst.code)["by_certificate"]
        keys = ("registered", "completed", "completion_rate", "passed", "pass_rate", "certified")
        self.assertEqual(
            [{k: row[k] for k in keys} for row in listed], [{k: row[k] for k in keys} for row in by_certificate]
        )

    def test_a_student_or_teacher_sees_the_whole_pilots_figures_not_only_their_own_rows(self):
        office_row = self.pilot_row(self.office)
        for user in (self.student, self.teacher):
            with self.subTest(role=user.role):
                self.assertEqual(self.pilot_row(user), office_row)

    def test_a_teacher_with_several_sessions_does_not_multiply_the_counts(self):
        second = self.training
        second.pk = None
        second.save()
        second.teachers.add(self.teacher_person)
        self.assertEqual(self.pilot_row(self.teacher)["registered"], self.pilot_row(self.office)["registered"])
