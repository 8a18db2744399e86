//! vigil's period reports: what did the monitoring find between two dates,
//! written as a monitoring team writes it, with every claim linked to its
//! evidence?
//!
//! A [`Report`] is built from a [`vigil_store::Store`] for a [`Period`] of
//! whole UTC days and written two ways: one self-contained HTML file
//! ([`Report::write_html`]: inline CSS, inline SVG maps, no script, no
//! external reference, so it opens offline and can be mailed) and JSON
//! ([`Report::write_json`]: the same content, in the shape documented on
//! [`Report`]). [`write_dir`] does both into a directory.
//!
//! # Sections
//! 1. Summary: the period, counts, the lists in force and the data sources.
//! 2. Maritime activity involving listed vessels or DPRK ports: port calls,
//!    zone entries and other events touching a listed vessel or the DPRK,
//!    and the listed vessels active in the period.
//! 3. Ship-to-ship encounters.
//! 4. Vessels that went dark (AIS gaps) and identity fraud.
//! 5. Open-source reporting, by indicator.
//! 6. List changes in the period: entities added, removed and changed from
//!    one stored list version to the next.
//! 7. Method: every detector threshold, and the rules for alerts and for
//!    what the report includes.
//! 8. Evidence: one entry per claim, with the source file and line or
//!    offsets, the list versions and the alert IDs; every claim links here.
//!
//! # Example
//! ```
//! use vigil_report::{Options, Period, Report};
//! use vigil_store::Store;
//!
//! let store = Store::open_in_memory()?;
//! let period = Period::parse("2030-01-01", "2030-01-31")?;
//! let report = Report::build(&store, &period, &Options::default())?;
//! assert_eq!(report.summary.counts.encounters, 0);
//! let mut html = Vec::new();
//! report.write_html(&mut html)?;
//! assert!(String::from_utf8_lossy(&html).contains("2030-01-01"));
//! # Ok::<(), vigil_report::Error>(())
//! ```
//!
//! # Design
//! - **Bounded.** Every section shows at most [`Limits::items_per_section`]
//!   items and draws at most [`Limits::maps_per_section`] maps, and says how
//!   many it left out; tracks are thinned to [`Limits::points_per_track`]
//!   points and land is clipped to each map and simplified to a pixel, so a
//!   busy month still gives a file a mail client opens.
//! - **Thresholds as run.** Events in the store do not record the detector
//!   configuration they were made with, so the method section states the
//!   configuration the caller passes ([`Options::config`], the defaults
//!   unless `--config` says otherwise) and says so.
//! - **No script.** The HTML works with JavaScript off; maps are SVG
//!   drawn here.
#![deny(missing_docs)]

mod build;
mod html;
mod map;
pub mod method;
mod model;
mod period;

use std::io::Write;
use std::path::{Path, PathBuf};

pub use model::*;
pub use period::Period;
use vigil_ais::detect::config::DetectConfig;
use vigil_geo::Land;

/// The name of the HTML file [`write_dir`] writes.
pub const HTML_FILE: &str = "report.html";
/// The name of the JSON file [`write_dir`] writes.
pub const JSON_FILE: &str = "report.json";
/// The value of [`Report::format`]; bumped when the JSON shape changes
/// incompatibly.
pub const FORMAT: &str = "vigil-report/1";

