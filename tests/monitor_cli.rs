//! `vigil monitor` end to end on loopback, with the real binary.
//!
//! A local TCP server replays a simulated NMEA log (`vigil ais simulate`,
//! with two vessels of the UN lists: CHON MA SAN meets a foreign tanker,
//! NAM SAN 8 calls at Nampo), and a local HTTP server serves a small
//! OFAC-style list naming them and an RSS feed whose entries link to
//! article pages. The monitor is run twice over fresh stores: once without
//! interruption, and once stopped twice in the middle (SIGTERM, then
//! SIGKILL) and restarted, with the list URL answering 500 on the second
//! start. Both stores must hold the same positions, identities, events,
//! documents and alerts: nothing lost, nothing twice. Config errors are
//! checked on their own.

mod common;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use common::{command, http_get, sigterm, text, vigil, vigil_expect, NO_LAND};

/// How long any wait may take before the test fails (a debug build on a
/// loaded machine is slow; a healthy run takes a fraction of it).
const TIMEOUT: Duration = Duration::from_secs(240);

/// A self-authored list in OFAC's sdn.csv layout. The two vessels and their
/// IMO numbers are those of the UN Security Council's DPRK designations
/// (as the simulator uses them); the company is invented.
const LIST: &str = r#"91001,"CHON MA SAN","vessel","DPRK3",-0- ,-0- ,"Oil Tanker",-0- ,-0- ,"Korea, North",-0- ,"Vessel Registration Identification IMO 8660313."
91002,"NAM SAN 8","vessel","DPRK3",-0- ,-0- ,"Oil Tanker",-0- ,-0- ,"Korea, North",-0- ,"Vessel Registration Identification IMO 8122347."
91003,"TESTING PROSPEROUS SHIPPING COMPANY",-0- ,"DPRK3",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"Website www.example.invalid."
"#;

const FEED: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Test news</title><link>http://example.invalid/</link>
<item><title>Tanker transfer off Nampo</title><link>{BASE}/articles/1.html</link>
<pubDate>Sat, 01 Mar 2025 12:00:00 GMT</pubDate><description>A transfer at sea.</description></item>
<item><title>Harbour news</title><link>{BASE}/articles/2.html</link>
<pubDate>Sat, 01 Mar 2025 13:00:00 GMT</pubDate><description>Nothing much.</description></item>
</channel></rss>"#;

const ARTICLE_1: &str =
    "<html><head><title>Tanker transfer off Nampo</title></head><body><article>\
<h1>Tanker transfer off Nampo</h1>\
<p>The tanker CHON MA SAN conducted a ship-to-ship transfer of refined petroleum with a foreign \
tanker in Korea Bay on 1 March, according to the report.</p>\
<p>The vessel is operated by Testing Prosperous Shipping Company, which is designated by OFAC.</p>\
</article></body></html>";

const ARTICLE_2: &str = "<html><head><title>Harbour news</title></head><body><article>\
<h1>Harbour news</h1><p>The harbour opened a new quay for ferries this spring.</p>\
</article></body></html>";

/// The local web server: the list (or a 500 while `fail_list` is set), the
/// feed and its articles.
struct Web {
    base: String,
    fail_list: Arc<AtomicBool>,
    list_requests: Arc<AtomicUsize>,
}

fn start_web() -> Web {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
    let base = format!("http://{}", listener.local_addr().unwrap());
    let fail_list = Arc::new(AtomicBool::new(false));
    let list_requests = Arc::new(AtomicUsize::new(0));
    let (fail, count, feed) =
        (Arc::clone(&fail_list), Arc::clone(&list_requests), FEED.replace("{BASE}", &base));
    thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
            let Some(path) = request_path(&mut stream) else { continue };
            let (status, body): (&str, &str) = match path.as_str() {
                "/lists/sdn.csv" => {
                    count.fetch_add(1, Ordering::SeqCst);
                    if fail.load(Ordering::SeqCst) {
                        ("500 Internal Server Error", "down for maintenance")
                    } else {
                        ("200 OK", LIST)
                    }
                }
                "/feed.xml" => ("200 OK", &feed),
                "/articles/1.html" => ("200 OK", ARTICLE_1),
                "/articles/2.html" => ("200 OK", ARTICLE_2),
                _ => ("404 Not Found", "no such page"),
            };
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    Web { base, fail_list, list_requests }
}

/// Reads a request's head and returns its path.
fn request_path(stream: &mut TcpStream) -> Option<String> {
    let mut reader = BufReader::new(stream.try_clone().ok()?);
    let mut first = String::new();
    reader.read_line(&mut first).ok()?;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).ok()? == 0 || header == "\r\n" {
            break;
        }
    }
    first.split_whitespace().nth(1).map(str::to_string)
}

