//! Drift: a long ship moving slowly with its heading far from its course over
//! ground, after the Danish Maritime Authority's AisAbnormal `DriftAnalysis`.
//!
//! AisAbnormal keeps, per vessel, the reports of the last 20 minutes (a
//! "track"), rebuilds the track after 30 minutes of silence, fills gaps of
//! 30 s or more with reports every 10 s interpolated towards the new one
//! (carrying the new report's speed, course and heading), and analyses the
//! track each time its newest position changes. [`DmaTrack`] reproduces that
//! tracker; the speed change detector shares it.
//!
//! A report *drifts* when its speed is within 1–5 kn and its heading differs
//! by more than 45° both from its course and from the reverse of its course
//! (a ship going astern is not drifting). Drift is *sustained* when the track
//! spans more than 10 minutes, every report of the last 10 minutes drifts,
//! and the latest unbroken run of drifting reports covers more than 500 m
//! (rhumb line). Only ships of known type and length of at least 50 m are
//! analysed, and not special craft (types 50–55), tugs towing (31–32),
//! pleasure craft and sailing ships (36–37); among those, ships of 75 m or
//! more, and cargo ships, tankers and passenger ships of any analysed length.
//!
//! An event opens at the first sustained observation and closes when a report
//! stops drifting, the track goes stale or the input ends; `end` is the last
//! sustained observation. AisAbnormal stores one event per episode, but in
//! its own unit test (`detectsFriosDriftOnSep28_2014`) the event store is a
//! mock that never finds the ongoing event, so every sustained observation
//! saves a new event and the test reads the last one: its expected "start"
//! (16:50:04.556Z for FRIO) is our event's `end`, here also given as
//! `details.last_sustained`.
//!
//! # Units
//! Speeds in knots, angles in degrees, distances in metres, times in
//! milliseconds since the epoch.
//!
//! # References
//! - dma-ais/AisAbnormal, `DriftAnalysis`, `analyzer.properties` (quoted in
//!   `../shared/data/ais/DEFINITIONS.md` §6); dma-ais/AisLib,
//!   `EventEmittingTrackerImpl` and `Track` (the tracker).

use std::collections::{BTreeMap, VecDeque};

use serde::Deserialize;
use serde_json::json;

use super::spatial::{details, round};
use super::{sample_evidence, Context, Event, EventKind, SrcRef, TrackPoint, VesselClass};
use crate::Timestamp;

/// Most reports a track keeps, whatever their times (bounds memory on
/// feeds that report many times a second).
pub const MAX_TRACK_REPORTS: usize = 4096;

/// Thresholds of the drift detector, with AisAbnormal's defaults.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DriftConfig {
    /// Slowest drifting speed, kn (`analysis.drift.sog.min`).
    pub min_speed_kn: f32,
    /// Fastest drifting speed, kn (`analysis.drift.sog.max`).
    pub max_speed_kn: f32,
    /// Heading–course deviation that indicates drift, degrees, exclusive
    /// (`analysis.drift.coghdg`).
    pub min_deviation_deg: f32,
    /// How long every report must drift, minutes (`analysis.drift.period`).
    pub period_min: f64,
    /// How far the drift must carry the ship, metres, exclusive
    /// (`analysis.drift.distance`).
    pub min_distance_m: f64,
    /// Shortest ship analysed, metres (`analysis.drift.loa.min`).
    pub min_length_m: u16,
    /// Ships at least this long are analysed whatever their type, metres.
    pub any_type_length_m: u16,
    /// The tracker's settings.
    pub tracker: TrackerConfig,
}

impl Default for DriftConfig {
    fn default() -> Self {
        DriftConfig {
            min_speed_kn: 1.0,
            max_speed_kn: 5.0,
            min_deviation_deg: 45.0,
            period_min: 10.0,
            min_distance_m: 500.0,
            min_length_m: 50,
            any_type_length_m: 75,
            tracker: TrackerConfig::default(),
        }
    }
}

