//! The UN Security Council consolidated list (`consolidated.xml`).
//!
//! The root `CONSOLIDATED_LIST` (with `dateGenerated`, the version) holds
//! `INDIVIDUALS/INDIVIDUAL` and `ENTITIES/ENTITY` records. Each has up to
//! four name parts (`FIRST_NAME` .. `FOURTH_NAME`, joined in list order),
//! aliases with a quality (`Good`/`a.k.a.` strong, `Low`/`f.k.a.` weak),
//! dates of birth of several kinds (`EXACT`, `APPROXIMATELY`, `BETWEEN`),
//! documents, addresses and free-text comments. The UN list has no vessel
//! records; the IMO numbers its comments mention are company numbers.
//!
//! # References
//! - UN Security Council, "sc-sanctions.xsd",
//!   <https://www.un.org/sc/resources/sc-sanctions.xsd>.

use vigil_model::{Address, Entity, Gender, IdKind, NameKind, PartialDate, Provenance, Schema};

use crate::util::{find_imo_numbers, push_unique, year_range, Ctx};
use crate::xml::{read_records, records_to_entities, Node};
use crate::ListError;

/// Parses the file; returns the version it states and the entities.
pub(crate) fn parse(
    ctx: &mut Ctx,
    bytes: &[u8],
) -> Result<(Option<String>, Vec<Entity>), ListError> {
    // The version is only known at the root, before any record.
    let mut records: Vec<(Node, u64)> = Vec::new();
    let file = read_records(
        ctx,
        bytes,
        |name| name == "INDIVIDUAL" || name == "ENTITY",
        |_, node, line| {
            records.push((node, line));
        },
    )?;
    file.expect_root(ctx, "CONSOLIDATED_LIST")?;
    let version = file.root_date("dateGenerated");
    let version_text = version.clone().unwrap_or_default();
    let entities = records_to_entities(
        ctx,
        records,
        &version_text,
        "reference number",
        |node| node.child_text("REFERENCE_NUMBER").or_else(|| node.child_text("DATAID")),
        record,
    );
    Ok((version, entities))
}

