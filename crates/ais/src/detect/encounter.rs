//! Encounters: which two vessels lay side by side, slowly, for hours, away
//! from ports?
//!
//! Ship-to-ship transfers of oil and coal are the core of maritime sanctions
//! evasion, and on AIS they look like this. Following Global Fishing Watch:
//!
//! 1. every vessel's track (each segment on its own, when segmented) is
//!    resampled into 10-minute bins aligned on the epoch: a bin with
//!    positions gets their mean position and the median of their reported
//!    speeds (or the implied speed from the previous bin when none is
//!    reported); an empty bin between two bins less than 1 hour apart is
//!    filled by linear interpolation, never across a longer silence;
//! 2. in each bin, vessels whose positions are at most 500 m apart are
//!    paired, through a grid of cells about 500 m wide (never all pairs);
//! 3. a run of consecutive close bins of one pair lasting at least 2 hours
//!    (12 bins) whose median speed (the mean of the two vessels' speeds, bin
//!    by bin) is below 2 kn is a raw encounter; raw encounters of one pair
//!    less than 4 hours apart are merged into one;
//! 4. an encounter whose mean position lies within 10 km of a port (from
//!    [`vigil_geo::Geography::ports`]) or of an anchorage (given, or learnt
//!    from the data by [`AnchorageLearner`]) is dropped: meeting alongside
//!    is ordinary in harbours. Vessels within half that distance of a
//!    port or anchorage are not paired at all (a stretch wholly inside that
//!    disc has its mean inside it, so it would be dropped anyway): the
//!    crowds lying at anchor in busy harbours would otherwise be thousands
//!    of pairs tracked bin after bin only to be dropped at the end.
//!
//! The bins and the rule match the DuckDB SQL in
//! `../shared/peers/peer_duckdb_encounters.py` where that SQL has data
//! (bins with positions of both vessels); the interpolated bins can only
//! lengthen runs, so vigil finds every encounter it finds, and more (for
//! instance at high latitudes, where its 0.01° grid is narrower than
//! 500 m).
//!
//! # Streaming and lateness
//! Positions must come in global time order, give or take
//! `lateness_minutes` (15): a bin is closed once a position that much later
//! than its end has been seen, and a position for a closed bin is counted
//! in [`EncounterDetector::late_positions`] and ignored. Runs are judged
//! one interpolation window (1 h) after their bins close, and an encounter
//! is emitted 4 hours after its last close bin (when no later run can merge
//! into it), so a live feed gets it then. State is kept only for vessels
//! heard within the last interpolation window and for pairs with an open run
//! or a pending encounter, so memory follows the traffic, not the length of
//! the input. Each run keeps a bounded sample of its bins for the medians
//! and the evidence.
//!
//! # Not handled
//! Pairs across the ±180° meridian are not paired (the grid does not wrap).
//!
//! # References
//! GFW technical documentation `files/encounters.md`; `encounters_pipeline`
//! @ f58feeda (`RESAMPLE_INCREMENT_MINUTES = 10`, `MAX_GAP_HOURS = 1`,
//! `--max_encounter_dist_km 0.5`, `--min_encounter_time_minutes 120`,
//! `--min_hours_between_encounters 4`). Quoted in
//! `../shared/data/ais/DEFINITIONS.md` §1.

use std::collections::VecDeque;

use serde::Deserialize;
use serde_json::json;
use vigil_geo::Port;

use super::anchorage::{AnchorageConfig, AnchorageLearner};
use super::spatial::{
    cell_of, details, distance_m, knots, median, round, usable, FastMap, PointIndex, Thinned,
    HOUR_MS, METRES_PER_DEG,
};
use super::{Context, Event, EventKind, SrcRef, TrackPoint, MAX_EVIDENCE};
use crate::Timestamp;

/// Thresholds of the encounter detector, with GFW's defaults.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EncounterConfig {
    /// Farthest apart two vessels may be in a bin to count as close, in
    /// metres (500).
    pub max_distance_m: f64,
    /// Shortest run of close bins, in hours (2).
    pub min_duration_h: f64,
    /// A run's median speed must be below this, in knots (2).
    pub max_median_speed_kn: f64,
    /// Length of a resampling bin, in minutes (10).
    pub bin_minutes: f64,
    /// Longest silence bridged by interpolation, in hours (1).
    pub max_interpolation_gap_h: f64,
    /// Raw encounters of one pair closer in time than this are merged, in
    /// hours (4).
    pub merge_gap_h: f64,
    /// Least distance from any port or anchorage, in km (10).
    pub min_port_distance_km: f64,
    /// How late (behind the latest time seen) a position may arrive and
    /// still be used, in minutes (15).
    pub lateness_minutes: f64,
    /// Whether to learn anchorages from the positions as they come (true).
    pub learn_anchorages: bool,
    /// How anchorages are learnt.
    pub anchorages: AnchorageConfig,
}

impl Default for EncounterConfig {
    fn default() -> Self {
        EncounterConfig {
            max_distance_m: 500.0,
            min_duration_h: 2.0,
            max_median_speed_kn: 2.0,
            bin_minutes: 10.0,
            max_interpolation_gap_h: 1.0,
            merge_gap_h: 4.0,
            min_port_distance_km: 10.0,
            lateness_minutes: 15.0,
            learn_anchorages: true,
            anchorages: AnchorageConfig::default(),
        }
    }
}

/// A vessel track: MMSI and segment (`u32::MAX` for positions without one).
type TrackKey = (u32, u32);

/// A pair of MMSIs, the smaller first.
type PairKey = (u32, u32);

/// Unknown speed, in the compact per-bin samples.
const NO_SPEED: u16 = u16::MAX;

/// Most reported speeds kept per open bin for its median (the latest ones).
const BIN_SPEEDS: usize = 8;

/// The positions of one track in one bin, being summed.
#[derive(Debug, Clone, Copy)]
struct OpenBin {
    bin: i64,
    n: u32,
    lat_sum: f64,
    /// Sum of longitudes relative to `ref_lon`, wrapped, so a bin across
    /// the ±180° meridian averages right.
    dlon_sum: f64,
    ref_lon: f64,
    first_ts: i64,
    last_ts: i64,
    /// The earliest position (the evidence of the bin).
    src: SrcRef,
    speeds: [f32; BIN_SPEEDS],
    n_speeds: u32,
}