/// The AIS server: each connection gets the next chunk of lines, and is
/// held open until the monitor hangs up (as a live feed would be).
fn start_ais(chunks: Vec<Vec<u8>>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
    let addr = listener.local_addr().unwrap().to_string();
    thread::spawn(move || {
        let mut chunks = chunks.into_iter();
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let chunk = chunks.next().unwrap_or_default();
            thread::spawn(move || {
                let _ = stream.write_all(&chunk);
                // Held open: wait for the client to leave.
                let mut sink = [0u8; 64];
                while matches!(stream.read(&mut sink), Ok(n) if n > 0) {}
            });
        }
    });
    addr
}

/// A running monitor with its stderr collected.
struct Monitor {
    child: Child,
    log: Arc<Mutex<String>>,
    reader: Option<thread::JoinHandle<()>>,
}

fn start_monitor(config: &Path) -> Monitor {
    let mut child = command(&["monitor", "--config", config.to_str().expect("a UTF-8 path")])
        .env("RUST_LOG", "info,vigil::cmd::monitor::ais=debug")
        .env(NO_LAND.0, NO_LAND.1)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("vigil runs");
    let log = Arc::new(Mutex::new(String::new()));
    let stderr = child.stderr.take().expect("stderr");
    let sink = Arc::clone(&log);
    let reader = thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let mut log = sink.lock().unwrap();
            log.push_str(&line);
            log.push('\n');
        }
    });
    Monitor { child, log, reader: Some(reader) }
}

impl Monitor {
    fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    /// Waits until `done` holds for the log, failing after [`TIMEOUT`].
    fn wait_for(&mut self, what: &str, done: impl Fn(&str) -> bool) {
        let start = Instant::now();
        loop {
            if done(&self.log()) {
                return;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("the monitor exited ({status}) while waiting for {what}:\n{}", self.log());
            }
            assert!(start.elapsed() < TIMEOUT, "no {what} within {TIMEOUT:?}:\n{}", self.log());
            thread::sleep(Duration::from_millis(100));
        }
    }

    /// Waits until the feed's lines up to `line` are committed.
    fn wait_committed(&mut self, line: u64) {
        self.wait_for(&format!("line {line} committed"), |log| committed(log) >= line);
    }

    /// Sends SIGTERM and waits for a clean exit; returns the log.
    fn terminate(mut self) -> String {
        sigterm(&self.child);
        let status = self.child.wait().expect("the monitor exits");
        self.reader.take().unwrap().join().unwrap();
        let log = self.log();
        assert_eq!(status.code(), Some(0), "{log}");
        assert!(log.contains("monitor stopped"), "{log}");
        log
    }

    /// Kills the process outright (SIGKILL); returns the log.
    fn kill(mut self) -> String {
        self.child.kill().expect("the monitor is killed");
        self.child.wait().expect("the monitor exits");
        self.reader.take().unwrap().join().unwrap();
        self.log()
    }
}

/// The last line the log says the feed committed.
fn committed(log: &str) -> u64 {
    log.lines()
        .filter_map(|l| l.split("feed:sim: committed through line ").nth(1))
        .filter_map(|n| n.trim().parse().ok())
        .max()
        .unwrap_or(0)
}

/// The address the monitor serves on.
fn served_at(log: &str) -> Option<String> {
    let rest = log.split("vigil: listening on http://").nth(1)?;
    Some(rest.split_whitespace().next()?.to_string())
}

/// A GET on the monitor's API: (status line, body).
fn get(addr: &str, path: &str) -> (String, String) {
    let response = http_get(addr, path);
    let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
    (head.lines().next().unwrap_or("").to_string(), body.to_string())
}

fn write_config(dir: &Path, web: &Web, ais: &str) -> PathBuf {
    let path = dir.join("vigil.toml");
    let text = format!(
        r#"db = "vigil.db"
[http]
addr = "127.0.0.1:0"
[lists]
refresh_secs = 3600
[lists.sources.test_sdn]
urls = ["{base}/lists/sdn.csv"]
[ais]
commit_ms = 200
batch_lines = 2000
initial_backoff_ms = 50
max_backoff_secs = 1
[[ais.feeds]]
name = "sim"
tcp = "{ais}"
[docs]
poll_secs = 1
folder = "incoming-docs"
[[docs.feeds]]
name = "news"
url = "{base}/feed.xml"
"#,
        base = web.base
    );
    std::fs::write(&path, text).unwrap();
    path
}

