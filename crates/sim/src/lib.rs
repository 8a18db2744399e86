//! vigil's AIS traffic simulator: what would a receiver log if these ships
//! did these things?
//!
//! # Overview
//! [`simulate`] turns a [`Config`] (seed, hours, number of vessels, start
//! time) into an NMEA log of traffic in Korea Bay, the Yellow Sea, the
//! Korea Strait and the East Sea, the list of events planted in it, and a
//! description for people:
//!
//! - [`scenario`] decides who sails and what each ship does: planted events
//!   (encounters, loitering, AIS gaps, identity tricks, calls at DPRK ports,
//!   entries into DPRK waters, drift, sudden stops) made plainly beyond the
//!   published thresholds, decoys kept plainly short of them (crossings,
//!   ships anchored apart, brief meetings, short reception gaps), and
//!   ordinary traffic between Chinese, Korean and Russian ports;
//! - [`sea`] keeps ships on the water: routes follow hand-placed lanes and
//!   port channels with great-circle legs;
//! - [`track`] moves each ship along its plan;
//! - [`radio`] decides which transmissions reach the log: ITU reporting
//!   rates, coastal stations with a range, satellite passes, losses;
//! - [`encode`] writes each heard message as `!AIVDM` sentences with NMEA 4
//!   tag blocks (`\s:station,c:epoch*hh\`), types 1–3, 5, 18 and 24;
//! - [`truth`] is `truth.json` and the [`score`] of a detector's output
//!   against it.
//!
//! Zone entries are taken from the received positions against the zones of
//! [`vigil_geo::Geography::dprk_profile`], and gaps from the received
//! messages, so the truth says what the log shows.
//!
//! # Determinism
//! The same configuration gives the same bytes on every machine: one seeded
//! generator ([`rng`]) with a stream per purpose and per vessel, no hash
//! maps iterated, no clock read, and every output sorted.
//!
//! # Example
//! ```
//! let config = vigil_sim::Config { seed: 7, hours: 12.0, vessels: 6, start_ms: 1_740_787_200_000 };
//! let output = vigil_sim::simulate(config);
//! assert!(output.nmea.lines().all(|line| line.starts_with("\\s:") || line.starts_with("\\g:")));
//! let (messages, stats) = vigil_ais::decode_text(&output.nmea);
//! assert_eq!(stats.rejected_total(), 0);
//! assert!(!messages.is_empty());
//! assert_eq!(vigil_sim::simulate(config).nmea, output.nmea);
//! ```
#![deny(missing_docs)]

pub mod encode;
pub mod fleet;
pub mod radio;
pub mod rng;
pub mod scenario;
pub mod sea;
pub mod track;
pub mod truth;

use std::collections::BTreeSet;
use std::fmt::Write as _;

use vigil_ais::Timestamp;

use crate::encode::{
    Outgoing, PositionA, PositionB, Reception, StaticB24A, StaticB24B, StaticVoyageA,
};
use crate::fleet::{within, Class, Vessel};
use crate::rng::Rng;
use crate::sea::LatLon;
use crate::track::State;
use crate::truth::{Truth, TruthEvent, TruthVessel};

pub use crate::scenario::Config;
pub use crate::truth::{parse_events, score, KindScore, ReportedEvent, Score};

/// Seconds between static reports (type 5, type 24): ITU-R M.1371-5 Annex 1 Table 2.
pub const STATIC_INTERVAL_S: f64 = 360.0;

/// What [`simulate`] produces.
#[derive(Debug, Clone)]
pub struct Output {
    /// The NMEA log (`ais.nmea`).
    pub nmea: String,
    /// The planted events, decoys and fleet (`truth.json`).
    pub truth: Truth,
    /// A description for people (`scenario.txt`).
    pub scenario_text: String,
    /// Number of messages in the log.
    pub n_messages: usize,
}

/// One message as the log has it.
#[derive(Debug, Clone)]
struct Heard {
    t: f64,
    vessel: usize,
    order: u32,
    station: String,
    pos: Option<LatLon>,
    message: Outgoing,
}

/// Simulates the scenario of `config`.
pub fn simulate(config: Config) -> Output {
    let config = clamped(config);
    run(config, scenario::build(config))
}

/// Simulates the scenario of `vigil demo` ([`scenario::build_demo`]): each
/// kind of event once, done by listed DPRK vessels, and decoys.
pub fn simulate_demo(config: Config) -> Output {
    let config = clamped(config);
    run(config, scenario::build_demo(config))
}

