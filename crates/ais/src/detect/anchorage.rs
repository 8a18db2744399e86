//! Anchorages inferred from the data: where do many distinct vessels stop?
//!
//! Ships meet alongside each other in every harbour and anchorage, so the
//! encounter detector must not count meetings there, even when no port list
//! names the place. Following Global Fishing Watch's anchorages pipeline, a
//! vessel is *stationary* while it stays within 0.5 km of where it stopped,
//! and a stationary period counts once it has lasted 12 hours; a grid cell
//! (about 0.5 km across) where at least 20 distinct vessels had such a period
//! is an anchorage point.
//!
//! GFW counts over years of global data, so its "20 vessels" is far too many
//! for a day of one sea: for small inputs lower `min_distinct_vessels` (a
//! handful of vessels is enough to mark a harbour in a few days of data) and
//! the duration; the defaults stay GFW's so that a large run means the same as
//! theirs. Cells are squares of `cell_km` on a latitude-scaled grid (GFW uses
//! S2 cells of level 14, about the same size).
//!
//! [`AnchorageLearner`] learns as positions stream in (a live feed uses the
//! anchorages learnt so far); [`infer_anchorages`] runs it over a slice of
//! positions, for a two-pass batch run.
//!
//! # References
//! GFW `anchorages_pipeline` @ 099169e4, `anchorage_cfg.yaml`
//! (`stationary_period_max_distance_km: 0.5`,
//! `stationary_period_min_duration_minutes: 720`,
//! `min_unique_vessels_for_anchorage: 20`), quoted in
//! `../shared/data/ais/DEFINITIONS.md` §4.

use std::collections::hash_map::Entry;

use serde::Deserialize;
use vigil_geo::Port;

use super::spatial::{distance_m, usable, FastMap, PointIndex, HOUR_MS, METRES_PER_DEG};
use super::TrackPoint;

/// Thresholds of anchorage inference, with GFW's defaults.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AnchorageConfig {
    /// Farthest a vessel may move from where it stopped and still be
    /// stationary, in km (0.5).
    pub stationary_max_distance_km: f64,
    /// Shortest stationary period that counts, in hours (12).
    pub stationary_min_duration_h: f64,
    /// Fewest distinct vessels stationary in one cell for it to be an
    /// anchorage (20; lower it for small inputs).
    pub min_distinct_vessels: usize,
    /// Side of a grid cell, in km (0.5).
    pub cell_km: f64,
    /// A vessel silent for longer than this ends its stationary period and
    /// is forgotten, in hours (24, the segmenter's longest silence).
    pub forget_after_h: f64,
    /// Most grid cells remembered (1,000,000); stationary periods in new
    /// cells beyond it are counted in `cells_refused` and ignored.
    pub max_cells: usize,
}

impl Default for AnchorageConfig {
    fn default() -> Self {
        AnchorageConfig {
            stationary_max_distance_km: 0.5,
            stationary_min_duration_h: 12.0,
            min_distinct_vessels: 20,
            cell_km: 0.5,
            forget_after_h: 24.0,
            max_cells: 1_000_000,
        }
    }
}

/// Where a vessel stopped and how long it has stayed.
#[derive(Debug, Clone, Copy)]
struct Stop {
    anchor: (f64, f64),
    lat_sum: f64,
    lon_sum: f64,
    n: u32,
    first_ts: i64,
    last_ts: i64,
    counted: bool,
}

impl Stop {
    fn at(point: &TrackPoint) -> Stop {
        Stop {
            anchor: (point.lat, point.lon),
            lat_sum: point.lat,
            lon_sum: point.lon,
            n: 1,
            first_ts: point.ts.0,
            last_ts: point.ts.0,
            counted: false,
        }
    }

    fn mean(&self) -> (f64, f64) {
        (self.lat_sum / f64::from(self.n), self.lon_sum / f64::from(self.n))
    }
}

/// What one grid cell has seen.
#[derive(Debug, Clone, Default)]
struct Cell {
    lat_sum: f64,
    lon_sum: f64,
    periods: u32,
    /// Distinct vessels with a stationary period here, kept until the cell
    /// qualifies (then only the count grows).
    vessels: Vec<u32>,
    distinct: u32,
    anchorage: Option<usize>,
}

/// Learns anchorage points from positions as they stream in. Each MMSI's
/// positions must come in time order (an earlier one is ignored); MMSIs may
/// interleave.
#[derive(Debug, Clone)]
pub struct AnchorageLearner {
    config: AnchorageConfig,
    stops: FastMap<u32, Stop>,
    cells: FastMap<(i32, i32), Cell>,
    found: Vec<((i32, i32), f64, f64)>,
    index: PointIndex,
    now: i64,
    next_sweep: i64,
    cells_refused: u64,
}

