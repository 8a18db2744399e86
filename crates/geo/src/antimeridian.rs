//! Rings that cross the antimeridian, cut into planar pieces.
//!
//! vigil tests "inside" on the plane of longitude and latitude, where a ring
//! must stay within ±180°. The `world-atlas` TopoJSON is drawn for spherical
//! rendering (d3-geo): Eurasia's ring steps from 179.8°E to 180°W and back
//! around Chukotka, Fiji's and Wrangel Island's do the same, and Antarctica's
//! ring circles the South Pole without ever reaching it. Read as planar, such
//! rings fill bands of the map that are sea. Many GeoJSON files do the same
//! despite RFC 7946 §3.1.9.
//!
//! The fix: unroll each ring's longitudes so that no step exceeds 180°; a
//! ring that then ends 360° from where it began circles a pole, and is closed
//! along that pole's latitude (the south pole for a ring south of the
//! equator). The unrolled polygon is clipped to each 360°-wide strip it
//! touches (Sutherland–Hodgman, against two vertical lines) and every piece
//! is shifted back into [-180°, 180°]. Clipping a concave ring this way can
//! leave zero-width double edges along ±180°; they cancel in the even-odd
//! test, and [`crate::RegionIndex`] ignores edges lying on ±180° when it
//! measures distance, so they never pass for a coast.
//!
//! # References
//! - Sutherland, I. E. and Hodgman, G. W. "Reentrant polygon clipping",
//!   Communications of the ACM 17(1), 1974.
//! - RFC 7946, The GeoJSON Format, §3.1.9 "Antimeridian Cutting".

use crate::Polygon;

/// Splits a polygon whose rings jump across the antimeridian into pieces
/// that each stay within ±180°; any other polygon is returned as is.
pub(crate) fn split_at_antimeridian(polygon: Polygon) -> Vec<Polygon> {
    let crosses = std::iter::once(&polygon.exterior).chain(&polygon.holes).any(|ring| jumps(ring));
    if !crosses {
        return vec![polygon];
    }
    let exterior = unroll(&polygon.exterior);
    let exterior_middle = middle_lon(&exterior);
    // Unrolling may have moved the exterior by a multiple of 360° (when its
    // first vertex lies past the antimeridian); each hole follows it.
    let holes: Vec<Vec<[f64; 2]>> = polygon
        .holes
        .iter()
        .map(|hole| {
            let hole = unroll(hole);
            let shift = 360.0 * ((exterior_middle - middle_lon(&hole)) / 360.0).round();
            hole.into_iter().map(|[lon, lat]| [lon + shift, lat]).collect()
        })
        .collect();
    let all = std::iter::once(&exterior).chain(&holes).flatten();
    let (west, east) =
        all.fold((f64::INFINITY, f64::NEG_INFINITY), |(w, e), v| (w.min(v[0]), e.max(v[0])));
    if !(west.is_finite() && east.is_finite()) {
        return vec![polygon];
    }
    let first_strip = ((west + 180.0) / 360.0).floor() as i64;
    let last_strip = ((east + 180.0) / 360.0).ceil() as i64 - 1;
    let mut pieces = Vec::new();
    for strip in first_strip..=last_strip.max(first_strip) {
        let shift = 360.0 * strip as f64;
        let clip = |ring: &[[f64; 2]]| -> Vec<[f64; 2]> {
            let ring = clip_west(ring, shift - 180.0);
            let ring = clip_east(&ring, shift + 180.0);
            ring.into_iter().map(|[lon, lat]| [lon - shift, lat]).collect()
        };
        let piece = clip(&exterior);
        if piece.len() < 3 {
            continue;
        }
        let piece_holes =
            holes.iter().map(|hole| clip(hole)).filter(|hole| hole.len() >= 3).collect();
        pieces.push(Polygon { exterior: piece, holes: piece_holes });
    }
    pieces
}

/// The middle of the ring's longitude range (0 for an empty ring).
fn middle_lon(ring: &[[f64; 2]]) -> f64 {
    let (west, east) = ring
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(w, e), v| (w.min(v[0]), e.max(v[0])));
    if west.is_finite() {
        (west + east) / 2.0
    } else {
        0.0
    }
}

/// Whether some step of the ring (closing step included) spans more than
/// 180° of longitude.
fn jumps(ring: &[[f64; 2]]) -> bool {
    (0..ring.len()).any(|idx| (ring[(idx + 1) % ring.len()][0] - ring[idx][0]).abs() > 180.0)
}

/// The ring with longitudes made continuous; a ring that circles a pole is
/// closed along the pole's latitude.
fn unroll(ring: &[[f64; 2]]) -> Vec<[f64; 2]> {
    let Some(&first) = ring.first() else {
        return Vec::new();
    };
    let mut out = Vec::with_capacity(ring.len() + 4);
    out.push(first);
    let mut offset = 0.0;
    for pair in ring.windows(2) {
        offset += step_offset(pair[0][0], pair[1][0]);
        out.push([pair[1][0] + offset, pair[1][1]]);
    }
    // Where the closing step would land: back at the first vertex for an
    // ordinary ring, 360° away for one around a pole.
    let last = out[out.len() - 1];
    let closing_lon = first[0] + offset + step_offset(ring[ring.len() - 1][0], first[0]);
    if (closing_lon - first[0]).abs() > 180.0 {
        let mean_lat = ring.iter().map(|v| v[1]).sum::<f64>() / ring.len() as f64;
        let pole = if mean_lat < 0.0 { -90.0 } else { 90.0 };
        if last != [closing_lon, first[1]] {
            out.push([closing_lon, first[1]]);
        }
        out.push([closing_lon, pole]);
        out.push([first[0], pole]);
    }
    out
}

