"""tools/build_states.py: the grammar rules, and that the committed states.json is its output."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("build_states", ROOT / "tools" / "build_states.py")
assert _spec and _spec.loader
build_states = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build_states)


@pytest.mark.parametrize("article, bare, of, in_", [
    ("le", "Monténégro", "du Monténégro", "au Monténégro"),
    ("la", "France", "de la France", "en France"),
    ("l'", "Ouganda", "de l'Ouganda", "en Ouganda"),
    ("l'", "État de Palestine", "de l'État de Palestine", "dans l'État de Palestine"),
    ("les", "Philippines", "des Philippines", "aux Philippines"),
    (None, "Cuba", "de Cuba", "à Cuba"),
    (None, "Oman", "d'Oman", "à Oman"),
])
def test_french_rules(article, bare, of, in_):
    forms = build_states.fr_forms(article, bare)
    assert (forms["of"], forms["in"]) == (of, in_)
    assert forms["government"] == f"le Gouvernement {of}"


@pytest.mark.parametrize("article, bare, government", [
    ("el", "Afganistán", "el Gobierno del Afganistán"),
    ("la", "Argentina", "el Gobierno de la Argentina"),
    ("los", "Estados Unidos de América", "el Gobierno de los Estados Unidos de América"),
    (None, "Montenegro", "el Gobierno de Montenegro"),
])
def test_spanish_rules(article, bare, government):
    assert build_states.es_forms(article, bare)["government"] == government


def test_split_name_tells_articles_from_inverted_names():
    assert build_states.split_name("en", "Philippines (the)") == ("Philippines", "the", False)
    assert build_states.split_name("fr", "Ouganda (l')") == ("Ouganda", "l'", False)
    assert build_states.split_name("en", "Iran (Islamic Republic of)")[2] is True
    assert build_states.split_name("en", "Montenegro") == ("Montenegro", None, False)


def test_committed_file_is_the_builder_output_and_deterministic(tmp_path, capsys):
    out = tmp_path / "states.json"
    assert build_states.main(["--out", str(out)]) == 0
    first = out.read_bytes()
    assert build_states.main(["--out", str(out)]) == 0
    assert out.read_bytes() == first
    committed = ROOT / "desktop_app" / "reference" / "data" / "states.json"
    assert committed.read_bytes() == first, "run tools/build_states.py and commit the result"
    assert "States: 195 (193 member, 2 observer)" in capsys.readouterr().out
