//! Lists in the monitor: every configured list downloaded and imported on a
//! schedule, as `vigil lists update` does, then stored queries and vessels
//! re-screened against the lists in force (as `vigil ingest lists` does).
//!
//! A download or parse failure keeps the version in force and is logged with
//! the list, the URL and the reason; the other lists still update, and the
//! next refresh tries again. The same bytes twice make no new version.

use std::path::Path;
use std::time::Duration;

use anyhow::Context as _;
use vigil_store::Store;

use super::config::ListsConfig;
use crate::cmd::ais::listen::StopWhen;
use crate::cmd::lists::update::{builtin_urls, refresh_list};

/// Refreshes every list once; returns how many failed.
pub(crate) fn refresh_all(config: &ListsConfig, db: &Path) -> anyhow::Result<usize> {
    if config.sources.is_empty() {
        return Ok(0);
    }
    let timeout = Duration::from_secs(config.timeout_secs);
    let agent = ureq::AgentBuilder::new()
        .timeout_connect(timeout)
        .timeout_read(timeout)
        .timeout_write(timeout)
        .user_agent(concat!("vigil/", env!("CARGO_PKG_VERSION")))
        .build();
    let builtin = builtin_urls();
    let mut store = Store::open(db).with_context(|| format!("opening {}", db.display()))?;
    let mut failed = 0;
    for (name, source) in &config.sources {
        let urls = match (&source.urls, builtin.get(name)) {
            (Some(urls), _) => urls.clone(),
            (None, Some(urls)) => urls.clone(),
            (None, None) => continue, // refused by validation
        };
        if name == "opensanctions_default" {
            tracing::warn!(
                "list {name}: OpenSanctions data is licensed CC BY-NC 4.0: non-commercial use only"
            );
        }
        match refresh_list(&agent, &mut store, name, &urls, config.max_bytes) {
            Ok(lines) => {
                for (list_failed, line) in lines {
                    if list_failed {
                        failed += 1;
                        tracing::warn!("list {name}: {line}; the previous version stays in force");
                    } else {
                        tracing::info!("list {name}: {line}");
                    }
                }
            }
            Err(err) => {
                failed += 1;
                tracing::warn!("list {name}: {err:#}; the previous version stays in force");
            }
        }
    }
    drop(store);
    match crate::cmd::ingest::rescreen(db) {
        Ok(Some(report)) => tracing::info!(
            "re-screened against the lists in force: {} new findings, {} alerts raised, {} updated",
            report.inserted,
            report.alerts_created,
            report.alerts_updated
        ),
        Ok(None) => {}
        Err(err) => tracing::warn!("re-screening after the list refresh failed: {err:#}"),
    }
    Ok(failed)
}

/// Refreshes the lists every `refresh_secs` until `stop` (the first refresh
/// is done at start-up, before this runs).
pub(crate) fn run_lists(config: &ListsConfig, db: &Path, stop: &StopWhen) -> anyhow::Result<()> {
    let every = Duration::from_secs(config.refresh_secs);
    loop {
        super::sleep(every, stop);
        if stop.reached() {
            return Ok(());
        }
        refresh_all(config, db)?;
    }
}
