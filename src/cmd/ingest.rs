//! `vigil ingest lists|ais|events|docs|screening FILE...`: fill the store
//! that `vigil serve` and reports read, raising alerts as findings arrive.
//!
//! Each input is read line by line (plain or gzip, lines bounded in length)
//! and committed in batches through `vigil_store::Store::commit_batch`,
//! which writes the records, their alerts and the file's progress in one
//! transaction. So an ingest killed midway keeps every committed batch and
//! a re-run continues from the first line not committed; a file ingested in
//! full is recognised by its content hash and skipped. Malformed lines are
//! reported as `path:line: message`, counted, and skipped; any makes the
//! exit status 2 once every file is done.
//!
//! The inputs are the JSON lines of the other vigil commands, so that the
//! store does not depend on the detectors' and scanner's libraries while
//! they change: `vigil ais decode` (positions and static data), `vigil ais
//! events`, `vigil scan`, and `vigil screen` (or a counterparty CSV, screened
//! here against the lists in the store). `ingest lists` imports lists as
//! `vigil lists import` does and then re-screens every stored query and
//! vessel against the lists now in force.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::{Args, Subcommand};
use serde::Serialize;
use serde_json::Value;
use sha2::Digest;
use vigil_match::{Index, SearchOptions};
use vigil_store::{
    normalize_timestamp, BatchReport, DocumentRecord, EventRecord, HitRecord, IdentityRecord,
    IndicatorRecord, LineRecord, MentionRecord, PositionRecord, Record, ScreeningRecord,
    SourceKind, Store,
};

use crate::shared::{self, Outcome};

/// The longest line read; a longer one is a malformed line (a scanned
/// document with its text can be long, a position line is short).
const MAX_LINE_BYTES: usize = 32 * 1024 * 1024;
/// Malformed lines printed per file; the rest are only counted.
const MAX_PRINTED_ERRORS: u64 = 20;

/// The `ingest` subcommands.
#[derive(Debug, Subcommand)]
pub enum IngestCommand {
    /// Import list files (as `vigil lists import`), then re-screen stored
    /// queries and vessels against the lists now in force
    Lists(ListsArgs),
    /// Positions and vessel identities from `vigil ais decode` JSON lines
    Ais(FileArgs),
    /// Events from `vigil ais events` JSON lines
    Events(FileArgs),
    /// Documents with their findings from `vigil scan` JSON lines
    Docs(FileArgs),
    /// Screening results from `vigil screen` JSON lines, or a counterparty
    /// CSV screened now against the lists in the store
    Screening(ScreeningArgs),
}

const FILE_HELP: &str = "\
Each file is committed in batches; a killed ingest resumes where it stopped,
and a file ingested in full (same bytes) is skipped. Files may be gzip.
Malformed lines are printed as path:line: message and skipped; exit code 2.";

/// Arguments shared by the file ingests.
#[derive(Debug, Args)]
#[command(after_help = FILE_HELP)]
pub struct FileArgs {
    /// The store [default: $VIGIL_DB or vigil.db]
    #[arg(long, value_name = "PATH")]
    db: Option<PathBuf>,
    /// Print one JSON line per file instead of a summary
    #[arg(long)]
    json: bool,
    /// Lines per transaction
    #[arg(long, default_value_t = 2000, value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    batch: u64,
    /// Input files (JSON lines, plain or gzip)
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
}

/// `vigil ingest screening`.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  vigil screen --db vigil.db --input counterparties.csv > hits.jsonl && vigil ingest screening hits.jsonl
  vigil ingest screening --threshold 0.85 counterparties.csv

A .csv file is screened against the store's current lists (columns as for
vigil screen --input); any other file is read as vigil screen output.")]
pub struct ScreeningArgs {
    #[command(flatten)]
    files: FileArgs,
    /// Hits of a CSV screening at or above this score are stored
    #[arg(long, default_value_t = vigil_match::DEFAULT_THRESHOLD)]
    threshold: f64,
}

/// `vigil ingest lists`.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  vigil ingest lists sdn.csv consolidated.xml
  vigil ingest lists --as opensanctions_default entities.delta.json

