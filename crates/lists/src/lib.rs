//! Sanctions-list parsers: what does this list file say, and what changed
//! since the last version?
//!
//! Every official list vigil reads arrives in its own format: the UN's XML,
//! OFAC's headerless CSV with companion files, the UK's Windows-1252 CSV,
//! OpenSanctions' FollowTheMoney JSON lines and their deltas. This crate
//! turns each into the one [`vigil_model::Entity`] shape, keeps the
//! provenance of every record, and compares versions.
//!
//! # Principal items
//! - [`detect_format`] / [`detect_bytes`] sniff a file's [`Format`] from its
//!   content first and its name second.
//! - [`parse_file`] / [`parse_bytes`] turn one file into a [`ParsedList`]:
//!   the entities (or, for delta files, the [`DeltaOp`]s), the list name and
//!   version, and every malformed record as a [`RecordError`] naming the file
//!   and the line or record. [`parse_bytes_as`] skips detection.
//! - [`load_paths`] groups companion files (OFAC `sdn.csv` with `add.csv`,
//!   `alt.csv`, `sdn_comments.csv`; `cons_prim.csv` with `cons_add.csv` ...)
//!   and parses each group once.
//! - [`apply_delta`] applies an FtM delta to a previous version.
//! - [`diff`] compares two sets of entities by ID.
//!
//! # Why errors come in two kinds
//! One bad record must never fail a whole list, so a malformed row, record
//! or line becomes a [`RecordError`] inside an otherwise usable
//! [`ParsedList`], and parsing continues. Only a file that cannot be read as
//! its format at all (truncated XML, bytes that are not the declared
//! encoding, a file over [`MAX_FILE_BYTES`]) is a [`ListError`]. A caller
//! that wants atomic imports refuses a `ParsedList` whose `errors` is not
//! empty. Parsers never panic, whatever the input; the crate's tests feed
//! them garbage and `fuzz/` holds cargo-fuzz targets.
//!
//! # Encodings
//! UTF-8 formats (XML declared UTF-8, JSON) are refused with the byte offset
//! of the first invalid sequence rather than decoded lossily. The UK OFSI CSV
//! is decoded as Windows-1252 on purpose, because that is what OFSI
//! publishes (UTF-8 only with a byte-order mark). OFAC's CSVs are ASCII; a
//! field that is not UTF-8 is read as Windows-1252, OFAC's older encoding.
//!
//! # Example
//! ```
//! use vigil_lists::{parse_bytes, Contents};
//!
//! let csv = b"35096,\"PUTIN, Vladimir Vladimirovich\",\"individual\",\"RUSSIA-EO14024\",\
//! \"President of the Russian Federation\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\
//! \"DOB 07 Oct 1952; POB Leningrad, Russia; nationality Russia; Gender Male.\"\r\n\x1a";
//! let parsed = parse_bytes("sdn_2024-05-03.csv", csv).unwrap();
//! assert_eq!(parsed.list, "us_ofac_sdn");
//! assert_eq!(parsed.version, "2024-05-03");
//! assert!(parsed.errors.is_empty());
//! let Contents::Full(entities) = &parsed.contents else { panic!("a full list") };
//! let putin = &entities[0];
//! assert_eq!(putin.id, "us_ofac_sdn-35096");
//! assert_eq!(putin.birth_dates[0].to_string(), "1952-10-07");
//! assert_eq!(putin.programs, ["RUSSIA-EO14024"]);
//! assert_eq!(putin.nationalities, ["ru"]);
//! ```
//!
//! This crate does no scoring and touches no database.
#![deny(missing_docs)]

mod detect;
mod diff;
mod eu;
mod ftm;
mod ofac;
mod remarks;
mod uk;
mod un;
mod util;
mod xml;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::Serialize;
use vigil_model::Entity;

pub use detect::{detect_bytes, detect_format};
pub use diff::{apply_delta, diff};

