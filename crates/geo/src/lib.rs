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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_minute_of_latitude_is_about_one_nautical_mile() {
        let d = haversine_m(38.0, 125.0, 38.0 + 1.0 / 60.0, 125.0);
        assert!((d - METRES_PER_NM).abs() < 5.0, "{d}");
    }
}
