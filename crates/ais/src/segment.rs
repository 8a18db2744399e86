//! Track segmentation: which positions of one MMSI belong to one physically
//! consistent track?
//!
//! Several ships can share one MMSI (default or spoofed numbers, copied
//! transponders), and receivers add noise in time and space. Following
//! Global Fishing Watch's segmenter, a [`Segmenter`] keeps several open
//! segments per MMSI and gives each new position to the segment whose last
//! positions predict it best (dead reckoning from speed and course in both
//! directions); a position no segment can explain starts a new segment, and
//! a position two segments explain about equally well closes both and starts
//! a new one. Two ships on one MMSI so become two interleaved segments.
//!
//! [`segment`] runs one MMSI's positions (sorted by time); [`segment_all`]
//! groups mixed positions by MMSI first.
//!
//! # References
//! - Global Fishing Watch, gpsdio-segment (`gpsdio_segment/matcher.py`,
//!   `discrepancy.py`, `segmenter.py`), Apache-2.0: the metric, the
//!   discrepancy and the defaults of [`SegmentConfig`]. Quoted in
//!   `../shared/data/ais/DEFINITIONS.md` §5.

use std::fmt;

use crate::Timestamp;

/// Thresholds of the segmenter, with Global Fishing Watch's defaults.
///
/// # References
/// GFW gpsdio-segment, `Matcher` and `DiscrepancyCalculator` class defaults.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SegmentConfig {
    /// Longest time between two positions of one segment, in hours (24).
    pub max_hours: f64,
    /// Highest implied speed (discrepancy over padded time) at which a
    /// position may still join a segment, in knots (25).
    pub max_knots: f64,
    /// Hours around which the time used for dead reckoning is shortened,
    /// since ships do not go straight for long (4).
    pub penalty_hours: f64,
    /// Exponent of that shortening (0.5).
    pub hours_exp: f64,
    /// Time added (in quadrature) to every interval, in hours (0.25).
    pub buffer_hours: f64,
    /// How many of a segment's last positions a new one is compared with (5).
    /// Matching an earlier one drops the positions after it as noise.
    pub lookback: usize,
    /// How much better a match to an earlier position must be, per step back (2).
    pub lookback_factor: f64,
    /// A second-best segment within this factor of the best makes the match
    /// ambiguous (10).
    pub ambiguity_factor: f64,
    /// Segments with fewer positions than this are down-weighted (10).
    pub short_seg_threshold: f64,
    /// Penalty multiplier for the "stayed put" and "off the path"
    /// discrepancies (4).
    pub shape_factor: f64,
    /// Speed over which a deviation from the predicted position is strongly
    /// discouraged, in knots (5).
    pub penalty_speed: f64,
    /// Factor on the metric when the position's transponder class (A or B)
    /// differs from the segment's (0.1).
    pub transponder_mismatch_weight: f64,
    /// A type 27 (long-range, low resolution) position matched less than
    /// this many hours after its segment's last position is noise (1).
    pub min_type_27_hours: f64,
}

impl Default for SegmentConfig {
    fn default() -> SegmentConfig {
        SegmentConfig {
            max_hours: 24.0,
            max_knots: 25.0,
            penalty_hours: 4.0,
            hours_exp: 0.5,
            buffer_hours: 0.25,
            lookback: 5,
            lookback_factor: 2.0,
            ambiguity_factor: 10.0,
            short_seg_threshold: 10.0,
            shape_factor: 4.0,
            penalty_speed: 5.0,
            transponder_mismatch_weight: 0.1,
            min_type_27_hours: 1.0,
        }
    }
}

/// One position of a vessel, as the segmenter needs it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    /// Receive time.
    pub ts: Timestamp,
    /// Latitude in degrees (−90…90; anything else is not a position).
    pub lat: f64,
    /// Longitude in degrees (−180…180).
    pub lon: f64,
    /// Speed over ground in knots (`None`: treated as stationary).
    pub speed: Option<f32>,
    /// Course over ground in degrees (`None`: treated as stationary).
    pub course: Option<f32>,
    /// What kind of report the position comes from.
    pub kind: FixKind,
}

