//! Compares vigil's MID table (`vigil_ais::mid_table`) with the ITU MID
//! table in the shared data (`geo/mid/MaritimeIdentificationDigits.csv`),
//! when present: every MID vigil lists must be allocated there, to the
//! country vigil names wherever `vigil_model::country_code` can read the
//! ITU's name for it.

use std::collections::BTreeMap;

#[test]
fn mid_table_agrees_with_itu() {
    let Some(path) = vigil_testdata::shared_file("geo/mid/MaritimeIdentificationDigits.csv") else {
        return;
    };
    let text = std::fs::read_to_string(&path).expect("the MID table reads");
    let itu: BTreeMap<u16, String> = text
        .lines()
        .skip(1)
        .filter_map(|line| {
            let (mid, name) = line.split_once(',')?;
            Some((mid.trim().parse().ok()?, name.trim().trim_matches('"').to_owned()))
        })
        .collect();
    assert!(itu.len() > 280, "{} rows", itu.len());
    let mut compared = 0;
    let mut disagreements = Vec::new();
    for &(mid, flag) in vigil_ais::mid_table() {
        let Some(name) = itu.get(&mid) else {
            disagreements.push(format!("{mid}: not in the ITU table"));
            continue;
        };
        // "France - Reunion (...)": the territory's own code, or its parent's.
        let (parent, territory) = match name.split_once(" - ") {
            Some((parent, territory)) => (parent, Some(territory)),
            None => (name.as_str(), None),
        };
        let read = |text: &str| {
            vigil_model::country_code(text)
                .or_else(|| vigil_model::country_code(text.split(" (").next().unwrap_or(text)))
        };
        // A territory the country table cannot read keeps vigil's own code.
        let code = match territory {
            Some(territory) => {
                read(territory).map(|c| if read(parent) == Some(flag) { flag } else { c })
            }
            None => read(parent),
        };
        if let Some(code) = code {
            compared += 1;
            if code != flag {
                disagreements.push(format!("{mid}: vigil {flag}, ITU {name:?} ({code})"));
            }
        }
    }
    eprintln!("{compared} of {} MIDs compared by country name", vigil_ais::mid_table().len());
    let missing: Vec<_> =
        itu.keys().filter(|mid| vigil_ais::flag_of_mid(**mid).is_none()).collect();
    eprintln!("ITU MIDs without a flag in vigil: {missing:?}");
    assert!(disagreements.is_empty(), "{disagreements:#?}");
    assert!(compared > 200, "only {compared} compared");
}
