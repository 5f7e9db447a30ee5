"""Verification codes and status-list slots for issued certificates."""

import secrets

from django.db.models import Max

# 20 characters from a 31-letter alphabet (about 99 bits), with no 0/O or 1/I/L to misread.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 20


def new_verify_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def new_identity_salt() -> str:
    """A per-certificate secret (盐值) for the holder's identity hash; never published."""
    return secrets.token_hex(16)


def next_status_index() -> int:
    """The next free slot in the revocation status list (callers hold a transaction)."""
    from onex.credentials.models import IssuedCertificate

    current = IssuedCertificate.objects.aggregate(m=Max("status_index"))["m"]
    return 0 if current is None else current + 1
