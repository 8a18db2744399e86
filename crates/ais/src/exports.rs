//! Decoded AIS exports: CSV and JSON-lines files of messages someone else
//! already decoded, read into the same [`Message`]s as NMEA, so that every
//! consumer (tracks, vessels, events) takes them without knowing the source.
//!
//! # Formats
//! [`ExportReader::detect`] looks at the first non-blank line of a file:
//! - a JSON object: JSON lines, one message per line. gpsd's AIVDM JSON
//!   (`{"class":"AIS","type":1,"mmsi":…}`, scaled or unscaled, including
//!   GFW's gpsd-schema point-pair files with `tagblock_timestamp`) and GFW's
//!   position records (`ssvid, lat, lon, timestamp, course, speed`);
//! - a CSV header naming an MMSI column (`MMSI`, `ssvid`) and a time column
//!   (`BaseDateTime`, `# Timestamp`, `timestamp`, `Time`): MarineCadastre /
//!   NOAA (either case), the Danish Maritime Authority's daily CSV
//!   (`dd/mm/yyyy hh:mm:ss`), GFW's segmenter CSV (`type` as `AIS.1`), AISdb's
//!   wide CSV (`Message_ID`, `Time` as `YYYYMMDD_HHMMSS` plus `Millisecond`),
//!   or any CSV whose columns carry those names.
//!
//! Anything else is NMEA, for the [`Decoder`](crate::Decoder).
//!
//! # Rows to messages
//! A row with a message type (gpsd `type`, GFW `AIS.n`, AISdb `Message_ID`)
//! becomes that type's [`Body`]. A row without one (MarineCadastre, DMA, GFW
//! positions) carries a position and often the vessel's static data: it
//! becomes a position report (type 18 for Class B, else type 1), followed by
//! the static data (type 5, or type 24 parts A and B for Class B) when that
//! MMSI's static fields first appear or change, so a file of a million rows
//! of one ship does not repeat the same type 5 a million times.
//! Each message's `line` is its row's line in the file (the header is line 1).
//!
//! # Units
//! Exports give degrees, knots and metres, which [`Message`] keeps. gpsd's
//! unscaled JSON (`"scaled":false`) is converted as ITU-R M.1371-5 encodes it
//! (1/10 000 min, 1/10 kn, 1/10°). The "not available" values (latitude 91,
//! longitude 181, speed 102.3 kn, course 360, heading 511) and empty cells
//! become `None`. When a CSV gives only length and width, the reference point
//! is put amidships (bow = stern = half the length), which keeps the length
//! and beam that consumers use.
//!
//! # Bad rows
//! As with NMEA, a bad row never stops the reader: it is counted by
//! [`ExportReason`] in [`ExportStats`] and [`ExportReader::last_rejection`]
//! names its line, for callers that stop at the first one (`--strict`).
//!
//! # Example
//! ```
//! use vigil_ais::{Body, ExportReader};
//!
//! let header = b"MMSI,BaseDateTime,LAT,LON,SOG,COG,Heading,VesselName,IMO,CallSign,VesselType,Status,Length,Width,Draft,Cargo,TransceiverClass";
//! let mut reader = ExportReader::detect(header, None).expect("a MarineCadastre header");
//! assert!(reader.push_line(header, 1).is_empty());
//! let row = b"636021061,2023-01-11T00:00:00,26.09241,-80.04806,8.8,272.7,270.0,MSC NAISHA III,IMO9307839,5LCB4,70,8.0,208.0,30.0,8.0,70.0,A";
//! let messages = reader.push_line(row, 2);
//! assert_eq!(messages.len(), 2);
//! assert_eq!(messages[0].fix().map(|fix| fix.speed), Some(Some(8.8)));
//! let Body::StaticVoyage(voyage) = messages[1].body else { panic!("static data") };
//! assert_eq!((voyage.imo, voyage.shipname.as_str()), (9307839, "MSC NAISHA III"));
//! ```
//!
//! # References
//! - MarineCadastre "AIS Data Dictionary" (BOEM/NOAA) for the NOAA columns.
//! - Danish Maritime Authority, "AIS data" (aisdk CSV) for the DMA columns.
//! - gpsd, "AIVDM/AIVDO protocol decoding" for the JSON field names and scaling.
//! - ITU-R M.1371-5 (02/2014), Annex 8, for the "not available" codes.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use serde_json::{Map, Value};

use crate::bits::AisText;
use crate::decoder::{Reason, Stats};
use crate::message::{
    AidToNavigationReport, BaseStationReport, Body, ClassBExtendedReport, ClassBReport, Dimensions,
    Eta, LongRangeReport, Message, PositionReport, SarAircraftReport, StaticDataA, StaticDataB,
    StaticVoyage, Turn,
};
use crate::time::Timestamp;

/// Lines longer than this many bytes are rejected unread. AISdb's wide rows
/// are about 400 bytes and gpsd's type 5 JSON about 500; this leaves room.
pub const MAX_EXPORT_LINE_LEN: usize = 64 * 1024;
/// A CSV header with more columns than this is not taken as an export.
pub const MAX_COLUMNS: usize = 1024;
/// How many MMSIs' last static data are remembered to skip repeats; when
/// full, the memory is cleared (so a repeat is written again, never lost).
pub const MAX_REMEMBERED_STATICS: usize = 1 << 20;

/// The export formats that [`ExportReader::detect`] recognises.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ExportFormat {
    /// MarineCadastre / NOAA CSV (`MMSI,BaseDateTime,LAT,LON,…`, either case).
    MarineCadastre,
    /// The Danish Maritime Authority's CSV (`# Timestamp,Type of mobile,MMSI,…`).
    Dma,
    /// Global Fishing Watch's CSV (`msgid,timestamp,ssvid,type,…`).
    GfwCsv,
    /// AISdb's wide CSV (`MMSI,Message_ID,Repeat_indicator,Time,…`).
    Aisdb,
    /// Another CSV with recognised MMSI and time columns.
    Csv,
    /// JSON lines: gpsd AIVDM JSON or GFW position records.
    JsonLines,
}

impl ExportFormat {
    /// A short name for messages and statistics.
    pub fn name(self) -> &'static str {
        match self {
            ExportFormat::MarineCadastre => "MarineCadastre CSV",
            ExportFormat::Dma => "DMA CSV",
            ExportFormat::GfwCsv => "GFW CSV",
            ExportFormat::Aisdb => "AISdb CSV",
            ExportFormat::Csv => "CSV",
            ExportFormat::JsonLines => "JSON lines",
        }
    }
}

