//! Identity anomalies as events: one MMSI in two places at once, an invalid
//! MMSI, an IMO number failing its check digit, a name, call sign, MMSI or
//! flag changing while the IMO number stays the same, and a flag claimed
//! elsewhere (by a list entry linked to the vessel) that disagrees with the
//! flag of the MMSI's MID.
//!
//! Every event has kind `identity` and says which anomaly in
//! `details.anomaly`: `two_places`, `mmsi_invalid`, `imo_invalid`,
//! `identity_change` (with `details.field`: `name`, `callsign`, `mmsi` or
//! `flag`) or `flag_mismatch`.
//!
//! **Two places at once.** The segmenter ([`crate::segment`]) gives each
//! physically consistent track of an MMSI its own segment, so two ships on
//! one MMSI become two segments that interleave in time. Each new position
//! is compared with the newest position of every other segment of its MMSI
//! seen within `window_s`: when they are at least `min_distance_m` apart and
//! the speed needed to go from one to the other (over at least `min_dt_s`)
//! exceeds `max_knots` (GFW's segmenter limit, 25 kn), that is one
//! conflict. Conflicts of one MMSI less than `merge_gap_s` apart are one
//! episode, whichever segments they involve: two ships sharing an MMSI for
//! days make one event, not one per pair of segments the segmenter happens
//! to cut. An episode is an event, from its first to its last conflict, when
//! some pair of segments in it has `min_conflicts` conflicts, so a single
//! stray position (a segment of its own) is not enough, nor are strays
//! scattered over hours.
//!
//! Static anomalies are reported once each, where the vessel last was (its
//! position is unknown, and `lat`/`lon` are NaN, when it has sent none yet).
//!
//! # References
//! ITU-R M.585 (MMSI formats), the IMO number check digit (IMO resolution
//! A.1078(28)), GFW gpsdio-segment (`max_knots = 25`).

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;
use serde_json::{json, Value};

use super::spatial::{details, distance_m, knots, round};
use super::{sample_evidence, Context, Event, EventKind, SrcRef, StaticReport, TrackPoint};
use crate::{flag_of_mmsi, Timestamp};

/// Thresholds of the identity detector.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct IdentityConfig {
    /// Two positions of one MMSI closer in time than this are compared, s.
    pub window_s: f64,
    /// …when at least this far apart, metres.
    pub min_distance_m: f64,
    /// …and the implied speed between them exceeds this, kn.
    pub max_knots: f64,
    /// Smallest time used for the implied speed, s (timestamps of different
    /// receivers are not more precise than this).
    pub min_dt_s: f64,
    /// Conflicts a pair of segments needs to be an event.
    pub min_conflicts: u32,
    /// Conflicts of one MMSI closer in time than this are one event, s.
    pub merge_gap_s: f64,
    /// Segments remembered per MMSI (the most recent).
    pub max_segments: usize,
    /// Report MMSIs that are not a ship's.
    pub report_invalid_mmsi: bool,
}

impl Default for IdentityConfig {
    fn default() -> Self {
        IdentityConfig {
            window_s: 600.0,
            min_distance_m: 10_000.0,
            max_knots: 25.0,
            min_dt_s: 60.0,
            min_conflicts: 3,
            merge_gap_s: 6.0 * 3600.0,
            max_segments: 16,
            report_invalid_mmsi: true,
        }
    }
}

/// A flag claimed for an MMSI elsewhere than its MID (a list entry's flag).
#[derive(Debug, Clone, PartialEq)]
pub struct FlagClaim {
    /// ISO 3166-1 alpha-2 code, any case.
    pub flag: String,
    /// Who claims it ("list entry NK-123 (us_ofac_sdn)").
    pub source: String,
}

/// Segment pairs counted per episode; more are rare and add nothing.
const MAX_PAIRS: usize = 64;

/// The newest position of one segment.
#[derive(Debug, Clone, Copy)]
struct SegmentTip {
    segment: u32,
    ts: i64,
    lat: f64,
    lon: f64,
    src: SrcRef,
}

/// One episode of conflicts between segments of one MMSI.
#[derive(Debug, Clone)]
struct Conflict {
    first: i64,
    last: i64,
    count: u32,
    /// Conflicts per pair of segments (lower segment first).
    pairs: BTreeMap<(u32, u32), u32>,
    max_distance_m: f64,
    max_knots: f64,
    lat: f64,
    lon: f64,
    evidence: Vec<SrcRef>,
}