impl OpenBin {
    fn new(bin: i64, point: &TrackPoint) -> OpenBin {
        OpenBin {
            bin,
            n: 0,
            lat_sum: 0.0,
            dlon_sum: 0.0,
            ref_lon: point.lon,
            first_ts: point.ts.0,
            last_ts: point.ts.0,
            src: point.src,
            speeds: [0.0; BIN_SPEEDS],
            n_speeds: 0,
        }
    }

    fn add(&mut self, point: &TrackPoint) {
        self.n += 1;
        self.lat_sum += point.lat;
        self.dlon_sum += wrap(point.lon - self.ref_lon);
        if point.ts.0 < self.first_ts || (point.ts.0 == self.first_ts && point.src < self.src) {
            self.src = point.src;
        }
        self.first_ts = self.first_ts.min(point.ts.0);
        self.last_ts = self.last_ts.max(point.ts.0);
        if let Some(speed) = point.speed.filter(|s| s.is_finite() && *s >= 0.0) {
            self.speeds[self.n_speeds as usize % BIN_SPEEDS] = speed;
            self.n_speeds += 1;
        }
    }
}

/// A closed bin of one track, or the last one remembered.
#[derive(Debug, Clone, Copy)]
struct Sample {
    bin: i64,
    lat: f64,
    lon: f64,
    /// Mean time of its positions.
    ts: i64,
    last_ts: i64,
}

/// One vessel track being resampled.
#[derive(Debug, Clone)]
struct Track {
    open: Vec<OpenBin>,
    last: Option<Sample>,
    last_ts: i64,
}

/// One vessel in one bin, ready for pairing.
#[derive(Debug, Clone, Copy)]
struct Entry {
    row: i32,
    col: i32,
    mmsi: u32,
    lat: f64,
    lon: f64,
    /// Knots; NaN when unknown.
    speed: f32,
    /// Within the port area where vessels are not paired.
    harbour: bool,
    n: u32,
    src: Option<SrcRef>,
}

/// Consecutive close bins of one pair, or several merged runs.
#[derive(Debug, Clone)]
struct Stretch {
    first_bin: i64,
    last_bin: i64,
    bins: u32,
    runs: u32,
    lat_sum: f64,
    dlon_sum: f64,
    ref_lon: f64,
    positions: [u64; 2],
    /// (speed in centi-knots or [`NO_SPEED`], distance in metres) per bin.
    samples: Thinned<(u16, u16)>,
    /// Each vessel's positions, sampled apart so both stay represented.
    evidence: [Thinned<SrcRef>; 2],
}

impl Stretch {
    fn new(bin: i64, lon: f64) -> Stretch {
        Stretch {
            first_bin: bin,
            last_bin: bin,
            bins: 0,
            runs: 1,
            lat_sum: 0.0,
            dlon_sum: 0.0,
            ref_lon: lon,
            positions: [0, 0],
            samples: Thinned::new(256),
            evidence: [Thinned::new(MAX_EVIDENCE), Thinned::new(MAX_EVIDENCE)],
        }
    }

    fn add(&mut self, bin: i64, a: &Entry, b: &Entry, metres: f64) {
        self.last_bin = bin;
        self.bins += 1;
        let lat = (a.lat + b.lat) / 2.0;
        let lon = a.lon + wrap(b.lon - a.lon) / 2.0;
        self.lat_sum += lat;
        self.dlon_sum += wrap(lon - self.ref_lon);
        self.positions[0] += u64::from(a.n);
        self.positions[1] += u64::from(b.n);
        let speed = match (a.speed.is_nan(), b.speed.is_nan()) {
            (false, false) => (a.speed + b.speed) / 2.0,
            (false, true) => a.speed,
            (true, false) => b.speed,
            (true, true) => f32::NAN,
        };
        let speed =
            if speed.is_nan() { NO_SPEED } else { (speed * 100.0).round().min(65_534.0) as u16 };
        self.samples.push((speed, metres.round().min(65_535.0) as u16));
        a.src.into_iter().for_each(|src| self.evidence[0].push(src));
        b.src.into_iter().for_each(|src| self.evidence[1].push(src));
    }

    fn merge(&mut self, later: &Stretch) {
        self.last_bin = later.last_bin;
        self.bins += later.bins;
        self.runs += later.runs;
        self.lat_sum += later.lat_sum;
        self.dlon_sum +=
            later.dlon_sum + f64::from(later.bins) * wrap(later.ref_lon - self.ref_lon);
        self.positions[0] += later.positions[0];
        self.positions[1] += later.positions[1];
        self.samples.extend(&later.samples);
        self.evidence[0].extend(&later.evidence[0]);
        self.evidence[1].extend(&later.evidence[1]);
    }

    fn median_speed_kn(&self) -> Option<f64> {
        let mut speeds: Vec<f64> = self
            .samples
            .with_last()
            .iter()
            .filter(|s| s.0 != NO_SPEED)
            .map(|s| f64::from(s.0) / 100.0)
            .collect();
        median(&mut speeds)
    }

    fn median_distance_m(&self) -> Option<f64> {
        let mut distances: Vec<f64> =
            self.samples.with_last().iter().map(|s| f64::from(s.1)).collect();
        median(&mut distances)
    }

    fn center(&self) -> (f64, f64) {
        let n = f64::from(self.bins.max(1));
        (self.lat_sum / n, wrap(self.ref_lon + self.dlon_sum / n))
    }
}

/// What a pair of vessels has going on.
#[derive(Debug, Clone, Default)]
struct PairState {
    run: Option<Stretch>,
    pending: Option<Stretch>,
}

