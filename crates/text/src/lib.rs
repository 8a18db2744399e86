//! vigil's open-source reader: what does this article say, whom does it name,
//! and what does it claim?
//!
//! Work in progress (issue 4): extraction, mentions of listed entities and
//! violation indicators land here.
#![deny(missing_docs)]
