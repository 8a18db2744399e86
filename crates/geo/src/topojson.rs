//! TopoJSON in: the format the `world-atlas` npm package ships Natural Earth
//! in, decoded to polygons.
//!
//! A topology stores each shared boundary once, as an arc; rings are lists of
//! arc references, where `~i` (a negative number) is arc `i` reversed. With a
//! `transform`, arc positions are quantized integers, each but the first a
//! difference from the previous one: position = running sum × scale +
//! translate. Consecutive arcs of a ring share their joining point, so the
//! first point of every arc after the first is dropped.
//!
//! # References
//! - The TopoJSON Format Specification, version 1.0
//!   (<https://github.com/topojson/topojson-specification>).

use std::path::Path;

use serde_json::{Map, Value};

use crate::antimeridian::split_at_antimeridian;
use crate::error::Result;
use crate::geojson::{check_position, PolygonFeature, VertexBudget};
use crate::{GeoError, Polygon, MAX_RECORDS};

/// Deepest nesting of GeometryCollections followed.
const MAX_DEPTH: usize = 16;

/// A decoded topology: its arcs as absolute positions, and its objects.
pub(crate) struct Topology<'a> {
    path: &'a Path,
    objects: &'a Map<String, Value>,
    /// Each arc's positions, or why it could not be decoded.
    arcs: Vec<std::result::Result<Vec<[f64; 2]>, String>>,
}

