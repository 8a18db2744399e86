//! Thai: the Royal Thai General System of Transcription (RTGS, Royal
//! Institute, 1999 revision), best effort, plus a reading for foreign names
//! written in Thai.
//!
//! Thai writes vowels before, above, below and after their consonant, often
//! leaves them implicit and does not separate syllables, so the text is cut
//! into syllables by rule: an optional leading vowel (เ แ โ ใ ไ), an initial
//! consonant (with a silent ห or อ before a sonorant, and the clusters
//! กร ขร คร ตร ปร พร ผร กล ขล คล ปล พล ผล บล ฟล ดร บร ฟร กว ขว คว), the vowel
//! signs, and a final consonant when the next consonant carries no vowel of
//! its own. A syllable without a written vowel reads `o` when a final
//! consonant follows (สม → som) and `a` otherwise. Finals take their RTGS
//! final values (ก ข ค → k; จ ช ซ ด ต ท ศ ษ ส … → t; บ ป พ ฟ ภ → p;
//! น ณ ญ ร ล ฬ → n; ย → i; ว → o). Tone marks are dropped, and a consonant
//! under the thanthakhat ์ (with a vowel sign between them) is silent:
//! สมชาย → somchai, สมศักดิ์ → somsak, ประยุทธ์ → prayut, ทักษิณ → thaksin.
//!
//! The foreign-name reading keeps silenced final ร/ล, reads finals ร ล as
//! `r` `l`, initial ว as `v`, and allows any consonant + ร/ล cluster:
//! วลาดีมีร์ ปูติน → vladimir putin.

use super::push_other;

/// Initial and final values of the consonants ก (U+0E01) .. ฮ (U+0E2E);
/// ฤ and ฦ (vowels in practice) are handled apart. An empty final means the
/// consonant does not close syllables.
const CONSONANTS: [(&str, &str); 46] = [
    ("k", "k"),   // ก
    ("kh", "k"),  // ข
    ("kh", "k"),  // ฃ
    ("kh", "k"),  // ค
    ("kh", "k"),  // ฅ
    ("kh", "k"),  // ฆ
    ("ng", "ng"), // ง
    ("ch", "t"),  // จ
    ("ch", "t"),  // ฉ
    ("ch", "t"),  // ช
    ("s", "t"),   // ซ
    ("ch", "t"),  // ฌ
    ("y", "n"),   // ญ
    ("d", "t"),   // ฎ
    ("t", "t"),   // ฏ
    ("th", "t"),  // ฐ
    ("th", "t"),  // ฑ
    ("th", "t"),  // ฒ
    ("n", "n"),   // ณ
    ("d", "t"),   // ด
    ("t", "t"),   // ต
    ("th", "t"),  // ถ
    ("th", "t"),  // ท
    ("th", "t"),  // ธ
    ("n", "n"),   // น
    ("b", "p"),   // บ
    ("p", "p"),   // ป
    ("ph", "p"),  // ผ
    ("f", "p"),   // ฝ
    ("ph", "p"),  // พ
    ("f", "p"),   // ฟ
    ("ph", "p"),  // ภ
    ("m", "m"),   // ม
    ("y", "i"),   // ย
    ("r", "n"),   // ร
    ("rue", ""),  // ฤ
    ("l", "n"),   // ล
    ("lue", ""),  // ฦ
    ("w", "o"),   // ว
    ("s", "t"),   // ศ
    ("s", "t"),   // ษ
    ("s", "t"),   // ส
    ("h", ""),    // ห
    ("l", "n"),   // ฬ
    ("", ""),     // อ
    ("h", ""),    // ฮ
];

const RO: char = 'ร';
const LO: char = 'ล';
const WO: char = 'ว';
const YO: char = 'ย';
const O_ANG: char = 'อ';
const HO: char = 'ห';
const THANTHAKHAT: char = '\u{0E4C}';

