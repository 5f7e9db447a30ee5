import datetime as dt
from decimal import Decimal

from onex.catalog.models import Certificate
from onex.core.fields import Level
from onex.core.percent import rate
from onex.credentials.codes import new_verify_code
from onex.credentials.models import CertificateStatus, IssuedCertificate
from onex.exams.models import Outcome, Result
from onex.finance.figures import year_figures
from onex.finance.models import Budget
from onex.org.models import Student
from onex.pilots.models import Pilot, Registration
from testsupport.base import OneXTestCase

APPLIED = dt.date(2023, 3, 1)
FILED = dt.date(2023, 3, 20)


class PercentagesAreRoundedHalfUp(OneXTestCase):
    def test_411_of_450_is_91_33(self):
        self.assertEqual(rate(411, 450), Decimal("91.33"))

    def test_1_of_32_rounds_its_half_up_to_3_13(self):
        self.assertEqual(rate(1, 32), Decimal("3.13"))

    def test_2_of_3_is_66_67(self):
        self.assertEqual(rate(2, 3), Decimal("66.67"))

    def test_nothing_out_of_nothing_is_zero(self):
        self.assertEqual(str(rate(0, 0)), "0.00")


def students(institution, prefix: str, count: int) -> list[Student]:
    return Student.objects.bulk_create(
        [
            Student(
                institution=institution,
                student_number=f"{prefix}{i:06d}",
                name=f"学生{i}",
                name_pinyin=f"xue2 sheng1 {i}",
                id_number_cipher="-",
                id_number_hash=f"{prefix}-{i}",
                id_number_masked="-",
            )
            for i in range(count)
        ]
    )


class YearFiguresFollowTheDefinitions(OneXTestCase):
    def add(self, label: str, *, filed=True, withdrawn=False, outcome=None, certificate=None):
        (student,) = students(self.inst, label, 1)
        reg = Registration.objects.create(
            pilot=self.pilot,
            student=student,
            applied_on=APPLIED,
            filed_on=FILED if filed else None,
            withdrawn_on=dt.date(2023, 5, 1) if withdrawn else None,
        )
        if outcome is not None:
            scores = (None, None) if outcome == Outcome.ABSENT else (Decimal("70.0"), Decimal("80.5"))
            Result.objects.create(registration=reg, theory_score=scores[0], practical_score=scores[1], outcome=outcome)
        if certificate is not None:
            revoked = certificate == CertificateStatus.REVOKED
            IssuedCertificate.objects.create(
                registration=reg,
                number=f"N-{label}",
                issued_on=dt.date(2024, 1, 10),
                verify_code=new_verify_code(),
                status=certificate,
                status_index=IssuedCertificate.objects.count(),
                revoked_on=dt.date(2024, 2, 1) if revoked else None,
                revocation_reason="录入错误" if revoked else "",
            )
        return reg

    def test_each_kind_of_registration_counts_where_the_design_says(self):
        # The base case already holds one filed registration without a result.
        self.add("P1", outcome=Outcome.PASS, certificate=CertificateStatus.VALID)
        self.add("P2", outcome=Outcome.PASS, certificate=CertificateStatus.REVOKED)
        self.add("P3", outcome=Outcome.PASS)
        self.add("F1", outcome=Outcome.FAIL)
        self.add("A1", outcome=Outcome.ABSENT)
        self.add("W1", withdrawn=True, outcome=Outcome.PASS)
        self.add("U1", filed=False)
        figures = year_figures(institution_id=self.inst.id, year=2023)
        t = figures.totals
        # registered: base + P1 P2 P3 F1 A1; completed: P1 P2 P3 F1; passed: P1 P2 P3; certified: P1.
        self.assertEqual((t.registered, t.completed, t.passed, t.certified), (6, 4, 3, 1))
        self.assertEqual(t.completion_rate, rate(4, 6))
        self.assertEqual(t.pass_rate, rate(3, 4))

    def test_other_institutions_and_years_stay_out(self):
        before = year_figures(institution_id=self.inst.id, year=2023).totals.registered
        Registration.objects.create(
            pilot=self.pilot2, student=students(self.inst2, "X", 1)[0], applied_on=APPLIED, filed_on=FILED
        )
        Registration.objects.filter(pk=self.registration_other.pk).update(filed_on=dt.date(2024, 3, 10))
        self.assertEqual(year_figures(institution_id=self.inst.id, year=2023).totals.registered, before)

    def test_the_budget_is_the_sum_of_the_years_rows_in_yuan(self):
        Budget.objects.create(institution=self.inst, year=2023, source="创新强校专项", amount=Decimal("1000000.00"))
        Budget.objects.create(institution=self.inst, year=2023, source="其他", amount=Decimal("116600"))
        Budget.objects.create(institution=self.inst, year=2024, source="创新强校专项", amount=Decimal("5.00"))
        Budget.objects.create(institution=self.inst2, year=2023, source="创新强校专项", amount=Decimal("7.00"))
        self.assertEqual(str(year_figures(institution_id=self.inst.id, year=2023).budget), "1116600.00")

    def test_a_department_sees_its_own_pilots_only(self):
        figures = year_figures(institution_id=self.inst.id, year=2023, department_id=self.dept_other.id)
        self.assertEqual(figures.certificates, 0)


# After a change the stale pilots are recounted (eight queries); when nothing
# changed the cached counts are read (three). Neither depends on the size.
AFTER_A_CHANGE, UNCHANGED = 8, 3


class YearFiguresTakeAConstantNumberOfQueries(OneXTestCase):
    def test_with_a_single_pilot_and_registration(self):
        with self.assertNumQueries(AFTER_A_CHANGE):
            figures = year_figures(institution_id=self.inst.id, year=2023)
            figures.as_json(self.inst.code)
        with self.assertNumQueries(UNCHANGED):
            again = year_figures(institution_id=self.inst.id, year=2023)
        self.assertEqual(figures.totals.registered, 1)
        self.assertEqual(again.totals, figures.totals)

    def test_with_many_pilots_and_registrations(self):
        pool = students(self.inst, "M", 300)
        for i in range(8):
            cert = Certificate.objects.create(
                code=f"M-{i}", name=f"证书{i}", organization=self.org_, levels=[Level.INTERMEDIATE]
            )
            pilot = Pilot.objects.create(
                institution=self.inst,
                year=2023,
                certificate=cert,
                level=Level.INTERMEDIATE,
                department=self.dept if i % 2 else self.dept_other,
                fee_per_candidate=Decimal("300.00"),
            )
            regs = Registration.objects.bulk_create(
                [Registration(pilot=pilot, student=s, applied_on=APPLIED, filed_on=FILED) for s in pool]
            )
            Result.objects.bulk_create(
                [Result(registration=r, outcome=Outcome.PASS if k % 3 else Outcome.FAIL) for k, r in enumerate(regs)]
            )
        with self.assertNumQueries(AFTER_A_CHANGE):
            figures = year_figures(institution_id=self.inst.id, year=2023)
            figures.as_json(self.inst.code)
        with self.assertNumQueries(UNCHANGED):
            year_figures(institution_id=self.inst.id, year=2023)
        self.assertEqual(figures.certificates, 9)
        self.assertEqual(figures.totals.registered, 8 * 300 + 1)
