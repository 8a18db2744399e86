//! NMEA 0183 framing: `!xxVDM`/`!xxVDO` sentences, their checksums, NMEA 4
//! tag blocks, `$PGHP` timestamp lines and trailing epoch fields.
//!
//! # References
//! IEC 61162-1 (NMEA 0183) §8.3 for the AIVDM/AIVDO sentence; NMEA 0183 v4
//! §7.9 for tag blocks (`\c:<epoch>,s:<source>,g:<n>-<of>-<id>*hh\`); the
//! Gatehouse `$PGHP,1,<year>,<month>,<day>,<hour>,<minute>,<second>,<ms>,…`
//! proprietary sentence as written by the Danish Maritime Authority.

use crate::bits::{pack_report, REPORT_CHARS};
use crate::time::Timestamp;

/// The XOR of all bytes, as the NMEA checksum is computed: eight bytes at
/// a time, folded to one at the end.
pub(crate) fn xor(bytes: &[u8]) -> u8 {
    let mut words = bytes.chunks_exact(8);
    let mut acc = 0u64;
    for chunk in &mut words {
        acc ^= load_word(chunk);
    }
    let tail = words.remainder().iter().fold(0, |acc, b| acc ^ b);
    fold_xor(acc) ^ tail
}

/// The XOR of the eight bytes of a word.
#[inline]
fn fold_xor(word: u64) -> u8 {
    let word = word ^ (word >> 32);
    let word = word ^ (word >> 16);
    (word ^ (word >> 8)) as u8
}

/// Eight bytes as a little-endian word (byte `k` in bits `8k..8k+8`).
#[inline]
fn load_word(chunk: &[u8]) -> u64 {
    let mut word = [0u8; 8];
    word.copy_from_slice(&chunk[..8]);
    u64::from_le_bytes(word)
}

/// Up to eight bytes from `start` as a little-endian word, zero-padded past the end.
#[inline]
fn load_padded(bytes: &[u8], start: usize) -> u64 {
    match bytes.get(start..start + 8) {
        Some(chunk) => load_word(chunk),
        None => {
            let mut word = [0u8; 8];
            let tail = bytes.get(start..).unwrap_or(&[]);
            word[..tail.len()].copy_from_slice(tail);
            u64::from_le_bytes(word)
        }
    }
}

/// `0x80` in each byte of `word` that is zero, `0x00` in the others
/// (exact for every byte, unlike the shorter `(x - 0x01…) & !x` test).
#[inline]
fn zero_bytes(word: u64) -> u64 {
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    !(((word & LOW7) + LOW7) | word | LOW7)
}

/// `0x80` in each byte of `word` equal to `byte`.
#[inline]
fn bytes_equal(word: u64, byte: u8) -> u64 {
    zero_bytes(word ^ (0x0101_0101_0101_0101 * u64::from(byte)))
}

fn hex_digit(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'A'..=b'F' => Some(b - b'A' + 10),
        b'a'..=b'f' => Some(b - b'a' + 10),
        _ => None,
    }
}

/// Two hex digits.
pub(crate) fn hex_byte(bytes: &[u8]) -> Option<u8> {
    match bytes {
        [hi, lo, ..] => Some(hex_digit(*hi)? << 4 | hex_digit(*lo)?),
        _ => None,
    }
}

/// A small non-negative decimal integer; `None` for empty, non-digit or overlong input.
pub(crate) fn parse_uint(bytes: &[u8]) -> Option<u64> {
    if bytes.is_empty() || bytes.len() > 18 {
        return None;
    }
    bytes
        .iter()
        .try_fold(0u64, |acc, &b| b.is_ascii_digit().then(|| acc * 10 + u64::from(b - b'0')))
}

/// What a tag block says that the decoder uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TagBlock {
    /// The `c:` receive time (UNIX epoch in seconds or milliseconds).
    pub time: Option<Timestamp>,
    /// Whether the `*hh` checksum was present and right.
    pub checksum_ok: bool,
    /// The `g:` sentence group, when present and well formed.
    pub group: Option<TagGroup>,
}

/// An NMEA 4 sentence group (`g:<number>-<total>-<id>`): this sentence is
/// number `number` of `total` sentences that make up group `id`. Receivers
/// that write tag blocks mark the parts of a multi-sentence message with it,
/// often with the `c:` time on the first part only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TagGroup {
    /// This sentence's number in the group, 1..=total.
    pub number: u8,
    /// The number of sentences in the group, 1–9.
    pub total: u8,
    /// The group ID, the same on every part of one group.
    pub id: u32,
}

