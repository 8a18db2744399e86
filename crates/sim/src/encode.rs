//! The AIS encoder: messages of types 1–3, 5, 18 and 24 to bits, bits to the
//! 6-bit armored payload, and the payload to NMEA 0183 `!AIVDM` sentences
//! with NMEA 4 tag blocks, split into fragments when it is too long for one.
//!
//! It is the decoder's mirror, written from the standard rather than from
//! `vigil_ais`, so the round-trip test checks one against the other.
//!
//! # Units
//! Inputs are in plain units, as the decoder gives them back: degrees
//! (WGS 84), knots, degrees from true north, metres. The encoder rounds them
//! to the message's resolution: position to 1/10 000 minute, speed to
//! 0.1 kn, course to 0.1°, draught to 0.1 m.
//!
//! # References
//! - ITU-R M.1371-5 (02/2014), Annex 8: Table 45 (types 1–3), 48 (type 5),
//!   46 (type 18), 76 and 77 (type 24); §3.1 and Table 47 for 6-bit text.
//! - IEC 61162-1 / NMEA 0183 v4: sentence framing, the XOR checksum, tag
//!   blocks (`\g:1-2-7,s:STATION,c:1700000000*hh\`).

use std::fmt::Write as _;

/// Most payload characters in one sentence, so a sentence stays within the
/// 82 characters NMEA 0183 allows.
pub const MAX_PAYLOAD_PER_SENTENCE: usize = 60;

/// A growing sequence of bits, most significant first, as AIS sends them.
#[derive(Debug, Default, Clone)]
pub struct BitWriter {
    bits: Vec<bool>,
}

impl BitWriter {
    /// An empty writer.
    pub fn new() -> BitWriter {
        BitWriter::default()
    }

    /// Appends the low `width` bits of an unsigned value.
    pub fn put_u(&mut self, value: u64, width: u32) {
        for shift in (0..width).rev() {
            self.bits.push((value >> shift) & 1 == 1);
        }
    }

    /// Appends a signed value in `width` bits, two's complement.
    pub fn put_i(&mut self, value: i64, width: u32) {
        self.put_u(value as u64 & ((1u64 << width) - 1), width);
    }

    /// Appends text as `n_chars` 6-bit characters (Table 47): upper-cased,
    /// characters outside the alphabet sent as `?`, padded with `@`.
    pub fn put_text(&mut self, text: &str, n_chars: usize) {
        let mut chars = text.chars().map(|c| c.to_ascii_uppercase());
        for _ in 0..n_chars {
            let value = match chars.next() {
                None => 0,
                Some(c @ '@'..='_') => c as u64 - 64,
                Some(c @ ' '..='?') => c as u64,
                Some(_) => '?' as u64,
            };
            self.put_u(value, 6);
        }
    }

    /// The number of bits written.
    pub fn len(&self) -> usize {
        self.bits.len()
    }

    /// Whether nothing was written.
    pub fn is_empty(&self) -> bool {
        self.bits.is_empty()
    }

    /// The armored payload and its fill bits: six bits per character, the
    /// last character padded with zero bits (ITU-R M.1371-5 §3.1 of Annex 8;
    /// IEC 61162-1 for the character mapping).
    pub fn armor(&self) -> (String, u8) {
        let fill = (6 - self.bits.len() % 6) % 6;
        let mut payload = String::with_capacity(self.bits.len() / 6 + 1);
        for chunk in self.bits.chunks(6) {
            let mut value = 0u8;
            for idx in 0..6 {
                value = (value << 1) | u8::from(chunk.get(idx).copied().unwrap_or(false));
            }
            payload.push(armor_char(value));
        }
        (payload, fill as u8)
    }
}

/// The payload character of a 6-bit value: 0–39 → `0`–`W`, 40–63 → `` ` ``–`w`.
fn armor_char(value: u8) -> char {
    let code = if value < 40 { value + 48 } else { value + 56 };
    code as char
}

/// The NMEA checksum: XOR of every byte between the start delimiter and `*`.
pub fn checksum(body: &str) -> u8 {
    body.bytes().fold(0, |acc, byte| acc ^ byte)
}

/// Dimensions from the position reference point, in metres.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Dims {
    /// To the bow (A), 0–511.
    pub to_bow: u16,
    /// To the stern (B), 0–511.
    pub to_stern: u16,
    /// To port (C), 0–63.
    pub to_port: u8,
    /// To starboard (D), 0–63.
    pub to_starboard: u8,
}

