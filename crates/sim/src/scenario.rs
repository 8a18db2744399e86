//! The scenario: which ships sail, what each one does, and which of their
//! doings are planted events or decoys.
//!
//! A scenario is a list of stories, each a few ships with one purpose: an
//! encounter, a loitering ship, a ship that goes dark, a call at a DPRK
//! port, an identity trick, a drift, a sudden stop; or a decoy that looks a
//! little like one of those but is not (ships crossing at speed, ships at
//! anchor 2 km apart, a meeting of an hour, a short loss of reception).
//! The rest of the fleet is ordinary traffic between Chinese, Korean and
//! Russian ports, routed around DPRK waters. Stories are taken in a fixed
//! order while vessels remain, then repeated with other places and times.
//!
//! Every planted event is made plain, well inside the thresholds of
//! `DEFINITIONS.md` (GFW's, and DMA AisAbnormal's for drift and speed
//! change), so that a detector that follows them cannot reasonably miss it;
//! every decoy stays well outside them.

use std::collections::BTreeMap;

use crate::fleet::{self, Class, Flag, Identity, Registry, Vessel};
use crate::rng::Rng;
use crate::sea::{
    self, bearing_deg, distance_m, interpolate, lane_path, ll, nearest_node, port_named,
    port_slots, route_in, route_out, LatLon, PortSite,
};
use crate::track::{status, translate, PlanBuilder, RAMP_S};

/// What to simulate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Config {
    /// The seed: the same seed and settings give the same bytes.
    pub seed: u64,
    /// Length of the log, hours.
    pub hours: f64,
    /// Number of vessels.
    pub vessels: usize,
    /// Start of the log, milliseconds since the Unix epoch.
    pub start_ms: i64,
}

/// Shortest log a scenario can be made of, hours.
pub const MIN_HOURS: f64 = 12.0;
/// Longest log, hours (30 days).
pub const MAX_HOURS: f64 = 720.0;
/// Most vessels.
pub const MAX_VESSELS: usize = 2000;

/// A planted event, in scenario time (seconds from the start).
#[derive(Debug, Clone, PartialEq)]
pub struct Planted {
    /// The event kind, as `vigil ais events` names it.
    pub kind: &'static str,
    /// The vessels involved (indices into the fleet).
    pub vessels: Vec<usize>,
    /// Start.
    pub start: f64,
    /// End.
    pub end: f64,
    /// Where.
    pub at: LatLon,
    /// What happened, for people.
    pub note: String,
}

/// The whole scenario before transmission.
#[derive(Debug)]
pub struct Scenario {
    /// The settings.
    pub config: Config,
    /// The fleet.
    pub vessels: Vec<Vessel>,
    /// Planted events (zone entries and the gaps' exact ends are added from
    /// the received positions later).
    pub planted: Vec<Planted>,
    /// Decoys: things that must not become events.
    pub decoys: Vec<Planted>,
}

const HOUR: f64 = 3600.0;

/// Open water at least 30 nm from shore and 30 km from any port, outside
/// DPRK waters, in reach of a coastal station (Korea Bay and the Yellow
/// Sea, then the East Sea).
const OFFSHORE_SPOTS: &[LatLon] = &[
    ll(38.45, 123.35),
    ll(38.05, 130.1),
    ll(37.3, 123.65),
    ll(36.8, 130.3),
    ll(37.9, 123.2),
    ll(38.3, 131.3),
    ll(36.9, 123.5),
    ll(35.9, 130.4),
    ll(38.1, 123.7),
];

/// The ports ordinary traffic calls at (none in the DPRK).
const ALL_PORTS: &[&str] = &[
    "Dalian",
    "Yantai",
    "Qingdao",
    "Incheon",
    "Busan",
    "Pohang",
    "Donghae",
    "Vladivostok",
    "Nakhodka",
    "Vostochny",
];

/// A lane near a coastal station, for events that need every report:
/// (from node, to node, fraction of the way).
const COVERED_LANES: &[(&str, &str, f64)] =
    &[("BS", "ES_S", 0.5), ("QD", "QD_E", 0.4), ("YT", "YT_DL", 0.45), ("PH", "ULL_W", 0.2)];

/// Builds the scenario for `config`.
pub fn build(config: Config) -> Scenario {
    let mut ctx = Ctx::new(config);
    let stories: &[fn(&mut Ctx, usize) -> bool] = &[
        Ctx::encounter_short,
        Ctx::loitering,
        Ctx::gap_far_offshore,
        Ctx::port_call,
        Ctx::shared_mmsi,
        Ctx::drift,
        Ctx::speed_change,
        Ctx::invalid_imo,
        Ctx::name_change,
        Ctx::flag_change,
        Ctx::crossing_decoy,
        Ctx::anchored_decoy,
        Ctx::brief_meeting_decoy,
        Ctx::zone_transit,
        Ctx::encounter_long,
        Ctx::port_call,
        Ctx::gap_medium,
        Ctx::mid_mismatch,
        Ctx::port_call,
        Ctx::loitering,
        Ctx::port_call,
    ];
    // Keep a third of the fleet (at least two ships) as ordinary traffic.
    let story_budget = config.vessels.saturating_sub((config.vessels / 3).max(2));
    let mut round = 0;
    'rounds: while ctx.vessels.len() < story_budget {
        let before = ctx.vessels.len();
        for story in stories {
            if ctx.vessels.len() + 2 > story_budget {
                break 'rounds;
            }
            // A story may not fit (no free berth, a route too long for the
            // log): try it at other times and places before giving up.
            for _attempt in 0..4 {
                if story(&mut ctx, round) {
                    break;
                }
            }
        }
        round += 1;
        if ctx.vessels.len() == before {
            break;
        }
    }
    while ctx.vessels.len() < config.vessels {
        if !ctx.background() {
            break;
        }
    }
    ctx.short_reception_gaps();
    Scenario { config, vessels: ctx.vessels, planted: ctx.planted, decoys: ctx.decoys }
}

/// Builds the scenario of `vigil demo`: each kind of event once, done by
/// the listed DPRK vessels of `data/demo/sample_list.ftm.json`, so that every
/// event links to a list entry, and decoys also sailed by listed vessels, so
/// that a false alarm on a decoy would show as an alert.
///
/// In order: a listed tanker meets a foreign tanker far offshore; a listed
/// ship calls at Nampo; a listed ship goes dark on the Nampo approaches and
/// reappears there; a listed ship's MMSI is also broadcast by another ship;
/// a listed ship loiters far offshore; then the decoys (a crossing at speed,
/// two ships anchored apart, a meeting of an hour, short losses of
/// reception) and ordinary traffic.
pub fn build_demo(config: Config) -> Scenario {
    let mut ctx = Ctx::new(config);
    ctx.listed_everywhere = true;
    let stories: &[fn(&mut Ctx, usize) -> bool] = &[
        Ctx::encounter_short,
        Ctx::port_call,
        Ctx::gap_nampo_approaches,
        Ctx::shared_mmsi,
        Ctx::loitering,
        Ctx::crossing_decoy,
        Ctx::anchored_decoy,
        Ctx::brief_meeting_decoy,
    ];
    for story in stories {
        for _attempt in 0..4 {
            if story(&mut ctx, 0) {
                break;
            }
        }
    }
    while ctx.vessels.len() < config.vessels {
        if !ctx.background() {
            break;
        }
    }
    ctx.short_reception_gaps();
    Scenario { config, vessels: ctx.vessels, planted: ctx.planted, decoys: ctx.decoys }
}

