//! `vigil lists ...`: import, diff, update and show list versions.
//!
//! Glue only: parsing is `vigil_lists`, persistence is `vigil_store`, and
//! downloading lives in the `update` submodule. Every list is imported on its
//! own and atomically, so one bad file costs only its own list; any failure
//! still makes the command exit 2 after the others are done.

pub(crate) mod update;

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::{Args, Subcommand};
use serde::Serialize;
use vigil_lists::{Contents, ListError, ParsedList};
use vigil_model::Entity;
use vigil_store::{ImportOutcome, ListVersion, Store};

use crate::shared::{self, Outcome};

pub use update::UpdateArgs;

/// The `lists` subcommands.
#[derive(Debug, Subcommand)]
pub enum ListsCommand {
    /// Import list files into the store (format detected)
    #[command(after_help = IMPORT_EXAMPLES)]
    Import(ImportArgs),
    /// Compare two versions of a list: stored versions or files
    #[command(after_help = DIFF_EXAMPLES)]
    Diff(DiffArgs),
    /// Show the stored versions of every list
    #[command(after_help = VERSIONS_EXAMPLES)]
    Versions(VersionsArgs),
    /// Download the official lists and import what changed
    #[command(after_help = update::UPDATE_HELP)]
    Update(UpdateArgs),
}

const IMPORT_EXAMPLES: &str = "\
Examples:
  vigil lists import sdn_2024-05-03.csv
  vigil lists import --db lists.db ofac/sdn.csv ofac/add.csv ofac/alt.csv ofac/sdn_comments.csv
  vigil lists import --json consolidated.xml ConList.csv
  vigil lists import --as opensanctions_default entities.ftm.json
  vigil lists import --as opensanctions_default entities.delta.json

OFAC companion files (add.csv, alt.csv, sdn_comments.csv) are joined with their sdn.csv.
Each list is imported atomically; importing the same files again changes nothing.
An FtM delta file is applied to the latest stored version of its list.
A list with malformed records is not imported: each error is printed as path:line: message
on stderr, the other lists are still imported, and the exit code is 2.";

const DIFF_EXAMPLES: &str = "\
Examples:
  vigil lists diff us_ofac_sdn@2024-04-26 us_ofac_sdn@2024-05-03
  vigil lists diff us_ofac_sdn@previous us_ofac_sdn
  vigil lists diff --json sdn_2024-04-26.csv sdn_2024-05-03.csv
  vigil lists diff us_ofac_sdn@2024-05-03 sdn_2024-05-10.csv

OLD and NEW are each an existing file, or a stored version: LIST (the latest), LIST@VERSION,
LIST@previous, or a numeric version id (see `vigil lists versions`). Two files need no store.
A delta file as NEW is applied to OLD.
--json prints one line per change: {\"change\": \"added\"|\"removed\"|\"changed\", \"id\", \"caption\", \"fields\"}.";

const VERSIONS_EXAMPLES: &str = "\
Examples:
  vigil lists versions
  vigil lists versions us_ofac_sdn
  vigil lists versions --json --db lists.db";

/// `vigil lists import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The store [default: $VIGIL_DB or vigil.db]
    #[arg(long, value_name = "PATH")]
    db: Option<PathBuf>,
    /// Print one JSON line per list instead of a summary
    #[arg(long)]
    json: bool,
    /// Store the lists under this name instead of the one the parser found
    /// (FtM files do not name their dataset reliably, and a delta chain must
    /// share one name)
    #[arg(long = "as", value_name = "LIST")]
    as_list: Option<String>,
    /// List files: UN XML, OFAC CSV (with companions), UK CSV/JSONL, FtM JSON, EU XML
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
}

/// `vigil lists diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The store, for stored versions [default: $VIGIL_DB or vigil.db]
    #[arg(long, value_name = "PATH")]
    db: Option<PathBuf>,
    /// Print one JSON line per change
    #[arg(long)]
    json: bool,
    /// The old version: a file, or LIST[@VERSION|@previous], or a version id
    #[arg(value_name = "OLD")]
    old: String,
    /// The new version, in the same forms
    #[arg(value_name = "NEW")]
    new: String,
}

/// `vigil lists versions`.
#[derive(Debug, Args)]
pub struct VersionsArgs {
    /// The store [default: $VIGIL_DB or vigil.db]
    #[arg(long, value_name = "PATH")]
    db: Option<PathBuf>,
    /// Print one JSON line per version
    #[arg(long)]
    json: bool,
    /// Only this list
    #[arg(value_name = "LIST")]
    list: Option<String>,
}

