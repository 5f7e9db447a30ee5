"""Which column is which: the usual names people give each column, and the header row."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onex.core.uploads import UnusableFileError
from onex.imports.normalize import to_halfwidth

HEADER_SEARCH_ROWS = 10


@dataclass(frozen=True)
class Column:
    key: str
    label: Any  # the canonical Chinese header, shown in messages
    synonyms: tuple[str, ...]
    required: bool = False


ROSTER_COLUMNS = (
    Column("name", gettext_lazy("Name"), ("姓名", "考生姓名", "学生姓名", "名字"), required=True),
    Column(
        "id_number",
        gettext_lazy("ID number"),
        ("证件号码", "身份证号", "身份证号码", "身份证", "证件号", "身份证件号码", "公民身份号码", "身份证件号"),
        required=True,
    ),
    Column(
        "certificate",
        gettext_lazy("Certificate"),
        ("证书名称", "证书", "职业技能等级证书名称", "职业技能等级证书", "证书名", "考核证书", "报考证书"),
        required=True,
    ),
    Column("level", gettext_lazy("Level"), ("等级", "证书等级", "级别", "考核等级", "报考等级"), required=True),
    Column("id_type", gettext_lazy("ID type"), ("证件类型", "证件类别", "证件种类")),
    Column("gender", gettext_lazy("Gender"), ("性别",)),
    Column("student_number", gettext_lazy("Student number"), ("学号", "学籍号")),
    Column(
        "department", gettext_lazy("Department"), ("系部", "院系", "二级学院", "系别", "所在院系", "所在系部", "学院")
    ),
    Column("major", gettext_lazy("Major"), ("专业", "专业名称", "所学专业", "所在专业")),
    Column("class_group", gettext_lazy("Class"), ("班级", "班级名称", "行政班", "所在班级")),
    Column("phone", gettext_lazy("Phone"), ("手机号", "手机号码", "联系电话", "手机", "电话", "联系方式")),
    Column("filed_on", gettext_lazy("Filing date"), ("备案日期", "备案时间")),
)

RESULT_COLUMNS = (
    Column(
        "id_number",
        gettext_lazy("ID number"),
        ("证件号码", "身份证号", "身份证号码", "身份证", "证件号", "身份证件号码", "公民身份号码"),
        required=True,
    ),
    Column("name", gettext_lazy("Name"), ("姓名", "考生姓名", "学生姓名"), required=True),
    Column("theory", gettext_lazy("Theory score"), ("理论成绩", "理论", "理论考试成绩", "理论知识", "理论分数")),
    Column(
        "practical",
        gettext_lazy("Practical score"),
        ("实操成绩", "实操", "技能成绩", "实操考试成绩", "实际操作", "实操分数", "技能操作"),
    ),
    Column("total", gettext_lazy("Total score"), ("总成绩", "总分", "综合成绩", "成绩")),
    Column(
        "outcome",
        gettext_lazy("Outcome"),
        ("考核结果", "结果", "是否合格", "成绩结果", "是否通过", "合格情况", "考试结果"),
    ),
    Column("absent", gettext_lazy("Absent"), ("缺考", "是否缺考")),
    Column("cert_number", gettext_lazy("Certificate number"), ("证书编号", "证书号", "证书号码")),
    Column("issued_on", gettext_lazy("Issued on"), ("发证日期", "发证时间")),
)

_MARKERS = re.compile(r"[\s*＊:：]|[（(][^）)]*[）)]")


def clean_header(value: Any) -> str:
    if value is None:
        return ""
    return _MARKERS.sub("", to_halfwidth(str(value)))


@dataclass
class Header:
    row_index: int  # 0-based index in the file
    mapping: dict[str, int]  # column key -> 0-based column index
    labels: list[str] = field(default_factory=list)  # the header cells as written

    def label(self, key: str) -> str:
        return self.labels[self.mapping[key]] if key in self.mapping else ""


def find_header(rows: Sequence[Sequence[Any]], columns: Sequence[Column]) -> Header:
    lookup = {syn: col.key for col in columns for syn in col.synonyms}
    best: Header | None = None
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        mapping: dict[str, int] = {}
        for col_index, cell in enumerate(row):
            key = lookup.get(clean_header(cell))
            if key is not None and key not in mapping:
                mapping[key] = col_index
        if len(mapping) >= 2 and (best is None or len(mapping) > len(best.mapping)):
            best = Header(index, mapping, ["" if c is None else str(c).strip() for c in row])
    if best is None:
        raise UnusableFileError(
            _("No header row found in the first %(n)s rows: the file needs columns such as 姓名 and 证件号码.")
            % {"n": HEADER_SEARCH_ROWS}
        )
    missing = [str(col.label) for col in columns if col.required and col.key not in best.mapping]
    if missing:
        raise UnusableFileError(
            _("The header row (row %(row)s) lacks the required columns: %(columns)s.")
            % {"row": best.row_index + 1, "columns": "、".join(missing)}
        )
    return best


def column_label(columns: Sequence[Column], key: str) -> str:
    for col in columns:
        if col.key == key:
            return str(col.label)
    return key