/// What must be equal between two stores: every table's rows, leaving out
/// row IDs, times of processing and source bookkeeping.
fn digests(db: &Path) -> BTreeMap<String, (u64, String)> {
    let store = vigil_store::Store::open_read_only(db).expect("the store opens");
    let mut digests = store.content_digests().expect("digests");
    // Document polls and list refreshes are keyed by what they fetched,
    // which depends on when the monitor was running; their rows are compared.
    digests.remove("sources");
    digests
}

/// The simulated log, cut into `parts` chunks of whole lines.
fn simulated_log(dir: &Path) -> Vec<u8> {
    let out = dir.join("sim");
    let out_arg = out.to_str().expect("a UTF-8 path");
    vigil_expect(
        &["ais", "simulate", "--seed", "3", "--hours", "30", "--vessels", "12", "--out", out_arg],
        0,
    );
    std::fs::read(out.join("ais.nmea")).expect("the log")
}

fn split_lines(log: &[u8], cuts: &[usize]) -> Vec<Vec<u8>> {
    let lines: Vec<&[u8]> = log.split_inclusive(|&b| b == b'\n').collect();
    let mut chunks = Vec::new();
    let mut from = 0;
    for &cut in cuts.iter().chain([lines.len()].iter()) {
        chunks.push(lines[from..cut].concat());
        from = cut;
    }
    chunks
}

