//! Loitering: which vessels idled for hours far from shore?
//!
//! A tanker that waits at sea for a partner that broadcasts no AIS looks
//! like this. Following Global Fishing Watch, each vessel's positions are
//! grouped by clock hour; an hour's speed is the distance covered by the
//! steps into its positions (from the previous position, which may lie in
//! the hour before) over their time. Consecutive hours slower than 2 kn form
//! one run, and a run lasting at least 4 hours (first to last position) whose
//! hours lie on average at least 20 nm from shore is a `loitering` event,
//! reported when the run ends.
//!
//! A silence longer than `max_silence_h` (6 h: that long is a gap, not
//! loitering) ends a run. An hour with a single position and no step before
//! it (the first of a vessel, or after such a silence) has no speed and
//! neither extends nor ends a run.
//!
//! # Distance from shore
//! It needs land polygons. Without land, a known port bounds it from above
//! (a port is on the shore): a run whose hours lie on average closer than
//! `min_shore_distance_nm` to their nearest port is not far from shore.
//! Other runs are still reported, with `distance_from_shore_nm: null` and
//! `offshore_unknown: true`, so the caller can judge them. The
//! distance is asked once per slow hour, at the hour's mean position, and
//! reused while the vessel stays within 1 km of where it was last asked.
//!
//! # References
//! GFW technical documentation `files/loitering.md`; `pipe-loitering`
//! @ 6d2c5e8f (`--slow-threshold 2`, hourly `avg_speed_knots`); the 4 h and
//! 20 nm of the published table and the RFMO reports. Quoted in
//! `../shared/data/ais/DEFINITIONS.md` §2.

use serde::Deserialize;
use serde_json::json;
use vigil_geo::METRES_PER_NM;

use super::spatial::{details, distance_m, knots, round, usable, FastMap, Thinned, HOUR_MS};
use super::{sample_evidence, Context, Event, EventKind, SrcRef, TrackPoint, MAX_EVIDENCE};
use crate::Timestamp;

/// Thresholds of the loitering detector, with GFW's defaults.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LoiteringConfig {
    /// An hour is slow below this average implied speed, in knots (2).
    pub max_speed_kn: f64,
    /// Shortest run reported, first to last position, in hours (4).
    pub min_duration_h: f64,
    /// Least average distance from shore of a run, in nautical miles (20).
    pub min_shore_distance_nm: f64,
    /// A silence longer than this ends a run, in hours (6); a vessel silent
    /// this long is also forgotten, which bounds the memory.
    pub max_silence_h: f64,
}

impl Default for LoiteringConfig {
    fn default() -> Self {
        LoiteringConfig {
            max_speed_kn: 2.0,
            min_duration_h: 4.0,
            min_shore_distance_nm: 20.0,
            max_silence_h: 6.0,
        }
    }
}

/// The sums of one clock hour of one vessel.
#[derive(Debug, Clone, Copy)]
struct Hour {
    index: i64,
    metres: f64,
    millis: f64,
    lat_sum: f64,
    lon_sum: f64,
    n: u32,
    first_ts: i64,
    last_ts: i64,
    first_src: SrcRef,
    last_src: SrcRef,
}

impl Hour {
    fn starting_at(point: &TrackPoint) -> Hour {
        Hour {
            index: point.ts.0.div_euclid(HOUR_MS as i64),
            metres: 0.0,
            millis: 0.0,
            lat_sum: 0.0,
            lon_sum: 0.0,
            n: 0,
            first_ts: point.ts.0,
            last_ts: point.ts.0,
            first_src: point.src,
            last_src: point.src,
        }
    }

    fn add(&mut self, point: &TrackPoint) {
        self.lat_sum += point.lat;
        self.lon_sum += point.lon;
        self.n += 1;
        self.last_ts = point.ts.0;
        self.last_src = point.src;
    }
}

