//! OFAC SDN and consolidated CSVs against the shared snapshots; the counts
//! come from `data/sanctions/SOURCES.md`.

mod common;

use common::{by_id, entities, shared};
use vigil_lists::{load_paths, parse_file, Format};
use vigil_model::{imo_is_valid, IdKind, NameKind, Schema};

fn dprk(e: &vigil_model::Entity) -> bool {
    e.programs.iter().any(|p| p.contains("DPRK"))
}

#[test]
fn sdn_2024_05_03_counts_and_records() {
    let Some(path) = shared("ofac/sdn_2024-05-03.csv") else { return };
    let parsed = parse_file(&path).unwrap();
    assert_eq!(parsed.format, Format::OfacSdn);
    assert_eq!(parsed.list, "us_ofac_sdn");
    assert_eq!(parsed.version, "2024-05-03");
    assert_eq!(parsed.errors, []);
    let all = entities(&parsed);
    assert_eq!(all.len(), 14_965);
    assert_eq!(all.iter().filter(|e| dprk(e)).count(), 484);
    let dprk_vessels = all.iter().filter(|e| dprk(e) && e.schema == Schema::Vessel).count();
    assert_eq!(dprk_vessels, 105);
    let vessels: Vec<_> = all.iter().filter(|e| e.schema == Schema::Vessel).collect();
    assert_eq!(vessels.len(), 851);
    // SOURCES.md counts vessels whose remarks contain "IMO": 844. Two more
    // (17104, 33809) give a bare seven-digit number with a valid check digit.
    let with_imo = |e: &&&vigil_model::Entity| e.imo().is_some();
    let written_imo =
        |e: &&&vigil_model::Entity| e.remarks.as_deref().unwrap_or("").contains("IMO");
    assert_eq!(vessels.iter().filter(with_imo).filter(written_imo).count(), 844);
    assert_eq!(vessels.iter().filter(with_imo).count(), 846);
    // SOURCES.md counts rows whose program contains RUSSIA-EO14024, which
    // includes one BPI-RUSSIA-EO14024 row.
    let russia = |exact: bool| {
        let hit =
            |p: &String| if exact { p == "RUSSIA-EO14024" } else { p.contains("RUSSIA-EO14024") };
        all.iter().filter(|e| e.programs.iter().any(hit)).count()
    };
    assert_eq!(russia(false), 4_440);
    assert_eq!(russia(true), 4_439);

    let putin = by_id(all, "us_ofac_sdn-35096");
    assert_eq!(putin.caption, "PUTIN, Vladimir Vladimirovich");
    assert_eq!(putin.schema, Schema::Person);
    assert_eq!(putin.programs, ["RUSSIA-EO14024"]);
    assert_eq!(putin.birth_dates.iter().map(|d| d.to_string()).collect::<Vec<_>>(), ["1952-10-07"]);
    assert_eq!(putin.birth_places, ["Leningrad, Russia"]);
    assert_eq!(putin.nationalities, ["ru"]);
    assert_eq!(putin.titles, ["President of the Russian Federation"]);
    assert_eq!(putin.gender, Some(vigil_model::Gender::Male));

    let kim = all.iter().find(|e| e.caption == "KIM, Jong Un").expect("KIM, Jong Un");
    assert!(kim.programs.iter().any(|p| p == "DPRK3"), "{:?}", kim.programs);
    assert_eq!(kim.id, "us_ofac_sdn-20157");
    assert_eq!(kim.birth_dates[0].to_string(), "1984-01-08");
    assert_eq!(kim.titles, ["Chairman of the Workers' Party of Korea"]);

    // Every DPRK vessel's IMO passes the check digit.
    let dprk_imos: Vec<String> = all
        .iter()
        .filter(|e| dprk(e) && e.schema == Schema::Vessel)
        .filter_map(|e| e.imo())
        .collect();
    assert!(dprk_imos.len() >= 100);
    assert!(dprk_imos.iter().all(|imo| imo_is_valid(imo)), "{dprk_imos:?}");
}

