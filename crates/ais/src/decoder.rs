//! The streaming decoder: lines in, messages out, with reassembly of
//! multi-sentence messages, timestamps, and counts of what was rejected.

use crate::bits::{pack_report, Bits, PackBuffer, REPORT_CHARS};
use crate::columns::{packed_report_row, position_row, PositionColumns};
use crate::message::{decode_body, Message, MIN_BITS};
use crate::nmea::{self, PghpReader, SentenceError, TagBlockReader};
use crate::time::Timestamp;

/// Lines longer than this many bytes are rejected unread (an NMEA sentence
/// is at most 82 characters; tag blocks and trailing fields add a few hundred).
pub const MAX_LINE_LEN: usize = 1024;
/// At most this many multi-sentence groups wait for their missing parts; when
/// one more starts, the oldest is dropped and counted as incomplete.
pub const DEFAULT_MAX_PENDING: usize = 256;
/// A group still incomplete this many lines after its first part is dropped.
pub const DEFAULT_MAX_GROUP_AGE: u64 = 1000;
/// At most this many payload characters in a reassembled message (5 slots
/// of 256 bits each need 214; 9 full sentences need about 550).
pub const MAX_PAYLOAD_CHARS: usize = 1024;

/// Why a line, or a group of lines, gave no message. Each reason is counted
/// in [`Stats::rejected`]; none of them stops decoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Reason {
    /// The line is longer than [`MAX_LINE_LEN`]. Remedy: none; it is not NMEA.
    LineTooLong,
    /// The line is neither a VDM/VDO sentence, a tag block, `$PGHP`, a
    /// comment (`#`) nor blank: other NMEA sentences (`$PSHI`, `$AIVSI`) and noise.
    NotAis,
    /// The `*hh` checksum does not match: the line was damaged in transit.
    BadChecksum,
    /// A VDM/VDO sentence with a missing checksum, a wrong number of fields,
    /// or a bad fragment count, number, sequence ID, channel or fill-bit count.
    Malformed,
    /// The tag block has no closing backslash.
    BadTagBlock,
    /// The payload holds a character outside the 6-bit armoring alphabet.
    BadPayload,
    /// The payload is empty (some receivers emit `!AIVDM,1,1,,B,,0*25`).
    EmptyPayload,
    /// Fewer than 38 bits: not even type, repeat and MMSI.
    TooShort,
    /// Message type 0 or 28–63, which ITU-R M.1371-5 does not define.
    UnknownType,
    /// A later part of a multi-sentence message whose first part was not seen.
    OrphanFragment,
    /// A part that was already received for its group (ignored).
    DuplicateFragment,
    /// A multi-sentence message dropped with parts missing: superseded by a
    /// new first part with the same sequence ID and channel, too old, over
    /// the pending limit, or still open at the end of the input.
    IncompleteGroup,
    /// The reassembled payload is longer than [`MAX_PAYLOAD_CHARS`].
    PayloadTooLong,
    /// A type 24 message with part number 2 or 3; only 0 (A) and 1 (B) exist.
    BadPartNumber,
}

impl Reason {
    /// Every reason, in the order of [`Stats::rejected`].
    pub const ALL: [Reason; 14] = [
        Reason::LineTooLong,
        Reason::NotAis,
        Reason::BadChecksum,
        Reason::Malformed,
        Reason::BadTagBlock,
        Reason::BadPayload,
        Reason::EmptyPayload,
        Reason::TooShort,
        Reason::UnknownType,
        Reason::OrphanFragment,
        Reason::DuplicateFragment,
        Reason::IncompleteGroup,
        Reason::PayloadTooLong,
        Reason::BadPartNumber,
    ];

    /// A stable snake_case name, used in statistics output.
    pub fn name(self) -> &'static str {
        match self {
            Reason::LineTooLong => "line_too_long",
            Reason::NotAis => "not_ais",
            Reason::BadChecksum => "bad_checksum",
            Reason::Malformed => "malformed",
            Reason::BadTagBlock => "bad_tag_block",
            Reason::BadPayload => "bad_payload",
            Reason::EmptyPayload => "empty_payload",
            Reason::TooShort => "too_short",
            Reason::UnknownType => "unknown_type",
            Reason::OrphanFragment => "orphan_fragment",
            Reason::DuplicateFragment => "duplicate_fragment",
            Reason::IncompleteGroup => "incomplete_group",
            Reason::PayloadTooLong => "payload_too_long",
            Reason::BadPartNumber => "bad_part_number",
        }
    }

    fn index(self) -> usize {
        Reason::ALL.iter().position(|&r| r == self).unwrap_or(0)
    }
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// One rejection with its location: the line that was rejected, or for a
/// dropped group, the line of its first part.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rejection {
    /// Why.
    pub reason: Reason,
    /// The 1-based line number passed to [`Decoder::push_line`].
    pub line: u64,
}

