"""Institutions, departments, majors, classes, teachers and students of the demo."""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from onex.core.pinyin import pinyin_key
from onex.demo import facts
from onex.demo.base import demo_id_number
from onex.demo.names import person_name
from onex.org import services as org
from onex.org.models import ClassGroup, Department, Gender, Institution, Major, Student, Teacher

TITLES = ("助教", "讲师", "讲师", "讲师", "副教授", "高级实验师", "教授")


@dataclass
class Campus:
    """What a demo institution is made of, for the modules that build on it."""

    institution: Institution
    departments: dict[str, Department] = field(default_factory=dict)
    majors: dict[str, Major] = field(default_factory=dict)
    teachers: dict[str, list[Teacher]] = field(default_factory=dict)  # by department code
    # Students by (major code, entry year), in student-number order.
    students: dict[tuple[str, int], list[Student]] = field(default_factory=dict)


def institution_get_or_create(*, code: str, name: str, province: str) -> Institution:
    existing = Institution.objects.filter(code=code).first()
    return existing or org.institution_create(code=code, name=name, province=province)


def load_campus(
    *,
    code: str,
    name: str,
    departments: Sequence[facts.DepartmentFact],
    entry_years: Sequence[int],
    class_size: int,
    teachers_per_department: dict[str, int],
) -> Campus:
    inst = institution_get_or_create(code=code, name=name, province=facts.PROVINCE)
    campus = Campus(institution=inst)
    rng = random.Random(f"{code}-people")
    for dept_fact in departments:
        dept = Department.objects.filter(institution=inst, name=dept_fact.name).first()
        if dept is None:
            dept = org.department_create(institution=inst, name=dept_fact.name, code=dept_fact.code)
        campus.departments[dept_fact.code] = dept
        for major_fact in dept_fact.majors:
            major = Major.objects.filter(institution=inst, name=major_fact.name).first()
            if major is None:
                major = org.major_create(department=dept, name=major_fact.name, code=major_fact.code)
            campus.majors[major_fact.code] = major
        campus.teachers[dept_fact.code] = _teachers(
            dept, dept_fact.code, teachers_per_department.get(dept_fact.code, 4), rng
        )
    _classes_and_students(campus, departments, entry_years, class_size, rng)
    return campus


def _teachers(dept: Department, dept_code: str, count: int, rng: random.Random) -> list[Teacher]:
    existing = {t.staff_number: t for t in Teacher.objects.filter(institution_id=dept.institution_id, department=dept)}
    teachers = []
    for i in range(1, count + 1):
        # Draw even when the teacher exists, so later draws do not shift.
        name = person_name(rng)
        gender = rng.choice(Gender.values)
        title = rng.choice(TITLES)
        dual = rng.random() < 0.6
        staff_number = f"T{dept_code}{i:02d}"
        teacher = existing.get(staff_number)
        if teacher is None:
            teacher = org.teacher_create(
                department=dept,
                staff_number=staff_number,
                name=name,
                gender=gender,
                title=title,
                is_dual_qualified=dual,
            )
        teachers.append(teacher)
    return teachers


def _classes_and_students(
    campus: Campus,
    departments: Sequence[facts.DepartmentFact],
    entry_years: Sequence[int],
    class_size: int,
    rng: random.Random,
) -> None:
    inst = campus.institution
    classes = _classes(campus, departments, entry_years)
    have = set(Student.objects.filter(institution=inst).values_list("student_number", flat=True))
    new: list[Student] = []
    planned: dict[tuple[str, int], list[str]] = defaultdict(list)
    n = 0
    for dept_fact in departments:
        for major_fact in dept_fact.majors:
            for entry_year in entry_years:
                for k in range(1, facts.CLASSES_PER_MAJOR_YEAR + 1):
                    group = classes[_class_name(campus.majors[major_fact.code], entry_year, k)]
                    for seat in range(1, class_size + 1):
                        n += 1
                        name = person_name(rng)
                        male = rng.random() < 0.5
                        number = f"{entry_year}{major_fact.code}{k}{seat:02d}"
                        planned[(major_fact.code, entry_year)].append(number)
                        if number in have:
                            continue
                        new.append(
                            Student(
                                institution=inst,
                                student_number=number,
                                name=name,
                                name_pinyin=pinyin_key(name),
                                gender=Gender.MALE if male else Gender.FEMALE,
                                class_group=group,
                                **org.student_identity_fields(demo_id_number(n, birth_year=entry_year - 19, male=male)),
                            )
                        )
    Student.objects.bulk_create(new, batch_size=500)
    by_number = {s.student_number: s for s in Student.objects.filter(institution=inst)}
    for key, numbers in planned.items():
        campus.students[key] = [by_number[number] for number in numbers]


def _class_name(major: Major, entry_year: int, k: int) -> str:
    return f"{major.name}{entry_year % 100:02d}{k:02d}班"


def _classes(
    campus: Campus, departments: Sequence[facts.DepartmentFact], entry_years: Sequence[int]
) -> dict[str, ClassGroup]:
    """Every class of the campus by name, the missing ones created in one statement."""
    inst = campus.institution
    classes = {c.name: c for c in ClassGroup.objects.filter(institution=inst)}
    missing = []
    for dept_fact in departments:
        for major_fact in dept_fact.majors:
            major = campus.majors[major_fact.code]
            for entry_year in entry_years:
                for k in range(1, facts.CLASSES_PER_MAJOR_YEAR + 1):
                    name = _class_name(major, entry_year, k)
                    if name not in classes:
                        missing.append(ClassGroup(institution=inst, major=major, name=name, entry_year=entry_year))
    for group in ClassGroup.objects.bulk_create(missing):
        classes[group.name] = group
    return classes
