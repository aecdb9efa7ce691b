"""A workspace's own reference data: added through the CLI, merged over the shipped data."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

from desktop_app.cli import main
from desktop_app.reference import clear_reference_cache
from desktop_app.reference.loader import DATA_DIR, ReferenceData
from desktop_app.workspace.messages import describe


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_add_holder_signs_the_letter_and_keeps_shipped_data(capsys, tmp_path):
    ws = ["--workspace", str(tmp_path / "ws")]
    run(capsys, "demo", *ws)
    code, out, _ = run(capsys, "check", "demo-mne-2024", "--json", *ws)
    holderless = [i for i in json.loads(out) if i["code"] == "mandate.no_holder"]
    assert len(holderless) == 1 and holderless[0]["section"] == "case"
    assert holderless[0]["message"].startswith(
        "No holder of the mandate “Working Group on discrimination against women and girls”")
    code, out, err = run(capsys, "add-holder", "wg-women-girls", "--name", "Ana Example",
                         "--gender", "female", "--from", "2024-01-01", *ws)
    assert code == 0, err
    code, out, _ = run(capsys, "check", "demo-mne-2024", "--json", *ws)
    assert not [i for i in json.loads(out) if i["code"] == "mandate.no_holder"]
    code, out, _ = run(capsys, "render", "demo-mne-2024", "--variant", "full",
                       "--out", str(tmp_path / "out"), *ws)
    from desktop_app.documents import document_paragraphs

    paragraphs = document_paragraphs(Path(out.strip()))
    assert "Ana Example" in paragraphs
    # The shipped file was not touched; the workspace file holds only the change.
    own = json.loads((tmp_path / "ws" / "reference" / "mandates.json").read_text("utf-8"))
    assert own == [{"id": "wg-women-girls", "holders": [
        {"name": "Ana Example", "gender": "female", "from": "2024-01-01", "to": None}]}]


def test_unknown_mandate_and_bad_entry_are_refused_and_nothing_kept(capsys, tmp_path):
    ws = ["--workspace", str(tmp_path / "ws")]
    code, _, err = run(capsys, "add-holder", "no-such", "--name", "X", "--gender", "male",
                       "--from", "2024-01-01", *ws)
    assert code == 1 and "unknown mandate 'no-such'" in err
    bad = tmp_path / "clause.json"
    bad.write_text(json.dumps({"id": "my-clause", "instrument": "ICCPR"}), encoding="utf-8")
    code, _, err = run(capsys, "add-reference", "clause", str(bad), *ws)
    assert code == 1 and "my-clause" in err and "clauses.json" in err
    assert not (tmp_path / "ws" / "reference" / "clauses.json").exists()


def test_user_clause_is_listed_and_usable(capsys, tmp_path):
    ws = ["--workspace", str(tmp_path / "ws")]
    clause = {"id": "local-law-5", "instrument": "Constitution", "article": "5",
              "title": {"en": "A local guarantee"},
              "text": {"en": "Article 5 of the Constitution guarantees a fair hearing."}}
    path = tmp_path / "clause.json"
    path.write_text(json.dumps(clause), encoding="utf-8")
    code, _, err = run(capsys, "add-reference", "clause", str(path), *ws)
    assert code == 0, err
    code, out, _ = run(capsys, "clauses", "--json", *ws)
    assert any(c["id"] == "local-law-5" for c in json.loads(out))


def test_shipped_update_never_overwrites_the_users(tmp_path):
    shipped = tmp_path / "shipped"
    shutil.copytree(DATA_DIR, shipped)
    own = tmp_path / "own"
    own.mkdir()
    (own / "mandates.json").write_text(json.dumps([{"id": "hrd", "holders": [
        {"name": "Next Holder", "gender": "male", "from": "2026-05-01", "to": None}]}]), "utf-8")
    # The shipped data is updated: a new resolution and a corrected title.
    data = json.loads((shipped / "mandates.json").read_text("utf-8"))
    hrd = next(m for m in data if m["id"] == "hrd")
    hrd["resolutions"].append({"number": "70/1", "year": 2029})
    hrd["title"]["en"] = "Special Rapporteur on the situation of human rights defenders (new)"
    (shipped / "mandates.json").write_text(json.dumps(data), "utf-8")
    clear_reference_cache()
    mandate = ReferenceData(own, data_dir=shipped).mandate("hrd")
    assert mandate.holder_on(date(2026, 6, 1)).name == "Next Holder"
    assert mandate.holder_on(date(2024, 6, 1)).name == "Mary Lawlor"
    assert str(mandate.resolution_on(2030)) == "70/1"
    assert mandate.title_in("en").endswith("(new)")


def test_an_outdated_resolution_is_flagged_until_the_renewal_is_added(workspace, demo, tmp_path):
    demo.mandates = ["hrd", "iran"]
    mandate = workspace.reference.mandate("iran")
    latest = mandate.resolution_on(2024)
    stale = [m for m in workspace.check(demo) if m.field == "mandates[1]"
             and m.code == "mandate.old_resolution"]
    if 2024 - latest.year <= 1:
        return  # the shipped data already has a recent renewal
    assert stale and stale[0].params["resolution"] == latest.number
    assert latest.number in describe(stale[0], "en", workspace.reference)
    workspace.add_reference_entry("mandate", {"id": "iran", "resolutions": [
        {"number": "99/1", "year": 2024}]})  # a made-up number: test data
    assert str(workspace.reference.mandate("iran").resolution_on(2024)) == "99/1"
    assert not [m for m in workspace.check(demo) if m.field == "mandates[1]"
                and m.code == "mandate.old_resolution"]
