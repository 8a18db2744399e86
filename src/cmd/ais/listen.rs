//! `vigil ais listen`: a live NMEA feed over TCP (a client that reconnects
//! with capped, jittered exponential backoff) or UDP (a bound socket),
//! framed into bounded lines, decoded as they come and written as JSON lines.
//!
//! Without `--decode-only` it runs every detector on the feed
//! ([`LiveEvents`]): positions wait out a short lag (reordered by time, and
//! given their track segment by a streaming segmenter per vessel), go
//! through `EventPipeline` in time order, and each event is written as it
//! closes.
//!
//! Memory stays bounded whatever the feed sends: a line longer than the
//! decoder's limit is cut (and rejected by the decoder as too long), the
//! decoder keeps at most `DEFAULT_MAX_PENDING` multi-sentence groups, and
//! the detection state is bounded as [`LiveEvents`] says.

use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::io::{self, BufWriter, Read, Write};
use std::net::{SocketAddr, TcpStream, ToSocketAddrs, UdpSocket};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::{bail, Context as _};
use vigil_ais::detect::pipeline::EventPipeline;
use vigil_ais::detect::{Context, Event, SrcRef, StaticReport, TrackPoint};
use vigil_ais::{
    Decoder, FixKind, IdentityBuilder, Message, Options, Point, SegmentConfig, Segmenter,
    StaticFields, Timestamp,
};
use vigil_geo::Geography;

use super::decode::write_message;
pub(crate) use super::events::DetectorArgs;
use super::events::{event_json, link_one, load_list_index, Links, ListIndex};
use crate::shared::Outcome;

/// Arguments of `vigil ais listen`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  vigil ais listen --tcp 153.44.253.27:5631 --decode-only --out live.jsonl
  vigil ais listen --udp 0.0.0.0:10110 --decode-only --duration 3600
  vigil ais listen --tcp localhost:5631 --list sdn.xml --zones eez.geojson > events.jsonl

TCP: connects to HOST:PORT and reads NMEA lines; when the connection fails or
closes, it reconnects after a backoff that doubles from --initial-backoff-ms
up to --max-backoff-secs, with random jitter, logged as warnings. UDP: binds
ADDR and reads datagrams of NMEA lines. Messages without a receive time in the
feed (tag block, $PGHP, trailing epoch) get the time they arrived.
Output: one JSON line per event, as `vigil ais events` writes it, each as soon
as its detector closes it (so not sorted), with evidence \"tcp:HOST:PORT:N\" or
\"udp:ADDR:N\" (N counts lines over all connections) and evidence_lines null
(lines are not kept). Positions wait --lag-secs of feed time before the
detectors see them (reordered by time; track segments settled). Memory: the
positions of the lag, at most 4096 positions per vessel seen in the last 24 h
of feed time, and at most --max-vessels vessels.
With --decode-only, one JSON line per message as `vigil ais decode` writes it,
with src \"tcp:HOST:PORT:N\" or \"udp:ADDR:N\".

Stops after --max-messages messages, after --duration seconds, or at SIGINT
(Ctrl-C) or SIGTERM; at a stop, events still open are closed and written (a
second signal exits at once).
Exit codes: 0 at least one message (--decode-only) or event, 1 none, 2 error.")]
pub struct ListenArgs {
    /// Connect to this TCP server (HOST:PORT) and reconnect when it drops.
    #[arg(long, value_name = "HOST:PORT", conflicts_with = "udp", required_unless_present = "udp")]
    pub tcp: Option<String>,
    /// Bind this UDP address (ADDR:PORT) and read datagrams.
    #[arg(long, value_name = "ADDR:PORT")]
    pub udp: Option<String>,
    /// Write to this file (appended) instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Write the decoded messages (as `vigil ais decode` does), not events.
    #[arg(long)]
    pub decode_only: bool,
    /// Stop after this many messages.
    #[arg(long, value_name = "N")]
    pub max_messages: Option<u64>,
    /// Stop after this many seconds.
    #[arg(long, value_name = "SECS")]
    pub duration: Option<f64>,
    /// First wait before reconnecting, in milliseconds (doubled each failure).
    #[arg(long, value_name = "MS", default_value_t = 500)]
    pub initial_backoff_ms: u64,
    /// Longest wait before reconnecting, in seconds.
    #[arg(long, value_name = "SECS", default_value_t = 60)]
    pub max_backoff_secs: u64,
    /// Feed time positions wait before the detectors see them, seconds.
    #[arg(long, value_name = "SECS", default_value_t = DEFAULT_LAG_SECS)]
    pub lag_secs: u64,
    /// Most vessels followed at once (the longest silent are forgotten first).
    #[arg(long, value_name = "N", default_value_t = 200_000)]
    pub max_vessels: usize,
    #[command(flatten)]
    pub detectors: DetectorArgs,
}