/// Finds encounters among all vessels. Positions must come in global time
/// order, within the configured lateness (see the module documentation).
#[derive(Debug)]
pub struct EncounterDetector {
    config: EncounterConfig,
    bin_ms: i64,
    lateness_ms: i64,
    max_gap_ms: i64,
    interp_bins: i64,
    merge_bins: i64,
    min_bins: u32,
    cell_deg: f64,
    started: bool,
    max_ts: i64,
    tracks: FastMap<TrackKey, Track>,
    /// Tracks with an open bin, per bin from `next_final` on.
    open_by_bin: VecDeque<Vec<TrackKey>>,
    /// Every bin before this one is closed.
    next_final: i64,
    /// Entries per bin from `frame_base` on.
    frames: VecDeque<Vec<Entry>>,
    frame_base: i64,
    spare: Vec<Vec<Entry>>,
    spare_keys: Vec<Vec<TrackKey>>,
    pairs: FastMap<PairKey, PairState>,
    live: Vec<PairKey>,
    next_live: Vec<PairKey>,
    merge_queue: VecDeque<(i64, PairKey)>,
    given: PointIndex,
    given_ports: Vec<Port>,
    learner: Option<AnchorageLearner>,
    next_sweep: i64,
    late: u64,
    excluded: u64,
    /// Cells of [`HARBOUR_CELL_DEG`] wholly within the no-pairing port
    /// area of a port (of the geography) or given anchorage.
    harbour_fixed: FastMap<(i32, i32), ()>,
    /// The same for the anchorages learnt so far.
    harbour_learnt: FastMap<(i32, i32), ()>,
    /// Whether the geography's ports are in `harbour_fixed`.
    harbour_geo: bool,
    /// Learnt anchorages in `harbour_learnt`, and the bin it was filled.
    harbour_learnt_count: usize,
    harbour_learnt_bin: i64,
    harbour_skipped: u64,
}

/// Side of the cells of the no-pairing port area, in degrees.
const HARBOUR_CELL_DEG: f64 = 0.01;

impl EncounterDetector {
    /// A detector with no history and no anchorages but those it learns.
    pub fn new(config: EncounterConfig) -> Self {
        let bin_ms = ((config.bin_minutes * 60_000.0) as i64).max(1000);
        let max_gap_ms = (config.max_interpolation_gap_h * HOUR_MS) as i64;
        let learner =
            config.learn_anchorages.then(|| AnchorageLearner::new(config.anchorages.clone()));
        EncounterDetector {
            bin_ms,
            lateness_ms: (config.lateness_minutes * 60_000.0).max(0.0) as i64,
            max_gap_ms,
            interp_bins: (max_gap_ms + bin_ms - 1) / bin_ms,
            merge_bins: ((config.merge_gap_h * HOUR_MS) as i64 + bin_ms - 1) / bin_ms,
            min_bins: ((config.min_duration_h * HOUR_MS) as i64 + bin_ms - 1)
                .div_euclid(bin_ms)
                .max(1) as u32,
            cell_deg: (config.max_distance_m / METRES_PER_DEG).max(1e-6),
            started: false,
            max_ts: i64::MIN,
            tracks: FastMap::default(),
            open_by_bin: VecDeque::new(),
            next_final: 0,
            frames: VecDeque::new(),
            frame_base: 0,
            spare: Vec::new(),
            spare_keys: Vec::new(),
            pairs: FastMap::default(),
            live: Vec::new(),
            next_live: Vec::new(),
            merge_queue: VecDeque::new(),
            given: PointIndex::new(config.min_port_distance_km * 1000.0),
            given_ports: Vec::new(),
            learner,
            next_sweep: i64::MIN,
            late: 0,
            excluded: 0,
            harbour_fixed: FastMap::default(),
            harbour_learnt: FastMap::default(),
            harbour_geo: false,
            harbour_learnt_count: 0,
            harbour_learnt_bin: i64::MIN,
            harbour_skipped: 0,
            config,
        }
    }

    /// Adds known anchorages (for instance from [`super::anchorage::infer_anchorages`]
    /// over the whole input, in a two-pass batch run): encounters near them
    /// are dropped like those near ports.
    pub fn add_anchorages(&mut self, anchorages: &[Port]) {
        let radius_m = self.harbour_radius_m();
        for port in anchorages {
            self.given.insert(port.lat, port.lon);
            mark_harbour_cells(&mut self.harbour_fixed, port.lat, port.lon, radius_m);
            self.given_ports.push(port.clone());
        }
    }

    /// The anchorages learnt from the positions so far (empty when learning
    /// is off).
    pub fn learnt_anchorages(&self) -> Vec<Port> {
        self.learner.as_ref().map(AnchorageLearner::anchorages).unwrap_or_default()
    }

    /// Positions that came after their bin had closed, ignored.
    pub fn late_positions(&self) -> u64 {
        self.late
    }

    /// Encounters dropped for lying near a port or anchorage.
    pub fn excluded_near_ports(&self) -> u64 {
        self.excluded
    }

    /// Vessel-bins not paired for lying deep inside a port area.
    pub fn harbour_skipped(&self) -> u64 {
        self.harbour_skipped
    }

    /// Vessel tracks currently remembered.
    pub fn tracks_tracked(&self) -> usize {
        self.tracks.len()
    }

    /// Vessel pairs currently remembered (open runs and pending encounters).
    pub fn pairs_tracked(&self) -> usize {
        self.pairs.len()
    }

    /// Takes one position; pushes the encounters that this closes to `out`.
    pub fn push(&mut self, point: &TrackPoint, ctx: &Context, out: &mut Vec<Event>) {
        if !usable(point) {
            return;
        }
        if let Some(learner) = &mut self.learner {
            learner.push(point);
        }
        let ts = point.ts.0;
        let bin = ts.div_euclid(self.bin_ms);
        if !self.started {
            self.started = true;
            self.next_final = (ts - self.lateness_ms).div_euclid(self.bin_ms);
            self.frame_base = self.next_final - self.interp_bins;
        }
        if bin < self.next_final {
            self.late += 1;
            return;
        }
        if ts > self.max_ts {
            self.max_ts = ts;
            let target = (ts - self.lateness_ms).div_euclid(self.bin_ms);
            self.advance(target.min(bin), ctx, out);
        }
        self.add_to_track(point, bin);
    }

    /// Ends the input: closes every bin, run and pending encounter.
    pub fn finish(&mut self, ctx: &Context, out: &mut Vec<Event>) {
        if !self.started {
            return;
        }
        let last_open = self.next_final + self.open_by_bin.len() as i64;
        let target = last_open + self.interp_bins + self.merge_bins + 2;
        self.advance(target, ctx, out);
        self.tracks.clear();
        self.started = false;
        self.max_ts = i64::MIN;
    }

