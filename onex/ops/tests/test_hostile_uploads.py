"""Every way a spreadsheet enters OneX, attacked with real hostile files.

Entry points: the ``import_roster`` and ``import_results`` commands, and the
upload page for rosters and for results (which stores, previews and then runs
the job). Each hostile file must be refused with a Chinese message, with the
Python heap's peak (tracemalloc) and the process's resident peak bounded, and
nothing written to the database.
"""

from __future__ import annotations

import io
import re
import resource
import tempfile
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from onex.credentials.models import IssuedCertificate
from onex.exams.models import Result
from onex.imports.models import ImportJob, ImportKind, ImportStatus
from onex.imports.reading import read_rows
from onex.imports.selectors import job_preview
from onex.ops.tests import hostile
from onex.org.models import Student
from onex.pilots.models import Registration
from testsupport.base import OneXTestCase

CHINESE = re.compile(r"[\u4e00-\u9fff]")
# What one refusal may cost: the Python heap's peak, and growth of the process's resident peak.
HEAP_LIMIT = 64 * 1024 * 1024
RSS_GROWTH_LIMIT = 256 * 1024 * 1024


def bytes_read() -> int:
    """What this process has read so far, from the kernel's count (Linux)."""
    io_stats = Path("/proc/self/io").read_text()
    return int(re.search(r"^rchar: (\d+)", io_stats, re.MULTILINE)[1])  # type: ignore[index]


def resident_peak() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux reports KiB


class HostileCase(OneXTestCase):
    """Attacks every entry point with one file (no tests of its own)."""

    def setUp(self) -> None:
        self.tmp = Path(tempfile.mkdtemp(prefix="onex-hostile-"))

    def counts(self) -> tuple[int, ...]:
        return (
            Student.objects.count(),
            Registration.objects.count(),
            Result.objects.count(),
            IssuedCertificate.objects.count(),
            ImportJob.objects.exclude(status=ImportStatus.FAILED).count(),
        )

    def bounded(self, attempt: Callable[[], str], entry: str, client_copies: int = 0) -> str:
        """Run one attempt; returns the user's message and checks memory and the database.

        The test client builds the whole multipart body in memory (a few copies of the
        file), which a real browser does not; ``client_copies`` file sizes are allowed for it.
        """
        before = self.counts()
        rss_before = resident_peak()
        tracemalloc.start()
        try:
            message = attempt()
            _, heap_peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        rss_growth = resident_peak() - rss_before
        limit = HEAP_LIMIT + client_copies * self.size
        self.assertLess(heap_peak, limit, f"{entry}: heap peak {heap_peak / 1e6:.0f} MB: {message}")
        self.assertLess(rss_growth, RSS_GROWTH_LIMIT, f"{entry}: resident peak grew {rss_growth / 1e6:.0f} MB")
        self.assertEqual(self.counts(), before, f"{entry}: rows were written: {message}")
        self.assertRegex(message, CHINESE, "the refusal is not in Chinese")
        return message

    # The four entry points; each returns the message the user reads.
    def command(self, name: str, path: Path, *extra: str) -> str:
        out, err = io.StringIO(), io.StringIO()
        with self.assertRaises(SystemExit) as exited:
            call_command(name, str(path), "--institution", "AAA", "--year", "2023", *extra, stdout=out, stderr=err)
        self.assertEqual(exited.exception.code, 2, err.getvalue())
        self.assertEqual(out.getvalue(), "")
        return err.getvalue()

    def roster_command(self, path: Path) -> str:
        return self.command("import_roster", path, "--errors", str(self.tmp / "errors.xlsx"))

    def results_command(self, path: Path) -> str:
        return self.command("import_results", path, "--certificate", "测试证书", "--level", "中级")

    def upload_page(self, kind: str, path: Path, name: str) -> str:
        """Upload; a file that passes the guard must then fail in the preview or the run, in Chinese."""
        self.client.force_login(self.office)
        data: dict[str, Any] = {"kind": kind, "year": 2023, "file": SimpleUploadedFile(name, path.read_bytes())}
        if kind == ImportKind.RESULTS:
            data["pilot"] = self.pilot.pk
        response = self.client.post(reverse("imports:list"), data)
        if response.status_code == 200:
            self.assertFalse(ImportJob.objects.exists())
            errors = response.context["form"].errors.get("file")
            self.assertTrue(errors, "the form neither refused the file nor stored it")
            return " ".join(errors)
        self.assertEqual(response.status_code, 302)
        job = ImportJob.objects.get()
        preview = self.client.get(response.url)
        shown = [str(m) for m in preview.context["messages"]] if preview.context else []
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(reverse("imports:preview", args=[job.pk]))
        job.refresh_from_db()
        self.assertEqual(job.status, ImportStatus.FAILED, f"{name}: the import ran: {job.summary}")
        return " ".join([*shown, job.message])

    def attack(self, path: Path, name: str | None = None) -> list[str]:
        """Every entry point with one file; the commands see it under its own name."""
        name = name or path.name
        if name != path.name:
            named = self.tmp / "named" / name
            named.parent.mkdir(exist_ok=True)
            named.write_bytes(path.read_bytes())
            path = named
        self.size = path.stat().st_size
        messages = [
            self.bounded(lambda: self.roster_command(path), "import_roster"),
            self.bounded(lambda: self.results_command(path), "import_results"),
            self.bounded(lambda: self.upload_page(ImportKind.ROSTER, path, name), "roster upload", client_copies=4),
        ]
        ImportJob.objects.all().delete()
        messages.append(
            self.bounded(lambda: self.upload_page(ImportKind.RESULTS, path, name), "results upload", client_copies=4)
        )
        ImportJob.objects.all().delete()
        return messages


