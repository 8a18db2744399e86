//! Sentences with their byte offsets, keeping quotations intact.
//!
//! A sentence ends at `.`, `!`, `?` (and the CJK stops) followed by space
//! and a capital, a digit, a quote or a letter of a caseless script; at a
//! blank line; and at a line break that does not look like a hard wrap.
//! A stop inside a balanced quotation (“…”, «…», "…", 「…」) does not end the
//! sentence, so that a quoted statement stays with its attribution. Quotes are
//! paired per paragraph; an unbalanced opening quote (common in scraped text)
//! protects nothing. A dot after a known abbreviation or a single letter
//! (`U.S.`, `Mr.`, `V. Putin`) ends nothing.
//!
//! # Examples
//! ```
//! use vigil_text::sentences;
//! let text = "He said: “We will come. Soon.” Then he left. U.S. officials agreed.";
//! let spans = sentences(text);
//! let got: Vec<&str> = spans.iter().map(|s| &text[s.start..s.end]).collect();
//! assert_eq!(got, ["He said: “We will come. Soon.”", "Then he left.", "U.S. officials agreed."]);
//! ```

use crate::Span;

/// The longest sentence, in bytes; longer runs (tables, lists without
/// stops) are cut so that one sentence never spans a whole document.
pub const MAX_SENTENCE_BYTES: usize = 4096;

/// Splits `text` into sentences: spans with leading and trailing whitespace
/// trimmed, in order, never empty.
pub fn sentences(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut para_start = 0;
    let mut i = 0;
    while i <= bytes.len() {
        // Paragraphs end at a blank line (two newlines, spaces between).
        let at_end = i == bytes.len();
        if at_end || (bytes[i] == b'\n' && blank_line_follows(bytes, i)) {
            split_paragraph(text, para_start, i, Marks::Scan, &mut out);
            if at_end {
                break;
            }
            para_start = i + 1;
        }
        i += 1;
    }
    out
}

fn blank_line_follows(bytes: &[u8], i: usize) -> bool {
    let mut j = i + 1;
    while j < bytes.len() && matches!(bytes[j], b' ' | b'\t' | b'\r') {
        j += 1;
    }
    j < bytes.len() && bytes[j] == b'\n'
}

/// Sentences computed per paragraph on demand, for a scanner that needs the
/// sentences of only a few places in a long text; the spans are the ones
/// [`sentences`] gives.
pub(crate) struct LazySentences<'t> {
    text: &'t str,
    /// The paragraphs split so far as (start, end, range of their sentences
    /// in `spans`), sorted by start. The scanner asks about places in
    /// increasing order, mostly, so a paragraph is nearly always added at the end.
    paragraphs: Vec<(usize, usize, std::ops::Range<usize>)>,
    /// The sentences of every paragraph split so far, each paragraph's
    /// together (one buffer rather than one allocation per paragraph).
    spans: Vec<Span>,
    /// Index of the paragraph last asked about, looked at first: the scanner
    /// asks about one paragraph several times in a row.
    recent: usize,
    /// Where the bytes that end sentences or quote are found.
    marks: Marks<'t>,
    /// Index in the noted marks of the first one at or after the place last
    /// asked about (see [`LazySentences::paragraph_around`]).
    mark_hint: usize,
}

impl<'t> LazySentences<'t> {
    #[cfg(test)]
    pub fn new(text: &'t str) -> Self {
        LazySentences {
            text,
            paragraphs: Vec::new(),
            spans: Vec::new(),
            recent: 0,
            marks: Marks::Scan,
            mark_hint: 0,
        }
    }

    /// Sentences of `text` whose marks (see [`is_mark`]) are at `noted`,
    /// in increasing order, as the tokenizer notes them: the paragraphs are
    /// then split without reading their bytes a second and third time.
    pub fn noted(text: &'t str, noted: &'t [u32]) -> Self {
        LazySentences {
            text,
            paragraphs: Vec::new(),
            spans: Vec::new(),
            recent: 0,
            marks: Marks::Noted(noted),
            mark_hint: 0,
        }
    }