    fn add_to_track(&mut self, point: &TrackPoint, bin: i64) {
        let key = (point.mmsi, point.segment.unwrap_or(u32::MAX));
        let track = self.tracks.entry(key).or_insert_with(|| Track {
            open: Vec::new(),
            last: None,
            last_ts: i64::MIN,
        });
        track.last_ts = track.last_ts.max(point.ts.0);
        if let Some(open) = track.open.iter_mut().rev().find(|o| o.bin == bin) {
            open.add(point);
            return;
        }
        let mut open = OpenBin::new(bin, point);
        open.add(point);
        let at = track.open.partition_point(|o| o.bin < bin);
        track.open.insert(at, open);
        let slot = (bin - self.next_final) as usize;
        while self.open_by_bin.len() <= slot {
            let keys = self.spare_keys.pop().unwrap_or_default();
            self.open_by_bin.push_back(keys);
        }
        self.open_by_bin[slot].push(key);
    }

    /// Closes every bin before `target` and judges the frames that no
    /// later bin can still fill.
    fn advance(&mut self, target: i64, ctx: &Context, out: &mut Vec<Event>) {
        while self.next_final < target {
            if self.is_idle() {
                // Nothing open anywhere: jump (a long silence in the input).
                self.next_final = target;
                self.frame_base = self.frame_base.max(target - self.interp_bins);
                break;
            }
            self.close_bin(self.next_final);
            self.next_final += 1;
            while self.frame_base < self.next_final - self.interp_bins {
                self.judge_frame(ctx, out);
            }
            if self.next_final * self.bin_ms >= self.next_sweep {
                self.forget_silent_tracks();
                self.next_sweep = self.next_final * self.bin_ms + HOUR_MS as i64;
            }
        }
    }

    fn is_idle(&self) -> bool {
        self.open_by_bin.is_empty()
            && self.frames.iter().all(Vec::is_empty)
            && self.live.is_empty()
            && self.merge_queue.is_empty()
    }

    /// Closes bin `bin` of every track that has one open: its sample goes to
    /// the frame, with interpolated samples for the empty bins since the
    /// track's previous sample.
    fn close_bin(&mut self, bin: i64) {
        let Some(mut keys) = self.open_by_bin.pop_front() else { return };
        for &key in &keys {
            let Some(track) = self.tracks.get_mut(&key) else { continue };
            if track.open.first().is_none_or(|o| o.bin != bin) {
                continue;
            }
            let open = track.open.remove(0);
            let n = f64::from(open.n);
            let sample = Sample {
                bin,
                lat: open.lat_sum / n,
                lon: wrap(open.ref_lon + open.dlon_sum / n),
                ts: open.first_ts + (open.last_ts - open.first_ts) / 2,
                last_ts: open.last_ts,
            };
            let mut speeds = [0f64; BIN_SPEEDS];
            let kept = (open.n_speeds as usize).min(BIN_SPEEDS);
            for (dst, src) in speeds.iter_mut().zip(&open.speeds[..kept]) {
                *dst = f64::from(*src);
            }
            let mut speed = median(&mut speeds[..kept]);
            if let Some(prev) = track.last.filter(|p| open.first_ts - p.last_ts <= self.max_gap_ms)
            {
                let implied = knots(
                    distance_m((prev.lat, prev.lon), (sample.lat, sample.lon)),
                    (sample.ts - prev.ts) as f64,
                );
                for empty in prev.bin + 1..bin {
                    let t = (empty - prev.bin) as f64 / (bin - prev.bin) as f64;
                    let entry = entry(
                        key.0,
                        prev.lat + t * (sample.lat - prev.lat),
                        wrap(prev.lon + t * wrap(sample.lon - prev.lon)),
                        implied,
                        0,
                        None,
                    );
                    push_frame(&mut self.frames, &mut self.spare, self.frame_base, empty, entry);
                }
                speed = speed.or(implied);
            }
            let entry = entry(key.0, sample.lat, sample.lon, speed, open.n, Some(open.src));
            push_frame(&mut self.frames, &mut self.spare, self.frame_base, bin, entry);
            track.last = Some(sample);
        }
        keys.clear();
        self.spare_keys.push(keys);
    }

    /// Forgets tracks with nothing open and silent for longer than the
    /// interpolation window.
    fn forget_silent_tracks(&mut self) {
        let horizon = self.next_final * self.bin_ms - self.max_gap_ms - self.bin_ms;
        self.tracks.retain(|_, track| !track.open.is_empty() || track.last_ts >= horizon);
    }

    /// Pairs the vessels of the oldest frame, extends or starts their runs,
    /// closes the runs not extended, and emits the encounters no later run
    /// can merge into.
    fn judge_frame(&mut self, ctx: &Context, out: &mut Vec<Event>) {
        let bin = self.frame_base;
        let mut entries = self.frames.pop_front().unwrap_or_default();
        self.frame_base += 1;
        self.mark_harbour(ctx, bin, &mut entries);
        self.pair_entries(bin, &mut entries);
        entries.clear();
        self.spare.push(entries);
        let live = std::mem::take(&mut self.live);
        for &pair in &live {
            let ended = self
                .pairs
                .get(&pair)
                .and_then(|s| s.run.as_ref())
                .is_some_and(|r| r.last_bin != bin);
            if ended {
                self.close_run(pair, bin, ctx, out);
            }
        }
        self.live = std::mem::take(&mut self.next_live);
        self.next_live = live;
        self.next_live.clear();
        while let Some(&(end_bin, pair)) = self.merge_queue.front() {
            if end_bin + self.merge_bins > bin {
                break;
            }
            self.merge_queue.pop_front();
            self.maybe_emit(pair, bin, end_bin, ctx, out);
        }
    }

    /// Radius of the no-pairing port area: half the port distance.
    fn harbour_radius_m(&self) -> f64 {
        self.config.min_port_distance_km * 500.0
    }