/// The AisAbnormal tracker's settings, shared by drift and speed change.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TrackerConfig {
    /// Reports older than this, relative to the newest, are forgotten, minutes.
    pub history_min: f64,
    /// Silence after which a track starts afresh, minutes.
    pub stale_min: f64,
    /// A gap at least this long is filled with interpolated reports, seconds.
    pub interpolate_after_s: f64,
    /// Step of the interpolated reports, seconds.
    pub interpolation_step_s: f64,
}

impl Default for TrackerConfig {
    fn default() -> Self {
        TrackerConfig {
            history_min: 20.0,
            stale_min: 30.0,
            interpolate_after_s: 30.0,
            interpolation_step_s: 10.0,
        }
    }
}

/// One report of a [`DmaTrack`]: a received position, or one interpolated
/// between two (with no source).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct DmaReport {
    pub ts: i64,
    pub lat: f64,
    pub lon: f64,
    pub sog: Option<f32>,
    pub cog: Option<f32>,
    pub heading: Option<u16>,
    pub src: Option<SrcRef>,
}

/// AisAbnormal's per-vessel tracker (see the module documentation).
#[derive(Debug, Clone, Default)]
pub(crate) struct DmaTrack {
    /// Reports in time order, newest last.
    pub reports: VecDeque<DmaReport>,
}

impl DmaTrack {
    /// The newest report.
    pub fn newest(&self) -> Option<&DmaReport> {
        self.reports.back()
    }

    /// Takes one received position. Returns `true` when the track was stale
    /// and started afresh (before anything else). Calls `analyse` for each
    /// interpolated report and for the new report when it moves the newest
    /// position, as AisAbnormal's `PositionChangedEvent` does. A report no
    /// newer than the newest one only joins the history.
    pub fn push(
        &mut self,
        point: &TrackPoint,
        config: &TrackerConfig,
        mut analyse: impl FnMut(&DmaTrack),
    ) -> bool {
        let ts = point.ts.0;
        let mut reborn = false;
        if let Some(newest) = self.newest() {
            if (ts - newest.ts) as f64 >= config.stale_min * 60_000.0 {
                self.reports.clear();
                reborn = true;
            }
        }
        let report = DmaReport {
            ts,
            lat: point.lat,
            lon: point.lon,
            sog: point.speed,
            cog: point.course,
            heading: point.heading,
            src: Some(point.src),
        };
        let Some(&previous) = self.newest() else {
            self.add(report, config);
            analyse(self);
            return reborn;
        };
        if ts <= previous.ts {
            // Equal times keep the first report (a set ordered by time);
            // older ones join the history without analysis.
            if ts < previous.ts {
                let at = self.reports.partition_point(|r| r.ts <= ts);
                if self.reports.get(at.wrapping_sub(1)).map(|r| r.ts) != Some(ts) {
                    self.reports.insert(at, report);
                }
            }
            return reborn;
        }
        let step = (config.interpolation_step_s * 1000.0).max(1.0) as i64;
        if (ts - previous.ts) as f64 >= config.interpolate_after_s * 1000.0 {
            let mut t = previous.ts + step;
            while t < ts {
                let f = (t - previous.ts) as f64 / (ts - previous.ts) as f64;
                let interpolated = DmaReport {
                    ts: t,
                    lat: previous.lat + (report.lat - previous.lat) * f,
                    lon: previous.lon + (report.lon - previous.lon) * f,
                    src: None,
                    ..report
                };
                self.add(interpolated, config);
                analyse(self);
                t += step;
            }
        }
        let moved = !matches!(self.newest(), Some(n) if (n.lat, n.lon) == (report.lat, report.lon));
        self.add(report, config);
        if moved {
            analyse(self);
        }
        reborn
    }

    fn add(&mut self, report: DmaReport, config: &TrackerConfig) {
        self.reports.push_back(report);
        let oldest_kept = report.ts - (config.history_min * 60_000.0) as i64;
        while self.reports.front().is_some_and(|r| r.ts < oldest_kept)
            || self.reports.len() > MAX_TRACK_REPORTS
        {
            self.reports.pop_front();
        }
    }
}

