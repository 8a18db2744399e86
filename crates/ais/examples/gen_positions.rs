//! Generates a GFW-scale day of positions for the events-at-scale benchmark
//! (`bench/ais_events.py`): a `mmsi,t,lat,lon,sog` CSV (t in epoch seconds,
//! the table `../shared/peers/peer_duckdb_encounters.py` reads), in time
//! order, so `vigil` can read it window by window.
//!
//! The traffic: ships transiting at 8–16 kn over the oceans, slow ships
//! wandering at sea, crowds anchored in the harbours of vigil's DPRK port
//! list (dozens of vessels within 500 m of each other all day: meetings that
//! must not be reported), and planted encounters (pairs side by side at
//! under 2 kn for 2.5–6 h), most at sea and some inside port areas. The
//! planted encounters go to `OUT.truth.json`, the ports (vigil's default
//! list, where the crowds lie) to `OUT.ports.csv`.
//!
//! Usage: `cargo run --release -p vigil-ais --example gen_positions --
//! --positions N [--seed S] --out FILE.csv`

use std::io::{BufWriter, Write};

use vigil_geo::Geography;

/// 2024-01-01T00:00:00Z.
const DAY0: i64 = 1_704_067_200;
const DAY: i64 = 86_400;
/// Metres per degree of latitude.
const M_PER_DEG: f64 = 111_320.0;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // splitmix64
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }
}

/// How a vessel moves during the day.
enum Motion {
    /// Straight at `sog` knots along (dlat, dlon) degrees per hour.
    Line { lat: f64, lon: f64, dlat: f64, dlon: f64, sog: f64 },
    /// Anchored: jitter of a few tens of metres around a point.
    Anchored { lat: f64, lon: f64 },
    /// Arrives at a meeting point at `from`, lies there until `to` at
    /// `sog`, then leaves; `(dlat, dlon)` per hour when under way.
    Meeting { lat: f64, lon: f64, from: i64, to: i64, dlat: f64, dlon: f64, sog: f64 },
}

struct Vessel {
    mmsi: u32,
    phase: i64,
    motion: Motion,
}

fn heading_step(rng: &mut Rng, lat: f64, knots: f64) -> (f64, f64) {
    let angle = rng.range(0.0, std::f64::consts::TAU);
    let deg_per_h = knots * 1852.0 / M_PER_DEG;
    (deg_per_h * angle.cos(), deg_per_h * angle.sin() / lat.to_radians().cos().max(0.2))
}

fn position(motion: &Motion, t: i64, rng: &mut Rng) -> (f64, f64, f64) {
    let hours = |secs: i64| secs as f64 / 3600.0;
    match *motion {
        Motion::Line { lat, lon, dlat, dlon, sog } => {
            let h = hours(t);
            (lat + dlat * h, lon + dlon * h, sog + rng.range(-0.3, 0.3))
        }
        Motion::Anchored { lat, lon } => {
            (lat + rng.range(-2e-4, 2e-4), lon + rng.range(-2e-4, 2e-4), rng.range(0.0, 0.2))
        }
        Motion::Meeting { lat, lon, from, to, dlat, dlon, sog } => {
            let jitter = rng.range(-3e-5, 3e-5);
            if t < from {
                let h = hours(from - t);
                (lat - dlat * h, lon - dlon * h, 11.0 + rng.range(-0.5, 0.5))
            } else if t > to {
                let h = hours(t - to);
                (lat + dlat * h, lon + dlon * h, 11.0 + rng.range(-0.5, 0.5))
            } else {
                (lat + jitter, lon + jitter, sog + rng.range(-0.2, 0.2))
            }
        }
    }
}