class HostileUploads(HostileCase):
    def test_a_zip_bomb_workbook_is_refused_everywhere(self) -> None:
        for message in self.attack(hostile.zip_bomb(self.tmp)):
            self.assertIn("炸弹", message)

    def test_a_workbook_of_two_cells_far_apart_is_refused_everywhere(self) -> None:
        for message in self.attack(hostile.sparse_bomb(self.tmp)):
            self.assertIn("炸弹", message)

    def test_an_xml_entity_bomb_is_refused_everywhere(self) -> None:
        for message in self.attack(hostile.entity_bomb(self.tmp)):
            self.assertIn("XML", message)

    def test_an_xml_entity_bomb_hidden_behind_a_comment_is_refused_everywhere(self) -> None:
        self.attack(hostile.entity_bomb_behind_a_comment(self.tmp))

    def test_a_workbook_of_ten_thousand_sheets_is_refused_everywhere(self) -> None:
        self.attack(hostile.many_sheets(self.tmp))

    def test_files_whose_signature_contradicts_their_extension_are_refused_everywhere(self) -> None:
        for path, name in hostile.disguised(self.tmp):
            with self.subTest(name=name, content=path.name):
                self.attack(path, name)

    def test_an_oversized_file_is_refused_everywhere(self) -> None:
        limit = 256 * 1024
        with self.settings(ONEX_MAX_UPLOAD_BYTES=limit):
            for message in self.attack(hostile.oversized(self.tmp, limit + 1)):
                self.assertIn("MB", message)

    def test_a_csv_in_an_unexpected_encoding_is_refused_everywhere(self) -> None:
        for encoding in ("utf-16", "big5", "shift_jis"):
            with self.subTest(encoding=encoding):
                self.attack(hostile.csv_in(self.tmp, encoding))

    def test_a_csv_of_twenty_million_empty_cells_is_refused_everywhere(self) -> None:
        self.attack(hostile.comma_flood(self.tmp))

    # Sheets found through the workbook's relationships, wherever they lie in the archive.
    def test_a_sheet_outside_the_worksheets_folder_with_cells_a1_and_xfd1048576_is_refused_everywhere(self) -> None:
        for message in self.attack(hostile.sheet_outside_the_folder(self.tmp)):
            self.assertIn("1048576 行 × 16384 列", message)

    def test_a_sheet_outside_the_worksheets_folder_reaching_zz200000_is_refused_everywhere(self) -> None:
        for message in self.attack(hostile.sheet_outside_the_folder(self.tmp, "ZZ200000")):
            self.assertIn("200000 行 × 702 列", message)

    def test_a_sheet_behind_an_absolute_relationship_target_is_refused_everywhere(self) -> None:
        for message in self.attack(hostile.sheet_by_absolute_target(self.tmp)):
            self.assertIn("200000 行 × 702 列", message)

    def test_a_sheet_declaring_a_small_dimension_but_holding_a_far_cell_is_refused_everywhere(self) -> None:
        for message in self.attack(hostile.small_dimension_huge_cells(self.tmp)):
            self.assertIn("1048576 行 × 16384 列", message)

    def test_a_sheet_declaring_a_huge_dimension_is_refused_everywhere(self) -> None:
        for message in self.attack(hostile.huge_declared_dimension(self.tmp)):
            self.assertIn("1048576 行 × 16384 列", message)

    def test_a_workbook_whose_sheet_is_missing_is_refused_everywhere(self) -> None:
        for message in self.attack(hostile.missing_sheet(self.tmp)):
            self.assertIn("工作表缺失或指向文件之外", message)

    def test_a_workbook_whose_sheet_lies_outside_the_archive_is_refused_everywhere(self) -> None:
        for message in self.attack(hostile.sheet_outside_the_archive(self.tmp)):
            self.assertIn("工作表缺失或指向文件之外", message)


