//! Zone entries: a vessel seen outside a watched zone (DPRK waters) and then
//! inside it.
//!
//! Each segment of an MMSI (see [`crate::segment`]) is followed on its own,
//! and positions the segmenter dropped as noise are ignored, so one spoofed
//! or garbled position cannot make an entry. A vessel first seen inside a
//! zone has not been seen entering it and makes no event. The event runs from
//! the first position inside to the last one before the vessel was seen
//! outside again (or the end of the input, `details.exited` false), with the
//! last position outside, the first inside, the last inside and the first
//! outside again as evidence.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::json;

use super::spatial::{details, round, HOUR_MS};
use super::{Context, Event, EventKind, SrcRef, TrackPoint};
use crate::Timestamp;

/// Settings of the zone entry detector.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ZoneEntryConfig {
    /// Segments followed per MMSI (the most recent).
    pub max_segments: usize,
}

impl Default for ZoneEntryConfig {
    fn default() -> Self {
        ZoneEntryConfig { max_segments: 8 }
    }
}

/// A stay inside one zone.
#[derive(Debug, Clone)]
struct Stay {
    zone: usize,
    /// The entry: first position inside, and the last one outside before it;
    /// `None` when the segment was first seen inside.
    entry: Option<(i64, f64, f64, SrcRef, SrcRef)>,
    positions: u64,
    last: (i64, SrcRef),
}

#[derive(Debug, Clone, Default)]
struct SegmentState {
    last: Option<(i64, SrcRef)>,
    stays: Vec<Stay>,
}

/// The zone entry detector (see the module documentation).
#[derive(Debug, Clone)]
pub struct ZoneEntryDetector {
    config: ZoneEntryConfig,
    vessels: BTreeMap<u32, BTreeMap<u32, SegmentState>>,
    inside: Vec<usize>,
}

impl ZoneEntryDetector {
    /// A detector with no vessels.
    pub fn new(config: ZoneEntryConfig) -> Self {
        ZoneEntryDetector { config, vessels: BTreeMap::new(), inside: Vec::new() }
    }

    /// Vessels currently remembered.
    pub fn vessels_tracked(&self) -> usize {
        self.vessels.len()
    }

    /// Takes one position (each MMSI's in time order).
    pub fn push(&mut self, point: &TrackPoint, ctx: &Context, out: &mut Vec<Event>) {
        let Some(segment) = point.segment else { return };
        if !point.lat.is_finite() || !point.lon.is_finite() {
            return;
        }
        self.inside.clear();
        let zones = &ctx.geo.zones;
        for zone in ctx.geo.zones_containing(point.lat, point.lon).filter(|z| z.watched) {
            if let Some(idx) = zones.iter().position(|z| std::ptr::eq(z, zone)) {
                self.inside.push(idx);
            }
        }
        let segments = self.vessels.entry(point.mmsi).or_default();
        if !segments.contains_key(&segment) && segments.len() >= self.config.max_segments {
            let oldest = segments.iter().min_by_key(|(_, s)| s.last.map(|l| l.0)).map(|(k, _)| *k);
            if let Some(mut state) = oldest.and_then(|key| segments.remove(&key)) {
                for stay in state.stays.drain(..) {
                    emit(point.mmsi, stay, None, ctx, out);
                }
            }
        }
        let state = segments.entry(segment).or_default();
        let ts = point.ts.0;
        let mut idx = 0;
        while idx < state.stays.len() {
            if self.inside.contains(&state.stays[idx].zone) {
                idx += 1;
            } else {
                let stay = state.stays.remove(idx);
                emit(point.mmsi, stay, Some(point.src), ctx, out);
            }
        }
        for &zone in &self.inside {
            match state.stays.iter_mut().find(|s| s.zone == zone) {
                Some(stay) => {
                    stay.positions += 1;
                    stay.last = (ts, point.src);
                }
                None => state.stays.push(Stay {
                    zone,
                    entry: state
                        .last
                        .map(|(_, outside)| (ts, point.lat, point.lon, outside, point.src)),
                    positions: 1,
                    last: (ts, point.src),
                }),
            }
        }
        state.last = Some((ts, point.src));
    }

    /// Forgets a vessel gone silent (the pipeline's eviction), closing its
    /// open stays as the end of the input would.
    pub fn forget(&mut self, mmsi: u32, ctx: &Context, out: &mut Vec<Event>) {
        if let Some(mut segments) = self.vessels.remove(&mmsi) {
            for state in segments.values_mut() {
                for stay in state.stays.drain(..) {
                    emit(mmsi, stay, None, ctx, out);
                }
            }
        }
    }

