//! Static data history per MMSI: what each vessel has said it is (types 5,
//! 19 and 24), its claimed flag, identity anomalies, and links to listed
//! vessels (`link_vessel`).
//!
//! [`IdentityBuilder`] takes decoded messages in input order and keeps, per
//! MMSI, each static report's fields (name, call sign, IMO, ship type,
//! dimensions, draught, destination). [`IdentityBuilder::finish`] orders
//! them by receive time and collapses them into a history of distinct
//! [`IdentityState`]s: a report that only *adds* fields that were unknown
//! (a type 24 part B after its part A) completes the current state; a
//! report that *changes* a known field starts a new one. Each state keeps its
//! first and last sighting and the `src` of the first.
//!
//! Anomalies are data, not events yet: an IMO failing its check digit, an
//! MMSI that is not a ship's, and a name or call sign change while the IMO
//! stays the same.

use std::collections::BTreeMap;

use vigil_match::{Index, Query, SearchOptions};
use vigil_model::Schema;

use crate::{flag_of_mmsi, Body, Dimensions, Message, Timestamp};

/// The identity fields one static report gives; `None` where it gives none
/// or says "not available".
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StaticFields {
    /// Ship name (types 5, 19, 24 A).
    pub name: Option<String>,
    /// Call sign (types 5, 24 B).
    pub callsign: Option<String>,
    /// IMO number (type 5), as sent: it may fail its check digit.
    pub imo: Option<u32>,
    /// Ship and cargo type (types 5, 19, 24 B).
    pub shiptype: Option<u8>,
    /// Dimensions (types 5, 19, 24 B), when any is given.
    pub dims: Option<Dimensions>,
    /// Draught in metres (type 5).
    pub draught: Option<f32>,
    /// Destination (type 5).
    pub destination: Option<String>,
}

impl StaticFields {
    /// The identity fields of a static message (types 5, 19, 24), or `None`
    /// for any other message.
    pub fn of(message: &Message) -> Option<StaticFields> {
        let text = |s: &str| {
            let s = s.trim_end_matches('@').trim();
            (!s.is_empty()).then(|| s.to_owned())
        };
        let dims = |d: Dimensions| (d != Dimensions::default()).then_some(d);
        let nonzero = |t: u8| (t != 0).then_some(t);
        Some(match &message.body {
            Body::StaticVoyage(m) => StaticFields {
                name: text(m.shipname.as_str()),
                callsign: text(m.callsign.as_str()),
                imo: (m.imo != 0).then_some(m.imo),
                shiptype: nonzero(m.shiptype),
                dims: dims(m.dims),
                draught: (m.draught > 0.0).then_some(m.draught),
                destination: text(m.destination.as_str()),
            },
            Body::ClassBExtended(m) => StaticFields {
                name: text(m.shipname.as_str()),
                shiptype: nonzero(m.shiptype),
                dims: dims(m.dims),
                ..StaticFields::default()
            },
            Body::StaticDataA(m) => {
                StaticFields { name: text(m.shipname.as_str()), ..StaticFields::default() }
            }
            Body::StaticDataB(m) => StaticFields {
                callsign: text(m.callsign.as_str()),
                shiptype: nonzero(m.shiptype),
                dims: if m.mothership_mmsi.is_some() { None } else { dims(m.dims) },
                ..StaticFields::default()
            },
            _ => return None,
        })
    }

    /// Whether `other` sets a field that this one has with another value.
    fn conflicts(&self, other: &StaticFields) -> bool {
        fn differs<T: PartialEq>(a: &Option<T>, b: &Option<T>) -> bool {
            matches!((a, b), (Some(a), Some(b)) if a != b)
        }
        differs(&self.name, &other.name)
            || differs(&self.callsign, &other.callsign)
            || differs(&self.imo, &other.imo)
            || differs(&self.shiptype, &other.shiptype)
            || differs(&self.dims, &other.dims)
            || differs(&self.draught, &other.draught)
            || differs(&self.destination, &other.destination)
    }

    /// This state with `other`'s fields laid over it.
    fn overlaid(&self, other: &StaticFields) -> StaticFields {
        StaticFields {
            name: other.name.clone().or_else(|| self.name.clone()),
            callsign: other.callsign.clone().or_else(|| self.callsign.clone()),
            imo: other.imo.or(self.imo),
            shiptype: other.shiptype.or(self.shiptype),
            dims: other.dims.or(self.dims),
            draught: other.draught.or(self.draught),
            destination: other.destination.clone().or_else(|| self.destination.clone()),
        }
    }
}