/// How long a blocking read or connect may take before the stop conditions
/// are checked again.
const POLL: Duration = Duration::from_millis(200);
/// The longest a TCP connect may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Runs `vigil ais listen`.
pub fn run(args: ListenArgs) -> anyhow::Result<Outcome> {
    let out: Box<dyn Write> = match &args.out {
        Some(path) => Box::new(
            File::options()
                .create(true)
                .append(true)
                .open(path)
                .with_context(|| format!("cannot write {}", path.display()))?,
        ),
        None => Box::new(io::stdout().lock()),
    };
    let stop = StopWhen {
        deadline: args.duration.map(|secs| Instant::now() + Duration::from_secs_f64(secs.max(0.0))),
        flag: crate::cmd::monitor::signals::stop_on_signals()?,
    };
    let source = match (&args.tcp, &args.udp) {
        (Some(addr), _) => format!("tcp:{addr}"),
        (None, Some(addr)) => format!("udp:{addr}"),
        (None, None) => bail!("give --tcp HOST:PORT or --udp ADDR:PORT"),
    };
    let events = if args.decode_only {
        None
    } else {
        let live = LiveEvents::new(&args.detectors, args.lag_secs, args.max_vessels, &source)?;
        Some(Box::new(live))
    };
    let mut sink = Sink {
        out: BufWriter::new(out),
        buf: Vec::with_capacity(1024),
        decoder: Decoder::new(Options::default()),
        source,
        line_no: 0,
        written: 0,
        max_messages: args.max_messages,
        events,
    };
    let backoff = Backoff::new(
        Duration::from_millis(args.initial_backoff_ms.max(1)),
        Duration::from_secs(args.max_backoff_secs.max(1)),
    );
    match (&args.tcp, &args.udp) {
        (Some(addr), _) => listen_tcp(addr, &mut sink, &stop, backoff)?,
        (None, Some(addr)) => listen_udp(addr, &mut sink, &stop)?,
        (None, None) => bail!("give --tcp HOST:PORT or --udp ADDR:PORT"),
    }
    sink.decoder.finish();
    if let Some(events) = &mut sink.events {
        events.finish(&mut sink.out).context("cannot write output")?;
    }
    sink.out.flush()?;
    let stats = sink.decoder.stats();
    tracing::info!(
        "{}: {} lines, {} messages, {} rejected",
        sink.source,
        stats.lines,
        stats.messages,
        stats.rejected_total()
    );
    let found = match &sink.events {
        Some(events) => {
            let (positions, statics) = events.pipeline.counts();
            let (detected, silent) = events.pipeline.vessels();
            tracing::info!(
                "{} events from {positions} positions and {statics} static reports; {} vessels followed, {} forgotten; the detectors remember {detected} vessels and forgot {silent} gone silent",
                events.events,
                events.vessels.len(),
                events.evicted
            );
            events.events > 0
        }
        None => sink.written > 0,
    };
    Ok(if found { Outcome::Found } else { Outcome::NotFound })
}

/// Where framed lines go: decoded, stamped and written.
struct Sink {
    out: BufWriter<Box<dyn Write>>,
    buf: Vec<u8>,
    decoder: Decoder,
    source: String,
    line_no: u64,
    /// Messages taken (written, or given to the detectors).
    written: u64,
    max_messages: Option<u64>,
    /// The detectors, unless --decode-only.
    events: Option<Box<LiveEvents>>,
}

