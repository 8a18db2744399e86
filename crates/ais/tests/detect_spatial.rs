//! The spatial detectors (encounter, loitering, gap, anchorages) on real
//! positions: Global Fishing Watch's segmenter regression set, nine days of
//! 56 vessels worldwide (`../shared/data/ais/decoded/gfw_gpsdio_segment/`).
//!
//! There are no labelled events in it, so the tests check what must hold of
//! any event: every gap is a real silence of at least 6 hours between two
//! rows of the file for that vessel (and every such silence is a gap), and
//! every loitering or encounter event rests on rows of its own vessels
//! within its own time.

use std::collections::HashMap;

use vigil_ais::detect::anchorage::{infer_anchorages, AnchorageConfig};
use vigil_ais::detect::encounter::{EncounterConfig, EncounterDetector};
use vigil_ais::detect::gap::{GapConfig, GapDetector};
use vigil_ais::detect::loitering::{LoiteringConfig, LoiteringDetector};
use vigil_ais::detect::{Context, Event, EventKind, SrcRef, TrackPoint};
use vigil_ais::{segment_all, FixKind, Point, SegmentConfig, Timestamp};
use vigil_geo::{Geography, Port};

const REGRESSION: &str =
    "ais/decoded/gfw_gpsdio_segment/gfw_segmenter_regression_2021-01-01_09.csv";

/// The positions of the file, segmented, in file (time) order, and each
/// row's MMSI and time by line number.
struct Positions {
    points: Vec<TrackPoint>,
    rows: HashMap<u64, (u32, Timestamp)>,
}

fn read_positions() -> Option<Positions> {
    let path = vigil_testdata::shared_file(REGRESSION)?;
    let mut reader = csv::Reader::from_path(path).expect("readable CSV");
    let header = reader.headers().expect("a header").clone();
    let col = |name: &str| header.iter().position(|h| h == name).expect(name);
    let (ts, ssvid, kind, lat, lon, speed, course) = (
        col("timestamp"),
        col("ssvid"),
        col("type"),
        col("lat"),
        col("lon"),
        col("speed"),
        col("course"),
    );
    let mut raw: Vec<(u32, Point, SrcRef)> = Vec::new();
    for (idx, record) in reader.records().enumerate() {
        let record = record.expect("a CSV record");
        let msg_type: u8 = match record[kind].strip_prefix("AIS.").and_then(|t| t.parse().ok()) {
            Some(t @ (1 | 2 | 3 | 18 | 19 | 27)) => t,
            _ => continue,
        };
        let (Ok(lat), Ok(lon)) = (record[lat].parse::<f64>(), record[lon].parse::<f64>()) else {
            continue;
        };
        let time = record[ts].strip_suffix("+00:00").unwrap_or(&record[ts]);
        let point = Point {
            ts: Timestamp::parse(time).expect("a time"),
            lat,
            lon,
            speed: record[speed].parse::<f32>().ok().filter(|v| v.is_finite()),
            course: record[course].parse::<f32>().ok().filter(|v| v.is_finite()),
            kind: FixKind::from_msg_type(msg_type),
        };
        // Line 1 is the header; the file has no multi-line records.
        let src = SrcRef { file: 0, line: idx as u64 + 2 };
        raw.push((record[ssvid].parse().expect("an MMSI"), point, src));
    }
    let positions: Vec<(u32, Point)> = raw.iter().map(|(m, p, _)| (*m, *p)).collect();
    let segments = segment_all(&positions, &SegmentConfig::default());
    let points: Vec<TrackPoint> = raw
        .iter()
        .zip(segments)
        .map(|((mmsi, p, src), seg)| TrackPoint {
            mmsi: *mmsi,
            ts: p.ts,
            lat: p.lat,
            lon: p.lon,
            speed: p.speed,
            course: p.course,
            heading: None,
            segment: seg.map(|s| s.n),
            src: *src,
        })
        .collect();
    let rows = points.iter().map(|p| (p.src.line, (p.mmsi, p.ts))).collect();
    Some(Positions { points, rows })
}

