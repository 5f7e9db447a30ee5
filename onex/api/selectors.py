"""Reads behind the API: every queryset here is scoped to the requesting user."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

from onex.catalog.models import Certificate, EvaluationOrganization
from onex.core.access import page_allowed
from onex.core.scoping import get_object_for_user, scope_queryset
from onex.exams.models import ExamSite
from onex.finance.figures import year_figures
from onex.org.models import Department, Institution, Major, Student, Teacher
from onex.pilots.figures import pilots_with_figures
from onex.pilots.models import Pilot, Registration

if TYPE_CHECKING:
    from onex.accounts.models import User


def institutions_for(user: User) -> QuerySet[Institution]:
    return scope_queryset(Institution.objects.all(), user)


def departments_for(user: User) -> QuerySet[Department]:
    return scope_queryset(Department.objects.all(), user).order_by("institution_id", "name_pinyin", "id")


def majors_for(user: User) -> QuerySet[Major]:
    return scope_queryset(Major.objects.all(), user).order_by("institution_id", "name_pinyin", "id")


def pilots_for(user: User) -> QuerySet[Pilot]:
    """Visible pilots with their figures.

    The scope is applied as a subquery so that its joins (a teacher's sessions,
    a student's registrations) cannot multiply or narrow the counted rows.
    """
    visible = scope_queryset(Pilot.objects.all(), user).values("id")
    return (
        pilots_with_figures(pilots=Pilot.objects.filter(id__in=visible))
        .prefetch_related("majors")
        .order_by("-year", "institution_id", "certificate__name_pinyin", "level", "id")
    )


def registrations_for(user: User) -> QuerySet[Registration]:
    return (
        scope_queryset(Registration.objects.all(), user)
        .select_related("pilot__certificate", "student")
        .defer("student__id_number_cipher", "student__id_number_hash")
        .order_by("-pilot__year", "pilot_id", "student__name_pinyin", "id")
    )


def students_for(user: User) -> QuerySet[Student]:
    return (
        scope_queryset(Student.objects.all(), user)
        .select_related("class_group__major")
        .defer("id_number_cipher", "id_number_hash")
        .order_by("institution_id", "name_pinyin", "id")
    )


def teachers_for(user: User) -> QuerySet[Teacher]:
    return (
        scope_queryset(Teacher.objects.all(), user)
        .select_related("department")
        .order_by("institution_id", "name_pinyin", "id")
    )


def certificates_for(user: User) -> QuerySet[Certificate]:
    return scope_queryset(Certificate.objects.all(), user).select_related("organization").order_by("name_pinyin", "id")


def organizations_for(user: User) -> QuerySet[EvaluationOrganization]:
    return scope_queryset(EvaluationOrganization.objects.all(), user).order_by("name_pinyin", "id")


def exam_sites_for(user: User) -> QuerySet[ExamSite]:
    return (
        scope_queryset(ExamSite.objects.all(), user)
        .select_related("organization")
        .prefetch_related("certificates")
        .order_by("institution_id", "name", "id")
    )


def year_figures_for(user: User, *, institution_code: str, year: int) -> dict[str, Any]:
    """The ``manage.py stats`` object for an institution the user may see (404 otherwise).

    A coordinator gets the figures of its own department.
    """
    institution = get_object_for_user(Institution.objects.all(), user, code=institution_code)
    # A coordinator (whose landing page is the department's) reads its department's figures.
    department_id = user.department_id if page_allowed(user, "portal_department") and not user.is_superuser else None
    figures = year_figures(institution_id=institution.id, year=year, department_id=department_id)
    return figures.as_json(institution.code)
