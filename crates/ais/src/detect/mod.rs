//! Detectors: what did the ships do that a sanctions monitor cares about?
//!
//! Every detector is a state machine fed the positions of vessels in time
//! order and emitting an [`Event`] when one closes, so a day of files, one
//! partition of a larger run, or a live feed all run the same code; `finish`
//! closes whatever is still open at the end of the input (or of a partition
//! that carries nothing over).
//!
//! - per vessel: loitering, gap, identity, port call, zone entry, drift and
//!   sudden speed change see one MMSI's positions in time order;
//! - across vessels: the encounter detector sees every position in global time
//!   order (with a bounded lateness) and pairs vessels that stay close.
//!
//! The defaults are Global Fishing Watch's published thresholds (and DMA
//! AisAbnormal's for drift and speed change), quoted in
//! `../shared/data/ais/DEFINITIONS.md`; every threshold is a field of a config
//! struct that reads from TOML.

pub mod anchorage;
pub mod config;
pub mod drift;
pub mod encounter;
pub mod gap;
pub mod identity;
pub mod loitering;
pub mod partition;
pub mod pipeline;
pub mod port_call;
mod spatial;
pub mod speed_change;
pub mod zone;

use serde_json::{Map, Value};
use vigil_geo::Geography;

use crate::{StaticFields, Timestamp};

/// Where a value came from: the index of an input file (in the order the
/// caller read them) and the 1-based line (or CSV row) in it. The caller
/// turns it into `file:line` text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SrcRef {
    /// Index of the input file.
    pub file: u32,
    /// Line (or row) number in that file, from 1.
    pub line: u64,
}

/// One position of a vessel, as the detectors need it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrackPoint {
    /// The vessel's MMSI.
    pub mmsi: u32,
    /// Receive time.
    pub ts: Timestamp,
    /// Latitude in degrees.
    pub lat: f64,
    /// Longitude in degrees.
    pub lon: f64,
    /// Speed over ground in knots, when reported.
    pub speed: Option<f32>,
    /// Course over ground in degrees, when reported.
    pub course: Option<f32>,
    /// True heading in degrees, when reported.
    pub heading: Option<u16>,
    /// The track segment (from [`crate::segment`]) the position belongs to;
    /// `None` for a position the segmenter dropped as noise.
    pub segment: Option<u32>,
    /// The sentence or row the position came from.
    pub src: SrcRef,
}

/// What kind of behaviour an [`Event`] reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EventKind {
    /// Two vessels close together, slow, for hours, away from ports.
    Encounter,
    /// One vessel slow for hours far from shore.
    Loitering,
    /// A vessel silent for hours.
    Gap,
    /// An identity anomaly: one MMSI in two places, invalid numbers, a
    /// changed name, call sign or flag, a flag that disagrees with the MID.
    Identity,
    /// A stop in or near a watched port.
    PortCall,
    /// An entry into a watched zone.
    ZoneEntry,
    /// Drifting: moving at low speed with heading far from course.
    Drift,
    /// A sudden drop from cruising speed to almost none.
    SpeedChange,
}

impl EventKind {
    /// Every kind, in output order.
    pub const ALL: [EventKind; 8] = [
        EventKind::Encounter,
        EventKind::Loitering,
        EventKind::Gap,
        EventKind::Identity,
        EventKind::PortCall,
        EventKind::ZoneEntry,
        EventKind::Drift,
        EventKind::SpeedChange,
    ];

    /// The name used in output (`encounter`, `port_call`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Encounter => "encounter",
            EventKind::Loitering => "loitering",
            EventKind::Gap => "gap",
            EventKind::Identity => "identity",
            EventKind::PortCall => "port_call",
            EventKind::ZoneEntry => "zone_entry",
            EventKind::Drift => "drift",
            EventKind::SpeedChange => "speed_change",
        }
    }
}

/// Most source references kept as evidence of one event: the first and last
/// positions and an even sample between them. Bounds memory on long events.
pub const MAX_EVIDENCE: usize = 16;

/// Something a detector found.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// What was found.
    pub kind: EventKind,
    /// The vessels involved (one, or two for an encounter), ascending.
    pub mmsi: Vec<u32>,
    /// When it began.
    pub start: Timestamp,
    /// When it ended.
    pub end: Timestamp,
    /// A representative latitude (the mean, or where it began), degrees.
    pub lat: f64,
    /// A representative longitude, degrees.
    pub lon: f64,
    /// The numbers that decided it (durations, distances, speeds, names…),
    /// by name.
    pub details: Map<String, Value>,
    /// The positions or sentences that prove it, at most [`MAX_EVIDENCE`].
    pub evidence: Vec<SrcRef>,
}

/// Keeps at most [`MAX_EVIDENCE`] references out of `refs`: the first, the
/// last, and an even sample between them.
pub fn sample_evidence(refs: &[SrcRef]) -> Vec<SrcRef> {
    if refs.len() <= MAX_EVIDENCE {
        return refs.to_vec();
    }
    let last = refs.len() - 1;
    (0..MAX_EVIDENCE).map(|i| refs[i * last / (MAX_EVIDENCE - 1)]).collect()
}

/// What every detector sees besides the positions: the geography (land,
/// ports, zones) of the run.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// Land, ports and zones.
    pub geo: &'a Geography,
}

/// One static report (types 5, 19 and 24) as the detectors need it: the
/// identity detector compares names, call signs and IMO numbers, and drift and
/// speed change need the ship's length and type.
#[derive(Debug, Clone, PartialEq)]
pub struct StaticReport {
    /// The vessel's MMSI.
    pub mmsi: u32,
    /// Receive time, when known.
    pub ts: Option<Timestamp>,
    /// The fields the report gives.
    pub fields: StaticFields,
    /// The sentence or row it came from.
    pub src: SrcRef,
}

/// What the drift and sudden speed change analyses need to know about a
/// vessel (DMA AisAbnormal only analyses long ships of some types).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct VesselClass {
    /// Length overall in metres, when reported.
    pub length_m: Option<u16>,
    /// AIS ship and cargo type, when reported.
    pub shiptype: Option<u8>,
}

impl VesselClass {
    /// The class a static report gives, laid over what was known: fields it
    /// does not carry stay as they were.
    pub fn updated(self, fields: &StaticFields) -> VesselClass {
        VesselClass {
            length_m: fields.dims.and_then(|d| d.length()).or(self.length_m),
            shiptype: fields.shiptype.or(self.shiptype),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evidence_keeps_first_last_and_a_bounded_sample() {
        let refs: Vec<SrcRef> = (1..=100).map(|line| SrcRef { file: 0, line }).collect();
        let kept = sample_evidence(&refs);
        assert_eq!(kept.len(), MAX_EVIDENCE);
        assert_eq!(kept[0].line, 1);
        assert_eq!(kept[MAX_EVIDENCE - 1].line, 100);
        assert!(kept.windows(2).all(|w| w[0].line < w[1].line));
    }
}
