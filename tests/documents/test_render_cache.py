"""A layout is read once per language and copied for each render: no render may change what
the next one starts from, and a copy makes the same document as a layout read afresh."""

from __future__ import annotations

import io
import zipfile

from desktop_app.documents import build_context, render, template_path
from desktop_app.domain.case import Case
from desktop_app.reference import demo_case, load_reference


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist() if n != "docProps/core.xml"}  # its time


def test_renders_from_the_cached_layout_are_those_of_a_fresh_one(monkeypatch) -> None:
    case, ref = Case.from_dict(demo_case()), load_reference()

    def make(lang: str, variant: str = "full") -> bytes:
        return render.render_bytes(template_path(variant, lang),
                                   build_context(case, lang, variant, ref))

    first = {lang: make(lang) for lang in ("en", "zh", "ar")}
    again = {lang: make(lang) for lang in ("ar", "en", "zh")}  # other orders, from the cache
    assert all(_parts(first[lang]) == _parts(again[lang]) for lang in first)
    # Read afresh and finished whole, as before there was a cache: the same parts.
    render._parsed_template.cache_clear()
    real = render._parsed_template.__wrapped__
    monkeypatch.setattr(render, "_parsed_template", lambda path, mtime, lang: real(path, mtime, None))
    body = render.ooxml.finish_body

    def whole(document, lang: str) -> None:  # ooxml.finish, styles and body, on each render
        render.ooxml.finish_styles(document, lang)
        body(document, lang)

    monkeypatch.setattr(render.ooxml, "finish_body", whole)
    for lang in ("en", "zh", "ar"):
        assert _parts(make(lang)) == _parts(first[lang]), lang
    styles = _parts(first["zh"])["word/styles.xml"]
    assert b"<w:i/>" not in styles and b"<w:i/>" in _parts(first["en"])["word/styles.xml"]
