//! The shared vocabulary of vigil: what a listed entity is, what its names,
//! identifiers and dates look like, and where each record came from.
//!
//! Every other vigil crate depends on this one, and this one depends on no
//! other vigil crate and does no IO. The types follow FollowTheMoney's schemas
//! (Person, Organization, Company, Vessel, Aircraft) closely enough that an
//! entity can be written out as FtM JSON without loss of the fields vigil uses.
//!
//! # Principal types
//! - [`Entity`]: one record of one list, with its [`Provenance`].
//! - [`Name`] and [`NameKind`]: the primary name and aliases (strong or weak).
//! - [`Identifier`] and [`IdKind`]: IMO, MMSI, passport and the like.
//!   [`imo_is_valid`] checks an IMO number's check digit.
//! - [`PartialDate`]: a date that may lack its month or day, as lists often do.
//!
//! # Example
//! ```
//! use vigil_model::{Entity, Schema, Provenance, imo_is_valid};
//! let mut vessel = Entity::new(
//!     "ofac-sdn-12345",
//!     Schema::Vessel,
//!     "CHON MA SAN",
//!     Provenance::new("us_ofac_sdn", "12345", "2024-05-03"),
//! );
//! vessel.add_identifier(vigil_model::IdKind::Imo, "8660313");
//! assert!(imo_is_valid("8660313"));
//! assert_eq!(vessel.imo().as_deref(), Some("8660313"));
//! ```
#![deny(missing_docs)]

mod country;
mod date;
mod ident;

use serde::{Deserialize, Serialize};

pub use country::{country_code, country_name, country_spellings};
pub use date::PartialDate;
pub use ident::{imo_is_valid, mmsi_is_valid, normalize_imo};

/// The kind of thing an entity is, after FollowTheMoney's schemata.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Schema {
    /// A natural person.
    Person,
    /// Any organisation that is not known to be a registered company.
    Organization,
    /// A registered business.
    Company,
    /// A legal entity of unknown kind (FtM's `LegalEntity`).
    LegalEntity,
    /// A ship, identified by IMO number and/or MMSI.
    Vessel,
    /// An aircraft, identified by registration and serial number.
    Aircraft,
}

impl Schema {
    /// The FtM schema name, e.g. `"Person"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Schema::Person => "Person",
            Schema::Organization => "Organization",
            Schema::Company => "Company",
            Schema::LegalEntity => "LegalEntity",
            Schema::Vessel => "Vessel",
            Schema::Aircraft => "Aircraft",
        }
    }

    /// Parses an FtM schema name, case-insensitively. Unknown names give `None`.
    pub fn parse(name: &str) -> Option<Schema> {
        let schema = match name.trim().to_ascii_lowercase().as_str() {
            "person" | "individual" => Schema::Person,
            "organization" | "organisation" | "entity" => Schema::Organization,
            "company" => Schema::Company,
            "legalentity" | "legal_entity" => Schema::LegalEntity,
            "vessel" | "ship" => Schema::Vessel,
            "aircraft" | "airplane" => Schema::Aircraft,
            _ => return None,
        };
        Some(schema)
    }

    /// Whether entities of the two schemata could be the same thing. Company,
    /// Organization and LegalEntity overlap in practice, the others do not.
    pub fn is_compatible(self, other: Schema) -> bool {
        self == other || (self.is_organization_like() && other.is_organization_like())
    }

    /// Company, Organization and LegalEntity.
    pub fn is_organization_like(self) -> bool {
        matches!(self, Schema::Organization | Schema::Company | Schema::LegalEntity)
    }
}

impl std::fmt::Display for Schema {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How strongly a name belongs to an entity.
///
/// OFAC and the UN distinguish "strong" a.k.a.s from "weak" ones (f.k.a.,
/// low-quality aliases); a weak alias alone should never produce a confident
/// match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NameKind {
    /// The name the list files the entity under.
    Primary,
    /// A good-quality alias (a.k.a.).
    StrongAlias,
    /// A low-quality alias, or a former name (f.k.a.).
    WeakAlias,
}

/// One name of an entity.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Name {
    /// The name as the list spells it.
    pub value: String,
    /// Primary name, strong alias or weak alias.
    pub kind: NameKind,
}

/// The kinds of identifier vigil distinguishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IdKind {
    /// IMO ship or company number (seven digits with a check digit for ships).
    Imo,
    /// Maritime Mobile Service Identity (nine digits).
    Mmsi,
    /// Radio call sign.
    CallSign,
    /// Passport number.
    Passport,
    /// National identity number.
    NationalId,
    /// Company or aircraft registration number.
    Registration,
    /// Tax identification number.
    TaxId,
    /// SWIFT/BIC code.
    SwiftBic,
    /// Any other identifier; its `note` says what it is.
    Other,
}

