"""The roster import engine: read, check every row, write all valid rows at once.

Designed for a hundred thousand rows: the institution's students and the
year's registrations are loaded in one query each into dicts keyed by the ID
number's lookup hash; every row is checked in plain Python; the writes are a
few executemany statements in one transaction. Nothing is written per row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onex import crypto
from onex.audit.services import audit_record
from onex.fields import LEVEL_CHINESE, LEVEL_WORDS, Level
from onex.imports import bulk, identity, normalize, validation
from onex.imports.columns import ROSTER_COLUMNS, Header, column_label, find_header
from onex.imports.errorbook import write_error_workbook
from onex.imports.names import name_pinyin
from onex.imports.plan import S_CLASS, S_GENDER, S_ID, S_NAME, S_NUMBER, S_PHONE, S_TYPE, Context, Plan
from onex.imports.reading import read_rows
from onex.org.models import IdType, Institution, Student
from onex.pilots.models import Registration, TraineeType
from onex.uploads import check_spreadsheet

Progress = Callable[[str, int, int], None]
LEVEL_NAMES: dict[str, str] = {str(k): v for k, v in LEVEL_CHINESE.items()}
PROGRESS_EVERY = 5000

LEVEL_LOOKUP: dict[str, str] = {**LEVEL_WORDS, **{lv.value: lv.value for lv in Level}}
LEVEL_LOOKUP.update({"初": Level.JUNIOR, "中": Level.INTERMEDIATE, "高": Level.SENIOR})


@dataclass
class ImportSummary:
    rows: int = 0
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    errors_file: str | None = None
    warnings: list[dict[str, Any]] = field(default_factory=list)
    warning_count: int = 0
    mapping: dict[str, str] = field(default_factory=dict)
    header_row: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "imported": self.imported,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "errors_file": self.errors_file,
            "warnings": self.warning_count,
        }


def _level(raw: Any) -> str | None:
    value = normalize.code(raw)
    if value.endswith("级") and value not in LEVEL_LOOKUP:
        value = value[:-1]
    return LEVEL_LOOKUP.get(value) or LEVEL_LOOKUP.get(value.lower())


class RosterImport:
    def __init__(
        self,
        *,
        institution: Institution,
        year: int,
        filed_on: dt.date | None = None,
        dry_run: bool = False,
        actor: Any = None,
        progress: Progress | None = None,
    ) -> None:
        self.institution = institution
        self.year = year
        self.filed_on = filed_on
        self.dry_run = dry_run
        self.actor = actor
        self.progress = progress or (lambda phase, done, total: None)
        self.today = timezone.localdate()

    # -- reading --------------------------------------------------------------
    def load(self, path: str | Path, original_name: str) -> tuple[Header, list[list[Any]], list[Any]]:
        kind = check_spreadsheet(path, original_name)
        table = read_rows(path, kind)
        header = find_header(table, ROSTER_COLUMNS)
        return header, table[header.row_index + 1 :], table

    # -- the whole run ----------------------------------------------------------
    def run(self, path: str | Path, original_name: str, *, errors_path: str | Path | None = None) -> ImportSummary:
        header, rows, _table = self.load(path, original_name)
        summary = ImportSummary(header_row=header.row_index + 1, mapping={k: header.label(k) for k in header.mapping})
        plan = self.check(header, rows, summary)
        if not self.dry_run:
            self.write(plan, summary)
        if plan.rejected and errors_path is not None:
            write_error_workbook(errors_path, header=header, rejected=plan.rejected)
            summary.errors_file = str(errors_path)
        return summary

    # -- checking -----------------------------------------------------------------
    def check(self, header: Header, rows: list[list[Any]], summary: ImportSummary) -> Plan:
        ctx = Context(self.institution, self.year)
        plan = Plan(ctx)
        m = header.mapping
        col = {key: m.get(key) for key in (c.key for c in ROSTER_COLUMNS)}
        label = {c.key: header.label(c.key) or column_label(ROSTER_COLUMNS, c.key) for c in ROSTER_COLUMNS}
        width = max(m.values()) + 1
        first_line = header.row_index + 2  # 1-based number of the first data row in the file
        seen: dict[tuple[str, int], int] = {}
        file_numbers: dict[str, str] = {}
        total = len(rows)
        lookup_hash = identity.hasher()
        # Low-cardinality columns: each distinct cell is parsed once.
        level_cache: dict[Any, str | None] = {}
        type_cache: dict[Any, tuple[str, str | None]] = {}
        gender_cache: dict[Any, tuple[str, str | None]] = {}
        class_cache: dict[Any, str] = {}
        cert_cache: dict[Any, str] = {}
        text, code = normalize.text, normalize.code
        i_name, i_id, i_cert, i_level = m["name"], m["id_number"], m["certificate"], m["level"]  # required: present
        i_type, i_gender, i_number, i_phone = col["id_type"], col["gender"], col["student_number"], col["phone"]
        i_class, i_filed = col["class_group"], col["filed_on"]
        for index, row in enumerate(rows):
            if index % PROGRESS_EVERY == 0 and index:
                self.progress("checking", index, total)
            if len(row) < width:
                row = list(row) + [None] * (width - len(row))
            if not any(row):
                continue
            line = first_line + index
            summary.rows += 1
            errors: list[tuple[str, str]] = []

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
                summary.warning_count += 1
                if len(summary.warnings) < 200:
                    summary.warnings.append({"row": line, "column": label["id_number"], "message": warn})

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
                    errors.append(
                        (
                            "gender",
                            _(
                                "性别 says %(given)s but the ID number belongs to a %(encoded)s person. Check both columns."
                            )
                            % {
                                "given": validation.GENDER_CHINESE[gender],
                                "encoded": validation.GENDER_CHINESE[encoded],
                            },
                        )
                    )
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
                level = level_cache[raw_level] = _level(raw_level)
            if not cert_key:
                errors.append(("certificate", _("The certificate name is empty. Enter it in the 证书名称 column.")))
            if level is None:
                errors.append(("level", _("Write 初级, 中级 or 高级 in the 等级 column.")))
            if cert_key and level is not None:
                pilot = plan.ctx.pilots.get((cert_key, level))
                if pilot is None:
                    if cert_key in plan.ctx.catalog:
                        errors.append(
                            (
                                "certificate",
                                _(
                                    "The institution does not pilot %(cert)s at level %(level)s in %(year)s. Check the "
                                    "证书名称 and 等级 columns, or add the pilot first."
                                )
                                % {"cert": cert_key, "level": LEVEL_NAMES[level], "year": self.year},
                            )
                        )
                    else:
                        errors.append(
                            (
                                "certificate",
                                _("No certificate is called %(cert)s. Use the certificate's name as in the catalog.")
                                % {"cert": cert_key},
                            )
                        )

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
                    class_id = plan.ctx.classes.get(class_name)
                    if class_id is None:
                        summary.warning_count += 1
                        if len(summary.warnings) < 200:
                            summary.warnings.append(
                                {
                                    "row": line,
                                    "column": label["class_group"],
                                    "message": _(
                                        "No class is called %(name)s; the student is imported without a class."
                                    )
                                    % {"name": class_name},
                                }
                            )

            if errors:
                plan.reject(line, row, errors, label)
                continue

            assert pilot is not None
            pilot_id, quota = pilot
            h = lookup_hash(number)
            earlier = seen.get((h, pilot_id))
            if earlier is not None:
                plan.reject(
                    line,
                    row,
                    [
                        (
                            "id_number",
                            _("The same person is already on row %(row)s for this certificate.") % {"row": earlier},
                        )
                    ],
                    label,
                )
                continue
            if student_number:
                owner = file_numbers.get(student_number) or plan.ctx.numbers.get(student_number)
                if owner is not None and owner != h:
                    plan.reject(
                        line,
                        row,
                        [
                            (
                                "student_number",
                                _("This student number belongs to another person. Check the 学号 column."),
                            )
                        ],
                        label,
                    )
                    continue
            existing_student = plan.ctx.students.get(h)
            reg = None if existing_student is None else plan.ctx.registrations.get((pilot_id, existing_student[S_ID]))
            if reg is None and quota is not None and plan.ctx.active[pilot_id] >= quota:
                plan.reject(
                    line,
                    row,
                    [
                        (
                            "certificate",
                            _("The pilot's quota of %(quota)s candidates is full; this row is over the quota.")
                            % {"quota": quota},
                        )
                    ],
                    label,
                )
                continue
            seen[(h, pilot_id)] = line
            if student_number:
                file_numbers[student_number] = h
            if reg is None:
                plan.ctx.active[pilot_id] += 1
            changed = plan.student(h, number, name, gender, student_number, phone, class_id, id_type)
            outcome = plan.registration(h, pilot_id, reg, filed_on, self.today)
            if outcome == "new":
                summary.imported += 1
            elif outcome == "changed" or changed:
                summary.updated += 1
            else:
                summary.unchanged += 1
        summary.rejected = len(plan.rejected)
        self.progress("checking", total, total)
        return plan

    # -- writing ----------------------------------------------------------------------
    def write(self, plan: Plan, summary: ImportSummary) -> None:
        total = len(plan.new_students) + len(plan.new_registrations)
        encrypt = identity.Encryptor(len(plan.new_students)).encrypt
        mask = crypto.mask_id_number
        with transaction.atomic(), bulk.large_cache():
            bulk.insert_rows(
                Student,
                (
                    "institution",
                    "student_number",
                    "name",
                    "name_pinyin",
                    "gender",
                    "id_type",
                    "id_number_cipher",
                    "id_number_hash",
                    "id_number_masked",
                    "phone",
                    "class_group",
                    "is_external",
                ),
                [
                    (
                        self.institution.pk,
                        s[S_NUMBER],
                        s[S_NAME],
                        name_pinyin(s[S_NAME]),
                        s[S_GENDER],
                        s[S_TYPE],
                        encrypt(number),
                        h,
                        mask(number),
                        s[S_PHONE],
                        s[S_CLASS],
                        False,
                    )
                    for h, (number, s) in plan.new_students.items()
                ],
                progress=lambda done: self.progress("writing", done, total),
            )
            bulk.update_rows(
                Student,
                ("name", "name_pinyin", "gender", "student_number", "phone", "class_group", "id_type"),
                [
                    (
                        s[S_NAME],
                        name_pinyin(s[S_NAME]),
                        s[S_GENDER],
                        s[S_NUMBER],
                        s[S_PHONE],
                        s[S_CLASS],
                        s[S_TYPE],
                        s[S_ID],
                    )
                    for s in plan.changed_students.values()
                ],
            )
            ids = plan.ctx.students
            if plan.new_students:
                for sid, h in Student.objects.filter(institution=self.institution).values_list("id", "id_number_hash"):
                    if h in plan.new_students:
                        ids[h] = [sid]
            adapt = bulk.date_adapter()
            done_students = len(plan.new_students)
            bulk.insert_rows(
                Registration,
                (
                    "pilot",
                    "student",
                    "trainee_type",
                    "applied_on",
                    "filed_on",
                    "withdrawal_reason",
                ),
                [
                    (pilot_id, ids[h][S_ID], TraineeType.SCHOOL, adapt(applied), adapt(filed), "")
                    for h, pilot_id, applied, filed in plan.new_registrations
                ],
                progress=lambda done: self.progress("writing", done_students + done, total),
            )
            bulk.update_rows(
                Registration,
                ("applied_on", "filed_on"),
                [(adapt(applied), adapt(filed), rid) for rid, applied, filed in plan.changed_registrations],
            )
            audit_record(
                actor=self.actor,
                action="registration.import",
                target=self.institution,
                after={"year": self.year, **summary.as_dict()},
            )