    /// The sentence holding byte `pos`, if any (not in the space between sentences).
    pub fn at(&mut self, pos: usize) -> Option<Span> {
        let holds = |p: &(usize, usize, std::ops::Range<usize>)| p.0 <= pos && pos < p.1;
        if !self.paragraphs.get(self.recent).is_some_and(holds) {
            // The paragraphs starting at or before `pos`; the last may hold
            // it. Asked in increasing order, that is all of them.
            let before = match self.paragraphs.last() {
                Some(last) if last.0 > pos => self.paragraphs.partition_point(|p| p.0 <= pos),
                _ => self.paragraphs.len(),
            };
            self.recent = match before.checked_sub(1) {
                Some(k) if holds(&self.paragraphs[k]) => k,
                _ => {
                    let (start, end, marks) = self.paragraph_around(pos);
                    let first = self.spans.len();
                    split_paragraph(self.text, start, end, marks, &mut self.spans);
                    let range = first..self.spans.len();
                    self.paragraphs.insert(before, (start, end.max(start + 1), range));
                    before
                }
            };
        }
        let spans = &self.spans[self.paragraphs[self.recent].2.clone()];
        let k = spans.partition_point(|s| s.end <= pos);
        spans.get(k).copied().filter(|s| s.start <= pos)
    }

    /// The paragraph bounds [`sentences`] would use around `pos`, and the
    /// marks inside them.
    fn paragraph_around(&mut self, pos: usize) -> (usize, usize, Marks<'t>) {
        let bytes = self.text.as_bytes();
        if let Marks::Noted(noted) = self.marks {
            // The first mark at or after `pos`, found from the last one asked
            // about when `pos` comes later (it nearly always does): a search
            // of all the marks of a long chunk went to memory at every step.
            let k = match self.mark_hint {
                h if h <= noted.len() && (h == 0 || (noted[h - 1] as usize) < pos) => {
                    h + gallop(&noted[h..], pos)
                }
                _ => noted.partition_point(|&m| (m as usize) < pos),
            };
            self.mark_hint = k;
            let paragraph_break = |i: &usize| {
                bytes[noted[*i] as usize] == b'\n' && blank_line_follows(bytes, noted[*i] as usize)
            };
            // A break before `pos` (marks before `pos` are all before it).
            let first = (0..k.min(noted.len())).rev().find(paragraph_break);
            let start = first.map_or(0, |i| noted[i] as usize + 1);
            let last = (k..noted.len()).find(paragraph_break);
            let end = last.map_or(bytes.len(), |i| noted[i] as usize);
            let (a, b) = (first.map_or(0, |i| i + 1), last.unwrap_or(noted.len()));
            return (start, end, Marks::Noted(&noted[a..b]));
        }
        let mut start = 0;
        let mut i = pos.min(bytes.len());
        while let Some(k) = rfind_byte(&bytes[..i], b'\n') {
            if blank_line_follows(bytes, k) {
                start = k + 1;
                break;
            }
            i = k;
        }
        let mut end = bytes.len();
        let mut j = pos;
        while let Some(k) = find_any(bytes, j, [b'\n']) {
            if blank_line_follows(bytes, k) {
                end = k;
                break;
            }
            j = k + 1;
        }
        (start, end, self.marks)
    }
}

/// How many of the sorted `marks` are below `pos`, searched from the
/// front in growing steps (the answer is usually near the front).
fn gallop(marks: &[u32], pos: usize) -> usize {
    let mut hi = 1;
    while hi < marks.len() && (marks[hi - 1] as usize) < pos {
        hi *= 2;
    }
    let lo = hi / 2;
    let hi = hi.min(marks.len());
    lo + marks[lo..hi].partition_point(|&m| (m as usize) < pos)
}

/// Where a paragraph's stops and quotes are found: by reading its bytes, or
/// at the positions the tokenizer noted (see [`is_mark`]).
#[derive(Clone, Copy)]
pub(crate) enum Marks<'m> {
    Scan,
    Noted(&'m [u32]),
}

impl<'m> Marks<'m> {
    /// A cursor for positions asked in increasing order.
    fn cursor(self) -> MarkCursor<'m> {
        MarkCursor { marks: self, next: 0 }
    }
}

/// [`find_any`] over a paragraph for positions that do not decrease.
struct MarkCursor<'m> {
    marks: Marks<'m>,
    /// Noted marks before this one are behind the positions asked.
    next: usize,
}

