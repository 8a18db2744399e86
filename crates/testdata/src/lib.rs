//! Test support: where the shared public data lives.
//!
//! vigil's tests and benchmarks read real public files (sanctions lists, AIS
//! logs, articles) that sit beside the repository in `../shared/data`, or
//! wherever `$VIGIL_SHARED/data` points. They are never copied into the
//! repository, so a fresh machine may lack them: every lookup here returns
//! `None`, with a note on stderr, and the test that asked skips itself.
//!
//! # Example
//! ```
//! if let Some(sdn) = vigil_testdata::shared_file("sanctions/ofac/sdn_2024-05-03.csv") {
//!     assert!(sdn.ends_with("sdn_2024-05-03.csv"));
//! }
//! ```
#![deny(missing_docs)]

use std::path::{Path, PathBuf};

/// The shared folder: `$VIGIL_SHARED`, else `../shared` beside the workspace root.
pub fn shared_root() -> PathBuf {
    match std::env::var_os("VIGIL_SHARED") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"),
    }
}

/// A file or folder under the shared `data/` folder, or `None` (with a note
/// on stderr) when it is absent.
pub fn shared_file(relative: &str) -> Option<PathBuf> {
    let path = shared_root().join("data").join(relative);
    if path.exists() {
        Some(path)
    } else {
        eprintln!("skipping: {} is absent (set VIGIL_SHARED to the shared folder)", path.display());
        None
    }
}

/// Levenshtein distance over bytes, for tests that check how close an ASCII
/// output (a transliteration, a normalised name) is to what was expected.
///
/// # Examples
/// ```
/// assert_eq!(vigil_testdata::levenshtein("putin", "poutine"), 2);
/// ```
pub fn levenshtein(a: &str, b: &str) -> usize {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, &ca) in a.iter().enumerate() {
        let mut diag = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let up = row[j + 1];
            row[j + 1] = (diag + usize::from(ca != cb)).min(up + 1).min(row[j] + 1);
            diag = up;
        }
    }
    row[b.len()]
}
