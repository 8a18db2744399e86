//! Port calls at watched ports: a vessel stopping (or falling silent) within a
//! few kilometres of a DPRK port, after Global Fishing Watch's port visit
//! rules. Calls at ordinary ports are traffic and make no event.
//!
//! GFW's anchorages pipeline: a vessel *enters* a port when it comes within
//! 3 km of it and *exits* when it is more than 4 km away; while in port it
//! *stops* when its speed falls below 0.2 kn and moves again above 0.5 kn, and
//! a silence of more than 4 hours is a *port gap*. A visit with a stop or a
//! gap is a call; its confidence is 2, plus one for an observed entry and one
//! for an observed exit (GFW's 2–4; 1, a pass without a stop, is not
//! reported). Every port known to the run (watched or not) takes part, so a
//! vessel at an ordinary port is "in port" there and not at a watched one
//! nearby; only calls at watched ports are events, and calls at the
//! `follow_up_ports` (Vostochny and Vladivostok by default) when the vessel
//! called at a watched port in the `follow_up_days` before.
//!
//! Each segment of an MMSI (see [`crate::segment`]) is followed on its own,
//! so a spoofed copy of an MMSI cannot end another ship's visit, and
//! positions the segmenter dropped as noise are ignored.
//!
//! # References
//! GFW `anchorages_pipeline` `anchorage_cfg.yaml` (`anchorage_entry_distance_km:
//! 3.0`, `anchorage_exit_distance_km: 4.0`, `stopped_begin_speed_knots: 0.2`,
//! `stopped_end_speed_knots: 0.5`, `minimum_port_gap_duration_minutes: 240`)
//! and the port-visit confidence levels, quoted in
//! `../shared/data/ais/DEFINITIONS.md` §4.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::json;
use vigil_geo::Port;

use super::spatial::{details, distance_m, knots, round, HOUR_MS};
use super::{sample_evidence, Context, Event, EventKind, SrcRef, TrackPoint};
use crate::Timestamp;

/// Thresholds of the port call detector, with GFW's defaults.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PortCallConfig {
    /// A vessel this close to a port is in it, km.
    pub entry_km: f64,
    /// …until it is farther than this, km.
    pub exit_km: f64,
    /// Below this speed a vessel in port stops, kn.
    pub stop_begin_kn: f64,
    /// Above this speed a stopped vessel moves again, kn.
    pub stop_end_kn: f64,
    /// A silence this long in port is a port gap, hours.
    pub gap_h: f64,
    /// Ports (by name, any case) whose calls are events when they follow a
    /// call at a watched port.
    pub follow_up_ports: Vec<String>,
    /// How long after a watched call a follow-up call counts, days.
    pub follow_up_days: f64,
    /// Segments followed per MMSI (the most recent).
    pub max_segments: usize,
}

impl Default for PortCallConfig {
    fn default() -> Self {
        PortCallConfig {
            entry_km: 3.0,
            exit_km: 4.0,
            stop_begin_kn: 0.2,
            stop_end_kn: 0.5,
            gap_h: 4.0,
            follow_up_ports: vigil_geo::PORTS_ON_REQUEST.iter().map(|s| (*s).to_owned()).collect(),
            follow_up_days: 30.0,
            max_segments: 8,
        }
    }
}

/// A visit in progress.
#[derive(Debug, Clone)]
struct Visit {
    port: Port,
    entry_observed: bool,
    first: i64,
    last: i64,
    min_distance_m: f64,
    stop_since: Option<i64>,
    stopped: bool,
    stopped_ms: i64,
    longest_gap_ms: i64,
    evidence: Vec<SrcRef>,
    last_src: SrcRef,
}

#[derive(Debug, Clone, Default)]
struct SegmentState {
    last: Option<(i64, f64, f64)>,
    visit: Option<Visit>,
}

#[derive(Debug, Clone, Default)]
struct VesselState {
    segments: BTreeMap<u32, SegmentState>,
    /// End and port of the last call at a watched port.
    last_watched_call: Option<(i64, String)>,
}

/// The port call detector (see the module documentation).
#[derive(Debug, Clone)]
pub struct PortCallDetector {
    config: PortCallConfig,
    vessels: BTreeMap<u32, VesselState>,
}

