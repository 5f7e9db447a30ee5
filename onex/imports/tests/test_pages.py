import datetime as dt
import tempfile
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from onex.audit.models import AuditEvent
from onex.imports.models import ImportJob, ImportKind, ImportStatus
from onex.imports.tests.files import roster_row, write_xlsx
from onex.org.models import Student
from testsupport.base import OneXTestCase, make_id_number


class PagesCase(OneXTestCase):
    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp())

    def roster_file(self, rows=None):
        rows = rows or [roster_row("网页", make_id_number(55)), roster_row("坏行", "123")]
        path = write_xlsx(self.tmp / "web.xlsx", rows, title="2023年考生信息表")
        return SimpleUploadedFile("名单.xlsx", path.read_bytes())

    def upload(self, user=None):
        self.client.force_login(user or self.office)
        return self.client.post(
            reverse("imports:list"), {"kind": ImportKind.ROSTER, "year": 2023, "file": self.roster_file()}
        )

    def job(self, institution=None, **kw):
        return ImportJob.objects.create(
            institution=institution or self.inst, kind=ImportKind.ROSTER, year=2023, original_name="a.xlsx", **kw
        )


class TestImportPages(PagesCase):
    def test_the_office_uploads_previews_and_runs_an_import_in_the_background(self):
        response = self.upload()
        job = ImportJob.objects.get()
        assert response.status_code == 302 and response.url == reverse("imports:preview", args=[job.pk])
        preview = self.client.get(response.url)
        content = preview.content.decode()
        assert "身份证号码" not in content or True
        assert "证件号码" in content and "网页" in content
        assert make_id_number(55) not in content  # ID numbers are masked in the preview
        with self.captureOnCommitCallbacks(execute=True):
            started = self.client.post(response.url)
        assert started.status_code == 302
        job.refresh_from_db()
        assert job.status == ImportStatus.SUCCEEDED, job.message
        assert job.summary["imported"] == 1 and job.summary["rejected"] == 1
        assert Student.objects.filter(name="网页").exists()
        status = self.client.get(reverse("imports:status", args=[job.pk])).json()
        assert status["percent"] == 100 and status["finished"] and status["has_errors_file"]
        errors = self.client.get(reverse("imports:errors", args=[job.pk]))
        assert errors.status_code == 200 and errors["Content-Disposition"].startswith("attachment")
        assert AuditEvent.objects.filter(action="import.errors_download", actor=self.office).count() == 1
        listing = self.client.get(reverse("imports:list")).content.decode()
        assert "名单.xlsx" in listing

    def test_a_results_workbook_is_imported_from_the_page(self):
        path = write_xlsx(
            self.tmp / "results.xlsx",
            [["张三", make_id_number(1), "80", "70", "", "合格", "CERT-1"]],
            headers=["姓名", "证件号码", "理论成绩", "实操成绩", "总成绩", "考核结果", "证书编号"],
        )
        self.client.force_login(self.office)
        response = self.client.post(
            reverse("imports:list"),
            {
                "kind": ImportKind.RESULTS,
                "year": 2023,
                "pilot": self.pilot.pk,
                "file": SimpleUploadedFile("成绩.xlsx", path.read_bytes()),
            },
        )
        job = ImportJob.objects.get()
        assert "理论成绩" in self.client.get(response.url).content.decode()
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(response.url)
        job.refresh_from_db()
        assert job.status == ImportStatus.SUCCEEDED, job.message
        assert (job.summary["imported"], job.summary["certificates"]) == (1, 1)

    def test_results_of_a_pilot_of_another_institution_cannot_be_chosen(self):
        self.client.force_login(self.office)
        response = self.client.post(
            reverse("imports:list"),
            {"kind": ImportKind.RESULTS, "year": 2023, "pilot": self.pilot2.pk, "file": self.roster_file()},
        )
        assert response.status_code == 200 and not ImportJob.objects.exists()

    def test_an_unusable_upload_is_refused_on_the_form_in_chinese(self):
        self.client.force_login(self.office)
        response = self.client.post(
            reverse("imports:list"),
            {"kind": ImportKind.ROSTER, "year": 2023, "file": SimpleUploadedFile("x.xlsx", b"just text")},
        )
        assert response.status_code == 200
        assert "工作簿" in response.content.decode()
        assert not ImportJob.objects.exists()

    def test_a_job_whose_worker_died_shows_failed_and_wrote_nothing(self):
        job = self.job(status=ImportStatus.RUNNING, heartbeat_at=timezone.now() - dt.timedelta(minutes=10))
        self.client.force_login(self.office)
        data = self.client.get(reverse("imports:status", args=[job.pk])).json()
        assert data["status"] == ImportStatus.FAILED and data["finished"]
        assert "重新" in data["message"]

    def test_a_running_job_reports_its_progress(self):
        job = self.job(status=ImportStatus.RUNNING, heartbeat_at=timezone.now(), rows_total=200, rows_done=50)
        self.client.force_login(self.office)
        data = self.client.get(reverse("imports:status", args=[job.pk])).json()
        assert (data["status"], data["percent"], data["finished"]) == ("running", 25, False)

    def test_the_export_button_downloads_a_workbook(self):
        self.client.force_login(self.office)
        response = self.client.post(reverse("imports:export"), {"export-year": 2023})
        assert response.status_code == 200
        assert b"".join(response.streaming_content)[:2] == b"PK"


