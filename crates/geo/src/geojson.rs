//! GeoJSON (RFC 7946) in: polygon features become zones or land, point
//! features become ports.
//!
//! Reading goes through `serde_json::Value` rather than typed structs so that
//! one malformed feature is reported with its number and skipped instead of
//! failing the whole file. Coordinates are checked (finite, longitude within
//! ±180°, latitude within ±90°) and counted against [`crate::MAX_VERTICES`].

use std::path::Path;

use serde_json::{Map, Value};

use crate::antimeridian::split_at_antimeridian;
use crate::error::{read_limited, Result};
use crate::{topojson, GeoError, Polygon, Zone, MAX_FILE_BYTES, MAX_RECORDS, MAX_VERTICES};

/// Deepest nesting of GeometryCollections followed.
const MAX_DEPTH: usize = 16;

/// Property names that give a zone its name, in order of preference.
const ZONE_NAME_KEYS: &[&str] =
    &["name", "NAME", "Name", "zone", "label", "marregion", "geoname", "territory1"];

/// A feature's polygons, with its 1-based number and properties.
pub(crate) struct PolygonFeature {
    pub(crate) number: usize,
    pub(crate) properties: Map<String, Value>,
    pub(crate) polygons: Vec<Polygon>,
}

/// A feature's points, with its 1-based number and properties.
pub(crate) struct PointFeature {
    pub(crate) number: usize,
    pub(crate) properties: Map<String, Value>,
    pub(crate) points: Vec<[f64; 2]>,
}

/// Reads zones from a GeoJSON or TopoJSON file (told apart by content): one
/// [`Zone`] per polygon feature, named by its `name` property (or `NAME`,
/// `label`, `marregion`, …; else the file's stem), watched unless its
/// `watched` property is `false`.
pub fn read_zones(path: &Path) -> Result<(Vec<Zone>, Vec<GeoError>)> {
    let json = read_json(path)?;
    if json.get("type").and_then(Value::as_str) == Some("Topology") {
        let topology = topojson::Topology::decode(&json, path)?;
        let (features, errors) = topology.polygon_features(None)?;
        return Ok((zones_of(features, path), errors));
    }
    zones_from_value(&json, path)
}

/// Zones from GeoJSON text; `path` names it in errors and in each zone's
/// `source`.
pub fn zones_from_geojson(text: &str, path: &Path) -> Result<(Vec<Zone>, Vec<GeoError>)> {
    let json =
        serde_json::from_str(text).map_err(|e| GeoError::format(path, format!("not JSON: {e}")))?;
    zones_from_value(&json, path)
}

fn zones_from_value(json: &Value, path: &Path) -> Result<(Vec<Zone>, Vec<GeoError>)> {
    let (features, errors) = polygon_features(json, path)?;
    Ok((zones_of(features, path), errors))
}

fn zones_of(features: Vec<PolygonFeature>, path: &Path) -> Vec<Zone> {
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let single = features.len() == 1;
    features
        .into_iter()
        .map(|feature| {
            let name = string_property(&feature.properties, ZONE_NAME_KEYS).unwrap_or_else(|| {
                if single {
                    stem.clone()
                } else {
                    format!("{stem} #{}", feature.number)
                }
            });
            let watched =
                feature.properties.get("watched").and_then(Value::as_bool).unwrap_or(true);
            let source = format!("{}: feature {}", path.display(), feature.number);
            Zone { name, polygons: feature.polygons, watched, source }
        })
        .collect()
}

/// Reads a whole JSON file within the size limit.
pub(crate) fn read_json(path: &Path) -> Result<Value> {
    let bytes = read_limited(path, MAX_FILE_BYTES)?;
    let text = std::str::from_utf8(&bytes)
        .map_err(|e| GeoError::format(path, format!("not UTF-8: {e}")))?;
    serde_json::from_str(text.trim_start_matches('\u{feff}'))
        .map_err(|e| GeoError::format(path, format!("not JSON: {e}")))
}

