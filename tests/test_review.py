"""The legal-review round trip: a review copy goes out, a reviewer comments and edits it in Word
(simulated here with the XML Word writes), and everything comes back into the case."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from desktop_app.cli import main
from desktop_app.domain.errors import CommdraftError
from desktop_app.domain.review import ReviewConflict
from desktop_app.domain.translation import stale_languages
from desktop_app.workspace import decide, export_review, import_review, resolve
from desktop_app.workspace.messages import describe

W_AUTHOR, W_DATE, W_ID = qn("w:author"), qn("w:date"), qn("w:id")


def paragraph_with(doc, text: str):
    for p in doc.paragraphs:
        if text in p.text.replace("\u00a0", " "):  # dates and names do not break
            return p
    raise AssertionError(f"no paragraph holds {text!r}")


def tracked_replace(p, old: str, new: str, author: str = "Legal Adviser") -> None:
    """What Word writes for a tracked replacement: the old words in w:del, the new in w:ins."""
    text = p.text
    before, _, after = text.partition(old)
    for r in list(p._p.iter(qn("w:r"))):
        r.getparent().remove(r)

    def run(value: str, deleted: bool = False):
        r = OxmlElement("w:r")
        t = OxmlElement("w:delText" if deleted else "w:t")
        t.set(qn("xml:space"), "preserve")
        t.text = value
        r.append(t)
        return r

    def mark(tag: str, child, ident: int):
        el = OxmlElement(tag)
        el.set(W_ID, str(ident))
        el.set(W_AUTHOR, author)
        el.set(W_DATE, "2024-08-10T09:30:00Z")
        el.append(child)
        return el

    end = p._p.find(qn("w:bookmarkEnd"))
    for element in (run(before), mark("w:del", run(old, deleted=True), 901),
                    mark("w:ins", run(new), 902), run(after)):
        if end is not None:
            end.addprevious(element)
        else:
            p._p.append(element)


def tracked_new_paragraph_after(p, text: str, author: str = "Legal Adviser") -> None:
    new = OxmlElement("w:p")
    ppr = OxmlElement("w:pPr")
    rpr = OxmlElement("w:rPr")
    ins_mark = OxmlElement("w:ins")
    ins_mark.set(W_ID, "903")
    ins_mark.set(W_AUTHOR, author)
    rpr.append(ins_mark)
    ppr.append(rpr)
    new.append(ppr)
    ins = OxmlElement("w:ins")
    ins.set(W_ID, "904")
    ins.set(W_AUTHOR, author)
    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = text
    r.append(t)
    ins.append(r)
    new.append(ins)
    p._p.addnext(new)


@pytest.fixture
def demo(workspace):
    """The demo letter, reopened: a sent letter is frozen, and a review's changes are accepted
    before sending (the reference stays, so file names are those of a real letter)."""
    workspace.load_demo()
    return workspace.reopen("demo-mne-2024", "a legal review of the corrected letter")


@pytest.fixture
def reviewed(workspace, demo, tmp_path):
    """A review copy of the demo letter, commented and edited by a reviewer."""
    copy = export_review(workspace, demo.id, "en", "full", tmp_path / "out")
    doc = Document(str(copy))
    texts = demo.texts("en")
    # A comment on words of the second allegation.
    p = paragraph_with(doc, texts.allegations[1][:40])
    doc.add_comment(p.runs[0], text="Which court? Please give the case number.",
                    author="Legal Adviser", initials="LA")
    # A tracked replacement in the first concern.
    p = paragraph_with(doc, texts.concerns[0][:40])
    tracked_replace(p, "seriously", "gravely")
    # An untracked edit (tracking was off) in the third allegation.
    p = paragraph_with(doc, texts.allegations[2][:40])
    for run in p.runs:
        run.text = run.text.replace("Montenegro", "Montenegro (Podgorica)")
    # A new paragraph, tracked, after the second background paragraph.
    p = paragraph_with(doc, texts.background[1][:40])
    tracked_new_paragraph_after(p, "A paragraph the reviewer thinks is missing.")
    out = tmp_path / "returned.docx"
    doc.save(str(out))
    return out


def test_export_carries_the_case_and_its_paragraphs(workspace, demo, tmp_path):
    copy = export_review(workspace, demo.id, "en", "full", tmp_path)
    doc = Document(str(copy))
    assert doc.core_properties.identifier == f"commdraft:{demo.id}"
    assert doc.core_properties.version == str(demo.revision)
    names = {el.get(qn("w:name")) for el in doc.element.body.iter(qn("w:bookmarkStart"))}
    texts = demo.texts("en")
    expected = {f"cd_b_{i}" for i in range(len(texts.background))} | {
        f"cd_a_{i}" for i in range(len(texts.allegations))} | {
        f"cd_q_{i}" for i in range(len(texts.questions))} | {
        f"cd_s_{i}" for i in range(len(demo.standard_questions))}
    assert expected <= names
    assert copy.name == f"AL-MNE-1-2024-full-en-review-r{demo.revision}.docx"


def test_comments_and_changes_come_back(workspace, demo, reviewed):
    result = import_review(workspace, reviewed)
    assert result.round == 1 and not result.warnings
    [comment] = result.comments
    assert comment.author == "Legal Adviser" and comment.initials == "LA"
    assert comment.key == "allegations.1" and comment.text.startswith("Which court?")
    assert comment.anchor and comment.anchor in demo.texts("en").allegations[1]
    by_key = {c.key: c for c in result.changes}
    concern = by_key["concerns.0"]
    assert concern.tracked and concern.authors == ["Legal Adviser"]
    assert concern.original == demo.texts("en").concerns[0]
    assert "gravely" in concern.proposed and "seriously" not in concern.proposed
    untracked = by_key["allegations.2"]
    assert not untracked.tracked and "Montenegro (Podgorica)" in untracked.proposed
    [added] = [c for c in result.changes if c.key is None]
    assert added.after == "background.1"
    assert added.proposed == "A paragraph the reviewer thinks is missing."
    # Kept in the store, with the case.
    again = workspace.load(demo.id)
    assert len(again.review.comments) == 1 and len(again.review.changes) == 3
    # The same file a second time adds nothing.
    second = import_review(workspace, reviewed)
    assert second.round is None and second.warnings[0].code == "review.nothing_new"
    assert describe(second.warnings[0]).startswith("Nothing new: every comment and change")


def test_accept_reject_resolve(workspace, demo, reviewed):
    result = import_review(workspace, reviewed)
    ids = {c.key: c.id for c in result.changes}
    open_items = [i for i in workspace.check(result.case) if i.section == "legal_review"]
    assert open_items[0].code == "review.open"
    assert (open_items[0].params["comments"], open_items[0].params["changes"]) == (1, 3)
    assert "has 1 open comment and 3 proposed changes" in describe(open_items[0])
    case = decide(workspace, demo.id, ids["concerns.0"], accept=True)
    assert "gravely" in case.texts("en").concerns[0]
    # The English changed: every translation of that paragraph is now stale.
    assert "fr" in stale_languages(case)
    case = decide(workspace, demo.id, ids[None], accept=True)
    assert case.texts("en").background[2] == "A paragraph the reviewer thinks is missing."
    case = decide(workspace, demo.id, ids["allegations.2"], accept=False)
    assert "Podgorica" not in case.texts("en").allegations[2]
    assert {c.status for c in case.review.changes} == {"accepted", "rejected"}
    case = resolve(workspace, demo.id, result.comments[0].id)
    assert case.review.comments[0].status == "resolved"
    assert not [i for i in workspace.check(case) if i.section == "legal_review"]
    with pytest.raises(CommdraftError, match="already accepted"):
        decide(workspace, demo.id, ids["concerns.0"], accept=True)


def test_a_paragraph_edited_since_export_is_a_conflict(workspace, demo, reviewed):
    case = workspace.load(demo.id)
    case.text["en"].concerns[0] = "The drafter rewrote this concern in the meantime."
    workspace.save(case)
    result = import_review(workspace, reviewed)
    moved = next(w for w in result.warnings if w.code == "review.paragraphs_changed")
    assert moved.params["count"] == 1 and moved.params["paragraphs"] == ["concerns.0"]
    assert describe(moved).startswith("1 paragraph changed in the case since this copy was "
                                      "made") and "Concerns ¶1" in describe(moved)
    change = next(c for c in result.changes if c.key == "concerns.0")
    with pytest.raises(ReviewConflict, match="was edited in the case"):
        decide(workspace, demo.id, change.id, accept=True)
    assert workspace.load(demo.id).texts("en").concerns[0].startswith("The drafter rewrote")


def test_files_that_are_not_review_copies(workspace, demo, tmp_path):
    plain = workspace.render(demo, ["full"], ["en"], tmp_path)[0]
    with pytest.raises(CommdraftError, match="not a commdraft review copy"):
        import_review(workspace, plain)
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(CommdraftError, match="not a Word document|damaged"):
        import_review(workspace, broken)
    with pytest.raises(CommdraftError, match="no such file"):
        import_review(workspace, tmp_path / "missing.docx")


def test_copy_of_a_case_from_another_workspace(workspace, demo, reviewed, tmp_path):
    from desktop_app.workspace import Workspace

    with Workspace.open(tmp_path / "other") as other:
        with pytest.raises(CommdraftError, match="not in the workspace"):
            import_review(other, reviewed)


def test_cli_round_trip(capsys, tmp_path, reviewed, workspace, demo):
    ws = ["--workspace", str(workspace.root)]
    workspace.close()
    assert main(["review", "import", str(reviewed), *ws]) == 0
    out = capsys.readouterr().out
    assert "1 comment(s), 3 change(s)" in out
    assert main(["review", "list", "AL MNE 1/2024", *ws]) == 0
    out = capsys.readouterr().out
    assert "Which court?" in out and "r1s1" in out
    assert main(["review", "accept", "AL MNE 1/2024", "r1s1", *ws]) == 0
    assert main(["review", "resolve", "AL MNE 1/2024", "r1c1", *ws]) == 0
    capsys.readouterr()
    assert main(["review", "list", "AL MNE 1/2024", "--json", *ws]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["comments"][0]["status"] == "resolved"
    assert main(["review", "export", "AL MNE 1/2024", "--out", str(tmp_path / "x"), *ws]) == 0
    assert "review-r" in capsys.readouterr().out


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_keeps_the_marks(workspace, demo, tmp_path):
    """A reviewer who opens and saves the copy in another word processor keeps the case link."""
    copy = export_review(workspace, demo.id, "en", "full", tmp_path / "a")
    out = tmp_path / "b"
    subprocess.run(["soffice", "--headless", "--convert-to", "docx", "--outdir", str(out),
                    str(copy)], check=True, capture_output=True, timeout=120,
                   env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"})
    resaved = out / copy.name
    # Every bookmark of the copy is still there, around the same paragraph.
    assert _bookmarks(Document(str(resaved))) == _bookmarks(Document(str(copy)))
    result = import_review(workspace, Path(resaved))
    assert result.round is None  # nothing changed, nothing new
    # A reviewer's edit of the resaved copy still reaches the paragraph of the case it is in
    # (without the bookmarks it would be the tool's own wording and nothing would come back).
    doc = Document(str(resaved))
    tracked_replace(paragraph_with(doc, demo.texts("en").concerns[0][:40]), "seriously",
                    "gravely")
    doc.add_comment(paragraph_with(doc, demo.texts("en").allegations[1][:40]).runs[0],
                    text="Which court?", author="Legal Adviser", initials="LA")
    edited = tmp_path / "edited.docx"
    doc.save(str(edited))
    result = import_review(workspace, edited)
    [change] = result.changes
    assert change.key == "concerns.0" and "gravely" in change.proposed
    assert [c.key for c in result.comments] == ["allegations.1"]


def _bookmarks(doc) -> dict[str, str]:
    """commdraft's bookmark names, and the text of the paragraph each one starts in."""
    return {el.get(qn("w:name")): " ".join("".join(
                t.text or "" for t in el.getparent().iter(qn("w:t"))).split())
            for el in doc.element.body.iter(qn("w:bookmarkStart"))
            if (el.get(qn("w:name")) or "").startswith("cd_")}