impl PortCallDetector {
    /// A detector with no vessels.
    pub fn new(config: PortCallConfig) -> Self {
        PortCallDetector { config, vessels: BTreeMap::new() }
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
        let config = &self.config;
        let vessel = self.vessels.entry(point.mmsi).or_default();
        if !vessel.segments.contains_key(&segment) && vessel.segments.len() >= config.max_segments {
            let oldest =
                vessel.segments.iter().min_by_key(|(_, s)| s.last.map(|l| l.0)).map(|(k, _)| *k);
            if let Some(key) = oldest {
                let mut state = vessel.segments.remove(&key).unwrap_or_default();
                close(point.mmsi, &mut state, &mut vessel.last_watched_call, false, config, out);
            }
        }
        let state = vessel.segments.entry(segment).or_default();
        let ts = point.ts.0;
        let speed = point.speed.map(f64::from).or_else(|| {
            let (t0, lat0, lon0) = state.last?;
            knots(distance_m((lat0, lon0), (point.lat, point.lon)), (ts - t0) as f64)
        });
        let previous = state.last.replace((ts, point.lat, point.lon));
        if let Some(visit) = &mut state.visit {
            let metres = distance_m((point.lat, point.lon), (visit.port.lat, visit.port.lon));
            if metres > config.exit_km * 1000.0 {
                let last_in_port = visit.last_src;
                push_evidence(visit, last_in_port);
                push_evidence(visit, point.src);
                close(point.mmsi, state, &mut vessel.last_watched_call, true, config, out);
            } else {
                let gap = ts - visit.last;
                visit.longest_gap_ms = visit.longest_gap_ms.max(gap);
                visit.last = ts;
                visit.min_distance_m = visit.min_distance_m.min(metres);
                match (visit.stop_since, speed) {
                    (None, Some(s)) if s < config.stop_begin_kn => {
                        visit.stop_since = Some(ts);
                        visit.stopped = true;
                        push_evidence(visit, point.src);
                    }
                    (Some(since), Some(s)) if s > config.stop_end_kn => {
                        visit.stopped_ms += ts - since;
                        visit.stop_since = None;
                        push_evidence(visit, point.src);
                    }
                    _ => {}
                }
                visit.last_src = point.src;
                if visit.evidence.len() > 4 * super::MAX_EVIDENCE {
                    visit.evidence = sample_evidence(&visit.evidence);
                }
                return;
            }
        }
        let Some((port, metres)) = ctx.geo.nearest_port(point.lat, point.lon) else { return };
        if metres > config.entry_km * 1000.0 {
            return;
        }
        let stopped = speed.is_some_and(|s| s < config.stop_begin_kn);
        state.visit = Some(Visit {
            port: port.clone(),
            entry_observed: previous.is_some(),
            first: ts,
            last: ts,
            min_distance_m: metres,
            stop_since: stopped.then_some(ts),
            stopped,
            stopped_ms: 0,
            longest_gap_ms: 0,
            evidence: vec![point.src],
            last_src: point.src,
        });
    }

    /// Forgets a vessel gone silent (the pipeline's eviction), closing its
    /// open calls as the end of the input would.
    pub fn forget(&mut self, mmsi: u32, _ctx: &Context, out: &mut Vec<Event>) {
        if let Some(mut vessel) = self.vessels.remove(&mmsi) {
            for state in vessel.segments.values_mut() {
                close(mmsi, state, &mut vessel.last_watched_call, false, &self.config, out);
            }
        }
    }

    /// Ends the input: reports the calls still in progress (without an
    /// observed exit).
    pub fn finish(&mut self, _ctx: &Context, out: &mut Vec<Event>) {
        let config = &self.config;
        for (&mmsi, vessel) in &mut self.vessels {
            for state in vessel.segments.values_mut() {
                close(mmsi, state, &mut vessel.last_watched_call, false, config, out);
            }
            vessel.segments.clear();
        }
    }
}

fn push_evidence(visit: &mut Visit, src: SrcRef) {
    if !visit.evidence.contains(&src) {
        visit.evidence.push(src);
    }
}

