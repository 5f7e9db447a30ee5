"""Small helpers shared by the demo modules."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from typing import TextIO
from zoneinfo import ZoneInfo

from stdnum.cn import ric

SHANGHAI = ZoneInfo("Asia/Shanghai")

# Districts of Maoming; the 9xx sequence codes make every number fictitious.
AREAS = ("440902", "440903", "440981", "440982", "440983")


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """A timezone-aware Asia/Shanghai time on ``day``."""
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=SHANGHAI)


def demo_id_number(n: int, *, birth_year: int, male: bool) -> str:
    """The n-th fictitious resident ID number of a cohort: valid checksum, sequence 9xx.

    Distinct n give distinct numbers (area, birthday and sequence block together).
    """
    area = AREAS[n % len(AREAS)]
    birthday = dt.date(birth_year, 1, 1) + dt.timedelta(days=(n // len(AREAS)) % 360)
    block = n // (len(AREAS) * 360)
    sequence = 900 + 2 * block + (1 if male else 0)
    body = f"{area}{birthday:%Y%m%d}{sequence:03d}"
    return body + ric.calc_check_digit(body + "0")  # the function skips the last character


class Progress:
    """One line per step, so a long load shows where it is."""

    def __init__(self, out: TextIO | None = None) -> None:
        self.out = out if out is not None else sys.stdout

    def __call__(self, message: str) -> None:
        self.out.write(message + "\n")
        self.out.flush()


Say = Callable[[str], None]


def quiet(message: str) -> None:
    """A progress sink that says nothing."""
