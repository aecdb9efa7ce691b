from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QMessageBox


def type_text(qtbot, widget, text: str) -> None:
    """Type any text, non-ASCII included: keyClicks aborts on non-ASCII, an input-method
    commit does what a real keyboard layout or IME does."""
    widget.setFocus()
    if text.isascii():
        qtbot.keyClicks(widget, text)
        return
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def click_message_box(qtbot, button_text: str, seen: list[str]):
    """Answer the next message box by clicking the button whose text starts with button_text."""

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            qtbot.wait(50)
            box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox), "no message box appeared"
        seen.append(box.text())
        for button in box.buttons():
            if button.text().replace("&", "").startswith(button_text):
                button.click()
                return
        raise AssertionError(f"no button {button_text!r} in {[b.text() for b in box.buttons()]}")

    from PySide6.QtCore import QTimer

    QTimer.singleShot(200, answer)


@pytest.fixture
def sent_demo(workspace):
    """The demo as it ships: sent, so its letter is frozen."""
    return workspace.load_demo()


@pytest.fixture
def demo(workspace):
    """The demo letter reopened for editing (reference and date kept): most window tests edit
    its letter, which is frozen while it is sent."""
    workspace.load_demo()
    return workspace.reopen("demo-mne-2024", "edited by a test")


@pytest.fixture
def window(qtbot, workspace):
    from desktop_app.ui.main_window import MainWindow
    from desktop_app.ui.tr import set_language

    set_language("en")
    win = MainWindow(workspace)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.watch.stop()
    win.autosave.stop()
    win.dirty = False


__all__ = ["Qt", "click_message_box", "type_text"]
