//! Fuzzes the UN consolidated XML reader and the EU FSF XML reader.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vigil_lists::{parse_bytes_as, Format};

fuzz_target!(|data: &[u8]| {
    let _ = parse_bytes_as(Format::UnXml, "consolidated.xml", data);
    let _ = parse_bytes_as(Format::EuFsfXml, "eu.xml", data);
});
