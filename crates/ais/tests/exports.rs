//! Decoded exports (CSV and JSON lines) read into messages: every sample
//! under `../shared/data/ais/decoded/` gives the counts SOURCES.md states,
//! gpsd's own JSON of its sample log equals vigil's decode of that log, and
//! a DMA fixture written from DMA's published header (no sample exists)
//! exercises the DMA forms, the "not available" values and bad rows.

use std::collections::BTreeSet;
use std::io::Read;
use std::path::Path;

use vigil_ais::{
    decode_text, Body, ExportFormat, ExportReader, ExportReason, ExportStats, Message, Timestamp,
};

/// Reads a whole export file (plain or gzip) as the CLI does: the format
/// from the first non-blank line, then every line pushed in order.
fn read_export(path: &Path) -> (ExportFormat, Vec<Message>, ExportStats) {
    let raw = std::fs::read(path).expect("readable");
    let bytes = if raw.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        flate2::read::MultiGzDecoder::new(&raw[..]).read_to_end(&mut out).expect("gzip");
        out
    } else {
        raw
    };
    read_export_bytes(&bytes)
}

fn read_export_bytes(bytes: &[u8]) -> (ExportFormat, Vec<Message>, ExportStats) {
    let first = bytes
        .split(|&b| b == b'\n')
        .find(|line| !line.trim_ascii().is_empty())
        .expect("a non-blank line");
    let mut reader = ExportReader::detect(first, None).expect("an export");
    let mut messages = Vec::new();
    let body = bytes.strip_suffix(b"\n").unwrap_or(bytes);
    for (idx, line) in body.split(|&b| b == b'\n').enumerate() {
        messages.extend_from_slice(reader.push_line(line, idx as u64 + 1));
    }
    (reader.format(), messages, reader.stats().clone())
}

fn time(text: &str) -> Option<Timestamp> {
    Timestamp::parse(text)
}

fn mmsis(messages: &[Message]) -> BTreeSet<u32> {
    messages.iter().map(|m| m.mmsi).collect()
}

#[test]
fn noaa_marinecadastre_csv() {
    let Some(path) = vigil_testdata::shared_file("ais/decoded/aisdb/test_data_noaa_20230101.csv")
    else {
        return;
    };
    let (format, messages, stats) = read_export(&path);
    assert_eq!(format, ExportFormat::MarineCadastre);
    assert_eq!(stats.rejected_total(), 0);
    // SOURCES.md: 1,000 records of 1,000 MMSIs; 954 Class A, 46 Class B.
    let positions: Vec<&Message> = messages.iter().filter(|m| m.fix().is_some()).collect();
    assert_eq!(positions.len(), 1000);
    assert_eq!(mmsis(&messages).len(), 1000);
    assert_eq!(stats.by_type[1], 954);
    assert_eq!(stats.by_type[18], 46);
    // Every row of a new MMSI with static fields adds them: type 5 for
    // Class A, two type 24 parts for Class B; every row has some static
    // field (name, IMO, call sign, type, size or draught; counted independently).
    assert_eq!(stats.by_type[5] + stats.by_type[24] / 2, 1000);
    let first = &messages[0];
    assert_eq!((first.mmsi, first.line, first.ts), (367752440, 2, time("2023-01-11T00:00:00Z")));
    let fix = first.fix().unwrap();
    assert_eq!(
        (fix.lat, fix.lon, fix.speed, fix.course, fix.heading),
        (43.07917, -70.75733, Some(0.0), None, Some(95))
    );
    let naisha = messages.iter().find(|m| m.mmsi == 636021061 && m.msg_type == 5).unwrap();
    let Body::StaticVoyage(voyage) = naisha.body else { panic!("type 5") };
    assert_eq!(voyage.imo, 9307839);
    assert_eq!(voyage.callsign, "5LCB4");
    assert_eq!(voyage.shiptype, 70);
    assert_eq!((voyage.dims.length(), voyage.dims.beam()), (Some(208), Some(30)));
    assert_eq!(voyage.draught, 8.0);
}

