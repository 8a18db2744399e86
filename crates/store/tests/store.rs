//! Integration tests of the store: migrations, atomic and idempotent imports,
//! delta application and reading the versions in force.
//!
//! Tests that read the shared public data (`../shared/data`, or
//! `$VIGIL_SHARED/data`) skip themselves with a note when it is absent.

use std::path::PathBuf;
use std::time::Instant;

use vigil_lists::{Contents, DeltaOp, Format, ParsedList};
use vigil_model::{Entity, IdKind, Provenance, Schema};
use vigil_store::{Error, ImportOutcome, Store};

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// A vessel of list `list`, version `version`.
fn entity(list: &str, record: &str, name: &str, version: &str) -> Entity {
    let mut entity = Entity::new(
        &format!("{list}-{record}"),
        Schema::Vessel,
        name,
        Provenance::new(list, record, version),
    );
    entity.add_identifier(IdKind::Imo, "8660313");
    entity
}

/// A full list of in-memory entities (hashed from its contents).
fn full(list: &str, version: &str, records: &[(&str, &str)]) -> ParsedList {
    let entities = records.iter().map(|(id, name)| entity(list, id, name, version)).collect();
    ParsedList {
        format: Format::OfacSdn,
        list: list.into(),
        version: version.into(),
        sources: vec![],
        contents: Contents::Full(entities),
        errors: vec![],
        skipped: Default::default(),
    }
}

fn delta(list: &str, version: &str, ops: Vec<DeltaOp>) -> ParsedList {
    ParsedList {
        format: Format::FtmDelta,
        list: list.into(),
        version: version.into(),
        sources: vec![],
        contents: Contents::Delta(ops),
        errors: vec![],
        skipped: Default::default(),
    }
}

fn ids(entities: &[Entity]) -> Vec<&str> {
    entities.iter().map(|e| e.id.as_str()).collect()
}

fn imported(outcome: ImportOutcome) -> vigil_store::ImportReport {
    match outcome {
        ImportOutcome::Imported(report) => report,
        other => panic!("expected a new version, got {other:?}"),
    }
}

/// A file of the shared sanctions data, or `None` (with a note) when absent.
fn shared(relative: &str) -> Option<PathBuf> {
    vigil_testdata::shared_file(&format!("sanctions/{relative}"))
}

#[test]
fn migrations_are_idempotent() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("vigil.db");
    {
        let mut store = Store::open(&path)?;
        assert_eq!(store.schema_version()?, 2);
        store.import(&full("xx", "v1", &[("1", "ONE")]))?;
    }
    for _ in 0..3 {
        let store = Store::open(&path)?;
        assert_eq!(store.schema_version()?, 2);
        assert_eq!(
            store.applied_migrations()?,
            vec![(1, "lists".to_string()), (2, "monitoring".to_string())]
        );
        assert_eq!(store.versions(None)?.len(), 1, "reopening keeps the data");
    }
    Ok(())
}

#[test]
fn not_a_database_is_an_open_error_naming_the_file() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("notes.txt");
    std::fs::write(&path, "this is not an SQLite database, just some text\n".repeat(100))?;
    let err = Store::open(&path).unwrap_err();
    assert!(matches!(err, Error::Open { .. }), "{err:?}");
    assert!(err.to_string().contains("notes.txt"), "{err}");
    Ok(())
}

#[test]
fn first_import_then_added_removed_changed() -> TestResult {
    let mut store = Store::open_in_memory()?;
    let first = imported(store.import(&full("xx", "v1", &[("1", "ONE"), ("2", "TWO")]))?);
    assert_eq!((first.added, first.removed, first.changed), (2, 0, 0));
    assert_eq!(first.previous_id, None);
    assert_eq!(first.version.entity_count, 2);
    assert_eq!(first.version.format, "ofac_sdn");

    // 1 unchanged (only its provenance version moves), 2 renamed, 3 new.
    let second =
        imported(store.import(&full("xx", "v2", &[("1", "ONE"), ("2", "TWO B"), ("3", "3")]))?);
    assert_eq!((second.added, second.removed, second.changed), (1, 0, 1));
    assert_eq!(second.previous_id, Some(first.version.id));

    let third = imported(store.import(&full("xx", "v3", &[("3", "3")]))?);
    assert_eq!((third.added, third.removed, third.changed), (0, 2, 0));
    Ok(())
}

