"""Row security, roles and who saved what: enforced by the server, whatever the client."""

from __future__ import annotations

import psycopg
import pytest

from desktop_app.storage import CaseQuery, StoreError, StoreWriteError
from desktop_app.storage.postgres import add_user, open_server_store

A, B, C = "freedom-of-expression", "arbitrary-detention", "health"


@pytest.fixture
def teams(pg_db, opened, new_record):
    """Team A's drafter, translator and reviewer, team B's drafter, and their cases: A's own,
    B's own, and B's joint letter co-signed by A."""
    people = {
        "ada": pg_db.person("ada", "drafter", [A]),
        "tom": pg_db.person("tom", "translator", [A]),
        "rei": pg_db.person("rei", "reviewer", [A]),
        "bob": pg_db.person("bob", "drafter", [B]),
        "amy": pg_db.person("amy", "admin", []),
    }
    ada, bob = opened(people["ada"][1]), opened(people["bob"][1])
    cases = {
        "a": ada.save(new_record(id="case-a", mandates=[A]), base_revision=None),
        "b": bob.save(new_record(id="case-b", mandates=[B]), base_revision=None),
        "joint": bob.save(new_record(id="case-joint", mandates=[B, A]), base_revision=None),
        "c": opened(pg_db.admin_dsn).save(new_record(id="case-c", mandates=[C]),
                                          base_revision=None),
    }
    return people, cases


def _ids(store) -> set[str]:
    return {s.id for s in store.list()}


def test_a_person_sees_their_team_and_the_letters_it_co_signs(teams, opened) -> None:
    people, _ = teams
    assert _ids(opened(people["ada"][1])) == {"case-a", "case-joint"}
    assert _ids(opened(people["tom"][1])) == {"case-a", "case-joint"}
    assert _ids(opened(people["bob"][1])) == {"case-b", "case-joint"}
    assert _ids(opened(people["amy"][1])) == {"case-a", "case-b", "case-joint", "case-c"}
    ada = opened(people["ada"][1])
    assert ada.find("case-b") is None and ada.list(CaseQuery(text="case-b")) == []
    assert ada.references() == []  # none of them has a number yet: they would be listed


def test_plain_sql_cannot_read_another_teams_case(teams) -> None:
    people, _ = teams
    with psycopg.connect(people["ada"][1], autocommit=True) as conn:
        seen = {r[0] for r in conn.execute("SELECT id FROM commdraft.cases")}
        assert seen == {"case-a", "case-joint"}
        assert conn.execute("SELECT count(*) FROM commdraft.revisions r JOIN commdraft.cases c "
                            "ON c.key = r.case_key WHERE c.id = 'case-b'").fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM commdraft.revisions").fetchone() == (2,)
        # The joint letter is read, not changed: the update finds no row it may change.
        done = conn.execute("UPDATE commdraft.cases SET status = 'sent' WHERE id = 'case-joint'")
        assert done.rowcount == 0
        done = conn.execute("UPDATE commdraft.cases SET status = 'sent' WHERE id = 'case-b'")
        assert done.rowcount == 0
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # moved to another team
            conn.execute("UPDATE commdraft.cases SET record = jsonb_set(record, '{mandates}', "
                         "'[\"arbitrary-detention\"]') WHERE id = 'case-a'")
        assert conn.execute("SELECT role_name FROM commdraft.team_members").fetchall() == [
            (people["ada"][0],)]
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("INSERT INTO commdraft.team_members VALUES (%s, %s)",
                         (people["ada"][0], B))


def test_plain_sql_cannot_change_a_case_without_a_revision(teams) -> None:
    people, _ = teams
    with psycopg.connect(people["ada"][1]) as conn:
        with pytest.raises(psycopg.errors.IntegrityConstraintViolation):
            with conn.transaction():
                conn.execute("UPDATE commdraft.cases SET record = record || '{\"status\": "
                             "\"sent\"}', status = 'sent' WHERE id = 'case-a'")


def test_revisions_are_never_changed_or_removed(teams, pg_db) -> None:
    people, _ = teams
    for dsn in (people["ada"][1], pg_db.admin_dsn):  # not even by the superuser
        with psycopg.connect(dsn, autocommit=True) as conn:
            with pytest.raises((psycopg.errors.InsufficientPrivilege,)):
                conn.execute("UPDATE commdraft.revisions SET record = '{}'")
            with pytest.raises((psycopg.errors.InsufficientPrivilege,)):
                conn.execute("DELETE FROM commdraft.revisions")
            with pytest.raises((psycopg.errors.InsufficientPrivilege,)):
                conn.execute("TRUNCATE commdraft.revisions")


