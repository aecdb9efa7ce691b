"""Status lifecycle: draft -> in review -> approved -> sent -> published, with guards."""

from __future__ import annotations

from datetime import date

from desktop_app.domain.case import STATUSES, Case
from desktop_app.domain.deadlines import publication_date
from desktop_app.domain.errors import TransitionError

#: Allowed moves; going back to draft from review or approval is allowed, un-sending is not.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "draft": ("in_review",),
    "in_review": ("draft", "approved"),
    "approved": ("draft", "in_review", "sent"),
    "sent": ("published",),
    "published": (),
}


def blockers(case: Case, target: str, today: date) -> list[str]:
    """Why ``case`` cannot move to ``target`` today; empty when it can."""
    if target not in STATUSES:
        return [f"unknown status {target!r}; use one of {', '.join(STATUSES)}"]
    if target not in TRANSITIONS[case.status]:
        allowed = ", ".join(TRANSITIONS[case.status]) or "none"
        return [f"a {case.status} case cannot become {target} (allowed: {allowed})"]
    reasons: list[str] = []
    if target == "sent":
        if case.dates.sent is None:
            reasons.append("the date sent is missing")
        elif case.dates.sent > today:
            reasons.append(f"the date sent {case.dates.sent.isoformat()} is in the future")
        if not case.mandates:
            reasons.append("no signing mandate")
        if case.recipient.type == "state" and not case.recipient.state:
            reasons.append("no recipient State")
        if case.recipient.type == "other" and not (case.recipient.name or "").strip():
            reasons.append("no recipient name")
    if target == "published":
        if case.dates.sent is None:
            reasons.append("the date sent is missing")
        elif today < publication_date(case.dates.sent):
            reasons.append(
                "the 60 days of confidentiality end on "
                f"{publication_date(case.dates.sent).isoformat()}"
            )
        if not case.reference:
            reasons.append("the case has no reference")
    return reasons


def transition(case: Case, target: str, today: date) -> None:
    """Move ``case`` to ``target`` in place, or raise TransitionError with every reason."""
    reasons = blockers(case, target, today)
    if reasons:
        raise TransitionError(f"cannot mark the case {target.replace('_', ' ')}", reasons)
    case.status = target
