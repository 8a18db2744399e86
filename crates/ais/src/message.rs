//! Decoded AIS messages: the types, and their decoding from payload bits.
//!
//! # Units
//! Values are converted from the raw ITU-R M.1371-5 encodings to plain units
//! on decoding: positions in degrees (WGS 84), speeds in knots, courses and
//! headings in degrees from true north, draught and dimensions in metres.
//! The "not available" code of each field becomes `None`.
//!
//! # References
//! ITU-R M.1371-5 (02/2014), Annex 8 §3 (message descriptions); the table
//! numbers are cited at each type. Field names follow gpsd's AIVDM JSON
//! (<https://gpsd.gitlab.io/gpsd/AIVDM.html>), which pyais shares in most places.

use crate::bits::{AisText, Bits};
use crate::time::Timestamp;

/// One decoded AIS message with where and when it was received.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Message {
    /// Message ID, 1–27 (ITU-R M.1371-5: 6 bits).
    pub msg_type: u8,
    /// Repeat indicator, 0–3: how often the message was repeated (2 bits).
    pub repeat: u8,
    /// The sender's MMSI (30 bits); not validated.
    pub mmsi: u32,
    /// When it was received: from a tag block `c:`, a `$PGHP` line, a trailing
    /// epoch after the checksum, or the decoder's default time; else `None`.
    pub ts: Option<Timestamp>,
    /// The radio channel of the (last) sentence: `b'A'`, `b'B'`, … or 0 when empty.
    pub channel: u8,
    /// The 1-based input line of the sentence that completed the message.
    pub line: u64,
    /// The type-specific fields.
    pub body: Body,
}

/// The fields of each message type.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub enum Body {
    /// Types 1, 2 and 3: Class A position report.
    Position(PositionReport),
    /// Types 4 and 11: base station report and UTC/date response.
    BaseStation(BaseStationReport),
    /// Type 5: Class A static and voyage related data.
    StaticVoyage(StaticVoyage),
    /// Type 9: standard SAR aircraft position report.
    SarAircraft(SarAircraftReport),
    /// Type 18: standard Class B position report.
    ClassB(ClassBReport),
    /// Type 19: extended Class B position report.
    ClassBExtended(ClassBExtendedReport),
    /// Type 21: aid-to-navigation report.
    AidToNavigation(AidToNavigationReport),
    /// Type 24 part A: the ship's name.
    StaticDataA(StaticDataA),
    /// Type 24 part B: type, vendor, call sign and dimensions.
    StaticDataB(StaticDataB),
    /// Type 27: long-range broadcast position report.
    LongRange(LongRangeReport),
    /// Any other type (6, 7, 8, 10, 12–17, 20, 22, 23, 25, 26): recognised
    /// (type, repeat, MMSI) but its fields are not decoded yet.
    Other,
}

/// Rate of turn (ITU-R M.1371-5 Table 45, `ROT_AIS`, 8 bits signed).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Turn {
    /// −128: no turn information.
    NotAvailable,
    /// −127: turning left at more than 5° per 30 s, no turn indicator.
    FastLeft,
    /// +127: turning right at more than 5° per 30 s, no turn indicator.
    FastRight,
    /// A turn indicator's rate in degrees per minute, positive to starboard:
    /// `ROT = (ROT_AIS / 4.733)²` with the sign of `ROT_AIS` (0–708°/min).
    Rate(f32),
}

impl Turn {
    fn from_raw(raw: i64) -> Turn {
        match raw {
            -128 => Turn::NotAvailable,
            -127 => Turn::FastLeft,
            127 => Turn::FastRight,
            _ => {
                let rate = (raw as f32 / 4.733).powi(2);
                Turn::Rate(if raw < 0 { -rate } else { rate })
            }
        }
    }
}

/// Ship dimensions from the reference point of the reported position, in
/// metres (ITU-R M.1371-5 Fig. 42): bow and stern 9 bits (511 = 511 m or
/// more), port and starboard 6 bits (63 = 63 m or more); 0 = not available.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Dimensions {
    /// Distance to the bow (A), m.
    pub to_bow: u16,
    /// Distance to the stern (B), m.
    pub to_stern: u16,
    /// Distance to port (C), m.
    pub to_port: u8,
    /// Distance to starboard (D), m.
    pub to_starboard: u8,
}

