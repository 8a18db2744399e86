//! Fuzz target: the decoded-export reader (`vigil_ais::ExportReader`) never
//! panics, and accounts for every line: each non-blank line after the header
//! gives messages or exactly one counted rejection.
//!
//! The bytes are read once as a whole file (their own first line decides the
//! format) and once behind each format's header, so that mutations reach the
//! row readers of every format the reader sniffs, not only its detection.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vigil_ais::{ExportFormat, ExportReader, MAX_EXPORT_LINE_LEN};

/// One header per sniffed format, as the real files write them.
const HEADERS: [(&[u8], ExportFormat); 6] = [
    (
        b"MMSI,BaseDateTime,LAT,LON,SOG,COG,Heading,VesselName,IMO,CallSign,VesselType,Status,Length,Width,Draft,Cargo,TransceiverClass",
        ExportFormat::MarineCadastre,
    ),
    (
        b"# Timestamp,Type of mobile,MMSI,Latitude,Longitude,Navigational status,ROT,SOG,COG,Heading,IMO,Callsign,Name,Ship type,Cargo type,Width,Length,Type of position fixing device,Draught,Destination,ETA,Data source type,A,B,C,D",
        ExportFormat::Dma,
    ),
    (
        b"msgid,timestamp,ssvid,type,lat,lon,speed,course,heading,status,shipname,callsign,imo,destination,shiptype,length,width,receiver_type,receiver,source",
        ExportFormat::GfwCsv,
    ),
    (
        b"MMSI,Message_ID,Repeat_indicator,Time,Millisecond,Vessel_Name,Call_sign,IMO,Ship_Type,Dimension_to_Bow,Dimension_to_stern,Dimension_to_port,Dimension_to_starboard,Draught,Destination,Navigational_status,ROT,SOG,Accuracy,Longitude,Latitude,COG,Heading,RAIM_flag,Fixing_device",
        ExportFormat::Aisdb,
    ),
    (b"mmsi,time,lat,lon,speed,course,type,partno,name", ExportFormat::Csv),
    (b"{}", ExportFormat::JsonLines),
];

fuzz_target!(|data: &[u8]| {
    read_file(data);
    for (header, format) in HEADERS {
        let mut file = header.to_vec();
        file.push(b'\n');
        file.extend_from_slice(data);
        let first = if format == ExportFormat::JsonLines { b"{" as &[u8] } else { header };
        let reader = ExportReader::detect(first, None).expect("a known header is detected");
        assert_eq!(reader.format(), format);
        // The JSON marker line is not part of the file.
        let body = if format == ExportFormat::JsonLines { data } else { &file[..] };
        read_lines(reader, body);
    }
});

/// Reads `data` as a whole file, detected from its first non-blank line.
fn read_file(data: &[u8]) {
    let Some(first) = data.split(|&b| b == b'\n').find(|line| !is_blank(line)) else { return };
    if let Some(reader) = ExportReader::detect(first, None) {
        read_lines(reader, data);
    }
}

/// Pushes every line and checks that none is lost: a non-blank line after
/// the header makes messages or one rejection, never neither and never both.
fn read_lines(mut reader: ExportReader, data: &[u8]) {
    let csv = reader.format() != ExportFormat::JsonLines;
    let mut seen_header = false;
    let mut n_lines = 0u64;
    let mut n_messages = 0u64;
    for (idx, line) in data.split(|&b| b == b'\n').enumerate() {
        let line_no = idx as u64 + 1;
        let before = reader.stats().rejected_total();
        let messages = reader.push_line(line, line_no);
        for message in messages {
            assert_eq!(message.line, line_no);
            assert!((1..=27).contains(&message.msg_type), "{message:?}");
            assert!(message.mmsi <= 999_999_999, "{message:?}");
        }
        let n_made = messages.len() as u64;
        n_lines += 1;
        n_messages += n_made;
        let n_rejected = reader.stats().rejected_total() - before;
        let blank = line.len() <= MAX_EXPORT_LINE_LEN && is_blank(line);
        let is_header = csv && !seen_header && line.len() <= MAX_EXPORT_LINE_LEN && !blank;
        seen_header |= is_header;
        if blank || is_header {
            assert!(n_made == 0 && n_rejected == 0, "line {line_no}");
        } else {
            assert_eq!(n_rejected, u64::from(n_made == 0), "line {line_no}");
        }
    }
    assert_eq!(reader.stats().lines, n_lines);
    assert_eq!(reader.stats().messages, n_messages);
}

/// A line the reader skips: whitespace after any byte-order marks.
fn is_blank(line: &[u8]) -> bool {
    String::from_utf8_lossy(line).trim_start_matches('\u{feff}').trim().is_empty()
}
