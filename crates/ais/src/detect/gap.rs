//! AIS gaps: when did a vessel fall silent for hours, and was it likely on
//! purpose?
//!
//! A ship that switches its transponder off hides where it went. Following
//! Global Fishing Watch, every silence of at least 6 hours between two
//! consecutive positions of one MMSI is a `gap` event, reported when the
//! vessel reappears (the OFF and ON positions are the evidence, with the
//! distance between them and the implied speed across the gap). A gap is
//! flagged `likely_intentional` when it lasted at least 12 hours, began at
//! least 50 nm from shore, in an area of good reception (more than 10
//! positions per vessel per day), after at least 14 positions of this vessel
//! in the 12 hours before it: only then is the silence unlikely to be the
//! receivers' fault.
//!
//! Gaps are per MMSI, not per track segment: the segmenter starts a new
//! segment after 24 hours of silence, which would hide exactly the longest
//! gaps. Positions the segmenter called noise count as positions too (the
//! transponder was on).
//!
//! # Reception, estimated from the data
//! GFW uses a published satellite-reception map; vigil estimates reception
//! from the positions it is given. The world is cut into cells
//! (`reception_cell_deg`, 1°); every interval between two consecutive
//! positions of any vessel is charged to the cell where it began (capped at
//! `reception_max_interval_h`, 24 h). A cell's reception is then the number of
//! intervals over their total time, i.e. the positions a vessel there sends
//! per day, and the reception around a gap's OFF position is that rate over
//! the 3 × 3 cells around it, as seen up to the moment the gap closed. A
//! cell nobody has crossed has unknown reception, which is not good.
//! GFW counts satellite positions only; vigil counts every position, since
//! NMEA logs seldom say which receiver heard a message.
//!
//! # Distance from shore
//! It needs land polygons ([`vigil_geo::Geography::land`]). Without land the
//! distance is `null`, `offshore_unknown` is `true`, and no gap is likely
//! intentional (the offshore condition cannot be shown).
//!
//! # Open gaps
//! At [`GapDetector::finish`], and when a vessel silent for `forget_after_h`
//! is forgotten, a vessel whose last position is at least 6 h before the
//! latest time seen gets an open gap (`open: true`, ending at that latest
//! time, no ON position), as GFW's pipe-gaps does at the end of a day.
//!
//! # References
//! GFW technical documentation `files/gaps.md`; `AIS-disabling-high-seas`
//! `ais_disabling/config.py` @ 814305b4; `pipe-gaps` README @ 9d9426e3.
//! Quoted in `../shared/data/ais/DEFINITIONS.md` §3.

use serde::Deserialize;
use serde_json::json;
use vigil_geo::METRES_PER_NM;

use super::spatial::{cell_of, details, distance_m, knots, round, usable, FastMap, HOUR_MS};
use super::{Context, Event, EventKind, SrcRef, TrackPoint};
use crate::Timestamp;

/// Thresholds of the gap detector, with GFW's defaults.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GapConfig {
    /// Shortest silence reported, in hours (6).
    pub min_gap_h: f64,
    /// Shortest gap that can be likely intentional, in hours (12).
    pub intentional_min_gap_h: f64,
    /// Least distance from shore of the OFF position for a likely
    /// intentional gap, in nautical miles (50).
    pub intentional_min_shore_nm: f64,
    /// Reception around the OFF position must exceed this many positions per
    /// vessel per day (10).
    pub min_positions_per_day: f64,
    /// Fewest positions of the vessel in the window before the gap (14).
    pub min_positions_before: usize,
    /// That window, in hours (12).
    pub positions_before_window_h: f64,
    /// Side of a reception cell, in degrees (1).
    pub reception_cell_deg: f64,
    /// Longest interval charged to a reception cell, in hours (24).
    pub reception_max_interval_h: f64,
    /// Whether silent vessels get open gaps at the end (true).
    pub report_open_gaps: bool,
    /// A vessel silent this long is forgotten (with an open gap), in hours
    /// (336, two weeks); bounds the memory of a long run.
    pub forget_after_h: f64,
}

