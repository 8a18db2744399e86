//! OpenSanctions FollowTheMoney entities (`entities.ftm.json`) and delta
//! files (`entities.delta.json`), both JSON lines.
//!
//! Each entity line is `{"id", "schema", "caption", "properties": {name:
//! [values]}, "datasets", ...}`; each delta line is `{"op": "ADD"|"MOD"|"DEL",
//! "entity": {...}}`. Only schemata vigil screens become entities (Person,
//! Organization, Company, LegalEntity, Vessel, Airplane/Aircraft); the
//! others (Sanction, Address, Identification, Ownership ...) are counted in
//! [`crate::ParsedList::skipped`], except that Address entities are used to
//! fill the addresses their `addressEntity` references point to. FtM ids are
//! already namespaced and are kept as vigil ids.
//!
//! The list name is the one dataset all entities of an entity file share
//! (`eu_fsf`), else `opensanctions`; delta files are always `opensanctions`,
//! so that every step of a delta chain names the same list. Each entity's
//! provenance carries the file's list name.
//!
//! # References
//! - FollowTheMoney schema reference, <https://followthemoney.tech/explorer/>.
//! - yente delta file format (`entities.delta.json`).

use std::collections::HashMap;
use std::path::Path;

use serde_json::{Map, Value};
use vigil_model::{
    collapse_whitespace, Address, Entity, Gender, IdKind, NameKind, PartialDate, Provenance, Schema,
};

use crate::util::{content_hash, decode_utf8, json_lines, push_unique, version_from_path, Ctx};
use crate::{Contents, DeltaOp, ListError};

/// A parsed FtM file before it becomes a `ParsedList`.
pub(crate) struct Parsed {
    pub list: String,
    pub version: String,
    pub contents: Contents,
}

