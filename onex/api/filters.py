"""Query-string filters for the list endpoints, declared once per view.

A view lists its filters in ``filter_params``; the backend applies them and
describes them in the OpenAPI schema.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NoReturn

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework.exceptions import ValidationError
from rest_framework.filters import BaseFilterBackend
from rest_framework.request import Request

# Ids and years fit a 32-bit integer; larger values never match and would overflow the database.
MAX_ID = 2**31 - 1


@dataclass(frozen=True)
class Param:
    """One query parameter: ``?name=value`` filters on ``lookup``."""

    name: str
    lookup: str
    description: Any
    choices: Sequence[str] = ()

    def parse(self, raw: str) -> int | str:
        if self.choices:
            if raw not in self.choices:
                self._refuse(_("Choose one of: %(choices)s.") % {"choices": ", ".join(self.choices)})
            return raw
        if not raw.isascii() or not raw.isdigit() or int(raw) > MAX_ID:
            self._refuse(_("Enter a whole number from 0 to %(max)s.") % {"max": MAX_ID})
        return int(raw)

    def _refuse(self, message: str) -> NoReturn:
        raise ValidationError({self.name: [message]})

    def schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "string", "enum": list(self.choices)} if self.choices else {"type": "integer"}
        return {
            "name": self.name,
            "required": False,
            "in": "query",
            "description": str(self.description),
            "schema": schema,
        }


def institution_param(lookup: str = "institution_id") -> Param:
    return Param("institution", lookup, gettext_lazy("Institution id"))


def department_param(lookup: str) -> Param:
    return Param("department", lookup, gettext_lazy("Department id"))


def certificate_param(lookup: str) -> Param:
    return Param("certificate", lookup, gettext_lazy("Certificate id"))


def year_param(lookup: str) -> Param:
    return Param("year", lookup, gettext_lazy("Pilot year"))


class QueryParamFilter(BaseFilterBackend):
    def filter_queryset(self, request: Request, queryset: QuerySet, view: Any) -> QuerySet:
        for param in getattr(view, "filter_params", ()):
            raw = request.query_params.get(param.name, "").strip()
            if raw:
                queryset = queryset.filter(**{param.lookup: param.parse(raw)})
        return queryset

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        return [param.schema() for param in getattr(view, "filter_params", ())]