/// Why a row gave no message. Each is counted in [`ExportStats`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum ExportReason {
    /// Longer than [`MAX_EXPORT_LINE_LEN`]. Remedy: none; it is not an export row.
    LineTooLong,
    /// A CSV row with an unterminated quote, or a different number of cells
    /// than the header: its values cannot be put in their columns.
    BadCsv,
    /// A JSON line that does not parse as one JSON object.
    BadJson,
    /// A JSON object that is not an AIS message (gpsd's `VERSION`, `TPV`, …).
    NotAis,
    /// The MMSI is missing or not a number of at most nine digits.
    BadMmsi,
    /// The time cell is not a time in a known form.
    BadTime,
    /// A numeric cell (position, speed, type, …) holds something else.
    BadNumber,
    /// A message type outside 1–27.
    UnknownType,
}

impl ExportReason {
    /// Every reason, in the order of [`ExportStats::rejected`].
    pub const ALL: [ExportReason; 8] = [
        ExportReason::LineTooLong,
        ExportReason::BadCsv,
        ExportReason::BadJson,
        ExportReason::NotAis,
        ExportReason::BadMmsi,
        ExportReason::BadTime,
        ExportReason::BadNumber,
        ExportReason::UnknownType,
    ];

    /// A stable snake_case name, used in statistics output.
    pub fn name(self) -> &'static str {
        match self {
            ExportReason::LineTooLong => "line_too_long",
            ExportReason::BadCsv => "bad_csv",
            ExportReason::BadJson => "bad_json",
            ExportReason::NotAis => "not_ais",
            ExportReason::BadMmsi => "bad_mmsi",
            ExportReason::BadTime => "bad_time",
            ExportReason::BadNumber => "bad_number",
            ExportReason::UnknownType => "unknown_type",
        }
    }

    /// The decoder [`Reason`] a rejection is summed under in [`Stats`].
    pub fn as_decoder_reason(self) -> Reason {
        match self {
            ExportReason::LineTooLong => Reason::LineTooLong,
            ExportReason::NotAis => Reason::NotAis,
            ExportReason::UnknownType => Reason::UnknownType,
            _ => Reason::Malformed,
        }
    }

    fn index(self) -> usize {
        ExportReason::ALL.iter().position(|&r| r == self).unwrap_or(0)
    }
}

impl std::fmt::Display for ExportReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// One rejected row and its line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExportRejection {
    /// Why.
    pub reason: ExportReason,
    /// The 1-based line passed to [`ExportReader::push_line`].
    pub line: u64,
}

/// Counts of what an [`ExportReader`] saw.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ExportStats {
    /// Lines pushed, the header included.
    pub lines: u64,
    /// Messages made.
    pub messages: u64,
    /// Messages per type, indexed by type (0 unused).
    pub by_type: [u64; 28],
    /// Rejections per [`ExportReason`], in the order of [`ExportReason::ALL`].
    pub rejected: [u64; ExportReason::ALL.len()],
}

impl ExportStats {
    /// How many times `reason` was counted.
    pub fn rejected(&self, reason: ExportReason) -> u64 {
        self.rejected[reason.index()]
    }

    /// All rejections.
    pub fn rejected_total(&self) -> u64 {
        self.rejected.iter().sum()
    }

    /// Adds these counts to a decoder's [`Stats`], each rejection under
    /// [`ExportReason::as_decoder_reason`], so one summary covers NMEA and
    /// export files alike.
    pub fn add_to(&self, stats: &mut Stats) {
        stats.lines += self.lines;
        stats.messages += self.messages;
        for (mine, theirs) in stats.by_type.iter_mut().zip(self.by_type) {
            *mine += theirs;
        }
        for reason in ExportReason::ALL {
            let idx = Reason::ALL.iter().position(|&r| r == reason.as_decoder_reason());
            if let Some(idx) = idx {
                stats.rejected[idx] += self.rejected(reason);
            }
        }
    }
}

/// The fields an export may carry, named as gpsd names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Mmsi,
    Time,
    /// The UTC time a base station reports (gpsd's `timestamp` of type 4).
    Utc,
    Millis,
    Type,
    Repeat,
    Class,
    Status,
    Turn,
    Speed,
    Accuracy,
    Lon,
    Lat,
    Course,
    Heading,
    Second,
    Raim,
    Imo,
    Callsign,
    Shipname,
    Shiptype,
    ToBow,
    ToStern,
    ToPort,
    ToStarboard,
    Length,
    Width,
    Epfd,
    Eta,
    Draught,
    Destination,
    Alt,
    AidType,
    AidName,
    Partno,
    Vendorid,
    MothershipMmsi,
}

/// Every field, in the order of [`Columns`].
const FIELDS: [Field; 37] = [
    Field::Mmsi,
    Field::Time,
    Field::Utc,
    Field::Millis,
    Field::Type,
    Field::Repeat,
    Field::Class,
    Field::Status,
    Field::Turn,
    Field::Speed,
    Field::Accuracy,
    Field::Lon,
    Field::Lat,
    Field::Course,
    Field::Heading,
    Field::Second,
    Field::Raim,
    Field::Imo,
    Field::Callsign,
    Field::Shipname,
    Field::Shiptype,
    Field::ToBow,
    Field::ToStern,
    Field::ToPort,
    Field::ToStarboard,
    Field::Length,
    Field::Width,
    Field::Epfd,
    Field::Eta,
    Field::Draught,
    Field::Destination,
    Field::Alt,
    Field::AidType,
    Field::AidName,
    Field::Partno,
    Field::Vendorid,
    Field::MothershipMmsi,
];

