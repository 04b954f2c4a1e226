//! The SQL of every migration, in order: the schema's history.
//!
//! Append-only: a migration that has shipped is never edited (the pinned
//! hashes in `super::tests` check it); a new one is added at the end with
//! a comment saying why.

/// Migration `n` (1-based) is `MIGRATIONS[n - 1]`.
pub(super) const MIGRATIONS: &[&str] = &[
    // 1: the foundation caseload.
    r#"
    CREATE TABLE workers (
        id           INTEGER PRIMARY KEY,
        username     TEXT NOT NULL UNIQUE CHECK (username <> ''),
        display_name TEXT NOT NULL CHECK (display_name <> ''),
        role         TEXT NOT NULL,
        team         TEXT
    );

    CREATE TABLE children (
        id                 INTEGER PRIMARY KEY,
        ref                TEXT NOT NULL UNIQUE CHECK (ref <> ''),
        given_name         TEXT NOT NULL CHECK (given_name <> ''),
        family_name        TEXT NOT NULL CHECK (family_name <> ''),
        date_of_birth      TEXT CHECK (date_of_birth IS date(date_of_birth)),
        gender             TEXT,
        ethnicity          TEXT,
        religion           TEXT,
        disabled           INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
        disability_note    TEXT,
        legal_status       TEXT NOT NULL DEFAULT 'none'
                           CHECK (legal_status IN ('none','s20','ico','co','po','iso','so','sgo','cao')),
        placement_type     TEXT,
        looked_after_since TEXT CHECK (looked_after_since IS date(looked_after_since)),
        worker_id          INTEGER REFERENCES workers(id),
        team               TEXT,
        iro_id             INTEGER REFERENCES workers(id),
        rag                TEXT CHECK (rag IN ('red','amber','yellow','green')),
        sibling_group      TEXT,
        -- Bumped on every change: the basis for spotting concurrent edits.
        version            INTEGER NOT NULL DEFAULT 1
    );
    CREATE INDEX children_by_name ON children (family_name, given_name);
    CREATE INDEX children_by_worker ON children (worker_id);
    CREATE INDEX children_by_sibling_group ON children (sibling_group) WHERE sibling_group IS NOT NULL;

    CREATE TABLE carers (
        id               INTEGER PRIMARY KEY,
        name             TEXT NOT NULL CHECK (name <> ''),
        relationship     TEXT NOT NULL,
        connected_person INTEGER NOT NULL CHECK (connected_person IN (0, 1))
    );

    CREATE TABLE child_carers (
        child_id INTEGER NOT NULL REFERENCES children(id) ON DELETE CASCADE,
        carer_id INTEGER NOT NULL REFERENCES carers(id) ON DELETE CASCADE,
        PRIMARY KEY (child_id, carer_id)
    ) WITHOUT ROWID;
    CREATE INDEX child_carers_by_carer ON child_carers (carer_id);
    "#,
    // 2: plans, recorded events and done items: the timeline's facts.
    r#"
    CREATE TABLE plans (
        id       INTEGER PRIMARY KEY,
        child_id INTEGER NOT NULL REFERENCES children(id) ON DELETE CASCADE,
        pathway  TEXT NOT NULL CHECK (pathway <> ''),
        role     TEXT NOT NULL CHECK (role IN ('primary', 'contingency')),
        start    TEXT NOT NULL CHECK (start IS date(start)),
        stage    TEXT NOT NULL CHECK (stage IN ('pre-proceedings', 'proceedings', 'looked-after')),
        status   TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'closed')),
        version  INTEGER NOT NULL DEFAULT 1
    );
    CREATE INDEX plans_by_child ON plans (child_id);
    -- One plan leads at a time; a replaced primary is closed, not deleted.
    CREATE UNIQUE INDEX one_active_primary ON plans (child_id) WHERE role = 'primary' AND status = 'active';

    CREATE TABLE events (
        id       INTEGER PRIMARY KEY,
        child_id INTEGER NOT NULL REFERENCES children(id) ON DELETE CASCADE,
        event    TEXT NOT NULL CHECK (event <> ''),
        on_date  TEXT NOT NULL CHECK (on_date IS date(on_date)),
        UNIQUE (child_id, event, on_date)
    );
    CREATE INDEX events_by_child ON events (child_id);

    CREATE TABLE done_items (
        plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
        key     TEXT NOT NULL CHECK (key <> ''),
        done_on TEXT NOT NULL CHECK (done_on IS date(done_on)),
        note    TEXT,
        PRIMARY KEY (plan_id, key)
    ) WITHOUT ROWID;
    "#,
    // 3: items added by hand to a plan, beside the pathway's.
    r#"
    CREATE TABLE adhoc_items (
        id          INTEGER PRIMARY KEY,
        plan_id     INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
        title       TEXT NOT NULL CHECK (title <> ''),
        target      TEXT NOT NULL CHECK (target IS date(target)),
        responsible TEXT
    );
    CREATE INDEX adhoc_items_by_plan ON adhoc_items (plan_id);
    "#,
    // 4: the audit trail. Append-only: the database itself refuses to
    // change or remove an entry, and each entry's hash covers the one
    // before, so a change made around SQLite shows in `permanence check`.
    r#"
    CREATE TABLE audit (
        id        INTEGER PRIMARY KEY,
        at        TEXT NOT NULL,
        user      TEXT NOT NULL,
        os_user   TEXT NOT NULL,
        action    TEXT NOT NULL,
        entity    TEXT NOT NULL,
        ref       TEXT,
        entity_id TEXT,
        before    TEXT,
        after     TEXT,
        prev_hash TEXT NOT NULL,
        hash      TEXT NOT NULL UNIQUE
    );
    CREATE INDEX audit_by_ref ON audit (ref) WHERE ref IS NOT NULL;
    CREATE TRIGGER audit_is_append_only_update BEFORE UPDATE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit trail cannot be changed'); END;
    CREATE TRIGGER audit_is_append_only_delete BEFORE DELETE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit trail cannot be changed'); END;
    "#,
    // 5: drafts: what a user was typing when their terminal went away,
    // kept for them to finish. Their own scratch, not the record.
    r#"
    CREATE TABLE drafts (
        user     TEXT NOT NULL,
        purpose  TEXT NOT NULL,
        fields   TEXT NOT NULL,
        saved_at TEXT NOT NULL,
        PRIMARY KEY (user, purpose)
    ) WITHOUT ROWID;
    "#,
    // 6: forms. A submitted form is never changed: an amendment is a new
    // version in the same series, and earlier versions stay readable.
    r#"
    CREATE TABLE forms (
        id           INTEGER PRIMARY KEY,
        child_id     INTEGER NOT NULL REFERENCES children(id) ON DELETE CASCADE,
        kind         TEXT NOT NULL CHECK (kind <> ''),
        series       INTEGER NOT NULL,
        version      INTEGER NOT NULL CHECK (version >= 1),
        status       TEXT NOT NULL CHECK (status IN ('draft', 'submitted')),
        data         TEXT NOT NULL,
        created_by   TEXT NOT NULL,
        updated_at   TEXT NOT NULL,
        submitted_at TEXT,
        UNIQUE (series, version)
    );
    CREATE INDEX forms_by_child ON forms (child_id, kind);
    -- A worker has at most one open draft of a kind for a child.
    CREATE UNIQUE INDEX one_draft_each ON forms (child_id, kind, created_by) WHERE status = 'draft';
    CREATE TRIGGER submitted_forms_are_never_edited BEFORE UPDATE OF data, status ON forms
        WHEN OLD.status = 'submitted'
        BEGIN SELECT RAISE(ABORT, 'a submitted form is never edited: amend it, making a new version'); END;

    -- Steps of a form's route (sign-offs, QA), each recorded once.
    CREATE TABLE form_steps (
        form_id INTEGER NOT NULL REFERENCES forms(id) ON DELETE CASCADE,
        step    TEXT NOT NULL,
        by_user TEXT NOT NULL,
        at      TEXT NOT NULL,
        note    TEXT,
        PRIMARY KEY (form_id, step)
    ) WITHOUT ROWID;
    "#,
    // 7: tracker meetings: what was said about each child, and the
    // actions agreed (each also an item on the child's plan).
    r#"
    CREATE TABLE tracker_meetings (
        id         INTEGER PRIMARY KEY,
        tracker    TEXT NOT NULL CHECK (tracker <> ''),
        held_on    TEXT NOT NULL,
        chair      TEXT NOT NULL,
        started_at TEXT NOT NULL
    );
    CREATE TABLE tracker_discussions (
        meeting_id  INTEGER NOT NULL REFERENCES tracker_meetings(id) ON DELETE CASCADE,
        child_id    INTEGER NOT NULL REFERENCES children(id) ON DELETE CASCADE,
        position    INTEGER NOT NULL,
        rag         TEXT CHECK (rag IN ('red', 'amber', 'yellow', 'green')),
        note        TEXT,
        next_review TEXT,
        PRIMARY KEY (meeting_id, child_id)
    ) WITHOUT ROWID;
    CREATE TABLE tracker_actions (
        id         INTEGER PRIMARY KEY,
        meeting_id INTEGER NOT NULL REFERENCES tracker_meetings(id) ON DELETE CASCADE,
        child_id   INTEGER NOT NULL REFERENCES children(id) ON DELETE CASCADE,
        what       TEXT NOT NULL CHECK (what <> ''),
        owner      TEXT,
        due        TEXT NOT NULL,
        item_key   TEXT
    );
    CREATE INDEX tracker_actions_by_meeting ON tracker_actions (meeting_id, child_id);
    "#,
    // 8: what a tracker decides beyond the RAG (an SGO case's stage, a
    // care order's future, a kinship category) and the barriers carers
    // name, one per line.
    r#"
    ALTER TABLE tracker_discussions ADD COLUMN stage TEXT;
    ALTER TABLE tracker_discussions ADD COLUMN barriers TEXT;
    "#,
    // 9: the caseload's whole order in one index, so listing every child
    // is one ordered scan with no sort (measured: the first frame at
    // 100,000 children is mostly this query).
    r#"
    CREATE INDEX children_in_caseload_order ON children (family_name, given_name, ref);
    DROP INDEX children_by_name;
    "#,
    // 10: each child's timeline worked out ahead and stored (its open
    // items only), so that the caseload's summaries and the reports read
    // it instead of working out every child's timeline again. Derived
    // data: the triggers mark a child's stored timeline stale, in the
    // same transaction, whenever anything it is worked out from changes,
    // and whoever writes next (or reports) works it out again.
    r#"
    CREATE TABLE stored_timelines (
        child_id    INTEGER PRIMARY KEY REFERENCES children(id) ON DELETE CASCADE,
        -- The pathways, calendar and rules it was worked out with.
        library     TEXT NOT NULL,
        worked_out_for TEXT NOT NULL,
        -- The days it holds on: from seen_from (NULL: any day before)
        -- up to but not including seen_until (NULL: for ever).
        seen_from   TEXT,
        seen_until  TEXT
    );
    -- Kept in the overdue report's order (earliest due first, then by
    -- reference, then in timeline order), so that report is one ordered
    -- scan of this table alone, with no sort: the child's reference and
    -- name and the plan's name are copied in for it (a change to a name
    -- or a plan makes the child stale; pathway titles are in the library
    -- fingerprint).
    CREATE TABLE stored_items (
        -- The earlier of target and deadline, what "overdue" is judged
        -- by; '~' (after every date) for an item with neither yet.
        due         TEXT NOT NULL,
        reference   TEXT NOT NULL,
        -- Its place in the child's timeline: plans in order, items by date.
        position    INTEGER NOT NULL,
        child_id    INTEGER NOT NULL REFERENCES stored_timelines(child_id) ON DELETE CASCADE,
        plan_id     INTEGER NOT NULL,
        -- "Given Family", and "Pathway title (role)", as reports name them.
        child       TEXT NOT NULL,
        plan        TEXT NOT NULL,
        key         TEXT NOT NULL,
        title       TEXT NOT NULL,
        responsible TEXT,
        target      TEXT,
        deadline    TEXT,
        -- The first day the item is in the timeline (NULL: every day).
        shown_from  TEXT,
        PRIMARY KEY (due, reference, position)
    ) WITHOUT ROWID;
    CREATE INDEX stored_items_by_child ON stored_items (child_id, position);
    CREATE TABLE stale_timelines (child_id INTEGER PRIMARY KEY);

    CREATE TRIGGER stale_on_plan_insert AFTER INSERT ON plans BEGIN
        DELETE FROM stored_timelines WHERE child_id = NEW.child_id;
        INSERT OR IGNORE INTO stale_timelines VALUES (NEW.child_id);
    END;
    CREATE TRIGGER stale_on_plan_update AFTER UPDATE ON plans BEGIN
        DELETE FROM stored_timelines WHERE child_id IN (OLD.child_id, NEW.child_id);
        INSERT OR IGNORE INTO stale_timelines VALUES (OLD.child_id);
        INSERT OR IGNORE INTO stale_timelines VALUES (NEW.child_id);
    END;
    CREATE TRIGGER stale_on_plan_delete AFTER DELETE ON plans BEGIN
        DELETE FROM stored_timelines WHERE child_id = OLD.child_id;
        INSERT OR IGNORE INTO stale_timelines VALUES (OLD.child_id);
    END;
    CREATE TRIGGER stale_on_event_insert AFTER INSERT ON events BEGIN
        DELETE FROM stored_timelines WHERE child_id = NEW.child_id;
        INSERT OR IGNORE INTO stale_timelines VALUES (NEW.child_id);
    END;
    CREATE TRIGGER stale_on_event_update AFTER UPDATE ON events BEGIN
        DELETE FROM stored_timelines WHERE child_id IN (OLD.child_id, NEW.child_id);
        INSERT OR IGNORE INTO stale_timelines VALUES (OLD.child_id);
        INSERT OR IGNORE INTO stale_timelines VALUES (NEW.child_id);
    END;
    CREATE TRIGGER stale_on_event_delete AFTER DELETE ON events BEGIN
        DELETE FROM stored_timelines WHERE child_id = OLD.child_id;
        INSERT OR IGNORE INTO stale_timelines VALUES (OLD.child_id);
    END;
    CREATE TRIGGER stale_on_done_insert AFTER INSERT ON done_items BEGIN
        DELETE FROM stored_timelines WHERE child_id = (SELECT child_id FROM plans WHERE id = NEW.plan_id);
        INSERT OR IGNORE INTO stale_timelines SELECT child_id FROM plans WHERE id = NEW.plan_id;
    END;
    CREATE TRIGGER stale_on_done_update AFTER UPDATE ON done_items BEGIN
        DELETE FROM stored_timelines
            WHERE child_id IN (SELECT child_id FROM plans WHERE id IN (OLD.plan_id, NEW.plan_id));
        INSERT OR IGNORE INTO stale_timelines
            SELECT child_id FROM plans WHERE id IN (OLD.plan_id, NEW.plan_id);
    END;
    CREATE TRIGGER stale_on_done_delete AFTER DELETE ON done_items BEGIN
        DELETE FROM stored_timelines WHERE child_id = (SELECT child_id FROM plans WHERE id = OLD.plan_id);
        INSERT OR IGNORE INTO stale_timelines SELECT child_id FROM plans WHERE id = OLD.plan_id;
    END;
    CREATE TRIGGER stale_on_adhoc_insert AFTER INSERT ON adhoc_items BEGIN
        DELETE FROM stored_timelines WHERE child_id = (SELECT child_id FROM plans WHERE id = NEW.plan_id);
        INSERT OR IGNORE INTO stale_timelines SELECT child_id FROM plans WHERE id = NEW.plan_id;
    END;
    CREATE TRIGGER stale_on_adhoc_update AFTER UPDATE ON adhoc_items BEGIN
        DELETE FROM stored_timelines
            WHERE child_id IN (SELECT child_id FROM plans WHERE id IN (OLD.plan_id, NEW.plan_id));
        INSERT OR IGNORE INTO stale_timelines
            SELECT child_id FROM plans WHERE id IN (OLD.plan_id, NEW.plan_id);
    END;
    CREATE TRIGGER stale_on_adhoc_delete AFTER DELETE ON adhoc_items BEGIN
        DELETE FROM stored_timelines WHERE child_id = (SELECT child_id FROM plans WHERE id = OLD.plan_id);
        INSERT OR IGNORE INTO stale_timelines SELECT child_id FROM plans WHERE id = OLD.plan_id;
    END;
    -- Only the facts a timeline is worked out from, and the names stored
    -- with it: a new worker or placement leaves it as it is.
    CREATE TRIGGER stale_on_child_facts AFTER UPDATE ON children
        WHEN OLD.date_of_birth IS NOT NEW.date_of_birth
          OR OLD.looked_after_since IS NOT NEW.looked_after_since
          OR (OLD.sibling_group IS NULL) IS NOT (NEW.sibling_group IS NULL)
          OR OLD.given_name IS NOT NEW.given_name
          OR OLD.family_name IS NOT NEW.family_name
          OR OLD.ref IS NOT NEW.ref
    BEGIN
        DELETE FROM stored_timelines WHERE child_id = NEW.id;
        INSERT OR IGNORE INTO stale_timelines VALUES (NEW.id);
    END;

    -- Every child with a plan is worked out afresh the first time.
    INSERT OR IGNORE INTO stale_timelines SELECT DISTINCT child_id FROM plans;
    "#,
    // 11: a child's family network (people, who is whose parent, couples,
    // and what each person is to each child), the family meetings held
    // with it, the chronology entries workers write and the marks on
    // entries chosen for the Child Permanence Report, and the Legal
    // Gateway's papers and panel. A network belongs to a sibling group or
    // to one child; it is found through the people standing for children
    // on the caseload, so siblings share one and nobody is typed twice.
    r#"
    CREATE TABLE families (
        id INTEGER PRIMARY KEY
    );

    CREATE TABLE family_people (
        id            INTEGER PRIMARY KEY,
        family_id     INTEGER NOT NULL REFERENCES families(id) ON DELETE CASCADE,
        name          TEXT NOT NULL CHECK (trim(name) <> ''),
        sex           TEXT NOT NULL DEFAULT 'unknown' CHECK (sex IN ('female', 'male', 'unknown')),
        date_of_birth TEXT CHECK (date_of_birth IS date(date_of_birth)),
        deceased      INTEGER NOT NULL DEFAULT 0 CHECK (deceased IN (0, 1)),
        culture       TEXT,
        language      TEXT,
        religion      TEXT,
        contact       TEXT,
        household     TEXT,
        -- The person standing for a child on the caseload; a child
        -- removed from the caseload stays in the network as a person.
        child_id      INTEGER UNIQUE REFERENCES children(id) ON DELETE SET NULL
    );
    CREATE INDEX family_people_by_family ON family_people (family_id);

    -- By birth or adoption: more than two parents is allowed.
    CREATE TABLE family_parents (
        parent_id INTEGER NOT NULL REFERENCES family_people(id) ON DELETE CASCADE,
        child_id  INTEGER NOT NULL REFERENCES family_people(id) ON DELETE CASCADE,
        PRIMARY KEY (parent_id, child_id),
        CHECK (parent_id <> child_id)
    ) WITHOUT ROWID;
    CREATE INDEX family_parents_by_child ON family_parents (child_id);

    -- One row a pair, the lower id first, so a pair is never two couples.
    CREATE TABLE family_couples (
        a_id        INTEGER NOT NULL REFERENCES family_people(id) ON DELETE CASCADE,
        b_id        INTEGER NOT NULL REFERENCES family_people(id) ON DELETE CASCADE,
        partnership TEXT NOT NULL CHECK (partnership IN ('married', 'partners', 'separated', 'divorced')),
        PRIMARY KEY (a_id, b_id),
        CHECK (a_id < b_id)
    ) WITHOUT ROWID;
    CREATE INDEX family_couples_by_b ON family_couples (b_id);

    CREATE TABLE family_connections (
        child_person_id         INTEGER NOT NULL REFERENCES family_people(id) ON DELETE CASCADE,
        person_id               INTEGER NOT NULL REFERENCES family_people(id) ON DELETE CASCADE,
        -- 'friend', 'connected-person', 'carer', or the worker's own words.
        connected               TEXT CHECK (connected IS NULL OR trim(connected) <> ''),
        parental_responsibility INTEGER NOT NULL DEFAULT 0 CHECK (parental_responsibility IN (0, 1)),
        viability               TEXT CHECK (viability IN ('requested', 'positive', 'negative')),
        viability_on            TEXT CHECK (viability_on IS date(viability_on)),
        family_time             TEXT,
        potential_carer         INTEGER NOT NULL DEFAULT 0 CHECK (potential_carer IN (0, 1)),
        PRIMARY KEY (child_person_id, person_id),
        CHECK (child_person_id <> person_id),
        CHECK ((viability IS NULL) = (viability_on IS NULL))
    ) WITHOUT ROWID;
    CREATE INDEX family_connections_by_person ON family_connections (person_id);

    CREATE TABLE family_meetings (
        id        INTEGER PRIMARY KEY,
        family_id INTEGER NOT NULL REFERENCES families(id) ON DELETE CASCADE,
        kind      TEXT NOT NULL CHECK (kind IN ('fgc', 'family-network')),
        held_on   TEXT NOT NULL CHECK (held_on IS date(held_on)),
        -- Names or roles as the worker wrote them, one a line.
        attended  TEXT NOT NULL DEFAULT '',
        notes     TEXT
    );
    CREATE INDEX family_meetings_by_family ON family_meetings (family_id, held_on);

    CREATE TABLE family_meeting_outcomes (
        id         INTEGER PRIMARY KEY,
        meeting_id INTEGER NOT NULL REFERENCES family_meetings(id) ON DELETE CASCADE,
        text       TEXT NOT NULL CHECK (trim(text) <> ''),
        due        TEXT CHECK (due IS date(due)),
        child_id   INTEGER REFERENCES children(id) ON DELETE SET NULL,
        -- The hand-added timeline item it became, once it became one.
        item_key   TEXT CHECK (item_key IS NULL OR item_key <> '')
    );
    CREATE INDEX family_meeting_outcomes_by_meeting ON family_meeting_outcomes (meeting_id);
    CREATE INDEX family_meeting_outcomes_by_child ON family_meeting_outcomes (child_id)
        WHERE child_id IS NOT NULL;

    -- AUTOINCREMENT: an id is never used again, so a mark left on a
    -- deleted entry's key can never fall on a new entry.
    CREATE TABLE chronology_entries (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        child_id    INTEGER NOT NULL REFERENCES children(id) ON DELETE CASCADE,
        on_date     TEXT NOT NULL CHECK (on_date IS date(on_date)),
        what        TEXT NOT NULL CHECK (trim(what) <> ''),
        kind        TEXT NOT NULL CHECK (trim(kind) <> ''),
        source      TEXT,
        recorded_by TEXT,
        verified    INTEGER NOT NULL DEFAULT 0 CHECK (verified IN (0, 1)),
        recorded_at TEXT
    );
    CREATE INDEX chronology_entries_by_child ON chronology_entries (child_id, on_date);

    -- "For the CPR": marks on any entry, written or worked out, by key.
    CREATE TABLE chronology_marks (
        child_id  INTEGER NOT NULL REFERENCES children(id) ON DELETE CASCADE,
        entry_key TEXT NOT NULL CHECK (entry_key <> ''),
        PRIMARY KEY (child_id, entry_key)
    ) WITHOUT ROWID;

    -- Papers for the Legal Gateway, by kebab-case code, with their dates.
    CREATE TABLE gateway_papers (
        child_id INTEGER NOT NULL REFERENCES children(id) ON DELETE CASCADE,
        paper    TEXT NOT NULL CHECK (
                     paper <> '' AND paper NOT GLOB '*[^a-z0-9-]*'
                     AND paper NOT GLOB '-*' AND paper NOT GLOB '*-' AND paper NOT GLOB '*--*'),
        -- No date: ticked as not applying (no expert assessment was made).
        dated    TEXT CHECK (dated IS NULL OR dated IS date(dated)),
        PRIMARY KEY (child_id, paper)
    ) WITHOUT ROWID;

    CREATE TABLE gateway_panels (
        child_id        INTEGER PRIMARY KEY REFERENCES children(id) ON DELETE CASCADE,
        panel_date      TEXT NOT NULL CHECK (panel_date IS date(panel_date)),
        pre_proceedings INTEGER NOT NULL DEFAULT 0 CHECK (pre_proceedings IN (0, 1))
    );
    "#,
    // 12: one event model. A recorded event keeps who recorded it, when,
    // and its note; a mistake is put right by correcting it (another
    // date) or withdrawing it, with a reason, never by deleting it, so
    // the record shows what was believed and when. Only `current` events
    // count. The table is rebuilt (SQLite cannot change a UNIQUE
    // constraint in place): one current entry a day and event, however
    // many corrected or withdrawn ones. Dropping the old table drops its
    // triggers, so the stored-timeline triggers are made again below.
    //
    // Done marks on items that are occurrences of an event (the case
    // reviews, PPMs, statutory visits and proceedings' end that the
    // cadences name by these keys) become recorded events: from now on
    // marking such an item done records the event, and the n-th review is
    // the n-th one recorded, so a mark left beside the events would count
    // the occurrences wrongly.
    r#"
    CREATE TABLE events_v12 (
        id           INTEGER PRIMARY KEY,
        child_id     INTEGER NOT NULL REFERENCES children(id) ON DELETE CASCADE,
        event        TEXT NOT NULL CHECK (event <> ''),
        on_date      TEXT NOT NULL CHECK (on_date IS date(on_date)),
        note         TEXT,
        -- The acting user as the audit trail names them (NULL: recorded
        -- before this was kept, with no audit entry to say).
        recorded_by  TEXT,
        recorded_at  TEXT,
        status       TEXT NOT NULL DEFAULT 'current'
                     CHECK (status IN ('current', 'corrected', 'withdrawn')),
        corrected_to TEXT CHECK (corrected_to IS date(corrected_to)),
        reason       TEXT,
        changed_by   TEXT,
        changed_at   TEXT,
        -- The entry this one put right, for a correction's new date.
        replaces     INTEGER,
        CHECK ((status = 'corrected') = (corrected_to IS NOT NULL)),
        CHECK (status = 'current' OR (reason IS NOT NULL AND trim(reason) <> ''))
    );
    INSERT INTO events_v12 (id, child_id, event, on_date, recorded_by, recorded_at)
        SELECT e.id, e.child_id, e.event, e.on_date,
               (SELECT a.user FROM audit a WHERE a.entity = 'event' AND a.action = 'record-event'
                   AND a.entity_id = CAST(e.id AS TEXT) ORDER BY a.id LIMIT 1),
               (SELECT a.at FROM audit a WHERE a.entity = 'event' AND a.action = 'record-event'
                   AND a.entity_id = CAST(e.id AS TEXT) ORDER BY a.id LIMIT 1)
        FROM events e;
    CREATE UNIQUE INDEX events_v12_one_current ON events_v12 (child_id, event, on_date)
        WHERE status = 'current';
    CREATE TEMP TABLE occurrence_marks AS
        SELECT d.plan_id, d.key, p.child_id, d.done_on, d.note,
               CASE
                   WHEN d.key IN ('first-ppm', 'second-ppm') OR d.key GLOB 'ppm-[0-9]*' THEN 'ppm'
                   WHEN d.key IN ('first-case-review', 'second-case-review')
                        OR d.key GLOB 'case-review-[0-9]*' THEN 'case-review'
                   WHEN d.key GLOB 'statutory-visit-[0-9]*' THEN 'visit'
                   WHEN d.key = 'proceedings-concluded' THEN 'order-made'
               END AS event
        FROM done_items d JOIN plans p ON p.id = d.plan_id;
    DELETE FROM occurrence_marks WHERE event IS NULL;
    INSERT OR IGNORE INTO events_v12 (child_id, event, on_date, note, recorded_by, recorded_at)
        SELECT m.child_id, m.event, m.done_on, m.note,
               (SELECT a.user FROM audit a WHERE a.entity = 'item' AND a.action = 'done'
                   AND a.entity_id = m.plan_id || '/' || m.key ORDER BY a.id DESC LIMIT 1),
               (SELECT a.at FROM audit a WHERE a.entity = 'item' AND a.action = 'done'
                   AND a.entity_id = m.plan_id || '/' || m.key ORDER BY a.id DESC LIMIT 1)
        FROM occurrence_marks m ORDER BY m.done_on;
    DELETE FROM done_items WHERE (plan_id, key) IN (SELECT plan_id, key FROM occurrence_marks);
    DROP TABLE occurrence_marks;
    DROP TABLE events;
    ALTER TABLE events_v12 RENAME TO events;
    DROP INDEX events_v12_one_current;
    CREATE UNIQUE INDEX events_one_current ON events (child_id, event, on_date) WHERE status = 'current';
    CREATE INDEX events_by_child ON events (child_id, on_date);

    CREATE TRIGGER stale_on_event_insert AFTER INSERT ON events BEGIN
        DELETE FROM stored_timelines WHERE child_id = NEW.child_id;
        INSERT OR IGNORE INTO stale_timelines VALUES (NEW.child_id);
    END;
    CREATE TRIGGER stale_on_event_update AFTER UPDATE ON events BEGIN
        DELETE FROM stored_timelines WHERE child_id IN (OLD.child_id, NEW.child_id);
        INSERT OR IGNORE INTO stale_timelines VALUES (OLD.child_id);
        INSERT OR IGNORE INTO stale_timelines VALUES (NEW.child_id);
    END;
    CREATE TRIGGER stale_on_event_delete AFTER DELETE ON events BEGIN
        DELETE FROM stored_timelines WHERE child_id = OLD.child_id;
        INSERT OR IGNORE INTO stale_timelines VALUES (OLD.child_id);
    END;

    -- Done marks that became events change those children's timelines.
    DELETE FROM stored_timelines;
    INSERT OR IGNORE INTO stale_timelines SELECT DISTINCT child_id FROM plans;
    "#,
    // 13: the permission rules live in the database, so that whoever can
    // set an environment variable cannot redefine them; an administrator
    // replaces them with `permissions import`. The rules this build ships
    // are put in as the migration runs (see `seed`). And the last
    // administrator can be neither demoted nor removed, whatever writes:
    // without one, nobody could add users or change the rules again.
    r#"
    CREATE TABLE IF NOT EXISTS permission_rules (
        id     INTEGER PRIMARY KEY CHECK (id = 1),
        -- The file the rules were read from, as messages name it.
        file   TEXT NOT NULL,
        rules  TEXT NOT NULL,
        set_by TEXT,
        set_at TEXT
    );
    CREATE TRIGGER IF NOT EXISTS keep_an_administrator_on_update BEFORE UPDATE OF role ON workers
    WHEN OLD.role = 'admin' AND NEW.role <> 'admin'
         AND (SELECT count(*) FROM workers WHERE role = 'admin') = 1
    BEGIN
        SELECT RAISE(ABORT, 'the last administrator cannot stop being one');
    END;
    CREATE TRIGGER IF NOT EXISTS keep_an_administrator_on_delete BEFORE DELETE ON workers
    WHEN OLD.role = 'admin' AND (SELECT count(*) FROM workers WHERE role = 'admin') = 1
    BEGIN
        SELECT RAISE(ABORT, 'the last administrator cannot be removed');
    END;
    "#,
    // 14: each audit entry carries a keyed hash (HMAC-SHA256 of its chain
    // hash, with the key in the owner-only file beside the database), so a
    // chain rewritten and hashed again without the key shows in `check`.
    // Entries from before have none; the first keyed entry's covers them.
    // The column is added by `seed`, only where it is not there already
    // (SQLite has no ADD COLUMN IF NOT EXISTS), like the tables above.
    r#"
    SELECT 1;
    "#,
    // 15: when and how a closed plan ended (issue 18's plans on screen), in
    // a table of its own so that the plans table and every read of it stay
    // as they were; a plan closed before this version has no row.
    r#"
    CREATE TABLE IF NOT EXISTS plan_closures (
        plan_id INTEGER PRIMARY KEY REFERENCES plans(id) ON DELETE CASCADE,
        closed_on TEXT NOT NULL CHECK (closed_on IS date(closed_on)),
        outcome TEXT NOT NULL CHECK (outcome IN ('order-made', 'plan-changed', 'ceased'))
    );
    "#,
    // 16: who attended each tracker meeting (users, by username), which
    // the minutes list. IF NOT EXISTS: a file taken back to an older
    // schema number by hand keeps its tables.
    r#"
    CREATE TABLE IF NOT EXISTS tracker_attendees (
        meeting_id INTEGER NOT NULL REFERENCES tracker_meetings(id) ON DELETE CASCADE,
        username   TEXT NOT NULL,
        PRIMARY KEY (meeting_id, username)
    );
    "#,
    // 17: items a plan will not do, said so with a reason (issue 18's
    // "not needed"). Kept like corrections: a mark is never deleted; taking
    // it back fills in who withdrew it, when and why, so the record shows
    // what was believed and when. Only marks not withdrawn count, one per
    // item at a time. A change marks the child's stored timeline stale,
    // as done marks do.
    r#"
    CREATE TABLE IF NOT EXISTS not_needed_items (
        id           INTEGER PRIMARY KEY,
        plan_id      INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
        key          TEXT NOT NULL CHECK (key <> ''),
        reason       TEXT NOT NULL CHECK (trim(reason) <> ''),
        recorded_by  TEXT NOT NULL,
        recorded_on  TEXT NOT NULL CHECK (recorded_on IS date(recorded_on)),
        withdrawn_by TEXT,
        withdrawn_on TEXT CHECK (withdrawn_on IS date(withdrawn_on)),
        withdrawn_reason TEXT,
        CHECK ((withdrawn_on IS NULL) = (withdrawn_reason IS NULL)),
        CHECK (withdrawn_reason IS NULL OR trim(withdrawn_reason) <> '')
    );
    CREATE UNIQUE INDEX IF NOT EXISTS not_needed_one_current
        ON not_needed_items (plan_id, key) WHERE withdrawn_on IS NULL;
    CREATE TRIGGER IF NOT EXISTS stale_on_not_needed_insert AFTER INSERT ON not_needed_items BEGIN
        DELETE FROM stored_timelines WHERE child_id = (SELECT child_id FROM plans WHERE id = NEW.plan_id);
        INSERT OR IGNORE INTO stale_timelines SELECT child_id FROM plans WHERE id = NEW.plan_id;
    END;
    CREATE TRIGGER IF NOT EXISTS stale_on_not_needed_update AFTER UPDATE ON not_needed_items BEGIN
        DELETE FROM stored_timelines
            WHERE child_id IN (SELECT child_id FROM plans WHERE id IN (OLD.plan_id, NEW.plan_id));
        INSERT OR IGNORE INTO stale_timelines
            SELECT child_id FROM plans WHERE id IN (OLD.plan_id, NEW.plan_id);
    END;
    "#, // 18: stored items without copied names (issue 19). The child's and
    // the plan's names were copied onto every item, and each item's key
    // and title written out in full: the largest table of a big database.
    // Reports now read the names once (children, plans and the library's
    // pathway titles), and an item's key and title are a number into
    // stored_titles, which readers also read once. Stored timelines are
    // derived data: the table is made again and every child with a plan
    // is worked out afresh. A child's name no longer makes their stored
    // timeline stale; their reference still does, as the items keep it
    // for the overdue report's order.
    // Runs again over itself (a file taken back to an older schema number
    // by hand), as what it drops is derived.
    r#"
    DROP TABLE IF EXISTS stored_items;
    DROP TABLE IF EXISTS stored_titles;
    DELETE FROM stored_timelines;
    CREATE TABLE stored_titles (
        id    INTEGER PRIMARY KEY,
        key   TEXT NOT NULL,
        title TEXT NOT NULL,
        UNIQUE (key, title)
    );
    CREATE TABLE stored_items (
        -- The earlier of target and deadline, what "overdue" is judged
        -- by; '~' (after every date) for an item with neither yet.
        due         TEXT NOT NULL,
        reference   TEXT NOT NULL,
        -- Its place in the child's timeline: plans in order, items by date.
        position    INTEGER NOT NULL,
        child_id    INTEGER NOT NULL REFERENCES stored_timelines(child_id) ON DELETE CASCADE,
        plan_id     INTEGER NOT NULL,
        -- Its key and title.
        title_id    INTEGER NOT NULL REFERENCES stored_titles(id),
        responsible TEXT,
        target      TEXT,
        deadline    TEXT,
        -- The first day the item is in the timeline (NULL: every day).
        shown_from  TEXT,
        PRIMARY KEY (due, reference, position)
    ) WITHOUT ROWID;
    CREATE INDEX stored_items_by_child ON stored_items (child_id, position);
    DROP TRIGGER IF EXISTS stale_on_child_facts;
    CREATE TRIGGER stale_on_child_facts AFTER UPDATE ON children
        WHEN OLD.date_of_birth IS NOT NEW.date_of_birth
          OR OLD.looked_after_since IS NOT NEW.looked_after_since
          OR (OLD.sibling_group IS NULL) IS NOT (NEW.sibling_group IS NULL)
          OR OLD.ref IS NOT NEW.ref
    BEGIN
        DELETE FROM stored_timelines WHERE child_id = NEW.id;
        INSERT OR IGNORE INTO stale_timelines VALUES (NEW.id);
    END;
    INSERT OR IGNORE INTO stale_timelines SELECT DISTINCT child_id FROM plans;
    "#,
    // 19: each child's summary stored with their stored timeline
    // (issue 19), as the spans of days it holds for, so that the trackers,
    // the dashboard and a tracker meeting read one row a child instead of
    // every stored item. A table of its own, deleted with the stored
    // timeline (by the same triggers, through its key), so that the
    // migration runs again over itself as 18 does. Derived data: every
    // stored timeline is deleted and every child with a plan marked
    // stale, as 18 does, so that none is read without its summary.
    r#"
    CREATE TABLE IF NOT EXISTS stored_summaries (
        child_id INTEGER PRIMARY KEY REFERENCES stored_timelines(child_id) ON DELETE CASCADE,
        -- The spans of days and the summary's counts and soonest item on
        -- each (see the store's stored_summary.rs).
        spans    TEXT NOT NULL
    );
    DELETE FROM stored_items;
    DELETE FROM stored_timelines;
    INSERT OR IGNORE INTO stale_timelines SELECT DISTINCT child_id FROM plans;
    "#,
    // 20: who sets each stored item's deadline ('law' or 'policy'; NULL
    // for an item with none), so that what next, the tracker meeting and
    // the calendar feed call only the law's deadlines statutory without
    // working out timelines: a PPM's date is Warrington's policy (section
    // 8.3), not the law's. Added, not made afresh, so the table keeps the
    // indexes other migrations give it. Every stored timeline is worked
    // out again (RULES_VERSION also says so): those stored before this
    // have no one named for their deadlines.
    r#"
    ALTER TABLE stored_items ADD COLUMN deadline_by TEXT;
    DELETE FROM stored_items;
    DELETE FROM stored_timelines;
    INSERT OR IGNORE INTO stale_timelines SELECT DISTINCT child_id FROM plans;
    "#,
    // 21: "what next" reads each class of its rule (deadline passed, target
    // passed, deadline coming, target coming) in the class's order, by the
    // date that places an item and then the child's reference and the
    // item's place, a page at a time, instead of every open item of the
    // caseload; each index carries the other date, the first day shown and
    // the child and who sets the deadline (the "statutory only" focus
    // keeps the law's), so that a page and a count are read from the
    // index alone.
    // An item with neither date is in stored_items_by_deadline's NULLs, by
    // reference.
    r#"
    CREATE INDEX stored_items_by_deadline
        ON stored_items (deadline, reference, position, target, shown_from, child_id, deadline_by);
    CREATE INDEX stored_items_by_target
        ON stored_items (target, reference, position, deadline, shown_from, child_id, deadline_by);
    "#,
    // 24 (issue 20; the lead numbers it at merge): where an imported
    // event came from (`permanence import events`, `permanence import
    // ssda903`), so that importing the same source again finds its event
    // and updates it rather than adding a second. NULL: recorded in the
    // app, which an import never changes. One current event per source
    // for a child: a correction keeps the wrong entry with its source (the
    // record shows what was believed and where it came from), and its new
    // entry carries the source on, so the index counts current ones only.
    // The column (`source TEXT CHECK (source IS NULL OR source <> '')`) is
    // added before this runs, by `columns`, only where it is not there
    // already, so that a file taken back to an older schema number by hand
    // runs this again over itself.
    r#"
    CREATE UNIQUE INDEX IF NOT EXISTS events_one_source ON events (child_id, source)
        WHERE source IS NOT NULL AND status = 'current';
    "#,
    // 23: where each plan's start came from and from when the record
    // holds its tasks (domain `PlanBasis`). `start_from` ('gateway' or
    // 'period-of-care') and `record_from` (a date, or NULL: in the record
    // from its start) are added before this runs, by `columns`, only where
    // they are not there already. An SSDA903 import before this recorded
    // its plans from the start of the period of care with nothing to say
    // so: such a plan (its start the day of a `looked-after` event the
    // import recorded, no Legal Gateway recorded that day) is marked as
    // one, its record beginning on the day the import created it (the
    // audit trail's entry). Its stored timeline is worked out again (the
    // stale trigger on plans does so).
    r#"
    UPDATE plans SET
        start_from = 'period-of-care',
        record_from = (
            SELECT min(date(a.at)) FROM audit a
            WHERE a.entity = 'plan' AND a.action = 'create' AND a.entity_id = CAST(plans.id AS TEXT)
        )
    WHERE start_from = 'gateway'
      AND EXISTS (
        SELECT 1 FROM events e
        WHERE e.child_id = plans.child_id AND e.event = 'looked-after'
          AND e.on_date = plans.start AND e.source LIKE 'ssda903:%'
      )
      AND NOT EXISTS (
        SELECT 1 FROM events g
        WHERE g.child_id = plans.child_id AND g.event = 'gateway' AND g.on_date = plans.start
          AND g.status = 'current'
      );
    "#,
    // 24 (issue 19; the 23rd on i29-dashboard): each child's carers,
    // plans and the events the trackers read, stored as one row a child
    // (see the store's stored_cohort.rs), so that the dashboard and a
    // tracker meeting read the caseload in one scan. Current exactly as
    // the stored timelines are: written where a child's stale mark is
    // cleared, and trusted only where the child is not marked. Plans and
    // events mark the child already; a new child and a change to a
    // child's carers now mark them too (and, as the other marks do, drop
    // their stored timeline, so that the overdue report's scan of stored
    // items never reads one that is marked). Every child is marked, so
    // that the next refresh stores every row. Derived data, so the
    // migration runs again over itself.
    r#"
    CREATE TABLE IF NOT EXISTS stored_cohort (
        child_id INTEGER PRIMARY KEY REFERENCES children(id) ON DELETE CASCADE,
        facts    TEXT NOT NULL
    );
    CREATE TRIGGER IF NOT EXISTS stale_on_child_insert AFTER INSERT ON children BEGIN
        INSERT OR IGNORE INTO stale_timelines VALUES (NEW.id);
    END;
    CREATE TRIGGER IF NOT EXISTS stale_on_carer_link AFTER INSERT ON child_carers BEGIN
        DELETE FROM stored_timelines WHERE child_id = NEW.child_id;
        INSERT OR IGNORE INTO stale_timelines VALUES (NEW.child_id);
    END;
    CREATE TRIGGER IF NOT EXISTS stale_on_carer_relink AFTER UPDATE ON child_carers BEGIN
        DELETE FROM stored_timelines WHERE child_id IN (OLD.child_id, NEW.child_id);
        INSERT OR IGNORE INTO stale_timelines VALUES (OLD.child_id);
        INSERT OR IGNORE INTO stale_timelines VALUES (NEW.child_id);
    END;
    CREATE TRIGGER IF NOT EXISTS stale_on_carer_unlink AFTER DELETE ON child_carers BEGIN
        DELETE FROM stored_timelines WHERE child_id = OLD.child_id;
        INSERT OR IGNORE INTO stale_timelines VALUES (OLD.child_id);
    END;
    CREATE TRIGGER IF NOT EXISTS stale_on_carer_update AFTER UPDATE ON carers BEGIN
        DELETE FROM stored_timelines
            WHERE child_id IN (SELECT child_id FROM child_carers WHERE carer_id = NEW.id);
        INSERT OR IGNORE INTO stale_timelines
            SELECT child_id FROM child_carers WHERE carer_id = NEW.id;
    END;
    INSERT OR IGNORE INTO stale_timelines SELECT id FROM children;
    "#,
    // 25 (issue 20's export; the 23rd on i29-export): the rows of
    // the authority's SSDA903 files as they were imported (Header,
    // Episodes, Reviews, PlacedAdoption, AD1), so that `export ssda903`
    // writes back the columns the product does not model (UPN,
    // postcodes, the placement provider, the adopters' details) beside
    // what it does. One row a child, table and key (the row's own date:
    // DECOM, REVIEW, DATE_PLACED; '' for Header and AD1, one a child);
    // `on_date` places it in the span an import replaces; `cells` is a
    // JSON object of the row's non-empty cells by standard column.
    // Written only by an import, in its one transaction.
    r#"
    CREATE TABLE IF NOT EXISTS ssda903_rows (
        child_id INTEGER NOT NULL REFERENCES children(id) ON DELETE CASCADE,
        tbl      TEXT NOT NULL CHECK (tbl IN ('Header', 'Episodes', 'Reviews', 'PlacedAdoption', 'AD1')),
        key      TEXT NOT NULL CHECK (key = '' OR key IS date(key)),
        cells    TEXT NOT NULL CHECK (json_valid(cells)),
        PRIMARY KEY (child_id, tbl, key)
    ) WITHOUT ROWID;
    "#,
    // 26 (issue 19): a tracker meeting's cohort as one row, the
    // children's ids in the order the chair takes them, written as the
    // meeting starts; a child's discussion row is written when something
    // is first recorded for them. A row for each of a national cohort's
    // tens of thousands of children was a third of starting a meeting.
    // Meetings started before this keep a discussion row for every child
    // (and no cohort row).
    r#"
    CREATE TABLE IF NOT EXISTS tracker_cohorts (
        meeting_id INTEGER PRIMARY KEY REFERENCES tracker_meetings(id) ON DELETE CASCADE,
        children   TEXT NOT NULL CHECK (json_valid(children)),
        size       INTEGER NOT NULL CHECK (size = json_array_length(children))
    );
    "#,
    // 27 (issue 19: the demo's file size; the 26th on i34-demo): `events_by_child` (child_id,
    // on_date) over every event held again, for the current ones, the
    // child's id that `events_one_current` already leads with: 42 MB of
    // a 640 MB demo at 100,000 children. A child's current events are
    // read through `events_one_current` (it covers what the timeline
    // reads: child, event, day), and the few corrected or withdrawn ones,
    // which only a child's history and an import read, through this
    // small index of them alone. Children are never deleted (no cascade
    // needs an index on `child_id` by itself). Runs again over itself.
    r#"
    DROP INDEX IF EXISTS events_by_child;
    CREATE INDEX IF NOT EXISTS events_not_current ON events (child_id, on_date)
        WHERE status <> 'current';
    "#,
    // 28 (issue 19: the demo's file size; the 27th on i34-demo): `stored_items_by_deadline`
    // only over the items that have a deadline, as every read of it
    // through a deadline asks for one; nearly half of a demo's items have
    // none (22 MB of its 47 at 100,000 children). The items with neither
    // date, which "what next" lists by reference and read through this
    // index's NULLs, are read through `stored_items_by_target`'s instead
    // (an item with no target has no deadline either there, the index
    // carries the deadline to check it, and orders by the same reference
    // and place). Derived data, so the migration runs again over itself.
    r#"
    DROP INDEX IF EXISTS stored_items_by_deadline;
    CREATE INDEX stored_items_by_deadline
        ON stored_items (deadline, reference, position, target, shown_from, child_id, deadline_by)
        WHERE deadline IS NOT NULL;
    "#,
];
