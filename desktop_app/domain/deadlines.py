"""The 60-day rule: confidentiality, publication and the Government's reply."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

CONFIDENTIAL_DAYS = 60


class ReplyStatus(StrEnum):
    NONE_YET = "none"  # no reply (yet)
    WITHIN = "within"  # a substantive reply on or before the publication date
    AFTER_PUBLICATION = "after"  # a substantive reply after the publication date
    ACKNOWLEDGEMENT = "acknowledgement"  # only an acknowledgement of receipt


def publication_date(sent: date) -> date:
    """The letter and any reply are made public 60 days after the letter was sent."""
    return sent + timedelta(days=CONFIDENTIAL_DAYS)


def reply_status(sent: date | None, reply: date | None, reply_kind: str | None) -> ReplyStatus:
    if reply is None:
        return ReplyStatus.NONE_YET
    if reply_kind == "acknowledgement":
        return ReplyStatus.ACKNOWLEDGEMENT
    if sent is not None and reply > publication_date(sent):
        return ReplyStatus.AFTER_PUBLICATION
    return ReplyStatus.WITHIN


@dataclass(frozen=True, slots=True)
class Deadline:
    """Where a sent letter stands against the 60 days, as of a given day."""

    publication: date
    days_left: int  # negative once published

    @property
    def is_public(self) -> bool:
        return self.days_left <= 0


def deadline(sent: date | None, today: date) -> Deadline | None:
    if sent is None:
        return None
    publication = publication_date(sent)
    return Deadline(publication, (publication - today).days)
