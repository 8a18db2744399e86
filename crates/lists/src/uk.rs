//! UK lists: OFSI's consolidated list CSV (`ConList.csv`) and the UK
//! Sanctions List as JSON lines.
//!
//! `ConList.csv` starts with a `Last Updated,dd/mm/yyyy` line (the version),
//! then a header row, then one row per name variant: all rows with the same
//! `Group ID` are one listed party. Name parts are `Name 1`..`Name 5` (given
//! names) and `Name 6` (the surname, or the whole name of an entity). OFSI
//! publishes it in Windows-1252, which is decoded deliberately (a file that
//! starts with a UTF-8 byte-order mark and is valid UTF-8 is read as UTF-8).
//! Ships were listed as `Entity` before 2020; a party whose name carries no
//! legal form and whose text gives a valid IMO ship number is read as a
//! vessel.
//!
//! The JSON lines are records of the FCDO "UK Sanctions List" (one object per
//! `unique_id`, with `names.names[]` in the same six-part form), as converted
//! by a third party; they carry names, regimes and some addresses only.
//!
//! # References
//! - HM Treasury OFSI, "Consolidated List of Financial Sanctions Targets",
//!   CSV format guide (pre-2022 layout).
//! - FCDO, "UK Sanctions List" data format.

use std::collections::HashMap;

use serde_json::Value;
use vigil_model::{
    collapse_whitespace, imo_is_valid, Address, Entity, IdKind, NameKind, PartialDate, Provenance,
    Schema,
};

use crate::util::{
    decode_utf8, find_imo_numbers, find_mmsi_numbers, has_legal_form, json_lines, parse_dmy_slash,
    push_unique, Ctx, LineCounter,
};
use crate::{ListError, MAX_RECORD_BYTES};

/// One CSV row: its line and fields.
type Row = (u64, Vec<String>);

/// Parses `ConList.csv`; returns the version it states and the entities.
pub(crate) fn parse_conlist(
    ctx: &mut Ctx,
    bytes: &[u8],
) -> Result<(Option<String>, Vec<Entity>), ListError> {
    let text: std::borrow::Cow<'_, str> = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => match std::str::from_utf8(rest) {
            Ok(text) => text.into(),
            Err(_) => encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes).0,
        },
        None => encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes).0,
    };
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut version = None;
    let mut header: Option<Vec<String>> = None;
    let mut groups: Vec<(String, Vec<Row>)> = Vec::new();
    let mut group_index: HashMap<String, usize> = HashMap::new();
    let mut record = csv::StringRecord::new();
    let mut lines = LineCounter::default();
    let raw = text.as_bytes();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(err) => {
                let line = err.position().map(|p| p.line());
                ctx.error(line, None, format!("unreadable CSV: {err}"));
                break;
            }
        }
        // csv's own line count runs one behind after a CRLF, so count here.
        let mut offset = record.position().map_or(0, |p| p.byte() as usize);
        while raw.get(offset).is_some_and(|&b| b == b'\r' || b == b'\n') {
            offset += 1;
        }
        let line = lines.line_at(raw, offset);
        let Some(header) = &header else {
            let first = record.get(0).unwrap_or("").trim();
            if first.eq_ignore_ascii_case("Last Updated") {
                version = record.get(1).and_then(parse_dmy_slash).map(|d| d.to_string());
            } else if record.iter().any(|f| f.trim() == "Group ID") {
                header = Some(record.iter().map(|f| f.trim().to_string()).collect());
            } else {
                return Err(ListError::Malformed {
                    path: ctx.path.clone(),
                    message: format!("line {line}: expected the header row with \"Group ID\""),
                });
            }
            continue;
        };
        if record.as_slice().len() > MAX_RECORD_BYTES {
            ctx.error(Some(line), None, format!("row longer than {MAX_RECORD_BYTES} bytes"));
            continue;
        }
        if record.len() == 1 && record.get(0).is_some_and(|f| f.trim().is_empty()) {
            continue;
        }
        if record.len() != header.len() {
            let message = format!("expected {} fields, found {}", header.len(), record.len());
            ctx.error(Some(line), None, message);
            continue;
        }
        let fields: Vec<String> = record.iter().map(str::to_string).collect();
        let group_id = column(header, &fields, "Group ID").trim().to_string();
        if group_id.is_empty() || !group_id.bytes().all(|b| b.is_ascii_alphanumeric()) {
            let shown: String = group_id.chars().take(40).collect();
            ctx.error(Some(line), None, format!("bad Group ID {shown:?}"));
            continue;
        }
        let at = *group_index.entry(group_id.clone()).or_insert_with(|| {
            groups.push((group_id.clone(), Vec::new()));
            groups.len() - 1
        });
        groups[at].1.push((line, fields));
    }
    let Some(header) = header else {
        return Err(ListError::Malformed {
            path: ctx.path.clone(),
            message: "no header row with \"Group ID\"".to_string(),
        });
    };
    let version_text = version.clone().unwrap_or_default();
    let mut entities = Vec::with_capacity(groups.len());
    for (group_id, rows) in &groups {
        match conlist_group(&header, group_id, rows, &version_text) {
            Ok(entity) => entities.push(entity),
            Err(message) => ctx.error(rows.first().map(|r| r.0), Some(group_id), message),
        }
    }
    Ok((version, entities))
}

