//! Transliteration of names in any script to lower-case ASCII Latin.
//!
//! CONTRACT: [`latin_variants`] returns one or more lower-case ASCII renderings
//! of a name, most common first, without duplicates and at most
//! [`MAX_VARIANTS`] of them.
//! Latin input comes back folded (diacritics removed, `ß`→`ss`, `ø`→`o`,
//! `æ`→`ae`, `ł`→`l`, `đ`→`d`, `þ`→`th` …) as its only variant, unless it has
//! a Ukrainian or Belarusian given name or patronymic (see below).
//! Tokens are separated by single spaces; punctuation, including hyphens, is a
//! token boundary, and apostrophes are dropped without splitting (`O'Brien` →
//! `obrien`, `Ch'oe` → `choe`).
//!
//! # How variants are built
//!
//! The text is cut into tokens, consecutive tokens of one script form a run,
//! and each run is rendered by that script's module into a few *columns*, one
//! per romanization system (column 0 being the most common one).
//! Variant `i` of the whole text joins column `i` of every run (a run with fewer
//! columns contributes its column 0), so one variant never mixes systems inside
//! a script: "vladimir vladimirovich putin" and "wladimir wladimirowitsch putin",
//! never "vladimir wladimirowitsch".
//!
//! # Systems, per script
//!
//! | script | columns (variant order) | safe? |
//! | --- | --- | --- |
//! | Latin | NFKD fold | yes |
//! | Hangul, Korean personal names | DPRK-style (`kim jong un`), South conventional (`kim jung eun`, `park ji sung`), Revised Romanization (`gim jeong eun`), McCune–Reischauer (`kim chong un`), joined given names (`kim jongun`, `gim jeongeun`), other conventional surnames | yes |
//! | Hangul, other words (loanwords) | loanword heuristic (`bladimir`, `vladimir`), RR, MR | yes |
//! | Cyrillic, Korean names | Russian spellings of Korean syllables, Kontsevich and older Soviet (Ким Чен Ын → `kim jong un`, Чхве Рён Хэ → `choe ryong hae`), second after BGN/PCGN when every word splits into them | yes |
//! | Cyrillic | BGN/PCGN, ICAO Doc 9303, popular English (`dmitry`, `alexander`), German (`wladimir`), French (`poutine`); Ukrainian and Belarusian letters switch to the Ukrainian national system; Belarusian text also read as Russian (`uladzimir putsin`, `vladimir putin`) | yes |
//! | Greek | ELOT 743 (`vlantimir poutin`), phonetic for foreign names (`vladimir putin`), phonetic for Greek names | yes |
//! | Armenian | BGN/PCGN-like, ISO 9985-like | yes |
//! | Georgian | national system 2002, the same without the nominative `-i` (`putin`) | yes |
//! | Arabic, Persian, Urdu | a few common names by table, else the consonant skeleton with long vowels, with `a` inserted in clusters, and a foreign-name reading (`ف`→`v`, `ب`→`p`) | best effort |
//! | Hebrew | a few common names by table, else consonants with matres lectionis, with `a` inserted in clusters | best effort |
//! | Han | Mandarin pinyin by [`deunicode`] (`xi jinping`); Japanese readings when the text is a common surname + given name in kanji (`yamada taro`); Sino-Korean readings of 2–4 hanja starting with a surname, romanised as Hangul names (`kim jong un`, `kim jung eun`, RR, MR); pinyin syllable by syllable and joined | best effort |
//! | Kana | modified Hepburn, long vowels folded (`puchin`, `tokyo`); a loanword reading (`putin`, `vladimir`) | best effort |
//! | Thai | RTGS (`somchai`, `prayut`); a foreign-name reading (`vladimir putin`) | best effort |
//! | Indic and the rest | [`deunicode`], and the same with doubled letters collapsed | best effort |
//!
//! # East Slavic name forms
//!
//! Ukrainian and Belarusian given names are often different words from their
//! Russian counterparts (Volodymyr, Uladzimir ~ Vladimir; Oleksandr,
//! Aliaksandr ~ Aleksandr), which no letter rule bridges. When the first
//! variant has such a name or a patronymic derived from one, in any script,
//! the same variant with the Russian BGN/PCGN forms substituted comes second:
//! "putin volodymyr volodymyrovych", then "putin vladimir vladimirovich"
//! (see [`given_name_equivalents`] and [`russian_name_forms`]). Belarusian Cyrillic also gets a reading
//! with Belarusian sound changes undone before Russian transliteration
//! (`Уладзімір Пуцін` → "vladimir putin").
//!
//! A letter that nothing can render becomes `x` followed by its code point in
//! hex, so that identical names in an unsupported script still match exactly.
//!
//! # Examples
//!
//! ```
//! use vigil_match::translit::latin_variants;
//!
//! assert_eq!(latin_variants("Владимир Путин")[0], "vladimir putin");
//! assert!(latin_variants("김정은").contains(&"kim jong un".to_string()));
//! assert_eq!(latin_variants("Vladímír Pútín"), vec!["vladimir putin"]);
//! ```
//!
//! # Units
//!
//! Variants are counted in whole-name renderings; [`MAX_VARIANTS`] bounds them.
//! Everything is `match` statements and sorted static tables (binary search),
//! and the work per name is a handful of small string allocations: in a
//! release build about 1 µs for a Latin name, 2–4 µs for Cyrillic, Hangul,
//! Arabic or kana names, and up to ~6 µs for a Thai name or a Han name that
//! also gets Korean readings (measured on the development machine).
//!
//! # References
//!
//! - The Revised Romanization of Korean, Ministry of Culture and Tourism
//!   notice 2000-8 (2000).
//! - G. M. McCune and E. O. Reischauer, "The Romanization of the Korean
//!   Language", Transactions of the Korea Branch of the Royal Asiatic Society
//!   29 (1939); the DPRK's 1992 variant of it (`th`, `ph`, `kh` for aspirates).
//! - ICAO Doc 9303, Machine Readable Travel Documents, Part 3, §6 (2021):
//!   transliteration of Cyrillic.
//! - BGN/PCGN romanization systems for Russian (1947), Ukrainian (1965),
//!   Belarusian (1979), Armenian (1981) and Georgian (2009).
//! - ELOT 743:1982 / ISO 843:1997, conversion of Greek characters into Latin.
//! - ISO 9985:1996, transliteration of Armenian characters into Latin.
//! - Georgian national romanization system (2002), adopted by BGN/PCGN in 2009.
//! - Ukrainian national transliteration, Cabinet of Ministers resolution 55 (2010).
//! - Belarusian passport transliteration (2000s) and BGN/PCGN Belarusian
//!   (1979), for the Belarusian name forms; Belarusian orthography (1959,
//!   2008) for the sound correspondences with Russian (дзеканне, цеканне,
//!   акання, у нескладовае).
//! - Royal Thai General System of Transcription, Royal Institute (1999).
//! - Modified Hepburn romanisation as used for Japanese passports.
//! - Sino-Korean readings of the hanja for personal names (인명용 한자).

