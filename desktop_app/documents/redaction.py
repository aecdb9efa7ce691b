"""Names a document may not print, replaced by the person's label so that the sentence still reads.

A person whose consent does not cover a document (the public summary, or the letter to the
State) is named in it by their public name or initials (:func:`withheld_label`). Each mention
is replaced once, honorific included: "Ms. Dinara Smailova", "Ms. Smailova", "Smailova",
"Dinara", Russian «г-жи Смаиловой», Chinese «斯马伊洛娃女士» and Arabic «والسيدة سمايلوفا»
each become one label, never "Ms. <label>" nor "<label> <label>". The honorifics are the ones the
letters print (:meth:`Phrases.honorific`, in the order of the catalog's "honorific and name"
pattern), so there is one list of them. All names are matched in one pass over a text: a label
is never matched again, even when it shares a word with a name.

The label is adjusted to where it lands: a capital at the start of a sentence, and no second
full stop when it ends with one (initials, "D.S.") before the sentence's own. Every replacement
is recorded (:class:`Replacement`) for the drafter's checklist.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from desktop_app.documents.phrases import Phrases
from desktop_app.domain.case import Person
from desktop_app.domain.consent import Replacement, withheld_label

#: Characters that are "word" characters for regular expressions but never glue a name to its
#: neighbour: Chinese and Japanese write without spaces.
_CJK = "\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
#: A word boundary that treats CJK characters as boundaries.
_BEFORE = rf"(?<![^\W{_CJK}])"
_AFTER = rf"(?![^\W{_CJK}])"
#: Between the words of a name: spaces (no-break ones too), the interpunct of transcribed
#: names in Chinese and Japanese («迪娜拉·斯马伊洛娃»), a hyphen.
_SEPARATOR = r"[\s\u00a0\u202f·・‧\-]+"
#: Russian declines names and honorifics: «Смаилова», «Смаиловой»; «г-жа», «г-жи».
_RU_VOWELS = "аяоеиыйь"
#: Arabic writes conjunctions and prepositions as one word with what follows («والسيدة»,
#: «للسيدة»): they stay, and the label follows them.
_AR_PREFIX = "(?:[وف]?[بكل]?)"
#: Opening quotes and brackets that may stand between a sentence's start and a label.
_OPENERS = "\"'«“‘„‹([{"
_CLOSERS = "\"'»”’›)]}"
_SENTENCE_END = ".!?…。！？؟"


def name_parts(name: str) -> list[str]:
    return [part for part in re.split(_SEPARATOR, name.strip()) if part]


def _word(part: str, lang: str) -> str:
    """The pattern of one word of a name (or an honorific) as a text in ``lang`` writes it."""
    if lang == "ru" and re.fullmatch(r"[\w-]+", part):
        if len(part) > 3 and part[-1].lower() in _RU_VOWELS:
            # «Динара»: «Динары», «Динаре», «Динарой» (never the bare stem «Динар»).
            return rf"{re.escape(part[:-1])}\w{{1,3}}"
        return rf"{re.escape(part)}\w{{0,3}}"
    return re.escape(part)


def _honorific(honorific: str, lang: str) -> str:
    """An honorific's pattern: any case at the start («Г-жа»), the full stop optional («Ms»)."""
    word = honorific.rstrip(".")
    pattern = _word(word, lang)
    if lang == "ar" and word.startswith("ال"):
        # «للسيدة»: after the preposition ل the article's alef is not written.
        pattern = rf"(?:ال|(?<=ل)ل){re.escape(word[2:])}"
    if honorific.endswith("."):
        pattern += r"\.?"
    return rf"(?i:{pattern})"


