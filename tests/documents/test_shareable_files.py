"""Files people can share: real properties, permissions from the umask, readable names."""

from __future__ import annotations

import os
import re
import sys
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from docx import Document

from desktop_app.domain.case import Case
from desktop_app.reference import demo_case
from desktop_app.workspace import document_stem, export_review


def doc_props(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as archive:
        names = [name for name in archive.namelist() if name.startswith("docProps/")]
        assert not [n for n in names if "thumbnail" in n], names
        return {name: archive.read(name).decode("utf-8") for name in names}


def assert_no_python_docx(path: Path) -> None:
    props = doc_props(path)
    assert "docProps/core.xml" in props
    for name, xml in props.items():
        assert "python-docx" not in xml.lower(), f"{path.name}: {name}: {xml}"
        assert "2013-12-23" not in xml, f"{path.name}: {name} carries the stale 2013 date"
        assert "Macintosh" not in xml, f"{path.name}: {name}: {xml}"


def as_utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


# ---------------------------------------------------------------------- core properties
def test_a_rendered_letter_has_its_own_properties(workspace, demo, tmp_path):
    before = datetime.now(UTC).replace(microsecond=0)
    paths = workspace.render(demo, ["full", "short"], ["en", "fr"], tmp_path,
                             author="Aigerim Test")
    for path in paths:
        props = Document(str(path)).core_properties
        lang = path.stem.rsplit("-", 1)[1]
        assert props.author == "Aigerim Test"
        assert props.last_modified_by == "Aigerim Test"
        assert props.title.startswith("AL MNE 1/2024 — ")
        assert props.title.endswith(demo.texts(lang).topic[:40]) or \
            demo.texts(lang).topic[:40] in props.title
        assert len(props.title) <= 255
        assert props.language == lang
        for moment in (props.created, props.modified):
            assert before - timedelta(seconds=1) <= as_utc(moment) <= \
                datetime.now(UTC) + timedelta(seconds=1)
            assert datetime.now(UTC) - as_utc(moment) < timedelta(minutes=1)
        assert not props.comments and not props.keywords and not props.identifier
        assert_no_python_docx(path)
        assert "<Application>commdraft</Application>" in doc_props(path)["docProps/app.xml"]


def test_a_long_topic_is_cut_to_fit_the_title(workspace, demo, tmp_path):
    demo.text["en"].topic = "word " * 200
    path = workspace.render(demo, ["short"], ["en"], tmp_path)[0]
    title = Document(str(path)).core_properties.title
    assert len(title) <= 255 and title.endswith("…")


def test_the_author_comes_from_the_environment_or_the_login(workspace, demo, tmp_path,
                                                          monkeypatch):
    monkeypatch.setenv("COMMDRAFT_AUTHOR", "Ana Lucía Pérez")
    path = workspace.render(demo, ["full"], ["en"], tmp_path)[0]
    assert Document(str(path)).core_properties.author == "Ana Lucía Pérez"
    monkeypatch.delenv("COMMDRAFT_AUTHOR")
    from desktop_app.workspace.documents import default_author

    path = workspace.render(demo, ["full"], ["en"], tmp_path)[0]
    author = Document(str(path)).core_properties.author
    assert author == default_author() and author


def test_the_title_leaves_out_a_name_the_document_may_not_print(workspace, demo, tmp_path):
    dinara = demo.persons[0]
    dinara.consent_public, dinara.public_name = False, "a woman journalist"
    path = workspace.render(demo, ["short"], ["en"], tmp_path)[0]
    title = Document(str(path)).core_properties.title
    assert "Smailova" not in title and "a woman journalist" in title


def test_review_copies_and_redlines_keep_the_case_and_lose_python_docx(workspace, demo,
                                                                      tmp_path):
    from desktop_app.documents.review import read_review

    copy = export_review(workspace, demo.id, "fr", "full", tmp_path)
    redline = export_review(workspace, demo.id, "en", "full", tmp_path, since=demo.revision)
    for path in (copy, redline):
        assert_no_python_docx(path)
        props = Document(str(path)).core_properties
        assert props.author and props.last_modified_by == props.author
        assert props.identifier == f"commdraft:{demo.id}"
        found = read_review(path)
        assert (found.case_id, found.revision) == (demo.id, demo.revision)
    assert Document(str(copy)).core_properties.language == "fr"


def test_the_layouts_carry_no_stale_properties():
    from desktop_app.documents import TEMPLATE_DIR

    for path in TEMPLATE_DIR.glob("*.docx"):
        assert_no_python_docx(path)


# ---------------------------------------------------------------------- permissions
@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_documents_are_created_as_the_umask_says(workspace, demo, tmp_path, umask, mode):
    old = os.umask(umask)
    try:
        paths = workspace.render(demo, ["full"], ["en"], tmp_path / "out")
        paths.append(export_review(workspace, demo.id, "en", "short", tmp_path / "out"))
    finally:
        os.umask(old)
    for path in paths:
        assert path.stat().st_mode & 0o777 == mode, (path.name, oct(path.stat().st_mode))
    # The write stayed atomic: no temporary file is left beside the documents.
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(p.name for p in paths)


# ---------------------------------------------------------------------- file names
SAFE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9]$")
RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)),
            *(f"LPT{i}" for i in range(10))}


