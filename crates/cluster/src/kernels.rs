//! The plan's three stages as plain functions over the kernels' row types:
//! what one task does with its partition. No DataFusion here; `exec.rs`
//! feeds these from Arrow batches.
//!
//! 1. Per vessel (partitioned by MMSI): [`segment_vessel`] splits a vessel's
//!    positions into tracks (GFW's segmenter) and [`vessel_events`] runs
//!    every detector but the encounter one over the vessel's whole history,
//!    so a loitering or a gap across midnight is one event, never two.
//! 2. Proximity (partitioned by 10-minute bin and cell of about 2 km, with
//!    halo copies): [`halo_copies`] places each position in its own cell
//!    and in every neighbouring cell within [`PROXIMITY_M`];
//!    [`close_pairs`] pairs, within one (bin, cell), each position of the
//!    cell with every position (own or halo) at most [`PROXIMITY_M`] away.
//!    A pair is reported only from the home cell of its smaller MMSI, so it
//!    comes out once per bin however many cells the two lie near.
//!    [`imo_identity_changes`] (partitioned by IMO number) adds the one
//!    identity check that spans vessels: one IMO under two MMSIs.
//! 3. Encounter runs (partitioned by pair): [`pair_encounters`] runs the
//!    encounter kernel over the whole histories of the two vessels of one
//!    candidate pair, so a run across midnight or across a cell edge is
//!    judged whole, as on one machine: nothing is cut at a boundary, so
//!    nothing needs stitching, and short meetings at midnight are kept.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};
use vigil_ais::detect::config::DetectConfig;
use vigil_ais::detect::encounter::EncounterDetector;
use vigil_ais::detect::identity::IdentityDetector;
use vigil_ais::detect::pipeline::{detect_batch, sort_events, BatchInput};
use vigil_ais::detect::{Context, Event, SrcRef, StaticReport, TrackPoint};
use vigil_ais::{segment, FixKind, Point, SegmentConfig, Timestamp};

use crate::rows::PositionRow;

/// Candidate distance of the proximity stage, metres: four times the
/// encounter threshold (500 m), so vessels whose 10-minute means are close
/// are candidates even when their raw positions in the bin are not.
pub const PROXIMITY_M: f64 = 2_000.0;
/// Side of a proximity cell in latitude, degrees (about 2 km).
pub const CELL_DEG: f64 = 0.018;
/// Length of a proximity bin, ms (the encounter kernel's 10 minutes).
pub const BIN_MS: i64 = 600_000;
const METRES_PER_DEG: f64 = 111_195.0;

/// Message types that are vessel positions (as `vigil ais events` keeps).
pub fn is_vessel_position(msg_type: u8) -> bool {
    matches!(msg_type, 1..=3 | 18 | 19 | 27)
}

/// One vessel's positions (any order) with their track segment, noise and
/// unusable places dropped as `vigil ais events` does; sorted by time.
pub fn segment_vessel(rows: &mut Vec<PositionRow>) {
    rows.retain(|r| is_vessel_position(r.msg_type));
    rows.sort_by_key(|r| (r.point.ts, r.point.src));
    let points: Vec<Point> = rows.iter().map(point_of).collect();
    let keep: Vec<bool> = points.iter().map(Point::is_valid).collect();
    let valid: Vec<Point> =
        points.iter().zip(&keep).filter(|(_, k)| **k).map(|(p, _)| *p).collect();
    let mut labels = segment(&valid, &SegmentConfig::default()).into_iter();
    let mut kept = Vec::with_capacity(valid.len());
    for (row, ok) in rows.iter().zip(keep) {
        if ok {
            let mut row = *row;
            row.point.segment = labels.next().flatten();
            kept.push(row);
        }
    }
    *rows = kept;
}

fn point_of(row: &PositionRow) -> Point {
    let p = &row.point;
    Point {
        ts: p.ts,
        lat: p.lat,
        lon: p.lon,
        speed: p.speed,
        course: p.course,
        kind: FixKind::from_msg_type(row.msg_type),
    }
}

/// The configuration of stage 1: every detector but the encounter one.
pub fn vessel_config(config: &DetectConfig) -> DetectConfig {
    let mut config = config.clone();
    if !config.disable.iter().any(|d| d == "encounter") {
        config.disable.push("encounter".into());
    }
    config
}

/// The largest MMSI an AIS message can carry (30 bits). Clock markers
/// (see [`vessel_events`]) take MMSIs above it, so no real vessel has one.
pub const MAX_AIS_MMSI: u32 = (1 << 30) - 1;

