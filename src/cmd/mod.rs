//! One module per subcommand.

pub mod ais;
#[cfg(feature = "cluster")]
pub mod cluster;
pub mod compare;
pub mod demo;
pub mod ingest;
pub mod lists;
pub mod monitor;
pub mod report;
pub mod scan;
pub mod screen;
pub mod serve;
