//! The geography readers survive any bytes and lose no feature or row
//! without a word: random bytes, byte-mutated files and structurally mutated
//! JSON (values swapped for wrong kinds, out-of-range numbers, dropped
//! members) never panic, every value read is in range, and every feature or
//! row is either read or reported. A stable stand-in for
//! `fuzz/fuzz_targets/fuzz_geo_{json,csv}.rs`, run on every `cargo test`.
//!
//! Seeds are small files written here, plus the small shared GeoJSON zones,
//! the head of the shared port lists and the npm world-atlas TopoJSON when
//! they are present.

use std::path::Path;

use serde_json::{json, Value};
use vigil_geo::{
    ports_from_csv, ports_from_geojson, zones_from_geojson, GeoError, Land, Polygon, Port,
};

/// Marsaglia's xorshift64: deterministic, so a failure names its input.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const GEOJSON_SEED: &str = r#"{"type":"FeatureCollection","features":[
  {"type":"Feature","properties":{"name":"box","watched":true},"geometry":{"type":"Polygon","coordinates":[[[124.0,38.0],[125.0,38.0],[125.0,39.0],[124.0,38.0]]]}},
  {"type":"Feature","properties":{"name":"two"},"geometry":{"type":"MultiPolygon","coordinates":[[[[2,2],[3,2],[3,3],[2,2]]],[[[5,5],[6,5],[6,6],[5,5]],[[5.2,5.1],[5.3,5.1],[5.3,5.2],[5.2,5.1]]]]}},
  {"type":"Feature","properties":{"name":"fiji"},"geometry":{"type":"Polygon","coordinates":[[[179.5,-17],[-179.5,-17],[-179.5,-16],[179.5,-16],[179.5,-17]]]}},
  {"type":"Feature","properties":{},"geometry":{"type":"GeometryCollection","geometries":[{"type":"Polygon","coordinates":[[[7,7],[8,7],[8,8],[7,7]]]}]}},
  {"type":"Feature","properties":{"name":"Nampo","iso3":"PRK"},"geometry":{"type":"Point","coordinates":[125.4,38.716667]}},
  {"type":"Feature","properties":{"port_name":"Rajin","country":"North Korea"},"geometry":{"type":"MultiPoint","coordinates":[[130.3,42.233333]]}}
]}"#;

/// Two unit squares sharing an edge, quantized and delta-encoded, plus a
/// ring around the South Pole that crosses the antimeridian.
const TOPOJSON_SEED: &str = r#"{"type":"Topology",
  "transform":{"scale":[0.5,0.25],"translate":[100,30]},
  "objects":{"land":{"type":"GeometryCollection","geometries":[
    {"type":"Polygon","arcs":[[0,1]],"properties":{"name":"left"}},
    {"type":"MultiPolygon","arcs":[[[-1,2]]]},
    {"type":"Polygon","arcs":[[3]]}
  ]}},
  "arcs":[[[2,0],[0,4]],[[2,4],[-2,0],[0,-4],[2,0]],[[2,0],[2,0],[0,4],[-2,0]],
          [[-200,-400],[340,0],[-680,0],[160,0],[180,0]]]
}"#;

const WPI_SEED: &str =
    "\u{feff}World Port Index Number,Main Port Name,UN/LOCODE,Country Code,Latitude,Longitude\n\
60280,Nampo,KP NAM,North Korea,38.716667,125.4\n\
60320,Inchon,KR INC,South Korea,37.466667,126.616667\n\
60760,Vostochnyy,RU VYP,Russia,42.75,133.066667\n";

const ANCHORAGE_SEED: &str = "s2id,latitude,longitude,label,sublabel,iso3,watched\n\
35f8,42.64,130.79,RUS-344,POSYET,RUS,\n\
356e,34.84,128.42,TONGYEONG,,KOR,false\n\
3570,39.0,125.5,NAMPO,,PRK,true\n";

/// Bytes that matter to JSON, CSV and numbers.
const ALPHABET: &[u8] = b"{}[]\",:.-+eE0123456789 \n\r\t-~nultrfase\xef\xbb\xbf\xff";

fn in_range(lon: f64, lat: f64) -> bool {
    lon.is_finite() && lat.is_finite() && lon.abs() <= 180.0 + 1e-9 && lat.abs() <= 90.0 + 1e-9
}

fn check_polygons(polygons: &[Polygon]) {
    for polygon in polygons {
        for [lon, lat] in std::iter::once(&polygon.exterior).chain(&polygon.holes).flatten() {
            assert!(in_range(*lon, *lat), "vertex [{lon}, {lat}]");
        }
    }
}

