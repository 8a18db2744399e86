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
//! - [`compare_entities`]: one query against one entity, as a search would
//!   score it.
//!
//! # How a name comparison works
//! 1. [`prepare`]: NFKC, case folding, diacritics, punctuation
//!    ([`normalize`]); non-Latin names become several Latin variants
//!    ([`translit`]); words are classified as names, initials, numbers,
//!    particles, legal forms or titles ([`legal`]).
//! 2. [`align`]: each token pairs with its best unused counterpart, token
//!    order aside, by exact, Korean/CJK romanisation ([`korean`]), phonetic
//!    ([`phonetic`]) or edit-distance similarity with a length-dependent
//!    budget ([`jaro`]); runs of tokens may be joined (`Jong Un`/`Jongun`).
//! 3. [`score`]: the weighted share of aligned tokens, with conflicts
//!    (unmatched words on both sides) costing much and extras (words on one
//!    side) little for persons, plus penalties for different numbers,
//!    incompatible legal forms and swapped fathers' names.
//!
//! Entities add identifiers (an exact IMO/MMSI/registration match is
//! near-certain), birth dates, countries and gender; see [`Hit`]'s
//! explanation for every step.
//!
//! # Example
//! ```
//! use vigil_match::{compare_names, DEFAULT_THRESHOLD};
//! use vigil_model::Schema;
//! let s = compare_names(Some(Schema::Person), "Kim Chong-un", "KIM, Jong Un");
//! assert!(s >= DEFAULT_THRESHOLD);
//! let s = compare_names(Some(Schema::Vessel), "NAM SAN 8", "NAM SAN 3");
//! assert!(s < DEFAULT_THRESHOLD);
//! ```
//!
//! # Why the design
//! Candidates come from an inverted index of token keys ranked by IDF,
//! never from a scan, so a query costs tens of microseconds over tens of
//! thousands of entities; only the best few candidates are aligned in full.
//! The scoring rules are explicit and explainable rather than learned, so
//! that an analyst can see why a hit scored as it did.
//!
//! # References
//! - M. A. Jaro (1989) and W. E. Winkler (1990) for the string comparator
//!   ([`jaro::JaroWinkler`]).
//! - OFAC, "Sanctions List Search" (FAQ 249): fuzzy name matching combining
//!   Jaro–Winkler with Soundex, a user-set minimum score, and exact matching
//!   of identifiers; vigil's phonetic keys and identifier rule play the
//!   same parts.
//!
//! This crate reads no files and does no IO.
#![deny(missing_docs)]

pub mod align;
mod explain;
mod index;
pub mod jaro;
pub mod korean;
pub mod legal;
pub mod normalize;
pub mod phonetic;
pub mod prepare;
pub mod score;
pub mod translit;

use serde::Serialize;
use vigil_model::{Entity, Gender, IdKind, PartialDate, Schema};

/// The score at and above which `vigil screen` reports a hit and
/// `vigil compare --pairs` says `match`.
///
/// Calibrated on the nomenklatura name bench (826 labelled pairs): at 0.80
/// precision is 0.94, recall 0.83, F1 0.883; 0.78–0.82 give the same F1, lower
/// values admit more false positives (see `examples/name_bench.rs`).
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
///
/// Building prepares every name once (transliteration, tokens, keys) and
/// files its tokens in an inverted index; searching looks up the query's
/// keys, ranks candidate entities by a cheap IDF bound and scores only the
/// best few in full (see the `index` module for the design).
///
/// # Examples
/// ```
/// use vigil_match::{Index, Query, SearchOptions};
/// use vigil_model::{Entity, Provenance, Schema};
///
/// let entity = Entity::new("un-1", Schema::Person, "KIM JONG UN", Provenance::new("un_sc", "1", "v"));
/// let index = Index::build(vec![entity]);
/// let query = Query { names: vec!["Kim Chong-un".into()], ..Query::default() };
/// let hits = index.search(&query, &SearchOptions::default());
/// assert_eq!(hits.len(), 1);
/// assert_eq!(index.entity(hits[0].entity).id, "un-1");
/// ```
pub struct Index {
    entities: Vec<Entity>,
    candidates: index::CandidateIndex,
}