/// A feature's properties (if any) and geometry (if any).
type RawFeature<'a> = (Option<&'a Map<String, Value>>, Option<&'a Value>);

/// The features of a GeoJSON value: a FeatureCollection's, a Feature, or a
/// bare geometry as one feature without properties.
fn features_of<'a>(json: &'a Value, path: &Path) -> Result<Vec<RawFeature<'a>>> {
    let kind = json.get("type").and_then(Value::as_str).unwrap_or("");
    let features = match kind {
        "FeatureCollection" => json
            .get("features")
            .and_then(Value::as_array)
            .ok_or_else(|| GeoError::format(path, "FeatureCollection without a features array"))?
            .iter()
            .map(|feature| {
                (feature.get("properties").and_then(Value::as_object), feature.get("geometry"))
            })
            .collect(),
        "Feature" => {
            vec![(json.get("properties").and_then(Value::as_object), json.get("geometry"))]
        }
        "Polygon" | "MultiPolygon" | "Point" | "MultiPoint" | "GeometryCollection"
        | "LineString" | "MultiLineString" => vec![(None, Some(json))],
        "" => return Err(GeoError::format(path, "not GeoJSON: no \"type\" member")),
        other => return Err(GeoError::format(path, format!("not GeoJSON: type {other:?}"))),
    };
    if features.len() > MAX_RECORDS {
        return Err(GeoError::format(path, format!("more than {MAX_RECORDS} features")));
    }
    Ok(features)
}

/// Every feature whose geometry has polygons; other and malformed features
/// become errors.
pub(crate) fn polygon_features(
    json: &Value,
    path: &Path,
) -> Result<(Vec<PolygonFeature>, Vec<GeoError>)> {
    let mut found = Vec::new();
    let mut errors = Vec::new();
    let mut budget = VertexBudget::new(path);
    for (idx, (properties, geometry)) in features_of(json, path)?.into_iter().enumerate() {
        let number = idx + 1;
        let mut polygons = Vec::new();
        match geometry.filter(|g| !g.is_null()) {
            None => errors.push(GeoError::record(path, format!("feature {number}"), "no geometry")),
            Some(geometry) => match collect_polygons(geometry, &mut polygons, &mut budget, 0) {
                Ok(()) if polygons.is_empty() => errors.push(GeoError::record(
                    path,
                    format!("feature {number}"),
                    "no polygon in the geometry",
                )),
                Ok(()) => found.push(PolygonFeature {
                    number,
                    properties: properties.cloned().unwrap_or_default(),
                    polygons,
                }),
                Err(message) => {
                    errors.push(GeoError::record(path, format!("feature {number}"), message))
                }
            },
        }
        budget.check()?;
    }
    Ok((found, errors))
}

/// Every feature whose geometry is a Point or MultiPoint; other and
/// malformed features become errors.
pub(crate) fn point_features(
    json: &Value,
    path: &Path,
) -> Result<(Vec<PointFeature>, Vec<GeoError>)> {
    let mut found = Vec::new();
    let mut errors = Vec::new();
    for (idx, (properties, geometry)) in features_of(json, path)?.into_iter().enumerate() {
        let number = idx + 1;
        let place = || format!("feature {number}");
        let Some(geometry) = geometry.filter(|g| !g.is_null()) else {
            errors.push(GeoError::record(path, place(), "no geometry"));
            continue;
        };
        let coordinates = geometry.get("coordinates");
        let points = match (geometry.get("type").and_then(Value::as_str), coordinates) {
            (Some("Point"), Some(c)) => position(c).map(|p| vec![p]),
            (Some("MultiPoint"), Some(Value::Array(items))) if items.is_empty() => {
                Err("a MultiPoint without positions".to_owned())
            }
            (Some("MultiPoint"), Some(Value::Array(items))) => items.iter().map(position).collect(),
            (Some(kind), _) => Err(format!("a {kind} is not a port position (a Point is needed)")),
            (None, _) => Err("geometry without a type".to_owned()),
        };
        match points {
            Ok(points) => found.push(PointFeature {
                number,
                properties: properties.cloned().unwrap_or_default(),
                points,
            }),
            Err(message) => errors.push(GeoError::record(path, place(), message)),
        }
    }
    Ok((found, errors))
}