/// Runs every spatial detector over the positions, as a stream.
fn detect(points: &[TrackPoint], geo: &Geography) -> Vec<Event> {
    let ctx = Context { geo };
    let mut encounters = EncounterDetector::new(EncounterConfig::default());
    let mut loitering = LoiteringDetector::new(LoiteringConfig::default());
    let mut gaps = GapDetector::new(GapConfig::default());
    let mut out = Vec::new();
    for point in points {
        encounters.push(point, &ctx, &mut out);
        loitering.push(point, &ctx, &mut out);
        gaps.push(point, &ctx, &mut out);
    }
    encounters.finish(&ctx, &mut out);
    loitering.finish(&ctx, &mut out);
    gaps.finish(&ctx, &mut out);
    out
}

fn count(events: &[Event], kind: EventKind) -> usize {
    events.iter().filter(|e| e.kind == kind).count()
}

#[test]
fn gaps_on_gfw_regression_data_are_real_silences() {
    let Some(data) = read_positions() else { return };
    assert!(data.points.len() > 70_000, "{} positions", data.points.len());
    let geo = Geography::default();
    let events = detect(&data.points, &geo);
    eprintln!(
        "GFW regression: {} positions; {} gaps, {} loitering, {} encounters",
        data.points.len(),
        count(&events, EventKind::Gap),
        count(&events, EventKind::Loitering),
        count(&events, EventKind::Encounter)
    );

    // Every silence of >= 6 h between consecutive usable rows of one MMSI,
    // found independently.
    let mut last: HashMap<u32, i64> = HashMap::new();
    let mut expected: Vec<(u32, i64, i64)> = Vec::new();
    for p in data.points.iter().filter(|p| p.lat.abs() <= 90.0 && p.lon.abs() <= 180.0) {
        if let Some(prev) = last.insert(p.mmsi, p.ts.0) {
            if p.ts.0 - prev >= 6 * 3_600_000 {
                expected.push((p.mmsi, prev, p.ts.0));
            }
        }
    }
    let mut closed: Vec<(u32, i64, i64)> = Vec::new();
    for gap in events.iter().filter(|e| e.kind == EventKind::Gap) {
        let hours = gap.details["gap_h"].as_f64().expect("gap_h");
        assert!(hours >= 6.0, "{gap:?}");
        assert!(((gap.end.0 - gap.start.0) as f64 / 3_600_000.0 - hours).abs() < 0.01);
        assert_eq!(gap.details["likely_intentional"], false, "no land: never shown offshore");
        let off = data.rows[&gap.evidence[0].line];
        assert_eq!(off, (gap.mmsi[0], gap.start), "OFF row of {gap:?}");
        if gap.details["open"] == false {
            let on = data.rows[&gap.evidence[1].line];
            assert_eq!(on, (gap.mmsi[0], gap.end), "ON row of {gap:?}");
            closed.push((gap.mmsi[0], gap.start.0, gap.end.0));
        }
    }
    closed.sort_unstable();
    expected.sort_unstable();
    assert!(!expected.is_empty());
    assert_eq!(closed, expected);
}

#[test]
fn loitering_and_encounters_on_gfw_regression_data_rest_on_their_own_rows() {
    let Some(data) = read_positions() else { return };
    let geo = Geography::default();
    let events = detect(&data.points, &geo);
    for event in events.iter().filter(|e| e.kind != EventKind::Gap) {
        assert!(!event.evidence.is_empty(), "{event:?}");
        let slack = 600_000; // a bin's width: encounter times are bin edges
        for src in &event.evidence {
            let (mmsi, ts) = data.rows[&src.line];
            assert!(event.mmsi.contains(&mmsi), "{event:?}: row {} is {mmsi}", src.line);
            assert!(event.start.0 - slack <= ts.0 && ts.0 <= event.end.0 + slack, "{event:?}");
        }
        match event.kind {
            EventKind::Loitering => {
                assert!(event.details["duration_h"].as_f64().unwrap() >= 4.0);
                assert!(event.details["avg_speed_kn"].as_f64().unwrap() < 2.0);
            }
            EventKind::Encounter => {
                assert_eq!(event.mmsi.len(), 2);
                assert!(event.mmsi[0] < event.mmsi[1]);
                assert!(event.details["close_h"].as_f64().unwrap() >= 2.0);
                assert!(event.details["median_distance_m"].as_f64().unwrap() <= 500.0);
            }
            other => panic!("unexpected {other:?}"),
        }
    }
    assert!(count(&events, EventKind::Loitering) > 0, "moored vessels loiter when land is unknown");
}

