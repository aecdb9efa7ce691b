"""Store benchmark: our case store against stock TinyDB on the same synthetic cases.

    .venv/bin/python benchmarks/store.py [--cases 10000] [--seed 1] [--keep DIR] [--strict]
    .venv/bin/python benchmarks/store.py --cases 200        # a quick check

Builds a workspace of N realistic cases (~3 KB of JSON each: names in Latin, Arabic, Chinese
and Cyrillic scripts, real State codes, mandates, clauses, dated references) through the public
API (``open_store``, ``save``), and the same records in stock TinyDB (``TinyDB(path)``, default
JSONStorage, ``insert_multiple``). Then, in the same run, for ours and for stock:

    save one case     update an existing case from its revision (ours: median of --saves,
                      stock: median of --stock-reps; a stock update checks the revision too)
    filter by State   CaseQuery(state=...) vs Query().recipient.state == ..., warm; each
                      repetition asks for another State, so TinyDB's query cache never answers
    free-text search  CaseQuery(text=...) vs a function over the same fields, warm
    cold open         a fresh subprocess: from before open_store to the first 50 of list(),
                      as the window opens a workspace (check_files=False: the case files are
                      compared with the index once the list is on screen); then that check,
                      timed apart, and the two together (what the command line pays, which
                      checks before listing); plus the subprocess's wall time, imports included
    memory            max RSS of that subprocess, which opened the store and listed every case

Targets (save, filter, search < 30 ms; cold open < 300 ms; memory < 300 MB) are printed with
PASS or MISS. Exit status 0, unless --strict and a target was missed. Only the public API of
``desktop_app.storage`` is used, so the benchmark holds whatever the engine below it.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tinydb import Query, TinyDB  # noqa: E402

from desktop_app.domain.case import (  # noqa: E402
    Case,
    Dates,
    Person,
    PublicTexts,
    Recipient,
    Related,
    Texts,
)
from desktop_app.reference import load_reference  # noqa: E402
from desktop_app.storage import CaseQuery, open_store  # noqa: E402

TARGET_SAVE_MS = 30.0
TARGET_FILTER_MS = 30.0
TARGET_SEARCH_MS = 30.0
TARGET_COLD_MS = 300.0
TARGET_RSS_MB = 300.0
FIRST_PAGE = 50

# --------------------------------------------------------------------------- synthetic cases
LATIN_FIRST = ["Dinara", "Almat", "María", "José", "Amina", "Olga", "Pierre", "Fatou", "Aliyu",
               "Sofia", "Tomasz", "Aigerim", "Kwame", "Leila", "Mehmet", "Ana", "Juan", "Irina",
               "Bakhyt", "Nadia", "Samuel", "Chiara", "Emeka", "Lucía", "Rustam", "Ngozi"]
LATIN_LAST = ["Smailova", "Mukhamedzhanov", "González", "Diallo", "Ivanova", "Kowalski",
              "Haddad", "Okafor", "Rahimi", "Petrović", "Mendes", "Kuanyshev", "Osei", "Yılmaz",
              "Fernández", "Nguyễn", "Traoré", "Al-Masri", "Novak", "Castillo", "Mensah"]
ARABIC = ["محمد عبد الله", "فاطمة الزهراء علي", "أحمد حسن", "ليلى منصور", "يوسف إبراهيم",
          "مريم خليل", "عمر الفاروق", "نور الهدى سعيد", "خالد عبد الرحمن", "سارة يوسف"]
CHINESE = ["王伟", "李娜", "张敏", "刘洋", "陈静", "杨帆", "黄丽", "赵磊", "周杰", "吴芳"]
CYRILLIC = ["Анна Петрова", "Сергей Иванов", "Айгуль Сапарова", "Дмитрий Козлов",
            "Ольга Смирнова", "Тимур Ахметов"]
ORGANISATIONS = ["NeMolchiKZ Foundation", "Centre for Civil Liberties", "Human Rights House",
                 "Association des juristes", "مركز الدفاع عن الحريات", "维权律师网络",
                 "Comité de Familiares", "Free Press Union", "Women's Legal Aid Network"]
ROLES = ["human rights defender", "journalist", "lawyer", "trade union leader",
         "woman human rights defender", "environmental activist", "blogger", "student",
         "member of an indigenous community", "opposition politician"]
TOPICS_EN = [
    "Arbitrary detention of {role} {name}",
    "Alleged torture and ill-treatment of {name} in pre-trial detention",
    "Judicial harassment of {org} and its members",
    "Enforced disappearance of {name}",
    "Draft law on foreign agents and its impact on civil society",
    "Threats and surveillance against {role} {name}",
    "Violent dispersal of peaceful protests in the capital",
    "Forced eviction of {n} families from an informal settlement",
    "Imminent extradition of {name} despite a risk of torture",
    "Criminal proceedings against {org} for its reporting",
]
TOPICS_FR = ["Détention arbitraire de {name}", "Harcèlement judiciaire de {org}",
             "Projet de loi sur les organisations non gouvernementales"]
TOPICS_ES = ["Detención arbitraria de {name}", "Amenazas contra {org}",
             "Desaparición forzada de {name}"]
TOPICS_AR = ["الاحتجاز التعسفي للمدافع عن حقوق الإنسان {name}", "مضايقة {org} قضائياً"]
SENTENCES = [
    "According to the information received, {name} was arrested on {day} by officers of the "
    "State security service without a warrant and taken to an unknown location.",
    "{name} was held incommunicado for {n} days and was denied access to a lawyer of choice.",
    "It is reported that {name} was beaten during interrogation and forced to sign a confession.",
    "On {day}, the court rejected the appeal without examining the evidence of the defence.",
    "The charges of 'spreading false information' appear to relate solely to the peaceful "
    "exercise of the right to freedom of expression.",
    "{org} had documented cases of domestic violence and supported survivors for several years.",
    "Family members were not informed of the whereabouts of {name} for {n} days.",
    "Serious concern is expressed at the pattern of intimidation against civil society actors.",
    "The authorities are reported to have placed {name} under travel ban since {day}.",
    "The proposed amendments would impose burdensome registration and reporting requirements "
    "on associations receiving foreign funding.",
    "Medical care was reportedly withheld despite a documented chronic condition.",
    "Several members of {org} received anonymous threats by telephone and on social media.",
]
QUESTIONS = [
    "Please provide information on the legal basis for the arrest and detention of {name}.",
    "Please indicate what measures have been taken to investigate the allegations of torture.",
    "Please explain how the charges are compatible with international human rights law.",
    "Please provide information on the measures taken to protect {org} and its members.",
]
STATUSES = ["draft"] * 6 + ["in_review"] * 2 + ["approved"] * 2 + ["sent"] * 7 + ["published"] * 3
KINDS = ["AL"] * 6 + ["UA"] * 3 + ["OL"]


@dataclass
class Synth:
    rng: random.Random
    states: list[str]
    mandates: list[str]
    clauses: list[str]
    questions: list[str]

    def __post_init__(self) -> None:
        self.numbers: dict[tuple[str, int], int] = {}

    def name(self) -> str:
        script = self.rng.random()
        if script < 0.62:
            return f"{self.rng.choice(LATIN_FIRST)} {self.rng.choice(LATIN_LAST)}"
        if script < 0.78:
            return self.rng.choice(ARABIC)
        if script < 0.92:
            return self.rng.choice(CHINESE)
        return self.rng.choice(CYRILLIC)

    def day(self, year: int) -> date:
        return date(year, 1, 1) + timedelta(days=self.rng.randrange(365))

    def fill(self, template: str, name: str, org: str, year: int) -> str:
        return template.format(name=name, org=org, role=self.rng.choice(ROLES),
                               n=self.rng.randint(2, 40), day=self.day(year).isoformat())

    def paragraphs(self, count: int, name: str, org: str, year: int) -> list[str]:
        return [
            " ".join(self.fill(self.rng.choice(SENTENCES), name, org, year)
                     for _ in range(self.rng.randint(2, 3)))
            for _ in range(count)
        ]

    def case(self, index: int) -> Case:
        rng = self.rng
        kind = rng.choice(KINDS)
        status = rng.choice(STATUSES)
        year = rng.randint(2011, 2025)
        other = rng.random() < 0.04
        state = rng.choice(self.states)
        recipient = (Recipient("other", None, rng.choice(["Acme Mining Ltd", "Global Logistics SA",
                                                             "Seguridad Privada SRL"]))
                     if other else Recipient("state", state))
        code = "OTH" if other else state
        sent = self.day(year) if status in ("sent", "published") else None
        reference = None
        reply = None
        if sent is not None:
            number = self.numbers.get((code, year), 0) + 1
            self.numbers[(code, year)] = number
            reference = f"{kind} {code} {number}/{year}"
            if rng.random() < 0.4:
                reply = sent + timedelta(days=rng.randint(20, 90))
        persons = []
        for p in range(0 if kind == "OL" else rng.randint(1, 5)):
            is_org = rng.random() < 0.15
            persons.append(Person(
                id=f"p{p + 1}",
                name=rng.choice(ORGANISATIONS) if is_org else self.name(),
                kind="organisation" if is_org else "person",
                gender="unspecified" if is_org else rng.choice(["female", "male", "unspecified"]),
                consent_state=rng.random() < 0.9,
                consent_public=rng.random() < 0.6,
                role={"en": rng.choice(ROLES)},
            ))
        lead = persons[0].name if persons else self.name()
        org = rng.choice(ORGANISATIONS)
        lang = rng.choice(["en"] * 7 + ["fr", "es", "ar"])
        pool = {"en": TOPICS_EN, "fr": TOPICS_FR, "es": TOPICS_ES, "ar": TOPICS_AR}[lang]
        texts = {lang: Texts(
            topic=self.fill(rng.choice(pool), lead, org, year),
            summary=self.fill(rng.choice(SENTENCES), lead, org, year),
            background=self.paragraphs(1, lead, org, year),
            allegations=self.paragraphs(rng.randint(2, 3), lead, org, year),
            concerns=self.paragraphs(1, lead, org, year),
            questions=[self.fill(q, lead, org, year) for q in rng.sample(QUESTIONS, 2)],
            public=PublicTexts(background=[self.fill(rng.choice(SENTENCES), lead, org, year)]),
        )}
        related = []
        if rng.random() < 0.15:
            related.append(Related(f"AL {code} {rng.randint(1, 30)}/{year - 1}", self.day(year - 1)))
        return Case(
            id=f"bench-{index:06d}",
            kind=kind,
            reference=reference,
            recipient=recipient,
            mandates=rng.sample(self.mandates, rng.randint(1, 4)),
            source_language=lang,
            dates=Dates(sent, reply, "substantive" if reply else None),
            persons=persons,
            related=related,
            legal_framework=rng.sample(self.clauses, rng.randint(2, 6)),
            standard_questions=rng.sample(self.questions, rng.randint(1, 3)),
            text=texts,
            status=status,
            press_release=rng.random() < 0.1,
            source=f"Information received from a partner organisation (file {rng.randint(1000, 9999)})",
        )


def synthetic_records(count: int, seed: int) -> list[dict[str, Any]]:
    ref = load_reference()
    synth = Synth(random.Random(seed), sorted(ref.states), sorted(ref.mandates),
                  sorted(ref.clauses), sorted(ref.questions))
    return [synth.case(i).to_dict() for i in range(count)]


# --------------------------------------------------------------------------- stock matching
def fold(text: str) -> str:
    """As the store folds (NFKC, casefold, no combining marks), so both find the same cases."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    kept = (c for c in unicodedata.normalize("NFD", folded) if unicodedata.category(c) != "Mn")
    return unicodedata.normalize("NFC", "".join(kept))


