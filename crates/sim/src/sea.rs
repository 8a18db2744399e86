//! The sea: great-circle geometry, the ports ships call at, and the lanes
//! between them, so that simulated ships keep to the water.
//!
//! Every position here is a fact written by hand for this simulator: the
//! ports' reference points are the World Port Index (NGA Pub. 150) values,
//! and the berths, approach channels and open-water lane nodes were chosen
//! by us on a chart so that each great-circle leg between them stays clear
//! of land (checked against Natural Earth 1:10m land by
//! `tests/at_sea.rs`). A route is the shortest path over these lanes, so a
//! route never cuts a corner the lanes do not.
//!
//! # Units
//! Degrees (WGS 84) for positions and bearings, metres for distances.

use std::collections::BinaryHeap;

/// A position in degrees.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LatLon {
    /// Latitude, degrees north.
    pub lat: f64,
    /// Longitude, degrees east.
    pub lon: f64,
}

/// Shorthand for a [`LatLon`].
pub const fn ll(lat: f64, lon: f64) -> LatLon {
    LatLon { lat, lon }
}

/// Great-circle distance in metres.
pub fn distance_m(a: LatLon, b: LatLon) -> f64 {
    vigil_geo::haversine_m(a.lat, a.lon, b.lat, b.lon)
}

/// Initial great-circle bearing from `a` to `b`, degrees from true north in
/// `[0, 360)`.
pub fn bearing_deg(a: LatLon, b: LatLon) -> f64 {
    let (phi1, phi2) = (a.lat.to_radians(), b.lat.to_radians());
    let dlambda = (b.lon - a.lon).to_radians();
    let y = dlambda.sin() * phi2.cos();
    let x = phi1.cos() * phi2.sin() - phi1.sin() * phi2.cos() * dlambda.cos();
    y.atan2(x).to_degrees().rem_euclid(360.0)
}

/// The point a fraction `f` (0–1) of the way along the great circle from
/// `a` to `b` (spherical linear interpolation).
pub fn interpolate(a: LatLon, b: LatLon, f: f64) -> LatLon {
    let (phi1, lambda1) = (a.lat.to_radians(), a.lon.to_radians());
    let (phi2, lambda2) = (b.lat.to_radians(), b.lon.to_radians());
    let delta = distance_m(a, b) / vigil_geo::EARTH_RADIUS_M;
    if delta < 1e-12 {
        return a;
    }
    let wa = ((1.0 - f) * delta).sin() / delta.sin();
    let wb = (f * delta).sin() / delta.sin();
    let x = wa * phi1.cos() * lambda1.cos() + wb * phi2.cos() * lambda2.cos();
    let y = wa * phi1.cos() * lambda1.sin() + wb * phi2.cos() * lambda2.sin();
    let z = wa * phi1.sin() + wb * phi2.sin();
    ll(z.atan2(x.hypot(y)).to_degrees(), y.atan2(x).to_degrees())
}

/// The point `distance` metres from `p` on initial bearing `bearing` degrees.
pub fn offset(p: LatLon, bearing: f64, distance: f64) -> LatLon {
    let delta = distance / vigil_geo::EARTH_RADIUS_M;
    let theta = bearing.to_radians();
    let phi1 = p.lat.to_radians();
    let phi2 = (phi1.sin() * delta.cos() + phi1.cos() * delta.sin() * theta.cos()).asin();
    let lambda2 = p.lon.to_radians()
        + (theta.sin() * delta.sin() * phi1.cos()).atan2(delta.cos() - phi1.sin() * phi2.sin());
    ll(phi2.to_degrees(), (lambda2.to_degrees() + 540.0).rem_euclid(360.0) - 180.0)
}

/// A port ships call at.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PortSite {
    /// Its name.
    pub name: &'static str,
    /// ISO 3166-1 alpha-2 country code.
    pub country: &'static str,
    /// Whether a stop here is a `port_call` event (the DPRK's ports).
    pub watched: bool,
    /// The World Port Index reference point.
    pub reference: LatLon,
    /// Berth first, then the channel out to the lane node (not included).
    pub approach: &'static [LatLon],
    /// The lane node the channel ends at.
    pub node: &'static str,
}

