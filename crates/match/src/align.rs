//! Token similarity and token alignment between two prepared names.
//!
//! Each token of one name is paired with at most one token of the other,
//! greedily by best similarity (a Hungarian assignment buys nothing
//! measurable on name-sized inputs). Besides single tokens, a unit may be a
//! run of two or three adjacent tokens compared as one word, so that
//! `Jongun` = `Jong Un` and `PolPot` = `Pol Pot`, or a short token compared
//! with the initials of a run (`JC` = `Jean Claude`, `PLA`).
//!
//! Token similarity, from strongest to weakest evidence:
//! exact (1.0); equal Korean/CJK romanisation keys (0.95, loose 0.9); equal
//! phonetic keys (0.95); an edit distance within a budget that grows with
//! length — none for tokens of up to three letters, one for four to seven,
//! two for eight to twelve, three beyond — scored `1 - d / (2·len)` for one edit and `1 - d / len` for more;
//! a stem with a short inflected ending (`Putinas`, 0.87); a shared stem of
//! six letters or more with different short endings (`Alexandros`, 0.8); a reversed word
//! (0.85); an initial against a word it begins (0.85). A weak partial
//! credit from Jaro–Winkler for longer words just outside the budget was
//! tried and dropped: on the name bench it produced more false positives
//! (`Castillo`/`Castro`, `Sancho`/`Sánchez`) than it recovered.

use crate::jaro::osa;
use crate::prepare::{Kind, Lexeme, Tok};
use crate::{korean, phonetic};

/// How two tokens (or units) were found alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokMethod {
    /// Identical.
    Exact,
    /// Same Korean/CJK romanisation key.
    Romanization,
    /// Same phonetic key.
    Phonetic,
    /// Within the edit budget.
    Fuzzy,
    /// One is a stem of the other.
    Stem,
    /// An initial and a word it begins.
    Initial,
    /// A run of tokens joined into one word.
    Joined,
    /// A short token against the initials of a run.
    Acronym,
    /// Partial credit from Jaro–Winkler.
    Partial,
    /// Interchangeable particles (`bin`/`ibn`).
    Particle,
}

/// Below this a pair of tokens is not aligned at all.
pub const MIN_PAIR_SIM: f64 = 0.6;

fn budget(len: usize) -> usize {
    match len {
        0..=3 => 0,
        4..=7 => 1,
        8..=12 => 2,
        _ => 3,
    }
}

/// Similarity of two words given as lexemes.
///
/// # Examples
/// ```
/// use vigil_match::align::lexeme_sim;
/// use vigil_match::prepare::Lexeme;
/// let s = |a: &str, b: &str| lexeme_sim(&Lexeme::new(a), &Lexeme::new(b), false).0;
/// assert_eq!(s("putin", "putin"), 1.0);
/// assert!(s("jon", "john") > 0.9);
/// assert!(s("jon", "jan") < 0.6);
/// assert!(s("li", "lu") < 0.6);
/// assert!(s("lukashenko", "lukashnko") > 0.9);
/// ```
pub fn lexeme_sim(a: &Lexeme, b: &Lexeme, romanized: bool) -> (f64, TokMethod) {
    if a.text == b.text {
        return (1.0, TokMethod::Exact);
    }
    if a.is_number || b.is_number {
        return (0.0, TokMethod::Exact);
    }
    let (la, lb) = (a.len(), b.len());
    if la == 1 || lb == 1 {
        let (short, long) = if la == 1 { (a, b) } else { (b, a) };
        if long.text.as_bytes()[0] == short.text.as_bytes()[0] {
            return (0.85, TokMethod::Initial);
        }
        return (0.0, TokMethod::Initial);
    }
    if romanized && !a.cjk.is_empty() && !b.cjk.is_empty() {
        if a.cjk == b.cjk {
            return (0.95, TokMethod::Romanization);
        }
        if a.cjk_loose == b.cjk_loose {
            return (0.9, TokMethod::Romanization);
        }
        // A short romanised word is a syllable or two whose spelling the
        // keys above already normalise: a Western phonetic likeness
        // (Choe/Chu) says nothing more. Typos still count below.
        if la.min(lb) <= 5 {
            return text_sim_keys(&a.text, &b.text, &a.text, &b.text);
        }
    }
    if a.phon == b.phon && !a.phon.is_empty() {
        return (0.95, TokMethod::Phonetic);
    }
    if !a.text.is_ascii() || !b.text.is_ascii() {
        return native_sim(&a.text, &b.text);
    }
    text_sim_keys(&a.text, &b.text, &a.phon, &b.phon)
}

