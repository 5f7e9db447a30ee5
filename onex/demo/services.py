"""The demo's write path (演示数据): the whole demo is loaded in one transaction."""

from __future__ import annotations

from django.db import transaction

from onex.demo.base import Say, quiet
from onex.demo.loader import DemoResult, demo_build


@transaction.atomic
def demo_load(*, say: Say = quiet) -> DemoResult:
    """Load or complete the demo; a second run changes nothing."""
    return demo_build(say=say)
