//! The candidate index: which listed names could a query name be, without
//! comparing it with every name.
//!
//! At build time every name of every entity is prepared once (transliterated,
//! tokenised, classified) and its tokens are interned into a vocabulary of
//! [`Lexeme`]s. Each distinctive token is posted under several keys:
//!
//! - its phonetic key (`Jon`/`John`), whose postings include every exact
//!   spelling (numbers and non-Latin tokens are posted under their text);
//! - its Korean/CJK romanisation key (`Jong`/`Chong`/`Jeong`);
//! - every one-letter deletion of its phonetic key, for typos (a symmetric
//!   deletion index: two words one edit apart share a deletion);
//! - its first five letters, for inflected endings (`Putinas`);
//! - the joined text of two adjacent tokens (`Jong Un` → `jongun`).
//!
//! Identifiers (IMO, MMSI, registration and other numbers) go into their own
//! exact map.
//!
//! A query looks up the same keys for its own tokens and credits each listed
//! name with the inverse document frequency (IDF) of the rarest key that hit,
//! once per query token. The credit, divided by the query's total, is a cheap
//! bound on how much of the query a name can explain; only the best few
//! entities by that bound are scored in full. Rare tokens thus drive recall,
//! and a common token such as `Mohammed` alone can neither flood the scorer
//! nor make a strong candidate. Keys whose posting lists are very long are
//! skipped when the query has rarer keys.

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use vigil_model::{Entity, IdKind, NameKind};

use crate::align::{tok_sim, Pair, TokMethod};
use crate::prepare::{prepare, Kind, Lexeme, NameClass, Tok, Variant};
use crate::score::{compare_with_floor, is_romanized, NameMatch};

/// A pass-through hasher for keys that are already 64-bit hashes.
#[derive(Default, Clone, Copy)]
pub(crate) struct IdentityHasher(u64);

impl Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
    /// Small integer keys (entity positions) are spread by a multiplication.
    fn write_u32(&mut self, n: u32) {
        self.0 = u64::from(n).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

type KeyMap<V> = HashMap<u64, V, BuildHasherDefault<IdentityHasher>>;

/// Key tags, so that a phonetic key never collides with a text key.
#[derive(Clone, Copy)]
enum Tag {
    Text = 1,
    Phon = 2,
    Cjk = 3,
    Deletion = 4,
    Prefix = 5,
}

/// Hashes one key: a tag and up to two byte strings (FNV-1a, then a final
/// mix so that the identity hasher spreads well).
fn key_hash(tag: Tag, a: &[u8], b: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ (tag as u64);
    for byte in a.iter().chain(b.iter()) {
        h ^= u64::from(*byte);
        h = h.wrapping_mul(0x100_0000_01b3);
    }
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h
}

/// Emits the keys of one token; `weight` says how good a hit on the key is.
fn token_keys(lex: &Lexeme, out: &mut Vec<(u64, f32)>) {
    let text = lex.text.as_bytes();
    if lex.is_number || !lex.text.is_ascii() {
        out.push((key_hash(Tag::Text, text, b""), 1.0));
        return;
    }
    // The phonetic key's postings include every exact spelling, so the text
    // itself needs no key of its own.
    let phon = lex.phon.as_bytes();
    out.push((key_hash(Tag::Phon, phon, b""), 1.0));
    if !lex.cjk_loose.is_empty() {
        out.push((key_hash(Tag::Cjk, lex.cjk_loose.as_bytes(), b""), 0.9));
    }
    if (4..=14).contains(&phon.len()) {
        out.push((key_hash(Tag::Deletion, phon, b""), 0.85));
        for i in 0..phon.len() {
            out.push((key_hash(Tag::Deletion, &phon[..i], &phon[i + 1..]), 0.8));
        }
    }
    if text.len() >= 5 {
        out.push((key_hash(Tag::Prefix, &text[..5], b""), 0.6));
    }
}

/// Whether a token takes part in candidate generation.
fn is_key_kind(kind: Kind) -> bool {
    matches!(kind, Kind::Name | Kind::Number)
}

/// All keys of a name variant, grouped per token: `(token group, key, weight)`.
/// Joined pairs of adjacent tokens form extra groups.
/// `singles[g]` says whether group `g` is a single token (else a joined pair).
fn variant_keys<'a>(
    tokens: &[(u32, Kind)],
    lexeme: impl Fn(u32) -> &'a Lexeme,
    out: &mut Vec<(u16, u64, f32)>,
    singles: &mut Vec<bool>,
) {
    let mut buf = Vec::new();
    let mut joined = String::new();
    let mut joined_key = Vec::new();
    let mut group = 0u16;
    singles.clear();
    for (i, (lex, kind)) in tokens.iter().enumerate() {
        if !is_key_kind(*kind) {
            continue;
        }
        buf.clear();
        token_keys(lexeme(*lex), &mut buf);
        out.extend(buf.iter().map(|(k, w)| (group, *k, *w)));
        singles.push(true);
        group += 1;
        if let Some((next, next_kind)) = tokens.get(i + 1) {
            if is_key_kind(*next_kind) {
                let (a, b) = (&lexeme(*lex).text, &lexeme(*next).text);
                // Filed like a single word's phonetic key, so that `Jongun`
                // finds `Jong Un` and the other way round.
                joined.clear();
                joined.push_str(a);
                joined.push_str(b);
                // The same bytes as `phonetic::key`, in a reused buffer.
                crate::phonetic::key_into(&joined, &mut joined_key);
                out.push((group, key_hash(Tag::Phon, &joined_key, b""), 1.0));
                singles.push(false);
                group += 1;
            }
        }
    }
}