/// Counts vertices read from one file against [`MAX_VERTICES`].
pub(crate) struct VertexBudget<'a> {
    path: &'a Path,
    used: usize,
}

impl<'a> VertexBudget<'a> {
    pub(crate) fn new(path: &'a Path) -> VertexBudget<'a> {
        VertexBudget { path, used: 0 }
    }

    pub(crate) fn spend(&mut self, n: usize) {
        self.used = self.used.saturating_add(n);
    }

    /// Fails the whole file once the budget is exceeded.
    pub(crate) fn check(&self) -> Result<()> {
        if self.used > MAX_VERTICES {
            return Err(GeoError::format(self.path, format!("more than {MAX_VERTICES} vertices")));
        }
        Ok(())
    }
}

fn collect_polygons(
    geometry: &Value,
    out: &mut Vec<Polygon>,
    budget: &mut VertexBudget,
    depth: usize,
) -> std::result::Result<(), String> {
    if depth > MAX_DEPTH {
        return Err(format!("GeometryCollections nested deeper than {MAX_DEPTH}"));
    }
    let coordinates =
        || geometry.get("coordinates").ok_or_else(|| "geometry without coordinates".to_owned());
    match geometry.get("type").and_then(Value::as_str) {
        Some("Polygon") => {
            if let Some(polygon) = polygon(coordinates()?, budget)? {
                out.extend(split_at_antimeridian(polygon));
            }
        }
        Some("MultiPolygon") => {
            for item in array(coordinates()?, "MultiPolygon coordinates")? {
                if let Some(polygon) = polygon(item, budget)? {
                    out.extend(split_at_antimeridian(polygon));
                }
            }
        }
        Some("GeometryCollection") => {
            let members =
                geometry.get("geometries").ok_or("GeometryCollection without geometries")?;
            for member in array(members, "geometries")? {
                collect_polygons(member, out, budget, depth + 1)?;
            }
        }
        Some(kind) => {
            return Err(format!("a {kind} is not an area (a Polygon or MultiPolygon is needed)"))
        }
        None => return Err("geometry without a type".to_owned()),
    }
    Ok(())
}

/// A Polygon's coordinates: rings of positions, the first the exterior.
/// `None` for an empty polygon.
fn polygon(
    coordinates: &Value,
    budget: &mut VertexBudget,
) -> std::result::Result<Option<Polygon>, String> {
    let mut rings = Vec::new();
    for ring in array(coordinates, "Polygon coordinates")? {
        let positions = array(ring, "a ring")?;
        budget.spend(positions.len());
        if budget.used > MAX_VERTICES {
            return Err(format!("more than {MAX_VERTICES} vertices"));
        }
        rings.push(positions.iter().map(position).collect::<std::result::Result<Vec<_>, _>>()?);
    }
    let mut rings = rings.into_iter();
    Ok(rings.next().map(|exterior| Polygon { exterior, holes: rings.collect() }))
}

fn array<'a>(value: &'a Value, what: &str) -> std::result::Result<&'a Vec<Value>, String> {
    value.as_array().ok_or_else(|| format!("{what} is not an array"))
}

/// A `[lon, lat]` position in degrees, checked.
pub(crate) fn position(value: &Value) -> std::result::Result<[f64; 2], String> {
    let numbers = value.as_array().filter(|a| a.len() >= 2);
    let pair = numbers.and_then(|a| Some([a[0].as_f64()?, a[1].as_f64()?]));
    match pair {
        Some(p) => check_position(p),
        None => Err(format!("position {} is not [longitude, latitude]", short(value))),
    }
}

