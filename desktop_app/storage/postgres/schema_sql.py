"""The SQL of the team store's schema (migration 1), everything in the schema ``commdraft``.

Tables: ``cases`` (one row per case: the latest record and the columns the list shows; a
deleted case keeps its row with ``deleted_at`` set, so its history stays), ``revisions``
(every save, append-only), ``conflicts`` (records kept by refused saves), ``team_members``
(the mandates of each person's role). ``mandates`` and ``lead_mandate`` are generated from the
record, so the columns row security reads cannot be set apart from the case.

Who may do what, enforced by the server whatever the client (plain SQL included):

* a person reads and changes the cases whose lead mandate (the first) is one of their team's,
  and the cases without a mandate they created; reads, but does not change, the cases whose
  mandates include one of theirs (joint letters); sees nothing else;
* only drafters and administrators create, delete and restore cases (``INSERT`` is granted to
  them only; the guard trigger refuses a change of ``deleted_at`` by anyone else);
* administrators (members of ``commdraft_admin``) see and change everything;
* revisions are never changed or removed (no grant, and a trigger for the owner too); each
  records ``saved_by`` = ``current_user`` and, unless an administrator imports history, is
  stamped at the time of its save; a case row always equals its latest revision (a deferred
  check at commit);
* a reference number (State, number, year, across kinds) belongs to one live case: a unique
  index, which sees every row whatever the reader may see.
"""

from __future__ import annotations

GROUPS = ("commdraft_drafter", "commdraft_translator", "commdraft_reviewer", "commdraft_admin")
_ALL = ", ".join(GROUPS)

_ADMIN = "pg_has_role(current_user, 'commdraft_admin', 'MEMBER')"
_DRAFTS = f"(pg_has_role(current_user, 'commdraft_drafter', 'MEMBER') OR {_ADMIN})"
_MINE = ("ARRAY(SELECT m.mandate FROM commdraft.team_members m "
         "WHERE m.role_name = current_user)")


def _owns(t: str) -> str:
    return (f"({_ADMIN} OR {t}lead_mandate = ANY ({_MINE}) "
            f"OR ({t}lead_mandate IS NULL AND {t}created_by = current_user))")


def _reads(t: str) -> str:
    return f"({_owns(t)} OR {t}mandates && {_MINE})"


ROLES_SQL = """
DO $$
DECLARE g text;
BEGIN
  FOREACH g IN ARRAY ARRAY['commdraft_drafter', 'commdraft_translator', 'commdraft_reviewer',
                           'commdraft_admin'] LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = g) THEN
      EXECUTE format('CREATE ROLE %I NOLOGIN', g);
    END IF;
  END LOOP;
  -- The owner of the functions below must see every case (SECURITY DEFINER).
  IF NOT pg_has_role(current_user, 'commdraft_admin', 'MEMBER') THEN
    EXECUTE format('GRANT commdraft_admin TO %I', current_user);
  END IF;
END $$;
"""

BOOTSTRAP_SQL = f"""
CREATE SCHEMA IF NOT EXISTS commdraft;
CREATE TABLE IF NOT EXISTS commdraft.schema_migrations (
  version integer PRIMARY KEY,
  description text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  applied_by text NOT NULL DEFAULT current_user
);
GRANT USAGE ON SCHEMA commdraft TO {_ALL};
GRANT SELECT ON commdraft.schema_migrations TO {_ALL};
"""

