//! Builds a [`Report`] from the store: reads the period's events, documents
//! and list versions, turns each into a claim with its evidence, ranks and
//! bounds the sections, and draws the maps.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;
use vigil_store::{AlertLink, PeriodEvent, Store, VesselLabel};

use crate::map::{self, LandIndex, MapLayer, Marker, Track};
use crate::method;
use crate::model::*;
use crate::period::Period;
use crate::{Options, Result, FORMAT};

/// A DPRK port this close to an event is named in it, km.
const NEAR_PORT_KM: f64 = 100.0;
/// Identity states shown per vessel in an identity finding.
const MAX_IDENTITIES: usize = 20;
/// Position references kept per evidence item.
const MAX_REFS: usize = 50;
/// Positions read per vessel for one map, before thinning.
const MAX_TRACK_READ: u32 = 20_000;
/// Hours of track drawn before and after an event.
const TRACK_MARGIN_S: i64 = 6 * 3600;
/// The longest quote of a document, bytes.
const MAX_QUOTE_BYTES: usize = 600;

/// Everything built so far, and what building needs.
struct Builder<'a> {
    store: &'a Store,
    options: &'a Options,
    evidence: Vec<EvidenceItem>,
    maps: BTreeMap<String, String>,
    version_labels: BTreeMap<i64, String>,
    land: Option<LandIndex>,
    dprk_ports: Vec<vigil_geo::Port>,
}

pub(crate) fn build(store: &Store, period: &Period, options: &Options) -> Result<Report> {
    let land = options.land.as_ref().map(LandIndex::new);
    let dprk_ports = vigil_geo::dprk_ports().into_iter().filter(|p| p.watched).collect();
    let mut builder = Builder {
        store,
        options,
        evidence: Vec::new(),
        maps: BTreeMap::new(),
        version_labels: BTreeMap::new(),
        land,
        dprk_ports,
    };
    let (start, end) = (period.start(), period.end());
    let limits = options.limits;

    let (n_events, events) = store.period_events(&start, &end, limits.events_read)?;
    let drafts = builder.drafts(&events)?;
    let mut counts = Counts { events: n_events, ..Counts::default() };
    counts.listed_or_dprk =
        drafts.iter().filter(|d| !d.finding.listed.is_empty() || d.finding.dprk).count() as u64;
    let mut by_section: BTreeMap<&str, Vec<Draft>> = BTreeMap::new();
    for draft in drafts {
        let section = match draft.finding.kind.as_str() {
            "encounter" => "encounters",
            "gap" => "dark",
            "identity" => "identity",
            "port_call" | "zone_entry" => "maritime",
            _ if !draft.finding.listed.is_empty() || draft.finding.dprk => "maritime",
            _ => continue,
        };
        by_section.entry(section).or_default().push(draft);
    }
    let read_note = (n_events > u64::from(limits.events_read)).then(|| {
        format!(
            "the period holds {n_events} events; the first {} by start time were read",
            limits.events_read
        )
    });
    let mut take = |name: &str| by_section.remove(name).unwrap_or_default();
    let (maritime_drafts, encounter_drafts, dark_drafts, identity_drafts) =
        (take("maritime"), take("encounters"), take("dark"), take("identity"));
    let listed_vessels_all =
        listed_vessels([&maritime_drafts, &encounter_drafts, &dark_drafts, &identity_drafts]);

    let maritime_events = builder.section("maritime", maritime_drafts, read_note.clone())?;
    let encounters = builder.section("encounters", encounter_drafts, read_note.clone())?;
    let dark = builder.section("dark", dark_drafts, read_note.clone())?;
    let mut identity = builder.section("identity", identity_drafts, read_note)?;
    builder.add_identity_histories(&mut identity)?;
    counts.maritime = maritime_events.total;
    counts.encounters = encounters.total;
    counts.dark = dark.total;
    counts.identity = identity.total;

    // Listed vessels link only to findings the report shows.
    let shown: BTreeSet<&str> = [&maritime_events, &encounters, &dark, &identity]
        .iter()
        .flat_map(|section| section.items.iter().map(|f| f.anchor.as_str()))
        .collect();
    let listed_vessels: Vec<ListedVessel> = listed_vessels_all
        .into_iter()
        .map(|mut vessel| {
            vessel.findings.retain(|anchor| shown.contains(anchor.as_str()));
            vessel
        })
        .collect();
    counts.listed_vessels = listed_vessels.len() as u64;

    let media = builder.media(&start, &end, &mut counts)?;
    let list_changes = builder.list_changes(period)?;
    counts.list_changes = list_changes.total;

    let alerts = store.period_alert_counts(&start, &end)?;
    counts.alerts = alerts.iter().map(|a| a.count).sum();
    let summary = Summary {
        counts,
        alerts,
        lists: store.current_versions()?.iter().map(version_ref).collect(),
        sources: store
            .sources()?
            .into_iter()
            .filter(|s| s.kind != "rescreen")
            .map(|s| SourceRef {
                finished: s.is_finished(),
                kind: s.kind,
                path: s.path,
                content_sha256: s.content_sha256,
                records: s.records,
            })
            .collect(),
        land: options.land.as_ref().map(|_| {
            options
                .land_source
                .clone()
                .unwrap_or_else(|| "land polygons given by the caller".into())
        }),
    };
    let method = method_section(options);
    let generated_at = options.generated_at.clone().unwrap_or_else(now);
    Ok(Report {
        format: FORMAT,
        period: period.clone(),
        generated_at,
        summary,
        maritime: MaritimeSection { events: maritime_events, listed_vessels },
        encounters,
        dark,
        identity,
        media,
        list_changes,
        method,
        evidence: builder.evidence,
        maps: builder.maps,
    })
}

