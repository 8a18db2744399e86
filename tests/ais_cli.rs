//! End-to-end tests of `vigil ais decode` through the real binary, on the
//! self-written fixture `crates/ais/tests/fixtures/sample.nmea`: a tagged
//! type 1, noise, a two-part type 5 interleaved with a type 1, a bad
//! checksum, and a `$PGHP`-timed Class A report.

mod common;

use std::io::Write;

use common::{expect_exit, json_lines, vigil, vigil_expect, vigil_with_stdin};

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/crates/ais/tests/fixtures/sample.nmea");

#[test]
fn decode_writes_one_json_line_per_message() {
    let (stdout, _) = vigil_expect(&["ais", "decode", FIXTURE], 0);
    let lines = json_lines(&stdout);
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
    let output = vigil(&["ais", "decode", "--stats", FIXTURE]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("messages 4\n"), "{stderr}");
    assert!(stderr.contains("type 1 3\n"), "{stderr}");
    assert!(stderr.contains("type 5 1\n"), "{stderr}");
    assert!(stderr.contains("rejected not_ais 1\n"), "{stderr}");
    assert!(stderr.contains("rejected bad_checksum 1\n"), "{stderr}");

    let output = vigil(&["ais", "decode", "--stats", "--json", FIXTURE]);
    let lines = json_lines(&output.stdout);
    let stats = &lines.last().expect("a stats line")["stats"];
    assert_eq!(stats["messages"], 4);
    assert_eq!(stats["by_type"]["1"], 3);
    assert_eq!(stats["rejected"]["bad_checksum"], 1);
    assert_eq!(stats["rejected"]["not_ais"], 1);
}