/// The multiple of 360° that makes the step from `from` to `to` at most 180°.
fn step_offset(from: f64, to: f64) -> f64 {
    let delta = to - from;
    if delta > 180.0 {
        -360.0 * ((delta - 180.0) / 360.0).ceil()
    } else if delta < -180.0 {
        360.0 * ((-delta - 180.0) / 360.0).ceil()
    } else {
        0.0
    }
}

/// Keeps the part of the ring east of `x` (Sutherland–Hodgman).
fn clip_west(ring: &[[f64; 2]], x: f64) -> Vec<[f64; 2]> {
    clip(ring, |v| v[0] >= x, x)
}

/// Keeps the part of the ring west of `x`.
fn clip_east(ring: &[[f64; 2]], x: f64) -> Vec<[f64; 2]> {
    clip(ring, |v| v[0] <= x, x)
}

fn clip(ring: &[[f64; 2]], keep: impl Fn([f64; 2]) -> bool, x: f64) -> Vec<[f64; 2]> {
    let mut out = Vec::with_capacity(ring.len());
    for idx in 0..ring.len() {
        let (current, next) = (ring[idx], ring[(idx + 1) % ring.len()]);
        let (keep_current, keep_next) = (keep(current), keep(next));
        if keep_current {
            out.push(current);
        }
        if keep_current != keep_next {
            let t = (x - current[0]) / (next[0] - current[0]);
            out.push([x, current[1] + t * (next[1] - current[1])]);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contains_any(pieces: &[Polygon], lat: f64, lon: f64) -> bool {
        pieces.iter().any(|p| p.contains(lat, lon))
    }

    #[test]
    fn a_ring_across_the_antimeridian_becomes_two_pieces() {
        // An island from 179°E to 179°W, drawn as a sphere renderer would.
        let island = Polygon {
            exterior: vec![[179.0, 10.0], [-179.0, 10.0], [-179.0, 11.0], [179.0, 11.0]],
            holes: vec![],
        };
        assert!(island.contains(10.5, 0.0), "read as planar, it spans the globe");
        let pieces = split_at_antimeridian(island);
        assert_eq!(pieces.len(), 2);
        assert!(contains_any(&pieces, 10.5, 179.5) && contains_any(&pieces, 10.5, -179.5));
        assert!(!contains_any(&pieces, 10.5, 0.0) && !contains_any(&pieces, 10.5, 178.5));
        assert!(pieces.iter().flat_map(|p| &p.exterior).all(|v| v[0].abs() <= 180.0));
    }

    #[test]
    fn a_ring_around_the_south_pole_is_closed_through_it() {
        // Antarctica-like: a ring at 70°S all the way round, never at the pole.
        let ring: Vec<[f64; 2]> =
            (0..36).map(|k| [-175.0 + 10.0 * k as f64, -70.0 + (k % 3) as f64]).collect();
        let pieces = split_at_antimeridian(Polygon { exterior: ring, holes: vec![] });
        assert!(contains_any(&pieces, -80.0, 0.0) && contains_any(&pieces, -89.0, 179.9));
        assert!(contains_any(&pieces, -80.0, -179.9));
        assert!(!contains_any(&pieces, -60.0, 0.0) && !contains_any(&pieces, 0.0, 0.0));
    }

    #[test]
    fn holes_stay_with_their_exterior_when_the_ring_starts_past_the_antimeridian() {
        // The ring starts on the far side (170°W), as Eurasia's may in
        // world-atlas; the lake in the middle must stay a hole.
        let exterior = vec![
            [-170.0, 10.0],
            [-170.0, 20.0],
            [170.0, 20.0],
            [100.0, 20.0],
            [100.0, 10.0],
            [170.0, 10.0],
        ];
        let lake = vec![[120.0, 14.0], [130.0, 14.0], [130.0, 16.0], [120.0, 16.0]];
        let pieces = split_at_antimeridian(Polygon { exterior, holes: vec![lake] });
        assert!(contains_any(&pieces, 12.0, 125.0) && contains_any(&pieces, 12.0, -175.0));
        assert!(!contains_any(&pieces, 15.0, 125.0), "the lake is water");
        assert!(!contains_any(&pieces, 15.0, 0.0) && !contains_any(&pieces, 15.0, -160.0));
    }

    #[test]
    fn ordinary_polygons_are_untouched() {
        let square = Polygon { exterior: vec![[0.0, 0.0], [1.0, 0.0], [1.0, 1.0]], holes: vec![] };
        assert_eq!(split_at_antimeridian(square.clone()), vec![square]);
    }
}