/// One identifier of an entity.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Identifier {
    /// What kind of identifier this is.
    pub kind: IdKind,
    /// The identifier, with spacing normalised but not otherwise altered.
    pub value: String,
    /// The issuing country (ISO 3166-1 alpha-2, lower case) when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// What the list says about it, e.g. "Tax ID No." or "issued 2010".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A postal address, kept as the list gives it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Address {
    /// The whole address on one line.
    pub full: String,
    /// The country (ISO 3166-1 alpha-2, lower case) when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
}

/// Sex as recorded by the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Gender {
    /// Male.
    Male,
    /// Female.
    Female,
}

/// What lists record about a ship beyond its names and identifiers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct VesselInfo {
    /// Flag state (ISO 3166-1 alpha-2, lower case) when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flag: Option<String>,
    /// Ship type as the list gives it, e.g. "Crude Oil Tanker".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vessel_type: Option<String>,
    /// Tonnage as the list gives it (deadweight unless stated otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tonnage: Option<String>,
    /// Gross registered tonnage.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gross_tonnage: Option<String>,
    /// The registered owner, as a name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
}

impl VesselInfo {
    /// True when no field is set.
    pub fn is_empty(&self) -> bool {
        *self == VesselInfo::default()
    }
}

/// A relation to another party, e.g. OFAC's "Linked To: X".
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Link {
    /// The other party's name as the list writes it.
    pub name: String,
    /// The other party's entity ID when it could be resolved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity_id: Option<String>,
    /// The kind of relation ("linked_to", "owner", "associate", ...).
    pub relation: String,
}

/// Where one entity record came from.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Provenance {
    /// The list's stable name, e.g. `us_ofac_sdn`, `un_sc`, `gb_ofsi`.
    pub list: String,
    /// The record's own ID in that list (OFAC ent_num, UN reference number,
    /// OFSI group ID, FtM id).
    pub record_id: String,
    /// The list version: the publication date or the version the file states.
    pub version: String,
}

impl Provenance {
    /// Builds a provenance from its three parts.
    pub fn new(list: &str, record_id: &str, version: &str) -> Provenance {
        Provenance {
            list: list.to_string(),
            record_id: record_id.to_string(),
            version: version.to_string(),
        }
    }
}

/// One listed party: a person, organisation, company, vessel or aircraft.
///
/// Collections are kept in list order without duplicates; use the `add_*`
/// methods, which skip blanks and repeats.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// vigil's ID for the record: `<list>-<record_id>`, stable across versions.
    pub id: String,
    /// The FtM schema.
    pub schema: Schema,
    /// The display name (the primary name as listed).
    pub caption: String,
    /// Every name, the primary one first.
    pub names: Vec<Name>,
    /// Identifiers such as IMO, MMSI or passport numbers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub identifiers: Vec<Identifier>,
    /// Dates of birth (persons) or incorporation (organisations).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub birth_dates: Vec<PartialDate>,
    /// Places of birth as written.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub birth_places: Vec<String>,
    /// Nationalities / citizenships (ISO 3166-1 alpha-2, lower case).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub nationalities: Vec<String>,
    /// Other countries linked to the entity: residence, jurisdiction (ISO codes).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub countries: Vec<String>,
    /// Addresses.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub addresses: Vec<Address>,
    /// Sex, for persons, when the list gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<Gender>,
    /// Titles and positions ("General", "Minister of ...").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub titles: Vec<String>,
    /// Vessel details, for vessels (and aircraft type/tonnage where given).
    #[serde(default, skip_serializing_if = "VesselInfo::is_empty")]
    pub vessel: VesselInfo,
    /// Sanctions programs / regimes, e.g. `DPRK3`, `RUSSIA-EO14024`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub programs: Vec<String>,
    /// The date the record was first listed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub listed_on: Option<PartialDate>,
    /// Free-text remarks as the list gives them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remarks: Option<String>,
    /// Relations to other parties.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<Link>,
    /// Where the record came from.
    pub provenance: Provenance,
}

impl Entity {
    /// A new entity with one primary name and nothing else.
    pub fn new(id: &str, schema: Schema, caption: &str, provenance: Provenance) -> Entity {
        let mut entity = Entity {
            id: id.to_string(),
            schema,
            caption: caption.trim().to_string(),
            names: Vec::new(),
            identifiers: Vec::new(),
            birth_dates: Vec::new(),
            birth_places: Vec::new(),
            nationalities: Vec::new(),
            countries: Vec::new(),
            addresses: Vec::new(),
            gender: None,
            titles: Vec::new(),
            vessel: VesselInfo::default(),
            programs: Vec::new(),
            listed_on: None,
            remarks: None,
            links: Vec::new(),
            provenance,
        };
        entity.add_name(caption, NameKind::Primary);
        entity
    }

