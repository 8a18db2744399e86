//! Greek: ELOT 743 (ISO 843 type 2) and two phonetic renderings, one for
//! foreign names written in Greek (`ντ`→`d`, `μπ`→`b`: Βλαντίμιρ → vladimir)
//! and one for Greek names (`ντ`→`nd` inside words: Παντελής → pandelis),
//! and the latter without the nominative ending (Αλέξανδρος → alexander).

use super::push_other;

/// One rendering of Greek.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Sys {
    Elot,
    Foreign,
    Native,
}

/// A Greek letter without its accents: (base letter, had tonos, had dialytika).
fn base(c: char) -> (char, bool, bool) {
    let lc = c.to_lowercase().next().unwrap_or(c);
    match lc {
        'ά' => ('α', true, false),
        'έ' => ('ε', true, false),
        'ή' => ('η', true, false),
        'ί' => ('ι', true, false),
        'ό' => ('ο', true, false),
        'ύ' => ('υ', true, false),
        'ώ' => ('ω', true, false),
        'ϊ' => ('ι', false, true),
        'ϋ' => ('υ', false, true),
        'ΐ' => ('ι', true, true),
        'ΰ' => ('υ', true, true),
        'ς' => ('σ', false, false),
        'ϐ' => ('β', false, false),
        'ϑ' => ('θ', false, false),
        'ϕ' => ('φ', false, false),
        'ϰ' => ('κ', false, false),
        'ϱ' => ('ρ', false, false),
        'ϲ' => ('σ', false, false),
        '\u{1F00}'..='\u{1FFF}' => {
            // Polytonic: fold through the canonical decomposition.
            let mut b = lc;
            unicode_normalization::char::decompose_canonical(lc, |d| {
                if ('α'..='ω').contains(&d) {
                    b = d;
                }
            });
            (b, false, false)
        }
        _ => (lc, false, false),
    }
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'α' | 'ε' | 'η' | 'ι' | 'ο' | 'υ' | 'ω')
}

/// Voiceless consonants after which αυ/ευ are read `af`/`ef`.
fn voiceless(c: char) -> bool {
    matches!(c, 'θ' | 'κ' | 'ξ' | 'π' | 'σ' | 'τ' | 'φ' | 'χ' | 'ψ')
}

/// Columns for a run of Greek tokens.
pub(super) fn columns(tokens: &[Vec<char>]) -> Vec<String> {
    let words: Vec<Vec<(char, bool, bool)>> =
        tokens.iter().map(|t| t.iter().map(|&c| base(c)).collect()).collect();
    let mut cols: Vec<String> = [Sys::Elot, Sys::Foreign, Sys::Native]
        .iter()
        .map(|&sys| {
            let mut out = String::new();
            for w in &words {
                if !out.is_empty() {
                    out.push(' ');
                }
                render(w, sys, &mut out);
            }
            out
        })
        .collect();
    // The native reading with nominative endings dropped, as the names are
    // usually given in English (Αλέξανδρος → alexander, Πέτρος → peter,
    // Δημήτριος → dimitri).
    let english = cols[2].split(' ').map(drop_ending).collect::<Vec<_>>().join(" ");
    cols.push(english);
    cols
}

/// Drops a nominative ending `-os`, `-as`, `-is`, `-es` from a romanised word
/// of at least six letters, writing a stem-final consonant + `r` as `-er`.
fn drop_ending(word: &str) -> String {
    let b = word.as_bytes();
    let ending = word.len() >= 6
        && b[b.len() - 1] == b's'
        && matches!(b[b.len() - 2], b'o' | b'a' | b'i' | b'e');
    if !ending {
        return word.to_string();
    }
    let stem = &word[..word.len() - 2];
    let sb = stem.as_bytes();
    let vowel = |c: u8| matches!(c, b'a' | b'e' | b'i' | b'o' | b'u' | b'y');
    if sb.len() >= 2 && sb[sb.len() - 1] == b'r' && !vowel(sb[sb.len() - 2]) {
        format!("{}er", &stem[..stem.len() - 1])
    } else {
        stem.to_string()
    }
}

