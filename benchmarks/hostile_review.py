"""Hostile reviewed copies: zip bombs and XML attacks refused fast and small (issue 13).

    .venv/bin/python benchmarks/hostile_review.py [--keep DIR]

A reviewed copy comes back by e-mail from outside. This builds real hostile files from a real
review copy of the demo letter (its parts, its properties: each would be imported if it were
not refused) and imports each one in a fresh process, as `commdraft review import FILE` does
(``workspace.import_review``), in a copy of the same workspace:

- deflate bombs: word/document.xml expands to 200 MB (a 200 KB file, deflate's ~1000:1) and to
  3.9 GB of zeros or of repeated XML (a 4 MB file), its headers telling the truth;
- headers that lie: a part that says 1 KB and expands to 2 GB; an end record that says 15
  parts over a list of 100 000; 100 000 parts;
- XML attacks: a billion-laughs DTD, an external entity (XXE), elements nested 100 000 deep;
- within the bounds: 4 000 comments, two pictures of 49 MB, 100 000 bookmarks; and the real
  copy, reviewed (a comment, an edit), to show that normal import works and what it costs.

For each: the outcome (the error's code), the time the import call took in the child, the
child's whole wall time (interpreter start and imports included) and its peak resident memory.
The peak is the child's own ``VmHWM`` (/proc/self/status): Linux carries the ``ru_maxrss`` of
the forking parent over ``execve``, so ``getrusage``/``wait4`` would report the parent's size
(the builder's, over 100 MB) for a child that stays smaller; where there is no /proc, it is
``ru_maxrss`` from ``wait4``. Targets: each bomb refused in < 2 s with a peak < 200 MB.
Exit status 1 when a target is missed or the real copy does not import.

The builders are also used by ``tests/documents/test_hostile_review.py``.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MB = 2**20
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f'xmlns:w="{W_NS}"'
TARGET_SECONDS = 2.0
TARGET_MB = 200


# ---------------------------------------------------------------------- a zip written by hand
@dataclass
class Entry:
    """One part as it goes into a zip: its bytes as stored, and what its headers say."""

    name: str
    data: bytes                 # compressed (or stored) bytes
    method: int                 # zipfile.ZIP_STORED, ZIP_DEFLATED, ZIP_BZIP2...
    crc: int
    size: int                   # expanded size the headers declare
    flags: int = 0


def stored(name: str, data: bytes) -> Entry:
    return Entry(name, data, zipfile.ZIP_STORED, zlib.crc32(data), len(data))


def deflated(name: str, data: bytes) -> Entry:
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    return Entry(name, c.compress(data) + c.flush(), zipfile.ZIP_DEFLATED, zlib.crc32(data),
                 len(data))


def repeated(name: str, unit: bytes, size: int, *, head: bytes = b"",
             declared: int | None = None) -> Entry:
    """``head`` then ``unit`` repeated to ``size`` bytes, deflated without ever holding them: one
    megabyte compressed once, its bytes (byte-aligned by a full flush) repeated. The CRC is the
    true one unless ``declared`` makes the headers lie about the size."""
    chunk = unit * max(1, MB // len(unit))
    count = max(1, (size - len(head)) // len(chunk))
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = c.compress(head + chunk) + c.flush(zlib.Z_FULL_FLUSH)
    again = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    data = first + again * (count - 1) + c.flush()
    crc = zlib.crc32(head)
    for _ in range(count):
        crc = zlib.crc32(chunk, crc)
    real = len(head) + count * len(chunk)
    return Entry(name, data, zipfile.ZIP_DEFLATED, crc, real if declared is None else declared)


def zip_bytes(entries: list[Entry], *, claimed_entries: int | None = None) -> bytes:
    """A zip of ``entries`` as given (sizes and CRCs as the entries say, true or not);
    ``claimed_entries``: the count the end record gives."""
    out = io.BytesIO()
    directory = io.BytesIO()
    for entry in entries:
        name = entry.name.encode("utf-8")
        offset = out.tell()
        csize = len(entry.data)
        out.write(struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, entry.flags, entry.method, 0,
                              0x21, entry.crc, csize, entry.size & 0xFFFFFFFF, len(name), 0))
        out.write(name)
        out.write(entry.data)
        directory.write(struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, entry.flags,
                                    entry.method, 0, 0x21, entry.crc, csize,
                                    entry.size & 0xFFFFFFFF, len(name), 0, 0, 0, 0, 0, offset))
        directory.write(name)
    start = out.tell()
    listing = directory.getvalue()
    out.write(listing)
    count = len(entries) if claimed_entries is None else claimed_entries
    out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, min(count, 0xFFFF),
                          min(count, 0xFFFF), len(listing), start, 0))
    return out.getvalue()


def parts_of(docx: Path | bytes) -> list[Entry]:
    """The parts of a real Word file, deflated again, in their order."""
    source = io.BytesIO(docx) if isinstance(docx, bytes) else docx
    with zipfile.ZipFile(source) as archive:
        return [deflated(info.filename, archive.read(info)) for info in archive.infolist()]


def read_part(entries: list[Entry], name: str) -> bytes:
    entry = next(e for e in entries if e.name == name)
    if entry.method == zipfile.ZIP_STORED:
        return entry.data
    return zlib.decompress(entry.data, -15)


def with_part(entries: list[Entry], new: Entry) -> list[Entry]:
    """``entries`` with ``new`` in place of the part of its name (or added at the end)."""
    out = [new if e.name == new.name else e for e in entries]
    return out if any(e.name == new.name for e in entries) else [*out, new]


# ---------------------------------------------------------------------- the hostile files
DOCUMENT = "word/document.xml"
XML_HEAD = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document ' + W.encode()
            + b"><w:body>")
XML_UNIT = b"<w:p><w:r><w:t>bomb</w:t></w:r></w:p>"


def deflate_bomb(base: list[Entry], size: int, *, xml: bool = False) -> bytes:
    """word/document.xml expands to ``size`` bytes of zeros (or of repeated paragraphs); its
    headers say so."""
    part = (repeated(DOCUMENT, XML_UNIT, size, head=XML_HEAD) if xml
            else repeated(DOCUMENT, b"\0", size))
    return zip_bytes(with_part(base, part))


def lying_bomb(base: list[Entry], size: int = 2048 * MB, declared: int = 1024) -> bytes:
    """word/document.xml says ``declared`` bytes and expands to ``size``."""
    part = repeated(DOCUMENT, XML_UNIT, size, head=XML_HEAD, declared=declared)
    return zip_bytes(with_part(base, part))


def lying_total(base: list[Entry], parts: int = 4, each: int = 40 * MB) -> bytes:
    """Parts that each stay under the bound on one part and together exceed the total."""
    extra = [repeated(f"word/media/image{i}.png", b"\0", each) for i in range(parts)]
    return zip_bytes(base + extra)


def many_entries(base: list[Entry], count: int = 100_000, *,
                 claimed: int | None = None) -> bytes:
    extra = [stored(f"customXml/e{i}.bin", b"") for i in range(count)]
    return zip_bytes(base + extra, claimed_entries=claimed)


def with_xml(base: list[Entry], name: str, xml: bytes) -> bytes:
    return zip_bytes(with_part(base, deflated(name, xml)))


def billion_laughs(base: list[Entry]) -> bytes:
    entities = ['<!ENTITY lol "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)]
    xml = ('<?xml version="1.0"?>\n<!DOCTYPE w:document [' + "".join(entities) + "]>"
           f"<w:document {W}><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body>"
           "</w:document>")
    return with_xml(base, DOCUMENT, xml.encode())


def external_entity(base: list[Entry]) -> bytes:
    """[Content_Types].xml (the first part any reader parses) names /etc/passwd."""
    original = read_part(base, "[Content_Types].xml").decode("utf-8")
    head, _, rest = original.partition("?>")
    xml = (head + '?>\n<!DOCTYPE Types [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
           + rest.replace("</Types>", '<Default Extension="xxe" ContentType="&xxe;"/></Types>'))
    return with_xml(base, "[Content_Types].xml", xml.encode("utf-8"))


def deeply_nested(base: list[Entry], depth: int = 100_000) -> bytes:
    xml = (XML_HEAD + b"<w:p>" + b"<w:ins>" * depth + b"<w:r><w:t>deep</w:t></w:r>"
           + b"</w:ins>" * depth + b"</w:p></w:body></w:document>")
    return with_xml(base, DOCUMENT, xml)


def many_bookmarks(base: list[Entry], count: int = 100_000) -> bytes:
    """``count`` bookmarks that look like commdraft's but name nothing, and every real one
    twice: all ignored (with a warning), the import goes on."""
    document = read_part(base, DOCUMENT)
    marks = "".join(f'<w:bookmarkStart w:id="{90000 + i}" w:name="cd_x_{i}"/>'
                    f'<w:bookmarkEnd w:id="{90000 + i}"/>' for i in range(count))
    marks += '<w:bookmarkStart w:id="1" w:name="cd_a_0"/><w:bookmarkEnd w:id="1"/>'
    document = document.replace(b"</w:body>", f"<w:p>{marks}</w:p></w:body>".encode(), 1)
    return with_xml(base, DOCUMENT, document)


def many_comments(source: Path, count: int = 4000) -> bytes:
    """A real review copy with ``count`` comments, each anchored on a word of the letter."""
    from copy import deepcopy

    from docx import Document
    from docx.oxml.ns import qn

    doc = Document(str(source))
    paragraph = next(p for p in doc.paragraphs if len(p.runs) > 0 and p.text.strip())
    doc.add_comment(paragraph.runs[0], text="Source?", author="Legal", initials="L")
    body = doc.element.body
    comments = doc.part._comments_part.element  # noqa: SLF001 - one comment, copied
    model = comments[0]
    start = next(body.iter(qn("w:commentRangeStart")))
    end = next(body.iter(qn("w:commentRangeEnd")))
    reference = next(body.iter(qn("w:commentReference"))).getparent()
    for i in range(1, count):
        new = deepcopy(model)
        new.set(qn("w:id"), str(i))
        comments.append(new)
        for element in (start, end):
            mark = deepcopy(element)
            mark.set(qn("w:id"), str(i))
            element.addnext(mark)
        run = deepcopy(reference)
        next(run.iter(qn("w:commentReference"))).set(qn("w:id"), str(i))
        reference.addnext(run)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def big_pictures(base: list[Entry], count: int = 2, each: int = 49 * MB) -> bytes:
    """As large as the bounds allow: pictures just under the bound on a part."""
    return zip_bytes(base + [repeated(f"word/media/image{i}.png", b"\0", each)
                             for i in range(count)])


def reviewed(source: Path) -> bytes:
    """The real copy as a reviewer returns it: a comment and an edit (tracking off)."""
    from docx import Document

    doc = Document(str(source))
    paragraphs = [p for p in doc.paragraphs if len(p.runs) > 0 and len(p.text) > 80]
    doc.add_comment(paragraphs[1].runs[0], text="Which court? Please give the case number.",
                    author="Legal Adviser", initials="LA")
    run = paragraphs[2].runs[-1]
    run.text = run.text + " (as reported)"
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def hostile_files(source: Path) -> dict[str, tuple[bytes, str]]:
    """name: (the file's bytes, the outcome expected: an error code or "imported")."""
    base = parts_of(source)
    return {
        "deflate bomb 200 MB (zeros)": (deflate_bomb(base, 200 * MB), "docx.part_too_large"),
        "deflate bomb 3.9 GB (zeros)": (deflate_bomb(base, 3900 * MB), "docx.part_too_large"),
        "deflate bomb 3.9 GB (XML)": (deflate_bomb(base, 3900 * MB, xml=True),
                                      "docx.part_too_large"),
        "lying header: 1 KB said, 2 GB": (lying_bomb(base), "docx.damaged"),
        "4 parts of 40 MB (160 MB)": (lying_total(base), "docx.expands_too_much"),
        "100 000 parts": (many_entries(base), "docx.too_many_parts"),
        "100 000 parts, end record says 15": (many_entries(base, claimed=15),
                                              "docx.too_many_parts"),
        "billion laughs (DTD)": (billion_laughs(base), "docx.dtd"),
        "external entity (XXE)": (external_entity(base), "docx.dtd"),
        "nested 100 000 deep": (deeply_nested(base), "docx.too_deep"),
        "4 000 comments (within bounds)": (many_comments(source), "imported"),
        "2 pictures of 49 MB (within bounds)": (big_pictures(base), "imported"),
        "100 000 bookmarks (within bounds)": (many_bookmarks(base), "imported"),
        "real copy, reviewed": (reviewed(source), "imported"),
    }


def demo_workspace(folder: Path) -> tuple[Path, Path]:
    """A workspace with the demo letter reopened for a review, and a review copy of it."""
    from desktop_app.workspace import Workspace, export_review

    root = folder / "ws"
    with Workspace.open(root) as ws:
        demo = ws.load_demo()
        ws.reopen(demo.id, "a legal review")
        copy = export_review(ws, demo.id, "en", "full", folder / "out")
    return root, copy


# ---------------------------------------------------------------------- one import, measured
def child(workspace: Path, file: Path) -> int:
    """Import ``file`` into ``workspace`` (in this fresh process); print the outcome as JSON."""
    from desktop_app.domain.errors import CommdraftError
    from desktop_app.workspace import Workspace, import_review

    with Workspace.open(workspace) as ws:
        start = time.perf_counter()
        try:
            result = import_review(ws, file)
        except CommdraftError as exc:
            outcome = {"outcome": exc.code or "error", "message": str(exc)}
        else:
            outcome = {"outcome": "imported", "comments": len(result.comments),
                       "changes": len(result.changes)}
        outcome["seconds"] = time.perf_counter() - start
    peak = _own_peak_mb()
    if peak is not None:
        outcome["peak_mb"] = peak
    print(json.dumps(outcome))
    return 0


def _own_peak_mb() -> float | None:
    """This process's peak resident memory since its execve, in MB (None: no /proc)."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return None


def measure(workspace: Path, file: Path, *, limit_bytes: int | None = None) -> dict:
    """Run :func:`child` in a fresh process; its outcome, wall time and peak RSS (MB)."""
    import resource

    def cap() -> None:
        if limit_bytes:
            resource.setrlimit(resource.RLIMIT_AS, (limit_bytes, limit_bytes))

    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, str(Path(__file__).resolve()), "--child", str(workspace), str(file)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT, preexec_fn=cap,
        env={**os.environ, "PYTHONPATH": str(ROOT)})
    out, err = proc.stdout.read(), proc.stderr.read()
    _pid, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    proc.stdout.close()
    proc.stderr.close()
    wall = time.perf_counter() - start
    try:
        found = json.loads(out.decode().strip().splitlines()[-1])
    except (ValueError, IndexError):
        found = {"outcome": f"crashed (exit {proc.returncode})", "seconds": wall,
                 "message": err.decode(errors="replace")[-2000:]}
    found.setdefault("peak_mb", usage.ru_maxrss / 1024)
    found.update(wall=wall, exit=proc.returncode, stderr=err.decode(errors="replace")[-2000:])
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", type=Path, default=None,
                        help="build the files in this folder and keep them")
    parser.add_argument("--child", nargs=2, metavar=("WORKSPACE", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    if args.child:
        return child(Path(args.child[0]), Path(args.child[1]))
    folder = Path(tempfile.mkdtemp(prefix="commdraft-hostile-")) if args.keep is None else args.keep
    folder.mkdir(parents=True, exist_ok=True)
    try:
        return run(folder)
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


def run(folder: Path) -> int:
    from desktop_app.documents import reading
    from desktop_app.documents.review import MAX_ITEMS

    workspace, copy = demo_workspace(folder)
    print(f"bounds: file {reading.MAX_FILE // MB} MB, {reading.MAX_ENTRIES} parts, "
          f"{reading.MAX_PART // MB} MB a part, {reading.MAX_TOTAL // MB} MB in all, "
          f"{reading.MAX_XML // MB} MB of XML, depth {reading.MAX_DEPTH}, "
          f"{MAX_ITEMS} comments and changes")
    empty = folder / "empty.docx"
    empty.write_bytes(b"")
    rows = [("(baseline: an empty file)", 0, "docx.not_docx",
             measure(_copy(workspace, folder), empty))]
    for name, (data, expected) in hostile_files(copy).items():
        path = folder / (name.split(" (")[0].replace(" ", "-").replace(":", "") + ".docx")
        path.write_bytes(data)
        rows.append((name, len(data), expected, measure(_copy(workspace, folder), path)))
    print(f"{'file':42} {'size':>9} {'outcome':24} {'import':>8} {'process':>8} {'peak':>8}")
    failed = False
    for name, size, expected, found in rows:
        ok = found["outcome"] == expected
        bomb = expected != "imported"
        missed = bomb and (found["seconds"] > TARGET_SECONDS or found["peak_mb"] > TARGET_MB)
        failed |= (not ok) or missed
        flag = "" if ok and not missed else "  <-- " + ("target missed" if ok else
                                                         f"expected {expected}")
        print(f"{name:42} {_size(size):>9} {found['outcome']:24} {found['seconds']:7.2f}s "
              f"{found['wall']:7.2f}s {found['peak_mb']:6.0f}MB{flag}")
        if not ok and found.get("message"):
            print("    " + found["message"][-400:].replace("\n", "\n    "))
    print(f"targets: each bomb refused in < {TARGET_SECONDS:.0f} s (the import call) with a "
          f"peak < {TARGET_MB} MB (the whole process)")
    return 1 if failed else 0


def _copy(workspace: Path, folder: Path) -> Path:
    target = Path(tempfile.mkdtemp(dir=folder)) / "ws"
    shutil.copytree(workspace, target)
    return target


def _size(size: int) -> str:
    return f"{size / MB:.1f} MB" if size >= MB else f"{size / 1024:.0f} KB"


if __name__ == "__main__":
    sys.exit(main())

