//! vigil's geography: where is this position, relative to land, ports and zones?
//!
//! The AIS detectors ask three questions of a position: how far is it from
//! shore (loitering and likely-intentional gaps are only counted offshore),
//! which port or anchorage is near (encounters inside ports are traffic, calls
//! at DPRK ports are events), and which watched zone contains it (entries into
//! DPRK waters). This crate answers them from values: it reads GeoJSON,
//! TopoJSON (Natural Earth as shipped by the `world-atlas` npm package) and the
//! World Port Index CSV, and ships the DPRK profile's port positions and
//! approximate zones, written by us as facts. It never downloads anything.
//!
//! # Principal types
//! - [`Geography`]: land, ports and zones of a run, with the three queries
//!   ([`Geography::distance_to_shore_m`], [`Geography::nearest_port`],
//!   [`Geography::zones_containing`]), answered from indexes built on first
//!   use ([`RegionIndex`] for polygons, a 3-d tree for ports).
//! - [`Land`], [`Zone`], [`Port`], [`Polygon`]: plain values, built by the
//!   readers ([`Land::read`], [`read_zones`], [`read_ports`]) or by hand.
//! - [`Geography::dprk_profile`]: the built-in DPRK ports and zones.
//!
//! # Example
//! ```
//! use vigil_geo::Geography;
//! let geo = Geography::dprk_profile();
//! let (port, metres) = geo.nearest_port(38.72, 125.38).unwrap();
//! assert_eq!(port.name, "Nampo");
//! assert!(port.watched && metres < 5_000.0);
//! assert!(geo.zones_containing(38.6, 125.0).any(|zone| zone.watched));
//! // No land was loaded: distance from shore is unknown, not zero.
//! assert_eq!(geo.distance_to_shore_m(38.6, 125.0), None);
//! ```
//!
//! # Why the index lives in a field
//! `Geography`'s fields are public so that tests and callers can build one
//! literally; the indexes are derived from them and built lazily into
//! [`Geography::index`] (a [`GeoIndex`], empty by default), so every query
//! through `&Geography` is fast without a separate build step. An index
//! remembers which vectors it was built from and is not used when they have
//! been replaced; [`Geography::reindex`] drops it after changes in place.
#![deny(missing_docs)]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

mod antimeridian;
mod dprk;
mod error;
mod geojson;
mod grid;
mod iso3;
mod kdtree;
mod land;
mod ports;
mod topojson;

pub use dprk::{dprk_ports, dprk_zones, DPRK_PROFILE_SOURCE, PORTS_ON_REQUEST};
pub use error::{GeoError, Result};
pub use geojson::{read_zones, zones_from_geojson};
pub use grid::RegionIndex;
pub use land::{LAND_ENV, LAND_FILE_IN_REPO};
pub use ports::{ports_from_csv, ports_from_geojson, read_ports};

/// Mean Earth radius in metres (IUGG), for great-circle distances.
pub const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// Metres in one nautical mile.
pub const METRES_PER_NM: f64 = 1852.0;

/// The farthest distance from shore that [`Geography::distance_to_shore_m`]
/// measures: farther positions get exactly this value. 200 km (108 nm) is
/// twice the largest threshold the detectors compare with (50 nm offshore for
/// a likely-intentional gap).
pub const MAX_SHORE_DISTANCE_M: f64 = 200_000.0;

/// Largest geography file (JSON or CSV) the readers accept, in bytes.
pub const MAX_FILE_BYTES: u64 = 512 * 1024 * 1024;

/// Most vertices one file may hold, so a hostile file cannot exhaust memory
/// after parsing.
pub const MAX_VERTICES: usize = 50_000_000;

/// Most features (GeoJSON, TopoJSON) or rows (CSV) one file may hold.
pub const MAX_RECORDS: usize = 5_000_000;

