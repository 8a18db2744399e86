//! A hand-written JSON line writer for the hot output paths of `vigil ais`:
//! serde would allocate a value per message, this writes into one buffer.

use std::io::Write;

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
    pub(super) fn bool(&mut self, key: &str, value: bool) {
        self.key(key);
        self.buf.extend_from_slice(if value { b"true" } else { b"false" });
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

    #[inline]
    pub(super) fn opt_uint(&mut self, key: &str, value: Option<u64>) {
        match value {
            Some(value) => self.uint(key, value),
            None => self.null(key),
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

    pub(super) fn dims(&mut self, dims: &Dimensions) {
        self.uint("to_bow", dims.to_bow.into());
        self.uint("to_stern", dims.to_stern.into());
        self.uint("to_port", dims.to_port.into());
        self.uint("to_starboard", dims.to_starboard.into());
    }
}

thread_local! {
    /// The last second written by [`push_date_time`] and its text: feeds
    /// are in time order, so most messages share their second with the one before.
    static LAST_SECOND: std::cell::Cell<(i64, [u8; 19])> = const { std::cell::Cell::new((i64::MIN, [0; 19])) };
}

/// Appends `YYYY-MM-DDTHH:MM:SS` of a time (its whole seconds).
fn push_date_time(buf: &mut Vec<u8>, ts: Timestamp) {
    let secs = ts.millis().div_euclid(1000);
    let (last, text) = LAST_SECOND.get();
    if last == secs {
        buf.extend_from_slice(&text);
        return;
    }
    let start = buf.len();
    let (year, month, day, hour, minute, second, _) = ts.to_civil();
    match u32::try_from(year) {
        Ok(year) if year <= 9999 => push_padded(buf, year, 4),
        _ => {
            let _ = write!(buf, "{year:04}");
        }
    }
    for (separator, value) in
        [(b'-', month), (b'-', day), (b'T', hour), (b':', minute), (b':', second)]
    {
        buf.push(separator);
        push_padded(buf, value, 2);
    }
    if let Ok(text) = <[u8; 19]>::try_from(&buf[start..]) {
        LAST_SECOND.set((secs, text));
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
        truncated + 1
    } else if remainder <= -0.5 {
        truncated - 1
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

/// Writes the decimal digits of `value` into `out`, right-aligned, two at a
/// time; `out` must be at least as long as the number of digits.
#[inline(always)]
fn write_digits(mut value: u64, out: &mut [u8]) {
    let mut idx = out.len();
    while value >= 100 {
        let pair = (value % 100) as usize * 2;
        value /= 100;
        idx -= 2;
        out[idx..idx + 2].copy_from_slice(&DIGIT_PAIRS[pair..pair + 2]);
    }
    if value >= 10 {
        let pair = value as usize * 2;
        out[idx - 2..idx].copy_from_slice(&DIGIT_PAIRS[pair..pair + 2]);
    } else {
        out[idx - 1] = b'0' + value as u8;
    }
}

/// Appends `value` in decimal, zero-padded to `width` digits or more. The
/// room is made with a fixed-size copy (done inline, where a copy of
/// variable length calls `memcpy`) and cut to the digit count.
#[inline(always)]
fn push_digits(buf: &mut Vec<u8>, value: u64, width: usize) {
    let n_digits = (value.checked_ilog10().unwrap_or(0) as usize + 1).max(width.min(20));
    let start = buf.len();
    buf.extend_from_slice(&[b'0'; 20]);
    buf.truncate(start + n_digits);
    write_digits(value, &mut buf[start..]);
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
}
