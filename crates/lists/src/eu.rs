//! The EU consolidated financial sanctions list (FSF) XML.
//!
//! The root `export` (namespace `http://eu.europa.ec/fpi/fsd/export`,
//! attribute `generationDate`, the version) holds `sanctionEntity` records.
//! Nearly everything is in attributes: `nameAlias` (`wholeName`, `strong`,
//! `gender`, `function`, `title`), `subjectType` (`code` person or
//! enterprise), `citizenship` and `address` (`countryIso2Code`), `birthdate`
//! (`birthdate` or `year`/`monthOfYear`/`dayOfMonth`, `city`, `place`),
//! `identification` (`identificationTypeCode`, `number`) and `regulation`
//! (`programme`, `publicationDate`). `remark` elements hold free text.
//!
//! No official FSF file was available to test against (see the shared
//! data's SOURCES.md); this parser follows the published schema and is
//! tested on a small self-written fixture of that shape.
//!
//! # References
//! - European Commission, Financial Sanctions Files (FSF),
//!   "xmlFullSanctionsList_1_1" export format.

use vigil_model::{
    collapse_whitespace, Address, Entity, Gender, IdKind, NameKind, PartialDate, Provenance, Schema,
};

use crate::util::{add_nationality, country, find_imo_numbers, has_legal_form, push_unique, Ctx};
use crate::xml::{read_records, records_to_entities, Node};
use crate::ListError;

/// Parses the file; returns the version it states and the entities.
pub(crate) fn parse(
    ctx: &mut Ctx,
    bytes: &[u8],
) -> Result<(Option<String>, Vec<Entity>), ListError> {
    let mut records: Vec<(Node, u64)> = Vec::new();
    let file = read_records(
        ctx,
        bytes,
        |name| name == "sanctionEntity",
        |_, node, line| {
            records.push((node, line));
        },
    )?;
    file.expect_root(ctx, "export")?;
    let version = file.root_date("generationDate");
    let version_text = version.clone().unwrap_or_default();
    let entities = records_to_entities(
        ctx,
        records,
        &version_text,
        "logicalId",
        |node| node.attr_text("logicalId").or_else(|| node.attr_text("euReferenceNumber")),
        record,
    );
    Ok((version, entities))
}

fn record(node: &Node, version: &str) -> Result<Entity, String> {
    let logical_id = node.attr_text("logicalId").ok_or("sanctionEntity without a logicalId")?;
    let aliases: Vec<&Node> =
        node.all("nameAlias").filter(|a| a.attr_text("wholeName").is_some()).collect();
    let primary = aliases
        .iter()
        .find(|a| a.attr("strong") != Some("false"))
        .or(aliases.first())
        .ok_or_else(|| format!("sanctionEntity {logical_id} has no name"))?;
    let caption = primary.attr_text("wholeName").unwrap_or("");
    let subject = node.all("subjectType").find_map(|s| s.attr_text("code")).unwrap_or("");
    let schema = match subject.to_ascii_lowercase().as_str() {
        "person" => Schema::Person,
        _ if has_legal_form(caption) => Schema::Company,
        _ => Schema::Organization,
    };
    let id = format!("eu_fsf-{logical_id}");
    let mut entity =
        Entity::new(&id, schema, caption, Provenance::new("eu_fsf", logical_id, version));
    for alias in &aliases {
        let kind = if alias.attr("strong") == Some("false") {
            NameKind::WeakAlias
        } else {
            NameKind::StrongAlias
        };
        entity.add_name(alias.attr_text("wholeName").unwrap_or(""), kind);
        for key in ["title", "function"] {
            if let Some(value) = alias.attr_text(key) {
                push_unique(&mut entity.titles, value);
            }
        }
        if entity.gender.is_none() {
            entity.gender = match alias.attr_text("gender") {
                Some("M") => Some(Gender::Male),
                Some("F") => Some(Gender::Female),
                _ => None,
            };
        }
    }
    for citizenship in node.all("citizenship") {
        if let Some(code) = citizenship
            .attr_text("countryIso2Code")
            .or_else(|| citizenship.attr_text("countryDescription"))
        {
            add_nationality(&mut entity, code);
        }
    }
    for birth in node.all("birthdate") {
        let date = birth.attr_text("birthdate").and_then(PartialDate::parse_iso).or_else(|| {
            let year = birth.attr_text("year")?.parse().ok()?;
            let month = birth.attr_text("monthOfYear").and_then(|m| m.parse().ok());
            let day = month.and(birth.attr_text("dayOfMonth").and_then(|d| d.parse().ok()));
            PartialDate::new(year, month, day).or_else(|| PartialDate::new(year, None, None))
        });
        if let Some(date) = date {
            entity.add_birth_date(date);
        }
        let place: Vec<&str> = ["city", "place", "region", "countryDescription"]
            .iter()
            .filter_map(|k| birth.attr_text(k))
            .filter(|v| *v != "UNKNOWN" && *v != "00")
            .collect();
        push_unique(&mut entity.birth_places, &place.join(", "));
    }
    for document in node.all("identification") {
        let Some(number) =
            document.attr_text("number").or_else(|| document.attr_text("latinNumber"))
        else {
            continue;
        };
        let code = document.attr_text("identificationTypeCode").unwrap_or("").to_ascii_lowercase();
        let kind = match code.as_str() {
            "passport" => IdKind::Passport,
            "id" | "nationalid" => IdKind::NationalId,
            "regnumber" => IdKind::Registration,
            "tin" | "fiscalcode" => IdKind::TaxId,
            "swiftbic" => IdKind::SwiftBic,
            "imo" => IdKind::Imo,
            _ => IdKind::Other,
        };
        let note = document.attr_text("identificationTypeDescription").map(str::to_string);
        let country_code = document.attr_text("countryIso2Code").and_then(country);
        let id = entity.add_identifier(kind, number);
        if id.country.is_none() {
            id.country = country_code.map(str::to_string);
        }
        if id.note.is_none() {
            id.note = note;
        }
    }
    for address in node.all("address") {
        let parts: Vec<&str> =
            ["street", "poBox", "city", "zipCode", "region", "place", "countryDescription"]
                .iter()
                .filter_map(|k| address.attr_text(k))
                .filter(|v| *v != "UNKNOWN" && *v != "00")
                .collect();
        if parts.is_empty() {
            continue;
        }
        let address = Address {
            full: collapse_whitespace(&parts.join(", ")),
            country: address.attr_text("countryIso2Code").and_then(country).map(str::to_string),
        };
        if !entity.addresses.contains(&address) {
            entity.addresses.push(address);
        }
    }
    let mut listed: Vec<PartialDate> = Vec::new();
    for regulation in node.all("regulation") {
        if let Some(programme) = regulation.attr_text("programme") {
            entity.add_program(programme);
        }
        listed.extend(regulation.attr_text("publicationDate").and_then(PartialDate::parse_iso));
    }
    entity.listed_on = node
        .attr_text("designationDate")
        .and_then(PartialDate::parse_iso)
        .or(listed.into_iter().min());
    let remarks: Vec<&str> =
        node.all("remark").map(|r| r.text.trim()).filter(|r| !r.is_empty()).collect();
    if !remarks.is_empty() {
        let remarks = remarks.join("\n");
        for number in find_imo_numbers(&remarks) {
            entity.add_identifier(IdKind::Imo, &number).note =
                Some("mentioned in remarks".to_string());
        }
        entity.remarks = Some(remarks);
    }
    if let Some(reference) = node.attr_text("euReferenceNumber") {
        entity.add_identifier(IdKind::Other, reference).note =
            Some("EU reference number".to_string());
    }
    Ok(entity)
}
