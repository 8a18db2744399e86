//! Reading what the monitoring streams stored: vessels with their identity
//! history and tracks, events, documents, entity histories, and the
//! re-screening of stored queries after a list update.
//!
//! Every query is fixed SQL with bound parameters; filters that are not set
//! are bound as NULL and switch their condition off.

use std::collections::BTreeMap;

use rusqlite::{params, OptionalExtension, TransactionBehavior};
use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::alerts::{self, AlertDraft, EvidenceDraft, Page, Severity, Stream};
use crate::monitor::{record_hit, BatchReport, HitRecord};
use crate::{Result, Store};

/// One identity state of a vessel.
#[derive(Debug, Clone, Serialize)]
pub struct IdentityState {
    /// Ship name.
    pub name: Option<String>,
    /// IMO number.
    pub imo: Option<String>,
    /// Call sign.
    pub callsign: Option<String>,
    /// Ship type code.
    pub shiptype: Option<i64>,
    /// First seen.
    pub first_seen: String,
    /// Last seen.
    pub last_seen: String,
    /// `file:line` that first showed it.
    pub src: Option<String>,
}

/// A listed entity a vessel is linked to by identifier.
#[derive(Debug, Clone, Serialize)]
pub struct ListedLink {
    /// The entity.
    pub entity_id: String,
    /// Its caption.
    pub caption: String,
    /// The list.
    pub list: String,
    /// The version in force it is in.
    pub version_id: i64,
    /// `mmsi` or `imo`.
    pub by: String,
}

/// A vessel with its history and links.
#[derive(Debug, Clone, Serialize)]
pub struct Vessel {
    /// Its MMSI.
    pub mmsi: u32,
    /// The latest name.
    pub name: Option<String>,
    /// The latest IMO number.
    pub imo: Option<String>,
    /// The latest call sign.
    pub callsign: Option<String>,
    /// The latest ship type.
    pub shiptype: Option<i64>,
    /// First position.
    pub first_seen: Option<String>,
    /// Last position.
    pub last_seen: Option<String>,
    /// Positions stored.
    pub positions: u64,
    /// Every identity state, oldest first.
    pub identities: Vec<IdentityState>,
    /// Listed entities in force carrying its MMSI or IMO.
    pub listed: Vec<ListedLink>,
    /// Events it is in.
    pub events: u64,
    /// IDs of the alerts touching it.
    pub alerts: Vec<i64>,
}

/// A stored position.
#[derive(Debug, Clone, Serialize)]
pub struct Position {
    /// Time.
    pub ts: String,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
    /// Speed, knots.
    pub speed: Option<f64>,
    /// Course, degrees.
    pub course: Option<f64>,
    /// `file:line`.
    pub src: Option<String>,
}

/// A stored event.
#[derive(Debug, Clone, Serialize)]
pub struct StoredEvent {
    /// Its ID.
    pub id: i64,
    /// Kind.
    pub kind: String,
    /// The vessels.
    pub mmsi: Vec<u32>,
    /// Start.
    pub start: String,
    /// End.
    pub end: String,
    /// Latitude.
    pub lat: Option<f64>,
    /// Longitude.
    pub lon: Option<f64>,
    /// The numbers that decided it.
    pub details: Value,
    /// Listed entries the detector linked.
    pub listed: Value,
    /// `file:line` of its positions.
    pub evidence: Value,
    /// `file:line` of the events file it was ingested from.
    pub source: String,
}

/// Filters and paging of [`Store::events`].
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    /// Only this kind.
    pub kind: Option<String>,
    /// Only events of this vessel.
    pub mmsi: Option<u32>,
    /// Only events ending at or after this time.
    pub from: Option<String>,
    /// Only events starting at or before this time.
    pub to: Option<String>,
    /// At most this many.
    pub limit: u32,
    /// Skip this many.
    pub offset: u64,
}

