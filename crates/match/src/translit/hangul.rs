//! Hangul: Korean personal names in DPRK-style, South Korean conventional,
//! Revised Romanization (2000) and McCune–Reischauer (1939) forms, and other
//! words (mostly foreign names) by a loanword heuristic.
//!
//! Syllables U+AC00..U+D7A3 are decomposed arithmetically:
//! `lead = (s - 0xAC00) / 588`, `vowel = (s - 0xAC00) % 588 / 28`,
//! `tail = (s - 0xAC00) % 28`.

use super::push_other;

/// One Hangul unit: a syllable, a stand-alone jamo, or anything else.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Unit {
    Syl { l: u8, v: u8, t: u8 },
    Jamo(&'static str),
    Other(char),
}

/// Index of the lead consonant ㅇ (silent).
const IEUNG: u8 = 11;
/// Index of the lead consonant ㄹ.
const RIEUL: u8 = 5;
/// Index of the tail ㄹ.
const T_RIEUL: u8 = 8;
/// Index of the vowel ㅡ.
const EU: u8 = 18;
/// Index of the vowel ㅓ.
const EO: u8 = 4;
/// Index of the vowel ㅕ.
const YEO: u8 = 6;

const RR_LEAD: [&str; 19] = [
    "g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p",
    "h",
];
const MR_LEAD: [&str; 19] = [
    "k", "kk", "n", "t", "tt", "r", "m", "p", "pp", "s", "ss", "", "ch", "tch", "ch", "k", "t",
    "p", "h",
];
const NK_LEAD: [&str; 19] = [
    "k", "kk", "n", "t", "tt", "r", "m", "p", "pp", "s", "ss", "", "j", "jj", "ch", "kh", "th",
    "ph", "h",
];
const RR_VOWEL: [&str; 21] = [
    "a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we",
    "wi", "yu", "eu", "ui", "i",
];
const MR_VOWEL: [&str; 21] = [
    "a", "ae", "ya", "yae", "o", "e", "yo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we",
    "wi", "yu", "u", "ui", "i",
];
const TAIL: [&str; 28] = [
    "", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p",
    "t", "t", "ng", "t", "t", "k", "t", "p", "t",
];
const COMPAT_CONSONANT: [&str; 30] = [
    "g", "kk", "gs", "n", "nj", "nh", "d", "tt", "r", "lg", "lm", "lb", "ls", "lt", "lp", "lh",
    "m", "b", "pp", "bs", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h",
];

