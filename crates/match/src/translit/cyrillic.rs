//! Cyrillic: BGN/PCGN, ICAO Doc 9303, popular English, German (Duden) and
//! French renderings; Ukrainian national system (2010) for Ukrainian and
//! Belarusian text.

use super::push_other;

/// One romanization system for Cyrillic.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Sys {
    /// BGN/PCGN without diacritics or primes (`ye` after vowels, `-iy`).
    Bgn,
    /// ICAO Doc 9303 (`iu`, `ia`, `ie` for `ъ`, `-ii`).
    Icao,
    /// What English-language media write (`dmitry`, `alexander`, `pyotr`).
    Popular,
    /// German (Duden): `w`, `sch`, `tsch`, `j`.
    German,
    /// French: `ou`, `ch`, `tch`, final `-ine`.
    French,
}

/// Columns for a run of Cyrillic tokens.
pub(super) fn columns(tokens: &[Vec<char>]) -> Vec<String> {
    let lower: Vec<Vec<char>> =
        tokens.iter().map(|t| t.iter().map(|&c| lower(c)).collect()).collect();
    // Ukrainian and Belarusian: і ї є ґ ў, or Ukrainian -ськ-/-цьк-, mark the whole run.
    let ukr = lower.iter().any(|w| {
        w.iter().any(|c| matches!(c, 'і' | 'ї' | 'є' | 'ґ' | 'ў'))
            || w.windows(3).any(|x| matches!(x, ['с' | 'ц', 'ь', 'к']))
    });
    let plan: &[(Sys, bool)] = if ukr {
        &[
            (Sys::Bgn, true),
            (Sys::Popular, false),
            (Sys::Icao, true),
            (Sys::German, false),
            (Sys::French, false),
        ]
    } else {
        &[
            (Sys::Bgn, false),
            (Sys::Icao, false),
            (Sys::Popular, false),
            (Sys::German, false),
            (Sys::French, false),
        ]
    };
    plan.iter()
        .map(|&(sys, u)| {
            let mut out = String::new();
            for tok in &lower {
                if !out.is_empty() {
                    out.push(' ');
                }
                render(tok, sys, u, &mut out);
            }
            out
        })
        .collect()
}

fn lower(c: char) -> char {
    c.to_lowercase().next().unwrap_or(c)
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'а' | 'е' | 'ё' | 'и' | 'о' | 'у' | 'ы' | 'э' | 'ю' | 'я' | 'і' | 'ї' | 'є' | 'ў')
}

fn is_consonant(c: char) -> bool {
    ('б'..='я').contains(&c) && !is_vowel(c) && !matches!(c, 'ь' | 'ъ' | 'й')
}