impl Dims {
    fn put(&self, bits: &mut BitWriter) {
        bits.put_u(u64::from(self.to_bow.min(511)), 9);
        bits.put_u(u64::from(self.to_stern.min(511)), 9);
        bits.put_u(u64::from(self.to_port.min(63)), 6);
        bits.put_u(u64::from(self.to_starboard.min(63)), 6);
    }
}

/// A Class A position report (types 1, 2, 3; Table 45).
#[derive(Debug, Clone, PartialEq)]
pub struct PositionA {
    /// 1 (scheduled), 2 (assigned) or 3 (interrogated).
    pub msg_type: u8,
    /// The sender.
    pub mmsi: u32,
    /// Navigational status: 0 under way using engine, 1 at anchor, 5 moored…
    pub status: u8,
    /// Raw rate of turn (−128 = not available).
    pub turn: i8,
    /// Speed over ground in knots; `None` = not available.
    pub speed: Option<f64>,
    /// Position accuracy flag (true = better than 10 m).
    pub accuracy: bool,
    /// Latitude in degrees.
    pub lat: f64,
    /// Longitude in degrees.
    pub lon: f64,
    /// Course over ground in degrees; `None` = not available.
    pub course: Option<f64>,
    /// True heading in whole degrees; `None` = not available.
    pub heading: Option<u16>,
    /// UTC second of the fix (60 = not available).
    pub second: u8,
    /// Special manoeuvre indicator.
    pub maneuver: u8,
    /// RAIM flag.
    pub raim: bool,
    /// Radio status (19 bits).
    pub radio: u32,
}

/// Class A static and voyage data (type 5; Table 48).
#[derive(Debug, Clone, PartialEq)]
pub struct StaticVoyageA {
    /// The sender.
    pub mmsi: u32,
    /// AIS version indicator, 0–3.
    pub ais_version: u8,
    /// IMO number as sent (it may fail its check digit); 0 = not available.
    pub imo: u32,
    /// Call sign, up to 7 characters.
    pub callsign: String,
    /// Name, up to 20 characters.
    pub shipname: String,
    /// Type of ship and cargo (70–79 cargo, 80–89 tanker…).
    pub shiptype: u8,
    /// Dimensions.
    pub dims: Dims,
    /// Position fixing device (1 = GPS).
    pub epfd: u8,
    /// ETA month, day, hour, minute (0, 0, 24, 60 = not available).
    pub eta: (u8, u8, u8, u8),
    /// Maximum present static draught in metres.
    pub draught: f64,
    /// Destination, up to 20 characters.
    pub destination: String,
    /// Data terminal equipment flag (false = available).
    pub dte: bool,
}

/// A Class B position report (type 18; Table 46).
#[derive(Debug, Clone, PartialEq)]
pub struct PositionB {
    /// The sender.
    pub mmsi: u32,
    /// Speed over ground in knots; `None` = not available.
    pub speed: Option<f64>,
    /// Position accuracy flag.
    pub accuracy: bool,
    /// Latitude in degrees.
    pub lat: f64,
    /// Longitude in degrees.
    pub lon: f64,
    /// Course over ground in degrees.
    pub course: Option<f64>,
    /// True heading in whole degrees.
    pub heading: Option<u16>,
    /// UTC second of the fix.
    pub second: u8,
    /// Class B unit flag (true = carrier-sense "CS" unit).
    pub cs: bool,
    /// Display flag.
    pub display: bool,
    /// DSC flag.
    pub dsc: bool,
    /// Band flag.
    pub band: bool,
    /// Message 22 flag.
    pub msg22: bool,
    /// Assigned-mode flag.
    pub assigned: bool,
    /// RAIM flag.
    pub raim: bool,
    /// Radio status (20 bits).
    pub radio: u32,
}

/// Class B static data, part A (type 24; Table 76): the name.
#[derive(Debug, Clone, PartialEq)]
pub struct StaticB24A {
    /// The sender.
    pub mmsi: u32,
    /// Name, up to 20 characters.
    pub shipname: String,
}

/// Class B static data, part B (type 24; Table 77).
#[derive(Debug, Clone, PartialEq)]
pub struct StaticB24B {
    /// The sender.
    pub mmsi: u32,
    /// Type of ship and cargo.
    pub shiptype: u8,
    /// Manufacturer's ID, 3 characters.
    pub vendorid: String,
    /// Unit model code, 4 bits.
    pub model: u8,
    /// Unit serial number, 20 bits.
    pub serial: u32,
    /// Call sign, up to 7 characters.
    pub callsign: String,
    /// Dimensions.
    pub dims: Dims,
}

