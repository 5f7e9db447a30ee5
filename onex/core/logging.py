"""Keeps ID numbers (身份证号) and mobile numbers (手机号) out of logs, whatever code logs them.

The mask is a filter on every handler, not on some loggers: a record reaches
output only through a handler, so the access log (``django.server``), request
errors (``django.request``) and any library's logger are masked alike.
``configure`` (the LOGGING_CONFIG) applies the settings' LOGGING and then puts
the filter on every handler that exists, including those Django's defaults or
a server installed before; it also masks each record as it is made, so a
handler added later (a test's log capture, a library's) gets masked text too.
"""

from __future__ import annotations

import logging
import logging.config
import re
from typing import Any

from onex.core.crypto import mask_id_number, mask_phone

# 18-character resident ID numbers (the last may be X) and 15-digit old ones; a
# longer run of digits is something else.
_ID_RE = re.compile(r"(?<!\d)(?:\d{17}[0-9Xx]|\d{15})(?![0-9Xx])")
# Mainland mobile numbers: 11 digits starting 13-19.
_PHONE_RE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


def redact(text: str) -> str:
    text = _ID_RE.sub(lambda m: mask_id_number(m.group(0)), text)
    return _PHONE_RE.sub(lambda m: mask_phone(m.group(0)), text)


def mask_record(record: logging.LogRecord) -> logging.LogRecord:
    """Mask the formatted message, the traceback and the stack of a record before any formatter sees them."""
    try:
        message = record.getMessage()
    except Exception:  # a broken format string: let the handler report it as usual
        return record
    cleaned = redact(message)
    if cleaned != message:
        record.msg = cleaned
        record.args = None
    if record.exc_info and not record.exc_text:
        record.exc_text = logging.Formatter().formatException(record.exc_info)
    if record.exc_text:
        record.exc_text = redact(record.exc_text)
    if record.stack_info:
        record.stack_info = redact(record.stack_info)
    return record


class MaskIdNumbersFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        mask_record(record)
        return True


_plain_factory = logging.getLogRecordFactory()


def _masked_record(*args: Any, **kwargs: Any) -> logging.LogRecord:
    return mask_record(_plain_factory(*args, **kwargs))


def _all_handlers() -> list[logging.Handler]:
    loggers: list[logging.Logger] = [logging.getLogger()]
    loggers += [lg for lg in logging.Logger.manager.loggerDict.values() if isinstance(lg, logging.Logger)]
    seen: dict[int, logging.Handler] = {}
    for lg in loggers:
        for handler in lg.handlers:
            seen[id(handler)] = handler
    return list(seen.values())


def mask_every_handler() -> None:
    """Put the mask on every handler of every logger that does not have it yet."""
    for handler in _all_handlers():
        if not any(isinstance(f, MaskIdNumbersFilter) for f in handler.filters):
            handler.addFilter(MaskIdNumbersFilter())


def configure(config: dict[str, Any]) -> None:
    """LOGGING_CONFIG: the settings' LOGGING, then the mask on whatever handler is left without it."""
    logging.config.dictConfig(config)
    mask_every_handler()
    logging.setLogRecordFactory(_masked_record)