/// Conventional surnames: (Hangul, DPRK form, South Korean form, another
/// common form). Other surnames are romanized by rule.
static SURNAMES: &[(&str, &str, &str, &str)] = &[
    ("김", "kim", "kim", "gim"),
    ("이", "ri", "lee", "yi"),
    ("리", "ri", "lee", "li"),
    ("박", "pak", "park", "bak"),
    ("최", "choe", "choi", "choe"),
    ("정", "jong", "jung", "chung"),
    ("강", "kang", "kang", "gang"),
    ("조", "jo", "cho", "jo"),
    ("윤", "yun", "yoon", "yun"),
    ("장", "jang", "jang", "chang"),
    ("임", "im", "lim", "im"),
    ("림", "rim", "lim", "im"),
    ("한", "han", "han", "han"),
    ("오", "o", "oh", "o"),
    ("서", "so", "seo", "suh"),
    ("신", "sin", "shin", "sin"),
    ("권", "kwon", "kwon", "gwon"),
    ("황", "hwang", "hwang", "hwang"),
    ("안", "an", "ahn", "an"),
    ("송", "song", "song", "song"),
    ("전", "jon", "jeon", "chon"),
    ("홍", "hong", "hong", "hong"),
    ("유", "yu", "yoo", "you"),
    ("류", "ryu", "yoo", "yu"),
    ("고", "ko", "ko", "go"),
    ("문", "mun", "moon", "mun"),
    ("양", "yang", "yang", "yang"),
    ("량", "ryang", "yang", "yang"),
    ("손", "son", "son", "sohn"),
    ("배", "pae", "bae", "pae"),
    ("백", "paek", "baek", "paik"),
    ("허", "ho", "heo", "hur"),
    ("남", "nam", "nam", "nam"),
    ("심", "sim", "shim", "sim"),
    ("노", "no", "roh", "noh"),
    ("로", "ro", "roh", "no"),
    ("하", "ha", "ha", "ha"),
    ("곽", "kwak", "kwak", "gwak"),
    ("성", "song", "sung", "seong"),
    ("차", "cha", "cha", "cha"),
    ("주", "ju", "joo", "chu"),
    ("우", "u", "woo", "wu"),
    ("구", "ku", "koo", "gu"),
    ("민", "min", "min", "min"),
    ("진", "jin", "jin", "chin"),
    ("지", "ji", "ji", "chi"),
    ("엄", "om", "eom", "uhm"),
    ("채", "chae", "chae", "chae"),
    ("원", "won", "won", "won"),
    ("천", "chon", "chun", "cheon"),
    ("방", "pang", "bang", "pang"),
    ("공", "kong", "kong", "gong"),
    ("현", "hyon", "hyun", "hyeon"),
    ("함", "ham", "ham", "ham"),
    ("변", "pyon", "byun", "byeon"),
    ("염", "yom", "yeom", "yum"),
    ("렴", "ryom", "yeom", "yum"),
    ("여", "yo", "yeo", "yuh"),
    ("려", "ryo", "yeo", "yuh"),
    ("추", "chu", "choo", "chu"),
    ("도", "to", "do", "do"),
    ("석", "sok", "seok", "suk"),
    ("소", "so", "so", "so"),
    ("설", "sol", "seol", "sul"),
    ("마", "ma", "ma", "ma"),
    ("길", "kil", "gil", "kil"),
    ("연", "yon", "yeon", "yun"),
    ("련", "ryon", "yeon", "yun"),
    ("위", "wi", "wi", "wee"),
    ("표", "pyo", "pyo", "pyo"),
    ("명", "myong", "myung", "myeong"),
    ("기", "ki", "ki", "gi"),
    ("반", "pan", "ban", "pan"),
    ("왕", "wang", "wang", "wang"),
    ("금", "kum", "keum", "geum"),
    ("옥", "ok", "ok", "ok"),
    ("육", "yuk", "yook", "yuk"),
    ("륙", "ryuk", "yook", "yuk"),
    ("인", "in", "in", "in"),
    ("맹", "maeng", "maeng", "maeng"),
    ("제", "je", "je", "che"),
    ("모", "mo", "mo", "mo"),
    ("탁", "thak", "tak", "tak"),
    ("국", "kuk", "kook", "guk"),
    ("어", "o", "eo", "uh"),
    ("은", "un", "eun", "eun"),
    ("편", "phyon", "pyeon", "pyun"),
    ("용", "yong", "yong", "yong"),
    ("룡", "ryong", "yong", "yong"),
    ("예", "ye", "ye", "yeh"),
    ("경", "kyong", "kyung", "gyeong"),
    ("봉", "pong", "bong", "pong"),
    ("사", "sa", "sa", "sa"),
    ("부", "pu", "bu", "boo"),
    ("태", "thae", "tae", "tae"),
    ("계", "kye", "kye", "gye"),
    ("라", "ra", "na", "ra"),
    ("나", "na", "na", "ra"),
    ("황보", "hwangbo", "hwangbo", "hwangpo"),
    ("남궁", "namgung", "namkoong", "namgung"),
    ("제갈", "jegal", "jegal", "chegal"),
    ("선우", "sonu", "sunwoo", "seonu"),
    ("독고", "tokko", "dokgo", "tokko"),
    ("사공", "sagong", "sagong", "sakong"),
    ("서문", "somun", "seomun", "seomun"),
];

/// Looks up a surname written with exactly `syls`.
fn surname(
    syls: &[Unit],
) -> Option<&'static (&'static str, &'static str, &'static str, &'static str)> {
    let mut buf = [0u8; 8];
    let mut len = 0;
    for u in syls {
        let Unit::Syl { l, v, t } = *u else { return None };
        let code = 0xAC00 + (l as u32 * 21 + v as u32) * 28 + t as u32;
        let c = char::from_u32(code)?;
        if len + c.len_utf8() > buf.len() {
            return None;
        }
        len += c.encode_utf8(&mut buf[len..]).len();
    }
    let key = std::str::from_utf8(&buf[..len]).ok()?;
    SURNAMES.iter().find(|s| s.0 == key)
}

fn decode(c: char) -> Unit {
    let u = c as u32;
    match u {
        0xAC00..=0xD7A3 => {
            let s = u - 0xAC00;
            Unit::Syl { l: (s / 588) as u8, v: (s % 588 / 28) as u8, t: (s % 28) as u8 }
        }
        0x3131..=0x314E => Unit::Jamo(COMPAT_CONSONANT[(u - 0x3131) as usize]),
        0x314F..=0x3163 => Unit::Jamo(RR_VOWEL[(u - 0x314F) as usize]),
        0x1100..=0x1112 => Unit::Jamo(RR_LEAD[(u - 0x1100) as usize]),
        0x1161..=0x1175 => Unit::Jamo(RR_VOWEL[(u - 0x1161) as usize]),
        0x11A8..=0x11C2 => Unit::Jamo(TAIL[(u - 0x11A8 + 1) as usize]),
        _ => Unit::Other(c),
    }
}

