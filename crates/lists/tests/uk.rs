//! UK OFSI ConList (Windows-1252 CSV) and the derived UK Sanctions List JSON
//! lines against the shared snapshots; counts from `SOURCES.md`.

mod common;

use common::{by_id, entities, shared};
use vigil_lists::{parse_file, Format};
use vigil_model::{IdKind, NameKind, Schema};

const DPRK_REGIME: &str = "North Korea (Democratic People's Republic of Korea)";

#[test]
fn conlist_groups_and_records() {
    let Some(path) = shared("uk/ConList_2018-04-13.csv") else { return };
    let parsed = parse_file(&path).unwrap();
    assert_eq!(parsed.format, Format::UkOfsiCsv);
    assert_eq!(parsed.list, "gb_ofsi");
    assert_eq!(parsed.version, "2018-04-13");
    assert_eq!(parsed.errors, []);
    let all = entities(&parsed);
    assert_eq!(all.len(), 2_106);
    let dprk: Vec<_> = all.iter().filter(|e| e.programs.iter().any(|p| p == DPRK_REGIME)).collect();
    assert_eq!(dprk.len(), 242);
    assert_eq!(dprk.iter().filter(|e| e.schema == Schema::Person).count(), 135);
    let vessels: Vec<_> = dprk.iter().filter(|e| e.schema == Schema::Vessel).collect();
    assert_eq!(vessels.len(), 23);
    assert!(vessels.iter().all(|v| v.imo().is_some()));
    // SOURCES.md names three shipping companies with "IMO" in their text; two
    // give their own company number (KPe.022 5342883, KPe.066 5434358). The
    // third, OCEAN MARITIME MANAGEMENT (13143), lists its ships' numbers
    // ("vessels with IMO Number: ((a) Chol Ryong ... 8606173"), which are
    // not the company's and are not taken.
    let companies = dprk
        .iter()
        .filter(|e| e.schema != Schema::Vessel && e.imo().is_some())
        .inspect(|e| assert!(e.identifiers.iter().any(|i| i.note.as_deref() == Some("company"))))
        .count();
    assert_eq!(companies, 2);
    assert_eq!(by_id(all, "gb_ofsi-13143").imo(), None);
    let ukraine =
        all.iter().filter(|e| e.programs.iter().any(|p| p == "Ukraine (Sovereignty)")).count();
    assert_eq!(ukraine, 188);

    let tong_san = by_id(all, "gb_ofsi-13556");
    assert_eq!(tong_san.caption, "TONG SAN 2");
    assert_eq!(tong_san.schema, Schema::Vessel);
    assert_eq!(tong_san.imo().as_deref(), Some("8937675"));
    assert_eq!(tong_san.identifier(IdKind::Mmsi), Some("445539000"));
    assert_eq!(tong_san.listed_on.unwrap().to_string(), "2017-10-19");

    let petrel = vessels.iter().find(|v| v.caption == "PETREL 8").expect("PETREL 8");
    assert_eq!(petrel.imo().as_deref(), Some("9562233"));

    // "00/00/1980": a year only; "1) Saudi Arabia 2) Qatar": two nationalities.
    let qahtani = by_id(all, "gb_ofsi-13349");
    assert!(qahtani.birth_dates.iter().any(|d| d.to_string() == "1980"));
    assert_eq!(qahtani.nationalities, ["sa", "qa"]);
    assert_eq!(qahtani.identifier(IdKind::Passport), Some("592667"));
}

#[test]
fn conlist_is_decoded_as_windows_1252() {
    let Some(path) = shared("uk/ConList_2018-04-13.csv") else { return };
    let parsed = parse_file(&path).unwrap();
    let all = entities(&parsed);
    // 0xE9 is "é" in Windows-1252; 0x92 is the right single quote "’".
    let leonard = by_id(all, "gb_ofsi-13284");
    assert_eq!(leonard.caption, "Léonard NGENDAKUMANA");
    assert!(leonard.names.iter().any(|n| n.value == "NGENDAKUMANA Léonard"));
    let gia = by_id(all, "gb_ofsi-6963");
    assert!(gia.names.iter().any(|n| n.value == "GROUPE ISLAMIQUE ARMÉ"), "{:?}", gia.names);
    let kim = by_id(all, "gb_ofsi-13561");
    assert!(kim.names.iter().any(|n| n.value == "Kim CHO’NG-SIK"), "{:?}", kim.names);
    assert!(all.iter().flat_map(|e| &e.names).all(|n| !n.value.contains('\u{FFFD}')));
}

#[test]
fn uk_sanctions_list_jsonl() {
    let Some(path) = shared("uk/uk_sanctions_list_dprk_russia_2026-08-22.derived.jsonl") else {
        return;
    };
    let parsed = parse_file(&path).unwrap();
    assert_eq!(parsed.format, Format::UkSanctionsJsonl);
    assert_eq!(parsed.list, "gb_fcdo");
    assert_eq!(parsed.version, "2026-08-22");
    assert_eq!(parsed.errors, []);
    let all = entities(&parsed);
    assert_eq!(all.len(), 3_735);
    let regime = |prefix: &str, schema: Schema| {
        all.iter()
            .filter(|e| e.schema == schema && e.programs.iter().any(|p| p.starts_with(prefix)))
            .count()
    };
    assert_eq!(regime("The Russia", Schema::Person), 1_931);
    assert_eq!(regime("The Russia", Schema::Vessel), 628);
    assert_eq!(regime("The Democratic People's Republic of Korea", Schema::Person), 138);
    assert_eq!(regime("The Democratic People's Republic of Korea", Schema::Vessel), 37);
    let russia_ships_with_imo = all
        .iter()
        .filter(|e| e.schema == Schema::Vessel && e.programs[0].starts_with("The Russia"))
        .filter(|e| e.imo().is_some())
        .count();
    // SOURCES.md: "624 Russia ships still carry their IMO".
    assert_eq!(russia_ships_with_imo, 624);
    let dprk_ships_with_imo = all
        .iter()
        .filter(|e| e.schema == Schema::Vessel && e.programs[0].starts_with("The Democratic"))
        .filter(|e| e.imo().is_some())
        .count();
    assert_eq!(dprk_ships_with_imo, 0);

    let an = by_id(all, "gb_fcdo-DPR0001");
    assert_eq!(an.caption, "Jong Hyuk An");
    assert!(an.names.iter().any(|n| n.value == "An Jong Hyok" && n.kind == NameKind::StrongAlias));
    assert_eq!(an.listed_on.unwrap().to_string(), "2020-12-31");
    let petrel = by_id(all, "gb_fcdo-DPR0075");
    assert_eq!(petrel.caption, "Petrel 8");
    assert!(petrel.names.iter().any(|n| n.value == "Tian Tai 36"));
    let marjorie = all.iter().find(|e| e.caption == "MARJORIE").expect("MARJORIE");
    assert_eq!(marjorie.imo().as_deref(), Some("9296377"));
}
