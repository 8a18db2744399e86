//! What `vigil demo` found, read back from its store: alerts by stream and
//! kind, each planted event with the alert it raised and the list entry of
//! its vessel, and the decoys (which must raise none).

use std::collections::BTreeMap;
use std::io::Write;
use std::net::SocketAddr;
use std::time::Duration;

use anyhow::Context;
use serde::Serialize;
use serde_json::Value;
use vigil_sim::truth::{Truth, TruthEvent};
use vigil_store::{AlertDetail, AlertFilter, Store};

use super::{Layout, StepSpec, Steps, SAMPLE_LIST};

/// Slack around a planted event's span when matching an alert to it.
const SLACK_S: i64 = 3600;
/// Most alerts read back (the demo raises a few dozen).
const MAX_ALERTS: u32 = 10_000;

/// The report files, or why there are none.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ReportFiles {
    pub html: Option<String>,
    pub json: Option<String>,
    #[serde(skip)]
    pub note: String,
}

/// Writes `report.html` and `report.json` into the demo folder with `vigil
/// report` over the days of the traffic; a build without that command
/// writes none, and says so.
pub(crate) fn write_report(steps: &mut Steps, truth: &Truth) -> anyhow::Result<ReportFiles> {
    let dir = steps.layout.dir.clone();
    let spec = StepSpec::new(
        "report",
        &["report", "--json", "--from", day(&truth.start), "--to", day(&truth.end)],
        vec!["--db".into(), super::DB_NAME.into(), "--out".into(), ".".into()],
        &[],
        "logs/report.out",
    );
    match steps.run_parallel(vec![spec]) {
        Ok(()) => {
            let (html, json) = (dir.join("report.html"), dir.join("report.json"));
            if !html.is_file() || !json.is_file() {
                anyhow::bail!(
                    "vigil report did not write {} and {}",
                    html.display(),
                    json.display()
                );
            }
            Ok(ReportFiles {
                html: Some(html.display().to_string()),
                json: Some(json.display().to_string()),
                note: format!("{} and report.json", html.display()),
            })
        }
        Err(error) if format!("{error:#}").contains("unrecognized subcommand") => Ok(ReportFiles {
            html: None,
            json: None,
            note: "this build has no `vigil report` yet: no report.html".into(),
        }),
        Err(error) => Err(error),
    }
}

/// A listed entity a vessel links to, with its official reference.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ListEntry {
    pub id: String,
    pub caption: String,
    pub reference: String,
}

/// A vessel of a planted event.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct VesselLine {
    pub mmsi: Vec<u32>,
    pub name: String,
    pub imo: Option<u32>,
    pub listed: Option<ListEntry>,
}

/// The alert a planted event raised.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct AlertLine {
    pub id: i64,
    pub severity: String,
    pub title: String,
}

/// A planted event and what the store made of it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PlantedLine {
    pub kind: String,
    pub start: String,
    pub end: String,
    pub note: String,
    pub vessels: Vec<VesselLine>,
    pub alert: Option<AlertLine>,
}

/// A decoy, and the alerts it raised (there must be none).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct DecoyLine {
    pub kind: String,
    pub note: String,
    pub mmsi: Vec<u32>,
    pub alerts: Vec<i64>,
}

/// What `vigil demo` prints.
#[derive(Debug, Serialize)]
pub(crate) struct Summary {
    pub out: String,
    pub db: String,
    pub report: ReportFiles,
    pub seconds: f64,
    pub traffic: Traffic,
    pub alerts_total: usize,
    /// Alerts by `stream/kind`.
    pub alerts: BTreeMap<String, usize>,
    /// Alerts by severity.
    pub severities: BTreeMap<String, usize>,
    /// Detector events by kind.
    pub events: BTreeMap<String, usize>,
    pub documents: Documents,
    pub screening: Vec<AlertLine>,
    pub planted: Vec<PlantedLine>,
    pub decoys: Vec<DecoyLine>,
}

/// The simulated week.
#[derive(Debug, Serialize)]
pub(crate) struct Traffic {
    pub start: String,
    pub end: String,
    pub vessels: usize,
}

