//! Resumable ingest of what the monitoring streams find: AIS positions and
//! identities, detector events, scanned documents and screening results.
//!
//! An input file becomes a [`Source`], keyed by its kind and content hash.
//! The caller reads it line by line and hands the parsed records over in
//! batches with [`Store::commit_batch`]; each batch is one transaction that
//! writes its records, the alerts they raise, and the source's `next_line`.
//! So a process killed mid-file loses no committed batch, and running the
//! same ingest again skips what was committed and completes the rest;
//! once [`Store::finish_source`] has run, the same bytes change nothing.
//!
//! Records are also written with `INSERT OR IGNORE` on their natural keys (an
//! event's kind, vessels and start; a document's hash; a query's fields), so
//! the same finding arriving in two different files is still one row.

use std::collections::BTreeMap;

use rusqlite::{params, OptionalExtension, Transaction, TransactionBehavior};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::alerts::{self, AlertDraft, EvidenceDraft, Raised, Severity, Stream};
use crate::{Result, Store};

/// Fills `entity_idents` for one version (parameter 1), from its entities'
/// JSON: the IMO and MMSI numbers that link listed vessels to AIS.
pub(crate) const INDEX_IDENTS_SQL: &str = "
    INSERT OR IGNORE INTO entity_idents (version_id, kind, value, entity_id)
    SELECT e.version_id, json_extract(i.value, '$.kind'), json_extract(i.value, '$.value'),
           e.entity_id
    FROM entities e, json_each(e.data, '$.identifiers') i
    WHERE e.version_id = ?1 AND json_extract(i.value, '$.kind') IN ('imo', 'mmsi')";

/// What kind of input a [`Source`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum SourceKind {
    /// Decoded AIS (`vigil ais decode` JSON lines): positions and identities.
    Ais,
    /// Detector events (`vigil ais events` JSON lines).
    Events,
    /// Scanned documents (`vigil scan` JSON lines).
    Docs,
    /// Screening results (`vigil screen` JSON lines, or a screened CSV).
    Screening,
    /// A re-screening of stored queries and vessels after a list version
    /// was imported; its "content hash" is `version:<id>`.
    Rescreen,
}

impl SourceKind {
    /// The name stored in `sources.kind`.
    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::Ais => "ais",
            SourceKind::Events => "events",
            SourceKind::Docs => "docs",
            SourceKind::Screening => "screening",
            SourceKind::Rescreen => "rescreen",
        }
    }
}

/// One ingested (or partly ingested) input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Source {
    /// The store's ID for it.
    pub id: i64,
    /// `ais`, `events`, `docs`, `screening` or `rescreen`.
    pub kind: String,
    /// Hex SHA-256 of the file's bytes (see [`crate::content_sha256`]).
    pub content_sha256: String,
    /// The path it was first ingested from.
    pub path: String,
    /// When its ingest began.
    pub started_at: String,
    /// When its ingest completed; `None` while partial.
    pub finished_at: Option<String>,
    /// The first line not yet committed (1-based).
    pub next_line: u64,
    /// Records committed.
    pub records: u64,
    /// Malformed lines counted.
    pub errors: u64,
}

impl Source {
    /// Whether every line has been committed.
    pub fn is_finished(&self) -> bool {
        self.finished_at.is_some()
    }
}

/// A position from decoded AIS.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct PositionRecord {
    /// The vessel's MMSI.
    pub mmsi: u32,
    /// When it was received, in the stored form ([`crate::normalize_timestamp`]).
    pub ts: String,
    /// Latitude, degrees.
    pub lat: f64,
    /// Longitude, degrees.
    pub lon: f64,
    /// Speed over ground, knots.
    #[serde(default)]
    pub speed: Option<f64>,
    /// Course over ground, degrees.
    #[serde(default)]
    pub course: Option<f64>,
    /// `file:line` of the sentence it came from.
    #[serde(default)]
    pub src: Option<String>,
}

