//! Quality checks against the shared evaluation data: the nomenklatura name
//! bench (F1 at the default threshold), watchman's cross-script pairs and the
//! Putin spellings. Each test skips with a message when the data is absent.
//!
//! The data lives in `$VIGIL_SHARED/data/sanctions/matching/` (default
//! `VIGIL_SHARED` is `<repo>/../shared`).

use std::path::PathBuf;

use vigil_match::{compare_names, DEFAULT_THRESHOLD};
use vigil_model::Schema;

fn matching_dir() -> Option<PathBuf> {
    vigil_testdata::shared_file("sanctions/matching")
}

#[test]
fn name_bench_f1_at_default_threshold() {
    let Some(dir) = matching_dir() else { return };
    let mut reader = csv::Reader::from_path(dir.join("nomenklatura_name_bench_cases.csv")).unwrap();
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    for rec in reader.records() {
        let rec = rec.unwrap();
        let truth = &rec[4] == "true";
        let predicted =
            compare_names(Schema::parse(&rec[1]), &rec[2], &rec[3]) >= DEFAULT_THRESHOLD;
        match (truth, predicted) {
            (true, true) => tp += 1,
            (false, true) => fp += 1,
            (true, false) => fn_ += 1,
            _ => {}
        }
    }
    let precision = tp as f64 / (tp + fp) as f64;
    let recall = tp as f64 / (tp + fn_) as f64;
    let f1 = 2.0 * precision * recall / (precision + recall);
    eprintln!("name bench: P {precision:.3} R {recall:.3} F1 {f1:.3} (TP {tp} FP {fp} FN {fn_})");
    assert!(f1 >= 0.88, "F1 {f1:.3} below 0.88");
}

#[test]
fn cross_script_pairs_reach_min_score() {
    let Some(dir) = matching_dir() else { return };
    let text = std::fs::read_to_string(dir.join("watchman_cross_script_pairs.csv")).unwrap();
    let mut failures = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
        let cols: Vec<&str> = line.split(',').collect();
        let min: f64 = cols[2].parse().unwrap();
        let score = compare_names(Some(Schema::Person), cols[0], cols[1]);
        if score < min {
            failures.push(format!("{} | {}: {score:.3} < {min}", cols[0], cols[1]));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

/// Whether a line is in one of the scripts the matcher must handle: Latin,
/// Cyrillic, Hangul, Greek, Armenian, Georgian.
fn required_script(line: &str) -> bool {
    line.chars().filter(|c| c.is_alphabetic()).all(|c| {
        matches!(c as u32,
            0x0000..=0x024F | 0x1E00..=0x1EFF | 0x0370..=0x03FF | 0x1F00..=0x1FFF | 0x0400..=0x052F
            | 0x0530..=0x058F | 0x10A0..=0x10FF | 0x1C90..=0x1CBF | 0xAC00..=0xD7AF | 0x1100..=0x11FF | 0x0300..=0x036F)
    })
}

#[test]
fn putin_names_match_in_required_scripts() {
    let Some(dir) = matching_dir() else { return };
    let text = std::fs::read_to_string(dir.join("putin_names.txt")).unwrap();
    let (mut required, mut other, mut other_ok) = (0, 0, 0);
    let mut failures = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let score = compare_names(Some(Schema::Person), line, "PUTIN, Vladimir Vladimirovich");
        if required_script(line) {
            required += 1;
            if score < DEFAULT_THRESHOLD {
                failures.push(format!("{line}: {score:.3}"));
            }
        } else {
            other += 1;
            if score >= DEFAULT_THRESHOLD {
                other_ok += 1;
            }
        }
    }
    eprintln!("putin: {required} lines in required scripts, {other_ok}/{other} others match");
    assert_eq!(required, 65);
    assert!(failures.is_empty(), "{failures:#?}");
}
