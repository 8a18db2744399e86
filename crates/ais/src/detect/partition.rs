//! Events at scale: positions in columnar batches, one time window at a time,
//! through the streaming [`EventPipeline`], in bounded memory.
//!
//! A GFW-scale day is some 60 M positions: as [`TrackPoint`]s (about 80
//! bytes each) that is more memory than the whole machine should spend, and
//! sorting them all at once is the slowest step. Every detector is already a
//! streaming state machine that carries its open events (a vessel's open bin,
//! a pair's run, a loitering stretch, a gap…) from one position to the next,
//! so a run can be cut into consecutive time windows: each window is gathered
//! as a [`PositionBatch`] (a struct of arrays, 46 bytes a row), sorted by
//! time, and fed to the one pipeline; the pipeline's state *is* the explicit
//! carry-over of open events across the window boundary, and nothing is
//! closed at a boundary (only [`WindowedRun::finish`] closes what is still
//! open). The events therefore do not depend on the window length, which the
//! tests check byte for byte.
//!
//! # Input order
//! Rows may come in any order *within* a window, but no row may belong to an
//! earlier window than a row before it (a file sorted by time, or written
//! window by window, qualifies; otherwise sort it externally by window). A
//! row from an already-fed window cannot be placed any more: it is counted
//! in [`RunStats::out_of_order`], reported with its line, and skipped.
//!
//! # Segments
//! Positions read here are taken as one track per MMSI (segment 1): GFW's
//! segmenter may relabel earlier positions when later ones arrive, so it
//! cannot run window by window; a positions table of this kind is normally
//! already cleaned.
//!
//! # Distribution
//! A window's batch is plain arrays and the pipeline's state is the only
//! thing carried, so the same kernels can run as tasks of a distributed
//! engine: per-vessel detectors partition by MMSI, the encounter detector by
//! region with a halo of `max_distance_m`.

use std::io::BufRead;

use super::config::DetectConfig;
use super::pipeline::{sort_events, EventPipeline};
use super::{Context, Event, SrcRef, TrackPoint};
use crate::Timestamp;

/// The value of `speed` and `course` when not reported.
const NO_VALUE: f32 = f32::NAN;
/// The value of `heading` when not reported.
const NO_HEADING: u16 = u16::MAX;

/// Positions as a struct of arrays: one element per row in each column.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PositionBatch {
    /// The vessel's MMSI.
    pub mmsi: Vec<u32>,
    /// Receive time, milliseconds since the Unix epoch.
    pub ts: Vec<i64>,
    /// Latitude in degrees.
    pub lat: Vec<f64>,
    /// Longitude in degrees.
    pub lon: Vec<f64>,
    /// Speed over ground in knots, NaN when not reported.
    pub speed: Vec<f32>,
    /// Course over ground in degrees, NaN when not reported.
    pub course: Vec<f32>,
    /// True heading in degrees, `u16::MAX` when not reported.
    pub heading: Vec<u16>,
    /// Track segment, `u32::MAX` for none.
    pub segment: Vec<u32>,
    /// Input file index.
    pub file: Vec<u32>,
    /// Input line, from 1.
    pub line: Vec<u64>,
}

impl PositionBatch {
    /// Number of rows.
    pub fn len(&self) -> usize {
        self.mmsi.len()
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.mmsi.is_empty()
    }

    /// Removes every row, keeping the memory.
    pub fn clear(&mut self) {
        self.mmsi.clear();
        self.ts.clear();
        self.lat.clear();
        self.lon.clear();
        self.speed.clear();
        self.course.clear();
        self.heading.clear();
        self.segment.clear();
        self.file.clear();
        self.line.clear();
    }

