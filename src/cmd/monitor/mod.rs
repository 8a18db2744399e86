//! `vigil monitor --config vigil.toml`: the service. One process keeps the
//! lists fresh, consumes AIS feeds and dropped AIS files, polls document
//! feeds and reads dropped documents, raises alerts as findings arrive, and
//! serves the UI and API (`vigil_server`) over the same store.
//!
//! Threads: one per AIS feed ([`ais::run_feed`]), one for the AIS folder,
//! one for documents ([`docs::run_docs`]), one for the list schedule
//! ([`lists::run_lists`]), and the server's runtime on the main thread.
//! Each thread has its own store connection; SQLite (WAL, busy timeout)
//! serialises their short write transactions.
//!
//! Stopping: SIGINT or SIGTERM sets one flag ([`signals`]); every loop checks
//! it between lines or polls, commits what it holds and returns, and the
//! server stops accepting and finishes its requests. Restarting resumes:
//! feeds from their journals ([`journal`]), files and documents from the
//! store's record of what it committed. See `vigil.example.toml`.

mod ais;
mod config;
mod docs;
mod journal;
mod lists;
pub(crate) mod signals;

use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use anyhow::Context as _;

use crate::cmd::ais::listen::StopWhen;
use crate::shared::Outcome;
use config::MonitorConfig;

/// One part of the monitor, run on its own thread.
type Work = Box<dyn FnOnce(&MonitorConfig, &StopWhen) -> anyhow::Result<()> + Send>;

/// `vigil monitor`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  vigil monitor --config vigil.toml
  vigil monitor --config vigil.toml --check

Runs until SIGINT (Ctrl-C) or SIGTERM, then commits what it holds and exits 0;
a second signal exits at once (nothing committed is lost; the feeds' journals
are replayed at the next start). A restart resumes where it stopped. Every key
of the configuration is documented in vigil.example.toml; unknown keys are
errors. Logs go to stderr (-v for more); the bound address is logged as
`vigil: listening on http://ADDR`.")]
pub struct MonitorArgs {
    /// The configuration (TOML)
    #[arg(long, value_name = "FILE")]
    config: PathBuf,
    /// Check the configuration and exit
    #[arg(long)]
    check: bool,
}

/// Runs `vigil monitor`.
pub fn run(args: MonitorArgs) -> anyhow::Result<Outcome> {
    let config = MonitorConfig::load(&args.config)?;
    if args.check {
        eprintln!("vigil: {}: valid", args.config.display());
        return Ok(Outcome::Found);
    }
    let stop_flag = signals::stop_on_signals()?;
    let stop = StopWhen { deadline: None, flag: Arc::clone(&stop_flag) };
    let state_dir = config.state_dir();
    std::fs::create_dir_all(&state_dir)
        .with_context(|| format!("{}: cannot create the state folder", state_dir.display()))?;
    for folder in [&config.ais.folder, &config.docs.folder].into_iter().flatten() {
        std::fs::create_dir_all(folder.join("done"))
            .with_context(|| format!("{}: cannot create", folder.display()))?;
    }
    // Creates or migrates the store before anyone else opens it.
    drop(
        vigil_store::Store::open(&config.db)
            .with_context(|| format!("opening {}", config.db.display()))?,
    );
    eprintln!("vigil: monitoring into {} (state in {})", config.db.display(), state_dir.display());
    // Lists first, so feeds link vessels and documents against them.
    let failed = lists::refresh_all(&config.lists, &config.db)?;
    if failed > 0 {
        eprintln!("vigil: {failed} list(s) not refreshed (see the log); their previous versions stay in force");
    }
    let config = Arc::new(config);
    let mut workers: Vec<(String, JoinHandle<anyhow::Result<()>>)> = Vec::new();
    let mut spawn = |name: String, work: Work| {
        let config = Arc::clone(&config);
        let stop = stop.clone();
        let thread_name = name.clone();
        let handle = std::thread::Builder::new().name(thread_name).spawn(move || {
            let result = work(&config, &stop);
            if result.is_err() {
                // A worker that cannot go on stops the service: a monitor
                // silently missing a stream is worse than one that exits.
                stop.flag.store(true, Ordering::SeqCst);
            }
            result
        });
        handle.map(|h| workers.push((name, h)))
    };
    if !config.lists.sources.is_empty() {
        spawn("lists".into(), Box::new(|c, s| lists::run_lists(&c.lists, &c.db, s)))?;
    }
    for i in 0..config.ais.feeds.len() {
        let name = format!("ais feed {}", config.ais.feeds[i].name);
        spawn(
            name,
            Box::new(move |c, s| ais::run_feed(&c.ais.feeds[i], &c.ais, &c.db, &c.state_dir(), s)),
        )?;
    }
    if config.ais.folder.is_some() {
        spawn(
            "ais folder".into(),
            Box::new(|c, s| match &c.ais.folder {
                Some(folder) => ais::run_folder(folder, &c.ais, &c.db, s),
                None => Ok(()),
            }),
        )?;
    }
    if !config.docs.feeds.is_empty() || config.docs.folder.is_some() {
        spawn("docs".into(), Box::new(|c, s| docs::run_docs(&c.docs, &c.db, &c.state_dir(), s)))?;
    }
    let served = if config.http.enabled {
        serve(&config, &stop)
    } else {
        wait_for(&stop);
        Ok(())
    };
    // However the server ended, the workers stop too.
    stop_flag.store(true, Ordering::SeqCst);
    let mut failures = 0;
    for (name, handle) in workers {
        match handle.join() {
            Ok(Ok(())) => {}
            Ok(Err(err)) => {
                failures += 1;
                eprintln!("vigil: {name}: {err:#}");
            }
            Err(_) => {
                failures += 1;
                eprintln!("vigil: {name}: panicked");
            }
        }
    }
    served?;
    if failures > 0 {
        anyhow::bail!("{failures} part(s) of the monitor failed (see above)");
    }
    eprintln!("vigil: monitor stopped; everything received is committed");
    Ok(Outcome::Found)
}

