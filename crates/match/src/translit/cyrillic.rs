//! Cyrillic: BGN/PCGN, ICAO Doc 9303, popular English, German (Duden) and
//! French renderings; Ukrainian national system (2010) for Ukrainian and
//! Belarusian text; for Belarusian text also a Russian reading.
//!
//! The Russian reading of Belarusian undoes the regular sound
//! correspondences of Belarusian orthography (1959, revised 2008) with
//! Russian before transliterating as Russian (BGN/PCGN 1947): дзеканне and
//! цеканне (`дз`, `ц` for Russian `д`, `т` before `і е ё ю я ь`), `у`
//! нескладовае at the start of a word (`Уладзімір` ~ `Владимир`), `ў` for
//! `в`, `і` for `и`, `э` for `е`, акання in the patronymic and surname
//! endings `-авіч`, `-аўна`, `-енка` (Russian `-ович`, `-овна`, `-енко`),
//! hard `р` in `-рый` (`-рий`) and the short `-скі`, `-цкі` (`-ский`, `-цкий`).

use super::{cyrillic_korean, push_other};

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
    let render_all = |words: &[Vec<char>], sys: Sys, u: bool| {
        let mut out = String::new();
        for tok in words {
            if !out.is_empty() {
                out.push(' ');
            }
            render(tok, sys, u, &mut out);
        }
        out
    };
    let mut cols: Vec<String> = plan.iter().map(|&(sys, u)| render_all(&lower, sys, u)).collect();
    if !ukr {
        insert_korean(&lower, &mut cols);
    }
    if ukr && is_belarusian(&lower) {
        let russian: Vec<Vec<char>> = lower.iter().map(|w| russify_belarusian(w)).collect();
        cols.insert(1, render_all(&russian, Sys::Bgn, false));
    }
    cols
}

/// Inserts, after the first column, the readings of a run as Cyrillic
/// spellings of Korean syllables (Ким Чен Ын → `kim jong un`), when every
/// word of the run splits into them and the reading differs from the
/// letters (see [`super::cyrillic_korean`]).
fn insert_korean(words: &[Vec<char>], cols: &mut Vec<String>) {
    let mut per_word: Vec<Vec<String>> = Vec::with_capacity(words.len());
    for w in words {
        let r = cyrillic_korean::readings(w);
        if r.is_empty() {
            return;
        }
        per_word.push(r);
    }
    for (at, k) in [(1, 0), (2, 1)] {
        let col = per_word
            .iter()
            .map(|r| r.get(k).unwrap_or(&r[0]).as_str())
            .collect::<Vec<_>>()
            .join(" ");
        if !cols.contains(&col) {
            cols.insert(at.min(cols.len()), col);
        }
    }
}

/// The Latin readings of a Cyrillic word as Korean syllables (Чен → `jong`,
/// Ыном → `un`), or none when it does not split into them.
pub(super) fn korean_readings(word: &str) -> Vec<String> {
    let lower: Vec<char> = word.chars().map(lower).collect();
    cyrillic_korean::readings(&lower)
}

/// Whether lower-case words marked Ukrainian-or-Belarusian are Belarusian:
/// `ў`, or `і` without the Ukrainian-only `и ї є ґ` together with a
/// Belarusian-only letter (`ы э ё`), дзеканне/цеканне (`дз`, `ц` before a
/// soft vowel) or the ending `-іч`.
fn is_belarusian(words: &[Vec<char>]) -> bool {
    let any = |f: &dyn Fn(char) -> bool| words.iter().any(|w| w.iter().any(|&c| f(c)));
    if any(&|c| c == 'ў') {
        return true;
    }
    if !any(&|c| c == 'і') || any(&|c| matches!(c, 'и' | 'ї' | 'є' | 'ґ')) {
        return false;
    }
    any(&|c| matches!(c, 'ы' | 'э' | 'ё'))
        || words.iter().any(|w| {
            w.windows(2).any(|x| matches!(x, ['з' | 'ц', n] if is_soft(*n)))
                || w.ends_with(&['і', 'ч'])
        })
}

/// The vowels (and sign) that soften a preceding consonant.
fn is_soft(c: char) -> bool {
    matches!(c, 'і' | 'е' | 'ё' | 'ю' | 'я' | 'ь')
}

/// A lower-case Belarusian word spelt as its Russian counterpart would be:
/// `уладзімір` → `владимир`, `уладзіміравіч` → `владимирович`, `пуцін` →
/// `путин`, `лукашэнка` → `лукашенко`.
fn russify_belarusian(w: &[char]) -> Vec<char> {
    let mut out: Vec<char> = Vec::with_capacity(w.len());
    let mut i = 0;
    while i < w.len() {
        let c = w[i];
        let next = w.get(i + 1).copied();
        match c {
            // у нескладовае: Уладзімір ~ Владимир.
            'у' if i == 0 && next == Some('л') && w.get(2).is_some_and(|&v| is_vowel(v)) => {
                out.push('в')
            }
            // дзеканне: дзі ~ ди, дзмі ~ дми (softness carries over a consonant).
            'д' if next == Some('з')
                && w.get(i + 2).is_some_and(|&v| {
                    is_soft(v) || (is_consonant(v) && w.get(i + 3).is_some_and(|&s| is_soft(s)))
                }) =>
            {
                out.push('д');
                i += 1;
            }
            // цеканне: ці ~ ти.
            'ц' if next.is_some_and(is_soft) => out.push('т'),
            'і' => out.push('и'),
            'ў' => out.push('в'),
            'э' if i > 0 => out.push('е'),
            _ => out.push(c),
        }
        i += 1;
    }
    // Endings: акання in -авіч ~ -ович, -аўна ~ -овна, -енка ~ -енко; hard р
    // in -рый ~ -рий; -скі, -цкі ~ -ский, -цкий.
    let n = out.len();
    if n >= 6 && (out.ends_with(&['а', 'в', 'и', 'ч']) || out.ends_with(&['а', 'в', 'н', 'а']))
    {
        out[n - 4] = 'о';
    } else if n >= 6 && out.ends_with(&['е', 'н', 'к', 'а']) {
        out[n - 1] = 'о';
    } else if n >= 4 && out.ends_with(&['р', 'ы', 'й']) {
        out[n - 2] = 'и';
    } else if n >= 4 && (out.ends_with(&['с', 'к', 'и']) || out.ends_with(&['ц', 'к', 'и'])) {
        out.push('й');
    }
    out
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
