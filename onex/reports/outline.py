"""The outline of the annual report (情况报告): its sections, in order.

The office writes the narrative of each section; the numbers of some sections
come from data (see ``document.py``). Headings are those of the document, which
is always written in Chinese; ``label`` is what the edit form shows.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

CHINESE_NUMERALS = "一二三四五六七八九十"


@dataclass(frozen=True)
class Section:
    key: str
    label: Promise
    heading: str
    level: int  # 1: 一、  2: （一）
    narrative: bool = True


SECTIONS: tuple[Section, ...] = (
    Section("overview", _("Work overview"), "工作基本情况", 1),
    Section("work", _("Work done"), "工作情况", 1, narrative=False),
    Section("mechanism", _("Working mechanism"), "建立健全“1+X”证书制度工作机制情况", 2),
    Section(
        "integration", _("Certificate–curriculum integration and the three reforms"), "深化“书证融通”“三教改革”情况", 2
    ),
    Section("training", _("Teacher training"), "组织教师参加“1+X”证书相关师资培训情况", 2),
    Section("incentives", _("Incentives for teachers"), "建立教师激励机制情况", 2),
    Section("sites", _("Exam sites and their sharing"), "考核站点建设与开放共享情况", 2),
    Section("funding", _("Funding"), "建立、落实经费保障情况", 2),
    Section("publicity", _("Publicity among teachers and students"), "面向师生开展政策宣传推广情况", 2),
    Section("experience", _("Experience and good practice"), "工作经验做法", 1),
    Section("problems", _("Problems"), "存在问题", 1),
    Section("next_steps", _("Next steps"), "下一步工作举措", 1),
)

NARRATIVE_KEYS: tuple[str, ...] = tuple(s.key for s in SECTIONS if s.narrative)
# The longest narrative the office may write in one section.
MAX_SECTION_LENGTH = 20000


def numbered_headings() -> list[tuple[Section, str]]:
    """Each section with its numbered heading: 一、… and, below it, （一）…"""
    out = []
    top = sub = 0
    for section in SECTIONS:
        if section.level == 1:
            top += 1
            sub = 0
            out.append((section, f"{CHINESE_NUMERALS[top - 1]}、{section.heading}"))
        else:
            sub += 1
            out.append((section, f"（{CHINESE_NUMERALS[sub - 1]}）{section.heading}"))
    return out


def paragraphs(text: str) -> list[str]:
    """A section's text as paragraphs: one per non-empty line."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]
