//! What a period report reads (`vigil report`, `vigil-report`): the events
//! and documents of a period with the alerts they are evidence of, the list
//! versions published in it with what they changed, and labels for vessels
//! and entities.
//!
//! Every query is fixed SQL with bound parameters, and every listing is
//! bounded by a `limit` the caller gives, with the total count beside it so
//! a report can say how much it left out.

use std::collections::BTreeMap;

use rusqlite::{params, OptionalExtension};
use serde::Serialize;
use serde_json::Value;

use crate::read::StoredEvent;
use crate::{query_version, ListVersion, Result, Store};

/// An alert a finding is evidence of, with the list version it was judged
/// against.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AlertLink {
    /// The alert's ID.
    pub alert_id: i64,
    /// Its severity now.
    pub severity: String,
    /// Its triage status now.
    pub status: String,
    /// The list version the finding was judged against, when one was.
    pub version_id: Option<i64>,
    /// The listed entities the alert touches.
    pub entities: Vec<String>,
}

/// An event that overlaps a period, with where it was ingested from and its
/// alerts.
#[derive(Debug, Clone, Serialize)]
pub struct PeriodEvent {
    /// The event as [`Store::events`] gives it.
    pub event: StoredEvent,
    /// The events file it was ingested from, as given to `vigil ingest`.
    pub source_path: String,
    /// Its 1-based line in that file.
    pub source_line: u64,
    /// The alerts it is evidence of, by alert ID.
    pub alerts: Vec<AlertLink>,
}

/// A document dated within a period, with its findings and alerts.
#[derive(Debug, Clone, Serialize)]
pub struct PeriodDocument {
    /// Its ID.
    pub id: i64,
    /// Where it came from (a path or URL).
    pub source: String,
    /// Title.
    pub title: Option<String>,
    /// Its date in the stored form.
    pub date: String,
    /// Language.
    pub language: Option<String>,
    /// Text, when the scan carried it.
    pub text: Option<String>,
    /// The scan line as given (mentions, indicators).
    pub scan: Value,
    /// The scan output it was ingested from.
    pub source_path: String,
    /// Its 1-based line in that file.
    pub source_line: u64,
    /// The alerts it is evidence of.
    pub alerts: Vec<AlertLink>,
}

/// A listed entity, by ID, with its caption and schema in one version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntityLabel {
    /// The entity ID.
    pub entity_id: String,
    /// Its caption.
    pub caption: String,
    /// Its schema (`Vessel`, `Person`, ...).
    pub schema: String,
}

/// What changed from one version of a list to the next.
#[derive(Debug, Clone, Default, Serialize)]
pub struct VersionDiff {
    /// Entities in the new version only (at most the limit asked for).
    pub added: Vec<EntityLabel>,
    /// Entities in the old version only (at most the limit).
    pub removed: Vec<EntityLabel>,
    /// Entities in both whose data differ, ignoring `provenance.version`
    /// (at most the limit).
    pub changed: Vec<EntityLabel>,
    /// How many were added in all.
    pub n_added: u64,
    /// How many were removed in all.
    pub n_removed: u64,
    /// How many changed in all.
    pub n_changed: u64,
}

/// A vessel's latest identity, for labels.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VesselLabel {
    /// MMSI.
    pub mmsi: u32,
    /// Latest ship name.
    pub name: Option<String>,
    /// Latest IMO number.
    pub imo: Option<String>,
    /// Latest call sign.
    pub callsign: Option<String>,
}

/// Alerts observed in a period, counted by stream, severity and status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AlertCount {
    /// `screening`, `maritime`, `media` or `lists`.
    pub stream: String,
    /// Severity.
    pub severity: String,
    /// Status.
    pub status: String,
    /// How many.
    pub count: u64,
}