Lists are imported as by vigil lists import. Afterwards every query screened
before and every vessel seen is checked against the lists now in force: new
matches, newly listed vessels and delisted matches become alerts.")]
pub struct ListsArgs {
    /// The store [default: $VIGIL_DB or vigil.db]
    #[arg(long, value_name = "PATH")]
    db: Option<PathBuf>,
    /// Print one JSON line per list instead of a summary
    #[arg(long)]
    json: bool,
    /// Store the lists under this name
    #[arg(long = "as", value_name = "LIST")]
    as_list: Option<String>,
    /// List files (any format vigil lists import reads)
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
}

/// One file's ingest, as printed.
#[derive(Debug, Serialize)]
struct FileLine {
    file: String,
    kind: &'static str,
    /// `ingested`, `resumed`, `unchanged` or `failed`.
    status: &'static str,
    lines: u64,
    errors: u64,
    #[serde(flatten)]
    report: BatchReport,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

pub fn run(command: IngestCommand) -> anyhow::Result<Outcome> {
    match command {
        IngestCommand::Lists(args) => lists(args),
        IngestCommand::Ais(args) => ingest_files(&args, SourceKind::Ais, &mut parse_ais),
        IngestCommand::Events(args) => ingest_files(&args, SourceKind::Events, &mut parse_event),
        IngestCommand::Docs(args) => ingest_files(&args, SourceKind::Docs, &mut parse_document),
        IngestCommand::Screening(args) => screening(args),
    }
}

fn db_path(db: Option<&Path>) -> PathBuf {
    db.map(PathBuf::from).unwrap_or_else(shared::default_db_path)
}

fn open_store(db: Option<&Path>) -> anyhow::Result<Store> {
    let path = db_path(db);
    Store::open(&path).with_context(|| format!("opening the store {}", path.display()))
}

/// What a line parser returns: the records of the line, or why it is
/// malformed.
pub(crate) type Parsed = Result<Vec<Record>, String>;

/// A line parser: the line's bytes and its 1-based number.
type LineParser<'a> = dyn FnMut(&[u8], u64) -> Parsed + 'a;

fn ingest_files(
    args: &FileArgs,
    kind: SourceKind,
    parse: &mut LineParser<'_>,
) -> anyhow::Result<Outcome> {
    for file in &args.files {
        if !file.is_file() {
            anyhow::bail!("{}: no such file", file.display());
        }
    }
    let mut store = open_store(args.db.as_deref())?;
    let mut out = shared::stdout();
    let mut any_failed = false;
    for file in &args.files {
        let line = match ingest_file(&mut store, kind, file, args.batch, parse) {
            Ok(line) => line,
            Err(err) => FileLine {
                file: file.display().to_string(),
                kind: kind.as_str(),
                status: "failed",
                lines: 0,
                errors: 0,
                report: BatchReport::default(),
                error: Some(format!("{err:#}")),
            },
        };
        any_failed |= line.status == "failed" || line.errors > 0;
        print_file_line(&mut out, args.json, &line)?;
    }
    out.flush()?;
    if any_failed {
        anyhow::bail!("some input was malformed or failed (see above)");
    }
    Ok(Outcome::Found)
}

fn print_file_line(out: &mut impl Write, json: bool, line: &FileLine) -> anyhow::Result<()> {
    if json {
        return shared::write_json_line(out, line);
    }
    let r = &line.report;
    match &line.error {
        Some(error) => writeln!(out, "{}: failed: {error}", line.file)?,
        None => writeln!(
            out,
            "{}: {} ({} lines, {} new records, {} already stored, {} alerts raised, {} alerts updated, {} malformed lines)",
            line.file, line.status, line.lines, r.inserted, r.duplicates, r.alerts_created,
            r.alerts_updated, line.errors
        )?,
    }
    Ok(())
}

/// Opens a file, through gzip when it starts with gzip's magic bytes.
pub(crate) fn open_input(path: &Path) -> anyhow::Result<Box<dyn BufRead>> {
    let mut file = File::open(path).with_context(|| format!("{}: cannot open", path.display()))?;
    let mut magic = [0u8; 2];
    let n = file.read(&mut magic)?;
    let file = File::open(path).with_context(|| format!("{}: cannot open", path.display()))?;
    Ok(if n == 2 && magic == [0x1f, 0x8b] {
        Box::new(BufReader::with_capacity(256 * 1024, flate2::read::MultiGzDecoder::new(file)))
    } else {
        Box::new(BufReader::with_capacity(256 * 1024, file))
    })
}

/// Reads one line into `buf` without its newline; `Ok(None)` at the end,
/// `Ok(Some(false))` for a line longer than [`MAX_LINE_BYTES`] (skipped).
pub(crate) fn read_line(
    reader: &mut dyn BufRead,
    buf: &mut Vec<u8>,
) -> std::io::Result<Option<bool>> {
    buf.clear();
    let n = Read::take(&mut *reader, MAX_LINE_BYTES as u64 + 1).read_until(b'\n', buf)?;
    if n == 0 {
        return Ok(None);
    }
    if buf.last() == Some(&b'\n') {
        buf.pop();
        if buf.last() == Some(&b'\r') {
            buf.pop();
        }
        return Ok(Some(true));
    }
    if buf.len() > MAX_LINE_BYTES {
        // Skip the rest of the over-long line.
        let mut rest = Vec::new();
        loop {
            rest.clear();
            let n = Read::take(&mut *reader, 1 << 20).read_until(b'\n', &mut rest)?;
            if n == 0 || rest.last() == Some(&b'\n') {
                break;
            }
        }
        return Ok(Some(false));
    }
    Ok(Some(true))
}

fn ingest_file(
    store: &mut Store,
    kind: SourceKind,
    path: &Path,
    batch_lines: u64,
    parse: &mut LineParser<'_>,
) -> anyhow::Result<FileLine> {
    let shown = path.display().to_string();
    let sha256 = vigil_store::content_sha256(&[path.to_path_buf()])?;
    let source = store.open_source(kind, &shown, &sha256)?;
    let mut line = FileLine {
        file: shown.clone(),
        kind: kind.as_str(),
        status: if source.next_line > 1 { "resumed" } else { "ingested" },
        lines: 0,
        errors: 0,
        report: BatchReport::default(),
        error: None,
    };
    if source.is_finished() {
        line.status = "unchanged";
        line.lines = source.next_line - 1;
        return Ok(line);
    }
    let mut reader = open_input(path)?;
    let mut buf = Vec::new();
    let mut batch: Vec<LineRecord> = Vec::new();
    let mut batch_errors = 0u64;
    let mut line_no = 0u64;
    let mut batch_start = source.next_line;
    while let Some(fits) = read_line(&mut *reader, &mut buf)
        .with_context(|| format!("{shown}:{}: cannot read", line_no + 1))?
    {
        line_no += 1;
        if line_no < source.next_line {
            continue;
        }
        let parsed = if !fits {
            Err(format!("line longer than {MAX_LINE_BYTES} bytes"))
        } else if buf.iter().all(u8::is_ascii_whitespace) {
            Ok(Vec::new())
        } else {
            parse(&buf, line_no)
        };
        match parsed {
            Ok(records) => {
                batch.extend(records.into_iter().map(|record| LineRecord { line: line_no, record }))
            }
            Err(message) => {
                line.errors += 1;
                batch_errors += 1;
                if line.errors <= MAX_PRINTED_ERRORS {
                    eprintln!("{shown}:{line_no}: {message}");
                }
            }
        }
        if line_no + 1 - batch_start >= batch_lines {
            line.report.add(store.commit_batch(source.id, &batch, line_no + 1, batch_errors)?);
            batch.clear();
            batch_errors = 0;
            batch_start = line_no + 1;
        }
    }
    line.report.add(store.commit_batch(source.id, &batch, line_no + 1, batch_errors)?);
    let finished = store.finish_source(source.id)?;
    line.lines = line_no;
    if line.errors > MAX_PRINTED_ERRORS {
        eprintln!("{shown}: {} malformed lines in all", line.errors);
    }
    debug_assert!(finished.is_finished());
    Ok(line)
}

fn json_object(bytes: &[u8]) -> Result<serde_json::Map<String, Value>, String> {
    match serde_json::from_slice::<Value>(bytes) {
        Ok(Value::Object(object)) => Ok(object),
        Ok(_) => Err("not a JSON object".into()),
        Err(e) => Err(format!("not JSON: {e}")),
    }
}

fn text_field(object: &serde_json::Map<String, Value>, key: &str) -> Option<String> {
    object
        .get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
}

/// A timestamp field as the store keeps it: ISO 8601 text or Unix seconds.
fn time_field(
    object: &serde_json::Map<String, Value>,
    key: &str,
) -> Result<Option<String>, String> {
    match object.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => normalize_timestamp(text).map(Some).ok_or_else(|| {
            format!("{key}: not a time: {:?}", text.chars().take(40).collect::<String>())
        }),
        Some(Value::Number(n)) => n
            .as_i64()
            .and_then(vigil_store::format_epoch)
            .map(Some)
            .ok_or_else(|| format!("{key}: not a time: {n}")),
        Some(_) => Err(format!("{key}: not a time")),
    }
}