    /// Marks the entries of frame `bin` lying in a cell wholly within the
    /// no-pairing port area, bringing the cell sets up to date first (the
    /// learnt anchorages at most once an hour).
    fn mark_harbour(&mut self, ctx: &Context, bin: i64, entries: &mut [Entry]) {
        let radius_m = self.harbour_radius_m();
        if !self.harbour_geo {
            self.harbour_geo = true;
            for port in &ctx.geo.ports {
                mark_harbour_cells(&mut self.harbour_fixed, port.lat, port.lon, radius_m);
            }
        }
        let learnt = self.learner.as_ref().map_or(0, AnchorageLearner::len);
        if learnt != self.harbour_learnt_count && bin >= self.harbour_learnt_bin + self.interp_bins
        {
            self.harbour_learnt.clear();
            for port in self.learner.as_ref().map(AnchorageLearner::anchorages).unwrap_or_default()
            {
                mark_harbour_cells(&mut self.harbour_learnt, port.lat, port.lon, radius_m);
            }
            self.harbour_learnt_count = learnt;
            self.harbour_learnt_bin = bin;
        }
        if self.harbour_fixed.is_empty() && self.harbour_learnt.is_empty() {
            return;
        }
        for e in entries.iter_mut() {
            let cell = cell_of(e.lat, e.lon, HARBOUR_CELL_DEG);
            e.harbour =
                self.harbour_fixed.contains_key(&cell) || self.harbour_learnt.contains_key(&cell);
            self.harbour_skipped += u64::from(e.harbour);
        }
    }

    /// Finds the pairs of entries at most `max_distance_m` apart, via the
    /// grid, and records them.
    fn pair_entries(&mut self, bin: i64, entries: &mut [Entry]) {
        let cell = self.cell_deg;
        for e in entries.iter_mut() {
            e.row = (e.lat / cell).floor() as i32;
            e.col = (e.lon / row_width(e.row, cell)).floor() as i32;
        }
        entries.sort_unstable_by_key(|e| (e.row, e.col, e.mmsi));
        let max_m = self.config.max_distance_m;
        for i in 0..entries.len() {
            let a = entries[i];
            if a.harbour {
                continue;
            }
            // Degrees of longitude that 500 m can span anywhere between
            // this row and the next, with a margin.
            let cos = (a.lat.abs() + 2.0 * cell).min(89.999).to_radians().cos();
            let dlon = 1.01 * cell / cos;
            for row in [a.row, a.row + 1] {
                let width = row_width(row, cell);
                let col_lo = ((a.lon - dlon) / width).floor() as i32;
                let col_hi = ((a.lon + dlon) / width).floor() as i32;
                let start = if row == a.row {
                    i + 1
                } else {
                    entries.partition_point(|e| (e.row, e.col) < (row, col_lo))
                };
                for b in &entries[start..] {
                    if b.row != row || b.col > col_hi {
                        break;
                    }
                    if b.mmsi == a.mmsi || b.harbour {
                        continue;
                    }
                    let metres = distance_m((a.lat, a.lon), (b.lat, b.lon));
                    if metres <= max_m {
                        let (first, second) = if a.mmsi < b.mmsi { (&a, b) } else { (b, &a) };
                        self.record(bin, first, second, metres);
                    }
                }
            }
        }
    }

    /// One close bin of a pair: extends its run or starts one.
    fn record(&mut self, bin: i64, a: &Entry, b: &Entry, metres: f64) {
        let pair = (a.mmsi, b.mmsi);
        let state = self.pairs.entry(pair).or_default();
        match &mut state.run {
            Some(run) if run.last_bin == bin => return,
            Some(run) if run.last_bin + 1 == bin => run.add(bin, a, b, metres),
            _ => {
                let mut run = Stretch::new(bin, a.lon);
                run.add(bin, a, b, metres);
                state.run = Some(run);
            }
        }
        self.next_live.push(pair);
    }

    /// Judges a pair's run that ended before `bin`: a qualifying one becomes
    /// (or merges into) the pair's pending encounter.
    fn close_run(&mut self, pair: PairKey, bin: i64, ctx: &Context, out: &mut Vec<Event>) {
        let Some(state) = self.pairs.get_mut(&pair) else { return };
        let Some(run) = state.run.take() else { return };
        let qualifies = run.bins >= self.min_bins
            && run.median_speed_kn().is_some_and(|s| s < self.config.max_median_speed_kn);
        if qualifies {
            let end_bin = run.last_bin;
            match &mut state.pending {
                Some(pending) if run.first_bin - pending.last_bin <= self.merge_bins => {
                    pending.merge(&run)
                }
                Some(_) => {
                    let earlier = state.pending.replace(run).expect("pending");
                    self.emit(pair, &earlier, ctx, out);
                }
                None => state.pending = Some(run),
            }
            self.merge_queue.push_back((end_bin, pair));
        } else if let Some(end_bin) = state.pending.as_ref().map(|p| p.last_bin) {
            self.maybe_emit(pair, bin, end_bin, ctx, out);
        }
        self.forget_pair_if_done(pair);
    }

    /// Emits the pair's pending encounter if it still ends at `end_bin`, no
    /// later run can merge into it, and none is open that might.
    fn maybe_emit(
        &mut self,
        pair: PairKey,
        bin: i64,
        end_bin: i64,
        ctx: &Context,
        out: &mut Vec<Event>,
    ) {
        let merge_bins = self.merge_bins;
        let Some(state) = self.pairs.get_mut(&pair) else { return };
        let Some(pending) = &state.pending else { return };
        if pending.last_bin != end_bin || end_bin + merge_bins > bin {
            return;
        }
        if state.run.as_ref().is_some_and(|r| r.first_bin - end_bin <= merge_bins) {
            return;
        }
        let pending = state.pending.take().expect("pending");
        self.emit(pair, &pending, ctx, out);
        self.forget_pair_if_done(pair);
    }

    fn forget_pair_if_done(&mut self, pair: PairKey) {
        if self.pairs.get(&pair).is_some_and(|s| s.run.is_none() && s.pending.is_none()) {
            self.pairs.remove(&pair);
        }
    }