/// Parses a `g:` value, `1-2-1234`. Some feeds write the ID with extra
/// dashes (`1-2--001`, in GFW's ais-tools samples): leading dashes of the
/// ID are skipped, as GFW's parser does. `None` when malformed.
fn parse_group(value: &[u8]) -> Option<TagGroup> {
    let mut parts = value.splitn(3, |&b| b == b'-');
    let (number, total, id) = (parts.next()?, parts.next()?, parts.next()?);
    let digit = |field: &[u8]| match field {
        [d @ b'1'..=b'9'] => Some(d - b'0'),
        _ => None,
    };
    let (number, total) = (digit(number)?, digit(total)?);
    let id = id.trim_ascii_start();
    let id = &id[id.iter().take_while(|&&b| b == b'-').count()..];
    let id = u32::try_from(parse_uint(id)?).ok()?;
    (number <= total).then_some(TagGroup { number, total, id })
}

/// Parses the inside of one tag block (between the backslashes), e.g.
/// `s:rORBCOMM104,q:u,c:1418172113,T:2014-12-10 00.41.53*55`.
/// Unknown parameters are ignored; a malformed `c:` value gives no time.
pub fn parse_tag_block(content: &[u8]) -> TagBlock {
    let (fields, checksum_ok) = match content.iter().rposition(|&b| b == b'*') {
        Some(star) => {
            let ok = hex_byte(&content[star + 1..]) == Some(xor(&content[..star]))
                && content.len() == star + 3;
            (&content[..star], ok)
        }
        None => (content, false),
    };
    let mut block = TagBlock { time: None, checksum_ok, group: None };
    for field in fields.split(|&b| b == b',') {
        if let Some(value) = field.strip_prefix(b"c:") {
            block.time = parse_uint(value)
                .and_then(|v| i64::try_from(v).ok())
                .and_then(Timestamp::from_epoch_guess);
        } else if let Some(value) = field.strip_prefix(b"g:") {
            block.group = parse_group(value);
        }
    }
    block
}

/// The time of a `$PGHP,1,yyyy,m,d,h,m,s,ms,…*hh` line, or `None` when the
/// line is not one or its fields are out of range.
///
/// DMA files have one before every sentence, so the fields are read in
/// place, without splitting the line.
pub fn parse_pghp(line: &[u8]) -> Option<Timestamp> {
    parse_pghp_fields(line).map(|(ts, _)| ts)
}

/// [`parse_pghp`], and the index in `line` where the millisecond field starts.
fn parse_pghp_fields(line: &[u8]) -> Option<(Timestamp, usize)> {
    const PREFIX: &[u8] = b"$PGHP,1,";
    let body = line.strip_prefix(PREFIX)?;
    // One pass: digits accumulate, a comma ends a field; the seventh may
    // also end at the checksum or the end of the line. Anything else, an
    // empty field or more than 18 digits, and the line gives no time.
    let mut fields = [0u64; 7];
    let mut n_fields = 0;
    let mut millis_start = 0;
    let (mut value, mut digits) = (0u64, 0u32);
    for (idx, &b) in body.iter().enumerate() {
        match b {
            b'0'..=b'9' if digits < 18 => {
                value = value * 10 + u64::from(b - b'0');
                digits += 1;
            }
            b',' | b'*' if digits > 0 && (b == b',' || n_fields == 6) => {
                fields[n_fields] = value;
                n_fields += 1;
                if n_fields == fields.len() {
                    break;
                }
                if n_fields == 6 {
                    millis_start = PREFIX.len() + idx + 1;
                }
                (value, digits) = (0, 0);
            }
            _ => return None,
        }
    }
    if n_fields == 6 && digits > 0 {
        fields[6] = value;
        n_fields = 7;
    }
    if n_fields < 7 {
        return None;
    }
    let [year, month, day, hour, minute, second, millis] = fields;
    let small = |v: u64| u32::try_from(v).ok();
    let ts = Timestamp::from_civil(
        i64::try_from(year).ok()?,
        small(month)?,
        small(day)?,
        small(hour)?,
        small(minute)?,
        small(second)?,
        small(millis)?,
    )?;
    Some((ts, millis_start))
}

/// Reads tag blocks like [`parse_tag_block`], remembering the last one:
/// some feeds repeat the same block on every line (DMA's `\si:AISD*3F\`),
/// and a byte comparison is cheaper than parsing it again.
#[derive(Debug, Clone, Default)]
pub(crate) struct TagBlockReader {
    /// The content of the last block read (empty when none, or too long to keep).
    content: Vec<u8>,
    block: TagBlock,
}