/// Any message this encoder writes.
#[derive(Debug, Clone, PartialEq)]
pub enum Outgoing {
    /// Types 1–3.
    PositionA(PositionA),
    /// Type 5.
    StaticVoyageA(StaticVoyageA),
    /// Type 18.
    PositionB(PositionB),
    /// Type 24 part A.
    StaticB24A(StaticB24A),
    /// Type 24 part B.
    StaticB24B(StaticB24B),
}

fn header(bits: &mut BitWriter, msg_type: u8, mmsi: u32) {
    bits.put_u(u64::from(msg_type), 6);
    bits.put_u(0, 2); // repeat indicator: sent directly, never repeated
    bits.put_u(u64::from(mmsi), 30);
}

/// Position in 1/10 000 minute, rounded (ITU-R M.1371-5 Table 45).
fn put_position(bits: &mut BitWriter, lat: f64, lon: f64) {
    bits.put_i((lon * 600_000.0).round() as i64, 28);
    bits.put_i((lat * 600_000.0).round() as i64, 27);
}

fn speed_raw(speed: Option<f64>) -> u64 {
    speed.map_or(1023, |knots| ((knots.max(0.0) * 10.0).round() as u64).min(1022))
}

fn course_raw(course: Option<f64>) -> u64 {
    course.map_or(3600, |degrees| ((degrees.rem_euclid(360.0) * 10.0).round() as u64) % 3600)
}

fn heading_raw(heading: Option<u16>) -> u64 {
    heading.map_or(511, |degrees| u64::from(degrees % 360))
}

impl Outgoing {
    /// The sender's MMSI.
    pub fn mmsi(&self) -> u32 {
        match self {
            Outgoing::PositionA(m) => m.mmsi,
            Outgoing::StaticVoyageA(m) => m.mmsi,
            Outgoing::PositionB(m) => m.mmsi,
            Outgoing::StaticB24A(m) => m.mmsi,
            Outgoing::StaticB24B(m) => m.mmsi,
        }
    }

    /// The message's bits.
    pub fn bits(&self) -> BitWriter {
        let mut bits = BitWriter::new();
        match self {
            Outgoing::PositionA(m) => {
                header(&mut bits, m.msg_type, m.mmsi);
                bits.put_u(u64::from(m.status), 4);
                bits.put_i(i64::from(m.turn), 8);
                bits.put_u(speed_raw(m.speed), 10);
                bits.put_u(u64::from(m.accuracy), 1);
                put_position(&mut bits, m.lat, m.lon);
                bits.put_u(course_raw(m.course), 12);
                bits.put_u(heading_raw(m.heading), 9);
                bits.put_u(u64::from(m.second), 6);
                bits.put_u(u64::from(m.maneuver), 2);
                bits.put_u(0, 3); // spare
                bits.put_u(u64::from(m.raim), 1);
                bits.put_u(u64::from(m.radio), 19);
            }
            Outgoing::StaticVoyageA(m) => {
                header(&mut bits, 5, m.mmsi);
                bits.put_u(u64::from(m.ais_version), 2);
                bits.put_u(u64::from(m.imo), 30);
                bits.put_text(&m.callsign, 7);
                bits.put_text(&m.shipname, 20);
                bits.put_u(u64::from(m.shiptype), 8);
                m.dims.put(&mut bits);
                bits.put_u(u64::from(m.epfd), 4);
                let (month, day, hour, minute) = m.eta;
                bits.put_u(u64::from(month), 4);
                bits.put_u(u64::from(day), 5);
                bits.put_u(u64::from(hour), 5);
                bits.put_u(u64::from(minute), 6);
                bits.put_u(((m.draught.max(0.0) * 10.0).round() as u64).min(255), 8);
                bits.put_text(&m.destination, 20);
                bits.put_u(u64::from(m.dte), 1);
                bits.put_u(0, 1); // spare
            }
            Outgoing::PositionB(m) => {
                header(&mut bits, 18, m.mmsi);
                bits.put_u(0, 8); // regional reserved
                bits.put_u(speed_raw(m.speed), 10);
                bits.put_u(u64::from(m.accuracy), 1);
                put_position(&mut bits, m.lat, m.lon);
                bits.put_u(course_raw(m.course), 12);
                bits.put_u(heading_raw(m.heading), 9);
                bits.put_u(u64::from(m.second), 6);
                bits.put_u(0, 2); // regional reserved
                for flag in [m.cs, m.display, m.dsc, m.band, m.msg22, m.assigned, m.raim] {
                    bits.put_u(u64::from(flag), 1);
                }
                bits.put_u(u64::from(m.radio), 20);
            }
            Outgoing::StaticB24A(m) => {
                header(&mut bits, 24, m.mmsi);
                bits.put_u(0, 2); // part A
                bits.put_text(&m.shipname, 20);
            }
            Outgoing::StaticB24B(m) => {
                header(&mut bits, 24, m.mmsi);
                bits.put_u(1, 2); // part B
                bits.put_u(u64::from(m.shiptype), 8);
                bits.put_text(&m.vendorid, 3);
                bits.put_u(u64::from(m.model), 4);
                bits.put_u(u64::from(m.serial), 20);
                bits.put_text(&m.callsign, 7);
                m.dims.put(&mut bits);
                bits.put_u(0, 4); // EPFD (ITU-R M.1371-5; spare in older editions)
                bits.put_u(0, 2); // spare
            }
        }
        bits
    }
}

