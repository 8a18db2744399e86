//! Every pair of `watchman_cross_script_pairs.csv` (shared data: a query in
//! some script, the expected Latin name and the score a matcher should
//! reach) must be matchable through [`latin_variants`]: some variant of the
//! query must be close to the expected name, folded.
//!
//! "Close" is measured the way a token matcher that joins split tokens
//! (`kim jong un` ~ `kim jongun`) and ignores token order would see it: the
//! Levenshtein distance between the joined tokens, in query order and sorted,
//! whichever is smaller, normalised by the longer length. The similarity
//! must reach the pair's minimum score and the distance stay within a quarter
//! of the length.
//!
//! The data lives outside the repository: set `VIGIL_SHARED` or keep `shared/`
//! next to the work tree; the test is skipped when the file is missing.

use std::path::PathBuf;

use vigil_match::translit::{latin_variants, MAX_VARIANTS};

use vigil_testdata::levenshtein;

/// The tokens of `s` joined in order and sorted.
fn keys(s: &str) -> [String; 2] {
    let mut toks: Vec<&str> = s.split(' ').filter(|t| !t.is_empty()).collect();
    let joined = toks.concat();
    toks.sort_unstable();
    [joined, toks.concat()]
}

/// Similarity in 0..=1 of a variant and the folded expected name, and the
/// edit distance it comes from.
fn similarity(variant: &str, expected: &str) -> (f64, usize) {
    let (v, e) = (keys(variant), keys(expected));
    let mut best = (0.0, usize::MAX);
    for (a, b) in v.iter().zip(&e) {
        let d = levenshtein(a, b);
        let len = a.len().max(b.len()).max(1);
        let sim = 1.0 - d as f64 / len as f64;
        if sim > best.0 || best.1 == usize::MAX {
            best = (sim, d);
        }
    }
    best
}

/// The best variant of `query` for `expected`: (variant, similarity,
/// whether it passes for `min_score`).
fn judge(query: &str, expected: &str, min_score: f64) -> (String, f64, bool) {
    let folded = latin_variants(expected).into_iter().next().unwrap_or_default();
    let mut best = (String::new(), 0.0, false);
    for v in latin_variants(query) {
        let (sim, dist) = similarity(&v, &folded);
        let len = keys(&folded)[0].len();
        let pass = sim >= min_score && dist * 4 <= len;
        if (pass, sim) > (best.2, best.1) {
            best = (v, sim, pass);
        }
    }
    best
}

fn shared() -> PathBuf {
    vigil_testdata::shared_root()
}

#[test]
fn watchman_cross_script_pairs() -> Result<(), Box<dyn std::error::Error>> {
    let path = shared().join("data/sanctions/matching/watchman_cross_script_pairs.csv");
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("skip: {} not found", path.display());
        return Ok(());
    };
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .comment(Some(b'#'))
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut failures = Vec::new();
    let mut pairs = 0;
    for rec in rdr.records() {
        let rec = rec?;
        let (Some(query), Some(expected), Some(min)) = (rec.get(0), rec.get(1), rec.get(2)) else {
            continue;
        };
        let min: f64 = min.trim().parse()?;
        pairs += 1;
        let variants = latin_variants(query);
        assert!(
            !variants.is_empty() && variants.len() <= MAX_VARIANTS,
            "{query:?}: {} variants",
            variants.len()
        );
        let (best, sim, pass) = judge(query, expected, min);
        eprintln!(
            "{} {query} -> {best:?} vs {expected:?}: {sim:.2} (min {min:.2})",
            if pass { "ok  " } else { "FAIL" }
        );
        if !pass {
            failures.push(format!("{query:?} -> {variants:?}, expected {expected:?} >= {min}"));
        }
    }
    assert!(pairs >= 20, "only {pairs} pairs read from {}", path.display());
    assert!(failures.is_empty(), "{} pairs fail:\n{}", failures.len(), failures.join("\n"));
    Ok(())
}

#[test]
fn similarity_is_right() {
    assert_eq!(similarity("kim jongun", "kim jong un"), (1.0, 0));
    assert_eq!(similarity("putin vladimir", "vladimir putin"), (1.0, 0));
    assert_eq!(similarity("alexandros", "alexander").1, 3);
    assert_eq!(levenshtein("", "abc"), 3);
}

#[test]
fn judge_can_fail() {
    assert!(!judge("Иван Иванов", "Vladimir Putin", 0.5).2);
    assert!(!judge("金正恩", "Kim Jong Il", 0.95).2);
    assert!(!judge("Petros", "Alexander", 0.1).2);
    assert!(judge("Путин", "Putin", 0.95).2);
}
