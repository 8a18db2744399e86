//! Inline SVG maps: vessel tracks, event places and ports over a coastline.
//!
//! The projection is equirectangular with longitudes scaled by the cosine
//! of the map's middle latitude, which is close enough to conformal over
//! the few degrees an event map spans and needs no library. Land is clipped
//! to the map's box (Sutherland–Hodgman) and simplified to about a pixel,
//! so a map costs a few kilobytes whatever the land file's resolution.
//! Maps that cross the antimeridian are not handled (vigil's waters are far
//! from it).

use std::fmt::Write as _;

use vigil_geo::Land;

use crate::html::escape;

/// Vertices of land drawn per map at most; beyond it the simplification
/// tolerance is doubled until the land fits.
const MAX_LAND_VERTICES: usize = 2000;
/// The smallest span of a map, degrees of latitude, so that a single point
/// still shows its coast.
const MIN_SPAN_DEG: f64 = 1.0;
/// Colours of successive tracks.
const TRACK_COLOURS: &[&str] = &["#c0392b", "#1f5fa8", "#7d3c98", "#1e8449", "#b9770e"];

/// A vessel's positions, `(lat, lon)` in time order.
#[derive(Debug, Clone)]
pub(crate) struct Track {
    pub label: String,
    pub points: Vec<(f64, f64)>,
}

/// A point of interest; `href` makes it a link (overview maps).
#[derive(Debug, Clone)]
pub(crate) struct Marker {
    pub lat: f64,
    pub lon: f64,
    pub label: String,
    pub href: Option<String>,
    pub emphasis: bool,
}

/// What one map shows.
#[derive(Debug, Clone, Default)]
pub(crate) struct MapLayer {
    pub tracks: Vec<Track>,
    pub markers: Vec<Marker>,
    /// Straight dashed lines, `(from, to)`: where a vessel went dark and
    /// where it reappeared.
    pub jumps: Vec<((f64, f64), (f64, f64))>,
    /// Ports, `(lat, lon, name)`.
    pub ports: Vec<(f64, f64, String)>,
}

impl MapLayer {
    pub fn is_empty(&self) -> bool {
        self.tracks.is_empty() && self.markers.is_empty() && self.jumps.is_empty()
    }

    fn points(&self) -> impl Iterator<Item = (f64, f64)> + '_ {
        self.tracks
            .iter()
            .flat_map(|t| t.points.iter().copied())
            .chain(self.markers.iter().map(|m| (m.lat, m.lon)))
            .chain(self.jumps.iter().flat_map(|&(a, b)| [a, b]))
            .chain(self.ports.iter().map(|p| (p.0, p.1)))
            .filter(|(lat, lon)| {
                lat.is_finite() && lon.is_finite() && lat.abs() <= 90.0 && lon.abs() <= 180.0
            })
    }
}

/// Land polygons' outer rings with their bounding boxes, so a map only
/// looks at the few that reach into it.
#[derive(Debug, Clone)]
pub(crate) struct LandIndex {
    rings: Vec<([f64; 4], Vec<[f64; 2]>)>,
}

impl LandIndex {
    pub fn new(land: &Land) -> LandIndex {
        let rings = land
            .polygons
            .iter()
            .filter(|p| p.exterior.len() >= 3)
            .map(|p| {
                let mut bbox = [f64::MAX, f64::MAX, f64::MIN, f64::MIN];
                for &[lon, lat] in &p.exterior {
                    bbox = [bbox[0].min(lon), bbox[1].min(lat), bbox[2].max(lon), bbox[3].max(lat)];
                }
                (bbox, p.exterior.clone())
            })
            .collect();
        LandIndex { rings }
    }
}

