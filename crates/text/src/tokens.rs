//! The one pass over an article's bytes: words with their byte spans, folded,
//! hashed and looked up in the scanner's vocabulary, so that every later stage
//! compares integers instead of strings.
//!
//! # Why a hand-written tokenizer
//! The speed target (100 MB/s of text per core with every list loaded) leaves
//! about 60 ns per word. ASCII words are therefore hashed in place, eight
//! bytes at a time with case folded by one OR (no copy), and looked up once
//! in a table keyed by that hash whose slots hold the words' first bytes;
//! only words with non-ASCII letters take the slow path through
//! [`vigil_match::normalize::fold`] and transliteration, and their readings
//! are cached per session.
//!
//! Token rules agree with [`vigil_match::normalize::tokenize`] where names are
//! concerned: hyphens and other punctuation separate words, apostrophes inside
//! a word join (`Qa'ida` → `qaida`), and a trailing `'s` is a possessive that
//! marks the word instead of becoming a word of its own.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// No vocabulary entry.
pub(crate) const NONE: u32 = u32::MAX;

/// Token flags.
pub(crate) mod flag {
    /// First letter upper case (`Kim`, `KIM`).
    pub const CAP: u8 = 1;
    /// Every letter upper case, at least two letters (`KOMID`).
    pub const ALL_CAPS: u8 = 2;
    /// Hard punctuation (`.,;:!?()"` and the like) between this word and the previous one.
    pub const BREAK: u8 = 4;
    /// From a script without case (Hangul, Han, Arabic ...): capitalisation says nothing.
    pub const CASELESS: u8 = 8;
    /// Followed by a possessive `'s`.
    pub const POSSESSIVE: u8 = 16;
    /// Only digits.
    pub const DIGITS: u8 = 32;
    /// One of several tokens read from one native word (e.g. 김정은 → kim jong un),
    /// other than the first.
    pub const SAME_WORD: u8 = 64;
    /// Joined to the previous word by a hyphen (Jong-un): its case follows that word's.
    pub const HYPHENATED: u8 = 128;
}

/// One word of the text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Token {
    /// Byte offset of the word in the text passed to [`Tokenizer::tokenize`].
    pub start: u32,
    /// Byte offset just past the word.
    pub end: u32,
    /// Vocabulary id of the folded word, or [`NONE`].
    pub id: u32,
    /// Vocabulary id of another reading (a stem, a lexicon equivalent), or [`NONE`].
    pub alt: u32,
    /// See [`flag`].
    pub flags: u8,
    /// The scanner's hot bits of `id` and `alt` (`crate::build::hot`, as
    /// [`Vocab::hot`] has them), set by the tokenizer.
    pub hot: u8,
}

impl Token {
    pub fn has(&self, f: u8) -> bool {
        self.flags & f != 0
    }

    /// The word's readings: its own, and another when the tokenizer gave
    /// one that differs ([`NONE`] where there is none).
    pub fn readings(&self) -> [u32; 2] {
        if self.alt == self.id {
            [self.id, NONE]
        } else {
            [self.id, self.alt]
        }
    }
}

/// FxHash's multiplier (rustc-hash); good enough for short words and fast.
const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

/// Hash of a word with ASCII case folded: every byte is OR-ed with 0x20,
/// which lower-cases `A`-`Z` and leaves `a`-`z` and `0`-`9` as they are, so
/// a word of the text hashes like its stored lower-case form without being
/// copied. Eight bytes per multiply: a multiply per byte was a chain of
/// dependent multiplies as long as the text.
///
/// Hashes `text[start..end]`; the last partial eight bytes are read with one
/// load from `text` when it goes on that far (masked to the word), rather
/// than copied.
#[inline(always)]
pub(crate) fn hash_in(text: &[u8], start: usize, end: usize) -> u64 {
    let mut h = (end - start) as u64;
    let mut at = start;
    while at < end {
        h = mix_chunk(h, chunk_at(text, at, end));
        at += 8;
    }
    finish_hash(h)
}

/// Case folding of eight bytes at once (see [`hash_in`]).
const FOLD: u64 = 0x2020_2020_2020_2020;

/// The bytes `text[at..end.min(at + 8)]` as a little-endian word, zero
/// above the end: one load when `text` goes on eight bytes from `at`.
#[inline(always)]
fn chunk_at(text: &[u8], at: usize, end: usize) -> u64 {
    let rest = (end - at).min(8);
    if at + 8 <= text.len() {
        let mut word = [0u8; 8];
        word.copy_from_slice(&text[at..at + 8]);
        u64::from_le_bytes(word) & (u64::MAX >> (8 * (8 - rest)))
    } else {
        text[at..at + rest].iter().rev().fold(0u64, |x, &b| (x << 8) | b as u64)
    }
}

/// One chunk into the hash.
#[inline(always)]
fn mix_chunk(h: u64, chunk: u64) -> u64 {
    (h.rotate_left(5) ^ (chunk | FOLD)).wrapping_mul(SEED)
}

/// One more mix so that the low bits the table uses depend on all bytes.
#[inline(always)]
fn finish_hash(h: u64) -> u64 {
    let h = h ^ (h >> 29);
    h.wrapping_mul(0xbf58_476d_1ce4_e5b9) ^ (h >> 32)
}

/// [`hash_in`] of a word of `len` ≤ [`HEAD`] bytes loaded as two words
/// (`low`, `high`, zero above its end; `high` unused up to eight bytes).
#[inline(always)]
fn chunks_hash(len: usize, low: u64, high: u64) -> u64 {
    let mut h = mix_chunk(len as u64, low);
    if len > 8 {
        h = mix_chunk(h, high);
    }
    finish_hash(h)
}

/// The hash of a stored (folded) word.
pub(crate) fn hash_word(word: &str) -> u64 {
    hash_in(word.as_bytes(), 0, word.len())
}

/// A hasher for keys that are already hashes.
#[derive(Default, Clone, Copy)]
pub(crate) struct PassHasher(u64);

