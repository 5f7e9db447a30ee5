"""A real Chromium (Debian's, driven by Playwright) against a live test server.

Browser tests subclass ``BrowserTestCase`` and are marked ``browser``; the root
conftest skips them visibly where no Chromium is installed, and fails the run
when ONEX_REQUIRE_BROWSER=1. Every request to another host is refused and
recorded, so a page that needs the internet fails its test.
"""

from __future__ import annotations

import os
from urllib.parse import urlparse

import pytest
from django.contrib.staticfiles.testing import StaticLiveServerTestCase

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_executable() -> str:
    from conftest import NO_CHROMIUM, chromium_path

    path = chromium_path()
    if path is None:
        pytest.skip(NO_CHROMIUM)
    return path


class BrowserTestCase(StaticLiveServerTestCase):
    locale = "zh-CN"

    @classmethod
    def setUpClass(cls):
        from playwright.sync_api import sync_playwright

        executable = chromium_executable()
        # Playwright's sync API runs an event loop in this thread; the ORM must still work.
        cls._async_unsafe_before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
        super().setUpClass()
        cls.playwright = sync_playwright().start()
        cls.browser = cls.playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)

    @classmethod
    def tearDownClass(cls):
        cls.browser.close()
        cls.playwright.stop()
        super().tearDownClass()
        if cls._async_unsafe_before is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = cls._async_unsafe_before

    def setUp(self):
        super().setUp()
        self.outside_requests: list[str] = []
        self.context = self.browser.new_context(locale=self.locale)
        self.context.route("**/*", self._only_the_live_server)
        self.page = self.context.new_page()

    def tearDown(self):
        self.context.close()
        super().tearDown()

    def _only_the_live_server(self, route):
        if urlparse(route.request.url).hostname in {"localhost", "127.0.0.1"}:
            route.continue_()
        else:
            self.outside_requests.append(route.request.url)
            route.abort()

    def new_person(self):
        """A fresh browser context (its own cookies) for a second person."""
        self.context.close()
        self.context = self.browser.new_context(locale=self.locale)
        self.context.route("**/*", self._only_the_live_server)
        self.page = self.context.new_page()
        return self.page

    def log_in(self, username: str, password: str) -> None:
        self.page.goto(self.live_server_url + "/accounts/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", password)
        with self.page.expect_navigation():
            self.page.click("#login-form button[type=submit]")