struct Ctx {
    end: f64,
    /// Whether the main ship of every story, decoys included, is a listed
    /// DPRK vessel (the demo), not only those of the DPRK stories.
    listed_everywhere: bool,
    rng: Rng,
    registry: Registry,
    vessels: Vec<Vessel>,
    planted: Vec<Planted>,
    decoys: Vec<Planted>,
    /// Busy intervals per (port, slot).
    slots: BTreeMap<(&'static str, usize), Vec<(f64, f64)>>,
    listed_next: usize,
    port_call_next: usize,
    spot_next: usize,
}

fn port(name: &str) -> &'static PortSite {
    port_named(name).unwrap_or(&sea::PORTS[0])
}

impl Ctx {
    fn new(config: Config) -> Ctx {
        Ctx {
            end: config.hours * HOUR,
            listed_everywhere: false,
            rng: Rng::stream(config.seed, 1),
            registry: Registry::new(Rng::stream(config.seed, 2)),
            vessels: Vec::new(),
            planted: Vec::new(),
            decoys: Vec::new(),
            slots: BTreeMap::new(),
            listed_next: 0,
            port_call_next: 0,
            spot_next: 0,
        }
    }

    /// A time in `[low, end - tail]`, or `None` when the log is too short.
    fn time_in(&mut self, low: f64, tail: f64) -> Option<f64> {
        let high = self.end - tail;
        (high > low).then(|| self.rng.range(low, high))
    }

    /// Claims a free slot of `port` over `[from, to]` (with an hour's margin).
    fn claim(&mut self, port: &'static PortSite, from: f64, to: f64) -> Option<usize> {
        let n_slots = port_slots(port).len();
        for slot in 0..n_slots {
            let busy = self.slots.entry((port.name, slot)).or_default();
            if busy.iter().all(|&(a, b)| to + HOUR < a || b + HOUR < from) {
                busy.push((from, to));
                return Some(slot);
            }
        }
        None
    }

    /// Claims slot `slot` of `port` over `[from, to]` if it is free.
    fn claim_slot(&mut self, port: &'static PortSite, slot: usize, from: f64, to: f64) -> bool {
        let busy = self.slots.entry((port.name, slot)).or_default();
        let free = busy.iter().all(|&(a, b)| to + HOUR < a || b + HOUR < from);
        if free {
            busy.push((from, to));
        }
        free
    }

    /// The next listed DPRK vessel (name, IMO) not used yet; `None` when
    /// all are used (one IMO on two ships would be an identity anomaly).
    fn listed(&mut self) -> Option<(&'static str, u32)> {
        let pick = fleet::LISTED_DPRK.get(self.listed_next).copied();
        self.listed_next += 1;
        pick
    }

    fn identity(&mut self, flag: Flag, shiptype: u8, length: u16, destination: &str) -> Identity {
        self.registry.identity(flag, shiptype, length, destination)
    }

    /// An identity of a listed DPRK vessel: its real name and IMO, an
    /// invented MMSI of `flag` and a DPRK call sign; once every listed
    /// vessel is used, an invented DPRK-style vessel.
    fn listed_identity(&mut self, flag: Flag, destination: &str) -> Identity {
        let mut identity = self.identity(flag, 80, 110, destination);
        if let Some((name, imo)) = self.listed() {
            identity.name = name.to_owned();
            identity.imo = imo;
        }
        identity.callsign = self.registry.callsign(fleet::DPRK);
        identity
    }

    /// The identity of a story's main ship: a listed DPRK vessel's when
    /// [`Ctx::listed_everywhere`] holds and one is left, else an invented one.
    fn main_identity(
        &mut self,
        flag: Flag,
        shiptype: u8,
        length: u16,
        destination: &str,
    ) -> Identity {
        if self.listed_everywhere && self.listed_next < fleet::LISTED_DPRK.len() {
            let mut identity = self.listed_identity(fleet::DPRK, destination);
            identity.shiptype = shiptype;
            return identity;
        }
        self.identity(flag, shiptype, length, destination)
    }

    fn push_vessel(
        &mut self,
        class: Class,
        identity: Identity,
        plan: PlanBuilder,
        role: String,
    ) -> usize {
        self.vessels.push(Vessel {
            class,
            identities: vec![(f64::NEG_INFINITY, identity)],
            plan: plan.build(),
            dark: Vec::new(),
            blackout: Vec::new(),
            dense: Vec::new(),
            role,
        });
        self.vessels.len() - 1
    }

    /// A plan that lies in a free slot of `port` until `depart`; the slot.
    fn depart(&mut self, port: &'static PortSite, depart: f64) -> Option<(PlanBuilder, usize)> {
        // A ship gone before the log starts occupies nothing the log shows.
        let slot = if depart < -HOUR { 0 } else { self.claim(port, f64::NEG_INFINITY, depart)? };
        let at = port_slots(port)[slot];
        let mut builder = PlanBuilder::new(depart - 72.0 * HOUR, at, self.rng.range(0.0, 360.0));
        builder.stay_until(depart, if slot == 0 { status::MOORED } else { status::AT_ANCHOR });
        Some((builder, slot))
    }

    /// Leaves a slot of `port` so as to reach the last point of `tail` (via
    /// lane node `via`, then the points of `tail`) at `arrive`, slowing to
    /// `end_knots`.
    // The voyage's particulars are all needed; a struct would only rename them.
    #[allow(clippy::too_many_arguments)]
    fn depart_to_spot(
        &mut self,
        port: &'static PortSite,
        via: &str,
        tail: &[LatLon],
        arrive: f64,
        cruise: f64,
        end_knots: f64,
        avoid: bool,
    ) -> Option<PlanBuilder> {
        self.depart_to_spot_ramped(port, via, tail, arrive, [cruise, end_knots], RAMP_S, avoid)
    }

    /// [`Ctx::depart_to_spot`] with the last deceleration lasting `ramp_out` seconds.
    #[allow(clippy::too_many_arguments)]
    fn depart_to_spot_ramped(
        &mut self,
        port: &'static PortSite,
        via: &str,
        tail: &[LatLon],
        arrive: f64,
        knots: [f64; 2],
        ramp_out: f64,
        avoid: bool,
    ) -> Option<PlanBuilder> {
        let [cruise, end_knots] = knots;
        // Time the voyage from the berth; an anchorage is a few minutes nearer.
        let route = self.route_to_spot(port, 0, via, tail, avoid)?;
        let sail = PlanBuilder::sail_duration(
            port.berth(),
            &route,
            [0.0, cruise, end_knots],
            (RAMP_S, ramp_out),
        );
        let (mut builder, slot) = self.depart(port, arrive - sail)?;
        // From an anchorage the voyage is shorter: leave later, arrive on time.
        let route = self.route_to_spot(port, slot, via, tail, avoid)?;
        let sail = PlanBuilder::sail_duration(
            builder.pos(),
            &route,
            [0.0, cruise, end_knots],
            (RAMP_S, ramp_out),
        );
        builder
            .stay_until(arrive - sail, if slot == 0 { status::MOORED } else { status::AT_ANCHOR });
        // (From the berth, the departure time is unchanged.)
        let claim = self.slots.get_mut(&(port.name, slot)).and_then(|busy| busy.last_mut());
        if let Some(busy) = claim.filter(|_| slot != 0) {
            busy.1 = busy.1.max(arrive - sail);
        }
        builder.sail(&route, [0.0, cruise, end_knots], (RAMP_S, ramp_out));
        Some(builder)
    }