#[test]
fn boston_lowercase_marinecadastre_csv() {
    let Some(path) = vigil_testdata::shared_file(
        "ais/decoded/marinecadastre_qgis/demodata_ais_boston_2014-01.csv",
    ) else {
        return;
    };
    let (format, messages, stats) = read_export(&path);
    assert_eq!(format, ExportFormat::MarineCadastre);
    assert_eq!(stats.rejected_total(), 0);
    // SOURCES.md: 972 positions of 4 MMSIs, 2014-01-01T04:43:53Z – 2014-01-07T17:18:14Z.
    assert_eq!(messages.len(), 972);
    assert!(messages.iter().all(|m| m.fix().is_some()));
    assert_eq!(mmsis(&messages), BTreeSet::from([215020081, 240000208, 255880350, 257990100]));
    let count = |mmsi| messages.iter().filter(|m| m.mmsi == mmsi).count();
    assert_eq!(
        (count(215020081), count(257990100), count(255880350), count(240000208)),
        (534, 264, 94, 80)
    );
    let times: Vec<Timestamp> = messages.iter().filter_map(|m| m.ts).collect();
    assert_eq!(times.len(), 972);
    assert_eq!(times.iter().min().copied(), time("2014-01-01T04:43:53Z"));
    assert_eq!(times.iter().max().copied(), time("2014-01-07T17:18:14Z"));
    assert!(messages.iter().all(|m| {
        let fix = m.fix().unwrap();
        (-71.07..=-70.79).contains(&fix.lon) && (42.23..=42.44).contains(&fix.lat)
    }));
}

#[test]
fn gfw_regression_csv() {
    let Some(path) = vigil_testdata::shared_file(
        "ais/decoded/gfw_gpsdio_segment/gfw_segmenter_regression_2021-01-01_09.csv",
    ) else {
        return;
    };
    let (format, messages, stats) = read_export(&path);
    assert_eq!(format, ExportFormat::GfwCsv);
    assert_eq!(stats.rejected_total(), 0);
    // SOURCES.md: 88,883 messages of 56 MMSIs; by type AIS.1 54,546, AIS.5
    // 12,562, AIS.3 9,685, AIS.18 6,966, AIS.24 3,643, AIS.27 771, AIS.19 710.
    // No type 24 row carries both parts' fields, so one message per row.
    assert_eq!(messages.len(), 88_883);
    assert_eq!(mmsis(&messages).len(), 56);
    let by_type: Vec<(usize, u64)> =
        stats.by_type.iter().copied().enumerate().filter(|&(_, n)| n > 0).collect();
    assert_eq!(
        by_type,
        [(1, 54_546), (3, 9_685), (5, 12_562), (18, 6_966), (19, 710), (24, 3_643), (27, 771)]
    );
    let times: Vec<Timestamp> = messages.iter().filter_map(|m| m.ts).collect();
    assert_eq!(times.len(), 88_883);
    assert_eq!(times.iter().min().copied(), time("2021-01-01T00:01:05Z"));
    assert_eq!(times.iter().max().copied(), time("2021-01-09T23:59:32Z"));
    // Latitude 91 / longitude 181 rows are positions "not available", not
    // wrong: the message stays, without a fix (counted independently: 914).
    let unavailable = messages
        .iter()
        .filter(|m| matches!(m.msg_type, 1 | 3 | 18 | 19 | 27) && m.fix().is_none())
        .count();
    assert!(unavailable >= 914, "{unavailable}");
    let first = &messages[0];
    assert_eq!((first.mmsi, first.msg_type), (600014098, 18));
    let Body::ClassB(report) = first.body else { panic!("type 18") };
    assert_eq!((report.heading, report.lat.map(|v| (v * 1e6).round())), (None, Some(-21641632.0)));
    let names: BTreeSet<&str> = messages
        .iter()
        .filter(|m| m.mmsi == 567000000)
        .filter_map(|m| match &m.body {
            Body::StaticVoyage(v) => Some(v.shipname.as_str()),
            Body::StaticDataA(a) => Some(a.shipname.as_str()),
            Body::ClassBExtended(b) => Some(b.shipname.as_str()),
            _ => None,
        })
        .filter(|name| !name.is_empty())
        .collect();
    // SOURCES.md: 567000000 carries 9 ship names.
    assert_eq!(names.len(), 9, "{names:?}");
}

#[test]
fn gfw_json_lines() {
    // (file, messages in SOURCES.md, records with a non-null position,
    // counted independently)
    for (file, expected, with_position) in [
        ("416000000.jsonl", 1668, 1668),
        ("segmented-416000000.jsonl", 1668, 1668),
        ("338013000.jsonl", 1253, 1193),
        ("263576000.jsonl", 948, 928),
    ] {
        let Some(path) =
            vigil_testdata::shared_file(&format!("ais/decoded/gfw_gpsdio_segment/{file}"))
        else {
            return;
        };
        let (format, messages, stats) = read_export(&path);
        assert_eq!(format, ExportFormat::JsonLines);
        assert_eq!((file, stats.rejected_total()), (file, 0));
        assert_eq!((file, messages.len()), (file, expected));
        assert!(messages.iter().all(|m| m.msg_type == 1 && m.ts.is_some()), "{file}");
        let fixes = messages.iter().filter(|m| m.fix().is_some()).count();
        assert_eq!((file, fixes), (file, with_position));
        assert_eq!(mmsis(&messages).len(), 1, "{file}");
    }
}