impl<'a> Topology<'a> {
    /// Decodes the arcs of a `"type": "Topology"` value.
    pub(crate) fn decode(json: &'a Value, path: &'a Path) -> Result<Topology<'a>> {
        if json.get("type").and_then(Value::as_str) != Some("Topology") {
            return Err(GeoError::format(path, "not TopoJSON: type is not \"Topology\""));
        }
        let objects = json
            .get("objects")
            .and_then(Value::as_object)
            .ok_or_else(|| GeoError::format(path, "Topology without an objects member"))?;
        let raw_arcs = json
            .get("arcs")
            .and_then(Value::as_array)
            .ok_or_else(|| GeoError::format(path, "Topology without an arcs array"))?;
        if raw_arcs.len() > crate::MAX_VERTICES {
            return Err(GeoError::format(path, format!("more than {} arcs", crate::MAX_VERTICES)));
        }
        let transform = match json.get("transform") {
            None | Some(Value::Null) => None,
            Some(transform) => Some(
                Transform::read(transform).map_err(|message| GeoError::format(path, message))?,
            ),
        };
        let mut budget = VertexBudget::new(path);
        let arcs = raw_arcs
            .iter()
            .map(|arc| {
                let decoded = decode_arc(arc, transform.as_ref());
                budget.spend(decoded.as_ref().map_or(0, Vec::len));
                decoded
            })
            .collect();
        budget.check()?;
        Ok(Topology { path, objects, arcs })
    }

    /// The polygon features of the object named `prefer` when it exists,
    /// else of every object (in name order). A GeometryCollection object
    /// gives one feature per member.
    pub(crate) fn polygon_features(
        &self,
        prefer: Option<&str>,
    ) -> Result<(Vec<PolygonFeature>, Vec<GeoError>)> {
        let chosen: Vec<(&String, &Value)> =
            match prefer.and_then(|name| self.objects.get_key_value(name)) {
                Some(one) => vec![one],
                None => self.objects.iter().collect(),
            };
        let mut found = Vec::new();
        let mut errors = Vec::new();
        let mut budget = VertexBudget::new(self.path);
        for (name, object) in chosen {
            let members: Vec<&Value> = match object.get("type").and_then(Value::as_str) {
                Some("GeometryCollection") => {
                    match object.get("geometries").and_then(Value::as_array) {
                        Some(geometries) => geometries.iter().collect(),
                        None => {
                            errors.push(GeoError::record(
                                self.path,
                                format!("object {name}"),
                                "GeometryCollection without geometries",
                            ));
                            continue;
                        }
                    }
                }
                _ => vec![object],
            };
            if found.len() + members.len() > MAX_RECORDS {
                return Err(GeoError::format(
                    self.path,
                    format!("more than {MAX_RECORDS} geometries"),
                ));
            }
            for (idx, member) in members.into_iter().enumerate() {
                let place = || format!("object {name}, geometry {}", idx + 1);
                let mut polygons = Vec::new();
                match self.collect_polygons(member, &mut polygons, &mut budget, 0) {
                    Ok(()) if polygons.is_empty() => errors.push(GeoError::record(
                        self.path,
                        place(),
                        "no polygon in the geometry",
                    )),
                    Ok(()) => {
                        let properties = member
                            .get("properties")
                            .and_then(Value::as_object)
                            .cloned()
                            .unwrap_or_default();
                        found.push(PolygonFeature {
                            number: found.len() + 1,
                            properties,
                            polygons,
                        });
                    }
                    Err(message) => errors.push(GeoError::record(self.path, place(), message)),
                }
                budget.check()?;
            }
        }
        Ok((found, errors))
    }

    fn collect_polygons(
        &self,
        geometry: &Value,
        out: &mut Vec<Polygon>,
        budget: &mut VertexBudget,
        depth: usize,
    ) -> std::result::Result<(), String> {
        if depth > MAX_DEPTH {
            return Err(format!("GeometryCollections nested deeper than {MAX_DEPTH}"));
        }
        let arcs = || geometry.get("arcs").ok_or_else(|| "geometry without arcs".to_owned());
        match geometry.get("type").and_then(Value::as_str) {
            Some("Polygon") => out.extend(split_at_antimeridian(self.polygon(arcs()?, budget)?)),
            Some("MultiPolygon") => {
                for polygon in as_array(arcs()?, "MultiPolygon arcs")? {
                    out.extend(split_at_antimeridian(self.polygon(polygon, budget)?));
                }
            }
            Some("GeometryCollection") => {
                let members =
                    geometry.get("geometries").ok_or("GeometryCollection without geometries")?;
                for member in as_array(members, "geometries")? {
                    self.collect_polygons(member, out, budget, depth + 1)?;
                }
            }
            Some(kind) => {
                return Err(format!(
                    "a {kind} is not an area (a Polygon or MultiPolygon is needed)"
                ))
            }
            None => return Err("no geometry (type null)".to_owned()),
        }
        Ok(())
    }

    fn polygon(
        &self,
        rings: &Value,
        budget: &mut VertexBudget,
    ) -> std::result::Result<Polygon, String> {
        let mut rings = as_array(rings, "Polygon arcs")?.iter().map(|ring| self.ring(ring, budget));
        let exterior = rings.next().ok_or("a Polygon without rings")??;
        Ok(Polygon { exterior, holes: rings.collect::<std::result::Result<_, _>>()? })
    }

    /// Joins a ring's arcs, reversing `~i` references and dropping the point
    /// each arc shares with the previous one.
    fn ring(
        &self,
        refs: &Value,
        budget: &mut VertexBudget,
    ) -> std::result::Result<Vec<[f64; 2]>, String> {
        let mut ring: Vec<[f64; 2]> = Vec::new();
        for reference in as_array(refs, "a ring")? {
            let number = reference
                .as_i64()
                .ok_or_else(|| format!("arc reference {reference} is not an integer"))?;
            let (idx, reversed) = if number < 0 { (!number, true) } else { (number, false) };
            let arc = usize::try_from(idx)
                .ok()
                .and_then(|idx| self.arcs.get(idx))
                .ok_or_else(|| format!("arc {number} does not exist ({} arcs)", self.arcs.len()))?
                .as_ref()
                .map_err(|message| format!("arc {idx}: {message}"))?;
            let skip = usize::from(!ring.is_empty());
            if reversed {
                ring.extend(arc.iter().rev().skip(skip));
            } else {
                ring.extend(arc.iter().skip(skip));
            }
            budget.spend(arc.len());
            if budget_exceeded(budget) {
                return Err(format!("more than {} vertices", crate::MAX_VERTICES));
            }
        }
        Ok(ring)
    }
}

fn budget_exceeded(budget: &VertexBudget) -> bool {
    budget.check().is_err()
}

/// The quantization transform: position = sum × scale + translate.
struct Transform {
    scale: [f64; 2],
    translate: [f64; 2],
}

impl Transform {
    fn read(value: &Value) -> std::result::Result<Transform, String> {
        let pair = |key: &str| -> std::result::Result<[f64; 2], String> {
            let numbers = value.get(key).and_then(Value::as_array).filter(|a| a.len() == 2);
            numbers
                .and_then(|a| Some([a[0].as_f64()?, a[1].as_f64()?]))
                .filter(|p| p[0].is_finite() && p[1].is_finite())
                .ok_or_else(|| format!("transform {key} is not two numbers"))
        };
        Ok(Transform { scale: pair("scale")?, translate: pair("translate")? })
    }
}