impl PortSite {
    /// Where ships lie alongside.
    pub fn berth(&self) -> LatLon {
        self.approach[0]
    }
}

/// The ports, as facts (references from the World Port Index; berths and
/// channels chosen by us at sea, within 2.5 km of the reference).
pub const PORTS: &[PortSite] = &[
    port(
        "Nampo",
        "KP",
        true,
        ll(38.716667, 125.4),
        &[ll(38.7175, 125.4), ll(38.7125, 125.3925), ll(38.6525, 125.0025)],
        "NP",
    ),
    port(
        "Haeju",
        "KP",
        true,
        ll(38.0, 125.7),
        &[ll(38.0, 125.7), ll(37.9275, 125.745), ll(37.86, 125.7225), ll(37.7525, 125.615)],
        "HJ",
    ),
    port(
        "Wonsan",
        "KP",
        true,
        ll(39.166667, 127.45),
        &[ll(39.1725, 127.45), ll(39.1975, 127.47), ll(39.2, 127.4725)],
        "WS",
    ),
    port("Hungnam", "KP", true, ll(39.833333, 127.616667), &[ll(39.8225, 127.6225)], "HN"),
    port("Kimchaek", "KP", true, ll(40.666667, 129.2), &[ll(40.6675, 129.2125)], "KC"),
    port("Chongjin", "KP", true, ll(41.766667, 129.816667), &[ll(41.7675, 129.8175)], "CJ"),
    port(
        "Rajin",
        "KP",
        true,
        ll(42.233333, 130.3),
        &[ll(42.23, 130.3), ll(42.185, 130.3025), ll(42.1775, 130.31)],
        "RJ",
    ),
    port(
        "Vladivostok",
        "RU",
        false,
        ll(43.108889, 131.888333),
        &[
            ll(43.102, 131.896),
            ll(43.088, 131.884),
            ll(43.052, 131.896),
            ll(43.024, 131.924),
            ll(43.002, 131.928),
            ll(42.816, 131.816),
        ],
        "VL",
    ),
    port(
        "Nakhodka",
        "RU",
        false,
        ll(42.8, 132.883333),
        &[ll(42.805, 132.895), ll(42.795, 132.905)],
        "NK",
    ),
    port(
        "Vostochny",
        "RU",
        false,
        ll(42.75, 133.083333),
        &[ll(42.75, 133.07), ll(42.75, 133.02), ll(42.7225, 132.9925)],
        "VS",
    ),
    port("Dalian", "CN", false, ll(38.916667, 121.666667), &[ll(38.9275, 121.675)], "DL"),
    port("Yantai", "CN", false, ll(37.55, 121.45), &[ll(37.55, 121.45)], "YT"),
    port(
        "Qingdao",
        "CN",
        false,
        ll(36.033333, 120.266667),
        &[ll(36.0325, 120.2675), ll(35.8675, 120.4825)],
        "QD",
    ),
    port(
        "Incheon",
        "KR",
        false,
        ll(37.466667, 126.616667),
        &[ll(37.462, 126.594), ll(37.248, 126.048)],
        "IC",
    ),
    port("Busan", "KR", false, ll(35.1, 129.033333), &[ll(35.095, 129.0425)], "BS"),
    port(
        "Pohang",
        "KR",
        false,
        ll(36.05, 129.383333),
        &[ll(36.05, 129.3875), ll(36.0875, 129.5575), ll(36.08, 129.57)],
        "PH",
    ),
    port("Donghae", "KR", false, ll(37.533333, 129.15), &[ll(37.5325, 129.15)], "DH"),
];

const fn port(
    name: &'static str,
    country: &'static str,
    watched: bool,
    reference: LatLon,
    approach: &'static [LatLon],
    node: &'static str,
) -> PortSite {
    PortSite { name, country, watched, reference, approach, node }
}

