//! Timestamps: milliseconds since the Unix epoch, UTC, and their ISO 8601 form.
//!
//! The civil-date conversions are Howard Hinnant's `days_from_civil` and
//! `civil_from_days` (<https://howardhinnant.github.io/date_algorithms.html>),
//! exact for the proleptic Gregorian calendar, so no date crate is needed.

use std::fmt;

/// A point in time: milliseconds since 1970-01-01T00:00:00Z (UTC, no leap seconds).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub i64);

impl Timestamp {
    /// The earliest time read from input: 0000-01-01T00:00:00Z.
    pub const MIN: Timestamp = Timestamp(-62_167_219_200_000);

    /// The latest time read from input: 9999-12-31T23:59:59.999Z. Every time
    /// read has a four-digit year, as ISO 8601 and the store expect, and
    /// adding hours or days to it cannot overflow.
    pub const MAX: Timestamp = Timestamp(253_402_300_799_999);

    /// Milliseconds since the Unix epoch.
    pub fn millis(self) -> i64 {
        self.0
    }

    /// The time `millis` after the epoch, or `None` outside
    /// [`Timestamp::MIN`]`..=`[`Timestamp::MAX`].
    pub fn from_millis(millis: i64) -> Option<Timestamp> {
        (Timestamp::MIN.0..=Timestamp::MAX.0).contains(&millis).then_some(Timestamp(millis))
    }

    /// An epoch value that may be in seconds or in milliseconds, as feeds mix
    /// both (AMSA writes seconds, exactEarth milliseconds): values of 10^11 or
    /// more (after 1973-03-03 in milliseconds, the year 5138 in seconds) are
    /// taken as milliseconds. `None` beyond the year 9999 or before the year 0.
    pub fn from_epoch_guess(value: i64) -> Option<Timestamp> {
        if value.unsigned_abs() >= 100_000_000_000 {
            Timestamp::from_millis(value)
        } else {
            Timestamp::from_millis(value * 1000)
        }
    }

    /// [`Timestamp::from_epoch_guess`] of a number that may have a fraction
    /// (a JSON number, a CSV cell), rounded to the millisecond; `None` when it
    /// is not finite or out of range (`1e300` would saturate a cast).
    pub fn from_epoch_guess_f64(value: f64) -> Option<Timestamp> {
        let millis = if value.abs() < 1e11 { value * 1000.0 } else { value };
        let millis = millis.round();
        let range = Timestamp::MIN.0 as f64..=Timestamp::MAX.0 as f64;
        // NaN and the infinities fail the range test.
        range.contains(&millis).then_some(Timestamp(millis as i64))
    }