/// A finding before it has evidence and a map, with what ranks it.
struct Draft {
    finding: Finding,
    event: PeriodEvent,
}

impl Draft {
    /// Listed vessels first, then the DPRK, then the rest; within each, by
    /// time.
    fn rank(&self) -> (u8, &str, i64) {
        let weight = match (!self.finding.listed.is_empty(), self.finding.dprk) {
            (true, _) => 0,
            (false, true) => 1,
            _ if self.finding.near_dprk_port.is_some() => 2,
            _ => 3,
        };
        (weight, self.finding.start.as_str(), self.finding.event_id)
    }
}

impl Builder<'_> {
    fn drafts(&mut self, events: &[PeriodEvent]) -> Result<Vec<Draft>> {
        let mut mmsis: Vec<u32> = events.iter().flat_map(|e| e.event.mmsi.clone()).collect();
        mmsis.sort_unstable();
        mmsis.dedup();
        let vessels = self.store.vessel_labels(&mmsis)?;
        let mut entity_ids: Vec<String> =
            events.iter().flat_map(|e| e.alerts.iter().flat_map(|a| a.entities.clone())).collect();
        entity_ids.sort();
        entity_ids.dedup();
        let entities = self.store.entity_labels(&entity_ids)?;
        let mut links: BTreeMap<u32, Vec<vigil_store::ListedLink>> = BTreeMap::new();
        let mut out = Vec::with_capacity(events.len());
        for event in events {
            let mut listed: BTreeSet<ListedRef> = BTreeSet::new();
            for entry in event.event.listed.as_array().into_iter().flatten() {
                let text = |key: &str| entry.get(key).and_then(Value::as_str).map(str::to_string);
                if let Some(entity_id) = text("entity_id") {
                    listed.insert(ListedRef {
                        caption: text("caption").unwrap_or_else(|| entity_id.clone()),
                        list: text("list").unwrap_or_default(),
                        entity_id,
                    });
                }
            }
            for entity_id in event.alerts.iter().flat_map(|a| &a.entities) {
                if listed.iter().any(|l| &l.entity_id == entity_id) {
                    continue;
                }
                let (caption, list) = match entities.get(entity_id) {
                    Some((label, list)) => (label.caption.clone(), list.clone()),
                    None => (entity_id.clone(), String::new()),
                };
                listed.insert(ListedRef { entity_id: entity_id.clone(), caption, list });
            }
            let details = event.event.details.clone();
            let dprk = details.as_object().is_some_and(vigil_store::involves_dprk);
            let listed: Vec<ListedRef> = listed.into_iter().collect();
            let mut vessel_refs: Vec<VesselRef> =
                event.event.mmsi.iter().map(|&mmsi| vessel_ref(mmsi, &vessels)).collect();
            if !listed.is_empty() {
                let single = vessel_refs.len() == 1;
                for vessel in &mut vessel_refs {
                    let linked = match links.get(&vessel.mmsi) {
                        Some(linked) => linked,
                        None => {
                            let found = self.store.vessel(vessel.mmsi)?.map(|v| v.listed);
                            links.entry(vessel.mmsi).or_insert(found.unwrap_or_default())
                        }
                    };
                    vessel.listed = own_listings(vessel, &listed, linked, single);
                }
            }
            let near_dprk_port =
                self.near_dprk_port(&event.event.details, event.event.lat, event.event.lon);
            let mut finding = Finding {
                anchor: format!("event-{}", event.event.id),
                event_id: event.event.id,
                kind: event.event.kind.clone(),
                summary: String::new(),
                vessels: vessel_refs,
                start: event.event.start.clone(),
                end: event.event.end.clone(),
                lat: event.event.lat,
                lon: event.event.lon,
                listed,
                dprk,
                near_dprk_port,
                alerts: alert_refs(&event.alerts),
                details,
                identities: Vec::new(),
                evidence: String::new(),
                map: false,
            };
            finding.summary = summarize(&finding);
            out.push(Draft { finding, event: event.clone() });
        }
        Ok(out)
    }

    /// The nearest watched DPRK port within [`NEAR_PORT_KM`] of the event's
    /// position or, for a gap, of where the vessel went dark or reappeared.
    fn near_dprk_port(
        &self,
        details: &Value,
        lat: Option<f64>,
        lon: Option<f64>,
    ) -> Option<PortRef> {
        let number = |key: &str| details.get(key).and_then(Value::as_f64);
        let places = [
            lat.zip(lon),
            number("off_lat").zip(number("off_lon")),
            number("on_lat").zip(number("on_lon")),
        ];
        let mut best: Option<PortRef> = None;
        for (lat, lon) in places.into_iter().flatten() {
            for port in &self.dprk_ports {
                let km = vigil_geo::haversine_m(lat, lon, port.lat, port.lon) / 1000.0;
                if km <= NEAR_PORT_KM && best.as_ref().is_none_or(|b| km < b.distance_km) {
                    best = Some(PortRef {
                        name: port.name.clone(),
                        distance_km: (km * 10.0).round() / 10.0,
                    });
                }
            }
        }
        best
    }

    /// Ranks, bounds, and gives evidence and maps to one section's findings.
    fn section(
        &mut self,
        name: &str,
        mut drafts: Vec<Draft>,
        read_note: Option<String>,
    ) -> Result<Section<Finding>> {
        let limits = self.options.limits;
        drafts.sort_by(|a, b| a.rank().cmp(&b.rank()));
        let total = drafts.len() as u64;
        let mut notes: Vec<String> = read_note.into_iter().collect();
        if drafts.len() > limits.items_per_section {
            notes.push(format!(
                "{} of {total} shown (listed vessels and the DPRK first); the rest are in the store",
                limits.items_per_section
            ));
            drafts.truncate(limits.items_per_section);
        }
        if drafts.len() > limits.maps_per_section {
            notes.push(format!("maps drawn for the first {} only", limits.maps_per_section));
        }
        let mut items = Vec::with_capacity(drafts.len());
        let mut overview = MapLayer::default();
        for (index, draft) in drafts.into_iter().enumerate() {
            let Draft { mut finding, event } = draft;
            finding.evidence = self.event_evidence(&finding, &event);
            if let Some((lat, lon)) = finding.lat.zip(finding.lon) {
                overview.markers.push(Marker {
                    lat,
                    lon,
                    label: format!("{} {}", finding.kind.replace('_', " "), finding.start),
                    href: Some(format!("#{}", finding.anchor)),
                    emphasis: !finding.listed.is_empty() || finding.dprk,
                });
            }
            if index < limits.maps_per_section {
                let layer = self.finding_layer(&finding)?;
                if !layer.is_empty() {
                    self.maps.insert(
                        finding.anchor.clone(),
                        map::render(&layer, self.land.as_ref(), 520.0),
                    );
                    finding.map = true;
                }
            }
            items.push(finding);
        }
        if !overview.is_empty() {
            self.maps.insert(name.to_string(), map::render(&overview, self.land.as_ref(), 720.0));
        }
        let note = (!notes.is_empty()).then(|| notes.join("; "));
        Ok(Section { total, items, note })
    }

    fn event_evidence(&mut self, finding: &Finding, event: &PeriodEvent) -> String {
        let refs: Vec<String> = event
            .event
            .evidence
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|r| r.as_str().map(str::to_string))
            .take(MAX_REFS)
            .collect();
        let list_versions = self.version_labels_of(&event.alerts);
        self.push_evidence(EvidenceItem {
            id: String::new(),
            claim: finding.anchor.clone(),
            kind: "event".into(),
            source_file: event.source_path.clone(),
            line: Some(event.source_line),
            offsets: None,
            refs,
            ingested_from: None,
            list_versions,
            alert_ids: event.alerts.iter().map(|a| a.alert_id).collect(),
        })
    }

    fn push_evidence(&mut self, mut item: EvidenceItem) -> String {
        item.id = format!("ev-{}", self.evidence.len() + 1);
        let id = item.id.clone();
        self.evidence.push(item);
        id
    }

    fn version_labels_of(&mut self, alerts: &[AlertLink]) -> Vec<String> {
        let mut ids: Vec<i64> = alerts.iter().filter_map(|a| a.version_id).collect();
        ids.sort_unstable();
        ids.dedup();
        ids.into_iter().map(|id| self.version_label(id)).collect()
    }

    fn version_label(&mut self, id: i64) -> String {
        if let Some(label) = self.version_labels.get(&id) {
            return label.clone();
        }
        let label = match self.store.version(id) {
            Ok(Some(v)) => format!("{}@{}", v.list, v.version),
            _ => format!("version {id}"),
        };
        self.version_labels.insert(id, label.clone());
        label
    }

    /// The tracks around a finding, its place, and for a gap the jump from
    /// where the vessel went dark to where it reappeared.
    fn finding_layer(&self, finding: &Finding) -> Result<MapLayer> {
        let mut layer = MapLayer::default();
        let from = shift(&finding.start, -TRACK_MARGIN_S);
        let to = shift(&finding.end, TRACK_MARGIN_S);
        for vessel in &finding.vessels {
            let positions =
                self.store.track(vessel.mmsi, Some(&from), Some(&to), MAX_TRACK_READ)?;
            let points: Vec<(f64, f64)> = positions.iter().map(|p| (p.lat, p.lon)).collect();
            let points = map::thin(&points, self.options.limits.points_per_track);
            if !points.is_empty() {
                layer.tracks.push(Track { label: vessel_label(vessel), points });
            }
        }
        let number = |key: &str| finding.details.get(key).and_then(Value::as_f64);
        if let (Some(off), Some(on)) =
            (number("off_lat").zip(number("off_lon")), number("on_lat").zip(number("on_lon")))
        {
            layer.jumps.push((off, on));
            layer.markers.push(Marker {
                lat: on.0,
                lon: on.1,
                label: "reappeared".into(),
                href: None,
                emphasis: false,
            });
        }
        if let Some((lat, lon)) = finding.lat.zip(finding.lon) {
            layer.markers.push(Marker {
                lat,
                lon,
                label: finding.kind.replace('_', " "),
                href: None,
                emphasis: true,
            });
        }
        if let Some(port) = &finding.near_dprk_port {
            if let Some(p) = self.dprk_ports.iter().find(|p| p.name == port.name) {
                layer.ports.push((p.lat, p.lon, p.name.clone()));
            }
        }
        Ok(layer)
    }

    fn add_identity_histories(&self, section: &mut Section<Finding>) -> Result<()> {
        for finding in &mut section.items {
            for vessel in &finding.vessels {
                let Some(stored) = self.store.vessel(vessel.mmsi)? else { continue };
                finding.identities.extend(stored.identities.into_iter().take(MAX_IDENTITIES).map(
                    |state| IdentityRef {
                        mmsi: vessel.mmsi,
                        name: state.name,
                        imo: state.imo,
                        callsign: state.callsign,
                        first_seen: state.first_seen,
                        last_seen: state.last_seen,
                        src: state.src,
                    },
                ));
            }
        }
        Ok(())
    }

    fn media(&mut self, start: &str, end: &str, counts: &mut Counts) -> Result<MediaSection> {
        let limits = self.options.limits;
        let (n_documents, documents) =
            self.store.period_documents(start, end, limits.documents_read)?;
        counts.documents = n_documents;
        let mut groups: BTreeMap<String, Vec<Claim>> = BTreeMap::new();
        let mut without = 0u64;
        let mut n_claims = 0u64;
        let mut shown = 0usize;
        for document in &documents {
            let indicators: Vec<&Value> = document
                .scan
                .get("indicators")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .collect();
            if indicators.is_empty() {
                without += 1;
                continue;
            }
            let mentions = mentions_of(&document.scan);
            for (index, indicator) in indicators.into_iter().enumerate() {
                n_claims += 1;
                if shown >= limits.items_per_section {
                    continue;
                }
                shown += 1;
                let text =
                    |key: &str| indicator.get(key).and_then(Value::as_str).map(str::to_string);
                let offset = |key: &str| indicator.get(key).and_then(Value::as_u64);
                let offsets = offset("start").zip(offset("end")).map(|(s, e)| [s, e]);
                let anchor = format!("doc-{}-{index}", document.id);
                let quote = text("sentence")
                    .or_else(|| cut(document.text.as_deref()?, offsets?))
                    .map(|q| truncate(&q, MAX_QUOTE_BYTES));
                let mut refs: Vec<String> = document
                    .scan
                    .get("mentions")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(|m| {
                        let start = m.get("start")?.as_u64()?;
                        let end = m.get("end")?.as_u64()?;
                        let what = m.get("caption").or_else(|| m.get("text"))?.as_str()?;
                        Some(format!("{}:{start}-{end} ({what})", document.source))
                    })
                    .take(MAX_REFS)
                    .collect();
                refs.dedup();
                let list_versions = self.version_labels_of(&document.alerts);
                let evidence = self.push_evidence(EvidenceItem {
                    id: String::new(),
                    claim: anchor.clone(),
                    kind: "document".into(),
                    source_file: document.source.clone(),
                    line: None,
                    offsets,
                    refs,
                    ingested_from: Some(format!(
                        "{}:{}",
                        document.source_path, document.source_line
                    )),
                    list_versions,
                    alert_ids: document.alerts.iter().map(|a| a.alert_id).collect(),
                });
                let category = text("category").unwrap_or_else(|| "unknown".into());
                groups.entry(category).or_default().push(Claim {
                    anchor,
                    document_id: document.id,
                    source: document.source.clone(),
                    title: document.title.clone(),
                    date: document.date.clone(),
                    trigger: text("trigger").unwrap_or_default(),
                    stance: text("stance").unwrap_or_default(),
                    claimed_by: text("claimed_by"),
                    quote,
                    mentions: mentions.clone(),
                    alerts: alert_refs(&document.alerts),
                    evidence,
                });
            }
        }
        counts.indicator_claims = n_claims;
        let mut notes = Vec::new();
        if n_documents as usize > documents.len() {
            notes.push(format!(
                "the first {} of {n_documents} documents were read",
                documents.len()
            ));
        }
        if shown < n_claims as usize {
            notes.push(format!("{shown} of {n_claims} claims shown"));
        }
        Ok(MediaSection {
            documents: n_documents,
            documents_without_indicators: without,
            indicators: groups
                .into_iter()
                .map(|(category, claims)| IndicatorGroup {
                    anchor: format!("indicator-{}", anchor_safe(&category)),
                    category,
                    claims,
                })
                .collect(),
            note: (!notes.is_empty()).then(|| notes.join("; ")),
        })
    }

    fn list_changes(&mut self, period: &Period) -> Result<Section<ListChange>> {
        let limits = self.options.limits;
        let mut in_period: Vec<vigil_store::ListVersion> = self
            .store
            .versions(None)?
            .into_iter()
            .filter(|v| {
                if is_date(&v.version) {
                    period.contains(&v.version)
                } else {
                    period.contains(&v.imported_at)
                }
            })
            .collect();
        in_period.sort_by(|a, b| (&a.list, a.id).cmp(&(&b.list, b.id)));
        let total = in_period.len() as u64;
        in_period.truncate(limits.items_per_section);
        let mut items = Vec::with_capacity(in_period.len());
        for version in in_period {
            let previous = self.store.previous_version(version.id)?;
            let diff = match &previous {
                Some(old) => {
                    self.store.version_diff(old.id, version.id, limits.entities_per_change)?
                }
                None => vigil_store::VersionDiff::default(),
            };
            let anchor = format!("list-{}", version.id);
            let alerts = self.store.alerts_of_version(version.id)?;
            let mut list_versions = vec![format!("{}@{}", version.list, version.version)];
            if let Some(old) = &previous {
                list_versions.insert(0, format!("{}@{}", old.list, old.version));
            }
            let evidence = self.push_evidence(EvidenceItem {
                id: String::new(),
                claim: anchor.clone(),
                kind: "list_version".into(),
                source_file: if version.sources.is_empty() {
                    format!("no file recorded; content SHA-256 {}", version.content_sha256)
                } else {
                    version.sources.join(", ")
                },
                line: None,
                offsets: None,
                refs: previous.iter().flat_map(|old| old.sources.clone()).collect(),
                ingested_from: None,
                list_versions,
                alert_ids: alerts.clone(),
            });
            items.push(ListChange {
                anchor,
                list: version.list.clone(),
                from: previous.as_ref().map(version_ref),
                to: version_ref(&version),
                n_added: diff.n_added,
                n_removed: diff.n_removed,
                n_changed: diff.n_changed,
                added: diff.added,
                removed: diff.removed,
                changed: diff.changed,
                alerts,
                evidence,
            });
        }
        let note = (total > items.len() as u64)
            .then(|| format!("{} of {total} versions shown", items.len()));
        Ok(Section { total, items, note })
    }
}

