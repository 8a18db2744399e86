//! The simulated scenario as a whole: the same seed gives the same bytes,
//! every line decodes, and every planted event is visible in the log as
//! the truth says (gaps are silent, encounters close and slow, port calls
//! stopped at the port…), while no ship is silent for 6 hours unplanned.

use std::collections::BTreeMap;

use vigil_ais::{decode_text, Body, Message};
use vigil_geo::haversine_m;
use vigil_sim::truth::{Truth, TruthEvent};
use vigil_sim::{simulate, Config, Output};

const START_MS: i64 = 1_740_787_200_000;

fn config(seed: u64, hours: f64, vessels: usize) -> Config {
    Config { seed, hours, vessels, start_ms: START_MS }
}

/// The scenario most tests look at (seed 7, 48 h, 40 vessels), simulated once.
fn seven() -> &'static Output {
    static SEVEN: std::sync::OnceLock<Output> = std::sync::OnceLock::new();
    SEVEN.get_or_init(|| simulate(config(7, 48.0, 40)))
}

fn ms(text: &str) -> i64 {
    vigil_ais::Timestamp::parse(text).expect("an ISO time").millis()
}

/// The decoded log, per MMSI, in time order.
fn by_mmsi(output: &Output) -> BTreeMap<u32, Vec<Message>> {
    let (messages, stats) = decode_text(&output.nmea);
    assert_eq!(stats.rejected_total(), 0);
    assert_eq!(messages.len(), output.n_messages);
    let mut map: BTreeMap<u32, Vec<Message>> = BTreeMap::new();
    for message in messages {
        map.entry(message.mmsi).or_default().push(message);
    }
    map
}

fn within<'a>(
    log: &'a BTreeMap<u32, Vec<Message>>,
    event: &TruthEvent,
    mmsi: u32,
) -> impl Iterator<Item = &'a Message> {
    let (start, end) = (ms(&event.start), ms(&event.end));
    log.get(&mmsi)
        .into_iter()
        .flatten()
        .filter(move |m| m.ts.is_some_and(|t| t.millis() >= start && t.millis() <= end))
}

#[test]
fn the_same_seed_gives_the_same_bytes_and_another_seed_others() {
    let a = simulate(config(5, 24.0, 25));
    let b = simulate(config(5, 24.0, 25));
    assert_eq!(a.nmea, b.nmea);
    assert_eq!(a.truth, b.truth);
    assert_eq!(a.scenario_text, b.scenario_text);
    let c = simulate(config(6, 24.0, 25));
    assert_ne!(a.nmea, c.nmea);
}

#[test]
fn every_line_has_a_tag_block_with_time_and_station_in_time_order() {
    let output = simulate(config(7, 24.0, 20));
    let mut last = 0;
    for line in output.nmea.lines() {
        let block =
            line.strip_prefix('\\').and_then(|rest| rest.split('\\').next()).expect("a tag block");
        let time: i64 = block
            .split(['*', ','])
            .find_map(|f| f.strip_prefix("c:"))
            .expect("c:")
            .parse()
            .unwrap();
        assert!(block.contains("s:SIM-"), "{line}");
        assert!(time >= last, "{line}");
        assert!((START_MS / 1000..START_MS / 1000 + 24 * 3600).contains(&time), "{line}");
        last = time;
    }
}

