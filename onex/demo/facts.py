"""The seed college's facts and the invented figures around them, as plain data.

Nothing here is a total: the loader creates rows, and the figures are computed
from those rows by ``onex.pilots.figures`` and ``onex.exams.selectors``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from onex.core.fields import Level

PASSWORD = "onex-demo"
PROVINCE = "广东省"

MAIN_CODE = "GDMMNL"
MAIN_NAME = "广东茂名农林科技职业学院"
SECOND_CODE = "GDYJXY"
SECOND_NAME = "粤江演示职业学院"

REPORT_YEAR = 2023
REPORT_DATE = dt.date(2025, 5, 4)

# Training-evaluation organizations: invented names, marked as demo data.
ORGANIZATIONS = {
    "agri": "演示农业职业技能评价有限公司",
    "pet": "演示宠物行业培训评价中心",
    "biz": "演示电商数据科技有限公司",
    "fin": "演示财税信息化评价有限公司",
    "food": "演示粮食质量评价研究院",
}


@dataclass(frozen=True)
class CertificateFact:
    code: str
    name: str
    organization: str
    assessors: int  # 考评员人数 valid on the report date (Table 1)


# The twelve certificates of Table 1 with their assessor counts (小计 39).
CERTIFICATES = [
    CertificateFact("DEMO-X01", "宠物护理与美容职业技能等级证书", "pet", 2),
    CertificateFact("DEMO-X02", "家庭农场畜禽养殖职业技能等级证书", "agri", 4),
    CertificateFact("DEMO-X03", "农业经济组织经营管理职业技能等级证书", "agri", 5),
    CertificateFact("DEMO-X04", "设施蔬菜生产职业技能等级证书", "agri", 9),
    CertificateFact("DEMO-X05", "电子商务数据分析职业技能等级证书", "biz", 5),
    CertificateFact("DEMO-X06", "业财一体信息化应用职业技能等级证书", "fin", 1),
    CertificateFact("DEMO-X07", "网店运营推广职业技能等级证书", "biz", 3),
    CertificateFact("DEMO-X08", "直播电商职业技能等级证书", "biz", 1),
    CertificateFact("DEMO-X09", "大数据财务分析职业技能等级证书", "fin", 1),
    CertificateFact("DEMO-X10", "跨境电商 B2B 数据分析职业技能等级证书", "biz", 2),
    CertificateFact("DEMO-X11", "财务共享服务职业技能等级证书", "fin", 1),
    CertificateFact("DEMO-X12", "粮农食品安全评价职业技能等级证书", "food", 5),
]
CERT = {c.name[: c.name.index("职业技能")]: c for c in CERTIFICATES}


@dataclass(frozen=True)
class MajorFact:
    code: str
    name: str


@dataclass(frozen=True)
class DepartmentFact:
    code: str
    name: str
    majors: tuple[MajorFact, ...]
    # Certificates whose assessors teach in this department (Table 1 keys).
    certificates: tuple[str, ...]


DEPARTMENTS = [
    DepartmentFact(
        "D01",
        "农学系",
        (MajorFact("11", "设施农业与装备"), MajorFact("12", "园艺技术"), MajorFact("13", "作物生产与经营管理")),
        ("设施蔬菜生产",),
    ),
    DepartmentFact(
        "D02",
        "动物科学系",
        (MajorFact("21", "畜牧兽医"), MajorFact("22", "宠物医疗技术"), MajorFact("23", "动物医学")),
        ("宠物护理与美容", "家庭农场畜禽养殖"),
    ),
    DepartmentFact(
        "D03",
        "经济管理系",
        (MajorFact("31", "农村经营管理"), MajorFact("32", "大数据与会计"), MajorFact("33", "财务管理")),
        ("农业经济组织经营管理", "业财一体信息化应用", "大数据财务分析", "财务共享服务"),
    ),
    DepartmentFact(
        "D04",
        "信息工程系",
        (MajorFact("41", "电子商务"), MajorFact("42", "跨境电子商务"), MajorFact("43", "计算机应用技术")),
        ("电子商务数据分析", "网店运营推广", "直播电商", "跨境电商 B2B 数据分析"),
    ),
    DepartmentFact(
        "D05",
        "食品与生物工程系",
        (MajorFact("51", "食品检验检测技术"), MajorFact("52", "粮食工程技术")),
        ("粮农食品安全评价",),
    ),
]

ENTRY_YEARS = (2021, 2022, 2023)
CLASSES_PER_MAJOR_YEAR = 2
CLASS_SIZE = 42


@dataclass(frozen=True)
class PilotFact:
    year: int
    certificate: str  # Table 1 key
    level: str
    department: str  # department code
    majors: tuple[str, ...]  # major codes whose students sign up
    entry_years: tuple[int, ...]
    fee: Decimal
    registered: int  # filed, not withdrawn
    completed: int  # sat the exam (result recorded, not absent)
    passed: int
    certified: int  # certificates issued (of those who passed)
    no_result: int = 0  # registered, no result recorded yet (the rest of the non-completed are absent)
    withdrawn: int = 3  # filed, then withdrawn
    unfiled: int = 2  # applied, never filed
    exam_day: dt.date = dt.date(2023, 11, 18)
    # Students of earlier pilots who sign up again: (year, certificate key, how many).
    returning: tuple[tuple[int, str, int], ...] = ()


INTERMEDIATE = Level.INTERMEDIATE

# 2023: the seed's three 中级 pilots, 450 registered and 411 completed in all.
PILOTS_2023 = [
    PilotFact(
        2023,
        "农业经济组织经营管理",
        INTERMEDIATE,
        "D03",
        ("31", "32"),
        (2021, 2022),
        Decimal("320.00"),
        registered=150,
        completed=138,
        passed=126,
        certified=124,
        no_result=2,
        exam_day=dt.date(2023, 11, 18),
    ),
    PilotFact(
        2023,
        "宠物护理与美容",
        INTERMEDIATE,
        "D02",
        ("22", "23"),
        (2021, 2022),
        Decimal("380.00"),
        registered=160,
        completed=147,
        passed=133,
        certified=131,
        no_result=1,
        exam_day=dt.date(2023, 12, 2),
    ),
    PilotFact(
        2023,
        "家庭农场畜禽养殖",
        INTERMEDIATE,
        "D02",
        ("21",),
        (2021, 2022),
        Decimal("350.00"),
        registered=140,
        completed=126,
        passed=112,
        certified=110,
        exam_day=dt.date(2023, 12, 9),
    ),
]

# 2024: invented.
PILOTS_2024 = [
    PilotFact(
        2024,
        "宠物护理与美容",
        INTERMEDIATE,
        "D02",
        ("22", "23"),
        (2023,),
        Decimal("380.00"),
        registered=120,
        completed=112,
        passed=101,
        certified=99,
        exam_day=dt.date(2024, 11, 23),
        returning=((2023, "家庭农场畜禽养殖", 12),),
    ),
    PilotFact(
        2024,
        "家庭农场畜禽养殖",
        INTERMEDIATE,
        "D02",
        ("21",),
        (2023,),
        Decimal("350.00"),
        registered=76,
        completed=70,
        passed=63,
        certified=63,
        exam_day=dt.date(2024, 11, 30),
    ),
    PilotFact(
        2024,
        "设施蔬菜生产",
        INTERMEDIATE,
        "D01",
        ("11", "12"),
        (2022, 2023),
        Decimal("300.00"),
        registered=96,
        completed=90,
        passed=78,
        certified=76,
        exam_day=dt.date(2024, 12, 7),
    ),
    PilotFact(
        2024,
        "电子商务数据分析",
        Level.JUNIOR,
        "D04",
        ("41", "42"),
        (2022, 2023),
        Decimal("280.00"),
        registered=110,
        completed=101,
        passed=88,
        certified=0,
        no_result=0,
        exam_day=dt.date(2024, 12, 14),
    ),
]

# 经费预算 (yuan). 2023 is the seed's 1,116,600.00 from the 创新强校 special fund.
BUDGETS = [
    (2023, "创新强校专项", Decimal("1116600.00"), "“1+X”证书考证经费"),
    (2024, "创新强校专项", Decimal("980000.00"), "演示数据"),
    (2024, "师资培训经费", Decimal("60000.00"), "演示数据"),
]

# The second institution: small, one department.
SECOND_DEPARTMENT = DepartmentFact(
    "Y01", "信息技术系", (MajorFact("61", "电子商务"), MajorFact("62", "软件技术")), ("电子商务数据分析",)
)
SECOND_PILOTS = [
    PilotFact(
        2023,
        "电子商务数据分析",
        Level.JUNIOR,
        "Y01",
        ("61",),
        (2022,),
        Decimal("280.00"),
        registered=30,
        completed=28,
        passed=24,
        certified=24,
        withdrawn=1,
        unfiled=1,
        exam_day=dt.date(2023, 12, 16),
    ),
]
SECOND_BUDGETS = [(2023, "专项经费", Decimal("120000.00"), "演示数据")]
SECOND_CLASS_SIZE = 36
SECOND_ENTRY_YEARS = (2022,)