fn clamped(config: Config) -> Config {
    Config {
        hours: config.hours.clamp(scenario::MIN_HOURS, scenario::MAX_HOURS),
        vessels: config.vessels.clamp(1, scenario::MAX_VESSELS),
        ..config
    }
}

fn run(config: Config, scenario: scenario::Scenario) -> Output {
    let end = config.hours * 3600.0;
    let passes = radio::satellite_passes(&mut Rng::stream(config.seed, 3), end);
    let mut heard = Vec::new();
    for (idx, vessel) in scenario.vessels.iter().enumerate() {
        transmit(config, idx, vessel, &passes, end, &mut heard);
    }
    heard.sort_by(|a, b| {
        a.t.total_cmp(&b.t).then(a.vessel.cmp(&b.vessel)).then(a.order.cmp(&b.order))
    });
    let nmea = write_log(config, &heard);
    let truth = build_truth(config, &scenario, &heard);
    let scenario_text = describe(config, &scenario, &truth, heard.len());
    Output { nmea, truth, scenario_text, n_messages: heard.len() }
}

/// Generates one vessel's transmissions over `[0, end)` and keeps those heard.
fn transmit(
    config: Config,
    idx: usize,
    vessel: &Vessel,
    passes: &[radio::Pass],
    end: f64,
    heard: &mut Vec<Heard>,
) {
    let mut rng = Rng::stream(config.seed, 1000 + idx as u64);
    let mut t = rng.range(0.0, 10.0);
    let mut next_static = rng.range(0.0, STATIC_INTERVAL_S);
    let mut last_pass = usize::MAX;
    let mut order = 0u32;
    while t < end {
        let state = vessel.plan.state_at(t);
        if !within(&vessel.dark, t) {
            let mut messages = vec![position_message(vessel, t, &state, &mut rng)];
            if t >= next_static {
                messages.extend(static_messages(config, vessel, t));
                next_static += STATIC_INTERVAL_S;
            }
            for message in messages {
                if let Some(station) = hear(vessel, t, state.pos, passes, &mut last_pass, &mut rng)
                {
                    // The position as the log has it (with its noise, at the
                    // message's resolution of 1/10 000 minute), so zone
                    // entries are judged on what a reader decodes.
                    let as_sent = |lat: f64, lon: f64| LatLon {
                        lat: (lat * 600_000.0).round() / 600_000.0,
                        lon: (lon * 600_000.0).round() / 600_000.0,
                    };
                    let pos = match &message {
                        Outgoing::PositionA(m) => Some(as_sent(m.lat, m.lon)),
                        Outgoing::PositionB(m) => Some(as_sent(m.lat, m.lon)),
                        _ => None,
                    };
                    heard.push(Heard { t, vessel: idx, order, station, pos, message });
                    order += 1;
                }
            }
        }
        let interval = match vessel.class {
            Class::A => radio::class_a_interval(&state),
            Class::B => radio::class_b_interval(&state),
        };
        t += interval * rng.range(0.97, 1.03);
    }
}

/// Which receiver hears a transmission at `t` from `pos`, if any.
fn hear(
    vessel: &Vessel,
    t: f64,
    pos: LatLon,
    passes: &[radio::Pass],
    last_pass: &mut usize,
    rng: &mut Rng,
) -> Option<String> {
    if within(&vessel.blackout, t) {
        return None;
    }
    let (station, chance) = radio::coastal_reception(pos);
    if within(&vessel.dense, t) || rng.chance(chance) {
        return Some(radio::STATIONS[station].name.to_owned());
    }
    let pass = radio::pass_at(passes, t)?;
    // A satellite overhead hears at least the first transmission of each pass.
    if *last_pass != pass || rng.chance(radio::SATELLITE_CHANCE) {
        *last_pass = pass;
        return Some(format!("SIM-SAT-{}", passes[pass].satellite));
    }
    None
}

