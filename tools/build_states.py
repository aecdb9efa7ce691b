"""Build ``desktop_app/reference/data/states.json`` from the shared UN country-name table.

Input: ``shared/data/un_country_names_6lang.csv`` (see ``shared/data/SOURCES.md``): UNTERM short
and formal names in six languages plus the UNSD M49 names. Output: one JSON object keyed by ISO
alpha-3, one State per line, sorted, so a re-run on the same input gives the same bytes and a
reviewer can diff it.

What the builder does, and why here rather than at render time: a letter needs "the Government
of the Philippines", "le Gouvernement du Monténégro", "el Gobierno del Afganistán". Those forms
follow from the article UNTERM records ("Philippines (the)", "Monténégro (le)", "Afganistán (el)")
by fixed rules, plus a handful of usage exceptions. Computing them once, here, and committing the
result means a reviewer can read and correct every form in the data file, and the program never
guesses.

- Keep the 193 Member States and the 2 observer States; drop Cook Islands and Niue (listed by UN
  Protocol but not members).
- TUR and NLD: the UNTERM export predates their 2022/2023 name changes, so the short names come
  from the M49 columns; each such row carries a ``notes`` field saying so.
- en/fr/es get the running-text forms (subject, government, in, of); ru/zh/ar keep short and
  formal only for now (their grammatical forms come later and slot into the same mapping).
- Curly apostrophes in en/fr/es are normalised to the straight one, so generated contractions
  ("de l'Ouganda") and source names do not mix two apostrophes in one letter.

Usage: ``python tools/build_states.py [--csv PATH] [--out PATH] [--check]``
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CSV = ROOT.parent / "shared" / "data" / "un_country_names_6lang.csv"
DEFAULT_OUT = ROOT / "desktop_app" / "reference" / "data" / "states.json"

#: Output order of languages inside each State (the order reviewers read them in).
LANGS = ("en", "fr", "es", "ru", "zh", "ar")
STATUS = {"member_state": "member_state", "non_member_observer_state": "observer_state"}
ARTICLES = {"en": ("the",), "fr": ("le", "la", "l'", "les"), "es": ("el", "la", "los", "las")}

#: States whose UNTERM row is out of date; short names are taken from the M49 columns instead.
M49_SHORT = {
    "TUR": "UNTERM export predates the June 2022 change to 'Türkiye': short names are the M49 "
    "(2024) names; en formal 'the Republic of Türkiye' is the form the UN spokesperson used; "
    "current formal names in fr/es/ru/zh/ar were not found in any stored source, so they are "
    "null; fr article 'la' carried over from UNTERM 'Turquie (la)' (check UNTERM).",
    "NLD": "UNTERM export predates the 2023 change: short names are the M49 (2024) names "
    "('Netherlands (Kingdom of the)', 'Pays-Bas (Royaume des)', ...); running text therefore "
    "reads 'the Kingdom of the Netherlands'; formal names are UNTERM's (unchanged).",
}
#: Formal names replaced for the reason above (None = not known; the loader falls back).
FORMAL_OVERRIDES: dict[str, dict[str, str | None]] = {
    "TUR": {"en": "the Republic of Türkiye", "fr": None, "es": None, "ru": None, "zh": None,
            "ar": None},
}
#: Articles replaced where the M49 short name carries none (M49 never writes articles).
ARTICLE_OVERRIDES = {"TUR": {"fr": "la"}}

#: French "in" forms where usage departs from the article rule. Haïti, Israël and El Salvador
#: take "en" although they have no article; small Caribbean islands named with "la" take "à la".
FR_IN_OVERRIDES = {
    "HTI": "en Haïti",
    "ISR": "en Israël",
    "SLV": "en El Salvador",
    "BRB": "à la Barbade",
    "DMA": "à la Dominique",
    "GRD": "à la Grenade",
}

_PAREN = re.compile(r"^(.*?) \((.*)\)$")
#: Initial letters before which French "de" elides to "d'" (Haïti's h is mute).
_FR_ELIDE = set("AEIOUYÂÊÎÔÛÉÈËÏÜŒaeiouyâêîôûéèëïüœ") | {"H"}


class BuildError(Exception):
    """The input does not look as SOURCES.md describes; the message says where."""


def straight(text: str) -> str:
    return text.replace("\u2019", "'")


def split_name(lang: str, name: str) -> tuple[str, str | None, bool]:
    """'Philippines (the)' -> ('Philippines', 'the', False); inverted names -> (name, None, True)."""
    match = _PAREN.match(name)
    if not match:
        return name, None, False
    base, inside = match.group(1), match.group(2)
    if inside in ARTICLES.get(lang, ()):
        return base, inside, False
    return name, None, True


def leading_article(lang: str, text: str) -> tuple[str | None, str]:
    """'la République islamique d'Iran' -> ('la', "République islamique d'Iran")."""
    for article in ARTICLES.get(lang, ()):
        if article.endswith("'") and text.startswith(article):
            return article, text[len(article):]
        if text.startswith(article + " "):
            return article, text[len(article) + 1:]
    return None, text


def en_forms(subject: str) -> dict[str, str]:
    return {"subject": subject, "government": f"the Government of {subject}",
            "in": f"in {subject}", "of": f"of {subject}"}


