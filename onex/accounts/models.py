from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from onex.core.roles import Role


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.STUDENT)
    institution = models.ForeignKey(
        "org.Institution", verbose_name=_("institution"), null=True, blank=True, on_delete=models.PROTECT
    )
    department = models.ForeignKey(
        "org.Department", verbose_name=_("department"), null=True, blank=True, on_delete=models.PROTECT
    )
    teacher = models.OneToOneField(
        "org.Teacher", verbose_name=_("teacher"), null=True, blank=True, on_delete=models.SET_NULL
    )
    student = models.OneToOneField(
        "org.Student", verbose_name=_("student"), null=True, blank=True, on_delete=models.SET_NULL
    )
    province = models.CharField(_("province"), max_length=30, blank=True)
    must_set_password = models.BooleanField(_("must set password at next login"), default=False)

    scope_institution = "institution"
    scope_department = "department"

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=Q(role=Role.PROVINCE) | Q(institution__isnull=False) | Q(is_superuser=True),
                name="user_has_institution_unless_province",
            ),
            models.CheckConstraint(
                condition=~Q(role=Role.COORDINATOR) | Q(department__isnull=False),
                name="coordinator_has_department",
            ),
        ]

    def __str__(self) -> str:
        full = f"{self.last_name}{self.first_name}".strip()
        return f"{full} ({self.username})" if full else self.username