/// An arc's absolute positions: delta-decoded and transformed when the
/// topology is quantized, as is otherwise.
fn decode_arc(
    arc: &Value,
    transform: Option<&Transform>,
) -> std::result::Result<Vec<[f64; 2]>, String> {
    let positions = as_array(arc, "an arc")?;
    let mut out = Vec::with_capacity(positions.len());
    let mut sum = [0.0f64; 2];
    for position in positions {
        let pair = position
            .as_array()
            .filter(|p| p.len() >= 2)
            .and_then(|p| Some([p[0].as_f64()?, p[1].as_f64()?]))
            .ok_or_else(|| format!("position {position} is not two numbers"))?;
        let absolute = match transform {
            Some(t) => {
                sum = [sum[0] + pair[0], sum[1] + pair[1]];
                [sum[0] * t.scale[0] + t.translate[0], sum[1] * t.scale[1] + t.translate[1]]
            }
            None => pair,
        };
        out.push(check_position(absolute)?);
    }
    Ok(out)
}

fn as_array<'v>(value: &'v Value, what: &str) -> std::result::Result<&'v Vec<Value>, String> {
    value.as_array().ok_or_else(|| format!("{what} is not an array"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Land;

    /// Two unit squares sharing their middle edge, as a quantized topology:
    /// arc 0 is the shared edge (1,0)→(1,1), arc 1 the rest of the left
    /// square, arc 2 the rest of the right one; `-1` is `~0`, arc 0
    /// reversed.
    const TWO_SQUARES: &str = r#"{
      "type": "Topology",
      "transform": {"scale": [0.5, 0.25], "translate": [100, 30]},
      "objects": {
        "land": {"type": "GeometryCollection", "geometries": [
          {"type": "Polygon", "arcs": [[0, 1]], "properties": {"name": "left"}},
          {"type": "MultiPolygon", "arcs": [[[-1, 2]]], "properties": {"name": "right"}},
          {"type": null}
        ]}
      },
      "arcs": [
        [[2, 0], [0, 4]],
        [[2, 4], [-2, 0], [0, -4], [2, 0]],
        [[2, 0], [2, 0], [0, 4], [-2, 0]]
      ]
    }"#;

    #[test]
    fn quantized_delta_encoded_arcs_and_reversed_references_decode_to_rings() {
        let (land, errors) = Land::from_topojson(TWO_SQUARES, Path::new("t.json")).unwrap();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            errors[0].to_string().contains("object land, geometry 3: no geometry"),
            "{}",
            errors[0]
        );
        assert_eq!(land.polygons.len(), 2);
        assert_eq!(
            land.polygons[0].exterior,
            vec![[101.0, 30.0], [101.0, 31.0], [100.0, 31.0], [100.0, 30.0], [101.0, 30.0]]
        );
        // Arc 0 reversed, then arc 2 without its first point.
        assert_eq!(
            land.polygons[1].exterior,
            vec![[101.0, 31.0], [101.0, 30.0], [102.0, 30.0], [102.0, 31.0], [101.0, 31.0]]
        );
        assert!(
            land.contains(30.5, 100.5) && land.contains(30.5, 101.5) && !land.contains(30.5, 102.5)
        );
    }

    #[test]
    fn missing_arcs_and_broken_transforms_are_reported() {
        let text = TWO_SQUARES.replace("[[-1, 2]]", "[[7]]");
        let (land, errors) = Land::from_topojson(&text, Path::new("t.json")).unwrap();
        assert_eq!(land.polygons.len(), 1);
        assert!(
            errors
                .iter()
                .any(|e| e.to_string().contains("geometry 2: arc 7 does not exist (3 arcs)")),
            "{errors:?}"
        );
        let broken = TWO_SQUARES.replace("\"scale\": [0.5, 0.25]", "\"scale\": [0.5]");
        assert!(Land::from_topojson(&broken, Path::new("t.json")).is_err());
        let not_topology = r#"{"type":"Topology","arcs":[]}"#;
        assert!(Land::from_topojson(not_topology, Path::new("t.json")).is_err());
    }
}