impl LineSink for Sink {
    /// Decodes one line; messages without a time get the arrival time.
    fn push_line(&mut self, line: &[u8]) -> io::Result<()> {
        self.line_no += 1;
        if let Some(message) = self.decoder.push_line(line, self.line_no) {
            self.write(message)?;
        }
        // A line holding several sentences may complete several messages.
        while let Some(message) = self.decoder.take_extra() {
            self.write(message)?;
        }
        Ok(())
    }

    fn is_done(&self) -> bool {
        self.max_messages.is_some_and(|max| self.written >= max)
    }
}

impl Sink {
    fn write(&mut self, mut message: Message) -> io::Result<()> {
        if self.is_done() {
            return Ok(());
        }
        let ts = *message.ts.get_or_insert_with(now);
        if let Some(events) = &mut self.events {
            self.written += 1;
            return events.push(&message, ts, &mut self.out);
        }
        self.buf.clear();
        write_message(&mut self.buf, &message, &self.source);
        self.out.write_all(&self.buf)?;
        // A live feed is read by someone waiting: flush each message.
        self.out.flush()?;
        self.written += 1;
        Ok(())
    }
}

/// Where a feed's framed lines go (`listen` decodes and writes them; the
/// monitor journals, decodes and stores them).
pub(crate) trait LineSink {
    /// Takes one line (without its newline).
    fn push_line(&mut self, line: &[u8]) -> io::Result<()>;
    /// Whether the sink wants no more lines.
    fn is_done(&self) -> bool;
    /// Called at least every [`POLL`] while reading, and with `idle` set
    /// when the feed is down: time for periodic work such as commits.
    fn tick(&mut self, _idle: bool) -> io::Result<()> {
        Ok(())
    }
}

/// When a feed loop stops: at a deadline, or when a flag is set (by a
/// signal, or by the monitor shutting down).
#[derive(Debug, Clone)]
pub(crate) struct StopWhen {
    pub(crate) deadline: Option<Instant>,
    pub(crate) flag: Arc<AtomicBool>,
}

impl StopWhen {
    /// Whether the loop should stop now.
    pub(crate) fn reached(&self) -> bool {
        self.flag.load(Ordering::Relaxed) || past(self.deadline)
    }
}

/// Writes a message as the JSON line `vigil ais decode` writes, with src
/// `source:LINE` (for the monitor, which stores what `vigil ingest ais` reads).
pub(crate) fn write_message_json(buf: &mut Vec<u8>, message: &Message, source: &str) {
    write_message(buf, message, source);
}

/// The current time, as the receive time of a message that carries none.
pub(crate) fn now() -> Timestamp {
    let millis = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis());
    Timestamp(millis as i64)
}

fn past(deadline: Option<Instant>) -> bool {
    deadline.is_some_and(|deadline| Instant::now() >= deadline)
}

/// Splits a byte stream into lines of at most `limit` bytes (a longer line is
/// cut there and the rest dropped up to its newline), so a feed that never
/// sends a newline cannot grow memory.
struct LineFramer {
    line: Vec<u8>,
    limit: usize,
}

impl LineFramer {
    fn new(limit: usize) -> LineFramer {
        LineFramer { line: Vec::with_capacity(limit), limit }
    }

    /// Feeds bytes, calling `on_line` with each complete line (without `\n`).
    fn push(
        &mut self,
        bytes: &[u8],
        on_line: &mut impl FnMut(&[u8]) -> io::Result<()>,
    ) -> io::Result<()> {
        let mut rest = bytes;
        while let Some(idx) = rest.iter().position(|&b| b == b'\n') {
            self.take(&rest[..idx]);
            on_line(&self.line)?;
            self.line.clear();
            rest = &rest[idx + 1..];
        }
        self.take(rest);
        Ok(())
    }

    /// Ends the current line, if any (the end of a datagram or a connection).
    fn flush(&mut self, on_line: &mut impl FnMut(&[u8]) -> io::Result<()>) -> io::Result<()> {
        if !self.line.is_empty() {
            on_line(&self.line)?;
            self.line.clear();
        }
        Ok(())
    }

