"""Hostile reviewed copies (issue 13 "Nothing lost, nothing leaked"): each test here failed before
its fix.

A reviewed copy comes back by e-mail from outside and is read by ``documents.review.read_review``
(``workspace.import_review``, ``commdraft review import``). It may be a zip bomb (sizes that
expand to gigabytes, headers that lie, tens of thousands of parts), XML that attacks its parser
(a DTD, nesting thousands deep), bookmarks with hostile names, or any damage a mail client or an
editor can do. Whatever it is, the import either succeeds or raises a coded ``CommdraftError``
that names the file (and the bound), never another exception, and a refused file leaves the case
as it was. The bombs are the real ones of ``benchmarks/hostile_review.py``, imported by the
command line in a process whose address space is capped at 1 GB.

The copies exported for a review carry the title of the case: every core property fits Word's
limit, whatever the topic's length or script, and the file passes the Open XML audit.

More examples: ``COMMDRAFT_FUZZ_EXAMPLES=2000 pytest tests/documents/test_hostile_review.py``.
"""

from __future__ import annotations

import importlib.util
import io
import os
import re
import subprocess
import sys
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from docx import Document
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from desktop_app.documents import reading
from desktop_app.documents.errors import UnsafeXmlError, WordFileError, WordFileTooLarge
from desktop_app.documents.properties import MAX_PROPERTY, fit
from desktop_app.documents.review import MAX_ITEMS, key_of_bookmark, read_review
from desktop_app.domain.errors import CommdraftError
from desktop_app.workspace import Workspace, export_review, import_review
from tests.test_review import tracked_replace

ROOT = Path(__file__).resolve().parents[2]
MB = 2**20
_spec = importlib.util.spec_from_file_location("hostile_review",
                                               ROOT / "benchmarks" / "hostile_review.py")
bombs = importlib.util.module_from_spec(_spec)
sys.modules["hostile_review"] = bombs
_spec.loader.exec_module(bombs)

EXAMPLES = int(os.environ.get("COMMDRAFT_FUZZ_EXAMPLES", "120"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,  # an import renders the case's letter: timing varies with the machine
    derandomize=False,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                           HealthCheck.function_scoped_fixture],
)


# ---------------------------------------------------------------------- a real reviewed copy
@pytest.fixture(scope="module")
def setting(tmp_path_factory):
    """A workspace with the demo letter reopened for review; the review copy exported from it
    and the same copy as a reviewer returns it (a comment, a tracked replacement, an edit made
    with tracking off). The environment points at the module's folder (the autouse fixture of
    conftest.py is function-scoped)."""
    root = tmp_path_factory.mktemp("hostile")
    with pytest.MonkeyPatch.context() as mp:
        for name, value in (("COMMDRAFT_WORKSPACE", root / "workspace"), ("HOME", root / "home"),
                            ("XDG_CONFIG_HOME", root / "config"),
                            ("XDG_DATA_HOME", root / "data"),
                            ("COMMDRAFT_SETTINGS", root / "settings.json")):
            mp.setenv(name, str(value))
        ws = Workspace.open(root / "ws")
        demo = ws.load_demo()
        case = ws.reopen(demo.id, "a legal review")
        copy = export_review(ws, case.id, "en", "full", root / "out")
        doc = Document(str(copy))
        texts = case.texts("en")

        def paragraph(start: str):
            return next(p for p in doc.paragraphs
                        if start[:40] in p.text.replace("\u00a0", " "))

        doc.add_comment(paragraph(texts.allegations[1]).runs[0], text="Which court?",
                        author="Legal Adviser", initials="LA")
        tracked_replace(paragraph(texts.concerns[0]), "seriously", "gravely")
        for run in paragraph(texts.allegations[2]).runs:
            run.text = run.text.replace("Montenegro", "Montenegro (Podgorica)")
        returned = root / "returned.docx"
        doc.save(str(returned))
        yield {"ws": ws, "case": case.id, "copy": copy, "returned": returned, "root": root,
               "parts": bombs.parts_of(returned)}
        ws.close()


