//! Scanning one document: tokens, candidate names from the automaton,
//! confirmation by the screening engine, context for weak names, surname
//! back-references, IMO numbers and indicators.
//!
//! A document may come in several chunks ([`DocumentScan::push`]) so that a
//! huge file is streamed; what must see the whole document (context support,
//! back-references, the DPRK gate) is carried between chunks and settled by
//! [`DocumentScan::finish`].

use std::collections::{BTreeSet, HashMap};
use std::hash::BuildHasherDefault;
use std::sync::atomic::{AtomicU32, Ordering};

use serde::Serialize;
use vigil_model::{imo_is_valid, Schema};

use crate::build::{hot, Pattern, Tables, MAX_NAME_TOKENS};
use crate::indicators::{self, Stance};
use crate::lexicon::{role, Category};
use crate::native::Reader;
use crate::sentence::LazySentences;
use crate::snippet::Snippet;
use crate::tokens::{flag, is_cyrillic, is_hangul, tokenize, HashKeyed, PassHasher, Token, NONE};
use crate::{Scanner, Span};
use vigil_match::PreparedName;

/// The most mentions kept per document; beyond it they are counted only.
pub const MAX_MENTIONS: usize = 100_000;
/// The most indicators kept per document.
pub const MAX_INDICATORS: usize = 20_000;
/// Confirmation cache entries per session before it is emptied.
const MAX_CONFIRMED: usize = 500_000;
/// Prepared readings, and prepared listed names, kept per session before
/// each cache is emptied (a prepared name is a few hundred bytes).
const MAX_PREPARED: usize = 50_000;

/// How a mention was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Via {
    /// A primary name or strong alias.
    Name,
    /// A weak or short alias, or an ordinary-word name, supported by context.
    Alias,
    /// The surname alone after a full mention of the same person.
    Surname,
    /// An IMO number.
    Imo,
}

impl Via {
    /// The snake_case name used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            Via::Name => "name",
            Via::Alias => "alias",
            Via::Surname => "surname",
            Via::Imo => "imo",
        }
    }
}

/// A listed entity named in the text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mention {
    /// Position of the entity in the scanner (see [`Scanner::entity`]).
    #[serde(skip)]
    pub entity: usize,
    /// The text as written.
    pub text: Snippet,
    /// Byte offset of the mention in the document text.
    pub start: usize,
    /// Byte offset just past it.
    pub end: usize,
    /// The screening engine's score for the name (1.0 for an IMO number; a
    /// surname carries its full mention's score).
    pub score: f64,
    /// How it was found.
    pub via: Via,
}

/// An IMO number in the text, listed or not.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImoNumber {
    /// The seven digits.
    pub imo: String,
    /// Byte offset of `IMO` in the document text.
    pub start: usize,
    /// Byte offset just past the digits.
    pub end: usize,
    /// Positions of the listed entities with this IMO.
    #[serde(skip)]
    pub entities: Vec<usize>,
}

/// A sentence reporting a breach of a prohibition.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Indicator {
    /// The prohibition.
    pub category: Category,
    /// The trigger words as written, joined by ` + `.
    pub trigger: Snippet,
    /// The sentence.
    pub sentence: Snippet,
    /// Byte offset of the sentence in the document text.
    pub start: usize,
    /// Byte offset just past it.
    pub end: usize,
    /// Who makes the claim, as written, when the sentence says.
    pub claimed_by: Option<Snippet>,
    /// How firmly.
    pub stance: Stance,
}

/// What a document names and claims.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Findings {
    /// Mentions of listed entities, in text order.
    pub mentions: Vec<Mention>,
    /// Indicators, in text order.
    pub indicators: Vec<Indicator>,
    /// IMO numbers with a valid check digit, in text order.
    pub imo_numbers: Vec<ImoNumber>,
    /// Whether the document is about North Korea (the gate for indicators).
    pub about_dprk: bool,
    /// Mentions and indicators dropped beyond [`MAX_MENTIONS`] and [`MAX_INDICATORS`].
    pub dropped: usize,
}

/// A scanning session: one per thread, reused across documents so that the
/// caches of word readings and confirmations pay off.
pub struct Session<'s> {
    scanner: &'s Scanner,
    reader: Reader<'s>,
    confirmed: HashMap<String, f32, BuildHasherDefault<PassHasher>>,
    key_buf: String,
    /// Readings of the text prepared for the screening engine, by reading
    /// and name class: one reading is confirmed against several listed names.
    prepared_readings: HashMap<String, PreparedName, BuildHasherDefault<PassHasher>>,
    /// Listed names prepared for the screening engine, by entity and name:
    /// one listed name is confirmed against many readings.
    prepared_listed: HashMap<(u32, u16), PreparedName, BuildHasherDefault<PassHasher>>,
    reading_key: String,
    tokens: Vec<Token>,
    /// Where the tokenizer saw stops, line breaks and quotes (for the sentences).
    marks: Vec<u32>,
    /// Tokens per block of the passes ([`BLOCK_TOKENS`]; tests vary it).
    block_tokens: usize,
}

/// A weak-name mention waiting for support.
struct Pending {
    mention: Mention,
    ship_nearby: bool,
    /// Supported by a text about North Korea ([`Pattern::dprk_context`]).
    dprk_context: bool,
}

/// An indicator held until the end of the document, when it is known
/// whether the text is about North Korea.
struct PendingIndicator {
    indicator: Indicator,
    /// Its own sentence speaks of North Korea without a negation, or names
    /// a listed entity.
    anchored: bool,
    /// Its sentence reports nothing of its own: a rule, history, the
    /// headline, a question ([`indicators::Raised::weak`]).
    weak: bool,
}

/// One document being scanned.
pub struct DocumentScan<'a, 's> {
    session: &'a mut Session<'s>,
    findings: Findings,
    pending: Vec<Pending>,
    pending_indicators: Vec<PendingIndicator>,
    /// The text spoke of North Korea, but only after a negation ("no sign of
    /// North Korean involvement"): listed DPRK names then do not open the gate.
    dprk_negated: bool,
    /// DPRK words seen outside a negation, counted up to [`DPRK_WORDS_ABOUT`].
    dprk_words: u8,
    /// Document offset of the latest DPRK word (the anchor of the next sentence).
    last_dprk: Option<usize>,
    /// Document offset of the first DPRK word outside a negation (is it in the lead?).
    first_dprk: Option<usize>,
    /// Entities with a full mention.
    full: EntitySet,
    /// IMO numbers seen.
    imos: BTreeSet<String>,
    /// Listed vessels whose name the text gives with another IMO number
    /// ("the bulk carrier Lucky Star (IMO 9512368)"): a namesake ship.
    other_imo: EntitySet,
    /// Listed people the text names in a civilian's role: a namesake, under
    /// every mention of the name ("Goalkeeper Kim Kyong-ok ... Kim Kyong-ok,
    /// 16, was named the best goalkeeper").
    civilians: EntitySet,
    /// Surname token (mixed, see [`mix`]) → (entity, score) of the latest full mention.
    surnames: HashKeyed<(usize, f32)>,
    /// Byte offset in the document of the chunk being pushed.
    base: usize,
    /// The year the document is dated, when known.
    year: Option<u16>,
    /// The document's title, when known: a headline counts only beside a
    /// sentence of the text that reports something ("From the sanctions
    /// committee to the vineyard: a diplomat's second act").
    title: Option<Box<str>>,
    /// Document offset where the lead ends (see [`lead_end`]); set by the
    /// first chunk.
    lead_end: Option<usize>,
    /// The lead speaks of sanctions (a word such as `sanctions`, 제재, 制裁).
    lead_sanctions: bool,
}

/// A confirmed candidate in token coordinates.
#[derive(Debug, Clone)]
struct Candidate {
    first: usize,
    last: usize,
    pattern: u32,
    score: f32,
}

impl<'s> Session<'s> {
    pub(crate) fn new(scanner: &'s Scanner) -> Self {
        Session {
            scanner,
            reader: Reader::new(&scanner.tables),
            confirmed: HashMap::default(),
            key_buf: String::new(),
            prepared_readings: HashMap::default(),
            prepared_listed: HashMap::default(),
            reading_key: String::new(),
            tokens: Vec::new(),
            marks: Vec::new(),
            block_tokens: BLOCK_TOKENS,
        }
    }

    /// Scans a whole document held in memory; `boilerplate` spans are kept
    /// out of the findings.
    pub fn scan(&mut self, text: &str, boilerplate: &[Span]) -> Findings {
        self.scan_dated(text, boilerplate, None)
    }

    /// [`Session::scan`] for a document of a known date (`2026-09-12`, as
    /// extraction gives it): a sentence dated to an earlier year is history.
    pub fn scan_dated(&mut self, text: &str, boilerplate: &[Span], date: Option<&str>) -> Findings {
        let mut doc = self.begin();
        doc.set_date(date);
        doc.push(text, 0, boilerplate);
        doc.finish()
    }

    /// [`Session::scan_dated`] knowing the document's title too (as
    /// extraction gives it): a headline counts only beside a sentence of the
    /// text that reports something.
    pub fn scan_document(
        &mut self,
        text: &str,
        boilerplate: &[Span],
        date: Option<&str>,
        title: Option<&str>,
    ) -> Findings {
        let mut doc = self.begin();
        doc.set_date(date);
        doc.set_title(title);
        doc.push(text, 0, boilerplate);
        doc.finish()
    }

    /// Starts a document to be pushed in chunks.
    pub fn begin(&mut self) -> DocumentScan<'_, 's> {
        DocumentScan {
            session: self,
            findings: Findings::default(),
            pending: Vec::new(),
            pending_indicators: Vec::new(),
            dprk_negated: false,
            dprk_words: 0,
            last_dprk: None,
            first_dprk: None,
            full: EntitySet::default(),
            imos: BTreeSet::new(),
            other_imo: EntitySet::default(),
            civilians: EntitySet::default(),
            surnames: HashKeyed::default(),
            base: 0,
            year: None,
            title: None,
            lead_end: None,
            lead_sanctions: false,
        }
    }