mod abjad;
mod caucasus;
mod cyrillic;
mod cyrillic_korean;
mod fallback;
mod greek;
mod han;
mod hangul;
mod japanese;
mod latin;
mod names;
mod thai;

pub use names::{given_name_equivalents, russian_name_forms};

use std::borrow::Cow;

/// The most variants [`latin_variants`] returns for one text.
pub const MAX_VARIANTS: usize = 8;

/// The writing system of a character or of a text (see [`script_of`]).
///
/// Scripts for which [`Script::is_safe`] is true are transliterated by
/// dedicated rules and tested; the others are best effort.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Script {
    /// No letters at all (digits, punctuation, symbols or nothing).
    Common,
    /// Latin, including its extensions and IPA.
    Latin,
    /// Cyrillic (Russian, Ukrainian, Belarusian, Bulgarian, Serbian,
    /// Macedonian, Kazakh ...).
    Cyrillic,
    /// Greek, monotonic and polytonic.
    Greek,
    /// Armenian.
    Armenian,
    /// Georgian (Mkhedruli, Mtavruli, Asomtavruli, Nuskhuri).
    Georgian,
    /// Hangul syllables and jamo.
    Hangul,
    /// Arabic, including Persian and Urdu letters.
    Arabic,
    /// Hebrew.
    Hebrew,
    /// Han ideographs (Chinese characters, kanji, hanja).
    Han,
    /// Japanese hiragana and katakana.
    Kana,
    /// Any other script (Indic, Thai, Khmer, Myanmar, Ethiopic ...).
    Other,
}