#[derive(Debug, Clone, Default)]
struct VesselState {
    seen: bool,
    last_position: Option<(f64, f64)>,
    tips: Vec<SegmentTip>,
    episode: Option<Conflict>,
    /// The fields of the last static reports, overlaid.
    name: Option<String>,
    callsign: Option<String>,
    imo: Option<u32>,
    bad_imos: BTreeSet<u32>,
    claims: Vec<FlagClaim>,
}

/// The identity detector (see the module documentation).
#[derive(Debug, Clone)]
pub struct IdentityDetector {
    config: IdentityConfig,
    vessels: BTreeMap<u32, VesselState>,
    /// For each valid IMO number, the last MMSI that reported it.
    imo_owner: BTreeMap<u32, (u32, SrcRef)>,
}

impl IdentityDetector {
    /// A detector with no vessels.
    pub fn new(config: IdentityConfig) -> Self {
        IdentityDetector { config, vessels: BTreeMap::new(), imo_owner: BTreeMap::new() }
    }

    /// Records a flag claimed for `mmsi` elsewhere; it is compared with the
    /// MID's flag when the MMSI is first seen.
    pub fn claim_flag(&mut self, mmsi: u32, claim: FlagClaim) {
        let vessel = self.vessels.entry(mmsi).or_default();
        if !vessel.claims.contains(&claim) {
            vessel.claims.push(claim);
        }
    }

    /// Vessels currently remembered.
    pub fn vessels_tracked(&self) -> usize {
        self.vessels.len()
    }

    /// Takes one position (each MMSI's in time order).
    pub fn push(&mut self, point: &TrackPoint, _ctx: &Context, out: &mut Vec<Event>) {
        if !point.lat.is_finite() || !point.lon.is_finite() {
            return;
        }
        let config = &self.config;
        let vessel = self.vessels.entry(point.mmsi).or_default();
        vessel.last_position = Some((point.lat, point.lon));
        first_sighting(point.mmsi, vessel, point.ts, point.src, config, out);
        let Some(segment) = point.segment else { return };
        let tip =
            SegmentTip { segment, ts: point.ts.0, lat: point.lat, lon: point.lon, src: point.src };
        let window_ms = (config.window_s * 1000.0) as i64;
        for other in
            vessel.tips.iter().filter(|t| t.segment != segment && tip.ts - t.ts <= window_ms)
        {
            let metres = distance_m((tip.lat, tip.lon), (other.lat, other.lon));
            let dt_ms = ((tip.ts - other.ts) as f64).max(config.min_dt_s * 1000.0);
            let speed = knots(metres, dt_ms).unwrap_or(f64::INFINITY);
            if metres < config.min_distance_m || speed <= config.max_knots {
                continue;
            }
            let key = (segment.min(other.segment), segment.max(other.segment));
            let conflict = vessel.episode.get_or_insert_with(|| Conflict {
                first: other.ts.min(tip.ts),
                last: tip.ts,
                count: 0,
                pairs: BTreeMap::new(),
                max_distance_m: 0.0,
                max_knots: 0.0,
                lat: other.lat,
                lon: other.lon,
                evidence: Vec::new(),
            });
            if conflict.pairs.len() < MAX_PAIRS || conflict.pairs.contains_key(&key) {
                *conflict.pairs.entry(key).or_insert(0) += 1;
            }
            conflict.last = tip.ts;
            conflict.count += 1;
            conflict.max_distance_m = conflict.max_distance_m.max(metres);
            conflict.max_knots = conflict.max_knots.max(speed);
            for src in [other.src, tip.src] {
                if !conflict.evidence.contains(&src) {
                    conflict.evidence.push(src);
                }
            }
            if conflict.evidence.len() > 4 * super::MAX_EVIDENCE {
                conflict.evidence = sample_evidence(&conflict.evidence);
            }
        }
        match vessel.tips.iter_mut().find(|t| t.segment == segment) {
            Some(existing) => *existing = tip,
            None => vessel.tips.push(tip),
        }
        if vessel.tips.len() > config.max_segments {
            vessel.tips.sort_by_key(|t| std::cmp::Reverse(t.ts));
            vessel.tips.truncate(config.max_segments);
        }
        // An episode with no conflict for `merge_gap_s` is over.
        let merge_ms = window_ms.max((config.merge_gap_s * 1000.0) as i64);
        if vessel.episode.as_ref().is_some_and(|c| tip.ts - c.last > merge_ms) {
            if let Some(conflict) = vessel.episode.take() {
                emit_conflict(point.mmsi, conflict, config, out);
            }
        }
    }

