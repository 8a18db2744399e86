//! Helpers shared by the parsers: error collection, text decoding, IMO
//! scanning, version strings and small text utilities.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use vigil_model::PartialDate;

use crate::{ListError, RecordError};

/// Collects the record errors and deliberate skips of one parse.
#[derive(Debug, Default)]
pub(crate) struct Ctx {
    /// The file being parsed (the primary file of a companion group).
    pub path: PathBuf,
    /// Malformed records, in the order they were found.
    pub errors: Vec<RecordError>,
    /// Records skipped on purpose, counted by reason.
    pub skipped: BTreeMap<String, usize>,
}

impl Ctx {
    pub(crate) fn new(path: &Path) -> Ctx {
        Ctx { path: path.to_path_buf(), ..Ctx::default() }
    }

    /// Records a malformed record of the primary file.
    pub(crate) fn error(&mut self, line: Option<u64>, record: Option<&str>, message: String) {
        let path = self.path.clone();
        self.error_in(&path, line, record, message);
    }

    /// Records a malformed record of another file (an OFAC companion).
    pub(crate) fn error_in(
        &mut self,
        path: &Path,
        line: Option<u64>,
        record: Option<&str>,
        message: String,
    ) {
        self.errors.push(RecordError {
            path: path.to_path_buf(),
            line,
            record: record.map(str::to_string),
            message,
        });
    }

    /// Counts a record that was skipped on purpose (not an error).
    pub(crate) fn skip(&mut self, reason: &str) {
        *self.skipped.entry(reason.to_string()).or_insert(0) += 1;
    }
}

/// Checks that bytes are UTF-8, naming the byte offset and line of the first
/// bad sequence otherwise. A leading byte-order mark is removed.
pub(crate) fn decode_utf8<'a>(path: &Path, bytes: &'a [u8]) -> Result<&'a str, ListError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|err| {
        let offset = err.valid_up_to();
        let line = line_of(bytes, offset);
        ListError::Malformed {
            path: path.to_path_buf(),
            message: format!("invalid UTF-8 at byte {offset} (line {line})"),
        }
    })
}

/// The 1-based line number of a byte offset.
pub(crate) fn line_of(bytes: &[u8], offset: usize) -> u64 {
    let end = offset.min(bytes.len());
    bytes[..end].iter().filter(|&&b| b == b'\n').count() as u64 + 1
}

/// Counts lines incrementally over increasing byte offsets, so that a
/// streaming parser can report line numbers in linear total time.
#[derive(Debug, Default)]
pub(crate) struct LineCounter {
    offset: usize,
    line: u64,
}

impl LineCounter {
    pub(crate) fn line_at(&mut self, bytes: &[u8], offset: usize) -> u64 {
        let offset = offset.min(bytes.len());
        if offset < self.offset {
            return line_of(bytes, offset);
        }
        self.line += bytes[self.offset..offset].iter().filter(|&&b| b == b'\n').count() as u64;
        self.offset = offset;
        self.line + 1
    }
}

/// A short content hash, used as the version of a file that states none.
pub(crate) fn content_hash(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(bytes);
    let mut out = String::from("sha256:");
    for byte in &digest[..6] {
        out.push_str(&format!("{byte:02x}"));
    }
    out
}

/// Derives a version from a file name: an ISO date (`sdn_2024-05-03.csv`),
/// an OpenSanctions version (`..._20240527194702-wnk_entities...`), or else a
/// date or month in the parent directory's name (`sdn_2021-07_triplet`).
pub(crate) fn version_from_path(path: &Path) -> Option<String> {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if let Some(version) = version_from_name(name) {
        return Some(version);
    }
    let parent = path.parent()?.file_name()?.to_str()?;
    version_from_name(parent).or_else(|| find_year_month(parent))
}

