//! The store's one error type and its `Result` alias.

use std::fmt::Write as _;
use std::path::PathBuf;

use vigil_lists::RecordError;

/// What can go wrong when opening, migrating, reading or writing the store.
///
/// Every variant says what caused it and, in its documentation, what to do
/// about it. A failed import never leaves a partial version behind: whatever
/// variant an import returns, the versions in force are the ones before it.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The database file could not be opened or created.
    /// Remedy: check that the directory exists and is writable.
    #[error("cannot open the store at {path}: {source}")]
    Open {
        /// The database file.
        path: PathBuf,
        /// The SQLite error.
        source: rusqlite::Error,
    },
    /// The file is an SQLite database of some other program.
    /// Remedy: point `--db` at a vigil database or at a new file.
    #[error("{path} is not a vigil database (application_id {application_id:#x})")]
    NotVigilDatabase {
        /// The database file.
        path: PathBuf,
        /// The `PRAGMA application_id` found in it.
        application_id: i64,
    },
    /// The database was written by a newer vigil with migrations this build
    /// does not know. Remedy: upgrade vigil; the database is left untouched.
    #[error("the store has schema version {found}, newer than the {supported} this vigil knows")]
    NewerSchema {
        /// The schema version found in the database.
        found: i64,
        /// The highest schema version this build knows.
        supported: i64,
    },
    /// A read-only open found a schema other than this build's. Remedy: open
    /// the store once with a writing command (`vigil ingest`, `vigil lists
    /// import`), which migrates it, or upgrade vigil if it is newer.
    #[error("the store has schema version {found}, not the {expected} this vigil reads without migrating")]
    SchemaMismatch {
        /// The schema version found in the database.
        found: i64,
        /// The schema version this build writes.
        expected: i64,
    },
    /// A query failed. Usually the disk is full, the file is corrupt, or
    /// another process held a lock longer than the busy timeout.
    /// Remedy: retry; if it persists, check the file with `sqlite3 .recover`.
    #[error("store query failed: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// A list with malformed records was refused: importing it would silently
    /// drop the bad records from the version. Remedy: fix or re-fetch the
    /// files; each error names its file and line.
    #[error("{}", record_errors_message(list, errors))]
    RecordErrors {
        /// The list's name.
        list: String,
        /// Every malformed record, as the parser reported it.
        errors: Vec<RecordError>,
    },
    /// A delta file was given for a list that has no stored version to apply
    /// it to. Remedy: import a full version of the list first.
    #[error("cannot apply a delta to {list}: no version of {list} is stored yet")]
    DeltaWithoutBase {
        /// The list's name.
        list: String,
    },
    /// A version reference (`list`, `list@version`, `list@previous`, or a
    /// numeric id) names no stored version. Remedy: see `vigil lists versions`.
    #[error("no stored version matches {reference:?}: {reason}")]
    UnknownVersion {
        /// The reference as given.
        reference: String,
        /// Why nothing matched.
        reason: String,
    },
    /// A source file could not be read to compute its content hash.
    /// Remedy: check that the file still exists and is readable.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A stored entity could not be decoded, or an entity could not be
    /// encoded. The store was written by an incompatible build or is corrupt.
    /// Remedy: re-import the list into a new database.
    #[error("entity {entity_id:?} of version {version_id}: {source}")]
    Json {
        /// The version the entity belongs to (0 while importing).
        version_id: i64,
        /// The entity's ID.
        entity_id: String,
        /// The serde error.
        source: serde_json::Error,
    },
}

/// `Result` with the store's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// One line per malformed record, `path:line: message`, under a heading.
fn record_errors_message(list: &str, errors: &[RecordError]) -> String {
    let mut out = format!(
        "refused to import {list}: {} malformed record{}",
        errors.len(),
        if errors.len() == 1 { "" } else { "s" }
    );
    for error in errors {
        out.push('\n');
        out.push_str(&format_record_error(error));
    }
    out
}

/// Formats a record error as `path:line (record R): message`, the shape
/// compilers use so editors can jump to it; the line and record parts are
/// left out when unknown.
pub fn format_record_error(error: &RecordError) -> String {
    let mut out = error.path.display().to_string();
    if let Some(line) = error.line {
        let _ = write!(out, ":{line}");
    }
    if let Some(record) = &error.record {
        let _ = write!(out, " (record {record})");
    }
    out.push_str(": ");
    out.push_str(&error.message);
    out
}