fn record(node: &Node, version: &str) -> Result<Entity, String> {
    let reference = node
        .child_text("REFERENCE_NUMBER")
        .ok_or_else(|| format!("<{}> without a REFERENCE_NUMBER", node.name))?;
    let parts: Vec<&str> = ["FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME"]
        .iter()
        .filter_map(|tag| node.child_text(tag))
        .collect();
    let caption = vigil_model::collapse_whitespace(&parts.join(" "));
    if caption.is_empty() {
        return Err(format!("record {reference} has no name"));
    }
    let is_person = node.name == "INDIVIDUAL";
    let schema = if is_person { Schema::Person } else { Schema::Organization };
    let id = format!("un_sc-{reference}");
    let mut entity =
        Entity::new(&id, schema, &caption, Provenance::new("un_sc", reference, version));

    if let Some(original) = node.child_text("NAME_ORIGINAL_SCRIPT") {
        entity.add_name(original, NameKind::StrongAlias);
    }
    if let Some(program) = node.child_text("UN_LIST_TYPE") {
        entity.add_program(program);
    }
    entity.listed_on = node.child_text("LISTED_ON").and_then(PartialDate::parse_iso);
    match node.child_text("GENDER").map(str::to_ascii_lowercase).as_deref() {
        Some("male") => entity.gender = Some(Gender::Male),
        Some("female") => entity.gender = Some(Gender::Female),
        _ => {}
    }
    for group in ["TITLE", "DESIGNATION"] {
        for value in node.all(group).flat_map(|g| g.all("VALUE")) {
            push_unique(&mut entity.titles, value.text.trim().trim_end_matches('.'));
        }
    }
    for value in node.all("NATIONALITY").flat_map(|g| g.all("VALUE")) {
        crate::util::add_nationality(&mut entity, value.text.trim());
    }
    for alias in node.all("INDIVIDUAL_ALIAS").chain(node.all("ENTITY_ALIAS")) {
        let Some(name) = alias.child_text("ALIAS_NAME") else { continue };
        let kind = match alias.child_text("QUALITY").map(str::to_ascii_lowercase).as_deref() {
            Some("low") | Some("f.k.a.") => NameKind::WeakAlias,
            _ => NameKind::StrongAlias,
        };
        entity.add_name(name, kind);
        if let Some(date) = alias.child_text("DATE_OF_BIRTH").and_then(PartialDate::parse_iso) {
            entity.add_birth_date(date);
        }
    }
    for dob in node.all("INDIVIDUAL_DATE_OF_BIRTH") {
        if let Some(date) = dob.child_text("DATE").and_then(PartialDate::parse_iso) {
            entity.add_birth_date(date);
        }
        if let Some(year) = dob.child_text("YEAR").and_then(|y| y.parse().ok()) {
            if let Some(date) = PartialDate::new(year, None, None) {
                entity.add_birth_date(date);
            }
        }
        let from = dob.child_text("FROM_YEAR").and_then(|y| y.parse().ok());
        let to = dob.child_text("TO_YEAR").and_then(|y| y.parse().ok());
        if let (Some(from), Some(to)) = (from, to) {
            for date in year_range(from, to) {
                entity.add_birth_date(date);
            }
        }
    }
    for place in node.all("INDIVIDUAL_PLACE_OF_BIRTH") {
        let parts: Vec<&str> = ["CITY", "STATE_PROVINCE", "COUNTRY"]
            .iter()
            .filter_map(|tag| place.child_text(tag))
            .collect();
        push_unique(&mut entity.birth_places, &parts.join(", "));
    }
    for address in node.all("INDIVIDUAL_ADDRESS").chain(node.all("ENTITY_ADDRESS")) {
        let parts: Vec<&str> = ["STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE", "COUNTRY"]
            .iter()
            .filter_map(|tag| address.child_text(tag))
            .collect();
        if parts.is_empty() {
            continue;
        }
        let address = Address {
            full: vigil_model::collapse_whitespace(&parts.join(", ")),
            country: address
                .child_text("COUNTRY")
                .and_then(crate::util::country)
                .map(str::to_string),
        };
        if !entity.addresses.contains(&address) {
            entity.addresses.push(address);
        }
    }
    for document in node.all("INDIVIDUAL_DOCUMENT") {
        add_document(&mut entity, document);
    }
    if let Some(comments) = node.child_text("COMMENTS1") {
        entity.remarks = Some(comments.to_string());
        for number in find_imo_numbers(comments) {
            // The UN list has no ships: these are IMO company numbers.
            entity.add_identifier(IdKind::Imo, &number).note = Some("company".to_string());
        }
    }
    Ok(entity)
}

fn add_document(entity: &mut Entity, document: &Node) {
    let Some(number) = document.child_text("NUMBER") else { return };
    let doc_type = document.child_text("TYPE_OF_DOCUMENT").unwrap_or("");
    let lower = doc_type.to_lowercase();
    let kind =
        if lower.contains("passport") || lower.contains("passeport") || lower.contains("pasaporte")
        {
            IdKind::Passport
        } else if lower.contains("national identification") || lower.contains("identity card") {
            IdKind::NationalId
        } else {
            IdKind::Other
        };
    let country = ["ISSUING_COUNTRY", "COUNTRY_OF_ISSUE"]
        .iter()
        .filter_map(|tag| document.child_text(tag))
        .find_map(crate::util::country);
    let mut notes: Vec<&str> = Vec::new();
    if kind == IdKind::Other && !doc_type.is_empty() {
        notes.push(doc_type);
    }
    notes.extend(
        ["TYPE_OF_DOCUMENT2", "DATE_OF_ISSUE", "CITY_OF_ISSUE", "NOTE"]
            .iter()
            .filter_map(|t| document.child_text(t)),
    );
    let id = entity.add_identifier(kind, number);
    if id.country.is_none() {
        id.country = country.map(str::to_string);
    }
    if id.note.is_none() && !notes.is_empty() {
        id.note = Some(vigil_model::collapse_whitespace(&notes.join("; ")));
    }
}