#[test]
fn gfw_point_pairs_in_gpsd_schema() {
    let Some(path) = vigil_testdata::shared_file(
        "ais/decoded/gfw_gpsdio_segment/gfw_point_pair_messages.jsonl.gz",
    ) else {
        return;
    };
    let (_, messages, stats) = read_export(&path);
    assert_eq!(stats.rejected_total(), 0);
    // SOURCES.md: 21,662 messages of 10 MMSIs, 2014-08-01 → 2015-01-31;
    // by type (counted independently) 1: 16,037, 3: 3,181, 5: 2,167, 18: 197, 24: 80.
    assert_eq!(messages.len(), 21_662);
    assert_eq!(mmsis(&messages).len(), 10);
    let by_type: Vec<(usize, u64)> =
        stats.by_type.iter().copied().enumerate().filter(|&(_, n)| n > 0).collect();
    assert_eq!(by_type, [(1, 16_037), (3, 3_181), (5, 2_167), (18, 197), (24, 80)]);
    let first = &messages[0];
    assert_eq!(first.ts, time("2014-08-01T00:08:14Z"));
    let Body::Position(report) = first.body else { panic!("type 1") };
    assert_eq!((report.status, report.heading, report.speed), (15, Some(101), Some(0.0)));
    let days: BTreeSet<i64> =
        messages.iter().filter_map(|m| m.ts).map(|t| t.0 / 86_400_000).collect();
    assert_eq!(days.first().copied(), time("2014-08-01T00:00:00Z").map(|t| t.0 / 86_400_000));
    assert_eq!(days.last().copied(), time("2015-01-31T00:00:00Z").map(|t| t.0 / 86_400_000));
}

/// gpsd's scaled JSON of its own sample log (`sample.aivdm.js.chk`) read as
/// an export gives the messages vigil decodes from the NMEA: same types and
/// MMSIs in the same order, same positions, speeds, courses and headings,
/// same type 5 static data. gpsd writes type 27 positions to 0.1°, so
/// those are compared to that precision.
#[test]
fn gpsd_json_equals_the_nmea_decode() {
    let (Some(nmea), Some(json)) = (
        vigil_testdata::shared_file("ais/nmea/gpsd/sample.aivdm"),
        vigil_testdata::shared_file("ais/nmea/gpsd/sample.aivdm.js.chk"),
    ) else {
        return;
    };
    let (decoded, _) = decode_text(&String::from_utf8_lossy(&std::fs::read(nmea).unwrap()));
    let (format, exported, stats) = read_export(&json);
    assert_eq!(format, ExportFormat::JsonLines);
    assert_eq!(stats.rejected_total(), 0);
    // gpsd writes a type 24's parts A and B as one line, read back as two messages.
    assert_eq!(exported.len(), 97 + 2);
    // Pair each exported message with the next decoded one of the same type
    // and MMSI: gpsd writes nothing for a few sentences vigil decodes.
    let mut rest = decoded.iter();
    let mut compared_fixes = 0;
    let mut compared_statics = 0;
    for message in &exported {
        let twin = rest
            .find(|d| (d.msg_type, d.mmsi) == (message.msg_type, message.mmsi))
            .unwrap_or_else(|| panic!("no decoded twin for line {}", message.line));
        match (message.fix(), twin.fix()) {
            (Some(a), Some(b)) => {
                let tolerance = if message.msg_type == 27 { 0.051 } else { 1e-5 };
                assert!(
                    (a.lat - b.lat).abs() < tolerance && (a.lon - b.lon).abs() < tolerance,
                    "line {}",
                    message.line
                );
                assert_eq!((a.speed, a.heading), (b.speed, b.heading), "line {}", message.line);
                let course = |c: Option<f32>| c.map(|c| (c * 10.0).round());
                assert_eq!(course(a.course), course(b.course), "line {}", message.line);
                compared_fixes += 1;
            }
            (a, b) => assert_eq!(a.is_some(), b.is_some(), "line {}", message.line),
        }
        if let (Body::StaticVoyage(a), Body::StaticVoyage(b)) = (&message.body, &twin.body) {
            let texts = |v: &vigil_ais::StaticVoyage| {
                (v.callsign.to_string(), v.shipname.to_string(), v.destination.to_string())
            };
            assert_eq!((a.imo, a.shiptype, texts(a)), (b.imo, b.shiptype, texts(b)));
            assert_eq!((a.dims, a.eta), (b.dims, b.eta));
            assert!((a.draught - b.draught).abs() < 1e-4);
            compared_statics += 1;
        }
    }
    // Counted independently: 19 position-bearing lines with a valid position.
    assert_eq!(compared_fixes, 19);
    assert_eq!(compared_statics, 3);
}

