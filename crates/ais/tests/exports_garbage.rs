//! The decoded-export reader survives any bytes and loses no line: random
//! bytes, and real export rows mutated byte by byte, never panic, and every
//! non-blank line after the header becomes messages or exactly one counted
//! rejection. A stable stand-in for `fuzz/fuzz_targets/fuzz_ais_exports.rs`,
//! run on every `cargo test`.
//!
//! Seeds are small rows written here for each format the reader sniffs, plus
//! the first rows of the shared decoded samples when they are present.

use std::io::Read;

use vigil_ais::{ExportFormat, ExportReader, ExportReason, MAX_EXPORT_LINE_LEN};

/// Marsaglia's xorshift64: deterministic, so a failure names its input.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const MARINECADASTRE: &str = "MMSI,BaseDateTime,LAT,LON,SOG,COG,Heading,VesselName,IMO,CallSign,VesselType,Status,Length,Width,Draft,Cargo,TransceiverClass\n\
636021061,2023-01-11T00:00:00,26.09241,-80.04806,8.8,272.7,270.0,MSC NAISHA III,IMO9307839,5LCB4,70,8.0,208.0,30.0,8.0,70.0,A\n\
367752440,2023-01-11T00:00:00,43.07917,-70.75733,0.0,360.0,95.0,SAN JOSE,,WDI9818,31,0.0,,,,52.0,B\n";

const DMA: &str = "# Timestamp,Type of mobile,MMSI,Latitude,Longitude,Navigational status,ROT,SOG,COG,Heading,IMO,Callsign,Name,Ship type,Cargo type,Width,Length,Type of position fixing device,Draught,Destination,ETA,Data source type,A,B,C,D\n\
01/12/2023 00:00:00,Class A,219000001,55.676100,12.568300,Under way using engine,0.0,10.2,45.1,44,9321483,OXAB2,NORDIC TEST,Cargo,No additional information,20,120,GPS,6.5,AARHUS,02/12/2023 08:00:00,AIS,100,20,10,10\n\
01/12/2023 00:01:00,Class B,219000002,55.680000,12.575000,Unknown value,,0.1,,,Unknown,,\"SMALL, BOAT\",Pleasure,,3,9,Undefined,,,,AIS,,,,\n";

const GFW_CSV: &str = "msgid,timestamp,ssvid,type,lat,lon,speed,course,heading,status,shipname,callsign,imo,destination,shiptype,length,width,receiver_type,receiver,source\n\
374566d3,2021-01-01T00:01:05+00:00,600014098,AIS.18,-21.6416316667,-179.4646316667,8.3999996185,89.0999984741,511,,,,,,,,,satellite,rORBCOMM999,orbcomm\n\
f6ab7548,2021-01-01T00:02:00+00:00,416241500,AIS.24,,,,,,,FU HSIN,BH3456,,,30,40,8,terrestrial,r1,spire\n\
a1,2021-01-01T00:03:00+00:00,416241500,AIS.5,,,,,,,FU HSIN,BH3456,8660313,NAMPO,30,40,8,terrestrial,r1,spire\n";

const AISDB: &str = "MMSI,Message_ID,Repeat_indicator,Time,Millisecond,Vessel_Name,Call_sign,IMO,Ship_Type,Dimension_to_Bow,Dimension_to_stern,Dimension_to_port,Dimension_to_starboard,Draught,Destination,Navigational_status,ROT,SOG,Accuracy,Longitude,Latitude,COG,Heading,RAIM_flag,Fixing_device\n\
316001245,1,0,20210701_000012,120,,,,,,,,,,,0,0,10.1,1,-63.5,44.6,270.2,271,0,\n\
316001245,5,0,20210701_000112,0,ATLANTIC,CFA1234,9123456,70,100,20,10,10,6.5,HALIFAX,,,,,,,,,,1\n\
3160,27,0,20210701_000212,999,,,,,,,,,,,5,,12,0,-63.5,44.6,90,,1,\n";

const GENERIC_CSV: &str = "mmsi,time,lat,lon,speed,course,type,partno,name\n\
445123000,1700000000,39.0,125.5,3.5,90,1,,\n\
445123000,1700000060000,39.0,125.5,,,24,0,CHON MA SAN\n\
445123000,2023-11-14 22:15:00.5,39.0,125.5,,,21,,BUOY\n";

