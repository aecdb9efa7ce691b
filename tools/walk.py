"""Walk one user's path through the real window, by keyboard, and take a picture at each stop:

    python tools/walk.py drafter|translator|reviewer OUTDIR

Run it on a virtual X screen to see the real window as people will (the shared screenshot tool
installs Xvfb and Qt's X libraries):

    ../shared/tools/screenshot /tmp/end.png 90 -- .venv/bin/python tools/walk.py drafter /tmp/walk

- drafter: Ctrl+N, a new urgent appeal typed field by field (Tab, arrows, Enter), the persons,
  the letter's sections, the questions, then the send confirmation.
- translator: the Arabic interface, the Translation step into French with a stale text, the
  checklist in Arabic.
- reviewer: a copy for comment exported, returned with a comment and a tracked change, imported,
  accepted.

Pictures are whole-screen grabs (dialogs included): OUTDIR/<path>-NN-<what>.png.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication


def pause(ms: int) -> None:
    """Let the window live for ``ms``: an event loop, which lets the render workers run
    (QTest.qWait keeps the interpreter lock and starves them)."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


class Walk:
    def __init__(self, name: str, out: Path) -> None:
        self.name, self.out, self.n = name, out, 0
        out.mkdir(parents=True, exist_ok=True)

    def settle(self, ms: int = 350) -> None:
        pause(ms)

    def shot(self, what: str) -> None:
        self.settle()
        self.n += 1
        path = self.out / f"{self.name}-{self.n:02d}-{what}.png"
        screen = QGuiApplication.primaryScreen()
        widget = QApplication.activeModalWidget() or QApplication.activeWindow()
        pixmap = screen.grabWindow(0) if os.environ.get("DISPLAY") else widget.grab()
        pixmap.save(str(path))
        print(path, flush=True)

    @staticmethod
    def focused():
        return QApplication.focusWidget()

    def key(self, key, modifier=Qt.KeyboardModifier.NoModifier, times: int = 1) -> None:
        for _ in range(times):
            target = self.focused() or QApplication.activeWindow()
            QTest.keyClick(target, key, modifier)
            pause(30)

    def type(self, text: str) -> None:
        widget = self.focused()
        for ch in text:
            if ch.isascii() and ch.isprintable():
                QTest.keyClick(widget, ch)
            elif ch == "\n":
                QTest.keyClick(widget, Qt.Key.Key_Return)
            else:
                event = QInputMethodEvent("", [])
                event.setCommitString(ch)
                QApplication.sendEvent(widget, event)
        pause(30)

    def on_modal(self, act) -> None:
        """Run ``act(dialog)`` when the next modal dialog is up (exec() blocks the walk)."""
        def check() -> None:
            dialog = QApplication.activeModalWidget()
            if dialog is None:
                QTimer.singleShot(100, check)
                return
            act(dialog)

        QTimer.singleShot(300, check)


