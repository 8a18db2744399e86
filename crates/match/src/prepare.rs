//! Names prepared for comparison: transliterated variants, tokens, token
//! kinds and the per-token keys the scorer and the index use.
//!
//! Preparation is done once per listed name at index build time and once per
//! query name; comparing two prepared names allocates little.

use crate::legal::{self, LegalClass, Term};
use crate::normalize::{fold, is_latin, tokenize};
use crate::{korean, phonetic, translit};

/// Broad kind of name a comparison is about; it sets how much unmatched
/// tokens cost and whether legal forms and titles are recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NameClass {
    /// A natural person.
    Person,
    /// A company, organisation or legal entity.
    Organization,
    /// A vessel or aircraft: numbers in the name are decisive.
    Craft,
    /// Unknown schema.
    Unknown,
}

impl NameClass {
    /// The class for an optional schema.
    pub fn of(schema: Option<vigil_model::Schema>) -> NameClass {
        use vigil_model::Schema;
        match schema {
            Some(Schema::Person) => NameClass::Person,
            Some(Schema::Vessel | Schema::Aircraft) => NameClass::Craft,
            Some(_) => NameClass::Organization,
            None => NameClass::Unknown,
        }
    }
}

/// The kind of one token in its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// A distinctive name word.
    Name,
    /// A single letter, usually an initial.
    Initial,
    /// A number (digits after number-word conversion).
    Number,
    /// A particle such as `al`, `bin`, `van`, `the`; equal classes are
    /// interchangeable.
    Particle(u8),
    /// A generic organisation word such as `group`.
    OrgWord,
    /// A legal form.
    Legal(LegalClass),
    /// A title or honorific.
    Title,
}

impl Kind {
    /// How much the token counts in a name.
    pub fn weight(self) -> f64 {
        match self {
            Kind::Name | Kind::Number | Kind::Initial => 1.0,
            Kind::OrgWord => 0.5,
            Kind::Particle(_) => 0.25,
            Kind::Legal(_) | Kind::Title => 0.0,
        }
    }

    /// Whether the token takes part in token alignment (legal forms and
    /// titles are compared separately).
    pub fn is_aligned(self) -> bool {
        !matches!(self, Kind::Legal(_) | Kind::Title)
    }
}

/// One distinct token text with its precomputed keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lexeme {
    /// The folded token.
    pub text: Box<str>,
    /// Its phonetic key ([`crate::phonetic::key`]).
    pub phon: Box<str>,
    /// Its Korean/CJK romanisation key, or empty when it does not look
    /// romanised ([`crate::korean::key`]).
    pub cjk: Box<str>,
    /// The looser CJK key ([`crate::korean::loose_key`]).
    pub cjk_loose: Box<str>,
    /// All ASCII digits.
    pub is_number: bool,
}

impl Lexeme {
    /// Computes the keys of a token.
    pub fn new(text: &str) -> Lexeme {
        Lexeme::from_string(text.to_string())
    }

    /// [`Lexeme::new`] taking the text's buffer instead of copying it.
    pub(crate) fn from_string(text: String) -> Lexeme {
        thread_local! {
            static BUF: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
        }
        // The keys are built in one reused buffer and each boxed at its
        // exact size (one allocation per non-empty key).
        let boxed = |b: &[u8]| -> Box<str> { std::str::from_utf8(b).unwrap_or_default().into() };
        let is_number = !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit());
        let romanized = !is_number && text.is_ascii() && korean::looks_romanized(&text);
        BUF.with_borrow_mut(|buf| {
            let phon = if is_number {
                "".into()
            } else {
                phonetic::key_into(&text, buf);
                boxed(buf)
            };
            let (cjk, cjk_loose) = if romanized {
                korean::key_into(&text, buf);
                let cjk = boxed(buf);
                korean::loosen(buf);
                (cjk, boxed(buf))
            } else {
                ("".into(), "".into())
            };
            Lexeme { text: text.into_boxed_str(), phon, cjk, cjk_loose, is_number }
        })
    }

    /// Length in bytes (tokens are ASCII after transliteration).
    pub fn len(&self) -> usize {
        self.text.len()
    }

    /// Whether the token is empty (never, for tokens from [`prepare`]).
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }
}

/// A token of a prepared name: its text and its kind in this name.
#[derive(Debug, Clone, Copy)]
pub struct Tok<'a> {
    /// The token's lexeme.
    pub lex: &'a Lexeme,
    /// Its kind.
    pub kind: Kind,
}

/// One transliterated variant of a name, tokenised and classified.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    /// The tokens in order.
    pub tokens: Vec<(Lexeme, Kind)>,
    /// Whether this variant came from transliterating another script.
    pub transliterated: bool,
    /// Whether this is the native-script form of a Chinese, Japanese or
    /// Korean name, one token per character (see [`native_cjk`]).
    pub native: bool,
}