/// Great-circle distance in metres between two positions in degrees
/// (haversine; accurate to about 0.5% on the ellipsoid, which is far
/// below the thresholds it is compared with).
///
/// # Examples
/// ```
/// // One minute of latitude is about a nautical mile.
/// let metres = vigil_geo::haversine_m(38.0, 125.0, 38.0 + 1.0 / 60.0, 125.0);
/// assert!((metres - vigil_geo::METRES_PER_NM).abs() < 5.0);
/// ```
pub fn haversine_m(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (phi1, phi2) = (lat1.to_radians(), lat2.to_radians());
    let dphi = phi2 - phi1;
    let dlambda = (lon2 - lon1).to_radians();
    let a = (dphi / 2.0).sin().powi(2) + phi1.cos() * phi2.cos() * (dlambda / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_M * a.sqrt().min(1.0).asin()
}

/// A polygon in degrees: an exterior ring and holes, each a closed or open
/// list of `[lon, lat]` vertices (GeoJSON order).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Polygon {
    /// The outer ring.
    pub exterior: Vec<[f64; 2]>,
    /// Rings cut out of it (lakes, for land).
    pub holes: Vec<Vec<[f64; 2]>>,
}

impl Polygon {
    /// Whether the position lies inside the exterior and outside every hole
    /// (even-odd rule, planar in degrees; a point on an edge may go either
    /// way). This scans every vertex; [`RegionIndex`] answers the same
    /// question from a grid.
    pub fn contains(&self, lat: f64, lon: f64) -> bool {
        ring_contains(&self.exterior, lat, lon)
            && !self.holes.iter().any(|hole| ring_contains(hole, lat, lon))
    }

    /// Number of vertices in all its rings.
    pub fn n_vertices(&self) -> usize {
        self.exterior.len() + self.holes.iter().map(Vec::len).sum::<usize>()
    }
}

fn ring_contains(ring: &[[f64; 2]], lat: f64, lon: f64) -> bool {
    let mut inside = false;
    let mut j = ring.len().wrapping_sub(1);
    for i in 0..ring.len() {
        let ([xi, yi], [xj, yj]) = (ring[i], ring[j]);
        if (yi > lat) != (yj > lat) && lon < (xj - xi) * (lat - yi) / (yj - yi) + xi {
            inside = !inside;
        }
        j = i;
    }
    inside
}

/// A port or anchorage: a reference point with a name.
#[derive(Debug, Clone, PartialEq)]
pub struct Port {
    /// The port's name ("Nampo").
    pub name: String,
    /// ISO 3166-1 alpha-2 code of its country ("KP"), when known.
    pub country: Option<String>,
    /// Latitude in degrees.
    pub lat: f64,
    /// Longitude in degrees.
    pub lon: f64,
    /// Whether a stop here is a `port_call` event (a watched port, such as
    /// the DPRK's) rather than ordinary traffic.
    pub watched: bool,
    /// Where the position comes from ("vigil DPRK profile", a file name).
    pub source: String,
}

/// A named area: DPRK waters, an EEZ, a study area.
#[derive(Debug, Clone, PartialEq)]
pub struct Zone {
    /// The zone's name.
    pub name: String,
    /// Its polygons (a MultiPolygon is several).
    pub polygons: Vec<Polygon>,
    /// Whether entering it is a `zone_entry` event.
    pub watched: bool,
    /// Where it comes from.
    pub source: String,
}

impl Zone {
    /// Whether any of the zone's polygons contains the position (a linear
    /// scan; [`Geography::zones_containing`] uses an index).
    pub fn contains(&self, lat: f64, lon: f64) -> bool {
        self.polygons.iter().any(|polygon| polygon.contains(lat, lon))
    }
}

/// Land polygons, for "is this at sea" and "how far from shore".
///
/// Read one with [`Land::read`] (GeoJSON or TopoJSON) or find the installed
/// Natural Earth file with [`Land::discover`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Land {
    /// The land polygons.
    pub polygons: Vec<Polygon>,
}

/// Everything a run knows about geography.
///
/// Build it literally (`Geography { land, ports, zones, ..Default::default() }`),
/// with [`Geography::new`], [`Geography::dprk_profile`] or
/// [`Geography::load`].
#[derive(Debug, Clone, Default)]
pub struct Geography {
    /// Land, when a land file was found or given; without it, distance from
    /// shore is unknown and the detectors say so.
    pub land: Option<Land>,
    /// Ports and anchorages, watched or not.
    pub ports: Vec<Port>,
    /// Named zones.
    pub zones: Vec<Zone>,
    /// Indexes over the fields above, built on first use; leave it at
    /// `Default::default()`.
    pub index: GeoIndex,
}

/// What [`Geography::load`] found besides the geography.
#[derive(Debug, Default)]
pub struct LoadReport {
    /// The land file used, given or discovered; `None` when no land is known.
    pub land_path: Option<PathBuf>,
    /// Features and rows that were skipped, and a discovered land file that
    /// could not be read.
    pub errors: Vec<GeoError>,
}

