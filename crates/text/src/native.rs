//! Words outside ASCII: accented Latin, Hangul, Cyrillic and the other
//! scripts `vigil-match` transliterates, read as the Latin tokens the
//! automaton knows.
//!
//! A Hangul word is read as written and without a trailing particle
//! (김정은은 → `kim jong un`, 푸틴은 → `putin`); a Cyrillic word also without
//! its case ending (Путина → `putin`). A word whose stem is in the native
//! lexicon ([`crate::lexicon::NATIVE_TERMS`]) also reads as that English
//! word (석탄을 → `coal`), so that the indicator rules apply. Readings are
//! cached per session: news repeats its words.

use std::collections::HashMap;

use vigil_match::normalize::{fold, is_latin, tokenize};
use vigil_match::translit::{self, Script};

use crate::build::Tables;
use crate::lexicon;
use crate::tokens::{NativeReader, NONE};

/// The most cached words per session before the cache is emptied.
const MAX_CACHED_WORDS: usize = 200_000;

struct Entry {
    ids: Vec<(u32, u32)>,
    keep: usize,
    caseless: bool,
    /// A Han word that reads as a whole listed name (see `han_name_len`).
    name: bool,
}

/// The session's reader of non-ASCII words.
pub(crate) struct Reader<'s> {
    tables: &'s Tables,
    cache: HashMap<Box<str>, Entry>,
}

impl<'s> Reader<'s> {
    pub fn new(tables: &'s Tables) -> Self {
        Reader { tables, cache: HashMap::new() }
    }

    fn compute(&self, word: &str) -> Entry {
        let script = translit::script_of(word);
        let caseless = !matches!(
            script,
            Script::Latin
                | Script::Cyrillic
                | Script::Greek
                | Script::Armenian
                | Script::Georgian
                | Script::Common
        );
        let folded = fold(word);
        let vocab = &self.tables.vocab;
        if is_latin(&folded) {
            let ids = tokenize(&folded).iter().map(|t| (vocab.get(t), NONE)).collect::<Vec<_>>();
            let ids = if ids.is_empty() { vec![(NONE, NONE)] } else { ids };
            return Entry { ids, keep: word.len(), caseless: false, name: false };
        }
        // Lower case without decomposition: NFD would split Hangul syllables
        // into jamo and strip the breve of й.
        let lower = word.to_lowercase();
        if script == Script::Han || word.chars().next().is_some_and(crate::tokens::is_hiragana) {
            return self.read_cjk(&lower, word.len());
        }
        if script == Script::Hangul && word.bytes().any(|b| b.is_ascii_digit()) {
            if let Some(entry) = self.read_numbered(word) {
                return entry;
            }
        }
        let mut primary = self.read_latin(word);
        let mut alternative: Vec<String> = Vec::new();
        if script == Script::Hangul {
            let stem = strip_suffix(word, lexicon::KOREAN_PARTICLES, 2);
            let base = stem.unwrap_or(word);
            // 박진혁 is listed as PARK Jin Hyok: of the romanisations, one
            // that is a listed name, else the first of known words.
            if let Some(reading) = self.read_korean_org(base).or_else(|| self.name_reading(base)) {
                primary = reading;
            } else if let Some(stem) = stem {
                alternative = self.read_latin(stem);
            }
        } else if script == Script::Cyrillic {
            // Колесников is a name of its own, not the plural of the listed
            // Колесник (банков still reads as банк).
            let surname = word.starts_with(char::is_uppercase)
                && ["ов", "ев"].iter().any(|e| lower.ends_with(e));
            let stem = strip_suffix(&lower, lexicon::RUSSIAN_ENDINGS, 3).filter(|_| !surname);
            if let Some(stem) = stem {
                alternative = self.read_latin(stem);
                // Андреем, Сергея, Николаю: a stem on a vowel lost its й.
                if stem.ends_with(['а', 'е', 'и', 'о', 'у', 'ы', 'э', 'ю', 'я']) {
                    let with_short_i = self.read_latin(&format!("{stem}й"));
                    let known = !with_short_i.is_empty()
                        && with_short_i.iter().all(|w| vocab.get(w) != NONE);
                    if known {
                        alternative = with_short_i;
                    }
                }
            } else {
                // Cyrillic н is ㄴ or ㅇ: Сон is Son or Song, both listed.
                alternative = self.other_korean_reading(word, &primary);
            }
        }
        let lexicon_word = native_term(&lower).map(|english| self.english_id(english));
        let n = primary.len().max(alternative.len()).max(1);
        let mut ids: Vec<(u32, u32)> = (0..n)
            .map(|k| {
                let id = primary.get(k).map_or(NONE, |w| vocab.get(w));
                let alt = alternative.get(k).map_or(NONE, |w| vocab.get(w));
                (id, if alt == id { NONE } else { alt })
            })
            .collect();
        // The lexicon word goes on the first reading whose second slot is
        // free or holds no name start: 석유를 reads `seok yu`, and SEOK,
        // a surname, keeps the first token's slot, so `petroleum` goes on
        // the second (it used to be dropped).
        if let Some(lex) = lexicon_word.filter(|&l| l != NONE) {
            let free = |&(id, alt): &(u32, u32)| {
                id != lex && (alt == NONE || !self.tables.word_info(alt).starts_name)
            };
            if let Some(slot) = ids.iter_mut().find(|slot| free(slot)) {
                slot.1 = lex;
            }
        }
        Entry { ids, keep: word.len(), caseless, name: false }
    }
}

