//! Name-pair benchmark: precision, recall and F1 of `compare_names` over the
//! nomenklatura name bench (826 labelled pairs), at a range of thresholds.
//!
//! Corpus: `$VIGIL_SHARED/data/sanctions/matching/nomenklatura_name_bench_cases.csv`
//! (default `VIGIL_SHARED` is `<repo>/../shared`).
//!
//! Run: `cargo run --release -p vigil-match --example name_bench [-- --errors]`
//! (`--errors` lists the misclassified pairs at the default threshold).

use std::path::PathBuf;

use vigil_match::{compare_names, DEFAULT_THRESHOLD};
use vigil_model::Schema;

fn shared() -> PathBuf {
    match std::env::var_os("VIGIL_SHARED") {
        Some(p) => PathBuf::from(p),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"),
    }
}

fn main() {
    let path = shared().join("data/sanctions/matching/nomenklatura_name_bench_cases.csv");
    let show_errors = std::env::args().any(|a| a == "--errors");
    let mut reader =
        csv::Reader::from_path(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut rows: Vec<(bool, f64, String, String, String, String)> = Vec::new();
    for rec in reader.records() {
        let rec = rec.expect("csv record");
        let schema = Schema::parse(&rec[1]);
        let truth = &rec[4] == "true";
        let score = compare_names(schema, &rec[2], &rec[3]);
        rows.push((
            truth,
            score,
            rec[1].to_string(),
            rec[2].to_string(),
            rec[3].to_string(),
            rec[7].to_string(),
        ));
    }
    println!("pairs: {}", rows.len());
    println!("threshold  P      R      F1     FP   FN");
    for step in 60..=95 {
        // Exact hundredths, so that the default threshold's row is exact.
        let t = f64::from(step) / 100.0;
        let (mut tp, mut fp, mut fn_) = (0, 0, 0);
        for (truth, score, ..) in &rows {
            match (*truth, *score >= t) {
                (true, true) => tp += 1,
                (false, true) => fp += 1,
                (true, false) => fn_ += 1,
                _ => {}
            }
        }
        let p = tp as f64 / (tp + fp).max(1) as f64;
        let r = tp as f64 / (tp + fn_).max(1) as f64;
        let f1 = 2.0 * p * r / (p + r).max(1e-9);
        let mark = if (t - DEFAULT_THRESHOLD).abs() < 0.0051 { " <- default" } else { "" };
        println!("{t:.2}       {p:.3}  {r:.3}  {f1:.3}  {fp:<4} {fn_:<4}{mark}");
    }
    if show_errors {
        for (truth, score, schema, a, b, notes) in &rows {
            if *truth != (*score >= DEFAULT_THRESHOLD) {
                let kind = if *truth { "FN" } else { "FP" };
                println!("{kind} {score:.3} {schema:<12} {a} | {b} | {notes}");
            }
        }
    }
}
