//! `vigil ais tracks`: positions with their track segment
//! (`vigil_ais::segment_all`, after GFW gpsdio-segment), or GeoJSON.

use std::io::Write;
use std::path::PathBuf;

use vigil_ais::{segment_all, FixKind, Options, Point, SegmentConfig, SegmentId, Timestamp};

use super::input::read_messages;
use super::json::{f, JsonWriter};
use crate::shared::{self, Outcome};

/// Arguments of `vigil ais tracks`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  vigil ais tracks log.nmea.gz > positions.jsonl
  vigil ais tracks --geojson log.nmea.gz > tracks.geojson   # open in QGIS or kepler.gl

Each MMSI's positions are sorted by time and split into physically consistent
segments by Global Fishing Watch's gpsdio-segment rule (implied speed <= 25 kn,
<= 24 h between points, several open segments per MMSI, so two ships sharing one
MMSI become two tracks). Output: one JSON line per position
{mmsi, ts, lat, lon, speed, course, segment, src}, sorted by MMSI then time;
segment is \"<mmsi>-<n>\", or null for a position dropped as noise. With --geojson,
one FeatureCollection with a LineString per segment (coordinates [lon, lat];
properties mmsi, segment, start, end, n_points).

Exit codes: 0 at least one position, 1 none, 2 error.")]
pub struct TracksArgs {
    /// NMEA files (plain or gzip), or - for standard input.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Write one GeoJSON FeatureCollection of segments instead of positions.
    #[arg(long)]
    pub geojson: bool,
    /// Receive time for messages without one (ISO 8601 UTC or epoch seconds).
    #[arg(long, value_name = "TIME", value_parser = |s: &str| Timestamp::parse(s).ok_or(format!("not a time: {s:?}")))]
    pub default_time: Option<Timestamp>,
}

/// One decoded position and where it came from.
struct Located {
    mmsi: u32,
    point: Point,
    file: usize,
    line: u64,
}

/// Runs `vigil ais tracks`.
pub fn run(args: TracksArgs) -> anyhow::Result<Outcome> {
    let options = Options { default_time: args.default_time, ..Options::default() };
    let mut names: Vec<String> = Vec::new();
    let mut positions: Vec<Located> = Vec::new();
    read_messages(&args.files, options, false, |message, name| {
        if names.last().map(String::as_str) != Some(name) {
            names.push(name.to_owned());
        }
        let (Some(fix), Some(ts)) = (message.fix(), message.ts) else { return Ok(()) };
        let point = Point {
            ts,
            lat: fix.lat,
            lon: fix.lon,
            speed: fix.speed,
            course: fix.course,
            kind: FixKind::from_msg_type(message.msg_type),
        };
        if point.is_valid() {
            positions.push(Located {
                mmsi: message.mmsi,
                point,
                file: names.len() - 1,
                line: message.line,
            });
        }
        Ok(())
    })?;
    // Sorted by MMSI then time (stable), the order segment_all works in.
    positions.sort_by_key(|p| (p.mmsi, p.point.ts));
    let input: Vec<(u32, Point)> = positions.iter().map(|p| (p.mmsi, p.point)).collect();
    let segments = segment_all(&input, &SegmentConfig::default());
    let mut out = shared::stdout();
    if args.geojson {
        write_geojson(&mut out, &positions, &segments)?;
    } else {
        let mut buf = Vec::with_capacity(256);
        for (p, segment) in positions.iter().zip(&segments) {
            buf.clear();
            buf.push(b'{');
            let mut w = JsonWriter::new(&mut buf);
            w.uint("mmsi", p.mmsi.into());
            w.timestamp("ts", Some(p.point.ts));
            w.fixed("lat", Some(p.point.lat), 6);
            w.fixed("lon", Some(p.point.lon), 6);
            w.fixed("speed", f(p.point.speed), 1);
            w.fixed("course", f(p.point.course), 1);
            match segment {
                Some(id) => w.text("segment", &id.to_string()),
                None => w.null("segment"),
            }
            w.text("src", &format!("{}:{}", names[p.file], p.line));
            buf.extend_from_slice(b"}\n");
            out.write_all(&buf)?;
        }
    }
    out.flush()?;
    Ok(if positions.is_empty() { Outcome::NotFound } else { Outcome::Found })
}

/// One FeatureCollection, a LineString Feature per segment ([lon, lat], in
/// time order; a one-position segment repeats its position, so every
/// geometry is a valid LineString). Segments in order of MMSI and number.
fn write_geojson(
    out: &mut impl Write,
    positions: &[Located],
    segments: &[Option<SegmentId>],
) -> anyhow::Result<()> {
    let mut by_segment: std::collections::BTreeMap<SegmentId, Vec<&Located>> =
        std::collections::BTreeMap::new();
    for (p, segment) in positions.iter().zip(segments) {
        if let Some(id) = segment {
            by_segment.entry(*id).or_default().push(p);
        }
    }
    let round = |v: f64| (v * 1e6).round() / 1e6;
    let features: Vec<serde_json::Value> = by_segment
        .iter()
        .map(|(id, points)| {
            let mut coords: Vec<[f64; 2]> =
                points.iter().map(|p| [round(p.point.lon), round(p.point.lat)]).collect();
            if coords.len() == 1 {
                coords.push(coords[0]);
            }
            serde_json::json!({
                "type": "Feature",
                "geometry": {"type": "LineString", "coordinates": coords},
                "properties": {
                    "mmsi": id.mmsi,
                    "segment": id.to_string(),
                    "start": points[0].point.ts.to_string(),
                    "end": points[points.len() - 1].point.ts.to_string(),
                    "n_points": points.len(),
                },
            })
        })
        .collect();
    let collection = serde_json::json!({"type": "FeatureCollection", "features": features});
    serde_json::to_writer(&mut *out, &collection)?;
    out.write_all(b"\n")?;
    Ok(())
}
