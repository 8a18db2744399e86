//! The language of a text, as an ISO 639-1 code: by script for the scripts
//! one language dominates in the news vigil reads (Hangul, kana, Han,
//! Cyrillic, Arabic), by function-word counts for Latin-script languages.
//!
//! # Examples
//! ```
//! use vigil_text::detect_language;
//! assert_eq!(detect_language("The ship sailed to the port of Nampo and it was seen."), Some("en".into()));
//! assert_eq!(detect_language("북한이 석탄을 수출했다."), Some("ko".into()));
//! assert_eq!(detect_language("Путин прибыл в Пхеньян."), Some("ru".into()));
//! ```

use vigil_match::translit::{char_script, Script};

const SAMPLE_BYTES: usize = 20_000;

const FUNCTION_WORDS: &[(&str, &[&str])] = &[
    (
        "en",
        &[
            "the", "and", "of", "to", "in", "is", "that", "for", "with", "was", "on", "said", "it",
            "by", "as",
        ],
    ),
    (
        "fr",
        &[
            "le", "la", "les", "des", "est", "et", "une", "du", "que", "pour", "dans", "au", "sur",
            "qui", "pas",
        ],
    ),
    (
        "de",
        &[
            "der", "die", "und", "das", "ist", "nicht", "mit", "den", "ein", "zu", "sich", "auf",
            "eine", "von", "dem",
        ],
    ),
    (
        "es",
        &[
            "el", "los", "las", "del", "que", "por", "una", "con", "para", "es", "se", "al",
            "como", "su", "y",
        ],
    ),
    (
        "it",
        &[
            "il", "della", "che", "di", "per", "una", "non", "sono", "gli", "con", "nel", "del",
            "le", "alla", "è",
        ],
    ),
    (
        "pt",
        &[
            "não", "uma", "com", "os", "do", "da", "em", "que", "para", "por", "mais", "das",
            "dos", "ao", "é",
        ],
    ),
    (
        "nl",
        &[
            "het", "een", "van", "en", "niet", "zijn", "met", "voor", "op", "dat", "ook", "aan",
            "werd", "bij", "naar",
        ],
    ),
];

/// Detects the language of `text` from its first 20 KB; `None` when it has
/// too few letters to say.
pub fn detect(text: &str) -> Option<String> {
    let mut end = text.len().min(SAMPLE_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let sample = &text[..end];
    let mut counts = [0usize; 6];
    let mut ukrainian = 0usize;
    for c in sample.chars() {
        let k = match char_script(c) {
            Script::Latin => 0,
            Script::Hangul => 1,
            Script::Kana => 2,
            Script::Han => 3,
            Script::Cyrillic => {
                if matches!(c, 'і' | 'ї' | 'є' | 'ґ' | 'І' | 'Ї' | 'Є' | 'Ґ') {
                    ukrainian += 1;
                }
                4
            }
            Script::Arabic => 5,
            _ => continue,
        };
        counts[k] += 1;
    }
    let total: usize = counts.iter().sum();
    if total < 8 {
        return None;
    }
    let (best, _) = counts.iter().enumerate().max_by_key(|(_, n)| **n)?;
    let code = match best {
        1 => "ko",
        2 => "ja",
        3 => {
            if counts[2] * 10 > counts[3] {
                "ja"
            } else {
                "zh"
            }
        }
        4 => {
            if ukrainian * 50 > counts[4] {
                "uk"
            } else {
                "ru"
            }
        }
        5 => "ar",
        _ => return latin_language(sample),
    };
    Some(code.to_string())
}

fn latin_language(sample: &str) -> Option<String> {
    let mut scores = vec![0usize; FUNCTION_WORDS.len()];
    let mut n_words = 0;
    for word in sample.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).take(3000) {
        n_words += 1;
        let lower = word.to_lowercase();
        for (k, (_, words)) in FUNCTION_WORDS.iter().enumerate() {
            if words.contains(&lower.as_str()) {
                scores[k] += 1;
            }
        }
    }
    let (best, score) = scores.iter().enumerate().max_by_key(|(_, s)| **s)?;
    (n_words >= 3 && *score >= 1).then(|| FUNCTION_WORDS[best].0.to_string())
}

/// An ISO 639-1 code from a declared language tag (`en-US`, `ko_KR`, `EN`).
pub fn normalize_code(tag: &str) -> Option<String> {
    let code: String = tag
        .trim()
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect::<String>()
        .to_ascii_lowercase();
    (code.len() == 2 || code.len() == 3).then_some(code)
}
