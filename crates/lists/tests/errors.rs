//! Malformed input: bad records are reported with their location and the
//! rest of the file is read; broken files are refused as a whole. The inputs
//! are small self-written fixtures in `tests/fixtures/`.

use std::path::{Path, PathBuf};

use vigil_lists::{parse_bytes, parse_file, Contents, DeltaOp, Format, ListError, RecordError};
use vigil_model::{IdKind, NameKind, Schema};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

fn lines_and_messages(errors: &[RecordError]) -> Vec<(Option<u64>, Option<&str>, &str)> {
    errors.iter().map(|e| (e.line, e.record.as_deref(), e.message.as_str())).collect()
}

fn full(contents: &Contents) -> &[vigil_model::Entity] {
    match contents {
        Contents::Full(entities) => entities,
        Contents::Delta(_) => panic!("expected a full list"),
    }
}

#[test]
fn ofac_bad_rows_are_reported_with_lines() {
    let parsed = parse_file(&fixture("sdn_bad_rows.csv")).unwrap();
    assert_eq!(
        lines_and_messages(&parsed.errors),
        [
            (Some(2), Some("ABC"), "ent_num \"ABC\" is not a number"),
            (Some(3), Some("12"), "expected 12 fields, found 3"),
            (Some(5), Some("14"), "empty SDN_Name"),
            (Some(6), Some("15"), "unknown SDN_Type \"spaceship\""),
        ]
    );
    assert!(parsed.errors.iter().all(|e| e.path.ends_with("sdn_bad_rows.csv")));
    let all = full(&parsed.contents);
    assert_eq!(all.len(), 2);
    let good = &all[0];
    assert_eq!(
        good.birth_dates.iter().map(|d| d.to_string()).collect::<Vec<_>>(),
        ["1960", "1961", "1962"]
    );
    assert!(good.names.iter().any(|n| n.value == "G1"));
    let ship = &all[1];
    assert_eq!(ship.schema, Schema::Vessel);
    assert_eq!(ship.imo().as_deref(), Some("8660313"));
    assert_eq!(ship.identifier(IdKind::Mmsi), Some("445123000"));
    assert_eq!(ship.identifier(IdKind::CallSign), Some("HMZF"));
    assert_eq!(ship.vessel.flag.as_deref(), Some("kp"));
    assert_eq!(ship.links[0].entity_id.as_deref(), Some("us_ofac_sdn-10"));
    // No date in the name or directory: a content hash.
    assert!(parsed.version.starts_with("sha256:"), "{}", parsed.version);
}

#[test]
fn un_bad_records_are_reported() {
    let parsed = parse_file(&fixture("un_bad_records.xml")).unwrap();
    assert_eq!(parsed.version, "2020-01-02");
    let errors = lines_and_messages(&parsed.errors);
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert_eq!(errors[0], (Some(14), Some("2"), "<INDIVIDUAL> without a REFERENCE_NUMBER"));
    assert_eq!(errors[1].0, Some(18));
    assert!(errors[1].2.contains("bad text"), "{errors:?}");
    let all = full(&parsed.contents);
    assert_eq!(
        all.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(),
        ["un_sc-KPi.900", "un_sc-KPe.900"]
    );
    let person = &all[0];
    assert_eq!(person.birth_dates.len(), 2);
    assert!(person.names.iter().any(|n| n.value == "TESTY" && n.kind == NameKind::WeakAlias));
    let passport = &person.identifiers[0];
    assert_eq!(
        (passport.kind, passport.value.as_str(), passport.country.as_deref()),
        (IdKind::Passport, "P123", Some("kp"))
    );
    assert_eq!(all[1].imo().as_deref(), Some("1790183"));
}

#[test]
fn truncated_and_broken_xml_is_malformed() {
    let text = std::fs::read_to_string(fixture("un_bad_records.xml")).unwrap();
    for cut in [text.len() / 3, text.len() / 2, text.len() - 5] {
        let err = parse_bytes("un.xml", &text.as_bytes()[..cut]).unwrap_err();
        assert!(matches!(err, ListError::Malformed { .. }), "{cut}: {err}");
        assert!(err.to_string().starts_with("un.xml: "), "{err}");
    }
    let mismatched = text.replace("</SECOND_NAME>", "</SECOND>");
    let err = parse_bytes("un.xml", mismatched.as_bytes()).unwrap_err();
    assert!(err.to_string().contains("line 7"), "{err}");
}

