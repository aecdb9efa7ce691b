"""The case's checklist: the domain's "what is missing", plus what only the reference data
(mandates, their resolutions and holders, the checked titles) and the translations can tell.

Every item is coded (``Missing.code`` and ``params``); the words are chosen where the item is
shown (``desktop_app.workspace.messages.describe``). Mandates are given by id in the params:
the describer names them by their title in the reader's language.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from desktop_app.domain.case import LANGUAGES, Case
from desktop_app.domain.completeness import SECTIONS, Missing, missing
from desktop_app.reference import ReferenceData

#: Every code :func:`check_case` adds to the domain's (``completeness.CODES``).
CODES = (
    "mandate.old_resolution", "mandate.ended", "mandate.not_started", "mandate.no_holder",
    "mandate.term_ended", "mandate.cites", "mandate.cites_year", "mandate.cites_override",
    "mandate.override_unknown", "mandate.no_resolution",
    "translation.title_unchecked", "translation.missing", "translation.stale", "review.open",
)


def check_case(reference: ReferenceData, case: Case, today: date | None = None) -> list[Missing]:
    """Everything still missing or inconsistent in ``case``, in section order.

    ``today`` stands for the letter's date while it is not sent (default: today)."""
    ref = reference
    items = missing(case, known_mandates=ref.mandates, known_clauses=ref.clauses,
                    known_questions=ref.questions)
    day = case.dates.sent or today or date.today()
    label = case.reference or case.id
    for index, mid in enumerate(case.mandates):
        mandate = ref.mandates.get(mid)
        if mandate is None:
            continue  # named by the domain's check as an unknown mandate
        field = f"mandates[{index}]"
        resolution = mandate.resolution_on(day)
        items += _citation(mandate, resolution, case.resolutions.get(mid), field)
        # Country mandates are renewed every year, thematic ones every three: an older
        # latest resolution means the data lacks a renewal that the letter should cite.
        # (A mandate the Commission created and never put up for renewal is exempt.)
        renewal = 1 if mandate.kind == "country" else 3
        if (resolution is not None and resolution.year >= 2006
                and day.year - resolution.year > renewal):
            items.append(Missing("case", field, "mandate.old_resolution", {
                "mandate": mid, "resolution": resolution.number, "year": resolution.year}))
        if not mandate.available_on(day):
            if mandate.status == "ended" and mandate.ended is not None:
                items.append(Missing("case", field, "mandate.ended", {
                    "mandate": mid, "ended": mandate.ended.isoformat(),
                    "date": day.isoformat()}, kind="inconsistent"))
            else:
                items.append(Missing("case", field, "mandate.not_started", {
                    "mandate": mid, "date": day.isoformat()}, kind="inconsistent"))
            continue
        if mandate.holder_on(day) is None:
            last = mandate.last_holder_before(day)
            if last is not None and last.end is None:
                # Recorded as in office with no end, but a tenure lasts six years at most:
                # whoever signs now is not in the data.
                items.append(Missing("case", field, "mandate.term_ended", {
                    "mandate": mid, "name": last.name, "ended": last.last_day.isoformat(),
                    "date": day.isoformat()}))
            else:
                items.append(Missing("case", field, "mandate.no_holder", {
                    "mandate": mid, "date": day.isoformat()}))
    # Titles the letters in the case's languages would print from working translations.
    for lang in sorted(case.text):
        unchecked = [mid for mid in case.mandates if mid in ref.mandates
                     and ref.mandates[mid].title_checked.get(lang) == "working"]
        if unchecked:
            items.append(Missing("translation", f"mandates.{lang}",
                                 "translation.title_unchecked",
                                 {"lang": lang, "mandates": unchecked,
                                  "count": len(unchecked)}))
    items += _translations(case, label)
    comments, changes = case.review.open_items()
    if comments or changes:
        items.append(Missing("legal_review", "review", "review.open", {
            "comments": len(comments), "changes": len(changes), "case": label}))
    return sorted(items, key=lambda item: SECTIONS.index(item.section))


def _citation(mandate: Any, resolution: Any, override: str | None, field: str) -> list[Missing]:
    """Which resolution the letter will cite for the mandate, said as an information item
    (not a to-do); an override of a resolution the data does not know is one."""
    if override:
        known = {r.number for r in mandate.resolutions}
        if override not in known:
            return [Missing("case", f"resolutions.{mandate.id}", "mandate.override_unknown", {
                "mandate": mandate.id, "resolution": override})]
        return [Missing("case", f"resolutions.{mandate.id}", "mandate.cites_override", {
            "mandate": mandate.id, "resolution": override}, kind="info")]
    if resolution is None:
        return [Missing("case", field, "mandate.no_resolution", {"mandate": mandate.id},
                        kind="inconsistent")]
    if resolution.adopted is None:  # the data knows only the year
        return [Missing("case", field, "mandate.cites_year", {
            "mandate": mandate.id, "resolution": resolution.number, "body": resolution.body,
            "year": resolution.year}, kind="info")]
    return [Missing("case", field, "mandate.cites", {
        "mandate": mandate.id, "resolution": resolution.number, "body": resolution.body,
        "adopted": resolution.adopted.isoformat()}, kind="info")]


def _translations(case: Case, label: str) -> list[Missing]:
    """Per translation: the texts still to translate, and those made from an older source.

    Every language the case has a text in, other than its source language, is one the case
    is to be sent in, so a text missing there keeps the Translation step open."""
    from desktop_app.domain.translation import UnitState, progress

    out = []
    # Runs on every edit (the step marks): each translation's units are read once.
    for lang in [x for x in LANGUAGES if x in case.text and x != case.source_language]:
        counts = progress(case, lang)
        if counts[UnitState.MISSING]:
            out.append(Missing("translation", f"text.{lang}", "translation.missing", {
                "lang": lang, "count": counts[UnitState.MISSING], "case": label}))
        stale = counts[UnitState.STALE] + counts[UnitState.ORPHAN]
        if stale:
            out.append(Missing("translation", f"text.{lang}", "translation.stale", {
                "lang": lang, "count": stale, "case": label}))
    return out
