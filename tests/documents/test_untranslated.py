"""A text the translation lacks is never silently missing: the document (and so the preview)
shows it in the source language after the mark of the document's language, and it is counted."""

from __future__ import annotations

import json

import pytest

from desktop_app.cli import main
from desktop_app.documents import (
    build_context,
    document_paragraphs,
    render_bytes,
    template_path,
    untranslated,
    untranslated_marker,
)
from desktop_app.domain.case import Case
from desktop_app.reference import demo_case
from desktop_app.workspace.documents import untranslated_counts, untranslated_units

MARKERS = {"en": "[to be translated]", "fr": "[à traduire]", "es": "[por traducir]",
           "ru": "[требуется перевод]", "zh": "[待翻译]", "ar": "[بانتظار الترجمة]"}


@pytest.fixture
def case() -> Case:
    return Case.from_dict(demo_case())


def paragraphs(case: Case, lang: str, variant: str, ref) -> list[str]:
    context = build_context(case, lang, variant, ref)
    return [p.replace("\u00a0", " ")
            for p in document_paragraphs(render_bytes(template_path(variant, lang), context))]


@pytest.mark.parametrize("lang", list(MARKERS))
def test_each_language_has_its_own_marker(lang):
    assert untranslated_marker(lang) == MARKERS[lang]


def test_a_missing_allegation_shows_marked_in_the_french_letter(workspace, case):
    source = case.texts("en").allegations[2]
    case.text["fr"].allegations[2] = ""
    printed = paragraphs(case, "fr", "full", workspace.reference)
    marked = [p for p in printed if p.startswith("[à traduire]")]
    assert marked == [f"[à traduire] {source}"]
    # In its place: after the second allegation, before the fourth.
    french = case.texts("fr").allegations
    assert printed.index(french[1]) < printed.index(marked[0]) < printed.index(french[3])
    found = untranslated(case, "fr", "full", workspace.reference)
    assert [(u.key, u.source) for u in found] == [("allegations.2", source)]
    # The paragraph keeps its unit, so a review copy still maps it back to the case.
    keys = build_context(case, "fr", "full", workspace.reference)["unit_keys"]["allegations"]
    assert keys == [f"allegations.{i}" for i in range(len(case.texts("en").allegations))]


def test_the_preview_shows_the_same_marker(workspace, case):
    case.text["fr"].allegations[2] = ""
    assert any(p.startswith("[à traduire] ") for p in workspace.preview(case, "fr", "full"))


def test_a_complete_translation_has_no_marker(workspace, case):
    for lang in ("fr", "ar", "zh"):
        for variant in ("full", "short"):
            text = "\n".join(paragraphs(case, lang, variant, workspace.reference))
            assert MARKERS[lang] not in text and "[to be translated]" not in text
            assert untranslated(case, lang, variant, workspace.reference) == []


def test_the_source_language_is_never_marked(workspace, case):
    case.text["en"].allegations[2] = ""
    assert untranslated(case, "en", "full", workspace.reference) == []
    assert "[to be translated]" not in "\n".join(paragraphs(case, "en", "full",
                                                           workspace.reference))


def test_every_kind_of_unit_is_marked(workspace, case):
    texts = case.text["zh"]
    texts.summary = ""
    texts.topic = ""
    texts.questions = []
    texts.public.concerns[0] = ""
    case.persons[0].role.pop("zh")
    full = build_context(case, "zh", "full", workspace.reference)
    short = build_context(case, "zh", "short", workspace.reference)
    assert f"[待翻译] {case.texts('en').summary}" in full["lead_in"]
    assert full["persons_intro"][0] == (
        "迪娜拉·斯马伊洛娃女士，[待翻译] woman human rights defender and founder of the "
        "NeMolchiKZ Foundation；")
    assert any(q["text"].startswith("[待翻译] ") for q in full["questions"])
    assert short["topic_line"].count("[待翻译]") == 1
    assert short["concerns"][0].startswith("[待翻译] ")
    keys = {u.key for u in untranslated(case, "zh", "full", workspace.reference)}
    assert {"summary", "persons.dinara-smailova.role", "questions.0"} <= keys
    keys = {u.key for u in untranslated(case, "zh", "short", workspace.reference)}
    assert {"topic", "public.concerns.0"} <= keys


def test_an_arabic_document_marks_in_arabic(workspace, case):
    case.text["ar"].concerns = case.text["ar"].concerns[:1]
    text = "\n".join(paragraphs(case, "ar", "full", workspace.reference))
    assert "[بانتظار الترجمة] " in text


def test_counts_per_language_over_both_variants(workspace, case):
    case.text["fr"].allegations[2] = ""
    case.text["fr"].topic = ""
    case.text["ru"].summary = ""
    counts = untranslated_counts(workspace, case, ["en", "fr", "ru", "zh"], ["full", "short"])
    assert counts == {"fr": 2, "ru": 1}
    assert untranslated_counts(workspace, case, ["fr"], ["short"]) == {"fr": 1}
    assert len(untranslated_units(workspace, case, "fr", "full")) == 1


def test_render_says_on_stderr_what_is_not_translated(capsys, tmp_path):
    ws = ["--workspace", str(tmp_path / "ws")]
    assert main(["demo", *ws]) == 0
    assert main(["export-case", "demo-mne-2024", str(tmp_path / "case.json"), *ws]) == 0
    data = json.loads((tmp_path / "case.json").read_text(encoding="utf-8"))
    for key in ("id", "revision", "reference", "history"):
        data.pop(key, None)
    data["status"] = "draft"
    data["dates"] = {"sent": None, "reply": None, "reply_kind": None}
    data["text"]["fr"]["allegations"][2] = ""
    (tmp_path / "draft.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert main(["import", str(tmp_path / "draft.json"), *ws]) == 0
    case_id = capsys.readouterr().out.strip().splitlines()[-1]
    code = main(["render", case_id, "--lang", "en,fr", "--out", str(tmp_path / "out"), *ws])
    out, err = capsys.readouterr()
    assert code == 0
    assert len(out.strip().splitlines()) == 4
    lines = [line for line in err.splitlines() if "not yet translated" in line]
    assert len(lines) == 1, err
    assert "-full-fr.docx: 1 text(s) not yet translated into fr: marked [à traduire] in the " \
           "document" in lines[0]
