//! Version diffs and delta application over the shared snapshots.

mod common;

use common::{entities, shared};
use vigil_lists::{diff, parse_file, ChangeKind};

#[test]
fn ofac_2024_04_26_to_05_03() {
    let (Some(old), Some(new)) =
        (shared("ofac/sdn_2024-04-26.csv"), shared("ofac/sdn_2024-05-03.csv"))
    else {
        return;
    };
    let old = parse_file(&old).unwrap();
    let new = parse_file(&new).unwrap();
    let changes = diff(entities(&old), entities(&new));
    let count = |kind| changes.iter().filter(|c| c.change == kind).count();
    assert_eq!(count(ChangeKind::Added), 305);
    assert_eq!(count(ChangeKind::Removed), 8);
    let changed: Vec<_> = changes.iter().filter(|c| c.change == ChangeKind::Changed).collect();
    assert_eq!(changed.len(), 0, "{changed:#?}");
    // Sorted by ID, deterministic.
    assert!(changes.windows(2).all(|w| w[0].id <= w[1].id));
    let removed: Vec<_> = changes
        .iter()
        .filter(|c| c.change == ChangeKind::Removed)
        .map(|c| c.caption.as_str())
        .collect();
    assert!(removed.contains(&"EMPEROR AVIATION LTD"), "{removed:?}");
    assert_eq!(removed.iter().filter(|c| c.starts_with("9H-")).count(), 7);
    let added_russia = changes
        .iter()
        .filter(|c| c.change == ChangeKind::Added)
        .filter(|c| {
            entities(&new)
                .iter()
                .any(|e| e.id == c.id && e.programs.iter().any(|p| p == "RUSSIA-EO14024"))
        })
        .count();
    assert_eq!(added_russia, 298);
    // A version compared with itself has no changes.
    assert_eq!(diff(entities(&new), entities(&new)), []);
}
