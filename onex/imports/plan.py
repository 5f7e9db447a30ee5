"""What an import already finds in the database, and what it will write.

``Context`` loads the institution's students, the year's pilots and
registrations in one query each, into dicts keyed by the ID number's lookup
hash. ``Plan`` collects, row by row, the students and registrations to create
or change and the rejected rows.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from onex.catalog.models import Certificate
from onex.imports import normalize
from onex.imports.errorbook import RejectedRow
from onex.org.models import ClassGroup, Institution, Student
from onex.pilots.models import Pilot, Registration

# Student fields in the order of the tuples kept in memory.
S_ID, S_NAME, S_GENDER, S_NUMBER, S_PHONE, S_CLASS, S_TYPE = range(7)
# Registration fields likewise.
R_ID, R_APPLIED, R_FILED, R_WITHDRAWN, R_APPROVED = range(5)


class Context:
    """What the institution already has, loaded in one query per table."""

    def __init__(self, institution: Institution, year: int) -> None:
        self.pilots: dict[tuple[str, str], tuple[int, int | None]] = {}
        pilot_ids = []
        for pid, cert_name, level, quota in Pilot.objects.filter(institution=institution, year=year).values_list(
            "id", "certificate__name", "level", "quota"
        ):
            self.pilots[(normalize.text(cert_name), level)] = (pid, quota)
            pilot_ids.append(pid)
        self.catalog = {normalize.text(n) for n in Certificate.objects.values_list("name", flat=True)}
        self.students: dict[str, list[Any]] = {}
        self.numbers: dict[str, str] = {}
        for sid, h, name, gender, number, phone, class_id, id_type in Student.objects.filter(
            institution=institution
        ).values_list("id", "id_number_hash", "name", "gender", "student_number", "phone", "class_group_id", "id_type"):
            self.students[h] = [sid, name, gender, number, phone, class_id, id_type]
            if number:
                self.numbers[number] = h
        self.registrations: dict[tuple[int, int], list[Any]] = {}
        self.active: dict[int, int] = dict.fromkeys(pilot_ids, 0)
        for rid, pid, sid, applied, filed, withdrawn, approved in Registration.objects.filter(
            pilot_id__in=pilot_ids
        ).values_list(
            "id", "pilot_id", "student_id", "applied_on", "filed_on", "withdrawn_on", "department_approved_on"
        ):
            self.registrations[(pid, sid)] = [rid, applied, filed, withdrawn, approved]
            if withdrawn is None:
                self.active[pid] += 1
        self.classes = {
            normalize.text(n): cid
            for cid, n in ClassGroup.objects.filter(institution=institution).values_list("id", "name")
        }


class Plan:
    """The rows to write, and the rejected rows, gathered while checking."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.rejected: list[RejectedRow] = []
        # lookup hash -> (ID number, student fields, what RowExaminer made for a new student)
        self.new_students: dict[str, tuple[str, list[Any], tuple[str, str, str, str] | None]] = {}
        self.created: set[str] = set()  # new students already written by this import
        self.changed_students: dict[str, list[Any]] = {}
        self.new_registrations: list[tuple[str, int, dt.date, dt.date | None]] = []
        self.changed_registrations: list[tuple[int, dt.date, dt.date | None]] = []

    def reject(self, line: int, row: list[Any], errors: list[tuple[str, str]], label: dict[str, str]) -> None:
        self.rejected.append(
            RejectedRow(
                line=line,
                cells=row,
                columns={key for key, _msg in errors},
                reason="；".join(f"{label[key]}：{msg}" for key, msg in errors),
            )
        )

    def student(
        self,
        h: str,
        number: str,
        name: str,
        gender: str,
        student_number: str,
        phone: str,
        class_id: int | None,
        id_type: str,
        made: tuple[str, str, str, str] | None = None,
    ) -> bool:
        """Record the row's student; True when a student that existed before the import changes."""
        new = self.new_students.get(h)
        found = new[1] if new is not None else self.ctx.students.get(h)
        if found is None:
            self.new_students[h] = (number, [None, name, gender, student_number, phone, class_id, id_type], made)
            return False
        s: list[Any] = found
        before = tuple(s)
        s[S_NAME] = name
        s[S_TYPE] = id_type
        if gender:
            s[S_GENDER] = gender
        if student_number:
            s[S_NUMBER] = student_number
        if phone:
            s[S_PHONE] = phone
        if class_id is not None:
            s[S_CLASS] = class_id
        if new is None and tuple(s) != before:
            self.changed_students[h] = s
            return h not in self.created
        return False

    def registration(
        self, h: str, pilot_id: int, reg: list[Any] | None, filed_on: dt.date | None, today: dt.date
    ) -> str:
        if reg is None:
            applied = filed_on if filed_on and filed_on < today else today
            self.new_registrations.append((h, pilot_id, applied, filed_on))
            return "new"
        rid, applied, filed, _withdrawn, _approved = reg
        if filed_on is None or filed_on == filed:
            return "same"
        # The engine refused the rows whose filing ``filing_refusal`` forbids before getting here.
        applied = min(applied, filed_on)
        reg[1], reg[2] = applied, filed_on
        self.changed_registrations.append((rid, applied, filed_on))
        return "changed"
