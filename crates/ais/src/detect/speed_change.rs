//! Sudden speed change: a ship dropping from cruising speed to almost nothing
//! within seconds, as in a grounding or collision, after the Danish Maritime
//! Authority's AisAbnormal `SuddenSpeedChangeAnalysis`.
//!
//! On AisAbnormal's tracker ([`super::drift`]), each time the newest position
//! changes: when the newest speed is at most 1 kn and the last report of the
//! last 20 minutes at 7 kn or more (and at most 102.2 kn, the largest valid
//! speed) is no more than 30 s older, the vessel is put under observation; a
//! vessel under observation whose speed has stayed at most 1 kn over the last
//! 60 s raises the event. Any newest speed above 1 kn ends the observation.
//! The event starts at that last fast report and ends at the first slow report
//! after it, as AisAbnormal's does; the time it was confirmed is
//! `details.confirmed`. The ships analysed are those of the drift analysis
//! (known type and length, long, not special craft, tugs, pleasure craft or
//! sailing ships), and not fishing vessels.
//!
//! # Units
//! Speeds in knots, times in seconds in the configuration.
//!
//! # References
//! dma-ais/AisAbnormal, `SuddenSpeedChangeAnalysis` and `analyzer.properties`
//! (`analysis.suddenspeedchange.*`, quoted in
//! `../shared/data/ais/DEFINITIONS.md` §6).

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::json;

use super::drift::{is_analysed, DmaReport, DmaTrack, TrackerConfig};
use super::spatial::{details, round};
use super::{Context, Event, EventKind, TrackPoint, VesselClass};
use crate::Timestamp;

/// Thresholds of the sudden speed change detector, with AisAbnormal's defaults.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SpeedChangeConfig {
    /// The ship must come from at least this speed, kn (`sog.highmark`).
    pub high_speed_kn: f32,
    /// …and drop to at most this speed, kn (`sog.lowmark`).
    pub low_speed_kn: f32,
    /// …within this many seconds (`drop.decay`).
    pub max_drop_s: f64,
    /// …and stay there for this many seconds (`drop.sustain`).
    pub sustain_s: f64,
    /// Speeds above this are invalid and ignored, kn.
    pub max_valid_speed_kn: f32,
    /// Shortest ship analysed, metres.
    pub min_length_m: u16,
    /// Ships at least this long are analysed whatever their type, metres.
    pub any_type_length_m: u16,
    /// The tracker's settings.
    pub tracker: TrackerConfig,
}

impl Default for SpeedChangeConfig {
    fn default() -> Self {
        SpeedChangeConfig {
            high_speed_kn: 7.0,
            low_speed_kn: 1.0,
            max_drop_s: 30.0,
            sustain_s: 60.0,
            max_valid_speed_kn: 102.2,
            min_length_m: 50,
            any_type_length_m: 75,
            tracker: TrackerConfig::default(),
        }
    }
}

#[derive(Debug, Clone, Default)]
struct VesselSpeed {
    /// One track per segment of the MMSI: two ships sharing an MMSI must
    /// not make one ship's cruising report and the other's moored report a
    /// "drop".
    tracks: BTreeMap<Option<u32>, SegmentSpeed>,
    class: VesselClass,
}

#[derive(Debug, Clone, Default)]
struct SegmentSpeed {
    track: DmaTrack,
    observed: bool,
}

/// The sudden speed change detector (see the module documentation).
#[derive(Debug, Clone)]
pub struct SpeedChangeDetector {
    config: SpeedChangeConfig,
    vessels: BTreeMap<u32, VesselSpeed>,
    max_ts: i64,
    next_sweep: i64,
}

impl SpeedChangeDetector {
    /// A detector with no vessels.
    pub fn new(config: SpeedChangeConfig) -> Self {
        SpeedChangeDetector {
            config,
            vessels: BTreeMap::new(),
            max_ts: i64::MIN,
            next_sweep: i64::MIN,
        }
    }

    /// Sets what is known of a vessel's length and type.
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
        let analysed = is_analysed(vessel.class, config.min_length_m, config.any_type_length_m)
            && vessel.class.shiptype != Some(30);
        if !analysed {
            // No history is kept for a vessel that cannot be analysed (see
            // the drift detector).
            vessel.tracks.clear();
            self.max_ts = self.max_ts.max(point.ts.0);
            self.sweep();
            return;
        }
        let class = vessel.class;
        let segment = vessel.tracks.entry(point.segment).or_default();
        let mut observed = segment.observed;
        let reborn = segment.track.push(point, &config.tracker, |track| {
            if let Some(event) = analyse(point.mmsi, track, &mut observed, class, config) {
                out.push(event);
            }
        });
        segment.observed = observed && !reborn;
        self.max_ts = self.max_ts.max(point.ts.0);
        self.sweep();
    }

    /// Forgets a vessel gone silent (the pipeline's eviction); a drop is
    /// only reported once confirmed, so nothing is open to close.
    pub fn forget(&mut self, mmsi: u32, _ctx: &Context, _out: &mut Vec<Event>) {
        self.vessels.remove(&mmsi);
    }

    /// Ends the input (an observation that was not confirmed raises nothing).
    pub fn finish(&mut self, _ctx: &Context, _out: &mut Vec<Event>) {
        self.vessels.retain(|_, v| v.class != VesselClass::default());
        for vessel in self.vessels.values_mut() {
            vessel.tracks.clear();
        }
    }

    fn sweep(&mut self) {
        let stale_ms = (self.config.tracker.stale_min * 60_000.0) as i64;
        if self.max_ts < self.next_sweep {
            return;
        }
        self.next_sweep = self.max_ts + stale_ms;
        let now = self.max_ts;
        for vessel in self.vessels.values_mut() {
            vessel.tracks.retain(|_, segment| {
                segment.track.newest().is_some_and(|n| n.ts >= now - stale_ms)
            });
        }
    }
}

