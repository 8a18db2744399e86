//! Helpers every subcommand uses: logging, outcomes, output, default paths.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// How a command ended, when it did not fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Done, and something was found (or nothing was being looked for).
    Found,
    /// Done, and nothing was found.
    NotFound,
}

impl Outcome {
    pub fn exit_code(self) -> ExitCode {
        match self {
            Outcome::Found => ExitCode::SUCCESS,
            Outcome::NotFound => ExitCode::from(1),
        }
    }
}

/// Logs go to stderr; `-v` raises the level and `RUST_LOG` overrides it.
pub fn init_logging(verbosity: u8) {
    let level = match verbosity {
        0 => "warn",
        1 => "info",
        2 => "debug",
        _ => "trace",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(level));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(io::stderr)
        .with_ansi(io::stderr().is_terminal())
        .try_init();
}

/// Whether an error chain bottoms out in a closed pipe (`vigil ... | head`).
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause.downcast_ref::<io::Error>().is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}

/// The default database path: `$VIGIL_DB`, else `vigil.db` in the working directory.
pub fn default_db_path() -> PathBuf {
    std::env::var_os("VIGIL_DB").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("vigil.db"))
}

/// A progress bar on stderr when it is a terminal, hidden otherwise.
pub fn progress(len: u64, message: &'static str) -> indicatif::ProgressBar {
    if !io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len);
    let style = indicatif::ProgressStyle::with_template("{msg} {bar:40} {pos}/{len} ({eta})")
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
    bar.set_style(style);
    bar.set_message(message);
    bar
}

/// Buffered stdout for JSON lines.
pub fn stdout() -> io::BufWriter<io::StdoutLock<'static>> {
    io::BufWriter::with_capacity(64 * 1024, io::stdout().lock())
}

/// Writes one JSON value as a line.
pub fn write_json_line(out: &mut impl Write, value: &impl serde::Serialize) -> anyhow::Result<()> {
    serde_json::to_writer(&mut *out, value)?;
    out.write_all(b"\n")?;
    Ok(())
}

/// Loads entities from list files (parsed in memory) or, when there are none,
/// from the store's current versions. FtM delta files are applied on top of
/// the full list of the same name given alongside them.
pub fn load_entities(
    list_paths: &[PathBuf],
    db: Option<&std::path::Path>,
) -> anyhow::Result<Vec<vigil_model::Entity>> {
    if list_paths.is_empty() {
        let path = db.map(PathBuf::from).unwrap_or_else(default_db_path);
        if !path.exists() {
            anyhow::bail!(
                "no lists to screen against: {} does not exist (run `vigil lists import FILE...` or pass --list FILE)",
                path.display()
            );
        }
        let store = vigil_store::Store::open(&path)?;
        return Ok(store.current_entities()?);
    }
    let mut parsed = Vec::new();
    for result in vigil_lists::load_paths(list_paths) {
        let list = result?;
        if let Some(first) = list.errors.first() {
            for err in &list.errors {
                eprintln!("{}", format_record_error(err));
            }
            anyhow::bail!(
                "{}: {} malformed record(s), first: {}",
                first.path.display(),
                list.errors.len(),
                first.message
            );
        }
        parsed.push(list);
    }
    merge_lists(parsed)
}

/// Full lists first, then each delta applied by ID to the list it names.
fn merge_lists(parsed: Vec<vigil_lists::ParsedList>) -> anyhow::Result<Vec<vigil_model::Entity>> {
    use vigil_lists::{Contents, DeltaOp};
    let (full, deltas): (Vec<_>, Vec<_>) =
        parsed.into_iter().partition(|list| matches!(list.contents, Contents::Full(_)));
    let mut by_id: std::collections::BTreeMap<String, vigil_model::Entity> = Default::default();
    for list in full {
        if let Contents::Full(entities) = list.contents {
            by_id.extend(entities.into_iter().map(|e| (e.id.clone(), e)));
        }
    }
    for list in deltas {
        if by_id.is_empty() {
            anyhow::bail!(
                "{}: a delta file needs its full list alongside it",
                list.sources.first().map(|p| p.display().to_string()).unwrap_or_default()
            );
        }
        if let Contents::Delta(ops) = list.contents {
            for op in ops {
                match op {
                    DeltaOp::Upsert(entity) => {
                        by_id.insert(entity.id.clone(), entity);
                    }
                    DeltaOp::Delete(id) => {
                        by_id.remove(&id);
                    }
                }
            }
        }
    }
    Ok(by_id.into_values().collect())
}

/// `path:line: message`, the shape compilers and grep use.
pub fn format_record_error(err: &vigil_lists::RecordError) -> String {
    let mut location = err.path.display().to_string();
    if let Some(line) = err.line {
        location.push_str(&format!(":{line}"));
    }
    if let Some(record) = &err.record {
        location.push_str(&format!(" (record {record})"));
    }
    format!("{location}: {}", err.message)
}

/// Peak resident memory of this process in MiB (Linux `VmHWM`), for `--stats`.
pub fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}
