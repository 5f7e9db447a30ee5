import datetime as dt
import io
import json
from unittest import mock

import jwt
from django.core.cache import cache
from django.core.management import call_command
from django.test import override_settings
from jwt.algorithms import OKPAlgorithm

from onex.audit.models import AuditEvent
from onex.credentials import signing
from onex.credentials.codes import new_verify_code, next_status_index
from onex.credentials.models import IssuedCertificate
from onex.credentials.statuslist import LIST_SIZE, decode_bits, is_set
from testsupport.base import OneXTestCase

PUBLIC = "https://onex.example.edu.cn"


@override_settings(ONEX_PUBLIC_URL=PUBLIC)
class VerificationTestCase(OneXTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.cert = IssuedCertificate.objects.create(
            registration=cls.registration,
            number="ZS2023-0001",
            issued_on=dt.date(2023, 12, 20),
            verify_code=new_verify_code(),
            status_index=next_status_index(),
        )
        cls.cert2 = IssuedCertificate.objects.create(
            registration=cls.registration2,
            number="ZS2023-0002",
            issued_on=dt.date(2023, 12, 21),
            verify_code=new_verify_code(),
            status_index=next_status_index(),
        )

    def setUp(self):
        cache.clear()

    def did_keys(self):
        doc = json.loads(self.client.get("/.well-known/did.json").content)
        return doc, {m["id"]: OKPAlgorithm.from_jwk(m["publicKeyJwk"]) for m in doc["verificationMethod"]}

    def verify_jwt(self, token):
        doc, keys = self.did_keys()
        kid = jwt.get_unverified_header(token)["kid"]
        self.assertIn(kid, doc["assertionMethod"])
        return jwt.decode(token, keys[kid], algorithms=["EdDSA"], options={"verify_aud": False})

    def status_bit(self, cert):
        credential = self.client.get(f"/verify/{cert.verify_code}/credential").content.decode()
        entry = self.verify_jwt(credential)["credentialStatus"]
        status_list = self.verify_jwt(
            self.client.get(entry["statusListCredential"].removeprefix(PUBLIC)).content.decode()
        )
        bits = decode_bits(status_list["credentialSubject"]["encodedList"])
        self.assertGreaterEqual(len(bits) * 8, LIST_SIZE)
        return is_set(bits, int(entry["statusListIndex"]))

    def test_the_public_page_shows_the_certificate_with_the_holder_masked(self):
        r = self.client.get(f"/verify/{self.cert.verify_code}")
        self.assertContains(r, "ZS2023-0001")
        self.assertContains(r, "张*")
        self.assertNotContains(r, "张三")
        self.assertContains(r, "甲职业学院")
        self.assertContains(r, 'data-status="valid"')
        self.assertContains(r, "<svg")

    def test_unknown_and_malformed_codes_get_the_same_404(self):
        unknown = self.client.get("/verify/" + "A" * 20)
        malformed = self.client.get("/verify/not-a-code")
        self.assertEqual(unknown.status_code, 404)
        self.assertEqual(malformed.status_code, 404)
        self.assertEqual(unknown.content, malformed.content)

    def test_the_page_is_rate_limited(self):
        url = f"/verify/{self.cert.verify_code}"
        # All 31 requests fall in one minute's window, however slowly the machine runs them.
        with mock.patch("onex.core.ratelimit.time.time", return_value=1_800_000_000.0):
            codes = [self.client.get(url).status_code for _ in range(31)]
        self.assertEqual(codes[:30], [200] * 30)
        self.assertEqual(codes[30], 429)

    def test_an_employer_checks_a_number_and_full_name_and_gets_yes_or_no(self):
        yes = self.client.get("/verify/check/", {"number": "ZS2023-0001", "full_name": "张三", "format": "json"})
        no = self.client.get("/verify/check/", {"number": "ZS2023-0001", "full_name": "李四", "format": "json"})
        self.assertEqual(yes.json(), {"match": True})
        self.assertEqual(no.json(), {"match": False})

    def test_the_credential_is_an_open_badge_signed_with_the_key_in_did_json(self):
        r = self.client.get(f"/verify/{self.cert.verify_code}/credential")
        self.assertEqual(r["Content-Type"], "application/vc+jwt")
        header = jwt.get_unverified_header(r.content.decode())
        self.assertEqual(header["alg"], "EdDSA")
        claims = self.verify_jwt(r.content.decode())
        self.assertIn("OpenBadgeCredential", claims["type"])
        self.assertEqual(claims["@context"][0], "https://www.w3.org/ns/credentials/v2")
        self.assertEqual(claims["issuer"]["id"], "did:web:onex.example.edu.cn")
        self.assertEqual(claims["credentialSubject"]["achievement"]["name"], "测试证书（中级）")
        self.assertEqual(claims["credentialStatus"]["type"], "BitstringStatusListEntry")

    def test_a_tampered_credential_fails_verification(self):
        token = self.client.get(f"/verify/{self.cert.verify_code}/credential").content.decode()
        head, body, sig = token.split(".")
        forged = jwt.utils.base64url_encode(json.dumps({"name": "forged"}).encode()).decode()
        with self.assertRaises(jwt.InvalidSignatureError):
            self.verify_jwt(f"{head}.{forged}.{sig}")

    def test_after_revocation_the_status_list_marks_it_revoked(self):
        self.assertFalse(self.status_bit(self.cert))
        self.client.force_login(self.office)
        r = self.client.post("/credentials/revoke/", {"ids": [self.cert.pk], "reason": "证书信息有误"})
        self.assertEqual(r.status_code, 302)
        self.assertTrue(self.status_bit(self.cert))
        self.assertFalse(self.status_bit(self.cert2))
        page = self.client.get(f"/verify/{self.cert.verify_code}")
        self.assertContains(page, 'data-status="revoked"')
        self.assertNotContains(page, "证书信息有误")  # the reason is internal
        self.assertTrue(AuditEvent.objects.filter(action="certificate.revoke", target_id=str(self.cert.pk)).exists())

    def test_old_credentials_still_verify_after_the_key_is_rotated(self):
        old = self.client.get(f"/verify/{self.cert.verify_code}/credential").content.decode()
        signing.key_create()
        new = self.client.get(f"/verify/{self.cert.verify_code}/credential").content.decode()
        self.assertNotEqual(jwt.get_unverified_header(old)["kid"], jwt.get_unverified_header(new)["kid"])
        self.assertEqual(self.verify_jwt(old)["id"], self.verify_jwt(new)["id"])

    def test_only_the_office_may_revoke(self):
        for user in (self.coordinator, self.finance, self.leader, self.teacher, self.student):
            self.client.force_login(user)
            self.client.post("/credentials/revoke/", {"ids": [self.cert.pk], "reason": "x"})
        self.cert.refresh_from_db()
        self.assertEqual(self.cert.status, "valid")

    def test_it_cannot_revoke_a_certificate_of_another_institution(self):
        self.client.force_login(self.office2)
        self.client.post("/credentials/revoke/", {"ids": [self.cert.pk], "reason": "x"})
        self.cert.refresh_from_db()
        self.assertEqual(self.cert.status, "valid")

    def test_the_office_list_shows_only_its_institution(self):
        self.client.force_login(self.office)
        r = self.client.get("/credentials/")
        self.assertContains(r, "ZS2023-0001")
        self.assertNotContains(r, "ZS2023-0002")

    def test_the_office_list_is_forbidden_to_students_and_teachers(self):
        for user in (self.student, self.teacher, self.coordinator, self.finance):
            self.client.force_login(user)
            self.assertEqual(self.client.get("/credentials/").status_code, 403)

    def test_the_command_prints_the_years_certificates(self):
        out = io.StringIO()
        call_command("certificates", "--institution", "AAA", "--year", "2023", stdout=out)
        rows = json.loads(out.getvalue())
        self.assertEqual(
            rows,
            [
                {
                    "number": "ZS2023-0001",
                    "verify_code": self.cert.verify_code,
                    "certificate": "测试证书",
                    "level": "中级",
                    "status": "valid",
                }
            ],
        )


class SigningKeysCommandTestCase(OneXTestCase):
    def test_it_creates_a_missing_key_once_and_rotates_on_request(self):
        import shutil

        shutil.rmtree(signing.keys_folder(), ignore_errors=True)
        call_command("signing_keys", stdout=io.StringIO())
        call_command("signing_keys", stdout=io.StringIO())
        self.assertEqual(len(signing.all_keys()), 1)
        out = io.StringIO()
        call_command("signing_keys", "--rotate", stdout=out)
        keys = signing.all_keys()
        self.assertEqual(len(keys), 2)
        self.assertIn(f"* {signing.verification_method_id(keys[-1])}", out.getvalue())
