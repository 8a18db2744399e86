//! A 3-d tree over ports as unit vectors, for "which port is nearest" and
//! "which ports are within r" without scanning every port.
//!
//! Points on the sphere become unit vectors; the straight-line (chord)
//! distance between two of them grows with the great-circle distance, so the
//! nearest by chord is the nearest on the globe, with no special case for the
//! antimeridian or the poles. The tree is stored implicitly in one array: the
//! median of each range is its node, split on the axis where the range is
//! widest.
//!
//! # References
//! - Bentley, J. L. "Multidimensional binary search trees used for
//!   associative searching", Communications of the ACM 18(9), 1975.

use crate::EARTH_RADIUS_M;

/// A port's position as a unit vector, with its index in the caller's list.
#[derive(Debug, Clone, Copy)]
struct Node {
    xyz: [f64; 3],
    item: u32,
    axis: u8,
}

/// The tree; see the module docs.
#[derive(Debug, Clone, Default)]
pub(crate) struct PointTree {
    nodes: Vec<Node>,
}

/// The unit vector of a position in degrees.
pub(crate) fn unit_vector(lat: f64, lon: f64) -> [f64; 3] {
    let (lat, lon) = (lat.to_radians(), lon.to_radians());
    [lat.cos() * lon.cos(), lat.cos() * lon.sin(), lat.sin()]
}

fn chord2(a: &[f64; 3], b: &[f64; 3]) -> f64 {
    (a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2) + (a[2] - b[2]).powi(2)
}

/// The squared chord of a great-circle distance in metres.
pub(crate) fn chord2_of_metres(metres: f64) -> f64 {
    let angle = (metres / EARTH_RADIUS_M).min(std::f64::consts::PI);
    (2.0 * (angle / 2.0).sin()).powi(2)
}

impl PointTree {
    /// Builds the tree over `(lat, lon, item)` triples; non-finite positions
    /// are left out.
    pub(crate) fn new(points: impl Iterator<Item = (f64, f64, u32)>) -> PointTree {
        let mut nodes: Vec<Node> = points
            .filter(|(lat, lon, _)| lat.is_finite() && lon.is_finite())
            .map(|(lat, lon, item)| Node { xyz: unit_vector(lat, lon), item, axis: 0 })
            .collect();
        build(&mut nodes);
        PointTree { nodes }
    }

    /// The item nearest to `query`, with its squared chord; ties go to the
    /// lowest item, as a linear scan in item order would give.
    pub(crate) fn nearest(&self, query: &[f64; 3]) -> Option<(u32, f64)> {
        let mut best = (f64::INFINITY, u32::MAX);
        nearest_in(&self.nodes, query, &mut best);
        (best.1 != u32::MAX).then_some((best.1, best.0))
    }

    /// Every item within squared chord `limit2` of `query`, in no order.
    pub(crate) fn within(&self, query: &[f64; 3], limit2: f64, found: &mut Vec<u32>) {
        within_in(&self.nodes, query, limit2, found);
    }
}

fn build(nodes: &mut [Node]) {
    if nodes.len() <= 1 {
        return;
    }
    let axis = widest_axis(nodes);
    let mid = nodes.len() / 2;
    nodes.select_nth_unstable_by(mid, |a, b| a.xyz[axis].total_cmp(&b.xyz[axis]));
    nodes[mid].axis = axis as u8;
    let (left, right) = nodes.split_at_mut(mid);
    build(left);
    build(&mut right[1..]);
}

fn widest_axis(nodes: &[Node]) -> usize {
    let spread = |axis: usize| {
        let (lo, hi) = nodes.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), n| {
            (lo.min(n.xyz[axis]), hi.max(n.xyz[axis]))
        });
        hi - lo
    };
    let spreads = [spread(0), spread(1), spread(2)];
    (0..3).max_by(|&a, &b| spreads[a].total_cmp(&spreads[b])).unwrap_or(0)
}

fn nearest_in(nodes: &[Node], query: &[f64; 3], best: &mut (f64, u32)) {
    if nodes.is_empty() {
        return;
    }
    let mid = nodes.len() / 2;
    let node = &nodes[mid];
    let distance = chord2(&node.xyz, query);
    if (distance, node.item) < *best {
        *best = (distance, node.item);
    }
    if nodes.len() == 1 {
        return;
    }
    let axis = node.axis as usize;
    let diff = query[axis] - node.xyz[axis];
    let (near, far) = if diff < 0.0 {
        (&nodes[..mid], &nodes[mid + 1..])
    } else {
        (&nodes[mid + 1..], &nodes[..mid])
    };
    nearest_in(near, query, best);
    // `<=` keeps equally distant items on the far side, for the tie rule.
    if diff * diff <= best.0 {
        nearest_in(far, query, best);
    }
}

fn within_in(nodes: &[Node], query: &[f64; 3], limit2: f64, found: &mut Vec<u32>) {
    if nodes.is_empty() {
        return;
    }
    let mid = nodes.len() / 2;
    let node = &nodes[mid];
    if chord2(&node.xyz, query) <= limit2 {
        found.push(node.item);
    }
    if nodes.len() == 1 {
        return;
    }
    let axis = node.axis as usize;
    let diff = query[axis] - node.xyz[axis];
    if diff <= 0.0 || diff * diff <= limit2 {
        within_in(&nodes[..mid], query, limit2, found);
    }
    if diff >= 0.0 || diff * diff <= limit2 {
        within_in(&nodes[mid + 1..], query, limit2, found);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::haversine_m;

    #[test]
    fn nearest_and_within_agree_with_a_linear_scan_across_the_antimeridian_and_poles() {
        let mut points = Vec::new();
        for lat in (-89..=89).step_by(7) {
            for lon in (-180..180).step_by(11) {
                points.push((lat as f64 + 0.3, lon as f64 + 0.7));
            }
        }
        let tree =
            PointTree::new(points.iter().enumerate().map(|(i, &(lat, lon))| (lat, lon, i as u32)));
        for (qlat, qlon) in [
            (0.0, 179.9),
            (0.0, -179.9),
            (89.9, 12.0),
            (-89.5, -100.0),
            (38.7, 125.4),
            (10.0, 10.0),
        ] {
            let query = unit_vector(qlat, qlon);
            let scan = points
                .iter()
                .enumerate()
                .map(|(i, &(lat, lon))| (haversine_m(qlat, qlon, lat, lon), i as u32))
                .min_by(|a, b| a.0.total_cmp(&b.0))
                .unwrap();
            assert_eq!(
                tree.nearest(&query).map(|(item, _)| item),
                Some(scan.1),
                "({qlat}, {qlon})"
            );
            let radius = 900_000.0;
            let mut found = Vec::new();
            tree.within(&query, chord2_of_metres(radius), &mut found);
            found.sort_unstable();
            let expected: Vec<u32> = (0..points.len() as u32)
                .filter(|&i| {
                    haversine_m(qlat, qlon, points[i as usize].0, points[i as usize].1) <= radius
                })
                .collect();
            assert!(!expected.is_empty());
            assert_eq!(found, expected, "({qlat}, {qlon})");
        }
        assert_eq!(PointTree::new(std::iter::empty()).nearest(&unit_vector(0.0, 0.0)), None);
    }
}
