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

    pub(super) fn key(&mut self, key: &str) {
        if !self.first {
            self.buf.push(b',');
        }
        self.first = false;
        self.buf.push(b'"');
        self.buf.extend_from_slice(key.as_bytes());
        self.buf.extend_from_slice(b"\":");
    }

    pub(super) fn uint(&mut self, key: &str, value: u64) {
        self.key(key);
        push_uint(self.buf, value);
    }

    pub(super) fn bool(&mut self, key: &str, value: bool) {
        self.key(key);
        self.buf.extend_from_slice(if value { b"true" } else { b"false" });
    }

    pub(super) fn null(&mut self, key: &str) {
        self.key(key);
        self.buf.extend_from_slice(b"null");
    }

    /// A number with a fixed count of decimals (0–6), or null.
    pub(super) fn fixed(&mut self, key: &str, value: Option<f64>, decimals: u32) {
        let Some(value) = value else { return self.null(key) };
        self.key(key);
        let scale = 10u64.pow(decimals);
        let scaled = (value * scale as f64).round();
        if scaled < 0.0 {
            self.buf.push(b'-');
        }
        let scaled = scaled.abs() as u64;
        push_uint(self.buf, scaled / scale);
        if decimals > 0 {
            self.buf.push(b'.');
            let frac = scaled % scale;
            let mut digits = [b'0'; 6];
            let mut rest = frac;
            for idx in (0..decimals as usize).rev() {
                digits[idx] = b'0' + (rest % 10) as u8;
                rest /= 10;
            }
            self.buf.extend_from_slice(&digits[..decimals as usize]);
        }
    }

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
                let (year, month, day, hour, minute, second, millis) = ts.to_civil();
                // Every message carries a time, so this is on the hot path:
                // fixed-width digits are written directly instead of through
                // `fmt`, which cost a fifth of the whole decode.
                match u32::try_from(year) {
                    Ok(year) if year <= 9999 => push_padded(self.buf, year, 4),
                    _ => {
                        let _ = write!(self.buf, "{year:04}");
                    }
                }
                for (separator, value) in
                    [(b'-', month), (b'-', day), (b'T', hour), (b':', minute), (b':', second)]
                {
                    self.buf.push(separator);
                    push_padded(self.buf, value, 2);
                }
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

/// Writes `value` in decimal, zero-padded to at least `width` digits, as
/// `format!("{value:0width$}")` would.
pub(super) fn push_padded(buf: &mut Vec<u8>, value: u32, width: usize) {
    let mut digits = [b'0'; 10];
    let mut rest = value;
    let mut idx = digits.len();
    loop {
        idx -= 1;
        digits[idx] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    let start = idx.min(digits.len().saturating_sub(width));
    buf.extend_from_slice(&digits[start..]);
}

pub(super) fn push_uint(buf: &mut Vec<u8>, mut value: u64) {
    let mut digits = [0u8; 20];
    let mut idx = digits.len();
    loop {
        idx -= 1;
        digits[idx] = b'0' + (value % 10) as u8;
        value /= 10;
        if value == 0 {
            break;
        }
    }
    buf.extend_from_slice(&digits[idx..]);
}

pub(super) fn f(value: Option<f32>) -> Option<f64> {
    value.map(f64::from)
}

#[cfg(test)]
mod tests {
    use super::*;

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
