//! vigil-geo on real public data: Natural Earth land as the npm package ships
//! it (TopoJSON) and as the shared GeoJSON, the World Port Index, GFW's
//! anchorages and the GFW North Korea paper's zones. Each test skips when its
//! files are absent, so a fresh machine still passes.

use std::path::{Path, PathBuf};

use vigil_geo::{haversine_m, read_ports, read_zones, Geography, Land, RegionIndex, METRES_PER_NM};

/// The land file `npm ci --prefix tools/geo` installs, when it has been run.
fn npm_land(name: &str) -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tools/geo/node_modules/world-atlas")
        .join(name);
    if path.is_file() {
        Some(path)
    } else {
        eprintln!("skipping: {} is absent (run npm ci --prefix tools/geo)", path.display());
        None
    }
}

fn read_land(path: &Path) -> Land {
    let (land, errors) = Land::read(path).unwrap();
    assert!(errors.is_empty(), "{errors:?}");
    land
}

fn geography(land: Land) -> Geography {
    Geography { land: Some(land), ..Geography::dprk_profile() }
}

/// A deterministic sequence of positions over a box (lat, lon).
fn positions(n: usize, seed: u64, south: f64, west: f64, north: f64, east: f64) -> Vec<(f64, f64)> {
    let mut state = seed | 1;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    (0..n).map(|_| (south + next() * (north - south), west + next() * (east - west))).collect()
}

// Public gazetteer positions (lat, lon).
const PYONGYANG: (f64, f64) = (39.0194, 125.7381);
const YELLOW_SEA_MIDDLE: (f64, f64) = (36.5, 123.5);
const NAMPO: (f64, f64) = (38.716667, 125.4);
const SEOUL: (f64, f64) = (37.5665, 126.978);

#[test]
fn npm_topojson_land_answers_the_known_places() {
    let Some(path) = npm_land("land-50m.json") else { return };
    let geo = geography(read_land(&path));
    let land = geo.land.as_ref().unwrap();
    assert!(land.polygons.len() > 1000, "{}", land.polygons.len());
    assert_eq!(geo.is_land(PYONGYANG.0, PYONGYANG.1), Some(true));
    assert_eq!(geo.is_land(SEOUL.0, SEOUL.1), Some(true));
    let inland = geo.distance_to_shore_m(PYONGYANG.0, PYONGYANG.1).unwrap();
    assert_eq!(inland, 0.0);
    let yellow_sea = geo.distance_to_shore_m(YELLOW_SEA_MIDDLE.0, YELLOW_SEA_MIDDLE.1).unwrap();
    assert!(yellow_sea >= 20.0 * METRES_PER_NM, "{yellow_sea}");
    assert!(yellow_sea < 200_000.0, "Shandong and Korea are both within 200 km: {yellow_sea}");
    let nampo = geo.distance_to_shore_m(NAMPO.0, NAMPO.1).unwrap();
    assert!(nampo < 5_000.0, "{nampo}");
    // Mid-Pacific is beyond the cap.
    assert_eq!(geo.distance_to_shore_m(30.0, -150.0), Some(vigil_geo::MAX_SHORE_DISTANCE_M));
}

#[test]
fn npm_topojson_and_shared_geojson_agree_on_land_and_sea() {
    let Some(topo) = npm_land("land-50m.json") else { return };
    let Some(geojson) = vigil_testdata::shared_file("geo/land/ne_50m_land_world.geojson") else {
        return;
    };
    let (from_topo, from_geojson) = (read_land(&topo).index(0.0), read_land(&geojson).index(0.0));
    // The shared GeoJSON was made by reading the spherical TopoJSON as planar
    // and repairing it with make_valid, which cut polygons along the
    // latitudes where rings cross the antimeridian: a sliver at 16.5°S
    // (Fiji) and the bands north of 65°N (Chukotka, Wrangel Island). Compare
    // everywhere else.
    let sample: Vec<(f64, f64)> = positions(100_000, 7, -60.0, -180.0, 64.5, 180.0)
        .into_iter()
        .filter(|(lat, _)| (lat + 16.51).abs() > 0.05)
        .collect();
    let (mut n_land, mut disagree) = (0, Vec::new());
    for &(lat, lon) in &sample {
        let on_land = from_topo.contains(lat, lon);
        n_land += on_land as usize;
        if on_land != from_geojson.contains(lat, lon) {
            disagree.push((lat, lon));
        }
    }
    let share_land = n_land as f64 / sample.len() as f64;
    assert!((0.2..0.4).contains(&share_land), "{share_land}");
    assert!(
        disagree.is_empty(),
        "{} of {} disagree: {:?}",
        disagree.len(),
        sample.len(),
        &disagree[..disagree.len().min(5)]
    );
}

