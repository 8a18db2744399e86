//! Helpers shared by the end-to-end tests in `tests/*.rs`: run the built
//! `vigil` binary, check how it exits, find the committed fixtures and read
//! the JSON lines it writes.
//!
//! Each test file is a crate of its own (`mod common;`) and uses only some of
//! these, hence the `dead_code` allowance below.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

/// `$VIGIL_LAND` pointing at nothing: maps and distances from shore are
/// computed without land, so that output does not depend on whether
/// `tools/geo` is installed.
pub const NO_LAND: (&str, &str) = ("VIGIL_LAND", "/nonexistent/land.json");

/// The built `vigil` with `args`, without the caller's `$VIGIL_DB`, so that
/// no test reads or writes a store it did not name.
pub fn command(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_vigil"));
    command.args(args).env_remove("VIGIL_DB");
    command
}

/// Runs `vigil` with `args` to the end.
pub fn vigil(args: &[&str]) -> Output {
    command(args).output().expect("the vigil binary runs")
}

/// Runs `vigil` with `args` and without land (see [`NO_LAND`]).
pub fn vigil_without_land(args: &[&str]) -> Output {
    command(args).env(NO_LAND.0, NO_LAND.1).output().expect("the vigil binary runs")
}

/// Runs `vigil` with `args`, `stdin` on its standard input.
///
/// Only for small inputs: the whole of `stdin` is written before the output
/// is read.
pub fn vigil_with_stdin(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = command(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the vigil binary runs");
    let mut pipe = child.stdin.take().expect("stdin");
    pipe.write_all(stdin).expect("stdin written");
    drop(pipe);
    child.wait_with_output().expect("vigil finishes")
}

/// Runs vigil and checks its exit code, showing its output when it differs;
/// returns (stdout, stderr).
pub fn vigil_expect(args: &[&str], code: i32) -> (String, String) {
    expect_exit(args, &vigil(args), code)
}

/// Checks that `output` (of `vigil args`) exited with `code`, showing it when
/// it did not; returns (stdout, stderr).
pub fn expect_exit(args: &[&str], output: &Output, code: i32) -> (String, String) {
    let (stdout, stderr) = (text(&output.stdout), text(&output.stderr));
    assert_eq!(
        output.status.code(),
        Some(code),
        "vigil {}\n--- stdout\n{stdout}\n--- stderr\n{stderr}",
        args.join(" ")
    );
    (stdout, stderr)
}

/// Bytes a process wrote, as text (invalid UTF-8 replaced).
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The path of a committed file below `tests/fixtures/`.
pub fn fixture(relative: &str) -> String {
    repo_file(&format!("tests/fixtures/{relative}"))
}

/// The path of a committed file of the repository.
pub fn repo_file(relative: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative).display().to_string()
}

/// Every line of `text` parsed as JSON (each must be).
pub fn json_lines(text: impl AsRef<[u8]>) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(text.as_ref())
        .lines()
        .map(|line| serde_json::from_str(line).expect("each line is JSON"))
        .collect()
}

/// A `GET` of `path` from the HTTP server at `addr` (`Connection: close`):
/// the whole response, head and body.
pub fn http_get(addr: &str, path: &str) -> String {
    let mut stream = TcpStream::connect(addr).expect("the server answers");
    stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    response
}

/// Sends SIGTERM to `child` (through `kill`, as std has no signal API).
pub fn sigterm(child: &Child) {
    let pid = child.id().to_string();
    let status = Command::new("kill").args(["-TERM", &pid]).status().expect("kill runs");
    assert!(status.success());
}
