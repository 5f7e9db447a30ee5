"""The OpenAPI schema and the docs page, served from local files only."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.test import SimpleTestCase
from django.urls import reverse

from onex.api.router import router

ASSET = re.compile(r"""(?:src|href)\s*=\s*["']([^"']+)["']""", re.IGNORECASE)


class SchemaTests(SimpleTestCase):
    databases = {"default"}

    def test_the_schema_generates_and_validates_without_warnings(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "schema.yaml"
            call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
            self.assertIn("/api/v1/figures/", out.read_text())

    def test_the_schema_is_served_at_api_schema(self):
        response = self.client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
        self.assertEqual(response.status_code, 200)
        schema = response.json()
        self.assertTrue(schema["openapi"].startswith("3."))
        for prefix, _, _ in router.registry:
            with self.subTest(resource=prefix):
                self.assertIn(f"/api/v1/{prefix}/", schema["paths"])
                self.assertIn(f"/api/v1/{prefix}/{{id}}/", schema["paths"])
        self.assertIn("/api/v1/auth/token/", schema["paths"])

    def test_operations_are_grouped_by_resource(self):
        paths = self.client.get("/api/schema/?format=json").json()["paths"]
        self.assertEqual(paths["/api/v1/pilots/"]["get"]["tags"], ["pilots"])
        self.assertEqual(paths["/api/v1/figures/"]["get"]["tags"], ["figures"])

    def test_the_schema_declares_token_and_session_authentication(self):
        schemes = self.client.get("/api/schema/?format=json").json()["components"]["securitySchemes"]
        self.assertEqual(schemes["tokenAuth"]["in"], "header")
        self.assertEqual(schemes["cookieAuth"]["in"], "cookie")


class DocsTests(SimpleTestCase):
    databases = {"default"}

    def test_the_docs_page_references_only_local_static_files(self):
        response = self.client.get(reverse("api:docs"))
        self.assertEqual(response.status_code, 200)
        page = response.content.decode()
        assets = ASSET.findall(page)
        self.assertGreaterEqual(len(assets), 3)  # stylesheet and two scripts at least
        for url in assets:
            with self.subTest(url=url):
                self.assertTrue(url.startswith("/static/"), url)
                self.assertIsNotNone(finders.find(url.removeprefix("/static/")), url)
        self.assertNotIn("://", page)
        self.assertIn('"/api/schema/"', page)

    def test_the_docs_scripts_are_served(self):
        page = self.client.get(reverse("api:docs")).content.decode()
        script = next(url for url in ASSET.findall(page) if url.endswith(".js"))
        response = self.client.get(script)
        self.assertEqual(response.status_code, 200)