/// The position report a vessel sends at `t`, with GNSS and sensor noise.
fn position_message(vessel: &Vessel, t: f64, state: &State, rng: &mut Rng) -> Outgoing {
    let identity = vessel.identity_at(t);
    // About 4 m of position noise.
    let pos = track::translate(state.pos, rng.normal() * 4.0, rng.normal() * 4.0);
    let speed = if state.speed < 0.05 {
        // A ship lying still reports 0.0 kn, now and then 0.1.
        if rng.chance(0.2) {
            0.1
        } else {
            0.0
        }
    } else {
        (state.speed + rng.normal() * 0.05).max(0.0)
    };
    let course = if state.speed < 0.3 {
        rng.range(0.0, 360.0)
    } else {
        (state.course + rng.normal() * 0.7).rem_euclid(360.0)
    };
    let heading = ((state.heading + rng.normal()).round().rem_euclid(360.0)) as u16;
    let second = (t.floor() as i64).rem_euclid(60) as u8;
    match vessel.class {
        Class::A => Outgoing::PositionA(PositionA {
            msg_type: if rng.chance(0.03) { 3 } else { 1 },
            mmsi: identity.mmsi,
            status: state.status,
            turn: 0,
            speed: Some(speed),
            accuracy: true,
            lat: pos.lat,
            lon: pos.lon,
            course: Some(course),
            heading: Some(heading),
            second,
            maneuver: 0,
            raim: false,
            radio: rng.below(1 << 19) as u32,
        }),
        Class::B => Outgoing::PositionB(PositionB {
            mmsi: identity.mmsi,
            speed: Some(speed),
            accuracy: false,
            lat: pos.lat,
            lon: pos.lon,
            course: Some(course),
            heading: None,
            second,
            cs: true,
            display: false,
            dsc: true,
            band: true,
            msg22: true,
            assigned: false,
            raim: false,
            radio: 0b1100000000000000110,
        }),
    }
}

/// The static messages a vessel sends at `t`: type 5, or type 24 A and B.
fn static_messages(config: Config, vessel: &Vessel, t: f64) -> Vec<Outgoing> {
    let identity = vessel.identity_at(t);
    match vessel.class {
        Class::A => {
            // ETA: the day after the log's start, 08:00 UTC.
            let (_, month, day, ..) = Timestamp(config.start_ms + 86_400_000).to_civil();
            vec![Outgoing::StaticVoyageA(StaticVoyageA {
                mmsi: identity.mmsi,
                ais_version: 2,
                imo: identity.imo,
                callsign: identity.callsign.clone(),
                shipname: identity.name.clone(),
                shiptype: identity.shiptype,
                dims: identity.dims,
                epfd: 1,
                eta: (month as u8, day as u8, 8, 0),
                draught: identity.draught,
                destination: identity.destination.clone(),
                dte: false,
            })]
        }
        Class::B => vec![
            Outgoing::StaticB24A(StaticB24A {
                mmsi: identity.mmsi,
                shipname: identity.name.clone(),
            }),
            Outgoing::StaticB24B(StaticB24B {
                mmsi: identity.mmsi,
                shiptype: identity.shiptype,
                vendorid: "SIM".into(),
                model: 1,
                serial: identity.mmsi % 1_000_000,
                callsign: identity.callsign.clone(),
                dims: identity.dims,
            }),
        ],
    }
}

/// Writes the heard messages as NMEA lines with tag blocks.
fn write_log(config: Config, heard: &[Heard]) -> String {
    let mut out = String::with_capacity(heard.len() * 80);
    let mut sequence = std::collections::BTreeMap::<&str, u8>::new();
    let mut group_id = 0u32;
    let start_s = config.start_ms.div_euclid(1000);
    for (idx, item) in heard.iter().enumerate() {
        let seq = sequence.entry(item.station.as_str()).or_insert(0);
        *seq = (*seq + 1) % 10;
        group_id += 1;
        let rx = Reception {
            station: &item.station,
            epoch_s: start_s + item.t.floor() as i64,
            channel: if idx % 2 == 0 { 'A' } else { 'B' },
        };
        encode::write_sentences(&mut out, &item.message, rx, *seq, group_id);
    }
    out
}

fn iso(config: Config, t: f64) -> String {
    let ms = config.start_ms + (t * 1000.0).round() as i64;
    Timestamp(ms - ms.rem_euclid(1000)).to_string()
}