    /// The screening engine's score for `reading` against name `name` of
    /// entity `entity`, cached by reading (for readings through a Korean
    /// respelling, which a pattern's memo cannot hold).
    fn confirm(&mut self, reading: &str, entity: u32, name: u16) -> f32 {
        self.key_buf.clear();
        self.key_buf.push_str(reading);
        // The entity and name as raw little-endian bytes after a separator
        // that no reading holds: cheaper than formatting numbers.
        self.key_buf.push('\u{1}');
        for b in entity.to_le_bytes().into_iter().chain(name.to_le_bytes()) {
            self.key_buf.push(char::from(b));
        }
        if let Some(&score) = self.confirmed.get(self.key_buf.as_str()) {
            return score;
        }
        let score = self.screen(reading, entity, name);
        if self.confirmed.len() >= MAX_CONFIRMED {
            self.confirmed.clear();
        }
        self.confirmed.insert(self.key_buf.clone(), score);
        score
    }

    /// The screening engine's score for `reading` against name `name` of
    /// entity `entity`, with both names prepared once per session.
    fn screen(&mut self, reading: &str, entity: u32, name: u16) -> f32 {
        let e = self.scanner.entity(entity as usize);
        let schema = Some(e.schema);
        if self.prepared_listed.len() >= MAX_PREPARED {
            self.prepared_listed.clear();
        }
        let listed_name = e.names.get(name as usize).map_or("", |n| n.value.as_str());
        let listed = self
            .prepared_listed
            .entry((entity, name))
            .or_insert_with(|| PreparedName::new(schema, listed_name));
        // The listed name itself, as the text writes it in another case
        // (FELICIEN NSANZUBUKIRE): an ASCII name is prepared from its
        // lower-cased form, so the reading's preparation would be the listed
        // one's (two in five first confirmations on news text).
        if listed_name.eq_ignore_ascii_case(reading) && listed_name.is_ascii() {
            return vigil_match::compare_prepared(listed, listed) as f32;
        }
        // A reading is prepared per name class: the reading, a separator
        // no reading holds, the class.
        self.reading_key.clear();
        self.reading_key.push_str(reading);
        self.reading_key.push('\u{1}');
        self.reading_key.push(char::from(vigil_match::prepare::NameClass::of(schema) as u8));
        if !self.prepared_readings.contains_key(self.reading_key.as_str()) {
            if self.prepared_readings.len() >= MAX_PREPARED {
                self.prepared_readings.clear();
            }
            let prepared = PreparedName::new(schema, reading);
            self.prepared_readings.insert(self.reading_key.clone(), prepared);
        }
        let listed = &self.prepared_listed[&(entity, name)];
        let prepared = &self.prepared_readings[self.reading_key.as_str()];
        vigil_match::compare_prepared(prepared, listed) as f32
    }
}

impl DocumentScan<'_, '_> {
    /// The document's date (`2026-09-12`, as extraction gives it), before
    /// the first chunk: a monitor's end dated to an earlier year is history.
    pub fn set_date(&mut self, date: Option<&str>) {
        self.year = date.and_then(|d| d.get(..4)).and_then(|y| y.parse().ok());
    }

    /// The document's title, before the first chunk (see
    /// [`Session::scan_document`]).
    pub fn set_title(&mut self, title: Option<&str>) {
        self.title = title.map(str::trim).filter(|t| !t.is_empty()).map(Into::into);
    }

    /// Scans the next chunk of the document. `base` is the chunk's byte
    /// offset in the document; `boilerplate` spans are relative to the chunk.
    /// Chunks should end at a paragraph break so that no sentence is cut.
    pub fn push(&mut self, chunk: &str, base: usize, boilerplate: &[Span]) {
        self.base = base;
        if self.lead_end.is_none() {
            self.lead_end = Some(base.saturating_add(lead_end(chunk, boilerplate)));
        }
        let mut tokens = std::mem::take(&mut self.session.tokens);
        tokens.clear();
        let tables = &self.session.scanner.tables;
        let mut noted = std::mem::take(&mut self.session.marks);
        noted.clear();
        tokenize(chunk, &tables.vocab, &mut self.session.reader, &mut tokens, &mut noted);
        let in_boilerplate = |pos: u32| in_spans(boilerplate, pos as usize);
        let boiler: Vec<bool> = if boilerplate.is_empty() {
            Vec::new()
        } else {
            tokens.iter().map(|t| in_boilerplate(t.start)).collect()
        };
        let is_boiler = |k: usize| boiler.get(k).copied().unwrap_or(false);
        if !self.lead_sanctions {
            let lead = self.lead_end.unwrap_or(usize::MAX).saturating_sub(base);
            self.lead_sanctions = tokens
                .iter()
                .enumerate()
                .take_while(|(_, t)| (t.start as usize) < lead)
                .any(|(k, _)| !is_boiler(k) && speaks_of_sanctions(tables, &tokens[k..]));
        }
        // Sentences only where a rule needs one: most of a text has none.
        let mut sentences = LazySentences::noted(chunk, &noted);

        let mut in_name = vec![0u8; tokens.len()];
        let mut imo_mentions = Vec::new();
        // The passes run block by block so that a block's tokens stay in
        // cache between them (a chunk's tokens are megabytes; each pass over
        // all of them went to memory). Blocks end at paragraph breaks, which
        // no name, sentence or rule spans (the token after one has
        // `flag::BREAK`), so the findings are those of whole-chunk passes.
        let mut starts = PassStarts::default();
        let mut lo = 0;
        while lo < tokens.len() {
            let block = lo..block_end(chunk, &tokens, lo, self.session.block_tokens);
            lo = block.end;
            // Every later pass asks the hot bits of each token (the
            // tokenizer set them): the few tokens a pass starts from are
            // listed here, so that the passes skip the rest of the text.
            let tables = &self.session.scanner.tables;
            starts.clear();
            for (k, t) in tokens[block.clone()].iter().enumerate() {
                starts.note(tables, block.start + k, t);
            }
            let candidates = self.candidates(chunk, &tokens, &starts.name_starts, &is_boiler);
            let kept = resolve_overlaps(candidates);
            let caps = &starts.caps;
            self.accept(chunk, &tokens, block.clone(), &mut sentences, kept, caps, &mut in_name);
            self.imo_numbers(chunk, &tokens, &starts.imo, &is_boiler, &mut imo_mentions);
            self.indicators(chunk, &tokens, &starts.triggers, &mut sentences, &is_boiler, &in_name);
        }
        // After the names of the whole chunk, as whole-chunk passes added
        // them (which mentions are kept at MAX_MENTIONS depends on the order).
        for mention in imo_mentions {
            self.add_mention(mention);
        }
        drop(sentences);
        self.session.tokens = tokens;
        self.session.marks = noted;
    }

    /// Settles what needed the whole document and returns the findings.
    pub fn finish(mut self) -> Findings {
        for pending in std::mem::take(&mut self.pending) {
            let e = pending.mention.entity;
            let entity = self.session.scanner.entity(e);
            let imo_seen =
                entity.identifiers_of(vigil_model::IdKind::Imo).any(|i| self.imos.contains(i));
            let ship = pending.ship_nearby && matches!(entity.schema, Schema::Vessel);
            let about_dprk = pending.dprk_context && self.dprk_words > 0;
            if self.full.contains(e) || imo_seen || ship || about_dprk {
                self.add_mention(pending.mention);
            }
        }
        let scanner = self.session.scanner;
        // A namesake ship, unless the text also gives the listed one's IMO.
        // In a text that never says North Korea and gives one IMO number,
        // another ship's, a listed ship's name is that ship's ("the bulk
        // carrier Orion Star ... The 2010-built Kamsarmax (IMO 9465124)").
        // And in a text that never says North Korea, a ship listed for North
        // Korea alone is a namesake ("The Supramax bulk carrier Jin Tai ...
        // carrying Indonesian coal").
        // And a name once given in a civilian's role is a namesake in all
        // its mentions ("Goalkeeper Kim Kyong-ok ... Kim Kyong-ok, 16").
        let (other_imo, imos, civilians) = (&self.other_imo, &self.imos, &self.civilians);
        let no_dprk = self.dprk_words == 0;
        let one_other_ship = no_dprk && imos.len() == 1;
        self.findings.mentions.retain(|m| {
            let entity = scanner.entity(m.entity);
            let own_imo_seen =
                || entity.identifiers_of(vigil_model::IdKind::Imo).any(|i| imos.contains(i));
            let vessel = entity.schema == Schema::Vessel;
            let dprk_only = scanner.tables.about_dprk_entity.get(m.entity) == Some(&true);
            let another_ships = other_imo.contains(m.entity)
                || one_other_ship
                    && vessel
                    && entity.identifiers_of(vigil_model::IdKind::Imo).next().is_some()
                || no_dprk && vessel && dprk_only;
            let ship_kept = !another_ships || m.via == Via::Imo || own_imo_seen();
            ship_kept && !civilians.contains(m.entity)
        });
        if no_dprk {
            // "Culture Minister Kim Jong-sik": a Korean name listed under a
            // DPRK programme, in a text that never says North Korea, is a
            // South Korean namesake (not Kim Jong Un: the lexicon's own DPRK
            // word, see `Tables::dprk_korean_person`).
            let korean = &scanner.tables.dprk_korean_person;
            self.findings.mentions.retain(|m| !korean.get(m.entity).copied().unwrap_or(false));
        }
        let dprk_named = self
            .findings
            .mentions
            .iter()
            .any(|m| scanner.tables.about_dprk_entity.get(m.entity).copied().unwrap_or(false));
        // About North Korea: said so, or a listed DPRK name (Lazarus Group
        // stole ...) unless the text denies North Korea a part; a service
        // listed under other programmes too (Tornado Cash) is not enough.
        self.findings.about_dprk =
            self.dprk_words >= DPRK_WORDS_ABOUT || dprk_named && !self.dprk_negated;
        if self.findings.about_dprk {
            let mut pending = std::mem::take(&mut self.pending_indicators);
            // "traced to a teen crew, not North Korea": where the text
            // denies North Korea a part, a claim needs it in its own
            // sentence (the text may still recall North Korea's hacks).
            if self.dprk_negated {
                pending.retain(|p| p.anchored);
            }
            // An explainer of what the rules ban ("all sales of luxury goods
            // to North Korea are prohibited") reports nothing: its rules
            // count only beside a sentence that reports a breach or a
            // designation. News about the monitors alone does not make them
            // reports (a lawyer who "credits the reports of the Panel").
            let reports = pending
                .iter()
                .any(|p| !p.weak && p.indicator.category != Category::MonitoringMechanism);
            if !reports {
                pending.retain(|p| !p.weak);
            }
            // News is told first: a text whose lead neither reports a
            // breach by North Korea or a listed party nor speaks of
            // sanctions, and whose claims all come later, is telling
            // background (a tanker market report recalling how sanctioned
            // ships met at sea; Malaysia's new rules for ship-to-ship
            // transfers). A summit story that opens on "U.S.-imposed
            // sanctions" may report arms deals further down.
            let lead_end = self.lead_end.unwrap_or(usize::MAX);
            // (A text no longer than its lead has no background.)
            if !(lead_end == usize::MAX
                || self.lead_sanctions
                || pending.iter().any(|p| p.indicator.start < lead_end && p.anchored))
            {
                // A summit story ("Putin welcomed North Korean leader Kim")
                // that reports at its twelfth sentence that "North Korea has
                // shipped millions of artillery shells": what is no lawful
                // trade still counts, in a sentence naming North Korea or a
                // listed party, when the lead is about North Korea.
                let lead_about_dprk = self.first_dprk.is_some_and(|at| at < lead_end);
                pending.retain(|p| {
                    lead_about_dprk && p.anchored && UNLAWFUL.contains(&p.indicator.category)
                });
            }
            for PendingIndicator { indicator, .. } in pending {
                if self.findings.indicators.len() < MAX_INDICATORS {
                    self.findings.indicators.push(indicator);
                } else {
                    self.findings.dropped += 1;
                }
            }
        }
        let f = &mut self.findings;
        f.mentions.sort_by_key(|a| (a.start, a.end, a.entity));
        f.mentions.dedup_by(|a, b| a.start == b.start && a.end == b.end && a.entity == b.entity);
        f.indicators.sort_by_key(|a| (a.start, a.category));
        std::mem::take(&mut self.findings)
    }

