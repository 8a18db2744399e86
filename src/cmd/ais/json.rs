//! Hand-written JSON line writers for the hot output paths of `vigil ais`:
//! serde would allocate a value per message, these write bytes directly.
//! [`LineWriter`] writes one message of `vigil ais decode` into a fixed
//! array (the hottest path); [`JsonWriter`] appends to a `Vec` (tracks, stats).

use vigil_ais::{Dimensions, Timestamp};

/// A minimal JSON object writer: keys are fixed ASCII names, values are
/// numbers, booleans, null, or 6-bit AIS text (escaped).
pub(super) struct JsonWriter<'a> {
    pub(super) buf: &'a mut Vec<u8>,
    pub(super) first: bool,
}

impl<'a> JsonWriter<'a> {
    pub(super) fn new(buf: &'a mut Vec<u8>) -> JsonWriter<'a> {
        JsonWriter { buf, first: true }
    }

    #[inline(always)]
    pub(super) fn key(&mut self, key: &str) {
        if !self.first {
            self.buf.push(b',');
        }
        self.first = false;
        self.buf.push(b'"');
        self.buf.extend_from_slice(key.as_bytes());
        self.buf.extend_from_slice(b"\":");
    }

    #[inline]
    pub(super) fn uint(&mut self, key: &str, value: u64) {
        self.key(key);
        push_uint(self.buf, value);
    }

    #[inline]
    pub(super) fn null(&mut self, key: &str) {
        self.key(key);
        self.buf.extend_from_slice(b"null");
    }

    /// A number with a fixed count of decimals (0–6), or null: the value
    /// times 10^decimals, rounded half away from zero (as `f64::round`),
    /// written as integer digits with the point put in.
    #[inline(always)]
    pub(super) fn fixed(&mut self, key: &str, value: Option<f64>, decimals: u32) {
        let Some(value) = value else { return self.null(key) };
        self.key(key);
        let scale = 10u64.pow(decimals);
        let scaled = round_half_away(value * scale as f64);
        if scaled < 0 {
            self.buf.push(b'-');
        }
        let scaled = scaled.unsigned_abs();
        push_uint(self.buf, scaled / scale);
        if decimals > 0 {
            self.buf.push(b'.');
            push_padded(self.buf, (scaled % scale) as u32, decimals as usize);
        }
    }

    pub(super) fn text(&mut self, key: &str, value: &str) {
        self.key(key);
        self.buf.push(b'"');
        for &byte in value.as_bytes() {
            if byte == b'"' || byte == b'\\' {
                self.buf.push(b'\\');
            }
            self.buf.push(byte);
        }
        self.buf.push(b'"');
    }

    pub(super) fn timestamp(&mut self, key: &str, value: Option<Timestamp>) {
        match value {
            Some(ts) => {
                self.key(key);
                self.buf.push(b'"');
                let millis = ts.millis().rem_euclid(1000) as u32;
                push_date_time(self.buf, ts);
                if millis != 0 {
                    self.buf.push(b'.');
                    push_padded(self.buf, millis, 3);
                }
                self.buf.extend_from_slice(b"Z\"");
            }
            None => self.null(key),
        }
    }
}

/// Room for one message's JSON line, all but its `src` value: the longest
/// (type 5) has 20 keys, 17 numbers of at most 20 digits, a time and 47
/// characters of text (94 when every one is escaped): under 1 000 bytes.
const LINE_ROOM: usize = 2048;

/// A JSON key with the comma before it and the colon after: `,"name":`.
macro_rules! key {
    ($name:literal) => {
        concat!(",\"", $name, "\":").as_bytes()
    };
}
pub(super) use key;

/// The JSON line of one message, written into a fixed array with a cursor:
/// every write is one bounds test and a copy of known length, where a
/// `Vec` would test and possibly grow its capacity for each piece and keep
/// its length in memory. Keys come with their punctuation ([`key!`]). The
/// caller appends [`LineWriter::line`] to its output.
pub(super) struct LineWriter {
    bytes: [u8; LINE_ROOM],
    len: usize,
}

impl LineWriter {
    pub(super) fn new() -> LineWriter {
        LineWriter { bytes: [0; LINE_ROOM], len: 0 }
    }

    /// Starts a new line.
    #[inline]
    pub(super) fn clear(&mut self) {
        self.len = 0;
    }