impl Reader<'_> {
    /// A Hangul word with a number in it, as a ship's name and number are
    /// written (유정2호가, 2호): its letters and its digits read apart, as
    /// the list writes them (`yu jong 2`), and the 호 ("No.") or particle
    /// after the digits dropped. Read whole, the word would be one unknown
    /// token (`yujong2ho`). `None` for a number with a counter (25일, 3명):
    /// no name, and its syllable would be read as one.
    fn read_numbered(&self, word: &str) -> Option<Entry> {
        let suffix_of_number = |part: &str| {
            let particle =
                |rest: &str| rest.is_empty() || lexicon::KOREAN_PARTICLES.contains(&rest);
            particle(part) || part.strip_prefix('호').is_some_and(particle)
        };
        let parts: Vec<&str> = digit_runs(word).collect();
        let starts_with_digits =
            parts.first().is_some_and(|p| p.starts_with(|c: char| c.is_ascii_digit()));
        if starts_with_digits && !parts.get(1).is_none_or(|p| suffix_of_number(p)) {
            return None;
        }
        let mut ids = Vec::new();
        let mut after_digits = false;
        for part in parts {
            if part.starts_with(|c: char| c.is_ascii_digit()) {
                ids.push((self.tables.vocab.get(part), NONE));
                after_digits = true;
                continue;
            }
            if !(after_digits && suffix_of_number(part)) {
                ids.extend(self.compute(part).ids);
            }
            after_digits = false;
        }
        Some(Entry { ids, keep: word.len(), caseless: true, name: false })
    }

    /// The Latin tokens of a word: the first transliteration whose tokens
    /// are all known words (블라디미르 reads `vladimir`, its second variant),
    /// else the first.
    ///
    /// A Cyrillic word that is a Russian spelling of Korean syllables (Чен,
    /// Ыном) reads as Korean first (`jong`, `un`) when that reading is known:
    /// its letters (`chen`) may be a listed word too, but the Korean reading
    /// is what the neighbouring Ким needs. The engine confirms every
    /// candidate on the whole name, so a Russian word read so is harmless.
    fn read_latin(&self, word: &str) -> Vec<String> {
        let latin = translit::latin_variants(word);
        let variants: Vec<Vec<String>> = self
            .korean_readings(word)
            .into_iter()
            .chain(latin.iter().take(4).map(|v| tokenize(&fold(v))))
            .collect();
        let known = |tokens: &Vec<String>| {
            !tokens.is_empty() && tokens.iter().all(|t| self.tables.vocab.get(t) != NONE)
        };
        let first = latin.first().map(|v| tokenize(&fold(v)));
        variants.iter().find(|v| known(v)).cloned().or(first).unwrap_or_default()
    }
}