impl Hasher for PassHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ b as u64).wrapping_mul(SEED);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
    fn write_u32(&mut self, n: u32) {
        self.0 = (n as u64).wrapping_mul(SEED);
    }
}

/// A map keyed by precomputed hashes.
pub(crate) type HashKeyed<V> = HashMap<u64, V, BuildHasherDefault<PassHasher>>;

/// Every word the scanner cares about: the tokens of listed names and the
/// words of the lexicons, each with an id.
///
/// An open-addressing table of 32-byte slots, each holding the word's hash,
/// id, length and first [`HEAD`] bytes, so that looking a text word up costs
/// one memory access in the common case (a general hash map costs four
/// dependent ones: control bytes, bucket, string pointer, string bytes).
/// Longer words keep their tail in one arena.
pub(crate) struct Vocab {
    slots: Vec<Slot>,
    /// All words, one after the other; `starts[id]..starts[id + 1]` is word `id`.
    arena: String,
    starts: Vec<u32>,
    /// The scanner's hot bits per id (see [`Vocab::set_hot`]).
    hot: Vec<u8>,
}

/// Bytes of a word kept in its slot.
const HEAD: usize = 16;

/// 32 bytes, so that two fit in a cache line (the table of every name
/// token of every list is larger than the caches).
#[derive(Clone, Copy)]
#[repr(C, align(32))]
struct Slot {
    hash: u64,
    /// [`NONE`] for an empty slot.
    id: u32,
    /// The word's length, at most `u16::MAX` (see [`stored_len`]).
    len: u16,
    /// The word is only `a`-`z` and `0`-`9`, and fits in `head`: a text
    /// word of ASCII letters and digits is then compared with it eight
    /// bytes at a time (see [`same_folded`]).
    plain: bool,
    /// The word's hot bits, read with its id (see [`Vocab::set_hot`]).
    hot: u8,
    head: [u8; HEAD],
}

const EMPTY: Slot = Slot { hash: 0, id: NONE, len: 0, plain: false, hot: 0, head: [0; HEAD] };

/// A word length as a slot keeps it: longer words than `u16::MAX` bytes all
/// keep `u16::MAX`, and are then told apart by their bytes.
fn stored_len(len: usize) -> u16 {
    len.min(u16::MAX as usize) as u16
}

impl Default for Vocab {
    fn default() -> Self {
        Vocab { slots: vec![EMPTY; 1024], arena: String::new(), starts: vec![0], hot: Vec::new() }
    }
}

impl Vocab {
    /// The id of a folded word, adding it when new.
    pub fn intern(&mut self, word: &str) -> u32 {
        let h = hash_word(word);
        let i = self.probe(h);
        let slot = self.slots[i];
        if slot.id != NONE {
            if self.word(slot.id) == word {
                return slot.id;
            }
            // A 64-bit collision between two vocabulary words: the second
            // word is left out rather than confused with the first.
            return NONE;
        }
        let id = self.len() as u32;
        self.arena.push_str(word);
        self.starts.push(self.arena.len() as u32);
        let mut head = [0u8; HEAD];
        let n = word.len().min(HEAD);
        head[..n].copy_from_slice(&word.as_bytes()[..n]);
        let plain = word.len() <= HEAD
            && word.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
        self.slots[i] = Slot { hash: h, id, len: stored_len(word.len()), plain, hot: 0, head };
        self.hot.push(0);
        if self.len() * 2 > self.slots.len() {
            self.grow();
        }
        id
    }