    fn take(&mut self, bytes: &[u8]) {
        let room = self.limit.saturating_sub(self.line.len());
        self.line.extend_from_slice(&bytes[..bytes.len().min(room)]);
    }
}

/// Exponential backoff with "equal jitter": each wait is between half and all
/// of the current step, which doubles up to the cap and resets after a
/// connection that delivered data.
pub(crate) struct Backoff {
    initial: Duration,
    max: Duration,
    step: Duration,
    seed: u64,
}

impl Backoff {
    fn new(initial: Duration, max: Duration) -> Backoff {
        let seed = SystemTime::now().duration_since(UNIX_EPOCH).map_or(1, |d| d.as_nanos() as u64)
            ^ u64::from(std::process::id()).rotate_left(32);
        Backoff { initial, max: max.max(initial), step: initial, seed: seed | 1 }
    }

    /// The next wait, and the step doubled for the one after.
    fn next_wait(&mut self) -> Duration {
        // xorshift64: enough randomness to spread reconnecting clients.
        self.seed ^= self.seed << 13;
        self.seed ^= self.seed >> 7;
        self.seed ^= self.seed << 17;
        let fraction = (self.seed >> 11) as f64 / (1u64 << 53) as f64;
        let wait = self.step.mul_f64(0.5 + 0.5 * fraction);
        self.step = (self.step * 2).min(self.max);
        wait
    }

    fn reset(&mut self) {
        self.step = self.initial;
    }
}

/// Sleeps `wait` in short steps, returning early at a stop.
fn sleep_until(wait: Duration, stop: &StopWhen) {
    let end = Instant::now() + wait;
    while Instant::now() < end && !stop.reached() {
        std::thread::sleep(POLL.min(end.saturating_duration_since(Instant::now())));
    }
}

/// The reconnect backoff of `listen` from its settings.
pub(crate) fn backoff(initial_ms: u64, max_secs: u64) -> Backoff {
    Backoff::new(Duration::from_millis(initial_ms.max(1)), Duration::from_secs(max_secs.max(1)))
}

/// Reads NMEA lines from a TCP server until the sink is done or `stop` is
/// reached, reconnecting with `backoff` whenever the connection fails.
pub(crate) fn listen_tcp(
    addr: &str,
    sink: &mut impl LineSink,
    stop: &StopWhen,
    mut backoff: Backoff,
) -> anyhow::Result<()> {
    let mut framer = LineFramer::new(vigil_ais::MAX_LINE_LEN + 1);
    let mut chunk = vec![0u8; 64 * 1024];
    let mut connections = 0u64;
    while !sink.is_done() && !stop.reached() {
        let stream = match connect(addr) {
            Ok(stream) => stream,
            Err(err) => {
                let wait = backoff.next_wait();
                tracing::warn!(
                    "{addr}: cannot connect ({err}); retrying in {:.1} s",
                    wait.as_secs_f64()
                );
                sink.tick(true).map_err(|err| anyhow::Error::new(OutputError(err)))?;
                sleep_until(wait, stop);
                continue;
            }
        };
        connections += 1;
        tracing::info!("{addr}: connected (connection {connections})");
        let outcome = read_stream(stream, &mut framer, &mut chunk, sink, stop);
        framer.flush(&mut |line| sink.push_line(line))?;
        sink.tick(true).map_err(|err| anyhow::Error::new(OutputError(err)))?;
        if sink.is_done() || stop.reached() {
            break;
        }
        match outcome {
            Ok(received) => {
                if received == Received::Data {
                    backoff.reset();
                }
                let wait = backoff.next_wait();
                tracing::warn!(
                    "{addr}: connection closed; reconnecting in {:.1} s",
                    wait.as_secs_f64()
                );
                sleep_until(wait, stop);
            }
            Err(err) if is_output_error(&err) => return Err(err).context("cannot write output"),
            Err(err) => {
                let wait = backoff.next_wait();
                tracing::warn!(
                    "{addr}: connection lost ({err}); reconnecting in {:.1} s",
                    wait.as_secs_f64()
                );
                sleep_until(wait, stop);
            }
        }
    }
    Ok(())
}

