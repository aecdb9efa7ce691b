from __future__ import annotations

import copy

import pytest

from desktop_app.domain import Case, CaseFormatError
from desktop_app.domain.translation import stale_languages

MINIMAL = {
    "format": "commdraft.case/1",
    "kind": "AL",
    "reference": None,
    "recipient": {"type": "state", "state": "MNE"},
    "mandates": ["hrd"],
    "source_language": "en",
    "dates": {"sent": "2024-08-20", "reply": None, "reply_kind": None},
    "persons": [{"id": "p1", "kind": "person", "name": "A B", "gender": "female",
                 "consent_state": True, "consent_public": False, "public_name": None,
                 "role": {"en": "defender"}, "x-note": "kept"}],
    "related": [{"reference": "AL KAZ 1/2024", "date": "2024-03-18", "reply": "2024-05-27"}],
    "legal_framework": [],
    "text": {"en": {"topic": "t", "background": ["b"], "public": {"concerns": ["c"]}}},
    "x-custom": {"anything": [1, 2]},
}


def test_round_trip_keeps_unknown_keys() -> None:
    case = Case.from_dict(copy.deepcopy(MINIMAL))
    data = case.to_dict()
    assert data["x-custom"] == {"anything": [1, 2]}
    assert data["persons"][0]["x-note"] == "kept"
    assert Case.from_dict(data).to_dict() == data


@pytest.mark.parametrize(
    ("path", "value", "field"),
    [
        (("kind",), "XX", "kind"),
        (("recipient", "state"), "mne", "recipient.state"),
        (("dates", "sent"), "20/08/2024", "dates.sent"),
        (("dates", "sent"), "2024-02-30", "dates.sent"),
        (("persons", 0, "gender"), "f", "persons[0].gender"),
        (("persons", 0, "consent_public"), "yes", "persons[0].consent_public"),
        (("related", 0, "reference"), "KAZ 1", "related[0].reference"),
        (("text", "en", "background"), "not a list", "text.en.background"),
        (("text", "en", "public", "concerns", 0), 5, "text.en.public.concerns[0]"),
        (("format",), "commdraft.case/9", "format"),
        (("reference",), "UA MNE 1/2024", "reference"),
    ],
)
def test_first_wrong_field_is_named(path, value, field) -> None:
    data = copy.deepcopy(MINIMAL)
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(CaseFormatError) as info:
        Case.from_dict(data)
    assert info.value.path == field
    assert field in str(info.value)


def test_unknown_text_language_refused() -> None:
    data = copy.deepcopy(MINIMAL)
    data["text"]["xx"] = {}
    with pytest.raises(CaseFormatError, match="text.xx"):
        Case.from_dict(data)


def test_stale_translation_detected() -> None:
    data = copy.deepcopy(MINIMAL)
    case = Case.from_dict(data)
    fingerprint = case.source_texts.fingerprint()
    data["text"]["fr"] = {"topic": "t-fr", "source_fingerprint": fingerprint}
    case = Case.from_dict(data)
    assert stale_languages(case) == []
    case.text["en"].background.append("new paragraph")
    assert stale_languages(case) == ["fr"]
