"""Property-based tests of case-file import: whatever the file holds, never a traceback.

A case file comes from outside (a colleague's export, an e-mail attachment, a hand edit), so
every input must end in either a CommdraftError that names the field or position, or a valid
Case that round-trips; a refused import leaves the store as it was. Inputs start from the demo
case and are mutated (keys deleted, values replaced by any JSON, bytes truncated, flipped or
inserted, other encodings, deep nesting, huge numbers), or are random JSON or random bytes.

More examples: ``COMMDRAFT_FUZZ_EXAMPLES=5000 pytest tests/test_import_fuzz.py``.

Bugs these tests found (deep nesting, 5000-digit integers, lone surrogates, a changed file at
revision 0, ids ending in a newline) are fixed; each keeps a deterministic regression test at the
end of this module. KNOWN_BUGS lists failures to tolerate while a new one is being fixed.
"""

from __future__ import annotations

import copy
import json
import os
import re
import sys
import tempfile
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from desktop_app.domain.case import FORMAT, Case
from desktop_app.domain.errors import CaseFormatError, CommdraftError
from desktop_app.reference import demo_case
from desktop_app.workspace import Workspace, read_case_file
from tests.test_hostile_case_files import reviewed

FUZZ = settings(
    max_examples=int(os.environ.get("COMMDRAFT_FUZZ_EXAMPLES", "200")),
    deadline=None,  # an import writes files: timing varies with the disk, not with the input
    derandomize=False,
    # The autouse fixture of tests/conftest.py is function-scoped; it only points the
    # environment at a temp folder, which is as right for the 200th example as for the first.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                           HealthCheck.data_too_large],
)

EXISTING_ID = "demo-smailova"  # the demo case's id, imported once before the import tests
_VALID_ID = re.compile(r"[A-Za-z0-9_.-]{1,64}")

# --------------------------------------------------------------------------- known bugs
#: Failures the property tests tolerate until fixed; each name has an xfail test below.
KNOWN_BUGS: dict[str, Callable[[BaseException], bool]] = {}


def known_bug(exc: BaseException) -> str | None:
    for name, matches in KNOWN_BUGS.items():
        if matches(exc):
            return name
    return None


# --------------------------------------------------------------------------- strategies
PIECES = [
    "\x00", "\x07", "\x1b", "\x7f", "\n", "\r\n", "\t", "\u0085", "\u2028",
    "\u200b", "\u200e", "\u200f", "\u202a", "\u202e", "\u2066", "\ufeff", "\ufffd",
    "😀", "👩🏽‍⚖️", "🇲🇪", "مرحبا بالعالم", "שלום", "中华人民共和国", "Ωμέγα", "ǅ", "ﬁ", "İ",
    "e\u0301", "\ud800", "\udfff", "'", '"', "\\", "{", "]", "%s", "{0}", "{{ x }}",
]
texts = st.lists(st.one_of(st.characters(), st.sampled_from(PIECES)), max_size=12).map("".join)
#: Values the validation gives meaning to, so mutations reach past the first check.
PLAUSIBLE = st.sampled_from([
    "", " ", "MNE", "KAZ", "XXX", "mne", "OTH", "AL", "UA", "OL", "JUA", "al", "draft",
    "in_review", "approved", "sent", "published", "state", "other", "person", "organisation",
    "female", "male", "unspecified", "substantive", "acknowledgement", "en", "ar", "zh", "zz",
    "2024-02-29", "2023-02-29", "2024-13-01", "0000-01-01", "9999-12-31", "2024-1-1",
    "\u0662\u0660\u0662\u0664-\u0660\u0661-\u0660\u0661", "2024-01-01\n", "2024-01-01T00:00",
    "AL MNE 1/2024", "AL KAZ 1/2024", "UA OTH 1/2024", "AL KAZ 0/2024", "AL KAZ 1/1900",
    "UA Housing (2000-9) G/SO 214 (53-24) SYR 3/2014", "hrd", "torture", "no-such-mandate",
    "iccpr-7", "no-such-clause", EXISTING_ID, "demo-mne-2024", "Demo-Smailova", "a" * 64,
    "a" * 65, ".hidden", "../../etc/passwd", "CON", "nul", "x\n", FORMAT, "commdraft.case/2",
])
KEYS = st.sampled_from(sorted({
    *Case.KEYS, "type", "state", "name", "id", "kind", "gender", "consent_state",
    "consent_public", "public_name", "role", "reference", "date", "reply", "sent",
    "reply_kind", "topic", "summary", "background", "allegations", "concerns", "questions",
    "update", "public", "source_fingerprint", "en", "ar", "zh", "fr", "ru", "es", "xx",
}))
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.integers(min_value=10**30, max_value=10**300),  # huge, but printable by json.dumps
    st.floats(allow_nan=True, allow_infinity=True),
    texts,
    PLAUSIBLE,
)
json_values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.one_of(KEYS, texts), children, max_size=4),
    ),
    max_leaves=12,
)
#: JSON text that json.dumps cannot produce from a Python value, spliced in as text.
raw_fragments = st.one_of(
    st.integers(1, 3000).map(lambda n: "[" * n + "]" * n),
    st.integers(1, 3000).map(lambda n: '{"a":' * n + "1" + "}" * n),
    st.integers(4000, 6000).map(lambda n: "9" * n),
    st.integers(4000, 6000).map(lambda n: "-1" + "0" * n),
    st.sampled_from([
        "NaN", "Infinity", "-Infinity", "1e999", "-1e999", "-0", "1E400", "1e-400",
        '"\\ud800"', '"a\\udfffb"', '"\\ud83d"', '"\\u0000"', '"\\u202e"', "[1,]", "01", "+1",
        "undefined", "'single'", '"unterminated',
    ]),
)
#: Of a damaged file. A file in another encoding is refused at its first non-UTF-8 byte.
ENCODINGS = ["utf-8"] * 4 + ["utf-8-sig", "utf-16", "utf-16-be", "utf-32", "latin-1", "cp1252"]

Path_ = tuple[Any, ...]


