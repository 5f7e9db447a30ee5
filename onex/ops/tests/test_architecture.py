"""The architecture, checked from the source (分层与写入路径).

Three rules of DESIGN.md ("Doors and layers") read from every non-test module
under ``onex/`` with ``ast``, no database needed:

- layers: an app imports only its own tier or lower ones, and the apps' import
  graph has no cycle (imports under ``if TYPE_CHECKING:`` are ignored);
- transactions: ``transaction.atomic`` appears only in services modules;
- the admin is no second write path: a model written by a service is read-only
  in the back office (``onex.core.access.ADMIN_POLICY_TABLE``) for every role.

Each checker takes sources (or a policy) and returns its findings as sentences,
so the tests below can feed it a made-up violation and read which rule it broke.
"""

from __future__ import annotations

import ast
import importlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

ONEX = Path(__file__).resolve().parents[2]

# The declared order, lowest first; apps in one tuple share a tier.
TIERS: tuple[tuple[str, ...], ...] = (
    ("core",),
    ("org", "catalog", "accounts", "audit"),
    ("pilots",),
    ("training",),
    ("exams",),
    ("credentials",),
    ("finance", "notices"),
    ("reports", "portal", "api", "imports", "ops"),
    ("demo",),
)
TIER = {app: level for level, apps in enumerate(TIERS) for app in apps}
# Above every app: settings and the root URLconf may import anything, no app may import them.
ABOVE_ALL = ("settings", "urls", "wsgi")

# Write modules named after their topic rather than ``services``: each is its app's
# service for that topic (the pages call them as they call ``services``).
SERVICE_MODULES: dict[str, str] = {
    # Not a service: the reader that finds a pilot's cached figures stale recounts them
    # under a row lock; PilotCounts has no other writer than the database triggers.
    "onex.pilots.figures": "the figures cache (PilotCounts)",
}


@dataclass(frozen=True)
class Source:
    """One module: its dotted name and its text."""

    name: str
    text: str

    @property
    def app(self) -> str:
        return self.name.split(".")[1]

    @property
    def is_package(self) -> bool:
        return self.name.endswith(".__init__")


def project_sources(root: Path = ONEX) -> list[Source]:
    """Every module under ``onex/`` except tests and migrations."""
    sources = []
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root.parent).with_suffix("").parts
        if "tests" in parts or "migrations" in parts or len(parts) < 3:
            continue  # onex/urls.py, onex/wsgi.py sit above everything
        if parts[1] in (*ABOVE_ALL, "locale"):
            continue  # the settings sit above everything; locale holds a maintenance script
        sources.append(Source(".".join(parts), path.read_text(encoding="utf-8")))
    return sources


