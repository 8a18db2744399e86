//! End-to-end tests of the real `vigil` binary: screening and comparing (the
//! demo's are in `demo_cli.rs`).
//!
//! These run the built binary as a user would and check what it prints and how it
//! exits. Tests that need the public data in `../shared` skip themselves when it
//! is absent.

mod common;

use common::{json_lines, repo_file, text, vigil};
use std::path::{Path, PathBuf};

fn sample_list() -> String {
    repo_file("data/demo/sample_list.ftm.json")
}

/// The shared public data, or `None` (with a note) when this machine lacks it.
fn shared_data(relative: &str) -> Option<PathBuf> {
    vigil_testdata::shared_file(relative)
}

#[test]
fn screen_explains_a_transliterated_hit() {
    let list = sample_list();
    let output = vigil(&["screen", "--list", &list, "김정은"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let lines = json_lines(&output.stdout);
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["query"]["name"], "김정은");
    let best = &lines[0]["matches"][0];
    assert_eq!(best["id"], "vigil-demo-ofac-20157");
    assert_eq!(best["caption"], "KIM, Jong Un");
    assert_eq!(best["list"], "vigil_demo");
    assert_eq!(best["programs"][0], "DPRK3");
    let explanation = &best["explanation"];
    assert!(explanation["matched_name"].as_str().is_some_and(|s| !s.is_empty()));
    assert!(explanation["features"].as_array().is_some_and(|f| !f.is_empty()));
}

#[test]
fn screen_finds_a_vessel_by_imo_alone() {
    let list = sample_list();
    let output = vigil(&["screen", "--list", &list, "--imo", "IMO 8660313"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let lines = json_lines(&output.stdout);
    assert_eq!(lines[0]["matches"][0]["caption"], "CHON MA SAN");
    assert!(lines[0]["matches"][0]["score"].as_f64().unwrap() >= 0.99);
}

#[test]
fn screen_without_a_hit_exits_one() {
    let list = sample_list();
    let output = vigil(&["screen", "--list", &list, "--schema", "Person", "Margaret Thornbury"]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
    let lines = json_lines(&output.stdout);
    assert_eq!(lines[0]["matches"].as_array().unwrap().len(), 0);
}

#[test]
fn screen_refuses_empty_and_absurd_queries() {
    let list = sample_list();
    for bad in ["", "   ", "!!!--", &"x".repeat(5_000)] {
        let output = vigil(&["screen", "--list", &list, bad]);
        assert_eq!(output.status.code(), Some(2), "query {bad:.20?}: {}", text(&output.stdout));
        assert!(text(&output.stderr).contains("vigil: error"), "{}", text(&output.stderr));
    }
    let output = vigil(&["screen", "--list", &list]);
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("nothing to screen"));
}

#[test]
fn screen_input_csv_carries_unknown_columns_through() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("counterparties.csv");
    std::fs::write(
        &input,
        "customer_ref,name,schema,birth_date,imo\n\
         C-1,Choi Ryong Hae,Person,1950-01-15,\n\
         C-2,Harbour Bakery Ltd,Company,,\n\
         C-3,,Vessel,,8122347\n",
    )
    .unwrap();
    let list = sample_list();
    let output = vigil(&["screen", "--list", &list, "--input", input.to_str().unwrap()]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let lines = json_lines(&output.stdout);
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["query"]["customer_ref"], "C-1");
    assert_eq!(lines[0]["matches"][0]["caption"], "CHOE, Ryong Hae");
    assert_eq!(lines[1]["matches"].as_array().unwrap().len(), 0);
    assert_eq!(lines[2]["matches"][0]["caption"], "NAM SAN 8");
}

#[test]
fn screen_input_names_the_bad_line() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("bad.csv");
    std::fs::write(&input, "name,birth_date\nKim Jong Un,1984-01-08\nRi Won Ho,not-a-date\n")
        .unwrap();
    let list = sample_list();
    let output = vigil(&["screen", "--list", &list, "--input", input.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    let err = text(&output.stderr);
    assert!(err.contains("bad.csv:3"), "{err}");
}

#[test]
fn compare_tells_numbered_vessels_apart() {
    let same = vigil(&["compare", "--schema", "Vessel", "NAM SAN 8", "NAMSAN 8"]);
    let other = vigil(&["compare", "--schema", "Vessel", "NAM SAN 8", "NAM SAN 3"]);
    assert_eq!(same.status.code(), Some(0), "{}", text(&same.stdout));
    assert_eq!(other.status.code(), Some(1), "{}", text(&other.stdout));
    let same_score: f64 = text(&same.stdout).trim().parse().unwrap();
    let other_score: f64 = text(&other.stdout).trim().parse().unwrap();
    assert!(same_score > other_score);
}

#[test]
fn compare_reads_russian_spellings_of_korean_names() {
    let kim = vigil(&["compare", "Ким Чен Ын", "KIM, Jong Un"]);
    assert_eq!(kim.status.code(), Some(0), "{}", text(&kim.stdout));
    let score: f64 = text(&kim.stdout).trim().parse().unwrap();
    assert!(score >= 0.9, "{score}");
    let other = vigil(&["compare", "Ким Чен Ын", "KIM, Yo Jong"]);
    assert_eq!(other.status.code(), Some(1), "{}", text(&other.stdout));
}

#[test]
fn compare_pairs_adds_score_and_match_columns() {
    let dir = tempfile::tempdir().unwrap();
    let pairs = dir.path().join("pairs.csv");
    std::fs::write(
        &pairs,
        "id,schema,name1,name2\n1,Person,Kim Jong Un,Kim Chong-un\n2,Person,Vladimir Putin,Donald Duck\n",
    )
    .unwrap();
    let output = vigil(&["compare", "--pairs", pairs.to_str().unwrap()]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let text = text(&output.stdout);
    let rows: Vec<&str> = text.lines().collect();
    assert_eq!(rows[0], "id,schema,name1,name2,score,match");
    assert!(
        rows[1].starts_with("1,Person,Kim Jong Un,Kim Chong-un,") && rows[1].ends_with(",true"),
        "{text}"
    );
    assert!(rows[2].ends_with(",false"), "{text}");
}

#[test]
fn screen_ofac_finds_putin_in_cyrillic() {
    let Some(sdn) = shared_data("sanctions/ofac/sdn_2024-05-03.csv") else { return };
    let output =
        vigil(&["screen", "--list", sdn.to_str().unwrap(), "--schema", "Person", "Владимир Путин"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let lines = json_lines(&output.stdout);
    assert_eq!(lines[0]["matches"][0]["caption"], "PUTIN, Vladimir Vladimirovich");
    assert_eq!(lines[0]["matches"][0]["list"], "us_ofac_sdn");
    let programs = lines[0]["matches"][0]["programs"].as_array().unwrap();
    assert!(programs.iter().any(|p| p == "RUSSIA-EO14024"), "{programs:?}");
}

#[test]
fn compare_pairs_output_does_not_depend_on_threads() {
    let dir = tempfile::tempdir().unwrap();
    let pairs = dir.path().join("pairs.csv");
    let mut text = String::from("schema,name1,name2\n");
    let names =
        ["Kim Jong Un", "Kim Chong-un", "NAM SAN 8", "NAM SAN 3", "Ri Won Ho", "Lee Won-ho"];
    for row in 0..1_500 {
        let (left, right) = (names[row % names.len()], names[(row / 3) % names.len()]);
        text.push_str(&format!("Person,{left},{right}\n"));
    }
    std::fs::write(&pairs, text).unwrap();
    let one = vigil(&["compare", "--threads", "1", "--pairs", pairs.to_str().unwrap()]);
    let two = vigil(&["compare", "--threads", "2", "--pairs", pairs.to_str().unwrap()]);
    assert!(one.status.success() && two.status.success());
    assert_eq!(String::from_utf8_lossy(&one.stdout).lines().count(), 1_501);
    assert_eq!(one.stdout, two.stdout);
}

/// Tidy: every Rust file opens with a `//!` line saying what it is for, and
/// every library crate denies missing docs.
#[test]
fn every_rust_file_opens_with_a_doc_comment() {
    fn walk(dir: &Path, files: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            let name = entry.file_name();
            if path.is_dir() && name != "target" && !name.to_string_lossy().starts_with('.') {
                walk(&path, files);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ["src", "tests", "crates", "fuzz"] {
        if root.join(dir).is_dir() {
            walk(&root.join(dir), &mut files);
        }
    }
    assert!(files.len() > 20, "found only {} Rust files", files.len());
    let undocumented: Vec<_> =
        files.iter().filter(|f| !std::fs::read_to_string(f).unwrap().starts_with("//!")).collect();
    assert!(undocumented.is_empty(), "files without a leading //! line: {undocumented:?}");
    for lib in files.iter().filter(|f| f.ends_with("src/lib.rs")) {
        let text = std::fs::read_to_string(lib).unwrap();
        assert!(
            text.contains("#![deny(missing_docs)]"),
            "{} does not deny missing docs",
            lib.display()
        );
    }
}