def drafter(walk: Walk, window, ws) -> None:

    walk.shot("start")
    walk.key(Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    walk.shot("new-case")
    walk.key(Qt.Key.Key_Up, times=3)  # Kind: the first entry is the urgent appeal
    walk.key(Qt.Key.Key_Tab)  # Addressed to: a State
    walk.key(Qt.Key.Key_Tab)  # the State, by typing its name
    walk.type("Kazakh")
    walk.key(Qt.Key.Key_Return)
    walk.key(Qt.Key.Key_Tab)  # the recipient's name (disabled for a State) is skipped
    walk.type("arbitrary detention")
    walk.key(Qt.Key.Key_Tab)  # the list of mandates, on the first one found
    walk.key(Qt.Key.Key_Return)
    window.editor.case_page.mandate_search.setFocus()
    walk.key(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    walk.type("human rights defenders")
    walk.key(Qt.Key.Key_Tab)
    walk.key(Qt.Key.Key_Return)
    walk.shot("case-step")
    walk.key(Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    persons = window.editor.pages[1]
    persons.add_button.setFocus()
    walk.key(Qt.Key.Key_Space)  # Add person: the name cell opens for typing
    walk.type("Aliya Nurlanova")
    walk.key(Qt.Key.Key_Return)
    walk.shot("persons")
    texts = {
        "background": "Ms. Nurlanova is a lawyer who defends journalists in Almaty.",
        "allegations": "On 2 December 2026, Ms. Nurlanova was reportedly detained at her "
                       "office by police officers without a warrant.\n\nAccording to the "
                       "information received, she has been held incommunicado since then.",
        "concerns": "We are gravely concerned about the reported detention of Ms. Nurlanova, "
                    "which appears to be linked to her work as a lawyer.",
    }
    for section, text in texts.items():
        walk.key(Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
        page = window.editor.pages[window.editor.steps.currentRow()]
        if section == "background":
            page.extra_line.setFocus()
            walk.type("the reported detention of a lawyer")
        page.editor.setFocus()
        walk.type(text)
        walk.shot(section)
    walk.key(Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)  # legal framework
    legal = window.editor.pages[window.editor.steps.currentRow()]
    legal.search.setFocus()
    walk.type("ICCPR 9")
    walk.key(Qt.Key.Key_Tab)
    walk.key(Qt.Key.Key_Space)
    walk.shot("legal-framework")
    walk.key(Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)  # questions
    questions = window.editor.pages[window.editor.steps.currentRow()]
    questions.standard.setFocus()
    walk.key(Qt.Key.Key_Space)
    questions.custom.setFocus()
    walk.type("Please indicate where Ms. Nurlanova is held and whether she has access to a "
              "lawyer of her choosing.")
    walk.shot("questions")
    window.editor.steps.setCurrentRow(len(window.editor.pages) - 1)
    walk.shot("checklist")
    for status in ("in_review", "approved"):
        window.change_status(status)
    walk.on_modal(lambda dialog: (walk.shot("send-confirmation"), dialog.reject()))
    window.mark_sent()
    walk.shot("after-cancel")


def translator(walk: Walk, window, ws) -> None:
    from desktop_app.ui.pages_translation import TranslationPage

    case = ws.load("demo-mne-2024")
    ws.reopen(case.id, "a correction before publication")
    case = ws.load(case.id)
    case.text["en"].allegations[0] += " The couple reported this to the police."
    del case.text["fr"].concerns[1]
    ws.save(case)
    window.reload_list()
    window.case = None
    window.open_case(case.id)
    walk.shot("open")
    window.editor.jump_to("translation", "")
    page = next(p for p in window.editor.pages if isinstance(p, TranslationPage))
    page.lang.setCurrentIndex(page.lang.findData("fr"))
    walk.shot("translation-fr")
    page.next.click()
    walk.settle(800)
    walk.shot("stale-unit")
    page.target.setFocus()
    walk.type(" Le couple l’a signalé à la police.")
    walk.shot("typed")
    window.preview.lang.setCurrentIndex(window.preview.lang.findData("fr"))
    walk.settle(1200)
    walk.shot("preview-fr-marker")
    window.editor.steps.setCurrentRow(len(window.editor.pages) - 1)
    walk.shot("checklist")


def reviewer(walk: Walk, window, ws) -> None:
    sys.path.insert(0, str(Path(__file__).parent))
    from ui_shots import _reviewed_copy

    case = ws.reopen("demo-mne-2024", "legal review of a corrected letter")
    returned = _reviewed_copy(ws, case, Path(tempfile.mkdtemp()))
    window.reload_list()
    window.case = None
    window.open_case(case.id)
    window.editor.jump_to("legal_review", "")
    walk.shot("legal-review-empty")
    window.import_reviewed(returned)
    walk.shot("imported")
    legal = window.editor.legal
    legal.items.setCurrentRow(0)
    walk.shot("change-selected")
    for button in (getattr(legal, "accept_button", None), getattr(legal, "accept", None)):
        if button is not None and hasattr(button, "click"):
            button.click()
            break
    walk.shot("accepted")


def main() -> int:
    path, out = sys.argv[1], Path(sys.argv[2])
    tmp = Path(tempfile.mkdtemp())
    os.environ["COMMDRAFT_SETTINGS"] = str(tmp / "settings.json")
    lang = "ar" if path == "translator" else "en"
    import json

    (tmp / "settings.json").write_text(json.dumps(
        {"interface_language": lang, "user_name": "A. Drafter",
         "document_languages": ["en", "fr"]}), encoding="utf-8")
    from desktop_app.ui.app import start

    window = start(tmp / "workspace", ["commdraft"])
    app = QApplication.instance()
    walk = Walk(path, out)

    def run() -> None:
        while window.workspace is None or window.case is None:
            pause(50)
        window.resize(1440, 880)
        window.activateWindow()
        try:
            {"drafter": drafter, "translator": translator, "reviewer": reviewer}[path](
                walk, window, window.workspace)
        finally:
            window.dirty = False
            app.quit()

    QTimer.singleShot(0, run)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