/// The kind of report a position comes from, for transponder matching.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FixKind {
    /// Class A position report (types 1–3).
    #[default]
    ClassA,
    /// Class B position report (types 18, 19).
    ClassB,
    /// Long-range report (type 27): either class, coordinates to 1/10′.
    LongRange,
    /// Any other position-bearing message (types 4, 9, 11, 21).
    Other,
}

impl FixKind {
    /// The kind of a message type.
    pub fn from_msg_type(msg_type: u8) -> FixKind {
        match msg_type {
            1..=3 => FixKind::ClassA,
            18 | 19 => FixKind::ClassB,
            27 => FixKind::LongRange,
            _ => FixKind::Other,
        }
    }

    /// Transponder classes as bits: A = 1, B = 2 (GFW `POSITION_TYPES`).
    fn classes(self) -> u8 {
        match self {
            FixKind::ClassA => 1,
            FixKind::ClassB => 2,
            FixKind::LongRange | FixKind::Other => 3,
        }
    }
}

impl Point {
    /// Whether latitude and longitude are real coordinates (not the AIS
    /// "not available" 91/181, not NaN).
    pub fn is_valid(&self) -> bool {
        (-90.0..=90.0).contains(&self.lat) && (-180.0..=180.0).contains(&self.lon)
    }

    /// Speed and course for dead reckoning: a missing course means the
    /// vessel is taken to stay put.
    fn motion(&self) -> (f64, f64) {
        match (self.speed, self.course) {
            (Some(speed), Some(course)) if speed.is_finite() && course.is_finite() => {
                (f64::from(speed), f64::from(course))
            }
            _ => (0.0, 0.0),
        }
    }
}

/// A segment: the MMSI and its number, counted from 1 in the order the
/// segments start. Written `<mmsi>-<n>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SegmentId {
    /// The MMSI all positions of the segment carry.
    pub mmsi: u32,
    /// 1, 2, … in order of each segment's first position.
    pub n: u32,
}

impl fmt::Display for SegmentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.mmsi, self.n)
    }
}

/// Hours from `a` to `b`.
fn hours_between(a: Timestamp, b: Timestamp) -> f64 {
    (b.millis() - a.millis()) as f64 / 3_600_000.0
}

fn wrap(x: f64) -> f64 {
    (x + 180.0).rem_euclid(360.0) - 180.0
}

/// Where a vessel at `p` should be `hours` later (negative: earlier), by
/// dead reckoning on a local flat projection: (lon, lat) in degrees.
fn expected_position(p: &Point, hours: f64) -> (f64, f64) {
    let (speed, course) = p.motion();
    let dist = speed * hours; // nautical miles
    let angle = (90.0 - course).to_radians();
    let deg_lat_per_nm = 1.0 / 60.0;
    let deg_lon_per_nm = deg_lat_per_nm / (p.lat.to_radians().cos() + 1e-3);
    (p.lon + angle.cos() * dist * deg_lon_per_nm, p.lat + angle.sin() * dist * deg_lat_per_nm)
}

impl SegmentConfig {
    /// Hours shortened for long intervals (GFW `compute_penalized_hours`).
    fn penalized_hours(&self, hours: f64) -> f64 {
        hours / (1.0 + (hours.max(0.0) / self.penalty_hours).powf(1.0 - self.hours_exp))
    }