TABLES_SQL = """
CREATE FUNCTION commdraft.text_items(items jsonb) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(item #>> '{}' ORDER BY n), '{}')
  FROM jsonb_array_elements(CASE WHEN jsonb_typeof(items) = 'array' THEN items
                                 ELSE '[]'::jsonb END) WITH ORDINALITY AS t(item, n)
  WHERE jsonb_typeof(item) = 'string'
$$;

CREATE TABLE commdraft.team_members (
  role_name text NOT NULL,
  mandate text NOT NULL,
  PRIMARY KEY (role_name, mandate)
);

CREATE TABLE commdraft.cases (
  key bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id text NOT NULL CHECK (id ~ '^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,63}$'),
  revision integer NOT NULL CHECK (revision >= 1),
  record jsonb NOT NULL,
  reference text,
  ref_state text,
  ref_number integer,
  ref_year integer,
  kind text,
  state text,
  recipient_name text,
  status text,
  year integer,
  mandates text[] GENERATED ALWAYS AS (commdraft.text_items(record -> 'mandates')) STORED,
  lead_mandate text GENERATED ALWAYS AS ((commdraft.text_items(record -> 'mandates'))[1])
    STORED,
  sent text,
  reply text,
  topic text NOT NULL DEFAULT '',
  search_text text NOT NULL DEFAULT '',
  saved_at timestamptz NOT NULL,
  saved_by text NOT NULL DEFAULT current_user,
  created_by text NOT NULL DEFAULT current_user,
  deleted_at timestamptz,
  deleted_by text,
  CHECK (record ->> 'id' = id AND (record ->> 'revision')::integer = revision)
);
CREATE UNIQUE INDEX cases_live_id ON commdraft.cases (lower(id)) WHERE deleted_at IS NULL;
CREATE INDEX cases_id ON commdraft.cases (id, deleted_at);
CREATE UNIQUE INDEX cases_live_reference ON commdraft.cases (ref_state, ref_number, ref_year)
  WHERE deleted_at IS NULL;
CREATE INDEX cases_saved_at ON commdraft.cases (saved_at DESC, id DESC)
  WHERE deleted_at IS NULL;
CREATE INDEX cases_state ON commdraft.cases (upper(state)) WHERE deleted_at IS NULL;
CREATE INDEX cases_kind ON commdraft.cases (upper(kind)) WHERE deleted_at IS NULL;
CREATE INDEX cases_status ON commdraft.cases (status) WHERE deleted_at IS NULL;
CREATE INDEX cases_year ON commdraft.cases (year) WHERE deleted_at IS NULL;
CREATE INDEX cases_lead_mandate ON commdraft.cases (lead_mandate);
CREATE INDEX cases_mandates ON commdraft.cases USING gin (mandates);

CREATE TABLE commdraft.revisions (
  case_key bigint NOT NULL REFERENCES commdraft.cases (key),
  revision integer NOT NULL CHECK (revision >= 1),
  record jsonb NOT NULL,
  saved_at timestamptz NOT NULL,
  saved_by text NOT NULL DEFAULT current_user,
  PRIMARY KEY (case_key, revision)
);

CREATE TABLE commdraft.conflicts (
  serial bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id text NOT NULL,
  base_revision integer,
  record jsonb NOT NULL,
  kept_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  kept_by text NOT NULL DEFAULT current_user
);
CREATE INDEX conflicts_kept_by ON commdraft.conflicts (kept_by);
"""

