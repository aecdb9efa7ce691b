"""The log-structured TinyDB storage: appends, replay, damage, other readers, compaction."""

from __future__ import annotations

import base64
import errno
import json
import os
import zlib
from pathlib import Path

import pytest
from tinydb import Query, TinyDB

from desktop_app.storage.errors import StoreCorruptError
from desktop_app.storage.log import logformat, logstorage
from desktop_app.storage.log.logstorage import LogStorage


class Rot13Codec:
    """A stand-in for encryption: reversible, not plaintext, and bound to ``aad``."""

    def seal(self, plaintext: bytes, aad: bytes) -> bytes:
        return base64.b64encode(aad + b"|" + bytes(b ^ 0x5A for b in plaintext))

    def open(self, token: bytes, aad: bytes) -> bytes:
        raw = base64.b64decode(token)
        bound, _, body = raw.partition(b"|")
        if bound != aad:
            raise ValueError("sealed for another file")
        return bytes(b ^ 0x5A for b in body)


def lines(path: Path) -> list[bytes]:
    return path.read_bytes().splitlines(keepends=True)


def payload(line: bytes) -> dict:
    return json.loads(line[9:])


def test_tinydb_works_on_it(tmp_path: Path) -> None:
    path = tmp_path / "db.log"
    db = TinyDB(path, storage=LogStorage)
    table = db.table("people")
    first = table.insert({"name": "ليلى", "topic": "任意拘留", "tags": ["a"]})
    table.insert({"name": "Aigerim"})
    table.update({"name": "Aigerim N."}, doc_ids=[2])
    table.remove(doc_ids=[first])
    db.table("empty").truncate()
    db.close()
    again = TinyDB(path, storage=LogStorage)
    assert again.table("people").all() == [{"name": "Aigerim N."}]
    assert again.table("people").search(Query().name == "Aigerim N.")[0].doc_id == 2
    assert set(again.tables()) == {"people", "empty"}
    again.drop_table("empty")
    assert TinyDB(path, storage=LogStorage).tables() == {"people"}


def test_a_write_appends_only_what_changed(tmp_path: Path) -> None:
    path = tmp_path / "db.log"
    db = TinyDB(path, storage=LogStorage)
    table = db.table("t")
    for n in range(50):
        table.insert({"n": n, "text": "x" * 100})
    before = path.read_bytes()
    table.update({"text": "changed"}, doc_ids=[7])
    after = path.read_bytes()
    assert after.startswith(before)  # appended, not rewritten
    (added,) = after[len(before) :].splitlines()
    assert payload(added) == {"t": "t", "id": "7", "doc": {"n": 6, "text": "changed"}}
    table.remove(doc_ids=[8])
    assert payload(lines(path)[-1]) == {"t": "t", "id": "8", "del": 1}


def test_lines_are_checksummed_compact_utf8(tmp_path: Path) -> None:
    path = tmp_path / "db.log"
    LogStorage(path).apply(puts=[("t", "1", {"name": "ليلى أحمد"})])
    header, line = lines(path)
    assert payload(header)["log"] == 1 and len(payload(header)["epoch"]) == 16
    assert "ليلى أحمد".encode() in line and b", " not in line
    assert line[:8] == b"%08x" % zlib.crc32(line[9:-1]) and line.endswith(b"\n")


def test_what_read_returns_is_a_copy(tmp_path: Path) -> None:
    storage = LogStorage(tmp_path / "db.log")
    storage.apply(puts=[("t", "1", {"a": 1})])
    data = storage.read()
    assert data is not None
    data["t"]["1"]["a"] = 2
    data["t"]["2"] = {"b": 1}
    assert storage.read() == {"t": {"1": {"a": 1}}}


def test_a_missing_or_torn_only_file_reads_as_none(tmp_path: Path) -> None:
    path = tmp_path / "db.log"
    assert LogStorage(path).read() is None
    assert not path.exists()  # reading creates nothing
    path.write_bytes(b"0123abcd {\"log\":1,")  # a first append cut short
    storage = LogStorage(path)
    assert storage.read() is None
    storage.apply(puts=[("t", "1", {"a": 1})])
    assert len(lines(path)) == 2 and LogStorage(path).read() == {"t": {"1": {"a": 1}}}


@pytest.mark.parametrize(
    "tail",
    [b'0badc0de {"t":"t","id":"2","doc":{"a"', b"00000000 garbage\n", b"\x00\x00\x00\x00"],
    ids=["no-newline", "bad-checksum", "zeros"],
)
def test_a_torn_last_line_is_ignored_then_cut(tmp_path: Path, tail: bytes) -> None:
    path = tmp_path / "db.log"
    LogStorage(path).apply(puts=[("t", "1", {"a": 1})])
    good = path.read_bytes()
    path.write_bytes(good + tail)
    storage = LogStorage(path)
    assert storage.read() == {"t": {"1": {"a": 1}}}
    assert storage.torn and path.read_bytes() == good + tail  # reading repairs nothing
    storage.apply(puts=[("t", "2", {"b": 2})])
    assert path.read_bytes().startswith(good) and b"garbage" not in path.read_bytes()
    assert LogStorage(path).read() == {"t": {"1": {"a": 1}, "2": {"b": 2}}}


