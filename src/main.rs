//! The `vigil` command: wires the library crates together, with progress,
//! logging and output formats. It holds no logic a library should.
//!
//! Exit codes (documented in `vigil --help`):
//! - 0: success, and for `screen`/`compare --pairs`, at least one hit;
//! - 1: success with no hit;
//! - 2: an error (bad usage, unreadable input, failed import).

mod cmd;
mod shared;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// vigil: open sanctions monitoring from one binary.
#[derive(Debug, Parser)]
#[command(name = "vigil", version, about, long_about = None, after_help = EXIT_CODES)]
struct Cli {
    /// Log more (-v info, -vv debug, -vvv trace); RUST_LOG overrides.
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    verbose: u8,
    #[command(subcommand)]
    command: Command,
}

const EXIT_CODES: &str =
    "Exit codes: 0 success (a hit, for screen and compare), 1 no hit, 2 error.";

#[derive(Debug, Subcommand)]
enum Command {
    /// Import, diff and update sanctions lists.
    #[command(subcommand)]
    Lists(cmd::lists::ListsCommand),
    /// Screen names, companies and vessels against the lists.
    Screen(cmd::screen::ScreenArgs),
    /// Score two names, or a CSV of pairs.
    Compare(cmd::compare::CompareArgs),
    /// Run the whole mechanism on built-in data.
    Demo(cmd::demo::DemoArgs),
    /// Decode AIS (NMEA sentences) to JSON lines.
    #[command(subcommand)]
    Ais(cmd::ais::AisCommand),
    /// Fill the monitoring store: lists, AIS, events, documents, screening.
    #[command(subcommand)]
    Ingest(cmd::ingest::IngestCommand),
    /// Serve the HTTP API (yente-compatible screening, alerts, vessels).
    Serve(cmd::serve::ServeArgs),
    /// Read articles, pages and feeds: listed entities named, indicators raised.
    Scan(cmd::scan::ScanArgs),
    /// Write the period report: one offline HTML page with maps, and JSON.
    Report(cmd::report::ReportArgs),
    /// Run the service: lists refreshed, AIS and document feeds consumed,
    /// alerts raised, the UI and API served.
    Monitor(cmd::monitor::MonitorArgs),
    /// Run a Ballista scheduler or executor that knows vigil's AIS operators
    /// (built with --features cluster).
    #[cfg(feature = "cluster")]
    #[command(subcommand)]
    Cluster(cmd::cluster::ClusterCommand),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    shared::init_logging(cli.verbose);
    let result = match cli.command {
        Command::Lists(command) => cmd::lists::run(command),
        Command::Screen(args) => cmd::screen::run(args),
        Command::Compare(args) => cmd::compare::run(args),
        Command::Demo(args) => cmd::demo::run(args),
        Command::Ais(command) => cmd::ais::run(command),
        Command::Ingest(command) => cmd::ingest::run(command),
        Command::Serve(args) => cmd::serve::run(args),
        Command::Scan(args) => cmd::scan::run(args),
        Command::Report(args) => cmd::report::run(args),
        Command::Monitor(args) => cmd::monitor::run(args),
        #[cfg(feature = "cluster")]
        Command::Cluster(command) => cmd::cluster::run(command),
    };
    match result {
        Ok(outcome) => outcome.exit_code(),
        Err(err) => {
            if shared::is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            eprintln!("vigil: error: {err:#}");
            ExitCode::from(2)
        }
    }
}