fn column<'a>(header: &[String], fields: &'a [String], name: &str) -> &'a str {
    header.iter().position(|h| h == name).and_then(|i| fields.get(i)).map_or("", |f| f.trim())
}

/// The full name ("Name1 .. Name5 Name6") and, when there are given names,
/// the surname-first form ("Name6 Name1 ..").
fn six_part_name(parts: &[&str; 6]) -> (String, Option<String>) {
    let given: Vec<&str> = parts[..5].iter().copied().filter(|p| !p.trim().is_empty()).collect();
    let surname = parts[5].trim();
    let mut full = given.clone();
    full.push(surname);
    let full = collapse_whitespace(&full.join(" "));
    let surname_first = (!given.is_empty() && !surname.is_empty())
        .then(|| collapse_whitespace(&format!("{surname} {}", given.join(" "))));
    (full, surname_first)
}

fn conlist_group(
    header: &[String],
    group_id: &str,
    rows: &[Row],
    version: &str,
) -> Result<Entity, String> {
    let get = |row: &[String], name: &str| column(header, row, name).to_string();
    let names = |row: &[String]| {
        let parts = ["Name 1", "Name 2", "Name 3", "Name 4", "Name 5", "Name 6"]
            .map(|n| column(header, row, n));
        six_part_name(&parts)
    };
    let is_primary = |row: &[String]| {
        let kind = get(row, "Alias Type").to_ascii_lowercase();
        kind == "prime alias" || kind == "primary name"
    };
    let primary = rows.iter().map(|r| r.1.as_slice()).find(|r| is_primary(r)).unwrap_or(&rows[0].1);
    let (caption, _) = names(primary);
    if caption.is_empty() {
        return Err(format!("group {group_id} has no name"));
    }
    let group_type = get(primary, "Group Type").to_ascii_lowercase();

    let mut other_info: Vec<String> = Vec::new();
    for (_, row) in rows {
        push_unique(&mut other_info, &get(row, "Other Information"));
    }
    let remarks = other_info.join("\n");
    let mut imos = find_imo_numbers(&remarks);
    for (_, row) in rows {
        for number in find_imo_numbers(&names(row).0) {
            if !imos.contains(&number) {
                imos.push(number);
            }
        }
    }
    let schema = match group_type.as_str() {
        "individual" => Schema::Person,
        "ship" => Schema::Vessel,
        _ if imos.iter().any(|n| imo_is_valid(n)) && !has_legal_form(&caption) => Schema::Vessel,
        _ if has_legal_form(&caption) => Schema::Company,
        _ => Schema::Organization,
    };
    let id = format!("gb_ofsi-{group_id}");
    let mut entity =
        Entity::new(&id, schema, &caption, Provenance::new("gb_ofsi", group_id, version));
    for (_, row) in rows {
        let (full, surname_first) = names(row);
        let kind = match get(row, "Alias Type").to_ascii_lowercase().as_str() {
            "fka" | "f.k.a." => NameKind::WeakAlias,
            _ => NameKind::StrongAlias,
        };
        entity.add_name(&full, kind);
        if schema == Schema::Person {
            if let Some(variant) = surname_first {
                entity.add_name(&variant, kind);
            }
        }
        let title = get(row, "Title");
        push_unique(&mut entity.titles, &title);
        push_unique(&mut entity.titles, &get(row, "Position"));
        if let Some(date) = parse_dmy_slash(&get(row, "DOB")) {
            entity.add_birth_date(date);
        }
        let place: Vec<String> = ["Town of Birth", "Country of Birth"]
            .iter()
            .map(|c| get(row, c))
            .filter(|p| !p.is_empty())
            .collect();
        push_unique(&mut entity.birth_places, &place.join(", "));
        for nationality in split_numbered(&get(row, "Nationality")) {
            crate::util::add_nationality(&mut entity, &nationality);
        }
        for passport in split_numbered(&get(row, "Passport Details")) {
            add_document(&mut entity, IdKind::Passport, &passport);
        }
        for national_id in split_numbered(&get(row, "NI Number")) {
            add_document(&mut entity, IdKind::NationalId, &national_id);
        }
        let mut address: Vec<String> = [
            "Address 1",
            "Address 2",
            "Address 3",
            "Address 4",
            "Address 5",
            "Address 6",
            "Post/Zip Code",
            "Country",
        ]
        .iter()
        .map(|c| get(row, c))
        .filter(|p| !p.is_empty())
        .collect();
        address.dedup();
        if !address.is_empty() {
            let address = Address {
                full: collapse_whitespace(&address.join(", ")),
                country: crate::util::country(&get(row, "Country")).map(str::to_string),
            };
            if !entity.addresses.contains(&address) {
                entity.addresses.push(address);
            }
        }
        entity.add_program(&get(row, "Regime"));
        if entity.listed_on.is_none() {
            entity.listed_on = parse_dmy_slash(&get(row, "Listed On"));
        }
    }
    for number in imos {
        let id = entity.add_identifier(IdKind::Imo, &number);
        if schema != Schema::Vessel {
            id.note = Some("company".to_string());
        }
    }
    if schema == Schema::Vessel {
        for mmsi in find_mmsi_numbers(&remarks) {
            entity.add_identifier(IdKind::Mmsi, &mmsi);
        }
    }
    if !remarks.is_empty() {
        entity.remarks = Some(remarks);
    }
    Ok(entity)
}

