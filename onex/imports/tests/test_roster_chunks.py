"""A large roster goes through in chunks, examined ahead by a helper process: the outcome must not change."""

import datetime as dt
import os
from decimal import Decimal

from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from onex.core import crypto
from onex.core.fields import Level
from onex.imports import parallel
from onex.imports.bulk import reserve_ids
from onex.imports.models import ImportJob, ImportKind, ImportStatus
from onex.imports.progress import progress_clear, progress_write
from onex.imports.roster import RosterImport
from onex.imports.selectors import job_is_stale
from onex.imports.tests.files import roster_row, write_xlsx
from onex.imports.tests.test_roster import RosterCase, sheet
from onex.org.models import Student
from onex.pilots.models import Pilot, Registration
from testsupport.base import make_id_number


class TestChunkedImport(RosterCase):
    def setUp(self):
        super().setUp()
        self.junior = Pilot.objects.create(
            institution=self.inst,
            year=2023,
            certificate=self.cert,
            level=Level.JUNIOR,
            department=self.dept,
            quota=3,
            fee_per_candidate=Decimal("200.00"),
        )

    def rows(self):
        rows = [roster_row(f"学生{i}", make(i), student_number=f"C{i:03d}") for i in range(20)]
        rows[3] = roster_row("坏号", "44090219990101123")  # 17 characters
        rows[12] = roster_row("学生1", make(1), student_number="C001")  # same person, same pilot, later chunk
        rows[15] = roster_row("学生2", make(2), student_number="C002", level="初级", phone="13711112222")
        for i in (16, 17, 18, 19):  # the junior pilot takes three: rows 15, 16 and 17
            rows[i] = roster_row(f"初级{i}", make(50 + i), level="初级")
        return rows

    def run_chunked(self, *, fork, tag):
        path = write_xlsx(self.tmp / f"{tag}.xlsx", self.rows())
        engine = RosterImport(institution=self.inst, year=2023, parallel_from_rows=0 if fork else 10**9, chunk_rows=4)
        summary = engine.run(path, "roster.xlsx", errors_path=self.tmp / f"{tag}-errors.xlsx")
        students = sorted(
            Student.objects.filter(institution=self.inst).values_list(
                "id_number_hash", "name", "name_pinyin", "student_number", "phone", "id_number_masked"
            )
        )
        registrations = sorted(
            Registration.objects.filter(pilot__institution=self.inst).values_list(
                "pilot_id", "student__id_number_hash", "filed_on"
            )
        )
        rejected = [(row[0], row[-1]) for row in sheet(summary.errors_file)[1:]]
        return summary.as_dict() | {"errors_file": None}, students, registrations, rejected

    def test_a_helper_process_gives_exactly_the_outcome_of_one_process(self):
        with transaction.atomic():
            alone = self.run_chunked(fork=False, tag="alone")
            transaction.set_rollback(True)
        helped = self.run_chunked(fork=True, tag="helped")
        assert helped == alone

    def test_rows_in_later_chunks_are_checked_against_earlier_chunks(self):
        summary, students, registrations, rejected = self.run_chunked(fork=True, tag="later")
        assert summary["rows"] == 20
        assert summary["rejected"] == 4  # the short number, the repeated person, two over the junior quota
        reasons = {int(line): reason for line, reason in rejected}
        assert sorted(reasons) == [5, 14, 20, 21]  # the header is line 1: rows[3], rows[12], rows[18], rows[19]
        assert "3" in reasons[14]  # points to the same person's row, in an earlier chunk
        assert "3" in reasons[20] and "3" in reasons[21]  # the junior pilot's quota of 3

    def test_a_student_first_written_in_an_earlier_chunk_is_updated_by_a_later_row(self):
        summary, *_ = self.run_chunked(fork=True, tag="update")
        student = Student.objects.get(institution=self.inst, id_number_hash=crypto.lookup_hash(make(2)))
        assert student.phone == "13711112222"
        assert Registration.objects.filter(student=student).count() == 2
        # Created by this import: a new student, never counted as updated.
        assert (summary["imported"], summary["updated"], summary["unchanged"]) == (16, 0, 0)

    def test_new_students_get_fresh_ids_after_the_largest_ever_used(self):
        self.run_chunked(fork=True, tag="ids")
        ids = list(Student.objects.order_by("id").values_list("id", flat=True))
        assert len(ids) == len(set(ids))
        assert Student.objects.create(
            institution=self.inst, name="后来", id_number_hash="h" * 64, id_number_cipher="x", id_number_masked="x"
        ).pk > max(ids)