#[test]
fn same_input_twice_changes_nothing() -> TestResult {
    let mut store = Store::open_in_memory()?;
    let list = full("xx", "v1", &[("1", "ONE")]);
    let first = imported(store.import(&list)?);
    let later = imported(store.import(&full("xx", "v2", &[("2", "TWO")]))?);
    // Re-importing the older input is a no-op too: v2 stays in force.
    for _ in 0..2 {
        match store.import(&list)? {
            ImportOutcome::AlreadyImported(version) => assert_eq!(version, first.version),
            other => panic!("expected AlreadyImported, got {other:?}"),
        }
    }
    assert_eq!(store.versions(None)?.len(), 2);
    assert_eq!(store.current_versions()?, vec![later.version]);
    Ok(())
}

#[test]
fn same_files_twice_are_keyed_by_content_not_path() -> TestResult {
    let dir = tempfile::tempdir()?;
    let one = dir.path().join("a.csv");
    let two = dir.path().join("copy-of-a.csv");
    std::fs::write(&one, "some list bytes\n")?;
    std::fs::write(&two, "some list bytes\n")?;
    let mut list = full("xx", "v1", &[("1", "ONE")]);
    list.sources = vec![one.clone()];
    let mut store = Store::open_in_memory()?;
    imported(store.import(&list)?);
    // The same bytes at another path, with another parse result even: the
    // content hash of the input decides.
    let mut again = full("xx", "v1", &[("1", "ONE"), ("2", "TWO")]);
    again.sources = vec![two];
    assert!(matches!(store.import(&again)?, ImportOutcome::AlreadyImported(_)));
    // Changed bytes are a new version.
    std::fs::write(&one, "other list bytes\n")?;
    assert!(matches!(store.import(&list)?, ImportOutcome::Imported(_)));
    assert_eq!(store.versions(Some("xx"))?.len(), 2);
    Ok(())
}

#[test]
fn malformed_list_is_refused_and_previous_version_stays() -> TestResult {
    let mut store = Store::open_in_memory()?;
    let v1 = imported(store.import(&full("xx", "v1", &[("1", "ONE")]))?);
    let mut bad = full("xx", "v2", &[("1", "ONE"), ("2", "TWO")]);
    bad.errors.push(vigil_lists::RecordError {
        path: PathBuf::from("lists/sdn.csv"),
        line: Some(17),
        record: Some("2".into()),
        message: "expected 12 fields, found 3".into(),
    });
    let err = store.import(&bad).unwrap_err();
    assert!(matches!(err, Error::RecordErrors { .. }), "{err:?}");
    assert!(err.to_string().contains("lists/sdn.csv:17 (record 2): expected 12 fields"), "{err}");
    assert_eq!(store.current_versions()?, vec![v1.version]);
    assert_eq!(ids(&store.current_entities()?), ["xx-1"]);
    Ok(())
}

/// A failure in the middle of writing rows (here a trigger that aborts on
/// one entity) rolls back the whole import: no version row, no entity rows.
#[test]
fn failure_mid_import_rolls_back_everything() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("vigil.db");
    let mut store = Store::open(&path)?;
    let v1 = imported(store.import(&full("xx", "v1", &[("1", "ONE"), ("2", "TWO")]))?);
    rusqlite::Connection::open(&path)?.execute_batch(
        "CREATE TRIGGER boom BEFORE INSERT ON entities WHEN NEW.entity_id = 'xx-boom'
         BEGIN SELECT RAISE(ABORT, 'injected failure'); END;",
    )?;
    let bad = full("xx", "v2", &[("1", "ONE"), ("3", "THREE"), ("boom", "BOOM"), ("4", "FOUR")]);
    let err = store.import(&bad).unwrap_err();
    assert!(err.to_string().contains("injected failure"), "{err}");
    assert_eq!(store.versions(None)?, vec![v1.version.clone()]);
    assert_eq!(ids(&store.current_entities()?), ["xx-1", "xx-2"]);
    let n_rows: i64 = rusqlite::Connection::open(&path)?.query_row(
        "SELECT count(*) FROM entities",
        [],
        |row| row.get(0),
    )?;
    assert_eq!(n_rows, 2, "no row of the failed import is left");
    // A delta that fails half way rolls back as well.
    let ops =
        vec![DeltaOp::Delete("xx-1".into()), DeltaOp::Upsert(entity("xx", "boom", "BOOM", "d1"))];
    assert!(store.import(&delta("xx", "d1", ops)).is_err());
    assert_eq!(store.versions(None)?, vec![v1.version]);
    assert_eq!(ids(&store.current_entities()?), ["xx-1", "xx-2"]);
    Ok(())
}

#[test]
fn delta_without_base_is_refused() -> TestResult {
    let mut store = Store::open_in_memory()?;
    let ops = vec![DeltaOp::Upsert(entity("xx", "1", "ONE", "d1"))];
    let err = store.import(&delta("xx", "d1", ops)).unwrap_err();
    assert!(matches!(err, Error::DeltaWithoutBase { ref list } if list == "xx"), "{err:?}");
    assert!(store.versions(None)?.is_empty());
    Ok(())
}

