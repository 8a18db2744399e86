//! `vigil demo`: demo names against the lists.

use crate::shared::Outcome;

/// Arguments of `vigil demo`.
#[derive(Debug, clap::Args)]
pub struct DemoArgs {
    /// Names to demo.
    pub queries: Vec<String>,
}

pub fn run(args: DemoArgs) -> anyhow::Result<Outcome> {
    let _ = args;
    anyhow::bail!("demo is not wired yet")
}
