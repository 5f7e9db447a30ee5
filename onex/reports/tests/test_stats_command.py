import datetime as dt
import json
from decimal import Decimal
from io import StringIO

from django.core.management import call_command
from django.test import TestCase

from onex.core.percent import rate
from onex.exams.models import Outcome, Result
from onex.pilots.models import Registration
from testsupport.demo import DemoTestCase


def stats(code: str = "GDMMNL", year: int = 2023) -> dict:
    out = StringIO()
    call_command("stats", institution=code, year=year, stdout=out)
    return json.loads(out.getvalue())


class StatsPrintsTheFiguresOfTheData(DemoTestCase):
    def test_the_2023_figures_of_the_demo_institution(self):
        data = stats()
        self.assertEqual(data["institution"], "GDMMNL")
        self.assertEqual(data["year"], 2023)
        self.assertEqual(data["certificates"], 3)
        self.assertEqual(data["registered"], 450)
        self.assertEqual(data["completed"], 411)
        self.assertEqual(data["completion_rate"], "91.33")
        self.assertEqual(data["budget"], "1116600.00")

    def test_the_output_is_one_json_object_with_every_key(self):
        out = StringIO()
        call_command("stats", institution="GDMMNL", year=2023, stdout=out)
        self.assertEqual(out.getvalue().count("\n"), 1)
        data = json.loads(out.getvalue())
        for key in (
            "institution",
            "year",
            "certificates",
            "registered",
            "completed",
            "completion_rate",
            "passed",
            "pass_rate",
            "certified",
            "budget",
            "by_certificate",
        ):
            self.assertIn(key, data)
        for row in data["by_certificate"]:
            for key in ("certificate", "level", "registered", "completed", "completion_rate", "passed"):
                self.assertIn(key, row)
            self.assertEqual(row["level"], "中级")
        self.assertIsInstance(data["passed"], int)
        self.assertRegex(data["pass_rate"], r"^\d+\.\d\d$")

    def test_the_lines_per_certificate_add_up_to_the_totals(self):
        data = stats()
        self.assertEqual(len(data["by_certificate"]), data["certificates"])
        for key in ("registered", "completed", "passed"):
            self.assertEqual(sum(row[key] for row in data["by_certificate"]), data[key])

    def test_rates_are_the_rounded_quotients_of_the_counts(self):
        data = stats()
        expected = (Decimal(data["passed"]) * 100 / data["completed"]).quantize(Decimal("0.01"))
        self.assertEqual(Decimal(data["pass_rate"]), expected)

    def counted_registration(self) -> Registration:
        return Registration.objects.filter(
            pilot__institution=self.main,
            pilot__year=2023,
            filed_on__isnull=False,
            withdrawn_on__isnull=True,
            result__outcome=Outcome.PASS,
        ).first()

    def test_withdrawing_one_registration_leaves_449(self):
        before = stats()
        reg = self.counted_registration()
        reg.withdrawn_on = dt.date(2023, 10, 1)
        reg.save(update_fields=["withdrawn_on"])
        after = stats()
        self.assertEqual(after["registered"], before["registered"] - 1)
        self.assertEqual(after["registered"], 449)

    def test_marking_a_result_absent_lowers_completed_and_the_rate(self):
        before = stats()
        Result.objects.filter(registration=self.counted_registration()).update(
            outcome=Outcome.ABSENT, theory_score=None, practical_score=None, total_score=None
        )
        after = stats()
        self.assertEqual(after["completed"], before["completed"] - 1)
        self.assertEqual(after["passed"], before["passed"] - 1)
        self.assertEqual(after["completion_rate"], str(rate(before["completed"] - 1, before["registered"])))

    def test_another_year_or_institution_gives_its_own_figures(self):
        self.assertNotEqual(stats(year=2024)["registered"], stats()["registered"])
        self.assertEqual(stats(code="GDYJXY")["institution"], "GDYJXY")


class StatsRefusesAnUnknownInstitution(TestCase):
    def test_it_exits_with_2_and_says_so_in_chinese(self):
        err = StringIO()
        with self.assertRaises(SystemExit) as exit_:
            call_command("stats", institution="NOPE", year=2023, stdout=StringIO(), stderr=err)
        self.assertEqual(exit_.exception.code, 2)
        self.assertIn("未找到院校", err.getvalue())
        self.assertIn("NOPE", err.getvalue())
