"""Revocation published as a W3C Bitstring Status List.

Each issued certificate owns one bit (its ``status_index``); a list holds at
least 131,072 bits (16 KiB), the minimum the specification sets for privacy.
Bit 0 is the most significant bit of the first byte.
"""

from __future__ import annotations

import base64
import gzip
from typing import Any

from onex.credentials.models import CertificateStatus, IssuedCertificate
from onex.credentials.signing import issuer_did, public_base_url

LIST_SIZE = 131072


def list_number(status_index: int) -> int:
    return status_index // LIST_SIZE


def list_url(number: int) -> str:
    return f"{public_base_url()}/verify/status/{number}"


def status_entry(cert: IssuedCertificate) -> dict[str, Any]:
    number = list_number(cert.status_index)
    return {
        "id": f"{list_url(number)}#{cert.status_index % LIST_SIZE}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": str(cert.status_index % LIST_SIZE),
        "statusListCredential": list_url(number),
    }


def encode_bits(revoked_positions: list[int]) -> str:
    bits = bytearray(LIST_SIZE // 8)
    for pos in revoked_positions:
        bits[pos // 8] |= 0x80 >> (pos % 8)
    # Multibase prefix "u": base64url without padding.
    return "u" + base64.urlsafe_b64encode(gzip.compress(bytes(bits), mtime=0)).rstrip(b"=").decode()


def decode_bits(encoded: str) -> bytes:
    data = encoded[1:] if encoded.startswith("u") else encoded
    return gzip.decompress(base64.urlsafe_b64decode(data + "=" * (-len(data) % 4)))


def is_set(bits: bytes, position: int) -> bool:
    return bool(bits[position // 8] & (0x80 >> (position % 8)))


def status_list_credential(number: int) -> dict[str, Any]:
    start, end = number * LIST_SIZE, (number + 1) * LIST_SIZE
    revoked = IssuedCertificate.objects.filter(
        status=CertificateStatus.REVOKED, status_index__gte=start, status_index__lt=end
    ).values_list("status_index", flat=True)
    url = list_url(number)
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_did(),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encode_bits([i - start for i in revoked]),
        },
    }
