//! `vigil ais decode`: each message as one JSON line, written by hand into
//! one reused buffer (the field list is in the module doc of `cmd::ais`),
//! and the counts.

use std::io::Write;
use std::path::PathBuf;

use vigil_ais::{Body, Message, Options, Reason, Stats, Timestamp, Turn};

use super::input::read_messages;
use super::json::{f, push_uint, JsonWriter};
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

/// Runs `vigil ais decode`.
pub fn run(args: DecodeArgs) -> anyhow::Result<Outcome> {
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

/// One message as one JSON line (with its newline) appended to `buf`.
pub(super) fn write_message(buf: &mut Vec<u8>, message: &Message, source: &str) {
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