#[test]
fn strict_stops_at_the_first_bad_line() {
    let output = vigil(&["ais", "decode", "--strict", FIXTURE]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains(&format!("{FIXTURE}:4: not_ais")), "{stderr}");
    // What came before the bad line was written.
    assert_eq!(json_lines(&output.stdout).len(), 1);
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

    let output = vigil(&["ais", "decode", gz_path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(json_lines(&output.stdout).len(), 4);

    let gz = std::fs::read(&gz_path).unwrap();
    for input in [&plain, &gz] {
        let output = vigil_with_stdin(&["ais", "decode", "-"], input);
        assert_eq!(output.status.code(), Some(0));
        let lines = json_lines(&output.stdout);
        assert_eq!(lines.len(), 4);
        assert_eq!(lines[0]["src"], "-:3");
    }
}

#[test]
fn no_message_exits_one_and_missing_file_two() {
    let output = vigil_with_stdin(&["ais", "decode", "-"], b"$PSHI,1*00\nnoise\n");
    assert_eq!(output.status.code(), Some(1));
    let output = vigil(&["ais", "decode", "/nonexistent/file.nmea"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn default_time_fills_missing_times_only() {
    let output = vigil(&["ais", "decode", "--default-time", "2020-01-02T03:04:05Z", FIXTURE]);
    let lines = json_lines(&output.stdout);
    assert_eq!(lines[0]["ts"], "2014-12-10T00:41:53Z");
    assert_eq!(lines[1]["ts"], "2020-01-02T03:04:05Z");
}

#[test]
fn tracks_writes_positions_with_their_segment() {
    let (stdout, _) = vigil_expect(&["ais", "tracks", FIXTURE], 0);
    let lines = json_lines(&stdout);
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
    let output = vigil(&["ais", "tracks", "--default-time", "2020-01-01T00:00:00Z", FIXTURE]);
    assert_eq!(json_lines(&output.stdout).len(), 3);
}

#[test]
fn tracks_geojson_is_one_feature_collection_of_linestrings() {
    let (stdout, _) = vigil_expect(&["ais", "tracks", "--geojson", FIXTURE], 0);
    let value: serde_json::Value = serde_json::from_str(&stdout).expect("one JSON value");
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
    let output = vigil(&["ais", "tracks", "--geojson", path.to_str().unwrap()]);
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).expect("one JSON value");
    let features = value["features"].as_array().unwrap();
    let lotus: Vec<_> = features.iter().filter(|f| f["properties"]["mmsi"] == 219165000).collect();
    assert_eq!(lotus.len(), 1, "LOTUS's 23 minutes are one track");
    assert!(lotus[0]["properties"]["n_points"].as_u64().unwrap() > 50);
}

/// Packs `(value, bits)` fields into an AIS payload: the 6-bit armoured
/// characters and the fill bit count.
fn armour(fields: &[(u64, u32)]) -> (String, u32) {
    let mut bits: Vec<u8> = Vec::new();
    for &(value, width) in fields {
        bits.extend((0..width).rev().map(|i| ((value >> i) & 1) as u8));
    }
    let fill = (6 - bits.len() % 6) % 6;
    bits.resize(bits.len() + fill, 0);
    let payload = bits
        .chunks(6)
        .map(|chunk| {
            let v = chunk.iter().fold(0u8, |acc, &b| acc << 1 | b);
            char::from(if v < 40 { v + 48 } else { v + 56 })
        })
        .collect();
    (payload, fill as u32)
}

/// Six-bit AIS text of `chars` characters, padded with `@`.
fn six_bit_text(text: &str, chars: usize) -> Vec<(u64, u32)> {
    let padded = (0..chars).map(|i| text.as_bytes().get(i).copied().unwrap_or(b'@'));
    padded.map(|c| (u64::from(if c >= 64 { c - 64 } else { c }), 6)).collect()
}

/// A two-sentence type 5 message with a tag block time, as NMEA lines.
fn type5_lines(mmsi: u32, imo: u32, callsign: &str, name: &str, epoch: u64) -> String {
    let mut fields = vec![(5, 6), (0, 2), (u64::from(mmsi), 30), (0, 2), (u64::from(imo), 30)];
    fields.extend(six_bit_text(callsign, 7));
    fields.extend(six_bit_text(name, 20));
    fields.extend([(80, 8), (100, 9), (20, 9), (8, 6), (8, 6), (1, 4), (0, 4), (0, 5)]);
    fields.extend([(24, 5), (60, 6), (55, 8)]);
    fields.extend(six_bit_text("NAMPO", 20));
    fields.extend([(0, 1), (0, 1)]);
    let (payload, fill) = armour(&fields);
    let parts = [(1, &payload[..60], 0), (2, &payload[60..], fill)];
    let mut text = String::new();
    for (n, part, fill) in parts {
        text.push_str(&tagged_line(
            &format!("c:{epoch}"),
            &format!("AIVDM,2,{n},3,A,{part},{fill}"),
        ));
    }
    text
}

/// One NMEA line: the tag block `tag` and the sentence `body`, each with
/// its checksum.
fn tagged_line(tag: &str, body: &str) -> String {
    let checksum = |s: &str| s.bytes().fold(0u8, |acc, b| acc ^ b);
    format!("\\{tag}*{:02X}\\!{body}*{:02X}\n", checksum(tag), checksum(body))
}

/// A type 1 position report at `lat`, `lon` (degrees, not negative), timed
/// by the tag block value `c:{epoch}`.
fn type1_line(mmsi: u32, lat: f64, lon: f64, epoch: &str) -> String {
    let units = |degrees: f64| (degrees * 600_000.0).round() as u64;
    let mut fields = vec![(1, 6), (0, 2), (u64::from(mmsi), 30), (0, 4), (128, 8), (100, 10)];
    fields.extend([(0, 1), (units(lon), 28), (units(lat), 27), (0, 12), (511, 9), (0, 6)]);
    fields.extend([(0, 2), (0, 3), (0, 1), (0, 19)]);
    let (payload, fill) = armour(&fields);
    tagged_line(&format!("c:{epoch}"), &format!("AIVDM,1,1,,A,{payload},{fill}"))
}

/// A latitude beyond ±90° or a longitude beyond ±180° is no position, be it
/// the "not available" 91° / 181° or a value between; a tag block time
/// beyond the year 9999 (or beyond what 64 bits hold) is no time. Neither
/// stops the message, nor the run.
#[test]
fn out_of_range_positions_and_times_are_not_passed_on() {
    let cases = [
        (90.0, 180.0, "1600000000"),
        (90.5, 10.0, "1600000060"),
        (10.0, 180.5, "1600000120"),
        (91.0, 181.0, "1600000180"),
        (10.0, 10.0, "253402300800000"),
        (10.0, 10.0, "9223372036854775808"),
        (10.0, 10.0, "99999999999999999999"),
    ];
    let log: String = (0..)
        .zip(cases)
        .map(|(i, (lat, lon, epoch))| type1_line(211_000_000 + i, lat, lon, epoch))
        .collect();
    let args = ["ais", "decode", "-"];
    let (stdout, _) = expect_exit(&args, &vigil_with_stdin(&args, log.as_bytes()), 0);
    let lines = json_lines(&stdout);
    let got: Vec<_> = lines.iter().map(|l| (l["lat"].clone(), l["lon"].clone())).collect();
    let want = [(90.0, 180.0), (f64::NAN, 10.0), (10.0, f64::NAN), (f64::NAN, f64::NAN)]
        .into_iter()
        .chain([(10.0, 10.0); 3])
        .map(|(lat, lon)| (serde_json::json!(lat), serde_json::json!(lon)))
        .collect::<Vec<_>>();
    assert_eq!(got, want, "{stdout}");
    assert_eq!(lines[0]["ts"], "2020-09-13T12:26:40Z");
    assert!(lines[4..].iter().all(|l| l["ts"].is_null()), "{stdout}");
    // Tracks take the one report with a position and a time.
    let args = ["ais", "tracks", "-"];
    let (stdout, _) = expect_exit(&args, &vigil_with_stdin(&args, log.as_bytes()), 0);
    let mmsis: Vec<_> = json_lines(&stdout).iter().map(|l| l["mmsi"].clone()).collect();
    assert_eq!(mmsis, [211_000_000]);
}

#[test]
fn vessels_links_a_listed_imo_and_keeps_the_history() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("log.nmea");
    let mut text = type5_lines(445_123_000, 8_660_313, "HMYZ", "CHON MA SAN", 1_600_000_000);
    text.push_str(&type5_lines(445_123_000, 8_660_313, "HMYZ", "CHON MA SAN", 1_600_000_600));
    text.push_str(&type5_lines(445_123_000, 8_660_313, "HMYZ", "SEA BREEZE", 1_600_001_200));
    text.push_str(&type5_lines(371_798_000, 9_999_999, "3EAB", "PACIFIC DAWN", 1_600_000_000));
    std::fs::write(&log, text).unwrap();
    let list = concat!(env!("CARGO_MANIFEST_DIR"), "/data/demo/sample_list.ftm.json");
    let (stdout, _) = vigil_expect(&["ais", "vessels", "--list", list, log.to_str().unwrap()], 0);
    let lines = json_lines(&stdout);
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["mmsi"], 371798000);
    assert_eq!(lines[0]["flag"], "pa");
    assert_eq!(lines[0]["listed"], serde_json::json!([]));
    assert_eq!(lines[0]["anomalies"][0]["kind"], "imo_invalid");
    let vessel = &lines[1];
    assert_eq!(vessel["mmsi"], 445123000);
    assert_eq!(vessel["flag"], "kp");
    let identities = vessel["identities"].as_array().unwrap();
    assert_eq!(identities.len(), 2, "{vessel}");
    assert_eq!(identities[0]["name"], "CHON MA SAN");
    assert_eq!(identities[0]["imo"], 8660313);
    assert_eq!(identities[0]["reports"], 2);
    assert_eq!(identities[0]["first_seen"], "2020-09-13T12:26:40Z");
    assert_eq!(identities[0]["last_seen"], "2020-09-13T12:36:40Z");
    assert_eq!(identities[0]["length"], 120);
    assert_eq!(identities[0]["destination"], "NAMPO");
    assert!(identities[0]["src"].as_str().unwrap().ends_with("log.nmea:2"), "{vessel}");
    assert_eq!(vessel["anomalies"][0]["kind"], "identity_change");
    assert_eq!(vessel["anomalies"][0]["to"], "SEA BREEZE");
    let listed = vessel["listed"].as_array().unwrap();
    assert_eq!(listed.len(), 1, "{vessel}");
    assert_eq!(listed[0]["entity_id"], "vigil-demo-ofac-23729");
    assert_eq!(listed[0]["caption"], "CHON MA SAN");
    assert_eq!(listed[0]["method"], "imo");
    assert_eq!(listed[0]["programs"], serde_json::json!(["DPRK4"]));
}

#[test]
fn vessels_without_lists_writes_no_links() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("log.nmea");
    std::fs::write(&log, type5_lines(445_123_000, 8_660_313, "HMYZ", "CHON MA SAN", 1)).unwrap();
    let db = dir.path().join("absent.db");
    let args = ["ais", "vessels", "--db", db.to_str().unwrap(), log.to_str().unwrap()];
    let (stdout, stderr) = vigil_expect(&args, 1);
    assert!(stderr.contains("without links"));
    let lines = json_lines(&stdout);
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["flag"], "kp");
    assert_eq!(lines[0]["listed"], serde_json::json!([]));
}