impl Dimensions {
    fn decode(bits: &Bits, start: usize) -> Dimensions {
        Dimensions {
            to_bow: bits.u(start, 9) as u16,
            to_stern: bits.u(start + 9, 9) as u16,
            to_port: bits.u(start + 18, 6) as u8,
            to_starboard: bits.u(start + 24, 6) as u8,
        }
    }

    /// Length overall (bow + stern) in metres, or `None` when either is 0.
    pub fn length(&self) -> Option<u16> {
        (self.to_bow > 0 && self.to_stern > 0).then(|| self.to_bow + self.to_stern)
    }

    /// Beam (port + starboard) in metres, or `None` when either is 0.
    pub fn beam(&self) -> Option<u16> {
        (self.to_port > 0 && self.to_starboard > 0)
            .then(|| u16::from(self.to_port) + u16::from(self.to_starboard))
    }
}

/// Estimated time of arrival, UTC, without a year (ITU-R M.1371-5 Table 48):
/// month 1–12 (0 = n/a), day 1–31 (0 = n/a), hour 0–23 (24 = n/a), minute 0–59 (60 = n/a).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Eta {
    /// Month, 0 = not available.
    pub month: u8,
    /// Day, 0 = not available.
    pub day: u8,
    /// Hour, 24 = not available.
    pub hour: u8,
    /// Minute, 60 = not available.
    pub minute: u8,
}

/// Types 1, 2, 3: Class A position report (ITU-R M.1371-5 Table 46, 168 bits).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PositionReport {
    /// Navigational status 0–15 (0 under way using engine, 1 at anchor, 5 moored, 7 fishing, 15 n/a).
    pub status: u8,
    /// Rate of turn.
    pub turn: Turn,
    /// Speed over ground in knots (raw 1/10 kn; 1023 = n/a → `None`; 102.2 = 102.2 kn or more).
    pub speed: Option<f32>,
    /// Position accuracy flag: true = high (≤ 10 m, DGNSS).
    pub accuracy: bool,
    /// Longitude in degrees, east positive (raw 1/10 000 min; 181° = n/a → `None`).
    pub lon: Option<f64>,
    /// Latitude in degrees, north positive (raw 1/10 000 min; 91° = n/a → `None`).
    pub lat: Option<f64>,
    /// Course over ground in degrees (raw 1/10°; 3600 = n/a → `None`).
    pub course: Option<f32>,
    /// True heading in degrees 0–359 (511 = n/a → `None`).
    pub heading: Option<u16>,
    /// UTC second of the report 0–59; 60 n/a, 61 manual, 62 dead reckoning, 63 inoperative.
    pub second: u8,
    /// Special manoeuvre indicator: 0 n/a, 1 none, 2 engaged.
    pub maneuver: u8,
    /// RAIM flag.
    pub raim: bool,
    /// Communication state (19 bits, SOTDMA/ITDMA), raw.
    pub radio: u32,
}

/// Types 4 and 11: base station report / UTC and date response (Table 51, 168 bits).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BaseStationReport {
    /// UTC year 1–9999, 0 = n/a.
    pub year: u16,
    /// UTC month 1–12, 0 = n/a.
    pub month: u8,
    /// UTC day 1–31, 0 = n/a.
    pub day: u8,
    /// UTC hour 0–23, 24 = n/a.
    pub hour: u8,
    /// UTC minute 0–59, 60 = n/a.
    pub minute: u8,
    /// UTC second 0–59, 60 = n/a.
    pub second: u8,
    /// Position accuracy flag.
    pub accuracy: bool,
    /// Longitude in degrees (1/10 000 min; 181° → `None`).
    pub lon: Option<f64>,
    /// Latitude in degrees (1/10 000 min; 91° → `None`).
    pub lat: Option<f64>,
    /// Type of position fixing device (0 undefined, 1 GPS, 7 surveyed, …).
    pub epfd: u8,
    /// RAIM flag.
    pub raim: bool,
    /// Communication state (19 bits), raw.
    pub radio: u32,
}

impl BaseStationReport {
    /// The reported UTC time, when every field is available and valid.
    pub fn time(&self) -> Option<Timestamp> {
        Timestamp::from_civil(
            i64::from(self.year),
            self.month.into(),
            self.day.into(),
            self.hour.into(),
            self.minute.into(),
            self.second.into(),
            0,
        )
    }
}

