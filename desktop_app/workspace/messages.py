"""The words for what the core says: every coded message, once, in the user's language.

The core returns codes with parameters — checklist items (``Missing``), refusals
(``TransitionError`` and its ``reasons``), store errors, review-import warnings (``Notice``) —
and the window and the command line call :func:`describe` to put them in words::

    describe(item, lang, reference) -> str

Templates are English with ``{named}`` placeholders, marked with ``N_()`` (``ngettext()``
for the ones with a count) and translated through the ``messages`` gettext catalog
(``i18n/<lang>/LC_MESSAGES/messages.po``; ``python tools/i18n.py all --domain messages``).

Parameters are plain values; :func:`describe` turns each into words by its name:

- ``mandate`` / ``mandates``: mandate ids, named by their title in the message's language;
- ``lang``: a language code, named in the message's language (``lang_code`` keeps the code);
- ``status``, ``current``, ``allowed``: case statuses, in words;
- ``date``, ``sent``, ``reply``, ``ended``: ISO dates, as the language writes dates;
  ``saved``, ``made``: ISO timestamps;
- ``paragraphs``: unit keys of the letter ("background.3"), as "Background ¶4";
- ``action`` and ``reason`` (a refused write): what could not be done, and why;
- numbers, files, references and other names as they are — wrapped in Unicode isolates
  (U+2068 … U+2069) in a right-to-left language, so that they keep their own direction.
"""

from __future__ import annotations

import gettext
import os
import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from desktop_app.domain.completeness import Missing
from desktop_app.domain.errors import CommdraftError, TransitionError
from desktop_app.domain.languages import LANGUAGES
from desktop_app.domain.notices import Notice
from desktop_app.i18n import N_, format_date, is_rtl, translations
from desktop_app.workspace.message_templates import TEMPLATES, Plural, ngettext

DOMAIN = "messages"
FSI, PDI = "\u2068", "\u2069"


#: Counts that are themselves phrases with a plural ("2 open comments").
COUNTED: dict[str, Plural] = {
    "comments": ngettext("{count} open comment", "{count} open comments"),
    "changes": ngettext("{count} proposed change", "{count} proposed changes"),
}

#: The drafting sections (``completeness.SECTIONS``), as the window names its steps.
SECTION_TITLES: dict[str, str] = {
    "case": N_("Case and recipient"),
    "persons": N_("Persons concerned"),
    "background": N_("Background"),
    "allegations": N_("Allegations"),
    "concerns": N_("Concerns"),
    "legal_framework": N_("Legal framework"),
    "questions": N_("Questions"),
    "summary": N_("Public summary"),
    "translation": N_("Translation"),
    "legal_review": N_("Legal review"),
}

#: Case statuses in words (``domain.case.STATUSES``).
STATUS_NAMES: dict[str, str] = {
    "draft": N_("draft"),
    "in_review": N_("in review"),
    "approved": N_("approved"),
    "sent": N_("sent"),
    "published": N_("published"),
}
NO_STATUS = N_("no other status")
#: The team store's roles (``store.forbidden``), as a message names them.
ROLE_NAMES: dict[str, str] = {
    "drafter": N_("drafter"),
    "translator": N_("translator"),
    "reviewer": N_("reviewer"),
    "admin": N_("administrator"),
}

#: A refused write: what could not be done (``action``) and why (``reason``).
WRITE_ACTIONS: dict[str, str] = {
    "save": N_("Could not save"),
    "delete": N_("Could not delete the case"),
    "restore_case": N_("Could not restore the case"),
    "back_up": N_("Could not back up the store"),
    "settings": N_("Could not change the store's settings"),
    "create_store": N_("Could not create the store"),
    "open_store": N_("Could not open the store"),
    "reencode": N_("Could not re-encode the store"),
    "restore_backup": N_("Could not restore the backup"),
}
WRITE_REASONS: dict[str, str] = {
    "disk_full": N_("the disk is full"),
    "read_only": N_("the disk is read-only"),
    "denied": N_("permission to write there was denied"),
    "not_permitted": N_("the system did not permit the write"),
    "io_error": N_("the disk reported an input/output error (was it unplugged?)"),
    "folder_gone": N_("a folder of the store has disappeared"),
    "quota": N_("the disk quota is used up"),
    "other": N_("the system refused the write ({detail})"),
}

#: The letter's paragraphs (review unit keys), as the Translation step names them.
UNIT_LABELS: dict[str, str] = {
    "topic": N_("Topic"),
    "summary": N_("The information concerns…"),
    "background": N_("Background ¶{n}"),
    "allegations": N_("Allegations ¶{n}"),
    "concerns": N_("Concerns ¶{n}"),
    "questions": N_("Question {n}"),
    "update": N_("Update ¶{n}"),
    "public.background": N_("Background (shortened) ¶{n}"),
    "public.allegations": N_("Allegations (shortened) ¶{n}"),
    "public.concerns": N_("Concerns (shortened) ¶{n}"),
    "standard_questions": N_("Standard question {n}"),
}

