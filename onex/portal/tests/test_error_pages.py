"""The error pages (错误页面) speak the visitor's language and say what to do next, on every page."""

from django.conf import settings
from django.test import RequestFactory
from django.utils import translation
from django.views.defaults import server_error

from testsupport.base import OneXTestCase


class ErrorPageTests(OneXTestCase):
    def test_a_missing_page_answers_in_chinese(self):
        response = self.client.get("/no-such-page/")
        self.assertEqual(response.status_code, 404)
        self.assertContains(response, "页面不存在", status_code=404)
        self.assertNotContains(response, "Not Found", status_code=404)

    def test_a_missing_certificate_on_the_public_page_answers_in_chinese(self):
        response = self.client.get("/verify/NOSUCHCODE0000000000")
        self.assertContains(response, "页面不存在", status_code=404)

    def test_a_page_of_another_role_says_whom_to_ask(self):
        self.client.force_login(self.student)
        response = self.client.get("/office/")
        self.assertContains(response, "您的账号无权打开此页面", status_code=403)
        self.assertContains(response, "1+X 办公室", status_code=403)

    def test_english_visitors_get_english_pages(self):
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        response = self.client.get("/no-such-page/")
        self.assertContains(response, "Page not found", status_code=404)

    def test_a_crash_answers_with_a_page_that_loads_nothing_from_elsewhere(self):
        with translation.override("zh-hans"):
            response = server_error(RequestFactory().get("/"))
        body = response.content.decode()
        self.assertEqual(response.status_code, 500)
        self.assertIn("系统出现了问题", body)
        self.assertNotIn("http://", body)
        self.assertNotIn("https://", body)