# ------------------------------------------------------------------------------ layers


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def onex_imports(source: Source) -> list[tuple[str, int]]:
    """The ``onex.*`` modules (or names) a module imports at run time, with their line."""
    found: list[tuple[str, int]] = []
    package = source.name.split(".")[:-1]

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                for other in child.orelse:
                    visit_one(other)
                continue
            visit_one(child)

    def visit_one(node: ast.AST) -> None:
        if isinstance(node, ast.Import):
            found.extend((alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            if module == "onex":  # from onex import pilots
                found.extend((f"onex.{alias.name}", node.lineno) for alias in node.names)
            else:
                found.append((module, node.lineno))
        visit(node)

    visit(ast.parse(source.text))
    return [(name, line) for name, line in found if name.startswith("onex.")]


def layer_violations(sources: Iterable[Source]) -> list[str]:
    """Imports against the declared order: upward, into the settings or root URLconf, or of an unknown app."""
    problems = []
    for source in sources:
        if source.app not in TIER:
            problems.append(f"{source.name}: the app {source.app!r} is not in the layer order")
            continue
        for imported, line in onex_imports(source):
            target = imported.split(".")[1]
            if target == source.app:
                continue
            if target in ABOVE_ALL:
                problems.append(f"{source.name}:{line} imports {imported}, which sits above every app")
            elif target not in TIER:
                problems.append(f"{source.name}:{line} imports {imported}, an app not in the layer order")
            elif TIER[target] > TIER[source.app]:
                problems.append(
                    f"{source.name}:{line} imports {imported}: {source.app} may not import the higher app {target}"
                )
    return problems


def app_graph(sources: Iterable[Source]) -> dict[str, set[str]]:
    """Which apps each app imports (other than itself)."""
    graph: dict[str, set[str]] = {}
    for source in sources:
        for imported, _line in onex_imports(source):
            target = imported.split(".")[1]
            if target != source.app:
                graph.setdefault(source.app, set()).add(target)
    return graph


def app_cycles(graph: Mapping[str, set[str]]) -> list[str]:
    """Each cycle among apps, written ``a -> b -> a`` (found by depth-first search)."""
    cycles: list[str] = []
    done: set[str] = set()

    def walk(app: str, path: list[str]) -> None:
        for target in sorted(graph.get(app, ())):
            if target in path:
                cycle = [*path[path.index(target) :], target]
                text = " -> ".join(cycle)
                if text not in cycles:
                    cycles.append(text)
            elif target not in done:
                walk(target, [*path, target])
        done.add(app)

    for app in sorted(graph):
        if app not in done:
            walk(app, [app])
    return cycles


# ------------------------------------------------------------------------------ transactions


def is_services_module(name: str) -> bool:
    parts = name.split(".")
    return "services" in parts or name in SERVICE_MODULES


def atomic_uses(source: Source) -> list[int]:
    """The lines where a module opens a transaction (``transaction.atomic`` or an imported ``atomic``)."""
    lines = []
    for node in ast.walk(ast.parse(source.text)):
        if isinstance(node, ast.Attribute) and node.attr == "atomic":
            if isinstance(node.value, ast.Name) and node.value.id == "transaction":
                lines.append(node.lineno)
        elif isinstance(node, ast.ImportFrom) and node.module == "django.db.transaction":
            if any(alias.name == "atomic" for alias in node.names):
                lines.append(node.lineno)
    return lines


def atomic_violations(sources: Iterable[Source]) -> list[str]:
    return [
        f"{source.name}:{line} opens a transaction outside a services module"
        for source in sources
        if not is_services_module(source.name)
        for line in atomic_uses(source)
    ]


# ------------------------------------------------------------------------------ the admin

WRITE_METHODS = ("create", "bulk_create", "get_or_create", "update_or_create")


def model_labels(sources: Iterable[Source]) -> dict[str, str]:
    """``onex.<app>.models.<Class>`` -> ``<app>.<class>`` for every model class."""
    labels = {}
    for source in sources:
        if not source.name.endswith(".models"):
            continue
        for node in ast.parse(source.text).body:
            if isinstance(node, ast.ClassDef) and any(_base_name(b).endswith(("Model", "User")) for b in node.bases):
                labels[f"{source.name}.{node.name}"] = f"{source.app}.{node.name.lower()}"
    return labels


def _base_name(node: ast.expr) -> str:
    return node.attr if isinstance(node, ast.Attribute) else getattr(node, "id", "")


def service_writes(source: Source, labels: Mapping[str, str]) -> list[tuple[str, str]]:
    """(function, model label) for each ``Model(...)`` or ``Model.objects.create/bulk_create/...`` in a module."""
    tree = ast.parse(source.text)
    names: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.endswith(".models"):
            for alias in node.names:
                label = labels.get(f"{node.module}.{alias.name}")
                if label:
                    names[alias.asname or alias.name] = label
    found = []
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(function):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            if isinstance(func, ast.Name) and func.id in names:
                found.append((function.name, names[func.id]))
            elif (
                isinstance(func, ast.Attribute)
                and func.attr in WRITE_METHODS
                and isinstance(func.value, ast.Attribute)
                and func.value.attr == "objects"
                and isinstance(func.value.value, ast.Name)
                and func.value.value.id in names
            ):
                found.append((function.name, names[func.value.value.id]))
    return found


def unmapped_service_writes(sources: Sequence[Source], written: Mapping[str, str]) -> list[str]:
    labels = model_labels(sources)
    problems = []
    for source in sources:
        if not is_services_module(source.name):
            continue
        for function, label in service_writes(source, labels):
            problem = f"{source.name}.{function} writes {label}, which SERVICE_WRITTEN does not name"
            if label not in written and problem not in problems:
                problems.append(problem)
    return problems


# Each model a service writes, and the service that writes it. The admin must not
# write these: people use the work pages, whose services check what a ModelAdmin would not.
SERVICE_WRITTEN: dict[str, str] = {
    "audit.auditevent": "onex.audit.services.audit_record",
    "pilots.registration": "onex.pilots.services.registration_apply",
    "pilots.pilotcounts": "onex.pilots.figures.counts_refresh",
    "training.trainingsession": "onex.training.services.training_session_create",
    "training.attendance": "onex.training.services.attendance_record",
    "training.teachertraining": "onex.exams.services.teachers.teacher_training_record",
    "exams.examsite": "onex.exams.services.sites.exam_site_create",
    "exams.examroom": "onex.exams.services.sites.exam_room_create",
    "exams.siteusage": "onex.exams.services.sites.site_usage_record",
    "exams.examsession": "onex.exams.services.scheduling.exam_sessions_schedule",
    "exams.seat": "onex.exams.services.seating.seats_allocate",
    "exams.assessorqualification": "onex.exams.services.teachers.teacher_training_record",
    "exams.assessorassignment": "onex.exams.services.scheduling.assessor_assign",
    "exams.result": "onex.exams.services.result_record",
    "credentials.issuedcertificate": "onex.credentials.services.certificate_issue",
    "credentials.coursemodulemap": "onex.credentials.services.curriculum.course_modules_set",
    "credentials.creditconversion": "onex.credentials.services.credits.credit_conversions_propose",
    "finance.budget": "onex.finance.services.budgets.budget_create",
    "finance.budgetallocation": "onex.finance.services.budgets.budget_allocation_create",
    "finance.expense": "onex.finance.services.budgets.expense_create",
    "finance.subsidyrule": "onex.finance.services.subsidies.subsidy_rule_set",
    "finance.workloadentry": "onex.finance.services.subsidies.workload_entry_add",
    "finance.subsidystatement": "onex.finance.services.subsidies.subsidy_statement_create",
    "finance.subsidyline": "onex.finance.services.subsidies.subsidy_statement_create",
    "accounts.apitoken": "onex.accounts.services.api_token_issue",
    "notices.notice": "onex.notices.services.notice_publish",
    "notices.noticereceipt": "onex.notices.services.notice_mark_read",
    "reports.annualreport": "onex.reports.services.annual_report_save",
    "reports.reportsubmission": "onex.reports.services.annual_report_submit",
    "imports.importjob": "onex.imports.services.import_job_create",
}

# Models with a write service and no work page: the back office is where people keep
# them, so it keeps its write, through the service named (its ModelAdmin overrides save_model).
ADMIN_IS_THE_WORK_PAGE: dict[str, str] = {
    "accounts.user": "onex.accounts.services.user_create",
    "org.student": "onex.org.services.student_create",
    "org.institution": "onex.org.services.institution_create",
    "org.department": "onex.org.services.department_create",
    "org.major": "onex.org.services.major_create",
    "org.classgroup": "onex.org.services.class_group_create",
    "org.teacher": "onex.org.services.teacher_create",
}

WRITE_LETTERS = {"a": "add", "c": "change", "d": "delete"}


def admin_write_violations(
    policy: Mapping[str, Sequence[str]], columns: Sequence[str], written: Mapping[str, str]
) -> list[str]:
    """Each role the admin policy lets add, change or delete a model that a service writes."""
    problems = []
    for label, service in written.items():
        row = policy.get(label)
        if row is None:
            continue  # not in the back office at all
        for column, letters in zip(columns, row, strict=True):
            verbs = [verb for letter, verb in WRITE_LETTERS.items() if letter in letters]
            if verbs:
                problems.append(f"the admin lets {column} {'/'.join(verbs)} {label}, which {service} writes")
    return problems


def resolve(dotted: str) -> object:
    module, _sep, name = dotted.rpartition(".")
    return getattr(importlib.import_module(module), name)


# ------------------------------------------------------------------------------ the checkers fail


def test_it_reports_an_upward_import_and_nothing_else() -> None:
    sources = [
        Source("onex.pilots.selectors", "from onex.org.models import Student\nfrom onex.exams.models import Seat\n"),
    ]
    assert layer_violations(sources) == [
        "onex.pilots.selectors:2 imports onex.exams.models: pilots may not import the higher app exams"
    ]


def test_it_ignores_an_upward_import_for_type_checking_only() -> None:
    text = "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from onex.exams.models import Seat\n"
    assert layer_violations([Source("onex.pilots.selectors", text)]) == []


def test_it_reports_an_app_importing_the_settings() -> None:
    sources = [Source("onex.org.models", "from onex.settings import navigation\n")]
    assert layer_violations(sources) == ["onex.org.models:1 imports onex.settings, which sits above every app"]


def test_it_resolves_a_relative_import_to_its_app() -> None:
    sources = [Source("onex.training.views.teachers", "from ...exams import selectors\n")]
    assert layer_violations(sources) == [
        "onex.training.views.teachers:1 imports onex.exams: training may not import the higher app exams"
    ]


def test_it_finds_a_cycle_between_apps_of_one_tier() -> None:
    sources = [
        Source("onex.org.services", "from onex.audit.services import audit_record\n"),
        Source("onex.audit.services", "import onex.org.models\n"),
        Source("onex.accounts.models", "from onex.org.models import Student\n"),
    ]
    assert layer_violations(sources) == []  # one tier: only the cycle is wrong
    assert app_cycles(app_graph(sources)) == ["org -> audit -> org"]


def test_it_reports_a_transaction_opened_outside_a_services_module() -> None:
    text = "from django.db import transaction\n\n\n@transaction.atomic\ndef save():\n    pass\n"
    sources = [Source("onex.exams.views.sessions", text), Source("onex.exams.services", text)]
    assert atomic_violations(sources) == ["onex.exams.views.sessions:4 opens a transaction outside a services module"]


def test_it_reports_a_role_that_may_write_a_service_written_model() -> None:
    policy = {"exams.examsession": ("v", "vacd", "v"), "org.department": ("vacd", "v", "v")}
    written = {"exams.examsession": "onex.exams.services.scheduling.exam_sessions_schedule"}
    assert admin_write_violations(policy, ("office", "coordinator", "superuser"), written) == [
        "the admin lets coordinator add/change/delete exams.examsession, "
        "which onex.exams.services.scheduling.exam_sessions_schedule writes"
    ]


def test_it_reports_a_service_writing_a_model_missing_from_the_mapping() -> None:
    models = Source(
        "onex.exams.models", "class Seat(models.Model):\n    pass\nclass Kind(models.TextChoices):\n    A = 'a'\n"
    )
    service = Source(
        "onex.exams.services.seating",
        "from onex.exams.models import Seat\n\n\ndef seats_allocate():\n    Seat.objects.bulk_create([])\n",
    )
    assert unmapped_service_writes([models, service], {}) == [
        "onex.exams.services.seating.seats_allocate writes exams.seat, which SERVICE_WRITTEN does not name"
    ]
    assert (
        unmapped_service_writes([models, service], {"exams.seat": "onex.exams.services.seating.seats_allocate"}) == []
    )


# ------------------------------------------------------------------------------ the real tree

SOURCES = project_sources()


def test_no_app_imports_a_higher_one() -> None:
    assert layer_violations(SOURCES) == []


def test_the_apps_import_graph_has_no_cycle() -> None:
    assert app_cycles(app_graph(SOURCES)) == []


def test_transactions_are_opened_in_services_only() -> None:
    assert atomic_violations(SOURCES) == []


def test_each_topic_service_module_exists_and_opens_transactions() -> None:
    by_name = {source.name: source for source in SOURCES}
    assert [name for name in SERVICE_MODULES if name not in by_name or not atomic_uses(by_name[name])] == []


def test_each_named_write_service_exists() -> None:
    missing = []
    for label, service in {**SERVICE_WRITTEN, **ADMIN_IS_THE_WORK_PAGE}.items():
        try:
            assert callable(resolve(service))
        except (ImportError, AttributeError, AssertionError):
            missing.append(f"{label}: {service}")
    assert missing == []


def test_every_model_a_service_writes_is_named() -> None:
    named = {**SERVICE_WRITTEN, **ADMIN_IS_THE_WORK_PAGE}
    assert unmapped_service_writes(SOURCES, named) == []


def test_the_admin_writes_no_model_that_a_service_writes() -> None:
    from onex.core.access import ADMIN_POLICY_COLUMNS as POLICY_COLUMNS
    from onex.core.access import ADMIN_POLICY_TABLE as POLICY_TABLE

    assert admin_write_violations(POLICY_TABLE, POLICY_COLUMNS, SERVICE_WRITTEN) == []


def test_a_model_kept_in_the_back_office_is_not_also_in_the_read_only_mapping() -> None:
    assert sorted(set(ADMIN_IS_THE_WORK_PAGE) & set(SERVICE_WRITTEN)) == []


def test_a_model_kept_in_the_back_office_is_saved_by_its_own_save_model() -> None:
    from django.apps import apps
    from django.contrib import admin

    from onex.audit.modeladmin import ScopedModelAdmin

    generic = [
        label
        for label in ADMIN_IS_THE_WORK_PAGE
        if type(admin.site._registry[apps.get_model(label)]).save_model is ScopedModelAdmin.save_model
    ]
    assert generic == []
