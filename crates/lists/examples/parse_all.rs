//! Parses every list file given on the command line and prints, per list,
//! the format, version, entity or op count, errors and time taken.
//!
//! ```sh
//! cargo run --release -p vigil-lists --example parse_all -- ../shared/data/sanctions/*/*
//! ```

use std::path::PathBuf;
use std::time::Instant;

use vigil_lists::{load_paths, Contents};

fn main() {
    let paths: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let start = Instant::now();
    let results = load_paths(&paths);
    let elapsed = start.elapsed();
    for result in results {
        match result {
            Ok(parsed) => {
                let count = match &parsed.contents {
                    Contents::Full(entities) => format!("{} entities", entities.len()),
                    Contents::Delta(ops) => format!("{} ops", ops.len()),
                };
                println!(
                    "{:<14} {:<22} {:<16} {:>16} {:>3} errors  {}",
                    parsed.list,
                    parsed.version,
                    format!("{:?}", parsed.format),
                    count,
                    parsed.errors.len(),
                    parsed.sources[0].display()
                );
            }
            Err(err) => println!("error: {err}"),
        }
    }
    println!("total {elapsed:.2?}");
}
