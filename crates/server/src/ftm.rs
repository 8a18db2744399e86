//! FollowTheMoney JSON, the shape yente speaks: entities out as
//! `{id, caption, schema, properties, datasets, ...}`, and match queries in
//! as `{schema, properties: {name: [...], birthDate: [...], ...}}`.
//!
//! Only the properties vigil's model holds are written, under their FtM
//! names; a query's properties that the matcher cannot use are ignored, as
//! yente ignores properties its matcher has no feature for.

use serde_json::{json, Map, Value};
use vigil_match::Query;
use vigil_model::{Entity, Gender, IdKind, NameKind, PartialDate, Schema};

/// Most properties a query may have, values per property, and characters
/// per value; beyond them a query is refused rather than truncated.
pub const MAX_PROPERTIES: usize = 50;
/// Most values one query property may have.
pub const MAX_VALUES: usize = 20;
/// Most characters of one query value.
pub const MAX_VALUE_CHARS: usize = 500;

/// An entity as FtM JSON (yente's `EntityResponse`).
pub fn entity_json(entity: &Entity, target: bool) -> Value {
    let mut properties: Map<String, Value> = Map::new();
    let mut push = |key: &str, value: &str| {
        let value = value.trim();
        if value.is_empty() {
            return;
        }
        let values = properties.entry(key.to_string()).or_insert_with(|| Value::Array(Vec::new()));
        if let Value::Array(values) = values {
            if !values.iter().any(|v| v == value) {
                values.push(Value::String(value.to_string()));
            }
        }
    };
    for name in &entity.names {
        let key = match name.kind {
            NameKind::Primary => "name",
            NameKind::StrongAlias => "alias",
            NameKind::WeakAlias => "weakAlias",
        };
        push(key, &name.value);
    }
    for identifier in &entity.identifiers {
        let key = match identifier.kind {
            IdKind::Imo => "imoNumber",
            IdKind::Mmsi => "mmsi",
            IdKind::CallSign => "callSign",
            IdKind::Passport => "passportNumber",
            IdKind::NationalId => "idNumber",
            IdKind::Registration => "registrationNumber",
            IdKind::TaxId => "taxNumber",
            IdKind::SwiftBic => "swiftBic",
            IdKind::Other => "idNumber",
        };
        push(key, &identifier.value);
    }
    let date_key = if entity.schema == Schema::Person { "birthDate" } else { "incorporationDate" };
    for date in &entity.birth_dates {
        push(date_key, &date.to_string());
    }
    for place in &entity.birth_places {
        push("birthPlace", place);
    }
    for country in &entity.nationalities {
        push("nationality", country);
    }
    let country_key = if entity.schema == Schema::Vessel { "flag" } else { "country" };
    for country in &entity.countries {
        push(country_key, country);
    }
    if let Some(flag) = &entity.vessel.flag {
        push("flag", flag);
    }
    if let Some(kind) = &entity.vessel.vessel_type {
        push("type", kind);
    }
    if let Some(tonnage) = &entity.vessel.tonnage {
        push("tonnage", tonnage);
    }
    if let Some(tonnage) = &entity.vessel.gross_tonnage {
        push("grossRegisteredTonnage", tonnage);
    }
    for address in &entity.addresses {
        push("address", &address.full);
    }
    match entity.gender {
        Some(Gender::Male) => push("gender", "male"),
        Some(Gender::Female) => push("gender", "female"),
        None => {}
    }
    for title in &entity.titles {
        push("position", title);
    }
    for program in &entity.programs {
        push("program", program);
    }
    if let Some(remarks) = &entity.remarks {
        push("notes", remarks);
    }
    if target {
        push("topics", "sanction");
    }
    json!({
        "id": entity.id,
        "caption": entity.caption,
        "schema": entity.schema.as_str(),
        "properties": properties,
        "datasets": [entity.provenance.list],
        "referents": [],
        "target": target,
        "first_seen": entity.listed_on.map(|d| d.to_string()),
        "last_seen": Value::Null,
        "last_change": Value::Null,
        "provenance": entity.provenance,
    })
}

/// Why a yente query was refused.
#[derive(Debug, thiserror::Error)]
pub enum QueryError {
    /// The `schema` is not one vigil knows.
    #[error("unknown schema {0:?} (expected Person, Organization, Company, LegalEntity, Vessel, Aircraft or Thing)")]
    Schema(String),
    /// A property value is neither a string nor a list of strings, or too long.
    #[error("property {0:?}: {1}")]
    Property(String, String),
    /// Nothing to match on.
    #[error("the query has no name and no identifier to match on")]
    Empty,
}

