"""The year's figures and the office dashboard over 1,000,000 registrations, on SQLite and PostgreSQL.

    .venv/bin/python bench/figures.py [--rows 1000000] [--db sqlite,postgresql]

Each database runs in its own process on a scratch database (SQLite: a file in a
temporary folder; PostgreSQL: ``onex_bench`` on 127.0.0.1:5432, dropped and made
again). Rows are generated with raw executemany (COPY on PostgreSQL). Prints
``name: value unit (ratio x)`` lines; the ratio is against the same call over
1,000 registrations in the same process, so it shows how the cost grows with size.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
PG_BENCH = "postgres://postgres@127.0.0.1:5432/onex_bench"
PILOTS = 20
YEAR = 2023


def line(name: str, value: float, unit: str, ratio: float | None = None) -> None:
    tail = f" ({ratio:.1f} x)" if ratio is not None else ""
    print(f"{name}: {value:.1f} {unit}{tail}", flush=True)


def fresh_postgres() -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS onex_bench WITH (FORCE)")
        conn.execute("CREATE DATABASE onex_bench")


def setup_django(db: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "onex.settings"
    os.environ["ONEX_DATA_DIR"] = tempfile.mkdtemp(prefix="onex-bench-figures-")
    (Path(os.environ["ONEX_DATA_DIR"]) / "static").mkdir()
    os.environ["AXES_ENABLED"] = "0"
    if db == "postgresql":
        fresh_postgres()
        os.environ["DATABASE_URL"] = PG_BENCH
    else:
        os.environ.pop("DATABASE_URL", None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def generate(institution_code: str, registrations: int) -> int:
    """An institution with PILOTS pilots of YEAR and ``registrations`` registrations, most with a result."""
    from decimal import Decimal

    from django.db import connection, transaction

    from onex.catalog.models import Certificate, EvaluationOrganization
    from onex.core.fields import Level
    from onex.finance.models import Budget
    from onex.org import services as org
    from onex.pilots.models import Pilot

    inst = org.institution_create(code=institution_code, name=f"基准学院{institution_code}", province="广东省")
    dept = org.department_create(institution=inst, name="基准系")
    klass = org.class_group_create(major=org.major_create(department=dept, name="基准专业"), name="基准1班",
                                   entry_year=2022)  # fmt: skip
    organization, _ = EvaluationOrganization.objects.get_or_create(name="基准评价组织")
    pilot_ids = []
    for i in range(PILOTS):
        cert, _ = Certificate.objects.get_or_create(
            code=f"B-{i}",
            defaults={"name": f"基准证书{i}", "organization": organization, "levels": [Level.INTERMEDIATE]},
        )
        pilot = Pilot.objects.create(institution=inst, year=YEAR, certificate=cert, level=Level.INTERMEDIATE,
                                     department=dept, fee_per_candidate=Decimal("300.00"))  # fmt: skip
        pilot_ids.append(pilot.pk)
    Budget.objects.create(institution=inst, year=YEAR, source="基准经费", amount=Decimal("1000000.00"))
    students = (registrations + PILOTS - 1) // PILOTS
    applied, filed = dt.date(YEAR, 3, 1), dt.date(YEAR, 3, 10)
    recorded = dt.datetime(YEAR, 7, 1, tzinfo=dt.UTC)
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute("SELECT COALESCE(MAX(id), 0) FROM org_student")
        s0 = cur.fetchone()[0]
        cur.execute("SELECT COALESCE(MAX(id), 0) FROM pilots_registration")
        r0 = cur.fetchone()[0]
        student_rows = [
            (s0 + n + 1, inst.pk, f"{institution_code}{n:07d}", f"学生{n}", f"xue2 sheng1 {n}", "", "resident",
             "x", f"{institution_code}-{n:064d}"[-64:], "4409**********000X", "", klass.pk, False)
            for n in range(students)
        ]  # fmt: skip
        registration_rows = []
        result_rows = []
        for n in range(registrations):
            rid = r0 + n + 1
            withdrawn = applied if n % 50 == 0 else None
            registration_rows.append((rid, pilot_ids[n % PILOTS], s0 + n // PILOTS + 1, "school", applied, filed,
                                      withdrawn, ""))  # fmt: skip
            if n % 10 < 9:
                outcome = ("pass", "pass", "pass", "fail", "absent")[n % 5]
                result_rows.append((rid, outcome, recorded))
        student_sql = (
            "INSERT INTO org_student (id, institution_id, student_number, name, name_pinyin, gender, id_type,"
            " id_number_cipher, id_number_hash, id_number_masked, phone, class_group_id, is_external)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
        )
        registration_sql = (
            "INSERT INTO pilots_registration (id, pilot_id, student_id, trainee_type, applied_on, filed_on,"
            " withdrawn_on, withdrawal_reason) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)"
        )
        result_sql = "INSERT INTO exams_result (registration_id, outcome, recorded_at) VALUES (%s, %s, %s)"
        if connection.vendor == "postgresql":
            raw = cur.cursor
            for table, columns, rows in (
                ("org_student", student_sql, student_rows),
                ("pilots_registration", registration_sql, registration_rows),
                ("exams_result", result_sql, result_rows),
            ):
                names = columns.split("(", 1)[1].split(")", 1)[0]
                with raw.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            for table in ("org_student", "pilots_registration", "exams_result"):
                cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))")
        else:
            cur.executemany(student_sql, student_rows)
            cur.executemany(registration_sql, registration_rows)
            cur.executemany(result_sql, result_rows)
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    return inst.pk


def timed(fn, repeat: int = 3) -> tuple[float, int]:
    """Best wall time in ms of ``repeat`` calls, and the queries of one call."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    best = float("inf")
    queries = 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            fn()
            best = min(best, (time.perf_counter() - start) * 1000)
        queries = len(ctx.captured_queries)
    return best, queries


