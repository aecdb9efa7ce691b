"""Loading: laziness, caching, workspace additions, validation messages, unknown ids."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from desktop_app.domain.errors import CommdraftError
from desktop_app.reference import (
    ReferenceData,
    ReferenceDataError,
    clear_reference_cache,
    load_reference,
)
from desktop_app.reference.loader import DATA_DIR

ROOT = Path(__file__).resolve().parents[2]


def _mandate(**changes):
    entry = {
        "id": "new-mandate", "kind": "thematic", "signs_as": "holder",
        "title": {"en": "Special Rapporteur on something new"},
        "mandate_line": {"en": "the Special Rapporteur on something new"},
        "resolutions": [{"number": "60/1", "year": 2025}],
        "holders": [{"name": "A. Person", "gender": "female", "from": "2025-11-01", "to": None}],
    }
    entry.update(changes)
    return entry


def _write(folder: Path, name: str, data) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def _fresh_cache():
    clear_reference_cache()
    yield
    clear_reference_cache()


def test_files_are_parsed_only_when_first_used():
    ref = ReferenceData()
    assert ref.mandates["hrd"].id == "hrd"
    assert "states" not in vars(ref)  # cached_property: absent until first use
    assert "clauses" not in vars(ref)
    ref.states  # noqa: B018 - first use loads it
    assert "states" in vars(ref)


def test_load_reference_is_cached_per_folder(tmp_path):
    assert load_reference() is load_reference()
    ws = tmp_path / "reference"
    ws.mkdir()
    assert load_reference(ws) is load_reference(tmp_path / "." / "reference")
    assert load_reference(ws) is not load_reference()


def test_cached_tables_cannot_be_changed_by_a_caller():
    with pytest.raises(TypeError):
        load_reference().mandates["hrd"] = None  # type: ignore[index]


def test_workspace_files_add_and_replace_entries(tmp_path):
    replaced = _mandate(id="hrd", title={"en": "Replaced title"},
                        mandate_line={"en": "the replaced title"})
    _write(tmp_path, "mandates.json", [_mandate(), replaced])
    ref = load_reference(tmp_path)
    assert ref.mandate("new-mandate").holder_on(date(2026, 1, 1)).name == "A. Person"
    assert ref.mandate("hrd").title_in("en") == "Replaced title"
    # Merged, not replaced: the packaged resolutions stay under the workspace's new title.
    assert str(ref.mandate("hrd").resolution_on(2024)) == "52/4"
    assert "torture" in ref.mandates  # packaged entries stay
    assert ref.states["MNE"].iso2 == "ME"  # a file the workspace does not have: packaged only


@pytest.mark.parametrize("change, message", [
    ({"resolutions": "52/4"}, "field 'resolutions' must be a list"),
    ({"resolutions": []}, "field 'resolutions' needs at least 1 item"),
    ({"resolutions": [{"number": "52-4", "year": 2023}]}, "field 'resolutions[0].number' has the wrong form"),
    ({"resolutions": [{"number": "52/4", "year": "2023"}]}, "field 'resolutions[0].year' must be a year"),
    ({"holders": [{"name": "X", "gender": "f", "from": "2020-01-01"}]}, "field 'holders[0].gender' must be one of female, male"),
    ({"holders": [{"name": "X", "gender": "male", "from": "2020-02-30"}]}, "field 'holders[0].from' is not a real date"),
    ({"title": {"fr": "Rapporteur"}}, "field 'title.en' is missing"),
    ({"title": {"xx": "?"}}, "field 'title.xx' unknown language"),
    ({"kind": "regional"}, "field 'kind' must be one of thematic, country"),
    ({"signs_as": None}, "field 'signs_as' must be one of holder, chair"),
])
def test_a_broken_mandate_names_file_entry_and_field(tmp_path, change, message):
    # A new id: a workspace entry for a packaged id is merged into it (see the test above).
    path = _write(tmp_path, "mandates.json", [_mandate(id="fine"), _mandate(id="own", **change)])
    with pytest.raises(ReferenceDataError) as info:
        load_reference(tmp_path).mandates  # noqa: B018
    text = str(info.value)
    assert text.startswith(f"{path}: entry 2 ('own'): "), text
    assert message in text
    assert isinstance(info.value, CommdraftError)


def test_a_missing_field_and_a_repeated_id(tmp_path):
    entry = _mandate()
    del entry["signs_as"]
    _write(tmp_path, "mandates.json", [entry])
    with pytest.raises(ReferenceDataError, match=r"entry 1 \('new-mandate'\): field 'signs_as' is missing"):
        load_reference(tmp_path).mandates  # noqa: B018
    clear_reference_cache()
    _write(tmp_path, "mandates.json", [_mandate(), _mandate()])
    with pytest.raises(ReferenceDataError, match=r"entry 2 \('new-mandate'\): field 'id' repeats"):
        load_reference(tmp_path).mandates  # noqa: B018


def test_a_broken_state_names_the_form(tmp_path):
    mne = json.loads((DATA_DIR / "states.json").read_text(encoding="utf-8"))["MNE"]
    # A workspace entry is merged form by form: a form it leaves out keeps the packaged one,
    # a form it gets wrong is named.
    mne["names"]["en"]["government"] = "  "
    _write(tmp_path, "states.json", {"MNE": mne})
    with pytest.raises(ReferenceDataError,
                       match=r"states.json: entry 'MNE': field 'names.en.government' must be non-empty"):
        load_reference(tmp_path).states  # noqa: B018


def test_a_broken_state_code_and_status(tmp_path):
    mne = json.loads((DATA_DIR / "states.json").read_text(encoding="utf-8"))["MNE"]
    _write(tmp_path, "states.json", {"MN": mne})
    with pytest.raises(ReferenceDataError, match=r"entry 'MN'.*alpha-3"):
        load_reference(tmp_path).states  # noqa: B018
    clear_reference_cache()
    _write(tmp_path, "states.json", {"MNE": {**mne, "status": "member"}})
    with pytest.raises(ReferenceDataError, match=r"field 'status' must be one of"):
        load_reference(tmp_path).states  # noqa: B018


def test_broken_clause_and_question(tmp_path):
    _write(tmp_path, "clauses.json", [{"id": "x-1", "instrument": "ICCPR", "article": 19,
                                       "title": {"en": "t"}, "text": {"en": "t"}}])
    with pytest.raises(ReferenceDataError, match=r"clauses.json: entry 1 \('x-1'\): field 'article' must be text"):
        load_reference(tmp_path).clauses  # noqa: B018
    _write(tmp_path, "questions.json", [{"id": "q", "audience": "ngo", "text": {"en": "?"}}])
    with pytest.raises(ReferenceDataError, match=r"field 'audience' must be one of government, company"):
        load_reference(tmp_path).questions  # noqa: B018


def test_invalid_json_and_wrong_top_level(tmp_path):
    (tmp_path / "questions.json").write_text("[{", encoding="utf-8")
    with pytest.raises(ReferenceDataError, match=r"questions.json: not valid JSON \(line 1"):
        load_reference(tmp_path).questions  # noqa: B018
    clear_reference_cache()
    _write(tmp_path, "questions.json", {"id": "q"})
    with pytest.raises(ReferenceDataError, match=r"questions.json: must be a list of entries"):
        load_reference(tmp_path).questions  # noqa: B018


def test_a_missing_workspace_folder_is_no_error(tmp_path):
    assert "hrd" in load_reference(tmp_path / "does-not-exist").mandates


@pytest.mark.parametrize("call, message", [
    (lambda r: r.mandate("hrdx"), "unknown mandate 'hrdx'; see `commdraft mandates`"),
    (lambda r: r.state("XYZ"), "unknown State 'XYZ'"),
    (lambda r: r.clause("iccpr-99"), "unknown legal-framework clause 'iccpr-99'"),
    (lambda r: r.question("nope"), "unknown standard question 'nope'"),
    (lambda r: r.state("MNE").form("en", "dative"), "unknown State name form 'dative'"),
])
def test_unknown_ids_are_explained(call, message):
    with pytest.raises(ReferenceDataError) as info:
        call(load_reference())
    assert message in str(info.value)


def test_import_pulls_in_no_gui_storage_or_document_libraries():
    code = ("import sys; from desktop_app.reference import load_reference; "
            "load_reference().mandates; load_reference().states; "
            "bad = [m for m in ('PySide6', 'tinydb', 'docx', 'docxtpl', 'jinja2') if m in sys.modules]; "
            "print(bad); sys.exit(1 if bad else 0)")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
