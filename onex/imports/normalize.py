"""Normalising what people type into spreadsheets.

Full-width digits, letters and spaces become half-width; spaces around and
inside codes disappear; a lowercase x at the end of an ID number becomes X;
numbers that Excel stored as floats come back as their digits.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import Any

# U+FF01..U+FF5E are the full-width forms of ASCII 0x21..0x7E; U+3000 is the ideographic space.
_HALFWIDTH: dict[int, int | None] = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_HALFWIDTH.update({0x3000: 0x20, 0x00A0: 0x20, 0x200B: None, 0xFEFF: None})
_SPACES = re.compile(r"\s+")
_CJK_SPACE = re.compile(r"(?<=[\u2e80-\u9fff\uf900-\ufaff])\s+|\s+(?=[\u2e80-\u9fff\uf900-\ufaff])")


def to_halfwidth(text: str) -> str:
    return text.translate(_HALFWIDTH)


def cell_str(value: Any) -> str:
    """A cell as trimmed text, whatever its type."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


@lru_cache(maxsize=65536)
def _text(value: str) -> str:
    text = value.translate(_HALFWIDTH).strip()
    if " " in text or "\t" in text or "\n" in text or "\r" in text:
        text = _SPACES.sub(" ", text)
        text = _CJK_SPACE.sub("", text)
    return text


def text(value: Any) -> str:
    """Names and labels: half-width, trimmed, no spaces between Chinese characters."""
    if value is None:
        return ""
    return _text(value) if isinstance(value, str) else _text(cell_str(value))


def code(value: Any) -> str:
    """Codes (ID numbers, phones, student numbers): half-width, no spaces at all."""
    if value is None:
        return ""
    raw = value if isinstance(value, str) else cell_str(value)
    if raw.isascii() and raw.isalnum():
        return raw
    return "".join(raw.translate(_HALFWIDTH).split())


_DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:\s.*)?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
EXCEL_EPOCH = dt.date(1899, 12, 30)


def parse_date(value: Any) -> dt.date | None:
    """A date from a date cell, an Excel serial number or the usual written forms; None if none."""
    if isinstance(value, str):
        return _parse_date_text(value)
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 20000 < value < 80000:  # an Excel serial date that lost its format
            return EXCEL_EPOCH + dt.timedelta(days=int(value))
        value = cell_str(value)
    return _parse_date_text(value)


@lru_cache(maxsize=4096)
def _parse_date_text(value: str) -> dt.date | None:
    raw = text(value)
    for pattern in _DATE_PATTERNS:
        match = pattern.match(raw)
        if match:
            try:
                return dt.date(int(match[1]), int(match[2]), int(match[3]))
            except ValueError:
                return None
    return None
