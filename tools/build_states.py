"""Build ``desktop_app/reference/data/states.json`` from the shared UN country-name table.

Input: ``tools/data/un_country_names_6lang.csv`` (see ``tools/data/README.md``): UNTERM short
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
- Every language gets the running-text forms: ``subject`` (the name as the subject of a
  sentence, article included where the language has one), ``government`` ("the Government of X"),
  ``in`` and ``of``. Inverted names ("Iran (Islamic Republic of)") read in running text as the
  formal name ("the Islamic Republic of Iran", «Исламская Республика Иран», «جمهورية إيران
  الإسلامية»).
  - en/fr/es: by rule from the article UNTERM records (French du/de la/de l'/des, au/en/aux;
    Spanish del), plus the usage exceptions below.
  - ar: «حكومة X» (construct state: the name keeps its article, «حكومة الفلبين»), «في X»; ``of``
    is the name itself, as it stands after a construct noun.
  - zh: «X政府», «在X»; ``of`` is the name itself: a Chinese modifier goes before its noun, and
    whether it takes 的 depends on that noun («黑山政府», «黑山的人权维护者»), so the template
    decides, not the data.
  - ru: read from the hand-checked ``tools/state_forms/ru.json`` (genitive, prepositional with
    в/на as UN Russian documents use them); the builder adds «Правительство …» and its genitive
    (``government_gen``, «Правительства Черногории») and dative (``government_dat``,
    «Правительству Черногории»). That file was drafted with pymorphy3 (``--draft-ru``) and then
    read and corrected by hand, entry by entry; the build itself never inflects anything, so it
    runs without pymorphy3 and gives the same bytes on every machine.
- Curly apostrophes in en/fr/es are normalised to the straight one, so generated contractions
  ("de l'Ouganda") and source names do not mix two apostrophes in one letter. Runs of spaces
  inside a name are collapsed to one (UNTERM's «Республика  Фиджи»).

Usage: ``python tools/build_states.py [--csv PATH] [--out PATH] [--check]``
       ``python tools/build_states.py --draft-ru PATH`` (needs pymorphy3 + pymorphy3-dicts-ru:
       writes a fresh machine draft of ru.json to PATH for a reviewer to compare; it never
       touches the committed file)
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
#: Vendored from the shared data folder (tools/data/README.md says where it comes from).
DEFAULT_CSV = ROOT / "tools" / "data" / "un_country_names_6lang.csv"
DEFAULT_OUT = ROOT / "desktop_app" / "reference" / "data" / "states.json"
#: Hand-checked forms the rules cannot produce (Russian cases); see tools/state_forms/README.md.
FORMS_DIR = ROOT / "tools" / "state_forms"
RU_FORMS = FORMS_DIR / "ru.json"

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

#: Running-text names in zh/ar where the UNTERM short name is not what a sentence uses.
ZH_SUBJECT_OVERRIDES = {
    # "刚果（布）" tells the two Congos apart in a list; in a sentence, as in M49, it is "刚果"
    # (the other one is always "刚果民主共和国").
    "COG": "刚果",
}
AR_SUBJECT_OVERRIDES = {
    # UNTERM short "تيمور- ليشتي" has a stray space pattern; the formal and M49 names write
    # "تيمور - ليشتي".
    "TLS": "تيمور - ليشتي",
}

#: Russian prepositions a hand-checked "in" form may start with.
RU_PREPOSITIONS = ("в ", "во ", "на ")
RU_GOVERNMENT = {"government": "Правительство", "government_gen": "Правительства",
                 "government_dat": "Правительству"}
#: Forms a record in tools/state_forms/ru.json carries, in file order ("note" is optional).
RU_RECORD = ("short", "subject", "of", "in")
_SCRIPTS = {
    "ru": re.compile(r"^[А-ЯЁа-яё][А-ЯЁа-яё \-—’()]*$"),
    "zh": re.compile(r"^[\u4e00-\u9fff（）]+$"),
    "ar": re.compile(r"^[\u0600-\u06ff][\u0600-\u06ff \-()_]*$"),
}

_PAREN = re.compile(r"^(.*?) \((.*)\)$")
#: Initial letters before which French "de" elides to "d'" (Haïti's h is mute).
_FR_ELIDE = set("AEIOUYÂÊÎÔÛÉÈËÏÜŒaeiouyâêîôûéèëïüœ") | {"H"}


class BuildError(Exception):
    """The input does not look as SOURCES.md describes; the message says where."""


def straight(text: str) -> str:
    return text.replace("\u2019", "'")


def clean(text: str) -> str:
    """Collapse runs of whitespace ("Республика  Фиджи") and trim."""
    return " ".join(text.split())


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


def zh_forms(subject: str) -> dict[str, str]:
    return {"subject": subject, "government": f"{subject}政府", "in": f"在{subject}",
            "of": subject}


def ar_forms(subject: str) -> dict[str, str]:
    return {"subject": subject, "government": f"حكومة {subject}", "in": f"في {subject}",
            "of": subject}


def ru_forms(record: dict[str, str]) -> dict[str, str]:
    """The running-text forms from one hand-checked record: the genitive ``of`` is what follows
    «Правительство», in every case of «Правительство»."""
    of = record["of"]
    return {"subject": record["subject"],
            **{form: f"{word} {of}" for form, word in RU_GOVERNMENT.items()},
            "in": record["in"], "of": of}


def short_source(row: dict[str, str], iso3: str, lang: str) -> str:
    column = f"m49_name_{lang}" if iso3 in M49_SHORT else f"unterm_short_{lang}"
    return clean(row[column])


def names_for(row: dict[str, str], iso3: str,
              ru_records: dict[str, dict[str, str]]) -> dict[str, dict[str, str | None]]:
    names: dict[str, dict[str, str | None]] = {}
    for lang in LANGS:
        short_src = short_source(row, iso3, lang)
        formal: str | None = clean(row[f"unterm_formal_{lang}"])
        if iso3 in FORMAL_OVERRIDES and lang in FORMAL_OVERRIDES[iso3]:
            formal = FORMAL_OVERRIDES[iso3][lang]
        if lang == "ru":
            names[lang] = {"short": short_src, "formal": formal, **ru_forms(ru_records[iso3])}
            continue
        if lang in ("zh", "ar"):
            if lang == "zh":
                subject = ZH_SUBJECT_OVERRIDES.get(iso3, short_src)
            else:
                subject = AR_SUBJECT_OVERRIDES.get(iso3, short_src)
                if _PAREN.match(subject):
                    # "إيران (جمهورية - الإسلامية)" reads in a sentence as the formal name.
                    if not formal:
                        raise BuildError(f"{iso3} ar: inverted name {subject!r} needs a formal name")
                    subject = formal
            forms = zh_forms(subject) if lang == "zh" else ar_forms(subject)
            for form, value in forms.items():
                if not _SCRIPTS[lang].match(value.replace(" ", "")):
                    raise BuildError(f"{iso3} {lang}: {form} {value!r} is not in the {lang} script")
            names[lang] = {"short": short_src, "formal": formal, **forms}
            continue
        short_src, formal = straight(short_src), straight(formal) if formal else None
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


def read_rows(csv_path: Path) -> list[tuple[str, dict[str, str]]]:
    """The Member and observer States of the table, checked, as (iso3, row)."""
    with csv_path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    kept = []
    for index, row in enumerate(rows, start=2):  # line 1 is the header
        iso3 = row["iso3"]
        if row["un_status"] not in STATUS:
            continue  # Cook Islands, Niue: listed by UN Protocol, not members or observers
        for lang in LANGS:
            for column in (f"unterm_short_{lang}", f"unterm_formal_{lang}", f"m49_name_{lang}"):
                if not row.get(column, "").strip():
                    raise BuildError(f"{csv_path.name} line {index} ({iso3}): empty {column}")
        kept.append((iso3, row))
    return kept


def load_ru_records(path: Path, rows: list[tuple[str, dict[str, str]]]
                    ) -> dict[str, dict[str, str]]:
    """The hand-checked Russian forms, checked against the table they were reviewed with.

    Each record repeats the short name it was checked against: if the table's name changes, the
    build stops here instead of pairing a new name with old case forms."""
    where = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BuildError(f"{where} not found; it is committed with the builder") from None
    except json.JSONDecodeError as exc:
        raise BuildError(f"{where}: not valid JSON (line {exc.lineno}: {exc.msg})") from None
    if not isinstance(records, dict):
        raise BuildError(f"{where}: must be an object keyed by ISO alpha-3 code")
    expected = {iso3: short_source(row, iso3, "ru") for iso3, row in rows}
    unknown = sorted(set(records) - set(expected))
    missing = sorted(set(expected) - set(records))
    if unknown or missing:
        raise BuildError(f"{where}: States missing {missing or 'none'}, unknown {unknown or 'none'}"
                         " (draft new ones with --draft-ru and review them)")
    for iso3, record in records.items():
        if not isinstance(record, dict) or set(record) - {*RU_RECORD, "note"}:
            raise BuildError(f"{where}: {iso3}: must be an object with {', '.join(RU_RECORD)}"
                             " and an optional note")
        for form in RU_RECORD:
            value = record.get(form)
            if not isinstance(value, str) or not value.strip() or value != clean(value):
                raise BuildError(f"{where}: {iso3}: {form!r} must be trimmed, non-empty text")
            if not _SCRIPTS["ru"].match(value):
                raise BuildError(f"{where}: {iso3}: {form} {value!r} is not Cyrillic text")
        if record["short"] != expected[iso3]:
            raise BuildError(f"{where}: {iso3}: checked against {record['short']!r}, but the "
                             f"table now says {expected[iso3]!r}: re-check its forms")
        if not record["in"].startswith(RU_PREPOSITIONS):
            raise BuildError(f"{where}: {iso3}: 'in' must start with в, во or на: "
                             f"{record['in']!r}")
    return records


def build(csv_path: Path, ru_path: Path = RU_FORMS) -> dict[str, dict[str, object]]:
    rows = read_rows(csv_path)
    ru_records = load_ru_records(ru_path, rows)
    states: dict[str, dict[str, object]] = {}
    for iso3, row in rows:
        entry: dict[str, object] = {
            "iso2": row["iso2"],
            "m49": row["m49"],
            "status": STATUS[row["un_status"]],
            "names": names_for(row, iso3, ru_records),
        }
        notes = [M49_SHORT[iso3]] if iso3 in M49_SHORT else []
        if iso3 in FR_IN_OVERRIDES:
            notes.append(f"fr 'in' form by usage, not by the article rule: "
                         f"{FR_IN_OVERRIDES[iso3]!r}.")
        if iso3 in ZH_SUBJECT_OVERRIDES:
            notes.append(f"zh running text uses {ZH_SUBJECT_OVERRIDES[iso3]!r}, not the UNTERM "
                         "short name.")
        if iso3 in AR_SUBJECT_OVERRIDES:
            notes.append(f"ar running text uses {AR_SUBJECT_OVERRIDES[iso3]!r} (spacing as in "
                         "the formal and M49 names).")
        if ru_records[iso3].get("note"):
            notes.append(f"ru: {ru_records[iso3]['note']}")
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


def dump_ru(records: dict[str, dict[str, str]]) -> str:
    """tools/state_forms/ru.json layout: one State per line, sorted, forms in RU_RECORD order."""
    lines = []
    for iso3, record in sorted(records.items()):
        ordered = {key: record[key] for key in (*RU_RECORD, "note") if key in record}
        lines.append(f"{json.dumps(iso3)}: {json.dumps(ordered, ensure_ascii=False)}")
    return "{\n" + ",\n".join(lines) + "\n}\n"


# --------------------------------------------------------------------------- Russian draft
# Only for --draft-ru: a first machine draft of tools/state_forms/ru.json, which a person then
# reads and corrects. pymorphy3 is imported here and nowhere else; the build does not need it.

def _ru_running_name(short: str, formal: str | None) -> str:
    """«Иран (Исламская Республика)» -> «Исламская Республика Иран» (the formal name)."""
    return formal if _PAREN.match(short) and formal else short


def _ru_parse(morph, word: str):  # noqa: ANN001, ANN202 - pymorphy3 types stay optional
    """The nominative reading of ``word``: a place name first, never a pronoun («Того»)."""
    candidates = [p for p in morph.parse(word.lower())
                  if "nomn" in p.tag and "Apro" not in p.tag
                  and p.tag.POS in ("NOUN", "ADJF", "PRTF")]  # «Объединенные» is a participle
    candidates.sort(key=lambda p: ("Geox" not in p.tag, "Name" in p.tag, -p.score))
    return candidates[0] if candidates else None


def _ru_match_case(source: str, word: str) -> str:
    """pymorphy3 answers in lower case (and with ё): give back the source's capitals, part by
    part of a hyphenated name («Кот-д’Ивуар» -> «Кот-д’Ивуара», not «Кот-д’ивуара»)."""
    word = word if "ё" in source.lower() else word.replace("ё", "е")
    src_parts, parts = source.split("-"), word.split("-")
    if len(src_parts) != len(parts):
        src_parts, parts = [source], [word]
    return "-".join(
        "".join(src[i] if i < len(src) and src[i].lower() == c else c
                for i, c in enumerate(part))
        for src, part in zip(src_parts, parts, strict=True))


def _ru_inflect_word(morph, word: str, case: str) -> tuple[str, bool]:  # noqa: ANN001
    """(inflected word, whether it is a noun); hyphenated names inflect their declinable
    parts («Гвинея-Бисау» -> «Гвинеи-Бисау», «Бруней-Даруссалам» -> «Брунея-Даруссалама»)."""
    parse = _ru_parse(morph, word)
    if parse is None and "-" in word:
        parts = [_ru_inflect_word(morph, part, case) for part in word.split("-")]
        return "-".join(text for text, _ in parts), any(is_noun for _, is_noun in parts)
    if parse is None:
        return word, False
    if "Fixd" in parse.tag:
        return word, parse.tag.POS == "NOUN"
    form = parse.inflect({case})
    return (_ru_match_case(word, form.word) if form else word), parse.tag.POS == "NOUN"


def _ru_inflect(morph, phrase: str, case: str) -> str:  # noqa: ANN001
    """Inflect the head of a name: its adjectives and first noun, and a noun coordinated with
    it by «и» or «—»; what follows the head (a genitive «Америки», an apposition «Иран») stays."""
    out, inflecting, after_head = [], True, False
    for token in phrase.split(" "):
        if token in ("и", "—") and after_head:
            out.append(token)
            inflecting, after_head = True, False
            continue
        if not inflecting:
            out.append(token)
            after_head = False
            continue
        word, is_noun = _ru_inflect_word(morph, token, case)
        out.append(word)
        if is_noun:
            inflecting, after_head = False, True
    return " ".join(out)


def _ru_preposition(prepositional: str) -> str:
    """«в», or «во» before в/ф and a consonant («во Франции», «во Вьетнаме»)."""
    first, second = prepositional[:1].lower(), prepositional[1:2].lower()
    return "во" if first in "вф" and second and second not in "аеёиоуыэюя" else "в"


def draft_ru(rows: list[tuple[str, dict[str, str]]]) -> dict[str, dict[str, str]]:
    import pymorphy3  # only here: see above

    morph = pymorphy3.MorphAnalyzer()
    records = {}
    for iso3, row in rows:
        short = short_source(row, iso3, "ru")
        subject = _ru_running_name(short, clean(row["unterm_formal_ru"]))
        prepositional = _ru_inflect(morph, subject, "loct")
        records[iso3] = {"short": short, "subject": subject,
                         "of": _ru_inflect(morph, subject, "gent"),
                         "in": f"{_ru_preposition(prepositional)} {prepositional}"}
    return records


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv", type=Path, default=DEFAULT_CSV, help="input table")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output JSON")
    parser.add_argument("--check", action="store_true",
                        help="do not write; exit 1 if the output file is out of date")
    parser.add_argument("--ru-forms", type=Path, default=RU_FORMS,
                        help="hand-checked Russian forms (default: tools/state_forms/ru.json)")
    parser.add_argument("--draft-ru", type=Path, metavar="PATH",
                        help="write a pymorphy3 draft of the Russian forms to PATH and say how "
                        "many entries of the hand-checked file differ from it; builds nothing")
    args = parser.parse_args(argv)
    if not args.csv.is_file():
        print(f"input not found: {args.csv}", file=sys.stderr)
        return 2
    if args.draft_ru:
        return _write_ru_draft(args.csv, args.draft_ru, args.ru_forms)
    try:
        states = build(args.csv, args.ru_forms)
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


def _write_ru_draft(csv_path: Path, out: Path, reviewed_path: Path) -> int:
    try:
        rows = read_rows(csv_path)
        draft = draft_ru(rows)
    except ImportError:
        print("--draft-ru needs pymorphy3 and pymorphy3-dicts-ru (pip install them; the build "
              "itself does not)", file=sys.stderr)
        return 2
    except BuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if out.resolve() == reviewed_path.resolve():
        print("refusing to overwrite the hand-checked file with a machine draft", file=sys.stderr)
        return 2
    out.write_text(dump_ru(draft), encoding="utf-8")
    print(f"wrote {out} ({len(draft)} States)")
    if reviewed_path.is_file():
        reviewed = json.loads(reviewed_path.read_text(encoding="utf-8"))
        changed = {form: sorted(k for k in draft if k in reviewed
                                and draft[k][form] != reviewed[k].get(form))
                   for form in ("subject", "of", "in")}
        touched = sorted(set().union(*changed.values()))
        print(f"hand-checked file differs from the draft in {len(touched)} States: "
              + "; ".join(f"{form} {len(keys)}" for form, keys in changed.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