TRIGGERS_SQL = f"""
CREATE FUNCTION commdraft.cases_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    NEW.created_by := current_user;
    NEW.saved_by := current_user;
    NEW.deleted_at := NULL;
    NEW.deleted_by := NULL;
    RETURN NEW;
  END IF;
  IF NEW.key <> OLD.key OR NEW.id <> OLD.id THEN
    RAISE EXCEPTION 'the id of a case cannot change' USING ERRCODE = 'check_violation';
  END IF;
  NEW.created_by := OLD.created_by;
  IF NEW.deleted_at IS DISTINCT FROM OLD.deleted_at THEN
    IF NOT {_DRAFTS} THEN
      RAISE EXCEPTION 'only drafters and administrators delete or restore cases'
        USING ERRCODE = 'insufficient_privilege';
    END IF;
    NEW.deleted_by := CASE WHEN NEW.deleted_at IS NULL THEN NULL ELSE current_user END;
  ELSE
    NEW.deleted_by := OLD.deleted_by;
  END IF;
  IF NEW.revision <> OLD.revision OR NEW.record IS DISTINCT FROM OLD.record THEN
    NEW.saved_by := current_user;
  ELSE
    NEW.saved_by := OLD.saved_by;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER cases_guard BEFORE INSERT OR UPDATE ON commdraft.cases
  FOR EACH ROW EXECUTE FUNCTION commdraft.cases_guard();

CREATE FUNCTION commdraft.revisions_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    RAISE EXCEPTION 'revisions are kept as they were saved: they are never changed or removed'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  NEW.saved_by := current_user;
  IF NOT {_ADMIN} AND (NEW.saved_at < now() OR NEW.saved_at > clock_timestamp()) THEN
    RAISE EXCEPTION 'a revision is stamped with the time of its save'
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER revisions_guard BEFORE INSERT OR UPDATE OR DELETE ON commdraft.revisions
  FOR EACH ROW EXECUTE FUNCTION commdraft.revisions_guard();
CREATE TRIGGER revisions_no_truncate BEFORE TRUNCATE ON commdraft.revisions
  FOR EACH STATEMENT EXECUTE FUNCTION commdraft.revisions_guard();

CREATE FUNCTION commdraft.case_matches_history() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  k bigint := coalesce((to_jsonb(NEW) ->> 'case_key')::bigint, (to_jsonb(NEW) ->> 'key')::bigint);
  c record;
BEGIN
  SELECT x.revision, x.record, x.saved_at INTO c FROM commdraft.cases x WHERE x.key = k;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM commdraft.revisions r WHERE r.case_key = k
                 AND r.revision = c.revision AND r.record = c.record AND r.saved_at = c.saved_at)
     OR EXISTS (SELECT 1 FROM commdraft.revisions r WHERE r.case_key = k
                AND r.revision > c.revision) THEN
    RAISE EXCEPTION 'case % does not match its latest revision: a case is changed by saving a '
                    'new revision', k USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER cases_match_history AFTER INSERT OR UPDATE ON commdraft.cases
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
  EXECUTE FUNCTION commdraft.case_matches_history();
CREATE CONSTRAINT TRIGGER revisions_match_case AFTER INSERT ON commdraft.revisions
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
  EXECUTE FUNCTION commdraft.case_matches_history();

-- Every client hears of every change (LISTEN commdraft_cases); the payload is the origin
-- token of the writing connection, so a store can tell its own saves from others'.
CREATE FUNCTION commdraft.cases_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('commdraft_cases', coalesce(current_setting('commdraft.origin', true), ''));
  RETURN NULL;
END $$;
CREATE TRIGGER cases_notify AFTER INSERT OR UPDATE OR DELETE ON commdraft.cases
  FOR EACH STATEMENT EXECUTE FUNCTION commdraft.cases_notify();

-- Reference numbers are the registry's, shared by every team: all of them are readable, the
-- cases that carry them are not.
CREATE FUNCTION commdraft.all_references() RETURNS SETOF text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  SELECT c.reference FROM commdraft.cases c
  WHERE c.deleted_at IS NULL AND c.reference IS NOT NULL ORDER BY c.reference
$$;
-- Live case ids folding to ``wanted`` whatever the team (an id is unique across teams).
CREATE FUNCTION commdraft.live_ids_like(wanted text)
RETURNS TABLE (id text, revision integer, saved_at timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  SELECT c.id, c.revision, c.saved_at FROM commdraft.cases c
  WHERE lower(c.id) = lower(wanted) AND c.deleted_at IS NULL
$$;
REVOKE ALL ON FUNCTION commdraft.all_references() FROM PUBLIC;
REVOKE ALL ON FUNCTION commdraft.live_ids_like(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION commdraft.all_references() TO {_ALL};
GRANT EXECUTE ON FUNCTION commdraft.live_ids_like(text) TO {_ALL};
"""