/// Turns a yente `EntityExample` (`{schema, properties}`) into a matcher
/// query.
pub fn query_from_example(example: &Map<String, Value>) -> Result<Query, QueryError> {
    let schema_name = example.get("schema").and_then(Value::as_str).unwrap_or("Thing");
    let schema = match schema_name {
        "Thing" | "" => None,
        name => Some(Schema::parse(name).ok_or_else(|| QueryError::Schema(truncate(name)))?),
    };
    let mut query = Query { schema, ..Query::default() };
    let properties = match example.get("properties") {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(properties)) => properties.clone(),
        Some(_) => {
            return Err(QueryError::Property("properties".into(), "must be an object".into()))
        }
    };
    if properties.len() > MAX_PROPERTIES {
        return Err(QueryError::Property(
            "properties".into(),
            format!("more than {MAX_PROPERTIES} properties"),
        ));
    }
    for (key, value) in &properties {
        let values = property_values(key, value)?;
        for value in values {
            apply_property(&mut query, key, &value)?;
        }
    }
    if query.names.is_empty()
        && query.imo.is_none()
        && query.mmsi.is_none()
        && query.identifiers.is_empty()
    {
        return Err(QueryError::Empty);
    }
    Ok(query)
}

fn property_values(key: &str, value: &Value) -> Result<Vec<String>, QueryError> {
    let bad = |why: String| QueryError::Property(truncate(key), why);
    let values: Vec<&Value> = match value {
        Value::Array(values) => values.iter().collect(),
        other => vec![other],
    };
    if values.len() > MAX_VALUES {
        return Err(bad(format!("more than {MAX_VALUES} values")));
    }
    let mut out = Vec::new();
    for value in values {
        let text = match value {
            Value::String(text) => text.clone(),
            Value::Number(number) => number.to_string(),
            Value::Null => continue,
            _ => return Err(bad("values must be strings".into())),
        };
        if text.chars().count() > MAX_VALUE_CHARS {
            return Err(bad(format!("a value is longer than {MAX_VALUE_CHARS} characters")));
        }
        if !text.trim().is_empty() {
            out.push(text.trim().to_string());
        }
    }
    Ok(out)
}

fn apply_property(query: &mut Query, key: &str, value: &str) -> Result<(), QueryError> {
    match key {
        "name" | "alias" | "previousName" | "weakAlias" | "firstName" | "lastName" => {
            query.names.push(value.to_string())
        }
        "birthDate" | "incorporationDate" if query.birth_date.is_none() => {
            query.birth_date = PartialDate::parse_iso(value.get(..10).unwrap_or(value));
        }
        "nationality"
        | "citizenship"
        | "country"
        | "jurisdiction"
        | "flag"
        | "registrationCountry" => {
            if let Some(code) = vigil_model::country_code(value) {
                if !query.countries.iter().any(|c| c == code) {
                    query.countries.push(code.to_string());
                }
            }
        }
        "gender" => {
            query.gender = match value.to_ascii_lowercase().as_str() {
                "male" | "m" => Some(Gender::Male),
                "female" | "f" => Some(Gender::Female),
                _ => None,
            }
        }
        "imoNumber" => query.imo = Some(value.to_string()),
        "mmsi" => query.mmsi = Some(value.to_string()),
        "registrationNumber" | "idNumber" | "passportNumber" | "taxNumber" | "swiftBic"
        | "innCode" | "ogrnCode" | "leiCode" | "callSign" | "vatCode" => {
            query.identifiers.push(value.to_string())
        }
        _ => {}
    }
    Ok(())
}

fn truncate(text: &str) -> String {
    text.chars().take(80).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use vigil_model::Provenance;

    #[test]
    fn yente_query_becomes_matcher_query() {
        let example = json!({"schema": "Person", "properties": {
            "name": ["Kim Jong Un"], "birthDate": ["1984-01-08"], "nationality": "kp",
            "passportNumber": ["123"], "unknownProp": ["x"]}});
        let query = query_from_example(example.as_object().unwrap()).unwrap();
        assert_eq!(query.schema, Some(Schema::Person));
        assert_eq!(query.names, vec!["Kim Jong Un"]);
        assert_eq!(query.birth_date.map(|d| d.to_string()).as_deref(), Some("1984-01-08"));
        assert_eq!(query.countries, vec!["kp"]);
        assert_eq!(query.identifiers, vec!["123"]);
    }

    #[test]
    fn bad_queries_are_refused() {
        for bad in [
            json!({"schema": "Planet", "properties": {"name": ["x"]}}),
            json!({"schema": "Person", "properties": {}}),
            json!({"schema": "Person", "properties": {"name": [{"nested": 1}]}}),
            json!({"schema": "Person", "properties": "name"}),
            json!({"schema": "Person", "properties": {"name": ["x".repeat(501)]}}),
        ] {
            assert!(query_from_example(bad.as_object().unwrap()).is_err(), "{bad}");
        }
    }

    #[test]
    fn entity_properties_use_ftm_names() {
        let mut vessel =
            Entity::new("x-1", Schema::Vessel, "CHON MA SAN", Provenance::new("x", "1", "v"));
        vessel.add_identifier(IdKind::Imo, "8660313");
        vessel.add_name("CHONMASAN", NameKind::WeakAlias);
        let value = entity_json(&vessel, true);
        assert_eq!(value["properties"]["imoNumber"], json!(["8660313"]));
        assert_eq!(value["properties"]["weakAlias"], json!(["CHONMASAN"]));
        assert_eq!(value["datasets"], json!(["x"]));
        assert_eq!(value["schema"], "Vessel");
    }
}
