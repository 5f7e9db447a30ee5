"""The whole report on disk: the .docx, its two xlsx attachments and, where LibreOffice is installed, a PDF."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from onex.org.models import Institution
from onex.reports.attachments import write_pilots_xlsx, write_sites_xlsx
from onex.reports.document import pilots_attachment_title, report_document, sites_attachment_title
from onex.reports.docx_writer import write_docx
from onex.reports.models import AnnualReport
from onex.reports.selectors import report_date_of, report_for

PDF_TIMEOUT_SECONDS = 180


@dataclass
class Bundle:
    docx: Path
    pilots: Path
    sites: Path


def report_file_stem(institution: Institution, year: int) -> str:
    return f"{institution.name}{year}年1+X证书制度情况报告"


def write_attachments(
    *, institution: Institution, year: int, out_dir: Path, report: AnnualReport | None = None
) -> tuple[Path, Path]:
    report = report if report is not None else report_for(institution=institution, year=year)
    out_dir.mkdir(parents=True, exist_ok=True)
    pilots = out_dir / f"附件1 {pilots_attachment_title(year)}.xlsx"
    sites = out_dir / f"附件2 {sites_attachment_title(institution)}.xlsx"
    write_pilots_xlsx(str(pilots), institution=institution, year=year, on_date=report_date_of(report))
    write_sites_xlsx(str(sites), institution=institution, year=year)
    return pilots, sites


def build_report_bundle(institution: Institution, year: int, out_dir: str | Path) -> Bundle:
    """Write the report (.docx) and both attachments (.xlsx) into ``out_dir``; the benchmark times this."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    report = report_for(institution=institution, year=year)
    docx = out / f"{report_file_stem(institution, year)}.docx"
    write_docx(report_document(institution=institution, year=year, report=report), str(docx))
    pilots, sites = write_attachments(institution=institution, year=year, out_dir=out, report=report)
    return Bundle(docx=docx, pilots=pilots, sites=sites)


def libreoffice() -> str | None:
    """The LibreOffice program, if installed."""
    return shutil.which("libreoffice") or shutil.which("soffice")


class PdfUnavailableError(RuntimeError):
    """LibreOffice is not installed, or it could not convert the document."""


def docx_to_pdf(docx: str | Path, out_dir: str | Path | None = None) -> Path:
    """Convert a .docx to PDF with LibreOffice (headless); raises ``PdfUnavailableError`` without it."""
    program = libreoffice()
    if program is None:
        raise PdfUnavailableError("LibreOffice is not installed")
    docx = Path(docx)
    target_dir = Path(out_dir) if out_dir is not None else docx.parent
    target_dir.mkdir(parents=True, exist_ok=True)
    # A private profile, so that conversions running side by side do not lock each other out.
    with tempfile.TemporaryDirectory(prefix="onex-lo-") as profile:
        try:
            completed = subprocess.run(  # noqa: S603 — fixed program, our own file names
                [
                    program,
                    f"-env:UserInstallation={Path(profile).as_uri()}",
                    "--headless",
                    "--norestore",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    str(target_dir),
                    str(docx),
                ],
                capture_output=True,
                timeout=PDF_TIMEOUT_SECONDS,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise PdfUnavailableError(str(exc)) from exc
    pdf = target_dir / (docx.stem + ".pdf")
    if completed.returncode != 0 or not pdf.exists():
        raise PdfUnavailableError(completed.stderr.decode("utf-8", "replace") or f"exit {completed.returncode}")
    return pdf
