"""A person the document may not name is replaced by their label, and the sentence still reads.

Honorific and name go together, once, in every language («Ms. Dinara Smailova», «Mme
Smailova», «г-жи Смаиловой», «斯马伊洛娃女士», «بالسيدة سمايلوفا» each become one label); the label
gets a capital where it starts a sentence and no second full stop after initials; every
replacement is listed for the drafter.
"""

from __future__ import annotations

import re

import pytest

from desktop_app.documents import build_context, replacements
from desktop_app.domain.case import Case
from desktop_app.reference import demo_case
from desktop_app.workspace.documents import consent_replacements

LABEL = "a woman journalist"
NAME_WORDS = ("Dinara", "Smailova", "Динар", "Смаилов", "迪娜拉", "斯马伊洛娃", "دينارا", "سمايلوفا")
HONORIFICS = ("Ms.", "Mme", "г-ж", "Г-ж", "女士", "السيدة")


@pytest.fixture
def case() -> Case:
    """The demo case, whose first person (Dinara Smailova) agreed to be named to the State
    but not in public."""
    case = Case.from_dict(demo_case())
    dinara = case.persons[0]
    dinara.consent_state, dinara.consent_public = True, False
    dinara.public_name = LABEL
    return case


def summary_paragraph(case: Case, lang: str, text: str, ref) -> str:
    """The public summary's first background paragraph, made from ``text``."""
    case.text[lang].public.background = [text]
    return build_context(case, lang, "short", ref)["background"][0]


def assert_no_name(text: str) -> None:
    for word in (*NAME_WORDS, *HONORIFICS):
        assert word not in text, f"{word!r} left in {text!r}"


# ---------------------------------------------------------------------- honorific and full name
@pytest.mark.parametrize(("lang", "text", "expected"), [
    ("en", "Ms. Dinara Smailova founded the Foundation in 2018.",
     "A woman journalist founded the Foundation in 2018."),
    ("fr", "Depuis 2018, Mme Dinara Smailova dirige la Fondation.",
     f"Depuis 2018, {LABEL} dirige la Fondation."),
    ("ru", "Г-жа Динара Смаилова основала Фонд в 2018 году.",
     "A woman journalist основала Фонд в 2018 году."),
    ("zh", "2018年，迪娜拉·斯马伊洛娃女士创立了该基金会。", f"2018年，{LABEL}创立了该基金会。"),
    ("ar", "أسست السيدة دينارا سمايلوفا المؤسسة في عام 2018.",
     f"أسست {LABEL} المؤسسة في عام 2018."),
])
def test_honorific_and_full_name_become_one_label(workspace, case, lang, text, expected):
    printed = summary_paragraph(case, lang, text, workspace.reference)
    assert printed == expected
    assert printed.lower().count(LABEL) == 1
    assert_no_name(printed)


@pytest.mark.parametrize(("lang", "text", "expected"), [
    # The surname alone.
    ("en", "The police questioned Smailova twice.", f"The police questioned {LABEL} twice."),
    ("fr", "La police a interrogé Smailova deux fois.", f"La police a interrogé {LABEL} deux fois."),
    ("zh", "警方两次询问了斯马伊洛娃。", f"警方两次询问了{LABEL}。"),
    # Honorific and surname.
    ("en", "The police questioned Ms. Smailova twice.", f"The police questioned {LABEL} twice."),
    ("fr", "La police a interrogé Mme Smailova deux fois.",
     f"La police a interrogé {LABEL} deux fois."),
    ("ru", "Полиция дважды допросила г-жу Смаилову.", f"Полиция дважды допросила {LABEL}."),
    ("zh", "警方两次询问了斯马伊洛娃女士。", f"警方两次询问了{LABEL}。"),
    ("ar", "استجوبت الشرطة السيدة سمايلوفا مرتين.", f"استجوبت الشرطة {LABEL} مرتين."),
    # The given name alone.
    ("en", "Dinara was not at home.", "A woman journalist was not at home."),
])
def test_partial_names_get_the_same_label_once(workspace, case, lang, text, expected):
    printed = summary_paragraph(case, lang, text, workspace.reference)
    assert printed == expected
    assert_no_name(printed)


