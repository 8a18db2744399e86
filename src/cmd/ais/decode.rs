//! `vigil ais decode`: each message as one JSON line, written by hand into
//! one reused buffer (the field list is in the module doc of `cmd::ais`),
//! and the counts.

use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::sync::mpsc;

use anyhow::Context;
use vigil_ais::{find_newline, Body, Decoder, Message, Options, Reason, Stats, Timestamp, Turn};

use super::input::{open, read_messages};
use super::json::{f, key, JsonWriter, LineWriter};
use crate::shared::{self, Outcome};

/// Arguments of `vigil ais decode`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  vigil ais decode --stats ais-sample.txt.gz | head
  zcat log.gz | vigil ais decode - > messages.jsonl

Input: NMEA 0183 !xxVDM/!xxVDO sentences, with NMEA 4 tag blocks, $PGHP lines or
trailing epochs for the receive time; plain or gzip (detected), or - for stdin.
Output: one JSON object per message (see ARCHITECTURE.md and src/cmd/ais.rs for
the fields). Bad lines are counted by reason and skipped.

Exit codes: 0 at least one message, 1 none, 2 error (or, with --strict, a bad line).")]
pub struct DecodeArgs {
    /// NMEA files (plain or gzip), or - for standard input.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Print counts by type and rejections by reason (stderr; with --json, a
    /// last `{"stats":…}` line on stdout).
    #[arg(long)]
    pub stats: bool,
    /// Statistics as JSON on stdout instead of text on stderr.
    #[arg(long)]
    pub json: bool,
    /// Stop at the first rejected line, naming it (exit 2).
    #[arg(long)]
    pub strict: bool,
    /// Receive time for messages without one (ISO 8601 UTC or epoch seconds).
    #[arg(long, value_name = "TIME", value_parser = |s: &str| Timestamp::parse(s).ok_or(format!("not a time: {s:?}")))]
    pub default_time: Option<Timestamp>,
}

/// Messages per batch handed from the decoding thread to the writing thread.
const BATCH: usize = 4096;
/// Batches in flight between the two threads (bounds the memory in between).
const BATCHES_IN_FLIGHT: usize = 4;
/// Output is gathered into chunks of about this size before each write.
const OUT_CHUNK: usize = 1 << 20;

/// Messages of one input file, in input order.
struct Batch {
    file: usize,
    messages: Vec<Message>,
}

/// Runs `vigil ais decode`.
///
/// Two threads: this one reads and decodes, a second formats the JSON
/// lines and writes them, in batches of [`BATCH`] messages passed in order
/// through a bounded channel, so the output is the same bytes as one thread
/// would write. Each thread keeps a core busy on large inputs.
pub fn run(args: DecodeArgs) -> anyhow::Result<Outcome> {
    let options = Options { default_time: args.default_time, ..Options::default() };
    let names: Vec<String> = args.files.iter().map(|path| path.display().to_string()).collect();
    let (total, written) = std::thread::scope(|scope| {
        let (to_writer, from_decoder) = mpsc::sync_channel::<Batch>(BATCHES_IN_FLIGHT);
        let (recycle, recycled) = mpsc::channel::<Vec<Message>>();
        let names = &names;
        let writer = scope.spawn(move || write_batches(&from_decoder, &recycle, names));
        let mut batcher = Batcher { to_writer, recycled, current: Vec::new(), file: 0 };
        let decoded = decode_files(&args, options, &mut batcher);
        let flushed = batcher.flush();
        drop(batcher);
        let written = match writer.join() {
            Ok(result) => result,
            Err(panic) => std::panic::resume_unwind(panic),
        };
        // A write error (a closed pipe) is what stopped the decoding, if anything did.
        let written = written?;
        let total = decoded?;
        flushed.map_err(|_| anyhow::anyhow!("the output thread stopped early"))?;
        anyhow::Ok((total, written))
    })?;
    let mut out = shared::stdout();
    let mut buf = Vec::with_capacity(1024);
    if args.stats {
        if args.json {
            write_stats_json(&mut buf, &total);
            out.write_all(&buf)?;
        } else {
            out.flush()?;
            eprint!("{}", stats_text(&total));
        }
    }
    out.flush()?;
    tracing::debug!("{written} messages written");
    Ok(if total.messages > 0 { Outcome::Found } else { Outcome::NotFound })
}

/// The receiving end is gone: the writing thread stopped (on a write error).
struct WriterGone;

/// Gathers decoded messages into batches for the writing thread.
struct Batcher {
    to_writer: mpsc::SyncSender<Batch>,
    recycled: mpsc::Receiver<Vec<Message>>,
    current: Vec<Message>,
    file: usize,
}