    /// Takes one static report (in time order with the positions).
    pub fn push_static(&mut self, report: &StaticReport, out: &mut Vec<Event>) {
        let config = &self.config;
        let vessel = self.vessels.entry(report.mmsi).or_default();
        first_sighting(
            report.mmsi,
            vessel,
            report.ts.unwrap_or(Timestamp(0)),
            report.src,
            config,
            out,
        );
        let (lat, lon) = vessel.last_position.unwrap_or((f64::NAN, f64::NAN));
        let ts = report.ts.unwrap_or(Timestamp(0));
        let fields = &report.fields;
        let mut emit = |mmsi: Vec<u32>, value: Value, evidence: Vec<SrcRef>| {
            out.push(Event {
                kind: EventKind::Identity,
                mmsi,
                start: ts,
                end: ts,
                lat,
                lon,
                details: details(value),
                evidence,
            });
        };
        let Some(imo) = fields.imo else {
            overlay(vessel, report);
            return;
        };
        if !vigil_model::imo_is_valid(&format!("{imo:07}")) {
            if vessel.bad_imos.insert(imo) {
                emit(
                    vec![report.mmsi],
                    json!({"anomaly": "imo_invalid", "imo": imo, "name": fields.name}),
                    vec![report.src],
                );
            }
            overlay(vessel, report);
            return;
        }
        if vessel.imo == Some(imo) {
            let changes = [
                ("name", vessel.name.as_ref(), fields.name.as_ref()),
                ("callsign", vessel.callsign.as_ref(), fields.callsign.as_ref()),
            ];
            for (field, from, to) in changes {
                if let (Some(from), Some(to)) = (from, to) {
                    if from != to {
                        emit(
                            vec![report.mmsi],
                            json!({"anomaly": "identity_change", "field": field, "imo": imo,
                                   "from": from, "to": to}),
                            vec![report.src],
                        );
                    }
                }
            }
        }
        overlay(vessel, report);
        if let Some((owner, owner_src)) = self.imo_owner.insert(imo, (report.mmsi, report.src)) {
            if owner != report.mmsi {
                let (from_flag, to_flag) = (flag_of_mmsi(owner), flag_of_mmsi(report.mmsi));
                let field = if from_flag != to_flag { "flag" } else { "mmsi" };
                let mut mmsi = vec![owner, report.mmsi];
                mmsi.sort_unstable();
                emit(
                    mmsi,
                    json!({"anomaly": "identity_change", "field": field, "imo": imo,
                           "from_mmsi": owner, "to_mmsi": report.mmsi,
                           "from_flag": from_flag, "to_flag": to_flag, "name": fields.name}),
                    vec![owner_src, report.src],
                );
            }
        }
    }

    /// Forgets a vessel gone silent (the pipeline's eviction), closing its
    /// open episode and releasing the IMO numbers it held.
    pub fn forget(&mut self, mmsi: u32, _ctx: &Context, out: &mut Vec<Event>) {
        if let Some(mut vessel) = self.vessels.remove(&mmsi) {
            if let Some(conflict) = vessel.episode.take() {
                emit_conflict(mmsi, conflict, &self.config, out);
            }
        }
        self.imo_owner.retain(|_, (owner, _)| *owner != mmsi);
    }

    /// Ends the input: reports the conflicts still open.
    pub fn finish(&mut self, _ctx: &Context, out: &mut Vec<Event>) {
        let config = &self.config;
        for (&mmsi, vessel) in &mut self.vessels {
            if let Some(conflict) = vessel.episode.take() {
                emit_conflict(mmsi, conflict, config, out);
            }
            vessel.tips.clear();
        }
    }
}

/// Lays a static report's fields over what the vessel said before.
fn overlay(vessel: &mut VesselState, report: &StaticReport) {
    let fields = &report.fields;
    if fields.name.is_some() {
        vessel.name.clone_from(&fields.name);
    }
    if fields.callsign.is_some() {
        vessel.callsign.clone_from(&fields.callsign);
    }
    if fields.imo.is_some() {
        vessel.imo = fields.imo;
    }
}

