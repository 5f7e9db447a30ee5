"""Importing the results workbook that the evaluation organization returns.

A results file has hundreds or a few thousand rows, so each row goes through
the audited services ``result_record`` and ``certificate_issue`` of credentials (so an amended
result takes its certificate along), each row in its own savepoint; the whole
file is one transaction, opened by ``onex.imports.services.results_import``. Candidates that match no registration of the pilot
are reported, never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import partial
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from onex.core import crypto
from onex.core.uploads import check_spreadsheet
from onex.credentials.services import certificate_issue, result_record
from onex.exams.models import Outcome, Result
from onex.exams.services import Computed, ResultLockedError, result_compute
from onex.imports import identity, normalize, validation
from onex.imports.columns import RESULT_COLUMNS, column_label, find_header
from onex.imports.errorbook import RejectedRow, write_error_workbook
from onex.imports.reading import read_rows
from onex.org.models import IdType, Student
from onex.pilots.models import Pilot, Registration

PASS_WORDS = {"合格", "通过", "及格", "PASS", "PASSED", "是", "Y"}
FAIL_WORDS = {"不合格", "未通过", "不通过", "不及格", "FAIL", "FAILED", "否", "N"}
ABSENT_WORDS = {"缺考", "缺席", "ABSENT"}
TRUE_WORDS = {"是", "缺考", "Y", "YES", "1", "√", "✓", "TRUE"}
CENT = Decimal("0.01")


@dataclass
class ResultsSummary:
    rows: int = 0
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    locked: int = 0
    certificates: int = 0
    unmatched: list[dict[str, Any]] = field(default_factory=list)
    errors_file: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "imported": self.imported,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "locked": self.locked,
            "certificates": self.certificates,
            "unmatched": self.unmatched,
            "errors_file": self.errors_file,
        }


class _RowError(Exception):
    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key
        self.message = message


def _score(raw: Any, key: str) -> Decimal | None:
    if raw is None or raw == "":
        return None
    if isinstance(raw, float | int) and not isinstance(raw, bool):
        value = Decimal(str(raw))
    else:
        text = normalize.code(raw)
        if not text or text in ABSENT_WORDS:
            return None
        try:
            value = Decimal(text)
        except InvalidOperation as exc:
            raise _RowError(key, _("A score must be a number from 0 to 100.")) from exc
    if value < 0 or value > 100:
        raise _RowError(key, _("A score must be a number from 0 to 100."))
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _is_absent(row: list[Any], col: dict[str, int | None]) -> bool:
    for key in ("outcome", "theory", "practical", "total"):
        index = col.get(key)
        if index is not None and normalize.code(row[index]).upper() in ABSENT_WORDS:
            return True
    index = col.get("absent")
    return index is not None and normalize.code(row[index]).upper() in TRUE_WORDS


def results_apply(
    *,
    path: str | Path,
    institution: Any,
    pilot: Pilot,
    original_name: str | None = None,
    amend: bool = False,
    reason: str = "",
    errors_path: str | Path | None = None,
    actor: Any = None,
    progress: Any = None,
) -> ResultsSummary:
    """Check every row and record the valid ones; the caller holds the transaction."""
    original_name = original_name or Path(path).name
    kind = check_spreadsheet(path, original_name)
    table = read_rows(path, kind)
    header = find_header(table, RESULT_COLUMNS)
    col: dict[str, int | None] = {c.key: header.mapping.get(c.key) for c in RESULT_COLUMNS}
    labels = {c.key: header.label(c.key) or column_label(RESULT_COLUMNS, c.key) for c in RESULT_COLUMNS}
    width = max(header.mapping.values()) + 1
    students = dict(Student.objects.filter(institution=institution).values_list("id_number_hash", "id"))
    registrations = {
        r.student_id: r for r in Registration.objects.filter(pilot=pilot).select_related("pilot", "student")
    }
    had_results = set(Result.objects.filter(registration__pilot=pilot).values_list("registration_id", flat=True))
    summary = ResultsSummary()
    rejected: list[RejectedRow] = []
    rows = table[header.row_index + 1 :]
    first_line = header.row_index + 2
    from onex.imports.services import row_savepoint  # the services module imports this one

    for index, row in enumerate(rows):
        if progress is not None and index % 500 == 0:
            progress("checking", index, len(rows))
        if len(row) < width:
            row = list(row) + [None] * (width - len(row))
        if not any(row):
            continue
        summary.rows += 1
        line = first_line + index
        try:
            # A savepoint per row: a row refused halfway (its certificate) leaves its result as it was.
            row_savepoint(
                partial(
                    _import_row,
                    row,
                    line,
                    col,
                    students,
                    registrations,
                    had_results,
                    pilot,
                    amend,
                    reason,
                    actor,
                    summary,
                )
            )
        except _RowError as err:
            rejected.append(RejectedRow(line, row, {err.key}, f"{labels[err.key]}：{err.message}"))
    summary.rejected = len(rejected)
    if rejected and errors_path is not None:
        write_error_workbook(errors_path, header=header, rejected=rejected)
        summary.errors_file = str(errors_path)
    return summary


def _import_row(
    row: list[Any],
    line: int,
    col: dict[str, int | None],
    students: dict[str, int],
    registrations: dict[int, Registration],
    had_results: set[int],
    pilot: Pilot,
    amend: bool,
    reason: str,
    actor: Any,
    summary: ResultsSummary,
) -> None:
    raw_id = row[col["id_number"]]  # type: ignore[index]
    if validation.id_number_mangled(raw_id):
        raise _RowError("id_number", validation.check_id_number(raw_id, IdType.RESIDENT)[1] or "")
    number = normalize.code(raw_id).upper()
    if not number:
        raise _RowError("id_number", _("The ID number is empty. Enter it in the 证件号码 column."))
    name = normalize.text(row[col["name"]])  # type: ignore[index]
    student_id = students.get(identity.lookup_hash(number))
    registration = registrations.get(student_id) if student_id is not None else None
    if registration is None:
        summary.unmatched.append({"row": line, "name": name, "id_number": crypto.mask_id_number(number)})
        return
    if name and name != registration.student.name:
        raise _RowError("name", _("The name does not match the candidate with this ID number. Check the 姓名 column."))
    computed = _computed(row, col, pilot)
    outcome = computed.outcome
    try:
        _result, changed = result_record(
            registration=registration,
            outcome=outcome,
            theory_score=computed.theory_score,
            practical_score=computed.practical_score,
            total_score=computed.total_score,
            amend=amend,
            reason=reason,
            actor=actor,
        )
    except ResultLockedError:
        summary.locked += 1
        return
    except ValidationError as exc:
        raise _RowError("outcome", " ".join(exc.messages)) from exc
    cert_changed = False
    if col["cert_number"] is not None:
        cert_number = normalize.code(row[col["cert_number"]])
        if cert_number:
            if outcome != Outcome.PASS:
                raise _RowError("cert_number", _("A certificate number is given for a candidate who did not pass."))
            issued_on = None
            if col["issued_on"] is not None and row[col["issued_on"]] not in (None, ""):
                issued_on = normalize.parse_date(row[col["issued_on"]])
                if issued_on is None:
                    raise _RowError("issued_on", _("发证日期 is not a date. Write it as 2024-03-01."))
            try:
                _cert, cert_changed = certificate_issue(
                    registration=registration, number=cert_number, issued_on=issued_on, actor=actor
                )
            except ValidationError as exc:
                raise _RowError("cert_number", " ".join(exc.messages)) from exc
    # Counted once the whole row went through: a refused row counts only as refused.
    if not changed:
        summary.unchanged += 1
    elif registration.pk in had_results:
        summary.updated += 1
    else:
        summary.imported += 1
    if cert_changed:
        summary.certificates += 1


def _computed(row: list[Any], col: dict[str, int | None], pilot: Pilot) -> Computed:
    """The row's scores and outcome by the pilot's pass rule (``result_compute``), checked against the row.

    The evaluation organization's 考核结果 is official: a row that states it without scores is taken as
    it is. A row that states it along with scores the pilot's rule judges otherwise (or a 总成绩 a point or
    more from the weighted total) is rejected rather than letting either side win silently: the pilot's
    pass mark or weights are then likely not the organization's, and the office should check them.
    """
    if _is_absent(row, col):
        return result_compute(pilot=pilot, theory_score=None, practical_score=None, absent=True)
    theory = _cell_score(row, col, "theory")
    practical = _cell_score(row, col, "practical")
    total = _cell_score(row, col, "total")
    stated = _stated_outcome(row, col)
    if theory is None and practical is None:
        return _total_only(pilot, total, stated)
    try:
        computed = result_compute(pilot=pilot, theory_score=theory, practical_score=practical, absent=False)
    except ValidationError as exc:
        key = "theory" if theory is None else "practical"
        raise _RowError(key, _("This pilot's total counts this score: fill it in, or write 缺考.")) from exc
    if total is not None and computed.total_score is not None and abs(total - computed.total_score) >= 1:
        raise _RowError(
            "total",
            _(
                "The total does not match %(computed)s, the scores weighted by this pilot's theory weight "
                "%(weight)s. Check the pilot's weights against the evaluation organization's."
            )
            % {"computed": computed.total_score, "weight": pilot.theory_weight},
        )
    if stated is not None and stated != computed.outcome:
        raise _contradiction(stated, computed.outcome)
    return computed


def _total_only(pilot: Pilot, total: Decimal | None, stated: str | None) -> Computed:
    if total is None:
        if stated is None:
            raise _RowError("outcome", _("The row has neither an outcome nor scores. Fill in 考核结果 or the scores."))
        return Computed(None, None, None, stated)
    # Judged as if each part had scored the total: the weighted total is then the total itself and each
    # part reaches the pass mark exactly when it does, so only the pass mark applies.
    judged = result_compute(pilot=pilot, theory_score=total, practical_score=total, absent=False).outcome
    # A pass still needs each counted part to pass, which a total alone does not show.
    undecided = judged == Outcome.PASS and pilot.both_parts_required and 0 < pilot.theory_weight < 1
    if stated is None:
        if undecided:
            raise _RowError(
                "outcome",
                _(
                    "This pilot requires both parts to reach the pass mark, which the total alone does not "
                    "show. Fill in 理论成绩 and 实操成绩, or 考核结果."
                ),
            )
        return Computed(None, None, total, judged)
    if not undecided and stated != judged:
        raise _contradiction(stated, judged)
    return Computed(None, None, total, stated)


def _contradiction(stated: str, computed: str) -> _RowError:
    return _RowError(
        "outcome",
        _(
            "The file says %(stated)s, but by this pilot's pass rule the scores give %(computed)s. Check the "
            "pilot's pass mark, theory weight and whether both parts must pass against the evaluation "
            "organization's."
        )
        % {"stated": Outcome(stated).label, "computed": Outcome(computed).label},
    )


def _cell_score(row: list[Any], col: dict[str, int | None], key: str) -> Decimal | None:
    index = col[key]
    return None if index is None else _score(row[index], key)


def _stated_outcome(row: list[Any], col: dict[str, int | None]) -> str | None:
    if col["outcome"] is None:
        return None
    word = normalize.code(row[col["outcome"]]).upper()
    if word in PASS_WORDS:
        return Outcome.PASS
    if word in FAIL_WORDS:
        return Outcome.FAIL
    if word:
        raise _RowError("outcome", _("Write 合格, 不合格, 通过, 未通过 or 缺考 in the 考核结果 column."))
    return None