/// Whether a connection delivered anything before it ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Received {
    Nothing,
    Data,
}

/// An output error (the reader of our output went away) rather than a
/// network error: it must stop the run, not cause a reconnect.
#[derive(Debug)]
struct OutputError(io::Error);

impl std::fmt::Display for OutputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for OutputError {}

fn is_output_error(err: &anyhow::Error) -> bool {
    err.downcast_ref::<OutputError>().is_some()
}

fn connect(addr: &str) -> io::Result<TcpStream> {
    let mut last_err = io::Error::new(io::ErrorKind::NotFound, "no address");
    for resolved in addr.to_socket_addrs()? {
        match TcpStream::connect_timeout(&resolved, CONNECT_TIMEOUT) {
            Ok(stream) => return Ok(stream),
            Err(err) => last_err = err,
        }
    }
    Err(last_err)
}

fn read_stream(
    mut stream: TcpStream,
    framer: &mut LineFramer,
    chunk: &mut [u8],
    sink: &mut impl LineSink,
    stop: &StopWhen,
) -> anyhow::Result<Received> {
    stream.set_read_timeout(Some(POLL))?;
    let mut received = Received::Nothing;
    loop {
        if sink.is_done() || stop.reached() {
            return Ok(received);
        }
        sink.tick(false).map_err(|err| anyhow::Error::new(OutputError(err)))?;
        let n = match stream.read(chunk) {
            Ok(0) => return Ok(received),
            Ok(n) => n,
            Err(err) if is_timeout(&err) => continue,
            Err(err) => return Err(err.into()),
        };
        received = Received::Data;
        framer
            .push(&chunk[..n], &mut |line| sink.push_line(line))
            .map_err(|err| anyhow::Error::new(OutputError(err)))?;
    }
}

fn is_timeout(err: &io::Error) -> bool {
    matches!(
        err.kind(),
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut | io::ErrorKind::Interrupted
    )
}

/// Reads datagrams of NMEA lines on a bound UDP socket until the sink is
/// done or `stop` is reached.
pub(crate) fn listen_udp(
    addr: &str,
    sink: &mut impl LineSink,
    stop: &StopWhen,
) -> anyhow::Result<()> {
    let bind: SocketAddr = addr
        .to_socket_addrs()
        .with_context(|| format!("not an address: {addr}"))?
        .next()
        .with_context(|| format!("not an address: {addr}"))?;
    let socket = UdpSocket::bind(bind).with_context(|| format!("cannot bind {addr}"))?;
    socket.set_read_timeout(Some(POLL))?;
    tracing::info!("{addr}: listening for UDP datagrams");
    let mut framer = LineFramer::new(vigil_ais::MAX_LINE_LEN + 1);
    // The largest UDP payload; a datagram is never split across reads.
    let mut datagram = vec![0u8; 65_536];
    while !sink.is_done() && !stop.reached() {
        sink.tick(false).context("cannot write output")?;
        let n = match socket.recv(&mut datagram) {
            Ok(n) => n,
            Err(err) if is_timeout(&err) => continue,
            Err(err) => {
                tracing::warn!("{addr}: {err}");
                continue;
            }
        };
        let mut on_line = |line: &[u8]| sink.push_line(line);
        framer.push(&datagram[..n], &mut on_line).context("cannot write output")?;
        framer.flush(&mut on_line).context("cannot write output")?;
    }
    Ok(())
}

/// Receive-time lag before a position goes to the detectors: time for late
/// fragments and slower receivers to arrive (positions are reordered within
/// it) and for the segmenter to settle the position's track (a later
/// position may still drop one as noise).
const DEFAULT_LAG_SECS: u64 = 600;
/// Most positions one vessel's segmenter keeps; past it the segmenter starts
/// afresh (its open segments end there), which bounds memory per vessel.
const MAX_TRACK_POSITIONS: usize = 4096;
/// How often (in messages) idle vessels are looked for.
const EVICT_EVERY: u64 = 4096;

/// A position or static report waiting out the lag, keyed by (time, rank,
/// MMSI, line): at one time, positions go before static reports, as in
/// `detect_batch`.
type WaitKey = (Timestamp, u8, u32, u64);