/// Similarity of two words in a non-Latin alphabet: each character is
/// mapped to one byte so that edit distances count letters, not UTF-8 bytes.
fn native_sim(a: &str, b: &str) -> (f64, TokMethod) {
    let mut alphabet: Vec<char> = Vec::with_capacity(16);
    let mut code = |c: char| -> u8 {
        match alphabet.iter().position(|x| *x == c) {
            Some(p) => p as u8 + 1,
            None => {
                alphabet.push(c);
                alphabet.len().min(255) as u8
            }
        }
    };
    let ab: Vec<u8> = a.chars().map(&mut code).collect();
    let bb: Vec<u8> = b.chars().map(&mut code).collect();
    // The bytes are not text, but `text_sim_keys` only compares bytes.
    let (sa, sb) =
        (String::from_utf8_lossy(&ab).into_owned(), String::from_utf8_lossy(&bb).into_owned());
    text_sim_keys(&sa, &sb, &sa, &sb)
}

/// Similarity of two words without precomputed keys (used for joined runs).
pub fn text_sim(a: &str, b: &str) -> (f64, TokMethod) {
    if a == b {
        return (1.0, TokMethod::Exact);
    }
    let pa = phonetic::key(a);
    let pb = phonetic::key(b);
    if pa == pb {
        return (0.95, TokMethod::Phonetic);
    }
    text_sim_keys(a, b, &pa, &pb)
}

/// One edit costs half a character's share of the length, further edits a
/// full share each: `Lukashnko` (one edit in ten) scores 0.95, `McKenton`
/// against `McKesson` (two in eight) 0.75.
fn edit_sim(d: usize, len: f64) -> f64 {
    match d {
        0 => 1.0,
        1 => 1.0 - 0.5 / len,
        _ => 1.0 - d as f64 / len,
    }
}

fn text_sim_keys(a: &str, b: &str, pa: &str, pb: &str) -> (f64, TokMethod) {
    let (la, lb) = (a.len(), b.len());
    let min_len = la.min(lb);
    let max_len = la.max(lb) as f64;
    let allowed = budget(min_len);
    let mut best = (0.0, TokMethod::Fuzzy);
    if allowed > 0 {
        if let Some(d) = osa(a.as_bytes(), b.as_bytes(), allowed) {
            best = (edit_sim(d, max_len), TokMethod::Fuzzy);
        }
        if let Some(d) = osa(pa.as_bytes(), pb.as_bytes(), allowed) {
            let s = 0.98 * edit_sim(d, pa.len().max(pb.len()).max(1) as f64);
            if s > best.0 {
                best = (s, TokMethod::Phonetic);
            }
        }
    }
    if min_len >= 4 {
        let (short, long) = if la <= lb { (a, b) } else { (b, a) };
        // A stem with an inflected ending: Putin/Putinas, Vladimir/Vladimiras.
        if long.starts_with(short) && long.len() - short.len() <= 3 && best.0 < 0.87 {
            best = (0.87, TokMethod::Stem);
        }
        // A shared stem with different short endings: Alexander/Alexandros.
        let common = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
        if common >= 6 && la - common <= 3 && lb - common <= 3 && best.0 < 0.8 {
            best = (0.8, TokMethod::Stem);
        }
        if la == lb && best.0 < 0.85 && a.bytes().rev().eq(b.bytes()) {
            best = (0.85, TokMethod::Stem);
        }
    }
    best
}

/// Settings of one alignment.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AlignOptions {
    /// Both names look like Korean/Chinese romanisation.
    pub romanized: bool,
    /// Similarity credited to a short token matching the initials of a run.
    pub acronym_sim: f64,
}

/// One aligned pair: a run of query tokens and a run of candidate tokens.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pair {
    /// First query token and run length.
    pub q: (usize, usize),
    /// First candidate token and run length.
    pub c: (usize, usize),
    /// Similarity of the two runs.
    pub sim: f64,
    /// How they were found alike.
    pub method: TokMethod,
}

