//! `vigil cluster scheduler` and `vigil cluster executor`: a Ballista
//! cluster that knows vigil's operators (`vigil_cluster::plan`). Jobs come
//! from `vigil ais events --parquet DIR --cluster df://HOST:PORT`.

use std::net::SocketAddr;
use std::path::PathBuf;

use crate::shared::Outcome;

/// Subcommands of `vigil cluster`.
#[derive(Debug, clap::Subcommand)]
pub enum ClusterCommand {
    /// Run a scheduler: it plans jobs and hands tasks to executors. Its state
    /// is in memory, so jobs running when it stops must be resubmitted; so
    /// must jobs running when it loses an executor (it cancels them).
    Scheduler(SchedulerArgs),
    /// Run an executor: it runs tasks and serves their shuffle output
    /// (Arrow Flight on --bind's port, gRPC on the next port).
    Executor(ExecutorArgs),
}

/// Arguments of `vigil cluster scheduler`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Example:
  vigil cluster scheduler --bind 127.0.0.1:50050")]
pub struct SchedulerArgs {
    /// Address to listen on.
    #[arg(long, value_name = "HOST:PORT", default_value = "127.0.0.1:50050")]
    pub bind: SocketAddr,
    /// Seconds without a heartbeat after which an executor is taken as dead
    /// (executors beat every 2 s). The jobs running then are cancelled: their
    /// clients fail, write no events and say to resubmit, since Ballista's
    /// rerun of a lost executor's work can count rows twice.
    #[arg(long, value_name = "S", default_value_t = 20)]
    pub executor_timeout_s: u64,
}

/// Arguments of `vigil cluster executor`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Example:
  vigil cluster executor --scheduler 127.0.0.1:50050 --bind 127.0.0.1:50051

The Parquet directory a job names must be readable at the same path on every
executor (a shared disk), since each executor reads its own files.")]
pub struct ExecutorArgs {
    /// The scheduler's address.
    #[arg(long, value_name = "HOST:PORT")]
    pub scheduler: SocketAddr,
    /// Address for Arrow Flight (the gRPC port is the next one).
    #[arg(long, value_name = "HOST:PORT", default_value = "127.0.0.1:50051")]
    pub bind: SocketAddr,
    /// Concurrent tasks (default: the number of cores).
    #[arg(long, value_name = "N")]
    pub slots: Option<usize>,
    /// Directory for shuffle files (default: a temporary directory).
    #[arg(long, value_name = "DIR")]
    pub work_dir: Option<PathBuf>,
}

/// Runs a subcommand of `vigil cluster` until the process is stopped.
pub fn run(command: ClusterCommand) -> anyhow::Result<Outcome> {
    let runtime = tokio::runtime::Runtime::new()?;
    match command {
        ClusterCommand::Scheduler(args) => {
            eprintln!(
                "vigil cluster scheduler on {} ({})",
                args.bind,
                vigil_cluster::plan::PLAN_VERSION
            );
            runtime.block_on(vigil_cluster::run::serve_scheduler(
                args.bind,
                args.executor_timeout_s,
            ))?;
        }
        ClusterCommand::Executor(args) => {
            let slots = args
                .slots
                .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
            let temp;
            let work_dir = match &args.work_dir {
                Some(dir) => dir.clone(),
                None => {
                    temp = tempfile::tempdir()?;
                    temp.path().to_owned()
                }
            };
            eprintln!("vigil cluster executor on {} for {}", args.bind, args.scheduler);
            runtime.block_on(vigil_cluster::run::serve_executor(
                args.scheduler,
                args.bind,
                slots,
                &work_dir,
            ))?;
        }
    }
    Ok(Outcome::Found)
}