    /// The route out of `port` from where `builder` lies (its slot) to the
    /// lane node `via`, then through `tail`.
    fn route_to_spot(
        &self,
        port: &PortSite,
        slot: usize,
        via: &str,
        tail: &[LatLon],
        avoid: bool,
    ) -> Option<Vec<LatLon>> {
        let mut route = route_out(port, slot);
        route.extend(lane_path(port.node, via, avoid)?.into_iter().skip(1));
        route.extend_from_slice(tail);
        Some(route)
    }

    /// Sails from where `builder` is, through `lead`, via lane node `via`,
    /// into a slot of `port`, and lies there until past the end of the log.
    #[allow(clippy::too_many_arguments)]
    fn finish_in_port(
        &mut self,
        builder: &mut PlanBuilder,
        lead: &[LatLon],
        via: &str,
        port: &'static PortSite,
        knots: f64,
        start_knots: f64,
        avoid: bool,
    ) -> Option<()> {
        let mut route = lead.to_vec();
        route.extend(lane_path(via, port.node, avoid)?);
        let arrive = builder.now()
            + PlanBuilder::sail_duration(
                builder.pos(),
                &route,
                [start_knots, knots, 0.0],
                (RAMP_S, RAMP_S),
            );
        // A ship arriving after the log ends occupies nothing the log shows;
        // one arriving long before it lies 6-16 h and sails on.
        let sails_on = arrive < self.end - 16.0 * HOUR;
        let stay = self.rng.range(6.0, 16.0) * HOUR;
        let slot = if arrive > self.end + HOUR {
            0
        } else {
            self.claim(port, arrive, if sails_on { arrive + stay } else { f64::INFINITY })?
        };
        route.extend(route_in(port, slot));
        builder.sail(&route, [start_knots, knots, 0.0], (RAMP_S, RAMP_S));
        let lying = if slot == 0 { status::MOORED } else { status::AT_ANCHOR };
        if sails_on {
            builder.stay(stay, lying);
            self.carry_on(builder, port, slot, ALL_PORTS, knots)?;
        } else {
            builder.stay_until(self.end + 6.0 * HOUR, lying);
        }
        Some(())
    }

    /// Sails on from the slot of `here` where `builder` lies, from port to
    /// port of `region` (lying 4-16 h in each), until past the end of the
    /// log; the ports called at. `None` when every port tried is full.
    fn carry_on(
        &mut self,
        builder: &mut PlanBuilder,
        mut here: &'static PortSite,
        mut slot: usize,
        region: &[&str],
        cruise: f64,
    ) -> Option<Vec<&'static str>> {
        let mut calls = Vec::new();
        'voyages: while builder.now() < self.end {
            for _try in 0..8 {
                let pick: &&str = self.rng.pick(region);
                let next = port(pick);
                if next.name == here.name {
                    continue;
                }
                let Some(lanes) = lane_path(here.node, next.node, true) else { continue };
                let mut route = route_out(here, slot);
                route.extend(lanes.into_iter().skip(1));
                let arrive = builder.now()
                    + PlanBuilder::sail_duration(
                        builder.pos(),
                        &route,
                        [0.0, cruise, 0.0],
                        (RAMP_S, RAMP_S),
                    );
                let stay = self.rng.range(4.0, 16.0) * HOUR;
                let next_slot = if arrive > self.end + HOUR {
                    0
                } else {
                    match self.claim(next, arrive, arrive + stay) {
                        Some(next_slot) => next_slot,
                        None => continue,
                    }
                };
                route.extend(route_in(next, next_slot));
                builder.sail(&route, [0.0, cruise, 0.0], (RAMP_S, RAMP_S));
                builder.stay(stay, if next_slot == 0 { status::MOORED } else { status::AT_ANCHOR });
                calls.push(next.name);
                here = next;
                slot = next_slot;
                continue 'voyages;
            }
            return None;
        }
        Some(calls)
    }

    fn jitter(&mut self, spot: LatLon, metres: f64) -> LatLon {
        sea::offset(spot, self.rng.range(0.0, 360.0), self.rng.range(0.0, metres))
    }

    /// The next open-water spot (each story gets its own), moved by up to 5 km.
    fn offshore_spot(&mut self) -> LatLon {
        let spot = OFFSHORE_SPOTS[self.spot_next % OFFSHORE_SPOTS.len()];
        self.spot_next += 1;
        self.jitter(spot, 5_000.0)
    }

    fn home_port_for(&mut self, spot: LatLon) -> &'static PortSite {
        let west = spot.lon < 127.0;
        let names: &[&str] = if west {
            &["Dalian", "Yantai", "Qingdao", "Incheon"]
        } else {
            &["Busan", "Pohang", "Donghae", "Vladivostok", "Nakhodka"]
        };
        let name: &&str = self.rng.pick(names);
        port(name)
    }

    /// Two ships meet at an open-water spot at `meet`, stay alongside
    /// (`gap_m` apart, circling at `knots`) for `duration`, then part for
    /// ports. Returns the two vessel indices.
    #[allow(clippy::too_many_arguments)]
    fn meeting(
        &mut self,
        spot: LatLon,
        meet: f64,
        duration: f64,
        gap_m: f64,
        knots: f64,
        identities: [Identity; 2],
        role: &str,
    ) -> Option<[usize; 2]> {
        let via_node = nearest_node(spot, true);
        let via = via_node.name;
        let heading = self.rng.range(0.0, 360.0);
        let shift_bearing = heading + 90.0;
        let shift =
            (gap_m * shift_bearing.to_radians().sin(), gap_m * shift_bearing.to_radians().cos());
        // The first ship comes straight from the lane node; the second from
        // 12 km to the side, and from another port, so the two do not sail
        // in company before or after (which would make one long run of
        // closeness, mostly at speed).
        let side_sign = if self.rng.chance(0.5) { 90.0 } else { -90.0 };
        let side = sea::offset(spot, bearing_deg(spot, via_node.at) + side_sign, 12_000.0);
        let mut plans = Vec::new();
        let mut used: Vec<&str> = Vec::new();
        for (k, shift) in [(0.0, 0.0), shift].into_iter().enumerate() {
            let mut origin = self.home_port_for(spot);
            for _ in 0..10 {
                if !used.contains(&origin.name) {
                    break;
                }
                origin = self.home_port_for(spot);
            }
            used.push(origin.name);
            let cruise = self.rng.range(10.0, 12.5);
            let target = translate(spot, shift.0, shift.1);
            let tail: Vec<LatLon> = if k == 0 { vec![target] } else { vec![side, target] };
            let mut builder = self.depart_to_spot(origin, via, &tail, meet, cruise, knots, true)?;
            // A ship that came from an anchorage arrives a few minutes early
            // and lies stopped until the other is there.
            builder.stay_until(meet, status::UNDER_WAY);
            builder.face(heading);
            builder.circle(duration, knots, 2.0 * HOUR, true, shift);
            let mut home = self.home_port_for(spot);
            for _ in 0..10 {
                if !used.contains(&home.name) {
                    break;
                }
                home = self.home_port_for(spot);
            }
            used.push(home.name);
            let lead: Vec<LatLon> = if k == 0 { vec![] } else { vec![side] };
            self.finish_in_port(&mut builder, &lead, via, home, cruise, knots, true)?;
            plans.push(builder);
        }
        let [identity_a, identity_b] = identities;
        let mut plans = plans.into_iter();
        let a = self.push_vessel(Class::A, identity_a, plans.next()?, role.to_owned());
        let b = self.push_vessel(Class::A, identity_b, plans.next()?, role.to_owned());
        Some([a, b])
    }
}