    fn add_mention(&mut self, mention: Mention) {
        if self.findings.mentions.len() < MAX_MENTIONS {
            self.findings.mentions.push(mention);
        } else {
            self.findings.dropped += 1;
        }
    }

    /// Walks the automaton from every token that starts a name and confirms
    /// each pattern it ends.
    fn candidates(
        &mut self,
        chunk: &str,
        toks: &[Token],
        name_starts: &[usize],
        is_boiler: &dyn Fn(usize) -> bool,
    ) -> Vec<Candidate> {
        let tables = &self.session.scanner.tables;
        // Candidates as (first, last, pattern, offset of the path in `paths`):
        // one flat buffer instead of two vectors per candidate.
        let mut raw: Vec<(usize, usize, u32, usize)> = Vec::new();
        let mut paths: Vec<(u32, bool)> = Vec::new();
        let mut path: Vec<(u32, bool)> = Vec::with_capacity(MAX_NAME_TOKENS);
        for &i in name_starts {
            if is_boiler(i) {
                continue;
            }
            // Most walks end at their first word (`The tanker`, `Officials
            // in`): that case is settled here, as `walk` would settle it,
            // without setting up the general walk.
            if let Some(state) = first_word_only(tables, chunk, toks, i) {
                let pats = tables.ends_at(state);
                if !pats.is_empty() {
                    let offset = paths.len();
                    paths.push((toks[i].id, false));
                    raw.extend(pats.iter().map(|&p| (i, i, p, offset)));
                }
                continue;
            }
            path.clear();
            walk_chain(tables, chunk, toks, i, &mut path, &mut |last, state, path| {
                let pats = tables.ends_at(state);
                if !pats.is_empty() {
                    let offset = paths.len();
                    paths.extend_from_slice(path);
                    for &p in pats {
                        raw.push((i, last, p, offset));
                    }
                }
            });
        }
        let mut out = Vec::new();
        let mut reading = String::new();
        for (first, last, p, offset) in raw {
            let steps = &paths[offset..offset + (last - first + 1)];
            let pattern = tables.patterns[p as usize];
            if !well_formed(tables, chunk, toks, first, last, &pattern, pattern.schema) {
                continue;
            }
            // A path of vocabulary words as written is the pattern's own
            // (the automaton is a trie), so the pattern decides the score.
            let own_words = steps.iter().all(|&(_, by_key)| !by_key);
            let scores = &self.session.scanner.scores;
            let score = match scores.get(p).filter(|_| own_words) {
                Some(score) => score,
                None => {
                    spell_reading(tables, chunk, toks, first, steps, &mut reading);
                    let (entity, name) = (pattern.entity, pattern.name);
                    if own_words {
                        // Scored once: the pattern's memo is its cache.
                        let score = self.session.screen(&reading, entity, name);
                        scores.set(p, score);
                        score
                    } else {
                        self.session.confirm(&reading, entity, name)
                    }
                }
            };
            if (score as f64) >= self.session.scanner.threshold {
                out.push(Candidate { first, last, pattern: p, score });
            }
        }
        out
    }

    #[allow(clippy::too_many_arguments)]
    fn accept(
        &mut self,
        chunk: &str,
        toks: &[Token],
        block: std::ops::Range<usize>,
        sentences: &mut LazySentences<'_>,
        kept: Vec<Candidate>,
        caps: &[usize],
        in_name: &mut [u8],
    ) {
        let scanner = self.session.scanner;
        let tables = &scanner.tables;
        let mut next = 0usize;
        let mut cap = 0usize;
        let mut k = block.start;
        while k < block.end {
            // Candidates that start inside an accepted name overlap it and are
            // dropped; skipping them first lets one that starts right here, after
            // such a candidate, still be seen (A-B, B-C, C-D keeps A-B and C-D).
            while next < kept.len() && kept[next].first < k {
                next += 1;
            }
            if next < kept.len() && kept[next].first == k {
                // Every candidate starting here (same span, several entities).
                let mut last = k;
                while next < kept.len() && kept[next].first == k {
                    let c = kept[next].clone();
                    next += 1;
                    last = last.max(c.last);
                    let pattern = tables.patterns[c.pattern as usize];
                    if another_countrys(scanner, chunk, toks, &c, pattern) {
                        continue;
                    }
                    if civilian_namesake(scanner, chunk, toks, &c, pattern) {
                        self.civilians.insert(pattern.entity as usize);
                        continue;
                    }
                    in_name[c.first..=c.last].iter_mut().for_each(|x| *x |= name_word::NAMED);
                    if matches!(pattern.schema, Schema::Vessel) {
                        self.note_other_imo(chunk, toks, &c, pattern.entity as usize);
                    }
                    let (start, end) = (toks[c.first].start as usize, toks[c.last].end as usize);
                    let mention = Mention {
                        entity: pattern.entity as usize,
                        text: Snippet::from(&chunk[start..end]),
                        start: self.base + start,
                        end: self.base + end,
                        score: round4(c.score),
                        via: if pattern.needs_context { Via::Alias } else { Via::Name },
                    };
                    if pattern.needs_context {
                        // Next to the name ("the tanker X", "X (IMO 8660313)"), not
                        // anywhere in its sentence: "tanker owners rose on the Oslo
                        // stock exchange" names no vessel OSLO.
                        let near =
                            c.first.saturating_sub(SHIP_WORD_BEFORE)..=c.last + SHIP_WORD_AFTER;
                        let sentence = sentence_tokens(toks, sentences, c.first);
                        let ship_nearby =
                            sentence.clone().filter(|k| near.contains(k)).any(|k| {
                                // Either reading: судно reads as "vessel".
                                [toks[k].id, toks[k].alt].iter().any(|&id| {
                                    id != NONE
                                        && tables.word_info(id).roles & (role::SHIP | role::IMO)
                                            != 0
                                })
                            }) || appositive_ship(tables, chunk, toks, c.last, sentence.end)
                                || ((listed_vessel_alongside(scanner, toks, &kept, &c)
                                    || set_off_by_commas(tables, toks, &c, sentence.end))
                                    && sentence.clone().any(|k| {
                                        k < c.first
                                            && c.first - k <= 10
                                            && tables.word_info(toks[k].id).roles & role::VESSEL
                                                != 0
                                    }));
                        let dprk_context = pattern.dprk_context;
                        if ship_nearby && matches!(pattern.schema, Schema::Vessel) {
                            in_name[c.first..=c.last]
                                .iter_mut()
                                .for_each(|x| *x |= name_word::REPORTED);
                        }
                        self.pending.push(Pending { mention, ship_nearby, dprk_context });
                    } else {
                        in_name[c.first..=c.last]
                            .iter_mut()
                            .for_each(|x| *x |= name_word::REPORTED);
                        self.full.insert(pattern.entity as usize);
                        if pattern.surname != NONE {
                            self.surnames
                                .insert(mix(pattern.surname), (pattern.entity as usize, c.score));
                        }
                        self.add_mention(mention);
                    }
                }
                k = last + 1;
                continue;
            }
            // Between names only a capitalised word may be a surname: go on
            // at the next one, or at the next candidate if that comes first.
            while cap < caps.len() && caps[cap] < k {
                cap += 1;
            }
            let candidate_at = kept.get(next).map_or(usize::MAX, |c| c.first);
            match caps.get(cap) {
                Some(&c) if c < candidate_at => k = c,
                _ if candidate_at < block.end => {
                    k = candidate_at;
                    continue;
                }
                _ => break,
            }
            if !self.surnames.is_empty() && self.back_reference(chunk, toks, k) {
                in_name[k] = name_word::NAMED | name_word::REPORTED;
            }
            k += 1;
        }
    }

