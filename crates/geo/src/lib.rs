//! vigil's geography: where is this position, relative to land, ports and zones?
//!
//! The AIS detectors ask three questions of a position: how far is it from
//! shore (loitering and likely-intentional gaps are only counted offshore),
//! which port or anchorage is near (encounters inside ports are traffic, calls
//! at DPRK ports are events), and which watched zone contains it (entries into
//! DPRK waters). This crate answers them from values: it reads GeoJSON,
//! TopoJSON (Natural Earth as shipped by the `world-atlas` npm package) and the
//! World Port Index CSV, and ships the DPRK profile's port positions, written
//! by us as facts. It never downloads anything.
#![deny(missing_docs)]

/// Mean Earth radius in metres (IUGG), for great-circle distances.
pub const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// Metres in one nautical mile.
pub const METRES_PER_NM: f64 = 1852.0;

/// Great-circle distance in metres between two positions in degrees
/// (haversine; accurate to about 0.5% on the ellipsoid, which is far
/// below the thresholds it is compared with).
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
    /// (even-odd rule; a point on an edge may go either way).
    pub fn contains(&self, lat: f64, lon: f64) -> bool {
        ring_contains(&self.exterior, lat, lon)
            && !self.holes.iter().any(|hole| ring_contains(hole, lat, lon))
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
    /// Whether any of the zone's polygons contains the position.
    pub fn contains(&self, lat: f64, lon: f64) -> bool {
        self.polygons.iter().any(|polygon| polygon.contains(lat, lon))
    }
}

/// Land polygons, for "is this at sea" and "how far from shore".
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Land {
    /// The land polygons.
    pub polygons: Vec<Polygon>,
}

/// Everything a run knows about geography.
#[derive(Debug, Clone, Default)]
pub struct Geography {
    /// Land, when a land file was found or given; without it, distance from
    /// shore is unknown and the detectors say so.
    pub land: Option<Land>,
    /// Ports and anchorages, watched or not.
    pub ports: Vec<Port>,
    /// Named zones.
    pub zones: Vec<Zone>,
}

impl Geography {
    /// Distance in metres from the position to the nearest coast (0 on
    /// land), or `None` when no land is loaded.
    pub fn distance_to_shore_m(&self, lat: f64, lon: f64) -> Option<f64> {
        let land = self.land.as_ref()?;
        if land.polygons.iter().any(|polygon| polygon.contains(lat, lon)) {
            return Some(0.0);
        }
        let rings = land.polygons.iter().flat_map(|p| std::iter::once(&p.exterior).chain(&p.holes));
        let nearest = rings
            .flat_map(|ring| ring.windows(2))
            .map(|edge| distance_to_segment_m(lat, lon, edge[0], edge[1]))
            .fold(f64::INFINITY, f64::min);
        Some(nearest)
    }

    /// The nearest port and its distance in metres, if any port is known.
    pub fn nearest_port(&self, lat: f64, lon: f64) -> Option<(&Port, f64)> {
        self.ports
            .iter()
            .map(|port| (port, haversine_m(lat, lon, port.lat, port.lon)))
            .min_by(|a, b| a.1.total_cmp(&b.1))
    }

    /// The zones that contain the position.
    pub fn zones_containing(&self, lat: f64, lon: f64) -> impl Iterator<Item = &Zone> {
        self.zones.iter().filter(move |zone| zone.contains(lat, lon))
    }
}

/// Distance in metres from a position to the edge `a`–`b` (`[lon, lat]`),
/// on a local equirectangular projection around the position: good to well
/// under 1% at the distances (up to a few hundred km) shore distance needs.
fn distance_to_segment_m(lat: f64, lon: f64, a: [f64; 2], b: [f64; 2]) -> f64 {
    let metres_per_deg = EARTH_RADIUS_M.to_radians();
    let kx = metres_per_deg * lat.to_radians().cos();
    let project = |p: [f64; 2]| (wrap_lon(p[0] - lon) * kx, (p[1] - lat) * metres_per_deg);
    let ((ax, ay), (bx, by)) = (project(a), project(b));
    let (dx, dy) = (bx - ax, by - ay);
    let len2 = dx * dx + dy * dy;
    let t = if len2 > 0.0 { (-(ax * dx + ay * dy) / len2).clamp(0.0, 1.0) } else { 0.0 };
    (ax + t * dx).hypot(ay + t * dy)
}

fn wrap_lon(delta: f64) -> f64 {
    (delta + 180.0).rem_euclid(360.0) - 180.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_minute_of_latitude_is_about_one_nautical_mile() {
        let d = haversine_m(38.0, 125.0, 38.0 + 1.0 / 60.0, 125.0);
        assert!((d - METRES_PER_NM).abs() < 5.0, "{d}");
    }

    #[test]
    fn shore_distance_is_zero_inside_and_grows_offshore() {
        let square = Polygon {
            exterior: vec![
                [125.0, 38.0],
                [126.0, 38.0],
                [126.0, 39.0],
                [125.0, 39.0],
                [125.0, 38.0],
            ],
            holes: vec![],
        };
        let geo = Geography { land: Some(Land { polygons: vec![square] }), ..Geography::default() };
        assert_eq!(geo.distance_to_shore_m(38.5, 125.5), Some(0.0));
        let offshore = geo.distance_to_shore_m(38.5, 124.9).unwrap();
        let expected = haversine_m(38.5, 124.9, 38.5, 125.0);
        assert!((offshore - expected).abs() < 0.01 * expected, "{offshore} vs {expected}");
        assert_eq!(Geography::default().distance_to_shore_m(0.0, 0.0), None);
    }
}