impl AnchorageLearner {
    /// A learner that knows nothing yet.
    pub fn new(config: AnchorageConfig) -> Self {
        AnchorageLearner {
            config,
            stops: FastMap::default(),
            cells: FastMap::default(),
            found: Vec::new(),
            index: PointIndex::new(10_000.0),
            now: i64::MIN,
            next_sweep: i64::MIN,
            cells_refused: 0,
        }
    }

    /// Takes one position.
    pub fn push(&mut self, point: &TrackPoint) {
        if !usable(point) {
            return;
        }
        let ts = point.ts.0;
        self.now = self.now.max(ts);
        let max_m = self.config.stationary_max_distance_km * 1000.0;
        let min_ms = self.config.stationary_min_duration_h * HOUR_MS;
        let forget_ms = self.config.forget_after_h * HOUR_MS;
        let stop = match self.stops.entry(point.mmsi) {
            Entry::Vacant(slot) => slot.insert(Stop::at(point)),
            Entry::Occupied(slot) => {
                let stop = slot.into_mut();
                if ts < stop.last_ts {
                    return;
                }
                let silent = (ts - stop.last_ts) as f64 > forget_ms;
                if silent || distance_m(stop.anchor, (point.lat, point.lon)) > max_m {
                    *stop = Stop::at(point);
                } else {
                    stop.lat_sum += point.lat;
                    stop.lon_sum += point.lon;
                    stop.n += 1;
                    stop.last_ts = ts;
                }
                stop
            }
        };
        if !stop.counted && (stop.last_ts - stop.first_ts) as f64 >= min_ms {
            stop.counted = true;
            let (lat, lon) = stop.mean();
            self.count_period(point.mmsi, lat, lon);
        }
        if ts >= self.next_sweep {
            self.forget_silent();
            self.next_sweep = ts + HOUR_MS as i64;
        }
    }

    /// Registers one stationary period of `mmsi` at a position.
    fn count_period(&mut self, mmsi: u32, lat: f64, lon: f64) {
        let key = self.cell_key(lat, lon);
        if !self.cells.contains_key(&key) && self.cells.len() >= self.config.max_cells {
            self.cells_refused += 1;
            return;
        }
        let cell = self.cells.entry(key).or_default();
        cell.lat_sum += lat;
        cell.lon_sum += lon;
        cell.periods += 1;
        if cell.anchorage.is_some() {
            return;
        }
        if !cell.vessels.contains(&mmsi) {
            cell.vessels.push(mmsi);
            cell.distinct += 1;
        }
        if cell.distinct as usize >= self.config.min_distinct_vessels.max(1) {
            let periods = f64::from(cell.periods);
            let (clat, clon) = (cell.lat_sum / periods, cell.lon_sum / periods);
            cell.anchorage = Some(self.found.len());
            cell.vessels = Vec::new();
            self.found.push((key, clat, clon));
            self.index.insert(clat, clon);
        }
    }

    /// The grid cell of a position: rows of `cell_km`, columns of `cell_km`
    /// measured along the row's parallel.
    fn cell_key(&self, lat: f64, lon: f64) -> (i32, i32) {
        let size_deg = (self.config.cell_km * 1000.0 / METRES_PER_DEG).max(1e-6);
        let row = (lat / size_deg).floor();
        let cos = ((row + 0.5) * size_deg).to_radians().cos().max(1e-6);
        (row as i32, (lon * cos / size_deg).floor() as i32)
    }

    /// Drops the state of vessels silent for longer than `forget_after_h`.
    fn forget_silent(&mut self) {
        let horizon = self.now - (self.config.forget_after_h * HOUR_MS) as i64;
        self.stops.retain(|_, stop| stop.last_ts >= horizon);
    }

    /// The distance in metres to the nearest anchorage learnt so far, if one
    /// lies within `radius_m` (at most 10 km).
    pub fn nearest_within(&self, lat: f64, lon: f64, radius_m: f64) -> Option<f64> {
        self.index.nearest_within(lat, lon, radius_m).map(|(_, d)| d)
    }

    /// How many anchorage points it has found.
    pub fn len(&self) -> usize {
        self.index.len()
    }

    /// Whether it has found none.
    pub fn is_empty(&self) -> bool {
        self.index.len() == 0
    }

    /// How many vessels it currently follows (bounded by eviction).
    pub fn vessels_tracked(&self) -> usize {
        self.stops.len()
    }

    /// Stationary periods ignored because `max_cells` was reached.
    pub fn cells_refused(&self) -> u64 {
        self.cells_refused
    }

