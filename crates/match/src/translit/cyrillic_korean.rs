//! Cyrillic renderings of Korean names read back as Korean.
//!
//! Russian-language press writes Korean names in the Kontsevich system
//! (Ким Чон Ын, Чхве Рён Хэ, Пак Пон Чжу) or in older Soviet spellings that
//! are still the common ones (Ким Чен Ын, Ким Ир Сен, Пхеньян). Letter by
//! letter these become `chen`, `yn`, `ir`, which no list spells; read as
//! Korean syllables they become `jong`, `un`, `il`, which the Korean keys of
//! the matcher ([`crate::korean::key`]) equate with every Latin system.
//!
//! A word is read as Korean only when it splits entirely into Cyrillic
//! Korean syllables (onset, vowel, coda), optionally followed by a Russian
//! case ending after a final consonant (Ыном, Пхеньяна). The reading is an
//! extra variant: the letter-by-letter ones stay, so Путин is still `putin`,
//! and a match still needs the whole name to score above the threshold.
//!
//! Cyrillic `н` is both ㄴ and ㅇ in these systems. The first reading picks
//! `ng` after `о ё е э` and `а` (정 jong, 성 song, 평 pyong, 양 yang), `n`
//! elsewhere (은 un, 진 jin); the second reading has `n` everywhere (선 Rason).

/// Onsets, longest first: Cyrillic spelling, Latin (DPRK-style) spelling.
const ONSETS: &[(&str, &str)] = &[
    ("чж", "j"),
    ("дж", "j"),
    ("чх", "ch"),
    ("кх", "k"),
    ("тх", "t"),
    ("пх", "p"),
    ("кк", "kk"),
    ("тт", "tt"),
    ("пп", "pp"),
    ("сс", "ss"),
    ("чч", "jj"),
    ("к", "k"),
    ("г", "g"),
    ("н", "n"),
    ("т", "t"),
    ("д", "d"),
    ("р", "r"),
    ("л", "l"),
    ("м", "m"),
    ("п", "p"),
    ("б", "b"),
    ("с", "s"),
    ("ш", "sh"),
    ("ч", "j"),
    ("х", "h"),
];

/// Vowels, longest first (`ве` is 외 as in Чхве, `ый` is 의).
const VOWELS: &[(&str, &str)] = &[
    ("ве", "oe"),
    ("вэ", "wae"),
    ("ва", "wa"),
    ("во", "wo"),
    ("ви", "wi"),
    ("ый", "ui"),
    ("йо", "yo"),
    ("а", "a"),
    ("я", "ya"),
    ("о", "o"),
    ("ё", "yo"),
    ("у", "u"),
    ("ю", "yu"),
    ("ы", "u"),
    ("и", "i"),
    ("э", "ae"),
    ("е", "e"),
];

/// Codas, longest first; `н` is resolved by [`coda_n`]. Older spellings
/// write final ㄹ as `р` (Ким Ир Сен), Kontsevich as `ль` (Чхоль).
const CODAS: &[(&str, &str)] = &[
    ("нь", "N"),
    ("ль", "l"),
    ("н", "N"),
    ("к", "k"),
    ("р", "l"),
    ("м", "m"),
    ("п", "p"),
    ("т", "t"),
];

/// Russian case endings of a declined Korean word ending in a consonant
/// (Ким Чен Ына, Ыну, Ыном, Ыне).
const ENDINGS: &[&str] = &["ом", "ым", "ем", "а", "у", "е"];

/// The longest a word read as Korean may be, in characters.
const MAX_CHARS: usize = 16;

/// One parsed syllable.
#[derive(Clone)]
struct Syllable {
    onset: &'static str,
    vowel: &'static str,
    coda: &'static str,
}

/// The Latin readings of a lower-case Cyrillic word as Korean syllables, or
/// none when the word does not split into them: at most two, the
/// `ng`-preferring one first (see the module docs).
pub(super) fn readings(word: &[char]) -> Vec<String> {
    if word.is_empty() || word.len() > MAX_CHARS {
        return Vec::new();
    }
    let word: String = word.iter().collect();
    // Ли is the surname 李/리, which the DPRK and the lists spell Ri (the
    // matcher's Korean keys equate Ri, Li, Lee and Yi; a reader word by word
    // needs the listed spelling).
    if word == "ли" {
        return vec!["ri".to_string(), "li".to_string()];
    }
    let syllables = ENDINGS
        .iter()
        .filter_map(|e| word.strip_suffix(e))
        .filter(|stem| stem.ends_with(|c: char| "нкрмптль".contains(c)))
        .find_map(parse)
        .or_else(|| parse(&word));
    let Some(syllables) = syllables else { return Vec::new() };
    let mut out: Vec<String> = Vec::with_capacity(2);
    for prefer_ng in [true, false] {
        let r = render(&syllables, prefer_ng);
        if !out.contains(&r) {
            out.push(r);
        }
    }
    out
}

