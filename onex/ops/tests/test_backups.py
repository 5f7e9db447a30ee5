import io
import json
import tempfile
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TransactionTestCase

from onex.pilots.models import Registration


def stats() -> dict:
    out = io.StringIO()
    call_command("stats", "--institution", "GDMMNL", "--year", "2023", stdout=out)
    return json.loads(out.getvalue())


class BackupRestoreTestCase(TransactionTestCase):
    def test_a_backup_of_the_demo_restores_the_same_figures_after_destruction(self):
        call_command("load_demo", stdout=io.StringIO())
        before = stats()
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "onex.backup"
            call_command("backup", "--output", str(path), stdout=io.StringIO())
            Registration.objects.filter(pilot__year=2023).update(withdrawn_on="2023-12-31")
            self.assertEqual(stats()["registered"], 0)
            call_command("restore", str(path), stdout=io.StringIO())
        self.assertEqual(stats(), before)

    def test_it_refuses_a_file_that_is_not_a_backup(self):
        with tempfile.NamedTemporaryFile(suffix=".backup") as fh:
            fh.write(b"not a backup at all")
            fh.flush()
            with self.assertRaises(CommandError):
                call_command("restore", fh.name)
