"""Reads about sign-ups: the pilots open to a student, sign-ups awaiting a department,
the registration list (报名名单).

Each read takes the user and goes through ``onex.core.scoping``. A student's own record
(registrations with seats and certificates) is read in ``onex.credentials.selectors``,
which owns the highest of those rows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Count, F, Q, QuerySet, Value
from django.db.models.functions import Replace
from django.utils.translation import gettext_lazy as _

from onex.core import crypto
from onex.core.scoping import scope_queryset
from onex.org.models import Student
from onex.pilots.models import Pilot, PilotStatus, Registration

if TYPE_CHECKING:
    from onex.accounts.models import User


class SignUpStatus:
    APPLIED = "applied"
    APPROVED = "approved"
    FILED = "filed"
    WITHDRAWN = "withdrawn"

    LABELS = {
        APPLIED: _("Applied, awaiting the department"),
        APPROVED: _("Approved by the department"),
        FILED: _("Filed on the national platform"),
        WITHDRAWN: _("Withdrawn"),
    }


def _status_of(withdrawn_on: Any, filed_on: Any, department_approved_on: Any) -> str:
    if withdrawn_on is not None:
        return SignUpStatus.WITHDRAWN
    if filed_on is not None:
        return SignUpStatus.FILED
    if department_approved_on is not None:
        return SignUpStatus.APPROVED
    return SignUpStatus.APPLIED


def sign_up_status(registration: Registration) -> str:
    return _status_of(registration.withdrawn_on, registration.filed_on, registration.department_approved_on)


def row_status(row: dict[str, Any]) -> str:
    """``sign_up_status`` of a value row of ``registration_list``."""
    return _status_of(row["withdrawn_on"], row["filed_on"], row["department_approved_on"])


def pending_q(prefix: str = "") -> Q:
    """Sign-ups no one has decided on: not withdrawn, approved or filed."""
    return Q(
        **{
            f"{prefix}withdrawn_on__isnull": True,
            f"{prefix}department_approved_on__isnull": True,
            f"{prefix}filed_on__isnull": True,
        }
    )


def student_of(user: User) -> Student | None:
    if user.student_id is None:
        return None
    return Student.objects.select_related("class_group__major").filter(pk=user.student_id).first()


def open_pilots_for_student(*, student: Student) -> QuerySet[Pilot]:
    """Pilots open for sign-up, offered to the student's major, with places left, not yet signed up for."""
    group = student.class_group
    if group is None:
        return Pilot.objects.none()
    signed_up = Registration.objects.filter(student=student).values("pilot_id")
    return (
        Pilot.objects.filter(
            institution_id=student.institution_id,
            status=PilotStatus.OPEN,
            majors=group.major_id,
        )
        .exclude(pk__in=signed_up)
        .annotate(taken=Count("registration", filter=Q(registration__withdrawn_on__isnull=True), distinct=True))
        .filter(Q(quota__isnull=True) | Q(taken__lt=F("quota")))
        .select_related("certificate__organization", "department")
        .order_by("-year", "certificate__name_pinyin", "level")
    )


def open_pilot_for_student(*, student: Student, pk: int) -> Pilot | None:
    return open_pilots_for_student(student=student).filter(pk=pk).first()


# Sign-ups are decided while the pilot takes candidates; later, undecided ones are history.
DECIDING_STATUSES = (PilotStatus.OPEN, PilotStatus.TRAINING)


def pending_registrations(*, user: User) -> QuerySet[Registration]:
    """Sign-ups awaiting a decision, of the pilots the user's department (or, for the office, institution) runs."""
    return (
        scope_queryset(Registration.objects.filter(pending_q(), pilot__status__in=DECIDING_STATUSES), user)
        .select_related("pilot__certificate", "pilot__department", "student__class_group")
        .order_by("applied_on", "pilot__certificate__name_pinyin", "student__name_pinyin", "id")
    )


# ---------------------------------------------------------------- the registration list (报名名单)


class ListStatus:
    """The list's status filter: not yet filed, filed, withdrawn."""

    APPLIED = "applied"
    FILED = "filed"
    WITHDRAWN = "withdrawn"

    LABELS = {
        APPLIED: _("Applied, not yet filed"),
        FILED: _("Filed on the national platform"),
        WITHDRAWN: _("Withdrawn"),
    }
    CONDITIONS = {
        APPLIED: Q(filed_on__isnull=True, withdrawn_on__isnull=True),
        FILED: Q(filed_on__isnull=False, withdrawn_on__isnull=True),
        WITHDRAWN: Q(withdrawn_on__isnull=False),
    }


