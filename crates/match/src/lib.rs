//! The screening engine: how alike are two names or entities, and which listed
//! entities could this query be?
//!
//! CONTRACT (agreed between crates; the implementation fills it in):
//! - [`translit`]: any script to Latin (Hangul in Revised Romanization and
//!   McCune–Reischauer, Cyrillic in the common systems, Greek, Armenian,
//!   Georgian, and others where safe).
//! - [`compare_names`]: a score in [0, 1] for two names of a schema.
//! - [`Index`]: built once from entities, searched many times with a [`Query`],
//!   returning [`Hit`]s that each carry an [`Explanation`].
//!
//! This crate reads no files and does no IO.
#![deny(missing_docs)]

pub mod align;
pub mod jaro;
pub mod korean;
pub mod legal;
pub mod normalize;
pub mod phonetic;
pub mod prepare;
pub mod score;
pub mod translit;

use serde::Serialize;
use vigil_model::{Entity, Gender, PartialDate, Schema};

/// The score at and above which `vigil screen` reports a hit and
/// `vigil compare --pairs` says `match`.
pub const DEFAULT_THRESHOLD: f64 = 0.8;

/// What a user screens: one or more names plus optional qualifiers.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Query {
    /// The schema the query is about, when known (restricts candidates).
    pub schema: Option<Schema>,
    /// Names to screen (any script). At least one name or identifier is needed.
    pub names: Vec<String>,
    /// Date of birth (persons) or incorporation.
    pub birth_date: Option<PartialDate>,
    /// Countries (ISO codes) of nationality, residence or flag.
    pub countries: Vec<String>,
    /// Gender, for persons.
    pub gender: Option<Gender>,
    /// IMO number (vessels and shipping companies).
    pub imo: Option<String>,
    /// MMSI (vessels).
    pub mmsi: Option<String>,
    /// Other identifiers (registration, passport, tax ID), compared exactly
    /// after normalisation.
    pub identifiers: Vec<String>,
}

/// Search parameters.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchOptions {
    /// Hits below this score are dropped.
    pub threshold: f64,
    /// At most this many hits, best first.
    pub limit: usize,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions { threshold: DEFAULT_THRESHOLD, limit: 10 }
    }
}

/// One feature's part in a score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Feature {
    /// The feature's name, e.g. `name_jaro_winkler`, `imo_exact`, `dob_mismatch`.
    pub name: String,
    /// Its value or its effect on the score.
    pub score: f64,
    /// A short human-readable note.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub detail: String,
}

/// Why a hit scored as it did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explanation {
    /// The query name that matched best.
    pub query_name: String,
    /// The listed name or alias it matched.
    pub matched_name: String,
    /// Whether that listed name is the primary name, a strong or a weak alias.
    pub matched_name_kind: vigil_model::NameKind,
    /// How: `identifier`, `exact`, `transliterated`, `fuzzy`, `token_set` ...
    pub method: String,
    /// Every feature that contributed, with its score.
    pub features: Vec<Feature>,
}

/// One candidate entity with its score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    /// Position of the entity in the index (see [`Index::entity`]).
    pub entity: usize,
    /// The final score in [0, 1].
    pub score: f64,
    /// Why.
    pub explanation: Explanation,
}

/// In-memory candidate index over listed entities.
pub struct Index {
    entities: Vec<Entity>,
}

impl Index {
    /// Builds the index; no query afterwards scans every name.
    pub fn build(entities: Vec<Entity>) -> Index {
        let _ = &entities;
        unimplemented!("filled in by the matcher implementation")
    }

    /// The entity at a hit's position.
    pub fn entity(&self, position: usize) -> &Entity {
        &self.entities[position]
    }

    /// Number of indexed entities.
    pub fn len(&self) -> usize {
        self.entities.len()
    }

    /// Whether the index is empty.
    pub fn is_empty(&self) -> bool {
        self.entities.is_empty()
    }

    /// Screens one query; hits best first.
    pub fn search(&self, query: &Query, options: &SearchOptions) -> Vec<Hit> {
        let _ = (query, options);
        unimplemented!("filled in by the matcher implementation")
    }
}

/// Scores two names of the given schema (or of unknown schema) in [0, 1].
pub fn compare_names(schema: Option<Schema>, left: &str, right: &str) -> f64 {
    let class = prepare::NameClass::of(schema);
    let left = prepare::prepare(left, class);
    let right = prepare::prepare(right, class);
    // Two names in the same CJK script are compared character by character
    // only; names in other scripts as transliterated and, when both are in
    // non-Latin scripts, also as written.
    let cjk = prepare::has_native_cjk(&left) && prepare::has_native_cjk(&right);
    let mut best = 0.0f64;
    for l in &left {
        let lt = l.toks();
        for r in &right {
            if l.native != r.native || (cjk && !l.native) {
                continue;
            }
            let rt = r.toks();
            best = best.max(score::compare_toks(&lt, &rt, class).score);
        }
    }
    best
}