    /// A surname alone after a full mention of the same person.
    fn back_reference(&mut self, chunk: &str, toks: &[Token], k: usize) -> bool {
        if self.surnames.is_empty() {
            return false;
        }
        let t = toks[k];
        let hit = [t.id, t.alt]
            .into_iter()
            .filter(|&id| id != NONE)
            .find_map(|id| self.surnames.get(&mix(id)).copied());
        let Some((entity, score)) = hit else {
            return false;
        };
        // 이후 ("after") reads `i hu`: its first syllable is the surname Ri
        // of 리창호, but a surname alone is a word of its own.
        let starts_a_word = toks.get(k + 1).is_some_and(|n| n.has(flag::SAME_WORD));
        if !t.has(flag::CAP) || t.has(flag::SAME_WORD) || starts_a_word {
            return false;
        }
        let tables = &self.session.scanner.tables;
        // Andrew Kim, Kim Yo Jong: another name around the surname.
        if let Some(next) = toks.get(k + 1) {
            if is_name_like(tables, next) && !next.has(flag::BREAK) && !t.has(flag::POSSESSIVE) {
                return false;
            }
        }
        if k > 0 && !t.has(flag::BREAK) {
            let prev = toks[k - 1];
            let info = tables.word_info(prev.id);
            // Andrew Kim: a given name before the surname. A capitalised first
            // word of a sentence (Later Putin left) is one only if lists know it.
            let given = is_name_like(tables, &prev)
                && (!prev.has(flag::BREAK) || info.roles & crate::build::NAME_TOKEN != 0);
            if given && !prev.has(flag::POSSESSIVE) && info.roles & role::TITLE == 0 {
                return false;
            }
        }
        let (start, end) = (t.start as usize, t.end as usize);
        self.add_mention(Mention {
            entity,
            text: Snippet::from(&chunk[start..end]),
            start: self.base + start,
            end: self.base + end,
            score: round4(score),
            via: Via::Surname,
        });
        true
    }

    /// Notes a listed vessel whose name is followed by an IMO number that
    /// is not the vessel's ("Lucky Star (IMO 9512368)").
    fn note_other_imo(&mut self, chunk: &str, toks: &[Token], c: &Candidate, entity: usize) {
        let next = c.last + 1;
        let tables = &self.session.scanner.tables;
        if toks.get(next).is_none_or(|t| tables.hot(t.id) & hot::IMO == 0) {
            return;
        }
        let Some(digits) = seven_digits_after(chunk, toks, next) else {
            return;
        };
        let value = &chunk[digits.start as usize..digits.end as usize];
        let entity_record = self.session.scanner.entity(entity);
        let listed: Vec<&str> = entity_record.identifiers_of(vigil_model::IdKind::Imo).collect();
        if listed.is_empty() || listed.contains(&value) {
            return;
        }
        // A number with a wrong check digit one slip from the listed one (a
        // digit changed, two swapped) is the listed ship's, mistyped; further
        // off, it is another ship's ("Lucky Star (IMO 9512368)" against the
        // listed LUCKY STAR, IMO 9015278).
        let mistyped = !imo_is_valid(value) && listed.iter().any(|l| digits_apart(l, value) <= 2);
        if !mistyped {
            self.other_imo.insert(entity);
        }
    }

    fn imo_numbers(
        &mut self,
        chunk: &str,
        toks: &[Token],
        imo_words: &[usize],
        is_boiler: &dyn Fn(usize) -> bool,
        mentions: &mut Vec<Mention>,
    ) {
        let scanner = self.session.scanner;
        let tables = &scanner.tables;
        for &k in imo_words {
            let t = &toks[k];
            if tables.hot(t.id) & hot::IMO == 0 || is_boiler(k) {
                continue;
            }
            let Some(digits) = imo_digits(chunk, toks, k) else {
                continue;
            };
            let value = &chunk[digits.start as usize..digits.end as usize];
            let (start, end) = (t.start as usize, digits.end as usize);
            let entities: Vec<usize> = tables
                .imo
                .get(value)
                .map(|v| v.iter().map(|&e| e as usize).collect())
                .unwrap_or_default();
            self.imos.insert(value.to_string());
            for &e in &entities {
                mentions.push(Mention {
                    entity: e,
                    text: Snippet::from(&chunk[start..end]),
                    start: self.base + start,
                    end: self.base + end,
                    score: 1.0,
                    via: Via::Imo,
                });
            }
            self.findings.imo_numbers.push(ImoNumber {
                imo: value.to_string(),
                start: self.base + start,
                end: self.base + end,
                entities,
            });
        }
    }

    /// Classifies every sentence with a word that can raise an indicator,
    /// and notes whether the text speaks of North Korea.
    fn indicators(
        &mut self,
        chunk: &str,
        toks: &[Token],
        triggers: &[usize],
        sentences: &mut LazySentences<'_>,
        is_boiler: &dyn Fn(usize) -> bool,
        in_name: &[u8],
    ) {
        let tables = &self.session.scanner.tables;
        let north = tables.vocab.get("north");
        let the = tables.vocab.get("the");
        let mut done_until = 0usize; // tokens before this are classified
        let mut hits = Vec::with_capacity(32);
        let mut raised = Vec::new();
        for &k in triggers {
            let t = toks[k];
            let bits = t.hot;
            if is_boiler(k) {
                continue;
            }
            if bits & hot::DPRK != 0 && dprk_term_at(tables, toks, k) {
                self.last_dprk = Some(self.base + t.start as usize);
                if self.dprk_words < DPRK_WORDS_ABOUT {
                    let (from, end) = sentences
                        .at(t.start as usize)
                        .map_or((k, k), |s| tokens_within(toks, k, s));
                    // "online speculation tying the case to North Korean
                    // hackers" puts North Korea's part in doubt as a denial does.
                    if negated(tables, chunk, &toks[from..k])
                        || hearsay(tables, &toks[from..k])
                        || korean_hearsay_after(tables, chunk, &toks[k..end.max(k)])
                    {
                        self.dprk_negated = true;
                    } else {
                        self.dprk_words += 1;
                        self.first_dprk.get_or_insert(self.base + t.start as usize);
                    }
                }
            }
            if bits & hot::INDICATOR == 0 || k < done_until || !may_raise(tables, toks, k) {
                continue;
            }
            let Some(span) = sentences.at(t.start as usize) else {
                continue;
            };
            let (first, end) = tokens_within(toks, k, span);
            done_until = end;
            let sentence = &toks[first..end];
            let masked = in_name.get(first..end).unwrap_or(&[]);
            let dated = indicators::Dated { text: chunk, year: self.year };
            indicators::classify(tables, sentence, masked, dated, &mut hits, &mut raised);
            // "Hanwha signed a deal to supply howitzers to Poland", in a story
            // that mentions deterring North Korea: trade categories want
            // North Korea, or a listed name, in their own sentence.
            // The previous sentence's North Korea counts too: "North Korea's
            // economy grew. ... the isolated country's coal is smuggled".
            let last_dprk = self.last_dprk;
            let base = self.base;
            let mut anchored_before = || {
                let last_char = chunk[..span.start].trim_end().char_indices().next_back();
                let previous = last_char.and_then(|(p, _)| sentences.at(p));
                previous.zip(last_dprk).is_some_and(|(prev, last)| {
                    last >= base + prev.start && last < base + span.start
                })
            };
            // "the two vessels were conducting a ship-to-ship transfer of
            // refined petroleum": cargo moved by an evasion at sea.
            let at_sea = raised.iter().any(|r| {
                matches!(r.category, Category::ShipToShipTransfer | Category::VesselIdentityFraud)
            });
            let named = masked.iter().any(|&w| w & name_word::REPORTED != 0);
            // "speculated that part of the laundered funds overlapped with
            // wallets used by North Korea's Lazarus Group": hearsay anchors
            // nothing. (Read once, for sentences that raise something.)
            let told = !raised.is_empty() && hearsay(tables, sentence);
            if raised.iter().any(|r| ANCHORED.contains(&r.category))
                && (told
                    || !(about_dprk(tables, sentence)
                        || at_sea
                        || named
                        || says_the_north(sentence, north, the)
                        || anchored_before()))
            {
                raised.retain(|r| !ANCHORED.contains(&r.category));
            }
            // Asked only of sentences that raise something (see `finish`).
            // "initially linked on social media to the Lazarus Group": a name
            // in hearsay anchors no more than North Korea does.
            let own_anchor =
                !raised.is_empty() && !told && (named || dprk_unnegated(tables, chunk, sentence));
            // A headline ("Explainer: what North Korea may import — oil
            // caps, luxury goods") or a question ("How much oil can North
            // Korea import?") reports nothing of its own: it counts beside a
            // sentence of the text that does.
            let text = chunk[span.start..span.end].trim();
            // (The sentence may run on into the date line below the headline.)
            let headline = self
                .title
                .as_deref()
                .is_some_and(|t| text.len() >= 8 && (t.contains(text) || text.starts_with(t)));
            let question = text.ends_with(['?', '？']);
            for raised in raised.drain(..) {
                let slice = |(a, b): (usize, usize)| {
                    &chunk[sentence[a].start as usize..sentence[b - 1].end as usize]
                };
                let indicator = Indicator {
                    category: raised.category,
                    trigger: Snippet::joined(
                        raised.trigger.ranges().iter().map(|&r| slice(r)),
                        " + ",
                    ),
                    sentence: Snippet::from(&chunk[span.start..span.end]),
                    start: self.base + span.start,
                    end: self.base + span.end,
                    claimed_by: raised.claimant.map(|r| Snippet::from(slice(r))),
                    stance: raised.stance,
                };
                if self.pending_indicators.len() < MAX_INDICATORS {
                    self.pending_indicators.push(PendingIndicator {
                        indicator,
                        anchored: own_anchor,
                        weak: raised.weak || headline || question,
                    });
                } else {
                    self.findings.dropped += 1;
                }
            }
        }
    }
}

/// Whether an organisation's name is written as another country's own
/// ("the Russian Ministry of Defence", "South Korea's Ministry of National
/// Defense") than any the list gives the entity (North Korea for a DPRK
/// programme's). Unknown countries tell nothing.
fn another_countrys(
    scanner: &Scanner,
    chunk: &str,
    toks: &[Token],
    c: &Candidate,
    pattern: Pattern,
) -> bool {
    if matches!(pattern.schema, Schema::Person | Schema::Vessel | Schema::Aircraft)
        || c.first == 0
        || toks[c.first].has(flag::BREAK)
    {
        return false;
    }
    let word = |k: usize| &chunk[toks[k].start as usize..toks[k].end as usize];
    let before = c.first - 1;
    let code_of = |phrase: &str| {
        if toks[before].has(flag::POSSESSIVE) {
            vigil_model::country_code(phrase)
        } else {
            crate::lexicon::DEMONYMS.iter().find(|(d, _)| *d == phrase).map(|&(_, code)| code)
        }
    };
    // "South Korea's", "Russia's", "Russian", "South Korean", "U.S." (its dots
    // are no break): the two words first, then the last. Lower-cased in
    // place (this runs for most organisations the text names).
    let mut buf = [0u8; 64];
    let two = (before > 0 && !toks[before].has(flag::BREAK))
        .then(|| code_of(&ascii_lower(&[word(before - 1), word(before)], &mut buf)))
        .flatten();
    let code = two.or_else(|| code_of(&ascii_lower(&[word(before)], &mut buf)));
    let Some(code) = code else {
        return false;
    };
    let entity = pattern.entity as usize;
    let e = scanner.entity(entity);
    let dprk = scanner.tables.dprk_entity.get(entity).copied().unwrap_or(false);
    let mut countries = crate::build::entity_countries(e).chain(dprk.then_some("kp")).peekable();
    countries.peek().is_some() && !countries.any(|c| c == code)
}

