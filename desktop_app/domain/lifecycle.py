"""Status lifecycle: draft -> in review -> approved -> sent -> published, with guards."""

from __future__ import annotations

from datetime import date

from desktop_app.domain.case import STATUSES, Case
from desktop_app.domain.deadlines import publication_date
from desktop_app.domain.errors import TransitionError
from desktop_app.domain.notices import Notice

#: Allowed moves; going back to draft from review or approval is allowed, un-sending is not.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "draft": ("in_review",),
    "in_review": ("draft", "approved"),
    "approved": ("draft", "in_review", "sent"),
    "sent": ("published",),
    "published": (),
}


#: Every code :func:`blockers` gives (``desktop_app.workspace.messages`` has their words).
CODES = (
    "status.unknown", "status.not_allowed", "send.no_date", "send.date_in_future",
    "send.no_mandate", "send.no_state", "send.no_recipient_name", "publish.no_date",
    "publish.too_early", "publish.no_reference",
)


def blockers(case: Case, target: str, today: date) -> list[Notice]:
    """Why ``case`` cannot move to ``target`` today, as coded notices; empty when it can.

    Each notice's ``text`` is an English sentence for logs; the user is shown the code's
    words in their language."""
    if target not in STATUSES:
        return [Notice("status.unknown", {"status": target, "allowed": list(STATUSES)},
                       f"unknown status {target!r}; use one of {', '.join(STATUSES)}")]
    if target not in TRANSITIONS[case.status]:
        allowed = list(TRANSITIONS[case.status])
        return [Notice("status.not_allowed",
                       {"current": case.status, "status": target, "allowed": allowed},
                       f"a {case.status} case cannot become {target} "
                       f"(allowed: {', '.join(allowed) or 'none'})")]
    reasons: list[Notice] = []
    sent = case.dates.sent
    if target == "sent":
        if sent is None:
            reasons.append(Notice("send.no_date", {}, "the date sent is missing"))
        elif sent > today:
            reasons.append(Notice("send.date_in_future", {"date": sent.isoformat()},
                                  f"the date sent {sent.isoformat()} is in the future"))
        if not case.mandates:
            reasons.append(Notice("send.no_mandate", {}, "no signing mandate"))
        if case.recipient.type == "state" and not case.recipient.state:
            reasons.append(Notice("send.no_state", {}, "no recipient State"))
        if case.recipient.type == "other" and not (case.recipient.name or "").strip():
            reasons.append(Notice("send.no_recipient_name", {}, "no recipient name"))
    if target == "published":
        if sent is None:
            reasons.append(Notice("publish.no_date", {}, "the date sent is missing"))
        elif today < publication_date(sent):
            until = publication_date(sent).isoformat()
            reasons.append(Notice("publish.too_early", {"date": until},
                                  f"the 60 days of confidentiality end on {until}"))
        if not case.reference:
            reasons.append(Notice("publish.no_reference", {}, "the case has no reference"))
    return reasons


def transition(case: Case, target: str, today: date) -> None:
    """Move ``case`` to ``target`` in place, or raise TransitionError with every reason."""
    reasons = blockers(case, target, today)
    if reasons:
        raise TransitionError(f"cannot mark the case {target.replace('_', ' ')}", reasons,
                              target=target)
    case.status = target
