//! Ships keep to the water: every lane, port channel and anchorage of the
//! simulator, and every position of a simulated log, lies outside the
//! Natural Earth 1:10m land polygons (read with vigil-geo). Skipped when
//! the shared land file is absent.

use vigil_geo::{Land, RegionIndex};
use vigil_sim::sea::{self, interpolate, LatLon};
use vigil_sim::{simulate, Config};

fn land() -> Option<RegionIndex> {
    let path =
        vigil_testdata::shared_file("geo/land/ne_10m_land_neasia_115E-145E_30N-50N.geojson")?;
    let (land, errors) = Land::read(&path).expect("the land file reads");
    assert!(errors.is_empty(), "{errors:?}");
    Some(land.index(1_000.0))
}

/// Samples a great-circle leg every 100 m.
fn assert_leg_at_sea(land: &RegionIndex, a: LatLon, b: LatLon, what: &str) {
    let n = (sea::distance_m(a, b) / 100.0).ceil().max(1.0) as usize;
    for k in 0..=n {
        let p = interpolate(a, b, k as f64 / n as f64);
        assert!(!land.contains(p.lat, p.lon), "{what}: ({:.4}, {:.4}) is on land", p.lat, p.lon);
    }
}

#[test]
fn lanes_channels_and_anchorages_are_at_sea() {
    let Some(land) = land() else { return };
    for (a, b) in sea::LANES {
        let (na, nb) = (sea::node_named(a).unwrap(), sea::node_named(b).unwrap());
        assert_leg_at_sea(&land, na.at, nb.at, &format!("lane {a}-{b}"));
    }
    for port in sea::PORTS {
        let out = sea::route_out(port, 0);
        for leg in out.windows(2) {
            assert_leg_at_sea(&land, leg[0], leg[1], &format!("channel of {}", port.name));
        }
        for slot in 1..sea::port_slots(port).len() {
            let out = sea::route_out(port, slot);
            assert_leg_at_sea(&land, out[0], out[1], &format!("anchorage {slot} of {}", port.name));
        }
    }
}

#[test]
fn every_simulated_position_is_at_sea() {
    let Some(land) = land() else { return };
    for seed in [7, 8] {
        let output =
            simulate(Config { seed, hours: 48.0, vessels: 40, start_ms: 1_740_787_200_000 });
        let (messages, _) = vigil_ais::decode_text(&output.nmea);
        let mut n_fixes = 0;
        for message in &messages {
            if let Some(fix) = message.fix() {
                n_fixes += 1;
                assert!(
                    !land.contains(fix.lat, fix.lon),
                    "seed {seed}: MMSI {} at ({:.5}, {:.5}) line {} is on land",
                    message.mmsi,
                    fix.lat,
                    fix.lon,
                    message.line
                );
            }
        }
        assert!(n_fixes > 10_000, "{n_fixes}");
    }
}

#[test]
fn ships_lying_in_port_are_within_twenty_nm_of_shore_on_both_land_scales() {
    // Loitering is counted 20 nm or more from shore: a ship waiting at an
    // anchorage must never qualify, with fine or coarse land.
    for file in [
        "geo/land/ne_10m_land_neasia_115E-145E_30N-50N.geojson",
        "geo/land/ne_50m_land_world.geojson",
    ] {
        let Some(path) = vigil_testdata::shared_file(file) else { return };
        let (land, _) = Land::read(&path).expect("the land file reads");
        let geo = vigil_geo::Geography::new(Some(land), vec![], vec![]);
        for port in sea::PORTS {
            for (slot, at) in sea::port_slots(port).into_iter().enumerate() {
                let metres = geo.distance_to_shore_m(at.lat, at.lon).unwrap();
                assert!(metres < 18.0 * 1852.0, "{file}: {} slot {slot}: {metres:.0} m", port.name);
            }
        }
    }
}
