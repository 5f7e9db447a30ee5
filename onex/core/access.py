"""Who may do what (访问控制): the one module that decides access.

Three questions, each answered here and nowhere else:

- may this user open this page? ``PAGE_POLICY``, keyed by URL name, read by the
  ``page`` decorator that guards every view and by the sidebar
  (``onex.settings.navigation``), so a menu entry shows exactly when its page opens;
- which rows may this user see? ``onex.core.scoping.scope_queryset``;
- may this user take this action on this object (approve, amend, pay, file, ...)?
  ``may`` / ``require``, called by services, so a page, the admin, the API, an
  import and a command all get the same answer.

Roles are those of ``onex.core.roles``. A page row names who may read it (GET)
and who may write through it (POST and other unsafe methods). Every role but the
province works for one institution and needs one; a superuser passes every page
except the landing pages of one role.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import wraps
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.utils.translation import gettext_lazy as _

from onex.core.roles import STAFF_ROLES, Role

if TYPE_CHECKING:
    from onex.accounts.models import User

OFFICE, COORD, TEACHER, FIN = Role.OFFICE, Role.COORDINATOR, Role.TEACHER, Role.FINANCE
LEAD, STUDENT, PROV = Role.LEADER, Role.STUDENT, Role.PROVINCE
ALL_ROLES = frozenset(Role)
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
STAFF = STAFF_ROLES  # the roles that enter the back office


@dataclass(frozen=True)
class Rule:
    """Who may open a page: ``read`` for GET and HEAD, ``write`` for the unsafe methods."""

    read: frozenset[str]
    write: frozenset[str]
    public: bool = False  # no login needed
    superuser: bool = True  # a superuser passes (not on one role's landing page)

    def roles_for(self, method: str) -> frozenset[str]:
        return self.read if method in SAFE_METHODS else self.write


def rule(read: Iterable[str], write: Iterable[str] = (), *, superuser: bool = True) -> Rule:
    """A page read by ``read`` and written (sent a form) by ``write``; by default nobody writes: 405."""
    return Rule(frozenset(read), frozenset(write), superuser=superuser)


def form(roles: Iterable[str]) -> Rule:
    """A page with a form, shown to and sent by the same roles."""
    return rule(roles, roles)


def post(write: Iterable[str]) -> Rule:
    """A page that only takes POST (its GET answers 405 to those who may post)."""
    return rule(write, write)


PUBLIC = Rule(ALL_ROLES, ALL_ROLES, public=True)
ANY_USER = rule(ALL_ROLES)
ANY_USER_FORM = form(ALL_ROLES)
# The back office and the API decide per model and per row: the admin site by
# ``onex.audit.modeladmin``'s table, the API by the scoping of each resource.
ADMIN_SITE = rule(STAFF)

# fmt: off
PAGE_POLICY: dict[str, Rule] = {
    # Signing in and the public pages
    "set_language":                          PUBLIC,
    "login":                                 PUBLIC,
    "logout":                                PUBLIC,
    "first_login":                           PUBLIC,
    "set_password":                          ANY_USER_FORM,
    "otp_verify":                            ANY_USER_FORM,
    "otp_setup":                             ANY_USER_FORM,
    "api_tokens":                            rule(STAFF),
    "api_token_revoke":                      post(STAFF),
    "verification:verify_check":             PUBLIC,
    "verification:status_list":              PUBLIC,
    "verification:verify":                   PUBLIC,
    "verification:verify_qr":                PUBLIC,
    "verification:credential":               PUBLIC,
    "verification:did_json":                 PUBLIC,
    "api:schema":                            PUBLIC,
    "api:docs":                              PUBLIC,
    "api:token":                             PUBLIC,
    # The API: every resource is read-only and scoped row by row.
    "api:api-root":                          ANY_USER,
    "api:figures":                           rule(STAFF),
    "api:institution-list":                  ANY_USER,
    "api:institution-detail":                ANY_USER,
    "api:department-list":                   ANY_USER,
    "api:department-detail":                 ANY_USER,
    "api:major-list":                        ANY_USER,
    "api:major-detail":                      ANY_USER,
    "api:student-list":                      ANY_USER,
    "api:student-detail":                    ANY_USER,
    "api:teacher-list":                      ANY_USER,
    "api:teacher-detail":                    ANY_USER,
    "api:evaluation-organization-list":      ANY_USER,
    "api:evaluation-organization-detail":    ANY_USER,
    "api:certificate-list":                  ANY_USER,
    "api:certificate-detail":                ANY_USER,
    "api:pilot-list":                        ANY_USER,
    "api:pilot-detail":                      ANY_USER,
    "api:registration-list":                 ANY_USER,
    "api:registration-detail":               ANY_USER,
    "api:exam-site-list":                    ANY_USER,
    "api:exam-site-detail":                  ANY_USER,
    # Landing pages, one per role
    "home":                                  ANY_USER,
    "portal_office":                         rule({OFFICE}, superuser=False),
    "portal_department":                     rule({COORD}, superuser=False),
    "portal_leadership":                     rule({LEAD}, superuser=False),
    "portal_finance":                        rule({FIN}, superuser=False),
    "portal_province":                       rule({PROV}, superuser=False),
    "portal_teacher":                        rule({TEACHER}, superuser=False),
    "portal_student":                        rule({STUDENT}, superuser=False),
    "portal_student_sign_up":                post({STUDENT}),
    "portal_student_ticket":                 rule({STUDENT}),
    # Sign-ups (报名) and the registration list
    "portal_sign_ups":                       rule({OFFICE, COORD}),
    "portal_sign_up_approve":                post({OFFICE, COORD}),
    "portal_sign_up_reject":                 post({OFFICE, COORD}),
    "pilots:registrations":                  rule({OFFICE, COORD}),
    "pilots:registrations_export":           rule({OFFICE, COORD}),
    # Imports and exports
    "imports:list":                          form({OFFICE}),
    "imports:preview":                       form({OFFICE}),
    "imports:detail":                        rule({OFFICE}),
    "imports:status":                        rule({OFFICE}),
    "imports:errors":                        rule({OFFICE}),
    "imports:export":                        post({OFFICE}),
    # Training (培训)
    "training:pilots":                       rule({OFFICE, COORD, LEAD, PROV}),
    "training:pilot":                        rule({OFFICE, COORD, LEAD, PROV}),
    "training:session_create":               post({OFFICE, COORD}),
    "training:series_create":                post({OFFICE, COORD}),
    "training:minimum_hours":                post({OFFICE, COORD}),
    "training:session_delete":               post({OFFICE, COORD}),
    "training:attendance":                   form({OFFICE, COORD, TEACHER}),
    "training:mine":                         rule({TEACHER}),
    "training:teacher_trainings":            rule({OFFICE, COORD, LEAD, TEACHER}),
    "training:teacher_training_create":      post({OFFICE, COORD, TEACHER}),
    "training:teacher":                      rule({OFFICE, COORD, LEAD, TEACHER}),
    "training:assessor_pool":                rule({OFFICE, COORD, LEAD}),
    # Exams (考核): scheduling, sites, results
    "exams:sessions":                        rule({OFFICE, COORD, LEAD, PROV, TEACHER}),
    "exams:schedule":                        form({OFFICE}),
    "exams:session":                         rule({OFFICE, COORD, LEAD, PROV, TEACHER}),
    "exams:session_reschedule":              form({OFFICE}),
    "exams:session_delete":                  post({OFFICE}),
    "exams:assessor_assign":                 post({OFFICE}),
    "exams:assessor_unassign":               post({OFFICE}),
    "exams:seats_add":                       post({OFFICE}),
    "exams:seat_move":                       post({OFFICE}),
    "exams:seat_remove":                     post({OFFICE}),
    "exams:sign_in_sheet":                   rule({OFFICE, COORD, TEACHER}),
    "exams:seat_plan":                       rule({OFFICE, COORD, LEAD, PROV, TEACHER}),
    "exams:tickets":                         rule({OFFICE, COORD}),
    "exams:tickets_pdf":                     rule({OFFICE, COORD}),
    "exams:sites":                           rule({OFFICE, COORD, LEAD, PROV}),
    "exams:site_create":                     form({OFFICE}),
    "exams:site":                            rule({OFFICE, COORD, LEAD, PROV}),
    "exams:site_edit":                       form({OFFICE}),
    "exams:room_create":                     post({OFFICE}),
    "exams:usage_record":                    post({OFFICE}),
    "exams:qualifications":                  rule({OFFICE, COORD, LEAD, PROV, TEACHER}),
    "exams:results":                         rule({OFFICE, COORD, LEAD, PROV}, {OFFICE}),
    "exams:pass_rule":                       post({OFFICE}),
    "exams:results_approve":                 form({OFFICE}),
    "exams:result_amend":                    form({OFFICE}),
    # Certificates (证书) and 书证融通
    "credentials:list":                      rule({OFFICE, LEAD, PROV}),
    "credentials:revoke":                    post({OFFICE}),
    "credentials:coverage":                  rule({OFFICE, COORD, LEAD}),
    "credentials:course_modules":            form({OFFICE}),
    "credentials:conversions":               rule({OFFICE, COORD, LEAD}),
    "credentials:conversion_decide":         post({OFFICE}),
    "credentials:conversions_export":        rule({OFFICE, COORD, LEAD}),
    # Money (经费, 补助)
    "finance:index":                         ANY_USER,
    "finance:rules":                         rule({OFFICE, COORD, FIN, LEAD}),
    "finance:rule_set":                      post({OFFICE}),
    "finance:workload":                      rule({OFFICE, COORD, FIN, LEAD, TEACHER}),
    "finance:workload_derive":               post({OFFICE, COORD}),
    "finance:workload_add":                  post({OFFICE, COORD}),
    "finance:workload_delete":               post({OFFICE, COORD}),
    "finance:statements":                    rule({OFFICE, COORD, FIN, LEAD}),
    "finance:statement_create":              post({OFFICE, COORD}),
    "finance:year_export":                   rule({OFFICE, FIN, LEAD}),
    "finance:statement":                     rule({OFFICE, COORD, FIN, LEAD}),
    "finance:statement_refresh":             post({OFFICE, COORD}),
    "finance:statement_department_approve":  post({COORD}),
    "finance:statement_office_approve":      post({OFFICE}),
    "finance:statement_pay":                 post({FIN}),
    "finance:statement_supersede":           post({OFFICE, COORD}),
    "finance:statement_export":              rule({OFFICE, COORD, FIN, LEAD}),
    "finance:budget":                        rule({OFFICE, FIN, LEAD}),
    "finance:budget_create":                 post({OFFICE, FIN}),
    "finance:allocation_create":             post({OFFICE, FIN}),
    "finance:expenses":                      rule({OFFICE, FIN, LEAD}, {FIN}),
    # Notices (通知)
    "notices:list":                          rule({OFFICE, COORD, FIN, LEAD, PROV}),
    "notices:create":                        form({OFFICE, COORD}),
    "notices:detail":                        rule({OFFICE, COORD, FIN, LEAD, PROV}),
    "notices:mine":                          ANY_USER,
    "notices:read":                          ANY_USER_FORM,
    # The annual report (情况报告) and the audit trail
    "reports:index":                         rule({OFFICE, LEAD, PROV}),
    "reports:collection":                    rule({PROV}),
    "reports:detail":                        rule({OFFICE, LEAD, PROV}),
    "reports:edit":                          form({OFFICE}),
    "reports:submit":                        post({OFFICE}),
    "reports:return":                        post({PROV}),
    "reports:accept":                        post({PROV}),
    "reports:docx":                          rule({OFFICE, LEAD, PROV}),
    "reports:pdf":                           rule({OFFICE, LEAD, PROV}),
    "reports:attachment":                    rule({OFFICE, LEAD, PROV}),
    "reports:data":                          rule({OFFICE, LEAD, PROV}),
    "audit:export":                          rule({OFFICE, LEAD, PROV}),
    "admin_view_on_site":                    ADMIN_SITE,  # rows decided by the model policy and scoping
}
# fmt: on
ADMIN_NAMESPACE = "admin"


def policy_for(url_name: str) -> Rule | None:
    """The row of ``url_name``; every route of the admin site shares ``ADMIN_SITE``."""
    if url_name.split(":", 1)[0] == ADMIN_NAMESPACE:
        return ADMIN_SITE
    return PAGE_POLICY.get(url_name)


def _has_place(user: Any) -> bool:
    # Every role but the province works for one institution.
    return user.role == PROV or user.institution_id is not None


def page_allowed(user: Any, url_name: str, method: str = "GET") -> bool:
    """May ``user`` use the page named ``url_name`` with ``method``? Unknown names: nobody."""
    found = policy_for(url_name)
    if found is None:
        return False
    if found.public:
        return True
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return found.superuser
    return user.role in found.roles_for(method) and _has_place(user)


def can_post(user: Any, url_name: str) -> bool:
    """May ``user`` send a form to the page ``url_name``? (Shows its button or not.)"""
    return page_allowed(user, url_name, "POST")


def page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Guard a view by its URL name's row of ``PAGE_POLICY``: login first, then the role."""

    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        match = request.resolver_match
        name = match.view_name if match is not None else ""
        found = policy_for(name)
        if found is None:
            raise PermissionDenied(f"no access rule for {name!r}")
        if not found.public and not request.user.is_authenticated:
            from django.contrib.auth.views import redirect_to_login  # needs the apps loaded

            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        method = request.method or "GET"
        if method not in SAFE_METHODS and not found.write:
            return HttpResponseNotAllowed(list(SAFE_METHODS))  # a page that takes no form
        if not page_allowed(request.user, name, method):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    guarded.access_guarded = True  # type: ignore[attr-defined]
    return guarded