/// Static data an MMSI transmitted (AIS types 5, 19, 24); absent fields
/// were not in the message.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
pub struct IdentityRecord {
    /// The vessel's MMSI.
    pub mmsi: u32,
    /// When it was received, in the stored form.
    pub ts: String,
    /// Ship name.
    #[serde(default)]
    pub name: Option<String>,
    /// IMO number.
    #[serde(default)]
    pub imo: Option<String>,
    /// Call sign.
    #[serde(default)]
    pub callsign: Option<String>,
    /// Ship type code (ITU-R M.1371).
    #[serde(default)]
    pub shiptype: Option<i64>,
    /// `file:line` of the sentence it came from.
    #[serde(default)]
    pub src: Option<String>,
}

/// An event from the AIS detectors, as `vigil ais events` writes it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct EventRecord {
    /// `encounter`, `loitering`, `gap`, `port_call`, `zone_entry`, ...
    pub kind: String,
    /// The vessels involved.
    pub mmsi: Vec<u32>,
    /// When it began, in the stored form.
    pub start: String,
    /// When it ended, in the stored form.
    pub end: String,
    /// Representative latitude.
    #[serde(default)]
    pub lat: Option<f64>,
    /// Representative longitude.
    #[serde(default)]
    pub lon: Option<f64>,
    /// The numbers that decided it.
    #[serde(default)]
    pub details: serde_json::Map<String, Value>,
    /// List entries the detector linked the vessels to
    /// (`{entity_id, caption, list, ...}`).
    #[serde(default)]
    pub listed: Vec<Value>,
    /// `file:line` of the positions that prove it.
    #[serde(default)]
    pub evidence: Vec<String>,
}

/// A listed entity named in a document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MentionRecord {
    /// The entity, when the mention was linked to one.
    #[serde(default)]
    pub entity_id: Option<String>,
    /// The entity's caption.
    #[serde(default)]
    pub caption: Option<String>,
    /// The entity's list.
    #[serde(default)]
    pub list: Option<String>,
    /// The text as it appears.
    #[serde(default)]
    pub text: String,
    /// Character offset where it starts.
    #[serde(default)]
    pub start: u64,
    /// Character offset where it ends.
    #[serde(default)]
    pub end: u64,
    /// Match score.
    #[serde(default)]
    pub score: f64,
}

/// An indicator of evasion a document claims.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorRecord {
    /// The indicator's category, e.g. `ship_to_ship_transfer`.
    pub category: String,
    /// The words that triggered it.
    #[serde(default)]
    pub trigger: String,
    /// `asserted`, `alleged`, `reported` or `denied`.
    #[serde(default)]
    pub stance: String,
    /// Character offset where it starts.
    #[serde(default)]
    pub start: u64,
    /// Character offset where it ends.
    #[serde(default)]
    pub end: u64,
}

/// A scanned document, as `vigil scan` writes it.
#[derive(Debug, Clone, PartialEq)]
pub struct DocumentRecord {
    /// The SHA-256 of the scan line, the document's key.
    pub sha256: String,
    /// Where the document came from (a path or URL).
    pub source: String,
    /// Its title.
    pub title: Option<String>,
    /// Its date, as given.
    pub date: Option<String>,
    /// Its language.
    pub language: Option<String>,
    /// Its text, when the scan output carries it.
    pub text: Option<String>,
    /// Mentions of listed entities.
    pub mentions: Vec<MentionRecord>,
    /// Indicators.
    pub indicators: Vec<IndicatorRecord>,
    /// The whole scan line, kept as given.
    pub data: Value,
}

/// One listed entity a screened query matched.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct HitRecord {
    /// The entity.
    pub id: String,
    /// Its caption.
    #[serde(default)]
    pub caption: String,
    /// Its list.
    #[serde(default)]
    pub list: String,
    /// The score.
    pub score: f64,
    /// Why (the matcher's explanation).
    #[serde(default)]
    pub explanation: Value,
}

/// One screened query and its hits, as `vigil screen` writes it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ScreeningRecord {
    /// The query's fields (`name`, `birth_date`, `country`, `imo`, ...).
    pub query: BTreeMap<String, String>,
    /// Its hits.
    #[serde(default)]
    pub matches: Vec<HitRecord>,
}

