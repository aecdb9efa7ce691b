"""The letters' fixed wording: every sentence comes from the ``letters`` catalog.

The English msgids below are the phrasebook's source text, written for this project. Phrases
that change with the number of signing mandates ("I" for one, "we" for a joint letter) are two
messages told apart by their context, "one signatory" or "several signatories", not plural forms: the choice is
grammatical person, which is binary in all six languages, while ``ngettext`` would give Chinese
(one plural form) the same text for both and Arabic six forms to fill for one distinction. Placeholders are named
(``{capacities}``) and filled after translation; values are user data and never re-parsed.
"""

from __future__ import annotations

from desktop_app.documents.phrases_base import END_PUNCTUATION, PhraseBook, close, trim_end
from desktop_app.documents.phrases_opening import LetterOpening
from desktop_app.documents.phrases_requests import LetterRequests
from desktop_app.documents.phrases_summary import SummaryPhrases

__all__ = ["END_PUNCTUATION", "PhraseBook", "Phrases", "close", "trim_end"]


class Phrases(LetterOpening, LetterRequests, SummaryPhrases):
    """Fixed wording of the letters in one language: the full letter's and the summary's."""