impl Reader<'_> {
    /// A compound Hangul word read as an organisation's name: its words from
    /// [`lexicon::KOREAN_ORG_WORDS`] in English and the rest romanised, as
    /// one word when the vocabulary has it so (안산 → `ansan`); `None` unless
    /// it holds such a word and another part (or that word is three English
    /// words), and every token is known.
    fn read_korean_org(&self, word: &str) -> Option<Vec<String>> {
        let vocab = &self.tables.vocab;
        let mut out: Vec<String> = Vec::new();
        let (mut known, mut rest) = (0, 0);
        let mut run_start: Option<usize> = None;
        let mut i = 0;
        // A romanised run, as one word when the vocabulary has it so.
        let romanised = |run: &str, out: &mut Vec<String>| {
            let tokens = self.read_latin(run);
            let joined = tokens.concat();
            if tokens.len() > 1 && vocab.get(&joined) != NONE {
                out.push(joined);
            } else if let Some(listed) =
                (tokens.len() > 1).then(|| self.listed_spelling(&joined)).flatten()
            {
                // 금강 reads `geumgang`, listed KUMGANG (BANK).
                out.push(listed);
            } else {
                out.extend(tokens);
            }
        };
        while i < word.len() {
            let longest = lexicon::KOREAN_ORG_WORDS
                .iter()
                .filter(|(k, _)| word[i..].starts_with(k))
                .max_by_key(|(k, _)| k.len());
            match longest {
                Some((korean, english)) => {
                    if let Some(start) = run_start.take() {
                        romanised(&word[start..i], &mut out);
                        rest += 1;
                    }
                    out.extend(english.split(' ').map(str::to_string));
                    known += 1;
                    i += korean.len();
                }
                None => {
                    run_start.get_or_insert(i);
                    i += word[i..].chars().next().map_or(1, char::len_utf8);
                }
            }
        }
        if let Some(start) = run_start {
            romanised(&word[start..], &mut out);
            rest += 1;
        }
        let all_known = out.iter().all(|t| vocab.get(t) != NONE);
        // One part alone only when it is a name by itself (정찰총국).
        let compound = known + rest >= 2 || out.len() >= 3;
        (known >= 1 && compound && all_known).then_some(out)
    }

    /// The listed name token with the Korean key of a romanised word, if any
    /// (`geumgang` for KUMGANG).
    fn listed_spelling(&self, word: &str) -> Option<String> {
        let key = vigil_match::korean::key(word);
        let ids = self.tables.korean_keys.get(&key)?;
        ids.first().map(|&id| self.tables.vocab.word(id).to_string())
    }

    /// The Korean readings of a Cyrillic word (see
    /// [`translit::cyrillic_korean_readings`]), each word that is not in the
    /// vocabulary replaced by a listed one with the same Korean key (Хи reads
    /// `hi`, listed as `hui`).
    fn korean_readings(&self, word: &str) -> Vec<Vec<String>> {
        let vocab = &self.tables.vocab;
        translit::cyrillic_korean_readings(word)
            .iter()
            .map(|r| {
                tokenize(&fold(r))
                    .into_iter()
                    .map(|t| {
                        if vocab.get(&t) != NONE {
                            return t;
                        }
                        self.listed_spelling(&t).unwrap_or(t)
                    })
                    .collect()
            })
            .collect()
    }

    /// A known Korean reading of a Cyrillic word other than `primary`.
    fn other_korean_reading(&self, word: &str, primary: &[String]) -> Vec<String> {
        self.korean_readings(word)
            .into_iter()
            .find(|t| {
                t.as_slice() != primary
                    && !t.is_empty()
                    && t.iter().all(|w| self.tables.vocab.get(w) != NONE)
            })
            .unwrap_or_default()
    }
}

