//! Every detector in one pass: the batch function for files
//! ([`detect_batch`]) and the streaming pipeline a live feed drives
//! ([`EventPipeline`]).
//!
//! The pipeline takes positions already given their track segment and the
//! static reports, in time order: each static report updates what the
//! identity, drift and speed change detectors know of the vessel, and each
//! position goes to every enabled detector (per-vessel detectors see each
//! MMSI's positions in time order; the encounter detector sees all of them
//! in global time order, which time order is). Events come out as their
//! detectors close them.
//!
//! Memory follows the live traffic: a vessel silent for longer than the
//! largest window any detector keeps open for it ([`EVICT_SILENT_H`], or a
//! configured window beyond it) is forgotten by every detector, its open
//! events closed and emitted as the end of the input would close them. The
//! encounter, loitering and gap detectors forget silent vessels on their
//! own terms; the others are told by the pipeline, once an hour of feed
//! time.
//!
//! The batch form sorts its input, infers anchorages from all positions
//! first (GFW-style: places where many vessels stop, so busy harbours are not
//! encounters even without a port list), seeds each vessel's length and type
//! from its first static report (so positions received before it are not lost
//! to the drift analysis), runs the stream, and sorts the events: the same
//! input gives the same events, in the same order.

use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap};

use vigil_geo::Port;

use super::anchorage::infer_anchorages;
use super::config::DetectConfig;
use super::drift::DriftDetector;
use super::encounter::EncounterDetector;
use super::gap::GapDetector;
use super::identity::{FlagClaim, IdentityDetector};
use super::loitering::LoiteringDetector;
use super::port_call::PortCallDetector;
use super::speed_change::SpeedChangeDetector;
use super::zone::ZoneEntryDetector;
use super::{Context, Event, EventKind, StaticReport, TrackPoint, VesselClass};

/// Hours a vessel may stay silent before the pipeline forgets it: twice
/// GFW's 24-hour segment gap, beyond which no detector links positions.
pub const EVICT_SILENT_H: f64 = 48.0;
/// How often, in feed time, silent vessels are looked for.
const EVICT_EVERY_MS: i64 = 3_600_000;

/// Every detector, fed one position or static report at a time.
#[derive(Debug)]
pub struct EventPipeline {
    config: DetectConfig,
    encounter: EncounterDetector,
    loitering: LoiteringDetector,
    gap: GapDetector,
    identity: IdentityDetector,
    port_call: PortCallDetector,
    zone: ZoneEntryDetector,
    drift: DriftDetector,
    speed_change: SpeedChangeDetector,
    classes: BTreeMap<u32, VesselClass>,
    /// The newest time each vessel was heard (positions and static reports).
    last_heard: HashMap<u32, i64>,
    newest: i64,
    next_eviction: i64,
    silent_ms: i64,
    evicted: u64,
    events: Vec<Event>,
    positions: u64,
    statics: u64,
}

impl EventPipeline {
    /// A pipeline with every detector at the start.
    pub fn new(config: DetectConfig) -> Self {
        EventPipeline {
            encounter: EncounterDetector::new(config.encounter.clone()),
            loitering: LoiteringDetector::new(config.loitering.clone()),
            gap: GapDetector::new(config.gap.clone()),
            identity: IdentityDetector::new(config.identity.clone()),
            port_call: PortCallDetector::new(config.port_call.clone()),
            zone: ZoneEntryDetector::new(config.zone_entry.clone()),
            drift: DriftDetector::new(config.drift.clone()),
            speed_change: SpeedChangeDetector::new(config.speed_change.clone()),
            classes: BTreeMap::new(),
            last_heard: HashMap::new(),
            newest: i64::MIN,
            next_eviction: i64::MIN,
            silent_ms: silent_ms(&config),
            evicted: 0,
            events: Vec::new(),
            positions: 0,
            statics: 0,
            config,
        }
    }

    /// Anchorages (or ports) near which encounters are not reported.
    pub fn add_anchorages(&mut self, anchorages: &[Port]) {
        self.encounter.add_anchorages(anchorages);
    }

    /// A flag claimed for `mmsi` elsewhere (a linked list entry's flag).
    pub fn claim_flag(&mut self, mmsi: u32, claim: FlagClaim) {
        self.identity.claim_flag(mmsi, claim);
    }

    /// Sets a vessel's length and type before any static report of it (the
    /// batch form uses it to give early positions the class learnt later).
    pub fn seed_class(&mut self, mmsi: u32, class: VesselClass) {
        self.set_class(mmsi, class);
    }

