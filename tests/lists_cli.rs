//! End-to-end tests of `vigil lists import|diff|versions|update` through the
//! real binary.
//!
//! `update` is tested against a small HTTP server on 127.0.0.1 that each test
//! starts itself, serving the self-authored OFAC-format fixtures in
//! `tests/fixtures/lists/`, a 404 and garbage. Tests that need the public data
//! in `../shared` (or `$VIGIL_SHARED`) skip themselves when it is absent.

mod common;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::time::Duration;

use common::{json_lines, vigil_expect};

/// A committed list fixture, below `tests/fixtures/lists/`.
fn fixture(relative: &str) -> String {
    common::fixture(&format!("lists/{relative}"))
}

/// A file of the shared sanctions data, or `None` (with a note) when absent.
fn shared(relative: &str) -> Option<String> {
    vigil_testdata::shared_file(&format!("sanctions/{relative}")).map(|p| p.display().to_string())
}

/// Counts `--json` diff lines by their `change`.
fn count_changes(stdout: &str) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for line in json_lines(stdout) {
        let keys: Vec<&str> = line.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys.len(), 4, "{line}");
        for key in ["change", "id", "caption", "fields"] {
            assert!(line.get(key).is_some(), "{key} missing in {line}");
        }
        *counts.entry(line["change"].as_str().unwrap().to_string()).or_default() += 1;
    }
    counts
}

/// `(list, version, entity_count, current)` of every stored version.
fn versions(db: &str) -> Vec<(String, String, u64, bool)> {
    let (stdout, _) = vigil_expect(&["lists", "versions", "--json", "--db", db], 0);
    json_lines(&stdout)
        .into_iter()
        .map(|v| {
            (
                v["list"].as_str().unwrap().to_string(),
                v["version"].as_str().unwrap().to_string(),
                v["entity_count"].as_u64().unwrap(),
                v["current"].as_bool().unwrap(),
            )
        })
        .collect()
}

fn temp_db() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("vigil.db").display().to_string();
    (dir, db)
}

#[test]
fn ofac_week_diff_by_version_and_by_file() {
    let (Some(old), Some(new)) =
        (shared("ofac/sdn_2024-04-26.csv"), shared("ofac/sdn_2024-05-03.csv"))
    else {
        return;
    };
    let (_dir, db) = temp_db();
    let (stdout, _) = vigil_expect(&["lists", "import", "--db", &db, &old, &new], 0);
    assert!(stdout.contains("us_ofac_sdn 2024-05-03: imported as version 2"), "{stdout}");
    assert!(stdout.contains("+305 added, -8 removed"), "{stdout}");

    let by_version = vigil_expect(
        &[
            "lists",
            "diff",
            "--json",
            "--db",
            &db,
            "us_ofac_sdn@2024-04-26",
            "us_ofac_sdn@2024-05-03",
        ],
        0,
    )
    .0;
    let counts = count_changes(&by_version);
    assert_eq!(counts.get("added"), Some(&305), "{counts:?}");
    assert_eq!(counts.get("removed"), Some(&8), "{counts:?}");
    assert_eq!(counts.get("changed"), None, "{counts:?}");

    let by_file = vigil_expect(&["lists", "diff", "--json", &old, &new], 0).0;
    assert_eq!(by_file, by_version, "file-vs-file gives the same lines");

    let (human, _) =
        vigil_expect(&["lists", "diff", "--db", &db, "us_ofac_sdn@previous", "us_ofac_sdn"], 0);
    assert!(human.contains("305 added, 8 removed, 0 changed"), "{human}");
    assert!(human
        .lines()
        .any(|l| l.starts_with("- us_ofac_sdn-") && l.contains("EMPEROR AVIATION")));
}

