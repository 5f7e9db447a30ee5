"""The public credential (公开电子证书) as outside software and strangers see it.

The JWT is checked against Open Badges 3.0 §8.2 by hand and verified with joserfc,
a JOSE library other than the PyJWT that signs it, using the key that
``/.well-known/did.json`` publishes.
"""

import base64
import datetime as dt
import hashlib
import json
import warnings

from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse
from joserfc import jwt as jose_jwt
from joserfc.errors import BadSignatureError
from joserfc.jwk import OKPKey

from onex.credentials.codes import new_verify_code, next_status_index
from onex.credentials.models import IssuedCertificate
from onex.credentials.services.revocation import certificate_revoke
from testsupport.base import OneXTestCase

PUBLIC = "https://onex.example.edu.cn"
SURNAMES = "王李张刘陈杨赵黄周吴"
GIVEN = "三四五六七八九伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂"


def _segment(token: str, n: int) -> dict:
    part = token.split(".")[n]
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


@override_settings(ONEX_PUBLIC_URL=PUBLIC)
class PublicCredentialTestCase(OneXTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.issued = IssuedCertificate.objects.create(
            registration=cls.registration,
            number="ZS2023-0001",
            issued_on=dt.date(2023, 12, 20),
            verify_code=new_verify_code(),
            status_index=next_status_index(),
        )

    def setUp(self):
        cache.clear()

    def token(self) -> str:
        return self.client.get(f"/verify/{self.issued.verify_code}/credential").content.decode()

    def jose_decode(self, token: str):
        """Resolve kid through did.json as an outside verifier would, then verify with joserfc."""
        doc = self.client.get("/.well-known/did.json").json()
        kid = _segment(token, 0)["kid"]
        self.assertTrue(kid.startswith(doc["id"] + "#"))
        self.assertIn(kid, doc["assertionMethod"])
        jwk = next(m["publicKeyJwk"] for m in doc["verificationMethod"] if m["id"] == kid)
        self.assertNotIn("d", jwk)
        with warnings.catch_warnings():
            # joserfc flags the generic "EdDSA" name (RFC 9864); OB 3.0 verifiers know it by that name.
            warnings.simplefilter("ignore")
            return jose_jwt.decode(token, OKPKey.import_key(jwk), algorithms=["EdDSA"])

    def test_another_jose_library_verifies_the_credential_with_the_key_from_did_json(self):
        decoded = self.jose_decode(self.token())
        self.assertIn("OpenBadgeCredential", decoded.claims["type"])
        self.assertEqual(decoded.claims["credentialSubject"]["licenseNumber"], "ZS2023-0001")

    def test_a_tampered_credential_fails_the_other_library_too(self):
        head, body, sig = self.token().split(".")
        claims = _segment(f"{head}.{body}.{sig}", 1)
        claims["name"] = "伪造证书"
        forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
        with self.assertRaises(BadSignatureError):
            self.jose_decode(f"{head}.{forged}.{sig}")

    def test_the_jose_header_has_only_what_ob3_allows(self):
        header = _segment(self.token(), 0)
        # §8.2: alg required; kid or jwk; typ, if present, "JWT"; no other headers.
        self.assertEqual(header["alg"], "EdDSA")
        self.assertEqual(header["typ"], "JWT")
        self.assertTrue(header["kid"].startswith("did:web:onex.example.edu.cn#"))
        self.assertLessEqual(set(header), {"alg", "kid", "jwk", "typ"})

    def test_the_payload_is_the_credential_with_its_registered_claims_mapped(self):
        claims = self.jose_decode(self.token()).claims
        self.assertNotIn("vc", claims)  # VCDM 2.0: the credential sits at the top level
        self.assertEqual(claims["validFrom"], "2023-12-20T00:00:00+08:00")
        # 2023-12-20 00:00 in Shanghai is 2023-12-19 16:00 UTC.
        self.assertEqual(claims["nbf"], int(dt.datetime(2023, 12, 19, 16, 0, tzinfo=dt.UTC).timestamp()))
        self.assertEqual(claims["iss"], claims["issuer"]["id"])
        self.assertEqual(claims["iss"], "did:web:onex.example.edu.cn")
        self.assertEqual(claims["jti"], claims["id"])
        self.assertEqual(claims["jti"], f"{PUBLIC}/verify/{self.issued.verify_code}/credential")
        # No validUntil, so no exp; no credentialSubject.id, so no sub.
        self.assertNotIn("validUntil", claims)
        self.assertNotIn("exp", claims)
        self.assertNotIn("id", claims["credentialSubject"])
        self.assertNotIn("sub", claims)

    def test_the_status_list_credential_verifies_with_the_other_library(self):
        entry = self.jose_decode(self.token()).claims["credentialStatus"]
        status = self.client.get(entry["statusListCredential"].removeprefix(PUBLIC)).content.decode()
        claims = self.jose_decode(status).claims
        self.assertEqual(claims["iss"], claims["issuer"])
        self.assertEqual(claims["jti"], entry["statusListCredential"])

    def test_the_full_name_cannot_be_confirmed_from_what_the_public_sees(self):
        page = self.client.get(f"/verify/{self.issued.verify_code}").content.decode()
        self.assertIn("张*", page)
        identity = self.jose_decode(self.token()).claims["credentialSubject"]["identifier"][0]
        published = json.dumps(identity, ensure_ascii=False)
        self.assertNotIn(self.issued.identity_salt, published)
        self.assertNotIn(self.issued.identity_salt, page)
        # The attack that used to work: hash every name the mask allows with the public code.
        candidates = [s + g for s in SURNAMES for g in GIVEN] + [s + g for s in SURNAMES for g in GIVEN + "*"]
        public_strings = [self.issued.verify_code, identity.get("salt", ""), ""]
        confirmed = [
            name
            for name in candidates
            for salt in public_strings
            if "sha256$" + hashlib.sha256((name + salt).encode()).hexdigest() == identity["identityHash"]
        ]
        self.assertIn("张三", candidates)
        self.assertEqual(confirmed, [])

    def test_the_holder_sees_the_secret_that_proves_the_name(self):
        self.client.force_login(self.student)
        page = self.client.get(reverse("portal_student")).content.decode()
        self.assertIn(self.issued.identity_salt, page)
        self.client.logout()
        identity = self.jose_decode(self.token()).claims["credentialSubject"]["identifier"][0]
        expected = "sha256$" + hashlib.sha256(("张三" + self.issued.identity_salt).encode()).hexdigest()
        self.assertEqual(identity["identityHash"], expected)

    def test_each_certificate_has_its_own_secret(self):
        other = IssuedCertificate.objects.create(
            registration=self.registration2,
            number="ZS2023-0002",
            issued_on=dt.date(2023, 12, 21),
            verify_code=new_verify_code(),
            status_index=next_status_index(),
        )
        self.assertGreaterEqual(len(self.issued.identity_salt), 32)
        self.assertNotEqual(other.identity_salt, self.issued.identity_salt)

    def test_the_revocation_reason_stays_off_the_public_page_and_the_credentials(self):
        reason = "内部原因：考务违纪复核"
        certificate_revoke(certificate=self.issued, reason=reason, actor=self.office)
        page = self.client.get(f"/verify/{self.issued.verify_code}")
        self.assertContains(page, 'data-status="revoked"')
        self.assertContains(page, "已撤销")
        self.issued.refresh_from_db()
        self.assertContains(page, self.issued.revoked_on.strftime("%Y-%m-%d"))
        self.assertNotContains(page, reason)
        self.assertNotContains(page, "考务违纪")
        claims = self.jose_decode(self.token()).claims
        status = self.client.get(claims["credentialStatus"]["statusListCredential"].removeprefix(PUBLIC))
        status_claims = self.jose_decode(status.content.decode()).claims
        for published in (claims, status_claims):
            self.assertNotIn("考务违纪", json.dumps(published, ensure_ascii=False))