/// A run of slow hours.
#[derive(Debug, Clone)]
struct Run {
    start_ts: i64,
    end_ts: i64,
    metres: f64,
    millis: f64,
    lat_sum: f64,
    lon_sum: f64,
    positions: u64,
    shore_sum_m: f64,
    shore_hours: u32,
    /// Over the hours without a shore distance: the distance to the nearest
    /// known port (infinite when none is known), summed.
    port_sum_m: f64,
    hours: u32,
    evidence: Thinned<SrcRef>,
}

/// One vessel's state.
#[derive(Debug, Clone)]
struct Vessel {
    last: (f64, f64),
    last_ts: i64,
    hour: Hour,
    run: Option<Run>,
    /// Where the shore distance was last asked, and the answer.
    shore_cache: Option<((f64, f64), Option<f64>)>,
}

/// Finds loitering, one vessel at a time. Each MMSI's positions must come in
/// time order (an earlier one is counted in `out_of_order` and ignored);
/// MMSIs may interleave.
#[derive(Debug, Clone)]
pub struct LoiteringDetector {
    config: LoiteringConfig,
    vessels: FastMap<u32, Vessel>,
    now: i64,
    next_sweep: i64,
    out_of_order: u64,
}

impl LoiteringDetector {
    /// A detector with no history.
    pub fn new(config: LoiteringConfig) -> Self {
        LoiteringDetector {
            config,
            vessels: FastMap::default(),
            now: i64::MIN,
            next_sweep: i64::MIN,
            out_of_order: 0,
        }
    }

    /// Takes one position; pushes a loitering event to `out` when it ends one.
    pub fn push(&mut self, point: &TrackPoint, ctx: &Context, out: &mut Vec<Event>) {
        if !usable(point) {
            return;
        }
        let ts = point.ts.0;
        self.now = self.now.max(ts);
        let config = &self.config;
        match self.vessels.get_mut(&point.mmsi) {
            None => {
                let mut hour = Hour::starting_at(point);
                hour.add(point);
                let vessel = Vessel {
                    last: (point.lat, point.lon),
                    last_ts: ts,
                    hour,
                    run: None,
                    shore_cache: None,
                };
                self.vessels.insert(point.mmsi, vessel);
            }
            Some(vessel) if ts < vessel.last_ts => self.out_of_order += 1,
            Some(vessel) => {
                let dt = (ts - vessel.last_ts) as f64;
                let index = ts.div_euclid(HOUR_MS as i64);
                if dt > config.max_silence_h * HOUR_MS {
                    end_hour(point.mmsi, vessel, config, ctx, out);
                    close_run(point.mmsi, vessel, config, out);
                    vessel.hour = Hour::starting_at(point);
                } else {
                    if index != vessel.hour.index {
                        end_hour(point.mmsi, vessel, config, ctx, out);
                        vessel.hour = Hour::starting_at(point);
                    }
                    vessel.hour.metres += distance_m(vessel.last, (point.lat, point.lon));
                    vessel.hour.millis += dt;
                }
                vessel.hour.add(point);
                vessel.last = (point.lat, point.lon);
                vessel.last_ts = ts;
            }
        }
        if ts >= self.next_sweep {
            self.forget_silent(ctx, out);
            self.next_sweep = ts + HOUR_MS as i64;
        }
    }

    /// Ends the input: closes every vessel's run, by MMSI.
    pub fn finish(&mut self, ctx: &Context, out: &mut Vec<Event>) {
        let mut vessels: Vec<(u32, Vessel)> = self.vessels.drain().collect();
        vessels.sort_by_key(|(mmsi, _)| *mmsi);
        for (mmsi, mut vessel) in vessels {
            end_hour(mmsi, &mut vessel, &self.config, ctx, out);
            close_run(mmsi, &mut vessel, &self.config, out);
        }
    }

    /// Positions that came before their vessel's previous one, ignored.
    pub fn out_of_order(&self) -> u64 {
        self.out_of_order
    }