/// A stored document with its findings.
#[derive(Debug, Clone, Serialize)]
pub struct Document {
    /// Its ID.
    pub id: i64,
    /// Where it came from.
    pub source: String,
    /// Title.
    pub title: Option<String>,
    /// Date.
    pub date: Option<String>,
    /// Language.
    pub language: Option<String>,
    /// Text, when the scan carried it.
    pub text: Option<String>,
    /// The scan line as given (mentions, indicators, boilerplate spans).
    pub scan: Value,
    /// `file:line` of the scan output it was ingested from.
    pub ingested_from: String,
    /// IDs of the alerts it is evidence of.
    pub alerts: Vec<i64>,
}

/// One version of a list that holds an entity.
#[derive(Debug, Clone, Serialize)]
pub struct EntityVersion {
    /// The version's ID.
    pub version_id: i64,
    /// The list.
    pub list: String,
    /// The version.
    pub version: String,
    /// When imported.
    pub imported_at: String,
    /// The entity's caption in that version.
    pub caption: String,
}

/// A stored screening query.
#[derive(Debug, Clone)]
pub struct StoredQuery {
    /// Its ID.
    pub id: i64,
    /// Its fields (`name`, `birth_date`, `imo`, ...).
    pub fields: BTreeMap<String, String>,
    /// The entity IDs it hit so far.
    pub hits: Vec<String>,
}

