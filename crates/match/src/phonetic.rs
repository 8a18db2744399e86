//! A light phonetic key for Latin-spelled name tokens.
//!
//! It is not Soundex (which OFAC's Sanctions List Search combines with
//! Jaro–Winkler) but plays the same part: spellings that sound alike get the
//! same key, and the matcher treats equal keys as near-equal tokens. Unlike
//! Soundex it keeps vowels (with their common digraphs merged), because
//! dropping them would make `Tom` equal `Tim`.
//!
//! Rules, applied left to right: `ph`→`f`, `ck`/`q`/hard `c`→`k`, soft `c`→`s`,
//! `w`→`v`, `z`→`s`, `x`→`ks` (initial `x`→`s`), `y`→`i`, `j` between a vowel and a consonant or the end→`i` (`Sergejs`),
//! `h` after a consonant other than `s`/`c`, between a vowel and a consonant,
//! or at the end is silent;
//! vowel digraphs `ou`/`oo`/`oe`→`u`, `ee`/`ei`/`ey`/`ai`/`ay`→`i`,
//! `ae`→`e`; doubled letters collapse.

/// The phonetic key of one folded ASCII token.
///
/// # Examples
/// ```
/// use vigil_match::phonetic::key;
/// assert_eq!(key("john"), key("jon"));
/// assert_eq!(key("hussein"), key("husayn"));
/// assert_eq!(key("poetin"), key("putin"));
/// assert_eq!(key("mahmood"), key("mahmoud"));
/// assert_ne!(key("jon"), key("jan"));
/// ```
pub fn key(token: &str) -> String {
    let mut out = Vec::new();
    key_into(token, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// [`key`] written into `out` (cleared first), so that callers can reuse one
/// buffer. Only ASCII bytes are written for ASCII tokens; a non-ASCII token
/// is its own key.
pub(crate) fn key_into(token: &str, out: &mut Vec<u8>) {
    out.clear();
    if !token.is_ascii() {
        out.extend_from_slice(token.as_bytes());
        return;
    }
    let b = token.as_bytes();
    out.reserve(b.len() * 2);
    let is_vowel = |c: u8| matches!(c, b'a' | b'e' | b'i' | b'o' | b'u' | b'y');
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let next = b.get(i + 1).copied();
        let prev = out.last().copied();
        match c {
            b'p' if next == Some(b'h') => {
                out.push(b'f');
                i += 2;
                continue;
            }
            b'c' if next == Some(b'k') => {
                out.push(b'k');
                i += 2;
                continue;
            }
            b'c' if next == Some(b'h') => {
                out.extend_from_slice(b"ch");
                i += 2;
                continue;
            }
            b'c' => out.push(if matches!(next, Some(b'e' | b'i' | b'y')) { b's' } else { b'k' }),
            b'q' => out.push(b'k'),
            b'w' => out.push(b'v'),
            b'z' => out.push(b's'),
            b'x' => {
                if i == 0 {
                    out.push(b's');
                } else {
                    out.extend_from_slice(b"ks");
                }
            }
            b'y' => out.push(b'i'),
            b'j' if prev.is_some_and(is_vowel) && next.is_none_or(|n| !is_vowel(n)) => {
                out.push(b'i')
            }
            b'h' => {
                let after_consonant = prev.is_some_and(|p| !is_vowel(p) && p != b's' && p != b'c');
                let last = i + 1 == b.len();
                // Between a vowel and a consonant: John, Mahmoud.
                let before_consonant =
                    prev.is_some_and(is_vowel) && next.is_some_and(|n| !is_vowel(n));
                if !(after_consonant || before_consonant || (last && i > 0)) {
                    out.push(b'h');
                }
            }
            _ => out.push(c),
        }
        i += 1;
    }
    // Vowel digraphs, merged in place: the write position never passes the
    // read position, and both bytes of a pair are read before either is
    // overwritten.
    let (mut r, mut w) = (0, 0);
    while r < out.len() {
        let pair = (out[r], out.get(r + 1).copied());
        let repl = match pair {
            (b'o', Some(b'u' | b'o' | b'e')) => Some(b'u'),
            (b'e', Some(b'e' | b'i')) | (b'a', Some(b'i')) => Some(b'i'),
            (b'a', Some(b'e')) => Some(b'e'),
            _ => None,
        };
        match repl {
            Some(x) => {
                out[w] = x;
                r += 2;
            }
            None => {
                out[w] = out[r];
                r += 1;
            }
        }
        w += 1;
    }
    out.truncate(w);
    out.dedup();
}

#[cfg(test)]
mod tests {
    use super::key;

    /// The key as first written (two buffers), to check [`key`] against.
    fn key_reference(token: &str) -> String {
        if !token.is_ascii() {
            return token.to_string();
        }
        let b = token.as_bytes();
        let mut out: Vec<u8> = Vec::with_capacity(b.len() + 2);
        let is_vowel = |c: u8| matches!(c, b'a' | b'e' | b'i' | b'o' | b'u' | b'y');
        let mut i = 0;
        while i < b.len() {
            let c = b[i];
            let next = b.get(i + 1).copied();
            let prev = out.last().copied();
            match c {
                b'p' if next == Some(b'h') => {
                    out.push(b'f');
                    i += 2;
                    continue;
                }
                b'c' if next == Some(b'k') => {
                    out.push(b'k');
                    i += 2;
                    continue;
                }
                b'c' if next == Some(b'h') => {
                    out.extend_from_slice(b"ch");
                    i += 2;
                    continue;
                }
                b'c' => {
                    out.push(if matches!(next, Some(b'e' | b'i' | b'y')) { b's' } else { b'k' })
                }
                b'q' => out.push(b'k'),
                b'w' => out.push(b'v'),
                b'z' => out.push(b's'),
                b'x' => {
                    if i == 0 {
                        out.push(b's');
                    } else {
                        out.extend_from_slice(b"ks");
                    }
                }
                b'y' => out.push(b'i'),
                b'j' if prev.is_some_and(is_vowel) && next.is_none_or(|n| !is_vowel(n)) => {
                    out.push(b'i')
                }
                b'h' => {
                    let after_consonant =
                        prev.is_some_and(|p| !is_vowel(p) && p != b's' && p != b'c');
                    let last = i + 1 == b.len();
                    // Between a vowel and a consonant: John, Mahmoud.
                    let before_consonant =
                        prev.is_some_and(is_vowel) && next.is_some_and(|n| !is_vowel(n));
                    if !(after_consonant || before_consonant || (last && i > 0)) {
                        out.push(b'h');
                    }
                }
                _ => out.push(c),
            }
            i += 1;
        }
        // Vowel digraphs.
        let mut merged: Vec<u8> = Vec::with_capacity(out.len());
        let mut i = 0;
        while i < out.len() {
            let pair = (out[i], out.get(i + 1).copied());
            let repl: Option<&[u8]> = match pair {
                (b'o', Some(b'u' | b'o' | b'e')) => Some(b"u"),
                (b'e', Some(b'e' | b'i')) | (b'a', Some(b'i')) => Some(b"i"),
                (b'a', Some(b'e')) => Some(b"e"),
                _ => None,
            };
            match repl {
                Some(r) => {
                    merged.extend_from_slice(r);
                    i += 2;
                }
                None => {
                    merged.push(out[i]);
                    i += 1;
                }
            }
        }
        merged.dedup();
        String::from_utf8(merged).unwrap_or_default()
    }

    #[test]
    fn same_as_reference() {
        let letters = b"abcehijkopqsuwxyz";
        let mut words: Vec<String> = vec![String::new()];
        for _ in 0..5 {
            let mut next = Vec::new();
            for w in &words {
                for l in letters {
                    let mut x = w.clone();
                    x.push(char::from(*l));
                    assert_eq!(key(&x), key_reference(&x), "{x}");
                    next.push(x);
                }
            }
            words = next;
        }
        for w in ["", "ökan", "mahmoud", "xoxo", "phcckh"] {
            assert_eq!(key(w), key_reference(w), "{w}");
        }
    }

    fn check(a: &str, b: &str, same: bool) {
        assert_eq!(key(a) == key(b), same, "{a}={} {b}={}", key(a), key(b));
    }

    #[test]
    fn keys() {
        check("sergej", "sergei", true);
        check("sergey", "sergei", true);
        check("wladimir", "vladimir", true);
        check("qaddafi", "kadafi", true);
        check("mohammed", "mohamed", true);
        check("abdullah", "abdulla", true);
        check("cencora", "sencora", true);
        check("disnei", "disney", true);
        check("li", "lu", false);
        check("tom", "tim", false);
    }
}
