"""The repository contract: what every store does, the folder store and the team server alike.

Each test runs once per store (``handles``: see conftest.py); the last ones seed both stores
with the same cases and compare what they list, filter and find.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from desktop_app.domain.case import Case, Recipient, Texts
from desktop_app.domain.errors import CaseFormatError, CommdraftError
from desktop_app.domain.references import next_reference
from desktop_app.storage import (
    Backups,
    CaseExistsError,
    CaseNotFoundError,
    CaseQuery,
    CaseRepository,
    ChangeFeed,
    ConflictError,
    Conflicts,
    DuplicateReferenceError,
    Encryption,
    Store,
    StoreLockedError,
    open_store,
)
from tests.storage.conftest import make_record


def eventually(check: Callable[[], bool], within: float = 1.0) -> bool:
    deadline = time.monotonic() + within
    while True:
        if check():
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)


def test_a_store_is_every_protocol(store: Store) -> None:
    for protocol in (CaseRepository, Backups, ChangeFeed, Conflicts, Encryption):
        for name in dir(protocol):
            if not name.startswith("_"):
                assert hasattr(store, name), (protocol.__name__, name)
    assert store.encrypted is False and store.read_only is False
    assert store.refresh() is False
    assert store.damaged() == []


def test_create_then_get(store: Store, new_record) -> None:
    record = new_record(reference="AL KAZ 1/2024")
    saved = store.save(record, base_revision=None)
    assert saved["revision"] == 1
    assert record["revision"] == 0  # the caller's dict is not changed
    assert saved == {**record, "revision": 1}
    assert store.get(record["id"]) == saved
    assert Case.from_dict(store.get(record["id"])).reference == "AL KAZ 1/2024"


def test_every_save_keeps_a_revision(store: Store, new_record) -> None:
    first = store.save(new_record(status="draft"), base_revision=None)
    second = store.save({**first, "status": "in_review"}, base_revision=1)
    third = store.save({**second, "status": "approved"}, base_revision=2)
    assert third["revision"] == 3
    history = store.history(first["id"])
    assert [h.revision for h in history] == [1, 2, 3]
    assert history[0].saved_at < history[1].saved_at < history[2].saved_at
    assert all(h.saved_at.endswith("+00:00") for h in history)
    assert store.get_revision(first["id"], 1)["status"] == "draft"
    assert store.get_revision(first["id"], 2)["status"] == "in_review"
    assert store.get(first["id"])["status"] == "approved"
    with pytest.raises(CaseNotFoundError, match="no revision 7 .*1 to 3") as info:
        store.get_revision(first["id"], 7)
    assert info.value.code == "case.no_such_revision"


def test_unknown_case(store: Store) -> None:
    with pytest.raises(CaseNotFoundError, match="no case 'nope'") as info:
        store.get("nope")
    assert info.value.case_id == "nope" and info.value.code == "case.not_found"
    with pytest.raises(CaseNotFoundError) as info:
        store.get("../meta")  # not an id, never a path
    assert info.value.code == "case.not_an_id"
    with pytest.raises(CaseNotFoundError):
        store.history("nope")
    with pytest.raises(CaseNotFoundError):
        store.get_revision("nope", 1)
    assert store.find("nope") is None


def test_creating_an_existing_id_is_refused_and_kept(store: Store, new_record) -> None:
    record = new_record()
    store.save(record, base_revision=None)
    with pytest.raises(CaseExistsError, match="already exists") as info:
        store.save({**record, "status": "approved"}, base_revision=None)
    assert info.value.code == "case.exists" and info.value.kept_as is not None
    assert "/" not in info.value.kept_as  # a label, not a path
    assert store.read_conflict(info.value.kept_as)["status"] == "approved"
    assert store.get(record["id"])["status"] == "draft"


def test_a_stale_save_keeps_both_versions(handles, new_record) -> None:
    alice, bob = handles(), handles()
    base = alice.save(new_record(status="draft"), base_revision=None)
    alice.save({**base, "status": "in_review"}, base_revision=1)
    mine = {**base, "status": "approved", "source": "Bob's edit"}
    with pytest.raises(ConflictError) as info:
        bob.save(mine, base_revision=1)
    error = info.value
    assert error.code == "conflict.saved_elsewhere" and not isinstance(error, CaseExistsError)
    assert (error.case_id, error.base_revision) == (base["id"], 1)
    assert error.current is not None and error.current["status"] == "in_review"
    assert error.current["revision"] == 2 and error.mine == mine
    assert error.kept_as is not None and "revision 2" in str(error)
    assert bob.read_conflict(error.kept_as) == mine
    kept = bob.conflict_path(error.kept_as)
    assert json.loads(kept.read_text(encoding="utf-8")) == mine
    Case.from_dict(json.loads(kept.read_text(encoding="utf-8")))  # a case file to import again
    assert [h.revision for h in bob.history(base["id"])] == [1, 2]
    assert bob.get(base["id"])["status"] == "in_review"
    for bad in ("../meta.json", "/etc/passwd", "", ".lock"):
        with pytest.raises(ValueError):
            bob.conflict_path(bad)


def test_saving_a_case_deleted_meanwhile_is_a_conflict(store: Store, new_record) -> None:
    saved = store.save(new_record(), base_revision=None)
    store.delete(saved["id"], base_revision=1)
    with pytest.raises(ConflictError, match="deleted") as info:
        store.save(saved, base_revision=1)
    assert info.value.code == "conflict.deleted" and info.value.current is None
    assert info.value.kept_as is not None and store.conflict_path(info.value.kept_as).exists()
    with pytest.raises(ConflictError) as gone:
        store.save(new_record(), base_revision=3)
    assert gone.value.code == "conflict.gone"


def test_a_duplicate_reference_is_refused(store: Store, new_record) -> None:
    first = store.save(new_record(kind="AL", reference="AL KAZ 1/2024"), base_revision=None)
    other = new_record(kind="UA", reference="UA KAZ 1/2024")  # numbers are shared by all kinds
    with pytest.raises(DuplicateReferenceError, match=rf"{first['id']}.*nothing was saved") \
            as info:
        store.save(other, base_revision=None)
    assert info.value.code == "reference.taken"
    assert [s.id for s in store.list()] == [first["id"]]
    with pytest.raises(DuplicateReferenceError):  # spacing and letter case do not matter
        store.save({**other, "reference": "ua  kaz 1 / 2024"}, base_revision=None)
    store.save({**first, "status": "in_review"}, base_revision=1)  # its own, again: fine
    store.save({**other, "reference": "UA KAZ 2/2024"}, base_revision=None)
    assert store.references() == ["AL KAZ 1/2024", "UA KAZ 2/2024"]


def test_find_by_id_or_reference(store: Store, new_record) -> None:
    saved = store.save(new_record(reference="AL KAZ 3/2024"), base_revision=None)
    assert store.find(saved["id"]) == saved
    assert store.find("AL KAZ 3/2024") == saved
    assert store.find("  al kaz 3 /2024 ") == saved
    assert store.find("UA KAZ 3/2024") == saved  # same State, number and year
    assert store.find("AL KAZ 4/2024") is None
    assert store.find("nothing like it") is None


def test_bad_records_are_refused(store: Store, new_record) -> None:
    with pytest.raises(CaseFormatError, match="id"):
        store.save({**new_record(), "id": "../escape"}, base_revision=None)
    with pytest.raises(CaseFormatError, match="JSON"):
        store.save({**new_record(), "when": object()}, base_revision=None)
    with pytest.raises(CaseFormatError, match="reference"):
        store.save(new_record(reference=None) | {"reference": "KAZ 1"}, base_revision=None)
    with pytest.raises(ValueError):
        store.save(new_record(), base_revision=0)
    assert store.list() == []


def test_ids_differing_only_in_letter_case_are_refused(store: Store, new_record) -> None:
    store.save(new_record(id="Case-1"), base_revision=None)
    with pytest.raises(CaseFormatError, match="letter case"):
        store.save(new_record(id="case-1"), base_revision=None)


def test_delete_and_restore(store: Store, new_record) -> None:
    saved = store.save(new_record(reference="AL KAZ 5/2024"), base_revision=None)
    saved = store.save(saved, base_revision=1)
    with pytest.raises(ConflictError, match="not deleted") as info:
        store.delete(saved["id"], base_revision=1)
    assert info.value.code == "conflict.not_deleted"
    store.delete(saved["id"], base_revision=2)
    assert store.list() == [] and store.references() == []
    with pytest.raises(CaseNotFoundError, match="trash") as gone:
        store.get(saved["id"])
    assert gone.value.code == "case.in_trash"
    assert store.restore_deleted(saved["id"]) == saved
    assert [s.id for s in store.list()] == [saved["id"]]
    assert [h.revision for h in store.history(saved["id"])] == [1, 2]
    with pytest.raises(CaseNotFoundError) as never:
        store.restore_deleted("never-was")
    assert never.value.code == "case.no_deleted"
    with pytest.raises(CaseExistsError):
        store.restore_deleted(saved["id"])  # it is back already


def test_a_deleted_id_can_be_used_again(store: Store, new_record) -> None:
    gone = store.save(new_record(status="draft"), base_revision=None)
    store.delete(gone["id"], base_revision=1)
    again = store.save({**gone, "status": "approved"}, base_revision=None)
    assert again["revision"] == 1 and [h.revision for h in store.history(gone["id"])] == [1]
    with pytest.raises(CaseExistsError):
        store.restore_deleted(gone["id"])


def test_restore_refuses_a_reference_taken_meanwhile(store: Store, new_record) -> None:
    gone = store.save(new_record(reference="AL KAZ 6/2024"), base_revision=None)
    store.delete(gone["id"], base_revision=1)
    store.save(new_record(reference="AL KAZ 6/2024"), base_revision=None)
    with pytest.raises(DuplicateReferenceError):
        store.restore_deleted(gone["id"])
    with pytest.raises(CaseNotFoundError, match="trash"):
        store.get(gone["id"])  # still deleted, to restore later


def test_newest_first(store: Store, new_record) -> None:
    ids = [store.save(new_record(), base_revision=None)["id"] for _ in range(4)]
    assert [s.id for s in store.list()] == ids[::-1]
    store.save(store.get(ids[0]), base_revision=1)
    assert store.list()[0].id == ids[0] and store.list()[0].revision == 2
    assert store.list()[0].saved_at == store.history(ids[0])[-1].saved_at


def test_a_second_handle_sees_the_first_ones_saves(handles, new_record) -> None:
    writer, reader = handles(), handles()
    assert reader.list() == [] and reader.refresh() is False
    saved = writer.save(new_record(reference="AL KAZ 7/2024"), base_revision=None)
    assert eventually(reader.refresh)  # told of the change (the server: within a second)
    assert reader.refresh() is False  # once
    assert writer.refresh() is False  # its own save is no news to it
    assert [s.id for s in reader.list()] == [saved["id"]]
    assert reader.find("AL KAZ 7/2024") == saved
    writer.save({**saved, "status": "approved"}, base_revision=1)
    assert eventually(reader.refresh)
    assert reader.list()[0].status == "approved" and reader.get(saved["id"])["revision"] == 2
    assert reader.references() == ["AL KAZ 7/2024"]


def test_a_transaction_allocates_and_saves_without_a_race(handles, new_record) -> None:
    store, other = handles(), handles(lock_timeout=0.2)
    with store.transaction():
        with store.transaction():  # re-entrant
            number = next_reference("AL", "KAZ", 2024, store.references())
            store.save(new_record(reference=str(number)), base_revision=None)
        with pytest.raises(StoreLockedError):  # another handle waits for the lock, in vain
            other.save(new_record(), base_revision=None)
    assert store.references() == ["AL KAZ 1/2024"]
    other.save(new_record(reference="AL KAZ 2/2024"), base_revision=None)  # free again


def test_allocating_from_two_handles_at_once_gives_different_numbers(handles, new_record) -> None:
    stores = [handles(lock_timeout=30), handles(lock_timeout=30)]
    got: list[str] = []
    errors: list[BaseException] = []

    def allocate(store: Store) -> None:
        try:
            for _ in range(8):
                with store.transaction():
                    number = str(next_reference("UA", "EGY", 2025, store.references()))
                    store.save(new_record(kind="UA", reference=number), base_revision=None)
                got.append(number)
        except BaseException as exc:  # noqa: BLE001  (reported below)
            errors.append(exc)

    threads = [threading.Thread(target=allocate, args=(s,)) for s in stores]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sorted(got, key=lambda r: int(r.split()[2].split("/")[0])) == [
        f"UA EGY {n}/2025" for n in range(1, 17)]
    assert len(stores[0].references()) == 16


def test_concurrent_writers_never_both_win(handles, new_record) -> None:
    case_id = handles().save(new_record(), base_revision=None)["id"]
    writers = [handles(lock_timeout=30) for _ in range(4)]
    wins: list[int] = []
    kept: list[str] = []

    def edit(handle: Store, writer: int) -> None:
        for attempt in range(8):
            record = handle.get(case_id)
            try:
                saved = handle.save({**record, "source": f"{writer}/{attempt}"},
                                    base_revision=record["revision"])
            except ConflictError as exc:
                assert exc.kept_as is not None
                kept.append(exc.kept_as)
            else:
                wins.append(saved["revision"])

    threads = [threading.Thread(target=edit, args=(h, i)) for i, h in enumerate(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(wins) == list(range(2, len(wins) + 2))  # each revision won exactly once
    assert len(wins) + len(kept) == 4 * 8 and len(set(kept)) == len(kept)
    assert writers[0].get(case_id)["revision"] == len(wins) + 1


def test_a_closed_store_refuses_work(handles) -> None:
    store = handles()
    store.close()
    with pytest.raises(CommdraftError, match="closed"):
        store.list()
    assert handles().list() == []


# ---------------------------------------------------------------------- the same answers
def _seed() -> list[dict[str, Any]]:
    return [
        make_record(id="kaz", kind="AL", reference="AL KAZ 1/2024", status="sent",
                    dates={"sent": "2024-08-20", "reply": "2024-10-30"},
                    persons=[{"id": "p1", "name": "Aigerim Nurlanova",
                              "public_name": "Ms. A.N."}]),
        make_record(id="egy", kind="UA", recipient=Recipient("state", "EGY"), status="draft",
                    dates={"sent": "2023-02-01"}, source_language="ar",
                    mandates=["arbitrary-detention"], persons=[{"id": "p1", "name": "ليلى أحمد"}],
                    text={"ar": Texts(topic="الاحتجاز التعسفي"),
                          "en": Texts(topic="Arbitrary detention")}),
        make_record(id="chn", kind="OL", recipient=Recipient("state", "CHN"), status="in_review",
                    text={"en": Texts(topic="Draft law 100% _secret_"),
                          "zh": Texts(topic="网络安全法草案")}),
        make_record(id="oth", kind="AL", reference="AL OTH 2/2022",
                    recipient=Recipient("other", None, "Acme Mining Ltd"), status="published"),
        make_record(id="rus", kind="UA", recipient=Recipient("state", "RUS"), status="draft",
                    text={"ru": Texts(topic="Задержание ЖУРНАЛИСТА"),
                          "fr": Texts(topic="Détention d'un journaliste à Moscou"),
                          "es": Texts(topic="Detención de un periodista"),
                          "en": Texts(topic="Straße ΟΔΟΣ")}),
    ]


QUERIES = [
    {}, {"state": "KAZ"}, {"state": "egy"}, {"kind": "al"}, {"status": "in_review"},
    {"year": 2024}, {"year": 2023}, {"year": 2022, "kind": "AL"}, {"kind": "UA", "state": "KAZ"},
    {"text": "kaz 1/2024"}, {"text": "NURLANOVA"}, {"text": "ms. a.n."}, {"text": "ليلى"},
    {"text": "التعسفي"}, {"text": "网络安全"}, {"text": "draft LAW"}, {"text": "acme"},
    {"text": "ＡＣＭＥ"}, {"text": "arbitrary-detention"}, {"text": "human-rights"},
    {"text": "chn"}, {"text": "100%"}, {"text": "%"}, {"text": "_secret_"}, {"text": "t_s"},
    {"text": "журналиста"}, {"text": "DÉTENTION"}, {"text": "detención"}, {"text": "strasse"},
    {"text": "οδος"}, {"text": "  acme  "}, {"text": "\\"}, {"text": "no such thing"},
    {"text": "", "status": "draft"},
]


def _listed(store: Store, query: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [(s.id, s.revision, s.reference, s.kind, s.state, s.recipient_name, s.status,
             s.year, s.mandates, s.lead_mandate, s.sent, s.reply, s.topic)
            for s in store.list(CaseQuery(**query))]


def test_both_stores_list_filter_and_search_alike(tmp_path: Path, pg_db) -> None:
    from desktop_app.storage.postgres import open_server_store

    folder, server = open_store(tmp_path / "drafts"), open_server_store(pg_db.admin_dsn)
    try:
        for store in (folder, server):
            for record in _seed():
                store.save(record, base_revision=None)
            store.save({**store.get("egy"), "status": "sent"}, base_revision=1)
        for query in QUERIES:
            assert _listed(server, query) == _listed(folder, query), query
        expected = {"kaz 1/2024": {"kaz"}, "100%": {"chn"}, "%": {"chn"}, "t_s": set(),
                    "strasse": {"rus"}, "οδος": {"rus"}, "ＡＣＭＥ": {"oth"}}
        for text, ids in expected.items():
            assert {s.id for s in server.list(CaseQuery(text=text))} == ids, text
        for key in ("kaz", "AL KAZ 1/2024", "al oth 2 / 2022", "UA OTH 2/2022", "nope"):
            assert server.find(key) == folder.find(key), key
        assert server.references() == folder.references()
        assert [h.revision for h in server.history("egy")] == [1, 2]
    finally:
        folder.close()
        server.close()


def test_search_ignores_case_and_accents_in_six_scripts(store: Store, new_record) -> None:
    from desktop_app.domain.case import Texts
    from desktop_app.storage import CaseQuery

    topics = {
        "fr": "Arrestation d'une élève à Nouméa",
        "es": "Detención de la defensora Ñusta Peña",
        "ru": "Задержание журналистки Ёлкиной",
        "ar": "احتجاز المدافع مُحَمَّد",
        "zh": "拘留记者李娜",
    }
    for key, topic in topics.items():
        store.save(new_record(id=f"case-{key}", text={"en": Texts(topic=topic)}),
                   base_revision=None)

    def found(text: str) -> list[str]:
        return [s.id for s in store.list(CaseQuery(text=text))]

    assert found("ELEVE A NOUMEA") == ["case-fr"]
    assert found("nusta pena") == ["case-es"]
    assert found("ёлкиной") == found("елкиной") == ["case-ru"]
    assert found("محمد") == ["case-ar"]
    assert found("李娜") == ["case-zh"]
    assert found("élève") == ["case-fr"]  # the accented query too


def test_references_of_one_state_and_year(store: Store, new_record) -> None:
    for case_id, reference in (("a", "AL KAZ 1/2024"), ("b", "UA KAZ 2/2024"),
                               ("c", "AL KAZ 1/2025"), ("d", "OL BLR 1/2024")):
        store.save(new_record(id=case_id, reference=reference), base_revision=None)
    assert store.references(state="KAZ", year=2024) == ["AL KAZ 1/2024", "UA KAZ 2/2024"]
    assert store.references(state="KAZ", year=2026) == []
    assert len(store.references()) == 4


def test_checking_the_files_of_a_store_in_order_changes_nothing(handles, new_record) -> None:
    store = handles()
    saved = store.save(new_record(), base_revision=None)
    before = store.list()
    store.check_files()
    store.check_files()
    assert store.list() == before and store.get(saved["id"]) == saved