fn check_ports(ports: &[Port], file: &str) {
    for port in ports {
        assert!(in_range(port.lon, port.lat), "{port:?}");
        assert!(port.source.starts_with(file), "{port:?}");
    }
}

/// Every skipped feature or row is a record error naming the file and place.
fn check_errors(errors: &[GeoError], file: &str) {
    for error in errors {
        assert!(matches!(error, GeoError::Record { .. }), "{error}");
        let text = error.to_string();
        assert!(text.starts_with(&format!("{file}: ")), "{text}");
        assert!(text.contains("feature ") || text.contains("line ") || text.contains("object "));
    }
}

/// What one GeoJSON text gave, for the totals.
#[derive(Default)]
struct Tally {
    read: usize,
    reported: usize,
}

/// Runs every GeoJSON reader over `text`. When the text is a
/// FeatureCollection, each feature must be read or reported, never neither.
fn read_geojson(text: &str, tally: &mut Tally) {
    let path = Path::new("g.geojson");
    let features = serde_json::from_str::<Value>(text)
        .ok()
        .filter(|json| json["type"] == "FeatureCollection")
        .and_then(|json| json["features"].as_array().map(Vec::len));
    let land = Land::from_geojson(text, path);
    if let Ok((land, errors)) = &land {
        check_polygons(&land.polygons);
        check_errors(errors, "g.geojson");
    }
    match zones_from_geojson(text, path) {
        Ok((zones, errors)) => {
            for zone in &zones {
                check_polygons(&zone.polygons);
                assert!(!zone.polygons.is_empty(), "{zone:?}");
            }
            check_errors(&errors, "g.geojson");
            if let Some(n_features) = features {
                assert_eq!(zones.len() + errors.len(), n_features, "{errors:?}\n{text}");
            }
            // Land and zones read polygons alike.
            let land_errors = land.as_ref().map(|(_, errors)| errors.len()).ok();
            assert_eq!(land_errors, Some(errors.len()));
            tally.read += zones.len();
            tally.reported += errors.len();
        }
        Err(error) => {
            assert!(matches!(error, GeoError::Format { .. }), "{error}");
            assert!(land.is_err());
        }
    }
    if let Ok((ports, errors)) = ports_from_geojson(text, path) {
        check_ports(&ports, "g.geojson");
        check_errors(&errors, "g.geojson");
        if let Some(n_features) = features {
            // A feature gives one port per point; count features with ports.
            let mut sources: Vec<&str> = ports.iter().map(|p| p.source.as_str()).collect();
            sources.dedup();
            assert_eq!(sources.len() + errors.len(), n_features, "{errors:?}\n{text}");
        }
    }
}

/// Runs the TopoJSON reader over `text`. Each geometry of the land object
/// is read into polygons or reported.
fn read_topojson(text: &str, tally: &mut Tally) {
    let Ok((land, errors)) = Land::from_topojson(text, Path::new("t.json")) else { return };
    check_polygons(&land.polygons);
    check_errors(&errors, "t.json");
    if let Ok(json) = serde_json::from_str::<Value>(text) {
        let n_geometries = geometries_in_land(&json);
        assert!(errors.len() <= n_geometries, "{errors:?}");
        assert_eq!(land.polygons.is_empty(), errors.len() == n_geometries, "{errors:?}\n{text}");
    }
    tally.read += land.polygons.len();
    tally.reported += errors.len();
}

/// How many geometries `Land::from_topojson` reads: those of `objects.land`,
/// else of every object; a GeometryCollection counts its members (or one, for
/// the error when it has none).
fn geometries_in_land(json: &Value) -> usize {
    let objects = json["objects"].as_object().expect("a topology that was read has objects");
    let count = |object: &Value| match object["type"].as_str() {
        Some("GeometryCollection") => object["geometries"].as_array().map_or(1, Vec::len),
        _ => 1,
    };
    match objects.get("land") {
        Some(land) => count(land),
        None => objects.values().map(count).sum(),
    }
}

/// Runs the port CSV reader over `bytes`: every record after the header is
/// a port or a reported row.
fn read_csv(bytes: &[u8], tally: &mut Tally) {
    let Ok((ports, errors)) = ports_from_csv(bytes, Path::new("p.csv")) else { return };
    check_ports(&ports, "p.csv:");
    check_errors(&errors, "p.csv");
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let n_records = csv::ReaderBuilder::new().flexible(true).from_reader(body).records().count();
    assert_eq!(ports.len() + errors.len(), n_records, "{errors:?}");
    tally.read += ports.len();
    tally.reported += errors.len();
}