impl Batcher {
    fn push(&mut self, message: Message) -> Result<(), WriterGone> {
        self.current.push(message);
        if self.current.len() >= BATCH {
            self.flush()?;
        }
        Ok(())
    }

    fn set_file(&mut self, file: usize) -> Result<(), WriterGone> {
        self.flush()?;
        self.file = file;
        Ok(())
    }

    fn flush(&mut self) -> Result<(), WriterGone> {
        if self.current.is_empty() {
            return Ok(());
        }
        let next = self.recycled.try_recv().unwrap_or_else(|_| Vec::with_capacity(BATCH));
        let messages = std::mem::replace(&mut self.current, next);
        self.to_writer.send(Batch { file: self.file, messages }).map_err(|_| WriterGone)
    }
}

/// The writing thread: formats each batch into one buffer and writes it;
/// the number of messages written.
fn write_batches(
    batches: &mpsc::Receiver<Batch>,
    recycle: &mpsc::Sender<Vec<Message>>,
    names: &[String],
) -> anyhow::Result<u64> {
    let sources: Vec<Vec<u8>> = names.iter().map(|name| escaped_source(name)).collect();
    let mut out = shared::stdout();
    let mut buf = Vec::with_capacity(OUT_CHUNK + 4096);
    let mut line = LineWriter::new();
    let mut written = 0u64;
    for batch in batches {
        let source = &sources[batch.file];
        for message in &batch.messages {
            write_message_escaped(&mut buf, &mut line, message, source);
            if buf.len() >= OUT_CHUNK {
                out.write_all(&buf)?;
                buf.clear();
            }
        }
        written += batch.messages.len() as u64;
        let mut messages = batch.messages;
        messages.clear();
        let _ = recycle.send(messages);
    }
    out.write_all(&buf)?;
    out.flush()?;
    Ok(written)
}

/// Decodes every file in turn into `batcher`; the summed counts.
///
/// Plain and gzip NMEA files take the fast path ([`decode_nmea`]): lines are
/// decoded where they lie in the read buffer, without a copy. Standard
/// input, decoded exports (CSV, JSON lines) and `--strict` go through the
/// shared reader of every `vigil ais` command.
fn decode_files(
    args: &DecodeArgs,
    options: Options,
    batcher: &mut Batcher,
) -> anyhow::Result<Stats> {
    let mut total = Stats::default();
    for (file, path) in args.files.iter().enumerate() {
        if batcher.set_file(file).is_err() {
            break;
        }
        let name = path.display().to_string();
        let mut reader = None;
        if !args.strict && path.as_os_str() != "-" {
            let mut opened = open(path).with_context(|| format!("cannot read {name}"))?;
            if is_nmea(&mut opened, options).with_context(|| format!("cannot read {name}"))? {
                reader = Some(opened);
            }
        }
        let stats = match reader {
            Some(mut reader) => decode_nmea(&mut *reader, &name, options, batcher)?,
            None => {
                let mut gone = false;
                let stats =
                    read_messages(std::slice::from_ref(path), options, args.strict, |m, _| {
                        gone = gone || batcher.push(*m).is_err();
                        Ok(())
                    })?;
                if gone {
                    break;
                }
                stats
            }
        };
        total.add(&stats);
    }
    Ok(total)
}

/// Whether a file reads as NMEA rather than as a decoded export: its first
/// non-blank line (looked at in the read buffer, nothing consumed) is not
/// an export's header or JSON object. `false` when no whole line is in the
/// buffer, so the shared reader decides.
fn is_nmea(reader: &mut dyn BufRead, options: Options) -> std::io::Result<bool> {
    let buffer = reader.fill_buf()?;
    let Some(line) = buffer
        .split_inclusive(|&b| b == b'\n')
        .take_while(|line| line.ends_with(b"\n"))
        .find(|line| !line.trim_ascii().is_empty())
    else {
        return Ok(false);
    };
    let line = &line[..line.len() - 1];
    Ok(vigil_ais::ExportReader::detect(line, options.default_time).is_none())
}

