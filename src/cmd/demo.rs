//! `vigil demo`: the whole mechanism on built-in data, offline.
//!
//! It writes the built-in inputs into the output folder (the sample list,
//! a CSV of counterparties, a few sample reports, all in `data/demo/`),
//! simulates a week of AIS traffic in Korea Bay and the East Sea with planted
//! events done by listed vessels ([`vigil_sim::simulate_demo`]), and then runs
//! every stream into one store, `DIR/vigil.db`, exactly as a user would:
//!
//! 1. `vigil ingest lists` (the sample list);
//! 2. `vigil ingest screening` (the counterparties, screened against it);
//! 3. `vigil ais decode`, `vigil ais events` and `vigil scan`, side by side;
//! 4. `vigil ingest ais`, `ingest events` and `ingest docs`, raising alerts;
//! 5. the monthly report (`report.html`, `report.json`) when the report crate
//!    is built in.
//!
//! Each step runs as a child process of this same binary, with its standard
//! output in a file of `DIR` and its diagnostics in `DIR/logs/`: so the demo
//! exercises the commands themselves, not a parallel path through the
//! libraries, and each step's files can be inspected or re-run by hand.
//! Then it reads the store and prints what was found: alerts by stream and
//! kind, each planted event with the alert it raised and the list entry of
//! the vessel, and whether any decoy raised one ([`summary`]).

mod summary;

use std::ffi::OsString;
use std::io::{Read, Write};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Instant;

use anyhow::Context;

use crate::shared::Outcome;

/// The built-in sample list, FollowTheMoney JSON lines written by the project.
pub const SAMPLE_LIST: &str = include_str!("../../data/demo/sample_list.ftm.json");

/// The built-in inputs, written into the output folder: (path in it, bytes).
const INPUTS: &[(&str, &str)] = &[
    (LIST_PATH, SAMPLE_LIST),
    (COUNTERPARTIES_PATH, include_str!("../../data/demo/counterparties.csv")),
    (
        "reports/01-korea-bay-transfer.txt",
        include_str!("../../data/demo/reports/01-korea-bay-transfer.txt"),
    ),
    ("reports/02-nampo-dark.html", include_str!("../../data/demo/reports/02-nampo-dark.html")),
    (
        "reports/03-shared-identity.txt",
        include_str!("../../data/demo/reports/03-shared-identity.txt"),
    ),
    ("reports/04-komid-finance.txt", include_str!("../../data/demo/reports/04-komid-finance.txt")),
];

const LIST_PATH: &str = "lists/sample_list.ftm.json";
const COUNTERPARTIES_PATH: &str = "counterparties.csv";
const DB_NAME: &str = "vigil.db";

/// Seed of the demo's traffic: the same week on every machine.
const DEMO_SEED: u64 = 7;
/// Start of the demo's traffic: 2025-03-01T00:00:00Z (as `vigil ais simulate`).
const DEMO_START_MS: i64 = 1_740_787_200_000;

/// Arguments of `vigil demo`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  vigil demo
  vigil demo --out demo-out --serve
  vigil demo --json > summary.json

Writes into DIR: vigil.db (the store), report.html and report.json, the
inputs (lists/, counterparties.csv, reports/), the simulated traffic
(ais/ais.nmea, ais/truth.json, ais/scenario.txt), what each stream found
(screening and ingest lines, ais/events.jsonl, docs/findings.jsonl) and
logs/. A previous demo store in DIR is replaced. Nothing is read from the
network or from ../shared.

Exit codes: 0 every planted event raised its alert and no decoy did; 1 not;
2 error.")]
pub struct DemoArgs {
    /// Where to write the demo's outputs.
    #[arg(long, value_name = "DIR", default_value = "vigil-demo")]
    pub out: PathBuf,
    /// Then serve the UI and API on the demo store (until Ctrl-C).
    #[arg(long)]
    pub serve: bool,
    /// Address for --serve.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// Print the summary as one JSON object.
    #[arg(long)]
    pub json: bool,
    /// Hours of traffic (a shorter scenario, for tests).
    #[arg(long, default_value_t = 168.0, hide = true)]
    pub hours: f64,
    /// Vessels in the traffic.
    #[arg(long, default_value_t = 32, hide = true)]
    pub vessels: usize,
}

