//! AIS in the monitor: live feeds (TCP or UDP, through `vigil ais listen`'s
//! loop) and NMEA files dropped into a folder, decoded, run through the
//! detectors and committed to the store with their alerts.
//!
//! Every line gets a number within its source: a feed's journal line
//! ([`super::journal`]) or a file's line. Everything made from lines before
//! N (positions, identities, the events those lines closed) is committed in
//! one transaction that moves the source's `next_line` to N, and
//! `Store::commit_batch` skips records of lines already committed. So a
//! restart that replays the same lines through fresh detectors writes only
//! what was not written: nothing lost, nothing twice. A feed's open events
//! are not closed at shutdown (the replay reopens them); a dropped file's
//! are, at its end.

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use vigil_ais::{Decoder, Message, Options, Timestamp};
use vigil_store::{LineRecord, SourceKind, Store};

use super::config::{AisConfig, AisFeedConfig};
use super::journal::Journal;
use crate::cmd::ais::listen::{
    backoff, listen_tcp, listen_udp, now, write_message_json, DetectorArgs, LineSink, LiveEvents,
    StopWhen,
};
use crate::cmd::ingest::{open_input, parse_ais, parse_event, read_line};

/// Decodes lines and runs the detectors, collecting the records to commit.
pub(crate) struct AisProcessor {
    decoder: Decoder,
    events: LiveEvents,
    label: String,
    records: Vec<LineRecord>,
    json: Vec<u8>,
    closed: Vec<u8>,
    /// Lines whose records could not be made (counted, logged once).
    malformed: u64,
}

impl AisProcessor {
    /// Detectors as `config` says, linking vessels to the lists in `db`;
    /// evidence and positions are named `label:LINE`.
    pub(crate) fn new(config: &AisConfig, db: &Path, label: &str) -> anyhow::Result<Self> {
        let detectors = DetectorArgs {
            lists: Vec::new(),
            db: Some(db.to_path_buf()),
            ports: config.ports.clone(),
            zones: config.zones.clone(),
            land: config.land.clone(),
            watch_ports: config.watch_ports.clone(),
            config: config.detect_config.clone(),
        };
        Ok(AisProcessor {
            decoder: Decoder::new(Options::default()),
            events: LiveEvents::new(&detectors, config.lag_secs, config.max_vessels, label)?,
            label: label.to_string(),
            records: Vec::new(),
            json: Vec::with_capacity(1024),
            closed: Vec::new(),
            malformed: 0,
        })
    }

    /// Takes line `line_no`; a message without a receive time of its own
    /// gets `arrival`.
    pub(crate) fn line(&mut self, line_no: u64, arrival: Timestamp, line: &[u8]) {
        if let Some(message) = self.decoder.push_line(line, line_no) {
            self.message(line_no, arrival, message);
        }
        while let Some(message) = self.decoder.take_extra() {
            self.message(line_no, arrival, message);
        }
    }

    fn message(&mut self, line_no: u64, arrival: Timestamp, mut message: Message) {
        let ts = *message.ts.get_or_insert(arrival);
        self.json.clear();
        write_message_json(&mut self.json, &message, &self.label);
        match parse_ais(&self.json, line_no) {
            Ok(records) => self
                .records
                .extend(records.into_iter().map(|record| LineRecord { line: line_no, record })),
            Err(why) => self.malformed(line_no, &why),
        }
        self.closed.clear();
        // Writing to a Vec cannot fail.
        let _ = self.events.push(&message, ts, &mut self.closed);
        self.take_closed(line_no);
    }

    /// Closes every open event (the end of a file), as records of `line_no`.
    pub(crate) fn finish(&mut self, line_no: u64) {
        self.decoder.finish();
        self.closed.clear();
        let _ = self.events.finish(&mut self.closed);
        self.take_closed(line_no);
    }

    fn take_closed(&mut self, line_no: u64) {
        let closed = std::mem::take(&mut self.closed);
        for line in closed.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
            match parse_event(line, line_no) {
                Ok(records) => self
                    .records
                    .extend(records.into_iter().map(|record| LineRecord { line: line_no, record })),
                Err(why) => self.malformed(line_no, &why),
            }
        }
        self.closed = closed;
    }

    fn malformed(&mut self, line_no: u64, why: &str) {
        self.malformed += 1;
        if self.malformed <= 10 {
            tracing::warn!("{}:{line_no}: record skipped: {why}", self.label);
        }
    }

    /// Commits what lines before `next_line` made.
    pub(crate) fn commit(
        &mut self,
        store: &mut Store,
        source_id: i64,
        next_line: u64,
    ) -> anyhow::Result<()> {
        let report = store
            .commit_batch(source_id, &self.records, next_line, 0)
            .with_context(|| format!("{}: cannot commit", self.label))?;
        self.records.clear();
        if report.alerts_created + report.alerts_updated > 0 {
            tracing::info!(
                "{}: {} alerts raised, {} updated",
                self.label,
                report.alerts_created,
                report.alerts_updated
            );
        }
        tracing::debug!("{}: committed through line {}", self.label, next_line - 1);
        Ok(())
    }
}

