//! `vigil scan`: read articles, pages and feeds, and report the listed
//! entities they name and the sanctions indicators they raise.
//!
//! Inputs are files, directories (recursively, in name order), URLs (when
//! the machine is online) or `-` for stdin. Each document gives one JSON
//! line, `{"source", "title", "date", "language", "boilerplate": [[start,
//! end]], "mentions": [...], "indicators": [...], "imo_numbers": [...]}`, or
//! with `--format md` a digest for a person. Offsets are bytes of the
//! document's extracted text (the file itself for UTF-8 plain text); `--text`
//! adds that text to each line.
//!
//! Plain-text files above [`STREAM_ABOVE`] bytes are streamed in chunks cut
//! at paragraph breaks; markup is read whole up to
//! [`vigil_text::MAX_MARKUP_BYTES`].

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use serde::Serialize;
use vigil_text::{Extracted, Findings, Format, Scanner, Session};

use crate::shared::{self, Outcome};

/// Plain text larger than this is streamed rather than read whole.
pub const STREAM_ABOVE: u64 = 16 * 1024 * 1024;
/// The chunk size when streaming (small enough for its tokens to stay in cache).
const CHUNK_BYTES: usize = 1024 * 1024;
/// The most bytes read from one URL.
const MAX_URL_BYTES: u64 = 32 * 1024 * 1024;
/// The most files taken from the directories given.
const MAX_FILES: usize = 1_000_000;

/// Arguments of `vigil scan`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  vigil scan --list sdn.csv article.txt
  vigil scan --db vigil.db --format md https://example.org/news/item.html
  vigil scan --list sdn.csv --list un.xml feeds/ > findings.jsonl

Exit codes: 0 at least one mention or indicator, 1 none, 2 error (an input
that could not be read; the others are still scanned).")]
pub struct ScanArgs {
    /// Files, directories (recursive), http(s) URLs, or - for stdin.
    #[arg(required = true, value_name = "FILE_OR_DIR_OR_URL")]
    pub inputs: Vec<String>,
    /// A list file to scan against (repeatable; format detected). Without
    /// it, the store's current list versions are used.
    #[arg(long = "list", value_name = "FILE")]
    pub lists: Vec<PathBuf>,
    /// The store to read lists from when no --list is given [default: $VIGIL_DB or vigil.db].
    #[arg(long, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Output: one JSON line per document, or a Markdown digest.
    #[arg(long, value_enum, default_value_t = OutputFormat::Jsonl)]
    pub format: OutputFormat,
    /// The screening score a name in the text needs.
    #[arg(long, default_value_t = vigil_match::DEFAULT_THRESHOLD)]
    pub threshold: f64,
    /// Include each document's extracted text in its JSON line.
    #[arg(long)]
    pub text: bool,
    /// Treat every input as this format instead of guessing.
    #[arg(long = "as", value_enum, value_name = "FORMAT")]
    pub as_format: Option<InputFormat>,
    /// Seconds to wait for a URL.
    #[arg(long, default_value_t = 30)]
    pub timeout: u64,
    /// Print timings, bytes and peak memory as one JSON line on stderr (for benchmarks).
    #[arg(long)]
    pub stats: bool,
    /// Stream plain-text files larger than this many bytes (for tests).
    #[arg(long, hide = true, default_value_t = STREAM_ABOVE)]
    pub stream_above: u64,
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// One JSON object per line and document.
    Jsonl,
    /// A Markdown digest.
    Md,
}

/// Input formats for `--as`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum InputFormat {
    /// Plain text.
    Text,
    /// An HTML page.
    Html,
    /// An RSS or Atom feed.
    Feed,
}

/// The part of a mention's JSON object that depends on its entity only
/// (`{"entity_id": ..., "programs": [...],`), written once per entity and
/// reused: a page of news names the same entities again and again, and the
/// escaping and field overhead of those fields was most of the output's cost.
#[derive(Serialize)]
struct EntityFields<'a> {
    entity_id: &'a str,
    caption: &'a str,
    list: &'a str,
    schema: vigil_model::Schema,
    programs: &'a [String],
}

