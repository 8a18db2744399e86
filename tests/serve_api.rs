//! End-to-end tests of `vigil serve` through the real binary on an
//! ephemeral loopback port: yente-compatible screening, every read route,
//! triage with its audit trail, and the security rules (no token, no write;
//! oversized and malformed requests are 4xx; injection attempts in every
//! parameter fail safely and change nothing).
//!
//! The store is filled from the fixtures in `tests/fixtures/` with
//! `vigil ingest` before the server starts.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};
use std::time::Duration;

use common::{command, fixture, text, vigil};
use serde_json::{json, Value};

type TestResult = Result<(), Box<dyn std::error::Error>>;

const TOKEN: &str = "alice-test-token-0123456789";

fn vigil_ok(args: &[&str]) {
    let output = vigil(args);
    // The AIS and events fixtures hold one malformed line each (exit 2).
    assert!(
        matches!(output.status.code(), Some(0 | 2)),
        "vigil {}: {}",
        args.join(" "),
        text(&output.stderr)
    );
}

/// A running `vigil serve`, stopped when dropped.
struct Server {
    child: Child,
    base: String,
    _dir: tempfile::TempDir,
    db: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Fills a store from the fixtures and starts the server on it.
fn start(config: &str) -> Server {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("v.db").display().to_string();
    vigil_ok(&["ingest", "ais", "--db", &db, &fixture("monitor/ais.jsonl")]);
    vigil_ok(&["ingest", "lists", "--db", &db, &fixture("lists/sdn_2030-01-01.csv")]);
    vigil_ok(&["ingest", "events", "--db", &db, &fixture("monitor/events.jsonl")]);
    vigil_ok(&["ingest", "docs", "--db", &db, &fixture("monitor/scan.jsonl")]);
    vigil_ok(&["ingest", "screening", "--db", &db, &fixture("monitor/screen.jsonl")]);
    let config_path = dir.path().join("vigil.toml");
    std::fs::write(&config_path, config).expect("config written");
    let mut child = command(&["serve", "--db", &db, "--addr", "127.0.0.1:0", "--config"])
        .arg(&config_path)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("vigil serve starts");
    let stderr = child.stderr.take().expect("stderr");
    let mut lines = BufReader::new(stderr).lines();
    let base = loop {
        let line = lines.next().expect("the server prints its address").expect("text");
        if let Some(rest) = line.split("listening on ").nth(1) {
            break rest.split_whitespace().next().expect("an address").to_string();
        }
    };
    // Keep draining stderr so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    Server { child, base, _dir: dir, db }
}

fn default_config() -> String {
    format!("[server]\n[server.tokens]\nalice = \"{TOKEN}\"\n")
}

/// One HTTP/1.1 request on a new connection; returns status and body. Raw
/// so that the tests control every byte (bad encodings, huge bodies).
fn request(
    base: &str,
    method: &str,
    target: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> (u16, Vec<u8>) {
    let host = base.trim_start_matches("http://");
    let mut stream = TcpStream::connect(host).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(30))).expect("timeout");
    let mut head = format!(
        "{method} {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).expect("write head");
    // The server may answer (413) before reading a huge body; ignore a
    // reset while writing it.
    let _ = stream.write_all(body);
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let text = String::from_utf8_lossy(&response);
    let status = text.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let split =
        response.windows(4).position(|w| w == b"\r\n\r\n").map_or(response.len(), |p| p + 4);
    let mut body = response[split..].to_vec();
    if text.to_ascii_lowercase().contains("transfer-encoding: chunked") {
        body = dechunk(&body);
    }
    (status, body)
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(end) = data.windows(2).position(|w| w == b"\r\n") {
        let size =
            usize::from_str_radix(String::from_utf8_lossy(&data[..end]).trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        out.extend_from_slice(&data[end + 2..(end + 2 + size).min(data.len())]);
        data = &data[(end + 4 + size).min(data.len())..];
    }
    out
}

fn get(server: &Server, target: &str) -> (u16, Value) {
    let (status, body) = request(&server.base, "GET", target, &[], b"");
    (status, serde_json::from_slice(&body).unwrap_or(Value::Null))
}

fn send_json(
    server: &Server,
    method: &str,
    target: &str,
    token: Option<&str>,
    body: &Value,
) -> (u16, Value) {
    let auth = token.map(|t| format!("Bearer {t}"));
    let mut headers = vec![("Content-Type", "application/json")];
    if let Some(auth) = &auth {
        headers.push(("Authorization", auth));
    }
    let (status, body) =
        request(&server.base, method, target, &headers, body.to_string().as_bytes());
    (status, serde_json::from_slice(&body).unwrap_or(Value::Null))
}

#[test]
fn match_answers_in_yentes_shape() -> TestResult {
    let server = start(&default_config());
    let query = json!({"queries": {
        "vessel": {"schema": "Vessel", "properties": {"name": ["Seafarer Glory"]}},
        "by_imo": {"schema": "Vessel", "properties": {"imoNumber": "9000003"}},
        "nobody": {"schema": "Person", "properties": {"name": ["Plain Tea House Owner"]}}}});
    let (status, body) = send_json(&server, "POST", "/match/default", None, &query);
    assert_eq!(status, 200, "{body}");
    let vessel = &body["responses"]["vessel"];
    assert_eq!(vessel["status"], 200);
    let top = &vessel["results"][0];
    assert_eq!(top["id"], "us_ofac_sdn-90001");
    assert_eq!(top["schema"], "Vessel");
    assert_eq!(top["caption"], "SEAFARER GLORY");
    assert_eq!(top["match"], true);
    assert!(top["score"].as_f64().is_some_and(|s| s > 0.9));
    assert_eq!(top["properties"]["imoNumber"], json!(["9000003"]));
    assert_eq!(top["datasets"], json!(["us_ofac_sdn"]));
    assert!(top["features"].is_object() && top["explanations"].is_object());
    assert_eq!(vessel["total"]["value"], vessel["results"].as_array().map_or(0, Vec::len));
    assert_eq!(vessel["query"]["schema"], "Vessel");
    assert_eq!(body["responses"]["by_imo"]["results"][0]["id"], "us_ofac_sdn-90001");
    assert_eq!(body["responses"]["nobody"]["results"], json!([]));
    assert!(body["limit"].is_number() && body["matcher"].is_object());
    // A dataset by its list name works; an unknown one is a 404.
    let (status, _) = send_json(&server, "POST", "/match/us_ofac_sdn?limit=1", None, &query);
    assert_eq!(status, 200);
    let (status, body) = send_json(&server, "POST", "/match/nope", None, &query);
    assert_eq!((status, body["status"].as_u64()), (404, Some(404)), "{body}");
    Ok(())
}

#[test]
fn read_routes_answer() -> TestResult {
    let server = start(&default_config());
    let (status, body) = get(&server, "/healthz");
    assert_eq!((status, body["entities"].as_u64()), (200, Some(3)));

    let (status, body) = get(&server, "/search/default?q=seafarer%20glory");
    assert_eq!(status, 200);
    assert_eq!(body["results"][0]["id"], "us_ofac_sdn-90001");

    let (status, body) = get(&server, "/entities/us_ofac_sdn-90001");
    assert_eq!(status, 200);
    assert_eq!(body["versions"][0]["version"], "2030-01-01");
    assert!(body["alerts"].as_array().is_some_and(|a| !a.is_empty()));

    let (status, body) = get(&server, "/alerts?stream=maritime&severity=critical&status=new");
    assert_eq!(status, 200);
    assert_eq!(body["total"], 2, "{body}");
    let (_, page) = get(&server, "/alerts?limit=2&offset=0");
    let (_, next) = get(&server, "/alerts?limit=2&offset=2");
    assert_eq!(page["results"].as_array().map(Vec::len), Some(2));
    assert_ne!(page["results"][0]["id"], next["results"][0]["id"]);
    let (_, range) = get(&server, "/alerts?stream=maritime&from=2030-02-01&to=2030-03-01");
    assert_eq!(range["total"], 1, "{range}");

    let id = body["results"][0]["id"].as_i64().expect("an alert id");
    let (status, alert) = get(&server, &format!("/alerts/{id}"));
    assert_eq!(status, 200);
    assert!(alert["evidence"][0]["refs"].is_array());
    assert_eq!(alert["audit"][0]["action"], "created");

    let (status, vessel) = get(&server, "/vessels/412000002");
    assert_eq!(status, 200);
    assert_eq!(vessel["identities"].as_array().map(Vec::len), Some(2));
    let (status, listed) = get(&server, "/vessels/445000001");
    assert_eq!(status, 200);
    assert_eq!(listed["listed"][0]["entity_id"], "us_ofac_sdn-90001");

    let (status, track) = get(&server, "/vessels/445000001/track.geojson");
    assert_eq!(status, 200);
    assert_eq!(track["type"], "FeatureCollection");
    let line = &track["features"][0];
    assert_eq!(line["geometry"]["type"], "LineString");
    assert_eq!(line["geometry"]["coordinates"][0], json!([124.5, 38.1]));
    assert_eq!(line["properties"]["points"], 3);
    assert!(track["features"]
        .as_array()
        .is_some_and(|f| f.iter().any(|f| f["properties"]["kind"] == "event")));
    let (_, day_one) =
        get(&server, "/vessels/445000001/track.geojson?from=2030-01-05&to=2030-01-05T23:59:59Z");
    assert_eq!(day_one["features"][0]["properties"]["points"], 2);

    let (status, events) = get(&server, "/events?kind=encounter&mmsi=445000001");
    assert_eq!((status, events["total"].as_u64()), (200, Some(3)));

    let (_, media) = get(&server, "/alerts?stream=media");
    let media_id = media["results"][0]["id"].as_i64().expect("a media alert");
    let (_, media_alert) = get(&server, &format!("/alerts/{media_id}"));
    let document_id = media_alert["evidence"][0]["document_id"].as_i64().expect("a document");
    let (status, document) = get(&server, &format!("/documents/{document_id}"));
    assert_eq!(status, 200);
    assert_eq!(document["scan"]["mentions"][0]["entity_id"], "us_ofac_sdn-90003");

    let (status, spec) = get(&server, "/openapi.json");
    assert_eq!(status, 200);
    for (method, path, ..) in vigil_server::ROUTES {
        assert!(spec["paths"][path][method].is_object(), "{method} {path} missing from the spec");
    }
    Ok(())
}

#[test]
fn triage_needs_a_token_and_is_audited() -> TestResult {
    let server = start(&default_config());
    let (_, alerts) = get(&server, "/alerts?status=new");
    let id = alerts["results"][0]["id"].as_i64().expect("an alert");
    let target = format!("/alerts/{id}");
    let dismiss = json!({"status": "dismissed", "note": "same owner, known charter"});

    let (status, body) = send_json(&server, "PATCH", &target, None, &dismiss);
    assert_eq!((status, body["status"].as_u64()), (401, Some(401)), "{body}");
    let (status, _) = send_json(&server, "PATCH", &target, Some("not-the-token-at-all"), &dismiss);
    assert_eq!(status, 401);
    let (_, unchanged) = get(&server, &target);
    assert_eq!(unchanged["status"], "new", "a refused write changed nothing");

    let (status, body) =
        send_json(&server, "PATCH", &target, Some(TOKEN), &json!({"status": "dismissed"}));
    assert_eq!(status, 400, "a dismissal needs a note: {body}");
    let (status, _) = send_json(
        &server,
        "PATCH",
        &target,
        Some(TOKEN),
        &json!({"status": "closed", "note": "x"}),
    );
    assert_eq!(status, 400);

    let revision = unchanged["revision"].as_i64().expect("a revision");
    let with_revision = json!({"status": "dismissed", "note": "same owner", "revision": revision});
    let (status, body) = send_json(&server, "PATCH", &target, Some(TOKEN), &with_revision);
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], "dismissed");
    assert_eq!(body["note"], "same owner");
    let last = body["audit"].as_array().and_then(|a| a.last()).cloned().unwrap_or_default();
    assert_eq!(
        (last["actor"].as_str(), last["to_status"].as_str()),
        (Some("alice"), Some("dismissed"))
    );
    // The same revision again is stale now.
    let (status, _) = send_json(&server, "PATCH", &target, Some(TOKEN), &with_revision);
    assert_eq!(status, 409);
    let (_, dismissed) = get(&server, "/alerts?status=dismissed");
    assert_eq!(dismissed["total"], 1);
    Ok(())
}