/// Counts of what the decoder saw.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Stats {
    /// Lines pushed.
    pub lines: u64,
    /// Messages decoded.
    pub messages: u64,
    /// Messages decoded per type, indexed by type (0 unused).
    pub by_type: [u64; 28],
    /// Rejections per [`Reason`], indexed in the order of [`Reason::ALL`].
    pub rejected: [u64; Reason::ALL.len()],
    /// Tag blocks whose checksum was missing or wrong. They are used anyway,
    /// since some feeds write `*00` (AMSA) and pyais and gpsd accept them.
    pub bad_tag_block_checksums: u64,
}

impl Stats {
    /// How many times `reason` was counted.
    pub fn rejected(&self, reason: Reason) -> u64 {
        self.rejected[reason.index()]
    }

    /// All rejections.
    pub fn rejected_total(&self) -> u64 {
        self.rejected.iter().sum()
    }

    /// Adds another decoder's counts (for several files).
    pub fn add(&mut self, other: &Stats) {
        self.lines += other.lines;
        self.messages += other.messages;
        for (mine, theirs) in self.by_type.iter_mut().zip(other.by_type) {
            *mine += theirs;
        }
        for (mine, theirs) in self.rejected.iter_mut().zip(other.rejected) {
            *mine += theirs;
        }
        self.bad_tag_block_checksums += other.bad_tag_block_checksums;
    }
}

/// Decoder settings. Build with [`Options::default`] and change fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// The most multi-sentence groups waiting at once.
    pub max_pending: usize,
    /// Lines after which an incomplete group is dropped.
    pub max_group_age: u64,
    /// The time given to messages that carry none.
    pub default_time: Option<Timestamp>,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            max_pending: DEFAULT_MAX_PENDING,
            max_group_age: DEFAULT_MAX_GROUP_AGE,
            default_time: None,
        }
    }
}

/// Counts a position report of type 1, 2, 3 or 18 and adds its row.
#[inline]
fn count_row(
    stats: &mut Stats,
    bits: &Bits<'_>,
    ts: Option<Timestamp>,
    line_no: u64,
    columns: &mut PositionColumns,
) {
    let msg_type = bits.u(0, 6) as u8;
    stats.messages += 1;
    stats.by_type[usize::from(msg_type)] += 1;
    if let Some(row) = position_row(msg_type, bits, ts, line_no) {
        columns.push_row(row);
    }
}

/// A multi-sentence message being put together.
#[derive(Debug, Default)]
struct Group {
    seq_id: Option<u8>,
    channel: u8,
    /// The tag-block group ID (`g:`) of the first part, if it had one.
    tag_id: Option<u32>,
    total: u8,
    /// Bit `n - 1` is set when part `n` arrived.
    received: u16,
    /// (start, len) of each part's characters in `chars`.
    parts: [(u16, u16); 9],
    chars: Vec<u8>,
    fill_bits: u8,
    ts: Option<Timestamp>,
    first_line: u64,
}

/// Streaming NMEA decoder: push lines in input order, take messages out.
///
/// It keeps only the pending multi-sentence groups, a pending `$PGHP` or
/// tag-block time, reusable buffers and the counts; memory stays bounded
/// by [`Options::max_pending`] whatever the input.
#[derive(Debug)]
pub struct Decoder {
    options: Options,
    pending: Vec<Group>,
    spare: Vec<Group>,
    packer: PackBuffer,
    joined: Vec<u8>,
    /// Reads `$PGHP` lines, remembering the last one's date and time.
    pghp: PghpReader,
    /// Reads tag blocks, remembering the last one.
    tag_blocks: TagBlockReader,
    /// A time from a `$PGHP` line or a tag block alone on its line, for the next sentence.
    next_ts: Option<Timestamp>,
    /// Messages beyond the first completed by one line (see [`Decoder::take_extra`]).
    extra: Vec<Message>,
    stats: Stats,
    last_rejection: Option<Rejection>,
}

impl Default for Decoder {
    fn default() -> Decoder {
        Decoder::new(Options::default())
    }
}

impl Decoder {
    /// A decoder with the given settings.
    pub fn new(options: Options) -> Decoder {
        Decoder {
            options,
            pending: Vec::new(),
            spare: Vec::new(),
            packer: PackBuffer::default(),
            joined: Vec::with_capacity(MAX_PAYLOAD_CHARS),
            pghp: PghpReader::default(),
            tag_blocks: TagBlockReader::default(),
            next_ts: None,
            extra: Vec::new(),
            stats: Stats::default(),
            last_rejection: None,
        }
    }