LIST_PAGE_SIZE = 50
# The columns a row needs, read as plain values: no model instances, never the encrypted ID number.
# The pilot's year, level and certificate come from ``registration_list_pilots``, read once per page.
LIST_COLUMNS = (
    "id",
    "pilot_id",
    "trainee_type",
    "applied_on",
    "department_approved_on",
    "filed_on",
    "withdrawn_on",
    "student__name",
    "student__student_number",
    "student__id_number_masked",
    "student__class_group__name",
)
ID_NUMBER_LENGTHS = (15, 18)


@dataclass(frozen=True)
class RegistrationFilters:
    year: int | None = None
    pilot_id: int | None = None
    status: str = ""
    search: str = ""


@dataclass
class RegistrationPage:
    rows: list[dict[str, Any]]
    # Keyset cursors: the id to read older rows from (下一页) and newer rows from (上一页).
    older_than: int | None
    newer_than: int | None


def registration_list_pilots(*, user: User) -> list[Mapping[str, Any]]:
    """The pilots of the user's list (id, year, level, certificate name), newest year first, certificates in pinyin order."""
    return list(
        scope_queryset(Pilot.objects.all(), user)
        .order_by("-year", "certificate__name_pinyin", "level", "id")
        .values("id", "year", "level", certificate_name=F("certificate__name"))
    )


def _pinyin_letters(value: Any) -> Any:
    # "zhang1 san1" -> "zhangsan": people type pinyin without tone numbers or spaces.
    for ch in "012345 ":
        value = Replace(value, Value(ch), Value(""))
    return value


def _search_q(term: str, user: User) -> Q:
    students = Student.objects.all()
    if not user.is_superuser and user.institution_id is not None:
        students = students.filter(institution_id=user.institution_id)
    match = Q(name__icontains=term) | Q(student_number__icontains=term)
    letters = term.replace(" ", "").lower()
    if letters.isascii() and letters.isalpha():
        students = students.annotate(pinyin_letters=_pinyin_letters(F("name_pinyin")))
        match |= Q(pinyin_letters__contains=letters)
    if len(term) in ID_NUMBER_LENGTHS:
        # A full ID number finds its student through the lookup hash, never by decrypting.
        match |= Q(id_number_hash=crypto.lookup_hash(term))
    return Q(student_id__in=students.filter(match).values("pk"))


def registration_list(
    *, user: User, filters: RegistrationFilters, pilots: Sequence[Mapping[str, Any]]
) -> QuerySet[Registration, dict[str, Any]]:
    """The user's registrations matching the filters, as value rows, newest first.

    ``pilots`` are the user's, from ``registration_list_pilots`` (through ``scope_queryset``).
    A registration is in a user's scope exactly when its pilot is (``Registration``
    scopes through ``pilot__``), so the rows are those of the pilots' ids, narrowed by
    the year and pilot filters. On ids the database knows how many rows each pilot
    has: it reads a small pilot through its index instead of walking the whole
    table backwards looking for its rows.
    """
    ids = [
        p["id"]
        for p in pilots
        if (filters.year is None or p["year"] == filters.year)
        and (filters.pilot_id is None or p["id"] == filters.pilot_id)
    ]
    qs = Registration.objects.filter(pilot_id__in=ids)
    if filters.status in ListStatus.CONDITIONS:
        qs = qs.filter(ListStatus.CONDITIONS[filters.status])
    if filters.search:
        qs = qs.filter(_search_q(filters.search, user))
    return qs.order_by("-id").values(*LIST_COLUMNS)


def registration_page(
    *,
    user: User,
    filters: RegistrationFilters,
    pilots: Sequence[Mapping[str, Any]],
    older_than: int | None = None,
    newer_than: int | None = None,
    size: int = LIST_PAGE_SIZE,
) -> RegistrationPage:
    """One page of the list in one indexed range read along the primary key; no count."""
    qs = registration_list(user=user, filters=filters, pilots=pilots)
    if newer_than is not None:
        rows = list(qs.filter(id__gt=newer_than).order_by("id")[: size + 1])
        more = len(rows) > size
        if not more and len(rows) < size:
            # Back at the newest rows with a short page: show the first page whole instead.
            return registration_page(user=user, filters=filters, pilots=pilots, size=size)
        rows = rows[:size][::-1]
        return RegistrationPage(
            rows=rows,
            older_than=rows[-1]["id"] if rows else None,
            newer_than=rows[0]["id"] if rows and more else None,
        )
    if older_than is not None:
        qs = qs.filter(id__lt=older_than)
    rows = list(qs[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return RegistrationPage(
        rows=rows,
        older_than=rows[-1]["id"] if rows and more else None,
        newer_than=rows[0]["id"] if rows and older_than is not None else None,
    )
