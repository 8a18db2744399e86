//! `vigil compare`: score two names, or every pair of a CSV.

use std::path::PathBuf;

use anyhow::{bail, Context};
use vigil_model::Schema;

use crate::shared::{self, Outcome};

/// Arguments of `vigil compare`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  vigil compare 'Kim Jong Un' '김정은'
  vigil compare --schema Vessel 'NAM SAN 8' 'NAM SAN 3'
  vigil compare --pairs pairs.csv > scored.csv

With --pairs, FILE is a CSV with at least the columns schema,name1,name2; it is
written back with `score` and `match` columns added.

Exit codes: 0 a match (or pairs written), 1 no match, 2 error.")]
pub struct CompareArgs {
    /// The two names to compare.
    #[arg(num_args = 0..=2)]
    pub names: Vec<String>,
    /// The schema both names belong to.
    #[arg(long, value_parser = |s: &str| Schema::parse(s).ok_or(format!("unknown schema {s:?}")))]
    pub schema: Option<Schema>,
    /// Score every row of a CSV with schema,name1,name2 columns.
    #[arg(long, value_name = "FILE", conflicts_with = "names")]
    pub pairs: Option<PathBuf>,
    /// The score at which `match` is true.
    #[arg(long, default_value_t = vigil_match::DEFAULT_THRESHOLD)]
    pub threshold: f64,
    /// Threads scoring --pairs [default: one per core].
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
}

pub fn run(args: CompareArgs) -> anyhow::Result<Outcome> {
    if let Some(path) = &args.pairs {
        let threads = args
            .threads
            .unwrap_or_else(|| std::thread::available_parallelism().map(usize::from).unwrap_or(1));
        return compare_pairs(path, args.threshold, threads);
    }
    let [left, right] = args.names.as_slice() else {
        bail!("give two names, or --pairs FILE (see vigil compare --help)");
    };
    for name in [left, right] {
        if !name.chars().any(char::is_alphanumeric) {
            bail!("{name:?} has no letters or digits to compare");
        }
    }
    let score = vigil_match::compare_names(args.schema, left, right);
    println!("{score:.4}");
    Ok(if score >= args.threshold { Outcome::Found } else { Outcome::NotFound })
}

/// Rows scored per batch: large enough to keep every thread busy, small
/// enough that memory stays flat however long the file is.
const BATCH_ROWS: usize = 16 * 1024;

/// Streams the CSV in batches: each batch is scored on all threads and
/// written in input order before the next is read, so a large file needs no
/// more memory than a small one and the output is the same for any thread count.
fn compare_pairs(
    path: &std::path::Path,
    threshold: f64,
    threads: usize,
) -> anyhow::Result<Outcome> {
    let mut reader =
        csv::Reader::from_path(path).with_context(|| format!("{}: cannot open", path.display()))?;
    let headers =
        reader.headers().with_context(|| format!("{}: no header", path.display()))?.clone();
    let column = |name: &str| headers.iter().position(|h| h.trim().eq_ignore_ascii_case(name));
    let (Some(schema_idx), Some(left_idx), Some(right_idx)) =
        (column("schema"), column("name1"), column("name2"))
    else {
        bail!("{}: the header needs schema, name1 and name2 columns", path.display());
    };
    let columns = PairColumns { schema_idx, left_idx, right_idx };
    let mut writer = csv::Writer::from_writer(shared::stdout());
    let mut out_headers = headers.clone();
    out_headers.push_field("score");
    out_headers.push_field("match");
    writer.write_record(&out_headers)?;
    let mut line = 1;
    let mut any_match = false;
    let mut batch: Vec<csv::StringRecord> = Vec::with_capacity(BATCH_ROWS);
    loop {
        batch.clear();
        let mut record = csv::StringRecord::new();
        while batch.len() < BATCH_ROWS
            && reader
                .read_record(&mut record)
                .with_context(|| format!("{}:{}: malformed CSV row", path.display(), line + 1))?
        {
            line += 1;
            batch.push(std::mem::take(&mut record));
        }
        if batch.is_empty() {
            break;
        }
        let scores = score_batch(&batch, columns, threads);
        for (mut record, score) in batch.drain(..).zip(scores) {
            let is_match = score >= threshold;
            any_match |= is_match;
            record.push_field(&format!("{score:.4}"));
            record.push_field(if is_match { "true" } else { "false" });
            writer.write_record(&record)?;
        }
    }
    writer.flush()?;
    Ok(if any_match { Outcome::Found } else { Outcome::NotFound })
}

#[derive(Debug, Clone, Copy)]
struct PairColumns {
    schema_idx: usize,
    left_idx: usize,
    right_idx: usize,
}

/// Scores one batch, split into contiguous chunks, one per thread.
fn score_batch(batch: &[csv::StringRecord], columns: PairColumns, threads: usize) -> Vec<f64> {
    let score = |record: &csv::StringRecord| {
        let schema = Schema::parse(&record[columns.schema_idx]);
        vigil_match::compare_names(schema, &record[columns.left_idx], &record[columns.right_idx])
    };
    // Below this many rows a thread costs more than it saves.
    const MIN_ROWS_PER_THREAD: usize = 256;
    let threads = threads.clamp(1, batch.len().div_ceil(MIN_ROWS_PER_THREAD).max(1));
    if threads == 1 {
        return batch.iter().map(score).collect();
    }
    let chunk_len = batch.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let workers: Vec<_> = batch
            .chunks(chunk_len)
            .map(|chunk| scope.spawn(move || chunk.iter().map(score).collect::<Vec<f64>>()))
            .collect();
        workers.into_iter().flat_map(|w| w.join().expect("a scoring thread panicked")).collect()
    })
}