/// gpsd's unscaled JSON (`sample.aivdm.ju.chk`) gives the same positions as
/// its scaled JSON (to 0.1° for type 27, which gpsd scales to that).
#[test]
fn gpsd_unscaled_json_equals_scaled() {
    let (Some(scaled), Some(unscaled)) = (
        vigil_testdata::shared_file("ais/nmea/gpsd/sample.aivdm.js.chk"),
        vigil_testdata::shared_file("ais/nmea/gpsd/sample.aivdm.ju.chk"),
    ) else {
        return;
    };
    let (_, scaled, _) = read_export(&scaled);
    let (_, unscaled, stats) = read_export(&unscaled);
    assert_eq!(stats.rejected_total(), 0);
    assert_eq!(scaled.len(), unscaled.len());
    let mut compared = 0;
    for (a, b) in scaled.iter().zip(&unscaled) {
        assert_eq!((a.msg_type, a.mmsi), (b.msg_type, b.mmsi));
        let (line, tolerance) = (a.line, if a.msg_type == 27 { 0.051 } else { 1e-5 });
        if let (Some(a), Some(b)) = (a.fix(), b.fix()) {
            let same = (a.lat - b.lat).abs() < tolerance && (a.lon - b.lon).abs() < tolerance;
            assert!(same, "line {line}: {a:?} {b:?}");
            let tenths = |v: Option<f32>| v.map(|v| (v * 10.0).round());
            assert_eq!((tenths(a.speed), tenths(a.course)), (tenths(b.speed), tenths(b.course)));
            compared += 1;
        }
    }
    assert_eq!(compared, 19);
}

#[test]
fn aisdb_wide_csv() {
    let Some(path) = vigil_testdata::shared_file("ais/decoded/aisdb/test_data_20210701.csv") else {
        return;
    };
    let (format, messages, stats) = read_export(&path);
    assert_eq!(format, ExportFormat::Aisdb);
    assert_eq!(stats.rejected_total(), 0);
    // SOURCES.md: 2,498 records of 2,362 MMSIs on 2021-07-01, 00:00:41–23:59:36;
    // Message_ID counted independently: 1062 type 1, 978 type 27, 206 type 3.
    assert_eq!(messages.len(), 2498);
    assert_eq!(mmsis(&messages).len(), 2362);
    assert_eq!((stats.by_type[1], stats.by_type[27], stats.by_type[3]), (1062, 978, 206));
    let times: Vec<Timestamp> = messages.iter().filter_map(|m| m.ts).collect();
    assert_eq!(times.len(), 2498);
    let min = times.iter().min().copied().unwrap();
    let max = times.iter().max().copied().unwrap();
    assert!(
        min >= time("2021-07-01T00:00:41Z").unwrap() && min < time("2021-07-01T00:00:42Z").unwrap()
    );
    assert!(
        max >= time("2021-07-01T23:59:36Z").unwrap() && max < time("2021-07-01T23:59:37Z").unwrap()
    );
    // The first row: type 1 of 432905000 at 18:51:51.680.
    let first = &messages[0];
    assert_eq!(
        (first.mmsi, first.msg_type, first.ts),
        (432905000, 1, time("2021-07-01T18:51:51.680Z"))
    );
    let fix = first.fix().unwrap();
    assert_eq!((fix.speed, fix.heading), (Some(13.6), Some(315)));
    // 11 rows carry latitude 91 (not available): no fix, but still a message.
    let positions = messages.iter().filter(|m| matches!(m.msg_type, 1 | 2 | 3 | 18 | 27));
    assert!(positions.filter(|m| m.fix().is_none()).count() >= 11);
}

