"""Reference records: mandates, States, legal-framework clauses and standard questions.

Frozen dataclasses, so one cached copy can be shared by every caller without anyone changing it
under another's feet. Per-language texts are mappings from language code to text; a language
that has no text yet falls back to English (a later issue adds the other five languages).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

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


#: Bodies whose resolutions establish or renew mandates.
BODIES = ("HRC", "CHR", "GA")
#: A holder serves at most six years (Human Rights Council resolution 5/1, annex, para. 45).
MAX_TENURE_YEARS = 6


@dataclass(frozen=True, slots=True)
class Resolution:
    """A resolution establishing or renewing a mandate: "52/4" of the Human Rights Council,
    adopted on 3 April 2023; "1993/2 A" of the Commission on Human Rights."""

    number: str
    year: int
    body: str = "HRC"  # "HRC" | "CHR" | "GA"
    adopted: date | None = None  # None in data that records only the year

    def __str__(self) -> str:
        return self.number

    @property
    def in_force_from(self) -> date:
        """The day a letter may first cite it: its adoption; with only the year recorded, the
        year's last day (a letter never cites a resolution that may postdate it)."""
        return self.adopted or date(self.year, 12, 31)


@dataclass(frozen=True, slots=True)
class Holder:
    """A person who held the mandate (or chaired a Working Group) from ``start`` to ``end``.

    ``end`` None: still in office, but never beyond the six-year limit of a tenure.
    ``names``: the name in another script («Мэри Лолор»), with ``names_checked`` saying per
    language whether it was found in a UN source ("un-source") or is a working transliteration
    ("working")."""

    name: str
    gender: str
    start: date
    end: date | None = None
    role: str = "holder"  # "holder" | "chair" | "vice-chair"
    names: Mapping[str, str] = field(default_factory=dict)
    names_checked: Mapping[str, str] = field(default_factory=dict)
    source: str = ""

    @property
    def last_day(self) -> date:
        """The last day in office: the recorded end, else the end of a six-year tenure (a
        Working Group's Chair rotates sooner; the data records when)."""
        if self.end is not None:
            return self.end
        try:
            limit = self.start.replace(year=self.start.year + MAX_TENURE_YEARS)
        except ValueError:  # 29 February
            limit = self.start.replace(year=self.start.year + MAX_TENURE_YEARS, day=28)
        return limit - timedelta(days=1)

    def holds_on(self, day: date) -> bool:
        return self.start <= day <= self.last_day

    def name_in(self, lang: str) -> str:
        """The name as a document in ``lang`` writes it (its script), else as recorded."""
        return self.names.get(lang) or self.name


@dataclass(frozen=True, slots=True)
class TitleChange:
    """A mandate's title as it stood until ``until`` (inclusive), when a resolution renamed it."""

    until: date
    title: Mapping[str, str]
    mandate_line: Mapping[str, str]
    title_female: Mapping[str, str] = field(default_factory=dict)
    mandate_line_female: Mapping[str, str] = field(default_factory=dict)


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
    #: How a Working Group styles its Chair: "chair" or "chair-rapporteur" (Arbitrary
    #: Detention, Enforced or Involuntary Disappearances).
    chair_title: str = "chair"
    #: Earlier titles, oldest first: a letter prints the title as it stood on its date.
    title_history: tuple[TitleChange, ...] = ()

    def available_on(self, day: date) -> bool:
        """Whether a letter of ``day`` can be written under this mandate."""
        if self.status == "not_started":
            return False
        return self.ended is None or day <= self.ended

    def _titles_on(self, day: date | None) -> tuple[Mapping[str, str], Mapping[str, str],
                                                   Mapping[str, str], Mapping[str, str]]:
        if day is not None:
            for change in self.title_history:
                if day <= change.until:
                    return (change.title, change.mandate_line, change.title_female,
                            change.mandate_line_female)
        return self.title, self.mandate_line, self.title_female, self.mandate_line_female

    def title_in(self, lang: str, gender: str | None = None, day: date | None = None) -> str:
        """The title in ``lang`` as it stood on ``day`` (today's without a day); a woman
        holder's form where the language has one."""
        title, _line, female, _female_line = self._titles_on(day)
        if gender == "female" and lang in female:
            return female[lang]
        return _in_language(title, lang)

    def line_in(self, lang: str, gender: str | None = None, day: date | None = None) -> str:
        _title, line, _female, female_line = self._titles_on(day)
        if gender == "female" and lang in female_line:
            return female_line[lang]
        return _in_language(line, lang)

    def resolution_on(self, day: date | int | None) -> Resolution | None:
        """The resolution a letter of ``day`` cites: the latest adopted on or before that day;
        the latest overall when ``day`` is None (a draft with no date yet). A year (int) means
        that year's last day."""
        if day is None:
            return self.resolutions[-1] if self.resolutions else None
        if isinstance(day, int):
            day = date(day, 12, 31)
        candidates = [r for r in self.resolutions if r.in_force_from <= day]
        return max(candidates, key=lambda r: r.in_force_from) if candidates else None

    def holder_on(self, day: date) -> Holder | None:
        """Who signs for the mandate on ``day``: its holder, or a Working Group's Chair (its
        Vice-Chair when only that is recorded); None when the data has nobody for that day,
        or the last recorded tenure has run out."""
        signing = [h for h in self.holders if h.holds_on(day)]
        for role in ("holder", "chair", "vice-chair"):
            found = [h for h in signing if h.role == role]
            if found:
                return max(found, key=lambda h: h.start)
        return None

    def last_holder_before(self, day: date) -> Holder | None:
        """The latest holder whose time ended before ``day`` (to say whose term ran out)."""
        past = [h for h in self.holders if h.last_day < day and h.role != "vice-chair"]
        return max(past, key=lambda h: h.last_day) if past else None


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