fn is_cons(c: char) -> bool {
    matches!(c, 'ก'..='ฮ') && !matches!(c, 'ฤ' | 'ฦ')
}

fn cons(c: char) -> (&'static str, &'static str) {
    CONSONANTS[(c as u32 - 0x0E01) as usize]
}

fn is_tone(c: char) -> bool {
    matches!(c, '\u{0E48}'..='\u{0E4B}')
}

/// Vowel signs written above, below or after a consonant.
fn is_vowel_sign(c: char) -> bool {
    matches!(c, '\u{0E30}'..='\u{0E39}' | '\u{0E45}' | '\u{0E47}' | '\u{0E4D}')
}

fn is_lead(c: char) -> bool {
    matches!(c, 'เ'..='ไ')
}

/// Whether the consonant at `i` starts a syllable of its own: a vowel sign,
/// a tone mark or the vowel รร follows it.
fn takes_vowel(w: &[char], i: usize) -> bool {
    w.get(i + 1).is_some_and(|&c| is_vowel_sign(c) || is_tone(c))
        || (w.get(i + 1) == Some(&RO) && w.get(i + 2) == Some(&RO))
}

/// Whether the consonant at `i` is silenced by the thanthakhat (directly or
/// with one vowel sign between): the number of characters to skip.
fn silenced(w: &[char], i: usize) -> Option<usize> {
    match (w.get(i + 1), w.get(i + 2)) {
        (Some(&THANTHAKHAT), _) => Some(2),
        (Some(&v), Some(&THANTHAKHAT)) if is_vowel_sign(v) || is_tone(v) => Some(3),
        _ => None,
    }
}

/// Whether `a` + `b` (`b` one of ร ล ว) is an initial cluster.
fn cluster(a: char, b: char, foreign: bool) -> bool {
    match b {
        RO | LO => {
            matches!(a, 'ก' | 'ข' | 'ค' | 'ต' | 'ป' | 'พ' | 'ผ' | 'บ' | 'ฟ' | 'ด')
                || (foreign && !matches!(a, HO | O_ANG | RO | LO | YO))
        }
        WO => matches!(a, 'ก' | 'ข' | 'ค'),
        _ => false,
    }
}

/// Whether the consonant at `i` can close the syllable before it.
fn can_be_final(w: &[char], i: usize) -> bool {
    w.get(i).is_some_and(|&c| {
        is_cons(c) && !cons(c).1.is_empty() && !takes_vowel(w, i) && silenced(w, i).is_none()
    })
}

fn skip_tones(w: &[char], i: &mut usize) {
    while w.get(*i).copied().is_some_and(is_tone) {
        *i += 1;
    }
}

