//! Columnar decoding: positions straight from NMEA into a struct of arrays,
//! for the detectors and for processing at scale.
//!
//! A detector over millions of positions wants each field as one contiguous
//! array (cache-friendly scans, SIMD, zero-copy hand-over to Arrow), not a
//! vector of [`Message`] enums of some 150 bytes each. [`PositionColumns`]
//! holds one row per position-bearing message that has a latitude and a
//! longitude (the messages for which [`Message::fix`] is `Some`), in input
//! order.
//!
//! # Layout
//! Eight arrays of equal length, one element per row:
//!
//! | column | type | unit, and the "not available" value |
//! |---|---|---|
//! | `mmsi` | `u32` | the sender's MMSI |
//! | `ts` | `i64` | receive time, milliseconds since the Unix epoch (UTC); [`NO_TIME`] when unknown |
//! | `lat`, `lon` | `i32` | degrees × 600 000 (1/10 000 minute, AIS's own resolution, so no rounding); see [`PositionColumns::lat_deg`] |
//! | `speed` | `u16` | speed over ground in 1/10 knot; [`NOT_AVAILABLE`] |
//! | `course` | `u16` | course over ground in 1/10 degree; [`NOT_AVAILABLE`] |
//! | `heading` | `u16` | true heading in degrees; [`NOT_AVAILABLE`] |
//! | `msg_type` | `u8` | AIS message type (1–3, 4, 9, 11, 18, 19, 21, 27) |
//! | `line` | `u64` | 1-based input line of the sentence that completed the message |
//!
//! Positions of type 27 (1/10 minute) are scaled to the same unit; its speed
//! and course (whole knots, whole degrees) and type 9's speed are scaled to
//! tenths. That is 37 bytes a row (a day of 60 M positions is about 2.2 GB).
//!
//! # Fast path
//! [`Decoder::push_line_columns`] decodes a single-sentence position report
//! (types 1, 2, 3 and 18, nearly all of real traffic) from its payload bits
//! straight into the columns, without building a [`Message`]; every other
//! line goes through the full decoder and its message, if it has a fix, is
//! added with [`PositionColumns::push_message`]. The rows, the counts in
//! [`Stats`] and the rejections are those of [`Decoder::push_line`].

use crate::bits::Bits;
use crate::decoder::{Decoder, Options, Stats};
use crate::message::Message;
use crate::time::Timestamp;

/// The value of `ts` for a message without a receive time.
pub const NO_TIME: i64 = i64::MIN;
/// The value of `speed`, `course` and `heading` when the message says "not available".
pub const NOT_AVAILABLE: u16 = u16::MAX;
/// Units of `lat` and `lon` per degree.
pub const UNITS_PER_DEGREE: f64 = 600_000.0;

/// Positions as a struct of arrays; see the [module documentation](self) for the layout.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PositionColumns {
    /// The sender's MMSI.
    pub mmsi: Vec<u32>,
    /// Receive time in milliseconds since the Unix epoch, or [`NO_TIME`].
    pub ts: Vec<i64>,
    /// Latitude in degrees × 600 000.
    pub lat: Vec<i32>,
    /// Longitude in degrees × 600 000.
    pub lon: Vec<i32>,
    /// Speed over ground in 1/10 knot, or [`NOT_AVAILABLE`].
    pub speed: Vec<u16>,
    /// Course over ground in 1/10 degree, or [`NOT_AVAILABLE`].
    pub course: Vec<u16>,
    /// True heading in degrees, or [`NOT_AVAILABLE`].
    pub heading: Vec<u16>,
    /// The message type.
    pub msg_type: Vec<u8>,
    /// The input line that completed the message.
    pub line: Vec<u64>,
}

/// One row, as the fast path fills it.
pub(crate) struct Row {
    mmsi: u32,
    ts: Option<Timestamp>,
    lat: i32,
    lon: i32,
    speed: u16,
    course: u16,
    heading: u16,
    msg_type: u8,
    line: u64,
}

