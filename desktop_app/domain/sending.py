"""A sent letter is final: what the Government received can no longer change.

Once a case is sent (or published), its letter — the full-letter text in each language it was
sent in, the recipient, the mandates, the persons, the earlier communications it cites, the legal
framework and the questions — is frozen. The languages it was sent in are the source language
and every translation whose full letter was complete when it was marked sent (recorded in the
"sent" event); a translation finished later stays editable, as do the public summary, the
update, the reply and the publication: they are written after sending. Reopening a sent letter is an explicit action
with a reason, recorded in the case's history (:func:`reopen`); nothing else can unfreeze it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from desktop_app.domain.case import Case, HistoryEvent
from desktop_app.domain.errors import CommdraftError
from desktop_app.domain.translation import UnitState, units

FROZEN_STATUSES = ("sent", "published")
#: The full letter's own texts, per language (the summary's topic, update and public sections
#: are not among them).
LETTER_TEXTS = ("summary", "background", "allegations", "concerns", "urgent_request",
                "questions")
#: What a letter says about each person; ``consent_public`` and ``public_name`` only govern the
#: public summary and stay editable.
PERSON_FIELDS = ("name", "kind", "gender", "consent_state")
#: Translation units that belong to the full letter (the rest is the public summary's).
LETTER_UNITS = ("summary", "background", "allegations", "concerns", "urgent_request",
                "questions", "persons", "person names")
CASE_FIELDS = ("kind", "reference", "source_language", "recipient", "mandates", "related",
               "legal_framework", "standard_questions", "press_release", "instrument",
               "resolutions")


class FrozenCaseError(CommdraftError):
    """A change to a sent letter's frozen parts; ``fields`` names each one."""

    code = "case.frozen"

    def __init__(self, label: str, fields: list[str]) -> None:
        self.label = label
        self.fields = list(fields)
        self.params = {"case": label, "fields": list(fields)}
        shown = ", ".join(self.fields[:12]) + (" …" if len(self.fields) > 12 else "")
        super().__init__(
            f"{label} has been sent: its letter is frozen and cannot change ({shown}); "
            "reopen it first, with a reason (`commdraft reopen ID --reason ...`, or Reopen… in "
            "the window), if the letter itself must be corrected; nothing was written")


def is_frozen(case: Case) -> bool:
    return case.status in FROZEN_STATUSES


def frozen_changes(before: Case, after: Case) -> list[str]:
    """The frozen fields that ``after`` changes compared with the stored ``before``.

    Empty when ``before`` is not sent, or when ``after`` only touches what stays editable. A
    status going back from sent is a change too, unless ``after`` records a new reopening.
    """
    out = _history_changes(before, after)
    if not is_frozen(before):
        return out
    old, new = before.to_dict(), after.to_dict()
    out += [name for name in CASE_FIELDS if old.get(name) != new.get(name)]
    if before.dates.sent != after.dates.sent:
        out.append("dates.sent")
    if after.status not in (before.status, "published") and not _reopened(before, after):
        out.append("status")
    langs = frozen_languages(before)
    out += _person_changes(old["persons"], new["persons"], langs)
    for lang in langs:
        was, now = before.texts(lang), after.texts(lang)
        for name in LETTER_TEXTS:
            if _clean(getattr(was, name)) != _clean(getattr(now, name)):
                out.append(f"text.{lang}.{name}")
    return out


def sent_languages(case: Case) -> list[str]:
    """The languages the letter goes out in: its source language and each translation with a
    complete full letter (every paragraph, question and role translated)."""
    out = [case.source_language]
    for lang in sorted(case.text):
        if lang == case.source_language:
            continue
        letter = [u for u in units(case, lang) if u.section in LETTER_UNITS]
        if letter and not any(u.state in (UnitState.MISSING, UnitState.ORPHAN) for u in letter):
            out.append(lang)
    return out


def frozen_languages(case: Case) -> list[str]:
    """The languages whose full letter is frozen: those recorded when the case was last marked
    sent (the source language for a case sent before languages were recorded)."""
    for event in reversed(case.history):
        if event.action == "sent" and event.languages:
            return list(event.languages)
        if event.action == "reopened":
            break
    return [case.source_language]


def _clean(value: Any) -> Any:
    """Blank paragraphs and trailing spaces are not a change of the letter (no document
    prints them)."""
    if isinstance(value, list):
        return [p.strip() for p in value if p.strip()]
    return value.strip()


def _person_changes(old: list[dict[str, Any]], new: list[dict[str, Any]],
                    langs: list[str]) -> list[str]:
    if [p["id"] for p in old] != [p["id"] for p in new]:
        return ["persons"]
    out = []
    for index, (was, now) in enumerate(zip(old, new, strict=True)):
        out += [f"persons[{index}].{name}" for name in PERSON_FIELDS
                if was.get(name) != now.get(name)]
        for name in ("role", "names"):
            out += [f"persons[{index}].{name}.{lang}" for lang in langs
                    if (was.get(name) or {}).get(lang, "").strip()
                    != (now.get(name) or {}).get(lang, "").strip()]
    return out


def _history_changes(before: Case, after: Case) -> list[str]:
    """The history only grows: an earlier event is never rewritten or dropped."""
    old = [e.to_dict() for e in before.history]
    new = [e.to_dict() for e in after.history]
    return [] if new[:len(old)] == old else ["history"]


def _reopened(before: Case, after: Case) -> bool:
    added = after.history[len(before.history):]
    return any(event.action == "reopened" for event in added) and after.status == "approved"


def reopen(case: Case, reason: str, *, by: str | None = None,
           now: datetime | None = None) -> None:
    """Unfreeze a sent letter so that it can be corrected: back to approved, the reference and
    date kept (marking it sent again confirms or corrects them), the reason kept in history."""
    if not is_frozen(case):
        raise CommdraftError(f"only a sent or published case can be reopened (this one is "
                             f"{case.status.replace('_', ' ')})", code="reopen.not_sent",
                             params={"status": case.status})
    reason = " ".join(reason.split())
    if not reason:
        raise CommdraftError("say why the letter is reopened: the reason is kept in the case's "
                             "history", code="reopen.no_reason")
    case.history.append(HistoryEvent(_stamp(now), "reopened", by=by, note=reason,
                                     status=case.status))
    case.status = "approved"


def record(case: Case, action: str, *, by: str | None = None, note: str = "",
           now: datetime | None = None) -> None:
    """Add an event (sent, published, ...) to the case's history; a "sent" event records the
    languages the letter went out in."""
    langs = sent_languages(case) if action == "sent" else []
    case.history.append(HistoryEvent(_stamp(now), action, by=by, note=note, status=case.status,
                                     languages=langs))


def _stamp(now: datetime | None) -> str:
    return (now or datetime.now().astimezone()).isoformat(timespec="seconds")
