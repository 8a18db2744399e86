//! Fuzz target: the AIS decoder never panics on any bytes, split into lines.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut decoder = vigil_ais::Decoder::default();
    for (idx, line) in data.split(|&b| b == b'\n').enumerate() {
        let _ = decoder.push_line(line, idx as u64 + 1);
    }
    decoder.finish();
});
