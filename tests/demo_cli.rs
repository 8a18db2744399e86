//! End-to-end test of `vigil demo`: the real binary, offline, with an empty
//! `$VIGIL_SHARED`, on a shorter scenario than the default week (a hidden
//! flag) so that it stays quick in a debug build.
//!
//! One run serves every assertion: the summary it prints, the alerts in its
//! store (each planted event raised one, no decoy did), the report files, and
//! the UI/API it serves with `--serve`.

mod common;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use common::{command, http_get};
use vigil_store::{AlertDetail, AlertFilter, Store};

/// Hours and vessels of the test scenario: long enough for every story.
const TEST_HOURS: &str = "40";
const TEST_VESSELS: &str = "16";

/// The demo's listed tanker that meets a foreign tanker (first listed vessel).
const LISTED_TANKER: &str = "vigil-demo-ofac-23729";

/// Kills the demo's server however the test ends.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Runs `vigil demo --serve` and returns its summary (standard output up to
/// the UI line), the address it serves on, and the running process.
fn run_demo(out: &Path, shared: &Path) -> (String, String, Running) {
    let mut child = command(&["demo", "--out"])
        .arg(out)
        .args(["--serve", "--addr", "127.0.0.1:0", "--hours", TEST_HOURS])
        .args(["--vessels", TEST_VESSELS])
        .env("VIGIL_SHARED", shared)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the vigil binary runs");
    let (stdout, stderr) = (child.stdout.take().unwrap(), child.stderr.take().unwrap());
    let running = Running(child);
    let (tx, rx) = mpsc::channel::<(bool, String)>();
    let tx_err = tx.clone();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send((true, line));
        }
    });
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx_err.send((false, line));
        }
    });
    let (mut summary, mut log, mut addr) = (String::new(), String::new(), None);
    let mut summary_done = false;
    while !(summary_done && addr.is_some()) {
        let Ok((is_stdout, line)) = rx.recv_timeout(Duration::from_secs(600)) else {
            panic!("the demo stopped or hung; stdout:\n{summary}\nstderr:\n{log}");
        };
        if is_stdout {
            summary_done |= line.starts_with("UI:");
            summary.push_str(&line);
            summary.push('\n');
        } else {
            if let Some(rest) = line.split("listening on http://").nth(1) {
                addr = rest.split_whitespace().next().map(str::to_string);
            }
            log.push_str(&line);
            log.push('\n');
        }
    }
    (summary, addr.unwrap(), running)
}

fn alerts(db: &Path) -> Vec<AlertDetail> {
    let store = Store::open_read_only(db).expect("the demo store opens");
    let page = store.alerts(&AlertFilter { limit: 10_000, ..AlertFilter::default() }).unwrap();
    page.results.iter().map(|alert| store.alert(alert.id).unwrap().unwrap()).collect()
}

#[test]
fn demo_runs_every_stream_offline_and_alerts_on_each_planted_event() {
    let tmp = tempfile::tempdir().unwrap();
    let shared = tmp.path().join("empty-shared");
    std::fs::create_dir(&shared).unwrap();
    let out = tmp.path().join("demo");
    let (summary, addr, _server) = run_demo(&out, &shared);

    // The summary names each planted event, with its alert and list entry.
    for kind in ["encounter", "port_call", "gap", "identity", "loitering", "zone_entry"] {
        assert!(
            summary.lines().any(|l| l.trim_start().starts_with(kind) && l.contains("alert #")),
            "no alerted {kind} in the summary:\n{summary}"
        );
    }
    assert!(!summary.contains("MISSED"), "{summary}");
    assert!(summary.contains("none raised an alert"), "{summary}");
    assert!(summary.contains("CHON MA SAN (IMO 8660313"), "{summary}");
    assert!(summary.contains("OFAC SDN ent_num 23729"), "{summary}");
    assert!(summary.contains("lies at the berth of Nampo"), "{summary}");
    assert!(summary.contains("Nampo approaches"), "{summary}");
    assert!(summary.contains("UI:"), "{summary}");

    // The store: alerts of every stream, each planted event's in particular.
    let alerts = alerts(&out.join("vigil.db"));
    let maritime = |kind: &str| -> Vec<&AlertDetail> {
        alerts.iter().filter(|a| a.alert.stream == "maritime" && a.alert.kind == kind).collect()
    };
    let encounters = maritime("encounter");
    assert!(
        encounters.iter().any(|a| a.entities.iter().any(|e| e == LISTED_TANKER)
            && a.vessels.len() == 2
            && a.alert.severity == "critical"),
        "no critical encounter alert of the listed tanker: {encounters:#?}"
    );
    let port_calls = maritime("port_call");
    assert!(port_calls.iter().any(|a| a.alert.title.contains("DPRK")), "{port_calls:#?}");
    for kind in ["gap", "identity", "loitering"] {
        let found = maritime(kind);
        assert!(
            found.iter().any(|a| !a.entities.is_empty()),
            "no {kind} alert linked to a listed vessel: {found:#?}"
        );
    }
    assert!(alerts.iter().any(|a| a.alert.stream == "screening"), "no screening alert");
    assert!(alerts.iter().any(|a| a.alert.stream == "media"), "no media alert");

    // No decoy raised an alert: no maritime alert involves a decoy's vessels.
    let truth: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("ais/truth.json")).unwrap())
            .unwrap();
    let decoys = truth["decoys"].as_array().unwrap();
    assert!(decoys.len() >= 3, "{decoys:?}");
    for decoy in decoys {
        let mmsi: Vec<u64> =
            decoy["mmsi"].as_array().unwrap().iter().map(|m| m.as_u64().unwrap()).collect();
        let raised: Vec<&AlertDetail> = alerts
            .iter()
            .filter(|a| a.alert.stream == "maritime")
            .filter(|a| a.vessels.iter().any(|v| mmsi.contains(&u64::from(*v))))
            .collect();
        assert!(raised.is_empty(), "decoy {decoy} raised {raised:#?}");
    }

    // The report, when this build has `vigil report`.
    let report_log = std::fs::read_to_string(out.join("logs/report.log")).unwrap_or_default();
    if report_log.contains("unrecognized subcommand") {
        eprintln!("note: this build has no `vigil report`; report files not checked");
        assert!(summary.contains("Report: none"), "{summary}");
    } else {
        let html = std::fs::read_to_string(out.join("report.html")).expect("report.html");
        let json = std::fs::read_to_string(out.join("report.json")).expect("report.json");
        for text in [&html, &json] {
            assert!(text.contains("CHON MA SAN") || text.contains(LISTED_TANKER));
            assert!(text.contains("encounter"));
            assert!(text.contains("Nampo"));
        }
        assert!(summary.contains("Report: "), "{summary}");
    }

    // The UI and API serve the demo store.
    let response = http_get(&addr, "/alerts?limit=200");
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.contains("encounter"), "{response}");
}
