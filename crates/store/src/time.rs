//! Timestamps in the one form the store keeps: `YYYY-MM-DDTHH:MM:SSZ`, UTC.
//!
//! Every time column is text in that form, so times sort and compare as
//! strings and SQLite's date functions read them. Inputs come from other
//! tools in several spellings (a date alone, a space instead of `T`,
//! fractions of a second, `+00:00`, Unix seconds); [`normalize_timestamp`]
//! turns each into the stored form or refuses it.

/// The stored form of `input`, or `None` when it is not a time vigil reads.
///
/// Accepted: `YYYY-MM-DD`, `YYYY-MM-DD[T ]HH:MM[:SS[.fff…]]` followed by
/// nothing, `Z`, `+00:00` or `-00:00` (times are UTC; another offset is
/// converted), and a whole number of Unix seconds. Fractions of a second are
/// dropped.
///
/// # Examples
/// ```
/// use vigil_store::normalize_timestamp as n;
/// assert_eq!(n("2024-05-03").as_deref(), Some("2024-05-03T00:00:00Z"));
/// assert_eq!(n("2024-05-03 10:20:30.5+00:00").as_deref(), Some("2024-05-03T10:20:30Z"));
/// assert_eq!(n("2024-05-03T01:00:00+02:00").as_deref(), Some("2024-05-02T23:00:00Z"));
/// assert_eq!(n("1714730400").as_deref(), Some("2024-05-03T10:00:00Z"));
/// assert_eq!(n("2024-13-01"), None);
/// assert_eq!(n("'; DROP TABLE alerts; --"), None);
/// ```
pub fn normalize_timestamp(input: &str) -> Option<String> {
    let input = input.trim();
    if !input.is_empty() && input.len() <= 12 && input.bytes().all(|b| b.is_ascii_digit()) {
        return format_epoch(input.parse().ok()?);
    }
    let bytes = input.as_bytes();
    if bytes.len() < 10 || bytes.len() > 40 {
        return None;
    }
    let year = digits(bytes, 0, 4)?;
    let month = digits(bytes, 5, 2)?;
    let day = digits(bytes, 8, 2)?;
    if bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    let (mut hour, mut minute, mut second) = (0, 0, 0);
    let mut rest = &bytes[10..];
    if !rest.is_empty() {
        if rest[0] != b'T' && rest[0] != b' ' || rest.len() < 6 || rest[3] != b':' {
            return None;
        }
        hour = digits(rest, 1, 2)?;
        minute = digits(rest, 4, 2)?;
        rest = &rest[6..];
        if rest.first() == Some(&b':') {
            second = digits(rest, 1, 2)?;
            rest = &rest[3..];
            if rest.first() == Some(&b'.') {
                let n_fraction = rest[1..].iter().take_while(|b| b.is_ascii_digit()).count();
                if n_fraction == 0 {
                    return None;
                }
                rest = &rest[1 + n_fraction..];
            }
        }
        if hour > 23 || minute > 59 || second > 60 {
            return None;
        }
    }
    let offset_minutes = match rest {
        [] | [b'Z'] => 0,
        [sign @ (b'+' | b'-'), _, _, b':', _, _] => {
            let minutes = digits(rest, 1, 2)? * 60 + digits(rest, 4, 2)?;
            if minutes > 18 * 60 {
                return None;
            }
            if *sign == b'+' {
                minutes
            } else {
                -minutes
            }
        }
        _ => return None,
    };
    let days = days_from_civil(year, month, day);
    let seconds = days * 86_400 + hour * 3600 + minute * 60 + second.min(59) - offset_minutes * 60;
    format_epoch(seconds)
}

/// Formats Unix seconds in the stored form; `None` outside years 1–9999.
pub fn format_epoch(seconds: i64) -> Option<String> {
    let days = seconds.div_euclid(86_400);
    let in_day = seconds.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    if !(1..=9999).contains(&year) {
        return None;
    }
    Some(format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        in_day / 3600,
        in_day % 3600 / 60,
        in_day % 60
    ))
}

fn digits(bytes: &[u8], start: usize, len: usize) -> Option<i64> {
    let slice = bytes.get(start..start + len)?;
    slice
        .iter()
        .try_fold(0i64, |acc, &b| b.is_ascii_digit().then(|| acc * 10 + i64::from(b - b'0')))
}

fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
///
/// # References
/// H. Hinnant, "chrono-Compatible Low-Level Date Algorithms" (`days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_index = (month + 9) % 12;
    let day_of_year = (153 * month_index + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The inverse of [`days_from_civil`] (same reference).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 { month_index + 3 } else { month_index - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_days() {
        for days in [-719_468, -1, 0, 1, 11_016, 19_846, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days, "{y}-{m}-{d}");
        }
    }

    #[test]
    fn refuses_malformed_times() {
        for bad in [
            "",
            "2024-02-30",
            "2024-05-03T24:00",
            "2024-05-03T10",
            "2024/05/03",
            "2024-05-03T10:00:00+05",
            "2024-05-03T10:00:00.Z",
            "x".repeat(100).as_str(),
        ] {
            assert_eq!(normalize_timestamp(bad), None, "{bad:?}");
        }
        assert_eq!(normalize_timestamp("2024-02-29").as_deref(), Some("2024-02-29T00:00:00Z"));
    }
}