/// Parses entity or delta JSON lines.
pub(crate) fn parse(
    ctx: &mut Ctx,
    bytes: &[u8],
    delta: bool,
    path: &Path,
) -> Result<Parsed, ListError> {
    let text = decode_utf8(&ctx.path, bytes)?;
    let file_version = version_from_path(path);
    // The datasets every entity of the file belongs to.
    let mut common: Option<Vec<String>> = None;
    let mut latest_seen: Option<String> = None;
    let mut entities: Vec<Entity> = Vec::new();
    let mut ops: Vec<DeltaOp> = Vec::new();
    // Address entities by id, and the entities (or upserts) that refer to them.
    let mut addresses: HashMap<String, Address> = HashMap::new();
    let mut references: Vec<(usize, Vec<String>)> = Vec::new();

    for (line_no, value) in json_lines(text) {
        let value = match value {
            Ok(value) => value,
            Err(message) => {
                ctx.error(Some(line_no), None, message);
                continue;
            }
        };
        let (op, object) = if delta {
            let op = value.get("op").and_then(Value::as_str).unwrap_or("").to_string();
            match value.get("entity").and_then(Value::as_object) {
                Some(object) => (op, object),
                None => {
                    ctx.error(Some(line_no), None, "delta line without an entity".to_string());
                    continue;
                }
            }
        } else {
            match value.as_object() {
                Some(object) => (String::new(), object),
                None => {
                    ctx.error(Some(line_no), None, "line is not a JSON object".to_string());
                    continue;
                }
            }
        };
        let id = object.get("id").and_then(Value::as_str).map(str::trim).unwrap_or("");
        if id.is_empty() {
            ctx.error(Some(line_no), None, "entity without an id".to_string());
            continue;
        }
        for key in ["last_seen", "last_change"] {
            if let Some(seen) = object.get(key).and_then(Value::as_str) {
                if !matches!(latest_seen.as_deref(), Some(l) if seen <= l) {
                    latest_seen = Some(seen.to_string());
                }
                break;
            }
        }
        if let Some(datasets) = object.get("datasets").and_then(Value::as_array) {
            let datasets: Vec<String> =
                datasets.iter().filter_map(Value::as_str).map(str::to_string).collect();
            match &mut common {
                None => common = Some(datasets),
                Some(common) => common.retain(|d| datasets.contains(d)),
            }
        }
        if delta {
            match op.as_str() {
                "DEL" => {
                    ops.push(DeltaOp::Delete(id.to_string()));
                    continue;
                }
                "ADD" | "MOD" => {}
                other => {
                    let shown: String = other.chars().take(20).collect();
                    ctx.error(Some(line_no), Some(id), format!("unknown delta op {shown:?}"));
                    continue;
                }
            }
        }
        let schema_name = object.get("schema").and_then(Value::as_str).unwrap_or("");
        if schema_name == "Address" {
            if let Some(address) = address_entity(object) {
                addresses.insert(id.to_string(), address);
            }
        }
        let Some(schema) = thing_schema(schema_name) else {
            if schema_name.is_empty() {
                ctx.error(Some(line_no), Some(id), "entity without a schema".to_string());
            } else {
                ctx.skip(&format!("schema {schema_name}"));
            }
            continue;
        };
        let entity = match entity(object, id, schema, "") {
            Ok(entity) => entity,
            Err(message) => {
                ctx.error(Some(line_no), Some(id), message);
                continue;
            }
        };
        let refs = string_values(object, "addressEntity");
        let at = if delta { ops.len() } else { entities.len() };
        if !refs.is_empty() {
            references.push((at, refs));
        }
        if delta {
            ops.push(DeltaOp::Upsert(entity));
        } else {
            entities.push(entity);
        }
    }

    let version = file_version.or(latest_seen).unwrap_or_else(|| content_hash(bytes));
    // An entity file of one dataset is that list. A delta file is always
    // "opensanctions": yente's deltas are of a collection, and a chain of
    // them must keep one name even when one step touches a single dataset.
    let list = match common.as_deref() {
        Some([only]) if !delta => only.clone(),
        _ => "opensanctions".to_string(),
    };
    for entity in entities.iter_mut().chain(ops.iter_mut().filter_map(|op| match op {
        DeltaOp::Upsert(entity) => Some(entity),
        DeltaOp::Delete(_) => None,
    })) {
        entity.provenance.version.clone_from(&version);
        entity.provenance.list.clone_from(&list);
    }
    for (at, refs) in references {
        let target = if delta {
            match ops.get_mut(at) {
                Some(DeltaOp::Upsert(entity)) => entity,
                _ => continue,
            }
        } else {
            match entities.get_mut(at) {
                Some(entity) => entity,
                None => continue,
            }
        };
        for reference in refs {
            if let Some(address) = addresses.get(&reference) {
                if !target.addresses.contains(address) {
                    target.addresses.push(address.clone());
                }
            }
        }
    }
    let contents = if delta { Contents::Delta(ops) } else { Contents::Full(entities) };
    Ok(Parsed { list, version, contents })
}

/// The vigil schema of an FtM schema that names a thing vigil screens.
fn thing_schema(name: &str) -> Option<Schema> {
    match name {
        "Person" => Some(Schema::Person),
        "Organization" => Some(Schema::Organization),
        "Company" | "PublicBody" => Some(Schema::Company),
        "LegalEntity" => Some(Schema::LegalEntity),
        "Vessel" => Some(Schema::Vessel),
        "Airplane" | "Aircraft" => Some(Schema::Aircraft),
        _ => None,
    }
}

