//! `vigil ais decode`: NMEA files (plain, gzip or stdin) to JSON lines;
//! `vigil ais tracks`: the same files to positions with their track segment
//! (`vigil_ais::segment_all`, after GFW gpsdio-segment), or GeoJSON;
//! `vigil ais vessels`: per MMSI, the flag from its MID, the identity history,
//! anomalies and links to listed vessels (`vigil_ais::link_vessel`).
//!
//! The decoding is `vigil_ais::Decoder`'s; this module reads lines (bounded
//! in length), writes each message as one JSON line with a hand-written
//! writer into one reused buffer, and prints the counts.
//!
//! Output fields, following gpsd's AIVDM JSON names (units converted):
//! every line has `type`, `repeat`, `mmsi`, `ts` (receive time, ISO 8601 UTC
//! or null) and `src` (`file:line` of the sentence that completed the message).
//! - types 1–3: `status`, `turn` (°/min, or "fastleft"/"fastright", null n/a),
//!   `speed` (kn), `accuracy`, `lon`, `lat` (°, 6 decimals), `course` (°),
//!   `heading` (°), `second`, `maneuver`, `raim`, `radio`;
//! - types 4, 11: `year`, `month`, `day`, `hour`, `minute`, `second`,
//!   `accuracy`, `lon`, `lat`, `epfd`, `raim`, `radio`;
//! - type 5: `ais_version`, `imo`, `callsign`, `shipname`, `shiptype`,
//!   `to_bow`, `to_stern`, `to_port`, `to_starboard` (m), `epfd`, `eta`
//!   (`MM-DDTHH:MMZ` as gpsd writes it, zeros/24/60 where n/a), `draught` (m),
//!   `destination`, `dte`;
//! - type 9: `alt` (m), `speed`, `accuracy`, `lon`, `lat`, `course`, `second`,
//!   `regional`, `dte`, `assigned`, `raim`, `radio`;
//! - type 18: `reserved`, `speed`, `accuracy`, `lon`, `lat`, `course`, `heading`,
//!   `second`, `regional`, `cs`, `display`, `dsc`, `band`, `msg22`, `assigned`,
//!   `raim`, `radio`;
//! - type 19: the position fields of 18, `shipname`, `shiptype`, dimensions,
//!   `epfd`, `raim`, `dte`, `assigned`;
//! - type 21: `aid_type`, `name`, `accuracy`, `lon`, `lat`, dimensions, `epfd`,
//!   `second`, `off_position`, `regional`, `raim`, `virtual_aid`, `assigned`;
//! - type 24: `partno`, then `shipname` (A) or `shiptype`, `vendorid`,
//!   `model`, `serial`, `callsign`, dimensions or `mothership_mmsi` (B);
//! - type 27: `accuracy`, `raim`, `status`, `lon`, `lat`, `speed`, `course`, `gnss`;
//! - other types: the common fields only.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::PathBuf;

use anyhow::{bail, Context};
use vigil_ais::{
    link_vessel, segment_all, Anomaly, Body, Decoder, Dimensions, FixKind, IdentityBuilder,
    ListLink, Message, Options, Point, Reason, SegmentConfig, SegmentId, Stats, Timestamp, Turn,
    VesselIdentity,
};

use crate::shared::{self, Outcome};

/// Subcommands of `vigil ais`.
#[derive(Debug, clap::Subcommand)]
pub enum AisCommand {
    /// Decode NMEA AIS sentences to JSON lines.
    Decode(DecodeArgs),
    /// Decode, split each MMSI's positions into tracks (segments), and write
    /// positions with their segment, or the segments as GeoJSON.
    Tracks(TracksArgs),
    /// Decode, and write each MMSI's flag (from its MID), identity history,
    /// anomalies and links to listed vessels.
    Vessels(VesselsArgs),
}