/// The files a demo run writes, under its output folder.
#[derive(Debug, Clone)]
pub(crate) struct Layout {
    pub dir: PathBuf,
}

impl Layout {
    fn path(&self, relative: &str) -> PathBuf {
        self.dir.join(relative)
    }
    pub fn db(&self) -> PathBuf {
        self.path(DB_NAME)
    }
    fn log(&self, step: &str) -> PathBuf {
        self.path(&format!("logs/{step}.log"))
    }
}

pub fn run(args: DemoArgs) -> anyhow::Result<Outcome> {
    if !args.hours.is_finite() {
        anyhow::bail!("--hours must be a number of hours");
    }
    let started = Instant::now();
    let layout = Layout { dir: args.out.clone() };
    prepare(&layout)?;
    let mut steps = Steps::new(layout.clone())?;

    steps.progress("simulating a week of AIS traffic in Korea Bay and the East Sea");
    let config = vigil_sim::Config {
        seed: DEMO_SEED,
        hours: args.hours,
        vessels: args.vessels,
        start_ms: DEMO_START_MS,
    };
    let traffic = vigil_sim::simulate_demo(config);
    write(&layout, "ais/ais.nmea", traffic.nmea.as_bytes())?;
    write(
        &layout,
        "ais/truth.json",
        (serde_json::to_string_pretty(&traffic.truth)? + "\n").as_bytes(),
    )?;
    write(&layout, "ais/scenario.txt", traffic.scenario_text.as_bytes())?;
    write(&layout, PORTS_PATH, foreign_ports_geojson().as_bytes())?;
    let n_messages = traffic.n_messages;
    let truth = traffic.truth;
    steps.done(&format!("{n_messages} AIS messages from {} vessels", truth.vessels.len()));

    // Steps run in the output folder, so paths in the store's evidence
    // (`ais/ais.nmea:123`) stay valid wherever the folder is moved.
    let db_arg = || -> Vec<OsString> { vec!["--db".into(), DB_NAME.into()] };
    steps.progress("importing the sample list into the store");
    steps.run_one(
        "ingest-lists",
        &["ingest", "lists", "--json"],
        db_arg(),
        &[LIST_PATH],
        Some("lists/ingest.jsonl"),
    )?;
    steps.progress("screening the counterparties against it");
    steps.run_one(
        "ingest-screening",
        &["ingest", "screening", "--json"],
        db_arg(),
        &[COUNTERPARTIES_PATH],
        Some("screening.jsonl"),
    )?;

    steps.progress("decoding AIS, detecting events, scanning the reports");
    steps.run_parallel(vec![
        StepSpec::new(
            "ais-decode",
            &["ais", "decode"],
            vec![],
            &["ais/ais.nmea"],
            "ais/decoded.jsonl",
        ),
        StepSpec::new(
            "ais-events",
            &["ais", "events"],
            [db_arg(), vec!["--ports".into(), PORTS_PATH.into()]].concat(),
            &["ais/ais.nmea"],
            "ais/events.jsonl",
        ),
        StepSpec::new("scan", &["scan"], db_arg(), &["reports"], "docs/findings.jsonl"),
    ])?;

    steps.progress("storing positions, events and documents, raising alerts");
    steps.run_one(
        "ingest-ais",
        &["ingest", "ais", "--json"],
        db_arg(),
        &["ais/decoded.jsonl"],
        Some("ais/ingest.jsonl"),
    )?;
    // The positions are in the store now; the decoded copy is large.
    let _ = std::fs::remove_file(layout.path("ais/decoded.jsonl"));
    steps.run_one(
        "ingest-events",
        &["ingest", "events", "--json"],
        db_arg(),
        &["ais/events.jsonl"],
        Some("ais/events-ingest.jsonl"),
    )?;
    steps.run_one(
        "ingest-docs",
        &["ingest", "docs", "--json"],
        db_arg(),
        &["docs/findings.jsonl"],
        Some("docs/ingest.jsonl"),
    )?;

    steps.progress("writing the report");
    let report = summary::write_report(&mut steps, &truth)?;

    let summary = summary::Summary::read(&layout, &truth, report, started.elapsed())?;
    let mut out = crate::shared::stdout();
    if args.json {
        crate::shared::write_json_line(&mut out, &summary)?;
    } else {
        summary.print(&mut out, &layout, args.serve.then_some(args.addr))?;
    }
    out.flush()?;
    let outcome = if summary.all_found() { Outcome::Found } else { Outcome::NotFound };
    if args.serve {
        serve(&layout, args.addr)?;
    }
    Ok(outcome)
}

