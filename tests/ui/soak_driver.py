"""Drive the real window as a drafter would for a while, in its own process, then quit.

    python tests/ui/soak_driver.py WORKSPACE CHARACTERS

Starts the application as `commdraft` does (``desktop_app.ui.app.start``), types CHARACTERS
characters one at a time — ASCII as key presses, everything else (French, Russian, Arabic,
Chinese) as input-method commits, as a keyboard layout or an IME sends them — into the fields
of several steps of two cases, switches steps with Ctrl+PgDown and cases with the list, then
quits with Ctrl+Q. Prints one JSON line with what it typed where; the test reopens the workspace
and compares. A binding that leaks references aborts this process: the test sees the exit code.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

SAMPLES = (
    "On 3 May 2024, the police reportedly searched the Foundation's office. ",
    "Selon les informations reçues, l’audience a été reportée à deux reprises. ",
    "По имеющимся сведениям, её задержали без объяснения причин. ",
    "وأفادت التقارير بأنها احتُجزت دون توجيه اتهام إليها. ",
    "据称，她在没有律师在场的情况下被讯问。",
    "Según la información recibida, no se le permitió comunicarse con su familia. ",
)


def text_of_length(n: int, offset: int) -> str:
    out, i = "", offset
    while len(out) < n:
        out += SAMPLES[i % len(SAMPLES)]
        i += 1
    return out[:n].rstrip() or "x"


def type_text(widget, text: str) -> None:
    """Replace the field's text by typing: select all, delete, then one key at a time."""
    widget.setFocus()
    app = QApplication.instance()
    QTest.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(widget, Qt.Key.Key_Delete)
    for i, ch in enumerate(text):
        if ch.isascii() and ch.isprintable():
            QTest.keyClick(widget, ch)
        else:
            event = QInputMethodEvent("", [])
            event.setCommitString(ch)
            QApplication.sendEvent(widget, event)
        if i % 40 == 0:
            app.processEvents()


def wait(condition, timeout_ms: int = 20_000) -> None:
    app = QApplication.instance()
    waited = 0
    while not condition():
        app.processEvents()
        QTest.qWait(20)
        waited += 20
        if waited > timeout_ms:
            raise SystemExit(f"soak: timed out waiting ({condition})")


def main() -> int:
    from desktop_app.ui.app import start
    from desktop_app.ui.pages_questions import SummaryPage
    from desktop_app.ui.pages_text import AllegationsPage, BackgroundPage, ConcernsPage
    from desktop_app.ui.pages_translation import TranslationPage

    root, total = Path(sys.argv[1]), int(sys.argv[2])
    window = start(root, ["commdraft"])
    app = QApplication.instance()
    typed: dict[str, dict[str, str]] = {}
    topic_length = min(200, max(total // 6, 20))  # a topic is one line
    share = max((total - topic_length) // 5, 20)

    def page(cls):
        return next(p for p in window.editor.pages if isinstance(p, cls))

    def step_to(cls) -> None:
        target = window.editor.pages.index(page(cls))
        while window.editor.steps.currentRow() != target:
            key = Qt.Key.Key_PageDown if window.editor.steps.currentRow() < target \
                else Qt.Key.Key_PageUp
            QTest.keyClick(window, key, Qt.KeyboardModifier.ControlModifier)

    def run() -> None:
        wait(lambda: window.workspace is not None and window.case is not None)
        # Keyboard shortcuts go to the active window: on an X server without a window
        # manager (Xvfb) nothing activates it but the program itself.
        window.activateWindow()
        wait(lambda: QApplication.activeWindow() is window)
        demo_id = window.case.id
        QTest.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
        wait(lambda: window.case is not None and window.case.id != demo_id)
        new_id = window.case.id
        mine = typed.setdefault(new_id, {})
        for n, cls in enumerate((BackgroundPage, AllegationsPage, ConcernsPage)):
            step_to(cls)
            text = text_of_length(share, n)
            type_text(page(cls).editor, text)
            mine[cls.SECTION] = text
        # Over to the demo (sent: its summary's update stays editable), then back.
        window.case_list.select(demo_id)
        wait(lambda: window.case.id == demo_id)
        step_to(SummaryPage)
        update = text_of_length(share, 3)
        type_text(page(SummaryPage).update_edit, update)
        typed.setdefault(demo_id, {})["update"] = update
        window.case_list.select(new_id)
        wait(lambda: window.case.id == new_id)
        step_to(SummaryPage)
        topic = text_of_length(topic_length, 1)
        type_text(page(SummaryPage).topic, topic)
        mine["topic"] = topic
        step_to(TranslationPage)
        translation = page(TranslationPage)
        translation.lang.setCurrentIndex(translation.lang.findData("fr"))
        translation.only_work.setChecked(False)
        row = next(i for i in range(translation.list.count())
                   if translation.list.item(i).data(Qt.ItemDataRole.UserRole) == "background.0")
        translation.list.setCurrentRow(row)
        french = text_of_length(share, 1)
        type_text(translation.target, french)
        mine["fr.background.0"] = french
        wait(lambda: not window.dirty)
        print(json.dumps({"typed": typed}, ensure_ascii=False), flush=True)
        QTest.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)

    QTimer.singleShot(0, run)
    code = app.exec()
    if window.workspace is not None:
        window.workspace.close()
    return code


if __name__ == "__main__":
    sys.exit(main())