/// Runs one live feed until `stop`: replays its journal, then reads it.
pub(crate) fn run_feed(
    feed: &AisFeedConfig,
    config: &AisConfig,
    db: &Path,
    state_dir: &Path,
    stop: &StopWhen,
) -> anyhow::Result<()> {
    let label = format!("feed:{}", feed.name);
    let mut store = Store::open(db).with_context(|| format!("opening {}", db.display()))?;
    // A feed's source is keyed by its name, not by content.
    let source = store.open_source(SourceKind::Ais, &label, &label)?;
    let retention = Duration::from_secs(config.journal_hours.saturating_mul(3600));
    let journal = Journal::open(&state_dir.join("ais").join(&feed.name), retention)?;
    let mut processor = AisProcessor::new(config, db, &label)?;
    let replay_end = journal.next_line();
    if replay_end > 1 {
        tracing::info!(
            "{label}: replaying the journal (lines up to {}; committed up to {}) to restore the detectors",
            replay_end - 1,
            source.next_line - 1
        );
        let mut since_commit = 0u64;
        journal.replay(&mut |line_no, arrival, line| {
            processor.line(line_no, Timestamp(arrival), line);
            since_commit += 1;
            if since_commit >= config.batch_lines {
                processor.commit(&mut store, source.id, line_no + 1)?;
                since_commit = 0;
            }
            Ok(())
        })?;
        processor.commit(&mut store, source.id, replay_end)?;
    }
    let mut sink = FeedSink {
        journal,
        processor,
        store,
        source_id: source.id,
        uncommitted: 0,
        last_commit: Instant::now(),
        batch_lines: config.batch_lines,
        commit_every: Duration::from_millis(config.commit_ms),
    };
    let wait = backoff(config.initial_backoff_ms, config.max_backoff_secs);
    let result = match (&feed.tcp, &feed.udp) {
        (Some(addr), _) => listen_tcp(addr, &mut sink, stop, wait),
        (None, Some(addr)) => listen_udp(addr, &mut sink, stop),
        (None, None) => anyhow::bail!("{label}: neither tcp nor udp"),
    };
    // Whatever stopped the loop, what was received is committed.
    sink.commit().with_context(|| format!("{label}: final commit"))?;
    tracing::info!("{label}: stopped at line {}", sink.journal.next_line() - 1);
    result
}

/// A live feed's lines: journaled, processed, committed in batches.
struct FeedSink {
    journal: Journal,
    processor: AisProcessor,
    store: Store,
    source_id: i64,
    uncommitted: u64,
    last_commit: Instant,
    batch_lines: u64,
    commit_every: Duration,
}

impl FeedSink {
    fn commit(&mut self) -> anyhow::Result<()> {
        self.last_commit = Instant::now();
        if self.uncommitted == 0 {
            return Ok(());
        }
        // Journal first: a committed line must be in the journal.
        self.journal.sync().context("cannot write the journal")?;
        let next = self.journal.next_line();
        self.processor.commit(&mut self.store, self.source_id, next)?;
        self.uncommitted = 0;
        self.journal.prune(next);
        Ok(())
    }
}

impl LineSink for FeedSink {
    fn push_line(&mut self, line: &[u8]) -> std::io::Result<()> {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let arrival = now();
        let line_no = self.journal.append(arrival.0, line)?;
        self.processor.line(line_no, arrival, line);
        self.uncommitted += 1;
        if self.uncommitted >= self.batch_lines {
            self.commit().map_err(std::io::Error::other)?;
        }
        Ok(())
    }

    fn is_done(&self) -> bool {
        false
    }

    fn tick(&mut self, idle: bool) -> std::io::Result<()> {
        if idle || self.last_commit.elapsed() >= self.commit_every {
            self.commit().map_err(std::io::Error::other)?;
        }
        Ok(())
    }
}

/// Watches the AIS drop folder until `stop`.
pub(crate) fn run_folder(
    folder: &Path,
    config: &AisConfig,
    db: &Path,
    stop: &StopWhen,
) -> anyhow::Result<()> {
    let mut store = Store::open(db).with_context(|| format!("opening {}", db.display()))?;
    let every = Duration::from_secs(config.folder_poll_secs);
    while !stop.reached() {
        for path in super::ready_files(folder)? {
            if stop.reached() {
                break;
            }
            match ingest_file(&mut store, &path, config, db, stop) {
                Ok(true) => super::move_done(folder, &path),
                Ok(false) => {}
                Err(err) => {
                    tracing::warn!("{}: {err:#}; moved to failed/", path.display());
                    super::move_aside(folder, &path, "failed");
                }
            }
        }
        super::sleep(every, stop);
    }
    Ok(())
}

/// Ingests one NMEA file; `Ok(false)` when stopped midway (it resumes at
/// the next start).
fn ingest_file(
    store: &mut Store,
    path: &Path,
    config: &AisConfig,
    db: &Path,
    stop: &StopWhen,
) -> anyhow::Result<bool> {
    let shown = path.display().to_string();
    let sha256 = vigil_store::content_sha256(&[path.to_path_buf()])?;
    let source = store.open_source(SourceKind::Ais, &shown, &sha256)?;
    if source.is_finished() {
        tracing::info!("{shown}: already ingested");
        return Ok(true);
    }
    // Lines without a time of their own were received about when the file
    // was written.
    let written = std::fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or_else(now, |d| Timestamp(d.as_millis() as i64));
    let mut processor = AisProcessor::new(config, db, &shown)?;
    let mut reader = open_input(path)?;
    let mut buf = Vec::new();
    let mut line_no = 0u64;
    while let Some(fits) = read_line(&mut *reader, &mut buf)
        .with_context(|| format!("{shown}:{}: cannot read", line_no + 1))?
    {
        line_no += 1;
        if !fits {
            // Far past the decoder's limit: keep a prefix it will reject.
            buf.truncate(vigil_ais::MAX_LINE_LEN + 1);
        }
        processor.line(line_no, written, &buf);
        if line_no.is_multiple_of(config.batch_lines) {
            processor.commit(store, source.id, line_no + 1)?;
            if stop.reached() {
                return Ok(false);
            }
        }
    }
    processor.finish(line_no.max(1));
    processor.commit(store, source.id, line_no + 1)?;
    store.finish_source(source.id)?;
    tracing::info!("{shown}: ingested ({line_no} lines)");
    Ok(true)
}