impl Store {
    /// Events overlapping `[from, to]` (stored time form, inclusive), oldest
    /// first, at most `limit`, with the number there are in all.
    pub fn period_events(
        &self,
        from: &str,
        to: &str,
        limit: u32,
    ) -> Result<(u64, Vec<PeriodEvent>)> {
        let total: i64 = self
            .conn
            .prepare_cached("SELECT count(*) FROM events WHERE end_ts >= ?1 AND start_ts <= ?2")?
            .query_row(params![from, to], |row| row.get(0))?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT v.id, v.kind, v.mmsi_key, v.start_ts, v.end_ts, v.lat, v.lon, v.details,
                    v.listed, v.evidence, s.path, v.line
             FROM events v JOIN sources s ON s.id = v.source_id
             WHERE v.end_ts >= ?1 AND v.start_ts <= ?2
             ORDER BY v.start_ts, v.id LIMIT ?3",
        )?;
        let rows = stmt.query_map(params![from, to, limit], |row| {
            let json = |i: usize| -> rusqlite::Result<Value> {
                let text: String = row.get(i)?;
                Ok(serde_json::from_str(&text).unwrap_or(Value::String(text)))
            };
            let mmsi_key: String = row.get(2)?;
            let path: String = row.get(10)?;
            let line: i64 = row.get(11)?;
            Ok(PeriodEvent {
                event: StoredEvent {
                    id: row.get(0)?,
                    kind: row.get(1)?,
                    mmsi: mmsi_key.split(',').filter_map(|m| m.parse().ok()).collect(),
                    start: row.get(3)?,
                    end: row.get(4)?,
                    lat: row.get(5)?,
                    lon: row.get(6)?,
                    details: json(7)?,
                    listed: json(8)?,
                    evidence: json(9)?,
                    source: format!("{path}:{line}"),
                },
                source_path: path,
                source_line: line.max(0) as u64,
                alerts: Vec::new(),
            })
        })?;
        let mut events: Vec<PeriodEvent> = rows.collect::<rusqlite::Result<_>>()?;
        for event in &mut events {
            event.alerts = self.alert_links("event_id", event.event.id)?;
        }
        Ok((total as u64, events))
    }

    /// Documents whose date falls within `[from, to]` (stored time form,
    /// inclusive), oldest first, at most `limit`, with the number there are
    /// in all. A document without a readable date is in no period.
    pub fn period_documents(
        &self,
        from: &str,
        to: &str,
        limit: usize,
    ) -> Result<(u64, Vec<PeriodDocument>)> {
        // Dates are stored as the scanner gave them, so they are normalised
        // here; only IDs and dates are read for the whole table.
        let mut dated: Vec<(String, i64)> = Vec::new();
        {
            let mut stmt = self.conn.prepare_cached("SELECT id, date FROM documents")?;
            let mut rows = stmt.query([])?;
            while let Some(row) = rows.next()? {
                let date: Option<String> = row.get(1)?;
                let Some(date) = date.as_deref().and_then(crate::normalize_timestamp) else {
                    continue;
                };
                if date.as_str() >= from && date.as_str() <= to {
                    dated.push((date, row.get(0)?));
                }
            }
        }
        dated.sort();
        let total = dated.len() as u64;
        let mut out = Vec::with_capacity(dated.len().min(limit));
        for (date, id) in dated.into_iter().take(limit) {
            let found = self
                .conn
                .prepare_cached(
                    "SELECT d.source, d.title, d.language, d.text, d.data, s.path, d.line
                     FROM documents d JOIN sources s ON s.id = d.source_id WHERE d.id = ?1",
                )?
                .query_row([id], |row| {
                    let data: String = row.get(4)?;
                    let line: i64 = row.get(6)?;
                    Ok(PeriodDocument {
                        id,
                        source: row.get(0)?,
                        title: row.get(1)?,
                        date: date.clone(),
                        language: row.get(2)?,
                        text: row.get(3)?,
                        scan: serde_json::from_str(&data).unwrap_or(Value::String(data)),
                        source_path: row.get(5)?,
                        source_line: line.max(0) as u64,
                        alerts: Vec::new(),
                    })
                })
                .optional()?;
            if let Some(mut document) = found {
                document.alerts = self.alert_links("document_id", id)?;
                out.push(document);
            }
        }
        Ok((total, out))
    }

    /// The alerts whose evidence names this event or document
    /// (`column` is `event_id` or `document_id`; never caller input).
    fn alert_links(&self, column: &'static str, id: i64) -> Result<Vec<AlertLink>> {
        let sql = format!(
            "SELECT a.id, a.severity, a.status, max(e.version_id)
             FROM alert_evidence e JOIN alerts a ON a.id = e.alert_id
             WHERE e.{column} = ?1 GROUP BY a.id ORDER BY a.id"
        );
        let mut links: Vec<AlertLink> = self
            .conn
            .prepare_cached(&sql)?
            .query_map([id], |row| {
                Ok(AlertLink {
                    alert_id: row.get(0)?,
                    severity: row.get(1)?,
                    status: row.get(2)?,
                    version_id: row.get(3)?,
                    entities: Vec::new(),
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        for link in &mut links {
            link.entities = self
                .conn
                .prepare_cached(
                    "SELECT entity_id FROM alert_entities WHERE alert_id = ?1 ORDER BY entity_id",
                )?
                .query_map([link.alert_id], |row| row.get(0))?
                .collect::<rusqlite::Result<_>>()?;
        }
        Ok(links)
    }

    /// The version stored before `version_id` of the same list, if any.
    pub fn previous_version(&self, version_id: i64) -> Result<Option<ListVersion>> {
        Ok(query_version(
            &self.conn,
            "WHERE id = (SELECT max(p.id) FROM list_versions p JOIN list_versions v
                         ON v.id = ?1 AND p.list = v.list AND p.id < v.id)",
            [version_id],
        )?
        .pop())
    }

    /// What changed from version `old` to version `new`: the entities added,
    /// removed and changed (at most `limit` of each, by entity ID) and how
    /// many of each there are. "Changed" ignores `provenance.version`, as
    /// [`crate::ImportReport`] does.
    pub fn version_diff(&self, old: i64, new: i64, limit: u32) -> Result<VersionDiff> {
        let labels = |sql: &str| -> Result<Vec<EntityLabel>> {
            let mut stmt = self.conn.prepare_cached(sql)?;
            let rows = stmt.query_map(params![old, new, limit], |row| {
                Ok(EntityLabel {
                    entity_id: row.get(0)?,
                    caption: row.get(1)?,
                    schema: row.get(2)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        };
        let added = labels(
            "SELECT n.entity_id, n.caption, n.schema FROM entities n
             WHERE n.version_id = ?2 AND NOT EXISTS
               (SELECT 1 FROM entities o WHERE o.version_id = ?1 AND o.entity_id = n.entity_id)
             ORDER BY n.entity_id LIMIT ?3",
        )?;
        let removed = labels(
            "SELECT o.entity_id, o.caption, o.schema FROM entities o
             WHERE o.version_id = ?1 AND NOT EXISTS
               (SELECT 1 FROM entities n WHERE n.version_id = ?2 AND n.entity_id = o.entity_id)
             ORDER BY o.entity_id LIMIT ?3",
        )?;
        let changed = labels(
            "SELECT n.entity_id, n.caption, n.schema FROM entities o JOIN entities n
               ON n.version_id = ?2 AND n.entity_id = o.entity_id
             WHERE o.version_id = ?1 AND o.data <> n.data
               AND json_remove(o.data, '$.provenance.version')
                   <> json_remove(n.data, '$.provenance.version')
             ORDER BY n.entity_id LIMIT ?3",
        )?;
        let (n_added, n_removed, n_changed) = crate::compare_versions(&self.conn, old, new)?;
        Ok(VersionDiff { added, removed, changed, n_added, n_removed, n_changed })
    }

    /// The latest identity of each of these vessels the store has seen.
    pub fn vessel_labels(&self, mmsis: &[u32]) -> Result<BTreeMap<u32, VesselLabel>> {
        let mut out = BTreeMap::new();
        let mut stmt =
            self.conn.prepare_cached("SELECT name, imo, callsign FROM vessels WHERE mmsi = ?1")?;
        for &mmsi in mmsis {
            let found = stmt
                .query_row([mmsi], |row| {
                    Ok(VesselLabel {
                        mmsi,
                        name: row.get(0)?,
                        imo: row.get(1)?,
                        callsign: row.get(2)?,
                    })
                })
                .optional()?;
            if let Some(label) = found {
                out.insert(mmsi, label);
            }
        }
        Ok(out)
    }

    /// The caption, schema and list of each entity, as the latest stored
    /// version holding it has them (it may have been delisted since).
    pub fn entity_labels(
        &self,
        entity_ids: &[String],
    ) -> Result<BTreeMap<String, (EntityLabel, String)>> {
        let mut out = BTreeMap::new();
        let mut stmt = self.conn.prepare_cached(
            "SELECT e.caption, e.schema, v.list FROM entities e
             JOIN list_versions v ON v.id = e.version_id
             WHERE e.entity_id = ?1 ORDER BY e.version_id DESC LIMIT 1",
        )?;
        for entity_id in entity_ids {
            let found = stmt
                .query_row([entity_id], |row| {
                    Ok((
                        EntityLabel {
                            entity_id: entity_id.clone(),
                            caption: row.get(0)?,
                            schema: row.get(1)?,
                        },
                        row.get::<_, String>(2)?,
                    ))
                })
                .optional()?;
            if let Some(found) = found {
                out.insert(entity_id.clone(), found);
            }
        }
        Ok(out)
    }

    /// Alerts whose observed period overlaps `[from, to]`, counted by
    /// stream, severity and status.
    pub fn period_alert_counts(&self, from: &str, to: &str) -> Result<Vec<AlertCount>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT stream, severity, status, count(*) FROM alerts
             WHERE observed_to >= ?1 AND observed_from <= ?2
             GROUP BY stream, severity, status ORDER BY stream, severity, status",
        )?;
        let rows = stmt.query_map(params![from, to], |row| {
            Ok(AlertCount {
                stream: row.get(0)?,
                severity: row.get(1)?,
                status: row.get(2)?,
                count: row.get::<_, i64>(3)?.max(0) as u64,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The `lists` alerts raised from a list version (re-screening after it
    /// was imported), by ID.
    pub fn alerts_of_version(&self, version_id: i64) -> Result<Vec<i64>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT DISTINCT e.alert_id FROM alert_evidence e JOIN alerts a ON a.id = e.alert_id
             WHERE e.version_id = ?1 AND a.stream = 'lists' ORDER BY e.alert_id",
        )?;
        let rows = stmt.query_map([version_id], |row| row.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
