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
    /// Milliseconds since the Unix epoch.
    pub fn millis(self) -> i64 {
        self.0
    }

    /// An epoch value that may be in seconds or in milliseconds, as feeds mix
    /// both (AMSA writes seconds, exactEarth milliseconds): values of 10^11 or
    /// more (after 1973-03-03 in milliseconds, the year 5138 in seconds) are
    /// taken as milliseconds.
    pub fn from_epoch_guess(value: i64) -> Timestamp {
        if value.abs() >= 100_000_000_000 {
            Timestamp(value)
        } else {
            Timestamp(value * 1000)
        }
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
        Some(Timestamp(secs * 1000 + i64::from(millis)))
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.fff]Z` (the `Z` or a space separator are
    /// optional) or a bare epoch in seconds or milliseconds.
    pub fn parse(text: &str) -> Option<Timestamp> {
        let text = text.trim();
        if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
            return text.parse::<i64>().ok().map(Timestamp::from_epoch_guess);
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
        assert_eq!(Timestamp::from_epoch_guess(1_418_172_113), Timestamp(1_418_172_113_000));
        assert_eq!(Timestamp::from_epoch_guess(1_328_182_324_603), Timestamp(1_328_182_324_603));
        assert_eq!(Timestamp::parse("1418172113"), Some(Timestamp(1_418_172_113_000)));
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
