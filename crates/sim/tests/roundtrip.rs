//! The encoder against the decoder: random messages of every type the
//! simulator writes go through `vigil_sim::encode` and back through
//! `vigil_ais::Decoder`, and every field must come back (rounded to the
//! field's resolution).

use vigil_ais::{decode_text, Body, Turn};
use vigil_sim::encode::{
    write_sentences, Dims, Outgoing, PositionA, PositionB, Reception, StaticB24A, StaticB24B,
    StaticVoyageA,
};
use vigil_sim::rng::Rng;

const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -./";

fn text(rng: &mut Rng, max: usize) -> String {
    let len = 1 + rng.below(max as u64) as usize;
    let mut s: String = (0..len).map(|_| *rng.pick(ALPHABET) as char).collect();
    // The decoder trims trailing spaces (and leading ones are kept); keep
    // the first and last characters visible.
    s.replace_range(0..1, "X");
    if s.ends_with(' ') {
        s.pop();
        s.push('Z');
    }
    s
}

fn dims(rng: &mut Rng) -> Dims {
    Dims {
        to_bow: rng.below(512) as u16,
        to_stern: rng.below(512) as u16,
        to_port: rng.below(64) as u8,
        to_starboard: rng.below(64) as u8,
    }
}

fn tenth(x: f64) -> f32 {
    ((x * 10.0).round() / 10.0) as f32
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - (b * 600_000.0).round() / 600_000.0).abs() < 1e-9)
}

fn one_message(outgoing: &Outgoing, seq: u8) -> vigil_ais::Message {
    let mut nmea = String::new();
    write_sentences(
        &mut nmea,
        outgoing,
        Reception { station: "SIM-T-TEST", epoch_s: 1_740_787_200, channel: 'B' },
        seq,
        42,
    );
    for line in nmea.lines() {
        assert!(line.len() <= 82 + 60, "{line}");
    }
    let (messages, stats) = decode_text(&nmea);
    assert_eq!(stats.rejected_total(), 0, "{nmea}");
    assert_eq!(stats.bad_tag_block_checksums, 0, "{nmea}");
    assert_eq!(messages.len(), 1, "{nmea}");
    let message = messages[0];
    assert_eq!(message.ts.map(|t| t.millis()), Some(1_740_787_200_000));
    assert_eq!(message.channel, b'B');
    assert_eq!(message.mmsi, outgoing.mmsi());
    message
}

#[test]
fn class_a_positions_round_trip() {
    let mut rng = Rng::new(11);
    for idx in 0..500 {
        let sent = PositionA {
            msg_type: 1 + (idx % 3) as u8,
            mmsi: 100_000_000 + rng.below(800_000_000) as u32,
            status: rng.below(16) as u8,
            turn: rng.range(-126.0, 126.0) as i8,
            speed: (idx % 7 != 0).then(|| rng.range(0.0, 102.2)),
            accuracy: rng.chance(0.5),
            lat: rng.range(-90.0, 90.0),
            lon: rng.range(-180.0, 180.0),
            course: (idx % 5 != 0).then(|| rng.range(0.0, 359.9)),
            heading: (idx % 4 != 0).then(|| rng.below(360) as u16),
            second: rng.below(64) as u8,
            maneuver: rng.below(3) as u8,
            raim: rng.chance(0.5),
            radio: rng.below(1 << 19) as u32,
        };
        let message = one_message(&Outgoing::PositionA(sent.clone()), 0);
        assert_eq!(message.msg_type, sent.msg_type);
        let Body::Position(got) = message.body else { panic!("not a position: {message:?}") };
        assert_eq!(got.status, sent.status);
        match got.turn {
            Turn::Rate(rate) => {
                let raw = f32::from(sent.turn);
                assert!((rate - raw.signum() * (raw / 4.733).powi(2)).abs() < 1e-3);
            }
            other => panic!("{other:?} for {}", sent.turn),
        }
        assert_eq!(got.speed, sent.speed.map(tenth));
        assert_eq!(got.accuracy, sent.accuracy);
        assert!(close(got.lat, sent.lat) && close(got.lon, sent.lon), "{got:?} {sent:?}");
        let course = sent.course.map(|c| ((c * 10.0).round() as u32 % 3600) as f32 / 10.0);
        assert_eq!(got.course, course);
        assert_eq!(got.heading, sent.heading);
        assert_eq!(got.second, sent.second);
        assert_eq!(got.maneuver, sent.maneuver);
        assert_eq!(got.raim, sent.raim);
        assert_eq!(got.radio, sent.radio);
    }
}