/// Listed vessels with findings, by MMSI, each with its findings in time
/// order.
fn listed_vessels(sections: [&[Draft]; 4]) -> Vec<ListedVessel> {
    let mut by_mmsi: BTreeMap<u32, ListedVessel> = BTreeMap::new();
    let mut all: Vec<&Draft> = sections.iter().flat_map(|drafts| drafts.iter()).collect();
    all.sort_by(|a, b| {
        (&a.finding.start, a.finding.event_id).cmp(&(&b.finding.start, b.finding.event_id))
    });
    for draft in all {
        for vessel in draft.finding.vessels.iter().filter(|v| !v.listed.is_empty()) {
            let entry = by_mmsi.entry(vessel.mmsi).or_insert_with(|| ListedVessel {
                vessel: vessel.clone(),
                listed: Vec::new(),
                findings: Vec::new(),
            });
            for listed in
                draft.finding.listed.iter().filter(|l| vessel.listed.contains(&l.entity_id))
            {
                if !entry.listed.contains(listed) {
                    entry.listed.push(listed.clone());
                }
            }
            entry.findings.push(draft.finding.anchor.clone());
        }
    }
    by_mmsi.into_values().collect()
}

/// Which of an event's listed entities are this vessel: those the store
/// links to its MMSI or IMO, those whose caption is its name, and all of
/// them when it is the event's only vessel (a detector's link names the
/// entity, not the MMSI).
fn own_listings(
    vessel: &VesselRef,
    listed: &[ListedRef],
    linked: &[vigil_store::ListedLink],
    single: bool,
) -> Vec<String> {
    let mut own: Vec<String> = listed
        .iter()
        .filter(|l| {
            single
                || linked.iter().any(|link| link.entity_id == l.entity_id)
                || vessel
                    .name
                    .as_deref()
                    .is_some_and(|name| name.trim().eq_ignore_ascii_case(l.caption.trim()))
        })
        .map(|l| l.entity_id.clone())
        .collect();
    own.sort();
    own.dedup();
    own
}