/// One to eight byte edits: replace, insert, delete, repeat or drop a run.
fn mutate_bytes(rng: &mut Rng, seed: &[u8]) -> Vec<u8> {
    let mut bytes = seed.to_vec();
    for _ in 0..1 + rng.below(8) {
        let at = rng.below(bytes.len() + 1);
        match rng.below(6) {
            0 if at < bytes.len() => bytes[at] = ALPHABET[rng.below(ALPHABET.len())],
            1 if at < bytes.len() => bytes[at] = rng.next() as u8,
            2 if at < bytes.len() => {
                bytes.remove(at);
            }
            3 => bytes.insert(at, ALPHABET[rng.below(ALPHABET.len())]),
            4 => {
                let len = rng.below(12).min(bytes.len().saturating_sub(at));
                let run: Vec<u8> = bytes[at..at + len].to_vec();
                bytes.splice(at..at, run);
            }
            _ => {
                let end = (at + rng.below(24)).min(bytes.len());
                bytes.drain(at.min(end)..end);
            }
        }
    }
    bytes
}

/// Values that readers must refuse or take apart carefully.
fn odd_value(rng: &mut Rng) -> Value {
    match rng.below(14) {
        0 => Value::Null,
        1 => json!(1e308),
        2 => json!(-181.0),
        3 => json!(90.0000001),
        4 => json!("12.5"),
        5 => json!([]),
        6 => json!([[]]),
        7 => json!({}),
        8 => json!(u64::MAX),
        9 => json!(i64::MIN),
        10 => json!(-1),
        11 => json!("Polygon"),
        12 => json!([1, 2, 3]),
        _ => json!(true),
    }
}

/// Replaces, drops or duplicates one node of the tree, picked at random.
fn mutate_value(rng: &mut Rng, value: &mut Value) {
    let n_children = match value {
        Value::Array(items) => items.len(),
        Value::Object(map) => map.len(),
        _ => 0,
    };
    // Stop here sometimes, and always at a leaf.
    if n_children == 0 || rng.below(4) == 0 {
        *value = odd_value(rng);
        return;
    }
    let idx = rng.below(n_children);
    match value {
        Value::Array(items) => match rng.below(8) {
            0 => {
                items.remove(idx);
            }
            1 => {
                let copy = items[idx].clone();
                items.insert(idx, copy);
            }
            _ => mutate_value(rng, &mut items[idx]),
        },
        Value::Object(map) => {
            let key = map.keys().nth(idx).cloned().unwrap_or_default();
            if rng.below(8) == 0 {
                map.remove(&key);
            } else if let Some(child) = map.get_mut(&key) {
                mutate_value(rng, child);
            }
        }
        _ => {}
    }
}

/// The inline seeds and the shared files that exist, by kind.
struct Seeds {
    geojson: Vec<String>,
    topojson: Vec<String>,
    csv: Vec<Vec<u8>>,
}

fn seeds() -> Seeds {
    let mut seeds = Seeds {
        geojson: vec![GEOJSON_SEED.to_owned()],
        topojson: vec![TOPOJSON_SEED.to_owned()],
        csv: vec![WPI_SEED.as_bytes().to_vec(), ANCHORAGE_SEED.as_bytes().to_vec()],
    };
    for relative in [
        "geo/eez/gfw_nk_paper_study_area.geojson",
        "geo/eez/gfw_nk_paper_eez_prk_overlap_rus.geojson",
        "geo/eez/gfw_nk_paper_eez_rus_south_wo_12nm.geojson",
    ] {
        if let Some(text) = vigil_testdata::shared_file(relative)
            .and_then(|path| std::fs::read_to_string(path).ok())
        {
            seeds.geojson.push(text);
        }
    }
    for relative in [
        "geo/ports/wpi_ports_neasia_115E-145E_30N-50N.csv",
        "geo/ports/gfw_anchorage_overrides_neasia_115E-145E_30N-50N.csv",
        "geo/ports/UpdatedPub150.csv",
    ] {
        if let Some(bytes) =
            vigil_testdata::shared_file(relative).and_then(|path| std::fs::read(path).ok())
        {
            let head: Vec<&[u8]> = bytes.split(|&b| b == b'\n').take(30).collect();
            seeds.csv.push(head.join(&b'\n'));
        }
    }
    let atlas = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tools/geo/node_modules/world-atlas/land-110m.json");
    match std::fs::read_to_string(&atlas) {
        Ok(text) => seeds.topojson.push(text),
        Err(_) => eprintln!("note: {} is absent (npm ci --prefix tools/geo)", atlas.display()),
    }
    seeds
}

