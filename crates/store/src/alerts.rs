//! Alerts: one per case, with evidence, a status analysts change, and an
//! audit log of every change.
//!
//! Findings are turned into alerts when they are written (see `monitor`):
//! a finding whose case already has an alert adds evidence to it instead of
//! raising a new one. A case is named by a key (`maritime:encounter:A,B`,
//! `screening:<query>:<entity>`, `media:<source>`); maritime cases also merge
//! only findings within a day of the alert's observed period, so the same two
//! vessels meeting on consecutive days are one case, and again a month later
//! a new one.
//!
//! Triage ([`Store::triage`]) is one transaction that checks the alert's
//! revision when the caller gives one, changes status and note, bumps the
//! revision and appends to the audit log, so concurrent analysts cannot
//! overwrite each other unknowingly and no change goes unrecorded.

use rusqlite::{params, OptionalExtension, TransactionBehavior};
use serde::Serialize;
use serde_json::Value;

use crate::{Result, Store};

/// Which stream raised an alert.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stream {
    /// A screening hit.
    Screening,
    /// An AIS event.
    Maritime,
    /// An article.
    Media,
    /// A list change that affects what was screened or seen before.
    Lists,
}

impl Stream {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Stream::Screening => "screening",
            Stream::Maritime => "maritime",
            Stream::Media => "media",
            Stream::Lists => "lists",
        }
    }

    /// Parses a stored name.
    pub fn parse(name: &str) -> Option<Stream> {
        Some(match name {
            "screening" => Stream::Screening,
            "maritime" => Stream::Maritime,
            "media" => Stream::Media,
            "lists" => Stream::Lists,
            _ => return None,
        })
    }
}

/// How urgent an alert is, in increasing order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Worth a look.
    Low,
    /// Should be reviewed.
    Medium,
    /// Review soon.
    High,
    /// A listed party doing what sanctions forbid.
    Critical,
}

impl Severity {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }

    /// Parses a stored name.
    pub fn parse(name: &str) -> Option<Severity> {
        Some(match name {
            "low" => Severity::Low,
            "medium" => Severity::Medium,
            "high" => Severity::High,
            "critical" => Severity::Critical,
            _ => return None,
        })
    }
}

/// Where an alert is in triage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Not yet reviewed.
    New,
    /// Reviewed: a true finding.
    Confirmed,
    /// Reviewed: a false positive or irrelevant.
    Dismissed,
}

impl Status {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::Confirmed => "confirmed",
            Status::Dismissed => "dismissed",
        }
    }

    /// Parses a stored name.
    pub fn parse(name: &str) -> Option<Status> {
        Some(match name {
            "new" => Status::New,
            "confirmed" => Status::Confirmed,
            "dismissed" => Status::Dismissed,
            _ => return None,
        })
    }
}

/// A finding's evidence, before it is stored.
#[derive(Debug, Clone)]
pub(crate) struct EvidenceDraft {
    pub kind: String,
    pub summary: String,
    pub refs: Vec<String>,
    pub version_id: Option<i64>,
    pub event_id: Option<i64>,
    pub document_id: Option<i64>,
    pub hit_id: Option<i64>,
    pub observed_at: String,
}

/// A finding that should be an alert, before it is matched to a case.
#[derive(Debug, Clone)]
pub(crate) struct AlertDraft {
    pub stream: Stream,
    pub kind: String,
    pub case_key: String,
    /// `Some(n)`: merge into an alert of the same case observed within `n`
    /// days; `None`: merge into any alert of the same case.
    pub merge_days: Option<i64>,
    pub severity: Severity,
    pub title: String,
    pub observed_from: String,
    pub observed_to: String,
    pub entities: Vec<String>,
    pub vessels: Vec<u32>,
    pub evidence: EvidenceDraft,
}

/// What raising a draft did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Raised {
    /// A new alert with this ID.
    Created(i64),
    /// Evidence added to the existing alert with this ID.
    Merged(i64),
}

const NOW: &str = "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')";