/// Checks that `[lon, lat]` is finite and in range.
pub(crate) fn check_position([lon, lat]: [f64; 2]) -> std::result::Result<[f64; 2], String> {
    if !(lon.is_finite() && lat.is_finite()) || lon.abs() > 180.0 + 1e-9 || lat.abs() > 90.0 + 1e-9
    {
        return Err(format!("position [{lon}, {lat}] is outside ±180° longitude, ±90° latitude"));
    }
    Ok([lon, lat])
}

/// The JSON text of a value, cut to a readable length for messages.
fn short(value: &Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(60) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

/// The first non-empty string (or number) among `keys`.
pub(crate) fn string_property(properties: &Map<String, Value>, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|key| match properties.get(*key)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zones(text: &str) -> (Vec<Zone>, Vec<GeoError>) {
        zones_from_geojson(text, Path::new("zones.geojson")).unwrap()
    }

    #[test]
    fn feature_collections_features_and_bare_geometries_become_zones() {
        let (read, errors) = zones(
            r#"{"type":"FeatureCollection","features":[
              {"type":"Feature","properties":{"name":"A"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}},
              {"type":"Feature","properties":{"marregion":"B","watched":false},"geometry":{"type":"MultiPolygon","coordinates":[[[[2,2],[3,2],[3,3],[2,2]]],[[[5,5],[6,5],[6,6],[5,5]],[[5.2,5.1],[5.3,5.1],[5.3,5.2],[5.2,5.1]]]]}},
              {"type":"Feature","properties":{},"geometry":{"type":"GeometryCollection","geometries":[{"type":"Polygon","coordinates":[[[7,7],[8,7],[8,8],[7,7]]]}]}}
            ]}"#,
        );
        assert!(errors.is_empty(), "{errors:?}");
        let names: Vec<&str> = read.iter().map(|z| z.name.as_str()).collect();
        assert_eq!(names, ["A", "B", "zones #3"]);
        assert!(read[0].watched && !read[1].watched);
        assert_eq!(read[1].polygons.len(), 2);
        assert_eq!(read[1].polygons[1].holes.len(), 1);
        assert_eq!(read[2].source, "zones.geojson: feature 3");
        let (single, _) = zones(r#"{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}"#);
        assert_eq!(single[0].name, "zones");
    }

    #[test]
    fn bad_features_are_reported_by_number_and_the_rest_is_read() {
        let (read, errors) = zones(
            r#"{"type":"FeatureCollection","features":[
              {"type":"Feature","properties":{"name":"ok"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}},
              {"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,"x"],[1,1]]]}},
              {"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,95],[1,1]]]}},
              {"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1,1]}},
              {"type":"Feature","properties":{},"geometry":null}
            ]}"#,
        );
        assert_eq!(read.len(), 1);
        let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(messages.len(), 4, "{messages:?}");
        assert!(
            messages[0].starts_with("zones.geojson: feature 2: position [1,\"x\"]"),
            "{}",
            messages[0]
        );
        assert!(
            messages[1].contains("feature 3") && messages[1].contains("outside"),
            "{}",
            messages[1]
        );
        assert!(messages[2].contains("feature 4: a Point is not an area"), "{}", messages[2]);
        assert!(messages[3].ends_with("feature 5: no geometry"), "{}", messages[3]);
    }

    #[test]
    fn non_geojson_is_refused_whole() {
        for text in ["[1,2]", r#"{"type":"Topologyy"}"#, r#"{"type":"FeatureCollection"}"#, "{"] {
            assert!(zones_from_geojson(text, Path::new("x.json")).is_err(), "{text}");
        }
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let mut geometry = r#"{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1]]]}"#.to_owned();
        for _ in 0..40 {
            geometry = format!(r#"{{"type":"GeometryCollection","geometries":[{geometry}]}}"#);
        }
        let (read, errors) = zones(&geometry);
        assert!(read.is_empty());
        assert!(errors[0].to_string().contains("nested deeper"), "{}", errors[0]);
    }
}
