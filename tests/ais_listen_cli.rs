//! End-to-end tests of `vigil ais listen` through the real binary: a TCP
//! server on loopback, started by the test, replays a real NMEA log, drops the
//! connection half-way and accepts the reconnection; a UDP sender does the
//! same over datagrams. What `listen` writes must be what `vigil ais decode`
//! decodes from the same log.
//!
//! The log is `../shared/data/ais/nmea/amsa_risky/nmea-timestamped.txt` (100
//! tagged sentences) when the shared data is present, else the self-written
//! `crates/ais/tests/fixtures/sample.nmea`. Every run is bounded by
//! `--max-messages` and, as a safety net only, `--duration`.
//!
//! Events: the same replay, with a dropped connection, of a simulated log
//! with planted events (`vigil ais simulate`) and of the DMA LOTUS case must
//! give the events `vigil ais events` finds in the same log (kinds, MMSIs,
//! starts), with live evidence names.

mod common;

use std::io::{Read, Write};
use std::net::{TcpListener, UdpSocket};
use std::process::{Output, Stdio};
use std::thread;
use std::time::Duration;

use common::{command, json_lines, sigterm, vigil, vigil_without_land, NO_LAND};
use serde_json::Value;

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/crates/ais/tests/fixtures/sample.nmea");

fn replay_log() -> Vec<u8> {
    let path = vigil_testdata::shared_file("ais/nmea/amsa_risky/nmea-timestamped.txt")
        .unwrap_or_else(|| FIXTURE.into());
    let mut log = std::fs::read(path).expect("the log is readable");
    // A line is complete at its newline; a feed sends every one.
    if !log.ends_with(b"\n") {
        log.push(b'\n');
    }
    log
}

