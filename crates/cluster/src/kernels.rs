//! The plan's stages as plain functions over the kernels' row types: what
//! one task does with its partition. No DataFusion here; `plan.rs` feeds
//! these from Arrow batches.
//!
//! 1. Per vessel (partitioned by MMSI): [`segment_vessel`] splits a vessel's
//!    positions into tracks (GFW's segmenter) and [`vessel_events`] runs
//!    every detector but the encounter one over the vessel's whole history,
//!    so a loitering or a gap across midnight is one event, never two.
//! 2. Proximity: [`bin_places`] (per vessel) puts each track where the
//!    encounter detector has it in each of its bins (the bin's mean, or the
//!    interpolated point in a short silence); [`halo_copies`] places each
//!    place in its own cell of about 2 km and in every cell within the
//!    encounter distance; [`close_pairs`] (partitioned by bin and cell)
//!    pairs, within one (bin, cell), each place of the cell with every place
//!    (own or halo) within reach, reported only from the home cell of the
//!    smaller MMSI. Every bin in which the detector finds two vessels close
//!    is thus a candidate bin of the pair.
//!    [`imo_identity_changes`] (partitioned by IMO number) adds the one
//!    identity check that spans vessels: one IMO under two MMSIs.
//! 3. Windows (partitioned by pair): [`pair_windows`] turns a pair's
//!    candidate bins into the time windows its encounters depend on (long
//!    enough stretches of them, widened by more than the interpolation
//!    span); per vessel again, each window takes the vessel's positions
//!    inside it.
//! 4. Encounter runs (partitioned by pair): [`pair_encounters`] runs the
//!    encounter kernel over both vessels' positions in the pair's windows,
//!    all windows at once, which gives exactly the encounters of their
//!    whole histories (see [`pair_windows`] for why): a run across midnight
//!    or across a cell edge is judged whole, as on one machine, and nothing
//!    needs stitching.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};
use vigil_ais::detect::config::DetectConfig;
use vigil_ais::detect::encounter::EncounterDetector;
use vigil_ais::detect::identity::IdentityDetector;
use vigil_ais::detect::pipeline::{detect_batch, sort_events, BatchInput};
use vigil_ais::detect::{Context, Event, SrcRef, StaticReport, TrackPoint};
use vigil_ais::{segment, FixKind, Point, SegmentConfig, Timestamp};

use crate::rows::PositionRow;

/// Side of a proximity cell in latitude, degrees (about 2 km).
pub const CELL_DEG: f64 = 0.018;
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

/// The encounter detector's bins, as its configuration sets them (the
/// same arithmetic as `EncounterDetector::new`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EncounterBins {
    /// Length of a bin, ms.
    pub bin_ms: i64,
    /// Longest silence bridged by interpolation, ms.
    pub max_gap_ms: i64,
    /// `max_gap_ms` in bins, rounded up.
    pub interp_bins: i64,
    /// Fewest consecutive close bins of a run that can be an encounter.
    pub min_bins: i64,
    /// How far apart two vessels' places in a bin may be to be candidates,
    /// metres: the detector's distance with room for rounding (the places
    /// here are summed in another order than the detector's).
    pub reach_m: f64,
}

const HOUR_MS: f64 = 3_600_000.0;

impl EncounterBins {
    /// The bins of `config`'s encounter detector.
    pub fn of(config: &DetectConfig) -> EncounterBins {
        let c = &config.encounter;
        let bin_ms = ((c.bin_minutes * 60_000.0) as i64).max(1000);
        let max_gap_ms = ((c.max_interpolation_gap_h * HOUR_MS) as i64).max(0);
        let min_bins = ((c.min_duration_h * HOUR_MS) as i64).saturating_add(bin_ms - 1);
        EncounterBins {
            bin_ms,
            max_gap_ms,
            interp_bins: max_gap_ms.saturating_add(bin_ms - 1) / bin_ms,
            min_bins: min_bins.div_euclid(bin_ms).max(1),
            reach_m: c.max_distance_m.max(0.0) * 1.001 + 1.0,
        }
    }

    /// Bins kept on each side of a stretch of candidate bins (see
    /// [`pair_windows`]): more than one interpolation span.
    pub fn pad(&self) -> i64 {
        self.interp_bins.saturating_add(1)
    }
}

/// Where one vessel track is in one encounter bin, as the encounter detector
/// places it: the mean of its positions in the bin, or, in an empty bin
/// between two bins with positions at most `max_gap_ms` apart, the point
/// interpolated between their means.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BinPlace {
    /// The vessel.
    pub mmsi: u32,
    /// Encounter bin (time div `bin_ms`).
    pub bin: i64,
    /// Latitude, degrees.
    pub lat: f64,
    /// Longitude, degrees.
    pub lon: f64,
}