#[test]
fn reads_can_require_a_token() -> TestResult {
    let server =
        start(&format!("[server]\nreads = \"token\"\n[server.tokens]\nalice = \"{TOKEN}\"\n"));
    let (status, _) = get(&server, "/alerts");
    assert_eq!(status, 401);
    let auth = format!("Bearer {TOKEN}");
    let (status, _) = request(&server.base, "GET", "/alerts", &[("Authorization", &auth)], b"");
    assert_eq!(status, 200);
    Ok(())
}

#[test]
fn oversized_and_malformed_requests_are_client_errors() -> TestResult {
    let server = start(&default_config());
    let huge = vec![b'a'; 2 * vigil_server::MAX_BODY_BYTES];
    let (status, _) = request(&server.base, "POST", "/match/default", &[], &huge);
    assert_eq!(status, 413);
    let (status, _) = request(
        &server.base,
        "PATCH",
        "/alerts/1",
        &[("Authorization", &format!("Bearer {TOKEN}"))],
        &huge,
    );
    assert_eq!(status, 413);
    let too_many: serde_json::Map<String, Value> = (0..=vigil_server::MAX_MATCH_QUERIES)
        .map(|i| (format!("q{i}"), json!({"schema": "Person", "properties": {"name": ["x"]}})))
        .collect();
    // Deeper than serde_json's recursion limit, and a parameter longer than
    // the server takes.
    let deeply_nested = format!("{}{}", "[".repeat(5000), "]".repeat(5000)).into_bytes();
    let long_entity = format!("/alerts?entity={}", "x".repeat(600));
    let cases: Vec<(&str, &str, Vec<u8>)> = vec![
        ("POST", "/match/default", b"{not json".to_vec()),
        ("POST", "/match/default", b"[]".to_vec()),
        ("POST", "/match/default", br#"{"queries": 3}"#.to_vec()),
        (
            "POST",
            "/match/default",
            br#"{"queries": {"q": {"schema": "Planet", "properties": {"name": ["x"]}}}}"#.to_vec(),
        ),
        (
            "POST",
            "/match/default",
            br#"{"queries": {"q": {"schema": "Person", "properties": {}}}}"#.to_vec(),
        ),
        ("POST", "/match/default", json!({"queries": too_many}).to_string().into_bytes()),
        ("POST", "/match/default?limit=100000", br#"{"queries": {}}"#.to_vec()),
        ("POST", "/match/default", vec![0xff, 0xfe, 0x00]),
        ("GET", "/alerts?limit=0", vec![]),
        ("GET", "/alerts?limit=99999", vec![]),
        ("GET", "/alerts?severity=urgent", vec![]),
        ("GET", "/alerts?from=last%20week", vec![]),
        ("GET", "/alerts?stream=maritime&stream=media", vec![]),
        ("GET", "/alerts?colour=red", vec![]),
        ("GET", "/alerts/abc", vec![]),
        ("GET", "/alerts/-1", vec![]),
        ("GET", "/alerts/99999999999999999999999", vec![]),
        ("GET", "/vessels/12345678901", vec![]),
        ("GET", "/vessels/0/track.geojson", vec![]),
        ("GET", "/vessels/445000001/track.geojson?limit=-5", vec![]),
        ("GET", "/search/default", vec![]),
        ("GET", "/documents/0", vec![]),
        ("GET", "/entities/%FF%FE", vec![]),
        ("DELETE", "/alerts/1", vec![]),
        ("GET", "/no/such/route", vec![]),
        ("POST", "/match/default", deeply_nested.clone()),
        ("PATCH", "/alerts/1", deeply_nested),
        ("GET", &long_entity, vec![]),
        ("GET", "/entities/x/history?limit=1", vec![]),
        ("POST", "/", vec![]),
    ];
    for (method, target, body) in cases {
        let (status, response) = request(
            &server.base,
            method,
            target,
            &[("Authorization", &format!("Bearer {TOKEN}"))],
            &body,
        );
        assert!((400..500).contains(&status), "{method} {target}: {status}");
        let error: Value = serde_json::from_slice(&response).unwrap_or(Value::Null);
        assert!(
            error["detail"].is_string(),
            "{method} {target}: not a JSON error: {}",
            String::from_utf8_lossy(&response)
        );
    }
    let (status, body) = send_json(
        &server,
        "PATCH",
        "/alerts/1",
        Some(TOKEN),
        &json!({"status": "new", "extra": 1}),
    );
    assert_eq!(status, 400, "{body}");
    Ok(())
}

#[test]
fn injection_attempts_in_every_parameter_fail_safely() -> TestResult {
    let server = start(&default_config());
    let (_, before) = get(&server, "/alerts?limit=500");
    let payloads = [
        "' OR '1'='1",
        "1; DROP TABLE alerts; --",
        "1 UNION SELECT * FROM audit_log",
        "../../../../etc/passwd",
        "..%2F..%2Fetc%2Fpasswd",
        "%00",
        "<script>alert(1)</script>",
        "${jndi:ldap://x}",
        "\u{202e}",
    ];
    let encode = |text: &str| -> String {
        text.bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() {
                    (b as char).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect()
    };
    let mut n_requests = 0;
    for payload in payloads {
        let p = encode(payload);
        let mut targets = vec![
            format!("/entities/{p}"),
            format!("/alerts/{p}"),
            format!("/vessels/{p}"),
            format!("/vessels/{p}/track.geojson"),
            format!("/documents/{p}"),
            format!("/search/{p}?q=x"),
            format!("/search/default?q={p}"),
            format!("/search/default?q=x&schema={p}"),
            format!("/events?kind={p}"),
            format!("/events?mmsi={p}"),
            format!("/vessels/445000001/track.geojson?from={p}"),
            format!("/vessels/445000001/track.geojson?to={p}"),
            format!("/vessels/445000001/track.geojson?limit={p}"),
            format!("/entities/{p}/history"),
            format!("/ui/{p}"),
            format!("/{p}"),
        ];
        for param in ["limit", "offset", "threshold"] {
            targets.push(format!("/search/default?q=x&{param}={p}"));
        }
        for param in ["from", "to", "limit", "offset"] {
            targets.push(format!("/events?{param}={p}"));
        }
        for param in
            ["stream", "severity", "status", "from", "to", "entity", "mmsi", "limit", "offset"]
        {
            targets.push(format!("/alerts?{param}={p}"));
        }
        for target in &targets {
            let (status, _) = request(&server.base, "GET", target, &[], b"");
            n_requests += 1;
            assert!(status == 200 || (400..500).contains(&status), "GET {target}: {status}");
        }
        let query = json!({"queries": {payload: {"schema": "Person", "properties": {"name": [payload], "birthDate": [payload], "nationality": [payload]}}}});
        let (status, _) = send_json(&server, "POST", &format!("/match/{p}"), None, &query);
        assert_eq!(status, 404, "unknown dataset {payload:?}");
        let (status, _) = send_json(&server, "POST", "/match/default", None, &query);
        assert_eq!(status, 200, "a name is just a name: {payload:?}");
        for param in ["limit", "threshold", "cutoff"] {
            let target = format!("/match/default?{param}={p}");
            let (status, _) = send_json(&server, "POST", &target, None, &query);
            assert_eq!(status, 400, "POST {target}");
            n_requests += 1;
        }
        let bearer = format!("Bearer {payload}");
        let (status, _) = request(
            &server.base,
            "PATCH",
            "/alerts/1",
            &[("Authorization", &bearer), ("Content-Type", "application/json")],
            br#"{"status": "new"}"#,
        );
        assert!(status == 401 || status == 400, "a payload as the token: {status}");
        let (status, _) = send_json(
            &server,
            "PATCH",
            "/alerts/1",
            Some(TOKEN),
            &json!({"status": "new", "revision": payload}),
        );
        assert_eq!(status, 400, "a payload as the revision");
        n_requests += 2;
        let (status, _) = send_json(
            &server,
            "PATCH",
            &format!("/alerts/{p}"),
            Some(TOKEN),
            &json!({"status": "new"}),
        );
        assert_eq!(status, 400);
        let (status, _) = send_json(
            &server,
            "PATCH",
            "/alerts/1",
            Some(TOKEN),
            &json!({"status": payload, "note": payload}),
        );
        assert_eq!(status, 400);
        n_requests += 4;
    }
    assert!(n_requests > 200);
    // Nothing changed, the server still answers, and the store is whole.
    let (status, after) = get(&server, "/alerts?limit=500");
    assert_eq!(status, 200);
    assert_eq!(before, after);
    let store = vigil_store::Store::open_read_only(&server.db)?;
    assert!(store.content_digests()?.get("alerts").is_some_and(|(n, _)| *n > 0));
    Ok(())
}

#[test]
fn no_write_route_accepts_a_request_without_a_token() -> TestResult {
    let server = start(&default_config());
    let (_, before) = get(&server, "/alerts?limit=500");
    let mut writes = 0;
    for (method, path, _, _, needs_token) in vigil_server::ROUTES {
        if !needs_token {
            continue;
        }
        let target = path.replace("{id}", "1").replace("{mmsi}", "445000001");
        let body = json!({"status": "dismissed", "note": "no token"});
        let method = method.to_ascii_uppercase();
        for token in [None, Some("wrong-token-0123456789"), Some("")] {
            let (status, _) = send_json(&server, &method, &target, token, &body);
            assert_eq!(status, 401, "{method} {target} with {token:?}");
        }
        writes += 1;
    }
    assert!(writes > 0, "the API has write routes");
    let (_, after) = get(&server, "/alerts?limit=500");
    assert_eq!(before, after, "nothing was written");
    Ok(())
}

#[test]
fn a_list_update_while_serving_reaches_screening() -> TestResult {
    let server = start(&default_config());
    let (_, before) = get(&server, "/search/default?q=ocean%20sample%20shipping%20co");
    let listed = |body: &Value| {
        body["results"]
            .as_array()
            .is_some_and(|r| r.iter().any(|hit| hit["id"] == "us_ofac_sdn-90004"))
    };
    assert!(!listed(&before), "not listed in the first version");
    vigil_ok(&["ingest", "lists", "--db", &server.db, &fixture("lists/sdn_2030-02-01.csv")]);
    // The server checks the lists in force at most every couple of seconds
    // and rebuilds in the background: poll for up to a minute.
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    loop {
        let (status, body) = get(&server, "/search/default?q=ocean%20sample%20shipping%20co");
        assert_eq!(status, 200);
        if listed(&body) {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "the new list never reached screening");
        std::thread::sleep(Duration::from_millis(250));
    }
    let (_, match_body) = send_json(
        &server,
        "POST",
        "/match/default",
        None,
        &json!({"queries": {"q": {"schema": "Person", "properties": {"name": ["Ivan Petrovich Testov"]}}}}),
    );
    let delisted = match_body["responses"]["q"]["results"]
        .as_array()
        .is_some_and(|r| r.iter().any(|hit| hit["id"] == "us_ofac_sdn-90002"));
    assert!(!delisted, "the delisted entry is gone from screening: {match_body}");
    Ok(())
}