/// Builds `truth.json`: the planted events with their MMSIs, the gaps'
/// ends as received, and the zone entries seen in the received positions.
fn build_truth(config: Config, scenario: &scenario::Scenario, heard: &[Heard]) -> Truth {
    let end = config.hours * 3600.0;
    let to_event = |planted: &scenario::Planted, start: f64, finish: f64| {
        let mmsi: BTreeSet<u32> =
            planted.vessels.iter().flat_map(|&v| scenario.vessels[v].mmsis()).collect();
        TruthEvent {
            kind: planted.kind.to_owned(),
            mmsi: mmsi.into_iter().collect(),
            start: iso(config, start),
            end: iso(config, finish),
            lat: (planted.at.lat * 1e5).round() / 1e5,
            lon: (planted.at.lon * 1e5).round() / 1e5,
            note: planted.note.clone(),
        }
    };
    let mut events = Vec::new();
    for planted in &scenario.planted {
        let (mut start, mut finish) = (planted.start, planted.end);
        if planted.kind == "identity" && scenario.vessels[planted.vessels[0]].identities.len() > 1 {
            // A change shows with the first message under a new MMSI, or the
            // first static report under a new name.
            let idx = planted.vessels[0];
            let vessel = &scenario.vessels[idx];
            let new = vessel.identity_at(planted.start);
            let old_mmsi = vessel.identity_at(planted.start - 1.0).mmsi;
            let heard_new = heard.iter().find(|h| {
                h.vessel == idx
                    && h.t >= planted.start
                    && if new.mmsi != old_mmsi {
                        h.message.mmsi() == new.mmsi
                    } else {
                        matches!(&h.message, Outgoing::StaticVoyageA(m) if m.shipname == new.name)
                    }
            });
            if let Some(first) = heard_new {
                start = first.t;
                finish = finish.max(start + 3600.0).min(end);
            }
        }
        if planted.kind == "gap" {
            // From the last message heard before the transponder went off to
            // the first one heard after.
            let vessel = planted.vessels[0];
            let times = heard.iter().filter(|h| h.vessel == vessel).map(|h| h.t);
            start = times.clone().filter(|&t| t <= planted.start).fold(0.0, f64::max);
            finish = times.filter(|&t| t >= planted.end).fold(end, f64::min);
        }
        events.push(to_event(planted, start, finish));
    }
    for entry in zone_entries(scenario, heard, end) {
        events.push(to_event(&entry, entry.start, entry.end));
    }
    for (idx, vessel) in scenario.vessels.iter().enumerate() {
        // An MMSI given up mid-log falls silent to the end: an open gap.
        for (_, old) in vessel.identities.iter().rev().skip(1) {
            let last = heard
                .iter()
                .filter(|h| h.vessel == idx && h.message.mmsi() == old.mmsi)
                .map(|h| h.t)
                .fold(f64::NAN, f64::max);
            if last.is_finite() && end - last >= 7.0 * 3600.0 {
                events.push(TruthEvent {
                    kind: "gap".to_owned(),
                    mmsi: vec![old.mmsi],
                    start: iso(config, last),
                    end: iso(config, end),
                    lat: 0.0,
                    lon: 0.0,
                    note: format!(
                        "MMSI {} falls silent when {} takes another MMSI",
                        old.mmsi, old.name
                    ),
                });
            }
        }
    }
    events
        .sort_by(|a, b| a.start.cmp(&b.start).then(a.kind.cmp(&b.kind)).then(a.mmsi.cmp(&b.mmsi)));
    let decoys = scenario.decoys.iter().map(|d| to_event(d, d.start, d.end)).collect();
    let vessels = scenario
        .vessels
        .iter()
        .map(|vessel| {
            let names: BTreeSet<String> =
                vessel.identities.iter().map(|(_, id)| id.name.clone()).collect();
            let imos: BTreeSet<u32> = vessel.identities.iter().map(|(_, id)| id.imo).collect();
            TruthVessel {
                mmsi: vessel.mmsis(),
                names: names.into_iter().collect(),
                imo: imos.into_iter().collect(),
                class: if vessel.class == Class::A { "A" } else { "B" }.to_owned(),
                role: vessel.role.clone(),
            }
        })
        .collect();
    Truth {
        generator: format!("vigil-sim {}", env!("CARGO_PKG_VERSION")),
        seed: config.seed,
        hours: config.hours,
        start: iso(config, 0.0),
        end: iso(config, end),
        events,
        decoys,
        vessels,
    }
}