    /// The line so far.
    pub(super) fn line(&self) -> &[u8] {
        &self.bytes[..self.len]
    }

    /// Appends bytes (nothing, should the room ever run out: see [`LINE_ROOM`]).
    #[inline(always)]
    pub(super) fn put(&mut self, bytes: &[u8]) {
        if let Some(room) = self.bytes.get_mut(self.len..self.len + bytes.len()) {
            room.copy_from_slice(bytes);
            self.len += bytes.len();
        }
    }

    /// Appends `value` in decimal: the digits are made right-aligned in a
    /// scratch array, and a fixed 20-byte window of it is copied, of which
    /// only the digits are kept.
    #[inline(always)]
    pub(super) fn put_uint(&mut self, value: u64) {
        let mut scratch = [b'0'; 40];
        let start = 20 - write_digits_right(value, &mut scratch[..20]);
        if let Some(room) = self.bytes.get_mut(self.len..self.len + 20) {
            room.copy_from_slice(&scratch[start..start + 20]);
            self.len += 20 - start;
        }
    }

    /// Appends `value` zero-padded to at least `width` (at most 20) digits.
    #[inline(always)]
    pub(super) fn put_padded(&mut self, value: u64, width: usize) {
        let mut scratch = [b'0'; 40];
        let digits = write_digits_right(value, &mut scratch[..20]);
        let start = 20 - digits.max(width.min(20));
        if let Some(room) = self.bytes.get_mut(self.len..self.len + 20) {
            room.copy_from_slice(&scratch[start..start + 20]);
            self.len += 20 - start;
        }
    }

    #[inline(always)]
    pub(super) fn uint(&mut self, key: &[u8], value: u64) {
        self.put(key);
        self.put_uint(value);
    }

    #[inline(always)]
    pub(super) fn opt_uint(&mut self, key: &[u8], value: Option<u64>) {
        self.put(key);
        match value {
            Some(value) => self.put_uint(value),
            None => self.put(b"null"),
        }
    }

    #[inline(always)]
    pub(super) fn bool(&mut self, key: &[u8], value: bool) {
        self.put(key);
        self.put(if value { b"true" } else { b"false" });
    }

    #[inline(always)]
    pub(super) fn null(&mut self, key: &[u8]) {
        self.put(key);
        self.put(b"null");
    }

    /// As [`JsonWriter::fixed`].
    #[inline(always)]
    pub(super) fn fixed(&mut self, key: &[u8], value: Option<f64>, decimals: u32) {
        self.put(key);
        let Some(value) = value else { return self.put(b"null") };
        let scale = 10u64.pow(decimals);
        let scaled = round_half_away(value * scale as f64);
        if scaled < 0 {
            self.put(b"-");
        }
        let scaled = scaled.unsigned_abs();
        self.put_uint(scaled / scale);
        if decimals > 0 {
            self.put(b".");
            self.put_padded(scaled % scale, decimals as usize);
        }
    }

    /// As [`JsonWriter::text`].
    pub(super) fn text(&mut self, key: &[u8], value: &str) {
        self.put(key);
        self.put(b"\"");
        for &byte in value.as_bytes() {
            if byte == b'"' || byte == b'\\' {
                self.put(b"\\");
            }
            self.put(&[byte]);
        }
        self.put(b"\"");
    }

    /// As [`JsonWriter::timestamp`].
    pub(super) fn timestamp(&mut self, key: &[u8], value: Option<Timestamp>) {
        self.put(key);
        let Some(ts) = value else { return self.put(b"null") };
        self.put(b"\"");
        match date_time(ts) {
            Some(text) => self.put(&text),
            None => self.put(wide_date_time(ts).as_bytes()),
        }
        let millis = ts.millis().rem_euclid(1000) as u64;
        if millis != 0 {
            self.put(b".");
            self.put_padded(millis, 3);
        }
        self.put(b"Z\"");
    }