impl Geography {
    /// A geography of the given parts.
    pub fn new(land: Option<Land>, ports: Vec<Port>, zones: Vec<Zone>) -> Geography {
        Geography { land, ports, zones, index: GeoIndex::default() }
    }

    /// The built-in DPRK profile: [`dprk_ports`] and [`dprk_zones`], no land.
    pub fn dprk_profile() -> Geography {
        Geography::new(None, dprk_ports(), dprk_zones())
    }

    /// The DPRK profile plus land, ports and zones from files: what
    /// `vigil ais events --land FILE --ports FILE --zones FILE` runs on.
    ///
    /// Land comes from `land` when given (an error reading it is fatal) or
    /// else from [`Land::discover_path`] (an error reading that is reported
    /// in [`LoadReport::errors`] and the run goes on without land). Port and
    /// zone files add to the profile's; an unreadable one is fatal, a bad
    /// feature or row is reported and skipped.
    pub fn load(
        land: Option<&Path>,
        ports: &[PathBuf],
        zones: &[PathBuf],
    ) -> Result<(Geography, LoadReport)> {
        let mut geo = Geography::dprk_profile();
        let mut report = LoadReport::default();
        if let Some(path) = land {
            let (loaded, errors) = Land::read(path)?;
            report.errors.extend(errors);
            geo.land = Some(loaded);
            report.land_path = Some(path.to_path_buf());
        } else if let Some(path) = Land::discover_path() {
            match Land::read(&path) {
                Ok((loaded, errors)) => {
                    report.errors.extend(errors);
                    geo.land = Some(loaded);
                    report.land_path = Some(path);
                }
                Err(error) => report.errors.push(error),
            }
        }
        for path in ports {
            let (read, errors) = read_ports(path)?;
            geo.ports.extend(read);
            report.errors.extend(errors);
        }
        for path in zones {
            let (read, errors) = read_zones(path)?;
            geo.zones.extend(read);
            report.errors.extend(errors);
        }
        Ok((geo, report))
    }

    /// Marks the ports with one of `names` (any case) as watched, so a
    /// profile can ask for calls at, say, Vostochny ([`PORTS_ON_REQUEST`]).
    /// Returns how many ports changed.
    pub fn watch_ports_named(&mut self, names: &[&str]) -> usize {
        let mut changed = 0;
        for port in &mut self.ports {
            if !port.watched && names.iter().any(|name| name.eq_ignore_ascii_case(&port.name)) {
                port.watched = true;
                changed += 1;
            }
        }
        self.reindex();
        changed
    }

    /// Drops the indexes, to be rebuilt on the next query: call it after
    /// changing land, ports or zones in place.
    pub fn reindex(&mut self) {
        self.index = GeoIndex::default();
    }

    /// Distance in metres from the position to the nearest coast: 0 on land,
    /// [`MAX_SHORE_DISTANCE_M`] for anything at least that far, and `None`
    /// when no land is loaded or the position is not finite.
    ///
    /// # Units and accuracy
    /// Land is planar in degrees for "is it inside"; the distance to each
    /// coastline edge is measured on a local equirectangular projection
    /// around the position, within 1% of the great-circle distance up to the
    /// cap. The accuracy of the answer is that of the land file: Natural
    /// Earth 50m puts coasts within about 1 km.
    pub fn distance_to_shore_m(&self, lat: f64, lon: f64) -> Option<f64> {
        self.distance_to_shore_within_m(lat, lon, MAX_SHORE_DISTANCE_M)
    }

    /// As [`Geography::distance_to_shore_m`], with the search stopped at
    /// `max_m` (at most [`MAX_SHORE_DISTANCE_M`]): positions farther than
    /// that get `max_m`. Smaller caps are faster far from land.
    pub fn distance_to_shore_within_m(&self, lat: f64, lon: f64, max_m: f64) -> Option<f64> {
        let land = self.land.as_ref()?;
        if !(lat.is_finite() && lon.is_finite()) {
            return None;
        }
        let cap = max_m.min(MAX_SHORE_DISTANCE_M);
        Some(match self.land_index(land) {
            Some(index) => index.distance_m(lat, lon, cap),
            None if land.contains(lat, lon) => 0.0,
            None => naive_distance_m(&land.polygons, lat, lon).min(cap),
        })
    }