impl PositionColumns {
    /// Empty columns with room for `rows` rows.
    pub fn with_capacity(rows: usize) -> PositionColumns {
        PositionColumns {
            mmsi: Vec::with_capacity(rows),
            ts: Vec::with_capacity(rows),
            lat: Vec::with_capacity(rows),
            lon: Vec::with_capacity(rows),
            speed: Vec::with_capacity(rows),
            course: Vec::with_capacity(rows),
            heading: Vec::with_capacity(rows),
            msg_type: Vec::with_capacity(rows),
            line: Vec::with_capacity(rows),
        }
    }

    /// The number of rows.
    pub fn len(&self) -> usize {
        self.mmsi.len()
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.mmsi.is_empty()
    }

    /// Removes every row, keeping the memory.
    pub fn clear(&mut self) {
        self.mmsi.clear();
        self.ts.clear();
        self.lat.clear();
        self.lon.clear();
        self.speed.clear();
        self.course.clear();
        self.heading.clear();
        self.msg_type.clear();
        self.line.clear();
    }

    /// Latitude of row `row` in degrees.
    pub fn lat_deg(&self, row: usize) -> f64 {
        f64::from(self.lat[row]) / UNITS_PER_DEGREE
    }

    /// Longitude of row `row` in degrees.
    pub fn lon_deg(&self, row: usize) -> f64 {
        f64::from(self.lon[row]) / UNITS_PER_DEGREE
    }

    /// Receive time of row `row`.
    pub fn timestamp(&self, row: usize) -> Option<Timestamp> {
        (self.ts[row] != NO_TIME).then_some(Timestamp(self.ts[row]))
    }

    pub(crate) fn push_row(&mut self, row: Row) {
        self.mmsi.push(row.mmsi);
        self.ts.push(row.ts.map_or(NO_TIME, Timestamp::millis));
        self.lat.push(row.lat);
        self.lon.push(row.lon);
        self.speed.push(row.speed);
        self.course.push(row.course);
        self.heading.push(row.heading);
        self.msg_type.push(row.msg_type);
        self.line.push(row.line);
    }

    /// Adds a decoded message as a row when it has a position ([`Message::fix`]);
    /// whether it did.
    pub fn push_message(&mut self, message: &Message) -> bool {
        let Some(fix) = message.fix() else { return false };
        // Whole knots and degrees (types 9 and 27) and tenths (the rest)
        // are all exact in f32, so scaling back to tenths is exact too.
        let tenths =
            |value: Option<f32>| value.map_or(NOT_AVAILABLE, |v| (v * 10.0).round() as u16);
        let units = |degrees: f64| (degrees * UNITS_PER_DEGREE).round() as i32;
        self.push_row(Row {
            mmsi: message.mmsi,
            ts: message.ts,
            lat: units(fix.lat),
            lon: units(fix.lon),
            speed: tenths(fix.speed),
            course: tenths(fix.course),
            heading: fix.heading.unwrap_or(NOT_AVAILABLE),
            msg_type: message.msg_type,
            line: message.line,
        });
        true
    }
}

/// Raw latitude and longitude in 1/10 000 minute, when both are available
/// (|lat| ≤ 90°, |lon| ≤ 180°, as [`Message::fix`] requires).
#[inline]
fn raw_position(lat: i64, lon: i64) -> Option<(i32, i32)> {
    const LAT_MAX: i64 = 90 * 600_000;
    const LON_MAX: i64 = 180 * 600_000;
    (lat.abs() <= LAT_MAX && lon.abs() <= LON_MAX).then_some((lat as i32, lon as i32))
}

/// The row of a type 1, 2, 3 or 18 position report from its bits, or `None`
/// when the position is not available.
#[inline]
pub(crate) fn position_row(
    msg_type: u8,
    bits: &Bits,
    ts: Option<Timestamp>,
    line: u64,
) -> Option<Row> {
    let base = if msg_type == 18 { CLASS_B_BASE } else { CLASS_A_BASE };
    // A payload cut before the end of its latitude has no position (the
    // general decoder gives `None` there too), not one read from zeros.
    if bits.len() < base + LAT_FROM_BASE + LAT_BITS as usize {
        return None;
    }
    let read = |start: usize, len: u32| bits.u(start, len);
    if msg_type == 18 {
        report_row::<CLASS_B_BASE>(msg_type, read, ts, line)
    } else {
        report_row::<CLASS_A_BASE>(msg_type, read, ts, line)
    }
}