/// The anomalies of an MMSI itself, on its first sighting: an MMSI that is
/// not a ship's, and flags claimed elsewhere that disagree with its MID.
fn first_sighting(
    mmsi: u32,
    vessel: &mut VesselState,
    ts: Timestamp,
    src: SrcRef,
    config: &IdentityConfig,
    out: &mut Vec<Event>,
) {
    if vessel.seen {
        return;
    }
    vessel.seen = true;
    let (lat, lon) = vessel.last_position.unwrap_or((f64::NAN, f64::NAN));
    let mut emit = |value: Value| {
        out.push(Event {
            kind: EventKind::Identity,
            mmsi: vec![mmsi],
            start: ts,
            end: ts,
            lat,
            lon,
            details: details(value),
            evidence: vec![src],
        });
    };
    if config.report_invalid_mmsi && !vigil_model::mmsi_is_valid(&format!("{mmsi:09}")) {
        emit(json!({"anomaly": "mmsi_invalid", "mmsi_flag": flag_of_mmsi(mmsi)}));
    }
    let mid_flag = flag_of_mmsi(mmsi);
    for claim in &vessel.claims {
        if mid_flag.is_some_and(|flag| !flag.eq_ignore_ascii_case(&claim.flag)) {
            emit(json!({"anomaly": "flag_mismatch", "mid_flag": mid_flag,
                        "claimed_flag": claim.flag.to_ascii_lowercase(), "claimed_by": claim.source}));
        }
    }
}

