//! OpenSanctions FtM entity and delta files against the shared samples;
//! counts from `SOURCES.md`.

mod common;

use common::{entities, shared};
use vigil_lists::{apply_delta, parse_file, Contents, DeltaOp, Format};
use vigil_model::{NameKind, Schema};

fn ops(parsed: &vigil_lists::ParsedList) -> &[DeltaOp] {
    match &parsed.contents {
        Contents::Delta(ops) => ops,
        Contents::Full(_) => panic!("expected a delta"),
    }
}

#[test]
fn eu_fsf_entities() {
    let Some(path) = shared("opensanctions_ftm/yente_t1_eu_fsf_entities.ftm.json") else { return };
    let parsed = parse_file(&path).unwrap();
    assert_eq!(parsed.format, Format::FtmEntities);
    assert_eq!(parsed.list, "eu_fsf");
    assert_eq!(parsed.version, "2024-06-01T10:57:03");
    assert_eq!(parsed.errors, []);
    assert_eq!(parsed.skipped.get("schema Address"), Some(&1));
    let all = entities(&parsed);
    // SOURCES.md says 3 Persons; the file holds 4 (KUZMENKO, ZJURAVLEVA,
    // PACHODAVA, Sojko), 2 Organizations and 1 Address on 7 lines.
    assert_eq!(all.iter().filter(|e| e.schema == Schema::Person).count(), 4);
    assert_eq!(all.iter().filter(|e| e.schema == Schema::Organization).count(), 2);
    let kuzmenko = all.iter().find(|e| e.id == "NK-2Ka3UvopqbpZmVDFjWd4LA").unwrap();
    assert_eq!(kuzmenko.caption, "Vitaly Yurievich KUZMENKO");
    assert_eq!(kuzmenko.provenance.record_id, "NK-2Ka3UvopqbpZmVDFjWd4LA");
    assert_eq!(kuzmenko.birth_dates[0].to_string(), "1971-01-22");
    assert_eq!(kuzmenko.nationalities, ["ru"]);
    assert!(kuzmenko
        .names
        .iter()
        .any(|n| n.value == "Виталий Юрьевич КУЗЬМЕНКО" && n.kind == NameKind::StrongAlias));
    assert_eq!(kuzmenko.identifier(vigil_model::IdKind::TaxId), Some("366510784303"));
    let tobacco = all.iter().find(|e| e.id == "NK-2GdmHtZTeNXjNVrBGEXZNj").unwrap();
    assert_eq!(tobacco.countries, ["by"]);
    // Their addressEntity references point outside this file: nothing to fill.
    assert!(tobacco.addresses.is_empty());
}

#[test]
fn big_delta_op_counts() {
    let Some(path) = shared("opensanctions_ftm/yente_fixture_entities.delta.json") else { return };
    let parsed = parse_file(&path).unwrap();
    assert_eq!(parsed.format, Format::FtmDelta);
    assert_eq!(parsed.list, "opensanctions");
    assert_eq!(parsed.errors, []);
    let ops = ops(&parsed);
    let deletes = ops.iter().filter(|op| matches!(op, DeltaOp::Delete(_))).count();
    assert_eq!(deletes, 571);
    // 1,039 MOD + 90 ADD = 1,129 lines, of which the non-thing schemata
    // (Sanction and the like) are skipped and counted.
    let upserts = ops.iter().filter(|op| matches!(op, DeltaOp::Upsert(_))).count();
    let skipped: usize = parsed.skipped.values().sum();
    assert_eq!(upserts + skipped, 1_039 + 90);
    assert!(
        parsed.skipped.get("schema Sanction").copied().unwrap_or(0) > 0,
        "{:?}",
        parsed.skipped
    );
    // Applying it to nothing keeps each upserted id once.
    let applied = apply_delta(Vec::new(), ops);
    let mut ids: Vec<_> = applied.iter().map(|e| e.id.as_str()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), applied.len());
}

#[test]
fn delta_chain_applies_in_order() {
    let Some(dir) = shared("opensanctions_ftm") else { return };
    let chain = [
        "yente_t2_20240527194702-wnk_entities.delta.json",
        "yente_t2_20240528014702-pfh_entities.delta.json",
        "yente_t2_20240528074703-npf_entities.delta.json",
        "yente_t2_20240528134729-3iv_entities.delta.json",
    ];
    let mut state = Vec::new();
    let mut sizes = Vec::new();
    for name in chain {
        let parsed = parse_file(&dir.join(name)).unwrap();
        assert_eq!(parsed.errors, []);
        assert_eq!(
            parsed.version,
            name.trim_start_matches("yente_t2_").trim_end_matches("_entities.delta.json")
        );
        state = apply_delta(state, ops(&parsed));
        sizes.push(state.len());
    }
    // ADD 2; ADD 1 + MOD 1; DEL 1; ADD 1.
    assert_eq!(sizes, [2, 3, 2, 3]);
}
