import datetime as dt

from onex.catalog.models import Certificate
from onex.core.fields import Level
from onex.exams.models import AssessorQualification, AssessorRole
from onex.exams.selectors import assessor_counts
from onex.org import services as org
from testsupport.base import OneXTestCase
from testsupport.demo import DemoTestCase

REPORT_DATE = dt.date(2025, 5, 4)

# Table 1 of the seed report: 考评员人数 per certificate.
TABLE_1 = {
    "宠物护理与美容职业技能等级证书": 2,
    "家庭农场畜禽养殖职业技能等级证书": 4,
    "农业经济组织经营管理职业技能等级证书": 5,
    "设施蔬菜生产职业技能等级证书": 9,
    "电子商务数据分析职业技能等级证书": 5,
    "业财一体信息化应用职业技能等级证书": 1,
    "网店运营推广职业技能等级证书": 3,
    "直播电商职业技能等级证书": 1,
    "大数据财务分析职业技能等级证书": 1,
    "跨境电商 B2B 数据分析职业技能等级证书": 2,
    "财务共享服务职业技能等级证书": 1,
    "粮农食品安全评价职业技能等级证书": 5,
}


def counts_by_name(result) -> dict[str, int]:
    return {row.certificate.name: row.assessors for row in result.rows}


class AssessorPoolOfTheDemo(DemoTestCase):
    def test_table_1_comes_out_with_its_twelve_counts_and_39_in_all(self):
        result = assessor_counts(institution_id=self.main.id, on_date=REPORT_DATE)
        self.assertEqual(counts_by_name(result), TABLE_1)
        self.assertEqual(result.total, 39)

    def test_the_demo_holds_expired_cards_that_do_not_count(self):
        expired = AssessorQualification.objects.filter(
            teacher__institution=self.main, valid_until__lt=REPORT_DATE, role=AssessorRole.ASSESSOR
        )
        self.assertTrue(expired.exists())
        earlier = assessor_counts(institution_id=self.main.id, on_date=dt.date(2023, 1, 1))
        self.assertNotEqual(counts_by_name(earlier), TABLE_1)

    def test_it_takes_one_query(self):
        with self.assertNumQueries(1):
            result = assessor_counts(institution_id=self.main.id, on_date=REPORT_DATE)
            [row.certificate.name for row in result.rows]


class AssessorPoolCounting(OneXTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.cert_b = Certificate.objects.create(
            code="T-002", name="另一证书", organization=cls.org_, levels=[Level.INTERMEDIATE], name_pinyin="ling4"
        )
        cls.t3 = org.teacher_create(department=cls.dept, staff_number="T003", name="周老师")

    def qualify(self, teacher, cert=None, *, level=Level.INTERMEDIATE, role=AssessorRole.ASSESSOR, valid=None):
        valid_from, valid_until = valid or (dt.date(2024, 1, 1), dt.date(2026, 12, 31))
        return AssessorQualification.objects.create(
            teacher=teacher,
            certificate=cert or self.cert,
            level=level,
            role=role,
            valid_from=valid_from,
            valid_until=valid_until,
        )

    def counts(self, on_date=REPORT_DATE):
        return counts_by_name(assessor_counts(institution_id=self.inst.id, on_date=on_date))

    def test_distinct_teachers_are_counted_per_certificate(self):
        self.qualify(self.teacher_person)
        self.qualify(self.teacher_other_person)
        self.qualify(self.teacher_person, self.cert_b)
        result = assessor_counts(institution_id=self.inst.id, on_date=REPORT_DATE)
        self.assertEqual(counts_by_name(result), {"测试证书": 2, "另一证书": 1})
        self.assertEqual(result.total, 3)

    def test_a_teacher_with_two_levels_counts_once(self):
        self.qualify(self.teacher_person)
        self.qualify(self.teacher_person, level=Level.SENIOR)
        self.assertEqual(self.counts(), {"测试证书": 1})

    def test_expired_and_not_yet_valid_cards_do_not_count(self):
        self.qualify(self.teacher_person, valid=(dt.date(2021, 1, 1), dt.date(2025, 5, 3)))
        self.qualify(self.teacher_other_person, valid=(dt.date(2025, 5, 5), dt.date(2028, 1, 1)))
        self.qualify(self.t3, valid=(dt.date(2025, 5, 4), dt.date(2025, 5, 4)))
        self.assertEqual(self.counts(), {"测试证书": 1})
        self.assertEqual(self.counts(dt.date(2025, 5, 3)), {"测试证书": 1})

    def test_supervisors_are_not_assessors(self):
        self.qualify(self.teacher_person, role=AssessorRole.SUPERVISOR)
        self.assertEqual(self.counts(), {})

    def test_other_institutions_teachers_stay_out(self):
        self.qualify(self.teacher2_person)
        self.assertEqual(self.counts(), {})
        self.assertEqual(
            counts_by_name(assessor_counts(institution_id=self.inst2.id, on_date=REPORT_DATE)), {"测试证书": 1}
        )
