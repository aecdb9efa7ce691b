"""Store the forms a woman holder's title takes in French, Spanish and Arabic.

    python tools/feminine_titles.py          # writes title_female / mandate_line_female
    python tools/feminine_titles.py --check  # exit 1 when mandates.json is not up to date

UN letters write «la Rapporteuse spéciale», «la Relatora Especial», «المقررة الخاصة» when a
woman holds the mandate. The forms follow from the generic title by a few fixed substitutions;
they are derived here, once, and stored in the data (the program never guesses them at render
time), so a reviewer can read and correct each one. English, Russian («Специальный докладчик»)
and Chinese do not mark the gender of these titles.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "desktop_app" / "reference" / "data" / "mandates.json"

#: (generic, feminine) pairs, longest first so that the article changes with the noun.
RULES = {
    "fr": [
        ("du Rapporteur spécial", "de la Rapporteuse spéciale"),
        ("de l'Expert indépendant", "de l'Experte indépendante"),
        ("Rapporteur spécial", "Rapporteuse spéciale"),
        ("Expert indépendant", "Experte indépendante"),
        ("chargé d'examiner", "chargée d'examiner"),
    ],
    "es": [
        ("del Relator Especial", "de la Relatora Especial"),
        ("del Experto Independiente", "de la Experta Independiente"),
        ("Relator Especial", "Relatora Especial"),
        ("Experto Independiente", "Experta Independiente"),
    ],
    "ar": [
        ("المقرر الخاص المعني", "المقررة الخاصة المعنية"),
        ("الخبير المستقل المعني", "الخبيرة المستقلة المعنية"),
        ("المقرر الخاص", "المقررة الخاصة"),
        ("الخبير المستقل", "الخبيرة المستقلة"),
    ],
}


def feminine(text: str, lang: str) -> str | None:
    for generic, female in RULES[lang]:
        if generic in text:
            text = text.replace(generic, female)
            for other_generic, other_female in RULES[lang]:
                text = text.replace(other_generic, other_female)
            return text
    return None


def derive(mandates: list[dict]) -> list[dict]:
    for mandate in mandates:
        if mandate.get("signs_as") == "chair":
            continue  # a Working Group's title has no gender; its Chair signs
        for field in ("title", "mandate_line"):
            forms = {lang: f for lang in RULES
                     if (f := feminine(mandate[field].get(lang, ""), lang))}
            if forms:
                mandate[f"{field}_female"] = forms
            else:
                mandate.pop(f"{field}_female", None)
    return mandates


def main(argv: list[str]) -> int:
    text = DATA.read_text(encoding="utf-8")
    fresh = json.dumps(derive(json.loads(text)), ensure_ascii=False, indent=2) + "\n"
    if "--check" in argv:
        if fresh != text:
            print(f"{DATA.name} lacks or has stale feminine forms: run {Path(__file__).name}")
            return 1
        print("feminine forms up to date")
        return 0
    DATA.write_text(fresh, encoding="utf-8")
    count = sum(1 for m in json.loads(fresh) if "title_female" in m)
    print(f"{DATA.name}: feminine forms for {count} mandates")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
