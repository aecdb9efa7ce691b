"""An encrypted workspace end to end, through the CLI: no plaintext of any case field on disk."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.reference import demo_case


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def field_values(value, out: set[str]) -> set[str]:
    """Every text of a case record long enough to be recognisable on disk."""
    if isinstance(value, str) and len(value) >= 5:
        out.add(value)
    elif isinstance(value, dict):
        for item in value.values():
            field_values(item, out)
    elif isinstance(value, list):
        for item in value:
            field_values(item, out)
    return out


@pytest.fixture
def encrypted(tmp_path: Path, capsys):
    secret = tmp_path / "pass.txt"
    secret.write_text("correct horse battery staple\n", encoding="utf-8")
    ws = ["--workspace", str(tmp_path / "ws"), "--passphrase-file", str(secret)]
    code, out, err = run(capsys, "init", "--encrypt", *ws)
    assert code == 0, err
    assert "encrypted" in out
    return tmp_path, ws


def test_no_plaintext_on_disk(encrypted, capsys):
    tmp_path, ws = encrypted
    code, out, err = run(capsys, "demo", *ws)
    assert code == 0, err
    code, _, err = run(capsys, "backup", *ws)
    assert code == 0, err
    record = json.loads(run(capsys, "show", "demo-mne-2024", "--json", *ws)[1])
    secrets = field_values({k: v for k, v in record.items() if k not in ("id", "format")}, set())
    secrets |= {"Smailova", "Mukhamedzhanov", "NeMolchiKZ", "UPI-132/23-7527", "AL MNE 1/2024",
                "AL KAZ 1/2024", "2024-08-20"}
    files = [p for p in (tmp_path / "ws").rglob("*") if p.is_file()]
    assert len(files) >= 4
    for path in files:
        data = path.read_bytes()
        for text in secrets:
            assert text.encode("utf-8") not in data, f"{text!r} in clear in {path}"
            assert json.dumps(text).encode() not in data, f"{text!r} (escaped) in {path}"


def test_wrong_or_missing_passphrase_is_a_clear_error(encrypted, capsys, tmp_path, monkeypatch):
    _, ws = encrypted
    run(capsys, "demo", *ws)
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not the passphrase at all", encoding="utf-8")
    code, _, err = run(capsys, "list", "--workspace", str(tmp_path / "ws"),
                       "--passphrase-file", str(wrong))
    assert code == 1 and "passphrase" in err.lower()
    monkeypatch.delenv("COMMDRAFT_PASSPHRASE", raising=False)
    code, _, err = run(capsys, "list", "--workspace", str(tmp_path / "ws"))
    assert code == 1 and "encrypted" in err and "--passphrase-file" in err


def test_documents_only_where_the_user_exports_them(encrypted, capsys, tmp_path):
    _, ws = encrypted
    run(capsys, "demo", *ws)
    code, _, err = run(capsys, "render", "demo-mne-2024", *ws)
    assert code == 1 and "--out" in err
    code, _, err = run(capsys, "render", "demo-mne-2024", "--out", str(tmp_path / "ws" / "docs"), *ws)
    assert code == 1 and "outside" in err
    code, out, err = run(capsys, "render", "demo-mne-2024", "--out", str(tmp_path / "export"), *ws)
    assert code == 0, err
    assert len(list((tmp_path / "export").glob("*.docx"))) == 2


def test_encrypting_an_existing_workspace(tmp_path, capsys):
    plain = ["--workspace", str(tmp_path / "ws")]
    run(capsys, "demo", *plain)
    new = tmp_path / "new.txt"
    new.write_text("a brand new passphrase", encoding="utf-8")
    code, out, err = run(capsys, "encrypt", "--new-passphrase-file", str(new), *plain)
    assert code == 0, err
    for path in (tmp_path / "ws" / "store").rglob("*"):
        if path.is_file() and "backups" not in path.parts:
            assert b"Smailova" not in path.read_bytes(), path
    code, out, err = run(capsys, "show", "demo-mne-2024", "--json", *plain, "--passphrase-file",
                         str(new))
    assert code == 0, err
    assert json.loads(out)["persons"][0]["name"] == demo_case()["persons"][0]["name"]


def test_backup_then_restore_a_damaged_store(tmp_path, capsys):
    ws = ["--workspace", str(tmp_path / "ws")]
    run(capsys, "demo", *ws)
    code, out, _ = run(capsys, "backup", *ws)
    assert code == 0
    case_file = next((tmp_path / "ws" / "store" / "cases").iterdir())
    data = case_file.read_bytes()
    case_file.write_bytes(data[: len(data) // 2] + b"\x00garbage\n" + data[len(data) // 2:])
    code, _, err = run(capsys, "list", *ws)
    # One damaged case no longer stops the workspace: it is set aside and named, with the
    # command that restores it alone; restoring the whole store is still possible.
    assert code == 0 and case_file.stem in err and "restore --case" in err
    code, out, _ = run(capsys, "restore", "--list", *ws)
    assert code == 0 and "case(s)" in out
    code, out, err = run(capsys, "restore", *ws)
    assert code == 0, err
    code, out, err = run(capsys, "show", "AL MNE 1/2024", *ws)
    assert code == 0, err
    kept = [p for p in (tmp_path / "ws").iterdir() if p.name.startswith("store.damaged")]
    assert kept, "the damaged store must be kept"