    /// How many vessels it currently follows.
    pub fn vessels_tracked(&self) -> usize {
        self.vessels.len()
    }

    /// Closes and forgets vessels silent for longer than `max_silence_h`.
    fn forget_silent(&mut self, ctx: &Context, out: &mut Vec<Event>) {
        let horizon = self.now - (self.config.max_silence_h * HOUR_MS) as i64;
        let mut silent: Vec<u32> =
            self.vessels.iter().filter(|(_, v)| v.last_ts < horizon).map(|(&m, _)| m).collect();
        silent.sort_unstable();
        for mmsi in silent {
            if let Some(mut vessel) = self.vessels.remove(&mmsi) {
                end_hour(mmsi, &mut vessel, &self.config, ctx, out);
                close_run(mmsi, &mut vessel, &self.config, out);
            }
        }
    }
}

/// Judges the vessel's current hour: a slow one extends (or starts) the run,
/// a fast one closes it.
fn end_hour(
    mmsi: u32,
    vessel: &mut Vessel,
    config: &LoiteringConfig,
    ctx: &Context,
    out: &mut Vec<Event>,
) {
    let hour = vessel.hour;
    let Some(speed) = knots(hour.metres, hour.millis) else { return };
    if speed >= config.max_speed_kn {
        close_run(mmsi, vessel, config, out);
        return;
    }
    let n = f64::from(hour.n.max(1));
    let mean = (hour.lat_sum / n, hour.lon_sum / n);
    let shore_m = match vessel.shore_cache {
        Some((at, value)) if distance_m(at, mean) <= 1000.0 => value,
        _ => {
            let value = ctx.geo.distance_to_shore_m(mean.0, mean.1);
            vessel.shore_cache = Some((mean, value));
            value
        }
    };
    let run = vessel.run.get_or_insert_with(|| Run {
        start_ts: hour.first_ts,
        end_ts: hour.last_ts,
        metres: 0.0,
        millis: 0.0,
        lat_sum: 0.0,
        lon_sum: 0.0,
        positions: 0,
        shore_sum_m: 0.0,
        shore_hours: 0,
        port_sum_m: 0.0,
        hours: 0,
        evidence: Thinned::new(2 * MAX_EVIDENCE),
    });
    run.end_ts = hour.last_ts;
    run.metres += hour.metres;
    run.millis += hour.millis;
    run.lat_sum += hour.lat_sum;
    run.lon_sum += hour.lon_sum;
    run.positions += u64::from(hour.n);
    run.hours += 1;
    if let Some(m) = shore_m {
        run.shore_sum_m += m;
        run.shore_hours += 1;
    } else {
        let port_m = ctx.geo.nearest_port(mean.0, mean.1).map_or(f64::INFINITY, |(_, m)| m);
        run.port_sum_m += port_m;
    }
    run.evidence.push(hour.first_src);
    if hour.last_src != hour.first_src {
        run.evidence.push(hour.last_src);
    }
}