/// Writes `vigil scan` JSON lines, keeping each entity's [`EntityFields`]
/// as JSON text.
#[derive(Default)]
pub(crate) struct JsonLines {
    /// Per entity index, its fields as an unclosed JSON object with a
    /// trailing comma, once written (a vector: one lookup per mention).
    entity_fields: Vec<Option<Box<[u8]>>>,
}

impl JsonLines {
    /// The line of one scanned document, newline included.
    fn write(
        &mut self,
        scanner: &Scanner,
        out: &mut impl Write,
        s: &Scanned,
        with_text: bool,
    ) -> anyhow::Result<()> {
        let line = DocumentHead {
            source: &s.source,
            title: s.doc.title.as_deref(),
            date: s.doc.date.as_deref(),
            language: s.doc.language.as_deref(),
            link: s.doc.link.as_deref(),
            bytes: s.bytes,
            boilerplate: s.doc.boilerplate.iter().map(|b| [b.start, b.end]).collect(),
        };
        // The head is an object missing its closing brace, continued here
        // with the fields in the order they always had.
        let mut head = serde_json::to_vec(&line)?;
        head.pop();
        out.write_all(&head)?;
        out.write_all(b",\"mentions\":[")?;
        for (k, m) in s.findings.mentions.iter().enumerate() {
            if k > 0 {
                out.write_all(b",")?;
            }
            out.write_all(self.entity_fields(scanner, m.entity)?)?;
            out.write_all(b"\"text\":")?;
            write_str(out, &m.text)?;
            // Numbers through serde_json (itoa, ryu): `write!` went through
            // the formatting machinery and cost more than the rest together.
            out.write_all(b",\"start\":")?;
            serde_json::to_writer(&mut *out, &m.start)?;
            out.write_all(b",\"end\":")?;
            serde_json::to_writer(&mut *out, &m.end)?;
            out.write_all(b",\"score\":")?;
            serde_json::to_writer(&mut *out, &m.score)?;
            out.write_all(b",\"via\":\"")?;
            out.write_all(m.via.as_str().as_bytes())?;
            out.write_all(b"\"}")?;
        }
        out.write_all(b"],\"indicators\":[")?;
        for (k, i) in s.findings.indicators.iter().enumerate() {
            if k > 0 {
                out.write_all(b",")?;
            }
            write_indicator(out, i)?;
        }
        let imo_numbers: Vec<ImoOut<'_>> = s
            .findings
            .imo_numbers
            .iter()
            .map(|i| ImoOut {
                imo: &i.imo,
                start: i.start,
                end: i.end,
                entity_ids: i.entities.iter().map(|&e| scanner.entity(e).id.as_str()).collect(),
            })
            .collect();
        let tail = DocumentTail {
            imo_numbers,
            dropped: s.findings.dropped,
            text: if with_text && !s.doc.text.is_empty() { Some(&s.doc.text) } else { None },
        };
        // The tail is an object whose opening brace the indicators' array
        // stands in for: `{"imo_numbers":...}` → `],"imo_numbers":...}`.
        let tail = serde_json::to_vec(&tail)?;
        out.write_all(b"],")?;
        out.write_all(&tail[1..])?;
        out.write_all(b"\n")?;
        Ok(())
    }

    fn entity_fields(&mut self, scanner: &Scanner, entity: usize) -> anyhow::Result<&[u8]> {
        if self.entity_fields.len() <= entity {
            self.entity_fields.resize(entity + 1, None);
        }
        if self.entity_fields[entity].is_none() {
            let e = scanner.entity(entity);
            let fields = EntityFields {
                entity_id: &e.id,
                caption: &e.caption,
                list: &e.provenance.list,
                schema: e.schema,
                programs: &e.programs,
            };
            let mut json = serde_json::to_vec(&fields)?;
            // `{...}` → `{...,` for the mention's own fields to follow.
            json.pop();
            json.push(b',');
            self.entity_fields[entity] = Some(json.into_boxed_slice());
        }
        Ok(self.entity_fields[entity].as_deref().unwrap_or_default())
    }
}

