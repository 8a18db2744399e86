//! Fuzz target: the tag-block, `$PGHP` and trailing-epoch parsers never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = vigil_ais::parse_tag_block(data);
    let _ = vigil_ais::parse_pghp(data);
    let _ = vigil_ais::parse_trailing_epoch(data);
});