def snapshot(ws: Workspace, case_id: str) -> dict:
    return ws.load(case_id).to_dict()


def refused(setting, data: bytes, name: str = "hostile.docx") -> CommdraftError:
    """Import ``data``: it must be refused with a coded error naming the file, the case left
    as it was."""
    path = setting["root"] / name
    path.write_bytes(data)
    ws, case_id = setting["ws"], setting["case"]
    before = snapshot(ws, case_id)
    with pytest.raises(CommdraftError) as caught:
        import_review(ws, path)
    assert snapshot(ws, case_id) == before
    assert caught.value.code, caught.value
    assert str(path) in str(caught.value)
    return caught.value


# ---------------------------------------------------------------------- the real copy imports
def test_the_returned_copy_imports_its_comment_and_changes(setting):
    found = read_review(setting["returned"])
    assert found.case_id == setting["case"] and found.lang == "en" and found.variant == "full"
    assert [c.text for c in found.comments] == ["Which court?"]
    assert found.comments[0].key == "allegations.1" and found.comments[0].anchor
    by_key = {c.key: c for c in found.changes}
    assert "gravely" in by_key["concerns.0"].proposed
    assert "seriously" in by_key["concerns.0"].original
    assert by_key["concerns.0"].authors == ["Legal Adviser"]
    assert found.texts["allegations.2"].count("Montenegro (Podgorica)") >= 1
    assert found.ignored_bookmarks == [] and found.warnings == []


def test_the_repacked_file_is_the_same_document(setting):
    """The checked bytes python-docx is given are the file's parts, each once, unchanged."""
    data = reading.read_word_file(setting["returned"])
    with zipfile.ZipFile(setting["returned"]) as original, \
            zipfile.ZipFile(io.BytesIO(data)) as repacked:
        assert [i.filename for i in repacked.infolist()] == [
            i.filename for i in original.infolist()]
        for info in original.infolist():
            assert repacked.read(info.filename) == original.read(info)
        assert {i.compress_type for i in repacked.infolist()} == {zipfile.ZIP_STORED}


# ---------------------------------------------------------------------- bombs, in process
def test_the_bounds_are_those_the_readme_gives():
    assert (reading.MAX_FILE, reading.MAX_ENTRIES, reading.MAX_PART, reading.MAX_TOTAL,
            reading.MAX_XML, reading.MAX_DEPTH, MAX_ITEMS) == (
        20 * MB, 2000, 50 * MB, 100 * MB, 10 * MB, 256, 5000)


@pytest.mark.parametrize(("build", "code", "kind", "limit"), [
    (lambda base: bombs.deflate_bomb(base, 200 * MB), "docx.part_too_large", WordFileTooLarge,
     "50 MB"),
    (lambda base: bombs.deflate_bomb(base, 60 * MB, xml=True), "docx.part_too_large",
     WordFileTooLarge, "50 MB"),
    (lambda base: bombs.lying_total(base, 3, 40 * MB), "docx.expands_too_much",
     WordFileTooLarge, "100 MB"),
    (lambda base: bombs.many_entries(base, 2100), "docx.too_many_parts", WordFileTooLarge,
     "2000"),
    (lambda base: bombs.many_entries(base, 60_000, claimed=12), "docx.too_many_parts",
     WordFileTooLarge, "2000"),
    (lambda base: bombs.deflate_bomb(base, 12 * MB, xml=True), "docx.xml_too_large",
     WordFileTooLarge, "10 MB"),
    (bombs.billion_laughs, "docx.dtd", UnsafeXmlError, "DOCTYPE"),
    (bombs.external_entity, "docx.dtd", UnsafeXmlError, "[Content_Types].xml"),
    (bombs.deeply_nested, "docx.too_deep", UnsafeXmlError, "256"),
    (lambda base: bombs.deeply_nested(base, 300), "docx.too_deep", UnsafeXmlError, "256"),
], ids=["zeros-200MB", "xml-60MB", "total-120MB", "2100-parts", "end-record-lies",
        "xml-12MB", "billion-laughs", "xxe", "nested-100000", "nested-300"])
