"""A real Chromium against a live server: the office logs in and reads 2023's figures."""

import os
from urllib.parse import urlparse

import pytest
from django.contrib.staticfiles.testing import StaticLiveServerTestCase
from django.core.management import call_command

from onex.demo import facts

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


@pytest.mark.browser
class OfficeInChromiumTestCase(StaticLiveServerTestCase):
    @classmethod
    def setUpClass(cls):
        from playwright.sync_api import sync_playwright

        executable = chromium_executable()
        # Playwright's sync API runs an event loop in this thread; the ORM must still work.
        cls.async_unsafe_before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
        super().setUpClass()
        cls.playwright = sync_playwright().start()
        cls.browser = cls.playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)

    @classmethod
    def tearDownClass(cls):
        cls.browser.close()
        cls.playwright.stop()
        super().tearDownClass()
        if cls.async_unsafe_before is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = cls.async_unsafe_before

    def setUp(self):
        call_command("load_demo", verbosity=0)
        self.context = self.browser.new_context(locale="zh-CN")
        self.outside_requests = []
        self.context.route("**/*", self.only_the_live_server)
        self.page = self.context.new_page()

    def tearDown(self):
        self.context.close()

    def only_the_live_server(self, route):
        host = urlparse(route.request.url).hostname
        if host in {"localhost", "127.0.0.1"}:
            route.continue_()
        else:
            self.outside_requests.append(route.request.url)
            route.abort()

    def log_in(self, username):
        self.page.goto(self.live_server_url + "/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", facts.PASSWORD)
        self.page.click("#login-form button[type=submit]")

    def test_the_office_logs_in_and_sees_450_411_and_91_33_percent_for_2023(self):
        from playwright.sync_api import expect

        self.log_in("office")
        self.page.wait_for_url("**/office/")
        with self.page.expect_navigation():
            self.page.select_option("#onex-year", "2023")
        figures = self.page.locator("section.onex-figures[data-year='2023']")
        expect(figures.locator('[data-figure="registered"]')).to_have_text("450")
        expect(figures.locator('[data-figure="completed"]')).to_have_text("411")
        expect(figures.locator('[data-figure="completion_rate"]')).to_have_text("91.33%")
        expect(figures.locator("tfoot")).to_contain_text("91.33%")
        expect(self.page.locator("body")).to_contain_text("完成率")
        drawn = self.page.evaluate("() => Chart.getChart(document.querySelector('canvas.chart')).data.labels.length")
        self.assertEqual(drawn, 3)
        self.assertEqual(self.outside_requests, [])