pub fn run(command: ListsCommand) -> anyhow::Result<Outcome> {
    match command {
        ListsCommand::Import(args) => import(args),
        ListsCommand::Diff(args) => diff(args),
        ListsCommand::Versions(args) => versions(args),
        ListsCommand::Update(args) => update::run(args),
    }
}

/// Opens (creating if needed) the store for a command that writes.
fn open_store(db: Option<&Path>) -> anyhow::Result<Store> {
    let path = db.map(PathBuf::from).unwrap_or_else(shared::default_db_path);
    Store::open(&path).with_context(|| format!("opening the store {}", path.display()))
}

/// Opens an existing store for a command that only reads, without creating
/// an empty database file as a side effect.
fn open_existing_store(db: Option<&Path>) -> anyhow::Result<Store> {
    let path = db.map(PathBuf::from).unwrap_or_else(shared::default_db_path);
    if !path.exists() {
        anyhow::bail!(
            "no store at {} (import a list with `vigil lists import FILE...`, or pass --db)",
            path.display()
        );
    }
    Store::open(&path).with_context(|| format!("opening the store {}", path.display()))
}

/// One list's import, as printed by `import` and `update`.
#[derive(Debug, Serialize)]
struct ImportLine {
    /// `imported`, `unchanged` or `failed`.
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    list: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    version_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    entities: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    previous_version_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    added: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    removed: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    changed: Option<u64>,
    sources: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

impl ImportLine {
    fn from_outcome(outcome: &ImportOutcome) -> ImportLine {
        let version = outcome.version();
        let mut line = ImportLine {
            status: "unchanged",
            list: Some(version.list.clone()),
            version: Some(version.version.clone()),
            version_id: Some(version.id),
            entities: Some(version.entity_count),
            previous_version_id: None,
            added: None,
            removed: None,
            changed: None,
            sources: version.sources.clone(),
            error: None,
        };
        if let ImportOutcome::Imported(report) = outcome {
            line.status = "imported";
            line.previous_version_id = report.previous_id;
            line.added = Some(report.added);
            line.removed = Some(report.removed);
            line.changed = Some(report.changed);
        }
        line
    }

    fn failed(list: Option<&str>, sources: Vec<String>, error: String) -> ImportLine {
        ImportLine {
            status: "failed",
            list: list.map(str::to_string),
            version: None,
            version_id: None,
            entities: None,
            previous_version_id: None,
            added: None,
            removed: None,
            changed: None,
            sources,
            error: Some(error),
        }
    }