_DATES = frozenset({"date", "sent", "reply", "ended", "adopted"})
#: The bodies whose resolutions found mandates, as a message names them.
BODY_NAMES: dict[str, str] = {
    "HRC": N_("Human Rights Council"),
    "CHR": N_("Commission on Human Rights"),
    "GA": N_("General Assembly"),
}
_TIMES = frozenset({"saved", "made"})
_STATUSES = frozenset({"status", "current"})
#: Lists longer than this are cut, with "…".
_LIST_MAX = 12


# --------------------------------------------------------------------------- the describer
def describe(item: Any, lang: str = "en", reference: Any = None) -> str:
    """``item`` in words, in ``lang``: a checklist item (``Missing``), a coded message
    (``Notice``), a coded error (``CommdraftError`` with a ``code``; a ``TransitionError``
    with its reasons), or any other error or text (its English ``str``).

    ``reference`` (the workspace's ``ReferenceData``) names mandates by their titles; without
    it the shipped reference data is used."""
    lang = lang if lang in LANGUAGES else "en"
    if isinstance(item, Missing):
        return _Describer(lang, reference).text(item.code, item.params, fallback=item.code)
    if isinstance(item, Notice):
        return _Describer(lang, reference).text(item.code, item.params, fallback=str(item))
    if isinstance(item, CommdraftError):
        code = getattr(item, "code", None)
        if not code or code not in TEMPLATES:
            return str(item)
        words = _Describer(lang, reference)
        params = dict(getattr(item, "params", None) or {})
        if isinstance(item, TransitionError):
            params["reasons"] = words.join_reasons(item.reasons)
        out = words.text(code, params, fallback=str(item))
        for detail in getattr(item, "details", ()) or ():
            out += " " + words.text(detail.code, detail.params, fallback=str(detail))
        return out
    return str(item)


def section_title(section: str, lang: str = "en") -> str:
    """A drafting section (``completeness.SECTIONS``) as the window names it, in ``lang``."""
    title = SECTION_TITLES.get(section)
    return _catalog(lang).gettext(title) if title else section


def item_dict(item: Missing, lang: str = "en", reference: Any = None) -> dict[str, Any]:
    """One checklist item for JSON: where, its code, and its message in ``lang``."""
    return {"section": item.section, "field": item.field, "code": item.code,
            "message": describe(item, lang, reference)}


def cli_language(environ: Mapping[str, str] | None = None) -> str:
    """The command line's language: ``COMMDRAFT_LANG`` if set, else the first of ``LANGUAGE``
    (a colon-separated list), ``LC_ALL``, ``LC_MESSAGES``, ``LANG`` naming one of the six
    languages ("fr_FR.UTF-8" is French), else English."""
    env = os.environ if environ is None else environ
    own = _language_of(env.get("COMMDRAFT_LANG", ""))
    if own:
        return own
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        for value in env.get(name, "").split(":"):
            found = _language_of(value)
            if found:
                return found
    return "en"


def _language_of(value: str) -> str | None:
    code = value.strip().split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()
    return code if code in LANGUAGES else None


def _catalog(lang: str) -> gettext.NullTranslations:
    try:
        return translations(DOMAIN, lang)
    except CommdraftError:
        return gettext.NullTranslations()


