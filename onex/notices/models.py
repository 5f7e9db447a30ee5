from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    EVERYONE = "everyone", _("Everyone")
    DEPARTMENT = "department", _("A department")
    PILOT = "pilot", _("The candidates of a pilot")
    TEACHERS = "teachers", _("Teachers")


class Notice(models.Model):
    institution = models.ForeignKey("org.Institution", verbose_name=_("institution"), on_delete=models.PROTECT)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body"))
    audience = models.CharField(_("audience"), max_length=12, choices=Audience.choices, default=Audience.EVERYONE)
    department = models.ForeignKey(
        "org.Department", verbose_name=_("department"), null=True, blank=True, on_delete=models.PROTECT
    )
    pilot = models.ForeignKey("pilots.Pilot", verbose_name=_("pilot"), null=True, blank=True, on_delete=models.PROTECT)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True, blank=True, on_delete=models.SET_NULL
    )

    scope_institution = "institution"

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-published_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(audience="department") | Q(department__isnull=False), name="notice_department_named"
            ),
            models.CheckConstraint(condition=~Q(audience="pilot") | Q(pilot__isnull=False), name="notice_pilot_named"),
        ]

    def __str__(self) -> str:
        return self.title


class NoticeReceipt(models.Model):
    notice = models.ForeignKey(Notice, verbose_name=_("notice"), on_delete=models.CASCADE)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    scope_institution = "notice__institution"

    class Meta:
        verbose_name = _("notice receipt")
        verbose_name_plural = _("notice receipts")
        constraints = [models.UniqueConstraint(fields=["notice", "user"], name="noticereceipt_unique")]

    def __str__(self) -> str:
        return f"{self.notice} — {self.user}"