/// Arguments of `vigil ais vessels`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  vigil ais vessels --list sdn.xml log.nmea.gz > vessels.jsonl
  vigil ais vessels log.nmea          # lists from the database, if any

Output: one JSON line per MMSI, in MMSI order: {mmsi, flag (ISO code from the
MID), messages, identities: [{name, callsign, imo, shiptype, length, beam,
draught, destination, first_seen, last_seen, reports, src}], anomalies:
[{kind, ...}], listed: [{entity_id, caption, list, programs, score, method}]}.
Identities come from types 5, 19 and 24; repeats collapse into one state.
Links try each IMO, then the MMSI, then the names. Without --list and without
a database, vessels are written without links.

Exit codes: 0 at least one vessel listed, 1 none, 2 error.")]
pub struct VesselsArgs {
    /// NMEA files (plain or gzip), or - for standard input.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// List files to link against (any format `vigil lists` reads); repeatable.
    #[arg(long = "list", value_name = "FILE")]
    pub lists: Vec<PathBuf>,
    /// The database to take current lists from when no --list is given.
    #[arg(long, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Receive time for messages without one (ISO 8601 UTC or epoch seconds).
    #[arg(long, value_name = "TIME", value_parser = |s: &str| Timestamp::parse(s).ok_or(format!("not a time: {s:?}")))]
    pub default_time: Option<Timestamp>,
}

/// Arguments of `vigil ais tracks`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  vigil ais tracks log.nmea.gz > positions.jsonl
  vigil ais tracks --geojson log.nmea.gz > tracks.geojson   # open in QGIS or kepler.gl

Each MMSI's positions are sorted by time and split into physically consistent
segments by Global Fishing Watch's gpsdio-segment rule (implied speed <= 25 kn,
<= 24 h between points, several open segments per MMSI, so two ships sharing one
MMSI become two tracks). Output: one JSON line per position
{mmsi, ts, lat, lon, speed, course, segment, src}, sorted by MMSI then time;
segment is \"<mmsi>-<n>\", or null for a position dropped as noise. With --geojson,
one FeatureCollection with a LineString per segment (coordinates [lon, lat];
properties mmsi, segment, start, end, n_points).

Exit codes: 0 at least one position, 1 none, 2 error.")]
pub struct TracksArgs {
    /// NMEA files (plain or gzip), or - for standard input.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Write one GeoJSON FeatureCollection of segments instead of positions.
    #[arg(long)]
    pub geojson: bool,
    /// Receive time for messages without one (ISO 8601 UTC or epoch seconds).
    #[arg(long, value_name = "TIME", value_parser = |s: &str| Timestamp::parse(s).ok_or(format!("not a time: {s:?}")))]
    pub default_time: Option<Timestamp>,
}

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

/// Runs a subcommand of `vigil ais`.
pub fn run(command: AisCommand) -> anyhow::Result<Outcome> {
    match command {
        AisCommand::Decode(args) => decode(args),
        AisCommand::Tracks(args) => tracks(args),
        AisCommand::Vessels(args) => vessels(args),
    }
}

fn vessels(args: VesselsArgs) -> anyhow::Result<Outcome> {
    let index = if args.lists.is_empty()
        && !args.db.clone().unwrap_or_else(shared::default_db_path).exists()
    {
        eprintln!(
            "no lists given (--list) and no database found: vessels are written without links"
        );
        None
    } else {
        Some(vigil_match::Index::build(shared::load_entities(&args.lists, args.db.as_deref())?))
    };
    let options = Options { default_time: args.default_time, ..Options::default() };
    let mut builder = IdentityBuilder::default();
    read_messages(&args.files, options, false, |message, name| {
        builder.push(message, || format!("{name}:{}", message.line));
        Ok(())
    })?;
    let mut out = shared::stdout();
    let mut any_listed = false;
    for vessel in builder.finish() {
        let links = index.as_ref().map(|index| link_vessel(index, &vessel)).unwrap_or_default();
        any_listed |= !links.is_empty();
        shared::write_json_line(&mut out, &vessel_json(&vessel, &links))?;
    }
    out.flush()?;
    Ok(if any_listed { Outcome::Found } else { Outcome::NotFound })
}