#[test]
fn sdn_vessel_fields() {
    let Some(path) = shared("ofac/sdn_2024-05-03.csv") else { return };
    let parsed = parse_file(&path).unwrap();
    let all = entities(&parsed);
    // 4243,"EBANO","vessel","CUBA",-0- ,-0- ,"General Cargo","2595","1865","Panama",-0- ,
    // "Vessel Registration Identification IMO 7406784; f.k.a. 'ANA I'; f.k.a. 'SAND SWAN'."
    let ebano = by_id(all, "us_ofac_sdn-4243");
    assert_eq!(ebano.schema, Schema::Vessel);
    assert_eq!(ebano.imo().as_deref(), Some("7406784"));
    assert_eq!(ebano.vessel.vessel_type.as_deref(), Some("General Cargo"));
    assert_eq!(ebano.vessel.tonnage.as_deref(), Some("2595"));
    assert_eq!(ebano.vessel.gross_tonnage.as_deref(), Some("1865"));
    assert_eq!(ebano.vessel.flag.as_deref(), Some("pa"));
    assert!(ebano.names.iter().any(|n| n.value == "SAND SWAN" && n.kind == NameKind::WeakAlias));
    // 4238,"MAR AZUL","vessel",...,"CL2192","Tug",-0- ,"212","Cuba","Samir de Navegacion S.A."
    let mar_azul = by_id(all, "us_ofac_sdn-4238");
    assert_eq!(mar_azul.identifier(IdKind::CallSign), Some("CL2192"));
    assert_eq!(mar_azul.vessel.owner.as_deref(), Some("Samir de Navegacion S.A."));
    // Linked To: resolved against the same file where the name is listed.
    let linked = all.iter().flat_map(|e| &e.links).filter(|l| l.entity_id.is_some()).count();
    assert!(linked > 1000, "{linked}");
}

#[test]
fn sdn_2024_04_26_counts() {
    let Some(path) = shared("ofac/sdn_2024-04-26.csv") else { return };
    let parsed = parse_file(&path).unwrap();
    assert_eq!(parsed.errors, []);
    let all = entities(&parsed);
    assert_eq!(all.len(), 14_668);
    assert_eq!(all.iter().filter(|e| dprk(e)).count(), 484);
    let vessels: Vec<_> = all.iter().filter(|e| e.schema == Schema::Vessel).collect();
    assert_eq!(vessels.len(), 835);
    let with_imo = |e: &&&vigil_model::Entity| e.imo().is_some();
    let written_imo =
        |e: &&&vigil_model::Entity| e.remarks.as_deref().unwrap_or("").contains("IMO");
    assert_eq!(vessels.iter().filter(with_imo).filter(written_imo).count(), 828);
    assert_eq!(vessels.iter().filter(with_imo).count(), 830);
}

