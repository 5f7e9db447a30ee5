from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from onex.ops.backups import BackupError, backup_write


class Command(BaseCommand):
    help = "Write a consistent backup of the whole database to a file."

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, type=Path)

    def handle(self, *args, output, **options):
        try:
            path = backup_write(output=output)
        except BackupError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        self.stdout.write(f"备份已写入 {path}（{path.stat().st_size} 字节）")
