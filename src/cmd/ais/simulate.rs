//! `vigil ais simulate`: a deterministic NMEA log of Korea Bay and East Sea
//! traffic with planted events (`vigil_sim::simulate`), and `vigil ais
//! score`: a detector's events against the planted ones.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context as _;
use vigil_ais::Timestamp;

use crate::shared::{self, Outcome};

/// Default start of a simulated log: 2025-03-01T00:00:00Z.
const DEFAULT_START_MS: i64 = 1_740_787_200_000;

/// Most bytes of an events file `vigil ais score` reads.
const MAX_EVENTS_BYTES: u64 = 1 << 30;

/// Arguments of `vigil ais simulate`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  vigil ais simulate --seed 7 --hours 48 --vessels 40 --out sim7
  vigil ais events sim7/ais.nmea > sim7/events.jsonl
  vigil ais score --truth sim7/truth.json sim7/events.jsonl

Writes DIR/ais.nmea (!AIVDM sentences with NMEA 4 tag blocks: s: receiver,
c: receive time), DIR/truth.json (the planted events, the decoys and the fleet)
and DIR/scenario.txt (the same for people). The same seed and settings give the
same bytes. Hours are clamped to 12-720 and vessels to 1-2000.")]
pub struct SimulateArgs {
    /// Seed of the scenario.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Length of the log in hours.
    #[arg(long, default_value_t = 48.0)]
    pub hours: f64,
    /// Number of vessels.
    #[arg(long, default_value_t = 40)]
    pub vessels: usize,
    /// Output folder (created if missing).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Start of the log (ISO 8601 UTC or epoch seconds); default 2025-03-01T00:00:00Z.
    #[arg(long, value_name = "TIME", value_parser = |s: &str| Timestamp::parse(s).ok_or(format!("not a time: {s:?}")))]
    pub start: Option<Timestamp>,
    /// Which stories: `mixed` (every kind, repeated while vessels remain) or
    /// `demo` (each kind once, by the listed vessels of the built-in sample list, as `vigil demo` runs).
    #[arg(long, value_enum, default_value_t = Stories::Mixed)]
    pub scenario: Stories,
}

/// The scenarios `vigil ais simulate` can build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Stories {
    /// Every kind of event and decoy, repeated while vessels remain.
    Mixed,
    /// Each kind once, done by listed vessels: the scenario of `vigil demo`.
    Demo,
}

/// Runs `vigil ais simulate`.
pub fn run(args: SimulateArgs) -> anyhow::Result<Outcome> {
    if !args.hours.is_finite() {
        anyhow::bail!("--hours must be a number of hours");
    }
    let config = vigil_sim::Config {
        seed: args.seed,
        hours: args.hours,
        vessels: args.vessels,
        start_ms: args.start.map_or(DEFAULT_START_MS, Timestamp::millis),
    };
    let output = match args.scenario {
        Stories::Mixed => vigil_sim::simulate(config),
        Stories::Demo => vigil_sim::simulate_demo(config),
    };
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("cannot create {}", args.out.display()))?;
    let write = |name: &str, bytes: &[u8]| {
        let path = args.out.join(name);
        std::fs::write(&path, bytes).with_context(|| format!("cannot write {}", path.display()))
    };
    write("ais.nmea", output.nmea.as_bytes())?;
    write("truth.json", (serde_json::to_string_pretty(&output.truth)? + "\n").as_bytes())?;
    write("scenario.txt", output.scenario_text.as_bytes())?;
    eprintln!(
        "vigil: {} messages from {} vessels, {} planted events, {} decoys in {}",
        output.n_messages,
        output.truth.vessels.len(),
        output.truth.events.len(),
        output.truth.decoys.len(),
        args.out.display()
    );
    Ok(Outcome::Found)
}

/// Arguments of `vigil ais score`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Example:
  vigil ais score --truth sim7/truth.json sim7/events.jsonl

