//! The built-in DPRK profile: the ports a sanctions monitor watches, and
//! coarse "DPRK waters" zones on both coasts, written here as facts so that
//! vigil works on a fresh machine without any geography file.
//!
//! The port positions are reference points to the nearest arc-minute, the
//! precision of the public gazetteers; each names its NGA World Port Index
//! (Pub. 150) number, the public source of the fact. Port-call detection
//! uses a radius of a few kilometres around them.
//!
//! The zones are **approximations for demonstration and simulation**: a few
//! vertices per coast, drawn by us to cover the sea off the DPRK coast (and
//! some of the land behind it, which is harmless for "did a ship enter"). They
//! are not legal boundaries: the DPRK's maritime claims overlap China's in
//! Korea Bay, South Korea's at the Northern Limit Lines and Russia's off the
//! Tumen. Give exact boundaries with `--zones FILE` (GeoJSON).

use crate::{Polygon, Port, Zone};

/// The `source` of every port and zone of the built-in profile.
pub const DPRK_PROFILE_SOURCE: &str = "vigil DPRK profile";

/// Ports of the profile that are not watched by default but that a profile
/// may ask for with [`crate::Geography::watch_ports_named`]: the Russian
/// ports where cargo from Rajin is known to be transshipped.
pub const PORTS_ON_REQUEST: [&str; 2] = ["Vostochny", "Vladivostok"];

/// (name, ISO country, latitude, longitude, WPI number, WPI's own name).
const PORTS: &[(&str, &str, f64, f64, u32, &str)] = &[
    ("Nampo", "KP", 38.716667, 125.4, 60280, "Nampo (Chinnampo)"),
    ("Songrim", "KP", 38.733333, 125.616667, 60290, "Kyomip'o (Songnim)"),
    ("Haeju", "KP", 38.0, 125.7, 60310, "Haeju Hang"),
    ("Wonsan", "KP", 39.166667, 127.45, 60440, "Wonsan"),
    ("Hungnam", "KP", 39.833333, 127.616667, 60450, "Hungnam (Konan)"),
    ("Kimchaek", "KP", 40.666667, 129.2, 60480, "Kimch'aek (Songjin)"),
    ("Chongjin", "KP", 41.766667, 129.816667, 60500, "Ch'ongjin"),
    ("Rajin", "KP", 42.233333, 130.3, 60510, "Najin (Rashin)"),
    ("Vostochny", "RU", 42.75, 133.083333, 60725, "Vostochnyy"),
    ("Vladivostok", "RU", 43.108889, 131.888333, 60610, "Vladivostok"),
];

/// The profile's ports: the eight DPRK ports (watched) and
/// [`PORTS_ON_REQUEST`] (not watched).
pub fn dprk_ports() -> Vec<Port> {
    PORTS
        .iter()
        .map(|&(name, country, lat, lon, wpi, wpi_name)| Port {
            name: name.to_owned(),
            country: Some(country.to_owned()),
            lat,
            lon,
            watched: country == "KP",
            source: format!("{DPRK_PROFILE_SOURCE} (World Port Index no. {wpi}, {wpi_name})"),
        })
        .collect()
}

/// Name of the approximate zone off the west coast (Korea Bay, Yellow Sea).
pub(crate) const WEST_SEA_ZONE: &str = "DPRK waters, West Sea (approximate)";

/// Name of the approximate zone off the east coast (East Sea / Sea of Japan).
pub(crate) const EAST_SEA_ZONE: &str = "DPRK waters, East Sea (approximate)";

/// West coast, `[lon, lat]`: from the Yalu mouth out into Korea Bay, south
/// to just north of the Northern Limit Line (clear of Baengnyeong and
/// Yeonpyeong), east to the Han estuary, then back inland behind the coast.
const WEST_SEA: &[[f64; 2]] = &[
    [124.30, 39.90],
    [123.75, 39.45],
    [123.75, 38.75],
    [124.40, 38.10],
    [125.10, 37.85],
    [125.55, 37.76],
    [126.00, 37.74],
    [126.55, 37.76],
    [126.75, 38.00],
    [126.00, 39.20],
    [125.00, 40.00],
];

