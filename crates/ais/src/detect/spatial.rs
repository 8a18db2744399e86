//! Small pieces shared by the spatial detectors (encounter, loitering, gap,
//! anchorage): a fast hash map for integer keys, a bounded sample of a long
//! stream, grid cells, medians, unit conversions and JSON details.
//!
//! They live together so that each detector's file holds only its rule.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use serde_json::{Map, Value};
use vigil_geo::{haversine_m, METRES_PER_NM};

use super::TrackPoint;

/// Milliseconds in one hour.
pub(crate) const HOUR_MS: f64 = 3_600_000.0;

/// Metres in one degree of latitude on the mean sphere.
pub(crate) const METRES_PER_DEG: f64 = vigil_geo::EARTH_RADIUS_M * std::f64::consts::PI / 180.0;

/// A hash map for small integer keys (MMSIs, grid cells, pairs of them).
///
/// The keys come from AIS feeds, not from an adversary choosing hash
/// collisions, and std's SipHash is a third of the per-position cost of the
/// detectors, so a multiplicative hash (the one rustc uses, "Fx") is used.
pub(crate) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// The Fx hasher: rotate, xor, multiply by a large odd constant per word.
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher {
    hash: u64,
}

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
    }
    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }
    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }
    fn write_i32(&mut self, n: i32) {
        self.add(n as u32 as u64);
    }
    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }
    fn write_i64(&mut self, n: i64) {
        self.add(n as u64);
    }
    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }
    fn finish(&self) -> u64 {
        // The multiply leaves the low bits (which pick the bucket) weaker
        // than the high ones; fold the high half in.
        self.hash ^ (self.hash >> 32)
    }
}

/// An even sample of at most `cap` items out of a stream of any length, plus
/// its last item: when full, every other kept item is dropped and only every
/// second (then fourth, …) new item is kept. Used for evidence and for the
/// medians of long events, so their memory stays bounded.
#[derive(Debug, Clone)]
pub(crate) struct Thinned<T> {
    items: Vec<T>,
    last: Option<T>,
    stride: u64,
    seen: u64,
    cap: usize,
}

impl<T: Copy> Thinned<T> {
    /// An empty sample that keeps at most `cap` (≥ 2) items.
    pub(crate) fn new(cap: usize) -> Self {
        Thinned { items: Vec::new(), last: None, stride: 1, seen: 0, cap: cap.max(2) }
    }

    /// Offers one item.
    pub(crate) fn push(&mut self, item: T) {
        if self.seen.is_multiple_of(self.stride) {
            self.items.push(item);
            if self.items.len() >= self.cap {
                let mut idx = 0;
                self.items.retain(|_| {
                    idx += 1;
                    idx % 2 == 1
                });
                self.stride *= 2;
            }
        }
        self.seen += 1;
        self.last = Some(item);
    }

    /// Appends another sample (of later items), keeping the bound.
    pub(crate) fn extend(&mut self, other: &Thinned<T>) {
        for &item in other.sample() {
            self.push(item);
        }
        if let Some(last) = other.last {
            self.last = Some(last);
        }
    }

    /// The kept items, in stream order (without the separate last one).
    pub(crate) fn sample(&self) -> &[T] {
        &self.items
    }

    /// The kept items and the stream's last item, in stream order.
    pub(crate) fn with_last(&self) -> Vec<T>
    where
        T: PartialEq,
    {
        let mut all = self.items.clone();
        if let Some(last) = self.last {
            if all.last() != Some(&last) {
                all.push(last);
            }
        }
        all
    }
}

/// The median of `values` (reordered in place), or `None` when empty.
pub(crate) fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let mid = values.len() / 2;
    let (_, &mut upper, _) = values.select_nth_unstable_by(mid, f64::total_cmp);
    if values.len() % 2 == 1 {
        return Some(upper);
    }
    let lower = values[..mid].iter().copied().fold(f64::NEG_INFINITY, f64::max);
    Some((lower + upper) / 2.0)
}

/// Whether a position can be used: finite, latitude within ±90° and
/// longitude within ±180° (AIS writes 91 and 181 for "not available").
pub(crate) fn usable(point: &TrackPoint) -> bool {
    point.lat.is_finite()
        && point.lon.is_finite()
        && point.lat.abs() <= 90.0
        && point.lon.abs() <= 180.0
}

/// The grid cell of a position on a plain latitude/longitude grid of
/// `size_deg` degrees.
pub(crate) fn cell_of(lat: f64, lon: f64, size_deg: f64) -> (i32, i32) {
    ((lat / size_deg).floor() as i32, (lon / size_deg).floor() as i32)
}