    /// Appends one position.
    pub fn push(&mut self, point: &TrackPoint) {
        self.mmsi.push(point.mmsi);
        self.ts.push(point.ts.0);
        self.lat.push(point.lat);
        self.lon.push(point.lon);
        self.speed.push(point.speed.unwrap_or(NO_VALUE));
        self.course.push(point.course.unwrap_or(NO_VALUE));
        self.heading.push(point.heading.unwrap_or(NO_HEADING));
        self.segment.push(point.segment.unwrap_or(u32::MAX));
        self.file.push(point.src.file);
        self.line.push(point.src.line);
    }

    /// Row `row` as a [`TrackPoint`].
    pub fn point(&self, row: usize) -> TrackPoint {
        let opt = |v: f32| (!v.is_nan()).then_some(v);
        TrackPoint {
            mmsi: self.mmsi[row],
            ts: Timestamp(self.ts[row]),
            lat: self.lat[row],
            lon: self.lon[row],
            speed: opt(self.speed[row]),
            course: opt(self.course[row]),
            heading: (self.heading[row] != NO_HEADING).then_some(self.heading[row]),
            segment: (self.segment[row] != u32::MAX).then_some(self.segment[row]),
            src: SrcRef { file: self.file[row], line: self.line[row] },
        }
    }

    /// The rows in time order (ties by MMSI, then source), as indices: the
    /// order [`super::pipeline::detect_batch`] feeds its points in.
    pub fn time_order(&self, order: &mut Vec<u32>) {
        order.clear();
        order.extend(0..self.len() as u32);
        order.sort_unstable_by_key(|&i| {
            let i = i as usize;
            (self.ts[i], self.mmsi[i], self.file[i], self.line[i])
        });
    }
}

/// What a windowed run has seen.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunStats {
    /// Positions fed to the pipeline.
    pub positions: u64,
    /// Windows fed.
    pub windows: u64,
    /// Most rows held in one window.
    pub largest_window: usize,
    /// Rows that belonged to a window already fed, skipped.
    pub out_of_order: u64,
    /// The first few of those, as (file, line).
    pub out_of_order_examples: Vec<SrcRef>,
}

/// Most out-of-order rows remembered by source.
const MAX_EXAMPLES: usize = 10;

/// One pipeline fed window by window (see the module documentation).
#[derive(Debug)]
pub struct WindowedRun {
    pipeline: EventPipeline,
    window_ms: i64,
    current: Option<i64>,
    batch: PositionBatch,
    order: Vec<u32>,
    events: Vec<Event>,
    stats: RunStats,
}

impl WindowedRun {
    /// A run with windows of `window_ms` milliseconds (at least one second)
    /// over a pipeline of `config`.
    pub fn new(config: DetectConfig, window_ms: i64) -> Self {
        WindowedRun::with_pipeline(EventPipeline::new(config), window_ms)
    }

    /// A run over a pipeline set up by the caller (anchorages, flag claims,
    /// vessel classes).
    pub fn with_pipeline(pipeline: EventPipeline, window_ms: i64) -> Self {
        WindowedRun {
            pipeline,
            window_ms: window_ms.max(1000),
            current: None,
            batch: PositionBatch::default(),
            order: Vec::new(),
            events: Vec::new(),
            stats: RunStats::default(),
        }
    }

    /// Takes one position; feeds the current window first when the position
    /// starts a later one.
    pub fn push(&mut self, point: &TrackPoint, ctx: &Context) {
        let window = point.ts.0.div_euclid(self.window_ms);
        match self.current {
            Some(current) if window < current => {
                self.stats.out_of_order += 1;
                if self.stats.out_of_order_examples.len() < MAX_EXAMPLES {
                    self.stats.out_of_order_examples.push(point.src);
                }
                return;
            }
            Some(current) if window > current => self.feed_window(ctx),
            _ => {}
        }
        self.current = Some(window);
        self.batch.push(point);
    }

    /// Takes every row of a batch, in its order.
    pub fn push_batch(&mut self, batch: &PositionBatch, ctx: &Context) {
        for row in 0..batch.len() {
            self.push(&batch.point(row), ctx);
        }
    }