#[derive(Serialize)]
struct ImoOut<'a> {
    imo: &'a str,
    start: usize,
    end: usize,
    entity_ids: Vec<&'a str>,
}

/// A document's JSON line up to its mentions.
#[derive(Serialize)]
struct DocumentHead<'a> {
    source: &'a str,
    title: Option<&'a str>,
    date: Option<&'a str>,
    language: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    link: Option<&'a str>,
    bytes: usize,
    boilerplate: Vec<[usize; 2]>,
}

/// A document's JSON line after its indicators (`imo_numbers` must stay
/// first: it is never skipped, so the object starts with it).
#[derive(Serialize)]
struct DocumentTail<'a> {
    imo_numbers: Vec<ImoOut<'a>>,
    #[serde(skip_serializing_if = "is_zero")]
    dropped: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<&'a str>,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// One indicator as `#[derive(Serialize)]` on [`vigil_text::Indicator`]
/// writes it (the same fields in the same order, checked by a test), by
/// hand: a page of findings holds thousands, and serde's field machinery
/// and byte-at-a-time escaping of their sentences cost as much as writing
/// all the mentions.
fn write_indicator(out: &mut impl Write, i: &vigil_text::Indicator) -> std::io::Result<()> {
    out.write_all(b"{\"category\":\"")?;
    out.write_all(i.category.as_str().as_bytes())?;
    out.write_all(b"\",\"trigger\":")?;
    write_str(out, &i.trigger)?;
    out.write_all(b",\"sentence\":")?;
    write_str(out, &i.sentence)?;
    out.write_all(b",\"start\":")?;
    serde_json::to_writer(&mut *out, &i.start).map_err(std::io::Error::other)?;
    out.write_all(b",\"end\":")?;
    serde_json::to_writer(&mut *out, &i.end).map_err(std::io::Error::other)?;
    out.write_all(b",\"claimed_by\":")?;
    match &i.claimed_by {
        Some(claimant) => write_str(out, claimant)?,
        None => out.write_all(b"null")?,
    }
    out.write_all(b",\"stance\":\"")?;
    out.write_all(i.stance.as_str().as_bytes())?;
    out.write_all(b"\"}")
}

/// `text` as a JSON string, as serde_json writes it: between quotes as it
/// is when nothing in it needs escaping (the common case, found eight bytes
/// at a time), else through serde_json.
fn write_str(out: &mut impl Write, text: &str) -> std::io::Result<()> {
    if needs_escaping(text.as_bytes()) {
        return serde_json::to_writer(&mut *out, text).map_err(std::io::Error::other);
    }
    out.write_all(b"\"")?;
    out.write_all(text.as_bytes())?;
    out.write_all(b"\"")
}

/// Whether `bytes` hold a byte JSON escapes: a control byte below 0x20, a
/// quote or a backslash (serde_json escapes nothing else).
fn needs_escaping(bytes: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    // Some byte of `x` is below `n` (n ≤ 0x80): exact as a yes or no.
    let any_below = |x: u64, n: u8| x.wrapping_sub(ONES * n as u64) & !x & HIGHS != 0;
    let any_equal = |x: u64, b: u8| any_below(x ^ (ONES * b as u64), 1);
    let mut words = bytes.chunks_exact(8);
    for word in &mut words {
        let mut w = [0u8; 8];
        w.copy_from_slice(word);
        let x = u64::from_le_bytes(w);
        if any_below(x, 0x20) || any_equal(x, b'"') || any_equal(x, b'\\') {
            return true;
        }
    }
    words.remainder().iter().any(|&b| b < 0x20 || b == b'"' || b == b'\\')
}