/// Decodes one NMEA file into `batcher`, each line where it lies in the read
/// buffer (a line cut by the buffer's end is put together in `carry`, at
/// most [`vigil_ais::MAX_LINE_LEN`] + 1 bytes of it, so that an overlong
/// line is still seen as one and rejected). The same lines, numbers and
/// messages as the shared reader.
fn decode_nmea(
    reader: &mut dyn BufRead,
    name: &str,
    options: Options,
    batcher: &mut Batcher,
) -> anyhow::Result<Stats> {
    const LIMIT: usize = vigil_ais::MAX_LINE_LEN + 1;
    let mut decoder = Decoder::new(options);
    let mut carry: Vec<u8> = Vec::with_capacity(LIMIT);
    let mut in_carry = false;
    let mut line_no = 0u64;
    let bar = shared::progress(0, "decoding");
    let mut push = |decoder: &mut Decoder, line: &[u8], line_no: u64| -> Result<(), WriterGone> {
        if let Some(message) = decoder.push_line(line, line_no) {
            batcher.push(message)?;
            while let Some(extra) = decoder.take_extra() {
                batcher.push(extra)?;
            }
        }
        Ok(())
    };
    'read: loop {
        let buffer = match reader.fill_buf() {
            Ok(buffer) => buffer,
            Err(err) if err.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(err) => return Err(err).with_context(|| format!("cannot read {name}")),
        };
        if buffer.is_empty() {
            if in_carry {
                line_no += 1;
                if push(&mut decoder, &carry, line_no).is_err() {
                    break 'read;
                }
            }
            break;
        }
        let mut rest = buffer;
        while let Some(end) = find_newline(rest) {
            line_no += 1;
            let pushed = if in_carry {
                let room = LIMIT.saturating_sub(carry.len());
                carry.extend_from_slice(&rest[..end.min(room)]);
                in_carry = false;
                push(&mut decoder, &carry, line_no)
            } else {
                push(&mut decoder, &rest[..end], line_no)
            };
            if pushed.is_err() {
                break 'read;
            }
            rest = &rest[end + 1..];
        }
        if !rest.is_empty() {
            if !in_carry {
                carry.clear();
                in_carry = true;
            }
            let room = LIMIT.saturating_sub(carry.len());
            carry.extend_from_slice(&rest[..rest.len().min(room)]);
        }
        let consumed = buffer.len();
        reader.consume(consumed);
        bar.set_position(line_no);
    }
    decoder.finish();
    bar.finish_and_clear();
    Ok(decoder.stats().clone())
}

fn stats_text(stats: &Stats) -> String {
    let mut text = format!("lines {}\nmessages {}\n", stats.lines, stats.messages);
    for (msg_type, &count) in stats.by_type.iter().enumerate().filter(|(_, &c)| c > 0) {
        text.push_str(&format!("type {msg_type} {count}\n"));
    }
    for reason in Reason::ALL {
        let count = stats.rejected(reason);
        if count > 0 {
            text.push_str(&format!("rejected {reason} {count}\n"));
        }
    }
    if stats.bad_tag_block_checksums > 0 {
        text.push_str(&format!(
            "tag blocks with a bad checksum (used) {}\n",
            stats.bad_tag_block_checksums
        ));
    }
    text
}

fn write_stats_json(buf: &mut Vec<u8>, stats: &Stats) {
    let mut w = JsonWriter::new(buf);
    w.buf.extend_from_slice(b"{\"stats\":");
    w.first = true;
    w.buf.push(b'{');
    w.uint("lines", stats.lines);
    w.uint("messages", stats.messages);
    w.key("by_type");
    w.buf.push(b'{');
    w.first = true;
    for (msg_type, &count) in stats.by_type.iter().enumerate().filter(|(_, &c)| c > 0) {
        w.uint(&msg_type.to_string(), count);
    }
    w.buf.push(b'}');
    w.first = false;
    w.key("rejected");
    w.buf.push(b'{');
    w.first = true;
    for reason in Reason::ALL {
        w.uint(reason.name(), stats.rejected(reason));
    }
    w.buf.push(b'}');
    w.first = false;
    w.uint("bad_tag_block_checksums", stats.bad_tag_block_checksums);
    w.buf.extend_from_slice(b"}}\n");
}

/// A file name as the inside of a JSON string (quotes and backslashes
/// escaped, control characters as `\\u00XX`), done once per file.
fn escaped_source(name: &str) -> Vec<u8> {
    let mut escaped = Vec::with_capacity(name.len());
    for &byte in name.as_bytes() {
        match byte {
            b'"' | b'\\' => escaped.extend_from_slice(&[b'\\', byte]),
            0..=0x1f => {
                let _ = write!(escaped, "\\u{byte:04x}");
            }
            _ => escaped.push(byte),
        }
    }
    escaped
}