    fn set_class(&mut self, mmsi: u32, class: VesselClass) {
        self.classes.insert(mmsi, class);
        self.drift.set_class(mmsi, class);
        self.speed_change.set_class(mmsi, class);
    }

    /// Takes one static report.
    pub fn push_static(&mut self, report: &StaticReport) {
        self.statics += 1;
        if let Some(ts) = report.ts {
            self.heard(report.mmsi, ts.0);
        }
        let class =
            self.classes.get(&report.mmsi).copied().unwrap_or_default().updated(&report.fields);
        self.set_class(report.mmsi, class);
        if self.config.enabled(EventKind::Identity) {
            self.identity.push_static(report, &mut self.events);
        }
    }

    /// Takes one position.
    pub fn push(&mut self, point: &TrackPoint, ctx: &Context) {
        self.positions += 1;
        self.heard(point.mmsi, point.ts.0);
        if self.newest >= self.next_eviction {
            self.next_eviction = self.newest.saturating_add(EVICT_EVERY_MS);
            self.evict_silent(ctx);
        }
        let out = &mut self.events;
        let config = &self.config;
        if config.enabled(EventKind::Encounter) {
            self.encounter.push(point, ctx, out);
        }
        if config.enabled(EventKind::Loitering) {
            self.loitering.push(point, ctx, out);
        }
        if config.enabled(EventKind::Gap) {
            self.gap.push(point, ctx, out);
        }
        if config.enabled(EventKind::Identity) {
            self.identity.push(point, ctx, out);
        }
        if config.enabled(EventKind::PortCall) {
            self.port_call.push(point, ctx, out);
        }
        if config.enabled(EventKind::ZoneEntry) {
            self.zone.push(point, ctx, out);
        }
        if config.enabled(EventKind::Drift) {
            self.drift.push(point, ctx, out);
        }
        if config.enabled(EventKind::SpeedChange) {
            self.speed_change.push(point, ctx, out);
        }
    }

    fn heard(&mut self, mmsi: u32, ts: i64) {
        let last = self.last_heard.entry(mmsi).or_insert(ts);
        *last = (*last).max(ts);
        self.newest = self.newest.max(ts);
    }

    /// Forgets every vessel silent for longer than the eviction horizon,
    /// closing its open events (in MMSI order, so runs are reproducible).
    fn evict_silent(&mut self, ctx: &Context) {
        let horizon = self.newest.saturating_sub(self.silent_ms);
        let mut silent: Vec<u32> =
            self.last_heard.iter().filter(|(_, &ts)| ts < horizon).map(|(&m, _)| m).collect();
        silent.sort_unstable();
        let out = &mut self.events;
        for mmsi in silent {
            self.identity.forget(mmsi, ctx, out);
            self.port_call.forget(mmsi, ctx, out);
            self.zone.forget(mmsi, ctx, out);
            self.drift.forget(mmsi, ctx, out);
            self.speed_change.forget(mmsi, ctx, out);
            self.classes.remove(&mmsi);
            self.last_heard.remove(&mmsi);
            self.evicted += 1;
        }
    }

    /// Vessels the pipeline remembers, and how many it has forgotten.
    pub fn vessels(&self) -> (usize, u64) {
        (self.last_heard.len(), self.evicted)
    }

    /// The events closed since the last call.
    pub fn take_events(&mut self) -> Vec<Event> {
        std::mem::take(&mut self.events)
    }

    /// Ends the input: closes everything still open and returns the events
    /// not taken yet.
    pub fn finish(&mut self, ctx: &Context) -> Vec<Event> {
        let out = &mut self.events;
        self.encounter.finish(ctx, out);
        self.loitering.finish(ctx, out);
        self.gap.finish(ctx, out);
        self.identity.finish(ctx, out);
        self.port_call.finish(ctx, out);
        self.zone.finish(ctx, out);
        self.drift.finish(ctx, out);
        self.speed_change.finish(ctx, out);
        self.take_events()
    }

    /// Positions and static reports taken so far.
    pub fn counts(&self) -> (u64, u64) {
        (self.positions, self.statics)
    }
}

/// The eviction horizon: [`EVICT_SILENT_H`], or a longer window a
/// detector is configured to keep open.
fn silent_ms(config: &DetectConfig) -> i64 {
    let hours = EVICT_SILENT_H
        .max(config.identity.merge_gap_s / 3600.0)
        .max(config.identity.window_s / 3600.0)
        .max(config.port_call.gap_h);
    (hours * 3_600_000.0).min(i64::MAX as f64 / 2.0) as i64
}

