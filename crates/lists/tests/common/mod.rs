//! Helpers for tests that read the shared sample data (`../shared/data`).
#![allow(dead_code)]

use std::path::PathBuf;

use vigil_lists::{Contents, ParsedList};
use vigil_model::Entity;

/// The shared sanctions data directory, or `None` (with a note on stderr)
/// when it is absent, so that a fresh checkout without `../shared` passes.
pub fn sanctions_dir() -> Option<PathBuf> {
    vigil_testdata::shared_file("sanctions")
}

/// A file of the shared sanctions data, or `None` when the data is absent.
pub fn shared(relative: &str) -> Option<PathBuf> {
    sanctions_dir().map(|dir| dir.join(relative))
}

/// The entities of a full list; panics on a delta.
pub fn entities(parsed: &ParsedList) -> &[Entity] {
    match &parsed.contents {
        Contents::Full(entities) => entities,
        Contents::Delta(_) => panic!("expected a full list, got a delta"),
    }
}

/// The entity with this ID; panics with the ID when absent.
pub fn by_id<'a>(entities: &'a [Entity], id: &str) -> &'a Entity {
    entities.iter().find(|e| e.id == id).unwrap_or_else(|| panic!("no entity {id}"))
}
