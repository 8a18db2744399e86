//! NMEA 0183 framing: `!xxVDM`/`!xxVDO` sentences, their checksums, NMEA 4
//! tag blocks, `$PGHP` timestamp lines and trailing epoch fields.
//!
//! # References
//! IEC 61162-1 (NMEA 0183) §8.3 for the AIVDM/AIVDO sentence; NMEA 0183 v4
//! §7.9 for tag blocks (`\c:<epoch>,s:<source>,g:<n>-<of>-<id>*hh\`); the
//! Gatehouse `$PGHP,1,<year>,<month>,<day>,<hour>,<minute>,<second>,<ms>,…`
//! proprietary sentence as written by the Danish Maritime Authority.

use crate::time::Timestamp;

/// The XOR of all bytes, as the NMEA checksum is computed.
pub(crate) fn xor(bytes: &[u8]) -> u8 {
    bytes.iter().fold(0, |acc, b| acc ^ b)
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
            block.time = parse_uint(value).map(|v| Timestamp::from_epoch_guess(v as i64));
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
    let body = line.strip_prefix(b"$PGHP,1,")?;
    // One pass: digits accumulate, a comma ends a field; the seventh may
    // also end at the checksum or the end of the line. Anything else, an
    // empty field or more than 18 digits, and the line gives no time.
    let mut fields = [0u64; 7];
    let mut n_fields = 0;
    let (mut value, mut digits) = (0u64, 0u32);
    for &b in body {
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
    Timestamp::from_civil(
        i64::try_from(year).ok()?,
        small(month)?,
        small(day)?,
        small(hour)?,
        small(minute)?,
        small(second)?,
        small(millis)?,
    )
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
        .map(|v| Timestamp::from_epoch_guess(v as i64))
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

/// Parses and checks one `!xxVDM`/`!xxVDO` sentence (which [`is_vdm`] accepted).
///
/// One pass over the body finds the commas and computes the checksum
/// together, as this runs once per sentence.
pub(crate) fn parse_sentence(line: &[u8]) -> Result<Sentence<'_>, SentenceError> {
    // Field boundaries: commas[k] is the index of the k-th comma in `line`.
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
            if n_commas >= commas.len() {
                n_commas += 1;
                continue;
            }
            commas[n_commas] = idx;
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
}