/// One scanned document, ready to print.
struct Scanned {
    source: String,
    doc: Extracted,
    findings: Findings,
    /// The text is not kept for streamed files.
    bytes: usize,
}

#[derive(Default)]
struct Totals {
    documents: usize,
    bytes: usize,
    errors: usize,
    skipped_entries: usize,
    found: bool,
}

pub fn run(args: ScanArgs) -> anyhow::Result<Outcome> {
    let started = Instant::now();
    let entities = shared::load_entities(&args.lists, args.db.as_deref())?;
    let loaded = Instant::now();
    let n_entities = entities.len();
    tracing::info!(entities = n_entities, "building the scanner");
    let scanner = Scanner::new(entities).with_threshold(args.threshold);
    let built = Instant::now();
    let built_cpu = thread_cpu_seconds();
    let mut session = scanner.session();
    let mut out = shared::stdout();
    let mut totals = Totals::default();
    let mut json = JsonLines::default();
    let agent = ureq::AgentBuilder::new()
        .timeout_connect(Duration::from_secs(args.timeout))
        .timeout_read(Duration::from_secs(args.timeout))
        .user_agent(concat!("vigil/", env!("CARGO_PKG_VERSION")))
        .build();
    for input in &args.inputs {
        let sources = match expand(input) {
            Ok(sources) => sources,
            Err(err) => {
                eprintln!("vigil: {input}: {err:#}");
                totals.errors += 1;
                continue;
            }
        };
        for source in sources {
            let result =
                scan_source(&args, &mut session, &agent, &source, &mut totals, &mut |scanned| {
                    emit(&args, &scanner, &mut json, &mut out, scanned)
                });
            if let Err(err) = result {
                if shared::is_broken_pipe(&err) {
                    return Err(err);
                }
                eprintln!("vigil: {}: {err:#}", source.display());
                totals.errors += 1;
            }
        }
    }
    out.flush()?;
    if args.stats {
        let scan_s = built.elapsed().as_secs_f64();
        // CPU time as well as wall time: on a shared machine the wall clock
        // counts other processes' turns too.
        let scan_cpu_s = thread_cpu_seconds().zip(built_cpu).map(|(now, then)| now - then);
        let stats = serde_json::json!({
            "entities": n_entities,
            "patterns": scanner.n_patterns(),
            "load_s": (loaded - started).as_secs_f64(),
            "build_s": (built - loaded).as_secs_f64(),
            "documents": totals.documents,
            "bytes": totals.bytes,
            "scan_s": scan_s,
            "mb_per_s": totals.bytes as f64 / 1e6 / scan_s.max(1e-9),
            "scan_cpu_s": scan_cpu_s,
            "mb_per_cpu_s": scan_cpu_s.map(|cpu| totals.bytes as f64 / 1e6 / cpu.max(1e-9)),
            "skipped_entries": totals.skipped_entries,
            "errors": totals.errors,
            "peak_rss_mb": shared::peak_rss_mb(),
        });
        eprintln!("{stats}");
    }
    if totals.errors > 0 {
        bail!("{} input(s) could not be read (see above)", totals.errors);
    }
    Ok(if totals.found { Outcome::Found } else { Outcome::NotFound })
}

/// Seconds the calling thread has run on a CPU (Linux; `None` elsewhere).
/// The scan runs on the main thread, so this is the scan's CPU time.
fn thread_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}

/// Where one document comes from.
enum Source {
    File(PathBuf),
    Url(String),
    Stdin,
}

impl Source {
    fn display(&self) -> String {
        match self {
            Source::File(p) => p.display().to_string(),
            Source::Url(u) => u.clone(),
            Source::Stdin => "-".to_string(),
        }
    }
}

