"""Issued certificates as Open Badges 3.0 credentials (W3C Verifiable Credentials 2.0)."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any
from zoneinfo import ZoneInfo

from onex.core.fields import LEVEL_CHINESE
from onex.credentials.models import IssuedCertificate
from onex.credentials.signing import issuer_did, public_base_url, sign_credential
from onex.credentials.statuslist import status_entry

CONTEXTS = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
_SHANGHAI = ZoneInfo("Asia/Shanghai")


def verify_url(cert: IssuedCertificate) -> str:
    return f"{public_base_url()}/verify/{cert.verify_code}"


def identity_hash(name: str, salt: str) -> str:
    """The holder's name as OB 3.0 hashes it: sha256 of the name followed by the salt."""
    return "sha256$" + hashlib.sha256((name + salt).encode()).hexdigest()


def open_badge_credential(cert: IssuedCertificate) -> dict[str, Any]:
    pilot = cert.registration.pilot
    certificate = pilot.certificate
    institution = pilot.institution
    level = LEVEL_CHINESE.get(pilot.level, pilot.level)
    issued_at = dt.datetime.combine(cert.issued_on, dt.time(0, 0), tzinfo=_SHANGHAI)
    achievement_name = f"{certificate.name}（{level}）"
    credential: dict[str, Any] = {
        "@context": CONTEXTS,
        "id": f"{verify_url(cert)}/credential",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {
            "id": issuer_did(),
            "type": ["Profile"],
            "name": institution.name,
            "url": public_base_url(),
        },
        "validFrom": issued_at.isoformat(),
        "name": achievement_name,
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    # Salted with a secret only the holder is shown, and the salt is left
                    # out: a public salt lets anyone confirm a guessed name from the mask.
                    "identityHash": identity_hash(cert.registration.student.name, cert.identity_salt),
                    "identityType": "name",
                    "hashed": True,
                }
            ],
            "achievement": {
                "id": f"{public_base_url()}/verify/achievements/{certificate.code}/{pilot.level}",
                "type": ["Achievement"],
                "achievementType": "Certificate",
                "name": achievement_name,
                "description": f"1+X 职业技能等级证书：{achievement_name}，培训评价组织：{certificate.organization.name}",
                "criteria": {"narrative": f"通过{certificate.organization.name}组织的{achievement_name}考核。"},
                "creator": {
                    "id": f"{public_base_url()}/verify/organizations/{certificate.organization_id}",
                    "type": ["Profile"],
                    "name": certificate.organization.name,
                },
            },
            "licenseNumber": cert.number,
        },
        "credentialStatus": status_entry(cert),
    }
    return credential


def signed_open_badge(cert: IssuedCertificate) -> str:
    return sign_credential(open_badge_credential(cert))
