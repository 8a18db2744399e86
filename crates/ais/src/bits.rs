//! The payload as bits: 6-bit de-armoring, packing into bytes, and field reads.
//!
//! # References
//! ITU-R M.1371-5 Annex 8 gives the field layouts; IEC 61162-1 (NMEA 0183)
//! §8 the 6-bit "armoring" of the payload characters.
//!
//! The payload is packed once into big-endian bytes, with eight zero bytes of
//! slack after the end, so that reading any field is one unaligned 64-bit
//! load, a shift and a mask: no `Vec<bool>` and no per-bit loop. Bits past the
//! end of the message read as zero, as the fill bits and the slack are zeroed.

/// Why a payload could not be turned into bits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ArmorError {
    /// A character outside `0`–`W` and `` ` ``–`w`.
    BadChar,
}

/// The 6-bit value of each byte as an armored payload character, or
/// [`NOT_ARMOR`] for bytes outside the alphabet: one table lookup per
/// character instead of two range tests.
const SIXBIT: [u8; 256] = {
    let mut table = [NOT_ARMOR; 256];
    let mut c = 0;
    while c < 256 {
        table[c] = match c as u8 {
            b'0'..=b'W' => c as u8 - 48,
            b'`'..=b'w' => c as u8 - 56,
            _ => NOT_ARMOR,
        };
        c += 1;
    }
    table
};

/// The [`SIXBIT`] entry of a byte that is not an armoring character; its
/// top bits are set, which no 6-bit value has.
const NOT_ARMOR: u8 = 0xFF;

/// The 6-bit value of one armored payload character, or `None` when the
/// character is not in the armoring alphabet (the tests' reference).
#[cfg(test)]
pub(crate) fn sixbit(c: u8) -> Option<u8> {
    let value = SIXBIT[usize::from(c)];
    (value != NOT_ARMOR).then_some(value)
}

/// A reusable buffer that armored payloads are packed into, one at a time.
///
/// It keeps its length (room for [`MAX_PAYLOAD_CHARS`](crate::MAX_PAYLOAD_CHARS)
/// characters and the slack), so that packing writes whole 64-bit words
/// without resizing, zeroing or bounds growth on every message.
#[derive(Debug, Clone)]
pub(crate) struct PackBuffer {
    bytes: Vec<u8>,
}

impl Default for PackBuffer {
    fn default() -> PackBuffer {
        PackBuffer { bytes: vec![0; room_for(crate::MAX_PAYLOAD_CHARS)] }
    }
}

/// Bytes needed to pack `n_chars` characters: 6 per 8 characters, a last
/// whole word written past them, and 8 bytes of zero slack.
fn room_for(n_chars: usize) -> usize {
    n_chars.div_ceil(8) * 6 + 8 + 8
}

impl PackBuffer {
    /// Packs armored characters and returns their bits: six per character
    /// minus `fill_bits`, zero past the end.
    ///
    /// Eight characters (48 bits) become six bytes at a time, written as
    /// one word; a character outside the alphabet is caught by OR-ing the
    /// table values, whose top bits only [`NOT_ARMOR`] sets.
    pub(crate) fn pack(&mut self, payload: &[u8], fill_bits: u8) -> Result<Bits<'_>, ArmorError> {
        if self.bytes.len() < room_for(payload.len()) {
            self.bytes.resize(room_for(payload.len()), 0);
        }
        let out = &mut self.bytes[..];
        let mut chunks = payload.chunks_exact(8);
        let mut at = 0;
        for chunk in &mut chunks {
            let (word, bad) = sixbit_word(chunk);
            if bad {
                return Err(ArmorError::BadChar);
            }
            out[at..at + 8].copy_from_slice(&(word << 16).to_be_bytes());
            at += 6;
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let (word, bad) = sixbit_word(rest);
            if bad {
                return Err(ArmorError::BadChar);
            }
            let aligned = word << (64 - 6 * rest.len() as u32);
            out[at..at + 8].copy_from_slice(&aligned.to_be_bytes());
        }
        let n_bits = (payload.len() * 6).saturating_sub(usize::from(fill_bits));
        // Zero the fill bits and the slack, so that reads past the end see zeros.
        let full_bytes = n_bits / 8;
        let rem = n_bits % 8;
        let used = if rem > 0 {
            out[full_bytes] &= 0xFFu8 << (8 - rem);
            full_bytes + 1
        } else {
            full_bytes
        };
        out[used..used + 8].copy_from_slice(&[0; 8]);
        Ok(Bits::new(&self.bytes[..used + 8], n_bits))
    }
}

/// The number of characters of a single-sentence position report (types
/// 1–3 and 18: 168 bits).
pub(crate) const REPORT_CHARS: usize = 28;