    /// Sorts the current window and feeds it to the pipeline.
    fn feed_window(&mut self, ctx: &Context) {
        if self.batch.is_empty() {
            return;
        }
        self.stats.windows += 1;
        self.stats.largest_window = self.stats.largest_window.max(self.batch.len());
        self.batch.time_order(&mut self.order);
        for &row in &self.order {
            self.pipeline.push(&self.batch.point(row as usize), ctx);
        }
        self.stats.positions += self.batch.len() as u64;
        self.batch.clear();
        self.events.extend(self.pipeline.take_events());
    }

    /// The events closed so far and not yet taken (a caller writing events
    /// as they close takes them after each push).
    pub fn take_events(&mut self) -> Vec<Event> {
        std::mem::take(&mut self.events)
    }

    /// The pipeline, to read its detectors' counters.
    pub fn pipeline(&self) -> &EventPipeline {
        &self.pipeline
    }

    /// Feeds the last window, closes everything still open, and returns the
    /// events not taken yet, sorted, with the run's counts.
    pub fn finish(mut self, ctx: &Context) -> (Vec<Event>, RunStats) {
        self.feed_window(ctx);
        let mut events = self.take_events();
        events.extend(self.pipeline.finish(ctx));
        sort_events(&mut events);
        (events, self.stats)
    }
}

/// A positions table as CSV: a header naming at least `mmsi`, a time column
/// (`t`, `ts`, `timestamp` or `time`: epoch seconds, epoch milliseconds, or
/// ISO 8601), `lat` and `lon`; optional `sog` (or `speed`), `cog` (or
/// `course`) and `heading`. Other columns are ignored. This is the table
/// `../shared/peers/peer_duckdb_encounters.py` reads.
#[derive(Debug, Clone)]
pub struct PositionsCsv {
    mmsi: usize,
    time: usize,
    lat: usize,
    lon: usize,
    speed: Option<usize>,
    course: Option<usize>,
    heading: Option<usize>,
    width: usize,
}

/// Longest CSV line accepted, in bytes; a longer one is rejected.
pub const MAX_LINE_BYTES: usize = 64 * 1024;

impl PositionsCsv {
    /// Reads the column positions from the header line; `None` when a
    /// required column is missing.
    pub fn from_header(header: &str) -> Option<PositionsCsv> {
        let names: Vec<String> = header
            .trim_end()
            .split(',')
            .map(|n| n.trim().trim_matches('"').to_ascii_lowercase())
            .collect();
        let find = |wanted: &[&str]| names.iter().position(|n| wanted.contains(&n.as_str()));
        Some(PositionsCsv {
            mmsi: find(&["mmsi", "ssvid"])?,
            time: find(&["t", "ts", "timestamp", "time"])?,
            lat: find(&["lat", "latitude"])?,
            lon: find(&["lon", "longitude", "lng"])?,
            speed: find(&["sog", "speed"]),
            course: find(&["cog", "course"]),
            heading: find(&["heading"]),
            width: names.len(),
        })
    }