def test_a_bad_line_before_the_last_is_damage(tmp_path: Path) -> None:
    path = tmp_path / "db.log"
    storage = LogStorage(path)
    for n in range(3):
        storage.apply(puts=[("t", str(n), {"n": n})])
    data = lines(path)
    data[2] = data[2].replace(b'"n":1', b'"n":9')
    path.write_bytes(b"".join(data))
    with pytest.raises(StoreCorruptError) as info:
        LogStorage(path).read()
    assert info.value.path == path and info.value.line == 3
    assert f"{path}, line 3" in str(info.value) and "checksum" in str(info.value)


def test_a_line_with_a_right_checksum_but_no_record_is_damage(tmp_path: Path) -> None:
    path = tmp_path / "db.log"
    LogStorage(path).apply(puts=[("t", "1", {"a": 1})])
    body = b'{"what":1}'
    path.write_bytes(path.read_bytes() + b"%08x %s\n" % (zlib.crc32(body), body))
    with pytest.raises(StoreCorruptError, match="line 3.*not a log record"):
        LogStorage(path).read()


def test_another_reader_reads_only_the_tail(tmp_path: Path) -> None:
    path = tmp_path / "db.log"
    writer, reader = LogStorage(path), LogStorage(path)
    writer.apply(puts=[("t", "1", {"a": 1}), ("t", "2", {"b": 2})])
    assert reader.refresh().full
    assert reader.is_current() and not reader.refresh()
    writer.apply(puts=[("t", "2", {"b": 3})], deletes=[("t", "1")])
    assert not reader.is_current()
    changes = reader.refresh()
    assert not changes.full and changes.keys == {("t", "1"), ("t", "2")}
    assert reader.tables == {"t": {"2": {"b": 3}}}
    # A half-written line of a writer still at work is left for the next refresh.
    whole = path.read_bytes()
    path.write_bytes(whole + b"0000")
    assert not reader.refresh() and reader.tables == {"t": {"2": {"b": 3}}}


def test_a_replaced_file_is_read_again_whole(tmp_path: Path) -> None:
    path = tmp_path / "db.log"
    writer, reader = LogStorage(path), LogStorage(path)
    writer.apply(puts=[("t", "1", {"a": 1})])
    reader.refresh()
    writer.compact()  # a new file (new inode, new epoch)
    writer.apply(puts=[("t", "2", {"b": 2})])
    assert reader.refresh().full and reader.tables == {"t": {"1": {"a": 1}, "2": {"b": 2}}}


def test_the_same_inode_with_another_header_is_read_whole(tmp_path: Path) -> None:
    """Inode numbers are reused: the header's random epoch tells another file from ours."""
    path, other = tmp_path / "db.log", tmp_path / "other.log"
    reader = LogStorage(path)
    LogStorage(path).apply(puts=[("t", "1", {"a": 1})])
    reader.refresh()
    LogStorage(other).apply(puts=[("t", "9", {"z": 9}), ("t", "8", {"y": 8})])
    with open(path, "r+b") as handle:  # same inode, other content, longer
        handle.write(other.read_bytes())
    assert reader.refresh().full and reader.tables == {"t": {"9": {"z": 9}, "8": {"y": 8}}}