/// A romanization applied to Hangul syllables.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Sys {
    /// DPRK 1992 style: MR without breves, `j`, `th`/`ph`/`kh`, every syllable
    /// of a given name read word-initially (Kim Jong Un, Pak Pong Ju).
    Nk,
    /// South Korean conventional: RR consonants, `u` for ㅓ before a final
    /// (sung, jung, hyun), `yu`/`you` for ㅕ before a final (myung, young).
    South,
    /// Revised Romanization, every syllable read word-initially.
    Rr,
    /// McCune–Reischauer without breves and apostrophes; voicing inside a word.
    Mr,
    /// Loanword heuristic, ㅂ as `b`.
    LoanB,
    /// Loanword heuristic, ㅂ as `v`.
    LoanV,
}

/// Renders a word (`units`) in `sys`; `split` puts a space between syllables.
fn render(units: &[Unit], sys: Sys, split: bool, out: &mut String) {
    let n = units.len();
    let mut prev_tail: Option<u8> = None; // None at word start or after non-syllables
    for (i, u) in units.iter().enumerate() {
        let (l, v, t) = match *u {
            Unit::Syl { l, v, t } => (l, v, t),
            Unit::Jamo(s) => {
                out.push_str(s);
                prev_tail = None;
                continue;
            }
            Unit::Other(c) => {
                push_other(out, c);
                prev_tail = None;
                continue;
            }
        };
        if split && i > 0 && !out.ends_with(' ') && !out.is_empty() {
            out.push(' ');
        }
        let next_lead = match units.get(i + 1) {
            Some(Unit::Syl { l, .. }) => Some(*l),
            _ => None,
        };
        match sys {
            Sys::Nk | Sys::Rr | Sys::South => {
                let lead = if l == RIEUL && !split && prev_tail == Some(T_RIEUL) {
                    "l"
                } else if sys == Sys::Nk {
                    NK_LEAD[l as usize]
                } else {
                    RR_LEAD[l as usize]
                };
                out.push_str(lead);
                let vowel = if sys == Sys::Rr {
                    RR_VOWEL[v as usize]
                } else if sys == Sys::Nk {
                    MR_VOWEL[v as usize]
                } else {
                    match v {
                        EO if t != 0 => "u",
                        YEO if t != 0 && l == IEUNG => "you",
                        YEO if t != 0 => "yu",
                        _ => RR_VOWEL[v as usize],
                    }
                };
                out.push_str(vowel);
                out.push_str(TAIL[t as usize]);
            }
            Sys::Mr => {
                let voiced = prev_tail.is_some_and(|pt| matches!(pt, 0 | 4 | 8 | 16 | 21));
                let lead = match l {
                    0 if voiced => "g",
                    3 if voiced => "d",
                    7 if voiced => "b",
                    12 if voiced => "j",
                    9 if matches!(v, 16 | 20) => "sh",
                    RIEUL if !split && prev_tail == Some(T_RIEUL) => "l",
                    _ => MR_LEAD[l as usize],
                };
                out.push_str(lead);
                out.push_str(MR_VOWEL[v as usize]);
                out.push_str(TAIL[t as usize]);
            }
            Sys::LoanB | Sys::LoanV => {
                let lead = match l {
                    1 => "k",
                    4 => "t",
                    RIEUL if prev_tail == Some(T_RIEUL) => "",
                    7 if sys == Sys::LoanV => "v",
                    8 => "p",
                    10 => "s",
                    13 => "j",
                    _ => RR_LEAD[l as usize],
                };
                out.push_str(lead);
                let epenthetic =
                    v == EU && l != IEUNG && (t == 0 || (t == T_RIEUL && next_lead == Some(RIEUL)));
                // Word-final 치 of patronymics: -비치 → -vich.
                let final_chi = l == 14 && v == 20 && t == 0 && i + 1 == n && n >= 3;
                if !epenthetic && !final_chi {
                    let vowel = match v {
                        EO => "o",
                        YEO => "yo",
                        EU if sys == Sys::LoanV => "u",
                        _ => RR_VOWEL[v as usize],
                    };
                    out.push_str(vowel);
                }
                out.push_str(match t {
                    T_RIEUL => "l",
                    19 | 20 => "t",
                    _ => TAIL[t as usize],
                });
            }
        }
        prev_tail = Some(t);
    }
}

