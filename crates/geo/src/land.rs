//! Land: reading it from GeoJSON or TopoJSON, and finding Natural Earth on a
//! fresh machine.
//!
//! vigil ships no coastline. `npm ci --prefix tools/geo` installs the
//! `world-atlas` package (Natural Earth v4.1.0 as TopoJSON, public domain),
//! and [`Land::discover`] finds its `land-50m.json` from the current directory
//! or from the binary's location, so `vigil` run from a clone (or from
//! `target/release/`) measures distance from shore without flags.

use std::path::{Path, PathBuf};

use crate::error::{read_limited, Result};
use crate::{geojson, topojson, GeoError, Land, Polygon, RegionIndex, MAX_FILE_BYTES};

/// Environment variable naming a land file (GeoJSON or TopoJSON); it wins
/// over the installed one.
pub const LAND_ENV: &str = "VIGIL_LAND";

/// Where `npm ci --prefix tools/geo` puts Natural Earth 50m land, relative to
/// the repository root.
pub const LAND_FILE_IN_REPO: &str = "tools/geo/node_modules/world-atlas/land-50m.json";

impl Land {
    /// Land made of `polygons`.
    pub fn new(polygons: Vec<Polygon>) -> Land {
        Land { polygons }
    }

    /// Whether a polygon contains the position, by linear scan (see
    /// [`Land::index`] or [`crate::Geography::is_land`] for the fast way).
    pub fn contains(&self, lat: f64, lon: f64) -> bool {
        self.polygons.iter().any(|polygon| polygon.contains(lat, lon))
    }

    /// Number of vertices in all polygons.
    pub fn n_vertices(&self) -> usize {
        self.polygons.iter().map(Polygon::n_vertices).sum()
    }

    /// A grid index over this land that measures distances up to `reach_m`.
    pub fn index(&self, reach_m: f64) -> RegionIndex {
        RegionIndex::new(&self.polygons, reach_m)
    }

    /// Reads land from a GeoJSON (FeatureCollection, Feature or geometry of
    /// Polygons and MultiPolygons) or TopoJSON (`"type": "Topology"`) file,
    /// told apart by content. Features that are not polygons, or are
    /// malformed, are skipped and returned as errors.
    pub fn read(path: &Path) -> Result<(Land, Vec<GeoError>)> {
        let bytes = read_limited(path, MAX_FILE_BYTES)?;
        let text = std::str::from_utf8(&bytes)
            .map_err(|e| GeoError::format(path, format!("not UTF-8: {e}")))?;
        let json: serde_json::Value = serde_json::from_str(text.trim_start_matches('\u{feff}'))
            .map_err(|e| GeoError::format(path, format!("not JSON: {e}")))?;
        if json.get("type").and_then(|t| t.as_str()) == Some("Topology") {
            Land::from_topojson_value(&json, path)
        } else {
            Land::from_geojson_value(&json, path)
        }
    }

    /// Land from GeoJSON text; `path` names it in errors.
    pub fn from_geojson(text: &str, path: &Path) -> Result<(Land, Vec<GeoError>)> {
        let json = serde_json::from_str(text)
            .map_err(|e| GeoError::format(path, format!("not JSON: {e}")))?;
        Land::from_geojson_value(&json, path)
    }

    /// Land from TopoJSON text (every polygon of the object named `land`, or
    /// of every object when there is none); `path` names it in errors.
    pub fn from_topojson(text: &str, path: &Path) -> Result<(Land, Vec<GeoError>)> {
        let json = serde_json::from_str(text)
            .map_err(|e| GeoError::format(path, format!("not JSON: {e}")))?;
        Land::from_topojson_value(&json, path)
    }

    fn from_geojson_value(json: &serde_json::Value, path: &Path) -> Result<(Land, Vec<GeoError>)> {
        let (features, errors) = geojson::polygon_features(json, path)?;
        let polygons = features.into_iter().flat_map(|feature| feature.polygons).collect();
        Ok((Land { polygons }, errors))
    }

    fn from_topojson_value(json: &serde_json::Value, path: &Path) -> Result<(Land, Vec<GeoError>)> {
        let topology = topojson::Topology::decode(json, path)?;
        let (features, errors) = topology.polygon_features(Some("land"))?;
        let polygons = features.into_iter().flat_map(|feature| feature.polygons).collect();
        Ok((Land { polygons }, errors))
    }

    /// Where land would be found, without reading it: `$VIGIL_LAND` when set,
    /// else the first existing [`LAND_FILE_IN_REPO`] under the current
    /// directory or one of its ancestors, or under an ancestor of the running
    /// executable (which lives in `target/{debug,release}/`).
    pub fn discover_path() -> Option<PathBuf> {
        if let Some(path) = std::env::var_os(LAND_ENV).filter(|p| !p.is_empty()) {
            return Some(PathBuf::from(path));
        }
        let from_cwd = std::env::current_dir().ok();
        let from_exe =
            std::env::current_exe().ok().and_then(|exe| exe.parent().map(Path::to_path_buf));
        [from_cwd, from_exe]
            .into_iter()
            .flatten()
            .flat_map(|start| {
                start.ancestors().map(|dir| dir.join(LAND_FILE_IN_REPO)).collect::<Vec<_>>()
            })
            .find(|candidate| candidate.is_file())
    }

    /// Land read from [`Land::discover_path`], with the path; `None` when no
    /// file is found or it cannot be read (use [`crate::Geography::load`] to
    /// see why).
    pub fn discover() -> Option<(Land, PathBuf)> {
        let path = Land::discover_path()?;
        let (land, _) = Land::read(&path).ok()?;
        Some((land, path))
    }
}