def is_guarded(view: Any) -> bool:
    """Is a URL's callback guarded by ``PAGE_POLICY``: wrapped by ``page``, or an API view checking it?"""
    if getattr(view, "access_guarded", False):
        return True
    cls = getattr(view, "cls", None)  # a REST framework view
    initkwargs = getattr(view, "initkwargs", None) or {}
    classes: Iterable[Any] = initkwargs.get("permission_classes") or getattr(cls, "permission_classes", None) or ()
    return cls is not None and any(getattr(p, "checks_page_policy", False) for p in classes)


# --- Object-level decisions -------------------------------------------------------------
#
# An action names what is done; its row says which roles may do it and how far
# the object must be theirs: "institution" (the object's institution is the
# user's), "department" (a coordinator only in their department), "province" (an
# institution of the user's province), "own" (the user's own teacher or student
# record). Department reach lets a teacher or student act only on their own.


@dataclass(frozen=True)
class Action:
    roles: frozenset[str]
    reach: str
    refusal: Any


def action(*roles: str, reach: str = "institution", refusal: Any = None) -> Action:
    return Action(frozenset(roles), reach, _("Your role may not do this.") if refusal is None else refusal)


# fmt: off
ACTIONS: dict[str, Action] = {
    # Registrations (报名 → 系部审核 → 备案)
    "registration.decide":      action(OFFICE, COORD, reach="department",
                                       refusal=_("Only the pilot's department or the 1+X office may decide on this sign-up.")),
    "registration.file":        action(OFFICE, refusal=_("Only the 1+X office files registrations.")),
    "registration.apply":       action(STUDENT, reach="own", refusal=_("Only the student signs up.")),
    # Results and certificates
    "result.record":            action(OFFICE, refusal=_("Only the 1+X office records results.")),
    "result.amend":             action(OFFICE, refusal=_("Only the 1+X office amends an approved result.")),
    "certificate.revoke":       action(OFFICE, refusal=_("Only the 1+X office revokes a certificate.")),
    "course.map":               action(OFFICE, refusal=_("Only the 1+X office maps courses to skill modules.")),
    "conversion.decide":        action(OFFICE, refusal=_("Only the 1+X office decides credit conversions.")),
    # Teachers' training records (师资培训)
    "teacher_training.record":  action(OFFICE, COORD, TEACHER, reach="department",
                                       refusal=_("You may record training only for yourself or your department's teachers.")),
    "qualification.record":     action(OFFICE, COORD, reach="department",
                                       refusal=_("A qualification is recorded by the 1+X office or your department.")),
    # Money
    "budget.write":             action(FIN, OFFICE, refusal=_("Only finance or the office sets budgets.")),
    "expense.record":           action(FIN, refusal=_("Only finance records expenses.")),
    "subsidy_rule.set":         action(OFFICE, refusal=_("Only the 1+X office sets subsidy rules.")),
    "statement.prepare":        action(OFFICE, COORD, reach="department",
                                       refusal=_("Only the office or the department's coordinator prepares a statement.")),
    "statement.department_approve": action(COORD, reach="department",
                                       refusal=_("Only the department's coordinator approves for the department.")),
    "statement.office_approve": action(OFFICE, refusal=_("Only the 1+X office approves a statement for the institution.")),
    "statement.pay":            action(FIN, refusal=_("Only finance marks a statement paid.")),
    "workload.write":           action(OFFICE, COORD, reach="department",
                                       refusal=_("Only the office or the department's coordinator records workload.")),
    # Notices, reports, users
    "notice.publish":           action(OFFICE, COORD, reach="department",
                                       refusal=_("Only the office or a department coordinator publishes notices.")),
    "report.write":             action(OFFICE, refusal=_("Only the 1+X office writes and submits its report.")),
    "report.read":              action(OFFICE, LEAD, PROV, reach="province",
                                       refusal=_("You may not read this report.")),
    "report.collect":           action(PROV, reach="province",
                                       refusal=_("Only the province collects reports of its institutions.")),
    "notice.publish_all":       action(OFFICE, refusal=_("A department may publish only to its own department.")),
    "student.reveal_id":        action(OFFICE, refusal=_("Only the 1+X office sees full ID numbers.")),
    "user.grant":               action(OFFICE, refusal=_("Only the 1+X office creates accounts.")),
    "user.grant_province":      action(refusal=_("Only a superuser may grant this role.")),
    "token.revoke":             action(OFFICE, refusal=_("Only the 1+X office of the user's institution revokes another user's API token.")),
}
# fmt: on