def test_a_joint_letter_is_read_but_not_changed_through_the_store(teams, opened) -> None:
    people, cases = teams
    ada = opened(people["ada"][1])
    joint = ada.get("case-joint")
    assert joint == cases["joint"]
    with pytest.raises(StoreWriteError) as info:
        ada.save({**joint, "status": "in_review"}, base_revision=1)
    assert info.value.code == "store.forbidden" and "case-joint" in str(info.value)
    with pytest.raises(StoreWriteError):
        ada.delete("case-joint", base_revision=1)
    assert opened(people["bob"][1]).get("case-joint")["revision"] == 1


def test_translators_and_reviewers_change_but_do_not_create_or_delete(teams, opened,
                                                                        new_record) -> None:
    people, cases = teams
    for name in ("tom", "rei"):
        person = opened(people[name][1])
        with pytest.raises(StoreWriteError) as info:
            person.save(new_record(mandates=[A]), base_revision=None)
        assert info.value.code == "store.forbidden"
        assert f"{people[name][0]} (" in str(info.value)  # says who
        case = person.get("case-a")
        person.save({**case, "status": "in_review"}, base_revision=case["revision"])
        with pytest.raises(StoreWriteError):
            person.delete("case-a", base_revision=case["revision"] + 1)
    with psycopg.connect(people["tom"][1], autocommit=True) as conn:  # nor with plain SQL
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("UPDATE commdraft.cases SET deleted_at = now() WHERE id = 'case-a'")


def test_every_revision_records_who_saved_it(teams, opened) -> None:
    people, _ = teams
    tom = opened(people["tom"][1])
    case = tom.get("case-a")
    tom.save({**case, "status": "in_review"}, base_revision=1)
    assert [(r, by) for r, _, by in tom.history_by("case-a")] == [
        (1, people["ada"][0]), (2, people["tom"][0])]
    assert [h.revision for h in tom.history("case-a")] == [1, 2]
    with psycopg.connect(people["tom"][1]) as conn:  # saved_by cannot be forged
        with pytest.raises(psycopg.errors.IntegrityConstraintViolation), conn.transaction():
            conn.execute("INSERT INTO commdraft.revisions (case_key, revision, record, saved_at,"
                         " saved_by) SELECT key, 3, record, clock_timestamp(), 'ada' "
                         "FROM commdraft.cases WHERE id = 'case-a'")


def test_references_are_shared_by_every_team(teams, opened, new_record) -> None:
    people, _ = teams
    ada, bob = opened(people["ada"][1]), opened(people["bob"][1])
    ada.save(new_record(mandates=[A], reference="AL KAZ 1/2024"), base_revision=None)
    assert bob.references() == ["AL KAZ 1/2024"]  # the number, not the case
    assert bob.find("AL KAZ 1/2024") is None
    with pytest.raises(Exception) as info:  # DuplicateReferenceError, owner not named
        bob.save(new_record(mandates=[B], reference="UA KAZ 1/2024"), base_revision=None)
    assert getattr(info.value, "code", None) == "reference.taken"
    assert "another team" in str(info.value)


def test_the_roles_a_person_has(teams, opened, pg_db) -> None:
    people, _ = teams
    assert opened(people["tom"][1]).role == f"{people['tom'][0]} (translator)"
    assert opened(people["amy"][1]).role == f"{people['amy'][0]} (admin)"
    # A change of role and mandates takes effect at the next login.
    add_user(pg_db.admin_dsn, people["tom"][0], role="drafter", mandates=[C],
             password=pg_db.people[people["tom"][0]])
    assert _ids(opened(people["tom"][1])) == {"case-c"}


def test_a_login_outside_the_groups_or_with_a_wrong_password_is_refused(pg_db) -> None:
    with psycopg.connect(pg_db.admin_dsn, autocommit=True) as conn:
        conn.execute("CREATE ROLE nobody_x LOGIN PASSWORD 'pw'")
    pg_db.people["nobody_x"] = "pw"
    with pytest.raises(StoreError) as info:
        open_server_store(pg_db.cluster.dsn("nobody_x", pg_db.name, password="pw"))
    assert info.value.code == "store.server_login" and "none of the store's groups" in str(
        info.value)
    _, dsn = pg_db.person("eve", "drafter", [A])
    with pytest.raises(StoreError) as info:
        open_server_store(dsn.replace("password=pw-", "password=wrong-"))
    assert info.value.code == "store.server_login"
    with pytest.raises(ValueError):
        add_user(pg_db.admin_dsn, "Bad Name", role="drafter", mandates=[])
    with pytest.raises(ValueError):
        add_user(pg_db.admin_dsn, "carl", role="boss", mandates=[])
