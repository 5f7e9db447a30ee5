"""A real Chromium: the office uploads a roster as people keep it, checks the preview, imports it and
downloads the rows that were refused."""

import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from onex.accounts.services import user_create
from onex.catalog.models import Certificate, EvaluationOrganization
from onex.core.fields import Level
from onex.core.roles import Role
from onex.imports.tests.files import write_xlsx
from onex.org import services as org
from onex.org.models import Student
from onex.pilots.models import Pilot, Registration
from testsupport.base import PASSWORD, make_id_number
from testsupport.browser import BrowserTestCase

HEADERS = ["姓名", "身份证号码", "性别", "手机号码", "证书名称", "等级"]


@pytest.mark.browser
class OfficeImportsARosterInChromium(BrowserTestCase):
    def setUp(self):
        super().setUp()
        inst = org.institution_create(code="IMPB", name="导入职业学院", province="广东省")
        dept = org.department_create(institution=inst, name="信息系")
        organization = EvaluationOrganization.objects.create(name="某评价组织")
        cert = Certificate.objects.create(code="IMP-1", name="网络系统运维", organization=organization,
                                          levels=[Level.INTERMEDIATE])  # fmt: skip
        self.pilot = Pilot.objects.create(institution=inst, year=2024, certificate=cert, level=Level.INTERMEDIATE,
                                          department=dept, fee_per_candidate=Decimal("300"))  # fmt: skip
        user_create(username="imp-office", password=PASSWORD, role=Role.OFFICE, institution=inst)
        self.tmp = Path(tempfile.mkdtemp())

    def roster(self) -> Path:
        rows = [
            ["王　小明", make_id_number(1, birth="20050303"), "男", "１３８００１３８０００", "网络系统运维", "中级"],
            ["李丽", "44090220050303000x", "", "13800138001", "网络系统运维", "中级"],  # lowercase x
            ["赵六", "44090219990101123", "男", "13800138002", "网络系统运维", "中级"],  # 17 characters
        ]
        return write_xlsx(self.tmp / "2024年考生名单.xlsx", rows, headers=HEADERS, title="2024年1+X证书考生信息表")

    def test_the_office_previews_imports_and_downloads_the_refused_row(self):
        from playwright.sync_api import expect

        self.log_in("imp-office", PASSWORD)
        self.page.goto(self.live_server_url + "/imports/")
        self.page.fill("#id_year", "2024")
        self.page.set_input_files("#id_file", str(self.roster()))
        with self.page.expect_navigation():
            self.page.click("#upload-form button[type=submit]")

        # The preview found the header under the title row and knows 身份证号码 is the ID number.
        expect(self.page.locator("body")).to_contain_text("表头在第 3 行；共 3 行数据。")
        mapping = self.page.locator("#mapping")
        expect(mapping.locator("tr", has_text="身份证号码")).to_contain_text("证件号码")
        expect(self.page.locator("#first-rows")).to_contain_text("王　小明")

        with self.page.expect_navigation():
            self.page.click("form button[type=submit] >> text=开始导入")
        expect(self.page.locator("#job-status")).to_have_text("已完成")
        expect(self.page.locator("#job-bar")).to_have_attribute("style", "width: 100%")
        summary = self.page.locator("#job-summary")
        expect(summary.locator("tr", has_text="新增")).to_contain_text("2")
        expect(summary.locator("tr", has_text="未导入")).to_contain_text("1")

        with self.page.expect_download() as info:
            self.page.click("#job-errors a")
        refused = self.tmp / "refused.xlsx"
        info.value.save_as(refused)
        rows = CalamineWorkbook.from_path(str(refused)).get_sheet_by_index(0).to_python()
        body = " ".join(str(cell) for row in rows[1:] for cell in row)
        assert "赵六" in body and "18" in body  # the row, and why: a resident ID number has 18 characters

        names = sorted(Student.objects.values_list("name", "phone"))
        assert names == [("李丽", "13800138001"), ("王小明", "13800138000")]
        assert Registration.objects.filter(pilot=self.pilot).count() == 2
        assert self.outside_requests == []