/// Whether a syllable sequence (a given name candidate) looks like a
/// transcribed foreign word: consonant + ㅡ without final, or ㅡ + ㄹ before ㄹ.
fn looks_foreign(units: &[Unit]) -> bool {
    units.iter().enumerate().any(|(i, u)| match *u {
        Unit::Syl { l, v: EU, t } => {
            let next_l = match units.get(i + 1) {
                Some(Unit::Syl { l, .. }) => Some(*l),
                _ => None,
            };
            l != IEUNG && (t == 0 || (t == T_RIEUL && next_l == Some(RIEUL)))
        }
        Unit::Syl { .. } => false,
        _ => true,
    })
}

/// A segment of a Hangul run.
enum Item {
    /// A Korean personal name: surname syllables, given-name syllables.
    Name { sur: Vec<Unit>, given: Vec<Unit> },
    /// Any other word.
    Word(Vec<Unit>),
}

/// Splits a single-token name (김정은, 남궁민수) into surname and given name.
fn as_name(units: &[Unit]) -> Option<Item> {
    let n = units.len();
    if !(2..=4).contains(&n) {
        return None;
    }
    let sur_len = if n >= 3 && surname(&units[..2]).is_some() {
        2
    } else if surname(&units[..1]).is_some() {
        1
    } else {
        return None;
    };
    let given = &units[sur_len..];
    if given.len() > 3 || looks_foreign(given) {
        return None;
    }
    Some(Item::Name { sur: units[..sur_len].to_vec(), given: given.to_vec() })
}

fn items(tokens: &[Vec<char>]) -> Vec<Item> {
    let words: Vec<Vec<Unit>> =
        tokens.iter().map(|t| t.iter().map(|&c| decode(c)).collect()).collect();
    // "김 정은", "김 정 은": a surname token followed by short given-name tokens.
    if (2..=3).contains(&words.len())
        && words[0].len() <= 2
        && surname(&words[0]).is_some()
        && words[1..].iter().all(|w| (1..=2).contains(&w.len()))
    {
        let given: Vec<Unit> = words[1..].iter().flatten().copied().collect();
        if given.len() <= 3 && !looks_foreign(&given) {
            return vec![Item::Name { sur: words[0].clone(), given }];
        }
    }
    words.into_iter().map(|w| as_name(&w).unwrap_or(Item::Word(w))).collect()
}

/// Columns for a run of Hangul tokens.
pub(super) fn columns(tokens: &[Vec<char>]) -> Vec<String> {
    let items = items(tokens);
    let width = if items.iter().any(|it| matches!(it, Item::Name { .. })) { 8 } else { 4 };
    (0..width)
        .map(|col| {
            let mut out = String::new();
            for it in &items {
                if !out.is_empty() {
                    out.push(' ');
                }
                match it {
                    Item::Name { sur, given } => name_column(sur, given, col, &mut out),
                    Item::Word(w) => {
                        let (sys, split) = match col {
                            1 => (Sys::LoanV, false),
                            2 => (Sys::Rr, false),
                            3 => (Sys::Mr, false),
                            _ => (Sys::LoanB, false),
                        };
                        render(w, sys, split, &mut out);
                    }
                }
            }
            out
        })
        .collect()
}

/// Column `col` of a Korean personal name (see [`columns`] for the order).
fn name_column(sur: &[Unit], given: &[Unit], col: usize, out: &mut String) {
    let entry = surname(sur);
    let (sys, split) = match col {
        0 => (Sys::Nk, true),
        1 => (Sys::South, true),
        2 => (Sys::Rr, true),
        3 => (Sys::Mr, true),
        4 => (Sys::Nk, false),
        5 => (Sys::Rr, false),
        6 => (Sys::South, false),
        _ => (Sys::Nk, true),
    };
    match (entry, col) {
        (Some(e), 0 | 4) => out.push_str(e.1),
        (Some(e), 1 | 6) => out.push_str(e.2),
        (Some(e), 7) => out.push_str(e.3),
        _ => render(sur, sys, false, out),
    }
    if given.is_empty() {
        return;
    }
    out.push(' ');
    if sys == Sys::Mr {
        // MR reads the given name as one word (voicing inside it), written
        // here syllable by syllable.
        render(given, Sys::Mr, true, out);
    } else {
        render(given, sys, split, out);
    }
}

/// Columns for one word that must be a Korean personal name (used for names
/// written in hanja and read in Korean); `None` when it does not split into a
/// known surname and a plausible given name.
pub(super) fn name_columns(word: &[char]) -> Option<Vec<String>> {
    let units: Vec<Unit> = word.iter().map(|&c| decode(c)).collect();
    match as_name(&units)? {
        Item::Name { .. } => Some(columns(&[word.to_vec()])),
        Item::Word(_) => None,
    }
}