/// The whole input's clock, as the single-machine detectors see it, for the
/// per-vessel stage (whose tasks each see only their own vessels).
///
/// On one machine the detectors' clock is the newest time of any vessel:
/// the gap detector ends a gap still open at the end at the input's newest
/// time, not at the silent vessel's own last report; and every hour of that
/// clock (at the first position at least an hour after the previous sweep)
/// it forgets vessels silent for `forget_after_h` (two weeks), with an open
/// gap ending at the sweep. Both follow from the times of every vessel's
/// positions, so the plan works them out before the per-vessel stage.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Serialize, Deserialize)]
pub struct InputClock {
    /// The input's newest time, epoch ms (`None` without positions).
    pub end_ms: Option<i64>,
    /// The times of the hourly sweeps, ascending (only when the input spans
    /// more than `forget_after_h`: otherwise no sweep forgets anyone).
    pub sweeps_ms: Vec<i64>,
}

/// Hours between the gap detector's sweeps of silent vessels.
pub const SWEEP_EVERY_MS: i64 = 3_600_000;

impl InputClock {
    /// The sweep times of positions at `times` (ascending): the first, then
    /// each first time at least [`SWEEP_EVERY_MS`] after the previous sweep.
    pub fn sweeps_of(times: impl IntoIterator<Item = i64>) -> Vec<i64> {
        let mut sweeps = Vec::new();
        let mut next = i64::MIN;
        for ts in times {
            if ts >= next {
                sweeps.push(ts);
                next = ts.saturating_add(SWEEP_EVERY_MS);
            }
        }
        sweeps
    }

    /// The times at which a vessel with positions at `times` (ascending)
    /// must see another vessel's position for its detectors to keep the
    /// input's clock: each sweep that forgets it, and the input's end.
    fn marks(&self, times: &[i64], forget_ms: i64) -> Vec<i64> {
        let mut marks = Vec::new();
        for (i, &off) in times.iter().enumerate() {
            let next = times.get(i + 1).copied();
            let first = self.sweeps_ms.partition_point(|&s| s <= off.saturating_add(forget_ms));
            if let Some(&sweep) = self.sweeps_ms.get(first) {
                let before_next = next.is_none_or(|n| sweep < n);
                if before_next && self.end_ms.is_none_or(|end| sweep <= end) {
                    marks.push(sweep);
                }
            }
        }
        if let (Some(end), Some(&last)) = (self.end_ms, times.last()) {
            if end > last && marks.last() != Some(&end) {
                marks.push(end);
            }
        }
        marks
    }
}

/// Every per-vessel event of the vessels in `points` and `statics` (one
/// partition: whole vessels), each vessel's detectors run as on one machine.
///
/// A vessel runs alone here, so the input's clock ([`InputClock`]) is
/// given to its detectors as positions of marker vessels (one position each,
/// MMSIs above [`MAX_AIS_MMSI`], their own events dropped) at the times that
/// matter: they move the detectors' clock as the other vessels would have,
/// and add nothing to the vessel's own state (nor, one position each, to
/// the reception the gap detector estimates).
pub fn vessel_events(
    points: Vec<TrackPoint>,
    statics: Vec<StaticReport>,
    clock: &InputClock,
    ctx: &Context,
    config: &DetectConfig,
) -> Vec<Event> {
    let mut by_vessel: BTreeMap<u32, (Vec<TrackPoint>, Vec<StaticReport>)> = BTreeMap::new();
    for p in points {
        by_vessel.entry(p.mmsi).or_default().0.push(p);
    }
    for s in statics {
        by_vessel.entry(s.mmsi).or_default().1.push(s);
    }
    let config = vessel_config(config);
    let forget_ms = (config.gap.forget_after_h * 3_600_000.0).min(i64::MAX as f64 / 2.0) as i64;
    let mut events = Vec::new();
    for (_, (mut points, statics)) in by_vessel {
        let mut times: Vec<i64> = points.iter().map(|p| p.ts.0).collect();
        times.sort_unstable();
        times.dedup();
        let marks = clock.marks(&times, forget_ms);
        points.extend(marks.into_iter().zip(0..).map(|(ts, i)| clock_marker(Timestamp(ts), i)));
        let input = BatchInput { points, statics, ..BatchInput::default() };
        let found = detect_batch(input, ctx, &config).events;
        events.extend(found.into_iter().filter(|e| e.mmsi.iter().all(|&m| m <= MAX_AIS_MMSI)));
    }
    events
}

