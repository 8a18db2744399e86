//! OFAC's Remarks column: a `;`-separated run of labelled facts such as
//! `DOB 07 Oct 1952; POB Leningrad, Russia; a.k.a. 'X'; Linked To: Y.`
//!
//! The labels are OFAC's own and are stable across years, so the scanner
//! matches them as literal prefixes rather than with regular expressions.
//! Segments it does not understand stay in [`Entity::remarks`], which always
//! keeps the whole text.
//!
//! # References
//! - OFAC, "SDN List data formats and data schemas", legacy CSV layout.

use vigil_model::{Entity, IdKind, Link, NameKind, PartialDate, Schema};

use crate::util::{find_imo_numbers, month_number, push_unique, strip_prefix_ci, year_range};

/// Applies every fact in a remarks string to an entity. The remarks text
/// itself is stored by the caller.
pub(crate) fn apply_remarks(entity: &mut Entity, remarks: &str) {
    for segment in split_remarks(remarks) {
        apply_segment(entity, segment);
    }
}

/// Splits remarks on `;`, except inside an alias's quotes: OFAC writes
/// `a.k.a. 'X'` and a `;` inside X does not end the segment. An alias whose
/// closing quote never comes (the column is cut at a fixed width) ends at the
/// next `;` as usual.
pub(crate) fn split_remarks(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    while start < text.len() {
        let rest = &text[start..];
        let end = if opens_alias(rest) { alias_end(rest) } else { rest.find(';') };
        match end {
            Some(end) => {
                out.push(&rest[..end]);
                start += end + 1;
            }
            None => {
                out.push(rest);
                break;
            }
        }
    }
    out.into_iter().map(str::trim).filter(|s| !s.is_empty()).collect()
}

fn opens_alias(segment: &str) -> bool {
    let segment = segment.trim_start();
    let segment = strip_prefix_ci(segment, "alt. ").unwrap_or(segment);
    ["a.k.a. '", "f.k.a. '", "n.k.a. '"].iter().any(|p| strip_prefix_ci(segment, p).is_some())
}

/// The position of the `;` that closes an alias segment: the first one
/// preceded (ignoring a period and spaces) by a closing quote.
fn alias_end(segment: &str) -> Option<usize> {
    let mut first = None;
    for (index, _) in segment.match_indices(';') {
        first.get_or_insert(index);
        let before = segment[..index].trim_end().trim_end_matches('.');
        if before.ends_with('\'') && before.matches('\'').count() >= 2 {
            return Some(index);
        }
    }
    first
}

/// One identifier label: how OFAC writes it and which kind it is.
struct IdLabel {
    label: &'static str,
    kind: IdKind,
}

const ID_LABELS: &[IdLabel] = &[
    IdLabel { label: "Vessel Registration Identification", kind: IdKind::Imo },
    IdLabel { label: "MMSI", kind: IdKind::Mmsi },
    IdLabel { label: "Diplomatic Passport", kind: IdKind::Passport },
    IdLabel { label: "Passport", kind: IdKind::Passport },
    IdLabel { label: "National ID No.", kind: IdKind::NationalId },
    IdLabel { label: "National Foreign ID Number", kind: IdKind::NationalId },
    IdLabel { label: "Personal ID Card", kind: IdKind::NationalId },
    IdLabel { label: "Cedula No.", kind: IdKind::NationalId },
    IdLabel { label: "C.U.R.P.", kind: IdKind::NationalId },
    IdLabel { label: "SSN", kind: IdKind::NationalId },
    IdLabel { label: "Identification Number", kind: IdKind::NationalId },
    IdLabel { label: "Tax ID No.", kind: IdKind::TaxId },
    IdLabel { label: "NIT #", kind: IdKind::TaxId },
    IdLabel { label: "RUC #", kind: IdKind::TaxId },
    IdLabel { label: "R.F.C.", kind: IdKind::TaxId },
    IdLabel { label: "V.A.T. Number", kind: IdKind::TaxId },
    IdLabel { label: "SWIFT/BIC", kind: IdKind::SwiftBic },
    IdLabel { label: "Aircraft Tail Number", kind: IdKind::Registration },
    IdLabel { label: "Aircraft Manufacturer's Serial Number (MSN)", kind: IdKind::Other },
    IdLabel { label: "Registration Number", kind: IdKind::Registration },
    IdLabel { label: "Registration ID", kind: IdKind::Registration },
    IdLabel { label: "Company Number", kind: IdKind::Registration },
    IdLabel { label: "Business Registration Document #", kind: IdKind::Registration },
    IdLabel { label: "Business Registration Number", kind: IdKind::Registration },
    IdLabel { label: "Business Number", kind: IdKind::Registration },
    IdLabel { label: "Commercial Registry Number", kind: IdKind::Registration },
    IdLabel { label: "Certificate of Incorporation Number", kind: IdKind::Registration },
    IdLabel { label: "Chamber of Commerce Number", kind: IdKind::Registration },
    IdLabel { label: "C.R. No.", kind: IdKind::Registration },
    IdLabel { label: "Legal Entity Number", kind: IdKind::Registration },
    IdLabel { label: "Unified Social Credit Code (USCC)", kind: IdKind::Registration },
    IdLabel { label: "Government Gazette Number", kind: IdKind::Registration },
    IdLabel { label: "Trade License No.", kind: IdKind::Registration },
    IdLabel { label: "Folio Mercantil No.", kind: IdKind::Registration },
    IdLabel { label: "Economic Register Number (CBLS)", kind: IdKind::Registration },
    IdLabel { label: "Public Registration Number", kind: IdKind::Registration },
    IdLabel { label: "D-U-N-S Number", kind: IdKind::Registration },
];