#[test]
fn fixture_import_diff_and_versions() {
    let (_dir, db) = temp_db();
    let v1 = fixture("sdn_2030-01-01.csv");
    let v2 = fixture("sdn_2030-02-01.csv");
    let (stdout, _) = vigil_expect(&["lists", "import", "--json", "--db", &db, &v1, &v2], 0);
    let lines = json_lines(&stdout);
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["status"], "imported");
    assert_eq!(lines[0]["entities"], 3);
    assert_eq!((lines[1]["added"].as_u64(), lines[1]["removed"].as_u64()), (Some(1), Some(1)));
    assert_eq!(
        versions(&db),
        [
            ("us_ofac_sdn".into(), "2030-01-01".into(), 3, false),
            ("us_ofac_sdn".into(), "2030-02-01".into(), 3, true)
        ]
    );
    let (diff, _) =
        vigil_expect(&["lists", "diff", "--db", &db, "us_ofac_sdn@previous", "us_ofac_sdn"], 0);
    let expected = "1 added, 1 removed, 0 changed\n\
                    + us_ofac_sdn-90004 OCEAN SAMPLE SHIPPING CO\n\
                    - us_ofac_sdn-90002 TESTOV, Ivan Petrovich\n";
    assert!(diff.ends_with(expected), "{diff}");
    // A stored version against a file gives the same lines as two versions.
    let by_versions =
        vigil_expect(&["lists", "diff", "--json", "--db", &db, "us_ofac_sdn@2030-01-01", "2"], 0).0;
    let mixed =
        vigil_expect(&["lists", "diff", "--json", "--db", &db, "us_ofac_sdn@previous", &v2], 0).0;
    assert_eq!(mixed, by_versions);
    assert_eq!(count_changes(&mixed).values().sum::<usize>(), 2);
    let (table, _) = vigil_expect(&["lists", "versions", "--db", &db], 0);
    assert!(table.starts_with("ID  LIST"), "{table}");
    assert_eq!(table.lines().filter(|l| l.ends_with('*')).count(), 1, "{table}");
}

#[test]
fn diff_of_unknown_version_fails_with_the_known_ones() {
    let (_dir, db) = temp_db();
    vigil_expect(&["lists", "import", "--db", &db, &fixture("sdn_2030-01-01.csv")], 0);
    let (_, stderr) =
        vigil_expect(&["lists", "diff", "--db", &db, "us_ofac_sdn@1999-01-01", "us_ofac_sdn"], 2);
    assert!(stderr.contains("us_ofac_sdn@1999-01-01") && stderr.contains("2030-01-01"), "{stderr}");
    // A read-only command does not create a store.
    let missing = Path::new(&db).with_file_name("missing.db").display().to_string();
    let (_, stderr) = vigil_expect(&["lists", "versions", "--db", &missing], 2);
    assert!(stderr.contains("no store at"), "{stderr}");
    assert!(!Path::new(&missing).exists());
}

#[test]
fn malformed_file_imports_nothing_and_exits_2() {
    let (_dir, db) = temp_db();
    vigil_expect(&["lists", "import", "--db", &db, &fixture("sdn_2030-01-01.csv")], 0);
    let before = versions(&db);
    let bad = fixture("malformed/sdn_2030-03-01.csv");
    let good = fixture("sdn_2030-02-01.csv");
    // The bad list is reported and skipped; the good one is still imported.
    let (stdout, stderr) = vigil_expect(&["lists", "import", "--db", &db, &bad, &good], 2);
    assert!(stderr.contains(&format!("{bad}:2 (record 9OOO5): ent_num")), "{stderr}");
    assert!(stderr.contains(&format!("{bad}:3 (record 90006): expected 12 fields")), "{stderr}");
    assert!(stderr.contains("nothing imported"), "{stderr}");
    assert!(stdout.contains("us_ofac_sdn 2030-02-01: imported"), "{stdout}");
    let after = versions(&db);
    assert_eq!(after.len(), before.len() + 1);
    assert!(!after.iter().any(|v| v.1 == "2030-03-01"), "{after:?}");

    // Alone, it leaves the versions exactly as they were.
    let (_, stderr) = vigil_expect(&["lists", "import", "--db", &db, &bad], 2);
    assert!(stderr.contains("sdn_2030-03-01.csv:2"), "{stderr}");
    assert_eq!(versions(&db), after);
}