    /// The counts so far.
    pub fn stats(&self) -> &Stats {
        &self.stats
    }

    /// The most recent rejection, if any.
    pub fn last_rejection(&self) -> Option<Rejection> {
        self.last_rejection
    }

    fn reject(&mut self, reason: Reason, line: u64) {
        self.stats.rejected[reason.index()] += 1;
        self.last_rejection = Some(Rejection { reason, line });
    }

    /// Decodes one line (without or with its line terminator), numbered
    /// `line_no` (1-based, used in [`Message::line`] and [`Rejection::line`]).
    /// Returns a message when the line completes one. A bad line is counted
    /// in [`Decoder::stats`] and otherwise ignored.
    ///
    /// A line may hold several sentences one after the other, each with its
    /// own tag block (GFW's `join_multipart` and Spire write the parts of a
    /// multi-sentence message so). Should such a line complete more than one
    /// message, the first is returned and the others wait in
    /// [`Decoder::take_extra`].
    pub fn push_line(&mut self, line: &[u8], line_no: u64) -> Option<Message> {
        let mut message = None;
        if self.push_common_line(line, line_no, None, &mut message) {
            return message;
        }
        self.push_line_into(line, line_no, None)
    }

    /// The lines of nearly every real log, taken without the generality of
    /// [`Decoder::push_line_into`]: a tag block alone on its line, a
    /// `$PGHP` line, and a single-sentence `!xxVDM` of the usual shape with
    /// nothing after its checksum, while no multi-sentence group is pending.
    /// `true` when it took the line: what `push_line_into` would return is
    /// in `message` (which must be `None` before), its counts and state
    /// changes made; `false`, with nothing changed, for any other line.
    /// (An out-parameter, as a [`Message`] is large and most lines give none.)
    #[inline]
    pub(crate) fn push_common_line(
        &mut self,
        line: &[u8],
        line_no: u64,
        columns: Option<&mut PositionColumns>,
        message: &mut Option<Message>,
    ) -> bool {
        if !self.pending.is_empty() || line.len() > MAX_LINE_LEN {
            return false;
        }
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let (Some(&first), Some(&last)) = (line.first(), line.last()) else { return false };
        if first.is_ascii_whitespace() || last.is_ascii_whitespace() {
            return false;
        }
        match first {
            b'\\' => {
                // Only a tag block that ends the line.
                if last != b'\\' || line.len() < 2 {
                    return false;
                }
                let content = &line[1..line.len() - 1];
                let block = match self.tag_blocks.remembered(content) {
                    Some(block) => block,
                    None if nmea::find_byte(content, b'\\').is_some() => return false,
                    None => self.tag_blocks.parse(content),
                };
                self.stats.lines += 1;
                if !block.checksum_ok {
                    self.stats.bad_tag_block_checksums += 1;
                }
                if block.time.is_some() {
                    self.next_ts = block.time;
                }
                true
            }
            b'$' if line.starts_with(b"$PGHP,") => {
                self.stats.lines += 1;
                self.next_ts = self.pghp.read(line);
                true
            }
            b'!' if nmea::is_vdm(line) => {
                if let Some((sentence, packed)) = nmea::parse_common_report(line) {
                    if sentence.total == 1 {
                        self.push_common_report(&sentence, packed, line_no, columns, message);
                        return true;
                    }
                }
                let Some(sentence) = nmea::parse_common_sentence(line) else { return false };
                if sentence.total != 1 || !sentence.trailer.is_empty() {
                    return false;
                }
                self.stats.lines += 1;
                // No tag block and no trailing epoch: the time of a line before, if any.
                let ts = self.next_ts.take().or(self.options.default_time);
                let (payload, fill_bits) = (sentence.payload, sentence.fill_bits);
                if let Some(columns) = columns {
                    if self.decode_row(payload, fill_bits, ts, line_no, columns) {
                        return true;
                    }
                }
                *message = self.decode(payload, fill_bits, ts, sentence.channel, line_no);
                true
            }
            _ => false,
        }
    }