fn apply_segment(entity: &mut Entity, segment: &str) {
    let segment = segment.trim();
    let segment = strip_prefix_ci(segment, "alt. ").unwrap_or(segment).trim_start();

    if let Some((kind, value)) = alias(segment) {
        entity.add_name(&value, kind);
        return;
    }
    if let Some(rest) = labelled(segment, "DOB") {
        for date in parse_ofac_dates(rest) {
            entity.add_birth_date(date);
        }
        return;
    }
    if let Some(rest) = labelled(segment, "Organization Established Date") {
        for date in parse_ofac_dates(rest) {
            entity.add_birth_date(date);
        }
        return;
    }
    if let Some(rest) = labelled(segment, "POB") {
        push_unique(&mut entity.birth_places, strip_final_period(rest));
        return;
    }
    if let Some(rest) = labelled(segment, "nationality").or_else(|| labelled(segment, "citizen")) {
        crate::util::add_nationality(entity, strip_final_period(rest));
        return;
    }
    if let Some(rest) = labelled(segment, "Gender") {
        let rest = strip_final_period(rest);
        if rest.eq_ignore_ascii_case("male") {
            entity.gender = Some(vigil_model::Gender::Male);
        } else if rest.eq_ignore_ascii_case("female") {
            entity.gender = Some(vigil_model::Gender::Female);
        }
        return;
    }
    if let Some(rest) = segment.strip_prefix("Linked To:") {
        add_link(entity, rest, "linked_to");
        return;
    }
    if let Some(rest) = labelled(segment, "Aircraft Operator") {
        add_link(entity, rest, "operator");
        return;
    }
    if let Some(rest) = labelled(segment, "Aircraft Model") {
        if entity.vessel.vessel_type.is_none() {
            let model = strip_final_period(rest).trim();
            if !model.is_empty() {
                entity.vessel.vessel_type = Some(model.to_string());
            }
        }
        return;
    }
    for id_label in ID_LABELS {
        if let Some(rest) = labelled(segment, id_label.label) {
            add_labelled_identifier(entity, id_label, rest);
            return;
        }
    }
}

/// `a.k.a. 'X'` and its kin. f.k.a. is weak (a former name), n.k.a. strong.
fn alias(segment: &str) -> Option<(NameKind, String)> {
    let (kind, rest) = if let Some(rest) = strip_prefix_ci(segment, "a.k.a.") {
        (NameKind::StrongAlias, rest)
    } else if let Some(rest) = strip_prefix_ci(segment, "n.k.a.") {
        (NameKind::StrongAlias, rest)
    } else if let Some(rest) = strip_prefix_ci(segment, "f.k.a.") {
        (NameKind::WeakAlias, rest)
    } else {
        return None;
    };
    let value = rest.trim();
    let value = value.strip_suffix('.').filter(|v| v.ends_with('\'')).unwrap_or(value);
    let value = value.strip_prefix('\'').unwrap_or(value);
    let value = value.strip_suffix('\'').unwrap_or(value);
    let value = value.trim();
    (!value.is_empty()).then(|| (kind, value.to_string()))
}

/// The rest of a segment after a label that is followed by a space, a colon
/// or nothing.
fn labelled<'a>(segment: &'a str, label: &str) -> Option<&'a str> {
    let rest = strip_prefix_ci(segment, label)?;
    match rest.chars().next() {
        None => Some(rest),
        Some(c) if c == ' ' || c == ':' => Some(rest.trim_start_matches([' ', ':'])),
        Some(_) => None,
    }
}