impl Default for GapConfig {
    fn default() -> Self {
        GapConfig {
            min_gap_h: 6.0,
            intentional_min_gap_h: 12.0,
            intentional_min_shore_nm: 50.0,
            min_positions_per_day: 10.0,
            min_positions_before: 14,
            positions_before_window_h: 12.0,
            reception_cell_deg: 1.0,
            reception_max_interval_h: 24.0,
            report_open_gaps: true,
            forget_after_h: 336.0,
        }
    }
}

/// The last position of a vessel and the times of its latest positions.
#[derive(Debug, Clone)]
struct Vessel {
    lat: f64,
    lon: f64,
    ts: i64,
    src: SrcRef,
    segment: Option<u32>,
    /// The latest `min_positions_before` receive times, as a ring.
    recent: Vec<i64>,
    next: usize,
}

/// Intervals charged to one reception cell.
#[derive(Debug, Clone, Copy, Default)]
struct Reception {
    intervals: u64,
    millis: f64,
}

/// Finds AIS gaps, one vessel at a time. Each MMSI's positions must come in
/// time order (an earlier one is counted in `out_of_order` and ignored);
/// MMSIs may interleave.
#[derive(Debug, Clone)]
pub struct GapDetector {
    config: GapConfig,
    vessels: FastMap<u32, Vessel>,
    reception: FastMap<(i32, i32), Reception>,
    now: i64,
    next_sweep: i64,
    out_of_order: u64,
}

impl GapDetector {
    /// A detector with no history.
    pub fn new(config: GapConfig) -> Self {
        GapDetector {
            config,
            vessels: FastMap::default(),
            reception: FastMap::default(),
            now: i64::MIN,
            next_sweep: i64::MIN,
            out_of_order: 0,
        }
    }

    /// Takes one position; pushes a gap event to `out` when it ends one.
    pub fn push(&mut self, point: &TrackPoint, ctx: &Context, out: &mut Vec<Event>) {
        if !usable(point) {
            return;
        }
        let ts = point.ts.0;
        self.now = self.now.max(ts);
        if let Some(prev) = self.vessels.get(&point.mmsi) {
            let dt = ts - prev.ts;
            if dt < 0 {
                self.out_of_order += 1;
                return;
            }
            if dt as f64 >= self.config.min_gap_h * HOUR_MS {
                out.push(self.gap_event(point.mmsi, prev, Some(point), ctx));
            }
            let cell = cell_of(prev.lat, prev.lon, self.config.reception_cell_deg);
            let charged = (dt as f64).min(self.config.reception_max_interval_h * HOUR_MS);
            let reception = self.reception.entry(cell).or_default();
            reception.intervals += 1;
            reception.millis += charged;
        }
        let ring = self.config.min_positions_before.max(1);
        let vessel = self.vessels.entry(point.mmsi).or_insert_with(|| Vessel {
            lat: point.lat,
            lon: point.lon,
            ts,
            src: point.src,
            segment: point.segment,
            recent: Vec::with_capacity(ring),
            next: 0,
        });
        vessel.lat = point.lat;
        vessel.lon = point.lon;
        vessel.ts = ts;
        vessel.src = point.src;
        vessel.segment = point.segment;
        if vessel.recent.len() < ring {
            vessel.recent.push(ts);
        } else {
            vessel.recent[vessel.next] = ts;
        }
        vessel.next = (vessel.next + 1) % ring;
        if ts >= self.next_sweep {
            self.forget_silent(ctx, out);
            self.next_sweep = ts + HOUR_MS as i64;
        }
    }