    /// Writes an encounter unless it lies near a port or anchorage.
    fn emit(&mut self, pair: PairKey, stretch: &Stretch, ctx: &Context, out: &mut Vec<Event>) {
        let (lat, lon) = stretch.center();
        let min_m = self.config.min_port_distance_km * 1000.0;
        let port = ctx.geo.nearest_port(lat, lon);
        let anchorage = self.nearest_anchorage_m(lat, lon, 5.0 * min_m);
        if port.is_some_and(|(_, d)| d < min_m) || anchorage.is_some_and(|d| d < min_m) {
            self.excluded += 1;
            return;
        }
        let bin_h = self.bin_ms as f64 / HOUR_MS;
        let mut evidence = even_sample(&stretch.evidence[0].with_last(), MAX_EVIDENCE / 2);
        evidence.extend(even_sample(&stretch.evidence[1].with_last(), MAX_EVIDENCE / 2));
        evidence.sort();
        out.push(Event {
            kind: EventKind::Encounter,
            mmsi: vec![pair.0, pair.1],
            start: Timestamp(stretch.first_bin * self.bin_ms),
            end: Timestamp((stretch.last_bin + 1) * self.bin_ms),
            lat,
            lon,
            details: details(json!({
                "duration_h": round((stretch.last_bin - stretch.first_bin + 1) as f64 * bin_h, 2),
                "close_h": round(f64::from(stretch.bins) * bin_h, 2),
                "median_distance_m": stretch.median_distance_m().map(|d| round(d, 0)),
                "median_speed_kn": stretch.median_speed_kn().map(|s| round(s, 2)),
                "positions": [stretch.positions[0], stretch.positions[1]],
                "runs_merged": stretch.runs,
                "nearest_port": port.map(|(p, _)| p.name.clone()),
                "distance_to_port_km": port.map(|(_, d)| round(d / 1000.0, 1)),
                "distance_to_anchorage_km": anchorage.map(|d| round(d / 1000.0, 1)),
            })),
            evidence,
        });
    }

    /// The distance to the nearest given or learnt anchorage within
    /// `radius_m`.
    fn nearest_anchorage_m(&self, lat: f64, lon: f64, radius_m: f64) -> Option<f64> {
        let given = self.given.nearest_within(lat, lon, radius_m).map(|(_, d)| d);
        let learnt = self.learner.as_ref().and_then(|l| l.nearest_within(lat, lon, radius_m));
        match (given, learnt) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }
}

/// Width in degrees of longitude of the grid cells of row `row`: about
/// `cell` degrees of latitude worth of distance along the row's parallel.
fn row_width(row: i32, cell: f64) -> f64 {
    let lat = ((f64::from(row) + 0.5) * cell).abs().min(89.9);
    (cell / lat.to_radians().cos()).min(360.0)
}

/// A longitude difference brought into [-180, 180).
fn wrap(delta: f64) -> f64 {
    (delta + 180.0).rem_euclid(360.0) - 180.0
}

/// Adds to `cells` every cell of [`HARBOUR_CELL_DEG`] lying wholly within
/// `radius_m` of (lat, lon): those whose centre is within the radius less
/// the cell's half-diagonal (measured in metres of latitude, an upper bound).
fn mark_harbour_cells(cells: &mut FastMap<(i32, i32), ()>, lat: f64, lon: f64, radius_m: f64) {
    let half_diagonal = HARBOUR_CELL_DEG * METRES_PER_DEG * std::f64::consts::SQRT_2 / 2.0;
    let inner = radius_m - half_diagonal;
    if inner <= 0.0 || !lat.is_finite() || !lon.is_finite() || lat.abs() > 80.0 {
        return;
    }
    let (row, col) = cell_of(lat, lon, HARBOUR_CELL_DEG);
    let rows = (radius_m / METRES_PER_DEG / HARBOUR_CELL_DEG).ceil() as i32 + 1;
    let cols = (f64::from(rows) / lat.to_radians().cos()).ceil() as i32 + 1;
    for r in row - rows..=row + rows {
        for c in col - cols..=col + cols {
            let centre =
                ((f64::from(r) + 0.5) * HARBOUR_CELL_DEG, (f64::from(c) + 0.5) * HARBOUR_CELL_DEG);
            if distance_m((lat, lon), centre) <= inner {
                cells.insert((r, c), ());
            }
        }
    }
}

/// At most `k` (≥ 2) of `refs`: the first, the last and an even sample
/// between.
fn even_sample(refs: &[SrcRef], k: usize) -> Vec<SrcRef> {
    if refs.len() <= k {
        return refs.to_vec();
    }
    let last = refs.len() - 1;
    (0..k).map(|i| refs[i * last / (k - 1)]).collect()
}

fn entry(mmsi: u32, lat: f64, lon: f64, speed: Option<f64>, n: u32, src: Option<SrcRef>) -> Entry {
    let speed = speed.map_or(f32::NAN, |s| s as f32);
    Entry { row: 0, col: 0, mmsi, lat, lon, speed, harbour: false, n, src }
}

/// Adds an entry to the frame of `bin` (frames from `base` on), growing the
/// window with recycled frames; bins already judged are ignored.
fn push_frame(
    frames: &mut VecDeque<Vec<Entry>>,
    spare: &mut Vec<Vec<Entry>>,
    base: i64,
    bin: i64,
    entry: Entry,
) {
    if bin < base {
        return;
    }
    let slot = (bin - base) as usize;
    while frames.len() <= slot {
        frames.push_back(spare.pop().unwrap_or_default());
    }
    frames[slot].push(entry);
}

#[cfg(test)]
mod tests {
    use super::*;
    use vigil_geo::Geography;

    /// Open sea in the Yellow Sea, far from any port used here.
    const SEA: (f64, f64) = (37.0, 124.5);

    /// A position `north_m` and `east_m` metres from `SEA`.
    fn offset(north_m: f64, east_m: f64) -> (f64, f64) {
        let lat = SEA.0 + north_m / METRES_PER_DEG;
        (lat, SEA.1 + east_m / (METRES_PER_DEG * SEA.0.to_radians().cos()))
    }

    /// A planted track through `waypoints` (minute, north m, east m),
    /// positions every `step` minutes, reporting the leg's true speed.
    fn track(mmsi: u32, waypoints: &[(i64, f64, f64)], step: i64) -> Vec<TrackPoint> {
        let mut points = Vec::new();
        for leg in waypoints.windows(2) {
            let ((t0, n0, e0), (t1, n1, e1)) = (leg[0], leg[1]);
            let metres = (n1 - n0).hypot(e1 - e0);
            let speed = metres / 1852.0 / ((t1 - t0) as f64 / 60.0);
            let mut minute = t0;
            while minute < t1 || (minute == t1 && leg[1] == *waypoints.last().unwrap()) {
                let f = (minute - t0) as f64 / (t1 - t0) as f64;
                let (lat, lon) = offset(n0 + f * (n1 - n0), e0 + f * (e1 - e0));
                points.push(TrackPoint {
                    mmsi,
                    ts: Timestamp(minute * 60_000),
                    lat,
                    lon,
                    speed: Some(speed as f32),
                    course: None,
                    heading: None,
                    segment: Some(0),
                    src: SrcRef { file: mmsi, line: minute as u64 + 1 },
                });
                minute += step;
            }
        }
        points
    }

