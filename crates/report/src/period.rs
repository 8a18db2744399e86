//! A report's period: whole UTC days, both ends included.

use serde::Serialize;

use crate::{Error, Result};

/// The longest period a report covers, in days (ten years): a bound on
/// what one report reads, and a guard against a mistyped year.
pub const MAX_DAYS: i64 = 3660;

/// A range of whole UTC days, `from` and `to` included.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Period {
    /// The first day, `YYYY-MM-DD`.
    pub from: String,
    /// The last day, `YYYY-MM-DD`.
    pub to: String,
}

impl Period {
    /// The period from `from` to `to`, both `YYYY-MM-DD` calendar dates,
    /// `from` not after `to`, at most [`MAX_DAYS`] days.
    ///
    /// # Examples
    /// ```
    /// use vigil_report::Period;
    /// let period = Period::parse("2030-01-01", "2030-01-31").unwrap();
    /// assert_eq!(period.start(), "2030-01-01T00:00:00Z");
    /// assert_eq!(period.end(), "2030-01-31T23:59:59Z");
    /// assert!(Period::parse("2030-02-30", "2030-03-01").is_err());
    /// assert!(Period::parse("2030-03-01", "2030-02-01").is_err());
    /// ```
    pub fn parse(from: &str, to: &str) -> Result<Period> {
        let from_day =
            day_number(from).map_err(|why| Error::Period(format!("--from {from:?}: {why}")))?;
        let to_day = day_number(to).map_err(|why| Error::Period(format!("--to {to:?}: {why}")))?;
        if to_day < from_day {
            return Err(Error::Period(format!("the period ends ({to}) before it begins ({from})")));
        }
        if to_day - from_day + 1 > MAX_DAYS {
            return Err(Error::Period(format!(
                "the period {from} to {to} is longer than {MAX_DAYS} days"
            )));
        }
        Ok(Period { from: from.to_string(), to: to.to_string() })
    }

    /// The first second of the period, in the store's time form.
    pub fn start(&self) -> String {
        format!("{}T00:00:00Z", self.from)
    }

    /// The last second of the period, in the store's time form.
    pub fn end(&self) -> String {
        format!("{}T23:59:59Z", self.to)
    }

    /// Whether a stored time (`YYYY-MM-DDTHH:MM:SSZ`) or date falls in it.
    pub fn contains(&self, time: &str) -> bool {
        let day = time.get(..10).unwrap_or(time);
        day >= self.from.as_str() && day <= self.to.as_str()
    }
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date.
pub(crate) fn days_from_epoch(date: &str) -> Option<i64> {
    Some(day_number(date).ok()? - day_number("1970-01-01").ok()?)
}

/// Days since 0000-03-01 of a `YYYY-MM-DD` date, or why it is not one.
fn day_number(date: &str) -> std::result::Result<i64, String> {
    let bytes = date.as_bytes();
    let shape_ok = bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes.iter().enumerate().all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
    if !shape_ok {
        return Err("not a date of the form YYYY-MM-DD".into());
    }
    let number = |range: std::ops::Range<usize>| -> i64 { date[range].parse().unwrap_or(0) };
    let (year, month, day) = (number(0..4), number(5..7), number(8..10));
    if !(1..=12).contains(&month) {
        return Err(format!("month {month} does not exist"));
    }
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days_in_month = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    if day < 1 || day > days_in_month {
        return Err(format!("day {day} does not exist in month {month} of {year}"));
    }
    // Days from civil (Howard Hinnant's algorithm), shifted to March.
    let (y, m) = if month <= 2 { (year - 1, month + 9) } else { (year, month - 3) };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let day_of_year = (153 * m + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    Ok(era * 146_097 + day_of_era)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_dates_are_named() {
        let err = Period::parse("2030-1-1", "2030-01-31").unwrap_err().to_string();
        assert!(err.contains("--from \"2030-1-1\""), "{err}");
        let err = Period::parse("2030-01-01", "2029-02-29").unwrap_err().to_string();
        assert!(err.contains("--to") && err.contains("day 29"), "{err}");
        assert!(Period::parse("2028-02-29", "2028-02-29").is_ok());
        assert!(Period::parse("2000-01-01", "2030-01-01").is_err(), "too long");
    }

    #[test]
    fn contains_whole_days() {
        let period = Period::parse("2030-01-05", "2030-01-06").unwrap();
        assert!(period.contains("2030-01-05T00:00:00Z"));
        assert!(period.contains("2030-01-06T23:59:59Z"));
        assert!(!period.contains("2030-01-07T00:00:00Z"));
        assert!(!period.contains("2030-01-04"));
    }
}