/// Whether a person listed under a DPRK programme is named here in a
/// civilian's role, which no one listed for North Korea holds: "said Jang
/// Song-chol, a maritime analyst at the Korea Maritime Institute", "Rep.
/// Kang Chol-su", "spokesperson Yu Jin". South Korean names are often
/// spelled like listed North Koreans'.
fn civilian_namesake(
    scanner: &Scanner,
    chunk: &str,
    toks: &[Token],
    c: &Candidate,
    pattern: Pattern,
) -> bool {
    let entity = pattern.entity as usize;
    if !matches!(pattern.schema, Schema::Person)
        || !scanner.tables.dprk_entity.get(entity).copied().unwrap_or(false)
    {
        return false;
    }
    let is_role = |k: usize| {
        let word = &chunk[toks[k].start as usize..toks[k].end as usize];
        let word = word.trim_end_matches('.');
        crate::lexicon::CIVILIAN_ROLES.iter().any(|r| r.eq_ignore_ascii_case(word))
    };
    // A title's dot ("Rep.") is no break here.
    let before = c.first > 0 && is_role(c.first - 1);
    // ", a (maritime|research) analyst at": an apposition of up to four
    // words (a token's BREAK is the punctuation before it).
    let after = toks.get(c.last + 1).is_some_and(|t| t.has(flag::BREAK))
        && (c.last + 1..(c.last + 5).min(toks.len()))
            .take_while(|&k| k == c.last + 1 || !toks[k].has(flag::BREAK))
            .any(is_role);
    before || after
}

/// `words` joined by spaces, ASCII letters lower-cased (as
/// `str::to_ascii_lowercase`), in `buf` when they fit.
fn ascii_lower<'b>(words: &[&str], buf: &'b mut [u8; 64]) -> std::borrow::Cow<'b, str> {
    let len = words.iter().map(|w| w.len()).sum::<usize>() + words.len().saturating_sub(1);
    if len > buf.len() {
        return words.join(" ").to_ascii_lowercase().into();
    }
    let mut at = 0;
    for (k, w) in words.iter().enumerate() {
        if k > 0 {
            buf[at] = b' ';
            at += 1;
        }
        buf[at..at + w.len()].copy_from_slice(w.as_bytes());
        at += w.len();
    }
    buf[..at].make_ascii_lowercase();
    // Whole words of a `&str` and ASCII spaces: still UTF-8.
    std::str::from_utf8(&buf[..at]).unwrap_or_default().into()
}

/// Whether a word of the text, lower-cased, is a legal form (PJSC, LLC).
fn is_legal_form(word: &str) -> bool {
    if word.is_ascii() {
        let mut buf = [0u8; 64];
        vigil_match::legal::is_legal_form(&ascii_lower(&[word], &mut buf))
    } else {
        vigil_match::legal::is_legal_form(&word.to_lowercase())
    }
}

/// The number token of a valid IMO number written after the `IMO` word at
/// token `k`: IMO 8604917, IMO No. 8604917, IMO number: 8604917.
fn imo_digits<'t>(chunk: &str, toks: &'t [Token], k: usize) -> Option<&'t Token> {
    let digits = seven_digits_after(chunk, toks, k)?;
    imo_is_valid(&chunk[digits.start as usize..digits.end as usize]).then_some(digits)
}

/// The number token of seven digits after the `IMO` word at token `k`, its
/// check digit right or wrong (see [`imo_digits`]).
fn seven_digits_after<'t>(chunk: &str, toks: &'t [Token], k: usize) -> Option<&'t Token> {
    let mut j = k + 1;
    while j < toks.len() && j <= k + 2 && !toks[j].has(flag::DIGITS) {
        let w = &chunk[toks[j].start as usize..toks[j].end as usize];
        if !(w.eq_ignore_ascii_case("no")
            || w.eq_ignore_ascii_case("number")
            || w.eq_ignore_ascii_case("nr"))
        {
            return None;
        }
        j += 1;
    }
    toks.get(j).filter(|d| d.has(flag::DIGITS) && d.end - d.start == 7)
}

/// In how many places two numbers of the same length differ (more than any
/// when their lengths differ).
fn digits_apart(a: &str, b: &str) -> usize {
    if a.len() != b.len() {
        return usize::MAX;
    }
    a.bytes().zip(b.bytes()).filter(|(x, y)| x != y).count()
}

/// The reading the engine confirms for a candidate from token `first`: each
/// step's vocabulary word, or the text's own word (lower case) where the
/// step was found through its Korean spelling key.
fn spell_reading(
    tables: &Tables,
    chunk: &str,
    toks: &[Token],
    first: usize,
    steps: &[(u32, bool)],
    reading: &mut String,
) {
    reading.clear();
    for (k, &(id, by_key)) in steps.iter().enumerate() {
        if k > 0 {
            reading.push(' ');
        }
        if by_key {
            let t = toks[first + k];
            reading.push_str(&chunk[t.start as usize..t.end as usize].to_ascii_lowercase());
        } else {
            reading.push_str(tables.vocab.word(id));
        }
    }
}

/// The screening engine's score of each pattern read as its own words,
/// once known: shared by every session and thread of a scanner, since the
/// score is a function of the pattern alone (a race only scores a pattern
/// twice).
pub(crate) struct PatternScores(Vec<AtomicU32>);

/// Bits of a score not known yet (a NaN no score is).
const UNKNOWN: u32 = u32::MAX;

impl PatternScores {
    pub(crate) fn new(patterns: usize) -> PatternScores {
        PatternScores((0..patterns).map(|_| AtomicU32::new(UNKNOWN)).collect())
    }

    fn get(&self, pattern: u32) -> Option<f32> {
        let bits = self.0.get(pattern as usize)?.load(Ordering::Relaxed);
        (bits != UNKNOWN).then(|| f32::from_bits(bits))
    }

    fn set(&self, pattern: u32, score: f32) {
        if let Some(slot) = self.0.get(pattern as usize) {
            slot.store(score.to_bits(), Ordering::Relaxed);
        }
    }
}

/// A set of entity indices, one bit each: a tree set's insert, once per full
/// mention, went to memory at every level.
#[derive(Default)]
struct EntitySet(Vec<u64>);

impl EntitySet {
    fn insert(&mut self, entity: usize) {
        let (word, bit) = (entity / 64, entity % 64);
        if self.0.len() <= word {
            self.0.resize(word + 1, 0);
        }
        self.0[word] |= 1 << bit;
    }

    fn contains(&self, entity: usize) -> bool {
        self.0.get(entity / 64).is_some_and(|w| w & (1 << (entity % 64)) != 0)
    }
}

/// The tokens of a block that the passes start from, in text order.
#[derive(Default)]
struct PassStarts {
    /// Tokens a name may start at (see [`DocumentScan::candidates`]).
    name_starts: Vec<usize>,
    /// `IMO`, maybe.
    imo: Vec<usize>,
    /// Words that can raise an indicator or say North Korea.
    triggers: Vec<usize>,
    /// Capitalised words (a surname alone may be one).
    caps: Vec<usize>,
}

impl PassStarts {
    fn clear(&mut self) {
        self.name_starts.clear();
        self.imo.clear();
        self.triggers.clear();
        self.caps.clear();
    }

    /// Notes token `k` (its hot bits set) in the lists its bits call for.
    #[inline]
    fn note(&mut self, tables: &Tables, k: usize, t: &Token) {
        if t.has(flag::CAP) {
            self.caps.push(k);
        }
        if t.hot == 0 {
            return;
        }
        // Not inside a native word: 사이버 공격은 ("cyber attack") reads
        // `sa i po kong gyok`, and a name starting at its `po` crossed words.
        if t.hot & hot::NAME != 0 && !t.has(flag::SAME_WORD) && may_start_name(tables, t) {
            self.name_starts.push(k);
        }
        if t.hot & hot::IMO != 0 {
            self.imo.push(k);
        }
        if t.hot & (hot::DPRK | hot::INDICATOR) != 0 {
            self.triggers.push(k);
        }
    }
}

/// The state after token `i` alone when a walk from it can go no further
/// (so that [`walk`] would report that state and stop), or `NONE` when no
/// name starts with it; `None` when the general walk is needed: the token
/// has a second reading, or the next token may go on with a name (it
/// continues some name, or the first word is Korean and the next one may be
/// another spelling of a syllable).
#[inline]
fn first_word_only(tables: &Tables, chunk: &str, toks: &[Token], i: usize) -> Option<u32> {
    let t = &toks[i];
    if t.alt != NONE && t.alt != t.id {
        return None;
    }
    let state = tables.step(0, t.id);
    if state == NONE {
        return Some(NONE);
    }
    let goes_on = toks.get(i + 1).is_some_and(|n| {
        !breaks_name(tables, chunk, toks, i)
            && (n.has(flag::HYPHENATED) || may_stand_in_name(tables, n))
            && (n.hot & hot::CONT != 0 || tables.word_info(t.id).korean)
    });
    (!goes_on).then_some(state)
}

/// Whether the punctuation before token `j + 1` (which must exist) ends a
/// name that token `j` is in: any hard punctuation does, except an opening
/// quote after a legal form, as Russian writes a company's name (ООО
/// «Алис», АО «Совкомфлот»).
#[inline]
fn breaks_name(tables: &Tables, chunk: &str, toks: &[Token], j: usize) -> bool {
    let (t, next) = (&toks[j], &toks[j + 1]);
    if !next.has(flag::BREAK) {
        return false;
    }
    let gap = chunk.get(t.end as usize..next.start as usize).unwrap_or("").trim();
    let quoted = matches!(gap, "«" | "\"" | "“" | "„");
    // The word as read (ООО reads `ooo`).
    let legal_form =
        || [t.id, t.alt].into_iter().any(|id| id != NONE && is_legal_form(tables.vocab.word(id)));
    !(quoted && legal_form())
}

