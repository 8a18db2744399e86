//! `vigil serve`: run the HTTP API (`vigil_server`) over a store.
//!
//! Glue only: read `--config` (the `[server]` table of `vigil.toml`), build
//! the shared state (the screening index from the store's entities in
//! force), bind, and serve the API and the web UI until Ctrl-C or SIGTERM. The address actually
//! bound is printed on stderr as `vigil: listening on http://ADDR`, so that
//! `--addr 127.0.0.1:0` can be used by scripts and tests.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use serde::Deserialize;

use crate::shared::{self, Outcome};

/// `vigil serve`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  vigil serve --db vigil.db
  vigil serve --db vigil.db --addr 127.0.0.1:8080 --config vigil.toml

vigil.toml:
  [server]
  reads = \"open\"        # or \"token\"
  threshold = 0.8       # /match: score at which `match` is true
  [server.tokens]       # name = token (16+ characters); writes need one
  alice = \"a-long-random-secret\"

The web UI is at http://ADDR/ (alerts queue with keyboard triage, vessels
on a map, documents, entities); enter a token there to triage.
Routes: see GET /openapi.json. The screening index is rebuilt in the
background within seconds when `vigil ingest lists` changes the lists in
force; no restart is needed.")]
pub struct ServeArgs {
    /// The store [default: $VIGIL_DB or vigil.db]
    #[arg(long, value_name = "PATH")]
    db: Option<PathBuf>,
    /// Address to listen on (port 0 picks a free port)
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Configuration file with a [server] table
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Worker threads [default: one per core]
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..=256))]
    threads: Option<u16>,
}

/// The parts of `vigil.toml` the server reads; other tables are for other
/// commands.
#[derive(Debug, Deserialize, Default)]
struct FileConfig {
    #[serde(default)]
    server: Option<vigil_server::Config>,
}

pub fn run(args: ServeArgs) -> anyhow::Result<Outcome> {
    let config = match &args.config {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("{}: cannot read", path.display()))?;
            let file: FileConfig = toml::from_str(&text)
                .with_context(|| format!("{}: invalid config", path.display()))?;
            file.server.unwrap_or_default()
        }
        None => vigil_server::Config::default(),
    };
    if config.tokens.is_empty() {
        eprintln!("vigil: no tokens configured: the API is read-only (see vigil serve --help)");
    }
    let db = args.db.unwrap_or_else(shared::default_db_path);
    if !db.exists() {
        anyhow::bail!(
            "no store at {} (run `vigil ingest lists FILE...` first, or pass --db)",
            db.display()
        );
    }
    let state = vigil_server::AppState::load(&db, config)
        .with_context(|| format!("starting the server on {}", db.display()))?;
    let mut runtime = tokio::runtime::Builder::new_multi_thread();
    if let Some(threads) = args.threads {
        runtime.worker_threads(usize::from(threads));
    }
    let runtime = runtime.enable_io().build().context("starting the async runtime")?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(args.addr)
            .await
            .with_context(|| format!("cannot listen on {}", args.addr))?;
        let bound = listener.local_addr()?;
        eprintln!("vigil: listening on http://{bound} ({} listed entities)", state.entity_count());
        let coastline = if vigil_server::land_bundled() {
            ""
        } else {
            " (maps without coastline: run `npm ci --prefix tools/geo` and rebuild)"
        };
        eprintln!("vigil: web UI at http://{bound}/{coastline}");
        let app = vigil_server::router(Arc::new(state));
        vigil_server::serve(listener, app, shutdown_signal()).await?;
        anyhow::Ok(())
    })?;
    Ok(Outcome::Found)
}

/// Completes on Ctrl-C or SIGTERM (whichever comes first sends on the
/// channel; no `select!`, so tokio's macros stay out of the build).
async fn shutdown_signal() {
    let (sender, mut receiver) = tokio::sync::mpsc::channel::<()>(2);
    let on_interrupt = sender.clone();
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            let _ = on_interrupt.send(()).await;
        }
    });
    #[cfg(unix)]
    tokio::spawn(async move {
        use tokio::signal::unix::{signal, SignalKind};
        if let Ok(mut terminate) = signal(SignalKind::terminate()) {
            terminate.recv().await;
            let _ = sender.send(()).await;
        }
    });
    receiver.recv().await;
}
