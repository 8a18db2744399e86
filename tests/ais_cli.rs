//! End-to-end tests of `vigil ais decode` through the real binary, on the
//! self-written fixture `crates/ais/tests/fixtures/sample.nmea`: a tagged
//! type 1, noise, a two-part type 5 interleaved with a type 1, a bad
//! checksum, and a `$PGHP`-timed Class A report.

use std::io::Write;
use std::process::{Command, Output, Stdio};

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/crates/ais/tests/fixtures/sample.nmea");

fn vigil(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_vigil"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the vigil binary runs");
    let mut pipe = child.stdin.take().expect("stdin");
    pipe.write_all(stdin.unwrap_or_default()).expect("stdin written");
    drop(pipe);
    child.wait_with_output().expect("vigil finishes")
}

fn json_lines(output: &Output) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).expect("each line is JSON"))
        .collect()
}

#[test]
fn decode_writes_one_json_line_per_message() {
    let output = vigil(&["ais", "decode", FIXTURE], None);
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let lines = json_lines(&output);
    let summary: Vec<(u64, u64)> =
        lines.iter().map(|l| (l["type"].as_u64().unwrap(), l["mmsi"].as_u64().unwrap())).collect();
    assert_eq!(summary, [(1, 224651000), (1, 371798000), (5, 244660390), (1, 218278000)]);
    // The tag block's time, and the line of the sentence.
    assert_eq!(lines[0]["ts"], "2014-12-10T00:41:53Z");
    assert_eq!(lines[0]["src"], format!("{FIXTURE}:3"));
    assert_eq!(lines[0]["speed"], 1.2);
    assert_eq!(lines[0]["heading"], 155);
    // No time at all.
    assert_eq!(lines[1]["ts"], serde_json::Value::Null);
    // The two-part message ends at its second part, on line 7.
    assert_eq!(lines[2]["src"], format!("{FIXTURE}:7"));
    assert_eq!(lines[2]["shipname"], "LAHRINGEN");
    assert_eq!(lines[2]["callsign"], "PB4664");
    assert_eq!(lines[2]["destination"], "R'DAM/LWARDEN");
    assert_eq!(lines[2]["draught"], 3.0);
    assert_eq!(lines[2]["eta"], "11-21T12:00Z");
    // The $PGHP time, with milliseconds.
    assert_eq!(lines[3]["ts"], "2013-11-12T12:00:00.011Z");
}

#[test]
fn stats_count_types_and_rejections() {
    let output = vigil(&["ais", "decode", "--stats", FIXTURE], None);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("messages 4\n"), "{stderr}");
    assert!(stderr.contains("type 1 3\n"), "{stderr}");
    assert!(stderr.contains("type 5 1\n"), "{stderr}");
    assert!(stderr.contains("rejected not_ais 1\n"), "{stderr}");
    assert!(stderr.contains("rejected bad_checksum 1\n"), "{stderr}");

    let output = vigil(&["ais", "decode", "--stats", "--json", FIXTURE], None);
    let lines = json_lines(&output);
    let stats = &lines.last().expect("a stats line")["stats"];
    assert_eq!(stats["messages"], 4);
    assert_eq!(stats["by_type"]["1"], 3);
    assert_eq!(stats["rejected"]["bad_checksum"], 1);
    assert_eq!(stats["rejected"]["not_ais"], 1);
}

#[test]
fn strict_stops_at_the_first_bad_line() {
    let output = vigil(&["ais", "decode", "--strict", FIXTURE], None);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains(&format!("{FIXTURE}:4: not_ais")), "{stderr}");
    // What came before the bad line was written.
    assert_eq!(json_lines(&output).len(), 1);
}