/// One prepared name variant of one entity.
#[derive(Debug, Clone)]
struct NameRec {
    entity: u32,
    /// Index into the entity's `names`.
    name: u16,
    tok_start: u32,
    tok_len: u16,
    transliterated: bool,
    native: bool,
    cjk_native: bool,
    /// [`is_romanized`] of the tokens, computed once at build time.
    romanized: bool,
}

/// Per-thread scratch space for queries.
#[derive(Default)]
struct Scratch {
    /// Per name record: accumulated credit and the epoch of the last group
    /// that credited it, side by side so that a posting touches one cache
    /// line.
    slots: Vec<(f32, u32)>,
    touched: Vec<u32>,
    epoch: u32,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// Posting lists longer than this are skipped when the query has rarer keys.
const MAX_POSTINGS: usize = 4000;
/// Typo and prefix keys with longer posting lists than this are skipped: a
/// deletion shared by that many names says little.
const MAX_FUZZY_POSTINGS: usize = 600;
/// Entities scored in full per query.
const TOP_ENTITIES: usize = 20;
/// Candidates whose bound is below this share of the best bound are dropped.
const MIN_BOUND_SHARE: f32 = 0.5;
/// Candidates that explain less than this share of the query's IDF mass are
/// dropped: they cannot reach a useful score.
const MIN_BOUND: f32 = 0.45;

/// The candidate index (see the module docs). Built by [`crate::Index::build`].
pub(crate) struct CandidateIndex {
    lexemes: Vec<Lexeme>,
    names: Vec<NameRec>,
    toks: Vec<(u32, Kind)>,
    /// Posting lists: key → range in `postings`.
    keys: KeyMap<(u32, u32)>,
    postings: Vec<u32>,
    /// Normalised identifier → entities.
    ids: HashMap<String, Vec<u32>>,
    /// Name records of each entity: range in `names`.
    entity_names: Vec<(u32, u32)>,
}

/// Normalises an identifier for exact comparison: upper-case letters and
/// digits only, with an `IMO` prefix removed.
pub fn normalize_identifier(value: &str) -> String {
    let mut out: String = value.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    out.make_ascii_uppercase();
    if let Some(rest) = out.strip_prefix("IMO") {
        if rest.len() == 7 && rest.bytes().all(|b| b.is_ascii_digit()) {
            return rest.to_string();
        }
    }
    out
}

/// The key under which an identifier is filed: kind-specific for IMO and
/// MMSI (so that an MMSI never matches an IMO), generic otherwise.
pub(crate) fn id_key(kind: Option<IdKind>, value: &str) -> String {
    let v = normalize_identifier(value);
    match kind {
        Some(IdKind::Imo) => format!("imo:{v}"),
        Some(IdKind::Mmsi) => format!("mmsi:{v}"),
        _ => format!("id:{v}"),
    }
}

impl CandidateIndex {
    pub(crate) fn build(entities: &[Entity]) -> CandidateIndex {
        let mut lexemes: Vec<Lexeme> = Vec::new();
        let mut lex_ids: HashMap<Box<str>, u32> = HashMap::new();
        let mut names: Vec<NameRec> = Vec::new();
        let mut toks: Vec<(u32, Kind)> = Vec::new();
        let mut entity_names = Vec::with_capacity(entities.len());
        let mut ids: HashMap<String, Vec<u32>> = HashMap::new();
        for (e_idx, entity) in entities.iter().enumerate() {
            let class = NameClass::of(Some(entity.schema));
            let start = names.len() as u32;
            for (n_idx, name) in entity.names.iter().enumerate().take(u16::MAX as usize) {
                let variants = prepare(&name.value, class);
                let cjk_native = crate::prepare::has_native_cjk(&variants);
                for variant in variants {
                    let tok_start = toks.len() as u32;
                    let is_native = variant.native;
                    for (lex, kind) in variant.tokens {
                        let id = match lex_ids.get(&lex.text) {
                            Some(id) => *id,
                            None => {
                                let id = lexemes.len() as u32;
                                lex_ids.insert(lex.text.clone(), id);
                                lexemes.push(lex);
                                id
                            }
                        };
                        toks.push((id, kind));
                    }
                    names.push(NameRec {
                        entity: e_idx as u32,
                        name: n_idx as u16,
                        tok_start,
                        tok_len: (toks.len() as u32 - tok_start) as u16,
                        transliterated: variant.transliterated,
                        native: is_native,
                        cjk_native,
                        romanized: false,
                    });
                }
            }
            entity_names.push((start, names.len() as u32));
            for ident in &entity.identifiers {
                let kind = match ident.kind {
                    IdKind::Imo | IdKind::Mmsi => Some(ident.kind),
                    _ => None,
                };
                let key = id_key(kind, &ident.value);
                if key.len() > 6 {
                    let list = ids.entry(key).or_default();
                    if list.last() != Some(&(e_idx as u32)) {
                        list.push(e_idx as u32);
                    }
                }
            }
        }
        for rec in names.iter_mut() {
            let range = rec.tok_start as usize..(rec.tok_start + u32::from(rec.tok_len)) as usize;
            let toks: Vec<Tok<'_>> = toks[range]
                .iter()
                .map(|(lex, kind)| Tok { lex: &lexemes[*lex as usize], kind: *kind })
                .collect();
            rec.romanized = is_romanized(&toks);
        }
        // Postings, built as sorted (key, name) pairs then laid out flat.
        let mut pairs: Vec<(u64, u32)> = Vec::with_capacity(names.len() * 24);
        let mut keybuf: Vec<(u16, u64, f32)> = Vec::new();
        let mut singles = Vec::new();
        for (n_idx, rec) in names.iter().enumerate() {
            keybuf.clear();
            let tokens =
                &toks[rec.tok_start as usize..(rec.tok_start + u32::from(rec.tok_len)) as usize];
            variant_keys(tokens, |id| &lexemes[id as usize], &mut keybuf, &mut singles);
            pairs.extend(keybuf.iter().map(|(_, k, _)| (*k, n_idx as u32)));
        }
        pairs.sort_unstable();
        pairs.dedup();
        let mut keys: KeyMap<(u32, u32)> = KeyMap::default();
        keys.reserve(pairs.len() / 2);
        let mut postings: Vec<u32> = Vec::with_capacity(pairs.len());
        let mut i = 0;
        while i < pairs.len() {
            let key = pairs[i].0;
            let start = postings.len() as u32;
            while i < pairs.len() && pairs[i].0 == key {
                postings.push(pairs[i].1);
                i += 1;
            }
            keys.insert(key, (start, postings.len() as u32 - start));
        }
        CandidateIndex { lexemes, names, toks, keys, postings, ids, entity_names }
    }