fn mentions_of(scan: &Value) -> Vec<ListedRef> {
    let mut out: BTreeSet<ListedRef> = BTreeSet::new();
    for mention in scan.get("mentions").and_then(Value::as_array).into_iter().flatten() {
        let text = |key: &str| mention.get(key).and_then(Value::as_str).map(str::to_string);
        if let Some(entity_id) = text("entity_id").filter(|id| !id.is_empty()) {
            out.insert(ListedRef {
                caption: text("caption")
                    .or_else(|| text("text"))
                    .unwrap_or_else(|| entity_id.clone()),
                list: text("list").unwrap_or_default(),
                entity_id,
            });
        }
    }
    out.into_iter().collect()
}

fn alert_refs(links: &[AlertLink]) -> Vec<AlertRef> {
    links
        .iter()
        .map(|a| AlertRef {
            id: a.alert_id,
            severity: a.severity.clone(),
            status: a.status.clone(),
        })
        .collect()
}

fn vessel_ref(mmsi: u32, labels: &BTreeMap<u32, VesselLabel>) -> VesselRef {
    let label = labels.get(&mmsi);
    VesselRef {
        mmsi,
        name: label.and_then(|l| l.name.clone()).filter(|n| !n.trim().is_empty()),
        imo: label.and_then(|l| l.imo.clone()).filter(|n| !n.trim().is_empty()),
        listed: Vec::new(),
    }
}

