//! vigil's embedded SQLite store: where does everything persist, with
//! migrations and atomic imports?
//!
//! The store holds the versions of sanctions lists and their entities
//! (migration 1), and what the monitoring streams find (migration 2): AIS
//! positions and vessel identity histories, detector events, scanned
//! documents with their findings, screening queries and hits, the alerts
//! raised from them with their evidence, and the audit log.
//!
//! # Principal types
//! - [`Store`]: one open database. [`Store::open`] creates or migrates a file,
//!   [`Store::open_in_memory`] gives a throwaway one for tests.
//! - [`Store::import`] turns a parsed list ([`vigil_lists::ParsedList`]) into a
//!   new stored version, atomically, and reports it as an [`ImportOutcome`].
//! - [`ListVersion`]: one stored version of one list.
//! - [`Store::current_entities`]: the entities in force, the latest version of
//!   every list, for screening.
//! - [`Store::resolve_version`]: turns `us_ofac_sdn@2024-04-26`,
//!   `us_ofac_sdn`, `us_ofac_sdn@previous` or `42` into a [`ListVersion`].
//! - [`Store::open_source`], [`Store::commit_batch`], [`Store::finish_source`]:
//!   resumable, idempotent ingest of AIS, events, documents and screening
//!   results ([`Record`]), raising alerts as findings are written.
//! - [`Store::alerts`], [`Store::alert`], [`Store::triage`]: the alert queue,
//!   one alert with its evidence and audit trail, and triage.
//! - [`Store::vessel`], [`Store::track`], [`Store::events`],
//!   [`Store::document`], [`Store::entity_versions`]: what the API and
//!   reports read.
//! - [`Store::record_rescreen`]: alerts from a list update that changes
//!   what was screened or seen before.
//! - [`Error`] and [`Result`]: the one error type.
//!
//! # Example
//! ```
//! use vigil_lists::{Contents, Format, ParsedList};
//! use vigil_model::{Entity, Provenance, Schema};
//! use vigil_store::{ImportOutcome, Store};
//!
//! let entity = |id: &str, name: &str| {
//!     Entity::new(id, Schema::Vessel, name, Provenance::new("demo", id, "2024-05-03"))
//! };
//! let list = ParsedList {
//!     format: Format::OfacSdn,
//!     list: "demo".into(),
//!     version: "2024-05-03".into(),
//!     sources: vec![],
//!     contents: Contents::Full(vec![entity("demo-1", "CHON MA SAN"), entity("demo-2", "NAM SAN 8")]),
//!     errors: vec![],
//!     skipped: Default::default(),
//! };
//! let mut store = Store::open_in_memory()?;
//! let outcome = store.import(&list)?;
//! assert!(matches!(outcome, ImportOutcome::Imported(_)));
//! // The same input again changes nothing.
//! assert!(matches!(store.import(&list)?, ImportOutcome::AlreadyImported(_)));
//!
//! let current = store.current_entities()?;
//! assert_eq!(current.len(), 2);
//! assert_eq!(store.resolve_version("demo@2024-05-03")?.entity_count, 2);
//! # Ok::<(), vigil_store::Error>(())
//! ```
//!
//! # Design
//! - **Versions are complete snapshots.** A delta import copies its base
//!   version's rows and applies the changes, so reading any version is one
//!   indexed range scan and never replays a chain. The price is disk space
//!   (about the size of the list's JSON per version); pruning old versions is
//!   a later concern.
//! - **Imports are all or nothing.** Each runs in one `IMMEDIATE`
//!   transaction; readers in other processes keep seeing the previous
//!   version (WAL mode) until it commits, and a failure rolls everything back.
//! - **Imports are idempotent.** A version is keyed by its list and the
//!   SHA-256 of its input files' contents ([`content_sha256`]); importing the
//!   same files again returns [`ImportOutcome::AlreadyImported`].
//! - **Entities are stored as JSON** of [`vigil_model::Entity`], with the
//!   schema and caption copied into columns. Decoding JSON is fast enough
//!   (tens of thousands of entities in a fraction of a second) and keeps the
//!   model free to grow fields without a migration per field.
//!
//! # Migrations
//! The schema is an ordered, append-only list of SQL migrations; `PRAGMA
//! user_version` records how many have run and the `schema_migrations` table
//! records when. [`Store::open`] applies the missing ones, each in its own
//! transaction, and refuses a database from a newer vigil
//! ([`Error::NewerSchema`]).
#![deny(missing_docs)]

