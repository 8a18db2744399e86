//! Romanisation-equivalence keys for Latin-spelled Korean (and Chinese) names.
//!
//! One Hangul name has many Latin spellings: 김정은 is `Kim Jong Un`
//! (popular), `Kim Chong-un` (McCune–Reischauer without breves),
//! `Gim Jeong-eun` (Revised Romanization). The systems differ in a few
//! regular ways, which [`key`] collapses:
//!
//! - voicing of stops: `k`/`g`, `t`/`d`, `p`/`b`, and `ch`/`j`/`ts`/`tz`/`zh`;
//! - the vowels `eo`/`ŏ`→`o`, `eu`/`ŭ`→`u`, `ae`→`e`, `oo`→`u`, `ee`→`i`,
//!   `ui`→`i`, `oi`/`oe`→`oe`;
//! - `r`/`l`, and the silent `r` of the popular `Park`;
//! - the surname 李 (`Ri`, `Rhee`, `Lee`, `Yi`, `Li`), one name in every
//!   system.
//!
//! The same collapsing also covers the Wade–Giles/Pinyin pairs of Chinese
//! names (`Hsi`/`Xi`, `Tse-tung`/`Zedong`, `Chin-ping`/`Jinping`), because
//! those differ in the same voicing and sibilant spellings.
//!
//! [`looks_romanized`] decides whether a token is built from such syllables
//! at all; the matcher only applies the key when every name token of both
//! names looks romanised, so that `Tom` and `Dom` stay apart.

/// Whether `token` (folded ASCII) parses as one to four East Asian romanised
/// syllables.
///
/// # Examples
/// ```
/// use vigil_match::korean::looks_romanized;
/// assert!(looks_romanized("jong"));
/// assert!(looks_romanized("jongun"));
/// assert!(looks_romanized("hyon"));
/// assert!(!looks_romanized("vladimir"));
/// assert!(!looks_romanized("schmidt"));
/// ```
pub fn looks_romanized(token: &str) -> bool {
    let b = token.as_bytes();
    // `v` and anything but a lower-case letter belong to no onset, vowel or
    // coda: such a word cannot parse.
    !b.is_empty()
        && b.len() <= 12
        && b.iter().all(|c| c.is_ascii_lowercase() && *c != b'v')
        && at_most_syllables(b, 4)
}

#[cfg(test)]
const ONSETS: &[&[u8]] = &[
    b"tch", b"kk", b"tt", b"pp", b"ss", b"jj", b"ch", b"ts", b"tz", b"zh", b"sh", b"hs", b"ng",
    b"k", b"g", b"n", b"d", b"t", b"r", b"l", b"m", b"b", b"p", b"s", b"j", b"z", b"c", b"q", b"x",
    b"h", b"f", b"w", b"y",
];
#[cfg(test)]
const CODAS: &[&[u8]] = &[b"ng", b"rk", b"n", b"m", b"l", b"k", b"p", b"t", b"r"];

fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u')
}

#[cfg(test)]
const NONE: usize = 99;

/// `starts_with` for the one- to three-byte patterns here, without a call to
/// `memcmp`.
#[cfg(test)]
fn starts(b: &[u8], pattern: &[u8]) -> bool {
    b.len() >= pattern.len() && pattern.iter().zip(b).all(|(p, c)| p == c)
}

/// Whether `b` splits into at most `max` syllables: the positions reachable
/// from the start after one, two, ... syllables, as bit sets (words have at
/// most 12 bytes). Most Western words fail at the first syllable, before any
/// work on the rest of the word.
fn at_most_syllables(b: &[u8], max: usize) -> bool {
    let n = b.len();
    debug_assert!(n <= 12);
    if n == 0 {
        return true;
    }
    // Ends of one syllable starting at each position, computed on first need.
    let mut ends = [0u16; 13];
    let mut known = 0u16;
    let mut reach: u16 = 1;
    for _ in 0..max {
        let mut next = 0u16;
        let mut set = reach;
        while set != 0 {
            let pos = set.trailing_zeros() as usize;
            set &= set - 1;
            if pos >= n {
                continue;
            }
            if known & (1 << pos) == 0 {
                ends[pos] = syllable_ends(b, pos);
                known |= 1 << pos;
            }
            next |= ends[pos];
        }
        if next & (1 << n) != 0 {
            return true;
        }
        if next == 0 {
            return false;
        }
        reach = next;
    }
    false
}

