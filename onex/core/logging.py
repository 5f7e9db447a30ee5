"""Keeps ID numbers out of logs, whatever code logs them."""

import logging
import re

from onex.core.crypto import mask_id_number

# 18-character resident ID numbers (the last may be X) and 15-digit old ones.
_ID_RE = re.compile(r"(?<![0-9A-Za-z])(?:\d{17}[0-9Xx]|\d{15})(?![0-9A-Za-z])")


def redact(text: str) -> str:
    return _ID_RE.sub(lambda m: mask_id_number(m.group(0)), text)


class MaskIdNumbersFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg = cleaned
            record.args = None
        return True