/// The stories. Each returns whether it placed its ships.
impl Ctx {
    fn plant(
        &mut self,
        kind: &'static str,
        vessels: Vec<usize>,
        start: f64,
        end: f64,
        at: LatLon,
        note: String,
    ) {
        self.planted.push(Planted { kind, vessels, start, end: end.min(self.end), at, note });
    }

    fn decoy(
        &mut self,
        kind: &'static str,
        vessels: Vec<usize>,
        start: f64,
        end: f64,
        at: LatLon,
        note: String,
    ) {
        self.decoys.push(Planted { kind, vessels, start, end: end.min(self.end), at, note });
    }

    /// Two ships alongside, slow, far offshore, for about three hours: an
    /// encounter and nothing else (the slow spell stays under 4 hours).
    fn encounter_short(&mut self, round: usize) -> bool {
        self.encounter(round, 3.0, 3.3).is_some()
    }

    /// An encounter of 5.5–6 hours: both ships also loiter (five full hours
    /// below 2 kn, whichever way the hours are cut).
    fn encounter_long(&mut self, round: usize) -> bool {
        self.encounter(round + 1, 5.5, 6.0).is_some()
    }

    fn encounter(&mut self, _round: usize, min_h: f64, max_h: f64) -> Option<()> {
        let duration = self.rng.range(min_h, max_h) * HOUR;
        let meet = self.time_in(4.0 * HOUR, duration + 2.0 * HOUR)?;
        let spot = self.offshore_spot();
        let gap_m = self.rng.range(80.0, 250.0);
        let knots = self.rng.range(0.3, 0.7);
        let carrier_flag = *self.rng.pick(&[fleet::CHINA, fleet::PANAMA, fleet::TOGO]);
        let carrier = self.identity(carrier_flag, 80, 150, "AT SEA");
        let dprk = self.listed_identity(fleet::DPRK, "NAMPO");
        let names = format!("{} and {}", carrier.name, dprk.name);
        let [a, b] =
            self.meeting(spot, meet, duration, gap_m, knots, [carrier, dprk], "encounter")?;
        let hours = duration / HOUR;
        self.plant(
            "encounter",
            vec![a, b],
            meet,
            meet + duration,
            spot,
            format!(
                "{names} lie {gap_m:.0} m apart at {knots:.1} kn for {hours:.1} h, far offshore"
            ),
        );
        if hours >= 4.5 {
            for vessel in [a, b] {
                self.plant(
                    "loitering",
                    vec![vessel],
                    meet,
                    meet + duration,
                    spot,
                    format!("slow for {hours:.1} h during its encounter"),
                );
            }
        }
        Some(())
    }

    /// One ship circling slowly far offshore for 5–8 hours.
    fn loitering(&mut self, _round: usize) -> bool {
        (|| {
            let duration = self.rng.range(5.0, 8.0) * HOUR;
            let begin = self.time_in(4.0 * HOUR, duration + 2.0 * HOUR)?;
            let spot = self.offshore_spot();
            let knots = self.rng.range(0.6, 1.2);
            let origin = self.home_port_for(spot);
            let via = nearest_node(spot, true).name;
            let cruise = self.rng.range(10.0, 13.0);
            let mut builder =
                self.depart_to_spot(origin, via, &[spot], begin, cruise, knots, true)?;
            builder.stay_until(begin, status::UNDER_WAY);
            builder.circle(duration, knots, 3.0 * HOUR, self.rng.chance(0.5), (0.0, 0.0));
            let home = self.home_port_for(spot);
            self.finish_in_port(&mut builder, &[], via, home, cruise, knots, true)?;
            let flag = *self.rng.pick(&[fleet::PANAMA, fleet::SIERRA_LEONE, fleet::CHINA]);
            let identity = self.main_identity(flag, 79, 90, "AT SEA");
            let name = identity.name.clone();
            let vessel = self.push_vessel(Class::A, identity, builder, "loitering".into());
            self.plant(
                "loitering",
                vec![vessel],
                begin,
                begin + duration,
                spot,
                format!(
                    "{name} circles at {knots:.1} kn for {:.1} h, far offshore",
                    duration / HOUR
                ),
            );
            Some(())
        })()
        .is_some()
    }

    /// A ship that switches its transponder off for 12–20 hours far out in
    /// the East Sea on its way from Busan to Vladivostok.
    fn gap_far_offshore(&mut self, _round: usize) -> bool {
        self.gap("Busan", "Vladivostok", "ES_E1", 12.0, 20.0, "far offshore in the East Sea")
            .is_some()
    }

    /// A ship dark for 8–10 hours in the middle of the Yellow Sea.
    fn gap_medium(&mut self, _round: usize) -> bool {
        self.gap("Qingdao", "Busan", "YS_C", 8.0, 10.0, "in the middle of the Yellow Sea").is_some()
    }

    fn gap(
        &mut self,
        from: &str,
        to: &str,
        dark_after: &str,
        min_h: f64,
        max_h: f64,
        place: &str,
    ) -> Option<()> {
        let (from, to) = (port(from), port(to));
        let duration = self.rng.range(min_h, max_h) * HOUR;
        let off = self.time_in(3.0 * HOUR, duration + 3.0 * HOUR)?;
        let cruise = self.rng.range(10.0, 12.0);
        // Reach the node where the ship goes dark two hours before `off`.
        let node = sea::node_named(dark_after)?.at;
        let mut lanes = lane_path(from.node, to.node, true)?;
        let split = lanes.iter().position(|p| *p == node)?;
        let mut first = route_out(from, 0);
        first.extend(lanes.drain(..=split).skip(1));
        let sail =
            PlanBuilder::sail_duration(from.berth(), &first, [0.0, cruise, cruise], (RAMP_S, 0.0));
        let (mut builder, slot) = self.depart(from, off - 2.0 * HOUR - sail)?;
        let mut route = route_out(from, slot);
        route.extend(first.into_iter().skip(route_out(from, 0).len()));
        builder.sail(&route, [0.0, cruise, cruise], (RAMP_S, 0.0));
        let mut rest: Vec<LatLon> = lanes;
        let arrive = builder.now()
            + PlanBuilder::sail_duration(
                builder.pos(),
                &rest,
                [cruise, cruise, 0.0],
                (0.0, RAMP_S),
            );
        let slot = self.claim(to, arrive, f64::INFINITY)?;
        rest.extend(route_in(to, slot));
        builder.sail(&rest, [cruise, cruise, 0.0], (0.0, RAMP_S));
        builder.stay_until(self.end + 6.0 * HOUR, status::MOORED);
        let flag = *self.rng.pick(&[fleet::PANAMA, fleet::MONGOLIA, fleet::TOGO]);
        let identity = self.identity(flag, 70, 120, to.name);
        let name = identity.name.clone();
        let vessel = self.push_vessel(Class::A, identity, builder, "gap".into());
        self.vessels[vessel].dark.push((off, off + duration));
        let at = self.vessels[vessel].plan.state_at(off).pos;
        self.plant(
            "gap",
            vec![vessel],
            off,
            off + duration,
            at,
            format!(
                "{name} turns its transponder off for {:.1} h {place}, sailing on",
                duration / HOUR
            ),
        );
        Some(())
    }

