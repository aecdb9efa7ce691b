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
    reviewed = _reviewed_copy(ws, demo, tmp)
    # A translation gone stale: the English concern changed after the translations were made.
    case = ws.load(demo.id)
    case.text["en"].allegations[0] += " The couple reported this to the police."
    ws.save(case)
    window = MainWindow(ws)
    window.resize(1440, 900)
    window.show()
    window.open_case(demo.id)
    window.import_reviewed(reviewed)
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


def _reviewed_copy(ws, demo, tmp: Path) -> Path:
    """A review copy as a legal adviser returns it: a comment and a tracked replacement."""
    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    from desktop_app.workspace import export_review

    copy = export_review(ws, demo.id, "en", "full", tmp / "review")
    doc = Document(str(copy))
    concern = demo.texts("en").concerns[0]
    p = next(p for p in doc.paragraphs if p.text.startswith(concern[:40]))
    doc.add_comment(p.runs[0], text="Say which article of the Convention applies here.",
                    author="Legal Adviser", initials="LA")
    old, new = "seriously", "gravely"
    before, _, after = p.text.partition(old)
    for r in list(p._p.iter(qn("w:r"))):
        r.getparent().remove(r)
    end = p._p.find(qn("w:bookmarkEnd"))
    for kind, text in (("", before), ("w:del", old), ("w:ins", new), ("", after)):
        r = OxmlElement("w:r")
        t = OxmlElement("w:delText" if kind == "w:del" else "w:t")
        t.set(qn("xml:space"), "preserve")
        t.text = text
        r.append(t)
        element = r
        if kind:
            element = OxmlElement(kind)
            element.set(qn("w:id"), "900" if kind == "w:del" else "901")
            element.set(qn("w:author"), "Legal Adviser")
            element.set(qn("w:date"), "2024-08-12T10:00:00Z")
            element.append(r)
        end.addprevious(element)
    out = tmp / "review" / "returned.docx"
    doc.save(str(out))
    return out


if __name__ == "__main__":
    sys.exit(main())