    /// Adds a name unless it is blank or already present (a repeat with a
    /// stronger kind upgrades the existing one).
    pub fn add_name(&mut self, value: &str, kind: NameKind) {
        let value = collapse_whitespace(value);
        if value.is_empty() {
            return;
        }
        if let Some(existing) = self.names.iter_mut().find(|n| n.value == value) {
            existing.kind = existing.kind.min(kind);
            return;
        }
        self.names.push(Name { value, kind });
    }

    /// Adds an identifier unless blank or already present. IMO numbers are
    /// stored as their seven digits.
    pub fn add_identifier(&mut self, kind: IdKind, value: &str) -> &mut Identifier {
        let mut value = collapse_whitespace(value);
        if kind == IdKind::Imo {
            if let Some(digits) = normalize_imo(&value) {
                value = digits;
            }
        }
        let index = match self.identifiers.iter().position(|i| i.kind == kind && i.value == value) {
            Some(index) => index,
            None => {
                self.identifiers.push(Identifier { kind, value, country: None, note: None });
                self.identifiers.len() - 1
            }
        };
        &mut self.identifiers[index]
    }

    /// Adds a program unless blank or already present.
    pub fn add_program(&mut self, program: &str) {
        push_unique(&mut self.programs, program.trim());
    }

    /// Adds a nationality, given as an ISO code or a country name.
    pub fn add_nationality(&mut self, country: &str) {
        if let Some(code) = country_code(country) {
            push_unique(&mut self.nationalities, code);
        }
    }

    /// Adds a linked country, given as an ISO code or a country name.
    pub fn add_country(&mut self, country: &str) {
        if let Some(code) = country_code(country) {
            push_unique(&mut self.countries, code);
        }
    }

    /// Adds a birth date unless already present.
    pub fn add_birth_date(&mut self, date: PartialDate) {
        if !self.birth_dates.contains(&date) {
            self.birth_dates.push(date);
        }
    }

    /// The first identifier of a kind.
    pub fn identifier(&self, kind: IdKind) -> Option<&str> {
        self.identifiers.iter().find(|i| i.kind == kind).map(|i| i.value.as_str())
    }

    /// Every identifier of a kind.
    pub fn identifiers_of(&self, kind: IdKind) -> impl Iterator<Item = &str> {
        self.identifiers.iter().filter(move |i| i.kind == kind).map(|i| i.value.as_str())
    }

    /// The entity's IMO number, if it has one.
    pub fn imo(&self) -> Option<String> {
        self.identifier(IdKind::Imo).map(str::to_string)
    }

    /// All countries of any kind: nationality, linked countries, address
    /// countries and the flag.
    pub fn all_countries(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        let candidates = self
            .nationalities
            .iter()
            .chain(self.countries.iter())
            .chain(self.addresses.iter().filter_map(|a| a.country.as_ref()))
            .chain(self.vessel.flag.iter());
        for code in candidates {
            if !out.contains(&code.as_str()) {
                out.push(code);
            }
        }
        out
    }
}

/// Trims and folds runs of whitespace into one space.
pub fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

fn push_unique(values: &mut Vec<String>, value: &str) {
    if !value.is_empty() && !values.iter().any(|v| v == value) {
        values.push(value.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_deduplicated_and_upgraded() {
        let mut e =
            Entity::new("x-1", Schema::Person, "KIM Jong Un", Provenance::new("x", "1", "v"));
        e.add_name("Kim  Jong Un", NameKind::WeakAlias);
        e.add_name("KIM Jong Un", NameKind::StrongAlias);
        e.add_name("  ", NameKind::StrongAlias);
        assert_eq!(e.names.len(), 2);
        assert_eq!(e.names[0].kind, NameKind::Primary);
        assert_eq!(e.names[1].value, "Kim Jong Un");
        e.add_name("Kim Jong Un", NameKind::StrongAlias);
        assert_eq!(e.names[1].kind, NameKind::StrongAlias);
    }

    #[test]
    fn schema_compatibility() {
        assert!(Schema::Company.is_compatible(Schema::Organization));
        assert!(!Schema::Vessel.is_compatible(Schema::Company));
        assert_eq!(Schema::parse("vessel"), Some(Schema::Vessel));
        assert_eq!(Schema::parse("spaceship"), None);
    }

    #[test]
    fn entity_round_trips_through_json() {
        let mut e = Entity::new("x-1", Schema::Vessel, "NAM SAN 8", Provenance::new("x", "1", "v"));
        e.add_identifier(IdKind::Imo, "IMO 8122347");
        e.vessel.flag = Some("kp".into());
        let json = serde_json::to_string(&e).unwrap();
        let back: Entity = serde_json::from_str(&json).unwrap();
        assert_eq!(back, e);
        assert_eq!(back.imo().as_deref(), Some("8122347"));
    }
}
