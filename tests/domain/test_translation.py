"""Translation units: what is missing, what went stale, and realignment after edits."""

from __future__ import annotations

import pytest

from desktop_app.domain.case import Case, Person, Texts
from desktop_app.domain.translation import (
    TranslationError,
    UnitState,
    mark_current,
    progress,
    realign,
    set_translation,
    stale_languages,
    units,
)


def make_case() -> Case:
    case = Case(mandates=["hrd"])
    case.text["en"] = Texts(topic="Risk of return", summary="the risk of return of a couple",
                            background=["B0", "B1"], allegations=["A0", "A1", "A2"])
    case.persons = [Person(id="p1", name="X", role={"en": "a journalist"})]
    return case


def states(case: Case, lang: str) -> dict[str, UnitState]:
    return {u.key: u.state for u in units(case, lang)}


def test_everything_missing_at_first() -> None:
    case = make_case()
    got = states(case, "fr")
    assert set(got.values()) == {UnitState.MISSING}
    assert list(got) == ["topic", "summary", "persons.p1.role", "background.0", "background.1",
                         "allegations.0", "allegations.1", "allegations.2"]


def test_translated_unit_is_current_until_its_source_changes() -> None:
    case = make_case()
    set_translation(case, "fr", "allegations.1", "A1 en français")
    set_translation(case, "fr", "persons.p1.role", "une journaliste")
    assert states(case, "fr")["allegations.1"] is UnitState.CURRENT
    assert case.persons[0].role["fr"] == "une journaliste"
    assert stale_languages(case) == []
    case.text["en"].allegations[1] = "A1, corrected"
    assert states(case, "fr")["allegations.1"] is UnitState.STALE
    assert states(case, "fr")["persons.p1.role"] is UnitState.CURRENT
    assert stale_languages(case) == ["fr"] == stale_languages(case)
    # The translator checks it: the translation still says the same.
    assert mark_current(case, "fr", ["allegations.1"]) == 1
    assert states(case, "fr")["allegations.1"] is UnitState.CURRENT


def test_whitespace_only_source_edit_is_not_stale() -> None:
    case = make_case()
    set_translation(case, "es", "background.0", "B0 es")
    case.text["en"].background[0] = "B0  "
    assert states(case, "es")["background.0"] is UnitState.CURRENT


def test_removed_source_paragraph_leaves_an_orphan() -> None:
    case = make_case()
    for i in range(3):
        set_translation(case, "ru", f"allegations.{i}", f"A{i} ru")
    del case.text["en"].allegations[2]
    assert states(case, "ru")["allegations.2"] is UnitState.ORPHAN
    assert stale_languages(case) == ["ru"]


def test_inserted_paragraph_realigns_translations() -> None:
    case = make_case()
    for i in range(3):
        set_translation(case, "fr", f"allegations.{i}", f"A{i} fr")
    case.text["en"].allegations.insert(1, "A-new")
    before = states(case, "fr")
    assert before["allegations.1"] is UnitState.STALE  # position 1 now holds A-new
    assert realign(case, "fr") == 2
    after = states(case, "fr")
    assert case.text["fr"].allegations == ["A0 fr", "", "A1 fr", "A2 fr"]
    assert after["allegations.1"] is UnitState.MISSING
    assert [after[f"allegations.{i}"] for i in (0, 2, 3)] == [UnitState.CURRENT] * 3


def test_imported_translation_without_hashes_is_unchecked() -> None:
    case = make_case()
    case.text["zh"] = Texts(topic="遣返风险")
    assert states(case, "zh")["topic"] is UnitState.UNCHECKED
    assert stale_languages(case) == []
    assert mark_current(case, "zh") == 1
    assert states(case, "zh")["topic"] is UnitState.CURRENT


def test_round_trip_keeps_hashes() -> None:
    case = make_case()
    set_translation(case, "ar", "topic", "خطر الإعادة")
    again = Case.from_dict(case.to_dict())
    assert again.text["ar"].source_hashes == case.text["ar"].source_hashes
    assert progress(again, "ar")[UnitState.CURRENT] == 1


@pytest.mark.parametrize("lang", ["en", "xx"])
def test_source_or_unknown_language_refused(lang: str) -> None:
    with pytest.raises(TranslationError):
        units(make_case(), lang)


def test_unknown_unit_refused() -> None:
    with pytest.raises(TranslationError, match="unknown translation unit"):
        set_translation(make_case(), "fr", "source.0", "x")


def test_malformed_review_records_name_the_field() -> None:
    from desktop_app.domain.errors import CaseFormatError

    data = make_case().to_dict()
    data["review"] = {"rounds": [], "changes": [], "comments": [
        {"id": "r1c1", "round": 1, "author": "A", "text": "t", "status": "maybe"}]}
    with pytest.raises(CaseFormatError, match=r"review\.comments\[0\]\.status"):
        Case.from_dict(data)
    data["review"]["comments"][0]["status"] = "open"
    data["review"]["changes"] = [{"id": "r1s1", "round": "one", "original": "", "proposed": ""}]
    with pytest.raises(CaseFormatError, match=r"review\.changes\[0\]\.round"):
        Case.from_dict(data)
