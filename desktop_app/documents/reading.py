"""Reading documents back: the paragraphs a reader sees, in order; and Word files from outside,
read under bounds.

``paragraph.text`` in python-docx silently omits runs inside tracked insertions; reading the
w:t elements directly keeps them (deleted text lives in w:delText and is left out).

A Word file that comes from outside (a reviewed copy, back by e-mail) is a zip of XML parts: it
may be a zip bomb (a 200 KB file that expands to gigabytes, sizes in its headers that lie, tens of
thousands of entries) or XML that attacks its parser (a DTD with entities that expand a billion
times, external entities, nesting thousands deep). :func:`read_word_file` reads such a file once,
under the bounds below, before anything parses it: the file's size, the number of its parts, the
size of each part and of all of them as they expand (counted while decompressing, whatever the
headers say), and the XML of every part (no DTD, an encoding Word writes). python-docx is then
given only these checked bytes (:func:`open_word_file`), repacked, so nothing is decompressed
twice; its parser keeps libxml2's bound on nesting.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

from docx import Document
from docx.oxml.ns import qn
from lxml import etree

from desktop_app.documents.errors import UnsafeXmlError, WordFileError, WordFileTooLarge

_T, _TAB, _BR, _P, _TBL = qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:p"), qn("w:tbl")
_NBH = qn("w:noBreakHyphen")

MB = 2**20
#: Bounds of a Word file from outside, checked before anything is parsed. A letter with its
#: reviewers' comments and tracked changes is a few hundred KB, its XML a few MB at most; the
#: bounds leave room for pictures and for long documents, and refuse zip bombs and parser attacks.
MAX_FILE = 20 * MB       # the .docx as it is on disk (compressed)
MAX_ENTRIES = 2000       # parts in the zip (Word writes about 15; one per picture)
MAX_PART = 50 * MB       # one part as it expands (a picture)
MAX_TOTAL = 100 * MB     # all the parts together as they expand
MAX_XML = 10 * MB        # all the XML parts together (python-docx holds them as trees, ~15x)
MAX_DEPTH = 256          # element nesting: libxml2's bound, which python-docx keeps (no huge_tree)
#: The zip's list of its parts (its central directory), which zipfile reads whole when it opens a
#: file: bounded by the entries it may list, whatever count the file claims.
_MAX_DIRECTORY = MAX_ENTRIES * 1024
_CHUNK = MB
#: Word writes parts stored or deflated; bzip2 and LZMA (zipfile decompresses them without a cap
#: per read) are refused.
_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)

#: What a DTD starts with, in the encodings an XML part may be in (UTF-8 and UTF-16 both ways).
_DTD_MARKS = tuple(mark.encode(encoding) for mark in ("<!DOCTYPE", "<!ENTITY")
                   for encoding in ("utf-8", "utf-16-le", "utf-16-be"))
_SPACE = re.compile(rb"[ \t\r\n]*")
#: How XML starts in UCS-4 (four byte orders, with or without a byte order mark) and in EBCDIC,
#: which libxml2 recognises and Word never writes. (Fonts and icons also start with a NUL:
#: anything else is not XML.)
_WIDE_STARTS = frozenset({b"\x00\x00\x00<", b"<\x00\x00\x00", b"\x00\x00<\x00",
                          b"\x00<\x00\x00", b"\x00\x00\xfe\xff", b"\xff\xfe\x00\x00",
                          b"\x00\x00\xff\xfe", b"\xfe\xff\x00\x00", b"\x4c\x6f\xa7\x94"})
_DECLARED = re.compile(rb"<\?xml[^>]{0,200}?encoding\s*=\s*[\"']([^\"']{0,40})[\"']")
#: Encodings in which "<!DOCTYPE" is written in ASCII: a search of the bytes finds it.
_ASCII_LIKE = re.compile(rb"utf-?8|(us-)?ascii|iso-?8859-\d{1,2}|latin-?1|(windows|cp)-?125\d",
                         re.IGNORECASE)


def paragraph_text(p: Any) -> str:
    out = []
    for el in p.iter(_T, _TAB, _BR, _NBH):
        if el.tag == _T:
            out.append(el.text or "")
        elif el.tag == _NBH:
            out.append("-")  # Word's non-breaking hyphen reads as a hyphen
        elif el.tag == _TAB:
            out.append("\t")
        else:
            out.append("\n")
    return "".join(out)


def document_paragraphs(source: Path | bytes) -> list[str]:
    """Every paragraph of the body in reading order, table cells included."""
    doc = Document(io.BytesIO(source) if isinstance(source, bytes) else str(source))
    return body_paragraphs(doc.element.body)


def body_paragraphs(body: Any) -> list[str]:
    """:func:`document_paragraphs` of a ``w:body`` element (a document made in memory)."""
    out: list[str] = []
    for child in body:
        if child.tag == _P:
            out.append(paragraph_text(child))
        elif child.tag == _TBL:
            out.extend(paragraph_text(p) for p in child.iter(_P))
    return out


def document_parts_text(source: Path | bytes) -> str:
    """All text of the body, headers and footers: for searching a rendered document."""
    doc = Document(io.BytesIO(source) if isinstance(source, bytes) else str(source))
    chunks = document_paragraphs(source)
    for section in doc.sections:
        for part in (section.header, section.footer, section.first_page_header,
                     section.first_page_footer):
            chunks.extend(paragraph_text(p._p) for p in part.paragraphs)
    return "\n".join(chunks)


# ---------------------------------------------------------------------- Word files from outside
def _mb(size: int) -> int:
    return size // MB


def damaged(path: Path | str, reason: str) -> WordFileError:
    return WordFileError(f"{path}: the Word document is damaged ({reason}); it was not read",
                         code="docx.damaged", params={"file": str(path), "reason": reason})


def _not_docx(path: Path | str) -> WordFileError:
    return WordFileError(
        f"{path}: not a Word document (.docx); if it was saved as .doc or PDF, save it again "
        "from Word as a Word Document (.docx)", code="docx.not_docx", params={"file": str(path)})


def _too_large(path: Path | str) -> WordFileTooLarge:
    return WordFileTooLarge(
        f"{path} is larger than {_mb(MAX_FILE)} MB, more than a Word letter with its comments "
        "ever is; it was not read", code="docx.too_large",
        params={"file": str(path), "limit": _mb(MAX_FILE)})


def _too_many_parts(path: Path | str) -> WordFileTooLarge:
    return WordFileTooLarge(
        f"{path} holds more than {MAX_ENTRIES} parts, more than a Word document ever has; it was "
        "not read", code="docx.too_many_parts", params={"file": str(path), "limit": MAX_ENTRIES})


def _part_too_large(path: Path | str, part: str) -> WordFileTooLarge:
    return WordFileTooLarge(
        f"{path}: its part {part} expands to more than {_mb(MAX_PART)} MB (a zip bomb?); it was "
        "not read", code="docx.part_too_large",
        params={"file": str(path), "part": part, "limit": _mb(MAX_PART)})


def _expands_too_much(path: Path | str) -> WordFileTooLarge:
    return WordFileTooLarge(
        f"{path} expands to more than {_mb(MAX_TOTAL)} MB in all (a zip bomb?); it was not read",
        code="docx.expands_too_much", params={"file": str(path), "limit": _mb(MAX_TOTAL)})


def _xml_too_large(path: Path | str) -> WordFileTooLarge:
    return WordFileTooLarge(
        f"{path}: its XML expands to more than {_mb(MAX_XML)} MB, more than a Word letter ever "
        "has; it was not read", code="docx.xml_too_large",
        params={"file": str(path), "limit": _mb(MAX_XML)})


def _unreadable(path: Path | str, exc: OSError) -> WordFileError:
    if isinstance(exc, FileNotFoundError):
        return WordFileError(f"{path}: no such file", code="file.unreadable",
                             params={"file": str(path), "reason": "no such file"})
    reason = exc.strerror or type(exc).__name__
    hint = " (is it still open in Word?)" if isinstance(exc, PermissionError) else ""
    return WordFileError(f"{path} cannot be read ({reason}){hint}", code="file.unreadable",
                         params={"file": str(path), "reason": reason})


def _read_raw(path: Path) -> bytes:
    """The file's bytes, at most :data:`MAX_FILE` of them (a device or a pipe stops there)."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_FILE + 1)
    except OSError as exc:
        raise _unreadable(path, exc) from None
    if len(raw) > MAX_FILE:
        raise _too_large(path)
    return raw