const JSON_LINES: &str = "{\"class\":\"AIS\",\"device\":\"stdin\",\"type\":1,\"repeat\":0,\"mmsi\":204814000,\"scaled\":true,\"status\":\"15\",\"turn\":0,\"speed\":0.0,\"accuracy\":true,\"lon\":-8.766,\"lat\":41.375,\"course\":266.0,\"heading\":101,\"second\":0,\"tagblock_timestamp\":\"2014-08-01T00:08:14.000000Z\"}\n\
{\"class\":\"AIS\",\"type\":5,\"mmsi\":445123000,\"scaled\":false,\"imo\":8660313,\"shipname\":\"CHON MA SAN\",\"to_bow\":50,\"to_stern\":20,\"draught\":65,\"eta\":\"05-17T14:00Z\"}\n\
{\"ssvid\": 416000000, \"lat\": 22.568, \"lon\": 120.311, \"timestamp\": \"2014-01-01 01:14:25.000000\", \"course\": 0, \"speed\": 0}\n\
{\"class\":\"TPV\",\"mode\":3}\n";

/// The inline seeds and the format each must be detected as.
const SEEDS: [(&str, ExportFormat); 6] = [
    (MARINECADASTRE, ExportFormat::MarineCadastre),
    (DMA, ExportFormat::Dma),
    (GFW_CSV, ExportFormat::GfwCsv),
    (AISDB, ExportFormat::Aisdb),
    (GENERIC_CSV, ExportFormat::Csv),
    (JSON_LINES, ExportFormat::JsonLines),
];

/// Shared decoded samples, read only in part (their first lines).
const SHARED_SAMPLES: [&str; 6] = [
    "ais/decoded/aisdb/test_data_20210701.csv",
    "ais/decoded/aisdb/test_data_noaa_20230101.csv",
    "ais/decoded/marinecadastre_qgis/demodata_ais_boston_2014-01.csv",
    "ais/decoded/gfw_gpsdio_segment/gfw_segmenter_regression_2021-01-01_09.csv",
    "ais/decoded/gfw_gpsdio_segment/263576000.jsonl",
    "ais/decoded/gfw_gpsdio_segment/gfw_point_pair_messages.jsonl.gz",
];

/// Bytes that matter to CSV, JSON, numbers and times.
const ALPHABET: &[u8] = b",\"{}[]:.-+eE0123456789 _/TZ\r\nAISnul\xef\xbb\xbf\xff";

/// What one file gave.
#[derive(Debug, Default)]
struct Outcome {
    detected: Option<ExportFormat>,
    messages: u64,
    rejected: u64,
}

/// Reads `bytes` as a file, detected from its first non-blank line, checking
/// that every line is accounted for.
fn read_file(bytes: &[u8]) -> Outcome {
    let mut outcome = Outcome::default();
    let Some(first) = bytes.split(|&b| b == b'\n').find(|line| !is_blank(line)) else {
        return outcome;
    };
    let Some(mut reader) = ExportReader::detect(first, None) else { return outcome };
    outcome.detected = Some(reader.format());
    let csv = reader.format() != ExportFormat::JsonLines;
    let mut seen_header = false;
    let mut n_lines = 0;
    for (idx, line) in bytes.split(|&b| b == b'\n').enumerate() {
        let line_no = idx as u64 + 1;
        let before = reader.stats().rejected_total();
        let messages = reader.push_line(line, line_no);
        for message in messages {
            assert_eq!(message.line, line_no, "{message:?}");
            assert!((1..=27).contains(&message.msg_type), "{message:?}");
            assert!(message.mmsi <= 999_999_999, "{message:?}");
            if let Some(fix) = message.fix() {
                // As from NMEA: the "not available" 91 and 181 and beyond
                // become `None` (90-91 and 180-181 pass, as in the decoder).
                assert!(fix.lat.abs() < 91.0 && fix.lon.abs() < 181.0, "{message:?}");
            }
        }
        let n_made = messages.len() as u64;
        n_lines += 1;
        let n_rejected = reader.stats().rejected_total() - before;
        let blank = line.len() <= MAX_EXPORT_LINE_LEN && is_blank(line);
        let is_header = csv && !seen_header && line.len() <= MAX_EXPORT_LINE_LEN && !blank;
        seen_header |= is_header;
        let text = String::from_utf8_lossy(line);
        if blank || is_header {
            assert_eq!((n_made, n_rejected), (0, 0), "line {line_no} {text:?}");
        } else {
            // Messages or one rejection, never neither (a lost row) nor both.
            assert_eq!(n_rejected, u64::from(n_made == 0), "line {line_no} {text:?}");
            if n_rejected == 1 {
                assert_eq!(reader.last_rejection().map(|r| r.line), Some(line_no));
            }
        }
        outcome.messages += n_made;
    }
    let stats = reader.stats();
    assert_eq!(stats.lines, n_lines);
    assert_eq!(stats.messages, outcome.messages);
    assert_eq!(stats.by_type.iter().sum::<u64>(), outcome.messages);
    outcome.rejected = stats.rejected_total();
    outcome
}

