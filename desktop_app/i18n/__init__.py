"""Languages, text direction, dates and the gettext catalogs (``ui``, ``letters`` and
``messages``: the core's coded messages, see ``desktop_app.workspace.messages``).

Catalogs live in the top-level ``i18n/<lang>/LC_MESSAGES/<domain>.po`` with compiled ``.mo``
beside them (``python tools/i18n.py compile``; a test fails when a ``.mo`` is stale). Babel is
imported lazily: a CLI command that formats no date pays nothing for it.
"""

from __future__ import annotations

import gettext
import io
import re
from datetime import date
from functools import lru_cache
from pathlib import Path

from desktop_app.domain.errors import CommdraftError
from desktop_app.domain.languages import LANGUAGES
from desktop_app.resources import resource_dir

CATALOG_DIR = resource_dir("i18n")
DOMAINS = ("ui", "letters", "messages")
SOURCE_LANGUAGE = "en"
RTL_LANGUAGES = frozenset({"ar"})

#: Date patterns as UN documents write them: "20 August 2024", "20 août 2024",
#: "20 de agosto de 2024", "20 августа 2024 года", "2024年8月20日".
_DATE_PATTERNS = {"en": "d MMMM y", "fr": "d MMMM y", "es": "d 'de' MMMM 'de' y",
                  "ru": "d MMMM y 'года'", "zh": "y年M月d日"}

#: UN Arabic documents give both month names, Levantine and Egyptian ("20 آب/أغسطس 2024"),
#: with Western digits; CLDR has one name and Arabic-Indic digits.
_ARABIC_MONTHS = (
    "كانون الثاني/يناير", "شباط/فبراير", "آذار/مارس", "نيسان/أبريل", "أيار/مايو",
    "حزيران/يونيه", "تموز/يوليه", "آب/أغسطس", "أيلول/سبتمبر", "تشرين الأول/أكتوبر",
    "تشرين الثاني/نوفمبر", "كانون الأول/ديسمبر",
)
#: The months as UN Arabic writes them in a date (both names), for other modules to recognise.
ARABIC_MONTHS = _ARABIC_MONTHS


class UnknownLanguageError(CommdraftError):
    def __init__(self, lang: object) -> None:
        super().__init__(
            f"unknown language {lang!r}: use one of {', '.join(LANGUAGES)} "
            "(Arabic, Chinese, English, French, Russian, Spanish)"
        )


def check_language(lang: str) -> str:
    if lang not in LANGUAGES:
        raise UnknownLanguageError(lang)
    return lang


def is_rtl(lang: str) -> bool:
    return check_language(lang) in RTL_LANGUAGES


def format_date(day: date, lang: str) -> str:
    """A date as a letter in ``lang`` writes it: "20 August 2024", "20 août 2024", ..."""
    from babel.dates import format_date as babel_format_date

    check_language(lang)
    if lang == "ar":
        return f"{day.day} {_ARABIC_MONTHS[day.month - 1]} {day.year}"
    text = babel_format_date(day, _DATE_PATTERNS.get(lang, "long"), locale=lang)
    if lang == "fr" and day.day == 1:
        text = "1er" + text[1:]  # « 1er août 2024 »
    return text


