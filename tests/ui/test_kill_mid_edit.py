"""kill -9 in the middle of editing: reopening shows everything the indicator showed as saved."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time

from desktop_app.workspace import Workspace

CHILD = textwrap.dedent(r"""
    import json, sys
    from pathlib import Path
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    from desktop_app.ui.main_window import MainWindow
    from desktop_app.ui.pages_questions import SummaryPage
    from desktop_app.workspace import Workspace

    app = QApplication(sys.argv[:1])
    ws = Workspace.open(Path(sys.argv[1]))
    demo = ws.load_demo()
    window = MainWindow(ws)
    window.show()
    window.open_case(demo.id)
    page = next(p for p in window.editor.pages if isinstance(p, SummaryPage))
    state = {"n": 0}

    def edit():
        state["n"] += 1
        page.topic.setText(f"edit number {state['n']}")
        page.topic.textEdited.emit(page.topic.text())
        QTimer.singleShot(40, edit)

    def report():
        # What the indicator shows as saved is what the user was promised.
        if window.indicator.text().startswith("Saved"):
            print(json.dumps({"saved": window.case.texts("en").topic}), flush=True)
        QTimer.singleShot(25, report)

    window.autosave.setInterval(150)
    QTimer.singleShot(0, edit)
    QTimer.singleShot(0, report)
    print(json.dumps({"ready": True}), flush=True)
    app.exec()
""")


def test_kill_minus_9_mid_edit_keeps_what_was_shown_saved(tmp_path):
    root = tmp_path / "ws"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    for round_ in range(3):
        proc = subprocess.Popen([sys.executable, "-c", CHILD, str(root)], stdout=subprocess.PIPE,
                                text=True, env=env)
        shown: list[str] = []
        deadline = time.time() + 60
        assert json.loads(proc.stdout.readline()) == {"ready": True}
        while time.time() < deadline and len(shown) < 4 + round_ * 3:
            line = proc.stdout.readline()
            if line.startswith("{"):
                shown.append(json.loads(line)["saved"])
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        assert shown, "the child never showed a saved state"
        with Workspace.open(root) as ws:
            topic = ws.load("demo-mne-2024").texts("en").topic
        last = int(shown[-1].split()[-1])
        assert int(topic.split()[-1]) >= last, (topic, shown[-1])