#[test]
fn npm_topojson_rings_across_the_antimeridian_are_cut_not_smeared() {
    let Some(path) = npm_land("land-50m.json") else { return };
    let geo = geography(read_land(&path));
    // (name, lat, lon, land): public gazetteer positions on the latitudes
    // where Eurasia's, Wrangel Island's and Antarctica's rings cross 180°.
    let places = [
        ("Norwegian Sea", 66.15, 1.07, false),
        ("Barents Sea", 72.0, 40.0, false),
        ("Chukchi Sea", 69.5, -170.0, false),
        ("Taymyr Peninsula", 71.4, 96.0, true),
        ("Chukotka, west of 180°", 66.5, 175.0, true),
        ("Chukotka, east of 180°", 66.0, -172.5, true),
        ("Wrangel Island", 71.25, -179.8, true),
        ("Baffin Bay", 72.0, -65.0, false),
        ("South Pole", -89.9, 0.0, true),
        ("Fiji, Vanua Levu", -16.6, 179.3, true),
        ("South Pacific at Fiji's latitude", -16.5, -150.0, false),
        ("Caspian Sea", 43.0, 50.7, false),
    ];
    for (name, lat, lon, land) in places {
        assert_eq!(geo.is_land(lat, lon), Some(land), "{name}");
    }
}

#[test]
fn npm_topojson_110m_decodes_too() {
    let Some(path) = npm_land("land-110m.json") else { return };
    let geo = geography(read_land(&path));
    assert_eq!(geo.is_land(PYONGYANG.0, PYONGYANG.1), Some(true));
    assert_eq!(geo.is_land(YELLOW_SEA_MIDDLE.0, YELLOW_SEA_MIDDLE.1), Some(false));
}

#[test]
fn indexed_distances_agree_with_the_linear_scan_on_natural_earth_10m() {
    let Some(path) =
        vigil_testdata::shared_file("geo/land/ne_10m_land_neasia_115E-145E_30N-50N.geojson")
    else {
        return;
    };
    let land = read_land(&path);
    let geo = geography(land.clone());
    let linear = Geography { land: Some(land.clone()), ..Geography::default() };
    let mut n_offshore = 0;
    // The brute force costs milliseconds a point: a few hundred points.
    for (lat, lon) in positions(200, 3, 33.0, 119.0, 44.0, 134.0) {
        let fast = geo.distance_to_shore_m(lat, lon).unwrap();
        let on_land = land.contains(lat, lon);
        let slow = if on_land {
            0.0
        } else {
            naive_distance(&land, lat, lon).min(vigil_geo::MAX_SHORE_DISTANCE_M)
        };
        // 1%, plus 30 m for the 50 m steps of the brute force.
        assert!((fast - slow).abs() <= 0.01 * slow + 30.0, "({lat}, {lon}): {fast} vs {slow}");
        assert_eq!(geo.is_land(lat, lon), Some(on_land), "({lat}, {lon})");
        assert_eq!(linear.is_land(lat, lon), geo.is_land(lat, lon));
        n_offshore += (slow > 10_000.0) as usize;
    }
    assert!(n_offshore > 30, "{n_offshore}");
}