impl Variant {
    /// The tokens as comparison views.
    pub fn toks(&self) -> Vec<Tok<'_>> {
        self.tokens.iter().map(|(lex, kind)| Tok { lex, kind: *kind }).collect()
    }
}

/// Latin renderings of a name: itself folded when Latin, else the
/// transliteration module's variants.
pub fn latin_forms(text: &str) -> (Vec<String>, bool) {
    let folded = fold(text);
    if is_latin(&folded) {
        // Ukrainian and Belarusian forms of a name ("Volodymyr") also get
        // the Russian form ("Vladimir") that most lists file it under.
        let russian = translit::russian_name_forms(&folded);
        return (std::iter::once(folded).chain(russian).collect(), false);
    }
    let mut forms: Vec<String> = Vec::new();
    for v in translit::latin_variants(text) {
        let f = fold(&v);
        if !forms.contains(&f) {
            forms.push(f);
        }
    }
    if forms.is_empty() {
        forms.push(folded);
    }
    (forms, true)
}

/// Caps on input size: names longer than this are truncated, which keeps
/// absurd input (a 10,000-character "name") cheap.
const MAX_CHARS: usize = 300;
const MAX_TOKENS: usize = 16;
const MAX_VARIANTS: usize = 4;

/// Prepares a name for comparison: transliteration, tokenisation and token
/// classification.
///
/// # Examples
/// ```
/// use vigil_match::prepare::{prepare, NameClass, Kind};
/// let v = prepare("Mr. KIM, Jong-un", NameClass::Person);
/// let kinds: Vec<Kind> = v[0].tokens.iter().map(|t| t.1).collect();
/// assert_eq!(kinds, vec![Kind::Title, Kind::Name, Kind::Name, Kind::Name]);
/// ```
pub fn prepare(text: &str, class: NameClass) -> Vec<Variant> {
    // No copy unless the name is too long (a name has fewer characters than
    // bytes, so a short one needs no count).
    let text: std::borrow::Cow<'_, str> =
        if text.len() > MAX_CHARS && text.chars().count() > MAX_CHARS {
            text.chars().take(MAX_CHARS).collect::<String>().into()
        } else {
            text.into()
        };
    let (forms, transliterated) = latin_forms(&text);
    let mut out: Vec<Variant> = Vec::new();
    for form in forms.iter().take(MAX_VARIANTS) {
        let mut words = tokenize(form);
        words.truncate(MAX_TOKENS);
        for w in words.iter_mut() {
            if let Some(full) = legal::expand_abbreviation(w) {
                *w = full.to_string();
            }
        }
        north_korea_as_one_word(&mut words);
        if words.is_empty() {
            continue;
        }
        let variant = classify_words(words, class, transliterated);
        if !out.contains(&variant) {
            out.push(variant);
        }
    }
    if let Some(native) = native_cjk(&text) {
        out.push(native);
    } else if transliterated {
        // Two names in the same alphabet are also compared as written, where
        // one changed letter is one edit (`Вукић`/`Вучић`), whatever the
        // transliteration makes of it.
        let mut words = tokenize(&fold(&text));
        words.truncate(MAX_TOKENS);
        if !words.is_empty() {
            let mut variant = classify_words(words, class, false);
            variant.native = true;
            out.push(variant);
        }
    }
    out
}

/// The ways names write North Korea, as token sequences; each becomes
/// [`NORTH_KOREA`] (`Foreign Trade Bank of the DPRK` and `North Korea's
/// Foreign Trade Bank` are the listed FOREIGN TRADE BANK OF THE DEMOCRATIC
/// PEOPLE'S REPUBLIC OF KOREA). The Republic of Korea (the South) is not
/// among them.
const NORTH_KOREA_NAMES: &[&[&str]] = &[
    &["democratic", "peoples", "republic", "of", "korea"],
    &["democratic", "people", "republic", "of", "korea"],
    &["dpr", "korea"],
    &["north", "korean"],
    &["north", "korea"],
    // North Korea's, the DPRK's: the apostrophe joins.
    &["north", "koreas"],
    &["dprks"],
    &["dprk"],
];

/// The one word every name of North Korea becomes.
pub const NORTH_KOREA: &str = "dprk";

/// Replaces each way of writing North Korea in a name's words with
/// [`NORTH_KOREA`], dropping a `the` before it.
pub fn north_korea_as_one_word(words: &mut Vec<String>) {
    let mut i = 0;
    while i < words.len() {
        let found = NORTH_KOREA_NAMES.iter().find(|phrase| {
            words.len() - i >= phrase.len() && phrase.iter().zip(&words[i..]).all(|(p, w)| p == w)
        });
        match found {
            Some(phrase) => {
                words.splice(i..i + phrase.len(), [NORTH_KOREA.to_string()]);
                if i > 0 && words[i - 1] == "the" {
                    words.remove(i - 1);
                } else {
                    i += 1;
                }
            }
            None => i += 1,
        }
    }
}