fn mmsi_field(object: &serde_json::Map<String, Value>) -> Result<u32, String> {
    object
        .get("mmsi")
        .and_then(Value::as_u64)
        .filter(|&m| m > 0 && m <= 999_999_999)
        .map(|m| m as u32)
        .ok_or_else(|| "mmsi: missing or not a 9-digit number".into())
}

/// A line of `vigil ais decode`: a position (types 1–3, 18, 19, 27 with a
/// receive time and an available position) and/or static data (types 5, 19,
/// 24). Other messages are valid and give no record.
pub(crate) fn parse_ais(bytes: &[u8], _line: u64) -> Parsed {
    let object = json_object(bytes)?;
    let message_type = object.get("type").and_then(Value::as_u64).ok_or("type: missing")?;
    let mmsi = mmsi_field(&object)?;
    let Some(ts) = time_field(&object, "ts")? else { return Ok(Vec::new()) };
    let src = text_field(&object, "src");
    let mut records = Vec::new();
    if matches!(message_type, 1 | 2 | 3 | 18 | 19 | 27) {
        let lat = object.get("lat").and_then(Value::as_f64);
        let lon = object.get("lon").and_then(Value::as_f64);
        if let (Some(lat), Some(lon)) = (lat, lon) {
            if lat.abs() <= 90.0 && lon.abs() <= 180.0 {
                let speed = object.get("speed").and_then(Value::as_f64);
                let course = object.get("course").and_then(Value::as_f64);
                records.push(Record::Position(PositionRecord {
                    mmsi,
                    ts: ts.clone(),
                    lat,
                    lon,
                    speed: speed.filter(|s| *s < 102.3),
                    course: course.filter(|c| *c < 360.0),
                    src: src.clone(),
                }));
            }
        }
    }
    if matches!(message_type, 5 | 19 | 24) {
        let identity = IdentityRecord {
            mmsi,
            ts,
            name: text_field(&object, "shipname"),
            imo: object
                .get("imo")
                .and_then(Value::as_u64)
                .filter(|&i| i > 0)
                .map(|i| i.to_string()),
            callsign: text_field(&object, "callsign"),
            shiptype: object.get("shiptype").and_then(Value::as_i64).filter(|&t| t > 0),
            src,
        };
        if identity.name.is_some()
            || identity.imo.is_some()
            || identity.callsign.is_some()
            || identity.shiptype.is_some()
        {
            records.push(Record::Identity(identity));
        }
    }
    Ok(records)
}