def test_compaction_when_the_log_is_twice_its_live_size(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(logstorage, "COMPACT_MIN_BYTES", 2000)
    path = tmp_path / "db.log"
    storage = LogStorage(path)
    storage.apply(puts=[("t", str(n), {"n": n, "x": "y" * 50}) for n in range(10)])
    inode = os.stat(path).st_ino
    for round_ in range(30):
        storage.apply(puts=[("t", "3", {"n": round_, "x": "z" * 50})])
        if os.stat(path).st_ino != inode:
            break
    else:
        pytest.fail("never compacted")
    assert len(lines(path)) == 11  # header + one line per live document
    assert os.path.getsize(path) == storage.live_bytes
    assert LogStorage(path).read() == storage.read()
    assert [n for n in os.listdir(tmp_path)] == ["db.log"]  # no temp file left


def test_a_codec_seals_every_line_bound_to_its_file(tmp_path: Path) -> None:
    path = tmp_path / "a.log"
    LogStorage(path, codec=Rot13Codec(), aad="cases/a.log").apply(
        puts=[("t", "1", {"secret": "ليلى"})]
    )
    assert "ليلى".encode() not in path.read_bytes() and b"secret" not in path.read_bytes()
    assert LogStorage(path, codec=Rot13Codec(), aad="cases/a.log").read() == {
        "t": {"1": {"secret": "ليلى"}}
    }
    with pytest.raises(StoreCorruptError, match=r"line 1: cannot be opened.*another file"):
        LogStorage(path, codec=Rot13Codec(), aad="cases/b.log").read()


def test_a_codec_that_writes_newlines_is_refused(tmp_path: Path) -> None:
    class Bad:
        def seal(self, plaintext: bytes, aad: bytes) -> bytes:
            return plaintext + b"\n"

        def open(self, token: bytes, aad: bytes) -> bytes:
            return token

    with pytest.raises(ValueError, match="newline"):
        LogStorage(tmp_path / "db.log", codec=Bad()).apply(puts=[("t", "1", {})])


@pytest.mark.parametrize("call", ["write", "fsync"])
def test_a_failed_append_leaves_file_and_state_as_they_were(
    tmp_path: Path, monkeypatch, call: str
) -> None:
    path = tmp_path / "db.log"
    storage = LogStorage(path)
    storage.apply(puts=[("t", "1", {"a": 1})])
    before = path.read_bytes()

    def full(*args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr(os, call, full)
        with pytest.raises(OSError) as info:
            storage.apply(puts=[("t", "2", {"b": 2})])
    assert info.value.errno == errno.ENOSPC and info.value.filename == str(path)
    assert path.read_bytes() == before
    assert storage.tables == {"t": {"1": {"a": 1}}}
    storage.apply(puts=[("t", "3", {"c": 3})])  # and it goes on working
    assert LogStorage(path).read() == {"t": {"1": {"a": 1}, "3": {"c": 3}}}


def test_a_writer_without_the_latest_state_is_stopped(tmp_path: Path) -> None:
    path = tmp_path / "db.log"
    first, second = LogStorage(path), LogStorage(path)
    first.apply(puts=[("t", "1", {"a": 1})])
    second.refresh()
    first.apply(puts=[("t", "2", {"b": 2})])
    with pytest.raises(Exception, match="changed by another process"):
        second.apply(puts=[("t", "3", {"c": 3})])
    assert LogStorage(path).read() == {"t": {"1": {"a": 1}, "2": {"b": 2}}}


# --------------------------------------------------------------------------- chunked logs
def test_a_chunked_log_is_compacted_into_many_document_lines(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(logstorage, "COMPACT_MIN_BYTES", 2000)
    monkeypatch.setattr(logstorage, "CHECKPOINT_LINES", 40)
    monkeypatch.setattr(logformat, "CHUNK_DOCS", 16)
    path = tmp_path / "index.log"
    storage = LogStorage(path, chunked=True)
    for n in range(41):  # new documents only: nothing superseded, so only the checkpoint
        storage.apply(puts=[("t", str(n), {"n": n, "x": "y" * 50})])
    records = [payload(line) for line in lines(path)]
    assert json.loads(lines(path)[0][9:])["log"] == logformat.CHUNKED_FORMAT
    assert [len(r["docs"]) for r in records[1:]] == [16, 16, 9]  # 41 documents in 3 lines
    again = LogStorage(path, chunked=True)
    assert again.read() == storage.read() and len(again.tables["t"]) == 41
    # One more document is one more line after the chunks, read with them.
    storage.apply(puts=[("t", "41", {"n": 41})], deletes=[("t", "0")])
    assert LogStorage(path, chunked=True).read() == storage.read()
    assert "0" not in storage.tables["t"] and storage.tables["t"]["41"] == {"n": 41}


def test_a_log_that_is_not_chunked_keeps_a_line_per_document(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(logstorage, "COMPACT_MIN_BYTES", 2000)
    monkeypatch.setattr(logstorage, "CHECKPOINT_LINES", 40)
    path = tmp_path / "case.log"
    storage = LogStorage(path)  # a case file: an older commdraft must read it line by line
    for n in range(60):
        storage.apply(puts=[("t", str(n), {"n": n, "x": "y" * 50})])
    storage.compact()
    assert json.loads(lines(path)[0][9:])["log"] == 1
    assert all("docs" not in payload(line) for line in lines(path)[1:])
    assert len(lines(path)) == 61


def test_damage_in_a_many_document_line_is_found_by_line(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(logformat, "CHUNK_DOCS", 4)
    path = tmp_path / "index.log"
    storage = LogStorage(path, chunked=True)
    storage.replace_all({"t": {str(n): {"n": n} for n in range(12)}})
    storage.apply(puts=[("t", "x", {"n": -1})])
    data = lines(path)
    flipped = data[2].replace(b'"n":5', b'"n":6')  # the second chunk: checksum now wrong
    path.write_bytes(b"".join([*data[:2], flipped, *data[3:]]))
    with pytest.raises(StoreCorruptError) as info:
        LogStorage(path, chunked=True).read()
    assert info.value.line == 3 and "not the last line" in str(info.value)
    # A right checksum over a chunk whose documents are not objects is damage too.
    body = json.dumps({"t": "t", "docs": {"a": 1}}).encode()
    path.write_bytes(b"".join([*data[:2], b"%08x %s\n" % (zlib.crc32(body), body), *data[3:]]))
    with pytest.raises(StoreCorruptError, match="not a log record") as info:
        LogStorage(path, chunked=True).read()
    assert info.value.line == 3


def test_a_log_of_an_unknown_format_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "index.log"
    body = json.dumps({"log": 3, "epoch": "ab"}).encode()
    path.write_bytes(b"%08x %s\n" % (zlib.crc32(body), body))
    with pytest.raises(StoreCorruptError, match="format 3, not 1 or 2"):
        LogStorage(path).read()
