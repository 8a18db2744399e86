//! Bundles Natural Earth land polygons into the binary for the web UI's
//! maps: `tools/geo/node_modules/world-atlas/land-50m.json` (TopoJSON,
//! installed by `npm ci --prefix tools/geo`) is copied to `OUT_DIR`. When
//! the package is not installed, an empty placeholder is written instead, so
//! the crate still builds on a fresh machine and the UI draws maps without a
//! coastline and says so.

use std::path::{Path, PathBuf};

/// Largest land file bundled; world-atlas's 50m land is about 0.55 MB.
const MAX_LAND_BYTES: u64 = 8 * 1024 * 1024;

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("set by cargo"));
    let atlas = manifest.join("../../tools/geo/node_modules/world-atlas");
    let candidates = [atlas.join("land-50m.json"), atlas.join("land-110m.json")];
    // A path that does not exist yet makes cargo rerun this script on every
    // build, so installing the package later is picked up without a clean.
    for path in &candidates {
        println!("cargo:rerun-if-changed={}", path.display());
    }
    println!("cargo:rerun-if-changed=build.rs");
    let bundled = candidates.iter().find_map(|path| usable(path));
    let (bytes, name) = match bundled {
        Some((bytes, path)) => {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
            (bytes, name.unwrap_or_default())
        }
        None => {
            println!(
                "cargo:warning=world-atlas is not installed (npm ci --prefix tools/geo): \
                 the web UI's maps will have no coastline"
            );
            (Vec::new(), String::new())
        }
    };
    std::fs::write(out.join("land.topo.json"), bytes).expect("OUT_DIR is writable");
    std::fs::write(out.join("land.name"), name).expect("OUT_DIR is writable");
}

/// The file's bytes when it exists, is not too large and looks like TopoJSON.
fn usable(path: &Path) -> Option<(Vec<u8>, PathBuf)> {
    let size = std::fs::metadata(path).ok()?.len();
    if size > MAX_LAND_BYTES {
        println!(
            "cargo:warning={}: larger than {MAX_LAND_BYTES} bytes, not bundled",
            path.display()
        );
        return None;
    }
    let bytes = std::fs::read(path).ok()?;
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(200)]).into_owned();
    if !head.contains("\"Topology\"") {
        println!("cargo:warning={}: not TopoJSON, not bundled", path.display());
        return None;
    }
    Some((bytes, path.to_path_buf()))
}