    fn rec_toks(&self, rec: &NameRec) -> Vec<Tok<'_>> {
        self.toks[rec.tok_start as usize..(rec.tok_start + u32::from(rec.tok_len)) as usize]
            .iter()
            .map(|(lex, kind)| Tok { lex: &self.lexemes[*lex as usize], kind: *kind })
            .collect()
    }

    /// Entities holding one of the identifiers.
    pub(crate) fn by_identifier(&self, key: &str) -> &[u32] {
        self.ids.get(key).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Candidate entities for the query variants, best bound first, with the
    /// name records that were hit.
    pub(crate) fn candidates(
        &self,
        query: &[Variant],
        accept: &dyn Fn(u32) -> bool,
    ) -> Vec<Candidate> {
        let n = self.names.len();
        let n_f = n.max(1) as f32;
        SCRATCH.with(|cell| {
            let mut scratch = cell.borrow_mut();
            let scratch = &mut *scratch;
            if scratch.slots.len() != n {
                scratch.slots = vec![(0.0, 0); n];
                scratch.epoch = 0;
            }
            scratch.touched.clear();
            // (entity, name record, bound) of every record above the floor.
            let mut hits: Vec<(u32, u32, f32)> = Vec::new();
            let mut keybuf: Vec<(u16, u64, f32)> = Vec::new();
            let mut singles: Vec<bool> = Vec::new();
            let mut found: Vec<(u32, u32, f32, f32)> = Vec::new();
            let mut group_ranges: Vec<(usize, usize)> = Vec::new();
            let max_idf = n_f.ln().max(1.0);
            for variant in query {
                // The query's own lexemes, by position.
                let tokens: Vec<(u32, Kind)> =
                    variant.tokens.iter().enumerate().map(|(i, (_, k))| (i as u32, *k)).collect();
                keybuf.clear();
                variant_keys(&tokens, |i| &variant.tokens[i as usize].0, &mut keybuf, &mut singles);
                // Per group: the postings of each key, with IDF.
                let groups = singles.len();
                let mut total = 0.0f32;
                // The postings found, in group order (keys come grouped),
                // with each group's range in `found`.
                found.clear();
                group_ranges.clear();
                group_ranges.resize(groups, (0, 0));
                for (g, key, w) in &keybuf {
                    if let Some((start, len)) = self.keys.get(key) {
                        let idf = (n_f / *len as f32).ln().max(0.1);
                        let range = &mut group_ranges[*g as usize];
                        if range.1 == range.0 {
                            *range = (found.len(), found.len());
                        }
                        found.push((*start, *len, w * idf, *w));
                        range.1 = found.len();
                    }
                }
                // The query's mass: each single-token group's best possible credit.
                // A token the index has never seen could still match by a
                // joined or fuzzy form; it counts as maximally rare.
                for (g, &(a, b)) in group_ranges.iter().enumerate() {
                    if singles[g] {
                        let best = found[a..b].iter().map(|x| x.2).fold(0.0, f32::max);
                        total += if best > 0.0 { best } else { max_idf };
                    }
                }
                let rarest = found.iter().map(|x| x.1).min().unwrap_or(0);
                for &(a, b) in group_ranges.iter() {
                    let list = &mut found[a..b];
                    if list.is_empty() {
                        continue;
                    }
                    scratch.epoch = scratch.epoch.wrapping_add(1);
                    if scratch.epoch == 0 {
                        scratch.slots.iter_mut().for_each(|s| s.1 = 0);
                        scratch.epoch = 1;
                    }
                    let epoch = scratch.epoch;
                    // Best credit first, so that a name takes its best key.
                    list.sort_by(|a, b| b.2.partial_cmp(&a.2).unwrap_or(std::cmp::Ordering::Equal));
                    // A word the lists know verbatim is taken as spelt right:
                    // its typo (deletion) and prefix keys would mostly find
                    // other words.
                    let known = list.first().is_some_and(|x| x.3 >= 0.95);
                    for (start, len, credit, weight) in list.iter() {
                        if *len as usize > MAX_POSTINGS && *len > rarest {
                            continue;
                        }
                        if *weight < 0.9 && (known || *len as usize > MAX_FUZZY_POSTINGS) {
                            continue;
                        }
                        for &name in &self.postings[*start as usize..(*start + *len) as usize] {
                            let slot = name as usize;
                            let cell = &mut scratch.slots[slot];
                            if cell.1 == epoch {
                                continue;
                            }
                            cell.1 = epoch;
                            if cell.0 == 0.0 {
                                scratch.touched.push(name);
                            }
                            cell.0 += credit;
                        }
                    }
                }
                let total = total.max(1e-3);
                let floor = MIN_BOUND * total;
                for &name in &scratch.touched {
                    let acc = scratch.slots[name as usize].0;
                    if acc < floor {
                        continue;
                    }
                    let bound = acc / total;
                    let entity = self.names[name as usize].entity;
                    hits.push((entity, name, bound));
                }
                for &name in &scratch.touched {
                    scratch.slots[name as usize].0 = 0.0;
                }
                scratch.touched.clear();
            }
            // Per entity: the best bound and the records hit (sorted, without
            // duplicates); records are gathered only for the entities kept.
            hits.sort_unstable_by_key(|&(entity, name, _)| (entity, name));
            let mut groups: Vec<(u32, f32, usize, usize)> = Vec::new();
            let mut i = 0;
            while i < hits.len() {
                let entity = hits[i].0;
                let start = i;
                let mut bound = 0.0f32;
                while i < hits.len() && hits[i].0 == entity {
                    if hits[i].2 > bound {
                        bound = hits[i].2;
                    }
                    i += 1;
                }
                if accept(entity) {
                    groups.push((entity, bound, start, i));
                }
            }
            groups.sort_by(|a, b| {
                b.1.partial_cmp(&a.1).unwrap_or(std::cmp::Ordering::Equal).then(a.0.cmp(&b.0))
            });
            let best = groups.first().map_or(0.0, |x| x.1);
            groups.retain(|x| x.1 >= best * MIN_BOUND_SHARE && x.1 >= MIN_BOUND);
            groups.truncate(TOP_ENTITIES);
            groups
                .into_iter()
                .map(|(entity, _, start, end)| {
                    let mut records: Vec<u32> = hits[start..end].iter().map(|h| h.1).collect();
                    records.dedup();
                    Candidate { entity, records }
                })
                .collect()
        })
    }

    /// Scores the query variants against the names of one entity (all of
    /// them, or only `records` when given: the name records the candidate
    /// stage hit); returns the best name match. `memo` caches token
    /// similarities across the candidates of one query. Names that provably
    /// score below `floor` (when positive) are skipped: the result is the
    /// same whenever the best name scores `floor` or more.
    #[allow(clippy::too_many_arguments)] // all per-search context, passed down
    pub(crate) fn best_name(
        &self,
        entity: u32,
        records: Option<&[u32]>,
        query: &[Variant],
        query_toks: &[QueryToks<'_>],
        class: NameClass,
        names: &[vigil_model::Name],
        memo: &mut SimMemo,
        floor: f64,
    ) -> Option<BestName> {
        let (start, end) = self.entity_names[entity as usize];
        let all: Vec<u32>;
        let records = match records {
            Some(r) => r,
            None => {
                all = (start..end).collect();
                &all
            }
        };
        let query_cjk = crate::prepare::has_native_cjk(query);
        let mut best: Option<(BestName, usize)> = None;
        let mut pairs: Vec<Pair> = Vec::new();
        let mut ct: Vec<Tok<'_>> = Vec::new();
        for (qi, (qv, (qt, q_rom))) in query.iter().zip(query_toks).enumerate() {
            let q_rom = *q_rom;
            for &rec_idx in records {
                let rec = &self.names[rec_idx as usize];
                if rec.native != qv.native || (query_cjk && rec.cjk_native && !rec.native) {
                    continue;
                }
                let range =
                    rec.tok_start as usize..(rec.tok_start + u32::from(rec.tok_len)) as usize;
                let lex_ids = &self.toks[range];
                ct.clear();
                ct.extend(
                    lex_ids
                        .iter()
                        .map(|(lex, kind)| Tok { lex: &self.lexemes[*lex as usize], kind: *kind }),
                );
                let romanized = q_rom && rec.romanized;
                let mut sim = |i: usize, j: usize| -> (f64, TokMethod) {
                    memo.get(qi, i, lex_ids[j].0, romanized, || tok_sim(qt[i], ct[j], romanized))
                };
                let m = compare_with_floor(qt, &ct, class, romanized, &mut sim, &mut pairs, floor);
                if m.score <= 0.0 {
                    continue;
                }
                let kind = names.get(rec.name as usize).map_or(NameKind::WeakAlias, |n| n.kind);
                let adjusted =
                    if kind == NameKind::WeakAlias { m.score * WEAK_ALIAS_FACTOR } else { m.score };
                if best.as_ref().is_none_or(|(b, _)| adjusted > b.adjusted) {
                    let mut m = m;
                    m.pairs = pairs.clone();
                    best = Some((
                        BestName {
                            adjusted,
                            name: rec.name as usize,
                            query_variant: qi,
                            transliterated: rec.transliterated || qv.transliterated,
                            matched: m,
                            alignment: String::new(),
                            record: 0,
                        },
                        rec_idx as usize,
                    ));
                }
            }
        }
        best.map(|(mut b, rec_idx)| {
            b.record = rec_idx;
            b
        })
    }

    /// Fills in the alignment description of a best name (done only for
    /// reported hits: it formats strings).
    pub(crate) fn describe(&self, best: &mut BestName, query: &[Variant]) {
        let qt = query[best.query_variant].toks();
        let ct = self.rec_toks(&self.names[best.record]);
        best.alignment = describe_pairs(&qt, &ct, &best.matched.pairs);
    }
}

/// A query variant's token views and whether it looks romanised.
pub(crate) type QueryToks<'a> = (Vec<Tok<'a>>, bool);

/// [`QueryToks`] of every query variant, computed once per search.
pub(crate) fn query_toks(variants: &[Variant]) -> Vec<QueryToks<'_>> {
    variants
        .iter()
        .map(|v| {
            let t = v.toks();
            let rom = is_romanized(&t);
            (t, rom)
        })
        .collect()
}