def _tracked(doc):
    """(kind, author, text) of every tracked change in the body."""
    out = []
    for el in doc.element.body.iter(qn("w:ins"), qn("w:del")):
        text = "".join(t.text or "" for t in el.iter(qn("w:t"), qn("w:delText")))
        if text:
            out.append((el.tag.rsplit("}", 1)[1], el.get(W_AUTHOR), text))
    return out


def test_redline_shows_what_changed_since_a_revision(workspace, demo, tmp_path):
    since = demo.revision
    case = workspace.load(demo.id)
    texts = case.text["en"]
    old_concern = texts.concerns[0]
    texts.concerns[0] = texts.concerns[0].replace("seriously", "gravely")
    removed = texts.allegations.pop(3)
    texts.background.insert(1, "A new background paragraph.")
    case = workspace.save(case)
    path = export_review(workspace, demo.id, "en", "full", tmp_path, since=since)
    assert f"-redline-r{since}-" in path.name
    doc = Document(str(path))
    author = f"commdraft (changes since revision {since})"
    # Exactly what changed, and nothing else: the inserted background paragraph, the word
    # replaced in the first concern, the allegation taken out, in the order the letter prints.
    assert _tracked(doc) == [
        ("ins", author, "A new background paragraph."),
        ("del", author, " ".join(removed.split())),
        ("del", author, "seriously "),
        ("ins", author, "gravely "),
    ]
    # In its place: the concern's paragraph (bookmark cd_c_0) reads as the old concern without
    # the insertions and as the new one without the deletions.
    [start] = [el for el in doc.element.body.iter(qn("w:bookmarkStart"))
               if el.get(qn("w:name")) == "cd_c_0"]
    runs = [(r.getparent().tag.rsplit("}", 1)[1], "".join(
        t.text or "" for t in r.iter(qn("w:t"), qn("w:delText"))))
        for r in start.getparent().iter(qn("w:r"))]
    assert ("del", "seriously ") in runs and ("ins", "gravely ") in runs

    def view(without: str) -> str:
        return " ".join("".join(text for kind, text in runs if kind != without).split())

    assert view("ins").endswith(" ".join(old_concern.split()))
    assert view("del").endswith(" ".join(texts.concerns[0].split()))
    # A redline sent for comment and returned untouched brings nothing back: its own marks
    # are the case's text, not a reviewer's proposal.
    result = import_review(workspace, path)
    assert result.round is None


def test_redline_cli_defaults_to_the_last_reviewed_copy(capsys, workspace, demo, reviewed,
                                                        tmp_path):
    ws = ["--workspace", str(workspace.root)]
    import_review(workspace, reviewed)
    workspace.close()
    assert main(["review", "redline", "AL MNE 1/2024", "--out", str(tmp_path / "r"), *ws]) == 0
    out = capsys.readouterr().out
    assert f"-redline-r{demo.revision}-" in out
    assert main(["review", "redline", "AL MNE 1/2024", "--since", "99", *ws]) == 1
    assert "Revision 99 does not exist" in capsys.readouterr().err