/// A line the reader skips: whitespace after any byte-order marks.
fn is_blank(line: &[u8]) -> bool {
    String::from_utf8_lossy(line).trim_start_matches('\u{feff}').trim().is_empty()
}

/// One to eight byte edits, sometimes a whole line duplicated or dropped.
fn mutate(rng: &mut Rng, seed: &[u8]) -> Vec<u8> {
    let mut bytes = seed.to_vec();
    for _ in 0..1 + rng.below(8) {
        let at = rng.below(bytes.len() + 1);
        match rng.below(6) {
            0 if at < bytes.len() => bytes[at] = ALPHABET[rng.below(ALPHABET.len())],
            1 if at < bytes.len() => bytes[at] = rng.next() as u8,
            2 if at < bytes.len() => {
                bytes.remove(at);
            }
            3 => bytes.insert(at, ALPHABET[rng.below(ALPHABET.len())]),
            4 => {
                // Repeat a run of bytes (a cell, part of a number).
                let len = rng.below(12).min(bytes.len() - at.min(bytes.len()));
                let run: Vec<u8> = bytes[at..at + len].to_vec();
                bytes.splice(at..at, run);
            }
            _ => {
                // Drop a run of bytes (cells, a line break).
                let end = (at + rng.below(24)).min(bytes.len());
                bytes.drain(at.min(end)..end);
            }
        }
    }
    bytes
}

/// The first `max_lines` lines of a shared sample, when it is present.
fn shared_head(relative: &str, max_lines: usize) -> Option<Vec<u8>> {
    let path = vigil_testdata::shared_file(relative)?;
    let file = std::fs::File::open(&path).ok()?;
    let mut text = Vec::new();
    let limit = 64 * 1024;
    if relative.ends_with(".gz") {
        flate2::read::GzDecoder::new(file).take(limit).read_to_end(&mut text).ok()?;
    } else {
        file.take(limit).read_to_end(&mut text).ok()?;
    }
    let lines: Vec<&[u8]> = text.split(|&b| b == b'\n').take(max_lines).collect();
    Some(lines.join(&b'\n'))
}

#[test]
fn inline_seeds_are_detected_and_read() {
    for (seed, format) in SEEDS {
        let outcome = read_file(seed.as_bytes());
        assert_eq!(outcome.detected, Some(format), "{seed}");
        assert!(outcome.messages >= 2, "{format:?}: {outcome:?}");
    }
    // The gpsd TPV report is the only row the JSON seed rejects.
    assert_eq!(read_file(JSON_LINES.as_bytes()).rejected, 1);
}

#[test]
fn random_bytes_never_panic() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for _ in 0..1_000 {
        let len = rng.below(400);
        let raw: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        read_file(&raw);
        let punctuation: Vec<u8> = (0..len).map(|_| ALPHABET[rng.below(ALPHABET.len())]).collect();
        read_file(&punctuation);
        // The same bytes behind each format's header, to reach its rows.
        for (seed, format) in SEEDS {
            let header = seed.lines().next().unwrap_or_default();
            let file = [header.as_bytes(), b"\n", &punctuation].concat();
            assert_eq!(read_file(&file).detected, Some(format));
        }
    }
}