fn render(w: &[(char, bool, bool)], sys: Sys, out: &mut String) {
    let n = w.len();
    let mut i = 0;
    while i < n {
        let (c, tonos, _) = w[i];
        let next = w.get(i + 1).copied();
        let next_c = next.map(|x| x.0);
        // A diphthong only when the first vowel carries no accent and the
        // second no dialytika.
        let pair = next.is_some_and(|(_, _, dia)| !dia) && !tonos;
        let initial = i == 0;
        let after_cons = i > 0 && !is_vowel(w[i - 1].0);
        // Word-final -ιτς of foreign patronymics (Βλαντίμιροβιτς → vladimirovich).
        if sys == Sys::Foreign && c == 'ι' && i + 3 == n && w[i + 1].0 == 'τ' && w[i + 2].0 == 'σ'
        {
            out.push_str("ich");
            i += 3;
            continue;
        }
        if pair {
            let two: Option<&str> = match (c, next_c.unwrap_or(' ')) {
                ('ο', 'υ') => Some(if sys == Sys::Elot { "ou" } else { "u" }),
                ('α', 'ι') => Some(if sys == Sys::Elot { "ai" } else { "e" }),
                ('ε', 'ι') => Some(if sys == Sys::Elot { "ei" } else { "i" }),
                ('ο', 'ι') => Some(if sys == Sys::Elot { "oi" } else { "i" }),
                ('υ', 'ι') => Some(if sys == Sys::Elot { "yi" } else { "i" }),
                ('α' | 'ε' | 'η', 'υ') => {
                    let v = match c {
                        'α' => 'a',
                        'ε' => 'e',
                        _ => 'i',
                    };
                    out.push(v);
                    let after = w.get(i + 2).map(|x| x.0);
                    let f = after.is_none_or(voiceless);
                    out.push(if f { 'f' } else { 'v' });
                    i += 2;
                    continue;
                }
                ('μ', 'π') => Some(match sys {
                    Sys::Elot | Sys::Native if !initial && !after_cons => "mp",
                    Sys::Native if !initial => "mb",
                    _ => "b",
                }),
                ('ν', 'τ') => Some(match sys {
                    Sys::Elot if !initial => "nt",
                    Sys::Native if !initial && !after_cons => "nd",
                    _ => "d",
                }),
                ('γ', 'κ') => Some(match sys {
                    Sys::Elot | Sys::Native if !initial => "ng",
                    _ => "g",
                }),
                ('γ', 'γ') => Some("ng"),
                ('γ', 'ξ') => Some("nx"),
                ('γ', 'χ') => Some(if sys == Sys::Elot { "nch" } else { "nkh" }),
                ('τ', 'σ') => Some("ts"),
                ('τ', 'ζ') => Some("tz"),
                _ => None,
            };
            if let Some(s) = two {
                out.push_str(s);
                i += 2;
                continue;
            }
        }
        let s = match c {
            'α' => "a",
            'β' => "v",
            'γ' => "g",
            'δ' => "d",
            'ε' => "e",
            'ζ' => "z",
            'η' => "i",
            'θ' => "th",
            'ι' => "i",
            'κ' => "k",
            'λ' => "l",
            'μ' => "m",
            'ν' => "n",
            'ξ' => "x",
            'ο' => "o",
            'π' => "p",
            'ρ' => "r",
            'σ' => "s",
            'τ' => "t",
            'υ' => {
                if sys == Sys::Elot {
                    "y"
                } else {
                    "i"
                }
            }
            'φ' => "f",
            'χ' => {
                if sys == Sys::Elot {
                    "ch"
                } else {
                    "kh"
                }
            }
            'ψ' => "ps",
            'ω' => "o",
            _ => {
                push_other(out, c);
                ""
            }
        };
        out.push_str(s);
        i += 1;
    }
}