/// Anchorage spots off the ports that are not watched: at sea, 2–25 km
/// from the port's lane node and at least 1.6 km from each other (the
/// first and third at least 2 km), so ships waiting there are neither at the
/// berth nor close to one another; and under 20 nm from shore whether the
/// shore is Natural Earth's 1:10m or its coarser 1:50m land (which lacks
/// the islands off Incheon), so lying there is never loitering.
pub const ANCHORAGES: &[(&str, &[LatLon])] = &[
    (
        "Vladivostok",
        &[
            ll(42.77, 131.763),
            ll(42.78, 131.737),
            ll(42.77, 131.789),
            ll(42.79, 131.763),
            ll(42.766, 131.73),
            ll(42.734, 131.73),
            ll(42.734, 131.77),
            ll(42.75, 131.72),
            ll(42.75, 131.78),
            ll(42.726, 131.75),
            ll(42.766, 131.71),
            ll(42.734, 131.71),
        ],
    ),
    (
        "Nakhodka",
        &[
            ll(42.55, 132.924),
            ll(42.55, 132.976),
            ll(42.53, 132.95),
            ll(42.57, 132.95),
            ll(42.566, 132.93),
            ll(42.566, 132.97),
            ll(42.534, 132.93),
            ll(42.534, 132.97),
            ll(42.566, 132.91),
            ll(42.566, 132.99),
            ll(42.534, 132.91),
            ll(42.534, 132.99),
        ],
    ),
    (
        "Vostochny",
        &[
            ll(42.55, 133.176),
            ll(42.55, 133.124),
            ll(42.53, 133.15),
            ll(42.57, 133.15),
            ll(42.566, 133.17),
            ll(42.566, 133.13),
            ll(42.534, 133.17),
            ll(42.534, 133.13),
            ll(42.566, 133.11),
            ll(42.566, 133.19),
            ll(42.534, 133.11),
            ll(42.534, 133.19),
        ],
    ),
    (
        "Dalian",
        &[
            ll(38.87, 122.0),
            ll(38.83, 122.0),
            ll(38.85, 121.974),
            ll(38.85, 122.026),
            ll(38.866, 121.98),
            ll(38.866, 122.02),
            ll(38.834, 121.98),
            ll(38.834, 122.02),
            ll(38.866, 121.96),
            ll(38.866, 122.04),
            ll(38.834, 121.96),
            ll(38.834, 122.04),
        ],
    ),
    (
        "Yantai",
        &[
            ll(37.73, 121.6),
            ll(37.75, 121.574),
            ll(37.73, 121.574),
            ll(37.72, 121.626),
            ll(37.766, 121.58),
            ll(37.766, 121.62),
            ll(37.734, 121.62),
            ll(37.75, 121.63),
            ll(37.774, 121.6),
            ll(37.766, 121.56),
            ll(37.766, 121.64),
            ll(37.734, 121.64),
        ],
    ),
    (
        "Qingdao",
        &[
            ll(35.87, 120.5),
            ll(35.85, 120.474),
            ll(35.87, 120.474),
            ll(35.83, 120.461),
            ll(35.858, 120.52),
            ll(35.842, 120.52),
            ll(35.834, 120.48),
            ll(35.826, 120.5),
            ll(35.874, 120.52),
            ll(35.826, 120.52),
            ll(35.85, 120.54),
            ll(35.882, 120.49),
        ],
    ),
    (
        "Incheon",
        &[
            ll(37.13, 126.156),
            ll(37.154, 126.196),
            ll(37.178, 126.268),
            ll(37.142, 126.212),
            ll(37.13, 126.188),
            ll(37.166, 126.22),
            ll(37.154, 126.236),
            ll(37.13, 126.228),
            ll(37.142, 126.252),
            ll(37.16, 126.26),
            ll(37.142, 126.172),
            ll(37.172, 126.244),
        ],
    ),
    (
        "Busan",
        &[
            ll(34.97, 129.15),
            ll(34.93, 129.15),
            ll(34.95, 129.176),
            ll(34.95, 129.124),
            ll(34.966, 129.17),
            ll(34.966, 129.13),
            ll(34.934, 129.17),
            ll(34.934, 129.13),
            ll(34.982, 129.16),
            ll(34.982, 129.14),
            ll(34.918, 129.16),
            ll(34.918, 129.14),
        ],
    ),
    (
        "Pohang",
        &[
            ll(36.07, 129.6),
            ll(36.05, 129.626),
            ll(36.03, 129.613),
            ll(36.07, 129.626),
            ll(36.082, 129.59),
            ll(36.082, 129.61),
            ll(36.034, 129.64),
            ll(36.018, 129.63),
            ll(36.05, 129.65),
            ll(36.01, 129.61),
            ll(36.066, 129.65),
            ll(36.082, 129.64),
        ],
    ),
    (
        "Donghae",
        &[
            ll(37.48, 129.35),
            ll(37.52, 129.35),
            ll(37.5, 129.324),
            ll(37.5, 129.376),
            ll(37.516, 129.33),
            ll(37.516, 129.37),
            ll(37.484, 129.33),
            ll(37.484, 129.37),
            ll(37.516, 129.31),
            ll(37.516, 129.39),
            ll(37.484, 129.31),
            ll(37.484, 129.39),
        ],
    ),
];