/// Writes the fields from `speed` to `second` of a position report, which
/// Class A (types 1–3) and Class B (types 18, 19) reports share in this
/// order. A macro, as the three reports are distinct structs with the same
/// field names; it expands in place, so the hot path keeps no extra call.
macro_rules! write_motion {
    ($w:expr, $m:expr) => {{
        $w.fixed(key!("speed"), f($m.speed), 1);
        $w.bool(key!("accuracy"), $m.accuracy);
        $w.fixed(key!("lon"), $m.lon, 6);
        $w.fixed(key!("lat"), $m.lat, 6);
        $w.fixed(key!("course"), f($m.course), 1);
        $w.opt_uint(key!("heading"), $m.heading.map(u64::from));
        $w.uint(key!("second"), $m.second.into());
    }};
}

/// One message as one JSON line (with its newline) appended to `buf`.
pub(crate) fn write_message(buf: &mut Vec<u8>, message: &Message, source: &str) {
    write_message_escaped(buf, &mut LineWriter::new(), message, &escaped_source(source));
}

/// One message as one JSON line appended to `buf`, its source file name
/// already escaped; `w` is scratch room for the line.
fn write_message_escaped(buf: &mut Vec<u8>, w: &mut LineWriter, message: &Message, source: &[u8]) {
    w.clear();
    w.put(b"{\"type\":");
    w.put_uint(message.msg_type.into());
    w.uint(key!("repeat"), message.repeat.into());
    w.uint(key!("mmsi"), message.mmsi.into());
    w.timestamp(key!("ts"), message.ts);
    match &message.body {
        Body::Position(m) => {
            w.uint(key!("status"), m.status.into());
            match m.turn {
                Turn::NotAvailable => w.null(key!("turn")),
                Turn::FastLeft => w.text(key!("turn"), "fastleft"),
                Turn::FastRight => w.text(key!("turn"), "fastright"),
                Turn::Rate(rate) => w.fixed(key!("turn"), Some(rate.into()), 1),
            }
            write_motion!(w, m);
            w.uint(key!("maneuver"), m.maneuver.into());
            w.bool(key!("raim"), m.raim);
            w.uint(key!("radio"), m.radio.into());
        }
        Body::BaseStation(m) => {
            w.uint(key!("year"), m.year.into());
            w.uint(key!("month"), m.month.into());
            w.uint(key!("day"), m.day.into());
            w.uint(key!("hour"), m.hour.into());
            w.uint(key!("minute"), m.minute.into());
            w.uint(key!("second"), m.second.into());
            w.bool(key!("accuracy"), m.accuracy);
            w.fixed(key!("lon"), m.lon, 6);
            w.fixed(key!("lat"), m.lat, 6);
            w.uint(key!("epfd"), m.epfd.into());
            w.bool(key!("raim"), m.raim);
            w.uint(key!("radio"), m.radio.into());
        }
        Body::StaticVoyage(m) => {
            w.uint(key!("ais_version"), m.ais_version.into());
            w.uint(key!("imo"), m.imo.into());
            w.text(key!("callsign"), m.callsign.as_str());
            w.text(key!("shipname"), m.shipname.as_str());
            w.uint(key!("shiptype"), m.shiptype.into());
            w.dims(&m.dims);
            w.uint(key!("epfd"), m.epfd.into());
            let eta = m.eta;
            w.put(key!("eta"));
            for (before, value) in
                [(b'"', eta.month), (b'-', eta.day), (b'T', eta.hour), (b':', eta.minute)]
            {
                w.put(&[before]);
                w.put_padded(value.into(), 2);
            }
            w.put(b"Z\"");
            w.fixed(key!("draught"), Some(m.draught.into()), 1);
            w.text(key!("destination"), m.destination.as_str());
            w.bool(key!("dte"), m.dte);
        }
        Body::SarAircraft(m) => {
            w.opt_uint(key!("alt"), m.alt.map(u64::from));
            w.fixed(key!("speed"), f(m.speed), 0);
            w.bool(key!("accuracy"), m.accuracy);
            w.fixed(key!("lon"), m.lon, 6);
            w.fixed(key!("lat"), m.lat, 6);
            w.fixed(key!("course"), f(m.course), 1);
            w.uint(key!("second"), m.second.into());
            w.uint(key!("regional"), m.regional.into());
            w.bool(key!("dte"), m.dte);
            w.bool(key!("assigned"), m.assigned);
            w.bool(key!("raim"), m.raim);
            w.uint(key!("radio"), m.radio.into());
        }
        Body::ClassB(m) => {
            w.uint(key!("reserved"), m.reserved.into());
            write_motion!(w, m);
            w.uint(key!("regional"), m.regional.into());
            w.bool(key!("cs"), m.cs);
            w.bool(key!("display"), m.display);
            w.bool(key!("dsc"), m.dsc);
            w.bool(key!("band"), m.band);
            w.bool(key!("msg22"), m.msg22);
            w.bool(key!("assigned"), m.assigned);
            w.bool(key!("raim"), m.raim);
            w.uint(key!("radio"), m.radio.into());
        }
        Body::ClassBExtended(m) => {
            w.uint(key!("reserved"), m.reserved.into());
            write_motion!(w, m);
            w.uint(key!("regional"), m.regional.into());
            w.text(key!("shipname"), m.shipname.as_str());
            w.uint(key!("shiptype"), m.shiptype.into());
            w.dims(&m.dims);
            w.uint(key!("epfd"), m.epfd.into());
            w.bool(key!("raim"), m.raim);
            w.bool(key!("dte"), m.dte);
            w.bool(key!("assigned"), m.assigned);
        }
        Body::AidToNavigation(m) => {
            w.uint(key!("aid_type"), m.aid_type.into());
            w.text(key!("name"), m.name.as_str());
            w.bool(key!("accuracy"), m.accuracy);
            w.fixed(key!("lon"), m.lon, 6);
            w.fixed(key!("lat"), m.lat, 6);
            w.dims(&m.dims);
            w.uint(key!("epfd"), m.epfd.into());
            w.uint(key!("second"), m.second.into());
            w.bool(key!("off_position"), m.off_position);
            w.uint(key!("regional"), m.regional.into());
            w.bool(key!("raim"), m.raim);
            w.bool(key!("virtual_aid"), m.virtual_aid);
            w.bool(key!("assigned"), m.assigned);
        }
        Body::StaticDataA(m) => {
            w.uint(key!("partno"), 0);
            w.text(key!("shipname"), m.shipname.as_str());
        }
        Body::StaticDataB(m) => {
            w.uint(key!("partno"), 1);
            w.uint(key!("shiptype"), m.shiptype.into());
            w.text(key!("vendorid"), m.vendorid.as_str());
            w.uint(key!("model"), m.model.into());
            w.uint(key!("serial"), m.serial.into());
            w.text(key!("callsign"), m.callsign.as_str());
            match m.mothership_mmsi {
                Some(mmsi) => w.uint(key!("mothership_mmsi"), mmsi.into()),
                None => w.dims(&m.dims),
            }
        }
        Body::LongRange(m) => {
            w.bool(key!("accuracy"), m.accuracy);
            w.bool(key!("raim"), m.raim);
            w.uint(key!("status"), m.status.into());
            w.fixed(key!("lon"), m.lon, 6);
            w.fixed(key!("lat"), m.lat, 6);
            w.fixed(key!("speed"), f(m.speed), 0);
            w.fixed(key!("course"), f(m.course), 0);
            w.bool(key!("gnss"), m.gnss);
        }
        _ => {}
    }
    w.put(key!("src"));
    w.put(b"\"");
    buf.extend_from_slice(w.line());
    buf.extend_from_slice(source);
    w.clear();
    w.put(b":");
    w.put_uint(message.line);
    w.put(b"\"}\n");
    buf.extend_from_slice(w.line());
}

