//! Documents in the monitor: RSS and Atom feeds polled, and articles dropped
//! into a folder, scanned as `vigil scan` does and stored as `vigil ingest
//! docs` does (mentions of listed entities and indicators raise alerts).
//!
//! A feed entry is known by its link (or, without one, by a hash of its
//! title, date and text). Entries already stored are remembered in
//! `STATE/docs/NAME.seen`, written after the commit; a crash between the two
//! only makes the next poll scan them again, and the store keeps one row per
//! scan line (`documents.doc_sha256`), so nothing is stored twice. An entry
//! whose article cannot be fetched is left for the next poll.

use std::collections::{HashSet, VecDeque};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use sha2::Digest as _;
use vigil_store::{LineRecord, SourceKind, Store};
use vigil_text::{Extracted, Format, Scanner};

use super::config::{DocFeedConfig, DocsConfig};
use crate::cmd::ais::listen::StopWhen;
use crate::cmd::ingest::parse_document;
use crate::cmd::scan::{fetch, scan_to_json};

/// Entries remembered per feed; older ones are forgotten (a feed that
/// brings one back after that many newer ones is scanned again, and the
/// store still keeps one row per identical document).
const MAX_SEEN: usize = 100_000;
/// The largest dropped file read.
const MAX_FILE_BYTES: u64 = vigil_text::MAX_MARKUP_BYTES as u64;

/// The scanner over the lists in force, rebuilt when they change.
struct Lists {
    versions: Vec<i64>,
    scanner: Scanner,
}

impl Lists {
    fn load(db: &Path, threshold: f64) -> anyhow::Result<Lists> {
        let store = Store::open(db)?;
        let versions = current_versions(&store)?;
        let entities = store.current_entities()?;
        tracing::info!("docs: scanning for {} listed entities", entities.len());
        Ok(Lists { versions, scanner: Scanner::new(entities).with_threshold(threshold) })
    }

    fn refresh(&mut self, db: &Path, threshold: f64) -> anyhow::Result<()> {
        let store = Store::open(db)?;
        if current_versions(&store)? != self.versions {
            *self = Lists::load(db, threshold)?;
        }
        Ok(())
    }
}

fn current_versions(store: &Store) -> anyhow::Result<Vec<i64>> {
    Ok(store.current_versions()?.iter().map(|v| v.id).collect())
}

/// What a feed has already given.
struct Seen {
    path: PathBuf,
    keys: HashSet<String>,
    order: VecDeque<String>,
}

impl Seen {
    fn load(path: PathBuf) -> anyhow::Result<Seen> {
        let mut seen = Seen { path, keys: HashSet::new(), order: VecDeque::new() };
        match std::fs::read_to_string(&seen.path) {
            Ok(text) => text.lines().filter(|l| !l.is_empty()).for_each(|l| seen.remember(l)),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
            Err(err) => return Err(err).with_context(|| format!("{}", seen.path.display())),
        }
        Ok(seen)
    }

    fn remember(&mut self, key: &str) {
        if self.keys.insert(key.to_string()) {
            self.order.push_back(key.to_string());
        }
        while self.order.len() > MAX_SEEN {
            if let Some(old) = self.order.pop_front() {
                self.keys.remove(&old);
            }
        }
    }

    /// Remembers `keys` and writes the file (rewritten whole when it has
    /// grown well past what is kept).
    fn add(&mut self, keys: &[String]) -> anyhow::Result<()> {
        keys.iter().for_each(|k| self.remember(k));
        let rewrite = std::fs::metadata(&self.path).is_ok_and(|m| m.len() > 64 * 1024 * 1024);
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(!rewrite)
            .write(true)
            .truncate(rewrite)
            .open(&self.path)
            .with_context(|| format!("{}: cannot write", self.path.display()))?;
        let lines: Vec<&String> =
            if rewrite { self.order.iter().collect() } else { keys.iter().collect() };
        let mut text = String::new();
        for key in lines {
            text.push_str(key);
            text.push('\n');
        }
        file.write_all(text.as_bytes())?;
        file.sync_data()?;
        Ok(())
    }
}

