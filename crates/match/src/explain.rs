//! Entity-level scoring and explanations: the best name score, adjusted by
//! identifiers, birth dates, countries and gender, with every step recorded
//! as a [`Feature`].
//!
//! The adjustments follow how analysts read a screening hit (and, for the
//! identifier rule, OFAC's own guidance that an exact match on a unique
//! identifier outweighs any name difference):
//!
//! - an exact IMO, MMSI or other identifier match is near-certain: the score
//!   becomes at least [`IDENTIFIER_SCORE`];
//! - a birth date that contradicts costs [`DOB_MISMATCH`] (a year-only date
//!   one year off costs [`DOB_NEAR`] instead), one that agrees adds
//!   [`DOB_MATCH`];
//! - countries that contradict (both sides have some, none shared) cost
//!   [`COUNTRY_MISMATCH`];
//! - a contradicting gender costs [`GENDER_MISMATCH`].

use vigil_model::{country_code, Entity, Gender, NameKind, PartialDate};

use crate::align::TokMethod;
use crate::index::BestName;
use crate::{Explanation, Feature, Hit, Query};

/// The least score of an exact identifier match.
pub const IDENTIFIER_SCORE: f64 = 0.99;
/// Added when a birth date agrees.
pub const DOB_MATCH: f64 = 0.02;
/// Subtracted when birth dates contradict.
pub const DOB_MISMATCH: f64 = 0.15;
/// Subtracted when year-only birth dates are one year apart.
pub const DOB_NEAR: f64 = 0.05;
/// Subtracted when countries contradict.
pub const COUNTRY_MISMATCH: f64 = 0.1;
/// Subtracted when genders contradict.
pub const GENDER_MISMATCH: f64 = 0.15;

fn feature(name: &str, score: f64, detail: String) -> Feature {
    Feature { name: name.to_string(), score, detail }
}

/// How well a query birth date agrees with an entity's: `Some(true)` agrees,
/// `Some(false)` contradicts, `None` when either side has none. The second
/// value says a contradiction is only a year off on a year-only date.
pub fn dob_agreement(query: &PartialDate, entity: &[PartialDate]) -> Option<(bool, bool)> {
    if entity.is_empty() {
        return None;
    }
    if entity.iter().any(|d| d.is_compatible(query)) {
        return Some((true, false));
    }
    let near = entity
        .iter()
        .any(|d| (d.month.is_none() || query.month.is_none()) && (d.year - query.year).abs() <= 1);
    Some((false, near))
}

/// Normalises a country given as an ISO code or a name. Names are looked up
/// once and cached, since the model's table lookup folds every entry.
pub(crate) fn country(value: &str) -> Option<String> {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    static CACHE: OnceLock<Mutex<HashMap<String, Option<String>>>> = OnceLock::new();
    let v = value.trim();
    if v.len() == 2 && v.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Some(v.to_ascii_lowercase());
    }
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    if let Ok(map) = cache.lock() {
        if let Some(hit) = map.get(v) {
            return hit.clone();
        }
    }
    let code = country_code(v).map(str::to_string);
    if let Ok(mut map) = cache.lock() {
        if map.len() < 10_000 {
            map.insert(v.to_string(), code.clone());
        }
    }
    code
}

fn method_name(best: &BestName) -> &'static str {
    let m = &best.matched;
    if best.transliterated {
        return "transliterated";
    }
    match m.weakest {
        Some(TokMethod::Exact) | Some(TokMethod::Particle) | None => {
            if m.extras > 0.0 {
                "token_set"
            } else {
                "exact"
            }
        }
        Some(TokMethod::Joined) => "joined",
        Some(TokMethod::Romanization) => "romanization",
        Some(TokMethod::Phonetic) => "phonetic",
        Some(TokMethod::Fuzzy) | Some(TokMethod::Stem) | Some(TokMethod::Partial) => "fuzzy",
        Some(TokMethod::Initial) | Some(TokMethod::Acronym) => "initials",
    }
}

/// The final score without building the explanation: the same arithmetic
/// as [`assemble`], used to skip candidates below the threshold cheaply.
pub(crate) fn quick_score(
    entity: &Entity,
    query: &Query,
    query_countries: &[String],
    name_score: f64,
    identifier: bool,
) -> f64 {
    let mut score = name_score;
    if let Some(dob) = &query.birth_date {
        match dob_agreement(dob, &entity.birth_dates) {
            Some((true, _)) => score += DOB_MATCH,
            Some((false, true)) => score -= DOB_NEAR,
            Some((false, false)) => score -= DOB_MISMATCH,
            None => {}
        }
    }
    // The entity's countries only when the query has some to compare.
    if !query_countries.is_empty() {
        let entity_countries = entity.all_countries();
        if !entity_countries.is_empty()
            && !query_countries.iter().any(|c| entity_countries.contains(&c.as_str()))
        {
            score -= COUNTRY_MISMATCH;
        }
    }
    if let (Some(q), Some(e)) = (query.gender, entity.gender) {
        if q != e {
            score -= GENDER_MISMATCH;
        }
    }
    if identifier {
        score = score.max(IDENTIFIER_SCORE);
    }
    score.clamp(0.0, 1.0)
}