/// Knots from metres covered in milliseconds (`None` for no time).
pub(crate) fn knots(metres: f64, millis: f64) -> Option<f64> {
    (millis > 0.0).then(|| metres / METRES_PER_NM / (millis / HOUR_MS))
}

/// Great-circle distance between two track points, in metres.
pub(crate) fn distance_m(a: (f64, f64), b: (f64, f64)) -> f64 {
    haversine_m(a.0, a.1, b.0, b.1)
}

/// A value rounded to `decimals` places, for readable details.
pub(crate) fn round(value: f64, decimals: i32) -> f64 {
    let scale = 10f64.powi(decimals);
    (value * scale).round() / scale
}

/// The object inside a `json!({...})` value (anything else gives an empty map).
pub(crate) fn details(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

/// A small index of reference points (ports, anchorages) for "the nearest
/// one within a radius", on cells of about the radius.
#[derive(Debug, Clone, Default)]
pub(crate) struct PointIndex {
    cell_deg: f64,
    points: Vec<(f64, f64)>,
    cells: FastMap<(i32, i32), Vec<u32>>,
}

impl PointIndex {
    /// An empty index for queries up to `radius_m`.
    pub(crate) fn new(radius_m: f64) -> Self {
        let cell_deg = (radius_m / METRES_PER_DEG).clamp(0.001, 10.0);
        PointIndex { cell_deg, points: Vec::new(), cells: FastMap::default() }
    }

    /// Adds one point; returns its index.
    pub(crate) fn insert(&mut self, lat: f64, lon: f64) -> usize {
        let idx = self.points.len();
        self.points.push((lat, lon));
        self.cells.entry(cell_of(lat, lon, self.cell_deg)).or_default().push(idx as u32);
        idx
    }

    /// How many points it holds.
    pub(crate) fn len(&self) -> usize {
        self.points.len()
    }

    /// The nearest point within `radius_m` (at most the radius given to
    /// [`PointIndex::new`]): its index and distance in metres.
    pub(crate) fn nearest_within(&self, lat: f64, lon: f64, radius_m: f64) -> Option<(usize, f64)> {
        if self.points.is_empty() {
            return None;
        }
        let (row, col) = cell_of(lat, lon, self.cell_deg);
        let dlat = radius_m / METRES_PER_DEG;
        let cos = (lat.abs() + dlat).min(90.0).to_radians().cos().max(1e-6);
        let col_span = ((dlat / cos) / self.cell_deg).ceil().min(360.0 / self.cell_deg) as i32 + 1;
        let row_span = (dlat / self.cell_deg).ceil() as i32 + 1;
        let mut best: Option<(usize, f64)> = None;
        for r in row - row_span..=row + row_span {
            for c in col - col_span..=col + col_span {
                let Some(ids) = self.cells.get(&(r, c)) else { continue };
                for &id in ids {
                    let (plat, plon) = self.points[id as usize];
                    let d = haversine_m(lat, lon, plat, plon);
                    if d <= radius_m && !matches!(best, Some((_, b)) if b <= d) {
                        best = Some((id as usize, d));
                    }
                }
            }
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thinned_sample_stays_bounded_and_even() {
        let mut sample = Thinned::new(8);
        for i in 0..1000u32 {
            sample.push(i);
        }
        assert!(sample.sample().len() < 8);
        assert_eq!(sample.sample()[0], 0);
        let all = sample.with_last();
        assert_eq!(*all.last().unwrap(), 999);
        let gaps: Vec<u32> = sample.sample().windows(2).map(|w| w[1] - w[0]).collect();
        assert!(gaps.windows(2).all(|g| g[0] == g[1]), "{gaps:?}");
    }

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&mut [4.0, 1.0, 3.0, 2.0]), Some(2.5));
        assert_eq!(median(&mut []), None);
    }

    #[test]
    fn point_index_finds_the_nearest_within_the_radius_only() {
        let mut index = PointIndex::new(10_000.0);
        index.insert(38.0, 125.0);
        index.insert(38.05, 125.0);
        let (id, d) = index.nearest_within(38.04, 125.0, 10_000.0).unwrap();
        assert_eq!(id, 1);
        assert!((d - 1112.0).abs() < 5.0, "{d}");
        assert!(index.nearest_within(38.2, 125.0, 10_000.0).is_none());
        // High latitude: a degree of longitude is short, still found.
        index.insert(75.0, 20.0);
        assert_eq!(index.nearest_within(75.0, 20.3, 10_000.0).map(|x| x.0), Some(2));
    }
}
