"""Who may do what with an annual report.

The office writes and submits its own institution's report; leadership reads it;
the province reads the reports of its province's institutions and returns or
accepts them. Nobody else sees a report.
"""

from __future__ import annotations

from typing import Any

from onex.core.roles import Role
from onex.core.scoping import user_can_see_institution
from onex.org.models import Institution

READER_ROLES = frozenset({Role.OFFICE, Role.LEADER, Role.PROVINCE})


def is_reader_role(user: Any) -> bool:
    return bool(user.is_superuser or user.role in READER_ROLES)


def is_province(user: Any) -> bool:
    return bool(user.is_superuser or user.role == Role.PROVINCE)


def can_read(user: Any, institution: Institution) -> bool:
    if user.is_superuser:
        return True
    if user.role == Role.PROVINCE:
        return user_can_see_institution(user, institution.pk)
    return user.role in (Role.OFFICE, Role.LEADER) and user.institution_id == institution.pk


def can_write(user: Any, institution: Institution) -> bool:
    return bool(user.is_superuser or (user.role == Role.OFFICE and user.institution_id == institution.pk))


def can_collect(user: Any, institution: Institution) -> bool:
    if user.is_superuser:
        return True
    return user.role == Role.PROVINCE and user_can_see_institution(user, institution.pk)
