//! How fast are the three geography queries the detectors make for every
//! position? Prints queries per second for distance from shore, nearest port
//! and zones containing, on positions spread over Korea Bay, the Yellow Sea
//! and the East Sea, against the linear scans they replace.
//!
//! Corpus: Natural Earth 50m land (`npm ci --prefix tools/geo`, or a file
//! given as the first argument), the DPRK profile's ports and zones, plus the
//! World Port Index when a CSV is given as the second argument. Positions come
//! from a seeded generator, so runs are comparable.
//!
//! Run: `cargo run --release -p vigil-geo --example geo_queries [LAND] [PORTS.csv]`

use std::path::PathBuf;
use std::time::Instant;

use vigil_geo::{read_ports, Geography, Land};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let land_path = args
        .first()
        .map(PathBuf::from)
        .or_else(Land::discover_path)
        .expect("no land file: run npm ci --prefix tools/geo or give one");
    let started = Instant::now();
    let (land, errors) = Land::read(&land_path).expect("readable land");
    println!(
        "land: {} ({} polygons, {} vertices, {} skipped) read in {:.0} ms",
        land_path.display(),
        land.polygons.len(),
        land.n_vertices(),
        errors.len(),
        ms(started)
    );
    let mut geo = Geography::dprk_profile();
    if let Some(ports) = args.get(1) {
        let (ports, errors) = read_ports(ports.as_ref()).expect("readable ports");
        println!("ports: {} read, {} skipped", ports.len(), errors.len());
        geo.ports.extend(ports);
    }
    geo.land = Some(land);
    let positions = positions(1_000_000, 42);

    let started = Instant::now();
    geo.is_land(0.0, 0.0);
    println!("land index built in {:.0} ms", ms(started));
    let started = start();
    let mut checksum = 0.0;
    for &(lat, lon) in &positions {
        checksum += geo.distance_to_shore_m(lat, lon).unwrap_or(0.0);
    }
    report("distance_to_shore_m (indexed)", positions.len(), started, checksum);

    let linear = Geography { land: geo.land.clone(), ..Geography::default() };
    let few = &positions[..200];
    let started = start();
    let mut checksum = 0.0;
    for &(lat, lon) in few {
        checksum += linear_distance(&linear, lat, lon);
    }
    report("distance to shore (linear scan)", few.len(), started, checksum);

    let started = start();
    let mut checksum = 0.0;
    for &(lat, lon) in &positions {
        checksum += geo.nearest_port(lat, lon).map_or(0.0, |(_, m)| m);
    }
    report(
        &format!("nearest_port ({} ports)", geo.ports.len()),
        positions.len(),
        started,
        checksum,
    );

    let started = start();
    let mut count = 0usize;
    for &(lat, lon) in &positions {
        count += geo.zones_containing(lat, lon).count();
    }
    report(
        &format!("zones_containing ({} zones)", geo.zones.len()),
        positions.len(),
        started,
        count as f64,
    );
}

/// The pre-index answer: every polygon, every edge.
fn linear_distance(geo: &Geography, lat: f64, lon: f64) -> f64 {
    let land = geo.land.as_ref().unwrap();
    if land.contains(lat, lon) {
        return 0.0;
    }
    land.polygons
        .iter()
        .flat_map(|p| std::iter::once(&p.exterior).chain(&p.holes))
        .flat_map(|ring| ring.windows(2))
        .map(|edge| segment_m(lat, lon, edge[0], edge[1]))
        .fold(f64::INFINITY, f64::min)
        .min(vigil_geo::MAX_SHORE_DISTANCE_M)
}

fn segment_m(lat: f64, lon: f64, a: [f64; 2], b: [f64; 2]) -> f64 {
    let metres_per_deg = vigil_geo::EARTH_RADIUS_M.to_radians();
    let kx = metres_per_deg * lat.to_radians().cos();
    let (ax, ay) = ((a[0] - lon) * kx, (a[1] - lat) * metres_per_deg);
    let (bx, by) = ((b[0] - lon) * kx, (b[1] - lat) * metres_per_deg);
    let (dx, dy) = (bx - ax, by - ay);
    let len2 = dx * dx + dy * dy;
    let t = if len2 > 0.0 { (-(ax * dx + ay * dy) / len2).clamp(0.0, 1.0) } else { 0.0 };
    (ax + t * dx).hypot(ay + t * dy)
}

fn positions(n: usize, seed: u64) -> Vec<(f64, f64)> {
    let mut state = seed | 1;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    // 115–135°E, 33–43°N: the Yellow Sea, Korea Bay, the Korean peninsula
    // and the western East Sea.
    (0..n).map(|_| (33.0 + next() * 10.0, 115.0 + next() * 20.0)).collect()
}

/// Time this thread spent on a CPU, in seconds, from Linux's
/// `/proc/thread-self/schedstat`: on a busy machine wall-clock time says more
/// about the neighbours than about the code. `None` elsewhere.
fn cpu_seconds() -> Option<f64> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    Some(text.split_whitespace().next()?.parse::<f64>().ok()? / 1e9)
}

fn ms(started: Instant) -> f64 {
    started.elapsed().as_secs_f64() * 1e3
}

fn report(what: &str, n: usize, started: (Instant, Option<f64>), checksum: f64) {
    let wall = started.0.elapsed().as_secs_f64();
    let cpu = started.1.zip(cpu_seconds()).map(|(before, after)| after - before);
    let cpu_text = cpu.map_or(String::new(), |cpu| {
        format!(", {:.3} s on CPU = {:.0} queries/s of CPU", cpu, n as f64 / cpu)
    });
    println!("{what}: {n} queries in {wall:.3} s wall = {:.0} queries/s{cpu_text} (checksum {checksum:.0})", n as f64 / wall);
}

fn start() -> (Instant, Option<f64>) {
    (Instant::now(), cpu_seconds())
}
