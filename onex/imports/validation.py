"""Rules for the values of one row, each answering with a message that says how to fix it.

Functions return ``(value, error, warning)``-like tuples or raise nothing: the
engine collects the messages per row. Messages are in Chinese by default
(through gettext) and never contain the ID number itself.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import Any

from django.utils.translation import gettext as _
from stdnum.cn import ric

from onex.imports import normalize
from onex.org.models import Gender, IdType

_SCIENTIFIC = re.compile(r"^\d(?:\.\d+)?E\+?\d+$", re.IGNORECASE)
_DIGITS17 = re.compile(r"^\d{17}[\dX]$")
_FOREIGN_OLD = re.compile(r"^[A-Z]{3}\d{12}$")
_PASSPORT = re.compile(r"^[A-Z0-9]{5,20}$")
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}(?:-\d{1,6})?$")
_HK_MO_PHONE = re.compile(r"^(?:852|853)?[2-9]\d{7}$")

ID_TYPE_WORDS: dict[str, str] = {
    "居民身份证": IdType.RESIDENT,
    "身份证": IdType.RESIDENT,
    "中华人民共和国居民身份证": IdType.RESIDENT,
    "二代身份证": IdType.RESIDENT,
    "港澳台居民居住证": IdType.HMT_RESIDENCE,
    "港澳居民居住证": IdType.HMT_RESIDENCE,
    "台湾居民居住证": IdType.HMT_RESIDENCE,
    "外国人永久居留身份证": IdType.FOREIGN_PERMANENT,
    "外国人永久居留证": IdType.FOREIGN_PERMANENT,
    "护照": IdType.PASSPORT,
}
ID_TYPE_WORDS.update({choice.value: choice.value for choice in IdType})
ID_TYPE_CHINESE: dict[str, str] = {
    IdType.RESIDENT: "居民身份证",
    IdType.HMT_RESIDENCE: "港澳台居民居住证",
    IdType.FOREIGN_PERMANENT: "外国人永久居留身份证",
    IdType.PASSPORT: "护照",
}
GENDER_WORDS: dict[str, str] = {"男": Gender.MALE, "女": Gender.FEMALE, "M": Gender.MALE, "F": Gender.FEMALE}
GENDER_CHINESE: dict[str, str] = {Gender.MALE: "男", Gender.FEMALE: "女"}
HMT_AREAS = ("810000", "820000", "830000")
_CHECK_CHARS = frozenset("0123456789Xx")


@lru_cache(maxsize=4096)
def birth_date(digits: str) -> dt.date | None:
    """YYYYMMDD as a date in the past, else None."""
    try:
        born = dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return None
    if born.year < 1900 or born > dt.date.today():
        return None
    return born


@lru_cache(maxsize=8192)
def area_known(area: str, year: int) -> bool:
    """Whether python-stdnum's area table knows the area code for that birth year."""
    try:
        ric.get_birth_place(f"{area}{year:04d}0101000")
    except Exception:
        return False
    return True


def id_number_mangled(raw: Any) -> bool:
    """Whether Excel has turned the ID number into a number and lost digits."""
    if isinstance(raw, float | int) and not isinstance(raw, bool):
        return abs(raw) >= 1e15
    if isinstance(raw, str):
        value = normalize.code(raw)
        if _SCIENTIFIC.match(value):
            return True
    return False


def check_id_number(raw: Any, id_type: str) -> tuple[str, str | None, str | None]:
    """The normalised number, an error and a warning (each None when there is none)."""
    if (
        id_type == IdType.RESIDENT
        and raw.__class__ is str
        and len(raw) == 18
        and raw.isascii()
        and raw[:17].isdigit()
        and raw[17] in _CHECK_CHARS
    ):
        # The common case: a clean 18-character number typed as text.
        number = raw.upper() if raw[17] == "x" else raw
        error, warning = _check_resident_digits(number)
        return number, error, warning
    if id_number_mangled(raw):
        return "", _mangled_message(), None
    number = normalize.code(raw).upper()
    if not number:
        return "", _("The ID number is empty. Enter it in the 证件号码 column."), None
    if id_type == IdType.RESIDENT:
        return number, *_check_resident(number)
    if id_type == IdType.HMT_RESIDENCE:
        return number, *_check_hmt(number)
    if id_type == IdType.FOREIGN_PERMANENT:
        return number, _check_foreign(number), None
    if not _PASSPORT.match(number):
        return number, _("The passport number should be 5 to 20 letters or digits. Check the 证件号码 column."), None
    return number, None, None


def _mangled_message() -> str:
    return _(
        "Excel stored this ID number as a number and lost its last digits. Format the 证件号码 column as "
        "text (设置单元格格式 → 文本), type the number again and import once more."
    )


def _checksum_ok(number: str) -> bool:
    return number[-1] == ric.calc_check_digit(number)


def _check_resident(number: str) -> tuple[str | None, str | None]:
    if len(number) == 15 and number.isdigit():
        return _("This is an old 15-digit ID number. Enter the 18-digit number from the current ID card."), None
    if len(number) != 18:
        return (
            _("A resident ID number has 18 characters; this one has %(n)s. Check the 证件号码 column.")
            % {"n": len(number)},
            None,
        )
    if not _DIGITS17.match(number):
        return _("A resident ID number is 17 digits followed by a digit or X. Check the 证件号码 column."), None
    return _check_resident_digits(number)


