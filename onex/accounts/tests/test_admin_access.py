"""Every back-office view answers every role as the role policy and the scoping say.

The matrix walks ``admin.site._registry``: every registered model × every role
× changelist, add, and change of a row on each side (see admin_world). A view
that forgets its scoping shows the other side's row (200 instead of 404, or the
row in the changelist); a model without a policy row fails on its own.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from onex.accounts.tests.admin_world import AdminWorldTestCase
from onex.audit.modeladmin import ScopedModelAdmin
from onex.core.access import ADMIN_POLICY as POLICY
from onex.core.access import ADMIN_POLICY_COLUMNS as POLICY_COLUMNS
from onex.core.access import SUPERUSER_COLUMN as SUPERUSER
from onex.core.roles import Role
from onex.core.scoping import SHARED

# Users of OneXTestCase by key, with the policy column each one reads.
STAFF_KEYS = {
    "office": Role.OFFICE,
    "coordinator": Role.COORDINATOR,
    "coordinator_other": Role.COORDINATOR,
    "finance": Role.FINANCE,
    "leader": Role.LEADER,
    "province": Role.PROVINCE,
    "office2": Role.OFFICE,
    "superuser": SUPERUSER,
}
# Users who never enter the back office: the admin sends them to its login page.
OUTSIDERS = ("anonymous", "teacher", "student")


def onex_models() -> list[Any]:
    return [m for m in apps.get_models() if m.__module__.startswith("onex.")]


def admin_url(model: Any, view: str, *args: Any) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


class TheRolePolicyTable(AdminWorldTestCase):
    def test_every_registered_model_has_a_policy_row(self) -> None:
        missing = [m._meta.label_lower for m in admin.site._registry if m._meta.label_lower not in POLICY]
        self.assertEqual(missing, [])

    def test_every_policy_row_names_a_registered_model(self) -> None:
        registered = {m._meta.label_lower for m in admin.site._registry}
        self.assertEqual(sorted(set(POLICY) - registered), [])

    def test_every_model_of_the_project_is_in_the_back_office(self) -> None:
        missing = [m._meta.label_lower for m in onex_models() if m not in admin.site._registry]
        self.assertEqual(missing, [])

    def test_every_project_model_admin_is_scoped(self) -> None:
        unscoped = [
            m._meta.label_lower for m in onex_models() if not isinstance(admin.site._registry.get(m), ScopedModelAdmin)
        ]
        self.assertEqual(unscoped, [])

    def test_models_of_other_packages_are_for_the_superuser_only(self) -> None:
        for model in admin.site._registry:
            if model.__module__.startswith("onex."):
                continue
            row = POLICY[model._meta.label_lower]
            granted = {column: row[column] for column in POLICY_COLUMNS if column != SUPERUSER and row[column]}
            self.assertEqual(granted, {}, model._meta.label_lower)

    def test_the_shared_catalog_is_written_by_the_province_only(self) -> None:
        for label in ("catalog.evaluationorganization", "catalog.certificate", "catalog.skillmodule"):
            row = POLICY[label]
            for role in (Role.OFFICE, Role.COORDINATOR, Role.FINANCE, Role.LEADER):
                self.assertEqual(row[role], "v", f"{label} {role}")
            self.assertEqual(row[Role.PROVINCE], "vacd", label)

    def test_leadership_and_province_only_read_institution_data(self) -> None:
        for label, row in POLICY.items():
            self.assertIn(row[Role.LEADER], ("", "v"), label)
            if not label.startswith("catalog."):
                self.assertIn(row[Role.PROVINCE], ("", "v"), label)

    def test_nobody_writes_the_audit_trail_through_the_back_office(self) -> None:
        row = POLICY["audit.auditevent"]
        self.assertEqual({row[column] for column in POLICY_COLUMNS} - {"", "v"}, set())

    def test_money_and_department_work_are_read_only_here_for_every_role(self) -> None:
        # Their services write them on the work pages; the admin is no second write path.
        for label in (
            "finance.budget",
            "finance.budgetallocation",
            "finance.expense",
            "pilots.registration",
            "training.trainingsession",
            "training.attendance",
            "training.teachertraining",
            "finance.workloadentry",
        ):
            self.assertEqual({POLICY[label][column] for column in POLICY_COLUMNS} - {"", "v"}, set(), label)


class EveryBackOfficeViewForEveryRole(AdminWorldTestCase):
    maxDiff = None

    def user_for(self, key: str) -> Any:
        if key == "anonymous":
            return None
        if key == "superuser":
            return self.superuser
        return self.all_users()[key]

    def in_scope(self, key: str, model: Any, side: str) -> bool:
        """Independent of onex.core.scoping: what each user should see of a side's row."""
        if getattr(model, "scope_institution", None) == SHARED or key in ("province", "superuser"):
            return True
        if key == "office2":
            return side == "b"
        if side == "b":
            return False
        if key == "coordinator_other":
            return getattr(model, "scope_department", None) is None
        return True

    def expected(self, key: str, model: Any, view: str, side: str | None = None) -> int:
        if key in OUTSIDERS:
            return 302
        perms = POLICY[model._meta.label_lower][STAFF_KEYS[key]]
        if view == "changelist":
            return 200 if "v" in perms else 403
        if view == "add":
            return 200 if "a" in perms else 403
        if "v" not in perms:
            return 403
        return 200 if self.in_scope(key, model, side or "a") else 404

    def check_model(self, model: Any, failures: list[str]) -> None:
        label = model._meta.label_lower
        rows = {"a": self.world.a.get(label), "b": self.world.b.get(label)}
        project_model = model.__module__.startswith("onex.")
        if project_model:
            self.assertIsNotNone(rows["a"], f"admin_world has no row of {label}")
        for key in (*OUTSIDERS, *STAFF_KEYS):
            user = self.user_for(key)
            if user is None:
                self.client.logout()
            else:
                self.client.force_login(user)
            views: list[tuple[str, str | None]] = [("changelist", None)]
            if project_model:
                views += [("add", None), ("change", "a"), ("change", "b")]
            for view, side in views:
                args = (rows[side].pk,) if side else ()
                url = admin_url(model, view, *args)
                want = self.expected(key, model, view, side)
                got = self.client.get(url)
                if got.status_code != want:
                    failures.append(f"{label} {view} {side or ''} as {key}: got {got.status_code}, want {want}")
                if view == "changelist" and got.status_code == 200 and project_model:
                    html = got.content.decode()
                    for row_side, row in rows.items():
                        shown = admin_url(model, "change", row.pk) in html
                        if shown != self.in_scope(key, model, row_side):
                            failures.append(f"{label} changelist as {key}: side {row_side} shown={shown}")

    def check_app(self, app_label: str) -> None:
        failures: list[str] = []
        models = [m for m in admin.site._registry if m._meta.app_label == app_label]
        self.assertTrue(models, app_label)
        for model in models:
            self.check_model(model, failures)
        self.assertEqual(failures, [], "\n".join(failures))

    def test_accounts_views_answer_each_role_as_the_policy_says(self) -> None:
        self.check_app("accounts")

    def test_audit_views_answer_each_role_as_the_policy_says(self) -> None:
        self.check_app("audit")

    def test_org_views_answer_each_role_as_the_policy_says(self) -> None:
        self.check_app("org")

    def test_catalog_views_answer_each_role_as_the_policy_says(self) -> None:
        self.check_app("catalog")

    def test_pilots_views_answer_each_role_as_the_policy_says(self) -> None:
        self.check_app("pilots")

    def test_training_views_answer_each_role_as_the_policy_says(self) -> None:
        self.check_app("training")

    def test_exams_views_answer_each_role_as_the_policy_says(self) -> None:
        self.check_app("exams")

    def test_credentials_views_answer_each_role_as_the_policy_says(self) -> None:
        self.check_app("credentials")

    def test_finance_views_answer_each_role_as_the_policy_says(self) -> None:
        self.check_app("finance")

    def test_notices_views_answer_each_role_as_the_policy_says(self) -> None:
        self.check_app("notices")

    def test_reports_views_answer_each_role_as_the_policy_says(self) -> None:
        self.check_app("reports")

    def test_imports_views_answer_each_role_as_the_policy_says(self) -> None:
        self.check_app("imports")

    def test_views_of_other_packages_answer_each_role_as_the_policy_says(self) -> None:
        failures: list[str] = []
        for model in admin.site._registry:
            if not model.__module__.startswith("onex."):
                self.check_model(model, failures)
        self.assertEqual(failures, [], "\n".join(failures))

    def test_every_registered_app_is_walked(self) -> None:
        walked = {
            "accounts",
            "audit",
            "org",
            "catalog",
            "pilots",
            "training",
            "exams",
            "credentials",
            "finance",
            "notices",
            "reports",
            "imports",
        }
        onex_apps = {m._meta.app_label for m in admin.site._registry if m.__module__.startswith("onex.")}
        self.assertEqual(onex_apps - walked, set())
