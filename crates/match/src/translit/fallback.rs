//! Scripts without dedicated rules, through [`deunicode`]: Han (Mandarin
//! pinyin without tones), kana, Indic scripts, Thai, Khmer, Myanmar and the
//! rest. Best effort.

/// Appends the deunicode rendering of `tok` to `out` as lower-case ASCII
/// alphanumeric tokens separated by single spaces.
fn deunicode_tokens(tok: &[char], out: &mut Vec<String>) {
    let s: String = tok.iter().collect();
    let d = deunicode::deunicode_with_tofu(&s, " ");
    for part in d.split(|c: char| !c.is_ascii_alphanumeric()) {
        if !part.is_empty() {
            out.push(part.to_ascii_lowercase());
        }
    }
    if out.is_empty() {
        let mut hex = String::new();
        for &c in tok {
            super::push_other(&mut hex, c);
        }
        if !hex.is_empty() {
            out.push(hex);
        }
    }
}

/// Collapses runs of one repeated letter (`vlaadimiir` → `vladimir`,
/// `puttin` → `putin`), which undoes most long-vowel and gemination marks.
fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut last = '\0';
    for c in s.chars() {
        if c != last || c == ' ' {
            out.push(c);
        }
        last = c;
    }
    out
}

/// Columns for a run of tokens in a script without dedicated rules: the
/// deunicode rendering, then the same with doubled letters collapsed.
pub(super) fn columns(tokens: &[Vec<char>]) -> Vec<String> {
    let mut first = String::new();
    for t in tokens {
        let mut parts = Vec::new();
        deunicode_tokens(t, &mut parts);
        for p in parts {
            if !first.is_empty() {
                first.push(' ');
            }
            first.push_str(&p);
        }
    }
    let second = collapse(&first);
    vec![first, second]
}

/// Columns for a run of Han tokens (one syllable per character): surname
/// syllable then the given name joined (`xi jinping`), everything joined
/// (`xijinping`), and every syllable apart (`xi jin ping`).
pub(super) fn han_columns(tokens: &[Vec<char>]) -> Vec<String> {
    let mut cols = vec![String::new(), String::new(), String::new()];
    for t in tokens {
        let mut syl = Vec::new();
        deunicode_tokens(t, &mut syl);
        if syl.is_empty() {
            continue;
        }
        for c in &mut cols {
            if !c.is_empty() {
                c.push(' ');
            }
        }
        cols[0].push_str(&syl[0]);
        if syl.len() > 1 {
            cols[0].push(' ');
            cols[0].push_str(&syl[1..].concat());
        }
        cols[1].push_str(&syl.concat());
        cols[2].push_str(&syl.join(" "));
    }
    cols
}