    /// Two ships that come in at 10 kn, lie `apart_m` metres apart drifting
    /// north at 0.5 kn from minute 60 for `meet_min` minutes, and leave.
    fn meeting(apart_m: f64, meet_min: i64) -> Vec<TrackPoint> {
        let drift = 0.5 * 1852.0 / 60.0 * meet_min as f64;
        let end = 60 + meet_min;
        let half = apart_m / 2.0;
        let mut points = track(
            1,
            &[
                (0, 0.0, -18_520.0 - half),
                (60, 0.0, -half),
                (end, drift, -half),
                (end + 60, drift, -18_520.0),
            ],
            2,
        );
        points.extend(track(
            2,
            &[
                (0, -18_520.0, half),
                (60, 0.0, half),
                (end, drift, half),
                (end + 60, drift - 18_520.0, half),
            ],
            3,
        ));
        points.sort_by_key(|p| (p.ts, p.mmsi));
        points
    }

    fn run_with(
        config: EncounterConfig,
        points: &[TrackPoint],
        geo: &Geography,
    ) -> (Vec<Event>, EncounterDetector) {
        let ctx = Context { geo };
        let mut detector = EncounterDetector::new(config);
        let mut out = Vec::new();
        points.iter().for_each(|p| detector.push(p, &ctx, &mut out));
        detector.finish(&ctx, &mut out);
        (out, detector)
    }

    /// The same events, positions equal up to the order of summation.
    fn assert_same(got: &[Event], expected: &[Event]) {
        assert_eq!(got.len(), expected.len());
        for (a, b) in got.iter().zip(expected) {
            assert!((a.lat - b.lat).abs() < 1e-9 && (a.lon - b.lon).abs() < 1e-9);
            let (mut a, mut b) = (a.clone(), b.clone());
            (a.lat, a.lon, b.lat, b.lon) = (0.0, 0.0, 0.0, 0.0);
            assert_eq!(a, b);
        }
    }

    fn run(points: &[TrackPoint]) -> Vec<Event> {
        run_with(EncounterConfig::default(), points, &Geography::default()).0
    }

    #[test]
    fn a_three_hour_meeting_at_300_m_offshore_is_one_encounter() {
        let events = run(&meeting(300.0, 180));
        assert_eq!(events.len(), 1, "{events:?}");
        let event = &events[0];
        assert_eq!(event.kind, EventKind::Encounter);
        assert_eq!(event.mmsi, vec![1, 2]);
        let duration = event.details["duration_h"].as_f64().unwrap();
        assert!((2.9..=3.5).contains(&duration), "{duration}");
        let distance = event.details["median_distance_m"].as_f64().unwrap();
        assert!((280.0..=320.0).contains(&distance), "{distance}");
        let speed = event.details["median_speed_kn"].as_f64().unwrap();
        assert!(speed < 1.0, "{speed}");
        assert!((event.lat - SEA.0).abs() < 0.05 && (event.lon - SEA.1).abs() < 0.05);
        // Both vessels' positions are the evidence.
        assert_eq!(event.evidence.iter().filter(|s| s.file == 1).count(), MAX_EVIDENCE / 2);
        assert_eq!(event.evidence.iter().filter(|s| s.file == 2).count(), MAX_EVIDENCE / 2);
        assert!(event.evidence.len() <= MAX_EVIDENCE);
        let positions = event.details["positions"].as_array().unwrap();
        assert!(
            positions[0].as_u64().unwrap() > positions[1].as_u64().unwrap(),
            "2 min vs 3 min reports"
        );
    }

    #[test]
    fn a_crossing_at_12_knots_is_not_an_encounter() {
        let speed_m_per_min = 12.0 * 1852.0 / 60.0;
        let mut points =
            track(1, &[(0, 0.0, -180.0 * speed_m_per_min), (360, 0.0, 180.0 * speed_m_per_min)], 2);
        points.extend(track(
            2,
            &[(0, -180.0 * speed_m_per_min, 0.0), (360, 180.0 * speed_m_per_min, 0.0)],
            2,
        ));
        // And a convoy: side by side, 300 m apart, at 12 kn for 4 hours.
        points.extend(track(
            3,
            &[(0, 1000.0, 0.0), (240, 1000.0 + 240.0 * speed_m_per_min, 0.0)],
            2,
        ));
        points.extend(track(
            4,
            &[(0, 1000.0, 300.0), (240, 1000.0 + 240.0 * speed_m_per_min, 300.0)],
            2,
        ));
        points.sort_by_key(|p| (p.ts, p.mmsi));
        assert!(run(&points).is_empty());
    }

    #[test]
    fn ships_anchored_2_km_apart_are_not_an_encounter() {
        assert!(run(&meeting(2000.0, 300)).is_empty());
    }

    #[test]
    fn a_meeting_of_90_minutes_is_too_short() {
        assert!(run(&meeting(300.0, 90)).is_empty());
    }

    #[test]
    fn a_meeting_inside_a_port_radius_is_dropped() {
        // 7 km from the port: paired, then dropped when emitted (a meeting
        // within 5 km is not even paired, see the next test).
        let (lat, lon) = offset(7000.0, 0.0);
        let port = Port {
            name: "Test harbour".into(),
            country: None,
            lat,
            lon,
            watched: false,
            source: "test".into(),
        };
        let geo = Geography { ports: vec![port.clone()], ..Geography::default() };
        let (events, detector) = run_with(EncounterConfig::default(), &meeting(300.0, 180), &geo);
        assert!(events.is_empty(), "{events:?}");
        assert_eq!(detector.excluded_near_ports(), 1);
        // The same port as a given anchorage does the same.
        let mut detector = EncounterDetector::new(EncounterConfig::default());
        detector.add_anchorages(&[port]);
        let geo = Geography::default();
        let ctx = Context { geo: &geo };
        let mut out = Vec::new();
        meeting(300.0, 180).iter().for_each(|p| detector.push(p, &ctx, &mut out));
        detector.finish(&ctx, &mut out);
        assert!(out.is_empty());
        assert_eq!(detector.excluded_near_ports(), 1);
    }