/// Single-token similarity, taking token kinds into account.
pub fn tok_sim(a: Tok<'_>, b: Tok<'_>, romanized: bool) -> (f64, TokMethod) {
    match (a.kind, b.kind) {
        (Kind::Particle(x), Kind::Particle(y)) => {
            if x == y {
                (if a.lex.text == b.lex.text { 1.0 } else { 0.95 }, TokMethod::Particle)
            } else {
                (0.0, TokMethod::Particle)
            }
        }
        (Kind::Number, _) | (_, Kind::Number) => {
            (if a.lex.text == b.lex.text { 1.0 } else { 0.0 }, TokMethod::Exact)
        }
        (Kind::Particle(_), _) | (_, Kind::Particle(_)) => {
            (if a.lex.text == b.lex.text { 1.0 } else { 0.0 }, TokMethod::Exact)
        }
        _ => lexeme_sim(a.lex, b.lex, romanized),
    }
}

fn joinable(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::Name
            | Kind::Initial
            | Kind::Particle(_)
            | Kind::OrgWord
            | Kind::Legal(_)
            | Kind::Number
    )
}

/// Aligns two token lists. `sim(i, j)` gives the similarity of query token
/// `i` and candidate token `j` (callers may memoise it).
pub fn align(
    q: &[Tok<'_>],
    c: &[Tok<'_>],
    opts: AlignOptions,
    sim: &mut dyn FnMut(usize, usize) -> (f64, TokMethod),
    pairs: &mut Vec<Pair>,
) {
    align_bounded(q, c, opts, sim, pairs, None);
}

/// Upper bounds on the similarity of any pair each token of two names can
/// take part in: `q[i]`'s in `uq[i]`, `c[j]`'s in `uc[j]` (0 when a token
/// can pair with nothing). Given to the `reach` test of [`align_bounded`].
pub(crate) type Reach<'r> = &'r dyn Fn(&[f64], &[f64]) -> bool;

/// [`align`], but when `reach` is given and says, from per-token bounds on
/// the pair similarities (single tokens as computed, joined runs bounded
/// from their first letters and lengths), that the alignment cannot score
/// enough, no pairs are returned and the joined runs are not tried.
pub(crate) fn align_bounded(
    q: &[Tok<'_>],
    c: &[Tok<'_>],
    opts: AlignOptions,
    sim: &mut dyn FnMut(usize, usize) -> (f64, TokMethod),
    pairs: &mut Vec<Pair>,
    reach: Option<Reach<'_>>,
) {
    pairs.clear();
    thread_local! {
        static CANDIDATES: std::cell::RefCell<Vec<Pair>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    // One candidate buffer per thread, reused across alignments (taken out
    // and put back, so a nested call would only allocate its own).
    let mut candidates = CANDIDATES.with_borrow_mut(std::mem::take);
    candidates.clear();
    align_with(q, c, opts, sim, pairs, &mut candidates, reach);
    CANDIDATES.with_borrow_mut(|slot| *slot = candidates);
}

/// Highest similarity a joined run or acronym pair can have.
const JOINED_MAX: f64 = 0.98;

/// Raises the bounds of the tokens that may take part in a pair of
/// [`join_runs`] (`runs` joined against one token of `single`) to
/// [`JOINED_MAX`]. Conservative: every condition tested here is necessary
/// for `join_runs` to emit the pair.
fn join_reach(
    runs: &[Tok<'_>],
    single: &[Tok<'_>],
    opts: AlignOptions,
    u_runs: &mut [f64],
    u_single: &mut [f64],
) {
    if runs.len() < 2 {
        return;
    }
    // First letters of the tokens a run could be joined against, and
    // whether any of them has a romanisation key: most runs start with a
    // letter none of them starts with and are passed over at once.
    let mut firsts = [0u64; 4];
    let mut any = false;
    let mut any_cjk = false;
    for st in single {
        if matches!(st.kind, Kind::Name | Kind::OrgWord) {
            any = true;
            any_cjk |= !st.lex.cjk.is_empty();
            if let Some(&b) = st.lex.text.as_bytes().first() {
                firsts[usize::from(b >> 6)] |= 1 << (b & 63);
            }
        }
    }
    if !any {
        return;
    }
    let romanized = opts.romanized && any_cjk;
    for start in 0..runs.len() - 1 {
        if !joinable(runs[start].kind) {
            continue;
        }
        let first = runs[start].lex.text.as_bytes().first().copied();
        if let Some(b) = first {
            if !romanized && firsts[usize::from(b >> 6)] & (1 << (b & 63)) == 0 {
                continue;
            }
        }
        let mut joined_len = runs[start].lex.text.len();
        for len in 2..=4usize.min(runs.len() - start) {
            let last = &runs[start + len - 1];
            if !joinable(last.kind) {
                break;
            }
            joined_len += last.lex.text.len();
            for (j, st) in single.iter().enumerate() {
                if !matches!(st.kind, Kind::Name | Kind::OrgWord) {
                    continue;
                }
                let word = st.lex.text.as_bytes();
                let first_ok = first.is_none() || word.first().copied() == first;
                let diff = word.len().abs_diff(joined_len);
                let possible = (first_ok && (diff <= 2 || word.len() == len))
                    || (opts.romanized && !st.lex.cjk.is_empty() && diff <= 3);
                if possible {
                    u_single[j] = u_single[j].max(JOINED_MAX);
                    for u in &mut u_runs[start..start + len] {
                        *u = u.max(JOINED_MAX);
                    }
                }
            }
        }
    }
}

fn align_with(
    q: &[Tok<'_>],
    c: &[Tok<'_>],
    opts: AlignOptions,
    sim: &mut dyn FnMut(usize, usize) -> (f64, TokMethod),
    pairs: &mut Vec<Pair>,
    candidates: &mut Vec<Pair>,
    reach: Option<Reach<'_>>,
) {
    for (i, qt) in q.iter().enumerate() {
        if !qt.kind.is_aligned() {
            continue;
        }
        for (j, ct) in c.iter().enumerate() {
            if !ct.kind.is_aligned() {
                continue;
            }
            let (s, method) = sim(i, j);
            if s >= MIN_PAIR_SIM {
                candidates.push(Pair { q: (i, 1), c: (j, 1), sim: s, method });
            }
        }
    }
    if let Some(reach) = reach {
        if q.len() <= 64 && c.len() <= 64 {
            let (mut uq, mut uc) = ([0.0f64; 64], [0.0f64; 64]);
            for p in candidates.iter() {
                uq[p.q.0] = uq[p.q.0].max(p.sim);
                uc[p.c.0] = uc[p.c.0].max(p.sim);
            }
            let (uq, uc) = (&mut uq[..q.len()], &mut uc[..c.len()]);
            join_reach(q, c, opts, uq, uc);
            join_reach(c, q, opts, uc, uq);
            if !reach(uq, uc) {
                return;
            }
        }
    }
    let (q_used, c_used) = greedy(candidates, pairs);
    // Joined runs can only help where single tokens were left over.
    let leftover = |toks: &[Tok<'_>], used: &[bool; 64]| -> u64 {
        toks.iter().enumerate().take(64).fold(0u64, |mask, (i, t)| {
            if t.kind.is_aligned() && !used[i] {
                mask | (1 << i)
            } else {
                mask
            }
        })
    };
    let (q_left, c_left) = (leftover(q, &q_used), leftover(c, &c_used));
    if q_left == 0 && c_left == 0 {
        return;
    }
    let before = candidates.len();
    join_runs(q, c, false, opts, q_left, candidates);
    join_runs(c, q, true, opts, c_left, candidates);
    if candidates.len() > before {
        pairs.clear();
        greedy(candidates, pairs);
    }
}

/// Assigns candidate pairs best first (on ties, larger runs first: they
/// explain more tokens), each token at most once.
fn greedy(candidates: &mut [Pair], pairs: &mut Vec<Pair>) -> ([bool; 64], [bool; 64]) {
    candidates.sort_by(|x, y| {
        y.sim
            .partial_cmp(&x.sim)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then((y.q.1 + y.c.1).cmp(&(x.q.1 + x.c.1)))
    });
    let mut q_used = [false; 64];
    let mut c_used = [false; 64];
    for cand in candidates.iter() {
        let (qs, ql) = cand.q;
        let (cs, cl) = cand.c;
        if qs + ql > 64 || cs + cl > 64 {
            continue;
        }
        if q_used[qs..qs + ql].iter().any(|u| *u) || c_used[cs..cs + cl].iter().any(|u| *u) {
            continue;
        }
        q_used[qs..qs + ql].iter_mut().for_each(|u| *u = true);
        c_used[cs..cs + cl].iter_mut().for_each(|u| *u = true);
        pairs.push(*cand);
    }
    (q_used, c_used)
}

/// Adds candidate pairs where a run of 2–4 tokens of `runs` equals one token
/// of `single`, joined or as initials. `swapped` says `runs` is the
/// candidate side.
fn join_runs(
    runs: &[Tok<'_>],
    single: &[Tok<'_>],
    swapped: bool,
    opts: AlignOptions,
    leftover: u64,
    out: &mut Vec<Pair>,
) {
    if runs.len() < 2 || leftover == 0 {
        return;
    }
    let longest = single.iter().map(|t| t.lex.text.len()).max().unwrap_or(0);
    let mut buf = String::new();
    let (mut phon_buf, mut key_buf, mut loose_buf) = (Vec::new(), Vec::new(), Vec::new());
    for start in 0..runs.len() - 1 {
        if !joinable(runs[start].kind) {
            continue;
        }
        for len in 2..=4usize.min(runs.len() - start) {
            let run = &runs[start..start + len];
            if !run.iter().all(|t| joinable(t.kind)) {
                break;
            }
            let run_mask = ((1u64 << len) - 1) << start;
            if start + len > 64 || run_mask & leftover == 0 {
                continue;
            }
            // Joined text; its keys are computed on first need.
            buf.clear();
            for t in run {
                buf.push_str(&t.lex.text);
            }
            // Longer runs only get longer: stop when neither the joined
            // text nor the initials can fit any single token.
            if buf.len() > longest + 3 && len > longest {
                break;
            }
            // Keys of the joined text, computed on first need into reused
            // buffers (the loose key derived from the key).
            let mut have_keys = false;
            let mut have_phon = false;
            for (j, st) in single.iter().enumerate() {
                if !matches!(st.kind, Kind::Name | Kind::OrgWord) {
                    continue;
                }
                let word = &st.lex.text;
                let first_ok = word.as_bytes()[0] == buf.as_bytes()[0];
                let mut best: Option<(f64, TokMethod)> = None;
                if first_ok && word.len().abs_diff(buf.len()) <= 2 {
                    let s = if buf == **word {
                        1.0
                    } else {
                        if !have_phon {
                            phonetic::key_into(&buf, &mut phon_buf);
                            have_phon = true;
                        }
                        // Keys of ASCII text are ASCII.
                        let phon = std::str::from_utf8(&phon_buf).unwrap_or_default();
                        if phon == &*st.lex.phon {
                            0.95
                        } else {
                            text_sim_keys(&buf, word, phon, &st.lex.phon).0
                        }
                    };
                    if s >= 0.8 {
                        best = Some((s.min(0.98), TokMethod::Joined));
                    }
                }
                if best.is_none()
                    && opts.romanized
                    && !st.lex.cjk.is_empty()
                    && word.len().abs_diff(buf.len()) <= 3
                {
                    if !have_keys {
                        korean::key_into(&buf, &mut key_buf);
                        loose_buf.clear();
                        loose_buf.extend_from_slice(&key_buf);
                        korean::loosen(&mut loose_buf);
                        have_keys = true;
                    }
                    if key_buf == st.lex.cjk.as_bytes() {
                        best = Some((0.93, TokMethod::Romanization));
                    } else if loose_buf == st.lex.cjk_loose.as_bytes() {
                        best = Some((0.88, TokMethod::Romanization));
                    }
                }
                // Initials of the run against a short token.
                if best.is_none()
                    && word.len() == len
                    && run
                        .iter()
                        .all(|t| matches!(t.kind, Kind::Name | Kind::Initial | Kind::OrgWord))
                    && run.iter().zip(word.bytes()).all(|(t, b)| t.lex.text.as_bytes()[0] == b)
                {
                    best = Some((opts.acronym_sim, TokMethod::Acronym));
                }
                if let Some((s, method)) = best {
                    let (qr, cr) =
                        if swapped { ((j, 1), (start, len)) } else { ((start, len), (j, 1)) };
                    out.push(Pair { q: qr, c: cr, sim: s, method });
                }
            }
        }
    }
}