/// A tiny HTTP/1.1 server on 127.0.0.1 answering fixed responses by path,
/// one thread per connection. It lives until the test process exits.
struct Server {
    base: String,
}

impl Server {
    fn start(routes: Vec<(&'static str, u16, Vec<u8>)>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a local port");
        let base = format!("http://{}", listener.local_addr().unwrap());
        let routes = std::sync::Arc::new(routes);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let routes = routes.clone();
                std::thread::spawn(move || serve(stream, &routes));
            }
        });
        Server { base }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

fn serve(mut stream: TcpStream, routes: &[(&'static str, u16, Vec<u8>)]) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    // Skip the headers.
    loop {
        let mut header = String::new();
        match reader.read_line(&mut header) {
            Ok(0) | Err(_) => break,
            Ok(_) if header == "\r\n" || header == "\n" => break,
            Ok(_) => {}
        }
    }
    let path = request_line.split_whitespace().nth(1).unwrap_or("/");
    let (status, body): (u16, &[u8]) = match routes.iter().find(|(p, _, _)| *p == path) {
        Some((_, status, body)) => (*status, body),
        None => (404, b"not found\n"),
    };
    if status == 0 {
        // "Hang": accept and never answer, to exercise the timeout.
        std::thread::sleep(Duration::from_secs(5));
        return;
    }
    let reason = if status == 200 { "OK" } else { "Not Found" };
    let head = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Length: {}\r\nContent-Type: text/csv\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(body);
    let _ = stream.flush();
}

fn fixture_bytes(relative: &str) -> Vec<u8> {
    std::fs::read(fixture(relative)).unwrap()
}

#[test]
fn update_from_a_local_server() {
    let server = Server::start(vec![
        ("/v1/sdn.csv", 200, fixture_bytes("sdn_2030-01-01.csv")),
        ("/v2/SDN.CSV", 200, fixture_bytes("sdn_2030-02-01.csv")),
        ("/gone/sdn.csv", 404, b"no such file\n".to_vec()),
        (
            "/garbage/sdn.csv",
            200,
            b"<html><body>Service temporarily unavailable</body></html>\n".to_vec(),
        ),
        ("/bad/sdn.csv", 200, fixture_bytes("malformed/sdn_2030-03-01.csv")),
        ("/big/sdn.csv", 200, vec![b'9'; 4096]),
        ("/hang/sdn.csv", 0, vec![]),
    ]);
    let (dir, db) = temp_db();
    let update = |url: &str, extra: &[&str], code: i32| -> (String, String) {
        let flag = format!("us_ofac_sdn={url}");
        let mut args =
            vec!["lists", "update", "--db", &db, "--only", "us_ofac_sdn", "--url", &flag];
        args.extend_from_slice(extra);
        vigil_expect(&args, code)
    };

    // A valid list, configured through a config file.
    let config = dir.path().join("lists.toml");
    std::fs::write(
        &config,
        format!(
            "timeout_secs = 5\n[lists.us_ofac_sdn]\nurls = [\"{}\"]\n",
            server.url("/v1/sdn.csv")
        ),
    )
    .unwrap();
    let config = config.display().to_string();
    let (stdout, _) = vigil_expect(
        &["lists", "update", "--db", &db, "--config", &config, "--only", "us_ofac_sdn", "--json"],
        0,
    );
    let lines = json_lines(&stdout);
    assert_eq!(lines[0]["status"], "imported", "{stdout}");
    assert_eq!(lines[0]["entities"], 3);
    assert_eq!(lines[0]["sources"][0], server.url("/v1/sdn.csv"), "the URL is recorded");
    // OFAC's CSV states no date, so the version is the day it was fetched.
    let version = lines[0]["version"].as_str().unwrap();
    assert!(version.len() == 10 && version.starts_with("20"), "{version}");
    let good = versions(&db);
    assert_eq!(good.len(), 1);

    // The same file again: nothing changes.
    let (stdout, _) = update(&server.url("/v1/sdn.csv"), &[], 0);
    assert!(stdout.contains("already imported"), "{stdout}");
    assert_eq!(versions(&db), good);

    // Each failure names the list and the URL, and keeps the version.
    for (path, reason) in [
        ("/gone/sdn.csv", "HTTP 404"),
        ("/garbage/sdn.csv", ""),
        ("/bad/sdn.csv", "malformed record"),
        ("/big/sdn.csv", "over the limit"),
        ("/hang/sdn.csv", "download failed"),
    ] {
        let url = server.url(path);
        let (_, stderr) = update(&url, &["--max-bytes", "1000", "--timeout", "1"], 2);
        assert!(stderr.contains("us_ofac_sdn"), "{path}: {stderr}");
        assert!(stderr.contains(&url), "{path}: {stderr}");
        assert!(stderr.contains(reason), "{path}: {stderr}");
        assert!(stderr.contains("previous version stays in force"), "{path}: {stderr}");
        assert_eq!(versions(&db), good, "{path}: the previous version stays");
    }
    let (_, stderr) = update(&server.url("/bad/sdn.csv"), &[], 2);
    assert!(
        stderr.contains(&format!("{}:2 (record 9OOO5)", server.url("/bad/sdn.csv"))),
        "{stderr}"
    );

    // A new version (upper-case file name, as OFAC serves it) is imported.
    let (stdout, _) = update(&server.url("/v2/SDN.CSV"), &[], 0);
    assert!(stdout.contains("+1 added, -1 removed"), "{stdout}");
    assert_eq!(versions(&db).len(), 2);
}

#[test]
fn update_refuses_unknown_lists_and_bad_flags() {
    let (_dir, db) = temp_db();
    let (_, stderr) = vigil_expect(&["lists", "update", "--db", &db, "--only", "nope"], 2);
    assert!(stderr.contains("unknown list") && stderr.contains("us_ofac_sdn"), "{stderr}");
    let (_, stderr) = vigil_expect(&["lists", "update", "--db", &db, "--url", "no-equals-sign"], 2);
    assert!(stderr.contains("LIST=URL"), "{stderr}");
}

#[test]
fn help_has_examples() {
    for command in ["import", "diff", "versions", "update"] {
        let (stdout, _) = vigil_expect(&["lists", command, "--help"], 0);
        assert!(stdout.contains(&format!("vigil lists {command}")), "{command}: {stdout}");
    }
}

/// OFAC serves `SDN.CSV` and its companions as four URLs; downloaded side by
/// side, they must be joined into one list, as `lists import` joins files.
#[test]
fn update_joins_ofac_companion_downloads() {
    let Some(dir) = shared("ofac/sdn_2021-07_triplet") else {
        return;
    };
    let read = |name: &str| std::fs::read(Path::new(&dir).join(name)).unwrap();
    let server = Server::start(vec![
        ("/exports/SDN.CSV", 200, read("sdn.csv")),
        ("/exports/ADD.CSV", 200, read("add.csv")),
        ("/exports/ALT.CSV", 200, read("alt.csv")),
        ("/exports/SDN_COMMENTS.CSV", 200, read("sdn_comments.csv")),
    ]);
    let (_tmp, db) = temp_db();
    let mut args = vec![
        "lists".to_string(),
        "update".into(),
        "--json".into(),
        "--db".into(),
        db.clone(),
        "--only".into(),
        "us_ofac_sdn".into(),
    ];
    for name in ["SDN.CSV", "ADD.CSV", "ALT.CSV", "SDN_COMMENTS.CSV"] {
        args.push("--url".into());
        args.push(format!("us_ofac_sdn={}", server.url(&format!("/exports/{name}"))));
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (stdout, _) = vigil_expect(&args, 0);
    let lines = json_lines(&stdout);
    assert_eq!(lines.len(), 1, "one list from four files: {stdout}");
    assert_eq!(lines[0]["entities"], 8976, "{stdout}");
    assert_eq!(lines[0]["sources"].as_array().unwrap().len(), 4, "{stdout}");
    assert!(lines[0]["sources"][0].as_str().unwrap().ends_with("/exports/SDN.CSV"));
}
