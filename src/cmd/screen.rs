//! `vigil screen`: screen names, companies and vessels against the lists.
//!
//! Lists come from `--list` files (parsed into memory, no database needed) or
//! from the store's current versions. Each query gives one JSON line:
//! `{"query": {...}, "matches": [{"id", "caption", "schema", "score", "list",
//! "programs", "explanation"}]}`.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{bail, Context};
use serde::Serialize;
use vigil_match::{Explanation, Index, Query, SearchOptions};
use vigil_model::{PartialDate, Schema};

use crate::shared::{self, Outcome};

/// The longest name `screen` accepts, in characters; longer input is refused
/// as a usage error rather than silently truncated.
const MAX_NAME_CHARS: usize = 500;

/// Arguments of `vigil screen`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  vigil screen --list sdn.csv 'Kim Jong-un'
  vigil screen --list sdn.csv --schema Person --dob 1984-01-08 '김정은'
  vigil screen --list sdn.csv --imo 8660313
  vigil screen --db vigil.db --input counterparties.csv --threshold 0.8 > hits.jsonl

Exit codes: 0 at least one match, 1 no match, 2 error.")]
pub struct ScreenArgs {
    /// Names to screen, in any script.
    pub queries: Vec<String>,
    /// A list file to screen against (repeatable; format detected). Without
    /// it, the store's current list versions are used.
    #[arg(long = "list", value_name = "FILE")]
    pub lists: Vec<PathBuf>,
    /// The store to read lists from when no --list is given [default: $VIGIL_DB or vigil.db].
    #[arg(long, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// A CSV of queries with a header: `name`, and optionally
    /// `schema,birth_date,country,gender,imo,mmsi`; other columns are carried through.
    #[arg(long, value_name = "FILE")]
    pub input: Option<PathBuf>,
    /// Restrict to one schema (Person, Organization, Company, Vessel, Aircraft).
    #[arg(long, value_parser = parse_schema)]
    pub schema: Option<Schema>,
    /// Report matches scoring at least this much.
    #[arg(long, default_value_t = vigil_match::DEFAULT_THRESHOLD)]
    pub threshold: f64,
    /// At most this many matches per query.
    #[arg(long, default_value_t = 5)]
    pub limit: usize,
    /// Date of birth (YYYY, YYYY-MM or YYYY-MM-DD) for the command-line queries.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub dob: Option<PartialDate>,
    /// Country (name or ISO code) for the command-line queries.
    #[arg(long)]
    pub country: Option<String>,
    /// IMO number for a vessel query (may be given without a name).
    #[arg(long)]
    pub imo: Option<String>,
    /// MMSI for a vessel query (may be given without a name).
    #[arg(long)]
    pub mmsi: Option<String>,
    /// Print timings and peak memory as one JSON line on stderr (for benchmarks).
    #[arg(long)]
    pub stats: bool,
}

#[derive(Debug, Serialize)]
struct MatchOut<'a> {
    id: &'a str,
    caption: &'a str,
    schema: Schema,
    score: f64,
    list: &'a str,
    programs: &'a [String],
    explanation: &'a Explanation,
}

#[derive(Debug, Serialize)]
struct ResultLine<'a> {
    query: &'a BTreeMap<String, String>,
    matches: Vec<MatchOut<'a>>,
}

/// One query as read from the command line or a CSV row: the typed query and
/// the raw fields, echoed back in the output.
pub(crate) struct Screening {
    pub(crate) query: Query,
    pub(crate) fields: BTreeMap<String, String>,
}

pub fn run(args: ScreenArgs) -> anyhow::Result<Outcome> {
    let screenings = read_queries(&args)?;
    let started = Instant::now();
    let entities = shared::load_entities(&args.lists, args.db.as_deref())?;
    let loaded = Instant::now();
    let n_entities = entities.len();
    tracing::info!(entities = n_entities, "building the index");
    let index = Index::build(entities);
    let indexed = Instant::now();
    let options = SearchOptions { threshold: args.threshold, limit: args.limit };
    let mut out = shared::stdout();
    let mut any_hit = false;
    let bar = shared::progress(screenings.len() as u64, "screening");
    for screening in &screenings {
        let hits = index.search(&screening.query, &options);
        any_hit |= !hits.is_empty();
        let matches = hits
            .iter()
            .map(|hit| {
                let entity = index.entity(hit.entity);
                MatchOut {
                    id: &entity.id,
                    caption: &entity.caption,
                    schema: entity.schema,
                    score: round4(hit.score),
                    list: &entity.provenance.list,
                    programs: &entity.programs,
                    explanation: &hit.explanation,
                }
            })
            .collect();
        shared::write_json_line(&mut out, &ResultLine { query: &screening.fields, matches })?;
        bar.inc(1);
    }
    bar.finish_and_clear();
    out.flush()?;
    if args.stats {
        let searched = indexed.elapsed().as_secs_f64();
        let stats = serde_json::json!({
            "entities": n_entities,
            "load_s": (loaded - started).as_secs_f64(),
            "index_s": (indexed - loaded).as_secs_f64(),
            "queries": screenings.len(),
            "search_s": searched,
            "queries_per_s": screenings.len() as f64 / searched.max(1e-9),
            "peak_rss_mb": shared::peak_rss_mb(),
        });
        eprintln!("{stats}");
    }
    Ok(if any_hit { Outcome::Found } else { Outcome::NotFound })
}