/// Files larger than this are refused with [`ListError::Malformed`]. The
/// largest official list (OFAC's `sdn_advanced.xml`) is well under 200 MB.
pub const MAX_FILE_BYTES: u64 = 1 << 30;

/// A single record, row or line larger than this is refused as a
/// [`RecordError`]; real records are a few kilobytes.
pub const MAX_RECORD_BYTES: usize = 10 * 1024 * 1024;

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
// Upserts are the common case, so boxing the entity would only add an
// allocation per op; the shape is part of the agreed contract.
#[allow(clippy::large_enum_variant)]
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
    /// Records skipped on purpose, counted by reason: FtM entities whose
    /// schema is not a thing vigil screens (`"schema Sanction"`), for
    /// example. These are not errors.
    pub skipped: BTreeMap<String, usize>,
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

/// Parses one list file (and its companions, found next to it).
///
/// An OFAC `sdn.csv` or `cons_prim.csv` picks up `add.csv`, `alt.csv` and
/// `sdn_comments.csv` (or their `cons_` forms) from its directory, provided
/// the directory holds only one primary file of that kind (otherwise the
/// companions could belong to another version). Given a companion file, the
/// primary file next to it is parsed.
pub fn parse_file(path: &Path) -> Result<ParsedList, ListError> {
    let bytes = read_limited(path)?;
    let name = file_name(path);
    if let Some(role) = detect::ofac_role(&name) {
        if role.is_companion() || detect_bytes(&name, &bytes).is_ok_and(is_ofac) {
            let dir = path.parent().unwrap_or(Path::new("."));
            let mut files = detect::discover_ofac(dir, role.kind);
            if role.is_companion() {
                if files.primary.is_none() {
                    return Err(ListError::UnknownFormat {
                        path: path.to_path_buf(),
                        reason: "an OFAC companion file without its primary file".to_string(),
                    });
                }
            } else {
                files.primary = Some(path.to_path_buf());
            }
            return parse_ofac_files(role.kind, &files);
        }
    }
    let format = detect_bytes(&name, &bytes).map_err(|err| with_path(err, path))?;
    parse_with_path(format, path, &bytes)
}

/// Parses in-memory bytes; `name` is the file name, used as a format hint
/// and for the version. OFAC companions cannot be joined this way: use
/// [`parse_file`] or [`load_paths`] for them.
pub fn parse_bytes(name: &str, bytes: &[u8]) -> Result<ParsedList, ListError> {
    let format = detect_bytes(name, bytes)?;
    parse_bytes_as(format, name, bytes)
}

/// Parses in-memory bytes as a given format, without detection.
pub fn parse_bytes_as(format: Format, name: &str, bytes: &[u8]) -> Result<ParsedList, ListError> {
    parse_with_path(format, Path::new(name), bytes)
}

fn parse_with_path(format: Format, path: &Path, bytes: &[u8]) -> Result<ParsedList, ListError> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(path, bytes.len() as u64));
    }
    let mut ctx = util::Ctx::new(path);
    let (list, version, contents) = match format {
        Format::OfacSdn | Format::OfacConsolidated => {
            let group = ofac::Group {
                primary: ofac::Part { path, bytes },
                add: None,
                alt: None,
                comments: None,
            };
            let list = ofac_list_name(format);
            let version = file_version(path, bytes);
            let entities = ofac::parse_group(&mut ctx, &group, list, &version);
            (list.to_string(), version, Contents::Full(entities))
        }
        Format::UnXml => {
            let (version, entities) = un::parse(&mut ctx, bytes)?;
            let version = version.unwrap_or_else(|| file_version(path, bytes));
            ("un_sc".to_string(), version, Contents::Full(entities))
        }
        Format::UkOfsiCsv => {
            let (version, entities) = uk::parse_conlist(&mut ctx, bytes)?;
            let version = version.unwrap_or_else(|| file_version(path, bytes));
            ("gb_ofsi".to_string(), version, Contents::Full(entities))
        }
        Format::UkSanctionsJsonl => {
            let version = file_version(path, bytes);
            let entities = uk::parse_jsonl(&mut ctx, bytes, &version)?;
            ("gb_fcdo".to_string(), version, Contents::Full(entities))
        }
        Format::FtmEntities | Format::FtmDelta => {
            let parsed = ftm::parse(&mut ctx, bytes, format == Format::FtmDelta, path)?;
            (parsed.list, parsed.version, parsed.contents)
        }
        Format::EuFsfXml => {
            let (version, entities) = eu::parse(&mut ctx, bytes)?;
            let version = version.unwrap_or_else(|| file_version(path, bytes));
            ("eu_fsf".to_string(), version, Contents::Full(entities))
        }
    };
    Ok(ParsedList {
        format,
        list,
        version,
        sources: vec![path.to_path_buf()],
        contents,
        errors: ctx.errors,
        skipped: ctx.skipped,
    })
}

