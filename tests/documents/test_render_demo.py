"""The demo's full letter and public summary carry every fact of the case."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from desktop_app.documents import document_paragraphs as _paragraphs
from desktop_app.documents import document_parts_text as _parts_text


def document_parts_text(source):
    """The text as a reader sees it: no-break spaces read as spaces."""
    return _parts_text(source).replace("\u00a0", " ")


def document_paragraphs(source):
    return [p.replace("\u00a0", " ") for p in _paragraphs(source)]

FACTS_BOTH = [
    "Dinara Smailova", "Almat Mukhamedzhanov", "NeMolchiKZ", "AL KAZ 1/2024",
    "18 March 2024", "27 May 2024", "20 August 2024", "the Government of Montenegro",
]
FACTS_FULL = [
    "UPI-132/23-7527", "UPI-132/23-7528", "8 October 2023", "26 October 2023", "24 April 2024",
    "26 January 2025", "27 December 2023", "8 January 2024", "147", "190", "274",
    "52/4", "Excellency,", "Ref.: AL MNE 1/2024 (Please use this reference in your reply)",
    "Special Rapporteur on the situation of human rights defenders",
]
FACTS_SHORT = ["30 October 2024", "Topic:", "BACKGROUND", "ALLEGATIONS", "CONCERNS"]


@pytest.fixture
def rendered(workspace, demo, tmp_path):
    paths = workspace.render(demo, ["full", "short"], ["en"], tmp_path / "out")
    return {p.name.split("-")[-2]: p for p in paths}


def test_file_names_show_variant_and_language(rendered):
    assert sorted(p.name for p in rendered.values()) == [
        "AL-MNE-1-2024-full-en.docx", "AL-MNE-1-2024-short-en.docx"]


@pytest.mark.parametrize("variant", ["full", "short"])
def test_every_fact_present_no_leftover_tags(rendered, variant):
    text = document_parts_text(rendered[variant])
    expected = FACTS_BOTH + (FACTS_FULL if variant == "full" else FACTS_SHORT)
    for fact in expected:
        assert fact in text, f"{fact!r} missing from the {variant} document"
    assert "{{" not in text and "{%" not in text and "}}" not in text


def test_full_letter_order(rendered):
    paras = [p for p in document_paragraphs(rendered["full"]) if p.strip()]
    joined = "\n".join(paras)
    order = ["Mandates of", "Ref.:", "20 August 2024", "Excellency,", "We have the honour",
             "According to the information received", "Without prejudging", "annex",
             "1.\t", "within 60 days", "interim measure", "highest consideration",
             "Reference to international human rights law"]
    positions = [joined.find(marker) for marker in order]
    assert -1 not in positions, dict(zip(order, positions, strict=True))
    assert positions == sorted(positions)


def test_source_is_never_named(workspace, demo, rendered):
    assert demo.source
    for path in rendered.values():
        assert demo.source not in document_parts_text(path)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_reads_the_documents(rendered, tmp_path):
    out = tmp_path / "lo"
    for variant, path in rendered.items():
        subprocess.run(["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/lo-profile",
                        "--convert-to", "txt:Text (encoded):UTF8", "--outdir", str(out), str(path)],
                       check=True, capture_output=True, timeout=180)
        text = (out / (path.stem + ".txt")).read_text(encoding="utf-8-sig")
        # A no-break space and Word's non-breaking hyphen, as LibreOffice writes them out.
        text = re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u2011", "-"))
        for fact in FACTS_BOTH + (FACTS_FULL if variant == "full" else FACTS_SHORT):
            assert fact in text, f"LibreOffice: {fact!r} missing from {path.name}"
        assert "{{" not in text