fn read_queries(args: &ScreenArgs) -> anyhow::Result<Vec<Screening>> {
    let mut screenings = Vec::new();
    for name in &args.queries {
        let mut fields = BTreeMap::from([("name".to_string(), name.clone())]);
        let mut query = Query { schema: args.schema, ..Query::default() };
        validate_name(name, "query")?;
        query.names.push(name.clone());
        apply_flags(args, &mut query, &mut fields);
        screenings.push(Screening { query, fields });
    }
    if args.queries.is_empty() && (args.imo.is_some() || args.mmsi.is_some()) {
        let mut fields = BTreeMap::new();
        let mut query = Query { schema: args.schema.or(Some(Schema::Vessel)), ..Query::default() };
        apply_flags(args, &mut query, &mut fields);
        screenings.push(Screening { query, fields });
    }
    if let Some(path) = &args.input {
        screenings.extend(read_csv_queries(path, args.schema)?);
    }
    if screenings.is_empty() {
        bail!("nothing to screen: give names, --imo/--mmsi, or --input FILE (see vigil screen --help)");
    }
    Ok(screenings)
}

fn apply_flags(args: &ScreenArgs, query: &mut Query, fields: &mut BTreeMap<String, String>) {
    if let Some(date) = args.dob {
        query.birth_date = Some(date);
        fields.insert("birth_date".into(), date.to_string());
    }
    if let Some(country) = &args.country {
        query.countries.extend(vigil_model::country_code(country).map(str::to_string));
        fields.insert("country".into(), country.clone());
    }
    if let Some(imo) = &args.imo {
        query.imo = Some(imo.clone());
        fields.insert("imo".into(), imo.clone());
    }
    if let Some(mmsi) = &args.mmsi {
        query.mmsi = Some(mmsi.clone());
        fields.insert("mmsi".into(), mmsi.clone());
    }
}

/// Reads `--input`: a CSV whose header names the columns. A row without a
/// usable name or identifier is a usage error naming the line.
pub(crate) fn read_csv_queries(
    path: &std::path::Path,
    default_schema: Option<Schema>,
) -> anyhow::Result<Vec<Screening>> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_path(path)
        .with_context(|| format!("{}: cannot open", path.display()))?;
    let headers: Vec<String> = reader
        .headers()
        .with_context(|| format!("{}: cannot read the header", path.display()))?
        .iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    if !headers.iter().any(|h| h == "name" || h == "imo" || h == "mmsi") {
        bail!("{}: the header needs a `name` (or `imo`/`mmsi`) column", path.display());
    }
    let mut screenings = Vec::new();
    for (row_idx, record) in reader.records().enumerate() {
        let line = row_idx + 2;
        let record =
            record.with_context(|| format!("{}:{line}: malformed CSV row", path.display()))?;
        let fields: BTreeMap<String, String> =
            headers.iter().cloned().zip(record.iter().map(str::to_string)).collect();
        let query = query_from_fields(&fields, default_schema)
            .with_context(|| format!("{}:{line}", path.display()))?;
        screenings.push(Screening { query, fields });
    }
    Ok(screenings)
}

pub(crate) fn query_from_fields(
    fields: &BTreeMap<String, String>,
    default_schema: Option<Schema>,
) -> anyhow::Result<Query> {
    let get = |key: &str| fields.get(key).map(|v| v.trim()).filter(|v| !v.is_empty());
    let mut query = Query { schema: default_schema, ..Query::default() };
    if let Some(schema) = get("schema") {
        query.schema = Some(parse_schema(schema).map_err(anyhow::Error::msg)?);
    }
    if let Some(name) = get("name") {
        validate_name(name, "name")?;
        query.names.push(name.to_string());
    }
    if let Some(date) = get("birth_date") {
        query.birth_date = Some(parse_date(date).map_err(anyhow::Error::msg)?);
    }
    if let Some(country) = get("country") {
        query.countries.extend(vigil_model::country_code(country).map(str::to_string));
    }
    query.gender = match get("gender").map(str::to_ascii_lowercase).as_deref() {
        Some("male" | "m") => Some(vigil_model::Gender::Male),
        Some("female" | "f") => Some(vigil_model::Gender::Female),
        _ => None,
    };
    query.imo = get("imo").map(str::to_string);
    query.mmsi = get("mmsi").map(str::to_string);
    if query.names.is_empty() && query.imo.is_none() && query.mmsi.is_none() {
        bail!("row has no name, imo or mmsi");
    }
    Ok(query)
}

/// Refuses names that cannot be screened meaningfully, as a usage error.
fn validate_name(name: &str, what: &str) -> anyhow::Result<()> {
    if !name.chars().any(char::is_alphanumeric) {
        bail!("{what} {name:?} has no letters or digits to screen");
    }
    if name.chars().count() > MAX_NAME_CHARS {
        bail!("{what} is longer than {MAX_NAME_CHARS} characters");
    }
    Ok(())
}

fn parse_schema(text: &str) -> Result<Schema, String> {
    Schema::parse(text).ok_or_else(|| {
        format!("unknown schema {text:?} (expected Person, Organization, Company, LegalEntity, Vessel or Aircraft)")
    })
}

fn parse_date(text: &str) -> Result<PartialDate, String> {
    PartialDate::parse_iso(text)
        .ok_or_else(|| format!("not a date: {text:?} (expected YYYY, YYYY-MM or YYYY-MM-DD)"))
}

fn round4(score: f64) -> f64 {
    (score * 10_000.0).round() / 10_000.0
}