    /// The human summary: one line per list.
    fn human(&self) -> String {
        let list = self.list.as_deref().unwrap_or("?");
        let version = self.version.as_deref().unwrap_or("?");
        match self.status {
            "imported" => {
                let mut text = format!(
                    "{list} {version}: imported as version {}, {} entities",
                    self.version_id.unwrap_or_default(),
                    self.entities.unwrap_or_default()
                );
                match self.previous_version_id {
                    Some(previous) => text.push_str(&format!(
                        " (+{} added, -{} removed, ~{} changed since version {previous})",
                        self.added.unwrap_or_default(),
                        self.removed.unwrap_or_default(),
                        self.changed.unwrap_or_default()
                    )),
                    None => text.push_str(" (first version)"),
                }
                text
            }
            "unchanged" => format!(
                "{list} {version}: already imported as version {}, nothing changed",
                self.version_id.unwrap_or_default()
            ),
            _ => format!("{list}: failed: {}", self.error.as_deref().unwrap_or("")),
        }
    }
}

/// Prints one import line as JSON or as the human summary.
fn print_line(out: &mut impl Write, json: bool, line: &ImportLine) -> anyhow::Result<()> {
    if json {
        shared::write_json_line(out, line)
    } else {
        writeln!(out, "{}", line.human())?;
        Ok(())
    }
}

/// Prints a parsed list's record errors as `path:line: message` on stderr,
/// with `location` mapping a path to what the user knows it as (a URL, for
/// downloads).
fn report_record_errors(parsed: &ParsedList, location: &dyn Fn(&Path) -> String) {
    for error in &parsed.errors {
        let mut error = error.clone();
        error.path = PathBuf::from(location(&error.path));
        eprintln!("{}", shared::format_record_error(&error));
    }
}

fn import(args: ImportArgs) -> anyhow::Result<Outcome> {
    for file in &args.files {
        if !file.exists() {
            anyhow::bail!("{}: no such file", file.display());
        }
    }
    let mut store = open_store(args.db.as_deref())?;
    // Parsing all files first lets load_paths group OFAC companions; the
    // bar then counts lists as they are imported.
    let parsed_lists = vigil_lists::load_paths(&args.files);
    let bar = shared::progress(parsed_lists.len() as u64, "importing");
    let mut out = shared::stdout();
    let mut n_failed = 0;
    for result in parsed_lists {
        bar.inc(1);
        let mut parsed = match result {
            Ok(parsed) => parsed,
            Err(err) => {
                n_failed += 1;
                let source = list_error_path(&err).display().to_string();
                bar.suspend(|| eprintln!("vigil: {err}; nothing imported from it"));
                if args.json {
                    print_line(
                        &mut out,
                        true,
                        &ImportLine::failed(None, vec![source], err.to_string()),
                    )?;
                }
                continue;
            }
        };
        if let Some(name) = &args.as_list {
            parsed.list.clone_from(name);
        }
        let sources: Vec<String> = parsed.sources.iter().map(|p| p.display().to_string()).collect();
        if !parsed.errors.is_empty() {
            n_failed += 1;
            let message = format!(
                "{} malformed record{} in {}; nothing imported from {}",
                parsed.errors.len(),
                if parsed.errors.len() == 1 { "" } else { "s" },
                sources.join(", "),
                parsed.list
            );
            bar.suspend(|| {
                report_record_errors(&parsed, &|path| path.display().to_string());
                eprintln!("vigil: {}: {message}", parsed.list);
            });
            if args.json {
                print_line(
                    &mut out,
                    true,
                    &ImportLine::failed(Some(&parsed.list), sources, message),
                )?;
            }
            continue;
        }
        match store.import(&parsed) {
            Ok(outcome) => {
                let line = ImportLine::from_outcome(&outcome);
                bar.suspend(|| print_line(&mut out, args.json, &line))?;
            }
            Err(err) => {
                n_failed += 1;
                let message = format!("{err}");
                bar.suspend(|| {
                    eprintln!(
                        "vigil: {} ({}): {message}; nothing imported",
                        parsed.list,
                        sources.join(", ")
                    )
                });
                if args.json {
                    print_line(
                        &mut out,
                        true,
                        &ImportLine::failed(Some(&parsed.list), sources, message),
                    )?;
                }
            }
        }
        out.flush()?;
    }
    bar.finish_and_clear();
    out.flush()?;
    if n_failed > 0 {
        anyhow::bail!("{n_failed} list{} not imported", if n_failed == 1 { "" } else { "s" });
    }
    Ok(Outcome::Found)
}

/// The file a list error is about.
fn list_error_path(err: &ListError) -> &Path {
    match err {
        ListError::Io { path, .. }
        | ListError::UnknownFormat { path, .. }
        | ListError::Malformed { path, .. } => path,
    }
}

/// One side of a diff, resolved.
struct Side {
    /// How to name it in the header.
    label: String,
    entities: Vec<Entity>,
}

fn diff(args: DiffArgs) -> anyhow::Result<Outcome> {
    let old_file = load_file_side(&args.old, None)?;
    let not_files: Vec<&str> = [&args.old, &args.new]
        .into_iter()
        .filter(|reference| !Path::new(reference.as_str()).is_file())
        .map(String::as_str)
        .collect();
    let store = match not_files.first() {
        Some(reference) => Some(open_existing_store(args.db.as_deref()).with_context(|| {
            format!("{reference:?} is not a file, so it must be a stored version")
        })?),
        None => None,
    };
    let stored = |reference: &str| -> anyhow::Result<Side> {
        stored_side(store.as_ref().expect("opened for non-files"), reference)
    };
    let old = match old_file {
        Some(side) => side,
        None => stored(&args.old)?,
    };
    let new = match load_file_side(&args.new, Some(&old))? {
        Some(side) => side,
        None => stored(&args.new)?,
    };
    let changes = vigil_lists::diff(&old.entities, &new.entities);
    let mut out = shared::stdout();
    if args.json {
        for change in &changes {
            shared::write_json_line(&mut out, change)?;
        }
    } else {
        let count = |kind| changes.iter().filter(|c| c.change == kind).count();
        use vigil_lists::ChangeKind::{Added, Changed, Removed};
        writeln!(out, "old: {}: {} entities", old.label, old.entities.len())?;
        writeln!(out, "new: {}: {} entities", new.label, new.entities.len())?;
        writeln!(
            out,
            "{} added, {} removed, {} changed",
            count(Added),
            count(Removed),
            count(Changed)
        )?;
        for (kind, sign) in [(Added, '+'), (Removed, '-'), (Changed, '~')] {
            for change in changes.iter().filter(|c| c.change == kind) {
                write!(out, "{sign} {} {}", change.id, change.caption)?;
                if kind == Changed {
                    write!(out, " ({})", change.fields.join(", "))?;
                }
                writeln!(out)?;
            }
        }
    }
    out.flush()?;
    Ok(Outcome::Found)
}

/// Parses `reference` when it names an existing file; `None` otherwise. A
/// delta file is applied to `base` (the OLD side); as OLD it is an error.
fn load_file_side(reference: &str, base: Option<&Side>) -> anyhow::Result<Option<Side>> {
    let path = Path::new(reference);
    if !path.is_file() {
        return Ok(None);
    }
    let mut results = vigil_lists::load_paths(&[path.to_path_buf()]);
    let parsed = match results.len() {
        1 => results.remove(0).with_context(|| format!("reading {}", path.display()))?,
        n => anyhow::bail!("{}: expected one list, found {n}", path.display()),
    };
    if !parsed.errors.is_empty() {
        report_record_errors(&parsed, &|p| p.display().to_string());
        anyhow::bail!(
            "{}: {} malformed record(s); a diff against part of a list would be misleading",
            path.display(),
            parsed.errors.len()
        );
    }
    let label = format!("{} {} ({})", parsed.list, parsed.version, path.display());
    let entities = match parsed.contents {
        Contents::Full(entities) => entities,
        Contents::Delta(ops) => match base {
            Some(base) => vigil_lists::apply_delta(base.entities.clone(), &ops),
            None => {
                anyhow::bail!("{}: a delta file can only be NEW, applied to OLD", path.display())
            }
        },
    };
    Ok(Some(Side { label, entities }))
}

fn stored_side(store: &Store, reference: &str) -> anyhow::Result<Side> {
    let version = store.resolve_version(reference)?;
    let entities = store
        .entities_of_version(version.id)
        .with_context(|| format!("reading version {} of {}", version.id, version.list))?;
    Ok(Side {
        label: format!("{}@{} (version {})", version.list, version.version, version.id),
        entities,
    })
}

/// A stored version as `vigil lists versions --json` prints it.
#[derive(Debug, Serialize)]
struct VersionLine<'a> {
    #[serde(flatten)]
    version: &'a ListVersion,
    /// Whether it is the version in force for its list.
    current: bool,
}

