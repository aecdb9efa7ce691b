"""Rendering a Word layout with a context: sandboxed, autoescaped, strict, atomic.

docxtpl with autoescape off silently truncates a document at the first ``&`` or ``<`` in a
value, so rendering always escapes; the Jinja environment is sandboxed (a layout cannot reach
``__class__``) and strict (an unknown variable is an error, never an empty string). The output
is written to a temporary file beside the target and moved into place, so a failed render
never leaves a half-written document under the final name. A document is made to be shared: it
is created with the permissions the user's umask gives new files (not private to the user like
the store's own files), and carries its own properties (:mod:`properties`).
"""

from __future__ import annotations

import contextlib
import copy
import io
import os
import secrets
from collections.abc import MutableMapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part
from docx.opc.parts.coreprops import CorePropertiesPart
from docx.parts.document import DocumentPart
from docx.parts.hdrftr import FooterPart, HeaderPart
from docxtpl import DocxTemplate
from jinja2 import (
    StrictUndefined,
    Template,
    TemplateError,
    TemplateSyntaxError,
    UndefinedError,
    nodes,
)
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from desktop_app import PROJECT_ROOT
from desktop_app.documents import ooxml, properties
from desktop_app.documents.errors import TemplateProblem
from desktop_app.documents.reading import body_paragraphs
from desktop_app.resources import resource_dir

TEMPLATE_DIR = resource_dir("templates")


def template_path(variant: str, lang: str, template_dir: Path = TEMPLATE_DIR) -> Path:
    """A language's own layout (``full.ar.docx``) when there is one, else the shared one."""
    own = template_dir / f"{variant}.{lang}.docx"
    return own if own.exists() else template_dir / f"{variant}.docx"


class _CompilingSandbox(SandboxedEnvironment):
    """A sandbox that compiles each distinct layout part once.

    docxtpl hands the environment the XML of each part as a string on every render; compiling
    it was 40 % of a render. Same source, same compiled template (bounded, thread-safe enough:
    a race only compiles twice).
    """

    _MAX = 64

    def __init__(self) -> None:
        super().__init__(autoescape=True, undefined=StrictUndefined)
        self._compiled: dict[str, Any] = {}

    def from_string(self, source: str | nodes.Template,  # noqa: A002 - Jinja's names
                    globals: MutableMapping[str, Any] | None = None,
                    template_class: type[Template] | None = None) -> Template:
        if not isinstance(source, str) or globals is not None or template_class is not None:
            return super().from_string(source, globals, template_class)
        template = self._compiled.get(source)
        if template is None:
            template = super().from_string(source)
            if len(self._compiled) >= self._MAX:
                self._compiled.pop(next(iter(self._compiled)))
            self._compiled[source] = template
        return template


_SHARED_ENVIRONMENT = _CompilingSandbox()


def jinja_environment() -> SandboxedEnvironment:
    """The one sandboxed, autoescaping, strict environment every render goes through."""
    return _SHARED_ENVIRONMENT


@lru_cache(maxsize=16)
def _template_bytes(path: Path, mtime_ns: int) -> bytes:
    return path.read_bytes()


class _Layout(DocxTemplate):  # type: ignore[misc]  # docxtpl has no types
    """docxtpl's template with its XML pre-processing remembered per source part.

    ``patch_xml`` (a dozen regular expressions that turn Word's split runs back into Jinja
    tags) gives the same output for the same layout on every render; it was a fifth of it.
    """

    _patched: dict[str, str] = {}

    def patch_xml(self, src_xml: str) -> str:
        patched = self._patched.get(src_xml)
        if patched is None:
            patched = super().patch_xml(src_xml)
            if len(self._patched) >= 64:
                self._patched.clear()
            self._patched[src_xml] = patched
        return patched


@lru_cache(maxsize=16)
def _parsed_template(path: Path, mtime_ns: int, lang: str | None) -> Any:
    """The layout as python-docx reads it, never rendered: each render works on a copy. With
    ``lang``, its styles are already finished for that language (ooxml.finish_styles)."""
    document = Document(io.BytesIO(_template_bytes(path, mtime_ns)))
    if lang:
        ooxml.finish_styles(document, lang)
        _freeze_styles(document)
    return document


def _freeze_styles(document: Any) -> None:
    """The finished styles kept as the bytes they serialise to: a render never changes them,
    and copying and serialising 350 KB of them again was a third of making a letter. (The
    copy's ``document.styles`` is then not readable: nothing after finish_styles reads it.)"""
    part = document.part
    for rel in part.rels.values():
        if rel.reltype == RT.STYLES and not rel.is_external:
            styles = rel.target_part
            if not styles.rels:  # a styles part with relationships of its own stays live
                frozen = Part(styles.partname, styles.content_type, styles.blob, styles.package)
                # python-docx has no public way: the relationship and its index of targets.
                rel._target = frozen  # noqa: SLF001
                targets = getattr(part.rels, "_target_parts_by_rId", None)
                if isinstance(targets, dict) and rel.rId in targets:
                    targets[rel.rId] = frozen


#: The parts a render writes to (the body, headers and footers, the properties): copied for
#: each render. The others (styles, numbering, theme, settings, fonts) no render changes.
_RENDERED_PARTS = (DocumentPart, HeaderPart, FooterPart, CorePropertiesPart)


