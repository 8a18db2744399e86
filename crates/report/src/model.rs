//! The report as data: what [`crate::Report::write_json`] writes and the
//! HTML shows. Field names are the JSON keys; the shape is versioned by
//! [`crate::FORMAT`].
//!
//! Links: every finding has an `anchor` (its `id` in the HTML) and an
//! `evidence` naming an [`EvidenceItem::id`] in [`Report::evidence`] (also
//! an anchor in the HTML), so the JSON and the page resolve the same way.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use crate::method::Threshold;
use crate::period::Period;

/// A period report.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// [`crate::FORMAT`].
    pub format: &'static str,
    /// The period covered.
    pub period: Period,
    /// When the report was made, `YYYY-MM-DDTHH:MM:SSZ`.
    pub generated_at: String,
    /// Counts, lists in force, data sources.
    pub summary: Summary,
    /// Maritime activity involving listed vessels or DPRK ports.
    pub maritime: MaritimeSection,
    /// Ship-to-ship encounters.
    pub encounters: Section<Finding>,
    /// Vessels that went dark (AIS gaps).
    pub dark: Section<Finding>,
    /// Identity fraud (identity events).
    pub identity: Section<Finding>,
    /// Open-source reporting, by indicator.
    pub media: MediaSection,
    /// List changes in the period.
    pub list_changes: Section<ListChange>,
    /// Thresholds and rules.
    pub method: Method,
    /// The evidence every claim links to.
    pub evidence: Vec<EvidenceItem>,
    /// SVG maps by the anchor of what they show (HTML only).
    #[serde(skip)]
    pub(crate) maps: BTreeMap<String, String>,
}

impl Report {
    /// The SVG map drawn for a finding or section anchor, if any.
    pub fn map(&self, anchor: &str) -> Option<&str> {
        self.maps.get(anchor).map(String::as_str)
    }
}

/// The summary at the top.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    /// How many of each finding the period holds (before any limit).
    pub counts: Counts,
    /// Alerts whose observed period overlaps the report's, by stream,
    /// severity and status.
    pub alerts: Vec<vigil_store::AlertCount>,
    /// The list versions in force when the report was made.
    pub lists: Vec<VersionRef>,
    /// Every input ingested into the store (AIS, events, documents,
    /// screening).
    pub sources: Vec<SourceRef>,
    /// Where the maps' land came from, or `None` when maps have no land.
    pub land: Option<String>,
}

/// Counts of findings in the period.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Maritime events overlapping the period, of every kind.
    pub events: u64,
    /// Events in the maritime section (watched ports and zones, listed
    /// vessels, the DPRK).
    pub maritime: u64,
    /// Of all events, those involving a listed vessel or the DPRK.
    pub listed_or_dprk: u64,
    /// Listed vessels with events in the period.
    pub listed_vessels: u64,
    /// Encounters.
    pub encounters: u64,
    /// Gaps.
    pub dark: u64,
    /// Identity events.
    pub identity: u64,
    /// Documents dated in the period.
    pub documents: u64,
    /// Indicator claims in those documents (denied ones included).
    pub indicator_claims: u64,
    /// List versions in the period compared with their predecessor.
    pub list_changes: u64,
    /// Alerts whose observed period overlaps the report's.
    pub alerts: u64,
}

/// A section's items, after the limit.
#[derive(Debug, Clone, Serialize)]
pub struct Section<T> {
    /// How many the period holds.
    pub total: u64,
    /// The items shown, most important first (see the method section).
    pub items: Vec<T>,
    /// Why fewer are shown than there are, if so.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl<T> Default for Section<T> {
    fn default() -> Self {
        Section { total: 0, items: Vec::new(), note: None }
    }
}

/// Maritime activity involving listed vessels or DPRK ports.
#[derive(Debug, Clone, Default, Serialize)]
pub struct MaritimeSection {
    /// Port calls, zone entries, and other events of listed vessels or in
    /// the DPRK (encounters, gaps and identity events have sections of
    /// their own).
    pub events: Section<Finding>,
    /// Listed vessels with any event in the period, with links to those
    /// events.
    pub listed_vessels: Vec<ListedVessel>,
}