/// The version a file name states, if any (see [`version_from_path`]).
pub(crate) fn version_from_name(name: &str) -> Option<String> {
    let bytes = name.as_bytes();
    // An OpenSanctions run id: 14 digits, optionally followed by `-xxx`.
    for start in 0..bytes.len() {
        if start > 0 && bytes[start - 1].is_ascii_digit() {
            continue;
        }
        let digits = bytes[start..].iter().take_while(|b| b.is_ascii_digit()).count();
        if digits == 14 {
            let mut end = start + 14;
            if bytes.get(end) == Some(&b'-') {
                let suffix =
                    bytes[end + 1..].iter().take_while(|b| b.is_ascii_alphanumeric()).count();
                if (1..=8).contains(&suffix) {
                    end += 1 + suffix;
                }
            }
            return name.get(start..end).map(str::to_string);
        }
    }
    find_iso_date(name)
}

/// Finds a `YYYY-MM-DD` date inside a string.
pub(crate) fn find_iso_date(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    (0..bytes.len().saturating_sub(9)).find_map(|start| {
        let candidate = text.get(start..start + 10)?;
        let before_ok = start == 0 || !bytes[start - 1].is_ascii_digit();
        let after_ok = !matches!(bytes.get(start + 10), Some(b) if b.is_ascii_digit());
        (before_ok
            && after_ok
            && PartialDate::parse_iso(candidate).is_some_and(|d| d.day.is_some()))
        .then(|| candidate.to_string())
    })
}

fn find_year_month(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    (0..bytes.len().saturating_sub(6)).find_map(|start| {
        let candidate = text.get(start..start + 7)?;
        let before_ok = start == 0 || !bytes[start - 1].is_ascii_digit();
        let after_ok = !matches!(bytes.get(start + 7), Some(b) if b.is_ascii_digit());
        (before_ok && after_ok && PartialDate::parse_iso(candidate).is_some())
            .then(|| candidate.to_string())
    })
}

/// Finds the IMO numbers a free text mentions: `IMO 1234567`, `IMO: 1234567`,
/// `IMO number: 1234567`, `(IMO) Number: 1234567`. The word `IMO` must stand
/// alone (not `IMOVICH`), and the number must have exactly seven digits.
pub(crate) fn find_imo_numbers(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(found) = find_ci(&bytes[from..], b"IMO") {
        let start = from + found;
        from = start + 3;
        let word_start = start == 0 || !bytes[start - 1].is_ascii_alphanumeric();
        let word_end = !matches!(bytes.get(start + 3), Some(b) if b.is_ascii_alphanumeric());
        if !(word_start && word_end) {
            continue;
        }
        // Skip separators and the words "number" / "no".
        let mut pos = start + 3;
        for _ in 0..4 {
            while pos < bytes.len() && matches!(bytes[pos], b' ' | b':' | b'.' | b'#' | b')' | b'(')
            {
                pos += 1;
            }
            let rest = &bytes[pos..];
            if rest.len() >= 6 && rest[..6].eq_ignore_ascii_case(b"number") {
                pos += 6;
            } else if rest.len() >= 2
                && rest[..2].eq_ignore_ascii_case(b"no")
                && !matches!(rest.get(2), Some(b) if b.is_ascii_alphabetic())
            {
                pos += 2;
            } else {
                break;
            }
        }
        let digits = bytes[pos..].iter().take_while(|b| b.is_ascii_digit()).count();
        if digits == 7 {
            if let Some(number) = text.get(pos..pos + 7) {
                if !out.iter().any(|n| n == number) {
                    out.push(number.to_string());
                }
            }
        }
    }
    out
}

/// Finds MMSI numbers written as `MMSI 123456789` or `MMSI: 123456789`.
pub(crate) fn find_mmsi_numbers(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(found) = find_ci(&bytes[from..], b"MMSI") {
        let start = from + found;
        from = start + 4;
        let mut pos = start + 4;
        while pos < bytes.len() && matches!(bytes[pos], b' ' | b':' | b'.' | b'#') {
            pos += 1;
        }
        let digits = bytes[pos..].iter().take_while(|b| b.is_ascii_digit()).count();
        if digits == 9 {
            if let Some(number) = text.get(pos..pos + 9) {
                out.push(number.to_string());
            }
        }
    }
    out
}