fn versions(args: VersionsArgs) -> anyhow::Result<Outcome> {
    let store = open_existing_store(args.db.as_deref())?;
    let versions = store.versions(args.list.as_deref())?;
    let current: BTreeMap<String, i64> =
        store.current_versions()?.into_iter().map(|v| (v.list, v.id)).collect();
    let mut out = shared::stdout();
    if args.json {
        for version in &versions {
            let line =
                VersionLine { version, current: current.get(&version.list) == Some(&version.id) };
            shared::write_json_line(&mut out, &line)?;
        }
    } else if versions.is_empty() {
        writeln!(out, "no versions stored")?;
    } else {
        let width = |f: fn(&ListVersion) -> usize, min: usize| {
            versions.iter().map(f).max().unwrap_or(0).max(min)
        };
        let w_id = width(|v| v.id.to_string().len(), 2);
        let w_list = width(|v| v.list.len(), 4);
        let w_version = width(|v| v.version.len(), 7);
        let w_format = width(|v| v.format.len(), 6);
        writeln!(
            out,
            "{:>w_id$}  {:w_list$}  {:w_version$}  {:w_format$}  {:>8}  {:20}  CURRENT",
            "ID", "LIST", "VERSION", "FORMAT", "ENTITIES", "IMPORTED"
        )?;
        for v in &versions {
            let is_current = current.get(&v.list) == Some(&v.id);
            writeln!(
                out,
                "{:>w_id$}  {:w_list$}  {:w_version$}  {:w_format$}  {:>8}  {:20}  {}",
                v.id,
                v.list,
                v.version,
                v.format,
                v.entity_count,
                v.imported_at,
                if is_current { "*" } else { "" }
            )?;
        }
    }
    out.flush()?;
    Ok(Outcome::Found)
}
