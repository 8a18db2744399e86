//! Text normalisation: from a name as a list or a user writes it to lower-case
//! ASCII word tokens.
//!
//! The steps are Unicode NFKC (so that full-width and compatibility forms
//! become ordinary letters), case folding, removal of diacritics (NFD, then
//! dropping combining marks, plus a few letters that do not decompose such as
//! `ø`, `ł`, `ß`), and punctuation handling that keeps initialisms together:
//! `A.B.C.` becomes `abc`, `L.L.C.` becomes `llc`, but `V. Putin` stays two
//! tokens `v putin`. Apostrophes vanish (`Qa'ida` → `qaida`, `MYO'NG` →
//! `myong`), `&` becomes `and`, `%` becomes `percent`, and any other
//! punctuation separates tokens. Number words (`forty-four`, `first`) and
//! ordinal suffixes (`1st`) become digits so that `Brigade Forty-Four` and
//! `Brigade 44` agree.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Whether every letter of `text` is a Latin (or Latin-extended) letter, so
/// that the text needs no transliteration.
///
/// # Examples
/// ```
/// use vigil_match::normalize::is_latin;
/// assert!(is_latin("Vladimír Putin, Jr."));
/// assert!(!is_latin("Владимир Путин"));
/// ```
pub fn is_latin(text: &str) -> bool {
    text.is_ascii()
        || text.chars().all(|c| c.is_ascii() || !c.is_alphabetic() || is_latin_letter(c))
}

fn is_latin_letter(c: char) -> bool {
    matches!(c as u32,
        0x41..=0x5A | 0x61..=0x7A | 0xAA | 0xBA | 0xC0..=0x24F | 0x1E00..=0x1EFF
        | 0x250..=0x2AF | 0xFF21..=0xFF3A | 0xFF41..=0xFF5A | 0x2C60..=0x2C7F | 0xA720..=0xA7FF)
}

/// Folds one character that NFD does not decompose into ASCII letters.
fn special_fold(c: char) -> Option<&'static str> {
    Some(match c {
        'ß' => "ss",
        'ø' | 'Ø' => "o",
        'ł' | 'Ł' => "l",
        'đ' | 'Đ' | 'ð' | 'Ð' => "d",
        'æ' | 'Æ' => "ae",
        'œ' | 'Œ' => "oe",
        'ı' => "i",
        'þ' | 'Þ' => "th",
        'ŋ' => "ng",
        'ħ' => "h",
        'ſ' => "s",
        'ʼ' | '’' | '‘' | '`' | '´' | 'ʻ' | 'ʹ' | 'ʿ' | 'ʾ' | '\'' | '′' => "'",
        '‐' | '‑' | '‒' | '–' | '—' | '―' | '−' => "-",
        _ => return None,
    })
}

/// Lower-cases, removes diacritics and folds special letters; keeps
/// punctuation (ASCII) and any non-Latin letters as they are.
///
/// # Examples
/// ```
/// use vigil_match::normalize::fold;
/// assert_eq!(fold("Erdoğan Ørsted ŁÓDŹ Straße"), "erdogan orsted lodz strasse");
/// ```
pub fn fold(text: &str) -> String {
    if text.is_ascii() {
        let mut out = text.to_ascii_lowercase();
        if out.contains('`') {
            out = out.replace('`', "'");
        }
        return out;
    }
    let mut out = String::with_capacity(text.len());
    for c in text.nfkc() {
        if let Some(s) = special_fold(c) {
            out.push_str(s);
            continue;
        }
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        for d in c.to_lowercase().flat_map(|l| l.nfd()) {
            if is_combining_mark(d) {
                continue;
            }
            if let Some(s) = special_fold(d) {
                out.push_str(s);
            } else {
                out.push(d);
            }
        }
    }
    out
}

/// Splits already-folded text into tokens as described in the module docs.
/// Non-ASCII letters are kept inside tokens (callers transliterate first).
///
/// # Examples
/// ```
/// use vigil_match::normalize::tokenize;
/// assert_eq!(tokenize("a.b.c. company"), vec!["abc", "company"]);
/// assert_eq!(tokenize("v. putin"), vec!["v", "putin"]);
/// assert_eq!(tokenize("kim jong-un"), vec!["kim", "jong", "un"]);
/// assert_eq!(tokenize("brigade forty-four"), vec!["brigade", "44"]);
/// assert_eq!(tokenize("at&t 3%ers"), vec!["at", "and", "t", "3", "percent", "ers"]);
/// ```
pub fn tokenize(folded: &str) -> Vec<String> {
    numbers_to_digits(split_words(folded))
}