/// Ends a segment's visit; reports it when it is a call at a watched port
/// (or a follow-up port after one).
fn close(
    mmsi: u32,
    state: &mut SegmentState,
    last_watched_call: &mut Option<(i64, String)>,
    exit_observed: bool,
    config: &PortCallConfig,
    out: &mut Vec<Event>,
) {
    let Some(mut visit) = state.visit.take() else { return };
    if let Some(since) = visit.stop_since.take() {
        visit.stopped_ms += visit.last - since;
    }
    let last_in_port = visit.last_src;
    push_evidence(&mut visit, last_in_port);
    let gap = visit.longest_gap_ms as f64 > config.gap_h * HOUR_MS;
    if !visit.stopped && !gap {
        return;
    }
    let follow_up_of = match last_watched_call {
        Some((end, port))
            if (visit.first - *end) as f64 <= config.follow_up_days * 24.0 * HOUR_MS =>
        {
            Some(port.clone())
        }
        _ => None,
    };
    let is_follow_up = !visit.port.watched
        && follow_up_of.is_some()
        && config.follow_up_ports.iter().any(|name| name.eq_ignore_ascii_case(&visit.port.name));
    if visit.port.watched {
        *last_watched_call = Some((visit.last, visit.port.name.clone()));
    }
    if !visit.port.watched && !is_follow_up {
        return;
    }
    let confidence = 2 + u8::from(visit.entry_observed) + u8::from(exit_observed);
    out.push(Event {
        kind: EventKind::PortCall,
        mmsi: vec![mmsi],
        start: Timestamp(visit.first),
        end: Timestamp(visit.last),
        lat: visit.port.lat,
        lon: visit.port.lon,
        details: details(json!({
            "port": visit.port.name,
            "country": visit.port.country,
            "port_source": visit.port.source,
            "watched": visit.port.watched,
            "follow_up_of": if is_follow_up { follow_up_of } else { None },
            "min_distance_m": round(visit.min_distance_m, 0),
            "stopped_h": round(visit.stopped_ms as f64 / HOUR_MS, 2),
            "longest_gap_h": round(visit.longest_gap_ms as f64 / HOUR_MS, 2),
            "port_gap": gap,
            "entry_observed": visit.entry_observed,
            "exit_observed": exit_observed,
            "confidence": confidence,
        })),
        evidence: sample_evidence(&visit.evidence),
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use vigil_geo::Geography;

    const T0: i64 = 1_600_000_000_000;
    // Nampo (a watched port of the DPRK profile) and a point 20 km west.
    const NAMPO: (f64, f64) = (38.716667, 125.4);

    fn point(secs: i64, lat: f64, lon: f64, speed: f32) -> TrackPoint {
        TrackPoint {
            mmsi: 445_000_001,
            ts: Timestamp(T0 + secs * 1000),
            lat,
            lon,
            speed: Some(speed),
            course: None,
            heading: None,
            segment: Some(1),
            src: SrcRef { file: 0, line: secs as u64 },
        }
    }

    fn run(geo: &Geography, points: &[TrackPoint]) -> Vec<Event> {
        let ctx = Context { geo };
        let mut detector = PortCallDetector::new(PortCallConfig::default());
        let mut out = Vec::new();
        for p in points {
            detector.push(p, &ctx, &mut out);
        }
        detector.finish(&ctx, &mut out);
        out
    }

    /// In from 20 km west, `stop_h` hours stopped 1 km from the port, out again.
    fn call(port: (f64, f64), start: i64, stop_h: i64, stop_speed: f32) -> Vec<TrackPoint> {
        let mut points = vec![point(start, port.0, port.1 - 0.23, 10.0)];
        for i in 0..=stop_h * 6 {
            points.push(point(start + 3600 + i * 600, port.0, port.1 - 0.0115, stop_speed));
        }
        points.push(point(start + 3600 + stop_h * 3600 + 3600, port.0, port.1 - 0.23, 10.0));
        points
    }

    #[test]
    fn a_stop_at_a_watched_port_is_a_call() {
        let events = run(&Geography::dprk_profile(), &call(NAMPO, 0, 6, 0.0));
        assert_eq!(events.len(), 1, "{events:?}");
        let event = &events[0];
        assert_eq!(event.details["port"], "Nampo");
        assert_eq!(event.details["confidence"], 4);
        assert_eq!(event.details["stopped_h"], 6.0);
        assert_eq!(event.start.0 - T0, 3_600_000);
        assert_eq!(event.end.0 - T0, (3600 + 6 * 3600) * 1000);
    }

    #[test]
    fn passing_by_or_calling_at_an_ordinary_port_is_not() {
        let geo = Geography::dprk_profile();
        assert!(run(&geo, &call(NAMPO, 0, 6, 6.0)).is_empty(), "no stop");
        let dalian = Port {
            name: "Dalian".into(),
            country: Some("CN".into()),
            lat: 38.93,
            lon: 121.65,
            watched: false,
            source: "test".into(),
        };
        let mut geo = Geography::dprk_profile();
        geo.ports.push(dalian);
        geo.reindex();
        assert!(run(&geo, &call((38.93, 121.65), 0, 6, 0.0)).is_empty());
    }

    #[test]
    fn vostochny_counts_only_after_a_watched_call() {
        let geo = Geography::dprk_profile();
        let vostochny = (42.75, 133.083333);
        assert!(run(&geo, &call(vostochny, 0, 6, 0.0)).is_empty());
        let mut points = call(NAMPO, 0, 6, 0.0);
        points.extend(call(vostochny, 5 * 86_400, 6, 0.0));
        let events = run(&geo, &points);
        assert_eq!(events.len(), 2, "{events:?}");
        assert_eq!(events[1].details["port"], "Vostochny");
        assert_eq!(events[1].details["follow_up_of"], "Nampo");
    }

    #[test]
    fn a_long_silence_in_port_is_a_port_gap() {
        let mut points = vec![point(0, NAMPO.0, NAMPO.1 - 0.23, 10.0)];
        points.push(point(3600, NAMPO.0, NAMPO.1 - 0.0115, 3.0));
        points.push(point(3600 + 5 * 3600, NAMPO.0, NAMPO.1 - 0.0115, 3.0));
        let events = run(&Geography::dprk_profile(), &points);
        assert_eq!(events.len(), 1, "{events:?}");
        assert_eq!(events[0].details["port_gap"], true);
        assert_eq!(events[0].details["exit_observed"], false);
        assert_eq!(events[0].details["confidence"], 3);
    }
}