fn vessel_json(vessel: &VesselIdentity, links: &[ListLink]) -> serde_json::Value {
    use serde_json::json;
    let ts = |t: Option<Timestamp>| t.map(|t| t.to_string());
    let identities: Vec<_> = vessel
        .history
        .iter()
        .map(|state| {
            let f = &state.fields;
            json!({
                "name": f.name,
                "callsign": f.callsign,
                "imo": f.imo,
                "shiptype": f.shiptype,
                "length": f.dims.and_then(|d| d.length()),
                "beam": f.dims.and_then(|d| d.beam()),
                "draught": f.draught.map(|d| (f64::from(d) * 10.0).round() / 10.0),
                "destination": f.destination,
                "first_seen": ts(state.first_seen),
                "last_seen": ts(state.last_seen),
                "reports": state.reports,
                "src": state.src,
            })
        })
        .collect();
    let anomalies: Vec<_> = vessel
        .anomalies
        .iter()
        .map(|anomaly| match anomaly {
            Anomaly::MmsiInvalid => json!({"kind": anomaly.kind()}),
            Anomaly::ImoInvalid { imo } => json!({"kind": anomaly.kind(), "imo": imo}),
            Anomaly::IdentityChange { field, imo, from, to, at, src } => json!({
                "kind": anomaly.kind(), "field": field, "imo": imo, "from": from, "to": to,
                "at": ts(*at), "src": src,
            }),
        })
        .collect();
    let listed: Vec<_> = links
        .iter()
        .map(|link| {
            json!({
                "entity_id": link.entity_id,
                "caption": link.caption,
                "list": link.list,
                "programs": link.programs,
                "score": (link.score * 1000.0).round() / 1000.0,
                "method": link.method.as_str(),
            })
        })
        .collect();
    json!({
        "mmsi": vessel.mmsi,
        "flag": vessel.flag,
        "messages": vessel.messages,
        "identities": identities,
        "anomalies": anomalies,
        "listed": listed,
    })
}

/// One decoded position and where it came from.
struct Located {
    mmsi: u32,
    point: Point,
    file: usize,
    line: u64,
}

fn tracks(args: TracksArgs) -> anyhow::Result<Outcome> {
    let options = Options { default_time: args.default_time, ..Options::default() };
    let mut names: Vec<String> = Vec::new();
    let mut positions: Vec<Located> = Vec::new();
    read_messages(&args.files, options, false, |message, name| {
        if names.last().map(String::as_str) != Some(name) {
            names.push(name.to_owned());
        }
        let (Some(fix), Some(ts)) = (message.fix(), message.ts) else { return Ok(()) };
        let point = Point {
            ts,
            lat: fix.lat,
            lon: fix.lon,
            speed: fix.speed,
            course: fix.course,
            kind: FixKind::from_msg_type(message.msg_type),
        };
        if point.is_valid() {
            positions.push(Located {
                mmsi: message.mmsi,
                point,
                file: names.len() - 1,
                line: message.line,
            });
        }
        Ok(())
    })?;
    // Sorted by MMSI then time (stable), the order segment_all works in.
    positions.sort_by_key(|p| (p.mmsi, p.point.ts));
    let input: Vec<(u32, Point)> = positions.iter().map(|p| (p.mmsi, p.point)).collect();
    let segments = segment_all(&input, &SegmentConfig::default());
    let mut out = shared::stdout();
    if args.geojson {
        write_geojson(&mut out, &positions, &segments)?;
    } else {
        let mut buf = Vec::with_capacity(256);
        for (p, segment) in positions.iter().zip(&segments) {
            buf.clear();
            buf.push(b'{');
            let mut w = JsonWriter::new(&mut buf);
            w.uint("mmsi", p.mmsi.into());
            w.timestamp("ts", Some(p.point.ts));
            w.fixed("lat", Some(p.point.lat), 6);
            w.fixed("lon", Some(p.point.lon), 6);
            w.fixed("speed", f(p.point.speed), 1);
            w.fixed("course", f(p.point.course), 1);
            match segment {
                Some(id) => w.text("segment", &id.to_string()),
                None => w.null("segment"),
            }
            w.text("src", &format!("{}:{}", names[p.file], p.line));
            buf.extend_from_slice(b"}\n");
            out.write_all(&buf)?;
        }
    }
    out.flush()?;
    Ok(if positions.is_empty() { Outcome::NotFound } else { Outcome::Found })
}

