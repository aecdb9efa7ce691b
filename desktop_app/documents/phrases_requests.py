"""The full letter's fixed wording after its facts: concerns, the law, questions, what the
letter asks of its recipient, the closing, the annex and a Working Group chair's signature."""

from __future__ import annotations

from desktop_app.documents.phrases_base import PhraseBook


class LetterRequests(PhraseBook):
    """The full letter from its concerns to its signatures."""

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

