"""The roles (角色) of DESIGN.md. What each may open and do is decided in ``onex.core.access``."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OFFICE = "office", _("1+X office")
    COORDINATOR = "coordinator", _("Department coordinator")
    TEACHER = "teacher", _("Teacher")
    FINANCE = "finance", _("Finance")
    LEADER = "leader", _("Leadership")
    STUDENT = "student", _("Student")
    PROVINCE = "province", _("Province")


# Roles that work in the back office (the admin site).
STAFF_ROLES = frozenset({Role.OFFICE, Role.COORDINATOR, Role.FINANCE, Role.LEADER, Role.PROVINCE})
