from __future__ import annotations

import pytest

from desktop_app.domain.errors import DuplicateReferenceError, ReferenceFormatError
from desktop_app.domain.references import (
    Reference,
    ensure_unique,
    next_reference,
    parse_reference,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("AL KAZ 1/2024", Reference("AL", "KAZ", 1, 2024)),
        ("UA Housing (2000-9) G/SO 214 (53-24) SYR 3/2014", Reference("UA", "SYR", 3, 2014)),
        ("OL OTH 74/2022", Reference("OL", "OTH", 74, 2022)),
        ("  al  mne 12 / 2024 ".upper(), Reference("AL", "MNE", 12, 2024)),
        ("JUA BLR 7/2011", Reference("UA", "BLR", 7, 2011)),
    ],
)
def test_parse(text: str, expected: Reference) -> None:
    assert parse_reference(text) == expected


def test_format_round_trip() -> None:
    assert str(parse_reference("UA Housing (2000-9) G/SO 214 (53-24) SYR 3/2014")) == "UA SYR 3/2014"


@pytest.mark.parametrize("text", ["", "XX KAZ 1/2024", "AL KAZ", "AL KAZ 0/2024", "AL KAZ 1/24"])
def test_parse_refuses(text: str) -> None:
    with pytest.raises(ReferenceFormatError):
        parse_reference(text)


def test_next_number_is_shared_by_kinds_and_counts_per_state_and_year() -> None:
    existing = ["AL BLR 6/2011", "UA BLR 2/2011", "AL BLR 9/2010", "AL KAZ 40/2011", "junk"]
    assert str(next_reference("UA", "BLR", 2011, existing)) == "UA BLR 7/2011"
    assert str(next_reference("AL", "BLR", 2012, existing)) == "AL BLR 1/2012"
    assert str(next_reference("AL", "OTH", 2011, existing)) == "AL OTH 1/2011"


def test_duplicate_refused_across_kinds() -> None:
    with pytest.raises(DuplicateReferenceError):
        ensure_unique("UA KAZ 1/2024", ["AL KAZ 1/2024"])
    ensure_unique("UA KAZ 2/2024", ["AL KAZ 1/2024"])
