//! OFAC's legacy CSV layout: `sdn.csv` (or the consolidated non-SDN
//! `cons_prim.csv`) and its companions `add.csv`, `alt.csv` and
//! `sdn_comments.csv`.
//!
//! The files have no header, write `-0- ` for an empty field, end lines with
//! CRLF and the file with a Ctrl-Z byte. The primary file has twelve columns:
//! ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign, Vess_type,
//! Tonnage, GRT, Vess_flag, Vess_owner, Remarks. Remarks longer than OFAC's
//! column width continue in `sdn_comments.csv` (ent_num, text), whose text is
//! appended verbatim before the remarks are parsed.
//!
//! OFAC publishes ASCII; a field that is not valid UTF-8 is read as
//! Windows-1252, the encoding of OFAC's older files, rather than refused.
//!
//! # References
//! - OFAC, "SDN List data formats and data schemas" (legacy `sdn.csv`,
//!   `add.csv`, `alt.csv`, `sdn_comments.csv`).

use std::collections::HashMap;
use std::path::Path;

use vigil_model::{Address, Entity, IdKind, NameKind, Provenance, Schema};

use crate::remarks::apply_remarks;
use crate::util::{has_legal_form, Ctx, LineCounter};
use crate::MAX_RECORD_BYTES;

/// The bytes of one file of an OFAC group, with its path for error messages.
pub(crate) struct Part<'a> {
    pub path: &'a Path,
    pub bytes: &'a [u8],
}

/// The files of one OFAC list: the primary file and its optional companions.
pub(crate) struct Group<'a> {
    pub primary: Part<'a>,
    pub add: Option<Part<'a>>,
    pub alt: Option<Part<'a>>,
    pub comments: Option<Part<'a>>,
}

/// Parses an OFAC group into entities. `list` is `us_ofac_sdn` or
/// `us_ofac_cons`.
pub(crate) fn parse_group(
    ctx: &mut Ctx,
    group: &Group<'_>,
    list: &str,
    version: &str,
) -> Vec<Entity> {
    let mut continuations: HashMap<String, String> = HashMap::new();
    if let Some(part) = &group.comments {
        read_rows(ctx, part, 2, |ctx, line, fields| {
            let ent_num = fields[0].trim();
            if !is_ent_num(ent_num) {
                ctx.error_in(part.path, Some(line), Some(ent_num), bad_ent_num(ent_num));
                return;
            }
            continuations.entry(ent_num.to_string()).or_default().push_str(&fields[1]);
        });
    }

    let mut entities: Vec<Entity> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    read_rows(ctx, &group.primary, 12, |ctx, line, fields| {
        let ent_num = fields[0].trim();
        if !is_ent_num(ent_num) {
            ctx.error(Some(line), Some(ent_num), bad_ent_num(ent_num));
            return;
        }
        if index.contains_key(ent_num) {
            ctx.error(Some(line), Some(ent_num), format!("duplicate ent_num {ent_num}"));
            return;
        }
        let continuation = continuations.get(ent_num).map(String::as_str);
        match primary_row(fields, continuation, list, version) {
            Ok(entity) => {
                index.insert(ent_num.to_string(), entities.len());
                entities.push(entity);
            }
            Err(message) => ctx.error(Some(line), Some(ent_num), message),
        }
    });
    if let Some(part) = &group.comments {
        let mut orphans: Vec<&String> =
            continuations.keys().filter(|k| !index.contains_key(k.as_str())).collect();
        orphans.sort();
        for ent_num in orphans {
            let message = format!("comment for unknown ent_num {ent_num}");
            ctx.error_in(part.path, None, Some(ent_num), message);
        }
    }

    if let Some(part) = &group.alt {
        read_rows(ctx, part, 5, |ctx, line, fields| {
            let ent_num = fields[0].trim();
            let Some(&at) = index.get(ent_num) else {
                let message = format!("alias for unknown ent_num {ent_num:?}");
                ctx.error_in(part.path, Some(line), Some(ent_num), message);
                return;
            };
            let kind = match fields[2].trim().to_ascii_lowercase().trim_end_matches('.') {
                "fka" | "f.k.a" => NameKind::WeakAlias,
                "aka" | "a.k.a" | "nka" | "n.k.a" | "" => NameKind::StrongAlias,
                other => {
                    let message = format!("unknown alias type {other:?}");
                    ctx.error_in(part.path, Some(line), Some(ent_num), message);
                    return;
                }
            };
            entities[at].add_name(&fields[3], kind);
        });
    }
    if let Some(part) = &group.add {
        read_rows(ctx, part, 6, |ctx, line, fields| {
            let ent_num = fields[0].trim();
            let Some(&at) = index.get(ent_num) else {
                let message = format!("address for unknown ent_num {ent_num:?}");
                ctx.error_in(part.path, Some(line), Some(ent_num), message);
                return;
            };
            let parts: Vec<&str> =
                fields[2..5].iter().map(|f| f.trim()).filter(|f| !f.is_empty()).collect();
            if parts.is_empty() {
                return;
            }
            let address = Address {
                full: vigil_model::collapse_whitespace(&parts.join(", ")),
                country: crate::util::country(&fields[4]).map(str::to_string),
            };
            let entity = &mut entities[at];
            if !entity.addresses.contains(&address) {
                entity.addresses.push(address);
            }
        });
    }
    resolve_links(&mut entities);
    entities
}

fn is_ent_num(text: &str) -> bool {
    !text.is_empty() && text.len() <= 12 && text.bytes().all(|b| b.is_ascii_digit())
}