    /// Whether the position is on land, or `None` when no land is loaded.
    pub fn is_land(&self, lat: f64, lon: f64) -> Option<bool> {
        let land = self.land.as_ref()?;
        Some(match self.land_index(land) {
            Some(index) => index.contains(lat, lon),
            None => land.contains(lat, lon),
        })
    }

    /// The nearest port and its great-circle distance in metres, if any
    /// port is known. Ties go to the port listed first.
    pub fn nearest_port(&self, lat: f64, lon: f64) -> Option<(&Port, f64)> {
        self.nearest_port_in(lat, lon, false)
    }

    /// The nearest watched port and its distance in metres.
    pub fn nearest_watched_port(&self, lat: f64, lon: f64) -> Option<(&Port, f64)> {
        self.nearest_port_in(lat, lon, true)
    }

    /// Every port within `radius_m` metres, nearest first (ties in list
    /// order).
    pub fn ports_within(&self, lat: f64, lon: f64, radius_m: f64) -> Vec<(&Port, f64)> {
        let mut found: Vec<(&Port, f64, usize)> = match self.port_index() {
            Some(index) => {
                let mut items = Vec::new();
                index.all.within(
                    &kdtree::unit_vector(lat, lon),
                    kdtree::chord2_of_metres(radius_m),
                    &mut items,
                );
                items
                    .into_iter()
                    .map(|item| item as usize)
                    .map(|idx| (&self.ports[idx], idx))
                    .collect::<Vec<_>>()
            }
            None => self.ports.iter().enumerate().map(|(idx, port)| (port, idx)).collect(),
        }
        .into_iter()
        .map(|(port, idx)| (port, haversine_m(lat, lon, port.lat, port.lon), idx))
        .filter(|(_, metres, _)| *metres <= radius_m)
        .collect();
        found.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.2.cmp(&b.2)));
        found.into_iter().map(|(port, metres, _)| (port, metres)).collect()
    }

    /// The zones that contain the position, in list order.
    pub fn zones_containing(&self, lat: f64, lon: f64) -> impl Iterator<Item = &Zone> {
        let indexes = self.zone_indexes();
        self.zones
            .iter()
            .enumerate()
            .filter(move |(idx, zone)| match indexes {
                Some(indexes) => indexes[*idx].contains(lat, lon),
                None => zone.contains(lat, lon),
            })
            .map(|(_, zone)| zone)
    }

    fn nearest_port_in(&self, lat: f64, lon: f64, watched_only: bool) -> Option<(&Port, f64)> {
        let Some(index) = self.port_index() else {
            return self
                .ports
                .iter()
                .filter(|port| port.watched || !watched_only)
                .map(|port| (port, haversine_m(lat, lon, port.lat, port.lon)))
                .min_by(|a, b| a.1.total_cmp(&b.1));
        };
        let tree = if watched_only { &index.watched } else { &index.all };
        let (item, _) = tree.nearest(&kdtree::unit_vector(lat, lon))?;
        let port = &self.ports[item as usize];
        Some((port, haversine_m(lat, lon, port.lat, port.lon)))
    }

    fn land_index(&self, land: &Land) -> Option<&RegionIndex> {
        let key = IndexKey::of(&land.polygons);
        let keyed = self.index.land.get_or_init(|| Keyed {
            key,
            value: RegionIndex::new(&land.polygons, MAX_SHORE_DISTANCE_M),
        });
        (keyed.key == key).then_some(&keyed.value)
    }

    fn port_index(&self) -> Option<&PortIndex> {
        let key = IndexKey::of(&self.ports);
        let keyed = self.index.ports.get_or_init(|| {
            let points = |watched_only: bool| {
                self.ports
                    .iter()
                    .enumerate()
                    .filter(move |(_, port)| port.watched || !watched_only)
                    .map(|(idx, port)| (port.lat, port.lon, idx as u32))
            };
            let value = PortIndex {
                all: kdtree::PointTree::new(points(false)),
                watched: kdtree::PointTree::new(points(true)),
            };
            Keyed { key, value }
        });
        (keyed.key == key).then_some(&keyed.value)
    }

    fn zone_indexes(&self) -> Option<&[RegionIndex]> {
        let key = IndexKey::of(&self.zones);
        let keyed = self.index.zones.get_or_init(|| {
            let value =
                self.zones.iter().map(|zone| RegionIndex::new(&zone.polygons, 0.0)).collect();
            Keyed { key, value }
        });
        (keyed.key == key).then_some(keyed.value.as_slice())
    }
}

