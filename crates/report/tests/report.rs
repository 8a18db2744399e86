//! The report built from a store filled through the store's own API: every
//! section holds what was planted, nothing outside the period, every link
//! resolves, the HTML makes no external request, and the JSON says what
//! the HTML says.

use std::collections::BTreeSet;

use serde_json::{json, Value};
use vigil_lists::{Contents, Format, ParsedList};
use vigil_model::{Entity, IdKind, Identifier, Provenance, Schema};
use vigil_report::{Limits, Options, Period, Report};
use vigil_store::{
    DocumentRecord, EventRecord, IndicatorRecord, LineRecord, MentionRecord, PositionRecord,
    Record, SourceKind, Store,
};

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn entity(id: &str, schema: Schema, caption: &str, version: &str) -> Entity {
    Entity::new(id, schema, caption, Provenance::new("demo", id, version))
}

fn list(version: &str, entities: Vec<Entity>) -> ParsedList {
    ParsedList {
        format: Format::OfacSdn,
        list: "demo".into(),
        version: version.into(),
        sources: vec![],
        contents: Contents::Full(entities),
        errors: vec![],
        skipped: Default::default(),
    }
}

fn vessel(version: &str) -> Entity {
    let mut vessel = entity("demo-1", Schema::Vessel, "SEAFARER GLORY", version);
    for (kind, value) in [(IdKind::Imo, "9000003"), (IdKind::Mmsi, "445000001")] {
        vessel.identifiers.push(Identifier {
            kind,
            value: value.into(),
            country: None,
            note: None,
        });
    }
    vessel
}

fn event(
    kind: &str,
    mmsi: &[u32],
    start: &str,
    end: &str,
    at: (f64, f64),
    details: Value,
) -> Record {
    Record::Event(EventRecord {
        kind: kind.into(),
        mmsi: mmsi.to_vec(),
        start: start.into(),
        end: end.into(),
        lat: Some(at.0),
        lon: Some(at.1),
        details: details.as_object().cloned().unwrap_or_default(),
        listed: vec![],
        evidence: vec![format!("day.nmea:{}", start.len())],
    })
}

fn document(source: &str, date: &str, entity_id: Option<&str>, category: &str) -> Record {
    let text = "EXAMPLE TRADING LLC arranged a ship-to-ship transfer of oil.";
    let mentions = entity_id
        .map(|id| MentionRecord {
            entity_id: Some(id.into()),
            caption: Some("EXAMPLE TRADING LLC".into()),
            list: Some("demo".into()),
            text: "EXAMPLE TRADING LLC".into(),
            start: 0,
            end: 19,
            score: 1.0,
        })
        .into_iter()
        .collect::<Vec<_>>();
    let indicators = vec![IndicatorRecord {
        category: category.into(),
        trigger: "ship-to-ship transfer".into(),
        stance: "asserted".into(),
        start: 31,
        end: 52,
    }];
    let data = json!({
        "source": source, "title": format!("Report {source}"), "date": date, "text": text,
        "mentions": mentions, "indicators": indicators,
    });
    Record::Document(Box::new(DocumentRecord {
        sha256: format!("{source:0>64}"),
        source: source.into(),
        title: Some(format!("Report {source}")),
        date: Some(date.into()),
        language: Some("en".into()),
        text: Some(text.into()),
        mentions,
        indicators,
        data,
    }))
}

fn ingest(store: &mut Store, kind: SourceKind, path: &str, records: Vec<Record>) -> TestResult {
    let source = store.open_source(kind, path, &format!("{path:0>64}"))?;
    let lines: Vec<LineRecord> = records
        .into_iter()
        .enumerate()
        .map(|(i, record)| LineRecord { line: i as u64 + 1, record })
        .collect();
    let next = lines.len() as u64 + 1;
    store.commit_batch(source.id, &lines, next, 0)?;
    store.finish_source(source.id)?;
    Ok(())
}

