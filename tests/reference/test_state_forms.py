"""Every State's name forms in the six UN languages: complete, in the right script, and right
where a letter most often needs them (the Government, "in", "of")."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path

import pytest

from desktop_app.reference.loader import load_reference

ROOT = Path(__file__).resolve().parents[2]
STATES_JSON = ROOT / "desktop_app" / "reference" / "data" / "states.json"
RU_JSON = ROOT / "tools" / "state_forms" / "ru.json"

_spec = importlib.util.spec_from_file_location("build_states_forms", ROOT / "tools" / "build_states.py")
assert _spec and _spec.loader
build_states = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build_states)

LANGS = ("ar", "zh", "en", "fr", "es", "ru")
RUNNING = ("subject", "government", "in", "of")
RU_EXTRA = ("government_gen", "government_dat")
#: Formal names no stored source gives (see the TUR note): null, and only these.
NO_FORMAL = {("TUR", lang) for lang in ("fr", "es", "ru", "zh", "ar")}

_OTHER_SCRIPTS = re.compile(r"[\u0400-\u04ff\u0600-\u06ff\u4e00-\u9fff]")
SCRIPT = {
    "ru": re.compile(r"^[А-Яа-яЁё][А-Яа-яЁё \-—’()]*$"),
    "zh": re.compile(r"^[\u4e00-\u9fff（）]+$"),
    "ar": re.compile(r"^[\u0600-\u06ff][\u0600-\u06ff \-()_]*$"),
}


def _in_script(lang: str, text: str) -> bool:
    if lang in SCRIPT:
        return bool(SCRIPT[lang].match(text))
    return bool(re.search(r"[A-Za-z]", text)) and not _OTHER_SCRIPTS.search(text)


@pytest.fixture(scope="module")
def ref():
    return load_reference()


@pytest.fixture(scope="module")
def raw():
    return json.loads(STATES_JSON.read_text(encoding="utf-8"))


# ----------------------------------------------------------------------------- completeness
def test_every_state_has_every_language_and_form_in_its_script(raw):
    assert len(raw) == 195
    problems = []
    for iso3, entry in raw.items():
        names = entry["names"]
        for lang in LANGS:
            forms = names.get(lang)
            if forms is None:
                problems.append(f"{iso3}: no {lang}")
                continue
            required = ["short", *RUNNING, *(RU_EXTRA if lang == "ru" else ())]
            if (iso3, lang) in NO_FORMAL:
                if forms.get("formal") is not None:
                    problems.append(f"{iso3} {lang}: formal should be null (unverified)")
            else:
                required.append("formal")
            for form in required:
                value = forms.get(form)
                if not isinstance(value, str) or not value.strip() or value != value.strip():
                    problems.append(f"{iso3} {lang} {form}: {value!r}")
                elif not _in_script(lang, value):
                    problems.append(f"{iso3} {lang} {form}: {value!r} is not in the {lang} script")
                elif "  " in value:
                    problems.append(f"{iso3} {lang} {form}: double space in {value!r}")
    assert not problems, "\n".join(problems)


def test_forms_are_built_the_same_way_for_every_state(raw):
    for iso3, entry in raw.items():
        ru, zh, ar = (entry["names"][lang] for lang in ("ru", "zh", "ar"))
        assert ru["government"] == f"Правительство {ru['of']}", iso3
        assert ru["government_gen"] == f"Правительства {ru['of']}", iso3
        assert ru["government_dat"] == f"Правительству {ru['of']}", iso3
        assert ru["in"].split(" ", 1)[0] in ("в", "во", "на"), iso3
        assert zh["government"] == f"{zh['subject']}政府" and zh["in"] == f"在{zh['subject']}", iso3
        assert zh["of"] == zh["subject"], iso3
        assert ar["government"] == f"حكومة {ar['subject']}" and ar["in"] == f"في {ar['subject']}", iso3
        assert ar["of"] == ar["subject"], iso3
        # Running text never shows UNTERM's inverted "(...)" form.
        for lang in LANGS:
            assert not re.search(r"[()（）]", entry["names"][lang]["subject"]), (iso3, lang)


def test_the_loader_accepts_the_new_forms(ref):
    mne = ref.state("MNE")
    for lang in ("ru", "zh", "ar"):
        assert mne.has_form(lang, "government"), lang
    assert mne.names["ru"]["government_dat"] == "Правительству Черногории"


# ----------------------------------------------------------------------------- spot checks
@pytest.mark.parametrize("iso3, lang, form, expected", [
    ("MNE", "ru", "government_dat", "Правительству Черногории"),
    ("MNE", "ru", "government_gen", "Правительства Черногории"),
    ("MNE", "ru", "of", "Черногории"),
    ("RUS", "ru", "government", "Правительство Российской Федерации"),
    ("IRN", "ru", "in", "в Исламской Республике Иран"),
    ("IRN", "ru", "subject", "Исламская Республика Иран"),
    ("BOL", "ru", "of", "Многонационального Государства Боливия"),
    ("VEN", "ru", "government", "Правительство Боливарианской Республики Венесуэла"),
    ("GBR", "ru", "government_dat",
     "Правительству Соединенного Королевства Великобритании и Северной Ирландии"),
    ("USA", "ru", "government_gen", "Правительства Соединенных Штатов Америки"),
    ("PRK", "ru", "of", "Корейской Народно-Демократической Республики"),
    ("DOM", "ru", "of", "Доминиканской Республики"),
    ("KOR", "ru", "in", "в Республике Корея"),
    ("PSE", "ru", "of", "Государства Палестина"),
    ("NLD", "ru", "of", "Королевства Нидерландов"),
    ("FSM", "ru", "in", "в Федеративных Штатах Микронезии"),
    ("TGO", "ru", "of", "Того"),
    ("STP", "ru", "of", "Сан-Томе и Принсипи"),
    ("CIV", "ru", "in", "в Кот-д’Ивуаре"),
    ("TLS", "ru", "of", "Тимора-Лешти"),
    ("UKR", "ru", "in", "в Украине"),
    ("PHL", "ru", "in", "на Филиппинах"),
    ("CUB", "ru", "in", "на Кубе"),
    ("MDV", "ru", "in", "на Мальдивских Островах"),
    ("HTI", "ru", "in", "в Гаити"),
    ("VNM", "ru", "in", "во Вьетнаме"),
    ("MNE", "ar", "government", "حكومة الجبل الأسود"),
    ("PHL", "ar", "government", "حكومة الفلبين"),
    ("IRN", "ar", "government", "حكومة جمهورية إيران الإسلامية"),
    ("MNE", "ar", "in", "في الجبل الأسود"),
    ("MNE", "zh", "government", "黑山政府"),
    ("MNE", "zh", "in", "在黑山"),
    ("COG", "zh", "government", "刚果政府"),
    ("MNE", "fr", "government", "le Gouvernement du Monténégro"),
    ("UGA", "fr", "of", "de l'Ouganda"),
    ("PHL", "fr", "of", "des Philippines"),
    ("MNE", "es", "government", "el Gobierno de Montenegro"),
    ("PHL", "en", "government", "the Government of the Philippines"),
])
def test_spot_checks(raw, iso3, lang, form, expected):
    assert raw[iso3]["names"][lang][form] == expected


def test_state_form_reads_the_stored_forms_without_falling_back(ref):
    mne = ref.state("MNE")
    assert mne.form("ru", "government") == "Правительство Черногории"
    assert mne.form("zh", "government") == "黑山政府"
    assert mne.form("ar", "government") == "حكومة الجبل الأسود"
    assert mne.form("fr", "government") == "le Gouvernement du Monténégro"


# ----------------------------------------------------------------------------- the builder
def test_hand_checked_russian_file_covers_the_same_states(raw):
    ru = json.loads(RU_JSON.read_text(encoding="utf-8"))
    assert set(ru) == set(raw)
    for iso3, record in ru.items():
        assert record["short"] == raw[iso3]["names"]["ru"]["short"], iso3
    # One State per line, as dump_ru writes it, so a reviewer's diff is one line per State.
    assert RU_JSON.read_text(encoding="utf-8") == build_states.dump_ru(ru)


def test_check_passes_without_pymorphy3(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "pymorphy3", None)  # any import of it now fails
    assert build_states.main(["--check"]) == 0
    assert "is up to date" in capsys.readouterr().out


@pytest.mark.parametrize("change, message", [
    (lambda r: r.pop("MNE"), "States missing ['MNE']"),
    (lambda r: r["MNE"].update(short="Монтенегро"), "re-check its forms"),
    (lambda r: r["MNE"].update({"in": "Черногории"}), "must start with в, во or на"),
    (lambda r: r["MNE"].update(of="Montenegro"), "is not Cyrillic"),
    (lambda r: r["MNE"].update(extra="x"), "optional note"),
])
def test_builder_rejects_a_stale_or_broken_russian_file(tmp_path, change, message):
    records = json.loads(RU_JSON.read_text(encoding="utf-8"))
    change(records)
    path = tmp_path / "ru.json"
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(build_states.BuildError, match=re.escape(message)):
        build_states.build(build_states.DEFAULT_CSV, path)


def test_pymorphy3_draft_agrees_with_the_hard_cases():
    """Only where pymorphy3 is installed (it is a drafting aid, not a dependency)."""
    pytest.importorskip("pymorphy3")
    rows = build_states.read_rows(build_states.DEFAULT_CSV)
    draft = build_states.draft_ru(rows)
    reviewed = json.loads(RU_JSON.read_text(encoding="utf-8"))
    for iso3 in ("IRN", "BOL", "VEN", "GBR", "USA", "ARE", "TZA", "PRK", "CIV", "TLS", "GNB",
                 "BRN", "VCT", "PNG", "TGO", "STP", "FSM", "NLD", "VNM"):
        assert draft[iso3] == {k: v for k, v in reviewed[iso3].items() if k != "note"}, iso3