/// Splits `word` into the fewest syllables, if it splits at all.
fn parse(word: &str) -> Option<Vec<Syllable>> {
    // best[i]: the fewest syllables covering word[..i] (byte offsets).
    let n = word.len();
    let mut best: Vec<Option<Vec<Syllable>>> = vec![None; n + 1];
    best[0] = Some(Vec::new());
    for start in 0..n {
        let Some(prefix) = best[start].clone() else { continue };
        let rest = &word[start..];
        for (len, syl) in syllables_at(rest) {
            let end = start + len;
            if best[end].as_ref().is_none_or(|b| b.len() > prefix.len() + 1) {
                let mut v = prefix.clone();
                v.push(syl);
                best[end] = Some(v);
            }
        }
    }
    best[n].take()
}

/// Every syllable that starts `text`, with its length in bytes.
fn syllables_at(text: &str) -> Vec<(usize, Syllable)> {
    let mut out = Vec::new();
    let onsets = ONSETS.iter().copied().chain(std::iter::once(("", "")));
    for (oc, ol) in onsets {
        let Some(after_onset) = text.strip_prefix(oc) else { continue };
        for &(vc, vl) in VOWELS {
            let Some(after_vowel) = after_onset.strip_prefix(vc) else { continue };
            let base = text.len() - after_vowel.len();
            out.push((base, Syllable { onset: ol, vowel: vl, coda: "" }));
            for &(cc, cl) in CODAS {
                if after_vowel.starts_with(cc) {
                    out.push((base + cc.len(), Syllable { onset: ol, vowel: vl, coda: cl }));
                }
            }
        }
    }
    out
}

/// The Latin spelling of parsed syllables, as one token.
fn render(syllables: &[Syllable], prefer_ng: bool) -> String {
    let mut out = String::new();
    for s in syllables {
        out.push_str(s.onset);
        // Older spellings write ㅓ/ㅕ as `е` before a final н (Чен 정,
        // Сен 성, Пхеньян 평양): `yo` after a labial, velar or liquid, else `o`.
        let vowel = if s.vowel == "e" && s.coda == "N" {
            if matches!(s.onset, "p" | "b" | "h" | "m" | "k" | "g" | "r" | "l") {
                "yo"
            } else {
                "o"
            }
        } else {
            s.vowel
        };
        out.push_str(vowel);
        if s.coda == "N" {
            out.push_str(coda_n(s.onset, vowel, prefer_ng));
        } else {
            out.push_str(s.coda);
        }
    }
    out
}

/// Final Cyrillic `н` as `ng` or `n` (see the module docs): 안 and 한 are
/// the common `-an` syllables of names, the other `-а н` ones are `-ang`.
fn coda_n(onset: &str, vowel: &str, prefer_ng: bool) -> &'static str {
    let ng = prefer_ng
        && (vowel.ends_with('o')
            || vowel.ends_with("ae")
            || (vowel.ends_with('a') && !(vowel == "a" && matches!(onset, "" | "h"))));
    if ng {
        "ng"
    } else {
        "n"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first(word: &str) -> Option<String> {
        let chars: Vec<char> = word.chars().collect();
        readings(&chars).into_iter().next()
    }

    #[test]
    fn names_read_as_korean() {
        for (cyr, latin) in [
            ("ким", "kim"),
            ("чен", "jong"),
            ("чон", "jong"),
            ("ын", "un"),
            ("ыном", "un"),
            ("ына", "un"),
            ("чхве", "choe"),
            ("рён", "ryong"),
            ("хэ", "hae"),
            ("пён", "pyong"),
            ("чхоль", "chol"),
            ("пак", "pak"),
            ("пон", "pong"),
            ("чжу", "ju"),
            ("чжон", "jong"),
            ("ё", "yo"),
            ("ир", "il"),
            ("иль", "il"),
            ("сен", "song"),
            ("пхеньян", "pyongyang"),
            ("пхеньяна", "pyongyang"),
            ("нампхо", "nampo"),
            ("раджин", "rajin"),
            ("ри", "ri"),
            ("ли", "ri"),
        ] {
            assert_eq!(first(cyr).as_deref(), Some(latin), "{cyr}");
        }
        let rason: Vec<char> = "расон".chars().collect();
        assert!(readings(&rason).contains(&"rason".to_string()));
    }

    #[test]
    fn russian_words_that_do_not_split_are_not_read() {
        for w in ["владимир", "встретился", "президент", "сопровождали", "", "ь"]
        {
            assert_eq!(first(w), None, "{w}");
        }
        // A Russian word that splits reads as its letters would anyway.
        assert_eq!(first("путина").as_deref(), Some("putin"));
        let long: Vec<char> = "ка".repeat(20).chars().collect();
        assert!(readings(&long).is_empty());
    }
}
