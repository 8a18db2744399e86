//! Screening benchmark: index build time and memory, false positives on
//! synthetic non-sanctioned people, recall on UN-listed people, and query
//! throughput, all against the UN, OFAC and UK lists together.
//!
//! Corpus (under `$VIGIL_SHARED/data/sanctions/`, default `VIGIL_SHARED` is
//! `<repo>/../shared`): `un/consolidated_2026-02-27.xml`,
//! `ofac/sdn_2024-05-03.csv`, `ofac/consolidated_non_sdn_2025-12/cons_prim.csv`
//! (with companions), `uk/ConList_2018-04-13.csv`,
//! `uk/uk_sanctions_list_dprk_russia_2026-08-22.derived.jsonl`; queries from
//! `matching/yente_negatives_{global,us}_1000.csv` and
//! `matching/yente_positives_un_untreated.csv`.
//!
//! Notes: single-threaded; throughput is measured over all negative and
//! positive queries (2,683 person queries with birth date, nationality and
//! gender), repeated for about two seconds. RSS is read from
//! `/proc/self/status` (Linux only).
//!
//! Run: `cargo run --release -p vigil-match --example screen_bench [-- --show]`
//! (`--show` prints every false positive and every missed positive).

use std::path::{Path, PathBuf};
use std::time::Instant;

use vigil_match::{Index, Query, SearchOptions, DEFAULT_THRESHOLD};
use vigil_model::{Entity, Gender, PartialDate, Schema};

fn shared() -> PathBuf {
    match std::env::var_os("VIGIL_SHARED") {
        Some(p) => PathBuf::from(p),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"),
    }
}

fn rss_kb(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// CPU time (user + system) of this process in seconds, from
/// `/proc/self/stat` (clock ticks of 1/100 s); robust to other load on the
/// machine, unlike wall time.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit(')').next().unwrap_or("");
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks: f64 = fields.get(11).and_then(|v| v.parse().ok()).unwrap_or(0.0)
        + fields.get(12).and_then(|v| v.parse().ok()).unwrap_or(0.0);
    ticks / 100.0
}

fn load(root: &Path) -> Vec<Entity> {
    let paths: Vec<PathBuf> = [
        "un/consolidated_2026-02-27.xml",
        "ofac/sdn_2024-05-03.csv",
        "ofac/consolidated_non_sdn_2025-12/cons_prim.csv",
        "ofac/consolidated_non_sdn_2025-12/cons_add.csv",
        "ofac/consolidated_non_sdn_2025-12/cons_alt.csv",
        "ofac/consolidated_non_sdn_2025-12/cons_comments.csv",
        "uk/ConList_2018-04-13.csv",
        "uk/uk_sanctions_list_dprk_russia_2026-08-22.derived.jsonl",
    ]
    .iter()
    .map(|p| root.join(p))
    .collect();
    let mut entities = Vec::new();
    for parsed in vigil_lists::load_paths(&paths) {
        match parsed {
            Ok(list) => {
                if let vigil_lists::Contents::Full(mut list_entities) = list.contents {
                    eprintln!(
                        "{}: {} entities ({} record errors)",
                        list.list,
                        list_entities.len(),
                        list.errors.len()
                    );
                    entities.append(&mut list_entities);
                }
            }
            Err(e) => eprintln!("error: {e}"),
        }
    }
    entities
}

struct Person {
    query: Query,
}

fn read_people(path: &Path) -> Vec<Person> {
    let mut reader =
        csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut out = Vec::new();
    for rec in reader.records() {
        let rec = rec.expect("csv record");
        let gender = match &rec[4] {
            "male" => Some(Gender::Male),
            "female" => Some(Gender::Female),
            _ => None,
        };
        let nationality = rec[7].trim();
        out.push(Person {
            query: Query {
                schema: Some(Schema::Person),
                names: vec![rec[0].to_string()],
                birth_date: PartialDate::parse_iso(&rec[5]),
                countries: if nationality.is_empty() {
                    vec![]
                } else {
                    vec![nationality.to_string()]
                },
                gender,
                ..Query::default()
            },
        });
    }
    out
}