/// One FeatureCollection, a LineString Feature per segment ([lon, lat], in
/// time order; a one-position segment repeats its position, so every
/// geometry is a valid LineString). Segments in order of MMSI and number.
fn write_geojson(
    out: &mut impl Write,
    positions: &[Located],
    segments: &[Option<SegmentId>],
) -> anyhow::Result<()> {
    let mut by_segment: std::collections::BTreeMap<SegmentId, Vec<&Located>> =
        std::collections::BTreeMap::new();
    for (p, segment) in positions.iter().zip(segments) {
        if let Some(id) = segment {
            by_segment.entry(*id).or_default().push(p);
        }
    }
    let round = |v: f64| (v * 1e6).round() / 1e6;
    let features: Vec<serde_json::Value> = by_segment
        .iter()
        .map(|(id, points)| {
            let mut coords: Vec<[f64; 2]> =
                points.iter().map(|p| [round(p.point.lon), round(p.point.lat)]).collect();
            if coords.len() == 1 {
                coords.push(coords[0]);
            }
            serde_json::json!({
                "type": "Feature",
                "geometry": {"type": "LineString", "coordinates": coords},
                "properties": {
                    "mmsi": id.mmsi,
                    "segment": id.to_string(),
                    "start": points[0].point.ts.to_string(),
                    "end": points[points.len() - 1].point.ts.to_string(),
                    "n_points": points.len(),
                },
            })
        })
        .collect();
    let collection = serde_json::json!({"type": "FeatureCollection", "features": features});
    serde_json::to_writer(&mut *out, &collection)?;
    out.write_all(b"\n")?;
    Ok(())
}

fn decode(args: DecodeArgs) -> anyhow::Result<Outcome> {
    let mut out = shared::stdout();
    let mut buf = Vec::with_capacity(1024);
    let options = Options { default_time: args.default_time, ..Options::default() };
    let total = read_messages(&args.files, options, args.strict, |message, name| {
        buf.clear();
        write_message(&mut buf, message, name);
        out.write_all(&buf)?;
        Ok(())
    })?;
    if args.stats {
        if args.json {
            buf.clear();
            write_stats_json(&mut buf, &total);
            out.write_all(&buf)?;
        } else {
            out.flush()?;
            eprint!("{}", stats_text(&total));
        }
    }
    out.flush()?;
    Ok(if total.messages > 0 { Outcome::Found } else { Outcome::NotFound })
}

