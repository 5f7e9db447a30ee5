"""Every URL pattern of the project, asked with GET by every role, against a table.

The table below holds one row per route (or per glob of routes) and one answer
per role, in the order of ``ROLES``:

    anon  student  teacher  coord_other  finance  office2  office  leader  province  coord  province_other

Answers: ``200``, ``403``, ``404``, ``405`` (POST-only), ``302`` (a redirect
elsewhere) and ``L`` (a redirect to a login page). Parameters are filled with
rows of institution A, department 农学系 (admin_world side ``a``): ``office2``
is the office of institution B, ``coord_other`` the coordinator of A's other
department and ``province_other`` a province user of another province, so their
404s prove that ids of others give nothing; ``coord`` is the coordinator of 农学系
itself, who sees the department's rows. A route that no
row matches fails the test with its name and the answers it gave.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django_otp.plugins.otp_totp.models import TOTPDevice

from onex.accounts.services import api_token_issue, user_create
from onex.accounts.tests.admin_world import AdminWorldTestCase
from onex.core.roles import Role
from onex.credentials.codes import new_verify_code
from onex.notices.services import notice_publish
from onex.ops.tests.urlmatrix import ROLES, USER_OF, all_routes, concrete_url, params_of, parse_answers, row_for
from onex.reports.document import report_document
from testsupport.base import PASSWORD

# The back office by family of model. Staff columns only (anonymous, students and
# teachers are always sent to the admin login page):
#                        coord_other finance office2 office leader province coord province_other
ADMIN_FAMILIES: dict[str, dict[str, str]] = {
    # Packages' own models: the superuser's alone (history redirects when the row is out of reach).
    "superuser only": {
        "changelist": "403 403 403 403 403 403 403 403",
        "add": "403 403 403 403 403 403 403 403",
        "change": "403 403 403 403 403 403 403 403",
        "history": "302|403 302|403 302|403 302|403 302|403 302|403 302|403 302|403",
        "delete": "403 403 403 403 403 403 403 403",
    },
    "users": {
        "changelist": "403 403 200 200 403 403 403 403",
        "add": "403 403 200 200 403 403 403 403",
        "change": "403 403 404 200 403 403 403 403",
        "history": "404 403 404 200 403 403 403 404",
        "delete": "403 403 403 403 403 403 403 403",
    },
    "records nobody writes": {
        "changelist": "403 403 200 200 200 200 403 200",
        "add": "403 403 403 403 403 403 403 403",
        "change": "403 403 404 200 200 200 403 404",
        "history": "403 403 404 200 200 200 403 404",
        "delete": "403 403 403 403 403 403 403 403",
    },
    "institutions": {
        "changelist": "200 200 200 200 200 200 200 200",
        "add": "403 403 403 403 403 403 403 403",
        "change": "200 200 404 200 200 200 200 404",
        "history": "200 200 404 200 200 200 200 404",
        "delete": "403 403 403 403 403 403 403 403",
    },
    "national catalog": {
        "changelist": "200 200 200 200 200 200 200 200",
        "add": "403 403 403 403 403 200 403 200",
        "change": "200 200 200 200 200 200 200 200",
        "history": "200 200 200 200 200 200 200 200",
        "delete": "403 403 403 403 403 200 403 200",
    },
    "department's, office writes": {
        "changelist": "200 200 200 200 200 200 200 200",
        "add": "403 403 200 200 403 403 403 403",
        "change": "404 200 404 200 200 200 200 404",
        "history": "404 200 404 200 200 200 200 404",
        "delete": "403 403 404 200 403 403 403 403",
    },
    "department's people and courses, not finance's": {
        "changelist": "200 403 200 200 200 200 200 200",
        "add": "403 403 200 200 403 403 403 403",
        "change": "404 403 404 200 200 200 200 404",
        "history": "404 403 404 200 200 200 200 404",
        "delete": "403 403 404 200 403 403 403 403",
    },
    # Written by services on the work pages: read-only here for every role.
    "institution-wide, written by services": {
        "changelist": "200 200 200 200 200 200 200 200",
        "add": "403 403 403 403 403 403 403 403",
        "change": "200 200 404 200 200 200 200 404",
        "history": "200 200 404 200 200 200 200 404",
        "delete": "403 403 403 403 403 403 403 403",
    },
    "department's, written by services": {
        "changelist": "200 200 200 200 200 200 200 200",
        "add": "403 403 403 403 403 403 403 403",
        "change": "404 200 404 200 200 200 200 404",
        "history": "404 200 404 200 200 200 200 404",
        "delete": "403 403 403 403 403 403 403 403",
    },
    "department's, not finance's, written by services": {
        "changelist": "200 403 200 200 200 200 200 200",
        "add": "403 403 403 403 403 403 403 403",
        "change": "404 403 404 200 200 200 200 404",
        "history": "404 403 404 200 200 200 200 404",
        "delete": "403 403 403 403 403 403 403 403",
    },
    "budgets": {
        "changelist": "403 200 200 200 200 200 403 200",
        "add": "403 403 403 403 403 403 403 403",
        "change": "403 200 404 200 200 200 403 404",
        "history": "403 200 404 200 200 200 403 404",
        "delete": "403 403 403 403 403 403 403 403",
    },
    "subsidy statements, written through their pages": {
        "changelist": "200 200 200 200 200 200 200 200",
        "add": "403 403 403 403 403 403 403 403",
        "change": "404 200 404 200 200 200 200 404",
        "history": "404 200 404 200 200 200 200 404",
        "delete": "403 403 403 403 403 403 403 403",
    },
    "counts the figures keep": {
        "changelist": "200 200 200 200 200 200 200 200",
        "add": "403 403 403 403 403 403 403 403",
        "change": "404 200 404 200 200 200 200 404",
        "history": "404 200 404 200 200 200 200 404",
        "delete": "403 403 403 403 403 403 403 403",
    },
    "import jobs": {
        "changelist": "403 403 200 200 403 403 403 403",
        "add": "403 403 403 403 403 403 403 403",
        "change": "403 403 404 200 403 403 403 403",
        "history": "403 403 404 200 403 403 403 404",
        "delete": "403 403 403 403 403 403 403 403",
    },
}
ADMIN_MODELS: dict[str, str] = {
    "django_tasks_database.dbtaskresult": "superuser only",
    "axes.accessattempt": "superuser only",
    "axes.accesslog": "superuser only",
    "axes.accessfailurelog": "superuser only",
    "otp_totp.totpdevice": "superuser only",
    "auth.group": "superuser only",
    "accounts.user": "users",
    "audit.auditevent": "records nobody writes",
    "notices.noticereceipt": "records nobody writes",
    "reports.annualreport": "records nobody writes",
    "reports.reportsubmission": "records nobody writes",
    "org.institution": "institutions",
    "catalog.evaluationorganization": "national catalog",
    "catalog.certificate": "national catalog",
    "catalog.skillmodule": "national catalog",
    "exams.examsite": "institution-wide, written by services",
    "exams.examroom": "institution-wide, written by services",
    "exams.siteusage": "institution-wide, written by services",
    "finance.subsidyrule": "institution-wide, written by services",
    "notices.notice": "institution-wide, written by services",
    "org.department": "department's, office writes",
    "org.major": "department's, office writes",
    "org.classgroup": "department's, office writes",
    "org.teacher": "department's, office writes",
    "pilots.pilot": "department's, office writes",
    "exams.examsession": "department's, written by services",
    "exams.assessorqualification": "department's, written by services",
    "exams.assessorassignment": "department's, written by services",
    "org.student": "department's people and courses, not finance's",
    "exams.seat": "department's, not finance's, written by services",
    "credentials.course": "department's people and courses, not finance's",
    "credentials.coursemodulemap": "department's, not finance's, written by services",
    "credentials.creditrule": "department's people and courses, not finance's",
    "pilots.registration": "department's, written by services",
    "training.trainingsession": "department's, written by services",
    "training.teachertraining": "department's, written by services",
    "finance.workloadentry": "department's, written by services",
    "training.attendance": "department's, not finance's, written by services",
    "exams.result": "department's, not finance's, written by services",
    "credentials.issuedcertificate": "department's, not finance's, written by services",
    "credentials.creditconversion": "department's, not finance's, written by services",
    "finance.budget": "budgets",
    "finance.budgetallocation": "department's, written by services",
    "finance.expense": "department's, written by services",
    "finance.subsidystatement": "subsidy statements, written through their pages",
    "finance.subsidyline": "subsidy statements, written through their pages",
    "imports.importjob": "import jobs",
    "accounts.apitoken": "import jobs",  # the same shape: the office reads its institution's
    "pilots.pilotcounts": "counts the figures keep",
}
_ADMIN_VIEWS = {
    "changelist": "",
    "add": "add/",
    "change": "<path:object_id>/change/",
    "history": "<path:object_id>/history/",
    "delete": "<path:object_id>/delete/",
}


def admin_rows() -> list[tuple[str, str]]:
    rows = []
    for label, family in ADMIN_MODELS.items():
        app, model = label.split(".")
        for view, suffix in _ADMIN_VIEWS.items():
            rows.append((f"admin/{app}/{model}/{suffix}", "L L L " + ADMIN_FAMILIES[family][view]))
    return rows


def api_rows(resource: str, list_answers: str, detail_answers: str) -> list[tuple[str, str]]:
    """A router resource: its list and detail routes, each with and without a format suffix."""
    return [
        (f"api/v1/{resource}/", list_answers),
        (f"api/v1/{resource}\\.*", list_answers),
        (f"api/v1/{resource}/(?P<pk>*", detail_answers),
    ]


# fmt: off
# Answers per role, in the order of ROLES:                  anon stu tea coo fin of2 off lea pro cod pot
TABLE: list[tuple[str, str]] = [
    # The back office: specials first, then every registered model by family (ADMIN_FAMILIES).
    ("admin/login/",                                            "200 200 200 302 302 302 302 302 302 302 302"),
    ("admin/logout/",                                           "302 302 302 405 405 405 405 405 405 405 405"),
    ("admin/autocomplete/",                                     "L   L   L   403 403 403 403 403 403 403 403"),
    ("admin/r/*",                                               "L   403 403 404 404 404 404 404 404 404 404"),
    ("admin/accounts/user/<id>/password/",                      "L   L   L   403 403 404 200 403 403 403 403"),
    ("admin/org/student/<path:object_id>/reveal-id-number/",    "L   L   L   403 403 404 200 403 403 403 403"),
    ("admin/otp_totp/totpdevice/<int:pk>/*",                    "L   L   L   403 403 403 403 403 403 403 403"),
    *admin_rows(),
    ("admin/*/*/<path:object_id>/",                             "L   L   L   302 302 302 302 302 302 302 302"),
    ("admin/(?P<url>.*)",                                       "L   L   L   404 404 404 404 404 404 404 404"),
    ("admin/",                                                  "L   L   L   200 200 200 200 200 200 200 200"),
    ("admin/search/",                                           "L   L   L   200 200 200 200 200 200 200 200"),
    ("admin/jsi18n/",                                           "L   L   L   200 200 200 200 200 200 200 200"),
    ("admin/password_change/*",                                 "L   L   L   200 200 200 200 200 200 200 200"),
    ("admin/(?P<app_label>*",                                   "L   L   L   200 200 200 200 200 200 200 200"),
    # The API: anonymous callers get 401; the shared catalog is readable by all.
    ("api/v1/auth/token/",                                      "405 405 405 405 405 405 405 405 405 405 405"),
    ("api/v1/figures/",                                         "401 403 403 400 400 400 400 400 400 400 400"),
    *api_rows("institutions",             "401 200 200 200 200 200 200 200 200 200 200", "401 404 404 200 200 404 200 200 200 200 404"),
    *api_rows("departments",              "401 200 200 200 200 200 200 200 200 200 200", "401 404 404 404 200 404 200 200 200 200 404"),
    *api_rows("majors",                   "401 200 200 200 200 200 200 200 200 200 200", "401 404 404 404 200 404 200 200 200 200 404"),
    *api_rows("students",                 "401 200 200 200 200 200 200 200 200 200 200", "401 200 404 404 200 404 200 200 200 200 404"),
    *api_rows("teachers",                 "401 200 200 200 200 200 200 200 200 200 200", "401 404 200 404 200 404 200 200 200 200 404"),
    *api_rows("evaluation-organizations", "401 200 200 200 200 200 200 200 200 200 200", "401 200 200 200 200 200 200 200 200 200 200"),
    *api_rows("certificates",             "401 200 200 200 200 200 200 200 200 200 200", "401 200 200 200 200 200 200 200 200 200 200"),
    *api_rows("pilots",                   "401 200 200 200 200 200 200 200 200 200 200", "401 200 200 404 200 404 200 200 200 200 404"),
    *api_rows("registrations",            "401 200 200 200 200 200 200 200 200 200 200", "401 200 200 404 200 404 200 200 200 200 404"),
    *api_rows("exam-sites",               "401 200 200 200 200 200 200 200 200 200 200", "401 404 404 200 200 404 200 200 200 200 404"),
    ("api/v1/",                                                 "401 200 200 200 200 200 200 200 200 200 200"),
    ("api/v1/<drf_format_suffix:format>",                       "401 200 200 200 200 200 200 200 200 200 200"),
    ("api/schema/",                                             "200 200 200 200 200 200 200 200 200 200 200"),
    ("api/docs/",                                               "200 200 200 200 200 200 200 200 200 200 200"),
    # Pages. The office has a TOTP device in this test, so it verifies rather than sets one up.
    ("i18n/setlang/",                                           "302 302 302 302 302 302 302 302 302 302 302"),
    ("accounts/login/",                                         "200 302 302 302 302 302 302 302 302 302 302"),
    ("accounts/logout/",                                        "405 405 405 405 405 405 405 405 405 405 405"),
    ("accounts/first-login/",                                   "200 302 302 302 302 302 302 302 302 302 302"),
    ("accounts/set-password/",                                  "L   302 302 302 302 302 302 302 302 302 302"),
    ("accounts/otp/",                                           "L   302 302 302 302 302 200 302 302 302 302"),
    ("accounts/otp/setup/",                                     "L   200 200 200 200 200 302 200 200 200 200"),
    ("accounts/tokens/",                                        "L   403 403 200 200 200 200 200 200 200 200"),
    ("accounts/tokens/<int:pk>/revoke/",                        "L   403 403 405 405 405 405 405 405 405 405"),
    ("imports/",                                                "L   403 403 403 403 200 200 403 403 403 403"),
    ("imports/<int:pk>/preview/",                               "L   403 403 403 403 404 302 403 403 403 403"),
    ("imports/<int:pk>/",                                       "L   403 403 403 403 404 200 403 403 403 403"),
    ("imports/<int:pk>/status/",                                "L   403 403 403 403 404 200 403 403 403 403"),
    ("imports/<int:pk>/errors/",                                "L   403 403 403 403 404 404 403 403 403 403"),
    ("imports/export/",                                         "L   403 403 403 403 405 405 403 403 403 403"),
    ("training/",                                               "L   403 403 200 403 200 200 200 200 200 200"),
    ("training/pilots/<int:pk>/",                               "L   403 403 404 403 404 200 200 200 200 404"),
    ("training/pilots/<int:pk>/sessions/",                      "L   403 403 405 403 405 405 403 403 405 403"),
    ("training/pilots/<int:pk>/series/",                        "L   403 403 405 403 405 405 403 403 405 403"),
    ("training/pilots/<int:pk>/minimum-hours/",                 "L   403 403 405 403 405 405 403 403 405 403"),
    ("training/sessions/<int:pk>/delete/",                      "L   403 403 405 403 405 405 403 403 405 403"),
    ("training/sessions/<int:pk>/attendance/",                  "L   403 200 404 403 404 200 403 403 200 403"),
    ("training/mine/",                                          "L   403 200 403 403 403 403 403 403 403 403"),
    ("training/teachers/",                                      "L   403 200 200 403 200 200 200 403 200 403"),
    ("training/teachers/record/",                               "L   403 405 405 403 405 405 403 403 405 403"),
    ("training/teachers/<int:pk>/",                             "L   403 200 404 403 404 200 200 403 200 403"),
    ("training/assessors/",                                     "L   403 403 200 403 200 200 200 403 200 403"),
    ("exams/",                                                  "L   403 200 200 403 200 200 200 200 200 200"),
    ("exams/schedule/",                                         "L   403 403 403 403 200 200 403 403 403 403"),
    ("exams/sessions/<int:pk>/",                                "L   403 200 404 403 404 200 200 200 200 404"),
    ("exams/sessions/<int:pk>/move/",                           "L   403 403 403 403 404 200 403 403 403 403"),
    ("exams/sessions/<int:pk>/delete/",                         "L   403 403 403 403 405 405 403 403 403 403"),
    ("exams/sessions/<int:pk>/assign/",                         "L   403 403 403 403 405 405 403 403 403 403"),
    ("exams/sessions/<int:pk>/assign/<int:assignment_pk>/remove/", "L   403 403 403 403 405 405 403 403 403 403"),
    ("exams/sessions/<int:pk>/seats/add/",                      "L   403 403 403 403 405 405 403 403 403 403"),
    ("exams/sessions/<int:pk>/seats/move/",                     "L   403 403 403 403 405 405 403 403 403 403"),
    ("exams/sessions/<int:pk>/seats/<int:seat_pk>/remove/",     "L   403 403 403 403 405 405 403 403 403 403"),
    ("exams/sessions/<int:pk>/sign-in.xlsx",                    "L   403 200 404 403 404 200 403 403 200 403"),
    ("exams/sessions/<int:pk>/seat-plan/",                      "L   403 200 404 403 404 200 200 200 200 404"),
    ("exams/sessions/<int:pk>/tickets/",                        "L   403 403 404 403 404 200 403 403 200 403"),
    ("exams/sessions/<int:pk>/tickets.pdf",                     "L   403 403 404 403 404 200 403 403 200 403"),
    ("exams/sites/",                                            "L   403 403 200 403 200 200 200 200 200 200"),
    ("exams/sites/new/",                                        "L   403 403 403 403 200 200 403 403 403 403"),
    ("exams/sites/<int:pk>/",                                   "L   403 403 200 403 404 200 200 200 200 404"),
    ("exams/sites/<int:pk>/edit/",                              "L   403 403 403 403 404 200 403 403 403 403"),
    ("exams/sites/<int:pk>/rooms/",                             "L   403 403 403 403 405 405 403 403 403 403"),
    ("exams/sites/<int:pk>/usage/",                             "L   403 403 403 403 405 405 403 403 403 403"),
    ("exams/qualifications/",                                   "L   403 200 200 403 200 200 200 200 200 200"),
    ("exams/pilots/<int:pk>/results/",                          "L   403 403 404 403 404 200 200 200 200 404"),
    ("exams/pilots/<int:pk>/results/pass-rule/",                "L   403 403 403 403 405 405 403 403 403 403"),
    ("exams/pilots/<int:pk>/results/approve/",                  "L   403 403 403 403 404 200 403 403 403 403"),
    # Before approval an amendment sends the office back to the grid.
    ("exams/pilots/<int:pk>/results/<int:registration_pk>/amend/", "L   403 403 403 403 404 302 403 403 403 403"),
    ("finance/",                                                "L   302 302 302 302 302 302 302 302 302 302"),
    ("finance/rules/",                                          "L   403 403 200 200 200 200 200 403 200 403"),
    ("finance/rules/set/",                                      "L   403 403 403 403 405 405 403 403 403 403"),
    ("finance/workload/",                                       "L   403 200 200 200 200 200 200 403 200 403"),
    ("finance/workload/derive/",                                "L   403 403 405 403 405 405 403 403 405 403"),
    ("finance/workload/add/",                                   "L   403 403 405 403 405 405 403 403 405 403"),
    ("finance/workload/<int:pk>/delete/",                       "L   403 403 405 403 405 405 403 403 405 403"),
    ("finance/statements/",                                     "L   403 403 200 200 200 200 200 403 200 403"),
    ("finance/statements/create/",                              "L   403 403 405 403 405 405 403 403 405 403"),
    ("finance/statements/export.xlsx",                          "L   403 403 403 200 200 200 200 403 403 403"),
    ("finance/statements/<int:pk>/",                            "L   403 403 404 200 404 200 200 403 200 403"),
    ("finance/statements/<int:pk>/refresh/",                    "L   403 403 405 403 405 405 403 403 405 403"),
    ("finance/statements/<int:pk>/department-approve/",         "L   403 403 405 403 403 403 403 403 405 403"),
    ("finance/statements/<int:pk>/office-approve/",             "L   403 403 403 403 405 405 403 403 403 403"),
    ("finance/statements/<int:pk>/pay/",                        "L   403 403 403 405 403 403 403 403 403 403"),
    ("finance/statements/<int:pk>/supersede/",                  "L   403 403 405 403 405 405 403 403 405 403"),
    ("finance/statements/<int:pk>/export.xlsx",                 "L   403 403 404 200 404 200 200 403 200 403"),
    ("finance/budget/",                                         "L   403 403 403 200 200 200 200 403 403 403"),
    ("finance/budget/create/",                                  "L   403 403 403 405 405 405 403 403 403 403"),
    ("finance/budget/allocate/",                                "L   403 403 403 405 405 405 403 403 403 403"),
    ("finance/expenses/",                                       "L   403 403 403 200 200 200 200 403 403 403"),
    ("credentials/",                                            "L   403 403 403 403 200 200 200 200 403 200"),
    ("credentials/revoke/",                                     "L   403 403 403 403 405 405 403 403 403 403"),
    ("credentials/coverage/",                                   "L   403 403 200 403 200 200 200 403 200 403"),
    ("credentials/courses/<int:pk>/modules/",                   "L   403 403 403 403 404 200 403 403 403 403"),
    ("credentials/conversions/",                                "L   403 403 200 403 200 200 200 403 200 403"),
    ("credentials/conversions/<int:pk>/decide/",                "L   403 403 403 403 405 405 403 403 403 403"),
    ("credentials/conversions/export/",                         "L   403 403 200 403 200 200 200 403 200 403"),
    ("audit/export.xlsx",                                       "L   403 403 403 403 200 200 200 200 403 200"),
    ("notices/",                                                "L   403 403 200 200 200 200 200 200 200 200"),
    ("notices/new/",                                            "L   403 403 200 403 200 200 403 403 200 403"),
    ("notices/<int:pk>/",                                       "L   403 403 200 200 404 200 200 200 200 404"),
    ("notices/mine/",                                           "L   200 200 200 200 200 200 200 200 200 200"),
    ("notices/mine/<int:pk>/",                                  "L   200 200 200 200 404 200 200 404 200 404"),
    ("reports/",                                                "L   403 403 403 403 200 200 200 302 403 302"),
    ("reports/province/",                                       "L   403 403 403 403 403 403 403 200 403 200"),
    ("reports/<str:code>/<int:year>/",                          "L   403 403 403 403 404 200 200 200 403 404"),
    ("reports/<str:code>/<int:year>/edit/",                     "L   403 403 403 403 404 200 403 403 403 403"),
    ("reports/<str:code>/<int:year>/submit/",                   "L   403 403 403 403 405 405 403 403 403 403"),
    ("reports/<str:code>/<int:year>/return/",                   "L   403 403 403 403 403 403 403 405 403 405"),
    ("reports/<str:code>/<int:year>/accept/",                   "L   403 403 403 403 403 403 403 405 403 405"),
    ("reports/<str:code>/<int:year>/report.docx",               "L   403 403 403 403 404 200 200 200 403 404"),
    ("reports/<str:code>/<int:year>/report.pdf",                "L   403 403 403 403 404 200|302 200|302 200|302 403 404"),
    ("reports/<str:code>/<int:year>/attachments/<str:which>.xlsx", "L   403 403 403 403 404 200 200 200 403 404"),
    ("reports/<str:code>/<int:year>/data/<str:table>.<str:fmt>", "L   403 403 403 403 404 200 200 200 403 404"),
    ("verify/check/",                                           "200 200 200 200 200 200 200 200 200 200 200"),
    ("verify/status/<int:number>",                              "200 200 200 200 200 200 200 200 200 200 200"),
    ("verify/<str:code>",                                       "200 200 200 200 200 200 200 200 200 200 200"),
    ("verify/<str:code>/qr.svg",                                "200 200 200 200 200 200 200 200 200 200 200"),
    ("verify/<str:code>/credential",                            "200 200 200 200 200 200 200 200 200 200 200"),
    (".well-known/did.json",                                    "200 200 200 200 200 200 200 200 200 200 200"),
    ("",                                                        "L   302 302 302 302 302 302 302 302 302 302"),
    ("office/",                                                 "L   403 403 403 403 200 200 403 403 403 403"),
    ("department/",                                             "L   403 403 200 403 403 403 403 403 200 403"),
    ("leadership/",                                             "L   403 403 403 403 403 403 200 403 403 403"),
    ("budget/",                                                 "L   403 403 403 200 403 403 403 403 403 403"),
    ("province/",                                               "L   403 403 403 403 403 403 403 200 403 200"),
    ("teaching/",                                               "L   403 200 403 403 403 403 403 403 403 403"),
    ("my/",                                                     "L   200 403 403 403 403 403 403 403 403 403"),
    ("my/pilots/<int:pk>/sign-up/",                             "L   405 403 403 403 403 403 403 403 403 403"),
    ("my/tickets/<int:pk>/",                                    "L   200 403 403 403 403 403 403 403 403 403"),
    ("sign-ups/",                                               "L   403 403 200 403 200 200 403 403 200 403"),
    ("sign-ups/<int:pk>/approve/",                              "L   403 403 405 403 405 405 403 403 405 403"),
    ("sign-ups/<int:pk>/reject/",                               "L   403 403 405 403 405 405 403 403 405 403"),
    ("pilots/registrations/",                                   "L   403 403 200 403 200 200 403 403 200 403"),
    ("pilots/registrations/export.xlsx",                        "L   403 403 200 403 200 200 403 403 200 403"),
]
# fmt: on


# Words only rows of institution A, department 农学系 carry: the student 张三 (ID number
# masked or not), the teacher 李老师, the class 畜牧2201. No page may show them to the
# office of institution B nor to a province user of another province; the coordinator of
# A's other department must not see the student.
LEAK_MARKERS = {
    "office2": ("甲职业学院", "张三", "李老师", "畜牧2201"),
    "province_other": ("甲职业学院", "张三", "李老师", "畜牧2201"),
    "coord_other": ("张三", "畜牧2201"),
}


class RouteWorld(AdminWorldTestCase):
    """The rows every route is asked about, and the values that fill each route's parameters."""

    maxDiff = None

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.api_token, _key = api_token_issue(user=cls.teacher)
        cls.group = Group.objects.create(name="测试组")
        cls.device = TOTPDevice.objects.create(user=cls.office, name="手机")
        # Real rows where the world's stand-ins are too thin for the public and province pages.
        issued = cls.world.a["credentials.issuedcertificate"]
        issued.verify_code = new_verify_code()
        issued.save(update_fields=["verify_code"])
        report = cls.world.a["reports.annualreport"]
        submission = cls.world.a["reports.reportsubmission"]
        submission.snapshot = report_document(institution=cls.inst, year=2023, report=report)
        submission.save(update_fields=["snapshot"])
        cls.notice = notice_publish(actor=cls.office, title="考前须知", body="请带身份证。", audience="everyone")
        cls.province_other = user_create(
            username="hunan", password=PASSWORD, role=Role.PROVINCE, province="湖南省", actor=None
        )

    def all_users(self) -> dict[str, Any]:
        return {**super().all_users(), "province_other": self.province_other}

    def values_for(self, route: str) -> dict[str, str]:
        a = self.world.a
        by_prefix: list[tuple[str, dict[str, Any]]] = [
            ("imports/", {"pk": a["imports.importjob"].pk}),
            ("accounts/tokens/", {"pk": self.api_token.pk}),
            ("training/pilots/", {"pk": self.pilot.pk}),
            ("training/sessions/", {"pk": a["training.trainingsession"].pk}),
            ("training/teachers/", {"pk": self.teacher_person.pk}),
            (
                "exams/sessions/",
                {
                    "pk": a["exams.examsession"].pk,
                    "assignment_pk": a["exams.assessorassignment"].pk,
                    "seat_pk": a["exams.seat"].pk,
                },
            ),
            ("exams/sites/", {"pk": a["exams.examsite"].pk}),
            ("exams/pilots/", {"pk": self.pilot.pk, "registration_pk": self.registration.pk}),
            ("finance/workload/", {"pk": a["finance.workloadentry"].pk}),
            ("finance/statements/", {"pk": a["finance.subsidystatement"].pk}),
            ("credentials/courses/", {"pk": a["credentials.course"].pk}),
            ("credentials/conversions/", {"pk": a["credentials.creditconversion"].pk}),
            ("notices/", {"pk": self.notice.pk}),
            (
                "reports/",
                {"code": self.inst.code, "year": 2023, "which": "pilots", "table": "certificates", "fmt": "csv"},
            ),
            ("my/tickets/", {"pk": a["exams.seat"].pk}),
            ("my/pilots/", {"pk": self.pilot.pk}),
            ("sign-ups/", {"pk": self.registration.pk}),
            ("verify/status/", {"number": 0}),
            ("verify/", {"code": a["credentials.issuedcertificate"].verify_code}),
            ("api/v1/institutions", {"pk": self.inst.pk}),
            ("api/v1/departments", {"pk": self.dept.pk}),
            ("api/v1/majors", {"pk": self.major.pk}),
            ("api/v1/students", {"pk": self.student_person.pk}),
            ("api/v1/teachers", {"pk": self.teacher_person.pk}),
            ("api/v1/evaluation-organizations", {"pk": self.org_.pk}),
            ("api/v1/certificates", {"pk": self.cert.pk}),
            ("api/v1/pilots", {"pk": self.pilot.pk}),
            ("api/v1/registrations", {"pk": self.registration.pk}),
            ("api/v1/exam-sites", {"pk": a["exams.examsite"].pk}),
            (
                "admin/r/",
                {"content_type_id": ContentType.objects.get_for_model(self.pilot).pk, "object_id": self.pilot.pk},
            ),
        ]
        values: dict[str, Any] = {"format": "json"}
        for prefix, given in by_prefix:
            if route.startswith(prefix):
                values.update(given)
                break
        if route.startswith("admin/") and "object_id" not in values:
            parts = route.split("/")
            label = f"{parts[1]}.{parts[2]}" if len(parts) > 2 else ""
            row = a.get(label)
            if row is None:
                row = {
                    "auth.group": self.group,
                    "otp_totp.totpdevice": self.device,
                }.get(label)
            values["object_id"] = values["pk"] = values["id"] = row.pk if row is not None else 1
            values["app_label"] = "pilots"  # the app index route lists every app as alternatives
            values["url"] = "no-such-page/"  # the catch-all route
        return {k: str(v) for k, v in values.items()}

    def setUp(self) -> None:
        super().setUp()
        self.client.raise_request_exception = False  # a crash is an answer: 500