/// Longest tag block content remembered.
const MAX_REMEMBERED_TAG_BLOCK: usize = 64;

impl TagBlockReader {
    /// What [`parse_tag_block`] made of `content`, when it is the content
    /// read last (which held no backslash, as no tag block does).
    #[inline]
    pub(crate) fn remembered(&self, content: &[u8]) -> Option<TagBlock> {
        (!content.is_empty() && same_bytes(content, &self.content)).then_some(self.block)
    }

    /// What [`parse_tag_block`] makes of `content`.
    pub(crate) fn parse(&mut self, content: &[u8]) -> TagBlock {
        if let Some(block) = self.remembered(content) {
            return block;
        }
        let block = parse_tag_block(content);
        self.content.clear();
        if content.len() <= MAX_REMEMBERED_TAG_BLOCK {
            self.content.extend_from_slice(content);
            self.block = block;
        }
        block
    }
}

/// Whether two byte strings are equal, compared eight bytes at a time
/// (inline, where `==` on slices calls `memcmp`; these are short).
#[inline]
pub(crate) fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    if a.len() < 8 {
        return load_padded(a, 0) == load_padded(b, 0);
    }
    // Whole words, then the last eight bytes (overlapping the words before).
    let last = a.len() - 8;
    (0..last).step_by(8).all(|at| load_word(&a[at..]) == load_word(&b[at..]))
        && load_word(&a[last..]) == load_word(&b[last..])
}

/// The index of the first `byte` in `bytes`, eight bytes at a time.
pub(crate) fn find_byte(bytes: &[u8], byte: u8) -> Option<usize> {
    let mut start = 0;
    while start < bytes.len() {
        let found = bytes_equal(load_padded(bytes, start), byte);
        if found != 0 {
            let idx = start + (found.trailing_zeros() / 8) as usize;
            // A zero `byte` would also match the padding past the end.
            return (idx < bytes.len()).then_some(idx);
        }
        start += 8;
    }
    None
}

/// Reads `$PGHP` times like [`parse_pghp`], remembering the last line's
/// date and time up to the second: DMA writes one such line before every
/// sentence, and consecutive ones mostly differ in the milliseconds only.
/// A line that starts with the same bytes up to its millisecond field has
/// the same first six fields, so only the milliseconds are read.
#[derive(Debug, Clone, Default)]
pub(crate) struct PghpReader {
    /// The last good line up to its millisecond field (empty when none).
    prefix: Vec<u8>,
    /// Its time, whole seconds, in milliseconds since the epoch.
    second_ms: i64,
}

/// Longest `$PGHP` prefix (up to the millisecond field) remembered.
const MAX_PGHP_PREFIX: usize = 64;

impl PghpReader {
    /// The time of a `$PGHP` line, as [`parse_pghp`] reads it.
    pub(crate) fn read(&mut self, line: &[u8]) -> Option<Timestamp> {
        let prefix_len = self.prefix.len();
        let known = prefix_len > 0
            && line.len() >= prefix_len
            && same_bytes(&line[..prefix_len], &self.prefix);
        if known {
            if let Some(millis) = millis_field(&line[self.prefix.len()..]) {
                return (millis <= 999).then_some(Timestamp(self.second_ms + millis as i64));
            }
            return None;
        }
        let (ts, millis_start) = parse_pghp_fields(line)?;
        if millis_start <= MAX_PGHP_PREFIX {
            let millis = ts.millis().rem_euclid(1000);
            self.prefix.clear();
            self.prefix.extend_from_slice(&line[..millis_start]);
            self.second_ms = ts.millis() - millis;
        }
        Some(ts)
    }
}

/// The last field of a `$PGHP` time as [`parse_pghp`] reads it: 1–18
/// digits, then a comma, a `*` or the end of the line.
fn millis_field(rest: &[u8]) -> Option<u64> {
    let (mut value, mut digits) = (0u64, 0);
    for &b in rest {
        match b {
            b'0'..=b'9' if digits < 18 => {
                value = value * 10 + u64::from(b - b'0');
                digits += 1;
            }
            b',' | b'*' => break,
            _ => return None,
        }
    }
    (digits > 0).then_some(value)
}

