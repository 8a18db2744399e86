//! vigil's open-source reader: what is the article's text, whom does it
//! name, and what does it claim?
//!
//! Given an article, a page or a feed, `vigil-text` says which listed people,
//! companies and vessels it names, which sanctions-relevant activities it
//! reports, in which sentence, and according to whom.
//!
//! # Principal types
//! - [`extract`]: bytes to [`Extracted`] documents (plain text, HTML with its
//!   charset, RSS and Atom feeds), with title, date, language, main text and
//!   boilerplate spans; [`sniff`] guesses the [`Format`].
//! - [`Scanner`]: built once from the listed entities; [`Scanner::session`]
//!   gives a [`Session`] that scans documents ([`Session::scan`], or in
//!   chunks with [`Session::begin`]) into [`Findings`]: [`Mention`]s,
//!   [`Indicator`]s and [`ImoNumber`]s.
//! - [`sentences`]: sentence spans that keep quotations whole.
//!
//! # Example
//! ```
//! use vigil_model::{Entity, Provenance, Schema};
//! use vigil_text::{Scanner, Category, Stance};
//!
//! let kim = Entity::new("ofac-1", Schema::Person, "KIM, Jong Un", Provenance::new("us_ofac_sdn", "1", "v"));
//! let scanner = Scanner::new(vec![kim]);
//! let text = "North Korean leader Kim Jong-un met envoys. Officials accuse Pyongyang of \
//!             supplying artillery shells to Russia. Kim denied it.";
//! let findings = scanner.session().scan(text, &[]);
//! let named: Vec<&str> = findings.mentions.iter().map(|m| m.text.as_str()).collect();
//! assert_eq!(named, ["Kim Jong-un", "Kim"]);
//! assert_eq!(findings.indicators[0].category, Category::ArmsTransfer);
//! assert_eq!(findings.indicators[0].stance, Stance::Alleged);
//! assert_eq!(findings.indicators[0].claimed_by.as_deref(), Some("Officials"));
//! ```
//!
//! # Why the design
//! Speed comes from reading each byte once: ASCII words are folded and
//! hashed as they are read and looked up in one vocabulary shared by the
//! names and the lexicons, so the name automaton and the indicator rules
//! compare integers. Only candidates reach the screening engine
//! ([`vigil_match::compare_names`]), and its answers are cached per session.
//! Precision comes from the text itself: listed names are proper nouns (case
//! is checked), a person's name followed by another name is a different
//! person, and names that are ordinary words need support from context.
//! Indicators are rules over lexicons rather than a learned model, so that
//! each one carries the words that triggered it; see [`indicators`](crate::Category)
//! and the module docs of `indicators.rs`.
//!
//! Languages: extraction, sentences, mentions and IMO numbers work for any
//! script `vigil-match` transliterates (Korean and Russian names, with their
//! particles and case endings, are tested). The indicator lexicon is English,
//! with Korean and Russian stems for the main terms (coal, oil, weapons,
//! sanctions, ship-to-ship transfer, denial); claimant extraction is English.
//!
//! This crate does no IO: the caller reads files and URLs and passes bytes
//! or text in. It holds no list data: the entities come from the caller.
#![deny(missing_docs)]

mod boilerplate;
mod build;
mod extract;
mod indicators;
mod language;
mod lexicon;
mod markup;
mod native;
mod scan;
mod sentence;
mod snippet;
mod tokens;

use serde::Serialize;
use vigil_model::Entity;

pub use boilerplate::detect as detect_boilerplate;
pub use build::MAX_NAME_TOKENS;
pub use extract::{
    decode, extract, find_date, from_html, from_text, looks_binary, normalize_date, sniff,
    split_chunks, EntryError, ExtractError, Extracted, Extraction, Format, MAX_FEED_ENTRIES,
    MAX_MARKUP_BYTES,
};
pub use indicators::{Stance, WINDOW};
pub use language::detect as detect_language;
pub use lexicon::Category;
pub use scan::{
    DocumentScan, Findings, ImoNumber, Indicator, Mention, Session, Via, MAX_INDICATORS,
    MAX_MENTIONS,
};
pub use sentence::{sentences, MAX_SENTENCE_BYTES};
pub use snippet::Snippet;

/// A byte range `[start, end)` of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

/// The article scanner: the listed entities, their names as a token
/// automaton, and the lexicons. Build once, share between threads, open one
/// [`Session`] per thread.
pub struct Scanner {
    entities: Vec<Entity>,
    tables: build::Tables,
    threshold: f64,
    /// The engine's score of each pattern, filled in as patterns are seen.
    scores: scan::PatternScores,
}

impl Scanner {
    /// Builds the scanner over the entities of every list to scan against.
    pub fn new(entities: Vec<Entity>) -> Scanner {
        let tables = build::Tables::build(&entities);
        let scores = scan::PatternScores::new(tables.patterns.len());
        Scanner { entities, tables, threshold: vigil_match::DEFAULT_THRESHOLD, scores }
    }

    /// Sets the score a candidate needs from the screening engine
    /// (default [`vigil_match::DEFAULT_THRESHOLD`]).
    pub fn with_threshold(mut self, threshold: f64) -> Scanner {
        self.threshold = threshold;
        self
    }

    /// A session for scanning documents.
    pub fn session(&self) -> Session<'_> {
        Session::new(self)
    }

    /// The entity at a mention's position.
    pub fn entity(&self, position: usize) -> &Entity {
        &self.entities[position]
    }

    /// Number of entities.
    pub fn len(&self) -> usize {
        self.entities.len()
    }

    /// Whether there are no entities.
    pub fn is_empty(&self) -> bool {
        self.entities.is_empty()
    }

    /// Number of name paths in the automaton.
    pub fn n_patterns(&self) -> usize {
        self.tables.patterns.len()
    }
}
