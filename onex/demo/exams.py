"""Assessor qualifications (Table 1), exam sites, rooms and their use."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from onex.catalog.models import Certificate, EvaluationOrganization
from onex.core.fields import Level
from onex.demo import facts
from onex.demo.org import Campus
from onex.exams.models import AssessorQualification, AssessorRole, ExamRoom, ExamSite, SiteUsage, UsagePurpose
from onex.org.models import Teacher

QualificationKey = tuple[int, int, str, str, dt.date]


def _key(q: AssessorQualification) -> QualificationKey:
    return (q.teacher_id, q.certificate_id, q.level, q.role, q.valid_from)


def qualification_plan(
    *, campus: Campus, certificates: dict[str, Certificate], departments: Sequence[facts.DepartmentFact]
) -> list[AssessorQualification]:
    """Table 1: for each certificate, as many distinct teachers of its department as the facts say.

    Teachers are taken in turn, so one teacher may hold two certificates. Around them:
    a senior-level card held by a teacher already counted, a supervisor card and two
    cards that expired before the report date — none of which change the counts.
    """
    plan: list[AssessorQualification] = []
    current_from, current_until = dt.date(2022, 6, 1), dt.date(2026, 5, 31)
    for dept_fact in departments:
        teachers = campus.teachers[dept_fact.code]
        turn = 0
        for key in dept_fact.certificates:
            cert = certificates[key]
            for _ in range(facts.CERT[key].assessors):
                teacher = teachers[turn % len(teachers)]
                turn += 1
                plan.append(_qualification(teacher, cert, Level.INTERMEDIATE, current_from, current_until))
        if dept_fact.code == "D01":
            cert = certificates[dept_fact.certificates[0]]
            plan.append(_qualification(teachers[0], cert, Level.SENIOR, dt.date(2023, 9, 1), dt.date(2027, 8, 31)))
            # Expired: the last two teachers of the department once held the card.
            for teacher in teachers[-2:]:
                plan.append(
                    _qualification(teacher, cert, Level.INTERMEDIATE, dt.date(2020, 7, 1), dt.date(2023, 6, 30))
                )
        if dept_fact.code == "D02":
            cert = certificates[dept_fact.certificates[0]]
            plan.append(
                _qualification(
                    teachers[-1], cert, Level.INTERMEDIATE, current_from, current_until, role=AssessorRole.SUPERVISOR
                )
            )
    return plan


def _qualification(
    teacher: Teacher,
    cert: Certificate,
    level: str,
    valid_from: dt.date,
    valid_until: dt.date,
    role: str = AssessorRole.ASSESSOR,
) -> AssessorQualification:
    prefix = "DB" if role == AssessorRole.SUPERVISOR else "KP"
    return AssessorQualification(
        teacher=teacher,
        certificate=cert,
        level=level,
        role=role,
        number=f"{prefix}{cert.code[-3:]}{valid_from:%y}{teacher.staff_number}",
        valid_from=valid_from,
        valid_until=valid_until,
    )


def load_qualifications(
    *, campus: Campus, certificates: dict[str, Certificate], departments: Sequence[facts.DepartmentFact]
) -> None:
    plan = qualification_plan(campus=campus, certificates=certificates, departments=departments)
    have = {_key(q) for q in AssessorQualification.objects.filter(teacher__institution=campus.institution)}
    AssessorQualification.objects.bulk_create([q for q in plan if _key(q) not in have])


# Exam sites: (name, organization key, certificate keys, open to the public, year built, rooms).
SITES = [
    ("宠物护理与美容考核站点", "pet", ("宠物护理与美容",), False, 2021, (("宠物美容实训室", 30), ("理论考场一", 60))),
    (
        "畜禽养殖与农业经营考核站点",
        "agri",
        ("家庭农场畜禽养殖", "农业经济组织经营管理", "设施蔬菜生产"),
        False,
        2020,
        (("综合实训楼 301", 50), ("综合实训楼 302", 50), ("智慧温室实训基地", 24)),
    ),
    (
        "电子商务数据分析考核站点",
        "biz",
        ("电子商务数据分析", "网店运营推广", "直播电商"),
        True,
        2022,
        (("信息楼机房 A", 60), ("直播实训室", 12)),
    ),
]


def load_sites(*, campus: Campus, certificates: dict[str, Certificate]) -> dict[str, ExamSite]:
    inst = campus.institution
    orgs = {o.name: o for o in EvaluationOrganization.objects.filter(name__in=facts.ORGANIZATIONS.values())}
    sites: dict[str, ExamSite] = {}
    for name, org_key, cert_keys, public, built, rooms in SITES:
        site = ExamSite.objects.filter(institution=inst, name=name).first()
        if site is None:
            site = ExamSite.objects.create(
                institution=inst,
                name=name,
                organization=orgs[facts.ORGANIZATIONS[org_key]],
                location="校本部实训中心（演示数据）",
                year_built=built,
                accredited_on=dt.date(built, 10, 15),
                open_to_public=public,
            )
            site.certificates.set([certificates[k] for k in cert_keys])
        have_rooms = set(ExamRoom.objects.filter(site=site).values_list("name", flat=True))
        ExamRoom.objects.bulk_create(
            [ExamRoom(site=site, name=room, seats=seats) for room, seats in rooms if room not in have_rooms]
        )
        sites[name] = site
    return sites


def load_site_usage(*, sites: dict[str, ExamSite], pilots: Sequence[facts.PilotFact]) -> None:
    """Internal exams on each pilot's exam day, some internal training, one external class."""
    by_cert: dict[str, ExamSite] = {}
    for name, _org, cert_keys, _public, _built, _rooms in SITES:
        for key in cert_keys:
            by_cert.setdefault(key, sites[name])
    planned: list[SiteUsage] = []
    for fact in pilots:
        site = by_cert.get(fact.certificate)
        if site is None:
            continue
        planned.append(
            SiteUsage(
                site=site,
                used_on=fact.exam_day,
                purpose=UsagePurpose.INTERNAL_EXAM,
                headcount=fact.completed,
                note=f"{fact.year} 年{fact.certificate}考核",
            )
        )
        planned.append(
            SiteUsage(
                site=site,
                used_on=fact.exam_day - dt.timedelta(days=14),
                purpose=UsagePurpose.INTERNAL_TRAINING,
                headcount=40,
                note="考前集中实训",
            )
        )
    public = sites["电子商务数据分析考核站点"]
    planned.append(
        SiteUsage(
            site=public,
            used_on=dt.date(2024, 7, 13),
            purpose=UsagePurpose.EXTERNAL_TRAINING,
            organization="茂名市演示电商协会",
            headcount=35,
            note="面向社会学员的电商数据分析培训（演示数据）",
        )
    )
    have = set(SiteUsage.objects.filter(site__in=sites.values()).values_list("site_id", "used_on", "purpose"))
    SiteUsage.objects.bulk_create([u for u in planned if (u.site.id, u.used_on, u.purpose) not in have])