/// ASCII case-insensitive substring search.
pub(crate) fn find_ci(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || haystack.len() < needle.len() {
        return None;
    }
    haystack.windows(needle.len()).position(|w| w.eq_ignore_ascii_case(needle))
}

/// Strips an ASCII prefix, ignoring case.
pub(crate) fn strip_prefix_ci<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then(|| &text[prefix.len()..])
}

/// Whether an organisation's name carries a legal form that makes it a
/// registered company (LLC, LTD, JSC, GmbH, S.A. ...).
pub(crate) fn has_legal_form(name: &str) -> bool {
    const FORMS: &[&str] = &[
        "LLC",
        "L.L.C",
        "LTD",
        "LIMITED",
        "CO",
        "COMPANY",
        "CORP",
        "CORPORATION",
        "INC",
        "INCORPORATED",
        "JSC",
        "OJSC",
        "CJSC",
        "PJSC",
        "OAO",
        "ZAO",
        "PAO",
        "OOO",
        "AO",
        "GMBH",
        "AG",
        "SA",
        "S.A",
        "SARL",
        "SRL",
        "S.R.L",
        "SPA",
        "S.P.A",
        "BV",
        "B.V",
        "NV",
        "PLC",
        "LLP",
        "FZE",
        "FZCO",
        "FZ-LLC",
        "PTE",
        "PVT",
        "SDN",
        "BHD",
        "KFT",
        "SP",
        "DOO",
        "D.O.O",
        "AS",
        "A.S",
        "AB",
        "OY",
        "KG",
        "S.A.S",
        "SAS",
        "SAL",
        "S.A.L",
        "WLL",
        "W.L.L",
        "EOOD",
        "OOD",
        "TOO",
        "LLP",
        "TNHH",
        "CV",
        "DE C.V",
        "S.DE R.L",
        "EIRL",
    ];
    name.split(|c: char| c.is_whitespace() || c == ',' || c == '(' || c == ')' || c == '"')
        .map(|word| word.trim_matches(|c: char| c == '.' || c == '\'' || c == '“' || c == '”'))
        .filter(|word| !word.is_empty())
        .any(|word| FORMS.iter().any(|form| word.eq_ignore_ascii_case(form)))
}

/// Parses a month name or abbreviation ("Oct", "October", "Sept").
pub(crate) fn month_number(text: &str) -> Option<u8> {
    const MONTHS: [&str; 12] =
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    let text = text.trim_end_matches('.');
    if text.len() < 3 || !text.is_ascii() {
        return None;
    }
    let head = text[..3].to_ascii_lowercase();
    let index = MONTHS.iter().position(|m| *m == head)?;
    Some(index as u8 + 1)
}

/// Parses `dd/mm/yyyy` where `00` stands for an unknown day or month.
pub(crate) fn parse_dmy_slash(text: &str) -> Option<PartialDate> {
    let mut parts = text.trim().split('/');
    let day: u8 = parts.next()?.trim().parse().ok()?;
    let month: u8 = parts.next()?.trim().parse().ok()?;
    let year: i32 = parts.next()?.trim().parse().ok()?;
    if parts.next().is_some() {
        return None;
    }
    let month = (month != 0).then_some(month);
    let day = (day != 0 && month.is_some()).then_some(day);
    PartialDate::new(year, month, day)
}

/// `vigil_model::country_code`, memoised: the model's lookup folds every
/// table entry per call, and lists repeat a few hundred spellings tens of
/// thousands of times. The cache is per thread and bounded.
pub(crate) fn country(text: &str) -> Option<&'static str> {
    use std::cell::RefCell;
    use std::collections::HashMap;
    const MAX_ENTRIES: usize = 4096;
    thread_local! {
        static CACHE: RefCell<HashMap<String, Option<&'static str>>> = RefCell::new(HashMap::new());
    }
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        if let Some(code) = cache.get(text) {
            return *code;
        }
        let code = vigil_model::country_code(text);
        if cache.len() >= MAX_ENTRIES {
            cache.clear();
        }
        cache.insert(text.to_string(), code);
        code
    })
}

