"""Team-store benchmark: the PostgreSQL team store at 100,000 cases, with the folder store
measured in the same run on the same synthetic cases.

    .venv/bin/python benchmarks/team_store.py             # the full run (~7 min, 2 CPUs)
    .venv/bin/python benchmarks/team_store.py --quick     # 10,000 cases, 4 clients x 100 saves
    .venv/bin/python benchmarks/team_store.py --strict    # exit 1 when a target is missed

Starts a throwaway PostgreSQL cluster (tools/pg_cluster.py: fsync off, a unix socket; removed
at the end, also on Ctrl-C or an error), creates the store (``init_store``) and its people
(``add_user``: drafters, each logging in with their own role and password, so that row security
is in the path), and measures:

build        --cases (100,000) cases on the server. The first --api-build (2,000) go through
             the store's own bulk path, ``import_history`` in transactions of 500, as the
             administrator; the rest by plain psycopg as the administrator (the store has no
             faster path): COPY into commdraft.cases, the columns computed by the store's own
             ``rows.record_values``, then INSERT ... SELECT into commdraft.revisions, 10,000
             cases a transaction, through the same triggers, checks and unique indexes (the
             deferred case-matches-its-history check runs at each commit). Then VACUUM ANALYZE,
             as autovacuum soon would. The folder store gets the first --folder-cases (10,000)
             of the same cases, saved one by one (``save``) inside one ``transaction()``.
latency      median of --reps, as a drafter of one team through their own login role (row
             security applies; the superuser would bypass it): the first page
             (``CaseQuery(limit=50)``), filter by State (limit 50, and all), text search for
             names that match some hundreds of the cases the drafter sees (limit 50, and all),
             save one case (get + save with base_revision), mark a case sent
             (``store.transaction()``: ``next_reference`` over ``store.references(state=, year=)``, then
             save, as workspace/cases.py does). Targets: list, filter, search < 50 ms (limit 50
             and all), save < 20 ms. The folder store's figures are at --folder-cases.
concurrency  --clients (20) processes x --saves (500) save attempts. Client i is a drafter of
             team i (20 teams of 3 mandates) and saves cases of its team, except --hot-share
             (10%) of its saves, which go to --hot (5) cases of a mandate every client's team
             also holds, so that conflicts happen; every --send-every (50th) save, staggered
             between the clients, marks a case of its team sent, the reference allocated inside
             ``store.transaction()`` (timed in parts: lock wait, references, next_reference,
             save). Then checked from the store: every acknowledged save is in the history at
             its revision (0 lost), the revisions stored equal the acknowledged saves (each
             refused save was reported, none stored), the kept conflict records equal the
             conflicts reported, the references are unique, numbered 1..n and are the store's.
             The folder store gets the same with --folder-saves (100) per client.
restarts     the same clients x --outage-saves (200) against the server, restarted with
             ``pg_ctl -m fast`` once a quarter of the saves are done and ``-m immediate`` at
             60%. A client whose call raises StoreError (server unreachable) waits 0.2 s and
             makes the same call again (a save: the same record and base revision, which the
             store recognises when it had landed). Reported: how long the server was down, and
             how long each client saw it unavailable (from the stop to the client's next
             successful call); then the same checks.

Every save writes a marker (``bench <phase> c<client> op<n>``) into the record's ``source``,
by which the checks find it in the history. Exit status 0, unless --strict and a target was
missed. For a missed list, filter or search target (and with --explain for all of them) the
query's plan as the drafter runs it is printed (EXPLAIN ANALYZE).
"""

from __future__ import annotations

import argparse
import bisect
import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402
from psycopg import sql  # noqa: E402

from benchmarks.store import (  # noqa: E402
    ARABIC,
    CHINESE,
    CYRILLIC,
    LATIN_LAST,
    synthetic_records,
)
from desktop_app.domain.errors import ReferenceFormatError  # noqa: E402
from desktop_app.domain.references import next_reference, parse_reference  # noqa: E402
from desktop_app.reference import load_reference  # noqa: E402
from desktop_app.storage import (  # noqa: E402
    CaseQuery,
    ConflictError,
    StoreError,
    StoreLockedError,
    open_store,
)
from desktop_app.storage.postgres import (  # noqa: E402
    add_user,
    init_store,
    open_server_store,
    rows,
)
from tools import pg_cluster  # noqa: E402

TARGET_LIST_MS = 50.0
TARGET_FILTER_MS = 50.0
TARGET_SEARCH_MS = 50.0
TARGET_SAVE_MS = 20.0
FIRST_PAGE = 50
TEAMS = 20
DATABASE = "commdraft_bench"
#: Years of the references allocated (none of the synthetic cases has one): a sequence each.
YEAR_LATENCY, YEAR_LOAD, YEAR_RESTART = 2029, 2026, 2027
UNREACHABLE = "store.server_unreachable"
RETRY_PAUSE = 0.2  # seconds a client waits before trying a failed call again
GIVE_UP = 180.0  # seconds of failures after which a client gives a call up
LOCK_WAIT = 120.0  # the clients' lock_timeout: a queue of 20 writers must not time out

FULL = {"cases": 100_000, "folder_cases": 10_000, "api_build": 2_000, "clients": 20,
        "saves": 500, "outage_saves": 200, "folder_saves": 100, "reps": 20, "save_reps": 50}
QUICK = {"cases": 10_000, "folder_cases": 2_000, "api_build": 1_000, "clients": 4,
         "saves": 100, "outage_saves": 100, "folder_saves": 50, "reps": 10, "save_reps": 20}


# =========================================================================== measuring
def ms(seconds: float) -> float:
    return seconds * 1000.0


def median_ms(samples: Sequence[float]) -> float:
    return ms(statistics.median(samples)) if samples else float("nan")


def p95_ms(samples: Sequence[float]) -> float:
    if not samples:
        return float("nan")
    ordered = sorted(samples)
    return ms(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))])


def say(text: str) -> None:
    print(f"  {text}", flush=True)


