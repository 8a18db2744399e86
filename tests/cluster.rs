//! The AIS detectors on DataFusion and on a Ballista cluster on loopback
//! find the same events as the single-machine `vigil ais events`
//! (`--features cluster` only).
#![cfg(feature = "cluster")]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use vigil_ais::detect::Event;
use vigil_cluster::plan::RunSpec;

/// Thresholds of every run here: anchorage learning needs every position
/// at once, which the cluster plan does not do yet, so it is off on both
/// sides of the comparison.
const CONFIG: &str = "[encounter]\nlearn_anchorages = false\n";

/// An event as compared: kind, vessels, start and end (ISO 8601).
type Key = (String, Vec<u32>, String, String);

fn vigil(args: &[&str]) -> std::process::Output {
    let out = Command::new(env!("CARGO_BIN_EXE_vigil")).args(args).output().expect("run vigil");
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "vigil {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn keys_of_json(stdout: &[u8]) -> BTreeSet<Key> {
    String::from_utf8_lossy(stdout)
        .lines()
        .map(|line| {
            let v: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
            let mmsi = v["mmsi"].as_array().unwrap().iter().map(|m| m.as_u64().unwrap() as u32);
            (
                v["kind"].as_str().unwrap().to_owned(),
                mmsi.collect(),
                v["start"].as_str().unwrap().to_owned(),
                v["end"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// The encounters of a run, whole: every field but `evidence_lines` (the
/// Parquet tables do not keep the NMEA text), as sorted JSON texts. The
/// cluster runs each pair over the positions in its time windows only, so
/// anything those windows missed would show here (details, evidence).
fn encounters_whole(stdout: &[u8]) -> Vec<String> {
    let mut out: Vec<String> = String::from_utf8_lossy(stdout)
        .lines()
        .map(|line| serde_json::from_str::<serde_json::Value>(line).expect("a JSON line"))
        .filter(|v| v["kind"] == "encounter")
        .map(|mut v| {
            v.as_object_mut().expect("an object").remove("evidence_lines");
            v.to_string()
        })
        .collect();
    out.sort();
    out
}

fn keys_of(events: &[Event]) -> BTreeSet<Key> {
    events
        .iter()
        .map(|e| {
            (e.kind.as_str().to_owned(), e.mmsi.clone(), e.start.to_string(), e.end.to_string())
        })
        .collect()
}

fn diff(what: &str, expected: &BTreeSet<Key>, got: &BTreeSet<Key>) -> String {
    let missing: Vec<&Key> = expected.difference(got).collect();
    let extra: Vec<&Key> = got.difference(expected).collect();
    format!("{what}: {} missing {missing:#?}\n{} extra {extra:#?}", missing.len(), extra.len())
}

/// Single machine, converted Parquet, and the config file, for `inputs`.
struct Prepared {
    _dir: tempfile::TempDir,
    parquet: PathBuf,
    config: PathBuf,
    single: BTreeSet<Key>,
    single_encounters: Vec<String>,
}

fn prepare(inputs: &[&Path]) -> Prepared {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("detect.toml");
    std::fs::write(&config, CONFIG).unwrap();
    let parquet = dir.path().join("pq");
    let mut args: Vec<String> = vec!["ais".into(), "events".into(), "--config".into()];
    args.push(config.display().to_string());
    args.extend(inputs.iter().map(|p| p.display().to_string()));
    let argv: Vec<&str> = args.iter().map(String::as_str).collect();
    let stdout = vigil(&argv).stdout;
    let (single, single_encounters) = (keys_of_json(&stdout), encounters_whole(&stdout));
    let mut args: Vec<String> = vec!["ais".into(), "convert".into()];
    args.extend(inputs.iter().map(|p| p.display().to_string()));
    args.extend(["--parquet".into(), parquet.display().to_string()]);
    let argv: Vec<&str> = args.iter().map(String::as_str).collect();
    vigil(&argv);
    Prepared { _dir: dir, parquet, config, single, single_encounters }
}

fn spec() -> RunSpec {
    RunSpec { config_toml: CONFIG.into(), ..RunSpec::default() }
}

fn day(iso: &str) -> &str {
    &iso[..10]
}

#[test]
fn three_simulated_days_give_the_same_events_locally_on_datafusion_and_on_ballista() {
    let sim = tempfile::tempdir().unwrap();
    let out = sim.path().to_str().unwrap();
    vigil(&["ais", "simulate", "--seed", "7", "--hours", "72", "--vessels", "40", "--out", out]);
    let nmea = sim.path().join("ais.nmea");
    let prepared = prepare(&[&nmea]);
    let single = &prepared.single;
    assert!(single.len() >= 10, "a rich scenario: {single:?}");
    let kinds: BTreeSet<&str> = single.iter().map(|k| k.0.as_str()).collect();
    assert!(kinds.contains("encounter"), "{kinds:?}");
    let days: BTreeSet<&str> = single.iter().map(|k| day(&k.2)).collect();
    assert!(days.len() >= 3, "events on three days: {days:?}");
    let across_midnight: Vec<&Key> = single.iter().filter(|k| day(&k.2) != day(&k.3)).collect();
    assert!(!across_midnight.is_empty(), "some event crosses midnight");
    let days_on_disk = std::fs::read_dir(prepared.parquet.join("positions")).unwrap().count();
    assert!(days_on_disk >= 3, "one folder per UTC day: {days_on_disk}");

    // DataFusion on this machine, through the command.
    let config = prepared.config.display().to_string();
    let parquet = prepared.parquet.display().to_string();
    let stdout = vigil(&["ais", "events", "--parquet", &parquet, "--config", &config]).stdout;
    let local = keys_of_json(&stdout);
    assert!(local == *single, "{}", diff("DataFusion", single, &local));
    assert!(!prepared.single_encounters.is_empty());
    assert_eq!(encounters_whole(&stdout), prepared.single_encounters, "encounters, every field");

    // Ballista: one scheduler and two executors in this process, on loopback.
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let url = runtime.block_on(vigil_cluster::run::start_loopback_cluster(2, 2)).unwrap();
    let events = runtime
        .block_on(vigil_cluster::run::run_cluster(&url, &prepared.parquet, &spec(), 4))
        .unwrap();
    let ballista = keys_of(&events);
    assert!(ballista == *single, "{}", diff("Ballista", single, &ballista));
    // And through the command, against the same cluster.
    let remote = keys_of_json(
        &vigil(&["ais", "events", "--parquet", &parquet, "--config", &config, "--cluster", &url])
            .stdout,
    );
    assert!(remote == *single, "{}", diff("vigil ais events --cluster", single, &remote));
    eprintln!(
        "{} events equal on all three engines, {} across midnight",
        single.len(),
        across_midnight.len()
    );
}

#[test]
fn real_recordings_give_the_same_events_on_datafusion() {
    let shared = std::env::var_os("VIGIL_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"));
    let dir = shared.join("data/ais/nmea/dma_aisabnormal");
    let inputs: Vec<PathBuf> =
        ["ais-sample.txt.gz", "212123000_drift_1.ais", "219165000_ssc_1.ais"]
            .iter()
            .map(|f| dir.join(f))
            .collect();
    if !inputs.iter().all(|p| p.is_file()) {
        eprintln!("note: {} is absent; skipping the real-data comparison", dir.display());
        return;
    }
    let refs: Vec<&Path> = inputs.iter().map(PathBuf::as_path).collect();
    let prepared = prepare(&refs);
    assert!(!prepared.single.is_empty(), "the DMA samples hold drift and speed-change events");
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let events =
        runtime.block_on(vigil_cluster::run::run_local(&prepared.parquet, &spec(), 3)).unwrap();
    let local = keys_of(&events);
    assert!(local == prepared.single, "{}", diff("DataFusion", &prepared.single, &local));
}

#[test]
fn parquet_with_a_wrong_column_type_is_rejected_naming_the_column() {
    use std::sync::Arc;
    use vigil_cluster::datafusion::arrow::array::{RecordBatch, StringArray};
    use vigil_cluster::datafusion::arrow::datatypes::{DataType, Field, Schema};
    let dir = tempfile::tempdir().unwrap();
    // A good table, then the same with `lat` as text.
    let good = vigil_cluster::rows::positions_batch(&[]).unwrap();
    let mut fields: Vec<Field> =
        good.schema().fields().iter().map(|f| f.as_ref().clone()).collect();
    let mut columns = good.columns().to_vec();
    fields[2] = Field::new("lat", DataType::Utf8, false);
    columns[2] = Arc::new(StringArray::from(Vec::<&str>::new()));
    let bad = RecordBatch::try_new(Arc::new(Schema::new(fields)), columns).unwrap();
    let statics = vigil_cluster::rows::statics_batch(&[]).unwrap();
    for (table, batch) in [("positions", &bad), ("statics", &statics)] {
        let folder = dir.path().join(table).join("day=2024-01-01");
        std::fs::create_dir_all(&folder).unwrap();
        let file = std::fs::File::create(folder.join("part-0.parquet")).unwrap();
        let mut writer = vigil_cluster::datafusion::parquet::arrow::ArrowWriter::try_new(
            file,
            batch.schema(),
            None,
        )
        .unwrap();
        writer.write(batch).unwrap();
        writer.close().unwrap();
    }
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let err = runtime.block_on(vigil_cluster::run::run_local(dir.path(), &spec(), 1)).unwrap_err();
    let text = err.to_string();
    assert!(text.contains("`lat`") && text.contains("Utf8"), "{text}");
    // A directory that was never converted is named too.
    let err = runtime
        .block_on(vigil_cluster::run::run_local(&dir.path().join("nowhere"), &spec(), 1))
        .unwrap_err();
    assert!(err.to_string().contains("nowhere"), "{err}");
}