    /// The discrepancy, in nautical miles, between `p1` and the later `p2`
    /// `hours` apart: the least of the forward/backward dead-reckoning error,
    /// the distance if the vessel stayed put, and the distance off the
    /// predicted paths, the last two times `shape_factor` (GFW
    /// `compute_discrepancy`).
    fn discrepancy(&self, p1: &Point, p2: &Point, hours: f64) -> f64 {
        let (x1, y1, x2, y2) = (p1.lon, p1.lat, p2.lon, p2.lat);
        let (x2p, y2p) = expected_position(p1, hours);
        let (x1p, y1p) = expected_position(p2, -hours);
        let nm_per_deg_lat = 60.0;
        let nm_per_deg_lon = nm_per_deg_lat * (0.5 * (y1 + y2)).to_radians().cos();
        let d1 = 0.5
            * ((nm_per_deg_lon * wrap(x1p - x1)).hypot(nm_per_deg_lat * (y1p - y1))
                + (nm_per_deg_lon * wrap(x2p - x2)).hypot(nm_per_deg_lat * (y2p - y2)));
        let dy = nm_per_deg_lat * (y2 - y1);
        let dx = nm_per_deg_lon * wrap(x2 - x1);
        let dist = dy.hypot(dx);
        let d2 = dist * self.shape_factor;
        let rads21 = dy.atan2(dx);
        let normal = |p: &Point| {
            let (speed, course) = p.motion();
            let delta = (90.0 - course).to_radians() - rads21;
            let tangential = delta.cos() * dist;
            if 0.0 < tangential && tangential <= speed * hours {
                delta.sin().abs() * dist
            } else {
                f64::INFINITY
            }
        };
        let d3 = 0.5 * (normal(p1) + normal(p2)) * self.shape_factor;
        d1.min(d2).min(d3)
    }

    /// How likely `p2` follows `p1` (0: impossible), GFW `compute_metric`.
    fn pair_metric(&self, p1: &Point, p2: &Point) -> f64 {
        let hours = hours_between(p1.ts, p2.ts).max(0.0);
        if hours > self.max_hours {
            return 0.0;
        }
        let discrepancy = self.discrepancy(p1, p2, self.penalized_hours(hours));
        let padded = hours.hypot(self.buffer_hours);
        let max_allowed = padded * self.max_knots;
        if discrepancy.is_nan() || discrepancy > max_allowed {
            return 0.0;
        }
        let alpha = (self.max_knots / self.penalty_speed) * discrepancy / max_allowed;
        (-(alpha * alpha)).exp() / padded
    }
}

/// An open segment: its number and its last positions (index into the
/// caller's slice, metric with which each joined), newest last.
struct Open {
    n: u32,
    count: usize,
    recent: Vec<(usize, f64)>,
    last_ts: Timestamp,
}

/// The streaming segmenter for one MMSI. Push positions in time order; the
/// assignment of earlier positions can still change (a later position that
/// matches an earlier one better drops the ones between as noise), so the
/// result is read at the end with [`Segmenter::finish`].
pub struct Segmenter {
    config: SegmentConfig,
    points: Vec<Point>,
    labels: Vec<Option<u32>>,
    open: Vec<Open>,
    next: u32,
    /// First position seen at each exact (lat, lon), for duplicates.
    seen: std::collections::HashMap<(u64, u64), usize>,
    /// For a duplicate position, the position it repeats.
    duplicate_of: Vec<Option<usize>>,
}

impl Segmenter {
    /// A segmenter with these thresholds.
    pub fn new(config: SegmentConfig) -> Self {
        Segmenter {
            config,
            points: Vec::new(),
            labels: Vec::new(),
            open: Vec::new(),
            next: 1,
            seen: std::collections::HashMap::new(),
            duplicate_of: Vec::new(),
        }
    }

    /// Adds the next position (at or after the previous one in time).
    /// An invalid position gets no segment. A position at exactly the
    /// coordinates of an earlier one (the same report heard by several
    /// receivers, or repeated while moored) takes that one's segment and
    /// plays no part in matching, as GFW's message processor drops it.
    pub fn push(&mut self, point: Point) {
        let idx = self.points.len();
        self.points.push(point);
        self.labels.push(None);
        self.duplicate_of.push(None);
        if !point.is_valid() {
            return;
        }
        match self.seen.entry((point.lat.to_bits(), point.lon.to_bits())) {
            std::collections::hash_map::Entry::Occupied(first) => {
                self.duplicate_of[idx] = Some(*first.get());
                return;
            }
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(idx);
            }
        }
        let config = self.config;
        // Segments silent for longer than max_hours are closed.
        self.open.retain(|seg| hours_between(seg.last_ts, point.ts) <= config.max_hours);

