//! Reads the web UI needs beyond the API's: an entity's full history across
//! the versions of its list (present or not, changed or not), and the list
//! versions in force as a cheap fingerprint for reloading the screening
//! index.
//!
//! Kept apart from `read.rs` so the API's queries and the UI's evolve
//! separately. Every query is fixed SQL with bound parameters.

use serde::Serialize;
use serde_json::Value;

use crate::{Result, Store};

/// Most versions of one list an entity history lists (newest kept).
pub const MAX_HISTORY_VERSIONS: u32 = 500;

/// An entity in one version of its list.
#[derive(Debug, Clone, Serialize)]
pub struct EntityRevision {
    /// The version's ID.
    pub version_id: i64,
    /// The list.
    pub list: String,
    /// The version (publication date or hash prefix).
    pub version: String,
    /// When the version was imported.
    pub imported_at: String,
    /// The files the version was imported from.
    pub sources: Value,
    /// Whether the version holds the entity (false: delisted, or not yet
    /// listed).
    pub present: bool,
    /// Whether the entity's data differ from the previous version that held
    /// it, ignoring `provenance.version` (which changes with every version).
    /// False for the first version that holds it.
    pub changed: bool,
    /// Whether this version is the one in force for its list.
    pub in_force: bool,
    /// The entity as stored (`vigil_model::Entity` JSON), when present.
    pub data: Option<Value>,
}

impl Store {
    /// Every version of every list that ever held `entity_id`, oldest first,
    /// each with the entity's data in it (or its absence) and whether it
    /// changed, so a reader sees when it was listed, amended and delisted.
    pub fn entity_history(&self, entity_id: &str) -> Result<Vec<EntityRevision>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT v.id, v.list, v.version, v.imported_at, v.sources, e.data,
                    v.id IN (SELECT id FROM current_versions)
             FROM list_versions v
             LEFT JOIN entities e ON e.version_id = v.id AND e.entity_id = ?1
             WHERE v.list IN (SELECT w.list FROM entities x JOIN list_versions w
                              ON w.id = x.version_id WHERE x.entity_id = ?1)
             ORDER BY v.id DESC LIMIT ?2",
        )?;
        let rows = stmt.query_map(rusqlite::params![entity_id, MAX_HISTORY_VERSIONS], |row| {
            let sources: String = row.get(4)?;
            let data: Option<String> = row.get(5)?;
            Ok(EntityRevision {
                version_id: row.get(0)?,
                list: row.get(1)?,
                version: row.get(2)?,
                imported_at: row.get(3)?,
                sources: serde_json::from_str(&sources).unwrap_or(Value::String(sources)),
                present: data.is_some(),
                changed: false,
                in_force: row.get(6)?,
                data: data.map(|text| serde_json::from_str(&text).unwrap_or(Value::String(text))),
            })
        })?;
        let mut history: Vec<EntityRevision> = rows.collect::<rusqlite::Result<_>>()?;
        history.reverse();
        mark_changes(&mut history);
        Ok(history)
    }

    /// The IDs of the list versions in force, ascending: changes whenever a
    /// list is imported, so a server compares it to know when to rebuild
    /// its screening index.
    pub fn current_version_ids(&self) -> Result<Vec<i64>> {
        let mut stmt = self.conn.prepare_cached("SELECT id FROM current_versions ORDER BY id")?;
        let rows = stmt.query_map([], |row| row.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// Sets `changed` on each present revision whose data differ from the
/// previous present revision of the same list.
fn mark_changes(history: &mut [EntityRevision]) {
    let mut previous: std::collections::HashMap<String, Value> = Default::default();
    for revision in history.iter_mut() {
        let Some(data) = &revision.data else { continue };
        let comparable = without_version(data);
        if let Some(before) = previous.get(&revision.list) {
            revision.changed = *before != comparable;
        }
        previous.insert(revision.list.clone(), comparable);
    }
}

fn without_version(data: &Value) -> Value {
    let mut copy = data.clone();
    if let Some(provenance) = copy.get_mut("provenance").and_then(Value::as_object_mut) {
        provenance.remove("version");
    }
    copy
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn revision(list: &str, data: Option<Value>) -> EntityRevision {
        EntityRevision {
            version_id: 1,
            list: list.into(),
            version: "v".into(),
            imported_at: "2030-01-01T00:00:00Z".into(),
            sources: json!([]),
            present: data.is_some(),
            changed: false,
            in_force: false,
            data,
        }
    }

    #[test]
    fn changes_ignore_the_version_and_absences() {
        let first = json!({"caption": "A", "provenance": {"list": "l", "version": "1"}});
        let same = json!({"caption": "A", "provenance": {"list": "l", "version": "2"}});
        let renamed = json!({"caption": "B", "provenance": {"list": "l", "version": "4"}});
        let mut history = vec![
            revision("l", Some(first)),
            revision("l", Some(same)),
            revision("l", None),
            revision("l", Some(renamed)),
        ];
        mark_changes(&mut history);
        let changed: Vec<bool> = history.iter().map(|r| r.changed).collect();
        assert_eq!(changed, [false, false, false, true]);
    }

    #[test]
    fn history_lists_every_version_of_the_entitys_list() -> Result<()> {
        let store = Store::open_in_memory()?;
        assert!(store.entity_history("nobody")?.is_empty());
        assert!(store.current_version_ids()?.is_empty());
        Ok(())
    }
}
