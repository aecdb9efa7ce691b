"""The command line: exit codes, messages, and the case-file round trip."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop_app.cli import main


@pytest.fixture
def ws(tmp_path: Path) -> list[str]:
    return ["--workspace", str(tmp_path / "ws")]


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_no_arguments_prints_help(capsys):
    code, out, _ = run(capsys)
    assert code == 0 and "usage: commdraft" in out


def test_usage_error_exits_2(capsys, ws):
    with pytest.raises(SystemExit) as info:
        main(["render", "x", "--variant", "sideways", *ws])
    assert info.value.code == 2


def test_empty_workspace_offers_the_demo(capsys, ws):
    code, out, _ = run(capsys, "list", *ws)
    assert code == 0 and "commdraft demo" in out


def test_demo_list_show_check_render(capsys, ws, tmp_path):
    code, out, _ = run(capsys, "demo", *ws)
    assert code == 0 and out.strip().splitlines()[-1] == "demo-mne-2024"
    code, out, _ = run(capsys, "list", "--state", "MNE", "--json", *ws)
    rows = json.loads(out)
    assert [r["reference"] for r in rows] == ["AL MNE 1/2024"]
    for args in (["--state", "KAZ"], ["--kind", "UA"], ["--status", "draft"], ["--year", "2023"],
                 ["--text", "nobody-by-that-name"]):
        code, out, _ = run(capsys, "list", *args, "--json", *ws)
        assert json.loads(out) == [], args
    code, out, _ = run(capsys, "list", "--text", "smailova", "--year", "2024", "--json", *ws)
    assert len(json.loads(out)) == 1
    code, out, _ = run(capsys, "show", "AL MNE 1/2024", "--json", *ws)
    assert json.loads(out)["recipient"] == {"type": "state", "state": "MNE"}
    code, out, _ = run(capsys, "check", "demo-mne-2024", *ws)
    assert code == 0
    code, out, _ = run(capsys, "render", "AL MNE 1/2024", "--variant", "both", "--lang", "en",
                       "--out", str(tmp_path / "out"), *ws)
    assert code == 0
    assert sorted(Path(p).name for p in out.split()) == [
        "AL-MNE-1-2024-full-en.docx", "AL-MNE-1-2024-short-en.docx"]


def test_unknown_case_and_language_exit_1(capsys, ws):
    run(capsys, "demo", *ws)
    code, _, err = run(capsys, "show", "AL XYZ 9/2020", *ws)
    assert code == 1 and "There is no case AL XYZ 9/2020 in this workspace" in err
    code, _, err = run(capsys, "render", "demo-mne-2024", "--lang", "xx", *ws)
    assert code == 1 and "unknown language 'xx'" in err


def test_import_new_case_prints_id_last(capsys, ws, tmp_path):
    run(capsys, "demo", *ws)
    path = tmp_path / "case.json"
    run(capsys, "export-case", "demo-mne-2024", str(path), *ws)
    data = json.loads(path.read_text(encoding="utf-8"))
    data.pop("id")
    data["reference"] = None
    data["status"] = "draft"
    path.write_text(json.dumps(data), encoding="utf-8")
    code, out, _ = run(capsys, "import", str(path), *ws)
    new_id = out.strip().splitlines()[-1]
    assert code == 0 and new_id != "demo-mne-2024"
    code, out, _ = run(capsys, "show", new_id, "--json", *ws)
    assert json.loads(out)["status"] == "draft"


def test_export_edit_import_updates_then_conflicts(capsys, ws, tmp_path):
    run(capsys, "demo", *ws)
    first = tmp_path / "first.json"
    run(capsys, "export-case", "demo-mne-2024", str(first), *ws)
    data = json.loads(first.read_text(encoding="utf-8"))
    revision = data["revision"]
    data["text"]["en"]["topic"] = "edited outside the tool"
    data["x-reviewer-note"] = "kept as it is"
    first.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, out, _ = run(capsys, "import", str(first), *ws)
    assert code == 0 and out.startswith("updated") and out.strip().splitlines()[-1] == "demo-mne-2024"
    code, out, _ = run(capsys, "show", "demo-mne-2024", "--json", *ws)
    stored = json.loads(out)
    assert stored["revision"] == revision + 1
    assert stored["text"]["en"]["topic"] == "edited outside the tool"
    assert stored["x-reviewer-note"] == "kept as it is"
    # The same file again is based on a revision the case has moved on from: a conflict.
    data["text"]["en"]["topic"] = "a second, stale edit"
    first.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, _, err = run(capsys, "import", str(first), *ws)
    assert code == 1 and "conflict" in err.lower()
    code, out, _ = run(capsys, "show", "demo-mne-2024", "--json", *ws)
    assert json.loads(out)["text"]["en"]["topic"] == "edited outside the tool"


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (lambda d: d["persons"][1].__setitem__("gender", "x"), "persons[1].gender"),
        (lambda d: d["dates"].__setitem__("sent", "yesterday"), "dates.sent"),
        (lambda d: d.__setitem__("mandates", ["hrd", "no-such-mandate"]), "mandates[1]"),
        (lambda d: d["recipient"].__setitem__("state", "ZZZ"), "recipient.state"),
    ],
)
def test_malformed_file_names_field_and_writes_nothing(capsys, ws, tmp_path, mutate, field):
    run(capsys, "demo", *ws)
    path = tmp_path / "bad.json"
    run(capsys, "export-case", "demo-mne-2024", str(path), *ws)
    data = json.loads(path.read_text(encoding="utf-8"))
    mutate(data)
    path.write_text(json.dumps(data), encoding="utf-8")
    before = json.loads(run(capsys, "show", "demo-mne-2024", "--json", *ws)[1])
    code, _, err = run(capsys, "import", str(path), *ws)
    assert code == 1 and field in err and "bad.json" in err
    after = json.loads(run(capsys, "show", "demo-mne-2024", "--json", *ws)[1])
    assert after == before


def test_not_json_is_reported_with_line(capsys, ws, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"format": "commdraft.case/1",\n  "kind": }', encoding="utf-8")
    code, _, err = run(capsys, "import", str(path), *ws)
    assert code == 1 and "line 2" in err and "not valid JSON" in err


def test_mark_sent_allocates_next_number_and_refuses_drafts(capsys, ws, tmp_path):
    run(capsys, "demo", *ws)
    path = tmp_path / "second.json"
    run(capsys, "export-case", "demo-mne-2024", str(path), *ws)
    data = json.loads(path.read_text(encoding="utf-8"))
    for key in ("id", "revision"):
        data.pop(key)
    data.update(reference=None, status="draft", kind="UA")
    data["dates"]["sent"] = None
    path.write_text(json.dumps(data), encoding="utf-8")
    new_id = run(capsys, "import", str(path), *ws)[1].strip().splitlines()[-1]
    code, _, err = run(capsys, "mark-sent", new_id, "--date", "2024-09-02", *ws)
    assert code == 1 and "cannot become “sent”: a case that is “draft” can only move to" in err
    run(capsys, "set-status", new_id, "in_review", *ws)
    run(capsys, "set-status", new_id, "approved", *ws)
    code, out, err = run(capsys, "mark-sent", new_id, "--date", "2024-09-02", *ws)
    assert code == 1 and "open item" in err and "--force" in err and out == ""
    code, out, err = run(capsys, "mark-sent", new_id, "--date", "2024-09-02", "--force", *ws)
    assert code == 0 and out.startswith("UA MNE 2/2024")
    assert "next free number in this workspace" in err


def test_templates_check_passes_on_shipped_layouts(capsys, ws):
    code, out, _ = run(capsys, "templates", "check", *ws)
    assert code == 0 and "2 layout(s) checked" in out


def test_workspace_option_before_the_command(capsys, tmp_path):
    folder = tmp_path / "before"
    code, out, _ = run(capsys, "--workspace", str(folder), "demo")
    assert code == 0 and str(folder) in out
    code, out, _ = run(capsys, "list", "--workspace", str(folder))
    assert "AL MNE 1/2024" in out


def test_translation_status_stale_and_mark_current(capsys, ws, tmp_path):
    run(capsys, "demo", *ws)
    code, out, _ = run(capsys, "translation", "AL MNE 1/2024", "--lang", "fr", *ws)
    assert code == 0 and "current" in out and "stale" not in out
    # The drafter changes the English topic after the French was made (the letter is sent, so
    # it is reopened first: its French background is frozen otherwise).
    assert run(capsys, "reopen", "AL MNE 1/2024", "--reason", "test", *ws)[0] == 0
    path = tmp_path / "case.json"
    run(capsys, "export-case", "AL MNE 1/2024", str(path), *ws)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["text"]["en"]["topic"] = "a changed topic"
    del data["text"]["fr"]["background"][3]
    path.write_text(json.dumps(data), encoding="utf-8")
    assert run(capsys, "import", str(path), *ws)[0] == 0
    code, out, _ = run(capsys, "translation", "AL MNE 1/2024", "--lang", "fr", "--json", *ws)
    states = {u["key"]: u["state"] for u in json.loads(out)}
    assert states["topic"] == "stale" and states["background.3"] == "missing"
    code, out, _ = run(capsys, "translation", "AL MNE 1/2024", "--lang", "fr", *ws)
    assert "stale     topic" in out and "missing   background.3" in out
    code, out, _ = run(capsys, "check", "AL MNE 1/2024", *ws)
    assert "Translation:" in out
    assert "translation into French has 1 text made from an older source text" in out
    code, out, _ = run(capsys, "translation", "AL MNE 1/2024", "--lang", "fr", "--mark-current",
                       *ws)
    assert code == 0 and "marked as current" in out
    code, out, _ = run(capsys, "translation", "AL MNE 1/2024", "--lang", "fr", "--json", *ws)
    assert {u["key"]: u["state"] for u in json.loads(out)}["topic"] == "current"
    code, out, err = run(capsys, "translation", "AL MNE 1/2024", "--lang", "en", *ws)
    assert code == 1 and "source language" in err


def test_xliff_round_trip_for_a_cat_tool(capsys, ws, tmp_path):
    import xml.etree.ElementTree as ET

    run(capsys, "demo", *ws)
    # The demo is sent with its French letter, which is frozen: reopened for a revision.
    assert run(capsys, "reopen", "AL MNE 1/2024", "--reason", "revise the French", *ws)[0] == 0
    path = tmp_path / "fr.xlf"
    code, out, _ = run(capsys, "translation", "AL MNE 1/2024", "--lang", "fr",
                       "--export-xliff", str(path), *ws)
    assert code == 0
    ns = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
    tree = ET.parse(path)
    units = {tu.get("id"): tu for tu in tree.getroot().iterfind(".//x:trans-unit", ns)}
    assert units["topic"].find("x:target", ns).get("state") == "translated"
    # The translator revises two units in the CAT tool; one was made from an older source.
    units["topic"].find("x:target", ns).text = "Surveillance au Monténégro"
    units["concerns.0"].find("x:source", ns).text = "An older English concern."
    units["concerns.0"].find("x:target", ns).text = "Une préoccupation plus ancienne."
    tree.write(path, encoding="utf-8", xml_declaration=True)
    code, out, err = run(capsys, "translation", "--import-xliff", str(path), *ws)
    assert code == 0, err
    assert "1 made from an older source" in out
    code, out, _ = run(capsys, "translation", "AL MNE 1/2024", "--lang", "fr", "--json", *ws)
    states = {u["key"]: (u["state"], u["translation"]) for u in json.loads(out)}
    assert states["topic"] == ("current", "Surveillance au Monténégro")
    assert states["concerns.0"] == ("stale", "Une préoccupation plus ancienne.")
    bad = tmp_path / "bad.xlf"
    bad.write_text("<xliff>not closed", encoding="utf-8")
    code, _, err = run(capsys, "translation", "--import-xliff", str(bad), *ws)
    assert code == 1 and "not an XLIFF file" in err