/// Where and when a message was received: the tag block's `s:` and `c:`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Reception<'a> {
    /// The receiving station's name (`s:`).
    pub station: &'a str,
    /// Receive time, seconds since the Unix epoch (`c:`).
    pub epoch_s: i64,
    /// The radio channel, `A` or `B`.
    pub channel: char,
}

/// Writes a message as lines (each ending in `\n`) into `out`: one
/// sentence, or several with sequence ID `seq_id` (0–9) when the payload
/// needs more than [`MAX_PAYLOAD_PER_SENTENCE`] characters. Each line has a
/// tag block with the source station and receive time; fragments also
/// carry a `g:` group (`part-total-group_id`).
pub fn write_sentences(
    out: &mut String,
    message: &Outgoing,
    rx: Reception,
    seq_id: u8,
    group_id: u32,
) {
    let (payload, fill) = message.bits().armor();
    let parts: Vec<&str> = payload
        .as_bytes()
        .chunks(MAX_PAYLOAD_PER_SENTENCE)
        .map(|chunk| std::str::from_utf8(chunk).unwrap_or(""))
        .collect();
    let total = parts.len();
    let mut tag = String::new();
    let mut body = String::new();
    for (idx, part) in parts.iter().enumerate() {
        tag.clear();
        if total > 1 {
            let _ = write!(tag, "g:{}-{}-{},", idx + 1, total, group_id);
        }
        let _ = write!(tag, "s:{},c:{}", rx.station, rx.epoch_s);
        body.clear();
        let part_fill = if idx + 1 == total { fill } else { 0 };
        let _ = write!(body, "AIVDM,{},{},", total, idx + 1);
        if total > 1 {
            let _ = write!(body, "{}", seq_id % 10);
        }
        let _ = write!(body, ",{},{},{}", rx.channel, part, part_fill);
        let _ =
            writeln!(out, "\\{}*{:02X}\\!{}*{:02X}", tag, checksum(&tag), body, checksum(&body));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn armoring_maps_values_to_the_payload_alphabet() {
        assert_eq!(armor_char(0), '0');
        assert_eq!(armor_char(39), 'W');
        assert_eq!(armor_char(40), '`');
        assert_eq!(armor_char(63), 'w');
        let mut bits = BitWriter::new();
        bits.put_u(1, 6);
        bits.put_u(0b11, 2);
        // 0b11 padded to six bits is 0b110000 = 48, which armors as `h`.
        assert_eq!(bits.armor(), ("1h".to_owned(), 4));
    }

    #[test]
    fn text_is_upper_cased_and_padded() {
        let mut bits = BitWriter::new();
        bits.put_text("ab", 3);
        let (payload, fill) = bits.armor();
        // A = 1, B = 2, @ = 0.
        assert_eq!((payload.as_str(), fill), ("120", 0));
    }

    #[test]
    fn checksum_is_the_xor_of_the_body() {
        // A sentence from gpsd's test data, with its published checksum.
        assert_eq!(checksum("AIVDM,1,1,,B,13F?Vv700<DJuLEtvep`iToV0<00,0"), 0x78);
    }
}