impl Reader<'_> {
    /// A Chinese or Japanese word as the tokenizer cut it (`crate::tokens`):
    /// a lexicon term reads as its English word and nothing else; a single
    /// Han character or a hiragana run reads as nothing. Their pinyin or
    /// kana readings would be noise: 斯和 in 俄罗斯和 is not the vessel SI HE,
    /// and の is not the English "no". Listed Korean names in Han are read
    /// apart (`han_name_len`); katakana words (プーチン) are read as usual.
    fn read_cjk(&self, lower: &str, keep: usize) -> Entry {
        let lexicon_word = native_term(lower)
            .filter(|_| crate::lexicon::cjk_term_at(lower) == Some(lower.len()))
            .map_or(NONE, |english| self.english_id(english));
        // Not caseless: a caseless word counts as capitalised and may start a
        // name, and 表示 read as "said" is no SAID.
        Entry { ids: vec![(NONE, lexicon_word)], keep, caseless: false, name: false }
    }

    /// The vocabulary id a native lexicon term reads as: its English word's,
    /// or for a phrase its first word's (its last word's would not do).
    fn english_id(&self, english: &str) -> u32 {
        let words = tokenize(english);
        self.tables.vocab.get(words.first().map_or("", |w| w.as_str()))
    }

    /// The cached reading of `word`, made by `make` when there is none.
    fn cached(&mut self, word: &str, make: impl FnOnce(&Self) -> Entry) -> &Entry {
        if !self.cache.contains_key(word) {
            if self.cache.len() >= MAX_CACHED_WORDS {
                self.cache.clear();
            }
            let entry = make(self);
            self.cache.insert(word.into(), entry);
        }
        &self.cache[word]
    }

    /// Whether some reading of a Han or Hangul word walks the name automaton
    /// to the end of a listed name; that reading, if so. The romanisations
    /// come as whole systems (the North's `pak jin hyok`, the South's `park
    /// jin hyeok`), and lists mix them (PARK, Jin Hyok): each variant's
    /// first word is also tried before the others' rest.
    fn name_reading(&self, word: &str) -> Option<Vec<String>> {
        let variants: Vec<Vec<String>> =
            translit::latin_variants(word).iter().take(8).map(|v| tokenize(&fold(v))).collect();
        let is_name = |tokens: &[String]| {
            let mut state = 0;
            for t in tokens {
                state = self.tables.step(state, self.tables.vocab.get(t));
                if state == NONE {
                    return false;
                }
            }
            !tokens.is_empty() && !self.tables.ends_at(state).is_empty()
        };
        if let Some(found) = variants.iter().find(|v| is_name(v)) {
            return Some(found.clone());
        }
        for first in variants.iter().filter_map(|v| v.first()) {
            for rest in variants.iter().filter(|v| v.len() > 1) {
                let mixed: Vec<String> =
                    std::iter::once(first.clone()).chain(rest[1..].iter().cloned()).collect();
                if is_name(&mixed) {
                    return Some(mixed);
                }
            }
        }
        None
    }

    /// Whether a Han word reads as a whole listed name; its reading is kept
    /// for `read` either way.
    fn reads_as_name(&mut self, word: &str) -> bool {
        let entry = self.cached(word, |reader| match reader.name_reading(word) {
            Some(tokens) => {
                let vocab = &reader.tables.vocab;
                let ids = tokens.iter().map(|t| (vocab.get(t), NONE)).collect();
                Entry { ids, keep: word.len(), caseless: true, name: true }
            }
            None => Entry { name: false, ..reader.compute(word) },
        });
        entry.name
    }
}