#[test]
fn reads_gzip_and_stdin() {
    let plain = std::fs::read(FIXTURE).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let gz_path = dir.path().join("sample.nmea.gz");
    let mut encoder =
        flate2::write::GzEncoder::new(std::fs::File::create(&gz_path).unwrap(), Default::default());
    encoder.write_all(&plain).unwrap();
    encoder.finish().unwrap();

    let output = vigil(&["ais", "decode", gz_path.to_str().unwrap()], None);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(json_lines(&output).len(), 4);

    let gz = std::fs::read(&gz_path).unwrap();
    for input in [&plain, &gz] {
        let output = vigil(&["ais", "decode", "-"], Some(input));
        assert_eq!(output.status.code(), Some(0));
        let lines = json_lines(&output);
        assert_eq!(lines.len(), 4);
        assert_eq!(lines[0]["src"], "-:3");
    }
}

#[test]
fn no_message_exits_one_and_missing_file_two() {
    let output = vigil(&["ais", "decode", "-"], Some(b"$PSHI,1*00\nnoise\n"));
    assert_eq!(output.status.code(), Some(1));
    let output = vigil(&["ais", "decode", "/nonexistent/file.nmea"], None);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn default_time_fills_missing_times_only() {
    let output = vigil(&["ais", "decode", "--default-time", "2020-01-02T03:04:05Z", FIXTURE], None);
    let lines = json_lines(&output);
    assert_eq!(lines[0]["ts"], "2014-12-10T00:41:53Z");
    assert_eq!(lines[1]["ts"], "2020-01-02T03:04:05Z");
}

#[test]
fn tracks_writes_positions_with_their_segment() {
    let output = vigil(&["ais", "tracks", FIXTURE], None);
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let lines = json_lines(&output);
    // Sorted by MMSI; 371798000's report has no receive time, so no place in a track.
    let summary: Vec<(u64, &str)> = lines
        .iter()
        .map(|l| (l["mmsi"].as_u64().unwrap(), l["segment"].as_str().unwrap()))
        .collect();
    assert_eq!(summary, [(218278000, "218278000-1"), (224651000, "224651000-1")]);
    assert_eq!(lines[1]["ts"], "2014-12-10T00:41:53Z");
    assert_eq!(lines[1]["lon"], -161.88265);
    assert_eq!(lines[1]["speed"], 1.2);
    assert!(lines[1]["src"].as_str().unwrap().ends_with("sample.nmea:3"));
    // With a default time it joins.
    let output = vigil(&["ais", "tracks", "--default-time", "2020-01-01T00:00:00Z", FIXTURE], None);
    assert_eq!(json_lines(&output).len(), 3);
}

#[test]
fn tracks_geojson_is_one_feature_collection_of_linestrings() {
    let output = vigil(&["ais", "tracks", "--geojson", FIXTURE], None);
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).expect("one JSON value");
    assert_eq!(value["type"], "FeatureCollection");
    let features = value["features"].as_array().unwrap();
    assert_eq!(features.len(), 2);
    let f = &features[1];
    assert_eq!(f["type"], "Feature");
    assert_eq!(f["geometry"]["type"], "LineString");
    // [lon, lat], and at least two positions even for a one-position segment.
    let coords = f["geometry"]["coordinates"].as_array().unwrap();
    assert!(coords.len() >= 2);
    assert_eq!(coords[0][0], -161.88265);
    assert_eq!(coords[0][1], -5.277917);
    assert_eq!(f["properties"]["mmsi"], 224651000);
    assert_eq!(f["properties"]["segment"], "224651000-1");
    assert_eq!(f["properties"]["start"], "2014-12-10T00:41:53Z");
    assert_eq!(f["properties"]["n_points"], 1);
}

#[test]
fn tracks_on_a_real_log_keep_one_vessel_in_one_segment() {
    let Some(path) = vigil_testdata::shared_file("ais/nmea/dma_aisabnormal/219165000_ssc_1.ais")
    else {
        return;
    };
    let output = vigil(&["ais", "tracks", "--geojson", path.to_str().unwrap()], None);
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).expect("one JSON value");
    let features = value["features"].as_array().unwrap();
    let lotus: Vec<_> = features.iter().filter(|f| f["properties"]["mmsi"] == 219165000).collect();
    assert_eq!(lotus.len(), 1, "LOTUS's 23 minutes are one track");
    assert!(lotus[0]["properties"]["n_points"].as_u64().unwrap() > 50);
}
