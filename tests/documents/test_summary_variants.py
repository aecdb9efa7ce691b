from __future__ import annotations

from datetime import date

import pytest

from desktop_app.documents import build_context, render_bytes
from desktop_app.documents import document_paragraphs as _paragraphs
from desktop_app.documents.render import TEMPLATE_DIR


def document_paragraphs(source):
    """Paragraphs as a reader sees them: no-break spaces read as spaces."""
    return [p.replace("\u00a0", " ") for p in _paragraphs(source)]


@pytest.mark.parametrize(
    ("reply", "kind", "expected"),
    [
        (None, None, "No reply was received within the 60 days"),
        (date(2024, 10, 2), "substantive", "A reply was received on 2 October 2024."),
        (date(2024, 10, 30), "substantive", "after the communication had been made public"),
        (date(2024, 9, 3), "acknowledgement", "receipt of the communication was acknowledged"),
    ],
)
def test_each_reply_status_has_its_own_preamble(workspace, demo, reply, kind, expected):
    demo.dates.reply, demo.dates.reply_kind = reply, kind
    ctx = build_context(demo, "en", "short", workspace.reference)
    preambles = set()
    paras = document_paragraphs(render_bytes(TEMPLATE_DIR / "short.docx", ctx))
    preamble = next(p for p in paras if p.startswith("This summary is based on"))
    assert expected in preamble
    preambles.add(preamble)


def test_preambles_differ(workspace, demo):
    seen = set()
    for reply, kind in [(None, None), (date(2024, 10, 2), "substantive"),
                        (date(2024, 10, 30), "substantive"), (date(2024, 9, 3), "acknowledgement")]:
        demo.dates.reply, demo.dates.reply_kind = reply, kind
        seen.add(build_context(demo, "en", "short", workspace.reference)["preamble"])
    assert len(seen) == 4


def test_person_without_public_consent_absent_from_summary_present_in_letter(workspace, demo):
    person = next(p for p in demo.persons if p.name == "Almat Mukhamedzhanov")
    person.consent_public = False
    person.public_name = None
    full = "\n".join(document_paragraphs(render_bytes(
        TEMPLATE_DIR / "full.docx", build_context(demo, "en", "full", workspace.reference))))
    short = "\n".join(document_paragraphs(render_bytes(
        TEMPLATE_DIR / "short.docx", build_context(demo, "en", "short", workspace.reference))))
    assert "Almat Mukhamedzhanov" in full
    assert "Mukhamedzhanov" not in short and "Almat" not in short
    assert "A.M." in short


def test_singular_when_one_mandate_signs(workspace, demo):
    demo.mandates = demo.mandates[:1]
    ctx = build_context(demo, "en", "full", workspace.reference)
    assert ctx["opening"].startswith(
        "I have the honour to address you in my capacity as Special Rapporteur")
    assert "pursuant to Human Rights Council resolution 52/4." in ctx["opening"]
    assert ctx["closing"].endswith("my highest consideration.")
    assert ";" not in ctx["mandates_line"]


def test_plural_names_one_resolution_per_mandate(workspace, demo):
    ctx = build_context(demo, "en", "full", workspace.reference)
    # As letters print it: "in our capacity as", and "a, b, and c".
    assert ctx["opening"].startswith("We have the honour to address you in our capacity as")
    resolutions = [workspace.reference.mandate(m).resolution_on(demo.dates.sent).number
                   for m in demo.mandates]
    assert ("resolutions " + ", ".join(resolutions[:-1]) + ", and " + resolutions[-1]
            in ctx["opening"])
    assert ctx["mandates_line"].count(";") == len(demo.mandates) - 1