def _check_directory(path: Path, raw: bytes) -> None:
    """The end record of the zip, as zipfile reads it: the number of parts it claims and the
    size of the list it reads whole, refused before zipfile reads it."""
    # The function ZipFile itself uses, and where its record keeps the two numbers.
    end_record = getattr(zipfile, "_EndRecData", None)
    entries_at = getattr(zipfile, "_ECD_ENTRIES_TOTAL", None)
    size_at = getattr(zipfile, "_ECD_SIZE", None)
    if end_record is None or entries_at is None or size_at is None:  # pragma: no cover
        return  # a Python without them: the list is bounded by MAX_FILE, its length checked
    try:
        end = end_record(io.BytesIO(raw))
    except (OSError, ValueError, zipfile.BadZipFile, EOFError) as exc:
        raise damaged(path, f"its list of parts cannot be read: {exc}") from None
    if end is None:
        raise _not_docx(path)
    entries, size = end[entries_at], end[size_at]
    if entries > MAX_ENTRIES or size > _MAX_DIRECTORY:
        raise _too_many_parts(path)


def xml_check(data: bytes) -> str:
    """What a part is, read from its first bytes: ``"binary"`` (a picture: not XML), ``"xml"``,
    or why its XML is refused: ``"dtd"`` (a DTD or entities), ``"encoding"`` (UTF-32, UCS-4,
    EBCDIC or an encoding label other than UTF-8/16 or a single-byte ASCII superset: libxml2
    reads them, Word never writes them, and a search of the bytes could miss a DTD in them)."""
    head, start = _head(data)
    if head in _WIDE_STARTS:
        return "encoding"
    if head.startswith(b"<") and not head.startswith(b"<\x00"):
        declared = _DECLARED.match(data, start)
        if declared and not _ASCII_LIKE.fullmatch(declared.group(1)):
            return "encoding"
    elif head and not head.startswith((b"\xff\xfe", b"\xfe\xff", b"<\x00", b"\x00<")):
        return "binary"
    return "dtd" if any(mark in data for mark in _DTD_MARKS) else "xml"