        // Best match per open segment: (segment index, metric, drop count).
        let mut matches: Vec<(usize, f64, usize)> = Vec::new();
        for (s, seg) in self.open.iter().enumerate() {
            let classes = seg
                .recent
                .iter()
                .rev()
                .take(config.lookback)
                .fold(0, |acc, &(i, _)| acc | self.points[i].kind.classes());
            let weight = if classes & point.kind.classes() != 0 {
                1.0
            } else {
                config.transponder_mismatch_weight
            };
            let mut best: Option<(f64, f64, usize)> = None; // (metric_lb, metric, k)
            for (k, &(prev_idx, _)) in seg.recent.iter().rev().enumerate() {
                if k >= config.lookback {
                    break;
                }
                let prev = &self.points[prev_idx];
                if hours_between(prev.ts, point.ts) > config.max_hours {
                    break;
                }
                let metric = config.pair_metric(prev, &point) * weight;
                if metric <= 0.0 {
                    continue;
                }
                // The metric of the position this one would replace: never
                // make a segment worse by dropping a better-matched position.
                let existing = if k == 0 { 0.0 } else { seg.recent[seg.recent.len() - k].1 };
                let metric_lb = metric / (k as f64 * config.lookback_factor).max(1.0);
                if metric_lb <= existing {
                    continue;
                }
                if !matches!(best, Some((lb, _, _)) if metric_lb <= lb) {
                    best = Some((metric_lb, metric, k));
                }
            }
            if let Some((_, metric, k)) = best {
                matches.push((s, metric, k));
            }
        }
        if point.kind == FixKind::LongRange && !matches.is_empty() {
            let hours = matches
                .iter()
                .map(|&(s, _, k)| {
                    let seg = &self.open[s];
                    let prev = seg.recent[seg.recent.len() - 1 - k].0;
                    hours_between(self.points[prev].ts, point.ts)
                })
                .fold(f64::INFINITY, f64::min);
            if hours < config.min_type_27_hours {
                // Too coarse to place among nearby precise positions: noise.
                return;
            }
        }

        let chosen = match matches.len() {
            0 => None,
            1 => Some(matches[0]),
            _ => {
                let weight = |&(s, metric, _): &(usize, f64, usize)| {
                    let a = self.open[s].count as f64 / config.short_seg_threshold;
                    metric * a / (1.0 + a * a).sqrt()
                };
                let mut weighted: Vec<(f64, (usize, f64, usize))> =
                    matches.iter().map(|m| (weight(m), *m)).collect();
                weighted.sort_by(|a, b| b.0.total_cmp(&a.0));
                let best = weighted[0].0;
                let close: Vec<usize> = weighted
                    .iter()
                    .filter(|(w, _)| w * config.ambiguity_factor >= best)
                    .map(|(_, m)| m.0)
                    .collect();
                if close.len() > 1 {
                    // Ambiguous: close every close match, start afresh.
                    let mut s = 0;
                    self.open.retain(|_| {
                        s += 1;
                        !close.contains(&(s - 1))
                    });
                    None
                } else {
                    Some(weighted[0].1)
                }
            }
        };

