"""Certificates (证书) follow results (成绩): the guard on issuing, and revocation (撤销) on amendment.

Every door that amends a result (the amendment page, ``import_results --amend``) goes through
``onex.credentials.services``, so a pass amended to a fail revokes the certificate on the public
verification page, in the status list and in the 取证 figures.
"""

import datetime as dt
import io
import json
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from onex.audit.models import AuditEvent
from onex.credentials.models import CertificateStatus, IssuedCertificate
from onex.credentials.services import certificate_issue, result_amend
from onex.credentials.statuslist import LIST_SIZE, decode_bits, is_set, list_number, status_list_credential
from onex.exams import services as exams
from onex.exams.models import Outcome
from onex.imports.tests.files import write_xlsx
from onex.org import services as org
from onex.pilots.figures import pilots_with_figures
from onex.pilots.models import Registration
from testsupport.base import OneXTestCase, make_id_number

WITHDRAWN = "该报名已退出，已退出的考生不能取证。"
NOT_FILED = "该报名未备案，只有已备案的考生才能取证。"
NO_PASS = "该考生没有合格成绩，只有考核合格的考生才能取证。"
FUTURE = "发证日期晚于今天。"


class CertifiedCase(OneXTestCase):
    """张三 (the base case's filed registration) and 王五 passed and hold certificates; 赵六 failed."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()

        def filed(name, n):
            student = org.student_create(
                institution=cls.inst, name=name, id_number=make_id_number(n), class_group=cls.klass
            )
            return Registration.objects.create(
                pilot=cls.pilot, student=student, applied_on=dt.date(2023, 3, 1), filed_on=dt.date(2023, 3, 10)
            )

        cls.wang = filed("王五", 60)
        cls.zhao = filed("赵六", 61)
        for reg, score in ((cls.registration, "90"), (cls.wang, "80"), (cls.zhao, "30")):
            computed = exams.result_compute(
                pilot=cls.pilot, theory_score=Decimal(score), practical_score=Decimal(score), absent=False
            )
            exams.result_record(
                registration=reg,
                outcome=computed.outcome,
                theory_score=computed.theory_score,
                practical_score=computed.practical_score,
                total_score=computed.total_score,
            )
        exams.results_approve(pilot=cls.pilot, actor=cls.office)
        cls.cert_zhang, _ = certificate_issue(registration=cls.registration, number="ZS-1", actor=cls.office)
        cls.cert_wang, _ = certificate_issue(registration=cls.wang, number="ZS-2", actor=cls.office)

    def certified(self):
        (pilot,) = [p for p in pilots_with_figures(institution_id=self.inst.pk, year=2023) if p.pk == self.pilot.pk]
        return pilot.certified

    def revoked_bit(self, cert):
        cert.refresh_from_db()
        encoded = status_list_credential(list_number(cert.status_index))["credentialSubject"]["encodedList"]
        return is_set(decode_bits(encoded), cert.status_index % LIST_SIZE)

    def fail_zhang(self, **kw):
        return result_amend(
            registration=self.registration,
            theory_score=Decimal("40"),
            practical_score=Decimal("40"),
            absent=False,
            reason="复核更正",
            actor=self.office,
            **kw,
        )


class TestTheGuardOnIssuing(CertifiedCase):
    def test_a_withdrawn_registration_gets_no_certificate(self):
        Registration.objects.filter(pk=self.zhao.pk).update(withdrawn_on=dt.date(2023, 5, 1))
        exams.result_record(registration=self.zhao, outcome=Outcome.PASS, amend=True, reason="复核")
        with pytest.raises(ValidationError) as caught:
            certificate_issue(registration=self.zhao, number="ZS-9")
        assert caught.value.messages == [WITHDRAWN]

    def test_a_registration_never_filed_gets_no_certificate(self):
        student = org.student_create(institution=self.inst, name="未备", id_number=make_id_number(62))
        reg = Registration.objects.create(pilot=self.pilot, student=student, applied_on=dt.date(2023, 3, 1))
        exams.result_record(registration=reg, outcome=Outcome.PASS, amend=True, reason="补录")
        with pytest.raises(ValidationError) as caught:
            certificate_issue(registration=reg, number="ZS-9")
        assert caught.value.messages == [NOT_FILED]

    def test_a_fail_or_no_result_gets_no_certificate(self):
        with pytest.raises(ValidationError) as caught:
            certificate_issue(registration=self.zhao, number="ZS-9")
        assert caught.value.messages == [NO_PASS]
        with pytest.raises(ValidationError) as caught:
            certificate_issue(registration=self.registration2, number="ZS-9")
        assert caught.value.messages == [NO_PASS]
        assert IssuedCertificate.objects.filter(number="ZS-9").count() == 0

    def test_an_issue_date_after_today_is_refused(self):
        with pytest.raises(ValidationError) as caught:
            certificate_issue(
                registration=self.registration, number="ZS-1B", issued_on=dt.date.today() + dt.timedelta(days=2)
            )
        assert caught.value.messages == [FUTURE]


class TestAPassAmendedToAFailRevokesTheCertificate(CertifiedCase):
    def test_the_verification_page_the_status_list_and_the_figures_all_drop_it(self):
        assert self.certified() == 2
        assert not self.revoked_bit(self.cert_zhang)
        result, changed = self.fail_zhang()
        assert changed and result.outcome == Outcome.FAIL
        body = self.client.get(f"/verify/{self.cert_zhang.verify_code}").content.decode()
        assert 'data-status="revoked"' in body and "已撤销" in body
        assert self.revoked_bit(self.cert_zhang)
        assert not self.revoked_bit(self.cert_wang)
        # Two certificates, one revoked: one certified left.
        assert self.certified() == 1
        self.cert_zhang.refresh_from_db()
        assert self.cert_zhang.revocation_reason == "成绩由通过更正为不通过：复核更正"

    def test_an_absence_revokes_it_too(self):
        result_amend(
            registration=self.wang,
            theory_score=None,
            practical_score=None,
            absent=True,
            reason="实为缺考",
            actor=self.office,
        )
        self.cert_wang.refresh_from_db()
        assert self.cert_wang.status == CertificateStatus.REVOKED
        assert self.certified() == 1

    def test_the_amendment_page_revokes_it(self):
        self.client.force_login(self.office)
        url = f"/exams/pilots/{self.pilot.pk}/results/{self.registration.pk}/amend/"
        response = self.client.post(url, {"theory_score": "40", "practical_score": "40", "reason": "复核更正"})
        assert response.status_code == 302
        self.cert_zhang.refresh_from_db()
        assert self.cert_zhang.status == CertificateStatus.REVOKED

    def test_import_results_with_amend_revokes_it(self):
        path = write_xlsx(
            Path(tempfile.mkdtemp()) / "amend.xlsx",
            [[1, "张三", make_id_number(1), "40", "40", "40", "不合格"]],
            headers=["序号", "姓名", "身份证号码", "理论成绩", "实操成绩", "总成绩", "考核结果"],
        )
        out = io.StringIO()
        call_command(
            "import_results",
            str(path),
            *("--institution", "AAA", "--year", "2023", "--certificate", "测试证书", "--level", "中级"),
            *("--amend", "--reason", "评价组织更正"),
            stdout=out,
            stderr=io.StringIO(),
        )
        assert json.loads(out.getvalue())["updated"] == 1
        self.cert_zhang.refresh_from_db()
        assert self.cert_zhang.status == CertificateStatus.REVOKED
        assert self.cert_zhang.revocation_reason == "成绩由通过更正为不通过：评价组织更正"
        assert self.certified() == 1

    def test_an_amendment_that_keeps_the_pass_keeps_the_certificate(self):
        result_amend(
            registration=self.registration,
            theory_score=Decimal("70"),
            practical_score=Decimal("70"),
            absent=False,
            reason="分数更正",
            actor=self.office,
        )
        self.cert_zhang.refresh_from_db()
        assert self.cert_zhang.status == CertificateStatus.VALID
        assert self.certified() == 2


class TestAFailAmendedToAPassAwaitsACertificate(CertifiedCase):
    def awaiting_on_the_list_page(self):
        self.client.force_login(self.office)
        body = self.client.get("/credentials/").content.decode()
        return [int(part.split('"')[0]) for part in body.split('data-awaiting="')[1:]]

    def test_the_pass_is_listed_among_those_awaiting_a_certificate_and_the_proposal_is_audited(self):
        assert self.awaiting_on_the_list_page() == []
        result_amend(
            registration=self.zhao,
            theory_score=Decimal("75"),
            practical_score=Decimal("75"),
            absent=False,
            reason="复核改判",
            actor=self.office,
        )
        assert self.awaiting_on_the_list_page() == [self.zhao.pk]
        event = AuditEvent.objects.get(action="certificate.propose")
        assert (event.target_id, event.reason) == (str(self.zhao.pk), "复核改判")

    def test_a_revoked_certificate_passed_again_is_listed_and_takes_the_new_number(self):
        self.fail_zhang()
        result_amend(
            registration=self.registration,
            theory_score=Decimal("90"),
            practical_score=Decimal("90"),
            absent=False,
            reason="再次复核",
            actor=self.office,
        )
        assert self.awaiting_on_the_list_page() == [self.registration.pk]
        cert, changed = certificate_issue(registration=self.registration, number="ZS-1-R", actor=self.office)
        assert changed and (cert.pk, cert.status, cert.number) == (
            self.cert_zhang.pk,
            CertificateStatus.VALID,
            "ZS-1-R",
        )
        assert not self.revoked_bit(cert)
        assert self.awaiting_on_the_list_page() == []
        assert self.certified() == 2


class BeforeApprovalCase(OneXTestCase):
    """Before approval the grid and the pass rule change outcomes; a certificate already issued follows them.

    张三 scored 90 and 90 and holds certificate ZS-1; the pilot's pass mark is 60.
    """

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.pilot.pass_mark = Decimal("60")
        cls.pilot.save(update_fields=["pass_mark"])
        exams.result_record(
            registration=cls.registration,
            outcome=Outcome.PASS,
            theory_score=Decimal("90"),
            practical_score=Decimal("90"),
            total_score=Decimal("90"),
        )
        cls.cert, _ = certificate_issue(registration=cls.registration, number="ZS-1", actor=cls.office)

    def status(self):
        self.cert.refresh_from_db()
        return self.cert.status

    def test_a_fail_typed_in_the_grid_revokes_the_certificate(self):
        from onex.credentials.services import results_grid_save
        from onex.exams.services import ResultEntry

        entry = ResultEntry(registration=self.registration, theory_score=Decimal("30"), practical_score=Decimal("30"))
        results_grid_save(pilot=self.pilot, entries=[entry], actor=self.office)
        self.assertEqual(self.status(), CertificateStatus.REVOKED)
        response = self.client.get(f"/verify/{self.cert.verify_code}")
        self.assertContains(response, "已撤销")

    def test_a_stricter_pass_rule_set_on_the_page_revokes_it_and_a_milder_one_proposes_it_again(self):
        self.client.force_login(self.office)
        url = f"/exams/pilots/{self.pilot.pk}/results/pass-rule/"
        rule = {"pass_mark": "95", "theory_weight": "0.5", "both_parts_required": ""}
        self.client.post(url, rule)
        self.assertEqual(self.status(), CertificateStatus.REVOKED)
        self.client.post(url, {**rule, "pass_mark": "60"})
        proposals = AuditEvent.objects.filter(action="certificate.propose", target_id=str(self.registration.pk))
        self.assertEqual(proposals.count(), 1)
        from onex.credentials.selectors import passes_awaiting_certificate

        self.assertEqual(list(passes_awaiting_certificate().values_list("pk", flat=True)), [self.registration.pk])