/// Parses every path, grouping companion files so each list is parsed once.
///
/// Results come in the order of each group's first path. OFAC companions
/// given without their primary file are looked up next to it, as
/// [`parse_file`] does; the same file given twice is parsed once.
pub fn load_paths(paths: &[PathBuf]) -> Vec<Result<ParsedList, ListError>> {
    enum Job {
        Single(PathBuf),
        Ofac(detect::OfacKind, PathBuf),
    }
    let mut jobs: Vec<Job> = Vec::new();
    let mut groups: HashMap<(PathBuf, detect::OfacKind), (usize, detect::OfacFiles)> =
        HashMap::new();
    let mut seen: Vec<PathBuf> = Vec::new();
    for path in paths {
        if seen.contains(path) {
            continue;
        }
        seen.push(path.clone());
        let name = file_name(path);
        let Some(role) = detect::ofac_role(&name) else {
            jobs.push(Job::Single(path.clone()));
            continue;
        };
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let key = (dir.clone(), role.kind);
        let entry = groups.entry(key).or_insert_with(|| {
            jobs.push(Job::Ofac(role.kind, dir.clone()));
            (jobs.len() - 1, detect::OfacFiles::default())
        });
        let slot = match role.role {
            detect::Role::Primary => &mut entry.1.primary,
            detect::Role::Add => &mut entry.1.add,
            detect::Role::Alt => &mut entry.1.alt,
            detect::Role::Comments => &mut entry.1.comments,
        };
        if slot.is_none() {
            *slot = Some(path.clone());
        } else if role.role == detect::Role::Primary {
            // Two primaries in one directory are two versions: parse apart.
            jobs.push(Job::Single(path.clone()));
        }
    }
    let run = |job: &Job| match job {
        Job::Single(path) => parse_file(path),
        Job::Ofac(kind, dir) => {
            let mut files = groups[&(dir.clone(), *kind)].1.clone();
            let found = detect::discover_ofac(dir, *kind);
            if files.primary.is_none() {
                files.primary = found.primary.clone();
            }
            // Fill missing companions only from an unambiguous directory.
            let same_primary = match (&found.primary, &files.primary) {
                (Some(a), Some(b)) => a.file_name() == b.file_name(),
                _ => false,
            };
            if same_primary {
                files.add = files.add.or(found.add);
                files.alt = files.alt.or(found.alt);
                files.comments = files.comments.or(found.comments);
            }
            match &files.primary {
                Some(_) => parse_ofac_files(*kind, &files),
                None => Err(ListError::UnknownFormat {
                    path: files.any_path().unwrap_or_else(|| dir.clone()),
                    reason: "an OFAC companion file without its primary file".to_string(),
                }),
            }
        }
    };
    parallel_map(&jobs, run)
}