/// The smaller angle between two directions, degrees (0–180).
pub(crate) fn angle_between(a: f32, b: f32) -> f32 {
    let diff = (a.rem_euclid(360.0) - b.rem_euclid(360.0)).abs();
    if diff >= 180.0 {
        360.0 - diff
    } else {
        diff
    }
}

/// Rhumb-line distance in metres (AisAbnormal measures drift along it).
pub(crate) fn rhumb_distance_m(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (phi1, phi2) = (lat1.to_radians(), lat2.to_radians());
    let dphi = phi2 - phi1;
    let mut dlambda = (lon2 - lon1).abs().to_radians();
    if dlambda > std::f64::consts::PI {
        dlambda = 2.0 * std::f64::consts::PI - dlambda;
    }
    let stretched = ((phi2 / 2.0 + std::f64::consts::FRAC_PI_4).tan()
        / (phi1 / 2.0 + std::f64::consts::FRAC_PI_4).tan())
    .ln();
    let q = if stretched.abs() < 1e-12 { phi1.cos() } else { dphi / stretched };
    (dphi * dphi + q * q * dlambda * dlambda).sqrt() * vigil_geo::EARTH_RADIUS_M
}

/// Whether AisAbnormal analyses a ship of this class for drift and speed
/// change: known type and length, long enough, not a special craft, tug,
/// pleasure craft or sailing ship, and either very long or a cargo ship,
/// tanker or passenger ship.
pub(crate) fn is_analysed(class: VesselClass, min_length_m: u16, any_type_length_m: u16) -> bool {
    let (Some(length), Some(shiptype)) = (class.length_m, class.shiptype) else { return false };
    if length < min_length_m || matches!(shiptype, 31 | 32 | 36 | 37 | 50..=55) {
        return false;
    }
    let carrier = matches!(shiptype, 40..=49 | 60..=89);
    length >= any_type_length_m || carrier
}

/// An episode of sustained drift being built.
#[derive(Debug, Clone)]
struct OpenDrift {
    start: DmaReport,
    last: DmaReport,
    detections: u32,
    max_distance_m: f64,
    evidence: Vec<SrcRef>,
}

#[derive(Debug, Clone, Default)]
struct VesselDrift {
    track: DmaTrack,
    class: VesselClass,
    open: Option<OpenDrift>,
}

/// The drift detector (see the module documentation).
#[derive(Debug, Clone)]
pub struct DriftDetector {
    config: DriftConfig,
    vessels: BTreeMap<u32, VesselDrift>,
    max_ts: i64,
    next_sweep: i64,
}

impl DriftDetector {
    /// A detector with no vessels.
    pub fn new(config: DriftConfig) -> Self {
        DriftDetector { config, vessels: BTreeMap::new(), max_ts: i64::MIN, next_sweep: i64::MIN }
    }

    /// Sets what is known of a vessel's length and type (from its static
    /// reports); positions before any class is known are not analysed.
    pub fn set_class(&mut self, mmsi: u32, class: VesselClass) {
        self.vessels.entry(mmsi).or_default().class = class;
    }

    /// Vessels currently remembered.
    pub fn vessels_tracked(&self) -> usize {
        self.vessels.len()
    }