/// A line of `vigil ais events`.
pub(crate) fn parse_event(bytes: &[u8], _line: u64) -> Parsed {
    let mut object = json_object(bytes)?;
    let start = time_field(&object, "start")?.ok_or("start: missing")?;
    let end = time_field(&object, "end")?.ok_or("end: missing")?;
    object.insert("start".into(), Value::String(start));
    object.insert("end".into(), Value::String(end));
    let event: EventRecord =
        serde_json::from_value(Value::Object(object)).map_err(|e| format!("not an event: {e}"))?;
    if event.kind.is_empty() || event.kind.len() > 40 {
        return Err("kind: missing or too long".into());
    }
    if event.mmsi.is_empty() || event.mmsi.len() > 16 {
        return Err("mmsi: needs 1 to 16 vessels".into());
    }
    Ok(vec![Record::Event(event)])
}

/// A line of `vigil scan`.
pub(crate) fn parse_document(bytes: &[u8], _line: u64) -> Parsed {
    let object = json_object(bytes)?;
    let source = text_field(&object, "source").ok_or("source: missing")?;
    let list_of = |key: &str| -> Result<Vec<Value>, String> {
        match object.get(key) {
            None | Some(Value::Null) => Ok(Vec::new()),
            Some(Value::Array(items)) => Ok(items.clone()),
            Some(_) => Err(format!("{key}: not a list")),
        }
    };
    let mentions = list_of("mentions")?
        .into_iter()
        .enumerate()
        .map(|(i, v)| {
            serde_json::from_value::<MentionRecord>(v).map_err(|e| format!("mentions[{i}]: {e}"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let indicators = list_of("indicators")?
        .into_iter()
        .enumerate()
        .map(|(i, v)| {
            serde_json::from_value::<IndicatorRecord>(v)
                .map_err(|e| format!("indicators[{i}]: {e}"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let sha256 = sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect();
    Ok(vec![Record::Document(Box::new(DocumentRecord {
        sha256,
        title: text_field(&object, "title"),
        date: text_field(&object, "date"),
        language: text_field(&object, "language"),
        text: text_field(&object, "text"),
        source,
        mentions,
        indicators,
        data: Value::Object(object),
    }))])
}

/// A line of `vigil screen`.
fn parse_screening(bytes: &[u8], _line: u64) -> Parsed {
    let record: ScreeningRecord =
        serde_json::from_slice(bytes).map_err(|e| format!("not a vigil screen line: {e}"))?;
    if vigil_store::query_key(&record.query).is_empty() {
        return Err("query: no field".into());
    }
    Ok(vec![Record::Screening(record)])
}

fn screening(args: ScreeningArgs) -> anyhow::Result<Outcome> {
    let is_csv = |path: &PathBuf| {
        path.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("csv"))
    };
    if !args.files.files.iter().any(is_csv) {
        return ingest_files(&args.files, SourceKind::Screening, &mut parse_screening);
    }
    // Screen each CSV row now, against the lists in the store, and ingest
    // the rows with their hits as if `vigil screen` had written them.
    let store = open_store(args.files.db.as_deref())?;
    let index = Index::build(store.current_entities()?);
    drop(store);
    if index.is_empty() {
        anyhow::bail!(
            "the store has no lists to screen against (run `vigil ingest lists FILE...`)"
        );
    }
    let options = SearchOptions { threshold: args.threshold, limit: 10 };
    let mut rows: BTreeMap<PathBuf, Vec<Vec<u8>>> = BTreeMap::new();
    for path in args.files.files.iter().filter(|p| is_csv(p)) {
        let screenings = crate::cmd::screen::read_csv_queries(path, None)?;
        let lines = screenings
            .into_iter()
            .map(|screening| {
                let matches: Vec<HitRecord> = index
                    .search(&screening.query, &options)
                    .into_iter()
                    .map(|hit| hit_record(&index, &hit))
                    .collect();
                serde_json::to_vec(
                    &serde_json::json!({"query": screening.fields, "matches": matches}),
                )
                .unwrap_or_default()
            })
            .collect();
        rows.insert(path.clone(), lines);
    }
    let mut store = open_store(args.files.db.as_deref())?;
    let mut out = shared::stdout();
    let mut any_failed = false;
    for file in &args.files.files {
        let result = if is_csv(file) {
            let screened = rows.remove(file).unwrap_or_default();
            // Data row N (after the header) is line N + 1 of the file.
            let mut parse_row = |_: &[u8], line_no: u64| -> Parsed {
                match line_no.checked_sub(2).and_then(|i| screened.get(i as usize)) {
                    Some(line) => parse_screening(line, line_no),
                    None => Ok(Vec::new()),
                }
            };
            ingest_file(&mut store, SourceKind::Screening, file, args.files.batch, &mut parse_row)
        } else {
            ingest_file(
                &mut store,
                SourceKind::Screening,
                file,
                args.files.batch,
                &mut parse_screening,
            )
        };
        let line = result.unwrap_or_else(|err| FileLine {
            file: file.display().to_string(),
            kind: "screening",
            status: "failed",
            lines: 0,
            errors: 0,
            report: BatchReport::default(),
            error: Some(format!("{err:#}")),
        });
        any_failed |= line.status == "failed" || line.errors > 0;
        print_file_line(&mut out, args.files.json, &line)?;
    }
    out.flush()?;
    if any_failed {
        anyhow::bail!("some input was malformed or failed (see above)");
    }
    Ok(Outcome::Found)
}

fn hit_record(index: &Index, hit: &vigil_match::Hit) -> HitRecord {
    let entity = index.entity(hit.entity);
    HitRecord {
        id: entity.id.clone(),
        caption: entity.caption.clone(),
        list: entity.provenance.list.clone(),
        score: (hit.score * 10_000.0).round() / 10_000.0,
        explanation: serde_json::to_value(&hit.explanation).unwrap_or(Value::Null),
    }
}

fn lists(args: ListsArgs) -> anyhow::Result<Outcome> {
    use clap::{Args as _, FromArgMatches};
    // Import exactly as `vigil lists import` does, with its arguments.
    let db = db_path(args.db.as_deref());
    let mut argv: Vec<std::ffi::OsString> = vec!["import".into(), "--db".into(), db.clone().into()];
    if args.json {
        argv.push("--json".into());
    }
    if let Some(name) = &args.as_list {
        argv.push("--as".into());
        argv.push(name.into());
    }
    argv.extend(args.files.iter().map(|f| f.clone().into_os_string()));
    let matches = crate::cmd::lists::ImportArgs::augment_args(clap::Command::new("import"))
        .try_get_matches_from(argv)?;
    let import = crate::cmd::lists::ImportArgs::from_arg_matches(&matches)?;
    let imported = crate::cmd::lists::run(crate::cmd::lists::ListsCommand::Import(import));
    // Re-screen even when a list failed: the others are in force now.
    let rescreened = rescreen(&db);
    let outcome = imported?;
    let report = rescreened?;
    if let Some(report) = report {
        eprintln!(
            "vigil: re-screened against the lists in force: {} new findings, {} alerts raised, {} alerts updated",
            report.inserted, report.alerts_created, report.alerts_updated
        );
    }
    Ok(outcome)
}

/// Re-screens stored queries and vessels for every version in force not yet
/// re-screened; `None` when there was none.
pub(crate) fn rescreen(db: &Path) -> anyhow::Result<Option<BatchReport>> {
    let mut store =
        Store::open(db).with_context(|| format!("opening the store {}", db.display()))?;
    let versions = store.versions_to_rescreen()?;
    if versions.is_empty() {
        return Ok(None);
    }
    let queries = store.screening_queries()?;
    let mut hits: Vec<(i64, Vec<HitRecord>)> = Vec::new();
    if !queries.is_empty() {
        let index = Index::build(store.current_entities()?);
        let options = SearchOptions::default();
        for stored in &queries {
            let Ok(query) = crate::cmd::screen::query_from_fields(&stored.fields, None) else {
                continue;
            };
            let new: Vec<HitRecord> = index
                .search(&query, &options)
                .iter()
                .map(|hit| hit_record(&index, hit))
                .filter(|hit| !stored.hits.contains(&hit.id))
                .collect();
            if !new.is_empty() {
                hits.push((stored.id, new));
            }
        }
    }
    let mut total = BatchReport::default();
    for (i, version_id) in versions.iter().enumerate() {
        // New hits are attributed to the first version re-screened; the
        // others find them stored already.
        let these: &[(i64, Vec<HitRecord>)] = if i == 0 { &hits } else { &[] };
        if let Some(report) = store.record_rescreen(*version_id, these)? {
            total.add(report);
        }
    }
    Ok(Some(total))
}
