//! What was planted, as `truth.json` says it, and the scorer that compares
//! it with what a detector reported.
//!
//! A reported event *matches* a planted one when it has the same kind, an
//! MMSI in common, and overlapping time spans once the planted span is
//! widened by a tolerance on both sides (detectors date an event by the
//! positions they saw, which can be minutes to an hour off the plan).
//! Recall is the share of planted events matched by at least one report;
//! precision the share of reports that match at least one planted event,
//! so a detector that splits one event into two is not punished twice.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use vigil_ais::Timestamp;

/// One planted event or decoy in `truth.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TruthEvent {
    /// The kind (`encounter`, `gap`, …; for decoys what they imitate).
    pub kind: String,
    /// The MMSIs involved, ascending.
    pub mmsi: Vec<u32>,
    /// Start, ISO 8601 UTC.
    pub start: String,
    /// End, ISO 8601 UTC.
    pub end: String,
    /// Latitude, degrees.
    pub lat: f64,
    /// Longitude, degrees.
    pub lon: f64,
    /// What happened.
    pub note: String,
}

/// One vessel of the fleet in `truth.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TruthVessel {
    /// The MMSIs it used.
    pub mmsi: Vec<u32>,
    /// The names it used.
    pub names: Vec<String>,
    /// The IMO numbers it sent.
    pub imo: Vec<u32>,
    /// Transponder class, `A` or `B`.
    pub class: String,
    /// Its part in the scenario.
    pub role: String,
}

/// The content of `truth.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Truth {
    /// What wrote it.
    pub generator: String,
    /// The seed.
    pub seed: u64,
    /// Log length, hours.
    pub hours: f64,
    /// Start of the log, ISO 8601.
    pub start: String,
    /// End of the log, ISO 8601.
    pub end: String,
    /// Planted events: each must be reported.
    pub events: Vec<TruthEvent>,
    /// Decoys: none may be reported as the kind it imitates.
    pub decoys: Vec<TruthEvent>,
    /// The fleet.
    pub vessels: Vec<TruthVessel>,
}

/// An event as `vigil ais events` writes it (the fields the scorer needs).
#[derive(Debug, Clone, PartialEq)]
pub struct ReportedEvent {
    /// Kind.
    pub kind: String,
    /// MMSIs.
    pub mmsi: Vec<u32>,
    /// Start.
    pub start: Timestamp,
    /// End.
    pub end: Timestamp,
}

/// Most event lines the scorer reads.
pub const MAX_EVENT_LINES: usize = 10_000_000;

/// Reads JSON lines of events; a line that is not an event is returned as
/// an error (`line N: why`) and skipped.
pub fn parse_events(text: &str) -> (Vec<ReportedEvent>, Vec<String>) {
    let mut events = Vec::new();
    let mut errors = Vec::new();
    for (idx, line) in text.lines().enumerate().take(MAX_EVENT_LINES) {
        if line.trim().is_empty() {
            continue;
        }
        match parse_event(line) {
            Ok(event) => events.push(event),
            Err(why) => errors.push(format!("line {}: {why}", idx + 1)),
        }
    }
    (events, errors)
}

fn parse_event(line: &str) -> Result<ReportedEvent, String> {
    let value: serde_json::Value =
        serde_json::from_str(line).map_err(|e| format!("not JSON: {e}"))?;
    let kind = value.get("kind").and_then(|k| k.as_str()).ok_or("no kind")?.to_owned();
    let mmsi = match value.get("mmsi") {
        Some(serde_json::Value::Array(items)) => {
            items.iter().filter_map(|m| m.as_u64()).map(|m| m as u32).collect()
        }
        Some(serde_json::Value::Number(n)) => {
            n.as_u64().map(|m| vec![m as u32]).unwrap_or_default()
        }
        _ => return Err("no mmsi".into()),
    };
    let time = |field: &str| {
        value
            .get(field)
            .and_then(|t| t.as_str())
            .and_then(Timestamp::parse)
            .ok_or_else(|| format!("no {field} time"))
    };
    Ok(ReportedEvent { kind, mmsi, start: time("start")?, end: time("end")? })
}

/// The counts for one kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct KindScore {
    /// Planted events of this kind.
    pub planted: usize,
    /// Planted events matched by at least one report.
    pub found: usize,
    /// Reported events of this kind.
    pub reported: usize,
    /// Reports that match at least one planted event.
    pub true_positive: usize,
}

impl KindScore {
    /// found / planted (1 when nothing was planted).
    pub fn recall(&self) -> f64 {
        if self.planted == 0 {
            1.0
        } else {
            self.found as f64 / self.planted as f64
        }
    }

    /// true_positive / reported (1 when nothing was reported).
    pub fn precision(&self) -> f64 {
        if self.reported == 0 {
            1.0
        } else {
            self.true_positive as f64 / self.reported as f64
        }
    }
}

/// The scores per kind, and what went wrong.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Score {
    /// Counts per kind, by name.
    pub kinds: BTreeMap<String, KindScore>,
    /// Indices (into `truth.events`) of planted events nobody reported.
    pub missed: Vec<usize>,
    /// Indices (into the reports) of reports that match nothing planted.
    pub false_alarms: Vec<usize>,
    /// Indices (into `truth.decoys`) of decoys reported as what they imitate.
    pub decoys_reported: Vec<usize>,
}

