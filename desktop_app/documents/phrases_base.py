"""The letters' fixed wording: every sentence comes from the ``letters`` catalog.

This module holds what every part of a letter uses: the catalog of one language, "I" or "we",
labels, lists, placeholders. The sentences are in :mod:`phrases_opening` (the letter up to
its facts), :mod:`phrases_requests` (concerns, questions, requests, closing) and
:mod:`phrases_summary` (the public summary); :class:`phrases.Phrases` has them all.

The English msgids below are the phrasebook's source text, written for this project. Phrases
that change with the number of signing mandates ("I" for one, "we" for a joint letter) are two
messages told apart by their context, "one signatory" or "several signatories", not plural forms: the choice is
grammatical person, which is binary in all six languages, while ``ngettext`` would give Chinese
(one plural form) the same text for both and Arabic six forms to fill for one distinction. Placeholders are named
(``{capacities}``) and filled after translation; values are user data and never re-parsed.
"""

from __future__ import annotations

import gettext
import re
from pathlib import Path

from desktop_app.i18n import with_overrides

#: Punctuation that ends a drafter's phrase, in the six languages' scripts.
END_PUNCTUATION = " .;:。；：،؛"
#: Initials or an abbreviation at the end of a phrase ("D.S.", "A. B."): its full stop is
#: part of it, not the end of the phrase.
_INITIALS_END = re.compile(r"(?:^|[\s(«“])(?:[^\W\d_]\.\s?)+$")


def trim_end(text: str) -> str:
    """A drafter's phrase without the punctuation that ends it, so that a sentence of the
    letters can put its own: "… Ms. Smailova." -> "… Ms. Smailova"; but "… D.S." keeps the
    full stop of its initials."""
    trimmed = text.rstrip(END_PUNCTUATION)
    kept = text[:len(trimmed) + 1]
    if len(text) > len(trimmed) and kept.endswith(".") and _INITIALS_END.search(kept):
        return kept
    return trimmed


def close(text: str, stop: str) -> str:
    """``text`` followed by ``stop``, without a second full stop after initials ("D.S.")."""
    if stop.startswith(".") and text.endswith("."):
        return text + stop[1:]
    return text + stop


class PhraseBook:
    """The catalog of one language, and what every sentence of the letters uses."""

    def __init__(self, lang: str, wording: Path | None = None) -> None:
        """``wording``: a workspace's own catalogs folder, whose ``letters`` wording (where
        it has any) stands before the shipped one."""
        self.lang = lang
        catalog: gettext.NullTranslations = with_overrides("letters", lang, wording)
        self._ = catalog.gettext
        self.pgettext = catalog.pgettext
        self.npgettext = catalog.npgettext

    @staticmethod
    def by_signers(n: int, one: str, several: str) -> str:
        """The "I" phrase for a letter from one mandate, the "we" phrase for a joint one."""
        return one if n == 1 else several

    # ------------------------------------------------------------------ labels
    def labels(self, practice: str = "website") -> dict[str, str]:
        """Headings and labels; ``practice``: the reference line as letters of that time head
        it ("Ref.:" now, "REFERENCE:" before publication after 60 days)."""
        _ = self._
        label = (self.pgettext("reference line", "Ref.:") if practice == "website"
                 else _("REFERENCE:"))
        return {
            "reference_label": self.label_with_gap(label),
            "facts_intro": _("According to the information received:"),
            "annex": self.pgettext("annex heading", "Annex"),
            "annex_title": _("Reference to international human rights law"),
            "background": self.pgettext("summary heading", "BACKGROUND"),
            "allegations": self.pgettext("summary heading", "ALLEGATIONS"),
            "concerns": self.pgettext("summary heading", "CONCERNS"),
        }

    @staticmethod
    def label_with_gap(label: str) -> str:
        """A label and the space before its value; none after a full-width colon («编号：»)."""
        return label if label.endswith(("：", "\u00a0")) else label + " "

    def no_reference(self) -> str:
        return self._("(allocated when the letter is sent)")

    def undated(self) -> str:
        return self._("(date of sending)")

    # ------------------------------------------------------------------ joining lists
    def join_mandates(self, items: list[str]) -> str:
        """The "Mandates of ..." line joins titles with semicolons, "and" before the last;
        two titles are joined by "and" alone."""
        if len(items) == 2:
            return self.pgettext("two mandates", "{first} and {second}").format(
                first=items[0], second=items[1])
        return self._join(items, self.pgettext("mandates list separator", "; "),
                          self.pgettext("mandates list last separator", "; and "))

    def join(self, items: list[str]) -> str:
        """"A and B"; "A, B, and C" (English letters put a comma before the last "and" of
        three or more; each language says how it joins its lists)."""
        if len(items) >= 3:
            return self._join(items, self.pgettext("list separator", ", "),
                              self.pgettext("list last separator, three or more", ", and "))
        return self._join(items, self.pgettext("list separator", ", "),
                          self.pgettext("list last separator", " and "))

    @staticmethod
    def _join(items: list[str], sep: str, last: str) -> str:
        if len(items) <= 1:
            return "".join(items)
        return sep.join(items[:-1]) + last + items[-1]

    @staticmethod
    def _closing_dot(message: str, **values: str) -> str:
        """``message`` filled in, without a second full stop where a value that ends with
        initials ("… concerning D.S.") is followed by the message's own."""
        for name, value in values.items():
            if value.endswith("."):
                message = message.replace(f"{{{name}}}.", f"{{{name}}}")
        return message.format(**values)

    @staticmethod
    def with_forms(forms: dict[str, str] | None, **values: str) -> dict[str, str]:
        """Placeholders plus every name form of the State concerned as ``{state_<form>}``: a
        catalog whose grammar needs another case than "the Government of X" in the
        nominative (Russian «Правительству Черногории») uses ``{state_government_dat}``."""
        out = {f"state_{form}": value for form, value in (forms or {}).items()}
        out.update(values)
        return out

    # ------------------------------------------------------------------ untranslated texts
    def untranslated_marker(self) -> str:
        """The mark a document shows where a text of the case has no translation yet."""
        return self.pgettext("a text of the case not yet translated", "[to be translated]")

    def untranslated(self, source: str) -> str:
        """A text not yet translated: the mark, then the text in the source language, so that
        the reader sees where and what is missing."""
        return self.pgettext("mark, then the untranslated text", "{marker} {text}").format(
            marker=self.untranslated_marker(), text=source.strip())