    pub(super) fn dims(&mut self, dims: &Dimensions) {
        self.uint(key!("to_bow"), dims.to_bow.into());
        self.uint(key!("to_stern"), dims.to_stern.into());
        self.uint(key!("to_port"), dims.to_port.into());
        self.uint(key!("to_starboard"), dims.to_starboard.into());
    }
}

/// Writes the decimal digits of `value` at the end of `out` (at most 20
/// bytes, at least as many as the digits), two at a time; the number of
/// digits. What comes before them in `out` is left as it was.
#[inline(always)]
fn write_digits_right(mut value: u64, out: &mut [u8]) -> usize {
    let mut idx = out.len();
    while value >= 100 {
        let pair = (value % 100) as usize * 2;
        value /= 100;
        idx -= 2;
        out[idx..idx + 2].copy_from_slice(&DIGIT_PAIRS[pair..pair + 2]);
    }
    if value >= 10 {
        let pair = value as usize * 2;
        idx -= 2;
        out[idx..idx + 2].copy_from_slice(&DIGIT_PAIRS[pair..pair + 2]);
    } else {
        idx -= 1;
        out[idx] = b'0' + value as u8;
    }
    out.len() - idx
}

thread_local! {
    /// The last second written by [`date_time`] and its text: feeds
    /// are in time order, so most messages share their second with the one before.
    static LAST_SECOND: std::cell::Cell<(i64, [u8; 19])> = const { std::cell::Cell::new((i64::MIN, [0; 19])) };
}

/// `YYYY-MM-DDTHH:MM:SS` of a time (its whole seconds), or `None` for a
/// year outside 0–9999, which does not fit in 19 bytes ([`wide_date_time`]).
#[inline]
fn date_time(ts: Timestamp) -> Option<[u8; 19]> {
    let secs = ts.millis().div_euclid(1000);
    let (last, text) = LAST_SECOND.get();
    if last == secs {
        return Some(text);
    }
    let (year, month, day, hour, minute, second, _) = ts.to_civil();
    let year = u64::try_from(year).ok().filter(|&year| year <= 9999)?;
    let mut text = *b"0000-00-00T00:00:00";
    write_digits_right(year, &mut text[..4]);
    for (at, value) in [(5, month), (8, day), (11, hour), (14, minute), (17, second)] {
        write_digits_right(value.into(), &mut text[at..at + 2]);
    }
    LAST_SECOND.set((secs, text));
    Some(text)
}

/// [`date_time`] of a year outside 0–9999 (a sign or more digits).
#[cold]
fn wide_date_time(ts: Timestamp) -> String {
    let (year, month, day, hour, minute, second, _) = ts.to_civil();
    format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}")
}

/// Appends `YYYY-MM-DDTHH:MM:SS` of a time (its whole seconds).
fn push_date_time(buf: &mut Vec<u8>, ts: Timestamp) {
    match date_time(ts) {
        Some(text) => buf.extend_from_slice(&text),
        None => buf.extend_from_slice(wide_date_time(ts).as_bytes()),
    }
}

/// `f64::round` (half away from zero) as an integer, without the libm call
/// that `round` becomes on baseline x86-64: the cast truncates towards zero
/// and the remainder `x - trunc(x)` is exact, so the result is the same for
/// every value whose rounding fits in an `i64` (NaN gives 0, as before).
#[inline]
fn round_half_away(x: f64) -> i64 {
    let truncated = x as i64;
    let remainder = x - truncated as f64;
    if remainder >= 0.5 {
        truncated.saturating_add(1)
    } else if remainder <= -0.5 {
        truncated.saturating_sub(1)
    } else {
        truncated
    }
}

/// "00" to "99", two bytes each, so that numbers are written two digits at a time.
const DIGIT_PAIRS: [u8; 200] = {
    let mut table = [0u8; 200];
    let mut n = 0;
    while n < 100 {
        table[2 * n] = b'0' + (n / 10) as u8;
        table[2 * n + 1] = b'0' + (n % 10) as u8;
        n += 1;
    }
    table
};

/// Appends `value` in decimal, zero-padded to `width` digits or more. The
/// room is made with a fixed-size copy (done inline, where a copy of
/// variable length calls `memcpy`) and cut to the digit count.
#[inline(always)]
fn push_digits(buf: &mut Vec<u8>, value: u64, width: usize) {
    let n_digits = (value.checked_ilog10().unwrap_or(0) as usize + 1).max(width.min(20));
    let start = buf.len();
    buf.extend_from_slice(&[b'0'; 20]);
    buf.truncate(start + n_digits);
    write_digits_right(value, &mut buf[start..]);
}

/// Writes `value` in decimal, zero-padded to at least `width` digits, as
/// `format!("{value:0width$}")` would.
#[inline]
pub(super) fn push_padded(buf: &mut Vec<u8>, value: u32, width: usize) {
    push_digits(buf, value.into(), width);
}

