"""The back office speaks Chinese by default (unfold's own strings included) and English on request."""

from __future__ import annotations

from django.conf import settings
from django.test import override_settings

from testsupport.base import OneXTestCase


class TheBackOfficeLanguage(OneXTestCase):
    def index(self, language: str | None = None) -> str:
        self.client.force_login(self.office)
        if language:
            self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        response = self.client.get("/admin/")
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_it_shows_the_index_in_chinese_by_default(self) -> None:
        html = self.index()
        for label in ("院校与人员", "学生", "试点与报名", "报名与备案", "经费与补助", "师资培训"):
            self.assertIn(label, html)
        self.assertNotIn("Institutions and people", html)

    def test_it_translates_unfold_strings_that_unfold_ships_no_chinese_for(self) -> None:
        html = self.index()
        self.assertIn("全部应用", html)  # unfold's "All applications"
        self.assertNotIn("All applications", html)

    def test_it_translates_model_labels_in_a_changelist(self) -> None:
        self.client.force_login(self.office)
        html = self.client.get("/admin/org/student/").content.decode()
        for label in ("学号", "证件号码", "班级"):
            self.assertIn(label, html)

    def test_it_shows_english_when_the_user_chooses_english(self) -> None:
        html = self.index("en")
        for label in ("Institutions and people", "Students", "Pilots and registrations", "All applications"):
            self.assertIn(label, html)
        self.assertNotIn("院校与人员", html)

    @override_settings(LANGUAGE_CODE="en")
    def test_the_chinese_catalog_is_used_for_zh_hans_whatever_the_default(self) -> None:
        html = self.index("zh-hans")
        self.assertIn("院校与人员", html)