/// One distinct identity an MMSI has reported, with when it was seen.
#[derive(Debug, Clone, PartialEq)]
pub struct IdentityState {
    /// The fields, accumulated from the reports since the state began.
    pub fields: StaticFields,
    /// Receive time of the first report of this state.
    pub first_seen: Option<Timestamp>,
    /// Receive time of the last report of this state.
    pub last_seen: Option<Timestamp>,
    /// Where the first report came from (the caller's `file:line`).
    pub src: String,
    /// Static reports counted in this state.
    pub reports: u32,
}

/// An identity anomaly of one MMSI (data for the detectors of issue 3 §3).
#[derive(Debug, Clone, PartialEq)]
pub enum Anomaly {
    /// The MMSI is not a ship's (nine digits, first 2–7).
    MmsiInvalid,
    /// A reported IMO number fails its check digit.
    ImoInvalid {
        /// The number as sent.
        imo: u32,
    },
    /// The name or call sign changed while the IMO stayed the same.
    IdentityChange {
        /// `name` or `callsign`.
        field: &'static str,
        /// The IMO both states report.
        imo: u32,
        /// The earlier value.
        from: String,
        /// The later value.
        to: String,
        /// When the later state was first seen.
        at: Option<Timestamp>,
        /// Where the later state was first seen.
        src: String,
    },
}

impl Anomaly {
    /// A short stable name: `mmsi_invalid`, `imo_invalid`, `identity_change`.
    pub fn kind(&self) -> &'static str {
        match self {
            Anomaly::MmsiInvalid => "mmsi_invalid",
            Anomaly::ImoInvalid { .. } => "imo_invalid",
            Anomaly::IdentityChange { .. } => "identity_change",
        }
    }
}

/// Everything known about one MMSI's identity.
#[derive(Debug, Clone, PartialEq)]
pub struct VesselIdentity {
    /// The MMSI.
    pub mmsi: u32,
    /// The flag its MID claims (ISO 3166-1 alpha-2, lower case).
    pub flag: Option<&'static str>,
    /// Messages of any type from this MMSI.
    pub messages: u64,
    /// The identity history, in time order.
    pub history: Vec<IdentityState>,
    /// Anomalies, in the order found.
    pub anomalies: Vec<Anomaly>,
}

impl VesselIdentity {
    /// Every distinct IMO number reported, in order of first report.
    pub fn imos(&self) -> Vec<u32> {
        distinct(self.history.iter().filter_map(|s| s.fields.imo))
    }

    /// Every distinct name reported, in order of first report.
    pub fn names(&self) -> Vec<String> {
        distinct(self.history.iter().filter_map(|s| s.fields.name.clone()))
    }
}

fn distinct<T: PartialEq>(items: impl Iterator<Item = T>) -> Vec<T> {
    let mut out = Vec::new();
    for item in items {
        if !out.contains(&item) {
            out.push(item);
        }
    }
    out
}

/// One static report waiting for `finish`.
struct Report {
    ts: Option<Timestamp>,
    fields: StaticFields,
    src: String,
}

#[derive(Default)]
struct PerMmsi {
    messages: u64,
    reports: Vec<Report>,
}

/// Collects messages and builds each MMSI's [`VesselIdentity`].
///
/// ```
/// use vigil_ais::{decode_text, IdentityBuilder};
/// let (messages, _) = decode_text(concat!(
///     "!AIVDM,2,1,1,A,55?MbV02;H;s<HtKR20EHE:0@T4@Dn2222222216L961O5Gf0NSQEp6ClRp8,0*1C\n",
///     "!AIVDM,2,2,1,A,88888888880,2*25\n",
/// ));
/// let mut builder = IdentityBuilder::default();
/// for message in &messages {
///     builder.push(message, || format!("log:{}", message.line));
/// }
/// let vessels = builder.finish();
/// assert_eq!(vessels[0].mmsi, 351759000);
/// assert_eq!(vessels[0].flag, Some("pa"));
/// assert_eq!(vessels[0].history[0].fields.name.as_deref(), Some("EVER DIADEM"));
/// ```
#[derive(Default)]
pub struct IdentityBuilder {
    by_mmsi: BTreeMap<u32, PerMmsi>,
}

