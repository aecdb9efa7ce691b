"""Full disk and read-only workspace, as the command line meets them (issue 13): one sentence,
exit code 1, no partial file; a read-only workspace can be listed, shown and rendered to another
folder. Needs root to mount a small tmpfs (skipped with the reason otherwise)."""

from __future__ import annotations

from pathlib import Path

from desktop_app.cli import main
from tests.storage.storage_mounts import fill, remount_read_only, tmpfs

LOADED = "demo-mne-2024"


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_read_only_workspace_lists_shows_and_renders_elsewhere(tmp_path, capsys):
    with tmpfs(tmp_path / "mnt", "16m") as mnt:
        ws = ["--workspace", str(mnt / "ws")]
        assert run(capsys, "demo", *ws)[0] == 0
        remount_read_only(mnt)
        code, out, err = run(capsys, "list", *ws)
        assert code == 0 and LOADED in out, err
        assert run(capsys, "show", LOADED, *ws)[0] == 0
        code, out, err = run(capsys, "render", LOADED, "--lang", "zh", "--out",
                             str(tmp_path / "out"), *ws)
        assert code == 0, err
        assert len(list((tmp_path / "out").glob("*.docx"))) == 2
        code, _, err = run(capsys, "render", LOADED, *ws)  # into the workspace: refused
        assert code == 1 and "read-only" in err and "Traceback" not in err
        code, _, err = run(capsys, "set-status", LOADED, "draft", *ws)
        assert code == 1 and "read-only" in err


def test_render_and_export_on_a_full_disk_leave_no_partial_file(tmp_path, capsys):
    ws = ["--workspace", str(tmp_path / "ws")]
    assert run(capsys, "demo", *ws)[0] == 0
    with tmpfs(tmp_path / "small", "1m") as out:
        filler = fill(out)
        code, _, err = run(capsys, "render", LOADED, "--out", str(out), *ws)
        assert code == 1 and "the disk is full" in err and "Traceback" not in err
        code, _, err = run(capsys, "export-case", LOADED, str(out / "case.json"), *ws)
        assert code == 1 and "the disk is full" in err
        assert sorted(p.name for p in out.iterdir()) == [filler.name]  # nothing half-written
        filler.unlink()
        assert run(capsys, "render", LOADED, "--lang", "fr", "--out", str(out), *ws)[0] == 0
        assert len(list(Path(out).glob("*.docx"))) == 2
