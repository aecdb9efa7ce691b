"""Review copies: a DOCX for legal reviewers to comment on and edit, and reading it back.

Three rooms, one job each; this module puts them together and keeps their names in one place:

- :mod:`review_marks`: the core properties and bookmarks that map a copy's paragraphs to the
  units of the case (``allegations.2`` is the bookmark ``cd_a_2``);
- :mod:`redline`: what changed since an earlier revision, as Word tracked changes;
- :mod:`review_reading`: a reviewed copy read back (:func:`read_review`), under bounds.

:func:`export_review` renders a review copy: the layout, the bookmarks, the redline if asked
for, and the properties that name the case.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desktop_app.documents import ooxml
from desktop_app.documents.properties import fit, stamp
from desktop_app.documents.redline import REDLINE_AUTHOR, redline
from desktop_app.documents.render import render_to_template, save_atomically
from desktop_app.documents.review_marks import (
    BOOKMARK_PREFIX,
    IDENTIFIER_PREFIX,
    SECTION_CODES,
    SECTIONS,
    STANDARD_BY_POSITION,
    bookmark_name,
    key_of_bookmark,
    mark_units,
    section_texts,
    strip_number,
    unit_texts,
)
from desktop_app.documents.review_reading import (
    MAX_ANCHOR,
    MAX_CONTEXT,
    MAX_ITEMS,
    FoundChange,
    FoundComment,
    ReviewedDocument,
    ReviewFileError,
    read_review,
)

#: The old private name of :func:`review_marks.strip_number` (``workspace.reviews`` uses it).
_strip_number = strip_number

__all__ = [
    "BOOKMARK_PREFIX", "IDENTIFIER_PREFIX", "MAX_ANCHOR", "MAX_CONTEXT", "MAX_ITEMS",
    "REDLINE_AUTHOR", "SECTIONS", "SECTION_CODES", "STANDARD_BY_POSITION", "FoundChange",
    "FoundComment", "ReviewFileError", "ReviewedDocument", "_strip_number", "bookmark_name",
    "export_review", "key_of_bookmark", "mark_units", "read_review", "redline",
    "section_texts", "strip_number", "unit_texts",
]


def export_review(template: Path, context: dict[str, Any], out: Path, *, case_id: str,
                  revision: int, lang: str, variant: str, title: str,
                  standard_questions: list[str],
                  since: dict[str, list[str]] | None = None,
                  since_label: str = "", author: str | None = None) -> Path:
    """Render a review copy to ``out`` (atomically). With ``since`` (the paragraphs each
    section printed at an earlier revision), it is a redline: what changed since then is shown
    as Word tracked changes by "commdraft", which reading back treats as accepted. ``author``:
    the document's author property (None: the login's name, see ``properties``)."""
    tpl = render_to_template(template, context)
    document = tpl.docx
    units = unit_texts(context, variant)
    mark_units(document, units, standard_questions)
    if since is not None:
        redline(document, units, since, standard_questions,
                f"{REDLINE_AUTHOR} ({since_label})" if since_label else REDLINE_AUTHOR)
        # The redline's new runs get the language, direction and no-break rules too (the
        # styles were finished with the layout's copy: render.load_template).
        ooxml.finish_body(document, lang)
    # The context's title has consent applied to the topic; the caller's may not. A long topic
    # is cut so that the variant and language stay at the end of the title.
    own = (context.get("properties") or {}).get("title")
    stamp(document, title=fit(own, f" ({variant}, {lang})") if own else title, language=lang,
          author=author)
    # Every core property is cut to Word's limit (python-docx refuses a longer one).
    props = document.core_properties
    props.identifier = fit(f"{IDENTIFIER_PREFIX}{case_id}")
    props.version = fit(str(revision))
    props.category = fit(variant)
    props.keywords = fit("commdraft review copy")
    return save_atomically(tpl, out)
