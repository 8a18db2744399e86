//! The schema, as an ordered list of migrations.
//!
//! `PRAGMA user_version` holds the number of the last migration applied, and
//! the `schema_migrations` table records when each one ran, for people
//! reading the file. Migrations are only ever appended: a released migration
//! is never edited, because databases in the field already ran it. Each runs
//! in its own transaction together with the bump of `user_version`, so a
//! crash mid-migration leaves the previous schema intact.

use rusqlite::{Connection, OptionalExtension};

use crate::Result;

/// One step of the schema.
pub(crate) struct Migration {
    /// 1-based, contiguous.
    pub version: i64,
    /// A short name, stored in `schema_migrations`.
    pub name: &'static str,
    /// The SQL, run as one batch.
    pub sql: &'static str,
}

/// Every migration, in order. Append only.
pub(crate) const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "lists",
        sql: r#"
CREATE TABLE schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at TEXT NOT NULL
);

-- One row per imported version of a list. Versions are immutable snapshots:
-- a delta import writes a new complete version, so reading any version never
-- needs to replay a chain.
CREATE TABLE list_versions (
    id              INTEGER PRIMARY KEY,
    list            TEXT NOT NULL,
    version         TEXT NOT NULL,
    format          TEXT NOT NULL,
    imported_at     TEXT NOT NULL,
    -- SHA-256 over the input files' contents; the key of idempotent imports.
    content_sha256  TEXT NOT NULL,
    entity_count    INTEGER NOT NULL,
    -- JSON array of the source paths, as given at import time.
    sources         TEXT NOT NULL,
    -- For a version made by applying a delta: the version it was applied to.
    base_version_id INTEGER REFERENCES list_versions(id),
    UNIQUE (list, content_sha256)
);
CREATE INDEX list_versions_by_list ON list_versions (list, id);

-- The entities of each version, as the JSON of vigil_model::Entity. Schema
-- and caption are copied out for queries that need no decoding.
CREATE TABLE entities (
    version_id INTEGER NOT NULL REFERENCES list_versions(id) ON DELETE CASCADE,
    entity_id  TEXT NOT NULL,
    schema     TEXT NOT NULL,
    caption    TEXT NOT NULL,
    data       TEXT NOT NULL,
    PRIMARY KEY (version_id, entity_id)
) WITHOUT ROWID;

-- The version in force for each list: the last one imported.
CREATE VIEW current_versions AS
    SELECT v.* FROM list_versions v
    WHERE v.id = (SELECT max(w.id) FROM list_versions w WHERE w.list = v.list);
"#,
    },
    Migration { version: 2, name: "monitoring", sql: MONITORING_SQL },
];

