"""The domain says what is wrong with codes and parameters, never with English words."""

from __future__ import annotations

import ast
import inspect
import json
from datetime import date

import pytest

from desktop_app.domain import completeness, lifecycle
from desktop_app.domain.case import Case, Dates, Person, Recipient, Related, Texts
from desktop_app.domain.completeness import CODES, Missing, missing
from desktop_app.domain.errors import CommdraftError, TransitionError
from desktop_app.domain.notices import Notice


def messy_case() -> Case:
    """A case with something wrong in every section the domain checks."""
    return Case(
        kind="AL", recipient=Recipient("other", None), mandates=["nope"], status="sent",
        dates=Dates(sent=None, reply=date(2024, 8, 1)),
        related=[Related("AL XYZ 1/2023", None, date(2023, 1, 1))],
        persons=[Person(id="p1", name="Dinara Smailova", gender="unspecified",
                        consent_public=False)],
        legal_framework=["no-such-clause"], standard_questions=["no-such-question"],
        text={"en": Texts()})


def test_the_checklist_is_coded_and_its_params_are_plain_values() -> None:
    items = missing(messy_case(), known_mandates={"hrd"}, known_clauses=set(),
                    known_questions=set())
    assert {i.code for i in items} <= set(CODES)
    assert {"recipient.no_name", "mandate.unknown", "sent.no_date", "reply.no_date_sent",
            "related.no_date", "person.no_role", "person.no_gender", "person.no_public_name",
            "background.empty", "clause.unknown", "question.unknown",
            "public.empty"} <= {i.code for i in items}
    for item in items:
        assert not hasattr(item, "message")
        json.dumps(item.to_dict())  # text, numbers, ISO dates, lists: nothing else
    role = next(i for i in items if i.code == "person.no_role")
    assert role.params == {"name": "Dinara Smailova", "lang": "en"}
    assert role.field == "persons[0].role.en" and role.section == "persons"


def test_the_domain_checklist_holds_no_english_sentence() -> None:
    """The words are chosen at the edge: the only strings in ``missing`` are codes, section
    names and field paths — none has a space in it."""
    tree = ast.parse(inspect.getsource(completeness.missing))
    sentences = [node.value for node in ast.walk(tree)
                 if isinstance(node, ast.Constant) and isinstance(node.value, str)
                 and " " in node.value]
    assert sentences == []


def test_a_refused_status_change_carries_its_reasons_coded() -> None:
    case = Case(kind="AL", recipient=Recipient("state", None), status="approved",
                dates=Dates(sent=date(2030, 1, 1)))
    with pytest.raises(TransitionError) as info:
        lifecycle.transition(case, "sent", date(2024, 9, 1))
    error = info.value
    assert error.code == "status.refused" and error.params == {"status": "sent"}
    assert [(r.code, dict(r.params)) for r in error.reasons] == [
        ("send.date_in_future", {"date": "2030-01-01"}), ("send.no_mandate", {}),
        ("send.no_state", {})]
    assert {r.code for r in error.reasons} <= set(lifecycle.CODES)
    # str() stays an English sentence, for logs.
    assert str(error) == ("cannot mark the case sent: the date sent 2030-01-01 is in the "
                          "future; no signing mandate; no recipient State")
    assert error.notice == Notice("status.refused", {"status": "sent"}, str(error))


def test_an_error_is_coded_or_not() -> None:
    plain = CommdraftError("something broke")
    assert plain.code is None and plain.notice is None and str(plain) == "something broke"
    coded = CommdraftError("no case 'x'", code="case.unknown", params={"case": "x"})
    assert (coded.code, coded.params, str(coded)) == ("case.unknown", {"case": "x"},
                                                      "no case 'x'")
    # Classes that carry their code as a class attribute keep it.
    assert TransitionError("cannot", []).code == "status.refused"


def test_a_notice_reads_in_english_for_logs() -> None:
    assert str(Notice("review.nothing_new", {}, "nothing new")) == "nothing new"
    assert str(Notice("send.no_date")) == "send.no_date"
    assert str(Notice("publish.too_early", {"date": "2024-10-19"})) == \
        "publish.too_early (date=2024-10-19)"
    assert Missing("case", "mandates", "mandates.none").params == {}