/// Creates the folders, removes a previous demo store, and writes the
/// built-in inputs.
fn prepare(layout: &Layout) -> anyhow::Result<()> {
    for sub in ["", "lists", "reports", "ais", "docs", "logs"] {
        let dir = layout.path(sub);
        std::fs::create_dir_all(&dir)
            .with_context(|| format!("{}: cannot create the folder", dir.display()))?;
    }
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let path = layout.path(&format!("{DB_NAME}{suffix}"));
        match std::fs::remove_file(&path) {
            Ok(()) => {}
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
            Err(err) => {
                return Err(err).with_context(|| {
                    format!("{}: cannot replace the old demo store", path.display())
                })
            }
        }
    }
    for (relative, text) in INPUTS {
        write(layout, relative, text.as_bytes())?;
    }
    Ok(())
}

/// The simulated ports outside the DPRK (those are built in), as GeoJSON
/// points: harbours the detectors should know, so that ships waiting off
/// Dalian or Busan are not taken for encounters or, without land polygons,
/// for loitering far from shore.
const PORTS_PATH: &str = "ais/ports.geojson";

fn foreign_ports_geojson() -> String {
    let features: Vec<serde_json::Value> = vigil_sim::sea::PORTS
        .iter()
        .filter(|port| !port.watched)
        .map(|port| {
            serde_json::json!({
                "type": "Feature",
                "properties": {"name": port.name, "iso2": port.country, "watched": false},
                "geometry": {"type": "Point", "coordinates": [port.reference.lon, port.reference.lat]},
            })
        })
        .collect();
    serde_json::json!({"type": "FeatureCollection", "features": features}).to_string() + "\n"
}

fn write(layout: &Layout, relative: &str, bytes: &[u8]) -> anyhow::Result<()> {
    let path = layout.path(relative);
    std::fs::write(&path, bytes).with_context(|| format!("{}: cannot write", path.display()))
}

/// One step: a `vigil` command run as a child process.
struct StepSpec {
    name: &'static str,
    argv: Vec<OsString>,
    stdout: PathBuf,
}

impl StepSpec {
    fn new(
        name: &'static str,
        command: &[&str],
        options: Vec<OsString>,
        inputs: &[&str],
        stdout: &str,
    ) -> StepSpec {
        let mut argv: Vec<OsString> = command.iter().map(OsString::from).collect();
        argv.extend(options);
        argv.extend(inputs.iter().map(OsString::from));
        StepSpec { name, argv, stdout: PathBuf::from(stdout) }
    }

    /// The subcommand, for progress messages (`ingest ais`).
    fn command(&self) -> String {
        let words = self.argv.iter().map(|a| a.to_string_lossy());
        // Subcommands are lower-case words; inputs have a dot or a slash.
        let is_word = |w: &std::borrow::Cow<'_, str>| w.bytes().all(|b| b.is_ascii_lowercase());
        words.take_while(is_word).collect::<Vec<_>>().join(" ")
    }
}

/// Runs the steps and reports progress on standard error.
struct Steps {
    layout: Layout,
    exe: PathBuf,
    number: usize,
    since: Instant,
}

impl Steps {
    fn new(layout: Layout) -> anyhow::Result<Steps> {
        let exe = std::env::current_exe().context("cannot find the vigil binary itself")?;
        Ok(Steps { layout, exe, number: 0, since: Instant::now() })
    }

