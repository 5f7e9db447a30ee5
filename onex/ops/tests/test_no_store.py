"""Every download that can carry full ID numbers (身份证号) or personal data answers ``Cache-Control: no-store``."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.urls import reverse

from onex.ops.tests.test_url_access import RouteWorld
from onex.ops.tests.urlmatrix import concrete_url

# Each download route, with the back-office role that may fetch it in the world of the URL matrix.
DOWNLOADS: list[tuple[str, str]] = [
    ("pilots/registrations/export.xlsx", "office"),
    ("imports/<int:pk>/errors/", "office"),
    ("exams/sessions/<int:pk>/sign-in.xlsx", "office"),
    ("exams/sessions/<int:pk>/tickets.pdf", "office"),
    ("finance/statements/export.xlsx", "office"),
    ("finance/statements/<int:pk>/export.xlsx", "office"),
    ("credentials/conversions/export/", "office"),
    ("audit/export.xlsx", "office"),
    ("reports/<str:code>/<int:year>/attachments/<str:which>.xlsx", "office"),
    ("reports/<str:code>/<int:year>/data/<str:table>.<str:fmt>", "office"),
    ("office/?download=certificates", "office"),
]


class NoStoreOnDownloadsTests(RouteWorld):
    def fetch(self, route: str, role: str):
        self.client.force_login(self.all_users()[role])
        path, _, query = route.partition("?")
        url = "/" + concrete_url(path, self.values_for(path)).lstrip("/")
        return self.client.get(f"{url}?{query}" if query else url)

    def test_each_download_is_marked_no_store(self):
        job = self.world.a["imports.importjob"]
        with tempfile.TemporaryDirectory() as folder:
            errors = Path(folder) / "errors.xlsx"
            errors.write_bytes(b"PK")
            type(job).objects.filter(pk=job.pk).update(errors_path=str(errors))
            for route, role in DOWNLOADS:
                with self.subTest(route=route):
                    response = self.fetch(route, role)
                    self.assertEqual(response.status_code, 200)
                    self.assertTrue(response.has_header("Content-Disposition"))
                    self.assertIn("no-store", response.get("Cache-Control", ""))

    def test_the_roster_export_sent_by_form_is_marked_no_store(self):
        self.client.force_login(self.office)
        response = self.client.post(reverse("imports:export"), {"export-year": 2023})
        self.assertEqual(response.status_code, 200)
        self.assertIn("no-store", response.get("Cache-Control", ""))

    def test_an_ordinary_page_may_still_be_cached_by_the_browser(self):
        self.client.force_login(self.office)
        response = self.client.get(reverse("notices:list"))
        self.assertNotIn("no-store", response.get("Cache-Control", ""))