impl Index {
    /// Builds the index; no query afterwards scans every name.
    pub fn build(entities: Vec<Entity>) -> Index {
        let candidates = index::CandidateIndex::build(&entities);
        Index { entities, candidates }
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
        let class = prepare::NameClass::of(query.schema);
        let mut variants: Vec<prepare::Variant> = Vec::new();
        let mut variant_name: Vec<usize> = Vec::new();
        for (i, name) in query.names.iter().enumerate() {
            for v in prepare::prepare(name, class) {
                variants.push(v);
                variant_name.push(i);
            }
        }
        let accept = |e: u32| match query.schema {
            Some(schema) => schema.is_compatible(self.entities[e as usize].schema),
            None => true,
        };
        // Identifier hits.
        let mut id_hits: Vec<(u32, String)> = Vec::new();
        let mut id_keys: Vec<(String, String)> = Vec::new();
        if let Some(imo) = &query.imo {
            id_keys.push((index::id_key(Some(IdKind::Imo), imo), format!("IMO {imo}")));
        }
        if let Some(mmsi) = &query.mmsi {
            id_keys.push((index::id_key(Some(IdKind::Mmsi), mmsi), format!("MMSI {mmsi}")));
        }
        for ident in &query.identifiers {
            id_keys.push((index::id_key(None, ident), ident.clone()));
            id_keys.push((index::id_key(Some(IdKind::Imo), ident), format!("IMO {ident}")));
        }
        for (key, label) in &id_keys {
            for &e in self.candidates.by_identifier(key) {
                if accept(e) && !id_hits.iter().any(|(x, _)| *x == e) {
                    id_hits.push((e, label.clone()));
                }
            }
        }
        let mut entities: Vec<(u32, Option<Vec<u32>>)> =
            id_hits.iter().map(|(e, _)| (*e, None)).collect();
        if !variants.is_empty() {
            for c in self.candidates.candidates(&variants, &accept) {
                if !entities.iter().any(|(e, _)| *e == c.entity) {
                    entities.push((c.entity, Some(c.records)));
                }
            }
        }
        let mut hits: Vec<Hit> = Vec::new();
        let prepared = PreparedQuery::new(query, variants, variant_name);
        // Token views of the query variants, once per search.
        let query_toks = index::query_toks(&prepared.variants);
        let mut memo = index::SimMemo::default();
        for (e, records) in entities {
            let identifier = id_hits.iter().find(|(x, _)| *x == e).map(|(_, l)| l.clone());
            let threshold = options.threshold;
            if let Some(hit) = self.score_entity(
                e,
                records.as_deref(),
                &prepared,
                &query_toks,
                identifier,
                &mut memo,
                threshold,
            ) {
                if hit.score >= options.threshold {
                    hits.push(hit);
                }
            }
        }
        hits.sort_by(|a, b| {
            b.score
                .partial_cmp(&a.score)
                .unwrap_or(std::cmp::Ordering::Equal)
                .then(a.entity.cmp(&b.entity))
        });
        hits.truncate(options.limit);
        hits
    }

    #[allow(clippy::too_many_arguments)] // all per-search context, passed down
    fn score_entity(
        &self,
        e: u32,
        records: Option<&[u32]>,
        prepared: &PreparedQuery<'_>,
        query_toks: &[index::QueryToks<'_>],
        identifier: Option<String>,
        memo: &mut index::SimMemo,
        threshold: f64,
    ) -> Option<Hit> {
        let query = prepared.query;
        let (variants, variant_name) = (&prepared.variants, &prepared.variant_name);
        let entity = &self.entities[e as usize];
        let class = match query.schema {
            Some(_) => prepare::NameClass::of(query.schema),
            None => prepare::NameClass::of(Some(entity.schema)),
        };
        // The name score below which the entity cannot reach the threshold
        // (qualifiers other than a matching birth date only lower it; an
        // identifier match needs no name).
        let floor = if identifier.is_some() {
            0.0
        } else {
            let bonus = if query.birth_date.is_some() { explain::DOB_MATCH } else { 0.0 };
            threshold - bonus
        };
        let best = self
            .candidates
            .best_name(e, records, variants, query_toks, class, &entity.names, memo, floor)
            .map(|b| {
                let qn = variant_name.get(b.query_variant).copied().unwrap_or(0);
                (b, qn)
            });
        let name_score = best.as_ref().map_or(0.0, |(b, _)| b.adjusted);
        let quick = explain::quick_score(
            entity,
            query,
            &prepared.countries,
            name_score,
            identifier.is_some(),
        );
        if quick < threshold {
            return None;
        }
        let best = best.map(|(mut b, qn)| {
            self.candidates.describe(&mut b, variants);
            (b, qn)
        });
        explain::assemble(e as usize, entity, query, &prepared.countries, best, identifier)
    }
}

/// A query with its names prepared and its countries normalised, once per
/// search.
struct PreparedQuery<'q> {
    query: &'q Query,
    variants: Vec<prepare::Variant>,
    variant_name: Vec<usize>,
    countries: Vec<String>,
}

impl<'q> PreparedQuery<'q> {
    fn new(query: &'q Query, variants: Vec<prepare::Variant>, variant_name: Vec<usize>) -> Self {
        let countries = query.countries.iter().filter_map(|c| explain::country(c)).collect();
        PreparedQuery { query, variants, variant_name, countries }
    }
}