#[test]
fn planted_events_are_visible_in_the_log() {
    let output = seven();
    let truth: &Truth = &output.truth;
    let log = by_mmsi(output);
    let geo = vigil_geo::Geography::dprk_profile();
    let mut kinds = BTreeMap::new();
    for event in &truth.events {
        *kinds.entry(event.kind.as_str()).or_insert(0) += 1;
        let (start, end) = (ms(&event.start), ms(&event.end));
        assert!(start <= end, "{event:?}");
        match event.kind.as_str() {
            "gap" => {
                let mmsi = event.mmsi[0];
                assert!(end - start >= 8 * 3_600_000, "{event:?}");
                let inside = log[&mmsi]
                    .iter()
                    .filter(|m| m.ts.is_some_and(|t| t.millis() > start && t.millis() < end))
                    .count();
                assert_eq!(inside, 0, "{event:?}");
                // The gap is bounded by messages on both sides.
                assert!(
                    log[&mmsi].iter().any(|m| m.ts.unwrap().millis() == start - start % 1000),
                    "{event:?}"
                );
            }
            "encounter" => {
                let (a, b) = (event.mmsi[0], event.mmsi[1]);
                let fixes_b: Vec<_> = within(&log, event, b)
                    .filter_map(|m| Some((m.ts?.millis(), m.fix()?)))
                    .collect();
                let mut pairs = 0;
                for m in within(&log, event, a) {
                    let (Some(t), Some(fix)) = (m.ts, m.fix()) else { continue };
                    assert!(fix.speed.unwrap() < 1.0, "{event:?} {fix:?}");
                    if let Some((_, other)) =
                        fixes_b.iter().find(|(tb, _)| (tb - t.millis()).abs() <= 30_000)
                    {
                        let d = haversine_m(fix.lat, fix.lon, other.lat, other.lon);
                        assert!(d < 300.0, "{event:?}: {d} m");
                        pairs += 1;
                    }
                }
                assert!(pairs >= 10, "{event:?}: {pairs} close pairs");
                let (_, port_m) = geo.nearest_port(event.lat, event.lon).unwrap();
                assert!(port_m > 30_000.0, "{event:?}");
            }
            "loitering" => {
                let fixes: Vec<_> =
                    within(&log, event, event.mmsi[0]).filter_map(Message::fix).collect();
                assert!(fixes.len() >= 10, "{event:?}");
                assert!(fixes.iter().all(|f| f.speed.unwrap() < 1.5), "{event:?}");
                assert!(end - start >= 4 * 3_600_000, "{event:?}");
            }
            "port_call" => {
                let (port, _) = geo.nearest_port(event.lat, event.lon).unwrap();
                let fixes: Vec<_> =
                    within(&log, event, event.mmsi[0]).filter_map(Message::fix).collect();
                assert!(fixes.len() >= 3, "{event:?}");
                for fix in fixes {
                    assert!(
                        haversine_m(fix.lat, fix.lon, port.lat, port.lon) < 2_000.0,
                        "{event:?}"
                    );
                    assert!(fix.speed.unwrap() < 0.2, "{event:?} {fix:?}");
                }
            }
            "zone_entry" => {
                let first = within(&log, event, event.mmsi[0])
                    .find_map(Message::fix)
                    .expect("a position in the zone");
                assert!(geo.zones_containing(first.lat, first.lon).next().is_some(), "{event:?}");
                let before = log[&event.mmsi[0]]
                    .iter()
                    .filter(|m| m.ts.unwrap().millis() < start)
                    .filter_map(Message::fix)
                    .next_back();
                let before = before.expect("a position before the entry");
                assert!(geo.zones_containing(before.lat, before.lon).next().is_none(), "{event:?}");
            }
            "drift" => {
                let fixes: Vec<_> =
                    within(&log, event, event.mmsi[0]).filter_map(Message::fix).collect();
                assert!(fixes.len() >= 20, "{event:?}");
                for fix in &fixes[2..fixes.len() - 2] {
                    let speed = f64::from(fix.speed.unwrap());
                    let off = (f64::from(fix.heading.unwrap()) - f64::from(fix.course.unwrap()))
                        .rem_euclid(360.0);
                    assert!(
                        (1.0..4.0).contains(&speed) && (60.0..300.0).contains(&off),
                        "{event:?} {fix:?}"
                    );
                }
                assert!(end - start >= 20 * 60_000);
            }
            "speed_change" => {
                // A report above 10 kn, then one below 0.5 kn at most 30 s
                // later (DMA's decay; the ship itself stops within 8 s), at
                // the planted time; then below 0.5 kn to the end.
                let fixes: Vec<(i64, f32)> = log[&event.mmsi[0]]
                    .iter()
                    .filter_map(|m| Some((m.ts?.millis(), m.fix()?.speed?)))
                    .collect();
                let drop = fixes.iter().enumerate().any(|(i, &(ta, a))| {
                    a > 10.0
                        && (ta - start).abs() < 60_000
                        && fixes[i + 1..]
                            .iter()
                            .take_while(|(tb, _)| tb - ta <= 30_000)
                            .any(|&(_, b)| b < 0.5)
                });
                assert!(drop, "{event:?}");
                let stopped =
                    fixes.iter().filter(|(t, _)| *t > start + 20_000 && *t < end - 60_000);
                assert!(
                    stopped.clone().count() > 10 && stopped.clone().all(|(_, v)| *v < 0.5),
                    "{event:?}"
                );
            }
            "identity" => {
                assert!(event.mmsi.iter().all(|m| log.contains_key(m)), "{event:?}");
            }
            other => panic!("unknown kind {other}"),
        }
    }
    for kind in [
        "encounter",
        "loitering",
        "gap",
        "identity",
        "port_call",
        "zone_entry",
        "drift",
        "speed_change",
    ] {
        assert!(kinds.get(kind).copied().unwrap_or(0) >= 1, "no {kind} planted: {kinds:?}");
    }
    assert!(kinds["gap"] >= 2 && kinds["identity"] >= 4 && kinds["port_call"] >= 2, "{kinds:?}");
}