#[test]
fn static_and_voyage_data_round_trip_in_two_sentences() {
    let mut rng = Rng::new(12);
    for idx in 0..300 {
        let sent = StaticVoyageA {
            mmsi: 200_000_000 + rng.below(500_000_000) as u32,
            ais_version: rng.below(4) as u8,
            imo: rng.below(1 << 30) as u32,
            callsign: text(&mut rng, 7),
            shipname: text(&mut rng, 20),
            shiptype: rng.below(100) as u8,
            dims: dims(&mut rng),
            epfd: rng.below(9) as u8,
            eta: (
                rng.below(13) as u8,
                rng.below(32) as u8,
                rng.below(25) as u8,
                rng.below(61) as u8,
            ),
            draught: rng.range(0.0, 25.5),
            destination: text(&mut rng, 20),
            dte: rng.chance(0.5),
        };
        let outgoing = Outgoing::StaticVoyageA(sent.clone());
        let mut nmea = String::new();
        write_sentences(
            &mut nmea,
            &outgoing,
            Reception { station: "S", epoch_s: 1, channel: 'A' },
            (idx % 10) as u8,
            7,
        );
        assert_eq!(nmea.lines().count(), 2, "{nmea}");
        assert!(nmea.contains(&format!(",2,1,{},A,", idx % 10)), "{nmea}");
        assert!(nmea.lines().next().unwrap().starts_with("\\g:1-2-7,"), "{nmea}");
        let message = one_message(&outgoing, (idx % 10) as u8);
        let Body::StaticVoyage(got) = message.body else { panic!("not type 5: {message:?}") };
        assert_eq!(got.ais_version, sent.ais_version);
        assert_eq!(got.imo, sent.imo);
        assert_eq!(got.callsign.as_str(), sent.callsign);
        assert_eq!(got.shipname.as_str(), sent.shipname);
        assert_eq!(got.shiptype, sent.shiptype);
        let d = got.dims;
        assert_eq!(
            (d.to_bow, d.to_stern, d.to_port, d.to_starboard),
            (sent.dims.to_bow, sent.dims.to_stern, sent.dims.to_port, sent.dims.to_starboard)
        );
        assert_eq!(got.epfd, sent.epfd);
        assert_eq!((got.eta.month, got.eta.day, got.eta.hour, got.eta.minute), sent.eta);
        assert_eq!(got.draught, tenth(sent.draught));
        assert_eq!(got.destination.as_str(), sent.destination);
        assert_eq!(got.dte, sent.dte);
    }
}

#[test]
fn class_b_reports_round_trip() {
    let mut rng = Rng::new(13);
    for idx in 0..300 {
        let sent = PositionB {
            mmsi: 300_000_000 + rng.below(400_000_000) as u32,
            speed: (idx % 6 != 0).then(|| rng.range(0.0, 60.0)),
            accuracy: rng.chance(0.5),
            lat: rng.range(-90.0, 90.0),
            lon: rng.range(-180.0, 180.0),
            course: Some(rng.range(0.0, 359.9)),
            heading: (idx % 2 == 0).then(|| rng.below(360) as u16),
            second: rng.below(60) as u8,
            cs: rng.chance(0.5),
            display: rng.chance(0.5),
            dsc: rng.chance(0.5),
            band: rng.chance(0.5),
            msg22: rng.chance(0.5),
            assigned: rng.chance(0.5),
            raim: rng.chance(0.5),
            radio: rng.below(1 << 20) as u32,
        };
        let message = one_message(&Outgoing::PositionB(sent.clone()), 0);
        let Body::ClassB(got) = message.body else { panic!("not type 18: {message:?}") };
        assert_eq!(got.speed, sent.speed.map(tenth));
        assert_eq!(got.accuracy, sent.accuracy);
        assert!(close(got.lat, sent.lat) && close(got.lon, sent.lon));
        assert_eq!(
            got.course,
            sent.course.map(|c| ((c * 10.0).round() as u32 % 3600) as f32 / 10.0)
        );
        assert_eq!(got.heading, sent.heading);
        assert_eq!(got.second, sent.second);
        assert_eq!(
            (got.cs, got.display, got.dsc, got.band, got.msg22, got.assigned, got.raim, got.radio),
            (
                sent.cs,
                sent.display,
                sent.dsc,
                sent.band,
                sent.msg22,
                sent.assigned,
                sent.raim,
                sent.radio
            )
        );

        let name = StaticB24A { mmsi: sent.mmsi, shipname: text(&mut rng, 20) };
        let message = one_message(&Outgoing::StaticB24A(name.clone()), 0);
        let Body::StaticDataA(got) = message.body else { panic!("not type 24 A: {message:?}") };
        assert_eq!(got.shipname.as_str(), name.shipname);

        let part_b = StaticB24B {
            mmsi: sent.mmsi,
            shiptype: rng.below(100) as u8,
            vendorid: text(&mut rng, 3),
            model: rng.below(16) as u8,
            serial: rng.below(1 << 20) as u32,
            callsign: text(&mut rng, 7),
            dims: dims(&mut rng),
        };
        let message = one_message(&Outgoing::StaticB24B(part_b.clone()), 0);
        let Body::StaticDataB(got) = message.body else { panic!("not type 24 B: {message:?}") };
        assert_eq!(got.shiptype, part_b.shiptype);
        assert_eq!(got.vendorid.as_str(), part_b.vendorid);
        assert_eq!((got.model, got.serial), (part_b.model, part_b.serial));
        assert_eq!(got.callsign.as_str(), part_b.callsign);
        let d = got.dims;
        assert_eq!(
            (d.to_bow, d.to_stern, d.to_port, d.to_starboard),
            (
                part_b.dims.to_bow,
                part_b.dims.to_stern,
                part_b.dims.to_port,
                part_b.dims.to_starboard
            )
        );
        assert_eq!(got.mothership_mmsi, None);
    }
}