    /// Ends the input: open gaps for vessels silent for at least `min_gap_h`
    /// before the latest time seen (when `report_open_gaps`), by MMSI.
    pub fn finish(&mut self, ctx: &Context, out: &mut Vec<Event>) {
        let mut vessels: Vec<(u32, Vessel)> = self.vessels.drain().collect();
        vessels.sort_by_key(|(mmsi, _)| *mmsi);
        for (mmsi, vessel) in &vessels {
            self.open_gap(*mmsi, vessel, ctx, out);
        }
    }

    /// Positions that came before their vessel's previous one, ignored.
    pub fn out_of_order(&self) -> u64 {
        self.out_of_order
    }

    /// How many vessels it currently remembers.
    pub fn vessels_tracked(&self) -> usize {
        self.vessels.len()
    }

    /// Forgets vessels silent for longer than `forget_after_h`, with an open
    /// gap each, by MMSI.
    fn forget_silent(&mut self, ctx: &Context, out: &mut Vec<Event>) {
        let horizon = self.now - (self.config.forget_after_h * HOUR_MS) as i64;
        let mut silent: Vec<u32> =
            self.vessels.iter().filter(|(_, v)| v.ts < horizon).map(|(&m, _)| m).collect();
        silent.sort_unstable();
        for mmsi in silent {
            if let Some(vessel) = self.vessels.remove(&mmsi) {
                self.open_gap(mmsi, &vessel, ctx, out);
            }
        }
    }

    fn open_gap(&self, mmsi: u32, vessel: &Vessel, ctx: &Context, out: &mut Vec<Event>) {
        let silence = (self.now - vessel.ts) as f64;
        if self.config.report_open_gaps && silence >= self.config.min_gap_h * HOUR_MS {
            out.push(self.gap_event(mmsi, vessel, None, ctx));
        }
    }

    /// Positions of the vessel per day around a position (3 × 3 cells), or
    /// `None` when nothing was seen there.
    fn reception_per_day(&self, lat: f64, lon: f64) -> Option<f64> {
        let (row, col) = cell_of(lat, lon, self.config.reception_cell_deg);
        let mut total = Reception::default();
        for r in row - 1..=row + 1 {
            for c in col - 1..=col + 1 {
                if let Some(cell) = self.reception.get(&(r, c)) {
                    total.intervals += cell.intervals;
                    total.millis += cell.millis;
                }
            }
        }
        (total.millis > 0.0).then(|| total.intervals as f64 / (total.millis / (24.0 * HOUR_MS)))
    }

    /// Positions of the vessel in the window before (and including) its
    /// last one; at most `min_positions_before`, the most that is kept.
    fn positions_before(&self, vessel: &Vessel) -> usize {
        let from = vessel.ts - (self.config.positions_before_window_h * HOUR_MS) as i64;
        vessel.recent.iter().filter(|&&t| t >= from && t <= vessel.ts).count()
    }

