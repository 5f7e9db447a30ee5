"""The roster import engine: read, check every row, write all valid rows in one transaction.

Designed for a hundred thousand rows: the institution's students and the
year's registrations are loaded in one query each into dicts keyed by the ID
number's lookup hash. The rows then go through in chunks: a helper process
examines each chunk (``onex.imports.examine``, run ahead by
``onex.imports.parallel``) while this process decides, in file order, what
each clean row means (the same person twice, the quota) and writes the
chunk with a few executemany statements. Everything is written inside one
transaction, so a crash at any point leaves the database as it was.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from django.utils import timezone
from django.utils.translation import gettext as _

from onex.audit.services import audit_record
from onex.core.uploads import check_spreadsheet
from onex.imports import bulk, parallel
from onex.imports.columns import ROSTER_COLUMNS, Header, column_label, find_header
from onex.imports.errorbook import write_error_workbook
from onex.imports.examine import REJECTED_LENGTH, Clean, Rejected, RowExaminer
from onex.imports.names import name_pinyin
from onex.imports.plan import (
    R_APPROVED,
    R_FILED,
    R_WITHDRAWN,
    S_CLASS,
    S_GENDER,
    S_ID,
    S_NAME,
    S_NUMBER,
    S_PHONE,
    S_TYPE,
    Context,
    Plan,
)
from onex.imports.reading import read_rows
from onex.org.models import Institution, Student
from onex.pilots.models import Registration, TraineeType
from onex.pilots.services import filing_refusal

Progress = Callable[[str, int, int], None]
CHUNK_ROWS = 5000
# Below this many rows a helper process costs more than it saves.
PARALLEL_FROM_ROWS = 10000
MAX_WARNINGS_KEPT = 200


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

    def warn(self, line: int, column: str, message: str) -> None:
        self.warning_count += 1
        if len(self.warnings) < MAX_WARNINGS_KEPT:
            self.warnings.append({"row": line, "column": column, "message": message})


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
        parallel_from_rows: int = PARALLEL_FROM_ROWS,
        chunk_rows: int = CHUNK_ROWS,
    ) -> None:
        self.institution = institution
        self.year = year
        self.filed_on = filed_on
        self.dry_run = dry_run
        self.actor = actor
        self.progress = progress or (lambda phase, done, total: None)
        self.parallel_from_rows = parallel_from_rows
        self.chunk_rows = chunk_rows
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
        plan = self.process(header, rows, summary)
        if plan.rejected and errors_path is not None:
            write_error_workbook(errors_path, header=header, rejected=plan.rejected)
            summary.errors_file = str(errors_path)
        return summary

    def process(self, header: Header, rows: list[list[Any]], summary: ImportSummary) -> Plan:
        """Check every row and, unless this is a dry run, write the valid ones.

        The caller holds the one transaction (``onex.imports.services.roster_import``).
        """
        plan = Plan(Context(self.institution, self.year))
        examiner = RowExaminer(
            ctx=plan.ctx,
            rows=rows,
            mapping=header.mapping,
            first_line=header.row_index + 2,  # 1-based number of the first data row in the file
            year=self.year,
            filed_on=self.filed_on,
            today=self.today,
        )
        decide = Decisions(plan, summary, examiner, header)
        total = len(rows)
        chunks = parallel.ahead(examiner.examine, total, self.chunk_rows, fork=total >= self.parallel_from_rows)
        writer = None if self.dry_run else Writer(self.institution.pk, plan)
        with bulk.large_cache():
            done = 0
            for examined in chunks:
                for item in examined:
                    decide(item)
                if writer is not None:
                    writer.flush()
                done = min(done + self.chunk_rows, total)
                self.progress("importing", done, total)
            summary.rejected = len(plan.rejected)
            if writer is not None:
                writer.finish()
                audit_record(
                    actor=self.actor,
                    action="registration.import",
                    target=self.institution,
                    after={"year": self.year, **summary.as_dict()},
                )
        self.progress("importing", total, total)
        return plan


class Decisions:
    """What each examined row means, taken in file order: the checks that depend on earlier rows."""

    def __init__(self, plan: Plan, summary: ImportSummary, examiner: RowExaminer, header: Header) -> None:
        self.plan = plan
        self.summary = summary
        self.examiner = examiner
        self.label = {c.key: header.label(c.key) or column_label(ROSTER_COLUMNS, c.key) for c in ROSTER_COLUMNS}
        self.seen: dict[tuple[str, int], int] = {}
        self.file_numbers: dict[str, str] = {}

    def reject(self, index: int, line: int, errors: list[tuple[str, str]]) -> None:
        self.plan.reject(line, self.examiner.padded(index), errors, self.label)

    def __call__(self, item: Clean | Rejected) -> None:
        summary, plan = self.summary, self.plan
        summary.rows += 1
        if item[2]:
            for key, message in item[2]:
                summary.warn(item[1], self.label[key], message)
        if len(item) == REJECTED_LENGTH:
            rejected = cast(Rejected, item)
            self.reject(rejected[0], rejected[1], rejected[3])
            return
        (index, line, _w, name, id_type, number, gender, student_number, phone,
         pilot_id, quota, filed_on, class_id, h, new) = cast(Clean, item)  # fmt: skip
        earlier = self.seen.get((h, pilot_id))
        if earlier is not None:
            message = _("The same person is already on row %(row)s for this certificate.") % {"row": earlier}
            self.reject(index, line, [("id_number", message)])
            return
        if student_number:
            owner = self.file_numbers.get(student_number) or plan.ctx.numbers.get(student_number)
            if owner is not None and owner != h:
                message = _("This student number belongs to another person. Check the 学号 column.")
                self.reject(index, line, [("student_number", message)])
                return
        existing_student = plan.ctx.students.get(h)
        reg = None if existing_student is None else plan.ctx.registrations.get((pilot_id, existing_student[S_ID]))
        if reg is None and quota is not None and plan.ctx.active[pilot_id] >= quota:
            message = _("The pilot's quota of %(quota)s candidates is full; this row is over the quota.") % {
                "quota": quota
            }
            self.reject(index, line, [("certificate", message)])
            return
        if reg is not None and filed_on is not None and filed_on != reg[R_FILED]:
            # Filing an existing sign-up is a workflow step: only an approved one goes to the platform.
            refusal = filing_refusal(
                department_approved_on=reg[R_APPROVED], filed_on=reg[R_FILED], withdrawn_on=reg[R_WITHDRAWN]
            )
            if refusal is not None:
                self.reject(index, line, [("filed_on", refusal)])
                return
        self.seen[(h, pilot_id)] = line
        if student_number:
            self.file_numbers[student_number] = h
        if reg is None:
            plan.ctx.active[pilot_id] += 1
        changed = plan.student(h, number, name, gender, student_number, phone, class_id, id_type, new)
        outcome = plan.registration(h, pilot_id, reg, filed_on, self.examiner.today)
        if outcome == "new":
            summary.imported += 1
        elif outcome == "changed" or changed:
            summary.updated += 1
        else:
            summary.unchanged += 1


STUDENT_COLUMNS = (
    "id",
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
)
REGISTRATION_COLUMNS = ("pilot", "student", "trainee_type", "applied_on", "filed_on", "withdrawal_reason")


class Writer:
    """Writes what the plan gathered, chunk by chunk, inside the caller's transaction."""

    def __init__(self, institution_id: int, plan: Plan) -> None:
        self.institution_id = institution_id
        self.plan = plan
        self.adapt = bulk.date_adapter()

    def flush(self) -> None:
        plan, students = self.plan, self.plan.ctx.students
        new = plan.new_students
        if new:
            ids = bulk.reserve_ids(Student, len(new))
            rows = []
            for sid, (h, (_number, s, made)) in zip(ids, new.items(), strict=True):
                assert made is not None  # the examiner makes them for every student it did not find
                pinyin = made[1] if made[0] == s[S_NAME] else name_pinyin(s[S_NAME])
                rows.append(
                    (
                        sid,
                        self.institution_id,
                        s[S_NUMBER],
                        s[S_NAME],
                        pinyin,
                        s[S_GENDER],
                        s[S_TYPE],
                        made[2],
                        h,
                        made[3],
                        s[S_PHONE],
                        s[S_CLASS],
                        False,
                    )  # fmt: skip
                )
                s[S_ID] = sid
                students[h] = s
                plan.created.add(h)
            bulk.insert_rows(Student, STUDENT_COLUMNS, rows)
            plan.new_students = {}
        if plan.new_registrations:
            adapt = self.adapt
            bulk.insert_rows(
                Registration,
                REGISTRATION_COLUMNS,
                [
                    (pilot_id, students[h][S_ID], TraineeType.SCHOOL, adapt(applied), adapt(filed), "")
                    for h, pilot_id, applied, filed in plan.new_registrations
                ],
            )
            plan.new_registrations = []

    def finish(self) -> None:
        self.flush()
        plan, adapt = self.plan, self.adapt
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
        bulk.update_rows(
            Registration,
            ("applied_on", "filed_on"),
            [(adapt(applied), adapt(filed), rid) for rid, applied, filed in plan.changed_registrations],
        )