/// Entries into the watched zones of the DPRK profile, as the received
/// positions show them: a position inside after one outside.
fn zone_entries(
    scenario: &scenario::Scenario,
    heard: &[Heard],
    end: f64,
) -> Vec<scenario::Planted> {
    // The same geography and lookup as the detectors' default, so that a
    // position exactly on a zone's edge is judged the same way.
    let geo = vigil_geo::Geography::dprk_profile();
    let inside = |pos: LatLon| geo.zones_containing(pos.lat, pos.lon).find(|zone| zone.watched);
    let mut entries = Vec::new();
    for (idx, vessel) in scenario.vessels.iter().enumerate() {
        let mut was_inside: Option<bool> = None;
        let mut open: Option<scenario::Planted> = None;
        for item in heard.iter().filter(|h| h.vessel == idx) {
            let Some(pos) = item.pos else { continue };
            let zone = inside(pos);
            if zone.is_some() && was_inside == Some(false) {
                let name = zone.map_or(String::new(), |z| z.name.clone());
                open = Some(scenario::Planted {
                    kind: "zone_entry",
                    vessels: vec![idx],
                    start: item.t,
                    end,
                    at: pos,
                    note: format!("{} enters {name}", vessel.identity_at(item.t).name),
                });
            } else if zone.is_none() && was_inside == Some(true) {
                if let Some(mut entry) = open.take() {
                    entry.end = item.t;
                    entries.push(entry);
                }
            }
            was_inside = Some(zone.is_some());
        }
        entries.extend(open);
    }
    entries
}

/// The README-like `scenario.txt`.
fn describe(
    config: Config,
    scenario: &scenario::Scenario,
    truth: &Truth,
    n_messages: usize,
) -> String {
    let mut text = String::new();
    let _ = writeln!(
        text,
        "vigil ais simulate: seed {}, {} h from {}, {} vessels",
        config.seed,
        config.hours,
        truth.start,
        scenario.vessels.len()
    );
    let _ = writeln!(text, "\nFiles");
    let _ = writeln!(text, "  ais.nmea     {n_messages} AIS messages as !AIVDM sentences with NMEA 4 tag blocks (s: receiver, c: receive time)");
    let _ = writeln!(
        text,
        "  truth.json   the planted events ({}), the decoys ({}) and the fleet",
        truth.events.len(),
        truth.decoys.len()
    );
    let _ = writeln!(text, "  scenario.txt this description");
    let _ = writeln!(text, "\nTry");
    let _ = writeln!(text, "  vigil ais events ais.nmea > events.jsonl");
    let _ = writeln!(text, "  vigil ais score --truth truth.json events.jsonl");
    let _ = writeln!(text, "\nThe sea and the radio");
    let _ = writeln!(text, "  Ships follow hand-placed lanes and port channels (great-circle legs clear of land) in Korea Bay,");
    let _ = writeln!(text, "  the Yellow Sea, the Korea Strait and the East Sea. Class A ships report every 10 s under way");
    let _ = writeln!(text, "  (6 s above 14 kn) and every 3 min at anchor or moored; Class B every 30 s, 3 min when slow;");
    let _ = writeln!(text, "  static data every 6 min. Coastal stations (China, ROK, Russia; none in the DPRK) hear 90% of");
    let _ = writeln!(text, "  transmissions within {} nm, fading to none at {} nm; beyond, satellites hear 30% during passes", radio::GOOD_RANGE_NM, radio::MAX_RANGE_NM);
    let _ = writeln!(text, "  of 8-14 min every 15-95 min (one pass in twelve missed), so ordinary silences stay under 4 h.");
    let _ = writeln!(text, "  Names starting with SIM and IMO numbers 1000000-1999999 are invented; the other names and IMO");
    let _ = writeln!(text, "  numbers are those of DPRK vessels on the UN Security Council lists.");
    let _ = writeln!(text, "\nPlanted events (the detectors must report these)");
    for event in &truth.events {
        let _ = writeln!(
            text,
            "  {:<12} {} .. {}  MMSI {:?}  ({:.3}, {:.3})  {}",
            event.kind, event.start, event.end, event.mmsi, event.lat, event.lon, event.note
        );
    }
    let _ = writeln!(text, "\nDecoys (the detectors must not report these)");
    for decoy in &truth.decoys {
        let _ = writeln!(
            text,
            "  {:<14} {} .. {}  MMSI {:?}  {}",
            decoy.kind, decoy.start, decoy.end, decoy.mmsi, decoy.note
        );
    }
    let _ = writeln!(text, "\nFleet");
    for vessel in &truth.vessels {
        let _ = writeln!(
            text,
            "  {} MMSI {:?} IMO {:?} {:?}: {}",
            vessel.class, vessel.mmsi, vessel.imo, vessel.names, vessel.role
        );
    }
    text
}
