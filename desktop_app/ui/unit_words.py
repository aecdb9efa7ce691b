"""The texts of a case as the window names them ("Allegations ¶3", "Role of …") and the
states of a translated text in words and colours."""

from __future__ import annotations

from desktop_app.domain.translation import UnitState
from desktop_app.ui.tr import N_

STATE_WORDS = {
    UnitState.MISSING: N_("to translate"),
    UnitState.STALE: N_("stale: the source changed"),
    UnitState.UNCHECKED: N_("not checked against the source"),
    UnitState.ORPHAN: N_("source removed"),
    UnitState.CURRENT: N_("up to date"),
}
STATE_COLOURS = {
    UnitState.MISSING: "#9a6700", UnitState.STALE: "#b35900", UnitState.UNCHECKED: "#6639ba",
    UnitState.ORPHAN: "#cf222e", UnitState.CURRENT: "#1a7f37",
}
SECTION_WORDS = {
    "topic": N_("Topic"), "summary": N_("The information concerns…"),
    "persons": N_("Role of {name}"), "person names": N_("Name of {name} in this language"),
    "background": N_("Background ¶{n}"),
    "allegations": N_("Allegations ¶{n}"), "concerns": N_("Concerns ¶{n}"),
    "questions": N_("Question {n}"), "update": N_("Update ¶{n}"),
    "urgent_request": N_("Urgent request ¶{n}"),
    "public.background": N_("Background (shortened) ¶{n}"),
    "public.allegations": N_("Allegations (shortened) ¶{n}"),
    "public.concerns": N_("Concerns (shortened) ¶{n}"),
}
