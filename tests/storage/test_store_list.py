from __future__ import annotations

import pytest

from desktop_app.domain.case import Recipient, Texts
from desktop_app.storage import CaseQuery, FileCaseStore
from desktop_app.storage.log import casefile


@pytest.fixture
def seeded(store: FileCaseStore, new_record) -> dict[str, str]:
    """Four cases saved in this order; returns their ids by a short name."""
    records = {
        "kaz": new_record(
            kind="AL",
            reference="AL KAZ 1/2024",
            status="sent",
            dates={"sent": "2024-08-20", "reply": "2024-10-30"},
            persons=[{"id": "p1", "name": "Aigerim Nurlanova", "public_name": "Ms. A.N."}],
        ),
        "egy": new_record(
            kind="UA",
            recipient=Recipient("state", "EGY"),
            status="draft",
            dates={"sent": "2023-02-01"},
            source_language="ar",
            mandates=["arbitrary-detention"],
            persons=[{"id": "p1", "name": "ليلى أحمد"}],
            text={"ar": Texts(topic="الاحتجاز التعسفي"), "en": Texts(topic="Arbitrary detention")},
        ),
        "chn": new_record(
            kind="OL",
            recipient=Recipient("state", "CHN"),
            status="in_review",
            text={"en": Texts(topic="Draft law"), "zh": Texts(topic="网络安全法草案")},
        ),
        "oth": new_record(
            kind="AL",
            reference="AL OTH 2/2022",
            recipient=Recipient("other", None, "Acme Mining Ltd"),
            status="published",
        ),
    }
    for record in records.values():
        store.save(record, base_revision=None)
    return {name: record["id"] for name, record in records.items()}


def ids(store: FileCaseStore, **query) -> set[str]:
    return {s.id for s in store.list(CaseQuery(**query))}


def test_newest_first(store: FileCaseStore, seeded: dict[str, str], new_record) -> None:
    assert [s.id for s in store.list()] == [seeded[n] for n in ("oth", "chn", "egy", "kaz")]
    store.save({**store.get(seeded["kaz"]), "status": "published"}, base_revision=1)
    assert store.list()[0].id == seeded["kaz"]


def test_summary_fields(store: FileCaseStore, seeded: dict[str, str]) -> None:
    by_id = {s.id: s for s in store.list()}
    kaz, egy, chn, oth = (by_id[seeded[n]] for n in ("kaz", "egy", "chn", "oth"))
    assert (kaz.reference, kaz.kind, kaz.state, kaz.status, kaz.year) == (
        "AL KAZ 1/2024",
        "AL",
        "KAZ",
        "sent",
        2024,
    )
    assert (kaz.sent, kaz.reply, kaz.revision) == ("2024-08-20", "2024-10-30", 1)
    assert kaz.mandates == ("freedom-of-expression", "human-rights-defenders")
    assert kaz.lead_mandate == "freedom-of-expression"
    assert egy.topic == "الاحتجاز التعسفي"  # the source language's topic
    assert egy.year == 2023 and egy.reference is None  # no reference: the year it was sent
    assert chn.year is None and chn.sent is None
    assert (oth.recipient_name, oth.state, oth.year) == ("Acme Mining Ltd", None, 2022)
    assert kaz.saved_at == store.history(seeded["kaz"])[-1].saved_at


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"state": "KAZ"}, {"kaz"}),
        ({"state": "egy"}, {"egy"}),
        ({"kind": "AL"}, {"kaz", "oth"}),
        ({"status": "in_review"}, {"chn"}),
        ({"year": 2024}, {"kaz"}),
        ({"year": 2023}, {"egy"}),
        ({"year": 2022, "kind": "AL"}, {"oth"}),
        ({"kind": "UA", "state": "KAZ"}, set()),
        ({"text": "kaz 1/2024"}, {"kaz"}),
        ({"text": "NURLANOVA"}, {"kaz"}),
        ({"text": "ms. a.n."}, {"kaz"}),
        ({"text": "ليلى"}, {"egy"}),
        ({"text": "التعسفي"}, {"egy"}),
        ({"text": "网络安全"}, {"chn"}),
        ({"text": "draft LAW"}, {"chn"}),
        ({"text": "acme"}, {"oth"}),
        ({"text": "arbitrary-detention"}, {"egy"}),
        ({"text": "human-rights"}, {"kaz", "chn", "oth"}),
        ({"text": "chn"}, {"chn"}),
        ({"text": "no such thing"}, set()),
        ({}, {"kaz", "egy", "chn", "oth"}),
    ],
)
def test_filters(store: FileCaseStore, seeded: dict[str, str], query, expected) -> None:
    assert ids(store, **query) == {seeded[n] for n in expected}


