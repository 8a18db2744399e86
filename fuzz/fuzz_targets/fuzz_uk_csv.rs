//! Fuzzes the UK OFSI ConList CSV parser (Windows-1252, grouped rows).
#![no_main]

use libfuzzer_sys::fuzz_target;
use vigil_lists::{parse_bytes_as, Format};

fuzz_target!(|data: &[u8]| {
    let _ = parse_bytes_as(Format::UkOfsiCsv, "ConList.csv", data);
});