    /// Ends the input: reports the entries of vessels still inside.
    pub fn finish(&mut self, ctx: &Context, out: &mut Vec<Event>) {
        for (&mmsi, segments) in &mut self.vessels {
            for state in segments.values_mut() {
                for stay in state.stays.drain(..) {
                    emit(mmsi, stay, None, ctx, out);
                }
            }
        }
        self.vessels.clear();
    }
}

/// Reports a stay that began with an observed entry; `exit` is the first
/// position outside again, if seen.
fn emit(mmsi: u32, stay: Stay, exit: Option<SrcRef>, ctx: &Context, out: &mut Vec<Event>) {
    let Some((entered, lat, lon, outside, inside)) = stay.entry else { return };
    let Some(zone) = ctx.geo.zones.get(stay.zone) else { return };
    let mut evidence = vec![outside, inside];
    for src in [Some(stay.last.1), exit].into_iter().flatten() {
        if !evidence.contains(&src) {
            evidence.push(src);
        }
    }
    out.push(Event {
        kind: EventKind::ZoneEntry,
        mmsi: vec![mmsi],
        start: Timestamp(entered),
        end: Timestamp(stay.last.0),
        lat,
        lon,
        details: details(json!({
            "zone": zone.name,
            "zone_source": zone.source,
            "positions_inside": stay.positions,
            "hours_inside": round((stay.last.0 - entered) as f64 / HOUR_MS, 2),
            "exited": exit.is_some(),
        })),
        evidence,
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use vigil_geo::Geography;

    const T0: i64 = 1_600_000_000_000;

    fn point(secs: i64, lat: f64, lon: f64, segment: u32) -> TrackPoint {
        TrackPoint {
            mmsi: 413_000_001,
            ts: Timestamp(T0 + secs * 1000),
            lat,
            lon,
            speed: Some(10.0),
            course: None,
            heading: None,
            segment: Some(segment),
            src: SrcRef { file: 0, line: secs as u64 },
        }
    }

    fn run(points: &[TrackPoint]) -> Vec<Event> {
        let geo = Geography::dprk_profile();
        let ctx = Context { geo: &geo };
        let mut detector = ZoneEntryDetector::new(ZoneEntryConfig::default());
        let mut out = Vec::new();
        for p in points {
            detector.push(p, &ctx, &mut out);
        }
        detector.finish(&ctx, &mut out);
        out
    }

    // Open Yellow Sea well south-west of the DPRK zone, and off Nampo inside it.
    const OUTSIDE: (f64, f64) = (36.0, 123.0);
    const INSIDE: (f64, f64) = (38.6, 125.0);

    #[test]
    fn outside_then_inside_is_an_entry() {
        let geo = Geography::dprk_profile();
        assert!(geo.zones_containing(INSIDE.0, INSIDE.1).any(|z| z.watched));
        assert!(!geo.zones_containing(OUTSIDE.0, OUTSIDE.1).any(|z| z.watched));
        let points = [
            point(0, OUTSIDE.0, OUTSIDE.1, 1),
            point(3600, INSIDE.0, INSIDE.1, 1),
            point(7200, INSIDE.0, INSIDE.1, 1),
            point(10_800, OUTSIDE.0, OUTSIDE.1, 1),
        ];
        let events = run(&points);
        assert_eq!(events.len(), 1, "{events:?}");
        let event = &events[0];
        assert_eq!((event.start.0 - T0, event.end.0 - T0), (3_600_000, 7_200_000));
        assert_eq!(event.details["exited"], true);
        assert_eq!(event.details["positions_inside"], 2);
        assert!(event.details["zone"].as_str().unwrap().contains("DPRK"));
        let lines: Vec<u64> = event.evidence.iter().map(|s| s.line).collect();
        assert_eq!(lines, [0, 3600, 7200, 10_800]);
    }

    #[test]
    fn first_seen_inside_or_noise_is_not_an_entry() {
        assert!(
            run(&[point(0, INSIDE.0, INSIDE.1, 1), point(60, INSIDE.0, INSIDE.1, 1)]).is_empty()
        );
        // A second segment of the MMSI appears inside: its own history.
        let points = [point(0, OUTSIDE.0, OUTSIDE.1, 1), point(60, INSIDE.0, INSIDE.1, 2)];
        assert!(run(&points).is_empty());
        let mut noise = point(60, INSIDE.0, INSIDE.1, 1);
        noise.segment = None;
        assert!(run(&[point(0, OUTSIDE.0, OUTSIDE.1, 1), noise]).is_empty());
    }
}