class Redactor:
    """Replaces the names of ``persons`` (those a document may not name) in texts of a
    document in ``phrases.lang``. ``source``: the case's source language, whose texts the
    document prints where a translation is missing ("[to be translated] … Ms. Smailova …"):
    its honorifics and name forms are replaced too."""

    def __init__(self, persons: Iterable[Person], phrases: Phrases,
                 source: Phrases | None = None) -> None:
        self.lang = phrases.lang
        #: The mark before an untranslated text: what follows it starts where it starts.
        self.marker = phrases.untranslated_marker() if source else ""
        self.languages = [phrases] + ([source] if source and source.lang != phrases.lang
                                      else [])
        self.arabic = any(p.lang == "ar" for p in self.languages)
        self.persons = [p for p in persons if p.name.strip()]
        self.replacements: list[Replacement] = []
        self.labels = {p.id: withheld_label(p) for p in self.persons}
        self.pattern = self._compile() if self.persons else None

    # ------------------------------------------------------------------ the pattern
    def _compile(self) -> re.Pattern[str]:
        alternatives = []
        for index, person in enumerate(self.persons):
            name = self._name(person)
            forms = [name]
            if person.kind == "person":
                forms = [self._with_title(phrases, name) for phrases in self.languages] + forms
            prefix = rf"(?P<pre{index}>{_AR_PREFIX})" if self.arabic else ""
            body = "|".join(f"(?:{form})" for form in forms if form)
            alternatives.append(rf"{_BEFORE}{prefix}(?P<p{index}>{body}){_AFTER}")
        return re.compile("|".join(alternatives))

    @staticmethod
    def _with_title(phrases: Phrases, name: str) -> str:
        """``name`` with an honorific of ``phrases``' language, where the catalog puts it:
        "{honorific} {name}", or in Chinese "{name}{honorific}"."""
        lang = phrases.lang
        honorifics = sorted({h for h in (phrases.honorific("female"), phrases.honorific("male"))
                             if h}, key=len, reverse=True)
        if not honorifics:
            return ""
        hon = "|".join(_honorific(h, lang) for h in honorifics)
        order = phrases.pgettext("honorific and name", "{honorific} {name}")
        after = order.index("{name}") < order.index("{honorific}")
        gap = (order.split("{name}")[1].split("{honorific}")[0] if after else
               order.split("{honorific}")[1].split("{name}")[0])
        space = r"[\s\u00a0\u202f]+" if gap and not gap.strip() else r"[\s\u00a0\u202f]*"
        return rf"{name}{space}(?:{hon})" if after else rf"(?:{hon}){space}{name}"

    def _name(self, person: Person) -> str:
        """A person's name, whole or in part, any run of its words in any order: "Dinara
        Smailova", "Smailova", "Dinara"; each is one mention."""
        langs = [p.lang for p in self.languages]
        names = list(dict.fromkeys(n.strip() for n in (
            person.name, *(person.name_in(lang) for lang in langs)) if n.strip()))
        whole = sorted({_SEPARATOR.join(_word(part, lang) for part in name_parts(name))
                        for name in names for lang in langs}, key=len, reverse=True)
        # Words of two letters or fewer ("Li", "de") are too common to stand alone.
        words = sorted({_word(part, lang) for name in names for part in name_parts(name)
                        if len(part) > 2 for lang in langs}, key=len, reverse=True)
        alternatives = list(whole)
        if words:
            one = "|".join(words)
            alternatives.append(rf"(?:{one})(?:{_SEPARATOR}(?:{one}))*")
        return "(?:" + "|".join(f"(?:{a})" for a in alternatives) + ")"

    # ------------------------------------------------------------------ replacing
    def __call__(self, text: str, key: str | None = None, section: str = "", *,
                 sentence_start: bool = True) -> str:
        """``text`` with each mention replaced. ``sentence_start``: whether ``text`` begins a
        sentence (False for a piece that goes inside one, such as a person's role)."""
        if self.pattern is None or not text:
            return text

        def replace(match: re.Match[str]) -> str:
            index = next(i for i in range(len(self.persons))
                         if match.group(f"p{i}") is not None)
            person = self.persons[index]
            prefix = (match.group(f"pre{index}") or "") if self.arabic else ""
            label = self.labels[person.id]
            if prefix.endswith("ل") and label.startswith("ال"):
                label = label[1:]  # ل + الصحفية = للصحفية
            start = match.start(f"p{index}")
            if not prefix and begins_sentence(text, start, at_text_start=sentence_start,
                                              transparent=self.marker):
                label = capitalized(label)
            self.replacements.append(Replacement(person.id, match.group(f"p{index}"),
                                                 label, key, section))
            if label.endswith(".") and text.startswith(".", match.end()):
                label = label[:-1]  # "… D.S." and the sentence's own full stop
            return prefix + label

        return self.pattern.sub(replace, text)

    def label(self, person: Person, original: str, key: str | None, section: str) -> str:
        """The label printed in place of a whole name (a line of the list of persons)."""
        label = capitalized(self.labels.get(person.id) or withheld_label(person))
        self.replacements.append(Replacement(person.id, original, label, key, section))
        return label


def capitalized(label: str) -> str:
    """The label with a capital first letter, in a script that has capitals."""
    return label[:1].upper() + label[1:] if label[:1].islower() else label


def begins_sentence(text: str, position: int, *, at_text_start: bool = True,
                    transparent: str = "") -> bool:
    """Whether ``position`` starts a sentence: the start of the text (when the text starts one)
    or after a full stop, question or exclamation mark, quotes and brackets aside. A full stop
    after an abbreviation or initials ("Dr.", "U.N.") does not end a sentence. ``transparent``:
    a mark that does not count ("[to be translated]": the words after it start where it
    does)."""
    before = text[:position].rstrip().rstrip(_OPENERS).rstrip()
    if transparent and before.endswith(transparent):
        return begins_sentence(text, len(before) - len(transparent), at_text_start=at_text_start)
    if not before:
        return at_text_start
    trimmed = before.rstrip(_CLOSERS)
    if not trimmed or trimmed[-1] not in _SENTENCE_END:
        return False
    if trimmed[-1] == ".":
        token = re.split(r"\s", trimmed[:-1])[-1] if trimmed[:-1] else ""
        if "." in token or (len(token) <= 3 and token[:1].isupper() and token.isalpha()):
            return False
    return True