/// Indexes over a [`Geography`]'s land, ports and zones, each built on the
/// first query that needs it. Cloning gives an empty one (the clone's vectors
/// are new, so the old indexes would not match them anyway).
#[derive(Default)]
pub struct GeoIndex {
    land: OnceLock<Keyed<RegionIndex>>,
    ports: OnceLock<Keyed<PortIndex>>,
    zones: OnceLock<Keyed<Vec<RegionIndex>>>,
}

impl Clone for GeoIndex {
    fn clone(&self) -> GeoIndex {
        GeoIndex::default()
    }
}

impl std::fmt::Debug for GeoIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GeoIndex")
            .field("land", &self.land.get().is_some())
            .field("ports", &self.ports.get().is_some())
            .field("zones", &self.zones.get().is_some())
            .finish()
    }
}

/// An index with the identity of the vector it was built from.
struct Keyed<T> {
    key: IndexKey,
    value: T,
}

/// The address and length of a vector: an index built from one is not used
/// for another.
#[derive(Clone, Copy, PartialEq, Eq)]
struct IndexKey(usize, usize);

impl IndexKey {
    fn of<T>(items: &[T]) -> IndexKey {
        IndexKey(items.as_ptr() as usize, items.len())
    }
}

struct PortIndex {
    all: kdtree::PointTree,
    watched: kdtree::PointTree,
}

/// Distance in metres to the nearest edge of any ring (edges along the
/// antimeridian excepted), by linear scan: the reference the index is tested
/// against, and the fallback when the index does not match the data.
pub(crate) fn naive_distance_m(polygons: &[Polygon], lat: f64, lon: f64) -> f64 {
    let projection = LocalProjection::around(lat, lon);
    let mut nearest = f64::INFINITY;
    for ring in polygons.iter().flat_map(|p| std::iter::once(&p.exterior).chain(&p.holes)) {
        for idx in 0..ring.len() {
            let next = ring[(idx + 1) % ring.len()];
            if !is_seam(ring[idx], next) {
                nearest = nearest.min(projection.distance_to_segment_m(ring[idx], next));
            }
        }
    }
    nearest
}

/// Whether the edge `a`–`b` runs along the antimeridian: the cut of a ring
/// at ±180° (see `antimeridian.rs`), not a coast, so distances ignore it.
pub(crate) fn is_seam(a: [f64; 2], b: [f64; 2]) -> bool {
    a[0] == b[0] && a[0].abs() == 180.0
}

/// The local equirectangular projection around a query position, in metres
/// east and north of it, for distances to coastline edges: good to well
/// under 1% at the distances (up to a few hundred km) shore distance needs.
/// Made once per query, since the cosine is the costly part.
pub(crate) struct LocalProjection {
    pub(crate) lat: f64,
    pub(crate) lon: f64,
    pub(crate) metres_per_deg_lat: f64,
    pub(crate) metres_per_deg_lon: f64,
}

impl LocalProjection {
    pub(crate) fn around(lat: f64, lon: f64) -> LocalProjection {
        let metres_per_deg_lat = EARTH_RADIUS_M.to_radians();
        let metres_per_deg_lon = metres_per_deg_lat * lat.to_radians().cos();
        LocalProjection { lat, lon, metres_per_deg_lat, metres_per_deg_lon }
    }

    /// Distance in metres to the edge `a`–`b` (`[lon, lat]`).
    #[inline]
    pub(crate) fn distance_to_segment_m(&self, a: [f64; 2], b: [f64; 2]) -> f64 {
        self.distance2_to_segment(a, b).sqrt()
    }

    /// The square of [`LocalProjection::distance_to_segment_m`]: searches
    /// compare squares and take one square root at the end (`hypot` was a
    /// third of the query time).
    #[inline]
    pub(crate) fn distance2_to_segment(&self, a: [f64; 2], b: [f64; 2]) -> f64 {
        let project = |p: [f64; 2]| {
            (
                wrap_lon(p[0] - self.lon) * self.metres_per_deg_lon,
                (p[1] - self.lat) * self.metres_per_deg_lat,
            )
        };
        let ((ax, ay), (bx, by)) = (project(a), project(b));
        let (dx, dy) = (bx - ax, by - ay);
        let len2 = dx * dx + dy * dy;
        let t = if len2 > 0.0 { (-(ax * dx + ay * dy) / len2).clamp(0.0, 1.0) } else { 0.0 };
        let (x, y) = (ax + t * dx, ay + t * dy);
        x * x + y * y
    }
}