    /// A listed DPRK ship sails into a DPRK port from outside DPRK waters,
    /// lies at the berth for 6–14 hours (or to the end of the log), and
    /// leaves for a Chinese or Russian port.
    fn port_call(&mut self, _round: usize) -> bool {
        // (port, start node outside DPRK waters, where it goes afterwards)
        const CALLS: &[(&str, &str, &str)] = &[
            ("Nampo", "KB_W", "Dalian"),
            ("Rajin", "RU_S", "Vostochny"),
            ("Haeju", "IC_W", "Qingdao"),
            ("Chongjin", "RU_S", "Vladivostok"),
            ("Wonsan", "ES_38", "Busan"),
            ("Hungnam", "ES_38", "Pohang"),
            ("Kimchaek", "RU_S", "Nakhodka"),
        ];
        let (dprk_port, start_node, next) = CALLS[self.port_call_next % CALLS.len()];
        self.port_call_next += 1;
        (|| {
            let dprk_port = port(dprk_port);
            let cruise = self.rng.range(9.0, 11.0);
            let start = sea::node_named(start_node)?.at;
            let mut route = lane_path(start_node, dprk_port.node, false)?;
            route.extend(route_in(dprk_port, 0));
            // Under way outside DPRK waters when the log starts.
            let begin = -self.rng.range(0.0, HOUR);
            let mut builder = PlanBuilder::new(begin, start, 0.0);
            let arrive = begin
                + PlanBuilder::sail_duration(start, &route, [cruise, cruise, 0.0], (0.0, RAMP_S));
            let stay = self.rng.range(6.0, 14.0) * HOUR;
            if arrive + 3.0 * HOUR > self.end {
                return None;
            }
            self.claim(dprk_port, arrive, arrive + stay)?;
            builder.sail(&route, [cruise, cruise, 0.0], (0.0, RAMP_S));
            builder.stay(stay, status::MOORED);
            let leave = builder.now();
            // A call at Vostochny or Vladivostok after one at a DPRK port is an
            // event too (a follow-up): made plain by berthing well before the
            // log ends, or avoided by going to Nakhodka instead.
            let route_to = |next: &PortSite, slot: usize| -> Option<Vec<LatLon>> {
                let mut out = route_out(dprk_port, 0);
                out.extend(lane_path(dprk_port.node, next.node, false)?.into_iter().skip(1));
                out.extend(route_in(next, slot));
                Some(out)
            };
            let arrival = |route: &[LatLon]| {
                leave
                    + PlanBuilder::sail_duration(
                        dprk_port.berth(),
                        route,
                        [0.0, cruise, 0.0],
                        (RAMP_S, RAMP_S),
                    )
            };
            let mut next = port(next);
            let mut slot = None;
            if vigil_geo::PORTS_ON_REQUEST.contains(&next.name) {
                let arrive_next = arrival(&route_to(next, 0)?);
                if arrive_next < self.end - 3.0 * HOUR
                    && self.claim_slot(next, 0, arrive_next, f64::INFINITY)
                {
                    slot = Some(0);
                } else {
                    next = port("Nakhodka");
                }
            }
            let slot = match slot {
                Some(slot) => slot,
                None => self.claim(next, arrival(&route_to(next, 0)?), f64::INFINITY)?,
            };
            builder.sail(&route_to(next, slot)?, [0.0, cruise, 0.0], (RAMP_S, RAMP_S));
            let berthed = builder.now();
            builder.stay_until(self.end + 6.0 * HOUR, status::MOORED);
            let identity = self.listed_identity(fleet::DPRK, dprk_port.name);
            let name = identity.name.clone();
            let vessel = self.push_vessel(Class::A, identity, builder, "port_call".into());
            self.plant(
                "port_call",
                vec![vessel],
                arrive,
                arrive + stay,
                dprk_port.berth(),
                format!(
                    "{name} lies at the berth of {} for {:.1} h, then sails for {}",
                    dprk_port.name,
                    stay / HOUR,
                    next.name
                ),
            );
            if slot == 0 && vigil_geo::PORTS_ON_REQUEST.contains(&next.name) {
                self.plant(
                    "port_call",
                    vec![vessel],
                    berthed,
                    self.end,
                    next.berth(),
                    format!(
                        "{name} berths at {} after its call at {} (a follow-up call)",
                        next.name, dprk_port.name
                    ),
                );
            }
            Some(())
        })()
        .is_some()
    }

    /// A listed DPRK ship sails from Dalian into DPRK waters towards Nampo,
    /// switches its transponder off on the Nampo approaches, lies 4–6 hours
    /// unseen at the mouth of the Nampo channel (where a transfer or a
    /// call would happen), and switches it on again on the approaches on its
    /// way back to Dalian: a gap of 8 hours or more. It claims no berth:
    /// nothing of its stay is in the log.
    fn gap_nampo_approaches(&mut self, _round: usize) -> bool {
        (|| {
            let (dalian, nampo) = (port("Dalian"), port("Nampo"));
            let cruise = self.rng.range(10.0, 12.0);
            let stay = self.rng.range(4.0, 6.0) * HOUR;
            // Mid-log when the log is long enough, else under way at its start.
            let depart = self.time_in(HOUR, 30.0 * HOUR).unwrap_or(-6.0 * HOUR);
            let (mut builder, slot) = self.depart(dalian, depart)?;
            let mut route = route_out(dalian, slot);
            route.extend(lane_path(dalian.node, nampo.node, false)?.into_iter().skip(1));
            builder.sail(&route, [0.0, cruise, cruise], (RAMP_S, 0.0));
            // Off 90 minutes before the lane node off Nampo, on 90 minutes after.
            let off = builder.now() - 1.5 * HOUR;
            let channel_mouth = *nampo.approach.last()?;
            builder.sail(&[channel_mouth], [cruise, cruise, 0.0], (0.0, RAMP_S));
            builder.stay(stay, status::AT_ANCHOR);
            let node = sea::node_named(nampo.node)?.at;
            builder.sail(&[node], [0.0, cruise, cruise], (RAMP_S, 0.0));
            let on = builder.now() + 1.5 * HOUR;
            let mut back = lane_path(nampo.node, dalian.node, false)?;
            let home = builder.now()
                + PlanBuilder::sail_duration(
                    builder.pos(),
                    &back,
                    [cruise, cruise, 0.0],
                    (0.0, RAMP_S),
                );
            if on + 2.0 * HOUR > self.end {
                return None;
            }
            let slot = if home > self.end + HOUR {
                0
            } else {
                self.claim(dalian, home, f64::INFINITY)?
            };
            back.extend(route_in(dalian, slot));
            builder.sail(&back, [cruise, cruise, 0.0], (0.0, RAMP_S));
            builder.stay_until(self.end + 6.0 * HOUR, status::MOORED);
            let identity = self.listed_identity(fleet::DPRK, "DALIAN");
            let name = identity.name.clone();
            let vessel = self.push_vessel(Class::A, identity, builder, "gap".into());
            self.vessels[vessel].dark.push((off, on));
            let at = self.vessels[vessel].plan.state_at(off).pos;
            self.plant(
                "gap",
                vec![vessel],
                off,
                on,
                at,
                format!(
                    "{name} turns its transponder off for {:.1} h on the Nampo approaches, lying {:.1} h unseen off the Nampo channel",
                    (on - off) / HOUR,
                    stay / HOUR
                ),
            );
            Some(())
        })()
        .is_some()
    }