    /// A civil UTC date and time, or `None` when a field is out of range
    /// (month 1–12, day 1–31, hour 0–23, minute 0–59, second 0–60, ms 0–999).
    pub fn from_civil(
        year: i64,
        month: u32,
        day: u32,
        hour: u32,
        minute: u32,
        second: u32,
        millis: u32,
    ) -> Option<Timestamp> {
        if !(1..=12).contains(&month)
            || !(1..=31).contains(&day)
            || hour > 23
            || minute > 59
            || second > 60
            || millis > 999
            || !(0..=9999).contains(&year)
        {
            return None;
        }
        let days = days_from_civil(year, month, day);
        let secs =
            days * 86_400 + i64::from(hour) * 3600 + i64::from(minute) * 60 + i64::from(second);
        // A leap second at the very end of 9999 is beyond MAX.
        Timestamp::from_millis(secs * 1000 + i64::from(millis))
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.fff]Z` (the `Z` or a space separator are
    /// optional) or a bare epoch in seconds or milliseconds.
    pub fn parse(text: &str) -> Option<Timestamp> {
        let text = text.trim();
        if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
            return text.parse::<i64>().ok().and_then(Timestamp::from_epoch_guess);
        }
        let text = text.strip_suffix('Z').unwrap_or(text);
        let bytes = text.as_bytes();
        if bytes.len() < 19 || bytes[4] != b'-' || bytes[7] != b'-' || bytes[13] != b':' {
            return None;
        }
        if !matches!(bytes[10], b'T' | b' ') || bytes[16] != b':' {
            return None;
        }
        let num = |range: std::ops::Range<usize>| text.get(range)?.parse::<u32>().ok();
        let millis = match text.get(19..) {
            Some("") | None => 0,
            Some(frac) => {
                let digits = frac.strip_prefix('.')?;
                if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                let padded = format!("{:0<3}", &digits[..digits.len().min(3)]);
                padded.parse().ok()?
            }
        };
        Timestamp::from_civil(
            i64::from(num(0..4)?),
            num(5..7)?,
            num(8..10)?,
            num(11..13)?,
            num(14..16)?,
            num(17..19)?,
            millis,
        )
    }

    /// The civil UTC fields: (year, month, day, hour, minute, second, millisecond).
    pub fn to_civil(self) -> (i64, u32, u32, u32, u32, u32, u32) {
        let millis = self.0.rem_euclid(1000) as u32;
        let secs = self.0.div_euclid(1000);
        let days = secs.div_euclid(86_400);
        let in_day = secs.rem_euclid(86_400) as u32;
        let (year, month, day) = civil_from_days(days);
        (year, month, day, in_day / 3600, in_day / 60 % 60, in_day % 60, millis)
    }
}

/// ISO 8601 UTC: `2014-12-10T00:41:53Z`, with `.mmm` only when the
/// milliseconds are not zero.
impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (year, month, day, hour, minute, second, millis) = self.to_civil();
        write!(f, "{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}")?;
        if millis != 0 {
            write!(f, ".{millis:03}")?;
        }
        f.write_str("Z")
    }
}

fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month = i64::from(month);
    let day_of_year =
        (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_round_trips() {
        let cases = [
            (0, "1970-01-01T00:00:00Z"),
            (1_418_172_113_000, "2014-12-10T00:41:53Z"),
            (1_328_182_324_603, "2012-02-02T11:32:04.603Z"),
            (951_782_400_000, "2000-02-29T00:00:00Z"),
            (-1000, "1969-12-31T23:59:59Z"),
        ];
        for (millis, iso) in cases {
            assert_eq!(Timestamp(millis).to_string(), iso);
            assert_eq!(Timestamp::parse(iso), Some(Timestamp(millis)), "{iso}");
        }
    }

    #[test]
    fn epoch_guess_tells_seconds_from_millis() {
        let guess = Timestamp::from_epoch_guess;
        assert_eq!(guess(1_418_172_113), Some(Timestamp(1_418_172_113_000)));
        assert_eq!(guess(1_328_182_324_603), Some(Timestamp(1_328_182_324_603)));
        assert_eq!(Timestamp::parse("1418172113"), Some(Timestamp(1_418_172_113_000)));
        let guess_f64 = Timestamp::from_epoch_guess_f64;
        assert_eq!(guess_f64(1_418_172_113.25), Some(Timestamp(1_418_172_113_250)));
        assert_eq!(guess_f64(1_328_182_324_603.4), Some(Timestamp(1_328_182_324_603)));
    }

    /// Years 0 to 9999 are read; a time beyond them is no time (never a
    /// panic, an overflow or a five-digit year).
    #[test]
    fn times_beyond_the_year_9999_are_refused() {
        let max = Timestamp::from_civil(9999, 12, 31, 23, 59, 59, 999);
        assert_eq!(max, Some(Timestamp::MAX));
        assert_eq!(Timestamp::from_civil(0, 1, 1, 0, 0, 0, 0), Some(Timestamp::MIN));
        assert_eq!(Timestamp::MAX.to_string(), "9999-12-31T23:59:59.999Z");
        assert_eq!(Timestamp::MIN.to_string(), "0000-01-01T00:00:00Z");
        assert_eq!(Timestamp::from_civil(9999, 12, 31, 23, 59, 60, 0), None);
        assert_eq!(Timestamp::from_millis(Timestamp::MAX.0 + 1), None);
        assert_eq!(Timestamp::from_millis(Timestamp::MIN.0 - 1), None);
        let guess = Timestamp::from_epoch_guess;
        assert_eq!(guess(Timestamp::MAX.0), Some(Timestamp::MAX));
        for value in [Timestamp::MAX.0 + 1, i64::MAX, i64::MIN, i64::MIN + 1, Timestamp::MIN.0 - 1]
        {
            assert_eq!(guess(value), None, "{value}");
        }
        // 99_999_999_999 s is in the year 5138: read as seconds.
        assert!(guess(99_999_999_999).is_some());
        for value in [1e300, -1e300, 2.6e14, f64::INFINITY, f64::NEG_INFINITY, f64::NAN] {
            assert_eq!(Timestamp::from_epoch_guess_f64(value), None, "{value}");
        }
        assert_eq!(Timestamp::parse("9223372036854775807"), None);
        assert_eq!(Timestamp::parse("99999999999999999999"), None);
        assert_eq!(Timestamp::parse("253402300800000"), None);
        assert_eq!(Timestamp::parse("253402300799999"), Some(Timestamp::MAX));
    }

    #[test]
    fn civil_rejects_out_of_range_fields() {
        assert_eq!(Timestamp::from_civil(2013, 13, 1, 0, 0, 0, 0), None);
        assert_eq!(Timestamp::from_civil(2013, 1, 1, 24, 0, 0, 0), None);
        assert_eq!(Timestamp::parse("2013-11-12 12:00"), None);
        assert_eq!(
            Timestamp::parse("2013-11-12 12:00:00.5"),
            Timestamp::from_civil(2013, 11, 12, 12, 0, 0, 500)
        );
    }
}