/// Token similarities computed during one query, keyed by query variant,
/// query token and listed lexeme: candidates share many tokens.
#[derive(Default)]
pub(crate) struct SimMemo {
    map: HashMap<u64, (f64, TokMethod), BuildHasherDefault<IdentityHasher>>,
}

impl SimMemo {
    fn get(
        &mut self,
        variant: usize,
        token: usize,
        lex: u32,
        romanized: bool,
        compute: impl FnOnce() -> (f64, TokMethod),
    ) -> (f64, TokMethod) {
        let key = ((variant as u64) << 48)
            ^ ((token as u64) << 40)
            ^ (u64::from(romanized) << 39)
            ^ u64::from(lex);
        let key = key.wrapping_mul(0x9e37_79b9_7f4a_7c15);
        *self.map.entry(key).or_insert_with(compute)
    }
}

/// A candidate entity from the index (ranked by its bound), with the
/// name records that were hit.
#[derive(Debug, Clone)]
pub(crate) struct Candidate {
    /// Position of the entity.
    pub entity: u32,
    /// Name records hit.
    pub records: Vec<u32>,
}

/// A weak alias (low-quality a.k.a., former name) counts for this much of a
/// primary name or strong alias.
pub const WEAK_ALIAS_FACTOR: f64 = 0.9;