/// Where a ship lies in a port: the berth (slot 0) or an anchorage spot.
pub fn port_slots(port: &PortSite) -> Vec<LatLon> {
    let mut slots = vec![port.berth()];
    if let Some((_, spots)) = ANCHORAGES.iter().find(|(name, _)| *name == port.name) {
        slots.extend_from_slice(spots);
    }
    slots
}

/// The way from a slot of `port` out to its lane node (node included).
pub fn route_out(port: &PortSite, slot: usize) -> Vec<LatLon> {
    let mut route = if slot == 0 { port.approach.to_vec() } else { vec![port_slots(port)[slot]] };
    route.push(node_named(port.node).map_or(port.berth(), |node| node.at));
    route
}

/// The way from `port`'s lane node (excluded) into one of its slots.
pub fn route_in(port: &PortSite, slot: usize) -> Vec<LatLon> {
    if slot == 0 {
        port.approach.iter().rev().copied().collect()
    } else {
        vec![port_slots(port)[slot]]
    }
}

/// The lane node nearest to `spot` (only nodes outside DPRK waters with
/// `avoid_dprk`).
pub fn nearest_node(spot: LatLon, avoid_dprk: bool) -> &'static Node {
    NODES
        .iter()
        .filter(|node| !avoid_dprk || !node.dprk)
        .min_by(|a, b| distance_m(a.at, spot).total_cmp(&distance_m(b.at, spot)))
        .unwrap_or(&NODES[0])
}

/// The port called `name`, if the simulator knows it.
pub fn port_named(name: &str) -> Option<&'static PortSite> {
    PORTS.iter().find(|port| port.name == name)
}

/// An open-water lane node: a name, a position, and whether it lies in or
/// close to DPRK waters (ordinary traffic is routed around those).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Node {
    /// Short name.
    pub name: &'static str,
    /// Position.
    pub at: LatLon,
    /// In or near DPRK waters.
    pub dprk: bool,
}

const fn node(name: &'static str, lat: f64, lon: f64, dprk: bool) -> Node {
    Node { name, at: ll(lat, lon), dprk }
}

/// The lane nodes: port channel ends (named after the port) and open-water
/// turning points in the Yellow Sea, Korea Bay, the Korea Strait and the
/// East Sea.
pub const NODES: &[Node] = &[
    node("QD", 35.85, 120.5, false),
    node("QD_E", 36.0, 121.5, false),
    node("SD_SE", 36.6, 122.9, false),
    node("SD_E", 37.0, 123.0, false),
    node("YT", 37.75, 121.6, false),
    node("YT_DL", 38.3, 121.8, false),
    node("SD_NE", 37.75, 122.9, false),
    node("DL", 38.85, 122.0, false),
    node("KB_W", 38.7, 122.8, false),
    node("KB_C", 39.0, 123.6, true),
    node("WKB", 38.9, 124.3, true),
    node("NP", 38.55, 124.9, true),
    node("YS_N", 37.8, 123.5, false),
    node("YS_C", 37.0, 124.3, false),
    node("YS_S", 35.8, 124.5, false),
    node("IC_W", 37.0, 125.5, false),
    node("IC", 37.2, 126.0, false),
    node("HJ", 37.6, 125.4, true),
    node("SW_K", 33.9, 125.6, false),
    node("JEJU_N", 33.8, 126.8, false),
    node("KS_W", 34.0, 127.8, false),
    node("KS", 34.5, 128.7, false),
    node("BS", 34.95, 129.15, false),
    node("ES_S", 35.6, 129.9, false),
    node("PH", 36.05, 129.6, false),
    node("ULL_W", 37.3, 130.2, false),
    node("DH", 37.5, 129.35, false),
    node("ES_38", 38.3, 129.4, true),
    node("ES_WS", 39.3, 128.6, true),
    node("WS", 39.3, 127.95, true),
    node("HN", 39.6, 128.0, true),
    node("ES_C", 40.0, 130.5, true),
    node("KC", 40.45, 129.5, true),
    node("CJ", 41.6, 130.1, true),
    node("RJ", 42.05, 130.5, true),
    node("ES_NE", 41.3, 131.2, true),
    node("ES_E1", 37.5, 131.8, false),
    node("ES_E2", 39.0, 133.8, false),
    node("ES_E3", 40.5, 133.6, false),
    node("RU_S", 42.2, 132.2, false),
    node("VL", 42.75, 131.75, false),
    node("NK", 42.55, 132.95, false),
    node("VS", 42.55, 133.15, false),
];