/// Anything [`Store::commit_batch`] writes.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Record {
    /// An AIS position.
    Position(PositionRecord),
    /// AIS static data.
    Identity(IdentityRecord),
    /// A detector event.
    Event(EventRecord),
    /// A scanned document.
    Document(Box<DocumentRecord>),
    /// A screened query.
    Screening(ScreeningRecord),
}

/// A record with the line of its source it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct LineRecord {
    /// 1-based line in the source.
    pub line: u64,
    /// The record.
    pub record: Record,
}

/// What one batch (or a whole ingest) wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct BatchReport {
    /// Records written.
    pub inserted: u64,
    /// Records already stored (from this or another source), skipped.
    pub duplicates: u64,
    /// New alerts.
    pub alerts_created: u64,
    /// Existing alerts that received evidence.
    pub alerts_updated: u64,
}

impl BatchReport {
    /// Adds another report's counts.
    pub fn add(&mut self, other: BatchReport) {
        self.inserted += other.inserted;
        self.duplicates += other.duplicates;
        self.alerts_created += other.alerts_created;
        self.alerts_updated += other.alerts_updated;
    }

    fn raised(&mut self, raised: Option<Raised>) {
        match raised {
            Some(Raised::Created(_)) => self.alerts_created += 1,
            Some(Raised::Merged(_)) => self.alerts_updated += 1,
            None => {}
        }
    }
}

const SOURCE_COLUMNS: &str =
    "id, kind, content_sha256, path, started_at, finished_at, next_line, records, errors";

fn source_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Source> {
    Ok(Source {
        id: row.get(0)?,
        kind: row.get(1)?,
        content_sha256: row.get(2)?,
        path: row.get(3)?,
        started_at: row.get(4)?,
        finished_at: row.get(5)?,
        next_line: row.get::<_, i64>(6)? as u64,
        records: row.get::<_, i64>(7)? as u64,
        errors: row.get::<_, i64>(8)? as u64,
    })
}

