import io

from django.utils import timezone
from python_calamine import CalamineWorkbook

from onex.audit.services import audit_record
from testsupport.base import OneXTestCase


class AuditExportTestCase(OneXTestCase):
    def rows(self, user):
        self.client.force_login(user)
        r = self.client.get("/audit/export.xlsx", {"year": timezone.localdate().year})
        self.assertEqual(r.status_code, 200)
        return CalamineWorkbook.from_filelike(io.BytesIO(r.content)).get_sheet_by_index(0).to_python()

    def test_the_office_exports_its_institutions_trail_only(self):
        audit_record(actor=self.office, action="test.mine", target=self.dept, reason="=cmd()")
        audit_record(actor=self.office2, action="test.theirs", target=self.dept2)
        rows = self.rows(self.office)
        actions = {row[3] for row in rows[1:]}
        self.assertIn("test.mine", actions)
        self.assertNotIn("test.theirs", actions)
        mine = next(row for row in rows if row[3] == "test.mine")
        self.assertEqual(mine[7], "'=cmd()")

    def test_the_province_exports_every_institution(self):
        audit_record(actor=self.office2, action="test.theirs", target=self.dept2)
        self.assertIn("test.theirs", {row[3] for row in self.rows(self.province)[1:]})

    def test_other_roles_may_not_export(self):
        for user in (self.student, self.teacher, self.coordinator, self.finance):
            self.client.force_login(user)
            self.assertEqual(self.client.get("/audit/export.xlsx").status_code, 403)
