//! `vigil ais events`: decode AIS files, split tracks, link vessels to the
//! lists, run every detector (`vigil_ais::detect::pipeline::detect_batch`)
//! and write one JSON line per event with the list entries of the vessels
//! involved and the source lines that prove it.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use serde_json::{json, Value};
use vigil_ais::detect::config::DetectConfig;
use vigil_ais::detect::identity::FlagClaim;
use vigil_ais::detect::partition::{read_positions_csv, WindowedRun};
use vigil_ais::detect::pipeline::{detect_batch, BatchInput};
use vigil_ais::detect::{Context, Event, EventKind, SrcRef, StaticReport, TrackPoint};
use vigil_ais::{
    link_vessel, segment_all, FixKind, IdentityBuilder, LinkMethod, ListLink, Options, Point,
    SegmentConfig, StaticFields, Timestamp,
};
use vigil_geo::Geography;

use super::input::{open, read_line_bounded, read_messages};
use crate::shared::{self, Outcome};

/// Largest configuration file read, bytes.
const MAX_CONFIG_BYTES: u64 = 1024 * 1024;

/// Arguments of `vigil ais events`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  vigil ais events log.nmea.gz > events.jsonl
  vigil ais events --list sdn.xml --zones eez.geojson --ports wpi.csv day1.nmea day2.nmea
  vigil ais events --config detect.toml --land land-50m.json export.csv