/// [`position_row`] of a report packed by [`pack_report`](crate::bits::pack_report):
/// every field is read at a fixed place of a fixed-size array.
#[inline]
pub(crate) fn packed_report_row(
    msg_type: u8,
    packed: &[u8; 32],
    ts: Option<Timestamp>,
    line: u64,
) -> Option<Row> {
    let read = |start: usize, len: u32| {
        let byte = start / 8;
        let mut word = [0u8; 8];
        word.copy_from_slice(&packed[byte..byte + 8]);
        (u64::from_be_bytes(word) << (start % 8)) >> (64 - len)
    };
    if msg_type == 18 {
        report_row::<CLASS_B_BASE>(msg_type, read, ts, line)
    } else {
        report_row::<CLASS_A_BASE>(msg_type, read, ts, line)
    }
}

/// Where the speed field starts in types 1–3 and in type 18: type 18's
/// fields sit 4 bits before those of types 1–3 (ITU-R M.1371-5 Tables 46
/// and 62), as type 18 has no rate of turn or status.
const CLASS_A_BASE: usize = 50;
const CLASS_B_BASE: usize = 46;

/// Where the latitude starts, counted from the speed field, and its width
/// (the same tables).
const LAT_FROM_BASE: usize = 39;
const LAT_BITS: u32 = 27;

/// The row of a position report whose speed starts at bit `BASE`, its
/// fields read by `read(start, len)`.
#[inline(always)]
fn report_row<const BASE: usize>(
    msg_type: u8,
    read: impl Fn(usize, u32) -> u64,
    ts: Option<Timestamp>,
    line: u64,
) -> Option<Row> {
    let signed = |start: usize, len: u32| ((read(start, len) << (64 - len)) as i64) >> (64 - len);
    let speed = read(BASE, 10) as u16;
    let (lat, lon) = raw_position(signed(BASE + LAT_FROM_BASE, LAT_BITS), signed(BASE + 11, 28))?;
    let course = read(BASE + 66, 12) as u16;
    let heading = read(BASE + 78, 9) as u16;
    Some(Row {
        mmsi: read(8, 30) as u32,
        ts,
        lat,
        lon,
        speed: if speed == 1023 { NOT_AVAILABLE } else { speed },
        course: if course < 3600 { course } else { NOT_AVAILABLE },
        heading: if heading < 360 { heading } else { NOT_AVAILABLE },
        msg_type,
        line,
    })
}

impl Decoder {
    /// Like [`Decoder::push_line`], but the positions go into `columns`
    /// (see [`PositionColumns`]): single-sentence reports of types 1, 2, 3
    /// and 18 straight from their bits, every other message through
    /// [`PositionColumns::push_message`]. The counts in [`Decoder::stats`]
    /// are the same as [`Decoder::push_line`]'s.
    #[inline]
    pub fn push_line_columns(&mut self, line: &[u8], line_no: u64, columns: &mut PositionColumns) {
        let mut message = None;
        if !self.push_common_line(line, line_no, Some(columns), &mut message) {
            message = self.push_line_into(line, line_no, Some(columns));
        }
        if let Some(message) = &message {
            columns.push_message(message);
        }
        while let Some(message) = self.take_extra() {
            columns.push_message(&message);
        }
    }
}

/// Decodes a whole text (lines numbered from 1) into columns, and ends the
/// input: the columns and the counts.
pub fn decode_columns(text: &[u8], options: Options) -> (PositionColumns, Stats) {
    // About one position per 100 bytes in real logs.
    let mut columns = PositionColumns::with_capacity(text.len() / 100);
    let mut decoder = Decoder::new(options);
    let mut line_no = 0;
    let mut rest = text;
    while !rest.is_empty() {
        let end = find_newline(rest).unwrap_or(rest.len());
        line_no += 1;
        decoder.push_line_columns(&rest[..end], line_no, &mut columns);
        rest = rest.get(end + 1..).unwrap_or(&[]);
    }
    decoder.finish();
    (columns, decoder.stats().clone())
}

