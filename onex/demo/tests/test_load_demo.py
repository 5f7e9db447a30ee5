import datetime as dt
import importlib
import inspect
from collections import Counter
from io import StringIO

from django.apps import apps
from django.core.management import call_command
from django.test import SimpleTestCase
from stdnum.cn import ric

from onex.accounts.models import User
from onex.core.fields import Level
from onex.core.roles import Role
from onex.credentials.models import IssuedCertificate
from onex.demo import facts
from onex.demo.loader import APP_DEMO_ORDER, app_demo_modules
from onex.demo.reports import load_report
from onex.demo.services import demo_load
from onex.exams.models import AssessorQualification, ExamRoom, ExamSite, Outcome, Result
from onex.finance.figures import year_figures
from onex.finance.models import Budget
from onex.org.models import Student, Teacher
from onex.org.services import student_id_number
from onex.pilots.models import Pilot, Registration
from onex.reports.models import AnnualReport
from onex.training.models import TrainingSession
from testsupport.demo import DemoTestCase


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


class TheDemoReproducesTheSeedFacts(DemoTestCase):
    def test_2023_figures_come_out_of_the_rows(self):
        figures = year_figures(institution_id=self.main.id, year=2023)
        self.assertEqual(figures.certificates, 3)
        self.assertEqual(figures.totals.registered, 450)
        self.assertEqual(figures.totals.completed, 411)
        self.assertEqual(str(figures.totals.completion_rate), "91.33")
        self.assertEqual(str(figures.budget), "1116600.00")

    def test_the_three_2023_pilots_are_the_seed_certificates_at_intermediate_level(self):
        pilots = Pilot.objects.filter(institution=self.main, year=2023)
        self.assertEqual(
            {(p.certificate.name, p.level) for p in pilots},
            {
                ("农业经济组织经营管理职业技能等级证书", Level.INTERMEDIATE),
                ("宠物护理与美容职业技能等级证书", Level.INTERMEDIATE),
                ("家庭农场畜禽养殖职业技能等级证书", Level.INTERMEDIATE),
            },
        )

    def test_withdrawn_and_unfiled_sign_ups_exist_but_are_not_counted(self):
        regs = Registration.objects.filter(pilot__institution=self.main, pilot__year=2023)
        withdrawn = regs.filter(withdrawn_on__isnull=False).count()
        unfiled = regs.filter(filed_on__isnull=True).count()
        self.assertGreater(withdrawn, 0)
        self.assertGreater(unfiled, 0)
        figures = year_figures(institution_id=self.main.id, year=2023)
        self.assertEqual(regs.count(), figures.totals.registered + withdrawn + unfiled)

    def test_scores_agree_with_each_outcome(self):
        results = Result.objects.filter(registration__pilot__institution=self.main).select_related(
            "registration__pilot"
        )
        outcomes = Counter()
        for result in results:
            outcomes[result.outcome] += 1
            mark = result.registration.pilot.pass_mark
            if result.outcome == Outcome.ABSENT:
                self.assertIsNone(result.theory_score)
                self.assertIsNone(result.practical_score)
            elif result.outcome == Outcome.PASS:
                self.assertGreaterEqual(min(result.theory_score, result.practical_score), mark)
            else:
                self.assertLess(min(result.theory_score, result.practical_score), mark)
            if result.total_score is not None:
                self.assertEqual(result.total_score.as_tuple().exponent, -2)
        self.assertEqual(set(outcomes), {Outcome.PASS, Outcome.FAIL, Outcome.ABSENT})

    def test_certificates_go_to_most_of_those_who_passed_and_to_nobody_else(self):
        certs = IssuedCertificate.objects.filter(
            registration__pilot__institution=self.main, registration__pilot__year=2023
        )
        passed = Result.objects.filter(
            registration__pilot__institution=self.main, registration__pilot__year=2023, outcome=Outcome.PASS
        ).count()
        self.assertFalse(certs.exclude(registration__result__outcome=Outcome.PASS).exists())
        self.assertGreater(certs.count(), passed * 9 // 10)
        codes = list(IssuedCertificate.objects.values_list("verify_code", flat=True))
        self.assertEqual(len(codes), len(set(codes)))

    def test_the_2023_budget_comes_from_the_innovation_fund(self):
        self.assertTrue(Budget.objects.filter(institution=self.main, year=2023, source="创新强校专项").exists())

    def test_the_2023_report_is_dated_as_the_seed(self):
        report = AnnualReport.objects.get(institution=self.main, year=2023)
        self.assertEqual(report.report_date, dt.date(2025, 5, 4))

    def test_the_core_demo_leaves_the_narrative_to_the_office(self):
        report = load_report(institution=self.main, year=2030, report_date=dt.date(2031, 4, 1))
        self.assertEqual(report.sections, {})


class TheDemoAroundTheFacts(DemoTestCase):
    def test_student_id_numbers_have_a_valid_checksum_and_a_fictitious_sequence(self):
        for student in Student.objects.filter(institution=self.main).order_by("id")[:200]:
            number = student_id_number(student=student)
            self.assertTrue(ric.is_valid(number), number)
            self.assertEqual(number[14], "9")
            self.assertIn(student.id_number_masked[-4:], number)

    def test_every_named_row_has_its_pinyin_sort_key(self):
        self.assertFalse(Student.objects.filter(name_pinyin="").exists())
        self.assertFalse(Teacher.objects.filter(name_pinyin="").exists())

    def test_some_teachers_are_dual_qualified_and_some_are_not(self):
        flags = set(Teacher.objects.filter(institution=self.main).values_list("is_dual_qualified", flat=True))
        self.assertEqual(flags, {True, False})

    def test_2024_has_pilots_with_registrations(self):
        figures = year_figures(institution_id=self.main.id, year=2024)
        self.assertGreater(figures.certificates, 0)
        self.assertGreater(figures.totals.registered, 0)

    def test_exam_sites_have_rooms_and_one_is_open_to_the_public(self):
        sites = ExamSite.objects.filter(institution=self.main)
        self.assertTrue(sites.filter(open_to_public=True).exists())
        for site in sites:
            self.assertTrue(site.certificates.exists())
            self.assertTrue(ExamRoom.objects.filter(site=site).exists())

    def test_the_second_institution_is_small_and_apart(self):
        figures = year_figures(institution_id=self.second.id, year=2023)
        self.assertGreater(figures.totals.registered, 0)
        self.assertLess(
            Student.objects.filter(institution=self.second).count(),
            Student.objects.filter(institution=self.main).count(),
        )

    def test_every_login_works_with_the_demo_password(self):
        expected = {
            "office": Role.OFFICE,
            "coordinator": Role.COORDINATOR,
            "teacher": Role.TEACHER,
            "finance": Role.FINANCE,
            "leader": Role.LEADER,
            "student": Role.STUDENT,
            "province": Role.PROVINCE,
            "office2": Role.OFFICE,
        }
        for username, role in expected.items():
            user = User.objects.get(username=username)
            self.assertTrue(user.check_password(facts.PASSWORD), username)
            self.assertEqual(user.role, role)

    def test_the_logins_belong_where_they_should(self):
        users = {u.username: u for u in User.objects.all()}
        self.assertEqual(users["office"].institution, self.main)
        self.assertEqual(users["office2"].institution, self.second)
        self.assertEqual(users["province"].province, "广东省")
        self.assertTrue(Pilot.objects.filter(department=users["coordinator"].department, year=2023).exists())

    def test_the_teacher_teaches_and_holds_a_qualification(self):
        teacher = User.objects.get(username="teacher").teacher
        self.assertTrue(TrainingSession.objects.filter(teachers=teacher).exists())
        self.assertTrue(AssessorQualification.objects.filter(teacher=teacher).exists())

    def test_the_student_is_registered_in_2023_and_2024(self):
        student = User.objects.get(username="student").student
        years = set(
            Registration.objects.filter(student=student, filed_on__isnull=False).values_list("pilot__year", flat=True)
        )
        self.assertEqual(years, {2023, 2024})


class LoadingTheDemoAgain(DemoTestCase):
    def test_a_second_run_leaves_exactly_the_same_rows(self):
        before = row_counts()
        demo_load()
        self.maxDiff = None
        self.assertEqual(row_counts(), before)

    def test_the_command_prints_progress_and_the_logins(self):
        out = StringIO()
        before = row_counts()
        call_command("load_demo", stdout=out)
        self.maxDiff = None
        self.assertEqual(row_counts(), before)
        text = out.getvalue()
        for username in ("office", "coordinator", "teacher", "finance", "leader", "student", "province", "office2"):
            self.assertRegex(text, rf"(?m)^\s+{username}\s")
        self.assertIn(facts.PASSWORD, text)


class TheAppsDemoModules(SimpleTestCase):
    def test_each_one_found_offers_a_load_of_one_institution_and_runs_in_app_order(self):
        names = app_demo_modules()
        apps_in_order = [name.split(".")[1] for name in names]
        self.assertEqual(apps_in_order, [app for app in APP_DEMO_ORDER if app in apps_in_order])
        for name in names:
            load = importlib.import_module(name).load
            self.assertEqual(len(inspect.signature(load).parameters), 1, name)
