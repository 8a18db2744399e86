//! `vigil report --from DATE --to DATE --out DIR`: the period report, as
//! one self-contained HTML page and JSON, from the store (see
//! `vigil_report`).

use std::path::PathBuf;

use anyhow::Context;
use clap::Args;
use serde::Serialize;
use vigil_report::{Options, Period};
use vigil_store::Store;

use crate::shared::{self, Outcome};

const EXAMPLES: &str = "\
Examples:
  vigil report --from 2030-01-01 --to 2030-01-31 --out reports/2030-01
  vigil report --db vigil.db --from 2030-01-01 --to 2030-03-31 --out q1 --config detect.toml
  vigil report --from 2030-01-01 --to 2030-01-31 --out jan --json | jq .counts

Writes DIR/report.html (one file: inline CSS and SVG maps, no script, no
external reference; it opens offline) and DIR/report.json (the same content).
Maps draw Natural Earth coastlines from $VIGIL_LAND or tools/geo (npm ci),
or --land; without land they are drawn on open water, with a note.

Exit codes: 0 written, 1 written but the period holds no finding,
2 error (a bad date, an unreadable store or configuration).";

/// Arguments of `vigil report`.
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct ReportArgs {
    /// First day of the period, YYYY-MM-DD (UTC, included)
    #[arg(long, value_name = "DATE")]
    from: String,
    /// Last day of the period, YYYY-MM-DD (UTC, included)
    #[arg(long, value_name = "DATE")]
    to: String,
    /// Directory to write report.html and report.json into (created)
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// The store [default: $VIGIL_DB or vigil.db]
    #[arg(long, value_name = "PATH")]
    db: Option<PathBuf>,
    /// Detector thresholds to state in the method section (TOML, as for
    /// `vigil ais events --config`) [default: the published defaults]
    #[arg(long, value_name = "TOML")]
    config: Option<PathBuf>,
    /// Land polygons for the maps (GeoJSON or TopoJSON)
    #[arg(long, value_name = "FILE")]
    land: Option<PathBuf>,
    /// Print a JSON summary (paths and counts) on stdout
    #[arg(long)]
    json: bool,
}

/// What `--json` prints.
#[derive(Debug, Serialize)]
struct Printed<'a> {
    html: String,
    json: String,
    period: &'a Period,
    counts: &'a vigil_report::Counts,
    evidence: usize,
    land: Option<&'a str>,
}

pub fn run(args: ReportArgs) -> anyhow::Result<Outcome> {
    // The period is checked before the store is touched, so a mistyped
    // date never creates an empty vigil.db.
    let period = Period::parse(&args.from, &args.to)?;
    let db = args.db.clone().unwrap_or_else(shared::default_db_path);
    if !db.is_file() {
        anyhow::bail!("{}: no such store (fill one with `vigil ingest`)", db.display());
    }
    let store = Store::open_read_only(&db)
        .or_else(|_| Store::open(&db))
        .with_context(|| format!("cannot open the store {}", db.display()))?;
    let mut options = match &args.land {
        Some(path) => {
            let (land, errors) = vigil_geo::Land::read(path)
                .map_err(|err| anyhow::anyhow!("{}: {err}", path.display()))?;
            for error in errors.iter().take(5) {
                tracing::warn!("{error}");
            }
            Options {
                land: Some(land),
                land_source: Some(path.display().to_string()),
                ..Options::default()
            }
        }
        None => Options::with_discovered_land(),
    };
    if let Some(path) = &args.config {
        options.config = crate::cmd::ais::events::load_config(Some(path))?;
        options.config_source = Some(path.display().to_string());
    }
    let report = vigil_report::write_dir_with(&store, &period, &args.out, &options)?;
    let html = args.out.join(vigil_report::HTML_FILE);
    let json = args.out.join(vigil_report::JSON_FILE);
    let counts = &report.summary.counts;
    if args.json {
        let mut out = shared::stdout();
        shared::write_json_line(
            &mut out,
            &Printed {
                html: html.display().to_string(),
                json: json.display().to_string(),
                period: &report.period,
                counts,
                evidence: report.evidence.len(),
                land: report.summary.land.as_deref(),
            },
        )?;
        std::io::Write::flush(&mut out)?;
    } else {
        eprintln!(
            "vigil report {} to {}: {} events ({} encounters, {} gone dark, {} identity), \
             {} documents, {} list versions; wrote {} and {}",
            period.from,
            period.to,
            counts.events,
            counts.encounters,
            counts.dark,
            counts.identity,
            counts.documents,
            counts.list_changes,
            html.display(),
            json.display()
        );
    }
    let found = counts.events + counts.documents + counts.list_changes > 0;
    Ok(if found { Outcome::Found } else { Outcome::NotFound })
}