/// Distance to the nearest edge by brute force, written independently of the
/// crate: great-circle distance to densified edges (each split into 50 m
/// steps), so it also checks the crate's projection.
fn naive_distance(land: &Land, lat: f64, lon: f64) -> f64 {
    let mut best = f64::INFINITY;
    for polygon in &land.polygons {
        for ring in std::iter::once(&polygon.exterior).chain(&polygon.holes) {
            for idx in 0..ring.len() {
                let (a, b) = (ring[idx], ring[(idx + 1) % ring.len()]);
                // Cheap rejection: both ends far beyond the best so far.
                let near_end =
                    haversine_m(lat, lon, a[1], a[0]).min(haversine_m(lat, lon, b[1], b[0]));
                let length = haversine_m(a[1], a[0], b[1], b[0]);
                if near_end - length > best {
                    continue;
                }
                let steps = (length / 50.0).ceil().max(1.0) as usize;
                for step in 0..=steps {
                    let t = step as f64 / steps as f64;
                    let (plat, plon) = (a[1] + (b[1] - a[1]) * t, a[0] + (b[0] - a[0]) * t);
                    best = best.min(haversine_m(lat, lon, plat, plon));
                }
            }
        }
    }
    best
}

#[test]
fn wpi_full_file_reads_every_port_and_watches_north_korea() {
    let Some(path) = vigil_testdata::shared_file("geo/ports/UpdatedPub150.csv") else { return };
    let (ports, errors) = read_ports(&path).unwrap();
    assert!(errors.is_empty(), "{:?}", &errors[..errors.len().min(5)]);
    assert_eq!(ports.len(), 3768);
    let watched: Vec<&str> = ports.iter().filter(|p| p.watched).map(|p| p.name.as_str()).collect();
    assert!(
        watched.len() >= 8 && watched.contains(&"Nampo") && watched.contains(&"Najin"),
        "{watched:?}"
    );
    assert!(ports.iter().filter(|p| p.watched).all(|p| p.country.as_deref() == Some("KP")));
    let known = ports.iter().filter(|p| p.country.is_some()).count();
    assert!(known * 100 >= ports.len() * 95, "{known} of {} have a country", ports.len());
    let geo = Geography::new(None, ports, vec![]);
    let (port, metres) = geo.nearest_port(35.1, 129.04).unwrap();
    assert_eq!((port.name.as_str(), port.country.as_deref()), ("Busan", Some("KR")), "{metres}");
}

#[test]
fn wpi_subset_and_gfw_anchorages_read_whole() {
    let Some(subset) =
        vigil_testdata::shared_file("geo/ports/wpi_ports_neasia_115E-145E_30N-50N.csv")
    else {
        return;
    };
    let (ports, errors) = read_ports(&subset).unwrap();
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(ports.len(), 232);
    assert_eq!(ports.iter().filter(|p| p.watched).count(), 10);
    assert_eq!(ports.iter().filter(|p| p.country.as_deref() == Some("JP")).count(), 155);
    let Some(gfw) = vigil_testdata::shared_file(
        "geo/ports/gfw_anchorage_overrides_neasia_115E-145E_30N-50N.csv",
    ) else {
        return;
    };
    let (anchorages, errors) = read_ports(&gfw).unwrap();
    assert!(errors.is_empty(), "{:?}", &errors[..errors.len().min(5)]);
    assert_eq!(anchorages.len(), 17_869);
    assert_eq!(anchorages.iter().filter(|p| p.country.as_deref() == Some("CN")).count(), 14_510);
    assert_eq!(anchorages.iter().filter(|p| p.watched).count(), 0, "GFW lists no DPRK anchorage");
    let geo = Geography::new(None, anchorages, vec![]);
    let near_vostochny: Vec<&str> =
        geo.ports_within(42.75, 133.083333, 5_000.0).iter().map(|(p, _)| p.name.as_str()).collect();
    assert!(near_vostochny.contains(&"VOSTOCHNYY"), "{near_vostochny:?}");
}