def test_bombs_are_refused_before_parsing(setting, build, code, kind, limit):
    exc = refused(setting, build(setting["parts"]))
    assert isinstance(exc, kind) and exc.code == code
    assert limit in str(exc)
    if "limit" in exc.params:
        assert str(exc.params["limit"]) in limit


def test_headers_that_lie_do_not_decide(setting):
    """A part that says 1 KB and expands to 300 MB: decompression stops at what the header
    says and the CRC does not match; the data is never taken at its word either."""
    exc = refused(setting, bombs.lying_bomb(setting["parts"], 300 * MB, 1024))
    assert exc.code == "docx.damaged"
    # Said 30 MB (under the bound), 300 MB in fact: at most 30 MB are ever read.
    exc = refused(setting, bombs.lying_bomb(setting["parts"], 300 * MB, 30 * MB))
    assert exc.code == "docx.damaged"


def test_the_cap_holds_while_decompressing(setting, monkeypatch):
    """The count made while decompressing refuses even where the headers were believed."""
    monkeypatch.setattr(reading, "MAX_PART", 40_000)
    with pytest.raises(WordFileTooLarge) as caught:
        reading.read_word_file(setting["returned"])  # styles.xml expands to 350 KB
    assert caught.value.code == "docx.part_too_large"
    assert caught.value.params["part"] == "word/styles.xml"


def test_a_file_over_the_size_bound_is_not_read_whole(setting, tmp_path):
    big = tmp_path / "big.docx"
    with open(big, "wb") as handle:
        handle.write(setting["returned"].read_bytes())
        handle.truncate(reading.MAX_FILE + 1)
    exc = refused(setting, big.read_bytes())
    assert exc.code == "docx.too_large" and "20 MB" in str(exc)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_dev_zero_stops_at_the_bound():
    with pytest.raises(WordFileTooLarge, match="20 MB"):
        read_review(Path("/dev/zero"))


def _xml(setting, name: str, xml: bytes) -> bytes:
    return bombs.with_xml(setting["parts"], name, xml)


def _document(setting) -> bytes:
    return bombs.read_part(setting["parts"], bombs.DOCUMENT)


@pytest.mark.parametrize(("encoding", "code"), [
    ("utf-16", "docx.dtd"), ("utf-16-be", "docx.dtd"), ("utf-32", "docx.damaged"),
    ("cp037", "docx.damaged")])
def test_a_dtd_in_another_encoding_is_found(setting, encoding, code):
    doctype = '<!DOCTYPE w:document [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
    text = re.sub("encoding=.UTF-8.", f'encoding="{encoding}"', _document(setting).decode())
    assert encoding in text
    head, _, rest = text.partition("?>")
    data = (head + "?>" + doctype + rest).encode(encoding, "xmlcharrefreplace")
    if encoding == "cp037":  # an ASCII declaration, then EBCDIC: libxml2 would switch
        data = (head + "?>").encode("ascii") + (doctype + rest).encode(encoding, "replace")
    assert refused(setting, _xml(setting, bombs.DOCUMENT, data)).code == code


def test_pictures_and_fonts_are_not_taken_for_xml(setting):
    """Parts that start with a NUL (a TrueType font, an icon) or with a picture's signature are
    copied, not read as XML; XML after a byte order mark and spaces is."""
    extra = [bombs.deflated("word/fonts/font1.odttf", b"\x00\x01\x00\x00" + bytes(5000)),
             bombs.deflated("word/media/image1.ico", b"\x00\x00\x01\x00" + b"<!DOCTYPE x>"),
             bombs.deflated("word/media/image2.png", b"\x89PNG\r\n\x1a\n<!DOCTYPE x>")]
    path = setting["root"] / "fonts.docx"
    path.write_bytes(bombs.zip_bytes(setting["parts"] + extra))
    assert read_review(path).case_id == setting["case"]
    for xml in (b"\xef\xbb\xbf  \n<!DOCTYPE x><x/>", b"\n\n<!DOCTYPE x><x/>",
                b"\xff\xfe" + "<!DOCTYPE x><x/>".encode("utf-16-le")):
        assert reading.xml_check(xml) == "dtd", xml
    assert reading.xml_check(b"\x00\x00\x00<\x00\x00\x00?") == "encoding"