/// An input argument as sources: a directory becomes its files, in name order.
fn expand(input: &str) -> anyhow::Result<Vec<Source>> {
    if input == "-" {
        return Ok(vec![Source::Stdin]);
    }
    if input.starts_with("http://") || input.starts_with("https://") {
        return Ok(vec![Source::Url(input.to_string())]);
    }
    let path = PathBuf::from(input);
    let meta = std::fs::metadata(&path).context("cannot read")?;
    if !meta.is_dir() {
        return Ok(vec![Source::File(path)]);
    }
    let mut files = Vec::new();
    walk_dir(&path, &mut files)?;
    files.sort();
    Ok(files.into_iter().map(Source::File).collect())
}

fn walk_dir(dir: &Path, files: &mut Vec<PathBuf>) -> anyhow::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .with_context(|| format!("{}: cannot list", dir.display()))?
        .filter_map(Result::ok)
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        let kind = entry.file_type()?;
        if kind.is_dir() {
            walk_dir(&path, files)?;
        } else if kind.is_file() {
            if files.len() >= MAX_FILES {
                bail!("{}: more than {MAX_FILES} files", dir.display());
            }
            files.push(path);
        }
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)] // the run's context, passed down
fn scan_source(
    args: &ScanArgs,
    session: &mut Session<'_>,
    agent: &ureq::Agent,
    source: &Source,
    totals: &mut Totals,
    emit: &mut dyn FnMut(Scanned) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let name = source.display();
    let (bytes, content_type) = match source {
        Source::File(path) => {
            let size = std::fs::metadata(path).context("cannot read")?.len();
            let forced = args.as_format.map(input_format);
            if size > args.stream_above && forced.is_none_or(|f| f == Format::Text) {
                let mut head = vec![0u8; 4096];
                let n = std::fs::File::open(path).context("cannot open")?.read(&mut head)?;
                head.truncate(n);
                if forced.is_some() || vigil_text::sniff(&head, &name) == Format::Text {
                    let chunk = (args.stream_above as usize / 2).clamp(1024, CHUNK_BYTES);
                    return stream_text(session, path, &name, chunk, totals, emit);
                }
            }
            (std::fs::read(path).context("cannot read")?, None)
        }
        Source::Url(url) => fetch(agent, url)?,
        Source::Stdin => {
            let mut buf = Vec::new();
            std::io::stdin()
                .lock()
                .take(vigil_text::MAX_MARKUP_BYTES as u64 + 1)
                .read_to_end(&mut buf)?;
            (buf, None)
        }
    };
    let format =
        args.as_format.map(input_format).unwrap_or_else(|| vigil_text::sniff(&bytes, &name));
    let extraction = vigil_text::extract(&bytes, format, content_type.as_deref())?;
    if let Some(encoding) = &extraction.decoded_from {
        tracing::info!(source = %name, encoding, "decoded");
    }
    for err in &extraction.errors {
        eprintln!("vigil: {name}: feed entry {}: skipped: {}", err.entry, err.message);
        totals.skipped_entries += 1;
    }
    let feed = format == Format::Feed;
    for (k, doc) in extraction.documents.into_iter().enumerate() {
        let findings = session.scan_document(
            &doc.text,
            &doc.boilerplate,
            doc.date.as_deref(),
            doc.title.as_deref(),
        );
        let source = if feed { format!("{name}#{}", k + 1) } else { name.clone() };
        totals.documents += 1;
        totals.bytes += doc.text.len();
        totals.found |= !findings.mentions.is_empty() || !findings.indicators.is_empty();
        let bytes = doc.text.len();
        emit(Scanned { source, doc, findings, bytes })?;
    }
    Ok(())
}

fn input_format(f: InputFormat) -> Format {
    match f {
        InputFormat::Text => Format::Text,
        InputFormat::Html => Format::Html,
        InputFormat::Feed => Format::Feed,
    }
}

