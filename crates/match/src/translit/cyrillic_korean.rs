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

/// Onsets starting with letter `c`, longest first: Cyrillic spelling,
/// Latin (DPRK-style) spelling. Dispatch on the first letter keeps a word
/// that is no Korean (most Russian words) to a few comparisons per letter.
fn onsets(c: char) -> &'static [(&'static [char], &'static str)] {
    match c {
        'ч' => &[(&['ч', 'ж'], "j"), (&['ч', 'х'], "ch"), (&['ч', 'ч'], "jj"), (&['ч'], "j")],
        'д' => &[(&['д', 'ж'], "j"), (&['д'], "d")],
        'к' => &[(&['к', 'х'], "k"), (&['к', 'к'], "kk"), (&['к'], "k")],
        'т' => &[(&['т', 'х'], "t"), (&['т', 'т'], "tt"), (&['т'], "t")],
        'п' => &[(&['п', 'х'], "p"), (&['п', 'п'], "pp"), (&['п'], "p")],
        'с' => &[(&['с', 'с'], "ss"), (&['с'], "s")],
        'г' => &[(&['г'], "g")],
        'н' => &[(&['н'], "n")],
        'р' => &[(&['р'], "r")],
        'л' => &[(&['л'], "l")],
        'м' => &[(&['м'], "m")],
        'б' => &[(&['б'], "b")],
        'ш' => &[(&['ш'], "sh")],
        'х' => &[(&['х'], "h")],
        _ => &[],
    }
}

/// Vowels starting with letter `c`, longest first (`ве` is 외 as in Чхве,
/// `ый` is 의).
fn vowels(c: char) -> &'static [(&'static [char], &'static str)] {
    match c {
        'в' => &[
            (&['в', 'е'], "oe"),
            (&['в', 'э'], "wae"),
            (&['в', 'а'], "wa"),
            (&['в', 'о'], "wo"),
            (&['в', 'и'], "wi"),
        ],
        'ы' => &[(&['ы', 'й'], "ui"), (&['ы'], "u")],
        'й' => &[(&['й', 'о'], "yo")],
        'а' => &[(&['а'], "a")],
        'я' => &[(&['я'], "ya")],
        'о' => &[(&['о'], "o")],
        'ё' => &[(&['ё'], "yo")],
        'у' => &[(&['у'], "u")],
        'ю' => &[(&['ю'], "yu")],
        'и' => &[(&['и'], "i")],
        'э' => &[(&['э'], "ae")],
        'е' => &[(&['е'], "e")],
        _ => &[],
    }
}

/// Codas starting with letter `c`; `N` (н) is resolved by [`coda_n`]. Older
/// spellings write final ㄹ as `р` (Ким Ир Сен), Kontsevich as `ль` (Чхоль).
fn codas(c: char) -> &'static [(&'static [char], &'static str)] {
    match c {
        'н' => &[(&['н', 'ь'], "N"), (&['н'], "N")],
        'л' => &[(&['л', 'ь'], "l")],
        'к' => &[(&['к'], "k")],
        'р' => &[(&['р'], "l")],
        'м' => &[(&['м'], "m")],
        'п' => &[(&['п'], "p")],
        'т' => &[(&['т'], "t")],
        _ => &[],
    }
}

/// Russian case endings of a declined Korean word ending in a consonant
/// (Ким Чен Ына, Ыну, Ыном, Ыне).
const ENDINGS: &[&[char]] = &[&['о', 'м'], &['ы', 'м'], &['е', 'м'], &['а'], &['у'], &['е']];

/// The longest a word read as Korean may be, in characters.
const MAX_CHARS: usize = 16;

/// One parsed syllable.
#[derive(Clone, Copy)]
struct Syllable {
    onset: &'static str,
    vowel: &'static str,
    coda: &'static str,
}

