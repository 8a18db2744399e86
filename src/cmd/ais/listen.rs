//! `vigil ais listen`: a live NMEA feed over TCP (a client that reconnects
//! with capped, jittered exponential backoff) or UDP (a bound socket),
//! framed into bounded lines, decoded as they come and written as JSON lines.
//!
//! Memory stays bounded whatever the feed sends: a line longer than the
//! decoder's limit is cut (and rejected by the decoder as too long), the
//! decoder keeps at most `DEFAULT_MAX_PENDING` multi-sentence groups, and
//! nothing else is kept between lines.

use std::fs::File;
use std::io::{self, BufWriter, Read, Write};
use std::net::{SocketAddr, TcpStream, ToSocketAddrs, UdpSocket};
use std::path::PathBuf;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::{bail, Context};
use vigil_ais::{Decoder, Message, Options, Timestamp};

use super::decode::write_message;
use crate::shared::Outcome;

/// Arguments of `vigil ais listen`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  vigil ais listen --tcp 153.44.253.27:5631 --decode-only --out live.jsonl
  vigil ais listen --udp 0.0.0.0:10110 --decode-only --duration 3600

TCP: connects to HOST:PORT and reads NMEA lines; when the connection fails or
closes, it reconnects after a backoff that doubles from --initial-backoff-ms
up to --max-backoff-secs, with random jitter, logged as warnings. UDP: binds
ADDR and reads datagrams of NMEA lines. Messages without a receive time in the
feed (tag block, $PGHP, trailing epoch) get the time they arrived.
Output: with --decode-only, one JSON line per message as `vigil ais decode`
writes it, with src \"tcp:HOST:PORT:N\" or \"udp:ADDR:N\" (N counts lines).

Stops after --max-messages messages, after --duration seconds, or when killed.
Exit codes: 0 at least one message, 1 none, 2 error.")]
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
}

/// How long a blocking read or connect may take before the stop conditions
/// are checked again.
const POLL: Duration = Duration::from_millis(200);
/// The longest a TCP connect may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Runs `vigil ais listen`.
pub fn run(args: ListenArgs) -> anyhow::Result<Outcome> {
    if !args.decode_only {
        bail!(
            "vigil ais listen writes decoded messages only for now: add --decode-only \
             (events from a live feed come with the streaming event pipeline)"
        );
    }
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
    let deadline =
        args.duration.map(|secs| Instant::now() + Duration::from_secs_f64(secs.max(0.0)));
    let mut sink = Sink {
        out: BufWriter::new(out),
        buf: Vec::with_capacity(1024),
        decoder: Decoder::new(Options::default()),
        source: String::new(),
        line_no: 0,
        written: 0,
        max_messages: args.max_messages,
    };
    let backoff = Backoff::new(
        Duration::from_millis(args.initial_backoff_ms.max(1)),
        Duration::from_secs(args.max_backoff_secs.max(1)),
    );
    match (&args.tcp, &args.udp) {
        (Some(addr), _) => {
            sink.source = format!("tcp:{addr}");
            listen_tcp(addr, &mut sink, deadline, backoff)?;
        }
        (None, Some(addr)) => {
            sink.source = format!("udp:{addr}");
            listen_udp(addr, &mut sink, deadline)?;
        }
        (None, None) => bail!("give --tcp HOST:PORT or --udp ADDR:PORT"),
    }
    sink.decoder.finish();
    sink.out.flush()?;
    let stats = sink.decoder.stats();
    tracing::info!(
        "{}: {} lines, {} messages, {} rejected",
        sink.source,
        stats.lines,
        stats.messages,
        stats.rejected_total()
    );
    Ok(if sink.written > 0 { Outcome::Found } else { Outcome::NotFound })
}

/// Where framed lines go: decoded, stamped and written.
struct Sink {
    out: BufWriter<Box<dyn Write>>,
    buf: Vec<u8>,
    decoder: Decoder,
    source: String,
    line_no: u64,
    written: u64,
    max_messages: Option<u64>,
}

impl Sink {
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

    fn write(&mut self, mut message: Message) -> io::Result<()> {
        if self.is_done() {
            return Ok(());
        }
        if message.ts.is_none() {
            message.ts = Some(now());
        }
        self.buf.clear();
        write_message(&mut self.buf, &message, &self.source);
        self.out.write_all(&self.buf)?;
        // A live feed is read by someone waiting: flush each message.
        self.out.flush()?;
        self.written += 1;
        Ok(())
    }

    fn is_done(&self) -> bool {
        self.max_messages.is_some_and(|max| self.written >= max)
    }
}

fn now() -> Timestamp {
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
struct Backoff {
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

/// Sleeps `wait` in short steps, returning early at the deadline.
fn sleep_until(wait: Duration, deadline: Option<Instant>) {
    let end = Instant::now() + wait;
    while Instant::now() < end && !past(deadline) {
        std::thread::sleep(POLL.min(end.saturating_duration_since(Instant::now())));
    }
}

fn listen_tcp(
    addr: &str,
    sink: &mut Sink,
    deadline: Option<Instant>,
    mut backoff: Backoff,
) -> anyhow::Result<()> {
    let mut framer = LineFramer::new(vigil_ais::MAX_LINE_LEN + 1);
    let mut chunk = vec![0u8; 64 * 1024];
    let mut connections = 0u64;
    while !sink.is_done() && !past(deadline) {
        let stream = match connect(addr) {
            Ok(stream) => stream,
            Err(err) => {
                let wait = backoff.next_wait();
                tracing::warn!(
                    "{addr}: cannot connect ({err}); retrying in {:.1} s",
                    wait.as_secs_f64()
                );
                sleep_until(wait, deadline);
                continue;
            }
        };
        connections += 1;
        tracing::info!("{addr}: connected (connection {connections})");
        let outcome = read_stream(stream, &mut framer, &mut chunk, sink, deadline);
        framer.flush(&mut |line| sink.push_line(line))?;
        if sink.is_done() || past(deadline) {
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
                sleep_until(wait, deadline);
            }
            Err(err) if is_output_error(&err) => return Err(err).context("cannot write output"),
            Err(err) => {
                let wait = backoff.next_wait();
                tracing::warn!(
                    "{addr}: connection lost ({err}); reconnecting in {:.1} s",
                    wait.as_secs_f64()
                );
                sleep_until(wait, deadline);
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
    sink: &mut Sink,
    deadline: Option<Instant>,
) -> anyhow::Result<Received> {
    stream.set_read_timeout(Some(POLL))?;
    let mut received = Received::Nothing;
    loop {
        if sink.is_done() || past(deadline) {
            return Ok(received);
        }
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

fn listen_udp(addr: &str, sink: &mut Sink, deadline: Option<Instant>) -> anyhow::Result<()> {
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
    while !sink.is_done() && !past(deadline) {
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
