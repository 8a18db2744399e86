//! Fuzz target: the port CSV reader of `vigil-geo` (World Port Index, GFW
//! anchorages) never panics, gives only ports in range, and names the file
//! and line of every row it skips.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use vigil_geo::ports_from_csv;

/// Headers of the layouts the reader knows, so mutations reach its rows.
const HEADERS: [&[u8]; 3] = [
    b"World Port Index Number,Main Port Name,UN/LOCODE,Country Code,Latitude,Longitude\n",
    b"s2id,latitude,longitude,label,sublabel,iso3\n",
    b"name,lat,lon,iso2,watched\n",
];

fuzz_target!(|data: &[u8]| {
    read(data);
    for header in HEADERS {
        read(&[header, data].concat());
    }
});

fn read(bytes: &[u8]) {
    let Ok((ports, errors)) = ports_from_csv(bytes, Path::new("fuzz.csv")) else { return };
    for port in &ports {
        let in_range = port.lon.is_finite()
            && port.lat.is_finite()
            && port.lon.abs() <= 180.0 + 1e-9
            && port.lat.abs() <= 90.0 + 1e-9;
        assert!(in_range, "{port:?}");
        assert!(port.source.starts_with("fuzz.csv:"), "{port:?}");
    }
    for error in &errors {
        assert!(error.to_string().starts_with("fuzz.csv: line "), "{error}");
    }
}