/// Adds a nationality given by name or code (unknown names are dropped).
pub(crate) fn add_nationality(entity: &mut vigil_model::Entity, text: &str) {
    if let Some(code) = country(text) {
        entity.add_nationality(code);
    }
}

/// Adds a linked country given by name or code (unknown names are dropped).
pub(crate) fn add_country(entity: &mut vigil_model::Entity, text: &str) {
    if let Some(code) = country(text) {
        entity.add_country(code);
    }
}

/// Pushes a value unless blank or present.
pub(crate) fn push_unique(values: &mut Vec<String>, value: &str) {
    let value = vigil_model::collapse_whitespace(value);
    if !value.is_empty() && !values.contains(&value) {
        values.push(value);
    }
}

/// Every year from `from` to `to` when the span is short; the two ends
/// otherwise. Lists write "between 1960 and 1962" for an uncertain year.
pub(crate) fn year_range(from: i32, to: i32) -> Vec<PartialDate> {
    const MAX_SPAN: i32 = 20;
    if to >= from && to - from <= MAX_SPAN {
        (from..=to).filter_map(|y| PartialDate::new(y, None, None)).collect()
    } else {
        [from, to].into_iter().filter_map(|y| PartialDate::new(y, None, None)).collect()
    }
}

/// The non-blank lines of a JSON-lines text, each with its 1-based line
/// number and either its parsed value or why it could not be parsed (too
/// long, or not JSON), so that every format reading JSON lines reports bad
/// lines the same way.
pub(crate) fn json_lines(
    text: &str,
) -> impl Iterator<Item = (u64, Result<serde_json::Value, String>)> + '_ {
    text.lines().enumerate().filter(|(_, line)| !line.trim().is_empty()).map(|(index, line)| {
        let line_no = index as u64 + 1;
        if line.len() > crate::MAX_RECORD_BYTES {
            return (line_no, Err(format!("line longer than {} bytes", crate::MAX_RECORD_BYTES)));
        }
        (line_no, serde_json::from_str(line).map_err(|err| format!("invalid JSON: {err}")))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn imo_scanning() {
        assert_eq!(
            find_imo_numbers("International Maritime Organization (IMO) Number: 1790183."),
            ["1790183"]
        );
        assert_eq!(find_imo_numbers("IMO number: 5571322. IMO 5434358"), ["5571322", "5434358"]);
        assert_eq!(find_imo_numbers("(IMO number: 8660313)."), ["8660313"]);
        assert_eq!(find_imo_numbers("IMO: 8937675. MMSI: 445539000."), ["8937675"]);
        assert!(find_imo_numbers("KARIMOVICH IMON IMO 12345678 IMO").is_empty());
        assert_eq!(find_mmsi_numbers("IMO: 8937675. MMSI: 445539000."), ["445539000"]);
    }

    #[test]
    fn versions_from_names() {
        let v = |p: &str| version_from_path(Path::new(p));
        assert_eq!(v("x/sdn_2024-05-03.csv").as_deref(), Some("2024-05-03"));
        assert_eq!(v("x/sdn_2021-07_triplet/sdn.csv").as_deref(), Some("2021-07"));
        assert_eq!(
            v("yente_t2_20240527194702-wnk_entities.delta.json").as_deref(),
            Some("20240527194702-wnk")
        );
        assert_eq!(v("a/b/sdn.csv"), None);
    }

    #[test]
    fn legal_forms() {
        assert!(has_legal_form("ANGLO-CARIBBEAN CO., LTD."));
        assert!(has_legal_form("CECOEX, S.A."));
        assert!(has_legal_form("OOO ROMASHKA"));
        assert!(!has_legal_form("BANCO NACIONAL DE CUBA"));
        assert!(!has_legal_form("HIZBALLAH"));
    }

    #[test]
    fn slash_dates() {
        assert_eq!(parse_dmy_slash("00/00/1980").unwrap().to_string(), "1980");
        assert_eq!(parse_dmy_slash("01/08/1979").unwrap().to_string(), "1979-08-01");
        assert_eq!(parse_dmy_slash("00/08/1979").unwrap().to_string(), "1979-08");
        assert_eq!(parse_dmy_slash("garbage"), None);
    }
}