impl Field {
    /// CSV header names, lower case with everything but letters and digits
    /// removed (`# Timestamp` → `timestamp`, `Call_sign` → `callsign`), in
    /// order of preference.
    fn csv_names(self) -> &'static [&'static str] {
        match self {
            Field::Mmsi => &["mmsi", "ssvid"],
            Field::Time => &["basedatetime", "timestamp", "time", "datetime", "datetimeutc"],
            Field::Utc => &[],
            Field::Millis => &["millisecond"],
            Field::Type => &["type", "messageid", "msgtype"],
            Field::Repeat => &["repeatindicator", "repeat"],
            Field::Class => &["transceiverclass", "typeofmobile"],
            Field::Status => &["status", "navigationalstatus", "navstatus"],
            Field::Turn => &["rot", "turn"],
            Field::Speed => &["sog", "speed"],
            Field::Accuracy => &["accuracy"],
            Field::Lon => &["lon", "longitude"],
            Field::Lat => &["lat", "latitude"],
            Field::Course => &["cog", "course"],
            Field::Heading => &["heading", "trueheading"],
            Field::Second => &[],
            Field::Raim => &["raimflag", "raim"],
            Field::Imo => &["imo"],
            Field::Callsign => &["callsign"],
            Field::Shipname => &["vesselname", "shipname", "name"],
            Field::Shiptype => &["vesseltype", "shiptype"],
            Field::ToBow => &["a", "dimensiontobow", "tobow"],
            Field::ToStern => &["b", "dimensiontostern", "tostern"],
            Field::ToPort => &["c", "dimensiontoport", "toport"],
            Field::ToStarboard => &["d", "dimensiontostarboard", "tostarboard"],
            Field::Length => &["length"],
            Field::Width => &["width"],
            Field::Epfd => &["fixingdevice"],
            Field::Eta => &["eta"],
            Field::Draught => &["draft", "draught"],
            Field::Destination => &["destination"],
            Field::Alt => &["altitude"],
            Field::AidType => &["atontype"],
            Field::AidName => &["atonname"],
            Field::Partno => &["partnumber"],
            Field::Vendorid => &["vendorid"],
            Field::MothershipMmsi => &["mothershipmmsi"],
        }
    }

    /// gpsd JSON keys (and GFW's), in order of preference.
    fn json_keys(self) -> &'static [&'static str] {
        match self {
            Field::Mmsi => &["mmsi", "ssvid"],
            // gpsd's own `timestamp` is message content (type 4's UTC, type
            // 8's weather time), not a receive time: see `JsonRow`.
            Field::Time => &["tagblock_timestamp", "timestamp"],
            Field::Utc => &["timestamp"],
            Field::Millis | Field::Class | Field::Length | Field::Width => &[],
            Field::Type => &["type"],
            Field::Repeat => &["repeat"],
            Field::Status => &["status"],
            Field::Turn => &["turn"],
            Field::Speed => &["speed"],
            Field::Accuracy => &["accuracy"],
            Field::Lon => &["lon"],
            Field::Lat => &["lat"],
            Field::Course => &["course"],
            Field::Heading => &["heading"],
            Field::Second => &["second"],
            Field::Raim => &["raim"],
            Field::Imo => &["imo"],
            Field::Callsign => &["callsign"],
            Field::Shipname => &["shipname"],
            Field::Shiptype => &["shiptype"],
            Field::ToBow => &["to_bow"],
            Field::ToStern => &["to_stern"],
            Field::ToPort => &["to_port"],
            Field::ToStarboard => &["to_starboard"],
            Field::Epfd => &["epfd"],
            Field::Eta => &["eta"],
            Field::Draught => &["draught"],
            Field::Destination => &["destination"],
            Field::Alt => &["alt"],
            Field::AidType => &["aid_type"],
            Field::AidName => &["name"],
            Field::Partno => &["partno"],
            Field::Vendorid => &["vendorid"],
            Field::MothershipMmsi => &["mothership_mmsi"],
        }
    }
}

/// One cell of a row: CSV cells are text, JSON values keep their kind.
#[derive(Debug, Clone, Copy)]
enum Cell<'a> {
    Text(&'a str),
    Number(f64),
    Flag(bool),
}

/// A row of either kind: the cell of a field, `None` when absent or empty.
trait Row {
    fn cell(&self, field: Field) -> Option<Cell<'_>>;
}

/// Where each field's column is in a CSV file, by the order of [`FIELDS`].
type Columns = [Option<usize>; FIELDS.len()];

struct CsvRow<'a> {
    text: &'a str,
    ranges: &'a [(usize, usize)],
    columns: &'a Columns,
}

impl Row for CsvRow<'_> {
    fn cell(&self, field: Field) -> Option<Cell<'_>> {
        let column = self.columns[field_index(field)]?;
        let &(start, end) = self.ranges.get(column)?;
        let text = self.text[start..end].trim();
        (!text.is_empty()).then_some(Cell::Text(text))
    }
}

struct JsonRow<'a> {
    object: &'a Map<String, Value>,
    /// gpsd output (it has `"class":"AIS"`): the receive time is only ever
    /// in `tagblock_timestamp`; GFW's records put it in `timestamp`.
    gpsd: bool,
}

impl Row for JsonRow<'_> {
    fn cell(&self, field: Field) -> Option<Cell<'_>> {
        let keys: &[&str] = match field {
            Field::Time if self.gpsd => &["tagblock_timestamp"],
            Field::Utc if !self.gpsd => &[],
            _ => field.json_keys(),
        };
        keys.iter().find_map(|key| match self.object.get(*key)? {
            Value::String(text) if !text.trim().is_empty() => Some(Cell::Text(text.trim())),
            Value::Number(number) => number.as_f64().map(Cell::Number),
            Value::Bool(flag) => Some(Cell::Flag(*flag)),
            _ => None,
        })
    }
}

fn field_index(field: Field) -> usize {
    FIELDS.iter().position(|&f| f == field).unwrap_or(0)
}

/// Whether numbers are in plain units or gpsd's unscaled ITU encodings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Units {
    Plain,
    GpsdRaw,
}

/// Reads one export file, a line at a time, into [`Message`]s.
///
/// Make one per file with [`ExportReader::detect`] on its first non-blank
/// line, then push every line, that one included, in order.
#[derive(Debug)]
pub struct ExportReader {
    format: ExportFormat,
    columns: Columns,
    header_cells: usize,
    header_line: Option<u64>,
    default_time: Option<Timestamp>,
    stats: ExportStats,
    last_rejection: Option<ExportRejection>,
    last_statics: HashMap<u32, u64>,
    messages: Vec<Message>,
    unquoted: String,
    ranges: Vec<(usize, usize)>,
}

impl ExportReader {
    /// A reader for the file whose first non-blank line is `first_line`,
    /// or `None` when that line is neither a JSON object nor a CSV header
    /// naming an MMSI and a time column (then the file is NMEA).
    /// `default_time` is given to rows without a time.
    pub fn detect(first_line: &[u8], default_time: Option<Timestamp>) -> Option<ExportReader> {
        let text = String::from_utf8_lossy(first_line);
        let text = text.trim_start_matches('\u{feff}').trim();
        let mut reader = ExportReader {
            format: ExportFormat::JsonLines,
            columns: [None; FIELDS.len()],
            header_cells: 0,
            header_line: None,
            default_time,
            stats: ExportStats::default(),
            last_rejection: None,
            last_statics: HashMap::new(),
            messages: Vec::with_capacity(3),
            unquoted: String::new(),
            ranges: Vec::new(),
        };
        if text.starts_with('{') {
            return Some(reader);
        }
        split_csv(text, &mut reader.unquoted, &mut reader.ranges).ok()?;
        if reader.ranges.len() < 2 || reader.ranges.len() > MAX_COLUMNS {
            return None;
        }
        let names: Vec<String> = reader
            .ranges
            .iter()
            .map(|&(start, end)| {
                reader.unquoted[start..end]
                    .chars()
                    .filter(char::is_ascii_alphanumeric)
                    .map(|c| c.to_ascii_lowercase())
                    .collect()
            })
            .collect();
        for (idx, field) in FIELDS.iter().enumerate() {
            reader.columns[idx] = field
                .csv_names()
                .iter()
                .find_map(|wanted| names.iter().position(|name| name == wanted));
        }
        if reader.columns[field_index(Field::Mmsi)].is_none()
            || reader.columns[field_index(Field::Time)].is_none()
        {
            return None;
        }
        let has = |name: &str| names.iter().any(|n| n == name);
        reader.format = if has("basedatetime") {
            ExportFormat::MarineCadastre
        } else if has("typeofmobile") {
            ExportFormat::Dma
        } else if has("ssvid") {
            ExportFormat::GfwCsv
        } else if has("messageid") {
            ExportFormat::Aisdb
        } else {
            ExportFormat::Csv
        };
        reader.header_cells = names.len();
        Some(reader)
    }