/// Splits OFSI's numbered lists, `1) Saudi Arabia 2) Qatar`, into items. A
/// text without numbers is one item.
pub(crate) fn split_numbered(text: &str) -> Vec<String> {
    let bytes = text.as_bytes();
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let at_word = i == 0 || bytes[i - 1].is_ascii_whitespace();
        if at_word && bytes[i].is_ascii_digit() {
            let digits = bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
            if digits <= 2 && bytes.get(i + digits) == Some(&b')') {
                cuts.push((i, i + digits + 1));
                i += digits + 1;
                continue;
            }
        }
        i += 1;
    }
    if cuts.is_empty() {
        let text = text.trim();
        return if text.is_empty() { Vec::new() } else { vec![text.to_string()] };
    }
    let mut out = Vec::new();
    let head = text[..cuts[0].0].trim();
    if !head.is_empty() {
        out.push(head.to_string());
    }
    for (k, &(_, start)) in cuts.iter().enumerate() {
        let end = cuts.get(k + 1).map_or(text.len(), |c| c.0);
        let item = text[start..end].trim();
        if !item.is_empty() {
            out.push(item.to_string());
        }
    }
    out
}

/// Adds a document from free text such as `Passport No: 592667 (Qatari
/// passport issued on 3 May 2007).`: the first word with a digit is the
/// number, the whole text the note.
fn add_document(entity: &mut Entity, kind: IdKind, text: &str) {
    let number = text
        .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .find(|w| w.chars().any(|c| c.is_ascii_digit()) && w.len() >= 4);
    let Some(number) = number else { return };
    let note = collapse_whitespace(text);
    let id = entity.add_identifier(kind, number);
    if id.note.is_none() && note != number {
        id.note = Some(note);
    }
}

