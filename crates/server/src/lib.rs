//! vigil's HTTP API: how do people and programs reach the store and the
//! screening index?
//!
//! # Principal types
//! - [`Config`]: tokens, whether reads need one, screening defaults, limits;
//!   read by the binary from `vigil.toml`'s `[server]` table.
//! - [`AppState`]: what every request shares: the screening index, built
//!   once at start-up from the store's entities in force, and the store
//!   (a pool of read-only connections and one writer).
//! - [`router`]: the routes (see [`ROUTES`] and `/openapi.json`).
//! - [`serve`]: runs a router on a listener until a shutdown signal.
//!
//! # Example
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let state = vigil_server::AppState::load("vigil.db".as_ref(), vigil_server::Config::default())?;
//! let app = vigil_server::router(std::sync::Arc::new(state));
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
//! vigil_server::serve(listener, app, std::future::pending()).await?;
//! # Ok(()) }
//! ```
//!
//! # Design
//! - **yente-compatible screening.** `POST /match/{dataset}` takes yente's
//!   request (`queries` of FtM entity examples) and answers in its shape
//!   (`responses` with `results`, `score`, `match`, `features` and
//!   `explanations`), so existing yente clients work unchanged. Matching is
//!   in memory ([`vigil_match::Index`]). When `vigil ingest lists` changes
//!   the versions in force while the server runs, the index is rebuilt in
//!   the background (checked at most every [`RELOAD_CHECK_INTERVAL`]) and
//!   swapped in whole; requests meanwhile use the previous one.
//! - **Reads never wait for writes.** SQLite in WAL mode lets the read
//!   connections proceed while the one writer commits a triage; each
//!   database call runs on tokio's blocking pool.
//! - **Writes are authenticated, atomic and audited.** `PATCH /alerts/{id}`
//!   needs a bearer token from the config; the token's name is recorded as
//!   the actor in the same transaction as the change.
//! - **Bad input is a 4xx, never a 5xx.** Bodies, page sizes, query values
//!   and identifiers are bounded and validated, every SQL statement binds
//!   its parameters, and a panic in a handler becomes a 500 for that request
//!   only (STYLE.md 14).
//!
//! - **The web UI ships in the binary.** `/` serves one page whose plain
//!   JavaScript and CSS (`ui/`, no build step, no external request, a
//!   strict Content-Security-Policy) route on the URL fragment and read the
//!   JSON routes above; maps are SVG drawn over Natural Earth land that
//!   `build.rs` bundles from the `world-atlas` npm package when it is
//!   installed (without it, maps have no coastline and say so).
//!
//! This crate holds no detection or scoring logic: it calls `vigil-match`
//! and `vigil-store`.
#![deny(missing_docs)]

mod error;
pub mod ftm;
mod handlers;
mod openapi;
mod ui;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;
use vigil_match::Index;
use vigil_store::Store;

pub use error::{ApiError, ApiResult};
pub use openapi::{openapi, ROUTES};
pub use ui::land_bundled;

/// The largest request body accepted, in bytes (yente match requests of a
/// few dozen entities fit in a few kilobytes).
pub const MAX_BODY_BYTES: usize = 256 * 1024;
/// The largest page of alerts or events.
pub const MAX_PAGE: u32 = 500;
/// The page size when none is asked for.
pub const DEFAULT_PAGE: u32 = 50;
/// Most positions in one track response.
pub const MAX_TRACK_POINTS: u32 = 50_000;
/// Most queries in one `/match` request.
pub const MAX_MATCH_QUERIES: usize = 100;
/// Most results per `/match` query or `/search` page.
pub const MAX_MATCH_LIMIT: usize = 100;

