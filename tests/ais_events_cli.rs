//! End-to-end tests of `vigil ais events` through the real binary: the DMA
//! AisAbnormal labelled cases (FRIO drifts, STOC MARCIA does not, LOTUS stops
//! suddenly), skipped when the shared data is absent, and a self-written
//! MarineCadastre-style CSV (`tests/fixtures/ais/events_dprk.csv`, synthetic):
//! CHON MA SAN (MMSI 445123000, IMO 8660313) sails from the Yellow Sea into
//! the DPRK zone, stops six hours 1 km off Nampo and sails out; a day later a
//! Panamanian MMSI (351000001) reports the same IMO; PACIFIC DAWN
//! (371798000) reports IMO 9999999, which fails its check digit.

mod common;

use common::{json_lines, vigil_without_land};
use serde_json::Value;

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/ais/events_dprk.csv");
const DEMO_LIST: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/demo/sample_list.ftm.json");

fn of_kind<'a>(events: &'a [Value], kind: &str) -> Vec<&'a Value> {
    events.iter().filter(|e| e["kind"] == kind).collect()
}

fn dma(name: &str) -> Option<String> {
    let path = vigil_testdata::shared_file(&format!("ais/nmea/dma_aisabnormal/{name}"))?;
    Some(path.display().to_string())
}

/// AisAbnormal's `detectsFriosDriftOnSep28_2014`: FRIO drifts. Its test
/// reads the last event its (mock) store saved, one per sustained-drift
/// observation, and expects 16:50:04.556Z: the last observation of the
/// episode, our `end` and `details.last_sustained`. The episode starts at the
/// first sustained observation, 16:47:44.499Z (ten minutes after the last
/// report whose heading was exactly 45° off its course, 16:37:35Z).
#[test]
fn frio_drifts_until_16_50_04() {
    let Some(file) = dma("538004030_drift_1.ais") else { return };
    let output = vigil_without_land(&["ais", "events", &file]);
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let all = json_lines(&output.stdout);
    let drifts = of_kind(&all, "drift");
    assert_eq!(drifts.len(), 1, "{drifts:?}");
    let drift = drifts[0];
    assert_eq!(drift["mmsi"], serde_json::json!([538004030]));
    assert_eq!(drift["start"], "2014-09-28T16:47:44.499Z");
    assert_eq!(drift["end"], "2014-09-28T16:50:04.556Z");
    assert_eq!(drift["details"]["last_sustained"], "2014-09-28T16:50:04.556Z");
    assert_eq!(drift["details"]["length_m"], 274);
    assert_eq!(drift["details"]["ended_by"], "not_drifting");
    // The evidence is lines of the file, with their text.
    let evidence = drift["evidence"].as_array().unwrap();
    assert!(evidence.iter().all(|e| e.as_str().unwrap().starts_with(&format!("{file}:"))));
    let texts = drift["evidence_lines"].as_array().unwrap();
    assert_eq!(texts.len(), evidence.len());
    assert!(texts.iter().all(|t| t.as_str().unwrap().starts_with('!')), "{texts:?}");
}

/// AisAbnormal's `doesNotDetectStocMarciasDriftOnOct02_2014`.
#[test]
fn stoc_marcia_does_not_drift() {
    let Some(file) = dma("212123000_drift_1.ais") else { return };
    let output = vigil_without_land(&["ais", "events", &file]);
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let all = json_lines(&output.stdout);
    assert!(of_kind(&all, "drift").is_empty(), "{all:?}");
}

/// AisAbnormal's `canDetectLotusSuddenSpeedChangeOnOct05_2014`: the event
/// starts at the last report at 7 kn or more, 16:10:11.424Z.
#[test]
fn lotus_stops_suddenly_at_16_10_11() {
    let Some(file) = dma("219165000_ssc_1.ais") else { return };
    let output = vigil_without_land(&["ais", "events", &file]);
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let all = json_lines(&output.stdout);
    let changes = of_kind(&all, "speed_change");
    assert_eq!(changes.len(), 1, "{all:?}");
    let change = changes[0];
    assert_eq!(change["start"], "2014-10-05T16:10:11.424Z");
    assert!(change["details"]["from_kn"].as_f64().unwrap() >= 7.0);
    assert!(change["details"]["to_kn"].as_f64().unwrap() <= 1.0);
    assert!(change["details"]["seconds"].as_f64().unwrap() <= 30.0);
}