#[test]
fn triplet_joins_companions() {
    let Some(path) = shared("ofac/sdn_2021-07_triplet/sdn.csv") else { return };
    let parsed = parse_file(&path).unwrap();
    assert_eq!(parsed.sources.len(), 4, "{:?}", parsed.sources);
    assert_eq!(parsed.version, "2021-07");
    assert_eq!(parsed.errors, []);
    let all = entities(&parsed);
    assert_eq!(all.len(), 8_976);
    assert_eq!(all.iter().filter(|e| dprk(e)).count(), 414);
    let dprk_by_schema = |schema| all.iter().filter(|e| dprk(e) && e.schema == schema).count();
    assert_eq!(dprk_by_schema(Schema::Person), 130);
    assert_eq!(dprk_by_schema(Schema::Vessel), 106);
    assert_eq!(dprk_by_schema(Schema::Aircraft), 16);
    let vessels: Vec<_> = all.iter().filter(|e| e.schema == Schema::Vessel).collect();
    assert_eq!(vessels.len(), 406);
    let with_imo = |e: &&&vigil_model::Entity| e.imo().is_some();
    let written_imo =
        |e: &&&vigil_model::Entity| e.remarks.as_deref().unwrap_or("").contains("IMO");
    // SOURCES.md counts 400 vessels whose remarks contain "IMO"; one of them
    // (23424) writes "IMO 15411", five digits, which is kept as a registration
    // number instead. 17104 gives a bare valid IMO without the word.
    assert_eq!(vessels.iter().filter(with_imo).filter(written_imo).count(), 399);
    assert_eq!(vessels.iter().filter(with_imo).count(), 400);
    let malta = by_id(all, "us_ofac_sdn-23424");
    assert_eq!(malta.imo(), None);
    assert_eq!(malta.identifier(IdKind::Registration), Some("IMO 15411"));
    // add.csv: 173,129,"Ibex House, The Minories","London EC3N 1DY","United Kingdom"
    let anglo = by_id(all, "us_ofac_sdn-173");
    assert!(anglo
        .addresses
        .iter()
        .any(|a| a.full.contains("Ibex House") && a.country.as_deref() == Some("gb")));
    // alt.csv: 306,220,"aka","NATIONAL BANK OF CUBA"
    let banco = by_id(all, "us_ofac_sdn-306");
    assert!(banco
        .names
        .iter()
        .any(|n| n.value == "NATIONAL BANK OF CUBA" && n.kind == NameKind::StrongAlias));
    // sdn_comments.csv continues 28263's remarks: "...a.k.a. 'snowsjo" + "hn'; Linked To: LAZARUS GROUP."
    let e = by_id(all, "us_ofac_sdn-28263");
    assert!(e.names.iter().any(|n| n.value == "snowsjohn"), "{:?}", e.names);
    assert!(e.links.iter().any(|l| l.name == "LAZARUS GROUP"));
    let addresses: usize = all.iter().map(|e| e.addresses.len()).sum();
    assert!(addresses > 10_000, "{addresses}");
}

#[test]
fn load_paths_groups_the_triplet() {
    let Some(dir) = shared("ofac/sdn_2021-07_triplet") else { return };
    let paths: Vec<_> =
        ["alt.csv", "sdn.csv", "add.csv", "sdn_comments.csv"].iter().map(|n| dir.join(n)).collect();
    let results = load_paths(&paths);
    assert_eq!(results.len(), 1);
    let parsed = results.into_iter().next().unwrap().unwrap();
    assert_eq!(parsed.sources.len(), 4);
    assert_eq!(entities(&parsed).len(), 8_976);
}

#[test]
fn consolidated_non_sdn() {
    let Some(path) = shared("ofac/consolidated_non_sdn_2025-12/cons_prim.csv") else { return };
    let parsed = parse_file(&path).unwrap();
    assert_eq!(parsed.format, Format::OfacConsolidated);
    assert_eq!(parsed.list, "us_ofac_cons");
    assert_eq!(parsed.version, "2025-12");
    assert_eq!(parsed.sources.len(), 4);
    assert_eq!(parsed.errors, []);
    let all = entities(&parsed);
    assert_eq!(all.len(), 442);
    let program = |p: &str| all.iter().filter(|e| e.programs.iter().any(|x| x == p)).count();
    assert_eq!(program("RUSSIA-EO14024"), 93);
    assert_eq!(program("UKRAINE-EO13662"), 286);
    assert_eq!(all.iter().filter(|e| dprk(e)).count(), 0);
    assert!(all[0].id.starts_with("us_ofac_cons-"));
    // cons_alt.csv: 9639,9150,"aka","HANIYA, Ismail"
    let haniya = by_id(all, "us_ofac_cons-9639");
    assert!(haniya.names.iter().any(|n| n.value == "HANIYA, Ismail"));
}