def _copy_layout(layout: Any) -> Any:
    """A copy of a layout read once, to render into: the parts a render writes to are copied
    (their XML by lxml), the others shared with the layout, when they lead to no other part."""
    memo: dict[int, Any] = {}
    for part in layout.part.package.iter_parts():
        if (not isinstance(part, _RENDERED_PARTS) and not part.rels
                and str(part.partname) != properties.APP_PART):  # stamp() sets its bytes
            memo[id(part)] = part
    return copy.deepcopy(layout, memo)


def load_template(path: Path, lang: str | None = None) -> DocxTemplate:
    """A fresh copy of the layout at ``path`` to render; with ``lang``, its styles finished
    for that language (what render_to_template then leaves out of ooxml.finish)."""
    try:
        mtime_ns = path.stat().st_mtime_ns
        data = _template_bytes(path, mtime_ns)
    except OSError as exc:
        raise TemplateProblem(f"{path}: cannot read the layout ({exc.strerror})") from None
    try:
        tpl = _Layout(io.BytesIO(data))
        # A deep copy of the layout read once (its XML copied by lxml) costs a third of
        # reading the zip and parsing its parts again, at every render and preview.
        tpl.docx = _copy_layout(_parsed_template(path, mtime_ns, lang))
        return tpl
    except Exception as exc:  # a damaged zip or XML: python-docx raises many kinds
        raise TemplateProblem(f"{path}: not a readable Word document ({exc})") from None


def render_to_template(path: Path, context: dict[str, Any]) -> DocxTemplate:
    """Render ``path`` with ``context``; every template failure becomes a TemplateProblem."""
    lang = context.get("lang") or None
    tpl = load_template(path, lang)
    try:
        tpl.render(context, jinja_env=jinja_environment(), autoescape=True)
    except SecurityError as exc:
        raise TemplateProblem(f"{_name(path)}: refused an unsafe expression ({exc})") from None
    except UndefinedError as exc:
        raise TemplateProblem(f"{_name(path)}: unknown variable ({exc})") from None
    except TemplateSyntaxError as exc:
        near = " / ".join(x.strip() for x in getattr(exc, "docx_context", []) if x.strip())
        raise TemplateProblem(
            f"{_name(path)}: Jinja syntax error: {exc.message}" + (f" near: {near}" if near else "")
        ) from None
    except TemplateError as exc:
        raise TemplateProblem(f"{_name(path)}: {exc}") from None
    if lang:
        ooxml.finish_body(tpl.docx, lang)  # its styles were finished with the layout's copy
    return tpl


def render_document(path: Path, context: dict[str, Any], out: Path, *,
                    author: str | None = None) -> Path:
    """Render and write atomically to ``out``, with the document's own properties: the title
    and language the context gives, ``author`` (None: :func:`properties.default_author`)."""
    tpl = render_to_template(path, context)
    stamp_context(tpl.docx, context, author)
    return save_atomically(tpl, out)


def stamp_context(document: Any, context: dict[str, Any], author: str | None) -> None:
    """The properties of a document rendered from ``context``."""
    wanted = context.get("properties") or {}
    properties.stamp(document, title=wanted.get("title", ""),
                     language=wanted.get("language", context.get("lang", "")), author=author)


def save_atomically(tpl: Any, out: Path) -> Path:
    """Write a rendered document to a temporary file beside ``out`` and move it into place:
    a failure never leaves a half-written document under the final name. The file gets the
    permissions the umask gives new files (0644 under the usual 022)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = _new_temp(out)
    try:
        with os.fdopen(fd, "wb") as handle:
            tpl.save(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, out)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_folder(out.parent)
    return out


def _new_temp(out: Path) -> tuple[int, Path]:
    """A new temporary file beside ``out``, created 0666 less the umask (mkstemp would make it
    0600, private to the user: a document is made to be shared)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _attempt in range(100):
        tmp = out.with_name(f".{out.name}.{secrets.token_hex(8)}.tmp")
        try:
            return os.open(tmp, flags, 0o666), tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"{out.parent}: no free temporary name for {out.name}")


def _fsync_folder(folder: Path) -> None:
    """Make the rename durable; a no-op where folders cannot be opened (Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def render_paragraphs(path: Path, context: dict[str, Any]) -> list[str]:
    """The body's paragraphs of what :func:`render_bytes` would write, read from the document
    in memory: the preview's way, without zipping the document and parsing it back (half of
    its time after each pause in typing)."""
    return body_paragraphs(render_to_template(path, context).docx.element.body)


def render_bytes(path: Path, context: dict[str, Any]) -> bytes:
    buffer = io.BytesIO()
    render_to_template(path, context).save(buffer)
    return buffer.getvalue()


def make_right_to_left(document: Any) -> None:
    """Paragraph direction (w:bidi) and run direction (w:rtl) for Arabic, in schema order
    (kept for callers that build Arabic paragraphs themselves; :func:`ooxml.finish` does it
    for every rendered document)."""
    ooxml.finish(document, "ar")


def _name(path: Path) -> str:
    try:
        return str(path.relative_to(PROJECT_ROOT))
    except ValueError:
        return str(path)