impl Store {
    /// The source for these bytes: the one stored (finished, or partial to
    /// resume from its `next_line`), or a new one starting at line 1.
    pub fn open_source(&mut self, kind: SourceKind, path: &str, sha256: &str) -> Result<Source> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "INSERT OR IGNORE INTO sources (kind, content_sha256, path, started_at)
             VALUES (?1, ?2, ?3, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
            params![kind.as_str(), sha256, path],
        )?;
        let source = tx.query_row(
            &format!(
                "SELECT {SOURCE_COLUMNS} FROM sources WHERE kind = ?1 AND content_sha256 = ?2"
            ),
            params![kind.as_str(), sha256],
            source_from_row,
        )?;
        tx.commit()?;
        Ok(source)
    }

    /// Every source, oldest first.
    pub fn sources(&self) -> Result<Vec<Source>> {
        let mut stmt =
            self.conn.prepare(&format!("SELECT {SOURCE_COLUMNS} FROM sources ORDER BY id"))?;
        let rows = stmt.query_map([], source_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Writes a batch of records of `source` and the alerts they raise, and
    /// moves the source's `next_line` to `next_line`, in one transaction.
    /// `errors` malformed lines of the batch are added to its count.
    ///
    /// Records on lines before the source's committed `next_line` are
    /// skipped, so handing the same batch over twice writes it once.
    pub fn commit_batch(
        &mut self,
        source_id: i64,
        records: &[LineRecord],
        next_line: u64,
        errors: u64,
    ) -> Result<BatchReport> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let (committed, path): (i64, String) = tx.query_row(
            "SELECT next_line, path FROM sources WHERE id = ?1",
            [source_id],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )?;
        let mut report = BatchReport::default();
        let mut seen: BTreeMap<u32, (String, String)> = BTreeMap::new();
        let mut n_new_records = 0u64;
        for LineRecord { line, record } in records {
            if *line < committed as u64 {
                continue;
            }
            n_new_records += 1;
            let origin = format!("{path}:{line}");
            let inserted = match record {
                Record::Position(position) => {
                    let span = seen
                        .entry(position.mmsi)
                        .or_insert_with(|| (position.ts.clone(), position.ts.clone()));
                    if position.ts < span.0 {
                        span.0 = position.ts.clone();
                    }
                    if position.ts > span.1 {
                        span.1 = position.ts.clone();
                    }
                    insert_position(&tx, source_id, *line, position)?
                }
                Record::Identity(identity) => insert_identity(&tx, source_id, *line, identity)?,
                Record::Event(event) => {
                    let (inserted, raised) = insert_event(&tx, source_id, *line, &origin, event)?;
                    report.raised(raised);
                    inserted
                }
                Record::Document(document) => {
                    let (inserted, raised) =
                        insert_document(&tx, source_id, *line, &origin, document)?;
                    report.raised(raised);
                    inserted
                }
                Record::Screening(screening) => {
                    let (inserted, raised) =
                        insert_screening(&tx, source_id, *line, &origin, screening)?;
                    report.add(raised);
                    inserted
                }
            };
            if inserted {
                report.inserted += 1;
            } else {
                report.duplicates += 1;
            }
        }
        for (mmsi, (first, last)) in &seen {
            touch_vessel(&tx, *mmsi, Some((first, last)))?;
        }
        let errors = if (next_line as i64) > committed { errors } else { 0 };
        tx.execute(
            "UPDATE sources SET next_line = max(next_line, ?2), records = records + ?3,
                                errors = errors + ?4
             WHERE id = ?1",
            params![source_id, next_line as i64, n_new_records as i64, errors as i64],
        )?;
        tx.commit()?;
        Ok(report)
    }

    /// Marks a source complete: ingesting the same bytes again will change
    /// nothing.
    pub fn finish_source(&mut self, source_id: i64) -> Result<Source> {
        self.conn.execute(
            "UPDATE sources SET finished_at = coalesce(finished_at,
                 strftime('%Y-%m-%dT%H:%M:%SZ', 'now')) WHERE id = ?1",
            [source_id],
        )?;
        Ok(self.conn.query_row(
            &format!("SELECT {SOURCE_COLUMNS} FROM sources WHERE id = ?1"),
            [source_id],
            source_from_row,
        )?)
    }
}

fn touch_vessel(tx: &Transaction<'_>, mmsi: u32, seen: Option<(&str, &str)>) -> Result<()> {
    let (first, last) = match seen {
        Some((first, last)) => (Some(first), Some(last)),
        None => (None, None),
    };
    tx.execute(
        "INSERT INTO vessels (mmsi, first_seen, last_seen) VALUES (?1, ?2, ?3)
         ON CONFLICT (mmsi) DO UPDATE SET
             first_seen = CASE WHEN first_seen IS NULL OR excluded.first_seen < first_seen
                               THEN coalesce(excluded.first_seen, first_seen) ELSE first_seen END,
             last_seen = CASE WHEN last_seen IS NULL OR excluded.last_seen > last_seen
                              THEN coalesce(excluded.last_seen, last_seen) ELSE last_seen END",
        params![mmsi, first, last],
    )?;
    Ok(())
}

