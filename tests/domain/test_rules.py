from __future__ import annotations

from datetime import date

import pytest

from desktop_app.domain import (
    Case,
    Dates,
    Person,
    Recipient,
    ReplyStatus,
    Texts,
    TransitionError,
    missing,
    public_label,
    publication_date,
    reply_status,
    transition,
)


def test_publication_is_sixty_days_after_sending() -> None:
    assert publication_date(date(2024, 8, 20)) == date(2024, 10, 19)


@pytest.mark.parametrize(
    ("reply", "kind", "expected"),
    [
        (None, None, ReplyStatus.NONE_YET),
        (date(2024, 10, 19), "substantive", ReplyStatus.WITHIN),
        (date(2024, 10, 30), "substantive", ReplyStatus.AFTER_PUBLICATION),
        (date(2024, 9, 1), "acknowledgement", ReplyStatus.ACKNOWLEDGEMENT),
    ],
)
def test_reply_status(reply, kind, expected) -> None:
    assert reply_status(date(2024, 8, 20), reply, kind) == expected


def ready_case(**changes) -> Case:
    case = Case(kind="AL", recipient=Recipient("state", "MNE"), mandates=["hrd"],
                dates=Dates(sent=date(2024, 8, 20)), status="approved")
    for key, value in changes.items():
        setattr(case, key, value)
    return case


def test_cannot_send_without_date_mandates_or_recipient() -> None:
    case = ready_case(mandates=[], dates=Dates())
    with pytest.raises(TransitionError) as info:
        transition(case, "sent", date(2024, 9, 1))
    assert "date sent is missing" in str(info.value) and "no signing mandate" in str(info.value)
    assert info.value.code == "status.refused" and info.value.params == {"status": "sent"}
    assert [r.code for r in info.value.reasons] == ["send.no_date", "send.no_mandate"]
    assert case.status == "approved"


def test_cannot_publish_before_day_sixty() -> None:
    case = ready_case(status="sent", reference="AL MNE 1/2024")
    with pytest.raises(TransitionError, match="2024-10-19") as info:
        transition(case, "published", date(2024, 10, 18))
    assert [(r.code, dict(r.params)) for r in info.value.reasons] == [
        ("publish.too_early", {"date": "2024-10-19"})]
    transition(case, "published", date(2024, 10, 19))
    assert case.status == "published"


def test_draft_cannot_jump_to_sent() -> None:
    with pytest.raises(TransitionError, match="allowed: in_review") as info:
        transition(ready_case(status="draft"), "sent", date(2024, 9, 1))
    (reason,) = info.value.reasons
    assert reason.code == "status.not_allowed"
    assert dict(reason.params) == {"current": "draft", "status": "sent", "allowed": ["in_review"]}


def test_public_label_hides_name_without_consent() -> None:
    anon = Person(id="p", name="Dinara Smailova", consent_public=False)
    assert public_label(anon) == "D.S."
    anon.public_name = "a woman human rights defender"
    assert public_label(anon) == "a woman human rights defender"
    assert public_label(Person(id="q", name="Almat M", consent_public=True)) == "Almat M"


def test_missing_names_sections_and_fields_in_order() -> None:
    case = Case(recipient=Recipient("state", None), text={"en": Texts()})
    items = missing(case)
    sections = [i.section for i in items]
    assert sections == sorted(sections, key=["case", "persons", "background", "allegations",
                                             "concerns", "legal_framework", "questions",
                                             "summary"].index)
    fields = {i.field for i in items}
    assert {"recipient.state", "mandates", "persons", "text.en.background",
            "text.en.allegations", "text.en.concerns", "legal_framework", "text.en.topic"} <= fields


def test_missing_reports_inconsistent_dates() -> None:
    case = ready_case(dates=Dates(sent=date(2024, 8, 20), reply=date(2024, 8, 1),
                                  reply_kind="substantive"))
    bad = [i for i in missing(case) if i.kind == "inconsistent"]
    assert [i.field for i in bad] == ["dates.reply"]
    assert bad[0].code == "reply.before_sent"
    assert dict(bad[0].params) == {"reply": "2024-08-01", "sent": "2024-08-20"}


def test_unknown_mandate_is_inconsistent() -> None:
    items = missing(ready_case(mandates=["nope"]), known_mandates={"hrd"})
    assert any(i.field == "mandates[0]" and i.kind == "inconsistent"
               and i.code == "mandate.unknown" and i.params == {"mandate": "nope"}
               for i in items)
