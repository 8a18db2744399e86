//! One error type for every geography reader, so callers report a bad file,
//! feature or row the same way whatever its format.

use std::path::PathBuf;

/// What went wrong reading a geography file, and where.
///
/// Readers return `Err` only when nothing can be read (missing file, not
/// JSON, too large); a bad feature or row becomes one of these in the
/// `Vec<GeoError>` next to everything that was read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum GeoError {
    /// The file could not be opened or read. Remedy: check the path and its
    /// permissions.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// The file is larger than the reader accepts. Remedy: clip it to the
    /// area of interest.
    #[error("{path}: {size} bytes is more than the limit of {limit} bytes")]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size in bytes.
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// The whole file is unusable: not JSON, not GeoJSON or TopoJSON, a CSV
    /// without the needed columns. Remedy: check the file's format.
    #[error("{path}: {message}")]
    Format {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        message: String,
    },
    /// One feature (GeoJSON, TopoJSON) or row (CSV) was skipped; the rest of
    /// the file was read. `place` is `feature 3` or `line 17`.
    #[error("{path}: {place}: {message}")]
    Record {
        /// The file.
        path: PathBuf,
        /// Which feature or line.
        place: String,
        /// What is wrong with it.
        message: String,
    },
}

/// The result of reading a whole file: `Err` when nothing could be read.
pub type Result<T> = std::result::Result<T, GeoError>;

impl GeoError {
    pub(crate) fn format(path: &std::path::Path, message: impl Into<String>) -> GeoError {
        GeoError::Format { path: path.to_path_buf(), message: message.into() }
    }

    pub(crate) fn record(
        path: &std::path::Path,
        place: impl Into<String>,
        message: impl Into<String>,
    ) -> GeoError {
        GeoError::Record { path: path.to_path_buf(), place: place.into(), message: message.into() }
    }
}

/// Reads a whole file after checking its size against `limit`.
pub(crate) fn read_limited(path: &std::path::Path, limit: u64) -> Result<Vec<u8>> {
    let io = |source| GeoError::Io { path: path.to_path_buf(), source };
    let size = std::fs::metadata(path).map_err(io)?.len();
    if size > limit {
        return Err(GeoError::TooLarge { path: path.to_path_buf(), size, limit });
    }
    std::fs::read(path).map_err(io)
}