/// A longitude difference brought into [-180, 180) (as the detector does).
fn wrap(delta: f64) -> f64 {
    (delta + 180.0).rem_euclid(360.0) - 180.0
}

/// The places ([`BinPlace`]) of every track of the vessels in `points`
/// (whole vessels, any order): exactly the bins in which the encounter
/// detector has an entry for the track, at its position (up to the order
/// of summation). A track is a vessel's segment, as in the detector.
pub fn bin_places(points: &[TrackPoint], bins: &EncounterBins) -> Vec<BinPlace> {
    let mut tracks: BTreeMap<(u32, u32), Vec<&TrackPoint>> = BTreeMap::new();
    for p in points.iter().filter(|p| usable(p)) {
        tracks.entry((p.mmsi, p.segment.unwrap_or(u32::MAX))).or_default().push(p);
    }
    let mut out = Vec::new();
    for ((mmsi, _), mut track) in tracks {
        // The detector's order: time, then source (one vessel).
        track.sort_by_key(|p| (p.ts, p.src));
        let mut prev: Option<BinMean> = None;
        for in_bin in
            track.chunk_by(|a, b| a.ts.0.div_euclid(bins.bin_ms) == b.ts.0.div_euclid(bins.bin_ms))
        {
            let mean = BinMean::of(in_bin, bins.bin_ms);
            if let Some(prev) = prev.filter(|p| mean.first_ts - p.last_ts <= bins.max_gap_ms) {
                for empty in prev.bin + 1..mean.bin {
                    let t = (empty - prev.bin) as f64 / (mean.bin - prev.bin) as f64;
                    let lat = prev.lat + t * (mean.lat - prev.lat);
                    let lon = wrap(prev.lon + t * wrap(mean.lon - prev.lon));
                    out.push(BinPlace { mmsi, bin: empty, lat, lon });
                }
            }
            out.push(BinPlace { mmsi, bin: mean.bin, lat: mean.lat, lon: mean.lon });
            prev = Some(mean);
        }
    }
    out
}

/// Whether the detector uses a position at all (a finite, valid place).
fn usable(p: &TrackPoint) -> bool {
    p.lat.is_finite() && p.lon.is_finite() && p.lat.abs() <= 90.0 && p.lon.abs() <= 180.0
}

/// One track's positions in one bin, averaged as the detector does.
#[derive(Debug, Clone, Copy)]
struct BinMean {
    bin: i64,
    lat: f64,
    lon: f64,
    first_ts: i64,
    last_ts: i64,
}

impl BinMean {
    /// `points`: one bin of one track, in time order (not empty).
    fn of(points: &[&TrackPoint], bin_ms: i64) -> BinMean {
        let ref_lon = points[0].lon;
        let (mut lat_sum, mut dlon_sum) = (0.0, 0.0);
        for p in points {
            lat_sum += p.lat;
            dlon_sum += wrap(p.lon - ref_lon);
        }
        let n = points.len() as f64;
        BinMean {
            bin: points[0].ts.0.div_euclid(bin_ms),
            lat: lat_sum / n,
            lon: wrap(ref_lon + dlon_sum / n),
            first_ts: points.iter().map(|p| p.ts.0).min().unwrap_or_default(),
            last_ts: points.iter().map(|p| p.ts.0).max().unwrap_or_default(),
        }
    }
}

/// A place put in a proximity cell.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CellCopy {
    /// Encounter bin.
    pub bin: i64,
    /// Cell row (latitude band).
    pub row: i32,
    /// Cell column within the row.
    pub col: i32,
    /// Whether this is the place's own cell (not a halo copy).
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

/// The cells a place goes to: its own, and every cell within `reach_m` of
/// it (the halo).
pub fn halo_copies(place: &BinPlace, reach_m: f64, out: &mut Vec<CellCopy>) {
    let (bin, lat, lon) = (place.bin, place.lat, place.lon);
    let home = cell_of(lat, lon);
    let dlat = reach_m / METRES_PER_DEG;
    let cos = (lat.abs() + dlat).min(89.0).to_radians().cos();
    let dlon = reach_m / (METRES_PER_DEG * cos);
    let row_lo = ((lat - dlat) / CELL_DEG).floor() as i32;
    let row_hi = ((lat + dlat) / CELL_DEG).floor() as i32;
    for row in row_lo..=row_hi {
        let width = row_width(row);
        let col_lo = ((lon - dlon) / width).floor() as i32;
        let col_hi = ((lon + dlon) / width).floor() as i32;
        for col in col_lo..=col_hi {
            out.push(CellCopy { bin, row, col, home: (row, col) == home });
        }
    }
}