/// Packs a payload of exactly [`REPORT_CHARS`] characters into a fixed
/// array (21 bytes of bits, then zeros), or `None` when a character is
/// outside the alphabet: [`PackBuffer::pack`] without its buffer, for the
/// commonest message of all. Unlike `pack`, the fill bits are not zeroed;
/// the position fields end before them.
#[inline]
pub(crate) fn pack_report(payload: &[u8; REPORT_CHARS]) -> Option<[u8; 32]> {
    let mut out = [0u8; 32];
    let mut bad = false;
    for (idx, chunk) in payload.chunks_exact(8).enumerate() {
        let (word, chunk_bad) = sixbit_word(chunk);
        bad |= chunk_bad;
        out[idx * 6..idx * 6 + 8].copy_from_slice(&(word << 16).to_be_bytes());
    }
    let (word, last_bad) = sixbit_word(&payload[24..]);
    out[18..26].copy_from_slice(&(word << 40).to_be_bytes());
    (!(bad | last_bad)).then_some(out)
}

/// Up to eight characters as 6-bit values in the low bits of a word, first
/// character highest; and whether any was outside the alphabet.
#[inline(always)]
fn sixbit_word(chars: &[u8]) -> (u64, bool) {
    let mut word = 0u64;
    let mut seen = 0u8;
    for &c in chars {
        let value = SIXBIT[usize::from(c)];
        seen |= value;
        word = (word << 6) | u64::from(value);
    }
    (word, seen & 0xC0 != 0)
}

/// Read access to a packed payload.
#[derive(Clone, Copy)]
pub(crate) struct Bits<'a> {
    bytes: &'a [u8],
    n_bits: usize,
}

impl<'a> Bits<'a> {
    /// `bytes` must come from [`PackBuffer::pack`] (it carries eight bytes of zero slack).
    pub(crate) fn new(bytes: &'a [u8], n_bits: usize) -> Bits<'a> {
        Bits { bytes, n_bits }
    }

    /// The number of message bits.
    pub(crate) fn len(&self) -> usize {
        self.n_bits
    }

    /// `len` (1–57) bits from bit `start` as an unsigned integer; zeros past the end.
    #[inline]
    pub(crate) fn u(&self, start: usize, len: u32) -> u64 {
        debug_assert!((1..=57).contains(&len));
        let byte = start / 8;
        let word = match self.bytes.get(byte..byte + 8) {
            Some(slice) => u64::from_be_bytes(slice.try_into().unwrap_or([0; 8])),
            None => {
                let mut buf = [0u8; 8];
                if let Some(tail) = self.bytes.get(byte..) {
                    buf[..tail.len()].copy_from_slice(tail);
                }
                u64::from_be_bytes(buf)
            }
        };
        (word << (start % 8)) >> (64 - len)
    }

    /// `len` bits as a two's-complement signed integer.
    #[inline]
    pub(crate) fn i(&self, start: usize, len: u32) -> i64 {
        let raw = self.u(start, len);
        ((raw << (64 - len)) as i64) >> (64 - len)
    }

    /// `len` bits from `start` as a signed integer, or `None` when the
    /// payload ends before the field does: a truncated message's position is
    /// unknown, not zero.
    #[inline]
    pub(crate) fn i_whole(&self, start: usize, len: u32) -> Option<i64> {
        (start + len as usize <= self.n_bits).then(|| self.i(start, len))
    }

    /// One bit as a flag.
    #[inline]
    pub(crate) fn flag(&self, start: usize) -> bool {
        self.u(start, 1) == 1
    }

    /// `n_chars` 6-bit characters of AIS text (ITU-R M.1371-5 Table 47),
    /// ending at the first `@` (the padding character) and trimmed of
    /// trailing spaces, as gpsd and pyais do.
    pub(crate) fn text<const N: usize>(&self, start: usize, n_chars: usize) -> AisText<N> {
        let mut text = AisText::<N>::EMPTY;
        let mut len = 0;
        for idx in 0..n_chars.min(N) {
            let value = self.u(start + idx * 6, 6) as u8;
            if value == 0 {
                break;
            }
            text.buf[idx] = if value < 32 { value + 64 } else { value };
            len = idx + 1;
        }
        while len > 0 && text.buf[len - 1] == b' ' {
            len -= 1;
        }
        text.len = len as u8;
        text
    }
}

/// Text from a 6-bit AIS field, stored inline (no allocation), at most `N`
/// characters, trailing `@` padding and spaces removed.
///
/// The 6-bit alphabet is a subset of ASCII (`@A–Z[\]^_ !"#$%&'()*+,-./0–9:;<=>?`),
/// so the text is always valid UTF-8.
#[derive(Clone, Copy)]
pub struct AisText<const N: usize> {
    len: u8,
    buf: [u8; N],
}

impl<const N: usize> AisText<N> {
    /// The empty text.
    pub const EMPTY: AisText<N> = AisText { len: 0, buf: [0; N] };

    /// The text.
    pub fn as_str(&self) -> &str {
        // Only bytes of the 6-bit alphabet (all ASCII) are ever stored.
        std::str::from_utf8(&self.buf[..usize::from(self.len)]).unwrap_or("")
    }

