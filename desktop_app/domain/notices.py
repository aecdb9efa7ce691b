"""Coded messages: what the core has to say, as a code and its parameters, never as words.

The core (domain, storage, workspace) says *what* happened — ``Notice("send.no_date")``,
``Notice("publish.too_early", {"date": "2024-10-19"})`` — and the edge (the window, the
command line) chooses the words, in the user's language (``desktop_app.workspace.messages``).

Parameters are plain values that survive JSON: text, whole numbers, dates as ISO text
("2024-08-20"), lists of ids. Whatever names a thing the user knows under another name (a
mandate, a language, a status, a section) carries its id; the words for it are chosen with
the message.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Notice:
    """One coded message. ``text`` is an optional English sentence for logs and for readers
    that have no message catalog; it is never what a user is shown when the code is known."""

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)
    text: str = ""

    def __str__(self) -> str:
        if self.text:
            return self.text
        if not self.params:
            return self.code
        shown = ", ".join(f"{key}={value}" for key, value in self.params.items())
        return f"{self.code} ({shown})"

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "params": dict(self.params)}
