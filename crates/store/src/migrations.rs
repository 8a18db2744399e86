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
pub(crate) const MIGRATIONS: &[Migration] = &[Migration {
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
}];

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

    #[test]
    fn migrations_are_contiguous_from_one() {
        for (index, migration) in MIGRATIONS.iter().enumerate() {
            assert_eq!(migration.version, index as i64 + 1, "{}", migration.name);
        }
    }
}
