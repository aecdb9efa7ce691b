"""Reference records: mandates, States, legal-framework clauses and standard questions.

Frozen dataclasses, so one cached copy can be shared by every caller without anyone changing it
under another's feet. Per-language texts are mappings from language code to text; a language
that has no text yet falls back to English (a later issue adds the other five languages).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from desktop_app.reference.errors import ReferenceDataError

FALLBACK_LANGUAGE = "en"
#: The name forms every State carries in every language.
CORE_STATE_FORMS = ("short", "formal", "subject", "government", "in", "of")
#: Forms only some languages need: Russian declines "the Government" itself (dative
#: «Правительству Черногории», genitive «Правительства Черногории»).
EXTRA_STATE_FORMS = {"ru": ("government_dat", "government_gen")}
STATE_FORMS = (*CORE_STATE_FORMS, "government_dat", "government_gen")
#: Where a missing form is looked for first in the same language before falling back to English:
#: a French letter is better served by "la Türkiye" than by an English formal name.
_SAME_LANGUAGE_FALLBACK = {
    "formal": ("subject", "short"),
    "government_dat": ("government",),
    "government_gen": ("government",),
}


def _in_language(texts: Mapping[str, str], lang: str) -> str:
    return texts.get(lang) or texts[FALLBACK_LANGUAGE]


@dataclass(frozen=True, slots=True)
class Resolution:
    """A Human Rights Council resolution establishing or renewing a mandate ("52/4", 2023)."""

    number: str
    year: int

    def __str__(self) -> str:
        return self.number


@dataclass(frozen=True, slots=True)
class Holder:
    """A person who held the mandate from ``start`` to ``end`` (None: still in office)."""

    name: str
    gender: str
    start: date
    end: date | None = None

    def holds_on(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True, slots=True)
class Mandate:
    id: str
    kind: str  # "thematic" | "country"
    title: Mapping[str, str]
    mandate_line: Mapping[str, str]  # the form used after "Mandates of"
    resolutions: tuple[Resolution, ...]  # oldest first
    holders: tuple[Holder, ...]
    signs_as: str  # "holder" | "chair" (a Working Group's letters are signed by its Chair)
    title_female: Mapping[str, str] = field(default_factory=dict)
    mandate_line_female: Mapping[str, str] = field(default_factory=dict)
    status: str = "active"  # "active" | "not_started" | "ended"
    ended: date | None = None
    note: str = ""  # for the reader of the data: why a mandate is not active, what to check
    #: Per language: "un-source", "partly" or "working" (a working translation, unverified).
    title_checked: Mapping[str, str] = field(default_factory=dict)

    def available_on(self, day: date) -> bool:
        """Whether a letter of ``day`` can be written under this mandate."""
        if self.status == "not_started":
            return False
        return self.ended is None or day <= self.ended

    def title_in(self, lang: str, gender: str | None = None) -> str:
        """The title in ``lang``; a woman holder's form where the language has one."""
        if gender == "female" and lang in self.title_female:
            return self.title_female[lang]
        return _in_language(self.title, lang)

    def line_in(self, lang: str, gender: str | None = None) -> str:
        if gender == "female" and lang in self.mandate_line_female:
            return self.mandate_line_female[lang]
        return _in_language(self.mandate_line, lang)

    def resolution_on(self, year: int | None) -> Resolution | None:
        """The resolution a letter of ``year`` cites: the latest adopted in or before that year;
        the latest overall when ``year`` is None (a draft with no date yet)."""
        if year is None:
            return self.resolutions[-1] if self.resolutions else None
        candidates = [r for r in self.resolutions if r.year <= year]
        return candidates[-1] if candidates else None

    def holder_on(self, day: date) -> Holder | None:
        """Who held the mandate on ``day``; None when the data has nobody for that day (e.g. a
        Working Group, whose rotating Chair is not recorded here)."""
        for holder in reversed(self.holders):
            if holder.holds_on(day):
                return holder
        return None


@dataclass(frozen=True, slots=True)
class State:
    iso3: str
    iso2: str
    m49: str
    status: str  # "member_state" | "observer_state"
    names: Mapping[str, Mapping[str, str | None]]
    notes: str | None = None

    def form(self, lang: str, form: str = "short") -> str:
        """A name form in ``lang``: short, formal, subject ("the Philippines"), government
        ("the Government of the Philippines"), in ("aux Philippines"), of ("des Philippines").

        A form a language does not have yet falls back to English (ru/zh/ar have short and
        formal only for now); a missing formal name falls back within the language first."""
        if form not in STATE_FORMS:
            raise ReferenceDataError(
                f"unknown State name form {form!r}; use one of {', '.join(STATE_FORMS)}"
            )
        candidates = (form, *_SAME_LANGUAGE_FALLBACK.get(form, ()))
        for language in (lang, FALLBACK_LANGUAGE):
            for candidate in candidates:
                value = self.names.get(language, {}).get(candidate)
                if value:
                    return value
        raise ReferenceDataError(f"State {self.iso3} has no {form!r} name in {lang!r} or English")

    def forms(self, lang: str) -> dict[str, str]:
        """Every form in ``lang`` (with the fallbacks of :meth:`form`), for phrase templates
        that pick the form their grammar needs: ``{government_dat}``, ``{in}``, ..."""
        return {form: self.form(lang, form) for form in STATE_FORMS}

    def has_form(self, lang: str, form: str) -> bool:
        """True when ``lang`` has its own ``form`` (so a caller can flag an English fallback)."""
        return bool(self.names.get(lang, {}).get(form))


@dataclass(frozen=True, slots=True)
class Clause:
    """One paragraph of the annex on applicable international law."""

    id: str
    instrument: str
    article: str
    title: Mapping[str, str]
    text: Mapping[str, str]

    def title_in(self, lang: str) -> str:
        return _in_language(self.title, lang)

    def text_in(self, lang: str) -> str:
        return _in_language(self.text, lang)


@dataclass(frozen=True, slots=True)
class Question:
    """A standard request for information, addressed to a Government or to a company."""

    id: str
    audience: str  # "government" | "company"
    text: Mapping[str, str]

    def text_in(self, lang: str) -> str:
        return _in_language(self.text, lang)
