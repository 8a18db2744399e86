//! From an alignment to a name score in [0, 1].
//!
//! The score is the share of token weight that aligned, weighted by how well:
//!
//! ```text
//! score = Σ sim·(w_q + w_c) / (Σ (w_q + w_c) + conflicts + β · extras)
//! ```
//!
//! over aligned pairs. Unmatched tokens come in two sorts. When both names
//! have distinctive tokens left over, those are *conflicts* (`Daniel Tusk`
//! vs `Donald Tusk`, `AL-MOSULI` vs `AL-TIKRITI`): each counts in full and
//! costs a further factor. Tokens left over on one side only are *extras*
//! (`Vladimir Putin` vs `PUTIN, Vladimir Vladimirovich`): they count at β,
//! which is small for persons (lists add patronymics and middle names) and
//! large for organisations (`Deutsche Bank Trust Company` is not
//! `Deutsche Bank`).
//!
//! Weights: distinctive words, numbers and initials 1, generic organisation
//! words ½, particles ¼; legal forms and titles take no part in alignment.
//! Different numbers (`NAM SAN 8` vs `NAM SAN 3`) and incompatible legal
//! forms (`AG` vs `GmbH`) cost extra; a name made only of initials cannot
//! score high.

use crate::align::{align_bounded, tok_sim, AlignOptions, Pair, Reach, TokMethod};
use crate::legal::LegalClass;
use crate::prepare::{Kind, NameClass, Tok};

/// Tunable constants of the name score.
#[derive(Debug, Clone, Copy)]
pub struct Params {
    /// β for persons.
    pub extra_person: f64,
    /// β for persons when one name has a single distinctive word.
    pub extra_lone: f64,
    /// β for persons whose names both look Korean or Chinese.
    pub extra_romanized: f64,
    /// β for persons when one name is a title and a single word.
    pub extra_title: f64,
    /// β for organisations.
    pub extra_org: f64,
    /// β for vessels and aircraft.
    pub extra_craft: f64,
    /// β when the schema is unknown.
    pub extra_unknown: f64,
    /// Factor per conflicting token pair.
    pub conflict_factor: f64,
    /// Factor when numbers differ.
    pub number_factor: f64,
    /// Subtracted when legal forms are incompatible.
    pub legal_penalty: f64,
    /// Highest score of a name made only of initials.
    pub initials_cap: f64,
    /// Factor when the fathers named after `bin` differ.
    pub patronym_factor: f64,
}

/// The calibrated constants.
pub const PARAMS: Params = Params {
    extra_person: 0.2,
    extra_lone: 0.35,
    extra_title: 0.1,
    extra_romanized: 1.0,
    extra_org: 1.0,
    extra_craft: 0.8,
    extra_unknown: 0.5,
    conflict_factor: 0.92,
    number_factor: 0.75,
    legal_penalty: 0.25,
    initials_cap: 0.6,
    patronym_factor: 0.75,
};

/// The outcome of comparing two prepared names.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NameMatch {
    /// The score in [0, 1].
    pub score: f64,
    /// The score from token alignment alone, before penalties.
    pub alignment: f64,
    /// Aligned pairs (filled by [`compare_toks`]; [`compare_with`] leaves
    /// them in its buffer).
    pub pairs: Vec<Pair>,
    /// Number of conflicting token pairs.
    pub conflicts: usize,
    /// Weight of extra (one-sided) tokens.
    pub extras: f64,
    /// Numbers differ.
    pub number_mismatch: bool,
    /// Legal forms incompatible.
    pub legal_mismatch: bool,
    /// The names after `bin`/`ibn` are not aligned with each other.
    pub patronym_mismatch: bool,
    /// One side is initials only.
    pub initials_only: bool,
    /// The weakest method among the aligned pairs.
    pub weakest: Option<TokMethod>,
}

fn method_rank(m: TokMethod) -> u8 {
    match m {
        TokMethod::Exact | TokMethod::Particle => 0,
        TokMethod::Joined => 1,
        TokMethod::Romanization | TokMethod::Phonetic => 2,
        TokMethod::Fuzzy | TokMethod::Stem => 3,
        TokMethod::Initial | TokMethod::Acronym => 4,
        TokMethod::Partial => 5,
    }
}