/// Type 5: static and voyage related data (Table 52, 424 bits).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StaticVoyage {
    /// AIS version indicator 0–3.
    pub ais_version: u8,
    /// IMO number (30 bits), 0 = n/a; not check-digit validated here.
    pub imo: u32,
    /// Call sign, 7 six-bit characters.
    pub callsign: AisText<7>,
    /// Ship name, 20 six-bit characters.
    pub shipname: AisText<20>,
    /// Type of ship and cargo 0–255 (Table 53; 0 = n/a, 70–79 cargo, 80–89 tanker).
    pub shiptype: u8,
    /// Dimensions from the reference point.
    pub dims: Dimensions,
    /// Type of position fixing device.
    pub epfd: u8,
    /// Estimated time of arrival.
    pub eta: Eta,
    /// Maximum present static draught in metres (raw 1/10 m, 25.5 = 25.5 m or more; 0 = n/a).
    pub draught: f32,
    /// Destination, 20 six-bit characters.
    pub destination: AisText<20>,
    /// Data terminal equipment: false = available.
    pub dte: bool,
}

/// Type 9: standard SAR aircraft position report (Table 60, 168 bits).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SarAircraftReport {
    /// Altitude (GNSS) in metres 0–4094 (4095 = n/a → `None`; 4094 = 4094 m or more).
    pub alt: Option<u16>,
    /// Speed over ground in knots, whole knots (1023 = n/a → `None`).
    pub speed: Option<f32>,
    /// Position accuracy flag.
    pub accuracy: bool,
    /// Longitude in degrees (1/10 000 min).
    pub lon: Option<f64>,
    /// Latitude in degrees (1/10 000 min).
    pub lat: Option<f64>,
    /// Course over ground in degrees (1/10°).
    pub course: Option<f32>,
    /// UTC second.
    pub second: u8,
    /// Regional reserved (altitude sensor in -5), raw 8 bits.
    pub regional: u8,
    /// DTE flag.
    pub dte: bool,
    /// Assigned mode flag.
    pub assigned: bool,
    /// RAIM flag.
    pub raim: bool,
    /// Communication state (20 bits incl. selector), raw.
    pub radio: u32,
}

/// Type 18: standard Class B position report (Table 62, 168 bits).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClassBReport {
    /// Regional reserved, 8 bits.
    pub reserved: u8,
    /// Speed over ground in knots (1/10 kn).
    pub speed: Option<f32>,
    /// Position accuracy flag.
    pub accuracy: bool,
    /// Longitude in degrees (1/10 000 min).
    pub lon: Option<f64>,
    /// Latitude in degrees (1/10 000 min).
    pub lat: Option<f64>,
    /// Course over ground in degrees (1/10°).
    pub course: Option<f32>,
    /// True heading in degrees.
    pub heading: Option<u16>,
    /// UTC second.
    pub second: u8,
    /// Regional reserved, 2 bits.
    pub regional: u8,
    /// Class B unit flag: true = carrier-sense (CS) unit, false = SOTDMA.
    pub cs: bool,
    /// Class B display flag.
    pub display: bool,
    /// Class B DSC flag.
    pub dsc: bool,
    /// Class B band flag (whole marine band).
    pub band: bool,
    /// Class B message 22 flag.
    pub msg22: bool,
    /// Assigned mode flag.
    pub assigned: bool,
    /// RAIM flag.
    pub raim: bool,
    /// Communication state (20 bits incl. selector), raw.
    pub radio: u32,
}

/// Type 19: extended Class B position report (Table 63, 312 bits).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClassBExtendedReport {
    /// Regional reserved, 8 bits.
    pub reserved: u8,
    /// Speed over ground in knots (1/10 kn).
    pub speed: Option<f32>,
    /// Position accuracy flag.
    pub accuracy: bool,
    /// Longitude in degrees (1/10 000 min).
    pub lon: Option<f64>,
    /// Latitude in degrees (1/10 000 min).
    pub lat: Option<f64>,
    /// Course over ground in degrees (1/10°).
    pub course: Option<f32>,
    /// True heading in degrees.
    pub heading: Option<u16>,
    /// UTC second.
    pub second: u8,
    /// Regional reserved, 4 bits.
    pub regional: u8,
    /// Ship name, 20 characters.
    pub shipname: AisText<20>,
    /// Type of ship and cargo.
    pub shiptype: u8,
    /// Dimensions from the reference point.
    pub dims: Dimensions,
    /// Type of position fixing device.
    pub epfd: u8,
    /// RAIM flag.
    pub raim: bool,
    /// DTE flag.
    pub dte: bool,
    /// Assigned mode flag.
    pub assigned: bool,
}