/// The best-matching name of an entity.
#[derive(Debug, Clone)]
pub(crate) struct BestName {
    /// Score after the weak-alias factor.
    pub adjusted: f64,
    /// Index into the entity's names.
    pub name: usize,
    /// Which query variant matched.
    pub query_variant: usize,
    /// Whether either side was transliterated.
    pub transliterated: bool,
    /// The name comparison.
    pub matched: NameMatch,
    /// The aligned tokens, e.g. `putin=putin(Exact) vladimir=vladimir(Exact)`
    /// (filled by [`CandidateIndex::describe`]).
    pub alignment: String,
    /// The name record that matched.
    pub record: usize,
}

/// Describes aligned pairs for an explanation.
pub(crate) fn describe_pairs(q: &[Tok<'_>], c: &[Tok<'_>], pairs: &[Pair]) -> String {
    use std::fmt::Write;
    // Written into one string: `a b=ab(Joined 0.95), c=c(Exact 1.00)`.
    let run = |out: &mut String, toks: &[Tok<'_>], (start, len): (usize, usize)| {
        for (i, t) in toks[start..start + len].iter().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(&t.lex.text);
        }
    };
    let mut out = String::new();
    for (i, p) in pairs.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        run(&mut out, q, p.q);
        out.push('=');
        run(&mut out, c, p.c);
        let _ = write!(out, "({:?} {:.2})", p.method, p.sim);
    }
    out
}