def test_full_width_text_matches(store: FileCaseStore, seeded: dict[str, str]) -> None:
    assert ids(store, text="ＡＣＭＥ") == {seeded["oth"]}


def test_list_reads_the_index_only(
    store: FileCaseStore, seeded: dict[str, str], monkeypatch
) -> None:
    def no_case_files(*args: object) -> None:
        raise AssertionError("list() opened a case file")

    monkeypatch.setattr(casefile.CaseLog, "revisions", no_case_files)
    assert len(store.list(CaseQuery(text="ليلى"))) == 1
    assert len(store.references()) == 2


@pytest.mark.parametrize("saves", [3, 80])  # a few rows moved; past 64, rebuilt
def test_another_handles_list_follows_saves_and_deletes(workspace, new_record, saves) -> None:
    from desktop_app.storage import open_store

    writer, reader = open_store(workspace), open_store(workspace)
    try:
        first = writer.save(new_record(status="draft"), base_revision=None)
        assert [s.id for s in reader.list()] == [first["id"]]  # rows built now
        added = [writer.save(new_record(), base_revision=None)["id"] for _ in range(saves)]
        writer.save({**first, "status": "sent"}, base_revision=1)
        listed = reader.list()
        assert [s.id for s in listed] == [first["id"], *reversed(added)]
        assert listed[0].status == "sent" and listed[0].revision == 2
        writer.delete(added[0], base_revision=1)
        assert added[0] not in {s.id for s in reader.list()}
        assert len(reader.list(CaseQuery(status="sent"))) == 1
    finally:
        writer.close()
        reader.close()


def test_a_compacted_index_is_followed(workspace, new_record, monkeypatch) -> None:
    from desktop_app.storage import open_store
    from desktop_app.storage.log import logstorage

    monkeypatch.setattr(logstorage, "COMPACT_MIN_BYTES", 4000)
    writer, reader = open_store(workspace), open_store(workspace)
    try:
        saved = writer.save(new_record(), base_revision=None)
        index = workspace / "store" / "index.log"
        inode = index.stat().st_ino
        for revision in range(1, 30):
            saved = writer.save(saved, base_revision=revision)
            assert reader.list()[0].revision == saved["revision"]
        assert index.stat().st_ino != inode  # compacted at least once
        assert index.read_bytes().count(b"\n") < 10  # not 1 + 30 lines: old ones dropped
        assert [s.revision for s in reader.list()] == [30]
    finally:
        writer.close()
        reader.close()


def test_an_index_folded_the_older_way_is_refolded_once(workspace, new_record) -> None:
    from desktop_app.domain.case import Texts
    from desktop_app.storage import CaseQuery, open_store

    with open_store(workspace) as store:
        store.save(new_record(id="eleve", text={"en": Texts(topic="Arrestation d'une élève")}),
                   base_revision=None)
        index = store._index  # noqa: SLF001  (an index as fold version 1 wrote it)
        doc = index.docs["eleve"]
        index.storage.replace_all({"cases": {"eleve": {**doc, "search": doc["search"] + " élève"}}})
    with open_store(workspace) as store:
        assert [s.id for s in store.list(CaseQuery(text="eleve"))] == ["eleve"]
        assert "élève" not in store._index.docs["eleve"]["search"]  # noqa: SLF001
        assert store._index.storage.table("meta")["fold"] == {"version": 2}  # noqa: SLF001