/// Everything a batch run takes besides the geography.
#[derive(Debug, Clone, Default)]
pub struct BatchInput {
    /// Positions with their segment, in any order.
    pub points: Vec<TrackPoint>,
    /// Static reports, in any order.
    pub statics: Vec<StaticReport>,
    /// Flags claimed elsewhere, by MMSI.
    pub flag_claims: Vec<(u32, FlagClaim)>,
    /// Known anchorages to add to those inferred.
    pub anchorages: Vec<Port>,
}

/// What a batch run found, and the anchorages it inferred.
#[derive(Debug, Clone, Default)]
pub struct BatchOutput {
    /// The events, sorted (see [`sort_events`]).
    pub events: Vec<Event>,
    /// Anchorages inferred from the positions.
    pub anchorages: Vec<Port>,
}

/// Runs every enabled detector over a whole input (see the module
/// documentation).
pub fn detect_batch(mut input: BatchInput, ctx: &Context, config: &DetectConfig) -> BatchOutput {
    input.points.sort_by_key(|p| (p.ts, p.mmsi, p.src));
    // Static reports without a time go first: they describe the vessel.
    input.statics.sort_by_key(|r| (r.ts, r.mmsi, r.src));
    let mut pipeline = EventPipeline::new(config.clone());
    let anchorages = if config.enabled(EventKind::Encounter) && config.encounter.learn_anchorages {
        infer_anchorages(&input.points, &config.encounter.anchorages)
    } else {
        Vec::new()
    };
    pipeline.add_anchorages(&anchorages);
    pipeline.add_anchorages(&input.anchorages);
    for (mmsi, claim) in input.flag_claims {
        pipeline.claim_flag(mmsi, claim);
    }
    let mut seeded: BTreeMap<u32, VesselClass> = BTreeMap::new();
    for report in &input.statics {
        let class = seeded.entry(report.mmsi).or_default();
        if *class == VesselClass::default() {
            *class = class.updated(&report.fields);
        }
    }
    for (mmsi, class) in seeded {
        pipeline.seed_class(mmsi, class);
    }
    let mut statics = input.statics.iter().peekable();
    for point in &input.points {
        // A static report goes before the positions received after it; one
        // received with a position (exports give both on one row) after it.
        while let Some(report) = statics.next_if(|r| r.ts.is_none_or_before(point.ts)) {
            pipeline.push_static(report);
        }
        pipeline.push(point, ctx);
    }
    for report in statics {
        pipeline.push_static(report);
    }
    let mut events = pipeline.finish(ctx);
    sort_events(&mut events);
    BatchOutput { events, anchorages }
}

/// Whether an optional time is unknown or before `ts`.
trait NoneOrBefore {
    fn is_none_or_before(&self, ts: crate::Timestamp) -> bool;
}

impl NoneOrBefore for Option<crate::Timestamp> {
    fn is_none_or_before(&self, ts: crate::Timestamp) -> bool {
        match self {
            None => true,
            Some(t) => *t < ts,
        }
    }
}

