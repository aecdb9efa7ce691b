"""Case files and terminals under attack (issue 13): each test here failed before its fix.

A case file arrives from outside (an e-mail, a colleague's export, a hand edit). It is bounded
(size, /dev/zero), its keys are unique, every section is validated with the field named, and a
case the loader would refuse is never written, on the way in or the way out. Case text shown in
a terminal never acts on it. Encryption covers everything that holds case content, or refuses.
"""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.cli.common import terminal as _terminal
from desktop_app.domain.case import Case
from desktop_app.domain.errors import CaseFormatError, CommdraftError
from desktop_app.domain.review import ReviewChange
from desktop_app.reference import demo_case
from desktop_app.workspace import read_case_file
from desktop_app.workspace.case_files import MAX_CASE_FILE

DEMO = demo_case()["id"]
LOADED = "demo-mne-2024"  # the id `commdraft demo` gives it


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def ws_args(tmp_path: Path) -> list[str]:
    return ["--workspace", str(tmp_path / "ws")]


def reviewed() -> dict:
    """The demo case with a review section as an import makes it: a round, a comment, a change."""
    data = copy.deepcopy(demo_case())
    allegation = data["text"]["en"]["allegations"][0]
    data["review"] = {
        "rounds": [{"number": 1, "file": "copy.docx", "imported": "2024-09-01T10:00:00+00:00",
                    "lang": "en", "variant": "full", "exported_revision": None}],
        "comments": [{"id": "c1", "round": 1, "author": "Legal", "text": "Source?",
                      "key": "allegations.0", "anchor": "", "paragraph": "", "initials": "",
                      "date": None, "lang": "en", "status": "open"}],
        "changes": [{"id": "x1", "round": 1, "key": "allegations.0", "original": allegation,
                     "proposed": allegation + " (as reported)", "after": None, "tracked": True,
                     "authors": ["Legal"], "date": None, "lang": "en", "status": "open"}],
    }
    return data


def write(tmp_path: Path, data: dict | str, name: str = "case.json") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


# --------------------------------------------------------------------------- bounds, keys
def test_duplicate_keys_are_refused_not_last_one_wins(tmp_path, capsys, ws_args):
    data = copy.deepcopy(demo_case())
    data["persons"][0]["consent_public"] = False
    text = json.dumps(data)
    person = '"consent_public": false'
    assert person in text
    hostile = text.replace(person, person + ', "consent_public": true', 1)
    path = write(tmp_path, hostile)
    with pytest.raises(CaseFormatError, match="consent_public.*twice"):
        read_case_file(path)
    code, _, err = run(capsys, "import", str(path), *ws_args)
    assert code == 1 and "twice" in err and "Traceback" not in err
    assert run(capsys, "list", "--json", *ws_args)[1].strip() == "[]"  # nothing written


def test_an_oversized_case_file_is_refused_before_parsing(tmp_path):
    path = tmp_path / "big.json"
    path.write_bytes(b'{"a": "' + b"x" * (MAX_CASE_FILE + 10) + b'"}')
    with pytest.raises(CaseFormatError, match="larger than"):
        read_case_file(path)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero on this system")
def test_dev_zero_stops_at_the_limit(capsys, ws_args):
    code, _, err = run(capsys, "import", "/dev/zero", *ws_args)
    assert code == 1 and "larger than" in err


def test_an_unreadable_path_is_a_sentence(tmp_path, capsys, ws_args):
    code, _, err = run(capsys, "import", str(tmp_path), *ws_args)  # a folder, not a file
    assert code == 1 and str(tmp_path) in err and "Traceback" not in err


# --------------------------------------------------------------------------- review section
def test_a_whole_review_section_imports_and_round_trips(tmp_path):
    case = read_case_file(write(tmp_path, reviewed()))
    assert [c.id for c in case.review.changes] == ["x1"]
    assert Case.from_dict(case.to_dict()).to_dict() == case.to_dict()


@pytest.mark.parametrize(("where", "value", "field"), [
    (("changes", 0, "lang"), "xx", "review.changes[0].lang"),
    (("comments", 0, "lang"), 7, "review.comments[0].lang"),
    (("changes", 0, "round"), "1", "review.changes[0].round"),
    (("changes", 0, "round"), True, "review.changes[0].round"),
    (("changes", 0, "tracked"), "yes", "review.changes[0].tracked"),
    (("changes", 0, "authors"), "Legal", "review.changes[0].authors"),
    (("changes", 0, "key"), "../../etc/passwd", "review.changes[0].key"),
    (("changes", 0, "proposed"), ["a"], "review.changes[0].proposed"),
    (("comments", 0, "text"), {"a": 1}, "review.comments[0].text"),
    (("comments", 0, "status"), "gone", "review.comments[0].status"),
    (("rounds", 0, "variant"), "sideways", "review.rounds[0].variant"),
    (("rounds", 0, "number"), 0, "review.rounds[0]"),
    (("rounds", 0, "exported_revision"), "3", "review.rounds[0].exported_revision"),
    (("changes",), {"x1": {}}, "review.changes"),
    ((), [], "review"),
])
def test_every_wrong_value_in_the_review_section_is_named(tmp_path, where, value, field):
    data = reviewed()
    if where:
        target = data["review"]
        for step in where[:-1]:
            target = target[step]
        target[where[-1]] = value
    else:
        data["review"] = value
    with pytest.raises(CaseFormatError) as info:
        read_case_file(write(tmp_path, data))
    assert info.value.path.startswith(field), (info.value.path, str(info.value))