@pytest.mark.parametrize(("mutate", "code"), [
    (lambda parts: [p for p in parts if p.name != bombs.DOCUMENT], "docx.damaged"),
    (lambda parts: [p for p in parts if p.name != "[Content_Types].xml"], "docx.damaged"),
    (lambda parts: [p for p in parts if p.name != "_rels/.rels"], "docx.damaged"),
    (lambda parts: [p for p in parts if p.name != "docProps/core.xml"], "docx.damaged"),
    (lambda parts: bombs.with_part(parts, bombs.deflated("docProps/core.xml", re.sub(
        rb"<dc:identifier>[^<]*", b"<dc:identifier>", bombs.read_part(parts, "docProps/core.xml")
    ))), "review.not_review_copy"),
    (lambda parts: bombs.with_part(parts, bombs.deflated("docProps/core.xml", re.sub(
        rb"(<dc:identifier>[^<]*)", rb"\1" + b"x" * 100, bombs.read_part(
            parts, "docProps/core.xml")))), "review.not_review_copy"),
    (lambda parts: [*parts, parts[4]], "docx.damaged"),  # a part twice
    (lambda parts: [bombs.Entry(p.name, p.data, zipfile.ZIP_BZIP2, p.crc, p.size)
                    if p.name == bombs.DOCUMENT else p for p in parts], "docx.damaged"),
    (lambda parts: [bombs.Entry(p.name, p.data, p.method, p.crc, p.size, flags=1)
                    if p.name == bombs.DOCUMENT else p for p in parts], "docx.damaged"),
    (lambda parts: [bombs.Entry(p.name, p.data, p.method, p.crc ^ 1, p.size)
                    if p.name == bombs.DOCUMENT else p for p in parts], "docx.damaged"),
], ids=["no-document", "no-content-types", "no-rels", "no-properties", "no-identifier",
        "long-identifier", "duplicate-part", "bzip2", "encrypted", "bad-crc"])
def test_damaged_packages_are_refused_with_their_code(setting, mutate, code):
    assert refused(setting, bombs.zip_bytes(mutate(setting["parts"]))).code == code


@pytest.mark.parametrize(("data", "code"), [
    (b"", "docx.not_docx"), (b"%PDF-1.7\n", "docx.not_docx"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "docx.not_docx"),
    (b"PK\x03\x04 not really a zip", "docx.not_docx"),
])
def test_files_that_are_no_word_document(setting, data, code):
    assert refused(setting, data).code == code


