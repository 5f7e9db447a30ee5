"""Writes for institutions, departments, majors, classes, students and teachers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction

from onex.audit.services import audit_record, snapshot
from onex.core import crypto
from onex.core.pinyin import pinyin_key
from onex.org.models import ClassGroup, Department, IdType, Institution, Major, Student, Teacher

if TYPE_CHECKING:
    from onex.accounts.models import User


@transaction.atomic
def institution_create(*, code: str, name: str, province: str) -> Institution:
    inst = Institution(code=code, name=name, province=province, name_pinyin=pinyin_key(name))
    inst.full_clean()
    inst.save()
    return inst


@transaction.atomic
def department_create(*, institution: Institution, name: str, code: str = "") -> Department:
    dept = Department(institution=institution, name=name, code=code, name_pinyin=pinyin_key(name))
    dept.full_clean()
    dept.save()
    return dept


@transaction.atomic
def major_create(*, department: Department, name: str, code: str = "") -> Major:
    major = Major(
        institution_id=department.institution_id,
        department=department,
        name=name,
        code=code,
        name_pinyin=pinyin_key(name),
    )
    major.full_clean()
    major.save()
    return major


@transaction.atomic
def class_group_create(*, major: Major, name: str, entry_year: int) -> ClassGroup:
    group = ClassGroup(institution_id=major.institution_id, major=major, name=name, entry_year=entry_year)
    group.full_clean()
    group.save()
    return group


def student_identity_fields(id_number: str) -> dict[str, str]:
    """The three stored forms of an ID number (see onex.core.crypto)."""
    normalized = id_number.strip().upper()
    return {
        "id_number_cipher": crypto.encrypt(normalized),
        "id_number_hash": crypto.lookup_hash(normalized),
        "id_number_masked": crypto.mask_id_number(normalized),
    }


@transaction.atomic
def student_create(
    *,
    institution: Institution,
    name: str,
    id_number: str,
    id_type: str = IdType.RESIDENT,
    student_number: str = "",
    gender: str = "",
    phone: str = "",
    class_group: ClassGroup | None = None,
    is_external: bool = False,
    actor: User | None = None,
) -> Student:
    student = Student(
        institution=institution,
        name=name.strip(),
        name_pinyin=pinyin_key(name),
        id_type=id_type,
        student_number=student_number,
        gender=gender,
        phone=phone,
        class_group=class_group,
        is_external=is_external,
        **student_identity_fields(id_number),
    )
    student.full_clean()
    student.save()
    audit_record(actor=actor, action="student.create", target=student, after=snapshot(student))
    return student


def student_id_number(*, student: Student) -> str:
    return crypto.decrypt(student.id_number_cipher)


@transaction.atomic
def student_reveal_id_number(*, student: Student, actor: User | None, request: Any = None) -> str:
    """The full ID number, for the office only; every reveal is audited."""
    audit_record(actor=actor, action="student.reveal_id_number", target=student, request=request)
    return student_id_number(student=student)


@transaction.atomic
def teacher_create(
    *,
    department: Department,
    staff_number: str,
    name: str,
    gender: str = "",
    title: str = "",
    is_dual_qualified: bool = False,
    phone: str = "",
) -> Teacher:
    teacher = Teacher(
        institution_id=department.institution_id,
        department=department,
        staff_number=staff_number,
        name=name.strip(),
        name_pinyin=pinyin_key(name),
        gender=gender,
        title=title,
        is_dual_qualified=is_dual_qualified,
        phone=phone,
    )
    teacher.full_clean()
    teacher.save()
    return teacher


@transaction.atomic
def student_update(
    *,
    student: Student,
    actor: User | None,
    id_number: str = "",
    request: Any = None,
    **fields: Any,
) -> Student:
    """Change a student's details; a non-empty ``id_number`` replaces the stored one. Audited."""
    allowed = {"name", "student_number", "gender", "id_type", "phone", "class_group", "is_external", "institution"}
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"student_update() got unexpected fields: {sorted(unknown)}")
    before = snapshot(student)
    for name, value in fields.items():
        setattr(student, name, value)
    student.name = student.name.strip()
    student.name_pinyin = pinyin_key(student.name)
    if id_number.strip():
        for name, value in student_identity_fields(id_number).items():
            setattr(student, name, value)
    student.full_clean()
    student.save()
    audit_record(
        actor=actor, action="student.update", target=student, before=before, after=snapshot(student), request=request
    )
    return student