/// Streams a huge plain-text file in chunks cut at paragraph breaks.
fn stream_text(
    session: &mut Session<'_>,
    path: &Path,
    name: &str,
    chunk_bytes: usize,
    totals: &mut Totals,
    emit: &mut dyn FnMut(Scanned) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let mut file = std::fs::File::open(path).context("cannot open")?;
    // Bytes read and not yet scanned are `pending[start..]`. The file is read
    // straight into the buffer, which is compacted only once its scanned
    // front is the larger part, and each chunk is validated as UTF-8 once:
    // before, every byte was copied from a read buffer, moved again by each
    // chunk's drain, and validated twice.
    let mut pending: Vec<u8> = Vec::with_capacity(chunk_bytes * 3);
    let mut start = 0usize;
    let mut base = 0usize;
    let mut first: Option<Extracted> = None;
    let mut eof = false;
    let mut doc = session.begin();
    while !eof || start < pending.len() {
        // More than a chunk must be at hand before one is cut: given no
        // more than `chunk_bytes`, `split_chunks` takes all of it, and the
        // cut fell wherever a read ended, in the middle of a name.
        if !eof && pending.len() - start <= chunk_bytes {
            if start > pending.len() - start {
                pending.drain(..start);
                start = 0;
            }
            let before = pending.len();
            let n = (&mut file).take(chunk_bytes as u64).read_to_end(&mut pending)?;
            if n == 0 {
                eof = true;
            } else if base == 0 && before == 0 && vigil_text::looks_binary(&pending[..n]) {
                bail!("binary input (control bytes found), not text");
            }
            continue;
        }
        // The valid UTF-8 prefix; an incomplete character waits for more bytes.
        let unscanned = &pending[start..];
        let text = match std::str::from_utf8(unscanned) {
            Ok(text) => text,
            Err(e) if e.error_len().is_none() && !eof => {
                std::str::from_utf8(&unscanned[..e.valid_up_to()]).unwrap_or_default()
            }
            Err(e) => bail!(
                "not UTF-8 at byte {} (convert the file to UTF-8 first)",
                base + e.valid_up_to()
            ),
        };
        let cut = if eof { text.len() } else { vigil_text::split_chunks(text, chunk_bytes) };
        if cut == 0 {
            break;
        }
        let chunk = &text[..cut];
        if first.is_none() {
            let mut head = vigil_text::from_text(&chunk[..floor(chunk, 64 * 1024)]);
            head.text.clear();
            doc.set_date(head.date.as_deref());
            doc.set_title(head.title.as_deref());
            first = Some(head);
        }
        let boiler = vigil_text::detect_boilerplate(chunk);
        doc.push(chunk, base, &boiler);
        base += cut;
        start += cut;
    }
    let findings = doc.finish();
    totals.documents += 1;
    totals.bytes += base;
    totals.found |= !findings.mentions.is_empty() || !findings.indicators.is_empty();
    let doc = first.unwrap_or_default();
    emit(Scanned { source: name.to_string(), doc, findings, bytes: base })
}