#[test]
fn delta_applies_on_latest_version_like_apply_delta() -> TestResult {
    let mut store = Store::open_in_memory()?;
    let base = full("xx", "v1", &[("1", "ONE"), ("2", "TWO"), ("3", "THREE")]);
    let v1 = imported(store.import(&base)?);
    let ops = vec![
        DeltaOp::Delete("xx-2".into()),
        DeltaOp::Delete("xx-404".into()),
        DeltaOp::Upsert(entity("xx", "3", "THREE RENAMED", "d1")),
        DeltaOp::Upsert(entity("xx", "4", "FOUR", "d1")),
    ];
    let report = imported(store.import(&delta("xx", "d1", ops.clone()))?);
    assert_eq!(report.version.base_version_id, Some(v1.version.id));
    assert_eq!(report.version.format, "ftm_delta");
    assert_eq!((report.added, report.removed, report.changed), (1, 1, 1));
    let stored = store.entities_of_version(report.version.id)?;
    let Contents::Full(base_entities) = base.contents else { unreachable!() };
    let mut expected = vigil_lists::apply_delta(base_entities, &ops);
    expected.sort_by(|a, b| a.id.cmp(&b.id));
    assert_eq!(stored, expected);
    // The base version is untouched.
    assert_eq!(store.entities_of_version(v1.version.id)?.len(), 3);
    Ok(())
}

#[test]
fn current_entities_follow_the_latest_version_of_every_list() -> TestResult {
    let mut store = Store::open_in_memory()?;
    store.import(&full("bb", "2024-01-01", &[("1", "B ONE"), ("2", "B TWO")]))?;
    store.import(&full("aa", "2024-01-01", &[("9", "A NINE")]))?;
    store.import(&full("bb", "2024-02-01", &[("2", "B TWO"), ("3", "B THREE")]))?;
    store.import(&full("aa", "2024-02-01", &[("8", "A EIGHT"), ("9", "A NINE")]))?;
    store.import(&full("bb", "2024-03-01", &[("3", "B THREE")]))?;
    assert_eq!(ids(&store.current_entities()?), ["aa-8", "aa-9", "bb-3"]);
    let current: Vec<(String, String)> =
        store.current_versions()?.into_iter().map(|v| (v.list, v.version)).collect();
    assert_eq!(current, [("aa".into(), "2024-02-01".into()), ("bb".into(), "2024-03-01".into())]);
    let mut streamed = Vec::new();
    store.for_each_current_entity(|e| {
        streamed.push(e.id);
        Ok(())
    })?;
    assert_eq!(streamed, ["aa-8", "aa-9", "bb-3"]);
    Ok(())
}

#[test]
fn version_references_resolve() -> TestResult {
    let mut store = Store::open_in_memory()?;
    let v1 = imported(store.import(&full("bb", "2024-01-01", &[("1", "ONE")]))?).version;
    let v2 = imported(store.import(&full("bb", "2024-02-01", &[("2", "TWO")]))?).version;
    let v3 = imported(store.import(&full("bb", "2024-03-01", &[("3", "THREE")]))?).version;
    assert_eq!(store.resolve_version("bb")?, v3);
    assert_eq!(store.resolve_version("bb@latest")?, v3);
    assert_eq!(store.resolve_version("bb@previous")?, v2);
    assert_eq!(store.resolve_version("bb@2024-01-01")?, v1);
    assert_eq!(store.resolve_version(&v2.id.to_string())?, v2);
    for bad in ["cc", "bb@2023-01-01", "999", "cc@previous"] {
        let err = store.resolve_version(bad).unwrap_err();
        assert!(matches!(err, Error::UnknownVersion { .. }), "{bad}: {err:?}");
    }
    let err = store.resolve_version("bb@2023-01-01").unwrap_err().to_string();
    assert!(err.contains("2024-01-01, 2024-02-01, 2024-03-01"), "{err}");
    assert_eq!(ids(&store.entities_of_version(v1.id)?), ["bb-1"]);
    Ok(())
}

/// About 40 000 entities, the size of all official lists together, must
/// load in well under a second (the screen command loads them per run).
#[test]
fn current_entities_load_fast() -> TestResult {
    let mut store = Store::open_in_memory()?;
    let records: Vec<(String, String)> =
        (0..40_000).map(|i| (i.to_string(), format!("VESSEL NUMBER {i}"))).collect();
    let records: Vec<(&str, &str)> =
        records.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    store.import(&full("big", "v1", &records))?;
    let start = Instant::now();
    let entities = store.current_entities()?;
    let elapsed = start.elapsed();
    assert_eq!(entities.len(), 40_000);
    eprintln!("current_entities: 40 000 entities in {elapsed:?}");
    // Unoptimised test builds are several times slower than release ones.
    let limit = if cfg!(debug_assertions) { 5.0 } else { 1.0 };
    assert!(elapsed.as_secs_f64() < limit, "took {elapsed:?}");
    Ok(())
}