#[test]
fn the_dprk_fixture_gives_its_events_with_list_entries() {
    let output = vigil_without_land(&["ais", "events", "--list", DEMO_LIST, FIXTURE]);
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let all = json_lines(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("port_call 1"), "{stderr}");

    let calls = of_kind(&all, "port_call");
    assert_eq!(calls.len(), 1, "{all:?}");
    let call = calls[0];
    assert_eq!(call["mmsi"], serde_json::json!([445123000]));
    assert_eq!(call["details"]["port"], "Nampo");
    assert_eq!(call["details"]["confidence"], 4);
    assert!(call["details"]["stopped_h"].as_f64().unwrap() >= 5.9, "{call}");
    assert_eq!(call["listed"][0]["entity_id"], "vigil-demo-ofac-23729");
    assert_eq!(call["listed"][0]["method"], "imo");
    assert!(call["evidence"][0].as_str().unwrap().starts_with(&format!("{FIXTURE}:")));
    assert!(call["evidence_lines"][0].as_str().unwrap().starts_with("445123000,"));

    let entries = of_kind(&all, "zone_entry");
    assert_eq!(entries.len(), 1, "{all:?}");
    assert!(entries[0]["details"]["zone"].as_str().unwrap().contains("DPRK"));
    assert_eq!(entries[0]["details"]["exited"], true);
    assert!(entries[0]["start"].as_str().unwrap() < call["start"].as_str().unwrap());

    let identity: Vec<(&str, &str)> = of_kind(&all, "identity")
        .iter()
        .map(|e| {
            (
                e["details"]["anomaly"].as_str().unwrap(),
                e["details"]["field"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert!(identity.contains(&("imo_invalid", "")), "{identity:?}");
    assert!(identity.contains(&("identity_change", "flag")), "{identity:?}");
    // The list entry linked by IMO says "kp"; the MMSI's MID says Panama.
    assert!(identity.contains(&("flag_mismatch", "")), "{identity:?}");
    // Identity events are placed where the vessel was.
    assert!(of_kind(&all, "identity").iter().all(|e| e["lat"].is_f64()), "{all:?}");
    let change = of_kind(&all, "identity")
        .into_iter()
        .find(|e| e["details"]["field"] == "flag")
        .unwrap()
        .clone();
    assert_eq!(change["mmsi"], serde_json::json!([351000001, 445123000]));
    assert_eq!(change["details"]["from_flag"], "kp");
    assert_eq!(change["details"]["to_flag"], "pa");
    // Both MMSIs report the listed IMO: the entries of both are attached.
    let listed: Vec<u64> =
        change["listed"].as_array().unwrap().iter().map(|l| l["mmsi"].as_u64().unwrap()).collect();
    assert!(listed.contains(&445123000) && listed.contains(&351000001), "{change}");
    // Sorted by start.
    let starts: Vec<&str> = all.iter().map(|e| e["start"].as_str().unwrap()).collect();
    assert!(starts.windows(2).all(|w| w[0] <= w[1]));
}

#[test]
fn output_is_the_same_bytes_every_run_and_config_is_honoured() {
    let first = vigil_without_land(&["ais", "events", FIXTURE]);
    let second = vigil_without_land(&["ais", "events", FIXTURE]);
    assert_eq!(first.stdout, second.stdout);
    assert!(!first.stdout.is_empty());
    assert!(String::from_utf8_lossy(&first.stderr).contains("without list entries"));
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("detect.toml");
    std::fs::write(
        &config,
        "disable = [\"identity\", \"zone_entry\"]\n[port_call]\nentry_km = 0.5\nexit_km = 1.0\n",
    )
    .unwrap();
    let output =
        vigil_without_land(&["ais", "events", "--config", config.to_str().unwrap(), FIXTURE]);
    let all = json_lines(&output.stdout);
    assert!(of_kind(&all, "identity").is_empty() && of_kind(&all, "zone_entry").is_empty());
    // The ship stops 1 km from Nampo: outside a 0.5 km port.
    assert!(of_kind(&all, "port_call").is_empty(), "{all:?}");
}

#[test]
fn bad_configs_and_files_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("bad.toml");
    std::fs::write(&config, "[encounter]\nmax_distance = 500\n").unwrap();
    let output =
        vigil_without_land(&["ais", "events", "--config", config.to_str().unwrap(), FIXTURE]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("bad.toml") && stderr.contains("max_distance"), "{stderr}");
    std::fs::write(&config, "[port_call]\nentry_km = 5.0\n").unwrap();
    let output =
        vigil_without_land(&["ais", "events", "--config", config.to_str().unwrap(), FIXTURE]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("port_call.entry_km"));
    let output = vigil_without_land(&["ais", "events", "/nonexistent/log.nmea"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn no_events_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("empty.nmea");
    std::fs::write(&log, "$PSHI,001,47,,,,,,*3D\n").unwrap();
    let output = vigil_without_land(&["ais", "events", log.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(output.stdout.is_empty());
    assert!(String::from_utf8_lossy(&output.stderr).contains("0 events"));
}