A reported event matches a planted one with the same kind, an MMSI in common
and overlapping times (the planted span widened by --tolerance-minutes on both
sides). Recall = planted events matched / planted; precision = reports that
match a planted event / reports. Prints a table per kind, then the misses, the
false alarms and any decoy reported as what it imitates; --json prints the
counts as one JSON object instead.

Exit codes: 0 scored, 2 error.")]
pub struct ScoreArgs {
    /// The truth.json of a simulated scenario.
    #[arg(long, value_name = "FILE")]
    pub truth: PathBuf,
    /// Events as JSON lines (vigil ais events), or - for standard input.
    #[arg(value_name = "EVENTS")]
    pub events: PathBuf,
    /// Slack on each side of a planted event's span, in minutes.
    #[arg(long, default_value_t = 60)]
    pub tolerance_minutes: i64,
    /// Print the scores as JSON.
    #[arg(long)]
    pub json: bool,
}

fn read_limited(path: &PathBuf) -> anyhow::Result<String> {
    use std::io::Read;
    let mut text = String::new();
    if path.as_os_str() == "-" {
        std::io::stdin().take(MAX_EVENTS_BYTES).read_to_string(&mut text)?;
    } else {
        let file =
            std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
        file.take(MAX_EVENTS_BYTES)
            .read_to_string(&mut text)
            .with_context(|| format!("cannot read {}", path.display()))?;
    }
    Ok(text)
}

/// Runs `vigil ais score`.
pub fn score(args: ScoreArgs) -> anyhow::Result<Outcome> {
    let truth_text = read_limited(&args.truth)?;
    let truth: vigil_sim::truth::Truth = serde_json::from_str(&truth_text)
        .with_context(|| format!("{}: not a truth.json", args.truth.display()))?;
    let events_text = read_limited(&args.events)?;
    let (reports, errors) = vigil_sim::parse_events(&events_text);
    for error in errors.iter().take(10) {
        eprintln!("vigil: {}: {error}", args.events.display());
    }
    if errors.len() > 10 {
        eprintln!("vigil: {}: {} more bad lines", args.events.display(), errors.len() - 10);
    }
    let score = vigil_sim::score(&truth, &reports, args.tolerance_minutes * 60_000);
    let mut out = shared::stdout();
    if args.json {
        shared::write_json_line(&mut out, &score)?;
        out.flush()?;
        return Ok(Outcome::Found);
    }
    writeln!(
        out,
        "{:<13}{:>8}{:>7}{:>8}{:>10}{:>6}{:>11}",
        "kind", "planted", "found", "recall", "reported", "true", "precision"
    )?;
    let total = score.total();
    for (kind, counts) in score.kinds.iter().map(|(k, v)| (k.as_str(), *v)).chain([("all", total)])
    {
        writeln!(
            out,
            "{:<13}{:>8}{:>7}{:>8.3}{:>10}{:>6}{:>11.3}",
            kind,
            counts.planted,
            counts.found,
            counts.recall(),
            counts.reported,
            counts.true_positive,
            counts.precision()
        )?;
    }
    for &idx in &score.missed {
        let event = &truth.events[idx];
        writeln!(
            out,
            "missed: {} {:?} {} .. {}: {}",
            event.kind, event.mmsi, event.start, event.end, event.note
        )?;
    }
    for &idx in &score.false_alarms {
        let report = &reports[idx];
        writeln!(
            out,
            "false alarm: {} {:?} {} .. {}",
            report.kind, report.mmsi, report.start, report.end
        )?;
    }
    for &idx in &score.decoys_reported {
        let decoy = &truth.decoys[idx];
        writeln!(
            out,
            "decoy reported: {} {:?} {} .. {}: {}",
            decoy.kind, decoy.mmsi, decoy.start, decoy.end, decoy.note
        )?;
    }
    out.flush()?;
    Ok(Outcome::Found)
}