class UrlAccessMatrix(RouteWorld):
    def answer(self, url: str, role: str = "") -> str:
        cache.clear()  # the public pages' rate limits would count every role's visit from one address
        response = self.client.get(url)
        code = response.status_code
        if code == 200 and role in LEAK_MARKERS and not getattr(response, "streaming", False):
            body = response.content.decode("utf-8", "replace")
            shown = [m for m in LEAK_MARKERS[role] if m in body]
            if shown:
                self.leaks.append(f"{url} shows {role} {shown}")
        if code in (301, 302):
            location = response.headers.get("Location", "")
            if "/accounts/login/" in location or "/admin/login/" in location:
                return "L"
            return "302"
        return str(code)

    def walk(self, routes: list[str]) -> None:
        missing: list[str] = []
        wrong: list[str] = []
        self.leaks: list[str] = []
        users = self.all_users()
        for route in routes:
            url = concrete_url(route, self.values_for(route))
            got: dict[str, str] = {}
            for role in ROLES:
                if role == "anon":
                    self.client.logout()
                else:
                    self.client.force_login(users[USER_OF[role]])
                # Public pages (anonymous 200: verification by code) are the same for everyone.
                got[role] = self.answer(url, "" if got.get("anon") == "200" else role)
            row = row_for(route, TABLE)
            if row is None:
                missing.append(f'    ("{route}", "{" ".join(got[r] for r in ROLES)}"),  # {url}')
                continue
            want = parse_answers(row)
            diff = {r: f"{got[r]} (want {want[r]})" for r in ROLES if got[r] not in want[r].split("|")}
            if diff:
                wrong.append(f"{route} {url}: {diff}")
        report = []
        if missing:
            report.append("Routes with no row in the table (answers given now):\n" + "\n".join(missing))
        if wrong:
            report.append("Routes that answered otherwise than the table:\n" + "\n".join(wrong))
        if self.leaks:
            report.append("Pages that show rows out of the user's scope:\n" + "\n".join(self.leaks))
        self.assertFalse(report, "\n".join(report))

    def routes(self, *, prefix: str = "", exclude: tuple[str, ...] = ()) -> list[str]:
        found = [r for r in all_routes() if r.startswith(prefix) and not r.startswith(exclude)]
        self.assertTrue(found, prefix)
        return found

    def back_office(self, first: str, last: str) -> list[str]:
        """Back-office routes whose app label starts between two letters (the walk is split to stay short)."""
        return [r for r in self.routes(prefix="admin/") if first <= (r[len("admin/") :] or "a")[0].lower() <= last]

    def test_back_office_routes_a_to_e_answer_each_role_as_the_table_says(self) -> None:
        self.walk(self.back_office("(", "e"))

    def test_back_office_routes_f_to_o_answer_each_role_as_the_table_says(self) -> None:
        self.walk(self.back_office("f", "o"))

    def test_back_office_routes_p_to_z_answer_each_role_as_the_table_says(self) -> None:
        self.walk(self.back_office("p", "z"))

    def test_the_back_office_walk_covers_every_back_office_route(self) -> None:
        walked = self.back_office("(", "e") + self.back_office("f", "o") + self.back_office("p", "z")
        self.assertEqual(sorted(walked), sorted(self.routes(prefix="admin/")))

    def test_every_api_route_answers_each_role_as_the_table_says(self) -> None:
        self.walk(self.routes(prefix="api/"))

    def test_every_other_route_answers_each_role_as_the_table_says(self) -> None:
        self.walk(self.routes(exclude=("admin/", "api/")))

    def test_every_parameter_of_every_route_is_filled(self) -> None:
        for route in all_routes():
            values = self.values_for(route)
            unfilled = [p for p in params_of(route) if p not in values]
            self.assertEqual(unfilled, [], route)

    def test_every_row_of_the_table_matches_some_route(self) -> None:
        routes = all_routes()
        from fnmatch import fnmatchcase

        unused = [glob for glob, _ in TABLE if not any(fnmatchcase(r, glob) for r in routes)]
        self.assertEqual(unused, [])