/// Parses the UK Sanctions List JSON lines.
pub(crate) fn parse_jsonl(
    ctx: &mut Ctx,
    bytes: &[u8],
    version: &str,
) -> Result<Vec<Entity>, ListError> {
    let text = decode_utf8(&ctx.path, bytes)?;
    let mut entities = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (line_no, value) in json_lines(text) {
        let value = match value {
            Ok(value) => value,
            Err(message) => {
                ctx.error(Some(line_no), None, message);
                continue;
            }
        };
        let unique_id = value.get("unique_id").and_then(Value::as_str).map(str::trim);
        let Some(unique_id) = unique_id.filter(|u| !u.is_empty()) else {
            ctx.error(Some(line_no), None, "record without a unique_id".to_string());
            continue;
        };
        match uk_record(&value, unique_id, version) {
            Ok(entity) if seen.insert(entity.id.clone()) => entities.push(entity),
            Ok(_) => ctx.error(
                Some(line_no),
                Some(unique_id),
                format!("duplicate unique_id {unique_id}"),
            ),
            Err(message) => ctx.error(Some(line_no), Some(unique_id), message),
        }
    }
    Ok(entities)
}

fn text_of<'a>(value: &'a Value, key: &str) -> &'a str {
    value.get(key).and_then(Value::as_str).map_or("", str::trim)
}

/// A ship's name written as `IMO 9296377 ("MARJORIE")`: the quoted name.
fn clean_ship_name(name: &str) -> &str {
    match (name.find("(\""), name.rfind("\")")) {
        (Some(open), Some(close)) if close > open + 2 => name[open + 2..close].trim(),
        _ => name,
    }
}