enum Waiting {
    Point { point: TrackPoint, generation: u32, idx: usize, resolved: bool },
    Static(StaticReport),
}

/// What is kept of one vessel between messages.
struct LiveVessel {
    segmenter: Segmenter,
    /// Counts segmenter restarts, so waiting positions know whose index they hold.
    generation: u32,
    /// Segment numbers as written: (generation, segmenter number) to 1, 2, …
    numbers: HashMap<(u32, u32), u32>,
    next_number: u32,
    last_ts: Timestamp,
    waiting: usize,
    /// The static fields last linked to the lists.
    linked_fields: Option<StaticFields>,
}

impl LiveVessel {
    fn new() -> LiveVessel {
        LiveVessel {
            segmenter: Segmenter::new(SegmentConfig::default()),
            generation: 0,
            numbers: HashMap::new(),
            next_number: 1,
            last_ts: Timestamp(i64::MIN),
            waiting: 0,
            linked_fields: None,
        }
    }

    /// The segment number written for a segmenter label.
    fn number(&mut self, generation: u32, label: Option<u32>) -> Option<u32> {
        let label = label?;
        let next = &mut self.next_number;
        Some(*self.numbers.entry((generation, label)).or_insert_with(|| {
            *next += 1;
            *next - 1
        }))
    }
}

/// The detectors run over a live feed, writing each event as it closes.
///
/// # Memory
/// Bounded by: the positions received within the last `lag` (the reorder
/// buffer); per vessel seen in the last 24 h of feed time (GFW's segment
/// gap), at most [`MAX_TRACK_POSITIONS`] positions in its segmenter; at most
/// `max_vessels` such vessels (the longest idle ones are evicted first). The
/// detectors keep a small state per vessel and per open event.
pub(crate) struct LiveEvents {
    pipeline: EventPipeline,
    geo: Geography,
    lists: Option<ListIndex>,
    links: Links,
    vessels: HashMap<u32, LiveVessel>,
    waiting: BTreeMap<WaitKey, Waiting>,
    newest: Timestamp,
    lag_ms: i64,
    max_vessels: usize,
    names: Vec<String>,
    messages: u64,
    events: u64,
    evicted: u64,
}

impl LiveEvents {
    /// The detectors of `detectors`, with positions waiting `lag_secs` of
    /// feed time, following at most `max_vessels` vessels; events name their
    /// evidence `source:LINE`.
    pub(crate) fn new(
        detectors: &DetectorArgs,
        lag_secs: u64,
        max_vessels: usize,
        source: &str,
    ) -> anyhow::Result<LiveEvents> {
        let config = detectors.config()?;
        let geo = detectors.geography()?;
        let lists = load_list_index(&detectors.lists, detectors.db.as_deref())?;
        Ok(LiveEvents {
            pipeline: EventPipeline::new(config),
            geo,
            lists,
            links: Links::new(),
            vessels: HashMap::new(),
            waiting: BTreeMap::new(),
            newest: Timestamp(i64::MIN),
            lag_ms: (lag_secs.min(i64::MAX as u64 / 1000) as i64).saturating_mul(1000),
            max_vessels: max_vessels.max(1),
            names: vec![source.to_owned()],
            messages: 0,
            events: 0,
            evicted: 0,
        })
    }