/// Polls the feeds and the folder until `stop`.
pub(crate) fn run_docs(
    config: &DocsConfig,
    db: &Path,
    state_dir: &Path,
    stop: &StopWhen,
) -> anyhow::Result<()> {
    let dir = state_dir.join("docs");
    std::fs::create_dir_all(&dir).with_context(|| format!("{}: cannot create", dir.display()))?;
    let agent = ureq::AgentBuilder::new()
        .timeout_connect(Duration::from_secs(config.timeout_secs))
        .timeout_read(Duration::from_secs(config.timeout_secs))
        .user_agent(concat!("vigil/", env!("CARGO_PKG_VERSION")))
        .build();
    let mut lists = Lists::load(db, config.threshold)?;
    let mut seen = Vec::new();
    for feed in &config.feeds {
        seen.push(Seen::load(dir.join(format!("{}.seen", feed.name)))?);
    }
    let mut store = Store::open(db)?;
    let feed_every = Duration::from_secs(config.poll_secs);
    let folder_every = Duration::from_secs(config.folder_poll_secs);
    let mut next_feeds = Instant::now();
    let mut next_folder = Instant::now();
    while !stop.reached() {
        if Instant::now() >= next_feeds && !config.feeds.is_empty() {
            lists.refresh(db, config.threshold)?;
            for (feed, seen) in config.feeds.iter().zip(&mut seen) {
                if stop.reached() {
                    break;
                }
                if let Err(err) = poll_feed(&agent, &mut store, &lists.scanner, feed, config, seen)
                {
                    tracing::warn!(
                        "docs feed {} ({}): {err:#}; trying again in {} s",
                        feed.name,
                        feed.url,
                        config.poll_secs
                    );
                }
            }
            next_feeds = Instant::now() + feed_every;
        }
        if let Some(folder) = &config.folder {
            if Instant::now() >= next_folder {
                lists.refresh(db, config.threshold)?;
                for path in super::ready_files(folder)? {
                    if stop.reached() {
                        break;
                    }
                    match ingest_file(&mut store, &lists.scanner, &path) {
                        Ok(()) => super::move_done(folder, &path),
                        Err(err) => {
                            tracing::warn!("{}: {err:#}; moved to failed/", path.display());
                            super::move_aside(folder, &path, "failed");
                        }
                    }
                }
                next_folder = Instant::now() + folder_every;
            }
        }
        let next = if config.folder.is_some() { next_feeds.min(next_folder) } else { next_feeds };
        super::sleep(next.saturating_duration_since(Instant::now()), stop);
    }
    Ok(())
}

/// One poll of one feed: new entries scanned and stored.
fn poll_feed(
    agent: &ureq::Agent,
    store: &mut Store,
    scanner: &Scanner,
    feed: &DocFeedConfig,
    config: &DocsConfig,
    seen: &mut Seen,
) -> anyhow::Result<()> {
    let (bytes, content_type) = fetch(agent, &feed.url)?;
    let extraction = vigil_text::extract(&bytes, Format::Feed, content_type.as_deref())?;
    for err in &extraction.errors {
        tracing::warn!("docs feed {}: entry {} skipped: {}", feed.name, err.entry, err.message);
    }
    let mut session = scanner.session();
    let mut keys = Vec::new();
    let mut lines = Vec::new();
    for entry in extraction.documents {
        let key = entry_key(&feed.url, &entry);
        if seen.keys.contains(&key) || keys.contains(&key) {
            continue;
        }
        let link =
            entry.link.clone().filter(|l| l.starts_with("http://") || l.starts_with("https://"));
        let doc = match link.filter(|_| config.fetch_articles) {
            Some(link) => match article(agent, &link, &entry) {
                Ok(doc) => doc,
                Err(err) => {
                    tracing::warn!(
                        "docs feed {}: {link}: {err:#}; trying at the next poll",
                        feed.name
                    );
                    continue;
                }
            },
            None => entry,
        };
        lines.push(scan_to_json(scanner, &mut session, &key, doc)?);
        keys.push(key);
    }
    if lines.is_empty() {
        return Ok(());
    }
    let stored = store_lines(store, &format!("feed:{}", feed.name), &lines)?;
    seen.add(&keys)?;
    tracing::info!("docs feed {}: {} new documents ({stored})", feed.name, lines.len());
    Ok(())
}

