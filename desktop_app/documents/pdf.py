"""PDF for the archive: a rendered letter as PDF/A-2b, every font embedded, through LibreOffice.

LibreOffice stays optional: :func:`libreoffice` says whether it is installed, and the window and
the command line offer PDF only then. Each conversion runs in its own throwaway LibreOffice
profile, so two conversions (or a LibreOffice the user has open) never lock each other out, and
the PDF is moved into place only when complete.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from desktop_app.documents.errors import DocumentError

#: Writer's PDF export, as PDF/A-2b (ISO 19005-2, level B: fonts embedded, colours and
#: metadata self-contained), tagged for accessibility.
PDF_A_FILTER = ('pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"},'
                '"UseTaggedPDF":{"type":"boolean","value":"true"}}')


def libreoffice() -> str | None:
    """The LibreOffice program, when installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(document: Path, out: Path | None = None, *, timeout: float = 300) -> Path:
    """Convert a .docx to PDF/A-2b beside it (or to ``out``); the path of the PDF."""
    program = libreoffice()
    if program is None:
        raise DocumentError("PDF needs LibreOffice, which is not installed here "
                            "(the Word document is written all the same)")
    target = out or document.with_suffix(".pdf")
    with tempfile.TemporaryDirectory(prefix="commdraft-pdf-") as work:
        profile = Path(work, "profile").as_uri()
        try:
            done = subprocess.run(
                [program, f"-env:UserInstallation={profile}", "--headless", "--convert-to",
                 PDF_A_FILTER, "--outdir", work, str(document)],
                capture_output=True, text=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise DocumentError(f"{document.name}: LibreOffice took more than {timeout:g} s "
                                "to make the PDF; nothing was written") from None
        made = Path(work, document.with_suffix(".pdf").name)
        if done.returncode != 0 or not made.exists():
            detail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
            raise DocumentError(f"{document.name}: LibreOffice could not make the PDF "
                                f"({detail[0]}); nothing was written")
        target.parent.mkdir(parents=True, exist_ok=True)
        staged = target.with_name(f".{target.name}.tmp")
        shutil.copyfile(made, staged)
        os.replace(staged, target)
    return target
