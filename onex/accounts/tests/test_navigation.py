from django.urls import reverse

from onex.core.access import page_allowed
from onex.settings.navigation import ENTRIES, visible
from testsupport.base import OneXTestCase


class SidebarTestCase(OneXTestCase):
    def test_every_work_page_in_the_sidebar_opens_for_the_users_it_is_shown_to(self):
        for name, user in self.all_users().items():
            self.client.force_login(user)
            request = self.client.get("/").wsgi_request
            for url_name, _title, _icon in ENTRIES:
                if not visible(request, url_name):
                    continue
                url = reverse(url_name)
                status = self.client.get(url, follow=True).status_code
                self.assertEqual(status, 200, f"{name} is shown {url_name} ({url}) but gets {status}")

    def test_a_page_hidden_from_the_menu_is_refused_to_that_user(self):
        for name, user in self.all_users().items():
            if user.is_superuser:
                continue
            self.client.force_login(user)
            request = self.client.get("/").wsgi_request
            for url_name, _title, _icon in ENTRIES:
                if url_name in ("home", "finance:index") or visible(request, url_name):
                    continue
                self.assertFalse(page_allowed(user, url_name), f"{name}: {url_name}")
                status = self.client.get(reverse(url_name)).status_code
                self.assertIn(status, (302, 403), f"{name} is not shown {url_name} but gets {status}")

    def test_the_sidebar_shows_work_pages_by_role(self):
        self.client.force_login(self.finance)
        html = self.client.get("/admin/").content.decode()
        self.assertIn('href="/finance/"', html)
        self.assertNotIn('href="/imports/"', html)
        self.client.force_login(self.office)
        self.assertIn('href="/imports/"', self.client.get("/admin/").content.decode())