    /// The detected format.
    pub fn format(&self) -> ExportFormat {
        self.format
    }

    /// The counts so far.
    pub fn stats(&self) -> &ExportStats {
        &self.stats
    }

    /// The last rejected row, for callers that stop at the first one.
    pub fn last_rejection(&self) -> Option<ExportRejection> {
        self.last_rejection
    }

    /// Reads one line (without its newline) numbered `line_no`; the messages
    /// it holds: none for the header, blank lines and rejected rows, two or
    /// three for a row with a position and new static data.
    pub fn push_line(&mut self, line: &[u8], line_no: u64) -> &[Message] {
        self.messages.clear();
        self.stats.lines += 1;
        let result = if line.len() > MAX_EXPORT_LINE_LEN {
            Err(ExportReason::LineTooLong)
        } else {
            self.read_line(line, line_no)
        };
        match result {
            Ok(()) => {
                for message in &self.messages {
                    self.stats.messages += 1;
                    self.stats.by_type[usize::from(message.msg_type).min(27)] += 1;
                }
            }
            Err(reason) => {
                self.messages.clear();
                self.stats.rejected[reason.index()] += 1;
                self.last_rejection = Some(ExportRejection { reason, line: line_no });
            }
        }
        &self.messages
    }

    fn read_line(&mut self, line: &[u8], line_no: u64) -> Result<(), ExportReason> {
        let text = String::from_utf8_lossy(line);
        let text = text.trim_start_matches('\u{feff}').trim_end_matches(['\r', '\n']);
        if text.trim().is_empty() {
            return Ok(());
        }
        if self.format == ExportFormat::JsonLines {
            let value: Value = serde_json::from_str(text).map_err(|_| ExportReason::BadJson)?;
            let Value::Object(object) = value else { return Err(ExportReason::BadJson) };
            if object.get("class").is_some_and(|class| class != "AIS") {
                return Err(ExportReason::NotAis);
            }
            let units = match object.get("scaled") {
                Some(Value::Bool(false)) => Units::GpsdRaw,
                _ => Units::Plain,
            };
            let row = JsonRow { object: &object, gpsd: object.contains_key("class") };
            return self.read_row(&row, units, line_no);
        }
        if self.header_line.is_none() {
            // The first non-blank line of a CSV export is its header.
            self.header_line = Some(line_no);
            return Ok(());
        }
        let mut unquoted = std::mem::take(&mut self.unquoted);
        let mut ranges = std::mem::take(&mut self.ranges);
        let result = split_csv(text, &mut unquoted, &mut ranges).and_then(|()| {
            if ranges.len() != self.header_cells {
                return Err(ExportReason::BadCsv);
            }
            let columns = self.columns;
            let row = CsvRow { text: &unquoted, ranges: &ranges, columns: &columns };
            self.read_row(&row, Units::Plain, line_no)
        });
        self.unquoted = unquoted;
        self.ranges = ranges;
        result
    }

    /// One row of either kind to its messages in `self.messages`.
    fn read_row(&mut self, row: &dyn Row, units: Units, line_no: u64) -> Result<(), ExportReason> {
        let mmsi = match row.cell(Field::Mmsi) {
            Some(cell) => parse_mmsi(cell)?,
            None => return Err(ExportReason::BadMmsi),
        };
        let ts = match row.cell(Field::Time) {
            Some(cell) => {
                let ts = parse_time_cell(cell).ok_or(ExportReason::BadTime)?;
                let millis = integer(row, Field::Millis)?.unwrap_or(0).clamp(0, 999);
                Some(Timestamp(ts.0.saturating_add(millis)))
            }
            None => self.default_time,
        };
        let msg_type = match row.cell(Field::Type) {
            Some(cell) => Some(parse_type(cell)?),
            None => None,
        };
        let repeat = integer(row, Field::Repeat)?.unwrap_or(0).clamp(0, 3) as u8;
        let class = row.cell(Field::Class).map(class_of);
        let make = |msg_type: u8, body: Body| Message {
            msg_type,
            repeat,
            mmsi,
            ts,
            channel: 0,
            line: line_no,
            body,
        };
        let values = Values { row, units };
        match msg_type {
            Some(msg_type) => {
                for body in values.typed_bodies(msg_type, mmsi, ts)? {
                    self.messages.push(make(msg_type, body));
                }
            }
            None => {
                let class = class.unwrap_or(Class::A);
                let position_type = match class {
                    Class::A => 1,
                    Class::B => 18,
                    Class::BaseStation => 4,
                    Class::AtoN => 21,
                    Class::Sar => 9,
                };
                let position = values.position_body(position_type, ts)?;
                self.messages.push(make(position_type, position));
                let statics = values.static_bodies(class, mmsi)?;
                if !statics.is_empty() && self.static_changed(mmsi, &statics) {
                    for body in statics {
                        let msg_type = if matches!(body, Body::StaticVoyage(_)) { 5 } else { 24 };
                        self.messages.push(make(msg_type, body));
                    }
                }
            }
        }
        Ok(())
    }

    /// Whether `mmsi`'s static data differ from the last ones written, and
    /// remembers them.
    fn static_changed(&mut self, mmsi: u32, statics: &[Body]) -> bool {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        format!("{statics:?}").hash(&mut hasher);
        let digest = hasher.finish();
        if self.last_statics.len() >= MAX_REMEMBERED_STATICS
            && !self.last_statics.contains_key(&mmsi)
        {
            self.last_statics.clear();
        }
        self.last_statics.insert(mmsi, digest) != Some(digest)
    }
}

/// The transmitter class of a CSV row without a message type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    A,
    B,
    BaseStation,
    AtoN,
    Sar,
}

