//! Fuzz target: the GeoJSON and TopoJSON readers of `vigil-geo` (land,
//! zones, ports) never panic, and whatever they return is in range: every
//! vertex and port finite and within ±180° longitude, ±90° latitude, and
//! every skipped feature reported against the file's name.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use vigil_geo::{ports_from_geojson, zones_from_geojson, GeoError, Land, Polygon};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let path = Path::new("fuzz.geojson");
    if let Ok((land, errors)) = Land::from_geojson(&text, path) {
        check_polygons(&land.polygons);
        check_errors(&errors);
    }
    if let Ok((land, errors)) = Land::from_topojson(&text, path) {
        check_polygons(&land.polygons);
        check_errors(&errors);
    }
    if let Ok((zones, errors)) = zones_from_geojson(&text, path) {
        for zone in &zones {
            check_polygons(&zone.polygons);
        }
        check_errors(&errors);
    }
    if let Ok((ports, errors)) = ports_from_geojson(&text, path) {
        for port in &ports {
            assert!(in_range(port.lon, port.lat), "{port:?}");
        }
        check_errors(&errors);
    }
});

fn in_range(lon: f64, lat: f64) -> bool {
    lon.is_finite() && lat.is_finite() && lon.abs() <= 180.0 + 1e-9 && lat.abs() <= 90.0 + 1e-9
}

fn check_polygons(polygons: &[Polygon]) {
    for polygon in polygons {
        for [lon, lat] in std::iter::once(&polygon.exterior).chain(&polygon.holes).flatten() {
            assert!(in_range(*lon, *lat), "vertex [{lon}, {lat}]");
        }
    }
}

fn check_errors(errors: &[GeoError]) {
    for error in errors {
        assert!(error.to_string().starts_with("fuzz.geojson: "), "{error}");
    }
}