def measure(db: str, rows: int) -> None:
    setup_django(db)
    from django.test import Client

    from onex.accounts.services import user_create
    from onex.core.roles import Role
    from onex.finance.figures import year_figures
    from onex.org.models import Institution

    start = time.perf_counter()
    small = generate("SMALL", 1_000)
    big = generate("BIG", rows)
    line(f"figures.{db}.generate_{rows}_registrations", time.perf_counter() - start, "s")

    start = time.perf_counter()
    first = year_figures(institution_id=big, year=YEAR)
    line(f"figures.{db}.year_figures_{rows}_first_call", (time.perf_counter() - start) * 1000, "ms")
    line(f"figures.{db}.year_figures_{rows}_registered", first.totals.registered, "registrations")
    results = {}
    for label, inst_id in (("small", small), ("big", big)):
        results[label] = timed(lambda inst_id=inst_id: year_figures(institution_id=inst_id, year=YEAR))
    ms, queries = results["big"]
    line(f"figures.{db}.year_figures_{rows}", ms, "ms", ms / results["small"][0])
    line(f"figures.{db}.year_figures_{rows}_queries", queries, "queries", queries / results["small"][1])

    pages = {}
    for label, inst_id in (("small", small), ("big", big)):
        user = user_create(username=f"office-{label}", password="onex-bench-password", role=Role.OFFICE,
                           institution=Institution.objects.get(pk=inst_id))  # fmt: skip
        client = Client()
        client.force_login(user)

        def get(client: Client = client) -> None:
            response = client.get(f"/office/?year={YEAR}")
            assert response.status_code == 200, response.status_code

        pages[label] = timed(get)
    ms, queries = pages["big"]
    line(f"figures.{db}.dashboard_{rows}", ms, "ms", ms / pages["small"][0])
    line(f"figures.{db}.dashboard_{rows}_queries", queries, "queries", queries / pages["small"][1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--db", default="sqlite,postgresql")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        measure(args.one, args.rows)
        return
    failed = False
    for db in args.db.split(","):
        done = subprocess.run([sys.executable, __file__, "--one", db, "--rows", str(args.rows)], cwd=ROOT)
        failed = failed or done.returncode != 0
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
