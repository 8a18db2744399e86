//! Comparing two versions of a list, and applying FtM deltas.
//!
//! Entities are compared by ID (which vigil keeps stable across versions:
//! `<list>-<record id>`) and, when both versions hold an ID, field by field
//! through their JSON form, so that a change in any field the model carries
//! is seen without a hand-written comparison that could fall behind the
//! model. The list version in the provenance is ignored: it changes with
//! every file and says nothing about the record.

use std::collections::{BTreeMap, HashMap};

use serde_json::{Map, Value};
use vigil_model::Entity;

use crate::{Change, ChangeKind, DeltaOp};

/// Compares two versions of a list by entity ID.
///
/// The result is sorted by ID (and, for an ID present twice in a version,
/// by the order of appearance), so the same inputs always give the same
/// output.
///
/// # Examples
/// ```
/// use vigil_lists::{diff, ChangeKind};
/// use vigil_model::{Entity, Provenance, Schema};
/// let old = vec![Entity::new("x-1", Schema::Person, "A", Provenance::new("x", "1", "v1"))];
/// let mut renamed = old[0].clone();
/// renamed.add_name("B", vigil_model::NameKind::StrongAlias);
/// renamed.provenance.version = "v2".into();
/// let changes = diff(&old, &[renamed]);
/// assert_eq!(changes[0].change, ChangeKind::Changed);
/// assert_eq!(changes[0].fields, ["names"]);
/// ```
pub fn diff(old: &[Entity], new: &[Entity]) -> Vec<Change> {
    let old_by_id: BTreeMap<&str, &Entity> = old.iter().map(|e| (e.id.as_str(), e)).collect();
    let new_by_id: BTreeMap<&str, &Entity> = new.iter().map(|e| (e.id.as_str(), e)).collect();
    let mut changes = Vec::new();
    for (id, old_entity) in &old_by_id {
        match new_by_id.get(id) {
            None => changes.push(Change {
                change: ChangeKind::Removed,
                id: id.to_string(),
                caption: old_entity.caption.clone(),
                fields: set_fields(&comparable(old_entity)),
            }),
            Some(new_entity) => {
                if same_ignoring_version(old_entity, new_entity) {
                    continue;
                }
                let fields = differing_fields(&comparable(old_entity), &comparable(new_entity));
                if !fields.is_empty() {
                    changes.push(Change {
                        change: ChangeKind::Changed,
                        id: id.to_string(),
                        caption: new_entity.caption.clone(),
                        fields,
                    });
                }
            }
        }
    }
    for (id, new_entity) in &new_by_id {
        if !old_by_id.contains_key(id) {
            changes.push(Change {
                change: ChangeKind::Added,
                id: id.to_string(),
                caption: new_entity.caption.clone(),
                fields: set_fields(&comparable(new_entity)),
            });
        }
    }
    changes.sort_by(|a, b| a.id.cmp(&b.id));
    changes
}

/// A cheap first test, so that unchanged entities are not serialised.
fn same_ignoring_version(a: &Entity, b: &Entity) -> bool {
    if a.provenance.version == b.provenance.version {
        return a == b;
    }
    let mut b = b.clone();
    b.provenance.version.clone_from(&a.provenance.version);
    *a == b
}

/// The entity's JSON object without the provenance's version.
fn comparable(entity: &Entity) -> Map<String, Value> {
    let mut value = serde_json::to_value(entity).unwrap_or(Value::Null);
    if let Some(provenance) = value.get_mut("provenance").and_then(Value::as_object_mut) {
        provenance.remove("version");
    }
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

fn set_fields(map: &Map<String, Value>) -> Vec<String> {
    map.keys().cloned().collect()
}

fn differing_fields(old: &Map<String, Value>, new: &Map<String, Value>) -> Vec<String> {
    let mut keys: Vec<&String> = old.keys().chain(new.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter().filter(|k| old.get(*k) != new.get(*k)).cloned().collect()
}

/// Applies the operations of an FtM delta file to the previous version.
///
/// An upsert replaces the entity with the same ID where it stands, or
/// appends a new one; a delete removes it (deleting an unknown ID is not an
/// error: deltas may repeat a deletion). Order is otherwise kept.
///
/// # Examples
/// ```
/// use vigil_lists::{apply_delta, DeltaOp};
/// use vigil_model::{Entity, Provenance, Schema};
/// let e = |id: &str| Entity::new(id, Schema::Person, id, Provenance::new("x", id, "v"));
/// let out = apply_delta(vec![e("a"), e("b")], &[DeltaOp::Delete("a".into()), DeltaOp::Upsert(e("c"))]);
/// let ids: Vec<_> = out.iter().map(|e| e.id.as_str()).collect();
/// assert_eq!(ids, ["b", "c"]);
/// ```
pub fn apply_delta(base: Vec<Entity>, ops: &[DeltaOp]) -> Vec<Entity> {
    let mut slots: Vec<Option<Entity>> = base.into_iter().map(Some).collect();
    let mut index: HashMap<String, usize> = HashMap::new();
    for (i, slot) in slots.iter().enumerate() {
        if let Some(entity) = slot {
            index.insert(entity.id.clone(), i);
        }
    }
    for op in ops {
        match op {
            DeltaOp::Upsert(entity) => match index.get(&entity.id) {
                Some(&i) => slots[i] = Some(entity.clone()),
                None => {
                    index.insert(entity.id.clone(), slots.len());
                    slots.push(Some(entity.clone()));
                }
            },
            DeltaOp::Delete(id) => {
                if let Some(i) = index.remove(id) {
                    slots[i] = None;
                }
            }
        }
    }
    slots.into_iter().flatten().collect()
}