fn floor(text: &str, mut i: usize) -> usize {
    if i >= text.len() {
        return text.len();
    }
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Downloads a URL (bounded), with its Content-Type.
pub(crate) fn fetch(agent: &ureq::Agent, url: &str) -> anyhow::Result<(Vec<u8>, Option<String>)> {
    let response = match agent.get(url).call() {
        Ok(r) => r,
        Err(ureq::Error::Status(code, _)) => bail!("HTTP {code}"),
        Err(ureq::Error::Transport(t)) => bail!("cannot fetch (offline?): {t}"),
    };
    let content_type = response.header("content-type").map(str::to_string);
    let mut bytes = Vec::new();
    response.into_reader().take(MAX_URL_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_URL_BYTES {
        bail!("more than {MAX_URL_BYTES} bytes");
    }
    Ok((bytes, content_type))
}

fn emit(
    args: &ScanArgs,
    scanner: &Scanner,
    json: &mut JsonLines,
    out: &mut impl Write,
    scanned: Scanned,
) -> anyhow::Result<()> {
    match args.format {
        OutputFormat::Jsonl => json.write(scanner, out, &scanned, args.text),
        OutputFormat::Md => write_markdown(scanner, out, &scanned),
    }
}

/// Scans one extracted document and returns its `vigil scan` JSON line
/// (without the text and the newline), naming it `source` (for `vigil
/// monitor`, which stores documents as `vigil ingest docs` does).
pub(crate) fn scan_to_json(
    scanner: &Scanner,
    session: &mut Session<'_>,
    source: &str,
    doc: Extracted,
) -> anyhow::Result<Vec<u8>> {
    let findings = session.scan_document(
        &doc.text,
        &doc.boilerplate,
        doc.date.as_deref(),
        doc.title.as_deref(),
    );
    let bytes = doc.text.len();
    let scanned = Scanned { source: source.to_string(), doc, findings, bytes };
    let mut line = Vec::new();
    JsonLines::default().write(scanner, &mut line, &scanned, false)?;
    while line.last() == Some(&b'\n') {
        line.pop();
    }
    Ok(line)
}

/// The digest: findings grouped by entity and by category, then the article
/// with its mentions in bold and furniture left out.
fn write_markdown(scanner: &Scanner, out: &mut impl Write, s: &Scanned) -> anyhow::Result<()> {
    let title = s.doc.title.as_deref().unwrap_or("(untitled)");
    writeln!(out, "# {}\n", md_escape(title))?;
    let mut meta = vec![format!("`{}`", s.source)];
    meta.extend(s.doc.date.clone());
    meta.extend(s.doc.language.clone());
    if let Some(link) = &s.doc.link {
        meta.push(link.clone());
    }
    writeln!(out, "{}\n", meta.join(" · "))?;

    let mut by_entity: BTreeMap<usize, Vec<&vigil_text::Mention>> = BTreeMap::new();
    for m in &s.findings.mentions {
        by_entity.entry(m.entity).or_default().push(m);
    }
    writeln!(out, "## Listed entities ({})\n", by_entity.len())?;
    if by_entity.is_empty() {
        writeln!(out, "None.\n")?;
    }
    for (e, mentions) in &by_entity {
        let entity = scanner.entity(*e);
        let mut forms: Vec<&str> = mentions.iter().map(|m| m.text.as_str()).collect();
        forms.sort_unstable();
        forms.dedup();
        let best = mentions.iter().map(|m| m.score).fold(0.0, f64::max);
        writeln!(
            out,
            "- **{}** ({}, {}; {}): {} mention(s) as {}; score {best:.2}",
            md_escape(&entity.caption),
            entity.schema,
            entity.provenance.list,
            if entity.programs.is_empty() { "-".to_string() } else { entity.programs.join(", ") },
            mentions.len(),
            forms.iter().map(|f| format!("“{}”", md_escape(f))).collect::<Vec<_>>().join(", "),
        )?;
    }
    writeln!(out)?;

    let mut by_category: BTreeMap<vigil_text::Category, Vec<&vigil_text::Indicator>> =
        BTreeMap::new();
    for i in &s.findings.indicators {
        by_category.entry(i.category).or_default().push(i);
    }
    writeln!(out, "## Indicators ({})\n", by_category.len())?;
    if by_category.is_empty() {
        writeln!(out, "None.\n")?;
    }
    for (category, indicators) in &by_category {
        writeln!(out, "### {}\n", category.as_str())?;
        for i in indicators {
            let who = i
                .claimed_by
                .as_deref()
                .map(|c| format!(" by {}", md_escape(c)))
                .unwrap_or_default();
            writeln!(out, "- *{}*{who} (trigger: {}):", i.stance.as_str(), md_escape(&i.trigger))?;
            writeln!(out, "  > {}", md_escape(&i.sentence.replace('\n', " ")))?;
        }
        writeln!(out)?;
    }
    if !s.findings.imo_numbers.is_empty() {
        writeln!(out, "## IMO numbers\n")?;
        for i in &s.findings.imo_numbers {
            let listed: Vec<&str> =
                i.entities.iter().map(|&e| scanner.entity(e).caption.as_str()).collect();
            let listed =
                if listed.is_empty() { "not listed".to_string() } else { listed.join(", ") };
            writeln!(out, "- IMO {}: {}", i.imo, md_escape(&listed))?;
        }
        writeln!(out)?;
    }
    if !s.doc.text.is_empty() {
        writeln!(out, "## Article\n")?;
        writeln!(out, "{}\n", annotated(&s.doc, &s.findings))?;
    }
    writeln!(out, "---\n")?;
    Ok(())
}

/// The text with mentions in bold and boilerplate replaced by a note.
fn annotated(doc: &Extracted, findings: &Findings) -> String {
    let text = &doc.text;
    let mut marks: Vec<(usize, usize, bool)> = Vec::new(); // (start, end, is_boilerplate)
    marks.extend(doc.boilerplate.iter().map(|b| (b.start, b.end, true)));
    marks.extend(findings.mentions.iter().map(|m| (m.start, m.end, false)));
    marks.sort_by_key(|m| (m.0, std::cmp::Reverse(m.1)));
    let mut out = String::with_capacity(text.len() + 256);
    let mut at = 0;
    for (start, end, boiler) in marks {
        if start < at
            || end > text.len()
            || !text.is_char_boundary(start)
            || !text.is_char_boundary(end)
        {
            continue;
        }
        out.push_str(&md_escape(&text[at..start]));
        if boiler {
            out.push_str("*[furniture omitted]*");
        } else {
            out.push_str("**");
            out.push_str(&md_escape(&text[start..end]));
            out.push_str("**");
        }
        at = end;
    }
    out.push_str(&md_escape(&text[at..]));
    out
}

fn md_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '*' | '_' | '`' | '#' | '[' | ']' | '<' | '>' | '|' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use vigil_text::{Category, Indicator, Stance};

    fn by_hand(i: &Indicator) -> String {
        let mut out = Vec::new();
        write_indicator(&mut out, i).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn mention_ways_by_hand_are_what_serde_writes() {
        use vigil_text::Via;
        for via in [Via::Name, Via::Alias, Via::Surname, Via::Imo] {
            let by_serde = serde_json::to_string(&via).unwrap();
            assert_eq!(by_serde, format!("\"{}\"", via.as_str()));
        }
    }

    #[test]
    fn indicators_by_hand_are_what_serde_writes() {
        let plain = Indicator {
            category: Category::ShipToShipTransfer,
            trigger: "ship-to-ship transfer".into(),
            sentence: "The tanker met another off Nampo.".into(),
            start: 12,
            end: 45,
            claimed_by: None,
            stance: Stance::Asserted,
        };
        let escaped = Indicator {
            category: Category::ArmsTransfer,
            trigger: "supplied + \"shells\"".into(),
            sentence: "Officials said\tPyongyang \\ Moscow \u{1} denied it, «all» 北朝鮮.".into(),
            start: 0,
            end: usize::MAX,
            claimed_by: Some("U.S. and \"South Korean\" officials".into()),
            stance: Stance::Denied,
        };
        for i in [plain, escaped] {
            assert_eq!(by_hand(&i), serde_json::to_string(&i).unwrap());
        }
    }

    #[test]
    fn strings_needing_no_escape_are_found_at_any_offset() {
        for len in 0..20 {
            for at in 0..len {
                for bad in [b'"', b'\\', b'\n', 0x1f, 0] {
                    let mut bytes = vec![b'a'; len];
                    bytes[at] = bad;
                    assert!(needs_escaping(&bytes), "{bytes:?}");
                }
            }
            let clean = "é x ~\u{7f}".repeat(len);
            assert!(!needs_escaping(clean.as_bytes()));
        }
    }
}
