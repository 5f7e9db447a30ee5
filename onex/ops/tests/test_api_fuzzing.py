"""The API's own OpenAPI schema, fuzzed with schemathesis: no answer may be a server error.

The schema is loaded from ``/api/schema/`` of the real WSGI application; every GET
operation is called with generated parameters (ids, filters, page sizes, formats)
as the office of institution A with a token, and as an anonymous caller. Bounded:
a few examples per operation, so the whole file runs in seconds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import TestCase
from hypothesis import HealthCheck, Phase, given, settings

from onex.accounts.services import api_token_issue, user_create
from onex.catalog.models import Certificate, EvaluationOrganization
from onex.core.fields import Level
from onex.core.roles import Role
from onex.org import services as org
from onex.pilots.models import Pilot, Registration
from onex.wsgi import application
from testsupport.base import make_id_number

BOUNDED = settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


class ApiFuzzing(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        organization = EvaluationOrganization.objects.create(name="模糊测试评价组织")
        cert = Certificate.objects.create(
            code="F-1", name="模糊证书", organization=organization, levels=[Level.INTERMEDIATE]
        )
        inst = org.institution_create(code="FZZ", name="模糊职业学院", province="广东省")
        dept = org.department_create(institution=inst, name="模糊系")
        major = org.major_create(department=dept, name="模糊专业")
        klass = org.class_group_create(major=major, name="模糊1班", entry_year=2022)
        student = org.student_create(institution=inst, name="甲乙", id_number=make_id_number(7), class_group=klass)
        pilot = Pilot.objects.create(
            institution=inst, year=2023, certificate=cert, level=Level.INTERMEDIATE, department=dept,
            fee_per_candidate=Decimal("300.00"),
        )  # fmt: skip
        Registration.objects.create(pilot=pilot, student=student, applied_on=dt.date(2023, 3, 1))
        office = user_create(username="fuzz-office", password="onex-fuzz-password", role=Role.OFFICE, institution=inst)
        cls.token = api_token_issue(user=office)[1]

    def setUp(self) -> None:
        # The WSGI application is called directly: keep Django from closing the test's
        # connection at the end of each request, as its test client does.
        for signal in (request_started, request_finished):
            signal.disconnect(close_old_connections)
            self.addCleanup(signal.connect, close_old_connections)

    def fuzz(self, check: Callable[[Any], None]) -> int:
        schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
        operations = [result.ok() for result in schema.include(method="GET").get_all_operations()]
        self.assertGreater(len(operations), 10, "the schema lists too few operations")
        calls = []
        for operation in operations:

            @given(case=operation.as_strategy())
            @BOUNDED
            def run(case: Any) -> None:
                calls.append(case.formatted_path)
                check(case)

            run()
        self.assertGreaterEqual(len(calls), 2 * len(operations), "too few calls were made")
        return len(calls)

    def test_no_get_operation_answers_the_office_with_a_server_error(self) -> None:
        def check(case: Any) -> None:
            response = case.call(headers={"Authorization": f"Token {self.token}"})
            where = f"{case.method} {case.formatted_path} {case.query}"
            self.assertLess(response.status_code, 500, where)

        self.fuzz(check)

    def test_no_get_operation_answers_an_anonymous_caller_with_data_or_a_server_error(self) -> None:
        def check(case: Any) -> None:
            response = case.call()
            where = f"{case.method} {case.formatted_path} {case.query}"
            self.assertLess(response.status_code, 500, where)
            if case.path not in ("/api/schema/", "/api/docs/"):
                self.assertIn(response.status_code, (401, 403, 404), where)

        self.fuzz(check)
