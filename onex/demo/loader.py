"""The order in which the demo is built, and the hook for the apps' own demo modules."""

from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass, field

from onex.core.roles import Role
from onex.demo import attendance, catalog, exams, facts, finance, pilots, reports, training, users
from onex.demo.base import Say, quiet
from onex.demo.org import Campus, load_campus
from onex.org.models import Institution

# Apps whose ``onex/<app>/demo.py`` (if any) runs after the core demo, in this order.
APP_DEMO_ORDER = (
    "org",
    "catalog",
    "pilots",
    "training",
    "exams",
    "credentials",
    "finance",
    "notices",
    "reports",
    "imports",
    "portal",
    "api",
)

MAIN_TEACHERS = {"D01": 11, "D02": 8, "D03": 8, "D04": 7, "D05": 6}


@dataclass
class DemoResult:
    institutions: list[Institution] = field(default_factory=list)
    logins: list[users.Login] = field(default_factory=list)


def app_demo_modules() -> list[str]:
    """The apps' demo modules that exist, in load order."""
    names = []
    for app in APP_DEMO_ORDER:
        name = f"onex.{app}.demo"
        if importlib.util.find_spec(name) is not None:
            names.append(name)
    return names


def demo_build(*, say: Say = quiet) -> DemoResult:
    """Build (or complete) the demo; the caller holds the transaction (``onex.demo.services``)."""
    say("catalog: evaluation organizations and certificates")
    certificates = catalog.load()

    say(f"{facts.MAIN_CODE}: departments, majors, classes, teachers and students")
    main = load_campus(
        code=facts.MAIN_CODE,
        name=facts.MAIN_NAME,
        departments=facts.DEPARTMENTS,
        entry_years=facts.ENTRY_YEARS,
        class_size=facts.CLASS_SIZE,
        teachers_per_department=MAIN_TEACHERS,
    )
    say(f"{facts.MAIN_CODE}: assessor qualifications")
    exams.load_qualifications(campus=main, certificates=certificates, departments=facts.DEPARTMENTS)

    say(f"{facts.MAIN_CODE}: 2023 pilots, registrations, results and certificates")
    rows = pilots.load_pilots(campus=main, certificates=certificates, pilot_facts=facts.PILOTS_2023)
    say(f"{facts.MAIN_CODE}: 2024 pilots, registrations, results and certificates")
    rows.update(pilots.load_pilots(campus=main, certificates=certificates, pilot_facts=facts.PILOTS_2024, earlier=rows))
    say(f"{facts.MAIN_CODE}: this year's pilot open for sign-up")
    pilots.load_open_pilot(campus=main, certificates=certificates)

    say(f"{facts.MAIN_CODE}: training sessions and teacher training")
    training.load_sessions(campus=main, pilots=rows)
    training.load_teacher_training(campus=main)

    say(f"{facts.MAIN_CODE}: exam sites, rooms and their use")
    sites = exams.load_sites(campus=main, certificates=certificates)
    exams.load_site_usage(sites=sites, pilots=[*facts.PILOTS_2023, *facts.PILOTS_2024])

    say(f"{facts.MAIN_CODE}: budgets and the {facts.REPORT_YEAR} report")
    finance.load_budgets(institution=main.institution, budgets=facts.BUDGETS)
    reports.load_report(institution=main.institution, year=facts.REPORT_YEAR, report_date=facts.REPORT_DATE)

    say(f"{facts.SECOND_CODE}: the second institution")
    second = _second_institution(certificates)

    say("demo logins")
    logins = users.load_users(logins=_logins(main, second, rows))

    institutions = [main.institution, second.institution]
    say("attendance")
    for institution in institutions:
        attendance.load(institution)
    for name in app_demo_modules():
        say(f"{name}")
        module = importlib.import_module(name)
        for institution in institutions:
            module.load(institution)
    return DemoResult(institutions=institutions, logins=logins)


def _second_institution(certificates: dict) -> Campus:
    campus = load_campus(
        code=facts.SECOND_CODE,
        name=facts.SECOND_NAME,
        departments=[facts.SECOND_DEPARTMENT],
        entry_years=facts.SECOND_ENTRY_YEARS,
        class_size=facts.SECOND_CLASS_SIZE,
        teachers_per_department={facts.SECOND_DEPARTMENT.code: 3},
    )
    exams.load_qualifications(campus=campus, certificates=certificates, departments=[])
    rows = pilots.load_pilots(campus=campus, certificates=certificates, pilot_facts=facts.SECOND_PILOTS)
    training.load_sessions(campus=campus, pilots=rows)
    finance.load_budgets(institution=campus.institution, budgets=facts.SECOND_BUDGETS)
    return campus


def _logins(main: Campus, second: Campus, rows: dict[tuple[int, str], pilots.PilotRows]) -> list:
    inst = main.institution
    animal = main.departments["D02"]
    teacher = main.teachers["D02"][0]
    student = rows[(2023, "家庭农场畜禽养殖")].passed_students()[0]
    return [
        ("office", Role.OFFICE, {"institution": inst}, f"{inst.name} 1+X 办公室"),
        ("coordinator", Role.COORDINATOR, {"institution": inst, "department": animal}, animal.name),
        ("teacher", Role.TEACHER, {"institution": inst, "teacher": teacher}, f"{teacher.name}（{animal.name}）"),
        ("finance", Role.FINANCE, {"institution": inst}, f"{inst.name} 财务部"),
        ("leader", Role.LEADER, {"institution": inst}, f"{inst.name} 校领导"),
        (
            "student",
            Role.STUDENT,
            {"institution": inst, "student": student},
            f"{student.name}（{student.student_number}）",
        ),
        ("province", Role.PROVINCE, {"province": facts.PROVINCE}, f"{facts.PROVINCE}教育厅"),
        ("office2", Role.OFFICE, {"institution": second.institution}, f"{second.institution.name} 1+X 办公室"),
    ]