impl MarkCursor<'_> {
    /// The first position in `[from, end)` of a byte of `set`, where every
    /// byte of `set` that can matter is a mark (others, lead bytes of
    /// letters or of other punctuation, are skipped when noted).
    fn find<const N: usize>(
        &mut self,
        bytes: &[u8],
        from: usize,
        end: usize,
        set: [u8; N],
    ) -> Option<usize> {
        match self.marks {
            Marks::Scan => find_any(&bytes[..end], from, set),
            Marks::Noted(noted) => {
                while let Some(&m) = noted.get(self.next) {
                    let m = m as usize;
                    if m >= end {
                        return None;
                    }
                    if m >= from && set.contains(&bytes[m]) {
                        return Some(m);
                    }
                    self.next += 1;
                }
                None
            }
        }
    }
}

/// Whether a character is one a sentence split looks at: a stop, a line
/// break or a quotation mark. The tokenizer notes where they are
/// ([`crate::tokens`]); none of them can be inside a word.
pub(crate) fn is_mark(c: char) -> bool {
    matches!(
        c,
        '.' | '!'
            | '?'
            | '\n'
            | '"'
            | '。'
            | '！'
            | '？'
            | '“'
            | '”'
            | '„'
            | '«'
            | '»'
            | '「'
            | '」'
            | '『'
            | '』'
    )
}

/// Balanced quotation ranges of a paragraph (byte offsets).
fn quotations(text: &str, start: usize, end: usize, marks: Marks<'_>) -> Vec<(usize, usize)> {
    let mut ranges = Vec::new();
    let mut open: Vec<(char, usize)> = Vec::new();
    let mut straight: Option<usize> = None;
    let bytes = text.as_bytes();
    let mut cursor = marks.cursor();
    // Only `"` and the lead bytes of the other quotes need decoding.
    let mut next = start;
    while let Some(pos) = cursor.find(bytes, next, end, [b'"', 0xC2, 0xE2, 0xE3]) {
        next = pos + 1;
        let Some(c) = text.get(pos..).and_then(|r| r.chars().next()) else {
            continue;
        };
        match c {
            '“' | '«' | '「' | '『' | '„' => open.push((c, pos)),
            '”' | '»' | '」' | '』' => {
                let opener = match c {
                    '”' => ['“', '„'],
                    '»' => ['«', '«'],
                    '」' => ['「', '「'],
                    _ => ['『', '『'],
                };
                if let Some(k) = open.iter().rposition(|(o, _)| opener.contains(o)) {
                    ranges.push((open[k].1, pos + c.len_utf8()));
                    open.truncate(k);
                }
            }
            '"' => match straight.take() {
                Some(s) => ranges.push((s, pos + 1)),
                None => straight = Some(pos),
            },
            _ => {}
        }
    }
    ranges.sort_unstable();
    ranges
}

const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "gen", "lt", "col", "sgt", "capt", "cmdr", "adm", "st", "no", "nos",
    "co", "corp", "inc", "ltd", "jr", "sr", "prof", "gov", "sen", "rep", "jan", "feb", "mar",
    "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "vs", "etc", "approx", "mt",
    "ft", "dept", "est", "fig", "vol", "art", "para", "op", "cf", "ca", "rev", "hon", "pres",
];

fn split_paragraph(text: &str, start: usize, end: usize, marks: Marks<'_>, out: &mut Vec<Span>) {
    let bytes = text.as_bytes();
    let mut quotes = QuoteCursor::new(quotations(text, start, end, marks));
    let mut stops = marks.cursor();
    // A stop is inside a quotation unless only closing marks follow it there.
    let mut inside = |pos: usize| quotes.inside(text, pos);
    let mut sent_start = start;
    let mut i = start;
    while i < end {
        // Only stops and line breaks can end a sentence; between them, only
        // the length cap (the first whitespace MAX_SENTENCE_BYTES in).
        let next = stops.find(bytes, i, end, [b'.', b'!', b'?', b'\n', 0xE3]).unwrap_or(end);
        let cap_from = i.max(sent_start + MAX_SENTENCE_BYTES);
        if cap_from < next {
            if let Some(w) = bytes[cap_from..next].iter().position(u8::is_ascii_whitespace) {
                let cut = cap_from + w;
                push_trimmed(text, sent_start, cut, out);
                sent_start = cut;
                i = cut + 1;
                continue;
            }
        }
        if next >= end {
            break;
        }
        i = next;
        let b = bytes[i];
        let mut boundary: Option<usize> = None;
        if matches!(b, b'.' | b'!' | b'?') {
            if !inside(i)
                && ends_sentence(text, i, end)
                && !(b == b'.' && is_abbreviation(bytes, sent_start, i))
            {
                // Closing quotes and brackets stay with the sentence.
                let mut j = i + 1;
                while j < end {
                    let c = text[j..].chars().next().unwrap_or(' ');
                    if matches!(c, '"' | '”' | '’' | '\'' | ')' | ']' | '»' | '.' | '!' | '?')
                    {
                        j += c.len_utf8();
                    } else {
                        break;
                    }
                }
                boundary = Some(j);
            }
        } else if b == 0xE3
            && (text[i..].starts_with('。')
                || text[i..].starts_with('！')
                || text[i..].starts_with('？'))
        {
            if !inside(i) {
                boundary = Some(i + 3);
            }
        } else if b == b'\n' && !is_hard_wrap(bytes, sent_start, i, end) {
            boundary = Some(i);
        }
        if boundary.is_none() && i - sent_start >= MAX_SENTENCE_BYTES && b.is_ascii_whitespace() {
            boundary = Some(i);
        }
        if let Some(cut) = boundary {
            push_trimmed(text, sent_start, cut, out);
            sent_start = cut;
            i = cut.max(i + 1);
            continue;
        }
        i += 1;
    }
    push_trimmed(text, sent_start, end, out);
}

