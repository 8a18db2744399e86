//! Armenian (BGN/PCGN 1981 and ISO 9985 without diacritics) and Georgian
//! (national system 2002, with and without the nominative `-i`).

use super::push_other;

/// Columns for a run of Armenian tokens: BGN/PCGN-like, then ISO 9985-like.
pub(super) fn armenian_columns(tokens: &[Vec<char>]) -> Vec<String> {
    let lower: Vec<Vec<char>> = tokens
        .iter()
        .map(|t| t.iter().map(|&c| c.to_lowercase().next().unwrap_or(c)).collect())
        .collect();
    [true, false]
        .iter()
        .map(|&bgn| {
            let mut out = String::new();
            for w in &lower {
                if !out.is_empty() {
                    out.push(' ');
                }
                armenian_word(w, bgn, &mut out);
            }
            out
        })
        .collect()
}

fn armenian_word(w: &[char], bgn: bool, out: &mut String) {
    let mut i = 0;
    while i < w.len() {
        let c = w[i];
        let initial = i == 0;
        let next = w.get(i + 1).copied();
        if c == 'ո' && next == Some('ւ') {
            out.push('u');
            i += 2;
            continue;
        }
        let s = match c {
            'ա' => "a",
            'բ' => "b",
            'գ' => "g",
            'դ' => "d",
            'ե' => {
                if bgn && initial {
                    "ye"
                } else {
                    "e"
                }
            }
            'զ' => "z",
            'է' => "e",
            'ը' => {
                if bgn {
                    "y"
                } else {
                    "e"
                }
            }
            'թ' => "t",
            'ժ' => "zh",
            'ի' => "i",
            'լ' => "l",
            'խ' => "kh",
            'ծ' => "ts",
            'կ' => "k",
            'հ' => "h",
            'ձ' => "dz",
            'ղ' => "gh",
            'ճ' => "ch",
            'մ' => "m",
            'յ' => "y",
            'ն' => "n",
            'շ' => "sh",
            'ո' => {
                if bgn && initial {
                    "vo"
                } else {
                    "o"
                }
            }
            'չ' => "ch",
            'պ' => "p",
            'ջ' => "j",
            'ռ' => "r",
            'ս' => "s",
            'վ' => "v",
            'տ' => "t",
            'ր' => "r",
            'ց' => "ts",
            'ւ' => {
                if bgn {
                    "v"
                } else {
                    "w"
                }
            }
            'փ' => "p",
            'ք' => "k",
            'օ' => "o",
            'ֆ' => "f",
            'և' => {
                if bgn && initial {
                    "yev"
                } else {
                    "ev"
                }
            }
            _ => {
                push_other(out, c);
                ""
            }
        };
        out.push_str(s);
        i += 1;
    }
}

/// Maps Mtavruli, Asomtavruli and Nuskhuri to the Mkhedruli letter.
fn mkhedruli(c: char) -> char {
    let u = c as u32;
    let m = match u {
        0x1C90..=0x1CBF => u - 0x1C90 + 0x10D0,
        0x10A0..=0x10C5 => u - 0x10A0 + 0x10D0,
        0x2D00..=0x2D25 => u - 0x2D00 + 0x10D0,
        _ => u,
    };
    char::from_u32(m).unwrap_or(c)
}

/// Columns for a run of Georgian tokens: national system, then the same with
/// the nominative `-i` dropped from words of four or more letters that end in
/// consonant + `ი` (პუტინი → putin).
pub(super) fn georgian_columns(tokens: &[Vec<char>]) -> Vec<String> {
    [false, true]
        .iter()
        .map(|&drop_i| {
            let mut out = String::new();
            for t in tokens {
                if !out.is_empty() {
                    out.push(' ');
                }
                let w: Vec<char> = t.iter().map(|&c| mkhedruli(c)).collect();
                let n = w.len();
                let drop = drop_i && n >= 4 && w[n - 1] == 'ი' && !georgian_vowel(w[n - 2]);
                let end = if drop { n - 1 } else { n };
                for &c in &w[..end] {
                    georgian_letter(c, &mut out);
                }
            }
            out
        })
        .collect()
}

fn georgian_vowel(c: char) -> bool {
    matches!(c, 'ა' | 'ე' | 'ი' | 'ო' | 'უ')
}

fn georgian_letter(c: char, out: &mut String) {
    let s = match c {
        'ა' => "a",
        'ბ' => "b",
        'გ' => "g",
        'დ' => "d",
        'ე' => "e",
        'ვ' => "v",
        'ზ' => "z",
        'თ' => "t",
        'ი' => "i",
        'კ' => "k",
        'ლ' => "l",
        'მ' => "m",
        'ნ' => "n",
        'ო' => "o",
        'პ' => "p",
        'ჟ' => "zh",
        'რ' => "r",
        'ს' => "s",
        'ტ' => "t",
        'უ' => "u",
        'ფ' => "p",
        'ქ' => "k",
        'ღ' => "gh",
        'ყ' => "q",
        'შ' => "sh",
        'ჩ' => "ch",
        'ც' => "ts",
        'ძ' => "dz",
        'წ' => "ts",
        'ჭ' => "ch",
        'ხ' => "kh",
        'ჯ' => "j",
        'ჰ' => "h",
        'ჱ' => "e",
        'ჲ' => "y",
        'ჳ' => "v",
        'ჴ' => "kh",
        'ჵ' => "o",
        'ჶ' => "f",
        _ => {
            push_other(out, c);
            ""
        }
    };
    out.push_str(s);
}
