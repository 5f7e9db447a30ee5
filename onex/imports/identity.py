"""ID number hashing and encryption for many rows at once.

Produces exactly what ``onex.core.crypto.lookup_hash`` and ``onex.core.crypto.encrypt``
produce, with the keys fetched once and the nonces drawn in one call, since
the per-call overhead dominates at a hundred thousand rows.
"""

from __future__ import annotations

import binascii
import hmac
import secrets
from collections.abc import Callable

from onex.core import crypto


def lookup_hash(plain: str) -> str:
    _, key = crypto._current()
    return hmac.digest(key, plain.upper().encode(), "sha256").hex()


def hasher() -> Callable[[str], str]:
    """``lookup_hash`` with the key fetched once, for a loop over many rows."""
    _, key = crypto._current()
    digest = hmac.digest

    def hashed(plain: str) -> str:
        return digest(key, plain.upper().encode(), "sha256").hex()

    return hashed


class Encryptor:
    def __init__(self, count: int) -> None:
        self.aead, _ = crypto._current()
        self.nonces = secrets.token_bytes(12 * max(count, 1))
        self.used = 0

    def encrypt(self, plain: str) -> str:
        start = self.used * 12
        if start + 12 > len(self.nonces):
            self.nonces += secrets.token_bytes(12 * 1024)
        nonce = self.nonces[start : start + 12]
        self.used += 1
        return binascii.b2a_base64(nonce + self.aead.encrypt(nonce, plain.encode(), None), newline=False).decode()