/// The `n`th marker position, setting the detectors' clock to `ts`.
fn clock_marker(ts: Timestamp, n: u32) -> TrackPoint {
    TrackPoint {
        mmsi: u32::MAX - n,
        ts,
        lat: 0.0,
        lon: 0.0,
        speed: None,
        course: None,
        heading: None,
        segment: None,
        src: SrcRef { file: u32::MAX, line: 0 },
    }
}

/// The identity changes across MMSIs under one IMO number (a vessel that
/// takes a new MMSI or flag), from the static reports of the IMOs of one
/// partition: the only detector state that is not per vessel. The
/// per-vessel stage cannot see them (each of its tasks holds whole vessels,
/// not whole IMOs), so this stage, partitioned by IMO, reports them, and
/// only them. Their position is unknown here (NaN): the single-machine run
/// takes it from the vessel's last position.
pub fn imo_identity_changes(mut statics: Vec<StaticReport>, config: &DetectConfig) -> Vec<Event> {
    if !config.enabled(vigil_ais::detect::EventKind::Identity) {
        return Vec::new();
    }
    statics.retain(|s| s.fields.imo.is_some());
    // The order of `detect_batch`: by time (unknown first), MMSI, source.
    statics.sort_by_key(|r| (r.ts, r.mmsi, r.src));
    let mut detector = IdentityDetector::new(config.identity.clone());
    let mut events = Vec::new();
    for report in &statics {
        detector.push_static(report, &mut events);
    }
    events.retain(|e| e.mmsi.len() == 2);
    events
}

/// A position placed in a proximity cell.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CellCopy {
    /// 10-minute bin.
    pub bin: i64,
    /// Cell row (latitude band).
    pub row: i32,
    /// Cell column within the row.
    pub col: i32,
    /// Whether this is the position's own cell (not a halo copy).
    pub home: bool,
}

fn row_width(row: i32) -> f64 {
    let mid = ((f64::from(row) + 0.5) * CELL_DEG).abs().min(89.0);
    (CELL_DEG / mid.to_radians().cos()).min(360.0)
}

fn cell_of(lat: f64, lon: f64) -> (i32, i32) {
    let row = (lat / CELL_DEG).floor() as i32;
    (row, (lon / row_width(row)).floor() as i32)
}

/// The cells a position goes to: its own, and every cell within
/// [`PROXIMITY_M`] of it (the halo).
pub fn halo_copies(point: &TrackPoint, out: &mut Vec<CellCopy>) {
    let bin = point.ts.0.div_euclid(BIN_MS);
    let home = cell_of(point.lat, point.lon);
    let dlat = PROXIMITY_M / METRES_PER_DEG;
    let cos = (point.lat.abs() + dlat).min(89.0).to_radians().cos();
    let dlon = PROXIMITY_M / (METRES_PER_DEG * cos);
    let row_lo = ((point.lat - dlat) / CELL_DEG).floor() as i32;
    let row_hi = ((point.lat + dlat) / CELL_DEG).floor() as i32;
    for row in row_lo..=row_hi {
        let width = row_width(row);
        let col_lo = ((point.lon - dlon) / width).floor() as i32;
        let col_hi = ((point.lon + dlon) / width).floor() as i32;
        for col in col_lo..=col_hi {
            out.push(CellCopy { bin, row, col, home: (row, col) == home });
        }
    }
}

/// One row of the proximity stage's input: a copy of a position in a cell.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placed {
    /// Where.
    pub cell: CellCopy,
    /// The vessel.
    pub mmsi: u32,
    /// Latitude, degrees.
    pub lat: f64,
    /// Longitude, degrees.
    pub lon: f64,
}

/// The pairs (smaller MMSI first) of vessels within [`PROXIMITY_M`] in the
/// same bin, each once, from one partition's placed positions.
pub fn close_pairs(placed: &[Placed]) -> Vec<(u32, u32)> {
    let mut cells: HashMap<(i64, i32, i32), Vec<&Placed>> = HashMap::new();
    for p in placed {
        cells.entry((p.cell.bin, p.cell.row, p.cell.col)).or_default().push(p);
    }
    let mut pairs = Vec::new();
    for members in cells.values() {
        for a in members.iter().filter(|p| p.cell.home) {
            for b in members.iter().filter(|b| b.mmsi > a.mmsi) {
                if distance_m(a.lat, a.lon, b.lat, b.lon) <= PROXIMITY_M {
                    pairs.push((a.mmsi, b.mmsi));
                }
            }
        }
    }
    pairs.sort_unstable();
    pairs.dedup();
    pairs
}