@pytest.mark.parametrize(("text", "expected"), [
    ("Полиция допросила супруга г-жи Смаиловой.", f"Полиция допросила супруга {LABEL}."),
    ("Полиция связалась с Динарой Смаиловой.", f"Полиция связалась с {LABEL}."),
    ("Угрозы в адрес Смаиловой продолжаются.", f"Угрозы в адрес {LABEL} продолжаются."),
    ("Письмо направлено г-же Смаиловой.", f"Письмо направлено {LABEL}."),
])
def test_declined_russian_forms(workspace, case, text, expected):
    printed = summary_paragraph(case, "ru", text, workspace.reference)
    assert printed == expected
    assert_no_name(printed)


def test_arabic_prefix_stays_before_the_label(workspace, case):
    case.persons[0].public_name = "صحفية"
    printed = summary_paragraph(case, "ar", "التقى المحامي بالسيدة سمايلوفا ثم بزوجها.",
                                workspace.reference)
    assert printed == "التقى المحامي بصحفية ثم بزوجها."
    printed = summary_paragraph(case, "ar", "وصلت رسالة للسيدة سمايلوفا.", workspace.reference)
    assert printed == "وصلت رسالة لصحفية."


# ---------------------------------------------------------------------- punctuation and capitals
@pytest.mark.parametrize(("lang", "text", "expected"), [
    ("en", "The case concerns Ms. Dinara Smailova.", "The case concerns D.S."),
    ("en", "Charges were brought against Smailova. She left.",
     "Charges were brought against D.S. She left."),
    ("fr", "L'affaire concerne Mme Smailova.", "L'affaire concerne D.S."),
    ("ru", "Речь идет о г-же Смаиловой.", "Речь идет о D.S."),
    ("ar", "تتعلق القضية بالسيدة سمايلوفا.", "تتعلق القضية بD.S."),
])
def test_initials_at_the_end_of_a_sentence_keep_one_full_stop(workspace, case, lang, text,
                                                               expected):
    case.persons[0].public_name = None  # her initials stand in
    printed = summary_paragraph(case, lang, text, workspace.reference)
    assert printed == expected
    assert ".." not in printed


def test_topic_and_lead_in_ending_with_initials_keep_one_full_stop(workspace, case):
    case.persons[0].public_name = None
    case.persons[0].consent_state = False
    case.text["en"].topic = "threats against Ms. Smailova."
    case.text["en"].summary = "threats against Ms. Smailova."
    short = build_context(case, "en", "short", workspace.reference)
    full = build_context(case, "en", "full", workspace.reference)
    assert short["topic_line"] == "Topic: threats against D.S."
    assert full["lead_in"].endswith("concerning threats against D.S.")


def test_a_label_that_starts_a_sentence_gets_a_capital(workspace, case):
    printed = summary_paragraph(
        case, "en", "She moved in 2023. Smailova then applied for protection; “Ms. Smailova "
        "was followed,” a witness said.", workspace.reference)
    assert printed == ("She moved in 2023. A woman journalist then applied for protection; "
                       "“a woman journalist was followed,” a witness said.")


def test_a_person_named_twice_keeps_two_mentions_never_more(workspace, case):
    text = "Ms. Dinara Smailova said that the surveillance of Smailova continues."
    printed = summary_paragraph(case, "en", text, workspace.reference)
    assert printed == (f"A woman journalist said that the surveillance of {LABEL} continues.")
    found = [r for r in replacements(case, "en", "short", workspace.reference)
             if r.key == "public.background.0"]
    assert [r.original for r in found] == ["Ms. Dinara Smailova", "Smailova"]


