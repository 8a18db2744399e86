//! The edges of what is read as a time or a position: years 0 to 9999, and
//! latitudes within ±90°, longitudes within ±180°. A time beyond them (an
//! epoch of 1e300, a tag block of 20 digits) is no time, never a panic or an
//! overflow; a coordinate beyond them (91° and 181° say "not available", and
//! anything between is as impossible) is no position.

use vigil_ais::{parse_tag_block, parse_trailing_epoch, ExportReader, ExportReason, Message};
use vigil_ais::{ExportStats, Timestamp};

/// Reads the lines of an export (the format from the first) as the CLI does.
fn read_export(text: &str) -> (Vec<Message>, ExportStats) {
    let first = text.lines().next().expect("a first line");
    let mut reader = ExportReader::detect(first.as_bytes(), None).expect("an export");
    let mut messages = Vec::new();
    for (idx, line) in text.lines().enumerate() {
        messages.extend_from_slice(reader.push_line(line.as_bytes(), idx as u64 + 1));
    }
    (messages, reader.stats().clone())
}

#[test]
fn tag_block_and_trailing_times_beyond_9999_are_no_time() {
    let time = |value: &str| parse_tag_block(format!("c:{value}").as_bytes()).time;
    assert_eq!(time("1418172113"), Some(Timestamp(1_418_172_113_000)));
    assert_eq!(time("253402300799999"), Some(Timestamp::MAX));
    for beyond in ["253402300800000", "9223372036854775807", "9223372036854775808"] {
        assert_eq!(time(beyond), None, "{beyond}");
    }
    assert_eq!(time("18446744073709551615"), None);
    assert_eq!(time("99999999999999999999"), None);
    assert_eq!(parse_trailing_epoch(b",1327658220"), Some(Timestamp(1_327_658_220_000)));
    assert_eq!(parse_trailing_epoch(b",9999999999999"), Some(Timestamp(9_999_999_999_999)));
}

#[test]
fn json_export_times_beyond_9999_are_bad_times() {
    let rows = [
        r#"{"type":1,"mmsi":244660390,"lat":52.0,"lon":4.0,"timestamp":1700000000}"#,
        r#"{"type":1,"mmsi":244660390,"lat":52.0,"lon":4.0,"timestamp":1e300}"#,
        r#"{"type":1,"mmsi":244660390,"lat":52.0,"lon":4.0,"timestamp":2.6e14}"#,
        r#"{"type":1,"mmsi":244660390,"lat":52.0,"lon":4.0,"timestamp":"10000-01-01T00:00:00Z"}"#,
    ];
    let (messages, stats) = read_export(&rows.join("\n"));
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert_eq!(messages[0].ts, Some(Timestamp(1_700_000_000_000)));
    assert_eq!(stats.rejected(ExportReason::BadTime), 3, "{stats:?}");
}

#[test]
fn export_coordinates_beyond_90_and_180_are_no_position() {
    let header = "MMSI,BaseDateTime,LAT,LON,SOG,COG,Heading";
    let rows = [
        "219000001,2023-12-01T00:00:00,90.0,-180.0,1,1,1",
        "219000001,2023-12-01T00:01:00,90.5,12.0,1,1,1",
        "219000001,2023-12-01T00:02:00,55.0,180.5,1,1,1",
        "219000001,2023-12-01T00:03:00,-90.9,-180.9,1,1,1",
        "219000001,2023-12-01T00:04:00,91.0,181.0,1,1,1",
    ];
    let (messages, _) =
        read_export(&[header].into_iter().chain(rows).collect::<Vec<_>>().join("\n"));
    let fixes: Vec<_> = messages.iter().map(|m| m.fix().map(|fix| (fix.lat, fix.lon))).collect();
    assert_eq!(fixes, [Some((90.0, -180.0)), None, None, None, None]);
}