    /// The gap event from a vessel's last position to `on` (or to the latest
    /// time seen, for an open gap).
    fn gap_event(&self, mmsi: u32, off: &Vessel, on: Option<&TrackPoint>, ctx: &Context) -> Event {
        let config = &self.config;
        let end = on.map_or(self.now, |p| p.ts.0);
        let gap_ms = (end - off.ts) as f64;
        let shore_nm = ctx.geo.distance_to_shore_m(off.lat, off.lon).map(|m| m / METRES_PER_NM);
        let reception = self.reception_per_day(off.lat, off.lon);
        let before = self.positions_before(off);
        let likely_intentional = gap_ms >= config.intentional_min_gap_h * HOUR_MS
            && shore_nm.is_some_and(|nm| nm >= config.intentional_min_shore_nm)
            && reception.is_some_and(|r| r > config.min_positions_per_day)
            && before >= config.min_positions_before;
        let distance = on.map(|p| distance_m((off.lat, off.lon), (p.lat, p.lon)));
        let speed = distance.and_then(|d| knots(d, gap_ms));
        let mut evidence = vec![off.src];
        evidence.extend(on.map(|p| p.src));
        Event {
            kind: EventKind::Gap,
            mmsi: vec![mmsi],
            start: Timestamp(off.ts),
            end: Timestamp(end),
            lat: off.lat,
            lon: off.lon,
            details: details(json!({
                "gap_h": round(gap_ms / HOUR_MS, 2),
                "open": on.is_none(),
                "distance_km": distance.map(|d| round(d / 1000.0, 3)),
                "implied_speed_kn": speed.map(|s| round(s, 2)),
                "off_lat": off.lat,
                "off_lon": off.lon,
                "on_lat": on.map(|p| p.lat),
                "on_lon": on.map(|p| p.lon),
                "off_segment": off.segment,
                "on_segment": on.and_then(|p| p.segment),
                "off_distance_from_shore_nm": shore_nm.map(|nm| round(nm, 1)),
                "offshore_unknown": shore_nm.is_none(),
                "reception_positions_per_day": reception.map(|r| round(r, 1)),
                "positions_12h_before": before,
                "likely_intentional": likely_intentional,
            })),
            evidence,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use vigil_geo::{Geography, Land, Polygon};

    fn point(mmsi: u32, minutes: i64, lat: f64, lon: f64, line: u64) -> TrackPoint {
        TrackPoint {
            mmsi,
            ts: Timestamp(minutes * 60_000),
            lat,
            lon,
            speed: Some(10.0),
            course: None,
            heading: None,
            segment: Some(0),
            src: SrcRef { file: 0, line },
        }
    }

    /// A coast along longitude 124°E (land west of it), so that 126°E at
    /// 37°N is about 96 nm offshore.
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

    /// Planted: vessel 1 reports every 10 minutes from t = 0, falls silent at
    /// `off_min` for `gap_min` minutes, then reports again; ten other vessels
    /// around it report every 10 minutes throughout (good reception).
    fn scenario(off_min: i64, gap_min: i64, end_min: i64) -> Vec<TrackPoint> {
        let mut points = Vec::new();
        let mut line = 0;
        for minute in (0..=end_min).step_by(10) {
            let silent = minute > off_min && minute < off_min + gap_min;
            if !silent {
                line += 1;
                points.push(point(1, minute, 37.0, 126.0 + minute as f64 * 1e-4, line));
            }
            for other in 0..10 {
                line += 1;
                points.push(point(
                    200 + other,
                    minute,
                    37.2,
                    126.2 + f64::from(other) * 0.01,
                    line,
                ));
            }
        }
        points
    }

    fn run(points: &[TrackPoint], geo: &Geography) -> Vec<Event> {
        let ctx = Context { geo };
        let mut detector = GapDetector::new(GapConfig::default());
        let mut out = Vec::new();
        for p in points {
            detector.push(p, &ctx, &mut out);
        }
        detector.finish(&ctx, &mut out);
        out
    }

    #[test]
    fn a_13_hour_gap_far_offshore_in_good_reception_is_likely_intentional() {
        let geo = coast();
        let events = run(&scenario(24 * 60, 13 * 60, 48 * 60), &geo);
        assert_eq!(events.len(), 1, "{events:?}");
        let event = &events[0];
        assert_eq!(event.mmsi, vec![1]);
        assert_eq!(event.details["gap_h"], json!(13.0));
        assert_eq!(event.details["likely_intentional"], json!(true));
        assert_eq!(event.details["open"], json!(false));
        assert!(event.details["off_distance_from_shore_nm"].as_f64().unwrap() > 50.0);
        assert!(event.details["reception_positions_per_day"].as_f64().unwrap() > 100.0);
        assert_eq!(event.start, Timestamp(24 * 60 * 60_000));
        assert_eq!(event.evidence.len(), 2);
        assert!(event.evidence[0].line < event.evidence[1].line);
        let speed = event.details["implied_speed_kn"].as_f64().unwrap();
        assert!(speed < 0.5, "{speed}");
    }

    #[test]
    fn an_8_hour_gap_is_a_gap_but_not_intentional() {
        let events = run(&scenario(24 * 60, 8 * 60, 48 * 60), &coast());
        assert_eq!(events.len(), 1, "{events:?}");
        assert_eq!(events[0].details["gap_h"], json!(8.0));
        assert_eq!(events[0].details["likely_intentional"], json!(false));
    }

    #[test]
    fn short_silences_are_no_gap() {
        assert!(run(&scenario(24 * 60, 5 * 60, 48 * 60), &coast()).is_empty());
    }

    #[test]
    fn without_land_a_long_gap_is_reported_but_not_called_intentional() {
        let events = run(&scenario(24 * 60, 13 * 60, 48 * 60), &Geography::default());
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].details["offshore_unknown"], json!(true));
        assert_eq!(events[0].details["off_distance_from_shore_nm"], json!(null));
        assert_eq!(events[0].details["likely_intentional"], json!(false));
    }

