//! Sanctions-list parsers: what does this list file say, and what changed
//! since the last version?
//!
//! CONTRACT (agreed between crates; the implementation fills it in):
//! - [`detect_format`] sniffs a file's format from its name and first bytes.
//! - [`parse_file`] / [`parse_bytes`] turn one file into a [`ParsedList`]:
//!   the entities, the list name and version, and every malformed record as a
//!   [`RecordError`] naming the file and the line or record. Parsers never
//!   panic; a caller that wants atomic imports refuses a `ParsedList` whose
//!   `errors` is not empty.
//! - [`load_paths`] groups companion files (OFAC `sdn.csv` with `add.csv`,
//!   `alt.csv`, `sdn_comments.csv`; `cons_prim.csv` with `cons_add.csv` ...)
//!   and parses each group once.
//! - [`diff`] compares two sets of entities by ID.
//!
//! This crate does no scoring and touches no database.
#![deny(missing_docs)]

use std::path::{Path, PathBuf};

use serde::Serialize;
use vigil_model::Entity;

/// The list formats vigil reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// UN Security Council consolidated list XML.
    UnXml,
    /// OFAC `sdn.csv` (optionally with add/alt/sdn_comments companions).
    OfacSdn,
    /// OFAC consolidated non-SDN `cons_prim.csv` (with cons_add/cons_alt/cons_comments).
    OfacConsolidated,
    /// UK OFSI consolidated list CSV (ConList.csv, Windows-1252).
    UkOfsiCsv,
    /// UK Sanctions List records as JSON lines (derived format).
    UkSanctionsJsonl,
    /// OpenSanctions FollowTheMoney entities as JSON lines.
    FtmEntities,
    /// OpenSanctions FtM delta file: `{"op": ADD|MOD|DEL, "entity": {...}}` lines.
    FtmDelta,
    /// EU financial sanctions (FSF) XML.
    EuFsfXml,
}

/// Whether a parsed file is a whole list or changes to one.
#[derive(Debug, Clone, PartialEq)]
pub enum Contents {
    /// A complete version of the list.
    Full(Vec<Entity>),
    /// Changes to apply to the previous version of the same list.
    Delta(Vec<DeltaOp>),
}

/// One change of an FtM delta file.
#[derive(Debug, Clone, PartialEq)]
pub enum DeltaOp {
    /// Add or replace (ADD and MOD) an entity.
    Upsert(Entity),
    /// Remove the entity with this vigil ID.
    Delete(String),
}

/// One malformed record or line, with its location.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecordError {
    /// The file it was found in.
    pub path: PathBuf,
    /// 1-based line number, when the format is line-oriented.
    pub line: Option<u64>,
    /// The record's own ID or index, when known.
    pub record: Option<String>,
    /// What is wrong, without a trailing period.
    pub message: String,
}

/// A list file (or group of companion files) after parsing.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedList {
    /// The detected format.
    pub format: Format,
    /// The list's stable name: `un_sc`, `us_ofac_sdn`, `us_ofac_cons`,
    /// `gb_ofsi`, `gb_fcdo`, `eu_fsf`, or for FtM the dataset name.
    pub list: String,
    /// The version: the date the file states, or else a date derived from
    /// the file name, or else its content hash prefix.
    pub version: String,
    /// The files this was read from.
    pub sources: Vec<PathBuf>,
    /// The entities, or the changes.
    pub contents: Contents,
    /// Every malformed record; empty for a clean file.
    pub errors: Vec<RecordError>,
}

/// The kind of one change between two versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// In the new version only.
    Added,
    /// In the old version only.
    Removed,
    /// In both, with different fields.
    Changed,
}

/// One entry of a version diff, in the shape `vigil lists diff --json` prints.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// Added, removed or changed.
    pub change: ChangeKind,
    /// The entity ID.
    pub id: String,
    /// The entity caption (new version's when changed).
    pub caption: String,
    /// The names of the fields that differ (all set fields for added/removed).
    pub fields: Vec<String>,
}

/// A file that could not be read at all (as opposed to a bad record in it).
#[derive(Debug, thiserror::Error)]
pub enum ListError {
    /// The file could not be opened or read. Remedy: check the path.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The format could not be recognised. Remedy: pass a supported list file.
    #[error("{path}: not a recognised sanctions list format ({reason})")]
    UnknownFormat {
        /// The file.
        path: PathBuf,
        /// What was seen instead.
        reason: String,
    },
    /// The file as a whole is malformed (bad XML, wrong encoding, truncated).
    /// Remedy: fetch the file again.
    #[error("{path}: {message}")]
    Malformed {
        /// The file.
        path: PathBuf,
        /// Where and what.
        message: String,
    },
}

/// Detects the format of a list file.
pub fn detect_format(path: &Path) -> Result<Format, ListError> {
    let _ = path;
    unimplemented!("filled in by the lists implementation")
}

/// Parses one list file (and its companions, found next to it).
pub fn parse_file(path: &Path) -> Result<ParsedList, ListError> {
    let _ = path;
    unimplemented!("filled in by the lists implementation")
}

/// Parses every path, grouping companion files so each list is parsed once.
pub fn load_paths(paths: &[PathBuf]) -> Vec<Result<ParsedList, ListError>> {
    let _ = paths;
    unimplemented!("filled in by the lists implementation")
}

/// Compares two versions of a list by entity ID.
pub fn diff(old: &[Entity], new: &[Entity]) -> Vec<Change> {
    let _ = (old, new);
    unimplemented!("filled in by the lists implementation")
}