/// Ends the vessel's run, emitting it when long enough and far enough out.
fn close_run(mmsi: u32, vessel: &mut Vessel, config: &LoiteringConfig, out: &mut Vec<Event>) {
    let Some(run) = vessel.run.take() else { return };
    let duration_ms = (run.end_ts - run.start_ts) as f64;
    if duration_ms < config.min_duration_h * HOUR_MS {
        return;
    }
    let shore_nm =
        (run.shore_hours > 0).then(|| run.shore_sum_m / f64::from(run.shore_hours) / METRES_PER_NM);
    if shore_nm.is_some_and(|nm| nm < config.min_shore_distance_nm) {
        return;
    }
    let unbounded_hours = run.hours.saturating_sub(run.shore_hours);
    if shore_nm.is_none() && unbounded_hours > 0 {
        let port_nm = run.port_sum_m / f64::from(unbounded_hours) / METRES_PER_NM;
        if port_nm < config.min_shore_distance_nm {
            return;
        }
    }
    let n = run.positions.max(1) as f64;
    let speed = knots(run.metres, run.millis).unwrap_or(0.0);
    out.push(Event {
        kind: EventKind::Loitering,
        mmsi: vec![mmsi],
        start: Timestamp(run.start_ts),
        end: Timestamp(run.end_ts),
        lat: run.lat_sum / n,
        lon: run.lon_sum / n,
        details: details(json!({
            "duration_h": round(duration_ms / HOUR_MS, 2),
            "avg_speed_kn": round(speed, 2),
            "distance_from_shore_nm": shore_nm.map(|nm| round(nm, 1)),
            "offshore_unknown": shore_nm.is_none(),
            "hours": run.hours,
            "positions": run.positions,
        })),
        evidence: sample_evidence(&run.evidence.with_last()),
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use vigil_geo::{Geography, Land, Polygon};

    /// Land west of 124°E between 30°N and 45°N.
    fn coast() -> Geography {
        let land = Polygon {
            exterior: vec![
                [120.0, 30.0],
                [124.0, 30.0],
                [124.0, 45.0],
                [120.0, 45.0],
                [120.0, 30.0],
            ],
            holes: vec![],
        };
        Geography { land: Some(Land { polygons: vec![land] }), ..Geography::default() }
    }

    /// Planted: a vessel heading east along 37°N at 10 kn for 3 h, then at
    /// `slow_kn` for `slow_h` hours from 03:00, then at 10 kn for 3 h;
    /// positions every 5 minutes. The slow leg starts at `lon0`.
    fn track(mmsi: u32, lon0: f64, slow_kn: f64, slow_h: i64) -> Vec<TrackPoint> {
        let deg_per_nm = 1.0 / 60.0 / 37f64.to_radians().cos();
        let mut points = Vec::new();
        let mut lon = lon0 - 30.0 * deg_per_nm;
        for step in 0..(6 + slow_h) * 12 {
            let minutes = step * 5;
            points.push(TrackPoint {
                mmsi,
                ts: Timestamp(minutes * 60_000),
                lat: 37.0,
                lon,
                speed: None,
                course: None,
                heading: None,
                segment: Some(0),
                src: SrcRef { file: 0, line: step as u64 + 1 },
            });
            let slow = minutes >= 180 && minutes < 180 + slow_h * 60;
            lon += if slow { slow_kn } else { 10.0 } / 12.0 * deg_per_nm;
        }
        points
    }

    fn run(points: &[TrackPoint], geo: &Geography) -> Vec<Event> {
        let ctx = Context { geo };
        let mut detector = LoiteringDetector::new(LoiteringConfig::default());
        let mut out = Vec::new();
        points.iter().for_each(|p| detector.push(p, &ctx, &mut out));
        detector.finish(&ctx, &mut out);
        out
    }

    /// 60 nm east of the 124°E coast at 37°N.
    fn lon_60nm_offshore() -> f64 {
        124.0 + 1.0 / 37f64.to_radians().cos()
    }

    #[test]
    fn five_hours_at_one_knot_60_nm_offshore_is_loitering() {
        let events = run(&track(1, lon_60nm_offshore(), 1.0, 5), &coast());
        assert_eq!(events.len(), 1, "{events:?}");
        let event = &events[0];
        let duration = event.details["duration_h"].as_f64().unwrap();
        assert!((4.5..=5.1).contains(&duration), "{duration}");
        let speed = event.details["avg_speed_kn"].as_f64().unwrap();
        assert!(speed < 2.0 && speed > 0.9, "{speed}");
        let shore = event.details["distance_from_shore_nm"].as_f64().unwrap();
        assert!((55.0..65.0).contains(&shore), "{shore}");
        assert_eq!(event.start, Timestamp(3 * 3_600_000));
        assert!(!event.evidence.is_empty() && event.evidence.len() <= MAX_EVIDENCE);
        assert!(event.evidence.iter().all(|s| (37..=96).contains(&s.line)), "{:?}", event.evidence);
    }

    #[test]
    fn without_land_a_nearby_port_bounds_the_shore_distance() {
        let lon = lon_60nm_offshore();
        let port = |lon_port: f64| vigil_geo::Port {
            name: "Harbour".into(),
            country: None,
            lat: 37.0,
            lon: lon_port,
            watched: false,
            source: "test".into(),
        };
        // A port a few miles from the slow leg: not far from shore.
        let near = Geography::new(None, vec![port(lon + 0.05)], vec![]);
        assert!(run(&track(1, lon, 1.0, 5), &near).is_empty());
        // The nearest port 60 nm away, or none: reported, shore unknown.
        for geo in [Geography::new(None, vec![port(lon - 1.25)], vec![]), Geography::default()] {
            let events = run(&track(1, lon, 1.0, 5), &geo);
            assert_eq!(events.len(), 1, "{events:?}");
            assert_eq!(events[0].details["offshore_unknown"], true);
        }
    }

    #[test]
    fn three_hours_is_too_short() {
        assert!(run(&track(1, lon_60nm_offshore(), 1.0, 3), &coast()).is_empty());
    }

    #[test]
    fn near_the_shore_is_not_loitering_but_unknown_shore_is_reported() {
        let near = 124.0 + 5.0 / 60.0 / 37f64.to_radians().cos();
        assert!(run(&track(1, near, 1.0, 5), &coast()).is_empty());
        let events = run(&track(1, near, 1.0, 5), &Geography::default());
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].details["offshore_unknown"], json!(true));
        assert_eq!(events[0].details["distance_from_shore_nm"], json!(null));
    }

    #[test]
    fn a_slow_crossing_at_three_knots_is_not_loitering() {
        assert!(run(&track(1, lon_60nm_offshore(), 3.0, 6), &coast()).is_empty());
    }

    #[test]
    fn interleaved_vessels_and_out_of_order_positions() {
        let mut points = track(1, lon_60nm_offshore(), 1.0, 5);
        points.extend(track(2, lon_60nm_offshore() + 0.5, 0.5, 6));
        points.sort_by_key(|p| (p.ts, p.mmsi));
        // A stale duplicate of an early position, late.
        let mut stale = points[10];
        stale.ts = Timestamp(0);
        points.insert(200, stale);
        let geo = coast();
        let ctx = Context { geo: &geo };
        let mut detector = LoiteringDetector::new(LoiteringConfig::default());
        let mut out = Vec::new();
        points.iter().for_each(|p| detector.push(p, &ctx, &mut out));
        detector.finish(&ctx, &mut out);
        assert_eq!(detector.out_of_order(), 1);
        let mut vessels: Vec<u32> = out.iter().map(|e| e.mmsi[0]).collect();
        vessels.sort_unstable();
        assert_eq!(vessels, vec![1, 2]);
    }

    #[test]
    fn runs_close_when_the_vessel_falls_silent_and_state_is_dropped() {
        let geo = coast();
        let ctx = Context { geo: &geo };
        let mut detector = LoiteringDetector::new(LoiteringConfig::default());
        let mut out = Vec::new();
        for p in &track(1, lon_60nm_offshore(), 1.0, 5)[..96] {
            detector.push(p, &ctx, &mut out);
        }
        assert!(out.is_empty(), "still open");
        // Another vessel goes on for 12 hours; vessel 1 is forgotten and
        // its run emitted without waiting for the end.
        for hour in 8..20 {
            let mut p = track(9, 130.0, 10.0, 0)[0];
            p.ts = Timestamp(hour * 3_600_000);
            p.lon = 130.0 + hour as f64 * 0.2;
            detector.push(&p, &ctx, &mut out);
        }
        assert_eq!(out.len(), 1);
        assert_eq!(detector.vessels_tracked(), 1);
    }
}