/// Called by [`walk`] with the last token, the state and the path (vocabulary
/// id, found through a Korean spelling key) of every state reached.
type Found<'f> = dyn FnMut(usize, u32, &[(u32, bool)]) + 'f;

/// [`walk`] from token `first` at the root, as a loop while the walk is a
/// chain (one reading per token, no Korean respelling to try): most walks
/// are, and the recursive walk's set-up was most of their cost. Where the
/// walk may branch, the recursive walk takes over from that token; the
/// states are reported in the recursive walk's order.
fn walk_chain<F: FnMut(usize, u32, &[(u32, bool)])>(
    tables: &Tables,
    chunk: &str,
    toks: &[Token],
    first: usize,
    path: &mut Vec<(u32, bool)>,
    found: &mut F,
) {
    let mut state = 0;
    let mut j = first;
    loop {
        let t = &toks[j];
        if t.alt != NONE && t.alt != t.id {
            walk(tables, chunk, toks, first, j, state, path, found);
            return;
        }
        let next = tables.step(state, t.id);
        if next == NONE {
            let korean = state != 0
                && t.has(flag::CAP)
                && path.last().is_some_and(|&(id, _)| tables.word_info(id).korean);
            if korean {
                walk(tables, chunk, toks, first, j, state, path, found);
            }
            return;
        }
        path.push((t.id, false));
        found(j, next, path);
        let goes_on = path.len() < MAX_NAME_TOKENS
            && j + 1 < toks.len()
            && !breaks_name(tables, chunk, toks, j)
            && (toks[j + 1].has(flag::HYPHENATED) || may_stand_in_name(tables, &toks[j + 1]));
        if !goes_on {
            return;
        }
        state = next;
        j += 1;
    }
}