fn is_valid_fast(report: &DmaReport, config: &SpeedChangeConfig) -> bool {
    report.sog.is_some_and(|s| s >= config.high_speed_kn && s <= config.max_valid_speed_kn)
}

/// One analysis of a track; the event when a drop is confirmed.
fn analyse(
    mmsi: u32,
    track: &DmaTrack,
    observed: &mut bool,
    class: VesselClass,
    config: &SpeedChangeConfig,
) -> Option<Event> {
    let newest = track.newest()?;
    let speed = newest.sog?;
    if speed > config.low_speed_kn {
        *observed = false;
        return None;
    }
    let last_fast = track.reports.iter().rev().find(|r| is_valid_fast(r, config));
    if !*observed {
        // A report interpolated across a gap says nothing about how fast the
        // speed fell, so only a received report starts an observation.
        let sudden = newest.src.is_some()
            && last_fast
                .is_some_and(|fast| (newest.ts - fast.ts) as f64 <= config.max_drop_s * 1000.0);
        *observed = sudden;
        return None;
    }
    let since = newest.ts - (config.sustain_s * 1000.0) as i64;
    let max_recent = track
        .reports
        .iter()
        .rev()
        .take_while(|r| r.ts >= since)
        .filter_map(|r| r.sog)
        .fold(f32::NEG_INFINITY, f32::max);
    if max_recent > config.low_speed_kn {
        return None;
    }
    *observed = false;
    let fast = last_fast?;
    let slow = track
        .reports
        .iter()
        .find(|r| r.ts >= fast.ts && r.sog.is_some_and(|s| s <= config.low_speed_kn))?;
    let evidence =
        [fast.src, slow.src, newest.src].into_iter().flatten().fold(Vec::new(), |mut v, s| {
            if !v.contains(&s) {
                v.push(s);
            }
            v
        });
    Some(Event {
        kind: EventKind::SpeedChange,
        mmsi: vec![mmsi],
        start: Timestamp(fast.ts),
        end: Timestamp(slow.ts),
        lat: fast.lat,
        lon: fast.lon,
        details: details(json!({
            "from_kn": fast.sog.map(|s| round(f64::from(s), 1)),
            "to_kn": slow.sog.map(|s| round(f64::from(s), 1)),
            "seconds": round((slow.ts - fast.ts) as f64 / 1000.0, 1),
            "confirmed": Timestamp(newest.ts).to_string(),
            "interpolated_end": slow.src.is_none(),
            "length_m": class.length_m,
            "shiptype": class.shiptype,
        })),
        evidence,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::SrcRef;
    use vigil_geo::Geography;

    const T0: i64 = 1_600_000_000_000;

    fn point(secs: i64, sog: f32) -> TrackPoint {
        TrackPoint {
            mmsi: 219_000_606,
            ts: Timestamp(T0 + secs * 1000),
            lat: 56.0 + secs as f64 * 1e-5,
            lon: 12.0,
            speed: Some(sog),
            course: Some(45.0),
            heading: Some(45),
            segment: Some(1),
            src: SrcRef { file: 0, line: secs as u64 },
        }
    }

    fn run(speeds: &[(i64, f32)]) -> Vec<Event> {
        let geo = Geography::default();
        let ctx = Context { geo: &geo };
        let mut detector = SpeedChangeDetector::new(SpeedChangeConfig::default());
        detector.set_class(219_000_606, VesselClass { length_m: Some(70), shiptype: Some(61) });
        let mut out = Vec::new();
        for &(secs, sog) in speeds {
            detector.push(&point(secs, sog), &ctx, &mut out);
        }
        detector.finish(&ctx, &mut out);
        out
    }

    #[test]
    fn a_drop_within_30_s_held_for_a_minute_is_an_event() {
        let events = run(&[(0, 10.1), (7, 12.2), (15, 0.1), (25, 0.0), (45, 0.0), (80, 0.1)]);
        assert_eq!(events.len(), 1, "{events:?}");
        let event = &events[0];
        assert_eq!((event.start.0 - T0, event.end.0 - T0), (7_000, 15_000));
        assert_eq!(event.details["from_kn"], 12.2);
        assert_eq!(event.details["to_kn"], 0.1);
        // Confirmed on the report the tracker interpolated at 75 s (the 35 s gap
        // before 80 s is filled every 10 s): the first with a minute of slow
        // reports behind it.
        assert_eq!(event.details["confirmed"], Timestamp(T0 + 75_000).to_string());
        let lines: Vec<u64> = event.evidence.iter().map(|s| s.line).collect();
        assert_eq!(lines, [7, 15], "the fast and the first slow report");
    }

    #[test]
    fn slow_drops_short_stops_and_fast_slowdowns_are_not() {
        // 61 s between the fast and the slow report: the tracker fills the gap
        // with reports at the slow speed, but they prove nothing about when
        // the speed fell.
        assert!(run(&[(0, 12.2), (61, 0.1), (122, 0.1), (183, 0.0)]).is_empty());
        // Speed picks up again before a minute has passed.
        assert!(run(&[(0, 12.2), (8, 0.1), (20, 0.5), (30, 3.0), (70, 0.1), (140, 0.1)]).is_empty());
        // From 22 kn to 9 kn is a slowdown, not a stop.
        assert!(run(&[(0, 22.2), (8, 9.0), (20, 9.0), (90, 9.0)]).is_empty());
    }
}
