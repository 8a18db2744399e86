//! Reading AIS input for every `vigil ais` command: files, gzip or stdin,
//! lines bounded in length, NMEA decoded in turn, or decoded CSV / JSON-lines
//! exports (MarineCadastre, DMA, GFW, AISdb, gpsd) read row by row, the
//! format sniffed from each file's first non-blank line.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::PathBuf;

use anyhow::{bail, Context};
use vigil_ais::{Decoder, ExportReader, ExportReason, Message, Options, Stats};

use crate::shared;

/// Reads every file in turn (plain, gzip or `-` for stdin), NMEA or a
/// decoded export, calling `on_message` with each message and its file's
/// name; the summed counts (an export's rejections are summed under the
/// nearest decoder reason, and logged by their own). With `strict`, the first
/// rejected line is an error naming it.
pub fn read_messages(
    files: &[PathBuf],
    options: Options,
    strict: bool,
    mut on_message: impl FnMut(&Message, &str) -> anyhow::Result<()>,
) -> anyhow::Result<Stats> {
    let mut total = Stats::default();
    let mut line = Vec::with_capacity(vigil_ais::MAX_LINE_LEN + 2);
    for path in files {
        let name = path.display().to_string();
        let mut reader = open(path).with_context(|| format!("cannot read {name}"))?;
        let stats = read_one(&mut reader, &name, &mut line, options, strict, &mut on_message)?;
        total.add(&stats);
    }
    Ok(total)
}

/// What one file turned out to be.
enum Source {
    /// No non-blank line yet.
    Unknown,
    Nmea,
    Export(Box<ExportReader>),
}

fn read_one(
    reader: &mut dyn BufRead,
    name: &str,
    line: &mut Vec<u8>,
    options: Options,
    strict: bool,
    on_message: &mut impl FnMut(&Message, &str) -> anyhow::Result<()>,
) -> anyhow::Result<Stats> {
    let mut decoder = Decoder::new(options);
    let mut source = Source::Unknown;
    let bar = shared::progress(0, "decoding");
    let mut line_no = 0u64;
    loop {
        let limit = match source {
            Source::Nmea => vigil_ais::MAX_LINE_LEN + 1,
            _ => vigil_ais::MAX_EXPORT_LINE_LEN + 1,
        };
        let more = read_line_bounded(reader, line, limit)
            .with_context(|| format!("cannot read {name}"))?;
        if !more {
            break;
        }
        line_no += 1;
        if matches!(source, Source::Unknown) && !line.trim_ascii().is_empty() {
            source = match ExportReader::detect(line, options.default_time) {
                Some(export) => {
                    tracing::info!("{name}: read as {}", export.format().name());
                    Source::Export(Box::new(export))
                }
                None => Source::Nmea,
            };
        }
        if let Source::Export(export) = &mut source {
            let before = export.stats().rejected_total();
            for message in export.push_line(line, line_no) {
                on_message(message, name)?;
            }
            if strict && export.stats().rejected_total() > before {
                if let Some(rejection) = export.last_rejection() {
                    bail!(
                        "{name}:{}: {} ({})",
                        rejection.line,
                        rejection.reason,
                        export.format().name()
                    );
                }
            }
        } else {
            let before = decoder.stats().rejected_total();
            if let Some(message) = decoder.push_line(line, line_no) {
                on_message(&message, name)?;
            }
            // A line holding several sentences may complete several messages.
            while let Some(message) = decoder.take_extra() {
                on_message(&message, name)?;
            }
            if strict && decoder.stats().rejected_total() > before {
                strict_failure(&decoder, name)?;
            }
        }
        if line_no & 0xFFFF == 0 {
            bar.set_position(line_no);
        }
    }
    let before = decoder.stats().rejected_total();
    decoder.finish();
    if strict && decoder.stats().rejected_total() > before {
        strict_failure(&decoder, name)?;
    }
    bar.finish_and_clear();
    let mut stats = decoder.stats().clone();
    if let Source::Export(export) = &source {
        let counts = export.stats();
        if counts.rejected_total() > 0 {
            let reasons: Vec<String> = ExportReason::ALL
                .iter()
                .filter(|&&reason| counts.rejected(reason) > 0)
                .map(|&reason| format!("{reason} {}", counts.rejected(reason)))
                .collect();
            tracing::warn!("{name}: rows skipped: {}", reasons.join(", "));
        }
        counts.add_to(&mut stats);
    }
    Ok(stats)
}

fn strict_failure(decoder: &Decoder, name: &str) -> anyhow::Result<()> {
    match decoder.last_rejection() {
        Some(rejection) => bail!("{name}:{}: {}", rejection.line, rejection.reason),
        None => bail!("{name}: a line was rejected"),
    }
}

/// A file or stdin, gunzipped when it starts with the gzip magic bytes.
pub fn open(path: &PathBuf) -> io::Result<Box<dyn BufRead>> {
    let raw: Box<dyn Read> = if path.as_os_str() == "-" {
        Box::new(io::stdin().lock())
    } else {
        Box::new(File::open(path)?)
    };
    let mut reader = BufReader::with_capacity(256 * 1024, raw);
    let is_gzip = reader.fill_buf()?.starts_with(&[0x1f, 0x8b]);
    Ok(if is_gzip {
        Box::new(BufReader::with_capacity(256 * 1024, flate2::bufread::MultiGzDecoder::new(reader)))
    } else {
        Box::new(reader)
    })
}

/// Reads one line into `line` (without `\n`), keeping at most `limit` bytes
/// of it: a longer line is read to its end but truncated, so memory stays
/// bounded and the decoder sees a line over its limit. `false` at the end.
pub fn read_line_bounded(
    reader: &mut dyn BufRead,
    line: &mut Vec<u8>,
    limit: usize,
) -> io::Result<bool> {
    line.clear();
    let mut any = false;
    loop {
        let available = match reader.fill_buf() {
            Ok(available) => available,
            Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
            Err(err) => return Err(err),
        };
        if available.is_empty() {
            return Ok(any);
        }
        any = true;
        let (chunk, done) = match available.iter().position(|&b| b == b'\n') {
            Some(idx) => (&available[..idx], Some(idx + 1)),
            None => (available, None),
        };
        let room = limit.saturating_sub(line.len());
        line.extend_from_slice(&chunk[..chunk.len().min(room)]);
        let consumed = done.unwrap_or(available.len());
        reader.consume(consumed);
        if done.is_some() {
            return Ok(true);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_lines_are_cut_and_counted() {
        let data = b"short\nxxxxxxxxxx\nlast";
        let mut reader: &[u8] = data;
        let mut line = Vec::new();
        let mut lines = Vec::new();
        while read_line_bounded(&mut reader, &mut line, 4).unwrap() {
            lines.push(String::from_utf8(line.clone()).unwrap());
        }
        assert_eq!(lines, ["shor", "xxxx", "last"]);
    }
}
