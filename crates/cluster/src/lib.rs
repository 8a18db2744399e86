//! vigil's AIS detectors on Apache DataFusion and Ballista: does the same
//! run, spread over many machines, find the same events?
//!
//! Everything here is behind the `engine` feature (the root crate's
//! `cluster` feature turns it on); without it this crate is empty, so the
//! default build never compiles DataFusion.
//!
//! - [`schema`]: the Parquet layout `vigil ais convert` writes (positions
//!   and static reports, one folder per UTC day) and its checks;
//! - [`convert`]: the writer;
//! - [`kernels`]: what one task does, as plain functions over the kernels
//!   of `vigil-ais` (which know nothing of DataFusion);
//! - [`plan`]: the logical nodes, the operators with their required input
//!   distribution and order, the planner and the codecs;
//! - [`run`]: running locally or on a cluster, and serving the scheduler
//!   and executors;
//! - [`executor_loss`]: the scheduler fails its running jobs when it loses
//!   an executor (Ballista 55's reruns are not trusted).
#![deny(missing_docs)]
#![cfg_attr(not(feature = "engine"), allow(unused))]

#[cfg(feature = "engine")]
pub mod convert;
/// The DataFusion this crate is built on (for callers that read its Parquet).
#[cfg(feature = "engine")]
pub use datafusion;
#[cfg(feature = "engine")]
pub mod executor_loss;
#[cfg(feature = "engine")]
pub mod kernels;
#[cfg(feature = "engine")]
pub mod plan;
#[cfg(feature = "engine")]
pub mod rows;
#[cfg(feature = "engine")]
pub mod run;
#[cfg(feature = "engine")]
pub mod schema;