/// [`tokenize`] without turning number words into digits: the words as
/// written (`second economic committee`), which an article's words are
/// matched against before the engine compares the names.
pub fn split_words(folded: &str) -> Vec<String> {
    // Split on whitespace and punctuation other than '.', '\'' which need
    // context; each word is finished (dots, ordinals) as it is split off.
    let mut tokens: Vec<String> = Vec::new();
    let mut current = String::new();
    let flush = |current: &mut String, tokens: &mut Vec<String>| {
        if !current.is_empty() {
            finish_word(std::mem::take(current), tokens);
        }
    };
    for c in folded.chars() {
        if c.is_alphanumeric() || c == '.' {
            current.push(c);
        } else if c == '\'' {
            // Apostrophes join: qa'ida -> qaida, d'ivoire -> divoire.
        } else if c == '&' {
            flush(&mut current, &mut tokens);
            tokens.push("and".to_string());
        } else if c == '%' {
            flush(&mut current, &mut tokens);
            tokens.push("percent".to_string());
        } else if c == '+' {
            flush(&mut current, &mut tokens);
            tokens.push("plus".to_string());
        } else {
            flush(&mut current, &mut tokens);
        }
    }
    flush(&mut current, &mut tokens);
    tokens
}

/// Dots, then ordinals, of one word split off by [`tokenize`]. A word made of
/// single letters separated by dots is an initialism and is joined (l.l.c. ->
/// llc); otherwise dots separate. Ordinal suffixes go ("1st" -> "1").
fn finish_word(word: String, tokens: &mut Vec<String>) {
    if !word.contains('.') {
        tokens.push(strip_ordinal(word));
        return;
    }
    let parts: Vec<&str> = word.split('.').filter(|p| !p.is_empty()).collect();
    let initialism = parts.len() >= 2 && parts.iter().all(|p| p.chars().count() == 1);
    if initialism {
        tokens.push(strip_ordinal(parts.concat()));
    } else {
        // Allow a mixed initialism such as "g.m.b.h" already covered; and
        // "sp. z o.o." splits here into sp / z / oo.
        tokens.extend(parts.iter().map(|p| strip_ordinal(p.to_string())));
    }
}

/// "1st" -> "1", "22nd" -> "22"; other tokens unchanged.
fn strip_ordinal(token: String) -> String {
    let digits = token.bytes().take_while(|b| b.is_ascii_digit()).count();
    if digits > 0 && digits < token.len() {
        let suffix = &token[digits..];
        if matches!(suffix, "st" | "nd" | "rd" | "th") {
            return token[..digits].to_string();
        }
    }
    token
}

fn unit_word(word: &str) -> Option<u32> {
    Some(match word {
        "zero" => 0,
        "one" | "first" => 1,
        "two" | "second" => 2,
        "three" | "third" => 3,
        "four" | "fourth" => 4,
        "five" | "fifth" => 5,
        "six" | "sixth" => 6,
        "seven" | "seventh" => 7,
        "eight" | "eighth" => 8,
        "nine" | "ninth" => 9,
        "ten" | "tenth" => 10,
        "eleven" | "eleventh" => 11,
        "twelve" | "twelfth" => 12,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "sixteen" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        _ => return None,
    })
}

fn tens_word(word: &str) -> Option<u32> {
    Some(match word {
        "twenty" | "twentieth" => 20,
        "thirty" | "thirtieth" => 30,
        "forty" | "fourty" | "fortieth" => 40,
        "fifty" | "fiftieth" => 50,
        "sixty" | "sixtieth" => 60,
        "seventy" | "seventieth" => 70,
        "eighty" | "eightieth" => 80,
        "ninety" | "ninetieth" => 90,
        _ => return None,
    })
}

/// Replaces English number words by digits: "forty four" and "forty 4" both
/// become "44". Single-digit words stand alone ("three" -> "3").
fn numbers_to_digits(mut tokens: Vec<String>) -> Vec<String> {
    let mut out = Vec::with_capacity(tokens.len());
    let mut i = 0;
    while i < tokens.len() {
        let word = tokens[i].as_str();
        if let Some(tens) = tens_word(word) {
            let next = tokens.get(i + 1).map(String::as_str);
            let unit = next.and_then(|n| {
                unit_word(n).filter(|u| *u < 10).or_else(|| {
                    (n.len() == 1 && n.as_bytes()[0].is_ascii_digit())
                        .then(|| u32::from(n.as_bytes()[0] - b'0'))
                })
            });
            match unit {
                Some(u) if u > 0 => {
                    out.push((tens + u).to_string());
                    i += 2;
                }
                _ => {
                    out.push(tens.to_string());
                    i += 1;
                }
            }
            continue;
        }
        if let Some(unit) = unit_word(word) {
            out.push(unit.to_string());
        } else {
            out.push(std::mem::take(&mut tokens[i]));
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expect: &[&str]) {
        assert_eq!(tokenize(&fold(input)), expect, "{input}");
    }

    #[test]
    fn tokens() {
        check("Siemens AG", &["siemens", "ag"]);
        check("Bowne Global Solutions, S.A.R.L.", &["bowne", "global", "solutions", "sarl"]);
        check("FABERLIC EUROPE Sp. z o.o.", &["faberlic", "europe", "sp", "z", "oo"]);
        check("J.-C. Juncker", &["j", "c", "juncker"]);
        check("Al Qa'ida", &["al", "qaida"]);
        check("1st International Bank", &["1", "international", "bank"]);
        check("Brigade Forty 4", &["brigade", "44"]);
        check("ＫＩＭ　Jong‐un", &["kim", "jong", "un"]);
        check("...", &[]);
        check("First Bank Int’l", &["1", "bank", "intl"]);
    }
}