    /// [`Decoder::push_line`], with single-sentence position reports put
    /// straight into `columns` when given (see [`Decoder::push_line_columns`]).
    pub(crate) fn push_line_into(
        &mut self,
        line: &[u8],
        line_no: u64,
        mut columns: Option<&mut PositionColumns>,
    ) -> Option<Message> {
        self.stats.lines += 1;
        if !self.pending.is_empty() {
            self.expire_groups(line_no);
        }
        if line.len() > MAX_LINE_LEN {
            self.reject(Reason::LineTooLong, line_no);
            return None;
        }
        let rest = line.trim_ascii();
        if rest.is_empty() || rest[0] == b'#' {
            return None;
        }
        let (first, mut next) = self.push_segment(rest, line_no, columns.as_deref_mut());
        let mut result = first;
        while let Some(rest) = next {
            let (message, after) = self.push_segment(rest, line_no, columns.as_deref_mut());
            next = after;
            match (result.is_some(), message) {
                (false, message) => result = message,
                (true, Some(message)) => self.extra.push(message),
                (true, None) => {}
            }
        }
        result
    }

    /// A message completed by the last line pushed beyond the one
    /// [`Decoder::push_line`] returned (only when a line holds several
    /// sentences); call until `None`.
    pub fn take_extra(&mut self) -> Option<Message> {
        (!self.extra.is_empty()).then(|| self.extra.remove(0))
    }