/// What `vigil ais decode` makes of the log.
fn decoded(log: &[u8]) -> Vec<Value> {
    let mut child = command(&["ais", "decode", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("vigil runs");
    // Written from another thread: the decoder writes as it reads, so
    // writing the whole log before reading would fill both pipes and hang.
    let mut stdin = child.stdin.take().expect("stdin");
    let log = log.to_vec();
    let writer = thread::spawn(move || stdin.write_all(&log).expect("stdin written"));
    let output = child.wait_with_output().expect("vigil finishes");
    writer.join().expect("the writer ends");
    json_lines(&output.stdout)
}

/// The fields that must agree between `decode` and `listen` (not `src`, and
/// `ts` only where the log has one: `listen` stamps the others on arrival).
fn essence(message: &Value) -> (Value, Value, Value, Value) {
    (
        message["type"].clone(),
        message["mmsi"].clone(),
        message["lat"].clone(),
        message["lon"].clone(),
    )
}

fn listen(args: &[&str]) -> std::process::Child {
    command(&["ais", "listen", "--decode-only", "--duration", "60"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("vigil runs")
}

/// Serves `log` on a loopback port: `prefix` and half of the log, a hang-up,
/// then the rest on the next connection, which stays open until the client
/// leaves. Returns the address and the server thread, which returns how many
/// connections it served.
fn replay_with_a_drop(log: &[u8], prefix: Vec<u8>) -> (String, thread::JoinHandle<u32>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
    let addr = listener.local_addr().unwrap().to_string();
    let lines: Vec<&[u8]> = log.split_inclusive(|&b| b == b'\n').collect();
    let (first, second) = lines.split_at(lines.len() / 2);
    let (first, second): (Vec<u8>, Vec<u8>) = (first.concat(), second.concat());
    let server = thread::spawn(move || {
        let (mut conn, _) = listener.accept().expect("first connection");
        conn.write_all(&prefix).unwrap();
        conn.write_all(&first).unwrap();
        drop(conn);
        let (mut conn, _) = listener.accept().expect("second connection");
        conn.write_all(&second).unwrap();
        let mut sink = Vec::new();
        let _ = conn.read_to_end(&mut sink);
        2
    });
    (addr, server)
}

/// Kind, MMSIs and start of each event, sorted.
fn event_keys(events: &[Value]) -> Vec<(String, String, String)> {
    let mut keys: Vec<_> = events
        .iter()
        .map(|e| (e["kind"].to_string(), e["mmsi"].to_string(), e["start"].to_string()))
        .collect();
    keys.sort();
    keys
}

/// Replays the log at `path` to `vigil ais listen` (events mode) with a drop
/// midway, and checks its events against `vigil ais events` on the file.
/// Returns the live events.
fn live_events_match_the_batch(path: &str) -> Vec<Value> {
    let batch = vigil_without_land(&["ais", "events", path]);
    let expected = json_lines(&batch.stdout);
    assert!(!expected.is_empty(), "{}", String::from_utf8_lossy(&batch.stderr));
    let mut log = std::fs::read(path).expect("the log is readable");
    if !log.ends_with(b"\n") {
        log.push(b'\n');
    }
    let messages = decoded(&log).len().to_string();
    let (addr, server) = replay_with_a_drop(&log, Vec::new());
    let output = vigil_without_land(&[
        "ais",
        "listen",
        "--tcp",
        &addr,
        "--max-messages",
        &messages,
        "--initial-backoff-ms",
        "20",
        "--duration",
        "120",
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert_eq!(server.join().expect("the server ends"), 2);
    assert!(stderr.contains("reconnecting"), "{stderr}");
    let live = json_lines(&output.stdout);
    assert_eq!(event_keys(&live), event_keys(&expected));
    let prefix = format!("tcp:{addr}:");
    for event in &live {
        for evidence in event["evidence"].as_array().expect("evidence") {
            assert!(evidence.as_str().unwrap().starts_with(&prefix), "{evidence}");
        }
    }
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        assert_keys_in_order(line);
    }
    live
}

/// The top-level keys of an event line come in the documented order (each
/// found after the one before it; the first is at the start).
fn assert_keys_in_order(line: &str) {
    let order = [
        "kind",
        "mmsi",
        "start",
        "end",
        "lat",
        "lon",
        "details",
        "listed",
        "evidence",
        "evidence_lines",
    ];
    assert!(line.starts_with("{\"kind\":"), "{line}");
    let mut from = 0;
    for key in order {
        let quoted = format!("\"{key}\":");
        let at = line[from..].find(&quoted).unwrap_or_else(|| panic!("{key} after {from}: {line}"));
        from += at + quoted.len();
    }
}

#[test]
fn live_events_of_a_simulated_log_equal_the_batch_ones() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let out = dir.path().to_str().unwrap();
    let simulate = vigil(&[
        "ais",
        "simulate",
        "--seed",
        "3",
        "--hours",
        "30",
        "--vessels",
        "12",
        "--out",
        out,
    ]);
    assert!(simulate.status.success());
    let live = live_events_match_the_batch(&format!("{out}/ais.nmea"));
    let kinds: std::collections::BTreeSet<&str> =
        live.iter().filter_map(|e| e["kind"].as_str()).collect();
    assert!(kinds.len() >= 2, "several kinds of planted events: {kinds:?}");
}

#[test]
fn live_events_find_the_lotus_speed_change() {
    let Some(path) = vigil_testdata::shared_file("ais/nmea/dma_aisabnormal/219165000_ssc_1.ais")
    else {
        return;
    };
    let live = live_events_match_the_batch(&path.display().to_string());
    let change = live.iter().find(|e| e["kind"] == "speed_change").expect("a speed change");
    assert_eq!(change["start"], "2014-10-05T16:10:11.424Z");
}

fn finish(child: std::process::Child) -> Output {
    child.wait_with_output().expect("vigil finishes")
}

#[test]
fn tcp_feed_survives_a_dropped_connection() {
    let log = replay_log();
    let expected = decoded(&log);
    assert!(!expected.is_empty());
    // Before the first half, a 5,000-byte line (framing must stay bounded).
    let mut junk = vec![b'x'; 5000];
    junk.push(b'\n');
    let (addr, server) = replay_with_a_drop(&log, junk);
    let max = expected.len().to_string();
    let output =
        finish(listen(&["--tcp", &addr, "--max-messages", &max, "--initial-backoff-ms", "20"]));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert_eq!(server.join().expect("the server ends"), 2);
    assert!(stderr.contains("reconnecting"), "{stderr}");
    let received = json_lines(&output.stdout);
    assert_eq!(received.len(), expected.len());
    for (got, want) in received.iter().zip(&expected) {
        assert_eq!(essence(got), essence(want));
        if !want["ts"].is_null() {
            assert_eq!(got["ts"], want["ts"]);
        }
        assert!(got["ts"].is_string(), "every live message has a time");
        let src = got["src"].as_str().unwrap();
        assert!(src.starts_with(&format!("tcp:{addr}:")), "{src}");
    }
}

#[test]
fn udp_datagrams_are_decoded() {
    let log = replay_log();
    let expected = decoded(&log);
    let port = UdpSocket::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let addr = format!("127.0.0.1:{port}");
    let max = expected.len().to_string();
    let mut child = listen(&["--udp", &addr, "--max-messages", &max]);
    // Datagrams sent before vigil has bound its socket are lost, as on any
    // UDP feed: send the log, a few lines per datagram, until vigil has had
    // enough and exits.
    let sender = UdpSocket::bind("127.0.0.1:0").unwrap();
    let lines: Vec<&[u8]> = log.split_inclusive(|&b| b == b'\n').collect();
    while child.try_wait().expect("vigil is alive or done").is_none() {
        for batch in lines.chunks(4) {
            let _ = sender.send_to(&batch.concat(), &addr);
        }
        thread::sleep(Duration::from_millis(50));
    }
    let output = finish(child);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    let received = json_lines(&output.stdout);
    assert_eq!(received.len(), expected.len());
    let known: Vec<_> = expected.iter().map(essence).collect();
    for got in &received {
        assert!(known.contains(&essence(got)), "{got}");
        assert!(got["src"].as_str().unwrap().starts_with(&format!("udp:{addr}:")));
    }
}

#[test]
fn listen_needs_an_address() {
    let output = finish(listen(&[]));
    assert_eq!(output.status.code(), Some(2));
}

/// Serves `log` on one connection held open until the client leaves.
fn serve_and_hold(log: Vec<u8>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
    let addr = listener.local_addr().unwrap().to_string();
    thread::spawn(move || {
        let (mut conn, _) = listener.accept().expect("a connection");
        conn.write_all(&log).unwrap();
        let mut sink = Vec::new();
        let _ = conn.read_to_end(&mut sink);
    });
    addr
}

#[test]
fn sigterm_stops_listen_cleanly_after_the_last_whole_message() {
    let log = replay_log();
    let expected = decoded(&log).len();
    let addr = serve_and_hold(log);
    let mut child = listen(&["--tcp", &addr]);
    // Read messages as they come; once all are in, the feed is idle.
    let stdout = child.stdout.take().expect("stdout");
    let (all_in, wait_all) = std::sync::mpsc::channel();
    let reader = thread::spawn(move || {
        let mut lines = Vec::new();
        for line in std::io::BufRead::lines(std::io::BufReader::new(stdout)) {
            lines.push(line.expect("a line"));
            if lines.len() == expected {
                let _ = all_in.send(());
            }
        }
        lines
    });
    let _ = wait_all.recv_timeout(Duration::from_secs(60));
    sigterm(&child);
    let status = child.wait().expect("listen exits");
    let lines = reader.join().expect("the reader ends");
    let mut stderr = String::new();
    child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    assert_eq!(status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("SIGTERM"), "{stderr}");
    assert_eq!(lines.len(), expected, "every message written, none cut: {stderr}");
    for line in &lines {
        serde_json::from_str::<Value>(line).expect("whole JSON lines");
    }
}

#[test]
fn sigterm_closes_the_open_events_of_listen() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let out = dir.path().to_str().unwrap();
    let simulate =
        vigil(&["ais", "simulate", "--seed", "3", "--hours", "12", "--vessels", "6", "--out", out]);
    assert!(simulate.status.success());
    let log = std::fs::read(dir.path().join("ais.nmea")).expect("the log");
    let addr = serve_and_hold(log);
    let child = command(&["-v", "ais", "listen", "--tcp", &addr, "--duration", "120"])
        .env(NO_LAND.0, NO_LAND.1)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("vigil runs");
    thread::sleep(Duration::from_secs(3));
    sigterm(&child);
    let output = finish(child);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(matches!(output.status.code(), Some(0 | 1)), "{stderr}");
    assert!(stderr.contains("SIGTERM: stopping"), "{stderr}");
    // The summary is written after the detectors closed what was open.
    assert!(stderr.contains("the detectors remember"), "{stderr}");
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        assert_keys_in_order(line);
    }
}
