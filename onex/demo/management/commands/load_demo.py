"""manage.py load_demo: the demo institutions and logins (safe to run again)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from onex.demo import facts
from onex.demo.services import demo_load


class Command(BaseCommand):
    help = "Load the demo data (idempotent: a second run changes nothing)."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        verbose = options["verbosity"] >= 1

        def say(message: str) -> None:
            if verbose:
                self.stdout.write(f"  · {message}")

        if verbose:
            self.stdout.write(_("Loading the demo data…"))
        result = demo_load(say=say)
        if not verbose:
            return
        self.stdout.write(
            self.style.SUCCESS(_("Demo data ready in %(seconds).1f s.") % {"seconds": time.monotonic() - started})
        )
        self.stdout.write(_("Demo logins (password: %(password)s):") % {"password": facts.PASSWORD})
        width = max(len(login.username) for login in result.logins)
        for login in result.logins:
            self.stdout.write(f"  {login.username:<{width}}  {login.role} — {login.who}")