/// What the scanner found in the sample reports.
#[derive(Debug, Default, Serialize)]
pub(crate) struct Documents {
    pub scanned: usize,
    pub mentions: usize,
    pub indicators: BTreeMap<String, usize>,
    pub alerts: Vec<AlertLine>,
}

impl Summary {
    /// Reads the store and the steps' outputs under `layout`.
    pub fn read(
        layout: &Layout,
        truth: &Truth,
        report: ReportFiles,
        elapsed: Duration,
    ) -> anyhow::Result<Summary> {
        let db = layout.db();
        let store = Store::open_read_only(&db)
            .with_context(|| format!("{}: cannot open the demo store", db.display()))?;
        let page = store.alerts(&AlertFilter { limit: MAX_ALERTS, ..AlertFilter::default() })?;
        let mut details = Vec::new();
        for alert in &page.results {
            if let Some(detail) = store.alert(alert.id)? {
                details.push(detail);
            }
        }
        let mut alerts = BTreeMap::new();
        let mut severities = BTreeMap::new();
        for detail in &details {
            let a = &detail.alert;
            *alerts.entry(format!("{}/{}", a.stream, a.kind)).or_insert(0) += 1;
            *severities.entry(a.severity.clone()).or_insert(0) += 1;
        }
        let of_stream = |stream: &str| -> Vec<AlertLine> {
            details.iter().filter(|d| d.alert.stream == stream).map(alert_line).collect()
        };
        let listed = ListedVessels::from_sample_list();
        let planted = truth
            .events
            .iter()
            .map(|event| planted_line(event, truth, &listed, &details))
            .collect();
        let decoys = truth.decoys.iter().map(|decoy| decoy_line(decoy, &details)).collect();
        let mut documents = read_findings(&layout.dir.join("docs/findings.jsonl"))?;
        documents.alerts = of_stream("media");
        Ok(Summary {
            out: layout.dir.display().to_string(),
            db: db.display().to_string(),
            report,
            seconds: (elapsed.as_secs_f64() * 10.0).round() / 10.0,
            traffic: Traffic {
                start: truth.start.clone(),
                end: truth.end.clone(),
                vessels: truth.vessels.len(),
            },
            alerts_total: details.len(),
            alerts,
            severities,
            events: count_events(&layout.dir.join("ais/events.jsonl"))?,
            documents,
            screening: of_stream("screening"),
            planted,
            decoys,
        })
    }

    /// Whether every planted event raised its alert and no decoy raised one.
    pub fn all_found(&self) -> bool {
        self.planted.iter().all(|p| p.alert.is_some())
            && self.decoys.iter().all(|d| d.alerts.is_empty())
    }