/// The positions where one syllable starting at `pos` can end: an optional
/// onset (see `ONSETS`), an optional glide, one to three vowels (as many as
/// there are), an optional coda (see `CODAS`).
///
/// The onsets that can start at a position are found by looking at its first
/// bytes rather than by trying every entry of `ONSETS` (and `CODAS`); the set
/// of onset and coda lengths tried (and so the result) is the same.
fn syllable_ends(b: &[u8], pos: usize) -> u16 {
    let n = b.len();
    let c0 = b[pos];
    let c1 = b.get(pos + 1).copied().unwrap_or(0);
    let c2 = b.get(pos + 2).copied().unwrap_or(0);
    let one = matches!(
        c0,
        b'k' | b'g'
            | b'n'
            | b'd'
            | b't'
            | b'r'
            | b'l'
            | b'm'
            | b'b'
            | b'p'
            | b's'
            | b'j'
            | b'z'
            | b'c'
            | b'q'
            | b'x'
            | b'h'
            | b'f'
            | b'w'
            | b'y'
    );
    let two = matches!(
        (c0, c1),
        (b'k', b'k')
            | (b't', b't')
            | (b'p', b'p')
            | (b's', b's')
            | (b'j', b'j')
            | (b'c', b'h')
            | (b't', b's')
            | (b't', b'z')
            | (b'z', b'h')
            | (b's', b'h')
            | (b'h', b's')
            | (b'n', b'g')
    );
    let three = c0 == b't' && c1 == b'c' && c2 == b'h';
    let mut mask = 0u16;
    for (onset_len, ok) in [(0usize, true), (1, one), (2, two), (3, three)] {
        if !ok {
            continue;
        }
        let mut p = pos + onset_len;
        // Optional glide after a consonant onset.
        if onset_len > 0
            && p < n
            && matches!(b[p], b'y' | b'w')
            && b.get(p + 1).is_some_and(|c| is_vowel(*c))
        {
            p += 1;
        }
        let v_start = p;
        while p < n && is_vowel(b[p]) && p - v_start < 3 {
            p += 1;
        }
        if p == v_start {
            continue;
        }
        mask |= 1 << p;
        // Codas: one letter, or `ng`/`rk`.
        if p < n {
            let d0 = b[p];
            if matches!(d0, b'n' | b'm' | b'l' | b'k' | b'p' | b't' | b'r') {
                mask |= 1 << (p + 1);
                if p + 1 < n && matches!((d0, b[p + 1]), (b'n', b'g') | (b'r', b'k')) {
                    mask |= 1 << (p + 2);
                }
            }
        }
    }
    mask
}

