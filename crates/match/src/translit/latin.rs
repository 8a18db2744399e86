//! Latin folding: NFKD without combining marks, plus the letters that have no
//! decomposition (`ß`, `ø`, `æ`, `ł`, `đ`, `þ` ...).

use unicode_normalization::char::decompose_compatible;

/// Folds the tokens of a Latin run and joins them with single spaces.
pub(super) fn fold_tokens(tokens: &[Vec<char>]) -> String {
    let mut out = String::new();
    for tok in tokens {
        let start = out.len();
        if start > 0 {
            out.push(' ');
        }
        let body = out.len();
        for &c in tok {
            fold_char(c, &mut out);
        }
        if out.len() == body {
            out.truncate(start);
        }
    }
    out
}

/// Appends the lower-case ASCII fold of one Latin character (or digit) to `out`.
pub(super) fn fold_char(c: char, out: &mut String) {
    if c.is_ascii() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        }
        return;
    }
    if let Some(s) = special(c) {
        out.push_str(s);
        return;
    }
    decompose_compatible(c, |d| {
        if d.is_ascii_alphanumeric() {
            out.push(d.to_ascii_lowercase());
        } else if let Some(s) = special(d) {
            out.push_str(s);
        }
    });
}

/// Letters that NFKD leaves alone.
fn special(c: char) -> Option<&'static str> {
    Some(match c {
        'ß' | 'ẞ' => "ss",
        'æ' | 'Æ' | 'ǽ' | 'Ǽ' | 'ǣ' | 'Ǣ' => "ae",
        'œ' | 'Œ' => "oe",
        'ø' | 'Ø' | 'ǿ' | 'Ǿ' | 'ɔ' | 'Ɔ' => "o",
        'ł' | 'Ł' | 'ƚ' | 'Ƚ' => "l",
        'đ' | 'Đ' | 'ð' | 'Ð' | 'ɖ' | 'Ɖ' | 'ɗ' | 'Ɗ' => "d",
        'þ' | 'Þ' => "th",
        'ı' | 'ɨ' | 'Ɨ' | 'ɩ' => "i",
        'ħ' | 'Ħ' => "h",
        'ŋ' | 'Ŋ' => "ng",
        'ĸ' => "k",
        'ſ' => "s",
        'ƒ' | 'Ƒ' => "f",
        'ʒ' | 'Ʒ' | 'ǯ' | 'Ǯ' => "z",
        'ɛ' | 'Ɛ' | 'ǝ' | 'Ǝ' | 'ə' | 'Ə' => "e",
        'ƴ' | 'Ƴ' => "y",
        'ɓ' | 'Ɓ' => "b",
        'ƙ' | 'Ƙ' => "k",
        'ʃ' | 'Ʃ' => "sh",
        'ŧ' | 'Ŧ' => "t",
        'ȥ' | 'Ȥ' | 'ƶ' | 'Ƶ' => "z",
        'ɑ' | 'Ɑ' => "a",
        'ʋ' | 'Ʋ' | 'ʊ' | 'Ʊ' => "u",
        'ª' => "a",
        'º' => "o",
        _ => return None,
    })
}