#[test]
fn seeds_read_cleanly() {
    let seeds = seeds();
    for text in &seeds.geojson {
        let (zones, errors) = zones_from_geojson(text, Path::new("g.geojson")).unwrap();
        assert!(!zones.is_empty());
        // The inline seed's two point features are not areas.
        assert!(errors.len() <= 2, "{errors:?}");
    }
    for text in &seeds.topojson {
        let (land, errors) = Land::from_topojson(text, Path::new("t.json")).unwrap();
        assert!(errors.is_empty() && !land.polygons.is_empty(), "{errors:?}");
    }
    for bytes in &seeds.csv {
        let (ports, errors) = ports_from_csv(bytes, Path::new("p.csv")).unwrap();
        assert!(errors.is_empty() && ports.len() >= 3, "{errors:?}");
    }
}

#[test]
fn random_bytes_never_panic() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut tally = Tally::default();
    let headers: [&[u8]; 2] =
        [WPI_SEED.lines().next().unwrap_or_default().as_bytes(), b"name,lat,lon\n"];
    for _ in 0..1_000 {
        let len = rng.below(300);
        let raw: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        let punctuation: Vec<u8> = (0..len).map(|_| ALPHABET[rng.below(ALPHABET.len())]).collect();
        for bytes in [&raw, &punctuation] {
            let text = String::from_utf8_lossy(bytes);
            read_geojson(&text, &mut tally);
            read_topojson(&text, &mut tally);
            read_csv(bytes, &mut tally);
            for header in headers {
                read_csv(&[header, b"\n", bytes].concat(), &mut tally);
            }
        }
    }
    // Behind a good header, random rows are reported, not dropped.
    assert!(tally.reported > 500, "only {} rows reported", tally.reported);
}

#[test]
fn byte_mutated_files_never_panic() {
    let seeds = seeds();
    let mut rng = Rng(42);
    let mut tally = Tally::default();
    for seed in seeds.geojson.iter().chain(&seeds.topojson) {
        // Fewer rounds for the large shared files: each is parsed whole.
        let rounds = if seed.len() > 4096 { 40 } else { 400 };
        for _ in 0..rounds {
            let bytes = mutate_bytes(&mut rng, seed.as_bytes());
            let text = String::from_utf8_lossy(&bytes);
            read_geojson(&text, &mut tally);
            read_topojson(&text, &mut tally);
        }
    }
    for seed in &seeds.csv {
        for _ in 0..400 {
            read_csv(&mutate_bytes(&mut rng, seed), &mut tally);
        }
    }
    // Without the shared files only the written seeds are mutated (about 870
    // read and 600 reported); with them, several times more.
    assert!(
        tally.read > 500 && tally.reported > 100,
        "{} read, {} reported",
        tally.read,
        tally.reported
    );
}

#[test]
fn structurally_mutated_json_never_panics_and_reports_each_bad_feature() {
    let seeds = seeds();
    let mut rng = Rng(7);
    let mut geo_tally = Tally::default();
    let mut topo_tally = Tally::default();
    for (seed, is_topology) in
        seeds.geojson.iter().map(|s| (s, false)).chain(seeds.topojson.iter().map(|s| (s, true)))
    {
        let original: Value = serde_json::from_str(seed).expect("seeds are JSON");
        let rounds = if seed.len() > 4096 { 40 } else { 600 };
        for _ in 0..rounds {
            let mut value = original.clone();
            for _ in 0..1 + rng.below(3) {
                mutate_value(&mut rng, &mut value);
            }
            let text = value.to_string();
            if is_topology {
                read_topojson(&text, &mut topo_tally);
            } else {
                read_geojson(&text, &mut geo_tally);
            }
        }
    }
    for tally in [&geo_tally, &topo_tally] {
        assert!(
            tally.read > 100 && tally.reported > 50,
            "{} read, {} reported",
            tally.read,
            tally.reported
        );
    }
}

#[test]
fn empty_and_degenerate_geometries_are_reported() {
    let features = [
        r#"{"type":"Feature","properties":{"name":"none"},"geometry":{"type":"MultiPoint","coordinates":[]}}"#,
        r#"{"type":"Feature","properties":{"name":"flat"},"geometry":{"type":"Polygon","coordinates":[]}}"#,
        r#"{"type":"Feature","properties":{"name":"hollow"},"geometry":{"type":"MultiPolygon","coordinates":[]}}"#,
        r#"{"type":"Feature","properties":{"name":"empty"},"geometry":{"type":"GeometryCollection","geometries":[]}}"#,
    ];
    for feature in features {
        let text = format!(r#"{{"type":"FeatureCollection","features":[{feature}]}}"#);
        // Each reader checks that the feature is read or reported.
        read_geojson(&text, &mut Tally::default());
    }
}
