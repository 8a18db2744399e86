//! Partial dates: lists often know only the year, or the year and month, of a
//! birth or a listing.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A calendar date whose month and day may be unknown.
///
/// Serialised as ISO 8601 prefixes, as FollowTheMoney does: `1984`,
/// `1984-01` or `1984-01-08`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PartialDate {
    /// The year, e.g. 1984.
    pub year: i32,
    /// The month, 1 to 12, when known.
    pub month: Option<u8>,
    /// The day of the month, 1 to 31, when known (only with a month).
    pub day: Option<u8>,
}

impl PartialDate {
    /// A date with only a year.
    pub fn year(year: i32) -> PartialDate {
        PartialDate { year, month: None, day: None }
    }

    /// Builds a date and checks its ranges; a day without a month is refused.
    pub fn new(year: i32, month: Option<u8>, day: Option<u8>) -> Option<PartialDate> {
        if !(1000..=2999).contains(&year) {
            return None;
        }
        if let Some(m) = month {
            if !(1..=12).contains(&m) {
                return None;
            }
        }
        if let Some(d) = day {
            let max = days_in_month(year, month?);
            if d == 0 || d > max {
                return None;
            }
        }
        Some(PartialDate { year, month, day })
    }

    /// Parses the ISO forms `YYYY`, `YYYY-MM` and `YYYY-MM-DD` (a trailing
    /// time, as in `2024-05-03T00:00:00`, is ignored).
    pub fn parse_iso(text: &str) -> Option<PartialDate> {
        let text = text.trim();
        let text = text.split('T').next()?;
        let mut parts = text.split('-');
        let year = parse_num(parts.next()?, 4)?;
        let month = match parts.next() {
            Some(m) => Some(parse_num(m, 2)? as u8),
            None => None,
        };
        let day = match parts.next() {
            Some(d) => Some(parse_num(d, 2)? as u8),
            None => None,
        };
        if parts.next().is_some() {
            return None;
        }
        PartialDate::new(year, month, day)
    }

    /// Whether two dates could be the same day: the parts both know agree.
    pub fn is_compatible(&self, other: &PartialDate) -> bool {
        if self.year != other.year {
            return false;
        }
        match (self.month, other.month) {
            (Some(a), Some(b)) if a != b => return false,
            (Some(_), Some(_)) => {}
            _ => return true,
        }
        !matches!((self.day, other.day), (Some(a), Some(b)) if a != b)
    }
}

impl std::fmt::Display for PartialDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
            if let Some(d) = self.day {
                write!(f, "-{d:02}")?;
            }
        }
        Ok(())
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        PartialDate::parse_iso(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("not a partial date: {text:?}")))
    }
}

fn parse_num(text: &str, width: usize) -> Option<i32> {
    if text.len() != width || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_partial_forms() {
        for text in ["1984", "1984-01", "1984-01-08"] {
            assert_eq!(PartialDate::parse_iso(text).unwrap().to_string(), text);
        }
        assert_eq!(
            PartialDate::parse_iso("2024-05-03T10:00:00").unwrap().to_string(),
            "2024-05-03"
        );
        for bad in ["", "84", "1984-13", "1984-02-30", "1984-1-1", "abcd", "1984-01-01-01"] {
            assert_eq!(PartialDate::parse_iso(bad), None, "{bad}");
        }
    }

    #[test]
    fn compatibility_respects_unknown_parts() {
        let year = PartialDate::year(1984);
        let day = PartialDate::parse_iso("1984-01-08").unwrap();
        let other_day = PartialDate::parse_iso("1984-01-09").unwrap();
        assert!(year.is_compatible(&day));
        assert!(!day.is_compatible(&other_day));
        assert!(!day.is_compatible(&PartialDate::year(1983)));
    }
}
