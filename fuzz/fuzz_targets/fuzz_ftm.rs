//! Fuzzes the FtM entity and delta JSON-lines parsers and the UK JSONL parser.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vigil_lists::{parse_bytes_as, Format};

fuzz_target!(|data: &[u8]| {
    let _ = parse_bytes_as(Format::FtmEntities, "entities.ftm.json", data);
    let _ = parse_bytes_as(Format::FtmDelta, "entities.delta.json", data);
    let _ = parse_bytes_as(Format::UkSanctionsJsonl, "uk.jsonl", data);
});