impl Script {
    /// Whether dedicated, tested rules transliterate this script (Latin,
    /// Cyrillic, Greek, Armenian, Georgian, Hangul); the others are best
    /// effort and a matcher may want to weigh their matches lower.
    pub fn is_safe(self) -> bool {
        matches!(
            self,
            Script::Latin
                | Script::Cyrillic
                | Script::Greek
                | Script::Armenian
                | Script::Georgian
                | Script::Hangul
        )
    }
}

/// The script of one character; [`Script::Common`] for anything that is not a
/// letter of some script (digits, punctuation, combining marks).
pub fn char_script(c: char) -> Script {
    let u = c as u32;
    if u < 0x80 {
        return if c.is_ascii_alphabetic() { Script::Latin } else { Script::Common };
    }
    match u {
        0x00AA | 0x00BA | 0x00C0..=0x00D6 | 0x00D8..=0x00F6 | 0x00F8..=0x02AF => Script::Latin,
        0x1D00..=0x1D7F | 0x1E00..=0x1EFF | 0x2C60..=0x2C7F | 0xA720..=0xA7FF => Script::Latin,
        0xFB00..=0xFB06 | 0xFF21..=0xFF3A | 0xFF41..=0xFF5A => Script::Latin,
        0x0370..=0x03FF | 0x1F00..=0x1FFF => Script::Greek,
        0x0400..=0x0482 | 0x048A..=0x052F | 0x1C80..=0x1C8F | 0xA640..=0xA66E => Script::Cyrillic,
        0xA680..=0xA69D => Script::Cyrillic,
        0x0531..=0x0556 | 0x0560..=0x0588 | 0xFB13..=0xFB17 => Script::Armenian,
        0x05D0..=0x05EA | 0x05EF..=0x05F2 | 0xFB1D..=0xFB4F => Script::Hebrew,
        0x0620..=0x064A | 0x066E..=0x06D3 | 0x06D5 | 0x06EE..=0x06FF => Script::Arabic,
        0x0750..=0x077F | 0x08A0..=0x08C9 | 0xFB50..=0xFDFF | 0xFE70..=0xFEFC => Script::Arabic,
        0x10A0..=0x10FF | 0x1C90..=0x1CBF | 0x2D00..=0x2D2F => Script::Georgian,
        0x1100..=0x11FF | 0x3131..=0x318E | 0xA960..=0xA97F | 0xAC00..=0xD7FF => Script::Hangul,
        0xFFA0..=0xFFDC => Script::Hangul,
        0x3041..=0x3096 | 0x309D..=0x30FA | 0x30FC..=0x30FF | 0x31F0..=0x31FF => Script::Kana,
        0xFF66..=0xFF9F => Script::Kana,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF => Script::Han,
        0x3005 | 0x3007 => Script::Han,
        _ if c.is_alphabetic() => Script::Other,
        _ => Script::Common,
    }
}