    /// A Chinese ship that sails into DPRK waters off Nampo without
    /// stopping and comes back out.
    fn zone_transit(&mut self, _round: usize) -> bool {
        (|| {
            let dalian = port("Dalian");
            let cruise = self.rng.range(10.0, 12.0);
            let begin = self.time_in(2.0 * HOUR, 20.0 * HOUR)?;
            let (mut builder, slot) = self.depart(dalian, begin)?;
            let mut route = route_out(dalian, slot);
            route.extend(lane_path("DL", "NP", false)?.into_iter().skip(1));
            let back = lane_path("NP", "DL", false)?;
            route.extend(back.into_iter().skip(1));
            let arrive = begin
                + PlanBuilder::sail_duration(
                    builder.pos(),
                    &route,
                    [0.0, cruise, 0.0],
                    (RAMP_S, RAMP_S),
                );
            let slot = self.claim(dalian, arrive, f64::INFINITY)?;
            route.extend(route_in(dalian, slot));
            builder.sail(&route, [0.0, cruise, 0.0], (RAMP_S, RAMP_S));
            builder.stay_until(self.end + 6.0 * HOUR, status::MOORED);
            let identity = self.identity(fleet::CHINA, 70, 98, "DALIAN");
            let vessel = self.push_vessel(Class::A, identity, builder, "zone_transit".into());
            // The zone entry itself is recorded from the received positions.
            self.vessels[vessel].role = "zone_transit".into();
            Some(())
        })()
        .is_some()
    }

    /// Two different ships broadcast the same MMSI at the same time, one in
    /// the Yellow Sea and one in the East Sea.
    fn shared_mmsi(&mut self, _round: usize) -> bool {
        (|| {
            let yellow = self.voyage_vessel("Qingdao", "Incheon")?;
            let east = self.voyage_vessel("Busan", "Vladivostok")?;
            let first = self.main_identity(fleet::CHINA, 70, 110, "INCHEON");
            let mut second = self.identity(fleet::CHINA, 70, 140, "VLADIVOSTOK");
            second.mmsi = first.mmsi;
            let note =
                format!("{} and {} both broadcast MMSI {}", first.name, second.name, first.mmsi);
            let a = self.push_vessel(Class::A, first, yellow, "shared_mmsi".into());
            let b = self.push_vessel(Class::A, second, east, "shared_mmsi".into());
            let at = self.vessels[a].plan.state_at(0.0).pos;
            self.plant("identity", vec![a, b], 0.0, self.end, at, note + ", hundreds of km apart");
            Some(())
        })()
        .is_some()
    }

    /// A plan that leaves `from` within the first hours and sails for
    /// `to` (ordinary routing), lying there to the end.
    fn voyage_vessel(&mut self, from: &str, to: &str) -> Option<PlanBuilder> {
        let (from, to) = (port(from), port(to));
        let cruise = self.rng.range(10.0, 13.0);
        let depart = self.rng.range(-6.0 * HOUR, 4.0 * HOUR);
        let (mut builder, slot) = self.depart(from, depart)?;
        let mut route = route_out(from, slot);
        route.extend(lane_path(from.node, to.node, true)?.into_iter().skip(1));
        let arrive = depart
            + PlanBuilder::sail_duration(
                builder.pos(),
                &route,
                [0.0, cruise, 0.0],
                (RAMP_S, RAMP_S),
            );
        let slot = self.claim(to, arrive, f64::INFINITY)?;
        route.extend(route_in(to, slot));
        builder.sail(&route, [0.0, cruise, 0.0], (RAMP_S, RAMP_S));
        builder.stay_until(self.end + 6.0 * HOUR, status::MOORED);
        Some(builder)
    }

    /// A ship whose type 5 carries an IMO number that fails its check digit.
    fn invalid_imo(&mut self, _round: usize) -> bool {
        (|| {
            let (from, to) = *self.rng.pick(&[
                ("Dalian", "Busan"),
                ("Yantai", "Incheon"),
                ("Pohang", "Vladivostok"),
            ]);
            let builder = self.voyage_vessel(from, to)?;
            let mut identity = self.identity(fleet::MONGOLIA, 70, 100, to);
            let good = identity.imo;
            identity.imo = good / 10 * 10 + (good % 10 + 3) % 10;
            let note = format!("{} sends IMO {} (check digit wrong)", identity.name, identity.imo);
            let vessel = self.push_vessel(Class::A, identity, builder, "invalid_imo".into());
            let at = self.vessels[vessel].plan.state_at(0.0).pos;
            self.plant("identity", vec![vessel], 0.0, self.end, at, note);
            Some(())
        })()
        .is_some()
    }

    /// A listed ship renames itself mid-voyage, keeping MMSI and IMO.
    fn name_change(&mut self, _round: usize) -> bool {
        (|| {
            let builder = self.voyage_vessel("Nakhodka", "Busan")?;
            let change = self.time_in(6.0 * HOUR, 4.0 * HOUR)?;
            let before = self.listed_identity(fleet::DPRK, "BUSAN");
            let mut after = before.clone();
            after.name = self.registry.name();
            let note = format!(
                "{} (IMO {}) renames itself {} on MMSI {}",
                before.name, before.imo, after.name, before.mmsi
            );
            let vessel = self.push_vessel(Class::A, before, builder, "name_change".into());
            self.vessels[vessel].identities.push((change, after));
            let at = self.vessels[vessel].plan.state_at(change).pos;
            self.plant("identity", vec![vessel], change, change + HOUR, at, note);
            Some(())
        })()
        .is_some()
    }

