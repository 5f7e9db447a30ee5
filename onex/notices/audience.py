"""Who a notice reaches: the users of its audience within its institution."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from onex.accounts.models import User
from onex.core.roles import Role
from onex.notices.models import Audience, Notice


def audience_users(notice: Notice) -> QuerySet[User]:
    users = User.objects.filter(institution_id=notice.institution_id, is_active=True)
    if notice.audience == Audience.EVERYONE:
        return users
    if notice.audience == Audience.TEACHERS:
        return users.filter(role=Role.TEACHER)
    if notice.audience == Audience.DEPARTMENT:
        return users.filter(
            Q(department_id=notice.department_id)
            | Q(teacher__department_id=notice.department_id)
            | Q(student__class_group__major__department_id=notice.department_id)
        )
    if notice.audience == Audience.PILOT:
        return users.filter(
            Q(student__registration__pilot_id=notice.pilot_id, student__registration__withdrawn_on__isnull=True)
            | Q(teacher__trainingsession__pilot_id=notice.pilot_id)
        ).distinct()
    return users.none()