    /// The slot holding `hash`, or the empty slot where it would go.
    #[inline]
    fn probe(&self, hash: u64) -> usize {
        let mask = self.slots.len() - 1;
        let mut i = hash as usize & mask;
        loop {
            let slot = &self.slots[i];
            if slot.id == NONE || slot.hash == hash {
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    /// Doubles the table (kept at most half full, so probes stay short).
    fn grow(&mut self) {
        let doubled = vec![EMPTY; self.slots.len() * 2];
        let old = std::mem::replace(&mut self.slots, doubled);
        for slot in old.into_iter().filter(|s| s.id != NONE) {
            let i = self.probe(slot.hash);
            self.slots[i] = slot;
        }
    }

    /// Sets the hot bits of word `id` (`crate::build::hot`), which the
    /// tokenizer gives every token: the scanner decides from them which
    /// tokens its passes start from.
    pub fn set_hot(&mut self, id: u32, bits: u8) {
        let Some(hot) = self.hot.get_mut(id as usize) else {
            return;
        };
        *hot = bits;
        let i = self.probe(hash_word(self.word(id)));
        if self.slots[i].id == id {
            self.slots[i].hot = bits;
        }
    }

    /// The hot bits of a word (none for [`NONE`]).
    #[inline]
    pub fn hot(&self, id: u32) -> u8 {
        self.hot.get(id as usize).copied().unwrap_or(0)
    }

    /// The id of a folded word, if known.
    pub fn get(&self, word: &str) -> u32 {
        self.lookup(hash_word(word), word.as_bytes(), false)
    }

    /// Looks a word up by its hash and checks its bytes (compared with the
    /// stored word after ASCII lower-casing when `fold_case`, which needs
    /// `bytes` to be ASCII letters and digits, as the tokenizer's words are).
    #[inline(always)]
    pub fn lookup(&self, hash: u64, bytes: &[u8], fold_case: bool) -> u32 {
        let slot = &self.slots[self.probe(hash)];
        if slot.id == NONE || slot.len != stored_len(bytes.len()) {
            return NONE;
        }
        if fold_case && slot.plain {
            debug_assert!(bytes.iter().all(u8::is_ascii_alphanumeric));
            return if same_folded(&slot.head, bytes) { slot.id } else { NONE };
        }
        let n = bytes.len().min(HEAD);
        let same = |stored: &[u8], text: &[u8]| {
            if fold_case {
                stored.eq_ignore_ascii_case(text)
            } else {
                stored == text
            }
        };
        if !same(&slot.head[..n], &bytes[..n]) {
            return NONE;
        }
        if bytes.len() > HEAD && !same(&self.word(slot.id).as_bytes()[HEAD..], &bytes[HEAD..]) {
            return NONE;
        }
        slot.id
    }

    /// Looks up the word `text[start..end]`, ASCII letters and digits,
    /// after ASCII lower-casing: [`Vocab::lookup`] of [`hash_in`], except
    /// that a word of up to [`HEAD`] bytes is loaded once, as two words,
    /// for both the hash and the comparison with a plain slot.
    #[inline(always)]
    pub fn lookup_in(&self, text: &[u8], start: usize, end: usize) -> u32 {
        let len = end - start;
        if len > HEAD {
            return self.lookup(hash_in(text, start, end), &text[start..end], true);
        }
        let low = chunk_at(text, start, end);
        let high = if len > 8 { chunk_at(text, start + 8, end) } else { 0 };
        self.lookup_hashed(text, start, end, low, high, chunks_hash(len, low, high)).0
    }

    /// [`Vocab::lookup_in`] of a word of at most [`HEAD`] bytes whose bytes
    /// the caller has loaded already and hashed: `low` and `high` are its
    /// first eight and next eight bytes, zero above its end, as [`chunk_at`]
    /// reads them, `hash` is their [`chunks_hash`]. Gives the word's hot bits
    /// with its id (0 when unknown).
    #[inline(always)]
    fn lookup_hashed(
        &self,
        text: &[u8],
        start: usize,
        end: usize,
        low: u64,
        high: u64,
        hash: u64,
    ) -> (u32, u8) {
        let len = end - start;
        debug_assert!(len <= HEAD);
        let slot = &self.slots[self.probe(hash)];
        if slot.id == NONE || slot.len as usize != len {
            return (NONE, 0);
        }
        if !slot.plain {
            // The same probe: the word is this slot's or unknown.
            let id = self.lookup(hash, &text[start..end], true);
            return if id == NONE { (NONE, 0) } else { (id, slot.hot) };
        }
        let half = |k: usize| {
            let mut w = [0u8; 8];
            w.copy_from_slice(&slot.head[8 * k..8 * k + 8]);
            u64::from_le_bytes(w) | FOLD
        };
        if half(0) == low | FOLD && half(1) == high | FOLD {
            (slot.id, slot.hot)
        } else {
            (NONE, 0)
        }
    }

    /// Asks the memory for the slot a word of this hash probes first, so
    /// that the lookup a few words later finds it in cache. The table of
    /// every listed name's words is larger than the caches, and waiting on
    /// one slot after another was a third of the tokenizer's time.
    #[inline(always)]
    fn prefetch(&self, hash: u64) {
        let slot = &self.slots[hash as usize & (self.slots.len() - 1)];
        #[cfg(target_arch = "x86_64")]
        {
            use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
            // SAFETY: SSE is in every x86-64 CPU (the baseline target), and
            // a prefetch is a hint: it reads nothing and cannot fault.
            unsafe { _mm_prefetch::<_MM_HINT_T0>((slot as *const Slot).cast::<i8>()) };
        }
        #[cfg(not(target_arch = "x86_64"))]
        let _ = slot;
    }

    /// The word of an id.
    pub fn word(&self, id: u32) -> &str {
        let k = id as usize;
        match (self.starts.get(k), self.starts.get(k + 1)) {
            (Some(&a), Some(&b)) => &self.arena[a as usize..b as usize],
            _ => "",
        }
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        self.starts.len() - 1
    }
}

/// Whether ASCII letters and digits `text` (at most [`HEAD`] bytes) are,
/// lower-cased, the plain word whose bytes are `head` (zero-padded). OR-ing
/// 0x20 lower-cases `A`-`Z` and leaves `a`-`z`, `0`-`9` and the padding's
/// two sides alike, so two loads and compares replace a byte loop.
#[inline]
fn same_folded(head: &[u8; HEAD], text: &[u8]) -> bool {
    let mut padded = [0u8; HEAD];
    padded[..text.len()].copy_from_slice(text);
    let half = |b: &[u8; HEAD], k: usize| {
        let mut w = [0u8; 8];
        w.copy_from_slice(&b[8 * k..8 * k + 8]);
        u64::from_le_bytes(w) | FOLD
    };
    half(head, 0) == half(&padded, 0) && half(head, 1) == half(&padded, 1)
}

/// Byte classes for the fast path.
const OTHER: u8 = 0;
const LOWER: u8 = 1;
const UPPER: u8 = 2;
const DIGIT: u8 = 3;
const HIGH: u8 = 4;
const HARD: u8 = 5;
const APOS: u8 = 6;
const AMP: u8 = 7;

static CLASS: [u8; 256] = {
    let mut t = [OTHER; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        t[i] = if b.is_ascii_lowercase() {
            LOWER
        } else if b.is_ascii_uppercase() {
            UPPER
        } else if b.is_ascii_digit() {
            DIGIT
        } else if b >= 0x80 {
            HIGH
        } else if matches!(b, b'.' | b',' | b';' | b':' | b'!' | b'?' | b'(' | b')' | b'[' | b']')
            || matches!(b, b'"' | b'{' | b'}' | b'|' | b'<' | b'>' | b'/' | b'\n')
        {
            HARD
        } else if b == b'\'' || b == b'`' {
            APOS
        } else if b == b'&' {
            AMP
        } else {
            OTHER
        };
        i += 1;
    }
    t
};

/// ASCII letters and digits.
static ALNUM: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = (i as u8).is_ascii_alphanumeric();
        i += 1;
    }
    t
};

/// [`flag::CAP`], [`flag::ALL_CAPS`] and [`flag::DIGITS`] of an ASCII word
/// (letters and digits, and the apostrophes that joined it). Most words of
/// running text start lower case and have none, which the first byte tells.
#[inline]
fn case_flags(word: &[u8]) -> u8 {
    let first = CLASS[word[0] as usize];
    if first == LOWER {
        return 0;
    }
    let (mut upper, mut lower) = (0u32, 0u32);
    for &c in word {
        upper += c.is_ascii_uppercase() as u32;
        lower += c.is_ascii_lowercase() as u32;
    }
    let mut flags = 0;
    if first == UPPER {
        flags |= flag::CAP;
    }
    if upper >= 2 && lower == 0 {
        flags |= flag::ALL_CAPS;
    }
    if upper + lower == 0 && first == DIGIT {
        flags |= flag::DIGITS;
    }
    // An ordinal starts a name as a capital does: the 110th Research Center.
    if upper + lower > 0 && first == DIGIT {
        flags |= flag::CAP;
    }
    flags
}

/// Reads words that are not plain ASCII (see [`crate::native`]): the
/// (id, alternative id) of each token the word reads as, how many bytes of
/// the word the reading covers (a Korean particle is left out) and whether
/// its script has no case.
pub(crate) trait NativeReader {
    fn read(&mut self, word: &str) -> (&[(u32, u32)], usize, bool);