#[test]
fn identity_tricks_are_in_the_static_data() {
    let output = seven();
    let log = by_mmsi(output);
    let statics = |mmsi: u32| -> Vec<(u32, String, String)> {
        log[&mmsi]
            .iter()
            .filter_map(|m| match m.body {
                Body::StaticVoyage(s) => {
                    Some((s.imo, s.shipname.as_str().to_owned(), s.callsign.as_str().to_owned()))
                }
                _ => None,
            })
            .collect()
    };
    let identities: Vec<&TruthEvent> =
        output.truth.events.iter().filter(|e| e.kind == "identity").collect();
    // A shared MMSI: two names at the same time, hundreds of km apart.
    let shared =
        identities.iter().find(|e| e.note.contains("both broadcast")).expect("a shared MMSI");
    let names: std::collections::BTreeSet<String> =
        statics(shared.mmsi[0]).into_iter().map(|s| s.1).collect();
    assert_eq!(names.len(), 2, "{names:?}");
    // An IMO that fails its check digit.
    let invalid =
        identities.iter().find(|e| e.note.contains("check digit")).expect("an invalid IMO");
    assert!(statics(invalid.mmsi[0]).iter().all(|s| !vigil_model::imo_is_valid(&s.0.to_string())));
    // A rename under one IMO.
    let rename = identities.iter().find(|e| e.note.contains("renames")).expect("a rename");
    let seen = statics(rename.mmsi[0]);
    let imos: std::collections::BTreeSet<u32> = seen.iter().map(|s| s.0).collect();
    let names: std::collections::BTreeSet<&String> = seen.iter().map(|s| &s.1).collect();
    assert_eq!((imos.len(), names.len()), (1, 2), "{seen:?}");
    // One IMO on a DPRK MMSI, then on a Sierra Leone one, with a DPRK call sign.
    let flag = identities.iter().find(|e| e.note.contains("Sierra Leone")).expect("a flag change");
    assert_eq!(flag.mmsi.len(), 2);
    let (dprk, sierra) = (statics(flag.mmsi[0]), statics(flag.mmsi[1]));
    assert_eq!(flag.mmsi[0] / 1_000_000, 445);
    assert_eq!(flag.mmsi[1] / 1_000_000, 667);
    assert_eq!(dprk[0].0, sierra[0].0);
    assert!(sierra[0].2.starts_with("HM"));
}

#[test]
fn nobody_is_silent_for_six_hours_unless_planted() {
    let output = seven();
    let log = by_mmsi(output);
    let end = START_MS + 48 * 3_600_000;
    // Per vessel, over all the MMSIs it used (one ship may change its MMSI).
    for vessel in &output.truth.vessels {
        let planted = output
            .truth
            .events
            .iter()
            .any(|e| e.kind == "gap" && vessel.mmsi.iter().any(|m| e.mmsi.contains(m)));
        if planted {
            continue;
        }
        let mut times: Vec<i64> = vessel
            .mmsi
            .iter()
            .flat_map(|m| log[m].iter().map(|m| m.ts.unwrap().millis()))
            .collect();
        times.push(START_MS);
        times.push(end);
        times.sort_unstable();
        let longest = times.windows(2).map(|w| w[1] - w[0]).max().unwrap();
        assert!(longest < 4 * 3_600_000, "{vessel:?}: silent {} min", longest / 60_000);
    }
}