/// A vessel in a finding.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VesselRef {
    /// MMSI.
    pub mmsi: u32,
    /// Latest name the store has.
    pub name: Option<String>,
    /// Latest IMO number the store has.
    pub imo: Option<String>,
    /// IDs of the finding's listed entities that are this vessel.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub listed: Vec<String>,
}

/// A listed entity in a finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct ListedRef {
    /// Entity ID.
    pub entity_id: String,
    /// Caption.
    pub caption: String,
    /// List.
    pub list: String,
}

/// An alert a finding is evidence of.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AlertRef {
    /// Alert ID (as `vigil serve` and the UI name it).
    pub id: i64,
    /// Severity.
    pub severity: String,
    /// Triage status.
    pub status: String,
}

/// A DPRK port near a finding.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PortRef {
    /// The port.
    pub name: String,
    /// How far, km.
    pub distance_km: f64,
}

/// One identity state a vessel transmitted.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IdentityRef {
    /// MMSI.
    pub mmsi: u32,
    /// Name.
    pub name: Option<String>,
    /// IMO number.
    pub imo: Option<String>,
    /// Call sign.
    pub callsign: Option<String>,
    /// First seen.
    pub first_seen: String,
    /// Last seen.
    pub last_seen: String,
    /// `file:line` that first showed it.
    pub src: Option<String>,
}

/// One maritime event, as a claim.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    /// Its anchor, `event-<id>`.
    pub anchor: String,
    /// The store's event ID.
    pub event_id: i64,
    /// `encounter`, `gap`, `port_call`, ...
    pub kind: String,
    /// The claim, in one sentence.
    pub summary: String,
    /// The vessels.
    pub vessels: Vec<VesselRef>,
    /// Start, `YYYY-MM-DDTHH:MM:SSZ`.
    pub start: String,
    /// End.
    pub end: String,
    /// Representative latitude.
    pub lat: Option<f64>,
    /// Representative longitude.
    pub lon: Option<f64>,
    /// Listed entities involved (by the detector's link or the store's).
    pub listed: Vec<ListedRef>,
    /// Whether its details place it in a DPRK port or zone.
    pub dprk: bool,
    /// The nearest DPRK port within 100 km of where it happened.
    pub near_dprk_port: Option<PortRef>,
    /// Alerts it is evidence of.
    pub alerts: Vec<AlertRef>,
    /// The numbers that decided it, as the detector gave them.
    pub details: Value,
    /// For identity events: the identity history of the vessels.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub identities: Vec<IdentityRef>,
    /// The [`EvidenceItem::id`] it links to.
    pub evidence: String,
    /// Whether the HTML draws a map of it.
    pub map: bool,
}

/// A listed vessel active in the period.
#[derive(Debug, Clone, Serialize)]
pub struct ListedVessel {
    /// The vessel.
    pub vessel: VesselRef,
    /// The entities it is listed as.
    pub listed: Vec<ListedRef>,
    /// Anchors of its findings, in time order.
    pub findings: Vec<String>,
}

/// Open-source reporting.
#[derive(Debug, Clone, Default, Serialize)]
pub struct MediaSection {
    /// Documents dated in the period.
    pub documents: u64,
    /// Of those, documents with no indicator.
    pub documents_without_indicators: u64,
    /// Claims grouped by indicator category, categories by name.
    pub indicators: Vec<IndicatorGroup>,
    /// Why fewer are shown than there are, if so.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The claims of one indicator category.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorGroup {
    /// The category (`ship_to_ship_transfer`, ...).
    pub category: String,
    /// Its anchor, `indicator-<category>`.
    pub anchor: String,
    /// The claims, oldest document first.
    pub claims: Vec<Claim>,
}

