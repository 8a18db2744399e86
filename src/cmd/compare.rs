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
}

pub fn run(args: CompareArgs) -> anyhow::Result<Outcome> {
    if let Some(path) = &args.pairs {
        return compare_pairs(path, args.threshold);
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

/// Streams the CSV: each row is written as soon as it is scored, so a large
/// file needs no more memory than a small one.
fn compare_pairs(path: &std::path::Path, threshold: f64) -> anyhow::Result<Outcome> {
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
    let mut writer = csv::Writer::from_writer(shared::stdout());
    let mut out_headers = headers.clone();
    out_headers.push_field("score");
    out_headers.push_field("match");
    writer.write_record(&out_headers)?;
    let mut record = csv::StringRecord::new();
    let mut line = 1;
    let mut any_match = false;
    while reader
        .read_record(&mut record)
        .with_context(|| format!("{}:{}: malformed CSV row", path.display(), line + 1))?
    {
        line += 1;
        let schema = Schema::parse(&record[schema_idx]);
        let score = vigil_match::compare_names(schema, &record[left_idx], &record[right_idx]);
        let is_match = score >= threshold;
        any_match |= is_match;
        record.push_field(&format!("{score:.4}"));
        record.push_field(if is_match { "true" } else { "false" });
        writer.write_record(&record)?;
    }
    writer.flush()?;
    Ok(if any_match { Outcome::Found } else { Outcome::NotFound })
}