#[test]
fn real_ofac_files_import_once_each() -> TestResult {
    let (Some(old), Some(new)) =
        (shared("ofac/sdn_2024-04-26.csv"), shared("ofac/sdn_2024-05-03.csv"))
    else {
        return Ok(());
    };
    let mut store = Store::open_in_memory()?;
    let old = vigil_lists::parse_file(&old)?;
    let new = vigil_lists::parse_file(&new)?;
    assert!(old.errors.is_empty() && new.errors.is_empty());
    let first = imported(store.import(&old)?);
    assert_eq!(first.version.list, "us_ofac_sdn");
    assert_eq!(first.version.version, "2024-04-26");
    let second = imported(store.import(&new)?);
    assert_eq!((second.added, second.removed), (305, 8));
    assert!(matches!(store.import(&old)?, ImportOutcome::AlreadyImported(_)));
    assert!(matches!(store.import(&new)?, ImportOutcome::AlreadyImported(_)));
    let Contents::Full(expected) = &new.contents else { unreachable!() };
    let mut expected = expected.clone();
    expected.sort_by(|a, b| a.id.cmp(&b.id));
    expected.dedup_by(|b, a| a.id == b.id);
    assert_eq!(store.current_entities()?.len(), expected.len());
    assert_eq!(store.resolve_version("us_ofac_sdn@previous")?, first.version);
    Ok(())
}

/// The yente t2 chain: four delta files applied in order. A delta needs a
/// base version, so the chain starts from an empty full version of the list.
#[test]
fn yente_t2_delta_chain() -> TestResult {
    let names = [
        "yente_t2_20240527194702-wnk_entities.delta.json",
        "yente_t2_20240528014702-pfh_entities.delta.json",
        "yente_t2_20240528074703-npf_entities.delta.json",
        "yente_t2_20240528134729-3iv_entities.delta.json",
    ];
    let mut paths = Vec::new();
    for name in names {
        match shared(&format!("opensanctions_ftm/{name}")) {
            Some(path) => paths.push(path),
            None => return Ok(()),
        }
    }
    let mut parsed: Vec<ParsedList> =
        paths.iter().map(|p| vigil_lists::parse_file(p)).collect::<Result<_, _>>()?;
    // The FtM parser names a file's list after its first entity's first
    // dataset, which differs from file to file in this chain; the chain is
    // one dataset, so name it as `vigil lists import --as` would.
    let list_name = "yente_t2".to_string();
    for list in &mut parsed {
        assert!(list.errors.is_empty(), "{:?}", list.errors);
        assert!(matches!(list.contents, Contents::Delta(_)), "{} is a delta", list.version);
        list.list.clone_from(&list_name);
    }

    let mut store = Store::open_in_memory()?;
    let err = store.import(&parsed[0]).unwrap_err();
    assert!(matches!(err, Error::DeltaWithoutBase { .. }), "{err:?}");

    store.import(&full(&list_name, "empty", &[]))?;
    let mut expected: Vec<Entity> = Vec::new();
    let mut counts = Vec::new();
    for list in &parsed {
        let report = imported(store.import(list)?);
        let Contents::Delta(ops) = &list.contents else { unreachable!() };
        expected = vigil_lists::apply_delta(expected, ops);
        let mut sorted = expected.clone();
        sorted.sort_by(|a, b| a.id.cmp(&b.id));
        assert_eq!(store.entities_of_version(report.version.id)?, sorted, "{}", list.version);
        counts.push(report.version.entity_count);
    }
    assert_eq!(counts, [2, 3, 2, 3]);
    let current = store.current_entities()?;
    assert!(!current.iter().any(|e| e.id.ends_with("NK-500Poltergeist")), "deleted in npf");
    let renamed = current.iter().find(|e| e.id.ends_with("NK-2T3S8Hu29ktYnKSTgQp2wL")).unwrap();
    assert_eq!(renamed.caption, "Foobar Foobargroup", "modified in pfh");
    assert!(current.iter().any(|e| e.id.ends_with("Q4365364")), "added in 3iv");
    // The whole chain again is a no-op.
    for list in &parsed {
        assert!(matches!(store.import(list)?, ImportOutcome::AlreadyImported(_)));
    }
    Ok(())
}