/// Removes the period that closes the last remark, but not one that ends an
/// abbreviation inside the value ("S.A.").
fn strip_final_period(text: &str) -> &str {
    let text = text.trim();
    match text.strip_suffix('.') {
        Some(stripped) => {
            let last_word = stripped.rsplit(' ').next().unwrap_or("");
            if last_word.contains('.') {
                text
            } else {
                stripped
            }
        }
        None => text,
    }
}

fn add_link(entity: &mut Entity, rest: &str, relation: &str) {
    let name = strip_final_period(rest).trim();
    if name.is_empty() {
        return;
    }
    let link = Link { name: name.to_string(), entity_id: None, relation: relation.to_string() };
    if !entity.links.contains(&link) {
        entity.links.push(link);
    }
}

/// `Passport X (Country) expires 2020`: the value up to the first space and
/// parenthesis, the country in parentheses, and the rest as a note.
fn add_labelled_identifier(entity: &mut Entity, id_label: &IdLabel, rest: &str) {
    let rest = strip_final_period(rest.trim());
    let (value, country, tail) = match rest.find(" (") {
        Some(open) => {
            let value = &rest[..open];
            let inner = &rest[open + 2..];
            match inner.find(')') {
                Some(close) => (value, Some(&inner[..close]), inner[close + 1..].trim()),
                None => (value, None, inner.trim()),
            }
        }
        None => {
            // No country: the value ends before a trailing "issued"/"expires".
            let cut = [" issued", " expires", " Expiration"]
                .iter()
                .filter_map(|w| rest.find(w))
                .min()
                .unwrap_or(rest.len());
            (&rest[..cut], None, rest[cut..].trim())
        }
    };
    let value = value.trim();
    if value.is_empty() {
        return;
    }
    let mut kind = id_label.kind;
    if kind == IdKind::NationalId
        && id_label.label == "Identification Number"
        && entity.schema != Schema::Person
    {
        kind = IdKind::Other;
    }
    if kind == IdKind::Imo && vigil_model::normalize_imo(value).is_none() {
        // "Vessel Registration Identification RS 150443 (Russia)": a national
        // registration, not an IMO number.
        kind = IdKind::Registration;
    }
    let mut note = Some(id_label.label.to_string());
    if kind != IdKind::Imo && strip_prefix_ci(value, "IMO").is_some() {
        // "Company Number IMO 5434358": an IMO company number.
        if let Some(number) = find_imo_numbers(value).first() {
            let id = entity.add_identifier(IdKind::Imo, number);
            id.note = Some("company".to_string());
            return;
        }
    }
    if kind == IdKind::Imo || kind == IdKind::Mmsi {
        note = None;
    }
    let country_code = country.and_then(crate::util::country);
    let mut extra = Vec::new();
    if let (Some(country), None) = (country, country_code) {
        extra.push(country.trim());
    }
    if !tail.is_empty() {
        extra.push(tail);
    }
    let id = entity.add_identifier(kind, value);
    if let Some(code) = country_code {
        id.country = Some(code.to_string());
    }
    if !extra.is_empty() {
        let joined = extra.join("; ");
        note = Some(match note {
            Some(label) => format!("{label}; {joined}"),
            None => joined,
        });
    }
    if id.note.is_none() {
        id.note = note;
    }
}

/// Parses OFAC's date forms: `07 Oct 1952`, `Oct 1952`, `1952`,
/// `circa 1960`, `1960 to 1962`, `01 Jan 1960 to 31 Dec 1962`,
/// `circa 1960-1962`.
pub(crate) fn parse_ofac_dates(text: &str) -> Vec<PartialDate> {
    let text = strip_final_period(text).trim();
    let text = strip_prefix_ci(text, "circa").map(str::trim).unwrap_or(text);
    if let Some((from, to)) = text.split_once(" to ") {
        let (Some(from), Some(to)) = (parse_ofac_date(from), parse_ofac_date(to)) else {
            return Vec::new();
        };
        if from.month.is_none() && to.month.is_none() {
            return year_range(from.year, to.year);
        }
        return if from == to { vec![from] } else { vec![from, to] };
    }
    if let Some((from, to)) = text.split_once('-') {
        if let (Ok(from), Ok(to)) = (from.trim().parse::<i32>(), to.trim().parse::<i32>()) {
            return year_range(from, to);
        }
    }
    parse_ofac_date(text).into_iter().collect()
}