fn class_of(cell: Cell<'_>) -> Class {
    let Cell::Text(text) = cell else { return Class::A };
    let text = text.to_ascii_lowercase();
    let text = text.trim().trim_start_matches("class").trim();
    if text == "b" {
        Class::B
    } else if text.starts_with("base") {
        Class::BaseStation
    } else if text.starts_with("aton") {
        Class::AtoN
    } else if text.starts_with("sar") {
        Class::Sar
    } else {
        Class::A
    }
}

/// Typed accessors over a row.
struct Values<'r> {
    row: &'r dyn Row,
    units: Units,
}

impl Values<'_> {
    fn raw(&self) -> bool {
        self.units == Units::GpsdRaw
    }

    /// Latitude and longitude in degrees; `per_degree` is the raw scale
    /// (600 000 for 1/10 000 min, 600 for 1/10 min of type 27).
    fn lat_lon(&self, per_degree: f64) -> Result<(Option<f64>, Option<f64>), ExportReason> {
        let scale = if self.raw() { per_degree } else { 1.0 };
        // 91° and 181° say "not available"; anything beyond ±90° / ±180° is no position.
        let lat = number(self.row, Field::Lat)?.map(|v| v / scale).filter(|v| v.abs() <= 90.0);
        let lon = number(self.row, Field::Lon)?.map(|v| v / scale).filter(|v| v.abs() <= 180.0);
        Ok((lat, lon))
    }

    /// Speed in knots; `tenths` when the raw encoding is in 1/10 kn.
    fn speed(&self, tenths: bool) -> Result<Option<f32>, ExportReason> {
        let scale = if self.raw() && tenths { 10.0 } else { 1.0 };
        let limit = if tenths { 102.3 } else { 1023.0 };
        Ok(number(self.row, Field::Speed)?
            .map(|v| v / scale)
            .filter(|v| (0.0..limit - 0.05).contains(v))
            .map(|v| v as f32))
    }

    /// Course in degrees; `tenths` when the raw encoding is in 1/10°.
    fn course(&self, tenths: bool) -> Result<Option<f32>, ExportReason> {
        let scale = if self.raw() && tenths { 10.0 } else { 1.0 };
        Ok(number(self.row, Field::Course)?
            .map(|v| v / scale)
            .filter(|v| (0.0..360.0).contains(v))
            .map(|v| v as f32))
    }

    fn heading(&self) -> Result<Option<u16>, ExportReason> {
        Ok(number(self.row, Field::Heading)?
            .filter(|v| (0.0..360.0).contains(v))
            .map(|v| v.round() as u16 % 360))
    }

    fn turn(&self) -> Result<Turn, ExportReason> {
        match self.row.cell(Field::Turn) {
            None => Ok(Turn::NotAvailable),
            Some(Cell::Text(text)) if text.eq_ignore_ascii_case("fastleft") => Ok(Turn::FastLeft),
            Some(Cell::Text(text)) if text.eq_ignore_ascii_case("fastright") => Ok(Turn::FastRight),
            Some(Cell::Text(text)) if text.eq_ignore_ascii_case("nan") => Ok(Turn::NotAvailable),
            Some(cell) => {
                let value = cell_number(cell)?.unwrap_or(f64::NAN);
                if value.is_nan() {
                    return Ok(Turn::NotAvailable);
                }
                if !self.raw() {
                    return Ok(Turn::Rate(value as f32));
                }
                Ok(match value as i64 {
                    -128 => Turn::NotAvailable,
                    -127 => Turn::FastLeft,
                    127 => Turn::FastRight,
                    raw => {
                        let rate = (raw as f32 / 4.733).powi(2);
                        Turn::Rate(if raw < 0 { -rate } else { rate })
                    }
                })
            }
        }
    }

    fn status(&self) -> Result<u8, ExportReason> {
        match self.row.cell(Field::Status) {
            None => Ok(15),
            Some(Cell::Text(text)) if !looks_numeric(text) => Ok(status_from_text(text)),
            Some(cell) => Ok(cell_number(cell)?.map_or(15, |v| v.clamp(0.0, 15.0) as u8)),
        }
    }

    fn second(&self, ts: Option<Timestamp>) -> Result<u8, ExportReason> {
        if let Some(second) = integer(self.row, Field::Second)? {
            return Ok(second.clamp(0, 63) as u8);
        }
        Ok(ts.map_or(60, |ts| ts.to_civil().5.min(59) as u8))
    }

    fn flag(&self, field: Field) -> bool {
        match self.row.cell(field) {
            Some(Cell::Flag(flag)) => flag,
            Some(Cell::Number(value)) => value != 0.0,
            Some(Cell::Text(text)) => matches!(text, "1" | "true" | "True" | "TRUE"),
            None => false,
        }
    }

    fn small(&self, field: Field, default: u8) -> Result<u8, ExportReason> {
        Ok(integer(self.row, field)?.map_or(default, |v| v.clamp(0, 255) as u8))
    }

    fn text<const N: usize>(&self, field: Field) -> AisText<N> {
        let mut text = AisText::<N>::EMPTY;
        let value = match self.row.cell(field) {
            Some(Cell::Text(value)) => Cow::Borrowed(value),
            Some(Cell::Number(value)) => Cow::Owned(format!("{value}")),
            _ => return text,
        };
        text.push_str(&sixbit_text(&value, N));
        text
    }

    fn imo(&self) -> Result<u32, ExportReason> {
        match self.row.cell(Field::Imo) {
            None => Ok(0),
            Some(Cell::Text(text)) => {
                let digits = text.trim_start_matches(|c: char| c.is_ascii_alphabetic()).trim();
                if digits.is_empty() {
                    return Ok(0);
                }
                let value: f64 = digits.parse().map_err(|_| ExportReason::BadNumber)?;
                Ok(whole(value).filter(|v| (0..=0x3FFF_FFFF).contains(v)).unwrap_or(0) as u32)
            }
            Some(cell) => Ok(cell_number(cell)?.and_then(whole).unwrap_or(0).max(0) as u32),
        }
    }

    fn shiptype(&self) -> Result<u8, ExportReason> {
        match self.row.cell(Field::Shiptype) {
            None => Ok(0),
            Some(Cell::Text(text)) if !looks_numeric(text) => Ok(shiptype_from_text(text)),
            Some(cell) => Ok(cell_number(cell)?.map_or(0, |v| v.clamp(0.0, 255.0) as u8)),
        }
    }

    /// Dimensions from A/B/C/D, or from length and width with the reference
    /// point amidships.
    fn dims(&self) -> Result<Dimensions, ExportReason> {
        let metres = |field: Field, max: f64| -> Result<f64, ExportReason> {
            Ok(number(self.row, field)?.map_or(0.0, |v| v.round().clamp(0.0, max)))
        };
        let parts = [
            metres(Field::ToBow, 511.0)?,
            metres(Field::ToStern, 511.0)?,
            metres(Field::ToPort, 63.0)?,
            metres(Field::ToStarboard, 63.0)?,
        ];
        if parts.iter().any(|&v| v > 0.0) {
            return Ok(Dimensions {
                to_bow: parts[0] as u16,
                to_stern: parts[1] as u16,
                to_port: parts[2] as u8,
                to_starboard: parts[3] as u8,
            });
        }
        let length = metres(Field::Length, 1022.0)? as u16;
        let width = metres(Field::Width, 126.0)? as u8;
        Ok(Dimensions {
            to_bow: length - length / 2,
            to_stern: length / 2,
            to_port: width - width / 2,
            to_starboard: width / 2,
        })
    }

    fn draught(&self) -> Result<f32, ExportReason> {
        let scale = if self.raw() { 10.0 } else { 1.0 };
        Ok(number(self.row, Field::Draught)?.map_or(0.0, |v| (v / scale).clamp(0.0, 25.5) as f32))
    }

    fn eta(&self) -> Eta {
        let missing = Eta { month: 0, day: 0, hour: 24, minute: 60 };
        let Some(Cell::Text(text)) = self.row.cell(Field::Eta) else { return missing };
        if let Some(ts) = parse_time(text) {
            let (_, month, day, hour, minute, _, _) = ts.to_civil();
            return Eta {
                month: month as u8,
                day: day as u8,
                hour: hour as u8,
                minute: minute as u8,
            };
        }
        // gpsd's form: MM-DDTHH:MMZ.
        let num = |range: std::ops::Range<usize>| text.get(range)?.parse::<u8>().ok();
        match (num(0..2), num(3..5), num(6..8), num(9..11)) {
            (Some(month), Some(day), Some(hour), Some(minute)) => Eta { month, day, hour, minute },
            _ => missing,
        }
    }

    /// The position body of a row without a type.
    fn position_body(&self, msg_type: u8, ts: Option<Timestamp>) -> Result<Body, ExportReason> {
        self.typed_bodies(msg_type, 0, ts)
            .map(|bodies| bodies.into_iter().next().unwrap_or(Body::Other))
    }

    /// The static data of a row without a type: type 5 for Class A, type 24
    /// parts A and B for Class B, nothing when no static field is filled.
    fn static_bodies(&self, class: Class, mmsi: u32) -> Result<Vec<Body>, ExportReason> {
        let has_static = [
            Field::Shipname,
            Field::Callsign,
            Field::Imo,
            Field::Shiptype,
            Field::Length,
            Field::ToBow,
            Field::Draught,
            Field::Destination,
        ]
        .iter()
        .any(|&field| self.row.cell(field).is_some());
        if !has_static {
            return Ok(Vec::new());
        }
        match class {
            Class::A => self.typed_bodies(5, mmsi, None),
            Class::B => Ok(vec![self.part_a(), self.part_b(mmsi)?]),
            _ => Ok(Vec::new()),
        }
    }

    fn part_a(&self) -> Body {
        Body::StaticDataA(StaticDataA { shipname: self.text(Field::Shipname) })
    }

    fn part_b(&self, mmsi: u32) -> Result<Body, ExportReason> {
        let auxiliary = mmsi / 10_000_000 == 98;
        Ok(Body::StaticDataB(StaticDataB {
            shiptype: self.shiptype()?,
            vendorid: self.text(Field::Vendorid),
            model: 0,
            serial: 0,
            callsign: self.text(Field::Callsign),
            dims: if auxiliary { Dimensions::default() } else { self.dims()? },
            mothership_mmsi: if auxiliary {
                integer(self.row, Field::MothershipMmsi)?.map(|v| v.clamp(0, 999_999_999) as u32)
            } else {
                None
            },
        }))
    }

    /// The bodies of a row of a known type: one, or for a type 24 row with
    /// both parts' fields (GFW joins them), parts A and B.
    fn typed_bodies(
        &self,
        msg_type: u8,
        mmsi: u32,
        ts: Option<Timestamp>,
    ) -> Result<Vec<Body>, ExportReason> {
        let body = match msg_type {
            1..=3 => {
                let (lat, lon) = self.lat_lon(600_000.0)?;
                Body::Position(PositionReport {
                    status: self.status()?,
                    turn: self.turn()?,
                    speed: self.speed(true)?,
                    accuracy: self.flag(Field::Accuracy),
                    lon,
                    lat,
                    course: self.course(true)?,
                    heading: self.heading()?,
                    second: self.second(ts)?,
                    maneuver: 0,
                    raim: self.flag(Field::Raim),
                    radio: 0,
                })
            }
            4 | 11 => {
                let (lat, lon) = self.lat_lon(600_000.0)?;
                let utc = match self.row.cell(Field::Utc) {
                    Some(cell) => parse_time_cell(cell),
                    None => ts,
                };
                let (year, month, day, hour, minute, second, _) =
                    utc.map_or((0, 0, 0, 24, 60, 60, 0), Timestamp::to_civil);
                Body::BaseStation(BaseStationReport {
                    year: year.clamp(0, 9999) as u16,
                    month: month as u8,
                    day: day as u8,
                    hour: hour as u8,
                    minute: minute as u8,
                    second: second.min(60) as u8,
                    accuracy: self.flag(Field::Accuracy),
                    lon,
                    lat,
                    epfd: self.small(Field::Epfd, 0)?,
                    raim: self.flag(Field::Raim),
                    radio: 0,
                })
            }
            5 => Body::StaticVoyage(StaticVoyage {
                ais_version: 0,
                imo: self.imo()?,
                callsign: self.text(Field::Callsign),
                shipname: self.text(Field::Shipname),
                shiptype: self.shiptype()?,
                dims: self.dims()?,
                epfd: self.small(Field::Epfd, 0)?,
                eta: self.eta(),
                draught: self.draught()?,
                destination: self.text(Field::Destination),
                dte: false,
            }),
            9 => {
                let (lat, lon) = self.lat_lon(600_000.0)?;
                Body::SarAircraft(SarAircraftReport {
                    alt: integer(self.row, Field::Alt)?
                        .filter(|v| (0..4095).contains(v))
                        .map(|v| v as u16),
                    speed: self.speed(false)?,
                    accuracy: self.flag(Field::Accuracy),
                    lon,
                    lat,
                    course: self.course(true)?,
                    second: self.second(ts)?,
                    regional: 0,
                    dte: false,
                    assigned: false,
                    raim: self.flag(Field::Raim),
                    radio: 0,
                })
            }
            18 => {
                let (lat, lon) = self.lat_lon(600_000.0)?;
                Body::ClassB(ClassBReport {
                    reserved: 0,
                    speed: self.speed(true)?,
                    accuracy: self.flag(Field::Accuracy),
                    lon,
                    lat,
                    course: self.course(true)?,
                    heading: self.heading()?,
                    second: self.second(ts)?,
                    regional: 0,
                    cs: false,
                    display: false,
                    dsc: false,
                    band: false,
                    msg22: false,
                    assigned: false,
                    raim: self.flag(Field::Raim),
                    radio: 0,
                })
            }
            19 => {
                let (lat, lon) = self.lat_lon(600_000.0)?;
                Body::ClassBExtended(ClassBExtendedReport {
                    reserved: 0,
                    speed: self.speed(true)?,
                    accuracy: self.flag(Field::Accuracy),
                    lon,
                    lat,
                    course: self.course(true)?,
                    heading: self.heading()?,
                    second: self.second(ts)?,
                    regional: 0,
                    shipname: self.text(Field::Shipname),
                    shiptype: self.shiptype()?,
                    dims: self.dims()?,
                    epfd: self.small(Field::Epfd, 0)?,
                    raim: self.flag(Field::Raim),
                    dte: false,
                    assigned: false,
                })
            }
            21 => {
                let (lat, lon) = self.lat_lon(600_000.0)?;
                let name_field = if self.row.cell(Field::AidName).is_some() {
                    Field::AidName
                } else {
                    Field::Shipname
                };
                Body::AidToNavigation(AidToNavigationReport {
                    aid_type: self.small(Field::AidType, 0)?,
                    name: self.text(name_field),
                    accuracy: self.flag(Field::Accuracy),
                    lon,
                    lat,
                    dims: self.dims()?,
                    epfd: self.small(Field::Epfd, 0)?,
                    second: self.second(ts)?,
                    off_position: false,
                    regional: 0,
                    raim: self.flag(Field::Raim),
                    virtual_aid: false,
                    assigned: false,
                })
            }
            24 => {
                let partno = integer(self.row, Field::Partno)?;
                let has_a = self.row.cell(Field::Shipname).is_some();
                let has_b = [Field::Callsign, Field::Shiptype, Field::Length, Field::ToBow]
                    .iter()
                    .any(|&field| self.row.cell(field).is_some());
                return Ok(match partno {
                    Some(0) => vec![self.part_a()],
                    Some(_) => vec![self.part_b(mmsi)?],
                    None if has_a && has_b => vec![self.part_a(), self.part_b(mmsi)?],
                    None if has_b => vec![self.part_b(mmsi)?],
                    None => vec![self.part_a()],
                });
            }
            27 => {
                let (lat, lon) = self.lat_lon(600.0)?;
                Body::LongRange(LongRangeReport {
                    accuracy: self.flag(Field::Accuracy),
                    raim: self.flag(Field::Raim),
                    status: self.status()?,
                    lon,
                    lat,
                    speed: self.speed(false)?.filter(|&v| v < 63.0),
                    course: self.course(false)?,
                    gnss: false,
                })
            }
            _ => Body::Other,
        };
        Ok(vec![body])
    }
}