/// Keeps at most `max` points, evenly spaced, always the first and last.
pub(crate) fn thin(points: &[(f64, f64)], max: usize) -> Vec<(f64, f64)> {
    if points.len() <= max {
        return points.to_vec();
    }
    if max < 2 {
        return points.iter().copied().take(max).collect();
    }
    let step = (points.len() - 1) as f64 / (max - 1) as f64;
    (0..max).map(|i| points[((i as f64 * step).round() as usize).min(points.len() - 1)]).collect()
}

/// The box a map shows and how it projects.
struct Frame {
    lat_max: f64,
    lon_min: f64,
    lat_span: f64,
    lon_span: f64,
    width: f64,
    height: f64,
}

impl Frame {
    fn around(points: impl Iterator<Item = (f64, f64)>, width: f64) -> Option<Frame> {
        let (mut lat0, mut lat1, mut lon0, mut lon1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
        let mut any = false;
        for (lat, lon) in points {
            any = true;
            (lat0, lat1, lon0, lon1) = (lat0.min(lat), lat1.max(lat), lon0.min(lon), lon1.max(lon));
        }
        if !any {
            return None;
        }
        let mid_lat = (lat0 + lat1) / 2.0;
        let kx = mid_lat.to_radians().cos().max(0.1);
        let mut lat_span = ((lat1 - lat0) * 1.3).max(MIN_SPAN_DEG);
        // Longitude span in "latitude degrees" (scaled by kx).
        let mut lon_span_scaled = ((lon1 - lon0) * kx * 1.3).max(MIN_SPAN_DEG);
        let aspect = lat_span / lon_span_scaled;
        if aspect > 1.0 {
            lon_span_scaled = lat_span;
        } else if aspect < 0.5 {
            lat_span = lon_span_scaled * 0.5;
        }
        let lon_span = lon_span_scaled / kx;
        let mid_lon = (lon0 + lon1) / 2.0;
        Some(Frame {
            lat_max: (mid_lat + lat_span / 2.0).min(90.0),
            lon_min: mid_lon - lon_span / 2.0,
            lat_span,
            lon_span,
            width,
            height: (width * lat_span / lon_span_scaled).round(),
        })
    }

    fn project(&self, lat: f64, lon: f64) -> (f64, f64) {
        (
            (lon - self.lon_min) / self.lon_span * self.width,
            (self.lat_max - lat) / self.lat_span * self.height,
        )
    }

    fn bbox(&self) -> [f64; 4] {
        [self.lon_min, self.lat_max - self.lat_span, self.lon_min + self.lon_span, self.lat_max]
    }
}

/// The SVG of a map `width` pixels wide, or an empty string for a layer
/// with nothing to draw.
pub(crate) fn render(layer: &MapLayer, land: Option<&LandIndex>, width: f64) -> String {
    let Some(frame) = Frame::around(layer.points(), width) else { return String::new() };
    let mut svg = String::new();
    let _ = write!(
        svg,
        r##"<svg class="map" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-label="map"><rect width="{w}" height="{h}" fill="#dceaf5"/>"##,
        w = frame.width,
        h = frame.height
    );
    match land {
        Some(land) => {
            let path = land_path(land, &frame);
            if !path.is_empty() {
                let _ = write!(
                    svg,
                    r##"<path d="{path}" fill="#efe9dc" stroke="#9c9480" stroke-width="0.6"/>"##
                );
            }
        }
        None => {
            let _ = write!(
                svg,
                r##"<text x="6" y="{}" class="note">no land polygons (set VIGIL_LAND or install tools/geo)</text>"##,
                frame.height - 6.0
            );
        }
    }
    for (index, track) in layer.tracks.iter().enumerate() {
        let colour = TRACK_COLOURS[index % TRACK_COLOURS.len()];
        let mut points = String::new();
        for &(lat, lon) in &track.points {
            let (x, y) = frame.project(lat, lon);
            let _ = write!(points, "{x:.1},{y:.1} ");
        }
        let _ = write!(
            svg,
            r##"<polyline points="{}" fill="none" stroke="{colour}" stroke-width="1.6"><title>{}</title></polyline>"##,
            points.trim_end(),
            escape(&track.label)
        );
        if let Some(&(lat, lon)) = track.points.last() {
            let (x, y) = frame.project(lat, lon);
            let _ = write!(svg, r##"<circle cx="{x:.1}" cy="{y:.1}" r="2.2" fill="{colour}"/>"##);
        }
        let _ = write!(
            svg,
            r##"<text x="6" y="{}" fill="{colour}" class="legend">{}</text>"##,
            14 + 13 * index,
            escape(&track.label)
        );
    }
    for &((lat0, lon0), (lat1, lon1)) in &layer.jumps {
        let (x0, y0) = frame.project(lat0, lon0);
        let (x1, y1) = frame.project(lat1, lon1);
        let _ = write!(
            svg,
            r##"<line x1="{x0:.1}" y1="{y0:.1}" x2="{x1:.1}" y2="{y1:.1}" stroke="#333" stroke-width="1.2" stroke-dasharray="4 3"><title>silent</title></line>"##
        );
    }
    for (lat, lon, name) in &layer.ports {
        let (x, y) = frame.project(*lat, *lon);
        let _ = write!(
            svg,
            r##"<rect x="{:.1}" y="{:.1}" width="6" height="6" fill="#222"/><text x="{:.1}" y="{:.1}" class="port">{}</text>"##,
            x - 3.0,
            y - 3.0,
            x + 5.0,
            y - 4.0,
            escape(name)
        );
    }
    for marker in &layer.markers {
        let (x, y) = frame.project(marker.lat, marker.lon);
        let (radius, fill) = if marker.emphasis { (5.0, "#e67e22") } else { (3.5, "#555") };
        let circle = format!(
            r##"<circle cx="{x:.1}" cy="{y:.1}" r="{radius}" fill="{fill}" fill-opacity="0.85" stroke="#fff" stroke-width="1"><title>{}</title></circle>"##,
            escape(&marker.label)
        );
        match &marker.href {
            Some(href) => {
                let _ = write!(svg, r##"<a href="{}">{circle}</a>"##, escape(href));
            }
            None => svg.push_str(&circle),
        }
    }
    let [lon0, lat0, lon1, lat1] = frame.bbox();
    let _ = write!(
        svg,
        r##"<text x="{}" y="{}" text-anchor="end" class="note">{lat0:.2}–{lat1:.2}°N {lon0:.2}–{lon1:.2}°E</text></svg>"##,
        frame.width - 6.0,
        frame.height - 6.0
    );
    svg
}

/// The land inside the frame as one SVG path, clipped and simplified.
fn land_path(land: &LandIndex, frame: &Frame) -> String {
    let [lon0, lat0, lon1, lat1] = frame.bbox();
    let rings: Vec<Vec<(f64, f64)>> = land
        .rings
        .iter()
        .filter(|(b, _)| b[0] <= lon1 && b[2] >= lon0 && b[1] <= lat1 && b[3] >= lat0)
        .map(|(_, ring)| {
            let projected: Vec<(f64, f64)> =
                ring.iter().map(|&[lon, lat]| frame.project(lat, lon)).collect();
            clip(&projected, frame.width, frame.height)
        })
        .filter(|ring| ring.len() >= 3)
        .collect();
    let mut tolerance = 0.8;
    loop {
        let simplified: Vec<Vec<(f64, f64)>> = rings
            .iter()
            .map(|ring| simplify(ring, tolerance))
            .filter(|ring| ring.len() >= 3)
            .collect();
        let n: usize = simplified.iter().map(Vec::len).sum();
        if n <= MAX_LAND_VERTICES || tolerance > 64.0 {
            let mut path = String::new();
            for ring in simplified {
                for (i, (x, y)) in ring.iter().enumerate() {
                    let _ = write!(path, "{}{x:.1} {y:.1}", if i == 0 { "M" } else { "L" });
                }
                path.push('Z');
            }
            return path;
        }
        tolerance *= 2.0;
    }
}

/// Sutherland–Hodgman clipping of a ring to `[0, width] x [0, height]`.
fn clip(ring: &[(f64, f64)], width: f64, height: f64) -> Vec<(f64, f64)> {
    // Each edge: inside test and the intersection with the boundary.
    type Inside = fn(&(f64, f64), f64) -> bool;
    let edges: [(Inside, f64, bool); 4] = [
        (|p, v| p.0 >= v, 0.0, true),
        (|p, v| p.0 <= v, width, true),
        (|p, v| p.1 >= v, 0.0, false),
        (|p, v| p.1 <= v, height, false),
    ];
    let mut output: Vec<(f64, f64)> = ring.to_vec();
    for (inside, value, vertical) in edges {
        let input = std::mem::take(&mut output);
        let Some(&last) = input.last() else { break };
        let mut previous = last;
        for &current in &input {
            let cross = |a: (f64, f64), b: (f64, f64)| -> (f64, f64) {
                if vertical {
                    let t = (value - a.0) / (b.0 - a.0);
                    (value, a.1 + t * (b.1 - a.1))
                } else {
                    let t = (value - a.1) / (b.1 - a.1);
                    (a.0 + t * (b.0 - a.0), value)
                }
            };
            match (inside(&current, value), inside(&previous, value)) {
                (true, true) => output.push(current),
                (true, false) => {
                    output.push(cross(previous, current));
                    output.push(current);
                }
                (false, true) => output.push(cross(previous, current)),
                (false, false) => {}
            }
            previous = current;
        }
    }
    output
}

/// Drops vertices closer than `tolerance` pixels to the last one kept.
fn simplify(ring: &[(f64, f64)], tolerance: f64) -> Vec<(f64, f64)> {
    let mut out: Vec<(f64, f64)> = Vec::with_capacity(ring.len());
    for &point in ring {
        match out.last() {
            Some(&(x, y)) if (point.0 - x).abs() < tolerance && (point.1 - y).abs() < tolerance => {
            }
            _ => out.push(point),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use vigil_geo::Polygon;

    #[test]
    fn thinning_keeps_ends_and_bound() {
        let points: Vec<(f64, f64)> = (0..1000).map(|i| (i as f64, 0.0)).collect();
        let thinned = thin(&points, 10);
        assert_eq!(thinned.len(), 10);
        assert_eq!(thinned[0], (0.0, 0.0));
        assert_eq!(thinned[9], (999.0, 0.0));
        assert_eq!(thin(&points[..3], 10).len(), 3);
    }

    #[test]
    fn land_is_clipped_to_the_map() {
        // A square of land much larger than the map around one point.
        let square = Polygon {
            exterior: vec![[120.0, 30.0], [130.0, 30.0], [130.0, 45.0], [120.0, 45.0]],
            holes: vec![],
        };
        let land = LandIndex::new(&Land { polygons: vec![square] });
        let layer = MapLayer {
            markers: vec![Marker {
                lat: 38.0,
                lon: 124.0,
                label: "x".into(),
                href: None,
                emphasis: true,
            }],
            ..MapLayer::default()
        };
        let svg = render(&layer, Some(&land), 400.0);
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"), "{svg}");
        let path = svg.split("<path d=\"").nth(1).expect("land drawn").split('"').next().unwrap();
        for number in
            path.split(|c: char| c.is_ascii_alphabetic() || c == ' ').filter(|s| !s.is_empty())
        {
            let value: f64 = number.parse().expect("a number");
            assert!((0.0..=400.0).contains(&value), "{value} outside the map in {path}");
        }
        let without = render(&layer, None, 400.0);
        assert!(without.contains("no land polygons"));
    }

    #[test]
    fn nothing_to_draw_is_no_map() {
        assert_eq!(render(&MapLayer::default(), None, 400.0), "");
    }
}