    /// The length in bytes of the three or four Han characters at the start of
    /// `run` that read as a whole listed name (金正恩 → kim jong un), or 0.
    fn han_name_len(&mut self, run: &str) -> usize;

    /// The length in bytes of a listed organisation's or vessel's name in
    /// Han characters at the start of `run` (長安海連技術有限公司), or 0.
    fn han_listed_len(&mut self, run: &str) -> usize;
}

/// Splits `text` into tokens, appending to `out`; offsets are relative to
/// `text`. The positions of the characters a sentence split looks at
/// ([`crate::sentence::is_mark`]: stops, line breaks, quotes) are appended
/// to `marks` on the way, so that the sentences need not read the text again.
pub(crate) fn tokenize(
    text: &str,
    vocab: &Vocab,
    native: &mut dyn NativeReader,
    out: &mut Vec<Token>,
    marks: &mut Vec<u32>,
) {
    tokenize_with::<true>(text, vocab, native, out, marks);
}

/// [`tokenize`], with or without the fast path for plain words
/// ([`plain_word`]); the tests check that both give the same tokens.
fn tokenize_with<const PLAIN_WORDS: bool>(
    text: &str,
    vocab: &Vocab,
    native: &mut dyn NativeReader,
    out: &mut Vec<Token>,
    marks: &mut Vec<u32>,
) {
    let bytes = text.as_bytes();
    let n = bytes.len();
    let mut i = 0usize;
    let mut pending_break = true;
    let mut deferred = Deferred::default();
    // `&` is the word `and`, as names are tokenized (CHANG AN SHIPPING &
    // TECHNOLOGY is listed as "chang an shipping and technology").
    let and = vocab.get("and");
    while i < n {
        let b = bytes[i];
        match CLASS[b as usize] {
            LOWER | UPPER | DIGIT => {
                let plain = if PLAIN_WORDS {
                    plain_word(bytes, i, vocab, pending_break, out, &mut deferred)
                } else {
                    None
                };
                if let Some(next) = plain {
                    i = next;
                    pending_break = false;
                    // Word, space, word: read on while the words are plain,
                    // without going round the byte dispatch for each.
                    while i < n && ALNUM[bytes[i] as usize] {
                        match plain_word(bytes, i, vocab, false, out, &mut deferred) {
                            Some(next) => i = next,
                            None => break,
                        }
                    }
                    continue;
                }
                let start = i;
                let mut joined = false;
                let apos_len = loop {
                    // Letters and digits; their case is counted below, only
                    // for the words that need it.
                    i = alnum_end(bytes, i);
                    // Most words end at a space: no apostrophe, no letter
                    // beyond ASCII.
                    if bytes.get(i) == Some(&b' ') {
                        break 0;
                    }
                    // An apostrophe between letters joins (qa'ida), unless it
                    // is a possessive 's.
                    let apos_len = apostrophe_len(bytes, i);
                    if apos_len > 0 && i + apos_len < n && bytes[i + apos_len].is_ascii_alphabetic()
                    {
                        let after = i + apos_len;
                        let possessive = (bytes[after] | 0x20) == b's'
                            && bytes.get(after + 1).is_none_or(|c| !c.is_ascii_alphanumeric());
                        if !possessive {
                            i = after;
                            joined = true;
                            continue;
                        }
                    }
                    break apos_len;
                };
                if i < n && bytes[i] >= 0x80 && starts_word_char(text, i) {
                    // A word with non-ASCII letters (Sérgio): slow path for all of it.
                    i = word_end(text, start, native);
                    push_native(text, start, i, pending_break, vocab, native, out);
                    pending_break = false;
                    continue;
                }
                let word = &bytes[start..i];
                let id = if joined {
                    let folded: String = word
                        .iter()
                        .filter(|c| c.is_ascii_alphanumeric())
                        .map(|c| c.to_ascii_lowercase() as char)
                        .collect();
                    vocab.get(&folded)
                } else {
                    vocab.lookup_in(bytes, start, i)
                };
                let mut flags = 0u8;
                if pending_break {
                    flags |= flag::BREAK;
                }
                if start > 0
                    && bytes[start - 1] == b'-'
                    && out.last().is_some_and(|t| t.end as usize + 1 == start)
                {
                    flags |= flag::HYPHENATED;
                }
                flags |= case_flags(word);
                if apos_len > 0 && bytes.get(i + apos_len).is_some_and(|c| (c | 0x20) == b's') {
                    flags |= flag::POSSESSIVE;
                    i += apos_len + 1;
                }
                out.push(Token {
                    start: start as u32,
                    end: (start + word.len()) as u32,
                    id,
                    alt: NONE,
                    flags,
                    hot: vocab.hot(id),
                });
                pending_break = false;
                // The space after a word, without another turn of the loop.
                if bytes.get(i) == Some(&b' ') {
                    i += 1;
                }
            }
            HARD => {
                // HARD bytes are ASCII, so the byte is the character.
                if crate::sentence::is_mark(b as char) {
                    marks.push(i as u32);
                }
                // The dots of an initialism (U.S., V. Putin) end no phrase.
                let initialism = b == b'.'
                    && i >= 1
                    && bytes[i - 1].is_ascii_alphabetic()
                    && (i < 2 || !bytes[i - 2].is_ascii_alphanumeric());
                if !initialism {
                    pending_break = true;
                }
                i += 1;
                // The space after a comma or stop, without another turn of
                // the loop (a space is an `OTHER` byte, which only moves on).
                if bytes.get(i) == Some(&b' ') {
                    i += 1;
                }
            }
            HIGH => {
                if starts_word_char(text, i) {
                    let start = i;
                    i = word_end(text, start, native);
                    push_native(text, start, i, pending_break, vocab, native, out);
                    pending_break = false;
                } else {
                    let c = text[i..].chars().next().unwrap_or(' ');
                    if is_hard_punct(c) {
                        pending_break = true;
                    }
                    if crate::sentence::is_mark(c) {
                        marks.push(i as u32);
                    }
                    i += c.len_utf8().max(1);
                }
            }
            AMP => {
                let flags = if pending_break { flag::BREAK } else { 0 };
                let (start, end) = (i as u32, i as u32 + 1);
                out.push(Token { start, end, id: and, alt: NONE, flags, hot: vocab.hot(and) });
                pending_break = false;
                i += 1;
            }
            _ => i += 1,
        }
    }
    deferred.finish(vocab, bytes, out);
}

/// How many plain words ahead of its lookup a word's slot is asked for
/// ([`Vocab::prefetch`]): enough words to cover a trip to memory.
const LOOKAHEAD: usize = 8;

/// A plain word whose id waits for its vocabulary slot.
#[derive(Clone, Copy, Default)]
struct Waiting {
    /// Index of its token in the output.
    token: u32,
    low: u64,
    high: u64,
    hash: u64,
}

/// The last [`LOOKAHEAD`] plain words, looked up in the order they came,
/// each once [`LOOKAHEAD`] more have been read (their slots have had time
/// to arrive); the rest at the end of the text. Nothing in the tokenizer
/// reads a token's id before then.
#[derive(Default)]
struct Deferred {
    ring: [Waiting; LOOKAHEAD],
    /// Words queued so far.
    queued: usize,
}

impl Deferred {
    #[inline(always)]
    fn push(&mut self, word: Waiting, vocab: &Vocab, text: &[u8], out: &mut [Token]) {
        let at = self.queued % LOOKAHEAD;
        if self.queued >= LOOKAHEAD {
            resolve(self.ring[at], vocab, text, out);
        }
        self.ring[at] = word;
        self.queued += 1;
    }