/// The dominant script of `text`: the one most of its letters belong to
/// ([`Script::Common`] when it has no letters).
///
/// Useful to a matcher that wants to compare only transliterated forms when
/// the query and a listed name are in different scripts.
pub fn script_of(text: &str) -> Script {
    const ORDER: [Script; 11] = [
        Script::Latin,
        Script::Cyrillic,
        Script::Greek,
        Script::Armenian,
        Script::Georgian,
        Script::Hangul,
        Script::Arabic,
        Script::Hebrew,
        Script::Han,
        Script::Kana,
        Script::Other,
    ];
    let mut counts = [0usize; 11];
    for c in text.chars() {
        let s = char_script(c);
        if let Some(i) = ORDER.iter().position(|&o| o == s) {
            counts[i] += 1;
        }
    }
    let mut best = Script::Common;
    let mut best_count = 0;
    for (i, &n) in counts.iter().enumerate() {
        if n > best_count {
            best = ORDER[i];
            best_count = n;
        }
    }
    best
}

/// Whether `text` has a letter outside the Latin script (cheap: ASCII text
/// answers without any table lookup).
pub fn has_non_latin(text: &str) -> bool {
    if text.is_ascii() {
        return false;
    }
    text.chars().any(|c| !matches!(char_script(c), Script::Latin | Script::Common))
}

/// The Mandarin reading of one Han character, which its simplified and
/// traditional forms share (长 and 長 are both `Chang`).
///
/// # Examples
/// ```
/// use vigil_match::translit::han_syllable;
/// assert_eq!(han_syllable('长'), han_syllable('長'));
/// ```
pub fn han_syllable(c: char) -> Option<&'static str> {
    deunicode::deunicode_char(c)
}

/// Lower-case ASCII renderings of `text`, most common first, without
/// duplicates, at most [`MAX_VARIANTS`].
///
/// Never empty when `text` has a letter or digit; empty when it has none.
/// Never panics. See the [module docs](self) for the systems used per script.
///
/// Korean personal names come out with the surname and each given-name
/// syllable as separate tokens first (`kim jong un`), and also with the
/// given name joined (`kim jongun`); the matcher is expected to compare split
/// and joined tokens alike.
///
/// # Examples
///
/// ```
/// use vigil_match::translit::latin_variants;
///
/// let v = latin_variants("Владимир Владимирович Путин");
/// assert_eq!(v[0], "vladimir vladimirovich putin");
/// assert!(v.contains(&"wladimir wladimirowitsch putin".to_string()));
///
/// let v = latin_variants("리용호");
/// assert_eq!(v[0], "ri yong ho");
///
/// assert!(latin_variants("블라디미르 푸틴").contains(&"vladimir putin".to_string()));
/// ```
pub fn latin_variants(text: &str) -> Vec<String> {
    let text = prepare(text);
    let runs = split_runs(&text);
    let mut columns: Vec<Vec<String>> = Vec::with_capacity(runs.len());
    for run in &runs {
        let cols = render_run(run);
        if !cols.is_empty() {
            columns.push(cols);
        }
    }
    let width = columns.iter().map(Vec::len).max().unwrap_or(0).min(MAX_VARIANTS * 2);
    let mut out: Vec<String> = Vec::with_capacity(width.min(MAX_VARIANTS));
    for i in 0..width {
        let mut s = String::new();
        for cols in &columns {
            let part = cols.get(i).unwrap_or(&cols[0]);
            push_tokens(&mut s, part);
        }
        if !s.is_empty() && !out.contains(&s) {
            out.push(s);
            if out.len() == MAX_VARIANTS {
                break;
            }
        }
    }
    // Ukrainian and Belarusian given names and patronymics in their Russian
    // form, right after the first variant (lists write Russians' names so).
    if let Some(r) = out.first().and_then(|v0| names::russian_name_forms(v0)) {
        if !out.contains(&r) {
            out.insert(1, r);
            out.truncate(MAX_VARIANTS);
        }
    }
    out
}

