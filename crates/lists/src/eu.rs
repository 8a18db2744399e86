//! EU (stub).
use vigil_model::Entity;
use crate::util::Ctx;
use crate::ListError;
pub(crate) fn parse(_ctx: &mut Ctx, _bytes: &[u8]) -> Result<(Option<String>, Vec<Entity>), ListError> { Ok((None, Vec::new())) }