fn bad_ent_num(text: &str) -> String {
    let shown: String = text.chars().take(40).collect();
    format!("ent_num {shown:?} is not a number")
}

/// Builds the entity of one primary row.
fn primary_row(
    fields: &[String],
    continuation: Option<&str>,
    list: &str,
    version: &str,
) -> Result<Entity, String> {
    let ent_num = fields[0].trim();
    let name = fields[1].trim();
    if name.is_empty() {
        return Err("empty SDN_Name".to_string());
    }
    let schema = match fields[2].trim().to_ascii_lowercase().as_str() {
        "individual" => Schema::Person,
        "vessel" => Schema::Vessel,
        "aircraft" => Schema::Aircraft,
        "" | "entity" if has_legal_form(name) => Schema::Company,
        "" | "entity" => Schema::Organization,
        other => return Err(format!("unknown SDN_Type {other:?}")),
    };
    let id = format!("{list}-{ent_num}");
    let mut entity = Entity::new(&id, schema, name, Provenance::new(list, ent_num, version));
    for program in fields[3].split("] [") {
        entity.add_program(program.trim().trim_start_matches('[').trim_end_matches(']'));
    }
    if !fields[4].trim().is_empty() {
        crate::util::push_unique(&mut entity.titles, &fields[4]);
    }
    if !fields[5].trim().is_empty() {
        entity.add_identifier(IdKind::CallSign, &fields[5]);
    }
    let text = |i: usize| Some(fields[i].trim()).filter(|s| !s.is_empty()).map(str::to_string);
    entity.vessel.vessel_type = text(6);
    entity.vessel.tonnage = text(7);
    entity.vessel.gross_tonnage = text(8);
    entity.vessel.flag = crate::util::country(&fields[9]).map(str::to_string);
    entity.vessel.owner = text(10);

    let mut remarks = fields[11].clone();
    if let Some(more) = continuation {
        remarks.push_str(more);
    }
    let remarks = remarks.trim();
    if !remarks.is_empty() {
        apply_remarks(&mut entity, remarks);
        entity.remarks = Some(remarks.to_string());
    }
    Ok(entity)
}

/// Fills `Link::entity_id` where the linked name is the primary name of an
/// entity of the same file.
fn resolve_links(entities: &mut [Entity]) {
    let by_name: HashMap<&str, usize> =
        entities.iter().enumerate().map(|(i, e)| (e.caption.as_str(), i)).collect();
    let mut resolved: Vec<(usize, usize, String)> = Vec::new();
    for (i, entity) in entities.iter().enumerate() {
        for (j, link) in entity.links.iter().enumerate() {
            let target = by_name
                .get(link.name.as_str())
                .or_else(|| by_name.get(format!("{}.", link.name).as_str()));
            if let Some(&t) = target {
                resolved.push((i, j, entities[t].id.clone()));
            }
        }
    }
    for (i, j, id) in resolved {
        entities[i].links[j].entity_id = Some(id);
    }
}

/// Reads an OFAC-style CSV (no header, `-0-` for empty) and calls `row` with
/// the 1-based line and the decoded fields of every row that has `expected`
/// fields; other rows become record errors.
pub(crate) fn read_rows(
    ctx: &mut Ctx,
    part: &Part<'_>,
    expected: usize,
    mut row: impl FnMut(&mut Ctx, u64, &[String]),
) {
    let mut bytes = part.bytes;
    while let [rest @ .., last] = bytes {
        if *last == 0x1A || last.is_ascii_whitespace() {
            bytes = rest;
        } else {
            break;
        }
    }
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(bytes);
    let mut record = csv::ByteRecord::new();
    let mut fields: Vec<String> = Vec::with_capacity(expected);
    let mut lines = LineCounter::default();
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(err) => {
                let line = err.position().map(|p| p.line());
                ctx.error_in(part.path, line, None, format!("unreadable CSV: {err}"));
                break;
            }
        }
        // csv's own line count runs one behind after a CRLF, so count here.
        let mut offset = record.position().map_or(0, |p| p.byte() as usize);
        while bytes.get(offset).is_some_and(|&b| b == b'\r' || b == b'\n') {
            offset += 1;
        }
        let line = lines.line_at(bytes, offset);
        let first = record.get(0).map(|f| String::from_utf8_lossy(f).trim().to_string());
        let first: Option<String> = first.map(|f| f.chars().take(40).collect());
        if record.as_slice().len() > MAX_RECORD_BYTES {
            let message = format!("record longer than {MAX_RECORD_BYTES} bytes");
            ctx.error_in(part.path, Some(line), first.as_deref(), message);
            continue;
        }
        if record.len() == 1 && record.get(0).is_some_and(|f| f.iter().all(u8::is_ascii_whitespace))
        {
            continue;
        }
        if record.len() != expected {
            let message = format!("expected {expected} fields, found {}", record.len());
            ctx.error_in(part.path, Some(line), first.as_deref(), message);
            continue;
        }
        fields.clear();
        fields.extend(record.iter().map(decode_field));
        row(ctx, line, &fields);
    }
}

/// Decodes one field, mapping OFAC's `-0-` empty marker to "".
fn decode_field(raw: &[u8]) -> String {
    let text = match std::str::from_utf8(raw) {
        Ok(text) => std::borrow::Cow::Borrowed(text),
        Err(_) => encoding_rs::WINDOWS_1252.decode_without_bom_handling(raw).0,
    };
    if text.trim() == "-0-" {
        String::new()
    } else {
        text.into_owned()
    }
}
