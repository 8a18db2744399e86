//! Runs every detector over a positions CSV (`mmsi,t,lat,lon,sog`) window by
//! window ([`vigil_ais::detect::partition`]), in bounded memory: the
//! events-at-scale benchmark's runner until `vigil ais events` reads such a
//! table itself. Events go to standard output as JSON lines (times in epoch
//! seconds), counts to standard error.
//!
//! Usage: `events_csv FILE.csv [--window-h H] [--disable DETECTOR]...` (H = 1 by default; the file
//! must be in time order by window, see the partition module).

use std::io::{BufReader, BufWriter, Write};

use serde_json::json;
use vigil_ais::detect::config::DetectConfig;
use vigil_ais::detect::partition::{read_positions_csv, WindowedRun};
use vigil_ais::detect::{Context, EventKind};
use vigil_geo::Geography;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let mut path = None;
    let mut window_h = 1.0f64;
    let mut disable: Vec<String> = Vec::new();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--disable" => disable.push(args.next().ok_or("--disable needs a detector")?),
            "--window-h" => window_h = args.next().ok_or("--window-h needs a value")?.parse()?,
            _ if path.is_none() => path = Some(arg),
            other => return Err(format!("unexpected argument {other}").into()),
        }
    }
    let path = path.ok_or("usage: events_csv FILE.csv [--window-h H]")?;
    let geo = Geography::dprk_profile();
    let ctx = Context { geo: &geo };
    let started = std::time::Instant::now();
    let mut run = WindowedRun::new(
        DetectConfig { disable, ..DetectConfig::default() },
        (window_h * 3_600_000.0) as i64,
    );
    let file = std::fs::File::open(&path).map_err(|e| format!("{path}: {e}"))?;
    let csv = read_positions_csv(BufReader::with_capacity(1 << 20, file), 0, &mut run, &ctx)
        .map_err(|e| format!("{path}: {e}"))?;
    for rejection in &csv.rejections {
        eprintln!("{path}: {rejection}");
    }
    let (events, stats) = run.finish(&ctx);
    let mut out = BufWriter::new(std::io::stdout().lock());
    for event in &events {
        let value = json!({
            "kind": event.kind.as_str(),
            "mmsi": event.mmsi,
            "start": event.start.0.div_euclid(1000),
            "end": event.end.0.div_euclid(1000),
            "lat": event.lat,
            "lon": event.lon,
            "details": event.details,
        });
        writeln!(out, "{value}")?;
    }
    out.flush()?;
    let count = |kind| events.iter().filter(|e| e.kind == kind).count();
    let kinds: Vec<String> =
        EventKind::ALL.iter().map(|k| format!("{}={}", k.as_str(), count(*k))).collect();
    eprintln!(
        "rows={} rejected={} positions={} windows={} largest_window={} out_of_order={} events={} {} seconds={:.2}",
        csv.rows,
        csv.rejected,
        stats.positions,
        stats.windows,
        stats.largest_window,
        stats.out_of_order,
        events.len(),
        kinds.join(" "),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