/// Runs the encounter detector alone, with given anchorages.
fn encounters(points: &[TrackPoint], geo: &Geography, anchorages: &[Port]) -> Vec<Event> {
    let ctx = Context { geo };
    let config = EncounterConfig { learn_anchorages: false, ..Default::default() };
    let mut detector = EncounterDetector::new(config);
    detector.add_anchorages(anchorages);
    let mut out = Vec::new();
    points.iter().for_each(|p| detector.push(p, &ctx, &mut out));
    detector.finish(&ctx, &mut out);
    out
}

fn port(name: &str, lat: f64, lon: f64) -> Port {
    Port { name: name.into(), country: None, lat, lon, watched: false, source: "test".into() }
}

#[test]
fn encounters_in_gfw_regression_data_are_all_in_harbours_and_ports_drop_them() {
    let Some(data) = read_positions() else { return };
    let found = encounters(&data.points, &Geography::default(), &[]);
    // The vessels that lie alongside each other in this set do so in Suva
    // and Kaohsiung harbours.
    assert!(!found.is_empty());
    let ports = vec![port("Suva", -18.1333, 178.4233), port("Kaohsiung", 22.6100, 120.2800)];
    for event in &found {
        let nearest = ports
            .iter()
            .map(|p| vigil_geo::haversine_m(event.lat, event.lon, p.lat, p.lon))
            .fold(f64::INFINITY, f64::min);
        assert!(nearest < 10_000.0, "{event:?}");
    }
    let geo = Geography { ports, ..Geography::default() };
    assert!(encounters(&data.points, &geo, &[]).is_empty());
}

#[test]
fn anchorages_inferred_from_gfw_regression_data_drop_the_harbour_encounters() {
    let Some(data) = read_positions() else { return };
    // 56 vessels worldwide: GFW's 20 distinct vessels in a 0.5 km cell are
    // never reached; two vessels in a 2 km cell are.
    assert!(infer_anchorages(&data.points, &AnchorageConfig::default()).is_empty());
    let config = AnchorageConfig { min_distinct_vessels: 2, cell_km: 2.0, ..Default::default() };
    let anchorages = infer_anchorages(&data.points, &config);
    assert!(!anchorages.is_empty());
    for anchorage in &anchorages {
        let mut near: Vec<u32> = data
            .points
            .iter()
            .filter(|p| vigil_geo::haversine_m(p.lat, p.lon, anchorage.lat, anchorage.lon) < 2000.0)
            .map(|p| p.mmsi)
            .collect();
        near.sort_unstable();
        near.dedup();
        assert!(near.len() >= 2, "{anchorage:?}: {near:?}");
        assert_eq!(anchorage.source, "inferred");
    }
    // Two passes: the encounters left are exactly those > 10 km from every
    // inferred anchorage.
    let geo = Geography::default();
    let all = encounters(&data.points, &geo, &[]);
    let far = |e: &&Event| {
        anchorages.iter().all(|a| vigil_geo::haversine_m(e.lat, e.lon, a.lat, a.lon) >= 10_000.0)
    };
    let expected: Vec<Event> = all.iter().filter(far).cloned().collect();
    let left = encounters(&data.points, &geo, &anchorages);
    assert!(left.len() < all.len());
    assert_eq!(left, expected);
}
