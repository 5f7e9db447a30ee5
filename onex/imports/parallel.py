"""Work that runs ahead in a forked process while this one writes.

A large import is two kinds of work: examining rows (pure Python, one core)
and writing them (the database). ``ahead`` forks a helper process that
examines the chunks and sends each result through a pipe while this process
takes them in order and writes them, so both cores are busy.

``in_child`` runs a module in a fresh interpreter (no inherited state) and takes
the one result it sends back through the same framing; a child that dies gives None.

The helper only computes: it never touches the database connection it
inherited, and leaves with ``os._exit``. Nothing depends on it: if it cannot
be started, dies, or sends something unreadable, this process examines the
remaining chunks itself, so the outcome is the same either way.
"""

from __future__ import annotations

import logging
import os
import pickle
import signal
import struct
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

logger = logging.getLogger(__name__)

HELPER_TIMEOUT_SECONDS = 3600
_LENGTH = struct.Struct("<Q")


def _chunks(count: int, size: int) -> list[tuple[int, int]]:
    return [(start, min(start + size, count)) for start in range(0, count, size)]


def ahead(func: Callable[[int, int], Any], count: int, size: int, *, fork: bool) -> Iterator[Any]:
    """``func(start, stop)`` for consecutive chunks of ``range(count)``, in order.

    With ``fork`` (and where the platform can fork), a helper process computes
    them ahead of the caller.
    """
    chunks = _chunks(count, size)
    if not fork or len(chunks) < 2 or not hasattr(os, "fork"):
        for start, stop in chunks:
            yield func(start, stop)
        return
    try:
        read_end, write_end = os.pipe()
        pid = os.fork()
    except OSError:
        logger.warning("could not start the helper process; examining in this one")
        for start, stop in chunks:
            yield func(start, stop)
        return
    if pid == 0:  # the helper
        os.close(read_end)
        _helper(func, chunks, write_end)
    os.close(write_end)
    done = 0
    try:
        with os.fdopen(read_end, "rb") as pipe:
            for _ in chunks:
                result = _receive(pipe)
                if result is None:
                    break
                done += 1
                yield result
        for start, stop in chunks[done:]:  # the helper failed: finish here
            yield func(start, stop)
    finally:
        _reap(pid)


def _helper(func: Callable[[int, int], Any], chunks: list[tuple[int, int]], write_end: int) -> None:
    code = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.alarm(HELPER_TIMEOUT_SECONDS)  # a helper that hangs ends; the caller finishes the work
        with os.fdopen(write_end, "wb") as pipe:
            for start, stop in chunks:
                send(pipe, func(start, stop))
    except BaseException:
        code = 1
    finally:
        os._exit(code)  # no cleanup: the database connection belongs to the parent


def send(pipe: IO[bytes], value: Any) -> None:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    pipe.write(_LENGTH.pack(len(data)))
    pipe.write(data)
    pipe.flush()


def in_child(module: str, *args: str) -> Any | None:
    """``python -m module *args`` in a new process; the one value it ``send``s to its stdout, or None if it died.

    The child starts from nothing (no fork of this process, its threads or its
    database connection), so any limit it sets on itself bounds only its own work.
    """
    root = Path(__file__).resolve().parents[2]  # the folder holding the onex package
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH")]))}
    with subprocess.Popen(
        [sys.executable, "-m", module, *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,  # a reader's abort message; the caller logs the failure
        env=env,
    ) as child:
        assert child.stdout is not None
        result = _receive(child.stdout)
        child.stdout.close()
        code = child.wait()
    return result if code == 0 else None


def _receive(pipe: Any) -> Any | None:
    head = pipe.read(_LENGTH.size)
    if len(head) < _LENGTH.size:
        return None
    (length,) = _LENGTH.unpack(head)
    data = pipe.read(length)
    if len(data) < length:
        return None
    try:
        return pickle.loads(data)
    except Exception:
        return None


def _reap(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass
