from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from onex.ops.backups import BackupError, backup_restore


class Command(BaseCommand):
    help = "Replace the whole database with a backup written by `backup`."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file, **options):
        try:
            backup_restore(source=file)
        except BackupError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        self.stdout.write(f"已从 {file} 恢复数据库。")