#[test]
fn mutated_rows_never_panic_and_are_counted() {
    let mut seeds: Vec<(String, Vec<u8>)> = SEEDS
        .iter()
        .map(|(seed, format)| (format!("{format:?}"), seed.as_bytes().to_vec()))
        .collect();
    for relative in SHARED_SAMPLES {
        if let Some(head) = shared_head(relative, 40) {
            seeds.push((relative.to_owned(), head));
        }
    }
    let mut rng = Rng(42);
    for (name, seed) in &seeds {
        let clean = read_file(seed);
        assert!(clean.detected.is_some() && clean.messages > 0, "{name}: {clean:?}");
        let (mut n_messages, mut n_rejected) = (0, 0);
        for _ in 0..300 {
            let outcome = read_file(&mutate(&mut rng, seed));
            n_messages += outcome.messages;
            n_rejected += outcome.rejected;
        }
        // Mutations both break rows (which are counted) and leave many whole.
        assert!(n_rejected > 50, "{name}: only {n_rejected} rejections");
        assert!(n_messages > 100, "{name}: only {n_messages} messages");
    }
}

#[test]
fn bad_cells_are_rejected_with_their_reason() {
    let header = AISDB.lines().next().unwrap_or_default();
    let cases: [(&str, ExportReason); 6] = [
        (
            "x316001245,1,0,20210701_000012,120,,,,,,,,,,,0,0,10.1,1,-63.5,44.6,270.2,271,0,",
            ExportReason::BadMmsi,
        ),
        (
            "1316001245,1,0,20210701_000012,120,,,,,,,,,,,0,0,10.1,1,-63.5,44.6,270.2,271,0,",
            ExportReason::BadMmsi,
        ),
        (
            "316001245,1,0,20211301_000012,120,,,,,,,,,,,0,0,10.1,1,-63.5,44.6,270.2,271,0,",
            ExportReason::BadTime,
        ),
        (
            "316001245,1,0,20210701_000012,120,,,,,,,,,,,0,0,fast,1,-63.5,44.6,270.2,271,0,",
            ExportReason::BadNumber,
        ),
        (
            "316001245,28,0,20210701_000012,120,,,,,,,,,,,0,0,10.1,1,-63.5,44.6,270.2,271,0,",
            ExportReason::UnknownType,
        ),
        (
            "316001245,1,0,20210701_000012,120,,,,,,,,,,,0,0,10.1,1,-63.5,44.6,270.2,271",
            ExportReason::BadCsv,
        ),
    ];
    for (row, reason) in cases {
        let mut reader = ExportReader::detect(header.as_bytes(), None).expect("AISdb header");
        reader.push_line(header.as_bytes(), 1);
        assert!(reader.push_line(row.as_bytes(), 2).is_empty(), "{row}");
        assert_eq!(reader.stats().rejected(reason), 1, "{row}: {:?}", reader.stats());
        assert_eq!(reader.last_rejection().map(|r| (r.reason, r.line)), Some((reason, 2)));
    }
}

#[test]
fn extreme_epochs_and_milliseconds_do_not_overflow() {
    // A bare epoch at the top of i64, plus AISdb's millisecond column.
    let header = AISDB.lines().next().unwrap_or_default();
    let row = "316001245,1,0,9223372036854775807,999,,,,,,,,,,,0,0,10.1,1,-63.5,44.6,270.2,271,0,";
    let file = format!("{header}\n{row}\n");
    let outcome = read_file(file.as_bytes());
    assert_eq!(outcome.messages + outcome.rejected, 1, "{outcome:?}");
    // The same in JSON, as a number and as text.
    for line in [
        "{\"ssvid\":1,\"timestamp\":1e300,\"lat\":1,\"lon\":1}",
        "{\"ssvid\":1,\"timestamp\":\"9223372036854775807\",\"lat\":1,\"lon\":1}",
        "{\"ssvid\":1,\"timestamp\":-1e300,\"lat\":1,\"lon\":1}",
    ] {
        let outcome = read_file(line.as_bytes());
        assert_eq!(outcome.messages + outcome.rejected, 1, "{line}: {outcome:?}");
    }
}