# =========================================================================== the table
@dataclass
class Row:
    """A line of the table: the team store's figure, the folder store's (None: not measured
    there), and a target (``("<", 50)`` or ``("=", 0)``) on the team store's, and on the folder
    store's too when ``both`` (integrity checks)."""

    label: str
    team: Any
    folder: Any = None
    unit: str = ""
    target: tuple[str, float] | None = None
    note: str = ""
    both: bool = False

    def _meets(self, value: Any) -> bool:
        if self.target is None or not isinstance(value, int | float):
            return True
        op, limit = self.target
        return value < limit if op == "<" else value == limit

    @property
    def passed(self) -> bool:
        return self._meets(self.team) and (not self.both or self._meets(self.folder))

    @staticmethod
    def _cell(value: Any, unit: str) -> str:
        if value is None:
            text = "-"
        elif isinstance(value, bool):
            text = "yes" if value else "NO"
        elif isinstance(value, int):
            text = f"{value:,}"
        elif isinstance(value, float):
            text = f"{value:.2f}" if abs(value) < 10 else f"{value:.1f}"
        else:
            text = str(value)
        return f"{text} {unit}".rstrip() if value is not None else text

    def line(self) -> str:
        verdict = ""
        if self.target is not None:
            op, limit = self.target
            verdict = f"{op} {limit:g} {self.unit}".replace("  ", " ").strip()
            verdict = f"{verdict:<10} {'PASS' if self.passed else 'MISS'}"
        note = f"  {self.note}" if self.note else ""
        return (f"  {self.label:<46} {self._cell(self.team, self.unit):>16} "
                f"{self._cell(self.folder, self.unit):>16}   {verdict}{note}")


Table = list[Row | str]


def print_table(table: Table, team_title: str, folder_title: str) -> list[Row]:
    print()
    print(f"  {'':<46} {team_title:>16} {folder_title:>16}   target")
    for entry in table:
        if isinstance(entry, str):
            print(f"  {entry}")
        else:
            print(entry.line())
    return [entry for entry in table if isinstance(entry, Row) and not entry.passed]


# =========================================================================== the clients
class Client:
    """One client process: opens the store as its person, waits for "go" on stdin, makes its
    save attempts and writes what happened to a JSON file."""

    def __init__(self, cfg: dict[str, Any]) -> None:
        self.cfg = cfg
        self.prefix = f"bench {cfg['phase']} c{cfg['client']}"
        self.rng = random.Random(cfg["seed"])
        if cfg["kind"] == "server":
            options: dict[str, Any] = {"lock_timeout": LOCK_WAIT}
            if cfg.get("timeout"):
                options["timeout"] = cfg["timeout"]
            self.store: Any = open_server_store(cfg["location"], **options)
        else:
            self.store = open_store(Path(cfg["location"]), create=False, lock_timeout=LOCK_WAIT)
        self.acked: list[list[Any]] = []
        self.sends: list[list[Any]] = []
        self.conflicts: list[list[Any]] = []
        self.errors: Counter[str] = Counter()
        self.ok: list[float] = []  # when each successful call ended (monotonic)
        self.failures: list[float] = []  # when each StoreError of an unreachable server came
        self.locked = 0
        self.save_s: list[float] = []
        self.send_s: list[float] = []
        self.send_parts: list[list[float]] = []
        self._progress = open(cfg["progress"], "w", encoding="ascii")  # noqa: SIM115

    def call(self, work: Callable[[], Any]) -> Any:
        """``work()``, made again after a pause while the server is out of reach."""
        failing_since: float | None = None
        while True:
            try:
                result = work()
            except ConflictError:
                self.ok.append(time.monotonic())  # the server did answer
                raise
            except StoreLockedError:
                self.locked += 1
                continue
            except StoreError as exc:
                if exc.code != UNREACHABLE:
                    raise
                now = time.monotonic()
                self.failures.append(now)
                if failing_since is None:
                    failing_since = now
                elif now - failing_since > GIVE_UP:
                    raise
                time.sleep(RETRY_PAUSE)
                continue
            self.ok.append(time.monotonic())
            return result

    def save(self, n: int, case_id: str) -> None:
        marker = f"{self.prefix} op{n}"
        record = self.call(lambda: self.store.get(case_id))
        base = record["revision"]
        record["source"] = marker
        started = time.perf_counter()
        try:
            saved = self.call(lambda: self.store.save(record, base_revision=base))
        except ConflictError:
            self.conflicts.append([case_id, base, marker])
            return
        self.save_s.append(time.perf_counter() - started)
        self.acked.append([case_id, saved["revision"], marker])

    def send(self, n: int, case_id: str, year: int) -> None:
        marker = f"{self.prefix} op{n}"
        started = time.perf_counter()
        parts: list[float] = []
        try:
            saved, mine = self.call(lambda: mark_sent(self.store, case_id, year, marker, parts))
        except ConflictError:
            self.conflicts.append([case_id, None, marker])
            return
        if not mine:
            raise RuntimeError(f"{case_id} was sent already, not by this client")
        self.send_s.append(time.perf_counter() - started)
        if parts:
            self.send_parts.append(parts)
        self.sends.append([case_id, saved["revision"], marker, saved["reference"]])

    def run(self) -> None:
        cfg = self.cfg
        own, hot, sends = cfg["own"], cfg["hot"], list(reversed(cfg["sends"]))
        every = cfg["send_every"]
        self.started = time.monotonic()
        for n in range(cfg["saves"]):
            try:
                if sends and every and n % every == cfg["send_offset"]:
                    self.send(n, sends.pop(), cfg["year"])
                elif hot and self.rng.random() < cfg["hot_share"]:
                    self.save(n, self.rng.choice(hot))
                else:
                    self.save(n, self.rng.choice(own))
            except Exception as exc:  # counted, and the client goes on
                self.errors[f"{type(exc).__name__}: {str(exc)[:160]}"] += 1
            if n % 10 == 9:
                self._progress.seek(0)
                self._progress.write(f"{n + 1:09d}")
                self._progress.flush()
        self.finished = time.monotonic()

    def report(self) -> dict[str, Any]:
        return {"acked": self.acked, "sends": self.sends, "conflicts": self.conflicts,
                "errors": dict(self.errors), "ok": self.ok, "failures": self.failures,
                "locked": self.locked, "save_s": self.save_s, "send_s": self.send_s, "send_parts": self.send_parts,
                "started": self.started, "finished": self.finished}


#: The parts of a mark-sent, timed: waiting for the write lock (entering transaction()),
#: get + store.references(), next_reference(), save + commit.
SEND_PARTS = ("lock", "references", "next_reference", "save")