/// Decodes every file in turn (plain, gzip or `-` for stdin), calling
/// `on_message` with each message and its file's name; the summed counts.
/// With `strict`, the first rejected line is an error naming it.
fn read_messages(
    files: &[PathBuf],
    options: Options,
    strict: bool,
    mut on_message: impl FnMut(&Message, &str) -> anyhow::Result<()>,
) -> anyhow::Result<Stats> {
    let mut total = Stats::default();
    let mut line = Vec::with_capacity(vigil_ais::MAX_LINE_LEN + 2);
    for path in files {
        let name = path.display().to_string();
        let mut reader = open(path).with_context(|| format!("cannot read {name}"))?;
        let mut decoder = Decoder::new(options);
        let bar = shared::progress(0, "decoding");
        let mut line_no = 0u64;
        loop {
            let more = read_line_bounded(&mut reader, &mut line, vigil_ais::MAX_LINE_LEN + 1)
                .with_context(|| format!("cannot read {name}"))?;
            if !more {
                break;
            }
            line_no += 1;
            let before = decoder.stats().rejected_total();
            if let Some(message) = decoder.push_line(&line, line_no) {
                on_message(&message, &name)?;
            }
            if strict && decoder.stats().rejected_total() > before {
                strict_failure(&decoder, &name)?;
            }
            if line_no & 0xFFFF == 0 {
                bar.set_position(line_no);
            }
        }
        let before = decoder.stats().rejected_total();
        decoder.finish();
        if strict && decoder.stats().rejected_total() > before {
            strict_failure(&decoder, &name)?;
        }
        bar.finish_and_clear();
        total.add(decoder.stats());
    }
    Ok(total)
}

fn strict_failure(decoder: &Decoder, name: &str) -> anyhow::Result<()> {
    match decoder.last_rejection() {
        Some(rejection) => bail!("{name}:{}: {}", rejection.line, rejection.reason),
        None => bail!("{name}: a line was rejected"),
    }
}

/// A file or stdin, gunzipped when it starts with the gzip magic bytes.
fn open(path: &PathBuf) -> io::Result<Box<dyn BufRead>> {
    let raw: Box<dyn Read> = if path.as_os_str() == "-" {
        Box::new(io::stdin().lock())
    } else {
        Box::new(File::open(path)?)
    };
    let mut reader = BufReader::with_capacity(256 * 1024, raw);
    let is_gzip = reader.fill_buf()?.starts_with(&[0x1f, 0x8b]);
    Ok(if is_gzip {
        Box::new(BufReader::with_capacity(256 * 1024, flate2::bufread::MultiGzDecoder::new(reader)))
    } else {
        Box::new(reader)
    })
}

/// Reads one line into `line` (without `\n`), keeping at most `limit` bytes
/// of it: a longer line is read to its end but truncated, so memory stays
/// bounded and the decoder sees a line over its limit. `false` at the end.
fn read_line_bounded(
    reader: &mut dyn BufRead,
    line: &mut Vec<u8>,
    limit: usize,
) -> io::Result<bool> {
    line.clear();
    let mut any = false;
    loop {
        let available = match reader.fill_buf() {
            Ok(available) => available,
            Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
            Err(err) => return Err(err),
        };
        if available.is_empty() {
            return Ok(any);
        }
        any = true;
        let (chunk, done) = match available.iter().position(|&b| b == b'\n') {
            Some(idx) => (&available[..idx], Some(idx + 1)),
            None => (available, None),
        };
        let room = limit.saturating_sub(line.len());
        line.extend_from_slice(&chunk[..chunk.len().min(room)]);
        let consumed = done.unwrap_or(available.len());
        reader.consume(consumed);
        if done.is_some() {
            return Ok(true);
        }
    }
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

/// A minimal JSON object writer: keys are fixed ASCII names, values are
/// numbers, booleans, null, or 6-bit AIS text (escaped).
struct JsonWriter<'a> {
    buf: &'a mut Vec<u8>,
    first: bool,
}