/// Migration 2: what the monitoring service keeps besides the lists.
///
/// Timestamps are text in one form, `YYYY-MM-DDTHH:MM:SSZ`, so they sort and
/// compare as strings and SQLite's date functions read them.
const MONITORING_SQL: &str = r#"
-- The identifiers of listed entities that link them to vessels (IMO, MMSI),
-- per version, so that "is this vessel listed now?" is one indexed lookup.
-- Filled from the entities' JSON here for existing versions and by every
-- import for new ones.
CREATE TABLE entity_idents (
    version_id INTEGER NOT NULL REFERENCES list_versions(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    value      TEXT NOT NULL,
    entity_id  TEXT NOT NULL,
    PRIMARY KEY (kind, value, version_id, entity_id)
) WITHOUT ROWID;
INSERT OR IGNORE INTO entity_idents (version_id, kind, value, entity_id)
    SELECT e.version_id, json_extract(i.value, '$.kind'), json_extract(i.value, '$.value'),
           e.entity_id
    FROM entities e, json_each(e.data, '$.identifiers') i
    WHERE json_extract(i.value, '$.kind') IN ('imo', 'mmsi');
-- Every version an entity appears in, for its history.
CREATE INDEX entities_by_entity ON entities (entity_id, version_id);

-- Every input file ingested (other than lists, which list_versions keeps),
-- keyed by kind and content hash. `next_line` is the first line not yet
-- committed: it moves forward in the same transaction as the records, so a
-- killed ingest resumes exactly where its last commit ended.
CREATE TABLE sources (
    id             INTEGER PRIMARY KEY,
    kind           TEXT NOT NULL,
    content_sha256 TEXT NOT NULL,
    path           TEXT NOT NULL,
    started_at     TEXT NOT NULL,
    finished_at    TEXT,
    next_line      INTEGER NOT NULL DEFAULT 1,
    records        INTEGER NOT NULL DEFAULT 0,
    errors         INTEGER NOT NULL DEFAULT 0,
    UNIQUE (kind, content_sha256)
);

-- One row per MMSI seen in AIS or in an event; the latest identity is copied
-- here for listings, the history is in vessel_identities.
CREATE TABLE vessels (
    mmsi       INTEGER PRIMARY KEY,
    name       TEXT,
    imo        TEXT,
    callsign   TEXT,
    shiptype   INTEGER,
    first_seen TEXT,
    last_seen  TEXT
);

-- Each distinct identity state an MMSI transmitted, with when it was first
-- and last seen and the line that first showed it.
CREATE TABLE vessel_identities (
    id         INTEGER PRIMARY KEY,
    mmsi       INTEGER NOT NULL,
    name       TEXT,
    imo        TEXT,
    callsign   TEXT,
    shiptype   INTEGER,
    first_seen TEXT NOT NULL,
    last_seen  TEXT NOT NULL,
    source_id  INTEGER NOT NULL REFERENCES sources(id),
    line       INTEGER NOT NULL,
    src        TEXT
);
CREATE INDEX vessel_identities_by_mmsi ON vessel_identities (mmsi, id);

-- Positions, one per vessel and time and place; `src` is the file:line of the
-- sentence the decoder read it from.
CREATE TABLE positions (
    mmsi      INTEGER NOT NULL,
    ts        TEXT NOT NULL,
    lat       REAL NOT NULL,
    lon       REAL NOT NULL,
    speed     REAL,
    course    REAL,
    source_id INTEGER NOT NULL REFERENCES sources(id),
    line      INTEGER NOT NULL,
    src       TEXT,
    PRIMARY KEY (mmsi, ts, lat, lon)
) WITHOUT ROWID;

-- Events from the AIS detectors, keyed by what they are so that the same
-- event found in two runs is one row.
CREATE TABLE events (
    id        INTEGER PRIMARY KEY,
    kind      TEXT NOT NULL,
    mmsi_key  TEXT NOT NULL,
    start_ts  TEXT NOT NULL,
    end_ts    TEXT NOT NULL,
    lat       REAL,
    lon       REAL,
    details   TEXT NOT NULL,
    listed    TEXT NOT NULL,
    evidence  TEXT NOT NULL,
    source_id INTEGER NOT NULL REFERENCES sources(id),
    line      INTEGER NOT NULL,
    UNIQUE (kind, mmsi_key, start_ts)
);
CREATE INDEX events_by_start ON events (start_ts);
CREATE TABLE event_vessels (
    event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    mmsi     INTEGER NOT NULL,
    PRIMARY KEY (mmsi, event_id)
) WITHOUT ROWID;

-- Documents from the open-source scanner with their findings (mentions and
-- indicators as JSON); `doc_sha256` is the hash of the scan line.
CREATE TABLE documents (
    id         INTEGER PRIMARY KEY,
    doc_sha256 TEXT NOT NULL UNIQUE,
    source     TEXT NOT NULL,
    title      TEXT,
    date       TEXT,
    language   TEXT,
    text       TEXT,
    data       TEXT NOT NULL,
    source_id  INTEGER NOT NULL REFERENCES sources(id),
    line       INTEGER NOT NULL
);
CREATE INDEX documents_by_source ON documents (source);
CREATE TABLE document_entities (
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    entity_id   TEXT NOT NULL,
    PRIMARY KEY (entity_id, document_id)
) WITHOUT ROWID;

-- Screening: each query screened (from `vigil screen` output or a
-- counterparty CSV), kept so that it can be screened again when the lists
-- change, and its hits.
CREATE TABLE screening_queries (
    id        INTEGER PRIMARY KEY,
    query_key TEXT NOT NULL UNIQUE,
    fields    TEXT NOT NULL,
    source_id INTEGER NOT NULL REFERENCES sources(id),
    line      INTEGER NOT NULL
);
CREATE TABLE screening_hits (
    id          INTEGER PRIMARY KEY,
    query_id    INTEGER NOT NULL REFERENCES screening_queries(id),
    entity_id   TEXT NOT NULL,
    caption     TEXT NOT NULL,
    list        TEXT NOT NULL,
    version_id  INTEGER REFERENCES list_versions(id),
    score       REAL NOT NULL,
    explanation TEXT NOT NULL,
    found_at    TEXT NOT NULL,
    UNIQUE (query_id, entity_id)
);

-- Alerts: one per case. Findings that belong to the same case (the same
-- query and entity, the same vessels doing the same thing on consecutive
-- days, the same document) add evidence to it instead of a new alert.
CREATE TABLE alerts (
    id            INTEGER PRIMARY KEY,
    stream        TEXT NOT NULL CHECK (stream IN ('screening', 'maritime', 'media', 'lists')),
    kind          TEXT NOT NULL,
    case_key      TEXT NOT NULL,
    severity      TEXT NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
    status        TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'confirmed', 'dismissed')),
    title         TEXT NOT NULL,
    observed_from TEXT NOT NULL,
    observed_to   TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    note          TEXT,
    revision      INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX alerts_by_case ON alerts (case_key, observed_to);