def test_a_label_sharing_a_word_with_the_name_is_not_replaced_again(workspace, case):
    case.persons[0].public_name = "Dinara S."
    printed = summary_paragraph(case, "en", "We met Ms. Dinara Smailova.", workspace.reference)
    assert printed == "We met Dinara S."


# ---------------------------------------------------------------------- who is replaced where
def test_a_person_with_consent_is_left_untouched(workspace, case):
    text = "Mr. Almat Mukhamedzhanov and Ms. Smailova were photographed."
    printed = summary_paragraph(case, "en", text, workspace.reference)
    assert printed == f"Mr. Almat Mukhamedzhanov and {LABEL} were photographed."
    assert all(r.person_id == "dinara-smailova"
               for r in replacements(case, "en", "short", workspace.reference))


def test_letter_follows_state_consent_summary_follows_public_consent(workspace, case):
    text = "Ms. Dinara Smailova was photographed."
    case.text["en"].background = [text]
    case.text["en"].public.background = [text]
    # Named to the State, not in public.
    full = build_context(case, "en", "full", workspace.reference)
    assert full["background"][0] == text
    assert full["persons_intro"][0].startswith("Ms. Dinara Smailova, ")
    assert not replacements(case, "en", "full", workspace.reference)
    short = build_context(case, "en", "short", workspace.reference)
    assert short["background"][0] == "A woman journalist was photographed."
    # Named nowhere: the letter's list of persons gives her label too.
    case.persons[0].consent_state = False
    full = build_context(case, "en", "full", workspace.reference)
    assert full["background"][0] == "A woman journalist was photographed."
    assert full["persons_intro"][0].startswith("A woman journalist, woman human rights")
    assert_no_name(" ".join(full["persons_intro"][:1]) + full["lead_in"])


def test_the_list_of_replacements_for_the_checklist(workspace, case):
    case.text["en"].public.background = ["Ms. Dinara Smailova was photographed."]
    found = consent_replacements(workspace, case, "en", "short")
    first = next(r for r in found if r.key == "public.background.0")
    assert (first.person_id, first.original, first.replacement, first.section) == (
        "dinara-smailova", "Ms. Dinara Smailova", "A woman journalist", "background")
    keys = {r.key for r in found}
    assert {"topic", "public.background.0"} <= keys
    # Every replacement is one the document really prints, and nothing else names her.
    short = build_context(case, "en", "short", workspace.reference)
    printed = "\n".join(str(v) for k, v in short.items() if k not in ("unit_keys", "properties"))
    assert_no_name(printed)
    assert len(re.findall(LABEL, printed, flags=re.IGNORECASE)) == len(found)
    assert consent_replacements(workspace, case, "en", "full") == []


@pytest.mark.parametrize("lang", ["en", "fr", "es", "ru", "zh", "ar"])
def test_the_demo_summary_names_her_nowhere_in_six_languages(workspace, case, lang):
    short = build_context(case, lang, "short", workspace.reference)
    printed = "\n".join(str(v) for k, v in short.items() if k not in ("unit_keys", "properties"))
    assert_no_name(printed)
    assert f"Ms. {LABEL}" not in printed and f"{LABEL} {LABEL}" not in printed
    assert short["properties"]["title"].count("Smailova") == 0
    assert replacements(case, lang, "short", workspace.reference)


def test_an_untranslated_source_text_loses_its_own_honorifics_too(workspace, case):
    """A French summary printing the English text it lacks replaces "Ms. Smailova" whole."""
    case.text["en"].public.background = ["The police questioned Ms. Dinara Smailova."]
    case.text["fr"].public.background = [""]
    printed = build_context(case, "fr", "short", workspace.reference)["background"][0]
    assert printed == f"[à traduire] The police questioned {LABEL}."
    case.text["en"].public.background = ["Ms. Smailova and Mr. Mukhamedzhanov were followed."]
    case.text["ru"].public.background = [""]
    printed = build_context(case, "ru", "short", workspace.reference)["background"][0]
    assert printed == ("[требуется перевод] A woman journalist and Mr. Mukhamedzhanov were "
                       "followed.")
