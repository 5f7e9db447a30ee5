from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from onex.accounts.models import User
from onex.audit.services import audit_record
from onex.roles import STAFF_ROLES, Role

# Roles only a superuser may hand out (superuser status itself is never set here).
SUPERUSER_GRANTED_ROLES = frozenset({Role.PROVINCE})


def _check_may_grant(*, role: str, actor: Any) -> None:
    if role in SUPERUSER_GRANTED_ROLES and actor is not None and not getattr(actor, "is_superuser", False):
        raise PermissionDenied("Only a superuser may grant this role.")


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str | None,
    role: str,
    institution: Any = None,
    department: Any = None,
    teacher: Any = None,
    student: Any = None,
    province: str = "",
    first_name: str = "",
    last_name: str = "",
    actor: Any = None,
) -> User:
    _check_may_grant(role=role, actor=actor)
    user = User(
        username=username,
        role=role,
        institution=institution,
        department=department,
        teacher=teacher,
        student=student,
        province=province,
        first_name=first_name,
        last_name=last_name,
        is_staff=role in STAFF_ROLES,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    audit_record(actor=actor, action="user.create", target=user, after={"role": role, "username": username})
    return user


@transaction.atomic
def user_set_role(*, user: User, role: str, actor: Any, request: Any = None) -> User:
    _check_may_grant(role=role, actor=actor)
    before = {"role": user.role}
    user.role = role
    user.is_staff = role in STAFF_ROLES
    user.full_clean(exclude=["password"])
    user.save(update_fields=["role", "is_staff"])
    audit_record(actor=actor, action="user.set_role", target=user, before=before, after={"role": role}, request=request)
    return user


__all__ = ["user_create", "user_set_role", "Role"]