mod alerts;
mod error;
mod migrations;
mod monitor;
mod read;
mod report_read;
mod time;
mod ui_read;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{params, Connection, TransactionBehavior};
use serde::Serialize;
use sha2::{Digest, Sha256};
use vigil_lists::{Contents, DeltaOp, ParsedList};
use vigil_model::Entity;

pub use alerts::{
    Alert, AlertDetail, AlertFilter, AuditEntry, Evidence, Page, Severity, Status, Stream, Triage,
    TriageError,
};
pub use error::{format_record_error, Error, Result};
pub use monitor::{
    involves_dprk, query_key, BatchReport, DocumentRecord, EventRecord, HitRecord, IdentityRecord,
    IndicatorRecord, LineRecord, MentionRecord, PositionRecord, Record, ScreeningRecord, Source,
    SourceKind,
};
pub use read::{
    Document, EntityVersion, EventFilter, IdentityState, ListedLink, Position, StoredEvent,
    StoredQuery, Vessel,
};
pub use report_read::{
    AlertCount, AlertLink, EntityLabel, PeriodDocument, PeriodEvent, VersionDiff, VesselLabel,
};
pub use time::{format_epoch, normalize_timestamp};
pub use ui_read::{EntityRevision, MAX_HISTORY_VERSIONS};

/// `PRAGMA application_id` of vigil databases ("VGL1"), so `vigil` refuses
/// to write into some other program's SQLite file.
const APPLICATION_ID: i64 = 0x5647_4c31;

/// How long a writer waits for another process's lock before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// One stored version of one list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ListVersion {
    /// The store's ID for the version; increases with every import.
    pub id: i64,
    /// The list's stable name, e.g. `us_ofac_sdn`.
    pub list: String,
    /// The version the parser found: a publication date, or a hash prefix.
    pub version: String,
    /// The file format, as `vigil_lists::Format` names it (`ofac_sdn`, ...).
    pub format: String,
    /// When it was imported, UTC, `YYYY-MM-DDTHH:MM:SSZ`.
    pub imported_at: String,
    /// Hex SHA-256 over the input files' contents (see [`content_sha256`]).
    pub content_sha256: String,
    /// The number of entities in the version.
    pub entity_count: u64,
    /// The files it was imported from, as given.
    pub sources: Vec<String>,
    /// For a version made by applying a delta: the version it was applied to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base_version_id: Option<i64>,
}

/// What [`Store::import`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ImportOutcome {
    /// A new version was written and is now in force.
    Imported(ImportReport),
    /// The same input had been imported before; nothing changed. Holds the
    /// version that input produced (which may no longer be the latest).
    AlreadyImported(ListVersion),
}

impl ImportOutcome {
    /// The version the input produced, now or earlier.
    pub fn version(&self) -> &ListVersion {
        match self {
            ImportOutcome::Imported(report) => &report.version,
            ImportOutcome::AlreadyImported(version) => version,
        }
    }
}

/// A new version, compared with the one it replaced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    /// The new version.
    pub version: ListVersion,
    /// The ID of the version that was in force before, if any.
    pub previous_id: Option<i64>,
    /// Entities in the new version only.
    pub added: u64,
    /// Entities in the previous version only.
    pub removed: u64,
    /// Entities in both whose data differ, ignoring `provenance.version`
    /// (which changes with every version by construction).
    pub changed: u64,
}

/// An open vigil database.
///
/// Reading methods take `&self`; [`Store::import`] takes `&mut self` because
/// it runs a transaction. Several processes may open the same file: SQLite's
/// WAL mode lets readers proceed while one writer imports.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
}