/// Creates an alert for the draft, or adds its evidence to the alert of the
/// same case; records either in the audit log as the `system` actor.
pub(crate) fn raise(conn: &rusqlite::Connection, draft: &AlertDraft) -> Result<Raised> {
    let existing: Option<(i64, String)> = match draft.merge_days {
        Some(days) => conn
            .prepare_cached(
                "SELECT id, severity FROM alerts
                 WHERE case_key = ?1
                   AND date(observed_to) >= date(?2, printf('-%d day', ?4))
                   AND date(observed_from) <= date(?3, printf('+%d day', ?4))
                 ORDER BY id LIMIT 1",
            )?
            .query_row(
                params![draft.case_key, draft.observed_from, draft.observed_to, days],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()?,
        None => conn
            .prepare_cached(
                "SELECT id, severity FROM alerts WHERE case_key = ?1 ORDER BY id LIMIT 1",
            )?
            .query_row([&draft.case_key], |row| Ok((row.get(0)?, row.get(1)?)))
            .optional()?,
    };
    let (alert_id, raised) = match existing {
        Some((alert_id, severity)) => {
            let severity = Severity::parse(&severity).unwrap_or(Severity::Low).max(draft.severity);
            conn.execute(
                &format!(
                    "UPDATE alerts SET observed_from = min(observed_from, ?2),
                         observed_to = max(observed_to, ?3), severity = ?4,
                         updated_at = {NOW}, revision = revision + 1
                     WHERE id = ?1"
                ),
                params![alert_id, draft.observed_from, draft.observed_to, severity.as_str()],
            )?;
            audit(
                conn,
                alert_id,
                "system",
                "evidence_added",
                None,
                None,
                Some(&draft.evidence.summary),
            )?;
            (alert_id, Raised::Merged(alert_id))
        }
        None => {
            conn.execute(
                &format!(
                    "INSERT INTO alerts (stream, kind, case_key, severity, title, observed_from,
                                         observed_to, created_at, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, {NOW}, {NOW})"
                ),
                params![
                    draft.stream.as_str(),
                    draft.kind,
                    draft.case_key,
                    draft.severity.as_str(),
                    draft.title,
                    draft.observed_from,
                    draft.observed_to
                ],
            )?;
            let alert_id = conn.last_insert_rowid();
            audit(conn, alert_id, "system", "created", None, Some("new"), Some(&draft.title))?;
            (alert_id, Raised::Created(alert_id))
        }
    };
    for entity_id in &draft.entities {
        conn.execute(
            "INSERT OR IGNORE INTO alert_entities (alert_id, entity_id) VALUES (?1, ?2)",
            params![alert_id, entity_id],
        )?;
    }
    for mmsi in &draft.vessels {
        conn.execute(
            "INSERT OR IGNORE INTO alert_vessels (alert_id, mmsi) VALUES (?1, ?2)",
            params![alert_id, mmsi],
        )?;
    }
    let evidence = &draft.evidence;
    conn.execute(
        &format!(
            "INSERT INTO alert_evidence (alert_id, kind, summary, refs, version_id, event_id,
                                         document_id, hit_id, observed_at, added_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, {NOW})"
        ),
        params![
            alert_id,
            evidence.kind,
            evidence.summary,
            serde_json::to_string(&evidence.refs).unwrap_or_else(|_| "[]".into()),
            evidence.version_id,
            evidence.event_id,
            evidence.document_id,
            evidence.hit_id,
            evidence.observed_at
        ],
    )?;
    Ok(raised)
}

fn audit(
    conn: &rusqlite::Connection,
    alert_id: i64,
    actor: &str,
    action: &str,
    from_status: Option<&str>,
    to_status: Option<&str>,
    note: Option<&str>,
) -> Result<()> {
    conn.prepare_cached(&format!(
        "INSERT INTO audit_log (at, actor, action, alert_id, from_status, to_status, note)
         VALUES ({NOW}, ?1, ?2, ?3, ?4, ?5, ?6)"
    ))?
    .execute(params![actor, action, alert_id, from_status, to_status, note])?;
    Ok(())
}

