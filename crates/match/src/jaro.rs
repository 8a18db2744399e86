//! String metrics behind unit structs: [`JaroWinkler`] and the restricted
//! Damerau–Levenshtein distance ([`Osa`]).
//!
//! Both work on bytes. The matcher only ever feeds them folded, transliterated
//! ASCII tokens, where a byte is a letter.

/// The Jaro–Winkler similarity of two strings, in [0, 1].
///
/// Jaro's measure counts the characters the two strings share within a window
/// of half the longer length, and the transpositions among them; Winkler's
/// refinement raises the score of pairs that agree on a prefix of up to four
/// characters (scaling factor 0.1), because spelling variation in names tends
/// to come late in the word.
///
/// # Examples
/// ```
/// use vigil_match::jaro::JaroWinkler;
/// let jw = JaroWinkler.score("martha", "marhta");
/// assert!((jw - 0.961).abs() < 0.001);
/// assert_eq!(JaroWinkler.score("putin", "putin"), 1.0);
/// assert_eq!(JaroWinkler.score("", "putin"), 0.0);
/// ```
///
/// # References
/// - M. A. Jaro (1989), "Advances in record-linkage methodology as applied to
///   matching the 1985 census of Tampa, Florida", *Journal of the American
///   Statistical Association* 84(406):414–420.
/// - W. E. Winkler (1990), "String Comparator Metrics and Enhanced Decision
///   Rules in the Fellegi–Sunter Model of Record Linkage", *Proceedings of the
///   Section on Survey Research Methods*, American Statistical Association,
///   354–359.
/// - OFAC's Sanctions List Search uses Jaro–Winkler together with Soundex
///   for its fuzzy name score (OFAC, "Sanctions List Search" FAQ 249).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct JaroWinkler;

impl JaroWinkler {
    /// The Jaro–Winkler similarity of `a` and `b`.
    pub fn score(&self, a: &str, b: &str) -> f64 {
        let a = a.as_bytes();
        let b = b.as_bytes();
        let jaro = jaro(a, b);
        if jaro <= 0.0 {
            return 0.0;
        }
        let prefix = a.iter().zip(b.iter()).take(4).take_while(|(x, y)| x == y).count();
        jaro + prefix as f64 * 0.1 * (1.0 - jaro)
    }
}

/// Plain Jaro similarity (Jaro 1989) of two byte strings.
fn jaro(a: &[u8], b: &[u8]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    if a == b {
        return 1.0;
    }
    // Names are short; fixed arrays avoid allocation. Longer inputs fall back.
    if a.len() > 64 || b.len() > 64 {
        return jaro_with_flags(a, b, &mut vec![false; a.len()], &mut vec![false; b.len()]);
    }
    jaro_with_flags(a, b, &mut [false; 64], &mut [false; 64])
}

/// The Jaro computation proper, with caller-provided match flags (at least
/// `a.len()` and `b.len()` long, all false) so short names need no allocation.
fn jaro_with_flags(a: &[u8], b: &[u8], a_match: &mut [bool], b_match: &mut [bool]) -> f64 {
    let window = (a.len().max(b.len()) / 2).saturating_sub(1);
    let mut matches = 0usize;
    for (i, ca) in a.iter().enumerate() {
        let lo = i.saturating_sub(window);
        let hi = (i + window + 1).min(b.len());
        for j in lo..hi {
            if !b_match[j] && b[j] == *ca {
                a_match[i] = true;
                b_match[j] = true;
                matches += 1;
                break;
            }
        }
    }
    if matches == 0 {
        return 0.0;
    }
    let mut transpositions = 0usize;
    let mut k = 0usize;
    for i in 0..a.len() {
        if !a_match[i] {
            continue;
        }
        while !b_match[k] {
            k += 1;
        }
        if a[i] != b[k] {
            transpositions += 1;
        }
        k += 1;
    }
    let m = matches as f64;
    (m / a.len() as f64 + m / b.len() as f64 + (m - transpositions as f64 / 2.0) / m) / 3.0
}

/// Optimal string alignment distance (restricted Damerau–Levenshtein):
/// insertions, deletions, substitutions and transpositions of adjacent
/// characters each cost one.
///
/// # Examples
/// ```
/// use vigil_match::jaro::Osa;
/// assert_eq!(Osa.distance("donald", "donlad"), 1);
/// assert_eq!(Osa.distance("kitten", "sitting"), 3);
/// assert_eq!(Osa.bounded("kitten", "sitting", 1), None);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Osa;

impl Osa {
    /// The distance between `a` and `b`.
    pub fn distance(&self, a: &str, b: &str) -> usize {
        osa(a.as_bytes(), b.as_bytes(), usize::MAX).unwrap_or(usize::MAX)
    }

    /// The distance if it is at most `max`, else `None`; cheaper than
    /// [`Osa::distance`] when the strings are far apart.
    pub fn bounded(&self, a: &str, b: &str, max: usize) -> Option<usize> {
        osa(a.as_bytes(), b.as_bytes(), max)
    }
}

