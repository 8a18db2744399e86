//! Ports in: the World Port Index CSV (NGA Pub. 150, whole or a subset),
//! Global Fishing Watch's anchorage list, and GeoJSON points.
//!
//! One reader serves every CSV by finding its columns by name (any case):
//! `Main Port Name` / `main_port_name` / `port_name` / `name`, or GFW's
//! `label` with `sublabel`; `Latitude` / `latitude` / `lat`; `Longitude` /
//! `longitude` / `lon`; and for the country `iso2`, `iso3`, a country name
//! (`Country Code` in the WPI, which holds names such as "North Korea",
//! or `country`) or the first two letters of `UN/LOCODE`. A port of North
//! Korea is watched unless a `watched` column says otherwise.

use std::path::Path;

use serde_json::Value;

use crate::error::{read_limited, Result};
use crate::geojson::{check_position, point_features, string_property};
use crate::{iso3, GeoError, Port, MAX_FILE_BYTES, MAX_RECORDS};

/// The country whose ports are watched by default.
const WATCHED_COUNTRY: &str = "KP";

const NAME_COLUMNS: &[&str] =
    &["main port name", "main_port_name", "port_name", "port name", "name"];
const LAT_COLUMNS: &[&str] = &["latitude", "lat"];
const LON_COLUMNS: &[&str] = &["longitude", "lon", "lng", "long"];
const ISO2_COLUMNS: &[&str] = &["iso2", "country_iso2", "iso_a2"];
const ISO3_COLUMNS: &[&str] = &["iso3", "country_iso3", "iso_a3"];
const COUNTRY_NAME_COLUMNS: &[&str] = &["country code", "country"];
const LOCODE_COLUMNS: &[&str] = &["un/locode", "unlocode", "locode"];

/// Property names that give a GeoJSON port its name, in order of preference.
const NAME_PROPERTIES: &[&str] = &[
    "name",
    "port_name",
    "Main Port Name",
    "main_port_name",
    "PORT_NAME",
    "Name",
    "NAME",
    "label",
    "sublabel",
];

/// Reads ports from a CSV (World Port Index, its subsets, GFW anchorages) or
/// GeoJSON file, told apart by content (JSON starts with `{`).
pub fn read_ports(path: &Path) -> Result<(Vec<Port>, Vec<GeoError>)> {
    let bytes = read_limited(path, MAX_FILE_BYTES)?;
    let body = strip_bom(&bytes);
    if body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{') {
        let text = std::str::from_utf8(body)
            .map_err(|e| GeoError::format(path, format!("not UTF-8: {e}")))?;
        return ports_from_geojson(text, path);
    }
    ports_from_csv(&bytes, path)
}

fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// Ports from GeoJSON Point (or MultiPoint) features, named by their `name`
/// (or `port_name`, `Main Port Name`, `label`…) property; `path` names the
/// file in errors and in each port's `source`.
pub fn ports_from_geojson(text: &str, path: &Path) -> Result<(Vec<Port>, Vec<GeoError>)> {
    let json: Value =
        serde_json::from_str(text).map_err(|e| GeoError::format(path, format!("not JSON: {e}")))?;
    let (features, mut errors) = point_features(&json, path)?;
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let mut ports = Vec::new();
    for feature in features {
        let properties = &feature.properties;
        let name = string_property(properties, NAME_PROPERTIES)
            .unwrap_or_else(|| format!("{stem} #{}", feature.number));
        let lookup = |keys: &[&str]| string_property(properties, keys);
        let country = resolve_country(
            lookup(&["iso2", "iso_a2", "country_iso2"]).as_deref(),
            lookup(&["iso3", "iso_a3", "country_iso3"]).as_deref(),
            lookup(&["country", "country_code", "Country Code"]).as_deref(),
            lookup(&["unlocode", "UN/LOCODE"]).as_deref(),
        );
        let watched = match properties.get("watched") {
            Some(Value::Bool(watched)) => *watched,
            Some(other) => {
                errors.push(GeoError::record(
                    path,
                    format!("feature {}", feature.number),
                    format!("watched is {other}, not true or false"),
                ));
                continue;
            }
            None => country.as_deref() == Some(WATCHED_COUNTRY),
        };
        for [lon, lat] in feature.points {
            let source = format!("{}: feature {}", path.display(), feature.number);
            ports.push(Port {
                name: name.clone(),
                country: country.clone(),
                lat,
                lon,
                watched,
                source,
            });
        }
    }
    Ok((ports, errors))
}

/// Where each needed column is in a CSV header.
struct Columns {
    name: Option<usize>,
    label: Option<usize>,
    sublabel: Option<usize>,
    lat: usize,
    lon: usize,
    iso2: Option<usize>,
    iso3: Option<usize>,
    country_name: Option<usize>,
    locode: Option<usize>,
    watched: Option<usize>,
}