    /// Parses one data line into a position (segment 1, see the module
    /// documentation), or says what is wrong with it.
    pub fn parse(&self, line: &str, src: SrcRef) -> Result<TrackPoint, String> {
        let mut cells = [""; 32];
        let mut n = 0;
        for cell in line.trim_end_matches(['\r', '\n']).split(',') {
            if n < cells.len() {
                cells[n] = cell;
            }
            n += 1;
        }
        if n < self.width.min(cells.len()) {
            return Err(format!("{n} cells where the header has {}", self.width));
        }
        let get = |i: usize| cells.get(i).copied().unwrap_or("").trim();
        let mmsi: u32 =
            get(self.mmsi).parse().map_err(|_| format!("bad mmsi {:?}", get(self.mmsi)))?;
        let ts =
            parse_time(get(self.time)).ok_or_else(|| format!("bad time {:?}", get(self.time)))?;
        let coord = |i: usize, limit: f64| {
            get(i).parse::<f64>().ok().filter(|v| v.is_finite() && v.abs() <= limit)
        };
        let lat = coord(self.lat, 90.0).ok_or_else(|| format!("bad lat {:?}", get(self.lat)))?;
        let lon = coord(self.lon, 180.0).ok_or_else(|| format!("bad lon {:?}", get(self.lon)))?;
        let optional = |i: Option<usize>| {
            i.and_then(|i| get(i).parse::<f32>().ok()).filter(|v| v.is_finite() && *v >= 0.0)
        };
        Ok(TrackPoint {
            mmsi,
            ts,
            lat,
            lon,
            speed: optional(self.speed).filter(|s| *s < 102.3),
            course: optional(self.course).filter(|c| *c < 360.0),
            heading: optional(self.heading).filter(|h| *h < 360.0).map(|h| h as u16),
            segment: Some(1),
            src,
        })
    }
}

/// A time cell: epoch seconds (up to 11 digits), epoch milliseconds, or ISO
/// 8601 text.
fn parse_time(cell: &str) -> Option<Timestamp> {
    if let Ok(epoch) = cell.parse::<f64>() {
        return Timestamp::from_epoch_guess_f64(epoch);
    }
    Timestamp::parse(cell)
}

/// Counts of reading a positions CSV.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CsvStats {
    /// Data lines read (blank lines not counted).
    pub rows: u64,
    /// Lines rejected.
    pub rejected: u64,
    /// The first few rejections, as `line: reason`.
    pub rejections: Vec<String>,
}

