//! `vigil screen`: screen names against the lists.

use crate::shared::Outcome;

/// Arguments of `vigil screen`.
#[derive(Debug, clap::Args)]
pub struct ScreenArgs {
    /// Names to screen.
    pub queries: Vec<String>,
}

pub fn run(args: ScreenArgs) -> anyhow::Result<Outcome> {
    let _ = args;
    anyhow::bail!("screen is not wired yet")
}