#[inline]
pub(super) fn push_uint(buf: &mut Vec<u8>, value: u64) {
    push_digits(buf, value, 1);
}

pub(super) fn f(value: Option<f32>) -> Option<f64> {
    value.map(f64::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_match_format() {
        for value in [0, 1, 9, 10, 99, 100, 101, 999, 1000, 219_005_012, u64::MAX] {
            let mut buf = Vec::new();
            push_uint(&mut buf, value);
            assert_eq!(String::from_utf8(buf).unwrap(), value.to_string());
        }
    }

    #[test]
    fn rounding_matches_f64_round() {
        let mut values = vec![0.5, -0.5, 1.5, -2.5, 0.49999999999999994, -0.49999999999999994];
        values.extend([f64::NAN, 0.0, -0.0, 1e15 + 0.5, -(1e15 + 0.5), 4503599627370495.5]);
        // Every raw longitude a position report can carry, scaled as written.
        for raw in (-108_600_000i64..=108_600_000).step_by(997) {
            values.push(raw as f64 / 600_000.0 * 1e6);
        }
        for tenths in 0..7080 {
            values.push((tenths as f32 / 10.0) as f64 * 10.0);
            values.push(((tenths as f32 / 4.733).powi(2) as f64) * 10.0);
        }
        for x in values {
            assert_eq!(round_half_away(x), x.round() as i64, "{x}");
        }
    }
    #[test]
    fn padded_digits_match_format() {
        for (value, width) in
            [(0, 2), (7, 2), (59, 2), (5, 3), (999, 3), (2013, 4), (12, 4), (123456, 4)]
        {
            let mut buf = Vec::new();
            push_padded(&mut buf, value, width);
            assert_eq!(String::from_utf8(buf).unwrap(), format!("{value:0width$}"));
        }
    }
    /// The fixed-array writer writes what the `Vec` writer writes, value for value.
    #[test]
    fn line_writer_matches_json_writer() {
        let mut values = vec![0.0, -0.0, 0.5, -0.5, 48.381633, -123.395383, 102.2, 1e15 + 0.5];
        values.extend((0..2000).map(|k| (k as f64 - 1000.0) * 0.0123457));
        let times = [0, -1000, 1_418_172_113_000, 1_328_182_324_603, 253_402_300_800_000];
        for decimals in [0, 1, 6] {
            for &value in &values {
                let (mut line, mut old) = (LineWriter::new(), Vec::new());
                line.fixed(key!("v"), Some(value), decimals);
                line.uint(key!("n"), value.abs() as u64 * 977);
                line.text(key!("t"), "A\"B\\C");
                line.timestamp(key!("ts"), Some(Timestamp((value * 1_000.0) as i64)));
                let mut w = JsonWriter { buf: &mut old, first: false };
                w.fixed("v", Some(value), decimals);
                w.uint("n", value.abs() as u64 * 977);
                w.text("t", "A\"B\\C");
                w.timestamp("ts", Some(Timestamp((value * 1_000.0) as i64)));
                assert_eq!(line.line(), &old[..], "{value} {decimals}");
            }
        }
        for millis in times {
            let (mut line, mut old) = (LineWriter::new(), Vec::new());
            line.timestamp(key!("ts"), Some(Timestamp(millis)));
            JsonWriter { buf: &mut old, first: false }.timestamp("ts", Some(Timestamp(millis)));
            assert_eq!(line.line(), &old[..], "{millis}");
        }
        let mut line = LineWriter::new();
        line.put_uint(u64::MAX);
        line.put_padded(7, 3);
        assert_eq!(line.line(), format!("{}007", u64::MAX).as_bytes());
    }

    /// Times are written in `Timestamp`'s ISO form, years outside 0–9999 too.
    #[test]
    fn timestamps_match_display() {
        let day_before_year_0 = -62_167_219_200_001;
        let year_10000 = 253_402_300_800_000;
        let times = [0, -1000, 999, 1_418_172_113_000, 1_418_172_113_500, day_before_year_0];
        for millis in times.into_iter().chain([year_10000 - 1, year_10000, i64::MAX / 2]) {
            let ts = Timestamp(millis);
            let mut line = LineWriter::new();
            line.timestamp(key!("ts"), Some(ts));
            assert_eq!(line.line(), format!(",\"ts\":\"{ts}\"").as_bytes(), "{millis}");
        }
    }
}