/// The values of a property, trimmed and non-empty. Non-string values are
/// ignored.
fn string_values(object: &Map<String, Value>, property: &str) -> Vec<String> {
    object
        .get("properties")
        .and_then(|p| p.get(property))
        .and_then(Value::as_array)
        .map(|values| {
            values
                .iter()
                .filter_map(Value::as_str)
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

fn address_entity(object: &Map<String, Value>) -> Option<Address> {
    let full = string_values(object, "full")
        .into_iter()
        .next()
        .or_else(|| object.get("caption").and_then(Value::as_str).map(str::to_string))?;
    let country = string_values(object, "country").into_iter().next();
    Some(Address {
        full: collapse_whitespace(&full),
        country: country.as_deref().and_then(crate::util::country).map(str::to_string),
    })
}

/// Converts one FtM entity of a thing schema.
fn entity(
    object: &Map<String, Value>,
    id: &str,
    schema: Schema,
    version: &str,
) -> Result<Entity, String> {
    let values = |property: &str| string_values(object, property);
    let names = values("name");
    let caption = object
        .get("caption")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_string)
        .or_else(|| names.first().cloned())
        .ok_or("entity without a caption or name")?;
    // The list is set once the whole file is read.
    let mut entity = Entity::new(id, schema, &caption, Provenance::new("", id, version));
    for name in &names {
        entity.add_name(name, NameKind::StrongAlias);
    }
    for name in values("alias") {
        entity.add_name(&name, NameKind::StrongAlias);
    }
    for property in ["weakAlias", "previousName"] {
        for name in values(property) {
            entity.add_name(&name, NameKind::WeakAlias);
        }
    }
    for property in ["birthDate", "incorporationDate"] {
        for date in values(property) {
            if let Some(date) = PartialDate::parse_iso(&date) {
                entity.add_birth_date(date);
            }
        }
    }
    for place in values("birthPlace") {
        push_unique(&mut entity.birth_places, &place);
    }
    for property in ["nationality", "citizenship"] {
        for country in values(property) {
            crate::util::add_nationality(&mut entity, &country);
        }
    }
    for property in ["country", "jurisdiction", "mainCountry"] {
        for country in values(property) {
            crate::util::add_country(&mut entity, &country);
        }
    }
    let identifiers: [(&str, IdKind); 11] = [
        ("imoNumber", IdKind::Imo),
        ("mmsi", IdKind::Mmsi),
        ("mmsiNumber", IdKind::Mmsi),
        ("callSign", IdKind::CallSign),
        ("passportNumber", IdKind::Passport),
        ("idNumber", IdKind::NationalId),
        ("registrationNumber", IdKind::Registration),
        ("taxNumber", IdKind::TaxId),
        ("innCode", IdKind::TaxId),
        ("swiftBic", IdKind::SwiftBic),
        ("ogrnCode", IdKind::Registration),
    ];
    for (property, kind) in identifiers {
        for value in values(property) {
            entity.add_identifier(kind, &value);
        }
    }
    match values("gender").first().map(|g| g.to_ascii_lowercase()).as_deref() {
        Some("male") => entity.gender = Some(Gender::Male),
        Some("female") => entity.gender = Some(Gender::Female),
        _ => {}
    }
    for property in ["title", "position"] {
        for title in values(property) {
            push_unique(&mut entity.titles, &title);
        }
    }
    if matches!(schema, Schema::Vessel | Schema::Aircraft) {
        let first = |property: &str| values(property).into_iter().next();
        entity.vessel.flag =
            first("flag").as_deref().and_then(crate::util::country).map(str::to_string);
        entity.vessel.vessel_type = first("type").or_else(|| first("model"));
        entity.vessel.tonnage = first("tonnage").or_else(|| first("deadweightTonnage"));
        entity.vessel.gross_tonnage = first("grossRegisteredTonnage");
        entity.vessel.owner = first("owner").filter(|o| !o.starts_with("NK-"));
    }
    for property in ["program", "programId"] {
        for program in values(property) {
            entity.add_program(&program);
        }
    }
    let notes = values("notes");
    if !notes.is_empty() {
        entity.remarks = Some(notes.join("\n"));
    }
    for address in values("address") {
        let address = Address { full: collapse_whitespace(&address), country: None };
        if !entity.addresses.contains(&address) {
            entity.addresses.push(address);
        }
    }
    Ok(entity)
}