class _Describer:
    """The words of one language (catalog, direction, reference data) for one message."""

    def __init__(self, lang: str, reference: Any) -> None:
        self.lang = lang
        self.catalog = _catalog(lang)
        self.rtl = is_rtl(lang)
        self._reference = reference

    # -- templates
    def text(self, code: str, params: Mapping[str, Any], *, fallback: str) -> str:
        template = TEMPLATES.get(code)
        if template is None:
            return fallback
        words = self.template(template, params.get("count"))
        values = {name: self.value(name, value, params) for name, value in params.items()}
        if "lang" in params:
            values["lang_code"] = self.isolate(str(params["lang"]))
        try:
            out = words.format_map(values)
        except (KeyError, IndexError, ValueError):
            return fallback
        return self.isolate_commands(out)

    def isolate_commands(self, text: str) -> str:
        """A `command line` inside a right-to-left sentence keeps its left-to-right order
        (U+2066 … U+2069 around each backticked span)."""
        if not self.rtl:
            return text
        return re.sub(r"`([^`]*)`", "\u2066`\\1`\u2069", text)

    def template(self, template: str | Plural, count: Any) -> str:
        if isinstance(template, Plural):
            n = count if isinstance(count, int) else 0
            return self.catalog.ngettext(template.singular, template.plural, n)
        return self.catalog.gettext(template)

    def join_reasons(self, reasons: Sequence[Notice]) -> str:
        texts = [self.text(r.code, r.params, fallback=str(r)) for r in reasons]
        separator = {"ar": "؛ ", "zh": "；", "fr": "\u00a0; "}.get(self.lang, "; ")
        return separator.join(texts)

    # -- parameters
    def value(self, name: str, value: Any, params: Mapping[str, Any]) -> str:
        if value is None:
            return ""
        if name == "mandate":
            return self.mandate(str(value))
        if name == "mandates":
            return self.listing([self.mandate(str(m)) for m in value])
        if name == "lang":
            return self.language(str(value))
        if name in _STATUSES:
            return self.status(str(value))
        if name == "role":
            return self.word(ROLE_NAMES, str(value))
        if name == "allowed":
            names = [self.status(str(s)) for s in value]
            return self.listing(names) if names else self.catalog.gettext(NO_STATUS)
        if name in _DATES:
            return self.day(value)
        if name in _TIMES:
            return self.moment(value)
        if name == "section":
            return self.isolate(section_title(str(value), self.lang))
        if name == "body":
            return self.word(BODY_NAMES, value)
        if name == "paragraphs":
            labels = [self.unit(str(key)) for key in value]
            more = isinstance(params.get("count"), int) and params["count"] > len(labels)
            return self.listing(labels, more=more)
        if name == "action":
            return self.word(WRITE_ACTIONS, value)
        if name == "reason":
            text = self.word(WRITE_REASONS, value if value in WRITE_REASONS else "other")
            detail = self.isolate(str(params.get("detail") or value))
            return text.replace("{detail}", detail)
        if name in COUNTED:
            n = value if isinstance(value, int) else 0
            return self.template(COUNTED[name], n).replace("{count}", self.isolate(str(n)))
        if isinstance(value, bool):
            return str(value)
        if isinstance(value, float):
            return self.isolate(f"{value:g}")
        if isinstance(value, list | tuple):
            shown = [self.isolate(str(v)) for v in value[:_LIST_MAX]]
            return self.listing(shown, more=len(value) > _LIST_MAX)
        return self.isolate(str(value))

    def isolate(self, text: str) -> str:
        """In a right-to-left language, a number, path, reference or Latin-script name keeps
        its own direction inside the sentence (first-strong isolate)."""
        if not self.rtl or not text or _has_rtl_letter(text):
            return text
        return f"{FSI}{text}{PDI}"

    def word(self, table: Mapping[str, str], key: Any) -> str:
        english = table.get(str(key))
        return self.catalog.gettext(english) if english else self.isolate(str(key))

    def listing(self, items: Sequence[str], *, more: bool = False) -> str:
        """Items as the language lists them ("A, B and C"); ``more``: the list is cut, so
        it ends with "…" instead of "and"."""
        from babel.lists import format_list

        if more:
            separator = {"ar": "، ", "zh": "、"}.get(self.lang, ", ")
            return separator.join([*items, "…"])
        return format_list(list(items), locale=self.lang) if items else ""

    def mandate(self, mandate_id: str) -> str:
        mandates = getattr(self.reference, "mandates", {}) or {}
        mandate = mandates.get(mandate_id)
        if mandate is None:
            return self.isolate(mandate_id)  # not in the reference data: its id is all we have
        return self.isolate(mandate.title_in(self.lang))

    @property
    def reference(self) -> Any:
        if self._reference is None:
            from desktop_app.reference import load_reference

            self._reference = load_reference()
        return self._reference

    def language(self, code: str) -> str:
        from babel import Locale

        names = Locale.parse(self.lang).languages
        return names.get(code) or self.isolate(code)

    def status(self, status: str) -> str:
        return self.word(STATUS_NAMES, status)

    def day(self, value: Any) -> str:
        try:
            day = value if isinstance(value, date) else date.fromisoformat(str(value))
        except ValueError:
            return self.isolate(str(value))
        return self.isolate(format_date(day, self.lang))

    def moment(self, value: Any) -> str:
        try:
            when = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
        except ValueError:
            return self.isolate(str(value))
        stamp = f"{format_date(when.date(), self.lang)} {when:%H:%M}"
        return self.isolate(stamp + (" UTC" if when.utcoffset() is not None
                                     and not when.utcoffset() else ""))

    def unit(self, key: str) -> str:
        """A unit key of the letter ("background.3") as "Background ¶4"."""
        section, _, index = key.rpartition(".")
        if key in UNIT_LABELS:
            return self.catalog.gettext(UNIT_LABELS[key])
        if section == "standard_questions":
            return self.catalog.gettext(UNIT_LABELS[section]).format(n=self.isolate(index))
        if section in UNIT_LABELS and index.isdigit():
            return self.catalog.gettext(UNIT_LABELS[section]).format(
                n=self.isolate(str(int(index) + 1)))
        return self.isolate(key)


def _has_rtl_letter(text: str) -> bool:
    """Whether ``text`` has a letter of a right-to-left script (Arabic, Hebrew, ...)."""
    return any("\u0590" <= ch <= "\u08ff" or "\ufb1d" <= ch <= "\ufdff"
               or "\ufe70" <= ch <= "\ufefc" for ch in text)