fn uk_record(value: &Value, unique_id: &str, version: &str) -> Result<Entity, String> {
    let kind = text_of(value, "individual_entity_ship").to_ascii_lowercase();
    let names: Vec<&Value> = value
        .pointer("/names/names")
        .and_then(Value::as_array)
        .map(|a| a.iter().collect())
        .unwrap_or_default();
    let name_of = |n: &Value| {
        let parts = ["name1", "name2", "name3", "name4", "name5", "name6"].map(|k| text_of(n, k));
        six_part_name(&parts)
    };
    let primary = names
        .iter()
        .find(|n| text_of(n, "name_type").eq_ignore_ascii_case("primary name"))
        .or(names.first())
        .ok_or("record without names")?;
    let (raw_caption, _) = name_of(primary);
    let caption = if kind == "ship" { clean_ship_name(&raw_caption) } else { &raw_caption };
    if caption.is_empty() {
        return Err("record without a primary name".to_string());
    }
    let has_legal = has_legal_form(caption);
    let schema = match kind.as_str() {
        "individual" => Schema::Person,
        "ship" => Schema::Vessel,
        _ if has_legal => Schema::Company,
        _ => Schema::Organization,
    };
    let id = format!("gb_fcdo-{unique_id}");
    let mut entity =
        Entity::new(&id, schema, caption, Provenance::new("gb_fcdo", unique_id, version));
    let mut imos: Vec<String> = Vec::new();
    for name in &names {
        let (full, surname_first) = name_of(name);
        imos.extend(find_imo_numbers(&full));
        let name_kind = match text_of(name, "name_type").to_ascii_lowercase().as_str() {
            "primary name" | "primary name variation" => NameKind::StrongAlias,
            _ if text_of(name, "alias_strength").to_ascii_lowercase().starts_with("low") => {
                NameKind::WeakAlias
            }
            _ => NameKind::StrongAlias,
        };
        let shown = if schema == Schema::Vessel { clean_ship_name(&full) } else { &full };
        entity.add_name(shown, name_kind);
        if schema == Schema::Person {
            if let Some(variant) = surname_first {
                entity.add_name(&variant, name_kind);
            }
        }
    }
    if let Some(non_latin) = value.pointer("/non_latin_names/names").and_then(Value::as_array) {
        for name in non_latin {
            entity.add_name(text_of(name, "name_non_latin_script"), NameKind::StrongAlias);
        }
    }
    entity.add_program(text_of(value, "regime_name"));
    entity.listed_on = PartialDate::parse_iso(text_of(value, "date_designated"));
    let other = text_of(value, "other_information");
    if !other.is_empty() {
        entity.remarks = Some(other.to_string());
    }
    if let Some(addresses) = value.pointer("/addresses/addresses").and_then(Value::as_array) {
        for address in addresses {
            let parts: Vec<&str> = [
                "address_line1",
                "address_line2",
                "address_line3",
                "address_line4",
                "address_line5",
                "address_line6",
                "address_country",
            ]
            .iter()
            .map(|k| text_of(address, k))
            .filter(|p| !p.is_empty())
            .collect();
            if parts.is_empty() {
                continue;
            }
            let address = Address {
                full: collapse_whitespace(&parts.join(", ")),
                country: crate::util::country(text_of(address, "address_country"))
                    .map(str::to_string),
            };
            if !entity.addresses.contains(&address) {
                entity.addresses.push(address);
            }
        }
    }
    if schema == Schema::Vessel {
        // The ship's own IMO: in its name, else the other information, else
        // the first one its statement of reasons gives ("X (IMO 9826902) is").
        if imos.is_empty() {
            imos = find_imo_numbers(other);
        }
        if imos.is_empty() {
            imos = find_imo_numbers(text_of(value, "uk_statement_of_reasons"))
                .into_iter()
                .take(1)
                .collect();
        }
        for number in &imos {
            entity.add_identifier(IdKind::Imo, number);
        }
    } else {
        for number in find_imo_numbers(other) {
            entity.add_identifier(IdKind::Imo, &number).note = Some("company".to_string());
        }
    }
    let un_reference = text_of(value, "un_reference_number");
    if !un_reference.is_empty() {
        entity.add_identifier(IdKind::Other, un_reference).note =
            Some("UN reference number".to_string());
    }
    let group_id = text_of(value, "ofsi_group_id");
    if !group_id.is_empty() {
        entity.add_identifier(IdKind::Other, group_id).note = Some("OFSI group ID".to_string());
    }
    Ok(entity)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_lists() {
        assert_eq!(split_numbered("1) Saudi Arabia 2) Qatar"), ["Saudi Arabia", "Qatar"]);
        assert_eq!(split_numbered("Iraq"), ["Iraq"]);
        assert_eq!(split_numbered(" "), Vec::<String>::new());
        assert_eq!(split_numbered("(a) 12) x"), ["(a)", "x"]);
    }

    #[test]
    fn six_parts() {
        assert_eq!(
            six_part_name(&["Kim", "Kyong", "", "", "", "IL"]),
            ("Kim Kyong IL".to_string(), Some("IL Kim Kyong".to_string()))
        );
        assert_eq!(
            six_part_name(&["", "", "", "", "", "TONG SAN 2"]),
            ("TONG SAN 2".to_string(), None)
        );
    }

    #[test]
    fn ship_names() {
        assert_eq!(clean_ship_name("IMO 9296377 (\"MARJORIE\")"), "MARJORIE");
        assert_eq!(clean_ship_name("Petrel 8"), "Petrel 8");
        assert_eq!(clean_ship_name("(\")"), "(\")");
    }
}
