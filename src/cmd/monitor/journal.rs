//! The journal of a live AIS feed: every line received, with its arrival
//! time, appended to segment files before it is processed.
//!
//! It is what makes a restart lossless and exact. The store records how far
//! a feed's lines are committed (`sources.next_line`), but the detectors'
//! open state (an encounter under way, a vessel loitering) lives in memory;
//! at start-up the monitor replays the journal through fresh detectors, so
//! they are in the state they would have had, while the store skips the
//! records of lines already committed. A line is written here before any
//! record made from it is committed, so a line committed is always in the
//! journal; a line journaled but not committed is processed at the restart.
//!
//! Layout: `DIR/<first line, 20 digits>.log`, each line `<arrival ms> <line
//! as received>`. A segment is closed after [`SEGMENT_BYTES`] or an hour; a
//! closed segment whose lines are all committed is deleted once it is older
//! than the configured retention. A crash mid-write leaves a partial last
//! line, which opening cuts off.

use std::fs::{File, OpenOptions};
use std::io::{self, BufRead, BufReader, BufWriter, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use anyhow::Context as _;

/// Bytes after which a segment is closed.
const SEGMENT_BYTES: u64 = 64 * 1024 * 1024;
/// Age after which a segment is closed.
const SEGMENT_AGE: Duration = Duration::from_secs(3600);
/// The longest journal line read back (an arrival time and a line the
/// framer already cut to the decoder's limit).
const MAX_JOURNAL_LINE: usize = 64 * 1024;

/// What a replay calls for each line: (line number, arrival ms, line).
pub(crate) type OnLine<'a> = dyn FnMut(u64, i64, &[u8]) -> anyhow::Result<()> + 'a;

/// One feed's journal.
pub(crate) struct Journal {
    dir: PathBuf,
    /// The first line number of each segment, oldest first.
    segments: Vec<u64>,
    writer: Option<BufWriter<File>>,
    written: u64,
    opened: Instant,
    /// The number the next line appended gets (1-based).
    next_line: u64,
    retention: Duration,
}

impl Journal {
    /// Opens (or creates) the journal in `dir`, cutting a partial last line.
    pub(crate) fn open(dir: &Path, retention: Duration) -> anyhow::Result<Journal> {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("{}: cannot create", dir.display()))?;
        let mut segments = Vec::new();
        for entry in
            std::fs::read_dir(dir).with_context(|| format!("{}: cannot list", dir.display()))?
        {
            let name = entry?.file_name();
            let name = name.to_string_lossy();
            if let Some(first) = name.strip_suffix(".log").and_then(|n| n.parse::<u64>().ok()) {
                segments.push(first);
            }
        }
        segments.sort_unstable();
        let mut next_line = 1;
        if let Some(&last) = segments.last() {
            let path = segment_path(dir, last);
            next_line = last + cut_partial_line(&path)?;
        }
        Ok(Journal {
            dir: dir.to_path_buf(),
            segments,
            writer: None,
            written: 0,
            opened: Instant::now(),
            next_line,
            retention,
        })
    }

    /// The number the next line appended gets.
    pub(crate) fn next_line(&self) -> u64 {
        self.next_line
    }

    /// Reads every line kept, oldest first: `(line number, arrival ms, line)`.
    pub(crate) fn replay(&self, on_line: &mut OnLine<'_>) -> anyhow::Result<()> {
        let mut buf = Vec::new();
        for &first in &self.segments {
            let path = segment_path(&self.dir, first);
            let mut reader = BufReader::new(
                File::open(&path).with_context(|| format!("{}: cannot open", path.display()))?,
            );
            let mut line_no = first;
            loop {
                buf.clear();
                let n = io::Read::take(&mut reader, MAX_JOURNAL_LINE as u64)
                    .read_until(b'\n', &mut buf)
                    .with_context(|| format!("{}: cannot read", path.display()))?;
                if n == 0 {
                    break;
                }
                let whole = buf.pop() == Some(b'\n');
                if !whole {
                    // Not written by us: skip to the next newline.
                    let mut rest = Vec::new();
                    reader.read_until(b'\n', &mut rest)?;
                }
                match split_arrival(&buf).filter(|_| whole) {
                    Some((arrival, line)) => on_line(line_no, arrival, line)?,
                    // A damaged line is skipped, keeping the numbering, so
                    // one bad byte on disk cannot stop a feed for good.
                    None => tracing::warn!(
                        "{}: line {} is not a journal line; skipped",
                        path.display(),
                        line_no - first + 1
                    ),
                }
                line_no += 1;
            }
        }
        Ok(())
    }

    /// Appends one line (which holds no newline) and returns its number.
    pub(crate) fn append(&mut self, arrival_ms: i64, line: &[u8]) -> io::Result<u64> {
        if self.writer.is_none()
            || self.written >= SEGMENT_BYTES
            || self.opened.elapsed() >= SEGMENT_AGE
        {
            self.start_segment()?;
        }
        let writer = self.writer.as_mut().expect("a segment is open");
        write!(writer, "{arrival_ms} ")?;
        writer.write_all(line)?;
        writer.write_all(b"\n")?;
        self.written += line.len() as u64 + 22;
        self.next_line += 1;
        Ok(self.next_line - 1)
    }

    /// Writes what is buffered through to the disk.
    pub(crate) fn sync(&mut self) -> io::Result<()> {
        if let Some(writer) = &mut self.writer {
            writer.flush()?;
            writer.get_ref().sync_data()?;
        }
        Ok(())
    }

    /// Deletes closed segments older than the retention whose lines are all
    /// before `committed` (the first line not committed).
    pub(crate) fn prune(&mut self, committed: u64) {
        let cutoff = SystemTime::now().checked_sub(self.retention);
        while self.segments.len() > 1 && self.segments[1] <= committed {
            let path = segment_path(&self.dir, self.segments[0]);
            let modified = std::fs::metadata(&path).and_then(|m| m.modified()).ok();
            let old = match (modified, cutoff) {
                (Some(modified), Some(cutoff)) => modified < cutoff,
                _ => false,
            };
            if !old {
                break;
            }
            match std::fs::remove_file(&path) {
                Ok(()) => {
                    tracing::info!("{}: deleted (past the journal's retention)", path.display());
                    self.segments.remove(0);
                }
                Err(err) => {
                    tracing::warn!("{}: cannot delete: {err}", path.display());
                    break;
                }
            }
        }
    }

    fn start_segment(&mut self) -> io::Result<()> {
        self.sync()?;
        // Append to the last segment at start-up if it is young and small.
        let reuse = self.writer.is_none()
            && self.segments.last().is_some_and(|&first| {
                let path = segment_path(&self.dir, first);
                std::fs::metadata(path).is_ok_and(|m| m.len() < SEGMENT_BYTES)
            });
        let first = if reuse { *self.segments.last().unwrap_or(&1) } else { self.next_line };
        let path = segment_path(&self.dir, first);
        let file = OpenOptions::new().create(true).append(true).open(&path)?;
        self.written = file.metadata()?.len();
        if !reuse {
            self.segments.push(first);
        }
        self.writer = Some(BufWriter::with_capacity(256 * 1024, file));
        self.opened = Instant::now();
        Ok(())
    }
}