def _check_resident_digits(number: str) -> tuple[str | None, str | None]:
    """Checks of an 18-character number already known to be 17 digits and a digit or X."""
    if number.startswith(HMT_AREAS):
        return _(
            "This number is a residence permit for Hong Kong, Macao and Taiwan residents: set 证件类型 to 港澳台居民居住证."
        ), None
    born = birth_date(number[6:14])
    if born is None:
        return _("The birth date inside the ID number is not a real date. Check the 证件号码 column."), None
    if not _checksum_ok(number):
        if number.endswith("000"):
            return _mangled_message(), None
        return _(
            "The ID number's check digit (the last character) is wrong. Check the 证件号码 column for a typo."
        ), None
    if not area_known(number[:6], born.year):
        return None, _(
            "The area code %(area)s is not in the reference table (it may be newer than the table); "
            "the row is imported, check the number if in doubt."
        ) % {"area": number[:6]}
    return None, None


def _check_hmt(number: str) -> tuple[str | None, str | None]:
    if len(number) != 18 or not _DIGITS17.match(number):
        return _(
            "A residence permit number has 18 characters: 17 digits and a digit or X. Check the 证件号码 column."
        ), None
    if not number.startswith(HMT_AREAS):
        return _(
            "A residence permit number for Hong Kong, Macao or Taiwan residents starts with 810000, 820000 or 830000."
        ), None
    if birth_date(number[6:14]) is None:
        return _("The birth date inside the ID number is not a real date. Check the 证件号码 column."), None
    if not _checksum_ok(number):
        return _(
            "The ID number's check digit (the last character) is wrong. Check the 证件号码 column for a typo."
        ), None
    return None, None


def _check_foreign(number: str) -> str | None:
    if len(number) == 18:
        if not number.startswith("9") or not _DIGITS17.match(number):
            return _("A new foreigner's permanent residence ID number has 18 characters and starts with 9.")
        if birth_date(number[6:14]) is None:
            return _("The birth date inside the ID number is not a real date. Check the 证件号码 column.")
        if not _checksum_ok(number):
            return _("The ID number's check digit (the last character) is wrong. Check the 证件号码 column for a typo.")
        return None
    if _FOREIGN_OLD.match(number):
        yy, mm, dd = int(number[7:9]), int(number[9:11]), int(number[11:13])
        for century in (2000, 1900):
            try:
                born = dt.date(century + yy, mm, dd)
            except ValueError:
                return _("The birth date inside the ID number is not a real date. Check the 证件号码 column.")
            if born <= dt.date.today():
                return None
        return None
    return _(
        "A foreigner's permanent residence ID number is 15 characters (3 letters and 12 digits) or 18 characters "
        "starting with 9. Check the 证件号码 column."
    )


def id_gender(number: str, id_type: str) -> str:
    """The gender an 18-character number encodes (17th character odd: male), or ''."""
    if len(number) == 18 and id_type in (IdType.RESIDENT, IdType.HMT_RESIDENCE, IdType.FOREIGN_PERMANENT):
        digit = number[16]
        if digit.isdigit():
            return Gender.MALE if int(digit) % 2 else Gender.FEMALE
    return ""


def parse_id_type(raw: Any) -> tuple[str, str | None]:
    value = normalize.text(raw)
    if not value:
        return IdType.RESIDENT, None
    found = ID_TYPE_WORDS.get(value)
    if found is None:
        return IdType.RESIDENT, _(
            "Unknown ID type. Write 居民身份证, 港澳台居民居住证, 外国人永久居留身份证 or 护照 in the 证件类型 column."
        )
    return found, None


_GENDER_ALL = {**GENDER_WORDS, "男性": Gender.MALE, "女性": Gender.FEMALE, "MALE": Gender.MALE, "FEMALE": Gender.FEMALE}


def parse_gender(raw: Any) -> tuple[str, str | None]:
    value = normalize.text(raw).upper()
    if not value:
        return "", None
    found = _GENDER_ALL.get(value)
    if found is None:
        return "", _("Write 男 or 女 in the 性别 column.")
    return found, None


def parse_phone(raw: Any) -> tuple[str, str | None]:
    if isinstance(raw, str) and len(raw) == 11 and _MOBILE.match(raw):
        return raw, None
    value = normalize.code(raw).replace("(", "").replace(")", "")
    if not value:
        return "", None
    if value.startswith("+"):
        value = value[1:]
    if value.startswith("86") and len(value) == 13:
        value = value[2:]
    if _MOBILE.match(value) or _LANDLINE.match(value) or _HK_MO_PHONE.match(value):
        return value, None
    if value.isdigit() and len(value) == 11:
        return "", _("This mobile number does not exist (mobile numbers start with 13 to 19). Check the 手机号 column.")
    return "", _(
        "The phone number should be an 11-digit mobile number (or a landline with its area code). Check the 手机号 column."
    )
