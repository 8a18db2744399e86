//! Profiling harness for the scan path (not a benchmark of record: that is
//! `bench/textscan.py`, which runs `vigil scan`). Loads lists, builds the
//! scanner, then scans a text file `REPS` times in 1 MiB chunks the way
//! `vigil scan` streams a large file (boilerplate detection included), and
//! prints wall and CPU seconds of the scanning alone.
//!
//! `cargo run --release -p vigil-text --example scan_profile -- TEXT REPS LIST...`
//!
//! With `COLD=1`, each repetition starts a new session, so that each pays the
//! first pass's work (confirmations by the screening engine, prepared names).
//!
//! With `DUMP=FILE` in the environment, the findings of the first pass are
//! written there as JSON (mentions with entity ids, indicators, IMO numbers,
//! the boilerplate spans),
//! so that a change to the scan path can be checked for identical output:
//! `crates/text/examples/compare_findings.sh OLD NEW` does so for two builds
//! over the benchmark text, the seed article, the development set and a mixed
//! corpus, streamed in large and small chunks.

use std::time::Instant;

fn cpu_seconds() -> f64 {
    // On-CPU nanoseconds of the main thread (Linux); 0 elsewhere.
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next().and_then(|n| n.parse::<f64>().ok()))
        .map_or(0.0, |ns| ns / 1e9)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 3 {
        eprintln!("usage: scan_profile TEXT REPS LIST...");
        std::process::exit(2);
    }
    let text = std::fs::read_to_string(&args[0]).expect("text file");
    let reps: usize = args[1].parse().expect("REPS");
    let paths: Vec<std::path::PathBuf> = args[2..].iter().map(Into::into).collect();
    let mut entities = Vec::new();
    for list in vigil_lists::load_paths(&paths) {
        let list = list.expect("list");
        if let vigil_lists::Contents::Full(e) = list.contents {
            entities.extend(e);
        }
    }
    let t = Instant::now();
    let scanner = vigil_text::Scanner::new(entities);
    eprintln!("build {:.2}s, {} patterns", t.elapsed().as_secs_f64(), scanner.n_patterns());
    let mut session = scanner.session();
    let (wall0, cpu0) = (Instant::now(), cpu_seconds());
    let (mut mentions, mut indicators, mut bytes) = (0, 0, 0);
    let dump = std::env::var("DUMP").ok();
    let chunk_bytes: usize =
        std::env::var("CHUNK").ok().and_then(|c| c.parse().ok()).unwrap_or(1 << 20);
    // COLD=1: a new session per repetition, so that every repetition pays
    // what a session caches (the screening engine's confirmations).
    let cold = std::env::var_os("COLD").is_some();
    for rep in 0..reps {
        // The boilerplate spans of the first pass, in document offsets.
        let mut furniture = Vec::new();
        if cold && rep > 0 {
            session = scanner.session();
        }
        let mut doc = session.begin();
        let mut base = 0;
        while base < text.len() {
            let rest = &text[base..];
            let cut = if rest.len() <= chunk_bytes {
                rest.len()
            } else {
                vigil_text::split_chunks(rest, chunk_bytes)
            };
            let chunk = &rest[..cut];
            let boiler = vigil_text::detect_boilerplate(chunk);
            if rep == 0 && dump.is_some() {
                furniture.extend(boiler.iter().map(|s| (base + s.start, base + s.end)));
            }
            doc.push(chunk, base, &boiler);
            base += cut;
        }
        let f = doc.finish();
        if let (0, Some(path)) = (rep, &dump) {
            let ids: Vec<&str> =
                f.mentions.iter().map(|m| scanner.entity(m.entity).id.as_str()).collect();
            let out = serde_json::json!({
                "about_dprk": f.about_dprk, "dropped": f.dropped, "entity_ids": ids,
                "mentions": f.mentions, "indicators": f.indicators, "imo_numbers": f.imo_numbers,
                "boilerplate": furniture,
            });
            std::fs::write(path, serde_json::to_string_pretty(&out).expect("json")).expect("dump");
        }
        mentions += f.mentions.len();
        indicators += f.indicators.len();
        bytes += text.len();
    }
    let (wall, cpu) = (wall0.elapsed().as_secs_f64(), cpu_seconds() - cpu0);
    println!(
        "bytes={bytes} mentions={mentions} indicators={indicators} wall_s={wall:.3} cpu_s={cpu:.3} \
         mb_per_cpu_s={:.1} mb_per_wall_s={:.1}",
        bytes as f64 / 1e6 / cpu,
        bytes as f64 / 1e6 / wall
    );
}
