"""Demo 书证融通 (演示): courses of the 2023 pilots' majors teaching most skill modules, and credit rules."""

from __future__ import annotations

from decimal import Decimal

from onex.catalog.models import SkillModule
from onex.credentials.models import Course, CourseModuleMap, CreditRule
from onex.org.models import Institution
from onex.pilots.models import Pilot


def load(institution: Institution) -> None:
    pilots = Pilot.objects.filter(institution=institution, year=2023).select_related("certificate")
    for pilot in pilots.prefetch_related("majors"):
        modules = list(SkillModule.objects.filter(certificate=pilot.certificate, level=pilot.level).order_by("code"))
        for n, major in enumerate(pilot.majors.all(), start=1):
            code = f"X{pilot.certificate.code[-3:]}{n}"
            course, _created = Course.objects.get_or_create(
                major=major,
                code=code,
                defaults={
                    "institution": institution,
                    "name": f"{pilot.certificate.name.removesuffix('职业技能等级证书')}实务",
                    "credits": Decimal("4.0"),
                    "semester": 4,
                },
            )
            # The course teaches all but the last module: coverage shows what is left to integrate.
            for module in modules[:-1]:
                CourseModuleMap.objects.get_or_create(course=course, skill_module=module)
            CreditRule.objects.get_or_create(
                institution=institution,
                certificate=pilot.certificate,
                level=pilot.level,
                course=course,
                defaults={"credits": Decimal("2.0")},
            )