/// `SEAFARER GLORY (MMSI 445000001, IMO 9000003)`, or `MMSI 412000003`.
pub(crate) fn vessel_label(vessel: &VesselRef) -> String {
    let mut ids = format!("MMSI {}", vessel.mmsi);
    if let Some(imo) = &vessel.imo {
        ids.push_str(&format!(", IMO {imo}"));
    }
    match &vessel.name {
        Some(name) => format!("{} ({ids})", name.trim()),
        None => ids,
    }
}

/// The claim of a finding in one sentence.
fn summarize(finding: &Finding) -> String {
    let vessels: Vec<String> = finding.vessels.iter().map(vessel_label).collect();
    let who = vessels.join(" and ");
    let d = &finding.details;
    let number = |key: &str| d.get(key).and_then(Value::as_f64).map(trim_number);
    let text = |key: &str| d.get(key).and_then(Value::as_str).map(str::to_string);
    let mut sentence = match finding.kind.as_str() {
        "encounter" => {
            let mut s = format!("{who} met at sea");
            if let Some(m) = number("median_distance_m") {
                s.push_str(&format!(", a median {m} m apart"));
            } else if let Some(km) = number("median_distance_km") {
                s.push_str(&format!(", a median {km} km apart"));
            }
            if let Some(h) = number("duration_h") {
                s.push_str(&format!(" for {h} h"));
            }
            s
        }
        "gap" => {
            let mut s = format!("{who} went dark");
            if let Some(h) = number("gap_h") {
                s.push_str(&format!(" for {h} h"));
            }
            if d.get("likely_intentional").and_then(Value::as_bool) == Some(true) {
                s.push_str(", likely intentionally");
            }
            if d.get("open").and_then(Value::as_bool) == Some(true) {
                s.push_str(" and had not reappeared when the data ended");
            }
            s
        }
        "port_call" => {
            let port = text("port").unwrap_or_else(|| "a watched port".into());
            let country = text("country").map(|c| format!(" ({c})")).unwrap_or_default();
            let mut s = format!("{who} called at {port}{country}");
            if let Some(h) = number("stopped_h") {
                s.push_str(&format!(", stopped {h} h"));
            }
            s
        }
        "zone_entry" => {
            format!("{who} entered {}", text("zone").unwrap_or_else(|| "a watched zone".into()))
        }
        "identity" => {
            let anomaly = text("anomaly").unwrap_or_else(|| "an identity anomaly".into());
            format!("{who}: {}", anomaly.replace('_', " "))
        }
        kind => format!("{} of {who}", kind.replace('_', " ")),
    };
    sentence.push_str(&format!(", {} to {}", finding.start, finding.end));
    if let Some(port) = &finding.near_dprk_port {
        if finding.kind != "port_call" {
            sentence.push_str(&format!(
                ", {} km from {}",
                trim_number(port.distance_km),
                port.name
            ));
        }
    }
    if !finding.listed.is_empty() {
        let names: Vec<String> =
            finding.listed.iter().map(|l| format!("{} ({})", l.caption, l.list)).collect();
        sentence.push_str(&format!("; listed: {}", names.join(", ")));
    }
    sentence
}

