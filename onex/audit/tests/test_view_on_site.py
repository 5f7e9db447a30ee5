from django.contrib.contenttypes.models import ContentType

from onex.reports.models import AnnualReport
from testsupport.base import OneXTestCase


class ViewOnSiteTests(OneXTestCase):
    """The admin's 在站点上查看 shortcut (/admin/r/<type>/<id>/) must not confirm rows outside the scope."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.report = AnnualReport.objects.create(institution=cls.inst, year=2023)
        cls.report2 = AnnualReport.objects.create(institution=cls.inst2, year=2023)
        cls.ct = ContentType.objects.get_for_model(AnnualReport).pk

    def shortcut(self, pk):
        return self.client.get(f"/admin/r/{self.ct}/{pk}/")

    def test_another_institutions_report_answers_exactly_as_a_missing_one(self):
        self.client.force_login(self.office2)
        foreign = self.shortcut(self.report.pk)
        missing = self.shortcut(self.report.pk + 1000)
        self.assertEqual(foreign.status_code, 404)
        self.assertEqual(missing.status_code, 404)
        self.assertEqual(foreign.content, missing.content)

    def test_the_own_report_still_opens_on_the_site(self):
        self.client.force_login(self.office2)
        r = self.shortcut(self.report2.pk)
        self.assertEqual(r.status_code, 302)
        self.assertTrue(r["Location"].endswith(self.report2.get_absolute_url()))

    def test_a_malformed_id_or_unknown_type_is_the_same_404(self):
        self.client.force_login(self.office2)
        missing = self.shortcut(self.report.pk + 1000)
        for url in (f"/admin/r/{self.ct}/not-a-number/", "/admin/r/999999/1/"):
            r = self.client.get(url)
            self.assertEqual(r.status_code, 404, url)
            self.assertEqual(r.content, missing.content, url)

    def test_strangers_are_sent_to_log_in(self):
        r = self.shortcut(self.report.pk)
        self.assertEqual(r.status_code, 302)
        self.assertNotIn(self.report.get_absolute_url(), r["Location"])