/// The index of the first `\n`, sixteen bytes at a time: after XOR with
/// `\n` in every byte, `(x - 0x01…) & !x & 0x80…` flags the first zero byte
/// of a word exactly (only bytes above it may be flagged wrongly, and none
/// when it has no zero byte, so the low word decides when it has one).
/// Shared with `vigil ais decode`, which splits its read buffer with it.
pub fn find_newline(bytes: &[u8]) -> Option<usize> {
    let mut pairs = bytes.chunks_exact(16);
    let mut offset = 0;
    for pair in &mut pairs {
        let (low, high) = (newline_flags(&pair[..8]), newline_flags(&pair[8..]));
        if low | high != 0 {
            let (flags, base) = if low != 0 { (low, 0) } else { (high, 8) };
            return Some(offset + base + (flags.trailing_zeros() / 8) as usize);
        }
        offset += 16;
    }
    pairs.remainder().iter().position(|&b| b == b'\n').map(|idx| offset + idx)
}

/// The flags of [`find_newline`] for eight bytes.
#[inline(always)]
fn newline_flags(chunk: &[u8]) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let mut word = [0u8; 8];
    word.copy_from_slice(chunk);
    let word = u64::from_le_bytes(word) ^ (ONES * u64::from(b'\n'));
    word.wrapping_sub(ONES) & !word & HIGHS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_rows_equal_rows_from_messages() {
        let sentence = |payload: &str| {
            let body = format!("AIVDM,1,1,,B,{payload},0");
            format!("!{body}*{:02X}\n", body.bytes().fold(0, |acc, b| acc ^ b))
        };
        let mut text = String::from(
            "\\s:r,c:1418172113*00\\!AIVDM,1,1,,B,13F?Vv700<DJuLEtvep`iToV0<00,0*78\n",
        );
        text.push_str("!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4A\n$PSHI,001,47,,,,,,*3D\n");
        // Type 18, a type 4 whose position reads as not available (no row),
        // a repeat, and a type 1 whose latitude and longitude are both -1 unit.
        for payload in [
            "B52K>;h00Fc>jpUlNV@ikwpUoP06",
            "402R3WiuuCP:S0fwr2nqRq700@1G",
            "15RTgt0PAso;90TKcjM8h6g208CQ",
            "1000000000Owwwwwwwwwwwwwwwww",
        ] {
            text.push_str(&sentence(payload));
        }
        let text = text.as_bytes();
        let (fast, stats) = decode_columns(text, Options::default());
        let (messages, full_stats) = crate::decode_text(std::str::from_utf8(text).unwrap());
        let mut slow = PositionColumns::default();
        for message in &messages {
            slow.push_message(message);
        }
        assert_eq!(fast, slow);
        assert_eq!(stats, full_stats);
        assert_eq!(stats.messages, 6);
        assert_eq!(fast.msg_type, [1, 1, 18, 1, 1]);
        assert_eq!((fast.lat[4], fast.lon[4]), (-1, -1));
        assert_eq!(fast.timestamp(0), Some(Timestamp(1_418_172_113_000)));
        assert!((fast.lat_deg(0) - -5.277917).abs() < 1e-6);
        assert_eq!(fast.heading[0], 155);
        assert_eq!(fast.ts[1], NO_TIME);
    }

    #[test]
    fn newlines_are_found_where_position_finds_them() {
        let text = b"ab\ncdefghijklmnop\n\nqrstuvwxyz0123456789\xff\x8a\x0b\n\x0atail";
        for start in 0..text.len() {
            for end in start..=text.len() {
                let slice = &text[start..end];
                assert_eq!(find_newline(slice), slice.iter().position(|&b| b == b'\n'));
            }
        }
    }
}