impl Store {
    /// Opens the database at `path`, creating it if needed, and applies any
    /// migration it lacks. Sets WAL journaling and a busy timeout.
    ///
    /// Fails with [`Error::NotVigilDatabase`] for another program's SQLite
    /// file and [`Error::NewerSchema`] for one from a newer vigil.
    pub fn open(path: impl AsRef<Path>) -> Result<Store> {
        let path = path.as_ref();
        let open_error = |source| Error::Open { path: path.to_path_buf(), source };
        let conn = Connection::open(path).map_err(open_error)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(open_error)?;
        // The first statement is where SQLite notices a file that is not a
        // database at all, so report that as an open error naming the file.
        let application_id: i64 =
            conn.query_row("PRAGMA application_id", [], |row| row.get(0)).map_err(open_error)?;
        let n_tables: i64 = conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |row| row.get(0))
            .map_err(open_error)?;
        if application_id != APPLICATION_ID && (application_id != 0 || n_tables > 0) {
            return Err(Error::NotVigilDatabase { path: path.to_path_buf(), application_id });
        }
        let _mode: String = conn
            .query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))
            .map_err(open_error)?;
        Store::setup(conn)
    }

    /// Opens an existing database for reading only, as the server's read
    /// connections do: nothing is migrated or written, and a database whose
    /// schema is not this build's is refused (open it once with
    /// [`Store::open`] to migrate it).
    pub fn open_read_only(path: impl AsRef<Path>) -> Result<Store> {
        let path = path.as_ref();
        let open_error = |source| Error::Open { path: path.to_path_buf(), source };
        let flags =
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(open_error)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(open_error)?;
        let application_id: i64 =
            conn.query_row("PRAGMA application_id", [], |row| row.get(0)).map_err(open_error)?;
        if application_id != APPLICATION_ID {
            return Err(Error::NotVigilDatabase { path: path.to_path_buf(), application_id });
        }
        let found: i64 = conn.query_row("PRAGMA user_version", [], |row| row.get(0))?;
        if found != migrations::latest_version() {
            return Err(Error::SchemaMismatch { found, expected: migrations::latest_version() });
        }
        Ok(Store { conn })
    }

    /// A new, empty database in memory, for tests and one-off comparisons.
    pub fn open_in_memory() -> Result<Store> {
        let conn = Connection::open_in_memory()?;
        Store::setup(conn)
    }

    fn setup(mut conn: Connection) -> Result<Store> {
        conn.pragma_update(None, "foreign_keys", true)?;
        // With WAL, NORMAL loses no committed data on a crash of the process,
        // only possibly the last transactions on a power loss.
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        migrations::migrate(&mut conn)?;
        conn.pragma_update(None, "application_id", APPLICATION_ID)?;
        Ok(Store { conn })
    }

    /// The schema version of the database (the number of migrations applied).
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self.conn.query_row("PRAGMA user_version", [], |row| row.get(0))?)
    }

    /// The migrations the database has recorded, as `(version, name)`.
    pub fn applied_migrations(&self) -> Result<Vec<(i64, String)>> {
        migrations::applied(&self.conn)
    }

    /// Imports a parsed list as a new version, atomically.
    ///
    /// - A list with any malformed record is refused with
    ///   [`Error::RecordErrors`], and nothing is written.
    /// - Input already imported for the same list (same [`content_sha256`])
    ///   gives [`ImportOutcome::AlreadyImported`] and writes nothing.
    /// - A full list becomes a new version as it is. Within one list, a
    ///   repeated entity ID keeps the last record.
    /// - A delta is applied to the latest version of the same list: upserts
    ///   add or replace, deletes remove (a delete of an absent ID does
    ///   nothing). Without a stored version it fails with
    ///   [`Error::DeltaWithoutBase`].
    ///
    /// The source files are read once more to hash them. A list whose sources
    /// are not all files on disk (one parsed from bytes, say) is hashed from
    /// its parsed contents instead, so it too is imported only once.
    ///
    /// Deltas are applied in SQL, row by row, without decoding the base
    /// version, with the same semantics as [`vigil_lists::apply_delta`].
    pub fn import(&mut self, parsed: &ParsedList) -> Result<ImportOutcome> {
        let sources: Vec<String> =
            parsed.sources.iter().map(|path| path.display().to_string()).collect();
        self.import_as(parsed, &sources)
    }

    /// [`Store::import`], recording `sources` as where the version came from
    /// instead of the parsed file paths: the URLs of a download, say, whose
    /// temporary files will be gone. The content hash still comes from the
    /// parsed files.
    pub fn import_as(&mut self, parsed: &ParsedList, sources: &[String]) -> Result<ImportOutcome> {
        if !parsed.errors.is_empty() {
            return Err(Error::RecordErrors {
                list: parsed.list.clone(),
                errors: parsed.errors.clone(),
            });
        }
        let sha256 = if !parsed.sources.is_empty() && parsed.sources.iter().all(|p| p.is_file()) {
            content_sha256(&parsed.sources)?
        } else {
            contents_sha256(&parsed.contents)?
        };
        let format = serde_json::to_value(parsed.format)
            .ok()
            .and_then(|value| value.as_str().map(str::to_string))
            .unwrap_or_else(|| format!("{:?}", parsed.format));
        let sources_json = serde_json::to_string(&sources).expect("strings serialize");

        // Dropping the transaction without commit rolls back, so every `?`
        // below leaves the store as it was.
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        if let Some(existing) = query_version(
            &tx,
            "WHERE list = ?1 AND content_sha256 = ?2",
            params![parsed.list, sha256],
        )?
        .pop()
        {
            return Ok(ImportOutcome::AlreadyImported(existing));
        }
        let previous_id: Option<i64> = tx.query_row(
            "SELECT max(id) FROM list_versions WHERE list = ?1",
            [&parsed.list],
            |row| row.get(0),
        )?;
        let base_version_id = match (&parsed.contents, previous_id) {
            (Contents::Delta(_), None) => {
                return Err(Error::DeltaWithoutBase { list: parsed.list.clone() })
            }
            (Contents::Delta(_), Some(base)) => Some(base),
            (Contents::Full(_), _) => None,
        };
        tx.execute(
            "INSERT INTO list_versions
                (list, version, format, imported_at, content_sha256, entity_count, sources,
                 base_version_id)
             VALUES (?1, ?2, ?3, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?4, 0, ?5, ?6)",
            params![parsed.list, parsed.version, format, sha256, sources_json, base_version_id],
        )?;
        let version_id = tx.last_insert_rowid();
        {
            let mut upsert = tx.prepare(
                "INSERT OR REPLACE INTO entities (version_id, entity_id, schema, caption, data)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            let mut write = |entity: &Entity| -> Result<()> {
                let data = serde_json::to_string(entity).map_err(|source| Error::Json {
                    version_id,
                    entity_id: entity.id.clone(),
                    source,
                })?;
                upsert.execute(params![
                    version_id,
                    entity.id,
                    entity.schema.as_str(),
                    entity.caption,
                    data
                ])?;
                Ok(())
            };
            match &parsed.contents {
                Contents::Full(entities) => {
                    for entity in entities {
                        write(entity)?;
                    }
                }
                Contents::Delta(ops) => {
                    tx.execute(
                        "INSERT INTO entities (version_id, entity_id, schema, caption, data)
                         SELECT ?1, entity_id, schema, caption, data
                         FROM entities WHERE version_id = ?2",
                        params![version_id, base_version_id],
                    )?;
                    let mut delete = tx
                        .prepare("DELETE FROM entities WHERE version_id = ?1 AND entity_id = ?2")?;
                    for op in ops {
                        match op {
                            DeltaOp::Upsert(entity) => write(entity)?,
                            DeltaOp::Delete(entity_id) => {
                                delete.execute(params![version_id, entity_id])?;
                            }
                        }
                    }
                }
            }
        }
        tx.execute(
            "UPDATE list_versions
             SET entity_count = (SELECT count(*) FROM entities WHERE version_id = ?1)
             WHERE id = ?1",
            [version_id],
        )?;
        tx.execute(monitor::INDEX_IDENTS_SQL, [version_id])?;
        let (added, removed, changed) = match previous_id {
            Some(previous_id) => compare_versions(&tx, previous_id, version_id)?,
            None => {
                let added: i64 = tx.query_row(
                    "SELECT entity_count FROM list_versions WHERE id = ?1",
                    [version_id],
                    |row| row.get(0),
                )?;
                (added as u64, 0, 0)
            }
        };
        let version = query_version(&tx, "WHERE id = ?1", [version_id])?
            .pop()
            .expect("the version was just inserted");
        tx.commit()?;
        Ok(ImportOutcome::Imported(ImportReport { version, previous_id, added, removed, changed }))
    }

    /// The stored versions, of one list or of all, ordered by list and then
    /// by import order (oldest first).
    pub fn versions(&self, list: Option<&str>) -> Result<Vec<ListVersion>> {
        match list {
            Some(list) => query_version(&self.conn, "WHERE list = ?1 ORDER BY list, id", [list]),
            None => query_version(&self.conn, "ORDER BY list, id", []),
        }
    }

    /// The version in force for each list (the latest imported), ordered by
    /// list name.
    pub fn current_versions(&self) -> Result<Vec<ListVersion>> {
        let sql = format!("SELECT {VERSION_COLUMNS} FROM current_versions ORDER BY list");
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map([], version_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// One version by its ID, if it exists.
    pub fn version(&self, version_id: i64) -> Result<Option<ListVersion>> {
        Ok(query_version(&self.conn, "WHERE id = ?1", [version_id])?.pop())
    }

    /// The version previously imported for `list` from input with this
    /// content hash ([`content_sha256`]), if any. Lets a caller skip
    /// parsing a download that has not changed.
    pub fn find_by_content(&self, list: &str, sha256: &str) -> Result<Option<ListVersion>> {
        Ok(query_version(
            &self.conn,
            "WHERE list = ?1 AND content_sha256 = ?2",
            params![list, sha256],
        )?
        .pop())
    }

    /// Resolves a version reference:
    /// - `42`: the version with that ID;
    /// - `us_ofac_sdn` or `us_ofac_sdn@latest`: the list's latest version;
    /// - `us_ofac_sdn@previous`: the one before the latest;
    /// - `us_ofac_sdn@2024-04-26`: the latest import whose version is
    ///   `2024-04-26`.
    pub fn resolve_version(&self, reference: &str) -> Result<ListVersion> {
        let unknown =
            |reason: String| Error::UnknownVersion { reference: reference.into(), reason };
        let reference = reference.trim();
        if !reference.is_empty() && reference.bytes().all(|b| b.is_ascii_digit()) {
            let id: i64 = reference.parse().map_err(|_| unknown("ID out of range".into()))?;
            return self.version(id)?.ok_or_else(|| unknown(format!("there is no version {id}")));
        }
        let (list, selector) = match reference.split_once('@') {
            Some((list, selector)) => (list, selector),
            None => (reference, "latest"),
        };
        let versions = self.versions(Some(list))?;
        if versions.is_empty() {
            return Err(unknown(format!("no version of list {list:?} is stored")));
        }
        let found = match selector {
            "latest" | "current" | "" => versions.last(),
            "previous" => versions.iter().rev().nth(1),
            version => versions.iter().rev().find(|v| v.version == version),
        };
        found.cloned().ok_or_else(|| {
            let known: Vec<&str> = versions.iter().map(|v| v.version.as_str()).collect();
            unknown(format!("{list} has versions {}", known.join(", ")))
        })
    }

    /// The entities of one version, ordered by entity ID.
    pub fn entities_of_version(&self, version_id: i64) -> Result<Vec<Entity>> {
        let mut out = Vec::new();
        self.for_each_entity(
            "SELECT version_id, entity_id, data FROM entities
             WHERE version_id = ?1 ORDER BY entity_id",
            [version_id],
            |entity| {
                out.push(entity);
                Ok(())
            },
        )?;
        Ok(out)
    }

    /// The entity with this ID as the latest stored version that holds it
    /// has it, even if it is no longer in force (delisted).
    pub fn latest_entity(&self, entity_id: &str) -> Result<Option<Entity>> {
        let mut found = None;
        self.for_each_entity(
            "SELECT version_id, entity_id, data FROM entities
             WHERE entity_id = ?1 ORDER BY version_id DESC LIMIT 1",
            [entity_id],
            |entity| {
                found = Some(entity);
                Ok(())
            },
        )?;
        Ok(found)
    }

    /// The entities in force: the latest version of every list, ordered by
    /// list and then entity ID.
    pub fn current_entities(&self) -> Result<Vec<Entity>> {
        let n_entities: i64 = self.conn.query_row(
            "SELECT coalesce(sum(entity_count), 0) FROM current_versions",
            [],
            |row| row.get(0),
        )?;
        let mut out = Vec::with_capacity(usize::try_from(n_entities).unwrap_or(0));
        self.for_each_current_entity(|entity| {
            out.push(entity);
            Ok(())
        })?;
        Ok(out)
    }

    /// Streams the entities in force to `sink`, in the order of
    /// [`Store::current_entities`], without holding them all in memory.
    /// An error from `sink` stops the scan and is returned.
    pub fn for_each_current_entity(&self, sink: impl FnMut(Entity) -> Result<()>) -> Result<()> {
        self.for_each_entity(
            "SELECT e.version_id, e.entity_id, e.data
             FROM current_versions c JOIN entities e ON e.version_id = c.id
             ORDER BY c.list, e.entity_id",
            [],
            sink,
        )
    }

    fn for_each_entity(
        &self,
        sql: &str,
        params: impl rusqlite::Params,
        mut sink: impl FnMut(Entity) -> Result<()>,
    ) -> Result<()> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let mut rows = stmt.query(params)?;
        while let Some(row) = rows.next()? {
            let data = row.get_ref(2)?.as_str().map_err(rusqlite::Error::from)?;
            let entity = serde_json::from_str(data).map_err(|source| Error::Json {
                version_id: row.get(0).unwrap_or_default(),
                entity_id: row.get(1).unwrap_or_default(),
                source,
            })?;
            sink(entity)?;
        }
        Ok(())
    }
}