def mark_sent(store: Any, case_id: str, year: int, marker: str,
              parts: list[float] | None = None) -> tuple[dict[str, Any], bool]:
    """Mark a case sent with the next reference of its State (or OTH) in ``year``, allocated
    and saved under the store's lock; (the case, whether this marker sent it). A case found sent
    already by this marker is an earlier try of this very call that landed. ``parts`` gets the
    seconds of each of SEND_PARTS."""
    started = time.perf_counter()
    with store.transaction():
        locked = time.perf_counter()
        record = store.get(case_id)
        if record.get("reference"):
            return record, record.get("source") == marker
        recipient = record.get("recipient") or {}
        code = recipient.get("state") if recipient.get("type") == "state" else "OTH"
        existing = store.references(state=code, year=year)  # as Workspace.mark_sent does
        listed = time.perf_counter()
        reference = next_reference(record["kind"], code, year, existing)
        numbered = time.perf_counter()
        record["reference"] = str(reference)
        record["status"] = "sent"
        record["dates"] = {**(record.get("dates") or {}), "sent": f"{year}-06-01"}
        record["source"] = marker
        saved = store.save(record, base_revision=record["revision"])
    if parts is not None:
        parts[:] = [locked - started, listed - locked, numbered - listed,
                    time.perf_counter() - numbered]
    return saved, True


def worker_main(config: Path) -> int:
    cfg = json.loads(config.read_text(encoding="utf-8"))
    client = Client(cfg)
    print("ready", flush=True)
    if sys.stdin.readline().strip() != "go":
        return 1
    client.run()
    Path(cfg["result"]).write_text(json.dumps(client.report()), encoding="utf-8")
    client.store.close()
    return 0


# =========================================================================== teams and cases
@dataclass
class Teams:
    """Mandates: the first (sorted) is shared by every client (its cases are the hot ones);
    the others are dealt out to TEAMS teams."""

    hot: str
    mandates: list[list[str]]

    @classmethod
    def of(cls, mandates: Sequence[str]) -> Teams:
        ordered = sorted(mandates)
        count = min(TEAMS, len(ordered) - 1)
        return cls(ordered[0], [ordered[1 + t::count] for t in range(count)])


@dataclass
class Cases:
    """The cases of one store, by team: ``own`` (lead mandate the team's), ``unsent`` (of
    those, without a reference: OTH first, one sequence for all), ``hot``."""

    own: list[list[str]]
    unsent: list[list[str]]
    hot: list[str]
    taken: set[str] = field(default_factory=set)
    _next: list[int] = field(default_factory=list)

    @classmethod
    def of(cls, records: Sequence[dict[str, Any]], teams: Teams, hot_count: int) -> Cases:
        team_of = {m: t for t, group in enumerate(teams.mandates) for m in group}
        own: list[list[str]] = [[] for _ in teams.mandates]
        oth: list[list[str]] = [[] for _ in teams.mandates]
        rest: list[list[str]] = [[] for _ in teams.mandates]
        hot: list[str] = []
        for record in records:
            lead = (record.get("mandates") or [None])[0]
            if lead == teams.hot:
                if len(hot) < hot_count:
                    hot.append(record["id"])
                continue
            team = team_of.get(lead)
            if team is None:
                continue
            own[team].append(record["id"])
            if not record.get("reference"):
                state = (record.get("recipient") or {}).get("type") == "state"
                (rest if state else oth)[team].append(record["id"])
        unsent = [a + b for a, b in zip(oth, rest, strict=True)]
        return cls(own, unsent, hot, _next=[0] * len(own))

    def reserve(self, team: int, count: int) -> list[str]:
        """Cases of ``team`` to mark sent, never handed out twice."""
        start = self._next[team]
        picked = self.unsent[team][start:start + count]
        self._next[team] = start + len(picked)
        self.taken.update(picked)
        return picked

    def to_save(self, team: int, share: int, of: int, limit: int = 1500) -> list[str]:
        """Cases of ``team`` to save (the ``share``-th of ``of`` clients of the team)."""
        free = [c for c in self.own[team][share::of] if c not in self.taken]
        return free[:limit]


# =========================================================================== the server
@dataclass
class Server:
    cluster: Any
    admin_dsn: str
    people: dict[str, str] = field(default_factory=dict)  # role -> dsn

    def person(self, name: str, mandates: list[str]) -> str:
        password = f"pw-{name}"
        add_user(self.admin_dsn, name, role="drafter", mandates=mandates, password=password)
        dsn = self.cluster.dsn(name, DATABASE, password=password)
        self.people[name] = dsn
        return dsn


