"""p50 and p95 of a logged-in list page and of the dashboard under 20 concurrent users.

The list page is the registration list (``/pilots/registrations/``); the admin's
changelist of the same rows is measured beside it for comparison.

    .venv/bin/python bench/load.py [--rows 1000000] [--users 20] [--requests 400]

A real gunicorn serves the project on 127.0.0.1 against PostgreSQL (scratch
database ``onex_bench``, filled by bench/figures.py's generator). Beside the pages,
a trivial logged-in view in the same server (``/bench/ping/``) is the baseline:
each ratio is a page's p95 over the baseline's p95. The load comes from a small
threaded client, bounded by a number of requests, against 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

HOST = "127.0.0.1"
PAGES = {
    "baseline_ping": "/bench/ping/",
    "list_registrations": "/pilots/registrations/",
    "list_registrations_admin": "/admin/pilots/registration/",
    "dashboard": "/office/?year=2023",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def hammer(port: int, path: str, cookie: str, users: int, total: int) -> tuple[list[float], int]:
    times: list[float] = []
    errors = [0]
    lock = threading.Lock()
    per_user = max(total // users, 1)

    def user() -> None:
        conn = http.client.HTTPConnection(HOST, port, timeout=60)
        for _ in range(per_user):
            start = time.perf_counter()
            try:
                conn.request("GET", path, headers={"Cookie": cookie, "Host": HOST})
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                ok = False
                conn.close()
                conn = http.client.HTTPConnection(HOST, port, timeout=60)
            elapsed = (time.perf_counter() - start) * 1000
            with lock:
                times.append(elapsed)
                errors[0] += 0 if ok else 1
        conn.close()

    threads = [threading.Thread(target=user) for _ in range(users)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return times, errors[0]


def percentile(values: list[float], p: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(p) - 1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 2) * 2 + 1)
    args = parser.parse_args()

    import figures

    figures.setup_django("postgresql")  # a fresh onex_bench, migrated
    from django.conf import settings
    from django.test import Client

    from onex.accounts.services import user_create
    from onex.core.roles import Role
    from onex.org.models import Institution

    start = time.perf_counter()
    inst_id = figures.generate("LOAD", args.rows)
    print(f"load.generate_{args.rows}_registrations: {time.perf_counter() - start:.1f} s", flush=True)
    user = user_create(username="load-office", password="onex-bench-password", role=Role.OFFICE,
                       institution=Institution.objects.get(pk=inst_id))  # fmt: skip
    client = Client()
    client.force_login(user)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"

    port = free_port()
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="load_settings", PYTHONPATH=f"{ROOT}:{ROOT / 'bench'}")
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "onex.wsgi:application", "--bind", f"{HOST}:{port}",
         "--workers", str(args.workers), "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection((HOST, port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("gunicorn did not start") from None
                time.sleep(0.2)
        baseline = None
        for name, path in PAGES.items():
            hammer(port, path, cookie, args.users, args.users * 2)  # warm every worker
            times, errors = hammer(port, path, cookie, args.users, args.requests)
            p50, p95 = percentile(times, 50), percentile(times, 95)
            baseline = baseline or p95
            ratio = p95 / baseline
            print(f"load.{name}.p50_{args.users}_users: {p50:.1f} ms", flush=True)
            print(f"load.{name}.p95_{args.users}_users: {p95:.1f} ms ({ratio:.1f} x)", flush=True)
            print(f"load.{name}.errors: {errors} of {len(times)}", flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