/// East coast, `[lon, lat]`: from the east end of the Military Demarcation
/// Line out to sea, north-east to off the Tumen mouth (short of Russian
/// waters at Posyet), then back south-west inland behind the coast.
const EAST_SEA: &[[f64; 2]] = &[
    [128.00, 38.65],
    [130.20, 38.65],
    [131.30, 40.50],
    [131.00, 41.60],
    [130.75, 42.00],
    [130.70, 42.29],
    [130.40, 42.38],
    [129.60, 41.90],
    [128.90, 40.80],
    [127.30, 39.90],
    [127.10, 39.20],
];

/// The profile's two approximate, watched "DPRK waters" zones (see the
/// module docs for what they are not).
pub fn dprk_zones() -> Vec<Zone> {
    [(WEST_SEA_ZONE, WEST_SEA), (EAST_SEA_ZONE, EAST_SEA)]
        .into_iter()
        .map(|(name, ring)| Zone {
            name: name.to_owned(),
            polygons: vec![Polygon { exterior: ring.to_vec(), holes: vec![] }],
            watched: true,
            source: format!(
                "{DPRK_PROFILE_SOURCE} (approximate, for demonstration and simulation)"
            ),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{haversine_m, Geography};

    /// Distance from a point to the nearest zone vertex or inside (0), a
    /// coarse "near" that is enough for positions given to the arc-minute.
    fn distance_to_zone_m(zone: &Zone, lat: f64, lon: f64) -> f64 {
        if zone.contains(lat, lon) {
            return 0.0;
        }
        crate::naive_distance_m(&zone.polygons, lat, lon)
    }

    #[test]
    fn every_dprk_port_lies_in_its_coast_zone_and_the_russian_ports_in_neither() {
        let zones = dprk_zones();
        let (west, east) = (&zones[0], &zones[1]);
        for port in dprk_ports() {
            let (in_west, in_east) =
                (west.contains(port.lat, port.lon), east.contains(port.lat, port.lon));
            match port.name.as_str() {
                "Nampo" | "Songrim" | "Haeju" => assert!(in_west && !in_east, "{}", port.name),
                "Vostochny" | "Vladivostok" => {
                    assert!(!in_west && !in_east && !port.watched, "{}", port.name);
                    assert!(
                        distance_to_zone_m(east, port.lat, port.lon) > 50_000.0,
                        "{}",
                        port.name
                    );
                }
                _ => assert!(in_east && !in_west && port.watched, "{}", port.name),
            }
        }
    }

    #[test]
    fn neighbours_ports_and_cities_are_outside_both_zones() {
        let geo = Geography::dprk_profile();
        // (name, lat, lon): public gazetteer positions.
        let outside = [
            ("Seoul", 37.5665, 126.978),
            ("Incheon", 37.4667, 126.6167),
            ("Yeonpyeong Island", 37.666, 125.70),
            ("Baengnyeong Island", 37.967, 124.68),
            ("Dalian", 38.9222, 121.6589),
            ("Dandong", 40.1292, 124.3947),
            ("Sokcho", 38.207, 128.591),
            ("Posyet", 42.65, 130.80),
            ("Vladivostok", 43.1089, 131.8883),
            ("Qingdao", 36.0671, 120.3826),
        ];
        for (name, lat, lon) in outside {
            assert_eq!(geo.zones_containing(lat, lon).count(), 0, "{name}");
        }
        // And a ship off Nampo, one off Chongjin, are inside.
        assert_eq!(
            geo.zones_containing(38.60, 125.00).next().map(|z| z.name.as_str()),
            Some(WEST_SEA_ZONE)
        );
        assert_eq!(
            geo.zones_containing(41.50, 130.20).next().map(|z| z.name.as_str()),
            Some(EAST_SEA_ZONE)
        );
    }

    #[test]
    fn profile_ports_are_distinct_and_on_request_ports_can_be_watched() {
        let mut geo = Geography::dprk_profile();
        assert_eq!(geo.ports.iter().filter(|p| p.watched).count(), 8);
        let (nearest, metres) = geo.nearest_watched_port(42.70, 133.00).unwrap();
        assert_eq!(nearest.name, "Rajin");
        assert!(metres > 200_000.0);
        assert_eq!(geo.watch_ports_named(&PORTS_ON_REQUEST), 2);
        assert_eq!(geo.nearest_watched_port(42.70, 133.00).unwrap().0.name, "Vostochny");
        for (i, a) in geo.ports.iter().enumerate() {
            for b in &geo.ports[i + 1..] {
                assert!(
                    haversine_m(a.lat, a.lon, b.lat, b.lon) > 15_000.0,
                    "{} {}",
                    a.name,
                    b.name
                );
            }
        }
    }
}
