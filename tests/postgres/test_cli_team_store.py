"""The team store from the command line, as an administrator and a drafter use it: ``store
init``, ``store add-user``, ``store copy`` both ways, and every command with ``--store``."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

from desktop_app.cli import main
from desktop_app.storage import open_store


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _password_dsn(admin_dsn: str, name: str, password: str) -> str:
    params = psycopg.conninfo.conninfo_to_dict(admin_dsn)
    params.update(user=name, password=password)
    return psycopg.conninfo.make_conninfo(**params)


def test_a_workspace_moves_onto_the_server_and_back(capsys, tmp_path: Path, pg_db,
                                                    monkeypatch) -> None:
    monkeypatch.delenv("COMMDRAFT_STORE", raising=False)
    admin = pg_db.admin_dsn
    code, out, _ = run(capsys, "store", "init", "--store", admin)
    assert code == 0 and "nothing to do" in out  # the test database has its schema already

    folder = tmp_path / "drafts"
    assert run(capsys, "--workspace", str(folder), "demo")[0] == 0
    with open_store(folder) as store:
        (demo,) = store.list()
        history = store.history(demo.id)
    assert demo.lead_mandate

    code, out, err = run(capsys, "store", "copy", str(folder), admin)
    assert code == 0, err
    assert f"copied 1 case(s), {len(history)} revision(s)" in out

    # A drafter of the demo's lead team sees it with every command, through --store.
    secret = tmp_path / "pw"
    secret.write_text("a long password\n", encoding="utf-8")
    name = f"drafter_{pg_db.name}"
    code, out, err = run(capsys, "store", "add-user", name, "--role", "drafter",
                         "--mandates", demo.lead_mandate, "--password-file", str(secret),
                         "--store", admin)
    assert code == 0, err and f"{name}: drafter, {demo.lead_mandate}" in out
    mine = _password_dsn(admin, name, "a long password")
    elsewhere = tmp_path / "elsewhere"
    code, out, err = run(capsys, "--workspace", str(elsewhere), "--store", mine, "list", "--json")
    assert code == 0, err
    assert demo.id in out and demo.reference in out
    code, out, _ = run(capsys, "--workspace", str(elsewhere), "--store", mine, "store",
                       "status", "--json")
    assert code == 0 and name in out

    # The history says who saved each revision: the copy's admin, then this drafter.
    case = run(capsys, "--workspace", str(elsewhere), "--store", mine, "show", demo.id)
    assert case[0] == 0
    from desktop_app.workspace import Workspace

    with Workspace.open(elsewhere, store=mine) as ws:
        reopened = ws.reopen(demo.id, "a correction by the drafter")
        assert reopened.revision == len(history) + 1
    code, out, _ = run(capsys, "--workspace", str(elsewhere), "--store", mine, "history",
                       demo.id)
    lines = out.splitlines()
    assert code == 0 and len(lines) == len(history) + 1
    assert lines[-1].split()[-1] == name and lines[0].split()[-1] != name

    # Someone of another team does not see it at all.
    other = f"other_{pg_db.name}"
    code, _, err = run(capsys, "store", "add-user", other, "--role", "drafter", "--mandates",
                       "freedom-of-housing", "--password-file", str(secret), "--store", admin)
    assert code == 1 and "unknown mandate" in err and "housing" in err  # a typo, refused
    assert run(capsys, "store", "add-user", other, "--role", "drafter", "--mandates",
               "housing", "--password-file", str(secret), "--store", admin)[0] == 0
    code, out, _ = run(capsys, "--workspace", str(elsewhere), "--store",
                       _password_dsn(admin, other, "a long password"), "list", "--json")
    assert code == 0 and demo.id not in out

    # And back to a new folder, every revision the same.
    back = tmp_path / "back"
    code, out, err = run(capsys, "store", "copy", admin, str(back))
    assert code == 0, err
    with open_store(back) as copy, open_store(folder) as original:
        # Every revision came back as it was, the drafter's correction after them.
        assert copy.history(demo.id)[:-1] == original.history(demo.id)
        for info in original.history(demo.id):
            assert copy.get_revision(demo.id, info.revision) == original.get_revision(
                demo.id, info.revision)
        assert copy.get(demo.id)["revision"] == len(history) + 1

    # Copying again is refused before anything is written.
    code, _, err = run(capsys, "store", "copy", str(folder), admin)
    assert code == 1 and demo.id in err and "nothing was copied" in err.lower()


def test_an_encrypted_workspace_needs_its_passphrase(capsys, tmp_path: Path, pg_db,
                                                    monkeypatch) -> None:
    monkeypatch.delenv("COMMDRAFT_PASSPHRASE", raising=False)
    folder = tmp_path / "secret"
    monkeypatch.setenv("COMMDRAFT_PASSPHRASE", "correct horse battery")
    assert run(capsys, "--workspace", str(folder), "init", "--encrypt")[0] == 0
    assert run(capsys, "--workspace", str(folder), "demo")[0] == 0
    monkeypatch.delenv("COMMDRAFT_PASSPHRASE")
    code, _, err = run(capsys, "store", "copy", str(folder), pg_db.admin_dsn)
    assert code == 1 and "encrypted" in err and "nothing was copied" in err.lower()
    passphrase = tmp_path / "pass"
    passphrase.write_text("correct horse battery", encoding="utf-8")
    code, out, err = run(capsys, "--passphrase-file", str(passphrase), "store", "copy",
                         str(folder), pg_db.admin_dsn)
    assert code == 0 and "copied 1 case(s)" in out, err


@pytest.mark.parametrize("args", [["store", "init"], ["store", "status", "--store", "drafts"]])
def test_a_server_command_without_a_server_says_how(capsys, args, monkeypatch) -> None:
    monkeypatch.delenv("COMMDRAFT_STORE", raising=False)
    code, _, err = run(capsys, *args)
    assert code == 1 and "postgresql://" in err