/// The first all-digit field of 9 to 13 digits after the checksum, read as
/// an epoch in seconds or milliseconds: `,1327658220` (AMSA),
/// `,1328182324603` (exactEarth), and the receive time among USCG/NAIS
/// fields (`,d-109,S2105,…,r003669946,1325394060,1325394001`).
pub fn parse_trailing_epoch(trailer: &[u8]) -> Option<Timestamp> {
    trailer
        .split(|&b| b == b',')
        .map(|field| field.trim_ascii())
        .filter(|field| (9..=13).contains(&field.len()))
        .find_map(parse_uint)
        .and_then(|v| i64::try_from(v).ok())
        .and_then(Timestamp::from_epoch_guess)
}

/// The fields of one VDM/VDO sentence, borrowed from the line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence<'a> {
    /// Number of sentences (fragments) of the message, 1–9.
    pub total: u8,
    /// This sentence's number, 1..=total.
    pub number: u8,
    /// Sequential message ID 0–9 for multi-sentence messages, or `None` when empty.
    pub seq_id: Option<u8>,
    /// The channel byte (`A`, `B`, `1`, `2`, …), 0 when empty.
    pub channel: u8,
    /// The armored payload.
    pub payload: &'a [u8],
    /// Fill bits 0–5 at the end of the payload.
    pub fill_bits: u8,
    /// Whatever follows the `*hh` checksum (trailing fields), without the leading comma.
    pub trailer: &'a [u8],
}

/// Why a sentence line was not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SentenceError {
    BadChecksum,
    Malformed,
}

/// A talker ID character: any printable ASCII but the field delimiters.
/// Real feeds carry talkers such as `AI`, `AB`, `BS`, but also `--` and a
/// damaged `=I` (AMSA) on sentences whose checksum is right; the checksum,
/// not the talker, decides whether a sentence is intact.
fn is_talker_char(b: u8) -> bool {
    b.is_ascii_graphic() && !matches!(b, b',' | b'*' | b'!' | b'$' | b'\\')
}

/// Whether a line (after any tag blocks) starts like an AIS sentence: `!` or
/// `$`, a two-character talker, then `VDM` or `VDO` and a comma.
pub(crate) fn is_vdm(line: &[u8]) -> bool {
    line.len() > 7
        && matches!(line[0], b'!' | b'$')
        && is_talker_char(line[1])
        && is_talker_char(line[2])
        && matches!(&line[3..7], b"VDM," | b"VDO,")
}

/// Parses and checks one `!xxVDM`/`!xxVDO` sentence (which [`is_vdm`]
/// accepted): [`parse_common_sentence`] when the sentence has the usual
/// shape, else [`parse_any_sentence`].
#[inline]
pub(crate) fn parse_sentence(line: &[u8]) -> Result<Sentence<'_>, SentenceError> {
    match parse_common_sentence(line) {
        Some(sentence) => Ok(sentence),
        None => parse_any_sentence(line),
    }
}

/// A sentence of the usual shape, `!xxVDM,<1-9>,<1-9>,[<0-9>],[<c>],<payload>,[<0-5>]*hh…`
/// with a right checksum, read field by field from the front; `None` for
/// anything else, which [`parse_any_sentence`] then reads. Where this gives
/// a sentence, that gives the same one: the small fields are read exactly
/// as it reads them, and the payload must end at a comma before any `*`.
#[inline]
pub(crate) fn parse_common_sentence(line: &[u8]) -> Option<Sentence<'_>> {
    let (total, number, seq_id, channel, start) = parse_common_header(line)?;
    let rest = &line[start..];
    let end = find_comma_or_star(rest)?;
    let (payload, rest) = (&rest[..end], &rest[end..]);
    let (fill_bits, star_at) = match rest {
        [b',', b'*', ..] => (0, 1),
        [b',', fill @ b'0'..=b'5', b'*', ..] => (fill - b'0', 2),
        _ => return None,
    };
    let rest = &rest[star_at..];
    let star = line.len() - rest.len();
    if hex_byte(&rest[1..])? != xor(&line[1..star]) {
        return None;
    }
    let trailer = match line.get(star + 3..) {
        Some([b',', rest @ ..]) => rest,
        Some(rest) => rest,
        None => &[],
    };
    Some(Sentence { total, number, seq_id, channel, payload, fill_bits, trailer })
}