/// The lanes: pairs of nodes joined by a great-circle leg at sea.
pub const LANES: &[(&str, &str)] = &[
    ("QD", "QD_E"),
    ("QD_E", "SD_SE"),
    ("SD_SE", "SD_E"),
    ("SD_SE", "YS_C"),
    ("YT", "YT_DL"),
    ("YT_DL", "DL"),
    ("YT", "SD_NE"),
    ("SD_NE", "SD_E"),
    ("SD_NE", "YS_N"),
    ("DL", "KB_W"),
    ("KB_W", "KB_C"),
    ("KB_C", "WKB"),
    ("WKB", "NP"),
    ("KB_W", "YS_N"),
    ("YS_N", "YS_C"),
    ("SD_E", "YS_N"),
    ("SD_E", "YS_C"),
    ("YS_C", "IC_W"),
    ("IC_W", "IC"),
    ("YS_C", "YS_S"),
    ("YS_S", "SW_K"),
    ("SW_K", "JEJU_N"),
    ("JEJU_N", "KS_W"),
    ("KS_W", "KS"),
    ("KS", "BS"),
    ("HJ", "IC_W"),
    ("HJ", "YS_C"),
    ("BS", "ES_S"),
    ("ES_S", "PH"),
    ("PH", "ULL_W"),
    ("ULL_W", "DH"),
    ("DH", "ES_38"),
    ("ULL_W", "ES_38"),
    ("ES_38", "ES_WS"),
    ("ES_WS", "WS"),
    ("ES_WS", "HN"),
    ("WS", "HN"),
    ("ES_WS", "ES_C"),
    ("ES_C", "KC"),
    ("ES_C", "CJ"),
    ("CJ", "RJ"),
    ("RJ", "ES_NE"),
    ("ES_C", "ES_NE"),
    ("ES_NE", "RU_S"),
    ("ES_S", "ES_E1"),
    ("ULL_W", "ES_E1"),
    ("ES_E1", "ES_E2"),
    ("ES_E2", "ES_E3"),
    ("ES_E3", "RU_S"),
    ("RU_S", "VL"),
    ("RU_S", "NK"),
    ("RU_S", "VS"),
    ("NK", "VS"),
];

/// The node called `name`.
pub fn node_named(name: &str) -> Option<&'static Node> {
    NODES.iter().find(|node| node.name == name)
}

fn node_index(name: &str) -> usize {
    NODES.iter().position(|node| node.name == name).unwrap_or(0)
}

