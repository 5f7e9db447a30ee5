"""A real Chromium against a live server: the office logs in and reads 2023's figures."""

import pytest
from django.core.management import call_command

from onex.demo import facts
from testsupport.browser import BrowserTestCase


@pytest.mark.browser
class OfficeInChromiumTestCase(BrowserTestCase):
    def setUp(self):
        super().setUp()
        call_command("load_demo", verbosity=0)

    def test_the_office_logs_in_and_sees_450_411_and_91_33_percent_for_2023(self):
        from playwright.sync_api import expect

        self.log_in("office", facts.PASSWORD)
        self.page.wait_for_url("**/office/")
        self.page.select_option("#onex-year", "2023")
        with self.page.expect_navigation():
            self.page.click("form.onex-filters button[type=submit]")
        figures = self.page.locator("section.onex-figures[data-year='2023']")
        expect(figures.locator('[data-figure="registered"]')).to_have_text("450")
        expect(figures.locator('[data-figure="completed"]')).to_have_text("411")
        expect(figures.locator('[data-figure="completion_rate"]')).to_have_text("91.33%")
        expect(figures.locator("tfoot").first).to_contain_text("91.33%")
        expect(self.page.locator("body")).to_contain_text("完成率")
        drawn = self.page.evaluate("() => Chart.getChart(document.querySelector('canvas.chart')).data.labels.length")
        self.assertEqual(drawn, 3)
        self.assertEqual(self.outside_requests, [])
