//! End-to-end tests of `vigil report` through the real binary: a store
//! filled by `vigil ingest` from the monitoring fixtures (two list versions,
//! an encounter with a listed vessel, a DPRK port call, an article with a
//! mention and an indicator) and events this test writes (a gap near
//! Nampo, an identity anomaly), then the report of a period checked section
//! by section, link by link, and against its JSON.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use common::{expect_exit, fixture, vigil_without_land};
use serde_json::Value;

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// Runs vigil without land (maps must not depend on tools/geo) and checks
/// its exit code, showing its output when it differs.
fn vigil_expect(args: &[&str], code: i32) -> (String, String) {
    expect_exit(args, &vigil_without_land(args), code)
}

/// Events the fixtures lack: a gap that ends near Nampo and an identity
/// anomaly, in January 2030, and a gap in 2031 (outside every period here).
const MORE_EVENTS: &str = r#"{"kind":"gap","mmsi":[412000005],"start":"2030-01-15T00:00:00Z","end":"2030-01-16T02:00:00Z","lat":38.6,"lon":125.2,"details":{"gap_h":26.0,"likely_intentional":true,"off_lat":38.6,"off_lon":125.2,"on_lat":38.75,"on_lon":125.3},"listed":[],"evidence":["day7.nmea:3","day8.nmea:1"]}
{"kind":"identity","mmsi":[412000006],"start":"2030-01-20T00:00:00Z","end":"2030-01-20T03:00:00Z","lat":35.0,"lon":129.0,"details":{"anomaly":"two_places","conflicts":4},"listed":[],"evidence":["day9.nmea:2"]}
{"kind":"gap","mmsi":[412000007],"start":"2031-05-01T00:00:00Z","end":"2031-05-02T00:00:00Z","lat":38.0,"lon":124.0,"details":{"gap_h":24.0},"listed":[],"evidence":["x.nmea:1"]}
"#;

/// A store with both list versions, AIS, events and documents.
fn planted_store(dir: &Path) -> Result<String, Box<dyn std::error::Error>> {
    let db = dir.join("v.db").display().to_string();
    let more = dir.join("more-events.jsonl");
    std::fs::write(&more, MORE_EVENTS)?;
    let db_arg = ["--db", db.as_str(), "--json"];
    let ingest = |what: &str, path: &str, code: i32| {
        vigil_expect(&[&["ingest", what], &db_arg[..], &[path]].concat(), code);
    };
    // ais.jsonl and events.jsonl each have one malformed line: exit 2.
    ingest("ais", &fixture("monitor/ais.jsonl"), 2);
    ingest("lists", &fixture("lists/sdn_2030-01-01.csv"), 0);
    ingest("lists", &fixture("lists/sdn_2030-02-01.csv"), 0);
    ingest("events", &fixture("monitor/events.jsonl"), 2);
    ingest("events", &more.display().to_string(), 0);
    ingest("docs", &fixture("monitor/scan.jsonl"), 0);
    Ok(db)
}

/// Values of an attribute (`id="…"`, `href="…"`) in the page.
fn attributes(html: &str, name: &str) -> Vec<String> {
    let needle = format!(" {name}=\"");
    html.split(&needle)
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap_or("").to_string())
        .collect()
}

/// The HTML between the heading with id `from` and the one with id `to`.
fn section<'a>(html: &'a str, from: &str, to: &str) -> &'a str {
    let start = html.find(&format!("id=\"{from}\"")).unwrap_or_else(|| panic!("no #{from}"));
    let end = html[start..].find(&format!("id=\"{to}\"")).map_or(html.len(), |i| start + i);
    &html[start..end]
}

struct Written {
    html: String,
    json: Value,
    printed: Value,
}

fn report(db: &str, out: &Path, from: &str, to: &str, code: i32) -> Written {
    let out_arg = out.display().to_string();
    let (stdout, _) = vigil_expect(
        &["report", "--db", db, "--from", from, "--to", to, "--out", &out_arg, "--json"],
        code,
    );
    let html = std::fs::read_to_string(out.join("report.html")).expect("report.html");
    let json = std::fs::read_to_string(out.join("report.json")).expect("report.json");
    Written {
        html,
        json: serde_json::from_str(&json).expect("report.json is JSON"),
        printed: serde_json::from_str(stdout.trim()).expect("--json prints one JSON line"),
    }
}

