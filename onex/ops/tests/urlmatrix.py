"""Walking every URL pattern of the project and asking it as a given user.

``all_routes()`` flattens ``get_resolver()`` into route strings such as
``exams/sessions/<int:pk>/seats/<int:seat_pk>/remove/``; ``concrete_url()``
fills a route's parameters with rows of institution A from ``admin_world``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from fnmatch import fnmatchcase
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern

# Columns of the table, in order.
# ``coord`` is the coordinator of the department the rows belong to, ``coord_other`` the
# coordinator of the institution's other department, ``province_other`` a province user of
# another province (湖南省; the institutions of the world are in 广东省).
ROLES = (
    "anon",
    "student",
    "teacher",
    "coord_other",
    "finance",
    "office2",
    "office",
    "leader",
    "province",
    "coord",
    "province_other",
)
# Which OneXTestCase user each column is.
USER_OF = {
    "student": "student",
    "teacher": "teacher",
    "coord_other": "coordinator_other",
    "finance": "finance",
    "office2": "office2",
    "office": "office",
    "leader": "leader",
    "province": "province",
    "coord": "coordinator",
    "province_other": "province_other",
}


def _piece(pattern: Any) -> str:
    if isinstance(pattern, RegexPattern):
        text = pattern._regex
        return text.replace("^", "").replace("$", "")
    return str(pattern)


def all_routes() -> list[str]:
    def walk(patterns: list[Any], prefix: str) -> Iterator[str]:
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + _piece(p.pattern))
            elif isinstance(p, URLPattern):
                yield prefix + _piece(p.pattern)

    seen: dict[str, None] = {}
    for route in walk(get_resolver().url_patterns, ""):
        seen.setdefault(route, None)
    return list(seen)


_PARAM = re.compile(r"<(?:(\w+):)?(\w+)>|\(\?P<(\w+)>[^)]*\)")


def params_of(route: str) -> list[str]:
    return [m.group(2) or m.group(3) for m in _PARAM.finditer(route)]


def concrete_url(route: str, values: dict[str, str]) -> str:
    def fill(m: re.Match[str]) -> str:
        converter, name = m.group(1), m.group(2) or m.group(3)
        value = values[name]
        if converter == "drf_format_suffix":
            return "." + value
        return value

    url = _PARAM.sub(fill, route)
    url = url.replace("\\.", ".").replace("/?", "")
    return "/" + url


def parse_answers(text: str) -> dict[str, str]:
    tokens = text.split()
    if len(tokens) != len(ROLES):
        raise ValueError(f"{text!r}: {len(ROLES)} answers expected, one per role {ROLES}")
    return dict(zip(ROLES, tokens, strict=True))


def row_for(route: str, table: list[tuple[str, str]]) -> str | None:
    """The first row whose glob matches the route, exactly as printed by all_routes()."""
    for glob, answers in table:
        if fnmatchcase(route, glob):
            return answers
    return None