/// Assembles a hit from the best name match (if any) and the identifier
/// match (if any), applying the qualifiers. Returns `None` when there is
/// neither.
pub(crate) fn assemble(
    position: usize,
    entity: &Entity,
    query: &Query,
    query_countries: &[String],
    best: Option<(BestName, usize)>,
    identifier: Option<String>,
) -> Option<Hit> {
    let mut features = Vec::new();
    let (mut score, query_name, matched_name, kind, method) = match &best {
        Some((b, qn)) => {
            let name = &entity.names[b.name];
            let m = &b.matched;
            features.push(feature("name_score", m.score, b.alignment.clone()));
            // Say so when a Cyrillic name was read as Russian spellings of
            // Korean syllables (Ким Чен Ын as `kim jong un`).
            let query_text = query.names.get(*qn).map_or("", String::as_str);
            for text in [query_text, name.value.as_str()] {
                if let Some(reading) = crate::translit::cyrillic_read_as_korean(text) {
                    features.push(feature(
                        "cyrillic_read_as_korean",
                        m.score,
                        format!("{text} read as Korean: {reading}"),
                    ));
                }
            }
            if m.conflicts > 0 {
                features.push(feature(
                    "name_conflicts",
                    m.conflicts as f64,
                    "unmatched words on both sides".into(),
                ));
            }
            if m.extras > 0.0 {
                features.push(feature("name_extras", m.extras, "words on one side only".into()));
            }
            if m.number_mismatch {
                features.push(feature(
                    "number_mismatch",
                    -1.0,
                    "numbers in the names differ".into(),
                ));
            }
            if m.legal_mismatch {
                features.push(feature(
                    "legal_form_mismatch",
                    -1.0,
                    "incompatible legal forms".into(),
                ));
            }
            if m.patronym_mismatch {
                features.push(feature(
                    "patronym_mismatch",
                    -1.0,
                    "fathers' names (bin/ibn) differ".into(),
                ));
            }
            if m.initials_only {
                features.push(feature("initials_only", -1.0, "a name of initials only".into()));
            }
            if name.kind == NameKind::WeakAlias {
                features.push(feature(
                    "weak_alias",
                    crate::index::WEAK_ALIAS_FACTOR,
                    "matched a weak alias; score scaled".into(),
                ));
            }
            (
                b.adjusted,
                query.names.get(*qn).cloned().unwrap_or_default(),
                name.value.clone(),
                name.kind,
                method_name(b),
            )
        }
        None => (
            0.0,
            query.names.first().cloned().unwrap_or_default(),
            entity.caption.clone(),
            NameKind::Primary,
            "identifier",
        ),
    };
    if let Some(id) = &identifier {
        features.push(feature("identifier_exact", IDENTIFIER_SCORE, id.clone()));
    }
    if best.is_none() && identifier.is_none() {
        return None;
    }
    // Qualifiers.
    if let Some(dob) = &query.birth_date {
        match dob_agreement(dob, &entity.birth_dates) {
            Some((true, _)) => {
                score += DOB_MATCH;
                features.push(feature("dob_match", DOB_MATCH, dob.to_string()));
            }
            Some((false, true)) => {
                score -= DOB_NEAR;
                features.push(feature("dob_near", -DOB_NEAR, format!("{dob} vs one year off")));
            }
            Some((false, false)) => {
                score -= DOB_MISMATCH;
                let listed: Vec<String> =
                    entity.birth_dates.iter().map(|d| d.to_string()).collect();
                features.push(feature(
                    "dob_mismatch",
                    -DOB_MISMATCH,
                    format!("{dob} vs {}", listed.join(", ")),
                ));
            }
            None => {}
        }
    }
    let entity_countries = entity.all_countries();
    if !query_countries.is_empty() && !entity_countries.is_empty() {
        if query_countries.iter().any(|c| entity_countries.contains(&c.as_str())) {
            features.push(feature("country_match", 0.0, query_countries.join(", ")));
        } else {
            score -= COUNTRY_MISMATCH;
            features.push(feature(
                "country_mismatch",
                -COUNTRY_MISMATCH,
                format!("{} vs {}", query_countries.join(", "), entity_countries.join(", ")),
            ));
        }
    }
    if let (Some(q), Some(e)) = (query.gender, entity.gender) {
        if q != e {
            score -= GENDER_MISMATCH;
            let name = |g: Gender| if g == Gender::Male { "male" } else { "female" };
            features.push(feature(
                "gender_mismatch",
                -GENDER_MISMATCH,
                format!("{} vs {}", name(q), name(e)),
            ));
        }
    }
    if identifier.is_some() {
        score = score.max(IDENTIFIER_SCORE);
    }
    let method = if identifier.is_some() { "identifier" } else { method };
    Some(Hit {
        entity: position,
        score: score.clamp(0.0, 1.0),
        explanation: Explanation {
            query_name,
            matched_name,
            matched_name_kind: kind,
            method: method.to_string(),
            features,
        },
    })
}