def fr_forms(article: str | None, bare: str) -> dict[str, str]:
    if article == "le":
        subject, of, in_ = f"le {bare}", f"du {bare}", f"au {bare}"
    elif article == "la":
        subject, of, in_ = f"la {bare}", f"de la {bare}", f"en {bare}"
    elif article == "l'":
        # A name with l' is feminine or starts with a vowel: "en" either way ("en Iraq").
        # A name that begins with the common noun "État" reads "dans l'État ...".
        subject, of = f"l'{bare}", f"de l'{bare}"
        in_ = f"dans l'{bare}" if bare.startswith("État") else f"en {bare}"
    elif article == "les":
        subject, of, in_ = f"les {bare}", f"des {bare}", f"aux {bare}"
    else:
        subject, in_ = bare, f"à {bare}"
        of = f"d'{bare}" if bare[:1] in _FR_ELIDE else f"de {bare}"
    return {"subject": subject, "government": f"le Gouvernement {of}", "in": in_, "of": of}


def es_forms(article: str | None, bare: str) -> dict[str, str]:
    subject = f"{article} {bare}" if article else bare
    of = f"del {bare}" if article == "el" else f"de {subject}"
    return {"subject": subject, "government": f"el Gobierno {of}", "in": f"en {subject}",
            "of": of}


def names_for(row: dict[str, str], iso3: str) -> dict[str, dict[str, str | None]]:
    names: dict[str, dict[str, str | None]] = {}
    for lang in LANGS:
        short_src = row[f"m49_name_{lang}"] if iso3 in M49_SHORT else row[f"unterm_short_{lang}"]
        formal: str | None = row[f"unterm_formal_{lang}"]
        if iso3 in FORMAL_OVERRIDES and lang in FORMAL_OVERRIDES[iso3]:
            formal = FORMAL_OVERRIDES[iso3][lang]
        if lang in ("ru", "zh", "ar"):
            # Grammatical forms for these come later; the same mapping takes them then.
            names[lang] = {"short": short_src.strip(), "formal": formal}
            continue
        short_src, formal = straight(short_src.strip()), straight(formal) if formal else None
        short, article, inverted = split_name(lang, short_src)
        article = ARTICLE_OVERRIDES.get(iso3, {}).get(lang, article)
        if inverted:
            # "Iran (Islamic Republic of)" reads in running text as the formal name,
            # article and all: "the Islamic Republic of Iran", "la République islamique d'Iran".
            if not formal:
                raise BuildError(f"{iso3} {lang}: inverted name {short!r} needs a formal name")
            base = short_src.split(" (", 1)[0]
            if base not in formal:
                raise BuildError(f"{iso3} {lang}: formal {formal!r} does not contain {base!r}")
            article, bare = leading_article(lang, formal)
        else:
            bare = short
        if lang == "en":
            forms = en_forms(f"the {bare}" if article else bare)
        elif lang == "fr":
            forms = fr_forms(article, bare)
            if iso3 in FR_IN_OVERRIDES:
                forms["in"] = FR_IN_OVERRIDES[iso3]
        else:
            forms = es_forms(article, bare)
        names[lang] = {"short": short, "formal": formal, "article": article, **forms}
    return names


def build(csv_path: Path) -> dict[str, dict[str, object]]:
    with csv_path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    states: dict[str, dict[str, object]] = {}
    for index, row in enumerate(rows, start=2):  # line 1 is the header
        iso3 = row["iso3"]
        if row["un_status"] not in STATUS:
            continue  # Cook Islands, Niue: listed by UN Protocol, not members or observers
        for lang in LANGS:
            for column in (f"unterm_short_{lang}", f"unterm_formal_{lang}", f"m49_name_{lang}"):
                if not row.get(column, "").strip():
                    raise BuildError(f"{csv_path.name} line {index} ({iso3}): empty {column}")
        entry: dict[str, object] = {
            "iso2": row["iso2"],
            "m49": row["m49"],
            "status": STATUS[row["un_status"]],
            "names": names_for(row, iso3),
        }
        notes = [M49_SHORT[iso3]] if iso3 in M49_SHORT else []
        if iso3 in FR_IN_OVERRIDES:
            notes.append(f"fr 'in' form by usage, not by the article rule: "
                         f"{FR_IN_OVERRIDES[iso3]!r}.")
        if notes:
            entry["notes"] = " ".join(notes)
        states[iso3] = entry
    return dict(sorted(states.items()))


def dumps(states: dict[str, dict[str, object]]) -> str:
    """One State per line: compact, diffable, stable."""
    lines = [
        f"{json.dumps(iso3)}: {json.dumps(entry, ensure_ascii=False, separators=(',', ':'))}"
        for iso3, entry in states.items()
    ]
    return "{\n" + ",\n".join(lines) + "\n}\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv", type=Path, default=DEFAULT_CSV, help="input table")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output JSON")
    parser.add_argument("--check", action="store_true",
                        help="do not write; exit 1 if the output file is out of date")
    args = parser.parse_args(argv)
    if not args.csv.is_file():
        print(f"input not found: {args.csv}", file=sys.stderr)
        return 2
    try:
        states = build(args.csv)
    except BuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    text = dumps(states)
    counts = Counter(str(entry["status"]) for entry in states.values())
    fr_articles = Counter(str(entry["names"]["fr"]["article"]) for entry in states.values())  # type: ignore[index]
    print(f"States: {len(states)} ({counts['member_state']} member, "
          f"{counts['observer_state']} observer); with notes: "
          f"{sum('notes' in e for e in states.values())}")
    print("fr articles: " + ", ".join(f"{k} {v}" for k, v in sorted(fr_articles.items())))
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.is_file() else ""
        if current != text:
            print(f"{args.out} is out of date; run tools/build_states.py", file=sys.stderr)
            return 1
        print(f"{args.out} is up to date")
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.out.with_suffix(".json.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(args.out)  # never leave a half-written data file behind
    print(f"wrote {args.out} ({len(text.encode('utf-8'))} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