def _walk(obj: Any, path: str) -> Any:
    """Follow a ``scope_*`` lookup (``pilot__institution``) from an object, attribute by attribute."""
    if path == "self":
        return obj
    for part in path.split("__"):
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    return obj


def institution_of(obj: Any) -> Any:
    """The institution an object belongs to, by its model's ``scope_institution`` (an institution is its own)."""
    path = getattr(type(obj), "scope_institution", None)
    return None if path in (None, "shared") else _walk(obj, path)


def department_id_of(obj: Any) -> int | None:
    path = getattr(type(obj), "scope_department", None)
    found = None if path is None else _walk(obj, path)
    return getattr(found, "pk", found)


def is_own(user: Any, obj: Any) -> bool:
    """Is ``obj`` the user's own (their student or teacher record, by the model's ``scope_own``)?"""
    person_id = user.student_id if user.role == STUDENT else user.teacher_id if user.role == TEACHER else None
    paths = (getattr(type(obj), "scope_own", None) or {}).get(user.role) or ()
    if isinstance(paths, str):
        paths = (paths,)
    return person_id is not None and any(getattr(_walk(obj, p), "pk", _walk(obj, p)) == person_id for p in paths)


def _reaches(user: Any, row: Action, obj: Any) -> bool:
    if obj is None:
        return True
    if row.reach == "own":
        return is_own(user, obj)
    institution = institution_of(obj)
    if user.role == PROV:
        from onex.core.scoping import province_of  # the province rule is stated once, in scoping

        return institution is not None and bool(province_of(user)) and institution.province == province_of(user)
    if institution is None or institution.pk != user.institution_id:
        return False
    if row.reach == "department" and user.role == COORD:
        return user.department_id is not None and department_id_of(obj) in (user.department_id, None)
    if row.reach == "department" and user.role in (TEACHER, STUDENT):
        return is_own(user, obj)
    return True