/// Type 21: aid-to-navigation report (Table 72, 272–360 bits).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AidToNavigationReport {
    /// Type of aid to navigation 0–31 (Table 74).
    pub aid_type: u8,
    /// Name, 20 characters plus the extension of up to 14 (34 in all).
    pub name: AisText<34>,
    /// Position accuracy flag.
    pub accuracy: bool,
    /// Longitude in degrees (1/10 000 min).
    pub lon: Option<f64>,
    /// Latitude in degrees (1/10 000 min).
    pub lat: Option<f64>,
    /// Dimensions from the reference point.
    pub dims: Dimensions,
    /// Type of position fixing device.
    pub epfd: u8,
    /// UTC second.
    pub second: u8,
    /// Off-position indicator.
    pub off_position: bool,
    /// Regional reserved, 8 bits.
    pub regional: u8,
    /// RAIM flag.
    pub raim: bool,
    /// Virtual aid-to-navigation flag.
    pub virtual_aid: bool,
    /// Assigned mode flag.
    pub assigned: bool,
}

/// Type 24 part A (Table 76, 160 bits): the name.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StaticDataA {
    /// Ship name, 20 characters.
    pub shipname: AisText<20>,
}

/// Type 24 part B (Table 77, 168 bits).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StaticDataB {
    /// Type of ship and cargo.
    pub shiptype: u8,
    /// Manufacturer's ID, 3 characters (ITU-R M.1371-5; older editions used 7).
    pub vendorid: AisText<3>,
    /// Unit model code, 4 bits.
    pub model: u8,
    /// Unit serial number, 20 bits.
    pub serial: u32,
    /// Call sign, 7 characters.
    pub callsign: AisText<7>,
    /// Dimensions; all zero when the sender is an auxiliary craft (MMSI 98xxxxxxx).
    pub dims: Dimensions,
    /// The mother ship's MMSI, for auxiliary craft (MMSI 98xxxxxxx) only.
    pub mothership_mmsi: Option<u32>,
}

/// Type 27: long-range AIS broadcast (Table 85, 96 bits).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LongRangeReport {
    /// Position accuracy flag.
    pub accuracy: bool,
    /// RAIM flag.
    pub raim: bool,
    /// Navigational status.
    pub status: u8,
    /// Longitude in degrees (raw 1/10 min, 18 bits; 181° = n/a → `None`).
    pub lon: Option<f64>,
    /// Latitude in degrees (raw 1/10 min, 17 bits; 91° = n/a → `None`).
    pub lat: Option<f64>,
    /// Speed over ground in whole knots 0–62 (63 = n/a → `None`).
    pub speed: Option<f32>,
    /// Course over ground in whole degrees (511 = n/a → `None`).
    pub course: Option<f32>,
    /// Position latency: false = less than 5 s, true = more.
    pub gnss: bool,
}

/// The position fields a track builder needs, from any position-bearing message.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fix {
    /// Latitude in degrees.
    pub lat: f64,
    /// Longitude in degrees.
    pub lon: f64,
    /// Speed over ground in knots.
    pub speed: Option<f32>,
    /// Course over ground in degrees.
    pub course: Option<f32>,
    /// True heading in degrees.
    pub heading: Option<u16>,
}

impl Message {
    /// The position of a position-bearing message (types 1–4, 9, 11, 18, 19,
    /// 21, 27) when latitude and longitude are both available.
    pub fn fix(&self) -> Option<Fix> {
        let (lat, lon, speed, course, heading) = match &self.body {
            Body::Position(m) => (m.lat, m.lon, m.speed, m.course, m.heading),
            Body::BaseStation(m) => (m.lat, m.lon, None, None, None),
            Body::SarAircraft(m) => (m.lat, m.lon, m.speed, m.course, None),
            Body::ClassB(m) => (m.lat, m.lon, m.speed, m.course, m.heading),
            Body::ClassBExtended(m) => (m.lat, m.lon, m.speed, m.course, m.heading),
            Body::AidToNavigation(m) => (m.lat, m.lon, None, None, None),
            Body::LongRange(m) => (m.lat, m.lon, m.speed, m.course, None),
            _ => return None,
        };
        Some(Fix { lat: lat?, lon: lon?, speed, course, heading })
    }
}

/// Minimum number of bits of a message: type, repeat and MMSI.
pub(crate) const MIN_BITS: usize = 38;