fn segment_path(dir: &Path, first: u64) -> PathBuf {
    dir.join(format!("{first:020}.log"))
}

/// Cuts a segment after its last newline and returns its number of lines.
fn cut_partial_line(path: &Path) -> anyhow::Result<u64> {
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .open(path)
        .with_context(|| format!("{}: cannot open", path.display()))?;
    let mut reader = BufReader::new(&mut file);
    let mut lines = 0u64;
    let mut complete = 0u64;
    let mut buf = Vec::new();
    loop {
        buf.clear();
        let n = reader.read_until(b'\n', &mut buf)?;
        if n == 0 {
            break;
        }
        if buf.last() != Some(&b'\n') {
            break;
        }
        lines += 1;
        complete += n as u64;
    }
    drop(reader);
    if file.seek(SeekFrom::End(0))? != complete {
        tracing::warn!(
            "{}: cutting a partial last line (the feed stopped mid-write)",
            path.display()
        );
        file.set_len(complete)?;
    }
    Ok(lines)
}

fn split_arrival(line: &[u8]) -> Option<(i64, &[u8])> {
    let space = line.iter().position(|&b| b == b' ')?;
    let arrival = std::str::from_utf8(&line[..space]).ok()?.parse().ok()?;
    Some((arrival, &line[space + 1..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines_of(journal: &Journal) -> Vec<(u64, i64, Vec<u8>)> {
        let mut lines = Vec::new();
        journal
            .replay(&mut |n, t, l| {
                lines.push((n, t, l.to_vec()));
                Ok(())
            })
            .unwrap();
        lines
    }

    #[test]
    fn lines_survive_a_reopen_and_a_partial_write_is_cut() {
        let dir = tempfile::tempdir().unwrap();
        let hour = Duration::from_secs(3600);
        let mut journal = Journal::open(dir.path(), hour).unwrap();
        assert_eq!(journal.append(10, b"!AIVDM,a").unwrap(), 1);
        assert_eq!(journal.append(11, b"!AIVDM,b c").unwrap(), 2);
        journal.sync().unwrap();
        drop(journal);
        let path = segment_path(dir.path(), 1);
        let mut file = OpenOptions::new().append(true).open(&path).unwrap();
        file.write_all(b"12 !AIVDM,parti").unwrap();
        let mut journal = Journal::open(dir.path(), hour).unwrap();
        assert_eq!(journal.next_line(), 3);
        assert_eq!(journal.append(13, b"!AIVDM,d").unwrap(), 3);
        journal.sync().unwrap();
        let lines = lines_of(&journal);
        assert_eq!(
            lines,
            [
                (1, 10, b"!AIVDM,a".to_vec()),
                (2, 11, b"!AIVDM,b c".to_vec()),
                (3, 13, b"!AIVDM,d".to_vec())
            ]
        );
    }

    #[test]
    fn a_damaged_line_is_skipped_and_keeps_its_number() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(segment_path(dir.path(), 1), b"10 a\ngarbage\n12 c\n").unwrap();
        let journal = Journal::open(dir.path(), Duration::from_secs(3600)).unwrap();
        assert_eq!(journal.next_line(), 4);
        assert_eq!(lines_of(&journal), [(1, 10, b"a".to_vec()), (3, 12, b"c".to_vec())]);
    }

    #[test]
    fn prune_keeps_uncommitted_and_young_segments() {
        let dir = tempfile::tempdir().unwrap();
        let mut journal = Journal::open(dir.path(), Duration::ZERO).unwrap();
        journal.append(1, b"a").unwrap();
        journal.start_segment().unwrap();
        journal.append(2, b"b").unwrap();
        journal.sync().unwrap();
        assert_eq!(journal.segments, [1, 2]);
        journal.prune(2);
        assert_eq!(journal.segments, [2], "segment 1 is committed and old");
        journal.prune(100);
        assert_eq!(journal.segments, [2], "the last segment stays");
        let mut young = Journal::open(dir.path(), Duration::from_secs(3600)).unwrap();
        young.append(3, b"c").unwrap();
        young.start_segment().unwrap();
        young.prune(100);
        assert_eq!(young.segments.len(), 2);
    }
}
