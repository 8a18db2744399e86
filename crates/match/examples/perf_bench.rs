//! Throughput benchmark and result dump for performance work.
//!
//! `pairs`: `compare_names` over the nomenklatura name bench (826 pairs),
//! repeated; prints µs/pair (median of the rounds) and, with `--dump FILE`,
//! writes every pair's score (`{:.17}`) so that two builds can be diffed.
//!
//! `search`: `Index::search` over UN, OFAC SDN 2024-05-03, OFAC consolidated,
//! UK ConList 2018, UK derived jsonl and the FtM t1 file, with the names-only
//! query mix (no schema) from the `full_name` column of the yente negatives
//! (global, us) and positives (UN, US congress); prints build time and
//! queries/s (median of the rounds). `--dump FILE` writes the top-5 hits (id,
//! score) of every query, both names-only and in the screen_bench form
//! (person schema, birth date, nationality, gender).
//!
//! Run: `cargo run --release -p vigil-match --example perf_bench -- pairs [--dump F] [--rounds N]`
//! or `... -- search [--dump F] [--rounds N]`.
//! For instruction counts under valgrind: `pairs --rounds 1 --reps 1`, and
//! `search --rounds 1` with `--toggle-collect='*Index*search*'`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use vigil_match::{compare_names, Index, Query, SearchOptions, DEFAULT_THRESHOLD};
use vigil_model::{Entity, Gender, PartialDate, Schema};

fn shared() -> PathBuf {
    match std::env::var_os("VIGIL_SHARED") {
        Some(p) => PathBuf::from(p),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"),
    }
}

fn arg_value(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1).cloned())
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

fn pairs(rounds: usize, reps: usize) {
    let path = shared().join("data/sanctions/matching/nomenklatura_name_bench_cases.csv");
    let mut reader = csv::Reader::from_path(&path).expect("bench csv");
    let rows: Vec<(Option<Schema>, String, String)> = reader
        .records()
        .map(|r| {
            let r = r.expect("record");
            (Schema::parse(&r[1]), r[2].to_string(), r[3].to_string())
        })
        .collect();
    if let Some(file) = arg_value("--dump") {
        let mut out = std::fs::File::create(file).expect("dump file");
        for (schema, a, b) in &rows {
            let s = compare_names(*schema, a, b);
            writeln!(out, "{s:.17}\t{a}\t{b}").unwrap();
        }
    }
    let mut per_pair = Vec::new();
    let mut sink = 0.0;
    for _ in 0..rounds {
        let t = Instant::now();
        for _ in 0..reps {
            for (schema, a, b) in &rows {
                sink += compare_names(*schema, a, b);
            }
        }
        per_pair.push(t.elapsed().as_secs_f64() / (reps * rows.len()) as f64 * 1e6);
    }
    let m = median(per_pair.clone());
    println!(
        "pairs: {} × {reps} × {rounds} rounds; median {m:.3} µs/pair ({:.0} pairs/s); min {:.3}; sink {sink:.1}",
        rows.len(),
        1e6 / m,
        per_pair.iter().cloned().fold(f64::MAX, f64::min)
    );
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
        "opensanctions_ftm/yente_t1_eu_fsf_entities.ftm.json",
    ]
    .iter()
    .map(|p| root.join(p))
    .collect();
    let mut entities = Vec::new();
    for parsed in vigil_lists::load_paths(&paths) {
        match parsed {
            Ok(list) => {
                if let vigil_lists::Contents::Full(mut list_entities) = list.contents {
                    entities.append(&mut list_entities);
                }
            }
            Err(e) => eprintln!("error: {e}"),
        }
    }
    entities
}

/// (names-only query, screen_bench-style query or None for congress)
fn read_queries(path: &Path, with_person: bool) -> Vec<(Query, Option<Query>)> {
    let mut reader = csv::Reader::from_path(path).expect("query csv");
    let mut out = Vec::new();
    for rec in reader.records() {
        let rec = rec.expect("csv record");
        let plain = Query { names: vec![rec[0].to_string()], ..Query::default() };
        let person = with_person.then(|| {
            let gender = match &rec[4] {
                "male" => Some(Gender::Male),
                "female" => Some(Gender::Female),
                _ => None,
            };
            let nationality = rec[7].trim();
            Query {
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
            }
        });
        out.push((plain, person));
    }
    out
}

fn search(rounds: usize) {
    let root = shared().join("data/sanctions");
    let entities = load(&root);
    let t = Instant::now();
    let index = Index::build(entities);
    let build = t.elapsed().as_secs_f64() * 1000.0;
    let m = root.join("matching");
    let mut queries = Vec::new();
    for (file, person) in [
        ("yente_negatives_global_1000.csv", true),
        ("yente_negatives_us_1000.csv", true),
        ("yente_positives_un_untreated.csv", true),
        ("yente_positives_us_congress_untreated.csv", false),
    ] {
        queries.extend(read_queries(&m.join(file), person));
    }
    let options = SearchOptions { threshold: DEFAULT_THRESHOLD, limit: 10 };
    if let Some(file) = arg_value("--dump") {
        let mut out = std::io::BufWriter::new(std::fs::File::create(file).expect("dump"));
        for (plain, person) in &queries {
            for (label, q) in [("plain", Some(plain)), ("person", person.as_ref())] {
                let Some(q) = q else { continue };
                let hits = index.search(q, &options);
                write!(out, "{label}\t{}", q.names[0]).unwrap();
                for h in hits.iter().take(5) {
                    write!(out, "\t{}={:.17}", index.entity(h.entity).id, h.score).unwrap();
                }
                writeln!(out).unwrap();
            }
        }
    }
    let plain: Vec<&Query> = queries.iter().map(|(p, _)| p).collect();
    let mut qps = Vec::new();
    let mut hits_total = 0;
    for _ in 0..rounds {
        let t = Instant::now();
        for q in &plain {
            hits_total += index.search(q, &options).len();
        }
        qps.push(plain.len() as f64 / t.elapsed().as_secs_f64());
    }
    let m = median(qps.clone());
    println!(
        "search: {} entities, build {build:.0} ms; {} queries × {rounds} rounds; median {m:.0} q/s ({:.1} µs/query); max {:.0}; {hits_total} hits",
        index.len(),
        plain.len(),
        1e6 / m,
        qps.iter().cloned().fold(0.0, f64::max)
    );
}

fn main() {
    let mode = std::env::args().nth(1).unwrap_or_default();
    let rounds: usize = arg_value("--rounds").and_then(|s| s.parse().ok()).unwrap_or(7);
    match mode.as_str() {
        "pairs" => pairs(rounds, arg_value("--reps").and_then(|s| s.parse().ok()).unwrap_or(20)),
        "search" => search(rounds),
        _ => {
            eprintln!("usage: perf_bench pairs|search [--dump FILE] [--rounds N]");
            std::process::exit(2);
        }
    }
}