/// Something that stopped a report.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A date that is not `YYYY-MM-DD`, or a period that ends before it
    /// begins. Remedy: give calendar dates, the first not after the second.
    #[error("{0}")]
    Period(String),
    /// Reading the store failed. Remedy: see the store's message.
    #[error(transparent)]
    Store(#[from] vigil_store::Error),
    /// Writing a file failed. Remedy: check the directory and free space.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// Writing to a stream failed.
    #[error(transparent)]
    Write(#[from] std::io::Error),
    /// Serialising JSON failed.
    #[error(transparent)]
    Json(#[from] serde_json::Error),
}

/// The result of this crate's functions.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// How many items, maps and track points a report holds at most.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Items shown per section (the rest are counted).
    pub items_per_section: usize,
    /// Maps drawn per section (items beyond have none).
    pub maps_per_section: usize,
    /// Points drawn per vessel track.
    pub points_per_track: usize,
    /// Entities listed per kind of change per list version.
    pub entities_per_change: u32,
    /// Events read from the store for one report.
    pub events_read: u32,
    /// Documents read from the store for one report.
    pub documents_read: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            items_per_section: 300,
            maps_per_section: 25,
            points_per_track: 300,
            entities_per_change: 500,
            events_read: 50_000,
            documents_read: 5_000,
        }
    }
}

/// What a report is built with besides the store and the period.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The detector thresholds to state in the method section.
    pub config: DetectConfig,
    /// Where they came from (a TOML path), or `None` for the defaults.
    pub config_source: Option<String>,
    /// Land polygons for the maps; without them maps are drawn on open
    /// water, with a note.
    pub land: Option<Land>,
    /// Where the land came from, for the summary.
    pub land_source: Option<String>,
    /// The time to print as when the report was made (`None`: now). Fixed
    /// by tests that compare outputs byte for byte.
    pub generated_at: Option<String>,
    /// Size limits.
    pub limits: Limits,
}

impl Options {
    /// The defaults, with land found by [`Land::discover`] (`$VIGIL_LAND`,
    /// or Natural Earth from `tools/geo/node_modules/world-atlas`) when
    /// there is any.
    pub fn with_discovered_land() -> Options {
        let mut options = Options::default();
        if let Some((land, path)) = Land::discover() {
            options.land = Some(land);
            options.land_source = Some(path.display().to_string());
        }
        options
    }
}

impl Report {
    /// Builds the report of `period` from `store`.
    pub fn build(store: &vigil_store::Store, period: &Period, options: &Options) -> Result<Report> {
        build::build(store, period, options)
    }

    /// Writes the report as one self-contained HTML page.
    pub fn write_html(&self, out: &mut impl Write) -> Result<()> {
        html::write(self, out)
    }

    /// Writes the report as pretty-printed JSON (the shape of [`Report`]).
    pub fn write_json(&self, out: &mut impl Write) -> Result<()> {
        serde_json::to_writer_pretty(&mut *out, self)?;
        out.write_all(b"\n")?;
        Ok(())
    }
}

/// Builds the report of `period` with land discovered as
/// [`Options::with_discovered_land`] does, and writes [`HTML_FILE`] and
/// [`JSON_FILE`] into `dir`, creating it. Returns the report.
pub fn write_dir(store: &vigil_store::Store, period: &Period, dir: &Path) -> Result<Report> {
    write_dir_with(store, period, dir, &Options::with_discovered_land())
}

/// [`write_dir`] with the caller's options.
pub fn write_dir_with(
    store: &vigil_store::Store,
    period: &Period,
    dir: &Path,
    options: &Options,
) -> Result<Report> {
    let report = Report::build(store, period, options)?;
    std::fs::create_dir_all(dir).map_err(|source| Error::Io { path: dir.to_path_buf(), source })?;
    write_file(&dir.join(HTML_FILE), |out| report.write_html(out))?;
    write_file(&dir.join(JSON_FILE), |out| report.write_json(out))?;
    Ok(report)
}

/// Writes a file through a buffer, naming the file in any error.
fn write_file(
    path: &Path,
    write: impl FnOnce(&mut std::io::BufWriter<std::fs::File>) -> Result<()>,
) -> Result<()> {
    let io_error = |source| Error::Io { path: path.to_path_buf(), source };
    let file = std::fs::File::create(path).map_err(io_error)?;
    let mut out = std::io::BufWriter::new(file);
    match write(&mut out) {
        Err(Error::Write(source)) => return Err(io_error(source)),
        other => other?,
    }
    out.flush().map_err(io_error)
}