/// The server's configuration: the `[server]` table of `vigil.toml`.
///
/// ```toml
/// [server]
/// reads = "open"          # or "token": reads need a token too
/// threshold = 0.8         # /match: score at which `match` is true
/// [server.tokens]         # name = token; the name is the audit actor
/// alice = "a-long-random-secret"
/// ```
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Bearer tokens by the name recorded in the audit log. Without any,
    /// nothing can be written.
    pub tokens: BTreeMap<String, String>,
    /// `open` (the default) or `token`.
    pub reads: ReadAccess,
    /// The `/match` score at and above which a result is a `match`.
    pub threshold: f64,
    /// The lowest score `/match` returns by default (yente's `cutoff`).
    pub cutoff: f64,
}

/// Whether reads need a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum ReadAccess {
    /// Anyone who can reach the address may read.
    #[default]
    Open,
    /// Reads need a token too.
    Token,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            tokens: BTreeMap::new(),
            reads: ReadAccess::Open,
            threshold: vigil_match::DEFAULT_THRESHOLD,
            cutoff: 0.5,
        }
    }
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StartError {
    /// The store could not be opened or read.
    #[error(transparent)]
    Store(#[from] vigil_store::Error),
    /// The configuration is inconsistent. Remedy: fix `vigil.toml`.
    #[error("invalid server config: {0}")]
    Config(String),
}

/// How often, at most, the server checks whether the lists in force changed
/// (`vigil ingest lists` while serving) and rebuilds its screening index.
pub const RELOAD_CHECK_INTERVAL: Duration = Duration::from_secs(2);

/// The screening index and what is derived from it: one immutable snapshot,
/// replaced whole when the lists in force change.
pub(crate) struct Screening {
    pub(crate) index: Index,
    pub(crate) by_id: HashMap<String, usize>,
    /// Each entity's FtM JSON without its closing brace, so a match result is
    /// this text plus the score fields (built once; results are copied, not
    /// re-serialised).
    pub(crate) entity_prefix: Vec<Box<str>>,
    pub(crate) datasets: BTreeMap<String, usize>,
    /// The IDs of the list versions it was built from.
    versions: Vec<i64>,
}

impl Screening {
    fn build(store: &Store) -> Result<Screening, vigil_store::Error> {
        let versions = store.current_version_ids()?;
        let entities = store.current_entities()?;
        let mut datasets: BTreeMap<String, usize> = BTreeMap::new();
        for entity in &entities {
            *datasets.entry(entity.provenance.list.clone()).or_default() += 1;
        }
        let entity_prefix = entities
            .iter()
            .map(|entity| {
                let mut text = ftm::entity_json(entity, true).to_string();
                text.pop();
                text.into_boxed_str()
            })
            .collect();
        let by_id = entities.iter().enumerate().map(|(i, e)| (e.id.clone(), i)).collect();
        let index = Index::build(entities);
        tracing::info!(entities = index.len(), ?versions, "screening index built");
        Ok(Screening { index, by_id, entity_prefix, datasets, versions })
    }
}

/// What every request shares.
pub struct AppState {
    screening: RwLock<Arc<Screening>>,
    /// Milliseconds after `started` of the last check for new list versions.
    last_check_ms: AtomicU64,
    /// Set while a check or rebuild runs, so only one runs at a time.
    reloading: AtomicBool,
    started: Instant,
    db: PathBuf,
    readers: Mutex<Vec<Store>>,
    writer: Mutex<Store>,
    config: Config,
}

impl AppState {
    /// Opens the store (migrating it if needed) and builds the screening
    /// index from the entities in force.
    pub fn load(db: &Path, config: Config) -> Result<AppState, StartError> {
        if !(0.0..=1.0).contains(&config.threshold) || !(0.0..=1.0).contains(&config.cutoff) {
            return Err(StartError::Config("threshold and cutoff must be within 0..1".into()));
        }
        if let Some((name, _)) = config.tokens.iter().find(|(_, token)| token.len() < 16) {
            return Err(StartError::Config(format!(
                "the token of {name:?} is shorter than 16 characters"
            )));
        }
        let writer = Store::open(db)?;
        let screening = Screening::build(&writer)?;
        Ok(AppState {
            screening: RwLock::new(Arc::new(screening)),
            last_check_ms: AtomicU64::new(0),
            reloading: AtomicBool::new(false),
            started: Instant::now(),
            db: db.to_path_buf(),
            readers: Mutex::new(Vec::new()),
            writer: Mutex::new(writer),
            config,
        })
    }

    /// The number of entities in the screening index.
    pub fn entity_count(&self) -> usize {
        self.current_screening().index.len()
    }

    fn current_screening(&self) -> Arc<Screening> {
        Arc::clone(&self.screening.read().unwrap_or_else(|poisoned| poisoned.into_inner()))
    }

    /// The screening index to use for this request. At most every
    /// [`RELOAD_CHECK_INTERVAL`], starts a background check of the list
    /// versions in force, which rebuilds the index when they changed; this
    /// request and those during the rebuild use the previous index, so no
    /// request waits for a rebuild.
    pub(crate) fn screening(self: &Arc<Self>) -> Arc<Screening> {
        let now = u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX);
        let last = self.last_check_ms.load(Ordering::Relaxed);
        let interval = u64::try_from(RELOAD_CHECK_INTERVAL.as_millis()).unwrap_or(u64::MAX);
        if now.saturating_sub(last) >= interval
            && self
                .last_check_ms
                .compare_exchange(last, now, Ordering::Relaxed, Ordering::Relaxed)
                .is_ok()
            && !self.reloading.swap(true, Ordering::AcqRel)
        {
            let state = Arc::clone(self);
            std::thread::spawn(move || {
                if let Err(error) = state.reload_if_changed() {
                    tracing::warn!(%error, "could not check the lists in force");
                }
                state.reloading.store(false, Ordering::Release);
            });
        }
        self.current_screening()
    }

    /// Rebuilds the screening index if the list versions in force differ
    /// from those it was built from; returns whether it did.
    pub fn reload_if_changed(&self) -> Result<bool, vigil_store::Error> {
        let store = self.reader()?;
        let versions = store.current_version_ids();
        let outcome = match versions {
            Ok(versions) if versions != self.current_screening().versions => {
                Screening::build(&store).map(|screening| {
                    *self.screening.write().unwrap_or_else(|poisoned| poisoned.into_inner()) =
                        Arc::new(screening);
                    true
                })
            }
            Ok(_) => Ok(false),
            Err(error) => Err(error),
        };
        self.give_back(store);
        outcome
    }

    fn reader(&self) -> Result<Store, vigil_store::Error> {
        let pooled = self.readers.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).pop();
        match pooled {
            Some(store) => Ok(store),
            None => Store::open_read_only(&self.db),
        }
    }

    fn give_back(&self, store: Store) {
        let mut readers = self.readers.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if readers.len() < 16 {
            readers.push(store);
        }
    }
}

/// Every route of the API on one router.
pub fn router(state: Arc<AppState>) -> Router {
    use handlers::*;
    Router::new()
        .route("/healthz", get(healthz))
        .route("/openapi.json", get(openapi_json))
        .route("/match/{dataset}", post(match_entities))
        .route("/search/{dataset}", get(search))
        .route("/entities/{id}", get(entity))
        .route("/entities/{id}/history", get(ui::entity_history))
        .route("/alerts", get(alerts))
        .route("/alerts/{id}", get(alert).patch(triage))
        .route("/vessels/{mmsi}", get(vessel))
        .route("/vessels/{mmsi}/track.geojson", get(track))
        .route("/events", get(events))
        .route("/documents/{id}", get(document))
        .route("/", get(ui::index_html))
        .route("/ui/app.js", get(ui::app_js))
        .route("/ui/app.css", get(ui::app_css))
        .route("/ui/land.json", get(ui::land))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(state)
}

/// Serves `router` on `listener` until `shutdown` completes, then finishes
/// the requests in flight.
pub async fn serve(
    listener: tokio::net::TcpListener,
    router: Router,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router).with_graceful_shutdown(shutdown).await
}