    /// Whether there is no text (the field was all padding).
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Appends another text, as far as it fits (type 21's name extension).
    pub(crate) fn push_str(&mut self, extra: &str) {
        for &byte in extra.as_bytes() {
            if usize::from(self.len) < N {
                self.buf[usize::from(self.len)] = byte;
                self.len += 1;
            }
        }
    }
}

impl<const N: usize> std::fmt::Debug for AisText<N> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl<const N: usize> std::fmt::Display for AisText<N> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

// Equality and hashing look at the text only: bytes past `len` (left over
// from a longer text before trimming) must not make equal texts differ.
impl<const N: usize> PartialEq for AisText<N> {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl<const N: usize> Eq for AisText<N> {}

impl<const N: usize> std::hash::Hash for AisText<N> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl<const N: usize> PartialEq<str> for AisText<N> {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl<const N: usize> PartialEq<&str> for AisText<N> {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_equal_by_content_whatever_lies_past_their_length() {
        use std::hash::{BuildHasher, RandomState};
        let mut trimmed = AisText::<8>::EMPTY;
        trimmed.push_str("AB  ");
        trimmed.len = 2; // as `text` leaves it after trimming spaces
        let mut plain = AisText::<8>::EMPTY;
        plain.push_str("AB");
        assert_ne!(trimmed.buf, plain.buf);
        assert_eq!(trimmed, plain);
        let hasher = RandomState::new();
        assert_eq!(hasher.hash_one(trimmed), hasher.hash_one(plain));
    }

    fn packed(payload: &str, fill: u8) -> (Vec<u8>, usize) {
        let mut buffer = PackBuffer::default();
        let bits = buffer.pack(payload.as_bytes(), fill).unwrap();
        (bits.bytes.to_vec(), bits.len())
    }

    fn pack_error(payload: &[u8]) -> Option<ArmorError> {
        PackBuffer::default().pack(payload, 0).err()
    }

    #[test]
    fn armoring_covers_both_ranges() {
        assert_eq!(sixbit(b'0'), Some(0));
        assert_eq!(sixbit(b'W'), Some(39));
        assert_eq!(sixbit(b'`'), Some(40));
        assert_eq!(sixbit(b'w'), Some(63));
        assert_eq!(sixbit(b'X'), None);
        assert_eq!(sixbit(b'x'), None);
    }

    #[test]
    fn reads_unsigned_signed_and_past_the_end() {
        let (bytes, n) = packed("w0", 0);
        let bits = Bits::new(&bytes, n);
        assert_eq!(bits.len(), 12);
        assert_eq!(bits.u(0, 6), 63);
        assert_eq!(bits.i(0, 6), -1);
        assert_eq!(bits.u(6, 6), 0);
        assert_eq!(bits.u(12, 30), 0);
        assert_eq!(bits.u(3, 6), 0b111000);
    }

    #[test]
    fn fill_bits_are_zeroed() {
        let (bytes, n) = packed("w", 2);
        let bits = Bits::new(&bytes, n);
        assert_eq!(n, 4);
        assert_eq!(bits.u(0, 6), 0b111100);
    }

    #[test]
    fn bad_character_is_an_error() {
        for payload in [&b"1x"[..], b"1234x678", b"12\xff4", b"12345678123456,8", b"123456781*"] {
            assert_eq!(pack_error(payload), Some(ArmorError::BadChar), "{payload:?}");
        }
        assert_eq!(pack_error(b"1234567812345678w"), None);
    }

    /// The packing of eight characters at a time agrees with a bit-by-bit
    /// reference for every length and fill-bit count, whatever a longer
    /// payload packed before left in the buffer.
    #[test]
    fn packing_matches_bit_by_bit() {
        let alphabet: Vec<u8> = (b'0'..=b'W').chain(b'`'..=b'w').collect();
        for len in 0..40 {
            let payload: Vec<u8> =
                (0..len).map(|i| alphabet[(i * 37 + len * 11) % alphabet.len()]).collect();
            for fill in 0..6u8 {
                let mut bits: Vec<u8> = payload
                    .iter()
                    .flat_map(|&c| {
                        let v = sixbit(c).unwrap();
                        (0..6).rev().map(move |k| (v >> k) & 1)
                    })
                    .collect();
                let n_bits = bits.len().saturating_sub(usize::from(fill));
                bits.truncate(n_bits);
                let mut expected: Vec<u8> = bits
                    .chunks(8)
                    .map(|byte| byte.iter().enumerate().fold(0, |acc, (k, b)| acc | b << (7 - k)))
                    .collect();
                expected.extend_from_slice(&[0; 8]);
                let mut buffer = PackBuffer::default();
                let long = vec![b'w'; 60];
                buffer.pack(&long, 0).unwrap();
                let bits = buffer.pack(&payload, fill).unwrap();
                assert_eq!(bits.len(), n_bits);
                assert_eq!(bits.bytes, &expected[..], "len {len} fill {fill}");
            }
        }
    }
}