fn insert_position(
    tx: &Transaction<'_>,
    source_id: i64,
    line: u64,
    position: &PositionRecord,
) -> Result<bool> {
    let mut stmt = tx.prepare_cached(
        "INSERT OR IGNORE INTO positions
             (mmsi, ts, lat, lon, speed, course, source_id, line, src)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    let n = stmt.execute(params![
        position.mmsi,
        position.ts,
        position.lat,
        position.lon,
        position.speed,
        position.course,
        source_id,
        line as i64,
        position.src,
    ])?;
    Ok(n == 1)
}

/// Folds static data into the MMSI's identity history: a report that agrees
/// with the latest state (its fields equal, or filling fields the state
/// lacks) extends that state; one that changes a field starts a new state.
fn insert_identity(
    tx: &Transaction<'_>,
    source_id: i64,
    line: u64,
    identity: &IdentityRecord,
) -> Result<bool> {
    type State = (i64, Option<String>, Option<String>, Option<String>, Option<i64>, String, String);
    let latest: Option<State> = tx
        .prepare_cached(
            "SELECT id, name, imo, callsign, shiptype, first_seen, last_seen
             FROM vessel_identities WHERE mmsi = ?1 ORDER BY id DESC LIMIT 1",
        )?
        .query_row([identity.mmsi], |row| {
            Ok((
                row.get(0)?,
                row.get(1)?,
                row.get(2)?,
                row.get(3)?,
                row.get(4)?,
                row.get(5)?,
                row.get(6)?,
            ))
        })
        .optional()?;
    fn agrees<T: PartialEq>(state: &Option<T>, report: &Option<T>) -> bool {
        match (state, report) {
            (Some(s), Some(r)) => s == r,
            _ => true,
        }
    }
    let changed = match &latest {
        Some((id, name, imo, callsign, shiptype, first, last))
            if agrees(name, &identity.name)
                && agrees(imo, &identity.imo)
                && agrees(callsign, &identity.callsign)
                && agrees(shiptype, &identity.shiptype) =>
        {
            let fills = name.is_none() && identity.name.is_some()
                || imo.is_none() && identity.imo.is_some()
                || callsign.is_none() && identity.callsign.is_some()
                || shiptype.is_none() && identity.shiptype.is_some();
            let widens = identity.ts < *first || identity.ts > *last;
            if fills || widens {
                tx.execute(
                    "UPDATE vessel_identities SET
                         name = coalesce(name, ?2), imo = coalesce(imo, ?3),
                         callsign = coalesce(callsign, ?4), shiptype = coalesce(shiptype, ?5),
                         first_seen = min(first_seen, ?6), last_seen = max(last_seen, ?6)
                     WHERE id = ?1",
                    params![
                        id,
                        identity.name,
                        identity.imo,
                        identity.callsign,
                        identity.shiptype,
                        identity.ts
                    ],
                )?;
            }
            fills
        }
        _ => {
            tx.execute(
                "INSERT INTO vessel_identities
                     (mmsi, name, imo, callsign, shiptype, first_seen, last_seen, source_id, line, src)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7, ?8, ?9)",
                params![
                    identity.mmsi,
                    identity.name,
                    identity.imo,
                    identity.callsign,
                    identity.shiptype,
                    identity.ts,
                    source_id,
                    line as i64,
                    identity.src
                ],
            )?;
            true
        }
    };
    if changed {
        touch_vessel(tx, identity.mmsi, None)?;
        tx.execute(
            "UPDATE vessels SET (name, imo, callsign, shiptype) =
                 (SELECT name, imo, callsign, shiptype FROM vessel_identities
                  WHERE mmsi = ?1 ORDER BY id DESC LIMIT 1)
             WHERE mmsi = ?1",
            [identity.mmsi],
        )?;
    }
    Ok(changed)
}