/// An entry's lasting name: its link, or a hash of what it says.
fn entry_key(feed_url: &str, entry: &Extracted) -> String {
    if let Some(link) = entry.link.as_deref().filter(|l| !l.is_empty()) {
        return link.to_string();
    }
    let mut hasher = sha2::Sha256::new();
    for part in [entry.title.as_deref(), entry.date.as_deref(), Some(entry.text.as_str())] {
        hasher.update(part.unwrap_or("").as_bytes());
        hasher.update([0x1f]);
    }
    let digest: String = hasher.finalize().iter().take(12).map(|b| format!("{b:02x}")).collect();
    format!("{feed_url}#{digest}")
}

/// The article an entry links to, with the entry's title and date where
/// the page lacks them.
fn article(agent: &ureq::Agent, link: &str, entry: &Extracted) -> anyhow::Result<Extracted> {
    let (bytes, content_type) = fetch(agent, link)?;
    let format = vigil_text::sniff(&bytes, link);
    let mut extraction = vigil_text::extract(&bytes, format, content_type.as_deref())?;
    if extraction.documents.is_empty() {
        anyhow::bail!("no text");
    }
    let mut doc = extraction.documents.swap_remove(0);
    if doc.title.is_none() {
        doc.title.clone_from(&entry.title);
    }
    if doc.date.is_none() {
        doc.date.clone_from(&entry.date);
    }
    Ok(doc)
}

/// Stores scan lines as one source keyed by their content.
fn store_lines(store: &mut Store, path: &str, lines: &[Vec<u8>]) -> anyhow::Result<String> {
    let mut hasher = sha2::Sha256::new();
    let mut records = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        hasher.update(line);
        hasher.update(b"\n");
        let parsed = parse_document(line, i as u64 + 1)
            .map_err(|why| anyhow::anyhow!("{path}: document {}: {why}", i + 1))?;
        records.extend(parsed.into_iter().map(|record| LineRecord { line: i as u64 + 1, record }));
    }
    let sha256: String = hasher.finalize().iter().map(|b| format!("{b:02x}")).collect();
    let source = store.open_source(SourceKind::Docs, path, &sha256)?;
    if source.is_finished() {
        return Ok("already stored".into());
    }
    let report = store.commit_batch(source.id, &records, lines.len() as u64 + 1, 0)?;
    store.finish_source(source.id)?;
    Ok(format!(
        "{} stored, {} already stored, {} alerts raised, {} updated",
        report.inserted, report.duplicates, report.alerts_created, report.alerts_updated
    ))
}

/// Scans and stores one dropped file.
fn ingest_file(store: &mut Store, scanner: &Scanner, path: &Path) -> anyhow::Result<()> {
    let size = std::fs::metadata(path).context("cannot read")?.len();
    if size > MAX_FILE_BYTES {
        anyhow::bail!("larger than {MAX_FILE_BYTES} bytes (use vigil scan and vigil ingest docs)");
    }
    let bytes = std::fs::read(path).context("cannot read")?;
    let name = path
        .file_name()
        .map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
    let format = vigil_text::sniff(&bytes, &name);
    let extraction = vigil_text::extract(&bytes, format, None)?;
    let feed = format == Format::Feed;
    let mut session = scanner.session();
    let mut lines = Vec::new();
    for (k, doc) in extraction.documents.into_iter().enumerate() {
        let source = if feed { format!("{name}#{}", k + 1) } else { name.clone() };
        lines.push(scan_to_json(scanner, &mut session, &source, doc)?);
    }
    if lines.is_empty() {
        anyhow::bail!("no document in it");
    }
    let stored = store_lines(store, &path.display().to_string(), &lines)?;
    tracing::info!("{}: {} documents ({stored})", path.display(), lines.len());
    Ok(())
}