    fn finish(&mut self, vocab: &Vocab, text: &[u8], out: &mut [Token]) {
        for q in self.queued.saturating_sub(LOOKAHEAD)..self.queued {
            resolve(self.ring[q % LOOKAHEAD], vocab, text, out);
        }
        self.queued = 0;
    }
}

#[inline(always)]
fn resolve(word: Waiting, vocab: &Vocab, text: &[u8], out: &mut [Token]) {
    let t = &mut out[word.token as usize];
    let (start, end) = (t.start as usize, t.end as usize);
    (t.id, t.hot) = vocab.lookup_hashed(text, start, end, word.low, word.high, word.hash);
}

/// The common word, read whole from one or two eight-byte loads: ASCII
/// letters and digits, at most [`HEAD`] bytes, ended by an ASCII byte other
/// than an apostrophe. The loads that find its end are its hash input,
/// its comparison with the vocabulary slot and its case flags, where the
/// general path of [`tokenize`] reads the word three more times. Pushes the
/// token [`tokenize`] would push and returns where to go on (past one
/// space), or `None` for any other word, which the general path then reads.
#[inline(always)]
fn plain_word(
    bytes: &[u8],
    start: usize,
    vocab: &Vocab,
    pending_break: bool,
    out: &mut Vec<Token>,
    deferred: &mut Deferred,
) -> Option<usize> {
    if start + 2 * 8 > bytes.len() {
        return None;
    }
    let first = load8(bytes, start);
    let stops = not_alnum(first);
    let (len, low, high) = if stops != 0 {
        let len = (stops.trailing_zeros() / 8) as usize;
        (len, first & low_bytes(len), 0)
    } else {
        let second = load8(bytes, start + 8);
        let stops = not_alnum(second);
        if stops == 0 {
            return None;
        }
        let len = (stops.trailing_zeros() / 8) as usize;
        (8 + len, first, second & low_bytes(len))
    };
    let end = start + len;
    // An apostrophe may join or make a possessive; a byte beyond ASCII may
    // be a letter: the general path decides.
    let stop = bytes[end];
    if stop >= 0x80 || CLASS[stop as usize] == APOS {
        return None;
    }
    let hash = chunks_hash(len, low, high);
    vocab.prefetch(hash);
    let mut flags = if pending_break { flag::BREAK } else { 0 };
    if start > 0
        && bytes[start - 1] == b'-'
        && out.last().is_some_and(|t| t.end as usize + 1 == start)
    {
        flags |= flag::HYPHENATED;
    }
    if CLASS[bytes[start] as usize] != LOWER {
        flags |= chunk_case_flags(low, high);
    }
    // The id and hot bits come when the slot is in cache (`Deferred`).
    let token = out.len() as u32;
    out.push(Token { start: start as u32, end: end as u32, id: NONE, alt: NONE, flags, hot: 0 });
    deferred.push(Waiting { token, low, high, hash }, vocab, bytes, out);
    Some(end + usize::from(stop == b' '))
}

/// Eight bytes of `bytes` from `at` as a little-endian word (`at + 8` must
/// be within `bytes`).
#[inline(always)]
fn load8(bytes: &[u8], at: usize) -> u64 {
    let mut word = [0u8; 8];
    word.copy_from_slice(&bytes[at..at + 8]);
    u64::from_le_bytes(word)
}

/// A mask of the low `n` bytes of a word (`n` < 8).
#[inline(always)]
fn low_bytes(n: usize) -> u64 {
    (1u64 << (8 * n)) - 1
}

/// [`case_flags`] of a word of ASCII letters and digits that does not start
/// lower case, given as [`plain_word`] loads it (zero above its end).
#[inline(always)]
fn chunk_case_flags(low: u64, high: u64) -> u8 {
    const fn splat(b: u8) -> u64 {
        0x0101_0101_0101_0101 * b as u64
    }
    // As in `not_alnum`: bytes below 0x80, so no carry crosses a byte.
    let in_range = |v: u64, lo: u8, hi: u8| {
        v.wrapping_add(splat(0x80 - lo)) & !v.wrapping_add(splat(0x7f - hi)) & splat(0x80)
    };
    let (upper_low, upper_high) = (in_range(low, b'A', b'Z'), in_range(high, b'A', b'Z'));
    let lower = (in_range(low, b'a', b'z') | in_range(high, b'a', b'z')) != 0;
    // Two upper-case letters or more, without counting bits (the baseline
    // x86-64 target has no popcount instruction).
    let two_upper = (upper_low != 0 && upper_high != 0)
        || upper_low & upper_low.wrapping_sub(1) != 0
        || upper_high & upper_high.wrapping_sub(1) != 0;
    let mut flags = 0;
    if (low as u8).is_ascii_uppercase() {
        flags |= flag::CAP;
    }
    if two_upper && !lower {
        flags |= flag::ALL_CAPS;
    }
    if upper_low | upper_high == 0 && !lower {
        flags |= flag::DIGITS;
    } else if (low as u8).is_ascii_digit() {
        // As `case_flags`: an ordinal (110th) starts a name as a capital does.
        flags |= flag::CAP;
    }
    flags
}

/// The first position at or after `i` that is not an ASCII letter or digit
/// (or the end): eight bytes at a time, as most words are shorter than
/// that and a byte-at-a-time loop was a fifth of the tokenizer.
#[inline(always)]
fn alnum_end(bytes: &[u8], mut i: usize) -> usize {
    while i + 8 <= bytes.len() {
        let mut word = [0u8; 8];
        word.copy_from_slice(&bytes[i..i + 8]);
        let stops = not_alnum(u64::from_le_bytes(word));
        if stops != 0 {
            return i + (stops.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < bytes.len() && ALNUM[bytes[i] as usize] {
        i += 1;
    }
    i
}

/// The high bit of each byte of `x` that is not an ASCII letter or digit.
/// The range tests add to 7-bit bytes only, so no carry crosses a byte;
/// bytes from 0x80 up are stops by their own high bit.
#[inline(always)]
fn not_alnum(x: u64) -> u64 {
    const fn splat(b: u8) -> u64 {
        0x0101_0101_0101_0101 * b as u64
    }
    let high = x & splat(0x80);
    let low = x & splat(0x7f);
    // Bit 7 of `v + (0x80 - lo)` is set when v >= lo, of `v + (0x7f - hi)` when v > hi.
    let in_range = |v: u64, lo: u8, hi: u8| {
        v.wrapping_add(splat(0x80 - lo)) & !v.wrapping_add(splat(0x7f - hi))
    };
    let letter = in_range(low | splat(0x20), b'a', b'z');
    let digit = in_range(low, b'0', b'9');
    !((letter | digit) & !high) & splat(0x80)
}

/// Length of an apostrophe at `i` (ASCII `'`/`` ` `` or U+2019/U+2018), 0 if none.
#[inline]
fn apostrophe_len(bytes: &[u8], i: usize) -> usize {
    match bytes.get(i) {
        Some(b'\'') | Some(b'`') => 1,
        Some(0xE2)
            if bytes.get(i + 1) == Some(&0x80) && matches!(bytes.get(i + 2), Some(0x98 | 0x99)) =>
        {
            3
        }
        _ => 0,
    }
}

fn starts_word_char(text: &str, i: usize) -> bool {
    text[i..].chars().next().is_some_and(|c| c.is_alphanumeric())
}

/// End of a word starting at `start`: letters, digits, combining marks and
/// apostrophes between letters.
fn word_end(text: &str, start: usize, native: &mut dyn NativeReader) -> usize {
    if text[start..].chars().next().is_some_and(is_cjk) {
        return cjk_word_end(text, start, native);
    }
    let mut end = start;
    let mut chars = text[start..].char_indices().peekable();
    while let Some((off, c)) = chars.next() {
        let ok = !is_cjk(c) && c.is_alphanumeric()
            || is_mark(c)
            || (matches!(c, '\'' | '’')
                && chars.peek().is_some_and(|(_, n)| n.is_alphabetic())
                && !possessive_at(&text[start + off + c.len_utf8()..]));
        if !ok {
            break;
        }
        end = start + off + c.len_utf8();
    }
    end
}

/// Chinese and Japanese put no spaces between words, so a run of Han and
/// kana is cut here: after a listed Korean name written in Han (金正恩, read
/// as Korean syllables it meets the listed KIM Jong Un), else at a term of
/// the native lexicon where one starts (炮弹, 瀬取り), else after one Han
/// character, else after a run of one kana script (プーチン, particles).
fn cjk_word_end(text: &str, start: usize, native: &mut dyn NativeReader) -> usize {
    let rest = &text[start..];
    if rest.chars().next().is_some_and(crate::lexicon::is_korean_surname_han) {
        let len = native.han_name_len(rest);
        if len > 0 {
            return start + len;
        }
    }
    if rest.chars().next().is_some_and(is_han) {
        let len = native.han_listed_len(rest);
        if len > 0 {
            return start + len;
        }
    }
    if let Some(len) = crate::lexicon::cjk_term_at(rest) {
        return start + len;
    }
    let mut chars = rest.char_indices();
    let Some((_, first)) = chars.next() else {
        return start;
    };
    let script = kana_script(first);
    if script.is_none() {
        return start + first.len_utf8();
    }
    for (off, c) in chars {
        if kana_script(c) != script || crate::lexicon::cjk_term_at(&rest[off..]).is_some() {
            return start + off;
        }
    }
    text.len()
}

/// Han ideographs and Japanese kana.
pub(crate) fn is_cjk(c: char) -> bool {
    is_han(c) || kana_script(c).is_some()
}

/// Han ideographs (the common blocks).
pub(crate) fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF)
}

/// A full-width round bracket as its ASCII form (Chinese names write
/// 華信船務（香港） or 華信船務(香港)); any other character as itself.
pub(crate) fn narrow_bracket(c: char) -> char {
    match c {
        '\u{ff08}' => '(',
        '\u{ff09}' => ')',
        c => c,
    }
}

/// Whether `c` is Hangul (by `vigil_match`'s script table).
pub(crate) fn is_hangul(c: char) -> bool {
    vigil_match::translit::char_script(c) == vigil_match::translit::Script::Hangul
}

/// Whether `c` is a Cyrillic letter.
pub(crate) fn is_cyrillic(c: char) -> bool {
    vigil_match::translit::char_script(c) == vigil_match::translit::Script::Cyrillic
}

/// Whether `c` is hiragana.
pub(crate) fn is_hiragana(c: char) -> bool {
    kana_script(c) == Some(0)
}

/// Which kana a letter is (hiragana 0, katakana 1; the long-vowel mark ー
/// goes with katakana), or `None`.
fn kana_script(c: char) -> Option<u8> {
    match c as u32 {
        0x3041..=0x309F => Some(0),
        0x30A1..=0x30FA | 0x30FC..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F => Some(1),
        _ => None,
    }
}

fn possessive_at(rest: &str) -> bool {
    let mut it = rest.chars();
    matches!(it.next(), Some('s' | 'S')) && it.next().is_none_or(|c| !c.is_alphanumeric())
}

fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x300..=0x36F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// Punctuation outside ASCII that ends a phrase: quotes, dashes, CJK stops.
fn is_hard_punct(c: char) -> bool {
    matches!(
        c,
        '“' | '”'
            | '„'
            | '«'
            | '»'
            | '—'
            | '–'
            | '…'
            | '。'
            | '、'
            | '，'
            | '！'
            | '？'
            | '「'
            | '」'
            | '『'
            | '』'
            | '·'
            | '•'
            | '‹'
            | '›'
            | '（'
            | '）'
            | '：'
            | '；'
    )
}

fn push_native(
    text: &str,
    start: usize,
    end: usize,
    pending_break: bool,
    vocab: &Vocab,
    native: &mut dyn NativeReader,
    out: &mut Vec<Token>,
) {
    let word = &text[start..end];
    let first_cap = word.chars().next().is_some_and(char::is_uppercase);
    let all_caps = word.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && word.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase);
    let possessive = {
        let rest = &text[end..];
        let apos = rest.starts_with('\'') || rest.starts_with('’');
        apos && possessive_at(&rest[rest.chars().next().map_or(1, char::len_utf8)..])
    };
    let (readings, keep, caseless) = native.read(word);
    for (k, &(id, alt)) in readings.iter().enumerate() {
        let mut flags = 0u8;
        if k == 0 && pending_break {
            flags |= flag::BREAK;
        }
        if k > 0 {
            flags |= flag::SAME_WORD;
        }
        if caseless {
            flags |= flag::CASELESS | flag::CAP;
        } else {
            if first_cap {
                flags |= flag::CAP;
            }
            if all_caps {
                flags |= flag::ALL_CAPS;
            }
        }
        if possessive && k + 1 == readings.len() {
            flags |= flag::POSSESSIVE;
        }
        let hot = vocab.hot(id) | vocab.hot(alt);
        out.push(Token { start: start as u32, end: (start + keep) as u32, id, alt, flags, hot });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct NoNative;
    impl NativeReader for NoNative {
        fn read(&mut self, word: &str) -> (&[(u32, u32)], usize, bool) {
            (&[(NONE, NONE)], word.len(), false)
        }
        fn han_name_len(&mut self, _run: &str) -> usize {
            0
        }
        fn han_listed_len(&mut self, _run: &str) -> usize {
            0
        }
    }

    fn toks(text: &str, vocab: &Vocab) -> Vec<(String, u32, u8)> {
        let mut out = Vec::new();
        tokenize(text, vocab, &mut NoNative, &mut out, &mut Vec::new());
        out.iter()
            .map(|t| (text[t.start as usize..t.end as usize].to_string(), t.id, t.flags))
            .collect()
    }

    #[test]
    fn words_hash_like_stored_words() {
        let mut vocab = Vocab::default();
        let kim = vocab.intern("kim");
        let qaida = vocab.intern("qaida");
        let got = toks("KIM Jong-un's Qa'ida, Putin’s kim", &vocab);
        let words: Vec<&str> = got.iter().map(|(w, _, _)| w.as_str()).collect();
        assert_eq!(words, ["KIM", "Jong", "un", "Qa'ida", "Putin", "kim"]);
        assert_eq!(got[0].1, kim);
        assert!(got[0].2 & flag::ALL_CAPS != 0);
        assert!(got[2].2 & flag::POSSESSIVE != 0);
        assert_eq!(got[3].1, qaida);
        assert!(got[4].2 & flag::BREAK != 0, "the comma is a hard break");
        assert!(got[4].2 & flag::POSSESSIVE != 0, "curly apostrophe possessive");
        assert_eq!(got[5].1, kim);
        assert_eq!(got[5].2 & flag::CAP, 0);
    }

    #[test]
    fn an_ampersand_is_the_word_and() {
        let mut vocab = Vocab::default();
        let and = vocab.intern("and");
        let got = toks("Chang An Shipping & Technology, AT&T", &vocab);
        let words: Vec<&str> = got.iter().map(|(w, _, _)| w.as_str()).collect();
        assert_eq!(words, ["Chang", "An", "Shipping", "&", "Technology", "AT", "&", "T"]);
        assert_eq!(got[3].1, and);
        assert_eq!(got[3].2 & (flag::CAP | flag::BREAK), 0);
        assert_eq!(got[6].1, and);
        assert_eq!(vigil_match::normalize::tokenize("at&t"), ["at", "and", "t"]);
    }

    #[test]
    fn vocabulary_agrees_with_a_hash_map() {
        let mut vocab = Vocab::default();
        let mut oracle = std::collections::HashMap::new();
        let word = |k: usize| match k % 3 {
            0 => format!("w{k}"),
            1 => format!("internationalisation{k}"), // longer than a slot's head
            _ => format!("{k}x"),
        };
        for k in 0..5000 {
            let id = vocab.intern(&word(k));
            assert_ne!(id, NONE);
            assert_eq!(vocab.intern(&word(k)), id, "interning twice gives one id");
            oracle.insert(word(k), id);
        }
        assert_eq!(vocab.len(), 5000);
        for (w, &id) in &oracle {
            assert_eq!(vocab.get(w), id);
            assert_eq!(vocab.word(id), w);
            let upper = w.to_ascii_uppercase();
            assert_eq!(vocab.lookup(hash_word(w), upper.as_bytes(), true), id);
            assert_eq!(vocab.lookup(hash_word(w), upper.as_bytes(), false), NONE);
            // In place in a text, at its end and followed by more words.
            for text in [format!("x {upper}"), format!("{upper} and more words")] {
                let start = text.find(&upper).expect("the word");
                let end = start + upper.len();
                assert_eq!(vocab.lookup_in(text.as_bytes(), start, end), id, "{text}");
            }
        }
        for k in 5000..6000 {
            assert_eq!(vocab.get(&word(k)), NONE);
            let text = word(k).to_ascii_uppercase();
            assert_eq!(vocab.lookup_in(text.as_bytes(), 0, text.len()), NONE);
        }
        // Same head and length, different tail.
        assert_eq!(vocab.get("internationalisation2"), NONE);
        assert_eq!(vocab.get("internationalisatioN4"), NONE);
    }

    #[test]
    fn a_word_hashes_the_same_in_place_and_alone() {
        let text = b"Kim JONG un Vladimirovich Putin x 1234567 abcdefgh abcdefghi";
        let mut start = 0;
        for word in text.split(|&b| b == b' ') {
            let end = start + word.len();
            let alone = hash_word(&String::from_utf8_lossy(word).to_ascii_lowercase());
            assert_eq!(hash_in(text, start, end), alone, "{}", String::from_utf8_lossy(word));
            start = end + 1;
        }
    }

    #[test]
    fn every_sentence_mark_is_noted() {
        let vocab = Vocab::default();
        for text in [
            "He said: \u{201c}We will come. Soon.\u{201d} Then \"left. now\"\n\nU.S. V. Putin!? x",
            "O\u{2019}Brien\u{2019}s \u{b5}m S\u{e9}rgio. \u{300c}quoted. \u{300d} \u{ab}Da.\u{bb}",
            "\u{5317}\u{3002}\u{d55c}\u{ad6d}! \u{201e}Ja. Nein\u{201d} \u{300e}x\u{300f}\u{ff01}\u{ff1f}",
            "Kim's Qa'ida rock'n'roll\r\n\r\nend.",
        ] {
            let mut marks = Vec::new();
            tokenize(text, &vocab, &mut NoNative, &mut Vec::new(), &mut marks);
            let want: Vec<u32> = text
                .char_indices()
                .filter(|&(_, c)| crate::sentence::is_mark(c))
                .map(|(i, _)| i as u32)
                .collect();
            assert_eq!(marks, want, "{text:?}");
        }
    }

    #[test]
    fn words_end_where_the_byte_table_says() {
        let mut text: Vec<u8> = (0u8..=255).collect();
        text.extend_from_slice(
            b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@[`{/:",
        );
        for from in 0..text.len() {
            let want = (from..text.len()).find(|&k| !ALNUM[text[k] as usize]).unwrap_or(text.len());
            assert_eq!(alnum_end(&text, from), want, "from {from}");
        }
    }

    #[test]
    fn the_plain_word_path_gives_the_general_tokens() {
        let mut vocab = Vocab::default();
        let words = [
            "kim",
            "Kim",
            "KIM",
            "KOMID",
            "a",
            "I",
            "x7",
            "7x",
            "2024",
            "9166778",
            "abcdefgh",
            "ABCDEFGH",
            "abcdefghi",
            "Abcdefghijklmnop",
            "abcdefghijklmnopq",
            "ABCDEFGHIJKLMNOPQ",
            "Qa'ida",
            "Putin's",
            "O\u{2019}Brien",
            "S\u{e9}rgio",
            "jong",
            "un",
            "Mc2",
            "mIXed",
        ];
        for (k, w) in words.iter().enumerate() {
            let id = vocab.intern(&w.to_ascii_lowercase());
            vocab.set_hot(id, k as u8 + 1);
        }
        let seps =
            [" ", ", ", ". ", "-", " - ", "\n\n", "(", ") ", "'", "\"", "  ", "/", "\u{201c}"];
        let mut seed = 12345u64;
        let mut next = |n: usize| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 33) as usize % n
        };
        for _ in 0..300 {
            let mut text = String::new();
            for _ in 0..next(30) {
                text.push_str(words[next(words.len())]);
                text.push_str(seps[next(seps.len())]);
            }
            let run = |fast: bool| {
                let (mut out, mut marks) = (Vec::new(), Vec::new());
                if fast {
                    tokenize_with::<true>(&text, &vocab, &mut NoNative, &mut out, &mut marks);
                } else {
                    tokenize_with::<false>(&text, &vocab, &mut NoNative, &mut out, &mut marks);
                }
                let toks: Vec<_> =
                    out.iter().map(|t| (t.start, t.end, t.id, t.alt, t.flags, t.hot)).collect();
                (toks, marks)
            };
            let (fast, marks) = run(true);
            assert_eq!((&fast, &marks), (&run(false).0, &run(false).1), "{text:?}");
            for t in &fast {
                assert_eq!(t.5, vocab.hot(t.2), "every token carries its word's hot bits");
            }
        }
    }

    #[test]
    fn two_slots_fit_in_a_cache_line() {
        assert_eq!(std::mem::size_of::<Slot>(), 32);
    }

    #[test]
    fn accented_words_take_the_slow_path() {
        let vocab = Vocab::default();
        let got = toks("Sérgio Ørsted", &vocab);
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].0, "Sérgio");
        assert!(got[0].2 & flag::CAP != 0);
    }
}