/// Two list versions (demo-2 removed, demo-4 added), positions, events in
/// and out of January 2030, and documents in and out of it.
fn planted_store() -> Result<Store, Box<dyn std::error::Error>> {
    let mut store = Store::open_in_memory()?;
    store.import(&list(
        "2030-01-01",
        vec![
            vessel("2030-01-01"),
            entity("demo-2", Schema::Person, "TESTOV, Ivan", "2030-01-01"),
            entity("demo-3", Schema::Company, "EXAMPLE TRADING LLC", "2030-01-01"),
        ],
    ))?;
    store.import(&list(
        "2030-01-20",
        vec![
            vessel("2030-01-20"),
            entity("demo-3", Schema::Company, "EXAMPLE TRADING LLC", "2030-01-20"),
            entity("demo-4", Schema::Company, "OCEAN SAMPLE SHIPPING CO", "2030-01-20"),
        ],
    ))?;
    let mut positions = Vec::new();
    for minute in 0..240 {
        let ts = format!("2030-01-05T{:02}:{:02}:00Z", 1 + minute / 60, minute % 60);
        for (mmsi, offset) in [(445000001u32, 0.0), (412000002, 0.001)] {
            positions.push(Record::Position(PositionRecord {
                mmsi,
                ts: ts.clone(),
                lat: 38.1 + offset + minute as f64 * 1e-4,
                lon: 124.5 + offset,
                speed: Some(0.4),
                course: Some(90.0),
                src: Some(format!("day1.nmea:{}", minute + 1)),
            }));
        }
    }
    ingest(&mut store, SourceKind::Ais, "ais.jsonl", positions)?;
    let events = vec![
        event(
            "encounter",
            &[445000001, 412000002],
            "2030-01-05T01:00:00Z",
            "2030-01-05T05:00:00Z",
            (38.1, 124.5),
            json!({"median_distance_m": 120.0, "duration_h": 4.0}),
        ),
        event(
            "gap",
            &[412000005],
            "2030-01-15T00:00:00Z",
            "2030-01-16T02:00:00Z",
            (38.6, 125.2),
            json!({"gap_h": 26.0, "likely_intentional": true, "off_lat": 38.6, "off_lon": 125.2, "on_lat": 38.9, "on_lon": 124.8}),
        ),
        event(
            "port_call",
            &[412000003],
            "2030-01-10T00:00:00Z",
            "2030-01-11T00:00:00Z",
            (38.73, 125.38),
            json!({"port": "Nampo", "country": "KP", "stopped_h": 20.0}),
        ),
        event(
            "identity",
            &[412000006],
            "2030-01-20T00:00:00Z",
            "2030-01-20T03:00:00Z",
            (35.0, 129.0),
            json!({"anomaly": "two_places", "conflicts": 4}),
        ),
        event(
            "loitering",
            &[412000004],
            "2030-01-12T00:00:00Z",
            "2030-01-12T06:00:00Z",
            (20.0, 120.0),
            json!({"hours": 6}),
        ),
        event(
            "encounter",
            &[445000001, 412000002],
            "2030-03-10T01:00:00Z",
            "2030-03-10T05:00:00Z",
            (39.0, 124.0),
            json!({}),
        ),
    ];
    ingest(&mut store, SourceKind::Events, "events.jsonl", events)?;
    let documents = vec![
        document("articles/jan.html", "2030-01-07", Some("demo-3"), "ship_to_ship_transfer"),
        document("articles/apr.html", "2030-04-01", Some("demo-3"), "oil_imports"),
    ];
    ingest(&mut store, SourceKind::Docs, "scan.jsonl", documents)?;
    Ok(store)
}

fn options() -> Options {
    Options { generated_at: Some("2030-02-01T00:00:00Z".into()), ..Options::default() }
}

fn html_of(report: &Report) -> String {
    let mut html = Vec::new();
    report.write_html(&mut html).expect("HTML written");
    String::from_utf8(html).expect("UTF-8")
}

/// Values of an attribute (`id="…"`, `href="…"`) in the page.
fn attributes(html: &str, name: &str) -> Vec<String> {
    let needle = format!(" {name}=\"");
    html.split(&needle)
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap_or("").to_string())
        .collect()
}

