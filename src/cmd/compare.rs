//! `vigil compare`: compare names against the lists.

use crate::shared::Outcome;

/// Arguments of `vigil compare`.
#[derive(Debug, clap::Args)]
pub struct CompareArgs {
    /// Names to compare.
    pub queries: Vec<String>,
}

pub fn run(args: CompareArgs) -> anyhow::Result<Outcome> {
    let _ = args;
    anyhow::bail!("compare is not wired yet")
}
