"""Start-up, preview and memory of the window, against a bare PySide6 QMainWindow.

    python benchmarks/startup.py [--cases 10000] [--runs 5] [--workspace DIR]

- first paint: from process start (the parent's clock just before it spawns the child) to the
  first paint event of the main window, on a workspace of N cases; the same for a bare
  QMainWindow in the same run. Target: ours <= 2 x bare.
- list ready: when the N cases are in the list (reported, no target).
- preview refresh after a keystroke pause: median of the render-to-display time on the demo
  case (the pane's own measure, the debounce delay excluded). Target: < 50 ms.
- memory: peak RSS of the app with N cases listed. Target: < 300 MB.
Runs offscreen (QT_QPA_PLATFORM=offscreen).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

BARE = r"""
import sys, time
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1440, 880)
class First(QObject):
    done = False
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and not self.done:
            self.done = True
            print(json.dumps({"paint": time.time()}), flush=True)
            app.quit()
        return False
import json
first = First()
app.installEventFilter(first)
window.show()
app.exec()
"""

OURS = r"""
import json, sys, time
from pathlib import Path
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
out = {}
class First(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and "paint" not in out:
            out["paint"] = time.time()
        return False
first = First()
app.installEventFilter(first)
from desktop_app.ui.app import start
window = start(Path(sys.argv[1]))
def poll():
    if window.case_list.model.rows:
        out["list"] = time.time()
        out["rows"] = len(window.case_list.model.rows)
        status = Path("/proc/self/status").read_text()
        out["rss_mb"] = int(status.split("VmHWM:")[1].split()[0]) / 1024
        print(json.dumps(out), flush=True)
        window.dirty = False
        app.quit()
    else:
        QTimer.singleShot(5, poll)
QTimer.singleShot(0, poll)
app.exec()
"""

PREVIEW = r"""
import json, statistics, sys, tempfile
from pathlib import Path
from PySide6.QtWidgets import QApplication
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.pages_text import ConcernsPage
from desktop_app.workspace import Workspace
app = QApplication(sys.argv[:1])
ws = Workspace.open(Path(tempfile.mkdtemp()))
demo = ws.load_demo()
window = MainWindow(ws)
window.show()
window.open_case(demo.id)
times = []
window.preview.refreshed.connect(times.append)
page = next(p for p in window.editor.pages if isinstance(p, ConcernsPage))
from PySide6.QtCore import QEventLoop
def wait(n):
    # An event loop per wait (a busy processEvents() loop trips a PySide6 refcount bug on None)
    while len(times) < n:
        loop = QEventLoop()
        window.preview.refreshed.connect(loop.quit)
        if len(times) < n:
            loop.exec()
        window.preview.refreshed.disconnect(loop.quit)
wait(1)
times.clear()
for i in range(int(sys.argv[1])):
    page.editor.appendPlainText(f"x{i}")  # an edit; the pane refreshes after the pause
    wait(i + 1)
window.dirty = False
print(json.dumps({"median": statistics.median(times), "max": max(times), "n": len(times)}))
"""


def child(code: str, *args: str) -> tuple[float, dict]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "COMMDRAFT_SETTINGS": str(Path(tempfile.mkdtemp()) / "settings.json")}
    started = time.time()
    result = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                            env=env, cwd=ROOT, timeout=300)
    if result.returncode != 0:
        raise SystemExit(f"child failed:\n{result.stderr[-2000:]}")
    line = [x for x in result.stdout.splitlines() if x.startswith("{")][-1]
    return started, json.loads(line)


def build_workspace(folder: Path, cases: int) -> None:
    spec = importlib.util.spec_from_file_location("store_bench", ROOT / "benchmarks" / "store.py")
    bench = importlib.util.module_from_spec(spec)
    sys.modules["store_bench"] = bench
    spec.loader.exec_module(bench)
    from desktop_app.storage import open_store

    store = open_store(folder)
    with store.transaction():
        for record in bench.synthetic_records(cases, 7):
            store.save(record, base_revision=None)
    store.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--workspace", type=Path, help="reuse (or build once into) this folder")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    folder = args.workspace or Path(tempfile.mkdtemp()) / "workspace"
    if not (folder / "store").exists():
        print(f"building a workspace of {args.cases} cases in {folder} ...", flush=True)
        t = time.time()
        build_workspace(folder, args.cases)
        print(f"  built in {time.time() - t:.1f} s")
    bare, ours, lists, rss = [], [], [], []
    for _ in range(args.runs):
        started, out = child(BARE)
        bare.append((out["paint"] - started) * 1000)
        started, out = child(OURS, str(folder))
        ours.append((out["paint"] - started) * 1000)
        lists.append((out["list"] - started) * 1000)
        rss.append(out["rss_mb"])
        rows = out["rows"]
    _, preview = child(PREVIEW, str(args.edits))
    b, o = statistics.median(bare), statistics.median(ours)
    print(f"first paint, bare QMainWindow       : {b:7.0f} ms (median of {args.runs})")
    print(f"first paint, commdraft ({rows} cases): {o:7.0f} ms   ratio {o / b:.2f} x (target <= 2)")
    print(f"  all {rows} cases in the list       : {statistics.median(lists):7.0f} ms")
    print(f"preview refresh after a pause        : {preview['median']:7.1f} ms median, "
          f"{preview['max']:.1f} max, {preview['n']} edits (target < 50)")
    print(f"memory with {rows} cases listed      : {max(rss):7.0f} MB peak RSS (target < 300)")
    ok = o / b <= 2 and preview["median"] < 50 and max(rss) < 300
    print("PASS" if ok else "MISS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