def draft(topic: str, *, lang: str = "en", state: str | None = "MNE") -> Case:
    case = Case.from_dict(demo_case())
    case.reference = None
    case.recipient.state = state
    if state is None:
        case.recipient.type, case.recipient.name = "other", "A company"
    case.source_language = lang
    for texts in case.text.values():
        texts.topic = ""
    case.text.setdefault(lang, case.texts(lang)).topic = topic
    return case


def assert_safe(stem: str) -> None:
    assert SAFE.fullmatch(stem), stem
    assert len(stem) <= 80, stem
    assert stem.split("-")[0].upper() not in RESERVED and stem.upper() not in RESERVED


def test_a_sent_letter_is_named_by_its_reference(demo):
    assert document_stem(demo) == "AL-MNE-1-2024"


def test_a_draft_is_named_by_state_and_topic(demo):
    case = draft("Reported surveillance of two human rights defenders from Kazakhstan")
    stem = document_stem(case)
    short_id = case.id.replace("-", "")[:6].lower()
    assert stem == f"draft-MNE-reported-surveillance-of-two-human-rights-defenders-from-{short_id}"
    assert_safe(stem)
    other = draft("Reported surveillance of two human rights defenders from Kazakhstan")
    other.id = "0123456789ab"
    assert document_stem(other) != stem


@pytest.mark.parametrize(("topic", "lang", "expected"), [
    ("Émile Zola à l'Élysée : œuvres", "fr", "draft-MNE-emile-zola-a-l-elysee-oeuvres-"),
    ("слежка за правозащитниками", "ru", "draft-MNE-slezhka-za-pravozashchitnikami-"),
    ("据报在黑山遭到监视", "zh", "draft-AL-MNE-"),
    ("مراقبة المدافعين عن حقوق الإنسان", "ar", "draft-AL-MNE-"),
    ("../../CON.", "en", "draft-MNE-con-"),
    ("   ", "en", "draft-AL-MNE-"),
    ("a" * 300, "en", "draft-MNE-aaaa"),
])
def test_draft_names_fall_back_sensibly_and_stay_safe(topic, lang, expected):
    stem = document_stem(draft(topic, lang=lang))
    assert stem.startswith(expected), stem
    assert_safe(stem)


def test_a_topic_in_arabic_borrows_a_translation_s_words():
    case = draft("مراقبة المدافعين", lang="ar")
    case.text["en"].topic = "surveillance of defenders"
    assert document_stem(case).startswith("draft-MNE-surveillance-of-defenders-")


def test_a_draft_to_a_company_and_hostile_ids(demo):
    case = draft("../../CON.", state=None)
    case.id = "CON"
    stem = document_stem(case)
    assert stem == "draft-OTH-con-con"
    assert_safe(stem)