/// Reads a positions CSV (see [`PositionsCsv`]) from `reader` into `run`,
/// one line at a time. An unreadable header or an I/O error is an error;
/// a bad line is counted and the first few are described.
pub fn read_positions_csv<R: BufRead>(
    mut reader: R,
    file: u32,
    run: &mut WindowedRun,
    ctx: &Context,
) -> Result<CsvStats, String> {
    let mut line = String::new();
    reader.read_line(&mut line).map_err(|e| e.to_string())?;
    let columns =
        PositionsCsv::from_header(line.trim_start_matches('\u{feff}')).ok_or_else(|| {
            format!("line 1: header lacks mmsi, t, lat or lon: {:?}", line.trim_end())
        })?;
    let mut stats = CsvStats::default();
    let mut number = 1u64;
    loop {
        line.clear();
        let read = reader.read_line(&mut line).map_err(|e| format!("line {}: {e}", number + 1))?;
        if read == 0 {
            break;
        }
        number += 1;
        if line.trim().is_empty() {
            continue;
        }
        stats.rows += 1;
        let parsed = if line.len() > MAX_LINE_BYTES {
            Err(format!("{} bytes, more than {MAX_LINE_BYTES}", line.len()))
        } else {
            columns.parse(&line, SrcRef { file, line: number })
        };
        match parsed {
            Ok(point) => run.push(&point, ctx),
            Err(reason) => {
                stats.rejected += 1;
                if stats.rejections.len() < MAX_EXAMPLES {
                    stats.rejections.push(format!("line {number}: {reason}"));
                }
            }
        }
    }
    Ok(stats)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::EventKind;
    use serde_json::json;
    use vigil_geo::Geography;

    /// 2024-01-01T00:00:00Z in seconds.
    const DAY0: i64 = 1_704_067_200;

    /// A deterministic pseudo-random sequence (xorshift).
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn unit(&mut self) -> f64 {
            (self.next() >> 11) as f64 / (1u64 << 53) as f64
        }
    }

    /// A day of traffic in the open Sea of Japan: an encounter from 04:30 to
    /// 08:30 (across the 6-hour boundary), a vessel loitering, one going
    /// silent for 7 hours, and transiting ships; rows shuffled within each
    /// hour (the order the windows allow).
    fn day() -> Vec<TrackPoint> {
        let mut rng = Rng(0x5eed);
        let mut rows: Vec<(i64, u64, TrackPoint)> = Vec::new();
        let mut line = 0u64;
        let mut add = |rows: &mut Vec<(i64, u64, TrackPoint)>,
                       rng: &mut Rng,
                       mmsi,
                       secs: i64,
                       lat,
                       lon,
                       sog| {
            line += 1;
            let point = TrackPoint {
                mmsi,
                ts: Timestamp((DAY0 + secs) * 1000),
                lat,
                lon,
                speed: Some(sog),
                course: Some(90.0),
                heading: Some(90),
                segment: Some(1),
                src: SrcRef { file: 0, line },
            };
            rows.push((secs / 3600, rng.next(), point));
        };
        for secs in (0..86_400).step_by(120) {
            let h = secs as f64 / 3600.0;
            // Transits: 12 kn eastward, spaced apart.
            for k in 0..6u32 {
                let lat = 39.0 + f64::from(k) * 0.1;
                add(&mut rows, &mut rng, 440_100_000 + k, secs, lat, 132.0 + h * 0.25, 12.0);
            }
            // The encounter pair, side by side and slow from 04:30 to 08:30.
            if (16_200..30_600).contains(&secs) {
                let jitter = (rng.unit() - 0.5) * 1e-4;
                add(&mut rows, &mut rng, 445_000_001, secs, 40.0 + jitter, 134.0, 0.5);
                add(&mut rows, &mut rng, 667_000_002, secs, 40.0, 134.002 + jitter, 0.5);
            }
            // Loitering far out.
            add(&mut rows, &mut rng, 445_000_003, secs, 41.0 + h * 0.002, 135.0, 0.8);
            // Silent from 06:00 to 13:00.
            if !(21_600..46_800).contains(&secs) {
                add(&mut rows, &mut rng, 445_000_004, secs, 38.0, 131.0 + h * 0.2, 10.0);
            }
        }
        rows.sort_by_key(|r| (r.0, r.1));
        rows.into_iter().map(|r| r.2).collect()
    }

    fn to_json(events: &[Event]) -> String {
        let values: Vec<_> = events
            .iter()
            .map(|e| {
                json!({
                    "kind": e.kind.as_str(), "mmsi": e.mmsi, "start": e.start.0, "end": e.end.0,
                    "lat": e.lat, "lon": e.lon, "details": e.details,
                    "evidence": e.evidence.iter().map(|s| [u64::from(s.file), s.line]).collect::<Vec<_>>(),
                })
            })
            .collect();
        serde_json::to_string(&values).expect("json")
    }

    fn run(points: &[TrackPoint], window_h: i64) -> (Vec<Event>, RunStats) {
        let geo = Geography::dprk_profile();
        let ctx = Context { geo: &geo };
        let mut run = WindowedRun::new(DetectConfig::default(), window_h * 3_600_000);
        let mut batch = PositionBatch::default();
        for chunk in points.chunks(5000) {
            batch.clear();
            chunk.iter().for_each(|p| batch.push(p));
            run.push_batch(&batch, &ctx);
        }
        run.finish(&ctx)
    }

    #[test]
    fn window_length_does_not_change_the_events() {
        let points = day();
        let (whole, whole_stats) = run(&points, 1_000_000);
        assert_eq!(whole_stats.windows, 1);
        assert_eq!(whole_stats.positions, points.len() as u64);
        let encounters: Vec<&Event> =
            whole.iter().filter(|e| e.kind == EventKind::Encounter).collect();
        assert_eq!(encounters.len(), 1, "{encounters:?}");
        assert_eq!(encounters[0].mmsi, vec![445_000_001, 667_000_002]);
        assert_eq!(encounters[0].start.0, (DAY0 + 16_200) * 1000);
        assert!(whole.iter().any(|e| e.kind == EventKind::Loitering && e.mmsi == [445_000_003]));
        assert!(whole.iter().any(|e| e.kind == EventKind::Gap && e.mmsi == [445_000_004]));
        let expected = to_json(&whole);
        for window_h in [1, 6, 24] {
            let (events, stats) = run(&points, window_h);
            assert_eq!(stats.out_of_order, 0);
            assert!(stats.windows >= (24 / window_h) as u64, "{stats:?}");
            assert_eq!(to_json(&events), expected, "windows of {window_h} h");
        }
    }

    #[test]
    fn closing_at_each_boundary_would_split_the_encounter() {
        // The carry-over matters: a pipeline finished at every 6-hour
        // boundary loses the encounter that crosses 06:00 as one event.
        let geo = Geography::dprk_profile();
        let ctx = Context { geo: &geo };
        let points = day();
        let mut events = Vec::new();
        for part in points.chunk_by(|a, b| a.ts.0 / 21_600_000 == b.ts.0 / 21_600_000) {
            let mut run = WindowedRun::new(DetectConfig::default(), 3_600_000);
            part.iter().for_each(|p| run.push(p, &ctx));
            events.extend(run.finish(&ctx).0);
        }
        let (whole, _) = run(&points, 6);
        let count =
            |events: &[Event]| events.iter().filter(|e| e.kind == EventKind::Encounter).count();
        assert_eq!(count(&whole), 1);
        assert_ne!(to_json(&events), to_json(&whole));
    }

    #[test]
    fn rows_of_an_earlier_window_are_counted_not_fed() {
        let geo = Geography::dprk_profile();
        let ctx = Context { geo: &geo };
        let mut points = day();
        let early = points.remove(0);
        points.push(early);
        let mut run = WindowedRun::new(DetectConfig::default(), 3_600_000);
        points.iter().for_each(|p| run.push(p, &ctx));
        let (_, stats) = run.finish(&ctx);
        assert_eq!(stats.out_of_order, 1);
        assert_eq!(stats.out_of_order_examples, vec![early.src]);
        assert_eq!(stats.positions, points.len() as u64 - 1);
    }

    #[test]
    fn csv_rows_parse_and_bad_lines_are_counted() {
        let geo = Geography::dprk_profile();
        let ctx = Context { geo: &geo };
        let text = "mmsi,t,lat,lon,sog\n\
            445000001,1704067200,40.0,134.0,0.5\n\
            445000001,1704067260.5,40.001,134.0,\n\
            \n\
            x,1704067300,40.0,134.0,1\n\
            445000001,1704067300,95.0,134.0,1\n\
            445000001,1704067320000,40.002,134.0,1.5\n";
        let mut run = WindowedRun::new(DetectConfig::default(), 3_600_000);
        let stats = read_positions_csv(text.as_bytes(), 0, &mut run, &ctx).expect("reads");
        assert_eq!(stats.rows, 5);
        assert_eq!(stats.rejected, 2);
        assert!(stats.rejections[0].starts_with("line 5: bad mmsi"), "{:?}", stats.rejections);
        assert!(stats.rejections[1].starts_with("line 6: bad lat"), "{:?}", stats.rejections);
        let (_, run_stats) = run.finish(&ctx);
        assert_eq!(run_stats.positions, 3);
        let columns = PositionsCsv::from_header("mmsi,t,lat,lon,sog").expect("header");
        let point = columns.parse("1,1704067260.5,1,2,", SrcRef { file: 0, line: 2 }).expect("row");
        assert_eq!(point.ts.0, 1_704_067_260_500);
        assert_eq!(point.speed, None);
        assert!(PositionsCsv::from_header("mmsi,lat,lon").is_none());
        assert!(read_positions_csv(
            "a,b\n".as_bytes(),
            0,
            &mut WindowedRun::new(DetectConfig::default(), 1),
            &ctx
        )
        .is_err());
    }
}