/// The Latin readings of a lower-case Cyrillic word as Korean syllables, or
/// none when the word does not split into them: at most two, the
/// `ng`-preferring one first (see the module docs).
pub(super) fn readings(word: &[char]) -> Vec<String> {
    // Letters no Korean syllable is spelt with (з ф ц щ ъ, and every
    // non-Russian one) rule the word out before any parsing.
    let korean_letter =
        |c: &char| matches!(c, 'а'..='я' | 'ё') && !matches!(c, 'з' | 'ф' | 'ц' | 'щ' | 'ъ');
    if word.is_empty() || word.len() > MAX_CHARS || !word.iter().all(korean_letter) {
        return Vec::new();
    }
    // Ли is the surname 李/리, which the DPRK and the lists spell Ri (the
    // matcher's Korean keys equate Ri, Li, Lee and Yi; a reader word by word
    // needs the listed spelling).
    if word == ['л', 'и'] {
        return vec!["ri".to_string(), "li".to_string()];
    }
    let syllables = ENDINGS
        .iter()
        .filter_map(|e| word.strip_suffix(*e))
        .filter(|stem| {
            stem.last().is_some_and(|c| matches!(c, 'н' | 'к' | 'р' | 'м' | 'п' | 'т' | 'ь'))
        })
        .find_map(parse)
        .or_else(|| parse(word));
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

/// Splits `word` (at most [`MAX_CHARS`] letters) into the fewest
/// syllables, if it splits at all.
///
/// Dynamic programming over positions with back-pointers on the stack, so
/// that a Russian word, which fails at its first letters, costs no allocation.
fn parse(word: &[char]) -> Option<Vec<Syllable>> {
    const UNREACHED: u8 = u8::MAX;
    let n = word.len();
    if n > MAX_CHARS {
        return None;
    }
    // count[i]: the fewest syllables covering word[..i]; last[i]: the last
    // of them and where it starts.
    let mut count = [UNREACHED; MAX_CHARS + 1];
    let mut last: [Option<(usize, Syllable)>; MAX_CHARS + 1] = [None; MAX_CHARS + 1];
    count[0] = 0;
    for start in 0..n {
        if count[start] == UNREACHED {
            continue;
        }
        let next = count[start] + 1;
        syllables_at(&word[start..], |len, syl| {
            let end = start + len;
            if count[end] > next {
                count[end] = next;
                last[end] = Some((start, syl));
            }
        });
    }
    if count[n] == UNREACHED {
        return None;
    }
    let mut out = Vec::with_capacity(usize::from(count[n]));
    let mut at = n;
    while let Some((start, syl)) = last[at] {
        out.push(syl);
        at = start;
    }
    out.reverse();
    Some(out)
}

/// Calls `found` with every syllable that starts `text` and its length in
/// letters.
fn syllables_at(text: &[char], mut found: impl FnMut(usize, Syllable)) {
    let Some(&first) = text.first() else { return };
    let onsets = onsets(first).iter().copied().chain(std::iter::once((&[][..], "")));
    for (oc, ol) in onsets {
        if !starts(text, oc) {
            continue;
        }
        let after_onset = &text[oc.len()..];
        let Some(&v) = after_onset.first() else { continue };
        for &(vc, vl) in vowels(v) {
            if !starts(after_onset, vc) {
                continue;
            }
            let after_vowel = &after_onset[vc.len()..];
            let base = text.len() - after_vowel.len();
            found(base, Syllable { onset: ol, vowel: vl, coda: "" });
            let Some(&c) = after_vowel.first() else { continue };
            for &(cc, cl) in codas(c) {
                if starts(after_vowel, cc) {
                    found(base + cc.len(), Syllable { onset: ol, vowel: vl, coda: cl });
                }
            }
        }
    }
}

/// `starts_with` for the one- and two-letter patterns here, without a call
/// to `memcmp` (most patterns fail at their first letter).
fn starts(text: &[char], pattern: &[char]) -> bool {
    text.len() >= pattern.len() && pattern.iter().zip(text).all(|(p, c)| p == c)
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