/// The columns of [`ListVersion`], in [`version_from_row`]'s order.
const VERSION_COLUMNS: &str = "id, list, version, format, imported_at, content_sha256, \
                               entity_count, sources, base_version_id";

fn query_version(
    conn: &Connection,
    clause: &str,
    params: impl rusqlite::Params,
) -> Result<Vec<ListVersion>> {
    let sql = format!("SELECT {VERSION_COLUMNS} FROM list_versions {clause}");
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params, version_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn version_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<ListVersion> {
    let sources: String = row.get(7)?;
    Ok(ListVersion {
        id: row.get(0)?,
        list: row.get(1)?,
        version: row.get(2)?,
        format: row.get(3)?,
        imported_at: row.get(4)?,
        content_sha256: row.get(5)?,
        entity_count: row.get::<_, i64>(6)? as u64,
        // Written by this crate as a JSON array; an unreadable value is shown
        // as is rather than failing the whole listing.
        sources: serde_json::from_str(&sources).unwrap_or_else(|_| vec![sources]),
        base_version_id: row.get(8)?,
    })
}

/// Counts entities added, removed and changed from `old` to `new`, in SQL so
/// no entity is decoded. "Changed" ignores `provenance.version`.
fn compare_versions(conn: &Connection, old: i64, new: i64) -> Result<(u64, u64, u64)> {
    let count = |sql: &str| -> Result<u64> {
        let n: i64 = conn.query_row(sql, params![old, new], |row| row.get(0))?;
        Ok(n as u64)
    };
    let added = count(
        "SELECT count(*) FROM entities n WHERE n.version_id = ?2 AND NOT EXISTS
           (SELECT 1 FROM entities o WHERE o.version_id = ?1 AND o.entity_id = n.entity_id)",
    )?;
    let removed = count(
        "SELECT count(*) FROM entities o WHERE o.version_id = ?1 AND NOT EXISTS
           (SELECT 1 FROM entities n WHERE n.version_id = ?2 AND n.entity_id = o.entity_id)",
    )?;
    let changed = count(
        "SELECT count(*) FROM entities o JOIN entities n
           ON n.version_id = ?2 AND n.entity_id = o.entity_id
         WHERE o.version_id = ?1 AND o.data <> n.data
           AND json_remove(o.data, '$.provenance.version')
               <> json_remove(n.data, '$.provenance.version')",
    )?;
    Ok((added, removed, changed))
}

/// The content hash of a set of input files: the SHA-256 of the sorted
/// SHA-256s of each file's bytes, in hex.
///
/// It depends on the files' contents only, not on their names, locations or
/// the order they are given in, so the same OFAC files downloaded again to a
/// new temporary directory hash the same.
pub fn content_sha256(paths: &[PathBuf]) -> Result<String> {
    let mut digests = Vec::with_capacity(paths.len());
    for path in paths {
        let io_error = |source| Error::Io { path: path.clone(), source };
        let mut file = std::fs::File::open(path).map_err(io_error)?;
        let mut hasher = Sha256::new();
        let mut buffer = vec![0u8; 64 * 1024];
        loop {
            let n = file.read(&mut buffer).map_err(io_error)?;
            if n == 0 {
                break;
            }
            hasher.update(&buffer[..n]);
        }
        digests.push(hex(&hasher.finalize()));
    }
    digests.sort();
    let mut hasher = Sha256::new();
    hasher.update(b"vigil-content-sha256-v1\n");
    for digest in &digests {
        hasher.update(digest.as_bytes());
        hasher.update(b"\n");
    }
    Ok(hex(&hasher.finalize()))
}

/// The hash of a list that came from no file: the SHA-256 of its parsed
/// contents, as JSON lines in order.
fn contents_sha256(contents: &Contents) -> Result<String> {
    fn feed(hasher: &mut Sha256, tag: &[u8], entity: &Entity) -> Result<()> {
        let json = serde_json::to_vec(entity).map_err(|source| Error::Json {
            version_id: 0,
            entity_id: entity.id.clone(),
            source,
        })?;
        hasher.update(tag);
        hasher.update(&json);
        hasher.update(b"\n");
        Ok(())
    }
    let mut hasher = Sha256::new();
    match contents {
        Contents::Full(entities) => {
            for entity in entities {
                feed(&mut hasher, b"F ", entity)?;
            }
        }
        Contents::Delta(ops) => {
            for op in ops {
                match op {
                    DeltaOp::Upsert(entity) => feed(&mut hasher, b"U ", entity)?,
                    DeltaOp::Delete(id) => {
                        hasher.update(b"D ");
                        hasher.update(id.as_bytes());
                        hasher.update(b"\n");
                    }
                }
            }
        }
    }
    Ok(hex(&hasher.finalize()))
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        let _ = write!(out, "{byte:02x}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_is_lower_case() {
        assert_eq!(hex(&[0x00, 0xab, 0x7f]), "00ab7f");
    }

    #[test]
    fn newer_schema_is_refused() -> Result<()> {
        let dir = tempfile::tempdir().map_err(|source| Error::Io { path: "tmp".into(), source })?;
        let path = dir.path().join("v.db");
        drop(Store::open(&path)?);
        {
            let conn = Connection::open(&path)?;
            conn.pragma_update(None, "user_version", 99)?;
        }
        match Store::open(&path) {
            Err(Error::NewerSchema { found: 99, .. }) => Ok(()),
            other => panic!("expected NewerSchema, got {other:?}"),
        }
    }

    #[test]
    fn foreign_database_is_refused() -> Result<()> {
        let dir = tempfile::tempdir().map_err(|source| Error::Io { path: "tmp".into(), source })?;
        let path = dir.path().join("other.db");
        Connection::open(&path)?.execute_batch("CREATE TABLE t (x)")?;
        assert!(matches!(Store::open(&path), Err(Error::NotVigilDatabase { .. })));
        Ok(())
    }
}
