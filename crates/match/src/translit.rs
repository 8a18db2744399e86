//! Transliteration to Latin. CONTRACT: `latin_variants(text)` returns one or more
//! lower-case ASCII renderings of `text` (Hangul yields Revised Romanization and
//! McCune–Reischauer forms, Cyrillic yields the common systems' forms); Latin
//! input comes back folded (accents removed) as its only variant.

/// Lower-case ASCII renderings of `text`, most common first, without duplicates.
pub fn latin_variants(text: &str) -> Vec<String> {
    let _ = text;
    unimplemented!("filled in by the transliteration implementation")
}
