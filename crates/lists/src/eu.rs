//! EU (stub).
use crate::util::Ctx;
use crate::ListError;
use vigil_model::Entity;
pub(crate) fn parse(
    _ctx: &mut Ctx,
    _bytes: &[u8],
) -> Result<(Option<String>, Vec<Entity>), ListError> {
    Ok((None, Vec::new()))
}