    /// The summary for people.
    pub fn print(
        &self,
        out: &mut impl Write,
        layout: &Layout,
        serving: Option<SocketAddr>,
    ) -> anyhow::Result<()> {
        writeln!(out)?;
        writeln!(
            out,
            "vigil demo: a week of simulated AIS ({} to {}, {} vessels), the sample list, {} counterparties and {} sample reports, in {:.0} s",
            day(&self.traffic.start),
            day(&self.traffic.end),
            self.traffic.vessels,
            super::INPUTS.iter().filter(|(p, _)| *p == super::COUNTERPARTIES_PATH).map(|(_, t)| t.lines().count().saturating_sub(1)).sum::<usize>(),
            self.documents.scanned,
            self.seconds
        )?;
        writeln!(out)?;
        let severities: Vec<String> = ["critical", "high", "medium", "low"]
            .iter()
            .filter_map(|s| self.severities.get(*s).map(|n| format!("{n} {s}")))
            .collect();
        writeln!(out, "Alerts: {} ({})", self.alerts_total, severities.join(", "))?;
        for (kind, n) in &self.alerts {
            writeln!(out, "  {kind:<28} {n}")?;
        }
        let events: Vec<String> = self.events.iter().map(|(k, n)| format!("{k} {n}")).collect();
        writeln!(out, "AIS events detected: {}", events.join(", "))?;
        let indicators: Vec<String> =
            self.documents.indicators.iter().map(|(k, n)| format!("{k} {n}")).collect();
        writeln!(
            out,
            "Reports scanned: {} ({} mentions of listed entities; indicators: {})",
            self.documents.scanned,
            self.documents.mentions,
            indicators.join(", ")
        )?;
        writeln!(out, "Screening hits:")?;
        for alert in &self.screening {
            writeln!(out, "  [{}] {}", alert.severity, alert.title)?;
        }
        writeln!(out)?;
        writeln!(out, "Planted at sea, and what was raised:")?;
        for planted in &self.planted {
            let verdict = match &planted.alert {
                Some(alert) => format!("alert #{} ({})", alert.id, alert.severity),
                None => "MISSED: no alert".to_string(),
            };
            writeln!(
                out,
                "  {:<11} {} .. {}  {verdict}",
                planted.kind,
                minute(&planted.start),
                minute(&planted.end)
            )?;
            writeln!(out, "              {}", planted.note)?;
            for vessel in &planted.vessels {
                if let Some(entry) = &vessel.listed {
                    writeln!(
                        out,
                        "              {} (IMO {}, MMSI {}) is listed: {} [{}]",
                        vessel.name,
                        vessel.imo.map_or("-".into(), |i| i.to_string()),
                        join(&vessel.mmsi),
                        entry.caption,
                        entry.reference
                    )?;
                }
            }
        }
        let alerted: Vec<&DecoyLine> =
            self.decoys.iter().filter(|d| !d.alerts.is_empty()).collect();
        let kinds: Vec<&str> = self.decoys.iter().map(|d| d.kind.as_str()).collect();
        if alerted.is_empty() {
            writeln!(
                out,
                "Decoys: {} ({}), none raised an alert",
                self.decoys.len(),
                kinds.join(", ")
            )?;
        } else {
            for decoy in alerted {
                writeln!(
                    out,
                    "Decoy ALERTED: {} {}: alerts {:?}",
                    decoy.kind, decoy.note, decoy.alerts
                )?;
            }
        }
        writeln!(out)?;
        match (&self.report.html, &self.report.json) {
            (Some(html), Some(json)) => writeln!(out, "Report: {html} (and {json})")?,
            _ => writeln!(out, "Report: none ({})", self.report.note)?,
        }
        writeln!(out, "Store:  {} (inputs and each step's output are beside it)", self.db)?;
        match serving {
            Some(addr) if addr.port() == 0 => writeln!(
                out,
                "UI:     serving the demo store (its address follows; Ctrl-C to stop)"
            )?,
            Some(addr) => writeln!(out, "UI:     serving on http://{addr}/ (Ctrl-C to stop)")?,
            None => writeln!(
                out,
                "UI:     vigil serve --db {}   or   vigil demo --out {} --serve",
                self.db,
                layout.dir.display()
            )?,
        }
        Ok(())
    }
}

fn day(iso: &str) -> &str {
    iso.get(..10).unwrap_or(iso)
}

fn minute(iso: &str) -> String {
    iso.get(..16).map_or_else(|| iso.to_string(), |s| s.replace('T', " "))
}

fn join(numbers: &[u32]) -> String {
    numbers.iter().map(u32::to_string).collect::<Vec<_>>().join("/")
}

fn alert_line(detail: &AlertDetail) -> AlertLine {
    AlertLine {
        id: detail.alert.id,
        severity: detail.alert.severity.clone(),
        title: detail.alert.title.clone(),
    }
}

/// The sample list's vessels by IMO number.
struct ListedVessels(BTreeMap<u32, ListEntry>);

impl ListedVessels {
    fn from_sample_list() -> ListedVessels {
        let mut by_imo = BTreeMap::new();
        for line in SAMPLE_LIST.lines() {
            let Ok(entity) = serde_json::from_str::<Value>(line) else { continue };
            let property = |key: &str| -> Option<String> {
                entity["properties"][key].get(0).and_then(Value::as_str).map(str::to_string)
            };
            let imo = property("imoNumber")
                .and_then(|text| text.trim_start_matches("IMO").trim().parse::<u32>().ok());
            if let Some(imo) = imo {
                by_imo.insert(
                    imo,
                    ListEntry {
                        id: entity["id"].as_str().unwrap_or_default().to_string(),
                        caption: entity["caption"].as_str().unwrap_or_default().to_string(),
                        reference: property("sourceUrl").unwrap_or_default(),
                    },
                );
            }
        }
        ListedVessels(by_imo)
    }
}