pub(crate) fn osa(a: &[u8], b: &[u8], max: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    if a == b {
        return Some(0);
    }
    let n = b.len();
    if a.is_empty() || n == 0 {
        let d = a.len().max(n);
        return (d <= max).then_some(d);
    }
    if bag_distance(a, b) > max {
        return None;
    }
    if n >= 63 {
        // Very long tokens: plain rows on the heap.
        return osa_heap(a, b, max);
    }
    let mut rows = [[0usize; 64]; 3];
    let [r0, r1, r2] = &mut rows;
    let (mut prev2, mut prev, mut cur) = (r0, r1, r2);
    for (j, slot) in prev.iter_mut().enumerate().take(n + 1) {
        *slot = j;
    }
    for i in 1..=a.len() {
        cur[0] = i;
        let mut row_min = cur[0];
        let ai = a[i - 1];
        for j in 1..=n {
            let cost = usize::from(ai != b[j - 1]);
            let mut v = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && ai == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(prev2[j - 2] + 1);
            }
            cur[j] = v;
            row_min = row_min.min(v);
        }
        if row_min > max {
            return None;
        }
        // Rotate the rows: what was `prev` becomes `prev2`, and so on.
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    let d = prev[n];
    (d <= max).then_some(d)
}

/// A lower bound on the edit distance: the larger of the numbers of
/// characters (counted with multiplicity) that one string has beyond the
/// other. Every insertion, deletion or substitution changes each count by at
/// most one and a transposition changes none. Bytes are counted in 32
/// buckets (`b & 31`); merging buckets can only lower the bound.
fn bag_distance(a: &[u8], b: &[u8]) -> usize {
    let mut counts = [0i32; 32];
    for &x in a {
        counts[usize::from(x & 31)] += 1;
    }
    for &x in b {
        counts[usize::from(x & 31)] -= 1;
    }
    let (mut surplus, mut deficit) = (0i32, 0i32);
    for c in counts {
        if c > 0 {
            surplus += c;
        } else {
            deficit -= c;
        }
    }
    surplus.max(deficit) as usize
}

fn osa_heap(a: &[u8], b: &[u8], max: usize) -> Option<usize> {
    let n = b.len();
    let mut prev2 = vec![0usize; n + 1];
    let mut prev: Vec<usize> = (0..=n).collect();
    let mut cur = vec![0usize; n + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=n {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(prev2[j - 2] + 1);
            }
            cur[j] = v;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    let d = prev[n];
    (d <= max).then_some(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jaro_winkler_reference_values() {
        // Winkler (1990) table values.
        let cases =
            [("martha", "marhta", 0.961), ("dwayne", "duane", 0.84), ("dixon", "dicksonx", 0.813)];
        for (a, b, expect) in cases {
            let got = JaroWinkler.score(a, b);
            assert!((got - expect).abs() < 0.001, "{a} {b} {got}");
        }
    }

    #[test]
    fn osa_distances() {
        assert_eq!(Osa.distance("ca", "abc"), 3);
        assert_eq!(Osa.distance("", "abc"), 3);
        assert_eq!(Osa.bounded("jongun", "jong", 2), Some(2));
        let long_a = "a".repeat(100);
        let long_b = "a".repeat(99) + "b";
        assert_eq!(Osa.distance(&long_a, &long_b), 1);
    }

    /// The plain dynamic programme, for comparison.
    fn osa_reference(a: &[u8], b: &[u8]) -> usize {
        let (m, n) = (a.len(), b.len());
        let mut d = vec![vec![0usize; n + 1]; m + 1];
        for (i, row) in d.iter_mut().enumerate() {
            row[0] = i;
        }
        for (j, cell) in d[0].iter_mut().enumerate() {
            *cell = j;
        }
        for i in 1..=m {
            for j in 1..=n {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                let mut v = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    v = v.min(d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
            }
        }
        d[m][n]
    }

    #[test]
    fn osa_bounded_same_as_reference() {
        let mut state = 7u64;
        let mut next = |k: u64| {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (state >> 33) % k
        };
        for _ in 0..100_000 {
            let alphabet = 2 + next(6) as u8;
            let la = next(12) as usize;
            let a: Vec<u8> = (0..la).map(|_| b'a' + next(u64::from(alphabet)) as u8).collect();
            // b: a few edits of a, or unrelated.
            let mut b = a.clone();
            for _ in 0..next(5) {
                let pos = if b.is_empty() { 0 } else { next(b.len() as u64) as usize };
                match next(4) {
                    0 if !b.is_empty() => {
                        b.remove(pos);
                    }
                    1 => b.insert(pos, b'a' + next(u64::from(alphabet)) as u8),
                    2 if pos + 1 < b.len() => b.swap(pos, pos + 1),
                    _ if !b.is_empty() => b[pos] = b'a' + next(26) as u8,
                    _ => {}
                }
            }
            if next(4) == 0 {
                b = (0..next(12)).map(|_| b'a' + next(26) as u8).collect();
            }
            let d = osa_reference(&a, &b);
            for max in 0..5 {
                assert_eq!(osa(&a, &b, max), (d <= max).then_some(d), "{a:?} {b:?} {max}");
            }
            assert_eq!(osa(&a, &b, usize::MAX), Some(d));
        }
    }
}