Detectors (defaults are the published thresholds; see DEFINITIONS in the docs):
  encounter     two vessels <= 500 m apart for >= 2 h at median < 2 kn, >= 10 km
                from ports and anchorages (anchorages are also inferred from the
                input: places where many vessels stop)
  loitering     < 2 kn for >= 4 h, >= 20 nm from shore
  gap           >= 6 h of silence; likely intentional when >= 12 h, starting
                >= 50 nm offshore, in good reception
  identity      one MMSI in two places at once, invalid MMSI or IMO, name/call
                sign/MMSI/flag change under one IMO, list flag vs MID flag
  port_call     a stop (or a 4 h silence) within 3 km of a watched port (the
                DPRK's; Vostochny and Vladivostok after a DPRK call)
  zone_entry    seen outside, then inside a watched zone (DPRK waters)
  drift         DMA AisAbnormal: 1-5 kn, heading > 45 deg off course for
                10 min and 500 m, ships >= 50 m
  speed_change  DMA AisAbnormal: from >= 7 kn to <= 1 kn within 30 s, held 60 s

Built-in DPRK ports and approximate zones are always used; --ports and --zones
add to them. Land (for distance from shore) comes from --land, $VIGIL_LAND or
the Natural Earth file of tools/geo; without it loitering and gap report the
distance as unknown. --config reads TOML with one table per detector, e.g.
  disable = [\"speed_change\"]
  [encounter]
  max_distance_m = 300
  [port_call]
  follow_up_ports = [\"Vostochny\"]

Output: one JSON line per event, sorted by start: {kind, mmsi: [..], start, end
(ISO 8601), lat, lon (null when unknown), details: {..}, listed: [{mmsi,
entity_id, caption, list, programs, score, method}], evidence: [\"file:line\"],
evidence_lines: [\"<the line>\"]}. A summary by kind goes to stderr.

At scale: --positions-csv reads the FILEs as plain positions tables (header with
mmsi, t (epoch s or ms, or ISO 8601), lat, lon and optionally sog, cog, heading;
the table DuckDB or BigQuery exports) streaming, in time windows of --window-h
hours (1), in bounded memory. Rows must be in time order by window (sorted by
time, or written window by window); a row of an already-run window is skipped
and reported. Each MMSI is one track; there are no static reports.

Exit codes: 0 at least one event, 1 none, 2 error.")]
pub struct EventsArgs {
    /// AIS files: NMEA or decoded exports, plain or gzip, or - for standard input.
    #[arg(value_name = "FILE")]
    #[cfg_attr(not(feature = "cluster"), arg(required = true))]
    #[cfg_attr(feature = "cluster", arg(required_unless_present = "parquet"))]
    pub files: Vec<PathBuf>,
    /// Run on Parquet written by `vigil ais convert` (DataFusion), not FILEs.
    #[cfg(feature = "cluster")]
    #[arg(long, value_name = "DIR", conflicts_with = "files")]
    pub parquet: Option<PathBuf>,
    /// With --parquet: run on the Ballista cluster of this scheduler.
    #[cfg(feature = "cluster")]
    #[arg(long, value_name = "df://HOST:PORT", requires = "parquet")]
    pub cluster: Option<String>,
    /// With --cluster: seconds the run's jobs may take; a job still running
    /// then (say, stuck after losing an executor) is cancelled on the
    /// scheduler and the command fails with exit code 2, writing no events.
    #[cfg(feature = "cluster")]
    #[arg(long, value_name = "S", requires = "cluster",
          default_value_t = vigil_cluster::run::DEFAULT_JOB_TIMEOUT.as_secs(),
          value_parser = clap::value_parser!(u64).range(1..=604_800))]
    pub job_timeout: u64,
    #[command(flatten)]
    pub detectors: DetectorArgs,
    /// Receive time for messages without one (ISO 8601 UTC or epoch seconds).
    #[arg(long, value_name = "TIME", value_parser = |s: &str| Timestamp::parse(s).ok_or(format!("not a time: {s:?}")))]
    pub default_time: Option<Timestamp>,
    /// The FILEs are positions tables (mmsi,t,lat,lon[,sog,cog,heading]) in time order, run window by window.
    #[arg(long)]
    pub positions_csv: bool,
    /// Length of a time window with --positions-csv, hours.
    #[arg(long, value_name = "H", default_value_t = 1.0, value_parser = window_hours)]
    pub window_h: f64,
}

fn window_hours(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(h) if h.is_finite() && (0.01..=8760.0).contains(&h) => Ok(h),
        _ => Err(format!("not a window length in hours (0.01 to 8760): {text:?}")),
    }
}

/// Positions and static reports read from the input, with the file names.
#[derive(Default)]
struct Decoded {
    names: Vec<String>,
    points: Vec<(TrackPoint, FixKind)>,
    statics: Vec<StaticReport>,
    identities: IdentityBuilder,
}

/// Runs `vigil ais events`.
pub fn run(args: EventsArgs) -> anyhow::Result<Outcome> {
    #[cfg(feature = "cluster")]
    if let Some(dir) = &args.parquet {
        let cluster = args.cluster.as_deref().map(|url| (url, args.job_timeout));
        return super::convert::run_events(dir, cluster, &args.detectors);
    }
    let config = args.detectors.config()?;
    let geo = args.detectors.geography()?;
    if args.positions_csv {
        return run_positions_csv(&args, config, &geo);
    }
    let options = Options { default_time: args.default_time, ..Options::default() };
    let mut decoded = Decoded::default();
    let stats = read_messages(&args.files, options, false, |message, name| {
        if decoded.names.last().map(String::as_str) != Some(name) {
            decoded.names.push(name.to_owned());
        }
        let src = SrcRef { file: (decoded.names.len() - 1) as u32, line: message.line };
        decoded.identities.push(message, || format!("{name}:{}", message.line));
        if let Some(fields) = StaticFields::of(message) {
            if fields != StaticFields::default() {
                decoded.statics.push(StaticReport {
                    mmsi: message.mmsi,
                    ts: message.ts,
                    fields,
                    src,
                });
            }
        }
        // Vessel positions only: base stations (4, 11), aids to navigation
        // (21) and SAR aircraft (9) are not ships.
        if !matches!(message.msg_type, 1..=3 | 18 | 19 | 27) {
            return Ok(());
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
        decoded.points.push((point, FixKind::from_msg_type(message.msg_type)));
        Ok(())
    })?;
    let points = assign_segments(decoded.points);
    let (links, claims) = link_vessels(&args, decoded.identities)?;
    let input = BatchInput {
        points,
        statics: decoded.statics,
        flag_claims: claims,
        anchorages: Vec::new(),
    };
    let (n_points, n_statics) = (input.points.len(), input.statics.len());
    let output = detect_batch(input, &Context { geo: &geo }, &config);
    let lines = evidence_lines(&args.files, &decoded.names, &output.events);
    let mut out = shared::stdout();
    for event in &output.events {
        shared::write_json_line(&mut out, &event_json(event, &decoded.names, &links, &lines))?;
    }
    out.flush()?;
    summarize(&output.events, n_points, n_statics, output.anchorages.len(), stats.rejected_total());
    Ok(if output.events.is_empty() { Outcome::NotFound } else { Outcome::Found })
}

/// `--positions-csv`: the tables read streaming and run window by window
/// (`vigil_ais::detect::partition`), in bounded memory.
fn run_positions_csv(
    args: &EventsArgs,
    config: DetectConfig,
    geo: &Geography,
) -> anyhow::Result<Outcome> {
    let ctx = Context { geo };
    let mut run = WindowedRun::new(config, (args.window_h * 3_600_000.0) as i64);
    let mut names = Vec::new();
    let mut rejected = 0;
    for (idx, path) in args.files.iter().enumerate() {
        let name = path.display().to_string();
        let reader = open(path).with_context(|| format!("cannot read {name}"))?;
        let stats = read_positions_csv(reader, idx as u32, &mut run, &ctx)
            .map_err(|err| anyhow::anyhow!("{name}: {err}"))?;
        for rejection in &stats.rejections {
            eprintln!("vigil: {name}: {rejection}");
        }
        if stats.rejected > stats.rejections.len() as u64 {
            eprintln!("vigil: {name}: {} rows rejected in all", stats.rejected);
        }
        rejected += stats.rejected;
        names.push(name);
    }
    let (events, stats) = run.finish(&ctx);
    if stats.out_of_order > 0 {
        let first: Vec<String> = stats
            .out_of_order_examples
            .iter()
            .map(|src| format!("{}:{}", names[src.file as usize], src.line))
            .collect();
        eprintln!(
            "vigil: warning: {} rows came after rows of a later {} h window and were skipped (sort by time): {}",
            stats.out_of_order,
            args.window_h,
            first.join(", ")
        );
    }
    let (links, _) = link_vessels(args, IdentityBuilder::default())?;
    let lines = evidence_lines(&args.files, &names, &events);
    let mut out = shared::stdout();
    for event in &events {
        shared::write_json_line(&mut out, &event_json(event, &names, &links, &lines))?;
    }
    out.flush()?;
    summarize(&events, stats.positions as usize, 0, 0, rejected + stats.out_of_order);
    Ok(if events.is_empty() { Outcome::NotFound } else { Outcome::Found })
}

/// Reads detector thresholds from a TOML file (defaults without one).
/// Detector thresholds from a TOML file (bounded in size and validated), or
/// the defaults; `vigil report --config` reads the same files.
pub(crate) fn load_config(path: Option<&Path>) -> anyhow::Result<DetectConfig> {
    let Some(path) = path else { return Ok(DetectConfig::default()) };
    let size =
        std::fs::metadata(path).with_context(|| format!("cannot read {}", path.display()))?.len();
    if size > MAX_CONFIG_BYTES {
        anyhow::bail!(
            "{}: {size} bytes is more than the limit of {MAX_CONFIG_BYTES} bytes",
            path.display()
        );
    }
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let config: DetectConfig = toml::from_str(&text)
        .map_err(|err| anyhow::anyhow!("{}: {}", path.display(), err.to_string().trim_end()))?;
    config.validate().map_err(|err| anyhow::anyhow!("{}: {err}", path.display()))?;
    Ok(config)
}

/// What every command that runs the detectors takes besides its input:
/// lists to link vessels to, geography and thresholds (`events`, `listen`).
#[derive(Debug, clap::Args)]
pub struct DetectorArgs {
    /// List files to link vessels against (any format `vigil lists` reads); repeatable.
    #[arg(long = "list", value_name = "FILE")]
    pub lists: Vec<PathBuf>,
    /// The database to take current lists from when no --list is given.
    #[arg(long, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// More ports (World Port Index CSV or GeoJSON points); repeatable.
    #[arg(long = "ports", value_name = "FILE")]
    pub ports: Vec<PathBuf>,
    /// More zones (GeoJSON polygons); repeatable.
    #[arg(long = "zones", value_name = "FILE")]
    pub zones: Vec<PathBuf>,
    /// Land polygons (GeoJSON or TopoJSON) for distances from shore.
    #[arg(long, value_name = "FILE")]
    pub land: Option<PathBuf>,
    /// Also treat calls at the ports of this name as events; repeatable.
    #[arg(long = "watch-port", value_name = "NAME")]
    pub watch_ports: Vec<String>,
    /// Detector thresholds (TOML, one table per detector).
    #[arg(long, value_name = "TOML")]
    pub config: Option<PathBuf>,
}

impl DetectorArgs {
    /// The thresholds of `--config`, or the defaults.
    pub(super) fn config(&self) -> anyhow::Result<DetectConfig> {
        load_config(self.config.as_deref())
    }

    /// The DPRK profile with `--land`, `--ports`, `--zones` and `--watch-port`.
    pub(super) fn geography(&self) -> anyhow::Result<Geography> {
        load_geography_from(self.land.as_deref(), &self.ports, &self.zones, &self.watch_ports)
    }
}

/// The DPRK profile's ports and zones, plus those of `ports` and `zones`,
/// land from `land` (or the default places), and the extra watched ports.
fn load_geography_from(
    land: Option<&Path>,
    ports: &[PathBuf],
    zones: &[PathBuf],
    watch_ports: &[String],
) -> anyhow::Result<Geography> {
    let (mut geo, report) = Geography::load(land, ports, zones)?;
    for error in &report.errors {
        eprintln!("vigil: warning: {error}");
    }
    match &report.land_path {
        Some(path) => tracing::info!("land from {}", path.display()),
        None => eprintln!(
            "no land file (--land, $VIGIL_LAND or tools/geo): distances from shore are unknown"
        ),
    }
    if !watch_ports.is_empty() {
        let names: Vec<&str> = watch_ports.iter().map(String::as_str).collect();
        if geo.watch_ports_named(&names) == 0
            && !geo
                .ports
                .iter()
                .any(|p| p.watched && names.iter().any(|n| n.eq_ignore_ascii_case(&p.name)))
        {
            anyhow::bail!("--watch-port: no port named {}", watch_ports.join(", "));
        }
    }
    Ok(geo)
}

/// Gives each position its track segment (GFW's segmenter, per MMSI in time
/// order; `None` for noise) and drops positions that are not real places
/// (latitude 91 or longitude 181 mean "not available").
fn assign_segments(mut points: Vec<(TrackPoint, FixKind)>) -> Vec<TrackPoint> {
    points.sort_by_key(|(p, _)| (p.mmsi, p.ts, p.src));
    let input: Vec<(u32, Point)> = points
        .iter()
        .map(|&(p, kind)| {
            let point =
                Point { ts: p.ts, lat: p.lat, lon: p.lon, speed: p.speed, course: p.course, kind };
            (p.mmsi, point)
        })
        .collect();
    let valid: Vec<usize> = (0..input.len()).filter(|&i| input[i].1.is_valid()).collect();
    let valid_input: Vec<(u32, Point)> = valid.iter().map(|&i| input[i]).collect();
    let segments = segment_all(&valid_input, &SegmentConfig::default());
    valid
        .iter()
        .zip(segments)
        .map(|(&idx, segment)| TrackPoint { segment: segment.map(|id| id.n), ..points[idx].0 })
        .collect()
}

/// Each linked MMSI's list entries.
pub(super) type Links = BTreeMap<u32, Vec<ListLink>>;

/// The lists vessels are linked against, indexed, with each entry's flag.
pub(super) struct ListIndex {
    index: vigil_match::Index,
    flags: BTreeMap<String, String>,
}

/// Loads the lists of `--list` (or the database's current lists); `None`,
/// with a note on stderr, when there are neither.
pub(super) fn load_list_index(
    lists: &[PathBuf],
    db: Option<&Path>,
) -> anyhow::Result<Option<ListIndex>> {
    let has_db = db.map_or_else(shared::default_db_path, Path::to_path_buf).exists();
    if lists.is_empty() && !has_db {
        eprintln!("no lists given (--list) and no database found: events are written without list entries");
        return Ok(None);
    }
    let entities = shared::load_entities(lists, db)?;
    let flags: BTreeMap<String, String> = entities
        .iter()
        .filter_map(|e| e.vessel.flag.clone().map(|flag| (e.id.clone(), flag)))
        .collect();
    Ok(Some(ListIndex { index: vigil_match::Index::build(entities), flags }))
}

/// One vessel's list entries, and the flags of those linked by IMO or MMSI
/// as claims.
pub(super) fn link_one(
    lists: &ListIndex,
    vessel: &vigil_ais::VesselIdentity,
) -> (Vec<ListLink>, Vec<FlagClaim>) {
    let found = link_vessel(&lists.index, vessel);
    let mut claims = Vec::new();
    for link in &found {
        if !matches!(link.method, LinkMethod::Imo | LinkMethod::Mmsi) {
            continue;
        }
        if let Some(flag) = lists.flags.get(&link.entity_id) {
            let source = format!(
                "list entry {} ({}, by {})",
                link.entity_id,
                link.list,
                link.method.as_str()
            );
            claims.push(FlagClaim { flag: flag.clone(), source });
        }
    }
    (found, claims)
}

/// Links every vessel to the lists (when there are lists) and turns the
/// flags of entries linked by IMO or MMSI into claims.
fn link_vessels(
    args: &EventsArgs,
    identities: IdentityBuilder,
) -> anyhow::Result<(Links, Vec<(u32, FlagClaim)>)> {
    let mut links = BTreeMap::new();
    let mut claims = Vec::new();
    let Some(lists) = load_list_index(&args.detectors.lists, args.detectors.db.as_deref())? else {
        return Ok((links, claims));
    };
    for vessel in identities.finish() {
        let (found, vessel_claims) = link_one(&lists, &vessel);
        claims.extend(vessel_claims.into_iter().map(|claim| (vessel.mmsi, claim)));
        if !found.is_empty() {
            links.insert(vessel.mmsi, found);
        }
    }
    Ok((links, claims))
}

/// The text of every line cited as evidence, read again from the files
/// (not from standard input, which cannot be read twice).
fn evidence_lines(
    files: &[PathBuf],
    names: &[String],
    events: &[Event],
) -> BTreeMap<SrcRef, String> {
    let wanted: BTreeSet<SrcRef> = events.iter().flat_map(|e| e.evidence.iter().copied()).collect();
    let mut found = BTreeMap::new();
    for (file_idx, name) in names.iter().enumerate() {
        let Some(path) = files.iter().find(|p| p.display().to_string() == *name) else { continue };
        let mine: BTreeSet<u64> =
            wanted.iter().filter(|s| s.file as usize == file_idx).map(|s| s.line).collect();
        if mine.is_empty() || path.as_os_str() == "-" {
            continue;
        }
        let Ok(mut reader) = open(path) else { continue };
        let mut line = Vec::new();
        let last = mine.iter().next_back().copied().unwrap_or(0);
        let mut line_no = 0u64;
        while line_no < last {
            match read_line_bounded(&mut reader, &mut line, vigil_ais::MAX_LINE_LEN) {
                Ok(true) => line_no += 1,
                _ => break,
            }
            if mine.contains(&line_no) {
                let text = String::from_utf8_lossy(&line).trim_end_matches('\r').to_owned();
                found.insert(SrcRef { file: file_idx as u32, line: line_no }, text);
            }
        }
    }
    found
}

/// One event as written: a struct, so the keys come in this order (a
/// `serde_json` map would sort them).
#[derive(serde::Serialize)]
pub(super) struct EventLine<'a> {
    kind: &'static str,
    mmsi: &'a [u32],
    start: String,
    end: String,
    lat: Option<f64>,
    lon: Option<f64>,
    details: &'a serde_json::Map<String, Value>,
    listed: Vec<Value>,
    evidence: Vec<String>,
    evidence_lines: Vec<Option<&'a str>>,
}

/// An event with the list entries of its vessels (`links`), its evidence as
/// `name:line` (`names` indexed by `SrcRef::file`) and the text of each
/// evidence line found in `lines` (null otherwise).
pub(super) fn event_json<'a>(
    event: &'a Event,
    names: &[String],
    links: &Links,
    lines: &'a BTreeMap<SrcRef, String>,
) -> EventLine<'a> {
    let coordinate = |v: f64| v.is_finite().then(|| (v * 1e6).round() / 1e6);
    let listed: Vec<Value> = event
        .mmsi
        .iter()
        .flat_map(|mmsi| links.get(mmsi).into_iter().flatten().map(move |link| (mmsi, link)))
        .map(|(mmsi, link)| {
            json!({
                "mmsi": mmsi,
                "entity_id": link.entity_id,
                "caption": link.caption,
                "list": link.list,
                "programs": link.programs,
                "score": (link.score * 1000.0).round() / 1000.0,
                "method": link.method.as_str(),
            })
        })
        .collect();
    let evidence: Vec<String> = event
        .evidence
        .iter()
        .map(|src| {
            let name = names.get(src.file as usize).map(String::as_str).unwrap_or("?");
            format!("{name}:{}", src.line)
        })
        .collect();
    EventLine {
        kind: event.kind.as_str(),
        mmsi: &event.mmsi,
        start: event.start.to_string(),
        end: event.end.to_string(),
        lat: coordinate(event.lat),
        lon: coordinate(event.lon),
        details: &event.details,
        listed,
        evidence,
        evidence_lines: event
            .evidence
            .iter()
            .map(|src| lines.get(src).map(String::as_str))
            .collect(),
    }
}

fn summarize(events: &[Event], points: usize, statics: usize, anchorages: usize, rejected: u64) {
    let counts: Vec<String> = EventKind::ALL
        .iter()
        .map(|kind| {
            format!("{} {}", kind.as_str(), events.iter().filter(|e| e.kind == *kind).count())
        })
        .collect();
    eprintln!(
        "{} events ({}) from {points} positions and {statics} static reports; {anchorages} anchorages inferred; {rejected} lines rejected",
        events.len(),
        counts.join(", ")
    );
}