    /// Takes one message (with its receive time set), writing the events it
    /// closes to `out` as JSON lines.
    pub(crate) fn push(
        &mut self,
        message: &Message,
        ts: Timestamp,
        out: &mut impl Write,
    ) -> io::Result<()> {
        self.messages += 1;
        let src = SrcRef { file: 0, line: message.line };
        let fields = StaticFields::of(message).filter(|f| *f != StaticFields::default());
        self.link(message, fields.as_ref());
        if let Some(fields) = fields {
            let report = StaticReport { mmsi: message.mmsi, ts: Some(ts), fields, src };
            self.vessels.entry(message.mmsi).or_insert_with(LiveVessel::new).waiting += 1;
            self.waiting.insert((ts, 1, message.mmsi, src.line), Waiting::Static(report));
        }
        // Vessel positions only, as `vigil ais events` takes them.
        if matches!(message.msg_type, 1..=3 | 18 | 19 | 27) {
            if let Some(fix) = message.fix() {
                let kind = FixKind::from_msg_type(message.msg_type);
                let at = Point {
                    ts,
                    lat: fix.lat,
                    lon: fix.lon,
                    speed: fix.speed,
                    course: fix.course,
                    kind,
                };
                if at.is_valid() {
                    let point = TrackPoint {
                        mmsi: message.mmsi,
                        ts,
                        lat: fix.lat,
                        lon: fix.lon,
                        speed: fix.speed,
                        course: fix.course,
                        heading: fix.heading,
                        segment: None,
                        src,
                    };
                    self.push_point(point, at);
                }
            }
        }
        self.newest = self.newest.max(ts);
        self.release(Timestamp(self.newest.0.saturating_sub(self.lag_ms)), out)?;
        if self.messages.is_multiple_of(EVICT_EVERY) {
            self.evict();
        }
        Ok(())
    }

    fn push_point(&mut self, point: TrackPoint, at: Point) {
        let vessel = self.vessels.entry(point.mmsi).or_insert_with(LiveVessel::new);
        let idle_hours = point.ts.0.saturating_sub(vessel.last_ts.0) as f64 / 3_600_000.0;
        let full = vessel.segmenter.pushed() >= MAX_TRACK_POSITIONS;
        if vessel.segmenter.pushed() > 0
            && (full || idle_hours > SegmentConfig::default().max_hours)
        {
            restart_segmenter(point.mmsi, vessel, &mut self.waiting);
        }
        let idx = vessel.segmenter.pushed();
        vessel.segmenter.push(at);
        vessel.last_ts = vessel.last_ts.max(point.ts);
        vessel.waiting += 1;
        let waiting = Waiting::Point { point, generation: vessel.generation, idx, resolved: false };
        self.waiting.insert((point.ts, 0, point.mmsi, point.src.line), waiting);
    }

    /// Links a vessel to the lists when first seen and when its static
    /// fields change.
    fn link(&mut self, message: &Message, fields: Option<&StaticFields>) {
        let Some(lists) = &self.lists else { return };
        let vessel = self.vessels.entry(message.mmsi).or_insert_with(LiveVessel::new);
        let first = vessel.linked_fields.is_none();
        let changed = fields.is_some_and(|f| vessel.linked_fields.as_ref() != Some(f));
        if !first && !changed {
            return;
        }
        vessel.linked_fields = Some(fields.cloned().unwrap_or_default());
        let mut builder = IdentityBuilder::default();
        builder.push(message, || format!("{}:{}", self.names[0], message.line));
        for identity in builder.finish() {
            let (found, claims) = link_one(lists, &identity);
            for claim in claims {
                self.pipeline.claim_flag(identity.mmsi, claim);
            }
            let known = self.links.entry(identity.mmsi).or_default();
            for link in found {
                if !known.iter().any(|k| k.entity_id == link.entity_id) {
                    known.push(link);
                }
            }
            if known.is_empty() {
                self.links.remove(&identity.mmsi);
            }
        }
    }

    /// Sends everything received at or before `until` to the detectors.
    fn release(&mut self, until: Timestamp, out: &mut impl Write) -> io::Result<()> {
        while let Some(entry) = self.waiting.first_entry() {
            if entry.key().0 > until {
                break;
            }
            let (key, waiting) = entry.remove_entry();
            let vessel = self.vessels.get_mut(&key.2);
            match waiting {
                Waiting::Static(report) => {
                    if let Some(vessel) = vessel {
                        vessel.waiting = vessel.waiting.saturating_sub(1);
                    }
                    self.pipeline.push_static(&report);
                }
                Waiting::Point { mut point, generation, idx, resolved } => {
                    if let Some(vessel) = vessel {
                        vessel.waiting = vessel.waiting.saturating_sub(1);
                        if !resolved {
                            let label = vessel.segmenter.current_label(idx);
                            point.segment = vessel.number(generation, label);
                        }
                    }
                    // Noise (no segment) is left out, as `vigil ais events` does.
                    if point.segment.is_some() {
                        self.pipeline.push(&point, &Context { geo: &self.geo });
                    }
                }
            }
            for event in self.pipeline.take_events() {
                self.write_event(&event, out)?;
            }
        }
        Ok(())
    }

