"""The public summary's fixed wording: its title, preamble, the reply's status, the topic."""

from __future__ import annotations

from desktop_app.documents.phrases_base import PhraseBook, trim_end


class SummaryPhrases(PhraseBook):
    """The public summary."""

    def summary_title(self, reference: str | None, recipient: str) -> str:
        if reference:
            return self._("{recipient}: summary of communication {reference}").format(
                recipient=recipient, reference=reference)
        return self._("{recipient}: summary of a communication").format(recipient=recipient)

    def preamble_sent(self, n: int, lead: str, government: str, sent: str,
                      forms: dict[str, str] | None = None) -> str:
        """The summary's first sentence. ``forms`` are the State's name forms («au
        Gouvernement du Monténégro» is written ``au Gouvernement {state_of}``); a company or
        organisation is ``{recipient}``."""
        values = self.with_forms(forms, lead=lead, sent=sent, government=government,
                                 recipient=government)
        if forms is None:
            return self.by_signers(
                n,
                self.pgettext(
                    "one signatory, to a company or organisation",
                    "This summary is based on a communication that {lead} sent to {recipient} on "
                    "{sent}."),
                self.pgettext(
                    "several signatories, to a company or organisation",
                    "This summary is based on a communication that {lead} and other United "
                    "Nations experts sent to {recipient} on {sent}."),
            ).format_map(values)
        return self.by_signers(
            n,
            self.pgettext(
                "one signatory",
                "This summary is based on a communication that {lead} sent to {government} on "
                "{sent}."),
            self.pgettext(
                "several signatories",
                "This summary is based on a communication that {lead} and other United Nations "
                "experts sent to {government} on {sent}."),
        ).format_map(values)

    def preamble_reported(self) -> str:
        """Before publication after 60 days, communications became public through the
        communications report to the Council."""
        return self._(
            "The communication and any reply were made public through the communications "
            "report of special procedures to the Human Rights Council.")

    def preamble_confidential(self, state: bool) -> str:
        if state:
            return self._(
                "The communication stayed confidential for 60 days before it was published, so "
                "that the Government had time to reply."
            )
        return self._(
            "The communication stayed confidential for 60 days before it was published, so "
            "that its recipient had time to reply."
        )

    def reply_within(self, reply: str) -> str:
        return self._("A reply was received on {reply}.").format(reply=reply)

    def reply_none(self, practice: str = "website") -> str:
        if practice == "report":
            return self._("No reply was received within the 60 days.")
        return self._(
            "No reply was received within the 60 days. Any reply that arrives later will be "
            "published on the communications reporting website."
        )

    def reply_after(self, reply: str) -> str:
        return self._(
            "A reply was received on {reply}, after the communication had been made public."
        ).format(reply=reply)

    def reply_acknowledgement(self, reply: str) -> str:
        return self._(
            "On {reply}, receipt of the communication was acknowledged; no substantive reply had "
            "been received when it was published."
        ).format(reply=reply)

    def sentences(self, items: list[str]) -> str:
        """Sentences run on in one paragraph: a space between them, none in Chinese."""
        # A pattern, not a bare separator: gettext reads an empty translation as "untranslated".
        pattern = self.pgettext("two sentences in a row", "{sentence} {next}")
        text = items[0] if items else ""
        for item in items[1:]:
            text = pattern.format(sentence=text, next=item)
        return text

    def shorter_version(self) -> str:
        return self._("What follows is an abridged version of the original communication.")

    def topic_line(self, topic: str) -> str:
        return self._closing_dot(self._("Topic: {topic}."), topic=trim_end(topic))

