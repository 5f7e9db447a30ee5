from django.conf import settings
from django.urls import reverse

from testsupport.base import PASSWORD, OneXTestCase


class LoginTestCase(OneXTestCase):
    def test_the_login_page_is_in_chinese_by_default(self):
        response = self.client.get(reverse("login"))
        self.assertContains(response, 'lang="zh-hans"')
        self.assertContains(response, "登录")

    def test_the_language_switch_turns_the_login_page_into_english(self):
        response = self.client.post(reverse("set_language"), {"language": "en", "next": reverse("login")}, follow=True)
        self.assertEqual(self.client.cookies[settings.LANGUAGE_COOKIE_NAME].value, "en")
        self.assertContains(response, 'lang="en"')
        self.assertContains(response, "Log in")

    def test_the_login_page_loads_nothing_from_the_internet(self):
        response = self.client.get(reverse("login"))
        self.assertNotContains(response, "https://")
        self.assertNotContains(response, 'src="//')

    def test_each_role_lands_on_its_own_page_after_logging_in(self):
        landing = {
            "alice": "portal_office",
            "bob": "portal_department",
            "tom": "portal_teacher",
            "fiona": "portal_finance",
            "leo": "portal_leadership",
            "sam": "portal_student",
            "pat": "portal_province",
            "charlie": "portal_office",
        }
        for username, page in landing.items():
            with self.subTest(username=username):
                self.client.logout()
                response = self.client.post(reverse("login"), {"username": username, "password": PASSWORD}, follow=True)
                self.assertEqual(response.redirect_chain[-1][0], reverse(page))
                self.assertEqual(response.status_code, 200)

    def test_a_wrong_password_keeps_the_visitor_on_the_login_page(self):
        response = self.client.post(reverse("login"), {"username": "alice", "password": "not-the-password"})
        self.assertEqual(response.status_code, 200)
        self.assertFalse(response.wsgi_request.user.is_authenticated)

    def test_logging_out_returns_to_the_login_page(self):
        self.client.force_login(self.office)
        response = self.client.post(reverse("logout"))
        self.assertRedirects(response, reverse("login"), fetch_redirect_response=False)
        self.assertRedirects(self.client.get("/"), reverse("login") + "?next=/", fetch_redirect_response=False)

    def test_a_logged_in_visitor_of_the_login_page_goes_to_its_own_page(self):
        self.client.force_login(self.student)
        response = self.client.get(reverse("login"), follow=True)
        self.assertEqual(response.redirect_chain[-1][0], reverse("portal_student"))
