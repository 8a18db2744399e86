//! vigil's AIS detectors on Apache DataFusion and Ballista: does the same
//! run, spread over many machines, find the same events?
//!
//! Everything here is behind the `engine` feature (the root crate's
//! `cluster` feature turns it on); without it this crate is empty, so the
//! default build never compiles DataFusion.