#[cfg(test)]
mod tests {
    use super::*;
    use vigil_ais::Decoder;

    #[test]
    fn message_json_is_valid_and_scaled() {
        let mut decoder = Decoder::default();
        let message = decoder
            .push_line(b"!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4A", 7)
            .expect("a message");
        let mut buf = Vec::new();
        write_message(&mut buf, &message, "a\"b.nmea");
        let value: serde_json::Value = serde_json::from_slice(&buf).unwrap();
        assert_eq!(value["mmsi"], 371798000);
        assert_eq!(value["turn"], "fastleft");
        assert_eq!(value["speed"], 12.3);
        assert_eq!(value["lon"], -123.395383);
        assert_eq!(value["lat"], 48.381633);
        assert_eq!(value["course"], 224.0);
        assert_eq!(value["ts"], serde_json::Value::Null);
        assert_eq!(value["src"], "a\"b.nmea:7");
    }

    #[test]
    fn stats_json_is_valid() {
        let (_, stats) =
            vigil_ais::decode_text("$PSHI,1*00\n!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4A\n");
        let mut buf = Vec::new();
        write_stats_json(&mut buf, &stats);
        let value: serde_json::Value = serde_json::from_slice(&buf).unwrap();
        assert_eq!(value["stats"]["messages"], 1);
        assert_eq!(value["stats"]["by_type"]["1"], 1);
        assert_eq!(value["stats"]["rejected"]["not_ais"], 1);
    }
}