CREATE INDEX alerts_by_status ON alerts (status, severity, id);
CREATE INDEX alerts_by_observed ON alerts (observed_to);
CREATE TABLE alert_entities (
    alert_id  INTEGER NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
    entity_id TEXT NOT NULL,
    PRIMARY KEY (entity_id, alert_id)
) WITHOUT ROWID;
CREATE TABLE alert_vessels (
    alert_id INTEGER NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
    mmsi     INTEGER NOT NULL,
    PRIMARY KEY (mmsi, alert_id)
) WITHOUT ROWID;
-- The evidence of an alert: each finding with the bytes it came from
-- (`ref` is file:line or file:line:start-end), and the list version it was
-- judged against.
CREATE TABLE alert_evidence (
    id          INTEGER PRIMARY KEY,
    alert_id    INTEGER NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,
    summary     TEXT NOT NULL,
    refs        TEXT NOT NULL,
    version_id  INTEGER REFERENCES list_versions(id),
    event_id    INTEGER REFERENCES events(id),
    document_id INTEGER REFERENCES documents(id),
    hit_id      INTEGER REFERENCES screening_hits(id),
    observed_at TEXT NOT NULL,
    added_at    TEXT NOT NULL
);
CREATE INDEX alert_evidence_by_alert ON alert_evidence (alert_id, id);

-- Who changed what, append only: triage by people, and what the system did
-- to an alert (created, evidence added).
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    alert_id    INTEGER REFERENCES alerts(id),
    from_status TEXT,
    to_status   TEXT,
    note        TEXT
);
CREATE INDEX audit_log_by_alert ON audit_log (alert_id, id);
"#;

/// The schema version this build writes.
pub(crate) fn latest_version() -> i64 {
    MIGRATIONS.last().map_or(0, |m| m.version)
}

/// Applies every migration the database has not seen yet. Running it again
/// does nothing.
pub(crate) fn migrate(conn: &mut Connection) -> Result<()> {
    let current: i64 = conn.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    if current > latest_version() {
        return Err(crate::Error::NewerSchema { found: current, supported: latest_version() });
    }
    for migration in MIGRATIONS.iter().filter(|m| m.version > current) {
        // IMMEDIATE takes the write lock up front, so two processes opening a
        // new database at once cannot both run the same migration.
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let seen: i64 = tx.query_row("PRAGMA user_version", [], |row| row.get(0))?;
        if seen >= migration.version {
            continue;
        }
        tx.execute_batch(migration.sql)?;
        tx.execute(
            "INSERT INTO schema_migrations (version, name, applied_at)
             VALUES (?1, ?2, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
            rusqlite::params![migration.version, migration.name],
        )?;
        tx.pragma_update(None, "user_version", migration.version)?;
        tx.commit()?;
    }
    Ok(())
}

/// The migrations recorded in the database, as `(version, name)`.
pub(crate) fn applied(conn: &Connection) -> Result<Vec<(i64, String)>> {
    let exists: Option<i64> = conn
        .query_row(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'",
            [],
            |row| row.get(0),
        )
        .optional()?;
    if exists.is_none() {
        return Ok(Vec::new());
    }
    let mut stmt = conn.prepare("SELECT version, name FROM schema_migrations ORDER BY version")?;
    let rows = stmt.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A database written by a vigil that knew only migration 1 is upgraded
    /// in place, and the identifiers of its stored entities are indexed.
    #[test]
    fn version_one_database_is_upgraded() -> Result<()> {
        let mut conn = Connection::open_in_memory()?;
        conn.execute_batch(MIGRATIONS[0].sql)?;
        conn.execute_batch(
            r#"INSERT INTO schema_migrations VALUES (1, 'lists', '2030-01-01T00:00:00Z');
               PRAGMA user_version = 1;
               INSERT INTO list_versions VALUES
                   (1, 'demo', 'v1', 'ofac_sdn', '2030-01-01T00:00:00Z', 'abc', 1, '[]', NULL);
               INSERT INTO entities VALUES (1, 'demo-1', 'Vessel', 'CHON MA SAN',
                   '{"identifiers": [{"kind": "imo", "value": "8660313"},
                                     {"kind": "passport", "value": "X1"}]}');"#,
        )?;
        migrate(&mut conn)?;
        let version: i64 = conn.query_row("PRAGMA user_version", [], |row| row.get(0))?;
        assert_eq!(version, latest_version());
        let idents: Vec<(String, String)> = conn
            .prepare("SELECT kind, value FROM entity_idents ORDER BY kind")?
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        assert_eq!(idents, vec![("imo".to_string(), "8660313".to_string())]);
        Ok(())
    }

    #[test]
    fn migrations_are_contiguous_from_one() {
        for (index, migration) in MIGRATIONS.iter().enumerate() {
            assert_eq!(migration.version, index as i64 + 1, "{}", migration.name);
        }
    }
}
