//! Benchmark of columnar decoding on one core: an NMEA log (plain or gzip)
//! is read into memory, decompressed and repeated, then decoded into
//! `PositionColumns` with `vigil_ais::decode_columns`, several times; the
//! median rate is printed as one JSON line. Only the decoding is timed: line
//! splitting, checksums, tag blocks and `$PGHP` times, reassembly, and the
//! filling of the columns; not the reading or the decompression.
//!
//! Two rates are printed: by wall-clock time (`msgs_per_s`) and by the
//! thread's CPU time (`msgs_per_cpu_s`, from `/proc/thread-self/schedstat`
//! on Linux, in nanoseconds; absent elsewhere), the median of each over
//! the runs. On a shared machine the wall-clock rate counts the time the
//! thread waited for a core; the CPU-time rate does not.
//!
//! Run: `cargo run --release -p vigil-ais --example columns_bench -- FILE [COPIES] [RUNS]`
//! (defaults 20 copies and 5 runs; `bench/ais_decode.py` runs it on the DMA sample).

use std::io::Read;
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: columns_bench FILE [COPIES] [RUNS]");
        std::process::exit(2);
    };
    let copies: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(20);
    let runs: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(5).max(1);
    let raw = match std::fs::read(&path) {
        Ok(raw) => raw,
        Err(err) => {
            eprintln!("cannot read {path}: {err}");
            std::process::exit(2);
        }
    };
    let one = if raw.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        if let Err(err) = flate2::read::MultiGzDecoder::new(&raw[..]).read_to_end(&mut out) {
            eprintln!("cannot gunzip {path}: {err}");
            std::process::exit(2);
        }
        out
    } else {
        raw
    };
    let mut text = Vec::with_capacity(one.len() * copies);
    for _ in 0..copies {
        text.extend_from_slice(&one);
    }
    let mut seconds = Vec::new();
    let mut cpu_seconds = Vec::new();
    let mut result = None;
    for _ in 0..runs {
        let cpu_start = thread_cpu_seconds();
        let start = Instant::now();
        let (columns, stats) = vigil_ais::decode_columns(&text, vigil_ais::Options::default());
        seconds.push(start.elapsed().as_secs_f64());
        if let (Some(before), Some(after)) = (cpu_start, thread_cpu_seconds()) {
            cpu_seconds.push(after - before);
        }
        result = Some((columns.len(), stats.messages));
    }
    let wall_median = median(&mut seconds);
    let (rows, messages) = result.unwrap_or_default();
    let cpu = if cpu_seconds.len() == runs {
        let cpu_median = median(&mut cpu_seconds);
        format!(
            ",\"median_cpu_s\":{cpu_median:.4},\"msgs_per_cpu_s\":{:.0}",
            messages as f64 / cpu_median
        )
    } else {
        String::new()
    };
    println!(
        "{{\"bytes\":{},\"messages\":{messages},\"rows\":{rows},\"runs\":{runs},\"median_s\":{wall_median:.4},\"msgs_per_s\":{:.0}{cpu}}}",
        text.len(),
        messages as f64 / wall_median
    );
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// CPU time of this thread so far, in seconds: the first field of
/// `/proc/thread-self/schedstat` (nanoseconds on a CPU). `None` where
/// there is no such file.
fn thread_cpu_seconds() -> Option<f64> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanos: u64 = text.split_whitespace().next()?.parse().ok()?;
    Some(nanos as f64 / 1e9)
}