    /// A listed DPRK ship changes its MMSI from a DPRK one to a Sierra
    /// Leone one mid-voyage, keeping IMO, name and its DPRK call sign.
    fn flag_change(&mut self, _round: usize) -> bool {
        (|| {
            let builder = self.voyage_vessel("Vladivostok", "Busan")?;
            // Early enough that the old MMSI's silence after it is plain.
            let change = self.time_in(6.0 * HOUR, 8.0 * HOUR)?;
            let before = self.listed_identity(fleet::DPRK, "BUSAN");
            let mut after = before.clone();
            after.mmsi = self.registry.mmsi(fleet::SIERRA_LEONE);
            let note = format!(
                "{} (IMO {}, call sign {}) moves from MMSI {} (DPRK) to {} (Sierra Leone)",
                before.name, before.imo, before.callsign, before.mmsi, after.mmsi
            );
            let vessel = self.push_vessel(Class::A, before, builder, "flag_change".into());
            self.vessels[vessel].identities.push((change, after));
            let at = self.vessels[vessel].plan.state_at(change).pos;
            self.plant("identity", vec![vessel], change, self.end, at, note);
            Some(())
        })()
        .is_some()
    }

    /// A listed DPRK ship (flag KP on the lists, DPRK call sign) broadcasts
    /// a Mongolian MMSI.
    fn mid_mismatch(&mut self, _round: usize) -> bool {
        // The claimed flag comes from the lists: only a listed ship will do.
        if self.listed_next >= fleet::LISTED_DPRK.len() {
            return false;
        }
        (|| {
            let builder = self.voyage_vessel("Yantai", "Busan")?;
            let identity = self.listed_identity(fleet::MONGOLIA, "BUSAN");
            let note = format!(
                "{} (IMO {}, DPRK call sign {}) broadcasts MMSI {} (MID 457, Mongolia)",
                identity.name, identity.imo, identity.callsign, identity.mmsi
            );
            let vessel = self.push_vessel(Class::A, identity, builder, "mid_mismatch".into());
            let at = self.vessels[vessel].plan.state_at(0.0).pos;
            self.plant("identity", vec![vessel], 0.0, self.end, at, note);
            Some(())
        })()
        .is_some()
    }

    /// A ship that, near a coastal station, stops its engine and drifts
    /// at about 2 kn with its bow 70–110° off its course for 30–60 minutes.
    fn drift(&mut self, round: usize) -> bool {
        self.covered_lane_event(round, true).is_some()
    }

    /// A ship that drops from cruising speed to a standstill within 8
    /// seconds near a coastal station, and stays stopped for an hour or more.
    fn speed_change(&mut self, round: usize) -> bool {
        self.covered_lane_event(round + 1, false).is_some()
    }

    fn covered_lane_event(&mut self, round: usize, drift: bool) -> Option<()> {
        let (a, b, fraction) = COVERED_LANES[round % COVERED_LANES.len()];
        let (node_a, node_b) = (sea::node_named(a)?, sea::node_named(b)?);
        let spot = interpolate(node_a.at, node_b.at, fraction);
        let duration =
            if drift { self.rng.range(0.5, 1.0) } else { self.rng.range(1.0, 1.5) } * HOUR;
        let when = self.time_in(3.0 * HOUR, duration + 3.0 * HOUR)?;
        let cruise = self.rng.range(12.0, 14.0);
        // Come out of the port whose lane node is `a`, along the lane.
        let origin = sea::PORTS.iter().find(|port| port.node == a)?;
        let course = bearing_deg(node_a.at, spot);
        let (kind, note);
        let mut builder;
        let began;
        if drift {
            let knots = self.rng.range(1.8, 2.6);
            let off = self.rng.range(70.0, 110.0) * if self.rng.chance(0.5) { 1.0 } else { -1.0 };
            // Slow down to drift speed just before the spot, then drift.
            builder =
                self.depart_to_spot_ramped(origin, a, &[spot], when, [cruise, knots], 180.0, true)?;
            began = builder.now();
            builder.straight(
                duration,
                course,
                knots,
                (course + off).rem_euclid(360.0),
                status::NOT_UNDER_COMMAND,
            );
            kind = "drift";
            note = format!(
                "drifts at {knots:.1} kn with its heading {:.0}° off its course for {:.0} min",
                off.abs(),
                duration / 60.0
            );
        } else {
            builder =
                self.depart_to_spot_ramped(origin, a, &[spot], when, [cruise, 0.0], 8.0, true)?;
            began = builder.now() - 8.0;
            builder.stay(duration, status::NOT_UNDER_COMMAND);
            kind = "speed_change";
            note = format!("drops from {cruise:.1} kn to a standstill within 8 s and stays stopped for {:.0} min", duration / 60.0);
        }
        let start_knots = if drift { 2.0 } else { 0.0 };
        let to = port(if b == "ES_S" || b == "ULL_W" {
            "Vladivostok"
        } else if b == "QD_E" {
            "Incheon"
        } else {
            "Dalian"
        });
        let resume = builder.now();
        self.finish_in_port(&mut builder, &[], b, to, cruise, start_knots, true)?;
        let flag = *self.rng.pick(&[fleet::KOREA, fleet::CHINA, fleet::PANAMA]);
        let identity = self.identity(flag, 70, 140, to.name);
        let name = identity.name.clone();
        let vessel = self.push_vessel(Class::A, identity, builder, kind.into());
        self.vessels[vessel].dense.push((began - 1200.0, resume + 600.0));
        self.plant(kind, vec![vessel], began, resume, spot, format!("{name} {note}"));
        Some(())
    }

    /// Decoy: two ships pass each other at speed at a lane junction.
    fn crossing_decoy(&mut self, _round: usize) -> bool {
        (|| {
            let junction = sea::node_named("YS_C")?.at;
            let cross = self.time_in(6.0 * HOUR, 6.0 * HOUR)?;
            let mut plans = Vec::new();
            for (k, (from, to)) in
                [("Dalian", "Incheon"), ("Qingdao", "Busan")].into_iter().enumerate()
            {
                let (from, to) = (port(from), port(to));
                let cruise = if k == 0 { 12.0 } else { 14.0 };
                let target = translate(junction, 0.0, if k == 0 { 0.0 } else { 150.0 });
                let mut builder = self.depart_to_spot(
                    from,
                    "YS_C",
                    &[target],
                    cross + k as f64 * 20.0,
                    cruise,
                    cruise,
                    true,
                )?;
                self.finish_in_port(&mut builder, &[], "YS_C", to, cruise, cruise, true)?;
                plans.push(builder);
            }
            let mut ids = Vec::new();
            for (k, plan) in plans.into_iter().enumerate() {
                let identity = if k == 0 {
                    self.main_identity(fleet::KOREA, 70, 120, "INCHEON")
                } else {
                    self.identity(fleet::KOREA, 70, 120, "INCHEON")
                };
                ids.push(self.push_vessel(Class::A, identity, plan, "decoy_crossing".into()));
            }
            self.decoy(
                "crossing",
                ids,
                cross - 600.0,
                cross + 600.0,
                junction,
                "two ships pass within about 150 m at 12 and 14 kn".into(),
            );
            Some(())
        })()
        .is_some()
    }