#[test]
fn a_stopped_and_restarted_monitor_stores_what_an_uninterrupted_one_does() {
    let work = tempfile::tempdir().unwrap();
    let log = simulated_log(work.path());
    let total = log.split_inclusive(|&b| b == b'\n').count();
    // The planted encounter runs 06:23-09:31 and the port call 12:33-23:31:
    // the first stop falls inside the encounter, the second inside the call.
    let cuts = [total * 3 / 10, total * 6 / 10];

    // One uninterrupted run.
    let web = start_web();
    let once = work.path().join("once");
    std::fs::create_dir_all(&once).unwrap();
    let config = write_config(&once, &web, &start_ais(vec![log.clone()]));
    let mut monitor = start_monitor(&config);
    monitor.wait_committed(total as u64);
    monitor.wait_for("the documents", |log| log.contains("docs feed news: 2 new documents"));
    let addr = served_at(&monitor.log()).expect("the monitor serves");
    let (status, body) = get(&addr, "/alerts?limit=200");
    assert!(status.contains("200"), "{status} {body}");
    let alerts: serde_json::Value = serde_json::from_str(&body).expect("alerts as JSON");
    let kinds: Vec<String> = alerts["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|a| format!("{} {}", a["stream"], a["title"]))
        .collect();
    let all = kinds.join("\n");
    assert!(all.contains("CHON MA SAN") || all.contains("445565064"), "{all}");
    assert!(all.contains("maritime"), "{all}");
    assert!(all.contains("media"), "{all}");
    monitor.terminate();
    let expected = digests(&once.join("vigil.db"));
    assert!(expected["positions"].0 > 40_000, "{expected:?}");
    assert!(expected["events"].0 >= 5, "{expected:?}");
    assert_eq!(expected["documents"].0, 2, "{expected:?}");

    // The same, stopped twice in the middle (the same web server: its
    // address is part of what is stored).
    let twice = work.path().join("twice");
    std::fs::create_dir_all(&twice).unwrap();
    let chunks = split_lines(&log, &cuts);
    let config = write_config(&twice, &web, &start_ais(chunks));
    let mut monitor = start_monitor(&config);
    monitor.wait_committed(cuts[0] as u64);
    monitor.wait_for("the documents", |log| log.contains("docs feed news: 2 new documents"));
    monitor.terminate();

    // Restarted with the list URL failing: the list in force stays.
    web.fail_list.store(true, Ordering::SeqCst);
    let requests = web.list_requests.load(Ordering::SeqCst);
    let mut monitor = start_monitor(&config);
    monitor.wait_committed(cuts[1] as u64);
    assert!(web.list_requests.load(Ordering::SeqCst) > requests, "the list was asked for");
    let log = monitor.log();
    assert!(log.contains("list test_sdn"), "{log}");
    assert!(log.contains("HTTP 500"), "{log}");
    assert!(log.contains("the previous version stays in force"), "{log}");
    assert!(log.contains("replaying the journal"), "{log}");
    monitor.kill();
    web.fail_list.store(false, Ordering::SeqCst);

    let mut monitor = start_monitor(&config);
    monitor.wait_committed(total as u64);
    let log = monitor.terminate();
    assert!(!log.contains("docs feed news: 2 new documents"), "documents not fetched again: {log}");
    let store = vigil_store::Store::open_read_only(twice.join("vigil.db")).unwrap();
    let versions = store.versions(None).unwrap();
    assert_eq!(versions.len(), 1, "one version of the list: {versions:?}");
    drop(store);

    let got = digests(&twice.join("vigil.db"));
    let differ: Vec<_> =
        expected.iter().filter(|(table, want)| got.get(*table) != Some(want)).collect();
    if !differ.is_empty() {
        if let Ok(keep) = std::env::var("VIGIL_KEEP_MONITOR_TEST") {
            let _ = std::fs::copy(once.join("vigil.db"), format!("{keep}/once.db"));
            let _ = std::fs::copy(twice.join("vigil.db"), format!("{keep}/twice.db"));
        }
        panic!("tables differ: {differ:?}\nuninterrupted: {expected:?}\ninterrupted: {got:?}");
    }
}

fn check(config: &str) -> (Option<i32>, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vigil.toml");
    std::fs::write(&path, config).unwrap();
    let output = vigil(&["monitor", "--check", "--config", path.to_str().expect("a UTF-8 path")]);
    (output.status.code(), text(&output.stderr))
}

#[test]
fn config_errors_are_clear_and_stop_the_start() {
    let cases = [
        ("[ais]\nlag_sec = 5\n", "unknown field `lag_sec`"),
        ("[[ais.feeds]]\nname = \"x\"\n", "ais.feeds[0] (x): give exactly one of tcp or udp"),
        ("[http]\naddr = \"here\"\n", "http.addr"),
        ("[lists.sources.mine]\n", "lists.sources.mine: not a built-in list"),
        ("[[docs.feeds]]\nname = \"n\"\nurl = \"ftp://x\"\n", "docs.feeds[0].url"),
    ];
    for (config, expected) in cases {
        let (code, stderr) = check(config);
        assert_eq!(code, Some(2), "{config:?}: {stderr}");
        assert!(stderr.contains(expected), "{config:?}: {stderr}");
        assert!(stderr.contains("vigil.toml"), "the file is named: {stderr}");
    }
    let example = concat!(env!("CARGO_MANIFEST_DIR"), "/vigil.example.toml");
    let (code, stderr) = check(&std::fs::read_to_string(example).unwrap());
    assert_eq!(code, Some(0), "{stderr}");
}

#[test]
fn files_dropped_into_the_folders_are_ingested_once_and_moved() {
    let work = tempfile::tempdir().unwrap();
    let dir = work.path();
    let ais_dir = dir.join("incoming-ais");
    let docs_dir = dir.join("incoming-docs");
    std::fs::create_dir_all(&ais_dir).unwrap();
    std::fs::create_dir_all(&docs_dir).unwrap();
    let config = dir.join("vigil.toml");
    std::fs::write(
        &config,
        "db = \"vigil.db\"\n[http]\nenabled = false\n[ais]\nfolder = \"incoming-ais\"\nfolder_poll_secs = 1\n[docs]\nfolder = \"incoming-docs\"\nfolder_poll_secs = 1\n",
    )
    .unwrap();
    let nmea = concat!(env!("CARGO_MANIFEST_DIR"), "/crates/ais/tests/fixtures/sample.nmea");
    // Written elsewhere and renamed in, as the folder's writers should.
    let drop_in = |folder: &Path, name: &str, bytes: &[u8]| {
        let hidden = folder.join(format!(".{name}"));
        std::fs::write(&hidden, bytes).unwrap();
        std::fs::rename(&hidden, folder.join(name)).unwrap();
    };
    drop_in(&ais_dir, "sample.nmea", &std::fs::read(nmea).unwrap());
    drop_in(
        &docs_dir,
        "report.txt",
        b"The tanker CHON MA SAN took on oil in a ship-to-ship transfer.\n",
    );
    let mut monitor = start_monitor(&config);
    monitor.wait_for("the AIS file", |log| log.contains("sample.nmea: ingested"));
    monitor.wait_for("the document", |log| log.contains("report.txt: 1 documents"));
    monitor.wait_for("the files moved", |_| {
        ais_dir.join("done/sample.nmea").exists() && docs_dir.join("done/report.txt").exists()
    });
    let first = digests(&dir.join("vigil.db"));
    assert!(first["positions"].0 > 0, "{first:?}");
    assert_eq!(first["documents"].0, 1, "{first:?}");
    // The same bytes again: recognised, moved, nothing stored twice.
    drop_in(&ais_dir, "again.nmea", &std::fs::read(nmea).unwrap());
    monitor.wait_for("the copy", |log| log.contains("again.nmea: already ingested"));
    monitor.terminate();
    assert!(ais_dir.join("done/again.nmea").exists());
    assert_eq!(digests(&dir.join("vigil.db")), first);
}
