"""The checks of one roster row that need no other row: the part of an import that runs ahead.

``RowExaminer.examine`` turns a range of rows into small tuples: a rejected
row with its reasons, or a clean row with its normalised values, the ID
number's lookup hash and, for a student not yet in the database, the
encrypted and masked number and the pinyin key. It reads only what the
``Context`` loaded before the import started, so it can run in another
process (see ``onex.imports.parallel``). Checks that depend on earlier rows
(the same person twice, a student number owned by someone else, the quota)
stay in the engine, which takes the rows in file order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _

from onex.core import crypto
from onex.core.fields import LEVEL_CHINESE, LEVEL_WORDS, Level
from onex.imports import identity, normalize, validation
from onex.imports.names import name_pinyin
from onex.imports.plan import Context
from onex.org.models import IdType

LEVEL_NAMES: dict[str, str] = {str(k): v for k, v in LEVEL_CHINESE.items()}
LEVEL_LOOKUP: dict[str, str] = {**LEVEL_WORDS, **{lv.value: lv.value for lv in Level}}
LEVEL_LOOKUP.update({"初": Level.JUNIOR, "中": Level.INTERMEDIATE, "高": Level.SENIOR})

Problem = tuple[str, str]  # (column key, message)


# What ``examine`` gives per row, as plain tuples: they cross a pipe, and a tuple unpickles
# several times faster than a named tuple.
# A rejected row: (index among the data rows, line in the file, warnings, errors).
Rejected = tuple[int, int, list[Problem] | None, list[Problem]]
# A clean row: (index, line, warnings, name, id type, ID number, gender, student number, phone,
# pilot id, quota, filed on, class id, lookup hash, new), where ``new`` is, for a student the
# database does not have yet, (the name the key was made from, pinyin key, cipher, masked number).
Clean = tuple[
    int, int, list[Problem] | None, str, str, str, str, str, str,
    int, int | None, dt.date | None, int | None, str, tuple[str, str, str, str] | None,
]  # fmt: skip
REJECTED_LENGTH = 4


def level_of(raw: Any) -> str | None:
    value = normalize.code(raw)
    if value.endswith("级") and value not in LEVEL_LOOKUP:
        value = value[:-1]
    return LEVEL_LOOKUP.get(value) or LEVEL_LOOKUP.get(value.lower())


class RowExaminer:
    def __init__(
        self,
        *,
        ctx: Context,
        rows: Sequence[Sequence[Any]],
        mapping: dict[str, int],
        first_line: int,
        year: int,
        filed_on: dt.date | None,
        today: dt.date,
    ) -> None:
        self.ctx = ctx
        self.rows = rows
        self.m = mapping
        self.width = max(mapping.values()) + 1
        self.first_line = first_line
        self.year = year
        self.filed_on = filed_on
        self.today = today

    def padded(self, index: int) -> list[Any]:
        row = list(self.rows[index])
        return row + [None] * (self.width - len(row)) if len(row) < self.width else row

    def examine(self, start: int, stop: int) -> list[Rejected | Clean]:
        """The examined rows of ``rows[start:stop]``; empty rows are left out."""
        ctx, m, width = self.ctx, self.m, self.width
        text, code = normalize.text, normalize.code
        lookup_hash = identity.hasher()
        encrypt = identity.Encryptor(stop - start).encrypt
        mask = crypto.mask_id_number
        # Low-cardinality columns: each distinct cell is parsed once.
        level_cache: dict[Any, str | None] = {}
        type_cache: dict[Any, tuple[str, str | None]] = {}
        gender_cache: dict[Any, tuple[str, str | None]] = {}
        class_cache: dict[Any, str] = {}
        cert_cache: dict[Any, str] = {}
        i_name, i_id, i_cert, i_level = m["name"], m["id_number"], m["certificate"], m["level"]  # required: present
        i_type, i_gender, i_number = m.get("id_type"), m.get("gender"), m.get("student_number")
        i_phone, i_class, i_filed = m.get("phone"), m.get("class_group"), m.get("filed_on")
        out: list[Rejected | Clean] = []
        for index in range(start, stop):
            row = self.rows[index]
            if len(row) < width:
                row = list(row) + [None] * (width - len(row))
            if not any(row):
                continue
            line = self.first_line + index
            errors: list[Problem] = []
            warnings: list[Problem] = []

            name = text(row[i_name])
            if not name:
                errors.append(("name", _("The name is empty. Enter it in the 姓名 column.")))
            elif len(name) > 60:
                errors.append(("name", _("The name is longer than 60 characters. Check the 姓名 column.")))

            id_type: str = IdType.RESIDENT
            if i_type is not None:
                raw = row[i_type]
                try:
                    id_type, err = type_cache[raw]
                except (KeyError, TypeError):
                    id_type, err = type_cache[raw] = validation.parse_id_type(raw)
                if err:
                    errors.append(("id_type", err))
            number, err, warn = validation.check_id_number(row[i_id], id_type)
            if err:
                errors.append(("id_number", err))
            elif warn:
                warnings.append(("id_number", warn))

            gender = ""
            if i_gender is not None:
                raw = row[i_gender]
                try:
                    gender, err = gender_cache[raw]
                except (KeyError, TypeError):
                    gender, err = gender_cache[raw] = validation.parse_gender(raw)
                if err:
                    errors.append(("gender", err))
            if number and not err:
                encoded = validation.id_gender(number, id_type)
                if gender and encoded and gender != encoded:
                    errors.append(("gender", _gender_contradiction(gender, encoded)))
                gender = gender or encoded

            student_number = code(row[i_number]) if i_number is not None else ""
            if len(student_number) > 30:
                errors.append(("student_number", _("The student number is longer than 30 characters.")))
            phone = ""
            if i_phone is not None:
                phone, err = validation.parse_phone(row[i_phone])
                if err:
                    errors.append(("phone", err))

            pilot = None
            cert_name = row[i_cert]
            cert_key = cert_cache.get(cert_name)
            if cert_key is None:
                cert_key = cert_cache[cert_name] = text(cert_name)
            raw_level = row[i_level]
            try:
                level = level_cache[raw_level]
            except KeyError:
                level = level_cache[raw_level] = level_of(raw_level)
            if not cert_key:
                errors.append(("certificate", _("The certificate name is empty. Enter it in the 证书名称 column.")))
            if level is None:
                errors.append(("level", _("Write 初级, 中级 or 高级 in the 等级 column.")))
            if cert_key and level is not None:
                pilot = ctx.pilots.get((cert_key, level))
                if pilot is None:
                    errors.append(("certificate", self._no_pilot(cert_key, level)))

            filed_on = self.filed_on
            if i_filed is not None:
                raw = row[i_filed]
                if raw is not None and raw != "":
                    filed_on = normalize.parse_date(raw)
                    if filed_on is None:
                        errors.append(("filed_on", _("备案日期 is not a date. Write it as 2024-03-01.")))
                    elif filed_on > self.today:
                        errors.append(("filed_on", _("备案日期 is in the future.")))

            class_id = None
            if i_class is not None:
                raw = row[i_class]
                try:
                    class_name = class_cache[raw]
                except (KeyError, TypeError):
                    class_name = class_cache[raw] = text(raw)
                if class_name:
                    class_id = ctx.classes.get(class_name)
                    if class_id is None:
                        warnings.append(
                            (
                                "class_group",
                                _("No class is called %(name)s; the student is imported without a class.")
                                % {"name": class_name},
                            )
                        )

            if errors:
                out.append((index, line, warnings or None, errors))
                continue
            assert pilot is not None
            h = lookup_hash(number)
            new = None
            if h not in ctx.students:
                new = (name, name_pinyin(name), encrypt(number), mask(number))
            out.append(
                (
                    index,
                    line,
                    warnings or None,
                    name,
                    id_type,
                    number,
                    gender,
                    student_number,
                    phone,
                    pilot[0],
                    pilot[1],
                    filed_on,
                    class_id,
                    h,
                    new,
                )  # fmt: skip
            )
        return out

    def _no_pilot(self, cert_key: str, level: str) -> str:
        if cert_key in self.ctx.catalog:
            return _(
                "The institution does not pilot %(cert)s at level %(level)s in %(year)s. Check the "
                "证书名称 and 等级 columns, or add the pilot first."
            ) % {"cert": cert_key, "level": LEVEL_NAMES[level], "year": self.year}
        return _("No certificate is called %(cert)s. Use the certificate's name as in the catalog.") % {
            "cert": cert_key
        }


def _gender_contradiction(given: str, encoded: str) -> str:
    return _("性别 says %(given)s but the ID number belongs to a %(encoded)s person. Check both columns.") % {
        "given": validation.GENDER_CHINESE[given],
        "encoded": validation.GENDER_CHINESE[encoded],
    }