def stock_text_match(term: str) -> Callable[[dict[str, Any]], bool]:
    """CaseQuery.text's meaning as a TinyDB condition: a case-insensitive substring of the
    reference, recipient name or State, person names and public names, any topic, a mandate."""
    wanted = fold(term)

    def matches(doc: dict[str, Any]) -> bool:
        recipient = doc.get("recipient") or {}
        fields = [doc.get("reference"), recipient.get("name"), recipient.get("state"),
                  *(doc.get("mandates") or [])]
        for person in doc.get("persons") or []:
            fields += [person.get("name"), person.get("public_name")]
        fields += [(body or {}).get("topic") for body in (doc.get("text") or {}).values()]
        return any(isinstance(f, str) and wanted in fold(f) for f in fields)

    return matches


# --------------------------------------------------------------------------- measuring
def ms(seconds: float) -> float:
    return seconds * 1000.0


def median_ms(samples: Sequence[float]) -> float:
    return ms(statistics.median(samples))


def timed(func: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = func()
    return time.perf_counter() - started, result


#: Peak RSS of the process itself. Not ru_maxrss on Linux: the kernel carries the parent's
#: peak across fork + exec into the child's ru_maxrss, so every child would report at least
#: this benchmark's own ~100+ MB. /proc/self/status VmHWM is the new image's own peak.
PEAK_RSS = """
def peak_rss_mb():
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024 if sys.platform == "darwin" else 1024)  # bytes on macOS
"""
COLD_OURS = PEAK_RSS + """
import json, sys, time
t0 = time.perf_counter()
from desktop_app.storage import open_store
t1 = time.perf_counter()
store = open_store(sys.argv[1], check_files=False)
cases = store.list()
page = cases[:{page}]
t2 = time.perf_counter()
store.check_files()
t3 = time.perf_counter()
store.close()
print(json.dumps({{"import_s": t1 - t0, "open_s": t2 - t1, "check_s": t3 - t2,
                  "listed": len(cases), "page": len(page), "rss_mb": peak_rss_mb()}}))
"""
COLD_STOCK = PEAK_RSS + """
import json, sys, time
t0 = time.perf_counter()
from tinydb import TinyDB
t1 = time.perf_counter()
db = TinyDB(sys.argv[1])
cases = db.all()
page = cases[:{page}]
t2 = time.perf_counter()
db.close()
print(json.dumps({{"import_s": t1 - t0, "open_s": t2 - t1, "listed": len(cases),
                  "page": len(page), "rss_mb": peak_rss_mb()}}))
"""


def cold_runs(code: str, target: Path, runs: int) -> dict[str, float]:
    """Median open-to-first-page and wall time, and the largest RSS, of ``runs`` fresh
    processes."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    opens, checks, walls, rss, listed = [], [], [], [], 0
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", code.format(page=FIRST_PAGE), str(target)],
                              capture_output=True, text=True, env=env, check=False)
        walls.append(time.perf_counter() - started)
        if done.returncode != 0:
            raise RuntimeError(f"the cold-open subprocess failed:\n{done.stderr}")
        report = json.loads(done.stdout.strip().splitlines()[-1])
        opens.append(report["open_s"])
        checks.append(report.get("check_s", 0.0))
        rss.append(report["rss_mb"])
        listed = report["listed"]
    return {"open_ms": median_ms(opens), "check_ms": median_ms(checks),
            "checked_ms": median_ms([o + c for o, c in zip(opens, checks, strict=True)]),
            "wall_ms": median_ms(walls), "rss_mb": max(rss), "listed": listed}


# --------------------------------------------------------------------------- the run
def _num(value: float) -> str:
    return f"{value:10.2f}" if value < 10 else f"{value:10.1f}"


@dataclass
class Row:
    label: str
    ours: float
    stock: float | None
    unit: str
    target: float | None
    note: str = ""

    def line(self) -> str:
        stock = f"{_num(self.stock)} {self.unit:<3}" if self.stock is not None else " " * 14
        if self.stock is not None and self.ours > 0:
            ratio = self.stock / self.ours  # < 1: ours is the slower (or bigger)
            ratio_text = f"{ratio:7.1f}x" if ratio >= 1 else f"{ratio:7.2f}x"
        else:
            ratio_text = " " * 8
        verdict = ""
        if self.target is not None:
            verdict = f"< {self.target:g} {self.unit}  " + ("PASS" if self.passed else "MISS")
        return (f"  {self.label:<34} {_num(self.ours)} {self.unit:<3} {stock} {ratio_text}   "
                f"{verdict}{('  ' + self.note) if self.note else ''}")

    @property
    def passed(self) -> bool:
        return self.target is None or self.ours < self.target


def run(args: argparse.Namespace, folder: Path) -> int:
    rng = random.Random(args.seed + 1)
    print(f"commdraft store benchmark: {args.cases} cases, seed {args.seed}, in {folder}")
    print(f"  python {sys.version.split()[0]}, {os.cpu_count()} CPUs")

    elapsed, records = timed(lambda: synthetic_records(args.cases, args.seed))
    sizes = [len(json.dumps(r, ensure_ascii=False).encode("utf-8")) for r in records]
    print(f"  generated in {elapsed:.1f} s: {statistics.mean(sizes) / 1024:.2f} KB per case "
          f"as JSON (min {min(sizes) / 1024:.1f}, max {max(sizes) / 1024:.1f}), "
          f"{sum(sizes) / 1024**2:.1f} MB in all")

    # ---- build (setup, not measured against a target)
    workspace = folder / "workspace"
    store = open_store(workspace)
    stored: list[dict[str, Any]] = []
    started = time.perf_counter()
    step = max(1, args.cases // 10)
    with store.transaction():  # one lock for the whole build: it is setup
        for index, record in enumerate(records, 1):
            stored.append(store.save(record, base_revision=None))
            if index % step == 0 and args.cases >= 1000:
                rate = index / (time.perf_counter() - started)
                print(f"    ours: {index} saved ({rate:.0f}/s)", flush=True)
    build_ours = time.perf_counter() - started
    stock_path = folder / "stock-tinydb.json"
    stock = TinyDB(stock_path)
    build_stock, _ = timed(lambda: stock.insert_multiple(stored))
    print(f"  built: ours {build_ours:.1f} s ({ms(build_ours) / args.cases:.2f} ms/case), "
          f"stock insert_multiple {build_stock:.1f} s; stock file "
          f"{stock_path.stat().st_size / 1024**2:.1f} MB")

    ids = [r["id"] for r in stored]
    rows: list[Row] = []
    warnings: list[str] = []

    # ---- save one case: an update from the stored revision
    def edit(record: dict[str, Any], n: int) -> dict[str, Any]:
        lang = record["source_language"]
        record["text"][lang]["summary"] = f"Updated summary, edit {n}: " + record["text"][lang]["summary"][:200]
        return record

    ours_saves = []
    for n, case_id in enumerate(rng.sample(ids, min(args.saves, len(ids)))):
        record = edit(store.get(case_id), n)
        base = record["revision"]
        seconds, saved = timed(lambda r=record, b=base: store.save(r, base_revision=b))
        if saved["revision"] != base + 1:
            warnings.append(f"ours: save of {case_id} gave revision {saved['revision']}, not {base + 1}")
        ours_saves.append(seconds)
    Q = Query()
    stock_saves = []
    for n, case_id in enumerate(rng.sample(ids, min(args.stock_reps, len(ids)))):
        record = edit(dict(stock.get(Q.id == case_id)), n)  # type: ignore[arg-type]
        base = record["revision"]
        record["revision"] = base + 1
        seconds, changed = timed(lambda r=record, c=case_id, b=base: stock.update(
            r, (Q.id == c) & (Q.revision == b)))
        if len(changed) != 1:
            warnings.append(f"stock: update of {case_id} changed {len(changed)} documents")
        stock_saves.append(seconds)
    rows.append(Row(f"save one case (median of {len(ours_saves)}/{len(stock_saves)})",
                    median_ms(ours_saves), median_ms(stock_saves), "ms", TARGET_SAVE_MS))

    # ---- filter by State, warm: another State each time, the same ones for both
    counts: dict[str, int] = {}
    for record in stored:
        state = record["recipient"].get("state")
        if state:
            counts[state] = counts.get(state, 0) + 1
    states = sorted(counts, key=lambda s: (-counts[s], s))
    picked = [states[i % len(states)] for i in range(0, len(states), max(1, len(states) // 20))][:20]
    store.list(None)  # warm: whatever the store loads on first use
    ours_filter, stock_filter = [], []
    for n, state in enumerate(picked):
        seconds, found = timed(lambda s=state: store.list(CaseQuery(state=s)))
        ours_filter.append(seconds)
        if n < args.stock_reps:
            seconds, stock_found = timed(lambda s=state: stock.search(Q.recipient.state == s))
            stock_filter.append(seconds)
            if {c.id for c in found} != {d["id"] for d in stock_found}:
                warnings.append(f"filter {state}: ours found {len(found)}, stock {len(stock_found)}")
    rows.append(Row(f"filter by State (median of {len(ours_filter)}/{len(stock_filter)})",
                    median_ms(ours_filter), median_ms(stock_filter), "ms", TARGET_FILTER_MS,
                    f"~{statistics.mean(counts[s] for s in picked):.0f} hits"))

    # ---- free-text search, warm: a surname, a script other than Latin, a topic word, a
    # mandate id, a reference part, and a word no case has
    terms = ["smailova", "ivanova", "محمد", "王", "detention", "disappearance", "harcèlement",
             "torture", "KAZ 1/20", "nothing-matches-this", "ngozi", "foreign agents",
             "Анна", "gonzález", "fatou", "free press", "extradition", "osei", "ليلى", "2019"]
    ours_search, stock_search, hits = [], [], []
    for n, term in enumerate(terms):
        seconds, found = timed(lambda t=term: store.list(CaseQuery(text=t)))
        ours_search.append(seconds)
        hits.append(len(found))
        if n < args.stock_reps:
            seconds, stock_found = timed(lambda t=term: stock.search(stock_text_match(t)))
            stock_search.append(seconds)
            if {c.id for c in found} != {d["id"] for d in stock_found}:
                warnings.append(f"search {term!r}: ours found {len(found)}, stock {len(stock_found)}")
    rows.append(Row(f"free-text search (median of {len(ours_search)}/{len(stock_search)})",
                    median_ms(ours_search), median_ms(stock_search), "ms", TARGET_SEARCH_MS,
                    f"~{statistics.mean(hits):.0f} hits"))
    store.close()
    stock.close()

    # ---- cold open and memory, in fresh processes
    ours_cold = cold_runs(COLD_OURS, workspace, args.cold_runs)
    stock_cold = cold_runs(COLD_STOCK, stock_path, args.cold_runs)
    if ours_cold["listed"] != args.cases:
        warnings.append(f"cold open listed {ours_cold['listed']} cases, not {args.cases}")
    rows.append(Row(f"cold open -> first {FIRST_PAGE} (median of {args.cold_runs})",
                    ours_cold["open_ms"], stock_cold["open_ms"], "ms", TARGET_COLD_MS,
                    "as the window: files checked after"))
    rows.append(Row("  then every case file checked", ours_cold["check_ms"], None, "ms", None,
                    "the window: once its list is shown"))
    rows.append(Row("  open, files checked, first page", ours_cold["checked_ms"],
                    stock_cold["open_ms"], "ms", None, "as the command line"))
    rows.append(Row("  its subprocess, wall time", ours_cold["wall_ms"], stock_cold["wall_ms"],
                    "ms", None, "imports included"))
    rows.append(Row("memory: max RSS, open + list all", ours_cold["rss_mb"], stock_cold["rss_mb"],
                    "MB", TARGET_RSS_MB))

    print()
    print(f"  {'':<34} {'ours':>14} {'stock TinyDB':>14} {'stock/ours':>8}   target")
    for row in rows:
        print(row.line())
    for warning in warnings:
        print(f"  WARNING: {warning}")
    missed = [row.label.strip() for row in rows if not row.passed]
    print()
    print("  all targets met" if not missed else f"  {len(missed)} target(s) missed: {'; '.join(missed)}")
    return 1 if (args.strict and missed) else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=10_000, help="cases to build (10000)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the synthetic data (1)")
    parser.add_argument("--saves", type=int, default=50, help="saves timed on ours (50)")
    parser.add_argument("--stock-reps", type=int, default=5,
                        help="repetitions of each stock TinyDB measure (5: each takes ~1 s)")
    parser.add_argument("--cold-runs", type=int, default=3, help="fresh processes to time (3)")
    parser.add_argument("--keep", type=Path, default=None,
                        help="build in this (new or empty) folder and keep it")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    for name in ("cases", "saves", "stock_reps", "cold_runs"):
        if getattr(args, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be at least 1")
    if args.keep is not None:
        if args.keep.exists() and any(args.keep.iterdir()):
            parser.error(f"--keep {args.keep}: the folder is not empty")
        args.keep.mkdir(parents=True, exist_ok=True)
        code = run(args, args.keep.resolve())
        print(f"  kept: {args.keep / 'workspace'} and {args.keep / 'stock-tinydb.json'}")
        return code
    with tempfile.TemporaryDirectory(prefix="commdraft-bench-") as folder:
        return run(args, Path(folder))


if __name__ == "__main__":
    sys.exit(main())
