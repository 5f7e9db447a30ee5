"""Every route is guarded by the one page policy (onex.core.access), and every URL name has its row."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.test import SimpleTestCase
from django.urls import URLPattern, URLResolver, get_resolver

from onex.core.access import PAGE_POLICY, is_guarded, page, policy_for


def named_routes(patterns: Iterable[Any] | None = None, namespace: str | None = None) -> Iterator[tuple[str, Any]]:
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            inner = p.namespace
            full = f"{namespace}:{inner}" if namespace and inner else (inner or namespace)
            yield from named_routes(p.url_patterns, full)
        elif isinstance(p, URLPattern):
            yield (f"{namespace}:{p.name}" if namespace else str(p.name)), p.callback


def unguarded(routes: Iterable[tuple[str, Any]]) -> list[str]:
    """Routes outside the admin site with no policy row or a callback that does not check it."""
    problems = []
    for name, callback in routes:
        if name.startswith("admin:"):
            continue  # the admin site: its own door, by the model policy of onex.audit.modeladmin
        if policy_for(name) is None:
            problems.append(f"{name}: no row in PAGE_POLICY")
        elif not is_guarded(callback):
            problems.append(f"{name}: its view is not guarded by the page policy")
    return problems


def _bare_view(request: Any) -> Any:
    return None


class PagePolicyTests(SimpleTestCase):
    def test_every_route_has_a_row_and_a_guarded_view(self) -> None:
        self.assertEqual(unguarded(named_routes()), [])

    def test_a_route_without_a_row_is_reported(self) -> None:
        self.assertEqual(unguarded([("pilots:nowhere", page(_bare_view))]), ["pilots:nowhere: no row in PAGE_POLICY"])

    def test_a_view_without_the_guard_is_reported(self) -> None:
        self.assertEqual(
            unguarded([("pilots:registrations", _bare_view)]),
            ["pilots:registrations: its view is not guarded by the page policy"],
        )

    def test_every_row_names_a_route(self) -> None:
        names = {name for name, _view in named_routes()}
        self.assertEqual(sorted(set(PAGE_POLICY) - names), [])