        match chosen {
            Some((s, metric, k)) => {
                let seg = &mut self.open[s];
                for _ in 0..k {
                    if let Some((dropped, _)) = seg.recent.pop() {
                        self.labels[dropped] = None;
                        seg.count -= 1;
                    }
                }
                seg.recent.push((idx, metric));
                if seg.recent.len() > config.lookback + 1 {
                    seg.recent.remove(0);
                }
                seg.count += 1;
                seg.last_ts = point.ts;
                self.labels[idx] = Some(seg.n);
            }
            None => {
                let n = self.next;
                self.next += 1;
                self.open.push(Open { n, count: 1, recent: vec![(idx, 0.0)], last_ts: point.ts });
                self.labels[idx] = Some(n);
            }
        }
    }

    /// Positions pushed so far.
    pub fn pushed(&self) -> usize {
        self.points.len()
    }

    /// The segment the `idx`-th pushed position (from 0) is in now, numbered
    /// as created (not yet renumbered as by [`Segmenter::finish`]). It can
    /// still change while the position is among the last `lookback` of an
    /// open segment, so a live reader takes it some time later.
    pub fn current_label(&self, idx: usize) -> Option<u32> {
        let first = self.duplicate_of.get(idx).copied().flatten().unwrap_or(idx);
        self.labels.get(first).copied().flatten()
    }

    /// The segment number of every pushed position, in push order: `None`
    /// for an invalid position or one dropped as noise. Numbers are
    /// renumbered 1, 2, … in order of each segment's first kept position.
    pub fn finish(self) -> Vec<Option<u32>> {
        let mut renumber = std::collections::HashMap::new();
        let labels = &self.labels;
        self.duplicate_of
            .iter()
            .enumerate()
            .map(|(idx, dup)| labels[dup.unwrap_or(idx)])
            .map(|label| {
                label.map(|n| {
                    let next = renumber.len() as u32 + 1;
                    *renumber.entry(n).or_insert(next)
                })
            })
            .collect()
    }
}

/// Segments one MMSI's positions, sorted by time: the segment number of
/// each (see [`Segmenter::finish`]).
///
/// # References
/// GFW gpsdio-segment, `Segmenter.process` and `Matcher.compute_best_match`.
pub fn segment(points: &[Point], config: &SegmentConfig) -> Vec<Option<u32>> {
    let mut segmenter = Segmenter::new(*config);
    for point in points {
        segmenter.push(*point);
    }
    segmenter.finish()
}

