//! UK lists (stub).
use vigil_model::Entity;
use crate::util::Ctx;
use crate::ListError;
pub(crate) fn parse_conlist(_ctx: &mut Ctx, _bytes: &[u8]) -> Result<(Option<String>, Vec<Entity>), ListError> { Ok((None, Vec::new())) }
pub(crate) fn parse_jsonl(_ctx: &mut Ctx, _bytes: &[u8], _version: &str) -> Result<Vec<Entity>, ListError> { Ok(Vec::new()) }