impl Columns {
    fn find(header: &csv::StringRecord, path: &Path) -> Result<Columns> {
        let names: Vec<String> =
            header.iter().map(|h| h.trim().trim_start_matches('\u{feff}').to_lowercase()).collect();
        let find =
            |candidates: &[&str]| candidates.iter().find_map(|c| names.iter().position(|n| n == c));
        let missing =
            |what: &str| GeoError::format(path, format!("no {what} column in the header"));
        let columns = Columns {
            name: find(NAME_COLUMNS),
            label: find(&["label"]),
            sublabel: find(&["sublabel"]),
            lat: find(LAT_COLUMNS).ok_or_else(|| missing("latitude"))?,
            lon: find(LON_COLUMNS).ok_or_else(|| missing("longitude"))?,
            iso2: find(ISO2_COLUMNS),
            iso3: find(ISO3_COLUMNS),
            country_name: find(COUNTRY_NAME_COLUMNS),
            locode: find(LOCODE_COLUMNS),
            watched: find(&["watched"]),
        };
        if columns.name.is_none() && columns.label.is_none() {
            return Err(missing("port name (Main Port Name, port_name, name or label)"));
        }
        Ok(columns)
    }
}

/// Ports from CSV bytes (UTF-8, with or without a byte-order mark); `path`
/// names the file in errors and in each port's `source` (`file:line`).
pub fn ports_from_csv(bytes: &[u8], path: &Path) -> Result<(Vec<Port>, Vec<GeoError>)> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(strip_bom(bytes));
    let header = reader
        .headers()
        .map_err(|e| GeoError::format(path, format!("unreadable CSV header: {e}")))?
        .clone();
    let columns = Columns::find(&header, path)?;
    let mut ports = Vec::new();
    let mut errors = Vec::new();
    let mut record = csv::StringRecord::new();
    for n_rows in 0.. {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(error) => {
                let line = error.position().map_or(0, |p| p.line());
                errors.push(GeoError::record(
                    path,
                    format!("line {line}"),
                    format!("unreadable CSV row: {error}"),
                ));
                if error.is_io_error() {
                    break;
                }
                continue;
            }
        }
        if n_rows >= MAX_RECORDS {
            return Err(GeoError::format(path, format!("more than {MAX_RECORDS} rows")));
        }
        let line = record.position().map_or(0, |p| p.line());
        match port_of_row(&record, &columns, path, line) {
            Ok(port) => ports.push(port),
            Err(message) => errors.push(GeoError::record(path, format!("line {line}"), message)),
        }
    }
    Ok((ports, errors))
}

fn port_of_row(
    record: &csv::StringRecord,
    columns: &Columns,
    path: &Path,
    line: u64,
) -> std::result::Result<Port, String> {
    let field = |idx: Option<usize>| {
        idx.and_then(|i| record.get(i)).map(str::trim).filter(|s| !s.is_empty())
    };
    let number = |idx: usize, what: &str| -> std::result::Result<f64, String> {
        let text = field(Some(idx)).ok_or_else(|| format!("no {what}"))?;
        text.parse::<f64>().map_err(|_| format!("{what} {text:?} is not a number"))
    };
    let [lon, lat] =
        check_position([number(columns.lon, "longitude")?, number(columns.lat, "latitude")?])?;
    let name = field(columns.name)
        .map(str::to_owned)
        .or_else(|| gfw_name(field(columns.label), field(columns.sublabel)))
        .ok_or("no port name")?;
    let country = resolve_country(
        field(columns.iso2),
        field(columns.iso3),
        field(columns.country_name),
        field(columns.locode),
    );
    let watched = match field(columns.watched) {
        None => country.as_deref() == Some(WATCHED_COUNTRY),
        Some(text) if text.eq_ignore_ascii_case("true") || text == "1" => true,
        Some(text) if text.eq_ignore_ascii_case("false") || text == "0" => false,
        Some(text) => return Err(format!("watched {text:?} is not true or false")),
    };
    Ok(Port { name, country, lat, lon, watched, source: format!("{}:{line}", path.display()) })
}

/// GFW's name for an anchorage: the label, unless the label is a code such
/// as `RUS-135` and the sublabel holds the name.
fn gfw_name(label: Option<&str>, sublabel: Option<&str>) -> Option<String> {
    let is_code = |text: &str| {
        let mut parts = text.splitn(2, '-');
        let (prefix, digits) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
        prefix.len() == 3
            && prefix.bytes().all(|b| b.is_ascii_uppercase())
            && !digits.is_empty()
            && digits.bytes().all(|b| b.is_ascii_digit())
    };
    match (label, sublabel) {
        (Some(label), Some(sublabel)) if is_code(label) => Some(sublabel.to_owned()),
        (Some(label), _) => Some(label.to_owned()),
        (None, sublabel) => sublabel.map(str::to_owned),
    }
}