#[test]
fn invalid_utf8_is_an_error_not_mojibake() {
    let mut xml = std::fs::read(fixture("un_bad_records.xml")).unwrap();
    let at = xml.windows(6).position(|w| w == b"PERSON").unwrap();
    xml[at] = 0xE9; // Latin-1 "é" in a file that declares UTF-8.
    let err = parse_bytes("un.xml", &xml).unwrap_err();
    assert_eq!(err.to_string(), format!("un.xml: invalid UTF-8 at byte {at} (line 7)"));

    let json = b"{\"id\":\"x\",\"schema\":\"Person\",\"properties\":{\"name\":[\"Ren\xe9\"]}}\n";
    let err = parse_bytes("x.ftm.json", json).unwrap_err();
    let at = json.iter().position(|&b| b == 0xE9).unwrap();
    assert_eq!(err.to_string(), format!("x.ftm.json: invalid UTF-8 at byte {at} (line 1)"));
}

#[test]
fn ftm_bad_lines_are_reported() {
    let parsed = parse_file(&fixture("ftm_bad_lines.json")).unwrap();
    assert_eq!(parsed.format, Format::FtmEntities);
    assert_eq!(parsed.list, "test_ds");
    let errors = lines_and_messages(&parsed.errors);
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert_eq!(errors[0].0, Some(3));
    assert!(errors[0].2.starts_with("invalid JSON"));
    assert_eq!(errors[1], (Some(4), None, "entity without an id"));
    assert_eq!(parsed.skipped.get("schema Sanction"), Some(&1));
    assert_eq!(parsed.skipped.get("schema Address"), Some(&1));
    let all = full(&parsed.contents);
    assert_eq!(all.len(), 2);
    let vessel = &all[0];
    assert_eq!(vessel.imo().as_deref(), Some("8660313"));
    assert_eq!(vessel.vessel.flag.as_deref(), Some("kp"));
    assert_eq!(vessel.addresses[0].full, "1 Test Street, Pyongyang");
    assert_eq!(vessel.addresses[0].country.as_deref(), Some("kp"));
    assert!(vessel.names.iter().any(|n| n.value == "TV" && n.kind == NameKind::WeakAlias));
    assert_eq!(all[1].schema, Schema::Aircraft);
    assert_eq!(all[1].identifier(IdKind::Registration), Some("EP-TST"));
}

#[test]
fn ftm_delta_ops() {
    let delta = concat!(
        "{\"op\":\"ADD\",\"entity\":{\"id\":\"a\",\"schema\":\"Person\",\"properties\":{\"name\":[\"A\"]}}}\n",
        "{\"op\":\"DEL\",\"entity\":{\"id\":\"b\"}}\n",
        "{\"op\":\"MOD\",\"entity\":{\"id\":\"s\",\"schema\":\"Sanction\",\"properties\":{}}}\n",
        "{\"op\":\"ZAP\",\"entity\":{\"id\":\"c\"}}\n",
        "{\"op\":\"ADD\"}\n",
    );
    let parsed = parse_bytes("x_20240101000000-abc_entities.delta.json", delta.as_bytes()).unwrap();
    assert_eq!(parsed.version, "20240101000000-abc");
    let Contents::Delta(ops) = &parsed.contents else { panic!("a delta") };
    assert!(matches!(&ops[0], DeltaOp::Upsert(e) if e.id == "a"));
    assert_eq!(ops[1], DeltaOp::Delete("b".into()));
    assert_eq!(ops.len(), 2);
    assert_eq!(parsed.skipped.get("schema Sanction"), Some(&1));
    let errors = lines_and_messages(&parsed.errors);
    assert_eq!(
        errors,
        [
            (Some(4), Some("c"), "unknown delta op \"ZAP\""),
            (Some(5), None, "delta line without an entity")
        ]
    );
}

#[test]
fn conlist_bad_rows_and_windows_1252() {
    let parsed = parse_file(&fixture("conlist_bad_rows.csv")).unwrap();
    assert_eq!(parsed.version, "2019-02-01");
    let errors = lines_and_messages(&parsed.errors);
    assert_eq!(
        errors,
        [(Some(5), None, "expected 29 fields, found 2"), (Some(6), None, "bad Group ID \"\"")]
    );
    let all = full(&parsed.contents);
    assert_eq!(all.len(), 1);
    let rene = &all[0];
    assert_eq!(rene.caption, "René CAFÉ");
    assert!(rene.names.iter().any(|n| n.value == "CAFÉ René"));
    assert!(rene.names.iter().any(|n| n.value == "Rene CAFE" && n.kind == NameKind::WeakAlias));
    assert_eq!(rene.birth_dates[0].to_string(), "1970-05");
    assert_eq!(rene.nationalities, ["fr", "be"]);
    assert_eq!(rene.identifier(IdKind::Passport), Some("12AB34567"));
    assert_eq!(rene.remarks.as_deref(), Some("Test “quoted” info"));
}