impl NativeReader for Reader<'_> {
    fn han_name_len(&mut self, run: &str) -> usize {
        let ends: Vec<usize> = run
            .char_indices()
            .skip(1)
            .map(|(i, _)| i)
            .chain(std::iter::once(run.len()))
            .take(4)
            .collect();
        // The longest first: 金正恩 before 金正.
        for &end in ends.iter().rev() {
            let word = &run[..end];
            let chars = word.chars().count();
            // Two characters are a common word as often as a name (成立,
            // "established", reads as a Korean surname and given name).
            if !(3..=4).contains(&chars) || !word.chars().all(crate::tokens::is_han) {
                continue;
            }
            if self.reads_as_name(word) {
                return end;
            }
        }
        0
    }

    fn han_listed_len(&mut self, run: &str) -> usize {
        let first = run.chars().next().and_then(crate::build::han_key);
        let Some(names) = first.and_then(|key| self.tables.han_names.get(key)) else {
            return 0;
        };
        for name in names {
            let Some(len) = han_prefix_len(run, name) else {
                continue;
            };
            let word = &run[..len];
            if self.reads_as_name(word) {
                return len;
            }
        }
        0
    }

    fn read(&mut self, word: &str) -> (&[(u32, u32)], usize, bool) {
        let entry = self.cached(word, |reader| reader.compute(word));
        (&entry.ids, entry.keep, entry.caseless)
    }
}

/// The word without the longest listed suffix, if at least `min_chars`
/// characters remain.
pub(crate) fn strip_suffix<'w>(
    word: &'w str,
    suffixes: &[&str],
    min_chars: usize,
) -> Option<&'w str> {
    suffixes
        .iter()
        .filter_map(|s| word.strip_suffix(s))
        .filter(|stem| stem.chars().count() >= min_chars)
        .min_by_key(|stem| stem.len())
}

/// A word cut where ASCII digits start or end: 유정2호 → 유정, 2, 호.
fn digit_runs(word: &str) -> impl Iterator<Item = &str> {
    let mut rest = word;
    std::iter::from_fn(move || {
        let first = rest.chars().next()?;
        let digits = first.is_ascii_digit();
        let end = rest.find(|c: char| c.is_ascii_digit() != digits).unwrap_or(rest.len());
        let (part, tail) = rest.split_at(end);
        rest = tail;
        Some(part)
    })
}

/// The English lexicon word a native word stands for (longest stem first).
pub(crate) fn native_term(folded: &str) -> Option<&'static str> {
    lexicon::NATIVE_TERMS
        .iter()
        .filter(|(stem, _)| folded.starts_with(stem))
        .max_by_key(|(stem, _)| stem.len())
        .map(|(_, english)| *english)
}

/// The length in bytes of `name` at the start of `run`: its brackets in
/// either width (華信船務（香港）有限公司 for 華信船務(香港)有限公司), its
/// characters simplified or traditional (长安 for 長安, by their reading).
fn han_prefix_len(run: &str, name: &str) -> Option<usize> {
    let narrow = crate::tokens::narrow_bracket;
    let same = |a: char, b: char| {
        narrow(a) == narrow(b)
            || (crate::tokens::is_han(a)
                && crate::tokens::is_han(b)
                && translit::han_syllable(a).is_some_and(|r| translit::han_syllable(b) == Some(r)))
    };
    let mut text = run.char_indices();
    for wanted in name.chars() {
        let (_, c) = text.next()?;
        if !same(c, wanted) {
            return None;
        }
    }
    Some(text.next().map_or(run.len(), |(i, _)| i))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suffixes_and_terms() {
        assert_eq!(strip_suffix("김정은은", lexicon::KOREAN_PARTICLES, 2), Some("김정은"));
        assert_eq!(strip_suffix("푸틴은", lexicon::KOREAN_PARTICLES, 2), Some("푸틴"));
        assert_eq!(strip_suffix("путина", lexicon::RUSSIAN_ENDINGS, 3), Some("путин"));
        assert_eq!(native_term("석탄을"), Some("coal"));
        assert_eq!(native_term("북한은"), Some("dprk"));
        assert_eq!(digit_runs("유정2호가").collect::<Vec<_>>(), ["유정", "2", "호가"]);
        assert_eq!(digit_runs("12호").collect::<Vec<_>>(), ["12", "호"]);
        assert_eq!(digit_runs("").count(), 0);
    }
}