def _paths(value: Any, here: Path_ = ()) -> Iterator[tuple[Path_, Any]]:
    yield here, value
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _paths(child, (*here, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _paths(child, (*here, index))


def _parent(doc: Any, path: Path_) -> Any:
    for step in path[:-1]:
        doc = doc[step]
    return doc


@st.composite
def mutated_documents(draw: st.DrawFn, base: dict[str, Any]) -> tuple[Any, dict[str, str]]:
    """``base`` after 0-4 random edits; raw JSON fragments are returned beside it, keyed by the
    placeholder string that stands for each in the document."""
    doc: Any = copy.deepcopy(base)
    raws: dict[str, str] = {}
    for _ in range(draw(st.integers(0, 4))):
        op = draw(st.sampled_from(["delete", "replace", "replace", "raw", "add", "text", "text"]))
        if op == "text":
            # Any text in a field that holds text: keeps most files valid, so odd text (control
            # characters, emoji, RTL marks, lone surrogates) reaches the store.
            leaves = [path for path, value in _paths(doc) if path and isinstance(value, str)]
            if leaves:
                path = draw(st.sampled_from(leaves))
                _parent(doc, path)[path[-1]] = draw(texts)
            continue
        path, _value = draw(st.sampled_from(list(_paths(doc))))
        if op == "delete" and path:
            del _parent(doc, path)[path[-1]]
            continue
        if op == "add":
            target = _parent(doc, (*path, None))
            if isinstance(target, dict):
                target[draw(st.one_of(KEYS, texts))] = draw(json_values)
            elif isinstance(target, list):
                target.insert(draw(st.integers(0, len(target))), draw(json_values))
            continue
        if op == "raw":
            placeholder = f"@@RAW-{len(raws)}@@"
            raws[placeholder] = draw(raw_fragments)
            new: Any = placeholder
        else:
            new = draw(json_values)
        if path:
            _parent(doc, path)[path[-1]] = new
        else:
            doc = new
    return doc, raws


@st.composite
def serialized(draw: st.DrawFn, doc: Any, raws: dict[str, str], damaged: bool = False) -> bytes:
    """``doc`` as the bytes of a file, in any indent; UTF-8, unless ``damaged``: then in any
    encoding and with 0-3 byte-level edits (truncated, flipped, inserted, deleted)."""
    text = json.dumps(doc, ensure_ascii=draw(st.booleans()), indent=draw(st.sampled_from([None, 1, 2])))
    for placeholder, fragment in raws.items():
        text = text.replace(json.dumps(placeholder), fragment)
    encoding = draw(st.sampled_from(ENCODINGS)) if damaged else "utf-8"
    errors = "surrogatepass" if encoding.startswith("utf") else "replace"
    data = bytearray(text.encode(encoding, errors))
    for _ in range(draw(st.integers(0, 3)) if damaged else 0):
        # A fixed range, reduced here: the file's length may vary between replays of one
        # example (the import test's base holds the store's current revision).
        at = draw(st.integers(0, 2**20)) % (len(data) + 1)
        op = draw(st.sampled_from(["truncate", "flip", "insert", "delete"]))
        if op == "truncate":
            del data[at:]
        elif op == "flip" and at < len(data):
            data[at] ^= draw(st.integers(1, 255))
        elif op == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
        elif op == "delete":
            del data[at:at + draw(st.integers(1, 16))]
    return bytes(data)


def case_files(base: dict[str, Any]) -> st.SearchStrategy[bytes]:
    """Mutated ``base`` documents (6 in 10 as UTF-8 JSON, 2 in 10 damaged as bytes), random
    JSON (1 in 10) and random bytes (1 in 10)."""
    mutated = mutated_documents(base)
    clean = mutated.flatmap(lambda pair: serialized(*pair))
    damaged = mutated.flatmap(lambda pair: serialized(*pair, damaged=True))
    random_json = st.one_of(
        json_values,
        st.dictionaries(st.one_of(KEYS, texts), json_values, max_size=6).map(
            lambda d: {"format": FORMAT, **d}
        ),
    ).flatmap(lambda doc: serialized(doc, {}))
    return st.one_of(*[clean] * 6, damaged, damaged, random_json, st.binary(max_size=200))


# --------------------------------------------------------------------------- checks
def check_refusal(exc: CommdraftError, file: Path | None) -> None:
    """A refusal names what is wrong: the field (or line and column) and, when it comes from
    reading the file, the file."""
    message = str(exc)
    assert message.strip(), f"empty message from {type(exc).__name__}"
    if isinstance(exc, CaseFormatError):
        assert exc.path.strip() and exc.path in message, message
        assert exc.reason.strip(), message
        if file is not None:
            assert str(file) in message, message


def check_case(case: Case) -> None:
    data = case.to_dict()
    assert Case.from_dict(data).to_dict() == data


def same_record(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Equal records; NaN != NaN, so a record read back from disk is compared as text when
    it is not equal as a dict. Nesting too deep to compare (near the recursion limit) passes:
    the comparison, not the program, would fail."""
    try:
        return a == b or json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)
    except RecursionError:
        event("too deeply nested to compare")
        return True


def snapshot(ws: Workspace) -> list[tuple[str, int, str]]:
    return [(s.id, s.revision, s.saved_at) for s in ws.cases()]


def read_or_refuse(file: Path) -> Case | None:
    """read_case_file's outcome, checked: a valid Case, or None after a proper refusal."""
    try:
        case = read_case_file(file)
    except CommdraftError as exc:
        check_refusal(exc, file)
        event(f"refused: {_field(exc)}")  # see --hypothesis-show-statistics
        return None
    except Exception as exc:  # noqa: BLE001 - anything else is the bug under test
        if known_bug(exc) is None:
            raise
        event(f"known bug: {known_bug(exc)}")
        return None
    check_case(case)
    event("read")
    return case


def _field(exc: CommdraftError) -> str:
    """The kind of refusal, for the statistics: the field without indexes, or the error."""
    if isinstance(exc, CaseFormatError):
        field = re.sub(r"\[\d+\]|line \d+, column \d+", "*", exc.path)[:40]
        # A key may hold a lone surrogate, which the statistics report cannot encode.
        return field.encode("utf-8", "backslashreplace").decode("utf-8")
    return type(exc).__name__


# --------------------------------------------------------------------------- properties
@pytest.fixture(scope="module")
def scratch() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="commdraft-fuzz-") as folder:
        yield Path(folder)


@pytest.fixture(scope="module")
def ws() -> Iterator[Workspace]:
    # Module-scoped (hypothesis runs every example in one call of the test): the store grows
    # by the cases the examples create, which only makes it more realistic.
    with tempfile.TemporaryDirectory(prefix="commdraft-fuzz-ws-") as folder:
        workspace = Workspace.open(Path(folder) / "ws")
        workspace.load_demo()  # "demo-mne-2024", with reference AL MNE 1/2024
        seed = Path(folder) / "seed.json"
        seed.write_text(json.dumps(demo_case()), encoding="utf-8")
        workspace.import_file(seed)  # EXISTING_ID
        yield workspace
        workspace.close()


@FUZZ
@given(raw=case_files(demo_case()))
def test_read_case_file_never_crashes(scratch: Path, raw: bytes) -> None:
    file = scratch / "case.json"
    file.write_bytes(raw)
    read_or_refuse(file)


@FUZZ
@given(raw=st.one_of(st.binary(max_size=500), texts.map(lambda t: t.encode("utf-8", "surrogatepass"))))
def test_read_random_bytes(scratch: Path, raw: bytes) -> None:
    file = scratch / "random.json"
    file.write_bytes(raw)
    read_or_refuse(file)


@FUZZ
@given(id_mode=st.sampled_from(["new", "new", "current", "stale", "keep"]), data=st.data())
def test_import_never_crashes_and_a_refusal_changes_nothing(
    ws: Workspace, scratch: Path, id_mode: str, data: st.DataObject
) -> None:
    base = demo_case()
    if id_mode == "new":
        base["id"] = f"fuzz-{uuid.uuid4().hex[:12]}"
    elif id_mode == "current":  # an update made from the latest revision
        base["revision"] = ws.load(EXISTING_ID).revision
    elif id_mode == "stale":  # drawn independently of the store's state, as hypothesis needs
        base["revision"] = max(0, ws.load(EXISTING_ID).revision - data.draw(st.integers(1, 3)))
    raw = data.draw(case_files(base), label="file")
    file = scratch / "import.json"
    file.write_bytes(raw)

    before = snapshot(ws)
    try:
        result = ws.import_file(file)
    except CommdraftError as exc:
        check_refusal(exc, None)
        event(f"refused: {_field(exc)}")
        assert snapshot(ws) == before, f"refused ({exc}) but the store changed"
        return
    except Exception as exc:  # noqa: BLE001 - anything else is the bug under test
        if known_bug(exc) is None:
            raise
        event(f"known bug: {known_bug(exc)}")
        assert snapshot(ws) == before, f"crashed ({exc!r}) and the store changed"
        return

    event(f"imported: {result.action}")
    case = result.case
    check_case(case)
    after = snapshot(ws)
    ids_before = {i for i, _, _ in before}
    if result.action == "unchanged":
        assert after == before
        return
    assert result.action in ("created", "updated"), result.action
    assert (case.id in ids_before) == (result.action == "updated")
    assert len(after) == len(before) + (result.action == "created")
    assert all(_VALID_ID.fullmatch(i) for i in (case.id, *(p.id for p in case.persons)))
    stored = ws.load(case.id)
    assert same_record(stored.to_dict(), case.to_dict())


def full_case() -> dict[str, Any]:
    """A case with every section filled: a sent letter's history, a review round with a
    comment and a change, resolution overrides and an instrument, so that mutations reach the
    validation of each section (the demo alone has no review, no history)."""
    doc = reviewed()  # the demo with a review round, a comment and a change
    doc["history"] = [{"at": "2024-08-20T09:00:00+00:00", "action": "sent",
                       "note": "AL MNE 1/2024", "status": "sent", "languages": ["en", "fr"]}]
    doc["resolutions"] = {"hrd": "52/4"}
    doc["instrument"] = {"title": "Draft law on foreign agents", "stage": "bill",
                         "date": "2024-03-01"}
    return doc


@st.composite
def duplicated_key(draw: st.DrawFn, base: dict[str, Any]) -> tuple[str, str]:
    """``base`` as JSON text with one key of one object written twice (different values)."""
    objects = [path for path, value in _paths(base) if isinstance(value, dict) and value]
    path = draw(st.sampled_from(objects))
    target = copy.deepcopy(base)
    obj = target
    for step in path:
        obj = obj[step]
    key = draw(st.sampled_from(sorted(obj)))
    marker = "@@DUP@@"
    obj[marker] = draw(st.sampled_from([None, True, False, 0, 1, "", "x", [], {}]))
    text = json.dumps(target)
    return text.replace(json.dumps(marker), json.dumps(key), 1), key


def test_the_full_case_imports(scratch: Path) -> None:
    file = scratch / "full.json"
    file.write_text(json.dumps(full_case()), encoding="utf-8")
    case = read_case_file(file)
    check_case(case)
    assert case.review.changes and case.history and case.resolutions and case.instrument


@FUZZ
@given(raw=case_files(full_case()))
def test_every_section_of_a_full_case_is_validated(scratch: Path, raw: bytes) -> None:
    """Any mutation of a full case: read and round-tripping, or refused by field; the test
    below checks that a wrong value is refused, and not read."""
    file = scratch / "full.json"
    file.write_bytes(raw)
    read_or_refuse(file)


def _text_leaves(doc: dict[str, Any]) -> list[Path_]:
    """Paths of every text value of ``doc`` below the top level."""
    return [path for path, value in _paths(doc) if len(path) > 1 and isinstance(value, str)]


@FUZZ
@given(data=st.data())
def test_a_wrong_type_anywhere_is_refused_naming_its_field(scratch: Path,
                                                           data: st.DataObject) -> None:
    """The sharp half of the test above: a text of any section (review round, history,
    instrument, persons, dates…) replaced by an object is never imported: it is refused, and
    the error names that field."""
    doc = full_case()
    path = data.draw(st.sampled_from(_text_leaves(doc)), label="path")
    _parent(doc, path)[path[-1]] = {"not": "text"}
    file = scratch / "wrong-type.json"
    file.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(CaseFormatError) as caught:
        read_case_file(file)
    def shown(steps: tuple[Any, ...]) -> str:
        return str(steps[0]) + "".join(
            f"[{step}]" if isinstance(step, int) else f".{step}" for step in steps[1:])

    # The field itself, or for an item of a list of names, that list ("must be a list of…").
    wanted = shown(path[:-1] if isinstance(path[-1], int) else path)
    assert caught.value.path.startswith(wanted), (shown(path), caught.value.path)


@FUZZ
@given(pair=duplicated_key(full_case()))
def test_a_key_written_twice_is_always_refused(scratch: Path, pair: tuple[str, str]) -> None:
    text, key = pair
    file = scratch / "twice.json"
    file.write_text(text, encoding="utf-8")
    with pytest.raises(CaseFormatError, match="appears twice") as caught:
        read_case_file(file)
    assert str(file) in str(caught.value), key


# --------------------------------------------------------------------------- plain cases
def test_the_demo_case_file_imports(scratch: Path) -> None:
    file = scratch / "demo.json"
    file.write_text(json.dumps(demo_case(), ensure_ascii=False, indent=2), encoding="utf-8")
    case = read_case_file(file)
    check_case(case)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-32", "latin-1", "cp1252"])
def test_a_file_in_another_encoding_is_refused_by_position(scratch: Path, encoding: str) -> None:
    doc = demo_case()
    doc["source"] = "Équipe de défense – Genève"  # not ASCII in any of them
    file = scratch / f"demo-{encoding}.json"
    file.write_bytes(json.dumps(doc, ensure_ascii=False).encode(encoding, "replace"))
    with pytest.raises(CaseFormatError, match=r"not UTF-8 text \(byte \d+\)") as caught:
        read_case_file(file)
    assert str(file) in str(caught.value)


def test_a_truncated_file_is_refused_by_line_and_column(scratch: Path) -> None:
    text = json.dumps(demo_case(), indent=2)
    file = scratch / "truncated.json"
    file.write_text(text[: len(text) // 2], encoding="utf-8")
    with pytest.raises(CaseFormatError, match=r"line \d+, column \d+: not valid JSON"):
        read_case_file(file)


# --------------------------------------------------------------------------- known bugs
# Deterministic regression inputs for the bugs these tests found; see the module docstring.
def _no_traceback_on_import(root: Path, raw: bytes, seed_existing: bool = False) -> None:
    """Importing ``raw`` ends in a CommdraftError that changed nothing, or in an import: the
    tests say what a fix must avoid, not which of the two it must choose."""
    with Workspace.open(root / "ws") as workspace:
        if seed_existing:
            seed = root / "seed.json"
            seed.write_text(json.dumps(demo_case()), encoding="utf-8")
            workspace.import_file(seed)
        file = root / "case.json"
        file.write_bytes(raw)
        before = snapshot(workspace)
        try:
            result = workspace.import_file(file)
        except CommdraftError as exc:
            check_refusal(exc, None)
            assert snapshot(workspace) == before
        else:
            check_case(result.case)


def _no_traceback_on_read(file: Path) -> None:
    try:
        case = read_case_file(file)
    except CommdraftError as exc:
        check_refusal(exc, file)
    else:
        check_case(case)


def test_bug_deeply_nested_json_is_refused(tmp_path: Path) -> None:
    file = tmp_path / "deep.json"
    file.write_bytes(b'{"format": "commdraft.case/1", "x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}")
    _no_traceback_on_read(file)


def test_bug_nesting_near_the_recursion_limit_never_crashes(tmp_path: Path) -> None:
    # The depth json.loads accepts but json.dumps (called deeper, in the store) does not
    # depends on the stack here, so a window of depths around the limit is tried.
    limit = sys.getrecursionlimit()
    with Workspace.open(tmp_path / "ws") as workspace:
        for depth in range(limit - 150, limit + 10, 2):
            doc = demo_case()
            doc["id"] = f"deep-{depth}"
            text = json.dumps(doc)[:-1] + ', "x": ' + "[" * depth + "]" * depth + "}"
            file = tmp_path / "deep.json"
            file.write_text(text, encoding="utf-8")
            try:
                workspace.import_file(file)
            except CommdraftError:
                pass


def test_bug_an_integer_of_5000_digits_is_refused(tmp_path: Path) -> None:
    file = tmp_path / "bigint.json"
    file.write_bytes(b'{"format": "commdraft.case/1", "revision": ' + b"9" * 5000 + b"}")
    _no_traceback_on_read(file)


def test_bug_a_lone_surrogate_is_refused(tmp_path: Path) -> None:
    doc = demo_case()
    doc["source"] = "\ud800"  # json.dumps writes it as the escape \ud800
    _no_traceback_on_import(tmp_path, json.dumps(doc).encode("ascii"))


def test_bug_a_changed_file_of_an_existing_case_at_revision_0(tmp_path: Path) -> None:
    doc = demo_case()  # "revision": 0, id demo-smailova
    doc["source"] = "changed"
    _no_traceback_on_import(tmp_path, json.dumps(doc).encode("utf-8"), seed_existing=True)


@pytest.mark.parametrize("where", ["id", "person"])
def test_bug_an_id_with_a_trailing_newline_is_refused(tmp_path: Path, where: str) -> None:
    doc = demo_case()
    if where == "id":
        doc["id"] = "abc\n"
    else:
        doc["persons"][0]["id"] = "p1\n"
    file = tmp_path / "nl.json"
    file.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(CaseFormatError, match="id"):
        read_case_file(file)