#[test]
fn dma_fixture() {
    let bytes = include_bytes!("fixtures/dma_synthetic.csv");
    let (format, messages, stats) = read_export_bytes(bytes);
    assert_eq!(format, ExportFormat::Dma);
    let summary: Vec<(u64, u8, u32)> =
        messages.iter().map(|m| (m.line, m.msg_type, m.mmsi)).collect();
    assert_eq!(
        summary,
        [
            (2, 1, 219000001),
            (2, 5, 219000001),
            // Line 3 repeats line 2's static data: a position only.
            (3, 1, 219000001),
            (4, 18, 219000002),
            (4, 24, 219000002),
            (4, 24, 219000002),
            (5, 4, 2190001),
            (8, 1, 219000001),
            // Line 8 has no ETA any more: the static data changed.
            (8, 5, 219000001),
        ]
    );
    assert_eq!(stats.rejected(ExportReason::BadTime), 1);
    assert_eq!(stats.rejected(ExportReason::BadMmsi), 1);
    assert_eq!(stats.rejected(ExportReason::BadCsv), 1);
    assert_eq!(stats.lines, 9);
    let first = &messages[0];
    assert_eq!(first.ts, time("2023-12-01T00:00:00Z"));
    let Body::Position(report) = first.body else { panic!("type 1") };
    assert_eq!(
        (report.status, report.speed, report.course, report.heading),
        (0, Some(10.2), Some(45.1), Some(44))
    );
    let Body::StaticVoyage(voyage) = messages[1].body else { panic!("type 5") };
    assert_eq!(
        (voyage.imo, voyage.callsign.as_str(), voyage.shipname.as_str()),
        (9321483, "OXAB2", "NORDIC TEST")
    );
    assert_eq!(
        (voyage.shiptype, voyage.dims.to_bow, voyage.dims.beam(), voyage.draught),
        (70, 100, Some(20), 6.5)
    );
    assert_eq!((voyage.eta.month, voyage.eta.day, voyage.eta.hour), (12, 2, 8));
    assert_eq!(voyage.destination, "AARHUS");
    let Body::StaticDataB(part_b) = messages[5].body else { panic!("type 24 B") };
    assert_eq!(
        (part_b.callsign.as_str(), part_b.shiptype, part_b.dims.length()),
        ("OU1234", 37, Some(12))
    );
    // 91 / 181 / 102.3 / 360 / 511: every field "not available".
    let Body::Position(unavailable) = messages[7].body else { panic!("type 1") };
    assert_eq!((unavailable.lat, unavailable.lon, unavailable.speed), (None, None, None));
    assert_eq!((unavailable.course, unavailable.heading, unavailable.status), (None, None, 5));
}

#[test]
fn detection_and_bad_rows() {
    assert!(
        ExportReader::detect(b"!AIVDM,1,1,,B,13F?Vv700<DJuLEtvep`iToV0<00,0*78", None).is_none()
    );
    assert!(ExportReader::detect(b"\\s:r,c:1418172113*55\\!AIVDM", None).is_none());
    assert!(ExportReader::detect(b"# a comment in an NMEA log", None).is_none());
    assert!(ExportReader::detect(b"name,length", None).is_none());
    let text = "{\"class\":\"AIS\",\"type\":1,\"mmsi\":1,\"lat\":1.5,\"lon\":2.5}\n\
                {\"class\":\"VERSION\",\"release\":\"3.25\"}\n\
                not json\n\
                {\"mmsi\":\"x\",\"lat\":1}\n\
                {\"ssvid\":7,\"timestamp\":\"later\"}\n\
                {\"mmsi\":2,\"type\":28}\n\
                [1,2]\n\
                \n\
                {\"ssvid\":\"3\",\"timestamp\":1600000000,\"lat\":\"nan\",\"lon\":2}\n";
    let (_, messages, stats) = read_export_bytes(text.as_bytes());
    assert_eq!(messages.iter().map(|m| (m.line, m.mmsi)).collect::<Vec<_>>(), [(1, 1), (9, 3)]);
    assert_eq!(messages[1].ts, time("2020-09-13T12:26:40Z"));
    assert_eq!(messages[1].fix(), None);
    for (reason, count) in [
        (ExportReason::NotAis, 1),
        (ExportReason::BadJson, 2),
        (ExportReason::BadMmsi, 1),
        (ExportReason::BadTime, 1),
        (ExportReason::UnknownType, 1),
    ] {
        assert_eq!((reason, stats.rejected(reason)), (reason, count));
    }
    let mut reader = ExportReader::detect(b"{}", None).unwrap();
    assert!(reader.push_line(&vec![b'x'; vigil_ais::MAX_EXPORT_LINE_LEN + 1], 1).is_empty());
    assert_eq!(
        reader.last_rejection().map(|r| (r.reason, r.line)),
        Some((ExportReason::LineTooLong, 1))
    );
}