/// Filters and paging of [`Store::alerts`]. Every field is optional; the
/// values are bound as parameters, never spliced into SQL.
#[derive(Debug, Clone, Default)]
pub struct AlertFilter {
    /// Only this stream.
    pub stream: Option<Stream>,
    /// Only these severities.
    pub severity: Option<Severity>,
    /// Only this status.
    pub status: Option<Status>,
    /// Only alerts observed at or after this time (stored form).
    pub from: Option<String>,
    /// Only alerts observed at or before this time (stored form).
    pub to: Option<String>,
    /// Only alerts touching this entity.
    pub entity_id: Option<String>,
    /// Only alerts touching this vessel.
    pub mmsi: Option<u32>,
    /// At most this many.
    pub limit: u32,
    /// Skip this many.
    pub offset: u64,
}

/// One page of results with the total count.
#[derive(Debug, Clone, Serialize)]
pub struct Page<T> {
    /// How many match the filter in all.
    pub total: u64,
    /// The limit used.
    pub limit: u32,
    /// The offset used.
    pub offset: u64,
    /// This page.
    pub results: Vec<T>,
}

/// An alert as listed.
#[derive(Debug, Clone, Serialize)]
pub struct Alert {
    /// Its ID.
    pub id: i64,
    /// `screening`, `maritime`, `media` or `lists`.
    pub stream: String,
    /// What kind of finding: `match`, `encounter`, `article`, `new_match`, ...
    pub kind: String,
    /// The case key findings were merged by.
    pub case_key: String,
    /// `low`, `medium`, `high` or `critical`.
    pub severity: String,
    /// `new`, `confirmed` or `dismissed`.
    pub status: String,
    /// One line for the queue.
    pub title: String,
    /// The earliest observation.
    pub observed_from: String,
    /// The latest observation.
    pub observed_to: String,
    /// When it was raised.
    pub created_at: String,
    /// When it last changed.
    pub updated_at: String,
    /// The analyst's note.
    pub note: Option<String>,
    /// Increases with every change; give it back to triage to detect a
    /// concurrent change.
    pub revision: i64,
    /// How many pieces of evidence it has.
    pub evidence_count: i64,
}

/// One piece of evidence of an alert.
#[derive(Debug, Clone, Serialize)]
pub struct Evidence {
    /// Its ID.
    pub id: i64,
    /// `event`, `document`, `screening_hit`, `list_change`.
    pub kind: String,
    /// One line.
    pub summary: String,
    /// Links to the source bytes: `file:line` or `file:start-end`.
    pub refs: Value,
    /// The list version the finding was judged against.
    pub version_id: Option<i64>,
    /// The event, when it is one.
    pub event_id: Option<i64>,
    /// The document, when it is one.
    pub document_id: Option<i64>,
    /// The screening hit, when it is one.
    pub hit_id: Option<i64>,
    /// When the finding was observed.
    pub observed_at: String,
    /// When it was added.
    pub added_at: String,
}

/// One entry of the audit log.
#[derive(Debug, Clone, Serialize)]
pub struct AuditEntry {
    /// Its ID.
    pub id: i64,
    /// When.
    pub at: String,
    /// Who: a token's name, or `system`.
    pub actor: String,
    /// `created`, `evidence_added`, `triage`.
    pub action: String,
    /// The status before.
    pub from_status: Option<String>,
    /// The status after.
    pub to_status: Option<String>,
    /// The note given.
    pub note: Option<String>,
}

/// An alert with everything it links to.
#[derive(Debug, Clone, Serialize)]
pub struct AlertDetail {
    /// The alert.
    #[serde(flatten)]
    pub alert: Alert,
    /// The listed entities it touches.
    pub entities: Vec<String>,
    /// The vessels it touches.
    pub vessels: Vec<u32>,
    /// Its evidence, oldest first.
    pub evidence: Vec<Evidence>,
    /// Its history, oldest first.
    pub audit: Vec<AuditEntry>,
}