/// Appends the rendering of one lower-case word in `sys` to `out`.
fn render(w: &[char], sys: Sys, ukr: bool, out: &mut String) {
    use Sys::*;
    let n = w.len();
    let mut i = 0;
    while i < n {
        let c = w[i];
        let prev = if i > 0 { Some(w[i - 1]) } else { None };
        let next = w.get(i + 1).copied();
        let initial = prev.is_none();
        let after_vowel = prev.is_some_and(|p| is_vowel(p) || matches!(p, 'ь' | 'ъ' | 'й'));
        let last = i + 1 == n;
        // Word-final adjective and name endings.
        if i + 2 == n && next == Some('й') && matches!(c, 'и' | 'ы' | 'і') && !ukr {
            let s = match (c, sys) {
                ('ы', German) => "yj",
                ('ы', Bgn) => "yy",
                ('ы', _) => "y",
                (_, Bgn) => "iy",
                (_, Icao) => "ii",
                (_, Popular) => "y",
                (_, German) => "ij",
                (_, French) => "i",
            };
            out.push_str(s);
            i += 2;
            continue;
        }
        // Popular English: Alexander, Maxim.
        if sys == Popular && c == 'к' && next == Some('с') {
            out.push('x');
            i += 2;
            continue;
        }
        if sys == Popular && c == 'д' && prev == Some('н') && next == Some('р') && i + 2 == n {
            out.push_str("der");
            i += 2;
            continue;
        }
        let s: &str = match c {
            'а' => "a",
            'б' => "b",
            'в' => {
                if sys == German {
                    "w"
                } else {
                    "v"
                }
            }
            'г' => {
                if ukr {
                    "h"
                } else {
                    "g"
                }
            }
            'ґ' => "g",
            'д' => "d",
            'е' => match sys {
                Bgn | Popular if !ukr && (initial || after_vowel) => "ye",
                German if initial || after_vowel => "je",
                _ => "e",
            },
            'ё' => match sys {
                Icao => "e",
                German if prev.is_some_and(|p| matches!(p, 'ж' | 'ч' | 'ш' | 'щ')) => "o",
                _ if prev.is_some_and(|p| matches!(p, 'ж' | 'ч' | 'ш' | 'щ')) => "e",
                Bgn if !(initial || after_vowel) => "e",
                Bgn | Popular => "yo",
                German => "jo",
                French => "io",
            },
            'є' => match sys {
                Icao if !initial => "ie",
                _ => "ye",
            },
            'ж' => match sys {
                German => "sch",
                French => "j",
                _ => "zh",
            },
            'з' => {
                if sys == German {
                    "s"
                } else {
                    "z"
                }
            }
            'и' => {
                if ukr {
                    "y"
                } else {
                    "i"
                }
            }
            'і' => "i",
            'ї' => match sys {
                Bgn if initial => "yi",
                _ => "i",
            },
            'й' => match sys {
                Icao | French => "i",
                Bgn if ukr && !initial => "i",
                German => "j",
                _ => "y",
            },
            'к' => "k",
            'л' => "l",
            'м' => "m",
            'н' => {
                if sys == French && last && prev == Some('и') {
                    "ne"
                } else {
                    "n"
                }
            }
            'о' => "o",
            'п' => "p",
            'р' => "r",
            'с' => {
                let between = prev.is_some_and(is_vowel) && next.is_some_and(is_vowel);
                if between && matches!(sys, German | French) {
                    "ss"
                } else {
                    "s"
                }
            }
            'т' => "t",
            'у' => {
                if sys == French {
                    "ou"
                } else {
                    "u"
                }
            }
            'ў' => "u",
            'ф' => "f",
            'х' => {
                if sys == German {
                    "ch"
                } else {
                    "kh"
                }
            }
            'ц' => {
                if sys == German {
                    "z"
                } else {
                    "ts"
                }
            }
            'ч' => match sys {
                German => "tsch",
                French => "tch",
                _ => "ch",
            },
            'ш' => match sys {
                German => "sch",
                French => "ch",
                _ => "sh",
            },
            'щ' => match sys {
                German => "schtsch",
                French => "chtch",
                _ => "shch",
            },
            'ъ' => {
                // Bulgarian ъ is a vowel between consonants.
                if prev.is_some_and(is_consonant) && next.is_some_and(is_consonant) {
                    "a"
                } else if sys == Icao && !last {
                    "ie"
                } else {
                    ""
                }
            }
            'ы' => "y",
            'ь' => "",
            'э' => "e",
            'ю' => match sys {
                Icao => "iu",
                German => "ju",
                French => "iou",
                _ => "yu",
            },
            'я' => match sys {
                Icao | French => "ia",
                German => "ja",
                _ => "ya",
            },
            // Serbian and Macedonian.
            'ђ' => "dj",
            'ј' => "j",
            'љ' => "lj",
            'њ' => "nj",
            'ћ' => "c",
            'џ' => "dz",
            'ѓ' => "gj",
            'ќ' => "kj",
            'ѕ' => "dz",
            // Kazakh, Kyrgyz, Tatar, Bashkir, Tajik, Mongolian.
            'ә' => "a",
            'ғ' => "gh",
            'қ' => "q",
            'ң' => "ng",
            'ө' => "o",
            'ұ' | 'ү' => "u",
            'һ' => "h",
            'ҳ' => "h",
            'ҷ' => "j",
            'ӣ' => "i",
            'ӯ' => "u",
            'ҙ' => "z",
            'ҫ' => "s",
            'ӏ' => "",
            _ => {
                push_other(out, c);
                ""
            }
        };
        out.push_str(s);
        i += 1;
    }
}