def start_server(clients: int) -> Server:
    if pg_cluster.find_bindir() is None:
        raise SystemExit("PostgreSQL is not installed (initdb and pg_ctl): apt-get install "
                         "postgresql")
    cluster = pg_cluster.start(max_connections=max(200, clients * 7 + 40))
    try:
        with psycopg.connect(cluster.admin_dsn, autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {DATABASE}")
        admin_dsn = cluster.dsn(pg_cluster.SUPERUSER, DATABASE)
        init_store(admin_dsn)
    except BaseException:
        cluster.remove()
        raise
    return Server(cluster, admin_dsn)


def build_server(server: Server, records: list[dict[str, Any]], api_count: int) -> list[Row]:
    """The cases on the server: ``api_count`` through import_history, the rest by COPY."""
    total = len(records)
    first = datetime.now(UTC) - timedelta(seconds=total + 3600)

    def saved_at(index: int) -> datetime:
        return first + timedelta(seconds=index)

    api_count = min(api_count, total)
    started = time.perf_counter()
    with open_server_store(server.admin_dsn) as store:
        for start in range(0, api_count, 500):
            with store.transaction():
                for index in range(start, min(start + 500, api_count)):
                    record = {**records[index], "revision": 1}
                    store.import_history(record["id"], [(record, saved_at(index).isoformat())])
    api_s = time.perf_counter() - started
    if api_count:
        say(f"import_history: {api_count:,} cases in {api_s:.1f} s ({api_count / api_s:.0f}/s)")

    columns = ("id", *rows.RECORD_COLUMNS, "saved_at")
    copy_sql = f"COPY commdraft.cases ({', '.join(columns)}) FROM STDIN"
    started = time.perf_counter()
    batch = 10_000
    with psycopg.connect(server.admin_dsn) as conn:
        for start in range(api_count, total, batch):
            with conn.transaction():
                row = conn.execute("SELECT coalesce(max(key), 0) FROM commdraft.cases").fetchone()
                last_key = row[0] if row else 0
                with conn.cursor().copy(copy_sql) as copy:
                    for index in range(start, min(start + batch, total)):
                        record = {**records[index], "revision": 1}
                        values = rows.record_values(record)
                        copy.write_row((record["id"], *(values[c] for c in rows.RECORD_COLUMNS),
                                        saved_at(index)))
                conn.execute(
                    "INSERT INTO commdraft.revisions (case_key, revision, record, saved_at) "
                    "SELECT key, revision, record, saved_at FROM commdraft.cases "
                    "WHERE key > %s ORDER BY key", (last_key,))
            done = min(start + batch, total) - api_count
            rate = done / (time.perf_counter() - started)
            say(f"COPY: {done:,} of {total - api_count:,} cases ({rate:.0f}/s)")
    copy_s = time.perf_counter() - started
    started = time.perf_counter()
    with psycopg.connect(server.admin_dsn, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE commdraft.cases")
        conn.execute("VACUUM ANALYZE commdraft.revisions")
        row = conn.execute(
            "SELECT count(*), pg_total_relation_size('commdraft.cases') "
            "+ pg_total_relation_size('commdraft.revisions') FROM commdraft.cases").fetchone()
    vacuum_s = time.perf_counter() - started
    assert row is not None
    if row[0] != total:
        raise RuntimeError(f"the server holds {row[0]} cases, not {total}")
    copied = total - api_count
    rate = api_count / api_s if api_count else 0.0
    return [
        Row(f"build: import_history ({api_count:,} cases)", api_s, None, "s",
            note=f"{rate:.0f} cases/s; 100,000 would take {100_000 / rate / 60:.1f} min"
            if rate else ""),
        Row(f"build: admin COPY + INSERT ({copied:,} cases)", copy_s, None, "s",
            note=f"{copied / copy_s:.0f} cases/s" if copied else ""),
        Row("build: VACUUM ANALYZE", vacuum_s, None, "s",
            note=f"cases + revisions: {row[1] / 1024**2:.0f} MB"),
    ]


def build_folder(workspace: Path, records: list[dict[str, Any]]) -> float:
    store = open_store(workspace)
    started = time.perf_counter()
    step = max(1, len(records) // 5)
    with store.transaction():
        for index, record in enumerate(records, 1):
            store.save(record, base_revision=None)
            if index % step == 0:
                rate = index / (time.perf_counter() - started)
                say(f"folder store: {index:,} saved ({rate:.0f}/s)")
    store.close()
    return time.perf_counter() - started


# =========================================================================== latency
@dataclass
class Latency:
    list_ms: float
    filter50_ms: float
    filter_all_ms: float
    filter_hits: float
    search50_ms: float
    search_all_ms: float
    search_hits: float
    save_ms: float  # get + save
    save_only_ms: float
    send_ms: float
    send_parts_ms: list[float]


def part_medians(parts: Sequence[Sequence[float]]) -> list[float]:
    """The median milliseconds of each of SEND_PARTS."""
    return [median_ms([p[i] for p in parts if p]) for i in range(len(SEND_PARTS))]


def send_part_rows(team: list[float], folder: list[float] | None) -> list[Row]:
    labels = ("waiting for the write lock", "get + store.references(State, year)",
              "next_reference() over them", "save + commit")
    return [Row(f"  {label}", team[i], folder[i] if folder else None, "ms")
            for i, label in enumerate(labels)]


def search_terms(store: Any, wanted: int) -> tuple[list[str], dict[str, int]]:
    """Names (of persons in the synthetic cases: Latin surnames, Chinese, Cyrillic and Arabic
    names, taken in turn) matching some hundreds of the cases this person sees: 100 to 999,
    else the nearest to 300."""
    scripts = [[n.lower() for n in LATIN_LAST], CHINESE, CYRILLIC, ARABIC]
    hits = {term: len(store.list(CaseQuery(text=term))) for group in scripts for term in group}
    # every script in turn: a two-letter Chinese name gives no trigram to an index
    fitting = [[t for t in group if 100 <= hits[t] < 1000] for group in scripts]
    candidates = [t for group in scripts for t in group]
    chosen = [group[i] for i in range(max(map(len, fitting))) for group in fitting
              if i < len(group)]
    if len(chosen) < wanted:
        rest = sorted((t for t in candidates if t not in chosen and hits[t]),
                      key=lambda t: abs(hits[t] - 300))
        chosen += rest[:wanted - len(chosen)]
    return chosen[:wanted], hits


def measure_latency(store: Any, *, states: list[str], terms: list[str], reps: int,
                    save_ids: list[str], send_ids: list[str]) -> Latency:
    def times(call: Callable[[], Any], count: int) -> list[float]:
        out = []
        for _ in range(count):
            started = time.perf_counter()
            call()
            out.append(time.perf_counter() - started)
        return out

    store.list(CaseQuery(limit=FIRST_PAGE))  # warm: the connection, the first query
    list_s = times(lambda: store.list(CaseQuery(limit=FIRST_PAGE)), reps)
    f50, fall, fhits, s50, sall, shits = [], [], [], [], [], []
    for n in range(reps):
        state, term = states[n % len(states)], terms[n % len(terms)]
        for query, samples, counts in (
                (CaseQuery(state=state, limit=FIRST_PAGE), f50, None),
                (CaseQuery(state=state), fall, fhits),
                (CaseQuery(text=term, limit=FIRST_PAGE), s50, None),
                (CaseQuery(text=term), sall, shits)):
            started = time.perf_counter()
            found = store.list(query)
            samples.append(time.perf_counter() - started)
            if counts is not None:
                counts.append(len(found))
    saves, save_only = [], []
    for n, case_id in enumerate(save_ids):
        started = time.perf_counter()
        record = store.get(case_id)
        record["source"] = f"bench latency op{n}"
        middle = time.perf_counter()
        saved = store.save(record, base_revision=record["revision"])
        ended = time.perf_counter()
        assert saved["revision"] == record["revision"] + 1
        saves.append(ended - started)
        save_only.append(ended - middle)
    sends: list[float] = []
    send_parts: list[list[float]] = []
    for n, case_id in enumerate(send_ids):
        started = time.perf_counter()
        send_parts.append([])
        mark_sent(store, case_id, YEAR_LATENCY, f"bench latency send{n}", send_parts[-1])
        sends.append(time.perf_counter() - started)
    return Latency(median_ms(list_s), median_ms(f50), median_ms(fall), statistics.mean(fhits),
                   median_ms(s50), median_ms(sall), statistics.mean(shits), median_ms(saves),
                   median_ms(save_only), median_ms(sends), part_medians(send_parts))


def explain(dsn: str, query: CaseQuery) -> list[str]:
    """The plan of the store's list query (as reading.list makes it) run by ``dsn``'s role."""
    clause, params = rows.where(query)
    statement = (sql.SQL("EXPLAIN (ANALYZE, BUFFERS) ") + sql.SQL(rows.SUMMARY_SELECT) + clause
                 + sql.SQL(" ORDER BY saved_at DESC, id DESC"))
    if query.limit is not None:
        statement += sql.SQL(" LIMIT {}").format(sql.Literal(query.limit))
    with psycopg.connect(dsn, autocommit=True) as conn:
        return [str(line[0]) for line in conn.execute(statement, params)]


# =========================================================================== concurrency
@dataclass
class Restart:
    mode: str
    down: float  # monotonic: pg_ctl stop called
    up: float  # pg_ctl start returned (the server accepts connections)


@dataclass
class Phase:
    name: str
    clients: int
    saves: int
    wall_s: float
    reports: list[dict[str, Any]]
    restarts: list[Restart]
    skipped: list[str]
    since: datetime

    def all(self, key: str) -> list[Any]:
        return [item for report in self.reports for item in report[key]]

    @property
    def acknowledged(self) -> int:
        return len(self.all("acked")) + len(self.all("sends"))

    @property
    def errors(self) -> Counter[str]:
        counted: Counter[str] = Counter()
        for report in self.reports:
            counted.update(report["errors"])
        return counted


def run_clients(folder: Path, *, phase: str, kind: str, locations: list[str],
                plans: list[dict[str, Any]], saves: int, args: argparse.Namespace,
                year: int, restart_at: Sequence[tuple[float, str]] = (),
                server: Server | None = None) -> Phase:
    """Start a client process per plan, let them go at once, restart the server when the
    clients have made the given share of their attempts, and gather their reports."""
    work = folder / f"clients-{kind}-{phase}"
    work.mkdir()
    since = datetime.now(UTC)
    procs: list[subprocess.Popen[str]] = []
    results, progress = [], []
    try:
        for client, (location, plan) in enumerate(zip(locations, plans, strict=True)):
            results.append(work / f"result-{client}.json")
            progress.append(work / f"progress-{client}")
            cfg = {"kind": kind, "location": location, "phase": phase, "client": client,
                   "seed": args.seed * 1000 + client, "saves": saves, "year": year,
                   "hot_share": args.hot_share, "send_every": args.send_every,
                   "timeout": args.client_timeout, "result": str(results[-1]),
                   "progress": str(progress[-1]), **plan}
            config = work / f"config-{client}.json"
            config.write_text(json.dumps(cfg), encoding="utf-8")
            errors = open(work / f"stderr-{client}", "w", encoding="utf-8")  # noqa: SIM115
            procs.append(subprocess.Popen(
                [sys.executable, str(args.client_script), "--worker", str(config)],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=errors, text=True))
            errors.close()
        for client, proc in enumerate(procs):
            assert proc.stdout is not None
            if proc.stdout.readline().strip() != "ready":
                proc.wait(timeout=30)
                raise RuntimeError(f"client {client} did not start:\n"
                                   + (work / f"stderr-{client}").read_text(encoding="utf-8"))
        go = time.monotonic()
        for proc in procs:
            assert proc.stdin is not None
            proc.stdin.write("go\n")
            proc.stdin.flush()
        total = saves * len(procs)

        def done_share() -> float:
            count = 0
            for path in progress:
                try:
                    count += int(path.read_text(encoding="ascii") or 0)
                except (OSError, ValueError):
                    pass
            return count / total

        restarts: list[Restart] = []
        skipped: list[str] = []
        last_report = go
        after_restart = 0.0
        for share, mode in restart_at:
            # after a restart, wait for the clients to be saving again before the next one
            wanted = share if not restarts else max(share, after_restart + 0.05)
            while done_share() < wanted and any(p.poll() is None for p in procs):
                time.sleep(0.05)
            if all(p.poll() is not None for p in procs):
                skipped.append(mode)
                continue
            assert server is not None
            say(f"restarting the server (-m {mode}) at {done_share():.0%} of the saves")
            down = time.monotonic()
            server.cluster.stop(mode)
            server.cluster.start()
            restarts.append(Restart(mode, down, time.monotonic()))
            after_restart = done_share()
        while any(p.poll() is None for p in procs):
            time.sleep(0.1)
            if time.monotonic() - last_report > 15:
                last_report = time.monotonic()
                say(f"{phase}: {done_share():.0%} of {total:,} saves after "
                    f"{last_report - go:.0f} s")
        failed = [c for c, p in enumerate(procs) if p.returncode != 0]
        if failed:
            raise RuntimeError(f"client {failed[0]} failed:\n"
                               + (work / f"stderr-{failed[0]}").read_text(encoding="utf-8"))
        reports = [json.loads(path.read_text(encoding="utf-8")) for path in results]
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    wall = max(r["finished"] for r in reports) - go
    return Phase(phase, len(procs), saves, wall, reports, restarts, skipped, since)


@dataclass
class Check:
    """What the store holds after a phase, against what the clients were told."""

    stored: int  # revisions saved during the phase
    lost: int  # acknowledged saves not in the history at their revision
    twice: int  # saves stored more than once
    refused_stored: int  # saves reported as conflicts yet in the history
    strays: int  # saves in the history no client was told of
    kept: int | None  # conflict records kept during the phase
    references: int
    reference_dups: int
    numbered: bool  # each State's (or OTH's) numbers are 1..n
    in_store: bool  # the store's references of the year are exactly those


def verify(phase: Phase, stored: list[tuple[str, int, str | None, str | None]],
           kept: int | None, references: list[str], year: int) -> Check:
    found: dict[str, list[tuple[str, int, str | None]]] = {}
    for case_id, revision, source, reference in stored:
        found.setdefault(source or "", []).append((case_id, revision, reference))
    lost = 0
    for case_id, revision, marker in phase.all("acked"):
        if (case_id, revision) not in {(c, r) for c, r, _ in found.get(marker, [])}:
            lost += 1
    for case_id, revision, marker, reference in phase.all("sends"):
        if (case_id, revision, reference) not in set(found.get(marker, [])):
            lost += 1
    prefix = f"bench {phase.name} "
    ours = {k: v for k, v in found.items() if k.startswith(prefix)}
    told = {m for _, _, m in phase.all("acked")} | {m for _, _, m, _ in phase.all("sends")}
    refused = {m for _, _, m in phase.all("conflicts")}
    allocated = [parse_reference(r) for _, _, _, r in phase.all("sends")]
    keys = [(r.state, r.number, r.year) for r in allocated]
    numbers: dict[str, list[int]] = {}
    for ref in allocated:
        numbers.setdefault(ref.state, []).append(ref.number)
    of_year = set()
    for text in references:
        try:
            ref = parse_reference(text)
        except ReferenceFormatError:
            continue
        if ref.year == year:
            of_year.add(text)
    return Check(
        stored=sum(len(v) for v in ours.values()),
        lost=lost,
        twice=sum(len(v) - 1 for v in ours.values() if len(v) > 1),
        refused_stored=len(refused & ours.keys()),
        strays=len(ours.keys() - told - refused),
        kept=kept,
        references=len(allocated),
        reference_dups=len(keys) - len(set(keys)),
        numbered=all(sorted(n) == list(range(1, len(n) + 1)) for n in numbers.values()),
        in_store=of_year == {str(r) for r in allocated},
    )


def stored_on_server(server: Server, since: datetime
                     ) -> tuple[list[tuple[str, int, str | None, str | None]], int]:
    with psycopg.connect(server.admin_dsn) as conn:
        stored = conn.execute(
            "SELECT c.id, r.revision, r.record ->> 'source', r.record ->> 'reference' "
            "FROM commdraft.revisions r JOIN commdraft.cases c ON c.key = r.case_key "
            "WHERE r.saved_at >= %s", (since,)).fetchall()
        row = conn.execute("SELECT count(*) FROM commdraft.conflicts WHERE kept_at >= %s",
                           (since,)).fetchone()
    return [tuple(r) for r in stored], int(row[0]) if row else 0  # type: ignore[misc]


def stored_in_folder(store: Any, phase: Phase) -> list[tuple[str, int, str | None, str | None]]:
    since = phase.since.isoformat(timespec="microseconds")
    touched = {c for c, *_ in phase.all("acked")} | {c for c, *_ in phase.all("sends")} | {
        c for c, *_ in phase.all("conflicts")}
    out = []
    for case_id in sorted(touched):
        for info in store.history(case_id):
            if info.saved_at >= since:
                record = store.get_revision(case_id, info.revision)
                out.append((case_id, info.revision, record.get("source"), record.get("reference")))
    return out


def phase_rows(team: Phase, team_check: Check, folder: Phase | None,
               folder_check: Check | None) -> list[Row]:
    def both(get: Callable[[Phase, Check], Any]) -> tuple[Any, Any]:
        other = get(folder, folder_check) if folder and folder_check else None
        return get(team, team_check), other

    def rate(p: Phase, _: Check) -> float:
        return p.acknowledged / p.wall_s

    def errors(p: Phase, _: Check) -> int:
        return sum(p.errors.values())

    def stored_minus_told(p: Phase, c: Check) -> int:
        return c.stored - p.acknowledged

    def kept_minus_reported(p: Phase, c: Check) -> int | None:
        return None if c.kept is None else c.kept - len(p.all("conflicts"))

    rows = [
        Row("wall time", *both(lambda p, c: p.wall_s), "s"),
        Row("acknowledged saves (incl. marked sent)", *both(lambda p, c: p.acknowledged),
            note=f"of {team.clients * team.saves:,} attempts"),
        Row("  per second", *both(rate), "/s"),
        Row("conflicts reported (ConflictError)", *both(lambda p, c: len(p.all("conflicts")))),
        Row("save under load: median (lock queue incl.)",
            *both(lambda p, c: median_ms(p.all("save_s"))), "ms"),
        Row("save under load: 95th percentile", *both(lambda p, c: p95_ms(p.all("save_s"))),
            "ms"),
        Row("mark sent under load: median", *both(lambda p, c: median_ms(p.all("send_s"))),
            "ms"),
        *send_part_rows(part_medians(team.all("send_parts")),
                        part_medians(folder.all("send_parts")) if folder else None),
        Row("other errors", *both(errors), target=("=", 0), both=True),
        Row("lost: acknowledged, not in history", *both(lambda p, c: c.lost), target=("=", 0),
            both=True),
        Row("revisions stored - saves acknowledged", *both(stored_minus_told), target=("=", 0),
            both=True, note="0: each refused save was reported"),
        Row("  stored twice / refused yet stored", *both(lambda p, c: c.twice + c.refused_stored),
            target=("=", 0), both=True),
        Row("kept conflicts - conflicts reported", *both(kept_minus_reported), target=("=", 0),
            both=True),
        Row("references allocated", *both(lambda p, c: c.references)),
        Row("  duplicates", *both(lambda p, c: c.reference_dups), target=("=", 0), both=True),
        Row("  numbered 1..n, all in the store", *both(lambda p, c: c.numbered and c.in_store)),
    ]
    return rows


def restart_rows(phase: Phase) -> list[Row]:
    rows: list[Row] = []
    for restart in phase.restarts:
        unavailable, hit, failures = [], 0, 0
        for report in phase.reports:
            ok = report["ok"]
            # from the stop to the client's first successful call once the server is up
            after = bisect.bisect_right(ok, restart.up)
            if after >= len(ok) or report["finished"] < restart.down:
                continue  # this client had finished
            unavailable.append(ok[after] - restart.down)
            seen = [t for t in report["failures"] if restart.down <= t <= ok[after]]
            failures += len(seen)
            hit += bool(seen)
        rows.append(Row(f"restart -m {restart.mode}: server down (stop + start)",
                        restart.up - restart.down, None, "s"))
        rows.append(Row("  unavailable to a client: median",
                        statistics.median(unavailable) if unavailable else None, None, "s",
                        note=f"from the stop to its next success; {len(unavailable)} clients "
                             "saving across it"))
        rows.append(Row("  ... the longest", max(unavailable) if unavailable else None, None,
                        "s"))
        rows.append(Row("  clients told StoreError (unreachable)", hit, None,
                        note=f"{failures} errors, each call made again"))
    for mode in phase.skipped:
        rows.append(Row(f"restart -m {mode}: not made (the clients had finished)", None))
    return rows


# =========================================================================== the run
def visible_to(records: Sequence[dict[str, Any]], mandates: list[str]) -> list[dict[str, Any]]:
    """What row security lets a drafter of these mandates read."""
    mine = set(mandates)
    return [r for r in records if mine & set(r.get("mandates") or [])]


def pick_states(records: Sequence[dict[str, Any]], count: int) -> list[str]:
    counts = Counter((r.get("recipient") or {}).get("state") for r in records)
    counts.pop(None, None)
    states = sorted(counts, key=lambda s: (-counts[s], s))
    step = max(1, len(states) // count)
    return [states[i] for i in range(0, len(states), step)][:count]


def latency_rows(team: Latency, folder: Latency | None) -> list[Row]:
    def of(name: str) -> tuple[Any, Any]:
        return getattr(team, name), (getattr(folder, name) if folder else None)

    return [
        Row(f"list first page (limit {FIRST_PAGE})", *of("list_ms"), "ms",
            ("<", TARGET_LIST_MS)),
        Row(f"filter by State (limit {FIRST_PAGE})", *of("filter50_ms"), "ms",
            ("<", TARGET_FILTER_MS)),
        Row("filter by State (all)", *of("filter_all_ms"), "ms", ("<", TARGET_FILTER_MS),
            note=f"~{team.filter_hits:.0f} / ~{folder.filter_hits if folder else 0:.0f} hits"),
        Row(f"text search, a name (limit {FIRST_PAGE})", *of("search50_ms"), "ms",
            ("<", TARGET_SEARCH_MS)),
        Row("text search, a name (all)", *of("search_all_ms"), "ms", ("<", TARGET_SEARCH_MS),
            note=f"~{team.search_hits:.0f} / ~{folder.search_hits if folder else 0:.0f} hits"),
        Row("save one case (get + save)", *of("save_ms"), "ms", ("<", TARGET_SAVE_MS)),
        Row("  of which save", *of("save_only_ms"), "ms"),
        Row("mark sent (transaction: references, next, save)", *of("send_ms"), "ms",
            note="holds the write lock"),
        *send_part_rows(team.send_parts_ms, folder.send_parts_ms if folder else None),
    ]


def snapshot(folder: Path) -> Path:
    """A copy of the code the run started with, for the client processes: the repository may
    change while the benchmark runs (the schema version, the search folding...), and clients
    importing newer code than the server was built with would measure a mix."""
    code = folder / "code"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(ROOT / "desktop_app", code / "desktop_app", ignore=ignore)
    (code / "benchmarks").mkdir()
    (code / "tools").mkdir()
    shutil.copy2(ROOT / "tools" / "pg_cluster.py", code / "tools" / "pg_cluster.py")
    for name in ("store.py", Path(__file__).name):
        shutil.copy2(ROOT / "benchmarks" / name, code / "benchmarks" / name)
    return code / "benchmarks" / Path(__file__).name


def run(args: argparse.Namespace, folder: Path) -> int:
    args.client_script = snapshot(folder)
    run_started = time.perf_counter()
    print(f"commdraft team-store benchmark: {args.cases:,} cases on the server, "
          f"{args.folder_cases:,} in the folder store, {args.clients} clients, seed {args.seed}")
    say(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs; work folder {folder}")
    started = time.perf_counter()
    records = synthetic_records(args.cases, args.seed)
    say(f"generated {len(records):,} cases in {time.perf_counter() - started:.1f} s")
    folder_records = records[:args.folder_cases]

    teams = Teams.of(load_reference().mandates)
    team_cases = Cases.of(records, teams, args.hot)
    folder_cases = Cases.of(folder_records, teams, args.hot)
    table: Table = []
    notes: list[str] = []
    explains: list[tuple[str, CaseQuery]] = []

    server = start_server(args.clients)
    try:
        say(f"cluster in {server.cluster.base}; store created; building")
        # ---- people: a latency drafter (team 0) and a drafter per client (its team + hot)
        reader_dsn = server.person("bench_reader", teams.mandates[0])
        client_dsns = [server.person(f"bench_client_{c}",
                                     [*teams.mandates[c % len(teams.mandates)], teams.hot])
                       for c in range(args.clients)]

        # ---- build
        build = build_server(server, records, args.api_build)
        workspace = folder / "workspace"
        folder_build_s = build_folder(workspace, folder_records)
        build_total = sum(r.team for r in build)
        table.append(f"build ({args.cases:,} server cases; the folder store "
                     f"{args.folder_cases:,} of the same)")
        table += build
        table.append(Row("build: total", build_total, folder_build_s, "s",
                         note=f"folder: save() x {args.folder_cases:,} in one transaction()"))

        # ---- latency, as the drafter of team 0
        say("latency")
        reader_sees = visible_to(records, teams.mandates[0])
        states = pick_states(reader_sees, args.reps)
        latency_send = team_cases.reserve(0, 5)
        latency_save = team_cases.to_save(0, 0, 1)[:args.save_reps]
        with open_server_store(reader_dsn) as store:
            terms, hits = search_terms(store, 10)
            team_latency = measure_latency(store, states=states, terms=terms, reps=args.reps,
                                           save_ids=latency_save, send_ids=latency_send)
            references_now = len(store.references())
        folder_store = open_store(workspace)
        folder_send = folder_cases.reserve(0, 5)
        folder_latency = measure_latency(
            folder_store, states=states, terms=terms, reps=args.reps,
            save_ids=folder_cases.to_save(0, 0, 1)[:args.save_reps], send_ids=folder_send)
        folder_store.close()
        table.append(f"latency, median of {args.reps} (saves: of {args.save_reps}), as a "
                     f"drafter who reads {len(reader_sees):,} of the cases (row security)")
        latency_table = latency_rows(team_latency, folder_latency)
        table += latency_table
        notes.append(f"search terms: {', '.join(f'{t} ({hits[t]})' for t in terms)} "
                     "(hits the drafter sees on the server)")
        notes.append(f"mark sent reads the references of one State and year, of "
                     f"{references_now:,} on the server")
        queries = (CaseQuery(limit=FIRST_PAGE), CaseQuery(state=states[0], limit=FIRST_PAGE),
                   CaseQuery(state=states[0]), CaseQuery(text=terms[0], limit=FIRST_PAGE),
                   CaseQuery(text=terms[0]))
        for row, query in zip(latency_table, queries, strict=False):
            if args.explain or not row.passed:
                explains.append((row.label, query))

        # ---- concurrency: clients of their own teams, and the hot cases
        def plans(cases: Cases, phase_saves: int) -> list[dict[str, Any]]:
            per_team = Counter(c % len(teams.mandates) for c in range(args.clients))
            out = []
            for client in range(args.clients):
                team = client % len(teams.mandates)
                every = args.send_every
                sends = phase_saves // every + 1 if every else 0
                # staggered: clients in step would all queue to allocate at the same moment
                offset = client * every // args.clients % every if every else 0
                out.append({"sends": cases.reserve(team, sends), "hot": cases.hot,
                            "send_offset": offset})
            for client, plan in enumerate(out):
                team = client % len(teams.mandates)
                plan["own"] = cases.to_save(team, client // len(teams.mandates), per_team[team])
                if not plan["own"]:
                    raise RuntimeError(f"team {team} has no case to save: use more --cases")
            return out

        say(f"concurrency: {args.clients} clients x {args.saves} saves on the server")
        load = run_clients(folder, phase="load", kind="server", locations=client_dsns,
                           plans=plans(team_cases, args.saves), saves=args.saves, args=args,
                           year=YEAR_LOAD)
        with open_server_store(server.admin_dsn) as admin:
            stored, kept = stored_on_server(server, load.since)
            load_check = verify(load, stored, kept, admin.references(), YEAR_LOAD)
        say(f"concurrency: {args.clients} clients x {args.folder_saves} saves on the folder "
            "store")
        folder_load = run_clients(folder, phase="load", kind="folder",
                                  locations=[str(workspace)] * args.clients,
                                  plans=plans(folder_cases, args.folder_saves),
                                  saves=args.folder_saves, args=args, year=YEAR_LOAD)
        folder_store = open_store(workspace)
        folder_check = verify(folder_load, stored_in_folder(folder_store, folder_load), None,
                              folder_store.references(), YEAR_LOAD)
        folder_store.close()
        table.append(f"concurrency: {args.clients} client processes x {args.saves} saves "
                     f"(folder store: x {args.folder_saves}), {args.hot} hot cases")
        table += phase_rows(load, load_check, folder_load, folder_check)

        # ---- restarts while the clients save
        say(f"restarts: {args.clients} clients x {args.outage_saves} saves on the server")
        restarts = run_clients(folder, phase="restart", kind="server", locations=client_dsns,
                               plans=plans(team_cases, args.outage_saves),
                               saves=args.outage_saves, args=args, year=YEAR_RESTART,
                               restart_at=[(0.25, "fast"), (0.6, "immediate")], server=server)
        with open_server_store(server.admin_dsn) as admin:
            stored, kept = stored_on_server(server, restarts.since)
            restart_check = verify(restarts, stored, kept, admin.references(), YEAR_RESTART)
        timeout = args.client_timeout or 10
        table.append(f"server restarted while {args.clients} clients x {args.outage_saves} "
                     f"saves (client timeout {timeout:g} s)")
        table += restart_rows(restarts)
        table += phase_rows(restarts, restart_check, None, None)

        # ---- the table
        missed = print_table(table, "team store", "folder store")
        print()
        print(f"  team store: PostgreSQL 15, {args.cases:,} cases, on this machine's unix socket "
              "(fsync off); folder store: the first "
              f"{args.folder_cases:,} of the same cases")
        for note in notes:
            say(note)
        for phase in (load, folder_load, restarts):
            for error, count in phase.errors.most_common(5):
                say(f"WARNING: {phase.name}: {count} x {error}")
        for label, query in explains:
            print()
            print(f"  EXPLAIN ANALYZE as the drafter: {label.strip()}: {query}")
            for line in explain(reader_dsn, query):
                print(f"    {line}")
        print()
        total_s = time.perf_counter() - run_started
        print("  all targets met" if not missed else
              f"  {len(missed)} target(s) missed: {'; '.join(r.label.strip() for r in missed)}")
        print(f"  benchmark wall time {total_s / 60:.1f} min")
        return 1 if (args.strict and missed) else 0
    finally:
        server.cluster.remove()
        say("cluster stopped and removed")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--quick", action="store_true",
                        help="a fast check: 10,000 cases, 4 clients x 100 saves")
    for name, value in FULL.items():
        quick = QUICK[name]
        parser.add_argument(f"--{name.replace('_', '-')}", type=int, default=None,
                            help=f"(default {value:,}; --quick {quick:,})")
    parser.add_argument("--hot", type=int, default=5, help="hot cases every client saves (5)")
    parser.add_argument("--hot-share", type=float, default=0.1,
                        help="share of the saves that go to hot cases (0.1)")
    parser.add_argument("--send-every", type=int, default=50,
                        help="every n-th save marks a case sent, allocating a reference (50)")
    parser.add_argument("--client-timeout", type=float, default=None,
                        help="the clients' open_server_store timeout (default: the store's, 10)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the synthetic data (1)")
    parser.add_argument("--explain", action="store_true",
                        help="print EXPLAIN ANALYZE of the list queries as the drafter")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    if args.worker is not None:
        return worker_main(args.worker)
    for name, value in (QUICK if args.quick else FULL).items():
        if getattr(args, name) is None:
            setattr(args, name, value)
    args.folder_cases = min(args.folder_cases, args.cases)
    args.api_build = min(args.api_build, args.cases)
    for name in ("cases", "folder_cases", "clients", "saves", "outage_saves", "folder_saves",
                 "reps", "save_reps"):
        if getattr(args, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be at least 1")

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, stop)
    try:
        with tempfile.TemporaryDirectory(prefix="commdraft-team-bench-") as folder:
            return run(args, Path(folder))
    except KeyboardInterrupt:
        print("  interrupted: the clients were stopped, the cluster removed", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