fn trim_number(value: f64) -> String {
    let text = format!("{:.2}", value);
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn version_ref(version: &vigil_store::ListVersion) -> VersionRef {
    VersionRef {
        id: version.id,
        label: format!("{}@{}", version.list, version.version),
        imported_at: version.imported_at.clone(),
        entity_count: version.entity_count,
        sources: version.sources.clone(),
        content_sha256: version.content_sha256.clone(),
    }
}

fn method_section(options: &Options) -> Method {
    let limits = options.limits;
    let config_source = options.config_source.clone().unwrap_or_else(|| "defaults".into());
    Method {
        config_note: format!(
            "The stored events do not record the detector configuration they were made with. \
             The thresholds below are {} given to this report; they are the ones used only if \
             `vigil ais events` ran with the same configuration.",
            if options.config_source.is_some() {
                "those of the configuration file"
            } else {
                "the defaults (Global Fishing Watch's published thresholds, DMA AisAbnormal's for drift and speed change)"
            }
        ),
        config_source,
        config_recorded_with_events: false,
        thresholds: method::thresholds(&options.config),
        disabled: options.config.disable.clone(),
        rules: method::rules(),
        limits: BTreeMap::from([
            ("items_per_section".to_string(), limits.items_per_section as u64),
            ("maps_per_section".to_string(), limits.maps_per_section as u64),
            ("points_per_track".to_string(), limits.points_per_track as u64),
            ("entities_per_change".to_string(), u64::from(limits.entities_per_change)),
            ("events_read".to_string(), u64::from(limits.events_read)),
            ("documents_read".to_string(), limits.documents_read as u64),
            ("near_dprk_port_km".to_string(), NEAR_PORT_KM as u64),
        ]),
    }
}

/// The bytes `[start, end)` of `text`, when they are a valid range.
fn cut(text: &str, [start, end]: [u64; 2]) -> Option<String> {
    let (start, end) = (usize::try_from(start).ok()?, usize::try_from(end).ok()?);
    text.get(start..end).map(str::to_string)
}

fn truncate(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_string();
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
}

fn anchor_safe(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '_' || c == '-' { c } else { '_' })
        .collect()
}

fn is_date(text: &str) -> bool {
    crate::period::Period::parse(text, text).is_ok()
}

/// A stored time moved by `seconds`, or the time itself when it cannot be
/// read.
fn shift(time: &str, seconds: i64) -> String {
    match epoch_of(time) {
        Some(epoch) => {
            vigil_store::format_epoch(epoch + seconds).unwrap_or_else(|| time.to_string())
        }
        None => time.to_string(),
    }
}

/// Unix seconds of a stored time `YYYY-MM-DDTHH:MM:SSZ`.
fn epoch_of(time: &str) -> Option<i64> {
    let day = crate::period::days_from_epoch(time.get(..10)?)?;
    let field = |range: std::ops::Range<usize>| -> Option<i64> { time.get(range)?.parse().ok() };
    Some(day * 86_400 + field(11..13)? * 3600 + field(14..16)? * 60 + field(17..19)?)
}

fn now() -> String {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    vigil_store::format_epoch(seconds).unwrap_or_else(|| "unknown".into())
}
