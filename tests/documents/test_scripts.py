"""Cutting a run where its script changes, read a run of one script at a time: the same
pieces as the rule read a character at a time (the way it was first written)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.documents.scripts import _tidy_edges, script_of, segments

MIXED = st.text(alphabet=st.sampled_from(
    list("abcXYZé ()«»“”,.،؛:1234/-") + ["\u00a0"] + list("محمدعلي") + list("Анна")
    + list("王伟，。")), max_size=40)


def by_character(text: str, main: str) -> list[tuple[str, str]]:
    """The rule: a neutral character stays with the text before it; a character of a script
    starts a new piece unless the piece before is of that script (or neutral so far)."""
    pieces: list[list] = []
    for ch in text:
        script = script_of(ch)
        kind = None if script is None else ("main" if script == main else script)
        if pieces and (kind is None or pieces[-1][0] in (None, kind)):
            if pieces[-1][0] is None:
                pieces[-1][0] = kind
            pieces[-1][1] += ch
        else:
            pieces.append([kind, ch])
    out = [[kind or "main", piece] for kind, piece in pieces]
    _tidy_edges(out)
    return [(kind, piece) for kind, piece in out if piece]


@settings(max_examples=400, deadline=None)
@given(text=MIXED, main=st.sampled_from(["latin", "arabic", "cyrillic", "han"]))
def test_runs_cut_as_character_by_character(text: str, main: str) -> None:
    assert segments(text, main) == by_character(text, main)


def test_an_arabic_line_keeps_its_latin_reference_whole() -> None:
    text = "رسالة (AL KAZ 1/2024)، بتاريخ"
    assert segments(text, "arabic") == [
        ("main", "رسالة "), ("latin", "(AL KAZ 1/2024)"), ("main", "، بتاريخ")]
