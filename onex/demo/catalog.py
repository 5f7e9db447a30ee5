"""The national catalog part of the demo: evaluation organizations, certificates, skill modules."""

from __future__ import annotations

from onex.catalog.models import Certificate, EvaluationOrganization, SkillModule
from onex.core.fields import Level
from onex.core.pinyin import pinyin_key
from onex.demo import facts

ALL_LEVELS = [Level.JUNIOR, Level.INTERMEDIATE, Level.SENIOR]

# A few skill modules (标准模块) per certificate at the intermediate level, invented titles.
MODULE_TITLES = {
    "宠物护理与美容": ("宠物日常护理", "宠物美容造型", "宠物健康检查"),
    "家庭农场畜禽养殖": ("畜禽饲养管理", "畜禽疫病防控", "养殖场经营核算"),
    "农业经济组织经营管理": ("合作社组建与运营", "农产品营销", "财务与成本分析"),
    "设施蔬菜生产": ("设施环境调控", "蔬菜育苗", "病虫害绿色防控"),
    "电子商务数据分析": ("数据采集与处理", "数据可视化", "运营数据分析"),
}


def load() -> dict[str, Certificate]:
    """Create what is missing; return the Table 1 certificates by their short key."""
    orgs: dict[str, EvaluationOrganization] = {}
    for key, name in facts.ORGANIZATIONS.items():
        org, _ = EvaluationOrganization.objects.get_or_create(
            name=name, defaults={"short_name": name[2:6], "name_pinyin": pinyin_key(name)}
        )
        orgs[key] = org
    existing = {c.code: c for c in Certificate.objects.filter(code__in=[f.code for f in facts.CERTIFICATES])}
    missing = [
        Certificate(
            code=f.code,
            name=f.name,
            organization=orgs[f.organization],
            levels=ALL_LEVELS,
            name_pinyin=pinyin_key(f.name),
        )
        for f in facts.CERTIFICATES
        if f.code not in existing
    ]
    for cert in Certificate.objects.bulk_create(missing):
        existing[cert.code] = cert
    certificates = {key: existing[f.code] for key, f in facts.CERT.items()}

    have = set(SkillModule.objects.filter(certificate__in=certificates.values()).values_list("certificate_id", "code"))
    modules = []
    for key, titles in MODULE_TITLES.items():
        cert = certificates[key]
        for i, title in enumerate(titles, start=1):
            code = f"{cert.code}-M{i}"
            if (cert.id, code) not in have:
                modules.append(SkillModule(certificate=cert, level=Level.INTERMEDIATE, code=code, title=title))
    SkillModule.objects.bulk_create(modules)
    return certificates