fn main() {
    let show = std::env::args().any(|a| a == "--show");
    let root = shared().join("data/sanctions");
    let entities = load(&root);
    let names: usize = entities.iter().map(|e| e.names.len()).sum();
    let rss_before = rss_kb("VmRSS:");
    let t = Instant::now();
    let index = Index::build(entities);
    let build = t.elapsed();
    let rss_after = rss_kb("VmRSS:");
    println!(
        "index: {} entities, {names} names; build {:.0} ms; RSS {} MB before build, {} MB after (peak {} MB)",
        index.len(),
        build.as_secs_f64() * 1000.0,
        rss_before / 1024,
        rss_after / 1024,
        rss_kb("VmHWM:") / 1024
    );
    let options = SearchOptions { threshold: DEFAULT_THRESHOLD, limit: 10 };
    let m = root.join("matching");
    let mut all_queries: Vec<Query> = Vec::new();
    for file in ["yente_negatives_global_1000.csv", "yente_negatives_us_1000.csv"] {
        let people = read_people(&m.join(file));
        let mut flagged = 0;
        for p in &people {
            let hits = index.search(&p.query, &options);
            if let Some(h) = hits.first() {
                flagged += 1;
                if show {
                    let e = index.entity(h.entity);
                    println!(
                        "  FP {:.3} {:?} -> {} [{}] {}",
                        h.score, p.query.names[0], e.caption, e.id, h.explanation.method
                    );
                }
            }
        }
        println!("{file}: {flagged}/{} flagged at {DEFAULT_THRESHOLD}", people.len());
        all_queries.extend(people.into_iter().map(|p| p.query));
    }
    let people = read_people(&m.join("yente_positives_un_untreated.csv"));
    let (mut found, mut found_un) = (0, 0);
    for p in &people {
        let hits = index.search(&p.query, &options);
        if !hits.is_empty() {
            found += 1;
        }
        if hits.iter().any(|h| index.entity(h.entity).provenance.list == "un_sc") {
            found_un += 1;
        } else if show {
            println!(
                "  miss {:?} {:?}",
                p.query.names[0],
                p.query.birth_date.map(|d| d.to_string())
            );
        }
    }
    println!(
        "yente_positives_un_untreated.csv: {found}/{} have a hit, {found_un} have a UN-list hit",
        people.len()
    );
    all_queries.extend(people.into_iter().map(|p| p.query));
    // Cost of preparing the query names alone (part of every search).
    let t = Instant::now();
    let mut tokens = 0usize;
    for q in &all_queries {
        for v in vigil_match::prepare::prepare(&q.names[0], vigil_match::prepare::NameClass::Person)
        {
            tokens += v.tokens.len();
        }
    }
    println!(
        "query preparation alone: {:.1} µs/query ({tokens} tokens)",
        t.elapsed().as_secs_f64() / all_queries.len() as f64 * 1e6
    );
    // Throughput: all queries, then the Latin-script ones alone (the
    // others pay for transliteration into several variants).
    let seconds: f64 =
        std::env::var("VIGIL_BENCH_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(2.0);
    let latin: Vec<Query> = all_queries
        .iter()
        .filter(|q| vigil_match::normalize::is_latin(&q.names[0]))
        .cloned()
        .collect();
    for (label, queries) in [("all queries", &all_queries), ("Latin-script queries", &latin)] {
        let mut rounds = 0usize;
        let mut hits_total = 0usize;
        let t = Instant::now();
        let cpu_start = cpu_seconds();
        while t.elapsed().as_secs_f64() < seconds {
            for q in queries.iter() {
                hits_total += index.search(q, &options).len();
            }
            rounds += 1;
        }
        let elapsed = t.elapsed().as_secs_f64();
        let cpu = cpu_seconds() - cpu_start;
        let n = (rounds * queries.len()) as f64;
        println!(
            "throughput, {label}: {:.0} queries/s wall ({:.1} µs/query), {:.0} queries/s by CPU time ({:.1} µs/query); {} queries × {rounds} rounds; {hits_total} hits",
            n / elapsed,
            elapsed / n * 1e6,
            n / cpu.max(1e-9),
            cpu / n * 1e6,
            queries.len()
        );
    }
}
