from onex.settings.navigation import PAGES
from testsupport.base import OneXTestCase


class SidebarTestCase(OneXTestCase):
    def test_every_work_page_in_the_sidebar_opens_for_the_roles_it_is_shown_to(self):
        for name, user in self.all_users().items():
            self.client.force_login(user)
            for page, (_title, _icon, url, roles) in PAGES.items():
                if user.role not in roles:
                    continue
                status = self.client.get(url, follow=True).status_code
                self.assertEqual(status, 200, f"{name} is shown {page} ({url}) but gets {status}")

    def test_the_sidebar_shows_work_pages_by_role(self):
        self.client.force_login(self.finance)
        html = self.client.get("/admin/").content.decode()
        self.assertIn('href="/finance/"', html)
        self.assertNotIn('href="/imports/"', html)
        self.client.force_login(self.office)
        self.assertIn('href="/imports/"', self.client.get("/admin/").content.decode())