fn distance_m(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6_371_008.8 * h.sqrt().asin()
}

/// The encounters of one candidate pair, from both vessels' positions with
/// their segments (any order).
pub fn pair_encounters(
    mut points: Vec<TrackPoint>,
    ctx: &Context,
    config: &DetectConfig,
) -> Vec<Event> {
    points.sort_by_key(|p| (p.ts, p.mmsi, p.src));
    // Anchorages are learnt from every vessel's stops; one pair's positions
    // would teach wrong ones, so the plan does not learn them (yet).
    let mut encounter = config.encounter.clone();
    encounter.learn_anchorages = false;
    let mut detector = EncounterDetector::new(encounter);
    let mut events = Vec::new();
    for point in &points {
        detector.push(point, ctx, &mut events);
    }
    detector.finish(ctx, &mut events);
    sort_events(&mut events);
    events
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(mmsi: u32, lat: f64, lon: f64) -> TrackPoint {
        TrackPoint {
            mmsi,
            ts: Timestamp(1_700_000_000_000),
            lat,
            lon,
            speed: Some(0.5),
            course: None,
            heading: None,
            segment: Some(1),
            src: SrcRef { file: 0, line: 1 },
        }
    }

    fn place(points: &[TrackPoint]) -> Vec<Placed> {
        let mut out = Vec::new();
        for p in points {
            let mut copies = Vec::new();
            halo_copies(p, &mut copies);
            assert_eq!(copies.iter().filter(|c| c.home).count(), 1);
            out.extend(copies.into_iter().map(|cell| Placed {
                cell,
                mmsi: p.mmsi,
                lat: p.lat,
                lon: p.lon,
            }));
        }
        out
    }

    #[test]
    fn a_pair_across_a_cell_edge_is_found_once() {
        // 0.018° is a cell edge: one vessel either side, 300 m apart.
        let edge = 2.0 * CELL_DEG;
        let points = [at(7, edge - 0.0014, 125.0), at(3, edge + 0.0013, 125.0)];
        assert_eq!(close_pairs(&place(&points)), vec![(3, 7)]);
        // Partitioned by cell, exactly one cell reports it.
        let placed = place(&points);
        let cells: std::collections::BTreeSet<(i32, i32)> =
            placed.iter().map(|p| (p.cell.row, p.cell.col)).collect();
        assert!(cells.len() >= 2, "the halo reaches the other cell");
        let found: usize = cells
            .iter()
            .map(|&key| {
                let cell: Vec<Placed> =
                    placed.iter().filter(|p| (p.cell.row, p.cell.col) == key).copied().collect();
                close_pairs(&cell).len()
            })
            .sum();
        assert_eq!(found, 1);
    }

    #[test]
    fn the_sweeps_follow_the_first_position_an_hour_after_the_last_sweep() {
        let h = SWEEP_EVERY_MS;
        let times = [0, 10, h - 1, h, h + 5, 3 * h + 7, 4 * h + 6, 4 * h + 7];
        assert_eq!(InputClock::sweeps_of(times), vec![0, h, 3 * h + 7, 4 * h + 7]);
    }

    #[test]
    fn a_vessel_is_marked_at_the_sweep_that_forgets_it_and_at_the_end() {
        let h = SWEEP_EVERY_MS;
        let clock =
            InputClock { end_ms: Some(100 * h), sweeps_ms: (0..=100).map(|k| k * h + 3).collect() };
        // Silent from 10 h to 40 h and from 40 h to 90 h with a 20 h horizon:
        // forgotten at the first sweep after 30 h and after 60 h; then silent
        // from 90 h to the end, too short to be forgotten.
        let marks = clock.marks(&[10 * h, 40 * h, 90 * h], 20 * h);
        assert_eq!(marks, vec![30 * h + 3, 60 * h + 3, 100 * h]);
        // Back before any sweep could forget it: only the end.
        let short = InputClock { end_ms: Some(40 * h), ..clock.clone() };
        assert_eq!(short.marks(&[10 * h, 30 * h + 2], 20 * h), vec![40 * h]);
        // Last heard at the end: no mark at all.
        assert!(clock.marks(&[100 * h], 20 * h).is_empty());
    }

    #[test]
    fn far_vessels_are_not_paired() {
        let points = [at(1, 38.0, 125.0), at(2, 38.0, 125.05)];
        assert!(close_pairs(&place(&points)).is_empty());
    }
}
