"""Mandates that ended or have not started: still usable for the letters of their time only."""

from __future__ import annotations

from datetime import date

from desktop_app.cli import main
from desktop_app.workspace.messages import describe


def test_check_refuses_a_mandate_after_its_end(workspace, demo):
    case = workspace.load(demo.id)
    case.mandates = ["trafficking"]
    case.dates.sent = date(2026, 11, 20)
    items = [i for i in workspace.check(case) if i.field == "mandates[0]" and i.kind != "info"]
    assert items and items[0].kind == "inconsistent" and items[0].code == "mandate.ended"
    assert items[0].params["ended"] == "2026-04-30"
    assert "ended on 30 April 2026" in describe(items[0], "en", workspace.reference)
    case.dates.sent = date(2024, 8, 20)
    assert not [i for i in workspace.check(case) if i.code == "mandate.ended"]
    case.mandates = ["syria"]
    started = [i for i in workspace.check(case) if i.code == "mandate.not_started"]
    assert started and "has not started" in describe(started[0], "en", workspace.reference)


def test_mandates_command_shows_status(capsys):
    assert main(["mandates"]) == 0
    out = capsys.readouterr().out
    assert "(ended 2026-04-30)" in out and "(not started)" in out
