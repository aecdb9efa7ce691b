"""The letters' fixed wording: every sentence comes from the ``letters`` catalog.

The English msgids below are the phrasebook's source text, written for this project. Phrases
that change with the number of signing mandates ("I" for one, "we" for a joint letter) are two
messages told apart by their context, "one signatory" or "several signatories", not plural forms: the choice is
grammatical person, which is binary in all six languages, while ``ngettext`` would give Chinese
(one plural form) the same text for both and Arabic six forms to fill for one distinction. Placeholders are named
(``{capacities}``) and filled after translation; values are user data and never re-parsed.
"""

from __future__ import annotations

import gettext
import re
from pathlib import Path

from desktop_app.i18n import with_overrides

#: Punctuation that ends a drafter's phrase, in the six languages' scripts.
END_PUNCTUATION = " .;:。；：،؛"
#: Initials or an abbreviation at the end of a phrase ("D.S.", "A. B."): its full stop is
#: part of it, not the end of the phrase.
_INITIALS_END = re.compile(r"(?:^|[\s(«“])(?:[^\W\d_]\.\s?)+$")


def trim_end(text: str) -> str:
    """A drafter's phrase without the punctuation that ends it, so that a sentence of the
    letters can put its own: "… Ms. Smailova." -> "… Ms. Smailova"; but "… D.S." keeps the
    full stop of its initials."""
    trimmed = text.rstrip(END_PUNCTUATION)
    kept = text[:len(trimmed) + 1]
    if len(text) > len(trimmed) and kept.endswith(".") and _INITIALS_END.search(kept):
        return kept
    return trimmed


def close(text: str, stop: str) -> str:
    """``text`` followed by ``stop``, without a second full stop after initials ("D.S.")."""
    if stop.startswith(".") and text.endswith("."):
        return text + stop[1:]
    return text + stop