/// Answers "is this stop inside a quotation?" for stops in increasing order,
/// in amortised constant time: a paragraph of many quotations and many stops
/// would otherwise cost their product.
struct QuoteCursor {
    /// Quotation ranges sorted by start.
    ranges: Vec<(usize, usize)>,
    /// How many ranges start before the last position asked about.
    started: usize,
    /// The furthest end among those ranges.
    max_end: usize,
}

impl QuoteCursor {
    fn new(mut ranges: Vec<(usize, usize)>) -> QuoteCursor {
        ranges.sort_unstable();
        QuoteCursor { ranges, started: 0, max_end: 0 }
    }

    /// Whether `pos` lies inside a quotation with more words after it.
    /// Among the quotations that contain `pos`, the one ending furthest
    /// decides: words before any of their ends are words before its end.
    /// Positions must not decrease between calls.
    fn inside(&mut self, text: &str, pos: usize) -> bool {
        while let Some(&(s, e)) = self.ranges.get(self.started) {
            if s >= pos {
                break;
            }
            self.max_end = self.max_end.max(e);
            self.started += 1;
        }
        // Skip the stop itself, which may be a 3-byte CJK stop.
        pos < self.max_end && text[pos..self.max_end].chars().skip(1).any(char::is_alphanumeric)
    }
}

/// Whether the stop at `i` is followed by what starts a sentence.
fn ends_sentence(text: &str, i: usize, end: usize) -> bool {
    // The common case, a space and an ASCII character: decided on the bytes
    // as the general path below decides it on characters.
    let bytes = text.as_bytes();
    if i + 2 < end && bytes[i + 1] == b' ' && bytes[i + 2].is_ascii_graphic() {
        let n = bytes[i + 2];
        return n.is_ascii_uppercase()
            || n.is_ascii_digit()
            || matches!(n, b'"' | b'\'' | b'(' | b'[' | b'-' | b'*');
    }
    let mut rest = text[i + 1..end].chars().peekable();
    // Closing quotes and further stops first.
    while let Some(&c) = rest.peek() {
        if matches!(c, '"' | '”' | '’' | '\'' | ')' | ']' | '»' | '.' | '!' | '?') {
            rest.next();
        } else {
            break;
        }
    }
    match rest.next() {
        None => true,
        Some(c) if c.is_whitespace() => {
            let next = rest.find(|c| !c.is_whitespace());
            match next {
                None => true,
                Some(n) => {
                    n.is_uppercase()
                        || n.is_ascii_digit()
                        || matches!(
                            n,
                            '"' | '“' | '«' | '„' | '\'' | '‘' | '(' | '[' | '—' | '-' | '•' | '*'
                        )
                        || (n.is_alphabetic() && !n.is_lowercase() && !n.is_uppercase())
                }
            }
        }
        Some(_) => false,
    }
}

/// Russian abbreviations that a number or a lower-case word follows
/// ("20 тыс. 122-мм снарядов", "80 тыс. руб. в месяц"). Not г. ("year"):
/// "в 2017 г." ends sentences as often as not.
const RUSSIAN_ABBREVIATIONS: &[&str] =
    &["тыс", "руб", "млн", "млрд", "долл", "коп", "ул", "им", "др", "см"];