    /// Decodes one `[\tag block\]…sentence` of a line; the rest of the line
    /// when another sentence follows on it.
    fn push_segment<'l>(
        &mut self,
        mut rest: &'l [u8],
        line_no: u64,
        columns: Option<&mut PositionColumns>,
    ) -> (Option<Message>, Option<&'l [u8]>) {
        let mut tag_time = None;
        let mut tag_group = None;
        while let [b'\\', after @ ..] = rest {
            let Some(end) = nmea::find_byte(after, b'\\') else {
                self.reject(Reason::BadTagBlock, line_no);
                return (None, None);
            };
            let block = self.tag_blocks.parse(&after[..end]);
            if !block.checksum_ok {
                self.stats.bad_tag_block_checksums += 1;
            }
            tag_time = tag_time.or(block.time);
            tag_group = tag_group.or(block.group);
            rest = &after[end + 1..];
        }
        if rest.is_empty() {
            // A tag block on a line of its own (DMA's `\si:AISD*3F\`)
            // qualifies the next sentence.
            if tag_time.is_some() {
                self.next_ts = tag_time;
            }
            return (None, None);
        }
        if rest.starts_with(b"$PGHP,") {
            self.next_ts = self.pghp.read(rest);
            return (None, None);
        }
        if !nmea::is_vdm(rest) {
            self.reject(Reason::NotAis, line_no);
            return (None, None);
        }
        let next_ts = self.next_ts.take();
        let mut sentence = match nmea::parse_sentence(rest) {
            Ok(sentence) => sentence,
            Err(SentenceError::BadChecksum) => {
                self.reject(Reason::BadChecksum, line_no);
                return (None, None);
            }
            Err(SentenceError::Malformed) => {
                self.reject(Reason::Malformed, line_no);
                return (None, None);
            }
        };
        // Another sentence (or its tag block) right after the checksum.
        let next = match sentence.trailer.first() {
            Some(b'\\' | b'!') => Some(std::mem::take(&mut sentence.trailer)),
            _ => None,
        };
        let ts = tag_time
            .or(next_ts)
            .or_else(|| nmea::parse_trailing_epoch(sentence.trailer))
            .or(self.options.default_time);
        let message = if sentence.total == 1 {
            if let Some(columns) = columns {
                if self.decode_row(sentence.payload, sentence.fill_bits, ts, line_no, columns) {
                    return (None, next);
                }
            }
            self.decode(sentence.payload, sentence.fill_bits, ts, sentence.channel, line_no)
        } else {
            // The tag block's group counts only when it agrees with the sentence.
            let group = tag_group
                .filter(|g| (g.number, g.total) == (sentence.number, sentence.total))
                .map(|g| g.id);
            self.push_fragment(&sentence, group, ts, line_no)
        };
        (message, next)
    }

    /// Ends the input: drops the groups still waiting (each counted as
    /// [`Reason::IncompleteGroup`]) and forgets any pending time, so the
    /// decoder can start on another file.
    pub fn finish(&mut self) {
        while let Some(group) = self.pending.pop() {
            self.reject(Reason::IncompleteGroup, group.first_line);
            self.spare.push(group);
        }
        self.next_ts = None;
    }

    fn expire_groups(&mut self, line_no: u64) {
        let max_age = self.options.max_group_age;
        while let Some(idx) =
            self.pending.iter().position(|g| line_no.saturating_sub(g.first_line) > max_age)
        {
            let group = self.pending.remove(idx);
            self.reject(Reason::IncompleteGroup, group.first_line);
            self.spare.push(group);
        }
    }

    /// The pending group a part belongs to. A part with a tag-block group
    /// joins the group of that ID; otherwise, or when no group has its ID
    /// (the first part had no group tag), the group of its sequence ID and
    /// channel. A first part looks only for the group it would supersede.
    fn find_group(&self, sentence: &nmea::Sentence<'_>, tag_id: Option<u32>) -> Option<usize> {
        let same_seq = |g: &Group| g.seq_id == sentence.seq_id && g.channel == sentence.channel;
        if let Some(id) = tag_id {
            let by_id = self.pending.iter().position(|g| g.tag_id == Some(id));
            if by_id.is_some() || sentence.number == 1 {
                return by_id;
            }
            return self.pending.iter().position(|g| g.tag_id.is_none() && same_seq(g));
        }
        let untagged = self.pending.iter().position(|g| g.tag_id.is_none() && same_seq(g));
        if untagged.is_some() || sentence.number == 1 {
            return untagged;
        }
        self.pending.iter().rposition(same_seq)
    }

    fn push_fragment(
        &mut self,
        sentence: &nmea::Sentence<'_>,
        tag_id: Option<u32>,
        ts: Option<Timestamp>,
        line_no: u64,
    ) -> Option<Message> {
        let found = self.find_group(sentence, tag_id);
        let idx = if sentence.number == 1 {
            if let Some(idx) = found {
                let group = self.pending.remove(idx);
                self.reject(Reason::IncompleteGroup, group.first_line);
                self.spare.push(group);
            }
            if self.pending.len() >= self.options.max_pending.max(1) {
                let group = self.pending.remove(0);
                self.reject(Reason::IncompleteGroup, group.first_line);
                self.spare.push(group);
            }
            let mut group = self.spare.pop().unwrap_or_default();
            group.seq_id = sentence.seq_id;
            group.channel = sentence.channel;
            group.tag_id = tag_id;
            group.total = sentence.total;
            group.received = 0;
            group.chars.clear();
            group.fill_bits = 0;
            group.ts = None;
            group.first_line = line_no;
            self.pending.push(group);
            self.pending.len() - 1
        } else {
            match found {
                Some(idx) if self.pending[idx].total == sentence.total => idx,
                _ => {
                    self.reject(Reason::OrphanFragment, line_no);
                    return None;
                }
            }
        };
        let group = &mut self.pending[idx];
        let bit = 1u16 << (sentence.number - 1);
        if group.received & bit != 0 {
            self.reject(Reason::DuplicateFragment, line_no);
            return None;
        }
        if group.chars.len() + sentence.payload.len() > MAX_PAYLOAD_CHARS {
            let group = self.pending.remove(idx);
            self.spare.push(group);
            self.reject(Reason::PayloadTooLong, line_no);
            return None;
        }
        group.received |= bit;
        group.parts[usize::from(sentence.number - 1)] =
            (group.chars.len() as u16, sentence.payload.len() as u16);
        group.chars.extend_from_slice(sentence.payload);
        if sentence.number == sentence.total {
            group.fill_bits = sentence.fill_bits;
        }
        group.ts = group.ts.or(ts);
        if group.received.count_ones() < u32::from(group.total) {
            return None;
        }
        let group = self.pending.remove(idx);
        let mut joined = std::mem::take(&mut self.joined);
        joined.clear();
        for &(start, len) in &group.parts[..usize::from(group.total)] {
            joined.extend_from_slice(&group.chars[usize::from(start)..][..usize::from(len)]);
        }
        let message = self.decode(&joined, group.fill_bits, group.ts, sentence.channel, line_no);
        self.joined = joined;
        self.spare.push(group);
        message
    }

    /// [`Decoder::push_common_line`] of a single-sentence report of 28
    /// characters with nothing after its checksum, already packed.
    #[inline]
    fn push_common_report(
        &mut self,
        sentence: &nmea::Sentence<'_>,
        packed: [u8; 32],
        line_no: u64,
        columns: Option<&mut PositionColumns>,
        message: &mut Option<Message>,
    ) {
        self.stats.lines += 1;
        // No tag block and no trailing epoch: the time of a line before, if any.
        let ts = self.next_ts.take().or(self.options.default_time);
        if let Some(columns) = columns {
            if matches!(sentence.payload[0], b'1' | b'2' | b'3' | b'B') {
                let msg_type = packed[0] >> 2;
                self.stats.messages += 1;
                self.stats.by_type[usize::from(msg_type)] += 1;
                if let Some(row) = packed_report_row(msg_type, &packed, ts, line_no) {
                    columns.push_row(row);
                }
                return;
            }
        }
        *message = self.decode_report(packed, sentence.fill_bits, ts, sentence.channel, line_no);
    }

    /// The fast path of [`Decoder::push_line_columns`]: a position report
    /// of type 1, 2, 3 or 18 that the full decoder would accept, counted as
    /// it would count it and added to `columns` (when its position is
    /// available). `false`, with nothing done, for anything else.
    fn decode_row(
        &mut self,
        payload: &[u8],
        fill_bits: u8,
        ts: Option<Timestamp>,
        line_no: u64,
        columns: &mut PositionColumns,
    ) -> bool {
        if payload.is_empty() || payload.len() > MAX_PAYLOAD_CHARS {
            return false;
        }
        if !matches!(payload[0], b'1' | b'2' | b'3' | b'B') {
            return false;
        }
        if let Ok(report) = <&[u8; REPORT_CHARS]>::try_from(payload) {
            // The usual 168 bits: packed on the stack.
            let Some(packed) = pack_report(report) else { return false };
            let msg_type = packed[0] >> 2;
            self.stats.messages += 1;
            self.stats.by_type[usize::from(msg_type)] += 1;
            if let Some(row) = packed_report_row(msg_type, &packed, ts, line_no) {
                columns.push_row(row);
            }
            return true;
        }
        let Ok(bits) = self.packer.pack(payload, fill_bits) else { return false };
        if bits.len() < MIN_BITS {
            return false;
        }
        count_row(&mut self.stats, &bits, ts, line_no, columns);
        true
    }

    fn decode(
        &mut self,
        payload: &[u8],
        fill_bits: u8,
        ts: Option<Timestamp>,
        channel: u8,
        line_no: u64,
    ) -> Option<Message> {
        if payload.is_empty() {
            self.reject(Reason::EmptyPayload, line_no);
            return None;
        }
        if payload.len() > MAX_PAYLOAD_CHARS {
            self.reject(Reason::PayloadTooLong, line_no);
            return None;
        }
        // The usual 168 bits are packed on the stack, anything else in the buffer.
        if let Some(packed) = <&[u8; REPORT_CHARS]>::try_from(payload).ok().and_then(pack_report) {
            return self.decode_report(packed, fill_bits, ts, channel, line_no);
        }
        let bits = match self.packer.pack(payload, fill_bits) {
            Ok(bits) => bits,
            Err(_) => {
                self.reject(Reason::BadPayload, line_no);
                return None;
            }
        };
        let header = MessageHeader { ts, channel, line: line_no };
        message_from_bits(&mut self.stats, &mut self.last_rejection, &bits, header)
    }

    /// [`Decoder::decode`] of a 28-character payload packed by [`pack_report`].
    fn decode_report(
        &mut self,
        mut packed: [u8; 32],
        fill_bits: u8,
        ts: Option<Timestamp>,
        channel: u8,
        line_no: u64,
    ) -> Option<Message> {
        // Zero the fill bits, as `pack` does: the last fields reach them.
        packed[REPORT_CHARS * 6 / 8 - 1] &= 0xFFu8 << fill_bits.min(7);
        let bits = Bits::new(&packed, REPORT_CHARS * 6 - usize::from(fill_bits));
        let header = MessageHeader { ts, channel, line: line_no };
        message_from_bits(&mut self.stats, &mut self.last_rejection, &bits, header)
    }
}