#[test]
fn sections_hold_what_was_planted_and_nothing_outside_the_period() -> TestResult {
    let store = planted_store()?;
    let period = Period::parse("2030-01-01", "2030-01-31")?;
    let report = Report::build(&store, &period, &options())?;

    let encounter = &report.encounters.items;
    assert_eq!(encounter.len(), 1, "the March encounter is outside the period");
    assert_eq!(encounter[0].listed[0].caption, "SEAFARER GLORY");
    assert!(encounter[0].summary.contains("120 m apart"), "{}", encounter[0].summary);
    assert!(encounter[0].map, "an encounter with stored positions has a map");
    let listed = &report.maritime.listed_vessels;
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].vessel.mmsi, 445000001, "the listed one of the two");
    assert_eq!(listed[0].findings, vec![encounter[0].anchor.clone()]);

    let gap = &report.dark.items[0];
    assert_eq!(gap.near_dprk_port.as_ref().map(|p| p.name.as_str()), Some("Nampo"));
    assert!(gap.summary.contains("went dark for 26 h, likely intentionally"), "{}", gap.summary);

    let port_call = &report.maritime.events.items;
    assert_eq!(port_call.len(), 1, "the loitering far from the DPRK is not in the section");
    assert!(port_call[0].dprk && port_call[0].summary.contains("called at Nampo (KP)"));
    assert!(!port_call[0].alerts.is_empty(), "a DPRK port call raises an alert");

    assert_eq!(report.identity.items.len(), 1);
    assert_eq!(report.summary.counts.events, 5, "six events, one outside the period");

    let groups = &report.media.indicators;
    assert_eq!(groups.len(), 1, "the April article is outside the period: {groups:#?}");
    assert_eq!(groups[0].category, "ship_to_ship_transfer");
    let claim = &groups[0].claims[0];
    assert_eq!(claim.mentions[0].entity_id, "demo-3");
    assert_eq!(claim.quote.as_deref(), Some("ship-to-ship transfer"));

    let changes = &report.list_changes.items;
    assert_eq!(changes.len(), 2, "both versions are dated in January");
    assert!(changes[0].from.is_none(), "the first version has nothing before it");
    let change = &changes[1];
    assert_eq!((change.n_added, change.n_removed, change.n_changed), (1, 1, 0));
    assert_eq!(change.added[0].entity_id, "demo-4");
    assert_eq!(change.removed[0].entity_id, "demo-2");

    // A period with none of it: February.
    let february = Report::build(&store, &Period::parse("2030-02-01", "2030-02-28")?, &options())?;
    assert_eq!(february.summary.counts.events, 0);
    assert_eq!(february.summary.counts.documents, 0);
    assert!(february.list_changes.items.is_empty());
    Ok(())
}

#[test]
fn every_link_resolves_and_nothing_is_fetched() -> TestResult {
    let store = planted_store()?;
    let report = Report::build(&store, &Period::parse("2030-01-01", "2030-01-31")?, &options())?;
    let html = html_of(&report);
    let ids: BTreeSet<String> = attributes(&html, "id").into_iter().collect();
    let hrefs = attributes(&html, "href");
    assert!(hrefs.len() > 20, "links: {hrefs:?}");
    for href in &hrefs {
        let target = href.strip_prefix('#').unwrap_or_else(|| panic!("external link {href}"));
        assert!(ids.contains(target), "link #{target} has no anchor");
    }
    for finding in report.encounters.items.iter().chain(&report.dark.items) {
        assert!(
            hrefs.contains(&format!("#{}", finding.evidence)),
            "{} links its evidence",
            finding.anchor
        );
    }
    for forbidden in [" src=", "<script", "<link", "@import", "url(", "<iframe", "<img"] {
        assert!(!html.contains(forbidden), "the page contains {forbidden}");
    }
    assert!(!html.contains("href=\"http"), "no link leaves the page");
    assert!(hrefs.contains(&"#method-encounter".to_string()), "findings link their thresholds");
    // Every evidence item names its source and is linked back from its claim.
    for item in &report.evidence {
        assert!(!item.source_file.is_empty(), "{item:?}");
        assert!(ids.contains(&item.claim), "evidence {} supports a claim in the page", item.id);
    }
    let encounter_evidence = report
        .evidence
        .iter()
        .find(|e| e.claim == report.encounters.items[0].anchor)
        .expect("evidence");
    assert_eq!(encounter_evidence.source_file, "events.jsonl");
    assert_eq!(encounter_evidence.line, Some(1));
    assert_eq!(encounter_evidence.list_versions, vec!["demo@2030-01-20"]);
    assert!(!encounter_evidence.alert_ids.is_empty());
    Ok(())
}