def test_duplicate_change_ids_are_refused(tmp_path):
    data = reviewed()
    data["review"]["changes"].append(dict(data["review"]["changes"][0]))
    with pytest.raises(CaseFormatError, match="used twice"):
        read_case_file(write(tmp_path, data))


def test_an_unknown_language_in_a_change_cannot_make_the_case_unreadable(tmp_path, capsys,
                                                                        ws_args):
    """Before: imported, then `review accept` saved a revision the loader refused and the case
    could no longer be shown, exported or opened."""
    data = reviewed()
    data["review"]["changes"][0]["lang"] = "xx"
    code, _, err = run(capsys, "import", str(write(tmp_path, data)), *ws_args)
    assert code == 1 and "review.changes[0].lang" in err
    code, _, err = run(capsys, "review", "accept", DEMO, "x1", *ws_args)
    assert code == 1
    assert run(capsys, "list", "--json", *ws_args)[1].strip() == "[]"


def test_review_list_and_accept_work_on_a_valid_review_section(tmp_path, capsys, ws_args):
    code, _, err = run(capsys, "import", str(write(tmp_path, reviewed())), *ws_args)
    assert code == 0, err
    code, out, err = run(capsys, "review", "list", DEMO, *ws_args)
    assert code == 0 and "x1" in out, err
    code, _, err = run(capsys, "review", "accept", DEMO, "x1", *ws_args)
    assert code == 0, err
    code, out, err = run(capsys, "show", DEMO, "--json", *ws_args)
    assert code == 0 and "(as reported)" in out


def test_a_save_the_loader_would_refuse_is_refused_before_it_is_written(workspace, demo):
    case = workspace.load(demo.id)
    case.review.changes.append(ReviewChange(id="bad", round=1, key="allegations.0",
                                            original="a", proposed="b", lang="xx"))
    with pytest.raises(CaseFormatError, match="lang"):
        workspace.save(case)
    again = workspace.load(demo.id)  # still readable, still the revision before
    assert again.revision == demo.revision and not again.review.changes


# --------------------------------------------------------------------------- terminal
HOSTILE = "Topic\rAL XXX 1/2024  [AL, sent]\x1b[2J\u202egnirts\u0085end\x7f"


def test_control_characters_are_escaped_in_terminal_output(tmp_path, capsys, ws_args):
    data = copy.deepcopy(demo_case())
    data["text"]["en"]["topic"] = HOSTILE
    for person in data["persons"]:
        person["name"] = "Name\rsent"
    assert run(capsys, "import", str(write(tmp_path, data)), *ws_args)[0] == 0
    for command in (["list"], ["show", DEMO], ["show", DEMO, "--json"], ["list", "--json"]):
        code, out, err = run(capsys, *command, *ws_args)
        assert code == 0, err
        for raw in ("\r", "\x1b", "\u202e", "\u0085", "\x7f"):
            assert raw not in out, (command, repr(raw))
    shown = run(capsys, "show", DEMO, *ws_args)[1]
    assert "Topic\\x0dAL XXX" in shown and "\\u202egnirts" in shown
    # JSON stays JSON, with the text intact once parsed.
    record = json.loads(run(capsys, "show", DEMO, "--json", *ws_args)[1])
    assert record["text"]["en"]["topic"] == HOSTILE


def test_terminal_keeps_the_text_people_write():
    text = "مرحبا\u200c بالعالم 中文 \u2068AL MNE 1/2024\u2069 👩🏽‍⚖️\tok\n"
    assert _terminal(text) == text


# --------------------------------------------------------------------------- encryption
@pytest.fixture
def passphrase(tmp_path: Path) -> Path:
    secret = tmp_path / "new.txt"
    secret.write_text("a brand new passphrase", encoding="utf-8")
    return secret