/// [`parse_common_sentence`] of the commonest sentence of all: a payload
/// of 28 characters (a position report) that ends the line as
/// `…,<fill>*hh`, with the payload packed. Where the payload lies is known
/// from its length, and packing it proves it free of `,` and `*` (neither
/// is an armoring character), so it need not be searched. `None` for any
/// other sentence.
#[inline]
pub(crate) fn parse_common_report(line: &[u8]) -> Option<(Sentence<'_>, [u8; 32])> {
    let (total, number, seq_id, channel, start) = parse_common_header(line)?;
    let payload: &[u8; REPORT_CHARS] = line.get(start..start + REPORT_CHARS)?.try_into().ok()?;
    let (fill_bits, star) = match &line[start + REPORT_CHARS..] {
        [b',', b'*', _, _] => (0, line.len() - 3),
        [b',', fill @ b'0'..=b'5', b'*', _, _] => (fill - b'0', line.len() - 3),
        _ => return None,
    };
    let packed = pack_report(payload)?;
    if hex_byte(&line[star + 1..])? != xor(&line[1..star]) {
        return None;
    }
    let sentence = Sentence { total, number, seq_id, channel, payload, fill_bits, trailer: &[] };
    Some((sentence, packed))
}

/// The small fields of a sentence of the usual shape, as
/// [`parse_common_sentence`] reads them, and where its payload starts.
#[inline]
fn parse_common_header(line: &[u8]) -> Option<(u8, u8, Option<u8>, u8, usize)> {
    let rest = line.get(7..)?;
    let (total, number, rest) = match rest {
        [total @ b'1'..=b'9', b',', number @ b'1'..=b'9', b',', rest @ ..] if number <= total => {
            (total - b'0', number - b'0', rest)
        }
        _ => return None,
    };
    let (seq_id, rest) = match rest {
        [b',', rest @ ..] => (None, rest),
        [seq @ b'0'..=b'9', b',', rest @ ..] => (Some(seq - b'0'), rest),
        _ => return None,
    };
    let (channel, rest) = match rest {
        [b',', rest @ ..] => (0, rest),
        [channel, b',', rest @ ..] if *channel != b'*' => (*channel, rest),
        _ => return None,
    };
    Some((total, number, seq_id, channel, line.len() - rest.len()))
}

/// The index of the first `,` or `*`, eight bytes at a time; `None` when
/// the first is a `*` or there is neither.
#[inline]
fn find_comma_or_star(bytes: &[u8]) -> Option<usize> {
    let mut start = 0;
    while start < bytes.len() {
        let word = load_padded(bytes, start);
        let found = bytes_equal(word, b',') | bytes_equal(word, b'*');
        if found != 0 {
            let idx = start + (found.trailing_zeros() / 8) as usize;
            return (bytes.get(idx) == Some(&b',')).then_some(idx);
        }
        start += 8;
    }
    None
}

