"""The letters' names come from the reference data, in the language being rendered."""

from __future__ import annotations

import gettext

import pytest

from desktop_app.documents import build_context
from desktop_app.domain.case import LANGUAGES, Texts
from desktop_app.i18n import available_languages


@pytest.fixture
def any_language(monkeypatch):
    """Fixed wording in English for every language (the other catalogs come with the language
    issue): what is checked here is the reference data's part, per language."""
    import desktop_app.documents.phrases_base as phrases_base

    monkeypatch.setattr(phrases_base, "with_overrides",
                        lambda domain, lang, folder=None: gettext.NullTranslations())


@pytest.mark.parametrize("lang", LANGUAGES)
def test_mandate_resolution_and_government_in_each_language(workspace, demo, any_language, lang):
    demo.text[lang] = Texts.from_dict(demo.text["en"].to_dict(), f"text.{lang}")
    ref = workspace.reference
    hrd, mne = ref.mandate("hrd"), ref.state("MNE")
    full = build_context(demo, lang, "full", ref)
    gender = hrd.holder_on(demo.dates.sent).gender  # Mary Lawlor held it in August 2024
    assert full["mandates_line"].count(hrd.line_in(lang, gender)) == 1
    assert hrd.title_in(lang, gender) in full["opening"] and "52/4" in full["opening"]
    assert full["signatures"][0]["title"] == hrd.title_in(lang, gender)
    short = build_context(demo, lang, "short", ref)
    assert mne.form(lang, "government") in short["preamble"]
    assert hrd.line_in(lang, gender) in short["preamble"]
    if lang == "fr":
        assert "de la Rapporteuse spéciale sur la situation des défenseurs" in full["mandates_line"]
    if lang == "es":
        assert "de la Relatora Especial sobre la situación" in full["mandates_line"]
    assert short["title_line"].startswith(mne.form(lang, "short"))


def test_the_forms_are_the_uns_not_everyday_names(workspace):
    ref = workspace.reference
    assert ref.state("MNE").form("fr", "government") == "le Gouvernement du Monténégro"
    assert ref.state("MNE").form("ru", "government_dat") == "Правительству Черногории"
    assert ref.state("IRN").form("en", "government") == (
        "the Government of the Islamic Republic of Iran")
    assert ref.mandate("hrd").title_in("fr").startswith("Rapporteur spécial")


def test_only_languages_with_a_catalog_render_whole_letters(workspace, demo):
    """Until a language has its `letters` catalog, a letter in it is refused, not half-English."""
    assert "en" in available_languages("letters")
    for lang in set(LANGUAGES) - set(available_languages("letters")):
        demo.text[lang] = Texts()
        with pytest.raises(Exception, match="catalog"):
            build_context(demo, lang, "full", workspace.reference)


def test_feminine_forms_are_stored_and_up_to_date():
    import subprocess
    import sys

    from desktop_app import PROJECT_ROOT

    result = subprocess.run([sys.executable, str(PROJECT_ROOT / "tools" / "feminine_titles.py"),
                             "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
