"""A test case with the whole demo loaded once per class."""

from __future__ import annotations

from typing import Any

from django.test import TestCase

from onex.demo import facts
from onex.demo.loader import DemoResult
from onex.demo.services import demo_load
from onex.org.models import Institution


class DemoTestCase(TestCase):
    demo: DemoResult
    main: Any
    second: Any

    @classmethod
    def setUpTestData(cls) -> None:
        cls.demo = demo_load()
        cls.main = Institution.objects.get(code=facts.MAIN_CODE)
        cls.second = Institution.objects.get(code=facts.SECOND_CODE)
