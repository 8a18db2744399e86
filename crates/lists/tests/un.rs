//! The UN consolidated list against the shared snapshot; counts from
//! `data/sanctions/SOURCES.md`.

mod common;

use common::{by_id, entities, shared};
use vigil_lists::{parse_bytes, parse_file, Format, ListError};
use vigil_model::{IdKind, NameKind, Schema};

#[test]
fn un_counts_and_records() {
    let Some(path) = shared("un/consolidated_2026-02-27.xml") else { return };
    let parsed = parse_file(&path).unwrap();
    assert_eq!(parsed.format, Format::UnXml);
    assert_eq!(parsed.list, "un_sc");
    assert_eq!(parsed.version, "2026-02-27");
    assert_eq!(parsed.errors, []);
    let all = entities(&parsed);
    assert_eq!(all.len(), 1_003);
    assert_eq!(all.iter().filter(|e| e.schema == Schema::Person).count(), 730);
    assert_eq!(all.iter().filter(|e| e.schema == Schema::Organization).count(), 273);
    let dprk: Vec<_> = all.iter().filter(|e| e.programs == ["DPRK"]).collect();
    assert_eq!(dprk.len(), 155);
    let kpi = dprk.iter().filter(|e| e.provenance.record_id.starts_with("KPi.")).count();
    let kpe = dprk.iter().filter(|e| e.provenance.record_id.starts_with("KPe.")).count();
    assert_eq!((kpi, kpe), (80, 75));
    // 214 non-empty aliases among the DPRK records.
    let aliases: usize =
        dprk.iter().map(|e| e.names.iter().filter(|n| n.kind != NameKind::Primary).count()).sum();
    assert!(aliases >= 214, "{aliases}");
    // 80 DPRK individuals carry an INDIVIDUAL_DATE_OF_BIRTH element, but in 8
    // of them it is empty (`<TYPE_OF_DATE/>` and nothing else).
    assert_eq!(dprk.iter().filter(|e| !e.birth_dates.is_empty()).count(), 72);
    // Sixteen DPRK entities carry an IMO company number in their comments.
    let with_imo = dprk.iter().filter(|e| e.imo().is_some()).count();
    assert_eq!(with_imo, 16);

    let yun = by_id(all, "un_sc-KPi.001");
    assert_eq!(yun.caption, "YUN HO-JIN");
    assert_eq!(yun.birth_dates[0].to_string(), "1944-10-13");
    assert_eq!(yun.nationalities, ["kp"]);
    assert_eq!(yun.listed_on.unwrap().to_string(), "2009-07-16");
    assert!(yun.names.iter().any(|n| n.value == "Yun Ho-chin" && n.kind == NameKind::StrongAlias));
    assert_eq!(yun.titles, ["Director of Namchongang Trading Corporation"]);

    let omm = by_id(all, "un_sc-KPe.020");
    let imo = omm.identifiers.iter().find(|i| i.kind == IdKind::Imo).unwrap();
    assert_eq!((imo.value.as_str(), imo.note.as_deref()), ("1790183", Some("company")));
    assert!(omm.names.iter().any(|n| n.value == "East Sea Shipping Company"));
    assert_eq!(by_id(all, "un_sc-KPe.066").imo().as_deref(), Some("5434358"));

    // BETWEEN 1973 and 1974 becomes both years; "Low" aliases are weak.
    assert!(all.iter().any(|e| e.birth_dates.len() >= 2));
    assert!(all.iter().flat_map(|e| &e.names).any(|n| n.kind == NameKind::WeakAlias));
    let passports = all.iter().flat_map(|e| e.identifiers_of(IdKind::Passport)).count();
    assert!(passports > 250, "{passports}");
}

#[test]
fn truncated_un_xml_is_malformed() {
    let Some(path) = shared("un/consolidated_2026-02-27.xml") else { return };
    let bytes = std::fs::read(path).unwrap();
    let cut = &bytes[..bytes.len() / 2];
    match parse_bytes("consolidated.xml", cut) {
        Err(ListError::Malformed { message, .. }) => {
            assert!(message.contains("truncated") || message.contains("byte"), "{message}");
        }
        other => panic!("expected Malformed, got {other:?}"),
    }
}