    fn progress(&mut self, what: &str) {
        self.number += 1;
        self.since = Instant::now();
        eprintln!("vigil demo: [{}] {what}", self.number);
    }

    fn done(&self, what: &str) {
        eprintln!("vigil demo:     {what} ({:.1} s)", self.since.elapsed().as_secs_f64());
    }

    fn run_one(
        &mut self,
        name: &'static str,
        command: &[&str],
        options: Vec<OsString>,
        inputs: &[&str],
        stdout: Option<&str>,
    ) -> anyhow::Result<()> {
        let spec = StepSpec::new(
            name,
            command,
            options,
            inputs,
            stdout.unwrap_or(&format!("logs/{name}.out")),
        );
        self.run_parallel(vec![spec])
    }

    /// Starts every step, then waits for all; the first failure is the error.
    fn run_parallel(&mut self, specs: Vec<StepSpec>) -> anyhow::Result<()> {
        let mut children: Vec<(StepSpec, Child)> = Vec::new();
        for spec in specs {
            let child = self.spawn(&spec)?;
            children.push((spec, child));
        }
        let names: Vec<String> =
            children.iter().map(|(spec, _)| format!("vigil {}", spec.command())).collect();
        let mut failure = None;
        for (spec, mut child) in children {
            let status = child.wait().with_context(|| format!("waiting for {}", spec.name))?;
            // 1 is "nothing found" (no event, no mention): not a failure.
            if !matches!(status.code(), Some(0 | 1)) && failure.is_none() {
                failure = Some(self.failure(&spec, status));
            }
        }
        if let Some(error) = failure {
            return Err(error);
        }
        self.done(&format!("{} done", names.join(", ")));
        self.since = Instant::now();
        Ok(())
    }

    fn spawn(&self, spec: &StepSpec) -> anyhow::Result<Child> {
        let stdout_path = self.layout.path(&spec.stdout.to_string_lossy());
        let stdout = std::fs::File::create(&stdout_path)
            .with_context(|| format!("{}: cannot create", stdout_path.display()))?;
        let log_path = self.layout.log(spec.name);
        let log = std::fs::File::create(&log_path)
            .with_context(|| format!("{}: cannot create", log_path.display()))?;
        Command::new(&self.exe)
            .args(&spec.argv)
            .current_dir(&self.layout.dir)
            .stdin(Stdio::null())
            .stdout(stdout)
            .stderr(log)
            .spawn()
            .with_context(|| format!("cannot start `vigil {}`", shown(&spec.argv)))
    }

    fn failure(&self, spec: &StepSpec, status: std::process::ExitStatus) -> anyhow::Error {
        let log_path = self.layout.log(spec.name);
        let mut log = String::new();
        if let Ok(file) = std::fs::File::open(&log_path) {
            let _ = file.take(64 * 1024).read_to_string(&mut log);
        }
        let tail: Vec<&str> = log.lines().rev().take(5).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        anyhow::anyhow!(
            "step `vigil {}` failed ({status}); its log is {}:\n{}",
            shown(&spec.argv),
            log_path.display(),
            tail.join("\n")
        )
    }
}

fn shown(argv: &[OsString]) -> String {
    argv.iter().map(|a| a.to_string_lossy()).collect::<Vec<_>>().join(" ")
}

/// `vigil serve --db DIR/vigil.db --addr ADDR`, in this process.
fn serve(layout: &Layout, addr: SocketAddr) -> anyhow::Result<()> {
    use clap::{Args as _, FromArgMatches as _};
    let argv: Vec<OsString> = vec![
        "serve".into(),
        "--db".into(),
        layout.db().into(),
        "--addr".into(),
        addr.to_string().into(),
    ];
    let matches = crate::cmd::serve::ServeArgs::augment_args(clap::Command::new("serve"))
        .try_get_matches_from(argv)?;
    let args = crate::cmd::serve::ServeArgs::from_arg_matches(&matches)?;
    crate::cmd::serve::run(args).map(|_| ())
}