    #[test]
    fn vessels_deep_in_a_port_area_are_not_paired() {
        let (lat, lon) = offset(3000.0, 0.0);
        let port = Port {
            name: "Test harbour".into(),
            country: None,
            lat,
            lon,
            watched: false,
            source: "test".into(),
        };
        let geo = Geography { ports: vec![port], ..Geography::default() };
        let (events, detector) = run_with(EncounterConfig::default(), &meeting(300.0, 180), &geo);
        assert!(events.is_empty(), "{events:?}");
        assert!(detector.harbour_skipped() > 0);
        assert_eq!(detector.excluded_near_ports(), 0);
        assert_eq!(detector.pairs_tracked(), 0);
        // The same meeting 30 km away is reported.
        let (lat, lon) = offset(30_000.0, 0.0);
        let port = Port { lat, lon, ..geo.ports[0].clone() };
        let geo = Geography { ports: vec![port], ..Geography::default() };
        let (events, detector) = run_with(EncounterConfig::default(), &meeting(300.0, 180), &geo);
        assert_eq!(events.len(), 1);
        assert_eq!(detector.harbour_skipped(), 0);
    }

    #[test]
    fn a_meeting_in_a_learnt_anchorage_is_dropped() {
        // Six ships anchored for a day within 1 km, then vessels 1 and 2
        // meet 300 m apart among them.
        let mut points = Vec::new();
        for v in 0..6u32 {
            let east = f64::from(v) * 150.0;
            points.extend(track(100 + v, &[(0, 500.0, east), (24 * 60, 500.0, east)], 10));
        }
        for p in meeting(300.0, 180) {
            let mut late = p;
            late.ts = Timestamp(p.ts.0 + 14 * 3_600_000);
            points.push(late);
        }
        points.sort_by_key(|p| (p.ts, p.mmsi));
        let config = EncounterConfig {
            anchorages: AnchorageConfig {
                min_distinct_vessels: 5,
                cell_km: 3.0,
                ..Default::default()
            },
            ..Default::default()
        };
        let (events, detector) = run_with(config, &points, &Geography::default());
        assert_eq!(detector.learnt_anchorages().len(), 1);
        // The anchored ships are close to each other too, but all inside it.
        assert!(events.is_empty(), "{events:?}");
        assert!(detector.excluded_near_ports() >= 1);
    }

    #[test]
    fn meetings_less_than_4_hours_apart_are_merged() {
        let mut first = meeting(300.0, 150);
        let mut second = meeting(300.0, 150);
        let shift = |points: &mut Vec<TrackPoint>, minutes: i64| {
            points.iter_mut().for_each(|p| p.ts = Timestamp(p.ts.0 + minutes * 60_000));
        };
        // The second meeting begins 3.5 h after the first ended
        // (ends at 210 min, leaves, comes back by 420 min).
        shift(&mut second, 360);
        let mut both = first.clone();
        both.extend(second.iter().copied());
        both.sort_by_key(|p| (p.ts, p.mmsi));
        let events = run(&both);
        assert_eq!(events.len(), 1, "{events:?}");
        assert_eq!(events[0].details["runs_merged"], json!(2));
        // Eight hours apart: two encounters.
        shift(&mut first, -480);
        let mut both = first;
        both.extend(second);
        both.sort_by_key(|p| (p.ts, p.mmsi));
        assert_eq!(run(&both).len(), 2);
    }

    #[test]
    fn positions_out_of_order_within_the_lateness_give_the_same_encounter() {
        let points = meeting(300.0, 180);
        let expected = run(&points);
        // Reverse every run of positions within the same 10 minutes.
        let mut shuffled = points.clone();
        for chunk in shuffled.chunks_mut(8) {
            chunk.reverse();
        }
        assert_ne!(shuffled, points);
        assert_same(&run(&shuffled), &expected);
        // A position two hours late is counted and ignored.
        let mut late = points.clone();
        let stale = late[5];
        late.insert(200, stale);
        let (events, detector) = run_with(EncounterConfig::default(), &late, &Geography::default());
        assert_eq!(detector.late_positions(), 1);
        assert_same(&events, &expected);
    }

    #[test]
    fn encounters_are_emitted_before_the_end_of_a_live_feed() {
        let mut points = meeting(300.0, 180);
        // A third ship sails on for another 8 hours.
        let after = track(9, &[(0, 50_000.0, 0.0), (12 * 60, 50_000.0, 100_000.0)], 5);
        points.extend(after);
        points.sort_by_key(|p| (p.ts, p.mmsi));
        let geo = Geography::default();
        let ctx = Context { geo: &geo };
        let mut detector = EncounterDetector::new(EncounterConfig::default());
        let mut out = Vec::new();
        let mut emitted_at = None;
        for p in &points {
            detector.push(p, &ctx, &mut out);
            if emitted_at.is_none() && !out.is_empty() {
                emitted_at = Some(p.ts);
            }
        }
        let at = emitted_at.expect("emitted before finish").0 / 60_000;
        // Ended at about 240 min; + 4 h merge window + 1 h interpolation.
        assert!((500..=600).contains(&at), "{at}");
    }

    #[test]
    fn state_stays_bounded_as_vessels_come_and_go() {
        let geo = Geography::default();
        let ctx = Context { geo: &geo };
        let mut detector = EncounterDetector::new(EncounterConfig::default());
        let mut out = Vec::new();
        // 2,000 ships, each heard for 30 minutes in pairs 200 m apart, one
        // pair starting every 3 minutes over 50 hours.
        for k in 0..1000u32 {
            let start = i64::from(k) * 3;
            let north = f64::from(k % 50) * 5000.0;
            for (mmsi, east) in [(2 * k + 10, 0.0), (2 * k + 11, 200.0)] {
                for p in track(mmsi, &[(start, north, east), (start + 30, north, east)], 5) {
                    detector.push(&p, &ctx, &mut out);
                }
            }
            if k > 100 {
                assert!(detector.tracks_tracked() < 100, "{}", detector.tracks_tracked());
                assert!(detector.pairs_tracked() < 50, "{}", detector.pairs_tracked());
            }
        }
        detector.finish(&ctx, &mut out);
        assert!(out.is_empty(), "30 minutes is no encounter");
        assert_eq!(detector.pairs_tracked(), 0);
    }
}