/// Text for a six-bit AIS field: upper case, characters outside the 6-bit
/// alphabet as `?`, at most `max` characters, trimmed of spaces and `@`.
fn sixbit_text(value: &str, max: usize) -> String {
    let value = value.trim().trim_end_matches('@').trim_end();
    value
        .chars()
        .take(max)
        .map(|c| {
            let c = c.to_ascii_uppercase();
            if (' '..='_').contains(&c) {
                c
            } else {
                '?'
            }
        })
        .collect::<String>()
        .trim_end()
        .to_owned()
}

fn looks_numeric(text: &str) -> bool {
    text.trim().parse::<f64>().is_ok()
}

/// A numeric cell: `None` when empty or "not a number" (`nan`, `None`,
/// `null`, GFW's and AISdb's spellings of an empty value).
fn cell_number(cell: Cell<'_>) -> Result<Option<f64>, ExportReason> {
    match cell {
        Cell::Number(value) => Ok(Some(value).filter(|v| v.is_finite())),
        Cell::Flag(flag) => Ok(Some(f64::from(u8::from(flag)))),
        Cell::Text(text) => {
            let text = text.trim();
            if ["nan", "none", "null", "na", "n/a", "unknown"]
                .iter()
                .any(|missing| text.eq_ignore_ascii_case(missing))
            {
                return Ok(None);
            }
            let value: f64 = text.parse().map_err(|_| ExportReason::BadNumber)?;
            Ok(Some(value).filter(|v| v.is_finite()))
        }
    }
}