/// Segments the positions of any number of MMSIs, in any order: groups them
/// by MMSI, sorts each group by time (stable: equal times keep their input
/// order) and runs [`segment`] on each. The result is in input order.
///
/// # References
/// GFW gpsdio-segment (one `Segmenter` per SSVID).
pub fn segment_all(positions: &[(u32, Point)], config: &SegmentConfig) -> Vec<Option<SegmentId>> {
    let mut order: Vec<usize> = (0..positions.len()).collect();
    order.sort_by_key(|&i| (positions[i].0, positions[i].1.ts));
    let mut result = vec![None; positions.len()];
    for group in order.chunk_by(|&a, &b| positions[a].0 == positions[b].0) {
        let mmsi = positions[group[0]].0;
        let points: Vec<Point> = group.iter().map(|&i| positions[i].1).collect();
        for (&i, label) in group.iter().zip(segment(&points, config)) {
            result[i] = label.map(|n| SegmentId { mmsi, n });
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(minutes: i64, lat: f64, lon: f64, speed: f32, course: f32) -> Point {
        Point {
            ts: Timestamp(minutes * 60_000),
            lat,
            lon,
            speed: Some(speed),
            course: Some(course),
            kind: FixKind::ClassA,
        }
    }

    /// A ship steaming north at `knots` from (lat0, lon), one point every
    /// `step` minutes.
    fn northbound(start: i64, n: i64, step: i64, lat0: f64, lon: f64, knots: f32) -> Vec<Point> {
        (0..n)
            .map(|i| {
                let minutes = start + i * step;
                at(
                    minutes,
                    lat0 + f64::from(knots) * (i * step) as f64 / 60.0 / 60.0,
                    lon,
                    knots,
                    0.0,
                )
            })
            .collect()
    }

    #[test]
    fn one_ship_is_one_segment() {
        let points = northbound(0, 50, 10, 10.0, 120.0, 12.0);
        let labels = segment(&points, &SegmentConfig::default());
        assert!(labels.iter().all(|&l| l == Some(1)), "{labels:?}");
    }

    #[test]
    fn two_ships_on_one_mmsi_300_km_apart_are_two_interleaved_segments() {
        // 300 km is about 2.7° of latitude.
        let a = northbound(0, 30, 10, 10.0, 120.0, 12.0);
        let b = northbound(5, 30, 10, 12.7, 120.0, 10.0);
        let mut points: Vec<(Point, char)> =
            a.into_iter().map(|p| (p, 'a')).chain(b.into_iter().map(|p| (p, 'b'))).collect();
        points.sort_by_key(|(p, _)| p.ts);
        let only: Vec<Point> = points.iter().map(|(p, _)| *p).collect();
        let labels = segment(&only, &SegmentConfig::default());
        for ((_, ship), label) in points.iter().zip(&labels) {
            assert_eq!(*label, Some(if *ship == 'a' { 1 } else { 2 }), "{labels:?}");
        }
    }

    #[test]
    fn a_25_hour_gap_starts_a_new_segment() {
        let mut points = northbound(0, 10, 10, 10.0, 120.0, 1.0);
        points.extend(northbound(90 + 25 * 60, 10, 10, 10.05, 120.0, 1.0));
        let labels = segment(&points, &SegmentConfig::default());
        assert!(labels[..10].iter().all(|&l| l == Some(1)), "{labels:?}");
        assert!(labels[10..].iter().all(|&l| l == Some(2)), "{labels:?}");
        // A 23-hour gap at 1 kn does not.
        let mut points = northbound(0, 10, 10, 10.0, 120.0, 1.0);
        points.extend(northbound(90 + 23 * 60, 10, 10, 10.05, 120.0, 1.0));
        let labels = segment(&points, &SegmentConfig::default());
        assert!(labels.iter().all(|&l| l == Some(1)), "{labels:?}");
    }

    #[test]
    fn a_jump_at_40_knots_starts_a_new_segment() {
        // Ten minutes at 1 kn, then a position 40 kn × 1 h away an hour later.
        let mut points = northbound(0, 10, 6, 10.0, 120.0, 1.0);
        let jump_lat = 10.0 + 40.0 / 60.0;
        points.extend(northbound(54 + 60, 10, 6, jump_lat, 120.0, 1.0));
        let labels = segment(&points, &SegmentConfig::default());
        assert!(labels[..10].iter().all(|&l| l == Some(1)), "{labels:?}");
        assert!(labels[10..].iter().all(|&l| l == Some(2)), "{labels:?}");
        // The same distance at 20 kn (two hours) is one voyage.
        let mut points = northbound(0, 10, 6, 10.0, 120.0, 20.0);
        let last = points[9];
        points.extend(northbound(54 + 120, 10, 6, last.lat + 40.0 / 60.0, 120.0, 20.0));
        let labels = segment(&points, &SegmentConfig::default());
        assert!(labels.iter().all(|&l| l == Some(1)), "{labels:?}");
    }

    #[test]
    fn invalid_positions_get_no_segment_and_mmsis_are_separate() {
        let p = at(0, 10.0, 120.0, 0.0, 0.0);
        let bad = Point { lat: 91.0, lon: 181.0, ..p };
        let positions = vec![(2, p), (1, p), (1, bad)];
        let labels = segment_all(&positions, &SegmentConfig::default());
        assert_eq!(labels[0], Some(SegmentId { mmsi: 2, n: 1 }));
        assert_eq!(labels[1], Some(SegmentId { mmsi: 1, n: 1 }));
        assert_eq!(labels[2], None);
        assert_eq!(SegmentId { mmsi: 2, n: 1 }.to_string(), "2-1");
    }

    #[test]
    fn a_single_outlier_is_dropped_by_lookback() {
        let mut points = northbound(0, 20, 5, 10.0, 120.0, 10.0);
        // A spike far off the track in the middle, then the track goes on.
        points[10].lon += 0.3;
        let labels = segment(&points, &SegmentConfig::default());
        let main = labels[0];
        assert!(labels.iter().enumerate().all(|(i, &l)| i == 10 || l == main), "{labels:?}");
        assert_ne!(labels[10], main);
    }
}
