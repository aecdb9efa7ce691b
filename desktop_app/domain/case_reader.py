"""Reading a case file's JSON: typed access to its objects that names the path of the first
wrong field and why (``persons[1].gender: must be one of female, male, unspecified``)."""

from __future__ import annotations

import json
import re
import uuid
from datetime import date
from typing import Any, TypeAlias, cast

from desktop_app.domain.errors import CaseFormatError
from desktop_app.domain.languages import LANGUAGES

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
#: An id as the store writes them (a case's, a person's).
ID_PATTERN = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")


def new_id() -> str:
    return uuid.uuid4().hex[:12]


#: The built-in types under other names: ``Reader``'s methods ``str``, ``list``, ``bool`` and
#: ``date`` hide them in its annotations.
_Text: TypeAlias = str
_List: TypeAlias = list
_Bool: TypeAlias = bool
_Day: TypeAlias = date


# --------------------------------------------------------------------------- reading helpers
class Reader:
    """Typed access to a dict that names the path of the first wrong field."""

    def __init__(self, data: Any, path: _Text) -> None:
        if not isinstance(data, dict):
            raise CaseFormatError(path or "(top level)", f"must be an object, not {kind_name(data)}")
        self.data = data
        self.path = path

    def at(self, key: _Text) -> _Text:
        return f"{self.path}.{key}" if self.path else key

    def str(self, key: _Text, *, default: _Text | None = None, allow_empty: _Bool = True) -> _Text:
        value = self.data.get(key, default)
        if value is None and default is not None:
            value = default
        if not isinstance(value, str):
            raise CaseFormatError(self.at(key), f"must be text, not {kind_name(value)}")
        if not allow_empty and not value.strip():
            raise CaseFormatError(self.at(key), "must not be empty")
        return value

    def opt_str(self, key: _Text) -> _Text | None:
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            raise CaseFormatError(self.at(key), f"must be text or null, not {kind_name(value)}")
        return value

    def bool(self, key: _Text, default: _Bool = False) -> _Bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            raise CaseFormatError(self.at(key), f"must be true or false, not {kind_name(value)}")
        return value

    def choice(self, key: _Text, choices: tuple[_Text, ...], *, default: _Text | None = None) -> _Text:
        value = self.data.get(key, default)
        if value not in choices:
            raise CaseFormatError(
                self.at(key), f"must be one of {', '.join(choices)} (got {show_value(value)})"
            )
        return cast(_Text, value)  # one of ``choices``

    def opt_choice(self, key: _Text, choices: tuple[_Text, ...]) -> _Text | None:
        if self.data.get(key) is None:
            return None
        return self.choice(key, choices)

    def date(self, key: _Text) -> _Day | None:
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
            raise CaseFormatError(
                self.at(key), f"must be a date as YYYY-MM-DD or null (got {show_value(value)})"
            )
        try:
            return date.fromisoformat(value)
        except ValueError as exc:
            raise CaseFormatError(self.at(key), f"is not a real date ({exc})") from None

    def list(self, key: _Text) -> _List[Any]:
        value = self.data.get(key, [])
        if value is None:
            return []
        if not isinstance(value, list):
            raise CaseFormatError(self.at(key), f"must be a list, not {kind_name(value)}")
        return value

    def str_list(self, key: _Text) -> _List[_Text]:
        items = self.list(key)
        for index, item in enumerate(items):
            if not isinstance(item, str):
                raise CaseFormatError(f"{self.at(key)}[{index}]", f"must be text, not {kind_name(item)}")
        return list(items)

    def lang_map(self, key: _Text) -> dict[_Text, _Text]:
        value = self.data.get(key, {})
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise CaseFormatError(
                self.at(key), f"must be an object of language codes to text, not {kind_name(value)}"
            )
        out: dict[str, str] = {}
        for lang, text in value.items():
            if lang not in LANGUAGES:
                raise CaseFormatError(
                    f"{self.at(key)}.{lang}", f"unknown language; use one of {', '.join(LANGUAGES)}"
                )
            if not isinstance(text, str):
                raise CaseFormatError(f"{self.at(key)}.{lang}", f"must be text, not {kind_name(text)}")
            out[lang] = text
        return out

    def str_map(self, key: _Text) -> dict[_Text, _Text]:
        value = self.data.get(key, {})
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise CaseFormatError(self.at(key), f"must be an object of text, not {kind_name(value)}")
        for name, item in value.items():
            if not isinstance(item, str):
                raise CaseFormatError(f"{self.at(key)}.{name}", f"must be text, not {kind_name(item)}")
        return dict(value)

    def extra(self, known: set[_Text]) -> dict[_Text, Any]:
        return {k: v for k, v in self.data.items() if k not in known}


def kind_name(value: Any) -> str:
    return {
        dict: "an object", list: "a list", str: "text", bool: "true/false", int: "a number",
        float: "a number", type(None): "null",
    }.get(type(value), type(value).__name__)


def show_value(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def iso_date(value: date | None) -> str | None:
    return value.isoformat() if value else None


def language_list(r: Reader, key: str) -> list[str]:
    """A list of the case's language codes, each one of the six."""
    values = r.str_list(key)
    for index, lang in enumerate(values):
        if lang not in LANGUAGES:
            raise CaseFormatError(f"{r.at(key)}[{index}]",
                                  f"unknown language; use one of {', '.join(LANGUAGES)}")
    return values