/// The listed entities in force that carry this MMSI, or the IMO number the
/// vessel last transmitted, with the version they are in.
pub(crate) fn listed_for_vessel(
    tx: &rusqlite::Connection,
    mmsi: u32,
) -> Result<Vec<(String, i64)>> {
    let mut stmt = tx.prepare_cached(
        "SELECT DISTINCT i.entity_id, i.version_id
         FROM entity_idents i JOIN current_versions c ON c.id = i.version_id
         WHERE (i.kind = 'mmsi' AND i.value = ?1)
            OR (i.kind = 'imo' AND i.value = (SELECT imo FROM vessels WHERE mmsi = ?2))
         ORDER BY i.entity_id",
    )?;
    let rows =
        stmt.query_map(params![mmsi.to_string(), mmsi], |row| Ok((row.get(0)?, row.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The version in force of a list, if any.
pub(crate) fn current_version_of(tx: &rusqlite::Connection, list: &str) -> Result<Option<i64>> {
    Ok(tx
        .prepare_cached("SELECT max(id) FROM list_versions WHERE list = ?1")?
        .query_row([list], |row| row.get(0))?)
}

/// Whether an event's details place it in a DPRK port or zone: a `country`
/// of KP/PRK, or any text naming the DPRK.
pub fn involves_dprk(details: &serde_json::Map<String, Value>) -> bool {
    details.iter().any(|(key, value)| match value {
        Value::String(text) => {
            let upper = text.to_ascii_uppercase();
            (key.contains("country") && (upper == "KP" || upper == "PRK"))
                || upper.contains("DPRK")
                || upper.contains("NORTH KOREA")
                || upper.contains("KOREA, NORTH")
        }
        Value::Object(inner) => involves_dprk(inner),
        _ => false,
    })
}

fn insert_event(
    tx: &Transaction<'_>,
    source_id: i64,
    line: u64,
    origin: &str,
    event: &EventRecord,
) -> Result<(bool, Option<Raised>)> {
    let mut mmsi = event.mmsi.clone();
    mmsi.sort_unstable();
    mmsi.dedup();
    let mmsi_key = mmsi.iter().map(u32::to_string).collect::<Vec<_>>().join(",");
    let n = tx.execute(
        "INSERT OR IGNORE INTO events
             (kind, mmsi_key, start_ts, end_ts, lat, lon, details, listed, evidence, source_id, line)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            event.kind,
            mmsi_key,
            event.start,
            event.end,
            event.lat,
            event.lon,
            Value::Object(event.details.clone()).to_string(),
            Value::Array(event.listed.clone()).to_string(),
            serde_json::to_string(&event.evidence).unwrap_or_else(|_| "[]".into()),
            source_id,
            line as i64
        ],
    )?;
    if n == 0 {
        return Ok((false, None));
    }
    let event_id = tx.last_insert_rowid();
    for &vessel in &mmsi {
        tx.execute(
            "INSERT OR IGNORE INTO event_vessels (event_id, mmsi) VALUES (?1, ?2)",
            params![event_id, vessel],
        )?;
        tx.execute("INSERT OR IGNORE INTO vessels (mmsi) VALUES (?1)", [vessel])?;
    }
    // Listed: what the detector linked, and what the store's lists say now.
    let mut listed: BTreeMap<String, Option<i64>> = BTreeMap::new();
    for entry in &event.listed {
        if let Some(id) = entry.get("entity_id").and_then(Value::as_str) {
            let version = match entry.get("list").and_then(Value::as_str) {
                Some(list) => current_version_of(tx, list)?,
                None => None,
            };
            listed.insert(id.to_string(), version);
        }
    }
    for &vessel in &mmsi {
        for (entity_id, version_id) in listed_for_vessel(tx, vessel)? {
            listed.insert(entity_id, Some(version_id));
        }
    }
    let dprk = involves_dprk(&event.details);
    if listed.is_empty() && !dprk {
        return Ok((true, None));
    }
    let severity = match (!listed.is_empty(), dprk, event.kind.as_str()) {
        (true, true, _) | (true, _, "encounter") => Severity::Critical,
        (true, false, _) | (false, true, "port_call") => Severity::High,
        _ => Severity::Medium,
    };
    let vessels = mmsi.iter().map(u32::to_string).collect::<Vec<_>>().join(" and ");
    let mut title = format!("{} of {vessels}", event.kind.replace('_', " "));
    if !listed.is_empty() {
        title.push_str(&format!(
            " (listed: {})",
            listed.keys().cloned().collect::<Vec<_>>().join(", ")
        ));
    }
    if dprk {
        title.push_str(" in a DPRK port or zone");
    }
    let draft = AlertDraft {
        stream: Stream::Maritime,
        kind: event.kind.clone(),
        case_key: format!("maritime:{}:{mmsi_key}", event.kind),
        merge_days: Some(1),
        severity,
        title,
        observed_from: event.start.clone(),
        observed_to: event.end.clone(),
        entities: listed.keys().cloned().collect(),
        vessels: mmsi.clone(),
        evidence: EvidenceDraft {
            kind: "event".into(),
            summary: format!("{} {} – {}", event.kind, event.start, event.end),
            refs: std::iter::once(origin.to_string())
                .chain(event.evidence.iter().cloned())
                .collect(),
            version_id: listed.values().flatten().next().copied(),
            event_id: Some(event_id),
            document_id: None,
            hit_id: None,
            observed_at: event.start.clone(),
        },
    };
    Ok((true, Some(alerts::raise(tx, &draft)?)))
}

fn insert_document(
    tx: &Transaction<'_>,
    source_id: i64,
    line: u64,
    origin: &str,
    document: &DocumentRecord,
) -> Result<(bool, Option<Raised>)> {
    let n = tx.execute(
        "INSERT OR IGNORE INTO documents
             (doc_sha256, source, title, date, language, text, data, source_id, line)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            document.sha256,
            document.source,
            document.title,
            document.date,
            document.language,
            document.text,
            document.data.to_string(),
            source_id,
            line as i64
        ],
    )?;
    if n == 0 {
        return Ok((false, None));
    }
    let document_id = tx.last_insert_rowid();
    let mut listed: BTreeMap<String, Option<i64>> = BTreeMap::new();
    for mention in &document.mentions {
        if let Some(entity_id) = mention.entity_id.as_deref().filter(|id| !id.is_empty()) {
            tx.execute(
                "INSERT OR IGNORE INTO document_entities (document_id, entity_id) VALUES (?1, ?2)",
                params![document_id, entity_id],
            )?;
            let version = match mention.list.as_deref() {
                Some(list) => current_version_of(tx, list)?,
                None => None,
            };
            listed.insert(entity_id.to_string(), version);
        }
    }
    let claims: Vec<&IndicatorRecord> =
        document.indicators.iter().filter(|i| i.stance != "denied").collect();
    if listed.is_empty() || claims.is_empty() {
        return Ok((true, None));
    }
    let mut categories: Vec<&str> = claims.iter().map(|i| i.category.as_str()).collect();
    categories.sort_unstable();
    categories.dedup();
    let severity = if categories.len() >= 2 || claims.iter().any(|i| i.stance == "asserted") {
        Severity::High
    } else {
        Severity::Medium
    };
    let title = format!(
        "{} names {} with {}",
        document.title.as_deref().filter(|t| !t.is_empty()).unwrap_or(&document.source),
        listed.keys().cloned().collect::<Vec<_>>().join(", "),
        categories.join(", ")
    );
    let observed = document
        .date
        .as_deref()
        .and_then(crate::normalize_timestamp)
        .unwrap_or_else(|| "0001-01-01T00:00:00Z".to_string());
    let mut refs = vec![origin.to_string()];
    for mention in document.mentions.iter().filter(|m| m.entity_id.is_some()) {
        refs.push(format!("{}:{}-{}", document.source, mention.start, mention.end));
    }
    for indicator in &claims {
        refs.push(format!("{}:{}-{}", document.source, indicator.start, indicator.end));
    }
    let draft = AlertDraft {
        stream: Stream::Media,
        kind: "article".into(),
        case_key: format!("media:{}", document.source),
        merge_days: None,
        severity,
        title: truncate(&title, 300),
        observed_from: observed.clone(),
        observed_to: observed.clone(),
        entities: listed.keys().cloned().collect(),
        vessels: Vec::new(),
        evidence: EvidenceDraft {
            kind: "document".into(),
            summary: format!("{} mention(s), {} indicator(s)", listed.len(), claims.len()),
            refs,
            version_id: listed.values().flatten().next().copied(),
            event_id: None,
            document_id: Some(document_id),
            hit_id: None,
            observed_at: observed,
        },
    };
    Ok((true, Some(alerts::raise(tx, &draft)?)))
}

/// The canonical key of a screened query: its fields, trimmed, as sorted
/// `key=value` lines.
pub fn query_key(fields: &BTreeMap<String, String>) -> String {
    let mut key = String::new();
    for (name, value) in fields {
        let value = value.trim();
        if !value.is_empty() {
            key.push_str(name.trim());
            key.push('=');
            key.push_str(value);
            key.push('\n');
        }
    }
    key
}

fn insert_screening(
    tx: &Transaction<'_>,
    source_id: i64,
    line: u64,
    origin: &str,
    screening: &ScreeningRecord,
) -> Result<(bool, BatchReport)> {
    let key = query_key(&screening.query);
    let n = tx.execute(
        "INSERT OR IGNORE INTO screening_queries (query_key, fields, source_id, line)
         VALUES (?1, ?2, ?3, ?4)",
        params![
            key,
            serde_json::to_string(&screening.query).unwrap_or_else(|_| "{}".into()),
            source_id,
            line as i64
        ],
    )?;
    let query_id: i64 =
        tx.query_row("SELECT id FROM screening_queries WHERE query_key = ?1", [&key], |row| {
            row.get(0)
        })?;
    let mut raised = BatchReport::default();
    let refs = vec![origin.to_string()];
    for hit in &screening.matches {
        raised.raised(record_hit(tx, query_id, &screening.query, hit, Stream::Screening, &refs)?);
    }
    Ok((n == 1, raised))
}

/// Stores a hit of a query and raises its alert, unless the hit is already
/// stored. `stream` is `screening` for a first screening and `lists` for a
/// re-screening after a list change.
pub(crate) fn record_hit(
    tx: &rusqlite::Connection,
    query_id: i64,
    fields: &BTreeMap<String, String>,
    hit: &HitRecord,
    stream: Stream,
    refs: &[String],
) -> Result<Option<Raised>> {
    let version_id = current_version_of(tx, &hit.list)?;
    let n = tx.execute(
        "INSERT OR IGNORE INTO screening_hits
             (query_id, entity_id, caption, list, version_id, score, explanation, found_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
        params![
            query_id,
            hit.id,
            hit.caption,
            hit.list,
            version_id,
            hit.score,
            hit.explanation.to_string()
        ],
    )?;
    if n == 0 {
        return Ok(None);
    }
    let hit_id = tx.last_insert_rowid();
    let by_identifier = hit.explanation.get("method").and_then(Value::as_str) == Some("identifier");
    let severity = if by_identifier || hit.score >= 0.95 {
        Severity::High
    } else if hit.score >= 0.9 {
        Severity::Medium
    } else {
        Severity::Low
    };
    let label = fields
        .get("name")
        .or_else(|| fields.get("imo"))
        .or_else(|| fields.get("mmsi"))
        .map(String::as_str)
        .unwrap_or("query");
    let now: String =
        tx.query_row("SELECT strftime('%Y-%m-%dT%H:%M:%SZ', 'now')", [], |row| row.get(0))?;
    let (kind, title) = match stream {
        Stream::Lists => (
            "new_match",
            format!("{label} now matches {} ({}) after a list update", hit.caption, hit.list),
        ),
        _ => ("match", format!("{label} matches {} ({})", hit.caption, hit.list)),
    };
    let draft = AlertDraft {
        stream,
        kind: kind.into(),
        case_key: format!("screening:{query_id}:{}", hit.id),
        merge_days: None,
        severity,
        title: truncate(&title, 300),
        observed_from: now.clone(),
        observed_to: now.clone(),
        entities: vec![hit.id.clone()],
        vessels: fields.get("mmsi").and_then(|m| m.trim().parse().ok()).into_iter().collect(),
        evidence: EvidenceDraft {
            kind: "screening_hit".into(),
            summary: format!("score {:.3}", hit.score),
            refs: refs.to_vec(),
            version_id,
            event_id: None,
            document_id: None,
            hit_id: Some(hit_id),
            observed_at: now,
        },
    };
    Ok(Some(alerts::raise(tx, &draft)?))
}

fn truncate(text: &str, max_chars: usize) -> String {
    match text.char_indices().nth(max_chars) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_string(),
    }
}