def make(i):
    return make_id_number(i, birth="20030505")  # born on another day than the test case's students


class TestReserveIds(RosterCase):
    def test_reserved_ids_are_never_ids_used_before_even_after_a_delete(self):
        last = Student.objects.order_by("-id").first()
        top = last.pk
        Registration.objects.filter(student=last).delete()
        last.delete()
        with transaction.atomic():
            ids = reserve_ids(Student, 3)
        assert len(set(ids)) == 3 and min(ids) > top
        if connection.vendor == "sqlite":
            assert ids == [top + 1, top + 2, top + 3]


def square_chunk(start, stop):
    return [i * i for i in range(start, stop)]


def dies_in_the_helper(parent):
    def func(start, stop):
        if os.getpid() != parent and start >= 6:
            os._exit(3)  # the helper dies after sending two chunks
        return list(range(start, stop))

    return func


class TestAhead(RosterCase):
    def test_it_yields_every_chunk_in_order_from_the_helper(self):
        chunks = list(parallel.ahead(square_chunk, 10, 3, fork=True))
        assert chunks == [[0, 1, 4], [9, 16, 25], [36, 49, 64], [81]]

    def test_it_finishes_the_work_itself_when_the_helper_dies(self):
        chunks = list(parallel.ahead(dies_in_the_helper(os.getpid()), 12, 3, fork=True))
        assert [i for chunk in chunks for i in chunk] == list(range(12))

    def test_the_helper_is_gone_when_the_caller_stops_early(self):
        before = children()
        chunks = parallel.ahead(square_chunk, 10**6, 10, fork=True)
        next(chunks)
        assert len(children() - before) == 1  # the helper runs
        chunks.close()
        assert children() == before  # killed and reaped: not running, not a zombie


def children():
    """The ids of this process's child processes, running or exited and not yet reaped."""
    me, found = os.getpid(), set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    stat = fh.read()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == me:  # the field after the state is the parent's id
                found.add(int(entry))
    return found


class TestProgressWhileWriting(RosterCase):
    def job(self, **kw):
        return ImportJob.objects.create(
            institution=self.inst,
            kind=ImportKind.ROSTER,
            year=2023,
            original_name="roster.xlsx",
            stored_path=str(self.tmp / "roster.xlsx"),
            status=ImportStatus.RUNNING,
            created_by=self.office,
            **kw,
        )

    def test_the_status_page_shows_the_progress_the_worker_reports_inside_its_transaction(self):
        job = self.job(rows_total=0, rows_done=0)
        self.addCleanup(progress_clear, job.pk)
        progress_write(job.pk, done=40000, total=100000)
        client = Client()
        client.force_login(self.office)
        data = client.get(reverse("imports:status", args=[job.pk])).json()
        assert (data["rows_done"], data["rows_total"], data["percent"]) == (40000, 100000, 40)

    def test_a_job_reporting_to_its_progress_file_is_not_taken_for_dead(self):
        from django.utils import timezone

        job = self.job(heartbeat_at=timezone.now() - dt.timedelta(minutes=10))
        self.addCleanup(progress_clear, job.pk)
        assert job_is_stale(job)
        progress_write(job.pk, done=1, total=2)
        assert not job_is_stale(job)


class TestCommandProgress(RosterCase):
    def test_the_command_prints_a_progress_line_on_stderr_and_json_on_stdout(self):
        import io
        import json

        from django.core.management import call_command

        path = write_xlsx(self.tmp / "cmd.xlsx", [roster_row(f"命令{i}", make(60 + i)) for i in range(3)])
        out, err = io.StringIO(), io.StringIO()
        call_command("import_roster", str(path), institution=self.inst.code, year=2023, stdout=out, stderr=err)
        assert json.loads(out.getvalue())["imported"] == 3
        assert "已处理 3 / 3 行（100%）" in err.getvalue()