/// Common Korean and Chinese surnames in their usual romanisations: a sign,
/// with the syllable shape of every word, that a name is East Asian.
#[cfg(test)]
const EAST_ASIAN_SURNAMES: &[&str] = &[
    "kim", "gim", "ri", "rhee", "lee", "yi", "li", "pak", "park", "bak", "choe", "choi", "chwe",
    "jang", "chang", "jong", "jung", "chong", "han", "kang", "gang", "ko", "go", "yun", "yoon",
    "hyon", "hyun", "o", "oh", "mun", "moon", "so", "seo", "sin", "shin", "song", "hong", "ryu",
    "yu", "yoo", "ju", "chu", "cho", "jo", "jon", "jeon", "chon", "an", "ahn", "paek", "baek",
    "nam", "im", "lim", "rim", "kwon", "gwon", "hwang", "sim", "shim", "ku", "koo", "ra", "ha",
    "cha", "tak", "wang", "zhang", "liu", "chen", "yang", "huang", "zhao", "wu", "zhou", "xu",
    "sun", "zhu", "hu", "guo", "he", "lin", "gao", "luo", "zheng", "liang", "xie", "tang", "deng",
    "feng", "cao", "peng", "zeng", "xiao", "tian", "dong", "pan", "yuan", "cai", "jiang", "du",
    "ye", "cheng", "wei", "su", "lu", "ding", "ren", "shen", "yao", "cui", "zhong", "tan", "xi",
    "mao", "hsi", "chou", "tsai",
];

/// Whether `text` is one of `EAST_ASIAN_SURNAMES` (the same words as a
/// `match`, which the compiler turns into a decision on length and bytes
/// rather than a scan; the list is kept to test that they agree).
fn is_east_asian_surname(text: &str) -> bool {
    matches!(
        text,
        "kim"
            | "gim"
            | "ri"
            | "rhee"
            | "lee"
            | "yi"
            | "li"
            | "pak"
            | "park"
            | "bak"
            | "choe"
            | "choi"
            | "chwe"
            | "jang"
            | "chang"
            | "jong"
            | "jung"
            | "chong"
            | "han"
            | "kang"
            | "gang"
            | "ko"
            | "go"
            | "yun"
            | "yoon"
            | "hyon"
            | "hyun"
            | "o"
            | "oh"
            | "mun"
            | "moon"
            | "so"
            | "seo"
            | "sin"
            | "shin"
            | "song"
            | "hong"
            | "ryu"
            | "yu"
            | "yoo"
            | "ju"
            | "chu"
            | "cho"
            | "jo"
            | "jon"
            | "jeon"
            | "chon"
            | "an"
            | "ahn"
            | "paek"
            | "baek"
            | "nam"
            | "im"
            | "lim"
            | "rim"
            | "kwon"
            | "gwon"
            | "hwang"
            | "sim"
            | "shim"
            | "ku"
            | "koo"
            | "ra"
            | "ha"
            | "cha"
            | "tak"
            | "wang"
            | "zhang"
            | "liu"
            | "chen"
            | "yang"
            | "huang"
            | "zhao"
            | "wu"
            | "zhou"
            | "xu"
            | "sun"
            | "zhu"
            | "hu"
            | "guo"
            | "he"
            | "lin"
            | "gao"
            | "luo"
            | "zheng"
            | "liang"
            | "xie"
            | "tang"
            | "deng"
            | "feng"
            | "cao"
            | "peng"
            | "zeng"
            | "xiao"
            | "tian"
            | "dong"
            | "pan"
            | "yuan"
            | "cai"
            | "jiang"
            | "du"
            | "ye"
            | "cheng"
            | "wei"
            | "su"
            | "lu"
            | "ding"
            | "ren"
            | "shen"
            | "yao"
            | "cui"
            | "zhong"
            | "tan"
            | "xi"
            | "mao"
            | "hsi"
            | "chou"
            | "tsai"
    )
}