/// A triage decision.
#[derive(Debug, Clone)]
pub struct Triage {
    /// The new status.
    pub status: Status,
    /// Why; required to confirm or dismiss.
    pub note: Option<String>,
    /// Who decides.
    pub actor: String,
    /// The revision the analyst saw; a different current revision refuses
    /// the change.
    pub expected_revision: Option<i64>,
}

/// Why a triage was refused.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TriageError {
    /// No alert has this ID.
    #[error("no alert {0}")]
    NotFound(i64),
    /// The alert changed since the analyst saw it. Remedy: reload it.
    #[error("alert {id} is at revision {current}, not {expected}")]
    Conflict {
        /// The alert.
        id: i64,
        /// The revision the caller expected.
        expected: i64,
        /// The revision stored.
        current: i64,
    },
    /// Confirming or dismissing needs a note saying why.
    #[error("a note is required to {0} an alert")]
    NoteRequired(&'static str),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] crate::Error),
}

impl From<rusqlite::Error> for TriageError {
    fn from(error: rusqlite::Error) -> Self {
        TriageError::Store(error.into())
    }
}

const ALERT_COLUMNS: &str = "a.id, a.stream, a.kind, a.case_key, a.severity, a.status, a.title, \
     a.observed_from, a.observed_to, a.created_at, a.updated_at, a.note, a.revision, \
     (SELECT count(*) FROM alert_evidence e WHERE e.alert_id = a.id)";

fn alert_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Alert> {
    Ok(Alert {
        id: row.get(0)?,
        stream: row.get(1)?,
        kind: row.get(2)?,
        case_key: row.get(3)?,
        severity: row.get(4)?,
        status: row.get(5)?,
        title: row.get(6)?,
        observed_from: row.get(7)?,
        observed_to: row.get(8)?,
        created_at: row.get(9)?,
        updated_at: row.get(10)?,
        note: row.get(11)?,
        revision: row.get(12)?,
        evidence_count: row.get(13)?,
    })
}

impl Store {
    /// Alerts matching `filter`, most severe first, then newest first.
    pub fn alerts(&self, filter: &AlertFilter) -> Result<Page<Alert>> {
        // Fixed SQL with optional parameters: a NULL parameter disables its
        // condition, so no user text ever becomes SQL.
        let clause = "FROM alerts a
             WHERE (?1 IS NULL OR a.stream = ?1)
               AND (?2 IS NULL OR a.severity = ?2)
               AND (?3 IS NULL OR a.status = ?3)
               AND (?4 IS NULL OR a.observed_to >= ?4)
               AND (?5 IS NULL OR a.observed_from <= ?5)
               AND (?6 IS NULL OR a.id IN (SELECT alert_id FROM alert_entities WHERE entity_id = ?6))
               AND (?7 IS NULL OR a.id IN (SELECT alert_id FROM alert_vessels WHERE mmsi = ?7))";
        let args = params![
            filter.stream.map(Stream::as_str),
            filter.severity.map(Severity::as_str),
            filter.status.map(Status::as_str),
            filter.from,
            filter.to,
            filter.entity_id,
            filter.mmsi,
        ];
        let total: i64 = self
            .conn
            .prepare_cached(&format!("SELECT count(*) {clause}"))?
            .query_row(args, |r| r.get(0))?;
        // The page's IDs are chosen first, so that the per-alert columns
        // (the evidence count) are computed for the page only.
        const ORDER: &str = "ORDER BY CASE a.severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1
                                      WHEN 'medium' THEN 2 ELSE 3 END,
                      a.observed_to DESC, a.id DESC";
        let sql = format!(
            "SELECT {ALERT_COLUMNS} FROM alerts a
             WHERE a.id IN (SELECT a.id {clause} {ORDER} LIMIT ?8 OFFSET ?9)
             {ORDER}"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(
            params![
                filter.stream.map(Stream::as_str),
                filter.severity.map(Severity::as_str),
                filter.status.map(Status::as_str),
                filter.from,
                filter.to,
                filter.entity_id,
                filter.mmsi,
                filter.limit,
                filter.offset as i64,
            ],
            alert_from_row,
        )?;
        Ok(Page {
            total: total as u64,
            limit: filter.limit,
            offset: filter.offset,
            results: rows.collect::<rusqlite::Result<_>>()?,
        })
    }