/// A longitude difference folded into `[-180, 180)`.
#[inline]
pub(crate) fn wrap_lon(delta: f64) -> f64 {
    if (-180.0..180.0).contains(&delta) {
        delta
    } else {
        (delta + 180.0).rem_euclid(360.0) - 180.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square() -> Polygon {
        Polygon {
            exterior: vec![
                [125.0, 38.0],
                [126.0, 38.0],
                [126.0, 39.0],
                [125.0, 39.0],
                [125.0, 38.0],
            ],
            holes: vec![],
        }
    }

    #[test]
    fn one_minute_of_latitude_is_about_one_nautical_mile() {
        let d = haversine_m(38.0, 125.0, 38.0 + 1.0 / 60.0, 125.0);
        assert!((d - METRES_PER_NM).abs() < 5.0, "{d}");
    }

    #[test]
    fn shore_distance_is_zero_inside_and_grows_offshore() {
        let geo =
            Geography { land: Some(Land { polygons: vec![square()] }), ..Geography::default() };
        assert_eq!(geo.distance_to_shore_m(38.5, 125.5), Some(0.0));
        assert_eq!(geo.is_land(38.5, 125.5), Some(true));
        let offshore = geo.distance_to_shore_m(38.5, 124.9).unwrap();
        let expected = haversine_m(38.5, 124.9, 38.5, 125.0);
        assert!((offshore - expected).abs() < 0.01 * expected, "{offshore} vs {expected}");
        assert_eq!(geo.distance_to_shore_m(0.0, 0.0), Some(MAX_SHORE_DISTANCE_M));
        assert_eq!(geo.distance_to_shore_within_m(38.5, 124.0, 10_000.0), Some(10_000.0));
        assert_eq!(geo.distance_to_shore_m(f64::NAN, 125.0), None);
        assert_eq!(Geography::default().distance_to_shore_m(0.0, 0.0), None);
    }

    #[test]
    fn replaced_vectors_are_answered_without_the_stale_index() {
        let mut geo =
            Geography { land: Some(Land { polygons: vec![square()] }), ..Geography::default() };
        assert_eq!(geo.is_land(38.5, 125.5), Some(true));
        let mut moved = square();
        moved.exterior.iter_mut().for_each(|v| v[0] += 10.0);
        geo.land = Some(Land { polygons: vec![moved, square()] });
        assert_eq!(geo.is_land(38.5, 135.5), Some(true));
        geo.land.as_mut().unwrap().polygons.truncate(1);
        geo.reindex();
        assert_eq!(geo.is_land(38.5, 125.5), Some(false));
        assert_eq!(geo.clone().is_land(38.5, 135.5), Some(true));
    }

    #[test]
    fn nearest_port_and_ports_within_prefer_the_first_of_equals() {
        let port = |name: &str, lat: f64, lon: f64, watched: bool| Port {
            name: name.to_owned(),
            country: None,
            lat,
            lon,
            watched,
            source: "test".to_owned(),
        };
        let mut geo = Geography::new(
            None,
            vec![
                port("a", 38.0, 125.0, false),
                port("b", 38.0, 125.0, false),
                port("c", 38.5, 125.0, true),
            ],
            vec![],
        );
        assert_eq!(geo.nearest_port(38.01, 125.0).unwrap().0.name, "a");
        assert_eq!(geo.nearest_watched_port(38.01, 125.0).unwrap().0.name, "c");
        let near: Vec<&str> =
            geo.ports_within(38.01, 125.0, 60_000.0).iter().map(|(p, _)| p.name.as_str()).collect();
        assert_eq!(near, ["a", "b", "c"]);
        assert_eq!(geo.ports_within(38.01, 125.0, 10_000.0).len(), 2);
        assert_eq!(geo.watch_ports_named(&["B"]), 1);
        assert_eq!(geo.nearest_watched_port(38.01, 125.0).unwrap().0.name, "b");
        assert!(Geography::default().nearest_port(0.0, 0.0).is_none());
    }
}
