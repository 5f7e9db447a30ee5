from __future__ import annotations

from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from onex.accounts.models import User
from onex.audit.services import audit_record
from onex.core.access import require
from onex.core.roles import STAFF_ROLES, Role

# Roles only a superuser may hand out (superuser status itself is never set here).
SUPERUSER_GRANTED_ROLES = frozenset({Role.PROVINCE})


def _check_may_grant(*, role: str, actor: User | None) -> None:
    if role in SUPERUSER_GRANTED_ROLES and actor is not None:
        require(actor, "user.grant_province")


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
    actor: User | None = None,
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
def user_set_role(*, user: User, role: str, actor: User | None, request: Any = None) -> User:
    _check_may_grant(role=role, actor=actor)
    before = {"role": user.role}
    user.role = role
    user.is_staff = role in STAFF_ROLES
    user.full_clean(exclude=["password"])
    user.save(update_fields=["role", "is_staff"])
    audit_record(actor=actor, action="user.set_role", target=user, before=before, after={"role": role}, request=request)
    return user


@transaction.atomic
def user_set_password(*, user: User, password: str, request: Any = None) -> User:
    """The user's own new password, where the office asked for one (``must_set_password``) or none is usable."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.has_usable_password() and user.check_password(password):
        raise ValidationError(_("Choose a password different from the current one."), code="password_unchanged")
    validate_password(password, user)
    user.set_password(password)
    user.must_set_password = False
    user.save(update_fields=["password", "must_set_password"])
    audit_record(
        actor=user, action="user.set_password", target=user, after={"username": user.username}, request=request
    )
    return user


__all__ = ["user_create", "user_set_password", "user_set_role", "Role"]