fn number(row: &dyn Row, field: Field) -> Result<Option<f64>, ExportReason> {
    row.cell(field).map_or(Ok(None), cell_number)
}

fn whole(value: f64) -> Option<i64> {
    (value.fract() == 0.0 && value.abs() < 1e15).then_some(value as i64)
}

fn integer(row: &dyn Row, field: Field) -> Result<Option<i64>, ExportReason> {
    Ok(number(row, field)?.map(|v| v.round() as i64))
}

fn parse_mmsi(cell: Cell<'_>) -> Result<u32, ExportReason> {
    let value = cell_number(cell).map_err(|_| ExportReason::BadMmsi)?;
    match value.and_then(whole) {
        Some(mmsi) if (0..=999_999_999).contains(&mmsi) => Ok(mmsi as u32),
        _ => Err(ExportReason::BadMmsi),
    }
}

/// A message type from `1`, `1.0` or GFW's `AIS.1`.
fn parse_type(cell: Cell<'_>) -> Result<u8, ExportReason> {
    let value = match cell {
        Cell::Text(text) => {
            let text = text.strip_prefix("AIS.").unwrap_or(text);
            text.parse::<f64>().map_err(|_| ExportReason::UnknownType)?
        }
        other => cell_number(other)?.unwrap_or(0.0),
    };
    match whole(value) {
        Some(msg_type @ 1..=27) => Ok(msg_type as u8),
        _ => Err(ExportReason::UnknownType),
    }
}

fn parse_time_cell(cell: Cell<'_>) -> Option<Timestamp> {
    match cell {
        Cell::Text(text) => parse_time(text),
        Cell::Number(value) if value >= 0.0 => Timestamp::from_epoch_guess_f64(value),
        _ => None,
    }
}