/// The romanisation-equivalence key of one folded token; two spellings of the
/// same Korean syllables in different systems get the same key.
///
/// # Examples
/// ```
/// use vigil_match::korean::key;
/// assert_eq!(key("jong"), key("chong"));
/// assert_eq!(key("jeong"), key("jong"));
/// assert_eq!(key("eun"), key("un"));
/// assert_eq!(key("gim"), key("kim"));
/// assert_eq!(key("choe"), key("choi"));
/// assert_eq!(key("pak"), key("park"));
/// assert_eq!(key("ri"), key("lee"));
/// assert_ne!(key("kim"), key("pak"));
/// ```
pub fn key(token: &str) -> String {
    let mut out = Vec::new();
    key_into(token, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// [`key`] written into `out` (cleared first), so that callers can reuse one
/// buffer.
pub fn key_into(token: &str, out: &mut Vec<u8>) {
    out.clear();
    if matches!(token, "ri" | "rhee" | "lee" | "yi" | "li" | "rhie" | "yee" | "rie" | "lie") {
        out.extend_from_slice(b"li");
        return;
    }
    let b = token.as_bytes();
    out.reserve(b.len());
    let mut i = 0;
    while i < b.len() {
        let rest = &b[i..];
        let (emit, used): (&[u8], usize) = if rest.starts_with(b"tch") {
            (b"j", 3)
        } else if rest.starts_with(b"ch")
            || rest.starts_with(b"ts")
            || rest.starts_with(b"tz")
            || rest.starts_with(b"zh")
        {
            (b"j", 2)
        } else if rest.starts_with(b"sh") || rest.starts_with(b"hs") {
            (b"s", 2)
        } else if rest.starts_with(b"eo") || rest.starts_with(b"ou") {
            (b"o", 2)
        } else if rest.starts_with(b"eu") || rest.starts_with(b"oo") {
            (b"u", 2)
        } else if rest.starts_with(b"ae") {
            (b"e", 2)
        } else if rest.starts_with(b"ee") || rest.starts_with(b"ui") {
            (b"i", 2)
        } else if rest.starts_with(b"oi") {
            (b"oe", 2)
        } else if rest.starts_with(b"ar") && rest.get(2).is_none_or(|c| !is_vowel(*c) && *c != b'y')
        {
            (b"a", 2)
        } else {
            let c = rest[0];
            let mapped: &[u8] = match c {
                b'g' | b'q' => b"k",
                b'd' => b"t",
                b'b' => b"p",
                b'z' | b'c' => b"j",
                b'x' => b"s",
                b'r' => b"l",
                b'h' if i > 0 && !is_vowel(b[i - 1]) && b[i - 1] != b'n' => b"",
                b'w' if b.get(i + 1) == Some(&b'o') => b"",
                _ => &rest[..1],
            };
            (mapped, 1)
        };
        out.extend_from_slice(emit);
        i += used;
    }
    out.dedup();
}

/// A looser key that also merges `o` and `u` (popular spellings such as
/// `Jung` for 정, `Hyun` for 현, `Young` for 영); equal loose keys are a
/// weaker signal than equal [`key`]s.
///
/// # Examples
/// ```
/// use vigil_match::korean::loose_key;
/// assert_eq!(loose_key("hyun"), loose_key("hyeon"));
/// assert_eq!(loose_key("young"), loose_key("yong"));
/// ```
pub fn loose_key(token: &str) -> String {
    let mut k = key(token).into_bytes();
    loosen(&mut k);
    String::from_utf8(k).unwrap_or_default()
}

/// Turns a [`key`] into the [`loose_key`] of the same token, in place.
pub(crate) fn loosen(k: &mut Vec<u8>) {
    for c in k.iter_mut() {
        if *c == b'u' {
            *c = b'o';
        }
    }
    k.dedup();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(a: &str, b: &str, same: bool) {
        assert_eq!(key(a) == key(b), same, "{a}={} {b}={}", key(a), key(b));
    }

    /// The straightforward form of [`syllables`]: every onset tried.
    fn syllables_reference(b: &[u8]) -> usize {
        let n = b.len();
        let mut best = [NONE; 13];
        best[n] = 0;
        for pos in (0..n).rev() {
            let mut here = NONE;
            let onsets = std::iter::once(0)
                .chain(ONSETS.iter().filter(|o| starts(&b[pos..], o)).map(|o| o.len()));
            for onset_len in onsets {
                let mut p = pos + onset_len;
                if onset_len > 0
                    && p < n
                    && matches!(b[p], b'y' | b'w')
                    && b.get(p + 1).is_some_and(|c| is_vowel(*c))
                {
                    p += 1;
                }
                let v_start = p;
                while p < n && is_vowel(b[p]) && p - v_start < 3 {
                    p += 1;
                }
                if p == v_start {
                    continue;
                }
                here = here.min(1 + best[p]);
                for coda in CODAS {
                    if starts(&b[p..], coda) {
                        here = here.min(1 + best[p + coda.len()]);
                    }
                }
            }
            best[pos] = here.min(NONE);
        }
        best[0]
    }

    #[test]
    fn syllables_same_as_reference() {
        // Every word of up to four letters, and longer words built from
        // syllable-like pieces.
        let letters: Vec<u8> = (b'a'..=b'z').chain([b'1', b'-']).collect();
        let mut words: Vec<Vec<u8>> = vec![vec![]];
        for _ in 0..4 {
            let mut next = Vec::new();
            for w in &words {
                for l in &letters {
                    let mut x = w.clone();
                    x.push(*l);
                    next.push(x);
                }
            }
            for w in &next {
                let text = std::str::from_utf8(w).unwrap();
                assert_eq!(looks_romanized(text), syllables_reference(w) <= 4, "{text}");
            }
            words = next;
        }
        let pieces = ["tch", "ng", "yo", "wa", "eo", "ch", "hs", "k", "a", "rk", "u", "ts", "i"];
        let mut state = 12345u64;
        for _ in 0..200_000 {
            let mut w = Vec::new();
            while w.len() < 12 {
                state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                let p = pieces[(state >> 33) as usize % pieces.len()];
                if w.len() + p.len() > 12 || (state >> 20).is_multiple_of(7) {
                    break;
                }
                w.extend_from_slice(p.as_bytes());
            }
            for max in 1..=5 {
                assert_eq!(
                    at_most_syllables(&w, max),
                    syllables_reference(&w) <= max,
                    "{}",
                    String::from_utf8_lossy(&w)
                );
            }
        }
    }

    #[test]
    fn equivalences() {
        check("hsi", "xi", true);
        check("shi", "xi", true);
        assert_eq!(loose_key("tsetung"), loose_key("zedong"));
        check("chinping", "jinping", true);
        check("pyong", "byeong", true);
        check("chol", "cheol", true);
        check("kyong", "gyeong", true);
        check("jong", "jang", false);
        check("un", "on", false);
        assert!(looks_romanized("chinping"));
        assert!(looks_romanized("tsetung"));
        assert!(!looks_romanized(""));
    }
}