impl IdentityBuilder {
    /// Takes one message; `src` names where it came from and is called only
    /// for static reports.
    pub fn push(&mut self, message: &Message, src: impl FnOnce() -> String) {
        let entry = self.by_mmsi.entry(message.mmsi).or_default();
        entry.messages += 1;
        if let Some(fields) = StaticFields::of(message) {
            if fields != StaticFields::default() {
                entry.reports.push(Report { ts: message.ts, fields, src: src() });
            }
        }
    }

    /// Every MMSI seen, in MMSI order, with its history and anomalies.
    pub fn finish(self) -> Vec<VesselIdentity> {
        self.by_mmsi.into_iter().map(|(mmsi, per)| build(mmsi, per)).collect()
    }
}

/// The identities of decoded messages, each with its `src`.
pub fn vessel_identities<'a>(
    messages: impl IntoIterator<Item = (&'a Message, String)>,
) -> Vec<VesselIdentity> {
    let mut builder = IdentityBuilder::default();
    for (message, src) in messages {
        builder.push(message, || src);
    }
    builder.finish()
}

fn build(mmsi: u32, mut per: PerMmsi) -> VesselIdentity {
    // Time order when every report has a time; input order otherwise.
    if per.reports.iter().all(|r| r.ts.is_some()) {
        per.reports.sort_by_key(|r| r.ts);
    }
    let mut history: Vec<IdentityState> = Vec::new();
    for report in per.reports {
        match history.last_mut() {
            Some(state) if !state.fields.conflicts(&report.fields) => {
                state.fields = state.fields.overlaid(&report.fields);
                state.last_seen = report.ts.or(state.last_seen);
                state.reports += 1;
            }
            last => {
                // Fields this report does not carry stay as they were.
                let fields = match last {
                    Some(state) => state.fields.overlaid(&report.fields),
                    None => report.fields,
                };
                history.push(IdentityState {
                    fields,
                    first_seen: report.ts,
                    last_seen: report.ts,
                    src: report.src,
                    reports: 1,
                });
            }
        }
    }
    let mut anomalies = Vec::new();
    if !vigil_model::mmsi_is_valid(&format!("{mmsi:09}")) {
        anomalies.push(Anomaly::MmsiInvalid);
    }
    let mut bad_imos = Vec::new();
    for state in &history {
        if let Some(imo) = state.fields.imo {
            if !vigil_model::imo_is_valid(&format!("{imo:07}")) && !bad_imos.contains(&imo) {
                bad_imos.push(imo);
                anomalies.push(Anomaly::ImoInvalid { imo });
            }
        }
    }
    for pair in history.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        let (Some(imo), Some(imo_b)) = (a.fields.imo, b.fields.imo) else { continue };
        if imo != imo_b {
            continue;
        }
        for (field, from, to) in [
            ("name", &a.fields.name, &b.fields.name),
            ("callsign", &a.fields.callsign, &b.fields.callsign),
        ] {
            if let (Some(from), Some(to)) = (from, to) {
                if from != to {
                    anomalies.push(Anomaly::IdentityChange {
                        field,
                        imo,
                        from: from.clone(),
                        to: to.clone(),
                        at: b.first_seen,
                        src: b.src.clone(),
                    });
                }
            }
        }
    }
    VesselIdentity { mmsi, flag: flag_of_mmsi(mmsi), messages: per.messages, history, anomalies }
}

/// How a vessel was linked to a list entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkMethod {
    /// By a reported IMO number.
    Imo,
    /// By the MMSI.
    Mmsi,
    /// By a reported name.
    Name,
}

impl LinkMethod {
    /// `imo`, `mmsi` or `name`.
    pub fn as_str(self) -> &'static str {
        match self {
            LinkMethod::Imo => "imo",
            LinkMethod::Mmsi => "mmsi",
            LinkMethod::Name => "name",
        }
    }
}

/// A listed entity a vessel may be.
#[derive(Debug, Clone, PartialEq)]
pub struct ListLink {
    /// The entity's vigil ID.
    pub entity_id: String,
    /// Its display name.
    pub caption: String,
    /// The list it comes from.
    pub list: String,
    /// Its sanctions programs.
    pub programs: Vec<String>,
    /// The matcher's score.
    pub score: f64,
    /// How it was found.
    pub method: LinkMethod,
}