def may(user: User | Any, name: str, obj: Any = None) -> bool:
    """May ``user`` take the action ``name`` (a key of ``ACTIONS``) on ``obj``?"""
    row = ACTIONS[name]
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if user.role not in row.roles or not _has_place(user):
        return False
    return _reaches(user, row, obj)


def require(user: User | Any, name: str, obj: Any = None) -> None:
    """Raise PermissionDenied naming the rule unless ``may(user, name, obj)``."""
    if not may(user, name, obj):
        raise PermissionDenied(ACTIONS[name].refusal)


def has_role(user: Any, roles: Iterable[str]) -> bool:
    """For a page that shows more to some of its readers (a button, a column)."""
    return bool(user.is_authenticated and (user.is_superuser or user.role in roles))


# --- The back office, model by model -----------------------------------------------------
#
# One row per model registered in the admin site. Letters: ``v`` view, ``a`` add,
# ``c`` change, ``d`` delete. Teachers and students have no column: they never
# enter the back office. A model that a service writes is read-only for every
# role, the superuser included: the admin is no second write path (people use the
# work pages, whose services check what a ModelAdmin would not). Rows are then
# limited by ``onex.core.scoping``.

W = "vacd"  # full write access
R = "v"  # read only
NO = ""  # no access

SUPERUSER_COLUMN = "superuser"
ADMIN_POLICY_COLUMNS: tuple[str, ...] = (
    Role.OFFICE,
    Role.COORDINATOR,
    Role.FINANCE,
    Role.LEADER,
    Role.PROVINCE,
    SUPERUSER_COLUMN,
)