/// A time as exports write it: ISO 8601 with or without `T`, fraction, `Z`
/// or a `±HH:MM` offset; DMA's `dd/mm/yyyy hh:mm:ss`; AISdb's
/// `YYYYMMDD_HHMMSS`; or a bare epoch in seconds or milliseconds.
pub fn parse_time(text: &str) -> Option<Timestamp> {
    let text = text.trim();
    let bytes = text.as_bytes();
    if bytes.len() == 15 && bytes[8] == b'_' && text.is_char_boundary(8) {
        let num = |range: std::ops::Range<usize>| text.get(range)?.parse::<u32>().ok();
        return Timestamp::from_civil(
            i64::from(num(0..4)?),
            num(4..6)?,
            num(6..8)?,
            num(9..11)?,
            num(11..13)?,
            num(13..15)?,
            0,
        );
    }
    if bytes.len() >= 19 && bytes[2] == b'/' && bytes[5] == b'/' {
        let date = text.get(..10)?;
        let iso = format!(
            "{}-{}-{}{}",
            date.get(6..10)?,
            date.get(3..5)?,
            date.get(..2)?,
            text.get(10..)?
        );
        return Timestamp::parse(&iso);
    }
    let (body, offset_minutes) = split_offset(text)?;
    Timestamp::parse(body).and_then(|ts| Timestamp::from_millis(ts.0 - offset_minutes * 60_000))
}

/// Splits a `±HH:MM` (or `±HHMM`) offset off an ISO time.
fn split_offset(text: &str) -> Option<(&str, i64)> {
    if text.len() <= 19 || !text.is_char_boundary(19) {
        return Some((text, 0));
    }
    let tail = &text[19..];
    let Some(sign_at) = tail.find(['+', '-']) else { return Some((text, 0)) };
    let (head, offset) = text.split_at(19 + sign_at);
    let sign = if offset.starts_with('-') { -1 } else { 1 };
    let digits: String = offset[1..].chars().filter(char::is_ascii_digit).collect();
    if digits.len() != 4 {
        return None;
    }
    let hours: i64 = digits[..2].parse().ok()?;
    let minutes: i64 = digits[2..].parse().ok()?;
    Some((head, sign * (hours * 60 + minutes)))
}

/// Navigational status from DMA's words (ITU-R M.1371-5 Table 45).
fn status_from_text(text: &str) -> u8 {
    let text = text.to_ascii_lowercase();
    const WORDS: [(&str, u8); 14] = [
        ("under way using engine", 0),
        ("at anchor", 1),
        ("not under command", 2),
        ("restricted", 3),
        ("constrained", 4),
        ("moored", 5),
        ("aground", 6),
        ("fishing", 7),
        ("sailing", 8),
        ("hsc", 9),
        ("wig", 10),
        ("power-driven vessel towing astern", 11),
        ("power-driven vessel pushing", 12),
        ("sart", 14),
    ];
    WORDS.iter().find(|(words, _)| text.contains(words)).map_or(15, |&(_, code)| code)
}

/// The first code of a ship-type family from DMA's words (ITU-R M.1371-5
/// Table 53); 0 (not available) for words it does not know.
fn shiptype_from_text(text: &str) -> u8 {
    let text = text.to_ascii_lowercase();
    const WORDS: [(&str, u8); 24] = [
        ("wig", 20),
        ("fishing", 30),
        ("towing long/wide", 32),
        ("towing", 31),
        ("dredging", 33),
        ("diving", 34),
        ("military", 35),
        ("sailing", 36),
        ("pleasure", 37),
        ("hsc", 40),
        ("pilot", 50),
        ("sar", 51),
        ("tug", 52),
        ("port tender", 53),
        ("anti-pollution", 54),
        ("law enforcement", 55),
        ("medical", 58),
        ("not party to conflict", 59),
        ("passenger", 60),
        ("cargo", 70),
        ("tanker", 80),
        ("other", 90),
        ("reserved", 0),
        ("undefined", 0),
    ];
    WORDS.iter().find(|(words, _)| text.contains(words)).map_or(0, |&(_, code)| code)
}

/// Splits one CSV line (RFC 4180 quoting, `""` for a quote inside quotes)
/// into `out`, each cell's byte range in `ranges`.
fn split_csv(
    line: &str,
    out: &mut String,
    ranges: &mut Vec<(usize, usize)>,
) -> Result<(), ExportReason> {
    out.clear();
    ranges.clear();
    let mut chars = line.chars().peekable();
    let mut start = 0;
    let mut quoted = false;
    let mut cell_began = true;
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted => {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    out.push('"');
                } else {
                    quoted = false;
                }
            }
            '"' if cell_began => quoted = true,
            ',' if !quoted => {
                ranges.push((start, out.len()));
                if ranges.len() > MAX_COLUMNS {
                    return Err(ExportReason::BadCsv);
                }
                start = out.len();
                cell_began = true;
                continue;
            }
            c => out.push(c),
        }
        cell_began = false;
    }
    if quoted {
        return Err(ExportReason::BadCsv);
    }
    ranges.push((start, out.len()));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_are_split_with_quotes() {
        let (mut out, mut ranges) = (String::new(), Vec::new());
        split_csv(r#"a,"b, c","say ""hi""",,"#, &mut out, &mut ranges).unwrap();
        let cells: Vec<&str> = ranges.iter().map(|&(s, e)| &out[s..e]).collect();
        assert_eq!(cells, ["a", "b, c", "say \"hi\"", "", ""]);
        assert_eq!(split_csv("a,\"b", &mut out, &mut ranges), Err(ExportReason::BadCsv));
    }

    #[test]
    fn times_in_every_export_form() {
        let expect = Timestamp::parse("2021-07-01T18:51:51Z");
        assert_eq!(parse_time("20210701_185151"), expect);
        assert_eq!(parse_time("01/07/2021 18:51:51"), expect);
        assert_eq!(parse_time("2021-07-01T18:51:51+00:00"), expect);
        assert_eq!(parse_time("2021-07-01T20:51:51+02:00"), expect);
        assert_eq!(parse_time("2021-07-01 18:51:51.000000"), expect);
        assert_eq!(parse_time("2021-07-01T18:51:51"), expect);
        assert_eq!(parse_time("1625165511"), expect);
        assert_eq!(parse_time("2021-07-01T18:51:51+2"), None);
        assert_eq!(parse_time("32/07/2021 18:51:51"), None);
        assert_eq!(parse_time("yesterday"), None);
    }

    #[test]
    fn dma_words_become_codes() {
        assert_eq!(status_from_text("Under way using engine"), 0);
        assert_eq!(status_from_text("Engaged in fishing"), 7);
        assert_eq!(status_from_text("Unknown value"), 15);
        assert_eq!(shiptype_from_text("Tanker"), 80);
        assert_eq!(shiptype_from_text("Towing long/wide"), 32);
        assert_eq!(shiptype_from_text("Undefined"), 0);
    }

    #[test]
    fn text_is_kept_to_the_sixbit_alphabet() {
        assert_eq!(sixbit_text(" Hüsum bay@@@ ", 20), "H?SUM BAY");
        assert_eq!(sixbit_text("ABCDEFGHIJ", 7), "ABCDEFG");
    }
}
