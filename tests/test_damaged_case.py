"""One damaged case leaves the others usable (issue 13): the workspace opens, lists and edits
the rest; `list` names the damaged one on standard error with the command that restores it;
`restore --case` puts back that case alone from a backup; the window says so above the list
and restores it on request."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.domain.errors import CommdraftError
from desktop_app.workspace import Workspace


def damage(path: Path, line: int = 1) -> None:
    """Change one byte in the middle of a line that is not the last: damage, not a torn save."""
    lines = path.read_bytes().splitlines(keepends=True)
    assert line < len(lines)
    text = bytearray(lines[line - 1])
    text[len(text) // 2] ^= 0x01
    lines[line - 1] = bytes(text)
    path.write_bytes(b"".join(lines))


@pytest.fixture
def two_cases(tmp_path: Path):
    root = tmp_path / "ws"
    with Workspace.open(root) as ws:
        demo = ws.load_demo()
        other = ws.new_case("UA", "KAZ")
        other.source_texts.topic = "a second case"
        other = ws.save(other)
        demo_again = ws.load(demo.id)
        demo_again.source = "before the backup"
        ws.save(demo_again)  # two revisions: line 1 is not the last one
        ws.store.backup()
        demo_again = ws.load(demo.id)
        demo_again.source = "after the backup"
        ws.save(demo_again)
    return root, demo.id, other.id


def test_one_damaged_case_leaves_the_others_usable(two_cases):
    root, damaged_id, other_id = two_cases
    damage(root / "store" / "cases" / f"{damaged_id}.log")
    with Workspace.open(root) as ws:
        assert [row.id for row in ws.cases()] == [other_id]
        [found] = ws.damaged()
        assert found.case_id == damaged_id and found.line == 1
        with pytest.raises(CommdraftError):
            ws.load(damaged_id)
        other = ws.load(other_id)  # the other case still opens and saves
        other.source_texts.topic = "still editable"
        assert ws.save(other).revision == other.revision + 1
        info = ws.restore_case(damaged_id)
        assert info.cases >= 2
        restored = ws.load(damaged_id)
        assert restored.source == "before the backup"  # the backup's copy
        assert ws.load(other_id).source_texts.topic == "still editable"  # untouched
        assert ws.damaged() == []


def test_the_command_line_names_the_damaged_case_and_restores_it(two_cases, capsys):
    root, damaged_id, other_id = two_cases
    damage(root / "store" / "cases" / f"{damaged_id}.log")
    ws_args = ["--workspace", str(root)]
    code = main(["list", "--json", *ws_args])
    out, err = capsys.readouterr()
    assert code == 0 and [row["id"] for row in json.loads(out)] == [other_id]
    assert damaged_id in err and f"restore --case {damaged_id}" in err
    code = main(["check", damaged_id, *ws_args])
    out, err = capsys.readouterr()
    assert code == 1 and "Traceback" not in err and damaged_id in err
    code = main(["restore", "--case", damaged_id, *ws_args])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "no other case was touched" in out
    assert main(["show", damaged_id, *ws_args]) == 0
    capsys.readouterr()


def test_the_window_shows_the_damaged_case_and_restores_it(qtbot, two_cases, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from desktop_app.ui.main_window import MainWindow

    root, damaged_id, other_id = two_cases
    damage(root / "store" / "cases" / f"{damaged_id}.log")
    ws = Workspace.open(root)
    window = MainWindow(ws)
    qtbot.addWidget(window)
    panel = window.case_list
    assert not panel.damaged_note.isHidden()
    assert "set aside" in panel.damaged_note.text()
    asked: list[str] = []

    def yes(_parent, _title, text, *args, **kwargs):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", yes)
    panel.restore_button.click()
    assert asked and "No other case is touched" in asked[0]
    assert panel.damaged_note.isHidden()
    assert window.case is not None and window.case.id == damaged_id
    assert {row.id for row in panel.model.rows} == {damaged_id, other_id}
    ws.close()


def test_the_window_lists_first_and_finds_the_damage_just_after(
    qtbot, two_cases, tmp_path, monkeypatch
):
    """As the application opens a workspace: the list from the index at once, the case files
    compared with it off the interface thread just after, and the damage said then."""
    from desktop_app.ui.app import attach_workspace
    from desktop_app.ui.main_window import MainWindow
    from desktop_app.ui.settings import Settings

    root, damaged_id, other_id = two_cases
    damage(root / "store" / "cases" / f"{damaged_id}.log")
    monkeypatch.setenv("COMMDRAFT_SETTINGS", str(tmp_path / "settings.json"))
    monkeypatch.delenv("COMMDRAFT_STORE", raising=False)
    window = MainWindow(None, Settings.load())
    qtbot.addWidget(window)
    checked = []
    real = Workspace.check_files
    monkeypatch.setattr(Workspace, "check_files", lambda ws: checked.append(real(ws)))
    assert attach_workspace(window, root)
    panel = window.case_list
    # The list came from the index: the damaged case is still in it, and nothing is open.
    assert not checked and damaged_id in {row.id for row in panel.model.rows}
    assert window.case is None
    qtbot.waitUntil(lambda: window.case is not None, timeout=10_000)
    assert len(checked) == 1
    assert not panel.damaged_note.isHidden() and "set aside" in panel.damaged_note.text()
    assert [row.id for row in panel.model.rows] == [other_id]
    assert window.case.id == other_id  # the damaged case was never opened
    window.watch.stop()
    window.workspace.close()