/// The Latin readings of one Cyrillic word as a Russian spelling of Korean
/// syllables, Kontsevich or older Soviet (Чен → `jong`, Ыном → `un`,
/// Пхеньян → `pyongyang`), or none when the word does not split into such
/// syllables. At most two: `н` read as `ng` where names usually have it, then
/// as `n` throughout. [`latin_variants`] already includes these readings for
/// a run whose every word splits; this serves callers that read word by word.
///
/// # Examples
///
/// ```
/// use vigil_match::translit::cyrillic_korean_readings;
///
/// assert_eq!(cyrillic_korean_readings("Чен")[0], "jong");
/// assert!(cyrillic_korean_readings("Владимир").is_empty());
/// ```
pub fn cyrillic_korean_readings(word: &str) -> Vec<String> {
    if word.chars().any(|c| char_script(c) != Script::Cyrillic) {
        return Vec::new();
    }
    cyrillic::korean_readings(word)
}

/// The reading of a Cyrillic name as Korean (Ким Чен Ын → `kim jong un`)
/// when every word splits into Korean syllables and the reading differs
/// from the letter-by-letter one: what [`latin_variants`] offers second, for
/// explanations to say the Cyrillic was read as Korean.
///
/// # Examples
///
/// ```
/// use vigil_match::translit::cyrillic_read_as_korean;
///
/// assert_eq!(cyrillic_read_as_korean("Ким Чен Ын").as_deref(), Some("kim jong un"));
/// assert_eq!(cyrillic_read_as_korean("Путин Владимир"), None);
/// assert_eq!(cyrillic_read_as_korean("KIM Jong Un"), None);
/// ```
pub fn cyrillic_read_as_korean(name: &str) -> Option<String> {
    let words: Vec<&str> =
        name.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()).collect();
    if words.is_empty() || words.len() > 8 {
        return None;
    }
    let mut reading = Vec::with_capacity(words.len());
    for w in &words {
        reading.push(cyrillic_korean_readings(w).into_iter().next()?);
    }
    let reading = reading.join(" ");
    (latin_variants(name).first() != Some(&reading)).then_some(reading)
}

/// Appends the space-separated tokens of `part` to `out`, normalising spaces.
fn push_tokens(out: &mut String, part: &str) {
    for tok in part.split(' ').filter(|t| !t.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(tok);
    }
}

/// Composes decomposed input (combining accents, conjoining Hangul jamo) only
/// when there is any, so `й` written as `и` + breve stays one letter.
fn prepare(text: &str) -> Cow<'_, str> {
    use unicode_normalization::UnicodeNormalization;
    let needs = text.chars().any(|c| matches!(c as u32, 0x0300..=0x036F | 0x1100..=0x11FF));
    if needs {
        Cow::Owned(text.nfc().collect())
    } else {
        Cow::Borrowed(text)
    }
}

/// Consecutive tokens of one script.
struct Run {
    script: Script,
    tokens: Vec<Vec<char>>,
}

/// What a character does when cutting text into tokens.
#[derive(Clone, Copy, PartialEq)]
enum Role {
    /// Part of a word, of the given script (`Common` for digits and marks).
    Word(Script),
    /// Dropped without ending the word (apostrophes, tatweel, accents).
    Skip,
    /// Ends the word.
    Break,
}

fn role(c: char) -> Role {
    match c {
        '\'' | '’' | 'ʼ' | 'ʻ' | '`' | '´' | 'ʹ' | 'ʺ' | '\u{055A}' | '\u{055B}' | '\u{055F}' => {
            Role::Skip
        }
        '\u{0640}' | '\u{200C}' | '\u{200D}' | '\u{00AD}' | '\u{0300}'..='\u{036F}' => Role::Skip,
        '\u{0483}'..='\u{0489}' => Role::Skip,
        _ => {
            let s = char_script(c);
            if s != Script::Common {
                return Role::Word(s);
            }
            if c.is_alphanumeric() {
                return Role::Word(Script::Common);
            }
            let u = c as u32;
            let mark = matches!(u,
                0x0591..=0x05C7 | 0x05F3 | 0x0610..=0x061A | 0x064B..=0x065F | 0x0670
                | 0x06D6..=0x06ED | 0x0900..=0x0963 | 0x0966..=0x0DFF | 0x0E00..=0x0FFF
                | 0x1000..=0x109F | 0x1780..=0x17FF | 0x3099..=0x309C | 0xFE00..=0xFE0F);
            if mark {
                Role::Word(Script::Common)
            } else {
                Role::Break
            }
        }
    }
}