    /// One alert with its entities, vessels, evidence and audit trail.
    pub fn alert(&self, id: i64) -> Result<Option<AlertDetail>> {
        let alert = self
            .conn
            .prepare_cached(&format!("SELECT {ALERT_COLUMNS} FROM alerts a WHERE a.id = ?1"))?
            .query_row([id], alert_from_row)
            .optional()?;
        let Some(alert) = alert else { return Ok(None) };
        let entities = self
            .conn
            .prepare_cached(
                "SELECT entity_id FROM alert_entities WHERE alert_id = ?1 ORDER BY entity_id",
            )?
            .query_map([id], |row| row.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let vessels = self
            .conn
            .prepare_cached("SELECT mmsi FROM alert_vessels WHERE alert_id = ?1 ORDER BY mmsi")?
            .query_map([id], |row| row.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let evidence = self
            .conn
            .prepare_cached(
                "SELECT id, kind, summary, refs, version_id, event_id, document_id, hit_id,
                        observed_at, added_at
                 FROM alert_evidence WHERE alert_id = ?1 ORDER BY id",
            )?
            .query_map([id], |row| {
                let refs: String = row.get(3)?;
                Ok(Evidence {
                    id: row.get(0)?,
                    kind: row.get(1)?,
                    summary: row.get(2)?,
                    refs: serde_json::from_str(&refs).unwrap_or(Value::String(refs)),
                    version_id: row.get(4)?,
                    event_id: row.get(5)?,
                    document_id: row.get(6)?,
                    hit_id: row.get(7)?,
                    observed_at: row.get(8)?,
                    added_at: row.get(9)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let audit = self.audit_log(Some(id))?;
        Ok(Some(AlertDetail { alert, entities, vessels, evidence, audit }))
    }

    /// The audit log, of one alert or of all, oldest first.
    pub fn audit_log(&self, alert_id: Option<i64>) -> Result<Vec<AuditEntry>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, at, actor, action, from_status, to_status, note FROM audit_log
             WHERE ?1 IS NULL OR alert_id = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([alert_id], |row| {
            Ok(AuditEntry {
                id: row.get(0)?,
                at: row.get(1)?,
                actor: row.get(2)?,
                action: row.get(3)?,
                from_status: row.get(4)?,
                to_status: row.get(5)?,
                note: row.get(6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Changes an alert's status and note, and records who did it, in one
    /// transaction. Returns the alert as it now is.
    pub fn triage(&mut self, id: i64, triage: &Triage) -> Result<AlertDetail, TriageError> {
        let note = triage.note.as_deref().map(str::trim).filter(|n| !n.is_empty());
        match triage.status {
            Status::Confirmed if note.is_none() => {
                return Err(TriageError::NoteRequired("confirm"))
            }
            Status::Dismissed if note.is_none() => {
                return Err(TriageError::NoteRequired("dismiss"))
            }
            _ => {}
        }
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let current: Option<(String, i64)> = tx
            .query_row("SELECT status, revision FROM alerts WHERE id = ?1", [id], |row| {
                Ok((row.get(0)?, row.get(1)?))
            })
            .optional()?;
        let Some((from_status, revision)) = current else {
            return Err(TriageError::NotFound(id));
        };
        if let Some(expected) = triage.expected_revision {
            if expected != revision {
                return Err(TriageError::Conflict { id, expected, current: revision });
            }
        }
        tx.execute(
            &format!(
                "UPDATE alerts SET status = ?2, note = coalesce(?3, note), updated_at = {NOW},
                     revision = revision + 1 WHERE id = ?1"
            ),
            params![id, triage.status.as_str(), note],
        )?;
        audit(
            &tx,
            id,
            &triage.actor,
            "triage",
            Some(&from_status),
            Some(triage.status.as_str()),
            note,
        )?;
        tx.commit()?;
        self.alert(id)?.ok_or(TriageError::NotFound(id))
    }
}