/// Where `of [the] <North Korea>` starts when a name's words end with it
/// (`foreign trade bank of the democratic peoples republic of korea` → 3).
pub fn north_korea_suffix(words: &[String]) -> Option<usize> {
    let phrase = NORTH_KOREA_NAMES.iter().find(|phrase| {
        words.len() > phrase.len()
            && phrase.iter().zip(&words[words.len() - phrase.len()..]).all(|(p, w)| p == w)
    })?;
    let mut at = words.len() - phrase.len();
    if at > 0 && words[at - 1] == "the" {
        at -= 1;
    }
    (at > 0 && words[at - 1] == "of").then_some(at - 1)
}

/// Whether the variants include the character-per-token form of a CJK name.
pub fn has_native_cjk(variants: &[Variant]) -> bool {
    variants.iter().any(|v| {
        v.native && v.tokens.iter().all(|(l, _)| l.text.chars().count() == 1 && !l.text.is_ascii())
    })
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xAC00..=0xD7AF | 0x3040..=0x30FF)
        && !matches!(c, '・' | 'ー')
}

/// The native form of a name written only in Chinese characters, Hangul or
/// kana: one token per character.
///
/// Each of these characters is a syllable, and romanisation merges syllables
/// that differ (정 and 종 are both `jong` in the popular DPRK spelling, 平 and
/// 朋 differ only in a vowel), so when both names are written in such a
/// script the matcher compares the characters themselves rather than their
/// romanisations.
pub fn native_cjk(text: &str) -> Option<Variant> {
    let mut tokens = Vec::new();
    for c in text.chars() {
        if is_cjk(c) {
            let mut buf = [0u8; 4];
            tokens.push((Lexeme::new(c.encode_utf8(&mut buf)), Kind::Name));
        } else if c.is_alphanumeric() {
            return None;
        }
    }
    if tokens.is_empty() {
        return None;
    }
    Some(Variant { tokens, transliterated: false, native: true })
}

/// Roman numerals from 2 to 39 as digits; single letters `I`, `V`, `X` are
/// left alone (they are more often initials).
fn roman_value(word: &str) -> Option<u32> {
    if word.len() < 2 || !word.bytes().all(|b| matches!(b, b'i' | b'v' | b'x')) {
        return None;
    }
    let value = |b: u8| match b {
        b'i' => 1,
        b'v' => 5,
        _ => 10,
    };
    let bytes = word.as_bytes();
    let mut total = 0i32;
    for (i, b) in bytes.iter().enumerate() {
        let v = value(*b);
        if bytes.get(i + 1).is_some_and(|n| value(*n) > v) {
            total -= v;
        } else {
            total += v;
        }
    }
    // Reject malformed numerals by round-tripping.
    let total = u32::try_from(total).ok().filter(|t| (2..40).contains(t))?;
    (to_roman(total) == word).then_some(total)
}

fn to_roman(mut n: u32) -> String {
    let mut out = String::new();
    for (v, s) in [(10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")] {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

/// Builds a variant from words.
pub fn classify(words: &[String], class: NameClass, transliterated: bool) -> Variant {
    classify_words(words.to_vec(), class, transliterated)
}

/// [`classify`], taking the words' buffers for the tokens' texts.
fn classify_words(words: Vec<String>, class: NameClass, transliterated: bool) -> Variant {
    let organization =
        matches!(class, NameClass::Organization | NameClass::Unknown | NameClass::Craft);
    let person = matches!(class, NameClass::Person | NameClass::Unknown);
    let terms = legal::classify(&words, organization, person);
    let mut tokens: Vec<(Lexeme, Kind)> = words
        .into_iter()
        .zip(terms)
        .map(|(w, term)| {
            // Roman numerals are series numbers in company and vessel names.
            let numeral = if class == NameClass::Person { None } else { roman_value(&w) };
            let w = match numeral {
                Some(v) => v.to_string(),
                None => w,
            };
            let single = w.chars().count() == 1;
            let lex = Lexeme::from_string(w);
            let kind = match term {
                Some(Term::Legal(c)) => Kind::Legal(c),
                Some(Term::Title) => Kind::Title,
                Some(Term::Particle(p)) => Kind::Particle(p),
                Some(Term::OrgWord) => Kind::OrgWord,
                None if lex.is_number => Kind::Number,
                None if single => Kind::Initial,
                None => Kind::Name,
            };
            (lex, kind)
        })
        .collect();
    // A name made only of recognised words ("The Company", "Mr Mrs") is
    // compared as plain words.
    if !tokens.iter().any(|(_, k)| matches!(k, Kind::Name | Kind::Number | Kind::Initial)) {
        for (lex, kind) in tokens.iter_mut() {
            *kind = if lex.is_number {
                Kind::Number
            } else if lex.text.chars().count() == 1 {
                Kind::Initial
            } else {
                Kind::Name
            };
        }
    }
    Variant { tokens, transliterated, native: false }
}
