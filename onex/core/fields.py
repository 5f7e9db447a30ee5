from decimal import Decimal
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


def MoneyField(verbose_name: Any, **kwargs: Any) -> models.DecimalField:  # noqa: N802
    """Yuan with two decimal places."""
    kwargs.setdefault("max_digits", 14)
    kwargs.setdefault("decimal_places", 2)
    kwargs.setdefault("default", Decimal("0.00"))
    return models.DecimalField(verbose_name, **kwargs)


def ScoreField(verbose_name: Any, **kwargs: Any) -> models.DecimalField:  # noqa: N802
    kwargs.setdefault("max_digits", 5)
    kwargs.setdefault("decimal_places", 2)
    kwargs.setdefault("null", True)
    kwargs.setdefault("blank", True)
    return models.DecimalField(verbose_name, **kwargs)


class Level(models.TextChoices):
    JUNIOR = "junior", _("Junior")
    INTERMEDIATE = "intermediate", _("Intermediate")
    SENIOR = "senior", _("Senior")


# How people write the levels in spreadsheets and reports.
LEVEL_WORDS = {"初级": Level.JUNIOR, "中级": Level.INTERMEDIATE, "高级": Level.SENIOR}
LEVEL_CHINESE: dict[str, str] = {v.value: k for k, v in LEVEL_WORDS.items()}