/// Whether the dot at `i` follows an abbreviation or an initial.
fn is_abbreviation(bytes: &[u8], sent_start: usize, i: usize) -> bool {
    if i > sent_start && bytes[i - 1] >= 0x80 {
        return russian_abbreviation(bytes, sent_start, i);
    }
    let mut s = i;
    while s > sent_start && bytes[s - 1].is_ascii_alphabetic() {
        s -= 1;
    }
    let word = &bytes[s..i];
    if word.is_empty() {
        return false;
    }
    if word.len() == 1 && word[0].is_ascii_uppercase() {
        return true;
    }
    if s > sent_start && bytes[s - 1] == b'.' {
        // The last letter of an initialism (U.S., U.N.).
        return word.len() == 1;
    }
    // No abbreviation is longer than six letters; most words before a stop are.
    word.len() <= 6 && ABBREVIATION_KEYS.binary_search(&letters_key(word)).is_ok()
}

/// Whether the dot at `i` follows one of [`RUSSIAN_ABBREVIATIONS`].
fn russian_abbreviation(bytes: &[u8], sent_start: usize, i: usize) -> bool {
    // Back over two-byte Cyrillic letters (lead bytes 0xD0, 0xD1), at most
    // four of them: no abbreviation is longer.
    let mut s = i;
    while s >= sent_start + 2 && i - s < 8 && matches!(bytes[s - 2], 0xD0 | 0xD1) {
        s -= 2;
    }
    if s == i || (s > sent_start && bytes[s - 1].is_ascii_alphanumeric()) {
        return false;
    }
    let Ok(word) = std::str::from_utf8(&bytes[s..i]) else {
        return false;
    };
    let lower = word.to_lowercase();
    RUSSIAN_ABBREVIATIONS.contains(&lower.as_str())
}

/// Up to eight ASCII letters as one number, lower-cased (OR 0x20): one
/// comparison per abbreviation instead of a comparison of bytes, and a
/// binary search over them, since a word is looked up before most stops.
const fn letters_key(word: &[u8]) -> u64 {
    let mut key = 0u64;
    let mut j = 0;
    while j < word.len() {
        key = (key << 8) | (word[j] | 0x20) as u64;
        j += 1;
    }
    key
}

/// [`letters_key`] of each of [`ABBREVIATIONS`], sorted.
static ABBREVIATION_KEYS: [u64; ABBREVIATIONS.len()] = {
    let mut keys = [0u64; ABBREVIATIONS.len()];
    let mut k = 0;
    while k < keys.len() {
        keys[k] = letters_key(ABBREVIATIONS[k].as_bytes());
        // Insertion sort, as a constant.
        let mut j = k;
        while j > 0 && keys[j - 1] > keys[j] {
            let t = keys[j];
            keys[j] = keys[j - 1];
            keys[j - 1] = t;
            j -= 1;
        }
        k += 1;
    }
    keys
};

/// A newline inside a sentence broken by a fixed line width: the line goes on
/// in lower case after a word or comma.
fn is_hard_wrap(bytes: &[u8], sent_start: usize, i: usize, end: usize) -> bool {
    if i == sent_start {
        return true;
    }
    let prev = bytes[..i].iter().rev().find(|b| !matches!(b, b' ' | b'\t' | b'\r'));
    let next = bytes[i + 1..end].iter().find(|b| !matches!(b, b' ' | b'\t' | b'\r'));
    match (prev, next) {
        (Some(p), Some(n)) => (p.is_ascii_alphanumeric() || *p == b',') && n.is_ascii_lowercase(),
        _ => false,
    }
}

/// Eight copies of a byte in a word.
const fn splat(b: u8) -> u64 {
    0x0101_0101_0101_0101 * b as u64
}

