//! `vigil ais vessels`: per MMSI, the flag from its MID, the identity
//! history, anomalies and links to listed vessels.

use std::io::Write;
use std::path::PathBuf;

use vigil_ais::{
    link_vessel, Anomaly, IdentityBuilder, ListLink, Options, Timestamp, VesselIdentity,
};

use super::input::read_messages;
use crate::shared::{self, Outcome};

/// Arguments of `vigil ais vessels`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  vigil ais vessels --list sdn.xml log.nmea.gz > vessels.jsonl
  vigil ais vessels log.nmea          # lists from the database, if any

Output: one JSON line per MMSI, in MMSI order: {mmsi, flag (ISO code from the
MID), messages, identities: [{name, callsign, imo, shiptype, length, beam,
draught, destination, first_seen, last_seen, reports, src}], anomalies:
[{kind, ...}], listed: [{entity_id, caption, list, programs, score, method}]}.
Identities come from types 5, 19 and 24; repeats collapse into one state.
Links try each IMO, then the MMSI, then the names. Without --list and without
a database, vessels are written without links.

Exit codes: 0 at least one vessel listed, 1 none, 2 error.")]
pub struct VesselsArgs {
    /// NMEA files (plain or gzip), or - for standard input.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// List files to link against (any format `vigil lists` reads); repeatable.
    #[arg(long = "list", value_name = "FILE")]
    pub lists: Vec<PathBuf>,
    /// The database to take current lists from when no --list is given.
    #[arg(long, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Receive time for messages without one (ISO 8601 UTC or epoch seconds).
    #[arg(long, value_name = "TIME", value_parser = |s: &str| Timestamp::parse(s).ok_or(format!("not a time: {s:?}")))]
    pub default_time: Option<Timestamp>,
}

/// Runs `vigil ais vessels`.
pub fn run(args: VesselsArgs) -> anyhow::Result<Outcome> {
    let index = if args.lists.is_empty()
        && !args.db.clone().unwrap_or_else(shared::default_db_path).exists()
    {
        eprintln!(
            "no lists given (--list) and no database found: vessels are written without links"
        );
        None
    } else {
        Some(vigil_match::Index::build(shared::load_entities(&args.lists, args.db.as_deref())?))
    };
    let options = Options { default_time: args.default_time, ..Options::default() };
    let mut builder = IdentityBuilder::default();
    read_messages(&args.files, options, false, |message, name| {
        builder.push(message, || format!("{name}:{}", message.line));
        Ok(())
    })?;
    let mut out = shared::stdout();
    let mut any_listed = false;
    for vessel in builder.finish() {
        let links = index.as_ref().map(|index| link_vessel(index, &vessel)).unwrap_or_default();
        any_listed |= !links.is_empty();
        shared::write_json_line(&mut out, &vessel_json(&vessel, &links))?;
    }
    out.flush()?;
    Ok(if any_listed { Outcome::Found } else { Outcome::NotFound })
}

fn vessel_json(vessel: &VesselIdentity, links: &[ListLink]) -> serde_json::Value {
    use serde_json::json;
    let ts = |t: Option<Timestamp>| t.map(|t| t.to_string());
    let identities: Vec<_> = vessel
        .history
        .iter()
        .map(|state| {
            let f = &state.fields;
            json!({
                "name": f.name,
                "callsign": f.callsign,
                "imo": f.imo,
                "shiptype": f.shiptype,
                "length": f.dims.and_then(|d| d.length()),
                "beam": f.dims.and_then(|d| d.beam()),
                "draught": f.draught.map(|d| (f64::from(d) * 10.0).round() / 10.0),
                "destination": f.destination,
                "first_seen": ts(state.first_seen),
                "last_seen": ts(state.last_seen),
                "reports": state.reports,
                "src": state.src,
            })
        })
        .collect();
    let anomalies: Vec<_> = vessel
        .anomalies
        .iter()
        .map(|anomaly| match anomaly {
            Anomaly::MmsiInvalid => json!({"kind": anomaly.kind()}),
            Anomaly::ImoInvalid { imo } => json!({"kind": anomaly.kind(), "imo": imo}),
            Anomaly::IdentityChange { field, imo, from, to, at, src } => json!({
                "kind": anomaly.kind(), "field": field, "imo": imo, "from": from, "to": to,
                "at": ts(*at), "src": src,
            }),
        })
        .collect();
    let listed: Vec<_> = links
        .iter()
        .map(|link| {
            json!({
                "entity_id": link.entity_id,
                "caption": link.caption,
                "list": link.list,
                "programs": link.programs,
                "score": (link.score * 1000.0).round() / 1000.0,
                "method": link.method.as_str(),
            })
        })
        .collect();
    json!({
        "mmsi": vessel.mmsi,
        "flag": vessel.flag,
        "messages": vessel.messages,
        "identities": identities,
        "anomalies": anomalies,
        "listed": listed,
    })
}