    /// Takes one position (each vessel's in time order).
    pub fn push(&mut self, point: &TrackPoint, _ctx: &Context, out: &mut Vec<Event>) {
        if !point.lat.is_finite() || !point.lon.is_finite() {
            return;
        }
        let config = &self.config;
        let vessel = self.vessels.entry(point.mmsi).or_default();
        let analysed = is_analysed(vessel.class, config.min_length_m, config.any_type_length_m);
        if !analysed && vessel.open.is_none() {
            // No history is kept for a vessel that cannot be analysed (no
            // known length and type): its 10-s interpolated track was most
            // of the pipeline's time on tables without static reports.
            vessel.track = DmaTrack::default();
            self.max_ts = self.max_ts.max(point.ts.0);
            self.sweep(out);
            return;
        }
        let mut findings: Vec<Finding> = Vec::new();
        let reborn = vessel.track.push(point, &config.tracker, |track| {
            if analysed {
                findings.push(analyse(track, config));
            }
        });
        if reborn {
            close(point.mmsi, vessel, "stale", config, out);
        }
        for finding in findings {
            apply(point.mmsi, vessel, finding, config, out);
        }
        self.max_ts = self.max_ts.max(point.ts.0);
        self.sweep(out);
    }

    /// Forgets a vessel gone silent (the pipeline's eviction), closing its
    /// open drift as `vessel_silent`.
    pub fn forget(&mut self, mmsi: u32, _ctx: &Context, out: &mut Vec<Event>) {
        if let Some(mut vessel) = self.vessels.remove(&mmsi) {
            close(mmsi, &mut vessel, "vessel_silent", &self.config, out);
        }
    }

    /// Ends the input: closes every open episode.
    pub fn finish(&mut self, _ctx: &Context, out: &mut Vec<Event>) {
        let config = &self.config;
        for (&mmsi, vessel) in &mut self.vessels {
            close(mmsi, vessel, "end_of_input", config, out);
        }
        self.vessels.retain(|_, v| v.class != VesselClass::default());
        for vessel in self.vessels.values_mut() {
            vessel.track = DmaTrack::default();
        }
    }

    /// Forgets the tracks of vessels silent for longer than the stale time
    /// (closing their episodes), now and then, so memory follows the number
    /// of vessels heard recently. Their class is kept.
    fn sweep(&mut self, out: &mut Vec<Event>) {
        let stale_ms = (self.config.tracker.stale_min * 60_000.0) as i64;
        if self.max_ts < self.next_sweep {
            return;
        }
        self.next_sweep = self.max_ts + stale_ms;
        let config = &self.config;
        for (&mmsi, vessel) in &mut self.vessels {
            if vessel.track.newest().is_some_and(|n| n.ts < self.max_ts - stale_ms) {
                close(mmsi, vessel, "stale", config, out);
                vessel.track = DmaTrack::default();
            }
        }
    }
}

/// What one analysis of a track found.
enum Finding {
    /// The newest report drifts, and the drift is sustained (with the run's
    /// distance and first real report).
    Sustained { newest: DmaReport, distance_m: f64, run_start: Option<SrcRef> },
    /// The newest report drifts, not yet for long enough.
    Possible,
    /// The newest report does not drift (or lacks the values to say).
    NotDrifting,
}

fn is_drifting(report: &DmaReport, config: &DriftConfig) -> bool {
    let (Some(sog), Some(cog), Some(heading)) = (report.sog, report.cog, report.heading) else {
        return false;
    };
    let heading = f32::from(heading);
    (config.min_speed_kn..=config.max_speed_kn).contains(&sog)
        && angle_between(cog, heading) > config.min_deviation_deg
        && angle_between(cog + 180.0, heading) > config.min_deviation_deg
}

fn analyse(track: &DmaTrack, config: &DriftConfig) -> Finding {
    let (Some(newest), Some(oldest)) = (track.reports.back(), track.reports.front()) else {
        return Finding::NotDrifting;
    };
    if !is_drifting(newest, config) {
        return Finding::NotDrifting;
    }
    let period_ms = (config.period_min * 60_000.0) as i64;
    if newest.ts - oldest.ts <= period_ms {
        return Finding::Possible;
    }
    let window_start = newest.ts - period_ms;
    if !track
        .reports
        .iter()
        .rev()
        .take_while(|r| r.ts >= window_start)
        .all(|r| is_drifting(r, config))
    {
        return Finding::Possible;
    }
    let run: Vec<&DmaReport> =
        track.reports.iter().rev().take_while(|r| is_drifting(r, config)).collect();
    let start = run.last().copied().unwrap_or(newest);
    let distance_m = rhumb_distance_m(start.lat, start.lon, newest.lat, newest.lon);
    if distance_m <= config.min_distance_m {
        return Finding::Possible;
    }
    let run_start = run.iter().rev().find_map(|r| r.src);
    Finding::Sustained { newest: *newest, distance_m, run_start }
}