thread_local! {
    /// Room for the Korean key of a word [`walk`] reads another way.
    static KEY_BUF: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Depth-first walk of the automaton from token `i`; `found` is called for
/// every state reached (the caller checks whether names end there).
#[allow(clippy::too_many_arguments)]
fn walk(
    tables: &Tables,
    chunk: &str,
    toks: &[Token],
    first: usize,
    j: usize,
    state: u32,
    path: &mut Vec<(u32, bool)>,
    found: &mut Found<'_>,
) {
    let t = toks[j];
    let mut choices: [(u32, bool); 2] = [(t.id, false), (t.alt, false)];
    if choices[1].0 == choices[0].0 {
        choices[1].0 = NONE;
    }
    let mut advanced = false;
    for (id, by_key) in choices {
        let next = tables.step(state, id);
        if next == NONE {
            continue;
        }
        advanced = true;
        path.push((id, by_key));
        descend(tables, chunk, toks, first, j, next, path, found);
        path.pop();
    }
    // Only inside a Korean-looking name, and for a capitalised word (the
    // word's info is looked up last: it is the one access that may miss the cache).
    if !advanced
        && state != 0
        && t.has(flag::CAP)
        && path.last().is_some_and(|&(id, _)| tables.word_info(id).korean)
    {
        // Another romanisation of a Korean syllable (Chong for Jong).
        let word = &chunk[t.start as usize..t.end as usize];
        if word.is_ascii() && word.len() <= 12 {
            // A known word of the same length is the word lower-cased (no
            // apostrophe was dropped): its alternatives were found at build.
            let known = (t.id != NONE && tables.vocab.word(t.id).len() == word.len())
                .then(|| tables.korean_alternatives.get(t.id as usize))
                .flatten();
            let computed;
            let ids: &[u32] = match known {
                Some(ids) => ids,
                None => {
                    // Often a made-up or unlisted name: no allocation for it.
                    let mut lower = [0u8; 12];
                    lower[..word.len()].copy_from_slice(word.as_bytes());
                    lower.make_ascii_lowercase();
                    let lower = std::str::from_utf8(&lower[..word.len()]).unwrap_or_default();
                    computed = vigil_match::korean::looks_romanized(lower)
                        .then(|| {
                            KEY_BUF.with_borrow_mut(|key| {
                                vigil_match::korean::key_into(lower, key);
                                let key = std::str::from_utf8(key).unwrap_or_default();
                                tables.korean_keys.get(key)
                            })
                        })
                        .flatten();
                    computed.map_or(&[], |v| v.as_slice())
                }
            };
            for &id in ids {
                let next = tables.step(state, id);
                if next != NONE {
                    path.push((id, true));
                    descend(tables, chunk, toks, first, j, next, path, found);
                    path.pop();
                }
            }
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn descend(
    tables: &Tables,
    chunk: &str,
    toks: &[Token],
    first: usize,
    j: usize,
    state: u32,
    path: &mut Vec<(u32, bool)>,
    found: &mut Found<'_>,
) {
    found(j, state, path);
    if path.len() < MAX_NAME_TOKENS
        && j + 1 < toks.len()
        && !breaks_name(tables, chunk, toks, j)
        && (toks[j + 1].has(flag::HYPHENATED) || may_stand_in_name(tables, &toks[j + 1]))
    {
        walk(tables, chunk, toks, first, j + 1, state, path, found);
    }
}

/// Whether a token may be a word of a name that [`well_formed`] accepts:
/// capitalised, digits, a connector (`of`, `bin`) or an organisation word
/// (`group`, which [`well_formed`] takes lower-case in an organisation's
/// name). The walk stops at any other word, since every candidate through it
/// would be rejected; most words of running text are lower-case, so most
/// walks end at once.
#[inline]
fn may_stand_in_name(tables: &Tables, t: &Token) -> bool {
    t.flags & (flag::CAP | flag::DIGITS) != 0
        || tables.hot(t.id) & (hot::CONNECTOR | hot::ORG_WORD) != 0
}

/// Whether a token may be the first word of a name: capitalised, digits, or
/// a name's own particle in lower case (al, bin, van), not `the` or `in`
/// (half the walks on news text began at one) nor a lower-case `company`.
#[inline]
fn may_start_name(tables: &Tables, t: &Token) -> bool {
    t.flags & (flag::CAP | flag::DIGITS) != 0
        || (tables.hot(t.id) & hot::CONNECTOR != 0 && !tables.no_lower_start.contains(&t.id))
}

/// Whether a token looks like part of a proper name: capitalised, in a cased
/// script, and not a lexicon word such as `Said`.
fn is_name_like(tables: &Tables, t: &Token) -> bool {
    if !t.has(flag::CAP) || t.has(flag::CASELESS) || t.has(flag::DIGITS) {
        return false;
    }
    let info = tables.word_info(t.id);
    info.topic | info.strong == 0 && info.roles & !(1u32 << 31) == 0 && !info.common
}

/// Case and neighbours of a candidate: listed names are proper nouns.
#[allow(clippy::too_many_arguments)]
fn well_formed(
    tables: &Tables,
    chunk: &str,
    toks: &[Token],
    first: usize,
    last: usize,
    pattern: &Pattern,
    schema: Schema,
) -> bool {
    let mut capitalised = 0;
    for (k, t) in toks[first..=last].iter().enumerate() {
        if t.has(flag::CAP) || t.has(flag::DIGITS) {
            capitalised += 1;
        } else if k > 0 && t.has(flag::HYPHENATED) {
            // Kim Jong-un: the case of the word before the hyphen.
        } else if k > 0
            && !matches!(schema, Schema::Person | Schema::Vessel | Schema::Aircraft)
            && toks[first].has(flag::CAP)
            && tables.hot(t.id) & hot::ORG_WORD != 0
        {
            // The Lazarus group: the press lower-cases an organisation's
            // generic word.
        } else if tables.word_info(t.id).roles & role::CONNECTOR == 0 {
            return false;
        }
    }
    if capitalised == 0 {
        return false;
    }
    if pattern.acronym_only && !(toks[first].has(flag::ALL_CAPS) || toks[first].has(flag::CASELESS))
    {
        return false;
    }
    // One word of a company's name in Cyrillic is an ordinary word
    // (Эксперт), unless a legal form stands before it: ООО «Аполлон».
    let legal_form_before = || {
        first > 0
            && [toks[first - 1].id, toks[first - 1].alt]
                .into_iter()
                .any(|id| id != NONE && is_legal_form(tables.vocab.word(id)))
    };
    let written_in_ascii = || {
        chunk.get(toks[first].start as usize..toks[last].end as usize).is_some_and(str::is_ascii)
    };
    if pattern.latin_only && !pattern.acronym_only && !written_in_ascii() && !legal_form_before() {
        return false;
    }
    // МИД (Russia's foreign ministry) reads MID, the acronym the lists give
    // the Munitions Industry Department: an acronym is matched as written.
    if pattern.acronym_only && !written_in_ascii() {
        return false;
    }
    // 지방 ("region") reads `chi bang`, an alias of a Chinese trafficker:
    // a Hangul word is read as the name of a Korean, not of anyone else.
    if schema == Schema::Person && !pattern.korean_person && is_hangul_at(chunk, toks[first].start)
    {
        return false;
    }
    // 은 이날 reads `un i nal`, 원 이상을 `won i sang`: a Korean's name in
    // Hangul is one word, not syllables of several.
    if schema == Schema::Person
        && is_hangul_at(chunk, toks[first].start)
        && toks[first + 1..=last].iter().any(|t| !t.has(flag::SAME_WORD))
    {
        return false;
    }
    // 서명 ("signature") reads `so myong`, a listed North Korean: a word of
    // two Hangul syllables is a common word as often as a name, and a
    // two-syllable name at the start of a longer word (서명했다, "signed")
    // is no name at all.
    if schema == Schema::Person
        && last == first + 1
        && toks[last].has(flag::SAME_WORD)
        && hangul_stem_syllables(chunk, &toks[first]).is_some_and(|n| n != 3)
    {
        return false;
    }
    // Эксперт ("expert") reads `ekspert`, an alias of a Russian company: a
    // one-word name in Cyrillic counts in quotes (ООО «Верус», танкер
    // «Ангара»), as the Russian press writes names, not as a bare word.
    if schema != Schema::Person && first == last && is_cyrillic_at(chunk, toks[first].start) {
        let before = chunk[..toks[first].start as usize].trim_end();
        if !before.ends_with(['«', '„', '"', '“']) {
            return false;
        }
    }
    // A ship's longer name: the VLCC Aurora Pioneer is not the ship
    // PIONEER, the Pacific Resolve not PACIFIC, the Victory 2 not VICTORY.
    // Ships are named with common words and numbers, which a person's name
    // does not go on with.
    let common_capitalised = |t: &Token| {
        schema == Schema::Vessel
            && t.has(flag::CAP)
            && !t.has(flag::CASELESS)
            && !t.has(flag::DIGITS)
            && {
                let info = tables.word_info(t.id);
                info.common && info.topic | info.strong == 0 && info.roles & !(1u32 << 31) == 0
            }
    };
    if schema == Schema::Vessel && first > 0 && !toks[first].has(flag::BREAK) {
        let before = &toks[first - 1];
        let name_word = is_name_like(tables, before) || common_capitalised(before);
        if name_word && !before.has(flag::POSSESSIVE) {
            return false;
        }
    }
    // A longer name: Kim Yo Jong is not Kim Yo, Sierra Leone is not the ship
    // SIERRA. An organisation's name may go on with its legal form (PJSC).
    if let Some(next) = toks.get(last + 1) {
        let continues = next.has(flag::HYPHENATED)
            || is_name_like(tables, next)
            || common_capitalised(next)
            || schema == Schema::Vessel && next.has(flag::DIGITS);
        if continues
            && !next.has(flag::BREAK)
            && !next.has(flag::SAME_WORD)
            && !toks[last].has(flag::POSSESSIVE)
            && (schema == Schema::Person
                || !is_legal_form(&chunk[next.start as usize..next.end as usize]))
        {
            return false;
        }
    }
    true
}

/// Whether the text at byte `at` is a Hangul syllable.
fn is_hangul_at(chunk: &str, at: u32) -> bool {
    chunk.get(at as usize..).and_then(|rest| rest.chars().next()).is_some_and(is_hangul)
}

/// Whether the text at byte `at` starts with a Cyrillic letter.
fn is_cyrillic_at(chunk: &str, at: u32) -> bool {
    chunk.get(at as usize..).and_then(|rest| rest.chars().next()).is_some_and(is_cyrillic)
}

/// The syllables of the Hangul word of token `t`, particles aside (`None`
/// for a word not all Hangul).
fn hangul_stem_syllables(chunk: &str, t: &Token) -> Option<usize> {
    let word = chunk.get(t.start as usize..t.end as usize)?;
    if !word.chars().all(is_hangul) {
        return None;
    }
    let stem =
        crate::native::strip_suffix(word, crate::lexicon::KOREAN_PARTICLES, 2).unwrap_or(word);
    Some(stem.chars().count())
}

/// Tokens per block of [`DocumentScan::push`]'s passes (about 40 kB of
/// tokens, which stay in a core's cache between the passes).
const BLOCK_TOKENS: usize = 2048;

/// The end of the block of tokens starting at `lo`: the first paragraph
/// break (a blank line, as [`crate::sentences`] has it) after
/// `block_tokens` tokens, or the end of the chunk.
fn block_end(chunk: &str, toks: &[Token], lo: usize, block_tokens: usize) -> usize {
    let bytes = chunk.as_bytes();
    let mut k = lo.saturating_add(block_tokens.max(1));
    while k < toks.len() {
        // Tokens of one native word overlap: no gap between them.
        let gap = bytes.get(toks[k - 1].end as usize..toks[k].start as usize).unwrap_or(&[]);
        if is_paragraph_break(gap) {
            return k;
        }
        k += 1;
    }
    toks.len()
}

/// Whether the bytes between two words hold a blank line: a line break,
/// then only spaces, tabs and carriage returns, then another.
fn is_paragraph_break(gap: &[u8]) -> bool {
    let mut newline_seen = false;
    for &b in gap {
        match b {
            b'\n' if newline_seen => return true,
            b'\n' => newline_seen = true,
            b' ' | b'\t' | b'\r' => {}
            _ => newline_seen = false,
        }
    }
    false
}

/// Drops candidates inside a longer one, and repeats of one entity on one span.
fn resolve_overlaps(mut candidates: Vec<Candidate>) -> Vec<Candidate> {
    candidates.sort_by(|a, b| {
        (a.first, std::cmp::Reverse(a.last), a.pattern).cmp(&(
            b.first,
            std::cmp::Reverse(b.last),
            b.pattern,
        ))
    });
    let mut out: Vec<Candidate> = Vec::with_capacity(candidates.len());
    let mut reach_before: Option<usize> = None; // max last over earlier starts
    let mut group_first = usize::MAX;
    let mut group_last = 0usize;
    let mut reach_next: Option<usize> = None;
    for c in candidates {
        if c.first != group_first {
            reach_before = match (reach_before, reach_next) {
                (Some(a), Some(b)) => Some(a.max(b)),
                (a, b) => a.or(b),
            };
            group_first = c.first;
            group_last = c.last;
        }
        reach_next = Some(reach_next.map_or(c.last, |r| r.max(c.last)));
        let inside_earlier = reach_before.is_some_and(|r| r >= c.last);
        if inside_earlier || c.last < group_last {
            continue;
        }
        out.push(c);
    }
    out
}

/// The token indices of the sentence holding token `k` (only `k` when it is
/// between sentences).
/// Whether the name ending at token `last` is followed by an apposition
/// with a ship noun before any preposition: "the Wise Honest, a North Korean
/// cargo ship" (but not "The Team, a new crew training centre for ship
/// officers").
fn appositive_ship(tables: &Tables, chunk: &str, toks: &[Token], last: usize, end: usize) -> bool {
    let word = |k: usize| &chunk[toks[k].start as usize..toks[k].end as usize];
    let article = last + 1;
    if article >= end
        || !toks[article].has(flag::BREAK)
        || !["a", "an", "the"].iter().any(|a| word(article).eq_ignore_ascii_case(a))
    {
        return false;
    }
    let mut head = article;
    while head + 1 < end
        && head - article < 6
        && !toks[head + 1].has(flag::BREAK)
        && tables.word_info(toks[head + 1].id).roles & (role::CONNECTOR | role::ORG) == 0
    {
        head += 1;
    }
    (article + 1..=head).any(|k| tables.word_info(toks[k].id).roles & role::VESSEL != 0)
}

/// Whether candidate `c` is an aside naming what came before: "one of the
/// ships, the Angara, has been ..." (the caller wants the ship word).
fn set_off_by_commas(tables: &Tables, toks: &[Token], c: &Candidate, end: usize) -> bool {
    let the = tables.vocab.get("the");
    let article = c.first.checked_sub(1).map(|k| &toks[k]);
    article.is_some_and(|a| a.id == the && a.has(flag::BREAK))
        && (c.last + 1 >= end || toks[c.last + 1].has(flag::BREAK))
}

/// Whether another listed vessel's name stands right beside candidate `c`,
/// joined by `and`, `or`, `the` or a comma: "the vessels sanctioned were
/// the Angara and the Lady Rania" (the caller also wants a ship word).
fn listed_vessel_alongside(
    scanner: &Scanner,
    toks: &[Token],
    kept: &[Candidate],
    c: &Candidate,
) -> bool {
    let tables = &scanner.tables;
    let joins = ["and", "or", "the"].map(|w| tables.vocab.get(w));
    let joined = |from: usize, to: usize| {
        to >= from && to - from <= 2 && toks[from..to].iter().all(|t| joins.contains(&t.id))
    };
    kept.iter().any(|o| {
        let vessel = matches!(tables.patterns[o.pattern as usize].schema, Schema::Vessel);
        let beside = (o.first > c.last && joined(c.last + 1, o.first))
            || (o.last < c.first && joined(o.last + 1, c.first));
        vessel
            && beside
            && tables.patterns[o.pattern as usize].entity
                != tables.patterns[c.pattern as usize].entity
    })
}

/// How many words before a weak vessel name a ship word may stand and still
/// support it: "the North Korean-flagged vessel Chon Ma San".
const SHIP_WORD_BEFORE: usize = 3;
/// And after it: "X (IMO 8660313)", "X, a tanker".
const SHIP_WORD_AFTER: usize = 2;

fn sentence_tokens(
    toks: &[Token],
    sentences: &mut LazySentences<'_>,
    k: usize,
) -> std::ops::Range<usize> {
    match sentences.at(toks[k].start as usize) {
        Some(span) => {
            let (first, end) = tokens_within(toks, k, span);
            first..end.max(k + 1)
        }
        None => k..k + 1,
    }
}

/// The tokens starting inside `span`, which holds the start of token `k`:
/// found by walking out from `k` (a sentence is short) rather than by binary
/// search over the whole chunk, which misses the cache at every step.
fn tokens_within(toks: &[Token], k: usize, span: Span) -> (usize, usize) {
    let mut first = k.min(toks.len());
    while first > 0 && toks[first - 1].start as usize >= span.start {
        first -= 1;
    }
    // Tokens come in order of their starts, and token `k` starts inside the
    // span: the walk forward goes on from `k`, not again from `first`.
    let mut end = k.min(toks.len());
    while end < toks.len() && (toks[end].start as usize) < span.end {
        end += 1;
    }
    (first, end)
}

/// A surname id as a hash-map key (ids are small and dense; the map wants
/// spread bits).
fn mix(id: u32) -> u64 {
    crate::build::edge_key(id, 0)
}

/// How many sentences make a text's lead (a headline counts): a text that
/// reports a breach, a designation or news of the monitors says so within
/// them, or speaks of sanctions there; one whose claims all come later is
/// telling background. Fitted on the probe sets (bench/probes): fewer lose
/// reports, more let background through.
const LEAD_SENTENCES: usize = 8;

/// The shortest sentence, in bytes, that counts toward the lead: date lines,
/// bylines and menu items left by an extractor ("Home", "World") are shorter.
const LEAD_SENTENCE_MIN_BYTES: usize = 50;

/// How far into its first chunk a document's lead is looked for.
const LEAD_BYTES: usize = 32 * 1024;

/// The offset in `chunk` (a document's first) where its lead ends: the end
/// of its [`LEAD_SENTENCES`]th sentence outside boilerplate, or `usize::MAX`
/// when the chunk has fewer (`vigil scan` streams 1 MiB chunks; a caller
/// pushing chunks too small to hold a lead gets no lead rule).
fn lead_end(chunk: &str, boilerplate: &[Span]) -> usize {
    let mut cut = chunk.len().min(LEAD_BYTES);
    while !chunk.is_char_boundary(cut) {
        cut -= 1;
    }
    let counts =
        |s: &Span| s.end - s.start >= LEAD_SENTENCE_MIN_BYTES && !in_spans(boilerplate, s.start);
    let spans: Vec<Span> =
        crate::sentence::sentences(&chunk[..cut]).into_iter().filter(counts).collect();
    // The last sentence may be cut short at `cut`: only a whole lead counts.
    match spans.get(LEAD_SENTENCES - 1) {
        Some(s) if spans.len() > LEAD_SENTENCES || cut == chunk.len() => s.end,
        _ => usize::MAX,
    }
}

/// Whether offset `pos` falls inside one of `spans` (boilerplate).
fn in_spans(spans: &[Span], pos: usize) -> bool {
    spans.iter().any(|s| s.start <= pos && pos < s.end)
}

/// Whether the words from `toks[0]` on speak of sanctions (on either
/// reading): a word or phrase for the sanctions (`sanctions`, `Security
/// Council`, 제재, 制裁) or for a listing (`sanctioned`, `blacklisted`).
fn speaks_of_sanctions(tables: &Tables, toks: &[Token]) -> bool {
    let listing = Category::Designation.bit();
    toks[0].hot & hot::LEXICON != 0
        && toks[0].readings().into_iter().filter(|&id| id != NONE).any(|id| {
            let info = tables.word_info(id);
            info.roles & role::SANCTION != 0
                || (info.topic | info.strong) & listing != 0
                || info.phrase_head
                    && tables.phrases_going_on(id, &toks[1..]).any(|p| {
                        p.roles & role::SANCTION != 0 || (p.topic | p.strong) & listing != 0
                    })
        })
}

/// How many DPRK words make a text about North Korea by themselves. (Two
/// would keep out an Iranian tanker story that mentions North Korea in
/// passing, but short texts that say it once would lose their findings.)
const DPRK_WORDS_ABOUT: u8 = 1;

/// What a token is to the names found (`in_name` of [`DocumentScan::push`]).
mod name_word {
    /// A word of a candidate name: no claim rests on it (Korea Mining
    /// Development *Trading*).
    pub const NAMED: u8 = 1;
    /// A word of a name that is reported as it stands: a full name, a
    /// surname after one, a ship's name by a ship word. Such a name anchors
    /// a trade indicator in its sentence; a weak form that waits for support
    /// (PATRIOT, a listed ship, in "Patriot interceptors") does not.
    pub const REPORTED: u8 = 2;
}

/// Categories of trade that South Korean, Chinese or Russian news reports
/// every day without North Korea (arms exports, steel, refiners, luxury
/// brands): raised only by a sentence that names North Korea or a listed
/// entity. The rest (ship-to-ship transfers, hacks, the Panel) are raised
/// by any sentence of a text about North Korea.
const ANCHORED: [Category; 6] = [
    Category::ArmsTransfer,
    Category::LuxuryGoods,
    Category::PetroleumOil,
    Category::CoalMineralsExport,
    Category::SeafoodTextilesExport,
    Category::FinanceEvasion,
];

/// Categories that are no lawful trade in any context: North Korea's arms
/// sales, workers abroad, transfers at sea, false identities, hacks and
/// procurement. (Oil, coal, seafood and luxury goods also cross borders
/// lawfully, and figures of that trade fill long texts about North Korea.)
const UNLAWFUL: [Category; 6] = [
    Category::ArmsTransfer,
    Category::OverseasWorkers,
    Category::ShipToShipTransfer,
    Category::VesselIdentityFraud,
    Category::CyberCryptoTheft,
    Category::WmdMissileProcurement,
];

/// Whether a sentence says "the North" (capitalised), as a text already
/// about North Korea calls it: "officials accuse the North of supplying".
fn says_the_north(toks: &[Token], north: u32, the: u32) -> bool {
    north != NONE
        && toks.windows(2).any(|w| w[0].id == the && w[1].id == north && w[1].has(flag::CAP))
}

/// Whether the words of a sentence before its DPRK word hold a negation
/// ("no sign of North Korean involvement", "did not carry the hallmarks of
/// North Korea's hackers" do not make a hack North Korea's business).
fn negated(tables: &Tables, chunk: &str, before: &[Token]) -> bool {
    use crate::lexicon::mark;
    // Russian но ("but") reads `no`: a Hangul or Cyrillic word negates only
    // through its native term (не, 않).
    let negates = |t: &Token| {
        t.id != NONE
            && tables.word_info(t.id).roles & role::NEGATE != 0
            && indicators::native_reading(tables, chunk, t).is_none_or(|n| n == t.id)
    };
    before.iter().any(negates)
        // "rules out North Korea link"
        || before.windows(2).any(|w| {
            tables.mark(w[0].id) & mark::RULE != 0 && tables.mark(w[1].id) & mark::OUT != 0
        })
}

/// Whether token `k` can make its sentence raise a category: a topic or
/// strong term (either reading), or the head of such a phrase that goes on
/// here. `it` heads "IT workers", `ship` "ship-to-ship", `went` "went dark":
/// a sentence whose only triggers are heads of phrases that do not go on
/// raises nothing (a category fires only through its own topic or strong
/// term), so it is not split and classified for them.
fn may_raise(tables: &Tables, toks: &[Token], k: usize) -> bool {
    toks[k].readings().into_iter().filter(|&id| id != NONE).any(|id| {
        let info = tables.word_info(id);
        info.topic | info.strong != 0
            || (info.phrase_head
                && tables.phrases_going_on(id, &toks[k + 1..]).any(|p| p.topic | p.strong != 0))
    })
}

/// Whether a sentence speaks of North Korea outside a negation ("not North
/// Korean state operators" does not); the caller rules out hearsay.
fn dprk_unnegated(tables: &Tables, chunk: &str, toks: &[Token]) -> bool {
    dprk_terms(tables, toks).any(|k| !negated(tables, chunk, &toks[..k]))
}

/// Whether a sentence tells what others speculate or claim ("amid
/// speculation that it was part of a North Korean network", "the North
/// Korea hypothesis"): in a text that denies North Korea a part, no anchor.
fn hearsay(tables: &Tables, toks: &[Token]) -> bool {
    toks.iter().any(|t| tables.mark(t.id) & crate::lexicon::mark::HEARSAY != 0)
        // "sleuths had pointed to North Korea's Lazarus Group": a first
        // suspicion, told as what was thought before the facts came in.
        || toks.windows(2).any(|w| {
            use crate::lexicon::mark;
            tables.mark(w[0].id) & mark::HAD != 0 && tables.mark(w[1].id) & mark::SUSPICION != 0
        })
}

/// Whether a Korean sentence, from its DPRK word on, tells hearsay: Korean
/// puts it after its subject (북한 해킹조직의 소행이라는 관측도 나왔으나,
/// "there was speculation it was North Korean hackers' work, but").
fn korean_hearsay_after(tables: &Tables, chunk: &str, from_dprk: &[Token]) -> bool {
    let korean = from_dprk
        .first()
        .and_then(|t| chunk.get(t.start as usize..))
        .and_then(|w| w.chars().next());
    korean.is_some_and(crate::tokens::is_hangul)
        && from_dprk.iter().skip(1).any(|t| {
            indicators::native_reading(tables, chunk, t)
                .is_some_and(|n| tables.mark(n) & crate::lexicon::mark::HEARSAY != 0)
        })
}

/// Whether a sentence speaks of North Korea.
fn about_dprk(tables: &Tables, toks: &[Token]) -> bool {
    dprk_terms(tables, toks).next().is_some()
}

/// Where the sentence's terms for North Korea start.
fn dprk_terms<'t>(tables: &'t Tables, toks: &'t [Token]) -> impl Iterator<Item = usize> + 't {
    (0..toks.len()).filter(|&k| toks[k].hot & hot::DPRK != 0 && dprk_term_at(tables, toks, k))
}

/// Whether a lexicon term for North Korea starts at token `k`: a word
/// (Pyongyang, Nordkorea) or a phrase (North Koreans, Corée du Nord, Corea
/// del Norte), read on either reading of each token.
fn dprk_term_at(tables: &Tables, toks: &[Token], k: usize) -> bool {
    toks[k].readings().into_iter().filter(|&id| id != NONE).any(|id| {
        tables.word_info(id).roles & role::DPRK != 0
            || tables.phrases_going_on(id, &toks[k + 1..]).any(|p| p.roles & role::DPRK != 0)
    })
}

fn round4(x: f32) -> f64 {
    ((x as f64) * 10_000.0).round() / 10_000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn devset() -> (Vec<vigil_model::Entity>, String) {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/devset");
        let entities = std::fs::read_to_string(format!("{dir}/entities.jsonl"))
            .expect("entities.jsonl")
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| serde_json::from_str(l).expect("an entity per line"))
            .collect();
        let articles = std::fs::read_to_string(format!("{dir}/articles.txt")).expect("articles");
        (entities, articles)
    }

    #[test]
    fn blocks_of_any_size_give_the_findings_of_whole_chunk_passes() {
        let (entities, articles) = devset();
        let scanner = Scanner::new(entities);
        // Twice over, so that surnames and support carry across blocks.
        let text = format!("{articles}\n\n{articles}");
        let scan = |block_tokens: usize| {
            let mut session = scanner.session();
            session.block_tokens = block_tokens;
            session.scan(&text, &[])
        };
        let whole = scan(usize::MAX);
        assert!(whole.mentions.len() > 20 && whole.indicators.len() > 10, "{whole:?}");
        assert!(!whole.imo_numbers.is_empty());
        for block_tokens in [1, 7, 100, BLOCK_TOKENS] {
            assert_eq!(scan(block_tokens), whole, "blocks of {block_tokens} tokens");
        }
    }

    #[test]
    fn paragraph_breaks_are_blank_lines() {
        assert!(is_paragraph_break(b"\n\n"));
        assert!(is_paragraph_break(b". \n \t\r\n  "));
        assert!(!is_paragraph_break(b"\n"));
        assert!(!is_paragraph_break(b"\n-\n"));
        assert!(!is_paragraph_break(b" "));
    }
}
