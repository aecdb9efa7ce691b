"""The full letter's fixed wording up to its facts: the mandates line, salutation, opening,
resolutions cited, lead-in, the persons concerned and earlier communications."""

from __future__ import annotations

from desktop_app.documents.phrases_base import PhraseBook, close, trim_end


class LetterOpening(PhraseBook):
    """The full letter from its mandates line to its facts."""

    def mandates_line(self, count: int, titles: str) -> str:
        """The line under the letterhead: "Mandate of ..." for one, "Mandates of ..." for more."""
        return self.by_signers(
            count,
            self.pgettext("one mandate", "Mandate of {titles}."),
            self.pgettext("several mandates", "Mandates of {titles}."),
        ).format(titles=titles)

    def salutation(self, state: bool) -> str:
        return self._("Excellency,") if state else self._("Dear Sir or Madam,")

    def addressee(self, state: bool) -> str:
        return (self.pgettext("addressee", "your Excellency's Government") if state
                else self.pgettext("addressee", "your organisation"))

    def reference_note(self) -> str:
        """What follows the reference on its line: the request to quote it in the reply."""
        return self.pgettext("reference line", "(Please use this reference in your reply)")

    def opening(self, who: str, capacities: str, resolutions: str,
                mandate_lines: str = "") -> str:
        """The established opening: "I/We have the honour to address you in my/our
        capacity/capacities as …, pursuant to …". ``who``: "one" (one holder), "several" (a
        joint letter) or "body" (a Working Group writing alone: "we", one capacity).
        ``{capacities}`` are the titles as nouns; a language whose grammar needs the mandates
        line's form (Russian, genitive) writes ``{mandate_lines}`` instead."""
        message = {
            "one": self.pgettext(
                "one signatory",
                "I have the honour to address you in my capacity as {capacities}, pursuant to "
                "{resolutions}."),
            "several": self.pgettext(
                "several signatories",
                "We have the honour to address you in our capacity as {capacities}, pursuant to "
                "{resolutions}."),
            "body": self.pgettext(
                "a body writing alone",
                "We have the honour to address you in our capacity as {capacities}, pursuant to "
                "{resolutions}."),
        }[who]
        return message.format(capacities=capacities, resolutions=resolutions,
                              mandate_lines=mandate_lines or capacities)

    def resolutions(self, cited: list[tuple[str, str]]) -> str:
        """The resolutions of the opening, by body: "Human Rights Council resolutions 52/4 and
        52/9 and Commission on Human Rights resolution 1993/2 A". ``cited``: (body, number) in
        the order of the mandates; the count decides the grammatical number (Arabic has a
        dual, Russian three forms)."""
        groups: dict[str, list[str]] = {}
        for body, number in cited:
            groups.setdefault(body, []).append(number)
        parts = []
        for body, numbers in groups.items():
            n = len(numbers)
            # Literal calls, one per body: the extractor reads only literal messages.
            if body == "CHR":
                message = self.npgettext("resolutions cited in the opening",
                                         "Commission on Human Rights resolution {numbers}",
                                         "Commission on Human Rights resolutions {numbers}", n)
            elif body == "GA":
                message = self.npgettext("resolutions cited in the opening",
                                         "General Assembly resolution {numbers}",
                                         "General Assembly resolutions {numbers}", n)
            else:
                message = self.npgettext("resolutions cited in the opening",
                                         "Human Rights Council resolution {numbers}",
                                         "Human Rights Council resolutions {numbers}", n)
            parts.append(message.format(numbers=self.join(numbers)))
        return self.join(parts)

    def lead_in_comments(self, n: int, addressee: str, instrument: str, summary: str) -> str:
        """An other letter's lead-in: comments on a text, not information about violations."""
        return self._closing_dot(self.by_signers(
            n,
            self.pgettext(
                "one signatory",
                "In this regard, I would like to share with {addressee} my comments on "
                "{instrument}, concerning {summary}."),
            self.pgettext(
                "several signatories",
                "In this regard, we would like to share with {addressee} our comments on "
                "{instrument}, concerning {summary}."),
        ), addressee=addressee, instrument=instrument, summary=trim_end(summary))

    def instrument(self, stage: str, title: str, day: str) -> str:
        """The text an other letter comments on: "the bill “…” of 2 May 2024"."""
        message = {
            "bill": self.pgettext("the text commented on", "the bill “{title}” of {date}"),
            "law": self.pgettext("the text commented on", "the law “{title}” of {date}"),
            "policy": self.pgettext("the text commented on", "the policy “{title}” of {date}"),
            "decree": self.pgettext("the text commented on", "the decree “{title}” of {date}"),
            "regulation": self.pgettext("the text commented on",
                                        "the regulation “{title}” of {date}"),
        }.get(stage)
        if message is None:
            message = self.pgettext("the text commented on", "the bill “{title}” of {date}")
        return message.format(title=title.strip(), date=day)

    def lead_in(self, n: int, addressee: str, summary: str) -> str:
        return self._closing_dot(self.by_signers(
            n,
            self.pgettext(
                "one signatory",
                "In this regard, I wish to bring to the attention of {addressee} information I have "
                "received concerning {summary}."),
            self.pgettext(
                "several signatories",
                "In this regard, we wish to bring to the attention of {addressee} information we "
                "have received concerning {summary}."),
        ), addressee=addressee, summary=trim_end(summary))

    def persons_heading(self, n: int) -> str:
        return self._("The information concerns:")

    def honorific_name(self, honorific: str, name: str) -> str:
        """"Ms. X" (中文: "X女士"); the name alone when there is no honorific."""
        if not honorific:
            return name
        return self.pgettext("honorific and name", "{honorific} {name}").format(
            honorific=honorific, name=name)

    def person_intro(self, honorific: str, name: str, role: str, *, last: bool) -> str:
        """One line of the list of persons concerned: "Ms. X, role;" and "." on the last."""
        label = self.honorific_name(honorific, name)
        if role:
            label = self._("{name}, {role}").format(name=label, role=trim_end(role))
        end = self.pgettext("end of list item", ".") if last else self.pgettext(
            "end of list item", ";")
        return close(label, end)

    def honorific(self, gender: str) -> str:
        if gender == "female":
            return self.pgettext("honorific", "Ms.")
        if gender == "male":
            return self.pgettext("honorific", "Mr.")
        return ""
    def related(self, reference: str, forms: dict[str, str] | None, sent: str | None,
                reply: str | None) -> str:
        """A sentence citing an earlier communication. ``forms`` are the State's name forms
        when it went to a State; other recipients are not named again."""
        values = self.with_forms(forms, reference=reference, sent=sent or "", reply=reply or "",
                                 government=(forms or {}).get("government", ""))
        if not sent:
            return self._(
                "These matters were raised in an earlier communication, {reference}."
            ).format_map(values)
        if forms is None:
            message = (self._("These matters were raised in an earlier communication, "
                              "{reference}, sent on {sent}; a reply was received on {reply}.")
                       if reply else
                       self._("These matters were raised in an earlier communication, "
                              "{reference}, sent on {sent}; no reply has been received."))
        else:
            message = (self._("These matters were raised in an earlier communication, "
                              "{reference}, sent to {government} on {sent}; a reply was "
                              "received on {reply}.")
                       if reply else
                       self._("These matters were raised in an earlier communication, "
                              "{reference}, sent to {government} on {sent}; no reply has been "
                              "received."))
        return message.format_map(values)