/// One indicator in one document.
#[derive(Debug, Clone, Serialize)]
pub struct Claim {
    /// Its anchor, `doc-<document id>-<indicator index>`.
    pub anchor: String,
    /// The store's document ID.
    pub document_id: i64,
    /// Where the document came from (path or URL, shown as text).
    pub source: String,
    /// Title.
    pub title: Option<String>,
    /// Date.
    pub date: String,
    /// Words that triggered it.
    pub trigger: String,
    /// `asserted`, `alleged`, `reported` or `denied`.
    pub stance: String,
    /// Who made the claim, when the scanner found out.
    pub claimed_by: Option<String>,
    /// The sentence that makes the claim (as the scanner gave it, or cut
    /// from the stored text), at most 600 bytes.
    pub quote: Option<String>,
    /// Listed entities the document names.
    pub mentions: Vec<ListedRef>,
    /// Alerts the document is evidence of.
    pub alerts: Vec<AlertRef>,
    /// The [`EvidenceItem::id`] it links to.
    pub evidence: String,
}

/// A stored list version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VersionRef {
    /// The store's version ID.
    pub id: i64,
    /// `list@version`.
    pub label: String,
    /// When it was imported.
    pub imported_at: String,
    /// Entities in it.
    pub entity_count: u64,
    /// The files it was imported from.
    pub sources: Vec<String>,
    /// SHA-256 of their contents.
    pub content_sha256: String,
}

/// An input the store ingested.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceRef {
    /// `ais`, `events`, `docs`, `screening`.
    pub kind: String,
    /// The path it was ingested from.
    pub path: String,
    /// SHA-256 of its bytes.
    pub content_sha256: String,
    /// Records committed.
    pub records: u64,
    /// Whether its ingest completed.
    pub finished: bool,
}

/// What one list version changed from the one before it.
#[derive(Debug, Clone, Serialize)]
pub struct ListChange {
    /// Its anchor, `list-<version id>`.
    pub anchor: String,
    /// The list.
    pub list: String,
    /// The version before (`None`: the first version stored).
    pub from: Option<VersionRef>,
    /// The version in the period.
    pub to: VersionRef,
    /// Entities added (in all).
    pub n_added: u64,
    /// Entities removed (in all).
    pub n_removed: u64,
    /// Entities changed (in all).
    pub n_changed: u64,
    /// Entities added (up to the limit).
    pub added: Vec<vigil_store::EntityLabel>,
    /// Entities removed (up to the limit).
    pub removed: Vec<vigil_store::EntityLabel>,
    /// Entities changed (up to the limit).
    pub changed: Vec<vigil_store::EntityLabel>,
    /// `lists` alerts the version raised on re-screening.
    pub alerts: Vec<i64>,
    /// The [`EvidenceItem::id`] it links to.
    pub evidence: String,
}

/// The method section.
#[derive(Debug, Clone, Serialize)]
pub struct Method {
    /// Where the thresholds come from: `defaults` or a TOML path.
    pub config_source: String,
    /// Whether the stored events recorded the configuration they were made
    /// with (they do not yet; the thresholds are those given to the report).
    pub config_recorded_with_events: bool,
    /// What that means for the reader.
    pub config_note: String,
    /// Every detector threshold.
    pub thresholds: Vec<Threshold>,
    /// Detectors switched off by the configuration.
    pub disabled: Vec<String>,
    /// How alerts are raised and what the report includes.
    pub rules: Vec<String>,
    /// The report's own limits.
    pub limits: BTreeMap<String, u64>,
}

/// Where a claim comes from.
#[derive(Debug, Clone, Serialize)]
pub struct EvidenceItem {
    /// Its anchor, `ev-<n>`.
    pub id: String,
    /// The anchor of the claim it supports.
    pub claim: String,
    /// `event`, `document` or `list_version`.
    pub kind: String,
    /// The file (or URL) the claim rests on.
    pub source_file: String,
    /// The line in it, when it is a line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// Byte offsets `[start, end)` in its text, for a document (as
    /// `vigil scan` gives them).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offsets: Option<[u64; 2]>,
    /// Further references: positions (`file:line`), mention offsets, the
    /// files of the previous list version.
    pub refs: Vec<String>,
    /// The file and line it was ingested from, when that is not
    /// `source_file`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ingested_from: Option<String>,
    /// The list versions it was judged against (`list@version`).
    pub list_versions: Vec<String>,
    /// The alerts it is evidence of.
    pub alert_ids: Vec<i64>,
}
