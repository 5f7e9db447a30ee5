"""The child process that parses an uploaded workbook (读表子进程).

Run as ``python -m onex.imports.sheet_reader PATH MEMORY_BYTES CPU_SECONDS``. It
limits its own address space and CPU time before loading the reader, parses the
first sheet with python-calamine and sends back, through ``parallel.send`` on
stdout, either ``("rows", rows)`` or ``("refused", reason, detail)``. A reader that
asks for more memory than allowed ends this process only; the parent turns that
into a refusal (拒绝) for the user. No Django here: it starts fast and holds nothing.
"""

from __future__ import annotations

import resource
import sys
from typing import Any

from onex.imports.parallel import send

MAX_SHEETS = 50  # the same limit as onex.core.uploads.MAX_SHEETS, checked in the parent again


def read(path: str) -> tuple[Any, ...]:
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(path)
    except Exception:  # calamine raises several private error types
        return ("refused", "unreadable", 0)
    try:
        if len(book.sheet_names) > MAX_SHEETS:
            return ("refused", "too_many_sheets", len(book.sheet_names))
        if not book.sheet_names:
            return ("refused", "no_sheet", 0)
        try:
            return ("rows", book.get_sheet_by_index(0).to_python(skip_empty_area=False))
        except MemoryError:
            raise
        except Exception:
            return ("refused", "unreadable", 0)
    finally:
        book.close()


def main(argv: list[str]) -> int:
    path, memory, seconds = argv[1], int(argv[2]), int(argv[3])
    if memory > 0:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    if seconds > 0:
        resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds))
    try:
        result = read(path)
    except MemoryError:
        result = ("refused", "memory", 0)
    send(sys.stdout.buffer, result)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
