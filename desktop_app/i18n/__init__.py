"""Languages, text direction, dates and the gettext catalogs (``ui``, ``letters`` and
``messages``: the core's coded messages, see ``desktop_app.workspace.messages``).

Catalogs live in the top-level ``i18n/<lang>/LC_MESSAGES/<domain>.po`` with compiled ``.mo``
beside them (``python tools/i18n.py compile``; a test fails when a ``.mo`` is stale). Babel is
imported lazily: a CLI command that formats no date pays nothing for it.
"""

from __future__ import annotations

import gettext
from datetime import date
from functools import lru_cache
from pathlib import Path

from desktop_app import PROJECT_ROOT
from desktop_app.domain.errors import CommdraftError
from desktop_app.domain.languages import LANGUAGES

CATALOG_DIR = PROJECT_ROOT / "i18n"
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
