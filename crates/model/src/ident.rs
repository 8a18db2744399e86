//! Checks for ship identifiers.
//!
//! # References
//! - IMO Resolution A.1078(28), the IMO ship identification number scheme: seven
//!   digits, the last a check digit equal to the last digit of the sum of the
//!   first six multiplied by 7, 6, 5, 4, 3, 2.
//! - ITU-R M.585: MMSI formats (nine digits, the first three a Maritime
//!   Identification Digits country prefix for ships).

/// Extracts the seven digits of an IMO number written as `IMO 1234567`,
/// `IMO1234567` or `1234567`. Does not check the check digit.
pub fn normalize_imo(text: &str) -> Option<String> {
    let trimmed = text.trim();
    let upper = trimmed.to_ascii_uppercase();
    let digits =
        upper.strip_prefix("IMO").unwrap_or(&upper).trim_start_matches([' ', ':', '.', '#']);
    let digits = digits.trim();
    (digits.len() == 7 && digits.bytes().all(|b| b.is_ascii_digit())).then(|| digits.to_string())
}

/// Whether an IMO ship number has seven digits and a correct check digit.
///
/// Company and registered-owner numbers (which OFAC and the UN also call
/// "IMO") use a different scheme and do not pass this check.
///
/// # Examples
/// ```
/// assert!(vigil_model::imo_is_valid("IMO 9074729"));
/// assert!(!vigil_model::imo_is_valid("9074728"));
/// ```
pub fn imo_is_valid(text: &str) -> bool {
    let Some(digits) = normalize_imo(text) else {
        return false;
    };
    let d: Vec<u32> = digits.bytes().map(|b| u32::from(b - b'0')).collect();
    let sum: u32 = d[..6].iter().zip([7, 6, 5, 4, 3, 2]).map(|(x, w)| x * w).sum();
    sum % 10 == d[6]
}

/// Whether a ship's MMSI is plausible: nine digits whose first digit is 2 to 7
/// (a Maritime Identification Digits prefix). Coast stations, SAR aircraft and
/// AtoNs (leading 0, 1, 8, 9) are not ships.
pub fn mmsi_is_valid(text: &str) -> bool {
    let text = text.trim();
    text.len() == 9
        && text.bytes().all(|b| b.is_ascii_digit())
        && (b'2'..=b'7').contains(&text.as_bytes()[0])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn imo_check_digit() {
        // Real ship numbers from OFAC's DPRK vessel entries.
        for good in ["8660313", "IMO 9074729", "imo8122347", "8604917"] {
            assert!(imo_is_valid(good), "{good}");
        }
        for bad in ["8660314", "123456", "12345678", "IMO", "", "IMO 1790184"] {
            assert!(!imo_is_valid(bad), "{bad}");
        }
    }

    #[test]
    fn mmsi_shape() {
        assert!(mmsi_is_valid("445123000"));
        assert!(!mmsi_is_valid("045123000"));
        assert!(!mmsi_is_valid("44512300"));
    }
}
