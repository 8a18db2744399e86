//! Every real NMEA log under `../shared/data/ais/nmea/` decodes without a
//! panic, and the message counts match those SOURCES.md gives (counted with
//! pyais 3.3.1, multi-part sentences joined first).
//!
//! Where vigil counts fewer messages than pyais, the difference is
//! explained at the file: mostly sentences whose checksum is wrong, which
//! pyais decodes anyway (it checks checksums only when asked) and vigil
//! rejects as `Reason::BadChecksum`; also type 28 and sub-38-bit payloads.
//! vigil's own count is asserted exactly, so any change fails the test.

use std::io::Read;
use std::path::Path;

use vigil_ais::{Decoder, Reason, Stats};

/// Decodes a whole file (gzip or plain) and returns the counts.
fn decode_file(path: &Path) -> Stats {
    let raw = std::fs::read(path).expect("readable");
    let bytes = if raw.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        flate2::read::MultiGzDecoder::new(&raw[..]).read_to_end(&mut out).expect("gzip");
        out
    } else {
        raw
    };
    let mut decoder = Decoder::default();
    for (idx, line) in bytes.split(|&b| b == b'\n').enumerate() {
        decoder.push_line(line, idx as u64 + 1);
    }
    decoder.finish();
    decoder.stats().clone()
}

/// (file, the pyais count from SOURCES.md, vigil's count). Where the two
/// differ, the comment says why; every difference is a line vigil rejects on
/// purpose, counted under its reason.
const COUNTS: &[(&str, u64, u64)] = &[
    ("dma_aisabnormal/ais-sample.txt.gz", 26_077, 26_077),
    ("dma_aisabnormal/ais-sample-micro.txt.gz", 9, 9),
    // 2 sentences with a wrong checksum (pyais decodes them); pyais 3.3.1's
    // own FileReaderStream gives 34,012 on this file, so the last 1–2 lie in
    // how damaged multi-part groups are joined (vigil drops 4 incomplete groups).
    ("amsa_risky/ais.txt.gz", 34_011, 34_008),
    // 4 payloads `00` with 4 fill bits: 4 bits of type 0, which pyais decodes
    // as type 1 full of zeros; vigil rejects them as too short.
    ("amsa_risky/exact-earth-augmented.txt", 3_972, 3_968),
    ("amsa_risky/exact-earth-augmented-2.txt", 1_133, 1_133),
    ("amsa_risky/exact-earth-augmented-3.txt", 4_309, 4_309),
    ("amsa_risky/exact-earth-with-tag-block.txt", 200, 200),
    ("amsa_risky/nmea-timestamped.txt", 100, 100),
    ("dma_aislib/stream_example.txt", 4_051, 4_051),
    ("aisdb/test_data_20211101.nm4", 979, 979),
    ("dma_aisabnormal/538004030_drift_1.ais", 5_252, 5_252),
    ("dma_aisabnormal/212123000_drift_1.ais", 3_130, 3_130),
    ("dma_aisabnormal/219165000_ssc_1.ais", 80, 80),
    // SOURCES.md says 109, but pyais 3.3.1's FileReaderStream decodes 102
    // here, as vigil does (same counts per type).
    ("gpsd/sample.aivdm", 109, 102),
    ("gpsd/ais-nmea-type6-fid55.log", 1_326, 1_326),
    ("gpsd/ais_unpack_sixbit.log", 13, 13),
    ("libais/typeexamples.nmea", 26, 26),
    ("libais/tagblock.nmea", 4, 4),
    // 17 messages of type 28 (not defined by ITU-R M.1371-5) and one of
    // fewer than 38 bits, which pyais decodes and vigil rejects.
    ("libais/test.aivdm", 261, 243),
    ("dma_aislib/decode_encode_messages.txt", 601, 601),
    ("dma_aislib/ais250.txt", 235, 235),
    ("dma_aislib/small_cb_example.txt", 11, 11),
    ("pyais/nmea_data_sample.txt", 778, 778),
    ("gfw_ais_tools/mixed_types.nmea", 99, 99),
    ("gfw_ais_tools/multi-part.nmea", 43, 43),
    ("gfw_ais_tools/type1-bad-bitcount.nmea", 12, 12),
    ("gfw_ais_tools/ee-multiline.nmea", 8, 8),
    // 2 sentences with a wrong checksum (payloads cut short, checksum of
    // the whole kept), which pyais decodes anyway.
    ("gfw_ais_tools/errors.nmea", 5, 3),
    ("gfw_ais_tools/sample.nmea", 3, 3),
    ("gfw_ais_tools/bad-tagblock-group.nmea", 1, 1),
    // Its one sentence has a wrong checksum; pyais decodes it anyway.
    ("gfw_ais_tools/single-message-type-5.nmea", 1, 0),
    ("gfw_ais_tools/type8.nmea", 1, 1),
    // Both files put the two parts of each type 5 on one line, each part
    // with its own tag block; pyais reads only the first sentence of a line,
    // vigil reads every one (and skips bad-type5's three bare payload lines).
    ("gfw_ais_tools/bad-type5.nmea", 0, 3),
    ("gfw_ais_tools/spire-test.nmea", 0, 2),
];

#[test]
fn counts_match_sources_md() {
    let mut report = String::new();
    let mut failed = false;
    for &(file, pyais, expected) in COUNTS {
        let Some(path) = vigil_testdata::shared_file(&format!("ais/nmea/{file}")) else {
            return;
        };
        let stats = decode_file(&path);
        let ok = stats.messages == expected;
        failed |= !ok;
        let rejected: Vec<String> = Reason::ALL
            .iter()
            .filter(|&&r| stats.rejected(r) > 0)
            .map(|&r| format!("{r}={}", stats.rejected(r)))
            .collect();
        let types: Vec<String> = (1..28)
            .filter(|&t| stats.by_type[t] > 0)
            .map(|t| format!("{t}:{}", stats.by_type[t]))
            .collect();
        report.push_str(&format!(
            "{} {file}: vigil {} (expected {expected}, pyais {pyais}) rejected [{}] types [{}]\n",
            if ok { "ok  " } else { "DIFF" },
            stats.messages,
            rejected.join(" "),
            types.join(" ")
        ));
    }
    eprintln!("{report}");
    assert!(!failed, "{report}");
}