/// Scores a query against one entity, as [`Index::search`] would but without
/// a threshold; `None` when neither a name nor an identifier matches at all
/// or the schemata are incompatible.
///
/// # Examples
/// ```
/// use vigil_match::{compare_entities, Query};
/// use vigil_model::{Entity, IdKind, Provenance, Schema};
///
/// let mut vessel = Entity::new("x-1", Schema::Vessel, "CHON MA SAN", Provenance::new("x", "1", "v"));
/// vessel.add_identifier(IdKind::Imo, "8660313");
/// let query = Query { names: vec!["Some Other Name".into()], imo: Some("IMO 8660313".into()), ..Query::default() };
/// let hit = compare_entities(&query, &vessel).unwrap();
/// assert!(hit.score >= 0.99);
/// assert_eq!(hit.explanation.method, "identifier");
/// ```
pub fn compare_entities(query: &Query, entity: &Entity) -> Option<Hit> {
    if let Some(schema) = query.schema {
        if !schema.is_compatible(entity.schema) {
            return None;
        }
    }
    let index = Index::build(vec![entity.clone()]);
    let options = SearchOptions { threshold: 0.0, limit: 1 };
    let mut hits = index.search(query, &options);
    if hits.is_empty() {
        // The candidate stage found nothing; score the names directly.
        let class = prepare::NameClass::of(query.schema);
        let mut variants = Vec::new();
        let mut variant_name = Vec::new();
        for (i, name) in query.names.iter().enumerate() {
            for v in prepare::prepare(name, class) {
                variants.push(v);
                variant_name.push(i);
            }
        }
        let prepared = PreparedQuery::new(query, variants, variant_name);
        let query_toks = index::query_toks(&prepared.variants);
        let mut memo = index::SimMemo::default();
        return index.score_entity(0, None, &prepared, &query_toks, None, &mut memo, 0.0);
    }
    hits.pop()
}

/// Scores two names of the given schema (or of unknown schema) in [0, 1]:
/// the best score over the transliterated variants of both names. Two names
/// in the same CJK script are compared character by character.
///
/// # Examples
/// ```
/// use vigil_match::compare_names;
/// use vigil_model::Schema;
/// assert!(compare_names(Some(Schema::Person), "Putin Vladimir", "Vladimir Putin") > 0.95);
/// assert!(compare_names(Some(Schema::Person), "Владимир Путин", "Vladimir Putin") > 0.9);
/// assert_eq!(compare_names(None, "", "Vladimir Putin"), 0.0);
/// ```
pub fn compare_names(schema: Option<Schema>, left: &str, right: &str) -> f64 {
    compare_prepared(&PreparedName::new(schema, left), &PreparedName::new(schema, right))
}

/// A name made ready for [`compare_prepared`]: its transliterated and
/// classified variants, and what the comparison reads of each. Preparing
/// costs more than comparing (transliteration, folding, word classes), so a
/// caller comparing one name with many keeps it prepared: the article
/// scanner confirms each reading against several listed names and each
/// listed name against many readings.
#[derive(Debug, Clone)]
pub struct PreparedName {
    class: prepare::NameClass,
    variants: Vec<prepare::Variant>,
    /// Per variant, whether it looks like a romanised Korean or Chinese name.
    romanized: Vec<bool>,
    /// Whether one variant is the name in Chinese characters or Hangul.
    native_cjk: bool,
}

impl PreparedName {
    /// Prepares `text` as a name of `schema` (persons, organisations and
    /// craft are compared by different rules).
    pub fn new(schema: Option<Schema>, text: &str) -> PreparedName {
        let class = prepare::NameClass::of(schema);
        let variants = prepare::prepare(text, class);
        let romanized = variants.iter().map(|v| score::is_romanized(&v.toks())).collect();
        let native_cjk = prepare::has_native_cjk(&variants);
        PreparedName { class, variants, romanized, native_cjk }
    }
}

/// [`compare_names`] of two prepared names. Both must have been prepared
/// for the same schema class; otherwise the score is 0.
pub fn compare_prepared(left: &PreparedName, right: &PreparedName) -> f64 {
    if left.class != right.class {
        return 0.0;
    }
    let class = left.class;
    // Two names in the same CJK script are compared character by character
    // only; names in other scripts as transliterated and, when both are in
    // non-Latin scripts, also as written.
    let cjk = left.native_cjk && right.native_cjk;
    let right_toks: Vec<_> = right.variants.iter().map(|v| v.toks()).collect();
    let mut best = 0.0f64;
    let mut pairs = Vec::new();
    for (l, l_rom) in left.variants.iter().zip(&left.romanized) {
        let lt = l.toks();
        for ((r, rt), r_rom) in right.variants.iter().zip(&right_toks).zip(&right.romanized) {
            if l.native != r.native || (cjk && !l.native) {
                continue;
            }
            let romanized = *l_rom && *r_rom;
            let mut sim = |i: usize, j: usize| align::tok_sim(lt[i], rt[j], romanized);
            // Only a better score than the best so far matters: alignments
            // that provably cannot reach it are cut short (the maximum is
            // the same).
            let m =
                score::compare_with_floor(&lt, rt, class, romanized, &mut sim, &mut pairs, best);
            best = best.max(m.score);
        }
    }
    best
}

#[cfg(test)]
mod tests;