fn emit_conflict(mmsi: u32, conflict: Conflict, config: &IdentityConfig, out: &mut Vec<Event>) {
    if conflict.pairs.values().all(|&n| n < config.min_conflicts) {
        return;
    }
    let segments: BTreeSet<u32> = conflict.pairs.keys().flat_map(|&(a, b)| [a, b]).collect();
    out.push(Event {
        kind: EventKind::Identity,
        mmsi: vec![mmsi],
        start: Timestamp(conflict.first),
        end: Timestamp(conflict.last),
        lat: conflict.lat,
        lon: conflict.lon,
        details: details(json!({
            "anomaly": "two_places",
            "segments": segments.iter().map(|s| format!("{mmsi}-{s}")).collect::<Vec<_>>(),
            "conflicts": conflict.count,
            "max_distance_m": round(conflict.max_distance_m, 0),
            "max_implied_knots": round(conflict.max_knots.min(1e6), 1),
        })),
        evidence: sample_evidence(&conflict.evidence),
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::StaticFields;
    use vigil_geo::Geography;

    const T0: i64 = 1_600_000_000_000;

    fn point(mmsi: u32, secs: i64, lat: f64, lon: f64, segment: u32) -> TrackPoint {
        TrackPoint {
            mmsi,
            ts: Timestamp(T0 + secs * 1000),
            lat,
            lon,
            speed: Some(10.0),
            course: Some(0.0),
            heading: None,
            segment: Some(segment),
            src: SrcRef { file: 0, line: secs as u64 },
        }
    }

    fn statics(mmsi: u32, secs: i64, name: &str, callsign: &str, imo: u32) -> StaticReport {
        StaticReport {
            mmsi,
            ts: Some(Timestamp(T0 + secs * 1000)),
            fields: StaticFields {
                name: Some(name.into()),
                callsign: Some(callsign.into()),
                imo: Some(imo),
                ..StaticFields::default()
            },
            src: SrcRef { file: 1, line: secs as u64 },
        }
    }

    fn anomalies(events: &[Event]) -> Vec<String> {
        events
            .iter()
            .map(|e| {
                let kind = e.details["anomaly"].as_str().unwrap_or("?");
                match e.details.get("field").and_then(Value::as_str) {
                    Some(field) => format!("{kind}:{field}"),
                    None => kind.to_owned(),
                }
            })
            .collect()
    }

    #[test]
    fn two_ships_on_one_mmsi_are_two_places_at_once() {
        let geo = Geography::default();
        let ctx = Context { geo: &geo };
        let mut detector = IdentityDetector::new(IdentityConfig::default());
        let mut out = Vec::new();
        // Two segments 200 km apart, reporting alternately every minute.
        for i in 0..10 {
            detector.push(&point(412_000_001, i * 120, 30.0, 122.0, 1), &ctx, &mut out);
            detector.push(&point(412_000_001, i * 120 + 60, 31.8, 122.0, 2), &ctx, &mut out);
        }
        detector.finish(&ctx, &mut out);
        assert_eq!(anomalies(&out), ["two_places"]);
        let event = &out[0];
        assert_eq!(event.details["conflicts"], 19);
        assert!(event.details["max_distance_m"].as_f64().unwrap() > 199_000.0);
        assert_eq!(event.start.0 - T0, 0);
        assert_eq!(event.end.0 - T0, 1_140_000);
    }

    #[test]
    fn one_shared_mmsi_over_hours_is_one_event_whatever_the_segments() {
        let geo = Geography::default();
        let ctx = Context { geo: &geo };
        let mut detector = IdentityDetector::new(IdentityConfig::default());
        let mut out = Vec::new();
        // Three bursts an hour apart; the segmenter cut new segments each time.
        for burst in 0..3u32 {
            let t0 = i64::from(burst) * 3600;
            for i in 0..5 {
                let (a, b) = (1 + 2 * burst, 2 + 2 * burst);
                detector.push(&point(412_000_001, t0 + i * 120, 30.0, 122.0, a), &ctx, &mut out);
                detector.push(
                    &point(412_000_001, t0 + i * 120 + 60, 31.8, 122.0, b),
                    &ctx,
                    &mut out,
                );
            }
        }
        // A day later the conflicts start again: a second episode.
        for i in 0..5 {
            detector.push(&point(412_000_001, 86_400 + i * 120, 30.0, 122.0, 7), &ctx, &mut out);
            detector.push(
                &point(412_000_001, 86_400 + i * 120 + 60, 31.8, 122.0, 8),
                &ctx,
                &mut out,
            );
        }
        detector.finish(&ctx, &mut out);
        assert_eq!(anomalies(&out), ["two_places", "two_places"]);
        assert_eq!(out[0].start.0 - T0, 0);
        assert_eq!(out[0].end.0 - T0, (2 * 3600 + 4 * 120 + 60) * 1000);
        assert_eq!(out[0].details["segments"].as_array().unwrap().len(), 6);
        assert_eq!(out[1].start.0 - T0, 86_400_000);
    }

    #[test]
    fn a_stray_position_or_a_far_later_segment_is_not() {
        let geo = Geography::default();
        let ctx = Context { geo: &geo };
        let mut detector = IdentityDetector::new(IdentityConfig::default());
        let mut out = Vec::new();
        for i in 0..10 {
            detector.push(&point(412_000_001, i * 60, 30.0, 122.0, 1), &ctx, &mut out);
        }
        // One stray position (its own segment), then a segment a day later.
        detector.push(&point(412_000_001, 601, 35.0, 122.0, 2), &ctx, &mut out);
        detector.push(&point(412_000_001, 90_000, 35.0, 122.0, 3), &ctx, &mut out);
        detector.finish(&ctx, &mut out);
        assert!(out.is_empty(), "{out:?}");
    }

    #[test]
    fn static_anomalies() {
        let geo = Geography::default();
        let ctx = Context { geo: &geo };
        let mut detector = IdentityDetector::new(IdentityConfig::default());
        detector.claim_flag(445_123_000, FlagClaim { flag: "PA".into(), source: "list x".into() });
        let mut out = Vec::new();
        detector.push(&point(445_123_000, 0, 38.7, 125.3, 1), &ctx, &mut out);
        detector.push_static(&statics(445_123_000, 10, "CHON MA SAN", "HMYZ", 8_660_313), &mut out);
        detector.push_static(&statics(445_123_000, 20, "CHON MA SAN", "HMYZ", 8_660_313), &mut out);
        detector.push_static(&statics(445_123_000, 30, "XIN HAI", "HMYZ", 8_660_313), &mut out);
        // The same IMO from a Panamanian MMSI: a new flag.
        detector.push_static(&statics(351_000_001, 40, "XIN HAI", "3EXY", 8_660_313), &mut out);
        // A bad check digit and an MMSI that is not a ship's.
        detector.push_static(&statics(12_345, 50, "GHOST", "", 8_660_314), &mut out);
        detector.push_static(&statics(12_345, 60, "GHOST", "", 8_660_314), &mut out);
        detector.finish(&ctx, &mut out);
        assert_eq!(
            anomalies(&out),
            [
                "flag_mismatch",
                "identity_change:name",
                "identity_change:flag",
                "mmsi_invalid",
                "imo_invalid"
            ]
        );
        assert_eq!(out[0].details["mid_flag"], "kp");
        assert_eq!(out[0].details["claimed_flag"], "pa");
        assert_eq!(out[1].details["from"], "CHON MA SAN");
        assert_eq!(out[1].details["to"], "XIN HAI");
        assert_eq!((out[1].lat, out[1].lon), (38.7, 125.3));
        assert_eq!(out[2].mmsi, [351_000_001, 445_123_000]);
        assert_eq!(out[2].details["to_flag"], "pa");
        assert!(out[3].lat.is_nan(), "no position known for 12345");
    }
}