/// Renders one Thai word.
fn render(w: &[char], foreign: bool, out: &mut String) {
    let n = w.len();
    let mut i = 0;
    // Whether the last syllable ended with a final consonant.
    let mut closed = false;
    while i < n {
        let c = w[i];
        // Skip stray marks; render digits and other characters.
        if !is_cons(c) && !is_lead(c) {
            match c {
                'ฤ' => out.push_str(if w.get(i + 1) == Some(&'\u{0E45}') { "rue" } else { "ri" }),
                'ฦ' => out.push_str("lue"),
                '\u{0E50}'..='\u{0E59}' => out.push(char::from(b'0' + (c as u32 - 0x0E50) as u8)),
                _ if (c as u32) >= 0x0E00 && (c as u32) <= 0x0E7F => {}
                _ => push_other(out, c),
            }
            i += 1;
            continue;
        }
        let lead = if is_lead(c) {
            i += 1;
            Some(c)
        } else {
            None
        };
        let Some(&init) = w.get(i).filter(|&&c| is_cons(c)) else {
            if let Some(l) = lead {
                out.push_str(lead_alone(l));
            }
            continue;
        };
        // A bare ร ending the word after a closed syllable is silent
        // (ชินวัตร chinnawat, จักร chak).
        if init == RO && lead.is_none() && i + 1 == n && closed {
            i += 1;
            continue;
        }
        // A bare consonant between a closed syllable and a silenced one is
        // silent too (ลักษณ์ lak).
        if closed && lead.is_none() && !takes_vowel(w, i) && silenced(w, i + 1).is_some() {
            i += 1;
            continue;
        }
        closed = false;
        if let Some(skip) = silenced(w, i) {
            if foreign && matches!(init, RO | LO) {
                out.push(if init == RO { 'r' } else { 'l' });
            }
            i += skip;
            continue;
        }
        i += 1;
        // The initial sound.
        let start = out.len();
        let next = w.get(i).copied();
        if matches!(
            (init, next),
            (HO, Some('ง' | 'ญ' | 'น' | 'ม' | 'ย' | 'ร' | 'ล' | 'ว')) | (O_ANG, Some(YO))
        ) && (takes_vowel(w, i) || lead.is_some() || can_be_final(w, i + 1))
        {
            out.push_str(cons(w[i]).0);
            i += 1;
        } else if let Some(b) = next.filter(|&b| {
            cluster(init, b, foreign)
                && w.get(i + 1) != Some(&RO)
                && silenced(w, i).is_none()
                && (takes_vowel(w, i)
                    || (lead.is_some() && w.get(i + 1).is_some_and(|&c| is_cons(c)))
                    || (b != WO && can_be_final(w, i + 1) && !takes_vowel(w, i + 1)))
        }) {
            out.push_str(if foreign && init == WO { "v" } else { cons(init).0 });
            out.push_str(cons(b).0);
            i += 1;
        } else if !foreign
            && matches!(init, 'ท' | 'ส' | 'ศ' | 'ซ')
            && next == Some(RO)
            && (takes_vowel(w, i) || lead.is_some())
        {
            // ทร, สร, ศร, ซร read s (ทราย sai, ศรี si).
            out.push('s');
            i += 1;
        } else if foreign && init == WO && out.len() == start && (start == 0 || out.ends_with(' '))
        {
            out.push('v');
        } else {
            out.push_str(cons(init).0);
        }
        // The vowel.
        skip_tones(w, &mut i);
        let cur = w.get(i).copied();
        let after = w.get(i + 1).copied();
        let (vowel, open): (&str, bool) = match (lead, cur) {
            (None, Some('ะ')) => {
                i += 1;
                ("a", true)
            }
            (None, Some('ั')) => {
                i += 1;
                skip_tones(w, &mut i);
                if w.get(i) == Some(&WO) {
                    i += 1;
                    if w.get(i) == Some(&'ะ') {
                        i += 1;
                        ("ua", true)
                    } else {
                        ("ua", false)
                    }
                } else {
                    ("a", false)
                }
            }
            (None, Some('า' | 'ๅ')) => {
                i += 1;
                ("a", false)
            }
            (None, Some('ำ')) => {
                i += 1;
                ("am", true)
            }
            (None, Some('ํ')) => {
                i += 1;
                if w.get(i) == Some(&'า') {
                    i += 1;
                }
                ("am", true)
            }
            (None, Some('ิ' | 'ี')) => {
                i += 1;
                ("i", false)
            }
            (None, Some('ึ')) => {
                i += 1;
                ("ue", false)
            }
            (None, Some('ื')) => {
                i += 1;
                skip_tones(w, &mut i);
                if w.get(i) == Some(&O_ANG) {
                    i += 1;
                }
                ("ue", false)
            }
            (None, Some('ุ' | 'ู')) => {
                i += 1;
                ("u", false)
            }
            (None, Some('็')) => {
                i += 1;
                ("o", true)
            }
            // รร: `a` before a final (สุวรรณ suwan), else `an` (สรรพ).
            (None, Some(RO)) if w.get(i + 1) == Some(&RO) => {
                i += 2;
                if can_be_final(w, i) {
                    ("a", false)
                } else {
                    ("an", true)
                }
            }
            (None, Some(O_ANG)) if !takes_vowel(w, i) => {
                i += 1;
                ("o", false)
            }
            (None, Some(WO)) if can_be_final(w, i + 1) && !takes_vowel(w, i) => {
                i += 1;
                ("ua", false)
            }
            (None, _) => {
                if can_be_final(w, i) {
                    ("o", false)
                } else {
                    ("a", true)
                }
            }
            (Some('เ'), Some('็')) => {
                i += 1;
                ("e", false)
            }
            (Some('เ'), Some('ิ')) => {
                i += 1;
                ("oe", false)
            }
            (Some('เ'), Some('ี')) if after == Some(YO) || w.get(i + 2) == Some(&YO) => {
                i += 1;
                skip_tones(w, &mut i);
                i += 1;
                if w.get(i) == Some(&'ะ') {
                    i += 1;
                }
                ("ia", false)
            }
            (Some('เ'), Some('ื')) => {
                i += 1;
                skip_tones(w, &mut i);
                if w.get(i) == Some(&O_ANG) {
                    i += 1;
                }
                ("uea", false)
            }
            (Some('เ'), Some('า')) => {
                i += 1;
                if w.get(i) == Some(&'ะ') {
                    i += 1;
                    ("o", true)
                } else {
                    ("ao", true)
                }
            }
            (Some('เ'), Some(O_ANG)) if !takes_vowel(w, i) => {
                i += 1;
                ("oe", false)
            }
            (Some('เ'), Some('ะ')) => {
                i += 1;
                ("e", true)
            }
            (Some('เ'), _) => {
                if w.get(i) == Some(&YO) && !takes_vowel(w, i) {
                    i += 1;
                    ("oei", true)
                } else {
                    ("e", false)
                }
            }
            (Some('แ'), Some('็')) => {
                i += 1;
                ("ae", false)
            }
            (Some('แ'), Some('ะ')) => {
                i += 1;
                ("ae", true)
            }
            (Some('แ'), _) => ("ae", false),
            (Some('โ'), Some('ะ')) => {
                i += 1;
                ("o", true)
            }
            (Some('โ'), _) => ("o", false),
            (Some(_), _) => {
                // ใ ไ: ai; a silent ย after it (ไทย thai).
                if w.get(i) == Some(&YO) && !takes_vowel(w, i) {
                    i += 1;
                }
                ("ai", true)
            }
        };
        out.push_str(vowel);
        skip_tones(w, &mut i);
        // The final consonant.
        if !open && can_be_final(w, i) {
            let f = w[i];
            let value = match f {
                RO if foreign => "r",
                LO if foreign => "l",
                WO if vowel.ends_with('o') || vowel.ends_with('u') => "",
                _ => cons(f).1,
            };
            out.push_str(value);
            i += 1;
            closed = true;
        }
    }
}

/// A leading vowel with no consonant after it.
fn lead_alone(l: char) -> &'static str {
    match l {
        'เ' => "e",
        'แ' => "ae",
        'โ' => "o",
        _ => "ai",
    }
}

/// Whether a token is written in Thai (its letters are all Thai).
pub(super) fn is_thai(tok: &[char]) -> bool {
    tok.iter().any(|&c| matches!(c, 'ก'..='๛'))
        && tok.iter().all(|&c| matches!(c, '\u{0E00}'..='\u{0E7F}') || !c.is_alphabetic())
}

/// Columns for a run of Thai tokens: RTGS, then the foreign-name reading.
pub(super) fn columns(tokens: &[Vec<char>]) -> Vec<String> {
    [false, true]
        .iter()
        .map(|&foreign| {
            let mut out = String::new();
            for t in tokens {
                if !out.is_empty() {
                    out.push(' ');
                }
                render(t, foreign, &mut out);
            }
            out
        })
        .collect()
}
