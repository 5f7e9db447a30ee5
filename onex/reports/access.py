"""Who may do what with an annual report.

The office writes and submits its own institution's report; leadership reads it;
the province reads the reports of its province's institutions and returns or
accepts them. Nobody else sees a report.
"""

from __future__ import annotations

from typing import Any

from onex.core.roles import Role
from onex.org.models import Institution

READER_ROLES = frozenset({Role.OFFICE, Role.LEADER, Role.PROVINCE})


def is_reader_role(user: Any) -> bool:
    return bool(user.is_superuser or user.role in READER_ROLES)


def is_province(user: Any) -> bool:
    return bool(user.is_superuser or user.role == Role.PROVINCE)


def province_covers(user: Any, institution: Institution) -> bool:
    """A province user acts for the institutions of their own province (all of them if none is set)."""
    return bool(user.is_superuser or not user.province or user.province == institution.province)


def can_read(user: Any, institution: Institution) -> bool:
    if user.is_superuser:
        return True
    if user.role == Role.PROVINCE:
        return province_covers(user, institution)
    return user.role in (Role.OFFICE, Role.LEADER) and user.institution_id == institution.pk


def can_write(user: Any, institution: Institution) -> bool:
    return bool(user.is_superuser or (user.role == Role.OFFICE and user.institution_id == institution.pk))


def can_collect(user: Any, institution: Institution) -> bool:
    return bool(user.is_superuser or (user.role == Role.PROVINCE and province_covers(user, institution)))