# fmt: off
ADMIN_POLICY_TABLE: dict[str, tuple[str, str, str, str, str, str]] = {
    # model                                 office coord. fin.   leader prov.  superuser
    "accounts.user":                       ("vac", NO,    NO,    NO,    NO,    W),
    "audit.auditevent":                    (R,     NO,    NO,    R,     R,     R),
    # Institutions and people
    "org.institution":                     ("vc",  R,     R,     R,     R,     W),
    "org.department":                      (W,     R,     R,     R,     R,     W),
    "org.major":                           (W,     R,     R,     R,     R,     W),
    "org.classgroup":                      (W,     R,     R,     R,     R,     W),
    "org.student":                         (W,     R,     NO,    R,     R,     W),
    "org.teacher":                         (W,     R,     R,     R,     R,     W),
    # The national catalog: shared, edited by the province only
    "catalog.evaluationorganization":      (R,     R,     R,     R,     W,     W),
    "catalog.certificate":                 (R,     R,     R,     R,     W,     W),
    "catalog.skillmodule":                 (R,     R,     R,     R,     W,     W),
    # Pilots and registrations
    "pilots.pilot":                        (W,     R,     R,     R,     R,     W),
    # Written by onex.pilots.services (sign-up, approval, filing): read-only here.
    "pilots.registration":                 (R,     R,     R,     R,     R,     R),
    "pilots.pilotcounts":                  (R,     R,     R,     R,     R,     R),
    # Training
    # Written by onex.training.services.training_session_create: read-only here.
    "training.trainingsession":            (R,     R,     R,     R,     R,     R),
    # Written by onex.training.services.attendance_record: read-only here.
    "training.attendance":                 (R,     R,     NO,    R,     R,     R),
    # Written by onex.exams.services.teachers.teacher_training_record: read-only here.
    "training.teachertraining":            (R,     R,     R,     R,     R,     R),
    # Exams
    # Written by onex.exams.services.sites.exam_site_create / exam_site_update: read-only here.
    "exams.examsite":                      (R,     R,     R,     R,     R,     R),
    # Written by onex.exams.services.sites.exam_room_create: read-only here.
    "exams.examroom":                      (R,     R,     R,     R,     R,     R),
    # Written by onex.exams.services.sites.site_usage_record: read-only here.
    "exams.siteusage":                     (R,     R,     R,     R,     R,     R),
    # Written by onex.exams.services.scheduling.exam_sessions_schedule: read-only here.
    "exams.examsession":                   (R,     R,     R,     R,     R,     R),
    # Written by onex.exams.services.seating.seats_allocate: read-only here.
    "exams.seat":                          (R,     R,     NO,    R,     R,     R),
    # Written by onex.exams.services.teachers.teacher_training_record: read-only here.
    "exams.assessorqualification":         (R,     R,     R,     R,     R,     R),
    # Written by onex.exams.services.scheduling.assessor_assign: read-only here.
    "exams.assessorassignment":            (R,     R,     R,     R,     R,     R),
    "exams.result":                        (R,     R,     NO,    R,     R,     R),  # written by the results workflow
    # Certificates and credits
    "credentials.issuedcertificate":       (R,     R,     NO,    R,     R,     R),  # written by the results workflow
    "credentials.course":                  (W,     R,     NO,    R,     R,     W),
    # Written by onex.credentials.services.curriculum.course_modules_set: read-only here.
    "credentials.coursemodulemap":         (R,     R,     NO,    R,     R,     R),
    "credentials.creditrule":              (W,     R,     NO,    R,     R,     W),
    "credentials.creditconversion":        (R,     R,     NO,    R,     R,     R),  # written by the approval workflow
    # Money
    # Written by onex.finance.services.budgets.budget_create: read-only here.
    "finance.budget":                      (R,     NO,    R,     R,     R,     R),
    # Written by onex.finance.services.budgets.budget_allocation_create: read-only here.
    "finance.budgetallocation":            (R,     R,     R,     R,     R,     R),
    # Written by onex.finance.services.budgets.expense_create: read-only here.
    "finance.expense":                     (R,     R,     R,     R,     R,     R),
    # Written by onex.finance.services.subsidies.subsidy_rule_set: read-only here.
    "finance.subsidyrule":                 (R,     R,     R,     R,     R,     R),
    # Written by onex.finance.services.subsidies.workload_entry_add: read-only here.
    "finance.workloadentry":               (R,     R,     R,     R,     R,     R),
    "finance.subsidystatement":            (R,     R,     R,     R,     R,     R),  # written by the subsidy workflow
    "finance.subsidyline":                 (R,     R,     R,     R,     R,     R),  # written by the subsidy workflow
    # Notices and reports
    # Written by onex.notices.services.notice_publish: read-only here.
    "notices.notice":                      (R,     R,     R,     R,     R,     R),
    "notices.noticereceipt":               (R,     NO,    NO,    R,     R,     R),  # written by the portal
    "reports.annualreport":                (R,     NO,    NO,    R,     R,     R),  # written by the report workflow
    "reports.reportsubmission":            (R,     NO,    NO,    R,     R,     R),  # written by the report workflow
    "imports.importjob":                   (R,     NO,    NO,    NO,    NO,    R),  # written by the import workflow
    "accounts.apitoken":                   (R,     NO,    NO,    NO,    NO,    R),  # issued by the API, revoked on its page
    # Third-party models: system administration, superuser only (their own admin classes)
    "auth.group":                          (NO,    NO,    NO,    NO,    NO,    W),
    "django_tasks_database.dbtaskresult":  (NO,    NO,    NO,    NO,    NO,    W),
    "axes.accessattempt":                  (NO,    NO,    NO,    NO,    NO,    W),
    "axes.accesslog":                      (NO,    NO,    NO,    NO,    NO,    W),
    "axes.accessfailurelog":               (NO,    NO,    NO,    NO,    NO,    W),
    "otp_totp.totpdevice":                 (NO,    NO,    NO,    NO,    NO,    W),
}
# fmt: on

ADMIN_POLICY: dict[str, dict[str, str]] = {
    label: dict(zip(ADMIN_POLICY_COLUMNS, row, strict=True)) for label, row in ADMIN_POLICY_TABLE.items()
}


def label_of(model: type[Model]) -> str:
    return model._meta.label_lower


def allowed_actions(user: Any, model: type[Model] | str) -> str:
    """The letters of ``ADMIN_POLICY`` that ``user`` holds on ``model`` (``""`` for none)."""
    if user is None or not user.is_authenticated or not user.is_active or not user.is_staff:
        return ""
    label = model if isinstance(model, str) else label_of(model)
    row = ADMIN_POLICY.get(label)
    if row is None:
        return ""
    column = SUPERUSER_COLUMN if user.is_superuser else user.role
    return row.get(column, "")


def admin_may(user: Any, model: type[Model] | str, action: str) -> bool:
    return action in allowed_actions(user, model)