/// Seconds since the epoch of an ISO 8601 UTC time.
fn epoch(iso: &str) -> Option<i64> {
    vigil_ais::Timestamp::parse(iso).map(|t| t.millis() / 1000)
}

/// Whether an alert's observed span overlaps `[start, end]` widened by the slack.
fn overlaps(detail: &AlertDetail, start: &str, end: &str) -> bool {
    let (Some(from), Some(to)) = (epoch(start), epoch(end)) else { return false };
    let (Some(a_from), Some(a_to)) =
        (epoch(&detail.alert.observed_from), epoch(&detail.alert.observed_to))
    else {
        return false;
    };
    a_from <= to + SLACK_S && a_to >= from - SLACK_S
}

fn planted_line(
    event: &TruthEvent,
    truth: &Truth,
    listed: &ListedVessels,
    details: &[AlertDetail],
) -> PlantedLine {
    let mut vessels: Vec<VesselLine> = Vec::new();
    for vessel in &truth.vessels {
        if !vessel.mmsi.iter().any(|m| event.mmsi.contains(m)) {
            continue;
        }
        let imo = vessel.imo.first().copied();
        vessels.push(VesselLine {
            mmsi: vessel.mmsi.clone(),
            name: vessel.names.first().cloned().unwrap_or_default(),
            imo,
            listed: imo.and_then(|imo| listed.0.get(&imo).cloned()),
        });
    }
    let alert = details
        .iter()
        .filter(|d| d.alert.stream == "maritime" && d.alert.kind == event.kind)
        .filter(|d| d.vessels.iter().any(|m| event.mmsi.contains(m)))
        .find(|d| overlaps(d, &event.start, &event.end))
        .map(alert_line);
    PlantedLine {
        kind: event.kind.clone(),
        start: event.start.clone(),
        end: event.end.clone(),
        note: event.note.clone(),
        vessels,
        alert,
    }
}

fn decoy_line(decoy: &TruthEvent, details: &[AlertDetail]) -> DecoyLine {
    let alerts = details
        .iter()
        .filter(|d| d.alert.stream == "maritime")
        .filter(|d| d.vessels.iter().any(|m| decoy.mmsi.contains(m)))
        .filter(|d| overlaps(d, &decoy.start, &decoy.end))
        .map(|d| d.alert.id)
        .collect();
    DecoyLine {
        kind: decoy.kind.clone(),
        note: decoy.note.clone(),
        mmsi: decoy.mmsi.clone(),
        alerts,
    }
}

/// Reads at most this many bytes of a step's output.
const MAX_OUTPUT_BYTES: u64 = 64 << 20;

fn read_lines(path: &std::path::Path) -> anyhow::Result<Vec<Value>> {
    use std::io::Read;
    let mut text = String::new();
    std::fs::File::open(path)
        .with_context(|| format!("{}: cannot open", path.display()))?
        .take(MAX_OUTPUT_BYTES)
        .read_to_string(&mut text)
        .with_context(|| format!("{}: cannot read", path.display()))?;
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(i, line)| {
            serde_json::from_str(line)
                .with_context(|| format!("{}:{}: not JSON", path.display(), i + 1))
        })
        .collect()
}

fn count_events(path: &std::path::Path) -> anyhow::Result<BTreeMap<String, usize>> {
    let mut counts = BTreeMap::new();
    for event in read_lines(path)? {
        let kind = event["kind"].as_str().unwrap_or("?").to_string();
        *counts.entry(kind).or_insert(0) += 1;
    }
    Ok(counts)
}

fn read_findings(path: &std::path::Path) -> anyhow::Result<Documents> {
    let mut documents = Documents::default();
    for document in read_lines(path)? {
        documents.scanned += 1;
        documents.mentions += document["mentions"].as_array().map_or(0, Vec::len);
        for indicator in document["indicators"].as_array().into_iter().flatten() {
            let category = indicator["category"].as_str().unwrap_or("?").to_string();
            *documents.indicators.entry(category).or_insert(0) += 1;
        }
    }
    Ok(documents)
}