/// One date: `07 Oct 1952`, `Oct 1952` or `1952`.
pub(crate) fn parse_ofac_date(text: &str) -> Option<PartialDate> {
    let words: Vec<&str> = text.split_whitespace().collect();
    match words.as_slice() {
        [year] => PartialDate::new(year.parse().ok()?, None, None),
        [month, year] => PartialDate::new(year.parse().ok()?, Some(month_number(month)?), None),
        [day, month, year] => PartialDate::new(
            year.parse().ok()?,
            Some(month_number(month)?),
            Some(day.parse().ok()?),
        ),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use vigil_model::Provenance;

    fn person(remarks: &str) -> Entity {
        let mut e = Entity::new("t-1", Schema::Person, "X", Provenance::new("t", "1", "v"));
        apply_remarks(&mut e, remarks);
        e
    }

    #[test]
    fn splits_outside_alias_quotes() {
        assert_eq!(split_remarks("a.k.a. 'A; B'; DOB 1960."), ["a.k.a. 'A; B'", "DOB 1960."]);
        assert_eq!(split_remarks("a.k.a. 'ABU-'UMAR'."), ["a.k.a. 'ABU-'UMAR'."]);
        assert_eq!(split_remarks("a.k.a. 'TRUNC; Linked To: X"), ["a.k.a. 'TRUNC", "Linked To: X"]);
        assert_eq!(split_remarks(";;"), Vec::<&str>::new());
    }

    #[test]
    fn dates() {
        let d = |t: &str| parse_ofac_dates(t).iter().map(|d| d.to_string()).collect::<Vec<_>>();
        assert_eq!(d("07 Oct 1952"), ["1952-10-07"]);
        assert_eq!(d("circa 1960"), ["1960"]);
        assert_eq!(d("1960 to 1962"), ["1960", "1961", "1962"]);
        assert_eq!(d("Jan 1970."), ["1970-01"]);
        assert_eq!(d("circa 1960-1961"), ["1960", "1961"]);
        assert_eq!(d("01 Jan 1960 to 31 Dec 1962"), ["1960-01-01", "1962-12-31"]);
        assert!(d("31 Feb 1960").is_empty());
        assert!(d("sometime").is_empty());
    }

    #[test]
    fn putin_remarks() {
        let e = person("DOB 07 Oct 1952; POB Leningrad, Russia; nationality Russia; citizen Russia; Gender Male; President of the Russian Federation.");
        assert_eq!(e.birth_dates[0].to_string(), "1952-10-07");
        assert_eq!(e.birth_places, ["Leningrad, Russia"]);
        assert_eq!(e.nationalities, ["ru"]);
        assert_eq!(e.gender, Some(vigil_model::Gender::Male));
    }

    #[test]
    fn identifiers_and_aliases() {
        let e = person("Passport 123456 (Russia) expires 01 Jan 2030; alt. Passport 999; Tax ID No. 7707083893 (Russia); a.k.a. 'AL-QA'QA'; f.k.a. 'OLD NAME'.; Linked To: RED MUNDIAL, S.A.; Linked To: HIZBALLAH.");
        let passport = e.identifiers.iter().find(|i| i.value == "123456").unwrap();
        assert_eq!(passport.kind, IdKind::Passport);
        assert_eq!(passport.country.as_deref(), Some("ru"));
        assert!(passport.note.as_deref().unwrap().contains("expires 01 Jan 2030"));
        assert_eq!(e.identifier(IdKind::TaxId), Some("7707083893"));
        assert!(e.identifiers_of(IdKind::Passport).any(|v| v == "999"));
        assert!(e.names.iter().any(|n| n.value == "AL-QA'QA" && n.kind == NameKind::StrongAlias));
        assert!(e.names.iter().any(|n| n.value == "OLD NAME" && n.kind == NameKind::WeakAlias));
        assert_eq!(e.links[0].name, "RED MUNDIAL, S.A.");
        assert_eq!(e.links[1].name, "HIZBALLAH");
    }

    #[test]
    fn vessel_remarks() {
        let mut e = Entity::new("t-2", Schema::Vessel, "V", Provenance::new("t", "2", "v"));
        apply_remarks(&mut e, "Vessel Registration Identification IMO 7406784; MMSI 445123000; Company Number IMO 5434358.");
        assert_eq!(e.imo().as_deref(), Some("7406784"));
        assert_eq!(e.identifier(IdKind::Mmsi), Some("445123000"));
        let company = e.identifiers.iter().find(|i| i.value == "5434358").unwrap();
        assert_eq!((company.kind, company.note.as_deref()), (IdKind::Imo, Some("company")));
    }
}