/// Where and when a message was received.
struct MessageHeader {
    ts: Option<Timestamp>,
    channel: u8,
    line: u64,
}

/// The message of a packed payload, counted, or `None` with the reason counted.
fn message_from_bits(
    stats: &mut Stats,
    last_rejection: &mut Option<Rejection>,
    bits: &Bits<'_>,
    header: MessageHeader,
) -> Option<Message> {
    let mut reject = |reason: Reason| {
        stats.rejected[reason.index()] += 1;
        *last_rejection = Some(Rejection { reason, line: header.line });
        None
    };
    if bits.len() < MIN_BITS {
        return reject(Reason::TooShort);
    }
    let msg_type = bits.u(0, 6) as u8;
    if !(1..=27).contains(&msg_type) {
        return reject(Reason::UnknownType);
    }
    if msg_type == 24 && bits.u(38, 2) > 1 {
        return reject(Reason::BadPartNumber);
    }
    stats.messages += 1;
    stats.by_type[usize::from(msg_type)] += 1;
    Some(Message {
        msg_type,
        repeat: bits.u(6, 2) as u8,
        mmsi: bits.u(8, 30) as u32,
        ts: header.ts,
        channel: header.channel,
        line: header.line,
        body: decode_body(msg_type, bits),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Body;

    /// A small deterministic generator (xorshift64*), so failures reproduce.
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n as u64) as usize
        }
    }

    const SEEDS: &[&[u8]] = &[
        b"!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4A",
        b"!AIVDM,2,1,7,B,53aDpaT000010;CKKB0h4Q8TpLDr222222222216<P:656rd07Tai0CKk5hD,0*74",
        b"!AIVDM,2,2,7,B,Q1C`8888880,2*63",
        br"\g:1-2-1604,s:rORBCOMM008,c:1418169601,T:2014-12-10 00.00.01*37\!AIVDM,2,1,6,A,53@o0E000001Q0CG37U8u<Tp4q@D00000000000018330400000000000000,0*63",
        br"\s:rORBCOMM104,q:u,c:1418172113*55\!AIVDM,1,1,,B,13F?Vv700<DJuLEtvep`iToV0<00,0*78",
        br"\si:AISD*3F\",
        br"\c:1418172113*00\",
        b"$PGHP,1,2013,11,12,12,0,0,11,219,,2190067,1,62*26",
        b"$PGHP,1,2013,11,12,12,0,0,26,219,,2190074,1,67*25",
        b"!BSVDM,1,1,,A,13@:`L001N0ded0O6Fp8wW<00<0t,0*62",
        b"!BSVDM,1,1,,A,13@:`L001N0ded0O6Fp8wW<00<0t,0*62,1327658220",
        b"!AIVDM,1,1,,B,B52K>;h00Fc>jpUlNV@ikwpUoP06,0*4C",
        b"!AIVDM,1,1,,A,ENk`sG6T4V69Q93T@1bb@1h1T@6=3BiM7uUb`00003vP00`<Mh0,2*4A",
        b"!AIVDM,1,1,,A,402R3WiuuCP:S0fwr2nqRq700@1G,0*00",
    ];

    const ALPHABET: &[u8] = b"!$\\*,0123456789ABCDEFVDMOabcw`@:;<>?-\r \xff";

    /// Rewrites the two hex digits after the first `*` (from index 1) to
    /// the checksum of what lies before, so that mutated sentences are
    /// often intact and go past the checksum test.
    fn fix_checksum(line: &mut [u8]) {
        let start = line.iter().rposition(|&b| b == b'\\').map_or(0, |idx| idx + 1);
        let Some(star) = line.iter().skip(start + 1).position(|&b| b == b'*') else { return };
        let star = start + 1 + star;
        if star + 2 < line.len() {
            let sum = nmea::xor(&line[start + 1..star]);
            let hex = format!("{sum:02X}");
            line[star + 1..star + 3].copy_from_slice(hex.as_bytes());
        }
    }

    /// Sentences from [`SEEDS`], mutated a little (and their checksum mostly
    /// made right again), in runs that keep `$PGHP` and tag-block lines
    /// next to the sentences they qualify.
    fn mutated_lines(n: usize) -> Vec<Vec<u8>> {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let mut lines = Vec::with_capacity(n);
        for _ in 0..n {
            let mut line = SEEDS[rng.below(SEEDS.len())].to_vec();
            for _ in 0..rng.below(3) {
                if line.is_empty() {
                    break;
                }
                let idx = rng.below(line.len());
                match rng.below(3) {
                    0 => line[idx] = ALPHABET[rng.below(ALPHABET.len())],
                    1 => {
                        line.remove(idx);
                    }
                    _ => line.insert(idx, ALPHABET[rng.below(ALPHABET.len())]),
                }
            }
            if rng.below(4) != 0 {
                fix_checksum(&mut line);
            }
            if rng.below(10) == 0 {
                line.push(b'\r');
            }
            lines.push(line);
        }
        lines
    }

    /// Every line of every real log in the shared NMEA folder, when present.
    fn real_lines() -> Vec<Vec<u8>> {
        use std::io::Read;
        let Some(root) = vigil_testdata::shared_file("ais/nmea") else { return Vec::new() };
        let mut files = Vec::new();
        let mut dirs = vec![root];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    dirs.push(path);
                } else {
                    files.push(path);
                }
            }
        }
        files.sort();
        let mut lines = Vec::new();
        for path in files {
            let Ok(raw) = std::fs::read(&path) else { continue };
            let text = if raw.starts_with(&[0x1f, 0x8b]) {
                let mut out = Vec::new();
                if flate2::read::MultiGzDecoder::new(&raw[..]).read_to_end(&mut out).is_err() {
                    continue;
                }
                out
            } else {
                raw
            };
            lines.extend(text.split(|&b| b == b'\n').map(<[u8]>::to_vec));
        }
        lines
    }

    /// The common-line path ([`Decoder::push_line`]) and the general one
    /// ([`Decoder::push_line_into`] alone) give the same messages, counts
    /// and rejections, line by line.
    fn assert_same_as_general(lines: &[Vec<u8>], options: Options) {
        let mut fast = Decoder::new(options);
        let mut general = Decoder::new(options);
        for (idx, line) in lines.iter().enumerate() {
            let line_no = idx as u64 + 1;
            let expected = general.push_line_into(line, line_no, None);
            assert_eq!(fast.push_line(line, line_no), expected, "line {line_no}: {line:?}");
            assert_eq!(fast.stats, general.stats, "line {line_no}: {line:?}");
            assert_eq!(fast.last_rejection, general.last_rejection, "line {line_no}");
            assert_eq!(fast.next_ts, general.next_ts, "line {line_no}: {line:?}");
            while let Some(extra) = general.take_extra() {
                assert_eq!(fast.take_extra(), Some(extra), "line {line_no}");
            }
            assert_eq!(fast.take_extra(), None);
        }
        fast.finish();
        general.finish();
        assert_eq!(fast.stats, general.stats);
    }

    /// Columns from [`decode_columns`] equal rows made from the messages of
    /// the general path, with the same counts.
    fn assert_columns_same_as_general(lines: &[Vec<u8>], options: Options) {
        let text = lines.join(&b'\n');
        let (columns, stats) = crate::decode_columns(&text, options);
        let mut general = Decoder::new(options);
        let mut expected = PositionColumns::default();
        // A final newline ends the last line; it does not start another.
        let body = text.strip_suffix(b"\n").unwrap_or(&text);
        for (idx, line) in body.split(|&b| b == b'\n').enumerate() {
            if let Some(message) = general.push_line_into(line, idx as u64 + 1, None) {
                expected.push_message(&message);
            }
            while let Some(message) = general.take_extra() {
                expected.push_message(&message);
            }
        }
        general.finish();
        assert_eq!(stats, general.stats);
        assert_eq!(columns.len(), expected.len());
        for row in 0..columns.len() {
            let pick = |c: &PositionColumns| {
                (c.mmsi[row], c.ts[row], c.lat[row], c.lon[row], c.speed[row], c.course[row])
            };
            assert_eq!(pick(&columns), pick(&expected), "row {row}, line {}", columns.line[row]);
        }
        assert_eq!(columns, expected);
    }

    #[test]
    fn mutated_lines_decode_as_on_the_general_path() {
        let lines = mutated_lines(60_000);
        let default_time = Some(Timestamp(1_000));
        for options in [Options::default(), Options { default_time, ..Options::default() }] {
            assert_same_as_general(&lines, options);
            assert_columns_same_as_general(&lines, options);
        }
    }

    #[test]
    fn real_logs_decode_as_on_the_general_path() {
        let lines = real_lines();
        if lines.is_empty() {
            return;
        }
        assert!(lines.len() > 100_000, "{} lines", lines.len());
        assert_same_as_general(&lines, Options::default());
        assert_columns_same_as_general(&lines, Options::default());
    }

    /// A report cut before the end of its latitude is decoded (its header is
    /// there) but has no position, on both paths: reading the missing bits as
    /// zeros would put the vessel at 0° or on half a longitude.
    #[test]
    fn a_payload_cut_before_its_latitude_has_no_position() {
        let cut: &[u8] = b"!AIVDM,1,1,,A,15RTgt0PAso;90TKcj,0*2E"; // 108 bits
        let whole_enough: &[u8] = b"!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h,0*33"; // 126 bits
        let long_range: &[u8] = b"!AIVDM,1,1,,B,KktDVAq=;h,4*39"; // type 27, 56 of 96 bits
        let mut decoder = Decoder::default();
        let cut_message = decoder.push_line(cut, 1).expect("decoded");
        assert_eq!(cut_message.msg_type, 1);
        assert_eq!(cut_message.fix(), None);
        let Body::Position(report) = cut_message.body else { panic!("type 1") };
        assert!(report.lon.is_some() && report.lat.is_none(), "{report:?}");
        assert!(decoder.push_line(whole_enough, 2).expect("decoded").fix().is_some());
        let long = decoder.push_line(long_range, 3).expect("decoded");
        let Body::LongRange(report) = long.body else { panic!("type 27") };
        assert_eq!((report.lon, report.lat), (None, None));
        let lines: Vec<Vec<u8>> = [cut, whole_enough, long_range].map(<[u8]>::to_vec).into();
        assert_columns_same_as_general(&lines, Options::default());
        let (columns, _) = crate::decode_columns(&lines.join(&b'\n'), Options::default());
        assert_eq!(columns.line, [2], "only the report with its whole position is a row");
    }
}