#[test]
fn decoys_stay_short_of_the_thresholds() {
    let output = seven();
    let log = by_mmsi(output);
    let kinds: Vec<&str> = output.truth.decoys.iter().map(|d| d.kind.as_str()).collect();
    for kind in ["crossing", "anchored_apart", "brief_meeting", "short_gap"] {
        assert!(kinds.contains(&kind), "{kinds:?}");
    }
    for decoy in &output.truth.decoys {
        let (start, end) = (ms(&decoy.start), ms(&decoy.end));
        match decoy.kind.as_str() {
            "brief_meeting" => assert!(end - start < 90 * 60_000, "{decoy:?}"),
            "short_gap" => {
                assert!(end - start < 4 * 3_600_000, "{decoy:?}");
                let heard = log[&decoy.mmsi[0]]
                    .iter()
                    .filter(|m| m.ts.is_some_and(|t| t.millis() > start && t.millis() < end));
                assert_eq!(heard.count(), 0, "{decoy:?}");
            }
            "crossing" => {
                for mmsi in &decoy.mmsi {
                    for fix in within(&log, decoy, *mmsi).filter_map(|m| m.fix()) {
                        assert!(fix.speed.unwrap() > 10.0, "{decoy:?}");
                    }
                }
            }
            "anchored_apart" => {
                let a = within(&log, decoy, decoy.mmsi[0]).find_map(|m| m.fix()).unwrap();
                let b = within(&log, decoy, decoy.mmsi[1]).find_map(|m| m.fix()).unwrap();
                assert!(haversine_m(a.lat, a.lon, b.lat, b.lon) >= 2_000.0, "{decoy:?}");
            }
            other => panic!("unknown decoy {other}"),
        }
    }
}

/// `vigil demo`'s scenario, at its default size (a week, 32 vessels) and at
/// its test size: each kind of event once, every one done by a listed DPRK
/// vessel (so each links to the sample list), the gap on the Nampo
/// approaches, and decoys sailed by listed vessels too.
#[test]
fn demo_scenario_plants_each_kind_once_by_listed_vessels() {
    use vigil_sim::fleet::LISTED_DPRK;
    use vigil_sim::scenario::build_demo;
    for (hours, vessels) in [(168.0, 32), (40.0, 16)] {
        let scenario = build_demo(config(7, hours, vessels));
        let listed = |idx: usize| {
            let imo = scenario.vessels[idx].identities[0].1.imo;
            LISTED_DPRK.iter().any(|&(_, listed)| listed == imo)
        };
        let mut kinds: Vec<&str> = scenario.planted.iter().map(|p| p.kind).collect();
        kinds.sort_unstable();
        assert_eq!(kinds, ["encounter", "gap", "identity", "loitering", "port_call"], "{hours} h");
        for planted in &scenario.planted {
            assert!(planted.vessels.iter().any(|&v| listed(v)), "{hours} h: {planted:?}");
        }
        let gap = scenario.planted.iter().find(|p| p.kind == "gap").unwrap();
        let nampo = vigil_geo::Geography::dprk_profile();
        let nampo = nampo.ports.iter().find(|p| p.name == "Nampo").unwrap();
        let from_nampo_km = haversine_m(gap.at.lat, gap.at.lon, nampo.lat, nampo.lon) / 1000.0;
        assert!(
            (20.0..80.0).contains(&from_nampo_km),
            "{hours} h: gap {from_nampo_km:.0} km off Nampo"
        );
        assert!(gap.end - gap.start >= 8.0 * 3600.0, "{hours} h: {gap:?}");
        let port_call = scenario.planted.iter().find(|p| p.kind == "port_call").unwrap();
        assert!(port_call.note.contains("Nampo"), "{port_call:?}");
        let decoy_kinds: Vec<&str> = scenario.decoys.iter().map(|d| d.kind).collect();
        for kind in ["crossing", "anchored_apart", "brief_meeting"] {
            assert!(decoy_kinds.contains(&kind), "{hours} h: {decoy_kinds:?}");
        }
        let listed_decoys =
            scenario.decoys.iter().filter(|d| d.vessels.iter().any(|&v| listed(v))).count();
        assert!(listed_decoys >= 3, "{hours} h: {listed_decoys} decoys sailed by listed vessels");
        assert_eq!(scenario.vessels.len(), vessels);
    }
}
