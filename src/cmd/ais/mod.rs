//! `vigil ais`. `decode`: NMEA files (plain, gzip or stdin) to JSON lines;
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

#[cfg(feature = "cluster")]
mod convert;
mod decode;
pub(crate) mod events;
mod input;
mod json;
pub(crate) mod listen;
mod simulate;
mod tracks;
mod vessels;

use crate::shared::Outcome;

/// Subcommands of `vigil ais`.
#[derive(Debug, clap::Subcommand)]
pub enum AisCommand {
    /// Decode NMEA AIS sentences to JSON lines.
    Decode(decode::DecodeArgs),
    /// Decode, split each MMSI's positions into tracks (segments), and write
    /// positions with their segment, or the segments as GeoJSON.
    Tracks(tracks::TracksArgs),
    /// Decode, and write each MMSI's flag (from its MID), identity history,
    /// anomalies and links to listed vessels.
    Vessels(vessels::VesselsArgs),
    /// Decode, track and run every detector (encounter, loitering, gap,
    /// identity, port call, zone entry, drift, speed change): one JSON line
    /// per event with the list entries involved and its evidence.
    Events(events::EventsArgs),
    /// Read a live NMEA feed (TCP with reconnects, or UDP) and write what it
    /// decodes as it arrives.
    Listen(listen::ListenArgs),
    /// Simulate Korea Bay and East Sea traffic with planted events: NMEA,
    /// truth.json and scenario.txt.
    Simulate(simulate::SimulateArgs),
    /// Score events (JSON lines) against a simulated scenario's truth.json.
    Score(simulate::ScoreArgs),
    /// Write decoded positions and static reports as Parquet, one folder per
    /// UTC day (built with --features cluster).
    #[cfg(feature = "cluster")]
    Convert(convert::ConvertArgs),
}

/// Runs a subcommand of `vigil ais`.
pub fn run(command: AisCommand) -> anyhow::Result<Outcome> {
    match command {
        AisCommand::Decode(args) => decode::run(args),
        AisCommand::Tracks(args) => tracks::run(args),
        AisCommand::Vessels(args) => vessels::run(args),
        AisCommand::Events(args) => events::run(args),
        AisCommand::Listen(args) => listen::run(args),
        AisCommand::Simulate(args) => simulate::run(args),
        AisCommand::Score(args) => simulate::score(args),
        #[cfg(feature = "cluster")]
        AisCommand::Convert(args) => convert::run(args),
    }
}