POLICIES_SQL = f"""
ALTER TABLE commdraft.cases ENABLE ROW LEVEL SECURITY;
ALTER TABLE commdraft.cases FORCE ROW LEVEL SECURITY;
ALTER TABLE commdraft.revisions ENABLE ROW LEVEL SECURITY;
ALTER TABLE commdraft.revisions FORCE ROW LEVEL SECURITY;
ALTER TABLE commdraft.conflicts ENABLE ROW LEVEL SECURITY;
ALTER TABLE commdraft.conflicts FORCE ROW LEVEL SECURITY;
ALTER TABLE commdraft.team_members ENABLE ROW LEVEL SECURITY;
ALTER TABLE commdraft.team_members FORCE ROW LEVEL SECURITY;

CREATE POLICY cases_read ON commdraft.cases FOR SELECT USING {_reads("")};
CREATE POLICY cases_create ON commdraft.cases FOR INSERT
  WITH CHECK ({_DRAFTS} AND {_owns("")});
CREATE POLICY cases_change ON commdraft.cases FOR UPDATE USING {_owns("")}
  WITH CHECK {_owns("")};

CREATE POLICY revisions_read ON commdraft.revisions FOR SELECT
  USING (EXISTS (SELECT 1 FROM commdraft.cases c WHERE c.key = case_key));
CREATE POLICY revisions_add ON commdraft.revisions FOR INSERT
  WITH CHECK (EXISTS (SELECT 1 FROM commdraft.cases c WHERE c.key = case_key
                      AND {_owns("c.")}));

CREATE POLICY conflicts_own ON commdraft.conflicts
  USING (kept_by = current_user OR {_ADMIN}) WITH CHECK (kept_by = current_user);

CREATE POLICY team_read ON commdraft.team_members FOR SELECT
  USING (role_name = current_user OR {_ADMIN});
CREATE POLICY team_manage ON commdraft.team_members USING ({_ADMIN}) WITH CHECK ({_ADMIN});

GRANT SELECT ON commdraft.cases, commdraft.revisions, commdraft.conflicts,
  commdraft.team_members TO {_ALL};
GRANT UPDATE ON commdraft.cases TO {_ALL};
GRANT INSERT ON commdraft.revisions, commdraft.conflicts TO {_ALL};
GRANT INSERT ON commdraft.cases TO commdraft_drafter, commdraft_admin;
GRANT INSERT, UPDATE, DELETE ON commdraft.team_members TO commdraft_admin;
"""


#: Migration 4 (see migrations._indexable_reads).
INDEXABLE_READS_SQL = f"""
DROP POLICY cases_read ON commdraft.cases;
CREATE POLICY cases_read_admin ON commdraft.cases FOR SELECT TO commdraft_admin USING (true);
CREATE POLICY cases_read_team ON commdraft.cases FOR SELECT
  TO commdraft_drafter, commdraft_translator, commdraft_reviewer
  USING (mandates && {_MINE} OR (lead_mandate IS NULL AND created_by = current_user));
ALTER TABLE commdraft.cases
  ADD COLUMN state_key text GENERATED ALWAYS AS (upper(state)) STORED,
  ADD COLUMN kind_key text GENERATED ALWAYS AS (upper(kind)) STORED;
DROP INDEX commdraft.cases_state;
DROP INDEX commdraft.cases_kind;
CREATE INDEX cases_state_key ON commdraft.cases (state_key) WHERE deleted_at IS NULL;
CREATE INDEX cases_kind_key ON commdraft.cases (kind_key) WHERE deleted_at IS NULL;
CREATE FUNCTION commdraft.references_of(ref_state text, ref_year integer) RETURNS SETOF text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  SELECT c.reference FROM commdraft.cases c  -- $1, $2: columns would shadow the names
  WHERE c.deleted_at IS NULL AND c.ref_state = $1 AND c.ref_year = $2
$$;
REVOKE ALL ON FUNCTION commdraft.references_of(text, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION commdraft.references_of(text, integer) TO {_ALL};
"""
