//! Fuzzes the OFAC CSV parser (primary file layout and remarks scanning).
#![no_main]

use libfuzzer_sys::fuzz_target;
use vigil_lists::{parse_bytes, parse_bytes_as, Format};

fuzz_target!(|data: &[u8]| {
    let _ = parse_bytes_as(Format::OfacSdn, "sdn.csv", data);
    let _ = parse_bytes("sdn_2024-05-03.csv", data);
});