/// Whether the name looks like a romanised Korean or Chinese name: every
/// distinctive word is made of such syllables, and one word is a common
/// surname or ends a syllable in `ng`. (Syllable shape alone would take in
/// `Usama bin Ladin`.)
pub fn is_romanized(toks: &[Tok<'_>]) -> bool {
    let mut any = false;
    let mut evidence = false;
    for t in toks {
        if t.kind == Kind::Name {
            if t.lex.cjk.is_empty() {
                return false;
            }
            any = true;
            let text = &*t.lex.text;
            evidence |= text.contains("ng") || is_east_asian_surname(text);
        }
    }
    any && evidence
}

/// Compares two tokenised names. `sim` gives single-token similarities
/// (callers may memoise); `romanized` must be `is_romanized(q) &&
/// is_romanized(c)` (callers that compare one name with many compute each
/// side once); see [`compare_toks`] for the plain version.
pub fn compare_with(
    q: &[Tok<'_>],
    c: &[Tok<'_>],
    class: NameClass,
    romanized: bool,
    sim: &mut dyn FnMut(usize, usize) -> (f64, TokMethod),
    pairs_buf: &mut Vec<Pair>,
) -> NameMatch {
    compare_with_floor(q, c, class, romanized, sim, pairs_buf, 0.0)
}

/// β, the weight of extra (one-sided) tokens, for two names.
fn extra_beta(q: &[Tok<'_>], c: &[Tok<'_>], class: NameClass, romanized: bool) -> f64 {
    // One distinctive word against a longer name ("Shamsuddin") is weak
    // evidence, unless it is the "title + surname" form ("President Putin").
    let distinct = |toks: &[Tok<'_>]| {
        toks.iter().filter(|t| matches!(t.kind, Kind::Name | Kind::Number)).count()
    };
    let titled = |toks: &[Tok<'_>]| toks.iter().any(|t| t.kind == Kind::Title);
    let lone = (distinct(q) == 1 && !titled(q)) || (distinct(c) == 1 && !titled(c));
    let title_form = (distinct(q) == 1 && titled(q)) || (distinct(c) == 1 && titled(c));
    match class {
        // Every syllable of a Korean or Chinese name counts.
        NameClass::Person if romanized => PARAMS.extra_romanized,
        NameClass::Person if title_form => PARAMS.extra_title,
        NameClass::Person if lone => PARAMS.extra_lone,
        NameClass::Person => PARAMS.extra_person,
        NameClass::Organization => PARAMS.extra_org,
        NameClass::Craft => PARAMS.extra_craft,
        NameClass::Unknown => PARAMS.extra_unknown,
    }
}

/// The weight a token left over counts with among the extras (strong
/// tokens: names, numbers, initials) or the weak leftovers.
fn extra_weight(kind: Kind, class: NameClass) -> f64 {
    match kind {
        Kind::Name => 1.0,
        Kind::Number if class == NameClass::Organization => 1.0,
        Kind::Number | Kind::Initial => 0.5,
        k => k.weight(),
    }
}

/// Whether an alignment of `q` and `c` could score `floor` or more, given
/// upper bounds `uq`, `uc` on the similarity of any pair each token can
/// take part in (0: none).
///
/// The score is at most the alignment share
/// `Σ sim·w / (Σ w + conflicts + β · extras)` (penalties only lower it) times
/// `conflict_factor^conflicts`. Tokens that can pair with nothing are left
/// over for sure; `k`, the fewer of such names, numbers and initials on
/// either side, is a lower bound on the conflicts, each of which costs at
/// least `2 − 2β` more than its two tokens as extras. Every other token is
/// either covered (adding at most `u·w` above and `w` below) or left over
/// (adding at least `β·e` below), independently, so the share stays below
/// `f` for every alignment when the sum over tokens of the larger of
/// `(u − f)·w` and `−f·β·e`, less `f·k·(2 − 2β)`, is negative.
fn can_reach(
    q: &[Tok<'_>],
    c: &[Tok<'_>],
    uq: &[f64],
    uc: &[f64],
    class: NameClass,
    beta: f64,
    floor: f64,
) -> bool {
    let strong_none = |toks: &[Tok<'_>], u: &[f64]| {
        toks.iter()
            .zip(u)
            .filter(|(t, u)| {
                matches!(t.kind, Kind::Name | Kind::Number | Kind::Initial) && **u <= 0.0
            })
            .count()
    };
    let k = strong_none(q, uq).min(strong_none(c, uc));
    // A margin for rounding: a score equal to the floor is never cut.
    let f = (floor - 1e-9) / PARAMS.conflict_factor.powi(k as i32);
    let mut total = -f * k as f64 * (2.0 - 2.0 * beta);
    for (toks, u) in [(q, uq), (c, uc)] {
        for (t, &u) in toks.iter().zip(u) {
            if !t.kind.is_aligned() {
                continue;
            }
            let left = -f * beta * extra_weight(t.kind, class);
            let covered = if u > 0.0 { (u - f) * t.kind.weight() } else { left };
            total += covered.max(left);
        }
    }
    total >= 0.0
}

/// [`compare_with`], but an alignment that provably cannot score `floor` or
/// more (see `can_reach`) is cut short and scores 0; scores of `floor` and
/// above are exactly those of [`compare_with`]. A `floor` of 0 or less
/// never cuts.
pub(crate) fn compare_with_floor(
    q: &[Tok<'_>],
    c: &[Tok<'_>],
    class: NameClass,
    romanized: bool,
    sim: &mut dyn FnMut(usize, usize) -> (f64, TokMethod),
    pairs_buf: &mut Vec<Pair>,
    floor: f64,
) -> NameMatch {
    debug_assert_eq!(romanized, is_romanized(q) && is_romanized(c));
    let acronym_sim = if class == NameClass::Person { 0.7 } else { 0.8 };
    let beta = extra_beta(q, c, class, romanized);
    let reach = |uq: &[f64], uc: &[f64]| can_reach(q, c, uq, uc, class, beta, floor);
    let reach: Option<Reach<'_>> = if floor > 0.0 { Some(&reach) } else { None };
    align_bounded(q, c, AlignOptions { romanized, acronym_sim }, sim, pairs_buf, reach);
    let pairs = pairs_buf;
    if pairs.is_empty() {
        return NameMatch::default();
    }
    let pairs: &[Pair] = pairs;
    let mut q_used = [false; 64];
    let mut c_used = [false; 64];
    let mut matched = 0.0;
    let mut paired = 0.0;
    let mut weakest: Option<TokMethod> = None;
    for p in pairs.iter() {
        let wq: f64 = q[p.q.0..p.q.0 + p.q.1].iter().map(|t| t.kind.weight()).sum();
        let wc: f64 = c[p.c.0..p.c.0 + p.c.1].iter().map(|t| t.kind.weight()).sum();
        // A joined run of a name and its legal form has weight from the name only;
        // keep a floor so that a pair always counts.
        let w = (wq + wc).max(0.25);
        matched += p.sim * w;
        paired += w;
        q_used[p.q.0..p.q.0 + p.q.1].iter_mut().for_each(|u| *u = true);
        c_used[p.c.0..p.c.0 + p.c.1].iter_mut().for_each(|u| *u = true);
        if weakest.is_none_or(|w| method_rank(p.method) > method_rank(w)) {
            weakest = Some(p.method);
        }
    }
    // Leftovers: distinctive tokens (names, numbers, initials) can conflict
    // with the other side's leftovers; the rest are extras.
    let leftovers = |toks: &[Tok<'_>], used: &[bool; 64]| -> (Vec<(Kind, f64)>, f64) {
        let mut strong = Vec::new();
        let mut weak = 0.0;
        for (i, t) in toks.iter().enumerate().take(64) {
            if used[i] || !t.kind.is_aligned() {
                continue;
            }
            match t.kind {
                Kind::Name => strong.push((t.kind, 1.0)),
                // A series number is as telling as a word in a company name.
                Kind::Number if class == NameClass::Organization => strong.push((t.kind, 1.0)),
                Kind::Number | Kind::Initial => strong.push((t.kind, 0.5)),
                k => weak += k.weight(),
            }
        }
        // Names first: they are the likeliest to conflict.
        strong.sort_by(|a, b| b.1.partial_cmp(&a.1).unwrap_or(std::cmp::Ordering::Equal));
        (strong, weak)
    };
    let (q_strong, q_weak) = leftovers(q, &q_used);
    let (c_strong, c_weak) = leftovers(c, &c_used);
    let conflicts = q_strong.len().min(c_strong.len());
    let mut conflict_mass = 2.0 * conflicts as f64;
    // In an organisation's name a number on one side only is another series
    // ("Fund II"), which counts like a conflict.
    if class == NameClass::Organization {
        let lone_numbers = q_strong[conflicts..]
            .iter()
            .chain(c_strong[conflicts..].iter())
            .filter(|x| x.0 == Kind::Number)
            .count();
        conflict_mass += lone_numbers as f64;
    }
    let extra_strong: f64 =
        q_strong[conflicts..].iter().chain(c_strong[conflicts..].iter()).map(|x| x.1).sum();
    let extras = extra_strong + q_weak + c_weak;
    let number_mismatch = q_strong.iter().any(|x| x.0 == Kind::Number)
        && c_strong.iter().any(|x| x.0 == Kind::Number);
    let alignment = matched / (paired + conflict_mass + beta * extras);
    let mut score = alignment * PARAMS.conflict_factor.powi(conflicts as i32);
    if number_mismatch {
        score *= PARAMS.number_factor;
    }
    // "X bin Y": Y is X's father; the father must be the father on both sides.
    let patronym_mismatch = patronym_swapped(q, c, pairs);
    if patronym_mismatch {
        score *= PARAMS.patronym_factor;
    }
    // Legal forms.
    let mut legal_mismatch = false;
    if class != NameClass::Person {
        let classes = |toks: &[Tok<'_>]| -> u32 {
            toks.iter().fold(0u32, |acc, t| match t.kind {
                Kind::Legal(LegalClass::Generic) => acc,
                Kind::Legal(c) => acc | (1 << c as u32),
                _ => acc,
            })
        };
        let (a, b) = (classes(q), classes(c));
        if a != 0 && b != 0 && a & b == 0 {
            legal_mismatch = true;
            score -= PARAMS.legal_penalty;
        }
    }
    // Initials only.
    let only_initials = |toks: &[Tok<'_>]| {
        let mut any = false;
        for t in toks {
            match t.kind {
                Kind::Initial => any = true,
                Kind::Name | Kind::Number => return false,
                _ => {}
            }
        }
        any
    };
    let initials_only = only_initials(q) || only_initials(c);
    if initials_only {
        score = score.min(PARAMS.initials_cap);
    }
    NameMatch {
        score: score.clamp(0.0, 1.0),
        alignment,
        pairs: Vec::new(),
        conflicts,
        extras,
        number_mismatch,
        legal_mismatch,
        patronym_mismatch,
        initials_only,
        weakest,
    }
}

/// Compares two tokenised names without memoisation.
pub fn compare_toks(q: &[Tok<'_>], c: &[Tok<'_>], class: NameClass) -> NameMatch {
    let romanized = is_romanized(q) && is_romanized(c);
    let mut sim = |i: usize, j: usize| tok_sim(q[i], c[j], romanized);
    let mut buf = Vec::new();
    let mut m = compare_with(q, c, class, romanized, &mut sim, &mut buf);
    m.pairs = buf;
    m
}

/// Marks the names that follow a `bin`/`ibn`/`ben` particle (skipping
/// further particles, as in `bin al-Din`): the names of fathers.
fn fathers(toks: &[Tok<'_>]) -> u64 {
    let mut mask = 0u64;
    let mut after_bin = false;
    for (i, t) in toks.iter().enumerate().take(64) {
        match t.kind {
            Kind::Particle(2) => after_bin = true,
            Kind::Particle(_) => {}
            Kind::Name if after_bin => {
                mask |= 1 << i;
                after_bin = false;
            }
            _ => after_bin = false,
        }
    }
    mask
}

/// Whether both names say whose son someone is and a father's name on one
/// side is aligned with a name that is not a father's on the other
/// (`Abdullah bin Omar` vs `Omar bin Abdullah`).
fn patronym_swapped(q: &[Tok<'_>], c: &[Tok<'_>], pairs: &[Pair]) -> bool {
    let (qf, cf) = (fathers(q), fathers(c));
    if qf == 0 || cf == 0 {
        return false;
    }
    let any_in = |run: (usize, usize), mask: u64| {
        (run.0..run.0 + run.1).any(|i| i < 64 && mask & (1 << i) != 0)
    };
    pairs.iter().any(|p| any_in(p.q, qf) != any_in(p.c, cf))
}

#[cfg(test)]
mod surname_tests {
    use super::{is_east_asian_surname, EAST_ASIAN_SURNAMES};

    #[test]
    fn surname_match_is_the_list() {
        for s in EAST_ASIAN_SURNAMES {
            assert!(is_east_asian_surname(s), "{s}");
        }
        for s in ["", "k", "kimm", "park ", "smith", "xx", "zhan"] {
            assert_eq!(is_east_asian_surname(s), EAST_ASIAN_SURNAMES.contains(&s), "{s}");
        }
    }
}

#[cfg(test)]
mod floor_tests {
    use super::{compare_with, compare_with_floor, is_romanized};
    use crate::align::tok_sim;
    use crate::prepare::{prepare, NameClass};

    /// Checks every variant pair of two names at several floors; returns
    /// how many were cut.
    fn check_floors(a: &str, b: &str, class: NameClass) -> usize {
        let mut cut = 0;
        for va in prepare(a, class) {
            for vb in prepare(b, class) {
                let (q, c) = (va.toks(), vb.toks());
                let rom = is_romanized(&q) && is_romanized(&c);
                let mut sim = |i: usize, j: usize| tok_sim(q[i], c[j], rom);
                let mut buf = Vec::new();
                let full = compare_with(&q, &c, class, rom, &mut sim, &mut buf);
                for floor in [0.3, 0.5, 0.7, 0.78, 0.8, 0.9, 0.95] {
                    let mut sim = |i: usize, j: usize| tok_sim(q[i], c[j], rom);
                    let m = compare_with_floor(&q, &c, class, rom, &mut sim, &mut buf, floor);
                    if full.score >= floor {
                        assert_eq!(m, full, "{a} / {b} at {floor}");
                    } else if m.score != full.score {
                        assert_eq!(m.score, 0.0, "{a} / {b} at {floor}");
                        cut += 1;
                    }
                }
            }
        }
        cut
    }

    /// The same over the pairs of the nomenklatura name bench, when the
    /// shared data is there.
    #[test]
    fn floor_cuts_only_below_it_on_the_bench() {
        let shared = match std::env::var_os("VIGIL_SHARED") {
            Some(p) => std::path::PathBuf::from(p),
            None => std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"),
        };
        let path = shared.join("data/sanctions/matching/nomenklatura_name_bench_cases.csv");
        let Ok(mut reader) = csv::Reader::from_path(&path) else {
            eprintln!("skipped: no {}", path.display());
            return;
        };
        let mut cut = 0;
        for r in reader.records() {
            let r = r.unwrap();
            for class in [NameClass::Person, NameClass::Organization, NameClass::Unknown] {
                cut += check_floors(&r[2], &r[3], class);
                cut += check_floors(&r[3], &r[2], class);
            }
        }
        assert!(cut > 0);
    }

    /// Cutting at a floor never changes a score at or above the floor, and
    /// scores below it either stay or become 0.
    #[test]
    fn floor_cuts_only_below_it() {
        let names = [
            "Vladimir Putin",
            "PUTIN, Vladimir Vladimirovich",
            "Putinas Vladimiras",
            "Kim Jong Un",
            "KIM Jongun",
            "Kim Chong-un",
            "Gim Jeong Eun",
            "Ri Chol Ho",
            "Pol Pot",
            "PolPot",
            "Jean Claude Juncker",
            "JC Juncker",
            "Usama bin Ladin",
            "Osama bin Laden",
            "Abdullah bin Omar",
            "Omar bin Abdullah",
            "Donald Tusk",
            "Daniel Tusk",
            "Deutsche Bank AG",
            "Deutsche Bank Trust Company Americas GmbH",
            "NAM SAN 8",
            "NAM SAN 3",
            "Bank Melli Iran",
            "Melli Bank PLC",
            "Al Qaida",
            "Al-Qa'ida",
            "Mohammed Ali Hassan Al Tikriti",
            "Mohamed Hasan al-Mosuli",
            "Lukashenko Alexander Grigorievich",
            "Alexandros Lukashnko",
            "President Putin",
            "J Smith",
            "John Smith",
            "Smith",
            "Владимир Путин",
            "김정은",
            "Hezbollah",
            "Hizb Allah",
            "Fund II",
            "Fund III",
        ];
        let mut cut = 0;
        for class in
            [NameClass::Person, NameClass::Organization, NameClass::Craft, NameClass::Unknown]
        {
            for a in names {
                for b in names {
                    cut += check_floors(a, b, class);
                }
            }
        }
        assert!(cut > 0);
    }
}
