"""书证融通: how much of each certificate's skill modules a major's courses teach."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from onex.audit.services import audit_record
from onex.catalog.models import SkillModule
from onex.core.access import require
from onex.core.fields import LEVEL_CHINESE
from onex.core.percent import rate
from onex.credentials.models import Course, CourseModuleMap
from onex.pilots.models import Pilot

if TYPE_CHECKING:
    from onex.accounts.models import User


@dataclass
class Coverage:
    certificate: str
    level: str
    major: str
    modules: list[SkillModule] = field(default_factory=list)
    covered: set[int] = field(default_factory=set)
    courses: dict[int, list[str]] = field(default_factory=dict)

    @property
    def share(self) -> Decimal:
        return rate(len(self.covered), len(self.modules))

    @property
    def uncovered(self) -> list[SkillModule]:
        return [m for m in self.modules if m.pk not in self.covered]


def module_coverage(*, institution_id: int, year: int) -> list[Coverage]:
    """Coverage per pilot certificate × level × major of the year (four queries)."""
    pilots = list(
        Pilot.objects.filter(institution_id=institution_id, year=year)
        .select_related("certificate")
        .prefetch_related("majors")
        .order_by("certificate__name_pinyin", "level")
    )
    pairs = {(p.certificate_id, p.level) for p in pilots}
    modules: dict[tuple[int, str], list[SkillModule]] = defaultdict(list)
    for m in SkillModule.objects.filter(certificate_id__in={c for c, _lvl in pairs}).order_by("code"):
        if (m.certificate_id, m.level) in pairs:
            modules[(m.certificate_id, m.level)].append(m)
    taught: dict[tuple[int, int], list[str]] = defaultdict(list)  # (major, module) -> course names
    maps = CourseModuleMap.objects.filter(course__institution_id=institution_id).select_related("course")
    for cm in maps:
        taught[(cm.course.major_id, cm.skill_module_id)].append(cm.course.name)
    result = []
    for p in pilots:
        for major in p.majors.all():
            cov = Coverage(
                certificate=p.certificate.name,
                level=LEVEL_CHINESE.get(p.level, p.level),
                major=major.name,
                modules=modules[(p.certificate_id, p.level)],
            )
            for m in cov.modules:
                names = taught.get((major.pk, m.pk))
                if names:
                    cov.covered.add(m.pk)
                    cov.courses[m.pk] = names
            result.append(cov)
    return result


@transaction.atomic
def course_modules_set(*, course: Course, module_ids: list[int], actor: User | None, request: Any = None) -> None:
    """Replace the skill modules a course teaches."""
    require(actor, "course.map", course)
    wanted = set(module_ids)
    if len(SkillModule.objects.filter(pk__in=wanted)) != len(wanted):
        raise ValidationError(_("Unknown skill module."))
    before = sorted(CourseModuleMap.objects.filter(course=course).values_list("skill_module_id", flat=True))
    CourseModuleMap.objects.filter(course=course).exclude(skill_module_id__in=wanted).delete()
    existing = set(before)
    CourseModuleMap.objects.bulk_create(
        [CourseModuleMap(course=course, skill_module_id=m) for m in sorted(wanted - existing)]
    )
    audit_record(
        actor=actor,
        action="course.modules_set",
        target=course,
        before={"modules": before},
        after={"modules": sorted(wanted)},
        request=request,
    )
