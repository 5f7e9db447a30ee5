"""Every page that takes a form, asked with POST by every role, against a table.

The GET walk (``test_url_access``) proves who may open a page; this one proves
who may write through it. Each POST runs inside a savepoint that is rolled back,
so one role's write does not change what the next one meets. Columns:

    anon  student  teacher  coord  coord_other  finance  office2  office  leader  province  province_other

``coord`` is the coordinator of the department the rows belong to, ``coord_other``
the coordinator of the institution's other department, ``province_other`` a
province user of another province. Answers as in the GET table; ``302`` is the
page's own redirect after a handled form (an empty form is refused there with a
message), ``400`` an empty results grid, ``L`` a redirect to the login page. The
sign-up rows answer 404 to those who may decide: the world's registration is no
longer pending, and the world's pilot is not open for sign-up.
"""

from __future__ import annotations

from django.db import transaction

from onex.ops.tests.test_url_access import RouteWorld
from onex.ops.tests.urlmatrix import all_routes, concrete_url

POST_ROLES = (
    "anon",
    "student",
    "teacher",
    "coord",
    "coord_other",
    "finance",
    "office2",
    "office",
    "leader",
    "province",
    "province_other",
)

# The back office and the API have their own walks; sign-in pages and language choice take anyone's form.
NOT_PAGES = ("admin/", "api/", "accounts/", "i18n/", "verify/", ".well-known")

# fmt: off
# Answers per role, in the order of POST_ROLES:           anon stu tea coo cot fin of2 off lea pro pot
POST_TABLE: dict[str, str] = {
    "accounts/tokens/<int:pk>/revoke/":                    "L   403 403 404 404 404 404 302 404 404 404",
    "imports/":                                            "L   403 403 403 403 403 200 200 403 403 403",
    "imports/<int:pk>/preview/":                           "L   403 403 403 403 403 404 302 403 403 403",
    "imports/export/":                                     "L   403 403 403 403 403 302 302 403 403 403",
    "training/pilots/<int:pk>/sessions/":                  "L   403 403 302 404 403 404 302 403 403 403",
    "training/pilots/<int:pk>/series/":                    "L   403 403 302 404 403 404 302 403 403 403",
    "training/pilots/<int:pk>/minimum-hours/":             "L   403 403 302 404 403 404 302 403 403 403",
    "training/sessions/<int:pk>/delete/":                  "L   403 403 302 404 403 404 302 403 403 403",
    "training/sessions/<int:pk>/attendance/":              "L   403 302 302 404 403 404 302 403 403 403",
    "training/teachers/record/":                           "L   403 302 302 302 403 302 302 403 403 403",
    "exams/schedule/":                                     "L   403 403 403 403 403 200 200 403 403 403",
    "exams/sessions/<int:pk>/move/":                       "L   403 403 403 403 403 404 200 403 403 403",
    "exams/sessions/<int:pk>/delete/":                     "L   403 403 403 403 403 404 302 403 403 403",
    "exams/sessions/<int:pk>/assign/":                     "L   403 403 403 403 403 404 302 403 403 403",
    "exams/sessions/<int:pk>/assign/<int:assignment_pk>/remove/": "L   403 403 403 403 403 404 302 403 403 403",
    "exams/sessions/<int:pk>/seats/add/":                  "L   403 403 403 403 403 404 302 403 403 403",
    "exams/sessions/<int:pk>/seats/move/":                 "L   403 403 403 403 403 404 302 403 403 403",
    "exams/sessions/<int:pk>/seats/<int:seat_pk>/remove/": "L   403 403 403 403 403 404 302 403 403 403",
    "exams/sites/new/":                                    "L   403 403 403 403 403 200 200 403 403 403",
    "exams/sites/<int:pk>/edit/":                          "L   403 403 403 403 403 404 200 403 403 403",
    "exams/sites/<int:pk>/rooms/":                         "L   403 403 403 403 403 404 302 403 403 403",
    "exams/sites/<int:pk>/usage/":                         "L   403 403 403 403 403 404 302 403 403 403",
    "exams/pilots/<int:pk>/results/":                      "L   403 403 403 403 403 404 400 403 403 403",
    "exams/pilots/<int:pk>/results/pass-rule/":            "L   403 403 403 403 403 404 400 403 403 403",
    "exams/pilots/<int:pk>/results/approve/":              "L   403 403 403 403 403 404 302 403 403 403",
    "exams/pilots/<int:pk>/results/<int:registration_pk>/amend/": "L   403 403 403 403 403 404 302 403 403 403",
    "finance/rules/set/":                                  "L   403 403 403 403 403 302 302 403 403 403",
    "finance/workload/derive/":                            "L   403 403 302 302 403 302 302 403 403 403",
    "finance/workload/add/":                               "L   403 403 302 302 403 302 302 403 403 403",
    "finance/workload/<int:pk>/delete/":                   "L   403 403 302 404 403 404 302 403 403 403",
    "finance/statements/create/":                          "L   403 403 302 302 403 302 302 403 403 403",
    "finance/statements/<int:pk>/refresh/":                "L   403 403 302 404 403 404 302 403 403 403",
    "finance/statements/<int:pk>/department-approve/":     "L   403 403 302 404 403 403 403 403 403 403",
    "finance/statements/<int:pk>/office-approve/":         "L   403 403 403 403 403 404 302 403 403 403",
    "finance/statements/<int:pk>/pay/":                    "L   403 403 403 403 302 403 403 403 403 403",
    "finance/statements/<int:pk>/supersede/":              "L   403 403 302 404 403 404 302 403 403 403",
    "finance/budget/create/":                              "L   403 403 403 403 302 302 302 403 403 403",
    "finance/budget/allocate/":                            "L   403 403 403 403 302 302 302 403 403 403",
    "finance/expenses/":                                   "L   403 403 403 403 200 403 403 403 403 403",
    "credentials/revoke/":                                 "L   403 403 403 403 403 302 302 403 403 403",
    "credentials/courses/<int:pk>/modules/":               "L   403 403 403 403 403 404 200 403 403 403",
    "credentials/conversions/<int:pk>/decide/":            "L   403 403 403 403 403 404 302 403 403 403",
    "notices/mine/<int:pk>/":                              "L   302 302 302 302 302 404 302 302 404 404",
    "notices/new/":                                        "L   403 403 200 200 403 200 200 403 403 403",
    "reports/<str:code>/<int:year>/edit/":                 "L   403 403 403 403 403 404 200 403 403 403",
    "reports/<str:code>/<int:year>/submit/":               "L   403 403 403 403 403 404 302 403 403 403",
    "reports/<str:code>/<int:year>/return/":               "L   403 403 403 403 403 403 403 403 302 404",
    "reports/<str:code>/<int:year>/accept/":               "L   403 403 403 403 403 403 403 403 302 404",
    "my/pilots/<int:pk>/sign-up/":                         "L   404 403 403 403 403 403 403 403 403 403",
    "sign-ups/<int:pk>/approve/":                          "L   403 403 404 404 403 404 404 403 403 403",
    "sign-ups/<int:pk>/reject/":                           "L   403 403 404 404 403 404 404 403 403 403",
}
# fmt: on