/// The upper-case ISO alpha-2 code from whichever of the columns is given,
/// in order of trust.
fn resolve_country(
    iso2: Option<&str>,
    iso3: Option<&str>,
    name: Option<&str>,
    locode: Option<&str>,
) -> Option<String> {
    let from_iso2 = iso2.filter(|c| c.len() == 2).and_then(vigil_model::country_code);
    let from_iso3 = || iso3.and_then(iso3::alpha2);
    let from_name = || name.and_then(vigil_model::country_code);
    let from_locode = || locode.and_then(|l| l.get(..2)).and_then(vigil_model::country_code);
    from_iso2
        .or_else(from_iso3)
        .or_else(from_name)
        .or_else(from_locode)
        .map(str::to_ascii_uppercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn csv(text: &str) -> (Vec<Port>, Vec<GeoError>) {
        ports_from_csv(text.as_bytes(), Path::new("p.csv")).unwrap()
    }

    #[test]
    fn wpi_columns_with_a_bom_give_named_ports_with_countries() {
        let (ports, errors) = csv(
            "\u{feff}World Port Index Number,Main Port Name,UN/LOCODE,Country Code,Latitude,Longitude\n\
             60280,Nampo,KP NAM,North Korea,38.716667,125.4\n\
             60320,Inchon,KR INC,South Korea,37.466667,126.616667\n\
             99999,Nowhere,,,95,10\n",
        );
        assert_eq!(ports.len(), 2);
        assert_eq!(
            (ports[0].name.as_str(), ports[0].country.as_deref(), ports[0].watched),
            ("Nampo", Some("KP"), true)
        );
        assert_eq!((ports[1].country.as_deref(), ports[1].watched), (Some("KR"), false));
        assert_eq!(ports[0].source, "p.csv:2");
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0].to_string().starts_with("p.csv: line 4: position [10, 95]"),
            "{}",
            errors[0]
        );
    }

    #[test]
    fn gfw_anchorages_take_the_sublabel_behind_a_code_and_iso3_countries() {
        let (ports, errors) = csv("s2id,latitude,longitude,label,sublabel,iso3\n\
             35f8,42.64,130.79,RUS-344,POSYET,RUS\n\
             356e,34.84,128.42,TONGYEONG,,KOR\n\
             3570,39.0,125.5,NAMPO,,PRK\n\
             3571,x,125.5,BAD,,PRK\n");
        let got: Vec<(&str, Option<&str>, bool)> =
            ports.iter().map(|p| (p.name.as_str(), p.country.as_deref(), p.watched)).collect();
        assert_eq!(
            got,
            [
                ("POSYET", Some("RU"), false),
                ("TONGYEONG", Some("KR"), false),
                ("NAMPO", Some("KP"), true)
            ]
        );
        assert!(
            errors[0].to_string().contains("line 5: latitude \"x\" is not a number"),
            "{}",
            errors[0]
        );
    }

    #[test]
    fn a_header_without_positions_is_refused() {
        assert!(ports_from_csv(b"name,country\nA,KP\n", Path::new("p.csv")).is_err());
        assert!(ports_from_csv(b"lat,lon\n1,2\n", Path::new("p.csv")).is_err());
    }

    #[test]
    fn geojson_points_become_ports() {
        let (ports, errors) = ports_from_geojson(
            r#"{"type":"FeatureCollection","features":[
              {"type":"Feature","properties":{"port_name":"Rajin","iso3":"PRK"},"geometry":{"type":"Point","coordinates":[130.3,42.233333]}},
              {"type":"Feature","properties":{"name":"X","country":"Russia","watched":true},"geometry":{"type":"MultiPoint","coordinates":[[131,43],[132,43]]}},
              {"type":"Feature","properties":{"name":"Y"},"geometry":{"type":"Polygon","coordinates":[]}}
            ]}"#,
            Path::new("ports.geojson"),
        )
        .unwrap();
        assert_eq!(ports.len(), 3);
        assert_eq!(
            (ports[0].name.as_str(), ports[0].country.as_deref(), ports[0].watched),
            ("Rajin", Some("KP"), true)
        );
        assert!(
            ports[1].watched && ports[2].lon == 132.0 && ports[2].country.as_deref() == Some("RU")
        );
        assert!(
            errors[0].to_string().contains("feature 3: a Polygon is not a port position"),
            "{}",
            errors[0]
        );
    }
}