impl<'a> JsonWriter<'a> {
    fn new(buf: &'a mut Vec<u8>) -> JsonWriter<'a> {
        JsonWriter { buf, first: true }
    }

    fn key(&mut self, key: &str) {
        if !self.first {
            self.buf.push(b',');
        }
        self.first = false;
        self.buf.push(b'"');
        self.buf.extend_from_slice(key.as_bytes());
        self.buf.extend_from_slice(b"\":");
    }

    fn uint(&mut self, key: &str, value: u64) {
        self.key(key);
        push_uint(self.buf, value);
    }

    fn bool(&mut self, key: &str, value: bool) {
        self.key(key);
        self.buf.extend_from_slice(if value { b"true" } else { b"false" });
    }

    fn null(&mut self, key: &str) {
        self.key(key);
        self.buf.extend_from_slice(b"null");
    }

    /// A number with a fixed count of decimals (0–6), or null.
    fn fixed(&mut self, key: &str, value: Option<f64>, decimals: u32) {
        let Some(value) = value else { return self.null(key) };
        self.key(key);
        let scale = 10u64.pow(decimals);
        let scaled = (value * scale as f64).round();
        if scaled < 0.0 {
            self.buf.push(b'-');
        }
        let scaled = scaled.abs() as u64;
        push_uint(self.buf, scaled / scale);
        if decimals > 0 {
            self.buf.push(b'.');
            let frac = scaled % scale;
            let mut digits = [b'0'; 6];
            let mut rest = frac;
            for idx in (0..decimals as usize).rev() {
                digits[idx] = b'0' + (rest % 10) as u8;
                rest /= 10;
            }
            self.buf.extend_from_slice(&digits[..decimals as usize]);
        }
    }

    fn opt_uint(&mut self, key: &str, value: Option<u64>) {
        match value {
            Some(value) => self.uint(key, value),
            None => self.null(key),
        }
    }

    fn text(&mut self, key: &str, value: &str) {
        self.key(key);
        self.buf.push(b'"');
        for &byte in value.as_bytes() {
            if byte == b'"' || byte == b'\\' {
                self.buf.push(b'\\');
            }
            self.buf.push(byte);
        }
        self.buf.push(b'"');
    }

    fn timestamp(&mut self, key: &str, value: Option<Timestamp>) {
        match value {
            Some(ts) => {
                self.key(key);
                self.buf.push(b'"');
                let (year, month, day, hour, minute, second, millis) = ts.to_civil();
                // Every message carries a time, so this is on the hot path:
                // fixed-width digits are written directly instead of through
                // `fmt`, which cost a fifth of the whole decode.
                match u32::try_from(year) {
                    Ok(year) if year <= 9999 => push_padded(self.buf, year, 4),
                    _ => {
                        let _ = write!(self.buf, "{year:04}");
                    }
                }
                for (separator, value) in
                    [(b'-', month), (b'-', day), (b'T', hour), (b':', minute), (b':', second)]
                {
                    self.buf.push(separator);
                    push_padded(self.buf, value, 2);
                }
                if millis != 0 {
                    self.buf.push(b'.');
                    push_padded(self.buf, millis, 3);
                }
                self.buf.extend_from_slice(b"Z\"");
            }
            None => self.null(key),
        }
    }

    fn dims(&mut self, dims: &Dimensions) {
        self.uint("to_bow", dims.to_bow.into());
        self.uint("to_stern", dims.to_stern.into());
        self.uint("to_port", dims.to_port.into());
        self.uint("to_starboard", dims.to_starboard.into());
    }
}

/// Writes `value` in decimal, zero-padded to at least `width` digits, as
/// `format!("{value:0width$}")` would.
fn push_padded(buf: &mut Vec<u8>, value: u32, width: usize) {
    let mut digits = [b'0'; 10];
    let mut rest = value;
    let mut idx = digits.len();
    loop {
        idx -= 1;
        digits[idx] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    let start = idx.min(digits.len().saturating_sub(width));
    buf.extend_from_slice(&digits[start..]);
}

fn push_uint(buf: &mut Vec<u8>, mut value: u64) {
    let mut digits = [0u8; 20];
    let mut idx = digits.len();
    loop {
        idx -= 1;
        digits[idx] = b'0' + (value % 10) as u8;
        value /= 10;
        if value == 0 {
            break;
        }
    }
    buf.extend_from_slice(&digits[idx..]);
}

fn f(value: Option<f32>) -> Option<f64> {
    value.map(f64::from)
}

/// One message as one JSON line (with its newline) appended to `buf`.
fn write_message(buf: &mut Vec<u8>, message: &Message, source: &str) {
    buf.push(b'{');
    let mut w = JsonWriter::new(buf);
    w.uint("type", message.msg_type.into());
    w.uint("repeat", message.repeat.into());
    w.uint("mmsi", message.mmsi.into());
    w.timestamp("ts", message.ts);
    match &message.body {
        Body::Position(m) => {
            w.uint("status", m.status.into());
            match m.turn {
                Turn::NotAvailable => w.null("turn"),
                Turn::FastLeft => w.text("turn", "fastleft"),
                Turn::FastRight => w.text("turn", "fastright"),
                Turn::Rate(rate) => w.fixed("turn", Some(rate.into()), 1),
            }
            w.fixed("speed", f(m.speed), 1);
            w.bool("accuracy", m.accuracy);
            w.fixed("lon", m.lon, 6);
            w.fixed("lat", m.lat, 6);
            w.fixed("course", f(m.course), 1);
            w.opt_uint("heading", m.heading.map(u64::from));
            w.uint("second", m.second.into());
            w.uint("maneuver", m.maneuver.into());
            w.bool("raim", m.raim);
            w.uint("radio", m.radio.into());
        }
        Body::BaseStation(m) => {
            w.uint("year", m.year.into());
            w.uint("month", m.month.into());
            w.uint("day", m.day.into());
            w.uint("hour", m.hour.into());
            w.uint("minute", m.minute.into());
            w.uint("second", m.second.into());
            w.bool("accuracy", m.accuracy);
            w.fixed("lon", m.lon, 6);
            w.fixed("lat", m.lat, 6);
            w.uint("epfd", m.epfd.into());
            w.bool("raim", m.raim);
            w.uint("radio", m.radio.into());
        }
        Body::StaticVoyage(m) => {
            w.uint("ais_version", m.ais_version.into());
            w.uint("imo", m.imo.into());
            w.text("callsign", m.callsign.as_str());
            w.text("shipname", m.shipname.as_str());
            w.uint("shiptype", m.shiptype.into());
            w.dims(&m.dims);
            w.uint("epfd", m.epfd.into());
            w.key("eta");
            let eta = m.eta;
            let _ = write!(
                w.buf,
                "\"{:02}-{:02}T{:02}:{:02}Z\"",
                eta.month, eta.day, eta.hour, eta.minute
            );
            w.fixed("draught", Some(m.draught.into()), 1);
            w.text("destination", m.destination.as_str());
            w.bool("dte", m.dte);
        }
        Body::SarAircraft(m) => {
            w.opt_uint("alt", m.alt.map(u64::from));
            w.fixed("speed", f(m.speed), 0);
            w.bool("accuracy", m.accuracy);
            w.fixed("lon", m.lon, 6);
            w.fixed("lat", m.lat, 6);
            w.fixed("course", f(m.course), 1);
            w.uint("second", m.second.into());
            w.uint("regional", m.regional.into());
            w.bool("dte", m.dte);
            w.bool("assigned", m.assigned);
            w.bool("raim", m.raim);
            w.uint("radio", m.radio.into());
        }
        Body::ClassB(m) => {
            w.uint("reserved", m.reserved.into());
            w.fixed("speed", f(m.speed), 1);
            w.bool("accuracy", m.accuracy);
            w.fixed("lon", m.lon, 6);
            w.fixed("lat", m.lat, 6);
            w.fixed("course", f(m.course), 1);
            w.opt_uint("heading", m.heading.map(u64::from));
            w.uint("second", m.second.into());
            w.uint("regional", m.regional.into());
            w.bool("cs", m.cs);
            w.bool("display", m.display);
            w.bool("dsc", m.dsc);
            w.bool("band", m.band);
            w.bool("msg22", m.msg22);
            w.bool("assigned", m.assigned);
            w.bool("raim", m.raim);
            w.uint("radio", m.radio.into());
        }
        Body::ClassBExtended(m) => {
            w.uint("reserved", m.reserved.into());
            w.fixed("speed", f(m.speed), 1);
            w.bool("accuracy", m.accuracy);
            w.fixed("lon", m.lon, 6);
            w.fixed("lat", m.lat, 6);
            w.fixed("course", f(m.course), 1);
            w.opt_uint("heading", m.heading.map(u64::from));
            w.uint("second", m.second.into());
            w.uint("regional", m.regional.into());
            w.text("shipname", m.shipname.as_str());
            w.uint("shiptype", m.shiptype.into());
            w.dims(&m.dims);
            w.uint("epfd", m.epfd.into());
            w.bool("raim", m.raim);
            w.bool("dte", m.dte);
            w.bool("assigned", m.assigned);
        }
        Body::AidToNavigation(m) => {
            w.uint("aid_type", m.aid_type.into());
            w.text("name", m.name.as_str());
            w.bool("accuracy", m.accuracy);
            w.fixed("lon", m.lon, 6);
            w.fixed("lat", m.lat, 6);
            w.dims(&m.dims);
            w.uint("epfd", m.epfd.into());
            w.uint("second", m.second.into());
            w.bool("off_position", m.off_position);
            w.uint("regional", m.regional.into());
            w.bool("raim", m.raim);
            w.bool("virtual_aid", m.virtual_aid);
            w.bool("assigned", m.assigned);
        }
        Body::StaticDataA(m) => {
            w.uint("partno", 0);
            w.text("shipname", m.shipname.as_str());
        }
        Body::StaticDataB(m) => {
            w.uint("partno", 1);
            w.uint("shiptype", m.shiptype.into());
            w.text("vendorid", m.vendorid.as_str());
            w.uint("model", m.model.into());
            w.uint("serial", m.serial.into());
            w.text("callsign", m.callsign.as_str());
            match m.mothership_mmsi {
                Some(mmsi) => w.uint("mothership_mmsi", mmsi.into()),
                None => w.dims(&m.dims),
            }
        }
        Body::LongRange(m) => {
            w.bool("accuracy", m.accuracy);
            w.bool("raim", m.raim);
            w.uint("status", m.status.into());
            w.fixed("lon", m.lon, 6);
            w.fixed("lat", m.lat, 6);
            w.fixed("speed", f(m.speed), 0);
            w.fixed("course", f(m.course), 0);
            w.bool("gnss", m.gnss);
        }
        _ => {}
    }
    w.key("src");
    w.buf.push(b'"');
    for &byte in source.as_bytes() {
        match byte {
            b'"' | b'\\' => w.buf.extend_from_slice(&[b'\\', byte]),
            0..=0x1f => {
                let _ = write!(w.buf, "\\u{byte:04x}");
            }
            _ => w.buf.push(byte),
        }
    }
    w.buf.push(b':');
    push_uint(w.buf, message.line);
    w.buf.extend_from_slice(b"\"}\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn padded_digits_match_format() {
        for (value, width) in
            [(0, 2), (7, 2), (59, 2), (5, 3), (999, 3), (2013, 4), (12, 4), (123456, 4)]
        {
            let mut buf = Vec::new();
            push_padded(&mut buf, value, width);
            assert_eq!(String::from_utf8(buf).unwrap(), format!("{value:0width$}"));
        }
    }

    #[test]
    fn bounded_lines_are_cut_and_counted() {
        let data = b"short\nxxxxxxxxxx\nlast";
        let mut reader: &[u8] = data;
        let mut line = Vec::new();
        let mut lines = Vec::new();
        while read_line_bounded(&mut reader, &mut line, 4).unwrap() {
            lines.push(String::from_utf8(line.clone()).unwrap());
        }
        assert_eq!(lines, ["shor", "xxxx", "last"]);
    }

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