/// Maps `f` over `items` on a few scoped threads, keeping the order. Lists
/// are independent, and parsing is CPU-bound once the file is read.
fn parallel_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Mutex;
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(items.len());
    if threads <= 1 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<R>>> = Mutex::new((0..items.len()).map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                let Some(item) = items.get(index) else { break };
                let result = f(item);
                if let Ok(mut results) = results.lock() {
                    results[index] = Some(result);
                }
            });
        }
    });
    results.into_inner().unwrap_or_default().into_iter().flatten().collect()
}

fn parse_ofac_files(
    kind: detect::OfacKind,
    files: &detect::OfacFiles,
) -> Result<ParsedList, ListError> {
    let primary_path = files.primary.clone().unwrap_or_default();
    let primary = read_limited(&primary_path)?;
    let read = |path: &Option<PathBuf>| -> Result<Option<(PathBuf, Vec<u8>)>, ListError> {
        match path {
            Some(path) => Ok(Some((path.clone(), read_limited(path)?))),
            None => Ok(None),
        }
    };
    let add = read(&files.add)?;
    let alt = read(&files.alt)?;
    let comments = read(&files.comments)?;
    fn part(file: &Option<(PathBuf, Vec<u8>)>) -> Option<ofac::Part<'_>> {
        file.as_ref().map(|(path, bytes)| ofac::Part { path: path.as_path(), bytes })
    }
    let group = ofac::Group {
        primary: ofac::Part { path: &primary_path, bytes: &primary },
        add: part(&add),
        alt: part(&alt),
        comments: part(&comments),
    };
    let format = match kind {
        detect::OfacKind::Sdn => Format::OfacSdn,
        detect::OfacKind::Consolidated => Format::OfacConsolidated,
    };
    let list = ofac_list_name(format);
    let version = file_version(&primary_path, &primary);
    let mut ctx = util::Ctx::new(&primary_path);
    let entities = ofac::parse_group(&mut ctx, &group, list, &version);
    let mut sources = vec![primary_path.clone()];
    sources.extend([&add, &alt, &comments].into_iter().flatten().map(|(p, _)| p.clone()));
    Ok(ParsedList {
        format,
        list: list.to_string(),
        version,
        sources,
        contents: Contents::Full(entities),
        errors: ctx.errors,
        skipped: ctx.skipped,
    })
}

fn ofac_list_name(format: Format) -> &'static str {
    if format == Format::OfacConsolidated {
        "us_ofac_cons"
    } else {
        "us_ofac_sdn"
    }
}

fn is_ofac(format: Format) -> bool {
    matches!(format, Format::OfacSdn | Format::OfacConsolidated)
}

/// The version a file name implies, or a content hash prefix.
fn file_version(path: &Path, bytes: &[u8]) -> String {
    util::version_from_path(path).unwrap_or_else(|| util::content_hash(bytes))
}

fn file_name(path: &Path) -> String {
    path.file_name().and_then(|n| n.to_str()).unwrap_or("").to_string()
}

fn too_large(path: &Path, len: u64) -> ListError {
    ListError::Malformed {
        path: path.to_path_buf(),
        message: format!("file is {len} bytes, over the limit of {MAX_FILE_BYTES} bytes"),
    }
}

/// Reads a whole file, refusing one over [`MAX_FILE_BYTES`].
fn read_limited(path: &Path) -> Result<Vec<u8>, ListError> {
    let io = |source| ListError::Io { path: path.to_path_buf(), source };
    let len = std::fs::metadata(path).map_err(io)?.len();
    if len > MAX_FILE_BYTES {
        return Err(too_large(path, len));
    }
    std::fs::read(path).map_err(io)
}

/// Replaces the path of an error raised on in-memory bytes.
fn with_path(err: ListError, path: &Path) -> ListError {
    match err {
        ListError::UnknownFormat { reason, .. } => {
            ListError::UnknownFormat { path: path.to_path_buf(), reason }
        }
        ListError::Malformed { message, .. } => {
            ListError::Malformed { path: path.to_path_buf(), message }
        }
        other => other,
    }
}