def test_encrypt_refuses_while_case_content_lies_in_clear(tmp_path, capsys, ws_args, passphrase):
    run(capsys, "demo", *ws_args)
    assert run(capsys, "render", LOADED, *ws_args)[0] == 0  # documents/ in the workspace
    export = tmp_path / "ws" / "exports" / "case.json"
    assert run(capsys, "export-case", LOADED, str(export), *ws_args)[0] == 0
    damaged = tmp_path / "ws" / "store.damaged-20240101" / "cases"
    damaged.mkdir(parents=True)
    (damaged / "x.log").write_text("Smailova", encoding="utf-8")
    code, out, err = run(capsys, "encrypt", "--new-passphrase-file", str(passphrase), *ws_args)
    assert code == 1 and "--remove-plaintext" in err
    for name in ("documents", "case.json", "store.damaged-20240101"):
        assert name in err
    # Nothing changed: the store is still plain and the case still opens without a passphrase.
    assert run(capsys, "show", LOADED, *ws_args)[0] == 0
    code, out, err = run(capsys, "encrypt", "--new-passphrase-file", str(passphrase),
                         "--remove-plaintext", *ws_args)
    assert code == 0, err
    assert "removed" in out and not export.exists() and not damaged.exists()
    leftovers = [p for p in (tmp_path / "ws").rglob("*")
                 if p.is_file() and b"Smailova" in p.read_bytes()]
    assert leftovers == []


def test_writing_in_clear_inside_an_encrypted_workspace_needs_plaintext(tmp_path, capsys,
                                                                       ws_args, passphrase):
    run(capsys, "demo", *ws_args)
    assert run(capsys, "encrypt", "--new-passphrase-file", str(passphrase), *ws_args)[0] == 0
    enc = [*ws_args, "--passphrase-file", str(passphrase)]
    inside = tmp_path / "ws" / "case.json"
    code, _, err = run(capsys, "export-case", LOADED, str(inside), *enc)
    assert code == 1 and "encrypted" in err and not inside.exists()
    xliff = tmp_path / "ws" / "fr.xlf"
    code, _, err = run(capsys, "translation", LOADED, "--lang", "fr", "--export-xliff", str(xliff),
                       *enc)
    assert code == 1 and not xliff.exists()
    assert run(capsys, "export-case", LOADED, str(inside), "--plaintext", *enc)[0] == 0
    assert inside.exists()
    outside = tmp_path / "out" / "case.json"
    assert run(capsys, "export-case", LOADED, str(outside), *enc)[0] == 0


# --------------------------------------------------------------------------- file errors
def test_a_folder_that_cannot_be_written_is_a_sentence(tmp_path, capsys, ws_args):
    run(capsys, "demo", *ws_args)
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where a folder should be", encoding="utf-8")
    code, _, err = run(capsys, "render", LOADED, "--out", str(blocker / "docs"), *ws_args)
    assert code == 1 and "Traceback" not in err and "blocker" in err
    code, _, err = run(capsys, "export-case", LOADED, str(blocker / "x" / "c.json"), *ws_args)
    assert code == 1 and "could not be written" in err


def test_full_disk_messages_say_what_to_do():
    import errno

    from desktop_app.workspace.fileerrors import write_error
    from desktop_app.workspace.messages import describe

    exc = write_error(OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), "/x/a.docx"), "/x/a.docx")
    assert exc.code == "file.disk_full"
    for lang in ("en", "fr", "ar", "zh"):
        assert "/x/a.docx" in describe(exc, lang)
    assert "Free some space" in describe(exc, "en")
    with pytest.raises(CommdraftError):
        raise exc


# --------------------------------------------------------------------------- permissions
@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_confidential_by_default_documents_shareable(tmp_path, capsys):
    """Before: store files 0644 and folders 0755 (readable by every local user) while
    documents were 0600, the reverse of what is needed."""
    old = os.umask(0o022)
    try:
        root = tmp_path / "ws"
        ws_args = ["--workspace", str(root)]
        assert run(capsys, "demo", *ws_args)[0] == 0
        assert run(capsys, "render", LOADED, *ws_args)[0] == 0
        assert run(capsys, "export-case", LOADED, str(root / "x.json"), *ws_args)[0] == 0
        assert run(capsys, "backup", *ws_args)[0] == 0
    finally:
        os.umask(old)
    mode = lambda p: p.stat().st_mode & 0o777  # noqa: E731
    assert mode(root) == 0o711  # others may reach documents/, not list the workspace
    store = [p for p in (root / "store").rglob("*")]
    assert store and all(mode(p) == (0o700 if p.is_dir() else 0o600) for p in store), \
        sorted((oct(mode(p)), str(p)) for p in store if mode(p) & 0o077)
    assert mode(root / "store") == 0o700 and mode(root / "x.json") == 0o600
    docs = list((root / "documents").glob("*.docx"))
    assert docs and mode(root / "documents") == 0o755
    assert all(mode(p) == 0o644 for p in docs)