/// Decodes the body of a packed payload of at least [`MIN_BITS`] bits.
/// Fields that lie past the end of a short payload read as zero, as libais
/// does, so a truncated message still yields its header; a position whose
/// bits are not all there is `None` instead, so that no truncated report
/// puts a vessel at 0° or on a half-read longitude.
pub(crate) fn decode_body(msg_type: u8, bits: &Bits) -> Body {
    match msg_type {
        1..=3 => Body::Position(PositionReport {
            status: bits.u(38, 4) as u8,
            turn: Turn::from_raw(bits.i(42, 8)),
            speed: speed_tenths(bits.u(50, 10)),
            accuracy: bits.flag(60),
            lon: bits.i_whole(61, 28).and_then(lon_10k),
            lat: bits.i_whole(89, 27).and_then(lat_10k),
            course: course_tenths(bits.u(116, 12)),
            heading: heading(bits.u(128, 9)),
            second: bits.u(137, 6) as u8,
            maneuver: bits.u(143, 2) as u8,
            raim: bits.flag(148),
            radio: bits.u(149, 19) as u32,
        }),
        4 | 11 => Body::BaseStation(BaseStationReport {
            year: bits.u(38, 14) as u16,
            month: bits.u(52, 4) as u8,
            day: bits.u(56, 5) as u8,
            hour: bits.u(61, 5) as u8,
            minute: bits.u(66, 6) as u8,
            second: bits.u(72, 6) as u8,
            accuracy: bits.flag(78),
            lon: bits.i_whole(79, 28).and_then(lon_10k),
            lat: bits.i_whole(107, 27).and_then(lat_10k),
            epfd: bits.u(134, 4) as u8,
            raim: bits.flag(148),
            radio: bits.u(149, 19) as u32,
        }),
        5 => Body::StaticVoyage(StaticVoyage {
            ais_version: bits.u(38, 2) as u8,
            imo: bits.u(40, 30) as u32,
            callsign: bits.text(70, 7),
            shipname: bits.text(112, 20),
            shiptype: bits.u(232, 8) as u8,
            dims: Dimensions::decode(bits, 240),
            epfd: bits.u(270, 4) as u8,
            eta: Eta {
                month: bits.u(274, 4) as u8,
                day: bits.u(278, 5) as u8,
                hour: bits.u(283, 5) as u8,
                minute: bits.u(288, 6) as u8,
            },
            draught: bits.u(294, 8) as f32 / 10.0,
            destination: bits.text(302, 20),
            dte: bits.flag(422),
        }),
        9 => Body::SarAircraft(SarAircraftReport {
            alt: match bits.u(38, 12) {
                4095 => None,
                alt => Some(alt as u16),
            },
            speed: match bits.u(50, 10) {
                1023 => None,
                knots => Some(knots as f32),
            },
            accuracy: bits.flag(60),
            lon: bits.i_whole(61, 28).and_then(lon_10k),
            lat: bits.i_whole(89, 27).and_then(lat_10k),
            course: course_tenths(bits.u(116, 12)),
            second: bits.u(128, 6) as u8,
            regional: bits.u(134, 8) as u8,
            dte: bits.flag(142),
            assigned: bits.flag(146),
            raim: bits.flag(147),
            radio: bits.u(148, 20) as u32,
        }),
        18 => Body::ClassB(ClassBReport {
            reserved: bits.u(38, 8) as u8,
            speed: speed_tenths(bits.u(46, 10)),
            accuracy: bits.flag(56),
            lon: bits.i_whole(57, 28).and_then(lon_10k),
            lat: bits.i_whole(85, 27).and_then(lat_10k),
            course: course_tenths(bits.u(112, 12)),
            heading: heading(bits.u(124, 9)),
            second: bits.u(133, 6) as u8,
            regional: bits.u(139, 2) as u8,
            cs: bits.flag(141),
            display: bits.flag(142),
            dsc: bits.flag(143),
            band: bits.flag(144),
            msg22: bits.flag(145),
            assigned: bits.flag(146),
            raim: bits.flag(147),
            radio: bits.u(148, 20) as u32,
        }),
        19 => Body::ClassBExtended(ClassBExtendedReport {
            reserved: bits.u(38, 8) as u8,
            speed: speed_tenths(bits.u(46, 10)),
            accuracy: bits.flag(56),
            lon: bits.i_whole(57, 28).and_then(lon_10k),
            lat: bits.i_whole(85, 27).and_then(lat_10k),
            course: course_tenths(bits.u(112, 12)),
            heading: heading(bits.u(124, 9)),
            second: bits.u(133, 6) as u8,
            regional: bits.u(139, 4) as u8,
            shipname: bits.text(143, 20),
            shiptype: bits.u(263, 8) as u8,
            dims: Dimensions::decode(bits, 271),
            epfd: bits.u(301, 4) as u8,
            raim: bits.flag(305),
            dte: bits.flag(306),
            assigned: bits.flag(307),
        }),
        21 => {
            let mut name: AisText<34> = bits.text(43, 20);
            if bits.len() > 272 && name.as_str().len() == 20 {
                let extension: AisText<14> = bits.text(272, (bits.len() - 272) / 6);
                // The name extension (up to 14 more characters) follows
                // the spare bit at 271 (Table 72, "Name of AtoN extension");
                // it continues the name only when the name used all 20.
                name.push_str(extension.as_str());
            }
            Body::AidToNavigation(AidToNavigationReport {
                aid_type: bits.u(38, 5) as u8,
                name,
                accuracy: bits.flag(163),
                lon: bits.i_whole(164, 28).and_then(lon_10k),
                lat: bits.i_whole(192, 27).and_then(lat_10k),
                dims: Dimensions::decode(bits, 219),
                epfd: bits.u(249, 4) as u8,
                second: bits.u(253, 6) as u8,
                off_position: bits.flag(259),
                regional: bits.u(260, 8) as u8,
                raim: bits.flag(268),
                virtual_aid: bits.flag(269),
                assigned: bits.flag(270),
            })
        }
        24 => {
            // Part numbers 2 and 3 are rejected by the decoder before this.
            if bits.u(38, 2) == 0 {
                Body::StaticDataA(StaticDataA { shipname: bits.text(40, 20) })
            } else {
                let mmsi = bits.u(8, 30) as u32;
                let auxiliary = mmsi / 10_000_000 == 98;
                Body::StaticDataB(StaticDataB {
                    shiptype: bits.u(40, 8) as u8,
                    vendorid: bits.text(48, 3),
                    model: bits.u(66, 4) as u8,
                    serial: bits.u(70, 20) as u32,
                    callsign: bits.text(90, 7),
                    dims: if auxiliary {
                        Dimensions::default()
                    } else {
                        Dimensions::decode(bits, 132)
                    },
                    mothership_mmsi: auxiliary.then(|| bits.u(132, 30) as u32),
                })
            }
        }
        27 => Body::LongRange(LongRangeReport {
            accuracy: bits.flag(38),
            raim: bits.flag(39),
            status: bits.u(40, 4) as u8,
            lon: bits.i_whole(44, 18).and_then(|raw| coordinate(raw, 600.0, 181.0)),
            lat: bits.i_whole(62, 17).and_then(|raw| coordinate(raw, 600.0, 91.0)),
            speed: match bits.u(79, 6) {
                63 => None,
                knots => Some(knots as f32),
            },
            course: match bits.u(85, 9) {
                511 => None,
                degrees => Some(degrees as f32),
            },
            gnss: bits.flag(94),
        }),
        _ => Body::Other,
    }
}

/// Degrees from a raw count of `per_degree` units; `None` for the "not
/// available" value (`not_available`: 91° or 181°) and for anything else
/// beyond the range that value caps (±90°, ±180°), such as 90.5°: no
/// position can be there.
#[inline]
fn coordinate(raw: i64, per_degree: f64, not_available: f64) -> Option<f64> {
    let degrees = raw as f64 / per_degree;
    (degrees.abs() <= not_available - 1.0).then_some(degrees)
}

#[inline]
fn lon_10k(raw: i64) -> Option<f64> {
    coordinate(raw, 600_000.0, 181.0)
}

#[inline]
fn lat_10k(raw: i64) -> Option<f64> {
    coordinate(raw, 600_000.0, 91.0)
}

#[inline]
fn speed_tenths(raw: u64) -> Option<f32> {
    (raw != 1023).then(|| raw as f32 / 10.0)
}

#[inline]
fn course_tenths(raw: u64) -> Option<f32> {
    (raw < 3600).then(|| raw as f32 / 10.0)
}

#[inline]
fn heading(raw: u64) -> Option<u16> {
    (raw < 360).then_some(raw as u16)
}
