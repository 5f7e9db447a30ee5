"""Nothing lost: real ``db_worker`` processes against the test database.

These tests start ``manage.py db_worker`` as subprocesses with the production
task backend (django-tasks-db) and point them at the test database, so they
need a database other processes can open: PostgreSQL. On SQLite the test
database is in memory and they are skipped (CI runs them on PostgreSQL, where
they must never skip). Two people approving the same statement at once needs two
real connections at once, which SQLite's shared in-memory test database turns
into table locks: it runs on PostgreSQL too.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import unittest
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from django.test import TransactionTestCase, override_settings
from django_tasks_db.models import DBTaskResult

from onex.accounts.services import user_create
from onex.audit.models import AuditEvent
from onex.catalog.models import Certificate, EvaluationOrganization
from onex.core.fields import Level
from onex.core.roles import Role
from onex.finance.models import SubsidyLine, SubsidyStatement
from onex.finance.services.subsidies import subsidy_statement_office_approve
from onex.imports.models import ImportJob, ImportKind, ImportStatus
from onex.imports.selectors import job_is_stale, job_progress
from onex.imports.services import import_job_create, import_job_run, import_job_start
from onex.imports.tests.files import roster_row, write_xlsx
from onex.ops.services import import_job_retry, stale_imports_fail
from onex.ops.tasks import probe
from onex.org import services as org
from onex.org.models import Student
from onex.pilots.models import Pilot, Registration
from testsupport.base import make_id_number

ROOT = Path(settings.BASE_DIR)
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
ROWS = 40_000  # enough that the worker is still inside the import's transaction when it is killed


def postgres_only() -> Any:
    return unittest.skipUnless(
        connection.vendor == "postgresql", "worker processes need a shared database: run on PostgreSQL"
    )


def database_url() -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def start_worker(worker_id: str) -> subprocess.Popen[bytes]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="onex.settings",
        DATABASE_URL=database_url(),
        ONEX_DATA_DIR=str(settings.DATA_DIR),
        ONEX_TASK_BACKEND="django_tasks_db.DatabaseBackend",
    )
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay", "--worker-id", worker_id],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def stop(worker: subprocess.Popen[bytes]) -> None:
    if worker.poll() is None:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


def wait_for(condition: Any, *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


class World:
    def __init__(self) -> None:
        organization = EvaluationOrganization.objects.create(name="工作进程评价组织")
        self.cert = Certificate.objects.create(
            code="W-1", name="测试证书", organization=organization, levels=[Level.INTERMEDIATE]
        )
        self.inst = org.institution_create(code="AAA", name="甲职业学院", province="广东省")
        self.dept = org.department_create(institution=self.inst, name="农学系")
        self.major = org.major_create(department=self.dept, name="畜牧兽医")
        org.class_group_create(major=self.major, name="畜牧2201", entry_year=2022)
        self.pilot = Pilot.objects.create(
            institution=self.inst, year=2023, certificate=self.cert, level=Level.INTERMEDIATE,
            department=self.dept, quota=ROWS * 2, fee_per_candidate=Decimal("300.00"),
        )  # fmt: skip
        self.office = user_create(username="alice", password="onex-test-password", role=Role.OFFICE,
                                  institution=self.inst)  # fmt: skip


@postgres_only()
@override_settings(TASKS=DB_TASKS)
class AWorkerKilledInTheMiddleOfAnImport(TransactionTestCase):
    def test_leaves_the_database_as_before_and_the_job_failed_and_retryable(self) -> None:
        world = World()
        tmp = Path(tempfile.mkdtemp(prefix="onex-kill-"))
        first = dt.date(2000, 1, 1)
        rows = [
            roster_row(f"学生{i}", make_id_number(i, birth=f"{first + dt.timedelta(days=i // 100):%Y%m%d}"))
            for i in range(ROWS)
        ]
        path = write_xlsx(tmp / "名单.xlsx", rows)
        upload = SimpleUploadedFile("名单.xlsx", path.read_bytes())
        job = import_job_create(institution=world.inst, kind=ImportKind.ROSTER, year=2023, upload=upload,
                                options={"filed_on": None}, actor=world.office)  # fmt: skip
        before = (Student.objects.count(), Registration.objects.count())
        import_job_start(job=job, actor=world.office)  # queued on commit: autocommit here
        worker = start_worker("killed")
        try:
            wait_for(
                lambda: job_progress(ImportJob.objects.get(pk=job.pk))[0] > 0,  # reported inside its transaction
                timeout=60,
                what="the worker to start the import",
            )
            worker.send_signal(signal.SIGKILL)  # its first chunk is written, the transaction still open
            worker.wait(timeout=10)
        finally:
            stop(worker)
        job.refresh_from_db()
        self.assertEqual(job.status, ImportStatus.RUNNING, "the import finished before the kill: use more rows")
        self.assertEqual((Student.objects.count(), Registration.objects.count()), before)

        # Three minutes without a heartbeat make it stale; recovery marks it failed and queues it again.
        later = job.heartbeat_at + dt.timedelta(minutes=4)
        self.assertTrue(job_is_stale(job, now=later))
        self.assertEqual([j.pk for j in stale_imports_fail(now=later)], [job.pk])
        job.refresh_from_db()
        self.assertEqual(job.status, ImportStatus.FAILED)
        self.assertIn("重新", job.message)
        with self.settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}):
            again = import_job_retry(job=job, actor=world.office)
        self.assertEqual(again.status, ImportStatus.QUEUED)
        finished = import_job_run(job_id=again.pk)
        self.assertEqual(finished.status, ImportStatus.SUCCEEDED, finished.message)
        self.assertEqual(Registration.objects.count(), before[1] + ROWS)


@postgres_only()
@override_settings(TASKS=DB_TASKS)
class TwoWorkersOnOneDatabase(TransactionTestCase):
    def test_run_every_enqueued_task_exactly_once(self) -> None:
        world = World()
        count = 60
        for n in range(count):
            probe.enqueue(institution_id=world.inst.pk, n=n, seconds=0.02)
        workers = [start_worker("one"), start_worker("two")]
        try:
            wait_for(
                lambda: (
                    AuditEvent.objects.filter(action="ops.probe").count() >= count
                    and not DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).exists()
                ),
                timeout=120,
                what=f"{count} tasks to run",
            )
            time.sleep(1)  # a duplicate run would show up now
        finally:
            for worker in workers:
                stop(worker)
        runs = sorted(e.after["n"] for e in AuditEvent.objects.filter(action="ops.probe"))
        self.assertEqual(runs, list(range(count)), "some task ran twice or never")
        by_worker = {tuple(r.worker_ids) for r in DBTaskResult.objects.all()}
        self.assertTrue(all(len(ids) == 1 for ids in by_worker), by_worker)
        self.assertEqual({ids[0] for ids in by_worker}, {"one", "two"}, "one worker did all the work")


@postgres_only()
class TwoPeopleApprovingTheSameStatementAtOnce(TransactionTestCase):
    def test_one_wins_and_the_other_is_told(self) -> None:
        world = World()
        teacher = org.teacher_create(department=world.dept, staff_number="T001", name="李老师")
        statement = SubsidyStatement.objects.create(
            institution=world.inst, department=world.dept, year=2023, status="department_approved"
        )
        SubsidyLine.objects.create(statement=statement, teacher=teacher, activity="training_hour",
                                   quantity=Decimal("2"), rate=Decimal("100.00"), amount=Decimal("200.00"))  # fmt: skip
        office_too = user_create(username="alice2", password="onex-test-password", role=Role.OFFICE,
                                 institution=world.inst)  # fmt: skip
        barrier = threading.Barrier(2)
        outcomes: dict[str, str] = {}

        def approve(actor: Any) -> None:
            try:
                mine = SubsidyStatement.objects.get(pk=statement.pk)
                barrier.wait(timeout=10)
                subsidy_statement_office_approve(actor=actor, statement=mine)
                outcomes[actor.username] = "approved"
            except ValidationError as exc:
                outcomes[actor.username] = " ".join(exc.messages)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=approve, args=(u,)) for u in (world.office, office_too)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=30)
        self.assertEqual(sorted(outcomes), ["alice", "alice2"])
        self.assertEqual(list(outcomes.values()).count("approved"), 1, outcomes)
        told = next(v for v in outcomes.values() if v != "approved")
        self.assertIn("先", told, "the loser is not told in Chinese that someone else acted first")
        self.assertEqual(AuditEvent.objects.filter(action="subsidy_statement.office_approved").count(), 1)