fn wait_for(stop: &StopWhen) {
    while !stop.reached() {
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// Serves the UI and API until `stop`.
fn serve(config: &MonitorConfig, stop: &StopWhen) -> anyhow::Result<()> {
    let addr: std::net::SocketAddr =
        config.http.addr.parse().context("http.addr is not an address")?;
    let state = vigil_server::AppState::load(&config.db, config.server.clone())
        .with_context(|| format!("starting the server on {}", config.db.display()))?;
    if config.server.tokens.is_empty() {
        eprintln!("vigil: no [server.tokens]: the API is read-only");
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_io()
        .build()
        .context("starting the async runtime")?;
    let (stopped, on_stop) = tokio::sync::oneshot::channel::<()>();
    let watcher_stop = stop.clone();
    std::thread::spawn(move || {
        wait_for(&watcher_stop);
        let _ = stopped.send(());
    });
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .with_context(|| format!("cannot listen on {addr}"))?;
        let bound = listener.local_addr()?;
        eprintln!("vigil: listening on http://{bound} ({} listed entities)", state.entity_count());
        let app = vigil_server::router(Arc::new(state));
        vigil_server::serve(listener, app, async move {
            let _ = on_stop.await;
        })
        .await?;
        anyhow::Ok(())
    })
}

/// How long a dropped file must be left alone before it is taken (a file
/// still being written is left for the next look; writers that rename a
/// finished file into the folder need no wait).
const SETTLE: Duration = Duration::from_secs(2);
/// Files taken per look at a folder.
const MAX_FILES_PER_LOOK: usize = 10_000;

/// The files of a drop folder ready to take, in name order: regular files,
/// not hidden, unchanged for [`SETTLE`].
pub(crate) fn ready_files(folder: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let entries =
        std::fs::read_dir(folder).with_context(|| format!("{}: cannot list", folder.display()))?;
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let Ok(meta) = entry.metadata() else { continue };
        let settled =
            meta.modified().ok().and_then(|m| m.elapsed().ok()).is_some_and(|age| age >= SETTLE);
        if meta.is_file() && settled {
            files.push(entry.path());
        }
    }
    files.sort();
    files.truncate(MAX_FILES_PER_LOOK);
    Ok(files)
}

/// Moves a processed file to `done/`.
pub(crate) fn move_done(folder: &Path, path: &Path) {
    move_aside(folder, path, "done");
}

/// Moves a file to a subfolder (`done`, `failed`), keeping its name unique.
pub(crate) fn move_aside(folder: &Path, path: &Path, sub: &str) {
    let dir = folder.join(sub);
    let Some(name) = path.file_name() else { return };
    let mut target = dir.join(name);
    let mut n = 1;
    while target.exists() && n < 1000 {
        target = dir.join(format!("{}.{n}", name.to_string_lossy()));
        n += 1;
    }
    let moved = std::fs::create_dir_all(&dir).and_then(|()| std::fs::rename(path, &target));
    if let Err(err) = moved {
        tracing::warn!("{}: cannot move to {}: {err}", path.display(), dir.display());
    }
}

/// Sleeps `wait` in short steps, returning early at a stop.
pub(crate) fn sleep(wait: Duration, stop: &StopWhen) {
    let end = std::time::Instant::now() + wait;
    while !stop.reached() {
        let left = end.saturating_duration_since(std::time::Instant::now());
        if left.is_zero() {
            return;
        }
        std::thread::sleep(left.min(Duration::from_millis(200)));
    }
}
