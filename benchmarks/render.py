"""Render benchmark: the demo's full letter against the floor of python-docx saving it.

    python benchmarks/render.py [--repeat 30]

Floor: python-docx saving the already-rendered full letter (a Document in memory -> bytes).
Render: our whole path for one document: build the context (Babel dates, reference data,
catalog), render the layout with docxtpl in the sandbox, post-process, save to bytes.
Targets (issue 2): render <= 2.5 x floor; both variants of one language < 150 ms.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from docx import Document  # noqa: E402

from desktop_app.documents import build_context, render_bytes, template_path  # noqa: E402
from desktop_app.workspace import Workspace  # noqa: E402


def timed(func, repeat: int) -> list[float]:
    func()  # warm-up: caches, imports, first Babel locale load
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        out.append((time.perf_counter() - start) * 1000)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, Workspace.open(Path(tmp) / "ws") as ws:
        case = ws.load_demo()

        def render(variant: str) -> bytes:
            ctx = build_context(case, "en", variant, ws.reference)
            return render_bytes(template_path(variant, "en"), ctx)

        rendered = Document(io.BytesIO(render("full")))

        def floor() -> None:
            rendered.save(io.BytesIO())

        floor_ms = statistics.median(timed(floor, args.repeat))
        full_ms = statistics.median(timed(lambda: render("full"), args.repeat))
        both_ms = statistics.median(timed(lambda: (render("full"), render("short")), args.repeat))
        ratio = full_ms / floor_ms
        print(f"floor  python-docx save of the rendered letter : {floor_ms:7.1f} ms (median of {args.repeat})")
        print(f"render full letter (context + docxtpl + save)  : {full_ms:7.1f} ms")
        print(f"ratio render / floor                           : {ratio:7.2f} x  (target <= 2.5)")
        print(f"both variants, one language                    : {both_ms:7.1f} ms  (target < 150)")
        ok = ratio <= 2.5 and both_ms < 150
        print("PASS" if ok else "MISS")
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