struct Args {
    positions: u64,
    seed: u64,
    out: String,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args { positions: 60_000_000, seed: 1, out: String::new() };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--positions" => {
                args.positions = value()?.parse().map_err(|e| format!("--positions: {e}"))?
            }
            "--seed" => args.seed = value()?.parse().map_err(|e| format!("--seed: {e}"))?,
            "--out" => args.out = value()?,
            other => return Err(format!("unknown argument {other}")),
        }
    }
    if args.out.is_empty() || args.positions < 1000 {
        return Err("usage: gen_positions --positions N (>= 1000) [--seed S] --out FILE.csv".into());
    }
    Ok(args)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = parse_args()?;
    let mut rng = Rng(args.seed);
    let interval: i64 = 180;
    let steps = DAY / interval;
    let n_vessels = (args.positions / steps as u64).max(10) as usize;
    let ports: Vec<(String, f64, f64)> =
        Geography::dprk_profile().ports.iter().map(|p| (p.name.clone(), p.lat, p.lon)).collect();
    let mut vessels = Vec::with_capacity(n_vessels);
    let mut truth = Vec::new();
    let mut mmsi = 200_000_000u32;
    let mut next_mmsi = || {
        mmsi += 1;
        mmsi
    };
    let n_meetings = (n_vessels / 2000).max(3);
    let n_anchored = n_vessels / 50;
    for k in 0..n_meetings {
        // One in five inside a port area (GFW drops those), the rest at sea.
        let (lat, lon, in_port) = if k % 5 == 4 {
            let (_, plat, plon) = &ports[k % ports.len()];
            (plat + rng.range(-0.02, 0.02), plon + rng.range(-0.02, 0.02), true)
        } else {
            (rng.range(-35.0, 55.0), rng.range(-170.0, 170.0), false)
        };
        let from = rng.range(1.0, 14.0) as i64 * 3600 + rng.range(0.0, 3600.0) as i64;
        let to = from + (rng.range(2.5, 6.0) * 3600.0) as i64;
        let sog = rng.range(0.3, 1.5);
        let (a, b) = (next_mmsi(), next_mmsi());
        let offset = 200.0 / (M_PER_DEG * lat.to_radians().cos());
        for (m, dlon0) in [(a, 0.0), (b, offset)] {
            let (dlat, dlon) = heading_step(&mut rng, lat, 11.0);
            let motion = Motion::Meeting { lat, lon: lon + dlon0, from, to, dlat, dlon, sog };
            vessels.push(Vessel { mmsi: m, phase: rng.range(0.0, interval as f64) as i64, motion });
        }
        truth.push(format!(
            "{{\"mmsi\":[{a},{b}],\"start\":{},\"end\":{},\"lat\":{lat:.5},\"lon\":{lon:.5},\"in_port_area\":{in_port}}}",
            DAY0 + from,
            DAY0 + to
        ));
    }
    for k in 0..n_anchored {
        let (_, plat, plon) = &ports[k % ports.len()];
        let r = rng.range(0.0, 3000.0) / M_PER_DEG;
        let angle = rng.range(0.0, std::f64::consts::TAU);
        let motion = Motion::Anchored {
            lat: plat + r * angle.cos(),
            lon: plon + r * angle.sin() / plat.to_radians().cos(),
        };
        vessels.push(Vessel {
            mmsi: next_mmsi(),
            phase: rng.range(0.0, interval as f64) as i64,
            motion,
        });
    }
    while vessels.len() < n_vessels {
        let lat = rng.range(-40.0, 60.0);
        let sog = if rng.unit() < 0.15 { rng.range(0.5, 4.0) } else { rng.range(8.0, 16.0) };
        let (dlat, dlon) = heading_step(&mut rng, lat, sog);
        let motion = Motion::Line { lat, lon: rng.range(-175.0, 175.0), dlat, dlon, sog };
        vessels.push(Vessel {
            mmsi: next_mmsi(),
            phase: rng.range(0.0, interval as f64) as i64,
            motion,
        });
    }
    // Emitting in phase order within each step keeps the file in time order.
    vessels.sort_by_key(|v| v.phase);
    let mut out = BufWriter::with_capacity(1 << 20, std::fs::File::create(&args.out)?);
    writeln!(out, "mmsi,t,lat,lon,sog")?;
    let mut written = 0u64;
    'steps: for step in 0..steps {
        for vessel in &vessels {
            if written >= args.positions {
                break 'steps;
            }
            let t = step * interval + vessel.phase;
            let (lat, lon, sog) = position(&vessel.motion, t, &mut rng);
            let lon = (lon + 540.0).rem_euclid(360.0) - 180.0;
            let lat = lat.clamp(-89.9, 89.9);
            writeln!(out, "{},{},{lat:.5},{lon:.5},{:.1}", vessel.mmsi, DAY0 + t, sog.max(0.0))?;
            written += 1;
        }
    }
    out.flush()?;
    std::fs::write(format!("{}.truth.json", args.out), format!("[{}]\n", truth.join(",\n")))?;
    let port_rows: Vec<String> =
        ports.iter().map(|(name, lat, lon)| format!("{name},{lat},{lon}")).collect();
    std::fs::write(
        format!("{}.ports.csv", args.out),
        format!("name,lat,lon\n{}\n", port_rows.join("\n")),
    )?;
    eprintln!(
        "wrote {written} positions of {} vessels ({} planted encounters, {n_anchored} anchored in {} ports) to {}",
        vessels.len(),
        truth.len(),
        ports.len(),
        args.out
    );
    Ok(())
}
