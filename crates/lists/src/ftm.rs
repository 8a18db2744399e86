//! FtM (stub).
use std::path::Path;
use crate::util::Ctx;
use crate::{Contents, ListError};
pub(crate) struct Parsed { pub list: String, pub version: String, pub contents: Contents }
pub(crate) fn parse(_ctx: &mut Ctx, _bytes: &[u8], _delta: bool, _path: &Path) -> Result<Parsed, ListError> { Ok(Parsed { list: String::new(), version: String::new(), contents: Contents::Full(Vec::new()) }) }