class CsvPreview(OneXTestCase):
    def setUp(self) -> None:
        self.tmp = Path(tempfile.mkdtemp(prefix="onex-hostile-"))
        self.path = hostile.oversized(self.tmp, 49 * 1024 * 1024)

    def test_reading_the_first_rows_of_a_49_mib_csv_reads_well_under_a_mebibyte(self) -> None:
        before = bytes_read()
        rows = read_rows(self.path, "csv", first=21)
        read = bytes_read() - before
        self.assertEqual(len(rows), 21)
        self.assertLess(read, 1024 * 1024, f"{read} bytes read for 21 rows")

    def test_previewing_a_49_mib_csv_keeps_the_heap_small_and_counts_every_row(self) -> None:
        job = ImportJob.objects.create(
            institution=self.inst,
            kind=ImportKind.ROSTER,
            year=2023,
            original_name="名单.csv",
            stored_path=str(self.path),
            status=ImportStatus.PENDING,
        )
        tracemalloc.start()
        try:
            preview = job_preview(job)
            _, heap_peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        self.assertLess(heap_peak, 8 * 1024 * 1024, f"heap peak {heap_peak / 1e6:.1f} MB")
        lines = self.path.read_bytes().count(b"\n")  # one header, then one roster row per line
        self.assertEqual(preview["data_rows"], lines - 1)
        self.assertEqual(len(preview["rows"]), 10)


class ReaderInAChild(HostileCase):
    """Files the guard would refuse, let through to the reader: the child it runs in ends, nothing else."""

    def setUp(self) -> None:
        super().setUp()
        unguarded = mock.patch("onex.core.uploads.MAX_SHEET_CELLS", 10**15)
        unguarded.start()
        self.addCleanup(unguarded.stop)

    def test_a_reader_asking_for_549_gb_ends_its_child_and_every_entry_point_refuses_in_chinese(self) -> None:
        for message in self.attack(hostile.sheet_outside_the_folder(self.tmp)):
            self.assertIn("读取所需的内存或时间超出上限", message)

    def test_a_reader_growing_towards_zz200000_ends_its_child_within_the_limit(self) -> None:
        for message in self.attack(hostile.sheet_outside_the_folder(self.tmp, "ZZ200000")):
            self.assertIn("读取所需的内存或时间超出上限", message)

    def test_the_reader_child_reads_an_ordinary_workbook(self) -> None:
        rows = read_rows(hostile.huge_declared_dimension(self.tmp), "xlsx")  # honest cells
        self.assertEqual(rows[0], hostile.HEADERS + [""] * (len(rows[0]) - len(hostile.HEADERS)))