def _space_end(data: bytes, start: int) -> int:
    """Where the whitespace at ``start`` ends (the pattern matches the empty string too)."""
    found = _SPACE.match(data, start)
    return found.end() if found else start


def _head(data: bytes) -> tuple[bytes, int]:
    """The first four bytes of a part after whitespace (and UTF-8's byte order mark), and
    where they are."""
    start = _space_end(data, 0)
    if data.startswith(b"\xef\xbb\xbf", start):
        start = _space_end(data, start + 3)
    return data[start:start + 4], start


def _binary_start(first: bytes) -> bool:
    """Whether a part whose first chunk is ``first`` is surely not XML (a picture, a font):
    its first four bytes tell. A part that does not tell yet is kept and checked as XML."""
    head, _start = _head(first)
    return len(head) == 4 and xml_check(head) == "binary"


def _copy_part(path: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo,
               repacked: zipfile.ZipFile, room: int) -> tuple[int, bytes | None]:
    """Copy one part into ``repacked``, decompressed in chunks and counted as it comes: at most
    :data:`MAX_PART`, and at most ``room`` (what is left of :data:`MAX_TOTAL`), whatever its
    header says. Returns its size and, unless it is surely not XML, its bytes (to check)."""
    kept: list[bytes] | None = []
    size = 0
    with archive.open(info) as stream, \
            repacked.open(zipfile.ZipInfo(info.filename), "w") as target:
        while chunk := stream.read(_CHUNK):
            size += len(chunk)
            if size > MAX_PART:
                raise _part_too_large(path, info.filename)
            if size > room:
                raise _expands_too_much(path)
            target.write(chunk)
            if kept is not None:
                kept.append(chunk)
                if len(kept) == 1 and _binary_start(chunk):
                    kept = None  # a picture: copied, not kept
    return size, None if kept is None else b"".join(kept)