impl Score {
    /// Counts over every kind.
    pub fn total(&self) -> KindScore {
        self.kinds.values().fold(KindScore::default(), |acc, k| KindScore {
            planted: acc.planted + k.planted,
            found: acc.found + k.found,
            reported: acc.reported + k.reported,
            true_positive: acc.true_positive + k.true_positive,
        })
    }
}

/// The kind a decoy imitates, for checking that it was not reported.
fn decoy_kind(kind: &str) -> &str {
    match kind {
        "crossing" | "brief_meeting" | "anchored_apart" => "encounter",
        "short_gap" => "gap",
        other => other,
    }
}

/// A truth event's span in milliseconds, or `None` when its times do not parse.
fn span(event: &TruthEvent) -> Option<(i64, i64)> {
    Some((Timestamp::parse(&event.start)?.millis(), Timestamp::parse(&event.end)?.millis()))
}

fn matches(planted: &TruthEvent, kind: &str, report: &ReportedEvent, tolerance_ms: i64) -> bool {
    let Some((start, end)) = span(planted) else { return false };
    kind == report.kind
        && planted.mmsi.iter().any(|m| report.mmsi.contains(m))
        && report.start.millis() <= end + tolerance_ms
        && report.end.millis() >= start - tolerance_ms
}

/// Scores `reports` against `truth` with a tolerance of `tolerance_ms` on
/// each side of every planted span.
pub fn score(truth: &Truth, reports: &[ReportedEvent], tolerance_ms: i64) -> Score {
    let mut result = Score::default();
    for kind in [
        "encounter",
        "loitering",
        "gap",
        "identity",
        "port_call",
        "zone_entry",
        "drift",
        "speed_change",
    ] {
        result.kinds.insert(kind.to_owned(), KindScore::default());
    }
    for (idx, planted) in truth.events.iter().enumerate() {
        let entry = result.kinds.entry(planted.kind.clone()).or_default();
        entry.planted += 1;
        if reports.iter().any(|r| matches(planted, &planted.kind, r, tolerance_ms)) {
            entry.found += 1;
        } else {
            result.missed.push(idx);
        }
    }
    for (idx, report) in reports.iter().enumerate() {
        let entry = result.kinds.entry(report.kind.clone()).or_default();
        entry.reported += 1;
        if truth.events.iter().any(|p| matches(p, &p.kind, report, tolerance_ms)) {
            entry.true_positive += 1;
        } else {
            result.false_alarms.push(idx);
        }
    }
    for (idx, decoy) in truth.decoys.iter().enumerate() {
        if reports.iter().any(|r| matches(decoy, decoy_kind(&decoy.kind), r, 0)) {
            result.decoys_reported.push(idx);
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn planted(kind: &str, mmsi: u32, start: &str, end: &str) -> TruthEvent {
        TruthEvent {
            kind: kind.into(),
            mmsi: vec![mmsi],
            start: start.into(),
            end: end.into(),
            lat: 0.0,
            lon: 0.0,
            note: String::new(),
        }
    }

    fn truth(events: Vec<TruthEvent>) -> Truth {
        Truth {
            generator: "test".into(),
            seed: 0,
            hours: 24.0,
            start: "2025-01-01T00:00:00Z".into(),
            end: "2025-01-02T00:00:00Z".into(),
            events,
            decoys: vec![planted(
                "brief_meeting",
                9,
                "2025-01-01T05:00:00Z",
                "2025-01-01T06:00:00Z",
            )],
            vessels: vec![],
        }
    }

    #[test]
    fn a_report_matches_by_kind_mmsi_and_time_with_tolerance() {
        let truth = truth(vec![
            planted("gap", 1, "2025-01-01T02:00:00Z", "2025-01-01T12:00:00Z"),
            planted("encounter", 2, "2025-01-01T03:00:00Z", "2025-01-01T06:00:00Z"),
        ]);
        let text = [
            r#"{"kind":"gap","mmsi":[1],"start":"2025-01-01T02:10:00Z","end":"2025-01-01T11:50:00Z"}"#,
            r#"{"kind":"gap","mmsi":[1],"start":"2025-01-01T12:40:00Z","end":"2025-01-01T13:00:00Z"}"#,
            r#"{"kind":"encounter","mmsi":[3,2],"start":"2025-01-01T09:00:00Z","end":"2025-01-01T10:00:00Z"}"#,
            r#"{"kind":"encounter","mmsi":[9],"start":"2025-01-01T05:10:00Z","end":"2025-01-01T05:50:00Z"}"#,
            "not json",
        ]
        .join("\n");
        let (reports, errors) = parse_events(&text);
        assert_eq!(errors.len(), 1);
        assert!(errors[0].starts_with("line 5:"));
        let score = score(&truth, &reports, 3_600_000);
        let gap = score.kinds["gap"];
        assert_eq!((gap.planted, gap.found, gap.reported, gap.true_positive), (1, 1, 2, 2));
        let encounter = score.kinds["encounter"];
        assert_eq!(
            (encounter.planted, encounter.found, encounter.reported, encounter.true_positive),
            (1, 0, 2, 0)
        );
        assert_eq!(score.missed, vec![1]);
        assert_eq!(score.false_alarms, vec![2, 3]);
        assert_eq!(score.decoys_reported, vec![0]);
        assert_eq!(score.total().planted, 2);
        assert!((encounter.precision() - 0.0).abs() < 1e-12 && (gap.recall() - 1.0).abs() < 1e-12);
    }
}
