//! `vigil ais convert FILE... --parquet DIR`: decoded positions and static
//! reports as Parquet, one folder per UTC day (layout and schema in
//! `vigil_cluster::schema`), for vigil's DataFusion and Ballista runs and
//! for anything else that reads Parquet (DuckDB, Spark, pandas).
//! And `vigil ais events --parquet DIR [--cluster df://HOST:PORT]`: the
//! detectors over such a directory, on DataFusion here or on a cluster.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use vigil_ais::detect::{SrcRef, StaticReport, TrackPoint};
use vigil_ais::{Options, StaticFields, Timestamp};
use vigil_cluster::convert::ParquetSink;
use vigil_cluster::plan::RunSpec;
use vigil_cluster::rows::PositionRow;

use super::input::read_messages;
use crate::shared::{self, Outcome};

/// Arguments of `vigil ais convert`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Example:
  vigil ais convert day1.nmea.gz day2.nmea.gz --parquet ais/

Writes DIR/positions/day=YYYY-MM-DD/part-N.parquet (mmsi, ts, lat, lon, speed,
course, heading, msg_type, file, line), DIR/statics/day=.../part-N.parquet
(mmsi, ts, name, callsign, imo, shiptype, to_bow, to_stern, to_port,
to_starboard, draught, destination, file, line) and DIR/sources.json (the
input names that `file` indexes). Positions without a receive time are left
out; static reports without one go to day=undated.")]
pub struct ConvertArgs {
    /// AIS files: NMEA, plain or gzip, or - for standard input.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Output directory.
    #[arg(long, value_name = "DIR")]
    pub parquet: PathBuf,
    /// Receive time for messages without one (ISO 8601 UTC or epoch seconds).
    #[arg(long, value_name = "TIME", value_parser = |s: &str| Timestamp::parse(s).ok_or(format!("not a time: {s:?}")))]
    pub default_time: Option<Timestamp>,
}

/// Runs `vigil ais convert`.
pub fn run(args: ConvertArgs) -> anyhow::Result<Outcome> {
    let mut sink = ParquetSink::create(&args.parquet)?;
    let mut names: Vec<String> = Vec::new();
    let options = Options { default_time: args.default_time, ..Options::default() };
    let stats = read_messages(&args.files, options, false, |message, name| {
        if names.last().map(String::as_str) != Some(name) {
            names.push(name.to_owned());
        }
        let src = SrcRef { file: (names.len() - 1) as u32, line: message.line };
        if let Some(fields) = StaticFields::of(message) {
            if fields != StaticFields::default() {
                sink.push_static(StaticReport { mmsi: message.mmsi, ts: message.ts, fields, src })?;
            }
        }
        let (Some(fix), Some(ts)) = (message.fix(), message.ts) else { return Ok(()) };
        let point = TrackPoint {
            mmsi: message.mmsi,
            ts,
            lat: fix.lat,
            lon: fix.lon,
            speed: fix.speed,
            course: fix.course,
            heading: fix.heading,
            segment: None,
            src,
        };
        sink.push_position(PositionRow { point, msg_type: message.msg_type })
    })?;
    let written = sink.finish(&names)?;
    eprintln!(
        "{} positions and {} static reports in {} Parquet files under {}; {} lines rejected",
        written.positions,
        written.statics,
        written.files,
        args.parquet.display(),
        stats.rejected_total()
    );
    Ok(if written.positions + written.statics > 0 { Outcome::Found } else { Outcome::NotFound })
}

/// `vigil ais events --parquet DIR [--cluster URL [--job-timeout S]]`: the
/// events of a converted directory, as `vigil ais events` writes them
/// (without list links, which need the lists on every executor: not yet).
/// `cluster` is the scheduler's URL and the run's time limit in seconds;
/// nothing is written unless every job succeeded.
pub fn run_events(
    dir: &Path,
    cluster: Option<(&str, u64)>,
    detectors: &super::events::DetectorArgs,
) -> anyhow::Result<Outcome> {
    let spec = run_spec(detectors)?;
    if detectors.config()?.encounter.learn_anchorages {
        eprintln!(
            "vigil: note: with --parquet, anchorages are not learnt from the data (only ports \
             and given anchorages exclude encounters); set [encounter] learn_anchorages = false \
             in --config to compare with a single-machine run"
        );
    }
    let partitions = std::thread::available_parallelism().map_or(2, |n| n.get()).max(2);
    let runtime = tokio::runtime::Runtime::new()?;
    let events = runtime.block_on(async {
        match cluster {
            Some((url, timeout_s)) => {
                let timeout = std::time::Duration::from_secs(timeout_s);
                vigil_cluster::run::run_cluster_within(url, dir, &spec, partitions, timeout).await
            }
            None => vigil_cluster::run::run_local(dir, &spec, partitions).await,
        }
    })?;
    let names: Vec<String> = std::fs::read(dir.join("sources.json"))
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default();
    let (links, lines) = (BTreeMap::new(), BTreeMap::new());
    let mut out = shared::stdout();
    for event in &events {
        shared::write_json_line(
            &mut out,
            &super::events::event_json(event, &names, &links, &lines),
        )?;
    }
    out.flush()?;
    eprintln!("{} events from {}", events.len(), dir.display());
    Ok(if events.is_empty() { Outcome::NotFound } else { Outcome::Found })
}

/// The thresholds and geography of the detector options, for the plan.
fn run_spec(detectors: &super::events::DetectorArgs) -> anyhow::Result<RunSpec> {
    if !detectors.lists.is_empty() || detectors.db.is_some() {
        anyhow::bail!("--list and --db are not supported with --parquet yet");
    }
    detectors.config()?; // validates the file with its name in errors
    let config_toml = match &detectors.config {
        Some(path) => std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?,
        None => String::new(),
    };
    let text = |paths: &[PathBuf]| -> anyhow::Result<Vec<String>> {
        paths
            .iter()
            .map(|p| {
                std::path::absolute(p)
                    .map(|p| p.display().to_string())
                    .with_context(|| format!("{}", p.display()))
            })
            .collect()
    };
    Ok(RunSpec {
        config_toml,
        land: detectors
            .land
            .as_ref()
            .map(|p| text(std::slice::from_ref(p)))
            .transpose()?
            .and_then(|v| v.into_iter().next()),
        ports: text(&detectors.ports)?,
        zones: text(&detectors.zones)?,
        watch_ports: detectors.watch_ports.clone(),
    })
}