/// Cuts `text` into tokens and groups consecutive same-script tokens.
/// Digits and marks join the script of the word they are in.
fn split_runs(text: &str) -> Vec<Run> {
    let mut runs: Vec<Run> = Vec::new();
    let mut tok: Vec<char> = Vec::new();
    let mut tok_script = Script::Common;
    let flush = |tok: &mut Vec<char>, script: Script, runs: &mut Vec<Run>| {
        if tok.is_empty() {
            return;
        }
        let t = std::mem::take(tok);
        match runs.last_mut() {
            Some(run) if run.script == script => run.tokens.push(t),
            _ => runs.push(Run { script, tokens: vec![t] }),
        }
    };
    for c in text.chars() {
        match role(c) {
            Role::Skip => {}
            Role::Break => {
                flush(&mut tok, tok_script, &mut runs);
                tok_script = Script::Common;
            }
            Role::Word(s) => {
                if s != Script::Common && tok_script != Script::Common && s != tok_script {
                    flush(&mut tok, tok_script, &mut runs);
                    tok_script = Script::Common;
                }
                if tok_script == Script::Common && s != Script::Common {
                    tok_script = s;
                }
                tok.push(c);
            }
        }
    }
    flush(&mut tok, tok_script, &mut runs);
    // A run of digits alone is rendered as Latin.
    for run in &mut runs {
        if run.script == Script::Common {
            run.script = Script::Latin;
        }
    }
    runs
}

/// Renders one run into its columns (each a space-separated rendering).
fn render_run(run: &Run) -> Vec<String> {
    let cols = match run.script {
        Script::Latin | Script::Common => vec![latin::fold_tokens(&run.tokens)],
        Script::Cyrillic => cyrillic::columns(&run.tokens),
        Script::Greek => greek::columns(&run.tokens),
        Script::Armenian => caucasus::armenian_columns(&run.tokens),
        Script::Georgian => caucasus::georgian_columns(&run.tokens),
        Script::Hangul => hangul::columns(&run.tokens),
        Script::Arabic => abjad::arabic_columns(&run.tokens),
        Script::Hebrew => abjad::hebrew_columns(&run.tokens),
        Script::Han => han::columns(&run.tokens),
        Script::Kana => japanese::kana_columns(&run.tokens),
        Script::Other if run.tokens.iter().all(|t| thai::is_thai(t)) => thai::columns(&run.tokens),
        Script::Other => fallback::columns(&run.tokens),
    };
    if cols.iter().all(|c| c.trim().is_empty()) {
        Vec::new()
    } else {
        cols
    }
}

/// Appends `c` to `out` when it is an ASCII letter or digit (lower-cased),
/// else its folded or `x{hex}` form. Shared by the script modules for
/// characters outside their tables.
fn push_other(out: &mut String, c: char) {
    if c.is_ascii_alphanumeric() {
        out.push(c.to_ascii_lowercase());
    } else if char_script(c) == Script::Latin {
        latin::fold_char(c, out);
    } else if c.is_numeric() {
        if let Some(d) = c.to_digit(10) {
            out.push(char::from(b'0' + d as u8));
        }
    } else if c.is_alphabetic() {
        let d = deunicode::deunicode_char(c).unwrap_or("");
        let mut any = false;
        for b in d.bytes() {
            if b.is_ascii_alphanumeric() {
                out.push(char::from(b.to_ascii_lowercase()));
                any = true;
            }
        }
        if !any {
            use std::fmt::Write;
            let _ = write!(out, "x{:x}", c as u32);
        }
    }
}

#[cfg(test)]
mod tests;