    /// The anchorage points found so far, as unwatched ports with source
    /// `inferred`, sorted by position; each lies at the mean of the
    /// stationary periods in its cell.
    pub fn anchorages(&self) -> Vec<Port> {
        let mut ports: Vec<Port> = self
            .found
            .iter()
            .map(|(key, _, _)| {
                let cell = &self.cells[key];
                let periods = f64::from(cell.periods);
                let (lat, lon) = (cell.lat_sum / periods, cell.lon_sum / periods);
                Port {
                    name: format!("anchorage {lat:.4} {lon:.4} ({} vessels)", cell.distinct),
                    country: None,
                    lat,
                    lon,
                    watched: false,
                    source: "inferred".to_owned(),
                }
            })
            .collect();
        ports.sort_by(|a, b| a.lat.total_cmp(&b.lat).then(a.lon.total_cmp(&b.lon)));
        ports
    }
}

/// Anchorage points inferred from a set of positions (see the module
/// documentation). The positions may be in any order: when they are not in
/// time order they are visited sorted by MMSI and time.
pub fn infer_anchorages(points: &[TrackPoint], config: &AnchorageConfig) -> Vec<Port> {
    let mut learner = AnchorageLearner::new(config.clone());
    if points.windows(2).all(|w| w[0].ts <= w[1].ts) {
        points.iter().for_each(|point| learner.push(point));
    } else {
        let mut order: Vec<u32> = (0..points.len() as u32).collect();
        order.sort_by_key(|&i| (points[i as usize].mmsi, points[i as usize].ts, i));
        order.iter().for_each(|&i| learner.push(&points[i as usize]));
    }
    learner.anchorages()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::SrcRef;
    use crate::Timestamp;

    fn point(mmsi: u32, minutes: i64, lat: f64, lon: f64) -> TrackPoint {
        TrackPoint {
            mmsi,
            ts: Timestamp(minutes * 60_000),
            lat,
            lon,
            speed: Some(0.0),
            course: None,
            heading: None,
            segment: Some(0),
            src: SrcRef { file: 0, line: minutes as u64 },
        }
    }

    /// `vessels` ships each anchored for `hours` near (lat, lon), a few
    /// hundred metres apart, reporting every 30 minutes.
    fn harbour(vessels: u32, hours: i64, lat: f64, lon: f64) -> Vec<TrackPoint> {
        let mut points = Vec::new();
        for minute in (0..=hours * 60).step_by(30) {
            for v in 0..vessels {
                let jitter = f64::from(v % 3) * 0.0005;
                points.push(point(100 + v, minute, lat + jitter, lon + jitter));
            }
        }
        points
    }

    #[test]
    fn a_harbour_where_enough_vessels_stop_for_12_hours_is_an_anchorage() {
        let config =
            AnchorageConfig { min_distinct_vessels: 5, cell_km: 2.0, ..Default::default() };
        let anchorages = infer_anchorages(&harbour(6, 13, 38.7, 125.3), &config);
        assert_eq!(anchorages.len(), 1, "{anchorages:?}");
        let port = &anchorages[0];
        assert!((port.lat - 38.7).abs() < 0.01 && (port.lon - 125.3).abs() < 0.01);
        assert_eq!(port.source, "inferred");
        assert!(!port.watched);
    }

    #[test]
    fn too_few_vessels_or_too_short_a_stay_is_not_an_anchorage() {
        let config =
            AnchorageConfig { min_distinct_vessels: 5, cell_km: 2.0, ..Default::default() };
        assert!(infer_anchorages(&harbour(4, 13, 38.7, 125.3), &config).is_empty());
        assert!(infer_anchorages(&harbour(6, 11, 38.7, 125.3), &config).is_empty());
        // GFW's default needs 20 distinct vessels.
        assert!(infer_anchorages(&harbour(6, 13, 38.7, 125.3), &Default::default()).is_empty());
    }

    #[test]
    fn moving_vessels_make_no_anchorage() {
        let config = AnchorageConfig { min_distinct_vessels: 2, ..Default::default() };
        let points: Vec<TrackPoint> = (0..48 * 6)
            .flat_map(|i| {
                [
                    point(1, i * 10, 38.0 + i as f64 * 0.01, 125.0),
                    point(2, i * 10, 38.0, 125.0 + i as f64 * 0.01),
                ]
            })
            .collect();
        assert!(infer_anchorages(&points, &config).is_empty());
    }

    #[test]
    fn unsorted_input_gives_the_same_anchorages() {
        let config =
            AnchorageConfig { min_distinct_vessels: 5, cell_km: 2.0, ..Default::default() };
        let mut points = harbour(6, 13, 38.7, 125.3);
        let sorted = infer_anchorages(&points, &config);
        points.reverse();
        assert_eq!(infer_anchorages(&points, &config), sorted);
    }

    #[test]
    fn silent_vessels_are_forgotten() {
        let mut learner = AnchorageLearner::new(AnchorageConfig::default());
        for v in 0..100 {
            learner.push(&point(v, 0, 10.0, 10.0));
        }
        learner.push(&point(999, 26 * 60, 10.0, 10.0));
        learner.push(&point(999, 27 * 60 + 1, 10.0, 10.0));
        assert_eq!(learner.vessels_tracked(), 1);
    }
}
