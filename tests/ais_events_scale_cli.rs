//! `vigil ais events --positions-csv` through the real binary: a positions
//! table read window by window finds the encounter that crosses window
//! boundaries, the same with any window length, and reports bad and
//! out-of-order rows by line.

mod common;

use std::path::Path;
use std::process::Output;

use common::{json_lines, vigil};

/// 2024-01-01T00:00:00Z.
const DAY0: i64 = 1_704_067_200;

/// Half a day in the open Sea of Japan: a pair side by side at 0.5 kn from
/// 01:30 to 05:30 and a ship transiting at 12 kn, a row every 2 minutes,
/// in time order.
fn table() -> String {
    let mut text = String::from("mmsi,t,lat,lon,sog\n");
    for step in 0..360 {
        let t = DAY0 + step * 120;
        let h = (step * 120) as f64 / 3600.0;
        if (5_400..19_800).contains(&(step * 120)) {
            text.push_str(&format!("445000001,{t},40.00000,134.00000,0.5\n"));
            text.push_str(&format!("667000002,{t},40.00000,134.00200,0.5\n"));
        }
        text.push_str(&format!("440100000,{t},39.00000,{:.5},12.0\n", 132.0 + h * 0.25));
    }
    text
}

fn run(path: &Path, window_h: &str) -> Output {
    let path = path.to_str().expect("a UTF-8 path");
    vigil(&["ais", "events", "--positions-csv", "--window-h", window_h, path])
}

fn encounters(output: &Output) -> Vec<serde_json::Value> {
    json_lines(&output.stdout).into_iter().filter(|event| event["kind"] == "encounter").collect()
}

#[test]
fn positions_table_gives_the_same_encounter_with_any_window() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("positions.csv");
    std::fs::write(&path, table()).expect("writes");
    let hourly = run(&path, "1");
    assert_eq!(hourly.status.code(), Some(0), "{}", String::from_utf8_lossy(&hourly.stderr));
    let found = encounters(&hourly);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["mmsi"], serde_json::json!([445000001, 667000002]));
    assert_eq!(found[0]["start"], "2024-01-01T01:30:00Z");
    let evidence = found[0]["evidence_lines"][0].as_str().expect("evidence line");
    assert!(evidence.starts_with("445000001,") || evidence.starts_with("667000002,"), "{evidence}");
    for window_h in ["0.5", "6", "24"] {
        let other = run(&path, window_h);
        assert_eq!(other.stdout, hourly.stdout, "window of {window_h} h");
    }
}

#[test]
fn bad_and_out_of_order_rows_are_reported_by_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("positions.csv");
    let mut text = table();
    // Beyond the year 9999: a bad time too, not an overflow.
    text.push_str("445000001,1e300,40.0,134.0,0.5\n");
    text.push_str("445000001,not-a-time,40.0,134.0,0.5\n");
    text.push_str(&format!("445000001,{DAY0},40.0,134.0,0.5\n"));
    std::fs::write(&path, &text).expect("writes");
    let output = run(&path, "1");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let lines = text.lines().count();
    assert!(stderr.contains(&format!("line {}: bad time", lines - 2)), "{stderr}");
    assert!(stderr.contains(&format!("line {}: bad time", lines - 1)), "{stderr}");
    assert!(stderr.contains(&format!("positions.csv:{lines}")), "{stderr}");
    assert_eq!(encounters(&output).len(), 1);
    let missing = run(&dir.path().join("absent.csv"), "1");
    assert_eq!(missing.status.code(), Some(2));
    let bad_window = run(&path, "0");
    assert_eq!(bad_window.status.code(), Some(2));
}
