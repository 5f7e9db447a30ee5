"""The issuer's Ed25519 signing keys and its did:web identity.

Keys live in files under the keys folder, never in the database. The newest key
signs; every key ever used stays published in did.json so that credentials
signed before a rotation still verify.
"""

from __future__ import annotations

import base64
import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings

KEY_SUFFIX = ".ed25519.pem"


@dataclass(frozen=True)
class SigningKey:
    key_id: str
    private: Ed25519PrivateKey

    @property
    def public(self) -> Ed25519PublicKey:
        return self.private.public_key()

    def public_jwk(self) -> dict[str, str]:
        raw = self.public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        return {"kty": "OKP", "crv": "Ed25519", "x": _b64url(raw)}


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def keys_folder() -> Path:
    return Path(settings.KEYS_DIR) / "credential-signing"


def public_base_url() -> str:
    return settings.ONEX_PUBLIC_URL.rstrip("/")


def issuer_did() -> str:
    """did:web of the public address; a port is percent-encoded as the method requires."""
    parts = urlsplit(public_base_url())
    did = "did:web:" + quote(parts.netloc, safe="")
    path = parts.path.strip("/")
    if path:
        did += ":" + ":".join(quote(p, safe="") for p in path.split("/"))
    return did


def _load(path: Path) -> SigningKey:
    private = serialization.load_pem_private_key(path.read_bytes(), password=None)
    assert isinstance(private, Ed25519PrivateKey)
    return SigningKey(key_id=path.name.removesuffix(KEY_SUFFIX), private=private)


def all_keys() -> list[SigningKey]:
    folder = keys_folder()
    if not folder.exists():
        return []
    return [_load(p) for p in sorted(folder.glob("*" + KEY_SUFFIX))]


def key_create() -> SigningKey:
    """A new signing key; it becomes the active one. Old keys stay published."""
    folder = keys_folder()
    folder.mkdir(parents=True, exist_ok=True)
    # Names sort by creation time, so the last one is the newest.
    key_id = "key-" + dt.datetime.now(dt.UTC).strftime("%Y%m%d%H%M%S%f")
    private = Ed25519PrivateKey.generate()
    pem = private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    path = folder / (key_id + KEY_SUFFIX)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(pem)
    return SigningKey(key_id=key_id, private=private)


def active_key() -> SigningKey:
    keys = all_keys()
    return keys[-1] if keys else key_create()


def verification_method_id(key: SigningKey) -> str:
    return f"{issuer_did()}#{key.key_id}"


def did_document() -> dict[str, Any]:
    did = issuer_did()
    keys = all_keys() or [active_key()]
    methods = [
        {
            "id": verification_method_id(k),
            "type": "JsonWebKey",
            "controller": did,
            "publicKeyJwk": k.public_jwk(),
        }
        for k in keys
    ]
    return {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/jwk/v1"],
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": [m["id"] for m in methods],
    }


def _numeric_date(value: str) -> int:
    return int(dt.datetime.fromisoformat(value).timestamp())


def registered_claims(credential: dict[str, Any]) -> dict[str, Any]:
    """The JWT claims OB 3.0 §8.2 maps from the credential's own properties."""
    claims: dict[str, Any] = {"iss": did_of(credential)}
    if "validFrom" in credential:
        claims["nbf"] = _numeric_date(credential["validFrom"])
    if "validUntil" in credential:
        claims["exp"] = _numeric_date(credential["validUntil"])
    if "id" in credential:
        claims["jti"] = credential["id"]
    subject = credential.get("credentialSubject")
    if isinstance(subject, dict) and "id" in subject:
        claims["sub"] = subject["id"]
    return claims


def sign_credential(credential: dict[str, Any]) -> str:
    """A VC-JWT as OB 3.0 §8.2 has it: the credential is the payload, plus its registered claims.

    The spec allows no JOSE headers beyond alg, kid, jwk and typ; no iat either, as
    its relation to the credential is undefined and nbf already says when it holds.
    """
    key = active_key()
    claims = {**credential, **registered_claims(credential)}
    headers = {"kid": verification_method_id(key), "typ": "JWT"}
    return jwt.encode(claims, key.private, algorithm="EdDSA", headers=headers)


def did_of(credential: dict[str, Any]) -> str:
    issuer = credential.get("issuer")
    if isinstance(issuer, dict):
        return str(issuer.get("id", issuer_did()))
    return str(issuer or issuer_did())
