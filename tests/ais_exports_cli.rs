//! End-to-end tests of decoded CSV / JSON exports through the real binary:
//! every `vigil ais` command takes them as it takes NMEA (format sniffed,
//! gzip and stdin too), `src` names the row, bad rows are counted, and
//! `--strict` stops at the first one with its file and line.

mod common;

use std::io::Write;

use common::{json_lines, vigil, vigil_expect, vigil_with_stdin};
use serde_json::Value;

const DMA: &str =
    concat!(env!("CARGO_MANIFEST_DIR"), "/crates/ais/tests/fixtures/dma_synthetic.csv");

#[test]
fn decode_reads_a_dma_csv() {
    let (stdout, _) = vigil_expect(&["ais", "decode", "--stats", "--json", DMA], 0);
    let lines = json_lines(&stdout);
    let (stats, messages) = lines.split_last().expect("a stats line");
    let summary: Vec<(u64, String)> = messages
        .iter()
        .map(|m| (m["type"].as_u64().unwrap(), m["src"].as_str().unwrap().to_owned()))
        .collect();
    let src = |line: u32| format!("{DMA}:{line}");
    assert_eq!(
        summary,
        [
            (1, src(2)),
            (5, src(2)),
            (1, src(3)),
            (18, src(4)),
            (24, src(4)),
            (24, src(4)),
            (4, src(5)),
            (1, src(8)),
            (5, src(8)),
        ]
    );
    assert_eq!(messages[0]["ts"], "2023-12-01T00:00:00Z");
    assert_eq!(messages[0]["speed"], 10.2);
    assert_eq!(messages[1]["shipname"], "NORDIC TEST");
    assert_eq!(messages[1]["imo"], 9321483);
    assert_eq!(messages[7]["lat"], Value::Null);
    // Three bad rows (a bad time, a bad MMSI, a short row) under "malformed".
    assert_eq!(stats["stats"]["rejected"]["malformed"], 3);
    assert_eq!(stats["stats"]["messages"], 9);
}

#[test]
fn strict_names_the_first_bad_row() {
    let output = vigil(&["ais", "decode", "--strict", DMA]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains(&format!("{DMA}:6: bad_time (DMA CSV)")), "{stderr}");
}

#[test]
fn gzip_on_stdin_reads_the_same() {
    let plain = std::fs::read(DMA).unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&plain).unwrap();
    let gz = gz.finish().unwrap();
    let from_file = json_lines(&vigil(&["ais", "decode", DMA]).stdout);
    let from_stdin = json_lines(&vigil_with_stdin(&["ais", "decode", "-"], &gz).stdout);
    assert_eq!(from_file.len(), 9);
    assert_eq!(from_file.len(), from_stdin.len());
    for (a, b) in from_file.iter().zip(&from_stdin) {
        let (mut a, mut b) = (a.clone(), b.clone());
        assert_eq!(
            b["src"].as_str().unwrap().rsplit(':').next(),
            a["src"].as_str().unwrap().rsplit(':').next()
        );
        a["src"] = Value::Null;
        b["src"] = Value::Null;
        assert_eq!(a, b);
    }
}

#[test]
fn tracks_on_the_boston_marinecadastre_csv() {
    let Some(path) = vigil_testdata::shared_file(
        "ais/decoded/marinecadastre_qgis/demodata_ais_boston_2014-01.csv",
    ) else {
        return;
    };
    let path = path.to_str().unwrap();
    let (stdout, _) = vigil_expect(&["ais", "tracks", path], 0);
    let positions = json_lines(&stdout);
    // SOURCES.md: 972 positions of 4 MMSIs.
    assert_eq!(positions.len(), 972);
    let mut mmsis: Vec<u64> = positions.iter().map(|p| p["mmsi"].as_u64().unwrap()).collect();
    mmsis.dedup();
    assert_eq!(mmsis, [215020081, 240000208, 255880350, 257990100]);
    let segmented = positions.iter().filter(|p| p["segment"].is_string()).count();
    assert!(segmented > 900, "{segmented}");
    assert!(positions[0]["src"].as_str().unwrap().starts_with(path));
}

#[test]
fn vessels_from_the_noaa_csv() {
    let Some(path) = vigil_testdata::shared_file("ais/decoded/aisdb/test_data_noaa_20230101.csv")
    else {
        return;
    };
    let args = ["ais", "vessels", "--db", "/nonexistent/vigil.db", path.to_str().unwrap()];
    // Exit 1: no list is given, so no vessel is linked to one.
    let (stdout, _) = vigil_expect(&args, 1);
    let vessels = json_lines(&stdout);
    // SOURCES.md: 1,000 MMSIs.
    assert_eq!(vessels.len(), 1000);
    let naisha = vessels.iter().find(|v| v["mmsi"] == 636021061).expect("MSC NAISHA III");
    assert!(naisha.to_string().contains("MSC NAISHA III"), "{naisha}");
    assert!(naisha.to_string().contains("9307839"), "{naisha}");
}