impl Store {
    /// A vessel by MMSI, if the store has seen it.
    pub fn vessel(&self, mmsi: u32) -> Result<Option<Vessel>> {
        let row = self
            .conn
            .prepare_cached(
                "SELECT name, imo, callsign, shiptype, first_seen, last_seen FROM vessels
                 WHERE mmsi = ?1",
            )?
            .query_row([mmsi], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?, row.get(5)?))
            })
            .optional()?;
        type Row = (
            Option<String>,
            Option<String>,
            Option<String>,
            Option<i64>,
            Option<String>,
            Option<String>,
        );
        let row: Option<Row> = row;
        let Some((name, imo, callsign, shiptype, first_seen, last_seen)) = row else {
            return Ok(None);
        };
        let positions: i64 = self
            .conn
            .prepare_cached("SELECT count(*) FROM positions WHERE mmsi = ?1")?
            .query_row([mmsi], |row| row.get(0))?;
        let identities = self
            .conn
            .prepare_cached(
                "SELECT name, imo, callsign, shiptype, first_seen, last_seen, src
                 FROM vessel_identities WHERE mmsi = ?1 ORDER BY id",
            )?
            .query_map([mmsi], |row| {
                Ok(IdentityState {
                    name: row.get(0)?,
                    imo: row.get(1)?,
                    callsign: row.get(2)?,
                    shiptype: row.get(3)?,
                    first_seen: row.get(4)?,
                    last_seen: row.get(5)?,
                    src: row.get(6)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let listed = self
            .conn
            .prepare_cached(
                "SELECT DISTINCT i.entity_id, e.caption, c.list, i.version_id, i.kind
                 FROM entity_idents i
                 JOIN current_versions c ON c.id = i.version_id
                 JOIN entities e ON e.version_id = i.version_id AND e.entity_id = i.entity_id
                 WHERE (i.kind = 'mmsi' AND i.value = ?1) OR (i.kind = 'imo' AND i.value = ?2)
                 ORDER BY i.entity_id",
            )?
            .query_map(params![mmsi.to_string(), imo.as_deref().unwrap_or("")], |row| {
                Ok(ListedLink {
                    entity_id: row.get(0)?,
                    caption: row.get(1)?,
                    list: row.get(2)?,
                    version_id: row.get(3)?,
                    by: row.get(4)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let events: i64 = self
            .conn
            .prepare_cached("SELECT count(*) FROM event_vessels WHERE mmsi = ?1")?
            .query_row([mmsi], |row| row.get(0))?;
        let alerts = self
            .conn
            .prepare_cached("SELECT alert_id FROM alert_vessels WHERE mmsi = ?1 ORDER BY alert_id")?
            .query_map([mmsi], |row| row.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(Some(Vessel {
            mmsi,
            name,
            imo,
            callsign,
            shiptype,
            first_seen,
            last_seen,
            positions: positions as u64,
            identities,
            listed,
            events: events as u64,
            alerts,
        }))
    }

    /// Whether the store has seen this MMSI (in AIS or in an event).
    pub fn has_vessel(&self, mmsi: u32) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached("SELECT 1 FROM vessels WHERE mmsi = ?1")?
            .query_row([mmsi], |_| Ok(()))
            .optional()?
            .is_some())
    }

    /// A vessel's positions between two times (stored form, inclusive), in
    /// time order, at most `limit`.
    pub fn track(
        &self,
        mmsi: u32,
        from: Option<&str>,
        to: Option<&str>,
        limit: u32,
    ) -> Result<Vec<Position>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT ts, lat, lon, speed, course, src FROM positions
             WHERE mmsi = ?1 AND (?2 IS NULL OR ts >= ?2) AND (?3 IS NULL OR ts <= ?3)
             ORDER BY ts LIMIT ?4",
        )?;
        let rows = stmt.query_map(params![mmsi, from, to, limit], |row| {
            Ok(Position {
                ts: row.get(0)?,
                lat: row.get(1)?,
                lon: row.get(2)?,
                speed: row.get(3)?,
                course: row.get(4)?,
                src: row.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Events matching `filter`, newest first.
    pub fn events(&self, filter: &EventFilter) -> Result<Page<StoredEvent>> {
        let clause = "FROM events v JOIN sources s ON s.id = v.source_id
             WHERE (?1 IS NULL OR v.kind = ?1)
               AND (?2 IS NULL OR v.id IN (SELECT event_id FROM event_vessels WHERE mmsi = ?2))
               AND (?3 IS NULL OR v.end_ts >= ?3)
               AND (?4 IS NULL OR v.start_ts <= ?4)";
        let total: i64 = self
            .conn
            .prepare_cached(&format!("SELECT count(*) {clause}"))?
            .query_row(params![filter.kind, filter.mmsi, filter.from, filter.to], |r| r.get(0))?;
        let sql = format!(
            "SELECT v.id, v.kind, v.mmsi_key, v.start_ts, v.end_ts, v.lat, v.lon, v.details,
                    v.listed, v.evidence, s.path, v.line
             {clause} ORDER BY v.start_ts DESC, v.id DESC LIMIT ?5 OFFSET ?6"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(
            params![
                filter.kind,
                filter.mmsi,
                filter.from,
                filter.to,
                filter.limit,
                filter.offset as i64
            ],
            |row| {
                let json = |i: usize| -> rusqlite::Result<Value> {
                    let text: String = row.get(i)?;
                    Ok(serde_json::from_str(&text).unwrap_or(Value::String(text)))
                };
                let mmsi_key: String = row.get(2)?;
                let path: String = row.get(10)?;
                let line: i64 = row.get(11)?;
                Ok(StoredEvent {
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
                })
            },
        )?;
        Ok(Page {
            total: total as u64,
            limit: filter.limit,
            offset: filter.offset,
            results: rows.collect::<rusqlite::Result<_>>()?,
        })
    }

    /// A document by ID.
    pub fn document(&self, id: i64) -> Result<Option<Document>> {
        let document = self
            .conn
            .prepare_cached(
                "SELECT d.id, d.source, d.title, d.date, d.language, d.text, d.data, s.path, d.line
                 FROM documents d JOIN sources s ON s.id = d.source_id WHERE d.id = ?1",
            )?
            .query_row([id], |row| {
                let data: String = row.get(6)?;
                let path: String = row.get(7)?;
                let line: i64 = row.get(8)?;
                Ok(Document {
                    id: row.get(0)?,
                    source: row.get(1)?,
                    title: row.get(2)?,
                    date: row.get(3)?,
                    language: row.get(4)?,
                    text: row.get(5)?,
                    scan: serde_json::from_str(&data).unwrap_or(Value::String(data)),
                    ingested_from: format!("{path}:{line}"),
                    alerts: Vec::new(),
                })
            })
            .optional()?;
        let Some(mut document) = document else { return Ok(None) };
        document.alerts = self
            .conn
            .prepare_cached(
                "SELECT DISTINCT alert_id FROM alert_evidence WHERE document_id = ?1 ORDER BY alert_id",
            )?
            .query_map([id], |row| row.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(Some(document))
    }

    /// Every stored version of every list that holds the entity, oldest first.
    pub fn entity_versions(&self, entity_id: &str) -> Result<Vec<EntityVersion>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT v.id, v.list, v.version, v.imported_at, e.caption
             FROM entities e JOIN list_versions v ON v.id = e.version_id
             WHERE e.entity_id = ?1 ORDER BY v.id",
        )?;
        let rows = stmt.query_map([entity_id], |row| {
            Ok(EntityVersion {
                version_id: row.get(0)?,
                list: row.get(1)?,
                version: row.get(2)?,
                imported_at: row.get(3)?,
                caption: row.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// IDs of the alerts touching an entity.
    pub fn entity_alerts(&self, entity_id: &str) -> Result<Vec<i64>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT alert_id FROM alert_entities WHERE entity_id = ?1 ORDER BY alert_id",
        )?;
        let rows = stmt.query_map([entity_id], |row| row.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every stored screening query with the entities it hit so far.
    pub fn screening_queries(&self) -> Result<Vec<StoredQuery>> {
        let mut hits: BTreeMap<i64, Vec<String>> = BTreeMap::new();
        let mut stmt =
            self.conn.prepare("SELECT query_id, entity_id FROM screening_hits ORDER BY id")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            hits.entry(row.get(0)?).or_default().push(row.get(1)?);
        }
        let mut stmt = self.conn.prepare("SELECT id, fields FROM screening_queries ORDER BY id")?;
        let rows =
            stmt.query_map([], |row| Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?)))?;
        let mut out = Vec::new();
        for row in rows {
            let (id, fields) = row?;
            out.push(StoredQuery {
                id,
                fields: serde_json::from_str(&fields).unwrap_or_default(),
                hits: hits.remove(&id).unwrap_or_default(),
            });
        }
        Ok(out)
    }

    /// Records a re-screening after list version `version_id` was imported,
    /// once: the new hits of stored queries (`hits`, from screening each
    /// stored query against the lists now in force) become `lists` alerts,
    /// stored vessels that the version lists by MMSI or IMO and its previous
    /// version did not become `lists` alerts, and so do hits whose entity
    /// the version removed. Returns `None` when this version was already
    /// re-screened.
    pub fn record_rescreen(
        &mut self,
        version_id: i64,
        hits: &[(i64, Vec<HitRecord>)],
    ) -> Result<Option<BatchReport>> {
        let key = format!("version:{version_id}");
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let done: Option<Option<String>> = tx
            .query_row(
                "SELECT finished_at FROM sources WHERE kind = 'rescreen' AND content_sha256 = ?1",
                [&key],
                |row| row.get(0),
            )
            .optional()?;
        if matches!(done, Some(Some(_))) {
            return Ok(None);
        }
        let (list, version, previous): (String, String, Option<i64>) = tx.query_row(
            "SELECT list, version,
                    (SELECT max(p.id) FROM list_versions p WHERE p.list = v.list AND p.id < v.id)
             FROM list_versions v WHERE v.id = ?1",
            [version_id],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
        )?;
        let origin = format!("{list}@{version}");
        let mut report = BatchReport::default();
        let mut fields_of: BTreeMap<i64, BTreeMap<String, String>> = BTreeMap::new();
        {
            let mut stmt = tx.prepare("SELECT id, fields FROM screening_queries")?;
            let rows =
                stmt.query_map([], |row| Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?)))?;
            for row in rows {
                let (id, fields) = row?;
                fields_of.insert(id, serde_json::from_str(&fields).unwrap_or_default());
            }
        }
        for (query_id, query_hits) in hits {
            let Some(fields) = fields_of.get(query_id) else { continue };
            for hit in query_hits {
                if let Some(raised) = record_hit(
                    &tx,
                    *query_id,
                    fields,
                    hit,
                    Stream::Lists,
                    std::slice::from_ref(&origin),
                )? {
                    report.inserted += 1;
                    match raised {
                        alerts::Raised::Created(_) => report.alerts_created += 1,
                        alerts::Raised::Merged(_) => report.alerts_updated += 1,
                    }
                }
            }
        }
        // Stored vessels newly listed by this version.
        let newly_listed: Vec<(u32, String, String, String)> = tx
            .prepare(
                "SELECT DISTINCT ves.mmsi, i.entity_id, e.caption, i.kind
                 FROM vessels ves
                 JOIN entity_idents i ON i.version_id = ?1 AND (
                      (i.kind = 'mmsi' AND i.value = CAST(ves.mmsi AS TEXT))
                   OR (i.kind = 'imo' AND i.value = ves.imo))
                 JOIN entities e ON e.version_id = i.version_id AND e.entity_id = i.entity_id
                 WHERE NOT EXISTS (SELECT 1 FROM entity_idents p WHERE p.version_id = ?2
                                   AND p.kind = i.kind AND p.value = i.value
                                   AND p.entity_id = i.entity_id)
                 ORDER BY ves.mmsi, i.entity_id",
            )?
            .query_map(params![version_id, previous.unwrap_or(-1)], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let now: String =
            tx.query_row("SELECT strftime('%Y-%m-%dT%H:%M:%SZ', 'now')", [], |row| row.get(0))?;
        for (mmsi, entity_id, caption, by) in newly_listed {
            let draft = AlertDraft {
                stream: Stream::Lists,
                kind: "vessel_listed".into(),
                case_key: format!("lists:vessel:{mmsi}:{entity_id}"),
                merge_days: None,
                severity: Severity::High,
                title: format!("vessel {mmsi} is now listed as {caption} ({origin}, by {by})"),
                observed_from: now.clone(),
                observed_to: now.clone(),
                entities: vec![entity_id],
                vessels: vec![mmsi],
                evidence: EvidenceDraft {
                    kind: "list_change".into(),
                    summary: format!("listed by {by} in {origin}"),
                    refs: vec![origin.clone()],
                    version_id: Some(version_id),
                    event_id: None,
                    document_id: None,
                    hit_id: None,
                    observed_at: now.clone(),
                },
            };
            report.add(raise_counted(&tx, &draft)?);
        }
        // Earlier hits whose entity this version removed.
        if let Some(previous) = previous {
            let delisted: Vec<(i64, String, String)> = tx
                .prepare(
                    "SELECT DISTINCT h.query_id, h.entity_id, h.caption FROM screening_hits h
                     WHERE EXISTS (SELECT 1 FROM entities o
                                   WHERE o.version_id = ?2 AND o.entity_id = h.entity_id)
                       AND NOT EXISTS (SELECT 1 FROM entities n
                                       WHERE n.version_id = ?1 AND n.entity_id = h.entity_id)
                     ORDER BY h.query_id, h.entity_id",
                )?
                .query_map(params![version_id, previous], |row| {
                    Ok((row.get(0)?, row.get(1)?, row.get(2)?))
                })?
                .collect::<rusqlite::Result<_>>()?;
            for (query_id, entity_id, caption) in delisted {
                let label = fields_of
                    .get(&query_id)
                    .and_then(|f| f.get("name").or_else(|| f.get("imo")).cloned())
                    .unwrap_or_else(|| format!("query {query_id}"));
                let draft = AlertDraft {
                    stream: Stream::Lists,
                    kind: "delisted".into(),
                    case_key: format!("lists:delisted:{query_id}:{entity_id}:{version_id}"),
                    merge_days: None,
                    severity: Severity::Low,
                    title: format!("{caption}, which {label} matched, is no longer on {origin}"),
                    observed_from: now.clone(),
                    observed_to: now.clone(),
                    entities: vec![entity_id],
                    vessels: Vec::new(),
                    evidence: EvidenceDraft {
                        kind: "list_change".into(),
                        summary: format!("removed in {origin}"),
                        refs: vec![origin.clone()],
                        version_id: Some(version_id),
                        event_id: None,
                        document_id: None,
                        hit_id: None,
                        observed_at: now.clone(),
                    },
                };
                report.add(raise_counted(&tx, &draft)?);
            }
        }
        tx.execute(
            "INSERT INTO sources (kind, content_sha256, path, started_at, finished_at, records)
             VALUES ('rescreen', ?1, ?2, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'),
                     strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?3)
             ON CONFLICT (kind, content_sha256) DO UPDATE SET finished_at = excluded.finished_at",
            params![key, origin, report.inserted as i64],
        )?;
        tx.commit()?;
        Ok(Some(report))
    }

    /// List versions in force that have not been re-screened yet, oldest
    /// first (see [`Store::record_rescreen`]).
    pub fn versions_to_rescreen(&self) -> Result<Vec<i64>> {
        let mut stmt = self.conn.prepare(
            "SELECT c.id FROM current_versions c WHERE NOT EXISTS
                 (SELECT 1 FROM sources s WHERE s.kind = 'rescreen'
                  AND s.content_sha256 = 'version:' || c.id AND s.finished_at IS NOT NULL)
             ORDER BY c.id",
        )?;
        let rows = stmt.query_map([], |row| row.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// A digest of every table's content, leaving out what differs between
    /// two runs of the same ingest (row IDs, the times things were done, the
    /// source paths), by table name. Two stores that ingested the same inputs
    /// have equal digests, however often their ingests were interrupted.
    pub fn content_digests(&self) -> Result<BTreeMap<String, (u64, String)>> {
        const TABLES: &[(&str, &str)] = &[
            ("positions", "SELECT mmsi, ts, lat, lon, speed, course, line, src FROM positions ORDER BY mmsi, ts, lat, lon"),
            ("vessels", "SELECT mmsi, name, imo, callsign, shiptype, first_seen, last_seen FROM vessels ORDER BY mmsi"),
            ("vessel_identities", "SELECT mmsi, name, imo, callsign, shiptype, first_seen, last_seen, line, src FROM vessel_identities ORDER BY mmsi, first_seen, line"),
            ("events", "SELECT kind, mmsi_key, start_ts, end_ts, lat, lon, details, listed, evidence, line FROM events ORDER BY kind, mmsi_key, start_ts"),
            ("documents", "SELECT doc_sha256, source, title, date, text, data, line FROM documents ORDER BY doc_sha256"),
            ("screening_hits", "SELECT q.query_key, h.entity_id, h.score FROM screening_hits h JOIN screening_queries q ON q.id = h.query_id ORDER BY q.query_key, h.entity_id"),
            ("alerts", "SELECT stream, kind, case_key, severity, status, title, observed_from, observed_to, revision, (SELECT count(*) FROM alert_evidence e WHERE e.alert_id = a.id) FROM alerts a ORDER BY case_key, observed_from"),
            ("alert_evidence", "SELECT a.case_key, a.observed_from, e.kind, e.summary, e.observed_at FROM alert_evidence e JOIN alerts a ON a.id = e.alert_id ORDER BY a.case_key, a.observed_from, e.observed_at, e.summary"),
            ("sources", "SELECT kind, content_sha256, finished_at IS NOT NULL, next_line, records, errors FROM sources ORDER BY kind, content_sha256"),
        ];
        let mut out = BTreeMap::new();
        for (table, sql) in TABLES {
            let mut stmt = self.conn.prepare(sql)?;
            let n_columns = stmt.column_count();
            let mut rows = stmt.query([])?;
            let mut hasher = Sha256::new();
            let mut n_rows = 0u64;
            while let Some(row) = rows.next()? {
                n_rows += 1;
                for i in 0..n_columns {
                    let value = match row.get_ref(i)? {
                        rusqlite::types::ValueRef::Null => "\u{0}".to_string(),
                        rusqlite::types::ValueRef::Integer(v) => v.to_string(),
                        rusqlite::types::ValueRef::Real(v) => v.to_string(),
                        rusqlite::types::ValueRef::Text(v) | rusqlite::types::ValueRef::Blob(v) => {
                            String::from_utf8_lossy(v).into_owned()
                        }
                    };
                    hasher.update(value.as_bytes());
                    hasher.update(b"\x1f");
                }
                hasher.update(b"\x1e");
            }
            out.insert(table.to_string(), (n_rows, crate::hex(&hasher.finalize())));
        }
        Ok(out)
    }
}

fn raise_counted(tx: &rusqlite::Connection, draft: &AlertDraft) -> Result<BatchReport> {
    let mut report = BatchReport { inserted: 1, ..BatchReport::default() };
    match alerts::raise(tx, draft)? {
        alerts::Raised::Created(_) => report.alerts_created += 1,
        alerts::Raised::Merged(_) => report.alerts_updated += 1,
    }
    Ok(report)
}