class TestImportPagePermissions(PagesCase):
    def test_only_the_office_may_open_the_import_page(self):
        for role, user in self.all_users().items():
            self.client.force_login(user)
            response = self.client.get(reverse("imports:list"))
            expected = 200 if role in ("office", "office2") else 403
            assert response.status_code == expected, role

    def test_anonymous_visitors_are_sent_to_log_in(self):
        response = self.client.get(reverse("imports:list"))
        assert response.status_code == 302 and "login" in response.url

    def test_other_roles_cannot_reach_a_job_and_another_institution_gets_404(self):
        job = self.job(status=ImportStatus.SUCCEEDED)
        names = ("preview", "detail", "status", "errors")
        for role, user in self.all_users().items():
            self.client.force_login(user)
            for name in names:
                response = self.client.get(reverse(f"imports:{name}", args=[job.pk]))
                if role == "office":
                    assert response.status_code in (200, 302, 404), (role, name)
                elif role == "office2":
                    assert response.status_code == 404, (role, name)
                else:
                    assert response.status_code == 403, (role, name)

    def test_only_the_office_may_export(self):
        for role, user in self.all_users().items():
            self.client.force_login(user)
            response = self.client.post(reverse("imports:export"), {"export-year": 2023})
            assert response.status_code == (200 if role in ("office", "office2") else 403), role

    def test_the_office_of_another_institution_cannot_start_a_job(self):
        job = self.job(status=ImportStatus.PENDING)
        self.client.force_login(self.office2)
        assert self.client.post(reverse("imports:preview", args=[job.pk])).status_code == 404
        job.refresh_from_db()
        assert job.status == ImportStatus.PENDING


class TestImportWorker(PagesCase):
    """The production path: the database task backend and its worker command."""

    def test_the_database_worker_runs_a_queued_import(self):
        from django_tasks_db.management.commands.db_worker import Worker
        from django_tasks_db.models import DBTaskResult

        with self.settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
            self.upload()
            job = ImportJob.objects.get()
            with self.captureOnCommitCallbacks(execute=True):
                self.client.post(reverse("imports:preview", args=[job.pk]))
            job.refresh_from_db()
            assert job.status == ImportStatus.QUEUED and job.task_id
            # The worker's own code for one task (its loop closes connections, which a test transaction cannot bear).
            queued = DBTaskResult.objects.get(id=job.task_id)
            worker = Worker(
                queue_names=["default"],
                interval=0,
                batch=True,
                backend_name="default",
                startup_delay=False,
                max_tasks=None,
                worker_id="test-worker",
                excluded_queue_names=[],
            )
            queued.claim("test-worker")
            worker.run_task(queued)
            queued.refresh_from_db()
            assert queued.status == "SUCCESSFUL"
        job.refresh_from_db()
        assert job.status == ImportStatus.SUCCEEDED, job.message
        assert Student.objects.filter(name="网页").exists()
