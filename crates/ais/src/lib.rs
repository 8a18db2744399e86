//! vigil's AIS decoder: what do these NMEA sentences decode to?
//!
//! # Overview
//! AIS (the Automatic Identification System, ITU-R M.1371-5) reaches us as
//! NMEA 0183 `!AIVDM`/`!AIVDO` sentences from any talker (`AI`, `AB`, `BS`, …),
//! often with a receive time in front (an NMEA 4 tag block `\c:<epoch>…\`
//! or a Gatehouse `$PGHP` line) or behind (`…*hh,<epoch>`). This crate turns
//! those lines into typed [`Message`]s:
//!
//! - [`Decoder`] is the streaming core: push lines in input order with
//!   [`Decoder::push_line`], get a [`Message`] whenever one completes.
//!   It checks checksums, reassembles multi-sentence messages by sequence ID
//!   and channel (coping with lost, repeated and interleaved parts, within
//!   the bounds of [`Options`]), reads tag blocks, `$PGHP` lines and trailing
//!   epochs, and counts every line it rejects by [`Reason`] in [`Stats`].
//! - [`Message`] holds the header (type, repeat, MMSI), the receive time
//!   [`Timestamp`], the source line, and a [`Body`] with the type's fields in
//!   plain units (degrees, knots, metres); `None` where the message says "not
//!   available". Types 1–5, 9, 11, 18, 19, 21, 24 and 27 are decoded fully;
//!   every other type is recognised and counted ([`Body::Other`]).
//! - [`Message::fix`] gives what a track builder needs from any
//!   position-bearing message.
//!
//! The decoder does no IO: lines in, values out. Reading files, gzip and
//! stdin, and every output format, belong to the caller (`vigil ais decode`).
//!
//! # Why a line, not a `Result`
//! Real feeds are full of noise: other NMEA sentences, damaged lines,
//! orphaned parts. One bad sentence must never stop a run, so
//! [`Decoder::push_line`] never fails: it returns `Option<Message>` and
//! counts what it dropped; [`Decoder::last_rejection`] says where, for
//! callers that want to stop at the first one (`--strict`).
//!
//! # Example
//! ```
//! use vigil_ais::{Body, Decoder, Reason};
//!
//! let mut decoder = Decoder::default();
//! let line = br"\s:rORBCOMM104,q:u,c:1418172113,T:2014-12-10 00.41.53*55\!AIVDM,1,1,,B,13F?Vv700<DJuLEtvep`iToV0<00,0*78";
//! let message = decoder.push_line(line, 1).expect("a type 1 message");
//! assert_eq!((message.msg_type, message.mmsi), (1, 224651000));
//! assert_eq!(message.ts.map(|ts| ts.to_string()).as_deref(), Some("2014-12-10T00:41:53Z"));
//! let Body::Position(report) = message.body else { panic!("a position report") };
//! assert_eq!(report.speed, Some(1.2));
//! assert_eq!(report.heading, Some(155));
//! assert!((report.lat.unwrap() - -5.277917).abs() < 1e-6);
//!
//! // Noise is counted, never fatal.
//! assert!(decoder.push_line(b"$PSHI,001,47,,,,,,*3D", 2).is_none());
//! assert_eq!(decoder.stats().rejected(Reason::NotAis), 1);
//! ```
//!
//! # References
//! - ITU-R M.1371-5 (02/2014), Annex 8: message layouts and units.
//! - IEC 61162-1 / NMEA 0183 v4: sentence framing, checksums, tag blocks.
//! - gpsd's "AIVDM/AIVDO protocol decoding" (Eric S. Raymond), whose JSON
//!   field names the `vigil ais decode` output follows.
#![deny(missing_docs)]

mod bits;
mod columns;
mod decoder;
pub mod detect;
mod exports;
mod identity;
mod message;
mod mid;
mod nmea;
mod segment;
mod time;

pub use bits::AisText;
pub use columns::{
    decode_columns, find_newline, PositionColumns, NOT_AVAILABLE, NO_TIME, UNITS_PER_DEGREE,
};
pub use decoder::{
    Decoder, Options, Reason, Rejection, Stats, DEFAULT_MAX_GROUP_AGE, DEFAULT_MAX_PENDING,
    MAX_LINE_LEN, MAX_PAYLOAD_CHARS,
};
pub use exports::{
    parse_time as parse_export_time, ExportFormat, ExportReader, ExportReason, ExportRejection,
    ExportStats, MAX_EXPORT_LINE_LEN,
};
pub use identity::{
    link_vessel, vessel_identities, Anomaly, IdentityBuilder, IdentityState, LinkMethod, ListLink,
    StaticFields, VesselIdentity,
};
pub use message::{
    AidToNavigationReport, BaseStationReport, Body, ClassBExtendedReport, ClassBReport, Dimensions,
    Eta, Fix, LongRangeReport, Message, PositionReport, SarAircraftReport, StaticDataA,
    StaticDataB, StaticVoyage, Turn,
};
pub use mid::{flag_of_mid, flag_of_mmsi, mid_of_mmsi, mid_table};
pub use nmea::{parse_pghp, parse_tag_block, parse_trailing_epoch, TagBlock, TagGroup};
pub use segment::{segment, segment_all, FixKind, Point, SegmentConfig, SegmentId, Segmenter};
pub use time::Timestamp;

/// Decodes every line of a text (numbered from 1) and ends the input: the
/// messages and the counts. A convenience for tests and small inputs;
/// stream with [`Decoder`] otherwise.
pub fn decode_text(text: &str) -> (Vec<Message>, Stats) {
    let mut decoder = Decoder::default();
    let messages = text
        .lines()
        .enumerate()
        .filter_map(|(idx, line)| decoder.push_line(line.as_bytes(), idx as u64 + 1))
        .collect();
    decoder.finish();
    (messages, decoder.stats().clone())
}