/// The first position at or after `from` of any byte of `set`: eight bytes
/// at a time (the classic "has a zero byte" test on the word XOR each wanted
/// byte), since a byte-at-a-time loop over every sentence was a tenth of the
/// scan time.
#[inline]
pub(crate) fn find_any<const N: usize>(bytes: &[u8], from: usize, set: [u8; N]) -> Option<usize> {
    let mut i = from;
    while i + 8 <= bytes.len() {
        let mut word = [0u8; 8];
        word.copy_from_slice(&bytes[i..i + 8]);
        let x = u64::from_le_bytes(word);
        let mut found = 0u64;
        for b in set {
            let y = x ^ splat(b);
            found |= y.wrapping_sub(splat(1)) & !y & splat(0x80);
        }
        if found != 0 {
            // The lowest flagged byte is always a true match (a borrow can
            // only flag bytes above one).
            return Some(i + (found.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    bytes.get(i..)?.iter().position(|b| set.contains(b)).map(|k| i + k)
}

/// The last position of byte `b` in `bytes`.
fn rfind_byte(bytes: &[u8], b: u8) -> Option<usize> {
    let mut end = bytes.len();
    while end >= 8 {
        let mut word = [0u8; 8];
        word.copy_from_slice(&bytes[end - 8..end]);
        let y = u64::from_le_bytes(word) ^ splat(b);
        // Exact per-byte test (no borrow), so the highest flag is a match.
        let found = !(((y & splat(0x7f)).wrapping_add(splat(0x7f))) | y | splat(0x7f));
        if found != 0 {
            return Some(end - 8 + (63 - found.leading_zeros() as usize) / 8);
        }
        end -= 8;
    }
    bytes[..end].iter().rposition(|&c| c == b)
}

fn push_trimmed(text: &str, start: usize, end: usize, out: &mut Vec<Span>) {
    let (start, end) = trimmed_bounds(text, start, end);
    if start < end {
        out.push(Span { start, end });
    }
}

/// The bounds of `text[start..end].trim()`: ASCII whitespace is stepped
/// over byte by byte (a sentence has a space or two around it, and the
/// general trim decodes characters through a pattern searcher); the general
/// trim finishes when a byte beyond ASCII is reached.
fn trimmed_bounds(text: &str, mut start: usize, mut end: usize) -> (usize, usize) {
    // What `char::is_whitespace` says of ASCII (it includes the vertical tab).
    let space = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c);
    let bytes = text.as_bytes();
    while start < end && space(bytes[start]) {
        start += 1;
    }
    if start < end && bytes[start] >= 0x80 {
        start = end - text[start..end].trim_start().len();
    }
    while end > start && space(bytes[end - 1]) {
        end -= 1;
    }
    if end > start && bytes[end - 1] >= 0x80 {
        end = start + text[start..end].trim_end().len();
    }
    (start, end)
}

#[cfg(test)]
mod tests {
    #[test]
    fn trimmed_bounds_are_those_of_trim() {
        let pieces = [
            "",
            " ",
            "a",
            " a ",
            "\u{b}x\u{c}",
            "\u{a0}\u{3000} \u{85}Da.\u{2029} \u{a0}",
            "\u{a0}",
            " \u{2003}",
            "\t\r\n é \r\n",
            "«x»",
            "\u{200b}x\u{200b}",
        ];
        for piece in pieces {
            let text = format!("ab{piece}cd");
            let (start, end) = super::trimmed_bounds(&text, 2, 2 + piece.len());
            assert_eq!(&text[start..end], piece.trim(), "{piece:?}");
            assert_eq!(start - 2, piece.len() - piece.trim_start().len(), "{piece:?}");
        }
    }

    #[test]
    fn abbreviations_are_short() {
        assert!(super::ABBREVIATIONS.iter().all(|a| a.len() <= 6));
    }

    #[test]
    fn abbreviations_are_found_by_key_as_by_bytes() {
        let mut words: Vec<String> = super::ABBREVIATIONS.iter().map(|a| a.to_string()).collect();
        words.extend(super::ABBREVIATIONS.iter().map(|a| a.to_ascii_uppercase()));
        words.extend(
            ["Mr", "mR", "said", "no", "No", "nO", "x", "abcdef", "sep", "sepT", "mrs", "m"]
                .map(String::from),
        );
        for word in &words {
            let by_bytes = word.len() <= 6
                && super::ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word));
            let text = format!("(x {word}.");
            let stop = text.len() - 1;
            // An upper-case single letter is an initial either way.
            let initial = word.len() == 1 && word.as_bytes()[0].is_ascii_uppercase();
            assert_eq!(
                super::is_abbreviation(text.as_bytes(), 0, stop),
                by_bytes || initial,
                "{word}"
            );
        }
    }

    #[test]
    fn the_byte_fast_path_of_ends_sentence_agrees_with_the_characters() {
        // Every ASCII character after ". ", decided by the fast path, against
        // the same character after ".  " (two spaces), decided by the general one.
        for c in (0x21u8..0x7f).map(char::from) {
            let fast = format!("a. {c}b");
            let general = format!("a.  {c}b");
            assert_eq!(
                super::ends_sentence(&fast, 1, fast.len()),
                super::ends_sentence(&general, 1, general.len()),
                "{c:?}"
            );
        }
    }

    #[test]
    fn quote_cursor_agrees_with_checking_every_quotation() {
        let text =
            "He said \u{201c}Stop. Now\u{201d} and \"go. on.\" Then. \u{ab}Da. Net.\u{bb} End.";
        let ranges = quotations(text, 0, text.len(), Marks::Scan);
        let naive = |pos: usize| {
            ranges.iter().any(|&(s, e)| {
                s < pos && pos < e && text[pos..e].chars().skip(1).any(char::is_alphanumeric)
            })
        };
        let mut cursor = QuoteCursor::new(ranges.clone());
        let stops: Vec<usize> = text.match_indices('.').map(|(i, _)| i).collect();
        assert_eq!(stops.len(), 7);
        for pos in stops {
            assert_eq!(cursor.inside(text, pos), naive(pos), "stop at {pos}");
        }
    }

    use super::*;

    fn split(text: &str) -> Vec<&str> {
        sentences(text).iter().map(|s| &text[s.start..s.end]).collect()
    }

    #[test]
    fn abbreviations_and_initials_do_not_split() {
        assert_eq!(
            split("The U.S. National Security Council met. Mr. Kim left."),
            ["The U.S. National Security Council met.", "Mr. Kim left."]
        );
    }

    #[test]
    fn russian_abbreviations_do_not_split() {
        assert_eq!(
            split("Контракт на поставку 20 тыс. снарядов подписан. Груз прибыл."),
            ["Контракт на поставку 20 тыс. снарядов подписан.", "Груз прибыл."]
        );
    }

    #[test]
    fn an_unbalanced_quote_protects_nothing() {
        assert_eq!(
            split("He said “to hinder the order. Putin also said “no” and left."),
            ["He said “to hinder the order.", "Putin also said “no” and left."]
        );
    }

    #[test]
    fn paragraphs_and_lines() {
        assert_eq!(
            split("Title line\n\nFirst one. Second.\nNext line"),
            ["Title line", "First one.", "Second.", "Next line"]
        );
        assert_eq!(
            split("a line that wraps\ninto the next one."),
            ["a line that wraps\ninto the next one."]
        );
    }

    #[test]
    fn byte_searches_agree_with_plain_loops() {
        let text = "ab.c\n\nd\u{201c}e!f?g\u{3002}h\n".repeat(5) + "tail without stops";
        let bytes = text.as_bytes();
        let set = [b'.', b'!', b'?', b'\n', 0xE3];
        for from in 0..=bytes.len() {
            let want = (from..bytes.len()).find(|&i| set.contains(&bytes[i]));
            assert_eq!(find_any(bytes, from, set), want, "from {from}");
            let want = bytes[..from].iter().rposition(|&c| c == b'\n');
            assert_eq!(rfind_byte(&bytes[..from], b'\n'), want, "before {from}");
        }
        // Bytes just above and below a wanted one are not matches.
        let near: Vec<u8> = (0u8..=255).filter(|&b| b != b'.').collect();
        assert_eq!(find_any(&near, 0, [b'.']), None);
        assert_eq!(rfind_byte(&near, b'.'), None);
    }

    #[test]
    fn long_runs_are_cut_at_whitespace() {
        let run = "word ".repeat(2000);
        let text = format!("{run}end. Next one.");
        let spans = sentences(&text);
        assert!(spans.iter().all(|s| s.end - s.start <= MAX_SENTENCE_BYTES + 8));
        assert_eq!(&text[spans.last().unwrap().start..spans.last().unwrap().end], "Next one.");
    }

    /// The byte-at-a-time loop `split_paragraph` replaced, kept as its oracle.
    fn split_paragraph_bytewise(text: &str, start: usize, end: usize, out: &mut Vec<Span>) {
        let bytes = text.as_bytes();
        let mut quotes = QuoteCursor::new(quotations(text, start, end, Marks::Scan));
        // A stop is inside a quotation unless only closing marks follow it there.
        let mut inside = |pos: usize| quotes.inside(text, pos);
        let mut sent_start = start;
        let mut i = start;
        while i < end {
            let b = bytes[i];
            let mut boundary: Option<usize> = None;
            if matches!(b, b'.' | b'!' | b'?') {
                if !inside(i)
                    && ends_sentence(text, i, end)
                    && !(b == b'.' && is_abbreviation(bytes, sent_start, i))
                {
                    // Closing quotes and brackets stay with the sentence.
                    let mut j = i + 1;
                    while j < end {
                        let c = text[j..].chars().next().unwrap_or(' ');
                        if matches!(c, '"' | '”' | '’' | '\'' | ')' | ']' | '»' | '.' | '!' | '?')
                        {
                            j += c.len_utf8();
                        } else {
                            break;
                        }
                    }
                    boundary = Some(j);
                }
            } else if b == 0xE3
                && (text[i..].starts_with('。')
                    || text[i..].starts_with('！')
                    || text[i..].starts_with('？'))
            {
                if !inside(i) {
                    boundary = Some(i + 3);
                }
            } else if b == b'\n' && !is_hard_wrap(bytes, sent_start, i, end) {
                boundary = Some(i);
            }
            if boundary.is_none() && i - sent_start >= MAX_SENTENCE_BYTES && b.is_ascii_whitespace()
            {
                boundary = Some(i);
            }
            if let Some(cut) = boundary {
                push_trimmed(text, sent_start, cut, out);
                sent_start = cut;
                i = cut.max(i + 1);
                continue;
            }
            i += 1;
        }
        push_trimmed(text, sent_start, end, out);
    }

    #[test]
    fn split_paragraph_agrees_with_the_bytewise_loop() {
        let pieces = [
            "The U.S. envoy met Mr. Kim. ",
            "He said: \u{201c}We will come. Soon.\u{201d} ",
            "Then \"left. now\" ",
            "north korea\n",
            "Line\nwraps here. ",
            "\u{5317}\u{3002}",
            "\u{d55c}\u{ad6d}! ",
            "What? ",
            "(See below.) ",
            "no stop at all ",
            "e.g. this ",
            "\n\n",
            "\u{ab}Da. Net.\u{bb} ",
            "V. Putin left... ",
            "   ",
            "A\n",
            "x ",
            "O\u{2019}Brien\u{2019}s \u{b5}m \u{300c}quoted. \u{300d} ",
            "\u{201e}Ja. Nein\u{201d} \u{300e}x\u{300f}\u{ff01}\u{ff1f} ",
        ];
        let mut seed = 7u64;
        for round in 0..400 {
            let mut text = String::new();
            let n = 1 + round % 40;
            for _ in 0..n {
                seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                text.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
            }
            if round % 50 == 0 {
                text.push_str(&"long run of words ".repeat(300));
            }
            let (mut fast, mut slow, mut noted) = (Vec::new(), Vec::new(), Vec::new());
            split_paragraph(&text, 0, text.len(), Marks::Scan, &mut fast);
            split_paragraph_bytewise(&text, 0, text.len(), &mut slow);
            let marks = marks_of(&text);
            split_paragraph(&text, 0, text.len(), Marks::Noted(&marks), &mut noted);
            assert_eq!(fast, slow, "{text:?}");
            assert_eq!(noted, slow, "{text:?}");
            // And paragraph by paragraph, found around every position.
            let all = sentences(&text);
            let mut lazy = LazySentences::noted(&text, &marks);
            for (pos, _) in text.char_indices() {
                let want = all.iter().copied().find(|s| s.start <= pos && pos < s.end);
                assert_eq!(lazy.at(pos), want, "at {pos} of {text:?}");
            }
        }
    }

    /// The positions of the marks, as the tokenizer notes them.
    fn marks_of(text: &str) -> Vec<u32> {
        text.char_indices().filter(|&(_, c)| is_mark(c)).map(|(i, _)| i as u32).collect()
    }

    #[test]
    fn lazy_sentences_agree_with_sentences() {
        let text = "Title\n\nOne. Two “three. four.” Five.\n\n\nSix\nseven. Eight.\n";
        let all = sentences(text);
        let mut lazy = LazySentences::new(text);
        for (pos, _) in text.char_indices() {
            let want = all.iter().copied().find(|s| s.start <= pos && pos < s.end);
            assert_eq!(lazy.at(pos), want, "at {pos}");
        }
    }

    #[test]
    fn cjk_stops() {
        assert_eq!(
            split("北朝鮮が発射した。米国は非難した。"),
            ["北朝鮮が発射した。", "米国は非難した。"]
        );
        assert_eq!(
            split("북한이 석탄을 수출했다. 정부는 밝혔다."),
            ["북한이 석탄을 수출했다.", "정부는 밝혔다."]
        );
    }
}