    fn write_event(&mut self, event: &Event, out: &mut impl Write) -> io::Result<()> {
        let no_lines = BTreeMap::new();
        let line = event_json(event, &self.names, &self.links, &no_lines);
        serde_json::to_writer(&mut *out, &line)?;
        out.write_all(b"\n")?;
        // Someone is waiting for it: flush each event.
        out.flush()?;
        self.events += 1;
        Ok(())
    }

    /// Forgets vessels silent for longer than a segment may (24 h of feed
    /// time) with nothing waiting, and the longest silent ones past
    /// `max_vessels`.
    fn evict(&mut self) {
        let horizon = self.newest.0.saturating_sub(self.lag_ms + 24 * 3_600_000);
        let before = self.vessels.len();
        self.vessels.retain(|_, v| v.waiting > 0 || v.last_ts.0 >= horizon);
        if self.vessels.len() > self.max_vessels {
            let mut idle: Vec<(Timestamp, u32)> = self
                .vessels
                .iter()
                .filter(|(_, v)| v.waiting == 0)
                .map(|(&mmsi, v)| (v.last_ts, mmsi))
                .collect();
            idle.sort_unstable();
            let excess = self.vessels.len() - self.max_vessels;
            for (_, mmsi) in idle.into_iter().take(excess) {
                self.vessels.remove(&mmsi);
            }
        }
        let vessels = &self.vessels;
        self.links.retain(|mmsi, _| vessels.contains_key(mmsi));
        self.evicted += (before - self.vessels.len()) as u64;
    }

    /// Ends the feed: everything waiting goes to the detectors, which close
    /// what is still open.
    pub(crate) fn finish(&mut self, out: &mut impl Write) -> io::Result<()> {
        self.release(Timestamp(i64::MAX), out)?;
        for event in self.pipeline.finish(&Context { geo: &self.geo }) {
            self.write_event(&event, out)?;
        }
        Ok(())
    }
}

/// Starts a vessel's segmenter afresh, first fixing the segments of its
/// positions still waiting (they index the old one).
fn restart_segmenter(mmsi: u32, vessel: &mut LiveVessel, waiting: &mut BTreeMap<WaitKey, Waiting>) {
    if vessel.waiting > 0 {
        for (_, entry) in waiting.iter_mut().filter(|(key, _)| key.2 == mmsi) {
            if let Waiting::Point { point, generation, idx, resolved: resolved @ false } = entry {
                let label = vessel.segmenter.current_label(*idx);
                point.segment = vessel.number(*generation, label);
                *resolved = true;
            }
        }
    }
    let old = vessel.generation;
    vessel.numbers.retain(|&(generation, _), _| generation != old);
    vessel.generation += 1;
    vessel.segmenter = Segmenter::new(SegmentConfig::default());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn framer_cuts_long_lines_and_keeps_partial_ones() {
        let mut framer = LineFramer::new(4);
        let mut lines: Vec<Vec<u8>> = Vec::new();
        let mut collect = |line: &[u8]| {
            lines.push(line.to_vec());
            Ok(())
        };
        framer.push(b"ab\nlonger than four\nc", &mut collect).unwrap();
        framer.push(b"d\ne", &mut collect).unwrap();
        framer.flush(&mut collect).unwrap();
        assert_eq!(lines, [&b"ab"[..], b"long", b"cd", b"e"]);
    }

    #[test]
    fn backoff_doubles_to_the_cap_with_jitter_and_resets() {
        let mut backoff = Backoff::new(Duration::from_millis(100), Duration::from_millis(800));
        let steps = [100, 200, 400, 800, 800];
        for step in steps {
            let wait = backoff.next_wait();
            let step = Duration::from_millis(step);
            assert!(wait >= step / 2 && wait <= step, "{wait:?} for {step:?}");
        }
        backoff.reset();
        assert!(backoff.next_wait() <= Duration::from_millis(100));
    }
}