fn apply(
    mmsi: u32,
    vessel: &mut VesselDrift,
    finding: Finding,
    config: &DriftConfig,
    out: &mut Vec<Event>,
) {
    match finding {
        Finding::Sustained { newest, distance_m, run_start } => {
            let open = vessel.open.get_or_insert_with(|| OpenDrift {
                start: newest,
                last: newest,
                detections: 0,
                max_distance_m: 0.0,
                evidence: run_start.into_iter().collect(),
            });
            open.last = newest;
            open.detections += 1;
            open.max_distance_m = open.max_distance_m.max(distance_m);
            if let Some(src) = newest.src {
                if open.evidence.last() != Some(&src) {
                    open.evidence.push(src);
                }
            }
            if open.evidence.len() > 4 * super::MAX_EVIDENCE {
                open.evidence = sample_evidence(&open.evidence);
            }
        }
        Finding::Possible => {}
        Finding::NotDrifting => close(mmsi, vessel, "not_drifting", config, out),
    }
}

fn close(
    mmsi: u32,
    vessel: &mut VesselDrift,
    ended_by: &str,
    config: &DriftConfig,
    out: &mut Vec<Event>,
) {
    let Some(open) = vessel.open.take() else { return };
    let (start, last) = (open.start, open.last);
    let deviation = match (last.cog, last.heading) {
        (Some(cog), Some(heading)) => {
            Some(round(f64::from(angle_between(cog, f32::from(heading))), 1))
        }
        _ => None,
    };
    out.push(Event {
        kind: EventKind::Drift,
        mmsi: vec![mmsi],
        start: Timestamp(start.ts),
        end: Timestamp(last.ts),
        lat: start.lat,
        lon: start.lon,
        details: details(json!({
            "last_sustained": Timestamp(last.ts).to_string(),
            "sustained_observations": open.detections,
            "distance_m": round(open.max_distance_m, 0),
            "speed_kn": last.sog.map(|s| round(f64::from(s), 1)),
            "course": last.cog.map(|c| round(f64::from(c), 1)),
            "heading": last.heading,
            "deviation_deg": deviation,
            "length_m": vessel.class.length_m,
            "shiptype": vessel.class.shiptype,
            "period_min": config.period_min,
            "ended_by": ended_by,
        })),
        evidence: sample_evidence(&open.evidence),
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use vigil_geo::Geography;

    fn point(
        mmsi: u32,
        secs: i64,
        lat: f64,
        lon: f64,
        sog: f32,
        cog: f32,
        heading: u16,
    ) -> TrackPoint {
        TrackPoint {
            mmsi,
            ts: Timestamp(1_600_000_000_000 + secs * 1000),
            lat,
            lon,
            speed: Some(sog),
            course: Some(cog),
            heading: Some(heading),
            segment: Some(1),
            src: SrcRef { file: 0, line: secs as u64 + 1 },
        }
    }

    fn run(points: &[TrackPoint], class: VesselClass) -> Vec<Event> {
        let geo = Geography::default();
        let ctx = Context { geo: &geo };
        let mut detector = DriftDetector::new(DriftConfig::default());
        detector.set_class(points[0].mmsi, class);
        let mut out = Vec::new();
        for p in points {
            detector.push(p, &ctx, &mut out);
        }
        detector.finish(&ctx, &mut out);
        out
    }

    const TANKER: VesselClass = VesselClass { length_m: Some(180), shiptype: Some(80) };

    /// A ship drifting north at 2 kn with its bow east, reporting every 10 s.
    fn drifting_track(minutes: i64) -> Vec<TrackPoint> {
        let step_deg = 2.0 * 1852.0 / 3600.0 * 10.0 / 111_195.0;
        (0..minutes * 6)
            .map(|i| point(538_000_001, i * 10, 57.0 + i as f64 * step_deg, 11.0, 2.0, 0.0, 90))
            .collect()
    }

    #[test]
    fn deviation_is_the_smaller_angle() {
        assert_eq!(angle_between(0.0, 359.0), 1.0);
        assert_eq!(angle_between(22.0, 337.0), 45.0);
        assert_eq!(angle_between(-45.0, 45.0), 90.0);
    }

    #[test]
    fn rhumb_distance_matches_haversine_over_short_runs() {
        let rhumb = rhumb_distance_m(56.0, 11.0, 56.01, 11.01);
        let great_circle = vigil_geo::haversine_m(56.0, 11.0, 56.01, 11.01);
        assert!((rhumb - great_circle).abs() < 1.0, "{rhumb} {great_circle}");
        assert!((rhumb - 1273.0).abs() < 10.0, "{rhumb}");
    }

    #[test]
    fn sustained_drift_opens_after_the_period_and_distance() {
        let events = run(&drifting_track(20), TANKER);
        assert_eq!(events.len(), 1, "{events:?}");
        let event = &events[0];
        // More than 10 min of track and every report drifting: the first
        // sustained observation is the first report after 10 min (600 s is
        // not "more than"), and 10 min at 2 kn is 617 m > 500 m.
        assert_eq!(event.start.0 - 1_600_000_000_000, 610_000);
        assert_eq!(event.end.0 - 1_600_000_000_000, 1_190_000);
        assert_eq!(event.details["ended_by"], "end_of_input");
        assert!(event.details["distance_m"].as_f64().unwrap() > 1000.0);
    }

    #[test]
    fn short_ships_going_astern_or_slow_do_not_drift() {
        let small = VesselClass { length_m: Some(40), shiptype: Some(80) };
        assert!(run(&drifting_track(20), small).is_empty());
        let unknown_type = VesselClass { length_m: Some(180), shiptype: None };
        assert!(run(&drifting_track(20), unknown_type).is_empty());
        let astern: Vec<TrackPoint> = drifting_track(20)
            .into_iter()
            .map(|p| TrackPoint { heading: Some(180), ..p })
            .collect();
        assert!(run(&astern, TANKER).is_empty());
        let slow: Vec<TrackPoint> =
            drifting_track(20).into_iter().map(|p| TrackPoint { speed: Some(0.5), ..p }).collect();
        assert!(run(&slow, TANKER).is_empty());
    }

    #[test]
    fn one_straight_report_closes_the_episode_and_resets_the_period() {
        let mut points = drifting_track(30);
        let idx = 6 * 15;
        points[idx].heading = Some(0);
        let events = run(&points, TANKER);
        assert_eq!(events.len(), 2, "{events:?}");
        assert_eq!(events[0].details["ended_by"], "not_drifting");
        assert_eq!(events[0].end.0 - 1_600_000_000_000, (idx as i64 - 1) * 10_000);
        // The next episode needs ten more minutes without a straight report.
        assert!(events[1].start.0 - 1_600_000_000_000 > idx as i64 * 10_000 + 600_000);
    }

    #[test]
    fn gaps_are_interpolated_and_silence_makes_the_track_stale() {
        let mut points = drifting_track(12);
        // Every other minute missing: 60 s gaps are filled every 10 s.
        points.retain(|p| (p.ts.0 / 60_000) % 2 == 0 || p.ts.0 % 60_000 == 0);
        assert_eq!(run(&points, TANKER).len(), 1);
        // After 40 minutes of silence, the track starts afresh.
        let mut late = drifting_track(8);
        for p in &mut late {
            p.ts.0 += 48 * 60_000;
        }
        let mut two = drifting_track(8);
        two.extend(late);
        assert!(run(&two, TANKER).is_empty());
    }
}