    #[test]
    fn poor_reception_or_a_sparse_track_before_is_not_intentional() {
        let geo = coast();
        let ctx = Context { geo: &geo };
        // One vessel alone, reporting every 3 hours: a 13 h gap after it.
        let mut detector = GapDetector::new(GapConfig::default());
        let mut out = Vec::new();
        for minute in (0..=24 * 60).step_by(180) {
            detector.push(&point(7, minute, 37.0, 126.0, minute as u64), &ctx, &mut out);
        }
        detector.push(&point(7, 37 * 60, 37.0, 126.0, 9999), &ctx, &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].details["likely_intentional"], json!(false));
        assert_eq!(out[0].details["positions_12h_before"], json!(5));
    }

    #[test]
    fn a_vessel_that_never_comes_back_gets_an_open_gap() {
        let mut points = scenario(24 * 60, 0, 24 * 60);
        let last = points.iter().map(|p| p.ts.0).max().unwrap() / 60_000;
        for minute in (last + 10..last + 14 * 60).step_by(10) {
            points.push(point(200, minute, 37.2, 126.2, 100_000 + minute as u64));
        }
        let events = run(&points, &coast());
        let open: Vec<&Event> =
            events.iter().filter(|e| e.details["open"] == json!(true)).collect();
        assert_eq!(open.len(), 10, "{events:?}");
        assert!(open.iter().all(|e| e.evidence.len() == 1 && e.mmsi != vec![200]));
    }

    #[test]
    fn out_of_order_positions_are_counted_and_ignored() {
        let geo = Geography::default();
        let ctx = Context { geo: &geo };
        let mut detector = GapDetector::new(GapConfig::default());
        let mut out = Vec::new();
        detector.push(&point(1, 600, 37.0, 126.0, 1), &ctx, &mut out);
        detector.push(&point(1, 0, 37.0, 126.0, 2), &ctx, &mut out);
        detector.push(&point(1, 610, 37.0, 126.0, 3), &ctx, &mut out);
        assert!(out.is_empty());
        assert_eq!(detector.out_of_order(), 1);
    }

    #[test]
    fn silent_vessels_are_forgotten_with_an_open_gap() {
        let geo = Geography::default();
        let ctx = Context { geo: &geo };
        let config = GapConfig { forget_after_h: 48.0, ..Default::default() };
        let mut detector = GapDetector::new(config);
        let mut out = Vec::new();
        for mmsi in 0..1000 {
            detector.push(&point(mmsi, 0, 10.0, 10.0, 1), &ctx, &mut out);
        }
        for hour in 1..=72 {
            detector.push(&point(5000, hour * 60, 10.0, 10.0, 2), &ctx, &mut out);
        }
        assert_eq!(detector.vessels_tracked(), 1);
        assert_eq!(out.len(), 1000);
        assert!(out.iter().all(|e| e.details["open"] == json!(true)));
        assert!(out.windows(2).all(|w| w[0].mmsi < w[1].mmsi));
    }
}