#[test]
fn unknown_and_empty_files() {
    for (name, bytes) in [
        ("x.txt", &b"hello world"[..]),
        ("x.csv", b""),
        ("x.xml", b"<html></html>"),
        ("x.json", b"{\"a\":1}"),
    ] {
        match parse_bytes(name, bytes) {
            Err(ListError::UnknownFormat { path, .. }) => assert_eq!(path, Path::new(name)),
            other => panic!("{name}: expected UnknownFormat, got {other:?}"),
        }
    }
}

#[test]
fn detection_by_content() {
    use vigil_lists::detect_bytes;
    let cases: [(&str, &[u8], Format); 6] = [
        (
            "anything.bin",
            b"<?xml version=\"1.0\"?>\n<!-- c -->\n<CONSOLIDATED_LIST/>",
            Format::UnXml,
        ),
        ("x", b"<export xmlns=\"http://eu.europa.ec/fpi/fsd/export\"></export>", Format::EuFsfXml),
        ("x", b"Last Updated,13/04/2018\n", Format::UkOfsiCsv),
        ("x", b"{\"unique_id\":\"RUS0001\",\"names\":{}}\n", Format::UkSanctionsJsonl),
        (
            "cons_prim.csv",
            b"1,\"A\",-0- ,\"P\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n",
            Format::OfacConsolidated,
        ),
        (
            "x.csv",
            b"1,\"A\",-0- ,\"P\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n",
            Format::OfacSdn,
        ),
    ];
    for (name, bytes, format) in cases {
        assert_eq!(detect_bytes(name, bytes).unwrap(), format, "{name}");
    }
}

#[test]
fn oversized_record_is_refused() {
    let mut csv = b"1,\"".to_vec();
    csv.resize(csv.len() + vigil_lists::MAX_RECORD_BYTES + 1, b'A');
    csv.extend_from_slice(b"\",-0- ,\"P\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n");
    let parsed = vigil_lists::parse_bytes_as(Format::OfacSdn, "sdn.csv", &csv).unwrap();
    assert_eq!(parsed.errors.len(), 1);
    assert!(parsed.errors[0].message.contains("longer than"));
}

/// The EU FSF parser, on a self-written fixture of the published shape (no
/// official FSF file was available; see SOURCES.md section 4).
#[test]
fn eu_fsf_fixture() {
    let parsed = parse_file(&fixture("eu_fsf_sample.xml")).unwrap();
    assert_eq!(parsed.format, Format::EuFsfXml);
    assert_eq!(parsed.list, "eu_fsf");
    assert_eq!(parsed.version, "2024-05-31");
    assert_eq!(
        lines_and_messages(&parsed.errors),
        [(Some(24), Some("EU.9999.03"), "sanctionEntity without a logicalId")]
    );
    let all = full(&parsed.contents);
    assert_eq!(all.len(), 2);
    let person = &all[0];
    assert_eq!(
        (person.id.as_str(), person.caption.as_str()),
        ("eu_fsf-9001", "Ivan Ivanovich TESTOV")
    );
    assert_eq!(person.schema, Schema::Person);
    assert!(person
        .names
        .iter()
        .any(|n| n.value == "Иван Иванович ТЕСТОВ" && n.kind == NameKind::StrongAlias));
    assert!(person.names.iter().any(|n| n.value == "Vanya" && n.kind == NameKind::WeakAlias));
    assert_eq!(
        person.birth_dates.iter().map(|d| d.to_string()).collect::<Vec<_>>(),
        ["1970-02-03", "1971"]
    );
    assert_eq!(person.nationalities, ["ru"]);
    assert_eq!(person.gender, Some(vigil_model::Gender::Male));
    assert_eq!(person.programs, ["UKR"]);
    assert_eq!(person.listed_on.unwrap().to_string(), "2022-03-15");
    assert_eq!(person.identifier(IdKind::Passport), Some("1234567"));
    assert_eq!(person.addresses[0].country.as_deref(), Some("ru"));
    assert_eq!(person.titles, ["Director of Test LLC"]);
    let company = &all[1];
    assert_eq!(company.schema, Schema::Company);
    assert_eq!(company.identifier(IdKind::TaxId), Some("7700000000"));
}
