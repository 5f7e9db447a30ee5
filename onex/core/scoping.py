"""Row scoping: every query a user makes goes through here.

Each scoped model names the lookup from itself to its institution
(``scope_institution``) and, where rows belong to a department, to that
department (``scope_department``). ``scope_queryset`` filters a queryset for a
user; ``get_object_for_user`` turns anything outside the scope into a 404.

The province (教育厅) sees the rows of its own province's institutions (院校)
and nothing when its province is not set; the national catalog (证书目录) is
shared by all. Rows a teacher or student owns are matched through a subquery,
so a person reached by two paths (two sessions of one pilot) never doubles a row.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from onex.core.roles import Role

if TYPE_CHECKING:
    from onex.accounts.models import User

M = TypeVar("M", bound=Model)

# Models every institution reads (the national catalog).
SHARED = "shared"


def institution_path(model: type[Model]) -> str | None:
    return getattr(model, "scope_institution", None)


def department_path(model: type[Model]) -> str | None:
    return getattr(model, "scope_department", None)


def _id_lookup(path: str) -> str:
    # The bare path compares by primary key; it also works across many-to-many
    # relations, where "<path>_id" does not exist.
    return "id" if path == "self" else path


def _institution_lookup(path: str) -> str:
    return "" if path == "self" else f"{path}__"


def province_of(user: Any) -> str:
    """The province a province user acts for ("" when none is set: then it sees nothing)."""
    return str(getattr(user, "province", "") or "")


def scope_queryset(qs: QuerySet[M], user: Any) -> QuerySet[M]:
    """The rows of ``qs`` that ``user`` may see."""
    model = qs.model
    if user is None or not user.is_authenticated:
        return qs.none()
    if user.is_superuser:
        return qs
    inst_path = institution_path(model)
    if inst_path == SHARED:
        return qs
    if inst_path is None:
        return qs.none()
    role = user.role
    if role == Role.PROVINCE:
        province = province_of(user)
        if not province:
            return qs.none()
        return qs.filter(**{f"{_institution_lookup(inst_path)}province": province})
    if user.institution_id is None:
        return qs.none()
    qs = qs.filter(**{_id_lookup(inst_path): user.institution_id})
    if role == Role.COORDINATOR:
        dept_path = department_path(model)
        if dept_path is not None:
            if user.department_id is None:
                return qs.none()
            qs = qs.filter(**{_id_lookup(dept_path): user.department_id})
    elif role in (Role.TEACHER, Role.STUDENT):
        own = getattr(model, "scope_own", None)
        if own is None:
            return qs.none()
        person_id = user.teacher_id if role == Role.TEACHER else user.student_id
        if person_id is None:
            return qs.none()
        lookups = own.get(role)
        if not lookups:
            return qs.none()
        if isinstance(lookups, str):
            lookups = (lookups,)
        cond = Q()
        for path in lookups:
            cond |= Q(**{_id_lookup(path): person_id})
        # The paths cross many-to-many relations: joined here they would repeat a
        # row once per match, so they only pick primary keys in a subquery.
        qs = qs.filter(pk__in=model._base_manager.filter(cond).values("pk"))
    return qs


def get_object_for_user(qs: QuerySet[M], user: Any, **lookup: Any) -> M:
    """One row of ``qs`` within the user's scope, or 404."""
    try:
        return scope_queryset(qs, user).get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def user_can_see_institution(user: User, institution_id: int) -> bool:
    """Whether the institution lies within the user's scope (the province: its own province's)."""
    institution = apps.get_model("org", "Institution")  # org depends on core, not the other way round
    return scope_queryset(institution._default_manager.filter(pk=institution_id), user).exists()
