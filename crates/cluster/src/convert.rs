//! Writing decoded AIS as Parquet, one folder per UTC day (see
//! [`crate::schema`] for the layout). Rows are buffered per day and written
//! as a part file whenever a day's buffer reaches [`ROWS_PER_PART`], so
//! memory stays bounded whatever the input's length or order.

use std::collections::BTreeMap;
use std::fs::File;
use std::path::{Path, PathBuf};

use datafusion::arrow::array::RecordBatch;
use datafusion::parquet::arrow::ArrowWriter;
use datafusion::parquet::basic::Compression;
use datafusion::parquet::file::properties::WriterProperties;
use vigil_ais::detect::StaticReport;

use crate::rows::{positions_batch, statics_batch, PositionRow};

/// Rows per part file (and most rows buffered per day and table).
pub const ROWS_PER_PART: usize = 1_000_000;

/// Most day folders one conversion writes to at once: a bound on buffered
/// memory when the input jumps between many days.
pub const MAX_OPEN_DAYS: usize = 64;

const DAY_MS: i64 = 86_400_000;

/// The `day=` value of a time: `YYYY-MM-DD` (UTC).
pub fn day_of(ts_ms: i64) -> String {
    let days = ts_ms.div_euclid(DAY_MS);
    // Civil from days (H. Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// What a conversion wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConvertStats {
    /// Position rows written.
    pub positions: u64,
    /// Static rows written.
    pub statics: u64,
    /// Parquet files written.
    pub files: u64,
}

/// Buffers rows by day and writes them under a directory.
#[derive(Debug)]
pub struct ParquetSink {
    dir: PathBuf,
    positions: BTreeMap<String, Vec<PositionRow>>,
    statics: BTreeMap<String, Vec<StaticReport>>,
    parts: BTreeMap<(bool, String), usize>,
    stats: ConvertStats,
}

impl ParquetSink {
    /// A sink writing under `dir` (created when missing).
    pub fn create(dir: &Path) -> anyhow::Result<ParquetSink> {
        std::fs::create_dir_all(dir)
            .map_err(|e| anyhow::anyhow!("cannot create {}: {e}", dir.display()))?;
        Ok(ParquetSink {
            dir: dir.to_owned(),
            positions: BTreeMap::new(),
            statics: BTreeMap::new(),
            parts: BTreeMap::new(),
            stats: ConvertStats::default(),
        })
    }

    /// Takes one position.
    pub fn push_position(&mut self, row: PositionRow) -> anyhow::Result<()> {
        let day = day_of(row.point.ts.0);
        let buffer = self.positions.entry(day.clone()).or_default();
        buffer.push(row);
        if buffer.len() >= ROWS_PER_PART {
            let rows = std::mem::take(buffer);
            self.write_positions(&day, &rows)?;
        }
        if self.positions.len() > MAX_OPEN_DAYS {
            self.flush_positions()?;
        }
        Ok(())
    }

    /// Takes one static report (`day=undated` when it has no time).
    pub fn push_static(&mut self, report: StaticReport) -> anyhow::Result<()> {
        let day = report.ts.map_or_else(|| "undated".to_owned(), |t| day_of(t.0));
        let buffer = self.statics.entry(day.clone()).or_default();
        buffer.push(report);
        if buffer.len() >= ROWS_PER_PART {
            let rows = std::mem::take(buffer);
            self.write_statics(&day, &rows)?;
        }
        if self.statics.len() > MAX_OPEN_DAYS {
            self.flush_statics()?;
        }
        Ok(())
    }

    /// Writes what is buffered and `sources.json` (the input names, whose
    /// indices the `file` columns hold).
    pub fn finish(mut self, sources: &[String]) -> anyhow::Result<ConvertStats> {
        self.flush_positions()?;
        self.flush_statics()?;
        let path = self.dir.join("sources.json");
        std::fs::write(&path, serde_json::to_vec_pretty(sources)?)
            .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?;
        Ok(self.stats)
    }

    fn flush_positions(&mut self) -> anyhow::Result<()> {
        for (day, rows) in std::mem::take(&mut self.positions) {
            if !rows.is_empty() {
                self.write_positions(&day, &rows)?;
            }
        }
        Ok(())
    }

    fn flush_statics(&mut self) -> anyhow::Result<()> {
        for (day, rows) in std::mem::take(&mut self.statics) {
            if !rows.is_empty() {
                self.write_statics(&day, &rows)?;
            }
        }
        Ok(())
    }

    fn write_positions(&mut self, day: &str, rows: &[PositionRow]) -> anyhow::Result<()> {
        let batch = positions_batch(rows)?;
        self.write(true, day, &batch)?;
        self.stats.positions += rows.len() as u64;
        Ok(())
    }

    fn write_statics(&mut self, day: &str, rows: &[StaticReport]) -> anyhow::Result<()> {
        let batch = statics_batch(rows)?;
        self.write(false, day, &batch)?;
        self.stats.statics += rows.len() as u64;
        Ok(())
    }

    /// Writes one part file: `positions/day=D/part-N.parquet` or the same
    /// under `statics/`.
    fn write(&mut self, positions: bool, day: &str, batch: &RecordBatch) -> anyhow::Result<()> {
        let table = if positions { "positions" } else { "statics" };
        let folder = self.dir.join(table).join(format!("day={day}"));
        std::fs::create_dir_all(&folder)
            .map_err(|e| anyhow::anyhow!("cannot create {}: {e}", folder.display()))?;
        let part = self.parts.entry((positions, day.to_owned())).or_insert(0);
        let path = folder.join(format!("part-{part}.parquet"));
        *part += 1;
        let file = File::create(&path)
            .map_err(|e| anyhow::anyhow!("cannot create {}: {e}", path.display()))?;
        let props = WriterProperties::builder().set_compression(Compression::SNAPPY).build();
        let mut writer = ArrowWriter::try_new(file, batch.schema(), Some(props))?;
        writer.write(batch)?;
        writer.close()?;
        self.stats.files += 1;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_utc_calendar_days() {
        assert_eq!(day_of(0), "1970-01-01");
        assert_eq!(day_of(DAY_MS - 1), "1970-01-01");
        assert_eq!(day_of(1_709_164_800_000), "2024-02-29");
        assert_eq!(day_of(1_709_251_200_000 - 1), "2024-02-29");
        assert_eq!(day_of(-1), "1969-12-31");
    }
}
