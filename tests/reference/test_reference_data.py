"""The packaged reference data: contents and the facts a letter depends on."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from desktop_app.domain.case import Case
from desktop_app.reference import demo_case, load_reference

REQUIRED_MANDATES = {
    "hrd", "freedom-expression", "torture", "judges-lawyers", "assembly-association",
    "wg-women-girls", "wgad", "privacy", "counter-terrorism", "migrants",
}
SEED_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"


@pytest.fixture(scope="module")
def ref():
    return load_reference()


# ----------------------------------------------------------------------------- mandates
def test_mandates_cover_the_first_cut(ref):
    assert REQUIRED_MANDATES <= set(ref.mandates)
    assert any(m.kind == "country" for m in ref.mandates.values())


def test_every_mandate_has_english_title_line_and_a_resolution(ref):
    for mandate in ref.mandates.values():
        assert mandate.title["en"].strip()
        assert mandate.mandate_line["en"].startswith("the ")
        assert mandate.resolutions, mandate.id
        years = [r.year for r in mandate.resolutions]
        assert years == sorted(years), mandate.id


def test_resolution_cited_depends_on_the_year_of_the_letter(ref):
    hrd = ref.mandate("hrd")
    assert str(hrd.resolution_on(2024)) == "52/4"
    assert hrd.resolution_on(2023).number == "52/4"
    assert hrd.resolution_on(2026).number == "61/22"
    assert hrd.resolution_on(None).number == "61/22"  # undated draft: the latest
    assert hrd.resolution_on(2000) is None
    assert ref.mandate("torture").resolution_on(2024).number == "52/7"
    assert ref.mandate("freedom-expression").resolution_on(2024).number == "52/9"
    assert ref.mandate("wg-women-girls").resolution_on(2024).number == "50/18"


def test_holder_on_a_date(ref):
    assert ref.mandate("hrd").holder_on(date(2024, 8, 20)).name == "Mary Lawlor"
    assert ref.mandate("hrd").holder_on(date(2020, 4, 30)) is None  # predecessor not recorded
    torture = ref.mandate("torture")
    assert torture.holder_on(date(2022, 7, 31)).name == "Nils Melzer"
    assert torture.holder_on(date(2022, 8, 1)).name == "Alice Jill Edwards"
    assert ref.mandate("wgad").signs_as == "chair"
    assert ref.mandate("wgad").holder_on(date(2024, 1, 1)) is None


def test_title_falls_back_to_english(tmp_path):
    # A workspace's own mandate may come in English only: other languages fall back to it.
    import json

    from desktop_app.reference import load_reference

    own = {"id": "own-mandate", "kind": "thematic", "signs_as": "holder",
           "title": {"en": "Special Rapporteur on a new subject"},
           "mandate_line": {"en": "the Special Rapporteur on a new subject"},
           "resolutions": [{"number": "60/1", "year": 2025}], "holders": []}
    (tmp_path / "mandates.json").write_text(json.dumps([own]), encoding="utf-8")
    mandate = load_reference(tmp_path).mandate("own-mandate")
    assert mandate.title_in("fr") == mandate.title_in("en")
    assert mandate.line_in("ar") == "the Special Rapporteur on a new subject"
    hrd = load_reference(tmp_path).mandate("hrd")
    assert hrd.title_in("fr") != hrd.title_in("en")  # the shipped data has all six


# ----------------------------------------------------------------------------- States
def test_193_members_and_2_observers(ref):
    states = ref.states
    assert len(states) == 195
    statuses = [s.status for s in states.values()]
    assert statuses.count("member_state") == 193
    assert {k for k, s in states.items() if s.status == "observer_state"} == {"PSE", "VAT"}
    assert "COK" not in states and "NIU" not in states


@pytest.mark.parametrize("iso3, expected", [
    ("MNE", "the Government of Montenegro"),
    ("PHL", "the Government of the Philippines"),
    ("IRN", "the Government of the Islamic Republic of Iran"),
    ("SYR", "the Government of the Syrian Arab Republic"),
    ("RUS", "the Government of the Russian Federation"),
    ("TUR", "the Government of Türkiye"),
    ("NLD", "the Government of the Kingdom of the Netherlands"),
    ("GBR", "the Government of the United Kingdom of Great Britain and Northern Ireland"),
    ("USA", "the Government of the United States of America"),
    ("BOL", "the Government of the Plurinational State of Bolivia"),
    ("KAZ", "the Government of Kazakhstan"),
])
def test_english_government_forms(ref, iso3, expected):
    assert ref.state(iso3).form("en", "government") == expected


@pytest.mark.parametrize("iso3, form, expected", [
    ("MNE", "of", "du Monténégro"),
    ("MNE", "in", "au Monténégro"),
    ("MNE", "government", "le Gouvernement du Monténégro"),
    ("UGA", "of", "de l'Ouganda"),
    ("UGA", "in", "en Ouganda"),
    ("PHL", "of", "des Philippines"),
    ("PHL", "in", "aux Philippines"),
    ("AFG", "in", "en Afghanistan"),
    ("IRQ", "in", "en Iraq"),
    ("KAZ", "in", "au Kazakhstan"),
    ("CUB", "of", "de Cuba"),
    ("CUB", "in", "à Cuba"),
    ("ISR", "of", "d'Israël"),
    ("HTI", "in", "en Haïti"),
    ("IRN", "government", "le Gouvernement de la République islamique d'Iran"),
    ("NLD", "in", "au Royaume des Pays-Bas"),
])
def test_french_contractions(ref, iso3, form, expected):
    assert ref.state(iso3).form("fr", form) == expected


@pytest.mark.parametrize("iso3, form, expected", [
    ("AFG", "government", "el Gobierno del Afganistán"),
    ("MNE", "government", "el Gobierno de Montenegro"),
    ("USA", "of", "de los Estados Unidos de América"),
    ("IRN", "in", "en la República Islámica del Irán"),
])
def test_spanish_forms(ref, iso3, form, expected):
    assert ref.state(iso3).form("es", form) == expected


def test_renamed_states_use_m49_names_and_say_so(ref):
    tur, nld = ref.state("TUR"), ref.state("NLD")
    assert tur.form("en", "short") == tur.form("fr", "short") == "Türkiye"
    assert tur.form("en", "formal") == "the Republic of Türkiye"
    assert nld.form("en", "short") == "Netherlands (Kingdom of the)"
    assert tur.notes and nld.notes
    # No verified current formal name in French: fall back inside the language, not to English.
    assert tur.form("fr", "formal") == "la Türkiye"


def test_every_language_has_its_own_running_forms(ref):
    mne = ref.state("MNE")
    assert mne.form("ru", "short") == "Черногория"
    for lang in ("ar", "zh", "ru"):
        assert mne.has_form(lang, "government")
    assert mne.form("ru", "government") == "Правительство Черногории"
    assert mne.form("ru", "government_dat") == "Правительству Черногории"
    # A form only Russian declines falls back to the language's own nominative elsewhere.
    assert mne.form("fr", "government_dat") == "le Gouvernement du Monténégro"
    assert ref.state("mne") is mne  # codes are case-insensitive


def test_every_english_name_has_all_forms(ref):
    for state in ref.states.values():
        en = state.names["en"]
        assert en["government"] == f"the Government of {en['subject']}"
        assert not re.search(r"\(|\u2019", en["subject"]), state.iso3
        assert not re.search(r"\(", state.names["fr"]["subject"]), state.iso3


# ----------------------------------------------------------------------------- clauses, questions
def test_clauses_cover_the_seed_case(ref):
    needed = {"iccpr-2", "iccpr-7", "iccpr-9", "iccpr-12", "iccpr-13", "iccpr-14", "iccpr-17",
              "iccpr-19", "iccpr-21", "iccpr-22", "cat-3", "hrd-decl-1", "hrd-decl-2",
              "hrd-decl-5", "hrd-decl-6", "hrd-decl-12", "cedaw-2", "refugee-33", "ga-68-181",
              "ungp", "transnational-repression"}
    assert needed <= set(ref.clauses)
    for clause in ref.clauses.values():
        assert clause.text_in("en").strip() and clause.title_in("fr") != clause.title_in("en")
        assert "<" not in clause.text_in("en")  # no placeholders: written generically


def test_standard_questions(ref):
    assert len(ref.questions_for("government")) >= 6
    assert len(ref.questions_for("company")) >= 3
    assert ref.question("gov-additional-info").text_in("en").startswith("Please")


# ----------------------------------------------------------------------------- demo case
def test_demo_case_loads_and_holds_the_facts(ref):
    data = demo_case()
    case = Case.from_dict(data)
    assert case.kind == "AL" and case.reference is None and case.status == "approved"
    assert case.recipient.state == "MNE" and case.mandates[0] == "hrd"
    assert str(case.dates.sent) == "2024-08-20" and str(case.dates.reply) == "2024-10-30"
    assert case.related[0].reference == "AL KAZ 1/2024"
    assert str(case.related[0].reply) == "2024-05-27"
    assert {p.name for p in case.persons} >= {"Dinara Smailova", "Almat Mukhamedzhanov"}
    assert all(p.consent_state and p.consent_public for p in case.persons)
    assert case.source  # present, never printed
    en = case.texts("en")
    allegations = " ".join(en.allegations)
    for fact in ("UPI-132/23-7527", "UPI-132/23-7528", "8 October 2023", "26 October 2023",
                 "24 April 2024", "26 January 2025", "27 December 2023", "8 January 2024",
                 "article 147", "article 190", "article 274", "seven, ten and seven years", "six criminal cases",
                 "ten police officers", "more than 200", "four occasions"):
        assert fact in allegations, fact
    assert en.topic[:1].islower() and not en.topic.endswith(".")
    assert 3 <= len(en.background) <= 4 and 2 <= len(en.concerns) <= 3
    # The letter's fixed concerns lead-in says the facts are not prejudged; the drafter's
    # concerns must not say it a second time.
    assert not en.concerns[0].startswith("Without prejudging")
    assert en.public.concerns[0].startswith("In the communication, the experts")
    # Everything the case points at exists in the reference data.
    for mandate in case.mandates:
        ref.mandate(mandate)
    ref.state(case.recipient.state)
    for clause in case.legal_framework:
        ref.clause(clause)
    for question in case.standard_questions:
        assert ref.question(question).audience == "government"


def test_demo_case_is_a_fresh_copy_each_time():
    first = demo_case()
    first["persons"].clear()
    assert demo_case()["persons"]


def _words(text: str) -> list[str]:
    """Words of running prose; numbers, dates' digits and file numbers (facts) are left out."""
    words = re.findall(r"[a-z0-9]+", text.lower().replace("\u2019", "'"))
    return [w for w in words if not re.search(r"\d", w) and w != "upi"]


def test_demo_prose_is_not_copied_from_the_seed():
    # Facts may be shared; sentences may not. No run of 8 words may match the public summary
    # (the seed's runs are kept as hashes in tests/fixtures/seed_grams.txt).
    from tests.seed_grams import gram_hash, seed_grams

    grams = seed_grams()
    texts = demo_case()["text"]["en"]
    prose = [texts["topic"], texts["summary"], *texts["background"], *texts["allegations"],
             *texts["concerns"], *texts["questions"], *texts["update"],
             *(p for section in texts["public"].values() for p in section)]
    for paragraph in prose:
        words = _words(paragraph)
        shared = [" ".join(words[i:i + 8]) for i in range(len(words) - 7)
                  if gram_hash(words[i:i + 8]) in grams]
        assert not shared, shared


@pytest.mark.skipif(not SEED_DIR.is_dir(), reason="../shared is not beside this checkout")
def test_the_seed_fixture_is_current():
    from tests.seed_grams import build, seed_grams

    assert seed_grams() == build(), "run python tests/seed_grams.py"
