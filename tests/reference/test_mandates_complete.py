"""The packaged mandates: every current special procedure, in the six UN languages.

See desktop_app/reference/data/MANDATES.md for the sources and for which titles are still
working translations. The counts are lower bounds: 45 thematic and 12 country mandates were
found (slavery and trafficking merged by resolution 60/25; the Palestinian territories and Syria
mandates cannot be represented yet, see MANDATES.md).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from desktop_app.domain.case import LANGUAGES
from desktop_app.reference import clear_reference_cache, load_reference

DATA_FILE = (Path(__file__).resolve().parents[2]
             / "desktop_app" / "reference" / "data" / "mandates.json")

#: The first cut of the data: these ids and English titles must not change (cases refer to them).
FIRST_CUT = {
    "hrd": "Special Rapporteur on the situation of human rights defenders",
    "freedom-expression": "Special Rapporteur on the promotion and protection of the right to "
                          "freedom of opinion and expression",
    "torture": "Special Rapporteur on torture and other cruel, inhuman or degrading treatment "
               "or punishment",
    "judges-lawyers": "Special Rapporteur on the independence of judges and lawyers",
    "assembly-association": "Special Rapporteur on the rights to freedom of peaceful assembly "
                            "and of association",
    "wg-women-girls": "Working Group on discrimination against women and girls",
    "wgad": "Working Group on Arbitrary Detention",
    "privacy": "Special Rapporteur on the right to privacy",
    "counter-terrorism": "Special Rapporteur on the promotion and protection of human rights "
                         "and fundamental freedoms while countering terrorism",
    "migrants": "Special Rapporteur on the human rights of migrants",
    "eritrea": "Special Rapporteur on the situation of human rights in Eritrea",
}

ARABIC = re.compile(r"[\u0600-\u06FF]")
CJK = re.compile(r"[\u4E00-\u9FFF]")
CYRILLIC = re.compile(r"[\u0400-\u04FF]")
LATIN_LETTER = re.compile(r"[A-Za-z]")
SCRIPT = {"ar": ARABIC, "zh": CJK, "ru": CYRILLIC}
#: How a mandate line opens in each language, by the kind of mandate holder.
LINE_OPENINGS = {
    "en": ("the Special Rapporteur ", "the Working Group ", "the Independent Expert "),
    "fr": ("du Rapporteur spécial ", "du Groupe de travail ", "de l'Expert indépendant "),
    "es": ("del Relator Especial ", "del Grupo de Trabajo ", "del Experto Independiente "),
    "ru": ("Специального докладчика ", "Рабочей группы ", "Независимого эксперта "),
}


@pytest.fixture(scope="module")
def mandates():
    clear_reference_cache()
    yield load_reference().mandates
    clear_reference_cache()


def test_counts_of_thematic_and_country_mandates(mandates):
    current = [m for m in mandates.values() if m.status != "ended"]
    # 45 thematic since resolution 60/25 merged slavery and trafficking (46 before); 14 country,
    # of which Syria's (S-18/1) has not started.
    assert sum(m.kind == "thematic" for m in current) == 45
    assert sum(m.kind == "country" for m in current) == 14
    assert [m.id for m in current if m.status == "not_started"] == ["syria"]


def test_ids_are_unique_in_the_file():
    # The loader rejects repeated ids; check the raw file too, so the message is plain.
    ids = [entry["id"] for entry in json.loads(DATA_FILE.read_text(encoding="utf-8"))]
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    assert not repeated, repeated


def test_first_cut_ids_kept_with_their_english_titles(mandates):
    for mandate_id, title in FIRST_CUT.items():
        assert mandate_id in mandates, mandate_id
        assert mandates[mandate_id].title["en"] == title
        assert mandates[mandate_id].mandate_line["en"] == "the " + title


@pytest.mark.parametrize("field", ["title", "mandate_line"])
def test_six_languages_in_the_right_script(mandates, field):
    problems = []
    for mandate in mandates.values():
        texts = getattr(mandate, field)
        for lang in LANGUAGES:
            text = texts.get(lang, "")
            if not text.strip():
                problems.append(f"{mandate.id}: {field}.{lang} is missing")
            elif lang in SCRIPT and not SCRIPT[lang].search(text):
                problems.append(f"{mandate.id}: {field}.{lang} is not in its script: {text!r}")
            elif lang in SCRIPT and LATIN_LETTER.search(text):
                problems.append(f"{mandate.id}: {field}.{lang} has Latin letters: {text!r}")
    assert not problems, "\n".join(problems)


def test_translations_are_not_english_copies(mandates):
    for mandate in mandates.values():
        for lang in ("fr", "es"):
            assert mandate.title[lang] != mandate.title["en"], (mandate.id, lang)


def test_mandate_lines_follow_the_grammar_of_each_language(mandates):
    problems = []
    for mandate in mandates.values():
        for lang, openings in LINE_OPENINGS.items():
            line = mandate.mandate_line[lang]
            if not line.startswith(openings):
                problems.append(f"{mandate.id}: {lang} line {line!r}")
        # The line is the title in its form after "Mandates of": same ending in every language.
        for lang in ("en", "fr", "es"):
            assert mandate.mandate_line[lang].endswith(mandate.title[lang]), (mandate.id, lang)
    assert not problems, "\n".join(problems)


def test_every_mandate_has_a_resolution_oldest_first(mandates):
    for mandate in mandates.values():
        assert mandate.resolutions, mandate.id
        years = [r.year for r in mandate.resolutions]
        assert years == sorted(years), mandate.id
        assert mandate.resolution_on(None) == mandate.resolutions[-1]


def test_resolution_years_match_council_sessions(mandates):
    # Sessions 1-3 sat in 2006; from 2007 on the Council holds three regular sessions a year.
    # A Commission resolution ("1993/2 A") carries its year in its number.
    for mandate in mandates.values():
        for resolution in mandate.resolutions:
            session = int(resolution.number.split("/")[0].removeprefix("S-"))
            if session >= 1946:
                assert resolution.year == session, (mandate.id, resolution.number)
                continue
            expected = 2006 if session <= 3 else 2007 + (session - 4) // 3
            assert resolution.year == expected, (mandate.id, resolution.number, resolution.year)


def test_hrd_letter_of_2024_cites_52_4(mandates):
    assert mandates["hrd"].resolution_on(2024).number == "52/4"


def test_working_groups_sign_as_chair(mandates):
    for mandate in mandates.values():
        is_group = mandate.title["en"].startswith("Working Group")
        assert (mandate.signs_as == "chair") == is_group, mandate.id
        if is_group:
            assert mandate.title["fr"].startswith("Groupe de travail"), mandate.id
            assert mandate.title["es"].startswith("Grupo de Trabajo"), mandate.id
            assert "工作组" in mandate.title["zh"], mandate.id
            # "Working Group of Experts ..." is «فريق الخبراء العامل» (construct state).
            assert mandate.title["ar"].startswith(("الفريق العامل", "فريق الخبراء العامل")), \
                mandate.id


def test_slavery_and_trafficking_are_one_mandate(mandates):
    # Resolution 60/25 (2025) merged them; see MANDATES.md for the evidence and the doubt.
    from datetime import date

    merged = mandates["slavery-trafficking"]
    assert merged.resolutions[-1].number == "60/25"
    for old in ("slavery", "trafficking"):
        # Kept as ended mandates: a letter written while they ran still cites them.
        assert mandates[old].status == "ended" and mandates[old].ended is not None
        assert mandates[old].available_on(date(2024, 8, 20))
        assert not mandates[old].available_on(date(2026, 11, 28))
    assert mandates["trafficking"].resolution_on(2024).number == "53/9"


def test_holders_are_dated_and_ordered(mandates):
    for mandate in mandates.values():
        starts = [h.start for h in mandate.holders]
        assert starts == sorted(starts), mandate.id
        for earlier, later in zip(mandate.holders, mandate.holders[1:], strict=False):
            assert earlier.end is not None and earlier.end < later.start, mandate.id


def test_every_title_says_how_it_was_checked(mandates):
    """MANDATES.md gives each title's source; the data carries the verdict, so that
    `commdraft check` can name a working translation before a letter prints it."""
    for mandate in mandates.values():
        assert set(mandate.title_checked) == set(LANGUAGES), mandate.id
    working = {lang: sum(m.title_checked[lang] == "working" for m in mandates.values())
               for lang in LANGUAGES}
    assert working["en"] == 0
    text = (DATA_FILE.parent / "MANDATES.md").read_text(encoding="utf-8")
    for lang in ("fr", "es", "ru", "zh", "ar"):
        assert re.search(rf"\| {lang} \| \d+ \| \d+ \| {working[lang]} \|", text), lang
