"""The national catalog, shared by every institution; edited by the province."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from onex.core.fields import Level
from onex.core.scoping import SHARED


class EvaluationOrganization(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    name_pinyin = models.CharField(_("name (pinyin)"), max_length=500, blank=True, editable=False)

    scope_institution = SHARED

    class Meta:
        verbose_name = _("training-evaluation organization")
        verbose_name_plural = _("training-evaluation organizations")
        ordering = ["name_pinyin"]

    def __str__(self) -> str:
        return self.name


class Certificate(models.Model):
    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=120, unique=True)
    organization = models.ForeignKey(
        EvaluationOrganization, verbose_name=_("training-evaluation organization"), on_delete=models.PROTECT
    )
    levels = models.JSONField(_("levels"), default=list, help_text=_("Levels offered, e.g. junior, intermediate"))
    name_pinyin = models.CharField(_("name (pinyin)"), max_length=500, blank=True, editable=False)

    scope_institution = SHARED

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["name_pinyin"]

    def __str__(self) -> str:
        return self.name


class SkillModule(models.Model):
    certificate = models.ForeignKey(Certificate, verbose_name=_("certificate"), on_delete=models.CASCADE)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    code = models.CharField(_("code"), max_length=30)
    title = models.CharField(_("title"), max_length=200)

    scope_institution = SHARED

    class Meta:
        verbose_name = _("skill module")
        verbose_name_plural = _("skill modules")
        ordering = ["certificate", "level", "code"]
        constraints = [models.UniqueConstraint(fields=["certificate", "level", "code"], name="skillmodule_unique_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"