def read_word_file(path: Path | str) -> bytes:
    """The Word file at ``path`` read once under the bounds (see the module's docstring), every
    part checked, repacked as a new zip (stored, not compressed): what python-docx may be given.
    Raises a :class:`WordFileError` (coded) naming the file and the bound."""
    path = Path(path)
    raw = _read_raw(path)
    if not raw.startswith(b"PK"):
        raise _not_docx(path)
    _check_directory(path, raw)
    out = io.BytesIO()
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive, \
                zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as repacked:
            infos = archive.infolist()
            if len(infos) > MAX_ENTRIES:
                raise _too_many_parts(path)
            names: set[str] = set()
            declared = 0
            for info in infos:  # what the headers say: refused at once if it is too much
                if info.filename in names:
                    raise damaged(path, f"two parts are named {info.filename}")
                names.add(info.filename)
                if info.flag_bits & 0x1:
                    raise damaged(path, f"its part {info.filename} is encrypted")
                if info.compress_type not in _METHODS:
                    raise damaged(path, f"its part {info.filename} is compressed with a method "
                                        "Word does not use")
                if info.file_size > MAX_PART:
                    raise _part_too_large(path, info.filename)
                declared += info.file_size
                if declared > MAX_TOTAL:
                    raise _expands_too_much(path)
            total = xml = 0
            for info in infos:  # what the data says: headers may lie
                if info.is_dir():
                    continue
                size, data = _copy_part(path, archive, info, repacked, MAX_TOTAL - total)
                total += size
                kind = "binary" if data is None else xml_check(data)
                if kind != "binary":
                    xml += size
                    if xml > MAX_XML:
                        raise _xml_too_large(path)
                    if kind == "dtd":
                        raise UnsafeXmlError(
                            f"{path}: its part {info.filename} declares a DTD or entities "
                            "(<!DOCTYPE>), which Word never writes; it was not read",
                            code="docx.dtd", params={"file": str(path), "part": info.filename})
                    if kind == "encoding":
                        raise UnsafeXmlError(
                            f"{path}: the Word document is damaged (its part {info.filename} is "
                            "in an encoding Word never writes); it was not read",
                            code="docx.damaged", params={
                                "file": str(path),
                                "reason": f"its part {info.filename} is in an encoding Word "
                                          "never writes"})
    except (WordFileError, MemoryError):
        raise
    except Exception as exc:  # noqa: BLE001 - zipfile and its decompressors raise many kinds
        raise damaged(path, _reason(exc)) from None
    return out.getvalue()


def _reason(exc: BaseException) -> str:
    text = " ".join(str(exc).split())[:200]
    return text or type(exc).__name__


def open_word_file(path: Path | str) -> Any:
    """A python-docx Document of the Word file at ``path``, read under the bounds
    (:func:`read_word_file`). Raises a :class:`WordFileError`, never another error."""
    return parse_word_file(path, read_word_file(path))


def parse_word_file(path: Path | str, data: bytes) -> Any:
    """A python-docx Document of ``data``, what :func:`read_word_file` read from ``path``."""
    try:
        return Document(io.BytesIO(data))
    except etree.XMLSyntaxError as exc:
        if "depth" in str(exc).lower():
            raise UnsafeXmlError(
                f"{path}: its XML nests elements more than {MAX_DEPTH} deep, which Word never "
                "writes; it was not read", code="docx.too_deep",
                params={"file": str(path), "limit": MAX_DEPTH}) from None
        raise damaged(path, _reason(exc)) from None
    except MemoryError:
        raise
    except KeyError as exc:  # zipfile: "There is no item named 'word/document.xml' ..."
        raise damaged(path, f"a part it names is missing ({_reason(exc).strip(chr(34))})"
                      ) from None
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds on a damaged file
        raise damaged(path, _reason(exc)) from None