/// The shortest lane path between two nodes, as node positions (both ends
/// included); with `avoid_dprk`, nodes in or near DPRK waters other than
/// the two ends are not used. `None` when no path exists.
pub fn lane_path(from: &str, to: &str, avoid_dprk: bool) -> Option<Vec<LatLon>> {
    let (start, goal) = (node_index(from), node_index(to));
    let usable = |idx: usize| !avoid_dprk || !NODES[idx].dprk || idx == start || idx == goal;
    let mut best = vec![f64::INFINITY; NODES.len()];
    let mut previous = vec![usize::MAX; NODES.len()];
    let mut queue = BinaryHeap::new();
    best[start] = 0.0;
    queue.push(Visit { cost: 0, idx: start });
    while let Some(Visit { cost, idx }) = queue.pop() {
        if idx == goal {
            break;
        }
        if cost as f64 > best[idx] {
            continue;
        }
        for &(a, b) in LANES {
            let next = match (node_index(a) == idx, node_index(b) == idx) {
                (true, _) => node_index(b),
                (_, true) => node_index(a),
                _ => continue,
            };
            if !usable(next) {
                continue;
            }
            // Whole metres keep the ordering exact and deterministic.
            let through = (best[idx] + distance_m(NODES[idx].at, NODES[next].at)).round();
            if through < best[next] {
                best[next] = through;
                previous[next] = idx;
                queue.push(Visit { cost: through as u64, idx: next });
            }
        }
    }
    if !best[goal].is_finite() {
        return None;
    }
    let mut path = vec![NODES[goal].at];
    let mut idx = goal;
    while idx != start {
        idx = previous[idx];
        path.push(NODES[idx].at);
    }
    path.reverse();
    Some(path)
}

#[derive(PartialEq, Eq)]
struct Visit {
    cost: u64,
    idx: usize,
}

impl Ord for Visit {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        other.cost.cmp(&self.cost).then(other.idx.cmp(&self.idx))
    }
}

impl PartialOrd for Visit {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// The full route from one port's berth to another's: out along the first
/// port's channel, over the lanes, in along the second's channel.
pub fn port_to_port(from: &PortSite, to: &PortSite, avoid_dprk: bool) -> Option<Vec<LatLon>> {
    let mut route: Vec<LatLon> = from.approach.to_vec();
    route.extend(lane_path(from.node, to.node, avoid_dprk)?);
    route.extend(to.approach.iter().rev());
    Some(route)
}

/// From a berth out to the lane node nearest `point`, then to `point` (an
/// open-water spot for a planted event).
pub fn port_to_spot(
    from: &PortSite,
    via: &str,
    spot: LatLon,
    avoid_dprk: bool,
) -> Option<Vec<LatLon>> {
    let mut route: Vec<LatLon> = from.approach.to_vec();
    route.extend(lane_path(from.node, via, avoid_dprk)?);
    route.push(spot);
    Some(route)
}

/// From an open-water spot via lane node `via` into a port's berth.
pub fn spot_to_port(
    spot: LatLon,
    via: &str,
    to: &PortSite,
    avoid_dprk: bool,
) -> Option<Vec<LatLon>> {
    let mut route = vec![spot];
    route.extend(lane_path(via, to.node, avoid_dprk)?);
    route.extend(to.approach.iter().rev());
    Some(route)
}

/// Length of a polyline in metres.
pub fn path_length_m(path: &[LatLon]) -> f64 {
    path.windows(2).map(|leg| distance_m(leg[0], leg[1])).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bearings_and_offsets_agree() {
        let a = ll(38.0, 125.0);
        let b = offset(a, 45.0, 10_000.0);
        assert!((distance_m(a, b) - 10_000.0).abs() < 1.0);
        assert!((bearing_deg(a, b) - 45.0).abs() < 0.1);
        let mid = interpolate(a, b, 0.5);
        assert!((distance_m(a, mid) - 5_000.0).abs() < 1.0);
    }

    #[test]
    fn every_lane_names_known_nodes_and_every_port_is_reachable() {
        for (a, b) in LANES {
            assert!(node_named(a).is_some() && node_named(b).is_some(), "{a}-{b}");
        }
        let busan = port_named("Busan").unwrap();
        for port in PORTS {
            assert!(port_to_port(busan, port, false).is_some(), "{}", port.name);
            assert!(distance_m(port.berth(), port.reference) < 2_500.0, "{}", port.name);
        }
    }

    #[test]
    fn ordinary_routes_keep_out_of_dprk_nodes() {
        let dalian = port_named("Dalian").unwrap();
        let vladivostok = port_named("Vladivostok").unwrap();
        let route = port_to_port(dalian, vladivostok, true).unwrap();
        for node in NODES.iter().filter(|n| n.dprk) {
            assert!(!route.contains(&node.at), "{}", node.name);
        }
    }
}