class PostAccessMatrix(RouteWorld):
    def post_users(self) -> dict[str, object]:
        users = self.all_users()
        return {
            "student": users["student"],
            "teacher": users["teacher"],
            "coord": users["coordinator"],
            "coord_other": users["coordinator_other"],
            "finance": users["finance"],
            "office2": users["office2"],
            "office": users["office"],
            "leader": users["leader"],
            "province": users["province"],
            "province_other": self.province_other,
        }

    def posted(self, url: str) -> str:
        with transaction.atomic():
            response = self.client.post(url, {})
            transaction.set_rollback(True)
        code = response.status_code
        if code in (301, 302):
            location = response.headers.get("Location", "")
            return "L" if "/accounts/login/" in location else "302"
        return str(code)

    def test_every_page_that_takes_a_form_has_a_row(self) -> None:
        users = self.post_users()
        missing = []
        for route in all_routes():
            if route in POST_TABLE or route.startswith(NOT_PAGES):
                continue
            url = concrete_url(route, self.values_for(route))
            for user in users.values():
                self.client.force_login(user)
                if self.posted(url) not in ("403", "404", "405"):
                    missing.append(route)
                    break
        self.assertEqual(missing, [], "routes that take a form from someone but have no row")

    def test_every_write_page_answers_each_role_as_the_table_says(self) -> None:
        users = self.post_users()
        wrong = []
        for route, row in POST_TABLE.items():
            url = concrete_url(route, self.values_for(route))
            want = dict(zip(POST_ROLES, row.split(), strict=True))
            got = {}
            for role in POST_ROLES:
                if role == "anon":
                    self.client.logout()
                else:
                    self.client.force_login(users[role])
                got[role] = self.posted(url)
            diff = {r: f"{got[r]} (want {want[r]})" for r in POST_ROLES if got[r] not in want[r].split("|")}
            if diff:
                wrong.append(f"{route} {url}: {diff}")
        self.assertEqual(wrong, [])