/// Links a vessel to listed vessels: by each reported IMO number first, then
/// by the MMSI, then (only when neither found anything) by each reported
/// name, with the vessel's IMO and MMSI as qualifiers. Hits at or above
/// [`vigil_match::DEFAULT_THRESHOLD`]; one link per entity, best score
/// first within a method.
pub fn link_vessel(index: &Index, identity: &VesselIdentity) -> Vec<ListLink> {
    let options = SearchOptions::default();
    let vessel = Query { schema: Some(Schema::Vessel), ..Query::default() };
    let mut links: Vec<ListLink> = Vec::new();
    let add = |links: &mut Vec<ListLink>, query: &Query, method: LinkMethod| {
        for hit in index.search(query, &options) {
            let entity = index.entity(hit.entity);
            if links.iter().any(|l| l.entity_id == entity.id) {
                continue;
            }
            links.push(ListLink {
                entity_id: entity.id.clone(),
                caption: entity.caption.clone(),
                list: entity.provenance.list.clone(),
                programs: entity.programs.clone(),
                score: hit.score,
                method,
            });
        }
    };
    for imo in identity.imos() {
        let query = Query { imo: Some(format!("{imo:07}")), ..vessel.clone() };
        add(&mut links, &query, LinkMethod::Imo);
    }
    let mmsi = format!("{:09}", identity.mmsi);
    if vigil_model::mmsi_is_valid(&mmsi) {
        let query = Query { mmsi: Some(mmsi.clone()), ..vessel.clone() };
        add(&mut links, &query, LinkMethod::Mmsi);
    }
    if links.is_empty() {
        let names = identity.names();
        if !names.is_empty() {
            let query = Query {
                names,
                imo: identity.imos().first().map(|imo| format!("{imo:07}")),
                mmsi: Some(mmsi),
                ..vessel
            };
            add(&mut links, &query, LinkMethod::Name);
        }
    }
    links
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{StaticDataA, StaticDataB, StaticVoyage};

    fn text<const N: usize>(s: &str) -> crate::AisText<N> {
        let mut t = crate::AisText::<N>::EMPTY;
        t.push_str(s);
        t
    }

    fn message(mmsi: u32, ts: i64, body: Body) -> Message {
        let msg_type = match body {
            Body::StaticVoyage(_) => 5,
            Body::StaticDataA(_) | Body::StaticDataB(_) => 24,
            _ => 1,
        };
        Message {
            msg_type,
            repeat: 0,
            mmsi,
            ts: Timestamp::from_epoch_guess(ts),
            channel: b'A',
            line: ts as u64,
            body,
        }
    }

    fn type5(mmsi: u32, ts: i64, name: &str, callsign: &str, imo: u32, dest: &str) -> Message {
        message(
            mmsi,
            ts,
            Body::StaticVoyage(StaticVoyage {
                ais_version: 0,
                imo,
                callsign: text(callsign),
                shipname: text(name),
                shiptype: 80,
                dims: Dimensions { to_bow: 80, to_stern: 20, to_port: 8, to_starboard: 8 },
                epfd: 1,
                eta: crate::Eta { month: 0, day: 0, hour: 24, minute: 60 },
                draught: 5.5,
                destination: text(dest),
                dte: false,
            }),
        )
    }

    fn build_all(messages: &[Message]) -> Vec<VesselIdentity> {
        vessel_identities(messages.iter().map(|m| (m, format!("t:{}", m.line))))
    }

    #[test]
    fn repeats_collapse_and_changes_start_states() {
        let base = 1_600_000_000;
        let messages = [
            type5(445_123_000, base + 30, "CHON MA SAN", "HMYZ", 8_660_313, "NAMPO"),
            type5(445_123_000, base, "CHON MA SAN", "HMYZ", 8_660_313, "NAMPO"),
            type5(445_123_000, base + 60, "CHON MA SAN", "HMYZ", 8_660_313, "NAMPO"),
            type5(445_123_000, base + 90, "XIN HAI", "HMYZ", 8_660_313, "NAMPO"),
            type5(445_123_000, base + 120, "XIN HAI", "HMYZ", 8_660_313, "NAMPO"),
        ];
        let vessels = build_all(&messages);
        assert_eq!(vessels.len(), 1);
        let v = &vessels[0];
        assert_eq!(v.flag, Some("kp"));
        assert_eq!(v.messages, 5);
        assert_eq!(v.history.len(), 2);
        let first = &v.history[0];
        assert_eq!(first.reports, 3);
        assert_eq!(first.first_seen, Timestamp::from_epoch_guess(base));
        assert_eq!(first.last_seen, Timestamp::from_epoch_guess(base + 60));
        assert_eq!(first.src, format!("t:{base}"));
        assert_eq!(v.history[1].fields.name.as_deref(), Some("XIN HAI"));
        assert_eq!(v.history[1].reports, 2);
        assert_eq!(
            v.anomalies,
            [Anomaly::IdentityChange {
                field: "name",
                imo: 8_660_313,
                from: "CHON MA SAN".into(),
                to: "XIN HAI".into(),
                at: Timestamp::from_epoch_guess(base + 90),
                src: format!("t:{}", base + 90),
            }]
        );
        assert_eq!(v.names(), ["CHON MA SAN", "XIN HAI"]);
        assert_eq!(v.imos(), [8_660_313]);
    }

    #[test]
    fn type24_parts_fill_one_state() {
        let base = 1_600_000_000;
        let a = message(
            273_345_100,
            base,
            Body::StaticDataA(StaticDataA { shipname: text("VOSTOK@@@") }),
        );
        let b = message(
            273_345_100,
            base + 1,
            Body::StaticDataB(StaticDataB {
                shiptype: 37,
                vendorid: text("ABC"),
                model: 1,
                serial: 2,
                callsign: text("UBCD3"),
                dims: Dimensions { to_bow: 10, to_stern: 2, to_port: 2, to_starboard: 2 },
                mothership_mmsi: None,
            }),
        );
        let position = message(273_345_100, base + 2, Body::Other);
        let v = &build_all(&[a, b, position])[0];
        assert_eq!(v.messages, 3);
        assert_eq!(v.history.len(), 1);
        let fields = &v.history[0].fields;
        assert_eq!(fields.name.as_deref(), Some("VOSTOK"));
        assert_eq!(fields.callsign.as_deref(), Some("UBCD3"));
        assert_eq!(fields.shiptype, Some(37));
        assert!(v.anomalies.is_empty());
        assert_eq!(v.flag, Some("ru"));
    }

    #[test]
    fn bad_imo_and_mmsi_are_flagged() {
        let messages = [
            type5(12_345, 1_600_000_000, "GHOST", "", 8_660_314, ""),
            type5(12_345, 1_600_000_100, "GHOST", "", 8_660_314, ""),
        ];
        let v = &build_all(&messages)[0];
        assert_eq!(v.history.len(), 1);
        assert_eq!(v.anomalies, [Anomaly::MmsiInvalid, Anomaly::ImoInvalid { imo: 8_660_314 }]);
        assert_eq!(v.anomalies[1].kind(), "imo_invalid");
    }

    #[test]
    fn callsign_change_under_one_imo() {
        let messages = [
            type5(511_100_200, 1_600_000_000, "SEA STAR", "T8AB", 8_660_313, ""),
            type5(511_100_200, 1_600_000_100, "SEA STAR", "3EXY", 8_660_313, ""),
            type5(511_100_200, 1_600_000_200, "OTHER", "3EXY", 9_074_729, ""),
        ];
        let v = &build_all(&messages)[0];
        assert_eq!(v.flag, Some("pw"));
        assert_eq!(v.history.len(), 3);
        let kinds: Vec<_> = v
            .anomalies
            .iter()
            .map(|a| match a {
                Anomaly::IdentityChange { field, .. } => *field,
                other => other.kind(),
            })
            .collect();
        assert_eq!(kinds, ["callsign"]);
    }

    #[test]
    fn links_by_imo_then_name() {
        use vigil_model::{Entity, IdKind, Provenance};
        let mut vessel =
            Entity::new("x-1", Schema::Vessel, "CHON MA SAN", Provenance::new("x", "1", "v"));
        vessel.add_identifier(IdKind::Imo, "IMO 8660313");
        vessel.programs.push("DPRK4".into());
        let index = Index::build(vec![vessel]);
        let by_imo = &build_all(&[type5(667_001_000, 1, "ANY NAME", "", 8_660_313, "")])[0];
        let links = link_vessel(&index, by_imo);
        assert_eq!(links.len(), 1, "{links:?}");
        assert_eq!(links[0].entity_id, "x-1");
        assert_eq!(links[0].method, LinkMethod::Imo);
        assert_eq!(links[0].programs, ["DPRK4"]);
        let by_name = &build_all(&[type5(667_001_000, 1, "CHON MA SAN", "", 0, "")])[0];
        let links = link_vessel(&index, by_name);
        assert_eq!(links.len(), 1, "{links:?}");
        assert_eq!(links[0].method, LinkMethod::Name);
        let unrelated = &build_all(&[type5(667_001_000, 1, "PACIFIC DAWN", "", 0, "")])[0];
        assert!(link_vessel(&index, unrelated).is_empty());
    }
}