/// Sorts events by start, kind, vessels, end, place and details, so the
/// order never depends on the order detectors closed them.
pub fn sort_events(events: &mut [Event]) {
    events.sort_by(|a, b| {
        (a.start, a.kind, &a.mmsi, a.end)
            .cmp(&(b.start, b.kind, &b.mmsi, b.end))
            .then_with(|| a.lat.total_cmp(&b.lat))
            .then_with(|| a.lon.total_cmp(&b.lon))
            .then_with(|| a.evidence.cmp(&b.evidence))
            .then_with(|| {
                let (x, y) = (serde_json::to_string(&a.details), serde_json::to_string(&b.details));
                x.ok().cmp(&y.ok()).then(Ordering::Equal)
            })
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::SrcRef;
    use crate::{StaticFields, Timestamp};
    use vigil_geo::Geography;

    const T0: i64 = 1_600_000_000_000;

    fn point(mmsi: u32, secs: i64, lat: f64, lon: f64, speed: f32) -> TrackPoint {
        TrackPoint {
            mmsi,
            ts: Timestamp(T0 + secs * 1000),
            lat,
            lon,
            speed: Some(speed),
            course: Some(0.0),
            heading: Some(0),
            segment: Some(1),
            src: SrcRef { file: 0, line: (secs as u64) * 10 + u64::from(mmsi % 10) },
        }
    }

    /// A call at Nampo and a 7-hour gap at sea, for two vessels, shuffled.
    fn input() -> BatchInput {
        let mut points = Vec::new();
        for (mmsi, lon_off) in [(445_000_001, 0.0), (445_000_002, 0.001)] {
            points.push(point(mmsi, 0, 38.716667, 125.17 + lon_off, 10.0));
            for i in 0..36 {
                points.push(point(mmsi, 3600 + i * 600, 38.716667, 125.3885 + lon_off, 0.0));
            }
            points.push(point(mmsi, 30_000, 38.716667, 125.17 + lon_off, 10.0));
            points.push(point(mmsi, 30_000 + 7 * 3600, 38.0, 124.0 + lon_off, 10.0));
        }
        points.reverse();
        let statics = vec![StaticReport {
            mmsi: 445_000_001,
            ts: Some(Timestamp(T0 + 100_000)),
            fields: StaticFields {
                name: Some("TEST".into()),
                imo: Some(8_660_314),
                ..StaticFields::default()
            },
            src: SrcRef { file: 1, line: 1 },
        }];
        BatchInput { points, statics, ..BatchInput::default() }
    }

    #[test]
    fn batch_runs_every_detector_and_is_deterministic() {
        let geo = Geography::dprk_profile();
        let ctx = Context { geo: &geo };
        let config = DetectConfig::default();
        let first = detect_batch(input(), &ctx, &config).events;
        let kinds: Vec<&str> = first.iter().map(|e| e.kind.as_str()).collect();
        assert_eq!(kinds.iter().filter(|k| **k == "port_call").count(), 2, "{kinds:?}");
        assert_eq!(kinds.iter().filter(|k| **k == "gap").count(), 2, "{kinds:?}");
        assert!(kinds.contains(&"identity"), "bad IMO check digit: {kinds:?}");
        assert!(first.windows(2).all(|w| w[0].start <= w[1].start));
        let mut shuffled = input();
        shuffled.points.rotate_left(17);
        let second = detect_batch(shuffled, &ctx, &config).events;
        assert_eq!(first, second);
    }

    #[test]
    fn silent_vessels_are_forgotten_and_their_open_events_closed() {
        let geo = Geography::dprk_profile();
        let ctx = Context { geo: &geo };
        let mut pipeline = EventPipeline::new(DetectConfig::default());
        // 445000001 arrives at Nampo and stays (its call is open) until it
        // falls silent; 445000002 sails on, alone, for three more days.
        pipeline.push(&point(445_000_001, 0, 38.716667, 125.17, 10.0), &ctx);
        for i in 0..36 {
            pipeline.push(&point(445_000_001, 3600 + i * 600, 38.716667, 125.3885, 0.0), &ctx);
        }
        assert!(pipeline.take_events().iter().all(|e| e.kind != EventKind::PortCall));
        for hour in 0..72 {
            let at = 30_000 + hour * 3600;
            pipeline.push(&point(445_000_002, at, 37.0, 124.0 + hour as f64 * 0.1, 10.0), &ctx);
        }
        let events = pipeline.take_events();
        let call = events
            .iter()
            .find(|e| e.kind == EventKind::PortCall && e.mmsi == [445_000_001])
            .expect("the call closed at the eviction, before the end of the input");
        assert_eq!(call.end, Timestamp(T0 + (3600 + 35 * 600) * 1000));
        assert_eq!(pipeline.vessels(), (1, 1));
        let rest = pipeline.finish(&ctx);
        let again = rest.iter().find(|e| e.mmsi == [445_000_001] && e.kind == EventKind::PortCall);
        assert!(again.is_none(), "closed once: {rest:?}");
    }

    #[test]
    fn disabled_detectors_stay_silent_and_streaming_matches_batch() {
        let geo = Geography::dprk_profile();
        let ctx = Context { geo: &geo };
        // Loitering is left out too: without land, a long stop in port counts.
        let disable = vec!["gap".into(), "identity".into(), "loitering".into()];
        let config = DetectConfig { disable, ..DetectConfig::default() };
        let batch = detect_batch(input(), &ctx, &config).events;
        assert!(batch.iter().all(|e| e.kind == EventKind::PortCall), "{batch:?}");
        let mut stream_input = input();
        stream_input.points.sort_by_key(|p| (p.ts, p.mmsi, p.src));
        let mut pipeline = EventPipeline::new(config);
        let mut events = Vec::new();
        for point in &stream_input.points {
            pipeline.push(point, &ctx);
            events.extend(pipeline.take_events());
        }
        events.extend(pipeline.finish(&ctx));
        sort_events(&mut events);
        assert_eq!(events, batch);
    }
}