#[test]
fn profile_zones_hold_every_wpi_north_korean_port_and_no_other() {
    let Some(subset) =
        vigil_testdata::shared_file("geo/ports/wpi_ports_neasia_115E-145E_30N-50N.csv")
    else {
        return;
    };
    let (ports, _) = read_ports(&subset).unwrap();
    let profile = Geography::dprk_profile();
    let zone_regions: Vec<RegionIndex> =
        profile.zones.iter().map(|z| RegionIndex::new(&z.polygons, 50_000.0)).collect();
    for port in &ports {
        let nearest_zone_m = zone_regions
            .iter()
            .map(|r| r.distance_m(port.lat, port.lon, 50_000.0))
            .fold(f64::INFINITY, f64::min);
        if port.country.as_deref() == Some("KP") {
            assert!(
                nearest_zone_m < 10_000.0,
                "{} is {nearest_zone_m} m from the zones",
                port.name
            );
        } else {
            assert_eq!(
                profile.zones_containing(port.lat, port.lon).count(),
                0,
                "{} ({:?})",
                port.name,
                port.country
            );
        }
    }
}

#[test]
fn gfw_paper_zones_read_and_contain_the_east_coast_waters() {
    let Some(path) = vigil_testdata::shared_file("geo/eez/gfw_nk_paper_eez_prk.geojson") else {
        return;
    };
    let (zones, errors) = read_zones(&path).unwrap();
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(zones.len(), 1);
    // Named by its Marine Regions `geoname` property.
    assert_eq!(zones[0].name, "North Korean 12 NM");
    let geo = Geography::new(None, vec![], zones);
    // Off Chongjin, and in the middle of the claimed EEZ.
    assert_eq!(geo.zones_containing(41.5, 130.2).count(), 1);
    assert_eq!(geo.zones_containing(40.0, 131.0).count(), 1);
    // The Yellow Sea side is not covered by this file; Vladivostok is Russian.
    assert_eq!(geo.zones_containing(38.6, 125.0).count(), 0);
    assert_eq!(geo.zones_containing(43.1, 131.9).count(), 0);
    for zone_file in
        ["geo/eez/gfw_nk_paper_eez_rus_12nm.geojson", "geo/eez/gfw_nk_paper_study_area.geojson"]
    {
        let Some(path) = vigil_testdata::shared_file(zone_file) else { return };
        let (zones, errors) = read_zones(&path).unwrap();
        assert!(errors.is_empty() && zones.len() == 1, "{zone_file}: {errors:?}");
    }
}

#[test]
fn load_combines_the_profile_with_files_and_reports_the_land_used() {
    let Some(land) =
        vigil_testdata::shared_file("geo/land/ne_10m_land_neasia_115E-145E_30N-50N.geojson")
    else {
        return;
    };
    let Some(zones) = vigil_testdata::shared_file("geo/eez/gfw_nk_paper_eez_prk.geojson") else {
        return;
    };
    let Some(ports) =
        vigil_testdata::shared_file("geo/ports/wpi_ports_neasia_115E-145E_30N-50N.csv")
    else {
        return;
    };
    let (geo, report) = Geography::load(Some(&land), &[ports], &[zones]).unwrap();
    assert_eq!(report.land_path.as_deref(), Some(land.as_path()));
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert_eq!(geo.ports.len(), 10 + 232);
    assert_eq!(geo.zones.len(), 3);
    assert_eq!(geo.is_land(PYONGYANG.0, PYONGYANG.1), Some(true));
    let missing = Path::new("/nonexistent/land.geojson");
    let error = Geography::load(Some(missing), &[], &[]).unwrap_err();
    assert!(error.to_string().starts_with("/nonexistent/land.geojson: "), "{error}");
}

#[test]
fn discover_finds_the_npm_land_from_the_crate_directory() {
    if std::env::var_os(vigil_geo::LAND_ENV).is_some() {
        eprintln!("skipping: {} is set", vigil_geo::LAND_ENV);
        return;
    }
    let Some(installed) = npm_land("land-50m.json") else { return };
    // Tests run in crates/geo; the file is two levels up.
    let (land, path) = Land::discover().expect("found from an ancestor of the current directory");
    assert_eq!(path.canonicalize().unwrap(), installed.canonicalize().unwrap());
    assert!(path.ends_with(vigil_geo::LAND_FILE_IN_REPO));
    assert!(land.polygons.len() > 1000);
}