def test_truncated_copies_are_refused(setting):
    data = setting["returned"].read_bytes()
    for cut in (10, len(data) // 3, len(data) // 2, len(data) - 30, len(data) - 1):
        assert refused(setting, data[:cut]).code in ("docx.not_docx", "docx.damaged")


def test_too_many_comments_and_changes(setting):
    exc = refused(setting, bombs.many_comments(setting["copy"], MAX_ITEMS + 1))
    assert exc.code == "review.too_many_items" and "5000" in str(exc)
    marks = "".join(
        f'<w:p><w:bookmarkStart w:id="{i}" w:name="cd_{"abc"[i % 3]}_{i // 3}"/><w:ins '
        f'w:id="{i}" w:author="x"><w:r><w:t>new</w:t></w:r></w:ins><w:bookmarkEnd w:id="{i}"/>'
        "</w:p>" for i in range(MAX_ITEMS + 100))  # the copy's own names twice: ignored
    document = _document(setting).replace(b"</w:body>", marks.encode() + b"</w:body>", 1)
    assert refused(setting, _xml(setting, bombs.DOCUMENT, document)).code == \
        "review.too_many_items"


# ---------------------------------------------------------------------- bombs, memory capped
def _cli(setting, path: Path, limit: int = 2**30) -> subprocess.CompletedProcess:
    import resource

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    code = "import sys; from desktop_app.cli import main; sys.exit(main(sys.argv[1:]))"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COMMDRAFT_LANG": "en"}
    return subprocess.run(
        [sys.executable, "-c", code, "review", "import", str(path), "--workspace",
         str(setting["root"] / "ws")], capture_output=True, text=True, cwd=ROOT, env=env,
        preexec_fn=cap, timeout=120)


@pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_AS caps the address space on Linux")
@pytest.mark.parametrize(("build", "words"), [
    (lambda base: bombs.deflate_bomb(base, 1500 * MB), ("word/document.xml", "50 MB")),
    (lambda base: bombs.deflate_bomb(base, 1500 * MB, xml=True), ("word/document.xml", "50 MB")),
    (lambda base: bombs.lying_bomb(base, 1500 * MB, 1024), ("damaged",)),
    (bombs.many_entries, ("2000 parts",)),
    (bombs.billion_laughs, ("DTD",)),
    (bombs.deeply_nested, ("256",)),
], ids=["zeros-1.5GB", "xml-1.5GB", "lying-1.5GB", "100000-parts", "billion-laughs",
        "nested"])
def test_bombs_are_refused_by_the_command_line_in_1_gb(setting, build, words):
    """The command line, in a process that may not map more than 1 GB: a sentence that names
    the file and the bound, exit status 1; never a MemoryError, a kill or a traceback."""
    path = setting["root"] / "bomb.docx"
    path.write_bytes(build(setting["parts"]))
    ws, case_id = setting["ws"], setting["case"]
    before = snapshot(ws, case_id)
    done = _cli(setting, path)
    assert done.returncode == 1, done.stderr[-2000:]
    assert done.stderr.startswith("commdraft: error:"), done.stderr[-2000:]
    assert "bomb.docx" in done.stderr and "Traceback" not in done.stderr
    assert "MemoryError" not in done.stderr
    for word in words:
        assert word in done.stderr
    assert snapshot(ws, case_id) == before


@pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_AS caps the address space on Linux")
def test_the_worst_file_within_the_bounds_imports_in_1_gb(setting):
    """As much XML as the bounds allow (bookmarks, all ignored): read in a 1 GB process."""
    path = setting["root"] / "bookmarks.docx"
    path.write_bytes(bombs.many_bookmarks(setting["parts"], 115_000))
    done = _cli(setting, path)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "review round" in done.stdout or "nothing new" in done.stderr + done.stdout


# ---------------------------------------------------------------------- hostile bookmarks
HOSTILE_NAMES = ["cd_s_²", "cd_s_٣", "cd_a_٣", "cd_a_99999999999999999999", "cd_q_" + "9" * 5000,
                 "cd_a_1\u202e", "cd_", "cd_a_", "cd__1", "cd_zz_1", "cd_a_-1", "cd_a_01",
                 "cd_a_1\n", "cd_a_1 ", "cd_\x00", "cd_a_1" + "x" * 10_000, "cd_s_10000"]


@pytest.mark.parametrize("name", HOSTILE_NAMES, ids=range(len(HOSTILE_NAMES)))
def test_hostile_bookmark_names_are_ignored_with_a_warning(setting, name):
    document = _document(setting).decode("utf-8")
    assert 'w:name="cd_a_1"' in document
    escaped = name.replace("&", "&amp;").replace('"', "&quot;").replace("\n", "&#10;")
    escaped = escaped.replace("\x00", "")  # XML cannot carry NUL
    hostile = document.replace('w:name="cd_a_1"', f'w:name="{escaped}"', 1)
    path = setting["root"] / "bookmarks.docx"
    path.write_bytes(_xml(setting, bombs.DOCUMENT, hostile.encode("utf-8")))
    found = read_review(path)
    assert "allegations.1" not in found.texts
    assert all(k is None or re.fullmatch(r"[a-z_.]+\.#?\d{1,4}", k) for k in found.texts)
    if escaped.startswith("cd_") and key_of_bookmark(escaped) is None:
        assert found.ignored_bookmarks and found.warnings[0].code == "review.bookmarks_ignored"
        assert all(len(n) <= 40 and n.isprintable() for n in found.ignored_bookmarks)
    import_review(setting["ws"], path)  # no traceback, whatever the name


def test_a_duplicated_bookmark_is_ignored_both_times(setting):
    """Two bookmarks named cd_a_0: which paragraph is allegations.0 cannot be told; neither is
    taken (taking the first made a false change of the background)."""
    document = _document(setting).decode("utf-8")
    hostile = document.replace('w:name="cd_b_0"', 'w:name="cd_a_0"', 1)
    path = setting["root"] / "duplicate.docx"
    path.write_bytes(_xml(setting, bombs.DOCUMENT, hostile.encode("utf-8")))
    found = read_review(path)
    assert "allegations.0" not in found.texts and "background.0" not in found.texts
    assert {c.key for c in found.changes} == {"concerns.0"}  # the reviewer's own change
    assert found.ignored_bookmarks == ["cd_a_0"]


def test_bookmarks_of_units_the_case_does_not_have(setting):
    """cd_a_9999 names allegations.9999: read back, and left out by the import."""
    document = _document(setting).decode("utf-8")
    hostile = document.replace('w:name="cd_a_1"', 'w:name="cd_a_9999"', 1).replace(
        'w:name="cd_s_0"', 'w:name="cd_s_9999"', 1)
    path = setting["root"] / "beyond.docx"
    path.write_bytes(_xml(setting, bombs.DOCUMENT, hostile.encode("utf-8")))
    found = read_review(path)
    assert "allegations.9999" in found.texts and "standard_questions.#9999" in found.texts
    result = import_review(setting["ws"], path)
    assert {w.code for w in result.warnings} >= {"review.paragraphs_lost"}


# ---------------------------------------------------------------------- structure-aware fuzzing
ATTRIBUTE = re.compile(rb'(w:[A-Za-z]+|r:id|Target|Type|ContentType|PartName|Id)="([^"]*)"')
ELEMENT = re.compile(rb"<(w:bookmarkStart|w:bookmarkEnd|w:commentRangeStart|w:commentRangeEnd|"
                     rb"w:comment\b|w:ins\b|w:del\b|w:p\b|w:r\b|w:t\b|Relationship|Override|"
                     rb"dc:identifier|cp:version|dc:language|cp:category)[^>]*?(/>|>)")
VALUES = st.one_of(
    st.sampled_from(["", "0", "-1", "1", "99999999999999999999", "cd_a_0", "cd_s_0", "cd_q_9",
                     "commdraft:demo-mne-2024", "commdraft:", "commdraft:../../x", "x" * 300,
                     "2024-13-45T99:99:99Z", "not a date", "\u202e", "٣", "rId1", "rId999",
                     "/word/document.xml", "../../../etc/passwd", "http://example.com/x",
                     "application/vnd.openxmlformats-officedocument.wordprocessingml."
                     "document.main+xml", "image/png", "&amp;", "&lt;x&gt;", "&#0;", "&#x1F600;",
                     "en", "xx", "en-US", "full", "short", "5", "1", "commdraft"]),
    st.text(st.characters(exclude_categories=("Cs",), exclude_characters='"&<'), max_size=20))
HOSTILE_XML = st.sampled_from([
    b'<!DOCTYPE x [<!ENTITY a "aaaa">]>', b"&undefined;", b"<w:p>", b"</w:body>", b"\x00",
    b"\xff\xfe", b"<![CDATA[x]]>", b"<!-- c -->", b"<?pi x?>", b'<w:t xml:space="x">t</w:t>',
    b'<w:bookmarkStart w:id="1" w:name="cd_a_0"/>', b'<w:commentRangeStart w:id="0"/>',
    b'<w:ins w:id="5" w:author="commdraft"><w:r><w:t>x</w:t></w:r></w:ins>', b"\xc3\x28"])


READ = ("word/document.xml", "word/comments.xml", "docProps/core.xml", "[Content_Types].xml",
        "_rels/.rels", "word/_rels/document.xml.rels")


@st.composite
def mutation(draw, parts: list) -> tuple[list, list[str], dict]:
    """1 to 3 changes to the parts of a real reviewed copy, and what they were."""
    parts = list(parts)
    done: list[str] = []
    zip_options: dict = {}
    for _ in range(draw(st.integers(1, 3))):
        names = [p.name for p in parts]
        # Mostly the parts a review is read from; any part now and then.
        name = draw(st.one_of(st.sampled_from([n for n in names if n in READ]), st.sampled_from(
            names))) if any(n in READ for n in names) else draw(st.sampled_from(names))
        index = names.index(name)
        entry = parts[index]
        data = bombs.read_part(parts, entry.name) if entry.method in (0, 8) else None
        kind = draw(st.sampled_from([
            "drop", "duplicate", "rename", "truncate", "corrupt", "size", "crc", "count",
            "insert", "insert", *["attribute", "element", "bookmark", "property"] * 3]))
        if data is None and kind not in ("drop", "duplicate", "rename", "count"):
            kind = "drop"
        done.append(f"{kind} {entry.name}")
        if kind == "drop":
            parts.pop(index)
        elif kind == "duplicate":
            parts.insert(draw(st.integers(0, len(parts))), entry)
        elif kind == "rename":
            other = draw(st.one_of(st.sampled_from([p.name for p in parts] + [
                "word/document2.xml", "WORD/document.xml", "/word/document.xml",
                "word\\document.xml", "word/document.xml/", "../document.xml"]),
                st.text(min_size=1, max_size=30)))
            parts[index] = bombs.Entry(other, entry.data, entry.method, entry.crc, entry.size)
        elif kind == "truncate":
            parts[index] = bombs.deflated(entry.name, data[:draw(st.integers(0, len(data)))])
        elif kind == "corrupt":
            at = draw(st.integers(0, max(0, len(data) - 1)))
            new = draw(st.binary(min_size=1, max_size=8))
            parts[index] = bombs.deflated(entry.name, data[:at] + new + data[at + len(new):])
        elif kind in ("attribute", "bookmark", "property"):
            pattern = {"attribute": ATTRIBUTE,
                       "bookmark": re.compile(rb'(w:name)="(cd_[^"]*)"'),
                       "property": re.compile(
                           rb"(<(?:dc:identifier|cp:version|dc:language|cp:category)>)"
                           rb"([^<]*)")}[kind]
            found = list(pattern.finditer(data))
            if not found:
                continue
            match = found[draw(st.integers(0, len(found) - 1))]
            value = draw(VALUES).encode("utf-8")
            if kind == "property" and draw(st.booleans()):
                value = match.group(2) * draw(st.integers(2, 3000))  # inflated
            if kind == "attribute":
                new = match.group(1) + b'="' + value + b'"'
            elif kind == "bookmark":
                new = b'w:name="' + value + b'"'
            else:
                new = match.group(1) + value
            parts[index] = bombs.deflated(
                entry.name, data[:match.start()] + new + data[match.end():])
        elif kind == "element":
            found = list(ELEMENT.finditer(data))
            if not found:
                continue
            match = found[draw(st.integers(0, len(found) - 1))]
            copies = draw(st.sampled_from([0, 2, 50]))  # removed, doubled, repeated
            parts[index] = bombs.deflated(
                entry.name, data[:match.start()] + match.group(0) * copies + data[match.end():])
        elif kind == "insert":
            at = draw(st.integers(0, len(data)))
            parts[index] = bombs.deflated(entry.name, data[:at] + draw(HOSTILE_XML) + data[at:])
        elif kind == "size":
            size = draw(st.sampled_from([0, 1, entry.size - 1, entry.size + 1, 2**32 - 1,
                                         60 * MB]))
            parts[index] = bombs.Entry(entry.name, entry.data, entry.method, entry.crc,
                                       max(0, size))
        elif kind == "crc":
            parts[index] = bombs.Entry(entry.name, entry.data, entry.method,
                                       draw(st.integers(0, 2**32 - 1)), entry.size)
        elif kind == "count":
            zip_options["claimed_entries"] = draw(st.sampled_from([0, 1, 65535]))
    return parts, done, zip_options


def test_mutated_copies_import_or_are_refused_with_a_code(setting):
    """Hypothesis mutates the real reviewed copy part by part: it imports, or a coded
    CommdraftError names the file and the case is as it was; never another exception. Not
    vacuous: both outcomes must occur, and the unmutated copy imports (test above). Fewer
    examples than reading alone (below): each import renders the letter twice."""
    ws, case_id, path = setting["ws"], setting["case"], setting["root"] / "mutated.docx"
    outcomes: Counter = Counter()

    @settings(FUZZ, max_examples=max(10, EXAMPLES // 4))  # an import renders the letter
    @given(mutation(setting["parts"]))
    def check(mutated):
        parts, done, options = mutated
        path.write_bytes(bombs.zip_bytes(parts, **options))
        before = snapshot(ws, case_id)
        try:
            import_review(ws, path)
        except CommdraftError as exc:
            assert exc.code, (done, exc)
            assert snapshot(ws, case_id) == before, done
            outcomes[exc.code] += 1
            event(f"refused: {exc.code}")
        else:
            outcomes["imported"] += 1
            event("imported")

    check()
    assert outcomes["imported"] >= 1 and sum(outcomes.values()) - outcomes["imported"] >= 1, (
        outcomes)


def test_mutated_copies_read_back_or_are_refused(setting):
    """The same for read_review alone (faster, so more examples), whose refusals are all
    ``WordFileError`` with one of the documents' codes."""
    from desktop_app.documents.errors import CODES

    path = setting["root"] / "mutated-read.docx"
    outcomes: Counter = Counter()

    @FUZZ
    @given(mutation(setting["parts"]))
    def check(mutated):
        parts, done, options = mutated
        path.write_bytes(bombs.zip_bytes(parts, **options))
        try:
            found = read_review(path)
        except WordFileError as exc:
            assert exc.code in CODES or exc.code == "file.unreadable", (done, exc)
            outcomes["refused"] += 1
        else:
            assert found.case_id and found.variant in ("full", "short")
            for comment in found.comments:
                assert len(comment.anchor) <= 2000 and len(comment.paragraph) <= 10000
            outcomes["read"] += 1

    check()
    assert outcomes["read"] >= 1 and outcomes["refused"] >= 1, outcomes


# ---------------------------------------------------------------------- the copy's title
def _audit(path: Path) -> list[str]:
    from openxml_audit import FileFormat, OpenXmlValidator

    validator = OpenXmlValidator(file_format=FileFormat.MICROSOFT_365, max_errors=0)
    return [str(error) for error in validator.validate(str(path)).errors]


def _units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@pytest.mark.parametrize(("lang", "word"), [("en", "policy "), ("ar", "سياسة "),
                                            ("zh", "𠀀𠀁𠀂𠀃 ")])
def test_a_long_topic_fits_every_core_property(workspace, tmp_path, lang, word):
    """A 2000-character topic: every core property within Word's 255 (UTF-16 units: a
    character outside the BMP counts twice), the variant and language kept at the end of the
    title, and the copy valid Open XML."""
    demo = workspace.load_demo()
    case = workspace.duplicate(demo.id)
    for texts in case.text.values():
        texts.topic = (word * 400)[:2000]
    case = workspace.save(case)
    copy = export_review(workspace, case.id, lang, "full", tmp_path)
    props = Document(str(copy)).core_properties
    for name in ("title", "author", "last_modified_by", "identifier", "version", "category",
                 "keywords", "language", "subject", "comments", "content_status"):
        assert _units(getattr(props, name) or "") <= MAX_PROPERTY, name
    assert props.title.endswith(f"… (full, {lang})"), props.title[-40:]
    assert _audit(copy) == []
    assert read_review(copy).case_id == case.id


def test_fit_keeps_a_suffix_and_xml_characters():
    assert fit("a" * 300, " (full, en)").endswith("a… (full, en)")
    assert len(fit("a" * 300, " (full, en)")) == MAX_PROPERTY
    assert _units(fit("𠀀" * 300)) <= MAX_PROPERTY
    assert fit("x\x01y\x0bz\ud800") == "xy z"
    assert fit("short", " (full, en)") == "short (full, en)"