#[test]
fn json_says_what_the_html_says() -> TestResult {
    let store = planted_store()?;
    let report = Report::build(&store, &Period::parse("2030-01-01", "2030-01-31")?, &options())?;
    let mut bytes = Vec::new();
    report.write_json(&mut bytes)?;
    let json: Value = serde_json::from_slice(&bytes)?;
    assert_eq!(json["format"], "vigil-report/1");
    assert_eq!(json["period"], json!({"from": "2030-01-01", "to": "2030-01-31"}));
    let html = html_of(&report);
    for (section, key) in [("encounters", "encounters"), ("dark", "dark"), ("identity", "identity")]
    {
        let total = json[section]["total"].as_u64().expect("a total");
        assert_eq!(json["summary"]["counts"][key], total);
        let cell = format!("data-count=\"{section}\">{total}<");
        assert!(html.contains(&cell), "the HTML summary shows {section} = {total}");
        for item in json[section]["items"].as_array().expect("items") {
            let anchor = item["anchor"].as_str().expect("an anchor");
            assert!(html.contains(&format!("id=\"{anchor}\"")), "{anchor} is in the page");
        }
    }
    let evidence_ids: BTreeSet<&str> = json["evidence"]
        .as_array()
        .expect("evidence")
        .iter()
        .filter_map(|e| e["id"].as_str())
        .collect();
    assert_eq!(evidence_ids.len(), report.evidence.len());
    let thresholds = json["method"]["thresholds"].as_array().expect("thresholds");
    assert!(thresholds
        .iter()
        .any(|t| t["name"] == "encounter.max_distance_m" && t["value"] == "500"));
    assert_eq!(json["method"]["config_recorded_with_events"], false);
    Ok(())
}

#[test]
fn limits_bound_sections_and_say_so() -> TestResult {
    let store = planted_store()?;
    let options = Options {
        limits: Limits { items_per_section: 1, maps_per_section: 0, ..Limits::default() },
        ..options()
    };
    let report = Report::build(&store, &Period::parse("2030-01-01", "2030-01-31")?, &options)?;
    assert_eq!(report.list_changes.total, 2);
    assert_eq!(report.list_changes.items.len(), 1);
    assert!(report.list_changes.note.is_some());
    assert!(report.encounters.items.iter().all(|f| !f.map));
    Ok(())
}

#[test]
fn the_same_store_gives_the_same_bytes() -> TestResult {
    let store = planted_store()?;
    let period = Period::parse("2030-01-01", "2030-01-31")?;
    let first = html_of(&Report::build(&store, &period, &options())?);
    let second = html_of(&Report::build(&store, &period, &options())?);
    assert_eq!(first, second);
    assert!(first.contains("no land polygons"), "without land the maps say so");
    Ok(())
}

#[test]
fn write_dir_writes_both_files() -> TestResult {
    let store = planted_store()?;
    let dir = tempfile::tempdir()?;
    let out = dir.path().join("jan");
    let report =
        vigil_report::write_dir(&store, &Period::parse("2030-01-01", "2030-01-31")?, &out)?;
    let html = std::fs::read_to_string(out.join(vigil_report::HTML_FILE))?;
    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join(vigil_report::JSON_FILE))?)?;
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert_eq!(json["summary"]["counts"]["encounters"], report.summary.counts.encounters);
    Ok(())
}

/// With Natural Earth land (`$VIGIL_LAND` or `tools/geo`, skipped when
/// absent), every map draws a coastline clipped to itself, and the page
/// stays small.
#[test]
fn maps_draw_clipped_land_when_there_is_some() -> TestResult {
    let Some((land, path)) = vigil_geo::Land::discover() else {
        eprintln!("note: no land polygons (VIGIL_LAND or tools/geo/node_modules); test skipped");
        return Ok(());
    };
    let store = planted_store()?;
    let options =
        Options { land: Some(land), land_source: Some(path.display().to_string()), ..options() };
    let report = Report::build(&store, &Period::parse("2030-01-01", "2030-01-31")?, &options)?;
    let html = html_of(&report);
    let n_maps = html.matches("<svg").count();
    assert!(n_maps >= 4, "{n_maps} maps");
    assert_eq!(html.matches("<path d=\"M").count(), n_maps, "every map off Korea shows land");
    assert!(!html.contains("no land polygons"));
    assert!(html.len() < 400_000, "{} bytes for {n_maps} maps", html.len());
    Ok(())
}
