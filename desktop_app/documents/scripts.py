"""Which script a text is written in, and a text cut where its script changes: what lets a
letter give each piece of a run its own direction and language (ooxml.split_runs_by_script).
Plain text in, plain text out: no Word XML here."""

from __future__ import annotations

import re
from typing import Any

_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_HAN = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def script_of(text: str) -> str | None:
    """"arabic", "cyrillic", "latin", "han", or None for digits, spaces and punctuation."""
    for name, pattern in (("arabic", _ARABIC), ("cyrillic", _CYRILLIC), ("han", _HAN),
                          ("latin", _LATIN)):
        if pattern.search(text):
            return name
    return None


#: Maximal runs of one script (the classes of :func:`script_of`, in its order); what lies
#: between two runs is neutral (digits, spaces, punctuation).
_SCRIPT_RUNS = re.compile("|".join(
    f"(?P<{name}>{pattern.pattern}+)"
    for name, pattern in (("arabic", _ARABIC), ("cyrillic", _CYRILLIC), ("han", _HAN),
                          ("latin", _LATIN))
))


#: Any character of a script other than the key, the main one.
_OTHER_SCRIPTS = {
    main: re.compile("|".join(p.pattern for name, p in (
        ("arabic", _ARABIC), ("cyrillic", _CYRILLIC), ("han", _HAN), ("latin", _LATIN))
        if name != main))
    for main in ("arabic", "cyrillic", "han", "latin")
}


def _cut(text: str, main: str) -> list[tuple[str, str]]:
    """``text`` cut where the script changes between ``main`` and another one; neutral
    characters (digits, spaces, punctuation) stay with the text before them. (Read a run of
    one script at a time, not a character at a time: a letter holds 20,000 characters, and
    the preview makes it again after every pause in typing.)"""
    pieces: list[list[Any]] = []  # [kind or None, text]

    def add(kind: str | None, chunk: str) -> None:
        if pieces and (kind is None or pieces[-1][0] in (None, kind)):
            if pieces[-1][0] is None:
                pieces[-1][0] = kind
            pieces[-1][1] += chunk
        else:
            pieces.append([kind, chunk])

    pos = 0
    for match in _SCRIPT_RUNS.finditer(text):
        if match.start() > pos:
            add(None, text[pos:match.start()])
        script = match.lastgroup
        add("main" if script == main else script, match.group())
        pos = match.end()
    if pos < len(text):
        add(None, text[pos:])
    out = [[kind or "main", piece] for kind, piece in pieces]
    _tidy_edges(out)
    return [(kind, piece) for kind, piece in out if piece]


_OPENING, _CLOSING = "([{«“", ")]}»”"


def _tidy_edges(pieces: list[list[str]]) -> None:
    """A run of another script takes the brackets around it, and gives back the punctuation
    and spaces after it: «… 2024 (AL KAZ 1/2024)، …» keeps its parentheses paired in an
    Arabic line, and the Arabic comma stays with the Arabic."""
    for i, piece in enumerate(pieces):
        if piece[0] == "main":
            continue
        text = piece[1]
        if i > 0 and pieces[i - 1][1][-1:] in _OPENING:
            bracket = pieces[i - 1][1][-1]
            if _CLOSING[_OPENING.index(bracket)] in text:
                pieces[i - 1][1] = pieces[i - 1][1][:-1]
                text = bracket + text
        keep = len(text)
        while keep > 0 and script_of(text[keep - 1]) is None and not text[keep - 1].isdigit() \
                and text[keep - 1] not in _CLOSING:
            keep -= 1
        tail = text[keep:]
        piece[1] = text[:keep]
        if tail:
            if i + 1 < len(pieces):
                pieces[i + 1][1] = tail + pieces[i + 1][1]
            else:
                pieces.append(["main", tail])


def segments(text: str, main: str) -> list[tuple[str, str]]:
    """(kind, piece) pairs of ``text``: kind "main" for the ``main`` script and for neutral
    characters, else the other script's name. Most runs hold only the main script: one
    piece, found with one search."""
    other = _OTHER_SCRIPTS.get(main)
    if other is not None and not other.search(text):
        return [("main", text)] if text else []
    return _cut(text, main)
