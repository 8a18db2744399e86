//! `vigil lists ...`: import, diff, update and show list versions.

use clap::Subcommand;

use crate::shared::Outcome;

/// The `lists` subcommands.
#[derive(Debug, Subcommand)]
pub enum ListsCommand {
    /// Import list files into the store (format detected).
    Import {
        /// List files.
        files: Vec<std::path::PathBuf>,
    },
}

pub fn run(command: ListsCommand) -> anyhow::Result<Outcome> {
    let _ = command;
    anyhow::bail!("lists commands are not wired yet")
}
