"""Pictures of the window, one per drafting step, plus the export dialog:

    QT_QPA_PLATFORM=offscreen python tools/ui_shots.py OUTDIR [--lang en] [--scale 1.0]

Runs the real window on a temporary workspace with the demo case. For looking at what people
will see (and for the README's screenshot); the shared screenshot tool shows the same window on
a virtual X screen.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--lang", default="en", help="interface language")
    parser.add_argument("--preview-lang", default="en")
    parser.add_argument("--scale", default="1.0", help="QT_SCALE_FACTOR, e.g. 1.5")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["QT_SCALE_FACTOR"] = args.scale
    tmp = Path(tempfile.mkdtemp())
    os.environ["COMMDRAFT_SETTINGS"] = str(tmp / "settings.json")
    from PySide6.QtWidgets import QApplication

    from desktop_app.ui.main_window import MainWindow
    from desktop_app.ui.tr import set_language
    from desktop_app.workspace import Workspace

    app = QApplication(sys.argv[:1])
    set_language(args.lang, app)
    ws = Workspace.open(tmp / "workspace")
    demo = ws.load_demo()
    window = MainWindow(ws)
    window.resize(1440, 900)
    window.show()
    window.open_case(demo.id)
    index = window.preview.lang.findData(args.preview_lang)
    window.preview.lang.setCurrentIndex(index)
    args.out.mkdir(parents=True, exist_ok=True)

    def settle(ms: int = 400) -> None:
        from PySide6.QtCore import QEventLoop, QTimer

        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    for row in range(len(window.editor.pages)):
        window.editor.steps.setCurrentRow(row)
        settle()
        path = args.out / f"step-{row + 1}-{args.lang}.png"
        window.grab().save(str(path))
        print(path)
    window.export()
    settle()
    path = args.out / f"export-dialog-{args.lang}.png"
    window.export_dialog.grab().save(str(path))
    print(path)
    window.dirty = False
    ws.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