/// Parses and checks one sentence of any shape (which [`is_vdm`] accepted).
///
/// One pass over the body finds the commas and computes the checksum
/// together, as this runs once per sentence.
fn parse_any_sentence(line: &[u8]) -> Result<Sentence<'_>, SentenceError> {
    // Field boundaries: commas[k] is the index of the k-th comma in `line`.
    let mut commas = [0usize; 7];
    let mut n_commas = 0;
    // Eight bytes at a time from index 1: the words are XORed together for
    // the checksum, and the commas and the first `*` of each word are
    // picked out of a mask. Past the end the word is zero-padded, and zero
    // bytes change neither the checksum nor the mask.
    let mut sum = 0u64;
    let mut star = None;
    let mut start = 1;
    while start < line.len() {
        let word = load_padded(line, start);
        let stars = bytes_equal(word, b'*');
        let mut commas_here = bytes_equal(word, b',');
        let before_star = if stars == 0 {
            u64::MAX
        } else {
            // The bits of the bytes before the first `*`.
            let star_byte = stars.trailing_zeros() / 8;
            star = Some(start + star_byte as usize);
            (1u64 << (star_byte * 8)).wrapping_sub(1)
        };
        sum ^= word & before_star;
        commas_here &= before_star;
        while commas_here != 0 {
            if n_commas < commas.len() {
                commas[n_commas] = start + (commas_here.trailing_zeros() / 8) as usize;
            }
            n_commas += 1;
            commas_here &= commas_here - 1;
        }
        if star.is_some() {
            break;
        }
        start += 8;
    }
    let sum = fold_xor(sum);
    let star = star.ok_or(SentenceError::Malformed)?;
    let expected = hex_byte(&line[star + 1..]).ok_or(SentenceError::Malformed)?;
    let trailer = match line.get(star + 3..) {
        Some([b',', rest @ ..]) => rest,
        Some(rest) => rest,
        None => &[],
    };
    // Talker and type, then six fields: six commas, no more.
    if n_commas != 6 {
        return Err(SentenceError::Malformed);
    }
    if sum != expected {
        return Err(SentenceError::BadChecksum);
    }
    let field = |k: usize| {
        let end = if k + 1 < 6 { commas[k + 1] } else { star };
        &line[commas[k] + 1..end]
    };
    let digit = |field: &[u8]| match field {
        [d @ b'0'..=b'9'] => Some(d - b'0'),
        _ => None,
    };
    let total = digit(field(0)).filter(|&t| t >= 1).ok_or(SentenceError::Malformed)?;
    let number =
        digit(field(1)).filter(|&n| (1..=total).contains(&n)).ok_or(SentenceError::Malformed)?;
    let seq_id = match field(2) {
        [] => None,
        seq => Some(digit(seq).ok_or(SentenceError::Malformed)?),
    };
    let channel = match field(3) {
        [] => 0,
        [c] => *c,
        _ => return Err(SentenceError::Malformed),
    };
    let payload = field(4);
    let fill_bits = match field(5) {
        [] => 0,
        fill => digit(fill).filter(|&f| f <= 5).ok_or(SentenceError::Malformed)?,
    };
    Ok(Sentence { total, number, seq_id, channel, payload, fill_bits, trailer })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentence_fields() {
        let line =
            b"!AIVDM,2,1,7,B,53aDpaT000010;CKKB0h4Q8TpLDr222222222216<P:656rd07Tai0CKk5hD,0*74";
        let s = parse_sentence(line).unwrap();
        assert_eq!((s.total, s.number, s.seq_id, s.channel, s.fill_bits), (2, 1, Some(7), b'B', 0));
        assert!(s.trailer.is_empty());
    }

    #[test]
    fn trailing_epoch_does_not_break_the_checksum() {
        let line = b"!AIVDM,1,1,,B,15?t00002Sctd0aial1<Wb@>0@4W,0*18,1328182324635";
        let s = parse_sentence(line).unwrap();
        assert_eq!(parse_trailing_epoch(s.trailer), Some(Timestamp(1_328_182_324_635)));
        assert_eq!(parse_trailing_epoch(b"1327658220"), Some(Timestamp(1_327_658_220_000)));
        let uscg = b"d-109,S2105,t050056.00,T56.13718694,r003669946,1325394060,1325394001";
        assert_eq!(parse_trailing_epoch(uscg), Some(Timestamp(1_325_394_060_000)));
        assert_eq!(parse_trailing_epoch(b"'"), None);
    }

    #[test]
    fn checksum_and_shape_errors() {
        let bad = b"!AIVDM,1,1,,B,15?t00002Sctd0aial1<Wb@>0@4W,0*19";
        assert_eq!(parse_sentence(bad), Err(SentenceError::BadChecksum));
        assert_eq!(parse_sentence(b"!AIVDM,1,1,,B,15?t0,0"), Err(SentenceError::Malformed));
        assert_eq!(parse_sentence(b"!AIVDM,1,1,,B*00"), Err(SentenceError::Malformed));
        assert_eq!(parse_sentence(b"!AIVDM,1,1,,B,1,0,,,,*00"), Err(SentenceError::Malformed));
        // Fragment number larger than the count.
        let body = b"AIVDM,1,2,,B,1,0";
        let line = format!("!{}*{:02X}", std::str::from_utf8(body).unwrap(), xor(body));
        assert_eq!(parse_sentence(line.as_bytes()), Err(SentenceError::Malformed));
        assert!(is_vdm(b"!BSVDO,1,1"));
        assert!(!is_vdm(b"$PSHI,001"));
        assert!(is_vdm(b"!=IVDM,1,1"));
        assert!(is_vdm(b"!--VDM,1,1"));
        assert!(!is_vdm(b"!,AVDM,1,1"));
    }

    #[test]
    fn tag_blocks() {
        let block = parse_tag_block(b"s:rORBCOMM104,q:u,c:1418172113,T:2014-12-10 00.41.53*55");
        let time = Some(Timestamp(1_418_172_113_000));
        assert_eq!(block, TagBlock { time, checksum_ok: true, group: None });
        let block = parse_tag_block(b"c:1599239526500,s:sdr-experiments,T:2020-09-04 18.12.06*5D");
        assert_eq!(block.time, Some(Timestamp(1_599_239_526_500)));
        assert!(block.checksum_ok);
        let block = parse_tag_block(b"c:1420030798*00");
        assert_eq!(block.time, Some(Timestamp(1_420_030_798_000)));
        assert!(!block.checksum_ok);
        assert_eq!(parse_tag_block(b"g:2-2-1604").time, None);
    }

    #[test]
    fn tag_groups() {
        let group = |content: &[u8]| parse_tag_block(content).group;
        let expected = TagGroup { number: 1, total: 2, id: 1278 };
        assert_eq!(group(b"g:1-2-1278,s:66,c:1661782369*43"), Some(expected));
        assert_eq!(group(b"g:2-2-1278*51").map(|g| (g.number, g.id)), Some((2, 1278)));
        // GFW's bad-tagblock-group sample: extra dash before the ID.
        assert_eq!(group(b"g:1-2--001,c:1326055296*3C").map(|g| g.id), Some(1));
        // Spire writes `g:2-1-1` (part 2 of 1): malformed, ignored.
        assert_eq!(group(b"g:2-1-1*00"), None);
        assert_eq!(group(b"g:BAD-GROUP,c:1326055296*3C"), None);
        assert_eq!(group(b"g:1-2-"), None);
        assert_eq!(group(b"g:0-2-5"), None);
    }

    #[test]
    fn pghp_lines() {
        let line = b"$PGHP,1,2013,11,12,12,0,0,11,219,,2190067,1,62*26";
        assert_eq!(parse_pghp(line), Timestamp::from_civil(2013, 11, 12, 12, 0, 0, 11));
        assert_eq!(parse_pghp(b"$PGHP,1,2013,13,12,12,0,0,11*00"), None);
        assert_eq!(parse_pghp(b"$PGHP,2,2013,11,12,12,0,0,11"), None);
        assert_eq!(parse_pghp(b"$PGHP,1,2013,11,12,12,0,0*11"), None);
        assert_eq!(parse_pghp(b"$PGHP,1,2013,11,12,12,0,0,"), None);
        assert_eq!(
            parse_pghp(b"$PGHP,1,2013,11,12,12,0,0,5"),
            Timestamp::from_civil(2013, 11, 12, 12, 0, 0, 5)
        );
        assert_eq!(parse_pghp(b"$PGHP,11,2013,11,12,12,0,0,5"), None);
    }
    /// The sentence parser before it read eight bytes at a time and took
    /// the usual shape first: one byte at a time.
    fn reference_parse_sentence(line: &[u8]) -> Result<Sentence<'_>, SentenceError> {
        let mut commas = [0usize; 7];
        let mut n_commas = 0;
        let mut sum = 0u8;
        let mut star = None;
        for (idx, &b) in line.iter().enumerate().skip(1) {
            if b == b'*' {
                star = Some(idx);
                break;
            }
            sum ^= b;
            if b == b',' {
                if n_commas < commas.len() {
                    commas[n_commas] = idx;
                }
                n_commas += 1;
            }
        }
        let star = star.ok_or(SentenceError::Malformed)?;
        let expected = hex_byte(&line[star + 1..]).ok_or(SentenceError::Malformed)?;
        let trailer = match line.get(star + 3..) {
            Some([b',', rest @ ..]) => rest,
            Some(rest) => rest,
            None => &[],
        };
        if n_commas != 6 {
            return Err(SentenceError::Malformed);
        }
        if sum != expected {
            return Err(SentenceError::BadChecksum);
        }
        let field = |k: usize| &line[commas[k] + 1..if k + 1 < 6 { commas[k + 1] } else { star }];
        let digit = |field: &[u8]| match field {
            [d @ b'0'..=b'9'] => Some(d - b'0'),
            _ => None,
        };
        let total = digit(field(0)).filter(|&t| t >= 1).ok_or(SentenceError::Malformed)?;
        let number = digit(field(1))
            .filter(|&n| (1..=total).contains(&n))
            .ok_or(SentenceError::Malformed)?;
        let seq_id = match field(2) {
            [] => None,
            seq => Some(digit(seq).ok_or(SentenceError::Malformed)?),
        };
        let channel = match field(3) {
            [] => 0,
            [c] => *c,
            _ => return Err(SentenceError::Malformed),
        };
        let fill_bits = match field(5) {
            [] => 0,
            fill => digit(fill).filter(|&f| f <= 5).ok_or(SentenceError::Malformed)?,
        };
        Ok(Sentence { total, number, seq_id, channel, payload: field(4), fill_bits, trailer })
    }

    /// The word-at-a-time parser and the usual-shape parser agree with the
    /// byte-at-a-time reference on sentences mutated at random, most of
    /// them with their checksum made right again.
    #[test]
    fn sentence_parsers_agree_with_the_reference() {
        let seeds: &[&[u8]] = &[
            b"!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4A",
            b"!AIVDM,2,1,7,B,53aDpaT000010;CKKB0h4Q8TpLDr222222222216<P:656rd07Tai0CKk5hD,0*74",
            b"!BSVDM,1,1,,A,13@:`L001N0ded0O6Fp8wW<00<0t,0*62,1327658220",
            b"!AIVDO,1,1,,,B52K>;h00Fc>jpUlNV@ikwpUoP06,0*4C",
            b"!AIVDM,2,2,7,B,Q1C`8888880,2*63\\c:1*00\\!AIVDM",
        ];
        let alphabet = b"!*,0123456789ABVDMw`\\ \xff";
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        let mut below = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let (mut common, mut reports, mut checked) = (0, 0, 0);
        for _ in 0..200_000 {
            let mut line = seeds[below(seeds.len())].to_vec();
            for _ in 0..below(4) {
                let idx = below(line.len());
                match below(3) {
                    0 => line[idx] = alphabet[below(alphabet.len())],
                    1 => {
                        line.remove(idx);
                    }
                    _ => line.insert(idx, alphabet[below(alphabet.len())]),
                }
            }
            if below(4) != 0 {
                if let Some(star) = line.iter().skip(1).position(|&b| b == b'*') {
                    let star = star + 1;
                    if star + 2 < line.len() {
                        let hex = format!("{:02X}", xor(&line[1..star]));
                        line[star + 1..star + 3].copy_from_slice(hex.as_bytes());
                    }
                }
            }
            if !is_vdm(&line) {
                continue;
            }
            checked += 1;
            let expected = reference_parse_sentence(&line);
            assert_eq!(parse_sentence(&line), expected, "{:?}", String::from_utf8_lossy(&line));
            if let Some(sentence) = parse_common_sentence(&line) {
                common += 1;
                assert_eq!(Ok(sentence), expected, "{:?}", String::from_utf8_lossy(&line));
            }
            if let Some((sentence, _)) = parse_common_report(&line) {
                reports += 1;
                assert_eq!(Ok(sentence), expected, "{:?}", String::from_utf8_lossy(&line));
            }
        }
        assert!(checked > 100_000 && common > 30_000, "{checked} checked, {common} common");
        assert!(reports > 10_000, "{reports} reports");
    }

    #[test]
    fn bytes_are_found_and_xored_a_word_at_a_time() {
        let text = b"ab\\cdefghijklmnop*,\\qrstuvwxyz0123456789\xff\x8a\x0b\\\x00tail";
        for start in 0..text.len() {
            for end in start..=text.len() {
                let slice = &text[start..end];
                for byte in [b'\\', b'*', 0, 0xff, b'l'] {
                    assert_eq!(find_byte(slice, byte), slice.iter().position(|&b| b == byte));
                }
                assert_eq!(xor(slice), slice.iter().fold(0, |acc, b| acc ^ b));
                for other in [&text[..slice.len()], &text[text.len() - slice.len()..], slice] {
                    assert_eq!(same_bytes(slice, other), slice == other);
                }
                assert!(!same_bytes(slice, &text[start..]) || end == text.len());
            }
        }
    }

    /// The remembering `$PGHP` reader reads every line as `parse_pghp` does,
    /// whatever line came before.
    #[test]
    fn pghp_reader_agrees_with_parse_pghp() {
        let lines: &[&[u8]] = &[
            b"$PGHP,1,2013,11,12,12,0,0,11,219,,2190067,1,62*26",
            b"$PGHP,1,2013,11,12,12,0,0,26,219,,2190074,1,67*25",
            b"$PGHP,1,2013,11,12,12,0,0,999",
            b"$PGHP,1,2013,11,12,12,0,0,1000,1",
            b"$PGHP,1,2013,11,12,12,0,0,",
            b"$PGHP,1,2013,11,12,12,0,0,7*",
            b"$PGHP,1,2013,11,12,12,0,0,7x",
            b"$PGHP,1,2013,11,12,12,0,0,0000000000000000007",
            b"$PGHP,1,2013,11,12,12,0,0,00000000000000000007",
            b"$PGHP,1,2013,11,12,12,0,1,5",
            b"$PGHP,1,2013,11,12,12,0,0",
            b"$PGHP,1,2013,13,12,12,0,0,5",
            b"$PGHP,1,2013,11,12,12,0,0,5\r",
        ];
        let mut reader = PghpReader::default();
        for &first in lines {
            for &second in lines {
                reader.read(first);
                assert_eq!(reader.read(second), parse_pghp(second), "{second:?} after {first:?}");
            }
        }
    }
}
