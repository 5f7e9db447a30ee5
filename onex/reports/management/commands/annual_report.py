"""manage.py annual_report: write an institution's annual report for a year as .docx (and PDF, and its attachments)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from onex.org.models import Institution
from onex.reports.bundle import PdfUnavailableError, docx_to_pdf, libreoffice, write_attachments
from onex.reports.document import report_document
from onex.reports.docx_writer import write_docx
from onex.reports.selectors import report_for


class Command(BaseCommand):
    help = "Write the annual report (情况报告) of an institution for a year as .docx, with a PDF where LibreOffice is installed."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--institution", required=True, help="institution code, e.g. GDMMNL")
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--output", required=True, help="the .docx file to write")
        parser.add_argument("--attachments", help="a folder for the two xlsx attachments")
        parser.add_argument("--no-pdf", action="store_true", help="do not convert to PDF")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        code = options["institution"]
        year = options["year"]
        institution = Institution.objects.filter(code=code).first()
        if institution is None:
            raise CommandError(f"未找到代码为 {code} 的院校。", returncode=2)
        if not 2019 <= year <= 2100:
            raise CommandError(f"年度 {year} 不在 2019–2100 之间。", returncode=2)
        output = Path(options["output"])
        if output.suffix.lower() != ".docx":
            raise CommandError("--output 须为 .docx 文件。", returncode=2)
        output.parent.mkdir(parents=True, exist_ok=True)

        report = report_for(institution=institution, year=year)
        write_docx(report_document(institution=institution, year=year, report=report), str(output))
        self.stdout.write(f"报告：{output}")
        if options["attachments"]:
            pilots, sites = write_attachments(
                institution=institution, year=year, out_dir=Path(options["attachments"]), report=report
            )
            self.stdout.write(f"附件：{pilots}")
            self.stdout.write(f"附件：{sites}")
        self.stdout.write(f"用时 {time.monotonic() - started:.2f} 秒")

        if options["no_pdf"]:
            return
        if libreoffice() is None:
            self.stdout.write(self.style.WARNING("未安装 LibreOffice，已跳过 PDF（只生成 .docx）。"))
            return
        try:
            pdf = docx_to_pdf(output)
        except PdfUnavailableError as exc:
            self.stdout.write(self.style.WARNING(f"PDF 转换失败，已跳过：{exc}"))
        else:
            self.stdout.write(f"PDF：{pdf}")