/// One row of the proximity stage's input: a copy of a place in a cell.
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

/// The pairs (smaller MMSI first) of vessels whose places in one bin are
/// within `reach_m`, with the bin, each once, from one partition's copies.
pub fn close_pairs(placed: &[Placed], reach_m: f64) -> Vec<(u32, u32, i64)> {
    let mut cells: HashMap<(i64, i32, i32), Vec<&Placed>> = HashMap::new();
    for p in placed {
        cells.entry((p.cell.bin, p.cell.row, p.cell.col)).or_default().push(p);
    }
    let mut pairs = Vec::new();
    for ((bin, _, _), members) in &cells {
        for a in members.iter().filter(|p| p.cell.home) {
            for b in members.iter().filter(|b| b.mmsi > a.mmsi) {
                if distance_m(a.lat, a.lon, b.lat, b.lon) <= reach_m {
                    pairs.push((a.mmsi, b.mmsi, *bin));
                }
            }
        }
    }
    pairs.sort_unstable();
    pairs.dedup();
    pairs
}

/// The time windows, `[from_ms, to_ms)`, of one pair whose candidate bins
/// (those where [`close_pairs`] found its places within reach) are `bins`
/// (any order, repeats allowed): the positions of both vessels inside them
/// give [`pair_encounters`] exactly the events of their whole histories.
///
/// Why (the detector's rules, `vigil_ais::detect::encounter`):
/// 1. A bin's entry of a track depends only on the track's positions in
///    bins at most `interp_bins` away: its own positions (mean), the
///    previous bin with positions within `max_gap_ms` (implied speed), or
///    the two bins with positions that bracket it less than `max_gap_ms`
///    apart (interpolation: they are at most `interp_bins` bins apart).
/// 2. A close bin (entries of the two vessels at most `max_distance_m`
///    apart) is a candidate bin: [`bin_places`] puts every entry where the
///    detector does, and [`close_pairs`] pairs them with room to spare.
/// 3. A run (consecutive close bins) that can be an encounter has at least
///    `min_bins` bins, so it lies inside a stretch of at least `min_bins`
///    consecutive candidate bins. Shorter stretches are dropped: their runs
///    are too short in the whole history, and, having fewer entries, in the
///    windows too.
/// 4. A window is a kept stretch widened by [`EncounterBins::pad`] bins
///    (more than `interp_bins`) each side, whole bins only; windows less
///    than `pad` bins apart are merged, so no interpolation bridges the
///    gap between two windows. So inside the windows the detector has a
///    subset of its whole-history entries, at the same places, and every
///    entry of a kept stretch exactly (speed, positions counted, source):
///    each run of a kept stretch is the same run, and any other run lies in
///    a dropped stretch, too short either way. Encounters are made of
///    qualifying runs alone (merged when less than `merge_gap_h` apart,
///    dropped near ports by their mean place), so they come out the same.
pub fn pair_windows(bins: &mut Vec<i64>, eb: &EncounterBins) -> Vec<(i64, i64)> {
    bins.sort_unstable();
    bins.dedup();
    let pad = eb.pad();
    let mut windows: Vec<(i64, i64)> = Vec::new();
    for stretch in bins.chunk_by(|a, b| a.checked_add(1) == Some(*b)) {
        let (first, last) = (stretch[0], stretch[stretch.len() - 1]);
        if (stretch.len() as i64) < eb.min_bins {
            continue;
        }
        let (from, to) = (first.saturating_sub(pad), last.saturating_add(pad));
        match windows.last_mut() {
            Some(open) if from.saturating_sub(open.1) <= pad => open.1 = to,
            _ => windows.push((from, to)),
        }
    }
    windows
        .into_iter()
        .map(|(from, to)| {
            (from.saturating_mul(eb.bin_ms), to.saturating_add(1).saturating_mul(eb.bin_ms))
        })
        .collect()
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

    const REACH_M: f64 = 500.0;

    fn place(points: &[TrackPoint]) -> Vec<Placed> {
        let mut out = Vec::new();
        for p in points {
            let place = BinPlace { mmsi: p.mmsi, bin: 0, lat: p.lat, lon: p.lon };
            let mut copies = Vec::new();
            halo_copies(&place, REACH_M, &mut copies);
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
        assert_eq!(close_pairs(&place(&points), REACH_M), vec![(3, 7, 0)]);
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
                close_pairs(&cell, REACH_M).len()
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
        let points = [at(1, 38.0, 125.0), at(2, 38.0, 125.006)];
        assert!(close_pairs(&place(&points), REACH_M).is_empty());
    }

    // --- Windows: the positions inside a pair's windows give the same
    // encounters as the whole histories. ---

    /// 2026-01-10 20:00 UTC: meetings from here run across midnight.
    const T0_MS: i64 = 1_768_075_200_000;
    /// Open sea in the Yellow Sea, far from any port.
    const SEA: (f64, f64) = (37.0, 124.5);

    /// One vessel's positions through `legs` (start minute, north m, east
    /// m), one every `every` minutes from minute `first`, the last leg's
    /// place held to minute `end`; each reports `speed`, or the leg's speed
    /// when `None` and `report` is true, or nothing when `report` is false.
    struct Track<'a> {
        mmsi: u32,
        legs: &'a [(i64, f64, f64)],
        first: i64,
        every: i64,
        end: i64,
        report: bool,
    }

    fn positions(t: &Track, out: &mut Vec<TrackPoint>) {
        let mut minute = t.first;
        while minute <= t.end {
            let leg = t.legs.iter().rposition(|l| l.0 <= minute).unwrap_or(0);
            let (t0, n0, e0) = t.legs[leg];
            let (t1, n1, e1) = t.legs.get(leg + 1).copied().unwrap_or((t.end.max(t0 + 1), n0, e0));
            let f = ((minute - t0) as f64 / (t1 - t0) as f64).clamp(0.0, 1.0);
            let (north, east) = (n0 + f * (n1 - n0), e0 + f * (e1 - e0));
            let knots = (n1 - n0).hypot(e1 - e0) / 1852.0 / ((t1 - t0) as f64 / 60.0);
            out.push(TrackPoint {
                mmsi: t.mmsi,
                ts: Timestamp(T0_MS + minute * 60_000),
                lat: SEA.0 + north / METRES_PER_DEG,
                lon: SEA.1 + east / (METRES_PER_DEG * SEA.0.to_radians().cos()),
                speed: t.report.then_some(knots as f32),
                course: None,
                heading: None,
                segment: Some(0),
                src: SrcRef { file: t.mmsi, line: minute as u64 },
            });
            minute += t.every;
        }
    }

    /// The positions of `points` inside the windows of each pair that the
    /// proximity stage finds among them, with `pad` in place of the
    /// windows' own when given.
    fn windowed(points: &[TrackPoint], config: &DetectConfig, pad: Option<i64>) -> Vec<TrackPoint> {
        let mut bins = EncounterBins::of(config);
        if let Some(pad) = pad {
            bins.interp_bins = pad - 1;
        }
        let mut placed = Vec::new();
        for place in bin_places(points, &bins) {
            let mut copies = Vec::new();
            halo_copies(&place, bins.reach_m, &mut copies);
            placed.extend(copies.into_iter().map(|cell| Placed {
                cell,
                mmsi: place.mmsi,
                lat: place.lat,
                lon: place.lon,
            }));
        }
        let mut by_pair: BTreeMap<(u32, u32), Vec<i64>> = BTreeMap::new();
        for (a, b, bin) in close_pairs(&placed, bins.reach_m) {
            by_pair.entry((a, b)).or_default().push(bin);
        }
        let mut kept = Vec::new();
        for ((a, b), mut pair_bins) in by_pair {
            let windows = pair_windows(&mut pair_bins, &bins);
            kept.extend(points.iter().filter(|p| {
                (p.mmsi == a || p.mmsi == b)
                    && windows.iter().any(|&(from, to)| (from..to).contains(&p.ts.0))
            }));
        }
        kept
    }

    fn encounters(points: &[TrackPoint]) -> Vec<Event> {
        let geo = vigil_geo::Geography::default();
        pair_encounters(points.to_vec(), &Context { geo: &geo }, &DetectConfig::default())
    }

    /// The whole histories' encounters (which must be `expected` in
    /// number), and the windows' alike, with fewer positions.
    fn assert_windows_suffice(points: &[TrackPoint], expected: usize) -> Vec<Event> {
        let whole = encounters(points);
        assert_eq!(whole.len(), expected, "{whole:#?}");
        let inside = windowed(points, &DetectConfig::default(), None);
        assert!(inside.len() < points.len(), "the windows leave positions out");
        assert_eq!(encounters(&inside), whole);
        whole
    }

    /// Two ships that lie 300 m apart from hour 24 to hour 30 (across
    /// midnight of the second day), heard only every 50 minutes there, the
    /// second 25 minutes after the first, without speeds: every close bin
    /// but the first is interpolated, and every speed is implied. The first
    /// ship comes in silent for 57 minutes from 1.3 km away: the bin before
    /// its next report is close by interpolation from the report 5 bins
    /// before it, so the encounter starts there.
    fn sparse_meeting(out: &mut Vec<TrackPoint>) {
        let arrive = [(0, -60_000.0, -40_000.0), (1385, 0.0, -1_000.0), (1440, 0.0, 0.0)];
        let one = Track { mmsi: 1, legs: &arrive, first: 0, every: 3, end: 1385, report: true };
        positions(&one, out);
        let lie = [(1440, 0.0, 0.0), (1800, 20.0, 0.0), (1890, 20.0, 30_000.0)];
        positions(
            &Track { legs: &lie, first: 1440, every: 50, end: 1800, report: false, ..one },
            out,
        );
        positions(
            &Track { legs: &lie, first: 1803, every: 3, end: 1890, report: true, ..one },
            out,
        );
        let arrive = [(0, 50_000.0, 40_000.0), (1200, 0.0, 300.0), (1440, 0.0, 300.0)];
        let two = Track { mmsi: 2, legs: &arrive, first: 1, every: 4, end: 1437, report: true };
        positions(&two, out);
        let lie = [(1440, 0.0, 300.0), (1800, 20.0, 300.0), (1890, 30_000.0, 300.0)];
        positions(
            &Track { legs: &lie, first: 1465, every: 50, end: 1815, report: false, ..two },
            out,
        );
        positions(
            &Track { legs: &lie, first: 1817, every: 4, end: 1890, report: true, ..two },
            out,
        );
    }

    #[test]
    fn a_sparse_meeting_across_midnight_comes_out_of_its_windows_whole() {
        let mut points = Vec::new();
        sparse_meeting(&mut points);
        let found = assert_windows_suffice(&points, 1);
        // Minute 1430: the bin before the first ship's next report.
        assert_eq!(found[0].start.0, T0_MS + 1430 * 60_000, "{found:#?}");
        // With windows one bin wide around the close bins, the implied
        // speeds of the first bins and the interpolated bins near the edges
        // are lost, and so is the sameness.
        let narrow = windowed(&points, &DetectConfig::default(), Some(1));
        assert_ne!(encounters(&narrow), found, "a pad of one bin is too small here");
    }

    #[test]
    fn meetings_hours_apart_and_a_long_silence_come_out_the_same() {
        // Lying together 3 h, apart (20 km) 3.5 h, together 5.5 h again
        // with the second ship silent for 90 minutes after 3 h (no
        // interpolation bridges that: the last hour is a run too short),
        // apart 9.5 h, then a third meeting: two encounters, the first of
        // two runs (merged: less than 4 h apart).
        let mut points = Vec::new();
        let legs_one = [
            (0, 0.0, 0.0),
            (180, 0.0, 0.0),
            (300, 0.0, 20_000.0),
            (330, 0.0, 20_000.0),
            (390, 0.0, 0.0),
            (720, 0.0, 0.0),
            (850, 30_000.0, 0.0),
            (1250, 30_000.0, 0.0),
            (1290, 0.0, 0.0),
            (1500, 0.0, 0.0),
        ];
        let one = Track { mmsi: 11, legs: &legs_one, first: 0, every: 2, end: 1500, report: true };
        positions(&one, &mut points);
        let two =
            Track { mmsi: 12, legs: &[(0, 250.0, 0.0)], first: 0, every: 3, end: 1500, ..one };
        let mut heard = Vec::new();
        positions(&two, &mut heard);
        heard.retain(|p| {
            let minute = (p.ts.0 - T0_MS) / 60_000;
            !(570..660).contains(&minute)
        });
        points.extend(heard);
        let found = assert_windows_suffice(&points, 2);
        assert_eq!(found[0].details["runs_merged"], serde_json::json!(2), "{found:#?}");
    }

    #[test]
    fn short_passes_are_dropped_and_windows_close_together_merge() {
        let bins = EncounterBins::of(&DetectConfig::default());
        assert_eq!((bins.interp_bins, bins.min_bins, bins.pad()), (6, 12, 7));
        // Eleven close bins: too short; twelve: a window padded by 7 bins;
        // another stretch 7 bins after it joins it, one 8 bins after not.
        let mut close: Vec<i64> = (100..111).collect();
        assert!(pair_windows(&mut close, &bins).is_empty());
        let mut close: Vec<i64> = (100..112).chain(126..140).chain(162..174).collect();
        let ms = |bin: i64| bin * bins.bin_ms;
        assert_eq!(pair_windows(&mut close, &bins), vec![(ms(93), ms(147)), (ms(155), ms(181))]);
    }
}