class Phrases:
    """Fixed wording of the letters in one language."""

    def __init__(self, lang: str, wording: Path | None = None) -> None:
        """``wording``: a workspace's own catalogs folder, whose ``letters`` wording (where
        it has any) stands before the shipped one."""
        self.lang = lang
        catalog: gettext.NullTranslations = with_overrides("letters", lang, wording)
        self._ = catalog.gettext
        self.pgettext = catalog.pgettext
        self.npgettext = catalog.npgettext

    @staticmethod
    def by_signers(n: int, one: str, several: str) -> str:
        """The "I" phrase for a letter from one mandate, the "we" phrase for a joint one."""
        return one if n == 1 else several

    # ------------------------------------------------------------------ labels
    def labels(self, practice: str = "website") -> dict[str, str]:
        """Headings and labels; ``practice``: the reference line as letters of that time head
        it ("Ref.:" now, "REFERENCE:" before publication after 60 days)."""
        _ = self._
        label = (self.pgettext("reference line", "Ref.:") if practice == "website"
                 else _("REFERENCE:"))
        return {
            "reference_label": self.label_with_gap(label),
            "facts_intro": _("According to the information received:"),
            "annex": self.pgettext("annex heading", "Annex"),
            "annex_title": _("Reference to international human rights law"),
            "background": self.pgettext("summary heading", "BACKGROUND"),
            "allegations": self.pgettext("summary heading", "ALLEGATIONS"),
            "concerns": self.pgettext("summary heading", "CONCERNS"),
        }

    @staticmethod
    def label_with_gap(label: str) -> str:
        """A label and the space before its value; none after a full-width colon («编号：»)."""
        return label if label.endswith(("：", "\u00a0")) else label + " "

    def no_reference(self) -> str:
        return self._("(allocated when the letter is sent)")

    def undated(self) -> str:
        return self._("(date of sending)")

    # ------------------------------------------------------------------ joining lists
    def join_mandates(self, items: list[str]) -> str:
        """The "Mandates of ..." line joins titles with semicolons, "and" before the last;
        two titles are joined by "and" alone."""
        if len(items) == 2:
            return self.pgettext("two mandates", "{first} and {second}").format(
                first=items[0], second=items[1])
        return self._join(items, self.pgettext("mandates list separator", "; "),
                          self.pgettext("mandates list last separator", "; and "))

    def join(self, items: list[str]) -> str:
        """"A and B"; "A, B, and C" (English letters put a comma before the last "and" of
        three or more; each language says how it joins its lists)."""
        if len(items) >= 3:
            return self._join(items, self.pgettext("list separator", ", "),
                              self.pgettext("list last separator, three or more", ", and "))
        return self._join(items, self.pgettext("list separator", ", "),
                          self.pgettext("list last separator", " and "))

    @staticmethod
    def _join(items: list[str], sep: str, last: str) -> str:
        if len(items) <= 1:
            return "".join(items)
        return sep.join(items[:-1]) + last + items[-1]

    # ------------------------------------------------------------------ the full letter
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

    @staticmethod
    def _closing_dot(message: str, **values: str) -> str:
        """``message`` filled in, without a second full stop where a value that ends with
        initials ("… concerning D.S.") is followed by the message's own."""
        for name, value in values.items():
            if value.endswith("."):
                message = message.replace(f"{{{name}}}.", f"{{{name}}}")
        return message.format(**values)

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

    @staticmethod
    def with_forms(forms: dict[str, str] | None, **values: str) -> dict[str, str]:
        """Placeholders plus every name form of the State concerned as ``{state_<form>}``: a
        catalog whose grammar needs another case than "the Government of X" in the
        nominative (Russian «Правительству Черногории») uses ``{state_government_dat}``."""
        out = {f"state_{form}": value for form, value in (forms or {}).items()}
        out.update(values)
        return out

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

    def concerns_intro(self, n: int, kind: str = "AL") -> str:
        if kind == "OL":
            return self.by_signers(
                n,
                self.pgettext(
                    "one signatory",
                    "I would like to set out below my comments on the compatibility of this text "
                    "with international human rights norms and standards."),
                self.pgettext(
                    "several signatories",
                    "We would like to set out below our comments on the compatibility of this "
                    "text with international human rights norms and standards."),
            )
        return self.by_signers(
            n,
            self.pgettext(
                "one signatory",
                "Without prejudging the accuracy of the information received, I wish to express my "
                "serious concern about the following."),
            self.pgettext(
                "several signatories",
                "Without prejudging the accuracy of the information received, we wish to express our "
                "serious concern about the following."),
        )

    def legal_reference(self, n: int, kind: str = "AL") -> str:
        if kind == "OL":
            return self.by_signers(
                n,
                self.pgettext(
                    "one signatory",
                    "The international human rights norms and standards against which I have "
                    "examined this text are set out in the annex to this letter, which I invite "
                    "you to read with it."),
                self.pgettext(
                    "several signatories",
                    "The international human rights norms and standards against which we have "
                    "examined this text are set out in the annex to this letter, which we invite "
                    "you to read with it."),
            )
        return self.by_signers(
            n,
            self.pgettext(
                "one signatory",
                "The international human rights norms and standards that apply to these allegations "
                "are set out in the annex to this letter, which I invite you to read with it."),
            self.pgettext(
                "several signatories",
                "The international human rights norms and standards that apply to these allegations "
                "are set out in the annex to this letter, which we invite you to read with it."),
        )

    def questions_intro(self, n: int, addressee: str, kind: str = "AL") -> str:
        if kind == "OL":
            return self.by_signers(
                n,
                self.pgettext(
                    "one signatory",
                    "In the light of these comments, I would be grateful for the observations of "
                    "{addressee} on the following:"),
                self.pgettext(
                    "several signatories",
                    "In the light of these comments, we would be grateful for the observations of "
                    "{addressee} on the following:"),
            ).format(addressee=addressee)
        return self.by_signers(
            n,
            self.pgettext(
                "one signatory",
                "As the Human Rights Council has asked me to seek clarification of every case brought "
                "to my attention, I would be grateful for the observations of {addressee} on the "
                "following:"),
            self.pgettext(
                "several signatories",
                "As the Human Rights Council has asked us to seek clarification of every case brought "
                "to our attention, we would be grateful for the observations of {addressee} on the "
                "following:"),
        ).format(addressee=addressee)

    def urgency(self, n: int, addressee: str) -> str:
        """An urgent appeal asks first for what was done at once."""
        return self.by_signers(
            n,
            self.pgettext(
                "one signatory",
                "In view of the urgency of the matter, I would appreciate a prompt reply on the "
                "first steps taken by {addressee} to protect the rights of the persons "
                "concerned."),
            self.pgettext(
                "several signatories",
                "In view of the urgency of the matter, we would appreciate a prompt reply on the "
                "first steps taken by {addressee} to protect the rights of the persons "
                "concerned."),
        ).format(addressee=addressee)

    def reply_request(self, n: int, addressee: str, practice: str = "website") -> str:
        """The publication notice of the practice in force on the letter's date: published
        after 60 days on the communications website (``"website"``), or, before that, made
        public through the communications report to the Council (``"report"``)."""
        if practice == "report":
            return self.by_signers(
                n,
                self.pgettext(
                    "one signatory",
                    "I would appreciate a reply within 60 days. This letter and any reply from "
                    "{addressee} will be reflected in the communications report that special "
                    "procedures submit to the Human Rights Council."),
                self.pgettext(
                    "several signatories",
                    "We would appreciate a reply within 60 days. This letter and any reply from "
                    "{addressee} will be reflected in the communications report that special "
                    "procedures submit to the Human Rights Council."),
            ).format(addressee=addressee)
        return self.by_signers(
            n,
            self.pgettext(
                "one signatory",
                "I would appreciate a reply within 60 days. Once that period has passed, this "
                "letter and any reply from {addressee} will be published on the communications "
                "reporting website, and will later appear in the regular report submitted to the "
                "Human Rights Council."),
            self.pgettext(
                "several signatories",
                "We would appreciate a reply within 60 days. Once that period has passed, this "
                "letter and any reply from {addressee} will be published on the communications "
                "reporting website, and will later appear in the regular report submitted to the "
                "Human Rights Council."),
        ).format(addressee=addressee)

    def urgent_measures(self, n: int, addressee: str) -> str:
        """An urgent appeal's interim measures, followed by the case's urgent request."""
        return self.by_signers(
            n,
            self.pgettext(
                "one signatory",
                "Pending a reply, I urge {addressee} to take at once every measure needed to "
                "stop the alleged violations and to prevent them from happening again, and in "
                "particular:"),
            self.pgettext(
                "several signatories",
                "Pending a reply, we urge {addressee} to take at once every measure needed to "
                "stop the alleged violations and to prevent them from happening again, and in "
                "particular:"),
        ).format(addressee=addressee)

    def accountability(self, n: int, addressee: str) -> str:
        return self.by_signers(
            n,
            self.pgettext(
                "one signatory",
                "Should investigations confirm or suggest that the allegations are accurate, I "
                "also urge {addressee} to hold accountable those responsible."),
            self.pgettext(
                "several signatories",
                "Should investigations confirm or suggest that the allegations are accurate, we "
                "also urge {addressee} to hold accountable those responsible."),
        ).format(addressee=addressee)

    def review_invitation(self, n: int, addressee: str, instrument: str) -> str:
        """An other letter asks for the text to be reviewed, not for violations to stop."""
        return self.by_signers(
            n,
            self.pgettext(
                "one signatory",
                "I invite {addressee} to review {instrument} in the light of these comments, so "
                "that it accords with international human rights law, and I remain available to "
                "offer any technical advice that may help."),
            self.pgettext(
                "several signatories",
                "We invite {addressee} to review {instrument} in the light of these comments, so "
                "that it accords with international human rights law, and we remain available "
                "to offer any technical advice that may help."),
        ).format(addressee=addressee, instrument=instrument)

    def interim_measures(self, n: int, addressee: str) -> str:
        return self.by_signers(
            n,
            self.pgettext(
                "one signatory",
                "Pending a reply, I call on {addressee} to take every interim measure needed to stop "
                "the alleged violations and to prevent them from happening again, and, should "
                "investigations confirm or suggest that the allegations are accurate, to hold "
                "accountable those responsible."),
            self.pgettext(
                "several signatories",
                "Pending a reply, we call on {addressee} to take every interim measure needed to stop "
                "the alleged violations and to prevent them from happening again, and, should "
                "investigations confirm or suggest that the allegations are accurate, to hold "
                "accountable those responsible."),
        ).format(addressee=addressee)

    def press_release(self, n: int, addressee: str) -> str:
        return self.by_signers(
            n,
            self.pgettext(
                "one signatory",
                "Given the seriousness of the matter, I may express my concerns publicly in the near "
                "future. Any such statement would indicate that I have been in contact with "
                "{addressee} to clarify the issues concerned."),
            self.pgettext(
                "several signatories",
                "Given the seriousness of the matter, we may express our concerns publicly in the "
                "near future. Any such statement would indicate that we have been in contact with "
                "{addressee} to clarify the issues concerned."),
        ).format(addressee=addressee)

    def closing(self, n: int, state: bool) -> str:
        if not state:
            return self._("Yours sincerely,")
        return self.by_signers(
            n,
            self.pgettext(
                "one signatory",
                "Please accept, Excellency, the assurances of my highest consideration."),
            self.pgettext(
                "several signatories",
                "Please accept, Excellency, the assurances of our highest consideration."),
        )

    def annex_intro(self, n: int, addressee: str) -> str:
        return self.by_signers(
            n,
            self.pgettext(
                "one signatory",
                "In relation to the facts and concerns set out above, I would like to draw the "
                "attention of {addressee} to the following international norms and standards."),
            self.pgettext(
                "several signatories",
                "In relation to the facts and concerns set out above, we would like to draw the "
                "attention of {addressee} to the following international norms and standards."),
        ).format(addressee=addressee)

    def chair_title(self, mandate_line: str, gender: str | None, style: str = "chair") -> str:
        """The signature of a Working Group's chair: "Chair of the Working Group on ...";
        "Chair-Rapporteur" where the Group styles it so; "Vice-Chair" when the Vice-Chair signs.

        ``mandate_line`` carries the article or case the language needs («du Groupe de travail»,
        «Рабочей группы»); the title itself is gendered in most of the six languages."""
        woman = gender == "female"
        if style == "chair-rapporteur":
            message = (self.pgettext("chair-rapporteur, a woman", "Chair-Rapporteur of {mandate}")
                       if woman else
                       self.pgettext("chair-rapporteur, a man or not known",
                                     "Chair-Rapporteur of {mandate}"))
        elif style == "vice-chair":
            message = (self.pgettext("vice-chair, a woman", "Vice-Chair of {mandate}")
                       if woman else
                       self.pgettext("vice-chair, a man or not known", "Vice-Chair of {mandate}"))
        else:
            message = (self.pgettext("chair, a woman", "Chair of {mandate}") if woman else
                       self.pgettext("chair, a man or not known", "Chair of {mandate}"))
        return message.format(mandate=mandate_line)

    # ------------------------------------------------------------------ the public summary
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

    # ------------------------------------------------------------------ untranslated texts
    def untranslated_marker(self) -> str:
        """The mark a document shows where a text of the case has no translation yet."""
        return self.pgettext("a text of the case not yet translated", "[to be translated]")

    def untranslated(self, source: str) -> str:
        """A text not yet translated: the mark, then the text in the source language, so that
        the reader sees where and what is missing."""
        return self.pgettext("mark, then the untranslated text", "{marker} {text}").format(
            marker=self.untranslated_marker(), text=source.strip())
