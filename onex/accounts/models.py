from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
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


class ApiToken(models.Model):
    """An API token (API 令牌): only a hash of its key is stored; it expires and can be revoked (吊销)."""

    user = models.ForeignKey(User, verbose_name=_("user"), related_name="api_tokens", on_delete=models.CASCADE)
    name = models.CharField(_("name"), max_length=100, blank=True)
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True, editable=False)
    # The first characters of the key, enough for its holder to tell tokens apart.
    prefix = models.CharField(_("key prefix"), max_length=8, editable=False)
    created = models.DateTimeField(_("created"), default=timezone.now)
    expires = models.DateTimeField(_("expires"))
    last_used = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked = models.DateTimeField(_("revoked"), null=True, blank=True)

    scope_institution = "user__institution"

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ("-created",)

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user.username})"

    @property
    def is_expired(self) -> bool:
        return self.expires <= timezone.now()

    @property
    def is_active(self) -> bool:
        return self.revoked is None and not self.is_expired