    /// Decoy: two ships at anchor off the same port, 2 km or more apart,
    /// for 8–12 hours.
    fn anchored_decoy(&mut self, _round: usize) -> bool {
        (|| {
            // The first of these ports whose two anchorage spots are still free.
            let mut names = [
                "Dalian",
                "Busan",
                "Incheon",
                "Vladivostok",
                "Yantai",
                "Qingdao",
                "Pohang",
                "Donghae",
                "Nakhodka",
            ];
            let first = self.rng.below(names.len() as u64) as usize;
            names.rotate_left(first);
            let free = |ctx: &Ctx, name: &str| {
                [1, 3].iter().all(|&slot| {
                    ctx.slots.get(&(port(name).name, slot)).is_none_or(|busy| busy.is_empty())
                })
            };
            let name = *names.iter().find(|name| free(self, name))?;
            let anchorage = port(name);
            let begin = self.time_in(2.0 * HOUR, 12.0 * HOUR)?;
            let hours = self.rng.range(8.0, 12.0);
            let spots = port_slots(anchorage);
            let mut ids = Vec::new();
            let leave = begin + hours * HOUR;
            for slot in [1, 3] {
                let busy = self.slots.entry((anchorage.name, slot)).or_default();
                // Lying there since before the log starts: the slot must be unused.
                if !busy.is_empty() {
                    return None;
                }
                busy.push((f64::NEG_INFINITY, leave));
                let at = spots[slot];
                let mut builder =
                    PlanBuilder::new(begin - 72.0 * HOUR, at, self.rng.range(0.0, 360.0));
                builder.stay_until(leave, status::AT_ANCHOR);
                let next = port(if anchorage.reference.lon < 127.0 { "Qingdao" } else { "Pohang" });
                let mut route = route_out(anchorage, slot);
                route.extend(lane_path(anchorage.node, next.node, true)?.into_iter().skip(1));
                let arrive = builder.now()
                    + PlanBuilder::sail_duration(at, &route, [0.0, 11.0, 0.0], (RAMP_S, RAMP_S));
                let next_slot = self.claim(next, arrive, f64::INFINITY)?;
                route.extend(route_in(next, next_slot));
                builder.sail(&route, [0.0, 11.0, 0.0], (RAMP_S, RAMP_S));
                builder.stay_until(self.end + 6.0 * HOUR, status::MOORED);
                let identity = if slot == 1 {
                    self.main_identity(fleet::PANAMA, 70, 160, name)
                } else {
                    self.identity(fleet::PANAMA, 70, 160, name)
                };
                ids.push(self.push_vessel(Class::A, identity, builder, "decoy_anchored".into()));
            }
            let distance = distance_m(spots[1], spots[3]);
            self.decoy(
                "anchored_apart",
                ids,
                0.0,
                leave,
                spots[1],
                format!(
                    "two ships at anchor off {name}, {distance:.0} m apart, from the log's start"
                ),
            );
            Some(())
        })()
        .is_some()
    }

    /// Decoy: two ships alongside far offshore for only about an hour.
    fn brief_meeting_decoy(&mut self, _round: usize) -> bool {
        (|| {
            let duration = self.rng.range(0.8, 1.1) * HOUR;
            let meet = self.time_in(4.0 * HOUR, duration + 2.0 * HOUR)?;
            let spot = self.offshore_spot();
            let a = self.main_identity(fleet::CHINA, 70, 100, "AT SEA");
            let b = self.identity(fleet::KOREA, 30, 60, "AT SEA");
            let [a, b] =
                self.meeting(spot, meet, duration, 200.0, 0.6, [a, b], "decoy_brief_meeting")?;
            self.decoy(
                "brief_meeting",
                vec![a, b],
                meet,
                meet + duration,
                spot,
                format!("two ships 200 m apart at 0.6 kn for {:.1} h", duration / HOUR),
            );
            Some(())
        })()
        .is_some()
    }

    /// Ordinary traffic: a ship going from port to port (Chinese, Korean,
    /// Russian), lying 4–16 hours in each, never entering DPRK waters.
    fn background(&mut self) -> bool {
        const WEST: &[&str] = &["Dalian", "Yantai", "Qingdao", "Incheon"];
        const EAST: &[&str] =
            &["Busan", "Pohang", "Donghae", "Vladivostok", "Nakhodka", "Vostochny"];
        let small = self.rng.chance(0.15);
        for _attempt in 0..20 {
            let region: &[&str] = if small {
                if self.rng.chance(0.5) {
                    WEST
                } else {
                    EAST
                }
            } else {
                ALL_PORTS
            };
            let first: &&str = self.rng.pick(region);
            let mut here = port(first);
            let cruise = if small { self.rng.range(7.0, 9.0) } else { self.rng.range(10.0, 15.0) };
            let depart = self.rng.range(-30.0 * HOUR, 10.0 * HOUR);
            let Some((mut builder, slot)) = self.depart(here, depart) else { continue };
            let Some(calls) = self.carry_on(&mut builder, here, slot, region, cruise) else {
                continue;
            };
            if let Some(last) = calls.last() {
                here = port(last);
            }
            let (class, flag, shiptype, length) = if small {
                (Class::B, *self.rng.pick(&[fleet::KOREA, fleet::CHINA, fleet::RUSSIA]), 37, 18)
            } else {
                (
                    Class::A,
                    *self.rng.pick(&[
                        fleet::CHINA,
                        fleet::KOREA,
                        fleet::RUSSIA,
                        fleet::PANAMA,
                        fleet::JAPAN,
                    ]),
                    *self.rng.pick(&[70, 71, 80, 60]),
                    60 + self.rng.below(200) as u16,
                )
            };
            let destination = calls.first().copied().unwrap_or(here.name);
            let identity = self.identity(flag, shiptype, length, destination);
            let role = format!(
                "traffic: calls at {}",
                if calls.is_empty() { here.name.to_owned() } else { calls.join(", ") }
            );
            self.push_vessel(class, identity, builder, role);
            return true;
        }
        false
    }

    /// Decoy: two ordinary ships lose reception for 2–2.8 hours, in reach
    /// of a coastal station on both sides, so the silence stays under 4 h.
    fn short_reception_gaps(&mut self) {
        let traffic: Vec<usize> = (0..self.vessels.len())
            .filter(|&idx| self.vessels[idx].role.starts_with("traffic"))
            .collect();
        let mut placed = 0;
        for _attempt in 0..200 {
            if placed == 2 || traffic.is_empty() {
                return;
            }
            let vessel =
                traffic[(placed + self.rng.below(traffic.len() as u64) as usize) % traffic.len()];
            if !self.vessels[vessel].blackout.is_empty() {
                continue;
            }
            let Some(from) = self.time_in(2.0 * HOUR, 6.0 * HOUR) else { return };
            let hours = self.rng.range(2.0, 2.8);
            let plan = &self.vessels[vessel].plan;
            let heard_well =
                |t: f64| crate::radio::coastal_reception(plan.state_at(t).pos).1 >= 0.8;
            if !(heard_well(from - 600.0) && heard_well(from + hours * HOUR + 600.0)) {
                continue;
            }
            self.vessels[vessel].blackout.push((from, from + hours * HOUR));
            let at = self.vessels[vessel].plan.state_at(from).pos;
            self.decoy(
                "short_gap",
                vec![vessel],
                from,
                from + hours * HOUR,
                at,
                format!("nobody hears it for {hours:.1} h"),
            );
            placed += 1;
        }
    }
}