@lru_cache(maxsize=64)
def translations(domain: str, lang: str) -> gettext.NullTranslations:
    """The compiled catalog of ``domain`` in ``lang``; English falls back to the msgids."""
    check_language(lang)
    if domain not in DOMAINS:
        raise ValueError(f"unknown catalog domain {domain!r}")
    try:
        return gettext.translation(domain, localedir=CATALOG_DIR, languages=[lang])
    except FileNotFoundError:
        if lang == SOURCE_LANGUAGE:
            return gettext.NullTranslations()
        raise CommdraftError(
            f"no {domain!r} catalog for {lang!r}: expected {catalog_path(domain, lang)}"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CommdraftError(
            f"the {domain!r} catalog for {lang!r} cannot be read ({exc}); "
            "recompile it with `python tools/i18n.py compile`"
        ) from None


def with_overrides(domain: str, lang: str, folder: Path | None) -> gettext.NullTranslations:
    """The shipped catalog of ``domain`` in ``lang``, under a workspace's own wording when
    ``folder`` holds ``<lang>/LC_MESSAGES/<domain>.po``: an office adapts a formula without a
    new release; what its file does not translate comes from the shipped catalog."""
    base = translations(domain, lang)
    if folder is None:
        return base
    po = Path(folder) / lang / "LC_MESSAGES" / f"{domain}.po"
    try:
        stamp = po.stat().st_mtime_ns
    except OSError:
        return base
    own = gettext.GNUTranslations(io.BytesIO(_compiled(str(po), stamp)))
    own.add_fallback(base)
    return own


@lru_cache(maxsize=32)
def _compiled(path: str, _stamp: int) -> bytes:
    """A workspace's .po compiled in memory (cached while the file is unchanged)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import PoFileError, read_po

    try:
        with open(path, "rb") as handle:
            catalog = read_po(handle, abort_invalid=True)
    except (OSError, PoFileError, UnicodeDecodeError, ValueError) as exc:
        raise CommdraftError(
            f"{path}: the workspace's own wording cannot be read ({exc}); fix it or remove it "
            "(`commdraft templates check` says what is wrong)") from None
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def check_overrides(folder: Path, domain: str = "letters") -> list[tuple[str, str, str]]:
    """What is wrong in a workspace's own wording, as (file, where, problem): a file that
    cannot be read, a message the shipped catalog does not have (its English changed since),
    a translation that drops or invents a placeholder, a wrong number of plural forms."""
    from babel.messages.pofile import PoFileError, read_po

    problems: list[tuple[str, str, str]] = []
    template = CATALOG_DIR / f"{domain}.pot"
    known: dict[object, object] = {}
    if template.exists():
        with template.open("rb") as handle:
            known = {(m.context, m.id): m for m in read_po(handle) if m.id}
    for po in sorted(Path(folder).glob(f"*/LC_MESSAGES/{domain}.po")):
        lang = po.parent.parent.name
        name = str(po)
        if lang not in LANGUAGES:
            problems.append((name, "folder", f"unknown language {lang!r}; use one of "
                                             f"{', '.join(LANGUAGES)}"))
            continue
        try:
            with po.open("rb") as handle:
                catalog = read_po(handle, locale=lang, abort_invalid=True)
        except (OSError, PoFileError, UnicodeDecodeError, ValueError) as exc:
            problems.append((name, "file", f"cannot be read: {exc}"))
            continue
        for message in catalog:
            if not message.id or not message.string or message.fuzzy:
                continue
            ids = tuple(message.id) if isinstance(message.id, tuple | list) else (message.id,)
            where = f"line {message.lineno}: {ids[0][:50]!r}"
            if known and (message.context, message.id) not in known:
                problems.append((name, where, "no such message in the shipped wording (its "
                                              "English text may have changed): it is not used"))
                continue
            wanted = set(_PLACEHOLDER.findall(" ".join(ids)))
            strings = (tuple(message.string) if isinstance(message.string, tuple | list)
                       else (message.string,))
            if isinstance(message.id, tuple) and len(strings) != catalog.num_plurals:
                problems.append((name, where, f"{len(strings)} plural form(s) given, "
                                              f"{lang} needs {catalog.num_plurals}"))
            for text in strings:
                found = set(_PLACEHOLDER.findall(text))
                if found != wanted and not (isinstance(message.id, tuple) and found < wanted):
                    problems.append((name, where, "placeholders differ: expected "
                                     f"{sorted(wanted)}, found {sorted(found)}"))
                    break
    return problems


def catalog_path(domain: str, lang: str, suffix: str = ".mo") -> Path:
    return CATALOG_DIR / lang / "LC_MESSAGES" / f"{domain}{suffix}"


def available_languages(domain: str) -> list[str]:
    """Languages that ship a catalog for ``domain`` (English always: it is the source)."""
    langs = {SOURCE_LANGUAGE}
    for lang in LANGUAGES:
        if catalog_path(domain, lang).exists():
            langs.add(lang)
    return [lang for lang in LANGUAGES if lang in langs]


def N_(message: str) -> str:
    """Mark a string for extraction; it is translated when shown, not at import time."""
    return message
