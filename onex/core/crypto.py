"""Encryption of personal identifiers at rest.

ID numbers are stored three ways: AES-GCM ciphertext (to reveal), an HMAC-SHA256
lookup hash (to find and deduplicate), and a masked form (to show). Both keys
live in files outside the database, created on first use.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
from functools import cache
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings


def _key_file(name: str) -> Path:
    return Path(settings.KEYS_DIR) / name


def _load_or_create(name: str) -> bytes:
    path = _key_file(name)
    if path.exists():
        return base64.b64decode(path.read_text().strip())
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_bytes(32)
    # O_EXCL: two processes starting at once must not write two keys.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return base64.b64decode(path.read_text().strip())
    with os.fdopen(fd, "w") as fh:
        fh.write(base64.b64encode(key).decode())
    return key


@cache
def _keys(keys_dir: str) -> tuple[AESGCM, bytes]:
    return AESGCM(_load_or_create("id-encryption.key")), _load_or_create("id-lookup.key")


def _current() -> tuple[AESGCM, bytes]:
    return _keys(str(settings.KEYS_DIR))


def encrypt(plain: str) -> str:
    aead, _ = _current()
    nonce = secrets.token_bytes(12)
    return base64.b64encode(nonce + aead.encrypt(nonce, plain.encode(), None)).decode()


def decrypt(token: str) -> str:
    aead, _ = _current()
    raw = base64.b64decode(token)
    return aead.decrypt(raw[:12], raw[12:], None).decode()


def lookup_hash(plain: str) -> str:
    _, key = _current()
    return hmac.new(key, plain.upper().encode(), hashlib.sha256).hexdigest()


def mask_id_number(plain: str) -> str:
    """440902200001011234 -> 440902********1234."""
    if len(plain) <= 8:
        return plain[:1] + "*" * max(len(plain) - 2, 0) + plain[-1:]
    keep_tail = 4
    keep_head = 6 if len(plain) >= 15 else 2
    return plain[:keep_head] + "*" * (len(plain) - keep_head - keep_tail) + plain[-keep_tail:]


def mask_name(name: str) -> str:
    """张三 -> 张*, 张小三 -> 张*三."""
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def mask_phone(phone: str) -> str:
    if len(phone) < 7:
        return phone
    return phone[:3] + "****" + phone[-4:]