#[test]
fn report_holds_the_planted_findings() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = planted_store(dir.path())?;
    let out: PathBuf = dir.path().join("jan");
    let Written { html, json, printed } = report(&db, &out, "2030-01-01", "2030-02-10", 0);

    let encounters = section(&html, "encounters", "dark-and-identity");
    assert!(encounters.contains("SEAFARER GLORY"), "the listed vessel in the encounter");
    assert!(encounters.contains("2030-01-05T01:00:00Z") && encounters.contains("2030-01-06"));
    assert!(!encounters.contains("2030-02-20"), "the encounter of 20 February is after the period");
    let dark = section(&html, "dark", "identity");
    assert!(dark.contains("went dark for 26 h") && dark.contains("from Nampo"), "{dark}");
    let maritime = section(&html, "maritime", "encounters");
    assert!(maritime.contains("called at Nampo (KP)"));
    assert!(maritime.contains("SEAFARER GLORY"), "the listed vessels table");
    assert!(
        !maritime.contains("loitering"),
        "the unlisted loitering far from the DPRK is left out"
    );
    let identity = section(&html, "identity", "media");
    assert!(identity.contains("two places"));
    let media = section(&html, "media", "list-changes");
    assert!(media.contains("ship to ship transfer") && media.contains("EXAMPLE TRADING LLC"));
    assert!(media.contains("denied"), "the denial is reported, though it raised no alert");
    let changes = section(&html, "list-changes", "method");
    assert!(changes.contains("OCEAN SAMPLE SHIPPING CO"), "added in 2030-02-01");
    assert!(changes.contains("TESTOV, Ivan Petrovich"), "removed in 2030-02-01");
    assert!(
        changes.contains("us_ofac_sdn@2030-01-01") && changes.contains("us_ofac_sdn@2030-02-01")
    );
    let method = section(&html, "method", "evidence");
    assert!(method.contains("encounter.max_distance_m") && method.contains("gap.min_gap_h"));
    assert!(method.contains("do not record the detector configuration"));

    // The JSON holds the same, and --json printed its counts.
    let counts = &json["summary"]["counts"];
    assert_eq!(&printed["counts"], counts);
    assert_eq!(counts["encounters"], 2);
    assert_eq!(counts["dark"], 1, "the 2031 gap is outside the period");
    assert_eq!(counts["identity"], 1);
    assert_eq!(counts["documents"], 3);
    assert_eq!(counts["list_changes"], 2);
    for (key, section) in [("encounters", "encounters"), ("dark", "dark"), ("identity", "identity")]
    {
        let total = &json[section]["total"];
        assert_eq!(&counts[key], total);
        let cell = format!("data-count=\"{section}\">{total}<");
        assert!(html.contains(&cell), "the HTML summary shows {section} = {total}");
    }
    for item in json["encounters"]["items"].as_array().expect("items") {
        let start = item["start"].as_str().expect("a start");
        assert!(start < "2030-02-11", "{start} is in the period");
    }
    let lists = json["summary"]["lists"].as_array().expect("lists in force");
    assert_eq!(lists[0]["label"], "us_ofac_sdn@2030-02-01");
    let encounter = &json["encounters"]["items"][0];
    let evidence_id = encounter["evidence"].as_str().expect("evidence id");
    let evidence = json["evidence"]
        .as_array()
        .expect("evidence")
        .iter()
        .find(|e| e["id"] == evidence_id)
        .expect("the encounter's evidence");
    assert!(evidence["source_file"].as_str().is_some_and(|f| f.ends_with("events.jsonl")));
    assert_eq!(evidence["line"], 1);
    assert_eq!(evidence["refs"][0], "day1.nmea:5");
    // Judged against the version in force when the events were ingested.
    assert_eq!(evidence["list_versions"][0], "us_ofac_sdn@2030-02-01");
    assert!(!evidence["alert_ids"].as_array().expect("alert ids").is_empty());
    Ok(())
}

#[test]
fn every_link_resolves_and_the_page_fetches_nothing() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = planted_store(dir.path())?;
    let Written { html, json, .. } =
        report(&db, &dir.path().join("out"), "2030-01-01", "2030-01-31", 0);
    let ids: BTreeSet<String> = attributes(&html, "id").into_iter().collect();
    let hrefs = attributes(&html, "href");
    for href in &hrefs {
        let target =
            href.strip_prefix('#').unwrap_or_else(|| panic!("a link leaves the page: {href}"));
        assert!(ids.contains(target), "#{target} has no anchor");
    }
    // Every evidence item of the JSON is an anchor, linked from its claim.
    for item in json["evidence"].as_array().expect("evidence") {
        let id = item["id"].as_str().expect("an id");
        assert!(ids.contains(id), "{id} is in the page");
        assert!(hrefs.iter().any(|h| h == &format!("#{id}")), "a claim links to {id}");
    }
    for forbidden in
        [" src=", "<script", "<link", "@import", "url(", "<iframe", "<img", "href=\"http"]
    {
        assert!(!html.contains(forbidden), "the page contains {forbidden}");
    }
    assert!(html.contains("<svg"), "maps are inline SVG");
    assert!(html.contains("no land polygons"), "without land the maps say so");
    Ok(())
}

#[test]
fn bad_dates_and_missing_stores_are_errors() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("none.db").display().to_string();
    let out = dir.path().join("out").display().to_string();
    let run = |from: &str, to: &str, db: &str| {
        vigil_expect(&["report", "--db", db, "--from", from, "--to", to, "--out", &out], 2).1
    };
    let stderr = run("2030-13-01", "2030-12-31", &db);
    assert!(stderr.contains("--from \"2030-13-01\"") && stderr.contains("month 13"), "{stderr}");
    let stderr = run("2030-01-31", "2030-01-01", &db);
    assert!(stderr.contains("ends (2030-01-01) before it begins (2030-01-31)"), "{stderr}");
    let stderr = run("January", "2030-01-31", &db);
    assert!(stderr.contains("YYYY-MM-DD"), "{stderr}");
    assert!(!Path::new(&db).exists(), "a bad date creates no store");
    let stderr = run("2030-01-01", "2030-01-31", &db);
    assert!(stderr.contains("no such store"), "{stderr}");
    assert!(!Path::new(&out).join("report.html").exists());
    Ok(())
}

#[test]
fn an_empty_period_is_written_with_exit_code_one() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = planted_store(dir.path())?;
    let Written { json, .. } =
        report(&db, &dir.path().join("empty"), "2029-01-01", "2029-01-31", 1);
    assert_eq!(json["summary"]["counts"]["events"], 0);
    assert_eq!(json["encounters"]["items"].as_array().map(Vec::len), Some(0));
    Ok(())
}
